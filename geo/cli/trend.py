"""``vmgeo trend``: the early warning by month, per unit and crime type."""

from __future__ import annotations

import argparse
from typing import Any

from .. import text
from ..settings import WARNING_CRIME_TYPES as DEFAULT_CRIME_TYPES
from ..settings import WARNING_MIN_EXPECTED
from ..settings import WARNING_SOURCE as DEFAULT_SOURCE
from . import _options

# geo.trend imports the maps, the statistics and numpy when it loads; `vmgeo --help` builds this parser,
# so it is imported in the function that runs the command (as cli/hotspots does with geo.pipeline).


def add_parser(sub: Any) -> None:
    """Add the ``trend`` command."""
    tr = sub.add_parser("trend", parents=[_options.sources()], help="early warning: which units see a rise this month",
                        description="For every unit and crime type, the latest month (or three) against the same "
                                    "months of the three years before. A unit is flagged only when its count lies "
                                    "above the upper bound of the expected count (widened by the spread its own "
                                    "history shows beyond Poisson), and never on an expected count below "
                                    "--min-expected; the flags chance alone would give are printed and mapped. "
                                    "Writes trend.csv, trend.xlsx, map.html and summary.json.")
    tr.add_argument("--data", default=DEFAULT_SOURCE, metavar="SOURCE",
                    help=f"a monthly police table (default {DEFAULT_SOURCE}), or a CSV/Excel file of your own "
                         "monthly counts with columns code, month, type and count (maand, soort, aantal; months "
                         "as 2023-09, 2023MM09 or sep 2023)")
    tr.add_argument("--level", default="gemeente", metavar="LEVEL",
                    help="gemeente (default), wijk, buurt, or basisteam/district/eenheid with --composition")
    tr.add_argument("--composition", metavar="FILE", help="police unit composition (boundaries/compositions/README.md)")
    tr.add_argument("--period", metavar="MONTH", help="the latest month, e.g. 2024MM03 (default: the table's latest)")
    tr.add_argument("--months", type=int, choices=(1, 3), default=1,
                    help="the latest month alone (1, default) or the latest three together (3)")
    tr.add_argument("--crime-types", default=None, metavar="K1,K2",
                    help=f"SoortMisdrijf keys, each assessed on its own (default {','.join(DEFAULT_CRIME_TYPES)}); "
                         "with a file, values of its type column (default: every type)")
    tr.add_argument("--filter", action="append", default=[], metavar="DIM=KEY", help="other filters of the table")
    tr.add_argument("--min-expected", type=float, default=None, metavar="N",
                    help=f"smallest expected count at which a unit is assessed (default {WARNING_MIN_EXPECTED:g})")
    tr.add_argument("--year", type=int, metavar="YEAR", help="year of the boundaries (default: the year of the month)")
    tr.add_argument("--boundaries", action="append", default=[], metavar="PATH",
                    help="boundaries instead of PDOK (repeatable)")
    tr.add_argument("--lang", choices=("nl", "en"), default="nl", help="language of map and table (default nl)")
    tr.add_argument("--out", default="vmgeo-trend", metavar="DIR", help="output folder (default vmgeo-trend)")
    tr.add_argument("--force", action="store_true", help="write into a folder that holds other files")
    tr.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run ``vmgeo trend``: the options in, :func:`geo.trend.run`, the files written and the lines printed."""
    from .. import trend

    _options.check_out(args, args.composition, *args.boundaries, args.data if trend.is_file(args.data) else None)
    crime_types = None
    if args.crime_types is not None:
        crime_types = tuple(k.strip() for k in args.crime_types.split(",") if k.strip())
    options = trend.TrendOptions(
        data=args.data, level=args.level, composition=args.composition, period=args.period, months=args.months,
        crime_types=crime_types, filters=tuple(args.filter),
        min_expected=WARNING_MIN_EXPECTED if args.min_expected is None else args.min_expected, year=args.year,
        boundaries=tuple(args.boundaries), lang=args.lang, refresh=args.refresh)
    result = trend.run(options, settings=_options.settings(args))
    written = trend.write(result, args.out, force=args.force)
    print(text.get("t_warning", lang=args.lang, title=result.title, flagged=len(result.flagged), n=len(result.table)))
    print(trend.chance_line(result))
    for row in result.flagged.head(10).itertuples():
        print(text.get("t_warning_row", lang=args.lang, name=row.name, code=row.code, crime=row.crime_title,
                       observed=row.observed, expected=text.number(row.expected, 1, lang=args.lang)))
    print(text.get("written", lang=args.lang) + ", ".join(str(p) for p in written))
    return 0
