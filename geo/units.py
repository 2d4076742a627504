"""Police units (basisteam, district, eenheid) built from the areas they consist of.

CBS publishes no layer of police units, and a basisteam can be one wijk of a
city, one gemeente or several gemeenten. A *composition* says which areas
make up which unit; vmgeo validates it against the boundaries of a year,
dissolves the member polygons into unit polygons and sums counts to units.

The composition format (CSV, one row per member; see
``boundaries/compositions/README.md``)::

    unit_code,unit_name,level,parent_code,member_code,valid_from,valid_to
    BT01,Basisteam Noord,basisteam,DI01,GM0014,2019,
    DI01,District Noord,district,RE01,BT01,2019,
    RE01,Noord-Nederland,eenheid,,DI01,2019,

A member is an area code (GM, WK or BU) or the code of a child unit;
``valid_from`` and ``valid_to`` are years (empty: open).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from . import levels, messages, text
from .errors import ColumnError, CompositionError, DataError, InputFileError, few
from .levels import POLICE_LEVELS
from .reports import Table

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

log = logging.getLogger("geo")

COLUMNS = ["unit_code", "unit_name", "level", "parent_code", "member_code", "valid_from", "valid_to"]
#: Overlap below this share of the smaller unit is noise of generalised borders
#: (the 2023 generalised gemeenten overlap each other by a few hundred m2 here and
#: there); a real double membership, such as a gemeente and one of its own wijken,
#: overlaps by the whole of the smaller unit.
OVERLAP_TOLERANCE = 1e-3


@dataclass(frozen=True)
class Composition:
    """Which areas (or child units) make up which police unit, and in which years."""

    frame: "pd.DataFrame"
    #: The file (or mapping) it came from, for messages.
    source: str


@dataclass(frozen=True)
class Units:
    """Unit polygons dissolved from their members, with the checks that passed."""

    frame: "gpd.GeoDataFrame"
    #: Unit code to the area codes it consists of.
    members: dict[str, set[str]]
    #: Per level: whether the units form a valid coverage (no gaps or slivers).
    coverage_valid: dict[str, bool]
    #: Member polygons changed slightly to make them a clean coverage first.
    cleaned: int
    source: str
    year: int


@dataclass(frozen=True)
class Aggregated:
    """Counts summed to units, and the units left without a sum."""

    frame: "pd.DataFrame"
    #: Unit code to its members without a value: the unit gets no value.
    incomplete: dict[str, list[str]]


def read_composition(path: str | Path) -> Composition:
    """Read and check the format of a composition CSV.

    Raises
    ------
    InputFileError, ColumnError, CompositionError
        Naming the file, the missing columns or the row and column of a bad value.
    """
    import pandas as pd

    path = Path(path)
    if not path.exists():
        raise InputFileError(messages.line("units_path_composition_file_found", path=path))
    try:
        comp = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except pd.errors.EmptyDataError as exc:
        raise CompositionError(messages.line("units_path_composition_empty_needs", path=path,
                                             join_columns=', '.join(COLUMNS))) from exc
    except (pd.errors.ParserError, UnicodeDecodeError, OSError) as exc:
        raise InputFileError(messages.line("units_path_cannot_read_as", path=path, exc=exc)) from exc
    comp.columns = [c.strip() for c in comp.columns]
    missing = [c for c in COLUMNS if c not in comp.columns]
    if missing:
        raise ColumnError(messages.line("units_path_composition_lacks_column", path=path,
                                        join_missing=', '.join(missing), join_columns=', '.join(COLUMNS)))
    comp = comp[COLUMNS].apply(lambda col: col.str.strip())
    comp["level"] = comp["level"].str.lower()
    for column in ("unit_code", "level", "member_code"):
        empty = comp.index[comp[column] == ""]
        if len(empty):
            raise CompositionError(messages.line("units_path_column_column_r", path=path, column=column,
                                                 few_i_2_for_i_in_emp=few([i + 2 for i in empty])))
    for column in ("valid_from", "valid_to"):
        bad = comp.index[(comp[column] != "") & ~comp[column].str.fullmatch(r"\d{4}")]
        if len(bad):
            row = bad[0]
            raise CompositionError(messages.line("units_path_row_row_column", path=path, row_2=row + 2,
                                                 column=column, comp_at_row_column=comp.at[row, column]))
        comp[column] = pd.to_numeric(comp[column].replace("", None)).astype("Int64")
    names = comp.groupby("unit_code")["unit_name"].nunique()
    if (names > 1).any():
        raise CompositionError(messages.line("units_path_unit_s_few", path=path,
                                             few_list_names_index=few(list(names.index[names > 1]))))
    return Composition(frame=comp, source=str(path))


def from_mapping(table: "Table | pd.DataFrame", *, member: str, unit: str, name: str | None = None,
                 level: str) -> Composition:
    """A one-level composition from a table with a member and a unit column (e.g. gemeente -> eenheid)."""
    import pandas as pd

    source = table.source if isinstance(table, Table) else "the mapping"
    table = table.frame if isinstance(table, Table) else table
    for column in (member, unit, name):
        if column and column not in table.columns:
            raise ColumnError(messages.line("units_source_no_column_column", source=source, column=column,
                                            join_map_str_table_c=', '.join(map(str, table.columns))))
    comp = pd.DataFrame({
        "unit_code": table[unit].astype(str).str.strip(),
        "unit_name": table[name].astype(str).str.strip() if name else table[unit].astype(str).str.strip(),
        "level": level, "parent_code": "", "member_code": table[member].astype(str).str.strip(),
        "valid_from": pd.array([pd.NA] * len(table), dtype="Int64"),
        "valid_to": pd.array([pd.NA] * len(table), dtype="Int64"),
    })
    return Composition(frame=comp, source=source)


def for_year(comp: Composition, year: int) -> Composition:
    """The rows of a composition valid in ``year``."""
    frame = comp.frame
    valid = (frame["valid_from"].isna() | (frame["valid_from"] <= year)) & (
        frame["valid_to"].isna() | (frame["valid_to"] >= year))
    out = frame[valid.fillna(False).astype(bool)].copy()
    if out.empty:
        years = sorted(set(frame["valid_from"].dropna()) | set(frame["valid_to"].dropna()))
        span = f"{years[0]}-{years[-1]}" if years else messages.line("no_year_word")
        raise CompositionError(messages.line("units_comp_source_no_row", comp_source=comp.source, year=year,
                                             span=span))
    return replace(comp, frame=out)


def resolve(comp: Composition) -> dict[str, set[str]]:
    """The area codes every unit consists of, child units expanded."""
    frame = comp.frame
    units = set(frame["unit_code"])
    direct: dict[str, list[str]] = {}
    for code, member in zip(frame["unit_code"], frame["member_code"]):
        direct.setdefault(code, []).append(member)
    out: dict[str, set[str]] = {}

    def expand(code: str, path: tuple[str, ...]) -> set[str]:
        if code in path:
            raise CompositionError(messages.line("units_comp_source_units_contain", comp_source=comp.source,
                                                 join_path_code=' -> '.join((*path, code))))
        if code in out:
            return out[code]
        areas: set[str] = set()
        for member in direct[code]:
            areas |= expand(member, (*path, code)) if member in units else {member}
        out[code] = areas
        return areas

    for code in direct:
        expand(code, ())
    return out


def expand_members(members: dict[str, set[str]], known: set[str]) -> dict[str, set[str]]:
    """Members named at a coarser level than the boundaries: a wijk on buurt boundaries becomes its buurten.

    A composition is written once (basisteam A = wijken 01 to 03) and used on
    wijk or on buurt boundaries; a wijk code that is not among the areas stands
    for every area whose code continues it (``WK051801`` for ``BU051801..``),
    and a gemeente code likewise. Codes that match nothing stay as they are and
    are reported as missing.
    """
    from bisect import bisect_left

    # Area codes by their digits (a wijk WK051801 and its buurten BU051801.. share "051801"), sorted, so that
    # the areas a code stands for are one slice found by bisection, not a scan of every area per member.
    by_prefix: dict[str, list[str]] = {}
    for code in known:
        level = levels.of_code(code)
        if level and level.name in ("wijk", "buurt"):
            by_prefix.setdefault(code[2:], []).append(code)
    digits = sorted(by_prefix)
    out: dict[str, set[str]] = {}
    for unit, areas in members.items():
        expanded: set[str] = set()
        for area in areas:
            level = levels.of_code(area)
            if area in known or level is None or level.name not in ("gemeente", "wijk"):
                expanded.add(area)
                continue
            stem = area[2:]
            start, end = bisect_left(digits, stem), bisect_left(digits, stem + "\U0010ffff")
            found = [c for d in digits[start:end] if d != stem for c in by_prefix[d]]
            # A gemeente expands to its wijken among the areas, and to the buurten of its other wijken: never
            # to a wijk and its buurten both, which would count a buurt twice.
            wijken = {c for c in found if c.startswith("WK")}
            finer = sorted(wijken | {c for c in found if not c.startswith("WK") and f"WK{c[2:8]}" not in wijken})
            expanded |= set(finer) if finer else {area}
        out[unit] = expanded
    return out


def validate(comp: Composition, areas: "gpd.GeoDataFrame", *, year: int) -> dict[str, set[str]]:
    """Check a composition against the areas (boundaries) of ``year``.

    Every member must exist, no area may be in two units of the same level,
    children must lie inside their parent, every area of a top unit must be in
    exactly one unit of each lower level, and units of one level must not
    overlap. All failures are reported together, by code.

    Parameters
    ----------
    comp
        From :func:`read_composition` or :func:`from_mapping`.
    areas
        Boundaries with a ``code`` column holding every member area (several
        levels concatenated when members are of several levels).
    year
        The year the composition should describe.

    Returns
    -------
    dict
        Unit code to the set of area codes it consists of.

    Raises
    ------
    CompositionError
    """
    comp = for_year(comp, year)
    source = comp.source
    members = expand_members(resolve(comp), set(areas["code"]))
    level_of = dict(zip(comp.frame["unit_code"], comp.frame["level"]))
    parent_of = {u: p for u, p in zip(comp.frame["unit_code"], comp.frame["parent_code"]) if p}
    problems: list[str] = []

    known = set(areas["code"])
    missing = sorted({a for s in members.values() for a in s} - known)
    if missing:
        problems.append(messages.line("units_members_not_in", year=year, listed=few(missing)))
    problems += _doubles(members, level_of)
    problems += _parents(members, level_of, parent_of)
    problems += _gaps(members, level_of, parent_of)
    if not problems:
        overlaps = _overlaps(dissolve_members(areas, members)[0], level_of)
        if overlaps:
            problems.append(messages.line("units_overlap", listed=few(overlaps, 5)))
    if problems:
        raise CompositionError(messages.line("units_problems", source=source, year=year, problems="; ".join(problems)))
    return members


def _doubles(members: dict[str, set[str]], level_of: dict[str, str]) -> list[str]:
    """Areas in two units of the same level."""
    problems = []
    for level in sorted(set(level_of.values())):
        seen: dict[str, str] = {}
        doubles = []
        for unit in sorted(u for u, lv in level_of.items() if lv == level):
            for area in sorted(members[unit]):
                if area in seen:
                    doubles.append(messages.line("units_area_in_two", area=area, first=seen[area], second=unit))
                seen[area] = unit
        if doubles:
            problems.append(messages.line("units_members_in_two", level=level, listed=few(doubles, 5)))
    return problems


def _parents(members: dict[str, set[str]], level_of: dict[str, str], parent_of: dict[str, str]) -> list[str]:
    """Parents that are no unit, of a level not above the child's, or that do not hold the child."""
    problems = []
    for unit, parent in sorted(parent_of.items()):
        if parent not in members:
            problems.append(messages.line("units_parent_unknown", unit=unit, parent=parent))
            continue
        if POLICE_LEVELS.count(level_of[unit]) and POLICE_LEVELS.count(level_of[parent]) and (
                POLICE_LEVELS.index(level_of[parent]) <= POLICE_LEVELS.index(level_of[unit])):
            problems.append(messages.line("units_parent_level", unit=unit, level=level_of[unit], parent=parent,
                                          parent_level=level_of[parent]))
        outside = sorted(members[unit] - members[parent])
        if outside:
            problems.append(messages.line("units_outside_parent", unit=unit, parent=parent, listed=few(outside)))
    return problems


def _gaps(members: dict[str, set[str]], level_of: dict[str, str], parent_of: dict[str, str]) -> list[str]:
    """Every area of a top unit must be covered by the units of each level below it."""
    problems = []
    for top in sorted(u for u in members if u not in parent_of):
        below = _descendants(top, parent_of)
        for level in sorted({level_of[u] for u in below}):
            covered = set().union(*(members[u] for u in below if level_of[u] == level))
            gaps = sorted(members[top] - covered)
            if gaps:
                problems.append(messages.line("units_area_in_no", top_level=level_of[top], top=top, level=level,
                                              listed=few(gaps)))
    return problems


def _descendants(unit: str, parent_of: dict[str, str]) -> set[str]:
    children = {u for u, p in parent_of.items() if p == unit}
    out = set(children)
    for child in children:
        out |= _descendants(child, parent_of)
    return out


def dissolve_members(areas: "gpd.GeoDataFrame", members: dict[str, set[str]], *, clean: bool = False
                     ) -> tuple["gpd.GeoDataFrame", int]:
    """One polygon per unit: the union of its member polygons, and how many members were cleaned.

    With ``clean``, the member polygons are first made a valid coverage
    (``shapely.coverage_clean``: overlaps resolved, shared edges made
    identical), so that neighbouring units share their borders exactly, with
    no slivers or gaps; the count says how many members changed.
    """
    import geopandas as gpd
    import shapely

    used = sorted({a for s in members.values() for a in s})
    sub = areas[areas["code"].isin(used)]
    geoms = sub.geometry.values
    cleaned = 0
    if clean and len(geoms) and not shapely.coverage_is_valid(geoms):
        fixed = shapely.coverage_clean(geoms)
        cleaned = int((~shapely.equals_exact(fixed, geoms, tolerance=0)).sum())
        geoms = fixed
    by_code = dict(zip(sub["code"], geoms))
    codes, out = [], []
    for unit, areas_of in members.items():
        parts = [by_code[a] for a in sorted(areas_of) if a in by_code]
        try:
            geom = shapely.coverage_union_all(parts) if shapely.coverage_is_valid(parts) else shapely.union_all(parts)
        except shapely.errors.GEOSException:
            geom = shapely.union_all(parts)
        codes.append(unit)
        out.append(geom)
    return gpd.GeoDataFrame({"code": codes}, geometry=out, crs=areas.crs), cleaned


def _overlaps(units: "gpd.GeoDataFrame", level_of: dict[str, str]) -> list[str]:
    found = []
    left, right = units.sindex.query(units.geometry, predicate="intersects")
    for i, j in zip(left, right):
        if i >= j:
            continue
        a, b = units["code"].iat[i], units["code"].iat[j]
        if level_of[a] != level_of[b]:
            continue
        area = units.geometry.iat[i].intersection(units.geometry.iat[j]).area
        smaller = min(units.geometry.iat[i].area, units.geometry.iat[j].area)
        if area > OVERLAP_TOLERANCE * smaller:
            found.append(f"{a} and {b} ({area / 1e6:.3g} km2)")
    return found


def build(comp: Composition, areas: "gpd.GeoDataFrame", *, year: int, level: str | None = None) -> Units:
    """Validate a composition and dissolve it into unit polygons.

    Parameters
    ----------
    comp
        The composition.
    areas
        Member boundaries of ``year`` (``code`` and geometry).
    year
        Year of the boundaries.
    level
        Return only the units of this level (``basisteam``, ``district``,
        ``eenheid``, ...); all levels by default.

    Returns
    -------
    Units
        ``frame``: ``code``, ``name``, ``level``, ``parent_code``,
        ``n_members``, ``members`` (the area codes, comma-separated) and the
        geometry; ``coverage_valid`` per level (no gaps or slivers between
        neighbours); ``members`` per unit; ``cleaned``.
    """
    import shapely

    members = validate(comp, areas, year=year)
    comp_y = for_year(comp, year)
    info = comp_y.frame.drop_duplicates("unit_code").set_index("unit_code")
    units, cleaned = dissolve_members(areas, members, clean=True)
    if cleaned:
        log.info("made the member polygons a clean coverage first (%d changed slightly)", cleaned)
    units["name"] = units["code"].map(info["unit_name"]).replace("", None).fillna(units["code"])
    units["level"] = units["code"].map(info["level"])
    units["parent_code"] = units["code"].map(info["parent_code"]).replace("", None)
    units["n_members"] = units["code"].map(lambda u: len(members[u]))
    units["members"] = units["code"].map(lambda u: ",".join(sorted(members[u])))
    if level is not None:
        if level not in set(units["level"]):
            raise CompositionError(messages.line("units_comp_source_no_level", comp_source=comp.source, level=level,
                                                 join_sorted_set_unit=', '.join(sorted(set(units['level'])))))
        units = units[units["level"] == level].reset_index(drop=True)
    units = units[["code", "name", "level", "parent_code", "n_members", "members", "geometry"]]
    valid = {lv: bool(shapely.coverage_is_valid(units.geometry[units["level"] == lv].values))
             for lv in sorted(set(units["level"]))}
    return Units(frame=units, members=members, coverage_valid=valid, cleaned=cleaned, source=comp.source, year=year)


def aggregate(frame: "pd.DataFrame", members: dict[str, set[str]], *, counts: list[str],
              code_column: str = "code") -> Aggregated:
    """Sum counts of member areas to units.

    Parameters
    ----------
    frame
        One row per area with ``code_column`` and the count columns.
    members
        Unit code to area codes, from :func:`validate` or :attr:`Units.members`.
    counts
        Columns to sum (registrations, population, respondents).
    code_column
        Column of area codes in ``frame``.

    Returns
    -------
    Aggregated
        ``frame``: ``code`` (unit) and the summed counts. A unit with a
        member that has no value gets no value (a partial sum would look
        complete); ``incomplete`` lists those units with the missing members.
    """
    import pandas as pd

    by_code = frame.set_index(code_column)
    rows, incomplete = [], {}
    for unit, areas_of in sorted(members.items()):
        part = by_code.reindex(sorted(areas_of))[counts]
        lacking = part.index[part.isna().any(axis=1)].tolist()
        if lacking:
            incomplete[unit] = lacking
        rows.append({"code": unit, **{c: (part[c].sum() if not part[c].isna().any() else float("nan"))
                                      for c in counts}})
    out = pd.DataFrame(rows, columns=["code", *counts])
    if incomplete:
        log.warning(text.Say("w_incomplete_units", codes=few([f"{u} ({few(m, 3)})" for u, m in incomplete.items()], 5)))
    return Aggregated(frame=out, incomplete=incomplete)


def weighted_estimate(frame: "pd.DataFrame", members: dict[str, set[str]], *, value: str, weight: str,
                      code_column: str = "code") -> "pd.DataFrame":
    """A population-weighted unit estimate of a member-level percentage, marked indicative.

    Veiligheidsmonitor percentages are survey estimates: where CBS publishes
    them for the unit itself, use those. Otherwise this weighted mean of the
    member percentages is offered as an indication only; it has no margin,
    since the members' margins do not combine without the survey design.

    Returns
    -------
    pandas.DataFrame
        ``code``, ``value`` (the estimate), ``indicative`` (always true) and
        ``margin`` (always empty).
    """
    import numpy as np
    import pandas as pd

    by_code = frame.set_index(code_column)
    rows = []
    for unit, areas_of in sorted(members.items()):
        part = by_code.reindex(sorted(areas_of))[[value, weight]].astype(float)
        ok = part.notna().all(axis=1) & (part[weight] > 0)
        estimate = float(np.average(part.loc[ok, value], weights=part.loc[ok, weight])) if ok.all() and ok.any() \
            else float("nan")
        rows.append({"code": unit, "value": estimate, "indicative": True, "margin": None})
    if not rows:
        raise DataError(messages.line("units_no_units_estimate"))
    return pd.DataFrame(rows)
