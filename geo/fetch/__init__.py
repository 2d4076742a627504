"""Fetching figures from CBS StatLine and the police catalog, and boundaries from PDOK.

Everything downloaded lands in the cache (``VMGEO_CACHE_DIR``) with its
provenance, and is read from there on the next run; ``offline`` never
touches the network. Three ways to name figures::

    politie:47018NED/GeregistreerdeMisdrijven_1    source:table/measure
    cbs:85984NED/AantalInwoners_5
    misdrijven                                     a name from `vmgeo indicators`

This module only re-exports; the work is done in private modules, one
concern each: ``_spec`` (names and filters as a :class:`DataSpec`),
``_tables`` (a table's measure for every area, and what a table declares),
``_filters`` (which keys of each dimension to ask for), ``_request`` (the
OData request and its cache key), ``_paging`` (pages and their JSON shape),
``_frame`` (rows as a frame), ``_boundaries`` and ``_pdok`` (OGC API
Features), ``_squares`` (CBS vierkantstatistieken from PDOK), ``_odata`` (CBS
OData v3 through cbsodata), ``_http`` (time-outs, retries, limits), ``_cache``;
every line they say is in :mod:`geo.messages` (Dutch and English).
Nothing outside :mod:`geo.fetch` imports those.
"""

from __future__ import annotations

from ._boundaries import BoundaryFile, boundary_file
from ._cache import cache_entries, clear_cache
from ._filters import MARGINS
from ._pdok import NotPublishedError
from ._spec import TABLE_LEVELS, DataSpec, indicators, looks_remote, parse
from ._squares import SquareFile, square_file
from ._tables import (
    catalog_url,
    data_properties,
    dimension_codes,
    fetch_table,
    periods_of,
    search_tables,
    table_info,
    table_rows,
)

__all__ = [
    "MARGINS",
    "TABLE_LEVELS",
    "BoundaryFile",
    "DataSpec",
    "NotPublishedError",
    "SquareFile",
    "boundary_file",
    "cache_entries",
    "catalog_url",
    "clear_cache",
    "data_properties",
    "dimension_codes",
    "fetch_table",
    "indicators",
    "looks_remote",
    "parse",
    "periods_of",
    "search_tables",
    "square_file",
    "table_info",
    "table_rows",
]
