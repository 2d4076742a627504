"""Option groups shared by several commands, and turning them into the pipeline's options.

Nothing heavy is imported at module level: ``vmgeo --help`` builds every
parser and must answer at once.
"""

from __future__ import annotations

import argparse
import logging
import math
from dataclasses import fields
from typing import TYPE_CHECKING

from .. import messages, text
from ..boundaries import load_boundaries
from ..errors import OptionError, OutputError
from ..outputs import check_out_dir
from ..settings import (
    DEFAULT_ALPHA,
    DEFAULT_ISLANDS,
    DEFAULT_PERMUTATIONS,
    DEFAULT_SEED,
    DEFAULT_WEIGHTS,
    EMERGING_TIME_STEP,
    EMERGING_WINDOW,
    from_env,
)

# geo.analysis, geo.pipeline and geo.maps import numpy when they load; `vmgeo --help` builds every parser
# with these options, so they are imported in the functions that need them.

if TYPE_CHECKING:
    from pathlib import Path

    from ..analysis import AnalysisOptions
    from ..maps import MapOptions
    from ..pipeline import Output
    from ..settings import Settings

log = logging.getLogger("geo")


def common() -> argparse.ArgumentParser:
    """Options every command takes."""
    parent = argparse.ArgumentParser(add_help=False)
    # SUPPRESS keeps a -v given before the command when none follows it.
    parent.add_argument("-v", "--verbose", action="count", default=argparse.SUPPRESS,
                        help="more log output (-vv for debug)")
    return parent


def sources() -> argparse.ArgumentParser:
    """Options of commands that download: offline and refresh."""
    parent = argparse.ArgumentParser(add_help=False, parents=[common()])
    g = parent.add_argument_group("downloads")
    g.add_argument("--offline", action="store_true",
                   help="never use the network; fail if something is not cached (also VMGEO_OFFLINE=1)")
    g.add_argument("--refresh", action="store_true", help="download again even what is cached")
    return parent


def add_analysis(p: argparse.ArgumentParser) -> None:
    """The statistics, output and map options of ``hotspots`` and ``demo``."""
    g = p.add_argument_group("statistics")
    g.add_argument("--weights", default=DEFAULT_WEIGHTS, metavar="KIND",
                   help=f"queen (default {DEFAULT_WEIGHTS}), rook, knn:K or distance:METRES (a distance band "
                        "between centroids; areas without a neighbour in it are left out)")
    g.add_argument("--islands", choices=("attach", "exclude"), default=DEFAULT_ISLANDS,
                   help="areas without neighbours: attach each to its nearest area (default) or exclude it")
    g.add_argument("--permutations", type=int, default=DEFAULT_PERMUTATIONS, metavar="N",
                   help=f"permutations for pseudo p-values (default {DEFAULT_PERMUTATIONS})")
    g.add_argument("--seed", type=int, default=DEFAULT_SEED, metavar="S",
                   help=f"seed of the permutations (default {DEFAULT_SEED})")
    g.add_argument("--alpha", type=float, default=DEFAULT_ALPHA, metavar="A",
                   help=f"significance level (default {DEFAULT_ALPHA})")
    # --fdr is --correction fdr by another name: one destination, and argparse refuses the two together.
    one = g.add_mutually_exclusive_group()
    one.add_argument("--correction", choices=("none", "bonferroni", "fdr"), default="none",
                     help="multiple testing: none (default, each area at --alpha), bonferroni, or fdr "
                          "(Benjamini-Hochberg false discovery rate)")
    one.add_argument("--fdr", dest="correction", action="store_const", const="fdr",
                     help="the same as --correction fdr")
    g.add_argument("--gi-inference", choices=("permutation", "normal"), default="permutation",
                   help="Gi* confidence bins from the permutation p-value (default) or the normal approximation "
                        "(as ArcGIS)")
    g.add_argument("--rate", choices=("raw", "eb", "seb"), default="raw",
                   help="with --population: raw rates (default), global (eb) or spatial (seb) empirical-Bayes "
                        "rates for small populations; Moran's I and LISA then use the Assuncao-Reis EB statistic")
    g.add_argument("--window", choices=("step", "cube"), default=EMERGING_WINDOW,
                   help="a series' emerging hot spots: each period measured against itself (step, so a decline "
                        "the whole country shares is not a local pattern) or against the whole space-time cube "
                        f"(cube, ArcGIS Pro's default); default {EMERGING_WINDOW}")
    g.add_argument("--time-step", type=int, default=EMERGING_TIME_STEP, metavar="K",
                   help=f"a series' emerging hot spots: previous periods in each bin's neighbourhood "
                        f"(default {EMERGING_TIME_STEP}, as ArcGIS Pro; 0: each period on its own)")
    o = p.add_argument_group("output")
    o.add_argument("--lang", choices=("nl", "en"), default="nl", help="language of map and summary (default nl)")
    o.add_argument("--title", help="title of the map")
    o.add_argument("--min-count", type=int, metavar="K",
                   help="show registration counts below K as '<K' in maps and tables, and hide their rates "
                        "(default 5 for buurten, 0 otherwise); the statistics use the real counts")
    o.add_argument("--force", action="store_true",
                   help="write into a folder that holds other files (they are left alone; vmgeo's earlier results "
                        "there are replaced)")
    add_map(p)


def analysis(args: argparse.Namespace) -> "AnalysisOptions":
    """The statistics options of a command line (``add_analysis``)."""
    from ..analysis import AnalysisOptions

    # The record's fields are the parser's destinations (add_analysis), so an option is not spelled out again here.
    return AnalysisOptions(**{f.name: getattr(args, f.name) for f in fields(AnalysisOptions)})


def output(args: argparse.Namespace, map_options: "MapOptions", *, title: str | None = None,
           attach: "dict[str, Path] | None" = None) -> "Output":
    """How a command writes its results (``--out``, ``--title``, ``--lang``, map, ``--png``/``--svg``, ...)."""
    from ..pipeline import Output

    return Output(out=args.out, title=title or args.title, lang=args.lang, map_options=map_options,
                  static=tuple(k for k in ("png", "svg") if getattr(args, k)), force=args.force,
                  min_count=args.min_count, attach=attach)


def check_out(args: argparse.Namespace, *inputs: "str | None") -> None:
    """Refuse an --out where writing would destroy something, and options that cannot work, before any work."""
    if hasattr(args, "permutations"):
        from ..analysis import check_run_options

        check_run_options(permutations=args.permutations, seed=args.seed, alpha=getattr(args, "alpha", 0.05))
    check_out_dir(args.out, inputs=[i for i in inputs if i], force=getattr(args, "force", False))


def add_survey_rule(group: "argparse._ActionsContainer") -> None:
    """How a change in a Veiligheidsmonitor figure is judged (``hotspots`` with a series, and ``change``)."""
    group.add_argument("--survey-rule", choices=("se", "overlap"), default="se",
                       help="Veiligheidsmonitor changes: standard errors from the margins (default) or the stricter "
                            "non-overlapping intervals")


def add_map(p: argparse.ArgumentParser) -> None:
    """The options of the map page and static images."""
    m = p.add_argument_group("map")
    m.add_argument("--scheme", default="quantiles",
                   help="classes of the value layer: quantiles (default), natural_breaks, equal_interval, "
                        "fisher_jenks, box_map")
    m.add_argument("--classes", type=int, metavar="K", help="number of classes (default 5)")
    m.add_argument("--bins", metavar="B1,B2,...", help="explicit upper bounds of the classes (same bins across years)")
    m.add_argument("--layers", default="value,lisa,significance,gi", metavar="L1,L2",
                   help="map layers: value, lisa, significance, gi (default all)")
    m.add_argument("--basemap", choices=("none", "pdok", "osm"), default="none",
                   help="background tiles: none (default: outlines only, works offline), pdok "
                        "(BRT-Achtergrondkaart) or osm")
    m.add_argument("--cdn", action="store_true", help="load Leaflet from a CDN instead of inlining it (smaller page)")
    m.add_argument("--focus", metavar="CODE", help="open the map on this area, its neighbours in context")
    m.add_argument("--context", metavar="PATH",
                   help="boundaries to draw as outlines around the areas (e.g. eenheden around gemeenten); "
                        "by default wijken and buurten get their gemeente outlines")
    m.add_argument("--embed", action="store_true", help="a page for an iframe in a wijkprofiel; prints the snippet")
    m.add_argument("--png", action="store_true", help="also map.png (static, same colours and legend)")
    m.add_argument("--svg", action="store_true", help="also map.svg")


def map_options(args: argparse.Namespace, *, level: str | None = None) -> "MapOptions":
    """The map options of a command line, checked before any download or computation."""
    from ..maps import REGISTRY, SCHEMES, MapOptions

    layers = tuple(x.strip() for x in args.layers.split(",") if x.strip())
    if not layers:
        raise OptionError(messages.line("options_layers_args_layers_r", args_layers=args.layers,
                                        join_registry=', '.join(REGISTRY)))
    unknown = [x for x in layers if x not in REGISTRY]
    if unknown:
        raise OptionError(messages.line("options_unknown_layers_join_unknown", join_unknown=', '.join(unknown),
                                        join_registry=', '.join(REGISTRY)))
    if args.scheme not in SCHEMES:
        raise OptionError(messages.line("options_unknown_scheme_args_scheme", args_scheme=args.scheme,
                                        join_schemes=', '.join(SCHEMES)))
    bins = None
    if args.bins:
        try:
            bins = [float(b.replace(",", ".")) for b in args.bins.split(";" if ";" in args.bins else ",")]
        except ValueError as exc:
            raise OptionError(messages.line("options_bins_args_bins_r2", args_bins=args.bins)) from exc
        if not bins or not all(math.isfinite(b) for b in bins):
            raise OptionError(messages.line("options_bins_args_bins_r", args_bins=args.bins))
    context = None
    if args.context:
        context = load_boundaries(args.context, option="--context").frame
    return MapOptions(scheme=args.scheme, classes=args.classes, bins=bins, layers=layers, basemap=args.basemap,
                      cdn=args.cdn, focus=args.focus, embed=args.embed, level=level, context=context)


def check_out_file(out: "Path", *, run_language: bool = False) -> None:
    """An --out that must be a file: not a folder, and in a folder that exists or can be made.

    The line is in the run's language with ``run_language``; else English, as the other lines of
    ``vmgeo map`` still are (geo/cli/map.py calls this without it).
    """
    lang = text.log_lang() if run_language else "en"
    if out.is_dir():
        raise OutputError(messages.line_in(lang, "options_out_out_folder_give", out=out, out_out_name=out / out.name))
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(messages.line_in(lang, "options_out_out_cannot_create", out=out, out_parent=out.parent,
                                           exc_strerror=exc.strerror)) from exc


def settings(args: argparse.Namespace) -> "Settings":
    """The settings from the environment, with ``--offline`` applied."""
    found = from_env()
    return found.with_changes(offline=True) if getattr(args, "offline", False) else found
