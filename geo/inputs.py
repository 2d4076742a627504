"""Assembling the inputs of a hot-spot run: figures, population, boundaries, units, years.

:func:`assemble` is a short composition: the readers (:mod:`geo.readers`)
bring the figures, the population and a second indicator as typed
:class:`~geo.reports.Table` records; :func:`geo.boundaries.areas` loads the
areas; then, per period, figures are moved across boundary years when the
data and boundaries differ, joined, parsed and, with a composition, summed
to police units. It returns the prepared frame(s) that :func:`geo.analyse`
takes, with a report of every source and every row that moved or did not
match.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from . import boundaries, crosswalk, joins, levels, messages, periods, rates, readers, units
from .errors import OptionError
from .readers import PERIOD_COLUMNS, Options, options_from, wanted_periods
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
from .tables import find_column, to_number
from .units import Composition

if TYPE_CHECKING:
    import geopandas as gpd

log = logging.getLogger("geo")

__all__ = ["PERIOD_COLUMNS", "Assembled", "Options", "Plan", "assemble", "member_levels", "options_from", "plan",
           "wanted_periods"]


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
    #: The kernel density layer of incidents (``--incidents --grid``): ``code``, ``density``, ``masked``, geometry.
    density: "gpd.GeoDataFrame | None" = None


@dataclass(frozen=True)
class Plan:
    """What a run needs before any figure is read: the levels to read and, for police units, the composition."""

    levels: list[str]
    composition: Composition | None = None
    unit_level: str | None = None


def member_levels(comp: Composition, year: int) -> list[str]:
    """The levels of the areas a composition is made of in ``year`` (``gemeente``, ``wijk``, ...)."""
    resolved = units.resolve(units.for_year(comp, year))
    prefixes = sorted({a[:2] for s in resolved.values() for a in s})
    return [lv.name if (lv := levels.by_prefix(p)) else p for p in prefixes]


def assemble(opts: Options, *, settings: Settings) -> Assembled:
    """Read, fetch, move and aggregate until one prepared frame per period is left."""
    how = plan(opts)
    data = readers.figures(opts, levels=how.levels, settings=settings, composition=how.composition)
    pop = readers.population(opts, data, levels=how.levels, settings=settings)
    second = readers.second(opts, data, levels=how.levels, settings=settings)
    if data.areas is not None and data.aggregation is not None:
        # Incidents: the reader counted them in areas of its own (squares, hexagons, or the target polygons).
        areas, year = data.areas, data.aggregation.year
        if data.aggregation.target != "polygons":
            how = replace(how, composition=None)  # the police unit was the study area, not a target to sum to
    else:
        year = _boundary_year(opts, data)
        if opts.data_year and year is None:
            # Without the boundaries' year there is nothing to move the data to: ignoring --data-year
            # would leave the merged gemeenten blank without a word.
            raise OptionError(messages.line("inputs_data_year_unknown_boundaries", data_year=opts.data_year))
        areas = boundaries.areas(opts.boundaries or how.levels, year=year, code_column=opts.boundary_code_column,
                                 data_code_column=data.code_column, name_column=opts.name_column, crs=opts.crs,
                                 layer=opts.layer, settings=settings, refresh=opts.refresh)
    sources: list[Provenance] = [t.provenance for t in (data, pop.table, second) if t is not None and t.provenance]
    sources += areas.provenance
    run = RunReport(sources=sources, boundary_year=year, has_boundary_year=True, notes=list(pop.notes),
                    aggregation=data.aggregation)
    title = str(data.title) + (f" ({how.unit_level})" if how.composition is not None else "")
    steps = _Steps(opts=opts, how=how, areas=areas, pop=pop, second=second, settings=settings, year=year,
                   sources=sources)
    if not data.periods:
        prepared, run = steps.period(data, pop.table, run)
        return Assembled(prepared=prepared, title=title, run=run, kind=data.kind, density=data.density)
    by_period: dict[str, Prepared] = {}
    for key in data.periods:
        rows = replace(data, frame=data.frame[data.frame["period"] == key].drop(columns="period"))
        table = pop.table
        if table is not None and "period" in table.frame.columns:
            table = replace(table, frame=table.frame[table.frame["period"] == key].drop(columns="period"))
        by_period[key], run = steps.period(rows, table, run)
    return Assembled(prepared=by_period[data.periods[-1]], title=title, run=run, series=by_period, kind=data.kind,
                     density=data.density)


def plan(opts: Options) -> Plan:
    """The levels to read, and the composition of police units (``--composition``, ``--mapping``)."""
    police = opts.level in levels.POLICE_LEVELS and not opts.boundaries
    if not (opts.composition or opts.mapping or police):
        return Plan(levels=[opts.level])
    if opts.mapping:
        comp = _mapping(opts)
    elif not opts.composition:
        raise OptionError(messages.line("inputs_level_opts_level_no", opts_level=opts.level))
    else:
        comp = units.read_composition(opts.composition)
    if opts.value2:
        raise OptionError(messages.line("inputs_value_police_units_supported"))
    year = _year(opts)
    if year is None:
        raise OptionError(messages.line("inputs_composition_mapping_opts_composition",
                                        opts_composition_or_=opts.composition or opts.mapping))
    return Plan(levels=member_levels(comp, year), composition=comp, unit_level=opts.level)


def _mapping(opts: Options) -> Composition:
    """A one-level composition from a member -> unit table (e.g. gemeente -> eenheid)."""
    if opts.composition:
        raise OptionError(messages.line("inputs_give_composition_mapping_both"))
    if not opts.unit_column:
        raise OptionError(messages.line("inputs_mapping_needs_unit_column"))
    return units.from_mapping(readers.read_file_table(str(opts.mapping), opts), member=opts.member_column,
                              unit=opts.unit_column, name=opts.unit_name_column, level=opts.level)


def _year(opts: Options) -> int | None:
    """The boundary year: ``--year``, else the year of (the last) ``--period``."""
    year = opts.year
    if year is None and opts.period:
        try:
            year = periods.year(periods.expand(opts.period)[-1])
        except (OptionError, ValueError):
            year = None
    return year


def _boundary_year(opts: Options, data: Table) -> int | None:
    """Areas of the target year: ``--year``, else the (last) period asked for, else the period the table gave."""
    year = _year(opts)
    if year is None and data.provenance and data.provenance.period:
        year = periods.year(str(data.provenance.period).split(",")[-1])
        log.info("boundary year %d: the year of the figures (give --year for another)", year)
    if year is None and not opts.boundaries:
        raise OptionError(messages.line("inputs_give_year_period_boundaries"))
    return year


@dataclass(frozen=True)
class _Steps:
    """Steps 4 to 6, the same for every period: crosswalk, join, parse, units."""

    opts: Options
    how: Plan
    areas: Boundaries
    pop: readers.Population
    second: Table | None
    settings: Settings
    year: int | None
    sources: list[Provenance]

    def period(self, table: Table, population_table: Table | None, run: RunReport) -> tuple[Prepared, RunReport]:
        """The prepared frame of the rows of one period."""
        opts = self.opts
        code_column, value = str(table.code_column), str(table.value_column)
        population_column = self.pop.column
        if opts.data_year and self.year and opts.data_year != self.year:
            table, code_column, moved = self._crosswalk(table, code_column, value, population_table)
            run = replace(run, crosswalk=moved)
        if opts.name_join and table.provenance is None:
            joined = joins.join_by_name(self.areas, table, name_column=opts.name_join)
        else:
            joined = joins.join(self.areas, table, code_column=code_column)
        if population_table is not None:
            with_population = joins.join(joined.frame, population_table, code_column="code", columns=["population"])
            run = replace(run, population_join=with_population.report.unmatched())
            joined = replace(joined, frame=with_population.frame)
            population_column = "population"
        value2 = opts.value2
        if self.second is not None:
            with_second = joins.join(joined.frame, self.second, code_column="code", columns=["value2"])
            joined = replace(joined, frame=with_second.frame)
            value2 = "value2"
        prepared = rates.prepare(joined, value=value, population=population_column, value2=value2,
                                 population_source=population_table.source if population_table is not None else None)
        if self.how.composition is not None:
            prepared, run = self._to_units(prepared, table.kind, run)
        return prepared, run

    def _crosswalk(self, table: Table, code_column: str, value: str, population_table: Table | None
                   ) -> tuple[Table, str, CrosswalkReport]:
        opts = self.opts
        if table.kind != "count":
            raise OptionError(messages.line("inputs_percentages_cannot_moved_across"))
        if opts.data_boundaries:
            old = boundaries.load_boundaries(opts.data_boundaries, crs=opts.crs)
        else:
            old = boundaries.from_pdok(self.how.levels[0], opts.data_year,  # type: ignore[arg-type]
                                         settings=self.settings, refresh=opts.refresh)
            self.sources.extend(old.provenance)
        walk = crosswalk.build(old.frame, self.areas.frame)
        source = table.source
        prefix, width = joins.code_style(old.frame["code"])
        data = table.frame.copy()
        data["_old"] = joins.canonical_codes(data[find_column(data, code_column, what="code", source=source)],
                                             prefix=prefix, width=width)
        counts = [value] + ([self.pop.column] if self.pop.column else [])
        for column in counts:
            data[column] = to_number(data[find_column(data, column, what="value", source=source)], column=column,
                                     source=source)
        new_pop = population_table.frame.set_index("code")["population"] if population_table is not None else None
        moved = crosswalk.apply(data, walk, code_column="_old", counts=counts, split_rule=opts.split_rule,
                                new_population=new_pop)
        report = CrosswalkReport(from_year=opts.data_year, to_year=opts.year, moved=moved.moved,
                                 unmatched=moved.unmatched, split_rule=opts.split_rule)
        log.info("data of boundary year %s placed on %s: %d row(s) moved", opts.data_year, opts.year,
                 len(moved.moved))
        return replace(table, frame=moved.frame, code_column="code"), "code", report

    def _to_units(self, prepared: Prepared, kind: str, run: RunReport) -> tuple[Prepared, RunReport]:
        comp, level = self.how.composition, self.how.unit_level
        assert comp is not None  # only called with a composition
        built = units.build(comp, self.areas.frame, year=self.year, level=level)  # type: ignore[arg-type]
        members = {u: built.members[u] for u in built.frame["code"]}
        frame = prepared.frame
        has_pop = "population" in frame.columns
        if kind == "percentage":
            if not has_pop:
                raise OptionError(messages.line("inputs_percentage_can_only_taken"))
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
        report = UnitsReport(composition=comp.source, level=level, year=self.year, n_units=len(built.frame),
                             coverage_valid=built.coverage_valid, members_cleaned=built.cleaned)
        return unit_prepared, replace(run, units=report)
