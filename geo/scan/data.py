"""Fetching what a scan needs: Veiligheidsmonitor figures, registrations, inhabitants, boundaries.

Everything goes through :func:`geo.fetch.fetch_table` and
:func:`geo.boundaries.areas` (and so through the cache, with its
provenance). Three things are particular to the scan:

- Veiligheidsmonitor measure keys carry a numeric suffix that differs between
  editions (``VoeltZichWeleensOnveilig_43`` in one, ``_47`` in another), so
  the indicator's key is matched by its name stem against the table's
  DataProperties (:func:`resolve_measure`); where a stem occurs more than
  once (victims and reports per kind of crime) the indicator's ``group`` picks
  the topic group.
- A table may lack a level (overlast has no wijk rows) or an indicator (an
  edition without a measure). That is not an error: the scan shows what
  exists and says what is missing (:attr:`ScanData.notes`).
- The series of the area itself (every year, for the section on development)
  is fetched with a region filter, one region at a time: a filter on several
  regions would make :func:`~geo.fetch.fetch_table` select the region column
  twice.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from .. import fetch, levels, messages, text
from .. import periods as periods_mod
from ..boundaries import areas
from ..errors import NotFoundError, OptionError
from ..reports import BoundaryProvenance, Provenance, TableProvenance
from . import catalogue

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

    from ..fetch import DataSpec
    from ..settings import Settings

log = logging.getLogger("geo")

#: The table whose years decide whether a scan year has data.
YEAR_TABLE = "misdrijven"
_SUFFIX = re.compile(r"_\d+$")


def stem(key: str) -> str:
    """A measure key without its edition's numeric suffix (``Slachtoffers_72`` -> ``Slachtoffers``)."""
    return _SUFFIX.sub("", key)


def resolve_measure(spec: "DataSpec", *, group: str | None, settings: "Settings",
                    refresh: bool = False) -> "DataSpec | None":
    """The spec with the measure key this table's edition uses, or ``None`` when it has none.

    Parameters
    ----------
    spec
        From :func:`geo.fetch.parse`.
    group
        A word in the title of the topic group that holds the measure, to pick
        one of several measures with the same stem.
    settings, refresh
        As :func:`geo.fetch.fetch_table`.
    """
    from .. import fetch

    props = fetch.data_properties(spec, settings=settings, refresh=refresh)
    by_id = {p.get("ID"): p for p in props}
    topics = [p for p in props if p.get("Type") == "Topic" and stem(str(p.get("Key"))) == stem(spec.measure)]
    if group and len(topics) > 1:

        def titles(p: dict[str, Any]) -> str:
            out, parent, seen = [], p.get("ParentID"), set()
            while parent is not None and parent in by_id and parent not in seen:
                seen.add(parent)
                out.append(str(by_id[parent].get("Title", "")))
                parent = by_id[parent].get("ParentID")
            return " ".join(out).lower()

        topics = [p for p in topics if group.lower() in titles(p)]
    if len(topics) != 1:
        if topics:
            log.warning(text.Say("w_scan_ambiguous_measure", table=f"{spec.source}:{spec.table}", n=len(topics),
                                 measure=spec.measure))
        return None
    key = str(topics[0]["Key"])
    if key != spec.measure:
        log.info("%s:%s: measure %s is called %s in this edition", spec.source, spec.table, spec.measure, key)
    return replace(spec, measure=key)


@dataclass(frozen=True)
class Note:
    """A remark for the section on sources and caveats: a :mod:`geo.text` key and its fields."""

    key: str
    fields: dict[str, Any] = field(default_factory=dict)


@dataclass
class ScanData:
    """Every figure a scan (or a set of scans, for ``--within``) reads."""

    year: int
    #: Veiligheidsmonitor editions up to the scan year (period keys), in order.
    survey_periods: list[str]
    #: Years of registered crime up to the scan year (period keys), in order.
    count_periods: list[str]
    #: Indicator -> ``code``, ``period``, ``value``, ``lower``, ``upper`` for every region and edition.
    survey: dict[str, "pd.DataFrame"] = field(default_factory=dict)
    #: Indicator -> ``code``, ``value`` of the scan year, every region.
    counts: dict[str, "pd.DataFrame"] = field(default_factory=dict)
    #: Indicator -> ``code``, ``period``, ``value`` of every year, for the regions a scan is about.
    count_series: dict[str, "pd.DataFrame"] = field(default_factory=dict)
    #: ``code``, ``population``, ``young`` (under 15), ``pop15``, ``urbanity``, ``households`` (NaN where unpublished).
    population: "pd.DataFrame | None" = None
    #: Indicator -> where its figures came from.
    provenance: dict[str, TableProvenance] = field(default_factory=dict)
    boundaries: list[BoundaryProvenance] = field(default_factory=list)
    gemeenten: "gpd.GeoDataFrame | None" = None
    wijken: "gpd.GeoDataFrame | None" = None
    notes: list["Note"] = field(default_factory=list)
    #: Veiligheidsmonitor region names (RegioS titles), for references such as the eenheid.
    region_names: dict[str, str] = field(default_factory=dict)
    #: Levels whose boundaries PDOK does not publish for the year, with what it answered.
    unpublished: dict[str, str] = field(default_factory=dict)
    #: ``code``, ``period``, ``value``: the Veiligheidsmonitor's unweighted number of respondents, where the
    #: table publishes it (:func:`load_respondents`); ``None`` when the table has no such measure.
    respondents: "pd.DataFrame | None" = None

    @property
    def survey_period(self) -> str | None:
        """The latest Veiligheidsmonitor edition up to the scan year."""
        return self.survey_periods[-1] if self.survey_periods else None

    @property
    def sources(self) -> list[Provenance]:
        """Every table and boundary set used, once each."""
        seen: dict[tuple[Any, ...], Provenance] = {}
        for prov in self.provenance.values():
            key = (prov.source, prov.table, prov.measure, tuple(sorted((k, tuple(v)) for k, v in prov.filters.items())),
                   prov.period)
            seen.setdefault(key, prov)
        for b in self.boundaries:
            seen.setdefault(("pdok", b.level, b.year), b)
        return list(seen.values())


def year_periods(*, year: int, settings: "Settings", refresh: bool = False) -> list[str]:
    """The years of registered crime up to ``year``; the scan year must be one of them.

    Raises
    ------
    OptionError
        When the police table has no figures for ``year``, naming the years it has.
    """
    spec = fetch.parse(YEAR_TABLE)
    keys = [k for k in fetch.periods_of(spec, settings=settings, refresh=refresh) if k.endswith("JJ00")]
    if f"{year}JJ00" not in keys:
        span = (f"{periods_mod.label(keys[0])}-{periods_mod.label(keys[-1])}" if keys
                else messages.line("scan_data_no_years"))
        raise OptionError(messages.line("scan_data_year_figures_choose", year=year, spec_source=spec.source,
                                        spec_table=spec.table, span=span))
    return [k for k in keys if periods_mod.year(k) <= year]


def start(*, year: int, count_periods: list[str], wijken: bool, settings: "Settings",
          refresh: bool = False, wijken_needed: bool = False) -> ScanData:
    """Start a :class:`ScanData` with the boundaries of the scan year (gemeenten, and wijken when asked).

    The areas are known before any figure is fetched, so that an unknown
    ``--area`` fails at once. When PDOK does not publish the wijken of the
    year (HTTP 404), a scan that only looks inside its area with them goes
    on without them (:attr:`ScanData.unpublished` says why); one whose area
    is a wijk (``wijken_needed``) fails.
    """
    data = ScanData(year=year, survey_periods=[], count_periods=list(count_periods))
    loaded = areas("gemeente", year=year, settings=settings, refresh=refresh)
    data.gemeenten = loaded.frame[["code", "name", "geometry"]]
    data.boundaries.extend(loaded.provenance)
    if wijken:
        try:
            wk = areas("wijk", year=year, settings=settings, refresh=refresh)
        # Only "PDOK does not publish wijken of this year": a wrong URL or a missing table still stops the scan.
        except fetch.NotPublishedError as exc:
            if wijken_needed:
                raise
            log.warning(text.Say("w_scan_no_wijken", year=year))
            data.unpublished["wijk"] = str(exc)
        else:
            data.wijken = wk.frame[["code", "name", "geometry"]]
            data.boundaries.extend(wk.provenance)
    return data


def load_population(data: ScanData, *, settings: "Settings", refresh: bool = False) -> ScanData:
    """Inhabitants, those under 15, urbanity and households of every gemeente (and wijk), into ``data``.

    85984NED has no periods: its one edition serves every year (the report says so).
    """
    import pandas as pd

    keys = {catalogue.POPULATION: "population", catalogue.YOUNG: "young", catalogue.URBANITY: "urbanity",
            catalogue.HOUSEHOLDS: "households"}
    frame, provenance = _region_table(list(keys), settings=settings, refresh=refresh)
    data.provenance.update(provenance)
    wanted = ("gemeente", "wijk") if data.wijken is not None else ("gemeente",)
    frame = frame[frame["code"].map(lambda c: (lv := levels.of_code(c)) is not None and lv.name in wanted)]
    pop = frame.rename(columns=keys)
    if "population" not in pop.columns:
        raise NotFoundError(messages.line("scan_data_inhabitants_per_gemeente"))
    for column in ("young", "urbanity", "households"):
        if column not in pop.columns:
            pop[column] = float("nan")
        pop[column] = pd.to_numeric(pop[column], errors="coerce")
    pop["population"] = pd.to_numeric(pop["population"], errors="coerce")
    pop["pop15"] = pop["population"] - pop["young"]
    if pop["households"].isna().all():  # not published: the dark number uses a ratio, and names that instead
        data.provenance.pop(catalogue.HOUSEHOLDS, None)
    data.population = pop[["code", "population", "young", "pop15", "urbanity", "households"]].reset_index(drop=True)
    return data


def _region_table(keys: list[str], *, settings: "Settings", refresh: bool
                  ) -> tuple["pd.DataFrame", dict[str, TableProvenance]]:
    """Several measures of one table that has regions only (no periods, no other dimension), in one download.

    :func:`geo.fetch.fetch_table` fetches one measure at a time; for 85984NED,
    whose 18,000 rows hold every buurt, that would be three downloads of the same
    rows. A table with other dimensions goes through ``fetch_table`` as usual.
    """
    import pandas as pd

    from .. import fetch

    specs = [fetch.parse(k) for k in keys]
    src, table = specs[0].source, specs[0].table
    info = fetch.table_info(specs[0], settings=settings, refresh=refresh)
    props = fetch.data_properties(specs[0], settings=settings, refresh=refresh)
    dims = [p for p in props if p.get("Type") in ("Dimension", "GeoDimension", "GeoDetail", "TimeDimension")]
    topics = {p["Key"]: p for p in props if p.get("Type") == "Topic"}
    if len(dims) != 1 or any(s.source != src or s.table != table or s.filters for s in specs):
        parts, provenance = [], {}
        for key, spec in zip(keys, specs):
            got, prov = _at_levels(spec, ["gemeente", "wijk"], settings=settings, refresh=refresh)
            if got is not None and prov is not None:
                parts.append(got[["code", "value"]].rename(columns={"value": key}).set_index("code"))
                provenance[key] = prov
        return (pd.concat(parts, axis=1).reset_index() if parts else pd.DataFrame(columns=["code"])), provenance
    region = str(dims[0]["Key"])
    present = [(k, s) for k, s in zip(keys, specs) if s.measure in topics]
    rows, meta = fetch.table_rows(specs[0], filters={}, select=["ID", region, *(s.measure for _, s in present)],
                             settings=settings, refresh=refresh,
                             provenance={"period": info.get("Period"), "period_status": None,
                                         "table_modified": info.get("Modified")})
    frame = pd.DataFrame(rows)
    out = pd.DataFrame({"code": frame[region].astype(str).str.strip()})
    provenance = {}
    for key, spec in present:
        out[key] = pd.to_numeric(frame[spec.measure], errors="coerce")
        topic = topics[spec.measure]
        provenance[key] = TableProvenance(
            source=src, catalog=fetch.catalog_url(src, settings=settings), table=table, title=info.get("Title"),
            measure=spec.measure, measure_title=topic.get("Title"), unit=topic.get("Unit"), filters={},
            period=info.get("Period"), period_status=None, table_modified=info.get("Modified"), indicator=key,
            level="gemeente", notes=[], fetched_at=meta.get("fetched_at"), cache_file=meta.get("file"),
            rows_fetched=meta.get("rows"))
    return out, provenance


def load_figures(data: ScanData, *, series_codes: list[str], settings: "Settings", refresh: bool = False) -> ScanData:
    """Fetch every figure of the scan year into ``data``, and the series of ``series_codes``.

    Parameters
    ----------
    data
        From :func:`start`; wijk figures are fetched when it has wijken.
    series_codes
        Gemeente and wijk codes whose every year is needed (the area, or the
        members of police units).
    settings, refresh
        As :func:`geo.fetch.fetch_table`.

    Returns
    -------
    ScanData
        ``data``, filled in.
    """
    year = data.year
    wijken = data.wijken is not None
    levels = ["land", "eenheid", "gemeente"] + (["wijk"] if wijken else [])

    # Veiligheidsmonitor: every edition up to the scan year, every level it has.
    for ind in catalogue.SURVEY_INDICATORS:
        spec = fetch.parse(ind.key)
        group = fetch.indicators()[ind.key].get("group")
        resolved = resolve_measure(spec, group=group, settings=settings, refresh=refresh)
        if resolved is None:
            data.notes.append(Note("scan_note_no_measure", {"indicator": ind.key, "table": spec.table}))
            continue
        if not data.survey_periods:
            editions = [k for k in fetch.periods_of(resolved, settings=settings, refresh=refresh)
                        if k.endswith("JJ00") and periods_mod.year(k) <= year]
            data.survey_periods = editions
            if not editions:
                data.notes.append(Note("scan_note_no_survey_year", {"year": year, "table": spec.table}))
                break
            if periods_mod.year(editions[-1]) != year:
                data.notes.append(Note("scan_note_survey_edition", {"edition": periods_mod.year(editions[-1]),
                                                                   "year": year}))
            data.region_names = _region_names(resolved, settings=settings, refresh=refresh)
        frame, prov = _at_levels(resolved, levels, periods=data.survey_periods, settings=settings, refresh=refresh)
        if frame is None or prov is None:
            continue
        data.provenance[ind.key] = prov
        data.survey[ind.key] = frame

    # Registrations of the scan year, every region; and the series of the regions asked for.
    for ind in (*catalogue.COUNT_INDICATORS, *catalogue.EXTRA_COUNTS):
        spec = fetch.parse(ind.key)
        frame, prov = _at_levels(spec, ["land", "gemeente"] + (["wijk"] if wijken else []),
                                 period=f"{year}JJ00", settings=settings, refresh=refresh)
        if frame is None or prov is None:
            data.notes.append(Note("scan_note_no_counts", {"indicator": ind.key, "table": spec.table}))
            continue
        data.provenance[ind.key] = prov
        data.counts[ind.key] = frame
        data.count_series[ind.key] = _series(spec, series_codes, data.count_periods, settings=settings,
                                             refresh=refresh)
    return data


#: The words of the title of a topic that holds the Veiligheidsmonitor's sample size per region.
RESPONDENT_WORDS = ("aantal", "respondenten")


def load_respondents(data: ScanData, *, settings: "Settings", refresh: bool = False) -> ScanData:
    """The unweighted number of respondents per region and edition, into ``data``, where the table has it.

    The measure is found by its title ("Ongewogen aantal respondenten" or the
    like), not by a key: its name in the real 85146NED was not seen. A table
    without one leaves :attr:`ScanData.respondents` ``None`` (the report then
    says nothing of sample sizes); regions without a value keep none.
    """
    from .. import fetch

    first = next((k for k in catalogue.SURVEY_INDICATORS if k.key in data.provenance), None)
    if first is None or not data.survey_periods:
        return data
    spec = fetch.parse(first.key)
    props = fetch.data_properties(spec, settings=settings, refresh=refresh)
    found = [p for p in props if p.get("Type") == "Topic"
             and all(w in str(p.get("Title", "")).lower() for w in RESPONDENT_WORDS)]
    if len(found) != 1:
        return data
    wanted = replace(spec, measure=str(found[0]["Key"]), filters={})
    levels = ["land", "eenheid", "gemeente"] + (["wijk"] if data.wijken is not None else [])
    frame, prov = _at_levels(wanted, levels, periods=data.survey_periods, settings=settings, refresh=refresh)
    if frame is None or prov is None:
        return data
    data.respondents = frame[["code", "period", "value"]].dropna(subset=["value"]).reset_index(drop=True)
    data.provenance[RESPONDENTS] = prov
    return data


#: The provenance key of the sample sizes.
RESPONDENTS = "respondenten"


def _at_levels(spec: "DataSpec", levels: list[str], *, period: str | None = None,
               periods: list[str] | None = None, settings: "Settings", refresh: bool
               ) -> tuple["pd.DataFrame | None", TableProvenance | None]:
    """One indicator at several levels (one download: the rows differ only in their code), missing levels skipped."""
    import pandas as pd

    parts, prov = [], None
    for i, level in enumerate(levels):
        try:
            # Every level is the same request, cut by code prefix: with --refresh it is downloaded once.
            table = fetch.fetch_table(spec, period=period, periods=periods, level=level, settings=settings,
                                      refresh=refresh and i == 0)
        except NotFoundError as exc:
            # A table without this level (overlast has no wijken); other failures were raised at the first level.
            log.info("%s: %s", spec.label(), exc)
            continue
        parts.append(table.frame)
        prov = prov or table.provenance
    if not parts:
        return None, None
    frame = pd.concat(parts, ignore_index=True)
    if "period" not in frame.columns and period is not None:
        frame["period"] = period
    return frame, prov


#: Keys (region codes and periods together) in one request's $filter. OData servers cap the size of a
#: filter: ASP.NET's default MaxNodeCount is 100 nodes, which the Tweede Kamer's OData API (the same
#: stack) reaches at 20 "or" clauses (TweedeKamerDerStaten-Generaal/OpenDataPortaal#187), and CBS
#: fails on long filters too (edwindj/cbsodataR#16) without publishing its limit. 18 stays under it.
SERIES_KEYS = 18


def _series(spec: "DataSpec", codes: list[str], count_periods: list[str], *, settings: "Settings",
            refresh: bool) -> "pd.DataFrame":
    """Every year of ``codes``, several codes of one level per request (see :data:`SERIES_KEYS`).

    The codes of a level that the table has are cut, in order, into fixed
    blocks, and each block a code is in is fetched whole. So every scan asks
    for a code in the same request, and the cache of one scan serves the next
    (offline too), whichever areas they share. Codes the table does not have
    are left out (logged); the frame is empty when it has none of them.
    """
    import pandas as pd

    from .. import fetch, levels

    region = _region_dimension(spec, settings=settings, refresh=refresh)
    known = sorted({str(c["Key"]).strip() for c in fetch.dimension_codes(spec, region, settings=settings,
                                                                         refresh=refresh)})
    wanted: dict[str, set[str]] = {}
    for code in (str(c).strip().upper() for c in codes):
        level = levels.of_code(code)
        if level is None:
            continue
        if code not in known:
            log.info("%s: no figures for %s", spec.label(), code)
            continue
        wanted.setdefault(level.name, set()).add(code)
    size = max(1, SERIES_KEYS - len(count_periods))
    parts = []
    for level_name, members in wanted.items():
        prefix = str(levels.get(level_name).prefix)
        ordered = [k for k in known if k.startswith(prefix)]
        position = {k: i for i, k in enumerate(ordered)}
        for block in sorted({position[c] // size for c in members}):
            batch = ordered[block * size:(block + 1) * size]
            some = replace(spec, filters={**spec.filters, region: batch})
            try:
                frame = fetch.fetch_table(some, periods=count_periods, level=level_name, settings=settings,
                                          refresh=refresh).frame
            except NotFoundError as exc:
                log.info("%s, %s: %s", spec.label(), ", ".join(sorted(members & set(batch))), exc)
                continue
            parts.append(frame[frame["code"].isin(members)])
    if not parts:
        return pd.DataFrame(columns=["code", "period", "value"])
    return pd.concat(parts, ignore_index=True)[["code", "period", "value"]]


def _region_dimension(spec: "DataSpec", *, settings: "Settings", refresh: bool) -> str:
    from .. import fetch

    props = fetch.data_properties(spec, settings=settings, refresh=refresh)
    for p in props:
        if p.get("Type") in ("GeoDimension", "GeoDetail"):
            return str(p["Key"])
    raise NotFoundError(messages.line("scan_data_region_dimension", spec_source=spec.source, spec_table=spec.table))


def _region_names(spec: "DataSpec", *, settings: "Settings", refresh: bool) -> dict[str, str]:
    from .. import fetch

    region = _region_dimension(spec, settings=settings, refresh=refresh)
    codes = fetch.dimension_codes(spec, region, settings=settings, refresh=refresh)
    return {str(c["Key"]).strip(): str(c.get("Title", "")).strip() for c in codes}
