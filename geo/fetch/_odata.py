"""CBS StatLine OData v3, for the CBS catalog and the police catalog (dataderden).

Table information, data properties and dimension code lists come through
``cbsodata``. Its known traps are handled here: it takes a host rather than
a URL (the scheme is the global ``options.use_https``, set and restored
around every call under a lock, since its ``catalog()`` context manager
ignores ``use_https`` and does not restore the host after an error), it
re-raises HTTP errors without their response, and it follows a metadata
list's ``odata.nextLink`` with no limit at all, with a fresh
``requests.Session()`` per page and no overall time-out. So for the
duration of each call (under the same lock) the ``Session`` cbsodata uses is
vmgeo's :class:`~geo.fetch._http.BoundedSession`: every page it asks for
counts against one download's deadline, page limit and size cap, a link
back to a page already fetched ends the call, and errors, retries and
messages are vmgeo's own. cbsodata still builds the URLs and joins the
pages.

The table list is paged here (``ODataCatalog/Tables``), not with
``cbsodata.get_table_list``: that reads only the first page and drops
``odata.nextLink`` without a word, which would silently cut the list short
if the catalog were ever paged.

The data itself is not fetched with ``cbsodata.get_data``: that replaces
every dimension key by its title (the codes are what a join needs) and
downloads every code list of the table, the 18,000-row region list among
them. vmgeo asks the same bulk feed (``ODataFeed/odata/<id>/TypedDataSet``)
for just the rows and columns it needs, follows ``odata.nextLink`` itself
and stops when a link loops. Keys come back space-padded (``'GM0518    '``)
and suppressed cells as null; both are handled by the caller. When a server
states ``odata.count`` (it does when asked with ``$inlinecount``), the
count must stay the same on every page and match the rows received.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ..errors import NotFoundError, RemoteError, VmgeoError
from . import _http
from ._cache import LOCK_MARGIN, Cache, request_key

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


def _address(base: str, settings: "Settings") -> str:
    """The setting that holds ``base``, for messages."""
    return "VMGEO_POLICE_URL" if base == settings.police_url else "VMGEO_CBS_URL"


def _split(url: str) -> tuple[bool, str]:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise RemoteError(f"{url!r} is not an http(s) URL; check VMGEO_CBS_URL / VMGEO_POLICE_URL")
    return parts.scheme == "https", (parts.netloc + parts.path).rstrip("/")


def _call_cbsodata(func: Callable[..., Any], *args: Any, base: str, settings: "Settings", what: str) -> Any:
    """Run a cbsodata function against ``base`` as one bounded download, with vmgeo's errors."""
    import cbsodata
    import requests
    from cbsodata import cbsodata3

    https, host = _split(base)
    download = _http.Download(what, settings=settings, address=_address(base, settings))
    with _CBSODATA_LOCK:
        if not isinstance(getattr(cbsodata3, "Session", None), type):
            # Handing cbsodata a Session is how its requests are bounded; without it they would not be.
            raise RemoteError(f"{what}: cbsodata {getattr(cbsodata, '__version__', '?')} no longer makes its "
                              "requests through cbsodata3.Session, so vmgeo cannot bound them; install cbsodata "
                              "1.3 (pip install 'cbsodata>=1.3,<1.4')")
        previous_https, previous_session = cbsodata.options.use_https, cbsodata3.Session
        cbsodata.options.use_https = https
        cbsodata3.Session = lambda: _http.BoundedSession(download)
        try:
            result = func(*args, catalog_url=host)
        except VmgeoError:
            raise
        except requests.HTTPError as exc:
            # Not expected (BoundedSession raises vmgeo's errors first), but cbsodata raises
            # a new HTTPError without the response; say what it said.
            raise RemoteError(f"{what}: {exc} at {download.last_url or base}; try again later") from exc
        except (ValueError, KeyError, TypeError) as exc:
            raise RemoteError(f"{what}: the answer from {download.last_url or base} is not CBS OData JSON "
                              f"({type(exc).__name__}: {exc}); try again later") from exc
        finally:
            cbsodata.options.use_https = previous_https
            cbsodata3.Session = previous_session
    if download.requests == 0:
        log.warning("%s: cbsodata made no request through vmgeo's bounded session; its time and size limits "
                    "may not have applied", what)
    return result


def _cached_json(cache: Cache, key: str, *, settings: "Settings", refresh: bool, what: str,
                 fetch: Callable[[], tuple[Any, dict[str, Any]]]) -> tuple[Any, dict[str, Any]]:
    def download() -> tuple[bytes, dict[str, Any]]:
        value, meta = fetch()
        return json.dumps(value, ensure_ascii=False).encode("utf-8"), meta

    entry = cache.fetch(key, "json", what=what, offline=settings.offline, refresh=refresh,
                        wait=settings.deadline + LOCK_MARGIN, download=download)
    return json.loads(entry.read_bytes()), entry.meta


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
    """Every table of a catalog (identifier, title, period, modified), all pages of it."""
    base = base_url(source, settings)
    _split(base)
    what = f"the {CATALOGS[source]} table list"
    key = request_key("odata-catalog", base=base)
    url = f"{base}/ODataCatalog/Tables"

    def fetch() -> tuple[Any, dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        with _http.session() as sess:
            for page in _http.pages(sess, url, params={"$format": "json"}, next_link=_odata_next(what, url),
                                    settings=settings, what=what, address=_address(base, settings)):
                rows.extend(page["value"])
        return rows, {"kind": "odata-catalog", "source": source, "url": base, "rows": len(rows)}

    value, _ = _cached_json(cache, key, settings=settings, refresh=refresh, what=what, fetch=fetch)
    return value


def _odata_next(what: str, url: str) -> Callable[[Any], str | None]:
    """The ``next_link`` of OData pages: checks each page, and that a stated ``odata.count`` holds."""
    counts: list[int] = []
    rows = 0

    def next_link(page: Any) -> str | None:
        nonlocal rows
        if not isinstance(page, dict) or not isinstance(page.get("value"), list):
            raise RemoteError(f"{what}: a page from {url} is not an OData result (no 'value' list); "
                              "try again later")
        rows += len(page["value"])
        count = page.get("odata.count")
        if count is not None:
            try:
                counts.append(int(count))
            except (TypeError, ValueError):
                raise RemoteError(f"{what}: a page from {url} has an odata.count that is not a number "
                                  f"({count!r}); try again later") from None
            if counts[-1] != counts[0]:
                raise RemoteError(
                    f"{what}: the row count stated by {url} changed between pages ({counts[0]} on the first, "
                    f"{counts[-1]} on page {len(counts)}): the table was updated during the download; nothing "
                    "was cached; try again in a few minutes"
                )
        link = page.get("odata.nextLink")
        if link is not None and not isinstance(link, str):
            raise RemoteError(f"{what}: a page from {url} has an odata.nextLink that is not a link; "
                              "try again later")
        if not link and counts and rows != counts[0]:
            raise RemoteError(f"{what}: {url} stated {counts[0]} rows but sent {rows}; the download is "
                              "incomplete, nothing was cached; try again later")
        return link or None

    return next_link


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
        with _http.session() as sess:
            for page in _http.pages(sess, url, params=params, next_link=_odata_next(what, url), settings=settings,
                                    what=what, address=_address(base, settings)):
                rows.extend(page["value"])
        return rows, {"kind": "odata-data", "source": source, "url": url, "params": params, "table": table,
                      "rows": len(rows), **(provenance or {})}

    return _cached_json(cache, key, settings=settings, refresh=refresh, what=what, fetch=fetch)
