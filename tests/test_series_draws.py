"""A series draws its permutations once for all periods (issue 18: 12 periods of the national grid)."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import scipy.sparse as sp
from shapely.geometry import box

from geo import analysis
from geo.reports import JoinReport, Prepared, PrepareReport
from geo.series import analyse_series
from geo.stats import engine


def _series(periods: int, *, side: int = 12, seed: int = 7) -> dict[str, Prepared]:
    rng = np.random.default_rng(seed)
    codes = [f"A{i:03d}" for i in range(side * side)]
    squares = [box(c * 100, r * 100, (c + 1) * 100, (r + 1) * 100) for r in range(side) for c in range(side)]

    def period(t: int) -> Prepared:
        value = rng.poisson(20 * 0.95**t, side * side).astype(float)
        frame = gpd.GeoDataFrame({"code": codes, "name": codes, "value": value, "analysed": True},
                                 geometry=squares, crs="EPSG:28992")
        return Prepared(frame=frame, report=PrepareReport(source="test", value_column="value",
                                                          population_column=None, analysed="value"),
                        join=JoinReport(len(codes), [], [], source="test"))

    return {f"{2020 + t}JJ00": period(t) for t in range(periods)}


def test_a_series_draws_once_and_each_period_is_as_on_its_own(monkeypatch):
    """Each period drew the same neighbours again (the draws depend on weights and seed, not on values):
    12 periods of 400,000 squares were 12 whole runs of the engine. Now one draw serves all periods,
    and every period's Moran's I, LISA and Gi* are exactly those of geo.analyse on that period alone."""
    series = _series(4)
    alone = {k: analysis.analyse(p, permutations=99, weights="queen", seed=3) for k, p in series.items()}

    def one_period_driver(*args, **kwargs):
        raise AssertionError("a period drew its own permutations")

    monkeypatch.setattr(engine, "_local", one_period_driver)
    monkeypatch.setattr(engine, "_global", one_period_driver)
    result = analyse_series(series, permutations=99, weights="queen", seed=3)
    for key, ref in alone.items():
        got = result.results[key]
        for column in ("lisa_I", "lisa_p", "lisa_cluster", "gi_z", "gi_p_sim", "gi_bin"):
            assert got.frame[column].equals(ref.frame[column]), (key, column)
        assert got.moran.p == ref.moran.p and got.moran.statistic == ref.moran.statistic


def test_normal_gi_inference_in_a_series_draws_no_gi_permutation(monkeypatch):
    series = _series(3, side=8)
    calls = []
    real = engine.gi_star_periods
    monkeypatch.setattr(engine, "gi_star_periods", lambda *a, **k: calls.append(1) or real(*a, **k))
    monkeypatch.setattr(engine, "gi_star", lambda *a, **k: calls.append(1))
    result = analyse_series(series, permutations=19, weights="queen", gi_inference="normal")
    assert not calls and all(r.frame["gi_p_sim"].isna().all() for r in result.results.values())


@pytest.mark.parametrize("band", [0.05, 0.12], ids=["k-about-7", "k-about-37"])
def test_the_engine_on_many_periods_equals_one_call_per_period(band):
    rng = np.random.default_rng(3)
    n = 600
    xy = rng.uniform(0, 1, (n, 2))
    near = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1)) < band
    np.fill_diagonal(near, False)
    binary = sp.csr_array(near.astype(float))
    sums = np.asarray(binary.sum(axis=1)).ravel()
    row = sp.csr_array(sp.diags_array(np.divide(1, sums, out=np.zeros(n), where=sums > 0)) @ binary)
    star = sp.csr_array(binary + sp.eye_array(n))
    ys = [rng.poisson(3 + t, n).astype(float) for t in range(3)]
    for one, many, w in ((engine.local_moran, engine.local_moran_periods, row),
                         (engine.gi_star, engine.gi_star_periods, star)):
        for y, got in zip(ys, many(ys, w, permutations=99, seed=7, n_jobs=1)):
            ref = one(y, w, permutations=99, seed=7, n_jobs=1)
            np.testing.assert_array_equal(got.greater, ref.greater)
            np.testing.assert_array_equal(got.lesser, ref.lesser)
            np.testing.assert_array_equal(got.p, ref.p)
            np.testing.assert_allclose(got.z, ref.z, rtol=1e-9, atol=1e-12)  # sums in another order
    for y, got in zip(ys, engine.global_moran_periods(ys, row, permutations=99, seed=7, n_jobs=2)):
        assert got == engine.global_moran(y, row, permutations=99, seed=7, n_jobs=1)


def test_remembered_results_are_handed_out_once_and_only_inside_the_block():
    rng = np.random.default_rng(5)
    n = 50
    binary = sp.random_array((n, n), density=0.1, random_state=1, format="csr")
    binary = sp.csr_array(((binary + binary.T) > 0).astype(float))
    binary.setdiag(0)
    binary.eliminate_zeros()
    sums = np.asarray(binary.sum(axis=1)).ravel()
    row = sp.csr_array(sp.diags_array(np.divide(1, sums, out=np.zeros(n), where=sums > 0)) @ binary)
    ys = [rng.normal(size=n) for _ in range(2)]
    with engine.remembered():
        first = engine.local_moran_periods(ys, row, permutations=19, seed=2)
        assert engine.local_moran(ys[0], row, permutations=19, seed=2) is first[0]
        assert engine.local_moran(ys[0], row, permutations=19, seed=2) is not first[0]  # once
        assert engine.local_moran(ys[1], row, permutations=19, seed=3) is not first[1]  # another seed
    assert engine.local_moran(ys[1], row, permutations=19, seed=2) is not first[1]  # outside the block
