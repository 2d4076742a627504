"""A density surface per period of a space-time cube (issue 18, "Density" with "Time").

With ``--interval`` (or ``--period`` as a list) the density layer holds one
surface per period, a column each: one bandwidth for the whole cube
(ArcGIS's rule on all its incidents, so the periods' surfaces compare), each
period masked by its own incidents' contributions; a row per square shown in
some period. The map draws the last period, the one whose hot spots it shows.
"""

from __future__ import annotations

import json
import warnings
from dataclasses import replace

import geopandas as gpd
import numpy as np
import pytest

from geo import grid
from geo.density import default_bandwidth, kernel_density, period_column, square_density, study_squares
from geo.grid import Slots, cell_codes, cell_index, polygon_aggregation
from geo.incidents import Incidents, in_period, incident_files, read_incidents, synthetic_export
from geo.maps import big
from geo.settings import DEFAULT_SEED
from tests.conftest import run_cli, write_partitions

COLUMNS = dict(x="X-coördinaat", y="Y-coördinaat", date="Pleegdatum")
FLAGS = ["--x", "X-coordinaat", "--y", "Y-coordinaat", "--date", "Pleegdatum"]
FAST = ["--permutations", "99", "--layers", "value,gi", "--lang", "en"]
YEARS = ("2021JJ00", "2022JJ00", "2023JJ00")


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    return synthetic_export(tmp_path_factory.mktemp("density_cube") / "export.csv", n=20_000, seed=DEFAULT_SEED)


@pytest.fixture(scope="module")
def incidents(export):
    return read_incidents(export, **COLUMNS)


@pytest.fixture(scope="module")
def gemeenten(gemeenten_rd):
    return gpd.read_file(gemeenten_rd)


@pytest.fixture(scope="module")
def eindhoven(gemeenten):
    return gemeenten[gemeenten["statcode"] == "GM0772"]


def _subset(incidents: Incidents, keep) -> Incidents:
    return replace(incidents, x=incidents.x[keep], y=incidents.y[keep], rows=incidents.rows[keep],
                   dates=incidents.dates[keep] if incidents.dates is not None else None, types=None)


def test_each_period_is_the_surface_of_its_own_incidents_with_the_cubes_bandwidth(incidents, eindhoven):
    squares = study_squares(eindhoven, cell=100)
    codes = cell_codes(*squares, cell=100)
    layer = square_density(incidents, squares, cell=100, slots=Slots.interval("year"), min_count=5)
    assert layer.periods == YEARS
    assert [c for c in layer.frame.columns if c.startswith("density_")] == [period_column(k) for k in YEARS]
    inside = np.isin(cell_codes(*cell_index(incidents.x, incidents.y, cell=100), cell=100), codes)
    # One bandwidth: ArcGIS's rule on every incident of the cube in the squares.
    assert layer.bandwidth == pytest.approx(default_bandwidth(incidents.x[inside], incidents.y[inside]))
    whole = kernel_density(_subset(incidents, inside), cell=100, bandwidth=layer.bandwidth, cells=codes, min_count=5)
    for key in YEARS:
        own = _subset(incidents, inside & in_period(incidents.dates, (key,)))
        expected = kernel_density(own, cell=100, bandwidth=layer.bandwidth, cells=codes, min_count=5).frame
        shown = expected[~expected["masked"]].set_index("code")["density"]
        got = layer.frame.set_index("code")[period_column(key)].dropna()
        assert got.index.tolist() == shown.index.tolist() and len(got) > 20
        # Stored as float32: seven digits.
        np.testing.assert_allclose(got.to_numpy(), shown.to_numpy(), rtol=1e-6)
        # Masked by its own incidents: a year of about a third of them shows fewer squares than the whole cube.
        assert len(got) < int((~whole.frame["masked"]).sum())
    # A row per square shown in some year; density and masked are the last year's.
    years = layer.frame[[period_column(k) for k in YEARS]]
    assert years.notna().any(axis=1).all()
    assert layer.frame["masked"].tolist() == years[period_column("2023JJ00")].isna().tolist()
    record = layer.report()
    assert record["periods"] == 3 and record["period"] == "2023JJ00" and record["squares"] == len(codes)
    assert record["masked"] == len(codes) - int((~layer.frame["masked"]).sum())
    assert record["shown"] == int(years.notna().to_numpy().sum())


def test_a_cube_with_no_square_shown_in_any_period_is_an_empty_layer_not_a_crash(incidents, eindhoven, tmp_path):
    """A review: a sparse type by month with --min-count 10 stopped with numpy's "zero-size array" (the single
    surface said every square was masked). Now the cube's layer is empty too, and written as such."""
    squares = study_squares(eindhoven, cell=100)
    layer = square_density(incidents, squares, cell=100, slots=Slots.interval("month"), min_count=len(incidents) + 1)
    assert len(layer.frame) == 0 and len(layer.periods) == 36 and len(grid.cell_codes([], [], cell=100)) == 0
    record = layer.report()
    assert record["shown"] == 0 and record["masked"] == record["squares"] == len(squares[0])
    path = tmp_path / "leeg.gpkg"
    layer.frame.drop(columns=["density", "masked"]).to_file(path, layer="density", engine="pyogrio")
    assert len(gpd.read_file(path, layer="density")) == 0


def test_a_list_of_periods_counts_an_incident_in_every_key_that_holds_it(incidents, eindhoven):
    squares = study_squares(eindhoven, cell=500)
    slots = Slots(keys=("2022JJ00", "2022KW04"))
    layer = square_density(incidents, squares, cell=500, slots=slots, bandwidth=1000, min_count=1)
    year = layer.frame.set_index("code")[period_column("2022JJ00")].dropna()
    quarter = layer.frame.set_index("code")[period_column("2022KW04")].dropna()
    # The fourth quarter's incidents are part of the year's: its surface lies under the year's everywhere.
    assert len(quarter) > 10 and (quarter <= year.reindex(quarter.index) * (1 + 1e-6)).all()
    assert year.sum() > 2 * quarter.sum()


@pytest.fixture(scope="module")
def three(gemeenten):
    return gemeenten[gemeenten["statcode"].isin(("GM0772", "GM0848", "GM0820"))]


def test_a_cube_from_counts_per_square_is_close_to_the_points_per_period(export, incidents, three, tmp_path):
    """Partitions: polygons counted per 100 m square and period in the same pass, against the points per period."""
    write_partitions(export, tmp_path)
    files = incident_files(tmp_path, **COLUMNS)
    slots = Slots.interval("year")
    agg = polygon_aggregation(files, three, code_column="statcode", slots=slots, squares=True)
    assert agg.squares is not None and agg.squares.cell == 100 and agg.squares.cube is not None
    assert agg.squares.total == len(incidents)  # every incident in its square, in or out of the polygons
    squares = study_squares(three, cell=100)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        counted = square_density(agg.squares, squares, cell=100, slots=slots, min_count=5)
        points = square_density(incidents, squares, cell=100, slots=slots, min_count=5)
    assert counted.source == "counts" and counted.method == "binned" and counted.periods == points.periods == YEARS
    assert counted.bandwidth == pytest.approx(points.bandwidth, rel=0.01)
    for key in YEARS:
        a = points.frame.set_index("code")[period_column(key)].dropna()
        b = counted.frame.set_index("code")[period_column(key)].dropna()
        both = a.index.intersection(b.index)
        assert len(both) > 500
        assert (a[both] - b[both]).abs().max() < 0.10 * a.max()
        # The counts never show a square the points hide (an incident contributes only if it does wherever it lies
        # in its 100 m square); that hides about a quarter of the points' shown squares at this bandwidth (446 m).
        assert set(b.index) <= set(a.index) and len(b) > 0.6 * len(a)


def test_the_map_draws_the_last_period_without_the_period_columns():
    frame = gpd.GeoDataFrame({"code": ["E1610N3830"], "density": [np.nan], "masked": [True],
                              "density_2022JJ00": [1.0], "density_2023JJ00": [np.nan]},
                             geometry=grid.cell_boxes(np.array([1610]), np.array([3830]), cell=100), crs="EPSG:28992")
    shown, period = big.shown_surface(frame)
    assert period == "2023JJ00" and list(shown.columns) == ["code", "density", "masked", "geometry"]
    one, none = big.shown_surface(shown)
    assert none is None and one is shown


@pytest.fixture(scope="module")
def series_run(export, gemeenten_rd, tmp_path_factory):
    out = tmp_path_factory.mktemp("cube_run") / "out"
    done = run_cli("hotspots", "--incidents", str(export), *FLAGS, "--grid", "500", "--boundaries", str(gemeenten_rd),
                   "--within", "GM0772", "--interval", "year", "--out", str(out), *FAST)
    assert done.returncode == 0, done.stderr
    return done, out


def test_results_gpkg_holds_a_surface_per_period(series_run):
    _, out = series_run
    layer = gpd.read_file(out / "results.gpkg", layer="density")
    summary = json.loads((out / "summary.json").read_text())
    assert list(layer.columns) == ["code", *(period_column(k) for k in YEARS), "geometry"]
    assert list(YEARS) == summary["series"]["periods"] and layer["code"].is_unique
    years = layer[[period_column(k) for k in YEARS]]
    assert years.notna().any(axis=1).all() and (years.notna().sum() > 10).all()
    record = summary["aggregation"]["density"]
    assert record["periods"] == 3 and record["period"] == "2023JJ00"
    assert record["shown"] == int(years.notna().to_numpy().sum())


def test_the_terminal_says_which_period_the_density_count_is_of(series_run):
    done, out = series_run
    record = json.loads((out / "summary.json").read_text())["aggregation"]["density"]
    said = [line for line in done.stdout.splitlines() if line.lstrip().startswith("Density layer")]
    assert len(said) == 2 and f"{record['masked']:,} of {record['squares']:,} squares masked" in said[0]
    assert "per period (3 periods, one bandwidth); the map and the masking above are of 2023" in said[1]


def test_the_series_map_shows_the_density_of_the_period_of_its_hot_spots(series_run):
    _, out = series_run
    page = (out / "map.html").read_text(encoding="utf-8")
    data = json.loads(page.split('id="vmgeo-data">', 1)[1].split("</script>", 1)[0])
    layer = gpd.read_file(out / "results.gpkg", layer="density")
    last = layer[layer[period_column("2023JJ00")].notna()]
    assert data["density"]["codes"] == last["code"].tolist()
    np.testing.assert_allclose(data["density"]["values"], last[period_column("2023JJ00")].to_numpy(), atol=0.051)
    assert data["layerNames"]["density"] == "Density 2023 (incidents per km\u00b2)"
    # The hot spots are the last period's, and their layers say so (the title spans the whole series).
    assert data["layerNames"]["gi"].endswith(" \u2013 2023") and data["layerNames"]["value"].endswith(" \u2013 2023")
    assert "period_2021JJ00" in data["layerNames"] and not data["layerNames"]["period_2021JJ00"].endswith("2023")
    assert data["text"]["density_row"] == "Density 2023"
    note = data["legends"]["density"]["note"]
    assert note.startswith("2023: the period of the map's hot spots;")
    # The columns it names are the layer's (there is no column "period").
    assert f"columns {period_column('2021JJ00')} to {period_column('2023JJ00')}" in note


def test_squares_of_partitions_give_a_surface_per_period_from_their_own_counts(export, gemeenten_rd, tmp_path):
    """``--grid 100 --interval year`` on a folder of partitions: per year the binned surface, close to the points'."""
    from geo import readers
    from geo.settings import from_env

    write_partitions(export, tmp_path)
    tables = {}
    for name, source in (("points", export), ("counts", tmp_path)):
        opts = readers.Options(incidents=str(source), x="X-coordinaat", y="Y-coordinaat", date="Pleegdatum",
                               boundaries=[str(gemeenten_rd)], grid=100, within="GM0772", interval="year")
        tables[name] = readers.figures(opts, levels=["gemeente"], settings=from_env())
    points, counts = tables["points"], tables["counts"]
    assert counts.aggregation.density["source"] == "counts" and counts.aggregation.density["periods"] == 3
    assert counts.aggregation.density["bandwidth"] == pytest.approx(points.aggregation.density["bandwidth"], rel=0.01)
    for key in YEARS:
        a = points.density.set_index("code")[period_column(key)].dropna()
        b = counts.density.set_index("code")[period_column(key)].dropna()
        both = a.index.intersection(b.index)
        assert len(both) > 500 and (a[both] - b[both]).abs().max() < 0.10 * a.max()
        assert set(b.index) <= set(a.index)


def test_squares_of_500_m_from_partitions_get_a_surface_from_100_m_counts(export, gemeenten_rd, tmp_path):
    """A review: ``--grid 500`` from partitions had no density layer (its own 500 m counts are too coarse for the
    bandwidth); 100 m squares are counted in the same pass, and the surface is close to the points'."""
    from geo import readers
    from geo.settings import from_env

    write_partitions(export, tmp_path)
    tables = {}
    for name, source in (("points", export), ("counts", tmp_path)):
        opts = readers.Options(incidents=str(source), x="X-coordinaat", y="Y-coordinaat", date="Pleegdatum",
                               boundaries=[str(gemeenten_rd)], grid=500, within="GM0772")
        tables[name] = readers.figures(opts, levels=["gemeente"], settings=from_env())
    points, counts = tables["points"], tables["counts"]
    assert counts.aggregation.density is not None and counts.aggregation.density["source"] == "counts"
    assert counts.aggregation.density["cell"] == 500
    assert counts.aggregation.density["bandwidth"] == pytest.approx(points.aggregation.density["bandwidth"], rel=0.01)
    a = points.density.set_index("code")["density"].dropna()
    b = counts.density.set_index("code")["density"].dropna()
    both = a.index.intersection(b.index)
    assert len(both) > 20 and (a[both] - b[both]).abs().max() < 0.10 * a.max()
    assert set(b.index) <= set(a.index)
