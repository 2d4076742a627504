"""The rasterised point-in-polygon (geo._pip) against GEOS's test of every point and geopandas' sjoin.

Exactness is what matters: a point in a clean cell is placed by arithmetic,
so every test compares the polygon of *each point* (not only the counts)
with the exact test, on points where it is hardest: on vertices and edges,
on shared borders, in holes, in the parts of multipolygons, near the grid's
lines, and outside everything.
"""

from __future__ import annotations

import pickle

import geopandas as gpd
import numpy as np
import pytest
import shapely

from geo import _pip, grid


def sjoin_counts(x, y, polygons) -> np.ndarray:
    """geopandas' join (covered_by: in or on the polygon), each point in its first polygon, counted per polygon."""
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(x, y), crs=28992)
    frame = gpd.GeoDataFrame(geometry=list(polygons), crs=28992)
    joined = gpd.sjoin(points, frame, predicate="covered_by").reset_index()
    first = joined.sort_values(["index", "index_right"]).drop_duplicates("index")
    return np.bincount(first["index_right"].to_numpy(), minlength=len(polygons))


def hard_points(polygons, n_random: int, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Random points over (and beyond) the polygons, every vertex, edge midpoints and points a hair off them."""
    rng = np.random.default_rng(seed)
    x0, y0, x1, y1 = shapely.total_bounds(polygons)
    wx, wy = x1 - x0, y1 - y0
    rx = rng.uniform(x0 - 0.1 * wx, x1 + 0.1 * wx, n_random)
    ry = rng.uniform(y0 - 0.1 * wy, y1 + 0.1 * wy, n_random)
    coords, ring = shapely.get_coordinates(shapely.get_parts(shapely.boundary(polygons)), return_index=True)
    take = rng.choice(len(coords), min(len(coords), 3000), replace=False)
    vertices = coords[take]
    edge = take[(take + 1 < len(coords))]
    edge = edge[ring[edge] == ring[edge + 1]]
    middles = (coords[edge] + coords[edge + 1]) / 2
    hair = vertices + rng.choice([-1e-7, 1e-7, 1e-9], size=vertices.shape)
    far = np.array([[x0 - 10 * wx, y0], [x1 + 1e6, y1 + 1e6], [x0, y0 - 5 * wy]])
    xs = np.concatenate([rx, vertices[:, 0], middles[:, 0], hair[:, 0], far[:, 0]])
    ys = np.concatenate([ry, vertices[:, 1], middles[:, 1], hair[:, 1], far[:, 1]])
    return xs, ys


def assert_same_as_exact(x, y, polygons):
    where = _pip.locate(x, y, polygons)
    exact = _pip.exact_locate(x, y, polygons)
    wrong = np.flatnonzero(where != exact)
    assert len(wrong) == 0, f"{len(wrong)} points placed differently, e.g. {[(x[i], y[i]) for i in wrong[:3]]}"
    counts = _pip.count_in_polygons(x, y, polygons)
    assert counts.tolist() == grid.count_in_polygons(x, y, polygons).tolist()
    return counts


@pytest.fixture(scope="module")
def gemeenten(testdata):
    frame = gpd.read_file(testdata / "boundaries" / "gemeente_2023_rd.geojson")
    return np.asarray(frame.geometry, dtype=object)


def test_real_gemeenten_every_point_as_the_exact_test_and_sjoin(gemeenten):
    """342 gemeenten (islands as multipolygon parts, shared borders), random points, vertices and edge points."""
    assert (shapely.get_type_id(gemeenten) == 6).any(), "the fixture should hold multipolygons"
    x, y = hard_points(gemeenten, 40_000)
    counts = assert_same_as_exact(x, y, gemeenten)
    assert counts.tolist() == sjoin_counts(x, y, gemeenten).tolist()
    # Not a vacuous comparison: most of the random points were placed by arithmetic, not by GEOS.
    grid_ = _pip._Grid.over(gemeenten)
    regions, _ = grid_.regions(gemeenten)
    col, row, on = grid_.cells(x, y)
    assert (regions[row[on], col[on]] > 0).mean() > 0.5
    assert 0 < counts.sum() < len(x)


def test_holes_multipolygons_shared_and_overlapping_borders():
    """Hand-made: a square with a hole, a polygon in the hole, a two-part multipolygon, an overlap (first wins)."""
    outer = shapely.Polygon([(0, 0), (1000, 0), (1000, 1000), (0, 1000)], holes=[[(300, 300), (700, 300),
                                                                                    (700, 700), (300, 700)]])
    island = shapely.box(300, 300, 700, 700)  # fills the hole exactly: shares its border
    parts = shapely.MultiPolygon([shapely.box(1000, 0, 1500, 400), shapely.box(1200, 600, 1500, 1000)])
    overlap = shapely.box(1300, 100, 1800, 300)  # overlaps the multipolygon's first part: those points are in it
    polygons = np.array([outer, island, parts, overlap, None, shapely.Polygon()], dtype=object)
    x = np.array([10.0, 500.0, 300.0, 700.0, 500.0, 1000.0, 1000.0, 1400.0, 1600.0, 1100.0, 1900.0, 0.0, -1.0,
                  1200.0, 1350.0])
    y = np.array([10.0, 500.0, 500.0, 700.0, 300.0, 200.0, 1000.0, 200.0, 200.0, 500.0, 200.0, 0.0, 0.0,
                  800.0, 1000.0])
    where = _pip.locate(x, y, polygons)
    # On the hole's border: the outer ring's polygon comes first. (1000, 200) lies on outer and parts: outer.
    assert where.tolist() == [0, 1, 0, 0, 0, 0, 0, 2, 3, -1, -1, 0, -1, 2, 2]
    assert _pip.count_in_polygons(x, y, polygons).tolist() == [7, 1, 3, 1, 0, 0]
    assert where.tolist() == _pip.exact_locate(x, y, polygons).tolist()
    rng = np.random.default_rng(5)
    rx, ry = rng.uniform(-100, 1900, 30_000).round(0), rng.uniform(-100, 1100, 30_000).round(0)
    counts = assert_same_as_exact(rx, ry, polygons)
    assert counts.tolist() == sjoin_counts(rx, ry, polygons).tolist()


def test_a_small_job_gets_a_small_grid_or_none(gemeenten):
    """Few points: a coarser grid (cells per point), or no grid at all below a quarter point per vertex."""
    x, y = hard_points(gemeenten, 500, seed=9)
    vertices = int(shapely.get_num_coordinates(gemeenten).sum())
    assert _pip.Locator(gemeenten, points=vertices // 8).grid is None
    small = _pip.Locator(gemeenten, points=len(x)).grid
    assert small is not None and small.nx * small.ny <= 2 * _pip.MIN_CELLS
    assert small.size > _pip.Locator(gemeenten).grid.size
    exact = _pip.exact_locate(x, y, gemeenten)
    assert _pip.locate(x[:100], y[:100], gemeenten).tolist() == exact[:100].tolist()
    assert _pip.locate(x, y, gemeenten).tolist() == exact.tolist()


def test_locator_built_once_counts_chunks_as_the_whole(gemeenten):
    """A file read in chunks (or partitions on Dask workers): one grid, counts added chunk by chunk."""
    x, y = hard_points(gemeenten, 20_000, seed=7)
    locator = _pip.Locator(gemeenten)
    parts = sum(locator.count(x[s:s + 5_000], y[s:s + 5_000]) for s in range(0, len(x), 5_000))
    assert parts.tolist() == grid.count_in_polygons(x, y, gemeenten).tolist()
    sent = pickle.loads(pickle.dumps(locator))  # as a Dask worker would receive it
    assert sent.locate(x, y).tolist() == _pip.exact_locate(x, y, gemeenten).tolist()


@pytest.mark.parametrize("cell", [1.0, 7.0, 250.0, 5000.0])
def test_any_cell_size_gives_the_exact_answer(monkeypatch, gemeenten, cell):
    """Fine cells (long edges cut into pieces), coarse ones (nearly everything on a border): the same answer."""
    monkeypatch.setattr(_pip, "CELL", cell)
    monkeypatch.setattr(_pip, "MIN_CELLS", _pip.MAX_CELLS)  # the finest grid, not one sized to the few points
    some = gemeenten[:40]
    x, y = hard_points(some, 8_000, seed=int(cell))
    assert_same_as_exact(x, y, some)


def test_points_on_grid_lines_and_odd_inputs(monkeypatch):
    """Points exactly on cell lines next to a border a hair away; NaN; no points; no polygons."""
    monkeypatch.setattr(_pip, "CELL", 10.0)
    # A border 1e-6 m and 1e-9 m east of the grid line x = 100 (the grid's lines lie on whole multiples of 10).
    polygons = np.array([shapely.box(100.000001, 0, 200, 100), shapely.box(0, 0, 100.000000001, 100),
                         shapely.box(-50, -50, 250, 150)], dtype=object)
    x = np.array([100.0, 100.0000005, 100.0000011, 99.9999999, 100.0, np.nan, 150.0])
    y = np.array([50.0, 50.0, 50.0, 50.0, 100.0, 50.0, np.nan])
    assert _pip.locate(x, y, polygons).tolist() == _pip.exact_locate(x, y, polygons).tolist()
    assert _pip.locate(x, y, polygons)[:5].tolist() == [1, 2, 0, 1, 1]
    # A line covers the points on it only: not an area, so everything goes to the exact test.
    mixed = np.array([shapely.LineString([(0, 50), (300, 50)]), *polygons], dtype=object)
    assert _pip.locate(x, y, mixed).tolist() == _pip.exact_locate(x, y, mixed).tolist()
    assert _pip.locate(x, y, mixed)[:4].tolist() == [0, 0, 0, 0]
    empty = np.zeros(0)
    assert _pip.count_in_polygons(empty, empty, polygons).tolist() == [0, 0, 0]
    assert _pip.count_in_polygons(x, y, np.array([], dtype=object)).tolist() == []
    assert _pip.count_in_polygons(x, y, np.array([None], dtype=object)).tolist() == [0]


def test_buurt_like_coverage(monkeypatch):
    """Many-vertex buurt-like borders (as in the benchmark): every point as the exact test, counts as sjoin."""
    from benchmarks.synthetic import buurt_like

    polygons = np.asarray(buurt_like(60).geometry, dtype=object)
    x, y = hard_points(polygons, 30_000, seed=3)
    x, y = np.round(x, 1), np.round(y, 1)
    counts = assert_same_as_exact(x, y, polygons)
    assert counts.tolist() == sjoin_counts(x, y, polygons).tolist()


def test_benchmark_runs_small(capsys):
    from benchmarks import bench_pip

    result = bench_pip.main(["--n", "20000", "--polygons", "200"])
    out = capsys.readouterr().out
    assert "same counts: yes" in out and result["ours"] > 0 and result["sjoin"] > 0
