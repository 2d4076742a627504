"""``vmgeo hotspots``: figures per area joined to boundaries, and their hot spots.

Parse, call :func:`geo.pipeline.run`, print. The input options are declared
once, in :class:`geo.readers.Options`.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import messages, periods, readers
from .._progress import stage
from ..errors import OptionError
from . import _options

# geo.pipeline, geo.terminal and geo.maps import numpy (and more) when they load; `vmgeo --help` builds this
# parser, so they are imported in the functions that run the command.

if TYPE_CHECKING:
    from ..inputs import Options
    from ..maps import MapOptions
    from ..pipeline import Done
    from ..reports import Prepared, RunReport


def add_parser(sub: Any) -> None:
    """Add the ``hotspots`` command."""
    hs = sub.add_parser("hotspots", parents=[_options.sources()], help="hot spots from boundaries and figures per area",
                        description="Join figures per area to boundaries and compute global Moran's I, "
                                    "local Moran (LISA) and Getis-Ord Gi*. Figures come from a file or straight "
                                    "from CBS / Politie (SOURCE:TABLE/MEASURE or an indicator name), boundaries "
                                    "from a file or from PDOK (--level, --year). Writes summary.json, "
                                    "results.csv, results.gpkg and map.html in --out. With a series "
                                    "(--period 2012:2023) also series.csv, change.csv and emerging.csv.")
    add_inputs(hs)
    s = hs.add_argument_group("over the years")
    s.add_argument("--change", metavar="FROM:TO",
                   help="with a series: the two periods to compare (default: the last two)")
    _options.add_survey_rule(s)
    hs.add_argument("--out", default="vmgeo-out", metavar="DIR", help="output folder (default vmgeo-out)")
    _options.add_analysis(hs)
    hs.set_defaults(func=run)


def add_inputs(hs: argparse.ArgumentParser) -> None:
    """The input options of ``hotspots`` and ``change`` (declared in :class:`geo.readers.Options`)."""
    readers.add_arguments(hs)


def options_from(args: argparse.Namespace) -> "Options":
    """The pipeline's input options from a command line."""
    return readers.options_from(args)


def run(args: argparse.Namespace) -> int:
    """Run ``vmgeo hotspots``."""
    from .. import pipeline

    opts = replace(options_from(args), min_count=args.min_count)
    _options.check_out(args, args.data, args.incidents, *args.boundaries, args.composition, args.data_boundaries,
                       args.mapping)
    # A wrong map option fails before any download or computation.
    level = None if args.composition or args.mapping or args.incidents else args.level
    map_options = _options.map_options(args, level=level)
    change = _change_periods(getattr(args, "change", None))
    with stage("p_fetch"):
        done = pipeline.run(opts, out=_options.output(args, map_options), analysis_options=_options.analysis(args),
                            settings=_options.settings(args), change=change,
                            survey_rule=getattr(args, "survey_rule", "se"))
    return print_done(done, args)


def _change_periods(spec: str | None) -> tuple[str, str] | None:
    if not spec:
        return None
    parts = [p for p in spec.replace(",", ":").split(":") if p.strip()]
    if len(parts) != 2:
        raise OptionError(messages.line("clihs_change_spec_r_from", spec=spec))
    return periods.key(parts[0], option="--change"), periods.key(parts[1], option="--change")


def run_analysis(prepared: "Prepared", args: argparse.Namespace, *, title: str, run: "RunReport",
                 map_options: "MapOptions", attach: dict[str, Path] | None = None,
                 series: "dict[str, Prepared] | None" = None, kind: str = "count",
                 change: tuple[str, str] | None = None, names: tuple[str, str] | None = None) -> int:
    """Analyse, write the outputs and print the summary: the tail of ``change`` and ``demo``."""
    from .. import pipeline
    from ..inputs import Assembled

    made = Assembled(prepared=prepared, title=title, run=run, series=series, kind=kind)
    output = _options.output(args, map_options, title=args.title or title, attach=attach)
    done = pipeline.analyse_and_write(made, output=output, analysis_options=_options.analysis(args), change=change,
                                      survey_rule=getattr(args, "survey_rule", "se"), names=names)
    return print_done(done, args)


def print_done(done: "Done", args: argparse.Namespace) -> int:
    """The terminal summary, the series, the files written and (``--embed``) the iframe snippet."""
    from .. import terminal, text
    from ..maps import iframe_snippet

    print(terminal.summary_lines(done.summary, lang=args.lang))
    if done.series is not None:
        print(terminal.series_lines(done.series.summary(), lang=args.lang))
    print(text.get("written", lang=args.lang) + ", ".join(str(p) for p in done.written))
    if args.embed:
        print(iframe_snippet("map.html", title=done.title))
    return 0
