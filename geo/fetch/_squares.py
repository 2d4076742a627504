"""CBS vierkantstatistieken from PDOK: inhabitants per 100 m or 500 m square, cached with provenance.

Where the figures are (looked up for issue 18 in public code and pages; no live request was possible):

- PDOK publishes the CBS squares as OGC API Features at
  ``https://api.pdok.nl/cbs/vierkantstatistieken100m/ogc/v1`` and
  ``.../vierkantstatistieken500m/ogc/v1`` (PDOK's pages "CBS Vierkantstatistieken
  100m / 500m", section "(OGC) API's"), besides a WFS and a WMS per year
  (``https://service.pdok.nl/cbs/vierkantstatistieken100m/2024/wfs/v1_0``, feature
  type ``vierkantstatistieken100m:vierkant_100m``, properties in camelCase such as
  ``aantalInwoners``) and CBS's own GeoPackages (``cbs_vk100_2024.gpkg`` in
  ``https://download.cbs.nl/vierkant/100/2025-cbs_vk100_2024_v1.zip``, also in PDOK's
  atom feed ``https://service.pdok.nl/cbs/vierkantstatistieken100m/atom/vierkantstatistieken100m.xml``).
- Seen in public code, not on the squares' own API: PDOK's OGC API of the sister
  data set of the same CBS publication (*Statistische gegevens per vierkant en
  postcode*), ``https://api.pdok.nl/cbs/postcode4/ogc/v1/collections/postcode4/items``,
  holds every year in one collection named as the WFS feature type
  (``postcode4:postcode4``), selects a year with ``jaarcode=2024``, carries
  ``jaarcode`` as a property, names the properties as CBS's GeoPackages do
  (``aantal_inwoners``), sends CBS's special values (-99997 ...) as numbers, and
  sometimes sends numbers as text. The collection id ``vierkant_{cell}m`` and the
  year filter ``jaarcode`` follow that pattern; both live in :data:`SERVICE` only,
  so that a correction is one line. Features whose ``jaarcode`` is another year
  are dropped, so that a server ignoring the filter cannot mix years.
- Which names the code and the inhabitants have in which year is decided in one
  place, :func:`geo.squares.field_names`, and handed to :func:`square_file`
  (``fields``): ``crs28992res100m`` / ``aantal_inwoners`` from 2015 on
  (``aantalInwoners`` in PDOK's WFS: names are compared ignoring case and
  underscores), ``C28992R100`` / ``INW2010`` in CBS's files of 2000-2014.

Only the squares inside the bounding box of the squares asked for are requested
(``bbox`` in RD New, ``bbox-crs`` EPSG:28992); the cache stores only their codes and
inhabitants, as JSON rows under the service's own field names (CBS's special values
such as -99997 kept as they came), so that a cached download and a local extract are
read by the same code (:mod:`geo.squares`). Every feature page goes through the same checks
as boundary pages (:mod:`geo.fetch._paging`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import messages
from ..errors import NotFoundError, RemoteError
from ..reports import TableProvenance
from ..settings import Settings
from . import _pdok
from ._cache import LOCK_MARGIN, open_cache, request_key

#: Where PDOK serves the squares: ``{pdok}`` is VMGEO_PDOK_URL, ``{cell}`` 100 or 500, ``{year}`` the year.
SERVICE: dict[str, Any] = {
    "url": "{pdok}/cbs/vierkantstatistieken{cell}m/ogc/v1/collections/vierkant_{cell}m/items",
    "params": {"jaarcode": "{year}"},
    "year_field": "jaarcode",
    "limit": 1000,
    "licence": "CC BY 4.0",
    "attribution": "CBS, via PDOK",
}
#: Square sizes CBS publishes in RD New.
PUBLISHED_CELLS = (100, 500)
#: The column of the inhabitants, as CBS's GeoPackages name it (PDOK's WFS writes ``aantalInwoners``).
POPULATION_FIELD = "aantal_inwoners"
#: The RD New CRS for ``bbox-crs``, as OGC API Features names it.
RD_CRS_URI = "http://www.opengis.net/def/crs/EPSG/0/28992"


def code_field(cell: int) -> str:
    """CBS's column of the square codes for ``cell`` (``crs28992res100m``)."""
    return f"crs28992res{cell}m"


def find_field(names: Iterable[str], candidates: tuple[str, ...]) -> str | None:
    """The first of ``candidates`` among ``names`` (case, spaces and underscores ignored), or None."""
    present = {_norm(n): n for n in names}
    for candidate in candidates:
        if _norm(candidate) in present:
            return present[_norm(candidate)]
    return None


def _norm(name: str) -> str:
    return re.sub(r"[\s_\-]+", "", str(name)).lower()


@dataclass(frozen=True)
class SquareFile:
    """Inhabitants per square in the cache (JSON: ``fields`` and ``rows``), and where it came from."""

    path: Path
    cell: int
    year: int
    code_column: str
    population_column: str
    label: str
    provenance: TableProvenance


def square_file(cell: int, year: int, *, bbox: tuple[int, int, int, int],
                fields: tuple[tuple[str, ...], tuple[str, ...]] | None = None, settings: Settings | None = None,
                refresh: bool = False) -> SquareFile:
    """Inhabitants of the CBS squares of ``cell`` m in ``bbox``, from PDOK or the cache.

    Parameters
    ----------
    cell
        100 or 500 (CBS publishes no other sizes in RD New).
    year
        The year of the figures (inhabitants on 1 January).
    bbox
        ``(xmin, ymin, xmax, ymax)`` in RD New metres: only squares there are fetched.
    fields
        The names the code and the inhabitants may have, most likely first
        (:func:`geo.squares.field_names`); by default ``crs28992res{cell}m`` and
        ``aantal_inwoners``.
    settings
        Endpoints, cache folder, offline mode; from the environment by default.
    refresh
        Download again even when cached.

    Returns
    -------
    SquareFile
        The cached file, its field names and its provenance.

    Raises
    ------
    NotFoundError
        PDOK has no squares of ``cell`` m for ``year`` (HTTP 404).
    RemoteError
        The service failed, or its features lack the code or the inhabitants.
    OfflineError
        Offline and not cached.
    """
    settings, cache = open_cache(settings)
    url = SERVICE["url"].format(pdok=settings.pdok_url, cell=cell)
    params = {"f": "json", "limit": str(SERVICE["limit"]), "bbox": ",".join(str(int(v)) for v in bbox),
              "bbox-crs": RD_CRS_URI, **{k: str(v).format(year=year) for k, v in SERVICE["params"].items()}}
    what = messages.line("what_squares", cell=cell, year=year)
    key = request_key("pdok-squares", url=url, params=params)
    names = fields or ((code_field(cell),), (POPULATION_FIELD,))

    def download() -> tuple[bytes, dict[str, Any]]:
        try:
            features, matched = _pdok._download(url, params, what=what, settings=settings)
        except NotFoundError as exc:  # only HTTP 404 raises it here
            raise NotFoundError(messages.line("squares_not_published", what=what, cell=cell, year=year,
                                              url=url)) from exc
        if matched is not None and matched != len(features):
            raise RemoteError(messages.line("features_short", what=what, matched=matched, got=len(features)))
        data, found, kept = _as_rows(features, year=year, fields=names, what=what)
        meta = {"kind": "pdok-squares", "source": "pdok", "url": url, "params": params, "cell": cell,
                "year": year, "rows": kept, "licence": SERVICE["licence"],
                "attribution": SERVICE["attribution"], "code_field": found[0], "population_field": found[1]}
        return data, meta

    entry = cache.fetch(key, "json", what=what, offline=settings.offline, refresh=refresh,
                        wait=settings.deadline + LOCK_MARGIN, download=download)
    m = entry.meta
    provenance = TableProvenance(
        source="pdok", catalog="pdok", table=f"vierkantstatistieken{cell}m", title=what,
        measure=m.get("population_field", POPULATION_FIELD), measure_title="aantal inwoners", unit="aantal",
        filters={"bbox": [params["bbox"]]}, period=str(year), period_status=None, table_modified=None,
        indicator=None, level=f"vierkant{cell}m",
        notes=[f"{m.get('licence')}; {m.get('attribution')}", str(m.get("url"))],
        fetched_at=m.get("fetched_at"), cache_file=m.get("file"), rows_fetched=m.get("rows"))
    return SquareFile(path=entry.path, cell=cell, year=year, code_column=m["code_field"],
                      population_column=m["population_field"],
                      label=messages.line("squares_label", cell=cell, year=year, file=entry.path.name),
                      provenance=provenance)


def _of_year(value: Any, year: int) -> bool:
    """Whether a feature's ``jaarcode`` (2024, "2024", 2024.0) is ``year``; one without a readable one is kept."""
    try:
        return float(str(value).strip()) == year
    except ValueError:  # none, or not a number: the server chose it, nothing to check it against
        return True


def _as_rows(features: list[dict[str, Any]], *, year: int, fields: tuple[tuple[str, ...], tuple[str, ...]],
             what: str) -> tuple[bytes, tuple[str, str], int]:
    """The code and inhabitants of every feature of ``year`` as JSON rows, under the service's own field names."""
    year_field = SERVICE["year_field"]
    # A server that ignored the year filter would mix years (and repeat every code): keep the year asked for.
    features = [f for f in features if _of_year(f["properties"].get(year_field), year)]
    codes, populations = fields
    found: list[str | None] = [None, None]
    if features:
        found = [find_field(features[0]["properties"], codes), find_field(features[0]["properties"], populations)]
    chosen = (found[0] or codes[0], found[1] or populations[0])
    for field in chosen:
        lacking = sum(1 for f in features if field not in f["properties"])
        if lacking:
            raise RemoteError(messages.line("no_code_field", what=what, n=lacking, field=field))
    rows = [[f["properties"][chosen[0]], f["properties"][chosen[1]]] for f in features]
    data = json.dumps({"fields": list(chosen), "rows": rows}, ensure_ascii=False, separators=(",", ":"))
    return data.encode("utf-8"), chosen, len(rows)
