"""Change between two periods: registered counts, survey figures and an early warning by month.

Three questions analysts ask of "this year against last year":

* :func:`count_change` -- did the number of registered crimes in an area
  really change, or is the difference within what chance gives? An exact
  conditional binomial test on the two counts.
* :func:`survey_change` -- did a Veiligheidsmonitor percentage change,
  given the 95% margins CBS publishes with it?
* :func:`early_warning` -- which units show more incidents in the latest
  month(s) than their own seasonal history leads one to expect?

All three are pure: frames and arrays in, new frames out.

Survey figures
--------------
CBS publishes every Veiligheidsmonitor figure with the lower and upper
bound of its 95% interval (StatLine dimension ``Marges``: ``MW00000``
value, ``MOG0095`` lower, ``MBG0095`` upper bound). What CBS says about
comparing two of them (background note "Veiligheidsmonitor" to the news
release of 2018 week 23, cbs.nl/nl-nl/nieuws/2018/23/burger-wil-aanpak-
te-hard-rijden-en-hondenpoep/veiligheidsmonitor; English version
cbs.nl/en-gb/artikelen/nieuws/2018/09/drop-in-recorded-and-encountered-
crime/safety-monitor): the margins are 95% intervals, and differences
between regions or between years "zijn statistisch significant ... als de
verschillen blijven bestaan na verdiscontering van de bij de uitkomsten
behorende betrouwbaarheidsmarges" -- significant when the difference
remains once the margins of both figures are taken into account. The
note names no formula, and the method sections of the VM reports
("Onderzoeksverantwoording", section "Betrouwbaarheidsmarges") could not
be read for this implementation; :func:`survey_change` offers both readings of the note.

Early warning
-------------
For every unit and crime type, the observed count of the latest
``window`` months (1, or 3 for a quarter) is compared with

(a) the same months one year earlier (``previous_year``, with the exact
    test of :func:`count_change` in ``change_vs_previous_year``), and
(b) an expected count: the mean, over the ``years`` (3) previous years,
    of the same calendar months. Comparing like months with like months
    takes the season out (a month that is high every year is expected to
    be high) -- the idea behind the "historical limits" of Stroup et
    al. (1989), who compare a month with the same months of earlier
    years. It does not extrapolate a trend, so a steady rise over the
    three years shows up as an excess.

Registered counts vary more than a Poisson count does (a burglary
series, a festival, a change of registration). With
``dispersion="quasi-poisson"`` (the default) each series' dispersion
``phi`` is estimated from its own history, as the Farrington algorithm
of public-health surveillance does (Farrington et al. 1996; Noufaily et
al. 2013): the ``years`` x 12 table of the months before the ones
assessed is fitted with a year and a calendar-month effect (a log-linear
model, whose fitted counts are row total x column total / total), and
``phi`` is Pearson's X^2 of that fit over its degrees of freedom
``(years - 1) x 11``, floored at 1 (a series is never taken to vary
*less* than Poisson). The count is then read as negative binomial with
the expected count as mean and variance ``phi`` x mean x ``(1 + 1 /
years)``: the last factor is the uncertainty of the expected count,
itself a mean of ``years`` counts (Farrington's threshold adds it too).
With ``dispersion="poisson"`` the count is Poisson with the expected
count as mean, and ``phi`` is 1.

A unit is **flagged** only when the observed count lies above the upper
bound -- the ``level`` (97.5%) one-sided quantile of that distribution,
the upper end of a two-sided 95% interval -- **and** the expected count
is at least ``min_expected`` (5): below that, two or three incidents
would be "significant" and the unit is reported as not assessable
instead. With a few hundred series some flags are chance:
``chance_of_flag`` is each assessed series' probability of a flag when
nothing has changed, and :func:`flags_by_chance` sums it.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any

from .. import categories as cat
from .. import messages
from ..errors import DataError, OptionError, few
from ..settings import DEFAULT_ALPHA, WARNING_LEVEL, WARNING_MIN_EXPECTED, WARNING_YEARS

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

log = logging.getLogger("geo")

# --- outcomes ---------------------------------------------------------------
# The names live in geo.categories (with their colours); labels in geo.text.
RISE = cat.RISE
FALL = cat.FALL
NO_CHANGE = cat.NO_CHANGE
#: No outcome with this many events could have been significant (see :func:`count_change`).
TOO_FEW = cat.TOO_FEW
#: A figure, count or margin is missing: the change cannot be tested (never "significant").
NOT_TESTABLE = cat.NOT_TESTABLE
DIRECTIONS = cat.CHANGE_CATEGORIES

#: Rules for comparing two survey figures by their margins (see :func:`survey_change`).
SURVEY_RULES = ("se", "overlap")

#: Early warning: one-sided level of the upper bound, the smallest expected count at which a unit is
#: assessed at all, and the previous years that make up the expected count: WARNING_LEVEL,
#: WARNING_MIN_EXPECTED and WARNING_YEARS, set in :mod:`geo.settings` and imported above.


# --- counts -------------------------------------------------------------------
def count_change(
    before: "Any",
    after: "Any",
    *,
    exposure_before: "Any" = None,
    exposure_after: "Any" = None,
    alpha: float = DEFAULT_ALPHA,
) -> "pd.DataFrame":
    """Exact test of the change between two counts per area (conditional binomial).

    Given the total ``n = a + b`` of the counts before (``a``) and after
    (``b``), ``b`` follows a Binomial(n, pi) distribution if the two periods
    have the same underlying rate, with ``pi = E_b / (E_a + E_b)`` for
    exposures ``E`` (e.g. populations) and ``pi = 1/2`` without them
    (Przyborowski & Wilenski 1940; the standard exact comparison of two
    Poisson counts). The two-sided p-value is SciPy's
    :func:`scipy.stats.binomtest` (the outcomes no more likely than the
    observed one), and the confidence interval of the rate ratio
    ``(b / E_b) / (a / E_a)`` is the exact (Clopper-Pearson) interval of
    ``pi`` transformed by ``RR = pi / (1 - pi) * E_a / E_b``.

    Parameters
    ----------
    before, after
        Counts per area (array-like or Series, same length); non-negative
        whole numbers. A missing count gives ``not_testable``.
    exposure_before, exposure_after
        Optional exposures of the two periods (both or neither), positive.
        A missing exposure gives ``not_testable``.
    alpha
        Two-sided significance level; the interval has level ``1 - alpha``.

    Returns
    -------
    pandas.DataFrame
        One row per area (the index of ``before`` when it is a Series):
        ``before``, ``after``, ``expected_share`` (pi under no change),
        ``rate_ratio``, ``rr_lower``, ``rr_upper``, ``p`` and ``direction``:
        ``rise`` or ``fall`` when ``p < alpha``, ``none`` otherwise;
        ``too_few`` when no split of this total could reach ``alpha`` (with 5
        events and no exposures, all five in one period gives p = 0.0625), so
        "no change" is never claimed where the data could not show one;
        ``not_testable`` for missing input. :func:`tally` counts them.
    """
    import numpy as np
    import pandas as pd

    _check_alpha(alpha)
    index = before.index if isinstance(before, pd.Series) else None
    a = _counts(before, "before")
    b = _counts(after, "after")
    if len(a) != len(b):
        raise DataError(messages.line("change_before_len_counts_after", len_a=len(a), len_b=len(b)))
    if (exposure_before is None) != (exposure_after is None):
        raise OptionError(messages.line("change_give_both_exposure_before"))
    if exposure_before is None:
        ea = np.ones(len(a))
        eb = np.ones(len(a))
    else:
        ea = _exposure(exposure_before, "exposure_before", len(a))
        eb = _exposure(exposure_after, "exposure_after", len(a))

    n = len(a)
    share = np.full(n, np.nan)
    ratio = np.full(n, np.nan)
    lower = np.full(n, np.nan)
    upper = np.full(n, np.nan)
    p = np.full(n, np.nan)
    direction = np.full(n, NOT_TESTABLE, dtype=object)
    valid = np.isfinite(a) & np.isfinite(b) & np.isfinite(ea) & np.isfinite(eb)
    share[valid] = eb[valid] / (ea[valid] + eb[valid])
    total = np.where(valid, a + b, 0.0)
    direction[valid & (total == 0)] = TOO_FEW
    rows = valid & (total > 0)
    if rows.any():
        # Vectorised, with SciPy's own rule (binomtest's "minlike" two-sided p): one call per area took
        # 20 ms, so a series of 342 gemeenten spent seconds here.
        ai, bi, ni, pi0 = a[rows], b[rows], total[rows], share[rows]
        p[rows] = binom_two_sided(bi, ni, pi0)
        low, high = _clopper_pearson(bi, ni, alpha)
        odds = ea[rows] / eb[rows]
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio[rows] = np.where(ai == 0, np.inf, (bi / eb[rows]) / (ai / ea[rows]))
            lower[rows] = np.where(low >= 1, np.inf, low / (1 - low)) * odds
            upper[rows] = np.where(high >= 1, np.inf, high / (1 - high)) * odds
        # The smallest p-value any split of this total can give: all events in one period.
        best = np.minimum(binom_two_sided(np.zeros_like(ni), ni, pi0), binom_two_sided(ni, ni, pi0))
        rising = bi / eb[rows] > ai / ea[rows]
        direction[rows] = np.where(best >= alpha, TOO_FEW, np.where(
            p[rows] < alpha, np.where(rising, RISE, FALL), NO_CHANGE))

    out = pd.DataFrame(
        {
            "before": a, "after": b, "expected_share": share, "rate_ratio": ratio,
            "rr_lower": lower, "rr_upper": upper, "p": p, "direction": direction,
        },
        index=index,
    )
    return out


def binom_two_sided(k: "Any", n: "Any", p: "Any") -> "np.ndarray":
    """Two-sided exact binomial p-values, element by element, as :func:`scipy.stats.binomtest` gives them.

    The outcomes no more likely than the observed one (within SciPy's relative tolerance of 1e-7), found
    with SciPy's binary search on the other side of the mode, all areas at once.
    """
    import numpy as np
    from scipy.stats import binom

    k, n, p = (np.asarray(x, dtype=float) for x in np.broadcast_arrays(k, n, p))
    d = binom.pmf(k, n, p)
    rerr = 1 + 1e-7
    pval = np.ones_like(d)
    low = k < p * n
    if low.any():
        nl, pl = n[low], p[low]
        ix = _search(lambda x, i: -binom.pmf(x, nl[i], pl[i]), -d[low] * rerr, np.ceil(pl * nl), nl)
        y = nl - ix + (d[low] * rerr == binom.pmf(ix, nl, pl))
        pval[low] = binom.cdf(k[low], nl, pl) + binom.sf(nl - y, nl, pl)
    high = k > p * n
    if high.any():
        nh, ph = n[high], p[high]
        ix = _search(lambda x, i: binom.pmf(x, nh[i], ph[i]), d[high] * rerr, np.zeros(len(nh)), np.floor(ph * nh))
        pval[high] = binom.cdf(ix, nh, ph) + binom.sf(k[high] - 1, nh, ph)
    return np.asarray(np.minimum(1.0, pval))


def _search(a: "Any", d: "np.ndarray", lo: "np.ndarray", hi: "np.ndarray") -> "np.ndarray":
    """SciPy's ``_binary_search_for_binom_tst`` for many searches at once: i in [lo, hi] with a(i) <= d < a(i+1)."""
    import numpy as np

    lo, hi = lo.astype(float).copy(), hi.astype(float).copy()
    found = np.full(len(d), np.nan)
    active = lo < hi
    while active.any():
        i = np.flatnonzero(active)
        mid = lo[i] + (hi[i] - lo[i]) // 2
        value = a(mid, i)
        less, more = value < d[i], value > d[i]
        lo[i[less]] = mid[less] + 1
        hi[i[more]] = mid[more] - 1
        equal = ~less & ~more
        found[i[equal]] = mid[equal]
        active = np.isnan(found) & (lo < hi)
    rest = np.flatnonzero(np.isnan(found))
    if len(rest):
        found[rest] = np.where(a(lo[rest], rest) <= d[rest], lo[rest], lo[rest] - 1)
    return found


def _clopper_pearson(k: "np.ndarray", n: "np.ndarray", alpha: float) -> tuple["np.ndarray", "np.ndarray"]:
    """The exact (Clopper-Pearson) interval of a binomial share: the beta quantiles SciPy's root search approaches."""
    import numpy as np
    from scipy.stats import beta

    with np.errstate(invalid="ignore"):
        low = np.where(k > 0, beta.ppf(alpha / 2, k, n - k + 1), 0.0)
        high = np.where(k < n, beta.ppf(1 - alpha / 2, k + 1, n - k), 1.0)
    return low, high


# --- Veiligheidsmonitor figures ---------------------------------------------------
def survey_change(
    before: "pd.DataFrame",
    after: "pd.DataFrame",
    *,
    rule: str = "se",
    alpha: float = DEFAULT_ALPHA,
    level: float = 0.95,
    columns: tuple[str, str, str] = ("value", "lower", "upper"),
) -> "pd.DataFrame":
    """Significant change of a survey figure between two periods, from its published margins.

    Both readings of what CBS says about comparing two figures (module docstring, *Survey figures*):

    ``rule="se"`` (default)
        Each margin is turned back into a standard error,
        ``se = (upper - lower) / 2 / 1.96``, and the difference is
        significant when ``|b - a| > 1.96 * sqrt(se_a**2 + se_b**2)``: the
        95% margin of the difference of two independent estimates (the two
        VM editions are independent samples).
    ``rule="overlap"``
        Significant only when the two intervals do not overlap
        (``lower_b > upper_a`` or ``upper_b < lower_a``). This asks for a
        difference of ``m_a + m_b`` instead of ``sqrt(m_a**2 + m_b**2)``
        and is conservative: every change it finds, the ``se`` rule finds
        too, and at equal margins it holds back changes up to 41% larger.

    The ``overlap`` column is given either way, so a map can say "significant,
    although the intervals overlap". A missing value or bound means "not
    testable", never "significant". Asymmetric intervals use their mean
    half-width.

    Parameters
    ----------
    before, after
        Frames with a value, a lower and an upper bound per area, aligned on
        their index (areas in only one of them are not testable).
    rule
        ``se`` or ``overlap``, see above.
    alpha
        Two-sided level of the ``se`` rule (0.05 matches the 95% margins).
    level
        Confidence level of the published intervals (0.95 for CBS).
    columns
        Names of the value, lower and upper columns in both frames.

    Returns
    -------
    pandas.DataFrame
        Per area: ``before``, ``after``, ``difference`` (after - before),
        ``se_before``, ``se_after``, ``z``, ``p`` (two-sided normal),
        ``overlap`` (the intervals overlap; missing when not testable),
        ``significant`` (by ``rule``) and ``direction`` (``rise``, ``fall``,
        ``none`` or ``not_testable``); :func:`tally` counts them.
    """
    import numpy as np
    import pandas as pd
    from scipy.stats import norm

    if rule not in SURVEY_RULES:
        raise OptionError(messages.line("change_unknown_rule_rule_r", rule=rule,
                                        or_join_survey_rules=messages.line("or_").join(SURVEY_RULES)))
    _check_alpha(alpha)
    if not 0 < level < 1:
        raise OptionError(messages.line("change_level_must_lie_between", level=level))
    index, (va, la, ua), (vb, lb, ub) = _survey_arrays(before, after, columns)
    testable = np.isfinite(va) & np.isfinite(la) & np.isfinite(ua) & np.isfinite(vb) & np.isfinite(lb) & np.isfinite(ub)
    crit = norm.ppf(1 - (1 - level) / 2)
    se_a = (ua - la) / 2 / crit
    se_b = (ub - lb) / 2 / crit
    diff = vb - va
    sd = np.sqrt(se_a**2 + se_b**2)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(sd > 0, diff / sd, np.where(diff == 0, 0.0, np.sign(diff) * np.inf))
    p = 2 * norm.sf(np.abs(z))
    overlap = (lb <= ua) & (ub >= la)
    if rule == "se":
        significant = np.abs(diff) > norm.ppf(1 - alpha / 2) * sd
    else:
        significant = ~overlap
    significant &= testable

    direction = np.where(significant, np.where(diff > 0, RISE, FALL), NO_CHANGE).astype(object)
    direction[~testable] = NOT_TESTABLE
    for arr in (z, p, diff, se_a, se_b):
        arr[~testable] = np.nan
    out = pd.DataFrame(
        {
            "before": va, "after": vb, "difference": diff, "se_before": se_a, "se_after": se_b,
            "z": z, "p": p,
            "overlap": pd.array(np.where(testable, overlap, False), dtype="boolean"),
            "significant": significant, "direction": direction,
        },
        index=index,
    )
    out.loc[~testable, "overlap"] = pd.NA
    return out


def _survey_arrays(before: "pd.DataFrame", after: "pd.DataFrame", columns: tuple[str, str, str]
                   ) -> tuple["pd.Index", tuple["np.ndarray", ...], tuple["np.ndarray", ...]]:
    """The areas of both frames, and each frame's value, lower and upper bound on them, checked."""
    import numpy as np

    value, low, high = columns
    for name, frame in (("before", before), ("after", after)):
        missing = [c for c in columns if c not in frame.columns]
        if missing:
            raise DataError(messages.line("change_name_no_column_join", name=name, join_missing=', '.join(missing)))
    index = before.index.union(after.index, sort=False)
    a = before.reindex(index)
    b = after.reindex(index)
    va, la, ua = (a[c].to_numpy(dtype=float) for c in columns)
    vb, lb, ub = (b[c].to_numpy(dtype=float) for c in columns)
    for name, v, lo, hi in (("before", va, la, ua), ("after", vb, lb, ub)):
        bad = np.isfinite(v) & ((np.isfinite(lo) & (lo > v)) | (np.isfinite(hi) & (hi < v)))
        if bad.any():
            raise DataError(
                messages.line("change_name_interval_does_contain", name=name, value=value,
                              few_list_index_bad=few(list(index[bad])), low=low, high=high)
            )
    return index, (va, la, ua), (vb, lb, ub)


# --- early warning by month -------------------------------------------------------
_MONTH_KEY = re.compile(r"^(\d{4})MM(\d{2})$")


#: How the early warning models the spread of a count around its expected value (see :func:`early_warning`).
DISPERSION_MODELS = ("quasi-poisson", "poisson")


def early_warning(
    frame: "pd.DataFrame",
    *,
    unit: str = "unit",
    crime: str = "crime_type",
    month: str = "month",
    count: str = "count",
    window: int = 1,
    level: float = WARNING_LEVEL,
    min_expected: float = WARNING_MIN_EXPECTED,
    years: int = WARNING_YEARS,
    dispersion: str = "quasi-poisson",
) -> "pd.DataFrame":
    """Flag units whose latest month(s) lie above what their seasonal history leads one to expect.

    The expected count, the dispersion and the bound are explained in the module docstring
    (*Early warning*).

    Parameters
    ----------
    frame
        Long table: one row per unit, crime type and month, with a count.
    unit, crime, month, count
        Column names. ``month`` holds pandas monthly Periods or CBS period
        keys such as ``2024MM03``.
    window
        Number of latest months taken together (1 or more; 3 for a quarter).
    level
        One-sided level of the upper bound.
    min_expected
        Smallest expected count at which a unit is assessed.
    years
        Previous years that make up the expected count (and the dispersion).
    dispersion
        ``quasi-poisson`` or ``poisson``, see above.

    Returns
    -------
    pandas.DataFrame
        One row per unit and crime type: ``unit`` and ``crime`` columns (by
        their given names), ``months`` (first and last month assessed),
        ``observed``, ``expected``, ``dispersion`` (``phi``), ``bound`` (the
        upper bound), ``ratio`` (observed / expected), ``excess`` (observed -
        bound), ``p_exceed`` (the probability of at least the observed
        count), ``chance_of_flag`` (NaN when not assessed),
        ``previous_year``, ``change_vs_previous_year``, ``flagged`` and
        ``reason`` (why a unit was not assessable; empty when it was).
        Flagged rows come first, by ``excess`` (then ``p_exceed``); then
        the others by ``p_exceed``.

    Raises
    ------
    DataError
        Negative or non-whole counts, unreadable months, duplicate rows,
        gaps in a monthly series (the missing months are named), or fewer
        than ``years`` previous years before the months assessed.
    """
    import numpy as np
    import pandas as pd

    _check_warning(window=window, level=level, min_expected=min_expected, years=years, dispersion=dispersion)
    table, assessed = _monthly_table(frame, unit=unit, crime=crime, month=month, count=count, window=window,
                                     years=years)

    def months_sum(shift: int) -> "np.ndarray":
        cols = [m - shift for m in assessed]
        return table[cols].to_numpy(dtype=float).sum(axis=1)

    observed = months_sum(0)
    previous = months_sum(12)
    expected = np.mean([months_sum(12 * y) for y in range(1, years + 1)], axis=0)
    history = table[[assessed[0] - k for k in range(12 * years, 0, -1)]].to_numpy(dtype=float)
    phi, spread = _spread(history, years=years, dispersion=dispersion)
    bound, p_exceed, chance = _upper_bound(observed, expected, spread, level)
    assessable = expected >= min_expected
    flagged = assessable & (observed > bound)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(expected > 0, observed / expected, np.where(observed > 0, np.inf, np.nan))
    reason = np.where(
        assessable, "",
        np.array([f"expected {e:.3g} below the minimum of {min_expected:g}" for e in expected], dtype=object),
    )
    versus = count_change(previous, observed)["direction"].to_numpy()
    label = str(assessed[0]) if window == 1 else f"{assessed[0]}..{assessed[-1]}"
    out = _ranked(pd.DataFrame({
        unit: table.index.get_level_values(0), crime: table.index.get_level_values(1),
        "months": label, "observed": observed.astype(int), "expected": expected, "dispersion": phi,
        "bound": bound.astype(int), "ratio": ratio, "excess": (observed - bound).astype(int), "p_exceed": p_exceed,
        "chance_of_flag": np.where(assessable, chance, np.nan), "previous_year": previous.astype(int),
        "change_vs_previous_year": versus, "flagged": flagged, "reason": reason,
    }))
    log.info("early warning %s: %d of %d series flagged (%.1f expected by chance), %d not assessable "
             "(expected below %g)", label, int(flagged.sum()), len(out), flags_by_chance(out),
             int((~assessable).sum()), min_expected)
    return out


def _spread(history: "np.ndarray", *, years: int, dispersion: str) -> tuple["np.ndarray", "np.ndarray"]:
    """Per series: ``phi`` (1 for ``poisson``) and the variance-to-mean ratio of the count around its expected count."""
    import numpy as np

    if dispersion == "poisson":
        return np.ones(len(history)), np.ones(len(history))
    phi = np.fmax(1.0, history_dispersion(history, years=years))
    # The expected count is itself a mean of `years` counts, with variance phi * mean / years: the next count
    # lies around it with variance phi * mean * (1 + 1 / years) (the prediction variance the Farrington
    # threshold adds too). Without it, simulated Poisson counts were flagged 4.4% of the time at 2.5%.
    return phi, phi * (1 + 1 / years)


def _ranked(out: "pd.DataFrame") -> "pd.DataFrame":
    """Flagged first, furthest above their bound first; the rest by how unusual they are."""
    import numpy as np

    out["_key"] = np.where(out["flagged"], -out["excess"], np.inf)
    out = out.sort_values(["flagged", "_key", "p_exceed"], ascending=[False, True, True], kind="mergesort")
    return out.drop(columns="_key").reset_index(drop=True)


def flags_by_chance(warning: "pd.DataFrame") -> float:
    """How many flags of an :func:`early_warning` table chance alone would give: the sum of ``chance_of_flag``.

    With 200 assessed series at a one-sided 2.5% bound this is at most 5; less, because a count is whole
    and its bound is the first whole number at or above the level.
    """
    import numpy as np

    return float(np.nansum(warning["chance_of_flag"].to_numpy(dtype=float)))


def history_dispersion(history: "Any", *, years: int) -> "np.ndarray":
    """Pearson dispersion of each monthly series around a year and a calendar-month effect.

    Parameters
    ----------
    history
        ``(series, 12 * years)`` counts of consecutive months.
    years
        Number of 12-month blocks in ``history``.

    Returns
    -------
    numpy.ndarray
        Per series, Pearson's X^2 of the ``years`` x 12 table under
        independence (fitted count row total x column total / total) over its
        degrees of freedom, ``(rows - 1) x (columns - 1)`` counting only rows
        and columns that are not all zero: the quasi-Poisson ``phi`` of a
        log-linear model with a year and a month effect. NaN where there are
        no degrees of freedom (a series of zeros, or one year).
    """
    import numpy as np

    h = np.asarray(history, dtype=float).reshape(-1, years, 12)
    rows = h.sum(axis=2, keepdims=True)
    cols = h.sum(axis=1, keepdims=True)
    total = h.sum(axis=(1, 2), keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        fitted = rows * cols / total
        cells = np.where(fitted > 0, (h - fitted) ** 2 / fitted, 0.0)
    df = np.maximum((rows[:, :, 0] > 0).sum(axis=1) - 1, 0) * np.maximum((cols[:, 0, :] > 0).sum(axis=1) - 1, 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(df > 0, cells.sum(axis=(1, 2)) / np.where(df > 0, df, 1), np.nan)


def _upper_bound(observed: "np.ndarray", expected: "np.ndarray", phi: "np.ndarray", level: float
                 ) -> tuple["np.ndarray", "np.ndarray", "np.ndarray"]:
    """Per series: the ``level`` quantile, P(X >= observed) and P(X > quantile) for X with mean ``expected``
    and variance ``phi`` x ``expected``: Poisson where ``phi`` is 1, negative binomial above."""
    import numpy as np
    from scipy.stats import nbinom, poisson

    bound = poisson.ppf(level, expected)
    p_exceed = poisson.sf(observed - 1, expected)
    chance = poisson.sf(bound, expected)
    wide = (phi > 1) & (expected > 0)
    if wide.any():
        # Negative binomial with mean mu and variance phi * mu: n = mu / (phi - 1), p = 1 / phi.
        n, p = expected[wide] / (phi[wide] - 1), 1 / phi[wide]
        bound = bound.copy()
        bound[wide] = nbinom.ppf(level, n, p)
        p_exceed[wide] = nbinom.sf(observed[wide] - 1, n, p)
        chance[wide] = nbinom.sf(bound[wide], n, p)
    return np.asarray(bound, dtype=float), np.asarray(p_exceed, dtype=float), np.asarray(chance, dtype=float)


def _check_warning(*, window: int, level: float, min_expected: float, years: int, dispersion: str) -> None:
    if not isinstance(window, int) or window < 1 or window > 12:
        raise OptionError(messages.line("change_window_must_whole_number", window=window))
    if not 0.5 < level < 1:
        raise OptionError(messages.line("change_level_must_lie_between2", level=level, WARNING_LEVEL=WARNING_LEVEL))
    if min_expected < 0:
        raise OptionError(messages.line("change_min_expected_must_negative", min_expected=min_expected))
    if not isinstance(years, int) or years < 1:
        raise OptionError(messages.line("change_years_must_whole_number", years=years))
    if dispersion not in DISPERSION_MODELS:
        raise OptionError(messages.line("change_unknown_dispersion_dispersion_r", dispersion=dispersion,
                                        or_join_dispersion_m=messages.line("or_").join(DISPERSION_MODELS)))


def _monthly_table(frame: "pd.DataFrame", *, unit: str, crime: str, month: str, count: str, window: int,
                   years: int) -> tuple["pd.DataFrame", "pd.PeriodIndex"]:
    """The counts as a (unit, crime) x month table without gaps, and the months assessed."""
    import pandas as pd

    missing = [c for c in (unit, crime, month, count) if c not in frame.columns]
    if missing:
        raise DataError(messages.line("change_table_no_column_join",
                                      join_repr_c_for_c_in=', '.join(repr(c) for c in missing)))
    if frame.empty:
        raise DataError(messages.line("change_table_no_rows_give"))
    data = pd.DataFrame({
        "unit": frame[unit].to_numpy(), "crime": frame[crime].to_numpy(),
        "month": _months(frame[month]), "count": _month_counts(frame[count]),
    })
    dup = data.duplicated(["unit", "crime", "month"])
    if dup.any():
        first = data[dup].iloc[0]
        raise DataError(messages.line("change_int_dup_sum_duplicate", int_dup_sum=int(dup.sum()),
                                      first_unit=first['unit'], first_crime=first['crime'],
                                      first_month=first['month']))

    last = data["month"].max()
    first_month = data["month"].min()
    assessed = pd.period_range(end=last, periods=window, freq="M")
    earliest_needed = assessed[0] - 12 * years
    if first_month > earliest_needed:
        have = (assessed[0] - first_month).n
        raise DataError(
            messages.line("change_table_starts_first_month", first_month=first_month, have=have,
                          assessed_0=assessed[0], years=years, earliest_needed=earliest_needed)
        )
    span = pd.period_range(first_month, last, freq="M")
    table = data.pivot_table(index=["unit", "crime"], columns="month", values="count", aggfunc="sum")
    table = table.reindex(columns=span)
    gaps = table.isna()
    if gaps.to_numpy().any():
        (u, c) = gaps.index[gaps.any(axis=1).to_numpy()][0]
        months_missing: list[object] = [str(m) for m in span[gaps.loc[(u, c)].to_numpy()]]
        n_series = int(gaps.any(axis=1).sum())
        others = messages.line("change_other_gaps", n=n_series - 1) if n_series > 1 else ""
        raise DataError(messages.line("change_month_gaps", unit=u, crime=c, months=few(months_missing), others=others,
                                      first=first_month, last=last))
    return table, assessed


# --- helpers --------------------------------------------------------------------
def _check_alpha(alpha: float) -> None:
    if not 0 < alpha < 1:
        raise OptionError(messages.line("change_alpha_must_lie_between", alpha=alpha, DEFAULT_ALPHA=DEFAULT_ALPHA))


def _counts(values: "Any", name: str) -> "np.ndarray":
    import numpy as np
    import pandas as pd

    try:
        arr = np.asarray(pd.to_numeric(pd.Series(np.asarray(values, dtype=object).ravel())), dtype=float)
    except (TypeError, ValueError) as exc:
        raise DataError(messages.line("change_name_holds_values_that", name=name)) from exc
    finite = np.isfinite(arr)
    if (arr[finite] < 0).any():
        raise DataError(messages.line("change_name_negative_counts_at", name=name,
                                      few_list_np_flatnonz=few(list(np.flatnonzero(finite & (arr < 0))))))
    if (arr[finite] != np.round(arr[finite])).any():
        raise DataError(messages.line("change_name_counts_that_whole", name=name))
    return arr


def _exposure(values: "Any", name: str, n: int) -> "np.ndarray":
    import numpy as np

    arr = np.asarray(values, dtype=float).ravel()
    if len(arr) != n:
        raise DataError(messages.line("change_name_len_arr_values", name=name, len_arr=len(arr), n=n))
    if (arr[np.isfinite(arr)] <= 0).any():
        raise DataError(messages.line("change_name_zero_negative_exposures", name=name))
    return arr


def _months(values: "pd.Series") -> "pd.Series":
    import pandas as pd

    if isinstance(values.dtype, pd.PeriodDtype):
        if values.isna().any():
            raise DataError(messages.line("change_month_column_empty_values"))
        return values.dt.asfreq("M")
    # Each distinct value parsed once: a table of thousands of squares by 37 months repeats every month.
    parsed = {}
    for v in pd.unique(values.to_numpy(dtype=object)):
        if isinstance(v, pd.Period):
            parsed[v] = v.asfreq("M")
            continue
        match = _MONTH_KEY.match(str(v).strip())
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise DataError(messages.line("change_month_v_r_neither", v=v))
        parsed[v] = pd.Period(year=int(match.group(1)), month=int(match.group(2)), freq="M")
    return pd.Series([parsed[v] for v in values.to_numpy(dtype=object)], dtype="period[M]", index=values.index)


def _month_counts(values: "pd.Series") -> "np.ndarray":
    import numpy as np
    import pandas as pd

    arr = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
    if np.isnan(arr).any():
        raise DataError(messages.line("change_int_np_isnan_arr", int_np_isnan_arr_sum=int(np.isnan(arr).sum())))
    if (arr < 0).any():
        raise DataError(messages.line("change_int_arr_sum_negative", int_arr_0_sum=int((arr < 0).sum()),
                                      arr_arr_0_0=arr[arr < 0][0]))
    if (arr != np.round(arr)).any():
        raise DataError(messages.line("change_counts_must_whole_numbers"))
    return arr


def tally(direction: "Any") -> dict[str, int]:
    """How many areas went each way (``rise``, ``fall``, ...), in the order of :data:`DIRECTIONS`."""
    import numpy as np

    values = np.asarray(direction, dtype=object)
    return {d: int(np.sum(values == d)) for d in DIRECTIONS}
