"""Local Moran permutation inference: vmgeo's engine against esda and pygeoda (GeoDa), each run in a fresh process.

For every map size and number of permutations, each tool runs once per seed
in its own child process, so imports and any run-time compilation count:

- ``vmgeo``: ``geo.stats.engine.local_moran`` (both cores, the default);
- ``esda``: ``esda.Moran_Local(y, w, n_jobs=1)`` as an analyst calls it
  (keeping the simulations, as vmgeo did until now), two-sided p from them;
- ``esda+numba`` and ``vmgeo+numba``: the same in a second environment that
  has numba installed (``--numba-python``); without it they are not measured;
- ``pygeoda``: ``pygeoda.local_moran(..., cpu_threads=2)``, GeoDa's engine.

All read the same queen contiguity (a GAL file) and values of Voronoi cells
with a spatially autocorrelated variable (a smooth field plus noise), made
here from a seed. Reported per tool: the whole child process's wall time
(median over seeds), the time of the statistic call alone, the peak memory
(max RSS of the child), and the mean and standard deviation over seeds of the
number of areas with two-sided p <= 0.05 (GeoDa's folded one-sided p is
doubled). Then the ratios and the goals.

pygeoda's seeds are 500,000,000 apart: GeoDa's random numbers are a hash of
the seed plus a counter, so nearby seeds replay the same stream shifted by a
few draws (seeds 1..7 would give almost the same p-values and hide the spread).

    python benchmarks/bench_engine.py                      # 350, 3,500, 14,000 areas; 999 and 9,999; 7 seeds
    python benchmarks/bench_engine.py --numba-python /tmp/venv-numba/bin/python
    python benchmarks/bench_engine.py --sizes 300 --permutations 99 --seeds 3   # a few seconds

Goals (at 14,000 areas): at 9,999 permutations the whole process no slower
than pygeoda and at most 1 GB; at 99,999 permutations under 2 GB; seed spread
at most 1.5 times pygeoda's; with numba installed vmgeo within 10% of its time
without it. Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

MAP_SEED = 1
PYGEODA_SEEDS_APART = 500_000_000
GB = 1024.0


# --------------------------------------------------------------------------------------------
# Child: one tool, one seed, in a fresh process
# --------------------------------------------------------------------------------------------


def child(tool: str, gal: Path, values: Path, permutations: int, seed: int, result: Path) -> None:
    import warnings

    warnings.simplefilter("ignore")
    start = time.perf_counter()
    y = np.load(values)
    n = len(y)
    if tool == "vmgeo":
        import scipy.sparse as sp

        from benchmarks.voronoi import read_gal
        from geo.stats import engine

        indptr, indices = read_gal(gal)
        cardinality = np.diff(indptr)
        data = np.repeat(1.0 / np.maximum(cardinality, 1), cardinality)
        w = sp.csr_array((data, indices, indptr), shape=(n, n))
        loaded = time.perf_counter()
        p = engine.local_moran(y, w, permutations=permutations, seed=seed).p
    elif tool == "esda":
        import esda
        import libpysal

        wl = libpysal.io.open(str(gal)).read()
        loaded = time.perf_counter()
        lisa = esda.Moran_Local(y, wl, transformation="r", permutations=permutations, seed=seed, n_jobs=1)
        sims = np.asarray(lisa.rlisas)
        greater = (sims >= lisa.Is[:, None]).sum(axis=1)
        lesser = (sims <= lisa.Is[:, None]).sum(axis=1)
        p = np.minimum(1.0, 2.0 * (np.minimum(greater, lesser) + 1) / (permutations + 1))
    elif tool == "pygeoda":
        import pygeoda

        wg = pygeoda.read_gal(str(gal), [str(i) for i in range(1, n + 1)])
        loaded = time.perf_counter()
        lisa = pygeoda.local_moran(wg, list(map(float, y)), permutations=permutations, cpu_threads=2, seed=seed)
        p = np.minimum(1.0, 2.0 * np.asarray(lisa.lisa_pvalues()))
    else:
        raise SystemExit(f"unknown tool {tool}")
    done = time.perf_counter()
    result.write_text(json.dumps({
        "load": loaded - start, "stat": done - loaded, "significant": int((p <= 0.05).sum()), "n": n,
        "numba_imported": "numba" in sys.modules, "peak_mb": peak_rss_mb(),
    }))


def peak_rss_mb() -> float:
    """Peak resident memory of this process and the workers it forked, in MB.

    This process's own peak is its VmHWM, read here: the rusage of a child
    would also count the benchmark's memory, which Linux carries over as the
    child's peak through fork and exec. The engine forks two workers for
    large runs; each one's peak (the largest, from rusage) is added twice.
    That is an upper bound: pages a worker shares with its parent through
    fork count again in the worker.
    """
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            own = int(line.split()[1]) / 1024.0
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0
    return own + 2 * workers if workers else own


# --------------------------------------------------------------------------------------------
# Parent
# --------------------------------------------------------------------------------------------


@dataclass
class Run:
    size: int
    permutations: int
    tool: str
    seed: int
    wall: float
    load: float
    stat: float
    peak_mb: float
    significant: int


def run_child(python: str, tool: str, gal: Path, values: Path, permutations: int, seed: int,
              workdir: Path) -> tuple[float, dict[str, float]]:
    """Wall time and the child's own report (times, peak memory, significant areas)."""
    result = workdir / f"result-{os.getpid()}.json"
    result.unlink(missing_ok=True)
    log = workdir / "child.log"
    name = tool.removesuffix("+numba")
    cmd = [python, str(Path(__file__).resolve()), "--child", name, "--gal", str(gal), "--values", str(values),
           "--child-permutations", str(permutations), "--seed", str(seed), "--result", str(result)]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    with open(log, "w") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=env, cwd=REPO)
        _, status, _ = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{tool} failed ({proc.returncode}): {log.read_text()[-2000:]}")
    return wall, json.loads(result.read_text())


def seed_for(tool: str, j: int, seeds: int = 7) -> int:
    """The ``j``-th of ``seeds`` seeds of ``tool``.

    pygeoda takes a C int: up to 8 seeds are 500,000,000 apart from
    -1,500,000,000 (the published figures used the first 7); more would
    overflow it, so they share the whole int range evenly.
    """
    if tool == "pygeoda":
        if seeds <= 8:
            return -1_500_000_000 + j * PYGEODA_SEEDS_APART
        return -(2**31 - 1) + j * ((2**32 - 2) // seeds)
    return 1 + j


def prepare(size: int, workdir: Path) -> tuple[Path, Path, float]:
    from benchmarks.voronoi import voronoi_map, write_gal

    _, nbrs, values = voronoi_map(size, seed=MAP_SEED)
    gal = workdir / f"voronoi{size}.gal"
    path = workdir / f"voronoi{size}.npy"
    write_gal(gal, nbrs)
    np.save(path, values)
    return gal, path, float(np.mean([len(x) for x in nbrs]))


def summarise(runs: list[Run], tool: str, size: int, permutations: int) -> dict[str, float] | None:
    mine = [r for r in runs if r.tool == tool and r.size == size and r.permutations == permutations]
    if not mine:
        return None
    counts = [r.significant for r in mine]
    return {
        "wall": statistics.median(r.wall for r in mine),
        "stat": statistics.median(r.stat for r in mine),
        "peak": max(r.peak_mb for r in mine),
        "mean": float(np.mean(counts)),
        "sd": float(np.std(counts, ddof=1)) if len(counts) > 1 else float("nan"),
        "seeds": len(mine),
    }


def ratio(a: float | None, b: float | None) -> str:
    if a is None or b is None or b == 0 or not np.isfinite(a) or not np.isfinite(b):
        return "n/a"
    return f"{a / b:.2f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[350, 3_500, 14_000])
    parser.add_argument("--permutations", type=int, nargs="+", default=[999, 9_999])
    parser.add_argument("--seeds", type=int, default=7)
    parser.add_argument("--big-size", type=int, default=14_000, help="size of the extra run (only if in --sizes)")
    parser.add_argument("--big-permutations", type=int, default=99_999)
    parser.add_argument("--numba-python", help="python of an environment with vmgeo and numba installed")
    parser.add_argument("--numba-seeds", type=int, help="seeds for esda+numba (default --seeds): each run compiles")
    parser.add_argument("--tools", nargs="+", default=["vmgeo", "esda", "pygeoda"])
    parser.add_argument("--workdir", type=Path)
    # child mode
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--gal", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--values", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child-permutations", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--seed", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.gal, args.values, args.child_permutations, args.seed, args.result)
        return 0

    tools = list(args.tools)
    if args.numba_python:
        tools += [f"{t}+numba" for t in ("vmgeo", "esda") if t in args.tools]
    with tempfile.TemporaryDirectory(prefix="vmgeo-bench-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        runs: list[Run] = []
        print(f"cores: {len(os.sched_getaffinity(0))}, seeds: {args.seeds}, python: {sys.version.split()[0]}, "
              f"load average at start: {os.getloadavg()[0]:.1f}")
        for size in args.sizes:
            gal, values, mean_k = prepare(size, workdir)
            print(f"\n{size} Voronoi cells, {mean_k:.2f} queen neighbours on average", flush=True)
            for permutations in args.permutations:
                # Seeds outermost and tools innermost: a change in machine load hits every tool alike.
                for j in range(args.seeds):
                    for tool in tools:
                        if tool == "esda+numba" and args.numba_seeds is not None and j >= args.numba_seeds:
                            continue
                        python = args.numba_python if tool.endswith("+numba") else sys.executable
                        seed = seed_for(tool, j, args.seeds)
                        wall, report = run_child(python, tool, gal, values, permutations, seed, workdir)
                        runs.append(Run(size, permutations, tool, seed, wall, report["load"], report["stat"],
                                        report["peak_mb"], int(report["significant"])))
                print_block(runs, tools, size, permutations)
            if size == args.big_size and args.big_permutations and "vmgeo" in tools:
                wall, report = run_child(sys.executable, "vmgeo", gal, values, args.big_permutations, 1, workdir)
                peak = report["peak_mb"]
                runs.append(Run(size, args.big_permutations, "vmgeo", 1, wall, report["load"], report["stat"], peak,
                                int(report["significant"])))
                print(f"  vmgeo at {args.big_permutations:,} permutations: {wall:.1f} s, peak {peak:,.0f} MB "
                      f"({'under' if peak < 2 * GB else 'NOT under'} 2 GB), {report['significant']} significant")
        print(f"\nload average at end: {os.getloadavg()[0]:.1f} (other work on the machine slows every tool alike)")
        if not args.numba_python:
            print("esda with numba: not measured (pass --numba-python)")
        print_goals(runs, tools, args)
    return 0


def print_block(runs: list[Run], tools: list[str], size: int, permutations: int) -> None:
    print(f"  {permutations:,} permutations")
    print(f"    {'tool':<12} {'process s':>9} {'stat s':>8} {'peak MB':>8}  significant (mean, sd over seeds)")
    stats = {t: summarise(runs, t, size, permutations) for t in tools}
    for tool, s in stats.items():
        if s:
            print(f"    {tool:<12} {s['wall']:9.2f} {s['stat']:8.2f} {s['peak']:8.0f}  {s['mean']:8.1f} {s['sd']:7.1f}")
    v, pg, es, en, vn = (stats.get(t) for t in ("vmgeo", "pygeoda", "esda", "esda+numba", "vmgeo+numba"))

    def get(s: dict[str, float] | None, key: str) -> float | None:
        return None if s is None else s[key]

    print(f"    ratio time vmgeo/pygeoda: {ratio(get(v, 'wall'), get(pg, 'wall'))}, "
          f"vmgeo/esda: {ratio(get(v, 'wall'), get(es, 'wall'))}, "
          f"vmgeo/esda+numba: {ratio(get(v, 'wall'), get(en, 'wall')) if en else 'not measured'}")
    print(f"    ratio memory vmgeo/pygeoda: {ratio(get(v, 'peak'), get(pg, 'peak'))}, "
          f"vmgeo/esda: {ratio(get(v, 'peak'), get(es, 'peak'))}")
    print(f"    ratio seed spread (sd) vmgeo/pygeoda: {ratio(get(v, 'sd'), get(pg, 'sd'))}, "
          f"vmgeo/esda: {ratio(get(v, 'sd'), get(es, 'sd'))}")
    if vn:
        print(f"    ratio time vmgeo with numba installed / without: {ratio(get(vn, 'wall'), get(v, 'wall'))}")
    print(flush=True)


def print_goals(runs: list[Run], tools: list[str], args: argparse.Namespace) -> None:
    size = max(args.sizes)
    permutations = 9_999 if 9_999 in args.permutations else max(args.permutations)
    v = summarise(runs, "vmgeo", size, permutations)
    pg = summarise(runs, "pygeoda", size, permutations)
    vn = summarise(runs, "vmgeo+numba", size, permutations)
    print(f"\ngoals at {size:,} areas and {permutations:,} permutations:")

    def verdict(ok: bool | None) -> str:
        return "not measured" if ok is None else ("met" if ok else "NOT met")

    if v is None:
        print("  vmgeo not run")
        return
    print(f"  time no more than pygeoda's: {v['wall']:.2f} s vs {pg['wall'] if pg else float('nan'):.2f} s: "
          f"{verdict(None if pg is None else v['wall'] <= pg['wall'])}")
    print(f"  peak memory at most 1 GB: {v['peak']:,.0f} MB: {verdict(v['peak'] <= GB)}")
    big = [r for r in runs if r.tool == "vmgeo" and r.size == size and r.permutations == args.big_permutations]
    if big:
        print(f"  {args.big_permutations:,} permutations under 2 GB: {big[0].peak_mb:,.0f} MB, {big[0].wall:.1f} s: "
              f"{verdict(big[0].peak_mb < 2 * GB)}")
    else:
        print(f"  {args.big_permutations:,} permutations under 2 GB: not measured")
    print(f"  seed spread at most 1.5 x pygeoda's: sd {v['sd']:.1f} vs {pg['sd'] if pg else float('nan'):.1f}: "
          f"{verdict(None if pg is None else v['sd'] <= 1.5 * pg['sd'])}")
    if args.seeds > 2:
        from scipy.stats import f

        chance = math.sqrt(f.ppf(0.95, args.seeds - 1, args.seeds - 1))
        print(f"    (from {args.seeds} seeds: two equal spreads give a ratio above {chance:.2f} one time in 20)")
    print(f"  with numba installed within 10%: {ratio(vn['wall'], v['wall']) if vn else 'n/a'}: "
          f"{verdict(None if vn is None else vn['wall'] <= 1.10 * v['wall'])}")


if __name__ == "__main__":
    sys.exit(main())
