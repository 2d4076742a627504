"""geo.weights: who neighbours whom, islands attached or left out, the parts of the graph.

The neighbour sets themselves (queen and rook) are geo._contiguity's and are
checked against libpysal in tests/test_contiguity.py; here: what
:func:`geo.weights.build` makes of them.
"""

from __future__ import annotations

import warnings

import geopandas as gpd
import numpy as np
import pytest
import shapely

import geo
from geo.errors import AnalysisError, OptionError
from geo.weights import build, parse_kind

WADDEN = {"GM0060", "GM0088", "GM0093", "GM0096", "GM0448"}  # Ameland, Schiermonnikoog, Terschelling, Vlieland, Texel


@pytest.fixture(scope="module")
def gemeenten(gemeenten_rd):
    return geo.load_boundaries(gemeenten_rd).frame


def squares(xs: list[float]) -> gpd.GeoDataFrame:
    """Unit squares with their left edges at ``xs``: squares 1 apart share an edge, further ones nothing."""
    return gpd.GeoDataFrame({"code": [f"A{i}" for i in range(len(xs))]},
                            geometry=[shapely.box(x, 0, x + 1, 1) for x in xs], crs="EPSG:28992")


@pytest.mark.parametrize("text, expected", [
    ("queen", ("queen", None)), (" Rook ", ("rook", None)), ("knn:6", ("knn", 6)), ("KNN:1", ("knn", 1)),
])
def test_parse_kind(text, expected):
    assert parse_kind(text) == expected


@pytest.mark.parametrize("text", ["hexagon", "knn:0", "knn:", "knn:-2", "knn:x"])
def test_parse_kind_refuses_with_the_choices(text):
    with pytest.raises(OptionError, match="queen, rook of knn:K"):
        parse_kind(text)


def test_wadden_islands_are_attached_to_their_nearest_gemeente(gemeenten):
    sw = build(gemeenten, kind="queen", islands="attach")
    assert set(sw.islands) == WADDEN and set(sw.attached) == WADDEN
    assert sw.attached["GM0448"] == "GM0400"  # Texel -> Den Helder
    assert sw.analysed.all() and sw.excluded == []
    codes = gemeenten["code"].tolist()
    for island, target in sw.attached.items():
        i, j = codes.index(island), codes.index(target)
        assert sw.w.neighbors[i] == [j] and i in sw.w.neighbors[j]  # one link, both ways
    assert min(sw.w.cardinalities.values()) >= 1


def test_wadden_islands_excluded_leave_the_rest_as_libpysal_has_it(gemeenten):
    from libpysal.weights import Queen

    sw = build(gemeenten, kind="queen", islands="exclude")
    assert set(sw.excluded) == WADDEN and sw.attached == {}
    assert sw.w.n == len(gemeenten) - 5 and int((~sw.analysed).sum()) == 5
    mainland = gemeenten[~gemeenten["code"].isin(WADDEN)].reset_index(drop=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = Queen.from_dataframe(mainland, use_index=False, silence_warnings=True)
    assert (sw.w.sparse != ref.sparse).nnz == 0
    # Zeeuws-Vlaanderen and the like are separate parts, named by their codes.
    assert sw.components == ref.n_components and len(sw.separate_parts) == sw.components - 1


def test_knn_is_libpysals_on_representative_points(gemeenten):
    from libpysal.weights import KNN

    sw = build(gemeenten, kind="knn:4")
    points = gemeenten.set_geometry(gemeenten.geometry.representative_point())
    ref = KNN.from_dataframe(points.reset_index(drop=True), k=4, use_index=False)
    assert sw.kind == "knn:4" and sw.islands == []
    assert {i: sorted(v) for i, v in sw.w.neighbors.items()} == {i: sorted(v) for i, v in ref.neighbors.items()}


def test_separate_parts_are_named():
    sw = build(squares([0, 1, 2, 10, 11]), kind="rook")
    assert sw.components == 2 and sw.separate_parts == [["A3", "A4"]]


@pytest.mark.parametrize("frame, options, words", [
    (squares([0, 1]), {}, "maar 2 gebied(en)"),
    (squares([0, 5, 10]), {}, "geen enkel gebied heeft een buur"),
    (squares([0, 1, 5, 10]), {"islands": "exclude"}, "maar 2 gebied(en) over"),
    (squares([0, 1, 2]), {"kind": "knn:3"}, "vraagt meer dan 3 gebieden"),
    (squares([0, 1, 2]), {"islands": "drop"}, "attach of exclude"),
], ids=["two-areas", "all-islands", "exclude-leaves-two", "knn-too-large", "unknown-policy"])
def test_refusals_are_one_clear_line(frame, options, words):
    with pytest.raises((AnalysisError, OptionError)) as info:
        build(frame, **options)
    assert words in str(info.value) and "\n" not in str(info.value)


def test_attach_gives_an_island_one_neighbour_and_never_changes_the_others():
    sw = build(squares([0, 1, 2, 6]), kind="queen")
    assert sw.islands == ["A3"] and sw.attached == {"A3": "A2"}
    assert {i: sorted(v) for i, v in sw.w.neighbors.items()} == {0: [1], 1: [0, 2], 2: [1, 3], 3: [2]}
    assert np.array_equal(sw.analysed, [True] * 4)
