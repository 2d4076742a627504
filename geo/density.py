"""Kernel density of incidents per CBS square: ArcGIS's quartic kernel and its default bandwidth.

The density at the centre of a square is, as in ArcGIS's Kernel Density
(after Silverman 1986, eq. 4.5), the sum over incidents within the search
radius (bandwidth) ``h`` of::

    3 / (pi * h**2) * (1 - (d / h)**2)**2

(each incident's surface holds a volume of one), here per square kilometre.

Without a bandwidth, ArcGIS's default rule (since 10.2.1) is used: the mean
centre of the incidents, the median ``Dm`` of their distances to it, the
standard distance ``SD``, and::

    h = 0.9 * min(SD, sqrt(1 / ln 2) * Dm) * n ** -0.2

which keeps a few far-away incidents from making the radius too large. The
bandwidth is never below the cell size (a warning says when it was raised).
Squares to which fewer than ``min_count`` incidents contribute are masked:
their density is not shown, so that a lone incident cannot be located from
its ring.

The surface is always on CBS squares, whatever the incidents were counted
in: :func:`study_density` lays squares over a study area (of hexagons, or
the target polygons themselves), of the size :func:`density_cell` chooses.
:func:`counted_density` computes it from counts per square when the points
themselves are not at hand (partitions counted file by file, or on a Dask
cluster): every incident is then placed at the centre of its square (the
``binned`` method), which :func:`binned_error` bounds; it is refused where
that bound says the surface would mislead.
"""

from __future__ import annotations

import logging
import math
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from . import messages, text
from .errors import DataError, OptionError
from .grid import (
    CELL_SIZES,
    _shape,
    cell_boxes,
    cell_codes,
    cell_index,
    cells_in,
    check_cell,
    parse_codes,
    study_polygons,
)
from .settings import ANALYSIS_CRS

if TYPE_CHECKING:
    import geopandas as gpd
    from numpy.typing import NDArray

    from .incidents import Incidents

log = logging.getLogger("geo")

#: Default of ``min_count``: squares with fewer contributing incidents are masked.
MIN_COUNT = 5
#: Above this many incident-square pairs (or squares in the local grid), incidents are placed at the
#: centre of their square and the kernel applied by FFT convolution.
EXACT_PAIRS = 50_000_000
EXACT_SQUARES = 4_000_000
#: At most this many squares in a density surface laid over a study area (:func:`density_cell`): the smallest CBS
#: size that stays under it is used. 400,000 is the national 100 m grid of issue 18, the size at which the map's image
#: layer was measured (benchmarks/bench_bigmap.py: 5.6 MB, open in 1.6 s); a gemeente (Eindhoven, 88 km²: about
#: 9,000 squares) gets 100 m squares, the whole country (41,500 km²: 4 million at 100 m, 170,000 at 500 m) 500 m.
MAX_SQUARES = 400_000
#: Counts per square give a density only when the bandwidth is at least this many square sides
#: (:func:`counted_density`): placing each incident at its square's centre moves it up to 0.71 side, and a
#: bandwidth of one or two sides turns the surface into little more than the counts themselves
#: (:func:`binned_error`; measured on the demo's export in tests/test_density_targets.py).
BINNED_MIN_SIDES = 3


@dataclass(frozen=True)
class Density:
    """A kernel density layer: ``frame`` has ``code``, ``density`` (incidents per km², NaN where masked),
    ``masked`` and ``geometry``; the rest says how it was made."""

    frame: "gpd.GeoDataFrame"
    cell: int
    bandwidth: float
    rule: str  # "arcgis" (the default rule) or "given"
    raised: bool  # the rule gave less than the cell size, and the cell size was used
    method: str  # "exact" or "binned"
    min_count: int
    #: What the surface was computed from: ``points`` (the incidents) or ``counts`` (incidents per square).
    source: str = "points"

    def report(self) -> dict[str, Any]:
        """The density layer for ``summary.json``."""
        return {"cell": self.cell, "bandwidth": round(self.bandwidth, 1), "rule": self.rule, "raised": self.raised,
                "method": self.method, "min_count": self.min_count, "squares": len(self.frame),
                "masked": int(self.frame["masked"].sum()), "source": self.source}


def default_bandwidth(x: "NDArray[np.float64]", y: "NDArray[np.float64]", *,
                      weights: "NDArray[np.int64] | None" = None, cell: int | None = None) -> float:
    """ArcGIS's default search radius: ``0.9 * min(SD, sqrt(1/ln 2) * Dm) * n ** -0.2`` (metres).

    ``SD`` is the standard distance (the root of the mean squared distance
    to the mean centre) and ``Dm`` the median distance to the mean centre.

    With ``weights`` the points are square centres holding that many
    incidents each (:func:`counted_density`); ``cell`` (the square's side)
    then adds the spread of incidents inside a square, ``cell² / 6`` to the
    mean squared distance (uniform in the square: ``cell² / 12`` per axis,
    Sheppard's correction).

    Raises
    ------
    DataError
        With fewer than two incidents, or all at one place.
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    w = np.ones(len(x)) if weights is None else np.asarray(weights, dtype=float)
    n = round(float(w.sum()))
    if n < 2:
        raise DataError(messages.line("density_kernel_density_needs", n=n))
    dx, dy = x - np.average(x, weights=w), y - np.average(y, weights=w)
    spread = cell * cell / 6 if weights is not None and cell else 0.0
    sd = math.sqrt(float(np.average(dx * dx + dy * dy, weights=w)) + spread)
    dm = _weighted_median(np.hypot(dx, dy), w)
    h = 0.9 * min(sd, math.sqrt(1 / math.log(2)) * dm) * n ** -0.2
    if not h > 0:
        raise DataError(messages.line("density_all_incidents_lie"))
    return h


def _weighted_median(values: "NDArray[np.float64]", weights: "NDArray[np.float64]") -> float:
    """The median of ``values`` repeated ``weights`` times (``np.median`` of the repeated values, without repeating)."""
    order = np.argsort(values, kind="stable")
    v, cum = values[order], np.cumsum(weights[order])
    total = cum[-1]
    # np.median of an even count is the mean of the two middle values (ranks total/2 and total/2 + 1, from 1).
    low = v[np.searchsorted(cum, (total + 1) // 2 if total % 2 else total / 2)]
    high = v[np.searchsorted(cum, total // 2 + 1)]
    return float((low + high) / 2)


def quartic(d: "NDArray[np.float64]", h: float) -> "NDArray[np.float64]":
    """The quartic kernel per square metre at distances ``d`` for bandwidth ``h`` (zero from ``h`` on)."""
    u = np.asarray(d, dtype=float) / h
    return np.where(u < 1, 3 / (math.pi * h * h) * (1 - u * u) ** 2, 0.0)


def kernel_density(incidents: "Incidents", *, cell: int, bandwidth: float | None = None, cells: Any = None,
                   min_count: int = MIN_COUNT, lang: str = "nl") -> Density:
    """Kernel density of incidents at the centres of CBS squares.

    Parameters
    ----------
    incidents
        From :func:`geo.incidents.read_incidents` (RD New).
    cell
        Square size: 100, 500 or 1000 (metres).
    bandwidth
        Search radius in metres; ArcGIS's default rule
        (:func:`default_bandwidth`) without it. Raised to ``cell`` when
        smaller, with a warning.
    cells
        The squares to compute (a frame with ``code``, e.g. from
        :func:`geo.grid.aggregate_to_grid`); without it, every square to
        whose centre some incident contributes.
    min_count
        Squares to which fewer incidents contribute (lie within the
        bandwidth of their centre) are masked.
    lang
        Language of the warning.

    Returns
    -------
    Density
    """
    check_cell(cell)
    x, y = np.asarray(incidents.x, dtype=float), np.asarray(incidents.y, dtype=float)
    return _surface(x, y, None, cell=cell, bandwidth=bandwidth, cells=cells, min_count=min_count, lang=lang)


def _surface(x: "NDArray[np.float64]", y: "NDArray[np.float64]", weights: "NDArray[np.int64] | None", *, cell: int,
             bandwidth: float | None, cells: Any, min_count: int, lang: str) -> Density:
    """:func:`kernel_density` of points, or (``weights``) of square centres holding that many incidents each."""
    if min_count < 1:
        raise OptionError(messages.line("density_min_count_must", min_count=min_count))
    rule = "given" if bandwidth is not None else "arcgis"
    h = float(bandwidth) if bandwidth is not None else default_bandwidth(x, y, weights=weights, cell=cell)
    if not (math.isfinite(h) and h > 0):
        raise OptionError(messages.line("density_bandwidth_must_positive", bandwidth=bandwidth))
    raised = h < cell
    if raised:
        message = text.get("kde_bandwidth_raised", lang=lang, bandwidth=text.number(h, 0, lang=lang), cell=cell)
        log.warning(message)
        warnings.warn(message, UserWarning, stacklevel=3)
        h = float(cell)
    k = math.ceil(h / cell) + 1
    ix, iy = cell_index(x, y, cell=cell)
    if len(x):
        jx0, jy0 = int(ix.min()) - k, int(iy.min()) - k
        nxl, nyl = int(ix.max()) + k + 1 - jx0, int(iy.max()) + k + 1 - jy0
    else:
        jx0 = jy0 = 0
        nxl = nyl = 0
    exact = len(x) * (2 * k + 1) ** 2 <= EXACT_PAIRS and nxl * nyl <= EXACT_SQUARES
    local = dict(h=h, cell=cell, k=k, origin=(jx0, jy0), shape=(nxl, nyl))
    if exact:
        dens, contrib = _exact(x, y, ix, iy, weights=weights, **local)  # type: ignore[arg-type]
    else:
        dens, contrib = _binned(ix, iy, weights=weights, **local)  # type: ignore[arg-type]
    if cells is not None:
        codes = cells["code"] if hasattr(cells, "columns") else cells
        cx, cy = parse_codes(np.asarray(codes, dtype=object), cell=cell)
    else:
        found = np.flatnonzero(contrib > 0)
        cx, cy = found // max(nyl, 1) + jx0, found % max(nyl, 1) + jy0
        _, _, _, ny = _shape(cell)
        order = np.argsort(cx * ny + cy, kind="stable")
        cx, cy = cx[order], cy[order]
    values, counts = _take(dens, contrib, cx, cy, origin=(jx0, jy0), shape=(nxl, nyl))
    masked = counts < min_count
    import geopandas as gpd

    frame = gpd.GeoDataFrame({"code": cell_codes(cx, cy, cell=cell),
                              "density": np.where(masked, np.nan, values * 1e6),  # per km²
                              "masked": masked},
                             geometry=cell_boxes(cx, cy, cell=cell), crs=ANALYSIS_CRS)
    # Square centres are incidents placed at the centre of their square, whichever way they are summed.
    method = "binned" if weights is not None or not exact else "exact"
    return Density(frame=frame, cell=cell, bandwidth=h, rule=rule, raised=raised, method=method, min_count=min_count,
                   source="points" if weights is None else "counts")


def density_cell(study_area: Any, *, max_squares: int = MAX_SQUARES) -> int:
    """The side of the squares of a density surface over ``study_area``: the smallest CBS size that fits.

    The squares that meet the study area are estimated as its area over a
    square's area plus its perimeter over a side (a border square per side
    of border): 100 m unless that passes ``max_squares``, else 500 m, else
    1000 m (:data:`MAX_SQUARES` says why 400,000).
    """
    import shapely

    polygons = study_polygons(study_area)
    area = float(shapely.area(polygons).sum())
    perimeter = float(shapely.length(polygons).sum())
    for side in CELL_SIZES:
        if area / side**2 + perimeter / side <= max_squares:
            return int(side)
    return int(CELL_SIZES[-1])


def study_density(incidents: "Incidents", study_area: Any, *, cell: int | None = None, bandwidth: float | None = None,
                  min_count: int = MIN_COUNT, lang: str = "nl") -> Density:
    """Kernel density on the CBS squares that meet a study area, from the incidents in those squares.

    For targets that are not squares (H3 hexagons, polygons): the surface
    does not share the target's cells. Every square whose interior meets
    ``study_area`` is in the frame (as :func:`geo.grid.cells_in` finds
    them), and the incidents that lie in those squares make the surface.

    Parameters
    ----------
    incidents
        From :func:`geo.incidents.read_incidents` (RD New).
    study_area
        Polygons in RD New: the study area of hexagons, or the target polygons.
    cell
        Square size (100, 500 or 1000); :func:`density_cell` chooses without it.
    bandwidth, min_count, lang
        As for :func:`kernel_density` (the bandwidth never below ``cell``).

    Returns
    -------
    Density
    """
    side = density_cell(study_area) if cell is None else check_cell(cell)
    ix, iy = cells_in(_merged(study_area), cell=side)
    _, _, _, ny = _shape(side)
    x, y = np.asarray(incidents.x, dtype=float), np.asarray(incidents.y, dtype=float)
    px, py = cell_index(x, y, cell=side)
    inside = np.isin(px * ny + py, ix * ny + iy)
    return _surface(x[inside], y[inside], None, cell=side, bandwidth=bandwidth, cells=cell_codes(ix, iy, cell=side),
                    min_count=min_count, lang=lang)


def _merged(study_area: Any) -> Any:
    """The study area as one geometry: the same squares meet it, found in one pass instead of one per polygon.

    14,000 buurt-like polygons: 6.0 s one by one, 1.1 s merged (0.7 s of it the union); a union GEOS
    cannot make leaves the polygons as they are.
    """
    import shapely

    polygons = study_polygons(study_area)
    if len(polygons) < 2:
        return polygons
    try:
        merged = shapely.union_all(polygons)
    except shapely.errors.GEOSException:
        return polygons
    # Polygons or a multipolygon, else (a collection with lines left by a repair) the polygons as they are.
    return merged if shapely.get_type_id(merged) in (3, 6) and not shapely.is_empty(merged) else polygons


def counted_density(counts: Any, *, cell: int, bandwidth: float | None = None, min_count: int = MIN_COUNT,
                    lang: str = "nl") -> Density:
    """Kernel density from incidents counted per square (no points): each incident at its square's centre.

    For exports counted file by file or on a Dask cluster, where only the
    counts per square (:class:`geo.grid.CellCounts`, or an aggregation's
    frame) come back. The default bandwidth is ArcGIS's rule on the square
    centres weighted by their counts, with the spread inside a square added
    (:func:`default_bandwidth`); the kernel is summed from the centres, as
    :func:`kernel_density` does above :data:`EXACT_PAIRS` (``binned``).

    Parameters
    ----------
    counts
        A frame with ``code`` and ``count`` (e.g. :attr:`geo.grid.Aggregation.frame`, zeros kept: those squares
        are the ones returned), or a :class:`geo.grid.CellCounts` (the squares with incidents and their
        neighbours within the bandwidth are returned).
    cell
        The squares' size (100, 500 or 1000).
    bandwidth, min_count, lang
        As for :func:`kernel_density`.

    Returns
    -------
    Density
        ``method`` ``binned``, ``source`` ``counts``.

    Raises
    ------
    DataError
        Fewer than two incidents, all in one square, or a bandwidth shorter than :data:`BINNED_MIN_SIDES` squares
        (the error of placing incidents at centres would be most of the surface: :func:`binned_error`).
    """
    check_cell(cell)
    if hasattr(counts, "columns"):
        ix, iy = parse_codes(np.asarray(counts["code"], dtype=object), cell=cell)
        weights = np.asarray(counts["count"], dtype=np.int64)
        cells: Any = counts
    else:
        if counts.cell != cell:
            raise OptionError(messages.line("grid_counts_squares_cannot", counts_cell=counts.cell, cell=cell))
        ix, iy, weights, cells = counts.ix, counts.iy, np.asarray(counts.count, dtype=np.int64), None
    some = weights > 0
    x = (ix[some] + 0.5).astype(np.float64) * cell
    y = (iy[some] + 0.5).astype(np.float64) * cell
    h = float(bandwidth) if bandwidth is not None else default_bandwidth(x, y, weights=weights[some], cell=cell)
    if h < BINNED_MIN_SIDES * cell:
        raise DataError(messages.line("density_counts_too_coarse", bandwidth=text.number(h, 0, lang=lang), cell=cell,
                                      sides=BINNED_MIN_SIDES))
    return _surface(x, y, weights[some], cell=cell, bandwidth=h, cells=cells, min_count=min_count, lang=lang)


def binned_error(cell: int, bandwidth: float) -> float:
    """The largest change of one incident's kernel, as a share of its peak, when moved to its square's centre.

    An incident moves at most ``cell / sqrt(2)``; the quartic kernel's
    steepest slope (at ``d = h / sqrt(3)``) is ``8 / (3 sqrt 3)`` of its
    peak per bandwidth, so the change is at most ``min(1, 1.09 * cell / h)``:
    0.36 at a bandwidth of 3 squares, 0.11 at 10. A square's density sums
    many kernels whose errors partly cancel; this bounds the worst case.
    """
    slope = 8 / (3 * math.sqrt(3))  # max |d/du (1 - u²)²| over u in [0, 1], at u = 1/sqrt(3)
    return float(min(1.0, slope * cell / (math.sqrt(2) * bandwidth)))


def _exact(x: "NDArray[np.float64]", y: "NDArray[np.float64]", ix: "NDArray[np.int64]", iy: "NDArray[np.int64]", *,
           h: float, cell: int, k: int, origin: tuple[int, int], shape: tuple[int, int],
           weights: "NDArray[np.int64] | None" = None) -> tuple["NDArray[np.float64]", "NDArray[np.int64]"]:
    """Density (per m²) and contributing incidents at every square centre of the local grid, exactly.

    ``weights``: each point stands for that many incidents (square centres of counts).
    """
    jx0, jy0 = origin
    size = shape[0] * shape[1]
    dens = np.zeros(size)
    contrib = np.zeros(size, dtype=np.int64)
    h2 = h * h
    for dx in range(-k, k + 1):
        cx = (ix + dx + 0.5) * cell - x
        for dy in range(-k, k + 1):
            cy = (iy + dy + 0.5) * cell - y
            d2 = cx * cx + cy * cy
            near = d2 < h2
            if not near.any():
                continue
            flat = (ix[near] + dx - jx0) * shape[1] + (iy[near] + dy - jy0)
            weight = 3 / (math.pi * h2) * (1 - d2[near] / h2) ** 2
            if weights is None:
                dens += np.bincount(flat, weight, minlength=size)
                contrib += np.bincount(flat, minlength=size)
            else:
                dens += np.bincount(flat, weight * weights[near], minlength=size)
                contrib += np.bincount(flat, weights[near], minlength=size).astype(np.int64)
    return dens, contrib


def _binned(ix: "NDArray[np.int64]", iy: "NDArray[np.int64]", *, h: float, cell: int, k: int, origin: tuple[int, int],
            shape: tuple[int, int], weights: "NDArray[np.int64] | None" = None
            ) -> tuple["NDArray[np.float64]", "NDArray[np.int64]"]:
    """As :func:`_exact`, with each incident at the centre of its square (FFT convolution; for large inputs)."""
    from scipy.signal import fftconvolve

    jx0, jy0 = origin
    counts = np.bincount((ix - jx0) * shape[1] + (iy - jy0), weights,
                         minlength=shape[0] * shape[1]).reshape(shape)
    offsets = np.arange(-k, k + 1) * float(cell)
    distance = np.hypot(offsets[:, None], offsets[None, :])
    kernel = quartic(distance, h)
    reach = (distance < h).astype(float)
    dens = np.clip(fftconvolve(counts.astype(float), kernel, mode="same"), 0, None)
    contrib = np.rint(fftconvolve(counts.astype(float), reach, mode="same")).astype(np.int64)
    return dens.ravel(), contrib.ravel()


def _take(dens: "NDArray[np.float64]", contrib: "NDArray[np.int64]", cx: "NDArray[np.int64]", cy: "NDArray[np.int64]",
          *, origin: tuple[int, int], shape: tuple[int, int]) -> tuple["NDArray[np.float64]", "NDArray[np.int64]"]:
    jx0, jy0 = origin
    lx, ly = cx - jx0, cy - jy0
    inside = (lx >= 0) & (lx < shape[0]) & (ly >= 0) & (ly < shape[1])
    values = np.zeros(len(cx))
    counts = np.zeros(len(cx), dtype=np.int64)
    flat = lx[inside] * shape[1] + ly[inside]
    values[inside] = dens[flat]
    counts[inside] = contrib[flat]
    return values, counts


__all__ = ["BINNED_MIN_SIDES", "MAX_SQUARES", "MIN_COUNT", "Density", "binned_error", "counted_density",
           "default_bandwidth", "density_cell", "kernel_density", "quartic", "study_density"]
