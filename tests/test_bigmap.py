"""Maps of big grids (issue 18): layers drawn as images, tooltips for significant squares, the density layer.

The threshold (:data:`geo.settings.BIG_MAP_CELLS`) is lowered through
``MapOptions(big_map_cells=...)`` so that a grid of 600 squares, analysed
for real from planted incidents, is drawn the way a national grid is. The
size and speed at 400,000 squares are measured by benchmarks/bench_bigmap.py,
not here.
"""

from __future__ import annotations

import base64
import functools
import io
import json
import math
import re

import numpy as np
import pytest

import geo
from geo import categories as cat
from geo import maps, settings
from geo.density import kernel_density
from geo.grid import aggregate_to_grid
from geo.incidents import Incidents
from geo.maps import big, raster
from geo.outputs import suppress_small
from tests.browser import open_page

#: The study area (RD New): 3 km by 2 km near Eindhoven, 600 squares of 100 m.
AREA = (160_000, 382_000, 163_000, 384_000)
#: The planted cluster: its centre and spread (metres).
HOT = (161_550.0, 383_050.0, 70.0)
#: Leaflet's map background, under a layer drawn at the page's opacity.
BACKGROUND = (221, 221, 221)


@pytest.fixture(scope="module")
def points() -> Incidents:
    rng = np.random.default_rng(18)
    x = np.concatenate([rng.normal(HOT[0], HOT[2], 300), rng.uniform(AREA[0], AREA[2], 500)])
    y = np.concatenate([rng.normal(HOT[1], HOT[2], 300), rng.uniform(AREA[1], AREA[3], 500)])
    return Incidents(source="synthetic", x=x, y=y, dates=None, types=None, rows=np.arange(len(x)), read=len(x))


@pytest.fixture(scope="module")
def grid(points):
    """The squares with their counts, analysed (LISA and Gi*), small counts hidden as a run hides them."""
    import shapely

    counts = aggregate_to_grid(points, cell=100, study_area=shapely.box(*AREA))
    frame = counts.rename(columns={"count": "value"}).assign(name=counts["code"])
    result = geo.analyse(geo.prepare(frame, value="value"), permutations=99, seed=1).frame
    shown, _ = suppress_small(result, min_count=5)
    return shown


@pytest.fixture(scope="module")
def density(points, grid):
    return kernel_density(points, cell=100, bandwidth=150, cells=grid, min_count=5).frame


SUMMARY = {"suppressed": {"min_count": 5}, "aggregation": {"density": {"min_count": 5}}}


def page_data(frame, *, density=None, limit: int = 100, **options) -> dict:
    fmap = maps.hotspot_map(frame, column="value", title="Raster", permutations=99, summary=SUMMARY,
                            options=maps.MapOptions(big_map_cells=limit, **options), density=density)
    return payload(fmap.get_root().render())


def payload(page: str) -> dict:
    return json.loads(re.search(r'<script type="application/json" id="vmgeo-data">(.*?)</script>', page, re.S)
                      .group(1))


def png(data: dict, layer: str):
    url = data["images"][layer]["url"]
    assert url.startswith("data:image/png;base64,")
    return decoded(url)


@functools.lru_cache(maxsize=8)
def decoded(url: str):
    from PIL import Image

    return Image.open(io.BytesIO(base64.b64decode(url.split(",", 1)[1]))).convert("RGBA")


def mercator(lon: float, lat: float) -> tuple[float, float]:
    """Web Mercator as Leaflet projects (its SphericalMercator, R = 6378137)."""
    r = 6_378_137.0
    return r * math.radians(lon), r * math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def centres(frame) -> tuple[np.ndarray, np.ndarray]:
    """Longitude and latitude of every square's centre, projected by geopandas (as the page's vectors are)."""
    c = frame.geometry.centroid.to_crs("EPSG:4326")
    return c.x.to_numpy(), c.y.to_numpy()


def pixel_colour(data: dict, layer: str, lon: float, lat: float) -> tuple[int, int, int, int]:
    image = png(data, layer)
    (s, w), (n, e) = data["images"][layer]["bounds"]
    (x0, y0), (x1, y1), (x, y) = mercator(w, s), mercator(e, n), mercator(lon, lat)
    col = int((x - x0) / (x1 - x0) * image.width)
    row = int((y1 - y) / (y1 - y0) * image.height)
    return image.getpixel((col, row))


def hexrgb(colour: str) -> tuple[int, int, int]:
    return raster.rgb(colour)


def blended(colour: str, opacity: float = big.OPACITY) -> np.ndarray:
    return np.array(hexrgb(colour)) * opacity + np.array(BACKGROUND) * (1 - opacity)


# --- the payload -----------------------------------------------------------------------------------


def test_small_grid_is_drawn_as_images_above_the_lowered_threshold(grid):
    assert maps.MapOptions().big_map_cells == settings.BIG_MAP_CELLS
    vector = page_data(grid, limit=len(grid))  # as many areas as the limit: still polygons
    image = page_data(grid, limit=len(grid) - 1)
    assert vector["images"] == {} and len(vector["geom"]) == len(grid)
    assert set(image["images"]) == {"value", "lisa", "significance", "gi"}
    # The legend is the one the polygons have; the image mode adds a note of its own, not an entry.
    assert image["legends"] == vector["legends"] and image["layerNames"] == vector["layerNames"]
    assert image["imageNote"].startswith("600 gebieden")
    # Vectors (for tooltips) only for squares in a finding class of LISA, significance or Gi*.
    finding = (grid["lisa_cluster"].isin([cat.HH, cat.LL, cat.LH, cat.HL]) | (grid["lisa_p"] <= 0.05)
               | (grid["gi_bin"] != 0))
    assert 0 < finding.sum() < len(grid)
    assert sorted(image["codes"]) == sorted(grid.loc[finding, "code"])
    hh = grid.loc[grid["lisa_cluster"] == cat.HH, "code"]
    assert len(hh) >= 5 and set(hh) <= set(image["codes"])
    # Class indices of the kept squares are those of the whole grid.
    gi = image["styles"]["gi"]
    for code, i in zip(image["codes"], gi["idx"]):
        assert gi["colours"][i] == cat.GI_COLOURS[int(grid.loc[grid["code"] == code, "gi_bin"].iloc[0])]


def test_a_big_map_without_any_finding_has_images_and_no_polygons(grid, tmp_path):
    quiet = grid.assign(lisa_cluster=cat.NOT_SIGNIFICANT, lisa_p=0.5, gi_bin=0, gi_category=cat.NOT_SIGNIFICANT)
    data = page_data(quiet)
    assert data["geom"] == [] and data["codes"] == [] and set(data["images"]) == {"value", "lisa", "significance",
                                                                                "gi"}
    assert all(style["idx"] == [] for style in data["styles"].values())


def test_png_pixel_at_a_squares_centre_has_its_category_colour(grid):
    data = page_data(grid)
    lon, lat = centres(grid)
    checked = 0
    for i in range(0, len(grid), 7):
        category = grid["lisa_cluster"].iloc[i]
        r, g, b, a = pixel_colour(data, "lisa", lon[i], lat[i])
        assert (r, g, b) == hexrgb(cat.LISA_COLOURS[category]) and a == 255, (grid["code"].iloc[i], category)
        r, g, b, a = pixel_colour(data, "gi", lon[i], lat[i])
        assert (r, g, b) == hexrgb(cat.GI_COLOURS[int(grid["gi_bin"].iloc[i])])
        checked += 1
    assert checked > 80
    # Outside the grid the image is transparent.
    assert png(data, "lisa").getpixel((0, png(data, "lisa").height - 1))[3] == 0


def test_polygons_that_are_not_squares_are_rasterised_with_their_colours(small_region):
    import shapely

    # Drawing needs no statistics: every LISA category in turn, on 60 buurten of all shapes.
    frame = small_region.boundaries.rename(columns={"buurtcode": "code", "buurtnaam": "name"})
    frame = frame.assign(value=1.0, lisa_cluster=[cat.LISA_CATEGORIES[i % 6] for i in range(len(frame))])
    assert raster.square_lattice(frame.to_crs("EPSG:28992").geometry.values) is None
    data = page_data(frame, limit=10, layers=("lisa",), active="lisa")
    inside = frame.to_crs("EPSG:28992").geometry.values
    # A point 2 pixels inside each buurt shows its category (PIL draws edges a pixel wide).
    pixel_m = data["images"]["lisa"]["pixel"] * math.cos(math.radians(52))
    points = geo_points(shapely.maximum_inscribed_circle(inside, 1.0))
    hits = 0
    for k, (point, radius) in enumerate(points):
        if radius < 2 * pixel_m:
            continue
        lon, lat = to_lonlat(point)
        r, g, b, _ = pixel_colour(data, "lisa", lon, lat)
        assert (r, g, b) == hexrgb(cat.LISA_COLOURS[frame["lisa_cluster"].iloc[k]]), frame["code"].iloc[k]
        hits += 1
    assert hits >= 0.75 * len(frame), hits


def geo_points(lines) -> list[tuple[tuple[float, float], float]]:
    """The centre and radius of each maximum inscribed circle (shapely gives them as lines)."""
    import shapely

    starts = shapely.get_point(lines, 0)
    return [((p.x, p.y), float(shapely.length(line))) for p, line in zip(starts, lines)]


def to_lonlat(point: tuple[float, float]) -> tuple[float, float]:
    return _to_wgs84().transform(*point)


@functools.cache
def _to_wgs84():
    from pyproj import Transformer

    return Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True)


def test_squares_are_found_by_arithmetic_only_on_one_lattice():
    import shapely

    boxes = shapely.box([0, 100, 300], [0, 0, 200], [100, 200, 400], [100, 100, 300])
    side, ix, iy = raster.square_lattice(boxes)
    assert side == 100 and ix.tolist() == [0, 1, 3] and iy.tolist() == [0, 0, 2]
    assert raster.square_lattice(shapely.box([0, 150], [0, 0], [100, 250], [100, 100])) is None  # off the lattice
    assert raster.square_lattice(shapely.box([0, 100], [0, 0], [100, 300], [100, 100])) is None  # not one size
    diamond = shapely.Polygon([(50, 0), (100, 50), (50, 100), (0, 50)])
    assert raster.square_lattice(np.array([diamond, diamond], dtype=object)) is None


def test_the_warp_adds_no_more_than_centimetres():
    # A national extent at the pixel of a 100 m grid: pixel centres interpolated against projected exactly.
    import geopandas as gpd
    import shapely

    frame = gpd.GeoDataFrame(geometry=shapely.box([14_000, 270_000], [307_000, 612_000], [14_100, 270_100],
                                                  [307_100, 612_100]), crs="EPSG:28992")
    canvas = raster.canvas(frame, max_pixels=4_000_000)
    assert canvas.width > 1000 and raster.interpolation_error(canvas, samples=300) < 0.25


def test_static_image_of_a_big_grid_draws_its_squares_as_pixels(grid, tmp_path):
    from PIL import Image

    options = maps.MapOptions(big_map_cells=100, layers=("lisa",), active="lisa")
    png_path, = maps.static_map(grid, [tmp_path / "map.png"], title="Raster", options=options)
    pixels = np.asarray(Image.open(png_path).convert("RGB")).reshape(-1, 3)
    found = {category: int((pixels == hexrgb(cat.LISA_COLOURS[category])).all(axis=1).sum())
             for category in (cat.HH, cat.NOT_SIGNIFICANT)}
    # The hot squares' share of the drawn squares is their share of the grid (legend swatches aside).
    share = found[cat.HH] / (found[cat.HH] + found[cat.NOT_SIGNIFICANT])
    expected = (grid["lisa_cluster"] == cat.HH).mean() / grid["lisa_cluster"].isin([cat.HH, cat.NOT_SIGNIFICANT]).mean()
    assert found[cat.HH] > 0 and abs(share - expected) < 0.02, (share, expected)
    # One flat colour a square, no outlines: nearly every drawn pixel is exactly a category's colour
    # (the rest is title, legend and source text); drawn as polygons, outlines blend the colours.
    polygons, = maps.static_map(grid, [tmp_path / "polygons.png"], title="Raster",
                                options=maps.MapOptions(layers=("lisa",), active="lisa"))
    assert exact_share(png_path) > 0.9 and exact_share(png_path) > exact_share(polygons) + 0.05


def exact_share(path) -> float:
    """The share of the non-white pixels of an image that have exactly a LISA category's colour."""
    from PIL import Image

    pixels = np.asarray(Image.open(path).convert("RGB")).reshape(-1, 3)
    colours = np.array([hexrgb(c) for c in cat.LISA_COLOURS.values()])
    drawn = ~(pixels == 255).all(axis=1)
    exact = (pixels[:, None, :] == colours[None]).all(axis=2).any(axis=1)
    return float((exact & drawn).sum() / drawn.sum())


# --- the density layer ---------------------------------------------------------------------------------


def test_density_layer_is_classed_and_masked_in_both_modes(grid, density):
    masked = density["masked"].to_numpy()
    assert 0 < masked.sum() < len(density)
    vector = page_data(grid, density=density, limit=10_000)
    assert vector["layers"][-1] == "density"
    assert vector["layerNames"]["density"] == "Dichtheid (incidenten per km\u00b2)"
    assert len(vector["density"]["geom"]) == (~masked).sum()  # masked squares are not drawn at all
    assert set(vector["density"]["codes"]) == set(density.loc[~masked, "code"])
    assert "minder dan 5 incidenten" in vector["legends"]["density"]["note"]
    image = page_data(grid, density=density)
    assert "density" in image["images"] and image["legends"]["density"] == vector["legends"]["density"]
    colours = [c for c, _ in image["legends"]["density"]["items"]]
    lon, lat = centres(density)
    values = density["density"].to_numpy()
    for i in range(len(density)):
        r, g, b, a = pixel_colour(image, "density", lon[i], lat[i])
        if masked[i]:
            assert a == 0, density["code"].iloc[i]
        else:
            assert a == 255 and f"#{r:02x}{g:02x}{b:02x}" in colours
    top = int(np.nanargmax(values))
    assert pixel_colour(image, "density", lon[top], lat[top])[:3] == hexrgb(colours[-1])


def test_density_frame_without_its_columns_is_refused(grid, density):
    from geo.errors import OptionError

    with pytest.raises(OptionError, match="masked"):
        maps.hotspot_map(grid, column="value", title="t", density=density.drop(columns="masked"))


def test_density_legend_in_english(grid, density):
    fmap = maps.hotspot_map(grid, column="value", title="t", lang="en", density=density, summary=SUMMARY)
    data = payload(fmap.get_root().render())
    assert data["layerNames"]["density"] == "Density (incidents per km\u00b2)"
    assert data["text"]["density_unit"] == "{x} per km\u00b2"
    assert "fewer than 5 incidents" in data["legends"]["density"]["note"]


# --- privacy ---------------------------------------------------------------------------------------


def decode(encoded: str) -> list[tuple[float, float]]:
    """Google's encoded polyline (lat, lon, precision 5)."""
    out, i, lat, lon = [], 0, 0, 0
    while i < len(encoded):
        values = []
        for _ in range(2):
            shift = result = 0
            while True:
                b = ord(encoded[i]) - 63
                i += 1
                result |= (b & 0x1F) << shift
                shift += 5
                if b < 0x20:
                    break
            values.append(~(result >> 1) if result & 1 else result >> 1)
        lat += values[0]
        lon += values[1]
        out.append((lat / 1e5, lon / 1e5))
    return out


def test_the_page_holds_only_square_corners_never_an_incident(grid, density, points, tmp_path):
    from pyproj import Transformer

    path = tmp_path / "map.html"
    maps.save(maps.hotspot_map(grid, column="value", title="t", summary=SUMMARY, density=density,
                               options=maps.MapOptions(big_map_cells=100)), path)
    page = path.read_text(encoding="utf-8")
    data = payload(page)
    rings = [ring for polys in data["geom"] for rings in polys for ring in rings]
    coords = np.array([c for ring in rings for c in decode(ring)])
    assert len(coords) >= 4 * len(data["codes"])
    x, y = Transformer.from_crs("EPSG:4326", "EPSG:28992", always_xy=True).transform(coords[:, 1], coords[:, 0])
    # Every vertex is a corner of a 100 m square (precision 5 is about a metre).
    off = np.hypot(x - np.round(x / 100) * 100, y - np.round(y / 100) * 100)
    assert off.max() < 1.5, off.max()
    # No incident's position, in metres or in degrees, appears anywhere in the page.
    lon, lat = Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True).transform(points.x, points.y)
    for values in (points.x, points.y):
        assert not any(f"{v:.1f}" in page for v in values[:50])
    assert not any(f"{v:.5f}" in page for v in np.concatenate([lon, lat]))
    # Tooltips say "<5" for hidden counts: their values are gone from the page, the flag is there.
    small = [i for i, s in enumerate(data["suppressed"]) if s]
    assert small and all(data["value"][i] is None for i in small) and data["minCount"] == 5


# --- in Chromium ---------------------------------------------------------------------------------------


def sample(shot: np.ndarray, x: float, y: float) -> np.ndarray:
    """The median colour of the 3 x 3 screen pixels around (x, y)."""
    xi, yi = round(x), round(y)
    return np.median(shot[yi - 1:yi + 2, xi - 1:xi + 2].reshape(-1, 3), axis=0)


def screenshot(page, path) -> np.ndarray:
    from PIL import Image

    page.mouse.move(1, 599)
    page.wait_for_timeout(150)
    page.screenshot(path=str(path))
    return np.asarray(Image.open(path).convert("RGB")).astype(int)


def screen_points(page, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    return np.array(page.evaluate("(pts) => pts.map(p => { const c = window.vmgeo.map.latLngToContainerPoint(p); "
                                  "return [c.x, c.y]; })", [[float(a), float(o)] for a, o in zip(lat, lon)]))


def clear(page, xy: np.ndarray) -> np.ndarray:
    """Which screen points show the map itself: no title, legend or control (nor its shadow) within 8 pixels."""
    return np.array(page.evaluate("""(pts) => pts.map(p => [[0, 0], [-8, -8], [8, -8], [-8, 8], [8, 8]].every(d => {
        const e = document.elementFromPoint(p[0] + d[0], p[1] + d[1]);
        return !!e && !e.closest('.leaflet-control, .vmgeo-title'); }))""", xy.tolist()))


@pytest.mark.browser
def test_hot_squares_show_in_the_hot_colour_at_their_place(browser, grid, density, tmp_path):
    path = tmp_path / "map.html"
    maps.save(maps.hotspot_map(grid, column="value", title="Raster", summary=SUMMARY, density=density,
                               options=maps.MapOptions(big_map_cells=100)), path)
    visit = open_page(browser, path, width=900, height=600)
    assert visit.errors == [] and visit.blocked == []
    page = visit.page
    assert page.evaluate("document.querySelectorAll('img.vmgeo-image').length") == 1
    shot = screenshot(page, tmp_path / "lisa.png")
    lon, lat = centres(grid)
    xy = screen_points(page, lon, lat)
    seen = clear(page, xy)
    hot = (grid["lisa_cluster"] == cat.HH).to_numpy() & seen
    quiet = (grid["lisa_cluster"] == cat.NOT_SIGNIFICANT).to_numpy() & seen
    assert hot.sum() >= 5 and quiet.sum() > 100
    for i in np.flatnonzero(hot):
        assert np.abs(sample(shot, *xy[i]) - blended(cat.LISA_COLOURS[cat.HH])).max() <= 3, grid["code"].iloc[i]
    for i in np.flatnonzero(quiet)[::10]:
        assert np.abs(sample(shot, *xy[i]) - blended(cat.LISA_COLOURS[cat.NOT_SIGNIFICANT])).max() <= 3

    # The layer switcher: Gi* shows Gi*'s image and legend.
    page.locator(".leaflet-control-layers-base label", has_text="Gi*").click()
    page.wait_for_function("document.getElementById('vmgeo-legend').getAttribute('data-layer') === 'gi'")
    shot = screenshot(page, tmp_path / "gi.png")
    seen = clear(page, xy)  # the legend of Gi* is taller
    for i in np.flatnonzero(seen)[::5]:
        expected = blended(cat.GI_COLOURS[int(grid["gi_bin"].iloc[i])])
        assert np.abs(sample(shot, *xy[i]) - expected).max() <= 3, grid["code"].iloc[i]

    # Tooltips: a significant square has one (a hidden count reads "<5"); a quiet square has none.
    data = payload(path.read_text(encoding="utf-8"))
    small = next(i for i, s in enumerate(data["suppressed"]) if s)
    row = int(np.flatnonzero(grid["code"].to_numpy() == data["codes"][small])[0])
    assert clear(page, xy[[row]])[0]
    page.mouse.move(float(xy[row][0]), float(xy[row][1]))
    page.wait_for_selector(".leaflet-tooltip", timeout=5_000)
    tip = page.locator(".leaflet-tooltip").inner_text()
    assert data["codes"][small] in tip and re.search(r"Waarde\s+<5", tip), tip
    nothing = int(np.flatnonzero(quiet & ~grid["code"].isin(data["codes"]).to_numpy())[0])
    page.mouse.move(1, 599)
    page.wait_for_timeout(150)
    page.mouse.move(float(xy[nothing][0]), float(xy[nothing][1]))
    page.wait_for_timeout(300)
    assert page.locator(".leaflet-tooltip").count() == 0 or not page.locator(".leaflet-tooltip").is_visible()

    # The density layer: classed colours, masked squares show the background.
    page.locator(".leaflet-control-layers-base label", has_text="Dichtheid").click()
    page.wait_for_function("document.getElementById('vmgeo-legend').getAttribute('data-layer') === 'density'")
    shot = screenshot(page, tmp_path / "density.png")
    dlon, dlat = centres(density)
    dxy = screen_points(page, dlon, dlat)
    dseen = clear(page, dxy)
    masked = density["masked"].to_numpy()
    colours = [np.array(blended(c)) for c, _ in data["legends"]["density"]["items"]]
    for i in np.flatnonzero(dseen & masked)[::3]:
        assert np.abs(sample(shot, *dxy[i]) - np.array(BACKGROUND)).max() <= 2
    for i in np.flatnonzero(dseen & ~masked)[::3]:
        assert min(np.abs(sample(shot, *dxy[i]) - c).max() for c in colours) <= 3
    page.close()


@pytest.mark.browser
def test_density_as_polygons_on_a_small_map(browser, grid, density, tmp_path):
    path = tmp_path / "map.html"
    maps.save(maps.hotspot_map(grid, column="value", title="Raster", summary=SUMMARY, density=density,
                               options=maps.MapOptions(active="density", layers=("value", "lisa", "density"))), path)
    visit = open_page(browser, path, width=900, height=600)
    assert visit.errors == []
    page = visit.page
    # The areas make way for the density squares; only unmasked squares are drawn.
    assert page.evaluate("window.vmgeo.map.hasLayer(window.vmgeo.areas)") is False
    assert page.evaluate("window.vmgeo.density.getLayers().length") == int((~density["masked"]).sum())
    shot = screenshot(page, tmp_path / "density.png")
    lon, lat = centres(density)
    xy = screen_points(page, lon, lat)
    seen = clear(page, xy)
    masked = density["masked"].to_numpy()
    for i in np.flatnonzero(seen & masked)[::3]:
        assert np.abs(sample(shot, *xy[i]) - np.array(BACKGROUND)).max() <= 2
    page.locator(".leaflet-control-layers-base label", has_text="LISA").click()
    page.wait_for_function("window.vmgeo.map.hasLayer(window.vmgeo.areas)")
    page.close()
