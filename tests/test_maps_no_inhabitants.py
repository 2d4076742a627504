"""Squares without known inhabitants on a rate map (issue 18): one hatch on every layer, with a legend entry.

With ``--population FILE`` on CBS squares, the squares CBS keeps secret or
does not publish have no rate and no statistic. The page draws them hatched
(grey lines on white, as the gebiedsscan does) on every layer, and every
legend names them, in Dutch and English. Checked in the page's data, in
headless Chromium (SVG and canvas renderers, legend swatch) and in the PNG
of a big map.
"""

from __future__ import annotations

import io
import json

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from geo.incidents import synthetic_export
from geo.maps import layers, raster
from geo.settings import DEFAULT_SEED
from tests.browser import open_page
from tests.conftest import run_cli

FLAGS = ["--x", "X-coordinaat", "--y", "Y-coordinaat", "--date", "Pleegdatum"]
LABEL = {"nl": "Geen inwoners bekend (geen cijfer)", "en": "No known inhabitants (no rate)"}
#: Grey of the hatch's lines (as drawn, before the page's opacity).
LINE = raster.rgb(layers.NO_FIGURE_LINE)


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    return synthetic_export(tmp_path_factory.mktemp("export") / "export.csv", n=20_000, seed=DEFAULT_SEED)


def _area(folder, x0, y0, x1, y1):
    path = folder / "gebied.geojson"
    gpd.GeoDataFrame({"statcode": ["GB0001"], "statnaam": ["Centrum"]}, geometry=[box(x0, y0, x1, y1)],
                     crs="EPSG:28992").to_file(path, driver="GeoJSON")
    return path


def _run(export, testdata, folder, lang, *, size=3_000, extra=()):
    area = _area(folder, 160_500, 382_500, 160_500 + size, 382_500 + size)  # the extract's block
    out = folder / f"out_{lang}"
    done = run_cli("hotspots", "--incidents", str(export), *FLAGS, "--grid", "100", "--boundaries", str(area),
                   "--population", str(testdata / "squares" / "cbs_vk100_2023_extract.csv"), "--out", str(out),
                   "--lang", lang, "--permutations", "99", *extra)
    assert done.returncode == 0, done.stderr
    return out


def _data(out):
    page = (out / "map.html").read_text(encoding="utf-8")
    return json.loads(page.split('id="vmgeo-data">', 1)[1].split("</script>", 1)[0])


@pytest.fixture(scope="module", params=["nl", "en"])
def run(request, export, testdata, tmp_path_factory):
    lang = request.param
    return lang, _run(export, testdata, tmp_path_factory.mktemp(f"run_{lang}"), lang)


def test_every_layer_hatches_the_squares_without_inhabitants_and_says_so(run, testdata):
    lang, out = run
    data = _data(out)
    results = pd.read_csv(out / "results.csv", dtype={"code": str})
    unknown = ~(results["population"] > 0)
    inhabitants = pd.read_csv(testdata / "squares" / "cbs_vk100_2023_extract.csv").set_index("crs28992res100m")
    secret = set(inhabitants.index[inhabitants["aantal_inwoners"] < 0])
    # Secret squares and squares the extract does not publish, and no other, have no inhabitants.
    assert secret <= set(results.loc[unknown, "code"]) and unknown.sum() > len(secret)
    assert not set(results.loc[~unknown, "code"]) - set(inhabitants.index)
    assert data["codes"] == results["code"].tolist()
    for name in ("value", "lisa", "significance", "gi"):
        style, legend = data["styles"][name], data["legends"][name]
        hatch = style["hatch"]
        assert hatch is not None and style["labels"][hatch] == LABEL[lang]
        idx = np.array(style["idx"])
        assert ((idx == hatch) == unknown.to_numpy()).all(), name
        assert legend["items"][legend["hatch"]][1] == LABEL[lang]
    assert data["hatch"] == {"line": layers.NO_FIGURE_LINE, "fill": layers.NO_FIGURE_FILL}


def test_a_count_map_has_no_such_entry(export, gemeenten_rd, tmp_path):
    out = tmp_path / "out"
    done = run_cli("hotspots", "--incidents", str(export), *FLAGS, "--grid", "500", "--boundaries", str(gemeenten_rd),
                   "--within", "GM0772", "--out", str(out), "--permutations", "99")
    assert done.returncode == 0, done.stderr
    data = _data(out)
    assert all(s["hatch"] is None for s in data["styles"].values())
    assert LABEL["nl"] not in json.dumps(data, ensure_ascii=False)


def _screen_box(page, i):
    """The screen rectangle (x0, y0, x1, y1) of area ``i`` of the page."""
    return page.evaluate("""(i) => {
      var box = null;
      vmgeo.areas.eachLayer(function(l) { if (l.feature.properties.i === i) { box = l.getBounds(); } });
      var a = vmgeo.map.latLngToContainerPoint(box.getSouthWest());
      var b = vmgeo.map.latLngToContainerPoint(box.getNorthEast());
      return [a.x, b.y, b.x, a.y];
    }""", i)


def _pixels(page, path, rect):
    from PIL import Image

    page.screenshot(path=str(path))
    shot = np.asarray(Image.open(path).convert("RGB")).astype(int)
    x0, y0, x1, y1 = (round(v) for v in rect)
    return shot[y0 + 2:y1 - 1, x0 + 2:x1 - 1].reshape(-1, 3)


@pytest.mark.browser
@pytest.mark.parametrize("size", [3_000, 6_000], ids=["svg", "canvas"])
def test_chromium_draws_the_hatch_and_its_legend(browser, export, testdata, tmp_path, size):
    """900 squares (SVG renderer) and 3,600 (canvas renderer): grey lines and white inside a square without
    inhabitants, one colour inside a square with them; the legend's swatch is the hatch too."""
    out = _run(export, testdata, tmp_path, "en", size=size)
    data = _data(out)
    visit = open_page(browser, out / "map.html", width=1000, height=800)
    page = visit.page
    assert visit.errors == [] and visit.blocked == []
    gi = data["styles"]["gi"]
    idx = np.array(gi["idx"])
    for layer in ("Gi*", "LISA"):
        page.locator(".leaflet-control-layers-base label", has_text=layer).first.click()
        page.wait_for_timeout(300)
        legend = page.locator("#vmgeo-legend")
        hatched = legend.locator(".swatch.vmgeo-hatch")
        assert hatched.count() == 1
        assert page.evaluate("(el) => el.parentNode.textContent", hatched.element_handle()) == LABEL["en"]
        assert "repeating-linear-gradient" in page.evaluate("(el) => getComputedStyle(el).backgroundImage",
                                                            hatched.element_handle())
    if size == 3_000:
        fills = page.evaluate("""() => { var f = {};
          vmgeo.areas.eachLayer(function(l) { f[l.feature.properties.i] = l._path.getAttribute('fill'); });
          return f; }""")
        assert {i for i, v in fills.items() if v == "url(#vmgeo-hatch)"} == {str(i) for i in np.flatnonzero(
            np.array(data["styles"]["lisa"]["idx"]) == data["styles"]["lisa"]["hatch"])}
        assert page.locator("pattern#vmgeo-hatch").count() == 1
    # Zoom in on a square without inhabitants and on one with them, and look at their pixels.
    for i, wanted in ((int(np.flatnonzero(idx == gi["hatch"])[0]), True), (int(np.flatnonzero(idx != gi["hatch"])[0]),
                                                                           False)):
        page.evaluate("""(i) => { vmgeo.areas.eachLayer(function(l) {
          if (l.feature.properties.i === i) { vmgeo.map.setView(l.getBounds().getCenter(), 17, {animate: false}); }
        }); }""", i)
        page.wait_for_timeout(400)
        pixels = _pixels(page, tmp_path / f"square_{i}.png", _screen_box(page, i))
        greyish = np.abs(pixels - pixels.mean(axis=1, keepdims=True)).max(axis=1) < 8
        dark = greyish & (pixels.mean(axis=1) < 200)
        light = greyish & (pixels.mean(axis=1) > 235)
        if wanted:
            assert dark.mean() > 0.08 and light.mean() > 0.3, (dark.mean(), light.mean())
        else:
            assert len(np.unique(pixels, axis=0)) <= 4 and dark.mean() < 0.02


def test_a_big_map_image_hatches_them_too():
    """The PNG of a layer draws the hatched class with line pixels on every fourth diagonal."""
    squares = gpd.GeoDataFrame({"code": ["a", "b"]}, geometry=[box(0, 0, 100, 100), box(100, 0, 200, 100)],
                               crs="EPSG:28992")
    squares = squares.set_geometry(squares.geometry.translate(161_000, 383_000))
    canvas = raster.canvas(squares)
    from PIL import Image

    colours = ["#ff0000", layers.NO_FIGURE_FILL]
    png = canvas.png(np.array([0, 1]), colours, hatched=1, line=layers.NO_FIGURE_LINE)
    rgb = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    owner = canvas.owner
    first, second = rgb[owner == 0], rgb[owner == 1]
    assert (first == [255, 0, 0]).all()
    line = (second == LINE).all(axis=1)
    white = (second == [255, 255, 255]).all(axis=1)
    assert (line | white).all() and 0.15 < line.mean() < 0.35
    rows, cols = np.nonzero(owner == 1)
    assert ((rows + cols)[line] % raster.HATCH == 0).all()


# --- Where the inhabitants came from: the note names the vierkantstatistieken, never the export.


def _inhabitants_note(out):
    notes = json.loads((out / "summary.json").read_text(encoding="utf-8"))["notes"]
    return next(n for n in notes if n.startswith("inhabitants per square"))


def test_the_population_note_names_the_file_of_squares(run, export, testdata):
    _, out = run
    note = _inhabitants_note(out)
    assert f"from the vierkantstatistieken file {testdata / 'squares' / 'cbs_vk100_2023_extract.csv'}:" in note
    assert str(export) not in note and export.name not in note


def test_the_population_note_names_pdok_s_collection(export, testdata, tmp_path):
    from tests.servers_squares import SquareServer

    server = SquareServer(testdata).start()
    try:
        env = {"VMGEO_PDOK_URL": f"{server.url}/pdok", "VMGEO_CACHE_DIR": str(tmp_path / "cache"),
               "VMGEO_OFFLINE": None}
        area = _area(tmp_path, 160_500, 382_500, 163_500, 385_500)
        out = tmp_path / "out"
        done = run_cli("hotspots", "--incidents", str(export), *FLAGS, "--grid", "100", "--boundaries", str(area),
                       "--population", "inwoners", "--population-period", "2023", "--out", str(out),
                       "--permutations", "99", env=env)
    finally:
        server.shutdown()
        server.server_close()
    assert done.returncode == 0, done.stderr
    note = _inhabitants_note(out)
    assert "from PDOK's CBS vierkantstatistieken (collection vierkant_100m):" in note
    assert str(export) not in note and export.name not in note


def test_the_static_map_hatches_them_and_its_legend_says_so(run, tmp_path):
    """The PNG of a layer: grey hatch lines over the squares without inhabitants, none over a count map's squares."""
    import matplotlib

    matplotlib.use("Agg")
    from PIL import Image

    from geo.maps import static_map

    lang, out = run
    frame = gpd.read_file(out / "results.gpkg", layer="hotspots")
    drawn = {}
    for name, shown in (("rate", frame), ("value", frame.drop(columns=["population"]))):
        path = tmp_path / f"{name}.png"
        static_map(shown, [path], title="t", lang=lang, column=name, layer="lisa")
        rgb = np.asarray(Image.open(path).convert("RGB")).astype(int)
        drawn[name] = (np.abs(rgb - np.array(LINE)).max(axis=2) <= 6).sum()
    assert drawn["rate"] > 2_000 and drawn["value"] < drawn["rate"] / 10, drawn
    style = layers.style("lisa", frame, layers.Context(column="rate", lang=lang))
    assert style.hatched is not None and style.legend[-1] == (layers.NO_FIGURE_FILL, LABEL[lang])
