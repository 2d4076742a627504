"""'In the Netherlands': vmgeo's 1 km national mask against a point-in-polygon test on the real boundaries.

N points spread evenly over the RD New box of the Netherlands (x 0-300 km,
y 300-630 km: about 43% of them land in the mask), tested

- by vmgeo: :func:`geo.incidents.in_netherlands` (the point's 1 km square
  looked up in geo/data/nl_mask_1km.json; arithmetic only);
- by vmgeo's old check, the box alone (for scale; it lets Aachen through);
- by the peer: shapely ``contains_xy`` on the union of the 342 gemeenten of
  2023 grown by 1 km (tests/data/boundaries/gemeente_2023_rd.geojson), the
  spatial test the mask replaces, on at most ``--peer-n`` points and scaled
  to N.

It prints the seconds per N points and the ratio peer/vmgeo, and how many
points the two call Dutch differently (the mask is the coarser by up to a
square's diagonal, and it holds the Wadden and Zeeland waters the
gemeenten leave out).

    python benchmarks/bench_national_mask.py [--n 10000000] [--peer-n 1000000]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo.incidents import RD_EXTENT, in_netherlands, national_mask

GEMEENTEN = Path(__file__).resolve().parents[1] / "tests" / "data" / "boundaries" / "gemeente_2023_rd.geojson"


def _best(fn: "object", repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000_000)
    parser.add_argument("--peer-n", type=int, default=1_000_000)
    args = parser.parse_args(argv)
    import geopandas as gpd
    import shapely

    rng = np.random.default_rng(1)
    xmin, xmax, ymin, ymax = RD_EXTENT
    x, y = rng.uniform(xmin, xmax, args.n), rng.uniform(ymin, ymax, args.n)
    national_mask()  # read once, as a process reads it for its first chunk
    ours = _best(lambda: in_netherlands(x, y))
    box = _best(lambda: (x >= xmin) & (x < xmax) & (y >= ymin) & (y < ymax))
    land = shapely.union_all(shapely.make_valid(gpd.read_file(GEMEENTEN).geometry.to_numpy())).buffer(1_000)
    shapely.prepare(land)
    m = min(args.n, args.peer_n)
    peer = _best(lambda: shapely.contains_xy(land, x[:m], y[:m]), repeat=1) * args.n / m
    differ = int((in_netherlands(x[:m], y[:m]) != shapely.contains_xy(land, x[:m], y[:m])).sum())
    print(f"{args.n:,} points: vmgeo mask {ours:.3f} s, box only {box:.3f} s, "
          f"peer contains_xy on the gemeenten + 1 km {peer:.2f} s (from {m:,} points)")
    print(f"ratio peer/vmgeo time: {peer / ours:.0f}; points called Dutch differently: {differ:,} of {m:,} "
          f"({100 * differ / m:.1f}%, water the gemeenten leave out and the squares' edges)")
    return {"ours": ours, "box": box, "peer": peer, "differ": differ}


if __name__ == "__main__":
    main()
