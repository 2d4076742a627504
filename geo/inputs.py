"""Assembling the inputs of a hot-spot run: figures, population, boundaries, units, years.

The CLI hands its options over as :class:`Options`; :func:`assemble` reads
or fetches everything, moves figures across boundary years when the data
and boundaries differ, builds police units from a composition when asked,
and returns the prepared frame that :func:`geo.analyse` takes, with a report
of every source and every row that moved or did not match.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import OptionError
from .settings import Settings

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

log = logging.getLogger("geo")

#: Which PDOK level holds areas with this code prefix.
PREFIX_LEVELS = {"GM": "gemeente", "WK": "wijk", "BU": "buurt", "PV": "provincie", "VR": "veiligheidsregio"}
UNIT_LEVELS = ("basisteam", "district", "eenheid")


@dataclass
class Options:
    """What to analyse; the fields mirror the options of ``vmgeo hotspots``."""

    data: str
    level: str = "gemeente"
    year: int | None = None
    boundaries: list[str] = field(default_factory=list)
    filters: list[str] = field(default_factory=list)
    period: str | None = None
    code_column: str | None = None
    name_join: str | None = None
    value: str | None = None
    population: str | None = None
    population_filters: list[str] = field(default_factory=list)
    population_period: str | None = None
    boundary_code_column: str | None = None
    name_column: str | None = None
    crs: str | None = None
    sheet: str | None = None
    composition: str | None = None
    data_year: int | None = None
    data_boundaries: str | None = None
    split_rule: str | None = None
    aggregate: str = "sum"
    refresh: bool = False


@dataclass
class Assembled:
    """The prepared frame and everything a summary should say about how it was made."""

    prepared: "gpd.GeoDataFrame"
    title: str
    sources: list[dict[str, Any]]
    report: dict[str, Any]


def assemble(opts: Options, *, settings: Settings) -> Assembled:
    """Read, fetch, move and aggregate until one prepared frame is left."""
    from . import analysis, fetch, joins, units
    from .tables import find_column, read_table

    sources: list[dict[str, Any]] = []
    report: dict[str, Any] = {}
    comp = None
    member_levels = [opts.level]
    unit_level = None
    if opts.composition or (opts.level in UNIT_LEVELS and not opts.boundaries):
        if not opts.composition:
            raise OptionError(f"--level {opts.level} has no PDOK layer; give its composition with --composition FILE "
                              "(see boundaries/compositions/README.md)")
        comp = units.read_composition(opts.composition)
        unit_level = opts.level
        year = _year(opts)
        resolved = units.resolve(units.for_year(comp, year))
        prefixes = sorted({a[:2] for s in resolved.values() for a in s})
        member_levels = [PREFIX_LEVELS.get(p, p) for p in prefixes]

    # 1. Figures.
    remote = not Path(opts.data).exists() and (fetch.looks_remote(opts.data) or not Path(opts.data).suffix)
    kind = "count"
    if remote:
        spec = fetch.parse(opts.data, filters=opts.filters)
        table = _fetch_levels(spec, opts, member_levels, settings, period=opts.period)
        sources.append(table.attrs["provenance"])
        code_column, value = "code", "value"
        prov = table.attrs["provenance"]
        kind = "percentage" if str(prov.get("unit")) == "%" else "count"
        title = (fetch.indicators()[spec.indicator]["title"] if spec.indicator
                 else prov.get("measure_title") or spec.measure) + f" {prov.get('period') or ''}".rstrip()
    else:
        if opts.filters or opts.period:
            raise OptionError("--filter and --period apply to CBS/Politie tables, not to a data file")
        if not (opts.code_column or opts.name_join) or not opts.value:
            raise OptionError(f"{opts.data}: a data file needs --code-column (or --name-join) and --value "
                              "(or give SOURCE:TABLE/MEASURE or an indicator name as --data)")
        table = read_table(opts.data, sheet=opts.sheet)
        code_column, value = opts.code_column or opts.name_join, opts.value
        for column, what, option in ((code_column, "code", "--code-column"), (value, "value", "--value")):
            find_column(table, column, what=what, option=option)  # name a wrong column before slow work
        title = value
        kind = "percentage" if opts.aggregate == "weighted" else "count"

    # 2. Population.
    population_table = None
    population_column = None
    if opts.population:
        if not remote and _is_column(table, opts.population):
            population_column = opts.population
        elif fetch.looks_remote(opts.population):
            pop_spec = fetch.parse(opts.population, filters=opts.population_filters)
            population_table = _fetch_levels(pop_spec, opts, member_levels, settings,
                                              period=opts.population_period).rename(columns={"value": "population"})
            sources.append(population_table.attrs["provenance"])
        elif remote:
            raise OptionError(f"--population {opts.population!r}: with figures from CBS/Politie the population must "
                              "be SOURCE:TABLE/MEASURE or an indicator such as 'inwoners'")
        else:
            find_column(table, opts.population, what="population", option="--population")

    # 3. Areas of the target year.
    year = _year(opts, required=not opts.boundaries)
    areas = _areas(opts, member_levels, year, code_column, settings, sources)
    report["boundary_year"] = year

    # 4. Figures coded on another boundary year move to this one.
    if opts.data_year and year and opts.data_year != year:
        table, code_column = _crosswalk(table, code_column, value, population_column, kind, opts, areas,
                                        member_levels, settings, sources, report, population_table)

    # 5. Join and parse.
    if opts.name_join and not remote:
        joined = joins.join_by_name(areas, table, name_column=opts.name_join)
    else:
        joined = joins.join(areas, table, code_column=code_column)
    if population_table is not None:
        first = joined.attrs["join"]
        joined = joins.join(joined, population_table, code_column="code", columns=["population"])
        report["population_join"] = {k: joined.attrs["join"][k] for k in ("data_only", "boundaries_only")}
        joined.attrs["join"] = first
        population_column = "population"
    prepared = analysis.prepare(joined, value=value, population=population_column)

    # 6. Police units.
    if comp is not None:
        prepared = _to_units(prepared, comp, areas, year, unit_level, kind, report)
        title = f"{title} ({unit_level})"
    return Assembled(prepared=prepared, title=title, sources=sources, report=report)


def _year(opts: Options, *, required: bool = True) -> int | None:
    year = opts.year or (int(opts.period[:4]) if opts.period and opts.period[:4].isdigit() else None)
    if year is None and required:
        raise OptionError("give --year (or --period) for the boundaries, or --boundaries FILE")
    return year


def _is_column(table: "pd.DataFrame", name: str) -> bool:
    from .errors import ColumnError
    from .tables import find_column

    try:
        find_column(table, name, what="population")
        return True
    except ColumnError:
        return False


def _fetch_levels(spec: Any, opts: Options, levels: list[str], settings: Settings, *, period: str | None
                  ) -> "pd.DataFrame":
    import pandas as pd

    from . import fetch

    parts = [fetch.fetch_table(spec, period=period, level=lv, settings=settings, refresh=opts.refresh)
             for lv in levels]
    out = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    out.attrs = dict(parts[0].attrs)
    return out


def _areas(opts: Options, levels: list[str], year: int | None, code_column: str, settings: Settings,
           sources: list[dict[str, Any]]) -> "gpd.GeoDataFrame":
    import pandas as pd

    from . import fetch
    from .boundaries import load_boundaries

    if opts.boundaries:
        frames = []
        for path in opts.boundaries:
            code = opts.boundary_code_column
            if code is None:
                import pyogrio

                try:
                    fields = set(pyogrio.read_info(path)["fields"])
                except Exception:  # unreadable files are reported by load_boundaries
                    fields = set()
                code = code_column if code_column in fields else None
            frames.append(load_boundaries(path, code_column=code, name_column=opts.name_column, crs=opts.crs))
    else:
        frames = []
        for level in levels:
            gdf = fetch.fetch_boundaries(level, year, settings=settings, refresh=opts.refresh)  # type: ignore[arg-type]
            sources.append(gdf.attrs["provenance"])
            frames.append(gdf)
    if len(frames) == 1:
        return frames[0]
    import geopandas as gpd

    out = gpd.GeoDataFrame(pd.concat([f[["code", "name", "geometry"]] for f in frames], ignore_index=True),
                           crs=frames[0].crs)
    out.attrs = {"source": ", ".join(str(f.attrs.get("source")) for f in frames),
                 "repaired": [c for f in frames for c in f.attrs.get("repaired", [])]}
    return out


def _crosswalk(table: "pd.DataFrame", code_column: str, value: str, population_column: str | None, kind: str,
               opts: Options, areas: "gpd.GeoDataFrame", levels: list[str], settings: Settings,
               sources: list[dict[str, Any]], report: dict[str, Any],
               population_table: "pd.DataFrame | None") -> tuple["pd.DataFrame", str]:
    from . import crosswalk, fetch
    from .boundaries import load_boundaries
    from .joins import canonical_codes, code_style
    from .tables import find_column, to_number

    if kind != "count":
        raise OptionError("percentages cannot be moved across boundary years (a merged area's percentage is not "
                          "the sum of its parts); use a table on the boundaries of --year")
    if opts.data_boundaries:
        old = load_boundaries(opts.data_boundaries, crs=opts.crs)
    else:
        old = fetch.fetch_boundaries(levels[0], opts.data_year, settings=settings,  # type: ignore[arg-type]
                                     refresh=opts.refresh)
        sources.append(old.attrs["provenance"])
    walk = crosswalk.build(old, areas)
    source = table.attrs.get("source", "the data")
    prefix, width = code_style(old["code"])
    data = table.copy()
    data["_old"] = canonical_codes(data[find_column(data, code_column, what="code")], prefix=prefix, width=width)
    counts = [value] + ([population_column] if population_column else [])
    for column in counts:
        data[column] = to_number(data[find_column(data, column, what="value")], column=column, source=source)
    new_pop = population_table.set_index("code")["population"] if population_table is not None else None
    moved = crosswalk.apply(data, walk, code_column="_old", counts=counts, split_rule=opts.split_rule,
                            new_population=new_pop)
    report["crosswalk"] = {"from_year": opts.data_year, "to_year": opts.year, "moved": moved.attrs["moved"],
                           "unmatched": moved.attrs["unmatched"], "split_rule": opts.split_rule}
    log.info("data of boundary year %s placed on %s: %d row(s) moved", opts.data_year, opts.year,
             len(moved.attrs["moved"]))
    moved.attrs["source"] = source
    return moved, "code"


def _to_units(prepared: "gpd.GeoDataFrame", comp: "pd.DataFrame", areas: "gpd.GeoDataFrame", year: int | None,
              level: str | None, kind: str, report: dict[str, Any]) -> "gpd.GeoDataFrame":
    from . import analysis, joins, units

    built = units.build(comp, areas, year=year, level=level)  # type: ignore[arg-type]
    members = {u: built.attrs["members"][u] for u in built["code"]}
    has_pop = "population" in prepared.columns
    if kind == "percentage":
        if not has_pop:
            raise OptionError("a percentage can only be taken to units as a population-weighted estimate; "
                              "give --population")
        table = units.weighted_estimate(prepared, members, value="value", weight="population")
        table["population"] = units.aggregate(prepared, members, counts=["population"])["population"].to_numpy()
        report["indicative"] = ("unit values are population-weighted means of member percentages: an indication "
                                "without a margin, not a survey estimate for the unit")
        table = table[["code", "value", "population"]]
    else:
        table = units.aggregate(prepared, members, counts=["value"] + (["population"] if has_pop else []))
        report["incomplete_units"] = table.attrs["incomplete"]
    table.attrs["source"] = f"sums over {comp.attrs.get('source')}"
    joined = joins.join(built, table, code_column="code")
    unit_prepared = analysis.prepare(joined, value="value", population="population" if has_pop else None)
    report["units"] = {"composition": comp.attrs.get("source"), "level": level, "year": year,
                       "n_units": len(built), "coverage_valid": built.attrs["coverage_valid"],
                       "members_cleaned": built.attrs["cleaned"]}
    return unit_prepared
