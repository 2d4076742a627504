"""The density layer of every target (issue 18): hexagons, polygons, and squares counted file by file.

A density surface is always on CBS squares; it need not share the target's
cells. These runs are small (20,000 synthetic incidents around Eindhoven's
centre, 99 permutations); the kernel itself is checked by hand in
tests/test_density.py.
"""

from __future__ import annotations

import json
import math
import warnings
from dataclasses import replace

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely

from geo import density, readers
from geo.density import (
    BINNED_MIN_SIDES,
    counted_density,
    default_bandwidth,
    density_cell,
    kernel_density,
    study_density,
)
from geo.errors import DataError
from geo.grid import cell_codes, cell_index, cells_in
from geo.incidents import Incidents, read_incidents, synthetic_export
from geo.settings import DEFAULT_SEED, from_env
from tests.conftest import run_cli, write_partitions

FLAGS = ["--x", "X-coordinaat", "--y", "Y-coordinaat", "--date", "Pleegdatum"]
FAST = ["--permutations", "99", "--layers", "value,gi"]
#: Three gemeenten around Eindhoven: Eindhoven, Son en Breugel, Nuenen.
NEAR_EINDHOVEN = ("GM0772", "GM0848", "GM0820")


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    path = tmp_path_factory.mktemp("density_targets") / "export.csv"
    return synthetic_export(path, n=20_000, seed=DEFAULT_SEED)


@pytest.fixture(scope="module")
def incidents(export):
    return read_incidents(export, x="X-coördinaat", y="Y-coördinaat", date="Pleegdatum")


@pytest.fixture(scope="module")
def gemeenten(testdata):
    return gpd.read_file(testdata / "boundaries" / "gemeente_2023_rd.geojson")


@pytest.fixture(scope="module")
def three(gemeenten, tmp_path_factory):
    """A boundary file of the three gemeenten around Eindhoven (polygon targets)."""
    path = tmp_path_factory.mktemp("three") / "drie.geojson"
    gemeenten[gemeenten["statcode"].isin(NEAR_EINDHOVEN)].to_file(path, driver="GeoJSON")
    return path


def _inside(incidents: Incidents, codes, cell: int) -> Incidents:
    """The incidents in the squares ``codes`` (worked out by arithmetic, as a user of the grid would)."""
    inside = np.isin(cell_codes(*cell_index(incidents.x, incidents.y, cell=cell), cell=cell), np.asarray(codes))
    return replace(incidents, x=incidents.x[inside], y=incidents.y[inside], rows=incidents.rows[inside],
                   dates=None, types=None)


# --- The square size of a surface over a study area.


def test_density_cell_is_the_smallest_cbs_size_under_the_limit(gemeenten):
    eindhoven = gemeenten[gemeenten["statcode"] == "GM0772"]
    assert density_cell(eindhoven) == 100  # 88 km²: about 9,000 squares of 100 m
    # The country: about 4.2 million squares of 100 m, 170,000 of 500 m.
    assert density_cell(gemeenten) == 500
    assert len(cells_in(gemeenten, cell=500)[0]) == 143_808 <= density.MAX_SQUARES
    assert density_cell(eindhoven, max_squares=5_000) == 500
    assert density_cell(eindhoven, max_squares=10) == 1000  # never coarser than CBS's largest


# --- Hexagons: a surface of 100 m squares over the hexagons, in the GeoPackage, on the map, in the summary.


@pytest.fixture(scope="module")
def hex_run(export, testdata, tmp_path_factory):
    pytest.importorskip("h3")
    out = tmp_path_factory.mktemp("hex") / "out"
    done = run_cli("hotspots", "--incidents", str(export), *FLAGS, "--hex", "8",
                   "--boundaries", str(testdata / "boundaries" / "gemeente_2023_rd.geojson"), "--within", "GM0772",
                   "--out", str(out), "--lang", "en", *FAST)
    assert done.returncode == 0, done.stderr
    return done, out


def test_hexagons_get_a_density_layer_on_squares(hex_run, incidents):
    done, out = hex_run
    hexagons = gpd.read_file(out / "results.gpkg", layer="hotspots").to_crs("EPSG:28992")
    layer = gpd.read_file(out / "results.gpkg", layer="density")
    # Every 100 m square that meets a hexagon, and only those.
    ix, iy = cells_in(hexagons, cell=100)
    assert layer["code"].tolist() == cell_codes(ix, iy, cell=100).tolist()
    assert np.allclose(shapely.area(layer.geometry.values), 100 * 100)
    # The surface of the incidents in those squares, masked below the default of 100 m squares (5).
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = kernel_density(_inside(incidents, layer["code"], 100), cell=100, cells=layer, min_count=5)
    np.testing.assert_allclose(layer["density"].to_numpy(dtype=float), expected.frame["density"].to_numpy(),
                               equal_nan=True)
    assert layer["masked"].tolist() == expected.frame["masked"].tolist() and layer["masked"].any()
    record = json.loads((out / "summary.json").read_text())["aggregation"]["density"]
    assert record["cell"] == 100 and record["source"] == "points" and record["min_count"] == 5
    assert record["bandwidth"] == pytest.approx(expected.bandwidth, abs=0.1) and record["bandwidth"] >= 100
    assert f"Density layer: bandwidth {round(expected.bandwidth):,} m" in done.stdout
    assert "No density layer" not in done.stdout


def test_the_hexagon_map_says_the_squares_of_its_density(hex_run):
    _, out = hex_run
    page = (out / "map.html").read_text(encoding="utf-8")
    data = json.loads(page.split('id="vmgeo-data">', 1)[1].split("</script>", 1)[0])
    record = json.loads((out / "summary.json").read_text())["aggregation"]["density"]
    assert "density" in data["layers"] and data["density"]["codes"]
    note = data["legends"]["density"]["note"]
    assert note.startswith(f"Computed on squares of 100 m, bandwidth {round(record['bandwidth']):,} m.")
    assert "fewer than 5 incidents contribute" in note


# --- Polygons: the target areas are the study area of the surface.


def test_polygons_get_a_density_layer_over_the_areas(export, incidents, gemeenten, three):
    opts = readers.Options(incidents=str(export), x="X-coordinaat", y="Y-coordinaat", date="Pleegdatum",
                           boundaries=[str(three)])
    table = readers.figures(opts, levels=[opts.level], settings=from_env())
    assert table.aggregation is not None and table.aggregation.target == "polygons"
    assert table.density is not None
    areas = gemeenten[gemeenten["statcode"].isin(NEAR_EINDHOVEN)]
    ix, iy = cells_in(areas, cell=100)
    assert table.density["code"].tolist() == cell_codes(ix, iy, cell=100).tolist()
    direct = study_density(incidents, areas, min_count=5)
    np.testing.assert_allclose(table.density["density"].to_numpy(dtype=float), direct.frame["density"].to_numpy(),
                               equal_nan=True)
    assert table.aggregation.density is not None and table.aggregation.density["cell"] == 100


@pytest.mark.browser
def test_polygon_run_writes_and_draws_the_density(export, three, tmp_path, browser):
    out = tmp_path / "out"
    done = run_cli("hotspots", "--incidents", str(export), *FLAGS, "--boundaries", str(three), "--out", str(out),
                   "--min-count", "3", *FAST)
    assert done.returncode == 0, done.stderr
    assert set(pyogrio.list_layers(out / "results.gpkg")[:, 0]) == {"hotspots", "density"}
    record = json.loads((out / "summary.json").read_text())["aggregation"]["density"]
    assert record["min_count"] == 3 and record["cell"] == 100
    page = (out / "map.html").read_text(encoding="utf-8")
    assert "Berekend op vierkanten van 100 m, bandbreedte" in page
    assert "Dichtheidskaart: bandbreedte" in done.stdout and "Geen dichtheidskaart" not in done.stdout
    # A trial saw two blobs without the gemeenten: their outlines stay on top of the density, not clickable.
    from tests.browser import open_page

    visit = open_page(browser, out / "map.html", width=900, height=600)
    page = visit.page
    page.locator(".leaflet-control-layers").hover()
    page.locator(".leaflet-control-layers-base label", has_text="Dichtheid").click()
    page.wait_for_function("window.vmgeo.map.hasLayer(window.vmgeo.density)")
    assert page.evaluate("window.vmgeo.map.hasLayer(window.vmgeo.outlines)") is True
    assert page.evaluate("window.vmgeo.outlines.getLayers().length") == 3
    page.locator(".leaflet-control-layers-base label", has_text="Waarde").click()
    page.wait_for_function("window.vmgeo.map.hasLayer(window.vmgeo.areas)")
    assert page.evaluate("window.vmgeo.map.hasLayer(window.vmgeo.outlines)") is False
    assert visit.errors == []
    page.close()


# --- Squares counted file by file: the binned surface of the counts, where that is honest.


@pytest.fixture(scope="module")
def parts(export, tmp_path_factory):
    return write_partitions(export, tmp_path_factory.mktemp("parts"))


def test_partitions_get_a_binned_density_from_their_counts(parts, incidents, gemeenten, testdata):
    opts = readers.Options(incidents=str(parts), x="X-coordinaat", y="Y-coordinaat", date="Pleegdatum",
                           boundaries=[str(testdata / "boundaries" / "gemeente_2023_rd.geojson")], grid=100,
                           within="GM0772")
    table = readers.figures(opts, levels=["gemeente"], settings=from_env())
    assert table.density is not None and table.aggregation is not None
    record = table.aggregation.density
    assert record["method"] == "binned" and record["source"] == "counts" and record["cell"] == 100
    # The same surface as the exact kernel of the square centres, one point per incident counted there.
    counts = table.frame.set_index("code")["count"]
    ix, iy = readers.grid.parse_codes(counts.index.to_numpy(dtype=object), cell=100)
    n = counts.to_numpy(dtype=np.int64)
    centres = Incidents(source="centres", x=np.repeat((ix + 0.5) * 100.0, n), y=np.repeat((iy + 0.5) * 100.0, n),
                        dates=None, types=None, rows=np.arange(n.sum()), read=int(n.sum()))
    some = n > 0
    h = default_bandwidth((ix[some] + 0.5) * 100.0, (iy[some] + 0.5) * 100.0, weights=n[some], cell=100)
    assert record["bandwidth"] == pytest.approx(h, abs=0.05)
    by_centres = kernel_density(centres, cell=100, bandwidth=h, cells=table.frame, min_count=5)
    got, centred = table.density["density"].to_numpy(dtype=float), by_centres.frame["density"].to_numpy()
    shown = np.isfinite(got)
    np.testing.assert_allclose(got[shown], centred[shown], rtol=1e-9)
    # ... and close to the surface of the points themselves: the bandwidth within 1%, the surface within 10% of its
    # peak in every square both show.
    points = kernel_density(_inside(incidents, table.frame["code"], 100), cell=100, cells=table.frame, min_count=5)
    assert record["bandwidth"] == pytest.approx(points.bandwidth, rel=0.01)
    a, b = points.frame["density"].to_numpy(), got
    both = np.isfinite(a) & np.isfinite(b)
    assert both.sum() > 1000 and np.max(np.abs(a[both] - b[both])) < 0.10 * np.nanmax(a)
    # The mask never shows a square the points hide: an incident counts as contributing only when it does wherever
    # it lies in its square (here about 3 in 4 of the squares the points show are shown).
    assert not (shown & ~np.isfinite(a)).any() and shown.sum() > 0.6 * np.isfinite(a).sum()


def test_partitions_on_squares_of_500_m_get_a_density_from_100_m_counts(parts, testdata, tmp_path):
    """Their own 500 m counts are too coarse for the bandwidth (refused: the test below); 100 m squares are
    counted in the same pass, so the layer is made on the 500 m squares and written beside the results."""
    out = tmp_path / "out"
    done = run_cli("hotspots", "--incidents", str(parts), *FLAGS, "--grid", "500",
                   "--boundaries", str(testdata / "boundaries" / "gemeente_2023_rd.geojson"), "--within", "GM0772",
                   "--out", str(out), "--lang", "en", *FAST)
    assert done.returncode == 0, done.stderr
    record = json.loads((out / "summary.json").read_text())["aggregation"]["density"]
    assert record["source"] == "counts" and record["cell"] == 500 and record["squares"] > record["masked"]
    assert "counts per square give no honest density layer" not in done.stderr
    assert "No density layer" not in done.stdout and "Density layer: bandwidth" in done.stdout
    assert set(pyogrio.list_layers(out / "results.gpkg")[:, 0]) == {"hotspots", "density"}


def test_counted_density_refuses_a_bandwidth_under_three_squares():
    counts = pd.DataFrame({"code": ["E1610N3830", "E1615N3830", "E1610N3835"], "count": [4, 3, 5]})
    with pytest.raises(DataError, match=r"3 squares of 500 m|3 vierkanten van 500 m"):
        counted_density(counts, cell=500, bandwidth=1400)
    layer = counted_density(counts, cell=500, bandwidth=BINNED_MIN_SIDES * 500, min_count=1)
    assert layer.method == "binned" and layer.source == "counts" and layer.bandwidth == 1500
    # The middle of E1610N3830 holds its own 4 incidents at distance 0, the others at 500 m: by hand.
    k = lambda d: 3 / (math.pi * 1500**2) * (1 - (d / 1500) ** 2) ** 2 * 1e6  # noqa: E731
    assert layer.frame.set_index("code").loc["E1610N3830", "density"] == pytest.approx(4 * k(0) + 3 * k(500)
                                                                                        + 5 * k(500))


def test_weighted_bandwidth_is_the_rule_on_repeated_points():
    rng = np.random.default_rng(3)
    x, y = rng.uniform(0, 1000, 40), rng.uniform(0, 1000, 40)
    w = rng.integers(1, 6, 40)
    assert default_bandwidth(x, y, weights=w) == pytest.approx(default_bandwidth(np.repeat(x, w), np.repeat(y, w)),
                                                               rel=1e-12)
    # With a cell, the spread inside a square is added to the standard distance (cell² / 6).
    wide = default_bandwidth(x, y, weights=w, cell=100)
    assert wide >= default_bandwidth(x, y, weights=w)
