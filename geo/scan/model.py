"""What a scan is: its options (:class:`ScanOptions`) and the finished scan (:class:`Scan`).

Every other module of the scan reads these two records; none of them imports
the orchestrator (:mod:`geo.scan.run`), so the modules that render a scan
(:mod:`.render`, :mod:`.workbook`, :mod:`.notes`) and the one that makes it
do not import each other in a circle.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..settings import DEFAULT_PERMUTATIONS, DEFAULT_SEED

if TYPE_CHECKING:
    import pandas as pd

    from .areas import Area, Peers, Reference
    from .data import Note, ScanData
    from .figures import Figures
    from .findings import Finding
    from .inside import Inside, PrintMap


@dataclass(frozen=True)
class Section:
    """One section of the report: its key, what adds its rows to the figures table, and what renders it.

    The list of sections (:data:`geo.scan.sections.SECTIONS`) is the one
    place their order lives: the figures table is built, the HTML rendered
    and the sections numbered in that order.
    """

    #: ``section`` in the figures table; ``scan_section_<key>`` in :mod:`geo.text` is its heading.
    key: str
    #: Adds the section's rows (:class:`geo.scan.figures.Build`); ``None`` for a section without figures.
    builder: "Callable[[Any], None] | None"
    #: The section's HTML body from the scan and its :class:`geo.scan.render.Figs`.
    renderer: "Callable[[Scan, Any], str]"

    @property
    def anchor(self) -> str:
        """The id of the section in the HTML (``dark-number`` for ``dark_number``)."""
        return self.key.replace("_", "-")


@dataclass(frozen=True)
class Meeting:
    """The meeting itself: when, who, what it agreed and what the table knows of the street."""

    date: str | None = None
    participants: str | None = None
    #: The agreed priorities, at most three, in order.
    priorities: tuple[str, ...] = ()
    #: (action, owner, due) per action; every action has an owner.
    actions: tuple[tuple[str, str, str | None], ...] = ()
    #: (kind, what, explanation): kind is ``groep``, ``plek`` or ``voorziening`` (hot groups, places, facilities).
    street: tuple[tuple[str, str, str | None], ...] = ()

    def __bool__(self) -> bool:
        return any((self.date, self.participants, self.priorities, self.actions, self.street))


@dataclass
class ScanOptions:
    """What to scan; the fields mirror the options of ``vmgeo scan``."""

    area: str | None
    year: int
    level: str = "gemeente"
    composition: str | None = None
    mapping: str | None = None
    compare: str = "auto"
    lang: str = "nl"
    notes: str | None = None
    within: str | None = None
    embed: bool = False
    permutations: int = DEFAULT_PERMUTATIONS
    seed: int = DEFAULT_SEED
    refresh: bool = False
    #: The smallest relevant difference per unit where it differs from :data:`geo.scan.compare.RELEVANT`.
    relevant: dict[str, float] = field(default_factory=dict)


@dataclass
class Scan:
    """One finished scan: the figures table and everything rendered from it."""

    area: "Area"
    year: int
    lang: str
    figures: "Figures"
    findings: list["Finding"]
    fingerprint: str
    sources: "pd.DataFrame"
    peers: "Peers"
    references: tuple["Reference", ...]
    names: dict[str, str]
    data: "ScanData"
    inside: "Inside | None"
    created: str
    notes: list["Note"] = field(default_factory=list)
    map_html: str | None = None
    #: The map's layers for print, by layer (``lisa``, ``gi``), drawn as numbered SVG maps with a key.
    print_maps: dict[str, "PrintMap"] = field(default_factory=dict)
    #: Whether the meeting's notes are folded in, and what they say per finding key.
    final: bool = False
    meeting: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: The meeting's date, participants, priorities, actions and straatkennis (final version), else ``None``.
    record: Meeting | None = None
    #: The relevant differences the verdicts used, where they differ from the defaults.
    relevant: dict[str, float] = field(default_factory=dict)
    #: The sections of the report, in order (:data:`geo.scan.sections.SECTIONS`).
    sections: tuple[Section, ...] = ()
    #: Why the areas inside could not be analysed at all (their boundaries are not published), else ``None``.
    inside_missing: str | None = None

    @property
    def frame(self) -> "pd.DataFrame":
        """The figures table."""
        assert self.figures.frame is not None
        return self.figures.frame

    @property
    def boundary_year(self) -> int:
        """The year of the boundaries (PDOK)."""
        return self.data.year
