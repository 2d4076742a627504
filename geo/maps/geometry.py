"""Map geometry: coverage simplification, encoded polylines, context outlines, focus.

Polygons are simplified as a coverage (``shapely.coverage_simplify``, so
neighbours stay gap-free), with a tolerance per level (:mod:`geo.levels`),
and stored once as Google encoded polylines (precision 5, about a metre).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import levels
from ..settings import ANALYSIS_CRS, WEB_CRS

if TYPE_CHECKING:
    import geopandas as gpd


def tolerance(gdf: "gpd.GeoDataFrame", *, level: str | None = None) -> float:
    """How far (metres) simplification may move a border: by level, else by typical area size.

    The level is taken from the codes when not given (all ``BU...``: buurt).
    """
    import numpy as np
    import shapely

    if level is None and "code" in gdf:
        found = levels.of_codes(gdf["code"].astype(str))
        level = found.name if found else None
    if level in levels.LEVELS:
        return levels.LEVELS[level].tolerance
    areas = shapely.area(gdf.to_crs(ANALYSIS_CRS).geometry.values)
    return float(np.clip(np.sqrt(np.median(areas)) / 60, 1.0, 200.0))


def web_geometry(gdf: "gpd.GeoDataFrame", *, level: str | None = None) -> "gpd.GeoDataFrame":
    """Simplify as a coverage, in RD New, and return the frame in EPSG:4326.

    The tolerance is :func:`tolerance`. A frame that is not a valid coverage
    is cleaned first, so that simplification cannot open gaps between
    neighbours.
    """
    import shapely

    rd = gdf.to_crs(ANALYSIS_CRS)
    geoms = rd.geometry.values
    if not shapely.coverage_is_valid(geoms):
        geoms = shapely.coverage_clean(geoms)
    simplified = shapely.coverage_simplify(geoms, tolerance(rd, level=level), simplify_boundary=True)
    return rd.set_geometry(simplified).to_crs(WEB_CRS)


def encode(geom: Any) -> list[list[str]]:
    """Polygon or MultiPolygon as lists of encoded rings (lat/lon, precision 5)."""
    import polyline
    import shapely

    polys = shapely.get_parts(geom) if geom.geom_type == "MultiPolygon" else [geom]
    out = []
    for poly in polys:
        if poly.is_empty:
            continue
        rings = [poly.exterior, *poly.interiors]
        out.append([polyline.encode([(y, x) for x, y in ring.coords], 5) for ring in rings])
    return out


def parent_outlines(web: "gpd.GeoDataFrame") -> "gpd.GeoDataFrame | None":
    """Outlines of the gemeenten that wijken or buurten belong to, from their codes.

    Built from the already simplified polygons: they form a valid coverage,
    so ``coverage_union_all`` joins each gemeente's parts exactly and fast.
    """
    import geopandas as gpd
    import shapely

    parent = web["code"].astype(str).map(levels.parent_gemeente)
    if parent.isna().any():
        return None
    parent = parent.to_numpy()
    names, geoms = [], []
    for code in sorted(set(parent)):
        parts = web.geometry.values[parent == code]
        names.append(code)
        geoms.append(shapely.coverage_union_all(parts) if shapely.coverage_is_valid(parts)
                     else shapely.union_all(parts))
    outlines = gpd.GeoDataFrame({"code": names}, geometry=geoms, crs=web.crs)
    # Context lines need no more detail than a gemeente map.
    return web_geometry(outlines, level="gemeente")


def focus(gdf: "gpd.GeoDataFrame", code: str) -> dict[str, Any]:
    """Bounds of one area with its neighbours, and its outline, for ``--focus``."""
    web = gdf.to_crs(WEB_CRS)
    target = web.loc[web["code"] == code, "geometry"].iloc[0]
    near = web[web.geometry.intersects(target.buffer(1e-6))]
    minx, miny, maxx, maxy = near.total_bounds
    return {"code": code, "bounds": [[miny, minx], [maxy, maxx]], "geom": encode(target)}
