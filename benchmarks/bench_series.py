"""A series of periods on many areas: where issue 18's 878 s went, old style against new, in one run.

Issue 18 measured a 12-period series on 100,000 squares at 878 s, 63% of it in
``geo.stats.change.count_change`` calling ``scipy.stats.binomtest`` three times
per area (the p-value, and the best p-values any split of the total could give,
for "too few"). This script times, on the same random counts:

- **count_change**: the old style (a Python loop, ``binomtest`` three times per
  area; timed on ``--loop`` areas and scaled to ``--n``, as the loop takes
  minutes) against ``count_change`` on all ``--n`` areas at once (exact binomial
  tails from ``scipy.stats.binom`` arrays); that the p-values are identical is
  checked on the looped areas;
- **Mann-Kendall's tie correction** in the emerging step: the old per-row
  ``np.unique`` loop against ``mann_kendall`` on all rows at once;
- **the emerging step** (space-time Gi* and categories) on ``--n`` x
  ``--periods``, both global windows;
- **weights**: one build of rook contiguity on ``--n`` squares
  (``geo.weights.build``), which a series rebuilds every period today.

    python benchmarks/bench_series.py                  # 100,000 squares, 12 periods
    python benchmarks/bench_series.py --n 2000 --loop 200

Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def counts(n: int, periods: int, seed: int = 1) -> np.ndarray:
    """Counts of ``n`` squares over ``periods``: Poisson around a gamma-distributed rate (many zeros, some dozens)."""
    rng = np.random.default_rng(seed)
    rate = rng.gamma(0.8, 6, n)
    return rng.poisson(rate[:, None] * np.linspace(1.0, 0.6, periods)[None, :]).astype(float)


def old_count_change(a: np.ndarray, b: np.ndarray, alpha: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
    """The old loop: per area binomtest's p, and the best p of the extreme splits (three calls per area)."""
    from scipy.stats import binomtest

    p = np.full(len(a), np.nan)
    too_few = np.zeros(len(a), dtype=bool)
    for i, (x, y) in enumerate(zip(a.astype(int), b.astype(int))):
        n = int(x + y)
        if n == 0:
            too_few[i] = True
            continue
        p[i] = binomtest(int(y), n, 0.5).pvalue
        too_few[i] = min(binomtest(0, n, 0.5).pvalue, binomtest(n, n, 0.5).pvalue) >= alpha
    return p, too_few


def old_ties(x: np.ndarray) -> np.ndarray:
    """The old tie correction of Mann-Kendall's variance: np.unique per row."""
    ties = np.zeros(len(x))
    for r in range(len(x)):
        _, c = np.unique(x[r], return_counts=True)
        c = c[c > 1].astype(float)
        ties[r] = np.sum(c * (c - 1) * (2 * c + 5))
    return ties


def squares(n: int) -> Any:
    """About ``n`` 100 m squares in a block, as a GeoDataFrame (RD New)."""
    import geopandas as gpd
    import shapely

    side = int(np.ceil(np.sqrt(n)))
    ix, iy = np.divmod(np.arange(n), side)
    boxes = shapely.box(ix * 100.0, iy * 100.0, ix * 100.0 + 100, iy * 100.0 + 100)
    return gpd.GeoDataFrame({"code": [f"S{i}" for i in range(n)]}, geometry=boxes, crs="EPSG:28992")


def rook_matrix(n: int) -> Any:
    """The binary rook neighbours of :func:`squares` as a sparse matrix (for the emerging step alone)."""
    from scipy import sparse

    side = int(np.ceil(np.sqrt(n)))
    ix, iy = np.divmod(np.arange(n), side)
    index = {(x, y): i for i, (x, y) in enumerate(zip(ix.tolist(), iy.tolist()))}
    rows, cols = [], []
    for i, (x, y) in enumerate(zip(ix.tolist(), iy.tolist())):
        for j in (index.get((x + 1, y)), index.get((x, y + 1))):
            if j is not None:
                rows += [i, j]
                cols += [j, i]
    return sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))


def timed(fn: Any, *args: Any, **kwargs: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    out = fn(*args, **kwargs)
    return time.perf_counter() - start, out


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="areas (default 100,000)")
    parser.add_argument("--periods", type=int, default=12, help="periods (default 12)")
    parser.add_argument("--loop", type=int, default=3_000, help="areas the old binomtest loop is timed on")
    args = parser.parse_args(argv)

    import scipy.stats  # noqa: F401  (imported before any timing: both sides pay it once)

    from geo import weights as weights_mod
    from geo.stats.change import count_change
    from geo.stats.emerging import emerging_hot_spots, mann_kendall

    y = counts(args.n, args.periods)
    a, b = y[:, -2], y[:, -1]
    # Warm up: the first calls import pandas, geopandas and libpysal, which is not what is measured.
    count_change(a[:50], b[:50])
    weights_mod.build(squares(16), kind="rook")
    loop = min(args.loop, args.n)
    results: dict[str, float] = {}

    t_old, (p_old, few_old) = timed(old_count_change, a[:loop], b[:loop])
    t_new, table = timed(count_change, a, b)
    p_new = table["p"].to_numpy()[:loop]
    same = np.allclose(p_new, p_old, rtol=1e-12, equal_nan=True)
    same_few = bool(((table["direction"].to_numpy()[:loop] == "too_few") == few_old).all())
    results["change_old"] = t_old / loop * args.n
    results["change_new"] = t_new
    print(f"count_change, {args.n:,} areas: old loop (binomtest x3 per area) {t_old / loop * 1000:.2f} ms an area, "
          f"{results['change_old']:.1f} s for all (scaled from {loop:,}); vectorised {t_new:.2f} s; "
          f"ratio new/old {t_new / results['change_old']:.4f}; identical p on the looped areas: {same}, "
          f"identical too_few: {same_few}")

    rows = min(args.n, 20_000)
    t_ties_old, ties = timed(old_ties, y[:rows])
    t_mk, mk = timed(mann_kendall, y[:rows])
    var = (args.periods * (args.periods - 1) * (2 * args.periods + 5) - ties) / 18
    results["ties_old"], results["mann_kendall"] = t_ties_old, t_mk
    print(f"Mann-Kendall on {rows:,} series: old per-row tie loop alone {t_ties_old:.2f} s; whole test now "
          f"{t_mk:.2f} s (ratio {t_mk / t_ties_old:.3f}); same variance: "
          f"{bool(np.allclose(var, mk.var_s, atol=1e-9))}")

    w = rook_matrix(args.n)
    for window in ("step", "cube"):
        t_em, found = timed(emerging_hot_spots, y, weights=w, window=window)
        results[f"emerging_{window}"] = t_em
        cold = int(found.areas["category"].str.endswith("_cold").sum())
        print(f"emerging hot spots, {args.n:,} x {args.periods}, window {window}: {t_em:.2f} s ({cold:,} cold)")

    frame = squares(args.n)
    t_w, _ = timed(weights_mod.build, frame, kind="rook")
    results["weights"] = t_w
    print(f"rook weights of {args.n:,} squares: {t_w:.2f} s once, {t_w * args.periods:.1f} s when rebuilt for each "
          f"of {args.periods} periods (ratio once/per period {1 / args.periods:.3f})")
    return results


if __name__ == "__main__":
    main()
