"""CBS and police tables: one measure for every area of a level, and what a table declares about itself.

:func:`fetch_table` composes the concerns kept apart in the private
modules: what the table declares (``_odata``), which keys of each dimension
to ask for (``_filters``), the request and its cache key (``_request``), the
pages and their shape (``_paging``), and the rows as a frame (``_frame``).
"""

from __future__ import annotations

import logging
from typing import Any

from .. import messages
from ..errors import OptionError
from ..reports import Table, TableProvenance
from ..settings import Settings
from . import _filters, _frame, _odata
from ._cache import open_cache
from ._request import select_columns
from ._spec import TABLE_LEVELS, DataSpec

log = logging.getLogger("geo")


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
    settings, cache = open_cache(settings)
    if level not in TABLE_LEVELS:
        raise OptionError(messages.line("unknown_level", level=level, levels=", ".join(TABLE_LEVELS)))
    src, table, what = spec.source, spec.table, f"{spec.source}:{spec.table}"
    info = _odata.table_info(src, table, settings=settings, cache=cache, refresh=refresh)
    props = _odata.meta(src, table, "DataProperties", settings=settings, cache=cache, refresh=refresh)
    layout = _filters.layout(props, measure=spec.measure, filters=spec.filters, what=what)
    selection = _filters.Selection()
    for dim, prop in layout.dims.items():
        if dim == layout.region and dim not in spec.filters:
            continue
        codes = _odata.meta(src, table, dim, settings=settings, cache=cache, refresh=refresh)
        _filters.choose(dim, prop, codes, filters=spec.filters, period=period, periods=periods, what=what,
                        into=selection)
    _filters.check_period(selection, info, period=period, periods=periods, what=what)
    series = bool(periods) and selection.time_dim is not None
    summed = _filters.summed(selection, layout, series=series, what=f"{what}/{spec.measure}")

    period_text = selection.period_key.strip() if selection.period_key else info.get("Period")
    select = select_columns(layout.region, spec.measure, selection.chosen, series=series,
                            time_dim=selection.time_dim)
    rows, meta = _odata.data(src, table, filters=selection.chosen, select=select, settings=settings, cache=cache,
                             refresh=refresh, provenance={"period": period_text,
                                                          "period_status": selection.period_status,
                                                          "table_modified": info.get("Modified")})
    provenance = TableProvenance(
        source=src, catalog=_odata.base_url(src, settings), table=table, title=info.get("Title"),
        measure=spec.measure, measure_title=layout.topic.get("Title"), unit=layout.topic.get("Unit"),
        filters={d: [k.strip() for k in keys] for d, keys in selection.chosen.items() if d != "Marges"},
        period=period_text, period_status=selection.period_status, table_modified=info.get("Modified"),
        indicator=spec.indicator, level=level, notes=selection.notes, fetched_at=meta.get("fetched_at"),
        cache_file=meta.get("file"), rows_fetched=meta.get("rows"))
    for note in selection.notes:
        log.info("%s", note)
    frame = _frame.shape(rows, select=select, layout=layout, selection=selection, measure=spec.measure,
                         level=level, series=series, summed=summed, what=what)
    return Table(frame=frame, source=f"{src}:{table}/{spec.measure}", provenance=provenance)


def periods_of(spec: DataSpec, *, settings: Settings | None = None, refresh: bool = False) -> list[str]:
    """The period keys a table has, in order (empty when it has no period dimension)."""
    props = data_properties(spec, settings=settings, refresh=refresh)
    time = next((p["Key"] for p in props if p.get("Type") == "TimeDimension"), None)
    if time is None:
        return []
    return sorted(str(c["Key"]).strip() for c in dimension_codes(spec, time, settings=settings, refresh=refresh))


def table_info(spec: DataSpec, *, settings: Settings | None = None, refresh: bool = False) -> dict[str, Any]:
    """The ``TableInfos`` record of ``spec``'s table: title, period, modified date, ...

    Parameters
    ----------
    spec
        From :func:`parse`; its source and table are used.
    settings
        Endpoints, cache folder, offline mode; from the environment by default.
    refresh
        Download again even when cached.

    Returns
    -------
    dict
        The record as CBS publishes it.
    """
    settings, cache = open_cache(settings)
    return _odata.table_info(spec.source, spec.table, settings=settings, cache=cache, refresh=refresh)


def data_properties(spec: DataSpec, *, settings: Settings | None = None,
                    refresh: bool = False) -> list[dict[str, Any]]:
    """The ``DataProperties`` of ``spec``'s table: its dimensions, topic groups and measures (topics).

    Parameters
    ----------
    spec
        From :func:`parse`; its source and table are used.
    settings
        Endpoints, cache folder, offline mode; from the environment by default.
    refresh
        Download again even when cached.

    Returns
    -------
    list of dict
        One record per property, each with at least ``Key`` and ``Type``.
    """
    settings, cache = open_cache(settings)
    return _odata.meta(spec.source, spec.table, "DataProperties", settings=settings, cache=cache, refresh=refresh)


def dimension_codes(spec: DataSpec, dimension: str, *, settings: Settings | None = None,
                    refresh: bool = False) -> list[dict[str, Any]]:
    """The code list of one dimension of ``spec``'s table (keys as CBS pads them, titles, ...).

    Parameters
    ----------
    spec
        From :func:`parse`; its source and table are used.
    dimension
        The dimension's key (``SoortMisdrijf``, ``RegioS``, ``Perioden``).
    settings
        Endpoints, cache folder, offline mode; from the environment by default.
    refresh
        Download again even when cached.

    Returns
    -------
    list of dict
        One record per code, each with at least ``Key``.
    """
    settings, cache = open_cache(settings)
    return _odata.meta(spec.source, spec.table, dimension, settings=settings, cache=cache, refresh=refresh)


def table_rows(spec: DataSpec, *, filters: dict[str, list[str]], select: list[str],
               settings: Settings | None = None, refresh: bool = False,
               provenance: dict[str, Any] | None = None) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Rows of ``spec``'s table as they come (padded keys, null where suppressed), for several measures at once.

    Parameters
    ----------
    spec
        From :func:`parse`; its source and table are used.
    filters
        Dimension -> keys (as the code list pads them); every row when empty.
    select
        The columns to fetch (``ID``, dimensions, measures); each row has every one of them.
    settings
        Endpoints, cache folder, offline mode; from the environment by default.
    refresh
        Download again even when cached.
    provenance
        Extra fields for the cache record (``period``, ``table_modified``).

    Returns
    -------
    tuple of list of dict and dict
        The rows, and the cache record (``fetched_at``, ``file``, ``rows``).
    """
    settings, cache = open_cache(settings)
    return _odata.data(spec.source, spec.table, filters=filters, select=select, settings=settings, cache=cache,
                       refresh=refresh, provenance=provenance)


def catalog_url(source: str, *, settings: Settings | None = None) -> str:
    """The OData address of ``cbs`` or ``politie`` in ``settings`` (from the environment by default)."""
    settings, _ = open_cache(settings)
    return _odata.base_url(source, settings)


def search_tables(text: str, *, sources: tuple[str, ...] = ("cbs", "politie"), settings: Settings | None = None,
                  refresh: bool = False) -> list[dict[str, Any]]:
    """Tables whose identifier, title or short title contains ``text`` (case-insensitive)."""
    settings, cache = open_cache(settings)
    needle = text.lower()
    found = []
    for source in sources:
        for table in _odata.table_list(source, settings=settings, cache=cache, refresh=refresh):
            hay = " ".join(str(table.get(k, "")) for k in ("Identifier", "Title", "ShortTitle")).lower()
            if needle in hay:
                found.append({"source": source, "id": table.get("Identifier"), "title": table.get("Title"),
                              "period": table.get("Period"), "modified": table.get("Modified")})
    return found
