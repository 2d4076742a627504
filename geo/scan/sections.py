"""The sections of the scan, declared once: key, builder of its figures, renderer of its HTML.

The figures table is built in this order (:func:`geo.scan.figures.build`
runs the builders), the HTML page renders and numbers the sections in this
order (:func:`geo.scan.render.report`), and the workbook sorts the figures
sheet by it. A new section is one entry here, its builder in
:mod:`.figures` (or ``None``), its renderer in :mod:`.render` and its
heading ``scan_section_<key>`` in :mod:`geo.text`.
"""

from __future__ import annotations

from collections.abc import Callable

from . import figures, render
from .model import Section

SECTIONS: tuple[Section, ...] = (
    # First, on page 1: the figures of every later section, one line per indicator, grouped by theme.
    Section("samenvatting", None, render.samenvatting),
    Section("kerncijfers", figures.kerncijfers, render.kerncijfers),
    Section("vergelijking", figures.vergelijking, render.vergelijking),
    Section("ontwikkeling", figures.ontwikkeling, render.ontwikkeling),
    Section("objectief", figures.objectief, render.objectief),
    Section("dark_number", figures.dark_number, render.dark_number),
    Section("hotspots", figures.hotspots, render.hotspots),
    Section("bespreekpunten", None, render.bespreekpunten),
    Section("bronnen", None, render.bronnen),
)


def builders(sections: tuple[Section, ...] = SECTIONS) -> list[Callable[[figures.Build], None]]:
    """The builders of the sections that have figures, in order."""
    return [s.builder for s in sections if s.builder is not None]


def number(key: str, sections: tuple[Section, ...] = SECTIONS) -> int:
    """The number of section ``key`` in the report (from 1)."""
    return next(i for i, s in enumerate(sections, 1) if s.key == key)


__all__ = ["SECTIONS", "builders", "number"]
