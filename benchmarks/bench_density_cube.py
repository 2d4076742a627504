"""A density surface per month of a 12-year cube: time and peak memory, against one full surface per period.

Builds ``--incidents`` points (default 1,000,000) around 60 towns in a
square region of ``--side`` km (default 63: about 400,000 squares of 100 m,
the size of the issue's national grid), dated evenly over 144 months, and
makes the density layer of the cube as ``vmgeo hotspots --interval month``
does (:func:`geo.density.square_density` with slots: one bandwidth, each
month masked by its own incidents, a column per month, a row per square shown
in some month), and writes it as results.gpkg's density layer. The peer is
the obvious way: :func:`geo.density.kernel_density` per month with every
square kept (masked ones included), run for ``--peer-months`` months and
extrapolated to the cube. Each runs in its own process; peak memory is the
process's maximum resident size.

    python benchmarks/bench_density_cube.py [--incidents 1000000] [--side 63] [--peer-months 12]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

X0, Y0 = 120_000.0, 360_000.0  # the region's lower-left corner (RD New): around Eindhoven-Tilburg


def _inputs(n: int, side_km: int, seed: int = 18):  # type: ignore[no-untyped-def]
    import numpy as np

    from geo.incidents import Incidents

    rng = np.random.default_rng(seed)
    side = side_km * 1000.0
    towns = np.column_stack([rng.uniform(X0 + 2000, X0 + side - 2000, 60),
                             rng.uniform(Y0 + 2000, Y0 + side - 2000, 60)])
    which = rng.integers(0, len(towns), n)
    x = np.clip(towns[which, 0] + rng.normal(0, 1200, n), X0, X0 + side - 1)
    y = np.clip(towns[which, 1] + rng.normal(0, 1200, n), Y0, Y0 + side - 1)
    months = rng.integers(0, 144, n)
    dates = (np.datetime64("2012-01", "M") + months).astype("datetime64[D]") + rng.integers(0, 28, n)
    points = Incidents(source="bench", x=x, y=y, dates=dates, types=None, rows=np.arange(2, n + 2), read=n)
    cells = int(side // 100)
    ix, iy = np.meshgrid(np.arange(cells) + int(X0 // 100), np.arange(cells) + int(Y0 // 100), indexing="ij")
    return points, (ix.ravel().astype(np.int64), iy.ravel().astype(np.int64))


def _child(mode: str, n: int, side_km: int, peer_months: int) -> dict[str, float]:
    import numpy as np
    import pandas as pd

    from geo.density import kernel_density, square_density
    from geo.grid import Slots, cell_codes
    from geo.incidents import in_period

    points, squares = _inputs(n, side_km)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if mode == "ours":
            layer = square_density(points, squares, cell=100, slots=Slots.interval("month"), min_count=5)
            rows, periods, bandwidth = len(layer.frame), len(layer.periods), layer.bandwidth
            made = time.perf_counter()
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / "results.gpkg"
                layer.frame[["code", "geometry"]].iloc[:1].to_file(path, layer="hotspots", driver="GPKG",
                                                                   engine="pyogrio")
                _write_density(path, layer.frame)
                size = path.stat().st_size / 1e6
            write, values = time.perf_counter() - made, layer.shown
        else:
            codes = cell_codes(*squares, cell=100)
            h = square_density(points, squares, cell=100, min_count=5).bandwidth
            frames = []
            for m in range(peer_months):
                key = str(np.datetime64("2012-01", "M") + m).replace("-", "MM")
                keep = in_period(points.dates, (key,))
                sub = type(points)(source="bench", x=points.x[keep], y=points.y[keep], dates=None, types=None,
                                   rows=points.rows[keep], read=int(keep.sum()))
                frames.append(kernel_density(sub, cell=100, bandwidth=h, cells=codes, min_count=5).frame
                              .assign(period=key))
            rows, periods, bandwidth = len(pd.concat(frames, ignore_index=True)), peer_months, h
            write = size = 0.0
            values = rows
    seconds = time.perf_counter() - start - write
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "peak_mb": peak, "inputs_mb": before, "rows": rows, "periods": periods,
            "squares": len(squares[0]), "bandwidth": bandwidth, "write": write, "gpkg_mb": size, "values": values}


def _write_density(path: Path, frame) -> None:  # type: ignore[no-untyped-def]
    from geo.outputs import DENSITY_LAYER

    columns = [c for c in frame.columns if str(c).startswith("density_")]
    frame[["code", *columns, "geometry"]].to_file(path, layer=DENSITY_LAYER, driver="GPKG", engine="pyogrio",
                                                  mode="a")


def main(argv: list[str] | None = None) -> dict[str, dict[str, float]]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=1_000_000)
    parser.add_argument("--side", type=int, default=63, help="side of the region in km")
    parser.add_argument("--peer-months", type=int, default=12)
    parser.add_argument("--child", choices=("ours", "peer"))
    args = parser.parse_args(argv)
    if args.child:
        found_child = _child(args.child, args.incidents, args.side, args.peer_months)
        print(json.dumps(found_child))
        return {args.child: found_child}
    found = {}
    for mode in ("ours", "peer"):
        done = subprocess.run([sys.executable, __file__, "--child", mode, "--incidents", str(args.incidents),
                               "--side", str(args.side), "--peer-months", str(args.peer_months)],
                              capture_output=True, text=True, check=True)
        found[mode] = json.loads(done.stdout.strip().splitlines()[-1])
    ours, peer = found["ours"], found["peer"]
    scale = 144 / peer["periods"]
    print(f"{args.incidents:,} incidents, {ours['squares']:,} squares of 100 m, 144 months, "
          f"bandwidth {ours['bandwidth']:.0f} m")
    print(f"ours (a column per month): {ours['seconds']:.1f} s, peak {ours['peak_mb']:.0f} MB "
          f"({ours['inputs_mb']:.0f} MB before), {ours['rows']:,} rows, {ours['values']:,} values shown; "
          f"density layer written in {ours['write']:.1f} s, {ours['gpkg_mb']:.0f} MB")
    print(f"peer (every square, {peer['periods']} months): {peer['seconds']:.1f} s, peak {peer['peak_mb']:.0f} MB, "
          f"{peer['rows']:,} rows; for 144 months about {peer['seconds'] * scale:.0f} s and "
          f"{peer['rows'] * scale:,.0f} rows")
    print(f"ratio of time (peer extrapolated / ours): {peer['seconds'] * scale / ours['seconds']:.2f}")
    return found


if __name__ == "__main__":
    main()
