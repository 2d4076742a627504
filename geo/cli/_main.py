"""The ``vmgeo`` command: parse the command line, call the command, turn errors into one line.

Only this module and the parsers of the command modules run for
``vmgeo --help``; every command imports the heavy libraries it needs
inside its ``run`` function, so help answers at once.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from .. import __version__
from ..errors import VmgeoError
from . import change, demo, hotspots, map, scan, sources, trend, units

log = logging.getLogger("geo")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``vmgeo``."""
    parser = argparse.ArgumentParser(
        prog="vmgeo",
        description="Hot-spot maps and statistics from Veiligheidsmonitor results and police registrations.",
    )
    parser.add_argument("--version", action="version", version=f"vmgeo {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log output (-vv for debug)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    demo.add_parser(sub)
    hotspots.add_parser(sub)
    change.add_parser(sub)
    trend.add_parser(sub)
    scan.add_parser(sub)
    units.add_parser(sub)
    map.add_parser(sub)
    sources.add_parsers(sub)
    return parser


def _configure_logging(verbose: int) -> None:
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("vmgeo: %(levelname)s: %(message)s"))
    log.handlers[:] = [handler]
    log.setLevel(level)
    log.propagate = False


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
