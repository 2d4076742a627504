"""Space-time Gi*, Mann-Kendall, ArcGIS's emerging hot spot categories and LISA transitions.

References: hand computations of the formulas, SciPy's kendalltau, and giddy's published LISA_Markov example.
"""

from __future__ import annotations

import itertools
import math
import warnings

import numpy as np
import pytest
from scipy import sparse
from scipy.stats import kendalltau

from geo import categories as cat
from geo.errors import AnalysisError, DataError, OptionError
from geo.stats import emerging as em
from geo.stats.emerging import (
    EMERGING_CATEGORIES,
    MIN_PERIODS,
    NO_NEIGHBOURS,
    classify_emerging,
    emerging_hot_spots,
    mann_kendall,
    space_time_gi_star,
)
from geo.stats.markov import lisa_transitions


def binary(n: int, edges: list[tuple[int, int]]) -> sparse.csr_matrix:
    rows = [i for i, j in edges] + [j for i, j in edges]
    cols = [j for i, j in edges] + [i for i, j in edges]
    return sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))


# --- space-time Gi* ------------------------------------------------------------------------------
def hand_gi_star(y: list[list[float]], neighbours: dict[int, list[int]], k: int) -> list[list[float]]:
    """Ord & Getis (1995) Gi* with binary weights over {area and its neighbours} x {t-k .. t}, the whole cube
    as the reference: z = (sum - mean * W) / (S * sqrt((N * W - W^2) / (N - 1)))."""
    n, periods = len(y), len(y[0])
    values = [v for row in y for v in row]
    big_n = len(values)
    mean = sum(values) / big_n
    s = math.sqrt(sum(v * v for v in values) / big_n - mean * mean)
    z = []
    for i in range(n):
        row = []
        for t in range(periods):
            bins = [(j, u) for j in [i, *neighbours[i]] for u in range(max(0, t - k), t + 1)]
            w = len(bins)
            total = sum(y[j][u] for j, u in bins)
            row.append((total - mean * w) / (s * math.sqrt((big_n * w - w * w) / (big_n - 1))))
        z.append(row)
    return z


def test_space_time_gi_star_equals_hand_computation():
    # Four areas on a line 0-1-2-3, three periods.
    y = [[4.0, 6.0, 9.0], [5.0, 7.0, 12.0], [1.0, 2.0, 1.0], [0.0, 3.0, 2.0]]
    neighbours = {0: [1], 1: [0, 2], 2: [1, 3], 3: [2]}
    w = binary(4, [(0, 1), (1, 2), (2, 3)])
    for k in (1, 2):
        gi = space_time_gi_star(np.array(y), weights=w, time_step=k, window="cube")
        np.testing.assert_allclose(gi.z, hand_gi_star(y, neighbours, k), rtol=0, atol=1e-12)
        expected_p = [[math.erfc(abs(v) / math.sqrt(2)) for v in row] for row in gi.z.tolist()]
        np.testing.assert_allclose(gi.p, expected_p, rtol=1e-12)
    # Bin (1, t=1) with k = 1 by hand: areas 0, 1, 2 at t = 0, 1: 4+5+1 + 6+7+2 = 25 over W = 6 bins.
    mean = sum(map(sum, y)) / 12
    s = math.sqrt(sum(v * v for row in y for v in row) / 12 - mean**2)
    z11 = (25 - 6 * mean) / (s * math.sqrt((12 * 6 - 36) / 11))
    assert space_time_gi_star(np.array(y), weights=w, window="cube").z[1, 1] == pytest.approx(z11, abs=1e-12)


def test_space_time_gi_star_island_gets_no_z_and_diagonal_is_ignored():
    y = np.array([[4.0, 6.0, 9.0], [5.0, 7.0, 12.0], [1.0, 2.0, 1.0], [0.0, 3.0, 2.0], [50.0, 60.0, 70.0]])
    w = binary(5, [(0, 1), (1, 2), (2, 3)]) + sparse.identity(5, format="csr")
    gi = space_time_gi_star(y, weights=w, window="cube")
    assert gi.islands.tolist() == [False, False, False, False, True]
    assert np.isnan(gi.z[4]).all() and np.isnan(gi.p[4]).all()
    neighbours = {0: [1], 1: [0, 2], 2: [1, 3], 3: [2], 4: []}
    # The island's values still belong to the cube's mean and deviation.
    np.testing.assert_allclose(gi.z[:4], np.array(hand_gi_star(y.tolist(), neighbours, 1))[:4], atol=1e-12)


def test_space_time_gi_star_bad_input():
    w = binary(3, [(0, 1), (1, 2)])
    with pytest.raises(OptionError, match="binair"):
        space_time_gi_star(np.ones((3, 4)) + np.arange(4), weights=w * 2)
    with pytest.raises(OptionError, match="3 gebieden"):
        space_time_gi_star(np.arange(12.0).reshape(3, 4), weights=binary(4, [(0, 1)]))
    with pytest.raises(DataError, match="mist waarden"):
        space_time_gi_star(np.array([[1.0, np.nan], [1.0, 2.0], [3.0, 4.0]]), weights=w)
    with pytest.raises(AnalysisError, match="gelijk"):
        space_time_gi_star(np.ones((3, 4)), weights=w)
    with pytest.raises(OptionError, match="time_step"):
        space_time_gi_star(np.arange(12.0).reshape(3, 4), weights=w, time_step=4)



def hand_gi_star_step(y: list[list[float]], neighbours: dict[int, list[int]], k: int) -> list[list[float]]:
    """The same neighbourhood, each period measured against its own period: the bins of period u are W_u = w_i
    random areas of that period, mean m_u and population variance S_u^2, so E = sum_u w_i m_u and
    Var = sum_u S_u^2 (n w_i - w_i^2) / (n - 1)."""
    n, periods = len(y), len(y[0])
    means = [sum(y[j][u] for j in range(n)) / n for u in range(periods)]
    spreads = [sum((y[j][u] - means[u]) ** 2 for j in range(n)) / n for u in range(periods)]
    z = []
    for i in range(n):
        area = [i, *neighbours[i]]
        w = len(area)
        row = []
        for t in range(periods):
            steps = range(max(0, t - k), t + 1)
            total = sum(y[j][u] for j in area for u in steps)
            expected = sum(w * means[u] for u in steps)
            variance = sum(spreads[u] * (n * w - w * w) / (n - 1) for u in steps)
            row.append((total - expected) / math.sqrt(variance))
        z.append(row)
    return z


def test_space_time_gi_star_per_step_window_equals_hand_computation():
    y = [[4.0, 6.0, 9.0], [5.0, 7.0, 12.0], [1.0, 2.0, 1.0], [0.0, 3.0, 2.0]]
    neighbours = {0: [1], 1: [0, 2], 2: [1, 3], 3: [2]}
    w = binary(4, [(0, 1), (1, 2), (2, 3)])
    for k in (0, 1, 2):
        gi = space_time_gi_star(np.array(y), weights=w, time_step=k, window="step")
        assert gi.window == "step" and gi.time_step == k
        np.testing.assert_allclose(gi.z, hand_gi_star_step(y, neighbours, k), rtol=0, atol=1e-12)
    # The default is the per-step window with ArcGIS's neighbourhood time step of 1.
    np.testing.assert_array_equal(space_time_gi_star(np.array(y), weights=w).z,
                                  space_time_gi_star(np.array(y), weights=w, time_step=1, window="step").z)


def test_per_step_window_without_time_neighbours_is_esdas_gi_star_of_each_period():
    import esda
    import libpysal

    grid = 5
    edges = [(r * grid + c, r * grid + c + 1) for r in range(grid) for c in range(grid - 1)]
    edges += [(r * grid + c, (r + 1) * grid + c) for r in range(grid - 1) for c in range(grid)]
    a = binary(grid * grid, edges)
    y = np.random.default_rng(3).poisson(10, (grid * grid, 4)).astype(float)
    gi = space_time_gi_star(y, weights=a, time_step=0, window="step")
    w = libpysal.weights.WSP(a).to_W(silence_warnings=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for t in range(4):
            found = esda.G_Local(y[:, t], w, transform="B", star=True, permutations=0)
            np.testing.assert_allclose(gi.z[:, t], found.Zs, rtol=0, atol=1e-12)


def test_per_step_window_ignores_what_every_area_shares_in_a_period():
    rng = np.random.default_rng(11)
    grid = 6
    edges = [(r * grid + c, r * grid + c + 1) for r in range(grid) for c in range(grid - 1)]
    edges += [(r * grid + c, (r + 1) * grid + c) for r in range(grid - 1) for c in range(grid)]
    w = binary(grid * grid, edges)
    y = rng.poisson(20, (grid * grid, 12)).astype(float)
    shifted = y + np.linspace(40, -15, 12)[None, :]  # a national rise or fall, the same in every area
    for k in (0, 1, 3):
        np.testing.assert_allclose(space_time_gi_star(shifted, weights=w, time_step=k, window="step").z,
                                   space_time_gi_star(y, weights=w, time_step=k, window="step").z, atol=1e-9)
    # The whole-cube window does not: the shift alone moves the z-scores.
    assert not np.allclose(space_time_gi_star(shifted, weights=w, window="cube").z,
                           space_time_gi_star(y, weights=w, window="cube").z, atol=0.1)
    # A period where every area has the same count (no incident anywhere) adds nothing; alone it is z = 0.
    y[:, 4] = 0.0
    gi = space_time_gi_star(y, weights=w, time_step=0, window="step")
    assert (gi.z[:, 4] == 0).all() and (gi.p[:, 4] == 1).all()


def national_decline(seed: int = 1) -> tuple[np.ndarray, sparse.csr_matrix, np.ndarray, np.ndarray]:
    """12 periods on a 12 x 12 grid: every area falls 75% (burglaries 91,712 -> 22,510), with a region that is
    high throughout and a 2 x 2 block that rises in the last four periods against the decline."""
    grid = 12
    edges = [(r * grid + c, r * grid + c + 1) for r in range(grid) for c in range(grid - 1)]
    edges += [(r * grid + c, (r + 1) * grid + c) for r in range(grid - 1) for c in range(grid)]
    n = grid * grid
    r, c = np.divmod(np.arange(n), grid)
    base = 30 + 40 * np.exp(-((r - 3) ** 2 + (c - 3) ** 2) / 8)
    decline = np.geomspace(1, 22_510 / 91_712, 12)
    y = np.random.default_rng(seed).poisson(base[:, None] * decline[None, :]).astype(float)
    surge = np.flatnonzero((r >= 9) & (r <= 10) & (c >= 9) & (c <= 10))
    y[surge, 8:] += 15
    region = np.flatnonzero((np.abs(r - 3) <= 1) & (np.abs(c - 3) <= 1))
    return y, binary(n, edges), region, surge


def test_a_national_decline_does_not_turn_every_area_cold():
    """Issue 18: with burglaries down 75% nationally, the whole-cube window called 204 gemeenten 'oscillating
    cold' and 59 'consecutive cold'. Each period against its own (the default) leaves the decline out."""
    y, w, region, surge = national_decline()
    assert y[:, -1].sum() / y[:, 0].sum() == pytest.approx(0.25, abs=0.03)
    cube = emerging_hot_spots(y, weights=w, window="cube").areas["category"]
    # The issue, reproduced: the whole-cube window turns the decline into cold spots nearly everywhere.
    assert cube.isin(em.COLD_CATEGORIES).mean() > 0.75
    assert not cube.iloc[region].isin(em.HOT_CATEGORIES).any()
    found = emerging_hot_spots(y, weights=w)
    assert found.gi.window == "step"
    step = found.areas["category"]
    assert step.isin(em.COLD_CATEGORIES).mean() < 0.1
    assert (step == em.NO_PATTERN).mean() > 0.7
    # The region that is high throughout is hot in (nearly) every period, the late surge is a late hot spot.
    assert step.iloc[region].isin({em.PERSISTENT_HOT, em.DIMINISHING_HOT, em.INTENSIFYING_HOT,
                                   em.HISTORICAL_HOT}).mean() >= 0.5
    assert step.iloc[surge].isin(em.HOT_CATEGORIES).all()
    assert step.iloc[surge].isin({em.NEW_HOT, em.CONSECUTIVE_HOT}).sum() >= 3


def test_window_and_time_step_are_checked():
    w = binary(3, [(0, 1), (1, 2)])
    y = np.arange(12.0).reshape(3, 4)
    with pytest.raises(OptionError, match="venster") as info:
        space_time_gi_star(y, weights=w, window="month")
    assert "step, cube" in str(info.value)
    for bad in (-1, 1.5, True):
        with pytest.raises(OptionError, match="time_step"):
            space_time_gi_star(y, weights=w, time_step=bad)

# --- Mann-Kendall ------------------------------------------------------------------------------------
def test_mann_kendall_by_hand_without_ties():
    x = [1.0, 3.0, 2.0, 5.0, 4.0]
    # Pairs (i < j), sign(x_j - x_i): from 1: + + + +; from 3: - + +; from 2: + +; from 5: -  ->  S = 8 - 2.
    s = 6
    var = 5 * 4 * (2 * 5 + 5) / 18  # n(n-1)(2n+5)/18, no ties
    z = (s - 1) / math.sqrt(var)
    mk = mann_kendall(x)
    assert float(mk.s) == s
    assert float(mk.var_s) == pytest.approx(var)
    assert float(mk.z) == pytest.approx(z)
    assert float(mk.p) == pytest.approx(math.erfc(z / math.sqrt(2)))
    assert float(mk.tau) == pytest.approx(s / 10)  # S over the 10 pairs
    assert float(mk.tau) == pytest.approx(kendalltau(range(5), x).statistic)
    # A falling series: z = (S + 1) / sqrt(Var S).
    assert float(mann_kendall(x[::-1]).z) == pytest.approx((-s + 1) / math.sqrt(var))
    assert float(mann_kendall([1.0, 3.0, 2.0, 2.0]).z) == 0.0  # + + + - - 0: S = 0


def test_mann_kendall_by_hand_with_ties():
    x = [1.0, 2.0, 2.0, 3.0, 1.0, 4.0]
    # From 1 (i=0): + + + 0 +  = 4;  from 2: 0 + - + = 1;  from 2: + - + = 1;  from 3: - + = 0;  from 1: + = 1.
    s = 4 + 1 + 1 + 0 + 1
    # Two ties of two (the 1s and the 2s): each takes t(t-1)(2t+5) = 2*1*9 from n(n-1)(2n+5) = 6*5*17.
    var = (6 * 5 * 17 - 2 * (2 * 1 * 9)) / 18
    mk = mann_kendall(x)
    assert float(mk.s) == s
    assert float(mk.var_s) == pytest.approx(var)
    assert float(mk.z) == pytest.approx((s - 1) / math.sqrt(var))
    # tau-b against time: S / sqrt(15 * (15 - 2)) with 2 tied pairs among the values.
    assert float(mk.tau) == pytest.approx(s / math.sqrt(15 * 13))
    assert float(mk.tau) == pytest.approx(kendalltau(range(6), x).statistic)


def test_mann_kendall_tau_equals_scipy_and_rows_are_independent():
    rng = np.random.default_rng(7)
    x = rng.normal(size=(30, 12))
    mk = mann_kendall(x)
    np.testing.assert_allclose(mk.tau, [kendalltau(np.arange(12), row).statistic for row in x], atol=1e-12)
    for r in (0, 13, 29):
        single = mann_kendall(x[r])
        assert float(single.s) == mk.s[r] and float(single.p) == mk.p[r]
    x[3, 5] = np.nan
    assert np.isnan(mann_kendall(x).p[3]) and np.isfinite(mann_kendall(x).p[4])



def test_mann_kendall_ties_of_many_rows_at_once_equal_each_row_on_its_own():
    """The tie correction is counted for all rows at once; per row with np.unique it must be the same."""
    rng = np.random.default_rng(12)
    x = rng.integers(0, 4, size=(200, 12)).astype(float)  # many ties, some rows all equal
    x[5] = 2.0
    x[7, 3] = np.nan
    mk = mann_kendall(x)
    for r in range(len(x)):
        if r == 7:
            assert np.isnan(mk.var_s[r]) and np.isnan(mk.p[r])
            continue
        _, counts = np.unique(x[r], return_counts=True)
        ties = sum(t * (t - 1) * (2 * t + 5) for t in counts)
        assert mk.var_s[r] == pytest.approx((12 * 11 * 29 - ties) / 18, abs=1e-12)
        if r != 5:
            assert mk.tau[r] == pytest.approx(kendalltau(np.arange(12), x[r]).statistic, abs=1e-12)
    assert np.isnan(mk.tau[5])  # a constant row has no tau

# --- emerging categories ------------------------------------------------------------------------------
UP = [2.0 + 0.2 * t for t in range(20)]                  # rising z: a significant upward trend
DOWN = UP[::-1]
FLAT = [3.0, 2.2, 2.9, 2.4, 2.6, 2.8, 2.3, 2.7, 2.5, 3.1, 2.1, 2.95, 2.35, 2.75, 2.45, 2.85, 2.25, 2.65, 2.55, 3.05]


def hand_mk_p(z: list[float]) -> float:
    n = len(z)
    s = sum(np.sign(z[j] - z[i]) for i, j in itertools.combinations(range(n), 2))
    var = n * (n - 1) * (2 * n + 5) / 18
    zz = 0.0 if s == 0 else (s - np.sign(s)) / math.sqrt(var)
    return math.erfc(abs(zz) / math.sqrt(2))


def series(states: str, magnitude: list[float] | None = None) -> tuple[list[float], list[float]]:
    """z and p of one location from a pattern such as '..HHC': H significant hot, C cold, '.' not significant.

    ``magnitude`` gives |z| per step (default FLAT: no trend); p is 0.01 for H and C, 0.5 otherwise.
    """
    mags = (magnitude or FLAT)[: len(states)]
    z = [m if s == "H" else -m if s == "C" else 0.1 * (-1) ** t for t, (s, m) in enumerate(zip(states, mags))]
    p = [0.01 if s in "HC" else 0.5 for s in states]
    return z, p


def classify(*cases: tuple[str, list[float] | None]) -> list[str]:
    zs, ps = zip(*(series(states, mags) for states, mags in cases))
    return classify_emerging(np.array(zs), np.array(ps), fdr=False)["category"].tolist()


def mirror(states: str) -> str:
    return states.translate(str.maketrans("HC", "CH"))


HOT_CASES = [
    # (pattern, |z| series, expected category)
    (".........H", None, em.NEW_HOT),
    ("......HHHH", None, em.CONSECUTIVE_HOT),
    ("HHHHHHHHHH", UP, em.INTENSIFYING_HOT),
    ("HHHHHHHHHH", FLAT, em.PERSISTENT_HOT),
    ("HHHHHHHHHH", DOWN, em.DIMINISHING_HOT),
    ("..H..H...H", None, em.SPORADIC_HOT),
    ("..C....H.H", None, em.OSCILLATING_HOT),
    ("HHHHHHHHH.", None, em.HISTORICAL_HOT),
    ("..........", None, em.NO_PATTERN),
]


@pytest.mark.parametrize(("pattern", "mags", "expected"), HOT_CASES)
def test_each_category_hot_and_cold(pattern, mags, expected):
    # Check the constructed trends by hand first, so the cases mean what they say.
    z, _ = series(pattern, mags)
    if expected in (em.INTENSIFYING_HOT, em.DIMINISHING_HOT):
        assert hand_mk_p(z) < 0.001
    if expected == em.PERSISTENT_HOT:
        assert hand_mk_p(z) > 0.5
    cold_expected = expected if expected == em.NO_PATTERN else expected.replace("_hot", "_cold")
    # A cold spot mirrors a hot one; its z-scores are the negatives, so a rising |z| is a falling z
    # (intensifying cold) and vice versa.
    assert classify((pattern, mags), (mirror(pattern), mags)) == [expected, cold_expected]


@pytest.mark.parametrize(
    ("pattern", "mags", "expected", "why"),
    [
        (".HHHHHHHHH", FLAT, em.PERSISTENT_HOT, "9 of 10 is exactly 90%"),
        (".HHHHHHHHH", UP, em.INTENSIFYING_HOT, "exactly 90%, final step included, rising"),
        ("..HHHHHHHH", UP, em.CONSECUTIVE_HOT, "8 of 10 is less than 90%: a final run, not intensifying"),
        ("HHHHHHHHH.", FLAT, em.HISTORICAL_HOT, "90% hot but the final step not significant"),
        ("HHHHHHHH..", FLAT, em.NO_PATTERN, "80% and the final step not significant"),
        ("......HHH.", None, em.NO_PATTERN, "a run that stopped before the final step is not consecutive"),
        (".H.......H", None, em.SPORADIC_HOT, "hot before the final run: not new, not consecutive"),
        (".......HHH", None, em.CONSECUTIVE_HOT, "a run of three"),
        ("........HH", None, em.CONSECUTIVE_HOT, "a run of two, the shortest consecutive"),
        ("C........H", None, em.OSCILLATING_HOT, "a cold past: oscillating, not new"),
        ("C.....HHHH", None, em.OSCILLATING_HOT, "a cold past: oscillating, not consecutive"),
        ("HHHHHHHHHC", FLAT, em.OSCILLATING_COLD, "cold in the final step: not historical hot"),
        ("C.HHHHHHHHH", FLAT, em.OSCILLATING_HOT, "11 steps, 9 hot = 82% and a cold past"),
        (".HHHHHHHHHH", FLAT, em.PERSISTENT_HOT, "11 steps, 10 hot = 91%"),
        ("HHHHHHHHHH.", FLAT, em.HISTORICAL_HOT, "11 steps, 10 hot, final not"),
        (".HHHHHHHHH.", FLAT, em.NO_PATTERN, "11 steps, 9 hot = 82%, final not"),
    ],
)
def test_category_boundaries(pattern, mags, expected, why):
    assert classify((pattern, mags)) == [expected], why


def test_trend_significance_decides_between_intensifying_and_persistent():
    z, p = series("HHHHHHHHHH", UP)
    trend_p = hand_mk_p(z)
    strict = classify_emerging(np.array([z]), np.array([p]), fdr=False, trend_alpha=trend_p / 2)
    loose = classify_emerging(np.array([z]), np.array([p]), fdr=False, trend_alpha=trend_p * 2)
    assert strict["category"].iloc[0] == em.PERSISTENT_HOT
    assert loose["category"].iloc[0] == em.INTENSIFYING_HOT
    assert loose["trend_p"].iloc[0] == pytest.approx(trend_p)


def test_bin_significance_level_and_fdr():
    z = np.array([[2.0] * 9 + [1.8]])
    p = np.array([[0.01] * 9 + [0.08]])
    # The final bin (p = 0.08) is a hot spot at the default 90% level, not at 95%.
    assert classify_emerging(z, p, fdr=False)["final"].iloc[0] == "hot"
    assert classify_emerging(z, p, fdr=False, alpha=0.05)["category"].iloc[0] == em.HISTORICAL_HOT
    # Benjamini-Hochberg over all bins: one p = 0.05 among p = 0.9 does not survive.
    p2 = np.full((3, 10), 0.9)
    p2[0, -1] = 0.05
    z2 = np.full((3, 10), 0.5)
    z2[0, -1] = 2.0
    assert classify_emerging(z2, p2, fdr=False)["category"].iloc[0] == em.NEW_HOT
    assert classify_emerging(z2, p2, fdr=True)["category"].iloc[0] == em.NO_PATTERN


def test_fewer_than_ten_periods_is_a_clear_error():
    assert MIN_PERIODS == 10
    with pytest.raises(AnalysisError) as info:
        classify_emerging(np.zeros((3, 9)), np.ones((3, 9)))
    message = str(info.value)
    assert "9 perioden" in message and "10" in message and "\n" not in message
    with pytest.raises(AnalysisError, match="9 perioden"):
        emerging_hot_spots(np.arange(27.0).reshape(3, 9), weights=binary(3, [(0, 1), (1, 2)]))


def test_categories_are_stable_names():
    assert len(set(EMERGING_CATEGORIES)) == len(EMERGING_CATEGORIES) == 18
    assert EMERGING_CATEGORIES[0] == "new_hot" and EMERGING_CATEGORIES[-2:] == ("no_pattern", cat.ISLAND)
    assert all(c.endswith("_hot") for c in em.HOT_CATEGORIES)
    assert all(c.endswith("_cold") for c in em.COLD_CATEGORIES)


def test_area_without_neighbours_is_never_hot_or_cold():
    rng = np.random.default_rng(5)
    grid = 4  # a 4 x 4 rook grid plus one island with extreme values
    edges = [(r * grid + c, r * grid + c + 1) for r in range(grid) for c in range(grid - 1)]
    edges += [(r * grid + c, (r + 1) * grid + c) for r in range(grid - 1) for c in range(grid)]
    n = grid * grid + 1
    y = rng.poisson(10, size=(n, 12)).astype(float)
    y[-1] = 30.0 + np.arange(12) * 3  # high and rising: a hot spot if it had neighbours
    y[[0, 1, 4, 5]] += np.linspace(0, 40, 12)  # an emerging cluster in one corner
    result = emerging_hot_spots(y, weights=binary(n, edges), window="cube")
    areas = result.areas
    assert areas["category"].iloc[-1] == NO_NEIGHBOURS
    assert np.isnan(result.gi.z[-1]).all() and not result.significant[-1].any()
    assert areas["n_hot"].iloc[-1] == 0 and areas["n_cold"].iloc[-1] == 0
    assert set(areas["category"]) <= set(EMERGING_CATEGORIES)
    corner = areas["category"].iloc[[0, 1, 4, 5]].tolist()
    assert all(c in em.HOT_CATEGORIES for c in corner), corner
    # The whole cube is a hand-checkable Gi*: compare one area's series.
    neighbours = {i: [] for i in range(n)}
    for i, j in edges:
        neighbours[i].append(j)
        neighbours[j].append(i)
    np.testing.assert_allclose(result.gi.z[5], hand_gi_star(y.tolist(), neighbours, 1)[5], atol=1e-12)


def test_classify_rejects_partial_series():
    z, p = series("HHHHHHHHHH")
    z = np.array([z])
    z[0, 3] = np.nan
    with pytest.raises(DataError, match="volledige reeks"):
        classify_emerging(z, np.array([p]))


# --- LISA transitions ------------------------------------------------------------------------------
def test_lisa_transitions_reproduce_giddy_published_counts():
    """giddy's LISA_Markov docstring: US per-capita income 1929-2009 (usjoin.csv), states48.gal weights."""
    import esda
    import libpysal
    from libpysal import examples

    f = libpysal.io.open(examples.get_path("usjoin.csv"))
    pci = np.array([f.by_col[str(y)] for y in range(1929, 2010)]).T
    w = libpysal.io.open(examples.get_path("states48.gal")).read()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        q = np.array([esda.Moran_Local(pci[:, t], w, permutations=0).q for t in range(pci.shape[1])]).T
    names = cat.from_codes(q, cat.ESDA_QUADRANTS).reshape(q.shape)
    result = lisa_transitions(names)
    published = [  # lm.transitions, rows and columns HH, LH, LL, HL
        [1087, 44, 4, 34],
        [41, 470, 36, 1],
        [5, 34, 1422, 39],
        [30, 1, 40, 552],
    ]
    assert list(result.counts.index) == [cat.HH, cat.LH, cat.LL, cat.HL]
    np.testing.assert_array_equal(result.counts.to_numpy(), published)
    published_p = [  # lm.p
        [0.92985458, 0.03763901, 0.00342173, 0.02908469],
        [0.07481752, 0.85766423, 0.06569343, 0.00182482],
        [0.00333333, 0.02266667, 0.948, 0.026],
        [0.04815409, 0.00160514, 0.06420546, 0.88603531],
    ]
    np.testing.assert_allclose(result.probabilities.to_numpy(), published_p, atol=5e-9)
    assert result.stay[cat.HH] == pytest.approx(1087 / (1087 + 44 + 4 + 34))
    assert result.skipped == 0


def test_lisa_transitions_skip_periods_without_a_quadrant():
    q = np.array([[cat.HH, cat.HH, cat.LH], [cat.LL, None, cat.LL], [cat.ISLAND, cat.HL, cat.HL]], dtype=object)
    result = lisa_transitions(q)
    assert result.counts.loc[cat.HH, cat.HH] == 1 and result.counts.loc[cat.HH, cat.LH] == 1
    assert result.counts.loc[cat.HL, cat.HL] == 1
    assert result.counts.to_numpy().sum() == 3 and result.skipped == 3
    assert np.isnan(result.probabilities.loc[cat.LL]).all()
    with pytest.raises(DataError, match="2 perioden"):
        lisa_transitions(q[:, :1])


# --- the series: window and time step reach the categories and summary.json ------------------------------
def test_analyse_series_uses_the_window_and_records_it():
    """The national decline through geo.series.analyse_series, on square areas: the per-step default leaves the
    decline out, the whole cube turns it cold; summary.json's series block says which window was used."""
    import geopandas as gpd
    from shapely.geometry import box

    from geo.reports import JoinReport, Prepared, PrepareReport
    from geo.series import analyse_series

    y, w, _, surge = national_decline()
    grid = 12
    codes = [f"A{i:03d}" for i in range(grid * grid)]
    squares = [box(c * 100, r * 100, (c + 1) * 100, (r + 1) * 100) for r in range(grid) for c in range(grid)]

    def period(t: int) -> Prepared:
        frame = gpd.GeoDataFrame({"code": codes, "name": codes, "value": y[:, t], "analysed": True},
                                 geometry=squares, crs="EPSG:28992")
        return Prepared(frame=frame, report=PrepareReport(source="test", value_column="value",
                                                          population_column=None, analysed="value"),
                        join=JoinReport(len(codes), [], [], source="test"))

    series = {f"{2012 + t}JJ00": period(t) for t in range(12)}
    runs = {window: analyse_series(series, permutations=0, weights="rook", window=window)
            for window in ("step", "cube")}
    step, cube = (runs[w].emerging.set_index("code")["category"] for w in ("step", "cube"))
    assert cube.isin(em.COLD_CATEGORIES).mean() > 0.75
    assert step.isin(em.COLD_CATEGORIES).mean() < 0.1
    assert step.iloc[surge].isin(em.HOT_CATEGORIES).all()
    # The same categories as emerging_hot_spots on the cube with the rook neighbours of the squares.
    assert step.tolist() == emerging_hot_spots(y, weights=w).areas["category"].tolist()
    block = runs["step"].summary()["emerging"]
    assert block["window"] == "step" and block["time_step"] == 1
    assert runs["cube"].summary()["emerging"]["window"] == "cube"
    assert sum(block["counts"].values()) == grid * grid
    with pytest.raises(OptionError, match="venster"):
        analyse_series(series, permutations=0, window="entire")
    with pytest.raises(OptionError, match="time_step 12"):
        analyse_series(series, permutations=0, time_step=12)


def test_a_series_builds_its_weights_once_and_each_period_is_as_on_its_own(monkeypatch):
    """Every period of a series has the same areas: their weights are built once, and each period's statistics
    are those of geo.analyse on that period alone."""
    import geopandas as gpd
    from shapely.geometry import box

    from geo import analysis, weights
    from geo.reports import JoinReport, Prepared, PrepareReport
    from geo.series import analyse_series

    rng = np.random.default_rng(7)
    codes = [f"A{i:03d}" for i in range(36)]
    squares = [box(c * 100, r * 100, (c + 1) * 100, (r + 1) * 100) for r in range(6) for c in range(6)]

    def period() -> Prepared:
        frame = gpd.GeoDataFrame({"code": codes, "name": codes, "value": rng.poisson(20, 36).astype(float),
                                  "analysed": True}, geometry=squares, crs="EPSG:28992")
        return Prepared(frame=frame, report=PrepareReport(source="test", value_column="value",
                                                          population_column=None, analysed="value"),
                        join=JoinReport(len(codes), [], [], source="test"))

    series = {f"{2020 + t}JJ00": period() for t in range(3)}
    builds = []
    real = weights.build
    monkeypatch.setattr(weights, "build", lambda *a, **k: builds.append(1) or real(*a, **k))
    result = analyse_series(series, permutations=99, weights="queen")
    assert len(builds) == 1
    for key, prepared in series.items():
        alone = analysis.analyse(prepared, permutations=99, weights="queen")
        for column in ("lisa_I", "lisa_p", "gi_z", "gi_p_sim"):
            assert np.allclose(result.results[key].frame[column], alone.frame[column], equal_nan=True)
