"""Points per polygon by rasterising the polygons: arithmetic for most points, GEOS only near a border.

A point-in-polygon test per point (what geopandas' ``sjoin`` does, and
what :func:`geo.grid.count_in_polygons` did) costs GEOS a walk over the
polygon's edges for every point; buurt borders have hundreds of vertices.
Most points lie far from any border, and for them the answer is the same as
for the ground they stand on. So:

1. A grid of square cells (about :data:`CELL` m; coarser when the polygons
   span so much that the grid would exceed :data:`MAX_CELLS`, or
   :data:`CELLS_PER_POINT` cells per point for a small job) is laid over
   the polygons, one cell wider on each side. With fewer points than a
   quarter of the polygons' vertices no grid is built: testing every point
   then costs less than marking the borders.
2. Every cell that a polygon's boundary (outer ring, hole or part) passes
   through or comes within a hair of (:data:`EPSILON` m) is a *border* cell:
   each edge is cut into pieces of at most half a cell, and the (at most
   2 x 2) cells of each piece's slightly widened bounding box are marked.
   That marks every cell the boundary touches, and a few more.
3. The other cells are *clean*: no boundary meets their closed square, so
   each polygon holds either all of a clean cell or none of it. Clean cells
   that share a side are in the same polygons (no boundary runs between
   them), so the connected regions of clean cells (``scipy.ndimage.label``)
   each lie in one polygon, or in none. One cell centre per region is
   tested exactly, and that answer holds for the whole region.
4. A point in a clean cell (floor division of its coordinates) takes its
   region's polygon; only points in border cells (and points off the grid's
   finite range) are tested exactly, as before: a tree on the points and
   each polygon asked which points it covers (in or on it).

The counts are those of the exact test: a point on a border is counted, and
a point on the shared border of two polygons once, in the first of them
(array order). Rounding cannot move a point into a clean cell of the wrong
polygon: the cell size and origin are whole metres, so floor division errs
only for points within about 1e-11 m of a grid line, and the border cells
are widened by :data:`EPSILON` (1e-6 m), so such a point's neighbouring
clean cell is in the same polygons as the point.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import NDArray

#: Preferred side of a grid cell, in metres. Buurt borders wiggle by about as much; finer
#: cells leave fewer points to the exact test but cost memory and labelling time.
CELL = 10.0
#: At most this many cells (a byte each for the border mask, four for the region labels).
MAX_CELLS = 1 << 26
#: Cells per point when the number of points is known (a small job gets a small grid), and the fewest.
CELLS_PER_POINT = 8
MIN_CELLS = 1 << 20
#: Below this many points per polygon vertex, GEOS for every point costs less than marking the borders.
POINTS_PER_VERTEX = 0.25
#: How near a boundary (in metres) a cell still counts as a border cell.
EPSILON = 1e-6
#: Points tested exactly at once (memory of the shapely points).
POINT_BATCH = 500_000
#: Points looked up in the grid at once (memory of their cell indices).
LOOKUP_BATCH = 1 << 21
#: Boundary pieces marked at once.
EDGE_BATCH = 2_000_000


def count_in_polygons(x: "NDArray[np.float64]", y: "NDArray[np.float64]", polygons: "NDArray[np.object_]"
                      ) -> "NDArray[np.int64]":
    """Points per polygon (each point once: in the first polygon, in order, that holds it).

    The same counts as testing every point against every polygon (a point
    on a polygon's boundary is in it), with the exact test kept for the
    points near a boundary (see the module's description). To count points
    that come in chunks, build a :class:`Locator` once and call its
    :meth:`~Locator.count` per chunk.

    Parameters
    ----------
    x, y
        Coordinates of the points, in the polygons' (metric) reference system.
    polygons
        Polygons and multipolygons (shapely); missing or empty ones hold no point.

    Returns
    -------
    numpy.ndarray
        One count per polygon, in their order.
    """
    return Locator(polygons, points=len(x)).count(x, y)


def locate(x: "NDArray[np.float64]", y: "NDArray[np.float64]", polygons: "NDArray[np.object_]"
           ) -> "NDArray[np.int64]":
    """For each point the index of the first polygon that holds it (in or on it), -1 for none."""
    return Locator(polygons, points=len(x)).locate(x, y)


class Locator:
    """Polygons with their grid of border and clean cells, built once, to place points given in chunks.

    Parameters
    ----------
    polygons
        Polygons and multipolygons (shapely); missing or empty ones hold no point.
    points
        How many points will be placed, when known: the grid gets at most
        :data:`CELLS_PER_POINT` cells per point (at least :data:`MIN_CELLS`,
        at most :data:`MAX_CELLS`), and with fewer than
        :data:`POINTS_PER_VERTEX` points per polygon vertex no grid is built
        (the exact test of every point is then cheaper). ``None``: the
        largest grid.
    """

    def __init__(self, polygons: "NDArray[np.object_] | Sequence[Any]", *, points: int | None = None) -> None:
        import shapely

        self.polygons = np.asarray(polygons, dtype=object)
        present = ~(shapely.is_missing(self.polygons) | shapely.is_empty(self.polygons))
        self.grid: _Grid | None = None
        self.any = bool(present.any())
        # A point, line or collection covers no area, so "the same for the whole cell" does not hold for it:
        # then every point goes to the exact test.
        areal = self.any and bool(np.isin(shapely.get_type_id(self.polygons[present]), (3, 6)).all())
        vertices = int(shapely.get_num_coordinates(self.polygons[present]).sum()) if areal else 0
        if areal and (points is None or points >= POINTS_PER_VERTEX * vertices):
            cells = MAX_CELLS if points is None else min(MAX_CELLS, max(MIN_CELLS, CELLS_PER_POINT * points))
            self.grid = _Grid.over(self.polygons[present], cells=cells)
            self.regions, self.region_polygon = self.grid.regions(self.polygons)

    def count(self, x: "NDArray[np.float64]", y: "NDArray[np.float64]") -> "NDArray[np.int64]":
        """Points per polygon (each point once, in the first polygon holding it).

        Parameters
        ----------
        x, y
            Coordinates of the points, in the polygons' reference system.

        Returns
        -------
        numpy.ndarray
            One count per polygon, in their order; counts of chunks add up to those of the whole.
        """
        where = self.locate(x, y)
        found = where[where >= 0]
        return np.bincount(found, minlength=len(self.polygons)).astype(np.int64)

    def locate(self, x: "NDArray[np.float64]", y: "NDArray[np.float64]") -> "NDArray[np.int64]":
        """For each point the index of the first polygon that holds it (in or on it).

        Parameters
        ----------
        x, y
            Coordinates of the points, in the polygons' reference system.

        Returns
        -------
        numpy.ndarray
            A polygon index per point, -1 for a point in none of them.
        """
        x = np.asarray(x, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        where = np.full(len(x), -1, dtype=np.int64)
        if len(x) == 0 or not self.any:
            return where
        if self.grid is None:
            return exact_locate(x, y, self.polygons)
        exact: list[NDArray[np.int64]] = []
        for start in range(0, len(x), LOOKUP_BATCH):
            bx, by = x[start:start + LOOKUP_BATCH], y[start:start + LOOKUP_BATCH]
            col, row, on_grid = self.grid.cells(bx, by)
            region = np.where(on_grid, self.regions[row, col], 0)
            clean = region > 0
            where[start:start + LOOKUP_BATCH][clean] = self.region_polygon[region[clean]]
            # Off the grid is beyond every polygon's bounds (the grid has a cell to spare on each side): in
            # none. What is not a number is left to GEOS, to answer as it always has.
            exact.append(start + np.flatnonzero(~clean & (on_grid | ~(np.isfinite(bx) & np.isfinite(by)))))
        todo = np.concatenate(exact)
        if len(todo):
            where[todo] = exact_locate(x[todo], y[todo], self.polygons)
        return where


def exact_locate(x: "NDArray[np.float64]", y: "NDArray[np.float64]", polygons: "NDArray[np.object_]"
                 ) -> "NDArray[np.int64]":
    """The first polygon that covers each point, -1 for none: GEOS's test for every point."""
    import shapely

    where = np.full(len(x), -1, dtype=np.int64)
    for start in range(0, len(x), POINT_BATCH):
        points = shapely.points(x[start:start + POINT_BATCH], y[start:start + POINT_BATCH])
        # The tree on the points, each polygon prepared once and asked which points it covers (in or on it):
        # about three times faster than asking each point which polygon it lies in (as geopandas' sjoin does).
        polygon_index, point_index = shapely.STRtree(points).query(polygons, predicate="covers")
        if len(point_index) == 0:
            continue
        # A point on a shared border meets two polygons: keep the first polygon for each point.
        order = np.lexsort((polygon_index, point_index))
        point_index, polygon_index = point_index[order], polygon_index[order]
        first = np.ones(len(point_index), dtype=bool)
        first[1:] = point_index[1:] != point_index[:-1]
        where[start + point_index[first]] = polygon_index[first]
    return where


class _Grid:
    """Square cells of ``size`` m with the lower-left corner ``(x0, y0)``, ``nx`` by ``ny`` of them."""

    def __init__(self, x0: float, y0: float, size: float, nx: int, ny: int) -> None:
        self.x0, self.y0, self.size, self.nx, self.ny = x0, y0, size, nx, ny

    @classmethod
    def over(cls, polygons: "NDArray[np.object_]", *, cells: int = MAX_CELLS) -> "_Grid":
        """A grid over the polygons' bounds with a cell to spare on each side, whole metres throughout."""
        import shapely

        bounds = shapely.total_bounds(polygons)
        area = max(float(bounds[2] - bounds[0]), 1.0) * max(float(bounds[3] - bounds[1]), 1.0)
        size = max(CELL, float(math.ceil(math.sqrt(area / cells))))
        while True:
            x0 = (math.floor(bounds[0] / size) - 1) * size
            y0 = (math.floor(bounds[1] / size) - 1) * size
            nx = math.floor((bounds[2] - x0) / size) + 2
            ny = math.floor((bounds[3] - y0) / size) + 2
            if nx * ny <= 2 * cells:  # the rounding of a long, thin extent may need coarser cells still
                return cls(x0, y0, size, nx, ny)
            size *= 2

    def cells(self, x: "NDArray[np.float64]", y: "NDArray[np.float64]"
              ) -> tuple["NDArray[np.int64]", "NDArray[np.int64]", "NDArray[np.bool_]"]:
        """Column, row and whether each point lies on the grid (NaN and far points do not)."""
        with np.errstate(invalid="ignore"):
            fx = np.floor((x - self.x0) / self.size)
            fy = np.floor((y - self.y0) / self.size)
            on = (fx >= 0) & (fx < self.nx) & (fy >= 0) & (fy < self.ny)
        col = np.where(on, fx, 0).astype(np.intp)
        row = np.where(on, fy, 0).astype(np.intp)
        return col, row, on

    def border(self, polygons: "NDArray[np.object_]") -> "NDArray[np.bool_]":
        """Cells (rows x columns) that a boundary passes through or comes within :data:`EPSILON` of."""
        import shapely

        mask = np.zeros(self.ny * self.nx, dtype=bool)
        present = polygons[~(shapely.is_missing(polygons) | shapely.is_empty(polygons))]
        coords, ring = shapely.get_coordinates(shapely.get_parts(shapely.boundary(present)), return_index=True)
        x, y = np.ascontiguousarray(coords[:, 0]), np.ascontiguousarray(coords[:, 1])
        del coords
        for start in range(0, len(x), EDGE_BATCH):
            stop = min(start + EDGE_BATCH + 1, len(x))  # one vertex of overlap: the edge between two batches
            self._mark(mask, x[start:stop], y[start:stop], ring[start:stop])
        return mask.reshape(self.ny, self.nx)

    def _mark(self, mask: "NDArray[np.bool_]", x: "NDArray[np.float64]", y: "NDArray[np.float64]",
              ring: "NDArray[np.int64]") -> None:
        """Mark the cells of the edges between consecutive vertices of one ring."""
        # Each vertex's cell, a hair to the left (below) and to the right (above) of it.
        left = np.floor((x - EPSILON - self.x0) / self.size).astype(np.int64)
        right = np.floor((x + EPSILON - self.x0) / self.size).astype(np.int64)
        low = np.floor((y - EPSILON - self.y0) / self.size).astype(np.int64)
        high = np.floor((y + EPSILON - self.y0) / self.size).astype(np.int64)
        edge = np.flatnonzero(ring[1:] == ring[:-1])
        c0, c1 = np.minimum(left[edge], left[edge + 1]), np.maximum(right[edge], right[edge + 1])
        r0, r1 = np.minimum(low[edge], low[edge + 1]), np.maximum(high[edge], high[edge + 1])
        # An edge within 2 x 2 cells meets only cells of its (widened) box: mark the box.
        short = (c1 - c0 <= 1) & (r1 - r0 <= 1)
        for rows in (r0[short], r1[short]):
            for cols in (c0[short], c1[short]):
                mask[rows * self.nx + cols] = True
        long = edge[~short]
        if len(long):
            self._mark_pieces(mask, x[long], y[long], x[long + 1], y[long + 1])

    def _mark_pieces(self, mask: "NDArray[np.bool_]", ax: "NDArray[np.float64]", ay: "NDArray[np.float64]",
                     bx: "NDArray[np.float64]", by: "NDArray[np.float64]") -> None:
        """Mark long edges: cut into pieces of at most half a cell, whose widened boxes meet at most 2 x 2 cells."""
        pieces = np.maximum(1, np.ceil(np.hypot(bx - ax, by - ay) / (self.size / 2))).astype(np.int64)
        for start in range(0, len(ax), max(1, EDGE_BATCH // int(pieces.max()))):
            stop = start + max(1, EDGE_BATCH // int(pieces.max()))
            part = pieces[start:stop]
            edge = np.repeat(np.arange(len(part)), part)
            step = np.arange(len(edge)) - np.repeat(np.cumsum(part) - part, part)
            t0, t1 = step / part[edge], (step + 1) / part[edge]
            sx, sy = ax[start:stop][edge], ay[start:stop][edge]
            dx, dy = bx[start:stop][edge] - sx, by[start:stop][edge] - sy
            px0, px1, py0, py1 = sx + t0 * dx, sx + t1 * dx, sy + t0 * dy, sy + t1 * dy
            c0 = np.floor((np.minimum(px0, px1) - EPSILON - self.x0) / self.size).astype(np.int64)
            c1 = np.floor((np.maximum(px0, px1) + EPSILON - self.x0) / self.size).astype(np.int64)
            r0 = np.floor((np.minimum(py0, py1) - EPSILON - self.y0) / self.size).astype(np.int64)
            r1 = np.floor((np.maximum(py0, py1) + EPSILON - self.y0) / self.size).astype(np.int64)
            for rows in (r0, r1):
                for cols in (c0, c1):
                    mask[rows * self.nx + cols] = True

    def regions(self, polygons: "NDArray[np.object_]") -> tuple["NDArray[np.int32]", "NDArray[np.int64]"]:
        """Region of every cell (0 for border cells) and the first polygon holding each region (-1: none)."""
        from scipy import ndimage

        regions, n = ndimage.label(~self.border(polygons))
        # Any cell of a region stands for all of it: write each cell's flat position under its region.
        cell_of = np.zeros(n + 1, dtype=np.int64)
        flat = regions.ravel()
        for start in range(0, len(flat), 1 << 22):
            part = flat[start:start + (1 << 22)]
            cell_of[part] = np.arange(start, start + len(part))
        rows, cols = np.divmod(cell_of[1:], self.nx)
        centre_x = self.x0 + (cols + 0.5) * self.size
        centre_y = self.y0 + (rows + 0.5) * self.size
        region_polygon = np.full(n + 1, -1, dtype=np.int64)
        region_polygon[1:] = exact_locate(centre_x, centre_y, polygons)
        return regions, region_polygon


__all__ = ["Locator", "count_in_polygons", "exact_locate", "locate"]
