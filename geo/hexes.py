"""Incidents counted in H3 hexagons (``--hex RES``), the hexagons drawn back in RD New.

Each incident (RD New) is projected to longitude and latitude (EPSG:4326,
as H3 needs) and given the H3 cell of ``resolution`` that holds it
(``h3.latlng_to_cell``); cells are counted. A hexagon's geometry is its H3
boundary (six vertices, seven on the few pentagon-adjacent distortions)
projected back to RD New; at the resolutions an analyst uses (7 to 10, edges
of 1.2 km to 66 m) the straight RD edge lies within millimetres of H3's.

With a study area (polygons in RD New, as for :func:`geo.grid.grid_aggregation`),
every hexagon whose interior meets it is present, those without incidents as
0: the same rule as for squares, so that no incident inside the study area
lands in a hexagon that is left out (H3's own ``polygon_to_cells`` keeps only
hexagons whose centre lies inside, and would drop the incidents of border
hexagons). Candidates are the hexagons H3 finds by centre, and the hexagons
around points along the area's border (every third of an edge length); the
border candidates are tested exactly with shapely. Incidents in hexagons
outside the study area are counted as ``outside`` and logged.

Files of one export (a folder of partitions) are counted file by file, on a
Dask cluster with ``scheduler=`` (:func:`geo.grid.count_files`), also per
period of a space-time cube (``slots=``), with the counts of the whole file,
and with ``squares=True`` per 100 m CBS square as well (for a density layer).

The ``h3`` package is optional (``pip install 'vmgeo[hex]'``) and imported
only here, when hexagons are asked for.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from . import messages, text
from .errors import DataError, OptionError
from .grid import Aggregation, Slots, count_files, cube_frame, density_squares, square_counts, study_polygons
from .incidents import IncidentFiles, Incidents
from .settings import ANALYSIS_CRS, WEB_CRS

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd
    from numpy.typing import NDArray

log = logging.getLogger("geo")

#: H3's resolutions: 0 (continents) to 15 (about 1 m²).
RESOLUTIONS = range(0, 16)
#: Border points per hexagon edge length when looking for the hexagons a study area meets.
BORDER_STEPS = 3


@dataclass(frozen=True)
class HexAggregation(Aggregation):
    """An :class:`~geo.grid.Aggregation` of H3 hexagons (``target="hex"``, ``cell=None``), with its resolution."""

    resolution: int = 9

    def report(self) -> dict[str, Any]:
        """The aggregation for ``summary.json``, with the H3 resolution."""
        return {**super().report(), "resolution": self.resolution}


def h3_module() -> Any:
    """The h3 package, or one line saying ``--hex`` needs it."""
    try:
        import h3
    except ImportError:
        raise OptionError(messages.line("hex_needs_h3")) from None
    return h3



def check_resolution(resolution: object) -> int:
    """``resolution`` when it is a whole number from 0 to 15; an OptionError naming it otherwise."""
    if isinstance(resolution, bool) or not isinstance(resolution, (int, np.integer)) or resolution not in RESOLUTIONS:
        raise OptionError(messages.line("hex_resolution", resolution=resolution))
    return int(resolution)


def hex_aggregation(source: "Incidents | IncidentFiles", *, resolution: int,
                    study_area: "gpd.GeoDataFrame | None" = None, scheduler: Any = None,
                    slots: Slots | None = None, squares: bool = False) -> HexAggregation:
    """Count incidents per H3 hexagon of ``resolution``, zeros kept for hexagons meeting the study area.

    Parameters
    ----------
    source
        Incidents read with :func:`geo.incidents.read_incidents` (RD New), or
        files of one export (:func:`geo.incidents.incident_files`), counted
        file by file.
    resolution
        H3 resolution, 0 to 15 (9: hexagons of about 0.1 km², edges of about 200 m).
    study_area
        Polygons (a GeoDataFrame or GeoSeries in any CRS, or shapely polygons in
        RD New); every hexagon whose interior meets them is present.
    scheduler
        Only with files: a Dask scheduler's address or Client; each file is
        counted by a worker (see :func:`geo.grid.count_files`).
    slots
        The periods of a space-time cube (:class:`geo.grid.Slots`): the
        aggregation then also holds the counts of every hexagon in every
        period (``cube``).
    squares
        Count the incidents per 100 m CBS square as well, in the same pass
        (``squares``: a density layer when the points stay in their files).

    Returns
    -------
    HexAggregation
        ``frame``: ``code`` (the H3 index), ``count``, ``geometry`` (RD New),
        sorted by code; ``counted``, ``outside`` and what was read.

    Raises
    ------
    OptionError
        ``resolution`` is not an H3 resolution, or h3 is not installed.
    DataError
        The study area is not polygons.
    """
    import geopandas as gpd

    resolution = check_resolution(resolution)
    if not isinstance(source, (Incidents, IncidentFiles)):
        raise DataError(messages.line("grid_count_incidents_read"))
    h3 = h3_module()
    # Indexes as 64-bit integers while counting (sorting a million strings costs seconds); text only per hexagon.
    tally = count_files(source, _Hexes(resolution), slots=slots, scheduler=scheduler,
                        squares=density_squares(squares))
    index, count = tally.keys, tally.count
    codes = np.array([h3.int_to_str(int(i)) for i in index], dtype=object)
    outside = 0
    if study_area is not None:
        wanted = hexes_in(study_area, resolution=resolution)
        inside = np.isin(codes, wanted)
        outside = int(count[~inside].sum())
        full = dict.fromkeys(wanted.tolist(), 0)
        full.update(zip(codes[inside].tolist(), count[inside].tolist(), strict=True))
        codes = np.array(sorted(full), dtype=object)
        count = np.array([full[c] for c in codes], dtype=np.int64)
        if outside:
            log.warning(text.Say("w_grid_outside_area", n=text.Count(outside)))
    frame = gpd.GeoDataFrame({"code": np.asarray(codes, dtype=object), "count": np.asarray(count, dtype=np.int64)},
                             geometry=hex_polygons(codes), crs=ANALYSIS_CRS)
    cube: "pd.DataFrame | None" = None
    labels: tuple[str, ...] = ()
    if slots is not None:
        keys = np.array([h3.str_to_int(c) for c in codes], dtype=np.uint64).view(np.int64)
        cube, labels = cube_frame(tally, slots, keys, codes)
    return HexAggregation(frame=frame, target="hex", cell=None, counted=int(frame["count"].sum()), outside=outside,
                          read=tally.read, dropped=dict(tally.dropped), filtered=dict(tally.filtered),
                          cube=cube, periods=labels, files=tally.files, resolution=resolution,
                          squares=square_counts(tally))


class _Hexes:
    """Places points (RD New) in the H3 cells of ``resolution``: the cell's 64-bit index as a signed key."""

    key_range: int | None = None

    def __init__(self, resolution: int) -> None:
        self.resolution = resolution

    def place(self, x: "NDArray[np.float64]", y: "NDArray[np.float64]") -> "NDArray[np.int64]":
        # H3 leaves the highest bit of an index 0: as int64 the keys keep their order, and -1 stays free.
        return _cell_ints(h3_module(), x, y, self.resolution).view(np.int64)


def _to_lonlat(x: "NDArray[np.float64]", y: "NDArray[np.float64]") -> tuple["NDArray[np.float64]",
                                                                          "NDArray[np.float64]"]:
    from pyproj import Transformer

    lon, lat = Transformer.from_crs(ANALYSIS_CRS, WEB_CRS, always_xy=True).transform(np.asarray(x, dtype=float),
                                                                                    np.asarray(y, dtype=float))
    return np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)


def _cell_ints(h3: Any, x: "NDArray[np.float64]", y: "NDArray[np.float64]", resolution: int
               ) -> "NDArray[np.uint64]":
    """The H3 cell of each point (RD New), as H3's 64-bit integer index."""
    from itertools import repeat

    from h3.api import basic_int

    lon, lat = _to_lonlat(x, y)
    return np.fromiter(map(basic_int.latlng_to_cell, lat.tolist(), lon.tolist(), repeat(resolution)),
                       dtype=np.uint64, count=len(lat))


def hex_polygons(codes: "NDArray[Any] | list[str]") -> "NDArray[np.object_]":
    """The hexagons of ``codes`` as shapely polygons in RD New."""
    import shapely
    from pyproj import Transformer

    h3 = h3_module()
    boundaries = [h3.cell_to_boundary(c) for c in codes]  # (lat, lng) pairs
    if not boundaries:
        return np.array([], dtype=object)
    sizes = np.array([len(b) for b in boundaries])
    latlng = np.array([p for b in boundaries for p in b], dtype=float)
    x, y = Transformer.from_crs(WEB_CRS, ANALYSIS_CRS, always_xy=True).transform(latlng[:, 1], latlng[:, 0])
    rings = shapely.linearrings(np.column_stack([x, y]), indices=np.repeat(np.arange(len(sizes)), sizes))
    return np.asarray(shapely.polygons(rings), dtype=object)


def hexes_in(study_area: Any, *, resolution: int) -> "NDArray[np.object_]":
    """The H3 indexes (sorted) of every hexagon of ``resolution`` whose interior meets the study area."""
    import shapely

    h3 = h3_module()
    resolution = check_resolution(resolution)
    polygons = study_polygons(study_area)
    step = h3.average_hexagon_edge_length(resolution, unit="m") / BORDER_STEPS
    found: set[str] = set()
    for polygon in polygons:
        centred = _centre_cells(h3, polygon, resolution)
        found |= centred
        # Hexagons on the border: those holding a border point and their neighbours, tested exactly.
        border = shapely.get_coordinates(shapely.segmentize(polygon.boundary, step))
        near = {h3.int_to_str(int(i)) for i in np.unique(_cell_ints(h3, border[:, 0], border[:, 1], resolution))}
        candidates = sorted({n for c in near for n in h3.grid_disk(c, 1)} - centred)
        if candidates:
            shapes = hex_polygons(candidates)
            meet = shapely.intersects(polygon, shapes) & ~shapely.touches(polygon, shapes)
            found.update(c for c, m in zip(candidates, meet, strict=True) if m)
    return np.array(sorted(found), dtype=object)


def _centre_cells(h3: Any, polygon: Any, resolution: int) -> set[str]:
    """Hexagons whose centre lies in ``polygon`` (RD New), by H3's own polygon fill."""
    import shapely

    parts = shapely.get_parts(polygon)
    found: set[str] = set()
    for part in parts:
        rings = [part.exterior, *part.interiors]
        latlng = []
        for ring in rings:
            xy = shapely.get_coordinates(ring)
            lon, lat = _to_lonlat(xy[:, 0], xy[:, 1])
            latlng.append(list(zip(lat.tolist(), lon.tolist(), strict=True)))
        found.update(h3.h3shape_to_cells(h3.LatLngPoly(latlng[0], *latlng[1:]), resolution))
    return found
