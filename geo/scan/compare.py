"""Is the area better, worse, or not demonstrably different from a reference?

Only a significant difference earns "beter" or "slechter"; everything else
is "geen aantoonbaar verschil" (or "niet te toetsen" where a figure or a
margin is missing). The tests are vmgeo's own, never re-derived here:

- **Registrations** (:func:`count_verdicts`): the exact conditional
  binomial test of :func:`geo.stats.change.count_change`, with the
  populations as exposures. Comparing the area with a reference is the
  same test as comparing two periods: two Poisson counts with their
  exposures. The area is left out of a reference that contains it (the
  country, its eenheid, its gemeente), so that it is not compared with
  itself.
- **Veiligheidsmonitor figures** (:func:`survey_verdicts`): CBS's margin
  rule of :func:`geo.stats.change.survey_change` (standard errors from the
  95% margins of two independent estimates). A reference that contains the
  area is not independent of it, so the area is taken out first
  (:func:`rest_of`): with ``s`` the area's share of the reference's
  inhabitants of 15 and over, and the reference figure read as the
  population-weighted combination of independent samples of its parts,
  the rest is ``(p_ref - s p_area) / (1 - s)`` with variance
  ``(se_ref^2 - s^2 se_area^2) / (1 - s)^2`` (never below zero: published
  bounds are rounded). A peer group is pooled the
  same way (:func:`pooled`): ``sum w_i p_i`` with variance
  ``sum w_i^2 se_i^2``. That is what a stratified sample gives; it is an
  approximation of CBS's weighting, said so in the report.

Percentages are never added up as if they were counts: they are only
combined as weighted means of estimates, with their margins.

**A relevant difference.** With half a million inhabitants every
difference is significant. "Beter" or "slechter" therefore also needs a
difference at least as large as :data:`RELEVANT` (10% of the reference for
a rate, 2 points for a survey percentage, 0.2 for a rapportcijfer; ``vmgeo
scan --relevant`` changes them); a significant but smaller difference is
"geen relevant verschil" (:data:`NO_RELEVANT`).

**Overdispersion.** Registered counts vary more from year to year than a
Poisson count would (:func:`dispersion`, quasi-Poisson, from the area's own
series). With a dispersion above 1 the count test is the Wald test of the
log rate ratio with its variance multiplied by it, and intervals are
widened by its square root (:func:`dispersed_interval`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import categories as cat
from .. import messages
from ..settings import DEFAULT_ALPHA, RATE_PER
from ..stats.change import count_change, survey_change
from . import catalogue

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

BETTER, WORSE, NO_DIFFERENCE = "better", "worse", "no_difference"
#: Significant, but smaller than the relevant difference.
NO_RELEVANT = "no_relevant_difference"
#: A change over time that is significant but smaller than the relevant difference.
SMALL_CHANGE = "small_change"
#: The smallest relevant difference per unit of a figure: relative for a rate per 1,000 (and a count),
#: in points for a survey percentage and a rapportcijfer.
RELEVANT = {"per_1000": 0.10, "percent": 2.0, "mark": 0.2}
#: Units whose relevant difference is relative to the reference.
RELATIVE_UNITS = ("per_1000", "count")
NOT_TESTABLE, TOO_FEW = cat.NOT_TESTABLE, cat.TOO_FEW
#: The tests, as the figures table names them.
COUNT_TEST, SURVEY_TEST = "count-exact", "survey-se"
#: The count test with overdispersion (quasi-Poisson Wald test of the log rate ratio).
COUNT_QUASI_TEST = "count-quasi"
Z95 = 1.959963984540054


def verdict(direction: str, higher_is: str) -> str:
    """A change-style direction (``rise``, ``fall``, ...) of area against reference, as a verdict."""
    if direction == cat.RISE:
        return WORSE if higher_is == catalogue.WORSE else BETTER
    if direction == cat.FALL:
        return BETTER if higher_is == catalogue.WORSE else WORSE
    if direction == cat.NO_CHANGE:
        return NO_DIFFERENCE
    if direction == cat.TOO_FEW:
        return TOO_FEW
    return NOT_TESTABLE


#: The names ``--relevant`` takes, by unit.
RELEVANT_NAMES = {"rate": "per_1000", "percent": "percent", "mark": "mark"}


def parse_relevant(spec: str | None) -> dict[str, float]:
    """``rate=10%,percent=2,mark=0.2`` (any of them) as units to the smallest relevant difference.

    Raises
    ------
    OptionError
        Naming the part that is not ``NAME=NUMBER`` with a known name.
    """
    from ..errors import OptionError

    out: dict[str, float] = {}
    for part in (spec or "").split(","):
        if not part.strip():
            continue
        name, _, value = part.partition("=")
        unit = RELEVANT_NAMES.get(name.strip().lower())
        number = value.strip().replace(",", ".")
        try:
            amount = float(number.rstrip("%"))
        except ValueError:
            amount = float("nan")
        if unit is None or not amount >= 0:
            raise OptionError(messages.line("scan_compare_relevant_name_number", spec=spec, part=part.strip()))
        # A rate's relevant difference is always a percent (rate=10 and rate=10% are 10%): reading
        # small numbers as fractions made rate=0.5 mean 50% and rate=1 mean 1%.
        out[unit] = amount / 100 if unit == "per_1000" else amount
    return out


def is_relevant(value: Any, reference: Any, unit: str, *, relevant: dict[str, float] | None = None) -> bool:
    """Whether ``value`` differs from ``reference`` by at least the relevant difference of ``unit``."""
    import math

    limits = {**RELEVANT, **(relevant or {})}
    key = "per_1000" if unit in RELATIVE_UNITS else unit
    if key not in limits:
        return True
    v, r = float(value), float(reference)
    if not (math.isfinite(v) and math.isfinite(r)):
        return False
    if unit in RELATIVE_UNITS:
        return r != 0 and abs(v - r) / abs(r) >= limits[key] - 1e-12
    return abs(v - r) >= limits[key] - 1e-12


def relevant_verdict(tested: str, value: Any, reference: Any, unit: str, *,
                     relevant: dict[str, float] | None = None) -> str:
    """``better``/``worse`` kept only for a relevant difference; otherwise :data:`NO_RELEVANT`."""
    if tested in (BETTER, WORSE) and not is_relevant(value, reference, unit, relevant=relevant):
        return NO_RELEVANT
    return tested


def dispersion(counts: Any) -> float:
    """The quasi-Poisson dispersion of a yearly series of counts (at least 1; 1 with fewer than 3 years).

    From second differences, so that a steady trend is not read as noise:
    for independent Poisson counts ``Var(y[t+1] - 2 y[t] + y[t-1]) =
    mu[t+1] + 4 mu[t] + mu[t-1]``, so the mean of the squared second
    difference over that sum estimates the dispersion ``phi``.
    """
    import numpy as np

    y = np.asarray(counts, dtype=float)
    y = y[np.isfinite(y)]
    if len(y) < 3:
        return 1.0
    second = y[2:] - 2 * y[1:-1] + y[:-2]
    scale = y[2:] + 4 * y[1:-1] + y[:-2]
    keep = scale > 0
    if not keep.any():
        return 1.0
    return max(1.0, float(np.mean(second[keep] ** 2 / scale[keep])))


def dispersed_interval(count: float, low: float, high: float, phi: float) -> tuple[float, float]:
    """A Poisson interval (``low``, ``high`` around ``count``) widened by the square root of the dispersion."""
    import math

    factor = math.sqrt(max(phi, 1.0))
    return max(0.0, count - factor * (count - low)), count + factor * (high - count)


def quasi_test(rest: Any, a: Any, rest_pop: Any, ea: Any, phi: Any, alpha: float = DEFAULT_ALPHA
               ) -> tuple["np.ndarray", "np.ndarray"]:
    """Two-sided p and direction of the rate ratio area/rest with variance ``phi (1/a + 1/rest)`` of its log."""
    import numpy as np
    from scipy.stats import norm

    rest, a, rest_pop, ea, phi = (np.asarray(x, dtype=float) for x in (rest, a, rest_pop, ea, phi))
    with np.errstate(divide="ignore", invalid="ignore"):
        log_rr = np.log((a / ea) / (rest / rest_pop))
        se = np.sqrt(phi * (1 / a + 1 / rest))
        p = 2 * norm.sf(np.abs(log_rr / se))
    direction = np.where(~np.isfinite(p), cat.NOT_TESTABLE,
                         np.where(p < alpha, np.where(log_rr > 0, cat.RISE, cat.FALL), cat.NO_CHANGE))
    return p, direction.astype(object)


def count_verdicts(area_count: Any, area_pop: Any, ref_count: Any, ref_pop: Any, *, contains_area: Any,
                   higher_is: Any, alpha: float = DEFAULT_ALPHA, dispersion: Any = 1.0,
                   relevant: float = RELEVANT["per_1000"]) -> "pd.DataFrame":
    """Registered counts of areas against references, by the exact conditional binomial test.

    Parameters
    ----------
    area_count, area_pop
        Count and inhabitants of the area, per row.
    ref_count, ref_pop
        Count and inhabitants of the whole reference, per row.
    contains_area
        Per row: whether the area is part of the reference; its count and
        inhabitants are then taken out of the reference first.
    higher_is
        Per row: ``worse`` or ``better``.
    alpha
        Two-sided level.
    dispersion
        Per row (or one): the quasi-Poisson dispersion of the counts
        (:func:`dispersion`); above 1 the test allows for it.
    relevant
        The smallest relevant difference, relative to the rest's rate.

    Returns
    -------
    pandas.DataFrame
        ``rest_count``, ``rest_pop``, ``rest_rate`` (per 1,000), ``rate_ratio``,
        ``p``, ``direction`` (of :func:`~geo.stats.change.count_change`, or
        of the quasi-Poisson test), ``test`` and ``verdict``.
    """
    import numpy as np
    import pandas as pd


    a = np.asarray(area_count, dtype=float)
    ea = np.asarray(area_pop, dtype=float)
    inside = np.asarray(contains_area, dtype=bool)
    rest = np.asarray(ref_count, dtype=float) - np.where(inside, a, 0.0)
    rest_pop = np.asarray(ref_pop, dtype=float) - np.where(inside, ea, 0.0)
    # A reference that is the area itself, or inconsistent sums, cannot be tested: never "significant".
    bad = ~(np.isfinite(rest) & (rest >= 0) & np.isfinite(rest_pop) & (rest_pop > 0) & np.isfinite(ea) & (ea > 0))
    rest = np.where(bad, np.nan, np.round(rest))
    rest_pop = np.where(bad, np.nan, rest_pop)
    ea = np.where(np.isfinite(ea) & (ea > 0), ea, np.nan)
    tested = count_change(rest, a, exposure_before=rest_pop, exposure_after=ea, alpha=alpha)
    directions = tested["direction"].to_numpy(dtype=object)
    p = tested["p"].to_numpy(dtype=float)
    phi = np.broadcast_to(np.asarray(dispersion, dtype=float), a.shape)
    quasi = (phi > 1) & (a > 0) & (rest > 0) & ~bad
    if quasi.any():
        q_p, q_dir = quasi_test(rest, a, rest_pop, ea, phi, alpha)
        p = np.where(quasi, q_p, p)
        directions = np.where(quasi, q_dir, directions)
    hi = np.broadcast_to(np.asarray(higher_is, dtype=object), directions.shape)
    rest_rate = rest / rest_pop * RATE_PER
    area_rate = a / ea * RATE_PER
    limits = {"per_1000": relevant}
    return pd.DataFrame({
        "rest_count": rest, "rest_pop": rest_pop, "rest_rate": rest_rate,
        "rate_ratio": tested["rate_ratio"].to_numpy(), "p": p, "direction": directions,
        "test": np.where(quasi, COUNT_QUASI_TEST, COUNT_TEST),
        "verdict": [relevant_verdict(verdict(d, h), v, r, "per_1000", relevant=limits)
                    for d, h, v, r in zip(directions, hi, area_rate, rest_rate)],
    })


def rest_of(reference: tuple[Any, Any, Any], area: tuple[Any, Any, Any], share: Any
            ) -> tuple["np.ndarray", "np.ndarray", "np.ndarray"]:
    """The figure of a reference without the area in it, with its 95% interval (see the module notes).

    Parameters
    ----------
    reference, area
        (value, lower, upper) arrays.
    share
        The area's share of the reference's inhabitants of 15 and over
        (0 for a reference the area is not part of).

    Returns
    -------
    tuple of numpy.ndarray
        Value, lower and upper bound of the rest; NaN where it cannot be
        derived (a missing margin or a share of 1).
    """
    import numpy as np

    pr, lr, ur = (np.asarray(x, dtype=float) for x in reference)
    pa, la, ua = (np.asarray(x, dtype=float) for x in area)
    s = np.asarray(share, dtype=float)
    se_r = (ur - lr) / 2 / Z95
    se_a = (ua - la) / 2 / Z95
    with np.errstate(divide="ignore", invalid="ignore"):
        value = (pr - s * pa) / (1 - s)
        # Published bounds are rounded (a national mark of 7.2 has bounds 7.2 and 7.2), so the area's part can
        # seem to exceed the reference's whole variance: the rest's own error is then too small to measure.
        variance = np.maximum(se_r**2 - s**2 * se_a**2, 0.0) / (1 - s) ** 2
    ok = np.isfinite(value) & np.isfinite(variance) & (s < 1) & (s >= 0)
    se = np.sqrt(np.where(ok, variance, np.nan))
    value = np.where(ok, value, np.nan)
    return value, value - Z95 * se, value + Z95 * se


def pooled(values: Any, lowers: Any, uppers: Any, weights: Any) -> tuple[float, float, float]:
    """A weighted mean of independent estimates and its 95% interval (NaN when one lacks a margin or weight)."""
    import numpy as np

    v, lo, hi, w = (np.asarray(x, dtype=float) for x in (values, lowers, uppers, weights))
    if not len(v) or not np.all(np.isfinite(v) & np.isfinite(lo) & np.isfinite(hi) & np.isfinite(w) & (w > 0)):
        return float("nan"), float("nan"), float("nan")
    w = w / w.sum()
    se = (hi - lo) / 2 / Z95
    value = float(np.sum(w * v))
    half = Z95 * float(np.sqrt(np.sum(w**2 * se**2)))
    return value, value - half, value + half


def published_margins(frame: "pd.DataFrame") -> "pd.DataFrame":
    """``value``, ``lower``, ``upper`` as floats; an interval of width zero counts as no margin at all.

    Bounds are published rounded like the figure: a mark of 7.3 from a large
    sample can have bounds 7.3 and 7.3. Read as a margin of zero, any other
    figure would differ "significantly" from it; it is a margin too small to
    publish, so the difference cannot be tested.
    """
    out = frame[["value", "lower", "upper"]].reset_index(drop=True).astype(float)
    zero = out["lower"] == out["upper"]
    out.loc[zero, ["lower", "upper"]] = float("nan")
    return out


def survey_verdicts(area: "pd.DataFrame", reference: "pd.DataFrame", *, share: Any, higher_is: Any,
                    alpha: float = DEFAULT_ALPHA, relevant: Any = RELEVANT["percent"]) -> "pd.DataFrame":
    """Veiligheidsmonitor figures of areas against references, by CBS's margin rule.

    Parameters
    ----------
    area, reference
        ``value``, ``lower``, ``upper`` per row (aligned by position).
    share
        Per row: the area's share of the reference's inhabitants of 15 and
        over, 0 when the area is not part of the reference.
    higher_is
        Per row: ``worse`` or ``better``.
    alpha
        Two-sided level.
    relevant
        Per row (or one): the smallest relevant difference, in points.

    Returns
    -------
    pandas.DataFrame
        ``rest_value``, ``rest_lower``, ``rest_upper`` (the reference
        without the area), ``p``, ``direction`` and ``verdict``.
    """
    import numpy as np
    import pandas as pd


    a = published_margins(area)
    r = published_margins(reference)
    rv, rl, ru = rest_of((r["value"], r["lower"], r["upper"]), (a["value"], a["lower"], a["upper"]), share)
    rest = pd.DataFrame({"value": rv, "lower": rl, "upper": ru})
    tested = survey_change(rest, a, rule="se", alpha=alpha)
    directions = tested["direction"].to_numpy(dtype=object)
    hi = np.broadcast_to(np.asarray(higher_is, dtype=object), directions.shape)
    limit = np.broadcast_to(np.asarray(relevant, dtype=float), directions.shape)
    return pd.DataFrame({
        "rest_value": rv, "rest_lower": rl, "rest_upper": ru, "p": tested["p"].to_numpy(),
        "direction": directions,
        "verdict": [relevant_verdict(verdict(d, h), v, r, "points", relevant={"points": m})
                    for d, h, v, r, m in zip(directions, hi, a["value"], rv, limit)],
    })
