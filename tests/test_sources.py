"""CBS StatLine, the police catalog and PDOK, through the real loading code, against a local server."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from geo import boundaries, text
from tests.conftest import error_line, run_cli
from tests.servers import Content, FakeServer

CRIMES = ("--data", "politie:47018NED/GeregistreerdeMisdrijven_1", "--filter", "SoortMisdrijf=0.0.0",
          "--period", "2023")
POPULATION = ("--population", "cbs:85984NED/AantalInwoners_5")
REMOTE = ("hotspots", "--level", "gemeente", "--year", "2023", *CRIMES, *POPULATION, "--permutations", "199")


@pytest.fixture(scope="module")
def server(testdata):
    srv = FakeServer(Content(testdata)).start()
    yield srv
    srv.shutdown()


def endpoints(server: FakeServer, cache: Path, fault: str | None = None, **extra: str) -> dict[str, str]:
    prefix = f"{server.url}/fault/{fault}" if fault else server.url
    return {"VMGEO_CBS_URL": f"{server.url}/cbs", "VMGEO_POLICE_URL": f"{prefix}/politie",
            "VMGEO_PDOK_URL": f"{server.url}/pdok", "VMGEO_CACHE_DIR": str(cache), "VMGEO_OFFLINE": "",
            "VMGEO_TIMEOUT": "5", "VMGEO_RETRIES": "1", **extra}


def cache_state(cache: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(cache.iterdir())} if cache.exists() else {}


def cache_without_police_data(source: Path, cache: Path) -> Path:
    """A cache holding the earlier data downloads except the police figures, which must come from the server."""
    cache.mkdir()
    for p in source.iterdir():
        record = json.loads(p.read_text()) if p.name.endswith(".meta.json") else None
        if record and record["kind"] == "odata-data" and record["table"] == "47018NED":
            continue
        if record and record["kind"] == "odata-data":
            (cache / p.name).write_bytes(p.read_bytes())
            (cache / record["file"]).write_bytes((source / record["file"]).read_bytes())
    return cache


@pytest.fixture(scope="module")
def first_run(server, tmp_path_factory):
    """One online run of the end-to-end command; later tests reuse its cache."""
    cache = tmp_path_factory.mktemp("cache")
    out = tmp_path_factory.mktemp("online")
    before = len(server.requests)
    run = run_cli(*REMOTE, "--out", str(out), env=endpoints(server, cache))
    assert run.returncode == 0, run.stderr
    return {"cache": cache, "out": out, "requests": len(server.requests) - before}


def test_end_to_end_equals_file_path(first_run, testdata, tmp_path):
    """The same numbers through files give the same Moran's I and the same clusters."""
    online = json.loads((first_run["out"] / "summary.json").read_text(encoding="utf-8"))
    run = run_cli("hotspots", "--boundaries", str(testdata / "boundaries" / "gemeente_2023_wgs84.geojson"),
                  "--data", str(testdata / "cbs" / "gemeenten_brengdelicten2023_bevolking2024.csv"),
                  "--code-column", "nummer", "--value", "misdaad", "--population", "bevolking",
                  "--permutations", "199", "--out", str(tmp_path))
    assert run.returncode == 0, run.stderr
    local = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert online["moran"]["I"] == pytest.approx(local["moran"]["I"], abs=1e-12)
    assert online["lisa"] == local["lisa"] and online["gi_star"] == local["gi_star"]
    assert online["n"] == 342 and set(online["islands"]) == set(local["islands"])
    a = pd.read_csv(first_run["out"] / "results.csv", dtype={"code": str}).set_index("code")
    b = pd.read_csv(tmp_path / "results.csv", dtype={"code": str}).set_index("code")
    pd.testing.assert_series_equal(a["rate"], b["rate"].reindex(a.index), check_exact=False, rtol=1e-12)


def test_provenance_in_summary_and_map(first_run):
    summary = json.loads((first_run["out"] / "summary.json").read_text(encoding="utf-8"))
    by_source = {s["source"]: s for s in summary["sources"]}
    assert set(by_source) == {"politie", "cbs", "pdok"}
    police = by_source["politie"]
    assert police["table"] == "47018NED" and police["period"] == "2023JJ00"
    assert police["period_status"] == "Definitief" and police["table_modified"] == "2024-08-15T02:00:00"
    assert police["filters"]["SoortMisdrijf"] == ["0.0.0"] and police["fetched_at"]
    assert by_source["cbs"]["table"] == "85984NED" and by_source["cbs"]["measure"] == "AantalInwoners_5"
    assert by_source["pdok"]["level"] == "gemeente" and by_source["pdok"]["year"] == 2023
    assert by_source["pdok"]["licence"] == "CC BY 4.0"
    page = (first_run["out"] / "map.html").read_text(encoding="utf-8")
    # Readers see the period as they write it, never CBS's key (2023JJ00).
    assert "Politie 47018NED, 2023 definitief, gewijzigd 2024-08-15" in page and "2023JJ00" not in page.split(
        'id="vmgeo-data"')[0]
    assert "PDOK gemeente 2023 (CBS / Kadaster, via PDOK, CC BY 4.0)" in page


def test_cache_records_provenance(first_run):
    records = [json.loads(p.read_text()) for p in first_run["cache"].glob("*.meta.json")]
    kinds = {r["kind"] for r in records}
    assert {"odata-meta", "odata-data", "pdok"} <= kinds
    data = next(r for r in records if r["kind"] == "odata-data" and r["table"] == "47018NED")
    assert data["rows"] == 343 and data["period_status"] == "Definitief" and len(data["sha256"]) == 64
    assert data["url"].endswith("/politie/ODataFeed/odata/47018NED/TypedDataSet")
    assert not list(first_run["cache"].glob(".vmgeo-*")), "temporary files left in the cache"


def test_offline_after_online_is_identical_and_silent(server, first_run, tmp_path):
    before = len(server.requests)
    run = run_cli(*REMOTE, "--out", str(tmp_path), "--offline", env=endpoints(server, first_run["cache"]))
    assert run.returncode == 0, run.stderr
    assert len(server.requests) == before, "offline mode touched the network"
    online = json.loads((first_run["out"] / "summary.json").read_text(encoding="utf-8"))
    offline = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    for key in ("moran", "lisa", "gi_star", "islands", "sources"):
        assert online[key] == offline[key], key
    assert (first_run["out"] / "results.csv").read_bytes() == (tmp_path / "results.csv").read_bytes()


def test_offline_without_cache_fails_clearly(server, tmp_path):
    run = run_cli(*REMOTE, "--out", str(tmp_path / "out"), env=endpoints(server, tmp_path / "empty",
                                                                          VMGEO_OFFLINE="1"))
    line = error_line(run)
    # A Dutch run (the default) says it in Dutch.
    assert "staat niet in de cache" in line and "offline" in line.lower()
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


@pytest.mark.parametrize("fault, words", [
    ("500", ["HTTP 500", "2 keer geprobeerd"]),
    ("404", ["niet gevonden", "HTTP 404"]),
    ("slow", ["geen antwoord binnen 0,5 s"]),
    ("badjson", ["geen geldige JSON"]),
    ("truncated", ["brak af"]),
    ("loop", ["verwijst terug"]),
])
def test_server_faults(server, first_run, tmp_path, fault, words):
    # Start from a cache that already holds earlier downloads: they must survive the failure.
    cache = cache_without_police_data(first_run["cache"], tmp_path / "cache")
    before = cache_state(cache)
    run = run_cli(*REMOTE, "--out", str(tmp_path / "out"),
                  env=endpoints(server, cache, fault, VMGEO_TIMEOUT="0.5"))
    line = error_line(run)
    for word in words:
        assert word in line, (word, line)
    after = cache_state(cache)
    assert all(not n.startswith(".vmgeo-") for n in after), "partial file left in the cache"
    new_records = [json.loads(after[n]) for n in set(after) - set(before) if n.endswith(".meta.json")]
    assert not [r for r in new_records if r["kind"] == "odata-data"], "a failed download was cached"
    assert {k: after[k] for k in before} == before, "earlier cache entries were changed"


def test_retry_recovers_from_a_busy_server(server, first_run, tmp_path):
    # Only the police figures are busy ('flaky' answers 503 once per URL); the population is already
    # cached, so the run spends its time on the retries rather than on 180 pages of buurten.
    cache = cache_without_police_data(first_run["cache"], tmp_path / "cache")
    before = len(server.requests)
    run = run_cli(*REMOTE, "--out", str(tmp_path / "out"), env=endpoints(server, cache, "flaky"))
    assert run.returncode == 0, run.stderr
    retried = [r for r in server.requests[before:] if r.startswith("/fault/flaky/") and "/TypedDataSet" in r]
    assert len(retried) > len(set(retried)), "the busy server was never asked twice for the same page"


@pytest.mark.parametrize("args, words", [
    (("--data", "politie:47018NEX/GeregistreerdeMisdrijven_1"), ["47018NEX", "niet gevonden", "47018NED"]),
    (("--data", "politie:47018NED/GeregistreerdeMisdrijven"), ["geen maat", "GeregistreerdeMisdrijven_1"]),
    (("--data", "politie:47018NED/GeregistreerdeMisdrijven_1", "--filter", "SoortMisdrijf=9.9.9"),
     ["SoortMisdrijf", "9.9.9"]),
    (("--data", "politie:47018NED/GeregistreerdeMisdrijven_1", "--filter", "Misdrijf=0.0.0"),
     ["geen dimensie 'Misdrijf'", "SoortMisdrijf"]),
    (("--data", "politie:47018NED/GeregistreerdeMisdrijven_1", "--period", "2030"),
     ["geen periode '2030'", "2012-2023"]),
    (("--data", "misdrijven", "--period", "2023", "--level", "eenheid", "--boundaries", "x.gpkg"),
     ["alleen op het niveau gemeente", "niet eenheid", "--level"]),
    (("--data", "misdrijvn"), ["bedoelt u misdrijven"]),
])
def test_unknown_names_are_reported(server, tmp_path, args, words):
    run = run_cli("hotspots", "--year", "2023", *args, "--out", str(tmp_path / "out"),
                  env=endpoints(server, tmp_path / "c"))
    line = error_line(run)
    for word in words:
        assert word in line, (word, line)


def test_corrupt_cache_is_refetched_online_and_reported_offline(server, first_run, tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    for p in first_run["cache"].iterdir():
        (cache / p.name).write_bytes(p.read_bytes())
    record = next(json.loads(p.read_text()) for p in cache.glob("*.meta.json")
              if json.loads(p.read_text())["kind"] == "pdok")
    damaged = cache / record["file"]
    damaged.write_bytes(damaged.read_bytes()[:-10] + b"0000000000")
    offline = run_cli(*REMOTE, "--out", str(tmp_path / "a"), "--offline", env=endpoints(server, cache))
    line = error_line(offline)
    assert "beschadigd" in line and record["file"] in line
    online = run_cli(*REMOTE, "--out", str(tmp_path / "b"), env=endpoints(server, cache))
    assert online.returncode == 0, online.stderr
    assert "wordt opnieuw opgehaald" in online.stderr


def test_indicators_tables_and_cache_commands(server, first_run, tmp_path):
    env = endpoints(server, tmp_path / "c")
    ind = run_cli("indicators", env=env)
    assert ind.returncode == 0
    for name in ("misdrijven", "woninginbraak", "geweld", "overlast", "onveilig_buurt", "inwoners"):
        assert name in ind.stdout
    assert "politie:47018NED/GeregistreerdeMisdrijven_1" in ind.stdout
    tables = run_cli("tables", "--search", "misdrijven", env=env)
    assert tables.returncode == 0 and "politie:47018NED" in tables.stdout
    listed = run_cli("cache", "list", env=endpoints(server, first_run["cache"]))
    assert listed.returncode == 0 and "47018NED" in listed.stdout and "gemeente 2023" in listed.stdout
    copy = tmp_path / "copy"
    copy.mkdir()
    for p in first_run["cache"].iterdir():
        (copy / p.name).write_bytes(p.read_bytes())
    cleared = run_cli("cache", "clear", env=endpoints(server, copy))
    assert cleared.returncode == 0 and not list(copy.iterdir())


def test_indicator_name_as_data(server, first_run, tmp_path):
    run = run_cli("hotspots", "--data", "misdrijven", "--period", "2023", "--population", "inwoners",
                  "--permutations", "99", "--out", str(tmp_path), env=endpoints(server, first_run["cache"]))
    assert run.returncode == 0, run.stderr
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert summary["sources"][0]["indicator"] == "misdrijven" and summary["n"] == 342


def test_cbsodata_options_restored_after_error(server, testdata, tmp_path):
    import cbsodata

    from geo import fetch
    from geo.errors import NotFoundError
    from geo.settings import Settings

    settings = Settings(cache_dir=tmp_path, cbs_url=f"{server.url}/cbs", police_url=f"{server.url}/politie",
                        pdok_url=f"{server.url}/pdok", timeout=5, retries=0)
    host, https = cbsodata.options.catalog_url, cbsodata.options.use_https
    with pytest.raises(NotFoundError):
        fetch.fetch_table(fetch.parse("politie:99999NED/X_1"), settings=settings)
    assert cbsodata.options.catalog_url == host and cbsodata.options.use_https == https
    # Buurt level: padded keys stripped, Amsterdam's letter codes kept, every buurt of the real table there.
    table = fetch.fetch_table(fetch.parse("inwoners"), level="buurt", settings=settings).frame
    assert len(table) == 14574 and table["code"].str.match(r"^BU[0-9A-Z]{8}$").all()
    assert table["code"].str.startswith("BU0363").sum() > 400
    reference = pd.read_csv(testdata / "cbs" / "85984NED_buurt_AantalInwoners_2024.csv")
    assert table["value"].sum() == reference["population"].sum()


def test_veiligheidsmonitor_margins_by_provincie(server, testdata, tmp_path):
    """A VM table: the Marges dimension is fetched whole and pivoted; an unpublished margin stays empty."""
    from geo import fetch
    from geo.errors import OptionError
    from geo.settings import Settings

    settings = Settings(cache_dir=tmp_path, cbs_url=f"{server.url}/cbs", police_url=f"{server.url}/politie",
                        pdok_url=f"{server.url}/pdok", timeout=5, retries=0)
    spec = fetch.parse("cbs:81877NED/VoeltZichWeleensOnveiligInBuurt_2")
    fetched = fetch.fetch_table(spec, period="2013", level="provincie", settings=settings)
    table = fetched.frame
    assert list(table.columns) == ["code", "value", "lower", "upper"]
    assert len(table) == 12 and table["lower"].isna().all() and table["upper"].isna().all()
    # The export's own figure for Groningen (PV20) in 2013.
    export = pd.read_csv(testdata / "cbs" / "VM_81877NED_statline-export_NL-provincie_2013-2017.csv", sep=";",
                         decimal=",", encoding="utf-8-sig")
    column = next(c for c in export.columns if "onveilig in buurt" in c)
    expected = export[(export["Regio's"] == "Groningen (PV)") & (export["Perioden"] == 2013)][column].iloc[0]
    assert table.set_index("code").loc["PV20", "value"] == pytest.approx(expected)
    assert fetched.provenance is not None and fetched.provenance.unit == "%"
    # Several regions in one request stay apart, percentages included, each as fetched on its own (the
    # gebiedsscan fetches its series this way: one request per indicator rather than one per gemeente).
    two = fetch.fetch_table(fetch.parse("cbs:81877NED/VoeltZichWeleensOnveiligInBuurt_2",
                                        filters=["RegioS=PV20,PV21"]), periods=["2013", "2014"],
                            level="provincie", settings=settings).frame
    assert sorted(zip(two["code"], two["period"])) == [("PV20", "2013JJ00"), ("PV20", "2014JJ00"),
                                                        ("PV21", "2013JJ00"), ("PV21", "2014JJ00")]
    both = two[two["period"] == "2013JJ00"].set_index("code")["value"]
    assert both.to_dict() == table.set_index("code").loc[["PV20", "PV21"], "value"].to_dict()
    # Percentages of several keys are never summed; the refusal is in the run's language.
    two_years = fetch.parse("cbs:81877NED/VoeltZichWeleensOnveiligInBuurt_2", filters=["Perioden=2013,2014"])
    for lang, words in (("en", "only makes sense for counts"), ("nl", "wat alleen bij aantallen kan")):
        with text.speaking(lang), pytest.raises(OptionError, match=words):
            fetch.fetch_table(two_years, level="provincie", settings=settings)

    run = run_cli("hotspots", "--data", "cbs:81877NED/VoeltZichWeleensOnveiligInBuurt_2", "--period", "2015",
                  "--level", "provincie", "--year", "2023", "--weights", "knn:3", "--permutations", "99",
                  "--out", str(tmp_path / "out"), env=endpoints(server, tmp_path / "c"))
    assert run.returncode == 0, run.stderr
    results = pd.read_csv(tmp_path / "out" / "results.csv")
    assert len(results) == 12 and results["value"].between(5, 40).all()


def test_eenheden_from_a_composition_with_figures_and_boundaries_from_the_sources(server, first_run, testdata,
                                                                                   tmp_path):
    """The ten regionale eenheden, built from the PDOK gemeenten by a composition, with summed figures."""
    mapping = pd.read_csv(testdata / "mapping" / "gemeente_2023_provincie_veiligheidsregio_politie-eenheid.csv",
                          dtype=str)
    composition = pd.DataFrame({"unit_code": mapping["politie_eenheid_code"],
                                "unit_name": mapping["politie_eenheid_naam"],
                                "level": "eenheid", "parent_code": "", "member_code": mapping["gemeentecode"],
                                "valid_from": "2023", "valid_to": ""})
    path = tmp_path / "eenheden.csv"
    composition.to_csv(path, index=False)
    env = endpoints(server, first_run["cache"])
    units_out = tmp_path / "eenheden.gpkg"
    built = run_cli("units", "--composition", str(path), "--year", "2023", "--out", str(units_out), env=env)
    assert built.returncode == 0, built.stderr
    assert "10 units (eenheid 10)" in built.stdout and "coverage valid" in built.stdout

    run = run_cli("hotspots", "--level", "eenheid", "--composition", str(path), "--year", "2023", *CRIMES,
                  *POPULATION, "--weights", "knn:3", "--permutations", "99", "--out", str(tmp_path / "out"), env=env)
    assert run.returncode == 0, run.stderr
    results = pd.read_csv(tmp_path / "out" / "results.csv")
    raw = pd.read_csv(testdata / "cbs" / "gemeenten_brengdelicten2023_bevolking2024.csv")
    assert len(results) == 10 and results["value"].sum() == raw["misdaad"].sum()
    assert results["population"].sum() == raw["bevolking"].sum()
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["units"]["coverage_valid"] == {"eenheid": True}
    assert {s["source"] for s in summary["sources"]} == {"politie", "cbs", "pdok"}


@pytest.mark.parametrize("level, year, words", [
    ("wijk", 2022, ["HTTP 404", "wijk", "2022"]),        # no wijk- en buurtkaart of that year at all
    ("gemeente", 2022, ["gemeente", "2022", "no features"]),  # a collection without that year's features
])
def test_a_level_pdok_does_not_publish_is_a_catchable_error(server, tmp_path, level, year, words):
    """No such layer for the year at PDOK: NotPublishedError (a NotFoundError) with level and year, nothing cached."""
    from geo import fetch
    from geo.errors import NotFoundError
    from geo.settings import Settings

    settings = Settings(cache_dir=tmp_path, cbs_url=f"{server.url}/cbs", police_url=f"{server.url}/politie",
                        pdok_url=f"{server.url}/pdok", timeout=5, retries=0)
    with text.speaking("en"), pytest.raises(fetch.NotPublishedError) as caught:
        boundaries.from_pdok(level, year, settings=settings)
    error = caught.value
    assert isinstance(error, NotFoundError) and (error.level, error.year) == (level, year)
    assert "PDOK does not publish" in str(error) and "choose another --year" in str(error)
    for word in words:
        assert word in str(error), (word, str(error))
    assert not fetch.cache_entries(settings)
    with pytest.raises(fetch.NotPublishedError, match=f"PDOK publiceert geen grenzen van {level} voor {year}"):
        boundaries.from_pdok(level, year, settings=settings)


def test_a_year_without_a_wijk_layer_leaves_the_gemeenten(testdata, tmp_path):
    """The scan's case: gemeenten of the year are there, its wijk layer is an HTTP 404."""
    from geo import fetch
    from geo.settings import Settings

    srv = FakeServer(Content(testdata), wijk_years=()).start()
    try:
        settings = Settings(cache_dir=tmp_path, cbs_url=f"{srv.url}/cbs", police_url=f"{srv.url}/politie",
                            pdok_url=f"{srv.url}/pdok", timeout=5, retries=0)
        assert len(boundaries.from_pdok("gemeente", 2023, settings=settings).frame) == 342
        with pytest.raises(fetch.NotPublishedError) as caught:
            boundaries.from_pdok("wijk", 2023, settings=settings)
        assert (caught.value.level, caught.value.year) == ("wijk", 2023)
    finally:
        srv.shutdown()
        srv.server_close()


def _imported(path, package: str) -> set[str]:
    """Every module (and ``module.name``) that ``path``, a module of ``package``, imports, relative ones resolved."""
    import ast

    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            parts = package.split(".")
            base = node.module or "" if node.level == 0 else ".".join(
                parts[:len(parts) - node.level + 1] + ([node.module] if node.module else []))
            found |= {base} | {f"{base}.{alias.name}" for alias in node.names}
    return found


def test_nothing_outside_fetch_imports_its_private_modules():
    """geo.fetch's face is its __init__: no module of geo outside geo/fetch imports geo.fetch._anything."""
    from tests.conftest import REPO

    root = REPO / "geo"
    reach = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(REPO).with_suffix("")
        if relative.parts[:2] == ("geo", "fetch"):
            continue
        parts = list(relative.parts)
        package = ".".join(parts if parts[-1] == "__init__" else parts[:-1]).removesuffix(".__init__")
        reach += [f"{'.'.join(parts)} imports {name}" for name in _imported(path, package)
                  if name.startswith("geo.fetch._")]
    assert not reach, reach


def test_the_stand_ins_read_tests_data_through_one_list():
    """The stand-in servers name no file of tests/data themselves: tests/servers_data.py lists them, and they exist."""
    import ast

    from tests.conftest import REPO, TESTDATA
    from tests.servers_data import FIXTURES, fixture

    assert all(fixture(TESTDATA, name).is_file() for name in FIXTURES), "a listed fixture is missing"
    for module in ("servers.py", "servers_years.py", "servers_scan.py"):
        tree = ast.parse((REPO / "tests" / module).read_text(encoding="utf-8"))
        paths = [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant)
                 and isinstance(node.value, str) and node.value.endswith((".csv", ".geojson", ".json"))]
        assert not paths, (module, paths)
        parsers = [node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef) and node.name in (
            "_national", "_poisson", "poisson")]
        assert not parsers, (module, parsers)


@pytest.mark.parametrize("lang, error_words, warning_words", [
    ("nl", ["staat niet in de cache en --offline", "draai dezelfde opdracht eerst een keer met netwerktoegang"],
     ["is beschadigd (controlesom klopt niet); ze wordt opnieuw opgehaald"]),
    ("en", ["is not in the cache and --offline", "run the same command once with network access first"],
     ["is damaged (checksum mismatch); fetching it again"]),
])
def test_lines_follow_the_language(server, first_run, tmp_path, caplog, lang, error_words, warning_words):
    """geo.fetch's errors and warnings are in the run's language (Dutch unless --lang en)."""
    import logging

    from geo import fetch
    from geo.errors import OfflineError
    from geo.settings import Settings

    def settings(cache: Path, **changes) -> Settings:
        return Settings(cache_dir=cache, cbs_url=f"{server.url}/cbs", police_url=f"{server.url}/politie",
                        pdok_url=f"{server.url}/pdok", timeout=5, retries=0, **changes)

    spec = fetch.parse("politie:47018NED/GeregistreerdeMisdrijven_1", filters=["SoortMisdrijf=0.0.0"])
    with text.speaking(lang), pytest.raises(OfflineError) as caught:
        fetch.fetch_table(spec, period="2023", settings=settings(tmp_path / "empty", offline=True))
    for words in error_words:
        assert words in str(caught.value), str(caught.value)

    cache = tmp_path / "cache"
    cache.mkdir()
    for p in first_run["cache"].iterdir():
        (cache / p.name).write_bytes(p.read_bytes())
    record = next(r for r in map(lambda p: json.loads(p.read_text()), cache.glob("*.meta.json"))
                  if r["kind"] == "odata-data" and r["table"] == "47018NED")
    (cache / record["file"]).write_bytes(b"[]")
    with text.speaking(lang), caplog.at_level(logging.WARNING, logger="geo"):
        assert len(fetch.fetch_table(spec, period="2023", settings=settings(cache)).frame) == 342
    warnings = [r.getMessage() for r in caplog.records if r.name == "geo" and r.levelno == logging.WARNING]
    assert len(warnings) == 1, warnings
    for words in warning_words:
        assert words in warnings[0], warnings[0]
