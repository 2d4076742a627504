"""Typed results of the pipeline steps: each step's frame together with what it found.

Every stage returns a new frame and a small record of what happened on the
way (what matched, what was repaired, where a figure came from, which rows
moved between boundary years). The summary (:mod:`geo.summary`) is built
from these records, never from ``DataFrame.attrs``, which pandas documents
as experimental and which ``concat`` and ``merge`` drop::

    boundaries = geo.load_boundaries("gemeente_2023.geojson")   # Boundaries: .frame, .repaired, ...
    table = geo.read_table("misdrijven.csv")                    # Table: .frame, .source
    joined = geo.join(boundaries, table, code_column="nummer")  # Joined: .frame, .report (JoinReport)
    prepared = geo.prepare(joined, value="misdaad")             # Prepared: .frame, .report, .join
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd


# --- Provenance of downloads -------------------------------------------------------------


@dataclass(frozen=True)
class TableProvenance:
    """Where a table of figures came from: CBS StatLine or the police catalog."""

    source: str
    catalog: str
    table: str
    title: str | None
    measure: str
    measure_title: str | None
    unit: str | None
    filters: dict[str, list[str]]
    period: str | None
    period_status: str | None
    table_modified: str | None
    indicator: str | None
    level: str
    notes: list[str]
    fetched_at: str | None = None
    cache_file: str | None = None
    rows_fetched: int | None = None

    def as_dict(self) -> dict[str, Any]:
        """The record as it appears in ``summary.json`` (``sources``)."""
        return asdict(self)


@dataclass(frozen=True)
class BoundaryProvenance:
    """Where a boundary layer came from: PDOK, with its licence."""

    url: str | None
    level: str | None
    year: int | None
    licence: str | None
    attribution: str | None
    fetched_at: str | None
    rows: int | None
    cache_file: str | None
    source: str = "pdok"

    def as_dict(self) -> dict[str, Any]:
        """The record as it appears in ``summary.json`` (``sources``), in its historical key order."""
        return {"source": self.source, "url": self.url, "level": self.level, "year": self.year,
                "licence": self.licence, "attribution": self.attribution, "fetched_at": self.fetched_at,
                "rows": self.rows, "cache_file": self.cache_file}


Provenance = TableProvenance | BoundaryProvenance


# --- Inputs ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    """A table of figures per area: read from a file, or fetched from CBS/Politie."""

    frame: "pd.DataFrame"
    #: The file or ``source:TABLE/MEASURE``, for messages.
    source: str
    #: The CSV separator that was found (``None`` for Excel and downloads).
    separator: str | None = None
    provenance: TableProvenance | None = None
    #: What a reader (:mod:`geo.readers`) found: the columns of the codes and of the figures.
    code_column: str | None = None
    value_column: str | None = None
    #: ``count`` (summed to units, moved across boundary years) or ``percentage`` (a survey estimate).
    kind: str = "count"
    #: The figures' name for titles (an indicator's title and its period).
    title: str | None = None
    #: The periods of a series, in order, when the frame has a ``period`` column for them.
    periods: tuple[str, ...] = ()
    #: The areas the figures were counted in, when the reader made or loaded them itself (incidents: the
    #: squares or hexagons of the aggregation, or the target polygons); ``None``: areas come from the boundaries.
    areas: "Boundaries | None" = None
    #: Incidents counted per area: what was read, dropped, filtered and counted (:class:`AggregationReport`).
    aggregation: "AggregationReport | None" = None
    #: The kernel density layer of the incidents (``code``, ``density``, ``masked``, ``geometry``), if any.
    density: "gpd.GeoDataFrame | None" = None
    #: Inhabitants of the counted squares, looked up while counting (``--population`` with ``--grid``): a
    #: :class:`geo.squares.SquarePopulation`, so the rates do not ask PDOK or the file a second time.
    squares: Any = None


@dataclass(frozen=True)
class Boundaries:
    """Boundary polygons in RD New with a text ``code`` and ``name`` column."""

    frame: "gpd.GeoDataFrame"
    #: The file (or "PDOK gemeente 2023 ..."), for messages.
    source: str
    code_column: str | None = None
    name_column: str | None = None
    #: Codes whose invalid geometry was repaired.
    repaired: tuple[str, ...] = ()
    provenance: tuple[BoundaryProvenance, ...] = ()


@dataclass(frozen=True)
class ScaleRecord:
    """What ``--scale auto`` chose (:mod:`geo.scale`): the records of its two steps and the weights they give.

    ``lines`` holds the reader's line of every choice in both languages, so
    the terminal can print them in the run's language from summary.json.
    """

    choice: dict[str, Any]
    band: dict[str, Any]
    weights: str
    lines: dict[str, tuple[str, ...]]

    def as_dict(self) -> dict[str, Any]:
        """The record as summary.json lists it (``aggregation.scale``)."""
        return {"choice": self.choice, "band": self.band, "weights": self.weights,
                "lines": {k: list(v) for k, v in self.lines.items()}}


@dataclass(frozen=True)
class AggregationReport:
    """Incidents counted per area: the records of :mod:`geo.incidents`, :mod:`geo.grid` and :mod:`geo.density`.

    Each part is the ``report()`` of its record (counts and reasons, never a
    coordinate of an incident); ``study_area`` says where the squares or
    hexagons were laid (``source``, ``within``, ``areas``).
    """

    #: ``Incidents.report()``: source, read, used, dropped (per reason), filtered (per filter).
    incidents: dict[str, Any]
    #: ``Aggregation.report()``: target (grid, hex, polygons), cell, areas, counted, outside, ...
    aggregation: dict[str, Any]
    #: ``Density.report()``, or ``None`` without a density layer.
    density: dict[str, Any] | None = None
    study_area: dict[str, Any] | None = None
    #: With ``--interval`` (or a list of periods): the interval and the periods of the space-time cube.
    interval: str | None = None
    periods: tuple[str, ...] = ()
    #: The boundary year of the areas (PDOK), ``None`` for files.
    year: int | None = None
    #: ``--scale auto``: what was chosen, and why.
    scale: ScaleRecord | None = None

    @property
    def target(self) -> str:
        """``grid``, ``hex`` or ``polygons``."""
        return str(self.aggregation.get("target"))

    @property
    def cell(self) -> int | None:
        """The square size in metres (``None`` for hexagons and polygons)."""
        cell = self.aggregation.get("cell")
        return int(cell) if cell is not None else None

    def as_dict(self) -> dict[str, Any]:
        """The record as summary.json lists it (``aggregation``)."""
        out = {**self.aggregation, "study_area": self.study_area, "incidents": dict(self.incidents),
               "density": self.density}
        if self.periods:
            out["interval"] = self.interval
            out["periods"] = list(self.periods)
        if self.scale is not None:
            out["scale"] = self.scale.as_dict()
        return out


# --- Join and preparation ----------------------------------------------------------------


@dataclass(frozen=True)
class JoinReport:
    """What a join matched: the count, and the codes found on one side only."""

    matched: int
    data_only: list[str]
    boundaries_only: list[str]
    #: The table's name in messages.
    source: str = "the table"
    #: For joins by name: what matched exactly, after normalising, and not at all.
    by_name: dict[str, list[Any]] | None = None

    def unmatched(self) -> dict[str, list[str]]:
        """``data_only`` and ``boundaries_only``, as summary.json lists them."""
        return {"data_only": list(self.data_only), "boundaries_only": list(self.boundaries_only)}


@dataclass(frozen=True)
class Joined:
    """Boundaries with a table's columns, and the report of the join."""

    frame: "gpd.GeoDataFrame"
    report: JoinReport
    #: Codes whose boundary geometry was repaired when it was read.
    repaired: tuple[str, ...] = ()


@dataclass(frozen=True)
class PrepareReport:
    """How the analysed value was made."""

    source: str
    value_column: str | None
    population_column: str | None
    #: ``rate`` (per 1,000 inhabitants) or ``value``.
    analysed: str
    #: Codes with a row in the data but no value: left out, never filled in.
    missing_value: list[str] = field(default_factory=list)
    #: Survey figures whose 95% interval is wider than half the figure on either side.
    uncertain: list[str] = field(default_factory=list)
    #: Codes with a value but no inhabitants (zero or missing): left out of the rates, and named.
    no_population: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Prepared:
    """The frame :func:`geo.analyse` takes, with how it was made."""

    frame: "gpd.GeoDataFrame"
    report: PrepareReport
    join: JoinReport
    repaired: tuple[str, ...] = ()


# --- Years and units ---------------------------------------------------------------------


@dataclass(frozen=True)
class CrosswalkReport:
    """Figures moved from the codes of one boundary year to those of another."""

    from_year: int | None
    to_year: int | None
    #: One record per old code that changed: ``old``, ``new``, ``kind`` (renamed, merged, split).
    moved: list[dict[str, Any]]
    #: Old codes the crosswalk does not know.
    unmatched: list[str]
    split_rule: str | None

    def as_dict(self) -> dict[str, Any]:
        """The record as summary.json lists it (``crosswalk``)."""
        return asdict(self)


@dataclass(frozen=True)
class UnitsReport:
    """Police units built from a composition."""

    composition: str | None
    level: str | None
    year: int | None
    n_units: int
    #: Per level: whether the units form a valid coverage (no gaps or slivers).
    coverage_valid: dict[str, bool]
    #: Member polygons changed slightly to make them a clean coverage first.
    members_cleaned: int

    def as_dict(self) -> dict[str, Any]:
        """The record as summary.json lists it (``units``)."""
        return asdict(self)


@dataclass(frozen=True)
class RunReport:
    """What a command adds to the summary beyond the statistics: inputs, sources, years, units.

    Fields left ``None`` do not appear in summary.json; ``boundary_year`` and
    ``sources`` appear for every ``hotspots`` run (``None`` and ``[]`` for files).
    """

    inputs: dict[str, Any] | None = None
    sources: list[Provenance] | None = None
    boundary_year: int | None = None
    has_boundary_year: bool = False
    population_join: dict[str, list[str]] | None = None
    crosswalk: CrosswalkReport | None = None
    incomplete_units: dict[str, list[str]] | None = None
    units: UnitsReport | None = None
    indicative: str | None = None
    synthetic: bool = False
    planted: dict[str, list[str]] | None = None
    #: Incidents counted per area (``vmgeo hotspots --incidents``).
    aggregation: AggregationReport | None = None
    #: Notes on how the inputs were combined (population of another year, ...), added to the summary's notes.
    notes: list[str] = field(default_factory=list)


# --- Statistics --------------------------------------------------------------------------


class _Options(Protocol):
    @property
    def islands(self) -> str: ...
    @property
    def permutations(self) -> int: ...
    @property
    def seed(self) -> int: ...
    @property
    def alpha(self) -> float: ...
    @property
    def fdr(self) -> bool: ...
    @property
    def correction(self) -> str: ...
    @property
    def gi_inference(self) -> str: ...
    @property
    def rate(self) -> str: ...


class Statistics(Protocol):
    """What :mod:`geo.summary` reads of a result: :class:`geo.analysis.HotspotResult` is one.

    A protocol, so that the summary never imports the analysis (the analysis
    builds its summary with :func:`geo.summary.build`).
    """

    @property
    def frame(self) -> "gpd.GeoDataFrame": ...
    @property
    def options(self) -> _Options: ...
    @property
    def prepared(self) -> PrepareReport: ...
    @property
    def join(self) -> JoinReport: ...
    @property
    def repaired(self) -> tuple[str, ...]: ...
    @property
    def weights(self) -> Any: ...
    @property
    def moran(self) -> Mapping[str, Any]: ...
    @property
    def lisa(self) -> dict[str, int]: ...
    @property
    def gi_star(self) -> dict[str, int]: ...
    @property
    def notes(self) -> list[str]: ...
    @property
    def small_population(self) -> list[str]: ...
    @property
    def caution(self) -> bool: ...
    @property
    def bivariate(self) -> dict[str, Any] | None: ...
    @property
    def column(self) -> str: ...
    @property
    def few_areas(self) -> bool: ...
