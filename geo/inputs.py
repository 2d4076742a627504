"""Assembling the inputs of a hot-spot run: figures, population, boundaries, units, years.

The CLI hands its options over as :class:`Options`; :func:`assemble` reads
or fetches everything, moves figures across boundary years when the data
and boundaries differ, builds police units from a composition when asked,
and returns the prepared frame that :func:`geo.analyse` takes, with a report
of every source and every row that moved or did not match.
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import levels, periods
from .errors import CodeMismatchError, DataError, OptionError, few
from .reports import (
    Boundaries,
    CrosswalkReport,
    Prepared,
    Provenance,
    RunReport,
    Table,
    UnitsReport,
)
from .settings import Settings

if TYPE_CHECKING:
    from .units import Composition

log = logging.getLogger("geo")


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
    period_column: str | None = None
    layer: str | None = None
    mapping: str | None = None
    value2: str | None = None
    value2_period: str | None = None
    member_column: str = "gemeentecode"
    unit_column: str | None = None
    unit_name_column: str | None = None


@dataclass(frozen=True)
class Assembled:
    """The prepared frame(s) and everything a summary should say about how they were made.

    ``prepared`` is the frame of the (last) period; for a series,
    ``series`` holds the prepared frame of every period, in order.
    """

    prepared: Prepared
    title: str
    run: RunReport
    series: dict[str, Prepared] | None = None
    #: How the figures should be compared over time: ``count`` or ``percentage``.
    kind: str = "count"


#: Column names that hold periods in tables users bring (StatLine exports call it "Perioden").
PERIOD_COLUMNS = ("perioden", "periode", "period", "jaar", "year")


def member_levels(comp: "Composition", year: int) -> list[str]:
    """The levels of the areas a composition is made of in ``year`` (``gemeente``, ``wijk``, ...)."""
    from . import units

    resolved = units.resolve(units.for_year(comp, year))
    prefixes = sorted({a[:2] for s in resolved.values() for a in s})
    return [lv.name if (lv := levels.by_prefix(p)) else p for p in prefixes]


def wanted_periods(opts: Options) -> list[str] | None:
    """The periods of a series (``--period 2012:2023`` or a list), or ``None`` for one period."""
    if opts.period and ("," in opts.period or ":" in opts.period):
        return periods.expand(opts.period)
    return None


def assemble(opts: Options, *, settings: Settings) -> Assembled:
    """Read, fetch, move and aggregate until one prepared frame per period is left."""
    from . import fetch, units
    from .tables import find_column, read_table

    sources: list[Provenance] = []
    notes: list[str] = []
    comp = None
    levels_needed = [opts.level]
    unit_level = None
    series = wanted_periods(opts)
    if opts.composition or opts.mapping or (opts.level in levels.POLICE_LEVELS and not opts.boundaries):
        if opts.mapping:
            comp = _mapping(opts)
        elif not opts.composition:
            raise OptionError(f"--level {opts.level} has no PDOK layer; give its composition with --composition FILE "
                              "(see boundaries/compositions/README.md) or a member -> unit table with --mapping FILE")
        else:
            comp = units.read_composition(opts.composition)
        unit_level = opts.level
        if opts.value2:
            raise OptionError("--value2 with police units is not supported: a unit's survey figure is not a mean of "
                              "its members' (use CBS's own unit figures as --data and --value2 at level eenheid)")
        comp_year = _year(opts, required=False)
        if comp_year is None:
            raise OptionError(f"--composition/--mapping {opts.composition or opts.mapping}: give --year, the year it "
                              "describes (units change over the years)")
        levels_needed = member_levels(comp, comp_year)

    # 1. Figures: one table, with a "period" column for a series.
    remote = not Path(opts.data).exists() and (fetch.looks_remote(opts.data) or not Path(opts.data).suffix)
    kind = "count"
    if remote:
        spec = fetch.parse(opts.data, filters=opts.filters)
        table = _fetch_levels(spec, opts, levels_needed, settings, period=opts.period, periods=series)
        prov = table.provenance
        assert prov is not None  # fetched tables always carry their provenance
        sources.append(prov)
        code_column, value = "code", "value"
        kind = "percentage" if str(prov.unit) == "%" else "count"
        title = (fetch.indicators()[spec.indicator]["title"] if spec.indicator
                 else prov.measure_title or spec.measure) + f" {periods.label(prov.period)}".rstrip()
    else:
        if opts.filters:
            raise OptionError("--filter applies to CBS/Politie tables, not to a data file")
        if not (opts.code_column or opts.name_join) or not opts.value:
            raise OptionError(f"{opts.data}: a data file needs --code-column (or --name-join) and --value "
                              "(or give SOURCE:TABLE/MEASURE or an indicator name as --data)")
        table = read_table(opts.data, sheet=opts.sheet)
        code_column, value = str(opts.code_column or opts.name_join), opts.value
        code_option = "--code-column" if opts.code_column else "--name-join"
        for column, what, option in ((code_column, "code" if opts.code_column else "name", code_option),
                                     (value, "value", "--value")):
            # Name a wrong column before slow work.
            find_column(table.frame, column, what=what, option=option, source=table.source)
        table, series = _file_periods(table, code_column, opts, series)
        title = value + (f" {periods.label(opts.period)}" if opts.period and not series else "")
        if series:
            title += f" {periods.label(','.join(series))}"
        kind = "percentage" if opts.aggregate == "weighted" else "count"

    # 2. Population.
    population_table: Table | None = None
    population_column = None
    if opts.population:
        if not remote and _is_column(table, opts.population):
            population_column = opts.population
        elif fetch.looks_remote(opts.population):
            pop_spec = fetch.parse(opts.population, filters=opts.population_filters)
            fetched, note = _population(pop_spec, opts, levels_needed, settings, series)
            population_table = replace(fetched, frame=fetched.frame.rename(columns={"value": "population"}))
            assert fetched.provenance is not None
            sources.append(fetched.provenance)
            if note:
                notes.append(note)
            elif remote and table.provenance is not None:
                note = _years_note(table.provenance, fetched.provenance)
                if note:
                    notes.append(note)
                    log.warning("%s", note)
        elif remote:
            raise OptionError(f"--population {opts.population!r}: with figures from CBS/Politie the population must "
                              "be SOURCE:TABLE/MEASURE or an indicator such as 'inwoners'")
        else:
            find_column(table.frame, opts.population, what="population", option="--population", source=table.source)

    # 2b. A second indicator for the bivariate LISA: a column of the data file, or a second source.
    value2_table: Table | None = None
    if opts.value2:
        if not remote and _is_column(table, opts.value2):
            pass
        elif fetch.looks_remote(opts.value2):
            spec2 = fetch.parse(opts.value2)
            if remote and spec2.label() == fetch.parse(opts.data, filters=opts.filters).label() and not opts.filters:
                raise OptionError(f"--value2 {opts.value2!r} is the same indicator as --data; a bivariate analysis "
                                  "needs two different ones")
            fetched2 = _fetch_levels(spec2, opts, levels_needed, settings, period=opts.value2_period)
            value2_table = replace(fetched2, frame=fetched2.frame[["code", "value"]].rename(
                columns={"value": "value2"}))
            assert fetched2.provenance is not None
            sources.append(fetched2.provenance)
        else:
            find_column(table.frame, opts.value2, what="second value", option="--value2", source=table.source)

    # 3. Areas of the target year: --year, else the (last) period asked for, else the period the table gave.
    year = _year(opts, required=False)
    if year is None and remote and table.provenance and table.provenance.period:
        year = periods.year(str(table.provenance.period).split(",")[-1])
        log.info("boundary year %d: the year of the figures (give --year for another)", year)
    if year is None and not opts.boundaries:
        raise OptionError("give --year (or --period) for the boundaries, or --boundaries FILE")
    areas = _areas(opts, levels_needed, year, code_column, settings, sources)

    # 4-6. Per period: move across boundary years, join, parse, build units.
    run = RunReport(sources=sources, boundary_year=year, has_boundary_year=True, notes=notes)
    steps = dict(opts=opts, code_column=code_column, value=value, population_column=population_column, kind=kind,
                 value2_table=value2_table,
                 areas=areas, levels_needed=levels_needed, settings=settings, sources=sources,
                 remote=remote, comp=comp, year=year, unit_level=unit_level)
    if not series:
        prepared, run = _prepare_period(table, population_table, run=run, **steps)  # type: ignore[arg-type]
        if comp is not None:
            title = f"{title} ({unit_level})"
        return Assembled(prepared=prepared, title=title, run=run, kind=kind)
    by_period: dict[str, Prepared] = {}
    for key in series:
        rows = table.frame[table.frame["period"] == key].drop(columns="period")
        pop = population_table
        if pop is not None and "period" in pop.frame.columns:
            pop = replace(pop, frame=pop.frame[pop.frame["period"] == key].drop(columns="period"))
        by_period[key], run = _prepare_period(replace(table, frame=rows), pop, run=run, **steps)  # type: ignore[arg-type]
    if comp is not None:
        title = f"{title} ({unit_level})"
    return Assembled(prepared=by_period[series[-1]], title=title, run=run, series=by_period, kind=kind)


def _mapping(opts: Options) -> "Composition":
    """A one-level composition from a member -> unit table (e.g. gemeente -> eenheid)."""
    from . import units
    from .tables import read_table

    if opts.composition:
        raise OptionError("give --composition or --mapping, not both")
    if not opts.unit_column:
        raise OptionError("--mapping needs --unit-column (e.g. politie_eenheid_code), and --member-column when the "
                          "members are not in 'gemeentecode'")
    return units.from_mapping(read_table(str(opts.mapping)), member=opts.member_column, unit=opts.unit_column,
                              name=opts.unit_name_column, level=opts.level)


def _prepare_period(table: Table, population_table: Table | None, *, run: RunReport, opts: Options,
                    code_column: str, value: str, population_column: str | None, kind: str, areas: Boundaries,
                    value2_table: Table | None,
                    levels_needed: list[str], settings: Settings, sources: list[Provenance], remote: bool,
                    comp: "Composition | None", year: int | None, unit_level: str | None
                    ) -> tuple[Prepared, RunReport]:
    """Steps 4 to 6 for the rows of one period: crosswalk, join, parse, units."""
    from . import joins, rates

    if opts.data_year and year and opts.data_year != year:
        table, code_column, crosswalk = _crosswalk(table, code_column, value, population_column, kind, opts, areas,
                                                   levels_needed, settings, sources, population_table)
        run = replace(run, crosswalk=crosswalk)
    if opts.name_join and not remote:
        joined = joins.join_by_name(areas, table, name_column=opts.name_join)
    else:
        joined = joins.join(areas, table, code_column=code_column)
    if population_table is not None:
        with_population = joins.join(joined.frame, population_table, code_column="code", columns=["population"])
        run = replace(run, population_join=with_population.report.unmatched())
        joined = replace(joined, frame=with_population.frame)
        population_column = "population"
    value2 = opts.value2
    if value2_table is not None:
        with_second = joins.join(joined.frame, value2_table, code_column="code", columns=["value2"])
        joined = replace(joined, frame=with_second.frame)
        value2 = "value2"
    prepared = rates.prepare(joined, value=value, population=population_column, value2=value2)
    if comp is not None:
        prepared, run = _to_units(prepared, comp, areas, year, unit_level, kind, run)
    return prepared, run


def _file_periods(table: Table, code_column: str, opts: Options, series: list[str] | None
                  ) -> tuple[Table, list[str] | None]:
    """Pick the period(s) of a data file: its period column (``--period-column`` or a StatLine ``Perioden``)."""
    from .tables import find_column

    frame = table.frame
    column = None
    if opts.period_column:
        column = find_column(frame, opts.period_column, what="period", option="--period-column", source=table.source)
    else:
        column = next((c for c in frame.columns if str(c).strip().lower() in PERIOD_COLUMNS), None)
    if column is None:
        if opts.period:
            raise OptionError(f"{table.source}: --period {opts.period} needs a column with the periods; this file has "
                              "none called Perioden/Periode/Jaar; name it with --period-column")
        return table, None
    keys = frame[column].map(_period_key)
    bad = keys.isna() & frame[column].notna()
    if bad.any():
        row = int(frame.index[bad][0])
        raise DataError(f"{table.source}: row {row + 2}, column {column!r}: {frame.at[row, column]!r} is not a period; "
                        "write a year (2023) or a CBS key (2023JJ00, 2023MM01)")
    present = sorted(set(keys.dropna()))
    if series is None:
        if opts.period:
            series_one = [periods.key(opts.period)]
            _check_present(series_one, present, table.source, column)
            rows = frame[keys == series_one[0]].drop(columns=[column])
            return replace(table, frame=rows.reset_index(drop=True)), None
        if len(present) > 1:
            raise OptionError(f"{table.source}: column {column!r} holds {len(present)} periods "
                              f"({periods.label(present[0])} to {periods.label(present[-1])}); choose one with "
                              f"--period {periods.label(present[-1])} or a series with --period "
                              f"{periods.year(present[0])}:{periods.year(present[-1])}")
        return replace(table, frame=frame.drop(columns=[column])), None
    _check_present(series, present, table.source, column)
    rows = frame[keys.isin(series)].drop(columns=[column]).assign(period=keys[keys.isin(series)])
    return replace(table, frame=rows.reset_index(drop=True)), series


def _period_key(value: object) -> str | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = str(value).strip().rstrip("*").strip()  # StatLine marks provisional figures with '*'
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    try:
        return periods.key(text)
    except OptionError:
        return None


def _check_present(wanted: list[str], present: list[str], source: str, column: str) -> None:
    missing = [k for k in wanted if k not in present]
    if missing:
        shown = ", ".join(periods.label(k) for k in missing[:6]) + (" ..." if len(missing) > 6 else "")
        span = f"{periods.label(present[0])} to {periods.label(present[-1])}" if present else "no period"
        raise OptionError(f"{source}: column {column!r} has no {shown}; it has {span} "
                          f"({', '.join(periods.label(k) for k in present[:12])})")


def _population(spec: Any, opts: Options, levels_needed: list[str], settings: Settings,
                series: list[str] | None) -> tuple[Table, str | None]:
    """The population table: per period where the source has it, else the nearest period, with a note."""
    from . import fetch

    if not series:
        return _fetch_levels(spec, opts, levels_needed, settings, period=opts.population_period), None
    available = fetch.periods_of(spec, settings=settings, refresh=opts.refresh)
    if not available:
        table = _fetch_levels(spec, opts, levels_needed, settings, period=None)
        covers = table.provenance.period if table.provenance else None
        return table, (f"population from {spec.label()} ({periods.label(covers)}, a table without periods) used for "
                       f"every period {periods.label(series[0])}-{periods.label(series[-1])}")
    annual = [k for k in available if k.endswith("JJ00")] or available
    nearest = {k: min(annual, key=lambda a: (abs(periods.year(a) - periods.year(k)), -periods.year(a)))
               for k in series}
    fetched = _fetch_levels(spec, opts, levels_needed, settings, period=None, periods=sorted(set(nearest.values())))
    frame = fetched.frame
    parts = [frame[frame["period"] == nearest[k]].assign(period=k) for k in series]
    import pandas as pd

    note = None
    moved = [f"{periods.label(k)} uses {periods.label(v)}" for k, v in nearest.items() if k != v]
    if moved:
        note = f"population per period from {spec.label()}, nearest year where missing: {', '.join(moved)}"
    return replace(fetched, frame=pd.concat(parts, ignore_index=True)), note


def _years_note(figures: Any, population: Any) -> str | None:
    """A note when figures of one year are divided by the population of another."""
    try:
        a = periods.year(str(figures.period).split(",")[-1])
        b = periods.year(str(population.period).split(",")[-1].split("-")[-1])
    except (ValueError, TypeError):
        return None
    if a == b:
        return None
    return (f"figures of {a} ({figures.table}) are divided by the population of {b} ({population.table}); "
            f"give --population-period {a} when the population table has that year")


def _year(opts: Options, *, required: bool = True) -> int | None:
    """The boundary year: ``--year``, else the year of (the last) ``--period``."""
    year = opts.year
    if year is None and opts.period:
        try:
            year = periods.year(periods.expand(opts.period)[-1])
        except (OptionError, ValueError):
            year = None
    if year is None and required:
        raise OptionError("give --year (or --period) for the boundaries, or --boundaries FILE")
    return year


def _is_column(table: Table, name: str) -> bool:
    from .errors import ColumnError
    from .tables import find_column

    try:
        find_column(table.frame, name, what="population", source=table.source)
        return True
    except ColumnError:
        return False


def _fetch_levels(spec: Any, opts: Options, levels_needed: list[str], settings: Settings, *, period: str | None,
                  periods: list[str] | None = None) -> Table:
    import pandas as pd

    from . import fetch

    parts = [fetch.fetch_table(spec, period=period, periods=periods, level=lv, settings=settings,
                               refresh=opts.refresh) for lv in levels_needed]
    if len(parts) == 1:
        return parts[0]
    return replace(parts[0], frame=pd.concat([p.frame for p in parts], ignore_index=True))


def _areas(opts: Options, levels_needed: list[str], year: int | None, code_column: str, settings: Settings,
           sources: list[Provenance]) -> Boundaries:
    import pandas as pd

    from . import fetch
    from .boundaries import load_boundaries

    frames: list[Boundaries] = []
    if opts.boundaries:
        for path in opts.boundaries:
            code = opts.boundary_code_column
            if code is None:
                import pyogrio

                try:
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore")  # "more than one layer": load_boundaries names them
                        fields = set(pyogrio.read_info(path, layer=opts.layer)["fields"])
                except Exception:  # unreadable files are reported by load_boundaries
                    fields = set()
                code = code_column if code_column in fields else None
            frames.append(load_boundaries(path, code_column=code, name_column=opts.name_column, crs=opts.crs,
                                          layer=opts.layer))
    else:
        for level in levels_needed:
            loaded = fetch.fetch_boundaries(level, year, settings=settings, refresh=opts.refresh)  # type: ignore[arg-type]
            sources.extend(loaded.provenance)
            frames.append(loaded)
    if len(frames) == 1:
        return frames[0]
    import geopandas as gpd

    out = gpd.GeoDataFrame(pd.concat([f.frame[["code", "name", "geometry"]] for f in frames], ignore_index=True),
                           crs=frames[0].frame.crs)
    doubles = sorted(set(out["code"][out["code"].duplicated()]))
    if doubles:
        raise CodeMismatchError(f"{len(doubles)} code(s) come in more than one boundary file ({few(doubles)}): the "
                                "same boundaries given twice? Give each file once")
    return Boundaries(frame=out, source=", ".join(f.source for f in frames),
                      repaired=tuple(c for f in frames for c in f.repaired))


def _crosswalk(table: Table, code_column: str, value: str, population_column: str | None, kind: str,
               opts: Options, areas: Boundaries, levels_needed: list[str], settings: Settings,
               sources: list[Provenance], population_table: Table | None) -> tuple[Table, str, CrosswalkReport]:
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
        old = fetch.fetch_boundaries(levels_needed[0], opts.data_year, settings=settings,  # type: ignore[arg-type]
                                     refresh=opts.refresh)
        sources.extend(old.provenance)
    walk = crosswalk.build(old.frame, areas.frame)
    source = table.source
    prefix, width = code_style(old.frame["code"])
    data = table.frame.copy()
    data["_old"] = canonical_codes(data[find_column(data, code_column, what="code", source=source)], prefix=prefix,
                                   width=width)
    counts = [value] + ([population_column] if population_column else [])
    for column in counts:
        data[column] = to_number(data[find_column(data, column, what="value", source=source)], column=column,
                                 source=source)
    new_pop = population_table.frame.set_index("code")["population"] if population_table is not None else None
    moved = crosswalk.apply(data, walk, code_column="_old", counts=counts, split_rule=opts.split_rule,
                            new_population=new_pop)
    report = CrosswalkReport(from_year=opts.data_year, to_year=opts.year, moved=moved.moved,
                             unmatched=moved.unmatched, split_rule=opts.split_rule)
    log.info("data of boundary year %s placed on %s: %d row(s) moved", opts.data_year, opts.year, len(moved.moved))
    return Table(frame=moved.frame, source=source), "code", report


def _to_units(prepared: Prepared, comp: "Composition", areas: Boundaries, year: int | None, level: str | None,
              kind: str, run: RunReport) -> tuple[Prepared, RunReport]:
    from . import joins, rates, units

    built = units.build(comp, areas.frame, year=year, level=level)  # type: ignore[arg-type]
    members = {u: built.members[u] for u in built.frame["code"]}
    frame = prepared.frame
    has_pop = "population" in frame.columns
    if kind == "percentage":
        if not has_pop:
            raise OptionError("a percentage can only be taken to units as a population-weighted estimate; "
                              "give --population")
        table = units.weighted_estimate(frame, members, value="value", weight="population")
        table["population"] = units.aggregate(frame, members, counts=["population"]).frame["population"].to_numpy()
        run = replace(run, indicative="unit values are population-weighted means of member percentages: an "
                                      "indication without a margin, not a survey estimate for the unit")
        table = table[["code", "value", "population"]]
    else:
        summed = units.aggregate(frame, members, counts=["value"] + (["population"] if has_pop else []))
        table = summed.frame
        run = replace(run, incomplete_units=summed.incomplete)
    joined = joins.join(built.frame, Table(frame=table, source=f"sums over {comp.source}"), code_column="code")
    unit_prepared = rates.prepare(joined, value="value", population="population" if has_pop else None)
    report = UnitsReport(composition=comp.source, level=level, year=year, n_units=len(built.frame),
                         coverage_valid=built.coverage_valid, members_cleaned=built.cleaned)
    return unit_prepared, replace(run, units=report)
