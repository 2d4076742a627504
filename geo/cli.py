"""The ``vmgeo`` command line: a thin layer over the pipeline stages.

Heavy libraries are imported inside the command functions, so that
``vmgeo --help`` answers at once. Every :class:`geo.errors.VmgeoError`
ends in one line on standard error and exit status 1.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path
from typing import Sequence

from . import __version__
from .errors import VmgeoError
from .settings import DEFAULT_ALPHA, DEFAULT_PERMUTATIONS, DEFAULT_SEED

log = logging.getLogger("geo")


def _add_analysis_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("statistics")
    g.add_argument("--weights", default="queen", metavar="KIND",
                   help="queen (default), rook or knn:K")
    g.add_argument("--islands", choices=("attach", "exclude"), default="attach",
                   help="areas without neighbours: attach each to its nearest area (default) or exclude it")
    g.add_argument("--permutations", type=int, default=DEFAULT_PERMUTATIONS, metavar="N",
                   help=f"permutations for pseudo p-values (default {DEFAULT_PERMUTATIONS})")
    g.add_argument("--seed", type=int, default=DEFAULT_SEED, metavar="S",
                   help=f"seed of the permutations (default {DEFAULT_SEED})")
    g.add_argument("--alpha", type=float, default=DEFAULT_ALPHA, metavar="A",
                   help=f"significance level (default {DEFAULT_ALPHA})")
    g.add_argument("--fdr", action="store_true", help="control the false discovery rate (Benjamini-Hochberg)")
    o = p.add_argument_group("output")
    o.add_argument("--lang", choices=("nl", "en"), default="nl", help="language of map and summary (default nl)")
    o.add_argument("--title", help="title of the map")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``vmgeo``."""
    parser = argparse.ArgumentParser(
        prog="vmgeo",
        description="Hot-spot maps and statistics from Veiligheidsmonitor results and police registrations.",
    )
    parser.add_argument("--version", action="version", version=f"vmgeo {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log output (-vv for debug)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = sub.add_parser("demo", help="run the whole pipeline on a built-in synthetic region",
                          description="Generate a synthetic region with planted hot and cold spots and run the "
                                      "hot-spot analysis on it. Writes the same files as 'hotspots', plus the "
                                      "generated inputs (demo_buurten.gpkg, demo_data.csv).")
    demo.add_argument("--out", default="vmgeo-demo", metavar="DIR", help="output folder (default vmgeo-demo)")
    demo.add_argument("--region-seed", type=int, default=2024, metavar="S", help="seed of the synthetic region")
    _add_analysis_options(demo)
    demo.set_defaults(func=cmd_demo)

    hs = sub.add_parser("hotspots", help="hot spots from a boundary file and a table of figures",
                        description="Join a table of figures per area to boundaries and compute global Moran's I, "
                                    "local Moran (LISA) and Getis-Ord Gi*. Writes summary.json, results.csv, "
                                    "results.gpkg and map.html in --out.")
    i = hs.add_argument_group("input")
    i.add_argument("--boundaries", required=True, metavar="PATH", help="GeoJSON, GeoPackage or Shapefile")
    i.add_argument("--data", required=True, metavar="PATH", help="CSV (also StatLine exports) or Excel")
    i.add_argument("--code-column", required=True, metavar="COL", help="area code column of the data")
    i.add_argument("--value", required=True, metavar="COL", help="value column of the data")
    i.add_argument("--population", metavar="COL", help="population column: analyse a rate per 1,000 inhabitants")
    i.add_argument("--boundary-code-column", metavar="COL",
                   help="code column of the boundaries (default: --code-column if present, else statcode, ...)")
    i.add_argument("--name-column", metavar="COL", help="name column of the boundaries (default statnaam, naam, ...)")
    i.add_argument("--crs", metavar="CRS", help="CRS of a boundary file that declares none, e.g. EPSG:28992")
    i.add_argument("--sheet", metavar="NAME", help="worksheet of an Excel file")
    hs.add_argument("--out", default="vmgeo-out", metavar="DIR", help="output folder (default vmgeo-out)")
    _add_analysis_options(hs)
    hs.set_defaults(func=cmd_hotspots)
    return parser


def _configure_logging(verbose: int) -> None:
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("vmgeo: %(levelname)s: %(message)s"))
    log.handlers[:] = [handler]
    log.setLevel(level)
    log.propagate = False


def _run_analysis(joined_kwargs: dict, args: argparse.Namespace, *, title: str, extra: dict) -> int:
    from . import analysis
    from .joins import join

    steps = _Steps(4)
    joined = join(**joined_kwargs)
    steps.next("gegevens gekoppeld")
    prepared = analysis.prepare(joined, value=args.value, population=args.population)
    steps.next("waarden gelezen")
    result = analysis.analyse(prepared, weights=args.weights, islands=args.islands, permutations=args.permutations,
                              seed=args.seed, alpha=args.alpha, fdr=args.fdr)
    steps.next("statistiek berekend")
    written = analysis.write_outputs(result, args.out, title=args.title or title, lang=args.lang, extra=extra)
    steps.next("bestanden geschreven")
    steps.close()
    print(analysis.terminal_summary(result, lang=args.lang))
    print(("Geschreven: " if args.lang == "nl" else "Written: ") + ", ".join(str(p) for p in written))
    return 0


def cmd_hotspots(args: argparse.Namespace) -> int:
    """``vmgeo hotspots``."""
    from .boundaries import load_boundaries
    from .tables import find_column, read_table

    table = read_table(args.data, sheet=args.sheet)
    # Name a wrong column before the (slower) boundary file is read.
    for column, what, option in ((args.code_column, "code", "--code-column"), (args.value, "value", "--value"),
                                 (args.population, "population", "--population")):
        if column:
            find_column(table, column, what=what, option=option)
    code_column = args.boundary_code_column
    if code_column is None:
        import pyogrio

        try:
            fields = set(pyogrio.read_info(args.boundaries)["fields"])
        except Exception:  # unreadable files are reported by load_boundaries
            fields = set()
        code_column = args.code_column if args.code_column in fields else None
    boundaries = load_boundaries(args.boundaries, code_column=code_column, name_column=args.name_column, crs=args.crs)
    value_name = args.value + (" per 1.000 inwoners" if args.population and args.lang == "nl"
                               else " per 1,000 inhabitants" if args.population else "")
    extra = {"inputs": {"boundaries": str(args.boundaries), "data": str(args.data), "code_column": args.code_column}}
    return _run_analysis(dict(boundaries=boundaries, table=table, code_column=args.code_column), args,
                         title=f"Hot spots: {value_name}", extra=extra)


def cmd_demo(args: argparse.Namespace) -> int:
    """``vmgeo demo``."""
    import os
    import tempfile

    from .boundaries import load_boundaries
    from .demo import DEMO_NAME, make_region
    from .tables import read_table

    t0 = time.perf_counter()
    region = make_region(seed=args.region_seed)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    # The generated inputs go through the same readers as user files.
    for name, write in (
        ("demo_buurten.gpkg", lambda p: region.boundaries.to_file(p, layer="buurten", driver="GPKG", engine="pyogrio")),
        ("demo_data.csv", lambda p: region.table.to_csv(p, index=False)),
    ):
        fd, tmp = tempfile.mkstemp(prefix=".vmgeo-", suffix=Path(name).suffix, dir=out)
        os.close(fd)
        os.unlink(tmp)
        write(tmp)
        os.replace(tmp, out / name)
    boundaries = load_boundaries(out / "demo_buurten.gpkg", code_column="buurtcode", name_column="buurtnaam")
    table = read_table(out / "demo_data.csv")
    args.value, args.population = "misdrijven", "inwoners"
    extra = {
        "synthetic": True,
        "planted": {"hot": region.hot, "cold": region.cold},
        "inputs": {"boundaries": str(out / "demo_buurten.gpkg"), "data": str(out / "demo_data.csv"),
                   "region_seed": args.region_seed},
    }
    title = (f"{DEMO_NAME}: geregistreerde misdrijven per 1.000 inwoners" if args.lang == "nl"
             else "Synthetic demo region: registered crimes per 1,000 inhabitants")
    code = _run_analysis(dict(boundaries=boundaries, table=table, code_column="buurtcode"), args,
                         title=title, extra=extra)
    log.info("demo finished in %.1f s", time.perf_counter() - t0)
    return code


class _Steps:
    """A progress bar over pipeline steps, shown only on a terminal."""

    def __init__(self, total: int) -> None:
        self._bar = None
        if sys.stderr.isatty():
            from tqdm import tqdm

            self._bar = tqdm(total=total, unit="stap", leave=False, file=sys.stderr)

    def next(self, what: str) -> None:
        if self._bar is not None:
            self._bar.set_description(what)
            self._bar.update(1)
        log.debug("step done: %s", what)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``vmgeo`` command."""
    parser = build_parser()
    args = parser.parse_args(argv)
    _configure_logging(args.verbose)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        return int(args.func(args))
    except VmgeoError as exc:
        print(f"vmgeo: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("vmgeo: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
