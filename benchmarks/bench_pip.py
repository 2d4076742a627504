"""Points per polygon: vmgeo's rasterised point-in-polygon (geo._pip) against geopandas ``sjoin`` + ``groupby``.

N points (half around 12 centres, half even, as benchmarks/bench_incidents.py
places incidents) over 14,000 buurt-like many-vertex polygons
(benchmarks/synthetic.py, about 75 x 75 km), counted each in a fresh
process (imports count; the points are read from a ``.npy`` file, so no
CSV parsing is in the figures):

- vmgeo: :func:`geo._pip.count_in_polygons` (clean cells of a grid by
  arithmetic, GEOS only for the points in cells a border passes through);
- vmgeo's exact test alone (:func:`geo._pip.exact_locate`, GEOS for every
  point: what ``geo.grid.count_in_polygons`` did before);
- peer: geopandas ``sjoin(predicate="within")`` in chunks of a million
  points and ``groupby`` on the polygon codes.

It prints the counting time (inside the process), the whole process's time
and peak memory, the ratios to the peer, and whether the counts agree (vmgeo
and the exact test must agree in every polygon; the join's ``within`` drops
the points on a border, which vmgeo counts in the first polygon).

    python benchmarks/bench_pip.py [--n 10000000] [--polygons 14000]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bench_end_to_end import run

COMMON = r"""
import json, sys, time
import numpy as np, shapely
folder = sys.argv[1]
points = np.load(folder + "/points.npy")
polygons = shapely.from_wkb(np.load(folder + "/polygons.npy", allow_pickle=True))
start = time.perf_counter()
"""

OURS = COMMON + r"""
from geo._pip import count_in_polygons
counts = count_in_polygons(points[0], points[1], polygons)
"""

EXACT = COMMON + r"""
from geo._pip import exact_locate
where = exact_locate(points[0], points[1], polygons)
counts = np.bincount(where[where >= 0], minlength=len(polygons))
"""

PEER = COMMON + r"""
import geopandas as gpd, pandas as pd
frame = gpd.GeoDataFrame({"code": np.arange(len(polygons))}, geometry=polygons, crs=28992)
parts = []
for s in range(0, points.shape[1], 1_000_000):
    chunk = gpd.GeoDataFrame(geometry=gpd.points_from_xy(points[0, s:s + 1_000_000], points[1, s:s + 1_000_000]),
                             crs=28992)
    parts.append(gpd.sjoin(chunk, frame, predicate="within").groupby("code").size())
counts = pd.concat(parts).groupby(level=0).sum().reindex(np.arange(len(polygons)), fill_value=0).to_numpy()
"""

SAVE = r"""
seconds = time.perf_counter() - start
np.save(sys.argv[2] + ".npy", np.asarray(counts, dtype=np.int64))
with open(sys.argv[2] + ".json", "w") as out:
    json.dump({"seconds": seconds}, out)
"""


def make_points(n: int, bounds: np.ndarray, *, seed: int = 1) -> np.ndarray:
    """``2 x n`` coordinates to 0.1 m: half around 12 centres (sd 2 km), half even, clipped inside the bounds."""
    rng = np.random.default_rng(seed)
    x0, y0, x1, y1 = bounds
    side = x1 - x0
    centres = rng.uniform(0.15, 0.85, (12, 2)) * side + (x0, y0)
    around = rng.random(n) < 0.5
    which = rng.integers(0, len(centres), n)
    x = np.where(around, centres[which, 0] + rng.normal(0, 2000, n), rng.uniform(x0, x1, n))
    y = np.where(around, centres[which, 1] + rng.normal(0, 2000, n), rng.uniform(y0, y1, n))
    return np.round(np.vstack([np.clip(x, x0 + 0.05, x1 - 0.05), np.clip(y, y0 + 0.05, y1 - 0.05)]), 1)


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000_000, help="points (default 10 million)")
    parser.add_argument("--polygons", type=int, default=14_000, help="buurt-like polygons (default 14,000)")
    parser.add_argument("--no-exact", action="store_true", help="skip the exact test of every point")
    args = parser.parse_args(argv)

    import shapely

    from benchmarks.synthetic import buurt_like

    buurten = buurt_like(args.polygons)
    polygons = np.asarray(buurten.geometry, dtype=object)
    times: dict[str, float] = {}
    counts: dict[str, np.ndarray] = {}
    sides = [("ours", OURS), ("sjoin", PEER)] + ([] if args.no_exact else [("exact", EXACT)])
    with tempfile.TemporaryDirectory() as tmp:
        np.save(Path(tmp) / "points.npy", make_points(args.n, buurten.total_bounds))
        np.save(Path(tmp) / "polygons.npy", shapely.to_wkb(polygons), allow_pickle=True)
        for name, script in sides:
            path = Path(tmp) / f"{name}.py"
            path.write_text(script + SAVE, encoding="utf-8")
            times[f"{name}_process"], times[f"{name}_mb"] = run([str(path), tmp, str(Path(tmp) / name)])
            times[name] = json.loads((Path(tmp) / f"{name}.json").read_text())["seconds"]
            counts[name] = np.load(Path(tmp) / f"{name}.npy")
    vertices = int(shapely.get_num_coordinates(polygons).sum())
    print(f"points: {args.n:,}, polygons: {args.polygons:,} ({vertices:,} vertices), "
          f"load average {os.getloadavg()[0]:.1f}")
    for name, label in (("ours", "vmgeo geo._pip"), ("exact", "GEOS for every point"),
                        ("sjoin", "geopandas sjoin + groupby")):
        if name in times:
            print(f"{label:>26}: counting {times[name]:7.1f} s | process {times[f'{name}_process']:7.1f} s, "
                  f"peak {times[f'{name}_mb']:6.0f} MB | ratio to sjoin: counting {times[name] / times['sjoin']:.2f}, "
                  f"process {times[f'{name}_process'] / times['sjoin_process']:.2f}")
    if "exact" in counts:
        same = bool((counts["ours"] == counts["exact"]).all())
        print(f"same counts: {'yes' if same else 'NO'} (vmgeo against GEOS for every point)")
    else:
        print("same counts: not checked (--no-exact)")
    on_border = int(counts["ours"].sum() - counts["sjoin"].sum())
    differ = int((counts["ours"] != counts["sjoin"]).sum())
    print(f"against the join: {differ} polygons differ, vmgeo counted {on_border} more points "
          "(on a border: the join's within drops them)")
    return times


if __name__ == "__main__":
    main()
