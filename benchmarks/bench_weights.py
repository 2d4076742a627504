"""Time vmgeo's contiguity back end against libpysal's Queen and Rook on buurt-like polygons.

Both sides get the same many-vertex polygons (benchmarks/synthetic.py) and
must give the same neighbours; the script checks that, then prints the time
of each and the ratio vmgeo/libpysal per size and criterion. The peer is
``Queen.from_dataframe`` / ``Rook.from_dataframe`` as geo/weights.py calls it;
vmgeo's side is ``geo._contiguity.contiguity`` plus building the same ``W``.

    python benchmarks/bench_weights.py [--n 1000 5000 14000] [--criterion queen rook] [--repeat 1] [--memory]

Goal (the 14,000-buurt hot-spot run): the whole process in at most 30 s and 1 GB.
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

if TYPE_CHECKING:
    from geo._contiguity import Criterion


def vmgeo_weights(gdf: Any, criterion: str) -> Any:
    """vmgeo's side: the neighbours, and the ``W`` that weights.py would hand to esda."""
    from geo._contiguity import contiguity

    return contiguity(gdf.geometry, criterion=cast("Criterion", criterion)).to_w(silence_warnings=True)


def libpysal_weights(gdf: Any, criterion: str) -> Any:
    """The peer, called as geo/weights.py calls it today."""
    from libpysal.weights import Queen, Rook

    builder = Queen if criterion == "queen" else Rook
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return builder.from_dataframe(gdf, use_index=False, silence_warnings=True)


def best_of(repeat: int, func: Callable[..., Any], *args: Any) -> tuple[float, Any]:
    """Return the shortest of ``repeat`` wall-clock times of ``func(*args)`` and its last result."""
    times = []
    result = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = func(*args)
        times.append(time.perf_counter() - t0)
    return min(times), result


def peak_memory(func: Callable[..., Any], *args: Any) -> float:
    """Return the peak memory ``func(*args)`` allocates through Python and numpy, in MB (an untimed run)."""
    tracemalloc.start()
    try:
        func(*args)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 1e6


def main(argv: list[str] | None = None) -> list[dict[str, Any]]:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--n", type=int, nargs="+", default=[1_000, 5_000, 14_000],
                        help="numbers of polygons (default 1000 5000 14000)")
    parser.add_argument("--criterion", nargs="+", choices=("queen", "rook"), default=["queen", "rook"])
    parser.add_argument("--repeat", type=int, default=1, help="best of this many runs of each side")
    parser.add_argument("--memory", action="store_true",
                        help="also measure peak traced memory of each side (a separate, slower run)")
    args = parser.parse_args(argv)

    import shapely

    from benchmarks.synthetic import buurt_like

    # Warm both sides up on a few polygons, so that neither first timed run pays for imports and first calls.
    warm_up = buurt_like(20)
    for criterion in args.criterion:
        vmgeo_weights(warm_up, criterion)
        libpysal_weights(warm_up, criterion)

    rows: list[dict[str, Any]] = []
    print(f"{'n':>7} {'vertices':>10} {'criterion':<9} {'vmgeo s':>8} {'libpysal s':>10} {'ratio':>7}  same"
          + ("  memory MB vmgeo/libpysal" if args.memory else ""))
    for n in args.n:
        t0 = time.perf_counter()
        gdf = buurt_like(n)
        generated = time.perf_counter() - t0
        vertices = int(shapely.get_num_coordinates(gdf.geometry.values).sum())
        for criterion in args.criterion:
            t_ours, w_ours = best_of(args.repeat, vmgeo_weights, gdf, criterion)
            t_peer, w_peer = best_of(args.repeat, libpysal_weights, gdf, criterion)
            same = (w_ours.id_order == w_peer.id_order
                    and all(set(w_ours.neighbors[i]) == set(w_peer.neighbors[i]) for i in w_peer.id_order))
            row = {"n": n, "vertices": vertices, "criterion": criterion, "ours": t_ours, "peer": t_peer,
                   "ratio": t_ours / t_peer, "same": same, "generated": generated}
            line = (f"{n:>7,} {vertices:>10,} {criterion:<9} {t_ours:>8.2f} {t_peer:>10.2f} {t_ours / t_peer:>7.3f}"
                    f"  {'yes' if same else 'NO'}")
            if args.memory:
                row["ours_mb"] = peak_memory(vmgeo_weights, gdf, criterion)
                row["peer_mb"] = peak_memory(libpysal_weights, gdf, criterion)
                line += f"  {row['ours_mb']:.0f} / {row['peer_mb']:.0f}"
            print(line, flush=True)
            rows.append(row)
    for row in rows:
        print(f"ratio vmgeo/libpysal {row['criterion']} n={row['n']:,}: {row['ratio']:.3f} "
              f"({1 / row['ratio']:.1f} times as fast), same neighbours: {'yes' if row['same'] else 'NO'}")
    return rows


if __name__ == "__main__":
    main()
