"""What a run prints on the terminal (geo/terminal.py)."""

from __future__ import annotations

import json

import pytest

from geo import terminal
from tests.conftest import run_cli


@pytest.fixture(scope="module")
def demo_summary(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("demo") / "run"
    assert run_cli("demo", "--out", str(out), "--permutations", "99").returncode == 0
    return json.loads((out / "summary.json").read_text(encoding="utf-8"))


def _moran_line(summary: dict, lang: str) -> str:
    return next(line for line in terminal.summary_lines(summary, lang=lang).splitlines() if "Moran" in line)


def test_moran_p_at_the_floor_is_not_printed_as_zero(demo_summary):
    """Issue 16: with 99,999 permutations and none as extreme, the terminal printed "p = 0,000"."""
    at_floor = {**demo_summary, "permutations": 99_999, "moran": {**demo_summary["moran"], "p": 1e-5}}
    assert "p < 0,00002" in _moran_line(at_floor, "nl") and "0,000)" not in _moran_line(at_floor, "nl")
    assert "p < 0.00002" in _moran_line(at_floor, "en")
    ordinary = {**demo_summary, "permutations": 999, "moran": {**demo_summary["moran"], "p": 0.0444}}
    assert "p = 0,044" in _moran_line(ordinary, "nl")


def test_moran_verdict_compares_i_with_its_expectation_not_with_zero(demo_summary):
    """A trial on 9 squares: I = -0,053 against an expected -0,167 (z = 1,35, p = 0,018) was called dispersion."""
    few = {**demo_summary, "n": 9, "permutations": 999, "alpha": 0.05,
           "moran": {**demo_summary["moran"], "I": -0.053, "expected": -0.167, "z": 1.35, "p": 0.018}}
    assert "ruimtelijke clustering" in _moran_line(few, "nl") and "spatial clustering" in _moran_line(few, "en")
    below = {**few, "moran": {**few["moran"], "I": -0.3, "z": -1.9, "p": 0.01}}
    assert "ruimtelijke spreiding" in _moran_line(below, "nl")


def test_counts_of_areas_and_incidents_are_written_as_the_language_writes_numbers():
    """'Gebieden geanalyseerd: 9.357 van 9.357' and '47.015 incident(en) liggen buiten het studiegebied'."""
    from geo import text

    with text.speaking("nl"):
        line = str(text.Say("w_grid_outside_area", n=text.Count(47015)))
    assert line.startswith("47.015 incident(en)")
    with text.speaking("en"):
        assert str(text.Say("w_grid_outside_area", n=text.Count(47015))).startswith("47,015 incident(s)")
    summary = {"n": 9357, "n_areas": 9357, "weights": "queen", "permutations": 999, "seed": 12345,
               "value": {"analysed": "value"}, "moran": {"I": 0.1, "expected": -0.0001, "z": 3.0, "p": 0.001},
               "alpha": 0.05, "lisa": {}, "gi_star": {}}
    from geo.terminal import _statistics

    assert _statistics(summary, "nl")[0].startswith("Gebieden geanalyseerd: 9.357 van 9.357 (gewichten queen, 999 "
                                                    "permutaties, seed 12345")


def test_density_line_says_masked_only_when_something_can_be():
    """At 1000 m nothing is hidden (--min-count 0): no 'fewer than 1 incidents' masking line."""
    from geo.terminal import _incidents

    def line(min_count: int) -> str:
        s = {"aggregation": {"incidents": {"read": 10, "used": 10, "dropped": {}, "filtered": {}}, "target": "grid",
                             "cell": 1000, "areas": 4, "counted": 10, "outside": 0,
                             "density": {"bandwidth": 1000.0, "masked": 2, "squares": 4, "min_count": min_count}}}
        return _incidents(s, "nl")[-1]

    assert line(1) == "Dichtheidskaart: bandbreedte 1.000 m, 4 vierkanten"
    # Hexagons, polygons, partitions: no layer, and the terminal says why instead of saying nothing.
    s = {"aggregation": {"incidents": {"read": 10, "used": 10, "dropped": {}, "filtered": {}}, "target": "hex",
                         "cell": None, "areas": 4, "counted": 10, "outside": 0, "density": None}}
    assert _incidents(s, "nl")[-1].startswith("Geen dichtheidskaart: minder dan twee incidenten in het gebied")
    assert line(5) == "Dichtheidskaart: bandbreedte 1.000 m, 2 van 4 vierkanten gemaskeerd (minder dan 5 incidenten)"


# --- Issue 18: which p is which. On counts per gemeente the permuted Moran's I are skewed (a few big cities carry
# most incidents): the terminal printed "z = -1,90, p < 0,002", a z whose normal p is 0,06 beside a pseudo-p at
# its floor, without saying that one is a permutation rank and the other a normal approximation.


@pytest.fixture(scope="module")
def gemeente_runs(tmp_path_factory) -> dict:
    from geo.incidents import synthetic_export
    from tests.conftest import TESTDATA

    folder = tmp_path_factory.mktemp("gemeenten")
    export = synthetic_export(folder / "export.csv", n=20_000)
    args = ("hotspots", "--incidents", str(export), "--x", "X-coördinaat", "--y", "Y-coördinaat",
            "--boundaries", str(TESTDATA / "boundaries" / "gemeente_2023_rd.geojson"))
    runs = {}
    for name, extra in {"permutation": (), "normal": ("--gi-inference", "normal", "--permutations", "99"),
                        "none": ("--permutations", "0")}.items():
        out = folder / name
        run = run_cli(*args, *extra, "--out", str(out))
        assert run.returncode == 0, run.stderr
        runs[name] = (run.stdout, json.loads((out / "summary.json").read_text(encoding="utf-8")))
    return runs


def test_moran_line_names_the_pseudo_p_and_the_normal_approximation(gemeente_runs):
    from geo import text

    stdout, summary = gemeente_runs["permutation"]
    m = summary["moran"]
    assert summary["n"] == 342 and summary["permutations"] == 999
    line = next(line for line in stdout.splitlines() if line.startswith("Moran"))
    assert line == _moran_line(summary, "nl")  # what was printed is what the summary gives
    shown_p = text.p_value(round(m["p"], 3), lang="nl", floor=2 / 1000)
    z_norm, p_norm = text.number(m["z_norm"], 2, lang="nl", grouping=False), round(m["p_norm"], 3)
    assert (f"z = {text.number(m['z'], 2, lang='nl', grouping=False)}, pseudo-p {'' if '<' in shown_p else '= '}"
            f"{shown_p} uit 999 permutaties; normale benadering: z = {z_norm}, p ") in line
    if p_norm >= 0.0001:
        assert f"normale benadering: z = {z_norm}, p = {text.p_value(p_norm, lang='nl')})" in line
    english = _moran_line(summary, "en")
    assert "pseudo-p" in english and "from 999 permutations; normal approximation: z = " in english
    # The two tests are not the same number: with skewed permutations the normal p can be far from the pseudo-p.
    assert m["p"] != pytest.approx(m["p_norm"])


def test_gi_line_says_which_p_decided_the_categories(gemeente_runs):
    for name, nl, en in (("permutation", "Gi* hot spots (pseudo-p uit 999 permutaties): ",
                          "Gi* hot spots (pseudo-p from 999 permutations): "),
                         ("normal", "Gi* hot spots (p van de normale benadering van z): ",
                          "Gi* hot spots (p of the normal approximation of z): "),
                         ("none", "Gi* hot spots (p van de normale benadering van z): ",
                          "Gi* hot spots (p of the normal approximation of z): ")):
        stdout, summary = gemeente_runs[name]
        assert any(line.startswith(nl) for line in stdout.splitlines()), (name, stdout)
        assert any(line.startswith(en) for line in terminal.summary_lines(summary, lang="en").splitlines())


def test_without_permutations_the_moran_p_is_named_normal(gemeente_runs):
    stdout, summary = gemeente_runs["none"]
    line = next(line for line in stdout.splitlines() if line.startswith("Moran"))
    assert "pseudo" not in line and ", normale benadering)" in line
    assert ", normal approximation)" in _moran_line(summary, "en")
    # The caution under a global test that is not significant names its p too.
    quiet = {**summary, "caution": True, "moran": {**summary["moran"], "p": 0.31, "z": 1.01}}
    assert "(Moran's I, p = 0,31, normale benadering)" in terminal.summary_lines(quiet, lang="nl")
    permuted = {**gemeente_runs["permutation"][1], "caution": True}
    permuted = {**permuted, "moran": {**permuted["moran"], "p": 0.31}}
    assert "(Moran's I, pseudo-p = 0.31)" in terminal.summary_lines(permuted, lang="en")
