"""Empirical-Bayes rates, EB Moran, bivariate LISA, corrections and Gi* by permutation, against esda and theory."""

from __future__ import annotations

import json
import warnings

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from libpysal import examples
from scipy.stats import binom

import geo
from geo import categories as cat
from geo import rates
from geo.stats._inference import correction_note, permutations_needed, significant
from tests.conftest import assert_clean_failure, run_cli


@pytest.fixture(scope="module")
def sids2() -> gpd.GeoDataFrame:
    g = gpd.read_file(examples.get_path("sids2.shp"))
    return g.assign(code=g["FIPS"].astype(str), name=g["NAME"])


@pytest.fixture(scope="module")
def sids2_w(sids2):
    return geo.weights.build(sids2, kind="queen")


def test_eb_moran_equals_esda_moran_rate(sids2, sids2_w):
    """SID74 / BIR74: the Assuncao-Reis EB Moran's I equals esda's Moran_Rate, the local Ii its Moran_Local_Rate."""
    from esda.moran import Moran_Local_Rate, Moran_Rate

    frame = sids2.assign(value=sids2["SID74"].astype(float), population=sids2["BIR74"].astype(float),
                         analysed=True)
    frame["rate"] = frame["value"] / frame["population"] * 1000
    result = geo.analyse(frame, rate="eb", permutations=99, seed=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = Moran_Rate(frame["value"], frame["population"], sids2_w.w, adjusted=True, permutations=0)
        ref_local = Moran_Local_Rate(frame["value"], frame["population"], sids2_w.w, adjusted=True, permutations=0)
    assert result.moran.statistic == pytest.approx(ref.I, abs=1e-9)
    np.testing.assert_allclose(result.frame["lisa_I"].to_numpy(), ref_local.Is, atol=1e-9)
    assert result.summary["value"]["analysed"] == "rate_eb" and result.summary["value"]["rate_method"] == "eb"


def test_eb_rates_shrink_small_populations_towards_the_mean(sids2):
    """Marshall's global EB, by hand: w_i = s2 / (s2 + b/n_i), estimate = w_i r_i + (1 - w_i) b."""
    e, n = sids2["SID74"].to_numpy(float), sids2["BIR74"].to_numpy(float)
    r = e / n
    b = e.sum() / n.sum()
    s2 = (n * (r - b) ** 2).sum() / n.sum() - b / n.mean()
    w = s2 / (s2 + b / n)
    by_hand = (w * r + (1 - w) * b) * 1000
    np.testing.assert_allclose(rates.smoothed(e, n, method="eb"), by_hand, rtol=1e-10)
    # The smaller the population, the larger the pull towards the overall rate.
    pull = np.abs(rates.smoothed(e, n, method="eb") / 1000 - r)
    small, large = n < np.quantile(n, 0.2), n > np.quantile(n, 0.8)
    assert pull[small].mean() > pull[large].mean()


def test_bivariate_equals_esda(sids2, sids2_w):
    from esda.moran import Moran_BV, Moran_Local_BV

    x, y = sids2["SIDR74"].to_numpy(float), sids2["NWR74"].to_numpy(float)
    frame = sids2.assign(value=x, value2=y, analysed=True)
    out, global_ = geo.stats.bivariate_moran(frame, "value", "value2", weights=sids2_w, permutations=999, seed=3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = Moran_Local_BV(x, y, sids2_w.w, transformation="r", permutations=0)
        ref_global = Moran_BV(x, y, sids2_w.w, transformation="r", permutations=0)
    np.testing.assert_allclose(out["bv_I"].to_numpy(), ref.Is, atol=1e-9)
    assert global_.statistic == pytest.approx(ref_global.I, abs=1e-12)
    # The quadrant is the area's own x against the lag of y, as esda's q (1 HH, 2 LH, 3 LL, 4 HL).
    np.testing.assert_array_equal(out["bv_quadrant"].to_numpy(), cat.from_codes(ref.q, cat.ESDA_QUADRANTS))
    significant_rows = out["bv_cluster"] != cat.NOT_SIGNIFICANT
    assert (out.loc[significant_rows, "bv_p"] <= 0.05).all() and significant_rows.any()
    # Non-white births and SIDS rates go together in North Carolina (a published finding): positive, significant.
    assert global_.statistic > 0 and global_.p <= 0.01


def test_bonferroni_and_fdr():
    p = np.array([0.001, 0.004, 0.02, 0.04, np.nan])
    assert significant(p, 0.05).tolist() == [True, True, True, True, False]
    assert significant(p, 0.05, correction="bonferroni").tolist() == [True, True, False, False, False]  # 0.05/4
    assert permutations_needed(342, 0.05, correction="bonferroni") == 13_679  # 2/(P+1) <= 0.05/342
    note = correction_note(342, 999, 0.05, correction="bonferroni")
    assert note and "never be passed" in note and "13679" in note
    assert correction_note(342, 99_999, 0.05, correction="bonferroni") is None


@pytest.fixture(scope="module")
def noise():
    """A 45 x 45 grid of pure noise from a skewed distribution (rates of small populations look like this)."""
    import shapely

    rng = np.random.default_rng(2024)
    side = 45
    cells = [shapely.box(x, y, x + 1, y + 1) for y in range(side) for x in range(side)]
    frame = gpd.GeoDataFrame({"code": [f"A{i}" for i in range(side * side)]}, geometry=cells, crs="EPSG:28992")
    frame["value"] = rng.lognormal(0, 1.0, side * side)
    frame["analysed"] = True
    return frame


def test_gi_bins_by_permutation_keep_their_nominal_level_on_noise(noise):
    """On pure noise, the share of areas in the 99%, 95% and 90% bins lies within a binomial interval of 1, 5, 10%.

    Neighbouring Gi* overlap, so the shares are a little more variable than
    a binomial; the interval is the 99.99% binomial one. The bins come from
    the permutation p; on this skewed noise the normal approximation
    (ArcGIS's bins) calls more than its nominal share hot at 99%.
    """
    result = geo.analyse(noise, weights="queen", permutations=999, seed=7)
    bins = result.frame["gi_bin"].abs().to_numpy()
    n = len(bins)
    for level, nominal in ((3, 0.01), (2, 0.05), (1, 0.10)):
        share = (bins >= level).sum()
        low, high = binom.ppf(0.00005, n, nominal), binom.ppf(0.99995, n, nominal)
        assert low <= share <= high, (level, share / n, nominal)
    normal = geo.analyse(noise, weights="queen", permutations=999, seed=7, gi_inference="normal")
    hot_99_normal = (normal.frame["gi_bin"] == 3).sum()
    assert hot_99_normal > (result.frame["gi_bin"] == 3).sum()


def test_pure_noise_says_read_with_care(noise):
    result = geo.analyse(noise, permutations=199, seed=3)
    assert result.caution and any("read the local clusters with care" in note for note in result.notes)


def test_gi_bins_and_the_p_beside_them_agree(gemeenten_rd, crimes_csv, tmp_path):
    """Every Gi* bin is the one its pseudo p gives (Rozendaal, 1,835 people with 343 registrations, was a "99%
    hot spot" beside p 0.17 under the normal approximation; under total permutation its p is 0.004 too)."""
    out = tmp_path / "out"
    run = run_cli("hotspots", "--boundaries", str(gemeenten_rd), "--data", str(crimes_csv), "--code-column", "nummer",
                  "--value", "misdaad", "--population", "bevolking", "--permutations", "999", "--out", str(out))
    assert run.returncode == 0, run.stderr
    results = pd.read_csv(out / "results.csv", dtype={"code": str}).set_index("code")
    level = {3: 0.01, 2: 0.05, 1: 0.10}
    for code, row in results.iterrows():
        if row["gi_bin"] != 0:
            assert row["gi_p_bin"] <= level[abs(int(row["gi_bin"]))], code
        else:
            assert row["gi_p_bin"] > 0.10 or np.isnan(row["gi_p_bin"]), code
    assert (results["gi_p_bin"] == results["gi_p_sim"]).all()
    assert results.loc["GM0277", "gi_bin"] == 3 and results.loc["GM0277", "gi_p_sim"] <= 0.01
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["gi_inference"] == "permutation" and "GM0277" in summary["small_population"]
    page = (out / "map.html").read_text(encoding="utf-8")
    assert "Gi* hot spots (permutatie)" in page and '"population"' in page


@pytest.mark.parametrize("extra, words", [
    (("--rate", "eb"), ["--rate eb", "--population"]),
    (("--value2", "misdrijven"), ["--value2", "dezelfde kolom"]),
    (("--value2", "onveilig_pct", "--rate", "bogus"), ["--rate", "bogus"]),
], ids=["eb-without-population", "value2-equals-value", "unknown-rate"])
def test_bad_statistics_options(region_files, tmp_path, extra, words):
    b, d = region_files
    out = tmp_path / "out"
    args = ["hotspots", "--boundaries", str(b), "--data", str(d), "--code-column", "buurtcode", "--value",
            "misdrijven", "--permutations", "9", "--out", str(out), *extra]
    assert_clean_failure(run_cli(*args), out, *words)


def test_two_indicators_with_too_few_areas_in_common_are_refused(region_files, tmp_path, small_region):
    """Partly different areas are analysed on what both cover (test_bad_input); too few in common is refused."""
    b, _ = region_files
    table = small_region.table.copy()
    table.loc[2:, "onveilig_pct"] = None  # a survey figure for two buurten only
    data = tmp_path / "data.csv"
    table.to_csv(data, index=False)
    out = tmp_path / "out"
    assert_clean_failure(run_cli("hotspots", "--boundaries", str(b), "--data", str(data), "--code-column",
                                 "buurtcode", "--value", "misdrijven", "--population", "inwoners", "--value2",
                                 "onveilig_pct", "--permutations", "9", "--out", str(out)),
                         out, "verschillende gebieden", "maar 2 gebied(en)")


def test_bivariate_end_to_end(region_files, tmp_path):
    b, d = region_files
    out = tmp_path / "out"
    run = run_cli("hotspots", "--boundaries", str(b), "--data", str(d), "--code-column", "buurtcode", "--value",
                  "misdrijven", "--population", "inwoners", "--value2", "onveilig_pct", "--permutations", "199",
                  "--out", str(out))
    assert run.returncode == 0, run.stderr
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    bv = summary["bivariate"]
    assert sum(bv["counts"].values()) == summary["n"] and bv["x_name"] == "geregistreerde criminaliteit"
    page = (out / "map.html").read_text(encoding="utf-8")
    assert "Veel geregistreerde criminaliteit, omgeving: veel onveiligheidsgevoel" in page
    results = pd.read_csv(out / "results.csv")
    assert {"bv_I", "bv_p", "bv_cluster"} <= set(results.columns)


def test_an_impossible_correction_says_how_many_permutations_it_needs(region_files, tmp_path):
    b, d = region_files
    out = tmp_path / "out"
    run = run_cli("hotspots", "--boundaries", str(b), "--data", str(d), "--code-column", "buurtcode", "--value",
                  "misdrijven", "--population", "inwoners", "--correction", "bonferroni", "--permutations", "99",
                  "--out", str(out))
    assert run.returncode == 0, run.stderr
    needed = permutations_needed(60, 0.05, correction="bonferroni")
    assert f"minstens {needed}" in run.stdout  # 2/(P+1) <= 0.05/60 needs P >= 2399
    assert f"minstens {needed}" in (out / "map.html").read_text(encoding="utf-8")
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["correction"] == "bonferroni" and any(str(needed) in note for note in summary["notes"])
    assert summary["lisa"]["HH"] == summary["lisa"]["LL"] == 0  # nothing can pass
    # --fdr is --correction fdr; given with another --correction it is refused, not silently preferred.
    fdr = run_cli("hotspots", "--boundaries", str(b), "--data", str(d), "--code-column", "buurtcode", "--value",
                  "misdrijven", "--population", "inwoners", "--fdr", "--permutations", "99", "--out", str(out))
    assert fdr.returncode == 0, fdr.stderr
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["correction"] == "fdr"
    both = run_cli("hotspots", "--boundaries", str(b), "--data", str(d), "--code-column", "buurtcode", "--value",
                   "misdrijven", "--population", "inwoners", "--correction", "bonferroni", "--fdr",
                   "--out", str(tmp_path / "both"))
    assert_clean_failure(both, tmp_path / "both", "--fdr", "--correction")


def test_a_bivariate_subset_with_its_own_islands_says_so(region_files, tmp_path, small_region):
    """The areas with both figures get neighbours of their own; when that thinner map has islands or
    separate parts, the run says so (before: 55 gemeenten, 20 islands attached, 27 parts, no word)."""
    b, _ = region_files
    table = small_region.table.copy()
    table.loc[table.index % 3 != 0, "onveilig_pct"] = None  # a survey figure for every third buurt
    data = tmp_path / "data.csv"
    table.to_csv(data, index=False)
    out = tmp_path / "out"
    run = run_cli("hotspots", "--boundaries", str(b), "--data", str(data), "--code-column", "buurtcode",
                  "--value", "misdrijven", "--population", "inwoners", "--value2", "onveilig_pct",
                  "--permutations", "19", "--out", str(out))
    assert run.returncode == 0, run.stderr
    bv = json.loads((out / "summary.json").read_text(encoding="utf-8"))["bivariate"]
    assert bv["own_weights"] is True and bv["n"] == 20
    assert bv["islands"] or bv["components"] > 1, "every third buurt of 60 should leave gaps"
    assert "eigen buren" in run.stderr and f"{len(bv['islands'])} gebied(en) zonder buren" in run.stderr
