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
from .grid import _shape, cell_boxes, cell_codes, cell_index, check_cell, parse_codes
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

    def report(self) -> dict[str, Any]:
        """The density layer for ``summary.json``."""
        return {"cell": self.cell, "bandwidth": round(self.bandwidth, 1), "rule": self.rule, "raised": self.raised,
                "method": self.method, "min_count": self.min_count, "squares": len(self.frame),
                "masked": int(self.frame["masked"].sum())}


def default_bandwidth(x: "NDArray[np.float64]", y: "NDArray[np.float64]") -> float:
    """ArcGIS's default search radius: ``0.9 * min(SD, sqrt(1/ln 2) * Dm) * n ** -0.2`` (metres).

    ``SD`` is the standard distance (the root of the mean squared distance
    to the mean centre) and ``Dm`` the median distance to the mean centre.

    Raises
    ------
    DataError
        With fewer than two incidents, or all at one place.
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    n = len(x)
    if n < 2:
        raise DataError(messages.line("density_kernel_density_needs", n=n))
    dx, dy = x - x.mean(), y - y.mean()
    sd = math.sqrt(float(np.mean(dx * dx) + np.mean(dy * dy)))
    dm = float(np.median(np.hypot(dx, dy)))
    h = 0.9 * min(sd, math.sqrt(1 / math.log(2)) * dm) * n ** -0.2
    if not h > 0:
        raise DataError(messages.line("density_all_incidents_lie"))
    return h


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
    if min_count < 1:
        raise OptionError(messages.line("density_min_count_must", min_count=min_count))
    x, y = np.asarray(incidents.x, dtype=float), np.asarray(incidents.y, dtype=float)
    rule = "given" if bandwidth is not None else "arcgis"
    h = float(bandwidth) if bandwidth is not None else default_bandwidth(x, y)
    if not (math.isfinite(h) and h > 0):
        raise OptionError(messages.line("density_bandwidth_must_positive", bandwidth=bandwidth))
    raised = h < cell
    if raised:
        message = text.get("kde_bandwidth_raised", lang=lang, bandwidth=text.number(h, 0, lang=lang), cell=cell)
        log.warning(message)
        warnings.warn(message, UserWarning, stacklevel=2)
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
    if exact:
        dens, contrib = _exact(x, y, ix, iy, h=h, cell=cell, k=k, origin=(jx0, jy0), shape=(nxl, nyl))
    else:
        dens, contrib = _binned(ix, iy, h=h, cell=cell, k=k, origin=(jx0, jy0), shape=(nxl, nyl))
    if cells is not None:
        codes = cells["code"] if hasattr(cells, "columns") else cells
        cx, cy = parse_codes(np.asarray(codes, dtype=object), cell=cell)
    else:
        local = np.flatnonzero(contrib > 0)
        cx, cy = local // max(nyl, 1) + jx0, local % max(nyl, 1) + jy0
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
    return Density(frame=frame, cell=cell, bandwidth=h, rule=rule, raised=raised,
                   method="exact" if exact else "binned", min_count=min_count)


def _exact(x: "NDArray[np.float64]", y: "NDArray[np.float64]", ix: "NDArray[np.int64]", iy: "NDArray[np.int64]", *,
           h: float, cell: int, k: int, origin: tuple[int, int], shape: tuple[int, int]
           ) -> tuple["NDArray[np.float64]", "NDArray[np.int64]"]:
    """Density (per m²) and contributing incidents at every square centre of the local grid, exactly."""
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
            dens += np.bincount(flat, weight, minlength=size)
            contrib += np.bincount(flat, minlength=size)
    return dens, contrib


def _binned(ix: "NDArray[np.int64]", iy: "NDArray[np.int64]", *, h: float, cell: int, k: int, origin: tuple[int, int],
            shape: tuple[int, int]) -> tuple["NDArray[np.float64]", "NDArray[np.int64]"]:
    """As :func:`_exact`, with each incident at the centre of its square (FFT convolution; for large inputs)."""
    from scipy.signal import fftconvolve

    jx0, jy0 = origin
    counts = np.bincount((ix - jx0) * shape[1] + (iy - jy0), minlength=shape[0] * shape[1]).reshape(shape)
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


__all__ = ["MIN_COUNT", "Density", "default_bandwidth", "kernel_density", "quartic"]
