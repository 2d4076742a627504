"""The area of a scan, what it is compared with, and its peers.

An area is a gemeente, a wijk, or a police unit (basisteam, district,
eenheid) built from a composition. Its registered figures are its own rows
(gemeente, wijk) or the sums of its members (units). Its Veiligheidsmonitor
figures are its own where CBS publishes them; otherwise those of the
smallest area around it that has them, said as such.

References:

==============  =========================================================================
``country``     Nederland: the country's rows (NL00, NL01)
``eenheid``     the police eenheid: the Veiligheidsmonitor's RE row, and the sum of the
                eenheid's gemeenten for registrations (from ``--mapping`` or the
                composition; CBS's own table of that is not used)
``gemeente``    for a wijk: its gemeente, shown whole and tested without the wijk (the rest
                of the gemeente)
``peers``       comparable areas: gemeenten of the same urbanity (``MateVanStedelijkheid``)
                and size class, the other units of the same level, or ``--compare`` (a wijk
                has none unless ``--compare`` names them)
==============  =========================================================================

Every count comparison leaves the area out of its reference; see
:mod:`geo.scan.compare`.
"""

from __future__ import annotations

import difflib
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .. import levels, messages, text, units
from ..errors import ColumnError, InputFileError, OptionError, few

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

    from ..units import Composition
    from .data import ScanData

log = logging.getLogger("geo")

#: Size classes of inhabitants (lower bounds), as the usual gemeentegrootteklassen group them.
SIZE_CLASSES = (0, 20_000, 50_000, 100_000, 250_000)
COUNTRY = "NL"
#: The levels ``--level`` accepts.
SCAN_LEVELS = ("gemeente", "wijk", "basisteam", "district", "eenheid")
#: The peer rule of a wijk without ``--compare``: no peers; its gemeente and the rest of it are the comparison.
GEMEENTE_RULE = "gemeente"


@dataclass(frozen=True)
class Area:
    """The area a scan is about."""

    code: str
    name: str
    level: str
    #: Gemeente or wijk codes whose registrations make up the area (the area itself for a gemeente or wijk).
    members: tuple[str, ...]
    #: The gemeente a wijk lies in, or the one gemeente a unit consists of.
    gemeente: str | None
    eenheid: str | None
    #: The code whose Veiligheidsmonitor figures are the area's own (``None`` for units of several areas).
    survey: str | None
    #: The areas of the hot-spot map inside it, and their level.
    inside: tuple[str, ...]
    inside_level: str | None
    #: For a wijk: itself, highlighted on the map of its gemeente's wijken.
    focus: str | None = None


@dataclass(frozen=True)
class Reference:
    """What an area is compared with."""

    kind: str
    code: str
    name: str
    #: Codes whose registrations are summed; empty: the published row of ``code`` itself.
    members: tuple[str, ...]
    #: The Veiligheidsmonitor row of the reference; ``None``: pooled over ``survey_members`` (peers).
    survey: str | None
    #: Whether the area is part of the reference (and so left out of it when testing).
    contains_area: bool
    #: Veiligheidsmonitor rows pooled (weighted by inhabitants of 15 and over) when ``survey`` is ``None``.
    survey_members: tuple[str, ...] = ()


@dataclass(frozen=True)
class Peers:
    """The comparable areas and how they were chosen."""

    codes: tuple[str, ...]
    #: ``auto`` (urbanity and size), ``units`` (the other units of the level), ``compare`` (``--compare``) or
    #: :data:`GEMEENTE_RULE` (a wijk: none, its gemeente is the comparison).
    rule: str
    urbanity: int | None = None
    size_class: int | None = None


def size_class(inhabitants: float) -> int:
    """The index in :data:`SIZE_CLASSES` of a number of inhabitants."""
    out = 0
    for i, bound in enumerate(SIZE_CLASSES):
        if inhabitants >= bound:
            out = i
    return out


def read_mapping(path: str | Path) -> dict[str, tuple[str, str]]:
    """A gemeente -> eenheid table: gemeentecode, politie_eenheid_code and (optionally) politie_eenheid_naam.

    Returns
    -------
    dict
        Gemeente code to (eenheid code, eenheid name).
    """
    from ..joins import canonical_codes
    from ..tables import read_table

    path = Path(path)
    if not path.exists():
        raise InputFileError(messages.line("scan_areas_mapping_file_found", path=path))
    frame = read_table(path).frame
    columns = {str(c).strip().lower(): c for c in frame.columns}
    missing = [c for c in ("gemeentecode", "politie_eenheid_code") if c not in columns]
    if missing:
        raise ColumnError(messages.line("scan_areas_mapping_lacks_column", path=path, missing=', '.join(missing)))
    name_col = columns.get("politie_eenheid_naam")
    # The join's own spelling of codes: 518, 0518, 518.0 and GM518 all become GM0518.
    codes = canonical_codes(frame[columns["gemeentecode"]], prefix="GM", width=4)
    out = {}
    for code, (_, row) in zip(codes, frame.iterrows()):
        unit = str(row[columns["politie_eenheid_code"]]).strip()
        if code and unit:
            out[code] = (unit, str(row[name_col]).strip() if name_col is not None else unit)
    return out


def eenheden_of_composition(comp: "Composition", year: int) -> dict[str, tuple[str, str]]:
    """Gemeente -> (eenheid code, name) for the eenheden of a composition made of gemeenten."""
    comp_y = units.for_year(comp, year)
    resolved = units.resolve(comp_y)
    frame = comp_y.frame.drop_duplicates("unit_code").set_index("unit_code")
    out = {}
    for unit, members in resolved.items():
        if frame.at[unit, "level"] != "eenheid":
            continue
        for member in members:
            if member.startswith("GM"):
                out[member] = (unit, str(frame.at[unit, "unit_name"]) or unit)
            elif (gm := levels.parent_gemeente(member)) is not None:
                out.setdefault(gm, (unit, str(frame.at[unit, "unit_name"]) or unit))
    return out


def _numerically_close(code: str, codes: list[str], n: int = 2) -> list[str]:
    """The ``n`` codes of the same prefix and width nearest in number to ``code`` (none if it has no number)."""
    import re

    match = re.fullmatch(r"([A-Z]+)(\d+)", code)
    if match is None:
        return []
    prefix, number = match.group(1), int(match.group(2))
    same = [c for c in codes if c.startswith(prefix) and len(c) == len(code) and c[len(prefix):].isdigit()]
    return sorted(same, key=lambda c: (abs(int(c[len(prefix):]) - number), c))[:n]


def unknown_code(code: str, known: "pd.DataFrame", *, what: str, level: str | None = None) -> OptionError:
    """The error for an ``--area`` (or ``--within``) that is not in ``known`` (code, name), with close matches.

    ``level`` names what the known areas are (``a gemeente area``); without it, ``a known area``.
    """
    codes = [str(c) for c in known["code"]]
    names = {str(n).lower(): str(c) for c, n in zip(known["code"], known["name"])}
    # A mistyped number is closest in value (GM0958 -> GM0957), which string similarity does not see.
    close = _numerically_close(code.upper(), codes)
    close += difflib.get_close_matches(code.upper(), codes, n=3, cutoff=0.6)
    close += [names[n] for n in difflib.get_close_matches(code.lower(), list(names), n=3, cutoff=0.6)]
    by_code = dict(zip(known["code"].astype(str), known["name"].astype(str)))
    matches = ", ".join(f"{c} ({by_code[c]})" for c in dict.fromkeys(close))
    hint = (messages.line("scan_areas_close_matches", matches=matches) if close
            else messages.line("scan_areas_codes_are", codes=few(sorted(codes)[:3], 3)))
    if level is None:
        return OptionError(messages.line("scan_areas_unknown_area", what=what, code=code, hint=hint))
    return OptionError(messages.line("scan_areas_unknown_code", what=what, code=code, level=level, hint=hint))


def gemeente_area(code: str, data: "ScanData", *, eenheden: dict[str, tuple[str, str]]) -> Area:
    """A gemeente of the scan year; its wijken are the areas inside it."""
    gemeenten = _named(data.gemeenten, "gemeente")
    if code not in set(gemeenten["code"]):
        raise unknown_code(code, gemeenten, what="--area", level="gemeente")
    name = str(gemeenten.set_index("code").at[code, "name"])
    inside: tuple[str, ...] = ()
    if data.wijken is not None:
        inside = tuple(sorted(c for c in data.wijken["code"] if levels.parent_gemeente(c) == code))
    eenheid = eenheden.get(code, (None, None))[0]
    return Area(code=code, name=name, level="gemeente", members=(code,), gemeente=code, eenheid=eenheid,
                survey=code, inside=inside, inside_level="wijk" if inside else None)


def wijk_area(code: str, data: "ScanData", *, eenheden: dict[str, tuple[str, str]]) -> Area:
    """A wijk of the scan year, on the map of its gemeente's wijken."""
    wijken = _named(data.wijken, "wijk")
    if code not in set(wijken["code"]):
        raise unknown_code(code, wijken, what="--area", level="wijk")
    name = str(wijken.set_index("code").at[code, "name"])
    gemeente = levels.parent_gemeente(code)
    inside = tuple(sorted(c for c in wijken["code"] if levels.parent_gemeente(c) == gemeente))
    eenheid = eenheden.get(gemeente or "", (None, None))[0]
    return Area(code=code, name=name, level="wijk", members=(code,), gemeente=gemeente, eenheid=eenheid,
                survey=code, inside=inside, inside_level="wijk", focus=code)


def unit_area(code: str, level: str, comp: "Composition", data: "ScanData", *,
              eenheden: dict[str, tuple[str, str]]) -> Area:
    """A police unit of a composition: its members are the areas inside it."""
    import pandas as pd

    comp_y = units.for_year(comp, data.year)
    info = comp_y.frame.drop_duplicates("unit_code").set_index("unit_code")
    if code not in info.index or info.at[code, "level"] != level:
        known = pd.DataFrame({"code": [c for c in info.index if info.at[c, "level"] == level],
                              "name": [info.at[c, "unit_name"] for c in info.index if info.at[c, "level"] == level]})
        raise unknown_code(code, known, what=f"--area (in {comp.source})", level=level)
    members = tuple(sorted(units.resolve(comp_y)[code]))
    gemeenten = sorted({m if m.startswith("GM") else str(levels.parent_gemeente(m)) for m in members})
    eenheid = _eenheid_of(code, info, gemeenten, eenheden)
    single = gemeenten[0] if len(gemeenten) == 1 and all(m.startswith("GM") for m in members) else None
    member_level = "gemeente" if all(m.startswith("GM") for m in members) else "wijk"
    return Area(code=code, name=str(info.at[code, "unit_name"] or code), level=level, members=members,
                gemeente=single, eenheid=eenheid, survey=single or (code if eenheid == code else None),
                inside=members, inside_level=member_level)


def _eenheid_of(code: str, info: "pd.DataFrame", gemeenten: list[str], eenheden: dict[str, tuple[str, str]]
                ) -> str | None:
    """A unit's eenheid: an RE-coded ancestor in the composition, else the one eenheid all member gemeenten are in."""
    parent = str(info.at[code, "parent_code"] or "")
    seen = {code}
    node = code
    while True:
        found_level = levels.of_code(node)
        if found_level is not None and found_level.name == "eenheid":
            return node
        if not parent or parent in seen or parent not in info.index:
            break
        seen.add(parent)
        node, parent = parent, str(info.at[parent, "parent_code"] or "")
    found = {eenheden[g][0] for g in gemeenten if g in eenheden}
    return found.pop() if len(found) == 1 else None


def _named(frame: "gpd.GeoDataFrame | None", level: str) -> "pd.DataFrame":
    if frame is None:
        raise OptionError(messages.line("scan_areas_boundaries_were_loaded", level=level))
    return frame[["code", "name"]].copy()


def references(area: Area, data: "ScanData", *, eenheden: dict[str, tuple[str, str]], peers: Peers,
               peer_names: dict[str, str], peer_members: tuple[str, ...], peer_survey: tuple[str, ...]
               ) -> tuple[Reference, ...]:
    """The country, the own eenheid (and gemeente, for a wijk) and the peers of ``area``.

    ``peer_members`` are the gemeente or wijk codes whose registrations the
    peers sum (for units: their members); ``peer_survey`` the codes whose
    Veiligheidsmonitor figures are pooled.
    """
    out = [Reference(kind="country", code=COUNTRY, name=data.region_names.get("NL01", "Nederland"), members=(),
                     survey="NL01", contains_area=True)]
    if area.eenheid is not None and area.eenheid != area.code:
        members = tuple(sorted(g for g, (e, _n) in eenheden.items() if e == area.eenheid))
        name = next((n for e, n in eenheden.values() if e == area.eenheid), None) or data.region_names.get(
            area.eenheid, area.eenheid)
        if members:
            out.append(Reference(kind="eenheid", code=area.eenheid, name=name, members=members, survey=area.eenheid,
                                 contains_area=True))
    if area.level == "wijk" and area.gemeente is not None and data.gemeenten is not None:
        names = dict(zip(data.gemeenten["code"], data.gemeenten["name"]))
        out.append(Reference(kind="gemeente", code=area.gemeente, name=str(names.get(area.gemeente, area.gemeente)),
                             members=(), survey=area.gemeente, contains_area=True))
    if peers.codes:
        out.append(Reference(kind="peers", code="peers", name=", ".join(peer_names.get(c, c) for c in peers.codes),
                             members=peer_members, survey=None, contains_area=False, survey_members=peer_survey))
    return tuple(out)


def auto_peers(area: Area, data: "ScanData", *, unit_codes: tuple[str, ...] = ()) -> Peers:
    """Comparable areas: same urbanity and size class (gemeenten), other units; none for a wijk.

    Raises
    ------
    OptionError
        When no area qualifies: give ``--compare``.
    """
    import math

    if area.level == "wijk":
        # A wijk is compared with its gemeente and the rest of it (a reference of its own), not with a
        # third of the gemeente's wijken picked by urbanity; --compare still names peers by hand.
        return Peers(codes=(), rule=GEMEENTE_RULE)
    if area.level in levels.POLICE_LEVELS:
        codes = tuple(c for c in unit_codes if c != area.code)
        if not codes:
            raise OptionError(messages.line("scan_areas_peer_group_empty2", area_code=area.code, area_level=area.level))
        return Peers(codes=codes, rule="units")
    pop = data.population.set_index("code") if data.population is not None else None
    if pop is None or area.code not in pop.index or not math.isfinite(float(pop.at[area.code, "urbanity"])):
        raise OptionError(messages.line("scan_areas_urbanity_unknown_ned", area_code=area.code))
    urbanity = int(pop.at[area.code, "urbanity"])
    size = size_class(float(pop.at[area.code, "population"]))
    known = set(data.gemeenten["code"]) if data.gemeenten is not None else set()
    gemeenten = pop[pop.index.str.startswith("GM") & pop.index.isin(known)]
    same = gemeenten[(gemeenten["urbanity"] == urbanity)
                     & (gemeenten["population"].map(lambda n: size_class(float(n))) == size)]
    codes = tuple(sorted(c for c in same.index if c != area.code))
    if not codes:
        raise OptionError(messages.line("scan_areas_peer_group_empty", area_code=area.code, urbanity=urbanity,
                                        size=size_label(size, lang=text.log_lang())))
    return Peers(codes=codes, rule="auto", urbanity=urbanity, size_class=size)


def compare_peers(spec: str, area: Area, known: "pd.DataFrame", *, level: str | None = None) -> Peers:
    """The peers of ``--compare CODE,CODE``, checked against the areas (``code``, ``name``) of ``level``.

    Raises
    ------
    OptionError
        For an unknown code (with close matches) or a list without any other area.
    """
    codes = [c.strip().upper() for c in spec.split(",") if c.strip()]
    valid = set(known["code"].astype(str))
    for code in codes:
        if code not in valid:
            raise unknown_code(code, known, what="--compare", level=level)
    chosen = tuple(dict.fromkeys(c for c in codes if c != area.code))
    if not chosen:
        raise OptionError(messages.line("scan_areas_compare_leaves_empty", spec=spec, area_code=area.code))
    return Peers(codes=chosen, rule="compare")


def size_label(index: int, *, lang: str = "nl") -> str:
    """A size class for readers: ``100.000-250.000`` or ``250.000 of meer``."""
    low = SIZE_CLASSES[index]
    if index + 1 < len(SIZE_CLASSES):
        return f"{text.number(low, 0, lang=lang)}\u2013{text.number(SIZE_CLASSES[index + 1], 0, lang=lang)}"
    return text.get("scan_or_more", lang=lang, n=text.number(low, 0, lang=lang))
