"""LISA and Gi* on a wide distance band (what ``--scale auto`` picks on a fine grid): vmgeo's engine against esda.

``vmgeo hotspots --scale auto`` on the demo export (``vmgeo demo --incidents``)
chose 3,660 squares of 100 m and a 600 m distance band: about 113 neighbours a
square. The engine drew those by taking the ``k`` smallest of ``n - 1`` random
keys per draw, ``O(n)`` a draw, and the run took 77 s (now it redraws only the
repeated places, ``O(k log k)``; ``geo.stats.engine._sample_redraw``). This
script builds such a grid (``--side`` by ``--side`` squares of ``--cell``
metres, a planted cluster), the same libpysal ``DistanceBand`` weights for
both, and times, in this process and on one core each:

- vmgeo: ``engine.local_moran`` and ``engine.gi_star`` (999 permutations, each
  area its own draws), the weights converted by ``engine.weights_matrix``;
- vmgeo as before: the same with the keys sampler for every ``k`` above 64;
- the peer: esda ``Moran_Local`` and ``G_Local(star=True)`` with as many
  permutations (``n_jobs=1``; numba if it is installed, said in the output).

and prints the ratios. Nothing here asserts a time.

    python benchmarks/bench_scale.py [--side 60] [--cell 100] [--band 600] [--permutations 999]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def grid(side: int, cell: float, seed: int = 5) -> tuple[Any, Any]:
    """Centres of ``side`` x ``side`` squares and Poisson counts with a planted cluster in one corner."""
    import numpy as np

    rng = np.random.default_rng(seed)
    ix, iy = np.meshgrid(np.arange(side), np.arange(side), indexing="ij")
    xy = np.column_stack([ix.ravel(), iy.ravel()]).astype(float) * cell + cell / 2
    hot = np.hypot(xy[:, 0] - side * cell / 4, xy[:, 1] - side * cell / 4) < side * cell / 10
    return xy, rng.poisson(np.where(hot, 4.0, 1.0)).astype(float)


def timed(func: Callable[[], Any]) -> tuple[float, float, Any]:
    """Wall and CPU seconds of ``func()`` (one thread: on a busy shared host the CPU time is the fair one)."""
    t0, c0 = time.perf_counter(), time.process_time()
    out = func()
    return time.perf_counter() - t0, time.process_time() - c0, out


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--side", type=int, default=60, help="squares along each side (60: 3,600 squares)")
    parser.add_argument("--cell", type=float, default=100.0)
    parser.add_argument("--band", type=float, default=600.0)
    parser.add_argument("--permutations", type=int, default=999)
    parser.add_argument("--no-before", action="store_true", help="skip the old sampler (it takes minutes)")
    args = parser.parse_args(argv)

    import numpy as np
    from esda.getisord import G_Local
    from esda.moran import Moran_Local
    from libpysal.weights import DistanceBand

    from geo.stats import engine

    xy, y = grid(args.side, args.cell)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        w = DistanceBand(xy, threshold=args.band, binary=True, silence_warnings=True)
    k = np.asarray(list(w.cardinalities.values()))
    perms = args.permutations

    def ours() -> tuple[Any, Any]:
        lisa = engine.local_moran(y, engine.weights_matrix(w, "local_moran"), permutations=perms, seed=1, n_jobs=1)
        gi = engine.gi_star(y, engine.weights_matrix(w, "gi_star"), permutations=perms, seed=1, n_jobs=1)
        return lisa, gi

    def peer() -> tuple[Any, Any]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            lisa = Moran_Local(y, w, transformation="r", permutations=perms, seed=1, n_jobs=1)
            gi = G_Local(y, w, transform="B", star=True, permutations=perms, seed=1, n_jobs=1)
        return lisa, gi

    t_ours, c_ours, (lisa, gi) = timed(ours)
    t_before = c_before = float("nan")
    if not args.no_before:
        redraw = engine._sample_redraw
        engine._sample_redraw = engine._sample_keys  # type: ignore[assignment]
        try:
            t_before, c_before, _ = timed(ours)
        finally:
            engine._sample_redraw = redraw  # type: ignore[assignment]
    t_peer, c_peer, (ref_lisa, ref_gi) = timed(peer)
    same = bool(np.allclose(lisa.statistic, ref_lisa.Is) and np.allclose(gi.statistic, ref_gi.Gs))
    numba = "with numba" if importlib.util.find_spec("numba") else "without numba"
    print(f"squares: {len(y)}, distance band {args.band:g} m: neighbours median {int(np.median(k))}, "
          f"max {int(k.max())}; permutations: {perms}; load average {os.getloadavg()[0]:.1f}")
    for label, wall, cpu in (("vmgeo engine (LISA + Gi*)", t_ours, c_ours),
                             ("vmgeo engine as before (keys sampler)", t_before, c_before),
                             (f"esda Moran_Local + G_Local ({numba})", t_peer, c_peer)):
        print(f"    {label:<45} {wall:8.2f} s   CPU {cpu:8.2f} s   (1 core)")
    print(f"ratio time vmgeo/esda: {t_ours / t_peer:.2f} (CPU {c_ours / c_peer:.2f})   vmgeo/before: "
          f"{t_ours / t_before:.2f} (CPU {c_ours / c_before:.2f})   statistics equal to esda's: {same}")
    return {"ours": t_ours, "before": t_before, "peer": t_peer, "ours_cpu": c_ours, "peer_cpu": c_peer}


if __name__ == "__main__":
    main()
