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
import re
import warnings
from dataclasses import MISSING, dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from . import _fields, boundaries, density, fetch, grid, messages, periods, scale, squares, text, units
from ._progress import stage
from .density import Density
from .errors import ColumnError, DataError, OptionError, few
from .incidents import IncidentFiles, Incidents, incident_files, read_coordinates, read_incidents
from .reports import AggregationReport, Boundaries, ScaleRecord, Table
from .settings import ANALYSIS_CRS, BIG_MAP_CELLS, Settings
from .tables import find_column, read_table

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

    from .units import Composition

log = logging.getLogger("geo")

#: Column names that hold periods in tables users bring (StatLine exports call it "Perioden").
PERIOD_COLUMNS = ("perioden", "periode", "period", "jaar", "year")
#: ``--decimal``: find the decimal mark per column (``auto``), or say which it is.
DECIMAL_MARKS = ("auto", ",", ".")

_INPUT, _UNITS, _INCIDENTS = "input", "years and units", "incidents"
#: ``--interval``: the time step of a space-time cube of incidents, and the period kind it makes.
INTERVALS = ("month", "quarter", "year")


#: ``--hex`` without a resolution (or ``--hex auto``): ``--scale auto`` chooses it.
HEX_AUTO = "auto"


def hex_value(value: str) -> int | str:
    """``--hex RES``: a whole number, or ``auto`` (:data:`HEX_AUTO`) for ``--scale auto`` to choose.

    Anything else is kept as written, for :func:`_check_incident_options` to refuse in one line of its own.
    """
    if str(value).strip().lower() == HEX_AUTO:
        return HEX_AUTO
    try:
        return int(value)
    except ValueError:
        return value


def split_types(value: str | None) -> tuple[str, ...] | None:
    """``--types Woninginbraak,Fietsendiefstal`` as a tuple (``None`` when not given)."""
    if value is None:
        return None
    return tuple(t.strip() for t in str(value).split(","))


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

    data: str | None = field(default=None, metadata=_arg(
        "--data", metavar="SOURCE",
        help="a CSV/Excel file, SOURCE:TABLE/MEASURE (e.g. politie:47018NED/GeregistreerdeMisdrijven_1) or an "
             "indicator name (see 'vmgeo indicators'); or --incidents"))
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
        "--crs", metavar="CRS",
        help="CRS of a boundary file that declares none, e.g. EPSG:28992; with --incidents instead the CRS of --x "
             "and --y (default RD New; EPSG:4326 for longitude and latitude), and --boundary-crs that of the "
             "boundary file"))
    boundary_crs: str | None = field(default=None, metadata=_arg(
        "--boundary-crs", metavar="CRS",
        help="CRS of a boundary file (--boundaries, --data-boundaries) that declares none, e.g. EPSG:28992; the "
             "same as --crs without --incidents, and the way to give it with --incidents"))
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
    incidents: str | None = field(default=None, metadata=_arg(
        "--incidents", group=_INCIDENTS, metavar="FILE",
        help="instead of --data: a police export, one row (or point) per incident (CSV, XLSX, GeoPackage/GeoJSON "
             "points, Parquet), counted per CBS square (--grid), H3 hexagon (--hex) or area (--boundaries, --level); "
             "a folder or pattern of partitions is counted file by file"))
    x: str | None = field(default=None, metadata=_arg(
        "--x", group=_INCIDENTS, metavar="COL", help="column of the x coordinate (RD New; longitude with --crs)"))
    y: str | None = field(default=None, metadata=_arg(
        "--y", group=_INCIDENTS, metavar="COL", help="column of the y coordinate (RD New; latitude with --crs)"))
    date: str | None = field(default=None, metadata=_arg(
        "--date", group=_INCIDENTS, metavar="COL",
        help="column of the incident's date (e.g. Pleegdatum); needed for --period and --interval"))
    type: str | None = field(default=None, metadata=_arg(
        "--type", group=_INCIDENTS, metavar="COL", help="column of the crime type (e.g. 'Maatschappelijke klasse')"))
    types: str | None = field(default=None, metadata=_arg(
        "--types", group=_INCIDENTS, metavar="T1,T2",
        help="keep only incidents of these types, comma-separated (column --type; case does not matter)"))
    grid: int | None = field(default=None, metadata=_arg(
        "--grid", group=_INCIDENTS, type=int, metavar="METRES",
        help="count on the CBS grid: squares of 100, 500 or 1000 m (zeros kept inside the study area: the areas "
             "of --boundaries or --level, narrowed by --within)"))
    hex: int | str | None = field(default=None, metadata=_arg(
        "--hex", group=_INCIDENTS, type=hex_value, nargs="?", const=HEX_AUTO, metavar="RES",
        help="count in H3 hexagons of this resolution, 0-15 (needs vmgeo[hex]); study area as for --grid; with "
             "--scale auto and no RES (or RES 'auto') the resolution is chosen from the incidents"))
    within: str | None = field(default=None, metadata=_arg(
        "--within", group=_INCIDENTS, metavar="CODE",
        help="with --grid or --hex: only the study area of this code, a gemeente (GM0772) or, with --mapping or "
             "--composition and --year, a police unit (RE09)"))
    scale: str | None = field(default=None, metadata=_arg(
        "--scale", group=_INCIDENTS, choices=("auto",),
        help="auto: choose as ArcGIS's Optimized Hot Spot Analysis does (locational outliers left out, the square "
             "size unless --grid gives it, or with --hex the H3 resolution unless RES gives it, a distance band "
             "from incremental spatial autocorrelation, FDR and Gi* by the normal approximation); every choice is "
             "printed and recorded in summary.json; also for a folder of partitions and with --scheduler (only the "
             "coordinates are read, file by file)"))
    interval: str | None = field(default=None, metadata=_arg(
        "--interval", group=_INCIDENTS, choices=INTERVALS,
        help="count per month, quarter or year: a space-time cube, analysed as a series (emerging hot spots)"))
    scheduler: str | None = field(default=None, metadata=_arg(
        "--scheduler", group=_INCIDENTS, metavar="ADDRESS",
        help="run on a Dask distributed cluster (tcp://host:8786): the counting of the incidents (one task per "
             "file) and the permutations; the results are the same as without it"))
    #: Not an input option of its own: ``--refresh`` of the download options.
    refresh: bool = False
    #: Not an input option of its own: ``--min-count`` of the output options (masks the density layer).
    min_count: int | None = None


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
    return check_crs(Options(**given))


def check_crs(opts: Options) -> Options:
    """``--crs`` and ``--boundary-crs`` checked, and without ``--incidents`` made one (the boundary file's CRS).

    With ``--incidents``, ``--crs`` is the CRS of ``--x``/``--y`` and ``--boundary-crs`` the boundary file's;
    without, both name the boundary file's CRS, so they must agree.
    """
    if not opts.boundary_crs:
        return opts
    files = [b for b in opts.boundaries if not (b in boundaries.LEVELS and not Path(b).exists())]
    if not files and not opts.data_boundaries:
        raise OptionError(messages.line("readers_boundary_crs_no_file", crs=opts.boundary_crs))
    if opts.incidents:
        return opts
    if opts.crs and opts.crs.strip().upper() != opts.boundary_crs.strip().upper():
        raise OptionError(messages.line("readers_boundary_crs_twice", crs=opts.crs, boundary_crs=opts.boundary_crs))
    return replace(opts, crs=opts.boundary_crs)


def check_source(opts: Options) -> None:
    """Exactly one of ``--data`` and ``--incidents``: one line when neither or both are given."""
    if opts.data and opts.incidents:
        raise OptionError(messages.line("readers_data_and_incidents"))
    if not opts.data and not opts.incidents:
        raise OptionError(messages.line("readers_data_or_incidents"))


def wanted_periods(opts: Options) -> list[str] | None:
    """The periods of a series (``--period 2012:2023`` or a list), or ``None`` for one period."""
    if opts.period and ("," in opts.period or ":" in opts.period):
        return periods.expand(opts.period)
    return None


def is_remote(opts: Options) -> bool:
    """Whether ``--data`` names a CBS/Politie table or an indicator rather than a file."""
    data = str(opts.data or "")
    return not Path(data).exists() and (fetch.looks_remote(data) or not Path(data).suffix)


# --- Figures -----------------------------------------------------------------------------


def figures(opts: Options, *, levels: list[str], settings: Settings, composition: "Composition | None" = None
            ) -> Table:
    """The figures of ``--data`` or ``--incidents``, read by the reader their form asks for.

    The one place a reader is chosen. ``composition`` (police units) is
    used by the incidents reader only, to find the unit ``--within`` names.
    """
    check_source(opts)
    if opts.incidents:
        return read_incident_figures(opts, levels=levels, settings=settings, composition=composition)
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
    table = read_file_table(str(opts.data), opts)
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
    spec = fetch.parse(str(opts.data), filters=opts.filters)
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
    if data.aggregation is not None and data.aggregation.target == "grid":
        return _square_population(opts, data, settings=settings)
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
        if remote and spec.label() == fetch.parse(str(opts.data), filters=opts.filters).label() and not opts.filters:
            raise OptionError(messages.line("readers_value_opts_value_r", opts_value2=opts.value2))
        fetched = fetch_levels(spec, opts, levels, settings, period=opts.value2_period)
        return replace(fetched, frame=fetched.frame[["code", "value"]].rename(columns={"value": "value2"}),
                       code_column="code", value_column="value2")
    find_column(data.frame, opts.value2, what="second value", option="--value2", source=data.source)
    raise AssertionError("find_column raises for a column that is not there")  # pragma: no cover


#: ``--population`` words that mean the inhabitants per CBS square (with ``--incidents --grid``).
SQUARE_POPULATION = ("inwoners", "vierkanten", "squares", "vierkantstatistieken")


def _square_population(opts: Options, data: Table, *, settings: Settings) -> Population:
    """Inhabitants per square from the vierkantstatistieken: PDOK (``inwoners``), or a file of them.

    Squares CBS keeps secret or does not publish have no inhabitants
    (``NaN``): :func:`geo.rates.prepare` leaves them out of the rates and
    names them, as it does for areas without inhabitants; never zero.
    """
    assert data.aggregation is not None
    found = data.squares
    if found is None:
        codes = data.frame["code"].astype(str).drop_duplicates().tolist()
        found = _square_figures(codes, opts, cell=int(data.aggregation.cell or 0), settings=settings)
    source = _square_source(opts)
    report = found.report()
    # The note names where the inhabitants came from (the file given, or PDOK's collection), never the export.
    if source is not None:
        origin = f"the vierkantstatistieken file {source}"
    else:
        url = next((n for n in (found.provenance.notes if found.provenance else []) if "/collections/" in n), "")
        collection = url.split("/collections/", 1)[1].split("/", 1)[0] if url else f"vierkant_{found.cell}m"
        origin = f"PDOK's CBS vierkantstatistieken (collection {collection})"
    note = (f"inhabitants per square ({found.year}) from {origin}: {report['known']} of {report['squares']} squares "
            f"known ({report['suppressed']} kept secret by CBS, {report['missing']} not published); "
            "squares without known inhabitants are left out of the rates")
    return Population(table=found.as_table(), notes=(note,))


def _square_source(opts: Options) -> str | None:
    """The file of vierkantstatistieken ``--population`` names, or ``None`` for PDOK (``inwoners``)."""
    word = str(opts.population).strip().lower()
    source = None if word in SQUARE_POPULATION else str(opts.population)
    if source is not None and not Path(source).exists():
        raise OptionError(messages.line("readers_population_squares_source", population=opts.population,
                                        words=", ".join(SQUARE_POPULATION)))
    return source


def _square_figures(codes: list[str], opts: Options, *, cell: int, settings: Settings) -> "squares.SquarePopulation":
    """The inhabitants of ``codes`` from the source and year ``--population``/``--population-period`` give."""
    year = periods.year(opts.population_period) if opts.population_period else None
    return squares.square_population(codes, cell=cell, year=year, source=_square_source(opts), settings=settings,
                                     refresh=opts.refresh)


def _inhabited_only(aggregation: Any, opts: Options, *, settings: Settings
                    ) -> tuple[Any, "squares.SquarePopulation"]:
    """With ``--population`` on squares: the squares with inhabitants (CBS's secret few included) or an incident.

    Returns the aggregation of those squares and their inhabitants (looked
    up once: a second lookup of fewer squares would ask PDOK for another box).

    The national grid as analysts mean it ("every square with an inhabitant
    or an incident"): a square with neither has no rate and no count, and a
    study area of gemeenten holds millions of them (3.5 million squares of
    100 m in the 342 gemeenten of 2023). Leaving them out changes no rate
    and no statistic: they were left out of the rates already.
    """
    frame = aggregation.frame
    codes = frame["code"].astype(str).tolist()
    everything = _square_figures(codes, opts, cell=int(aggregation.cell), settings=settings)
    found = everything.frame
    keep = ((frame["count"].to_numpy() > 0) | (found["population"].fillna(0).to_numpy() > 0)
            | found["suppressed"].to_numpy(dtype=bool))
    empty = int((~keep).sum())
    if not empty:
        return aggregation, everything
    kept = found[keep].reset_index(drop=True)
    inhabitants = replace(everything, frame=kept, suppressed=int(kept["suppressed"].sum()),
                          missing=int(kept["absent"].sum()), estimated=int(kept["estimated"].sum()))
    cube = aggregation.cube
    if cube is not None:  # period by period, the squares in the frame's order
        cube = cube[np.tile(keep, len(aggregation.periods))].reset_index(drop=True)
    log.info(text.Say("i_squares_empty_left_out", n=text.Count(empty), kept=text.Count(int(keep.sum()))))
    return replace(aggregation, frame=frame[keep].reset_index(drop=True), cube=cube, empty=empty), inhabitants


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
    import pandas as pd

    # Each distinct period once: 4.8 million rows of 12 years took 25-35 s asking periods.key row by row.
    values = frame[column]
    distinct = pd.unique(values[values.notna()])
    keys = values.map(dict(zip(distinct, (_period_key(v) for v in distinct), strict=True)))
    bad = keys.isna() & values.notna()
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


# --- Incidents counted per area (--incidents) ----------------------------------------------


def read_incident_figures(opts: Options, *, levels: list[str], settings: Settings,
                          composition: "Composition | None" = None) -> Table:
    """Incidents of ``--incidents`` counted per area: CBS squares, H3 hexagons or the areas themselves.

    The study area (``--grid``, ``--hex``) or the target polygons are the
    areas of ``--boundaries`` or ``--level``; ``--within`` narrows the study
    area to one of them, or to a police unit of ``composition``. Squares and
    hexagons without incidents inside the study area are kept as zeros.
    With ``--interval`` the counts form a series (one period per month,
    quarter or year, keys as :mod:`geo.periods` writes them).

    Returns
    -------
    Table
        ``code``, ``count`` (and ``period``); ``areas`` the areas counted in,
        ``aggregation`` what was read, dropped, filtered and counted, and
        ``density`` the kernel density layer (with ``--grid``).
    """
    _check_incident_options(opts)
    points = _read_points(opts)
    year = _incident_year(opts, points)
    areas = boundaries.areas(opts.boundaries or levels, year=year, code_column=opts.boundary_code_column,
                             name_column=opts.name_column, layer=opts.layer, settings=settings, refresh=opts.refresh,
                             crs=opts.boundary_crs, crs_option="--boundary-crs")
    study, study_record = None, {"source": areas.source, "within": None, "areas": len(areas.frame), "year": year}
    if opts.grid or opts.hex is not None or opts.scale:
        study, study_record = _study_area(opts, areas, year, composition)
    chosen = None
    if opts.scale:
        with stage("p_scale"):
            # Files stay in their files: only their coordinates are read (on the cluster with --scheduler).
            seen = points if isinstance(points, Incidents) else read_coordinates(points, scheduler=opts.scheduler)
            chosen = scale.auto(seen, cell=opts.grid, hexagons=opts.hex is not None,
                                resolution=opts.hex if isinstance(opts.hex, int) else None, study_area=study)
            del seen
        points = chosen.kept(points) if isinstance(points, Incidents) else chosen.kept_files(points)
        opts = replace(opts, grid=chosen.cell) if chosen.resolution is None else replace(opts, hex=chosen.resolution)
    aggregation = _aggregate(points, opts, study, areas)
    inhabitants = None
    if opts.population and aggregation.target == "grid":
        aggregation, inhabitants = _inhabited_only(aggregation, opts, settings=settings)
    if aggregation.counted < scale.MIN_INCIDENTS:
        # A trial: 10 incidents in 3,660 squares gave 90 "hot" squares, each incident with its 8 neighbours.
        log.warning(text.Say("w_few_incidents", n=text.Count(aggregation.counted),
                             areas=text.Count(len(aggregation.frame)), minimum=scale.MIN_INCIDENTS))
    frame = aggregation.frame
    counted = frame[["code"]].assign(count=frame["count"].to_numpy())
    series: tuple[str, ...] = ()
    if aggregation.cube is not None:
        counted, series = aggregation.cube, aggregation.periods
    _check_series(counted, series, opts)
    if aggregation.target == "polygons":
        counted_areas = areas
    else:
        squares = frame[["code", "geometry"]].assign(name=frame["code"].to_numpy())
        counted_areas = Boundaries(frame=squares[["code", "name", "geometry"]], source=_area_source(opts),
                                   provenance=areas.provenance)
    layer = _density(points, aggregation, opts)
    report = AggregationReport(
        incidents=_incidents_report(points, aggregation),
        aggregation=aggregation.report() | ({"resolution": opts.hex} if opts.hex is not None else {}),
        density=layer.report() if layer is not None else None, study_area=study_record, interval=opts.interval,
        periods=series, year=year, scale=_scale_record(chosen, aggregation) if chosen is not None else None)
    return Table(frame=counted.reset_index(drop=True), source=str(opts.incidents), code_column="code",
                 value_column="count", kind="count", title=_incident_title(opts, series), periods=series,
                 areas=counted_areas, aggregation=report, density=layer.frame if layer is not None else None,
                 squares=inhabitants)


def _check_series(counted: "pd.DataFrame", series: tuple[str, ...], opts: Options) -> None:
    """Refuse a cube the series cannot analyse, saying what the export holds and what helps."""
    if not series:
        return
    lang = text.log_lang()
    if opts.interval and len(series) < 2:
        # "Give --period 2022,2023" (the series' own line) cannot help an export of one month: say what it holds.
        raise DataError(messages.line("readers_interval_one_period", path=opts.incidents, interval=opts.interval,
                                      period=periods.label(series[0], lang=lang)))
    totals = counted.groupby("period", sort=False)["count"].sum()
    empty = [key for key in series if not totals.get(key, 0)]
    if empty:
        # A period without one incident in the areas has no pattern to test; the series' own line named no period.
        raise DataError(messages.line("readers_empty_periods", path=opts.incidents, n=len(empty), k=len(series),
                                      periods=few([periods.label(k, lang=lang) for k in empty], 6)))


def _check_incident_options(opts: Options) -> None:
    """Options that cannot go with ``--incidents``, or with each other: one line each, before any file is read."""
    for given, flag in ((opts.code_column, "--code-column"), (opts.value, "--value"), (opts.name_join, "--name-join"),
                        (opts.filters, "--filter"), (opts.value2, "--value2"), (opts.data_year, "--data-year")):
        if given:
            raise OptionError(messages.line("readers_incidents_no_option", option=flag))
    if opts.grid is not None:
        grid.check_cell(opts.grid)
    if opts.grid and opts.hex is not None:
        raise OptionError(messages.line("readers_grid_or_hex"))
    if opts.within and not (opts.grid or opts.hex is not None or opts.scale):
        raise OptionError(messages.line("readers_within_needs_grid"))
    if opts.population and opts.hex is not None:
        raise OptionError(messages.line("readers_population_squares"))
    if isinstance(opts.hex, str) and opts.hex != HEX_AUTO:
        raise OptionError(messages.line("readers_hex_value", value=opts.hex))
    if opts.hex == HEX_AUTO and not opts.scale:
        raise OptionError(messages.line("readers_hex_auto_needs_scale"))
    if opts.hex is not None and opts.hex != HEX_AUTO and not (isinstance(opts.hex, int) and 0 <= opts.hex <= 15):
        raise OptionError(messages.line("hex_resolution", resolution=opts.hex))  # before --scale auto's work
    if opts.hex is not None:
        hex_module().h3_module()  # without h3, one line before the export is read, not after
    if opts.interval and not opts.date:
        raise OptionError(messages.line("readers_interval_needs_date"))


def _scale_record(chosen: "scale.ScaleChoice", aggregation: Any) -> ScaleRecord:
    """What ``--scale auto`` chose: the square size and outliers, then the distance band on the counted squares."""
    with stage("p_scale"):
        band = scale.distance_band(aggregation.frame, column="count")
    for line in chosen.lines(lang=text.log_lang()) + band.lines(lang=text.log_lang()):
        log.info(line)
    return ScaleRecord(choice=chosen.report(), band=band.report(), weights=band.weights,
                       lines={lang: tuple(chosen.lines(lang=lang) + band.lines(lang=lang)) for lang in ("nl", "en")})


def partitioned(opts: Options) -> bool:
    """Whether ``--incidents`` names a folder of partitions or a glob (counted file by file, never all points)."""
    name = str(opts.incidents or "")
    return Path(name).is_dir() or any(ch in name for ch in "*?[")


def _read_points(opts: Options) -> "Incidents | IncidentFiles":
    """The incidents (in process), or, with ``--scheduler``, the files a Dask cluster counts."""
    kwargs: dict[str, Any] = dict(x=opts.x, y=opts.y, date=opts.date, type=opts.type, crs=opts.crs or ANALYSIS_CRS,
                                  types=split_types(opts.types), period=opts.period)
    if opts.scheduler or partitioned(opts):
        return incident_files(str(opts.incidents), **kwargs)
    points = read_incidents(str(opts.incidents), **kwargs)
    log.info(text.Say("i_incidents_read", path=opts.incidents, used=len(points), read=points.read))
    return points


def _incident_year(opts: Options, points: "Incidents | IncidentFiles") -> int | None:
    """The boundary year: ``--year``, the (last) year of ``--period``, else the year of the latest incident."""
    year = opts.year
    if year is None and opts.period:
        year = periods.year(periods.expand(opts.period)[-1])
    if year is None and isinstance(points, Incidents) and points.dates is not None and len(points):
        latest = points.dates[~np.isnat(points.dates)].max()
        year = int(latest.astype("datetime64[Y]").astype(np.int64)) + 1970
        log.info("boundary year %d: the year of the latest incident (give --year for another)", year)
    if year is None and not opts.boundaries:
        raise OptionError(messages.line("inputs_give_year_period_boundaries"))
    return year


def _study_area(opts: Options, areas: Boundaries, year: int | None, composition: "Composition | None"
                ) -> tuple["gpd.GeoDataFrame", dict[str, Any]]:
    """The polygons squares or hexagons are laid in: the areas, or the one ``--within`` names."""
    frame = areas.frame
    source = areas.source
    if opts.within and composition is not None:
        if year is None:
            raise OptionError(messages.line("inputs_give_year_period_boundaries"))
        built = units.build(composition, frame, year=year, level=opts.level)
        frame, source = built.frame, f"{built.source} ({opts.level} {year})"
    frame = within_area(frame, opts.within, source=source)
    record = {"source": source, "within": opts.within, "areas": len(frame), "year": year,
              "name": str(frame["name"].iloc[0]) if opts.within and "name" in frame.columns else None}
    return frame, record


def within_area(frame: "gpd.GeoDataFrame", within: str | None, *, source: str) -> "gpd.GeoDataFrame":
    """The study area ``--within`` names among ``frame``'s areas (all of them without it).

    One line naming the codes closest to it when there is no such area
    (``vmgeo hotspots --incidents`` and ``vmgeo trend --incidents`` alike).
    """
    if not within:
        return frame
    wanted = str(within).strip().upper()
    chosen = frame[frame["code"].astype(str).str.upper() == wanted]
    if chosen.empty and "name" in frame.columns:
        # A name where a code belongs (--within Eindhoven): name the code, not a list of look-alike codes.
        named = frame[frame["name"].astype(str).str.strip().str.casefold() == str(within).strip().casefold()]
        if not named.empty:
            raise OptionError(messages.line("readers_within_name", within=within, codes=few(
                [f"{c} ({n})" for c, n in zip(named["code"], named["name"], strict=True)], 3)))
    if chosen.empty and re.fullmatch(r"(RE|DI|BT)\d+", wanted) and not frame["code"].astype(str).str.upper(
            ).str.match(r"(RE|DI|BT)\d").any():
        raise OptionError(messages.line("readers_within_police_unit", within=within))
    if chosen.empty:
        import difflib

        codes = sorted(frame["code"].astype(str))
        close = difflib.get_close_matches(wanted, codes, n=3, cutoff=0.6)
        raise OptionError(messages.line("readers_within_unknown", within=within, source=source,
                                        codes=few(close + [c for c in codes if c not in close], 8)))
    return chosen


def _aggregate(points: "Incidents | IncidentFiles", opts: Options, study: "gpd.GeoDataFrame | None",
               areas: Boundaries) -> Any:
    """The :class:`geo.grid.Aggregation` of the target: squares, hexagons or the areas.

    Files (a folder of partitions, or any file with ``--scheduler``) are
    counted file by file, on the cluster with ``--scheduler``; the points of
    one file read in process are counted at once, by the same counting
    (:func:`geo.grid.count_files`). A series is counted per period as the
    points are placed (the aggregation's ``cube``). Files are counted per
    100 m square too, for the density layer.
    """
    kwargs: dict[str, Any] = {"slots": _slots(opts)}
    if isinstance(points, IncidentFiles):
        kwargs["scheduler"] = opts.scheduler
        # 100 m squares counted in the same pass for the density layer (the grid's own when it is 100 m).
        kwargs["squares"] = True
    if opts.grid:
        return grid.grid_aggregation(points, cell=opts.grid, study_area=study, **kwargs)
    if opts.hex is not None:
        return hex_module().hex_aggregation(points, resolution=opts.hex, study_area=study, **kwargs)
    return grid.polygon_aggregation(points, areas.frame, code_column="code", **kwargs)


def _slots(opts: Options) -> "grid.Slots | None":
    """The periods of a series of incidents: every ``--interval``, or the keys of a list in ``--period``."""
    if opts.interval:
        return grid.Slots.interval(opts.interval)
    if opts.period and "," in opts.period:
        return grid.Slots(keys=tuple(periods.expand(opts.period)))
    return None


def hex_module() -> Any:
    """:mod:`geo.hexes` (H3 hexagons), or one line saying this vmgeo has none."""
    import importlib

    try:
        return importlib.import_module("geo.hexes")
    except ModuleNotFoundError as exc:
        if exc.name != "geo.hexes":
            raise
        raise OptionError(messages.line("readers_hex_missing")) from None


def _density(points: "Incidents | IncidentFiles", aggregation: Any, opts: Options) -> "Density | None":
    """The kernel density layer, always on CBS squares, from the incidents that were counted.

    ``--grid``: on its squares; ``--hex`` and polygons: on squares laid over
    the hexagons or the target polygons, of the size
    :func:`geo.density.density_cell` chooses. From the incidents in those
    squares: their points, or their counts per square when the points stayed
    in their files (a folder of partitions, ``--scheduler``: the 100 m
    squares counted beside the grid, hexagons or polygons). A
    series gets one surface per period. ``None``, with the reason logged,
    when no honest surface can be made (fewer than two incidents, all at one
    place, counts on squares too coarse for the bandwidth).
    """
    lang = text.log_lang()
    area = aggregation.frame
    # Over hexagons or areas few enough to draw as vectors, a surface small enough not to turn the map into an
    # image (the areas' tooltips are what a gemeente advisor reads): 342 gemeenten get 1000 m squares, not 143,808
    # of 500 m.
    fit = BIG_MAP_CELLS if len(area) <= BIG_MAP_CELLS else density.MAX_SQUARES
    cell = int(opts.grid) if opts.grid else density.density_cell(area, max_squares=fit)
    min_count = max(1, opts.min_count if opts.min_count is not None else grid.default_min_count(cell))
    source = points if isinstance(points, Incidents) else aggregation.squares
    if source is None:
        return None
    try:
        squares = (grid.parse_codes(area["code"].to_numpy(dtype=object), cell=cell) if opts.grid
                   else density.study_squares(area, cell=cell))
        with warnings.catch_warnings():
            # A raised bandwidth is logged by kernel_density (and recorded: ``raised``); its warning would say it twice.
            warnings.simplefilter("ignore", UserWarning)
            return density.square_density(source, squares, cell=cell, slots=_slots(opts) if aggregation.periods
                                          else None, min_count=min_count, lang=lang)
    except DataError as exc:
        log.warning(str(exc))
        return None


def _incidents_report(points: "Incidents | IncidentFiles", aggregation: Any) -> dict[str, Any]:
    """What was read: ``Incidents.report()``, or the same counts from the files a cluster counted."""
    if isinstance(points, Incidents):
        return points.report()
    # Each file's left-out rows by its own row numbers: "row 12" of a folder of partitions would name no row.
    return {"source": ", ".join(str(p) for p in points.paths), "read": aggregation.read,
            "used": aggregation.read - sum(aggregation.dropped.values()) - sum(aggregation.filtered.values()),
            "dropped": dict(aggregation.dropped), "filtered": dict(aggregation.filtered),
            "files": [dict(f) for f in aggregation.files]}


def _area_source(opts: Options) -> str:
    if opts.grid:
        return f"CBS-vierkanten {opts.grid} m"
    return f"H3 {opts.hex}"


def _incident_title(opts: Options, series: tuple[str, ...]) -> str:
    """The figures' name: incidents (of the types asked for) per square, hexagon or area, and the period."""
    lang = text.log_lang()
    types = split_types(opts.types)
    what = text.get("incidents_word", lang=lang) + (f" ({', '.join(types)})" if types else "")
    if opts.grid:
        what += " " + text.get("per_square", lang=lang, cell=opts.grid)
    elif opts.hex is not None:
        what += " " + text.get("per_hexagon", lang=lang, resolution=opts.hex)
    if series:
        # The first and the last step: a cube of 12 quarters named one by one filled the map's title bar.
        first, last = periods.label(series[0], lang=lang), periods.label(series[-1], lang=lang)
        what += " " + (first if len(series) == 1 else text.get("period_span", lang=lang, first=first, last=last))
    elif opts.period:
        what += f" {periods.label(','.join(periods.expand(opts.period)), lang=lang)}"
    return what
