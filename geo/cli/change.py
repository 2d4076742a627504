"""``vmgeo change``: what changed between two periods, and whether the change is real."""

from __future__ import annotations

import argparse
from dataclasses import replace
from typing import Any

from .. import messages, periods, text
from ..errors import OptionError
from ..inputs import assemble
from . import _options
from .hotspots import add_inputs, options_from, run_analysis


def add_parser(sub: Any) -> None:
    """Add the ``change`` command."""
    ch = sub.add_parser("change", parents=[_options.sources()], help="significant change between two periods",
                        description="Compare two periods area by area: registered counts with an exact test "
                                    "(conditional binomial, with the populations as exposure), Veiligheidsmonitor "
                                    "figures by their 95% margins. Writes change.csv, series.csv, the hot spots of "
                                    "both periods and a map that opens on the change.")
    ch.add_argument("--from", dest="from_period", required=True, metavar="PERIOD", help="the earlier period, e.g. 2022")
    ch.add_argument("--to", dest="to_period", required=True, metavar="PERIOD", help="the later period, e.g. 2023")
    add_inputs(ch)
    _options.add_survey_rule(ch)
    ch.add_argument("--out", default="vmgeo-change", metavar="DIR", help="output folder (default vmgeo-change)")
    _options.add_analysis(ch)
    ch.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run ``vmgeo change``."""
    if args.period:
        raise OptionError(messages.line("clichange_vmgeo_change_takes_from"))
    first, last = periods.key(args.from_period, option="--from"), periods.key(args.to_period, option="--to")
    if first == last:
        raise OptionError(messages.line("clichange_from_both_periods_label",
                                        periods_label_first=periods.label(first)))
    args.period = f"{args.from_period},{args.to_period}"
    opts = options_from(args)
    _options.check_out(args, args.data, *args.boundaries, args.composition, args.data_boundaries)
    map_options = _options.map_options(args, level=None if args.composition else args.level)
    map_options = replace(map_options, active="change")
    made = assemble(opts, settings=_options.settings(args))
    assert made.series is not None  # two periods make a series
    title = text.get("change", lang=args.lang, a=periods.label(first, lang=args.lang),
                     b=periods.label(last, lang=args.lang)) + f": {made.title}"
    run_report = replace(made.run, inputs={"boundaries": args.boundaries or f"PDOK {args.level}",
                                           "data": str(args.data), "from": first, "to": last, "level": args.level})
    return run_analysis(made.prepared, args, title=title, run=run_report, map_options=map_options,
                        series=made.series, kind=made.kind, change=(first, last))
