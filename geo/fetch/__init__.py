"""Fetching figures from CBS StatLine and the police catalog, and boundaries from PDOK.

Everything downloaded lands in the cache (``VMGEO_CACHE_DIR``) with its
provenance, and is read from there on the next run; ``offline`` never
touches the network. Three ways to name figures::

    politie:47018NED/GeregistreerdeMisdrijven_1    source:table/measure
    cbs:85984NED/AantalInwoners_5
    misdrijven                                     a name from `vmgeo indicators`

The back ends are private: ``_odata`` (CBS OData v3 through cbsodata),
``_pdok`` (OGC API Features), ``_http`` (time-outs, retries, paging) and
``_cache``.
"""

from __future__ import annotations

import difflib
import logging
import re
import tomllib
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from typing import Any

from .. import levels
from ..errors import NotFoundError, OptionError
from ..reports import Boundaries, BoundaryProvenance, Table, TableProvenance
from ..settings import Settings, from_env
from . import _odata, _pdok
from ._cache import Cache

log = logging.getLogger("geo")

#: Levels whose rows CBS and police tables hold (those with a code prefix).
TABLE_LEVELS = tuple(name for name, lv in levels.LEVELS.items() if lv.prefix)
#: Veiligheidsmonitor margin keys: value, lower and upper bound of the 95% interval.
MARGINS = {"MW00000": "value", "MOG0095": "lower", "MBG0095": "upper"}
_DIMENSION_TYPES = {"Dimension", "GeoDimension", "GeoDetail", "TimeDimension"}
_SPEC = re.compile(r"^(?P<source>[a-z]+):(?P<table>[0-9A-Za-z]+)/(?P<measure>[\w]+)$")


@dataclass(frozen=True)
class DataSpec:
    """What to fetch: a table and measure, with the filters that pick the rows."""

    source: str
    table: str
    measure: str
    filters: dict[str, list[str]] = field(default_factory=dict)
    indicator: str | None = None
    unit: str | None = None

    def label(self) -> str:
        return self.indicator or f"{self.source}:{self.table}/{self.measure}"


@lru_cache(maxsize=1)
def indicators() -> dict[str, dict[str, Any]]:
    """The catalogue of friendly indicator names (``geo/indicators.toml``)."""
    text = resources.files("geo").joinpath("indicators.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def looks_remote(text: str) -> bool:
    """Whether ``text`` names a source table or an indicator rather than a file."""
    return bool(_SPEC.match(text)) or text in indicators()


def parse(text: str, *, filters: list[str] | None = None) -> DataSpec:
    """Turn ``source:TABLE/MEASURE`` or an indicator name, plus ``DIM=KEY`` filters, into a spec."""
    extra: dict[str, list[str]] = {}
    for item in filters or []:
        if "=" not in item:
            raise OptionError(f"--filter {item!r} is not DIMENSION=KEY (e.g. SoortMisdrijf=0.0.0)")
        dim, keys = item.split("=", 1)
        extra.setdefault(dim.strip(), []).extend(k.strip() for k in keys.split(",") if k.strip())
    if text in indicators():
        ind = indicators()[text]
        base = {k: [str(v) for v in vs] for k, vs in ind.get("filters", {}).items()}
        return DataSpec(ind["source"], ind["table"], ind["measure"], {**base, **extra}, indicator=text,
                        unit=ind.get("unit"))
    match = _SPEC.match(text)
    if not match:
        close = difflib.get_close_matches(text, list(indicators()), n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(close)}?" if close else "; see 'vmgeo indicators'"
        raise OptionError(f"{text!r} is neither a file, nor SOURCE:TABLE/MEASURE "
                          f"(e.g. politie:47018NED/GeregistreerdeMisdrijven_1), nor an indicator{hint}")
    source = match["source"]
    if source not in _odata.CATALOGS:
        raise OptionError(f"unknown source {source!r} in {text!r}; use cbs or politie")
    return DataSpec(source, match["table"].upper(), match["measure"], extra)


def _settings(settings: Settings | None) -> Settings:
    return settings if settings is not None else from_env()


def fetch_table(
    spec: DataSpec,
    *,
    period: str | None = None,
    periods: list[str] | None = None,
    level: str = "gemeente",
    settings: Settings | None = None,
    refresh: bool = False,
) -> Table:
    """Fetch one measure of a CBS or police table for every area of one level.

    Parameters
    ----------
    spec
        From :func:`parse`.
    period
        ``2023`` for a year (``2023JJ00``), or a period key such as
        ``2023MM01``; the latest year when not given.
    periods
        Several period keys (from :func:`geo.periods.expand`): a series,
        one row per area and period, never summed. Overrides ``period``.
    level
        ``gemeente``, ``wijk``, ``buurt``, ``eenheid``, ``provincie``, ...
    settings
        Endpoints, cache folder, offline mode; from the environment by default.
    refresh
        Download again even when cached.

    Returns
    -------
    Table
        ``frame``: ``code`` (stripped), ``value`` (NaN where CBS suppressed
        the figure) and, for Veiligheidsmonitor tables with margins,
        ``lower`` and ``upper`` (95% interval); with ``periods`` also
        ``period`` (the key); ``provenance``: where it came from.
    """
    import pandas as pd

    settings = _settings(settings)
    cache = Cache(settings.cache_dir)
    if level not in TABLE_LEVELS:
        raise OptionError(f"unknown --level {level!r} for CBS/Politie tables; use one of {', '.join(TABLE_LEVELS)}")
    src, table = spec.source, spec.table
    info = _odata.table_info(src, table, settings=settings, cache=cache, refresh=refresh)
    props = _odata.meta(src, table, "DataProperties", settings=settings, cache=cache, refresh=refresh)
    dims = {p["Key"]: p for p in props if p.get("Type") in _DIMENSION_TYPES}
    topics = {p["Key"]: p for p in props if p.get("Type") == "Topic"}
    if spec.measure not in topics:
        close = difflib.get_close_matches(spec.measure, list(topics), n=4, cutoff=0.4)
        raise NotFoundError(
            f"{src}:{table} has no measure {spec.measure!r}"
            + (f"; close matches: {', '.join(close)}" if close else f"; measures are: {', '.join(list(topics)[:10])}")
        )
    topic = topics[spec.measure]
    region = next((k for k, p in dims.items() if p["Type"] in ("GeoDimension", "GeoDetail")), None)
    if region is None:
        raise NotFoundError(f"{src}:{table} has no region dimension; it cannot be mapped")
    for dim in spec.filters:
        if dim not in dims:
            close = difflib.get_close_matches(dim, list(dims), n=3, cutoff=0.4)
            raise NotFoundError(f"{src}:{table} has no dimension {dim!r} (--filter); dimensions are: "
                                f"{', '.join(dims)}" + (f"; did you mean {close[0]}?" if close else ""))

    chosen: dict[str, list[str]] = {}
    notes: list[str] = []
    period_key = period_status = None
    time_dim: str | None = None
    for dim, prop in dims.items():
        if dim == region and dim not in spec.filters:
            continue
        codes = _odata.meta(src, table, dim, settings=settings, cache=cache, refresh=refresh)
        by_key = {str(c["Key"]).strip(): c for c in codes}
        if prop["Type"] == "TimeDimension":
            time_dim = dim
            # Several periods through --filter are summed (counts only, checked below); a series is not.
            wanted = periods if periods else spec.filters.get(dim, [period])
            records = [_pick_period(by_key, p, f"{src}:{table}") for p in wanted]
            period_key = ",".join(str(r["Key"]).strip() for r in records)
            period_status = ",".join(sorted({str(r.get("Status")) for r in records if r.get("Status")})) or None
            chosen[dim] = [str(r["Key"]) for r in records]
        elif dim in spec.filters:
            chosen[dim] = [_pick_key(by_key, k, dim, f"{src}:{table}") for k in spec.filters[dim]]
        elif dim == "Marges":
            chosen[dim] = [str(by_key[k]["Key"]) for k in MARGINS if k in by_key]
        else:
            total = [c for k, c in by_key.items() if str(c.get("Title", "")).lower().startswith("totaal")]
            if len(by_key) == 1 or total:
                record = total[0] if total else next(iter(by_key.values()))
                chosen[dim] = [str(record["Key"])]
                notes.append(f"{dim}: {str(record['Key']).strip()} ({record.get('Title')}), the total; "
                             f"choose another with --filter {dim}=KEY")
            else:
                examples = ", ".join(f"{k} ({c.get('Title')})" for k, c in list(by_key.items())[:3])
                raise OptionError(f"{src}:{table} has dimension {dim}; choose with --filter {dim}=KEY, e.g. {examples}")
    if (period is not None or periods) and period_key is None:
        if periods and len(periods) > 1:
            raise NotFoundError(f"{src}:{table} has no period dimension (it covers {info.get('Period')}); "
                                "a series of periods needs a table with one")
        covers = str(info.get("Period") or "")
        asked = str(period or (periods or [""])[0])
        if covers[:4].isdigit() and asked[:4].isdigit() and covers[:4] != asked[:4] and "-" not in covers:
            raise NotFoundError(f"{src}:{table} has no period dimension and covers {covers}, not {asked[:4]}; "
                                "leave out its period (--period, --population-period or --value2-period), or use a "
                                f"table of {asked[:4]}")
        notes.append(f"{src}:{table} has no period dimension; it covers {covers}, --period {period} was not applied")
    series = bool(periods) and time_dim is not None
    # Several regions asked for are kept apart (one row per code), never summed.
    summed = [d for d, keys in chosen.items()
              if len(keys) > 1 and d not in ("Marges", region) and not (series and d == time_dim)]
    if summed and str(topic.get("Unit", "")).lower() not in ("aantal", "", "x 1 000", "absoluut"):
        raise OptionError(f"{src}:{table}/{spec.measure} is in {topic.get('Unit')!r}; several keys for "
                          f"{', '.join(summed)} would be summed, which only makes sense for counts")

    period_text = period_key.strip() if period_key else info.get("Period")
    select = ["ID", region, spec.measure] + [d for d, keys in chosen.items()
                                             if d != region and (len(keys) > 1 or (series and d == time_dim))]
    rows, meta = _odata.data(src, table, filters=chosen, select=select, settings=settings, cache=cache,
                             refresh=refresh, provenance={"period": period_text, "period_status": period_status,
                                                          "table_modified": info.get("Modified")})
    provenance = TableProvenance(
        source=src, catalog=_odata.base_url(src, settings), table=table, title=info.get("Title"),
        measure=spec.measure, measure_title=topic.get("Title"), unit=topic.get("Unit"),
        filters={d: [k.strip() for k in keys] for d, keys in chosen.items() if d != "Marges"},
        period=period_text, period_status=period_status, table_modified=info.get("Modified"),
        indicator=spec.indicator, level=level, notes=notes, fetched_at=meta.get("fetched_at"),
        cache_file=meta.get("file"), rows_fetched=meta.get("rows"))
    for note in notes:
        log.info("%s", note)

    frame = pd.DataFrame(rows, columns=select)
    frame["code"] = frame[region].astype(str).str.strip()
    prefix = str(levels.get(level).prefix)
    at_level = frame[frame["code"].str.startswith(prefix)]
    if at_level.empty:
        chosen_text = "; ".join(f"{d}={','.join(k.strip() for k in keys)}" for d, keys in chosen.items()
                                if d != "Marges")
        if frame.empty:
            raise NotFoundError(f"{src}:{table}/{spec.measure} has no figures at all for {chosen_text}; the table "
                                "leaves this combination empty: choose another --period or --filter")
        held = sorted({lv.name if (lv := levels.by_prefix(c[:2])) else c[:2] for c in frame["code"]})
        raise NotFoundError(f"{src}:{table} has figures for {chosen_text}, but only at the level(s) "
                            f"{', '.join(held)}, not {level} ({prefix}...); choose one of those with --level")
    values = pd.to_numeric(at_level[spec.measure], errors="coerce")
    at_level = at_level.assign(value=values)
    keys = ["code"]
    if series:
        at_level = at_level.assign(period=at_level[str(time_dim)].astype(str).str.strip())
        keys = ["code", "period"]
    if "Marges" in chosen:
        at_level = at_level.assign(margin=at_level["Marges"].astype(str).str.strip().map(MARGINS))
        out = at_level.pivot_table(index=keys, columns="margin", values="value", aggfunc="first", dropna=False)
        # Keep every margin the table defines, also when no area has it published.
        out = out.reindex(columns=[MARGINS[k.strip()] for k in chosen["Marges"]]).reset_index()
        out.columns.name = None
    elif summed:
        out = at_level.groupby(keys, as_index=False)["value"].sum(min_count=1)
    else:
        out = at_level[[*keys, "value"]].reset_index(drop=True)
    if series:
        out = out.sort_values(keys).reset_index(drop=True)
    return Table(frame=out, source=f"{src}:{table}/{spec.measure}", provenance=provenance)


def periods_of(spec: DataSpec, *, settings: Settings | None = None, refresh: bool = False) -> list[str]:
    """The period keys a table has, in order (empty when it has no period dimension)."""
    settings = _settings(settings)
    cache = Cache(settings.cache_dir)
    props = _odata.meta(spec.source, spec.table, "DataProperties", settings=settings, cache=cache, refresh=refresh)
    time = next((p["Key"] for p in props if p.get("Type") == "TimeDimension"), None)
    if time is None:
        return []
    codes = _odata.meta(spec.source, spec.table, time, settings=settings, cache=cache, refresh=refresh)
    return sorted(str(c["Key"]).strip() for c in codes)


def _pick_period(by_key: dict[str, dict[str, Any]], period: str | None, what: str) -> dict[str, Any]:
    keys = list(by_key)
    if period is None:
        annual = [k for k in keys if k.endswith("JJ00")] or keys
        chosen = sorted(annual)[-1]
        log.info("%s: no --period given; using the latest, %s", what, chosen)
        return by_key[chosen]
    wanted = period.strip().upper()
    for candidate in (wanted, f"{wanted}JJ00"):
        if candidate in by_key:
            return by_key[candidate]
    years = sorted({k[:4] for k in keys})
    raise NotFoundError(f"{what} has no period {period!r}; it has {years[0]}-{years[-1]} "
                        f"(keys such as {', '.join(sorted(keys)[-3:])})")


def _pick_key(by_key: dict[str, dict[str, Any]], wanted: str, dim: str, what: str) -> str:
    text = wanted.strip()
    if text in by_key:
        return str(by_key[text]["Key"])
    for record in by_key.values():
        title = str(record.get("Title", "")).strip().lower()
        if title == text.lower() or title.endswith(" " + text.lower()):
            return str(record["Key"])
    choices = list(by_key) + [str(r.get("Title", "")) for r in by_key.values()]
    close = difflib.get_close_matches(text, choices, n=3, cutoff=0.5)
    hint = f"; close matches: {', '.join(close)}" if close else f"; keys are e.g. {', '.join(list(by_key)[:5])}"
    raise NotFoundError(f"{what} dimension {dim} has no key {wanted!r}{hint}")


def fetch_boundaries(level: str, year: int, *, settings: Settings | None = None,
                     refresh: bool = False) -> Boundaries:
    """Boundaries of ``level`` in ``year`` from PDOK (or the cache), loaded as :func:`geo.load_boundaries` does."""
    from ..boundaries import load_boundaries

    settings = _settings(settings)
    entry = _pdok.fetch_level(level, year, settings=settings, cache=Cache(settings.cache_dir), refresh=refresh)
    loaded = load_boundaries(entry.path, code_column=entry.meta["code_field"], name_column=entry.meta["name_field"],
                             label=f"PDOK {level} {year} ({entry.path.name} in the cache)")
    m = entry.meta
    provenance = BoundaryProvenance(url=m.get("url"), level=m.get("level"), year=m.get("year"),
                                    licence=m.get("licence"), attribution=m.get("attribution"),
                                    fetched_at=m.get("fetched_at"), rows=m.get("rows"), cache_file=m.get("file"),
                                    source=m.get("source", "pdok"))
    return replace(loaded, provenance=(provenance,))


def search_tables(text: str, *, sources: tuple[str, ...] = ("cbs", "politie"), settings: Settings | None = None,
                  refresh: bool = False) -> list[dict[str, Any]]:
    """Tables whose identifier, title or short title contains ``text`` (case-insensitive)."""
    settings = _settings(settings)
    cache = Cache(settings.cache_dir)
    needle = text.lower()
    found = []
    for source in sources:
        for table in _odata.table_list(source, settings=settings, cache=cache, refresh=refresh):
            hay = " ".join(str(table.get(k, "")) for k in ("Identifier", "Title", "ShortTitle")).lower()
            if needle in hay:
                found.append({"source": source, "id": table.get("Identifier"), "title": table.get("Title"),
                              "period": table.get("Period"), "modified": table.get("Modified")})
    return found


def cache_entries(settings: Settings | None = None) -> list[dict[str, Any]]:
    """The provenance records in the cache."""
    return Cache(_settings(settings).cache_dir).entries()


def clear_cache(settings: Settings | None = None) -> int:
    """Empty the cache; return the number of entries removed."""
    return Cache(_settings(settings).cache_dir).clear()


__all__ = [
    "TABLE_LEVELS",
    "DataSpec",
    "cache_entries",
    "clear_cache",
    "fetch_boundaries",
    "fetch_table",
    "indicators",
    "looks_remote",
    "parse",
    "search_tables",
]
