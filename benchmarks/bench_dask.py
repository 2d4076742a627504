"""Counting a partitioned export in process and on a local 2-worker Dask cluster: times, ratio, same results.

Writes N incidents in P partitions (CSV as a police export: cp1252, ``;``,
Dutch headers and decimal commas; ``bench_incidents.write_export``, each
partition its own seed) over 14,000 buurt-like many-vertex polygons
(benchmarks/synthetic.py, about 75 x 75 km), and counts them, each target
in turn, first in this process and then on a ``LocalCluster`` of 2 worker
processes with 1 thread each (started once, before the first job; its
start is printed, not counted). Besides the wall times it prints the CPU
time each side used (in process: this process; on the cluster: the workers
and this process, where the client and the LocalCluster's scheduler run),
which says how much work the cluster adds when a shared machine makes wall
times noisy:

- grid: :func:`geo.grid.grid_aggregation` on the files, 100 m CBS squares;
- polygons: :func:`geo.grid.polygon_aggregation` on the files (the polygons
  are sent to each worker once; each worker builds its point-in-polygon grid);
- hex (with ``--targets``): :func:`geo.hexes.hex_aggregation`, resolution 9;
- scale (with ``--targets``): ``--scale auto`` on the files: only the
  coordinates read (:func:`geo.incidents.read_coordinates`, on the workers),
  :func:`geo.scale.auto` (locational outliers, cell size), then the files
  counted on the chosen squares with the outliers' places left out. Printed
  per phase, with the peak of this process's allocations (tracemalloc: the
  gathered coordinates and the nearest-neighbour work), and the choices must
  be the same in process and on the cluster.

The cluster is given as an address, as ``vmgeo --scheduler`` gives it (a
client connects for each job). Each job is run ``--repeat`` times, in
process and on the cluster in turn, and each time the cluster's frame
(codes and counts) and its ``read`` and ``outside`` must equal the in-process
ones. Goal (issue 18): the cluster within 1.5 x the in-process time.

    python benchmarks/bench_dask.py [--n 10000000] [--parts 10] [--polygons 14000] [--repeat 2]
                                    [--targets grid,polygons]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bench_incidents import write_export

#: The issue's goal: the cluster's time at most this many times the in-process time.
GOAL = 1.5


def _scale_job(files: Any, scheduler: str | None) -> Any:
    """``--scale auto`` on files: coordinates, choices, counts; the phases' times and the allocations' peak."""
    import tracemalloc

    from geo import scale
    from geo.grid import grid_aggregation
    from geo.incidents import read_coordinates

    tracemalloc.start()
    t0 = time.perf_counter()
    seen = read_coordinates(files, scheduler=scheduler)
    t1 = time.perf_counter()
    choice = scale.auto(seen)
    t2 = time.perf_counter()
    del seen
    peak = tracemalloc.get_traced_memory()[1] / 2 ** 20
    tracemalloc.stop()
    agg = grid_aggregation(choice.kept_files(files), cell=int(choice.cell or 0), scheduler=scheduler)
    t3 = time.perf_counter()
    print(f"    scale ({'cluster' if scheduler else 'in process'}): coordinates {t1 - t0:.1f} s, choices "
          f"{t2 - t1:.1f} s ({choice.outliers:,} outliers, {choice.cell} m), counting {t3 - t2:.1f} s; peak of "
          f"this process's allocations until the choice {peak:.0f} MB")
    return agg, choice.report()


def _job(target: str, files: Any, buurten: Any, scheduler: str | None) -> Any:
    from geo.grid import grid_aggregation, polygon_aggregation

    if target == "scale":
        return _scale_job(files, scheduler)
    if target == "grid":
        return grid_aggregation(files, cell=100, scheduler=scheduler)
    if target == "polygons":
        return polygon_aggregation(files, buurten, code_column="code", scheduler=scheduler)
    from geo.hexes import hex_aggregation

    return hex_aggregation(files, resolution=9, scheduler=scheduler)


def _cpu() -> float:
    """CPU seconds (user and system) this process has used."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, tuple):  # --scale auto: the counts and the choices
        return _same(a[0], b[0]) and a[1] == b[1]
    return (a.frame["code"].tolist() == b.frame["code"].tolist()
            and a.frame["count"].tolist() == b.frame["count"].tolist()
            and (a.read, a.outside, a.counted) == (b.read, b.outside, b.counted))


def main(argv: list[str] | None = None) -> dict[str, list[float]]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000_000, help="incidents (default 10 million)")
    parser.add_argument("--parts", type=int, default=10, help="partitions (default 10)")
    parser.add_argument("--polygons", type=int, default=14_000, help="buurt-like polygons (default 14,000)")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each job (default 2: the machine is shared)")
    parser.add_argument("--targets", default="grid,polygons", help="grid, polygons, hex, scale (comma-separated)")
    args = parser.parse_args(argv)
    targets = [t.strip() for t in args.targets.split(",") if t.strip()]

    from distributed import Client, LocalCluster

    from benchmarks.synthetic import buurt_like
    from geo.incidents import incident_files

    times: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "parts"
        folder.mkdir()
        buurten = buurt_like(args.polygons)
        x0, y0, x1, _ = buurten.total_bounds
        start = time.perf_counter()
        for i in range(args.parts):
            size = args.n // args.parts + (i < args.n % args.parts)
            write_export(folder / f"part-{i:03d}.csv", size, x0=x0, y0=y0, side=x1 - x0, seed=1 + i)
        print(f"wrote {args.n:,} incidents in {args.parts} partitions in {time.perf_counter() - start:.1f} s")
        files = incident_files(folder, x="X-coördinaat", y="Y-coördinaat")
        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
            # Only to read the workers' CPU time: the jobs connect by address, as vmgeo --scheduler does.
            client = Client(cluster)
            client.run(lambda: __import__("geo.grid"))  # as a long-lived cluster would have it imported

        def workers_cpu() -> float:
            return float(sum(client.run(_cpu).values()))
        print(f"LocalCluster of 2 worker processes, 1 thread each, started in {time.perf_counter() - start:.1f} s "
              "(not counted)")
        try:
            for run in range(args.repeat):
                for target in targets:
                    start, cpu = time.perf_counter(), _cpu()
                    local = _job(target, files, buurten, None)
                    in_process, local_cpu = time.perf_counter() - start, _cpu() - cpu
                    start, cpu, work = time.perf_counter(), _cpu(), workers_cpu()
                    remote = _job(target, files, buurten, cluster.scheduler_address)
                    on_cluster = time.perf_counter() - start
                    # This process (client, and the LocalCluster's scheduler, which runs here) and the workers.
                    cluster_cpu = _cpu() - cpu + workers_cpu() - work
                    same = _same(local, remote)
                    local = local[0] if isinstance(local, tuple) else local
                    times.setdefault(f"{target}_in_process", []).append(in_process)
                    times.setdefault(f"{target}_cluster", []).append(on_cluster)
                    ratio = on_cluster / in_process
                    print(f"run {run + 1} {target:>8}: in process {in_process:6.1f} s (CPU {local_cpu:5.1f} s) | "
                          f"cluster {on_cluster:6.1f} s (CPU {cluster_cpu:5.1f} s) | "
                          f"ratio {ratio:.2f} ({'within' if ratio <= GOAL else 'NOT within'} {GOAL}x) | "
                          f"same results: {'yes' if same else 'NO'} ({local.counted:,} counted in "
                          f"{len(local.frame):,} areas) | load average {os.getloadavg()[0]:.1f}")
                    if not same:
                        raise SystemExit(f"{target}: the cluster's counts differ from the in-process counts")
        finally:
            client.close()
            cluster.close()
    return times


if __name__ == "__main__":
    main()
