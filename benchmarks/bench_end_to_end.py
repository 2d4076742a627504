"""The whole of ``vmgeo hotspots`` on N buurt-like polygons, against the same job written by hand.

Generates N many-vertex buurt-like polygons (benchmarks/synthetic.py) with a
planted pattern, writes them as a GeoPackage and a CSV, and runs, each in a
fresh process so that imports count:

- vmgeo: ``vmgeo hotspots --boundaries ... --data ... --population ...`` with
  its defaults (queen weights, 999 permutations, every output and the map);
- the peer: what an analyst would write with the same libraries: geopandas,
  libpysal ``Queen``, esda ``Moran``, ``Moran_Local`` and ``G_Local`` with 999
  permutations, and a plain folium ``GeoJson`` map of the result.

It prints the wall time and the peak memory (see ``MEASURE``) of both
and their ratios. Goal (issue 9): vmgeo at most 30 s and 1 GB for 14,000.

    python benchmarks/bench_end_to_end.py [--n 14000] [--permutations 999]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

PEER = r"""
import sys, warnings
import geopandas as gpd, pandas as pd, folium, esda
from libpysal.weights import Queen
warnings.simplefilter("ignore")
boundaries, data, out, permutations = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
g = gpd.read_file(boundaries).merge(pd.read_csv(data, dtype={"buurtcode": str}), on="buurtcode")
g["rate"] = g["misdrijven"] / g["inwoners"] * 1000
w = Queen.from_dataframe(g, use_index=False)
esda.Moran(g["rate"], w, permutations=permutations)
lisa = esda.Moran_Local(g["rate"], w, permutations=permutations, seed=1, n_jobs=1)
gi = esda.G_Local(g["rate"], w, transform="B", star=True, permutations=permutations, seed=1, n_jobs=1)
g["q"], g["p"], g["z"] = lisa.q, lisa.p_sim, gi.Zs
m = folium.Map(tiles=None)
folium.GeoJson(g.to_crs(4326)[["buurtcode", "rate", "q", "p", "z", "geometry"]],
               tooltip=folium.GeoJsonTooltip(["buurtcode", "rate", "q", "p", "z"])).add_to(m)
m.save(out)
"""


#: Runs a script or module in this child and reports its own peak memory (VmHWM). Not ru_maxrss:
#: Linux carries the benchmark parent's peak over into a child through fork and exec, which made
#: vmgeo's 0.85 GB read as 2.07 GB. No thread runs here: vmgeo forks its workers only when no other
#: thread runs, and a sampling thread would change what is measured.
MEASURE = r"""
import runpy, sys
target, sys.argv = sys.argv[1], sys.argv[1:]
try:
    if target.endswith(".py"):
        runpy.run_path(target, run_name="__main__")
    else:
        runpy.run_module(target, run_name="__main__")
except SystemExit as exc:
    if exc.code not in (0, None):
        raise
with open("/proc/self/status") as fh:
    own = next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:"))
print(f"MAXRSS {own}", file=sys.stderr)
"""


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            return next(int(line.split()[1]) for line in fh if line.startswith("Pss:"))
    except (OSError, StopIteration):
        return 0


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            return [int(x) for x in fh.read().split()]
    except OSError:
        return []


def measure(command: list[str]) -> tuple[float, float, float]:
    """Wall time (s), peak memory (MB) and CPU time (s) of one child process and the workers it forks.

    The peak is the larger of the child's own VmHWM and the process tree's
    PSS, sampled from here every 50 ms (every 500 ms after 10 s; PSS shares the pages a forked worker
    has in common with its parent, so they are not counted twice). The CPU
    time is user and system time of the child and its workers: what a
    shared machine cannot inflate (on a busy host the wall time waits for
    cores, the CPU time does not). The child writes to files, not pipes: a
    long run can say more than a pipe holds, and would wait for a reader
    that only reads at the end.
    """
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        child = subprocess.Popen([sys.executable, "-c", MEASURE, *command], stdout=out, stderr=err, text=True)
        tree_kb = 0
        while child.poll() is None:
            tree_kb = max(tree_kb, _pss_kb(child.pid) + sum(_pss_kb(c) for c in _children(child.pid)))
            # Every 50 ms at first, every 500 ms after 10 s: one reading of the PSS of a 3 GB tree costs 20-50 ms
            # of CPU (a quarter of a core of this two-core host, read 20 times a second), and the peaks of a long
            # run's workers last many seconds.
            time.sleep(0.05 if time.perf_counter() - t0 < 10 else 0.5)
        elapsed = time.perf_counter() - t0
        err.seek(0)
        said = err.read()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if child.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command[:4])} ...\n{said[-2000:]}")
    own_kb = next(int(line.split()[1]) for line in said.splitlines() if line.startswith("MAXRSS"))
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, max(own_kb, tree_kb) / 1024, cpu


def run(command: list[str]) -> tuple[float, float]:
    """Wall time (s) and peak memory (MB) of one child process and the workers it forks (see :func:`measure`)."""
    elapsed, peak, _ = measure(command)
    return elapsed, peak


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=14_000)
    parser.add_argument("--permutations", type=int, default=999)
    args = parser.parse_args(argv)

    import numpy as np

    from benchmarks.synthetic import buurt_like

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        gdf = buurt_like(args.n)
        rng = np.random.default_rng(3)
        centre = gdf.geometry.centroid
        cx, cy = centre.x.to_numpy(), centre.y.to_numpy()
        hot = np.hypot(cx - np.quantile(cx, 0.3), cy - np.quantile(cy, 0.6)) < (cx.max() - cx.min()) / 8
        population = rng.integers(200, 3000, len(gdf))
        codes = [f"BU5239{i:04d}" for i in range(len(gdf))]
        gdf = gdf.assign(buurtcode=codes)[["buurtcode", "geometry"]]
        gdf.to_file(folder / "buurten.gpkg", driver="GPKG", engine="pyogrio")
        import pandas as pd

        pd.DataFrame({"buurtcode": codes, "inwoners": population,
                      "misdrijven": rng.poisson(population / 1000 * np.where(hot, 120, 40))}).to_csv(
            folder / "data.csv", index=False)
        peer_script = folder / "peer.py"
        peer_script.write_text(PEER, encoding="utf-8")
        t_peer, m_peer = run([str(peer_script), str(folder / "buurten.gpkg"), str(folder / "data.csv"),
                              str(folder / "peer.html"), str(args.permutations)])
        t_ours, m_ours = run(["geo.cli", "hotspots", "--boundaries", str(folder / "buurten.gpkg"),
                              "--data", str(folder / "data.csv"), "--code-column", "buurtcode", "--value",
                              "misdrijven", "--population", "inwoners", "--permutations", str(args.permutations),
                              "--min-count", "0", "--out", str(folder / "out")])
    print(f"polygons: {args.n}, permutations: {args.permutations}, load average {os.getloadavg()[0]:.1f}")
    print(f"vmgeo hotspots (whole process): {t_ours:8.1f} s  peak {m_ours:7.0f} MB")
    print(f"by hand (libpysal, esda, folium): {t_peer:8.1f} s  peak {m_peer:7.0f} MB")
    print(f"ratio vmgeo/peer time: {t_ours / t_peer:.2f}   memory: {m_ours / m_peer:.2f}")
    print(f"goal: at most 30 s and 1 GB at 14,000 polygons -> {'met' if t_ours <= 30 and m_ours <= 1024 else 'not met'}"
          if args.n >= 14_000 else "goal applies at 14,000 polygons")
    return {"ours": t_ours, "peer": t_peer, "ours_mb": m_ours, "peer_mb": m_peer}


if __name__ == "__main__":
    main()
