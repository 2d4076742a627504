"""What a long run is doing, on the terminal: one line that moves.

Pipeline stages announce themselves with :func:`stage`; nothing is shown
unless a command turned the display on with :func:`show` (on a terminal,
at the default log level), so library use and tests stay silent.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import time
from collections.abc import Iterator
from typing import Any

log = logging.getLogger("geo")

_state: dict[str, Any] = {"bar": None, "lang": "nl", "started": 0.0}


def show(*, lang: str = "nl") -> None:
    """Turn the progress line on (only on a terminal, and only when the log level is the default)."""
    if not sys.stderr.isatty() or (log.level < logging.WARNING and log.level != logging.NOTSET):
        return
    from tqdm import tqdm

    _state["bar"] = tqdm(total=None, bar_format="{desc} {elapsed}", leave=False, file=sys.stderr)
    _state["lang"] = lang
    _state["started"] = time.perf_counter()


def hide() -> None:
    """Turn the progress line off again."""
    bar = _state.pop("bar", None)
    _state["bar"] = None
    if bar is not None:
        bar.close()


@contextlib.contextmanager
def stage(key: str, **fields: object) -> Iterator[None]:
    """Announce a stage (a :mod:`geo.text` key) for as long as the block runs."""
    from . import text

    label = text.get(key, lang=_state["lang"], **fields)
    bar = _state.get("bar")
    if bar is not None:
        bar.set_description_str(label)
        bar.refresh()
    log.debug("stage: %s", label)
    t0 = time.perf_counter()
    try:
        yield
    finally:
        log.debug("stage done in %.2f s: %s", time.perf_counter() - t0, label)


def tick(done: int, total: int) -> None:
    """Progress within a stage (e.g. permutation chunks), shown as a percentage."""
    bar = _state.get("bar")
    if bar is not None and total:
        text = bar.desc.split(" (")[0]
        bar.set_description_str(f"{text} ({100 * done // total}%)")
        bar.refresh()
