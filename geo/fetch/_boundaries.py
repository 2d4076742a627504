"""Boundaries from PDOK: the downloaded file with its provenance (:func:`geo.boundaries.from_pdok` loads it)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import messages
from ..reports import BoundaryProvenance
from ..settings import Settings
from . import _pdok
from ._cache import open_cache


@dataclass(frozen=True)
class BoundaryFile:
    """A boundary collection in the cache: the GeoJSON file, its code and name fields, and where it came from."""

    path: Path
    code_column: str
    name_column: str
    label: str
    provenance: BoundaryProvenance


def boundary_file(level: str, year: int, *, settings: Settings | None = None, refresh: bool = False) -> BoundaryFile:
    """The GeoJSON of ``level`` in ``year`` from PDOK (or the cache), not yet loaded.

    Parameters
    ----------
    level
        A level of the boundary catalogue (``gemeente``, ``wijk``, ``buurt``, ``provincie``, ...).
    year
        The boundary year.
    settings
        Endpoints, cache folder, offline mode; from the environment by default.
    refresh
        Download again even when cached.

    Returns
    -------
    BoundaryFile
        The cached file, its fields and its provenance.

    Raises
    ------
    NotPublishedError
        PDOK publishes no boundaries of ``level`` for ``year`` (a :class:`~geo.errors.NotFoundError`).
    """
    settings, cache = open_cache(settings)
    entry = _pdok.fetch_level(level, year, settings=settings, cache=cache, refresh=refresh)
    m = entry.meta
    provenance = BoundaryProvenance(url=m.get("url"), level=m.get("level"), year=m.get("year"),
                                    licence=m.get("licence"), attribution=m.get("attribution"),
                                    fetched_at=m.get("fetched_at"), rows=m.get("rows"), cache_file=m.get("file"),
                                    source=m.get("source", "pdok"))
    return BoundaryFile(path=entry.path, code_column=m["code_field"], name_column=m["name_field"],
                        label=messages.line("pdok_label", level=level, year=year, file=entry.path.name),
                        provenance=provenance)
