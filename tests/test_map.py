"""Map pages: self-contained, the fixed colours, escaped text; rendered in a real browser, offline."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections import Counter

import numpy as np
import pytest

import geo
from geo import categories as cat
from geo import maps
from geo.errors import OptionError
from tests.browser import open_page
from tests.conftest import assert_clean_failure, error_line, run_cli

XSS = "<script>alert(1)</script> & 'Oost'"


def rgb_counts(image) -> Counter:
    """How many pixels of ``image`` have each (r, g, b) colour."""
    pixels = np.asarray(image.convert("RGB")).reshape(-1, 3)
    return Counter(map(tuple, pixels.tolist()))


def payload(page: str) -> dict:
    return json.loads(re.search(r'<script type="application/json" id="vmgeo-data">(.*?)</script>', page, re.S)
                      .group(1))


def colour(data: dict, layer: str, i: int) -> str:
    """The fill of area ``i`` on ``layer``, as the page's script computes it."""
    style = data["styles"][layer]
    return style["colours"][style["idx"][i]]


@pytest.fixture(scope="module")
def analysed(small_region):
    b, t = small_region.boundaries, small_region.table.astype(str)
    b = b.assign(buurtnaam=b["buurtnaam"].where(b.index != 0, XSS))
    boundaries = b.rename(columns={"buurtcode": "code", "buurtnaam": "name"})
    joined = geo.join(boundaries, t, code_column="buurtcode")
    return geo.analyse(geo.prepare(joined, value="misdrijven", population="inwoners"), permutations=99, seed=1)


@pytest.fixture(scope="module")
def page_file(analysed, tmp_path_factory):
    path = tmp_path_factory.mktemp("map") / "map.html"
    maps.save(maps.hotspot_map(analysed.frame, column="rate", title="Test <b>kaart</b>", permutations=99), path)
    return path


def test_page_is_self_contained(page_file, analysed):
    page = page_file.read_text(encoding="utf-8")
    assert not re.search(r'<script[^>]+src=|<link[^>]+href=', page), "the page loads external files"
    # Leaflet itself is inlined: its own source says so (folium writes "L.map(" into every page itself).
    assert "Leaflet 1.9.4" in page and "https://cdn.jsdelivr.net" not in page
    data = payload(page)
    assert len(data["geom"]) == len(analysed.frame) == 60
    frame = analysed.frame.reset_index(drop=True)
    for i, code in enumerate(data["codes"]):
        row = frame[frame["code"] == code].iloc[0]
        assert colour(data, "lisa", i) == cat.LISA_COLOURS[row["lisa_cluster"]]
        assert colour(data, "gi", i) == cat.GI_COLOURS[int(row["gi_bin"])]
    assert [c for c, _ in data["legends"]["lisa"]["items"]] == [cat.LISA_COLOURS[c] for c in cat.LISA_CATEGORIES]
    assert "Test &lt;b&gt;kaart&lt;/b&gt;" in page and XSS not in page


@pytest.mark.browser
def test_renders_offline_with_colours_legend_and_controls(browser, page_file, analysed, tmp_path):
    visit = open_page(browser, page_file)
    assert visit.blocked == [], f"the page asked for {visit.blocked}"
    assert visit.errors == []
    page = visit.page
    assert page.locator(".leaflet-control-layers input[type=radio]").count() == 4
    assert "Hoog-Hoog (hot spot)" in page.locator("#vmgeo-legend").inner_text()
    assert page.locator(".leaflet-control-zoom").count() == 1
    # Every polygon is drawn in its category's colour: count the SVG paths by fill.
    fills = Counter(page.eval_on_selector_all(".leaflet-overlay-pane path",
                                              "els => els.map(e => e.getAttribute('fill'))"))
    counts = analysed.summary["lisa"]
    assert fills[cat.LISA_COLOURS["HH"]] == counts["HH"] > 0
    assert fills[cat.LISA_COLOURS["LL"]] == counts["LL"] > 0
    # And the screenshot holds those colours (not just the DOM).
    shot = tmp_path / "lisa.png"
    page.screenshot(path=str(shot))
    from PIL import Image

    pixels = rgb_counts(Image.open(shot))
    assert pixels[(0xd7, 0x19, 0x1c)] > 50 and pixels[(0x2c, 0x7b, 0xb6)] > 50

    page.get_by_label("Gi* hot spots").check()
    page.wait_for_function("document.getElementById('vmgeo-legend').getAttribute('data-layer') === 'gi'")
    fills = Counter(page.eval_on_selector_all(".leaflet-overlay-pane path",
                                              "els => els.map(e => e.getAttribute('fill'))"))
    gi = analysed.summary["gi_star"]
    assert fills[cat.GI_COLOURS[3]] == gi["hot_99"] and fills[cat.GI_COLOURS[-3]] == gi["cold_99"]
    page.close()


@pytest.mark.browser
def test_escaped_name_shows_as_text_and_runs_nothing(browser, page_file):
    visit = open_page(browser, page_file)
    page = visit.page
    # Hover the polygon with the hostile name: its tooltip shows the name as text.
    point = page.evaluate(f"""() => {{
        const v = window.vmgeo; const i = v.data.names.indexOf({json.dumps(XSS)});
        let layer; v.areas.eachLayer(l => {{ if (l.feature.properties.i === i) layer = l; }});
        const c = v.map.latLngToContainerPoint(layer.getCenter()); return [c.x, c.y];
    }}""")
    page.mouse.move(point[0], point[1])
    page.wait_for_selector(".leaflet-tooltip", timeout=10_000)
    tooltip = page.locator(".leaflet-tooltip").inner_text()
    assert "<script>alert(1)</script> & 'Oost'" in tooltip
    assert visit.dialogs == [] and page.locator(".leaflet-tooltip script").count() == 0
    page.close()


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    """One demo run with a focus, an embed snippet and static maps, shared by the tests of its outputs."""
    out = tmp_path_factory.mktemp("demo") / "run"
    run = run_cli("demo", "--out", str(out), "--permutations", "99", "--focus", "BU99010301", "--embed",
                  "--png", "--svg")
    assert run.returncode == 0, run.stderr
    return out, run


def test_embed_snippet_print_styles_and_static_maps(demo_run):
    out, run = demo_run
    assert '<iframe src="map.html"' in run.stdout and 'style="border:0"' in run.stdout
    html_text = (out / "map.html").read_text(encoding="utf-8")
    assert "@media print" in html_text and "SYNTHETISCHE DEMODATA" in html_text
    from PIL import Image

    png = Image.open(out / "map.png").convert("RGB")
    colours = rgb_counts(png)
    assert colours[(0xd7, 0x19, 0x1c)] > 500  # HH in the static map too
    root = ET.parse(out / "map.svg").getroot()
    assert root.tag.endswith("svg") and "#d7191c" in (out / "map.svg").read_text()


@pytest.mark.browser
def test_focus_and_embed(browser, demo_run):
    out, _ = demo_run
    visit = open_page(browser, out / "map.html", width=600, height=400)
    assert visit.blocked == [] and visit.errors == []
    page = visit.page
    assert page.evaluate("document.body.classList.contains('vmgeo-embed')")
    focus_bounds = page.evaluate(
        "(() => { const b = window.vmgeo.map.getBounds(); return [b.getWest(), b.getEast()]; })()")
    full = page.evaluate("(() => { const b = window.vmgeo.areas.getBounds(); return [b.getWest(), b.getEast()]; })()")
    assert focus_bounds[1] - focus_bounds[0] < 0.6 * (full[1] - full[0])
    page.close()


def test_significance_classes_never_finer_than_permutations_allow(analysed):
    classes, index = maps.significance_classes([0.001, 0.02, 0.5, np.nan], permutations=99)
    assert [level for level, _ in classes] == [0.05]  # 2/(99+1) = 0.02: 0.01 and finer are impossible
    assert index.tolist() == [0, 0, 1, -1]
    classes, _ = maps.significance_classes([0.5], permutations=99_999)
    assert [level for level, _ in classes] == [0.0001, 0.001, 0.01, 0.05]


def test_classification_schemes_and_bins():
    values = np.array([1, 2, 3, 4, 5, 6, 7, 8, 9, 100.0, np.nan])
    for scheme in maps.SCHEMES:
        bins, index = maps.classify(values, scheme=scheme, k=4)
        assert index[-1] == -1 and index[:-1].min() >= 0 and bins == sorted(bins)
    bins, index = maps.classify(values, bins=[5, 50, 200])
    assert bins == [5, 50, 200] and index[:-1].tolist() == [0] * 5 + [1] * 4 + [2]


@pytest.mark.parametrize("call, words", [
    (dict(scheme="kwantielen"), ["onbekende indeling", "quantiles"]),
    (dict(k=20), ["meer dan de 11 verschillende"]),
    (dict(bins=[5, 50]), ["dekken de waarden niet", "100"]),
])
def test_bad_classification(call, words):
    values = np.array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 100.0])
    with pytest.raises(OptionError) as err:
        maps.classify(values, scheme=call.get("scheme", "quantiles"), k=call.get("k"), bins=call.get("bins"))
    for word in words:
        assert word in str(err.value)


@pytest.mark.parametrize("args, words", [
    (("--scheme", "kwantielen"), ["--scheme", "kwantielen"]),
    (("--classes", "99"), ["--classes"]),
    (("--bins", "1,2"), ["dekken de waarden niet"]),
    (("--focus", "BU00000000"), ["--focus", "BU00000000"]),
    (("--layers", "lisa,heatmap"), ["heatmap"]),
])
def test_bad_map_options_through_the_cli(tmp_path, args, words):
    out = tmp_path / "out"
    run = run_cli("demo", "--out", str(out), "--permutations", "9", *args)
    assert_clean_failure(run, out, *words)


def test_layer_the_analysis_did_not_produce(analysed):
    frame = analysed.frame.drop(columns=["gi_bin", "gi_category"])
    with pytest.raises(OptionError, match=r"de laag of lagen gi niet gemaakt"):
        maps.hotspot_map(frame, column="rate", title="t")


def test_map_command_redraws_with_other_options(demo_run, tmp_path):
    # The map command reads only results.gpkg and summary.json; the demo's own map options do not matter.
    out, _ = demo_run
    run = run_cli("map", "--results", str(out), "--scheme", "box_map", "--layers", "value,gi", "--lang", "en",
                  "--out", str(tmp_path / "m.html"))
    assert run.returncode == 0, run.stderr
    data = payload((tmp_path / "m.html").read_text(encoding="utf-8"))
    assert data["layers"] == ["value", "gi"] and data["layerNames"]["gi"] == "Gi* hot spots (permutation)"


def test_simplified_geometry_stays_a_valid_coverage(gemeenten_rd):
    import shapely

    gdf = geo.load_boundaries(gemeenten_rd).frame
    web = maps.web_geometry(gdf, level="gemeente")
    assert shapely.coverage_is_valid(web.geometry.values)
    before = shapely.get_num_coordinates(gdf.geometry.values).sum()
    after = shapely.get_num_coordinates(web.geometry.values).sum()
    assert after < before


def test_size_benchmark_runs_small(capsys):
    from benchmarks import bench_map_size

    result = bench_map_size.main(["--n", "600", "--permutations", "9"])
    printed = capsys.readouterr().out
    assert "ratio vmgeo/folium" in printed and "coverage valid: True" in printed
    assert result["valid"] and result["ours"] < result["peer"]


@pytest.mark.browser
def test_basemap_and_context_outlines(browser, tmp_path, gemeenten_rd, crimes_csv, testdata):
    out = tmp_path / "run"
    run = run_cli("hotspots", "--boundaries", str(gemeenten_rd), "--data", str(crimes_csv), "--code-column",
                  "nummer", "--value", "misdaad", "--population", "bevolking", "--permutations", "99",
                  "--basemap", "pdok",
                  "--context", str(testdata / "boundaries" / "provincie_2023_wgs84_dissolved.geojson"),
                  "--out", str(out))
    assert run.returncode == 0, run.stderr
    data = payload((out / "map.html").read_text(encoding="utf-8"))
    assert len(data["context"]) == 12 and data["basemap"]["attribution"].startswith("Kaartgegevens")
    visit = open_page(browser, out / "map.html")
    # With a basemap the page asks for PDOK tiles (blocked here), and for nothing else.
    assert visit.blocked and all(u.startswith("https://service.pdok.nl/brt/achtergrondkaart/") for u in visit.blocked)
    assert "Kadaster" in visit.page.locator(".leaflet-control-attribution").inner_text()
    visit.page.close()


def test_margins_reach_the_results(tmp_path, small_region):
    table = small_region.table.assign(lower=lambda t: t["onveilig_pct"] - t["onveilig_marge"],
                                      upper=lambda t: t["onveilig_pct"] + t["onveilig_marge"])
    b = small_region.boundaries.rename(columns={"buurtcode": "code", "buurtnaam": "name"})
    joined = geo.join(b, table.astype(str), code_column="buurtcode")
    result = geo.analyse(geo.prepare(joined, value="onveilig_pct"), permutations=9)
    page = maps.hotspot_map(result.frame, column="value", title="t", permutations=9).get_root().render()
    data = payload(page)
    assert data["lower"] is not None and data["lower"][0] < data["value"][0] < data["upper"][0]
    assert "95%-marge" in json.dumps(data["legends"]["value"], ensure_ascii=False)


def test_too_uncertain_survey_figures_are_flagged(small_region):
    table = small_region.table.assign(lower=lambda t: t["onveilig_pct"] - t["onveilig_marge"],
                                      upper=lambda t: t["onveilig_pct"] + t["onveilig_marge"])
    b = small_region.boundaries.rename(columns={"buurtcode": "code", "buurtnaam": "name"})
    prepared = geo.prepare(geo.join(b, table.astype(str), code_column="buurtcode"), value="onveilig_pct")
    expected = table.loc[table["onveilig_marge"] > 0.5 * table["onveilig_pct"], "buurtcode"].tolist()
    assert expected, "the demo region should hold some small samples"
    assert sorted(prepared.report.uncertain) == sorted(expected)
    result = geo.analyse(prepared, permutations=9)
    assert sorted(result.summary["uncertain"]) == sorted(expected)
    data = payload(maps.hotspot_map(result.frame, column="value", title="t", permutations=9).get_root().render())
    flagged = {c for c, u in zip(data["codes"], data["uncertain"]) if u}
    assert flagged == set(expected)


def test_excluded_islands_are_grey_on_every_layer(gemeenten_rd, crimes_csv):
    boundaries = geo.load_boundaries(gemeenten_rd)
    joined = geo.join(boundaries, geo.read_table(crimes_csv), code_column="nummer")
    result = geo.analyse(geo.prepare(joined, value="misdaad", population="bevolking"), islands="exclude",
                         permutations=99)
    data = payload(maps.hotspot_map(result.frame, column="rate", title="t", permutations=99).get_root().render())
    grey = cat.LISA_COLOURS[cat.ISLAND]
    for code in result.summary["islands"]:
        i = data["codes"].index(code)
        assert colour(data, "lisa", i) == grey
        assert colour(data, "gi", i) == grey
        assert colour(data, "significance", i) == grey
    assert any(label == cat.label(cat.ISLAND) for _, label in data["legends"]["significance"]["items"])


# --- vmgeo map on a summary.json that is not what it should be (issue 16) -----------------------------


def _results_copy(demo_run, tmp_path, change):
    """A copy of the demo's results with summary.json changed by ``change`` (a function of the dict)."""
    import shutil

    src, _ = demo_run
    out = tmp_path / "results"
    out.mkdir()
    for name in ("results.gpkg", "summary.json", "map.html"):
        shutil.copy(src / name, out / name)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    change(summary)
    (out / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    return out


def _set(path: str, value):
    def change(summary):
        *parents, last = path.split(".")
        node = summary
        for p in parents:
            node = node[p]
        node[last] = value
    return change


def _drop(path: str):
    def change(summary):
        *parents, last = path.split(".")
        node = summary
        for p in parents:
            node = node[p]
        del node[last]
    return change


@pytest.mark.parametrize("change, field", [
    (_set("permutations", "veel"), "'permutations'"),
    (_set("permutations", -99), "'permutations'"),
    (_set("permutations", 99.5), "'permutations'"),
    (_drop("permutations"), "'permutations'"),
    (_drop("n"), "'n'"),
    (_set("n", True), "'n'"),
    (_set("alpha", "0,05"), "'alpha'"),
    (_set("alpha", 5), "'alpha'"),
    (_set("correction", "holm"), "'correction'"),
    (_set("gi_inference", 1), "'gi_inference'"),
    (_set("value", "rate"), "'value'"),
    (_set("value.analysed", ["rate"]), "'value.analysed'"),
    (_set("value.analysed", "rate_eb"), "'value.analysed'"),  # a column results.gpkg does not have
    (_set("moran.p", "klein"), "'moran.p'"),
    (_set("moran.p", -0.1), "'moran.p'"),
    (_set("caution", "ja"), "'caution'"),
    (_set("synthetic", 1), "'synthetic'"),
    (_set("few_areas", "nee"), "'few_areas'"),
    (_set("sources", {"table": "83648NED"}), "'sources'"),
    (_set("sources", ["83648NED"]), "'sources'"),
    (_set("title", 12), "'title'"),
    (_set("suppressed.min_count", -5), "'suppressed.min_count'"),
    (_set("bivariate", {"x_name": 3}), "'bivariate.x_name'"),
    (_set("inputs", "data.csv"), "'inputs'"),
])
def test_map_command_names_the_summary_field_it_cannot_use(demo_run, tmp_path, change, field):
    out = _results_copy(demo_run, tmp_path, change)
    before = (out / "map.html").read_bytes()
    run = run_cli("map", "--results", str(out))
    line = error_line(run, "summary.json", field)
    assert "unexpected" not in line
    assert (out / "map.html").read_bytes() == before, "the earlier map was touched"
    assert sorted(p.name for p in out.iterdir()) == ["map.html", "results.gpkg", "summary.json"]


def test_map_command_reads_a_summary_with_only_the_required_fields(demo_run, tmp_path):
    def minimal(summary):
        for key in list(summary):
            if key not in ("permutations", "n", "alpha"):
                del summary[key]
    out = _results_copy(demo_run, tmp_path, minimal)
    run = run_cli("map", "--results", str(out), "--out", str(tmp_path / "m.html"))
    assert run.returncode == 0, run.stderr
    assert payload((tmp_path / "m.html").read_text(encoding="utf-8"))["layers"] == list(maps.MapOptions().layers)


def test_map_out_without_html_suffix_gets_it(demo_run, tmp_path):
    out, _ = demo_run
    run = run_cli("map", "--results", str(out), "--out", str(tmp_path / "r1emb"), "--embed", "--png")
    assert run.returncode == 0, run.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r1emb.html", "r1emb.png"]
    assert '<iframe src="r1emb.html"' in run.stdout
    assert payload((tmp_path / "r1emb.html").read_text(encoding="utf-8"))["embed"] is True
    run = run_cli("map", "--results", str(out), "--out", str(tmp_path / "kaart.v2"))
    assert run.returncode == 0 and (tmp_path / "kaart.v2.html").is_file()
    run = run_cli("map", "--results", str(out), "--out", str(tmp_path / "Kaart.HTM"))
    assert run.returncode == 0 and (tmp_path / "Kaart.HTM").is_file()
    assert "--out kaart writes kaart.html" in " ".join(run_cli("map", "--help").stdout.split())
    (tmp_path / "kaarten").mkdir()  # an existing folder is refused by its own name, not written beside
    error_line(run_cli("map", "--results", str(out), "--out", str(tmp_path / "kaarten")), "kaarten", "is een map")
    assert not (tmp_path / "kaarten.html").exists()


# --- few areas: local statistics descriptive at best (issue 16) ------------------------------------


@pytest.fixture(scope="module")
def six_units():
    """Six basisteams in a row, analysed, with two of them labelled as clusters and hot spots.

    Six units rarely give a significant LISA; the labels are set as a run on real basisteams
    produced them (RE01 "Laag-Laag" at p 0.044 among 10 units), to see how the map shows them.
    """
    import geopandas as gpd
    import shapely

    cells = [shapely.box(100_000 + 1000 * x, 400_000, 101_000 + 1000 * x, 401_000) for x in range(6)]
    gdf = gpd.GeoDataFrame({"code": [f"BT{i:02d}" for i in range(6)], "name": [f"Team {i}" for i in range(6)],
                            "misdrijven": [50, 60, 55, 5, 8, 6], "inwoners": [1000] * 6}, geometry=cells,
                           crs="EPSG:28992")
    result = geo.analyse(geo.prepare(gdf, value="misdrijven", population="inwoners"), permutations=99, seed=1)
    frame = result.frame.copy()
    frame.loc[frame["code"] == "BT01", ["lisa_cluster", "lisa_p", "gi_bin", "gi_category"]] = [
        cat.HH, 0.04, 2, cat.GI_BIN_NAMES[2]]
    frame.loc[frame["code"] == "BT04", ["lisa_cluster", "lisa_p", "gi_bin", "gi_category"]] = [
        cat.LL, 0.03, -2, cat.GI_BIN_NAMES[-2]]
    summary = {k: v for k, v in result.summary.items() if k != "few_areas"}  # the map counts them itself
    return frame, summary


@pytest.mark.browser
def test_few_areas_are_not_coloured_as_findings(browser, six_units, tmp_path):
    frame, summary = six_units
    path = tmp_path / "few.html"
    maps.save(maps.hotspot_map(frame, column="rate", title="Zes basisteams", permutations=99, summary=summary), path)
    data = payload(path.read_text(encoding="utf-8"))
    finding_colours = {cat.LISA_COLOURS[c] for c in (cat.HH, cat.LL, cat.LH, cat.HL)} | {
        cat.GI_COLOURS[b] for b in cat.GI_BINS if b}
    for layer in ("lisa", "gi", "significance"):
        shown = {colour(data, layer, i) for i in range(6)}
        assert not shown & finding_colours, (layer, shown)
        items = data["legends"][layer]["items"]
        assert items[0] == [maps.layers.DESCRIPTIVE_COLOUR, "Beschrijvend, geen bevinding"]
        assert "6 gebieden: te weinig" in data["legends"][layer]["note"]
    bt01 = data["codes"].index("BT01")
    assert colour(data, "lisa", bt01) == maps.layers.DESCRIPTIVE_COLOUR
    lisa = data["styles"]["lisa"]
    assert lisa["labels"][lisa["idx"][bt01]] == "Hoog-Hoog (hot spot) (beschrijvend)"

    visit = open_page(browser, path)
    assert visit.errors == [] and visit.blocked == []
    page = visit.page
    assert "hoogstens beschrijvend" in page.locator("#vmgeo-title .caution").inner_text()
    assert "Beschrijvend, geen bevinding" in page.locator("#vmgeo-legend").inner_text()
    fills = Counter(page.eval_on_selector_all(".leaflet-overlay-pane path",
                                              "els => els.map(e => e.getAttribute('fill'))"))
    assert fills[maps.layers.DESCRIPTIVE_COLOUR] == 2 and fills[cat.LISA_COLOURS[cat.HH]] == 0
    shot = tmp_path / "few.png"
    page.screenshot(path=str(shot))
    from PIL import Image

    # Neither the red of a hot spot nor the blue of a cold spot anywhere, pure or blended (fill opacity).
    # The areas only: below the title box, left of the legend (the caution text is dark red).
    pixels = np.asarray(Image.open(shot).convert("RGB"))[150:560, :800].reshape(-1, 3).astype(int)
    reds = ((pixels[:, 0] > 150) & (pixels[:, 1] < 110) & (pixels[:, 2] < 110)).sum()
    blues = ((pixels[:, 2] > 150) & (pixels[:, 0] < 110)).sum()
    assert reds == 0 and blues == 0, (reds, blues)
    page.close()


def test_few_areas_follows_the_summary_when_it_says(six_units, analysed):
    frame, summary = six_units
    told = payload(maps.hotspot_map(frame, column="rate", title="t", permutations=99,
                                    summary={**summary, "few_areas": False}).get_root().render())
    assert colour(told, "lisa", told["codes"].index("BT01")) == cat.LISA_COLOURS[cat.HH]
    many = payload(maps.hotspot_map(analysed.frame, column="rate", title="t", permutations=99,
                                    summary={**analysed.summary, "few_areas": True}).get_root().render())
    assert {colour(many, "lisa", i) for i in range(len(many["codes"]))} <= {
        maps.layers.DESCRIPTIVE_COLOUR, cat.LISA_COLOURS[cat.NOT_SIGNIFICANT]}
    counted = payload(maps.hotspot_map(analysed.frame, column="rate", title="t", permutations=99,
                                       summary={**analysed.summary}).get_root().render())
    assert "Beschrijvend" not in json.dumps(counted["legends"], ensure_ascii=False)


def test_few_areas_static_image_is_neutral(six_units, tmp_path):
    frame, summary = six_units
    png = tmp_path / "few.png"
    maps.static_map(frame, [png], title="Zes", summary=summary)
    from PIL import Image

    pixels = rgb_counts(Image.open(png))
    assert pixels[(0xd7, 0x19, 0x1c)] == 0 and pixels[(0xc8, 0xc8, 0xc8)] > 5000


# --- small frames: an iframe of 700 x 450 (issue 16) -------------------------------------------------


def _overlap(a: dict, b: dict) -> float:
    w = min(a["x"] + a["width"], b["x"] + b["width"]) - max(a["x"], b["x"])
    h = min(a["y"] + a["height"], b["y"] + b["height"]) - max(a["y"], b["y"])
    return max(w, 0) * max(h, 0)


@pytest.mark.browser
@pytest.mark.parametrize("layer", ["lisa", "gi"])
def test_embed_in_a_small_iframe_leaves_the_map_free(browser, tmp_path, layer):
    out = tmp_path / "run"
    run = run_cli("demo", "--out", str(out), "--permutations", "99", "--embed", "--basemap", "pdok",
                  "--layers", "value,lisa,significance,gi")
    assert run.returncode == 0, run.stderr
    visit = open_page(browser, out / "map.html", width=700, height=450)
    page = visit.page
    if layer != "lisa":
        page.locator(".leaflet-control-layers").hover()
        page.get_by_label("Gi* hot spots").check()
        page.mouse.move(350, 250)
        page.wait_for_timeout(300)
    boxes = {name: page.locator(sel).bounding_box() for name, sel in (
        ("control", ".leaflet-control-layers"), ("title", "#vmgeo-title"), ("legend", "#vmgeo-legend"),
        ("attribution", ".leaflet-control-attribution"), ("zoom", ".leaflet-control-zoom"))}
    page.screenshot(path=str(tmp_path / f"embed-{layer}.png"))
    names = list(boxes)
    for i, a in enumerate(names):
        box = boxes[a]
        assert box is not None and box["x"] >= 0 and box["y"] >= 0, (a, box)
        assert box["x"] + box["width"] <= 700 + 0.5 and box["y"] + box["height"] <= 450 + 0.5, (a, box)
        for b in names[i + 1:]:
            assert _overlap(box, boxes[b]) == 0, (a, b, box, boxes[b])
    covered = sum(b["width"] * b["height"] for b in boxes.values())
    assert covered < 0.3 * 700 * 450, boxes
    # The control is collapsed (a button), the CC BY lines are visible and not cut off.
    assert boxes["control"]["width"] < 60 and boxes["control"]["height"] < 60
    assert "CC BY 4.0" in page.locator(".leaflet-control-attribution").inner_text()
    source = page.locator("#vmgeo-source")
    assert source.is_visible() and source.bounding_box()["height"] >= 10
    page.close()


# --- fine grids: zero counts, outlines (issue 16); quantiles without mapclassify (numba) ------------


def _grid(nx: int, ny: int, *, size: float = 100.0, seed: int = 3):
    """A grid of ``nx`` x ``ny`` square cells with registration counts that are mostly zero."""
    import geopandas as gpd
    import shapely

    rng = np.random.default_rng(seed)
    x, y = np.meshgrid(np.arange(nx), np.arange(ny))
    x, y = x.ravel(), y.ravel()
    cells = shapely.box(150_000 + x * size, 450_000 + y * size, 150_000 + (x + 1) * size, 450_000 + (y + 1) * size)
    hot = np.hypot(x - nx / 3, y - ny / 2) < min(nx, ny) / 6
    counts = rng.poisson(np.where(hot, 4.0, 0.05)).astype(float)
    counts[0] = 1379  # one busy station square, as on the real grid
    return gpd.GeoDataFrame({"code": [f"C{i:06d}" for i in range(len(x))], "name": [f"cel {i}" for i in range(len(x))],
                             "value": counts}, geometry=cells, crs="EPSG:28992")


def test_counts_with_mostly_zeros_get_zero_as_a_class_of_their_own():
    values = _grid(300, 340)["value"].to_numpy()  # 102,000 cells
    assert (values == 0).mean() > 0.85
    import warnings

    import mapclassify

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert len(mapclassify.Quantiles(values, k=5).bins) == 2  # what the map showed: "≤ 0,0 | 0,0 – 1.379,0"
    bins, index = maps.classify(values)
    assert bins[0] == 0 and len(bins) == 5 and bins[-1] == 1379
    assert (index[values == 0] == 0).all() and (index[values > 0] > 0).all()
    labels = maps.layers.class_labels(bins, values, lang="nl")
    assert labels[0] == "0" and all("," not in label for label in labels), labels
    assert labels[-1].endswith("1.379") and maps.layers.class_labels(bins, values, lang="en")[-1].endswith("1,379")
    # Classes of the counts above zero are those of the positive counts alone.
    positive = values[values > 0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert bins[1:] == [float(b) for b in mapclassify.Quantiles(positive, k=4).bins]


def test_rates_keep_their_decimals_and_no_zero_class_without_zeros():
    values = np.array([1.25, 2.5, 3.75, 5.0, 7.5, 10.0, 12.5, 20.0])
    bins, _ = maps.classify(values, k=4)
    labels = maps.layers.class_labels(bins, values, lang="nl")
    assert labels[0].startswith("\u2264 ") and "," in labels[0] and bins[0] > 0


@pytest.mark.parametrize("seed", range(6))
def test_quantiles_are_mapclassifys_without_importing_it(seed):
    import warnings

    import mapclassify

    rng = np.random.default_rng(seed)
    for n, k in [(2, 2), (7, 3), (50, 5), (342, 5), (343, 7), (1000, 4), (999, 6)]:
        for values in (rng.normal(35, 9, n), rng.lognormal(2, 1, n), rng.integers(1, 6, n).astype(float),
                       rng.poisson(30, n).astype(float) + 1, np.round(rng.gamma(2, 10, n), 1) + 0.1):
            k_used = min(k, len(np.unique(values)))
            if k_used < 2:
                continue
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                expected = [float(b) for b in mapclassify.Quantiles(values, k=k_used).bins]
            assert maps.classify.__module__ == "geo.maps.classify"
            assert maps.quantile_breaks(values, k_used) == expected, (n, k_used)
            bins, index = maps.classify(values, k=k_used)
            # As many classes as distinct values: each value its own class (mapclassify's need not be).
            if len(expected) >= 2 and k_used < len(np.unique(values)):
                assert bins == expected
                assert index.tolist() == mapclassify.UserDefined(values, bins=expected).yb.tolist()


def test_default_map_does_not_import_mapclassify():
    import subprocess
    import sys

    code = ("import sys, numpy as np; from geo import maps; "
            "from geo.maps import layers; "
            "bins, idx = maps.classify(np.arange(100.0)); "
            "print(bins, 'mapclassify' in sys.modules, 'numba' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().endswith("False False"), out.stdout


@pytest.mark.browser
def test_fine_grid_drops_outlines_until_zoomed_in(browser, tmp_path):
    grid = _grid(180, 140)  # 25,200 cells of 100 m: about 4 pixels each in a 700 x 450 frame
    path = tmp_path / "grid.html"
    options = maps.MapOptions(layers=("value",), active="value")
    maps.save(maps.hotspot_map(grid, column="value", title="Raster", options=options), path)
    data = payload(path.read_text(encoding="utf-8"))
    assert data["legends"]["value"]["items"][0][1] == "0" and len(data["legends"]["value"]["items"]) == 5
    assert 95 <= data["cellSize"] <= 105
    visit = open_page(browser, path, width=700, height=450)
    assert visit.errors == []
    page = visit.page

    def stroke() -> bool:
        return page.evaluate("window.vmgeo.areas.getLayers()[0].options.stroke")

    assert stroke() is False
    # Without outlines the zero class shows as its own light colour, not as the grey of 25,000 outlines.
    shot = tmp_path / "grid.png"
    page.screenshot(path=str(shot))
    from PIL import Image

    pixels = np.asarray(Image.open(shot).convert("RGB"))[100:350, 150:550].reshape(-1, 3).astype(int)
    grey = ((np.abs(pixels - pixels.mean(axis=1, keepdims=True)).max(axis=1) < 8) & (pixels[:, 0] < 200)).mean()
    assert grey < 0.02, grey
    page.evaluate("window.vmgeo.map.setZoom(window.vmgeo.map.getZoom() + 3, {animate: false})")
    page.wait_for_function("window.vmgeo.areas.getLayers()[0].options.stroke === true", timeout=10_000)
    page.close()


# --- p-values at the floor of 99,999 permutations (issue 16) -----------------------------------------


@pytest.mark.parametrize("p, lang, floor, shown", [
    (2 / 100_000, "nl", 2 / 100_000, "< 0,00002"),
    (2 / 100_000, "en", 2 / 100_000, "< 0.00002"),
    (4 / 100_000, "nl", 2 / 100_000, "0,00004"),
    (0.002, "nl", 0.002, "< 0,002"),
    (0.0443, "nl", 0.002, "0,0443"),
    (0.5, "en", 0.002, "0.5"),
    (2 / 100_000, "nl", None, "0,00002"),  # a level or a floor itself, never e-notation
    (0.0001, "en", None, "0.0001"),
    (float("nan"), "nl", None, "\u2013"),
])
def test_p_value_text(p, lang, floor, shown):
    from geo import text

    assert text.p_value(p, lang=lang, floor=floor) == shown
    assert text.p_is(p, lang=lang, floor=floor) == ("p " + shown if shown.startswith("<") else "p = " + shown)


@pytest.mark.browser
def test_tooltip_p_at_the_floor_of_99999_permutations(browser, analysed, tmp_path):
    frame = analysed.frame.copy()
    codes = frame["code"].tolist()
    frame.loc[frame["code"] == codes[1], "lisa_p"] = 2 / 100_000
    frame.loc[frame["code"] == codes[2], "lisa_p"] = 7 / 100_000
    summary = {**analysed.summary, "permutations": 99_999, "correction": "bonferroni", "n": 5000}
    path = tmp_path / "p.html"
    maps.save(maps.hotspot_map(frame, column="rate", title="p", permutations=99_999, summary=summary), path)
    title_box = re.search(r'<div class="vmgeo-title".*?</div></div>', path.read_text(encoding="utf-8"), re.S).group(0)
    assert "e-05" not in title_box and "p 0,00002" in title_box  # the correction's floor, said in words
    visit = open_page(browser, path)
    page = visit.page

    def tooltip(code: str) -> str:
        page.mouse.move(1, 1)
        page.wait_for_timeout(100)
        point = page.evaluate(f"""() => {{
            const v = window.vmgeo; const i = v.data.codes.indexOf({json.dumps(code)});
            let layer; v.areas.eachLayer(l => {{ if (l.feature.properties.i === i) layer = l; }});
            const c = v.map.latLngToContainerPoint(layer.getCenter()); return [c.x, c.y];
        }}""")
        page.mouse.move(point[0], point[1])
        page.wait_for_selector(".leaflet-tooltip", timeout=10_000)
        return page.locator(".leaflet-tooltip").inner_text()

    assert re.search(r"LISA p\s+< 0,00002", tooltip(codes[1]))
    assert re.search(r"LISA p\s+0,00007", tooltip(codes[2]))
    assert "0,000\n" not in tooltip(codes[1]) + "\n"
    page.close()


# --- the sources box of a long series (issue 16, trend map) ---------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("width, height", [(1100, 750), (700, 450)])
def test_long_sources_list_does_not_cover_the_map(browser, analysed, tmp_path, width, height):
    # What a 12-month trend run put in the box: every month's table, five crime groups each.
    sources = [{"source": "politie", "table": f"47022NED-{group}", "period": f"2023MM{month:02d}",
                "period_status": "Voorlopig", "table_modified": "2024-01-15T00:00:00"}
               for month in range(1, 13) for group in range(5)]
    sources.append({"source": "pdok", "level": "gemeente", "year": 2023, "attribution": "Kadaster / CBS",
                    "licence": "CC BY 4.0"})
    summary = {**analysed.summary, "sources": sources}
    path = tmp_path / "trend.html"
    maps.save(maps.hotspot_map(analysed.frame, column="rate", title="Vroegsignalering 2023", permutations=99,
                               summary=summary), path)
    page = open_page(browser, path, width=width, height=height).page
    title = page.locator("#vmgeo-title").bounding_box()
    assert title["height"] < 0.25 * height and title["width"] * title["height"] < 0.2 * width * height, title
    scrolls = page.evaluate("(() => { const s = document.getElementById('vmgeo-source'); "
                            "return [s.scrollHeight, s.clientHeight]; })()")
    assert scrolls[0] > scrolls[1] > 0, scrolls  # the whole list is there, inside a box that scrolls
    assert "Kadaster" in page.locator("#vmgeo-source").text_content()
    page.close()
