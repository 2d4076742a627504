"""vmgeo's permutation engine against esda, pygeoda (GeoDa), exact enumeration and published values.

Monte Carlo comparisons are made on tail frequencies: for an area whose
upper tail is estimated as ``a = G/P1`` by one method and ``b`` by another,
``(a - b) / sqrt(a(1-a)/P1 + b(1-b)/P2)`` is close to N(0, 1) when both draw
from the same null. The bounds below (``|z| < 5`` per area, mean ``z^2``
below 2.5) would fail a scheme that differs by a few Monte Carlo errors.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import subprocess
import sys
import tracemalloc
import warnings
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import scipy.sparse as sp
from libpysal import examples
from libpysal.weights import Queen, W

from geo.errors import AnalysisError, OptionError
from geo.stats import engine

REPO = Path(__file__).resolve().parents[1]


def queen(gdf: gpd.GeoDataFrame) -> W:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return Queen.from_dataframe(gdf, use_index=False, silence_warnings=True)


@pytest.fixture(scope="module")
def columbus() -> gpd.GeoDataFrame:
    return gpd.read_file(examples.get_path("columbus.shp"))


@pytest.fixture(scope="module")
def sids2() -> gpd.GeoDataFrame:
    return gpd.read_file(examples.get_path("sids2.shp"))


# name of the example, variable, second variable for the bivariate statistic
DATASETS = [("columbus", "CRIME", "INC"), ("sids2", "SIDR79", "NWR79")]


@pytest.fixture(scope="module")
def data(columbus, sids2):
    frames = {"columbus": columbus, "sids2": sids2}
    return {name: (frames[name], frames[name][a].to_numpy(float), frames[name][b].to_numpy(float))
            for name, a, b in DATASETS}


@pytest.fixture(scope="module")
def voronoi():
    """1,500 Voronoi cells in random row order, with their queen weights."""
    from benchmarks.voronoi import voronoi_map

    _, nbrs, values = voronoi_map(1_500, seed=11)
    return W({i: nbrs[i] for i in range(len(nbrs))}, silence_warnings=True), nbrs, values


def esda_reference(stat: str, gdf: gpd.GeoDataFrame, y: np.ndarray, x: np.ndarray, permutations: int, seed: int):
    """esda's observed statistic and simulated values (areas x permutations), with fresh weights."""
    import esda
    from esda.geary_local import Geary_Local

    w = queen(gdf)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if stat == "local_moran":
            r = esda.Moran_Local(y, w, transformation="r", permutations=permutations, seed=seed, n_jobs=1)
            return r.Is, getattr(r, "rlisas", None)
        if stat == "gi_star":
            r = esda.G_Local(y, w, transform="B", star=True, permutations=permutations, seed=seed, n_jobs=1)
            return r.Gs, getattr(r, "rGs", None)
        if stat == "local_geary":
            np.random.seed(seed)  # Geary_Local does not pass its seed on; crand then draws one from here
            r = Geary_Local(connectivity=w, permutations=permutations, n_jobs=1).fit(y)
            return r.localG, getattr(r, "rlocalG", None)
        r = esda.Moran_Local_BV(x, y, w, transformation="r", permutations=permutations, seed=seed, n_jobs=1)
        return r.Is, getattr(r, "rlisas", None)


def ours(stat: engine.Statistic, w: W, y: np.ndarray, x: np.ndarray, **options) -> engine.LocalResult:
    matrix = engine.weights_matrix(w, stat)
    if stat == "local_moran_bv":
        return engine.local_moran_bv(x, y, matrix, **options)
    return getattr(engine, stat)(y, matrix, **options)


def tail_z(a_count: np.ndarray, a_total: int, b_count: np.ndarray, b_total: int) -> np.ndarray:
    a = np.asarray(a_count, float) / a_total
    b = np.asarray(b_count, float) / b_total
    se = np.sqrt(a * (1 - a) / a_total + b * (1 - b) / b_total)
    se = np.maximum(se, 1.0 / min(a_total, b_total))  # a tail of 0 in both has no spread of its own
    return (a - b) / se


LOCAL: list[engine.Statistic] = ["local_moran", "gi_star", "local_geary", "local_moran_bv"]


def esda_tails(observed: np.ndarray, sims: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """esda's ``G`` and ``L`` in exact arithmetic: values equal up to rounding count in both.

    esda's simulated values carry rounding (fastmath, another order of
    summation), so an exact tie, such as a draw of neighbours that all had a
    rate of 0 (sids2 has nine such counties), lands on either side of the
    observed value by chance. The engine counts such ties in both tails.
    """
    tolerance = 1e-9 * (np.abs(observed) + np.abs(sims).max(axis=1))
    greater = (sims >= (observed - tolerance)[:, None]).sum(axis=1)
    lesser = (sims <= (observed + tolerance)[:, None]).sum(axis=1)
    return greater, lesser


# --------------------------------------------------------------------------------------------
# Statistics equal esda's
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("dataset", [d[0] for d in DATASETS])
@pytest.mark.parametrize("stat", LOCAL)
def test_local_statistic_equals_esda(data, stat, dataset):
    gdf, y, x = data[dataset]
    reference, _ = esda_reference(stat, gdf, y, x, permutations=0, seed=1)
    result = ours(stat, queen(gdf), y, x, permutations=9, seed=1)
    np.testing.assert_allclose(result.statistic, reference, rtol=0, atol=1e-9)


def test_weights_matrix_is_what_esda_uses_and_leaves_w_alone(columbus):
    from libpysal.weights import fill_diagonal

    w = queen(columbus)
    w.transform = "b"
    rows = engine.weights_matrix(w, "local_moran")
    star = engine.weights_matrix(w, "gi_star")
    assert w.transform == "B"
    reference = queen(columbus)
    reference.transform = "r"
    np.testing.assert_allclose(rows.toarray(), reference.sparse.toarray(), atol=1e-15)
    filled = fill_diagonal(queen(columbus), 1)
    filled.transform = "b"
    np.testing.assert_array_equal(star.toarray(), filled.sparse.toarray())


# --------------------------------------------------------------------------------------------
# Inference against esda, within Monte Carlo error
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("dataset", [d[0] for d in DATASETS])
@pytest.mark.parametrize("stat", LOCAL)
def test_pseudo_p_and_moments_agree_with_esda(data, stat, dataset):
    """Both tails, the mean and the standard deviation of the simulated statistic, area by area."""
    gdf, y, x = data[dataset]
    permutations = 9_999
    observed, sims = esda_reference(stat, gdf, y, x, permutations=permutations, seed=3)
    # esda's Gi* permutation keeps the area's own value, as vmgeo's conditional scheme (not its default) does.
    options = {"scheme": "conditional"} if stat == "gi_star" else {}
    result = ours(stat, queen(gdf), y, x, permutations=permutations, seed=4, **options)
    ref_greater, ref_lesser = esda_tails(observed, sims)
    for mine, theirs in ((result.greater, ref_greater), (result.lesser, ref_lesser)):
        z = tail_z(mine, permutations, theirs, permutations)
        assert np.abs(z).max() < 5, (stat, dataset, np.abs(z).max())
        assert (z**2).mean() < 2.5, (stat, dataset, (z**2).mean())
    ref_p = np.minimum(1, 2 * (np.minimum(ref_greater, ref_lesser) + 1) / (permutations + 1))
    assert np.abs(result.p - ref_p).max() < 0.05
    ref_mean, ref_std = sims.mean(axis=1), sims.std(axis=1)
    assert (np.abs(result.sim_mean - ref_mean) <= 5 * ref_std * math.sqrt(2 / permutations)).all()
    # The standard error of a standard deviation grows with the kurtosis (local Geary's is heavy-tailed).
    kurtosis = ((sims - ref_mean[:, None]) ** 4).mean(axis=1) / ref_std**4
    assert (np.abs(result.sim_std / ref_std - 1) < 5 * np.sqrt(2 * (kurtosis - 1) / (4 * permutations))).all()
    np.testing.assert_allclose(result.z, (result.statistic - result.sim_mean) / result.sim_std)


def test_esda_reports_the_same_moments(data):
    """EI_sim, seI_sim and z_sim as esda names them: mean, ddof=0 standard deviation and z of the simulations."""
    import esda

    gdf, y, _ = data["columbus"]
    permutations = 9_999
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = esda.Moran_Local(y, queen(gdf), permutations=permutations, seed=2, n_jobs=1)
    result = ours("local_moran", queen(gdf), y, y, permutations=permutations, seed=2)
    assert np.abs(result.sim_mean - ref.EI_sim).max() < 5 * ref.seI_sim.max() * math.sqrt(2 / permutations)
    np.testing.assert_allclose(result.sim_std, ref.seI_sim, rtol=0.06)
    np.testing.assert_allclose(result.z, ref.z_sim, rtol=0.1, atol=0.1)


def test_bivariate_equals_esda_moran_local_bv(data):
    import esda

    gdf, crime, income = data["columbus"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = esda.Moran_Local_BV(income, crime, queen(gdf), permutations=0)
    result = engine.local_moran_bv(income, crime, engine.weights_matrix(queen(gdf), "local_moran_bv"),
                                   permutations=99, seed=1)
    np.testing.assert_allclose(result.statistic, ref.Is, rtol=0, atol=1e-9)


# --------------------------------------------------------------------------------------------
# Exact enumeration of the conditional permutation null
# --------------------------------------------------------------------------------------------


def exact_tails(y: np.ndarray, matrix: sp.csr_array, stat: str) -> tuple[np.ndarray, np.ndarray]:
    """P(T >= observed) and P(T <= observed) under the conditional null, by listing every ordered draw.

    The area keeps its value; its neighbours' places get every ordered tuple
    of distinct other areas, each equally likely.
    """
    n = len(y)
    z = (y - y.mean()) / y.std()
    dense = matrix.toarray()
    upper, lower = np.zeros(n), np.zeros(n)
    for i in range(n):
        js = np.flatnonzero(dense[i])
        js = js[js != i]
        weights = dense[i, js]
        others = [j for j in range(n) if j != i]
        draws = np.array(list(itertools.permutations(others, len(js))))
        if stat == "local_moran":
            sims = z[i] * (z[draws] @ weights)
            obs = z[i] * (z[js] @ weights)
        else:  # local_geary
            sims = ((z[i] - z[draws]) ** 2) @ weights
            obs = ((z[i] - z[js]) ** 2) @ weights
        scale = np.abs(obs) + 1
        upper[i] = (sims >= obs - 1e-12 * scale).mean()
        lower[i] = (sims <= obs + 1e-12 * scale).mean()
    return upper, lower


def small_graph(weighted: bool) -> tuple[np.ndarray, sp.csr_array]:
    """Eight areas: a ring with chords, one area next to six of the seven others (drawn by keys, not rejection)."""
    edges = {(i, (i + 1) % 8) for i in range(8)} | {(0, 2), (0, 3), (0, 5), (0, 6), (2, 5), (3, 6)}
    rng = np.random.default_rng(8)
    dense = np.zeros((8, 8))
    for a, b in edges:
        dense[a, b] = dense[b, a] = rng.uniform(0.5, 2.0) if weighted else 1.0
    dense /= dense.sum(axis=1, keepdims=True)
    y = np.array([3.0, 9.5, 4.2, 7.7, 1.1, 6.0, 8.8, 2.5])
    return y, sp.csr_array(dense)


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("stat", ["local_moran", "local_geary"])
def test_tails_match_exact_enumeration(stat, weighted):
    """Equal and unequal weights, rejection (k <= 4 of 7) and the keys draw (k = 6 of 7)."""
    y, matrix = small_graph(weighted)
    permutations = 40_000
    result = getattr(engine, stat)(y, matrix, permutations=permutations, seed=9)
    upper, lower = exact_tails(y, matrix, stat)
    for mine, exact in ((result.greater, upper), (result.lesser, lower)):
        se = np.sqrt(exact * (1 - exact) / permutations) + 1e-12
        z = (mine / permutations - exact) / se
        assert np.abs(z).max() < 5, (stat, weighted, z)


def exact_star_tails(y: np.ndarray, matrix: sp.csr_array) -> tuple[np.ndarray, np.ndarray]:
    """P(T >= observed) and P(T <= observed) for Gi* under total permutation, by listing every draw.

    The star neighbourhood (the area and its k neighbours) gets every set of
    k + 1 distinct areas out of all n, each equally likely (the order does not
    change a sum).
    """
    n = len(y)
    dense = matrix.toarray()
    upper, lower = np.zeros(n), np.zeros(n)
    for i in range(n):
        star = np.flatnonzero(dense[i])
        sims = np.array([y[list(c)].sum() for c in itertools.combinations(range(n), len(star))])
        obs = y[star].sum()
        scale = np.abs(y).max() * len(star)
        upper[i] = (sims >= obs - 1e-12 * scale).mean()
        lower[i] = (sims <= obs + 1e-12 * scale).mean()
    return upper, lower


def test_gi_star_total_permutation_matches_exact_enumeration():
    """The total scheme draws the area's own place with its neighbours' from all n values: every (k+1)-set alike."""
    y, rows = small_graph(weighted=False)
    star = sp.csr_array((rows > 0).astype(float) + sp.eye_array(8))
    permutations = 40_000
    result = engine.gi_star(y, star, permutations=permutations, seed=9)
    assert result.scheme == engine.GI_PERMUTATION == "total"
    upper, lower = exact_star_tails(y, star)
    for mine, exact in ((result.greater, upper), (result.lesser, lower)):
        se = np.sqrt(exact * (1 - exact) / permutations) + 1e-12
        z = (mine / permutations - exact) / se
        assert np.abs(z).max() < 5, z
    # The conditional scheme is a different null: area 1 (the largest value, 9.5) keeps it in every draw.
    conditional = engine.gi_star(y, star, permutations=permutations, seed=9, scheme="conditional")
    assert conditional.scheme == engine.LISA_PERMUTATION == "conditional"
    assert abs(conditional.lesser[1] / permutations - lower[1]) > 0.1


@pytest.mark.parametrize("dataset", [d[0] for d in DATASETS])
def test_gi_star_total_permutation_has_ord_and_getis_moments(data, dataset):
    """Mean and variance of the simulated Gi* are esda's analytical EGs and VGs (Ord and Getis 1995), and the
    permutation z is esda's normal z; the conditional scheme's are not (its mean moves with the area's own value)."""
    import esda

    gdf, y, _ = data[dataset]
    permutations = 9_999
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = esda.G_Local(y, queen(gdf), transform="B", star=True, permutations=0)
    matrix = engine.weights_matrix(queen(gdf), "gi_star")
    total = engine.gi_star(y, matrix, permutations=permutations, seed=5)
    sd = np.sqrt(ref.VGs)
    assert (np.abs(total.sim_mean - ref.EGs) < 5 * sd / math.sqrt(permutations)).all()
    assert np.abs(total.sim_std / sd - 1).max() < 0.06
    assert np.abs(total.z - ref.Zs).max() < 0.15
    conditional = engine.gi_star(y, matrix, permutations=permutations, seed=5, scheme="conditional")
    assert np.abs(conditional.sim_mean - ref.EGs).max() > 10 * sd.max() / math.sqrt(permutations)


def test_gi_star_of_an_area_bordering_every_other_is_never_significant():
    """Three basisteams that all border each other: every star is the whole map, every draw ties."""
    star = sp.csr_array(np.ones((3, 3)))
    result = engine.gi_star(np.array([10.0, 20.0, 60.0]), star, permutations=99, seed=1)
    assert (result.p == 1).all() and np.isnan(result.z).all() and (result.sim_std == 0).all()
    rows = sp.csr_array((np.ones((3, 3)) - np.eye(3)) / 2)
    lisa = engine.local_moran(np.array([10.0, 20.0, 60.0]), rows, permutations=99, seed=1)
    assert (lisa.p == 1).all()


def test_gi_star_conditional_scheme_is_geodas(voronoi, tmp_path):
    """pygeoda's local_gstar keeps the area's own value (libgeoda UniGstar::PermLocalSA adds data[cnt] to every
    draw): on a large map in random row order its p-values agree with vmgeo's conditional scheme, as for LISA
    (test_pseudo_p_agrees_with_pygeoda_where_the_draws_coincide), and disagree with the total one."""
    import pygeoda

    from benchmarks.voronoi import write_gal

    w, nbrs, y = voronoi
    y = y - y.min() + 1.0
    n = len(y)
    permutations = 4_999
    gal = tmp_path / "voronoi.gal"
    write_gal(gal, nbrs)
    gw = pygeoda.read_gal(str(gal), [str(i) for i in range(1, n + 1)])
    ref = pygeoda.local_gstar(gw, list(map(float, y)), permutations=permutations, cpu_threads=1, seed=123456789)
    matrix = engine.weights_matrix(w, "gi_star")
    sizes = np.asarray(matrix.sum(axis=1)).ravel()
    conditional = engine.gi_star(y, matrix, permutations=permutations, seed=1, scheme="conditional")
    # libgeoda row-standardises: its G* is ours divided by the size of the star.
    np.testing.assert_allclose(np.array(ref.lisa_values()), conditional.statistic / sizes, rtol=1e-9)
    geoda_tail = np.round(np.array(ref.lisa_pvalues()) * (permutations + 1)) - 1
    z = tail_z(np.minimum(conditional.greater, conditional.lesser), permutations, geoda_tail, permutations)
    assert np.abs(z).max() < 5 and 0.8 < (z**2).mean() < 1.25, (z**2).mean()
    total = engine.gi_star(y, matrix, permutations=permutations, seed=1)
    z_total = tail_z(np.minimum(total.greater, total.lesser), permutations, geoda_tail, permutations)
    assert (z_total**2).mean() > 3, (z_total**2).mean()


@pytest.mark.parametrize("sampler", ["rejection", "keys", "redraw"])
def test_every_ordered_draw_is_equally_likely(sampler):
    """Each of the 6 * 5 * 4 ordered triples of distinct integers below 6 turns up equally often (chi-square)."""
    from scipy import stats

    rng = np.random.Generator(np.random.SFC64(1))
    draw = {"rejection": engine._sample_rejection, "keys": engine._sample_keys,
            "redraw": engine._sample_redraw}[sampler]
    index = draw(rng, 3, 120_000, 6)
    assert index.shape == (3, 120_000)
    assert (index[0] != index[1]).all() and (index[1] != index[2]).all() and (index[0] != index[2]).all()
    codes = index[0] * 36 + index[1] * 6 + index[2]
    counts = np.bincount(codes, minlength=216)
    counts = counts[counts > 0]
    assert len(counts) == 120
    assert stats.chisquare(counts).pvalue > 1e-4


def test_redrawing_repeats_is_uniform_over_pairs_and_places_when_most_draws_repeat():
    """12 of 16 values: almost every first draw has repeats, so the redraws decide the distribution.

    Every ordered pair of distinct values at two places (the first and the last, each of which the
    redraw treats differently: the first is never redrawn in the first round) turns up equally often,
    and every place has the same uniform marginal.
    """
    from scipy import stats

    rng = np.random.Generator(np.random.SFC64(2))
    k, s, rows = 12, 16, 120_000
    index = engine._sample_redraw(rng, k, rows, s)
    assert index.shape == (k, rows)
    assert (np.diff(np.sort(index, axis=0), axis=0) > 0).all()
    for a, b in ((0, k - 1), (3, 4)):
        counts = np.bincount(index[a] * s + index[b], minlength=s * s).reshape(s, s)
        assert (np.diag(counts) == 0).all()
        assert stats.chisquare(counts[~np.eye(s, dtype=bool)]).pvalue > 1e-4, (a, b)
    marginals = np.stack([np.bincount(row, minlength=s) for row in index])
    assert stats.chisquare(marginals.ravel()).pvalue > 1e-4
    # Equal marginals across places: a contingency table of place x value.
    assert stats.chi2_contingency(marginals).pvalue > 1e-4


def test_sampler_keeps_small_k_and_draws_large_k_by_redrawing():
    """Up to 64 neighbours the draws are the ones published figures came from; above, no O(n) keys per draw."""
    for k, s in ((5, 100), (64, 3000), (40, 60)):
        expected = (engine._sample_rejection if math.prod(1 - j / s for j in range(k)) >= 0.1
                    else engine._sample_keys)(np.random.Generator(np.random.SFC64(3)), k, 50, s)
        got = engine._sampler(k, s)(np.random.Generator(np.random.SFC64(3)), 50)
        np.testing.assert_array_equal(got, expected)
    got = engine._sampler(113, 3659)(np.random.Generator(np.random.SFC64(3)), 50)
    expected = engine._sample_redraw(np.random.Generator(np.random.SFC64(3)), 113, 50, 3659)
    np.testing.assert_array_equal(got, expected)
    # k close to s: the keys, whose O(s) is then O(k).
    got = engine._sampler(200, 900)(np.random.Generator(np.random.SFC64(3)), 50)
    np.testing.assert_array_equal(got, engine._sample_keys(np.random.Generator(np.random.SFC64(3)), 200, 50, 900))


def test_a_wide_distance_band_draws_without_keys(monkeypatch):
    """The demo's --scale auto band (about 113 neighbours of 3,660 squares) drew n keys per draw: 77 s."""
    rng = np.random.default_rng(4)
    n = 1_000
    xy = rng.uniform(0, 1, size=(n, 2))
    near = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1)) < 0.16
    np.fill_diagonal(near, False)
    assert np.median(near.sum(axis=1)) > 64
    binary = sp.csr_array(near.astype(float))
    row_sums = np.asarray(binary.sum(axis=1)).ravel()
    lisa_w = sp.csr_array(sp.diags_array(1 / row_sums) @ binary)
    gi_w = sp.csr_array(binary + sp.eye_array(n))
    y = rng.poisson(3, n).astype(float)

    def refuse(*args, **kwargs):
        raise AssertionError("O(n) keys drawn for k well below n")

    monkeypatch.setattr(engine, "_sample_keys", refuse)
    lisa = engine.local_moran(y, lisa_w, permutations=99, n_jobs=1)
    gi = engine.gi_star(y, gi_w, permutations=99, n_jobs=1)
    assert np.isfinite(lisa.p).all() and np.isfinite(gi.p).all()


# --------------------------------------------------------------------------------------------
# Against GeoDa
# --------------------------------------------------------------------------------------------


def test_pseudo_p_agrees_with_pygeoda_where_the_draws_coincide(voronoi, tmp_path):
    """GeoDa's "complete" permutation and ours draw the same null on a large map in random row order.

    libgeoda (LISA::CalcPseudoP_range) is a per-area conditional
    permutation like ours, but its draws differ in two ways, which is why
    pygeoda 0.1.3 sits up to 0.03 from esda and from us on Columbus (49
    areas) even at 99,999 permutations, far beyond Monte Carlo error:

    - it maps a uniform u in [0, 1) to the row ``round(u * (n - 1))``, so
      the first and the last row are drawn half as often as the others;
    - its uniforms are a Thomas Wang hash of consecutive integers (seed,
      seed + 1, ...). These are not independent: neighbouring values fail a
      chi-square test of pairs, and the sum of 8 consecutive ones has a
      variance about 10% too small. So the k rows of one draw lean together;
      where row order follows location (Columbus, and files sorted by code)
      nearby rows have similar values and the null is distorted.

    Both effects fade on a large map whose row order says nothing about
    location: the half-weight rows are 2 of n, and leaning rows carry
    unrelated values. Reproducing libgeoda's draw in NumPy gives its
    p-values exactly, so these are the whole difference. Its p-value is
    one-sided, ``(min(#(sim >= obs), P - #(sim >= obs)) + 1) / (P + 1)``,
    so its smaller tail is compared with ours. Its threads start their hash
    streams only a few rows apart, so it runs on one thread here.
    """
    import pygeoda

    from benchmarks.voronoi import write_gal

    w, nbrs, y = voronoi
    n = len(y)
    permutations = 4_999
    gal = tmp_path / "voronoi.gal"
    write_gal(gal, nbrs)
    gw = pygeoda.read_gal(str(gal), [str(i) for i in range(1, n + 1)])
    ref = pygeoda.local_moran(gw, list(map(float, y)), permutations=permutations, cpu_threads=1, seed=123456789)
    result = engine.local_moran(y, engine.weights_matrix(w, "local_moran"), permutations=permutations, seed=1)
    np.testing.assert_allclose(np.array(ref.lisa_values()), result.statistic, atol=1e-9)

    geoda_tail = np.round(np.array(ref.lisa_pvalues()) * (permutations + 1)) - 1
    our_tail = np.minimum(result.greater, result.lesser)
    z = tail_z(our_tail, permutations, geoda_tail, permutations)
    assert np.abs(z).max() < 5
    assert 0.8 < (z**2).mean() < 1.25, (z**2).mean()
    assert abs(z.mean()) < 4 / math.sqrt(n), z.mean()
    significant_ours = int((result.p <= 0.05).sum())
    significant_geoda = int((2 * np.array(ref.lisa_pvalues()) <= 0.05).sum())
    assert abs(significant_ours - significant_geoda) < 4 * math.sqrt(significant_geoda)


# --------------------------------------------------------------------------------------------
# Reproducibility, calibration and memory
# --------------------------------------------------------------------------------------------


def test_one_or_two_workers_give_identical_results(voronoi):
    w, _, y = voronoi
    x = np.random.default_rng(3).normal(size=len(y))
    for stat in LOCAL:
        one = ours(stat, w, y, x, permutations=499, seed=21, n_jobs=1)
        two = ours(stat, w, y, x, permutations=499, seed=21, n_jobs=2)
        for field in dataclasses.fields(one):
            a, b = getattr(one, field.name), getattr(two, field.name)
            assert a == b if isinstance(a, (int, str)) else np.array_equal(a, b, equal_nan=True), (stat, field.name)
    matrix = engine.weights_matrix(w, "global_moran")
    assert engine.global_moran(y, matrix, permutations=999, seed=2, n_jobs=1) == engine.global_moran(
        y, matrix, permutations=999, seed=2, n_jobs=2)


def test_forked_workers_give_the_same_results_as_threads(voronoi, monkeypatch):
    """Large runs go to a fork pool, small ones to threads: the way never changes the result."""
    w, _, y = voronoi
    results = {}
    for way, threshold in (("fork", 0), ("threads", 10**18)):
        monkeypatch.setattr(engine, "FORK_WORK", threshold)
        monkeypatch.setattr(engine, "_can_fork", lambda: True)
        results[way] = (engine.gi_star(y - y.min() + 1, engine.weights_matrix(w, "gi_star"), permutations=299,
                                       seed=8, n_jobs=2),
                        engine.global_moran(y, engine.weights_matrix(w, "global_moran"), permutations=299,
                                            seed=8, n_jobs=2))
    for field in dataclasses.fields(results["fork"][0]):
        a, b = getattr(results["fork"][0], field.name), getattr(results["threads"][0], field.name)
        assert a == b if isinstance(a, (int, str)) else np.array_equal(a, b, equal_nan=True), field.name
    assert results["fork"][1] == results["threads"][1]


def test_seed_changes_draws_and_is_reported(voronoi):
    w, _, y = voronoi
    matrix = engine.weights_matrix(w, "local_moran")
    a = engine.local_moran(y, matrix, permutations=199, seed=1)
    b = engine.local_moran(y, matrix, permutations=199, seed=2)
    assert a.seed == 1 and b.seed == 2 and a.permutations == 199
    assert not np.array_equal(a.greater, b.greater)


def independent_areas(nbrs: list[list[int]]) -> np.ndarray:
    """Areas no two of which are neighbours or share a neighbour: their statistics use disjoint values."""
    taken = np.zeros(len(nbrs), dtype=bool)
    chosen = []
    for i in range(len(nbrs)):
        block = {i, *nbrs[i]}
        if taken[list(block)].any():
            continue
        chosen.append(i)
        for j in block:
            taken[j] = True
            taken[nbrs[j]] = True
    return np.array(chosen)


@pytest.mark.parametrize("stat", ["local_moran", "gi_star"])
def test_pure_noise_is_significant_at_the_nominal_rate(voronoi, stat):
    """Share of p <= 0.01, 0.05, 0.10 over 40 noise maps lies in a 99.9% binomial interval.

    Only areas whose neighbourhoods are disjoint are counted, so that the
    tests are independent as the binomial interval assumes (neighbouring
    areas share values, and their p-values move together). With 399
    permutations each level is reached exactly: p <= alpha when the observed
    value is among the alpha * 400 / 2 most extreme of 400 in either tail.
    """
    w, nbrs, _ = voronoi
    matrix = engine.weights_matrix(w, stat)
    areas = independent_areas(nbrs)
    rng = np.random.default_rng(77)
    p = np.concatenate([
        getattr(engine, stat)(rng.normal(size=len(nbrs)), matrix, permutations=399, seed=s).p[areas]
        for s in range(40)
    ])
    assert len(p) > 3_000
    for alpha in (0.01, 0.05, 0.10):
        expected = alpha * len(p)
        sd = math.sqrt(len(p) * alpha * (1 - alpha))
        observed = int((p <= alpha).sum())
        assert abs(observed - expected) < 3.29 * sd, (stat, alpha, observed, expected)


@pytest.mark.parametrize("stat", ["local_moran", "gi_star"])
def test_memory_grows_with_the_block_not_with_permutations(stat):
    """No areas x permutations matrix: at 3,000 areas the peak stays far below one and does not grow with P."""
    from benchmarks.voronoi import voronoi_map

    n = 3_000
    _, nbrs, values = voronoi_map(n, seed=4)
    matrix = engine.weights_matrix(W({i: nbrs[i] for i in range(n)}, silence_warnings=True), stat)
    values = values - values.min() + 1.0

    def peak(permutations: int) -> int:
        tracemalloc.start()
        try:
            getattr(engine, stat)(values, matrix, permutations=permutations, seed=1, n_jobs=2)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    at_2000 = peak(2_000)
    assert at_2000 < n * 2_000 * 8 / 8, at_2000  # an n x P float64 matrix is 48 MB
    assert peak(6_000) < 1.2 * at_2000


# --------------------------------------------------------------------------------------------
# Global Moran's I
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("dataset", [d[0] for d in DATASETS])
def test_global_moran_equals_esda(data, dataset):
    import esda

    gdf, y, _ = data[dataset]
    permutations = 9_999
    np.random.seed(5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = esda.Moran(y, queen(gdf), transformation="r", permutations=permutations)
    result = engine.global_moran(y, engine.weights_matrix(queen(gdf), "global_moran"),
                                 permutations=permutations, seed=5)
    assert abs(result.statistic - ref.I) < 1e-9
    assert result.expected == pytest.approx(ref.EI)
    sims = np.asarray(ref.sim)
    for mine, theirs in ((result.greater, (sims >= ref.I).sum()), (result.lesser, (sims <= ref.I).sum())):
        assert abs(tail_z(np.array([mine]), permutations, np.array([theirs]), permutations)[0]) < 5
    assert abs(result.sim_mean - ref.EI_sim) < 5 * ref.seI_sim * math.sqrt(2 / permutations)
    assert result.sim_std == pytest.approx(ref.seI_sim, rel=0.05)
    assert result.z == pytest.approx(ref.z_sim, rel=0.1)
    if dataset == "columbus":
        # Published: Columbus crime, queen contiguity, row-standardised: I = 0.5002 (GeoDa, PySAL docs).
        assert round(result.statistic, 4) == 0.5002
        assert result.p == pytest.approx(2 / (permutations + 1))


# --------------------------------------------------------------------------------------------
# Islands and errors
# --------------------------------------------------------------------------------------------


def test_area_without_neighbours_gets_nan_p(columbus):
    import esda

    base = queen(columbus)
    neighbours = {i: [j for j in base.neighbors[i] if j != 5] for i in range(base.n)}
    neighbours[5] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        w = W(neighbours, silence_warnings=True)
        ref = esda.Moran_Local(columbus["CRIME"].to_numpy(float), W(neighbours, silence_warnings=True),
                               permutations=0)
    y = columbus["CRIME"].to_numpy(float)
    for stat in ("local_moran", "gi_star", "local_geary"):
        result = ours(stat, w, y, y, permutations=99, seed=1)
        assert np.isnan(result.p[5]) and not result.p[5] <= 0.05
        assert result.neighbours[5] == 0 and result.greater[5] == 0 and np.isnan(result.z[5])
        assert np.isfinite(np.delete(result.p, 5)).all()
    np.testing.assert_allclose(ours("local_moran", w, y, y, permutations=9).statistic, ref.Is, atol=1e-9)


def test_errors_are_one_clear_line(columbus):
    y = columbus["CRIME"].to_numpy(float)
    rows = engine.weights_matrix(queen(columbus), "local_moran")
    star = engine.weights_matrix(queen(columbus), "gi_star")
    cases = [
        (OptionError, lambda: engine.local_moran(y, rows, permutations=0), "minstens 1"),
        (OptionError, lambda: engine.local_moran(y, rows, n_jobs=0), "n_jobs"),
        (OptionError, lambda: engine.local_moran(y, rows, seed=-1), "seed"),
        (AnalysisError, lambda: engine.local_moran(np.full(len(y), 2.0), rows), "gelijk"),
        (AnalysisError, lambda: engine.gi_star(np.arange(len(y)) - (len(y) - 1) / 2, star), "tellen op tot 0"),
        (AnalysisError, lambda: engine.local_moran(np.r_[y[:-1], np.nan], rows), "ontbrekende"),
        (OptionError, lambda: engine.local_moran(y, star), "rij-gestandaardiseerde"),
        (OptionError, lambda: engine.gi_star(y, rows), "binaire"),
        (OptionError, lambda: engine.gi_star(y, (star - sp.diags_array(star.diagonal())).tocsr()), "diagonaal"),
        (OptionError, lambda: engine.local_moran(y[:-1], rows), "49 x 49"),
        (OptionError, lambda: engine.local_moran(y, rows.toarray()), "scipy.sparse"),
        (OptionError, lambda: engine.weights_matrix(queen(columbus), "moran"), "onbekende statistiek"),  # type: ignore[arg-type]
    ]
    for error, call, words in cases:
        with pytest.raises(error) as info:
            call()
        message = str(info.value)
        assert words in message and "\n" not in message, message


# --------------------------------------------------------------------------------------------
# The benchmark, small
# --------------------------------------------------------------------------------------------


def test_benchmark_runs_small_and_prints_ratios():
    out = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "bench_engine.py"), "--sizes", "300", "--permutations", "99",
         "--seeds", "2"],
        capture_output=True, text=True, cwd=REPO, timeout=600,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    text = out.stdout
    for words in ("ratio time vmgeo/pygeoda:", "vmgeo/esda:", "ratio memory vmgeo/pygeoda:",
                  "ratio seed spread (sd) vmgeo/pygeoda:", "esda with numba: not measured", "goals at 300 areas"):
        assert words in text, text
    for tool in ("vmgeo", "esda", "pygeoda"):
        assert f"\n    {tool} " in text, text
