"""Hot spots over time: space-time Gi*, the Mann-Kendall trend and ArcGIS's emerging hot spot categories.

This follows ArcGIS Pro's Emerging Hot Spot Analysis ("How Emerging Hot Spot
Analysis works", pro.arcgis.com/en/pro-app/latest/tool-reference/
space-time-pattern-mining/learnmoreemerging.htm):

1. :func:`space_time_gi_star` -- every (area, period) bin gets a Getis-Ord
   Gi* z-score computed over its space-time neighbourhood: the area and its
   spatial neighbours, in the current period and the ``time_step`` periods
   before it (ArcGIS's "neighborhood time step"). The global window says
   what the neighbourhood is measured against: ``window="step"`` (the
   default here) measures each period's bins against the mean and spread of
   that period alone, so a rise or fall the whole country shares is not a
   local pattern; ``window="cube"`` measures every bin against the whole
   cube (ArcGIS's default, ``ENTIRE_CUBE``). See docs/emerging.md.
2. :func:`mann_kendall` -- the trend of each area's series of z-scores.
3. :func:`classify_emerging` -- the categories new, consecutive,
   intensifying, persistent, diminishing, sporadic, oscillating and
   historical, for hot and for cold spots, or no pattern. ArcGIS needs at
   least :data:`MIN_PERIODS` (10) time steps for them.

:func:`emerging_hot_spots` runs the three. R's ``sfdep::emerging_hotspot_analysis``
is the open implementation of the same idea; where it reads the ArcGIS text
differently, the comments below say so.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .. import categories as cat
from .. import messages
from ..errors import AnalysisError, DataError, OptionError, few
from ..settings import EMERGING_ALPHA, EMERGING_TIME_STEP, EMERGING_WINDOW
from ._inference import fdr_significant

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

log = logging.getLogger("geo")

#: ArcGIS's emerging hot spot categories need at least this many time steps.
MIN_PERIODS = 10

NEW_HOT = "new_hot"
CONSECUTIVE_HOT = "consecutive_hot"
INTENSIFYING_HOT = "intensifying_hot"
PERSISTENT_HOT = "persistent_hot"
DIMINISHING_HOT = "diminishing_hot"
SPORADIC_HOT = "sporadic_hot"
OSCILLATING_HOT = "oscillating_hot"
HISTORICAL_HOT = "historical_hot"
NEW_COLD = "new_cold"
CONSECUTIVE_COLD = "consecutive_cold"
INTENSIFYING_COLD = "intensifying_cold"
PERSISTENT_COLD = "persistent_cold"
DIMINISHING_COLD = "diminishing_cold"
SPORADIC_COLD = "sporadic_cold"
OSCILLATING_COLD = "oscillating_cold"
HISTORICAL_COLD = "historical_cold"
NO_PATTERN = "no_pattern"
#: An area without spatial neighbours: no Gi* z-score, never hot or cold.
NO_NEIGHBOURS = cat.ISLAND

HOT_CATEGORIES = (
    NEW_HOT, CONSECUTIVE_HOT, INTENSIFYING_HOT, PERSISTENT_HOT,
    DIMINISHING_HOT, SPORADIC_HOT, OSCILLATING_HOT, HISTORICAL_HOT,
)
COLD_CATEGORIES = (
    NEW_COLD, CONSECUTIVE_COLD, INTENSIFYING_COLD, PERSISTENT_COLD,
    DIMINISHING_COLD, SPORADIC_COLD, OSCILLATING_COLD, HISTORICAL_COLD,
)
#: Every outcome of :func:`classify_emerging`, in a fixed order for tables and legends: the one list in
#: geo.categories (with their colours), which the names above spell out.
EMERGING_CATEGORIES = cat.EMERGING_CATEGORIES

#: Default significance level of bins and trend (:data:`geo.settings.EMERGING_ALPHA`). ArcGIS's page
#: does not state one; its hot spot tools call a bin a statistically significant hot or cold spot from
#: the 90% confidence bin (Gi_Bin +-1) up, which is p < 0.10. sfdep uses 0.01 (of a permutation p-value).
DEFAULT_ALPHA = EMERGING_ALPHA

#: The global windows of :func:`space_time_gi_star`: ``step`` (each period against itself) and ``cube``.
WINDOWS = ("step", "cube")
#: Default global window and neighbourhood time step (:data:`geo.settings.EMERGING_WINDOW`, ``EMERGING_TIME_STEP``).
DEFAULT_WINDOW = EMERGING_WINDOW
DEFAULT_TIME_STEP = EMERGING_TIME_STEP


@dataclass(frozen=True)
class SpaceTimeGi:
    """Space-time Gi* of a cube of ``n`` areas by ``T`` periods.

    ``z`` and ``p`` (two-sided normal) have shape ``(n, T)`` and are NaN for
    areas without spatial neighbours (``islands``).
    """

    z: "np.ndarray"
    p: "np.ndarray"
    islands: "np.ndarray"
    time_step: int
    #: ``step`` or ``cube``: what each bin's neighbourhood was measured against.
    window: str = DEFAULT_WINDOW


@dataclass(frozen=True)
class MannKendall:
    """Mann-Kendall trend test, one value per series (0-d arrays for a single series).

    ``s`` is the statistic, ``var_s`` its variance with the tie correction,
    ``z`` the continuity-corrected normal score, ``p`` its two-sided p-value
    and ``tau`` Kendall's tau-b of the series against time.
    """

    s: "np.ndarray"
    var_s: "np.ndarray"
    z: "np.ndarray"
    p: "np.ndarray"
    tau: "np.ndarray"


@dataclass(frozen=True)
class EmergingHotSpots:
    """Result of :func:`emerging_hot_spots`: the space-time Gi*, the significant bins and one row per area."""

    gi: SpaceTimeGi
    significant: "np.ndarray"
    areas: "pd.DataFrame"


def space_time_gi_star(values: "Any", *, weights: "Any", time_step: int = DEFAULT_TIME_STEP,
                       window: str = DEFAULT_WINDOW) -> SpaceTimeGi:
    """Getis-Ord Gi* of every (area, period) bin over its space-time neighbourhood.

    The neighbourhood of bin ``(i, t)`` is every bin ``(j, s)`` with ``j`` the
    area itself or one of its spatial neighbours and ``t - time_step <= s <= t``
    (ArcGIS's "Neighborhood Time Step": the current and previous time steps;
    the first periods have fewer previous ones). With binary weights, ``w_i``
    areas in the spatial neighbourhood (the area and its neighbours) and
    ``n`` areas in all, the z-score is the neighbourhood's sum against what
    the global window expects of ``w_i`` random bins (Ord & Getis 1995, as
    ArcGIS computes Gi*):

    ``window="cube"`` (ArcGIS's ``ENTIRE_CUBE``): with ``W`` bins in the
    neighbourhood, over all ``N = n * T`` bins,
    ``z = (sum - mean * W) / (S * sqrt((N * W - W**2) / (N - 1)))``, ``mean``
    and ``S`` (population standard deviation) those of the whole cube.

    ``window="step"``: each period ``s`` of the neighbourhood is measured
    against its own period only, with its mean ``m_s`` and population
    variance ``S_s**2`` over the ``n`` areas:
    ``z = (sum - w_i * sum_s m_s) / sqrt(sum_s S_s**2 * (n * w_i - w_i**2) / (n - 1))``,
    the same Gi* with the bins of each period permuted among that period's
    areas only. With ``time_step=0`` this is the plain Gi* of each period. A
    period in which every area has the same value adds nothing to the
    spread; a bin whose whole neighbourhood lies in such periods gets
    ``z = 0`` (nothing stands out).

    p-values are two-sided normal. Areas without spatial neighbours keep
    their values in the means and deviations but get no z-score.

    Parameters
    ----------
    values
        ``(n, T)`` array or frame: rows are areas (in the order of the
        weights), columns periods in time order; no missing values.
    weights
        Binary ``(n, n)`` scipy.sparse matrix of spatial neighbours (CSR, or
        anything SciPy can convert); the diagonal is ignored, the area itself
        is always included.
    time_step
        Number of previous periods in the neighbourhood (ArcGIS default 1; 0
        for each period on its own).
    window
        ``step`` (default) or ``cube``, see above.

    Returns
    -------
    SpaceTimeGi
    """
    import numpy as np
    from scipy.stats import norm

    y = _cube(values)
    n, periods = y.shape
    check_time_step(time_step, periods)
    check_window(window)
    a = _binary_weights(weights, n)
    if np.std(y) == 0:
        raise AnalysisError(messages.line("emerging_all_y_size_values", y_size=y.size, y_flat_0=y.flat[0]))

    degree = np.asarray(a.sum(axis=1)).ravel()
    islands = degree == 0
    spatial = np.asarray(a @ y) + y  # sum over the area and its neighbours, per period
    total = _windowed(spatial, time_step)
    areas = (degree + 1)[:, None]
    if window == "cube":
        steps = np.minimum(np.arange(periods), time_step) + 1
        w = areas * steps[None, :]
        big_n = y.size
        mean = y.mean()
        expected = mean * w
        variance = ((y**2).mean() - mean**2) * (big_n * w - w**2) / (big_n - 1)
    else:
        means = y.mean(axis=0)
        spreads = y.var(axis=0)  # two-pass: exactly 0 for a period of equal values
        expected = areas * _windowed(means[None, :], time_step)
        variance = _windowed(spreads[None, :], time_step) * (n * areas - areas**2) / (n - 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        z = (total - expected) / np.sqrt(variance)
    # A neighbourhood whose periods do not vary at all (a month without any incident): nothing stands out.
    z[(variance <= 0) & ~islands[:, None]] = 0.0
    z[islands] = np.nan
    p = 2 * norm.sf(np.abs(z))
    if islands.any():
        log.info("space-time Gi*: %d area(s) without neighbours get no z-score", int(islands.sum()))
    return SpaceTimeGi(z=z, p=p, islands=islands, time_step=int(time_step), window=window)


def check_time_step(time_step: int, periods: int) -> int:
    """``time_step`` when it is a whole number from 0 up that stays within ``periods``; an OptionError otherwise."""
    import numpy as np

    if not isinstance(time_step, int | np.integer) or isinstance(time_step, bool) or time_step < 0:
        raise OptionError(messages.line("emerging_time_step_must_whole", time_step=time_step))
    if time_step >= periods:
        raise OptionError(messages.line("emerging_time_step_time_step", time_step=time_step, periods=periods,
                                        periods_1=periods - 1))
    return int(time_step)


def check_window(window: str) -> str:
    """``window`` when it is one of :data:`WINDOWS`; an OptionError naming them otherwise."""
    if window not in WINDOWS:
        raise OptionError(messages.line("emerging_unknown_window", window=window, windows=", ".join(WINDOWS)))
    return window


def _windowed(values: "np.ndarray", time_step: int) -> "np.ndarray":
    """Per row, the sum of each period and the ``time_step`` periods before it (fewer at the start)."""
    import numpy as np

    cumulative = np.cumsum(values, axis=1)
    out = cumulative.copy()
    out[:, time_step + 1:] -= cumulative[:, : values.shape[1] - time_step - 1]
    return np.asarray(out)


def mann_kendall(series: "Any") -> MannKendall:
    """Mann-Kendall trend test of a series, or of every row of a 2-d array.

    ``S = sum over i < j of sign(x_j - x_i)``; with ``g`` groups of tied
    values of sizes ``t_g``,
    ``Var(S) = (n(n-1)(2n+5) - sum t_g(t_g-1)(2t_g+5)) / 18``;
    ``z = (S - 1) / sqrt(Var(S))`` for ``S > 0``, ``(S + 1) / sqrt(Var(S))``
    for ``S < 0`` and 0 for ``S = 0``; ``p`` is two-sided normal (Kendall
    1975; as R's ``Kendall::MannKendall``, which sfdep uses). ``tau`` is
    Kendall's tau-b of the values against time, which equals
    ``scipy.stats.kendalltau(range(n), x)``. A series with a missing value
    gives NaN throughout.
    """
    import numpy as np
    from scipy.stats import norm

    x = np.asarray(series, dtype=float)
    single = x.ndim == 1
    x2 = np.atleast_2d(x)
    if x2.ndim != 2:
        raise DataError(messages.line("emerging_mann_kendall_takes_series", x_ndim=x.ndim))
    rows, n = x2.shape
    if n < 3:
        raise AnalysisError(messages.line("emerging_trend_needs_at_least", n=n))
    # One lag at a time keeps memory at one (rows, n) array, also for thousands of buurten by 60 months.
    s = np.zeros(rows)
    for lag in range(1, n):
        s += np.sign(x2[:, lag:] - x2[:, :-lag]).sum(axis=1)
    # Groups of tied values of every row at once (a loop of np.unique per row took 15 s for 100,000 squares):
    # sort each row, number its runs of equal values, and count the members of each run.
    ordered = np.sort(x2, axis=1)
    starts = np.ones_like(ordered, dtype=bool)
    starts[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    run = np.cumsum(starts, axis=1) - 1 + (np.arange(rows) * n)[:, None]
    counts = np.bincount(run.ravel(), minlength=rows * n).reshape(rows, n).astype(float)
    ties = np.sum(counts * (counts - 1) * (2 * counts + 5), axis=1)
    tied_pairs = np.sum(counts * (counts - 1) / 2, axis=1)
    var = (n * (n - 1) * (2 * n + 5) - ties) / 18.0
    with np.errstate(invalid="ignore", divide="ignore"):
        z = np.where(s > 0, (s - 1) / np.sqrt(var), np.where(s < 0, (s + 1) / np.sqrt(var), 0.0))
        pairs = n * (n - 1) / 2
        tau = s / np.sqrt(pairs * (pairs - tied_pairs))
    p = 2 * norm.sf(np.abs(z))
    bad = ~np.isfinite(x2).all(axis=1)
    for arr in (s, var, z, p, tau):
        arr[bad] = np.nan
    tau[var == 0] = np.nan
    if single:
        return MannKendall(s=s[0], var_s=var[0], z=z[0], p=p[0], tau=tau[0])
    return MannKendall(s=s, var_s=var, z=z, p=p, tau=tau)


def classify_emerging(
    z: "Any",
    p: "Any",
    *,
    alpha: float = DEFAULT_ALPHA,
    trend_alpha: float | None = None,
    fdr: bool = True,
    index: "Any" = None,
    significant: "Any" = None,
) -> "pd.DataFrame":
    """ArcGIS's emerging hot spot category of every area from its Gi* z-scores and p-values.

    A bin is a significant hot (cold) spot when its p-value is below
    ``alpha`` -- after a Benjamini-Hochberg correction over all bins when
    ``fdr`` is true, as ArcGIS Pro applies -- and its z-score is positive
    (negative). The trend is the Mann-Kendall test of the area's z-scores,
    significant when its p-value is below ``trend_alpha`` (default
    ``alpha``). "90 percent" means at least 90% of the time steps (so 9 of
    10 counts); "less than 90%" means fewer. The definitions, quoted from
    ArcGIS Pro's "How Emerging Hot Spot Analysis works" (cold spots mirror
    them), are next to their rules in :func:`_category`.

    Where two definitions fit the same series (ArcGIS's text does not rank
    them), the one about the final time step wins: a location that is a
    significant hot spot in the final step and was ever a significant cold
    spot is *oscillating*, not *new* or *consecutive* (as in sfdep), and a
    location that is a significant cold spot in the final step is never
    *historical hot*.

    Parameters
    ----------
    z, p
        ``(n, T)`` Gi* z-scores and two-sided p-values, periods in time
        order. A row that is all NaN is an area without neighbours.
    alpha
        Significance level of the bins (default 0.10, ArcGIS's 90% bin).
    trend_alpha
        Significance level of the Mann-Kendall trend (default ``alpha``).
    fdr
        Correct the bins' p-values for multiple testing (Benjamini-Hochberg).
    index
        Index of the returned frame (e.g. the area codes).
    significant
        The bins' significance as ``alpha`` and ``fdr`` make it, when already known
        (:func:`emerging_hot_spots` computes it once for both).

    Returns
    -------
    pandas.DataFrame
        Per area: ``category`` (one of :data:`EMERGING_CATEGORIES`),
        ``n_hot`` and ``n_cold`` (significant bins), ``final`` (``hot``,
        ``cold`` or ``none``: the final time step), ``trend_s``,
        ``trend_var``, ``trend_z``, ``trend_p`` and ``trend_tau``.

    Raises
    ------
    AnalysisError
        With fewer than :data:`MIN_PERIODS` periods.
    """
    import numpy as np
    import pandas as pd

    z = np.asarray(z, dtype=float)
    p = np.asarray(p, dtype=float)
    if z.ndim != 2 or z.shape != p.shape:
        raise DataError(messages.line("emerging_z_p_must_areas", z_shape=z.shape, p_shape=p.shape))
    periods = z.shape[1]
    if periods < MIN_PERIODS:
        raise AnalysisError(
            messages.line("emerging_there_periods_periods_emerging", periods=periods, MIN_PERIODS=MIN_PERIODS)
        )
    for name, level in (("alpha", alpha), ("trend_alpha", trend_alpha)):
        if level is not None and not 0 < level < 1:
            raise OptionError(messages.line("emerging_name_must_lie_between", name=name, level=level))
    trend_level = alpha if trend_alpha is None else trend_alpha
    empty = np.isnan(z).all(axis=1)
    partial = ~empty & (np.isnan(z) | np.isnan(p)).any(axis=1)
    if partial.any():
        raise DataError(messages.line("emerging_areas_at_row_s",
                                      few_list_np_flatnonz=few(list(np.flatnonzero(partial)))))

    significant = _significant(p, alpha, fdr=fdr) if significant is None else significant
    hot = significant & (z > 0)
    cold = significant & (z < 0)
    trend = mann_kendall(z)
    signs = np.where(trend.p < trend_level, np.sign(trend.s), 0).astype(int)
    categories = _categories(hot, cold, signs, empty)

    final = np.where(hot[:, -1], "hot", np.where(cold[:, -1], "cold", "none")).astype(object)
    final[empty] = None
    out = pd.DataFrame(
        {
            "category": categories, "n_hot": hot.sum(axis=1), "n_cold": cold.sum(axis=1), "final": final,
            "trend_s": trend.s, "trend_var": trend.var_s, "trend_z": trend.z, "trend_p": trend.p,
            "trend_tau": trend.tau,
        },
        index=index,
    )
    return out


def emerging_hot_spots(
    values: "Any",
    *,
    weights: "Any",
    time_step: int = DEFAULT_TIME_STEP,
    window: str = DEFAULT_WINDOW,
    alpha: float = DEFAULT_ALPHA,
    trend_alpha: float | None = None,
    fdr: bool = True,
) -> EmergingHotSpots:
    """Emerging hot spot analysis of an ``(areas, periods)`` cube, as ArcGIS Pro runs it.

    :func:`space_time_gi_star` on ``values`` with ``weights``, ``time_step``
    and ``window`` (``step``, the default: each period against itself, so a
    national decline is not a local pattern; ``cube``: ArcGIS's whole-cube
    window), then :func:`classify_emerging` of its z-scores and
    p-values (FDR-corrected by default, as ArcGIS Pro does). Check
    ``values.shape[1] >= MIN_PERIODS`` beforehand to avoid the error.

    Returns
    -------
    EmergingHotSpots
        ``gi`` (the space-time Gi*), ``significant`` (``(n, T)`` bins
        significant after the correction) and ``areas`` (the frame of
        :func:`classify_emerging`, indexed like ``values`` when it is a frame).
    """
    import numpy as np

    periods = np.shape(values)[1] if np.ndim(values) == 2 else 0
    if periods < MIN_PERIODS:
        raise AnalysisError(
            messages.line("emerging_there_periods_periods_emerging", periods=periods, MIN_PERIODS=MIN_PERIODS)
        )
    gi = space_time_gi_star(values, weights=weights, time_step=time_step, window=window)
    index = getattr(values, "index", None)
    significant = _significant(gi.p, alpha, fdr=fdr)
    areas = classify_emerging(gi.z, gi.p, alpha=alpha, trend_alpha=trend_alpha, fdr=fdr, index=index,
                              significant=significant)
    counts = category_counts(areas["category"])
    log.info("emerging hot spots over %d periods: %s", periods,
             ", ".join(f"{k} {v}" for k, v in counts.items() if v))
    return EmergingHotSpots(gi=gi, significant=significant, areas=areas)


def category_counts(categories: "Any") -> dict[str, int]:
    """How many areas fell in each emerging category, in the order of :data:`EMERGING_CATEGORIES`."""
    import numpy as np

    values = np.asarray(categories, dtype=object)
    return {c: int(np.sum(values == c)) for c in EMERGING_CATEGORIES}


def _categories(hot: "np.ndarray", cold: "np.ndarray", signs: "np.ndarray", empty: "np.ndarray") -> "np.ndarray":
    """:func:`_category` of every area (``NO_NEIGHBOURS`` where ``empty``), once per distinct pattern.

    400,000 squares hold a few hundred patterns of hot and cold bins and trend; one call per square was
    seconds of Python.
    """
    import numpy as np

    n = len(signs)
    if not n:
        return np.array([], dtype=object)
    patterns = np.concatenate([np.packbits(hot, axis=1), np.packbits(cold, axis=1),
                               (np.asarray(signs) + 1).astype(np.uint8).reshape(n, 1)], axis=1)
    _, first, inverse = np.unique(patterns, axis=0, return_index=True, return_inverse=True)
    named = np.array([_category(hot[i], cold[i], int(signs[i])) for i in first], dtype=object)
    categories = named[np.asarray(inverse).ravel()]
    categories[np.asarray(empty, dtype=bool)] = NO_NEIGHBOURS
    return categories


def _category(hot: "np.ndarray", cold: "np.ndarray", trend_sign: int) -> str:
    """The category of one location from its significant hot and cold bins and its trend (+1, -1 or 0)."""
    periods = len(hot)
    for own, other, sign, names in ((hot, cold, 1, HOT_CATEGORIES), (cold, hot, -1, COLD_CATEGORIES)):
        new, consecutive, intensifying, persistent, diminishing, sporadic, oscillating, _ = names
        if not own[-1]:
            continue
        count = int(own.sum())
        # "for ninety percent of the time-step intervals": whole numbers, so 9 of 10 is exactly 90%.
        ninety = 10 * count >= 9 * periods
        if ninety:
            # Intensifying: "a statistically significant hot spot for ninety percent of the time-step
            # intervals, including the final time step. In addition, the intensity of clustering of high
            # counts in each time step is increasing overall and that increase is statistically significant."
            if trend_sign == sign:
                return intensifying
            # Diminishing: "... for ninety percent of the time-step intervals, including the final time
            # step. In addition, the intensity of clustering in each time step is decreasing overall and
            # that decrease is statistically significant."
            if trend_sign == -sign:
                return diminishing
            # Persistent: "a statistically significant hot spot for ninety percent of the time-step
            # intervals with no discernible trend indicating an increase or decrease in the intensity of
            # clustering over time." (With the final step not hot, historical applies instead, below.)
            return persistent
        # Oscillating: "a statistically significant hot spot for the final time-step interval that has a
        # history of also being a statistically significant cold spot during a prior time step. Less than
        # ninety percent of the time-step intervals have been statistically significant hot spots."
        if other.any():
            return oscillating
        # New: "a statistically significant hot spot for the final time step and has never been a
        # statistically significant hot spot before."
        if count == 1:
            return new
        # Consecutive: "a single uninterrupted run of at least two statistically significant hot spot bins
        # in the final time-step intervals. The location has never been a statistically significant hot
        # spot prior to the final hot spot run and less than ninety percent of all bins are statistically
        # significant hot spots."
        run = periods - int(_last_false(own)) - 1
        if run == count:
            return consecutive
        # Sporadic: "a statistically significant hot spot for the final time-step interval with a history of
        # also being an on-again and off-again hot spot. Less than ninety percent of the time-step intervals
        # have been statistically significant hot spots and none of the time-step intervals have been
        # statistically significant cold spots."
        return sporadic
    # Historical: "the most recent time period is not hot, but at least ninety percent of the time-step
    # intervals have been statistically significant hot spots."
    if 10 * int(hot.sum()) >= 9 * periods:
        return HISTORICAL_HOT
    if 10 * int(cold.sum()) >= 9 * periods:
        return HISTORICAL_COLD
    # No pattern: "does not fall into any of the hot or cold spot patterns defined below."
    return NO_PATTERN


def _last_false(flags: "np.ndarray") -> int:
    """Index of the last False in ``flags`` (-1 when all are True)."""
    import numpy as np

    where = np.flatnonzero(~flags)
    return int(where[-1]) if len(where) else -1


def _significant(p: "np.ndarray", alpha: float, *, fdr: bool) -> "np.ndarray":
    import numpy as np

    if fdr:
        return fdr_significant(p.ravel(), alpha).reshape(p.shape)
    with np.errstate(invalid="ignore"):
        return np.asarray(p < alpha)


def _cube(values: "Any") -> "np.ndarray":
    import numpy as np

    try:
        y = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as exc:
        raise DataError(messages.line("emerging_cube_holds_values_that")) from exc
    if y.ndim != 2:
        raise DataError(messages.line("emerging_cube_must_d_areas", y_ndim=y.ndim))
    if not np.isfinite(y).all():
        rows = np.flatnonzero(~np.isfinite(y).all(axis=1))
        raise DataError(messages.line("emerging_cube_missing_values_area", few_list_rows=few(list(rows))))
    return y


def _binary_weights(weights: "Any", n: int) -> "Any":
    import numpy as np
    from scipy import sparse

    try:
        a = sparse.csr_matrix(weights, dtype=float)
    except (TypeError, ValueError) as exc:
        raise OptionError(messages.line("emerging_weights_must_scipy_sparse")) from exc
    if a.shape != (n, n):
        raise OptionError(messages.line("emerging_weights_shape_x_shape", a_shape_0=a.shape[0], a_shape_1=a.shape[1],
                                        n=n))
    a.setdiag(0)
    a.eliminate_zeros()
    if a.nnz and not np.all(a.data == 1):
        raise OptionError(messages.line("emerging_weights_must_binary_neighbour"))
    return a
