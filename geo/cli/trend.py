"""``vmgeo trend``: the early warning by month, per unit and crime type."""

from __future__ import annotations

import argparse
from typing import Any

from .. import _fields, text
from ..trend_options import TrendOptions
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
                                    "With --incidents, an export of incidents is counted per area (or CBS square, "
                                    "--grid) and month first. Writes trend.csv, trend.xlsx, map.html and "
                                    "summary.json.")
    _fields.add_arguments(tr, TrendOptions)
    tr.add_argument("--out", default="vmgeo-trend", metavar="DIR", help="output folder (default vmgeo-trend)")
    tr.add_argument("--force", action="store_true", help="write into a folder that holds other files")
    tr.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run ``vmgeo trend``: the options in, :func:`geo.trend.run`, the files written and the lines printed."""
    from .. import trend

    _options.check_out(args, args.composition, *args.boundaries, args.incidents,
                       args.data if trend.is_file(args.data) else None)
    options = _fields.record_from(args, TrendOptions)
    result = trend.run(options, settings=_options.settings(args))
    written = trend.write(result, args.out, force=args.force)
    print(text.get("t_warning", lang=args.lang, title=result.title,
                   flagged=text.number(len(result.flagged), 0, lang=args.lang),
                   n=text.number(len(result.table), 0, lang=args.lang)))
    print(trend.chance_line(result))
    for row in result.flagged.head(10).itertuples():
        print(text.get("t_warning_row", lang=args.lang, name=row.name, code=row.code, crime=row.crime_title,
                       observed=row.observed, expected=text.number(row.expected, 1, lang=args.lang)))
    print(text.get("written", lang=args.lang) + ", ".join(str(p) for p in written))
    return 0
