"""Boundaries from PDOK, loaded as a file of the user's is: the face of :mod:`geo.fetch._pdok`."""

from __future__ import annotations

from dataclasses import replace

from ..boundaries import load_boundaries
from ..reports import Boundaries, BoundaryProvenance
from ..settings import Settings
from . import _pdok, _say
from ._cache import open_cache


def fetch_boundaries(level: str, year: int, *, settings: Settings | None = None,
                     refresh: bool = False) -> Boundaries:
    """Boundaries of ``level`` in ``year`` from PDOK (or the cache), loaded as :func:`geo.load_boundaries` does.

    Raises
    ------
    NotPublishedError
        PDOK publishes no boundaries of ``level`` for ``year`` (a :class:`~geo.errors.NotFoundError`).
    """
    settings, cache = open_cache(settings)
    entry = _pdok.fetch_level(level, year, settings=settings, cache=cache, refresh=refresh)
    loaded = load_boundaries(entry.path, code_column=entry.meta["code_field"], name_column=entry.meta["name_field"],
                             label=_say.line("pdok_label", level=level, year=year, file=entry.path.name))
    m = entry.meta
    provenance = BoundaryProvenance(url=m.get("url"), level=m.get("level"), year=m.get("year"),
                                    licence=m.get("licence"), attribution=m.get("attribution"),
                                    fetched_at=m.get("fetched_at"), rows=m.get("rows"), cache_file=m.get("file"),
                                    source=m.get("source", "pdok"))
    return replace(loaded, provenance=(provenance,))
