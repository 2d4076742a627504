"""Counting N incidents in H3 hexagons (resolutions 8, 9, 10), against h3's ``latlng_to_cell`` + a pandas groupby.

Writes a police export of N incidents (cp1252, ``;``, Dutch headers and
decimal commas: ``bench_incidents.write_export``) over a square of about
75 x 75 km (that of 14,000 buurt-like polygons, benchmarks/synthetic.py),
and runs, per resolution and each in a fresh process so that imports count:

- vmgeo: :func:`geo.hexes.hex_aggregation` on
  :func:`geo.incidents.incident_files` (read in chunks of a million rows,
  checked row by row, projected to longitude/latitude, a cell per point by
  h3's integer API, counted per file), the hexagons drawn back in RD New,
  and the counts written as CSV;
- peer: the same file read in chunks with pandas, projected with pyproj,
  ``h3.latlng_to_cell`` per point (h3's string API, as its documentation
  shows it), ``value_counts`` per chunk and a ``groupby`` over the chunks,
  the counts written as CSV; with ``--peer-shapes`` also the hexagons'
  polygons (``cell_to_boundary``, projected to RD New), which vmgeo makes.

It prints wall time and peak memory (``bench_end_to_end.run``) and the
ratios, and checks that both sides counted the same incidents in the same
hexagons.

    python benchmarks/bench_h3.py [--n 10000000] [--resolutions 8,9,10] [--peer-shapes]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bench_end_to_end import run
from benchmarks.bench_incidents import write_export

OURS = r"""
import sys
from geo.hexes import hex_aggregation
from geo.incidents import incident_files
export, resolution, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
files = incident_files(export, x="X-coördinaat", y="Y-coördinaat")
hex_aggregation(files, resolution=resolution).frame.drop(columns="geometry").to_csv(out, index=False)
"""

PEER = r"""
import sys
import h3, numpy as np, pandas as pd
from pyproj import Transformer
export, resolution, out, shapes = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4] == "1"
to_lonlat = Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True)
counts = []
for chunk in pd.read_csv(export, sep=";", encoding="cp1252", decimal=",", usecols=["X-coördinaat", "Y-coördinaat"],
                         chunksize=1_000_000):
    chunk = chunk.dropna()
    lon, lat = to_lonlat.transform(chunk["X-coördinaat"].to_numpy(), chunk["Y-coördinaat"].to_numpy())
    cells = [h3.latlng_to_cell(a, o, resolution) for a, o in zip(lat.tolist(), lon.tolist())]
    counts.append(pd.Series(cells).value_counts())
total = pd.concat(counts).groupby(level=0).sum().sort_index()
if shapes:
    import geopandas as gpd, shapely
    rings = [[(o, a) for a, o in h3.cell_to_boundary(c)] for c in total.index]
    gpd.GeoDataFrame({"code": total.index}, geometry=shapely.polygons(rings), crs=4326).to_crs(28992)
total.rename("count").rename_axis("code").reset_index().to_csv(out, index=False)
"""


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000_000, help="incidents (default 10 million)")
    parser.add_argument("--resolutions", default="8,9,10", help="H3 resolutions (default 8,9,10)")
    parser.add_argument("--side", type=float, default=75_000.0, help="side of the square in metres (default 75 km)")
    parser.add_argument("--peer-shapes", action="store_true", help="the peer also draws the hexagons in RD New")
    args = parser.parse_args(argv)
    resolutions = [int(r) for r in args.resolutions.split(",") if r.strip()]

    import pandas as pd

    times: dict[str, float] = {}
    same: dict[int, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        export = folder / "export.csv"
        write_export(export, args.n, x0=120_000.0, y0=430_000.0, side=args.side)  # around Utrecht
        for name, script in (("ours", OURS), ("peer", PEER)):
            (folder / f"{name}.py").write_text(script, encoding="utf-8")
        for res in resolutions:
            for name in ("ours", "peer"):
                extra = ["1" if args.peer_shapes else "0"] if name == "peer" else []
                times[f"{name}_{res}"], times[f"{name}_{res}_mb"] = run(
                    [str(folder / f"{name}.py"), str(export), str(res), str(folder / f"{name}_{res}.csv"), *extra])
            ours = pd.read_csv(folder / f"ours_{res}.csv", dtype={"code": str}).set_index("code")["count"]
            peer = pd.read_csv(folder / f"peer_{res}.csv", dtype={"code": str}).set_index("code")["count"]
            both = pd.concat([ours, peer], axis=1, keys=["ours", "peer"]).fillna(0)
            differ = int((both["ours"] != both["peer"]).sum())
            same[res] = (f"{differ} hexagons differ ({len(ours):,} hexagons; vmgeo {int(ours.sum()):,}, peer "
                         f"{int(peer.sum()):,} counted)")
    peer_name = "h3 + pandas groupby" + (" + polygons" if args.peer_shapes else "")
    print(f"incidents: {args.n:,} over {args.side / 1000:.0f} x {args.side / 1000:.0f} km, load average "
          f"{os.getloadavg()[0]:.1f}")
    for res in resolutions:
        ours, peer = times[f"ours_{res}"], times[f"peer_{res}"]
        print(f"H3 resolution {res:2d}: vmgeo {ours:7.1f} s peak {times[f'ours_{res}_mb']:6.0f} MB | {peer_name} "
              f"{peer:7.1f} s peak {times[f'peer_{res}_mb']:6.0f} MB | ratio time {ours / peer:.2f} memory "
              f"{times[f'ours_{res}_mb'] / times[f'peer_{res}_mb']:.2f} | {same[res]}")
    return times


if __name__ == "__main__":
    main()
