"""Where the seed spread of the number of significant areas comes from: vmgeo against pygeoda, many seeds.

With S seeds the standard deviation of the count is known to about
1/sqrt(2(S-1)) (30% at 7 seeds), too coarse to rank two engines whose spreads
are close. This runs both in-process with many seeds and splits the variance
of the count into the per-area part (how often each area's verdict flips
between seeds, the sum of the areas' Bernoulli variances) and the covariance
between areas. Also the variance of each area's tail count against the
binomial ``P t (1 - t)`` that independent draws give.

    python benchmarks/engine_spread.py [--size 14000] [--permutations 999] [--seeds 24]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=14_000)
    parser.add_argument("--permutations", type=int, default=999)
    parser.add_argument("--seeds", type=int, default=24)
    args = parser.parse_args()

    import pygeoda
    import scipy.sparse as sp

    from benchmarks.voronoi import voronoi_map, write_gal
    from geo.stats import engine

    n, permutations, seeds = args.size, args.permutations, args.seeds
    _, nbrs, y = voronoi_map(n, seed=1)
    indptr = np.r_[0, np.cumsum([len(x) for x in nbrs])]
    indices = np.concatenate([np.array(x, dtype=np.int64) for x in nbrs])
    w = sp.csr_array((np.repeat(1.0 / np.diff(indptr), np.diff(indptr)), indices, indptr), shape=(n, n))
    with tempfile.TemporaryDirectory() as tmp:
        gal = Path(tmp) / "voronoi.gal"
        write_gal(gal, nbrs)
        gw = pygeoda.read_gal(str(gal), [str(i) for i in range(1, n + 1)])

        def geoda(seed: int, threads: int) -> np.ndarray:
            lisa = pygeoda.local_moran(gw, list(map(float, y)), permutations=permutations, cpu_threads=threads,
                                       seed=seed)
            return np.round(np.asarray(lisa.lisa_pvalues()) * (permutations + 1)) - 1  # the smaller tail

        def ours(seed: int) -> np.ndarray:
            r = engine.local_moran(y, w, permutations=permutations, seed=seed)
            return np.minimum(r.greater, r.lesser)

        # pygeoda's seeds far apart: nearby seeds replay the same hash stream shifted by a few draws.
        spaced = [-2_000_000_000 + j * (4_000_000_000 // seeds) for j in range(seeds)]
        runs = {
            "vmgeo": [ours(s) for s in range(seeds)],
            "pygeoda 1 thread": [geoda(s, 1) for s in spaced],
            "pygeoda 2 threads": [geoda(s, 2) for s in spaced],
            "pygeoda seeds 1..S": [geoda(s, 2) for s in range(1, seeds + 1)],
        }
    print(f"{n} areas, {permutations} permutations, {seeds} seeds; significant: two-sided p <= 0.05")
    print(f"  {'':<20} {'mean':>8} {'sd':>6} {'per-area var':>13} {'count var':>10} {'covariance':>11} "
          f"{'tail var / binomial':>20}")
    for name, counts in runs.items():
        c = np.asarray(counts, dtype=float)  # seeds x areas
        significant = (2 * (c + 1) / (permutations + 1) <= 0.05).astype(float)
        per_area = significant.var(axis=0, ddof=1).sum()
        count = significant.sum(axis=1)
        total = count.var(ddof=1)
        t = c.mean(axis=0) / permutations
        informative = (t > 0.005) & (t < 0.3)
        binomial = (c.var(axis=0, ddof=1)[informative].sum()
                    / (permutations * t * (1 - t))[informative].sum())
        print(f"  {name:<20} {count.mean():8.1f} {count.std(ddof=1):6.1f} {per_area:13.1f} {total:10.1f} "
              f"{(total - per_area) / per_area:+11.2f} {binomial:20.2f}")


if __name__ == "__main__":
    main()
