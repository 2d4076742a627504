"""What a long run is doing, on the terminal: one line that moves.

Pipeline stages announce themselves with :func:`stage`; nothing is shown
unless a command turned the display on with :func:`show` (on a terminal,
at the default log level), so library use and tests stay silent. The line
is written by hand (a carriage return and the text): progress-bar
libraries print nothing on a terminal that does not report its width.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import sys
import time
from collections.abc import Iterator
from typing import Any

from . import _interrupt, text

log = logging.getLogger("geo")

_state: dict[str, Any] = {"on": False, "lang": "nl", "started": 0.0, "width": 0}


def show(*, lang: str = "nl") -> None:
    """Turn the progress line on (only on a terminal, and only when the log level is the default)."""
    if not sys.stderr.isatty() or (log.level < logging.WARNING and log.level != logging.NOTSET):
        return
    _state.update(on=True, lang=lang, started=time.perf_counter(), width=0)


def hide() -> None:
    """Clear the line and turn the display off."""
    if _state["on"]:
        _write("")
    _state["on"] = False


def _write(text: str) -> None:
    columns = (shutil.get_terminal_size().columns or 80) - 1
    line = text[:columns]
    # Pad over what was there before, then return to the start of the line.
    sys.stderr.write("\r" + line + " " * max(0, _state["width"] - len(line)) + "\r")
    sys.stderr.flush()
    _state["width"] = len(line)


@contextlib.contextmanager
def stage(key: str, **fields: object) -> Iterator[None]:
    """Announce a stage (a :mod:`geo.text` key) for as long as the block runs."""
    _interrupt.check()  # a stop request an earlier stage dropped ends the run here

    label = text.get(key, lang=_state["lang"], **fields)
    if _state["on"]:
        _write(f"vmgeo: {label} \u2026 ({time.perf_counter() - _state['started']:.0f} s)")
    log.debug("stage: %s", label)
    t0 = time.perf_counter()
    try:
        yield
    finally:
        log.debug("stage done in %.2f s: %s", time.perf_counter() - t0, label)
