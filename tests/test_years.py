"""Over the years, end to end: series from the stand-in police catalog and from files, change, emerging hot spots,
transitions, the monthly early warning, and their map layers in a real browser.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.stats import binomtest, poisson

from geo import categories as cat
from geo import text
from geo.maps import attribution
from geo.maps.layers import NO_DATA_OVER_TIME
from tests import servers_years
from tests.browser import open_page
from tests.conftest import assert_clean_failure, run_cli
from tests.servers import Content, FakeServer


@pytest.fixture(scope="module")
def server(testdata):
    srv = FakeServer(Content(testdata)).start()
    yield srv
    srv.shutdown()


def endpoints(server: FakeServer, cache: Path) -> dict[str, str]:
    return {"VMGEO_CBS_URL": f"{server.url}/cbs", "VMGEO_POLICE_URL": f"{server.url}/politie",
            "VMGEO_PDOK_URL": f"{server.url}/pdok", "VMGEO_CACHE_DIR": str(cache), "VMGEO_OFFLINE": "",
            "VMGEO_TIMEOUT": "10", "VMGEO_RETRIES": "1"}


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="module")
def series_run(server, cache, tmp_path_factory):
    """Twelve years of registered crime per gemeente, from the police catalog, on the 2023 gemeenten."""
    out = tmp_path_factory.mktemp("series") / "out"
    run = run_cli("hotspots", "--data", "misdrijven", "--period", "2012:2023", "--population", "inwoners",
                  "--year", "2023", "--permutations", "99", "--out", str(out), env=endpoints(server, cache))
    assert run.returncode == 0, run.stderr
    return out, run


def test_series_writes_one_row_per_area_and_period(series_run):
    out, run = series_run
    long = pd.read_csv(out / "series.csv", dtype={"code": str, "period": str})
    assert len(long) == 342 * 12 and sorted(long["period"].unique()) == [f"{y}JJ00" for y in range(2012, 2024)]
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    series = summary["series"]
    assert series["periods"][0] == "2012JJ00" and len(series["per_period"]) == 12
    # 85984NED has no period dimension: its one population serves every year, and the summary says so.
    assert any("used for every period" in note for note in summary["notes"])
    # Each period's figures are the table's (a synthetic year and the real 2023 brengdelicten).
    national = servers_years.national(Path(__file__).parent / "data")
    by_year = long.groupby("period")["value"].sum()
    assert abs(by_year["2015JJ00"] / national[("0.0.0 ", 2015)] - 1) < 0.02
    raw = pd.read_csv(Path(__file__).parent / "data" / "cbs" / "gemeenten_brengdelicten2023_bevolking2024.csv")
    assert by_year["2023JJ00"] == raw["misdaad"].sum()
    assert "Reeks van 12 perioden, 2012 tot en met 2023" in run.stdout


def test_twelve_periods_give_emerging_categories_and_transitions(series_run):
    out, _ = series_run
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    emerging = pd.read_csv(out / "emerging.csv", dtype={"code": str})
    assert len(emerging) == 342 and set(emerging["category"]) <= set(cat.EMERGING_CATEGORIES)
    assert summary["series"]["emerging"]["counts"] == {c: int((emerging["category"] == c).sum())
                                                       for c in cat.EMERGING_CATEGORIES}
    transitions = summary["series"]["transitions"]
    counts = np.array(transitions["counts"])
    # Every area moves once between each pair of consecutive years, or is skipped (no quadrant).
    assert counts.sum() + transitions["skipped"] == 342 * 11
    assert transitions["classes"] == ["HH", "LH", "LL", "HL"]


def test_change_between_two_years_is_the_exact_test(series_run):
    out, _ = series_run
    change = pd.read_csv(out / "change.csv", dtype={"code": str}).set_index("code")
    long = pd.read_csv(out / "series.csv", dtype={"code": str, "period": str})
    one = long[long["code"] == "GM0363"].set_index("period")  # Amsterdam
    a, b = one.loc["2022JJ00", "value"], one.loc["2023JJ00", "value"]
    share = one.loc["2023JJ00", "population"] / (one.loc["2022JJ00", "population"] + one.loc["2023JJ00", "population"])
    p = binomtest(int(b), int(a + b), share).pvalue
    assert change.loc["GM0363", "p"] == pytest.approx(p, rel=1e-9)
    assert change.loc["GM0363", "direction"] == ("fall" if p < 0.05 and b < a else "rise" if p < 0.05 else "none")
    assert set(change["direction"]) <= set(cat.CHANGE_CATEGORIES)


def test_twelve_years_with_empirical_bayes_rates_give_emerging_categories(server, cache, tmp_path):
    """Issue 16: --rate eb over 2012:2023 ended in KeyError 'rate_eb' in the emerging step. The categories are
    those of the space-time Gi* of each year's EB rate, recomputed here with esda's Empirical_Bayes."""
    import geopandas as gpd
    from esda.smoothing import Empirical_Bayes

    from geo import weights as weights_mod
    from geo.stats.emerging import emerging_hot_spots

    out = tmp_path / "out"
    run = run_cli("hotspots", "--data", "misdrijven", "--period", "2012:2023", "--population", "inwoners",
                  "--rate", "eb", "--year", "2023", "--permutations", "9", "--out", str(out),
                  env=endpoints(server, cache))
    assert run.returncode == 0, run.stderr
    emerging = pd.read_csv(out / "emerging.csv", dtype={"code": str}).set_index("code")
    long = pd.read_csv(out / "series.csv", dtype={"code": str, "period": str})
    areas = gpd.read_file(out / "results.gpkg", engine="pyogrio")
    sw = weights_mod.build(areas, kind="queen", islands="attach")
    codes = areas["code"].astype(str)[sw.analysed].to_numpy()
    cube = np.column_stack([
        Empirical_Bayes(*(long[long["period"] == f"{y}JJ00"].set_index("code").loc[codes, c].to_numpy(float)
                          for c in ("value", "population"))).r.ravel() * 1000 for y in range(2012, 2024)])
    found = emerging_hot_spots(cube, weights=(sw.w.sparse > 0).astype(float))
    assert emerging.loc[codes, "category"].tolist() == found.areas["category"].tolist()
    # The raw rates give other categories: the cube really is the smoothed one.
    raw = np.column_stack([long[long["period"] == f"{y}JJ00"].set_index("code").loc[codes, "rate"].to_numpy(float)
                           for y in range(2012, 2024)])
    assert emerging_hot_spots(raw, weights=(sw.w.sparse > 0).astype(float)).areas["category"].tolist() != \
        found.areas["category"].tolist()


@pytest.fixture(scope="module")
def rates_file(tmp_path_factory, testdata):
    """Twelve years of a rate per 1,000 (not a count) per gemeente, with and without 95% margins."""
    raw = pd.read_csv(testdata / "cbs" / "gemeenten_brengdelicten2023_bevolking2024.csv", dtype={"nummer": str})
    rng = np.random.default_rng(16)
    parts = []
    for year in range(2012, 2024):
        rate = raw["misdaad"] / raw["bevolking"] * 1000 * rng.normal(1, 0.05, len(raw))
        part = raw[["nummer", "naam"]].assign(Perioden=str(year), per1000=rate.round(2))
        parts.append(part.assign(lower=(part["per1000"] - 1.5).round(2), upper=(part["per1000"] + 1.5).round(2)))
    folder = tmp_path_factory.mktemp("rates")
    table = pd.concat(parts)
    table.to_csv(folder / "met_marges.csv", index=False)
    table.drop(columns=["lower", "upper"]).to_csv(folder / "zonder_marges.csv", index=False)
    return folder


@pytest.mark.parametrize("margins", [False, True], ids=["without-margins", "with-margins"])
def test_twelve_years_of_a_rate_from_a_file(rates_file, tmp_path, testdata, margins):
    """Issue 16: a series of a rate (no --population) ended in "before has counts that are not whole numbers".
    Without margins the change is a difference, untested and said so; with margins it is the margin test."""
    out = tmp_path / "out"
    data = rates_file / ("met_marges.csv" if margins else "zonder_marges.csv")
    run = run_cli("hotspots", "--boundaries", str(testdata / "boundaries" / "gemeente_2023_rd.geojson"), "--year",
                  "2023", "--data", str(data), "--code-column", "nummer", "--value", "per1000", "--period",
                  "2012:2023", "--permutations", "9", "--out", str(out))
    assert run.returncode == 0, run.stderr
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    change = pd.read_csv(out / "change.csv", dtype={"code": str}).set_index("code")
    table = pd.read_csv(data, dtype={"nummer": str, "Perioden": str})
    one = table[table["nummer"] == "0363"].set_index("Perioden")  # Amsterdam
    a, b = one.loc["2022", "per1000"], one.loc["2023", "per1000"]
    assert change.loc["GM0363", "difference"] == pytest.approx(b - a)
    assert len(pd.read_csv(out / "emerging.csv")) > 300  # the series itself ran, emerging step included
    if margins:
        assert summary["series"]["change"]["test"] == "survey-se"
        se = 1.5 / 1.959963984540054
        z = (b - a) / np.hypot(se, se)
        expected = "rise" if z > 1.959963984540054 else "fall" if z < -1.959963984540054 else "none"
        assert change.loc["GM0363", "direction"] == expected
        assert set(change["direction"]) >= {"rise", "fall"}
    else:
        assert summary["series"]["change"]["test"] == "difference"
        assert set(change["direction"]) == {cat.NOT_TESTABLE} and "p" not in change.columns
        assert any("difference without a test" in note for note in summary["notes"])


@pytest.mark.browser
def test_period_and_change_layers_render_offline(browser, series_run):
    out, _ = series_run
    visit = open_page(browser, out / "map.html")
    assert visit.blocked == [] and visit.errors == []
    page = visit.page
    labels = page.locator(".leaflet-control-layers-base label").all_inner_texts()
    assert any("2015" in label for label in labels) and any("Verandering 2022" in label for label in labels)
    assert any("Opkomende hot spots" in label for label in labels)
    # A series' list of more than ten layers opens on hover (it covered a third of the map).
    page.locator(".leaflet-control-layers").hover()
    page.get_by_label("Verandering 2022", exact=False).check()
    page.wait_for_function("document.getElementById('vmgeo-legend').getAttribute('data-layer') === 'change'")
    assert "Significante" in page.locator("#vmgeo-legend").inner_text()
    page.mouse.move(5, 400)  # off the list, which closes again
    page.wait_for_timeout(300)
    # The change tooltip draws the series as a small line.
    point = page.evaluate("""() => {
        const v = window.vmgeo; let layer; v.areas.eachLayer(l => { if (!layer) layer = l; });
        const c = v.map.latLngToContainerPoint(layer.getCenter()); return [c.x, c.y];
    }""")
    page.mouse.move(point[0], point[1])
    page.wait_for_selector(".leaflet-tooltip svg.vmgeo-spark polyline", timeout=10_000)
    page.close()


def test_change_command(server, cache, tmp_path):
    out = tmp_path / "out"
    run = run_cli("change", "--from", "2022", "--to", "2023", "--data", "woninginbraak", "--population", "inwoners",
                  "--year", "2023", "--permutations", "99", "--out", str(out), env=endpoints(server, cache))
    assert run.returncode == 0, run.stderr
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["series"]["change"]["from"] == "2022JJ00" and summary["series"]["change"]["test"] == "count"
    assert "Verandering 2022 \u2013 2023" in run.stdout
    data = (out / "map.html").read_text(encoding="utf-8")
    assert '"active":"change"' in data


def test_early_warning_flags_the_planted_rise_and_not_the_seasonal_peak(server, cache, tmp_path):
    out = tmp_path / "out"
    run = run_cli("trend", "--level", "gemeente", "--period", "2023MM09", "--crime-types", "1.1.1,1.2.3",
                  "--year", "2023", "--out", str(out), env=endpoints(server, cache))
    assert run.returncode == 0, run.stderr
    table = pd.read_csv(out / "trend.csv", dtype={"code": str, "crime": str})
    rise = table[(table["code"] == "GM0014") & (table["crime"] == "1.1.1")].iloc[0]
    assert bool(rise["flagged"]) and rise["observed"] > rise["bound"]
    seasonal = table[(table["code"] == "GM0080") & (table["crime"] == "1.2.3")].iloc[0]
    assert not bool(seasonal["flagged"])
    # The peak comes back every September, so the expected count (the same month of earlier years) holds it:
    # the observed count is high but in line with what was expected.
    assert seasonal["expected"] >= servers_years.SEASONAL[3] * 0.7 * seasonal["previous_year"] / 3
    assert 0.6 < seasonal["ratio"] < 1.6
    assert bool(table.iloc[0]["flagged"])  # ranked: flagged first
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["min_expected"] == 5.0 and summary["flagged"]["1.1.1"] >= 1
    book = pd.read_excel(out / "trend.xlsx")
    assert len(book) == len(table)
    page = (out / "map.html").read_text(encoding="utf-8")
    assert "Vroegsignalering september 2023" in page
    # Issue 16: the flags chance alone would give, in the terminal, the summary and under each layer's legend;
    # the bound is widened by the dispersion of each series' history (never below Poisson).
    chance = table["chance_of_flag"].sum()
    assert (table["dispersion"] >= 1).all() and (table["bound"] >= poisson.ppf(0.975, table["expected"])).all()
    assert summary["flags_by_chance_total"] == pytest.approx(chance, abs=1e-3)
    assert summary["assessed"]["1.1.1"] == table.loc[table["crime"] == "1.1.1", "chance_of_flag"].notna().sum()
    assert f"ongeveer {text.number(chance, 1 if chance >= 1 else 2)} markeringen te verwachten bij" in run.stdout
    assert page.count("markeringen te verwachten bij") == 2  # one note per crime type
    # Areas outside the table (it covers RE01 only) have a legend entry of their own, not the grey of "normal".
    assert f'["{NO_DATA_OVER_TIME}","Geen gegevens"]' in page
    # One source per table: 47022NED once, its two crime types merged, its 37 months as one range.
    politie = [s for s in summary["sources"] if s["source"] == "politie"]
    assert len(politie) == 1 and politie[0]["filters"]["SoortMisdrijf"] == ["1.1.1", "1.2.3"]
    line = attribution(summary["sources"])
    assert line.count("47022NED") == 1 and "september 2020 \u2013 september 2023" in line


def test_early_warning_layer_gives_areas_without_data_their_own_legend_entry():
    import geopandas as gpd
    from shapely.geometry import box

    from geo.maps.layers import Context
    from geo.trend import map_layers

    areas = gpd.GeoDataFrame({"code": ["A", "B", "C", "D"], "name": list("ABCD"),
                              "geometry": [box(i, 0, i + 1, 1) for i in range(4)]}, crs="EPSG:28992")
    table = pd.DataFrame({"code": ["A", "B", "C"], "crime": "x", "flagged": [True, False, False],
                          "reason": ["", "", "expected 2 below the minimum of 5"], "observed": [30, 10, 2],
                          "expected": [10.0, 10.0, 2.0], "chance_of_flag": [0.02, 0.02, np.nan]})
    frame, layers = map_layers(areas, table, titles={"x": "Woninginbraak"})
    style = layers[0].style(frame, Context(column="value"))
    shown = [style.colours[i] for i in style.index]
    assert shown[:3] == [cat.WARNING_COLOURS[c] for c in (cat.FLAGGED, cat.NOT_FLAGGED, cat.NOT_ASSESSABLE)]
    assert shown[3] == NO_DATA_OVER_TIME != cat.WARNING_COLOURS[cat.NOT_FLAGGED]
    assert style.legend[-1] == (NO_DATA_OVER_TIME, "Geen gegevens")
    assert style.note == "Alleen door toeval zijn ongeveer 0,04 markeringen te verwachten bij 2 beoordeelde gebieden"
    # Without areas lacking data, no such entry.
    style = layers[0].style(frame.iloc[:3], Context(column="value"))
    assert all(label != "Geen gegevens" for _, label in style.legend)


def monthly_counts(codes=("14", "80", "106"), *, start="2020-09", end="2023-09", seed=5) -> pd.DataFrame:
    """An analyst's own monthly counts: three gemeenten as plain numbers, two types, Poisson with a season, and
    woninginbraak in GM0014 three times its usual in September 2023."""
    rng = np.random.default_rng(seed)
    season = [1.05, 0.95, 0.95, 0.9, 0.9, 0.9, 0.95, 1.0, 1.05, 1.1, 1.15, 1.1]
    rows = []
    for m in pd.period_range(start, end, freq="M"):
        for code in codes:
            for kind, mean in (("woninginbraak", 30.0), ("fietsendiefstal", 20.0)):
                mu = mean * season[m.month - 1] * (3 if (code, kind, str(m)) == ("14", "woninginbraak", end) else 1)
                rows.append({"code": code, "month": m, "type": kind, "count": int(rng.poisson(mu))})
    return pd.DataFrame(rows)


@pytest.mark.parametrize("dutch", [True, False], ids=["dutch-excel-csv", "english-csv"])
def test_early_warning_from_the_analysts_own_file(tmp_path, testdata, dutch):
    """Issue 16: 'vmgeo trend --data FILE.csv' said the file "is neither a file, nor SOURCE:TABLE/MEASURE"."""
    counts = monthly_counts()
    # Months as analysts write them: 2023-09, 2023MM09 and sep 2023 in one file.
    short = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
    styles = [lambda m: f"{m.year}-{m.month:02d}", lambda m: f"{m.year}MM{m.month:02d}",
              lambda m: f"{short[m.month - 1]} {m.year}"]
    written = counts.assign(month=[styles[i % 3](m) for i, m in enumerate(counts["month"])])
    path = tmp_path / "maandcijfers.csv"
    if dutch:
        written.rename(columns={"code": "Gemeentecode", "month": "Maand", "type": "Soort", "count": "Aantal"}).to_csv(
            path, sep=";", index=False)
    else:
        written.to_csv(path, index=False)
    out = tmp_path / "out"
    run = run_cli("trend", "--data", str(path), "--boundaries", str(testdata / "boundaries" /
                                                                     "gemeente_2023_rd.geojson"), "--out", str(out))
    assert run.returncode == 0, run.stderr
    table = pd.read_csv(out / "trend.csv", dtype={"code": str}).set_index(["code", "crime"])
    assert len(table) == 6 and set(table.index.get_level_values(0)) == {"GM0014", "GM0080", "GM0106"}
    septembers = counts[(counts["code"] == "80") & (counts["type"] == "fietsendiefstal")
                        & counts["month"].isin([pd.Period(f"{y}-09", "M") for y in (2020, 2021, 2022)])]
    assert table.loc[("GM0080", "fietsendiefstal"), "expected"] == pytest.approx(septembers["count"].mean())
    assert table.loc[("GM0014", "woninginbraak"), "flagged"]
    assert table["months"].unique().tolist() == ["2023-09"]
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["crime_types"] == {"woninginbraak": "woninginbraak", "fietsendiefstal": "fietsendiefstal"}
    assert summary["inputs"]["data"] == str(path)
    assert "Vroegsignalering september 2023" in run.stdout


def test_early_warning_file_summed_to_police_units(tmp_path, testdata):
    """Gemeente counts from a file summed to two basisteams; without one member, one warning and one error line."""
    comp = tmp_path / "basisteams.csv"
    comp.write_text("unit_code,unit_name,level,parent_code,member_code,valid_from,valid_to\n"
                    "BT01,Basisteam Stad,basisteam,,GM0014,2023,\nBT01,Basisteam Stad,basisteam,,GM0037,2023,\n"
                    "BT02,Basisteam Land,basisteam,,GM0047,2023,\nBT02,Basisteam Land,basisteam,,GM0059,2023,\n",
                    encoding="utf-8")
    counts = monthly_counts(codes=("14", "37", "47", "59"))
    path = tmp_path / "maandcijfers.csv"
    counts.to_csv(path, index=False)
    boundaries = str(testdata / "boundaries" / "gemeente_2023_rd.geojson")
    out = tmp_path / "out"
    run = run_cli("trend", "--data", str(path), "--level", "basisteam", "--composition", str(comp), "--year", "2023",
                  "--boundaries", boundaries, "--out", str(out))
    assert run.returncode == 0, run.stderr
    table = pd.read_csv(out / "trend.csv").set_index(["code", "crime"])
    september = counts[(counts["month"] == pd.Period("2023-09", "M")) & (counts["type"] == "woninginbraak")]
    assert table.loc[("BT01", "woninginbraak"), "observed"] == september[september["code"].isin(["14", "37"])][
        "count"].sum()
    assert table.loc[("BT01", "woninginbraak"), "name"] == "Basisteam Stad"
    # A member without counts: its unit is left out (a partial sum would look complete), said once.
    counts[counts["code"] != "59"].to_csv(path, index=False)
    run = run_cli("trend", "--data", str(path), "--level", "basisteam", "--composition", str(comp), "--year", "2023",
                  "--boundaries", boundaries, "--out", str(tmp_path / "out2"), "--crime-types", "woninginbraak")
    assert run.returncode == 0, run.stderr
    assert run.stderr.count("eenheden zonder volledige som") == 1 and "BT02 (GM0059)" in run.stderr
    assert pd.read_csv(tmp_path / "out2" / "trend.csv")["code"].tolist() == ["BT01"]
    counts[~counts["code"].isin(["14", "59"])].to_csv(path, index=False)
    out = tmp_path / "out3"
    run = run_cli("trend", "--data", str(path), "--level", "basisteam", "--composition", str(comp), "--year", "2023",
                  "--boundaries", boundaries, "--out", str(out))
    assert_clean_failure(run, out, "geen enkele eenheid heeft een aantal")


@pytest.mark.parametrize("change, words", [
    (lambda f: f.drop(columns="month"), ["maandcijfers.csv", "geen kolom month", "maand"]),
    (lambda f: f.drop(columns=["month", "count"]), ["maandcijfers.csv", "geen kolom month en count"]),
    (lambda f: f.assign(month=f["month"].astype(str).where(f.index != 7, "dertien 2023")),
     ["maandcijfers.csv", "'month'", "rij 9", "dertien 2023"]),
    (lambda f: f[f["month"] >= pd.Period("2021-01", "M")], ["maandcijfers.csv", "mist 4 van de 37 maanden",
                                                            "september 2020"]),
    (lambda f: f.assign(count=f["count"].astype(float).where(f.index != 3, 2.5)), ["maandcijfers.csv", "'count'",
                                                                                   "geheel aantal", "rij 5"]),
], ids=["no-month-column", "no-month-no-count", "unreadable-month", "too-few-months", "not-whole"])
def test_early_warning_file_that_lacks_something(tmp_path, testdata, change, words):
    path = tmp_path / "maandcijfers.csv"
    change(monthly_counts()).to_csv(path, index=False)
    out = tmp_path / "out"
    run = run_cli("trend", "--data", str(path), "--boundaries", str(testdata / "boundaries" /
                                                                     "gemeente_2023_rd.geojson"),
                  "--period", "2023MM09", "--out", str(out))
    assert_clean_failure(run, out, *words)


def test_series_from_a_file_crossing_a_merger_keeps_its_totals(tmp_path, testdata):
    """Three years coded on 2021's gemeenten (Heerhugowaard and Langedijk, not yet Dijk en Waard), put on 2023's."""
    from geo.boundaries import load_boundaries
    from tests.test_units import split_layer

    gemeenten = load_boundaries(testdata / "boundaries" / "gemeente_2023_rd.geojson").frame
    old = split_layer(gemeenten, "GM1980", ("GM0398", "GM0416"))
    old_path = tmp_path / "gemeenten_2021.gpkg"
    old.to_file(old_path, driver="GPKG", engine="pyogrio")
    raw = pd.read_csv(testdata / "cbs" / "gemeenten_brengdelicten2023_bevolking2024.csv", dtype={"nummer": str})
    rows = []
    for year, factor in ((2019, 1.1), (2020, 1.0), (2021, 0.9)):
        part = raw[raw["nummer"] != "1980"].assign(Perioden=str(year))
        part["misdaad"] = (part["misdaad"] * factor).round().astype(int)
        rows.append(part)
        rows.append(pd.DataFrame({"nummer": ["0398", "0416"], "naam": ["Heerhugowaard", "Langedijk"],
                                  "misdaad": [int(600 * factor), int(250 * factor)], "bevolking": [60000, 30000],
                                  "Perioden": [str(year)] * 2}))
    table = pd.concat(rows, ignore_index=True)
    data = tmp_path / "reeks.csv"
    table.to_csv(data, index=False)
    out = tmp_path / "out"
    run = run_cli("hotspots", "--boundaries", str(testdata / "boundaries" / "gemeente_2023_rd.geojson"), "--year",
                  "2023", "--data", str(data), "--code-column", "nummer", "--value", "misdaad", "--population",
                  "bevolking", "--period", "2019:2021", "--data-year", "2021", "--data-boundaries", str(old_path),
                  "--permutations", "99", "--out", str(out))
    assert run.returncode == 0, run.stderr
    long = pd.read_csv(out / "series.csv", dtype={"code": str, "period": str})
    for year in (2019, 2020, 2021):
        assert long.loc[long["period"] == f"{year}JJ00", "value"].sum() == table.loc[
            table["Perioden"] == str(year), "misdaad"].sum()
        merged = long[(long["period"] == f"{year}JJ00") & (long["code"] == "GM1980")]["value"].iloc[0]
        assert merged == int(600 * dict(((2019, 1.1), (2020, 1.0), (2021, 0.9)))[year]) + int(
            250 * dict(((2019, 1.1), (2020, 1.0), (2021, 0.9)))[year])
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert {m["new"] for m in summary["crosswalk"]["moved"]} == {"GM1980"}
    assert "Opkomende hot spots vragen minstens 10 perioden" in run.stdout
    assert not (out / "emerging.csv").exists()


@pytest.fixture(scope="module")
def yearly_file(tmp_path_factory, testdata):
    """Four years per gemeente in a file with a Perioden column (2013, 2014, 2016, 2017: no 2015)."""
    raw = pd.read_csv(testdata / "cbs" / "gemeenten_brengdelicten2023_bevolking2024.csv", dtype={"nummer": str})
    parts = [raw.assign(Perioden=str(y)) for y in (2013, 2014, 2016, 2017)]
    path = tmp_path_factory.mktemp("years") / "jaren.csv"
    pd.concat(parts).to_csv(path, index=False)
    return path


@pytest.mark.parametrize("extra, words", [
    (("--period", "2013:2016"), ["geen 2015", "2013 tot 2017"]),
    (("--period", "2030"), ["geen 2030", "2013 tot 2017"]),
    ((), ["bevat 4 perioden", "--period 2017", "--period 2013:2017"]),
], ids=["gap-in-series", "period-not-in-file", "several-periods-without-period"])
def test_bad_series_from_a_file(yearly_file, tmp_path, testdata, extra, words):
    out = tmp_path / "out"
    run = run_cli("hotspots", "--boundaries", str(testdata / "boundaries" / "gemeente_2023_rd.geojson"), "--data",
                  str(yearly_file), "--code-column", "nummer", "--value", "misdaad", "--permutations", "9",
                  "--out", str(out), *extra)
    assert_clean_failure(run, out, *words)


def test_a_count_suppressed_in_one_period_is_named(yearly_file, tmp_path, testdata):
    table = pd.read_csv(yearly_file, dtype=str)
    table.loc[(table["nummer"] == "0014") & (table["Perioden"] == "2014"), "misdaad"] = "."  # suppressed by CBS
    path = tmp_path / "onderdrukt.csv"
    table.to_csv(path, index=False)
    out = tmp_path / "out"
    run = run_cli("hotspots", "--boundaries", str(testdata / "boundaries" / "gemeente_2023_rd.geojson"), "--data",
                  str(path), "--code-column", "nummer", "--value", "misdaad", "--period", "2013,2014",
                  "--permutations", "9", "--out", str(out))
    assert_clean_failure(run, out, "GM0014 (geen in 2014)", "in sommige perioden")


def test_change_needs_two_periods(server, cache, tmp_path):
    out = tmp_path / "out"
    run = run_cli("change", "--from", "2023", "--to", "2023", "--data", "misdrijven", "--year", "2023",
                  "--out", str(out), env=endpoints(server, cache))
    assert_clean_failure(run, out, "--from en --to zijn allebei 2023")


def test_series_period_the_table_lacks(server, cache, tmp_path):
    out = tmp_path / "out"
    run = run_cli("hotspots", "--data", "misdrijven", "--period", "2010:2012", "--year", "2023", "--out", str(out),
                  env=endpoints(server, cache))
    assert_clean_failure(run, out, "geen periode", "2012-2023")
