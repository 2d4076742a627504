"""``vmgeo hotspots`` on the 342 gemeenten with numba importable and with numba hidden, same machine, same run.

numba is no dependency of vmgeo, but an analyst's environment often has it
(esda and mapclassify use it when they find it). mapclassify compiles a numba
kernel when it is *imported* (seconds), so a map that imports mapclassify for
its default classes paid that on every run (issue 16: 7.1 s against 4.8 s).
Each run is a fresh process (imports count), the two kinds alternate, and the
median of ``--repeat`` runs of each is printed with their ratio. "Hidden"
means a finder at the front of ``sys.meta_path`` in the child that answers
``ModuleNotFoundError`` for numba and llvmlite, as if they were not installed.

    python benchmarks/bench_numba.py [--repeat 3] [--permutations 999]

Goal: the ratio with/without numba within noise (about 1.1). Without numba
installed both runs are the same, and the script says so.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

#: Run in the child before vmgeo: numba (and llvmlite) cannot be imported, as if not installed.
HIDE_NUMBA = r"""
import importlib.abc, sys
class _NoNumba(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("numba", "llvmlite"):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None
sys.meta_path.insert(0, _NoNumba())
"""

#: The child: vmgeo's command line, in this interpreter, after the optional stub.
CHILD = r"""
import sys
{hide}
from geo.cli import main
code = main(sys.argv[1:])
{check}
sys.exit(code)
"""


def command(out: Path, permutations: int) -> list[str]:
    data = REPO / "tests" / "data"
    return ["hotspots", "--boundaries", str(data / "boundaries" / "gemeente_2023_rd.geojson"),
            "--data", str(data / "cbs" / "gemeenten_brengdelicten2023_bevolking2024.csv"),
            "--code-column", "nummer", "--value", "misdaad", "--population", "bevolking",
            "--permutations", str(permutations), "--out", str(out)]


def run_once(*, hide: bool, out: Path, permutations: int) -> float:
    """Wall time of one whole ``vmgeo hotspots`` process."""
    check = 'assert sys.modules.get("numba") is None, "numba was imported although hidden"' if hide else ""
    code = CHILD.format(hide=HIDE_NUMBA if hide else "", check=check)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, *command(out, permutations)], capture_output=True,
                          text=True, cwd=REPO)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"vmgeo hotspots failed ({'numba hidden' if hide else 'numba importable'}):\n"
                         f"{done.stderr[-2000:]}")
    return elapsed


def import_time(module: str, *, hide: bool) -> float:
    """Seconds to import ``module`` in a fresh process (numba hidden or not), minus an empty start."""
    def timed(code: str) -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
        return time.perf_counter() - start

    prefix = HIDE_NUMBA if hide else ""
    return timed(prefix + f"\nimport {module}\n") - timed(prefix + "\nimport sys\n")


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each kind (default 3)")
    parser.add_argument("--permutations", type=int, default=999)
    args = parser.parse_args(argv)

    installed = importlib.util.find_spec("numba") is not None
    if not installed:
        print("numba is not installed here: both kinds of run are the same (pip install numba to compare)")
    times: dict[bool, list[float]] = {False: [], True: []}
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.repeat):
            for hide in (False, True):  # alternate, so that a slow moment of the machine hits both
                out = Path(tmp) / f"run-{i}-{int(hide)}"
                times[hide].append(run_once(hide=hide, out=out, permutations=args.permutations))
    with_numba, without = statistics.median(times[False]), statistics.median(times[True])
    print(f"vmgeo hotspots, 342 gemeenten, {args.permutations} permutations, median of {args.repeat} runs each")
    print(f"numba importable: {with_numba:6.2f} s   ({', '.join(f'{t:.2f}' for t in times[False])})")
    print(f"numba hidden:     {without:6.2f} s   ({', '.join(f'{t:.2f}' for t in times[True])})")
    print(f"ratio with/without numba: {with_numba / without:.3f}")
    if installed:
        cost = import_time("mapclassify", hide=False) - import_time("mapclassify", hide=True)
        print(f"(for scale: importing mapclassify costs {cost:+.2f} s more with numba; vmgeo's default map "
              "does not import it)")
    return {"with_numba": with_numba, "without_numba": without, "ratio": with_numba / without}


if __name__ == "__main__":
    main()
