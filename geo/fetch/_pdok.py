"""PDOK OGC API Features: boundary polygons per level and year.

Items come as GeoJSON pages in CRS84 (lon/lat); vmgeo follows the ``next``
link of each page (within the limits of :mod:`geo.fetch._http`), checks that
``numberMatched``, when the server states it, is the same on every page and
that the pages add up to it, and stores the whole collection as one GeoJSON
file in the cache.

A level and year PDOK does not publish (HTTP 404 for the collection, or a
collection without features for that year) is a :class:`NotPublishedError`,
which a caller that can do without that level (the scan without its wijken)
catches.
"""

from __future__ import annotations

import json
import logging
import tomllib
from functools import lru_cache
from importlib import resources
from typing import Any

from .. import messages
from ..errors import NotFoundError, RemoteError
from ..settings import Settings
from . import _http, _paging
from ._cache import LOCK_MARGIN, Cache, Entry, request_key

log = logging.getLogger("geo")


class NotPublishedError(NotFoundError):
    """PDOK publishes no boundaries of ``level`` for ``year`` (HTTP 404, or an empty collection).

    Attributes
    ----------
    level, year
        What was asked for.
    """

    def __init__(self, message: str, *, level: str, year: int) -> None:
        super().__init__(message)
        self.level = level
        self.year = year


@lru_cache(maxsize=1)
def catalogue() -> dict[str, Any]:
    """The boundary catalogue (``boundaries/catalogue.toml``), levels merged with the defaults."""
    text = resources.files("geo.catalogue").joinpath("catalogue.toml").read_text(encoding="utf-8")
    raw = tomllib.loads(text)
    defaults = raw.get("defaults", {})
    return {name: {**defaults, **level, "level": name} for name, level in raw.get("levels", {}).items()}


def level_spec(level: str, year: int) -> dict[str, Any]:
    """The catalogue entry of ``level``, checked against ``year``."""
    levels = catalogue()
    if level not in levels:
        raise NotFoundError(messages.line("no_boundary_level", level=level, levels=", ".join(levels)))
    spec = levels[level]
    first, last = spec["years"]
    if not first <= year <= last:
        raise NotFoundError(messages.line("boundary_years", level=level, first=first, last=last, year=year))
    return spec


def fetch_level(level: str, year: int, *, settings: "Settings", cache: Cache, refresh: bool = False) -> Entry:
    """The GeoJSON of one boundary level and year, from the cache or from PDOK.

    Raises
    ------
    NotPublishedError
        PDOK has no such collection for ``year`` (HTTP 404), or it is empty.
    """
    spec = level_spec(level, year)
    url = spec["url"].format(pdok=settings.pdok_url, year=year)
    params = {"f": "json", "limit": str(spec["limit"]),
              **{k: str(v).format(year=year) for k, v in spec.get("params", {}).items()}}
    what = messages.line("what_boundaries", level=level, year=year)
    key = request_key("pdok", url=url, params=params)

    def download() -> tuple[bytes, dict[str, Any]]:
        try:
            features, matched = _download(url, params, what=what, settings=settings)
        except NotFoundError as exc:  # only HTTP 404 raises it here
            raise NotPublishedError(messages.line("not_published_404", what=what, level=level, year=year, url=url),
                                    level=level, year=year) from exc
        if not features:
            raise NotPublishedError(messages.line("not_published_empty", what=what, level=level, year=year, url=url),
                                    level=level, year=year)
        if matched is not None and matched != len(features):
            raise RemoteError(messages.line("features_short", what=what, matched=matched, got=len(features)))
        missing = [i for i, f in enumerate(features) if spec["code_field"] not in f["properties"]]
        if missing:
            raise RemoteError(messages.line("no_code_field", what=what, n=len(missing), field=spec["code_field"]))
        collection = {"type": "FeatureCollection", "features": features}
        data = json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        meta = {"kind": "pdok", "source": "pdok", "url": url, "params": params, "level": level, "year": year,
                "rows": len(features), "licence": spec["licence"], "attribution": spec["attribution"],
                "code_field": spec["code_field"], "name_field": spec["name_field"]}
        return data, meta

    return cache.fetch(key, "geojson", what=what, offline=settings.offline, refresh=refresh,
                       wait=settings.deadline + LOCK_MARGIN, download=download)


def _download(url: str, params: dict[str, str], *, what: str,
              settings: "Settings") -> tuple[list[dict[str, Any]], int | None]:
    """Every feature of a collection, following its pages, and the ``numberMatched`` it stated."""
    features: list[dict[str, Any]] = []
    matched: list[int] = []
    check = _paging.pdok(what, url)

    def next_link(page: Any) -> str | None:
        link = check(page)
        number = page.get("numberMatched")
        if isinstance(number, int) and not isinstance(number, bool):
            matched.append(number)
        return link

    with _http.session() as sess:
        for page in _http.pages(sess, url, params=params, next_link=next_link, settings=settings, what=what,
                                address="VMGEO_PDOK_URL"):
            features.extend(page["features"])
    return features, (matched[0] if matched else None)
