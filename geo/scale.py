"""``--scale auto``: the choices ArcGIS Pro's Optimized Hot Spot Analysis makes, made here and recorded.

Optimized Hot Spot Analysis (OHSA) looks at the incidents before it runs
Gi*: it drops locational outliers, aggregates the incidents to a grid whose
cell size it derives from the points, picks the scale of analysis (a
distance band) at the first peak of incremental spatial autocorrelation,
falls back to a number of nearest neighbours when there is no peak, and
applies the False Discovery Rate correction. vmgeo does the same in two
steps around the aggregation:

* :func:`auto` (before aggregating): locational outliers and the cell size,
  snapped to the CBS squares (100, 500, 1000 m) vmgeo counts on, unless the
  user gave ``--grid``;
* :func:`distance_band` (after aggregating): the band, or ``knn:K``.

Every choice is a step ``{"choice", "value", "why"}`` (``report()`` puts
them in summary.json) and a line for the terminal in the reader's language
(``lines(lang)``, strings in :mod:`geo.text`). Nothing here draws a random
number or depends on the number of workers: the same incidents give the
same choices on any machine.

What vmgeo implements, where OHSA's documentation leaves room:

* Outliers: an incident whose distance to its nearest *non-coincident*
  neighbour exceeds the mean of those distances by more than three standard
  deviations (coincident incidents, the same address twice, are one
  location and do not make each other's nearest neighbour).
* Cell size: the mean nearest-neighbour distance of the incidents that are
  left, snapped to the nearest CBS size on a logarithmic scale (below 224 m
  100 m, below 707 m 500 m, else 1000 m): the distance at which incidents
  stand apart is the finest scale at which squares still hold them.
* Hexagons (``--hex``, OHSA's hexagon grid): without a resolution, the H3
  resolution whose mean hexagon area is nearest, on a logarithmic scale, to
  the square of that distance (OHSA's cell before vmgeo snaps it to the CBS
  sizes, which hexagons do not have), never finer than a 100 m square (as
  squares are not: resolution 10); coarser while the study area would
  hold more than :data:`MAX_SQUARES` hexagons. A resolution given is kept.
* Any number of files, in any order, on any number of workers: the
  distances are those of the distinct places (sorted), each weighted by the
  incidents there, so the mean and the limit do not depend on the order the
  incidents were read in. Files counted piecewise read only their
  coordinates for this (:func:`geo.incidents.read_coordinates`), and leave
  the outliers' places out while counting (``ReadOptions.exclude``).
* Bands: ten, from the distance at which every area has a neighbour (the
  largest nearest-neighbour distance between area centroids) in steps of
  the mean nearest-neighbour distance (one cell on a full grid). Moran's I
  with binary weights (as Gi* uses them) and its z-score under
  randomisation, as esda's ``Moran(..., transformation="B").z_rand``.
  ArcGIS row-standardises by default; on a grid the two differ only at the
  edge of the study area, and binary weights let every band be summed in
  one pass.
* The first peak: the first band whose z is above both neighbouring bands'
  (the last band is no peak: the curve may still rise) and significant
  (z above 1.96, the default alpha of 0.05); a peak of clustering that is not significant is no scale of
  clustering.
* No peak: ``knn:K`` with K = 5% of the areas, at least 3 and at most 30.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field
from statistics import NormalDist
from typing import TYPE_CHECKING, Any

import numpy as np

from . import messages, text
from .errors import AnalysisError, ColumnError, OptionError
from .grid import CELL_SIZES, check_cell
from .incidents import Coordinates, IncidentFiles, Incidents
from .settings import DEFAULT_ALPHA

if TYPE_CHECKING:
    import geopandas as gpd
    from numpy.typing import NDArray

log = logging.getLogger("geo")

#: An incident farther than this many standard deviations above the mean nearest-neighbour distance is an outlier.
OUTLIER_SD = 3.0
#: OHSA needs at least this many incidents (after the outliers) to say anything about their pattern.
MIN_INCIDENTS = 60
#: Distance bands of the incremental spatial autocorrelation.
BANDS = 10
#: A peak must be significant clustering (two-sided normal, at the default alpha) to be a scale of clustering.
PEAK_Z = NormalDist().inv_cdf(1 - DEFAULT_ALPHA / 2)
#: At most this many squares when --scale auto picks the size: beyond it the next CBS size up is taken (the
#: 400,000 squares of 100 m the issue measured took 133-147 s and 3.1 GB with the default weights).
MAX_SQUARES = 150_000
#: The fallback's neighbours: this share of the areas, within KNN_RANGE.
KNN_SHARE = 0.05
KNN_RANGE = (3, 30)


@dataclass(frozen=True)
class ScaleChoice:
    """What :func:`auto` chose before the aggregation.

    ``cell`` is the square size to count on; ``keep`` is a mask over the
    incidents (false for locational outliers); ``steps`` records every choice
    as ``{"choice", "value", "why"}``.
    """

    cell: int | None
    keep: "NDArray[np.bool_]"
    outliers: int
    steps: list[dict[str, Any]]
    _lines: list[tuple[str, dict[str, Any]]] = field(default_factory=list, repr=False)
    #: The H3 resolution to count on (``--hex``); ``cell`` is then ``None``.
    resolution: int | None = None
    #: The places of the outliers (``x + 1j * y``, sorted): never reported, only used to leave them out of files.
    places: "NDArray[np.complex128]" = field(default_factory=lambda: np.zeros(0, dtype=np.complex128), repr=False)

    def report(self) -> dict[str, Any]:
        """The choices for ``summary.json`` (no coordinate of an incident)."""
        out = {"cell": self.cell, "outliers": self.outliers, "kept": int(self.keep.sum()),
               "steps": [dict(s) for s in self.steps]}
        return out | ({"resolution": self.resolution} if self.resolution is not None else {})

    def kept(self, incidents: Incidents) -> Incidents:
        """``incidents`` without the locational outliers (the rows keep their numbers)."""
        from dataclasses import replace

        if len(incidents) != len(self.keep):
            raise AnalysisError(messages.line("scale_mask_other_incidents", n=len(incidents), m=len(self.keep)))
        k = self.keep
        # Counted as files count them (filtered["outlier"]), so summary.json says the same however they were read.
        # Only when there are any: files excluding no place count no "outlier" key either (summary.json alike).
        left_out = int(len(k) - np.count_nonzero(k))
        filtered = dict(incidents.filtered) | ({"outlier": left_out} if left_out else {})
        return replace(incidents, x=incidents.x[k], y=incidents.y[k], rows=incidents.rows[k],
                       dates=None if incidents.dates is None else incidents.dates[k],
                       types=None if incidents.types is None else incidents.types[k], filtered=filtered)

    def kept_files(self, files: IncidentFiles) -> IncidentFiles:
        """``files`` that leave the outliers' places out as they are read (on a worker too), as :meth:`kept` does.

        An outlier is a place, not a row (coincident incidents share their distance), so leaving its place out
        of every file leaves out exactly the incidents :meth:`kept` leaves out of the same incidents read at once.
        """
        from dataclasses import replace

        if not len(self.places):
            return files
        return replace(files, options=replace(files.options, exclude=tuple(complex(p) for p in self.places)))

    def lines(self, *, lang: str = "nl") -> list[str]:
        """One line per choice, in ``lang``."""
        return [text.get(key, lang=lang, **_numbers(fields, lang)) for key, fields in self._lines]


@dataclass(frozen=True)
class BandChoice:
    """What :func:`distance_band` chose after the aggregation.

    ``weights`` is a ``--weights`` value (``distance:1500`` or ``knn:8``);
    ``band`` the band in metres (``None`` for the kNN fallback); ``profile``
    the incremental spatial autocorrelation, one dict per band.
    """

    weights: str
    band: float | None
    steps: list[dict[str, Any]]
    profile: list[dict[str, float]] = field(default_factory=list)
    _lines: list[tuple[str, dict[str, Any]]] = field(default_factory=list, repr=False)

    def report(self) -> dict[str, Any]:
        """The choice for ``summary.json``, with the curve it was read from."""
        return {"weights": self.weights, "band": self.band, "steps": [dict(s) for s in self.steps],
                "profile": [dict(p) for p in self.profile]}

    def lines(self, *, lang: str = "nl") -> list[str]:
        """One line per choice, in ``lang``."""
        return [text.get(key, lang=lang, **_numbers(fields, lang)) for key, fields in self._lines]


def _numbers(fields: dict[str, Any], lang: str) -> dict[str, Any]:
    """Floats written as the reader writes them (no decimals for metres, two for z and ratios)."""
    out: dict[str, Any] = {}
    for name, value in fields.items():
        if isinstance(value, float):
            out[name] = text.number(value, 2 if name in ("z", "ratio") else 3 if name == "area" else 0, lang=lang)
        elif isinstance(value, int) and not isinstance(value, bool):
            out[name] = text.number(value, 0, lang=lang)
        else:
            out[name] = value
    return out


def nearest_distances(x: "NDArray[np.float64]", y: "NDArray[np.float64]") -> "NDArray[np.float64]":
    """Each point's distance to its nearest non-coincident point (``inf`` when all points coincide)."""
    places = _Places.of(x, y)
    return places.d[places.back]


#: Places queried at a time (the KD-tree's answers for 10 million places at once would take 320 MB).
QUERY_BLOCK = 1_000_000
#: Neighbours looked at for a place whose nearest neighbour was an outlier, before a tree of the others is built.
REQUERY_K = 16


@dataclass
class _Places:
    """The distinct places of points (sorted by x, then y), each one's incidents and nearest other place.

    ``back`` gives each point its place. The nearest-neighbour distances come from one KD-tree of the places;
    without the outliers only the few places whose nearest neighbour was one are asked again.
    """

    x: "NDArray[np.float64]"
    y: "NDArray[np.float64]"
    counts: "NDArray[np.float64]"
    back: "NDArray[np.intp]"
    d: "NDArray[np.float64]"
    nn: "NDArray[np.intp]"
    tree: Any = None

    @classmethod
    def of(cls, x: "NDArray[np.float64]", y: "NDArray[np.float64]") -> "_Places":
        from scipy.spatial import cKDTree

        x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        order = np.lexsort((y, x))  # two float sorts: far faster than np.unique of 10 million (x, y) rows
        xs, ys = x[order], y[order]
        new = np.ones(len(xs), dtype=bool)
        new[1:] = (xs[1:] != xs[:-1]) | (ys[1:] != ys[:-1])
        starts = np.flatnonzero(new)
        back = np.empty(len(x), dtype=np.intp)
        back[order] = np.cumsum(new) - 1
        px, py = xs[starts], ys[starts]
        del xs, ys, order, new
        counts = np.diff(np.r_[starts, len(x)]).astype(float)
        if len(px) < 2:
            return cls(px, py, counts, back, np.full(len(px), np.inf), np.zeros(len(px), dtype=np.intp))
        tree = cKDTree(np.column_stack([px, py]))
        d, nn = np.empty(len(px)), np.empty(len(px), dtype=np.intp)
        for lo in range(0, len(px), QUERY_BLOCK):
            got, index = tree.query(tree.data[lo:lo + QUERY_BLOCK], k=2)
            d[lo:lo + QUERY_BLOCK], nn[lo:lo + QUERY_BLOCK] = got[:, 1], index[:, 1]
        return cls(px, py, counts, back, d, nn, tree)

    def without(self, far: "NDArray[np.bool_]") -> "NDArray[np.float64]":
        """The nearest-neighbour distance of every place not ``far``, the ``far`` places left out."""
        from scipy.spatial import cKDTree

        d = self.d.copy()
        # Only a place whose nearest neighbour was left out has a new one; the rest keep theirs.
        ask = np.flatnonzero(~far & far[self.nn])
        if len(ask):
            k = int(min(REQUERY_K, len(self.x)))
            got, index = self.tree.query(self.tree.data[ask], k=k)
            got, index = got.reshape(len(ask), k), index.reshape(len(ask), k)
            fine = ~far[np.minimum(index, len(self.x) - 1)] & (index != ask[:, None]) & (index < len(self.x))
            found = fine.any(axis=1)
            d[ask[found]] = got[found, fine[found].argmax(axis=1)]
            rest = ask[~found]
            if len(rest):  # all of its REQUERY_K nearest were outliers: ask a tree of the places kept
                kept = np.flatnonzero(~far)
                if len(kept) < 2:
                    d[rest] = np.inf
                else:
                    other = cKDTree(np.column_stack([self.x[kept], self.y[kept]]))
                    d[rest] = other.query(np.column_stack([self.x[rest], self.y[rest]]), k=2)[0][:, 1]
        return d[~far]


def _mean_sd(d: "NDArray[np.float64]", weights: "NDArray[np.float64]") -> tuple[float, float]:
    """Mean and standard deviation of ``d`` repeated ``weights`` times, summed in the places' (sorted) order.

    The order the incidents were read in (one file, partitions, workers) does not change a bit of either.
    """
    n = float(weights.sum())
    mean = float((d * weights).sum() / n)
    return mean, math.sqrt(float((((d - mean) ** 2) * weights).sum() / n))


def snap_cell(distance: float) -> int:
    """The CBS square size nearest to ``distance`` on a logarithmic scale."""
    return int(min(CELL_SIZES, key=lambda c: abs(math.log(max(distance, 1e-9) / c))))


def auto(incidents: "Incidents | Coordinates", *, cell: int | None = None, hexagons: bool = False,
         resolution: int | None = None, study_area: "gpd.GeoDataFrame | None" = None) -> ScaleChoice:
    """Locational outliers and the cell size, as Optimized Hot Spot Analysis chooses them.

    Parameters
    ----------
    incidents
        The incidents as read (:func:`geo.incidents.read_incidents`), or only their coordinates
        (:func:`geo.incidents.read_coordinates`, for files counted piecewise).
    cell
        The square size the user gave (``--grid``); chosen from the data when ``None``.
    hexagons
        Count in H3 hexagons (``--hex``) instead of squares: choose a resolution, not a square size.
    resolution
        With ``hexagons``: the resolution the user gave (``--hex RES``); chosen from the data when ``None``.
    study_area
        Polygons in RD New where incidents can occur: only the incidents inside set the scale
        (the others stay in ``keep``: the aggregation counts them as outside), and its area
        gives the nearest-neighbour distance expected by chance (without it, the incidents'
        bounding rectangle).

    Returns
    -------
    ScaleChoice

    Raises
    ------
    AnalysisError
        Fewer than :data:`MIN_INCIDENTS` incidents (after the outliers), or all at one place.
    OptionError
        ``hexagons`` without a resolution and without h3.
    """
    if cell is not None:
        check_cell(cell)
    n = len(incidents)
    inside = _inside(study_area, incidents.x, incidents.y)
    x, y = incidents.x[inside], incidents.y[inside]
    if len(x) < MIN_INCIDENTS:
        raise AnalysisError(messages.line("scale_too_few_incidents", n=len(x), minimum=MIN_INCIDENTS))
    steps: list[dict[str, Any]] = []
    lines: list[tuple[str, dict[str, Any]]] = []
    if study_area is not None:
        # Incidents outside the study area land on no square of it; letting them set the scale would let a
        # national export choose the squares of one gemeente.
        steps.append({"choice": "study_area", "value": len(x),
                      "why": f"{len(x)} of {n} incidents lie in the study area; only they set the scale (the "
                             f"others are counted as outside it)"})
        lines.append(("scale_study_area", {"n": len(x), "total": n}))
    places = _Places.of(x, y)
    if not np.isfinite(places.d).any():
        raise AnalysisError(messages.line("scale_one_place", n=len(x)))
    mean, sd = _mean_sd(places.d, places.counts)
    limit = mean + OUTLIER_SD * sd
    far = places.d > limit
    keep = np.ones(n, dtype=bool)
    keep[np.flatnonzero(inside)[far[places.back]]] = False
    del x, y
    outliers = int((~keep).sum())
    steps.append({"choice": "outliers", "value": outliers,
                  "why": f"{outliers} incident(s) farther than {limit:.0f} m from their nearest non-coincident "
                         f"neighbour: the mean of those distances ({mean:.0f} m) plus {OUTLIER_SD:g} standard "
                         f"deviations ({sd:.0f} m); left out, as Optimized Hot Spot Analysis does"})
    lines.append(("scale_outliers", {"n": outliers, "limit": limit, "mean": mean, "sd": sd}))
    observed, left = mean, int(places.counts[~far].sum())
    if outliers:
        log.info("--scale auto: %d locational outlier(s) beyond %.0f m left out", outliers, limit)
        if left >= MIN_INCIDENTS:
            observed = _mean_sd(places.without(far), places.counts[~far])[0]
    if left < MIN_INCIDENTS:
        raise AnalysisError(messages.line("scale_too_few_incidents", n=left, minimum=MIN_INCIDENTS))
    area = _area(study_area, places.x[~far], places.y[~far])
    outlier_places = places.x[far] + 1j * places.y[far]
    del places
    expected = 0.5 / math.sqrt(left / area) if area > 0 else float("nan")
    ratio = observed / expected if expected > 0 else float("nan")
    where = "the study area" if study_area is not None else "the incidents' bounding rectangle"
    steps.append({"choice": "pattern", "value": round(ratio, 4),
                  "why": f"mean nearest-neighbour distance {observed:.0f} m against {expected:.0f} m expected by "
                         f"chance in {area / 1e6:.1f} km² ({where}); below 1 the incidents cluster"})
    lines.append(("scale_pattern", {"observed": observed, "expected": expected, "ratio": ratio}))
    chosen: int | None = None
    chosen_resolution = None
    if hexagons:
        chosen_resolution = _hex_resolution(resolution, observed, area, steps, lines)
    else:
        chosen = _square_size(cell, observed, area, steps, lines)
    steps.append({"choice": "fdr", "value": True,
                  "why": "every area is a test of its own; the False Discovery Rate keeps the share of false hot "
                         "spots at alpha, as Optimized Hot Spot Analysis applies it"})
    lines.append(("scale_fdr_hex" if hexagons else "scale_fdr", {}))
    return ScaleChoice(cell=chosen, keep=keep, outliers=outliers, steps=steps, _lines=lines,
                       resolution=chosen_resolution, places=outlier_places)


#: H3 resolutions (0 to 15).
HEX_RESOLUTIONS = range(16)


def hex_areas() -> dict[int, float]:
    """The mean area of an H3 hexagon in m² at every resolution (h3's own table)."""
    try:
        import h3
    except ImportError:
        raise OptionError(messages.line("hex_needs_h3")) from None
    return {r: float(h3.average_hexagon_area(r, unit="m^2")) for r in HEX_RESOLUTIONS}


def hex_resolution(side: float) -> int:
    """The H3 resolution whose mean hexagon area is nearest, on a log scale, to a square of ``side`` metres."""
    areas = hex_areas()
    target = max(side, 1e-9) ** 2
    return min(areas, key=lambda r: (abs(math.log(areas[r] / target)), r))


def _hex_resolution(resolution: int | None, mean: float, area: float, steps: list[dict[str, Any]],
                    lines: list[tuple[str, dict[str, Any]]]) -> int:
    """The resolution given, or the one of :func:`hex_resolution`, coarser while the study area holds too many."""
    if resolution is not None:
        steps.append({"choice": "resolution", "value": int(resolution), "why": "given with --hex"})
        lines.append(("scale_hex_given", {"resolution": int(resolution)}))
        return int(resolution)
    areas = hex_areas()
    # Never finer than the smallest CBS square, as squares are not: a trial's 57 m chose resolution 11, 49,897
    # hexagons in Eindhoven of which 9 held five incidents or more, and a map without a single cluster.
    side = max(mean, float(min(CELL_SIZES)))
    chosen = hex_resolution(side)
    floor = f" (not finer than a square of {side:.0f} m, the smallest CBS square)" if side > mean else ""
    steps.append({"choice": "resolution", "value": chosen,
                  "why": f"the H3 resolution whose mean hexagon area ({areas[chosen] / 1e6:.4f} km²) is nearest, on a "
                         f"log scale, to a square with the mean nearest-neighbour distance ({mean:.0f} m) as its "
                         f"side{floor}: the cell Optimized Hot Spot Analysis derives, before vmgeo snaps squares (not "
                         f"hexagons) to the CBS sizes"})
    lines.append(("scale_hex_floor" if floor else "scale_hex",
                  {"resolution": chosen, "area": areas[chosen] / 1e6, "mean": mean, "side": side}))
    while chosen > 0 and area / areas[chosen] > MAX_SQUARES:
        chosen -= 1
        steps.append({"choice": "resolution", "value": chosen,
                      "why": f"the study area holds about {area / 1e6:.0f} km²: finer hexagons would be more than "
                             f"{MAX_SQUARES} ({area / areas[chosen]:.0f} at resolution {chosen}); narrow it with "
                             f"--within or give --hex RES"})
        lines.append(("scale_hex_larger", {"resolution": chosen, "km2": area / 1e6, "maximum": MAX_SQUARES}))
    return chosen


def _square_size(cell: int | None, mean: float, area: float, steps: list[dict[str, Any]],
                 lines: list[tuple[str, dict[str, Any]]]) -> int:
    """The square size given (``--grid``), or the mean nearest-neighbour distance snapped to a CBS size."""
    if cell is not None:
        steps.append({"choice": "cell", "value": int(cell), "why": "given with --grid"})
        lines.append(("scale_cell_given", {"cell": int(cell)}))
        return int(cell)
    chosen = snap_cell(mean)
    steps.append({"choice": "cell", "value": chosen,
                  "why": f"the mean nearest-neighbour distance of the incidents ({mean:.0f} m) snapped to "
                         f"the nearest CBS square size ({', '.join(map(str, CELL_SIZES))} m) on a log scale"})
    lines.append(("scale_cell", {"cell": chosen, "mean": mean}))
    return _within_reach(chosen, area, steps, lines)


def _within_reach(cell: int, area: float, steps: list[dict[str, Any]], lines: list[tuple[str, dict[str, Any]]]
                  ) -> int:
    """The next CBS square size up while the study area would hold more than :data:`MAX_SQUARES` squares.

    The national 100 m grid is millions of squares: more than one machine
    analyses with permutations (a run on all gemeenten was killed at 24 GB).
    """
    larger = [c for c in CELL_SIZES if c > cell]
    squares = area / cell ** 2
    while squares > MAX_SQUARES and larger:
        cell, squares = larger[0], area / larger[0] ** 2
        larger = larger[1:]
        steps.append({"choice": "cell", "value": cell,
                      "why": f"the study area holds about {area / 1e6:.0f} km²: smaller squares would be more "
                             f"than {MAX_SQUARES} ({squares:.0f} at {cell} m); narrow it with --within or give --grid"})
        lines.append(("scale_cell_larger", {"cell": cell, "km2": area / 1e6, "maximum": MAX_SQUARES}))
    return cell


def _inside(study_area: "gpd.GeoDataFrame | None", x: "NDArray[np.float64]", y: "NDArray[np.float64]"
            ) -> "NDArray[np.bool_]":
    """Which points lie in (or on the edge of) a polygon of the study area; all without one."""
    if study_area is None:
        return np.ones(len(x), dtype=bool)
    import shapely

    polygons = np.asarray(study_area.geometry.to_numpy(), dtype=object)
    inside = np.zeros(len(x), dtype=bool)
    if len(polygons):
        tree = shapely.STRtree(polygons)
        for lo in range(0, len(x), 1_000_000):  # the shapely points of a million incidents at a time
            hit = tree.query(shapely.points(x[lo:lo + 1_000_000], y[lo:lo + 1_000_000]), predicate="intersects")[0]
            inside[lo + hit] = True
    return inside


def _area(study_area: "gpd.GeoDataFrame | None", x: "NDArray[np.float64]", y: "NDArray[np.float64]") -> float:
    if study_area is not None and len(study_area):
        return float(study_area.geometry.area.sum())
    return float((x.max() - x.min()) * (y.max() - y.min()))


def distance_band(frame: "gpd.GeoDataFrame", *, column: str = "value") -> BandChoice:
    """The distance band at the first peak of incremental spatial autocorrelation, or ``knn:K``.

    Parameters
    ----------
    frame
        The aggregated areas (squares, hexagons or polygons) in RD New, one row each.
    column
        The analysed value (the count per square).

    Returns
    -------
    BandChoice
    """
    if column not in frame.columns:
        raise ColumnError(messages.line("scale_no_column", column=column, columns=", ".join(map(str, frame.columns))))
    values = np.asarray(frame[column], dtype=float)
    n = len(values)
    if n < 4 or not np.isfinite(values).all():
        raise AnalysisError(messages.line("scale_band_needs_areas", n=n))
    centres = frame.geometry.centroid
    x, y = centres.x.to_numpy(dtype=float), centres.y.to_numpy(dtype=float)
    bands, start, _ = _bands(x, y)
    profile = incremental_moran(x, y, values, bands)
    peak = first_peak([p["z"] for p in profile])
    end = bands[-1]
    if peak is not None:
        band = float(bands[peak])
        metres = math.ceil(band - 1e-6)
        z = profile[peak]["z"]
        steps = [{"choice": "weights", "value": f"distance:{metres}",
                  "why": f"first peak of incremental spatial autocorrelation (global Moran's I z = {z:.2f}) "
                         f"over {len(bands)} bands from {start:.0f} to {end:.0f} m"
                         + (f"; {profile[peak]['islands']:.0f} area(s) without a neighbour within it are left "
                            f"out, never hot or cold" if profile[peak]["islands"] else "")}]
        lines = [("scale_band", {"band": float(metres), "z": z, "bands": len(bands), "start": start, "end": end})]
        return BandChoice(weights=f"distance:{metres}", band=float(metres), steps=steps, profile=profile,
                          _lines=lines)
    k = int(min(max(round(KNN_SHARE * n), KNN_RANGE[0]), KNN_RANGE[1], n - 1))
    steps = [{"choice": "weights", "value": f"knn:{k}",
              "why": f"no significant peak of spatial autocorrelation over {len(bands)} bands from {start:.0f} to "
                     f"{end:.0f} m; {k} nearest neighbours ({KNN_SHARE:.0%} of {n} areas, at least "
                     f"{KNN_RANGE[0]} and at most {KNN_RANGE[1]})"}]
    lines = [("scale_knn", {"k": k, "areas": n, "bands": len(bands), "start": start, "end": end})]
    return BandChoice(weights=f"knn:{k}", band=None, steps=steps, profile=profile, _lines=lines)


def _bands(x: "NDArray[np.float64]", y: "NDArray[np.float64]") -> tuple[list[float], float, float]:
    """:data:`BANDS` distances: from the one giving every area a neighbour, in steps of the mean nearest distance.

    An area farther from every other than the mean nearest distance plus three standard deviations (a lone
    square far from the rest) sets neither the start nor the step: it would stretch every band (and the work) to its
    distance. It is an island at the bands that do not reach it, left out as every island is.
    """
    d = nearest_distances(x, y)
    if not np.isfinite(d).all():
        raise AnalysisError(messages.line("scale_band_needs_areas", n=len(x)))
    ordinary = d[d <= d.mean() + OUTLIER_SD * d.std()]
    start, step = float(ordinary.max()), float(ordinary.mean())
    return [start + i * step for i in range(BANDS)], start, step


def first_peak(z: "list[float]") -> int | None:
    """Index of the first significant peak of ``z`` (never the first or the last band), or ``None``."""
    for i in range(1, len(z) - 1):
        if z[i] > z[i - 1] and z[i] >= z[i + 1] and z[i] > PEAK_Z:
            return i
    return None


def incremental_moran(x: "NDArray[np.float64]", y: "NDArray[np.float64]", values: "NDArray[np.float64]",
                      bands: list[float]) -> list[dict[str, float]]:
    """Global Moran's I with binary distance-band weights at every band, and its z under randomisation.

    The neighbour pairs of all bands are found once (on a regular grid from the
    lattice offsets, otherwise with a KD-tree) and summed band by band, so the
    curve costs about as much as its widest band.
    """
    n = len(values)
    z = values - values.mean()
    m2 = float((z ** 2).sum())
    if m2 == 0:
        raise AnalysisError(messages.line("scale_constant_value"))
    b2 = n * float((z ** 4).sum()) / m2 ** 2
    degree = np.zeros(n)
    lag = np.zeros(n)
    profile: list[dict[str, float]] = []
    for band_index, i, j in _pairs_by_band(x, y, bands):
        degree += np.bincount(i, minlength=n) + np.bincount(j, minlength=n)
        lag += np.bincount(i, weights=z[j], minlength=n) + np.bincount(j, weights=z[i], minlength=n)
        if band_index is None:
            continue
        s0 = float(degree.sum())
        islands = float(np.count_nonzero(degree == 0))
        if s0 == 0:
            profile.append({"band": bands[band_index], "neighbours": 0.0, "islands": islands, "moran_i": math.nan,
                            "z": math.nan})
            continue
        s1, s2 = 2.0 * s0, 4.0 * float((degree ** 2).sum())
        moran = n / s0 * float((z * lag).sum()) / m2
        expected = -1.0 / (n - 1)
        variance = ((n * ((n * n - 3 * n + 3) * s1 - n * s2 + 3 * s0 ** 2)
                     - b2 * ((n * n - n) * s1 - 2 * n * s2 + 6 * s0 ** 2))
                    / ((n - 1) * (n - 2) * (n - 3) * s0 ** 2) - expected ** 2)
        zscore = (moran - expected) / math.sqrt(variance) if variance > 0 else math.nan
        profile.append({"band": float(bands[band_index]), "neighbours": s0 / n, "islands": islands, "moran_i": moran,
                        "z": zscore})
    return profile


def _pairs_by_band(x: "NDArray[np.float64]", y: "NDArray[np.float64]", bands: list[float]) -> Any:
    """Yield ``(None, i, j)`` for pairs and ``(b, empty, empty)`` when band ``b`` is complete, in band order.

    Each unordered pair of areas at most the band apart is yielded once, before the band that first holds it.
    """
    empty = np.zeros(0, dtype=np.int64)
    cell = _grid_cell(x, y)
    limit = bands[-1] * (1 + 1e-9)
    pieces = _lattice_pairs(x, y, cell, limit) if cell is not None else _tree_pairs(x, y, bands)
    b = 0
    for distance, i, j in pieces:
        while b < len(bands) and distance > bands[b] * (1 + 1e-9):
            yield b, empty, empty
            b += 1
        yield None, i, j
    while b < len(bands):
        yield b, empty, empty
        b += 1


def _grid_cell(x: "NDArray[np.float64]", y: "NDArray[np.float64]") -> float | None:
    """The cell size when the centres are those of squares on one grid, else ``None``."""
    if len(x) < 2:
        return None
    dx = np.diff(np.unique(x))
    dy = np.diff(np.unique(y))
    steps = np.concatenate([dx, dy])
    if not len(steps):
        return None
    cell = float(steps.min())
    if cell < 1.0:  # squares of a metre or less are not a grid vmgeo counts on
        return None
    for v in (x, y):
        k = v / cell - 0.5
        if not np.allclose(k, np.round(k), rtol=0.0, atol=1e-6):
            return None
    return cell


def _lattice_pairs(x: "NDArray[np.float64]", y: "NDArray[np.float64]", cell: float, limit: float) -> Any:
    """Pairs of squares by lattice offset, the offsets in order of their length (one half-plane each)."""
    ix = np.round(x / cell - 0.5).astype(np.int64)
    iy = np.round(y / cell - 0.5).astype(np.int64)
    ix -= ix.min()
    iy -= iy.min()
    height = int(iy.max()) + 1
    key = ix * height + iy
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    reach = int(limit // cell) + 1
    offsets = [(a, b) for a in range(0, reach + 1) for b in range(-reach, reach + 1)
               if (a > 0 or b > 0) and math.hypot(a, b) * cell <= limit]
    offsets.sort(key=lambda o: (math.hypot(*o), o))
    for a, b in offsets:
        tx, ty = ix + a, iy + b
        ok = (ty >= 0) & (ty < height)
        target = tx * height + ty
        pos = np.searchsorted(sorted_key, target)
        pos = np.minimum(pos, len(sorted_key) - 1)
        ok &= sorted_key[pos] == target
        i = np.flatnonzero(ok)
        yield math.hypot(a, b) * cell, i, order[pos[ok]]


def _tree_pairs(x: "NDArray[np.float64]", y: "NDArray[np.float64]", bands: list[float]) -> Any:
    """Pairs within the last band from a KD-tree, one piece per band (the pairs it adds to the one before)."""
    from scipy.spatial import cKDTree

    xy = np.column_stack([x, y])
    pairs = cKDTree(xy).query_pairs(r=bands[-1] * (1 + 1e-9), output_type="ndarray")
    d = np.hypot(*(xy[pairs[:, 0]] - xy[pairs[:, 1]]).T) if len(pairs) else np.zeros(0)
    order = np.argsort(d, kind="stable")
    pairs, d = pairs[order], d[order]
    ends = np.searchsorted(d, np.asarray(bands) * (1 + 1e-9), side="right")
    lo = 0
    for band, hi in zip(bands, ends):
        yield band, pairs[lo:hi, 0], pairs[lo:hi, 1]
        lo = hi


__all__ = ["BANDS", "MIN_INCIDENTS", "OUTLIER_SD", "BandChoice", "ScaleChoice", "auto", "distance_band",
           "first_peak", "hex_resolution", "incremental_moran", "nearest_distances", "snap_cell"]
