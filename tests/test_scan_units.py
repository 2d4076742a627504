"""vmgeo scan for police units and wijken, against the stand-in CBS, Politie and PDOK server.

Apart from tests/test_scan.py so that these scans run on another pytest-xdist worker: a --within
run over the synthetic basisteams of eenheid RE10, in English, and the scan of one wijk.
"""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

from tests import test_scan
from tests.test_scan import (
    COMPOSITION,
    FILES,
    assert_figures_equal_csv,
    assert_verdicts_follow_the_tests,
    figures,
    scan,
)

# tests/test_scan.py's module-scoped stand-in and cache: this module gets instances of its own, so that
# the two modules can run side by side.
server = test_scan.server
cache = test_scan.cache


@pytest.fixture(scope="module")
def limburg(server, cache, tmp_path_factory):
    """A scan per synthetic basisteam of eenheid RE10, in English."""
    out = tmp_path_factory.mktemp("limburg")
    run = scan(server, cache, out, "--within", "RE10", "--level", "basisteam", "--composition", str(COMPOSITION),
               "--lang", "en")
    assert run.returncode == 0, run.stderr
    return out


def test_verdicts_follow_the_tests_per_unit(limburg):
    assert_verdicts_follow_the_tests(limburg / "BT1003")


def test_within_writes_a_scan_per_unit_an_index_and_the_tabellenboek(limburg):
    units = ("BT1001", "BT1002", "BT1003")
    for unit in units:
        assert all((limburg / unit / name).is_file() for name in FILES), unit
    index = (limburg / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in index and all(f'href="{u}/scan.html"' in index for u in units)
    assert not re.search(r"\(BT\d{4}\)", index)  # names, not codes (issue 17)
    # Said of basisteams, and of peers that are the other basisteams (not "comparable municipalities").
    assert "An area scan per basic police team within Limburg" in index
    unit_page = (limburg / "BT1001" / "scan.html").read_text(encoding="utf-8")
    assert "beside the others of the same level" in unit_page
    assert "comparable municipalities follow" not in unit_page
    assert "<td>final</td>" in unit_page and ">Definitief<" not in unit_page  # CBS's period status, in English
    book = pd.read_excel(limburg / "tabellenboek.xlsx", sheet_name="tables")
    csv = pd.read_csv(limburg / "tabellenboek.csv")
    assert list(book.columns) == list(csv.columns)
    # The units, in order, with survey figures of their own (derived from their gemeenten, issue 17): no column
    # of the eenheid whose figures they used to show; decimals as in the report.
    areas = [c for c in book.columns if c.endswith(")")]
    assert [a[-7:-1] for a in areas] == list(units)
    from openpyxl import load_workbook

    sheet = load_workbook(limburg / "tabellenboek.xlsx")["tables"]
    header = [c.value for c in sheet[1]]
    for r, digits in enumerate(csv["digits"], start=2):
        cell = sheet.cell(row=r, column=header.index(areas[0]) + 1)
        assert cell.number_format == "#,##0" + ("." + "0" * int(digits) if digits else ""), (r, cell.number_format)
    for unit in units:
        column = next(c for c in book.columns if c.endswith(f"({unit})"))
        own = figures(limburg / unit)
        for indicator in ("inwoners", "misdrijven", "woninginbraak", "overlast_jeugd", "onveilig_buurt"):
            row = own[(own["section"] == "kerncijfers") & (own["indicator"] == indicator)].iloc[0]
            assert book.loc[book["indicator"] == indicator, column].iloc[0] == pytest.approx(row["value"])
    page = (limburg / "BT1003" / "scan.html").read_text(encoding="utf-8")
    assert "<h2>7. Hot spots inside the area</h2>" in page and "Basisteam Zuid-Limburg (synthetisch)" in page
    assert assert_figures_equal_csv(limburg / "BT1003", page, "en") > 100
    # Fully English (issue 17): the country by its English name, basisteams as basic police teams, no options.
    section = page[page.index('<section id="vergelijking">'):]
    section = section[:section.index("</section>")]
    assert "The Netherlands" in section and ">Nederland<" not in section
    assert not re.search(r"--[a-z]", re.sub(r"<style>.*?</style>", "", page, flags=re.S))


@pytest.fixture(scope="module")
def wijk(server, cache, tmp_path_factory):
    """The scan of wijk 28 Centrum of 's-Gravenhage (WK051828), without --level."""
    out = tmp_path_factory.mktemp("wijk")
    run = scan(server, cache, out, "--area", "WK051828")
    assert run.returncode == 0, run.stderr
    return out


def test_a_wijk_code_is_a_wijk_scan(wijk):
    """--area WK051828 needs no --level: the code says it is a wijk."""
    out = wijk
    table = figures(out)
    own = table[(table["section"] == "kerncijfers") & (table["area_code"] == "WK051828")]
    assert not own.empty and (own["area_level"] == "wijk").all()
    # Its map shows the gemeente's wijken, and says so; its bespreekpunten name no other wijk as a hot spot.
    page = (out / "scan.html").read_text(encoding="utf-8")
    assert "tussen de 44 wijken van de gemeente" in page and "binnen het gebied. De kaart" not in page
    named = pd.read_csv(out / "findings.csv")["sleutel"]
    hot = named[named.str.startswith("hotspot:")]
    assert not hot.empty  # the planted Centrum
    assert all(key.split(":")[2] == "WK051828" for key in hot), hot.tolist()


def test_a_wijk_is_compared_with_its_gemeente_and_the_rest_of_it(wijk):
    """Issue 17: a wijk against its gemeente (as published) and the gemeente without the wijk (as tested),
    not against a third of the gemeente's wijken chosen by urbanity."""
    out = wijk
    table = figures(out)
    compared = table[table["section"] == "vergelijking"]
    assert set(compared["reference"]) == {"country", "eenheid", "gemeente"}
    gemeente = compared[compared["reference"] == "gemeente"]
    assert (gemeente["reference_code"] == "GM0518").all() and not gemeente.empty
    # The rest lies beyond the whole gemeente, seen from the wijk: the wijk was taken out of it.
    for r in gemeente.itertuples():
        if r.value != r.reference_value:
            assert (r.reference_rest - r.reference_value) * (r.value - r.reference_value) < 0, r.Index
    page = (out / "scan.html").read_text(encoding="utf-8")
    section = page[page.index('<section id="vergelijking">'):]
    section = section[:section.index("</section>")]
    assert "Vergelijkbare wijken" not in page and "vergelijkbare wijken" not in page
    header = re.search(r"<thead>(.*?)</thead>", section, flags=re.S).group(1)
    assert "<th class=\"num\">&#x27;s-Gravenhage</th>" in header
    assert "&#x27;s-Gravenhage zonder Wijk 28 Centrum" in header
    # Both columns carry figures of the table: the whole gemeente as published and its rest as tested.
    row = gemeente[gemeente["indicator"] == "onveilig_buurt"].index[0]
    assert f'data-row="{row}" data-col="reference_value"' in section
    assert f'data-row="{row}" data-col="reference_rest"' in section
    # No peers, so the caveats speak of the gemeente, not of comparable wijken.
    assert "Een wijk is vergeleken met haar gemeente, zonder de wijk zelf" in page
    # The source gives no sample size for a wijk, and one for its gemeente (issue 17): said as such.
    line = re.search(r'<p class="method">Aantal respondenten.*?</p>', page).group(0)
    words = re.sub(r"<[^>]+>", "", line)
    assert "Wijk 28 Centrum onbekend" in words and re.search(r"; &#x27;s-Gravenhage \d\.\d{3}\.$", words)
    survey = gemeente[gemeente["kind"] == "survey"]
    assert survey["respondents"].isna().all() and (survey["reference_respondents"] > 0).all() and len(survey) > 10


def test_a_basisteam_shows_survey_figures_derived_from_its_member_gemeenten(limburg, server):
    """Issue 17: a basisteam's survey figures from its member gemeenten with figures of their own (weighted by
    inhabitants of 15 and over), the members without counting together at the eenheid's figure, with the combined
    margin 1.96 sqrt(sum w_i^2 se_i^2), se_i = half the 95% margin / 1.96; marked as derived, rule in the report."""
    members = pd.read_csv(COMPOSITION)
    members = members.loc[members["unit_code"] == "BT1003", "member_code"].tolist()
    built = server.content.scan
    rows = {r["WijkenEnBuurten"].strip(): r for r in server.content.tables[("cbs", "85984NED")]["TypedDataSet"]}
    pop15 = {g: rows[g]["AantalInwoners_5"] - rows[g]["k_0Tot15Jaar_8"] for g in members}
    own = [g for g in members if (g, 2023) in built.vm_values]
    assert sorted(own) == ["GM0917", "GM0935"]  # Heerlen and Maastricht; 13 smaller gemeenten have none
    rest = sum(pop15[g] for g in members if g not in own)
    total = sum(pop15.values())
    table = figures(limburg / "BT1003")
    for indicator, measure in (("onveilig_buurt", "VoeltZichWeleensOnveiligInBuurt_50"),
                               ("rapportcijfer_veiligheid_buurt", "RapportcijferVeiligheidInBuurt_60"),
                               ("aangifte_inbraak", "AangifteBijPolitie_76")):
        parts = [(built.vm_values[(g, 2023)][measure], pop15[g] / total) for g in own]
        parts.append((built.vm_values[("RE10", 2023)][measure], rest / total))
        value = sum(w * v for (v, _lo, _hi), w in parts)
        half = 1.96 * math.sqrt(sum(w**2 * ((hi - lo) / 2 / 1.96) ** 2 for (_v, lo, hi), w in parts))
        row = table.loc[f"kerncijfers/{indicator}/BT1003/2023JJ00"]
        assert row["role"] == "derived" and row["area_name"] == "Basisteam Zuid-Limburg (synthetisch)"
        assert (row["value"], row["lower"], row["upper"]) == pytest.approx((value, value - half, value + half),
                                                                         rel=1e-9)
        # Not the eenheid's figure, which the scan showed before for every basisteam.
        assert row["value"] != pytest.approx(built.vm_values[("RE10", 2023)][measure][0], abs=0.05)
        # Tested against the eenheid without the basisteam, as derived.
        tested = table[(table["section"] == "vergelijking") & (table["indicator"] == indicator)
                       & (table["reference"] == "eenheid")].iloc[0]
        assert tested["role"] == "derived" and tested["value"] == pytest.approx(value, rel=1e-9)
        assert pd.notna(tested["reference_rest"])
    page = (limburg / "BT1003" / "scan.html").read_text(encoding="utf-8")
    assert "derived (not published by CBS) from the area&#x27;s municipalities with figures of their own: " \
           "Heerlen and Maastricht" in page
    assert "1.96 \u00d7 \u221a(\u03a3 w\u00b2 \u00d7 se\u00b2)" in page and "(derived)</span>" in page
    book = pd.read_excel(limburg / "BT1003" / "scan.xlsx", sheet_name=None)
    sheet = next(f for name, f in book.items() if "note" in f.columns or "opmerking" in f.columns)
    assert sheet.astype(str).apply(lambda c: c.str.contains("derived from the area")).to_numpy().any()


@pytest.fixture(scope="module")
def zuid(server, cache, tmp_path_factory):
    """The scan of one basisteam, in Dutch (the default)."""
    out = tmp_path_factory.mktemp("zuid")
    run = scan(server, cache, out, "--area", "BT1003", "--level", "basisteam", "--composition", str(COMPOSITION))
    assert run.returncode == 0, run.stderr
    return out


#: What a Dutch reader of a basisteam scan must not meet: English words, option names, codes instead of names,
#: basisteams called eenheden or gemeenten, the level said twice.
NOT_DUTCH = (r"\bthe\b", r"\band\b", r"\bwith\b", r"\bderived\b", r"\bfigures?\b", r"municipalit",
             r"Safety Monitor", r"basic police team", r"\bdistricts?\b", r"Key figures", r"\bfinal\b",
             r"--[a-z]", r"\bBT\d{4}\b", r"\bGM\d{4}\b", r"\bRE\d{2}\b", r"\bDI\d{4}\b", r"\beenheden\b",
             r"Basisteam Basisteam", r"vergelijkbare gemeenten", r"vergelijkbare wijken", r"\bvan de wijken\b",
             r"eigen cijfers van de Veiligheidsmonitor nodig")


def reader_text(page: str) -> str:
    """The words of an HTML page a reader sees, without the stand-in's own (English) table titles."""
    import html as html_mod

    text = re.sub(r"<style>.*?</style>|<script.*?</script>|<iframe.*?</iframe>|<img[^>]*>|<title>.*?</title>", " ",
                  page, flags=re.S)
    text = html_mod.unescape(re.sub(r"<[^>]+>", " ", text))
    return re.sub(r"\(test server:[^)]*\)", " ", re.sub(r"\s+", " ", text))


def test_a_basisteam_scan_in_dutch_speaks_dutch_and_of_basisteams(zuid):
    """Issue 17: the basisteam scan read as a Dutch reader reads it, on screen and on paper."""
    from pypdf import PdfReader

    page = reader_text((zuid / "scan.html").read_text(encoding="utf-8"))
    printed = re.sub(r"\(test server:[^)]*\)", " ", re.sub(r"\s+", " ", " ".join(
        p.extract_text() for p in PdfReader(zuid / "scan.pdf").pages)))
    for where, words in (("html", page), ("pdf", printed)):
        found = {p: m.group(0) for p in NOT_DUTCH if (m := re.search(r".{0,40}" + p + r".{0,30}", words))}
        assert found == {}, (where, found)
    # Names, not codes: the basisteam, its peers, its eenheid and its gemeenten by name.
    for name in ("Basisteam Zuid-Limburg (synthetisch)", "Basisteam Noord-Limburg (synthetisch)",
                 "Basisteam Midden-Limburg (synthetisch)", "Eenheid Limburg", "Heerlen en Maastricht",
                 "De andere basisteams", "(afgeleid)"):
        assert name in page, name
    assert "Basisteam Zuid-Limburg (synthetisch) · 2023" in page
    # The comparison with the other basisteams is tested: their figures are derived as the area's are.
    table = figures(zuid)
    peers = table[(table["section"] == "vergelijking") & (table["reference"] == "peers")
                  & (table["kind"] == "survey")]
    assert not peers.empty and (peers["verdict"] != "not_testable").all()
    book = pd.read_excel(zuid / "scan.xlsx", sheet_name=None)
    assert list(book["scan"].columns) == ["veld", "waarde"]
