"""Objective against subjective safety: registered crime and feeling unsafe, side by side.

Two views. Among comparable areas, a scatter of registered crime per 1,000
inhabitants against the share who sometimes feel unsafe in their own
neighbourhood, split at the medians of the others: which quadrant the area
is in (:func:`quadrant`). Within a gemeente whose wijken have survey figures,
the bivariate local Moran (LISA) of a wijk's registered crime against the
feeling unsafe in the wijken around it (:func:`bivariate_lisa`): esda's
``Moran_Local_BV`` with vmgeo's two-sided pseudo p-values and categories
(:mod:`geo.categories`, ``bv_*``).
"""

from __future__ import annotations

import warnings
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
        ``bv_category`` (one of :data:`geo.categories.BV_CATEGORIES` or
        ``no_data``).
    """
    import numpy as np
    from esda.moran import Moran_Local_BV

    from ..errors import AnalysisError
    from ..stats._inference import significant, two_sided_p
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
    rows = sub.index[sw.analysed]
    xs = sub.loc[rows, x].to_numpy(dtype=float)
    ys = sub.loc[rows, y].to_numpy(dtype=float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bv = Moran_Local_BV(xs, ys, sw.w, transformation="r", permutations=permutations, seed=seed,
                            keep_simulations=True)
    p = np.asarray(two_sided_p(bv.Is, np.asarray(bv.rlisas)), dtype=float).reshape(-1)
    quads = cat.from_codes(bv.q, cat.ESDA_QUADRANTS)
    passed = significant(p, alpha)
    category = np.array([cat.BV_OF_QUADRANT[q] if s else cat.NOT_SIGNIFICANT for q, s in zip(quads, passed)],
                        dtype=object)
    out.loc[rows, "bv_I"] = bv.Is
    out.loc[rows, "bv_p"] = p
    out.loc[rows, "bv_category"] = category
    return out
