"""vmgeo scan: the gebiedsscan end to end against the stand-in CBS, Politie and PDOK server.

A few CLI runs are shared by the module (the scan of 's-Gravenhage, which has
its own Veiligheidsmonitor figures and wijken; of Roermond, which has neither
a sample of its own nor more than ten wijken, with --embed; the meeting's notes
folded into the 's-Gravenhage scan). Police units and a wijk scan are in
tests/test_scan_units.py. What the server serves is real where
tests/data has real figures and synthetic elsewhere (tests/servers_scan.py).
"""

from __future__ import annotations

import html
import json
import math
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from tests.browser import open_page
from tests.conftest import TESTDATA, assert_clean_failure, run_cli
from tests.servers import Content, FakeServer
from tests.test_sources import endpoints

MAPPING = TESTDATA / "mapping" / "gemeente_2023_provincie_veiligheidsregio_politie-eenheid.csv"
COMPOSITION = TESTDATA / "compositions" / "RE10_demo_basisteams_synthetic.csv"
#: Few permutations: the hot spots inside are not what these tests check.
FAST = ("--permutations", "99")
HEADINGS_NL = ("1. Samenvatting", "2. Kerncijfers", "3. Vergelijking", "4. Ontwikkeling", "5. Objectief en subjectief",
               "6. Dark number", "7. Hot spots binnen het gebied", "8. Bespreekpunten", "9. Bronnen en kanttekeningen")
SECTION_IDS = ("samenvatting", "kerncijfers", "vergelijking", "ontwikkeling", "objectief", "dark-number", "hotspots",
               "bespreekpunten", "bronnen")
FILES = ("scan.html", "scan.pdf", "scan.xlsx", "figures.csv", "findings.csv", "sources.csv")


@pytest.fixture(scope="module")
def server(testdata):
    srv = FakeServer(Content(testdata), odata_page=5000).start()
    yield srv
    srv.shutdown()


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    return tmp_path_factory.mktemp("scan-cache")


def scan(server, cache, out: Path, *args: str, year: str = "2023"):
    return run_cli("scan", "--year", year, "--mapping", str(MAPPING), *FAST, *args, "--out", str(out),
                   env=endpoints(server, cache))


@pytest.fixture(scope="module")
def haag(server, cache, tmp_path_factory):
    """The scan of 's-Gravenhage (GM0518): own survey figures, 44 (synthetic) wijken with survey figures."""
    out = tmp_path_factory.mktemp("haag")
    run = scan(server, cache, out, "--area", "GM0518")
    assert run.returncode == 0, run.stderr
    return out


@pytest.fixture(scope="module")
def roermond(server, cache, haag, tmp_path_factory):
    """Roermond (GM0957): below 70,000 inhabitants, so no survey figures of its own; with --embed."""
    out = tmp_path_factory.mktemp("roermond")
    run = scan(server, cache, out, "--area", "GM0957", "--embed")
    assert run.returncode == 0, run.stderr
    return out


def figures(folder: Path) -> pd.DataFrame:
    return pd.read_csv(folder / "figures.csv", dtype={"row": str, "area_code": str, "period": str},
                       keep_default_na=True).set_index("row")


class _Figs(HTMLParser):
    """Every element with class "fig": its row, column and text."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str, str]] = []
        self._open: list[list[str]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "fig" in (a.get("class") or "").split():
            self._open.append([a["data-row"], a["data-col"], ""])

    def handle_data(self, data):
        if self._open:
            self._open[-1][2] += data

    def handle_endtag(self, tag):
        if tag in ("span", "tspan") and self._open:
            self.found.append(tuple(self._open.pop()))  # type: ignore[arg-type]


def spans(page: str) -> list[tuple[str, str, str]]:
    parser = _Figs()
    parser.feed(page)
    return parser.found


def number(shown: str, lang: str) -> float:
    """A figure as the report shows it, read back: ``1.234,5`` (nl) or ``1,234.5`` (en); an en dash is missing."""
    shown = shown.strip()
    if shown == "\u2013":
        return math.nan
    if lang == "nl":
        return float(shown.replace(".", "").replace(",", "."))
    return float(shown.replace(",", ""))


def dutch(x: float, digits: int) -> str:
    """How a Dutch reader writes a figure (the test's own formatter, not vmgeo's)."""
    if digits < 0:
        x, digits = round(x, digits), 0
    text = f"{x:,.{digits}f}"
    return text.replace(",", "#").replace(".", ",").replace("#", ".")


def assert_figures_equal_csv(folder: Path, page: str, lang: str) -> int:
    """Every figure in ``page`` is the figures.csv value of its row and column, rounded as shown."""
    table = figures(folder)
    found = spans(page)
    for row, column, shown in found:
        assert row in table.index, row
        value = table.at[row, column]
        digits = 0 if column in ("count", "population", "rank", "respondents", "reference_respondents") \
            else int(table.at[row, "digits"])
        read = number(shown, lang)
        if math.isnan(read):
            assert pd.isna(value), (row, column, shown, value)
            continue
        assert abs(read - round(float(value), digits)) <= 0.5 * 10 ** -digits + 1e-9, (row, column, shown, value)
    return len(found)


# --- the files, and the figures in them --------------------------------------------------------


def test_scan_writes_every_file_at_once(haag):
    assert all((haag / name).is_file() for name in FILES)
    assert not list(haag.parent.glob(f".{haag.name}.vmgeo-*")), "staging folder left behind"
    manifest = json.loads((haag / ".vmgeo-manifest.json").read_text(encoding="utf-8"))
    assert set(FILES) <= set(manifest["files"])
    page = (haag / "scan.html").read_text(encoding="utf-8")
    assert '<html lang="nl">' in page and "<title>Gebiedsscan &#x27;s-Gravenhage 2023</title>" in page
    for ident, heading in zip(SECTION_IDS, HEADINGS_NL):
        assert re.search(rf'<section id="{ident}"><h2>{re.escape(heading)}</h2>', page), heading
    # Never an empty table, never a "nan" for a reader.
    assert "<tbody></tbody>" not in page and ">nan<" not in page.lower()
    # Every label in the figures is text for the reader, not one of vmgeo's message keys.
    table = figures(haag)
    for column in ("verdict_label", "category_label", "period_label"):
        labels = table[column].dropna().astype(str)
        assert not labels.str.startswith(("scan_", "bv_")).any(), labels[labels.str.startswith("scan_")].unique()
    assert "De vergelijkbare gemeenten volgen de mate van stedelijkheid" in (haag / "scan.html").read_text(
        encoding="utf-8")


def test_every_figure_in_the_html_equals_the_csv(haag, roermond):
    for folder in (haag, roermond):
        page = (folder / "scan.html").read_text(encoding="utf-8")
        assert assert_figures_equal_csv(folder, page, "nl") > 150
        table = figures(folder)
        shown = {r for r, _c, _t in spans(page)}
        # Every key figure, comparison and dark-number estimate is on the page.
        wanted = table.index[table["section"].isin(["kerncijfers", "vergelijking", "dark_number"])]
        assert set(wanted) <= shown, sorted(set(wanted) - shown)[:5]


def test_survey_measures_are_matched_by_their_name_stem(haag):
    """geo/indicators.toml names VoeltZichWeleensOnveilig_43; the served edition calls it _47."""
    table = figures(haag)
    row = table.loc["kerncijfers/onveilig/GM0518/2023JJ00"]
    assert row["source_measure"] == "VoeltZichWeleensOnveilig_47" and row["source_table"] == "cbs:85146NED"
    assert {"Slachtoffers_72", "AangifteBijPolitie_76", "Slachtoffers_104"} <= set(table["source_measure"])


def assert_verdicts_follow_the_tests(folder: Path) -> None:
    """Better or worse only with p < 0.05 and a relevant difference; otherwise no relevant or no demonstrable one."""
    table = figures(folder)
    compared = table[table["section"] == "vergelijking"]
    assert not compared.empty
    significant = compared["verdict"].isin(["worse", "better"])
    assert (compared.loc[significant, "p"] < 0.05).all()
    assert (compared.loc[compared["verdict"] == "no_difference", "p"] >= 0.05).all()
    assert (compared.loc[compared["verdict"] == "no_relevant_difference", "p"] < 0.05).all()
    assert set(compared["verdict"]) <= {"worse", "better", "no_difference", "no_relevant_difference",
                                        "not_testable", "too_few"}
    # The relevant difference: 10% of the reference for a rate, 2 points for a percentage, 0.2 for a mark.
    reference = compared["reference_rest"].fillna(compared["reference_value"])
    gap = (compared["value"] - reference).abs()
    limit = compared["unit"].map({"per_1000": 0.1, "percent": 2.0, "mark": 0.2})
    gap = gap.where(compared["unit"] != "per_1000", gap / reference.abs())
    assert (gap[significant] >= limit[significant] - 1e-9).all()
    small = compared["verdict"] == "no_relevant_difference"
    assert (gap[small] < limit[small]).all()


def test_verdicts_follow_the_tests(haag, roermond):
    for folder in (haag, roermond):
        assert_verdicts_follow_the_tests(folder)


# --- in the browser, and on paper ----------------------------------------------------------------


@pytest.mark.browser
def test_browser_shows_every_section_and_the_map_offline(haag, browser):
    page_file = haag / "scan.html"
    visit = open_page(browser, page_file)
    page = visit.page
    for ident in SECTION_IDS:
        assert page.locator(f"section#{ident} h2").is_visible(), ident
    frame = next(f for f in page.frames if f.url == "about:srcdoc")
    frame.wait_for_function("window.vmgeo !== undefined && window.vmgeo.map !== undefined", timeout=15_000)
    wijken = figures(haag).query("section == 'hotspots'")["area_code"].nunique()
    assert frame.locator("path.leaflet-interactive").count() == wijken == 44
    maps = page.locator("div.maps svg.minimap").all()
    assert len(maps) == 2 and all(m.is_hidden() for m in maps), "a print map shows on screen"
    assert page.locator("div.map-key").is_hidden()
    assert visit.blocked == [] and set(visit.requests) == {page_file.resolve().as_uri()}
    assert visit.errors == [] and visit.dialogs == []
    page.close()


def test_pdf_has_pages_headings_and_the_csv_figures(haag):
    from pypdf import PdfReader

    reader = PdfReader(haag / "scan.pdf")
    assert len(reader.pages) >= 5
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))
    for heading in HEADINGS_NL:
        assert heading in text, heading
    table = figures(haag)
    key = table[table["section"] == "kerncijfers"]
    assert len(key) > 15
    for row, r in key.iterrows():
        assert dutch(r["value"], int(r["digits"])) in text, (row, r["value"])
    dark = table[table["section"] == "dark_number"]
    for _row, r in dark.iterrows():
        assert dutch(r["value"], int(r["digits"])) in text


# --- the statistics, on constructed cases and by hand --------------------------------------------


def test_survey_comparison_on_both_sides_of_the_margin():
    """CBS's rule: significant when |difference| > 1.96 sqrt(se_a^2 + se_r^2), se from the 95% bounds."""
    from geo.scan.compare import survey_verdicts

    z = 1.959963984540054
    area = (30.0, 28.0, 32.0)
    se_a = (area[2] - area[1]) / 2 / z
    se_r = 1.0 / z                      # a reference published as value +- 1
    limit = z * math.sqrt(se_a**2 + se_r**2)
    cases = [(area[0] - 1.01 * limit, "worse"), (area[0] - 0.99 * limit, "no_difference"),
             (area[0] + 1.01 * limit, "better"), (area[0] + 0.99 * limit, "no_difference")]
    areas = pd.DataFrame([area] * len(cases), columns=["value", "lower", "upper"])
    refs = pd.DataFrame([(r, r - 1, r + 1) for r, _ in cases], columns=["value", "lower", "upper"])
    got = survey_verdicts(areas, refs, share=[0.0] * len(cases), higher_is=["worse"] * len(cases))
    assert list(got["verdict"]) == [v for _, v in cases]
    # Higher is better (a report mark): the same differences read the other way round.
    flipped = survey_verdicts(areas, refs, share=[0.0] * len(cases), higher_is=["better"] * len(cases))
    assert list(flipped["verdict"]) == ["better", "no_difference", "worse", "no_difference"]

    # A reference the area is part of (a quarter of its inhabitants of 15+): the area is taken out first.
    s = 0.25
    se_ref = 0.8 / z                    # the reference published as value +- 0.8
    se_rest = math.sqrt(se_ref**2 - s**2 * se_a**2) / (1 - s)
    limit = z * math.sqrt(se_a**2 + se_rest**2)
    rests = [area[0] - 1.01 * limit, area[0] - 0.99 * limit]
    published = [rest * (1 - s) + s * area[0] for rest in rests]
    refs = pd.DataFrame([(p, p - 0.8, p + 0.8) for p in published], columns=["value", "lower", "upper"])
    got = survey_verdicts(areas.iloc[:2], refs, share=[s, s], higher_is=["worse", "worse"])
    assert list(got["verdict"]) == ["worse", "no_difference"]
    assert got["rest_value"].tolist() == pytest.approx(rests)
    # Without taking the area out, the first case would not have been called worse.
    naive = survey_verdicts(areas.iloc[:2], refs, share=[0.0, 0.0], higher_is=["worse", "worse"])
    assert naive["verdict"].iloc[0] == "no_difference"


def test_count_comparison_on_both_sides_of_the_exact_test():
    """The conditional binomial test: area and reference with equal exposures, around the p = 0.05 border."""
    from scipy.stats import binomtest

    from geo.scan.compare import count_verdicts

    rest = 100
    border = next(b for b in range(rest, 400) if binomtest(b, rest + b, 0.5).pvalue < 0.05)
    assert binomtest(border - 1, rest + border - 1, 0.5).pvalue >= 0.05
    got = count_verdicts([border, border - 1], [50_000, 50_000], [rest, rest], [50_000, 50_000],
                         contains_area=[False, False], higher_is=["worse", "worse"])
    assert list(got["verdict"]) == ["worse", "no_difference"]
    # The same case, with the area inside its reference: the reference total includes the area.
    inside = count_verdicts([border, border - 1], [50_000, 50_000], [rest + border, rest + border - 1],
                            [100_000, 100_000], contains_area=[True, True], higher_is=["worse", "worse"])
    assert list(inside["verdict"]) == ["worse", "no_difference"]
    assert inside["rest_count"].tolist() == [rest, rest]
    # Fewer is better for crime: the area with the smaller count is "better".
    low = count_verdicts([rest], [50_000], [border], [50_000], contains_area=[False], higher_is=["worse"])
    assert low["verdict"].tolist() == ["better"]


def test_dark_number_matches_a_hand_computation(haag, server):
    """Victims = share x base; unreported = victims x (1 - share reported); expected reports = victims x share
    reported; ranges from the margins. The base is the inhabitants of 15 and over, and for burglary, a crime
    against the household, the households: the stand-in publishes none, so the inhabitants over the national
    inhabitants per household on 1 January 2024 (CBS: 17,942,942 inhabitants, 8,374,404 households)."""
    served = server.content.scan.vm_values[("GM0518", 2023)]
    rows = {r["WijkenEnBuurten"].strip(): r for r in server.content.tables[("cbs", "85984NED")]["TypedDataSet"]}
    households = rows["GM0518"]["AantalInwoners_5"] / (17_942_942 / 8_374_404)
    crimes = server.content.tables[("politie", "47018NED")]["TypedDataSet"]
    table = figures(haag)
    kinds = {"inbraak": ("Slachtoffers_72", "AangifteBijPolitie_76", "1.1.1"),
             "fietsdiefstal": ("Slachtoffers_87", "AangifteBijPolitie_91", "1.2.3"),
             "mishandeling": ("Slachtoffers_104", "AangifteBijPolitie_107", "1.4.5"),
             "vernieling": ("Slachtoffers_100", "AangifteBijPolitie_103", "2.2.1")}
    for kind, (victims, reported, offence) in kinds.items():
        pop15 = households if kind == "inbraak" else \
            rows["GM0518"]["AantalInwoners_5"] - rows["GM0518"]["k_0Tot15Jaar_8"]
        v, v_low, v_high = served[victims]
        a, a_low, a_high = served[reported]
        est = table.loc[f"dark_number/dark_victims_{kind}/GM0518/2023JJ00"]
        assert est["unit"] == ("households" if kind == "inbraak" else "persons")
        expected = table.loc[f"dark_number/dark_reports_{kind}/GM0518/2023JJ00"]
        assert (expected["value"], expected["lower"], expected["upper"]) == pytest.approx(
            (v / 100 * pop15 * a / 100, v_low / 100 * pop15 * a_low / 100, v_high / 100 * pop15 * a_high / 100))
        assert (est["value"], est["lower"], est["upper"]) == pytest.approx(
            (v / 100 * pop15, v_low / 100 * pop15, v_high / 100 * pop15))
        dark = table.loc[f"dark_number/dark_unreported_{kind}/GM0518/2023JJ00"]
        assert (dark["value"], dark["lower"], dark["upper"]) == pytest.approx(
            (v / 100 * pop15 * (1 - a / 100), v_low / 100 * pop15 * (1 - a_high / 100),
             v_high / 100 * pop15 * (1 - a_low / 100)))
        registered = next(r["GeregistreerdeMisdrijven_1"] for r in crimes if r["SoortMisdrijf"].strip() == offence
                          and r["WijkenEnBuurten"].strip() == "GM0518" and r["Perioden"] == "2023JJ00")
        assert table.loc[f"dark_number/dark_registered_{kind}/GM0518/2023JJ00", "value"] == registered
        # Fewer registered than the lowest expected number of reports: a question for the meeting.
        gap = "fewer" if registered < expected["lower"] else "more" if registered > expected["upper"] else None
        assert (expected["category"] if isinstance(expected["category"], str) else None) == gap
        keys = pd.read_csv(haag / "findings.csv")["sleutel"].tolist()
        assert (f"dark:{kind}:{gap}" in keys) == (gap is not None)
    page = (haag / "scan.html").read_text(encoding="utf-8")
    assert "geschat als de inwoners gedeeld door 2,14 inwoners per huishouden" in page
    # The stand-in's burglaries: 1,057 registered, far fewer than expected; a bespreekpunt (on the agenda with
    # its question, or in the appendix).
    assert "Inbraak: de Veiligheidsmonitor laat ongeveer" in page


def test_dark_number_per_household_and_the_reporting_gap_on_constructed_figures():
    """A household crime counts households (CBS's count, else inhabitants over the national ratio); a
    registered count below (above) the range of expected reports is a bespreekpunt with a question."""
    from geo.scan.darknumber import INHABITANTS_PER_HOUSEHOLD, estimate, gap, households
    from geo.scan.figures import FIGURE_COLUMNS
    from geo.scan.findings import as_question, findings

    assert households(500_000, 240_000.0) == (240_000.0, "published")
    number, how = households(500_000, math.nan)
    assert number == pytest.approx(500_000 / 2.1426, rel=1e-4) and how == "ratio"
    assert abs(INHABITANTS_PER_HOUSEHOLD - 2.1426) < 1e-4
    # 2% of 200,000 households were burgled (1.5-2.5%); 75% of them reported (70-80%).
    dark = estimate((2.0, 1.5, 2.5), (75.0, 70.0, 80.0), 200_000)
    assert (dark.victims, dark.reports, dark.unreported) == pytest.approx((4_000, 3_000, 1_000))
    assert (dark.reports_low, dark.reports_high) == pytest.approx((0.015 * 200_000 * 0.70, 0.025 * 200_000 * 0.80))
    assert [gap(dark, n) for n in (2_099, 2_100, 3_000, 4_000, 4_001)] == ["fewer", None, None, None, "more"]

    def frame(registered: float) -> pd.DataFrame:
        base = dict.fromkeys(FIGURE_COLUMNS)
        rows = [{**base, "row": "r", "section": "dark_number", "indicator": "dark_reports_inbraak",
                 "value": dark.reports, "lower": dark.reports_low, "upper": dark.reports_high, "digits": -1,
                 "category": gap(dark, registered)},
                {**base, "row": "g", "section": "dark_number", "indicator": "dark_registered_inbraak",
                 "value": registered, "digits": 0}]
        return pd.DataFrame(rows, columns=FIGURE_COLUMNS)

    assert findings(frame(3_000), area_name="X", lang="nl") == []
    (found,) = findings(frame(1_000), area_name="X", lang="nl")
    assert found.key == "dark:inbraak:fewer" and found.theme == "scan_group_victims"
    shown = as_question(found, lang="nl", fig=lambda f: f"<{f.row}.{f.column}>", escape=str)
    assert shown.startswith("Inbraak: de Veiligheidsmonitor laat ongeveer <r.value> aangiften verwachten "
                            "(<r.lower>\u2013<r.upper>), de politie registreerde er <g.value>.")
    assert shown.endswith("?")
    (more,) = findings(frame(5_000), area_name="X", lang="en")
    assert more.key == "dark:inbraak:more" and more.question == "scan_q_dark_more"


def test_series_in_blocks_equal_one_request_per_code_and_serve_a_later_scan_offline(server, tmp_path, monkeypatch):
    """A series fetched in blocks of codes (two levels, across block boundaries, one code the table lacks)
    equals the figures fetched one code at a time; a later scan of some of the codes finds them offline."""
    from dataclasses import replace

    from geo import fetch
    from geo.scan import data as data_mod
    from geo.settings import Settings

    settings = Settings(cache_dir=tmp_path / "cache", cbs_url=f"{server.url}/cbs", police_url=f"{server.url}/politie",
                        pdok_url=f"{server.url}/pdok", timeout=5, retries=0)
    periods = data_mod.year_periods(year=2023, settings=settings)
    monkeypatch.setattr(data_mod, "SERIES_KEYS", len(periods) + 3)  # blocks of 3 codes
    crimes = server.content.tables[("politie", "47018NED")]["TypedDataSet"]
    wijken = sorted({r["WijkenEnBuurten"].strip() for r in crimes if r["WijkenEnBuurten"].startswith("WK0518")})[:4]
    codes = ["GM0014", "GM0518", "GM0957", "GM1680", "GM0363", *wijken, "GM9999"]
    spec = fetch.parse("woninginbraak")
    got = data_mod._series(spec, codes, periods, settings=settings, refresh=False)
    # Offline, before anything else is cached: other areas' scans asked for these codes in the same blocks.
    offline = replace(settings, offline=True)
    again = data_mod._series(spec, ["GM0957", wijken[-1]], periods, settings=offline, refresh=False)
    assert sorted(again["code"].unique()) == sorted(["GM0957", wijken[-1]])
    one_by_one = []
    region = data_mod._region_dimension(spec, settings=settings, refresh=False)
    for code in codes[:-1]:
        level = "wijk" if code.startswith("WK") else "gemeente"
        one = replace(spec, filters={**spec.filters, region: [code]})
        one_by_one.append(fetch.fetch_table(one, periods=periods, level=level, settings=settings).frame)
    expected = pd.concat(one_by_one, ignore_index=True)[["code", "period", "value"]]
    key = ["code", "period"]
    assert len(got) == len(expected) == len(codes[:-1]) * len(periods)
    pd.testing.assert_frame_equal(got.sort_values(key).reset_index(drop=True),
                                  expected.sort_values(key).reset_index(drop=True))


def test_a_bivariate_lisa_that_cannot_be_made_is_said(haag):
    """The stand-in serves no wijk totals of registered crime: the scan says why the wijken have no bivariate LISA."""
    page = (haag / "scan.html").read_text(encoding="utf-8")
    assert "Geen bivariate LISA van de wijken: 0 wijken hebben zowel geregistreerde misdrijven" in page
    assert not (figures(haag)["indicator"] == "bivariate").any()


def test_hot_spot_findings_name_no_small_or_low_area():
    """A bespreekpunt names a hot spot only where the area is high itself and not tiny (a handful of cases)."""
    from geo import categories as cat
    from geo.scan.findings import findings

    def row(code, value, population, lisa, gi):
        return dict(section="hotspots", indicator="woninginbraak", title="Woninginbraak", row=f"hotspots/{code}",
                    area_code=code, area_name=code, area_level="wijk", value=value, population=population,
                    category=lisa, gi_category=gi)

    frame = pd.DataFrame([
        row("WK000001", 9.0, 4000, cat.HH, "hot_99"),        # high in a high neighbourhood: named
        row("WK000002", 7.1, 140, cat.HH, "hot_99"),         # 1 case among 140 inhabitants: never named
        row("WK000003", 6.0, 3000, cat.LH, "hot_95"),        # low among high: Gi* hot, but not named
        row("WK000004", 8.0, 2500, cat.NOT_SIGNIFICANT, "hot_95"),  # above the median, Gi* hot: named
        row("WK000005", 2.0, 3000, cat.NOT_SIGNIFICANT, "not_significant"),
        row("WK000006", 1.0, 3000, cat.LL, "cold_99"),
    ])
    from geo.scan.figures import FIGURE_COLUMNS

    frame = frame.reindex(columns=FIGURE_COLUMNS)
    found = [f for f in findings(frame, area_name="X", lang="nl") if f.section == "hotspots"]
    assert [f.key for f in found] == ["hotspot:woninginbraak:WK000001,WK000004"]


@pytest.mark.parametrize("median, named", [(18.9, False), (17.0, True)])
def test_the_quadrant_is_a_finding_only_beyond_the_margin(median, named):
    """Above the others' median of feeling unsafe is a bespreekpunt only when the median is outside the margin."""
    from geo.scan.figures import FIGURE_COLUMNS
    from geo.scan.findings import findings

    def row(section, indicator, code, value, **extra):
        return dict(section=section, indicator=indicator, area_code=code, area_name=code, period="2023JJ00",
                    value=value, row=f"{section}/{indicator}/{code}", title=indicator, **extra)

    frame = pd.DataFrame([
        row("kerncijfers", "onveilig_buurt", "GM0518", 19.4, lower=18.1, upper=20.7, role="area"),
        row("objectief", "misdrijven", "GM0518", 50.0, role="area"),
        row("objectief", "onveilig_buurt", "GM0518", 19.4, role="area"),
        row("objectief", "misdrijven", "median", 40.0, role="median"),
        row("objectief", "onveilig_buurt", "median", median, role="median"),
        row("objectief", "quadrant", "GM0518", None, role="area", category="high_high", reference="all"),
    ]).reindex(columns=FIGURE_COLUMNS)
    keys = [f.key for f in findings(frame, area_name="'s-Gravenhage", lang="nl")]
    assert ("quadrant:high_high" in keys) is named


def test_a_mapping_with_gemeente_codes_spelled_as_numbers_still_maps(tmp_path):
    """518, 957.0 and GM518 in a mapping are GM0518, GM0957 and GM0518: the eenheid comparison stays."""
    from geo.scan.areas import read_mapping

    mapping = tmp_path / "mapping.csv"
    mapping.write_text("gemeentecode,politie_eenheid_code,politie_eenheid_naam\nGM518,RE07,Den Haag\n"
                       "957.0,RE10,Limburg\n14,RE01,Noord-Nederland\n", encoding="utf-8")
    assert read_mapping(mapping) == {"GM0518": ("RE07", "Den Haag"), "GM0957": ("RE10", "Limburg"),
                                     "GM0014": ("RE01", "Noord-Nederland")}


def test_a_margin_narrower_than_the_last_digit_still_shows():
    """A report mark of 7,3 with a margin of 7,26-7,34 shows "7,26 - 7,34", not "7,3 - 7,3"."""
    from geo.scan.render import Figs

    table = pd.DataFrame([dict(row="mark", value=7.3, lower=7.26, upper=7.34, digits=1),
                          dict(row="share", value=19.4, lower=18.1, upper=20.7, digits=1)])
    nl = Figs(table, "nl")
    assert (nl.plain("mark", "lower"), nl.plain("mark"), nl.plain("mark", "upper")) == ("7,26", "7,3", "7,34")
    assert (nl.plain("share", "lower"), nl.plain("share", "upper")) == ("18,1", "20,7")


# --- where the Veiligheidsmonitor has no figures; fragments for a wijkprofiel ----------------------


def test_no_survey_figures_of_its_own_is_said_and_the_eenheid_shown(roermond):
    page = (roermond / "scan.html").read_text(encoding="utf-8")
    assert "De Veiligheidsmonitor heeft geen eigen cijfers voor Roermond" in page
    table = figures(roermond)
    survey = table[(table["section"] == "kerncijfers") & (table["kind"] == "survey")]
    assert len(survey) >= 10 and set(survey["area_code"]) == {"RE10"} and set(survey["role"]) == {"fallback"}
    # No survey comparison of a region with itself; registrations are compared.
    compared = table[table["section"] == "vergelijking"]
    assert set(compared["kind"]) == {"count"}
    assert "<tbody></tbody>" not in page


def test_embed_fragments_per_wijk(roermond):
    table = figures(roermond)
    wijken = sorted(table.query("section == 'hotspots'")["area_code"].unique())
    assert len(wijken) == 10
    for code in wijken:
        path = roermond / "embed" / f"{code}.html"
        page = path.read_text(encoding="utf-8")
        assert '<html lang="nl">' in page and re.search(r"<title>Veiligheid in [^<]+, 2023</title>", page)
        assert "<script" not in page and path.stat().st_size < 60_000
        assert re.search(r'<p class="source">Bronnen: [^<]*47018NED[^<]*PDOK wijk 2023', page), code
        assert '<svg class="minimap"' in page
        assert len(spans(page)) == 6 and assert_figures_equal_csv(roermond, page, "nl") == 6


# --- the meeting's notes --------------------------------------------------------------------------


HOSTILE_NOTE = "<script>alert('vmgeo')</script> herkend door de wijkagent"
#: What the meeting filled in about itself: date, participants, three priorities; actions; straatkennis.
MEETING = ("2026-11-12", "Basisteamchef Haaglanden-Centrum, adviseur OOV, twee analisten", "Woninginbraak Centrum",
           "Fietsdiefstal rond Centraal Station", "Overlast jeugd Schilderswijk")
ACTIONS = [("Extra surveillance avonduren Centrum", "Basisteam Centrum", "2027-01-31"),
           ("Fietsenstalling CS: camera's", "Gemeente, team OOV", None)]
STREET = [("groep", "Jongeren bij het Hobbemaplein", "sinds de zomer"), ("plek", "Fietsenstalling CS", None),
          ("voorziening", "Coffeeshop Stationsbuurt", "overlast na sluiting")]
HOSTILE_ACTION = '=HYPERLINK("http://example.invalid","klik")'


def fill_in(draft: Path, notes: Path) -> Path:
    """The draft's workbook as the meeting fills it in: two findings, the meeting, its actions and straatkennis."""
    from openpyxl import load_workbook

    shutil.copyfile(draft, notes)
    book = load_workbook(notes)
    sheet = book["bespreekpunten"]
    assert [c.value for c in sheet[1]] == ["nr", "sleutel", "bevinding", "herkend (ja/nee/deels)", "toelichting",
                                          "actie"]
    sheet["D2"], sheet["E2"], sheet["F2"] = "ja", HOSTILE_NOTE, HOSTILE_ACTION
    sheet["D3"], sheet["E3"] = "Deels", "Alleen rond het Centraal Station"
    # The meeting itself: its sheets come with the draft, headers in Dutch, empty for the meeting to fill in.
    meeting, actions, street = book["bijeenkomst"], book["acties"], book["straatkennis"]
    assert [c.value for c in meeting["A"]] == ["veld", "datum", "deelnemers", "prioriteit 1", "prioriteit 2",
                                               "prioriteit 3"]
    assert [c.value for c in actions[1]] == ["actie", "eigenaar", "gereed"] and actions.max_row == 1
    assert [c.value for c in street[1]] == ["soort (groep/plek/voorziening)", "wat", "toelichting"]
    for row, value in enumerate(MEETING, start=2):
        meeting.cell(row=row, column=2, value=value)
    for row in ACTIONS + STREET:
        (actions if len(row) == 3 and row[0] not in ("groep", "plek", "voorziening") else street).append(row)
    book.save(notes)
    return notes


@pytest.fixture(scope="module")
def final(server, cache, haag, tmp_path_factory):
    """The 's-Gravenhage scan with the meeting's filled-in sheet folded in."""
    notes = fill_in(haag / "scan.xlsx", tmp_path_factory.mktemp("notes") / "ingevuld.xlsx")
    out = tmp_path_factory.mktemp("final")
    run = scan(server, cache, out, "--area", "GM0518", "--notes", str(notes))
    assert run.returncode == 0, run.stderr
    return {"out": out, "notes": notes}


def test_notes_round_trip_puts_the_meetings_words_in_the_final_report(final, haag):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    out = final["out"]
    page = (out / "scan.html").read_text(encoding="utf-8")
    assert "Definitieve versie" in page and "Alleen rond het Centraal Station" in page
    assert "&lt;script&gt;alert(&#x27;vmgeo&#x27;)&lt;/script&gt; herkend door de wijkagent" in page
    assert "<script>alert(" not in page
    assert "=HYPERLINK(&quot;http://example.invalid&quot;,&quot;klik&quot;)" in page
    findings = pd.read_csv(out / "findings.csv")
    assert findings.loc[0, "herkend (ja/nee/deels)"] == "ja" and findings.loc[1, "herkend (ja/nee/deels)"] == "deels"
    # The same findings as the draft: the notes belong to them.
    assert findings["sleutel"].tolist() == pd.read_csv(haag / "findings.csv")["sleutel"].tolist()
    sheet = load_workbook(out / "scan.xlsx")["bespreekpunten"]
    assert sheet["F2"].data_type == "s" and sheet["F2"].value == "'" + HOSTILE_ACTION
    assert sheet["E2"].value == HOSTILE_NOTE and sheet["D3"].value == "deels"
    # Table cells wrap anywhere in the PDF: compare without the white space.
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(out / "scan.pdf").pages))
    assert "AlleenrondhetCentraalStation" in text and "<script>alert('vmgeo')</script>herkend" in text
    assert '=HYPERLINK("http://example.invalid","klik")' in text


def test_the_final_version_opens_with_the_meeting_and_keeps_it_in_its_workbook(final):
    """Issue 17: the meeting product. Date, participants, the agreed priorities, actions with their owner and the
    straatkennis from the filled-in workbook open the final report, and its scan.xlsx holds them again."""
    from openpyxl import load_workbook
    from pypdf import PdfReader

    out = final["out"]
    page = (out / "scan.html").read_text(encoding="utf-8")
    opening = page.index('<section id="bijeenkomst">')
    assert opening < page.index('<section id="samenvatting">')
    block = page[opening:page.index("</section>", opening)]
    assert "<h2>Afspraken van de bijeenkomst</h2>" in block and "12 november 2026" in block
    assert html.escape(MEETING[1]) in block
    assert re.findall(r"<li>(.*?)</li>", block) == [html.escape(p) for p in MEETING[2:]]
    for action, owner, _due in ACTIONS:
        assert f"<td>{html.escape(action)}</td><td>{html.escape(owner)}</td>" in block
    assert "<td>31 januari 2027</td>" in block
    assert "<td>Groep (hot group)</td><td>Jongeren bij het Hobbemaplein</td><td>sinds de zomer</td>" in block
    assert "<td>Voorziening (hot facility)</td><td>Coffeeshop Stationsbuurt</td>" in block
    first = re.sub(r"\s+", " ", PdfReader(out / "scan.pdf").pages[0].extract_text())
    assert "Afspraken van de bijeenkomst" in first and "Woninginbraak Centrum" in first
    # Round trip: the final workbook holds what the meeting said, so that it can be read in again.
    book = load_workbook(out / "scan.xlsx")
    assert [c.value for c in book["bijeenkomst"]["B"]][1:] == list(MEETING)
    assert [tuple(r) for r in book["acties"].iter_rows(min_row=2, values_only=True)] == ACTIONS
    assert [tuple(r) for r in book["straatkennis"].iter_rows(min_row=2, values_only=True)] == STREET
    from geo.scan.notes import read

    again = read(out / "scan.xlsx").meeting
    assert (again.date, again.participants, again.priorities) == (MEETING[0], MEETING[1], MEETING[2:])
    assert again.actions == tuple(ACTIONS) and again.street == tuple(STREET)


def test_an_action_without_an_owner_ends_in_one_line(server, cache, final, tmp_path):
    from openpyxl import load_workbook

    book = load_workbook(final["notes"])
    book["acties"].append(("Buurtschouw Transvaal", None, None))
    orphan = tmp_path / "zonder-eigenaar.xlsx"
    book.save(orphan)
    out = tmp_path / "out"
    run = scan(server, cache, out, "--area", "GM0518", "--notes", str(orphan))
    assert_clean_failure(run, out, "--notes", "'acties', rij 4", "'Buurtschouw Transvaal' heeft geen eigenaar",
                         "eigenaar")


# --- bad input: one line, exit 1, nothing written --------------------------------------------------


@pytest.mark.parametrize("args, year, words", [
    (("--area", "GM05180"), "2023", ["--area 'GM05180'", "codes die erop lijken", "GM0518 ('s-Gravenhage)"]),
    (("--area", "GM0958"), "2023", ["--area 'GM0958'", "codes die erop lijken: GM0957 (Roermond)"]),
    (("--within", "RE1O"), "2023", ["--within 'RE1O'", "RE10 (Limburg)"]),
    (("--area", "BT1001", "--level", "basisteam"), "2023", ["--level basisteam", "--composition FILE"]),
    (("--area", "GM0518"), "2030", ["--year 2030", "geen cijfers voor 2030", "2012-2023"]),
    (("--area", "GM0518", "--compare", "GM0518"), "2023", ["lege vergelijkingsgroep", "GM0518"]),
])
def test_bad_input_ends_in_one_line(server, cache, haag, tmp_path, args, year, words):
    out = tmp_path / "out"
    run = scan(server, cache, out, *args, year=year)
    assert_clean_failure(run, out, *words)


def test_notes_that_are_no_workbook_or_lost_a_key_end_in_one_line(server, cache, haag, final, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "out"
    run = scan(server, cache, out, "--area", "GM0518", "--notes", str(haag / "scan.pdf"))
    assert_clean_failure(run, out, "--notes", "scan.pdf", "kan niet gelezen worden als XLSX-werkmap")
    wiped = tmp_path / "wiped.xlsx"
    book = load_workbook(final["notes"])
    book["bespreekpunten"]["B2"] = None  # the key of a row the meeting filled in
    book.save(wiped)
    run = scan(server, cache, out, "--area", "GM0518", "--notes", str(wiped))
    assert_clean_failure(run, out, "rij 2", "sleutel", "is leeg")


def test_notes_of_another_scan_are_refused(server, cache, final, tmp_path):
    other = tmp_path / "other"
    run = scan(server, cache, other, "--area", "GM0957", "--notes", str(final["notes"]))
    assert_clean_failure(run, other, "hoort bij een andere scan", "gebied GM0518 in plaats van GM0957")

    out = tmp_path / "out"
    # The draft compared with the eenheid; a run without --mapping has other findings, and says which.
    run = run_cli("scan", "--year", "2023", *FAST, "--area", "GM0518", "--notes", str(final["notes"]),
                  "--out", str(out), env=endpoints(server, cache))
    line = assert_clean_failure(run, out, "geschreven voor andere bevindingen", "staan niet in deze scan", "--mapping")
    assert "eenheid" in line, line
    # The same refusal a sheet with an edited fingerprint gets: the draft's fingerprint is named.
    from openpyxl import load_workbook

    ident = {r[0]: r[1] for r in load_workbook(final["notes"])["scan"].iter_rows(min_row=2, values_only=True)}
    assert f"vingerafdruk {ident['fingerprint']}" in line, line


# --- the stand-in server says what is real ---------------------------------------------------------


def test_stand_in_tables_serve_real_values_and_mark_the_synthetic(server, testdata):
    vm = server.content.tables[("cbs", "85146NED")]
    assert "synthetic" in vm["TableInfos"][0]["Title"]
    export = pd.read_csv(testdata / "cbs" / "VM_81877NED_statline-export_NL-provincie_2013-2017.csv", sep=";",
                         decimal=",", encoding="utf-8-sig")
    column = next(c for c in export.columns if "onveilig in buurt" in c)
    expected = export[(export["Regio's"] == "Nederland") & (export["Perioden"] == 2015)][column].iloc[0]
    served = next(r for r in vm["TypedDataSet"] if r["RegioS"].strip() == "NL01" and r["Perioden"] == "2015JJ00")
    assert served["VoeltZichWeleensOnveiligInBuurt_50"] == pytest.approx(expected)
    nuisance = server.content.tables[("politie", "47021NED")]
    assert "synthetic" in nuisance["TableInfos"][0]["Title"]
    national = pd.read_csv(testdata / "cbs" / "NL_overlast_per_soort_per_jaar_47021NED.csv")
    youth = national[(national["incident_type_code"] == "Melding overlast jeugd") & (national["year"] == 2019)]
    row = next(r for r in nuisance["TypedDataSet"] if r["RegioS"].strip() == "NL01" and r["Overlast"] == "E35   "
               and r["Perioden"] == "2019JJ00")
    assert row["GeregistreerdeOverlast_1"] == int(youth["incident_count"].iloc[0])
    wijken = server.content.collections["wijken"]["features"]
    assert len(wijken) == 54 and all("synthetic" in f["properties"]["note"] for f in wijken)


# --- through the front door: the scan's statistics are geo.analyse's -----------------------------


def test_the_scan_bivariate_lisa_is_analyse_with_a_second_indicator_and_keeps_its_global_test():
    """Issue 19: no weights or bivariate Moran of the scan's own; the global test is returned, not dropped."""
    import warnings

    import numpy as np
    from esda.moran import Moran_BV, Moran_Local_BV

    import geo
    from geo import categories as cat
    from geo.demo import make_region
    from geo.scan.objective import bivariate_lisa
    from geo.weights import build

    region = make_region(seed=7, n=60, wijken=4)
    frame = region.boundaries.merge(region.table, on="buurtcode")
    frame = frame.assign(code=frame["buurtcode"], x=frame["misdrijven"] / frame["inwoners"] * 1000,
                         y=frame["onveilig_pct"])
    frame.loc[[3, 17], "y"] = np.nan  # wijken without survey figures
    out, global_ = bivariate_lisa(frame, "x", "y", permutations=199, seed=5)
    assert "bv_category" not in out.columns
    assert (out.loc[[3, 17], "bv_cluster"] == cat.NO_DATA).all() and out.loc[[3, 17], "bv_p"].isna().all()
    sub = frame.drop(index=[3, 17])
    front = geo.analyse(sub.assign(value=sub["x"], value2=sub["y"], analysed=True), weights="queen",
                        islands="attach", permutations=199, seed=5)
    kept = out.drop(index=[3, 17])
    np.testing.assert_array_equal(kept["bv_p"].to_numpy(), front.frame["bv_p"].to_numpy())
    np.testing.assert_array_equal(kept["bv_cluster"].to_numpy(), front.frame["bv_cluster"].to_numpy())
    weights = build(sub, kind="queen", islands="attach")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = Moran_Local_BV(sub["x"].to_numpy(), sub["y"].to_numpy(), weights.w, transformation="r", permutations=0)
        glob = Moran_BV(sub["x"].to_numpy(), sub["y"].to_numpy(), weights.w, transformation="r", permutations=0)
    np.testing.assert_allclose(kept["bv_I"].to_numpy(), ref.Is, atol=1e-9)
    assert global_["I"] == pytest.approx(glob.I, abs=1e-9) and 0 < global_["p"] <= 1


# --- PDOK without wijken for the year (issue 16) ---------------------------------------------------


@pytest.fixture
def server_without_wijken(testdata):
    """A stand-in whose PDOK answers 404 for the wijk collection, as for a year it does not publish yet."""
    content = Content(testdata)
    content.collections.pop("wijken")
    srv = FakeServer(content, odata_page=5000).start()
    yield srv
    srv.shutdown()


def test_a_gemeente_scan_comes_out_when_pdok_has_no_wijken_and_says_why(server_without_wijken, tmp_path):
    out = tmp_path / "out"
    run = scan(server_without_wijken, tmp_path / "cache", out, "--area", "GM0518")
    assert run.returncode == 0, run.stderr
    page = (out / "scan.html").read_text(encoding="utf-8")
    section = page[page.index('<section id="hotspots">'):]
    section = section[:section.index("</section>")]
    assert "Geen hot spots binnen &#x27;s-Gravenhage: PDOK publiceert (nog) geen wijkgrenzen voor 2023" in section
    table = figures(out)
    assert not (table["section"] == "hotspots").any()
    # The rest of the scan stands: the gemeente's own figures and comparisons are there.
    assert (table["section"] == "vergelijking").sum() > 20 and (out / "scan.pdf").stat().st_size > 10_000
    # A wijk scan cannot do without its wijk: one line, nothing written.
    wijk_out = tmp_path / "wijk"
    run = scan(server_without_wijken, tmp_path / "cache", wijk_out, "--area", "WK051828")
    assert_clean_failure(run, wijk_out, "404")


# --- the shape of the scan's code (issue 19) ---------------------------------------------------------


def _scan_imports(*, typing: bool = False) -> dict[str, set[str]]:
    """Module of geo/scan to the modules of geo/scan it imports (at run time; ``typing``: also for type checking)."""
    import ast

    folder = Path(__file__).resolve().parents[1] / "geo" / "scan"
    graph: dict[str, set[str]] = {}
    for path in folder.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        typing_only = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If)
                       and getattr(node.test, "id", "") == "TYPE_CHECKING" for n in ast.walk(node)}
        found: set[str] = set()
        for node in ast.walk(tree):
            if (id(node) in typing_only and not typing) or not isinstance(node, ast.ImportFrom) or node.level != 1:
                continue
            found |= {node.module} if node.module else {a.name for a in node.names}
        graph[path.stem] = {m.split(".")[0] for m in found} - {path.stem}
    return graph


def test_the_scan_modules_import_each_other_without_a_circle():
    graph = _scan_imports()
    assert "model" in graph and graph["model"] == set()
    state: dict[str, int] = {}

    def visit(node: str, trail: tuple[str, ...]) -> None:
        if state.get(node) == 2:
            return
        assert state.get(node) != 1, " -> ".join((*trail, node))
        state[node] = 1
        for nxt in graph.get(node, ()):
            visit(nxt, (*trail, node))
        state[node] = 2

    for module in graph:
        visit(module, ())
    # The renderers read the Scan from the model, never from the orchestrator, not even for type checking.
    typed = _scan_imports(typing=True)
    assert all("run" not in typed[m] for m in ("render", "workbook", "notes", "figures", "sections"))


def test_the_sections_are_declared_once_and_everything_follows_them(haag):
    from geo.scan.sections import SECTIONS

    keys = [s.key for s in SECTIONS]
    assert len(keys) == len(set(keys)) == len(HEADINGS_NL)
    page = (haag / "scan.html").read_text(encoding="utf-8")
    found = re.findall(r'<section id="([\w-]+)"><h2>(\d+)\. ', page)
    assert [(s.anchor, str(i)) for i, s in enumerate(SECTIONS, 1)] == found
    # The figures table is built in the order of the sections.
    built = list(dict.fromkeys(figures(haag)["section"]))
    assert built == [k for k in keys if k in built]
    book = pd.read_excel(haag / "scan.xlsx", sheet_name="cijfers")
    assert list(dict.fromkeys(book["hoofdstuk"])) == built
    # The global test of the bivariate LISA is a figure when the LISA runs (see the constructed case above).
    src = (Path(__file__).resolve().parents[1] / "geo" / "scan" / "objective.py").read_text(encoding="utf-8")
    assert "found, _ =" not in src and "weights import" not in src and "bivariate_moran" not in src


# --- on paper: A4 portrait, nothing clipped (issue 17) ---------------------------------------------


class _Cells(HTMLParser):
    """The text of every table cell the printed page shows (nothing inside ``.screen-only``)."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: list[str] = []
        self._cell: list[str] | None = None
        self._stack: list[tuple[str, bool]] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("br", "img", "meta", "link", "input", "hr"):
            return
        classes = (dict(attrs).get("class") or "").split()
        hidden = "screen-only" in classes or tag in ("style", "script", "iframe", "title")
        self._stack.append((tag, hidden))
        self._hidden += hidden
        if tag in ("td", "th") and not self._hidden:
            self._cell = []

    def handle_endtag(self, tag):
        while self._stack:
            opened, hidden = self._stack.pop()
            self._hidden -= hidden
            if opened in ("td", "th") and self._cell is not None:
                if "".join(self._cell).strip():
                    self.cells.append("".join(self._cell).strip())
                self._cell = None
            if opened == tag:
                break

    def handle_data(self, data):
        if self._cell is not None and not self._hidden:
            self._cell.append(data)


def printed_text(pdf: Path) -> tuple[str, list[tuple[int, float, str]]]:
    """The text drawn inside the pages of ``pdf``, and every piece drawn outside one (page, x, text)."""
    from pypdf import PdfReader

    inside: list[str] = []
    outside: list[tuple[int, float, str]] = []
    for number, page in enumerate(PdfReader(pdf).pages, 1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)

        def visit(piece, cm, tm, _font, _size, number=number, width=width, height=height):
            if not piece.strip():
                return
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            if 0 <= x <= width - 2 and 0 <= y <= height:
                inside.append(piece)
            else:
                outside.append((number, x, piece.strip()))

        page.extract_text(visitor_text=visit)
    return "".join(inside), outside


def test_every_table_cell_is_printed_inside_an_a4_page(haag, tmp_path, server, cache):
    """Issue 17: no table cut off at the right edge (the peers' verdicts, the sources' dates), at most 10 pages."""
    from pypdf import PdfReader

    def squash(s: str) -> str:
        return re.sub(r"\s+", "", s.replace("\u00ad", ""))

    out = tmp_path / "compare"
    peers = ("--area", "GM0518", "--compare", "GM0599,GM0363,GM0344")
    run = scan(server, cache, out, *peers)
    assert run.returncode == 0, run.stderr
    # The final version of that scan, with the meeting's record in front: the 10 pages hold it too (docs/scan.md).
    final_out = tmp_path / "final"
    run = scan(server, cache, final_out, *peers, "--notes", str(fill_in(out / "scan.xlsx", tmp_path / "notes.xlsx")))
    assert run.returncode == 0, run.stderr
    assert "Afspraken van de bijeenkomst" in PdfReader(final_out / "scan.pdf").pages[0].extract_text()
    for folder in (haag, out, final_out):
        reader = PdfReader(folder / "scan.pdf")
        box = reader.pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 portrait, in points
        text, outside = printed_text(folder / "scan.pdf")
        assert outside == [], outside[:5]
        parser = _Cells()
        parser.feed((folder / "scan.html").read_text(encoding="utf-8"))
        assert len(parser.cells) > 150
        printed = squash(text)
        missing = [c for c in parser.cells if squash(c) not in printed]
        assert missing == [], missing[:5]
        assert len(reader.pages) <= 10, len(reader.pages)
        # No page ends with a heading whose content is on the next one.
        page = (folder / "scan.html").read_text(encoding="utf-8")
        headings = {html.unescape(re.sub(r"<[^>]+>", "", h)).strip()
                    for h in re.findall(r"<h[23][^>]*>(.*?)</h[23]>", page, flags=re.S)}
        for number, pdf_page in enumerate(reader.pages, 1):
            lines = [line.strip() for line in pdf_page.extract_text().splitlines()
                     if line.strip() and not re.fullmatch(r"\d+ / \d+", line.strip())]
            assert lines and lines[-1] not in headings, (number, lines[-1:])


def _section_html(page: str, ident: str) -> str:
    part = page[page.index(f'<section id="{ident}">'):]
    return part[:part.index("</section>")]


def test_bespreekpunten_are_an_agenda_of_questions_by_theme_with_the_rest_in_an_appendix(haag, final):
    """Issue 17: at most 8, each a question, grouped by theme, ranked by a rule the report states."""
    from geo.scan.findings import AGENDA_MAX

    page = (haag / "scan.html").read_text(encoding="utf-8")
    section = _section_html(page, "bespreekpunten")
    items = [html.unescape(re.sub(r"<[^>]+>", "", li)).strip() for li in re.findall(r"<li>(.*?)</li>", section)]
    found = pd.read_csv(haag / "findings.csv")
    assert len(found) > AGENDA_MAX and len(items) == AGENDA_MAX == 8
    assert all(item.endswith("?") for item in items), items
    themes = re.findall(r"<h3>([^<]+)</h3>\s*<ol", section)
    assert 1 < len(themes) == len(set(themes))  # grouped: each theme once
    assert "Volgorde: elk punt weegt met de grootte van het verschil" in section
    appendix = section[section.index("Bijlage: overige bevindingen"):]
    assert appendix.count("<tr>") - 1 == len(found) - AGENDA_MAX
    # The workbook and findings.csv number the points as the report does: the agenda first.
    assert found["nr"].tolist() == list(range(1, len(found) + 1))
    assert [html.unescape(re.sub(r"<[^>]+>", "", t)) for t in found["bevinding"].head(3)] == [
        i.rsplit("?", 1)[0].rsplit(".", 1)[0] + "." for i in items[:3]]
    # On paper too the agenda is numbered 1 to 8 across its themes, as the workbook numbers it (WeasyPrint
    # ignores <ol start>).
    import subprocess

    # poppler's text has the list markers (pypdf's has not).
    printed = subprocess.run(["pdftotext", str(haag / "scan.pdf"), "-"], capture_output=True, text=True,
                             check=True).stdout
    agenda_text = printed[printed.index("8. Bespreekpunten"):printed.index("Bijlage: overige bevindingen")]
    numbers = re.findall(r"^(\d+)\. (?!Bespreekpunten|Bronnen)\S", agenda_text, flags=re.M)
    assert [int(n) for n in numbers] == list(range(1, 9)), numbers
    # The final version is the meeting's record, without the instructions for the workbook.
    final_page = (final["out"] / "scan.html").read_text(encoding="utf-8")
    assert "scan.xlsx" in section and "scan.xlsx" not in _section_html(final_page, "bespreekpunten")



# --- verdicts that mean something (issue 17) --------------------------------------------------------


def test_a_tiny_difference_in_a_large_population_is_no_relevant_difference():
    from geo.scan.compare import count_verdicts, survey_verdicts

    # 's-Gravenhage-sized: 20,400 (36.0 per 1,000) against 35.0 per 1,000 in the rest: 3% higher, p < 0.001.
    tested = count_verdicts([20_400], [566_000], [595_000], [17_000_000], contains_area=[True], higher_is=["worse"])
    assert tested.loc[0, "p"] < 0.001 and tested.loc[0, "verdict"] == "no_relevant_difference"
    big = count_verdicts([24_000], [566_000], [595_000], [17_000_000], contains_area=[True], higher_is=["worse"])
    assert big.loc[0, "verdict"] == "worse"
    # A rapportcijfer of 7.3 against 7.2 with narrow margins: significant, but less than 0.2.
    area = pd.DataFrame({"value": [7.3], "lower": [7.27], "upper": [7.33]})
    reference = pd.DataFrame({"value": [7.2], "lower": [7.19], "upper": [7.21]})
    mark = survey_verdicts(area, reference, share=[0.0], higher_is=["better"], relevant=0.2)
    assert mark.loc[0, "p"] < 0.05 and mark.loc[0, "verdict"] == "no_relevant_difference"
    assert survey_verdicts(area, reference, share=[0.0], higher_is=["better"], relevant=0.05).loc[0, "verdict"] == \
        "better"


def test_overdispersed_counts_get_a_wider_interval_and_a_weaker_test_than_poisson():
    import numpy as np

    from geo.scan.compare import count_verdicts, dispersed_interval, dispersion
    from geo.scan.figures import poisson_interval

    rng = np.random.default_rng(12345)
    poisson = rng.poisson(2_000, size=12)
    assert dispersion(poisson) < 2.5  # Poisson noise: about 1
    # A steady trend is not noise: second differences remove it.
    assert dispersion(np.arange(12) * 150 + 2_000) == 1.0
    noisy = np.array([2000, 2400, 1800, 2500, 1900, 2600, 1700, 2450, 1850, 2550, 1750, 2500])
    phi = dispersion(noisy)
    assert phi > 50
    low, high = poisson_interval(2_500)
    wide_low, wide_high = dispersed_interval(2_500, low, high, phi)
    assert wide_low < low and wide_high > high
    assert (wide_high - wide_low) / (high - low) == pytest.approx(phi ** 0.5)
    # 2,500 against 2,350 expected: significant for Poisson counts, not with this dispersion.
    exact = count_verdicts([2_500], [100_000], [2_350_000], [100_000_000], contains_area=[False],
                           higher_is=["worse"], relevant=0.0)
    quasi = count_verdicts([2_500], [100_000], [2_350_000], [100_000_000], contains_area=[False],
                           higher_is=["worse"], relevant=0.0, dispersion=phi)
    assert exact.loc[0, "p"] < 0.01 and exact.loc[0, "verdict"] == "worse" and exact.loc[0, "test"] == "count-exact"
    assert quasi.loc[0, "p"] > 0.05 and quasi.loc[0, "verdict"] == "no_difference"
    assert quasi.loc[0, "test"] == "count-quasi"


def test_the_scan_states_its_relevant_differences_and_quadrants_only_beyond_the_margin(haag):
    table = figures(haag)
    page = (haag / "scan.html").read_text(encoding="utf-8")
    assert "ten minste 10% van de referentie bij cijfers per 1.000 inwoners, 2 procentpunt" in page
    registered = table[(table["section"] == "kerncijfers") & (table["unit"] == "per_1000")]
    assert (registered["dispersion"] >= 1).all()
    quad = table[table["indicator"] == "quadrant"]
    if not quad.empty and quad.iloc[0]["category"] != "undecided":
        own = table[(table["section"] == "kerncijfers") & (table["indicator"] == "onveilig_buurt")].iloc[0]
        median = table[(table["role"] == "median") & (table["indicator"] == "onveilig_buurt")].iloc[0]["value"]
        assert not (own["lower"] <= median <= own["upper"])
    # Colours by better or worse: a significant fall of a figure where higher is better is drawn as worse.
    from geo.scan.charts import change_meaning

    assert change_meaning("rise", "better") == "better" and change_meaning("rise", "worse") == "worse"
    assert change_meaning("fall", "better") == "worse"


@pytest.mark.parametrize("spec, expected", [
    ("rate=20%", {"per_1000": 0.2}), ("rate=5,mark=0.3", {"per_1000": 0.05, "mark": 0.3}),
    ("rate=0.5", {"per_1000": 0.005}),
    ("percent=1,5", None), ("speed=3", None), ("rate=-1", None),
])
def test_relevant_option(spec, expected):
    from geo.errors import OptionError
    from geo.scan.compare import parse_relevant

    if expected is None:
        with pytest.raises(OptionError, match="--relevant"):
            parse_relevant(spec)
    else:
        assert parse_relevant(spec) == expected


def test_references_are_shown_as_tested_with_their_margins(haag):
    """Issue 17: the eenheid column is the eenheid without the area, with the value and margin that were tested."""
    page = (haag / "scan.html").read_text(encoding="utf-8")
    section = _section_html(page, "vergelijking")
    assert "Eenheid Den Haag zonder &#x27;s-Gravenhage</th>" in section
    table = figures(haag)
    eenheid = table[(table["section"] == "vergelijking") & (table["reference"] == "eenheid")]
    shown = {(r, c) for r, c, _t in spans(section)}
    for row, r in eenheid.iterrows():
        assert (row, "reference_rest") in shown and (row, "reference_value") not in shown
        if r["kind"] == "survey" and pd.notna(r["reference_rest_lower"]):
            assert (row, "reference_rest_lower") in shown and (row, "reference_rest_upper") in shown
            assert r["reference_rest_lower"] < r["reference_rest"] < r["reference_rest_upper"]
    # The eenheid's published figure (with 's-Gravenhage in it) differs from the one tested.
    onveilig = eenheid[eenheid["indicator"] == "onveilig"].iloc[0]
    assert abs(onveilig["reference_value"] - onveilig["reference_rest"]) > 0.5



def test_sample_sizes_are_shown_beside_the_survey_figures_where_the_source_gives_them(haag, server):
    """Issue 17: the unweighted number of respondents (the stand-in publishes it as CBS might, for every region
    but the wijken) beside the survey figures of the area and its published references, in the samenvatting,
    the key figures, figures.csv and the workbook."""
    served = server.content.scan.vm_n
    table = figures(haag)
    own = table.loc["kerncijfers/onveilig_buurt/GM0518/2023JJ00"]
    assert own["respondents"] == served[("GM0518", 2023)]
    compared = table[(table["section"] == "vergelijking") & (table["kind"] == "survey")]
    for kind in ("country", "eenheid"):
        part = compared[compared["reference"] == kind]
        code = "NL01" if kind == "country" else part.iloc[0]["reference_code"]
        assert (part["reference_respondents"] == served[(code, 2023)]).all(), kind
        assert (part["respondents"] == served[("GM0518", 2023)]).all()
    # Pooled peers are no published row: no sample size of their own.
    assert compared.loc[compared["reference"] == "peers", "reference_respondents"].isna().all()
    page = (haag / "scan.html").read_text(encoding="utf-8")
    for ident in ("samenvatting", "kerncijfers"):
        section = _section_html(page, ident)
        line = re.search(r'<p class="method">Aantal respondenten \(ongewogen\).*?</p>', section).group(0)
        words = html.unescape(re.sub(r"<[^>]+>", "", line))
        assert f"'s-Gravenhage {dutch(served[('GM0518', 2023)], 0)}" in words
        assert f"Nederland {dutch(served[('NL01', 2023)], 0)}" in words and "Eenheid Den Haag" in words
    book = pd.read_excel(haag / "scan.xlsx", sheet_name="cijfers")
    assert book.loc[book["rij"] == "kerncijfers/onveilig_buurt/GM0518/2023JJ00", "respondenten"].iloc[0] == \
        served[("GM0518", 2023)]


def test_the_samenvatting_comes_first_and_is_on_page_one_or_two(haag):
    """Issue 17: per theme the area's figure with its margin, the verdict against each reference, and the trend."""
    from pypdf import PdfReader

    page = (haag / "scan.html").read_text(encoding="utf-8")
    section = _section_html(page, "samenvatting")
    assert "<h2>1. Samenvatting</h2>" in section
    themes = re.findall(r'<tr class="theme"><th[^>]*>([^<]+)</th>', section)
    assert themes[:2] == ["Onveiligheidsgevoel", "Overlast"] and len(themes) == 5
    assert "Eenheid Den Haag zonder &#x27;s-Gravenhage" in section and "Trend" in section
    # Every figure is a figure of the table (checked against figures.csv by the figures test) with its margin.
    shown = spans(section)
    assert any(c == "lower" for _r, c, _t in shown) and len(shown) > 20
    reader = PdfReader(haag / "scan.pdf")
    first_two = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages[:2]))
    assert "1. Samenvatting" in first_two and "Voelt zich weleens onveilig in de eigen buurt" in first_two


def test_every_table_and_chart_has_its_source_line_and_section_9_speaks_in_words(haag):
    """Issue 17: a "Bron:" line under every table and chart; the sources table names indicators, not keys."""
    page = (haag / "scan.html").read_text(encoding="utf-8")
    # The end of a table, of a group of charts, of the scatter and of the map image.
    ends = re.compile(r'</table>|</figure>\n?</div>|<figure><svg class="chart scatter".*?</svg></figure>'
                      r'|<div class="maps print-only">.*?</ul></div>(?:<p class="note">[^<]*</p>)*</div>', re.S)
    starts = re.compile(r'<p class="source">|<table|<h3|<div class="charts">|<figure|<img class="map')
    checked = 0
    for ident in SECTION_IDS[:7]:
        section = _section_html(page, ident)
        for end in ends.finditer(section):
            nxt = starts.search(section[end.end():])
            assert nxt is not None and nxt.group(0) == '<p class="source">', (ident, section[end.start():][:200])
            checked += 1
    assert checked >= 10
    assert re.search(r'<div class="maps print-only">.*?</ul></div>(?:<p class="note">[^<]*</p>)*</div>\n'
                     r'<p class="source">', page, flags=re.S)  # the printed maps have theirs
    lines = re.findall(r'<p class="source">(.*?)</p>', page)
    assert all(html.unescape(s).startswith("Bron: ") for s in lines)
    assert any("Veiligheidsmonitor; kerncijfers per regio" in s and "(85146NED), 2023, definitief" in html.unescape(s)
               for s in lines)
    assert any("Grenzen wijk 2023 (PDOK, CC BY 4.0)" in s for s in lines)
    sources = _section_html(page, "bronnen")
    sources = sources[:sources.index("</table>")]
    assert "Voelt zich weleens onveilig in de eigen buurt" in sources
    assert not re.search(r"AangifteBijPolitie_\d+|SoortMisdrijf=|\d{4}-\d{2}-\d{2}", sources)
    assert re.search(r"\d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|"
                     r"december) \d{4}", sources)



def test_reader_text_has_no_option_names_or_codes_and_dutch_dates(haag, final):
    """Issue 17: names, not codes or command-line words; dates as Dutch readers write them; Dutch workbook headers."""
    for folder in (haag, final["out"]):
        page = (folder / "scan.html").read_text(encoding="utf-8")
        reader = re.sub(r"<style>.*?</style>|<script.*?</script>|<iframe.*?</iframe>|<img[^>]*>", "", page, flags=re.S)
        reader = re.sub(r"<[^>]+>", " ", reader)
        assert not re.search(r"--[a-z]", reader), re.search(r".{40}--[a-z].{20}", reader)
        assert not re.search(r"\bGM\d{4}\b", reader), re.search(r".{40}GM\d{4}.{20}", reader)
        assert not re.search(r"\d{4}-\d{2}-\d{2}", reader)
        assert re.search(r"gemaakt op \d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus|september|"
                         r"oktober|november|december) \d{4}", reader)
    book = pd.read_excel(haag / "scan.xlsx", sheet_name=None)
    assert {"waarde", "ondergrens", "bovengrens", "oordeel"} <= set(book["cijfers"].columns)
    assert {"bron", "tabel", "titel"} <= set(book["bronnen"].columns)
    # The CSVs keep their stable (English) column names, for scripts.
    assert "value" in figures(haag).columns


def test_a_jump_of_more_than_20_percent_is_asked_about_and_corona_years_are_a_caveat(haag):
    """Issue 17: series breaks flagged as "trendbreuk?" with a question to the table; a caveat on the corona years."""
    found = pd.read_csv(haag / "findings.csv")
    breaks = found[found["sleutel"].str.startswith("break:")]
    assert not breaks.empty
    table = figures(haag)
    for _i, r in breaks.iterrows():
        _kind, indicator, period = r["sleutel"].split(":")
        row = table[(table["section"] == "ontwikkeling") & (table["indicator"] == indicator)
                    & (table["period"] == period)].iloc[0]
        assert abs(row["value"] / row["reference_value"] - 1) > 0.2
        assert "trendbreuk?" in r["bevinding"]
    page = (haag / "scan.html").read_text(encoding="utf-8")
    assert "coronajaren" in _section_html(page, "bronnen")


def test_paper_shows_both_map_layers_and_no_screen_instructions(haag):
    """Issue 17: both the LISA and the Gi* layer in print; "kies de laag" only on screen; no wijk on a gemeente map."""
    page = (haag / "scan.html").read_text(encoding="utf-8")
    section = _section_html(page, "hotspots")
    maps = re.findall(r'<svg class="minimap"[^>]*aria-label="([^"]+)"', section)
    assert [a.split(":")[0] for a in maps] == ["LISA-clusters", "Gi* hot en cold spots"]
    assert '<div class="maps print-only">' in section
    printed = re.sub(r'<p class="screen-only">.*?</p>|<iframe.*?</iframe>', "", section, flags=re.S)
    assert "kies de laag" not in printed.lower() and "Kies de laag rechtsboven" in section
    assert "een kleine wijk" not in page


def _page_words(pdf: Path, number: int) -> list[tuple[str, float, float]]:
    """The words poppler finds on page ``number`` of ``pdf`` (SVG text too): (word, x, y) of their centres, in
    points from the top left."""
    import subprocess

    out = subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), "-bbox", str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    return [(html.unescape(w), (float(x0) + float(x1)) / 2, (float(y0) + float(y1)) / 2) for x0, y0, x1, y1, w in
            re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', out)]


def test_the_printed_maps_number_the_wijken_with_a_key_and_hatch_the_areas_without_inhabitants(haag, tmp_path):
    """Issue 17: a number on every wijk of both printed maps, a key number -> name beside them, and uninhabited
    Oostduinen hatched with a legend entry "geen inwoners / geen cijfer", seen on the rendered page."""
    import subprocess

    from PIL import Image
    from pypdf import PdfReader

    from geo.scan.charts import NO_FIGURE_LINE

    reader = PdfReader(haag / "scan.pdf")
    number = next(i for i, p in enumerate(reader.pages, 1) if "Nummers op de kaarten (wijken)" in p.extract_text())
    printed = re.sub(r"\s+", " ", reader.pages[number - 1].extract_text())
    # The key: CBS's wijk number and the name without "Wijk NN", for all 44 wijken.
    wijken = figures(haag)
    wijken = wijken[wijken["section"] == "hotspots"].drop_duplicates("area_code")
    assert len(wijken) == 44
    for code, name in zip(wijken["area_code"], wijken["area_name"]):
        entry = f"{int(code[-2:])} {re.sub(r'^Wijk [0-9]+ ', '', name)}"
        assert entry[:28] in printed, entry
    assert "1 Oostduinen" in printed and "28 Centrum" in printed
    assert printed.count("Geen inwoners / geen cijfer") == 2  # one legend per map
    # The page as printed: every wijk's number is on each map, on the wijk's own colour.
    subprocess.run(["pdftoppm", "-png", "-r", "100", "-f", str(number), "-l", str(number), "-singlefile",
                    str(haag / "scan.pdf"), str(tmp_path / "maps")], check=True)
    image = Image.open(tmp_path / "maps.png").convert("RGB")
    scale = 100 / 72

    def ring(x: float, y: float) -> list[tuple[int, int, int]]:
        """The pixels around a number's white disc."""
        return [image.getpixel((round(x * scale + r * math.cos(a)), round(y * scale + r * math.sin(a))))
                for r in (10, 11) for a in [k * math.pi / 12 for k in range(24)]]

    words = _page_words(haag / "scan.pdf", number)
    key_top = next(y for w, x, y in words if w == "Nummers")
    captions = max(y for w, x, y in words if w in ("LISA-clusters", "Gi*") and y < key_top)
    on_map: dict[int, list[tuple[float, float]]] = {}
    for shown, x, y in words:
        if shown.isdigit() and captions < y < key_top:
            on_map.setdefault(int(shown), []).append((x, y))
    assert sorted(on_map) == list(range(1, 45)) and all(len(v) == 2 for v in on_map.values()), on_map
    red = (0xD7, 0x19, 0x1C)
    grey = tuple(int(NO_FIGURE_LINE[i:i + 2], 16) for i in (1, 3, 5))

    def near(p, colour, tolerance=40):
        return all(abs(a - b) <= tolerance for a, b in zip(p, colour))

    # Centrum (28), the planted hot spot, is red on the LISA map (the left one).
    left = min(on_map[28], key=lambda xy: xy[0])
    assert sum(near(p, red) for p in ring(*left)) > 30
    # Oostduinen (1) is hatched on both maps: grey lines and white, no colour of a class.
    for x, y in on_map[1]:
        around = ring(x, y)
        lines = sum(near(p, grey, 50) and max(p) - min(p) < 12 for p in around)
        white = sum(min(p) > 235 for p in around)
        assert lines > 4 and white > 4 and not any(near(p, red) for p in around), (lines, white)


def test_the_scatter_has_ticks_error_bars_and_names_the_peers():
    """Issue 17: ticks on both axes, the area's 95% intervals as error bars, peers labelled when they are the set."""
    from geo.scan.charts import scatter, ticks

    assert ticks(12.3, 61.0) == [20.0, 30.0, 40.0, 50.0, 60.0]
    assert ticks(0.5, 1.4) == [0.6, 0.8, 1.0, 1.2, 1.4]
    points = pd.DataFrame({"code": ["GM0518", "GM0599", "GM0363", "median"],
                           "name": ["'s-Gravenhage", "Rotterdam", "Amsterdam", "mediaan"],
                           "x": [50.4, 66.7, 70.1, 66.7], "y": [19.4, 28.7, 27.0, 27.0],
                           "x_row": ["a", "b", "c", "m"], "y_row": ["a", "b", "c", "m"]})
    svg = scatter(points, area_code="GM0518", fig=lambda row, col: row, x_label="x", y_label="y", median_label="m",
                  number=lambda v: f"{v:g}", x_margin=(45.2, 55.6), y_margin=(18.1, 20.7), label_others=True)
    assert svg.count('stroke="#d7191c" stroke-width="1.5"') == 2  # the two error bars, in the area's colour
    assert ">Rotterdam</text>" in svg and ">Amsterdam</text>" in svg
    assert ">60</text>" in svg and ">20</text>" in svg


def test_the_readme_shows_page_one_of_the_scan():
    """README's scan section shows docs/scan-page1.png: a PNG of an A4 portrait page (docs/make_scan_image.py)."""
    import struct

    readme = (TESTDATA.parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Gebiedsscan"):]
    section = section[:section.index("\n## ", 1)]
    assert "](docs/scan-page1.png)" in section and "docs/make_scan_image.py" in section
    png = (TESTDATA.parents[1] / "docs" / "scan-page1.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert height / width == pytest.approx(297 / 210, rel=0.01) and width >= 600
