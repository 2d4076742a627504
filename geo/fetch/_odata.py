"""CBS StatLine OData v3, for the CBS catalog and the police catalog (dataderden).

Table information, data properties, dimension code lists and the table list
come through ``cbsodata``. Its known traps are handled here: it takes a host
rather than a URL (the scheme is the global ``options.use_https``, set and
restored around every call under a lock, since its ``catalog()`` context
manager ignores ``use_https`` and does not restore the host after an
error), it sets no time-out (passed through its ``**kwargs`` to requests),
and it re-raises HTTP errors without their response.

The data itself is not fetched with ``cbsodata.get_data``: that replaces
every dimension key by its title (the codes are what a join needs) and
downloads every code list of the table, the 18,000-row region list among
them. vmgeo asks the same bulk feed (``ODataFeed/odata/<id>/TypedDataSet``)
for just the rows and columns it needs, follows ``odata.nextLink`` itself
and stops when a link loops. Keys come back space-padded (``'GM0518    '``)
and suppressed cells as null; both are handled by the caller.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ..errors import NotFoundError, RemoteError
from . import _http
from ._cache import Cache, offline_miss, request_key

if TYPE_CHECKING:
    from ..settings import Settings

log = logging.getLogger("geo")

_CBSODATA_LOCK = threading.Lock()

CATALOGS = {"cbs": "CBS (opendata.cbs.nl)", "politie": "Politie (dataderden.cbs.nl)"}


def base_url(source: str, settings: "Settings") -> str:
    """The OData host of ``cbs`` or ``politie``, from the settings."""
    if source == "cbs":
        return settings.cbs_url
    if source == "politie":
        return settings.police_url
    raise NotFoundError(f"unknown source {source!r}; use cbs (CBS StatLine) or politie (police tables on dataderden)")


def _split(url: str) -> tuple[bool, str]:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise RemoteError(f"{url!r} is not an http(s) URL; check VMGEO_CBS_URL / VMGEO_POLICE_URL")
    return parts.scheme == "https", (parts.netloc + parts.path).rstrip("/")


def _call_cbsodata(func: Callable[..., Any], *args: Any, base: str, settings: "Settings", what: str) -> Any:
    """Run a cbsodata function against ``base`` with our time-out, retries and errors."""
    import cbsodata
    import requests

    https, host = _split(base)

    def once() -> Any:
        with _CBSODATA_LOCK:
            previous = cbsodata.options.use_https
            cbsodata.options.use_https = https
            try:
                return func(*args, catalog_url=host, timeout=settings.timeout)
            except requests.HTTPError as exc:
                # cbsodata raises a new HTTPError without the response; put it back.
                cause = exc.__cause__
                if isinstance(cause, requests.HTTPError) and cause.response is not None:
                    raise requests.HTTPError(str(exc), response=cause.response) from exc
                raise
            finally:
                cbsodata.options.use_https = previous

    try:
        return _http.with_retries(once, settings=settings, what=what, url=base)
    except (ValueError, KeyError, TypeError) as exc:
        raise RemoteError(f"{what}: the answer from {base} is not CBS OData JSON "
                          f"({type(exc).__name__}: {exc})") from exc


def _cached_json(cache: Cache, key: str, *, settings: "Settings", refresh: bool, what: str,
                 fetch: Callable[[], tuple[Any, dict[str, Any]]]) -> tuple[Any, dict[str, Any]]:
    if not refresh:
        entry = cache.get(key, "json", offline=settings.offline, what=what)
        if entry is not None:
            return json.loads(entry.read_bytes()), entry.meta
    if settings.offline:
        raise offline_miss(what)
    value, meta = fetch()
    entry = cache.put(key, "json", json.dumps(value, ensure_ascii=False).encode("utf-8"), meta)
    return value, entry.meta


def table_info(source: str, table: str, *, settings: "Settings", cache: Cache, refresh: bool = False) -> dict[str, Any]:
    """The TableInfos record of ``table`` (title, modified date, period, ...)."""
    import cbsodata

    base = base_url(source, settings)
    what = f"{source}:{table} table information"
    key = request_key("odata-meta", base=base, table=table, name="TableInfos")

    def fetch() -> tuple[Any, dict[str, Any]]:
        try:
            info = _call_cbsodata(cbsodata.get_info, table, base=base, settings=settings, what=what)
        except NotFoundError as exc:
            raise NotFoundError(
                f"table {table} not found in the {CATALOGS[source]} catalog at {base}; "
                f"search with 'vmgeo tables --search WORD'{_close_tables(source, table, settings, cache)}"
            ) from exc
        if not info:
            raise NotFoundError(f"table {table} has no table information at {base}")
        return info, {"kind": "odata-meta", "source": source, "url": base, "table": table, "name": "TableInfos",
                      "rows": 1, "table_modified": info.get("Modified")}

    value, _ = _cached_json(cache, key, settings=settings, refresh=refresh, what=what, fetch=fetch)
    return value


def meta(source: str, table: str, name: str, *, settings: "Settings", cache: Cache,
         refresh: bool = False) -> list[dict[str, Any]]:
    """A metadata list of ``table``: ``DataProperties`` or a dimension's code list."""
    import cbsodata

    base = base_url(source, settings)
    what = f"{source}:{table}/{name}"
    key = request_key("odata-meta", base=base, table=table, name=name)

    def fetch() -> tuple[Any, dict[str, Any]]:
        rows = _call_cbsodata(cbsodata.get_meta, table, name, base=base, settings=settings, what=what)
        if not isinstance(rows, list):
            raise RemoteError(f"{what}: expected a list from {base}")
        return rows, {"kind": "odata-meta", "source": source, "url": base, "table": table, "name": name,
                      "rows": len(rows)}

    value, _ = _cached_json(cache, key, settings=settings, refresh=refresh, what=what, fetch=fetch)
    return value


def table_list(source: str, *, settings: "Settings", cache: Cache, refresh: bool = False) -> list[dict[str, Any]]:
    """Every table of a catalog (identifier, title, period, modified)."""
    import cbsodata

    base = base_url(source, settings)
    what = f"the {CATALOGS[source]} table list"
    key = request_key("odata-catalog", base=base)

    def fetch() -> tuple[Any, dict[str, Any]]:
        rows = _call_cbsodata(cbsodata.get_table_list, base=base, settings=settings, what=what)
        return rows, {"kind": "odata-catalog", "source": source, "url": base, "rows": len(rows)}

    value, _ = _cached_json(cache, key, settings=settings, refresh=refresh, what=what, fetch=fetch)
    return value


def _close_tables(source: str, table: str, settings: "Settings", cache: Cache) -> str:
    import difflib

    try:
        ids = [t.get("Identifier", "") for t in table_list(source, settings=settings, cache=cache)]
    except Exception:  # a hint only; the caller raises the real error
        return ""
    close = difflib.get_close_matches(table, ids, n=3, cutoff=0.6)
    return f"; close matches: {', '.join(close)}" if close else ""


def data(
    source: str,
    table: str,
    *,
    filters: dict[str, list[str]],
    select: list[str],
    settings: "Settings",
    cache: Cache,
    refresh: bool = False,
    provenance: dict[str, Any] | None = None,
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Rows of ``TypedDataSet`` matching ``filters`` (dimension -> padded keys), only ``select`` columns."""
    base = base_url(source, settings)
    odata_filter = " and ".join(
        "(" + " or ".join(f"({dim} eq '{key}')" for key in keys) + ")" for dim, keys in sorted(filters.items())
    )
    params = {"$format": "json", "$select": ",".join(select)}
    if odata_filter:
        params["$filter"] = odata_filter
    url = f"{base}/ODataFeed/odata/{table}/TypedDataSet"
    what = f"{source}:{table} data"
    key = request_key("odata-data", url=url, params=params)

    def fetch() -> tuple[Any, dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        sess = _http.session()

        def next_link(page: Any) -> str | None:
            if not isinstance(page, dict) or not isinstance(page.get("value"), list):
                raise RemoteError(f"{what}: a page from {url} is not an OData result (no 'value' list)")
            return page.get("odata.nextLink")

        for page in _http.pages(sess, url, params=params, next_link=next_link, settings=settings, what=what):
            rows.extend(page["value"])
        return rows, {"kind": "odata-data", "source": source, "url": url, "params": params, "table": table,
                      "rows": len(rows), **(provenance or {})}

    return _cached_json(cache, key, settings=settings, refresh=refresh, what=what, fetch=fetch)
