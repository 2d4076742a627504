"""Time vmgeo's hot-spot analysis against the same statistics called directly in esda.

The peer is what an analyst would write by hand: libpysal queen weights, then
esda's Moran, Moran_Local and G_Local on the same values with the same number
of permutations. vmgeo does more (island detection and attachment, two-sided
p-values, categories, bins); the ratio says what that costs.

    python benchmarks/bench_hotspots.py [--permutations 999] [--repeat 3]

Reads the real 2023 gemeenten and registered crimes from tests/data.
"""

from __future__ import annotations

import argparse
import time
import warnings
from pathlib import Path

#: The same real extracts the tests use (tests/data/README.md).
TESTDATA = Path(__file__).resolve().parents[1] / "tests" / "data"


def best_of(repeat: int, func) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        func()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--permutations", type=int, default=999)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import esda
    from libpysal.weights import Queen

    import geo

    boundaries = geo.load_boundaries(TESTDATA / "boundaries" / "gemeente_2023_rd.geojson")
    table = geo.read_table(TESTDATA / "cbs" / "gemeenten_brengdelicten2023_bevolking2024.csv")
    prepared = geo.prepare(geo.join(boundaries, table, code_column="nummer"), value="misdaad", population="bevolking")
    frame = prepared.frame
    y = frame["rate"].to_numpy()

    def ours() -> None:
        geo.analyse(prepared, permutations=args.permutations, seed=1)

    def peer() -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            w = Queen.from_dataframe(frame, use_index=False)
            esda.Moran(y, w, permutations=args.permutations)
            esda.Moran_Local(y, w, permutations=args.permutations, seed=1, n_jobs=1)
            esda.G_Local(y, w, transform="B", star=True, permutations=args.permutations, seed=1, n_jobs=1)

    ours()  # warm-up: imports, numba or not
    peer()
    t_ours = best_of(args.repeat, ours)
    t_peer = best_of(args.repeat, peer)
    print(f"areas: {len(frame)}, permutations: {args.permutations}, best of {args.repeat}")
    print(f"vmgeo analyse:     {t_ours:8.3f} s")
    print(f"esda directly:     {t_peer:8.3f} s")
    print(f"ratio vmgeo/esda:  {t_ours / t_peer:8.2f}")


if __name__ == "__main__":
    main()
