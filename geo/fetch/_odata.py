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

import difflib
import json
import logging
import threading
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from .. import messages
from ..errors import NotFoundError, RemoteError, VmgeoError
from ..settings import Settings
from . import _http, _paging
from ._cache import LOCK_MARGIN, Cache, request_key
from ._request import data_request

log = logging.getLogger("geo")

_CBSODATA_LOCK = threading.Lock()

CATALOGS = {"cbs": "CBS (opendata.cbs.nl)", "politie": "Politie (dataderden.cbs.nl)"}


def base_url(source: str, settings: "Settings") -> str:
    """The OData host of ``cbs`` or ``politie``, from the settings."""
    if source == "cbs":
        return settings.cbs_url
    if source == "politie":
        return settings.police_url
    raise NotFoundError(messages.line("unknown_source", source=source))


def _address(base: str, settings: "Settings") -> str:
    """The setting that holds ``base``, for messages."""
    return "VMGEO_POLICE_URL" if base == settings.police_url else "VMGEO_CBS_URL"


def _split(url: str) -> tuple[bool, str]:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise RemoteError(messages.line("not_http", url=url))
    return parts.scheme == "https", (parts.netloc + parts.path).rstrip("/")


def _call_cbsodata(func: Callable[..., Any], *args: Any, base: str, settings: "Settings",
                   what: str) -> tuple[Any, str]:
    """Run a cbsodata function against ``base`` as one bounded download, with vmgeo's errors.

    Returns what it returned, and the last URL it asked for (for messages about its content).
    """
    import cbsodata
    import requests
    from cbsodata import cbsodata3

    https, host = _split(base)
    download = _http.Download(what, settings=settings, address=_address(base, settings))
    with _CBSODATA_LOCK:
        if not isinstance(getattr(cbsodata3, "Session", None), type):
            # Handing cbsodata a Session is how its requests are bounded; without it they would not be.
            raise RemoteError(messages.line("cbsodata_changed", what=what,
                                        version=getattr(cbsodata, "__version__", "?")))
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
            raise RemoteError(messages.line("cbsodata_http", what=what, problem=exc,
                                        url=download.last_url or base)) from exc
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            # cbsodata reads the answer as it comes: a list where an object belongs ends here.
            raise RemoteError(messages.line("not_odata_json", what=what, url=download.last_url or base,
                                        problem=f"{type(exc).__name__}: {exc}")) from exc
        finally:
            cbsodata.options.use_https = previous_https
            cbsodata3.Session = previous_session
    if download.requests == 0:
        log.warning("%s", messages.line("cbsodata_unbounded", what=what))
    return result, download.last_url or base


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
    what = messages.line("what_info", source=source, table=table)
    key = request_key("odata-meta", base=base, table=table, name="TableInfos")

    def fetch() -> tuple[Any, dict[str, Any]]:
        try:
            # get_meta rather than get_info: the same request, but an empty list stays apart from a null record.
            infos, url = _call_cbsodata(cbsodata.get_meta, table, "TableInfos", base=base, settings=settings,
                                        what=what)
        except NotFoundError as exc:
            raise NotFoundError(messages.line("no_table", table=table, catalog=CATALOGS[source], base=base,
                                          hint=_close_tables(source, table, settings, cache))) from exc
        if infos == []:
            raise NotFoundError(messages.line("no_table_info", table=table, base=base))
        _paging.check_records(infos, what=what, url=url, keys=("Identifier",))
        info = infos[0]
        return info, {"kind": "odata-meta", "source": source, "url": base, "table": table, "name": "TableInfos",
                      "rows": 1, "table_modified": info.get("Modified")}

    value, _ = _cached_json(cache, key, settings=settings, refresh=refresh, what=what, fetch=fetch)
    return value


#: Keys every record of a metadata list has: DataProperties declare a type; code lists are keyed.
_META_KEYS = {"DataProperties": ("Key", "Type")}


def meta(source: str, table: str, name: str, *, settings: "Settings", cache: Cache,
         refresh: bool = False) -> list[dict[str, Any]]:
    """A metadata list of ``table``: ``DataProperties`` or a dimension's code list."""
    import cbsodata

    base = base_url(source, settings)
    what = f"{source}:{table}/{name}"
    key = request_key("odata-meta", base=base, table=table, name=name)

    def fetch() -> tuple[Any, dict[str, Any]]:
        rows, url = _call_cbsodata(cbsodata.get_meta, table, name, base=base, settings=settings, what=what)
        _paging.check_records(rows, what=what, url=url, keys=_META_KEYS.get(name, ("Key",)))
        return rows, {"kind": "odata-meta", "source": source, "url": base, "table": table, "name": name,
                      "rows": len(rows)}

    value, _ = _cached_json(cache, key, settings=settings, refresh=refresh, what=what, fetch=fetch)
    return value


def table_list(source: str, *, settings: "Settings", cache: Cache, refresh: bool = False) -> list[dict[str, Any]]:
    """Every table of a catalog (identifier, title, period, modified), all pages of it."""
    base = base_url(source, settings)
    _split(base)
    what = messages.line("what_table_list", catalog=CATALOGS[source])
    key = request_key("odata-catalog", base=base)
    url = f"{base}/ODataCatalog/Tables"

    def fetch() -> tuple[Any, dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        with _http.session() as sess:
            for page in _http.pages(sess, url, params={"$format": "json"},
                                    next_link=_paging.odata(what, url, columns=("Identifier",)),
                                    settings=settings, what=what, address=_address(base, settings)):
                rows.extend(page["value"])
        return rows, {"kind": "odata-catalog", "source": source, "url": base, "rows": len(rows)}

    value, _ = _cached_json(cache, key, settings=settings, refresh=refresh, what=what, fetch=fetch)
    return value


def _close_tables(source: str, table: str, settings: "Settings", cache: Cache) -> str:
    try:
        ids = [t.get("Identifier", "") for t in table_list(source, settings=settings, cache=cache)]
    except Exception:  # a hint only; the caller raises the real error
        return ""
    close = difflib.get_close_matches(table, ids, n=3, cutoff=0.6)
    return messages.line("close_matches", names=", ".join(close)) if close else ""


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
    request = data_request(base, table, filters=filters, select=select)
    what = messages.line("what_data", source=source, table=table)

    def fetch() -> tuple[Any, dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        with _http.session() as sess:
            for page in _http.pages(sess, request.url, params=request.params,
                                    next_link=_paging.odata(what, request.url, columns=request.select),
                                    settings=settings, what=what, address=_address(base, settings)):
                rows.extend(page["value"])
        return rows, {"kind": "odata-data", "source": source, "url": request.url, "params": request.params,
                      "table": table, "rows": len(rows), **(provenance or {})}

    return _cached_json(cache, request.key, settings=settings, refresh=refresh, what=what, fetch=fetch)
