"""Change between periods: exact count test, survey margins and the monthly early warning, against hand computations."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import beta, binomtest, chi2_contingency, nbinom

from geo.errors import DataError, OptionError
from geo.stats.change import (
    FALL,
    NO_CHANGE,
    NOT_TESTABLE,
    RISE,
    TOO_FEW,
    count_change,
    early_warning,
    flags_by_chance,
    history_dispersion,
    survey_change,
    tally,
)


# --- counts -----------------------------------------------------------------------------------
def test_count_change_equals_binomial_sum_by_hand():
    """a = 3, b = 11: given 14 events, b ~ Binomial(14, 1/2) under no change."""
    out = count_change([3], [11]).iloc[0]
    pmf = [math.comb(14, k) / 2**14 for k in range(15)]
    # Two-sided: every split no more likely than the observed one (k = 0..3 and 11..14).
    p_hand = sum(q for q in pmf if q <= pmf[11] * (1 + 1e-7))
    assert p_hand == pytest.approx((1 + 14 + 91 + 364) * 2 / 16384)
    assert out["p"] == pytest.approx(p_hand, rel=1e-12)
    assert out["rate_ratio"] == pytest.approx(11 / 3)
    assert out["expected_share"] == 0.5
    # Exact (Clopper-Pearson) interval of the share b / (a + b), as odds = the rate ratio with equal exposure.
    lo, hi = beta.ppf(0.025, 11, 4), beta.ppf(0.975, 12, 3)
    assert out["rr_lower"] == pytest.approx(lo / (1 - lo), rel=1e-9)
    assert out["rr_upper"] == pytest.approx(hi / (1 - hi), rel=1e-9)
    assert out["direction"] == NO_CHANGE  # p = 0.057 > 0.05
    assert count_change([3], [11], alpha=0.06)["direction"].iloc[0] == RISE
    assert count_change([11], [3], alpha=0.06)["direction"].iloc[0] == FALL


def test_count_change_with_exposures_by_hand():
    """10 crimes among 1,000 inhabitants, then 30 among 2,000: pi = 2/3 under an unchanged rate."""
    out = count_change([10], [30], exposure_before=[1000], exposure_after=[2000]).iloc[0]
    pi = 2000 / 3000
    pmf = [math.comb(40, k) * pi**k * (1 - pi) ** (40 - k) for k in range(41)]
    p_hand = sum(q for q in pmf if q <= pmf[30] * (1 + 1e-7))
    assert out["expected_share"] == pytest.approx(pi)
    assert out["p"] == pytest.approx(p_hand, rel=1e-9)
    assert out["rate_ratio"] == pytest.approx((30 / 2000) / (10 / 1000))
    ci = binomtest(30, 40, pi).proportion_ci(0.95, method="exact")
    assert out["rr_lower"] == pytest.approx(ci.low / (1 - ci.low) * 1000 / 2000)
    assert out["rr_upper"] == pytest.approx(ci.high / (1 - ci.high) * 1000 / 2000)


def test_count_change_too_few_and_not_testable():
    out = count_change(pd.Series([0, 5, 0, 6, 0, None], index=list("abcdef")), [5, 0, 6, 0, 0, 4])
    assert list(out.index) == list("abcdef")
    # Five events in all: even 0 against 5 gives p = 2 / 2**5 = 0.0625, so no split can reach 0.05.
    assert out.loc["a", "p"] == pytest.approx(2 / 2**5)
    assert out.loc["a", "direction"] == TOO_FEW and out.loc["b", "direction"] == TOO_FEW
    # Six: 0 against 6 gives 2 / 2**6 = 0.031.
    assert out.loc["c", "p"] == pytest.approx(2 / 2**6)
    assert out.loc["c", "direction"] == RISE and out.loc["d", "direction"] == FALL
    assert out.loc["e", "direction"] == TOO_FEW and np.isnan(out.loc["e", "p"])
    assert out.loc["f", "direction"] == NOT_TESTABLE
    assert tally(out["direction"])[TOO_FEW] == 3


def test_count_change_is_vectorised_like_scipy():
    rng = np.random.default_rng(3)
    a, b = rng.poisson(20, 50), rng.poisson(26, 50)
    out = count_change(a, b)
    expected = [binomtest(int(y), int(x + y), 0.5).pvalue for x, y in zip(a, b)]
    np.testing.assert_allclose(out["p"].to_numpy(), expected, rtol=1e-12)



def test_count_change_equals_binomtest_on_many_cases_with_ties_zeros_and_exposures():
    """Issue 18: the series spent 63% of its time calling binomtest three times per area. The vectorised test
    must give binomtest's own p (and its exact interval) on every kind of case: zeros on one or both sides,
    ties (a = b), unequal exposures (pi far from 1/2), small and large totals."""
    rng = np.random.default_rng(2024)
    m = 200
    a = np.concatenate([rng.poisson(rng.gamma(0.7, 8, m)), [0, 0, 7, 0, 40, 1, 300, 12, 0]])
    b = np.concatenate([rng.poisson(rng.gamma(0.7, 8, m)), [0, 9, 0, 1, 40, 1, 260, 12, 25]])
    a[:25] = b[:25]  # ties
    ea = np.concatenate([rng.uniform(100, 5000, m), np.full(9, 1000.0)])
    eb = np.concatenate([rng.uniform(100, 5000, m), [1000, 1000, 1000, 1000, 1000, 3000, 1000, 250, 1000]])
    for exposures in ({}, {"exposure_before": ea, "exposure_after": eb}):
        out = count_change(a, b, **exposures)
        pi = (eb / (ea + eb)) if exposures else np.full(len(a), 0.5)
        checked = 0
        for i in range(len(a)):
            n = int(a[i] + b[i])
            if n == 0:
                assert out["direction"].iloc[i] == TOO_FEW and np.isnan(out["p"].iloc[i])
                continue
            test = binomtest(int(b[i]), n, pi[i])
            assert out["p"].iloc[i] == pytest.approx(test.pvalue, rel=1e-12, abs=1e-300), (a[i], b[i], pi[i])
            ci = test.proportion_ci(0.95, method="exact")
            odds = (ea[i] / eb[i]) if exposures else 1.0
            if ci.low > 0:
                assert out["rr_lower"].iloc[i] == pytest.approx(ci.low / (1 - ci.low) * odds, rel=1e-7)
            if ci.high < 1:
                assert out["rr_upper"].iloc[i] == pytest.approx(ci.high / (1 - ci.high) * odds, rel=1e-7)
            # too_few: when neither extreme split (all before, all after) could reach alpha.
            best = min(binomtest(0, n, pi[i]).pvalue, binomtest(n, n, pi[i]).pvalue)
            expected = TOO_FEW if best >= 0.05 else (NO_CHANGE if test.pvalue >= 0.05 else
                                                    RISE if b[i] / (eb[i] if exposures else 1) >
                                                    a[i] / (ea[i] if exposures else 1) else FALL)
            assert out["direction"].iloc[i] == expected, (a[i], b[i], pi[i])
            checked += 1
        assert checked > 180 and (out["direction"] == RISE).any() and (out["direction"] == FALL).any()

@pytest.mark.parametrize(
    ("before", "after", "kwargs", "error", "words"),
    [
        ([3, -1], [4, 5], {}, DataError, "negatieve"),
        ([3.5], [4], {}, DataError, "gehele"),
        ([3, 4], [4], {}, DataError, "één paar per gebied"),
        ([3], [4], {"exposure_before": [10]}, OptionError, "geen van beide"),
        ([3], [4], {"exposure_before": [0], "exposure_after": [5]}, DataError, "positief"),
        ([3], [4], {"alpha": 1.5}, OptionError, "alpha"),
    ],
)
def test_count_change_bad_input(before, after, kwargs, error, words):
    with pytest.raises(error, match=words) as info:
        count_change(before, after, **kwargs)
    assert "\n" not in str(info.value)


# --- Veiligheidsmonitor margins -----------------------------------------------------------------
def vm(values, half_widths, index):
    v = np.asarray(values, dtype=float)
    h = np.asarray(half_widths, dtype=float)
    return pd.DataFrame({"value": v, "lower": v - h, "upper": v + h}, index=index)


def test_survey_change_on_both_sides_of_the_margin():
    """Margins of 2 points on both figures: se = 2 / 1.96 each, so the se rule needs |d| > 2 * sqrt(2) = 2.83
    and the overlap rule |d| > 2 + 2 = 4."""
    idx = ["just_over", "just_under", "overlap_but_se", "apart", "fall", "equal"]
    before = vm([20, 20, 20, 20, 20, 20], [2] * 6, idx)
    after = vm([22.9, 22.7, 23.9, 24.1, 17.0, 20.0], [2] * 6, idx)
    se_rule = survey_change(before, after)
    overlap_rule = survey_change(before, after, rule="overlap")

    se = 2 / 1.959963984540054
    for name in idx:
        d = after.loc[name, "value"] - before.loc[name, "value"]
        z_hand = d / math.sqrt(se**2 + se**2)
        assert se_rule.loc[name, "z"] == pytest.approx(z_hand)
        assert se_rule.loc[name, "p"] == pytest.approx(math.erfc(abs(z_hand) / math.sqrt(2)))
        assert se_rule.loc[name, "significant"] == (abs(d) > 1.959963984540054 * math.sqrt(2 * se**2))
    assert se_rule["direction"].tolist() == [RISE, NO_CHANGE, RISE, RISE, FALL, NO_CHANGE]
    assert overlap_rule["direction"].tolist() == [NO_CHANGE, NO_CHANGE, NO_CHANGE, RISE, NO_CHANGE, NO_CHANGE]
    assert se_rule["overlap"].tolist() == [True, True, True, False, True, True]
    assert se_rule.loc["just_over", "se_before"] == pytest.approx(se)


def test_survey_overlap_rule_is_never_less_conservative():
    rng = np.random.default_rng(11)
    n = 400
    before = vm(rng.uniform(10, 60, n), rng.uniform(0.5, 6, n), range(n))
    after = vm(before["value"] + rng.normal(0, 4, n), rng.uniform(0.5, 6, n), range(n))
    se_rule = survey_change(before, after)["significant"]
    overlap_rule = survey_change(before, after, rule="overlap")["significant"]
    assert not (overlap_rule & ~se_rule).any()
    assert (se_rule & ~overlap_rule).any()


def test_survey_change_missing_margin_is_not_testable():
    before = pd.DataFrame({"value": [20.0, 20.0, 20.0], "lower": [18.0, np.nan, 18.0], "upper": [22.0, 22.0, 22.0]},
                          index=["a", "b", "c"])
    after = pd.DataFrame({"value": [40.0, 40.0, np.nan, 40.0], "lower": [38.0, 38.0, 38.0, 38.0],
                          "upper": [42.0, 42.0, 42.0, 42.0]}, index=["a", "b", "c", "d"])
    out = survey_change(before, after)
    assert out["direction"].tolist() == [RISE, NOT_TESTABLE, NOT_TESTABLE, NOT_TESTABLE]
    assert out["significant"].tolist() == [True, False, False, False]
    assert out["overlap"].isna().tolist() == [False, True, True, True]
    assert tally(out["direction"])[NOT_TESTABLE] == 3


def test_survey_change_bad_input():
    good = vm([20], [2], ["a"])
    swapped = pd.DataFrame({"value": [20.0], "lower": [2.0], "upper": [2.0]}, index=["a"])  # margin, not bounds
    with pytest.raises(DataError, match="bevat de"):
        survey_change(good, swapped)
    with pytest.raises(OptionError, match="regel"):
        survey_change(good, good, rule="eyeball")
    with pytest.raises(DataError, match="geen kolom"):
        survey_change(good, good.drop(columns="upper"))


# --- early warning ------------------------------------------------------------------------------
def monthly(series: dict[str, dict[pd.Period, int]], start="2021-01", end="2024-07", default=10) -> pd.DataFrame:
    rows = []
    for m in pd.period_range(start, end, freq="M"):
        for unit, special in series.items():
            rows.append({"unit": unit, "crime_type": "woninginbraak", "month": m, "count": special.get(m, default)})
    return pd.DataFrame(rows)


def poisson_upper(mu: float, level: float) -> int:
    """Smallest k with P(X <= k) >= level for X ~ Poisson(mu), summed term by term."""
    k, term = 0, math.exp(-mu)
    total = term
    while total < level:
        k += 1
        term *= mu / k
        total += term
    return k


JULY = pd.Period("2024-07", "M")


def test_early_warning_flags_a_rise_and_leaves_a_seasonal_peak_alone():
    julys = [pd.Period(f"{y}-07", "M") for y in (2021, 2022, 2023, 2024)]
    frame = monthly({
        "peak": {m: 30 for m in julys},             # July is high every year
        "rise": {JULY: 30},                         # 10 a month, then 30
        "bigger_rise": {JULY: 40},
    })
    out = early_warning(frame, dispersion="poisson").set_index("unit")
    assert out.loc["peak", "expected"] == (30 + 30 + 30) / 3
    assert not out.loc["peak", "flagged"]
    assert out.loc["rise", "expected"] == (10 + 10 + 10) / 3
    assert out.loc["rise", "bound"] == poisson_upper(10.0, 0.975) == 17
    assert out.loc["rise", "flagged"] and out.loc["bigger_rise", "flagged"]
    assert out.loc["rise", "ratio"] == pytest.approx(3.0)
    assert out.loc["rise", "previous_year"] == 10 and out.loc["rise", "change_vs_previous_year"] == RISE
    p_hand = 1 - sum(math.exp(-10) * 10**k / math.factorial(k) for k in range(30))
    assert out.loc["rise", "p_exceed"] == pytest.approx(p_hand, rel=1e-6)
    # The default widens the bound by the uncertainty of the expected count (these histories are constant, so
    # their dispersion is the floor, 1): mean 10, variance 10 x (1 + 1/3).
    default = early_warning(frame).set_index("unit")
    assert default.loc["rise", "dispersion"] == 1
    assert default.loc["rise", "bound"] == nbinom.ppf(0.975, 10 / (4 / 3 - 1), 3 / 4) > 17
    assert default.loc["rise", "flagged"] and not default.loc["peak", "flagged"]
    # Flagged first, the one furthest above its bound first.
    ranked = early_warning(frame)
    assert ranked["unit"].tolist()[:2] == ["bigger_rise", "rise"]
    assert ranked["flagged"].tolist() == [True, True, False]


def test_early_warning_leaves_small_units_unassessed():
    """Expected 1.5 (1 and 2 in the two previous Julys): 4 incidents is within the bound, 5 is above it,
    yet neither is flagged, because an expected count under 5 is not assessed."""
    past = {pd.Period("2022-07", "M"): 1, pd.Period("2023-07", "M"): 2}
    frame = monthly({"four": {**past, JULY: 4}, "five": {**past, JULY: 5}}, start="2022-01", default=1)
    out = early_warning(frame, years=2, dispersion="poisson").set_index("unit")
    assert out.loc["four", "expected"] == 1.5
    assert out.loc["four", "bound"] == poisson_upper(1.5, 0.975) == 4
    assert not out["flagged"].any()
    assert "below the minimum of 5" in out.loc["four", "reason"]
    assert "below the minimum of 5" in out.loc["five", "reason"]
    # Without the minimum, five incidents would be flagged: the minimum is what holds it back.
    assert early_warning(frame, years=2, min_expected=0, dispersion="poisson").set_index("unit").loc["five",
                                                                                                   "flagged"]


def test_early_warning_three_months_and_cbs_keys():
    frame = monthly({"rise": {JULY: 25, JULY - 1: 20, JULY - 2: 15}})
    out = early_warning(frame, window=3, dispersion="poisson").iloc[0]
    assert out["months"] == "2024-05..2024-07"
    assert out["observed"] == 60 and out["expected"] == 30 and out["previous_year"] == 30
    assert out["bound"] == poisson_upper(30.0, 0.975)
    keyed = frame.assign(month=[f"{m.year}MM{m.month:02d}" for m in frame["month"]])
    pd.testing.assert_frame_equal(early_warning(keyed, window=3), early_warning(frame, window=3))


# --- early warning: overdispersion --------------------------------------------------------------
SEASON = np.array([1.05, 0.95, 0.95, 0.9, 0.9, 0.9, 0.95, 1.0, 1.05, 1.1, 1.15, 1.1])


def simulated(units: int, *, mean: float, phi: float, seed: int, start="2020-08", end="2023-09") -> pd.DataFrame:
    """Monthly counts of ``units`` units with a season and no change: Poisson (phi 1) or negative binomial with
    variance phi x mean (drawn by numpy, not by the code under test)."""
    rng = np.random.default_rng(seed)
    months = pd.period_range(start, end, freq="M")
    mu = mean * SEASON[months.month.to_numpy() - 1]
    if phi == 1:
        counts = rng.poisson(mu, size=(units, len(months)))
    else:
        counts = rng.negative_binomial(mu / (phi - 1), 1 / phi, size=(units, len(months)))
    return pd.DataFrame({"unit": np.repeat([f"u{i}" for i in range(units)], len(months)),
                         "crime_type": "woninginbraak", "month": np.tile(months, units), "count": counts.ravel()})


def test_history_dispersion_is_pearsons_x2_over_its_degrees_of_freedom():
    """The quasi-Poisson phi of a year + month log-linear fit is the X2 of the independence test of the
    years x 12 table, which scipy computes on its own."""
    rng = np.random.default_rng(3)
    history = rng.negative_binomial(5, 0.3, size=(20, 36)).astype(float)
    history[0, :12] = 0  # a year without any count: it has no degrees of freedom
    ours = history_dispersion(history, years=3)
    for row, phi in zip(history, ours):
        table = row.reshape(3, 12)
        table = table[table.sum(axis=1) > 0][:, table.sum(axis=0) > 0]
        stat, _, dof, _ = chi2_contingency(table, correction=False)
        assert phi == pytest.approx(stat / dof, rel=1e-10)
    assert np.isnan(history_dispersion(np.zeros((1, 36)), years=3)[0])


def test_overdispersed_counts_get_a_wider_bound_than_poisson_and_keep_the_false_flags_at_the_level():
    """Issue 16: counts that vary three times as much as Poisson, with nothing changed. The Poisson bound flags
    far more than its 2.5%; the bound widened by the dispersion estimated from each unit's history flags about as
    many as flags_by_chance says."""
    frame = simulated(2000, mean=20.0, phi=3.0, seed=16)
    quasi = early_warning(frame, min_expected=0).set_index("unit")
    poisson = early_warning(frame, min_expected=0, dispersion="poisson").set_index("unit").loc[quasi.index]
    assert (quasi["bound"] >= poisson["bound"]).all() and (quasi["bound"] > poisson["bound"]).mean() > 0.9
    assert 2.4 < quasi["dispersion"].median() < 3.6
    assert (poisson["dispersion"] == 1).all()
    # The Poisson bound promises at most 2.5% and flags about 15%; the widened one stays near what it promises
    # (somewhat above: a dispersion estimated from 36 months is itself uncertain, and underestimates count more).
    assert flags_by_chance(poisson) <= 0.025 * 2000 and poisson["flagged"].sum() > 5 * flags_by_chance(poisson)
    by_chance = flags_by_chance(quasi)
    assert 0.01 * 2000 < by_chance < 0.025 * 2000
    assert quasi["flagged"].sum() < 1.6 * by_chance
    # One row by hand: the negative binomial with mean `expected` and variance phi x expected.
    row = quasi.iloc[0]
    spread = row["dispersion"] * (1 + 1 / 3)  # and the uncertainty of the expected count, a mean of 3 years
    n, p = row["expected"] / (spread - 1), 1 / spread
    assert row["bound"] == nbinom.ppf(0.975, n, p)
    assert row["chance_of_flag"] == pytest.approx(nbinom.sf(row["bound"], n, p))
    assert row["p_exceed"] == pytest.approx(nbinom.sf(row["observed"] - 1, n, p))


def test_poisson_counts_are_flagged_as_often_as_chance_says():
    """Counts that are Poisson: phi is estimated near 1 and floored there, and the flags stay at or under the
    level and near the number flags_by_chance gives."""
    frame = simulated(2000, mean=20.0, phi=1.0, seed=17)
    quasi = early_warning(frame, min_expected=0)
    assert (quasi["dispersion"] >= 1).all() and quasi["dispersion"].median() < 1.1
    assert quasi["flagged"].mean() < 0.025 and quasi["flagged"].sum() < 1.2 * flags_by_chance(quasi)
    # Even on Poisson counts the plain Poisson bound flags too often: the expected count is a mean of three
    # years, not the true mean, and the default adds that uncertainty.
    poisson = early_warning(frame, min_expected=0, dispersion="poisson")
    assert poisson["flagged"].sum() > 1.8 * flags_by_chance(poisson)


def test_a_planted_rise_in_overdispersed_counts_is_still_flagged():
    frame = simulated(50, mean=30.0, phi=2.0, seed=18)
    last = frame["month"] == frame["month"].max()
    frame.loc[last & (frame["unit"] == "u7"), "count"] = round(3 * 30 * SEASON[8])
    out = early_warning(frame).set_index("unit")
    assert out.loc["u7", "flagged"] and out.loc["u7", "dispersion"] > 1
    with pytest.raises(OptionError, match="quasi-poisson of poisson"):
        early_warning(frame, dispersion="negative-binomial")


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda f: f.drop(index=f.index[(f["unit"] == "a") & f["month"].isin(
            [pd.Period("2022-03", "M"), pd.Period("2022-04", "M")])]), "geen aantal voor 2022-03, 2022-04"),
        (lambda f: f[f["month"] >= pd.Period("2021-08", "M")], "3 voorgaande jaren"),
        (lambda f: f.assign(count=f["count"].where(f.index != 4, -2)), "negatieve"),
        (lambda f: f.assign(count=f["count"].astype(float).where(f.index != 4, 2.5)), "gehele aantallen"),
        (lambda f: f.assign(month=f["month"].astype(str)), "CBS-maandsleutel"),
        (lambda f: pd.concat([f, f.iloc[[0]]]), "dubbele"),
    ],
)
def test_early_warning_bad_input(change, words):
    frame = change(monthly({"a": {}, "b": {}}))
    with pytest.raises(DataError, match=words) as info:
        early_warning(frame)
    assert "\n" not in str(info.value)


def test_series_benchmark_runs_small(capsys):
    """benchmarks/bench_series.py at a small size (it times, asserts nothing of time): the old loop and the
    vectorised test agree on every p-value and every too_few."""
    from benchmarks import bench_series

    result = bench_series.main(["--n", "400", "--loop", "60", "--periods", "12"])
    out = capsys.readouterr().out
    assert "identical p on the looped areas: True, identical too_few: True" in out
    assert "same variance: True" in out and result["change_new"] > 0 and result["weights"] > 0
