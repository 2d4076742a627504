"""The ``vmgeo`` command: parse the command line, call the command, turn errors into one line.

Only this module and the parsers of the command modules run for
``vmgeo --help``; every command imports the heavy libraries it needs
inside its ``run`` function, so help answers at once.
"""

from __future__ import annotations

import argparse
import logging
import re
import signal
import sys
import traceback
from collections.abc import Sequence
from typing import NoReturn

from .. import __version__, _interrupt, messages, text
from .._progress import hide, show
from ..errors import VmgeoError
from . import change, demo, hotspots, map, nearrepeat, scan, sources, trend, units

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
        hint = messages.line("see_help", command=f"vmgeo {command}" if command else "vmgeo")
        print(f"vmgeo: {messages.line('cli_error')}: {argparse_line(message)}{hint}", file=sys.stderr)
        raise SystemExit(1)


#: argparse's own messages (Python 3.11+) -> the key of the same line in :mod:`geo.messages`.
_ARGPARSE: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^argument (?P<option>[^:]+): (?P<rest>.*)$", re.S), "ap_argument"),
    (re.compile(r"^invalid choice: (?P<value>.*) \(choose from (?P<choices>.*)\)$", re.S), "ap_invalid_choice"),
    (re.compile(r"^unrecognized arguments: (?P<args>.*)$", re.S), "ap_unrecognized"),
    (re.compile(r"^expected one argument$"), "ap_expected_one"),
    (re.compile(r"^expected at most one argument$"), "ap_expected_at_most_one"),
    (re.compile(r"^expected at least one argument$"), "ap_expected_at_least_one"),
    (re.compile(r"^the following arguments are required: (?P<args>.*)$", re.S), "ap_required"),
    (re.compile(r"^one of the arguments (?P<args>.*) is required$", re.S), "ap_one_required"),
    (re.compile(r"^invalid (?P<type>\w+) value: (?P<value>.*)$", re.S), "ap_invalid_value"),
    (re.compile(r"^ambiguous option: (?P<option>\S+) could match (?P<matches>.*)$", re.S), "ap_ambiguous"),
    (re.compile(r"^not allowed with argument (?P<option>.*)$", re.S), "ap_not_allowed_with"),
]
#: argparse's names of the types it converts to, as a reader of the line says them.
_TYPES = {"int": "ap_type_int", "float": "ap_type_float"}


def argparse_line(message: str) -> str:
    """An argparse message in the run's language (:func:`geo.text.log_lang`); English as argparse wrote it."""
    if text.log_lang() == "en":
        return message
    for pattern, key in _ARGPARSE:
        match = pattern.match(message)
        if not match:
            continue
        fields = match.groupdict()
        if key == "ap_argument":
            fields["rest"] = argparse_line(fields["rest"])
            if fields["option"] == "COMMAND":
                key = "ap_command"
        if key == "ap_invalid_value":
            fields["type"] = messages.line(_TYPES[fields["type"]]) if fields["type"] in _TYPES else fields["type"]
        return messages.line(key, **fields)
    return message


def _lang_in(argv: Sequence[str]) -> str | None:
    """The value of ``--lang`` in ``argv``, read before parsing, so that argparse's own errors follow it."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


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
    nearrepeat.add_parser(sub)
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
    """Entry point of the ``vmgeo`` command.

    The run's language (``--lang``, read before argparse so its errors follow it too) holds for this call
    only: a program that calls ``main`` twice, or a test process, does not inherit it.
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    with text.speaking(_lang_in(argv)):
        return _run(argv)


def _run(argv: Sequence[str]) -> int:
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
        print(f"vmgeo: {messages.line('cli_error')}: {_one_line(exc)}", file=sys.stderr)
        return 1
    except (KeyboardInterrupt, _interrupt.Interrupted):
        print(f"vmgeo: {messages.line('cli_interrupted')}", file=sys.stderr)
        return 130
    except Exception as exc:  # the last resort: one line, and the traceback on request
        if args.verbose:
            traceback.print_exc(file=sys.stderr)
        where = "" if args.verbose else messages.line("cli_where")
        print("vmgeo: " + messages.line("cli_unexpected", kind=type(exc).__name__, message=_one_line(exc),
                                        where=where), file=sys.stderr)
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
