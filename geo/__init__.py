"""vmgeo: hot-spot maps and area scans from the Veiligheidsmonitor and police registrations.

The package is a pipeline of small stages, each usable from a notebook::

    import geo
    boundaries = geo.load_boundaries("gemeente_2023.geojson")
    table = geo.read_table("misdrijven.csv")
    joined = geo.join(boundaries, table, code_column="gemeentecode")
    prepared = geo.prepare(joined, value="misdrijven", population="inwoners")
    result = geo.analyse(prepared, weights="queen", permutations=999, seed=1)
    result.frame        # one row per area: LISA and Gi* results
    result.summary      # Moran's I, counts per category, islands, unmatched codes

or all of ``vmgeo hotspots`` in one call (:mod:`geo.pipeline`)::

    done = geo.run(geo.inputs.Options(data="misdrijven", period="2023", population="inwoners"), out="resultaten")

Every stage returns its frame together with a typed record of what it
found (:mod:`geo.reports`). The stages, in pipeline order: ``readers``
(files, CBS and Politie tables, each a typed ``Table``; downloads through
``fetch``), ``boundaries`` (files or PDOK levels: ``boundaries.areas``),
``tables``, ``joins``, ``crosswalk`` and ``units`` (years and police units),
``inputs`` (their composition), ``rates``, ``weights``, ``stats``,
``analysis``, ``summary``, ``outputs``, ``maps``; ``pipeline`` runs them
all, and ``cli`` parses, calls ``pipeline`` and prints.

Heavy libraries (geopandas, esda, folium) are imported only when a stage
needs them, so ``import geo`` and ``vmgeo --help`` stay fast.
"""

from __future__ import annotations

import importlib
from typing import Any

from ._version import __version__

_LAZY = {
    "load_boundaries": ("boundaries", "load_boundaries"),
    "read_table": ("tables", "read_table"),
    "join": ("joins", "join"),
    "join_by_name": ("joins", "join_by_name"),
    "prepare": ("rates", "prepare"),
    "analyse": ("analysis", "analyse"),
    "run": ("pipeline", "run"),
    "write_outputs": ("outputs", "write_outputs"),
    "hotspot_map": ("maps", "hotspot_map"),
    "make_demo_region": ("demo", "make_region"),
}
#: Every submodule a user may reach as ``geo.<name>``.
SUBMODULES = frozenset({
    "analysis", "boundaries", "categories", "cli", "crosswalk", "demo", "density", "errors", "fetch", "grid",
    "incidents", "inputs", "joins",
    "hexes", "squares", "nearrepeat", "scale",
    "levels", "maps", "messages", "outputs", "periods", "pipeline", "rates", "readers", "reports", "scan", "series",
    "settings", "stats", "summary", "tables", "terminal", "text", "trend", "trend_options", "units", "weights",
})


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module, attr = _LAZY[name]
        value = getattr(importlib.import_module(f".{module}", __name__), attr)
        globals()[name] = value
        return value
    if name in SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'geo' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY) | SUBMODULES)


__all__ = ["__version__", *_LAZY]
