"""The early warning by month: which units see a rise beyond the usual ups and downs.

The police's own Early Warning shows, every month, per eenheid, district,
basisteam and gemeente, which crimes rise. :func:`run` is ``vmgeo trend``
without its command line: it gets the monthly registrations of every crime
type for the latest month(s) and the three years before (from a police table
with :func:`assemble_months`, or from the analyst's own file with
:func:`read_months`), sums them to police units when a composition is given,
or from the analyst's own export of incidents, counted per area or CBS square and
month with :func:`incident_months`), compares each unit's latest month(s) with the same months of earlier years
(:func:`geo.stats.change.early_warning`: a unit is flagged only above the
upper bound of its expected count, widened by the dispersion its own history
shows, and never on an expected count below 5), and builds the map layers and
the summary; :func:`write` writes them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import boundaries, fetch, grid, levels, messages, periods, readers, text, units
from . import categories as cat
from .errors import ColumnError, DataError, OptionError, few
from .incidents import Incidents, read_incidents
from .inputs import member_levels
from .joins import canonical_codes
from .maps import MapOptions, hotspot_map, save
from .maps.layers import Layer, TipRow, time_layer
from .outputs import safe_frame, write_json, write_together
from .reports import BoundaryProvenance, Provenance, TableProvenance
from .settings import (
    ANALYSIS_CRS,
    WARNING_LEVEL,
    WARNING_MIN_EXPECTED,
    WARNING_YEARS,
)
from .stats import change
from .tables import find_column, read_table, to_number
from .trend_options import DEFAULT_CRIME_TYPES, DEFAULT_SOURCE, INTERVALS, TrendOptions

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

    from .settings import Settings

log = logging.getLogger("geo")

#: The dimension of the police tables that holds the crime type.
CRIME_DIMENSION = "SoortMisdrijf"

#: Columns of trend.csv, in this order.
TREND_COLUMNS = ["code", "name", "crime", "crime_title", "months", "observed", "expected", "dispersion", "bound",
                 "ratio", "excess", "p_exceed", "chance_of_flag", "previous_year", "change_vs_previous_year",
                 "flagged", "reason"]

#: The columns of trend.csv that are counts, or that give a count away when it is hidden.
COUNT_COLUMNS = ("observed", "previous_year", "expected")
DERIVED_COLUMNS = ("bound", "ratio", "excess", "p_exceed")

#: The columns of an analyst's own monthly counts (:func:`read_months`): the names looked for, Dutch and
#: English, compared without case, spaces, dashes or underscores. ``type`` may be left out (one series).
FILE_COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("code", "gebiedscode", "regiocode", "gemeentecode", "wijkcode", "buurtcode", "eenheidcode",
             "areacode", "area", "unitcode", "unit"),
    "month": ("month", "maand", "periode", "period", "perioden", "datum", "date"),
    "type": ("type", "soort", "soortmisdrijf", "misdrijf", "misdrijfsoort", "delict", "categorie", "category",
             "crime", "crimetype", "incidenttype"),
    "count": ("count", "aantal", "aantallen", "number", "misdrijven", "geregistreerdemisdrijven", "incidenten",
              "incidents", "n"),
}


@dataclass(frozen=True)
class Months:
    """Monthly counts per unit and crime type: the input of the early warning."""

    #: One row per ``code``, ``crime`` and ``month`` (a CBS key such as 2024MM03), with ``count``.
    frame: "pd.DataFrame"
    #: Crime type key to its title.
    titles: dict[str, str]
    latest: str
    sources: list[Provenance] = field(default_factory=list)


@dataclass(frozen=True)
class TrendResult:
    """What :func:`run` found and what :func:`write` writes."""

    #: trend.csv: one row per unit and crime type, flagged rows first.
    table: "pd.DataFrame"
    #: The map's areas with one ``warn_KEY`` category column (and observed/expected) per crime type.
    frame: "gpd.GeoDataFrame"
    layers: tuple[Layer, ...]
    summary: dict[str, Any]
    title: str
    crime_types: list[str]
    #: The flags chance alone would give (:func:`geo.stats.change.flags_by_chance`).
    by_chance: float
    lang: str = "nl"
    #: Counts below this are written as "<K" (0: every count shown); see :func:`shown_table`.
    min_count: int = 0

    @property
    def flagged(self) -> "pd.DataFrame":
        """The flagged rows, furthest above their bound first."""
        return self.table[self.table["flagged"]]

    @property
    def assessed(self) -> int:
        """How many unit and crime type combinations were assessed (expected count high enough)."""
        return int(self.table["chance_of_flag"].notna().sum())


def run(options: TrendOptions, *, settings: "Settings") -> TrendResult:
    """Run the early warning: months in, the ranked table, the map's layers and the summary out.

    Parameters
    ----------
    options
        What to assess (:class:`TrendOptions`).
    settings
        Endpoints, cache and limits for the police table and PDOK.

    Returns
    -------
    TrendResult

    Raises
    ------
    OptionError
        For options that do not fit together (a year as ``period``, no crime types, ...).
    DataError
        For data that cannot carry the warning (missing months, a file without a month column, ...).
    """
    check_options(options)
    level = levels.get(options.level)
    comp = None
    member = [level.name]
    if level.police and not options.grid:
        if not options.composition:
            raise OptionError(messages.line("trend_level_level_name_made", level_name=level.name))
        comp = units.read_composition(options.composition)
        latest_year = periods.year(periods.key(options.period)) if options.period else None
        member = member_levels(comp, options.year or latest_year or 9999)
    counted: dict[str, Any] | None = None
    if options.incidents:
        months, areas, boundary_sources, counted = incident_months(options, member, settings=settings)
    else:
        months = _gather_months(options, member, settings=settings)
        areas, boundary_sources = _areas(options, member, options.year or periods.year(months.latest),
                                         settings=settings)
    year = options.year or periods.year(months.latest)
    if comp is not None:
        built = units.build(comp, areas, year=year, level=level.name)
        areas = built.frame
        unit_codes = set(areas["code"].astype(str))
        if not set(months.frame["code"].astype(str)) <= unit_codes:
            months = replace(months, frame=to_units(months.frame, {u: built.members[u] for u in areas["code"]}))
    months = replace(months, sources=dedupe_sources([*months.sources, *boundary_sources]))
    names = dict(zip(areas["code"].astype(str), areas["name"].astype(str)))
    crime_types = list(months.titles)
    table = early_warning(months, window=options.months, names=names, min_expected=options.min_expected,
                          dispersion=options.dispersion)
    _note_unmapped(table, names)
    assessed = month_span(months.latest, window=options.months, years=0)
    label = periods.label(assessed[-1], lang=options.lang) if len(assessed) == 1 else text.get(
        "range", lang=options.lang, a=periods.label(assessed[0], lang=options.lang),
        b=periods.label(assessed[-1], lang=options.lang))
    title = text.get("warning", lang=options.lang, months=label)
    min_count = _min_count(options)
    frame, layers = map_layers(areas, table, titles=months.titles, lang=options.lang, min_count=min_count)
    summary = _summary(options, "grid" if options.grid else level.name, months, table)
    if counted is not None:
        summary.update(counted, min_count=min_count)
    return TrendResult(table=table, frame=frame, layers=layers, summary=summary, title=title,
                       crime_types=crime_types, by_chance=change.flags_by_chance(table), lang=options.lang,
                       min_count=min_count)


def _min_count(options: TrendOptions) -> int:
    """``--min-count``, or its default for squares (:func:`geo.grid.default_min_count`: the same rule as hotspots)."""
    if options.min_count is not None:
        return int(options.min_count)
    return grid.default_min_count(options.grid)


def small_rows(table: "pd.DataFrame", min_count: int) -> "pd.Series":
    """Rows with a count (observed, previous year, or the mean of earlier years) from 1 to ``min_count - 1``."""
    import pandas as pd

    small = pd.Series(False, index=table.index)
    if min_count > 0:
        for column in COUNT_COLUMNS:
            values = table[column].astype(float)
            small |= (values > 0) & (values < min_count)
    return small


def shown_table(table: "pd.DataFrame", min_count: int) -> "pd.DataFrame":
    """trend.csv as readers may see it: in rows with a small count, the counts as "<K" and what gives them away
    (bound, ratio, excess, p_exceed) left empty. The flag and the reason stay."""
    small = small_rows(table, min_count)
    if not small.any():
        return table
    out = table.astype({c: object for c in (*COUNT_COLUMNS, *DERIVED_COLUMNS)})
    for column in COUNT_COLUMNS:
        values = table[column].astype(float)
        out.loc[small & (values > 0) & (values < min_count), column] = f"<{min_count}"
    # The bound, ratio, excess and p-value of a row give its small count away (observed = excess + bound).
    out.loc[small, list(DERIVED_COLUMNS)] = None
    return out


def check_options(options: TrendOptions) -> None:
    """Refuse options that cannot work, before anything is fetched or read."""
    if options.min_expected < 0:
        raise OptionError(messages.line("trend_min_expected_options_min", options_min_expected=options.min_expected,
                                        WARNING_MIN_EXPECTED=WARNING_MIN_EXPECTED))
    if options.period and "MM" not in periods.key(options.period):
        raise OptionError(messages.line("trend_period_options_period_r", options_period=options.period))
    if options.crime_types is not None and not options.crime_types:
        raise OptionError(messages.line("trend_crime_types_empty_give"))
    if options.months not in (1, 3):
        raise OptionError(messages.line("trend_months_options_months_must", options_months=options.months))
    if options.min_count is not None and options.min_count < 0:
        raise OptionError(messages.line("pipeline_min_count_min_count", min_count=options.min_count))
    if options.boundary_crs and not options.boundaries:
        raise OptionError(messages.line("readers_boundary_crs_no_file", crs=options.boundary_crs))
    if options.incidents:
        if options.data != DEFAULT_SOURCE:
            raise OptionError(messages.line("trend_incidents_or_data"))
        if options.filters:
            raise OptionError(messages.line("trend_incidents_no_filter"))
        if not options.date:
            raise OptionError(messages.line("trend_incidents_need_date"))
        if options.interval not in INTERVALS:
            raise OptionError(messages.line("trend_incidents_interval", interval=options.interval,
                                            intervals=", ".join(INTERVALS)))
        if options.within and not options.grid:
            raise OptionError(messages.line("readers_within_needs_grid"))
    elif options.grid or any(getattr(options, f) for f in ("x", "y", "date", "type", "types", "crs", "within")):
        raise OptionError(messages.line("trend_needs_incidents"))


def write(result: TrendResult, out: str | Path, *, force: bool = False) -> list[Path]:
    """Write trend.csv, trend.xlsx, map.html and summary.json into ``out``, all or none."""
    first = result.layers[0].name
    level = result.summary["level"]
    # Squares (``grid``) and police units have no level of the map's own (gemeente outlines and the like).
    shown_level = None if level == "grid" or levels.get(level).police else level
    options = MapOptions(layers=tuple(layer.name for layer in result.layers), active=first, extra=result.layers,
                         level=shown_level)
    page = hotspot_map(result.frame, column="value", title=result.title, lang=result.lang, summary=result.summary,
                       options=options)
    table = safe_frame(shown_table(result.table, result.min_count))
    return write_together(out, force=force, writers={
        "trend.csv": lambda p: table.to_csv(p, index=False, encoding="utf-8"),
        "trend.xlsx": lambda p: table.to_excel(p, index=False, sheet_name="early warning"),
        "map.html": lambda p: save(page, p, title=result.title, lang=result.lang),
        "summary.json": lambda p: write_json(p, result.summary),
    })


def month_span(latest: str, *, window: int, years: int) -> list[str]:
    """The months the warning needs: the ``window`` latest ones and the ``years`` years before them."""
    key = periods.key(latest)
    if "MM" not in key:
        raise OptionError(messages.line("trend_period_latest_r_month", latest=latest))
    year, month = periods.year(key), int(key[-2:])
    index = year * 12 + month - 1
    first = index - 12 * years - (window - 1)
    return [f"{i // 12}MM{i % 12 + 1:02d}" for i in range(first, index + 1)]


def is_file(data: str) -> bool:
    """Whether ``--data`` names a file of the analyst's own rather than a police table."""
    path = Path(data)
    return path.exists() or not (fetch.looks_remote(data) or not path.suffix)


def _gather_months(options: TrendOptions, member: list[str], *, settings: "Settings") -> Months:
    """The monthly counts of every member level, from the file or the table."""
    import pandas as pd

    if is_file(options.data):
        if options.filters:
            raise OptionError(messages.line("trend_filter_applies_police_tables"))
        return read_months(options.data, level=member[0] if len(member) == 1 else None, latest=options.period,
                           window=options.months, crime_types=options.crime_types)
    crime_types = list(options.crime_types or DEFAULT_CRIME_TYPES)
    parts = [assemble_months(options.data, level=name, latest=options.period, window=options.months,
                             crime_types=crime_types, filters=list(options.filters), settings=settings,
                             refresh=options.refresh) for name in member]
    if len(parts) == 1:
        return parts[0]
    return replace(parts[0], frame=pd.concat([p.frame for p in parts], ignore_index=True),
                   sources=[s for p in parts for s in p.sources])


def _areas(options: TrendOptions, member: list[str], year: int, *, settings: "Settings"
           ) -> tuple["gpd.GeoDataFrame", list[Provenance]]:
    """The areas of the member levels: the boundary files given, or PDOK's of ``year`` (boundaries.areas)."""
    found = boundaries.areas(list(options.boundaries) or member, year=year, settings=settings, refresh=options.refresh,
                             crs=options.boundary_crs, crs_option="--boundary-crs")
    return found.frame, list(found.provenance)


def assemble_months(data: str, *, level: str, latest: str | None, window: int, crime_types: list[str],
                    filters: list[str], settings: "Settings", refresh: bool = False,
                    years: int = 3) -> Months:
    """Fetch the monthly counts of every crime type for the months the warning needs.

    Parameters
    ----------
    data
        ``politie:TABLE/MEASURE`` of a monthly table (47022NED) or an indicator name.
    level
        ``gemeente``, ``wijk`` or ``buurt`` (units are summed from these by the caller).
    latest
        The latest month (``2024MM03``); the table's latest month when ``None``.
    window
        1 (the latest month) or 3 (the latest three months together).
    crime_types
        SoortMisdrijf keys, each assessed on its own.
    filters
        Other ``DIM=KEY`` filters of the table.
    """
    import pandas as pd

    spec = fetch.parse(data, filters=filters)
    available = [k for k in fetch.periods_of(spec, settings=settings, refresh=refresh) if "MM" in k]
    if not available:
        raise OptionError(messages.line("trend_spec_label_no_monthly", spec_label=spec.label()))
    last = periods.key(latest) if latest else sorted(available)[-1]
    wanted = month_span(last, window=window, years=years)
    missing = [k for k in wanted if k not in available]
    if missing:
        shown = ", ".join(periods.label(k) for k in missing[:6]) + (" ..." if len(missing) > 6 else "")
        raise OptionError(messages.line("trend_spec_label_lacks_len", spec_label=spec.label(),
                                        len_missing=len(missing), len_wanted=len(wanted),
                                        periods_label_wanted=periods.label(wanted[0]),
                                        periods_label_wanted2=periods.label(wanted[-1]), shown=shown,
                                        periods_label_sorted=periods.label(sorted(available)[0]),
                                        periods_label_sorted2=periods.label(sorted(available)[-1])))
    dim = CRIME_DIMENSION
    parts = []
    sources: list[Provenance] = []
    titles: dict[str, str] = {}
    for key in crime_types:
        one = fetch.parse(data, filters=[*filters, f"{dim}={key}"])
        table = fetch.fetch_table(one, periods=wanted, level=level, settings=settings, refresh=refresh)
        assert table.provenance is not None
        sources.append(table.provenance)
        titles[key] = _crime_title(spec, dim, key, settings=settings)
        parts.append(table.frame.assign(crime=key).rename(columns={"period": "month", "value": "count"}))
    frame = pd.concat(parts, ignore_index=True)[["code", "crime", "month", "count"]]
    return Months(frame=frame, titles=titles, latest=last, sources=sources)


def _crime_title(spec: Any, dim: str, key: str, *, settings: "Settings") -> str:
    codes = fetch.dimension_codes(spec, dim, settings=settings)
    for record in codes:
        if str(record.get("Key", "")).strip() == key:
            return str(record.get("Title") or key).strip()
    return key


def to_units(months: "pd.DataFrame", members: dict[str, set[str]]) -> "pd.DataFrame":
    """Monthly counts of member areas summed to police units; a unit with a missing member month stays missing.

    The same rule as :func:`geo.units.aggregate` (a partial sum would look complete), for every crime type and
    month at once, with one warning naming the units that lack members (not one per month).
    """
    import pandas as pd

    wide = months.set_index(["code", "crime", "month"])["count"].unstack(["crime", "month"])
    rows, incomplete = {}, {}
    for unit, areas_of in sorted(members.items()):
        part = wide.reindex(sorted(areas_of))
        lacking = part.index[part.isna().any(axis=1)].tolist()
        if lacking:
            incomplete[unit] = lacking
        rows[unit] = part.sum(min_count=len(part))
    if incomplete:
        lacking = few([f"{u} ({few(m, 3)})" for u, m in incomplete.items()], 5)
        log.warning(text.Say("w_incomplete_months", units=lacking))
    summed = pd.DataFrame(rows).T.rename_axis("code")
    out = summed.stack(["crime", "month"], future_stack=True).rename("count").reset_index()
    return out[["code", "crime", "month", "count"]]


def read_months(path: str | Path, *, level: str | None = None, latest: str | None = None, window: int = 1,
                crime_types: tuple[str, ...] | list[str] | None = None, years: int = WARNING_YEARS) -> Months:
    """Read an analyst's own monthly counts: one row per area (or unit), month and crime type.

    Parameters
    ----------
    path
        A CSV or Excel file (read with :func:`geo.tables.read_table`) with the
        columns code, month, type and count, by any of the Dutch or English
        names in :data:`FILE_COLUMNS` (``gemeentecode``, ``maand``, ``soort``,
        ``aantal``, ...). Months as ``2023-09``, ``2023MM09`` or ``sep 2023``
        (:func:`geo.periods.month_key`). Without a type column the file is one
        series, titled by its count column.
    level
        The level of the codes (``gemeente``, ``wijk``, ``buurt``): plain
        numbers get its prefix and width (``14`` -> ``GM0014``).
    latest
        The latest month; the file's latest when ``None``.
    window, years
        The months assessed and the previous years the warning needs.
    crime_types
        The types to assess (values of the type column); every type when ``None``.

    Raises
    ------
    DataError
        One line naming the file and what it lacks: a column (and the names
        looked for), a month that cannot be read (with its row), counts that
        are no whole numbers, months the warning needs, or a type asked for.
    """
    import pandas as pd

    table = read_table(path)
    source = table.source
    found = _file_columns(table.frame, source)
    frame = table.frame
    types = (frame[found["type"]].astype("string").str.strip() if "type" in found
             else pd.Series(str(found["count"]), index=frame.index, dtype="string"))
    keys = frame[found["month"]].map(periods.month_key)
    bad = keys.isna()
    if bad.any():
        row = int(bad.to_numpy().nonzero()[0][0])
        raise DataError(messages.line("trend_source_column_found_month", source=source, found_month=found['month'],
                                      int_bad_sum=int(bad.sum()), row_2=row + 2,
                                      frame_found_month_il=frame[found['month']].iloc[row]))
    counts = to_number(frame[found["count"]], column=found["count"], source=source)
    if counts.isna().any() or (counts != counts.round()).any() or (counts < 0).any():
        row = int((counts.isna() | (counts != counts.round()) | (counts < 0)).to_numpy().nonzero()[0][0])
        raise DataError(messages.line("trend_source_column_found_count", source=source, found_count=found['count'],
                                      row_2=row + 2, frame_found_count_il=frame[found['count']].iloc[row]))
    lv = levels.get(level) if level else None
    codes = frame[found["code"]].astype("string")
    if lv is not None and lv.prefix:
        codes = canonical_codes(codes, prefix=lv.prefix, width=lv.width)
    data = pd.DataFrame({"code": codes.to_numpy(), "crime": types.to_numpy(), "month": keys.to_numpy(),
                         "count": counts.to_numpy()})
    present = list(dict.fromkeys(data["crime"].dropna().astype(str)))
    wanted = list(crime_types) if crime_types is not None else present
    unknown = [k for k in wanted if k not in present]
    if unknown:
        raise DataError(messages.line("trend_source_no_counts_type", source=source,
                                      join_repr_k_for_k_in=', '.join(repr(k) for k in unknown),
                                      found_get_type_none=found.get('type', '(none)'), few_present_8=few(present, 8)))
    last = periods.key(latest) if latest else max(data["month"])
    needed = month_span(last, window=window, years=years)
    data = data[data["crime"].isin(wanted) & data["month"].isin(needed)]
    _check_file_months(data, needed, source)
    return Months(frame=data.reset_index(drop=True), titles={k: k for k in wanted}, latest=last)


def _file_columns(frame: "pd.DataFrame", source: str) -> dict[str, str]:
    """The file's column for each of code, month, type and count; one line naming those it lacks."""
    found: dict[str, str] = {}
    for what, names in FILE_COLUMNS.items():
        for name in names:
            try:
                found[what] = find_column(frame, name, what=what)
                break
            except ColumnError:
                continue
    lacking = [what for what in FILE_COLUMNS if what not in found and what != "type"]
    if lacking:
        looked = "; ".join(f"{w}: {', '.join(FILE_COLUMNS[w][:5])}" for w in lacking)
        shown = ", ".join(repr(str(c)) for c in list(frame.columns)[:10])
        raise ColumnError(messages.line("trend_source_no_no_join", source=source, looked=looked, shown=shown,
                                        and_no_join_lacking=messages.line("and_no").join(lacking)))
    return found


def _check_file_months(data: "pd.DataFrame", needed: list[str], source: str) -> None:
    """Every area and type has one count in every month the warning needs."""
    if data.duplicated(["code", "crime", "month"]).any():
        first = data[data.duplicated(["code", "crime", "month"])].iloc[0]
        raise DataError(messages.line("trend_source_more_than_one", source=source, first_code=first['code'],
                                      first_crime=first['crime'], periods_label_first_=periods.label(first['month'])))
    have = set(data["month"])
    missing = [k for k in needed if k not in have]
    if missing:
        raise DataError(messages.line("trend_source_lacks_len_missing", source=source, len_missing=len(missing),
                                      len_needed=len(needed), periods_label_needed=periods.label(needed[0]),
                                      periods_label_needed2=periods.label(needed[-1]),
                                      few_periods_label_k_=few([periods.label(k) for k in missing], 6)))
    per_series = data.groupby(["code", "crime"])["month"].nunique()
    short = per_series[per_series < len(needed)]
    if not short.empty:
        (code, crime), n = short.index[0], int(short.iloc[0])
        raise DataError(messages.line("trend_source_code_crime_counts", source=source, code=code, crime=crime, n=n,
                                      len_needed=len(needed), len_short_1=len(short) - 1))


def incident_months(options: TrendOptions, member: list[str], *, settings: "Settings"
                    ) -> tuple[Months, "gpd.GeoDataFrame", list[Provenance], dict[str, Any]]:
    """Count an analyst's own export of incidents per area (or CBS square), crime type and month.

    The export is read with :func:`geo.incidents.read_incidents` (``--x``,
    ``--y``, ``--date``, ``--type``, ``--types``, ``--crs``). Its latest month
    (or ``--period``) is the month assessed; the warning needs it and the
    three years before, which the export must cover (a month without any
    incident at all means the export does not reach it, and is refused).

    Areas: the polygons of ``--boundaries`` or ``--level`` (the member levels
    of a police unit, summed to the units afterwards as for a police
    table), every polygon kept with its zeros; or, with ``--grid``, the CBS
    squares (:func:`geo.grid.grid_aggregation`) that hold an incident of a
    type in those months, narrowed to the study area of ``--boundaries``
    when given. A square without any incident of a type in all those months
    could not be assessed anyway (its expected count is 0) and is left out.

    Returns
    -------
    tuple
        The monthly counts (:class:`Months`), the areas counted in (``code``,
        ``name``, ``geometry``), their provenance, and the summary's record
        (``incidents``: what was read and dropped, ``aggregation``: where the
        incidents went, ``interval``).
    """
    import numpy as np

    assert options.incidents is not None and options.date is not None  # check_options
    points = read_incidents(options.incidents, x=options.x, y=options.y, date=options.date, type=options.type,
                            crs=options.crs or ANALYSIS_CRS, types=options.types)
    assert points.dates is not None
    month = points.dates.astype("datetime64[M]").astype(np.int64)  # months since 1970-01
    latest = periods.key(options.period) if options.period else _month_key(int(month.max()))
    needed = month_span(latest, window=options.months, years=WARNING_YEARS)
    first = (periods.year(needed[0]) - 1970) * 12 + int(needed[0][-2:]) - 1
    position = month - first
    kinds, titles = _incident_types(points, options)
    inside = (position >= 0) & (position < len(needed)) & np.isin(kinds, list(titles))
    missing = [k for i, k in enumerate(needed) if not (position[inside] == i).any()]
    if missing:
        raise DataError(messages.line("trend_source_lacks_len_missing", source=options.incidents,
                                      len_missing=len(missing), len_needed=len(needed),
                                      periods_label_needed=periods.label(needed[0]),
                                      periods_label_needed2=periods.label(needed[-1]),
                                      few_periods_label_k_=few([periods.label(k) for k in missing], 6)))
    year = options.year or periods.year(latest)
    if options.grid:
        study, sources = None, list[Provenance]()
        if options.boundaries or options.within:
            found = boundaries.areas(list(options.boundaries) or member, year=year, settings=settings,
                                     refresh=options.refresh, crs=options.boundary_crs, crs_option="--boundary-crs")
            study = readers.within_area(found.frame, options.within, source=found.source)
            sources = list(found.provenance)
        aggregation = grid.grid_aggregation(_subset(points, inside), cell=options.grid, study_area=study)
        areas = aggregation.frame[["code", "geometry"]].assign(name=aggregation.frame["code"].to_numpy())
    else:
        areas, sources = _areas(options, member, year, settings=settings)
        aggregation = grid.polygon_aggregation(_subset(points, inside), areas, code_column="code")
    frame = _monthly_counts(points, inside, position, kinds, list(titles), needed, aggregation, options.grid)
    counted: dict[str, Any] = {"incidents": points.report(), "aggregation": aggregation.report(),
                               "interval": options.interval, "months_counted": [needed[0], needed[-1]]}
    log.info(text.Say("i_trend_incidents", used=aggregation.counted, areas=len(areas), months=len(needed)))
    return (Months(frame=frame, titles=titles, latest=latest), areas[["code", "name", "geometry"]], sources,
            counted)


def _month_key(index: int) -> str:
    """The CBS key of a month counted from January 1970 (0)."""
    return f"{1970 + index // 12}MM{index % 12 + 1:02d}"


def _subset(points: Incidents, keep: "Any") -> Incidents:
    """The incidents where ``keep`` holds (a copy with the same record of what was read and dropped)."""
    return replace(points, x=points.x[keep], y=points.y[keep], rows=points.rows[keep],
                   dates=points.dates[keep] if points.dates is not None else None,
                   types=points.types[keep] if points.types is not None else None)


def _incident_types(points: Incidents, options: TrendOptions) -> tuple["Any", dict[str, str]]:
    """Each incident's crime type (one series when there is no ``--type``), and the types assessed with their titles.

    ``--crime-types`` picks among the values of the type column, as it does for a file of monthly counts.
    """
    import numpy as np

    if points.types is None:
        key = text.get("trend_all_incidents", lang=options.lang)
        return np.full(len(points), key, dtype=object), {key: key}
    kinds = np.asarray(points.types, dtype=object)
    present = list(dict.fromkeys(sorted(str(k) for k in set(kinds.tolist()))))
    wanted = list(options.crime_types) if options.crime_types is not None else present
    unknown = [k for k in wanted if k not in present]
    if unknown:
        raise DataError(messages.line("trend_source_no_counts_type", source=options.incidents,
                                      join_repr_k_for_k_in=", ".join(repr(k) for k in unknown),
                                      found_get_type_none=options.type, few_present_8=few(present, 8)))
    return kinds, {k: k for k in wanted}


def _monthly_counts(points: Incidents, inside: "Any", position: "Any", kinds: "Any", crimes: list[str],
                    needed: list[str], aggregation: "grid.Aggregation", cell: int | None) -> "pd.DataFrame":
    """``code``, ``crime``, ``month``, ``count``: every series without gaps, counted in the areas of ``aggregation``.

    One count per month and type (the squares by arithmetic, the polygons by the point-in-polygon of
    :mod:`geo.grid`), so a border point is counted where the aggregation counts it.
    """
    import numpy as np
    import pandas as pd

    codes = aggregation.frame["code"].astype(str).to_numpy()
    geoms = None if cell else np.asarray(aggregation.frame.geometry, dtype=object)
    table = np.zeros((len(crimes), len(codes), len(needed)), dtype=np.int64)
    for c, crime in enumerate(crimes):
        of_type = inside & (kinds == crime)
        for m in range(len(needed)):
            keep = of_type & (position == m)
            if not keep.any():
                continue
            if geoms is not None:
                table[c, :, m] = grid.count_in_polygons(points.x[keep], points.y[keep], geoms)
            else:
                found = grid.count_cells(_subset(points, keep), cell=int(cell or 0))
                table[c, :, m] = pd.Series(found.count, index=found.codes).reindex(codes, fill_value=0).to_numpy()
    # Squares: only the series with an incident (an all-zero square is never assessable); polygons: all of them.
    kind, area = np.nonzero(table.any(axis=2) if geoms is None else np.ones(table.shape[:2], dtype=bool))
    return pd.DataFrame({
        "code": np.repeat(codes[area], len(needed)),
        "crime": np.repeat(np.asarray(crimes, dtype=object)[kind], len(needed)),
        "month": np.tile(np.asarray(needed, dtype=object), len(kind)),
        "count": table[kind, area].ravel(),
    })


def early_warning(months: Months, *, window: int = 1, names: dict[str, str] | None = None,
                  min_expected: float | None = None, dispersion: str = "quasi-poisson") -> "pd.DataFrame":
    """The ranked early warning: one row per unit and crime type, flagged rows first.

    Parameters
    ----------
    months
        From :func:`assemble_months` or :func:`read_months` (or :func:`to_units` on its frame).
    window
        1 or 3 latest months.
    names
        Unit code to name, for the table.
    min_expected
        Smallest expected count at which a unit is assessed (default
        :data:`geo.settings.WARNING_MIN_EXPECTED`).
    dispersion
        ``quasi-poisson`` or ``poisson`` (:func:`geo.stats.change.early_warning`).
    """
    frame = months.frame.dropna(subset=["count"])
    if frame.empty:
        raise DataError(messages.line("trend_no_unit_count_months"))
    out = change.early_warning(frame, unit="code", crime="crime", month="month", count="count", window=window,
                               min_expected=WARNING_MIN_EXPECTED if min_expected is None else min_expected,
                               dispersion=dispersion)
    out["crime_title"] = out["crime"].map(months.titles).fillna(out["crime"])
    out["name"] = out["code"].map(names or {}).fillna(out["code"])
    return out[[c for c in TREND_COLUMNS if c in out.columns]]


def map_layers(areas: "gpd.GeoDataFrame", table: "pd.DataFrame", *, titles: dict[str, str], lang: str = "nl",
               min_count: int = 0) -> tuple["gpd.GeoDataFrame", tuple[Layer, ...]]:
    """The map's frame and one layer per crime type: flagged, within the usual, not assessable, or no data.

    Each layer's note says how many flags chance alone would give among the areas assessed for that type.
    The tooltips leave out the observed and expected counts of rows with a count below ``min_count``
    (:func:`small_rows`).
    """
    frame = areas[["code", "name", "geometry"]].copy()
    layers = []
    hidden = small_rows(table, min_count)
    for key, title in titles.items():
        rows = table[table["crime"] == key].assign(_hidden=hidden).set_index("code")
        state = rows["flagged"].map({True: cat.FLAGGED, False: cat.NOT_FLAGGED})
        state[rows["reason"].astype(str).str.len() > 0] = cat.NOT_ASSESSABLE
        frame[f"warn_{key}"] = frame["code"].map(state).fillna(cat.NO_DATA).to_numpy()
        frame[f"observed_{key}"] = frame["code"].map(rows["observed"].mask(rows["_hidden"])).to_numpy(dtype=float)
        frame[f"expected_{key}"] = frame["code"].map(rows["expected"].mask(rows["_hidden"])).to_numpy(dtype=float)
        tips = (TipRow(title, "category"), TipRow("observed", "number", f"observed_{key}"),
                TipRow("expected", "number", f"expected_{key}"))
        note = _chance_line(rows.reset_index(), lang=lang, key="warning_chance_map")
        layers.append(time_layer(f"warn_{key}", f"warn_{key}", title, cat.WARNING_CATEGORIES, cat.WARNING_COLOURS,
                                 tooltip=tips, note=note))
    frame["value"] = frame[f"observed_{next(iter(titles))}"]
    return frame, tuple(layers)


def _chance_line(table: "pd.DataFrame", *, lang: str, key: str = "warning_chance") -> str:
    """One line: the flags chance alone would give among the assessed rows of ``table``."""
    assessed = int(table["chance_of_flag"].notna().sum())
    chance = change.flags_by_chance(table)
    # Below one flag a tenth says too little ("0,0" for a few units): two decimals there.
    return text.get(key, lang=lang, k=text.number(chance, 1 if chance >= 1 else 2, lang=lang),
                    n=text.number(assessed, 0, lang=lang), level=text.number(100 * WARNING_LEVEL, 1, lang=lang))


def chance_line(result: TrendResult) -> str:
    """The terminal's line on the flags chance alone would give in the whole run."""
    return _chance_line(result.table, lang=result.lang)


def _summary(options: TrendOptions, level: str, months: Months, table: "pd.DataFrame") -> dict[str, Any]:
    keys = list(months.titles)
    summary: dict[str, Any] = {
        "kind": "early_warning",
        "level": level,
        "latest": months.latest,
        "window": options.months,
        "level_poisson": WARNING_LEVEL,
        "min_expected": options.min_expected,
        "dispersion": {"model": options.dispersion,
                       "median": {k: _median(table.loc[table["crime"] == k, "dispersion"]) for k in keys}},
        "crime_types": dict(months.titles),
        "flagged": {k: int(table[(table["crime"] == k) & table["flagged"]].shape[0]) for k in keys},
        "not_assessable": {k: int(((table["crime"] == k) & (table["reason"].astype(str).str.len() > 0)).sum())
                           for k in keys},
        "assessed": {k: int(table.loc[table["crime"] == k, "chance_of_flag"].notna().sum()) for k in keys},
        "flags_by_chance": {k: round(change.flags_by_chance(table[table["crime"] == k]), 3) for k in keys},
        "flags_by_chance_total": round(change.flags_by_chance(table), 3),
        "sources": [s.as_dict() for s in months.sources],
    }
    if options.incidents:
        summary["inputs"] = {"incidents": str(options.incidents), "boundaries": list(options.boundaries) or None}
    elif is_file(options.data):
        summary["inputs"] = {"data": str(options.data), "boundaries": list(options.boundaries) or None}
    return summary


def _median(values: "pd.Series") -> float | None:
    x = values.dropna()
    return None if x.empty else round(float(x.median()), 3)


def _note_unmapped(table: "pd.DataFrame", names: dict[str, str]) -> None:
    """Warn about codes of the data that match no area of the boundaries (they are in trend.csv, not on the map)."""
    lost = sorted(set(table["code"].astype(str)) - set(names))
    if lost:
        log.warning(text.Say("w_unmapped_counts", n=len(lost), codes=few(lost)))


def dedupe_sources(sources: list[Provenance]) -> list[Provenance]:
    """One record per table download and boundary set: the crime types of one table merged into one.

    The warning fetches a table once per crime type; listing each would repeat every month of the span
    once per type in the summary and on the map.
    """
    merged: dict[tuple[Any, ...], Provenance] = {}
    for s in sources:
        if isinstance(s, BoundaryProvenance):
            merged.setdefault(("pdok", s.url, s.level, s.year), s)
            continue
        key = (s.source, s.catalog, s.table, s.measure, s.level, s.period)
        before = merged.get(key)
        if not isinstance(before, TableProvenance):
            merged[key] = s
            continue
        filters = {dim: list(dict.fromkeys([*before.filters.get(dim, []), *s.filters.get(dim, [])]))
                   for dim in dict.fromkeys([*before.filters, *s.filters])}
        rows = (before.rows_fetched or 0) + (s.rows_fetched or 0)
        merged[key] = replace(before, filters=filters, rows_fetched=rows or None,
                              notes=list(dict.fromkeys([*before.notes, *s.notes])),
                              cache_file=", ".join(dict.fromkeys(f for f in (before.cache_file, s.cache_file) if f))
                              or None)
    return list(merged.values())
