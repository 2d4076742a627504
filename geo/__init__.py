"""vmgeo: hot-spot maps and area scans from the Veiligheidsmonitor and police registrations.

The package is a pipeline of small stages, each usable from a notebook::

    import geo
    gdf = geo.load_boundaries("gemeente_2023.geojson")
    table = geo.read_table("misdrijven.csv")
    joined = geo.join(gdf, table, code_column="gemeentecode")
    prepared = geo.prepare(joined, value="misdrijven", population="inwoners")
    result = geo.analyse(prepared, weights="queen", permutations=999, seed=1)
    result.frame        # one row per area: LISA and Gi* results
    result.summary      # Moran's I, counts per category, islands, unmatched codes

Heavy libraries (geopandas, esda, folium) are imported only when a stage
needs them, so ``import geo`` and ``vmgeo --help`` stay fast.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "load_boundaries": ("boundaries", "load_boundaries"),
    "read_table": ("tables", "read_table"),
    "join": ("joins", "join"),
    "prepare": ("analysis", "prepare"),
    "analyse": ("analysis", "analyse"),
    "write_outputs": ("analysis", "write_outputs"),
    "hotspot_map": ("maps", "hotspot_map"),
    "make_demo_region": ("demo", "make_region"),
}
_SUBMODULES = {"analysis", "boundaries", "categories", "demo", "errors", "joins", "maps", "settings", "stats",
               "tables", "weights"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module, attr = _LAZY[name]
        value = getattr(importlib.import_module(f".{module}", __name__), attr)
        globals()[name] = value
        return value
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'geo' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY) | _SUBMODULES)


__all__ = ["__version__", *_LAZY]
