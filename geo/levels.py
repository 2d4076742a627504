"""The area levels vmgeo knows: one table, the only place their facts live.

CBS levels (gemeente, wijk, buurt and the regions above them) have fixed
code prefixes and widths (``GM0518``, ``WK051801``, ``BU05180110``) and a
PDOK collection described in the boundary catalogue (``boundaries/catalogue.toml``).
Police levels (basisteam, district, eenheid) are built from compositions;
only the regionale eenheden have CBS codes (``RE01`` .. ``RE10``).

==================  ======  =====  =================  =========  ======
level               prefix  width  PDOK catalogue     tolerance  kind
==================  ======  =====  =================  =========  ======
land                NL      2      -                  500 m      cbs
landsdeel           LD      2      -                  500 m      cbs
provincie           PV      2      provincie          200 m      cbs
veiligheidsregio    VR      2      veiligheidsregio   200 m      cbs
eenheid             RE      2      -                  200 m      police
district            -       -      -                  50 m       police
basisteam           -       -      -                  30 m       police
gemeente            GM      4      gemeente           50 m       cbs
wijk                WK      6      wijk               20 m       cbs
buurt               BU      8      buurt              8 m        cbs
==================  ======  =====  =================  =========  ======

The tolerance is how far a map may move a border when it simplifies the
polygons: a few pixels at the zoom a level is read at. ``small_population``
(2,000 inhabitants; wijk 500, buurt 200) is where a raw rate starts to rest
on a handful of cases: such areas are named in a note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import messages
from .errors import OptionError


@dataclass(frozen=True)
class Level:
    """One area level."""

    name: str
    #: Code prefix in CBS and police tables (``GM``), ``None`` for levels without CBS codes.
    prefix: str | None
    #: Characters after the prefix (``4`` for ``GM0518``); ``0`` when there is no prefix.
    width: int
    #: Key of the level in the boundary catalogue, ``None`` when PDOK has no layer for it.
    pdok: str | None
    #: Coverage simplification tolerance for maps, in metres.
    tolerance: float
    #: ``cbs`` for CBS geography, ``police`` for police units.
    kind: str
    #: Dutch and English names for readers.
    title_nl: str
    title_en: str
    #: Areas with fewer inhabitants are named in a note: their raw rate rests on few cases.
    small_population: int = 2_000

    @property
    def police(self) -> bool:
        """Whether this is a police level (made from compositions, not fetched)."""
        return self.kind == "police"

    def title(self, lang: str = "nl") -> str:
        """The reader-facing name of the level."""
        return self.title_en if lang == "en" else self.title_nl


LEVELS: dict[str, Level] = {lv.name: lv for lv in (
    Level("land", "NL", 2, None, 500.0, "cbs", "land", "country"),
    Level("landsdeel", "LD", 2, None, 500.0, "cbs", "landsdeel", "part of the country"),
    Level("provincie", "PV", 2, "provincie", 200.0, "cbs", "provincie", "province"),
    Level("veiligheidsregio", "VR", 2, "veiligheidsregio", 200.0, "cbs", "veiligheidsregio", "safety region"),
    Level("eenheid", "RE", 2, None, 200.0, "police", "regionale eenheid", "police region"),
    Level("district", None, 0, None, 50.0, "police", "district", "police district"),
    Level("basisteam", None, 0, None, 30.0, "police", "basisteam", "basic police team"),
    Level("gemeente", "GM", 4, "gemeente", 50.0, "cbs", "gemeente", "municipality"),
    Level("wijk", "WK", 6, "wijk", 20.0, "cbs", "wijk", "district", small_population=500),
    Level("buurt", "BU", 8, "buurt", 8.0, "cbs", "buurt", "neighbourhood", small_population=200),
)}

#: Police levels from small to large; a parent unit is of a larger level.
POLICE_LEVELS = ("basisteam", "district", "eenheid")

_BY_PREFIX = {lv.prefix: lv for lv in LEVELS.values() if lv.prefix}
_PREFIXED = re.compile(r"^([A-Z]{2})[0-9A-Z]+$")


def get(name: str, *, option: str = "--level") -> Level:
    """The level called ``name``.

    Raises
    ------
    OptionError
        Naming the option and the levels there are.
    """
    try:
        return LEVELS[name]
    except KeyError:
        raise OptionError(messages.line("levels_unknown_option_name_r", option=option, name=name,
                                        join_levels=', '.join(LEVELS))) from None


def by_prefix(prefix: str) -> Level | None:
    """The level whose codes start with ``prefix`` (``GM`` -> gemeente), or ``None``."""
    return _BY_PREFIX.get(prefix.upper())


def of_code(code: str) -> Level | None:
    """The level of one CBS area code (``WK051801`` -> wijk), or ``None``."""
    match = _PREFIXED.match(str(code).strip().upper())
    return by_prefix(match.group(1)) if match else None


def of_codes(codes: object) -> Level | None:
    """The one level all ``codes`` share, or ``None`` when they are mixed or not CBS codes."""
    # of_code reads only str(code): each distinct spelling once (a level's codes repeat in a long table).
    found: set[Level | None] = set()
    for text in {str(c) for c in codes}:  # type: ignore[attr-defined]
        found.add(of_code(text))
        if len(found) > 1:
            return None  # mixed: no need to read the rest
    return found.pop() if len(found) == 1 else None


def width(prefix: str | None) -> int | None:
    """Digits after ``prefix`` in CBS codes, or ``None`` when the prefix is unknown."""
    level = by_prefix(prefix) if prefix else None
    return level.width if level else None


def parent_gemeente(code: str) -> str | None:
    """The gemeente code a wijk or buurt code belongs to (``BU05180110`` -> ``GM0518``)."""
    level = of_code(code)
    if level is None or level.name not in ("wijk", "buurt"):
        return None
    return "GM" + str(code).strip().upper()[2:6]


#: A CBS square's code (``E1615N3832``, :mod:`geo.grid`): squares are no level and have no small-population threshold.
SQUARE_CODE = r"E\d{4}N\d{4}"


def small_population_of(frame: object) -> int | None:
    """The population below which an area's raw rate rests on few cases, by the level of the frame's codes.

    ``frame`` is a (Geo)DataFrame with a ``code`` column. ``None`` for CBS
    squares: every square is small (a 100 m square holds tens of people, a
    500 m square hundreds), so a level's threshold would name nearly all of
    them; one note says so instead (:func:`geo.analysis.analyse`).
    """
    codes = frame["code"].astype(str)  # type: ignore[index]
    if len(codes) and bool(codes.str.fullmatch(SQUARE_CODE).all()):
        return None
    level = of_codes(codes)
    return level.small_population if level is not None else LEVELS["gemeente"].small_population
