"""Objective against subjective safety: registered crime and feeling unsafe, side by side.

Two views. Among comparable areas, a scatter of registered crime per 1,000
inhabitants against the share who sometimes feel unsafe in their own
neighbourhood, split at the medians of the others: which quadrant the area
is in (:func:`quadrant`). Within a gemeente whose wijken have survey figures,
the bivariate local Moran (LISA) of a wijk's registered crime against the
feeling unsafe in the wijken around it (:func:`bivariate_lisa`): the same
statistic and per-area permutation inference as ``vmgeo hotspots --value2``
(:func:`geo.stats.bivariate_moran`), with its categories
(:mod:`geo.categories`, ``bv_*``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import categories as cat
from ..settings import DEFAULT_ALPHA, DEFAULT_PERMUTATIONS, DEFAULT_SEED

if TYPE_CHECKING:
    import geopandas as gpd

#: Quadrants of the scatter: (registered crime, feeling unsafe) above or below the others' medians.
HIGH_HIGH, HIGH_LOW, LOW_HIGH, LOW_LOW = "high_high", "high_low", "low_high", "low_low"
QUADRANTS = (HIGH_HIGH, HIGH_LOW, LOW_HIGH, LOW_LOW)
#: Fewest areas with both figures for a bivariate LISA.
MIN_AREAS = 5


def quadrant(x: float, y: float, others_x: Any, others_y: Any) -> tuple[str | None, float, float]:
    """The quadrant of (x, y) against the medians of the others, and those medians.

    Above the median means strictly above; ``None`` when a figure is missing.
    """
    import math

    import numpy as np

    ox = np.asarray(others_x, dtype=float)
    oy = np.asarray(others_y, dtype=float)
    keep = np.isfinite(ox) & np.isfinite(oy)
    if not keep.any() or not (math.isfinite(x) and math.isfinite(y)):
        return None, float("nan"), float("nan")
    mx, my = float(np.median(ox[keep])), float(np.median(oy[keep]))
    return ("high" if x > mx else "low") + "_" + ("high" if y > my else "low"), mx, my


def bivariate_lisa(gdf: "gpd.GeoDataFrame", x: str, y: str, *, permutations: int = DEFAULT_PERMUTATIONS,
                   seed: int = DEFAULT_SEED, alpha: float = DEFAULT_ALPHA) -> "gpd.GeoDataFrame":
    """Bivariate local Moran of ``x`` (the area's own) against ``y`` (its neighbours'), queen weights.

    Parameters
    ----------
    gdf
        Polygons in a projected CRS with numeric ``x`` and ``y``; rows
        lacking either are left out (category ``no_data``).
    x, y
        Columns: registered crime per 1,000 and feeling unsafe, say.
    permutations, seed, alpha
        As :func:`geo.analyse`.

    Returns
    -------
    geopandas.GeoDataFrame
        A copy with ``bv_I``, ``bv_p`` (two-sided pseudo p-value) and
        ``bv_category`` (one of :data:`geo.categories.BV_CATEGORIES`,
        ``island`` or ``no_data``).
    """
    import numpy as np

    from ..errors import AnalysisError
    from ..stats.bivariate import bivariate_moran
    from ..weights import build

    out = gdf.copy()
    out["bv_I"] = np.nan
    out["bv_p"] = np.nan
    out["bv_category"] = cat.NO_DATA
    ok = out[x].notna() & out[y].notna()
    sub = out[ok]
    if len(sub) < MIN_AREAS:
        raise AnalysisError(f"a bivariate LISA needs at least {MIN_AREAS} areas with both figures, not {len(sub)}")
    sw = build(sub, kind="queen", islands="attach")
    found, _ = bivariate_moran(sub, x, y, weights=sw, permutations=permutations, seed=seed, alpha=alpha)
    out.loc[sub.index, "bv_I"] = found["bv_I"].to_numpy()
    out.loc[sub.index, "bv_p"] = found["bv_p"].to_numpy()
    out.loc[sub.index, "bv_category"] = found["bv_cluster"].to_numpy()
    return out
