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


@pytest.mark.parametrize("text", ["hexagon", "knn:0", "knn:", "knn:-2", "knn:x", "distance"])
def test_parse_kind_refuses_with_the_choices(text):
    with pytest.raises(OptionError, match=r"queen, rook, knn:K .* distance:METERS"):
        parse_kind(text)


@pytest.mark.parametrize("text, expected", [("distance:1250", ("distance", 1250)),
                                            (" Distance:100 ", ("distance", 100))])
def test_parse_kind_distance_band(text, expected):
    assert parse_kind(text) == expected


@pytest.mark.parametrize("text", ["distance:0", "distance:abc", "distance:", "distance:-5", "distance:1.250",
                                  "distance:12,5"])
def test_bad_distance_band_is_one_line_asking_for_whole_metres(text):
    with pytest.raises(OptionError) as info:
        parse_kind(text)
    line = str(info.value)
    assert repr(text) in line and "distance:1250" in line and "\n" not in line


def grid(nx: int, ny: int, size: float = 100.0, far: tuple[float, float] | None = None) -> gpd.GeoDataFrame:
    """Squares of ``size`` in rows of ``nx``, and one square at ``far`` (lower-left corner) when given."""
    boxes = [shapely.box(i * size, j * size, (i + 1) * size, (j + 1) * size) for j in range(ny) for i in range(nx)]
    if far is not None:
        boxes.append(shapely.box(far[0], far[1], far[0] + size, far[1] + size))
    return gpd.GeoDataFrame({"code": [f"C{i:03d}" for i in range(len(boxes))]}, geometry=boxes, crs="EPSG:28992")


@pytest.mark.parametrize("band", [100, 150, 250, 301])
def test_distance_band_neighbours_are_libpysals(band):
    from libpysal.weights import DistanceBand

    frame = grid(7, 5)
    sw = build(frame, kind=f"distance:{band}")
    coords = np.column_stack([frame.centroid.x, frame.centroid.y])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = DistanceBand(coords, threshold=band, binary=True, silence_warnings=True)
    assert sw.kind == f"distance:{band}" and sw.islands == []
    assert {i: sorted(v) for i, v in sw.w.neighbors.items()} == {i: sorted(v) for i, v in ref.neighbors.items()}
    # 100 m reaches the four squares beside, 150 m the corners too (141 m): rook and queen of a grid.
    if band == 100:
        assert max(sw.w.cardinalities.values()) == 4
    if band == 150:
        assert max(sw.w.cardinalities.values()) == 8


def test_distance_band_statistics_are_esdas():
    """vmgeo's Moran's I and Gi* on a distance band are esda's on libpysal's DistanceBand."""
    from esda.getisord import G_Local
    from esda.moran import Moran
    from libpysal.weights import DistanceBand

    from geo.stats.autocorrelation import global_moran
    from geo.stats.hotspots import gi_star

    frame = grid(8, 6)
    rng = np.random.default_rng(7)
    frame["value"] = rng.poisson(3, len(frame)).astype(float)
    frame.loc[[26, 27, 34, 35], "value"] += 12  # a planted block
    sw = build(frame, kind="distance:150")
    coords = np.column_stack([frame.centroid.x, frame.centroid.y])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref_w = DistanceBand(coords, threshold=150, binary=True, silence_warnings=True)
        ref_moran = Moran(frame["value"].to_numpy(), ref_w, transformation="r", permutations=0)
        ref_gi = G_Local(frame["value"].to_numpy(), ref_w, transform="B", star=True, permutations=0)
    moran = global_moran(frame, "value", weights=sw, permutations=0)
    assert moran.statistic == pytest.approx(ref_moran.I) and moran.z_norm == pytest.approx(ref_moran.z_norm)
    gi = gi_star(frame, "value", weights=sw, permutations=0, inference="normal")
    assert np.allclose(gi["gi_z"], ref_gi.Zs)
    assert set(gi.loc[gi["gi_bin"] == 3, "code"]) >= {"C027", "C035"}


def test_distance_band_islands_are_left_out_never_hot_or_cold():
    from geo.stats.hotspots import gi_star

    frame = grid(6, 5, far=(5000.0, 5000.0))
    frame["value"] = 1.0
    frame.loc[len(frame) - 1, "value"] = 500.0  # the far square has by far the highest value
    frame.loc[[7, 8, 13, 14], "value"] = 9.0
    sw = build(frame, kind="distance:150", islands="attach")  # attach is not honoured across a band
    far = frame["code"].iloc[-1]
    assert sw.islands == [far] and sw.excluded == [far] and sw.attached == {}
    assert sw.island_policy == "exclude" and not sw.analysed[-1] and sw.w.n == len(frame) - 1
    gi = gi_star(frame, "value", weights=sw, permutations=0, inference="normal")
    row = gi.iloc[-1]
    assert row["gi_bin"] == 0 and row["gi_category"] == "island" and np.isnan(row["gi_z"])


def test_distance_band_without_any_neighbour_is_refused():
    with pytest.raises(AnalysisError, match="distance:50"):
        build(grid(4, 4), kind="distance:50")


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


def test_separate_parts_are_libpysals_components_grouped_at_once():
    """A national grid of squares has tens of thousands of separate parts; naming them compared every part's
    label with every area (a minute at 400,000 squares). The parts are still libpysal's components."""
    rng = np.random.default_rng(8)
    # 150 villages of one to four squares in a row, far apart; one town of 100 squares.
    boxes, codes = [], []
    for v in range(150):
        for s in range(int(rng.integers(1, 5))):
            boxes.append(shapely.box(v * 1000 + s * 100, 0, v * 1000 + s * 100 + 100, 100))
            codes.append(f"V{v:03d}S{s}")
    for i in range(10):
        for j in range(10):
            boxes.append(shapely.box(i * 100, 5000 + j * 100, i * 100 + 100, 5100 + j * 100))
            codes.append(f"T{i}{j}")
    frame = gpd.GeoDataFrame({"code": codes}, geometry=boxes, crs="EPSG:28992")
    sw = build(frame, kind="queen", islands="exclude")
    w = sw.w
    kept = np.asarray(codes, dtype=object)[sw.analysed]
    labels = w.component_labels
    values, counts = np.unique(labels, return_counts=True)
    expected = [sorted(kept[labels == v].tolist()) for v in values if v != values[counts.argmax()]]
    assert sw.components == w.n_components > 100
    assert sorted(sw.separate_parts) == sorted(expected)
