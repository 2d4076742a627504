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
    assert _incidents(s, "nl")[-1].startswith("Geen dichtheidskaart: die komt er alleen bij CBS-vierkanten")
    assert line(5) == "Dichtheidskaart: bandbreedte 1.000 m, 2 van 4 vierkanten gemaskeerd (minder dan 5 incidenten)"
