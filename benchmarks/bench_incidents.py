"""Counting N incidents per 100 m CBS square and per buurt polygon, against geopandas ``sjoin`` + ``groupby``.

Writes a police export of N incidents (cp1252, ``;``, Dutch headers and
decimal commas, as :func:`geo.incidents.synthetic_export`) over the square
of 14,000 buurt-like many-vertex polygons (benchmarks/synthetic.py, about
75 x 75 km), and runs, each in a fresh process so that imports count:

- grid, vmgeo: :func:`geo.grid.aggregate_to_grid` on
  :func:`geo.incidents.incident_files` (read in chunks of a million rows;
  squares by floor division) and the counts written as CSV;
- grid, peer: the same file read in chunks with pandas, points with
  geopandas, the 100 m squares over the data's bounding box built by hand,
  ``sjoin(predicate="within")`` and ``groupby``, the counts written as CSV;
- polygons, vmgeo: :func:`geo.incidents.read_incidents` and
  :func:`geo.grid.aggregate_to_polygons`, counting with
  :func:`geo._pip.count_in_polygons` (arithmetic on a grid of cells, GEOS
  only for the points in cells that a border passes through);
- polygons, peer: chunks, ``sjoin`` on the buurten, ``groupby``.

It prints wall time and peak memory (``bench_end_to_end.run``) and the
ratios, and checks that both sides counted the same. Goal (issue 18): at
most 30 s and 2 GB each at 10 million incidents on 2 cores.

    python benchmarks/bench_incidents.py [--n 10000000] [--polygons 14000] [--only grid|polygons]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bench_end_to_end import run

COLUMNS = ("Registratienummer", "X-coördinaat", "Y-coördinaat", "Pleegdatum", "Maatschappelijke klasse")

OURS_GRID = r"""
import sys
from geo.grid import aggregate_to_grid
from geo.incidents import incident_files
export, out = sys.argv[1], sys.argv[2]
files = incident_files(export, x="X-coördinaat", y="Y-coördinaat")
aggregate_to_grid(files, cell=100).drop(columns="geometry").to_csv(out, index=False)
"""

PEER_GRID = r"""
import sys
import geopandas as gpd, numpy as np, pandas as pd, shapely
export, out = sys.argv[1], sys.argv[2]
chunks = pd.read_csv(export, sep=";", encoding="cp1252", decimal=",", usecols=["X-coördinaat", "Y-coördinaat"],
                     chunksize=1_000_000)
grid, counts = None, []
for chunk in chunks:
    chunk = chunk.dropna()
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(chunk["X-coördinaat"], chunk["Y-coördinaat"]), crs=28992)
    if grid is None:  # 100 m squares over the data's extent, aligned to the RD origin, coded as CBS does
        x0, y0 = np.floor(points.total_bounds[:2] / 100) * 100 - 20_000
        x1, y1 = np.ceil(points.total_bounds[2:] / 100) * 100 + 20_000
        gx, gy = np.meshgrid(np.arange(x0, x1, 100), np.arange(y0, y1, 100))
        gx, gy = gx.ravel(), gy.ravel()
        codes = [f"E{int(a) // 100:04d}N{int(b) // 100:04d}" for a, b in zip(gx, gy)]
        grid = gpd.GeoDataFrame({"code": codes}, geometry=shapely.box(gx, gy, gx + 100, gy + 100), crs=28992)
    joined = gpd.sjoin(points, grid, predicate="within")
    counts.append(joined.groupby("code").size())
total = pd.concat(counts).groupby(level=0).sum().sort_index()
total.rename("count").rename_axis("code").reset_index().to_csv(out, index=False)
"""

OURS_POLYGONS = r"""
import sys
import geopandas as gpd
from geo.grid import aggregate_to_polygons
from geo.incidents import read_incidents
export, buurten, out = sys.argv[1], sys.argv[2], sys.argv[3]
incidents = read_incidents(export, x="X-coördinaat", y="Y-coördinaat")
frame = aggregate_to_polygons(incidents, gpd.read_file(buurten), code_column="code")
frame.drop(columns="geometry").to_csv(out, index=False)
"""

PEER_POLYGONS = r"""
import sys
import geopandas as gpd, pandas as pd
export, buurten, out = sys.argv[1], sys.argv[2], sys.argv[3]
polygons = gpd.read_file(buurten)[["code", "geometry"]]
counts = []
for chunk in pd.read_csv(export, sep=";", encoding="cp1252", decimal=",", usecols=["X-coördinaat", "Y-coördinaat"],
                         chunksize=1_000_000):
    chunk = chunk.dropna()
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(chunk["X-coördinaat"], chunk["Y-coördinaat"]), crs=28992)
    counts.append(gpd.sjoin(points, polygons, predicate="within").groupby("code").size())
total = pd.concat(counts).groupby(level=0).sum().reindex(polygons["code"], fill_value=0)
total.rename("count").rename_axis("code").reset_index().to_csv(out, index=False)
"""


def write_export(path: Path, n: int, *, x0: float, y0: float, side: float, seed: int = 1) -> None:
    """N incidents over the square (x0, y0, side): half around 12 centres (sd 2 km), half evenly; dates 2021-2023."""
    import pandas as pd

    rng = np.random.default_rng(seed)
    centres = rng.uniform(0.15, 0.85, (12, 2)) * side + (x0, y0)
    kinds = np.array(["Woninginbraak", "Fietsendiefstal", "Zakkenrollerij", "Geweldsmisdrijven", "Vernieling"])
    with open(path, "w", encoding="cp1252", newline="") as out:
        out.write(";".join(COLUMNS) + "\r\n")
        for start in range(0, n, 1_000_000):
            size = min(1_000_000, n - start)
            around = rng.random(size) < 0.5
            which = rng.integers(0, len(centres), size)
            x = np.where(around, centres[which, 0] + rng.normal(0, 2000, size), rng.uniform(x0, x0 + side, size))
            y = np.where(around, centres[which, 1] + rng.normal(0, 2000, size), rng.uniform(y0, y0 + side, size))
            x, y = np.clip(x, x0 + 0.05, x0 + side - 0.05), np.clip(y, y0 + 0.05, y0 + side - 0.05)
            days = np.datetime64("2021-01-01") + rng.integers(0, 1095, size).astype("timedelta64[D]")

            def dutch(v: np.ndarray) -> pd.Series:
                tenths = np.round(v * 10).astype(np.int64)
                # Never on a 100 m line: a join loses points on a square's border, which would make the
                # comparison of the counts fail for a reason that is not a difference in counting.
                tenths = pd.Series(tenths + (tenths % 1000 == 0))
                return (tenths // 10).astype(str) + "," + (tenths % 10).astype(str)

            pd.DataFrame({"nr": np.arange(start + 1, start + size + 1), "x": dutch(x), "y": dutch(y),
                          "date": pd.Series(days).dt.strftime("%d-%m-%Y"),
                          "type": kinds[rng.integers(0, len(kinds), size)]}).to_csv(
                out, sep=";", header=False, index=False, lineterminator="\r\n")


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000_000, help="incidents (default 10 million)")
    parser.add_argument("--polygons", type=int, default=14_000, help="buurt-like polygons (default 14,000)")
    parser.add_argument("--only", choices=("grid", "polygons"), help="time one target only")
    args = parser.parse_args(argv)
    targets = (args.only,) if args.only else ("grid", "polygons")

    import pandas as pd

    from benchmarks.synthetic import buurt_like

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        buurten = buurt_like(args.polygons)
        buurten[["code", "geometry"]].to_file(folder / "buurten.gpkg", driver="GPKG", engine="pyogrio")
        x0, y0, x1, _ = buurten.total_bounds
        write_export(folder / "export.csv", args.n, x0=x0, y0=y0, side=x1 - x0)
        times: dict[str, float] = {}
        for name, script, extra in (("ours_grid", OURS_GRID, []), ("peer_grid", PEER_GRID, []),
                                    ("ours_polygons", OURS_POLYGONS, [str(folder / "buurten.gpkg")]),
                                    ("peer_polygons", PEER_POLYGONS, [str(folder / "buurten.gpkg")])):
            if name.split("_")[1] not in targets:
                continue
            (folder / f"{name}.py").write_text(script, encoding="utf-8")
            times[name], times[f"{name}_mb"] = run([str(folder / f"{name}.py"), str(folder / "export.csv"), *extra,
                                                    str(folder / f"{name}.csv")])
        same: dict[str, str] = {}
        for target in targets:
            ours = pd.read_csv(folder / f"ours_{target}.csv", dtype={"code": str}).set_index("code")["count"]
            peer = pd.read_csv(folder / f"peer_{target}.csv", dtype={"code": str}).set_index("code")["count"]
            both = pd.concat([ours[ours > 0], peer[peer > 0]], axis=1, keys=["ours", "peer"]).fillna(0)
            differ = int((both["ours"] != both["peer"]).sum())
            same[target] = f"{differ} areas differ (vmgeo {int(ours.sum()):,}, peer {int(peer.sum()):,} counted)"
    print(f"incidents: {args.n:,}, polygons: {args.polygons:,}, load average {os.getloadavg()[0]:.1f}")
    for target, label in (("grid", "100 m CBS squares"), ("polygons", f"{args.polygons:,} polygons")):
        if target not in targets:
            continue
        ours, peer = times[f"ours_{target}"], times[f"peer_{target}"]
        print(f"{label}: vmgeo {ours:7.1f} s peak {times[f'ours_{target}_mb']:6.0f} MB | geopandas sjoin + groupby "
              f"{peer:7.1f} s peak {times[f'peer_{target}_mb']:6.0f} MB | ratio time {ours / peer:.2f} memory "
              f"{times[f'ours_{target}_mb'] / times[f'peer_{target}_mb']:.2f} | {same[target]}")
    if args.n >= 10_000_000:
        met = all(times[f"ours_{t}"] <= 30 and times[f"ours_{t}_mb"] <= 2048 for t in targets)
        print(f"goal: at most 30 s and 2 GB each at 10 million -> {'met' if met else 'not met'}")
    else:
        print("goal applies at 10 million incidents")
    return times


if __name__ == "__main__":
    main()
