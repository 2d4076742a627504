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
in: :func:`study_squares` lays squares over a study area (of hexagons, or
the target polygons themselves), of the size :func:`density_cell` chooses,
and :func:`square_density` makes the surface on given squares from the
incidents in them. From counts per square when the points themselves are
not at hand (partitions counted file by file, or on a Dask cluster: the
target's own squares, or 100 m squares counted beside hexagons and polygons)
every incident is placed at the centre of its counted square (the ``binned``
method); that is refused below a bandwidth of :data:`BINNED_MIN_SIDES`
counted squares. An incident placed so counts as contributing to a square
only if it does wherever it lies in its counted square (within the bandwidth
less half the square's diagonal): the mask never shows a square that the
points themselves would hide, at the price of hiding some they would show.

With the periods of a space-time cube (``slots``) there is one surface per
period, all with the bandwidth of the whole cube (so that periods compare),
each masked by its own period's incidents: a column per period.
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
    CellCounts,
    Slots,
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
#: Incident-square pairs of the exact kernel held before they are summed (about 100 MB).
FLUSH_PAIRS = 4_000_000
#: The columns of a cube's density layer: one per period, ``density_`` and the period key.
PERIOD_PREFIX = "density_"
#: At most this many squares in a density surface laid over a study area (:func:`density_cell`): the smallest CBS
#: size that stays under it is used. 400,000 is the national 100 m grid of issue 18, the size at which the map's image
#: layer was measured (benchmarks/bench_bigmap.py: 5.6 MB, open in 1.6 s); a gemeente (Eindhoven, 88 km²: about
#: 9,000 squares) gets 100 m squares, the whole country (41,500 km²: 4 million at 100 m, 170,000 at 500 m) 500 m.
MAX_SQUARES = 400_000
#: Counts per square give a density only when the bandwidth is at least this many sides of the counted squares
#: (:func:`square_density`): placing each incident at its square's centre moves it up to 0.71 side, and one
#: incident's kernel then changes by up to ``1.09 * side / bandwidth`` of its peak (0.36 at three sides, the
#: steepest slope of the quartic times the move); with one or two sides the surface is little more than the
#: counts themselves (measured against the points' surface in tests/test_density_targets.py).
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
    #: A space-time cube's periods: ``frame`` then has a column per period (:func:`period_column`: the density, NaN
    #: where masked), ``density`` and ``masked`` are the last period's, and only squares shown in some period are
    #: rows (one no incident reaches and one masked look alike, as on one surface).
    periods: tuple[str, ...] = ()
    #: Squares of one surface (of each period's, in a cube).
    squares: int = 0
    #: Of a cube: the (square, period) values shown.
    shown: int = 0

    def report(self) -> dict[str, Any]:
        """The density layer for ``summary.json`` (of a cube: its squares and masked ones in the last period)."""
        record = {"cell": self.cell, "bandwidth": round(self.bandwidth, 1), "rule": self.rule, "raised": self.raised,
                  "method": self.method, "min_count": self.min_count, "squares": len(self.frame),
                  "masked": int(self.frame["masked"].sum()), "source": self.source}
        if self.periods:
            last = int((~self.frame["masked"]).sum())
            record |= {"squares": self.squares, "masked": self.squares - last, "periods": len(self.periods),
                       "period": self.periods[-1], "shown": self.shown}
        return record


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
        :func:`geo.grid.aggregate_to_grid`, or codes); every incident counts,
        also one outside them. Without it, every square to whose centre some
        incident contributes.
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
    _check_min_count(min_count)
    x, y = np.asarray(incidents.x, dtype=float), np.asarray(incidents.y, dtype=float)
    h, rule, raised = _bandwidth(x, y, None, cell=cell, side=cell, bandwidth=bandwidth, lang=lang)
    squares = _codes_of(cells, cell) if cells is not None else None
    return _layer(x, y, None, cell=cell, h=h, squares=squares, min_count=min_count, rule=rule, raised=raised)


def _codes_of(cells: Any, cell: int) -> tuple["NDArray[np.int64]", "NDArray[np.int64]"]:
    """Columns and rows of squares given as a frame with ``code`` or as codes."""
    codes = cells["code"] if hasattr(cells, "columns") else cells
    return parse_codes(np.asarray(codes, dtype=object), cell=cell)


def _check_min_count(min_count: int) -> None:
    if min_count < 1:
        raise OptionError(messages.line("density_min_count_must", min_count=min_count))


def _bandwidth(x: "NDArray[np.float64]", y: "NDArray[np.float64]", weights: "NDArray[np.int64] | None", *, cell: int,
               side: int, bandwidth: float | None, lang: str) -> tuple[float, str, bool]:
    """The bandwidth (given, or ArcGIS's rule), its rule, and whether it was raised to ``cell`` (with a warning).

    ``side``: the squares the incidents were counted in when ``weights`` are counts (their spread inside a square).
    """
    rule = "given" if bandwidth is not None else "arcgis"
    h = float(bandwidth) if bandwidth is not None else default_bandwidth(x, y, weights=weights, cell=side)
    if not (math.isfinite(h) and h > 0):
        raise OptionError(messages.line("density_bandwidth_must_positive", bandwidth=bandwidth))
    raised = h < cell
    if raised:
        message = text.get("kde_bandwidth_raised", lang=lang, bandwidth=text.number(h, 0, lang=lang), cell=cell)
        log.warning(message)
        warnings.warn(message, UserWarning, stacklevel=3)
        h = float(cell)
    return h, rule, raised


def _evaluate(x: "NDArray[np.float64]", y: "NDArray[np.float64]", weights: "NDArray[np.int64] | None", *, cell: int,
              h: float, squares: "tuple[NDArray[np.int64], NDArray[np.int64]] | None", slack: float = 0.0
              ) -> tuple["NDArray[np.float64]", "NDArray[np.int64]", "NDArray[np.int64]", "NDArray[np.int64]", bool]:
    """Density (per m²) and contributing incidents at the centres of ``squares`` (columns, rows), and whether exactly.

    Without ``squares``: at every square to which some incident contributes, in code order. ``slack``: how far
    an incident may lie from where it is placed (half a counted square's diagonal); it counts as contributing
    only when it does wherever it lies, so that the mask never shows a square the points themselves would hide.
    """
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
        dens, contrib = _exact(x, y, ix, iy, weights=weights, slack=slack, **local)  # type: ignore[arg-type]
    else:
        # Placed at the centre of its square of the surface: up to half its diagonal from where it was.
        dens, contrib = _binned(ix, iy, weights=weights, slack=max(slack, cell / math.sqrt(2)),
                                **local)  # type: ignore[arg-type]
    if squares is not None:
        cx, cy = squares
    else:
        found = np.flatnonzero(contrib > 0)
        cx, cy = found // max(nyl, 1) + jx0, found % max(nyl, 1) + jy0
        _, _, _, ny = _shape(cell)
        order = np.argsort(cx * ny + cy, kind="stable")
        cx, cy = cx[order], cy[order]
    values, counts = _take(dens, contrib, cx, cy, origin=(jx0, jy0), shape=(nxl, nyl))
    return values, counts, cx, cy, exact


def _layer(x: "NDArray[np.float64]", y: "NDArray[np.float64]", weights: "NDArray[np.int64] | None", *, cell: int,
           h: float, squares: "tuple[NDArray[np.int64], NDArray[np.int64]] | None", min_count: int, rule: str,
           raised: bool, slack: float = 0.0) -> Density:
    """One surface: every square of ``squares`` (or every one some incident reaches), masked ones included."""
    import geopandas as gpd

    values, counts, cx, cy, exact = _evaluate(x, y, weights, cell=cell, h=h, squares=squares, slack=slack)
    masked = counts < min_count
    frame = gpd.GeoDataFrame({"code": cell_codes(cx, cy, cell=cell),
                              "density": np.where(masked, np.nan, values * 1e6),  # per km²
                              "masked": masked},
                             geometry=cell_boxes(cx, cy, cell=cell), crs=ANALYSIS_CRS)
    # Square centres are incidents placed at the centre of their square, whichever way they are summed.
    method = "binned" if weights is not None or not exact else "exact"
    return Density(frame=frame, cell=cell, bandwidth=h, rule=rule, raised=raised, method=method, min_count=min_count,
                   source="points" if weights is None else "counts", squares=len(frame))


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


def study_squares(study_area: Any, *, cell: int) -> tuple["NDArray[np.int64]", "NDArray[np.int64]"]:
    """Columns and rows (code order) of the squares of ``cell`` whose interior meets the study area."""
    return cells_in(_merged(study_area), cell=check_cell(cell))


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
    return square_density(incidents, study_squares(study_area, cell=side), cell=side, bandwidth=bandwidth,
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


def square_density(source: "Incidents | CellCounts", squares: "tuple[NDArray[np.int64], NDArray[np.int64]] | None", *,
                   cell: int, slots: Slots | None = None, bandwidth: float | None = None, min_count: int = MIN_COUNT,
                   lang: str = "nl") -> Density:
    """Kernel density on given CBS squares from the incidents in them: their points, or their counts per square.

    Parameters
    ----------
    source
        Incidents (RD New: the ``exact`` surface of the points), or
        :class:`geo.grid.CellCounts` of ``cell`` or a size that divides it
        (each incident at the centre of its counted square: ``binned``).
    squares
        Columns and rows of the squares of ``cell`` to compute (e.g.
        :func:`study_squares`, or a grid's own); only incidents in them make
        the surface. ``None``: every square some incident reaches, from all.
    cell
        Side of the surface's squares: 100, 500 or 1000.
    slots
        The periods of a space-time cube (:class:`geo.grid.Slots`; incidents
        with dates, or counts with a ``cube``): one surface per period, with
        the bandwidth of all periods together, each masked by the incidents
        of its period: a column per period (:func:`period_column`), and a row
        per square shown in some period.
    bandwidth, min_count, lang
        As for :func:`kernel_density`.

    Returns
    -------
    Density

    Raises
    ------
    DataError
        Fewer than two incidents, all at one place, or from counts a bandwidth
        shorter than :data:`BINNED_MIN_SIDES` counted squares.
    """
    check_cell(cell)
    _check_min_count(min_count)
    inside = _inside(source, squares, cell=cell)
    x, y, weights, side = inside.x, inside.y, inside.weights, inside.side
    h, rule, raised = _bandwidth(x, y, weights, cell=cell, side=side, bandwidth=bandwidth, lang=lang)
    if weights is not None and h < BINNED_MIN_SIDES * side:
        raise DataError(messages.line("density_counts_too_coarse", bandwidth=text.number(h, 0, lang=lang), cell=side,
                                      sides=BINNED_MIN_SIDES))
    if slots is None:
        return _layer(x, y, weights, cell=cell, h=h, squares=squares, min_count=min_count, rule=rule, raised=raised,
                      slack=inside.slack)
    return _cube_layer(source, inside, slots, cell=cell, h=h, squares=squares, min_count=min_count, rule=rule,
                       raised=raised)


@dataclass(frozen=True)
class _Inside:
    """The incidents of a source that lie in the squares: points or square centres (``weights``: their counts)."""

    x: "NDArray[np.float64]"
    y: "NDArray[np.float64]"
    weights: "NDArray[np.int64] | None"
    side: int  # the squares the incidents were counted in (for points: the surface's)
    keep: "NDArray[np.bool_]"  # which of the source's points or counted squares

    @property
    def slack(self) -> float:
        """How far an incident may lie from where it is placed: half a counted square's diagonal, 0 for points."""
        return self.side / math.sqrt(2) if self.weights is not None else 0.0


def _in_squares(ix: "NDArray[np.int64]", iy: "NDArray[np.int64]",
                squares: "tuple[NDArray[np.int64], NDArray[np.int64]] | None", *, cell: int) -> "NDArray[np.bool_]":
    """Which squares (columns, rows of ``cell``) are among ``squares`` (all when ``None``): the one such test here."""
    if squares is None:
        return np.ones(len(ix), dtype=bool)
    ix0, iy0, _, ny = _shape(cell)
    return np.isin((ix - ix0) * ny + (iy - iy0), (squares[0] - ix0) * ny + (squares[1] - iy0))


def _counted(counts: CellCounts, cell: int) -> int:
    """How many counted squares make a side of ``cell`` (counts of 100 m make squares of 100, 500 and 1000 m)."""
    if counts.cell > cell or cell % counts.cell:
        raise OptionError(messages.line("grid_counts_squares_cannot", counts_cell=counts.cell, cell=cell))
    return cell // counts.cell


def _inside(source: "Incidents | CellCounts", squares: "tuple[NDArray[np.int64], NDArray[np.int64]] | None", *,
            cell: int) -> _Inside:
    if isinstance(source, CellCounts):
        ratio = _counted(source, cell)
        keep = _in_squares(source.ix // ratio, source.iy // ratio, squares, cell=cell) & (source.count > 0)
        x = (source.ix[keep] + 0.5).astype(np.float64) * source.cell
        y = (source.iy[keep] + 0.5).astype(np.float64) * source.cell
        return _Inside(x=x, y=y, weights=np.asarray(source.count[keep], dtype=np.int64), side=source.cell, keep=keep)
    x, y = np.asarray(source.x, dtype=float), np.asarray(source.y, dtype=float)
    keep = _in_squares(*cell_index(x, y, cell=cell), squares, cell=cell)
    return _Inside(x=x[keep], y=y[keep], weights=None, side=cell, keep=keep)


def _periods_of(source: "Incidents | CellCounts", inside: _Inside, slots: Slots,
                squares: "tuple[NDArray[np.int64], NDArray[np.int64]] | None", *, cell: int
                ) -> tuple[list[str], "NDArray[np.float64]", "NDArray[np.float64]", "NDArray[np.int64] | None",
                           "NDArray[np.int64]"]:
    """The cube's periods, and every (incident in the squares, period) pair: x, y, weights and period index.

    The periods span every incident of the source (also those outside the
    squares), as :func:`geo.grid.cube_frame` spans them.
    """
    if isinstance(source, CellCounts):
        if source.cube is None:
            raise OptionError(messages.line("grid_slots_need_dates"))
        cix, ciy, slot, count = source.cube
        if not len(slot) and slots.per is not None:
            raise DataError(messages.line("grid_no_incident_for_periods"))
        first, labels = slots.labels(slot)
        ratio = _counted(source, cell)
        keep = _in_squares(cix // ratio, ciy // ratio, squares, cell=cell) & (count > 0)
        x = (cix[keep] + 0.5).astype(np.float64) * source.cell
        y = (ciy[keep] + 0.5).astype(np.float64) * source.cell
        return labels, x, y, np.asarray(count[keep], dtype=np.int64), slot[keep] - first
    if source.dates is None:
        raise OptionError(messages.line("grid_slots_need_dates"))
    splits = slots.split(source.dates)
    every = np.concatenate([s if t is None else s[t] for s, t in splits])
    if not len(every) and slots.per is not None:
        raise DataError(messages.line("grid_no_incident_for_periods"))
    first, labels = slots.labels(every)
    rows, period = [], []
    for s, taken in splits:
        chosen = inside.keep if taken is None else inside.keep & taken
        rows.append(np.flatnonzero(chosen))
        period.append(s[chosen] - first)
    at = np.concatenate(rows)
    x, y = np.asarray(source.x, dtype=float)[at], np.asarray(source.y, dtype=float)[at]
    return labels, x, y, None, np.concatenate(period)


def _cube_layer(source: "Incidents | CellCounts", inside: _Inside, slots: Slots, *, cell: int, h: float,
                squares: "tuple[NDArray[np.int64], NDArray[np.int64]] | None", min_count: int, rule: str,
                raised: bool) -> Density:
    """One surface per period of a cube, with one bandwidth: a column per period, a row per square shown in one.

    One row per square, not per square and period: a cube of 144 months over 400,000 squares of 100 m showed
    21.7 million (square, month) values (benchmarks/bench_density_cube.py); as rows with a polygon each they took
    2.5 GB, as a column per month 0.2 GB. Squares shown in no period are left out (they read as masked).
    """
    import geopandas as gpd

    labels, x, y, weights, period = _periods_of(source, inside, slots, squares, cell=cell)
    order = np.argsort(period, kind="stable")
    bounds = np.searchsorted(period[order], np.arange(len(labels) + 1))
    found: list[tuple[NDArray[np.int64], NDArray[np.float32]]] = []
    exact = True
    ix0, iy0, _, ny = _shape(cell)
    for j in range(len(labels)):
        at = order[bounds[j]:bounds[j + 1]]
        values, counts, cx, cy, was_exact = _evaluate(x[at], y[at], weights[at] if weights is not None else None,
                                                      cell=cell, h=h, squares=squares, slack=inside.slack)
        exact = exact and was_exact
        shown = counts >= min_count
        # Per km², as float32: seven digits, where the map shows one decimal.
        found.append(((cx[shown] - ix0) * ny + (cy[shown] - iy0), (values[shown] * 1e6).astype(np.float32)))
    flat = np.unique(np.concatenate([f[0] for f in found]))
    table = np.full((len(flat), len(labels)), np.nan, dtype=np.float32)
    for j, (keys, shown_values) in enumerate(found):
        table[np.searchsorted(flat, keys), j] = shown_values
    found.clear()
    sx, sy = flat // ny + ix0, flat % ny + iy0
    last = np.asarray(table[:, -1] if len(labels) else np.full(len(flat), np.nan), dtype=np.float64)
    columns: dict[str, Any] = {"code": cell_codes(sx, sy, cell=cell), "density": last, "masked": ~np.isfinite(last)}
    columns |= {period_column(key): table[:, j] for j, key in enumerate(labels)}
    frame = gpd.GeoDataFrame(columns, geometry=cell_boxes(sx, sy, cell=cell), crs=ANALYSIS_CRS)
    every = len(squares[0]) if squares is not None else len(flat)
    return Density(frame=frame, cell=cell, bandwidth=h, rule=rule, raised=raised,
                   method="binned" if weights is not None or not exact else "exact", min_count=min_count,
                   source="points" if weights is None else "counts", periods=tuple(labels), squares=every,
                   shown=int(np.isfinite(table).sum()))


def period_column(key: str) -> str:
    """The column of a cube's density layer holding period ``key``'s surface: ``density_2023MM01``."""
    return f"{PERIOD_PREFIX}{key}"


def period_columns(frame: Any) -> list[str]:
    """The period columns of a density frame, in the cube's order (none for one surface)."""
    return [str(c) for c in frame.columns if str(c).startswith(PERIOD_PREFIX)]


def counted_density(counts: Any, *, cell: int, bandwidth: float | None = None, min_count: int = MIN_COUNT,
                    lang: str = "nl") -> Density:
    """Kernel density from incidents counted per square (no points): each incident at its square's centre.

    For exports counted file by file or on a Dask cluster, where only the
    counts per square (:class:`geo.grid.CellCounts`, or an aggregation's
    frame) come back: :func:`square_density` of the counts. The default
    bandwidth is ArcGIS's rule on the square centres weighted by their
    counts, with the spread inside a square added (:func:`default_bandwidth`).

    Parameters
    ----------
    counts
        A frame with ``code`` and ``count`` of squares of ``cell`` (e.g.
        :attr:`geo.grid.Aggregation.frame`, zeros kept: those squares are the
        ones returned), or a :class:`geo.grid.CellCounts` of ``cell`` or a size
        that divides it (the squares some incident reaches are returned).
    cell
        The surface's squares (100, 500 or 1000).
    bandwidth, min_count, lang
        As for :func:`kernel_density`.

    Returns
    -------
    Density
        ``method`` ``binned``, ``source`` ``counts``.

    Raises
    ------
    DataError
        Fewer than two incidents, all in one square, or a bandwidth shorter than :data:`BINNED_MIN_SIDES` counted
        squares.
    """
    check_cell(cell)
    if hasattr(counts, "columns"):
        ix, iy = parse_codes(np.asarray(counts["code"], dtype=object), cell=cell)
        source = CellCounts(cell=cell, ix=ix, iy=iy, count=np.asarray(counts["count"], dtype=np.int64))
        return square_density(source, (ix, iy), cell=cell, bandwidth=bandwidth, min_count=min_count, lang=lang)
    return square_density(counts, None, cell=cell, bandwidth=bandwidth, min_count=min_count, lang=lang)


def _exact(x: "NDArray[np.float64]", y: "NDArray[np.float64]", ix: "NDArray[np.int64]", iy: "NDArray[np.int64]", *,
           h: float, cell: int, k: int, origin: tuple[int, int], shape: tuple[int, int],
           weights: "NDArray[np.int64] | None" = None, slack: float = 0.0
           ) -> tuple["NDArray[np.float64]", "NDArray[np.int64]"]:
    """Density (per m²) and contributing incidents at every square centre of the local grid, exactly.

    ``weights``: each point stands for that many incidents (square centres of counts). ``slack``: they count as
    contributing only within ``h - slack`` (see :func:`_evaluate`).
    """
    jx0, jy0 = origin
    size = shape[0] * shape[1]
    dens = np.zeros(size)
    contrib = np.zeros(size, dtype=np.int64)
    h2 = h * h
    sure2 = max(h - slack, 0.0) ** 2
    # Pairs are summed FLUSH_PAIRS at a time, not one offset at a time: a bincount over the whole local grid per
    # offset made a month of a cube cost its grid's size times (2k + 1)², whatever its few incidents.
    pending: list[tuple[NDArray[np.int64], NDArray[np.float64], NDArray[np.int64] | None]] = []
    held = 0
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
            many = weights[near] if weights is not None else None
            counted = many
            if slack > 0:
                counted = (d2[near] < sure2) * (many if many is not None else 1)
            pending.append((flat, weight if many is None else weight * many, counted))
            held += len(flat)
            if held >= FLUSH_PAIRS:
                _flush(pending, dens, contrib)
                held = 0
    _flush(pending, dens, contrib)
    return dens, contrib


def _flush(pending: list[tuple["NDArray[np.int64]", "NDArray[np.float64]", "NDArray[np.int64] | None"]],
           dens: "NDArray[np.float64]", contrib: "NDArray[np.int64]") -> None:
    """Add the held (square, kernel value, incidents) pairs to the sums, and let go of them."""
    if not pending:
        return
    flat = np.concatenate([p[0] for p in pending])
    dens += np.bincount(flat, np.concatenate([p[1] for p in pending]), minlength=len(dens))
    if pending[0][2] is None:
        contrib += np.bincount(flat, minlength=len(contrib))
    else:
        contrib += np.rint(np.bincount(flat, np.concatenate([p[2] for p in pending]),
                                       minlength=len(contrib))).astype(np.int64)
    pending.clear()


def _binned(ix: "NDArray[np.int64]", iy: "NDArray[np.int64]", *, h: float, cell: int, k: int, origin: tuple[int, int],
            shape: tuple[int, int], weights: "NDArray[np.int64] | None" = None, slack: float = 0.0
            ) -> tuple["NDArray[np.float64]", "NDArray[np.int64]"]:
    """As :func:`_exact`, with each incident at the centre of its square (FFT convolution; for large inputs).

    An incident counts as contributing only within ``h - slack`` of a centre, wherever it lay in its square.
    """
    from scipy.signal import fftconvolve

    jx0, jy0 = origin
    counts = np.bincount((ix - jx0) * shape[1] + (iy - jy0), weights,
                         minlength=shape[0] * shape[1]).reshape(shape)
    offsets = np.arange(-k, k + 1) * float(cell)
    distance = np.hypot(offsets[:, None], offsets[None, :])
    kernel = quartic(distance, h)
    reach = (distance < h - slack).astype(float)
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


__all__ = ["BINNED_MIN_SIDES", "MAX_SQUARES", "MIN_COUNT", "PERIOD_PREFIX", "Density", "counted_density",
           "default_bandwidth", "density_cell", "kernel_density", "period_column", "period_columns", "quartic",
           "square_density", "study_density", "study_squares"]
