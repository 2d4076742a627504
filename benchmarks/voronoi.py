"""Voronoi maps with a spatially autocorrelated variable, made here from a seed (no downloads).

The cells of ``n`` random points in the unit square, in the order of the
points (so row order says nothing about location), their queen neighbours,
and a value per cell: a smooth field plus independent noise (``signal=0``
gives pure noise). Used by ``bench_engine.py`` and ``tests/test_engine.py``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np


def cells(n: int, *, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Voronoi polygons of ``n`` uniform random points, clipped to the unit square, and the points."""
    import shapely

    rng = np.random.default_rng(seed)
    points = rng.uniform(0.0, 1.0, (n, 2))
    box = shapely.box(0.0, 0.0, 1.0, 1.0)
    polygons = shapely.get_parts(shapely.voronoi_polygons(shapely.MultiPoint(points), extend_to=box))
    polygons = shapely.intersection(polygons, box)
    tree = shapely.STRtree(polygons)
    point_index, polygon_index = tree.query(shapely.points(points), predicate="within")
    order = np.empty(n, dtype=np.int64)
    order[point_index] = polygon_index
    return polygons[order], points


def field(points: np.ndarray, *, seed: int = 1) -> np.ndarray:
    """A smooth surface over the unit square (a few waves of random direction), standardised."""
    rng = np.random.default_rng(seed + 1_000_003)
    x, y = points[:, 0], points[:, 1]
    out = np.zeros(len(points))
    for wavelength in (0.5, 0.25, 0.12):
        angle = rng.uniform(0, np.pi)
        phase = rng.uniform(0, 2 * np.pi)
        out += np.sin(2 * np.pi * (x * np.cos(angle) + y * np.sin(angle)) / wavelength + phase)
    return (out - out.mean()) / out.std()


def neighbours(polygons: np.ndarray) -> list[list[int]]:
    """Queen contiguity (a shared edge or corner) of the polygons, as libpysal computes it."""
    import warnings

    import geopandas as gpd
    from libpysal.weights import Queen

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        w = Queen.from_dataframe(gpd.GeoDataFrame(geometry=polygons), use_index=False, silence_warnings=True)
    return [sorted(int(j) for j in w.neighbors[i]) for i in range(len(polygons))]


def voronoi_map(n: int, *, seed: int = 1, signal: float = 1.0, noise: float = 1.0
                ) -> tuple[np.ndarray, list[list[int]], np.ndarray]:
    """``n`` Voronoi cells, their queen neighbours and a value ``signal * field + noise * N(0, 1)``."""
    polygons, points = cells(n, seed=seed)
    rng = np.random.default_rng(seed + 2_000_003)
    values = signal * field(points, seed=seed) + noise * rng.normal(size=n)
    return polygons, neighbours(polygons), values


def write_gal(path: Path, nbrs: list[list[int]]) -> None:
    """A GAL file with ids 1..n for libpysal, pygeoda (which needs the four-item header) and :func:`read_gal`."""
    with open(path, "w") as f:
        f.write(f"0 {len(nbrs)} voronoi id\n")
        for i, js in enumerate(nbrs):
            f.write(f"{i + 1} {len(js)}\n{' '.join(str(j + 1) for j in js)}\n")


def read_gal(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """CSR ``indptr`` and 0-based ``indices`` of a GAL file written by :func:`write_gal`."""
    lines = Path(path).read_text().splitlines()
    n = int(lines[0].split()[1])
    indptr = np.zeros(n + 1, dtype=np.int64)
    columns: list[np.ndarray] = []
    for i in range(n):
        k = int(lines[1 + 2 * i].split()[1])
        indptr[i + 1] = indptr[i] + k
        columns.append(np.array(lines[2 + 2 * i].split(), dtype=np.int64) - 1 if k else np.zeros(0, np.int64))
    return indptr, np.concatenate(columns) if columns else np.zeros(0, np.int64)
