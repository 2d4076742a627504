"""geo._contiguity gives exactly libpysal's queen and rook neighbours, only faster.

Every comparison builds libpysal's weights the way geo/weights.py does
(``Queen``/``Rook.from_dataframe(..., use_index=False)``) and asks for the same
neighbour set per polygon and the same islands.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import MultiPolygon, Point, Polygon, box

import geo
from geo._contiguity import contiguity

CRITERIA = ("queen", "rook")


def libpysal_neighbours(geoms, criterion: str) -> tuple[dict[int, set[int]], list[int]]:
    """libpysal's neighbour sets and islands, built as geo/weights.py builds them."""
    from libpysal.weights import Queen, Rook

    frame = gpd.GeoDataFrame(geometry=list(geoms))
    builder = Queen if criterion == "queen" else Rook
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        w = builder.from_dataframe(frame, use_index=False, silence_warnings=True)
    return {i: set(w.neighbors[i]) for i in w.id_order}, sorted(w.islands)


def assert_same_as_libpysal(geoms, criterion: str) -> None:
    ours = contiguity(geoms, criterion=criterion)
    expected, islands = libpysal_neighbours(geoms, criterion)
    assert list(ours.neighbours) == list(range(len(expected)))
    different = {i: (sorted(ours.neighbours[i]), sorted(expected[i]))
                 for i in expected if set(ours.neighbours[i]) != expected[i]}
    assert not different, f"{len(different)} polygon(s) differ from libpysal, e.g. {list(different.items())[:3]}"
    assert ours.islands == islands
    for i, js in ours.neighbours.items():
        assert js == sorted(set(js)) and i not in js


def libpysal_example(name: str) -> gpd.GeoDataFrame:
    from libpysal import examples

    return gpd.read_file(examples.get_path(name))


# --- real and bundled data ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def gemeenten(gemeenten_rd: Path) -> gpd.GeoDataFrame:
    return geo.load_boundaries(gemeenten_rd).frame


@pytest.mark.parametrize("criterion", CRITERIA)
def test_real_gemeenten_2023(gemeenten, criterion):
    assert_same_as_libpysal(gemeenten.geometry, criterion)
    # The Wadden islands have no neighbours, under either criterion.
    assert len(contiguity(gemeenten.geometry, criterion=criterion).islands) >= 5


@pytest.mark.parametrize("criterion", CRITERIA)
@pytest.mark.parametrize("name", [
    "columbus.shp",          # libpysal's own reference example
    "Polygon_Holes.shp",     # holes and a MultiPolygon
    "sids2.shp",             # North Carolina: MultiPolygons on the coast
    "us48.shp",              # MultiPolygon states, a corner-only pair (Four Corners)
    "vautm17n.shp",          # Virginia: holes (independent cities inside counties)
    "G_utm.shp",             # Georgia: MultiPolygons and holes
    "tokyomet262.shp",       # many MultiPolygons (islands) and holes
    "Chicago77.shp",
    "lattice10x10.shp",      # a regular grid: queen and rook differ at every corner
])
def test_libpysal_examples(name, criterion):
    assert_same_as_libpysal(libpysal_example(name).geometry, criterion)


@pytest.mark.parametrize("criterion", CRITERIA)
def test_buurt_like(criterion):
    from benchmarks.synthetic import buurt_like

    assert_same_as_libpysal(buurt_like(400, seed=3).geometry, criterion)


def test_lattice_queen_and_rook_differ_as_they_should():
    lattice = libpysal_example("lattice10x10.shp").geometry
    queen = contiguity(lattice, criterion="queen").neighbours
    rook = contiguity(lattice, criterion="rook").neighbours
    assert sorted(len(v) for v in rook.values()) == sorted([2] * 4 + [3] * 32 + [4] * 64)
    assert sorted(len(v) for v in queen.values()) == sorted([3] * 4 + [5] * 32 + [8] * 64)


def test_weights_for_esda_are_the_same(gemeenten):
    """The W built from our neighbours has libpysal's sparse matrix, so esda gives identical results."""
    import esda
    from libpysal.weights import Queen

    ours = contiguity(gemeenten.geometry).to_w(silence_warnings=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = Queen.from_dataframe(gemeenten, use_index=False, silence_warnings=True)
        y = np.random.default_rng(5).gamma(2.0, 10.0, len(gemeenten))
        a = esda.Moran_Local(y, ours, permutations=99, seed=11)
        b = esda.Moran_Local(y, theirs, permutations=99, seed=11)
    assert ours.sparse.shape == theirs.sparse.shape and (ours.sparse != theirs.sparse).nnz == 0
    assert np.array_equal(a.Is, b.Is) and np.array_equal(a.p_sim, b.p_sim) and np.array_equal(a.q, b.q)


# --- edge cases -----------------------------------------------------------------------------------------

def both(geoms) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """Queen and rook neighbours, after checking both against libpysal."""
    for criterion in CRITERIA:
        assert_same_as_libpysal(geoms, criterion)
    return contiguity(geoms).neighbours, contiguity(geoms, criterion="rook").neighbours


def test_single_polygon_is_an_island():
    queen, rook = both([box(0, 0, 1, 1)])
    assert queen == rook == {0: []}
    assert contiguity([box(0, 0, 1, 1)]).islands == [0]


def test_empty_input():
    assert contiguity([]).neighbours == {} and contiguity([], criterion="rook").islands == []


def test_corner_touch_is_queen_not_rook():
    queen, rook = both([box(0, 0, 1, 1), box(1, 1, 2, 2)])
    assert queen == {0: [1], 1: [0]}
    assert rook == {0: [], 1: []}


def test_shared_edge_is_both():
    queen, rook = both([box(0, 0, 1, 1), box(1, 0, 2, 1), box(5, 5, 6, 6)])
    assert queen == rook == {0: [1], 1: [0], 2: []}


def test_enclave_sharing_its_ring_with_the_hole():
    inner = box(1, 1, 2, 2)
    outer = Polygon(box(0, 0, 3, 3).exterior.coords, [inner.exterior.coords])
    queen, rook = both([outer, inner])
    assert queen == rook == {0: [1], 1: [0]}


def test_enclave_without_shared_vertices_is_an_island_as_in_libpysal():
    # Touching along the hole's edges but not at the same vertices: libpysal
    # matches vertices, not geometry. An enclave with a vertex in the middle of
    # every side shares the hole's corners but none of its edges: queen, not
    # rook. One that shares no vertex at all is an island under both.
    outer = Polygon(box(0, 0, 3, 3).exterior.coords, [box(1, 1, 2, 2).exterior.coords])
    split_sides = Polygon([(1, 1), (1.5, 1), (2, 1), (2, 1.5), (2, 2), (1.5, 2), (1, 2), (1, 1.5)])
    no_common_vertex = Polygon([(1, 1.2), (2, 1.2), (2, 1.8), (1, 1.8)])
    queen, rook = both([outer, split_sides])
    assert queen == {0: [1], 1: [0]} and rook == {0: [], 1: []}
    queen, rook = both([outer, no_common_vertex])
    assert queen == rook == {0: [], 1: []}


def test_hole_ring_touching_another_polygon():
    # A square with a hole; a second polygon fills the left half of the hole,
    # sharing the hole ring's left edge, and a third touches the hole at one corner.
    outer = Polygon(box(0, 0, 4, 4).exterior.coords, [[(1, 1), (1, 3), (3, 3), (3, 1), (1, 1)]])
    half = Polygon([(1, 1), (2, 1), (2, 3), (1, 3), (1, 1)])
    corner = Polygon([(3, 3), (2.5, 3), (3, 2.5), (3, 3)])
    queen, rook = both([outer, half, corner])
    assert queen == {0: [1, 2], 1: [0], 2: [0]}
    assert rook == {0: [1], 1: [0], 2: []}


def test_multipolygon_parts_and_holes_all_count():
    far = box(10, 0, 11, 1)
    multi = MultiPolygon([box(0, 0, 1, 1), Polygon(far.exterior.coords, [box(10.2, 0.2, 10.8, 0.8).exterior.coords])])
    next_to_far = box(11, 0, 12, 1)
    in_the_hole = box(10.2, 0.2, 10.8, 0.8)
    corner_of_first = box(1, 1, 2, 2)
    queen, rook = both([multi, next_to_far, in_the_hole, corner_of_first])
    assert queen == {0: [1, 2, 3], 1: [0], 2: [0], 3: [0]}
    assert rook == {0: [1, 2], 1: [0], 2: [0], 3: []}


def test_exact_equality_no_tolerance():
    a = box(0, 0, 1, 1)
    b = box(1 + 1e-12, 0, 2, 1)  # a hair's breadth away: libpysal sees no shared vertex
    c = Polygon([(-1, 0), (-0.0, 0), (-0.0, 1), (-1, 1)])  # -0.0 == 0.0, as for Python tuples
    queen, rook = both([a, b, c])
    assert queen == rook == {0: [2], 1: [], 2: [0]}


def test_nan_vertices_match_nothing():
    # NaN != NaN for libpysal's tuples: the NaN corners do not make an edge in common.
    nan = float("nan")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # shapely's "invalid value" on NaN coordinates
        a = Polygon([(0, 0), (1, 0), (nan, nan), (1, 1), (0, 1)])
        b = Polygon([(1, 0), (2, 0), (2, 1), (1, 1), (nan, nan)])
    queen, rook = both([a, b])
    assert queen == {0: [1], 1: [0]} and rook == {0: [], 1: []}


def test_libpysal_rook_quirks_are_kept():
    # libpysal's rook reads a MultiPolygon's rings as one vertex list, so the
    # step from one ring's closing vertex to the next ring's first vertex counts
    # as an edge; two shapes whose rings start at the same two points are rook
    # neighbours although they only touch at two corners. A repeated vertex is
    # a zero-length edge that counts too. vmgeo keeps both, to stay identical.
    first = MultiPolygon([Polygon([(0, 0), (-1, 0), (-1, -1)]), Polygon([(5, 0), (6, 0), (6, 1)])])
    second = MultiPolygon([Polygon([(0, 0), (1, 0), (1, 1)]), Polygon([(5, 0), (4, 0), (4, -1)])])
    repeat_a = Polygon([(20, 0), (20, 0), (21, 0), (21, 1)])
    repeat_b = Polygon([(20, 0), (20, 0), (19, 0), (19, -1)])
    queen, rook = both([first, second, repeat_a, repeat_b])
    assert rook == queen == {0: [1], 1: [0], 2: [3], 3: [2]}


def test_accepts_lists_arrays_and_geoseries():
    geoms = [box(0, 0, 1, 1), box(1, 0, 2, 1), box(2, 0, 3, 1)]
    expected = {0: [1], 1: [0, 2], 2: [1]}
    assert contiguity(geoms).neighbours == expected
    assert contiguity(np.array(geoms, dtype=object)).neighbours == expected
    assert contiguity(gpd.GeoSeries(geoms, index=[7, 3, 5])).neighbours == expected  # positions, not labels
    assert contiguity(iter(geoms)).neighbours == expected


@pytest.mark.parametrize("bad", [Point(0, 0), None, shapely.LineString([(0, 0), (1, 1)])])
def test_rejects_what_is_not_a_polygon(bad):
    with pytest.raises(TypeError, match="Polygons or MultiPolygons"):
        contiguity([box(0, 0, 1, 1), bad])


def test_rejects_an_unknown_criterion():
    with pytest.raises(ValueError, match="queen"):
        contiguity([box(0, 0, 1, 1)], criterion="bishop")  # type: ignore[arg-type]


# --- random shapes on a small grid: many shared, repeated and crossing vertices --------------------------

grid_point = st.tuples(st.integers(0, 4), st.integers(0, 4)).map(lambda p: (float(p[0]), float(p[1])))
ring = st.lists(grid_point, min_size=3, max_size=6)
polygon = st.builds(lambda shell, holes: Polygon(shell, holes), ring, st.lists(ring, max_size=2))
shape = st.one_of(polygon, st.lists(polygon, min_size=2, max_size=3).map(MultiPolygon))


@settings(max_examples=150, deadline=None)
@given(st.lists(shape, min_size=1, max_size=8))
def test_random_grid_shapes_match_libpysal(geoms):
    # Invalid shapes on purpose (self-crossing rings, overlaps, degenerate
    # rings): both sides only read vertices, so they must still agree.
    for criterion in CRITERIA:
        assert_same_as_libpysal(geoms, criterion)


# --- the benchmark --------------------------------------------------------------------------------------

def test_weights_benchmark_runs_small(capsys):
    from benchmarks import bench_weights

    rows = bench_weights.main(["--n", "150"])
    out = capsys.readouterr().out
    assert "ratio vmgeo/libpysal queen n=150" in out and "ratio vmgeo/libpysal rook n=150" in out
    assert all(row["same"] for row in rows)
