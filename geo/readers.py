"""Readers: every way figures come in, each returning the same typed :class:`~geo.reports.Table`.

A reader takes the input options and returns figures per area code, with
the columns it found (``code_column``, ``value_column``), whether they are
counts or percentages (``kind``), a title, the periods of a series and, for
downloads, the provenance. :func:`figures` chooses the reader of ``--data``
(the one place that choice is made); :func:`population` and :func:`second`
read ``--population`` and ``--value2``, a column of the data or a table of
their own.

==========================  ==========================================================
reader                      figures from
==========================  ==========================================================
:func:`read_file`           a CSV or Excel file of the analyst (``--data FILE``)
:func:`fetch_figures`       a CBS / Politie table or an indicator (``--data cbs:...``)
==========================  ==========================================================

A new source (incident points aggregated to a grid, say) is one more
function that returns a :class:`Table`, and one line in :func:`figures`.

The input options are declared once, in :class:`Options`: each field
carries its command-line flag, help and group, from which
:func:`add_arguments` builds the parser and :func:`options_from` the
record (``vmgeo hotspots`` and ``vmgeo change`` take them all).
"""

from __future__ import annotations

import argparse
import logging
from dataclasses import MISSING, dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import _fields, fetch, messages, periods, text
from .errors import ColumnError, DataError, OptionError
from .reports import Table
from .settings import Settings
from .tables import find_column, read_table

if TYPE_CHECKING:
    import pandas as pd

log = logging.getLogger("geo")

#: Column names that hold periods in tables users bring (StatLine exports call it "Perioden").
PERIOD_COLUMNS = ("perioden", "periode", "period", "jaar", "year")
#: ``--decimal``: find the decimal mark per column (``auto``), or say which it is.
DECIMAL_MARKS = ("auto", ",", ".")

_INPUT, _UNITS = "input", "years and units"


def _arg(*flags: str, group: str = _INPUT, **kwargs: Any) -> dict[str, Any]:
    """The command-line declaration of an :class:`Options` field (argparse's arguments)."""
    return _fields.cli(*flags, group=group, **kwargs)


@dataclass
class Options:
    """What to analyse: the input options of ``vmgeo hotspots`` and ``vmgeo change``, declared once.

    Every field's metadata holds its flag and help; :func:`add_arguments`
    builds the parser from them and :func:`options_from` this record from
    the parsed command line, so an option is written in one place.
    """

    data: str = field(metadata=_arg(
        "--data", required=True, metavar="SOURCE",
        help="a CSV/Excel file, SOURCE:TABLE/MEASURE (e.g. politie:47018NED/GeregistreerdeMisdrijven_1) or an "
             "indicator name (see 'vmgeo indicators')"))
    boundaries: list[str] = field(default_factory=list, metadata=_arg(
        "--boundaries", action="append", default=[], metavar="PATH",
        help="GeoJSON, GeoPackage or Shapefile (default: PDOK, by --level and --year); repeat it for members of "
             "several levels"))
    level: str = field(default="gemeente", metadata=_arg(
        "--level", default="gemeente", metavar="LEVEL",
        help="gemeente (default), wijk, buurt, provincie, or a police level (basisteam, district, eenheid) with "
             "--composition"))
    composition: str | None = field(default=None, metadata=_arg(
        "--composition", metavar="FILE", help="police unit composition (CSV, see boundaries/compositions/README.md)"))
    year: int | None = field(default=None, metadata=_arg(
        "--year", type=int, metavar="YEAR", help="year of the PDOK boundaries (default: year of --period)"))
    filters: list[str] = field(default_factory=list, metadata=_arg(
        "--filter", dest="filters", action="append", default=[], metavar="DIM=KEY",
        help="pick rows of a CBS/Politie table, e.g. SoortMisdrijf=0.0.0 (repeatable; KEY1,KEY2 sums)"))
    period: str | None = field(default=None, metadata=_arg(
        "--period", metavar="PERIOD",
        help="period: 2023 or a key such as 2023MM01; a series: 2012:2023 or 2019,2021,2023 (for CBS/Politie "
             "tables, and data files with a period column)"))
    period_column: str | None = field(default=None, metadata=_arg(
        "--period-column", metavar="COL",
        help="period column of a data file (default: Perioden, Periode, Jaar when present)"))
    code_column: str | None = field(default=None, metadata=_arg(
        "--code-column", metavar="COL", help="area code column of a data file"))
    name_join: str | None = field(default=None, metadata=_arg(
        "--name-join", metavar="COL",
        help="join a data file on area names in COL instead of codes (reports what matched how)"))
    value: str | None = field(default=None, metadata=_arg("--value", metavar="COL", help="value column of a data file"))
    population: str | None = field(default=None, metadata=_arg(
        "--population", metavar="COL|SOURCE",
        help="population: a column of the data file, or SOURCE:TABLE/MEASURE / 'inwoners'; the analysed value is "
             "then a rate per 1,000 inhabitants (areas without inhabitants are left out, and named)"))
    value2: str | None = field(default=None, metadata=_arg(
        "--value2", metavar="COL|SOURCE",
        help="a second indicator for the bivariate LISA: a column of the data file, or SOURCE:TABLE/MEASURE / an "
             "indicator (e.g. onveilig_buurt beside registered crime); areas with only one of the two are left out"))
    value2_period: str | None = field(default=None, metadata=_arg(
        "--value2-period", metavar="PERIOD", help="--period for a second indicator from CBS"))
    population_filters: list[str] = field(default_factory=list, metadata=_arg(
        "--population-filter", dest="population_filters", action="append", default=[], metavar="DIM=KEY",
        help="--filter for a population table"))
    population_period: str | None = field(default=None, metadata=_arg(
        "--population-period", metavar="PERIOD", help="--period for a population table"))
    boundary_code_column: str | None = field(default=None, metadata=_arg(
        "--boundary-code-column", metavar="COL",
        help="code column of the boundaries (default: --code-column if present, else statcode, ...)"))
    name_column: str | None = field(default=None, metadata=_arg(
        "--name-column", metavar="COL", help="name column of the boundaries (default statnaam, naam, ...)"))
    crs: str | None = field(default=None, metadata=_arg(
        "--crs", metavar="CRS", help="CRS of a boundary file that declares none, e.g. EPSG:28992"))
    layer: str | None = field(default=None, metadata=_arg(
        "--layer", metavar="NAME", help="layer of a GeoPackage with several layers"))
    sheet: str | None = field(default=None, metadata=_arg("--sheet", metavar="NAME", help="worksheet of an Excel file"))
    header_row: int | None = field(default=None, metadata=_arg(
        "--header-row", type=int, metavar="N",
        help="row of the column names in a data or population sheet, counted from 1 (default: detected; for a "
             "sheet with a title block above its header)"))
    decimal: str = field(default="auto", metadata=_arg(
        "--decimal", choices=DECIMAL_MARKS, default="auto",
        help="decimal mark of the numbers in a data or population file: auto (default: found per column; "
             "'28.524' in a column of whole counts is Dutch for 28524), ',' or '.'"))
    data_year: int | None = field(default=None, metadata=_arg(
        "--data-year", group=_UNITS, type=int, metavar="YEAR",
        help="boundary year the data's codes follow, when it differs from --year (mergers are applied)"))
    data_boundaries: str | None = field(default=None, metadata=_arg(
        "--data-boundaries", group=_UNITS, metavar="PATH", help="boundaries of --data-year (default: PDOK)"))
    split_rule: str | None = field(default=None, metadata=_arg(
        "--split-rule", group=_UNITS, choices=("area", "population"),
        help="how to divide the counts of an area that was split between the years"))
    mapping: str | None = field(default=None, metadata=_arg(
        "--mapping", group=_UNITS, metavar="FILE",
        help="instead of --composition: a table of members and units, e.g. gemeente -> eenheid (with "
             "--unit-column; --level names the units' level)"))
    member_column: str = field(default="gemeentecode", metadata=_arg(
        "--member-column", group=_UNITS, default="gemeentecode", metavar="COL",
        help="with --mapping (default gemeentecode)"))
    unit_column: str | None = field(default=None, metadata=_arg(
        "--unit-column", group=_UNITS, metavar="COL", help="with --mapping, e.g. politie_eenheid_code"))
    unit_name_column: str | None = field(default=None, metadata=_arg(
        "--unit-name-column", group=_UNITS, metavar="COL", help="with --mapping, e.g. politie_eenheid_naam"))
    aggregate: str = field(default="sum", metadata=_arg(
        "--aggregate", group=_UNITS, choices=("sum", "weighted"), default="sum",
        help="to units: sum counts (default) or a population-weighted mean of percentages (indicative)"))
    #: Not an input option of its own: ``--refresh`` of the download options.
    refresh: bool = False


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the input options (the fields of :class:`Options`) to ``parser``, in their groups."""
    _fields.add_arguments(parser, Options)


def options_from(args: argparse.Namespace) -> Options:
    """The :class:`Options` of a parsed command line (fields it lacks keep their defaults)."""
    given = _fields.values_from(args, Options)
    missing = [f.name for f in fields(Options)
               if f.name not in given and f.default is MISSING and f.default_factory is MISSING]
    if missing:
        raise OptionError(messages.line("readers_missing_join_m_replace",
                                        join_m_replace___for=', '.join('--' + m.replace('_', '-') for m in missing)))
    return Options(**given)


def wanted_periods(opts: Options) -> list[str] | None:
    """The periods of a series (``--period 2012:2023`` or a list), or ``None`` for one period."""
    if opts.period and ("," in opts.period or ":" in opts.period):
        return periods.expand(opts.period)
    return None


def is_remote(opts: Options) -> bool:
    """Whether ``--data`` names a CBS/Politie table or an indicator rather than a file."""
    return not Path(opts.data).exists() and (fetch.looks_remote(opts.data) or not Path(opts.data).suffix)


# --- Figures -----------------------------------------------------------------------------


def figures(opts: Options, *, levels: list[str], settings: Settings) -> Table:
    """The figures of ``--data``, read by the reader its form asks for: the one place a reader is chosen."""
    reader = fetch_figures if is_remote(opts) else read_file
    return reader(opts, levels=levels, settings=settings)


def read_file(opts: Options, *, levels: list[str], settings: Settings) -> Table:
    """Figures from the analyst's CSV or Excel file: the columns named, the period(s) picked.

    ``levels`` and ``settings`` are not used (a file is read as it is); they
    make every reader take the same arguments.
    """
    if opts.filters:
        raise OptionError(messages.line("readers_filter_applies_cbs_politie"))
    if not (opts.code_column or opts.name_join) or not opts.value:
        raise OptionError(messages.line("readers_opts_data_data_file", opts_data=opts.data))
    table = read_file_table(opts.data, opts)
    code_column, value = str(opts.code_column or opts.name_join), opts.value
    code_option = "--code-column" if opts.code_column else "--name-join"
    for column, what, option in ((code_column, "code" if opts.code_column else "name", code_option),
                                 (value, "value", "--value")):
        # Name a wrong column before slow work.
        find_column(table.frame, column, what=what, option=option, source=table.source)
    table, series = _file_periods(table, opts, wanted_periods(opts))
    title = value + (f" {periods.label(opts.period)}" if opts.period and not series else "")
    if series:
        title += f" {periods.label(','.join(series))}"
    return replace(table, code_column=code_column, value_column=value, title=title,
                   kind="percentage" if opts.aggregate == "weighted" else "count", periods=tuple(series or ()))


def read_file_table(path: str, opts: Options) -> Table:
    """:func:`geo.tables.read_table` with ``--sheet``, ``--decimal`` and ``--header-row``."""
    if opts.header_row is not None and opts.header_row < 1:
        raise OptionError(messages.line("readers_header_row_opts_header", opts_header_row=opts.header_row))
    return read_table(path, sheet=opts.sheet, decimal=opts.decimal, header_row=opts.header_row)


def fetch_figures(opts: Options, *, levels: list[str], settings: Settings) -> Table:
    """Figures of a CBS / Politie table or an indicator, for every level asked for."""
    spec = fetch.parse(opts.data, filters=opts.filters)
    table = fetch_levels(spec, opts, levels, settings, period=opts.period, periods=wanted_periods(opts))
    prov = table.provenance
    assert prov is not None  # fetched tables always carry their provenance
    title = (fetch.indicators()[spec.indicator]["title"] if spec.indicator
             else prov.measure_title or spec.measure) + f" {periods.label(prov.period)}".rstrip()
    series = wanted_periods(opts)
    return replace(table, code_column="code", value_column="value", title=title,
                   kind="percentage" if str(prov.unit) == "%" else "count", periods=tuple(series or ()))


def fetch_levels(spec: Any, opts: Options, levels: list[str], settings: Settings, *, period: str | None,
                 periods: list[str] | None = None) -> Table:
    """One table of ``spec`` for every level in ``levels`` (members of several levels), stacked."""
    import pandas as pd

    parts = [fetch.fetch_table(spec, period=period, periods=periods, level=lv, settings=settings,
                               refresh=opts.refresh) for lv in levels]
    if len(parts) == 1:
        return parts[0]
    return replace(parts[0], frame=pd.concat([p.frame for p in parts], ignore_index=True))


# --- Population and a second indicator ---------------------------------------------------


@dataclass(frozen=True)
class Population:
    """``--population``: a column of the data (``column``) or a table of its own (``table``), and notes."""

    column: str | None = None
    table: Table | None = None
    notes: tuple[str, ...] = ()


def population(opts: Options, data: Table, *, levels: list[str], settings: Settings) -> Population:
    """Read ``--population``: a column of a data file, or a CBS table (per period of a series)."""
    if not opts.population:
        return Population()
    remote = data.provenance is not None
    if not remote and has_column(data, opts.population):
        return Population(column=opts.population)
    if fetch.looks_remote(opts.population):
        spec = fetch.parse(opts.population, filters=opts.population_filters)
        fetched, note = _population_table(spec, opts, levels, settings, list(data.periods) or None)
        table = replace(fetched, frame=fetched.frame.rename(columns={"value": "population"}))
        notes = [note] if note else []
        if not note and remote and data.provenance is not None and fetched.provenance is not None:
            note = _years_note(data.provenance, fetched.provenance)
            if note:
                notes.append(note)
                log.warning(text.Say("w_population_year", **_years_of(data.provenance, fetched.provenance)))
        return Population(table=table, notes=tuple(notes))
    if remote:
        raise OptionError(messages.line("readers_population_opts_population_r", opts_population=opts.population))
    find_column(data.frame, opts.population, what="population", option="--population", source=data.source)
    raise AssertionError("find_column raises for a column that is not there")  # pragma: no cover


def second(opts: Options, data: Table, *, levels: list[str], settings: Settings) -> Table | None:
    """``--value2``: ``None`` when it is a column of the data file, else its own table (``value2``)."""
    if not opts.value2:
        return None
    remote = data.provenance is not None
    if not remote and has_column(data, opts.value2):
        return None
    if fetch.looks_remote(opts.value2):
        spec = fetch.parse(opts.value2)
        if remote and spec.label() == fetch.parse(opts.data, filters=opts.filters).label() and not opts.filters:
            raise OptionError(messages.line("readers_value_opts_value_r", opts_value2=opts.value2))
        fetched = fetch_levels(spec, opts, levels, settings, period=opts.value2_period)
        return replace(fetched, frame=fetched.frame[["code", "value"]].rename(columns={"value": "value2"}),
                       code_column="code", value_column="value2")
    find_column(data.frame, opts.value2, what="second value", option="--value2", source=data.source)
    raise AssertionError("find_column raises for a column that is not there")  # pragma: no cover


def has_column(table: Table, name: str) -> bool:
    """Whether ``table`` has a column ``name`` (as :func:`geo.tables.find_column` finds columns)."""
    try:
        find_column(table.frame, name, what="population", source=table.source)
        return True
    except ColumnError:
        return False


def _population_table(spec: Any, opts: Options, levels: list[str], settings: Settings,
                      series: list[str] | None) -> tuple[Table, str | None]:
    """The population table: per period where the source has it, else the nearest period, with a note."""
    import pandas as pd

    if not series:
        return fetch_levels(spec, opts, levels, settings, period=opts.population_period), None
    available = fetch.periods_of(spec, settings=settings, refresh=opts.refresh)
    if not available:
        table = fetch_levels(spec, opts, levels, settings, period=None)
        covers = table.provenance.period if table.provenance else None
        return table, (f"population from {spec.label()} ({periods.label(covers)}, a table without periods) used for "
                       f"every period {periods.label(series[0])}-{periods.label(series[-1])}")
    annual = [k for k in available if k.endswith("JJ00")] or available
    nearest = {k: min(annual, key=lambda a: (abs(periods.year(a) - periods.year(k)), -periods.year(a)))
               for k in series}
    fetched = fetch_levels(spec, opts, levels, settings, period=None, periods=sorted(set(nearest.values())))
    frame = fetched.frame
    parts = [frame[frame["period"] == nearest[k]].assign(period=k) for k in series]
    note = None
    moved = [f"{periods.label(k)} uses {periods.label(v)}" for k, v in nearest.items() if k != v]
    if moved:
        note = f"population per period from {spec.label()}, nearest year where missing: {', '.join(moved)}"
    return replace(fetched, frame=pd.concat(parts, ignore_index=True)), note


def _years_of(figures: Any, population: Any) -> dict[str, object]:
    """The fields of the population-year warning (see :func:`_years_note`)."""
    return {"a": periods.year(str(figures.period).split(",")[-1]), "table_a": figures.table,
            "b": periods.year(str(population.period).split(",")[-1].split("-")[-1]), "table_b": population.table}


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


# --- Periods of a data file --------------------------------------------------------------


def _file_periods(table: Table, opts: Options, series: list[str] | None) -> tuple[Table, list[str] | None]:
    """Pick the period(s) of a data file: its period column (``--period-column`` or a StatLine ``Perioden``)."""
    frame = table.frame
    column: str | None
    if opts.period_column:
        column = find_column(frame, opts.period_column, what="period", option="--period-column", source=table.source)
    else:
        column = next((c for c in frame.columns if str(c).strip().lower() in PERIOD_COLUMNS), None)
    if column is None:
        if opts.period:
            raise OptionError(messages.line("readers_table_source_period_opts", table_source=table.source,
                                            opts_period=opts.period))
        return table, None
    keys = _period_keys(frame, column, table.source)
    present = sorted(set(keys.dropna()))
    if series is None:
        if opts.period:
            one = [periods.key(opts.period)]
            _check_present(one, present, table.source, column)
            rows = frame[keys == one[0]].drop(columns=[column])
            return replace(table, frame=rows.reset_index(drop=True)), None
        if len(present) > 1:
            raise OptionError(messages.line("readers_table_source_column_column", table_source=table.source,
                                            column=column, len_present=len(present),
                                            periods_label_presen=periods.label(present[0]),
                                            periods_label_presen2=periods.label(present[-1]),
                                            periods_year_present=periods.year(present[0]),
                                            periods_year_present2=periods.year(present[-1])))
        return replace(table, frame=frame.drop(columns=[column])), None
    _check_present(series, present, table.source, column)
    rows = frame[keys.isin(series)].drop(columns=[column]).assign(period=keys[keys.isin(series)])
    return replace(table, frame=rows.reset_index(drop=True)), series


def _period_keys(frame: "pd.DataFrame", column: str, source: str) -> "pd.Series":
    keys = frame[column].map(_period_key)
    bad = keys.isna() & frame[column].notna()
    if bad.any():
        row = int(frame.index[bad][0])
        raise DataError(messages.line("readers_source_row_row_column", source=source, row_2=row + 2, column=column,
                                      frame_at_row_column=frame.at[row, column]))
    return keys


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
        span = (messages.line("span_to", first=periods.label(present[0]), last=periods.label(present[-1]))
                if present else messages.line("no_period_word"))
        raise OptionError(messages.line("readers_source_column_column_r", source=source, column=column, shown=shown,
                                        span=span,
                                        join_periods_label_k=', '.join(periods.label(k) for k in present[:12])))
