"""The ``vmgeo`` command: parse the command line, call the command, turn errors into one line.

Only this module and the parsers of the command modules run for
``vmgeo --help``; every command imports the heavy libraries it needs
inside its ``run`` function, so help answers at once.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import traceback
from collections.abc import Sequence
from typing import NoReturn

from .. import __version__, _interrupt, text
from .._progress import hide, show
from ..errors import VmgeoError
from . import change, demo, hotspots, map, scan, sources, trend, units

log = logging.getLogger("geo")


class _Parser(argparse.ArgumentParser):
    """argparse, but a bad option ends like every other bad input: one line, exit 1.

    argparse prints the whole usage and exits 2; a user who typed
    ``--islands bogus`` needs the one line that says what to write instead.
    Subcommand parsers are made of this class too (``add_subparsers`` uses
    the parent's class).
    """

    def error(self, message: str) -> NoReturn:
        command = self.prog.replace("vmgeo ", "", 1) if self.prog != "vmgeo" else ""
        hint = f"; see 'vmgeo {command} --help'" if command else "; see 'vmgeo --help'"
        print(f"vmgeo: error: {message}{hint}", file=sys.stderr)
        raise SystemExit(1)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``vmgeo``."""
    parser = _Parser(
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


class _Formatter(logging.Formatter):
    """``vmgeo: WAARSCHUWING: ...``: the level's name in the run's language (:func:`geo.text.use`).

    The message itself is a :class:`geo.text.Say` where a module logs by key,
    rendered in the same language when the record is formatted.
    """

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 (logging's name)
        level = text.get(f"log_{record.levelname}", lang=text.log_lang())
        return f"vmgeo: {level}: {record.message}"


def _configure_logging(verbose: int, lang: str | None = None) -> None:
    """One handler on stderr; log lines (and their level names) in ``lang``, the command's ``--lang``."""
    text.use(lang)
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Formatter())
    log.handlers[:] = [handler]
    log.setLevel(level)
    log.propagate = False


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``vmgeo`` command."""
    parser = build_parser()
    args = parser.parse_args(argv)
    _configure_logging(args.verbose, getattr(args, "lang", None))
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    previous = signal.getsignal(signal.SIGTERM)
    _interrupt.reset()
    try:
        # SIGTERM (a job scheduler, `kill`) unwinds like Ctrl-C, so that staging folders and locks are
        # cleaned up; installed inside the try, so that a signal right after it is answered the same way.
        signal.signal(signal.SIGTERM, _terminate)
        show(lang=getattr(args, "lang", "nl"))
        return int(args.func(args))
    except VmgeoError as exc:
        print(f"vmgeo: error: {_one_line(exc)}", file=sys.stderr)
        return 1
    except (KeyboardInterrupt, _interrupt.Interrupted):
        print("vmgeo: interrupted; nothing was written", file=sys.stderr)
        return 130
    except Exception as exc:  # the last resort: one line, and the traceback on request
        if args.verbose:
            traceback.print_exc(file=sys.stderr)
        where = "" if args.verbose else " (run again with -v to see where)"
        print(f"vmgeo: unexpected error: {type(exc).__name__}: {_one_line(exc)}{where}; please report it",
              file=sys.stderr)
        return 2
    finally:
        # The handler goes first, so that a late SIGTERM cannot interrupt the clean-up below.
        signal.signal(signal.SIGTERM, previous)
        try:
            hide()
        finally:
            _interrupt.reset()


def _terminate(signum: int, frame: object) -> None:
    _interrupt.request()


def _one_line(exc: BaseException) -> str:
    """The message of ``exc`` on one line (some libraries put newlines in theirs)."""
    return " ".join(str(exc).split()) or type(exc).__name__
