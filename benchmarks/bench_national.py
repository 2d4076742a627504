"""The national 100 m grid end to end: ``vmgeo hotspots`` on 400,000+ squares, against pygeoda on the same squares.

Issue 18's goal: every 100 m square with an inhabitant or an incident
(400,000+ squares), Gi* and LISA with 999 permutations, end to end with the
map, in at most 90 s and 4 GB; twelve periods of it in at most 5 minutes,
the weights built once. This script builds a national-shaped set of squares
(towns of squares of every size spread over the RD extent, not a full
rectangle: :func:`national_squares`), Poisson counts that follow the
inhabitants with planted clusters, and writes what an analyst holds for it:

- ``vierkanten.gpkg``: the squares as polygons with their CBS code (as CBS's
  vierkantstatistieken publish the squares with inhabitants, here with the
  squares that have an incident added);
- ``telling.csv``: incidents per square (``code;aantal``), one year, or with
  ``--periods N`` one row per square and year (``code;jaar;aantal``).

Then it runs, each in a fresh process (imports count), timing the whole
process, its CPU time and its peak memory (the child's own VmHWM and the PSS
of the tree of forked workers: ``bench_end_to_end.measure``):

- vmgeo: ``vmgeo hotspots --boundaries vierkanten.gpkg --data telling.csv
  --code-column code --value aantal`` with its defaults (queen weights, 999
  permutations, Moran's I, LISA, Gi*, results.csv, results.gpkg, summary.json
  and map.html, which above 50,000 squares is drawn as image layers); with
  ``--periods N`` the same with ``--period FIRST:LAST``, a series;
- the peer: pygeoda on the same squares: its queen weights
  (``pygeoda.queen_weights``, the same neighbours as vmgeo's for squares),
  ``local_moran`` and ``local_gstar`` with as many permutations, 2 threads;
  statistics only (no files, no map), its reading and weights timed apart.

Nothing here asserts a time.

    python benchmarks/bench_national.py [--squares 400000] [--permutations 999]
    python benchmarks/bench_national.py --periods 12 [--no-peer]
    python benchmarks/bench_national.py --profile /tmp/national.prof   # cProfile of the vmgeo run
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bench_end_to_end import measure

#: The RD New extent the towns are spread over (metres): the Netherlands' bounding box, roughly.
EXTENT = (15_000.0, 300_000.0, 280_000.0, 615_000.0)

PEER = r"""
import sys, time
import geopandas as gpd, pandas as pd, pygeoda
squares, counts, permutations, cpu = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
t0 = time.perf_counter()
g = gpd.read_file(squares, engine="pyogrio").merge(pd.read_csv(counts, sep=";", dtype={"code": str}), on="code")
gd = pygeoda.open(g)
t1 = time.perf_counter()
w = pygeoda.queen_weights(gd)
t2 = time.perf_counter()
if permutations:
    y = g["aantal"].astype(float).tolist()
    lisa = pygeoda.local_moran(w, y, permutations=permutations, seed=1, cpu_threads=cpu)
    gi = pygeoda.local_gstar(w, y, permutations=permutations, seed=1, cpu_threads=cpu)
t3 = time.perf_counter()
print(f"PEER read {t1 - t0:.2f} weights {t2 - t1:.2f} statistics {t3 - t2:.2f}", file=sys.stderr)
"""


def national_squares(n: int, *, seed: int = 18) -> tuple[Any, Any, Any]:
    """``n`` distinct 100 m squares (columns, rows) grouped in towns over the RD extent, and their inhabitants.

    About 2,500 towns whose sizes follow a lognormal law (a few cities of tens
    of thousands of squares, many villages of a few dozen); inside a town the
    squares thin out with the distance from its centre, as built-up land does.
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    towns = 2_500
    cx = rng.uniform(EXTENT[0], EXTENT[2], towns)
    cy = rng.uniform(EXTENT[1], EXTENT[3], towns)
    spread = rng.lognormal(5.5, 0.7, towns)  # metres: villages of a hundred or two, cities of a few kilometres
    weight = spread**2 / (spread**2).sum()
    keys = np.zeros(0, dtype=np.int64)
    while len(keys) < n:
        town = rng.choice(towns, size=n, p=weight)
        x = cx[town] + rng.normal(0, spread[town])
        y = cy[town] + rng.normal(0, spread[town])
        fresh = np.floor(x / 100).astype(np.int64) * 10_000 + np.floor(y / 100).astype(np.int64)
        _, first = np.unique(np.concatenate([keys, fresh]), return_index=True)
        keys = np.concatenate([keys, fresh])[np.sort(first)]
    keys = np.sort(keys[:n])
    ix, iy = keys // 10_000, keys % 10_000
    people = np.round(rng.lognormal(3.0, 1.0, n)).astype(np.int64) + 1
    return ix, iy, people


def counts(ix: Any, iy: Any, people: Any, *, periods: int, seed: int = 19) -> Any:
    """Incidents per square and period: about one per 40 inhabitants a year, eight planted clusters three times as high,
    a national decline of 5% a year (which must not turn the country cold)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    x, y = (ix + 0.5) * 100, (iy + 0.5) * 100
    hot = np.zeros(len(ix), dtype=bool)
    for c in rng.choice(len(ix), 8, replace=False):
        hot |= np.hypot(x - x[c], y - y[c]) < 400
    rate = people / 40 * np.where(hot, 3.0, 1.0)
    return np.stack([rng.poisson(rate * 0.95**t) for t in range(max(periods, 1))])


def write_inputs(folder: Path, n: int, periods: int) -> tuple[Path, Path, int]:
    """The squares (GeoPackage) and the counts (CSV) an analyst would hand to vmgeo; the number of squares."""
    import geopandas as gpd
    import numpy as np
    import pandas as pd

    from geo.grid import cell_boxes, cell_codes

    ix, iy, people = national_squares(n)
    codes = cell_codes(ix, iy, cell=100)
    squares = folder / "vierkanten.gpkg"
    gpd.GeoDataFrame({"code": codes}, geometry=cell_boxes(ix, iy, cell=100), crs="EPSG:28992").to_file(
        squares, driver="GPKG", engine="pyogrio")
    table = counts(ix, iy, people, periods=periods)
    data = folder / "telling.csv"
    if periods:
        years = np.repeat(np.arange(2024 - periods, 2024), len(codes))
        pd.DataFrame({"code": np.tile(codes, periods), "jaar": years, "aantal": table.ravel()}).to_csv(
            data, sep=";", index=False)
    else:
        pd.DataFrame({"code": codes, "aantal": table[0]}).to_csv(data, sep=";", index=False)
    return squares, data, len(codes)


def vmgeo_command(squares: Path, data: Path, out: Path, *, permutations: int, periods: int,
                  profile: str | None) -> list[str]:
    command = ["geo.cli", "hotspots", "--boundaries", str(squares), "--data", str(data), "--code-column", "code",
               "--value", "aantal", "--permutations", str(permutations), "--out", str(out)]
    if periods:
        command += ["--period", f"{2024 - periods}:2023"]
    return ["cProfile", "-o", profile, "-m", *command] if profile else command


def peer(squares: Path, data: Path, permutations: int) -> tuple[float, float, float, dict[str, float]]:
    """pygeoda in a child: whole time, peak MB and its own split (read, weights, statistics)."""
    import subprocess

    script = squares.parent / "peer.py"
    script.write_text(PEER, encoding="utf-8")
    first = data
    if "jaar" in data.read_text(encoding="utf-8").split("\n", 1)[0]:  # the peer analyses one period
        import pandas as pd

        frame = pd.read_csv(data, sep=";", dtype={"code": str})
        first = data.with_name("telling_first.csv")
        frame[frame["jaar"] == frame["jaar"].min()][["code", "aantal"]].to_csv(first, sep=";", index=False)
    elapsed, peak, cpu = measure([str(script), str(squares), str(first), str(permutations), "2"])
    out = subprocess.run([sys.executable, str(script), str(squares), str(first), "0", "2"], capture_output=True,
                         text=True, check=True)  # its read and weights again, without statistics: its split
    parts = out.stderr.split()
    split = {"read": float(parts[parts.index("read") + 1]), "weights": float(parts[parts.index("weights") + 1])}
    split["statistics"] = max(0.0, elapsed - split["read"] - split["weights"])
    return elapsed, peak, cpu, split


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--squares", type=int, default=400_000)
    parser.add_argument("--permutations", type=int, default=999)
    parser.add_argument("--periods", type=int, default=0, help="a series of this many years (0: one period)")
    parser.add_argument("--no-peer", action="store_true", help="vmgeo only")
    parser.add_argument("--profile", metavar="FILE", help="run vmgeo under cProfile, written to FILE")
    parser.add_argument("--keep", metavar="DIR", help="write the inputs and outputs here instead of a temporary folder")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.keep or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        squares, data, n = write_inputs(folder, args.squares, args.periods)
        t_ours, m_ours, c_ours = measure(vmgeo_command(squares, data, folder / "out", permutations=args.permutations,
                                                       periods=args.periods, profile=args.profile))
        result = {"ours": t_ours, "ours_mb": m_ours, "ours_cpu": c_ours, "squares": float(n)}
        print(f"squares: {n}, permutations: {args.permutations}, periods: {args.periods or 1}, "
              f"load average {os.getloadavg()[0]:.1f}")
        print(f"vmgeo hotspots (whole process, map included): {t_ours:8.1f} s  peak {m_ours:7.0f} MB  "
              f"CPU {c_ours:.1f} s")
        if not args.no_peer:
            t_peer, m_peer, c_peer, split = peer(squares, data, args.permutations)
            result |= {"peer": t_peer, "peer_mb": m_peer, "peer_cpu": c_peer, "peer_statistics": split["statistics"]}
            print(f"pygeoda (one period: read {split['read']:.1f} s, queen {split['weights']:.1f} s, "
                  f"local_moran + local_gstar {split['statistics']:.1f} s, 2 threads): "
                  f"{t_peer:8.1f} s  peak {m_peer:7.0f} MB  CPU {c_peer:.1f} s")
            print(f"ratio vmgeo/pygeoda time: {t_ours / t_peer:.2f}   CPU: {c_ours / c_peer:.2f}   "
                  f"memory: {m_ours / m_peer:.2f}")
        goal = (300, 4096) if args.periods else (90, 4096)
        if n >= 400_000:
            met = t_ours <= goal[0] and m_ours <= goal[1]
            print(f"goal: at most {goal[0]} s and 4 GB -> {'met' if met else 'not met'}")
        else:
            print("goal applies at 400,000 squares")
    return result


if __name__ == "__main__":
    main()
