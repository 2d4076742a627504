"""``vmgeo hotspots --incidents``: an export of incidents counted per square, hexagon or area, through the front door.

Every run here is small (20,000 synthetic incidents, the 500 m squares of Eindhoven, 99 permutations): the
counting itself is tested against geopandas in tests/test_grid.py; these tests check that the command line
gives the same counts, keeps the zeros, records what it did, hides small counts and leaks no coordinate.
"""

from __future__ import annotations

import json
import warnings

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest

from geo import readers
from geo.density import kernel_density
from geo.grid import Slots, cell_codes, cell_index, cells_in, grid_aggregation, polygon_aggregation
from geo.incidents import MICRO_HOT_SPOTS, read_incidents, synthetic_export
from geo.pipeline import default_min_count
from geo.reports import AggregationReport, RunReport
from geo.settings import DEFAULT_SEED, from_env
from tests.conftest import assert_clean_failure, error_line, run_cli, write_partitions
from tests.test_grid import _leaks, _pair

COLUMNS = dict(x="X-coördinaat", y="Y-coördinaat", date="Pleegdatum", type="Maatschappelijke klasse")
FLAGS = ["--x", "X-coordinaat", "--y", "Y-coordinaat", "--date", "Pleegdatum"]
FAST = ["--permutations", "99", "--layers", "value,gi"]


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    path = tmp_path_factory.mktemp("incidents") / "export.csv"
    # Six bad rows at the end: no coordinates, in Belgium, an impossible date (two of each).
    return synthetic_export(path, n=20_000, seed=DEFAULT_SEED, bad_rows=6)


@pytest.fixture(scope="module")
def incidents(export):
    return read_incidents(export, **COLUMNS)


@pytest.fixture(scope="module")
def gemeenten(testdata):
    return gpd.read_file(testdata / "boundaries" / "gemeente_2023_rd.geojson")


@pytest.fixture(scope="module")
def run500(export, gemeenten_rd, tmp_path_factory):
    out = tmp_path_factory.mktemp("run500") / "out"
    done = run_cli("hotspots", "--incidents", str(export), *FLAGS, "--grid", "500", "--boundaries", str(gemeenten_rd),
                   "--within", "GM0772", "--out", str(out), "--lang", "en", *FAST)
    assert done.returncode == 0, done.stderr
    return done, out


def _eindhoven(gemeenten):
    return gemeenten[gemeenten["statcode"] == "GM0772"]


# --- The front door: one source, and options that go together.


def test_data_or_incidents_one_clear_line(tmp_path, export, gemeenten_rd):
    neither = run_cli("hotspots", "--boundaries", str(gemeenten_rd), "--out", str(tmp_path / "a"), "--lang", "en")
    error_line(neither, "--data", "--incidents")
    both = run_cli("hotspots", "--data", "misdrijven", "--incidents", str(export), *FLAGS,
                   "--out", str(tmp_path / "b"), "--lang", "en")
    error_line(both, "not both")
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


@pytest.mark.parametrize(("extra", "words"), [
    (["--within", "GM0772"], ["--within", "--grid"]),
    (["--grid", "500", "--interval", "month", "--date", ""], ["--interval", "--date"]),
    (["--grid", "500", "--value", "aantal"], ["--value", "--incidents"]),
    (["--grid", "500", "--hex", "9"], ["--grid", "--hex"]),
    (["--grid", "500", "--within", "GM0773"], ["--within GM0773", "no area", "GM1773"]),
    (["--grid", "250"], ["--grid 250", "100, 500, 1000"]),
])
def test_options_that_cannot_go_together(tmp_path, export, gemeenten_rd, extra, words):
    flags = [f for f in FLAGS]
    if "--date" in extra:  # this case leaves the date column out
        flags = flags[:4]
        extra = extra[:-2]
    done = run_cli("hotspots", "--incidents", str(export), *flags, "--boundaries", str(gemeenten_rd), *extra,
                   "--out", str(tmp_path / "out"), "--lang", "en")
    error_line(done, *words)
    assert not (tmp_path / "out").exists()


# --- Squares: the counts of the API, zeros kept, what was read and left out recorded and printed.


def test_grid_run_counts_as_the_api_and_keeps_zeros(run500, incidents, gemeenten):
    done, out = run500
    agg = grid_aggregation(incidents, cell=500, study_area=_eindhoven(gemeenten))
    results = pd.read_csv(out / "results.csv", dtype={"code": str})
    assert results["code"].tolist() == agg.frame["code"].tolist()
    assert len(results) == len(cells_in(_eindhoven(gemeenten), cell=500)[0])
    expected = agg.frame["count"].to_numpy()
    shown = ~results["suppressed"].to_numpy(dtype=bool)
    assert np.array_equal(results["value"].to_numpy()[shown], expected[shown])
    assert (expected == 0).sum() > 50 and (results["value"] == 0).sum() == (expected == 0).sum()
    summary = json.loads((out / "summary.json").read_text())
    record = summary["aggregation"]
    assert {k: record[k] for k in ("target", "cell", "areas", "counted", "outside")} == {
        k: agg.report()[k] for k in ("target", "cell", "areas", "counted", "outside")}
    assert record["incidents"] == {**incidents.report(), "source": record["incidents"]["source"]}
    assert record["incidents"]["dropped"] == {"no_coordinates": 2, "outside_netherlands": 2, "bad_date": 2}
    assert record["study_area"]["within"] == "GM0772" and record["study_area"]["name"] == "Eindhoven"
    assert record["counted"] + record["outside"] == 20_000
    assert summary["inputs"]["grid"] == 500 and summary["n_areas"] == len(expected)
    lines = done.stdout
    assert "Incidents: 20,006 rows read, 20,000 used" in lines
    assert "Left out: no coordinates 2, outside the Netherlands 2, unreadable date 2" in lines
    counted = f"Counted in {len(expected)} 500 m squares: {agg.counted:,}; outside them: {agg.outside:,}"
    assert counted in lines


def test_small_counts_show_as_below_min_count_everywhere(run500):
    _, out = run500
    results = pd.read_csv(out / "results.csv", dtype={"code": str, "shown": str})
    small = results["suppressed"].to_numpy(dtype=bool)
    assert small.sum() > 10
    assert set(results.loc[small, "shown"]) == {"<5"} and results.loc[small, "value"].isna().all()
    assert (results.loc[~small, "value"].isin([0]) | (results.loc[~small, "value"] >= 5)).all()
    layer = gpd.read_file(out / "results.gpkg", layer="hotspots")
    assert layer["shown"].tolist() == results["shown"].tolist()
    summary = json.loads((out / "summary.json").read_text())
    assert summary["suppressed"] == {"min_count": 5, "areas": int(small.sum())}
    page = (out / "map.html").read_text(encoding="utf-8")
    assert '"minCount":5' in page
    flags = json.loads(page.split('"suppressed":', 1)[1].split("]", 1)[0] + "]")
    assert flags == small.tolist()  # the map's tooltips show "<5" for exactly these squares


def test_summary_names_the_rows_left_out(run500, incidents):
    """summary.json lists the row numbers of the rows left out, per reason, as the reader found them."""
    _, out = run500
    read = json.loads((out / "summary.json").read_text(encoding="utf-8"))["aggregation"]["incidents"]
    assert read["dropped"] == incidents.dropped_counts and sum(read["dropped"].values()) == 6
    assert read["dropped_rows"] == {k: [int(r) for r in v] for k, v in incidents.dropped.items() if len(v)}
    assert all(len(v) == 2 for v in read["dropped_rows"].values())


def test_scale_auto_takes_within_without_grid(export, gemeenten_rd, tmp_path):
    done = run_cli("hotspots", "--incidents", str(export), *FLAGS, "--scale", "auto", "--within", "GM9999",
                   "--boundaries", str(gemeenten_rd), "--out", str(tmp_path / "o"), "--lang", "en")
    error_line(done, "GM9999")


def test_default_min_count_by_square_size():
    def run(target, cell):
        return RunReport(aggregation=AggregationReport(incidents={}, aggregation={"target": target, "cell": cell}))

    frame = pd.DataFrame({"code": ["E1615N3830"]})
    assert [default_min_count(frame, run=run("grid", c)) for c in (100, 500, 1000)] == [5, 5, 0]
    assert default_min_count(pd.DataFrame({"code": ["GM0772"]})) == 0


def test_default_min_count_by_hexagon_size_hides_the_finest_too():
    """Hexagons of at most a 500 m square's area hide counts below 5, the finest resolutions (13-15) included."""
    h3 = pytest.importorskip("h3")

    def run(resolution):
        return RunReport(aggregation=AggregationReport(incidents={}, aggregation={"target": "hex",
                                                                                   "resolution": resolution}))

    frame = pd.DataFrame({"code": ["891f1d48177ffff"]})
    for resolution in range(16):
        small = h3.average_hexagon_area(resolution, unit="m^2") <= 500 ** 2
        assert default_min_count(frame, run=run(resolution)) == (5 if small else 0), resolution
    assert default_min_count(frame, run=run(None)) == 5  # unknown: the safe side


def test_density_layer_in_the_geopackage(run500, incidents, gemeenten):
    _, out = run500
    assert set(pyogrio.list_layers(out / "results.gpkg")[:, 0]) == {"hotspots", "density"}
    layer = gpd.read_file(out / "results.gpkg", layer="density")
    cells = grid_aggregation(incidents, cell=500, study_area=_eindhoven(gemeenten)).frame
    inside = np.isin(cell_codes(*cell_index(incidents.x, incidents.y, cell=500), cell=500), cells["code"])
    from dataclasses import replace

    own = replace(incidents, x=incidents.x[inside], y=incidents.y[inside], rows=incidents.rows[inside],
                  dates=incidents.dates[inside], types=None)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = kernel_density(own, cell=500, cells=cells, min_count=5).frame
    assert layer["code"].tolist() == expected["code"].tolist()
    assert layer["masked"].tolist() == expected["masked"].tolist() and layer["masked"].any()
    assert layer["density"].isna().tolist() == expected["masked"].tolist()
    np.testing.assert_allclose(layer["density"].dropna(), expected["density"].dropna())
    summary = json.loads((out / "summary.json").read_text())
    assert summary["aggregation"]["density"]["masked"] == int(expected["masked"].sum())


def test_the_map_draws_the_density_layer_masked_as_recorded(run500):
    """The density layer reaches map.html with the min-count the run recorded (the legend names it)."""
    _, out = run500
    page = (out / "map.html").read_text(encoding="utf-8")
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["aggregation"]["density"]["min_count"] == 5
    assert "Density (incidents per km" in page
    assert "fewer than 5 incidents contribute" in page


def test_no_incident_coordinate_reaches_any_output(run500, interval_run, export, incidents):
    """Every file written (CSV, GeoPackage bytes, map page, summary) is searched for every incident coordinate."""
    raw = pd.read_csv(export, sep=";", encoding="cp1252", dtype=str)
    texts = set()
    for column in ("X-coördinaat", "Y-coördinaat"):
        values = raw[column].dropna()
        texts |= set(values) | set(values.str.replace(",", ".", regex=False))
    pairs = {_pair(x, y, order) for x, y in zip(incidents.x, incidents.y) for order in "<>"}
    files = sorted(p for folder in (run500[1], interval_run[1]) for p in folder.iterdir() if p.is_file())
    names = {p.name for p in files}
    assert {"results.csv", "results.gpkg", "map.html", "summary.json", "series.csv", "emerging.csv"} <= names
    assert [p.name for p in files if _leaks(p.read_bytes(), texts, pairs)] == []
    # The search finds a coordinate where there is one.
    assert _leaks(export.read_bytes()[:2000], texts, pairs)


# --- Polygons, police units, PDOK and hexagons as the reader sees them.


def _figures(export, **options):
    opts = readers.Options(incidents=str(export), x="X-coordinaat", y="Y-coordinaat", date="Pleegdatum", **options)
    return readers.figures(opts, levels=[opts.level], settings=from_env())


def test_without_grid_the_areas_are_the_targets(export, incidents, gemeenten, gemeenten_rd):
    table = _figures(export, boundaries=[str(gemeenten_rd)])
    agg = polygon_aggregation(incidents, gemeenten, code_column="statcode")
    assert table.aggregation is not None and table.aggregation.target == "polygons"
    assert table.frame["code"].tolist() == agg.frame["code"].tolist()
    assert table.frame["count"].tolist() == agg.frame["count"].tolist()
    assert table.areas is not None and len(table.areas.frame) == len(gemeenten) == 342
    # The density layer is laid on squares over the polygons, few enough for the 342 gemeenten to stay vectors
    # with their tooltips on the map (500 m squares, 143,808 of them, turned the page into an image).
    from geo.settings import BIG_MAP_CELLS

    assert table.density is not None and table.aggregation.density["cell"] == 1000
    assert len(table.density) <= BIG_MAP_CELLS


def test_within_a_police_unit_of_a_mapping(export, gemeenten, gemeenten_rd, testdata):
    from geo import units

    mapping = testdata / "mapping" / "gemeente_2023_provincie_veiligheidsregio_politie-eenheid.csv"
    opts = readers.Options(incidents=str(export), x="X-coordinaat", y="Y-coordinaat", date="Pleegdatum",
                           boundaries=[str(gemeenten_rd)], level="eenheid", year=2023, grid=1000, within="RE09",
                           mapping=str(mapping), unit_column="politie_eenheid_code",
                           unit_name_column="politie_eenheid_naam")
    comp = units.from_mapping(readers.read_file_table(str(mapping), opts), member="gemeentecode",
                              unit="politie_eenheid_code", name="politie_eenheid_naam", level="eenheid")
    table = readers.figures(opts, levels=["gemeente"], settings=from_env(), composition=comp)
    members = pd.read_csv(mapping).query("politie_eenheid_code == 'RE09'")["gemeentecode"]
    oost_brabant = gemeenten[gemeenten["statcode"].isin(members)]
    assert table.aggregation is not None and table.aggregation.study_area["name"] == "Oost-Brabant"
    assert len(table.frame) == len(cells_in(oost_brabant.union_all(), cell=1000)[0])
    sx, sy = MICRO_HOT_SPOTS[0][1:3]  # Stratumseind lies in Oost-Brabant
    assert cell_codes(*cell_index([sx], [sy], cell=1000), cell=1000)[0] in set(table.frame["code"])


def test_within_a_name_or_a_police_unit_without_its_mapping_says_what_to_give(export, gemeenten_rd, tmp_path):
    """A trial: --within Eindhoven listed look-alike codes, --within RE09 did not say a unit needs its mapping."""
    base = ["hotspots", "--incidents", str(export), *FLAGS, "--grid", "1000", "--boundaries", str(gemeenten_rd),
            "--out", str(tmp_path / "out"), "--lang", "en"]
    error_line(run_cli(*base, "--within", "Eindhoven"), "give the area's code, not its name", "GM0772 (Eindhoven)")
    error_line(run_cli(*base, "--within", "eindhoven"), "GM0772 (Eindhoven)")
    error_line(run_cli(*base, "--within", "RE09"), "police unit", "--mapping FILE", "--year")
    error_line(run_cli(*base, "--within", "GM9999"), "no area with that code")


def test_study_area_from_pdok_level(export, testdata, tmp_path, monkeypatch):
    from tests.servers import Content, FakeServer

    server = FakeServer(Content(testdata)).start()
    try:
        for key, value in {"VMGEO_PDOK_URL": f"{server.url}/pdok", "VMGEO_CACHE_DIR": str(tmp_path / "cache"),
                           "VMGEO_OFFLINE": "", "VMGEO_TIMEOUT": "5", "VMGEO_RETRIES": "1"}.items():
            monkeypatch.setenv(key, value)
        table = _figures(export, level="gemeente", grid=1000, within="GM0772")
    finally:
        server.shutdown()
    assert table.aggregation is not None and table.aggregation.year == 2023  # the year of the latest incident
    assert table.aggregation.study_area["name"] == "Eindhoven" and len(table.frame) > 80
    assert any(p.level == "gemeente" for p in table.areas.provenance)


def test_hexagons_through_the_reader(export, incidents, gemeenten, gemeenten_rd):
    pytest.importorskip("h3")
    hexes = pytest.importorskip("geo.hexes", reason="geo.hexes (helper squares) is not in this branch yet")
    table = _figures(export, boundaries=[str(gemeenten_rd)], hex=8, within="GM0772")
    assert table.aggregation is not None and table.aggregation.target == "hex"
    assert table.aggregation.aggregation["resolution"] == 8
    direct = hexes.hex_aggregation(incidents, resolution=8, study_area=_eindhoven(gemeenten))
    assert int(table.frame["count"].sum()) == int(direct.frame["count"].sum()) > 0


# --- Time: a space-time cube, analysed as a series.


@pytest.fixture(scope="module")
def interval_run(export, gemeenten_rd, tmp_path_factory):
    out = tmp_path_factory.mktemp("interval") / "out"
    done = run_cli("hotspots", "--incidents", str(export), *FLAGS, "--grid", "500", "--boundaries", str(gemeenten_rd),
                   "--within", "GM0772", "--interval", "quarter", "--out", str(out), "--lang", "en", *FAST)
    assert done.returncode == 0, done.stderr
    return done, out


def test_an_export_of_one_month_by_month_is_one_line_that_names_the_month(export, gemeenten_rd, tmp_path):
    """A trial: ``--interval month`` over a file of May 2023 said "give --period 2022,2023", which cannot help."""
    raw = pd.read_csv(export, sep=";", encoding="cp1252", dtype=str, keep_default_na=False)
    may = raw[raw["Pleegdatum"].str.slice(2) == "-05-2023"]
    assert len(may) > 100
    path = tmp_path / "mei.csv"
    may.to_csv(path, sep=";", index=False, encoding="cp1252")
    out = tmp_path / "out"
    done = run_cli("hotspots", "--incidents", str(path), *FLAGS, "--grid", "500", "--boundaries", str(gemeenten_rd),
                   "--within", "GM0772", "--interval", "month", "--out", str(out), "--lang", "en", *FAST)
    line = assert_clean_failure(done, out, "mei.csv", "one period of --interval month", "(May 2023)")
    assert "--period 2022,2023" not in line


def test_a_month_without_incidents_in_the_area_is_named(export, gemeenten_rd, tmp_path):
    """A review: a month with no incident stopped the cube with "all 6400 areas have the same value (0)"."""
    raw = pd.read_csv(export, sep=";", encoding="cp1252", dtype=str, keep_default_na=False)
    path = tmp_path / "gat.csv"
    raw[raw["Pleegdatum"].str.slice(2) != "-06-2022"].to_csv(path, sep=";", index=False, encoding="cp1252")
    out = tmp_path / "out"
    done = run_cli("hotspots", "--incidents", str(path), *FLAGS, "--grid", "500", "--boundaries", str(gemeenten_rd),
                   "--within", "GM0772", "--interval", "month", "--out", str(out), "--lang", "en", *FAST)
    assert_clean_failure(done, out, "gat.csv", "1 of the 36 periods", "(June 2022)", "--interval")


@pytest.mark.browser
def test_a_cube_by_quarter_keeps_its_layer_list_off_the_hot_spots(interval_run, browser, tmp_path):
    """A trial: twelve quarters gave 18 layers whose open list covered the right third of a 1100 px map. With more
    than ten the control opens on hover; the period layers are still one hover away."""
    from tests.browser import open_page

    _, out = interval_run
    visit = open_page(browser, out / "map.html", width=1100, height=800)
    page = visit.page
    control = page.locator(".leaflet-control-layers")
    box = control.bounding_box()
    assert box is not None and box["width"] < 60 and box["height"] < 60, box
    control.hover()
    page.wait_for_timeout(300)
    assert page.get_by_label("2021 quarter 1", exact=True).is_visible() and control.bounding_box()["height"] > 200
    page.screenshot(path=str(tmp_path / "quarters.png"))
    assert not visit.errors, visit.errors
    page.close()


def test_interval_builds_a_space_time_cube(interval_run, incidents, gemeenten):
    done, out = interval_run
    summary = json.loads((out / "summary.json").read_text())
    keys = [f"{y}KW{q:02d}" for y in (2021, 2022, 2023) for q in (1, 2, 3, 4)]
    assert summary["series"]["periods"] == keys == summary["aggregation"]["periods"]
    assert summary["aggregation"]["interval"] == "quarter"
    # Each quarter's counts are those of the API on that quarter's incidents.
    from geo.incidents import in_period

    q = in_period(incidents.dates, ("2022KW03",))
    from dataclasses import replace

    part = replace(incidents, x=incidents.x[q], y=incidents.y[q], rows=incidents.rows[q], dates=incidents.dates[q],
                   types=None)
    expected = grid_aggregation(part, cell=500, study_area=_eindhoven(gemeenten)).frame.set_index("code")["count"]
    series = pd.read_csv(out / "series.csv", dtype={"code": str})
    rows = series[(series["period"] == "2022KW03") & ~series["suppressed"].astype(bool)].set_index("code")
    assert len(rows) > 10 and (rows["value"] == expected.reindex(rows.index)).all()
    # An English run writes its periods in English (a trial found "2021 kwartaal 1" in series.csv).
    assert set(series.loc[series["period"] == "2022KW03", "period_label"]) == {"2022 quarter 3"}
    emerging = pd.read_csv(out / "emerging.csv", dtype={"code": str})
    assert len(emerging) == summary["n_areas"] and emerging["category"].str.contains("hot").any()
    assert "Series of 12 periods" in done.stdout
    # The title names the cube's first and last step, not all twelve (they filled the map's title bar).
    assert summary["title"].endswith("2021 quarter 1 to 2023 quarter 4"), summary["title"]


# --- Beyond one machine.


def test_scheduler_gives_byte_identical_results(export, gemeenten_rd, tmp_path):
    distributed = pytest.importorskip("distributed", reason="dask[distributed] is not installed")
    args = ["hotspots", "--incidents", str(export), *FLAGS, "--grid", "1000", "--boundaries", str(gemeenten_rd),
            "--within", "GM0772", *FAST]
    local = run_cli(*args, "--out", str(tmp_path / "local"))
    assert local.returncode == 0, local.stderr
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                      dashboard_address=None) as cluster:
            remote = run_cli(*args, "--out", str(tmp_path / "cluster"), "--scheduler", cluster.scheduler_address)
            # The cluster did the work: the counting of the squares and the permutation chunks.
            ran = set(cluster.scheduler.task_prefixes)
    assert remote.returncode == 0, remote.stderr
    assert {"count_file", "run_batch"} <= ran, ran
    assert (tmp_path / "local" / "results.csv").read_bytes() == (tmp_path / "cluster" / "results.csv").read_bytes()
    # The same export as a folder of partitions, counted file by file in process: the same squares and counts.
    parts = write_partitions(export, tmp_path / "parts")
    opts = readers.Options(incidents=str(parts), x="X-coordinaat", y="Y-coordinaat", date="Pleegdatum",
                           boundaries=[str(gemeenten_rd)], grid=1000, within="GM0772")
    table = readers.figures(opts, levels=["gemeente"], settings=from_env())
    local_counts = pd.read_csv(tmp_path / "local" / "results.csv", dtype={"code": str})
    assert table.frame["code"].tolist() == local_counts["code"].tolist()
    assert table.frame["count"].tolist() == local_counts["value"].astype(int).tolist()
    assert table.aggregation is not None and table.aggregation.incidents["read"] == 20_006
    summary = json.loads((tmp_path / "cluster" / "summary.json").read_text())
    assert summary["aggregation"]["incidents"]["read"] == 20_006
    # The cluster counted 100 m squares beside the 1000 m ones: a density from counts, as the partitions give it.
    assert summary["aggregation"]["density"]["source"] == "counts" and summary["aggregation"]["density"]["cell"] == 1000
    assert table.aggregation.density == summary["aggregation"]["density"]


# --- The demo.


def test_demo_incidents_finds_stratumseind(tmp_path):
    out = tmp_path / "demo"
    done = run_cli("demo", "--incidents", "--grid", "500", "--out", str(out), "--lang", "en", *FAST)
    assert done.returncode == 0, done.stderr
    summary = json.loads((out / "summary.json").read_text())
    (spot,) = summary["planted"]["hot"]
    sx, sy = MICRO_HOT_SPOTS[0][1:3]
    assert spot == cell_codes(*cell_index([sx], [sy], cell=500), cell=500)[0]
    results = pd.read_csv(out / "results.csv", dtype={"code": str}).set_index("code")
    assert results.loc[spot, "gi_category"].startswith("hot_"), results.loc[spot].to_dict()
    assert (results["gi_category"] == "not_significant").mean() > 0.5  # not everything is hot
    assert summary["synthetic"] is True and summary["aggregation"]["cell"] == 500
    assert {"demo_incidenten.csv", "demo_studiegebied.gpkg"} <= {p.name for p in out.iterdir()}
    # The record names the files where they are, not the temporary folder they were read from (gone now).
    text = (out / "summary.json").read_text()
    assert "vmgeo-demo-" not in text
    assert summary["aggregation"]["incidents"]["source"] == str(out / "demo_incidenten.csv")
    assert summary["aggregation"]["study_area"]["source"] == str(out / "demo_studiegebied.gpkg")


def test_change_between_two_years_of_incidents(export, gemeenten_rd, tmp_path):
    """``vmgeo change --incidents``: two years as a series of two; small counts hidden with what gives them away."""
    out = tmp_path / "change"
    done = run_cli("change", "--incidents", str(export), *FLAGS, "--grid", "1000", "--boundaries", str(gemeenten_rd),
                   "--within", "GM0772", "--from", "2022", "--to", "2023", "--min-count", "5", "--out", str(out),
                   "--lang", "en", *FAST)
    assert done.returncode == 0, done.stderr
    summary = json.loads((out / "summary.json").read_text())
    assert summary["series"]["periods"] == ["2022JJ00", "2023JJ00"] == summary["aggregation"]["periods"]
    change = pd.read_csv(out / "change.csv", dtype={"code": str})
    hidden = change["suppressed"].astype(bool)
    assert hidden.any() and (~hidden).any()
    assert change.loc[hidden, ["before", "after", "rate_ratio", "rr_lower", "rr_upper", "p"]].isna().all().all()
    assert (change.loc[~hidden, ["before", "after"]] >= 5).all().all()


def test_hex_option_calls_the_agreed_interface(export, gemeenten, gemeenten_rd, monkeypatch):
    """``--hex RES`` hands the incidents and the study area to ``geo.hexes.hex_aggregation`` (contracts.md).

    A stand-in module records the call until the real one is merged; its hexagons are 500 m squares.
    """
    import sys
    import types

    from geo.grid import Aggregation

    calls = []

    def hex_aggregation(source, *, resolution, study_area=None, slots=None):
        calls.append((len(source), resolution, len(study_area), slots))
        agg = grid_aggregation(source, cell=500, study_area=study_area, slots=slots)
        return Aggregation(frame=agg.frame, target="hex", cell=None, counted=agg.counted, outside=agg.outside,
                           read=agg.read, dropped=agg.dropped, filtered=agg.filtered, cube=agg.cube,
                           periods=agg.periods)

    monkeypatch.setitem(sys.modules, "geo.hexes", types.SimpleNamespace(hex_aggregation=hex_aggregation,
                                                                        h3_module=lambda: None))
    table = _figures(export, boundaries=[str(gemeenten_rd)], hex=9, within="GM0772", interval="year")
    assert table.aggregation is not None and table.aggregation.target == "hex"
    assert table.aggregation.aggregation["resolution"] == 9 and table.aggregation.cell is None
    # Once, for the whole export and every year of the cube (counted as the points are placed); the study area
    # of --within.
    assert calls == [(20_000, 9, 1, Slots.interval("year"))]
    assert table.periods == ("2021JJ00", "2022JJ00", "2023JJ00")
    per_year = table.frame.groupby("period")["count"].sum()
    assert per_year.sum() == table.aggregation.aggregation["counted"]
    assert default_min_count(table.frame, run=RunReport(aggregation=table.aggregation)) == 5
    coarse = AggregationReport(incidents={}, aggregation={"target": "hex", "resolution": 7})
    assert default_min_count(table.frame, run=RunReport(aggregation=coarse)) == 0


def test_longitude_latitude_with_crs_and_a_type_filter(testdata, gemeenten_rd):
    """``--crs EPSG:4326`` reads lon/lat; ``--types`` filters (counted); a point in Paris is left out by name."""
    opts = readers.Options(incidents=str(testdata / "incidents" / "lonlat.csv"), x="lon", y="lat", date="datum",
                           type="soort", types="geweldsmisdrijven,Zakkenrollerij", crs="EPSG:4326",
                           boundaries=[str(gemeenten_rd)])
    table = readers.figures(opts, levels=["gemeente"], settings=from_env())
    counts = table.frame.set_index("code")["count"]
    # Violence in Eindhoven and Amsterdam, pickpocketing in Groningen; the bicycle theft is filtered out.
    assert counts["GM0772"] == 1 and counts["GM0014"] == 1 and counts["GM0363"] == 1 and counts.sum() == 3
    report = table.aggregation.incidents
    assert report["dropped"]["outside_netherlands"] == 1 and report["filtered"]["type"] == 1
    assert "(geweldsmisdrijven, Zakkenrollerij)" in str(table.title)


# --- Wired together: --scale auto and inhabitants per square.


def _square_area(tmp_path, x0, y0, x1, y1):
    """A study area of one rectangle (RD New), written as a boundary file."""
    from shapely.geometry import box

    path = tmp_path / "gebied.geojson"
    gpd.GeoDataFrame({"statcode": ["GB0001"], "statnaam": ["Centrum"]}, geometry=[box(x0, y0, x1, y1)],
                     crs="EPSG:28992").to_file(path, driver="GeoJSON")
    return path


def test_scale_auto_chooses_prints_records_and_is_used(export, tmp_path):
    from geo import scale

    area = _square_area(tmp_path, 158_000, 380_000, 166_000, 388_000)
    out = tmp_path / "out"
    done = run_cli("hotspots", "--incidents", str(export), *FLAGS, "--scale", "auto", "--boundaries", str(area),
                   "--out", str(out), "--permutations", "99", "--layers", "value,gi")
    assert done.returncode == 0, done.stderr
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    chosen = summary["aggregation"]["scale"]
    # The same choices as the API makes on the same incidents and study area.
    incidents = read_incidents(export, **COLUMNS)
    study = gpd.read_file(area)
    choice = scale.auto(incidents, study_area=study)
    assert chosen["choice"]["cell"] == choice.cell == summary["aggregation"]["cell"]
    assert chosen["choice"]["outliers"] == choice.outliers
    agg = grid_aggregation(choice.kept(incidents), cell=choice.cell, study_area=study)
    band = scale.distance_band(agg.frame, column="count")
    assert chosen["weights"] == band.weights
    # ... and the statistics ran with them: the band's weights, FDR, Gi* by the normal approximation.
    assert (summary["weights"], summary["correction"], summary["gi_inference"]) == (band.weights, "fdr", "normal")
    # Every choice is printed, in Dutch by default.
    for line in chosen["lines"]["nl"]:
        assert line in done.stdout
    assert any(line.startswith("Celgrootte") for line in chosen["lines"]["nl"])
    # Stratumseind's square is a hot spot.
    results = pd.read_csv(out / "results.csv", dtype={"code": str})
    ix, iy = cell_index(np.array([161_578.0]), np.array([383_238.0]), cell=choice.cell)
    code = cell_codes(ix, iy, cell=choice.cell)[0]
    assert results.set_index("code").loc[code, "gi_category"].startswith("hot")


def test_scale_auto_with_hexagons_chooses_the_resolution_prints_and_records_it(export, tmp_path):
    """OHSA also counts in hexagons: --scale auto --hex chooses the H3 resolution as it chooses a square size."""
    pytest.importorskip("h3", reason="h3 is not installed")
    from geo import scale

    area = _square_area(tmp_path, 158_000, 380_000, 166_000, 388_000)
    out = tmp_path / "out"
    done = run_cli("hotspots", "--incidents", str(export), *FLAGS, "--scale", "auto", "--hex", "--boundaries",
                   str(area), "--out", str(out), *FAST, "--lang", "en")
    assert done.returncode == 0, done.stderr
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    chosen = summary["aggregation"]["scale"]
    choice = scale.auto(read_incidents(export, **COLUMNS), hexagons=True, study_area=gpd.read_file(area))
    assert chosen["choice"]["resolution"] == choice.resolution == summary["aggregation"]["resolution"] == 10
    assert summary["aggregation"]["target"] == "hex" and chosen["choice"]["outliers"] == choice.outliers > 0
    assert summary["weights"] == chosen["weights"] and summary["correction"] == "fdr"
    assert any(line.startswith("Hexagons: H3 resolution 10") and line in done.stdout
               for line in chosen["lines"]["en"])
    # Given, the resolution is kept and only the band is chosen.
    kept = run_cli("hotspots", "--incidents", str(export), *FLAGS, "--scale", "auto", "--hex", "9", "--boundaries",
                   str(area), "--out", str(tmp_path / "nine"), *FAST, "--lang", "en")
    assert kept.returncode == 0, kept.stderr
    nine = json.loads((tmp_path / "nine" / "summary.json").read_text(encoding="utf-8"))["aggregation"]
    assert nine["resolution"] == 9 and "H3 resolution 9 (given with --hex)" in kept.stdout


@pytest.mark.parametrize(("args", "words"), [
    (["--hex"], ("--hex", "--scale auto")),
    (["--hex", "auto"], ("--hex", "--scale auto")),
    (["--hex", "zes"], ("--hex", "'zes'")),
    (["--scale", "auto", "--hex", "16"], ("16",)),
])
def test_hexagons_without_a_resolution_need_scale_auto(export, tmp_path, args, words):
    done = run_cli("hotspots", "--incidents", str(export), *FLAGS, *args, "--boundaries", "x.geojson",
                   "--out", str(tmp_path / "o"), "--lang", "en")
    error_line(done, *words)
    assert not (tmp_path / "o").exists()


def test_inhabitants_per_square_make_rates_and_secret_squares_are_named(export, testdata, tmp_path):
    area = _square_area(tmp_path, 160_500, 382_500, 163_500, 385_500)  # the extract's block around Stratumseind
    source = testdata / "squares" / "cbs_vk100_2023_extract.csv"
    out = tmp_path / "out"
    done = run_cli("hotspots", "--incidents", str(export), *FLAGS, "--grid", "100", "--boundaries", str(area),
                   "--population", str(source), "--out", str(out), "--lang", "en", *FAST)
    assert done.returncode == 0, done.stderr
    inhabitants = pd.read_csv(source).set_index("crs28992res100m")["aantal_inwoners"]
    results = pd.read_csv(out / "results.csv", dtype={"code": str}).set_index("code")
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    known = inhabitants[inhabitants > 0]
    analysed = results.index[results["analysed"]]
    # The rate is per 1,000 inhabitants of the square, as the extract gives them (where the count is shown:
    # below --min-count the rate is hidden too, as it would give the count away).
    shown = results.loc[analysed]
    assert shown.loc[shown["shown"] == "<5", "rate"].isna().all()
    some = shown.index[shown["shown"] != "<5"]
    assert len(some) > 400 and (shown.loc[some, "value"] >= 5).any()
    assert np.allclose(results.loc[some, "rate"], results.loc[some, "value"] / known.loc[some] * 1000)
    # Rates only where CBS gives the inhabitants; secret squares (-99997) never count as 0 inhabitants.
    assert set(analysed) <= set(known.index)
    secret = inhabitants[inhabitants < 0].index
    assert len(secret) and not set(secret) & set(analysed)
    note = next(n for n in summary["notes"] if n.startswith("inhabitants per square (2023)"))
    assert f"{len(secret)} kept secret by CBS" in note


def test_square_rates_name_their_source_and_no_level_threshold(export, testdata, tmp_path):
    """Every line about inhabitants names the vierkantstatistieken, not the export; squares get no level threshold."""
    area = _square_area(tmp_path, 160_500, 382_500, 163_500, 385_500)
    source = testdata / "squares" / "cbs_vk100_2023_extract.csv"
    out = tmp_path / "out"
    done = run_cli("hotspots", "--incidents", str(export), *FLAGS, "--grid", "100", "--boundaries", str(area),
                   "--population", str(source), "--out", str(out), *FAST)
    assert done.returncode == 0, done.stderr
    about = [line for line in done.stderr.splitlines() if "inwoners" in line]
    assert about and all(str(source) in line for line in about) and not any(str(export) in line for line in about)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["small_population"] == [] and summary["small_population_threshold"] is None
    assert not any("2,000" in n or str(export) in n for n in summary["notes"])
    assert any(n.startswith("raw rates per CBS square rest on few inhabitants") for n in summary["notes"])
    assert "Kleine bevolking" not in done.stdout


def test_population_word_with_hexagons_is_one_line(export, gemeenten_rd, tmp_path):
    done = run_cli("hotspots", "--incidents", str(export), *FLAGS, "--hex", "8", "--boundaries", str(gemeenten_rd),
                   "--within", "GM0772", "--population", "inwoners", "--out", str(tmp_path / "o"), "--lang", "en")
    error_line(done, "--population", "--hex")


def test_with_inhabitants_the_grid_is_the_squares_with_inhabitants_or_incidents(export, testdata, tmp_path,
                                                                                 monkeypatch):
    """The national grid as the issue means it: squares with neither inhabitants nor incidents are left out, said
    and counted; the rates and statistics of the others do not change (those squares had no rate)."""
    from geo import squares

    area = _square_area(tmp_path, 160_500, 382_500, 163_500, 385_500)
    source = testdata / "squares" / "cbs_vk100_2023_extract.csv"
    lookups = []
    real = squares.square_population
    monkeypatch.setattr(squares, "square_population", lambda *a, **k: lookups.append(a) or real(*a, **k))
    runs = {}
    for name, extra in (("counts", []), ("rates", ["--population", str(source)])):
        out = tmp_path / name
        done = run_cli("hotspots", "--incidents", str(export), *FLAGS, "--grid", "100", "--boundaries", str(area),
                       *extra, "--out", str(out), "--lang", "en", *FAST)
        assert done.returncode == 0, done.stderr
        runs[name] = (done, pd.read_csv(out / "results.csv", dtype={"code": str}).set_index("code"),
                      json.loads((out / "summary.json").read_text(encoding="utf-8")))
    inhabitants = pd.read_csv(source).set_index("crs28992res100m")["aantal_inwoners"]
    every, rated = runs["counts"][1], runs["rates"][1]
    some = (every["value"] > 0) | (every["shown"] == "<5")  # 1-4 incidents are written as "<5", not as numbers
    wanted = every.index[some | every.index.isin(inhabitants.index[inhabitants != 0])]
    assert 0 < len(wanted) < len(every), (len(wanted), len(every))
    assert sorted(rated.index) == sorted(wanted), (sorted(set(rated.index) ^ set(wanted))[:5], len(rated), len(wanted))
    left_out = len(every) - len(wanted)
    assert runs["rates"][2]["aggregation"]["empty_left_out"] == left_out
    # Looked up once: a second lookup of the kept squares would ask PDOK for another box (a miss offline).
    assert len(lookups) == 1
    assert "empty_left_out" not in runs["counts"][2]["aggregation"]
    assert f"Left out: {left_out:,} squares without inhabitants and without incidents" in runs["rates"][0].stdout
    # Every square with a rate before still has it: the squares left out had no inhabitants to rate.
    assert rated["analysed"].sum() == (inhabitants.reindex(every.index) > 0).sum()
    # The map credits CBS for the inhabitants and names the export (a trial's map named only the study area).
    page = (tmp_path / "rates" / "map.html").read_text(encoding="utf-8")
    assert f"Inhabitants per square: CBS vierkantstatistieken ({source.name}), CC BY 4.0." in page
    assert f"Figures and boundaries: {export.name}, {area.name} (own files)." in page
    assert "CBS vierkantstatistieken" not in (tmp_path / "counts" / "map.html").read_text(encoding="utf-8")


def test_hidden_counts_cannot_be_worked_back_from_the_statistics(export, tmp_path):
    """A "<5" square's Gi* z, with its neighbours' shown counts and the total, gave its count back exactly (a trial
    recovered 135 of 355). Gi* z, LISA's I and the exact p are blanked at every hidden square and its neighbours;
    the categories stay, and LISA's p is written as its class bound."""
    area = _square_area(tmp_path, 160_500, 382_500, 163_500, 385_500)
    out = tmp_path / "out"
    done = run_cli("hotspots", "--incidents", str(export), *FLAGS, "--grid", "100", "--boundaries", str(area),
                   "--out", str(out), "--lang", "en", "--permutations", "99", "--layers", "value,gi,lisa,significance")
    assert done.returncode == 0, done.stderr
    results = pd.read_csv(out / "results.csv", dtype={"code": str, "shown": str}).set_index("code")
    hidden = results.index[results["shown"] == "<5"]
    assert len(hidden) > 20
    e = results.index.str[1:5].astype(int)
    n = results.index.str[6:10].astype(int)
    at = {(a, b): code for a, b, code in zip(e, n, results.index, strict=True)}

    def neighbours(code):
        a, b = int(code[1:5]), int(code[6:10])
        return [at[(a + i, b + j)] for i in (-1, 0, 1) for j in (-1, 0, 1) if (i or j) and (a + i, b + j) in at]

    near = set(hidden) | {m for h in hidden for m in neighbours(h)}
    for column in ("gi_z", "gi_p", "gi_p_sim", "lisa_I"):
        assert results.loc[sorted(near), column].isna().all(), column
    # Elsewhere the statistics stay: whole neighbourhoods of shown counts give nothing hidden away.
    far = results.index.difference(sorted(near))
    assert len(far) > 20 and results.loc[far, "gi_z"].notna().all()
    assert set(results.loc[sorted(near), "lisa_p"].dropna().unique()) <= {0.001, 0.01, 0.05}
    assert results.loc[hidden, "gi_category"].notna().all() and results.loc[hidden, "lisa_cluster"].notna().all()
    # The trial's attack: a hidden square alone among shown neighbours, from its own z. No z is left to use.
    usable = [h for h in hidden if pd.notna(results.loc[h, "gi_z"])]
    assert usable == []


def test_a_handful_of_incidents_is_said_to_be_too_few_for_hot_spots(export, tmp_path):
    """A trial: 10 pickpocketings in 3,660 squares gave 90 "hot spots", each incident with its neighbours."""
    rows = pd.read_csv(export, sep=None, engine="python", encoding="cp1252", dtype=str).head(400)
    few_file = tmp_path / "weinig.csv"
    rows.to_csv(few_file, sep=";", index=False, encoding="cp1252")
    area = _square_area(tmp_path, 160_500, 382_500, 163_500, 385_500)
    done = run_cli("hotspots", "--incidents", str(few_file), *FLAGS, "--grid", "100", "--boundaries", str(area),
                   "--out", str(tmp_path / "out"), "--lang", "en", *FAST)
    assert done.returncode == 0, done.stderr
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    counted = summary["aggregation"]["counted"]
    assert 0 < counted < 60
    assert f"only {counted} incidents counted in" in done.stderr and "at least 60" in done.stderr
    many = run_cli("hotspots", "--incidents", str(export), *FLAGS, "--grid", "100", "--boundaries", str(area),
                   "--out", str(tmp_path / "many"), "--lang", "en", *FAST)
    assert many.returncode == 0 and "incidents counted in" not in many.stderr


# --- A CRS per input: --crs for the incidents' --x/--y, --boundary-crs for a boundary file without one.


def test_lonlat_incidents_and_a_boundary_file_without_a_crs_in_one_run(export, tmp_path):
    """--crs is the CRS of --x/--y with --incidents, so a shapefile without .prj could not be given its own:
    --boundary-crs gives it. The counts are those of the RD New export in an RD New study area."""
    from pyproj import Transformer
    from shapely.geometry import box

    raw = pd.read_csv(export, sep=";", encoding="cp1252", dtype=str, keep_default_na=False)
    x = pd.to_numeric(raw["X-coördinaat"].str.replace(",", "."), errors="coerce")
    y = pd.to_numeric(raw["Y-coördinaat"].str.replace(",", "."), errors="coerce")
    lon, lat = Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True).transform(x.to_numpy(), y.to_numpy())
    raw["X-coördinaat"], raw["Y-coördinaat"] = lon, lat
    lonlat = tmp_path / "lonlat.csv"
    raw.to_csv(lonlat, sep=";", index=False, encoding="cp1252")
    bare = tmp_path / "gebied.shp"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "'crs' was not provided": that is the point
        gpd.GeoDataFrame({"statcode": ["GB0001"]}, geometry=[box(158_000, 380_000, 166_000, 388_000)]).to_file(bare)
    assert not bare.with_suffix(".prj").exists()
    common = ["hotspots", "--incidents", str(lonlat), *FLAGS, "--crs", "EPSG:4326", "--grid", "500",
              "--boundaries", str(bare), *FAST, "--lang", "en"]
    # Without --boundary-crs: one line, naming the option that helps (not --crs, which is the incidents').
    refused = run_cli(*common, "--out", str(tmp_path / "no"))
    line = error_line(refused, "gebied.shp", "--boundary-crs")
    assert "--crs " not in line.replace("--boundary-crs", "")
    done = run_cli(*common, "--boundary-crs", "EPSG:28992", "--out", str(tmp_path / "yes"))
    assert done.returncode == 0, done.stderr
    results = pd.read_csv(tmp_path / "yes" / "results.csv", dtype={"code": str})
    rd = run_cli("hotspots", "--incidents", str(export), *FLAGS, "--grid", "500", "--boundaries",
                 str(_square_area(tmp_path, 158_000, 380_000, 166_000, 388_000)), *FAST, "--lang", "en",
                 "--out", str(tmp_path / "rd"))
    assert rd.returncode == 0, rd.stderr
    expected = pd.read_csv(tmp_path / "rd" / "results.csv", dtype={"code": str})
    assert len(results) == 256 and results["value"].sum() > 500
    assert results[["code", "value"]].equals(expected[["code", "value"]])


@pytest.mark.parametrize(("args", "words"), [
    # PDOK's boundaries carry their own CRS: a --boundary-crs for them would be ignored without a word.
    (["--incidents", "e.csv", "--x", "x", "--y", "y", "--level", "gemeente", "--year", "2023", "--grid", "500",
      "--boundary-crs", "EPSG:28992"], ("--boundary-crs", "--boundaries FILE")),
    # Without --incidents --crs is the boundary file's CRS too: two different ones cannot both be it.
    (["--data", "d.csv", "--code-column", "c", "--value", "v", "--boundaries", "b.shp", "--crs", "EPSG:4326",
      "--boundary-crs", "EPSG:28992"], ("--crs EPSG:4326", "--boundary-crs EPSG:28992")),
])
def test_crs_options_that_do_not_go_together_are_one_line(tmp_path, args, words):
    done = run_cli("hotspots", *args, "--out", str(tmp_path / "o"), "--lang", "en")
    error_line(done, *words)
    assert not (tmp_path / "o").exists()


def test_boundary_crs_without_incidents_is_the_crs_of_the_boundary_file():
    opts = readers.check_crs(readers.Options(data="d.csv", boundaries=["b.shp"], boundary_crs="EPSG:28992"))
    assert opts.crs == "EPSG:28992"
    same = readers.check_crs(readers.Options(data="d.csv", boundaries=["b.shp"], crs="epsg:28992",
                                             boundary_crs="EPSG:28992"))
    assert same.crs == "EPSG:28992"
    # With --incidents --crs stays the CRS of --x and --y.
    lonlat = readers.check_crs(readers.Options(incidents="e.csv", boundaries=["b.shp"], crs="EPSG:4326",
                                               boundary_crs="EPSG:28992"))
    assert (lonlat.crs, lonlat.boundary_crs) == ("EPSG:4326", "EPSG:28992")
