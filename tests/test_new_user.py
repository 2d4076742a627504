"""The new user's first hour: each thing they tripped over, fixed and kept fixed."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
import warnings

import numpy as np
import pandas as pd
import pytest

from geo import maps, terminal
from geo.joins import match_names
from tests.conftest import ERROR_PREFIXES, REPO, run_cli
from tests.servers import Content, FakeServer


@pytest.fixture(scope="module")
def server(testdata):
    srv = FakeServer(Content(testdata)).start()
    yield srv
    srv.shutdown()


@pytest.fixture(scope="module")
def env(server, tmp_path_factory):
    cache = tmp_path_factory.mktemp("cache")
    return {"VMGEO_CBS_URL": f"{server.url}/cbs", "VMGEO_POLICE_URL": f"{server.url}/politie",
            "VMGEO_PDOK_URL": f"{server.url}/pdok", "VMGEO_CACHE_DIR": str(cache), "VMGEO_OFFLINE": ""}


@pytest.fixture(scope="module")
def no_period_run(env, tmp_path_factory):
    """The README's own example without --period or --year: the latest year, its boundaries."""
    out = tmp_path_factory.mktemp("latest") / "out"
    run = run_cli("hotspots", "--data", "woninginbraak", "--population", "inwoners", "--permutations", "99",
                  "--out", str(out), env=env)
    assert run.returncode == 0, run.stderr
    return out, run


def test_missing_period_means_the_latest_year(no_period_run):
    out, _ = no_period_run
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["boundary_year"] == 2023 and summary["sources"][0]["period"] == "2023JJ00"


def test_titles_and_source_lines_show_periods_as_readers_write_them(no_period_run):
    out, _ = no_period_run
    page = (out / "map.html").read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", page).group(1)
    assert title.endswith("2023 per 1.000 inwoners") and "JJ00" not in title
    panel = page.split('id="vmgeo-data"')[0]
    assert "JJ00" not in panel and "Politie 47018NED, 2023" in panel


def test_figures_and_population_of_different_years_are_noted(no_period_run):
    out, run = no_period_run
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert any("divided by the population of 2024" in note for note in summary["notes"])
    assert "gedeeld door de bevolking van 2024" in run.stderr  # the warning in the run's language


def test_frisian_names_match_their_dutch_spelling():
    boundaries = pd.DataFrame({"code": ["GM1970", "GM1900", "PV21"],
                               "name": ["Noardeast-Fryslân", "Súdwest-Fryslân", "Fryslân"]})
    mapping, report = match_names(pd.Series(["Noordoost-Friesland", "Zuidwest-Friesland", "Friesland (PV)"]),
                                  boundaries)
    assert mapping == {"Noordoost-Friesland": "GM1970", "Zuidwest-Friesland": "GM1900", "Friesland (PV)": "PV21"}
    assert not report["unmatched"]


def test_the_shipped_demo_composition_fits_the_demo(tmp_path):
    demo = tmp_path / "demo"
    assert run_cli("demo", "--out", str(demo), "--permutations", "9").returncode == 0
    out = tmp_path / "basisteams"
    run = run_cli("hotspots", "--level", "basisteam", "--year", "2023",
                  "--composition", str(REPO / "boundaries" / "compositions" / "demo_basisteams.csv"),
                  "--boundaries", str(demo / "demo_buurten.gpkg"), "--data", str(demo / "demo_data.csv"),
                  "--code-column", "buurtcode", "--value", "misdrijven", "--population", "inwoners",
                  "--weights", "knn:1", "--permutations", "9", "--out", str(out))
    assert run.returncode == 0, run.stderr
    results = pd.read_csv(out / "results.csv")
    data = pd.read_csv(demo / "demo_data.csv")
    assert len(results) == 4 and results["value"].sum() == data["misdrijven"].sum()


def test_eenheden_from_a_mapping(tmp_path, testdata, gemeenten_rd, crimes_csv):
    out = tmp_path / "out"
    run = run_cli("hotspots", "--level", "eenheid", "--year", "2023", "--mapping",
                  str(testdata / "mapping" / "gemeente_2023_provincie_veiligheidsregio_politie-eenheid.csv"),
                  "--unit-column", "politie_eenheid_code", "--unit-name-column", "politie_eenheid_naam",
                  "--boundaries", str(gemeenten_rd), "--data", str(crimes_csv), "--code-column", "nummer",
                  "--value", "misdaad", "--population", "bevolking", "--weights", "knn:3", "--permutations", "9",
                  "--out", str(out))
    assert run.returncode == 0, run.stderr
    results = pd.read_csv(out / "results.csv")
    assert len(results) == 10 and results["value"].sum() == pd.read_csv(crimes_csv)["misdaad"].sum()


def test_a_composition_asks_for_its_year_not_for_boundaries(tmp_path, gemeenten_rd, crimes_csv):
    out = tmp_path / "out"
    run = run_cli("hotspots", "--level", "basisteam", "--composition",
                  str(REPO / "boundaries" / "compositions" / "demo_basisteams.csv"), "--boundaries", str(gemeenten_rd),
                  "--data", str(crimes_csv), "--code-column", "nummer", "--value", "misdaad", "--out", str(out))
    line = next(x for x in run.stderr.splitlines() if x.startswith(ERROR_PREFIXES))
    assert run.returncode == 1 and "--year" in line and "--boundaries" not in line


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo") / "out"
    run = run_cli("demo", "--out", str(out), "--permutations", "99", "--embed")
    assert run.returncode == 0, run.stderr
    return out, run


def test_redrawn_maps_keep_their_title(demo_run, tmp_path):
    out, _ = demo_run
    run = run_cli("map", "--results", str(out), "--layers", "value", "--out", str(tmp_path / "again.html"))
    assert run.returncode == 0, run.stderr
    page = (tmp_path / "again.html").read_text(encoding="utf-8")
    assert "<title>Demogemeente (synthetisch): geregistreerde misdrijven per 1.000 inwoners</title>" in page


def test_pages_have_a_title_a_language_and_keep_the_attribution_when_embedded(demo_run):
    out, run = demo_run
    page = (out / "map.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"nl\">") and "<title>Demogemeente" in page
    assert ".vmgeo-embed .vmgeo-title .source { display:none" not in page
    # The demo is synthetic: its source line says so and names no CBS or Politie table.
    assert "Synthetische demogegevens" in page and "Cijfers: CBS, Politie" not in page
    assert '<iframe src="map.html"' in run.stdout


def test_own_files_are_named_as_the_source(region_files, tmp_path):
    b, d = region_files
    out = tmp_path / "out"
    run = run_cli("hotspots", "--boundaries", str(b), "--data", str(d), "--code-column", "buurtcode",
                  "--value", "misdrijven", "--permutations", "9", "--out", str(out))
    assert run.returncode == 0, run.stderr
    page = (out / "map.html").read_text(encoding="utf-8")
    assert "Gegevens en grenzen: data.csv, buurten.gpkg (eigen bestanden)." in page


@pytest.mark.browser
def test_the_scale_bar_is_metric_only(browser, demo_run):
    from tests.browser import open_page

    out, _ = demo_run
    visit = open_page(browser, out / "map.html")
    scale = visit.page.locator(".leaflet-control-scale").inner_text()
    assert re.search(r"\d+ k?m", scale) and "mi" not in scale and "ft" not in scale
    visit.page.close()


def test_dutch_terminal_text_is_dutch():
    summary = {"n": 300, "n_areas": 300, "weights": "queen", "permutations": 99, "seed": 1, "alpha": 0.05,
               "fdr": False, "value": {"analysed": "rate"}, "island_policy": "attach",
               "moran": {"I": 0.5, "expected": -0.003, "z": 9.1, "p": 0.01},
               "lisa": {"HH": 0}, "gi_star": {"not_significant": 300},
               "unmatched": {"data_only": [f"BU{i:08d}" for i in range(20)], "boundaries_only": []},
               "missing_value": [], "uncertain": [], "islands": []}
    text = terminal.summary_lines(summary, lang="nl")
    assert "en nog 12" in text and "and 12 more" not in text and "Moran's I = 0,500" in text
    assert "LISA-clusters: geen" in text


def test_fisher_jenks_says_nothing_about_numba():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        maps.classify(np.arange(50, dtype=float), scheme="fisher_jenks", k=4)
    assert not [w for w in caught if "umba" in str(w.message)]


def test_the_demo_survey_is_mostly_readable(demo_run):
    out, _ = demo_run
    data = pd.read_csv(out / "demo_data.csv")
    uncertain = data["onveilig_marge"] > 0.5 * data["onveilig_pct"]
    assert uncertain.mean() < 0.1, uncertain.mean()


def test_a_long_run_shows_what_it_is_doing(tmp_path):
    """On a terminal, one line names the stage (in Dutch): the reader sees that something moves."""
    master, slave = pty.openpty()
    out = tmp_path / "out"
    process = subprocess.Popen([sys.executable, "-m", "geo.cli", "demo", "--out", str(out), "--permutations", "99"],
                               stdin=slave, stdout=slave, stderr=slave, env={**os.environ, "COLUMNS": "100"})
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    assert process.wait(timeout=120) == 0
    os.close(master)
    text = seen.decode("utf-8", "replace")
    assert "buren bepalen" in text and "LISA (99 permutaties per gebied)" in text and "kaart maken" in text


def test_geo_run_is_the_command_as_a_function(tmp_path, gemeenten_rd, crimes_csv):
    """``geo.run`` from a notebook gives the statistics and files ``vmgeo hotspots`` gives (the README's example)."""
    import geo
    from geo.analysis import AnalysisOptions
    from geo.inputs import Options

    cli_out = tmp_path / "cli"
    run = run_cli("hotspots", "--boundaries", str(gemeenten_rd), "--data", str(crimes_csv), "--code-column", "nummer",
                  "--value", "misdaad", "--population", "bevolking", "--permutations", "99", "--out", str(cli_out))
    assert run.returncode == 0, run.stderr
    done = geo.run(Options(data=str(crimes_csv), boundaries=[str(gemeenten_rd)], code_column="nummer", value="misdaad",
                           population="bevolking"), out=tmp_path / "api",
                   analysis_options=AnalysisOptions(permutations=99))
    written = json.loads((tmp_path / "api" / "summary.json").read_text(encoding="utf-8"))
    expected = json.loads((cli_out / "summary.json").read_text(encoding="utf-8"))
    for key in ("n", "moran", "lisa", "gi_star", "few_areas", "no_population", "title"):
        assert written[key] == expected[key] == (done.summary[key] if key != "title" else written[key]), key
    assert sorted(p.name for p in done.written) == sorted(p.name for p in cli_out.iterdir() if p.name[0] != ".")
    assert done.result.moran["I"] == expected["moran"]["I"] and not done.result.few_areas
