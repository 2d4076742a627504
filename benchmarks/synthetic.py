"""Buurt-like polygons with realistic, many-vertex boundaries, for map size benchmarks.

Voronoi cells of random points are densified every few metres and their
vertices moved by a smooth, deterministic displacement field, so that borders
wiggle like real buurt borders while neighbours keep sharing them exactly
(a valid coverage). Everything derives from the seed.
"""

from __future__ import annotations

import numpy as np


def buurt_like(n: int, *, seed: int = 1, spacing: float = 8.0):
    """``n`` polygons in RD New over an area of about ``n`` times 0.4 km2, as a GeoDataFrame."""
    import geopandas as gpd
    import shapely

    rng = np.random.default_rng(seed)
    side = np.sqrt(n * 400_000.0)
    x0, y0 = 100_000.0, 400_000.0
    pts = np.c_[rng.uniform(x0, x0 + side, n), rng.uniform(y0, y0 + side, n)]
    box = shapely.box(x0, y0, x0 + side, y0 + side)
    cells = shapely.get_parts(shapely.voronoi_polygons(shapely.MultiPoint(pts), extend_to=box))
    cells = shapely.intersection(cells, box)
    tree = shapely.STRtree(shapely.points(pts))
    order = np.array([tree.query(c, predicate="contains_properly")[0] for c in cells])
    cells = np.asarray(cells)[np.argsort(order)]
    cells = shapely.segmentize(cells, spacing)
    phases = rng.uniform(0, 2 * np.pi, 6)

    def wiggle(coords: np.ndarray) -> np.ndarray:
        x, y = coords[:, 0], coords[:, 1]
        dx = 9 * np.sin(x / 37 + phases[0]) * np.cos(y / 53 + phases[1]) + 4 * np.sin((x + y) / 19 + phases[2])
        dy = 9 * np.cos(x / 41 + phases[3]) * np.sin(y / 47 + phases[4]) + 4 * np.cos((x - y) / 23 + phases[5])
        edge = (np.isclose(x, x0) | np.isclose(x, x0 + side) | np.isclose(y, y0) | np.isclose(y, y0 + side))
        return np.c_[x + np.where(edge, 0, dx), y + np.where(edge, 0, dy)]

    cells = shapely.transform(cells, wiggle)
    # Round only the coordinates (shared vertices round alike), then repair what the wiggle folded.
    cells = shapely.set_precision(cells, 0.01, mode="pointwise")
    cells = shapely.make_valid(cells, method="structure")
    if not shapely.coverage_is_valid(cells):
        cells = shapely.coverage_clean(cells)
    # Buurten of one gemeente lie together, as in reality: group the points into
    # gemeenten of about 40 buurten, and number the buurten within each.
    from scipy.cluster.vq import kmeans2

    _, group = kmeans2(pts, max(1, n // 40), seed=seed, minit="++")
    counters: dict[int, int] = {}
    codes = []
    for g in group:
        counters[int(g)] = counters.get(int(g), 0) + 1
        codes.append(f"BU{5000 + int(g):04d}{counters[int(g)]:04d}")
    return gpd.GeoDataFrame({"code": codes, "name": [f"Synthetische buurt {i}" for i in range(n)]},
                            geometry=cells, crs="EPSG:28992")
