"""What ``vmgeo trend`` is asked: its options, declared once, light enough for ``vmgeo --help``.

:mod:`geo.trend` loads the maps and the statistics; the parser needs only these
declarations, so they live apart (and :mod:`geo.trend` re-exports them).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ._fields import cli
from .grid import CELL_SIZES
from .settings import WARNING_CRIME_TYPES, WARNING_MIN_EXPECTED, WARNING_SOURCE

#: Crime types assessed by default: the total and the main types gemeenten discuss most
#: (47018NED/47022NED SoortMisdrijf keys: woninginbraak, fietsendiefstal, mishandeling, vernieling).
DEFAULT_CRIME_TYPES = WARNING_CRIME_TYPES
#: The monthly police table ``vmgeo trend`` reads unless told otherwise.
DEFAULT_SOURCE = WARNING_SOURCE
#: The intervals ``vmgeo trend --incidents`` counts in (the warning compares months with months).
INTERVALS = ("month",)
_INCIDENTS = "incidents (instead of --data)"


def _keys(value: str | None) -> tuple[str, ...] | None:
    """``--crime-types 1.1.1, 1.2.1`` as its keys; ``None`` (not given) stays ``None``."""
    return None if value is None else tuple(k.strip() for k in value.split(",") if k.strip())


@dataclass(frozen=True)
class TrendOptions:
    """What ``vmgeo trend`` is asked: one field per option, declared once (the parser is built from them)."""

    #: A monthly police table (``politie:TABLE/MEASURE``) or a CSV/Excel file of monthly counts.
    data: str = field(default=DEFAULT_SOURCE, metadata=cli(
        "--data", default=DEFAULT_SOURCE, metavar="SOURCE",
        help=f"a monthly police table (default {DEFAULT_SOURCE}), or a CSV/Excel file of your own monthly counts "
             "with columns code, month, type and count (maand, soort, aantal; months as 2023-09, 2023MM09 or "
             "sep 2023)"))
    level: str = field(default="gemeente", metadata=cli(
        "--level", default="gemeente", metavar="LEVEL",
        help="gemeente (default), wijk, buurt, or basisteam/district/eenheid with --composition"))
    composition: str | None = field(default=None, metadata=cli(
        "--composition", metavar="FILE", help="police unit composition (boundaries/compositions/README.md)"))
    #: The latest month (``2024MM03``); the data's latest when ``None``.
    period: str | None = field(default=None, metadata=cli(
        "--period", metavar="MONTH", help="the latest month, e.g. 2024MM03 (default: the table's latest)"))
    #: 1 (the latest month) or 3 (the latest three months together).
    months: int = field(default=1, metadata=cli(
        "--months", type=int, choices=(1, 3), default=1,
        help="the latest month alone (1, default) or the latest three together (3)"))
    #: Crime types to assess; ``None``: :data:`DEFAULT_CRIME_TYPES` of a table, every type of a file.
    crime_types: tuple[str, ...] | None = field(default=None, metadata=cli(
        "--crime-types", default=None, metavar="K1,K2", convert=_keys,
        help=f"SoortMisdrijf keys, each assessed on its own (default {','.join(DEFAULT_CRIME_TYPES)}); with a "
             "file, values of its type column (default: every type)"))
    filters: tuple[str, ...] = field(default=(), metadata=cli(
        "--filter", action="append", default=[], metavar="DIM=KEY", convert=tuple,
        help="other filters of the table"))
    min_expected: float = field(default=WARNING_MIN_EXPECTED, metadata=cli(
        "--min-expected", type=float, default=WARNING_MIN_EXPECTED, metavar="N",
        help=f"smallest expected count at which a unit is assessed (default {WARNING_MIN_EXPECTED:g})"))
    #: Year of the boundaries; the year of the latest month when ``None``.
    year: int | None = field(default=None, metadata=cli(
        "--year", type=int, metavar="YEAR", help="year of the boundaries (default: the year of the month)"))
    boundaries: tuple[str, ...] = field(default=(), metadata=cli(
        "--boundaries", action="append", default=[], metavar="PATH", convert=tuple,
        help="boundaries instead of PDOK (repeatable)"))
    #: The CRS of a boundary file without one of its own (``--crs`` is that of the incidents' ``--x``/``--y``).
    boundary_crs: str | None = field(default=None, metadata=cli(
        "--boundary-crs", metavar="CRS",
        help="CRS of a boundary file without one of its own (a shapefile without .prj; --crs is that of --x/--y)"))
    lang: str = field(default="nl", metadata=cli(
        "--lang", choices=("nl", "en"), default="nl", help="language of map and table (default nl)"))
    #: From the shared ``--refresh`` option (:func:`geo.cli._options.sources`).
    refresh: bool = False
    #: ``quasi-poisson`` (the bound widened by each series' dispersion) or ``poisson``.
    dispersion: str = "quasi-poisson"
    #: An analyst's own export of incidents, counted per area and month (:func:`geo.trend.incident_months`).
    incidents: str | None = field(default=None, metadata=cli(
        "--incidents", group=_INCIDENTS, metavar="FILE",
        help="a police export, one row (or point) per incident (CSV, XLSX, GeoPackage/GeoJSON points, Parquet), "
             "counted per month in the areas of --boundaries or --level, or per CBS square with --grid"))
    x: str | None = field(default=None, metadata=cli(
        "--x", group=_INCIDENTS, metavar="COL", help="column of the x coordinate (RD New; longitude with --crs)"))
    y: str | None = field(default=None, metadata=cli(
        "--y", group=_INCIDENTS, metavar="COL", help="column of the y coordinate (RD New; latitude with --crs)"))
    date: str | None = field(default=None, metadata=cli(
        "--date", group=_INCIDENTS, metavar="COL", help="column of the incident's date (e.g. Pleegdatum); needed"))
    type: str | None = field(default=None, metadata=cli(
        "--type", group=_INCIDENTS, metavar="COL",
        help="column of the crime type (e.g. 'Maatschappelijke klasse'): each type is assessed on its own"))
    types: tuple[str, ...] | None = field(default=None, metadata=cli(
        "--types", group=_INCIDENTS, default=None, metavar="T1,T2", convert=_keys,
        help="keep only incidents of these types (column --type; case does not matter)"))
    crs: str | None = field(default=None, metadata=cli(
        "--crs", group=_INCIDENTS, metavar="CRS",
        help="CRS of --x and --y (default RD New; EPSG:4326 for longitude and latitude)"))
    interval: str = field(default="month", metadata=cli(
        "--interval", group=_INCIDENTS, choices=INTERVALS, default="month",
        help="count per month (default; the warning compares months with the same months of earlier years)"))
    grid: int | None = field(default=None, metadata=cli(
        "--grid", group=_INCIDENTS, type=int, choices=CELL_SIZES, metavar="METRES",
        help="count per CBS square of 100, 500 or 1000 m instead of per area (the squares with incidents; "
             "--boundaries narrows them to a study area)"))
    within: str | None = field(default=None, metadata=cli(
        "--within", group=_INCIDENTS, metavar="CODE",
        help="with --grid: only the squares of this area of --boundaries or --level (a gemeente, e.g. GM0772), "
             "as hotspots --incidents takes it"))
    #: Counts below this are written as "<K"; ``None``: 5 on squares of 500 m and smaller, else 0.
    min_count: int | None = field(default=None, metadata=cli(
        "--min-count", group=_INCIDENTS, type=int, metavar="K",
        help="in trend.csv, trend.xlsx and the map, show counts below K as '<K' and leave out what would give them "
             "away (default 5 with --grid 100 or 500, else 0); the warning itself uses the real counts"))


