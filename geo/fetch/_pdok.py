"""PDOK OGC API Features: boundary polygons per level and year.

Items come as GeoJSON pages in CRS84 (lon/lat); vmgeo follows the ``next``
link of each page (within the limits of :mod:`geo.fetch._http`), checks that
``numberMatched``, when the server states it, is the same on every page and
that the pages add up to it, and stores the whole collection as one GeoJSON
file in the cache.
"""

from __future__ import annotations

import json
import logging
import tomllib
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from ..errors import NotFoundError, RemoteError
from . import _http
from ._cache import LOCK_MARGIN, Cache, Entry, request_key

if TYPE_CHECKING:
    from ..settings import Settings

log = logging.getLogger("geo")


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
        raise NotFoundError(f"no boundary level {level!r} in the catalogue; levels are: {', '.join(levels)}")
    spec = levels[level]
    first, last = spec["years"]
    if not first <= year <= last:
        raise NotFoundError(f"{level} boundaries exist for {first}-{last} in the catalogue, not for {year}; "
                            "choose another --year")
    return spec


def fetch_level(level: str, year: int, *, settings: "Settings", cache: Cache, refresh: bool = False) -> Entry:
    """The GeoJSON of one boundary level and year, from the cache or from PDOK."""
    spec = level_spec(level, year)
    url = spec["url"].format(pdok=settings.pdok_url, year=year)
    params = {"f": "json", "limit": str(spec["limit"]),
              **{k: str(v).format(year=year) for k, v in spec.get("params", {}).items()}}
    what = f"{level} boundaries {year} (PDOK)"
    key = request_key("pdok", url=url, params=params)

    def download() -> tuple[bytes, dict[str, Any]]:
        features, matched = _download(url, params, what=what, settings=settings)
        if not features:
            raise NotFoundError(f"{what}: PDOK returned no features from {url} for {params}; "
                                "is the year published?")
        if matched is not None and matched != len(features):
            raise RemoteError(f"{what}: PDOK announced {matched} features but sent {len(features)}; "
                              "the download is incomplete, nothing was cached; try again later")
        missing = [i for i, f in enumerate(features) if spec["code_field"] not in (f.get("properties") or {})]
        if missing:
            raise RemoteError(f"{what}: {len(missing)} feature(s) have no {spec['code_field']!r} field; "
                              "the catalogue entry may be out of date")
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

    def next_link(page: Any) -> str | None:
        if not isinstance(page, dict) or page.get("type") != "FeatureCollection" or not isinstance(
                page.get("features"), list):
            raise RemoteError(f"{what}: a page from {url} is not a GeoJSON FeatureCollection; try again later")
        if isinstance(page.get("numberMatched"), int):
            matched.append(page["numberMatched"])
            if matched[-1] != matched[0]:
                raise RemoteError(
                    f"{what}: the number of features PDOK states for {url} changed between pages ({matched[0]} on "
                    f"the first, {matched[-1]} on page {len(matched)}): the collection was updated during the "
                    "download; nothing was cached; try again in a few minutes"
                )
        for link in page.get("links", []) or []:
            if isinstance(link, dict) and link.get("rel") == "next" and link.get("href"):
                return str(link["href"])
        return None

    with _http.session() as sess:
        for page in _http.pages(sess, url, params=params, next_link=next_link, settings=settings, what=what,
                                address="VMGEO_PDOK_URL"):
            features.extend(page["features"])
    return features, (matched[0] if matched else None)
