"""Threads or processes for the engine: the same chunks on 1 thread, 2 threads and 2 forked processes.

The engine sends large runs to a pool of forked processes (the problem is
inherited by the children, each chunk's counts come back pickled) and small
ones to threads. This forces each way in turn and times them alternately, so
that a change in machine load hits each alike. Results are identical in all
three (checked). "cores busy" is CPU time (parent and children) over wall time.

    python benchmarks/engine_workers.py [--size 14000] [--permutations 2999] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=14_000)
    parser.add_argument("--permutations", type=int, default=2_999)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    import scipy.sparse as sp

    from benchmarks.voronoi import voronoi_map
    from geo.stats import engine

    _, nbrs, y = voronoi_map(args.size, seed=1)
    indptr = np.r_[0, np.cumsum([len(x) for x in nbrs])]
    indices = np.concatenate([np.array(x, dtype=np.int64) for x in nbrs])
    data = np.repeat(1.0 / np.diff(indptr), np.diff(indptr))
    w = sp.csr_array((data, indices, indptr), shape=(args.size, args.size))
    original = engine._parallel

    def threads(func: Callable[[Any], Any], tasks: list[Any], jobs: int, work: int) -> list[Any]:
        return original(func, tasks, jobs, 0)  # below FORK_WORK: threads

    def fork_pool(func: Callable[[Any], Any], tasks: list[Any], jobs: int, work: int) -> list[Any]:
        assert engine._can_fork()
        return original(func, tasks, jobs, engine.FORK_WORK)

    def cpu_seconds() -> float:
        own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime

    def run(kind: str) -> tuple[float, float, np.ndarray]:
        engine._parallel = fork_pool if kind == "2 processes" else threads  # type: ignore[assignment]
        jobs = 1 if kind == "1 thread" else 2
        wall, cpu = time.perf_counter(), cpu_seconds()
        p = engine.local_moran(y, w, permutations=args.permutations, seed=1, n_jobs=jobs).p
        return time.perf_counter() - wall, cpu_seconds() - cpu, p

    kinds = ["1 thread", "2 threads", "2 processes"]
    times: dict[str, list[float]] = {k: [] for k in kinds}
    busy: dict[str, list[float]] = {k: [] for k in kinds}
    reference = None
    for _ in range(args.repeat):
        for kind in kinds:
            wall, cpu, p = run(kind)
            times[kind].append(wall)
            busy[kind].append(cpu / wall)
            if reference is None:
                reference = p
            assert np.array_equal(p, reference, equal_nan=True), kind
    engine._parallel = original  # type: ignore[assignment]
    load = os.getloadavg()[0]
    print(f"{args.size} areas, {args.permutations} permutations, {args.repeat} alternating runs each; "
          f"load average {load:.1f} on {os.cpu_count()} cores")
    base = statistics.median(times["1 thread"])
    for kind in kinds:
        med = statistics.median(times[kind])
        print(f"  {kind:<12} wall median {med:6.2f} s  min {min(times[kind]):6.2f} s  speed-up {base / med:4.2f}  "
              f"cores busy {statistics.median(busy[kind]):4.2f}")


if __name__ == "__main__":
    main()
