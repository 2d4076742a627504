"""``vmgeo trend --incidents``: the monthly early warning on an analyst's own export (issue 18).

A synthetic export (geo.incidents.synthetic_export: cp1252, ';', Dutch headers) over four years, with a late
surge planted in its last month; counted per gemeente (tests/data boundaries) and per CBS square.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from geo import trend
from geo.grid import cell_codes, cell_index
from geo.incidents import read_incidents, synthetic_export
from geo.settings import from_env
from geo.trend_options import TrendOptions
from tests.conftest import TESTDATA, assert_clean_failure, run_cli

GEMEENTEN = TESTDATA / "boundaries" / "gemeente_2023_rd.geojson"
COLUMNS = dict(x="X-coördinaat", y="Y-coördinaat", date="Pleegdatum", type="Maatschappelijke klasse")
#: The surge: burglaries in the centre of Utrecht in December 2023, the export's last month.
SURGE_AT = (136_750.0, 455_250.0)
SURGE = 70


def with_surge(path: Path, *, years: tuple[int, int] = (2020, 2023), surge: int = SURGE, kind: str = "Woninginbraak",
               day: str = "15-12-2023") -> Path:
    """The synthetic export, and ``surge`` incidents of ``kind`` within 200 m of :data:`SURGE_AT` on ``day``."""
    synthetic_export(path, n=60_000, years=years, seed=3)
    rng = np.random.default_rng(8)
    with open(path, "a", encoding="cp1252", newline="") as out:
        for i in range(surge):
            x, y = SURGE_AT[0] + rng.uniform(-200, 200), SURGE_AT[1] + rng.uniform(-200, 200)
            out.write(f"PS{i:09d};{x:.1f}".replace(".", ",") + f";{y:.1f}".replace(".", ",") + f";{day};{kind}\r\n")
    return path


@pytest.fixture(scope="module")
def export(tmp_path_factory) -> Path:
    return with_surge(tmp_path_factory.mktemp("export") / "export.csv")


def options(export: Path, **kw) -> TrendOptions:
    return TrendOptions(incidents=str(export), boundaries=(str(GEMEENTEN),), **COLUMNS, **kw)


def test_a_late_surge_in_gemeenten_is_flagged(export):
    result = trend.run(options(export), settings=from_env())
    table = result.table
    utrecht = table[(table["code"] == "GM0344") & (table["crime"] == "Woninginbraak")].iloc[0]
    assert utrecht["flagged"] and utrecht["months"] == "2023-12"
    # The counts are the export's own: December 2023 and the three Decembers before, counted by hand.
    import shapely

    points = read_incidents(export, **COLUMNS)
    utrecht_shape = result.frame.set_index("code").loc["GM0344", "geometry"]

    inside = shapely.contains_xy(utrecht_shape, points.x, points.y) & (points.types == "Woninginbraak")
    months = points.dates.astype("datetime64[M]")
    by_month = {str(m): int((inside & (months == m)).sum()) for m in np.unique(months[inside])}
    assert utrecht["observed"] == by_month["2023-12"] >= SURGE
    assert utrecht["previous_year"] == by_month["2022-12"]
    assert utrecht["expected"] == pytest.approx(np.mean([by_month[f"{y}-12"] for y in (2020, 2021, 2022)]))
    # Every gemeente and type is a row (zeros kept); without the surge few others are flagged: chance.
    assert len(table) == 342 * 5
    others = table[table["flagged"] & ~((table["code"] == "GM0344") & (table["crime"] == "Woninginbraak"))]
    assert len(others) <= max(3, 3 * result.by_chance), others[["code", "crime", "observed", "expected"]]
    # summary.json's record: what was read and where it went, never a coordinate.
    assert result.summary["incidents"]["used"] == len(points) == 60_000 + SURGE
    assert result.summary["aggregation"]["target"] == "polygons" and result.summary["interval"] == "month"
    assert result.summary["months_counted"] == ["2020MM12", "2023MM12"]


def test_a_late_surge_on_the_grid_without_types_through_the_command_line(export, tmp_path):
    import geopandas as gpd

    study = tmp_path / "utrecht.geojson"
    gemeenten = gpd.read_file(GEMEENTEN)
    gemeenten[gemeenten["statcode"] == "GM0344"].to_file(study, driver="GeoJSON")
    out = tmp_path / "out"
    run = run_cli("trend", "--incidents", str(export), "--x", COLUMNS["x"], "--y", COLUMNS["y"], "--date",
                  COLUMNS["date"], "--grid", "1000", "--boundaries", str(study), "--out", str(out), "--lang", "en")
    assert run.returncode == 0, run.stderr
    table = pd.read_csv(out / "trend.csv", dtype={"code": str})
    ix, iy = cell_index(np.array([SURGE_AT[0]]), np.array([SURGE_AT[1]]), cell=1000)
    square = cell_codes(ix, iy, cell=1000)[0]
    assert set(table["crime"]) == {"all incidents"}
    row = table.set_index("code").loc[square]
    assert row["flagged"] and row["observed"] >= SURGE
    # Only squares with an incident in the months counted; a square's series is the count of its own points.
    points = read_incidents(export, x=COLUMNS["x"], y=COLUMNS["y"], date=COLUMNS["date"])
    px, py = cell_index(points.x, points.y, cell=1000)
    december = points.dates.astype("datetime64[M]") == np.datetime64("2023-12")
    assert row["observed"] == int(((cell_codes(px, py, cell=1000) == square) & december).sum())
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["level"] == "grid" and summary["aggregation"]["cell"] == 1000
    # The study area: only squares meeting Utrecht, and the incidents elsewhere counted as outside it.
    assert 30 < len(table) < 120 and summary["aggregation"]["outside"] > 40_000
    assert summary["inputs"]["incidents"] == str(export)
    assert (out / "map.html").stat().st_size > 0
    # No coordinate of an incident in what was written (as the squares' corners are whole kilometres).
    written = "".join((out / name).read_text(encoding="utf-8") for name in ("trend.csv", "summary.json"))
    for x in points.x[december][:50]:
        assert f"{x:.1f}" not in written and f"{x:.1f}".replace(".", ",") not in written


def test_within_narrows_the_squares_to_one_gemeente_as_a_file_of_it_does(export, tmp_path):
    """``trend --grid --within GM0344`` counts in the squares of Utrecht, as a boundary file of Utrecht alone does
    (hotspots --incidents takes --within the same way); a code that is not there is one line."""
    import geopandas as gpd

    study = tmp_path / "utrecht.geojson"
    gemeenten = gpd.read_file(GEMEENTEN)
    gemeenten[gemeenten["statcode"] == "GM0344"].to_file(study, driver="GeoJSON")
    args = ["trend", "--incidents", str(export), "--x", COLUMNS["x"], "--y", COLUMNS["y"], "--date", COLUMNS["date"],
            "--grid", "1000", "--lang", "en"]
    alone = run_cli(*args, "--boundaries", str(study), "--out", str(tmp_path / "a"))
    within = run_cli(*args, "--boundaries", str(GEMEENTEN), "--within", "GM0344", "--out", str(tmp_path / "b"))
    assert alone.returncode == 0 and within.returncode == 0, within.stderr
    assert (tmp_path / "a" / "trend.csv").read_bytes() == (tmp_path / "b" / "trend.csv").read_bytes()
    wrong = run_cli(*args, "--boundaries", str(GEMEENTEN), "--within", "GM9999", "--out", str(tmp_path / "c"))
    assert_clean_failure(wrong, tmp_path / "c", "GM9999")


def test_a_boundary_file_without_a_crs_takes_boundary_crs_as_in_hotspots(export, tmp_path):
    """``trend --incidents`` has ``--crs`` for ``--x``/``--y``; a shapefile without .prj gets ``--boundary-crs``."""
    import warnings

    import geopandas as gpd

    utrecht = gpd.read_file(GEMEENTEN).to_crs("EPSG:28992")
    utrecht = utrecht[utrecht["statcode"] == "GM0344"]
    study, bare = tmp_path / "utrecht.geojson", tmp_path / "utrecht.shp"
    utrecht.to_file(study, driver="GeoJSON")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        utrecht.set_crs(None, allow_override=True).to_file(bare)
    assert not bare.with_suffix(".prj").exists()
    args = ["trend", "--incidents", str(export), "--x", COLUMNS["x"], "--y", COLUMNS["y"], "--date", COLUMNS["date"],
            "--grid", "1000", "--lang", "en"]
    refused = run_cli(*args, "--boundaries", str(bare), "--out", str(tmp_path / "no"))
    assert_clean_failure(refused, tmp_path / "no", "utrecht.shp", "--boundary-crs")
    done = run_cli(*args, "--boundaries", str(bare), "--boundary-crs", "EPSG:28992", "--out", str(tmp_path / "b"))
    alone = run_cli(*args, "--boundaries", str(study), "--out", str(tmp_path / "a"))
    assert done.returncode == 0 and alone.returncode == 0, done.stderr
    assert (tmp_path / "a" / "trend.csv").read_bytes() == (tmp_path / "b" / "trend.csv").read_bytes()
    pdok = run_cli(*args, "--level", "gemeente", "--boundary-crs", "EPSG:28992", "--out", str(tmp_path / "p"))
    assert_clean_failure(pdok, tmp_path / "p", "--boundary-crs", "--boundaries FILE")


def test_small_squares_hide_small_counts_in_what_is_written(export, tmp_path):
    """Issue 18's privacy rule: on squares of 500 m and smaller, counts below 5 are written as "<5", and the bound,
    ratio, excess and p-value of such a row (which give the count away) are left out; the warning is unchanged."""
    import geopandas as gpd

    study = tmp_path / "utrecht.geojson"
    gemeenten = gpd.read_file(GEMEENTEN)
    gemeenten[gemeenten["statcode"] == "GM0344"].to_file(study, driver="GeoJSON")
    base = dict(incidents=str(export), boundaries=(str(study),), grid=500, x=COLUMNS["x"], y=COLUMNS["y"],
                date=COLUMNS["date"])
    hidden = trend.run(TrendOptions(**base), settings=from_env())
    assert hidden.min_count == 5 and hidden.summary["min_count"] == 5
    assert hidden.table["observed"].dtype.kind == "i"  # the statistics keep the real counts
    shown = replace(hidden, min_count=0)  # as --min-count 0 would write it
    trend.write(hidden, tmp_path / "hidden")
    written = pd.read_csv(tmp_path / "hidden" / "trend.csv", dtype=str, keep_default_na=False)
    real = hidden.table.set_index(["code", "crime"])
    small = 0
    for row in written.itertuples():
        counts = real.loc[(row.code, row.crime), ["observed", "previous_year", "expected"]].astype(float)
        if ((counts > 0) & (counts < 5)).any():
            small += 1
            assert row.bound == row.ratio == row.excess == row.p_exceed == ""
        for column in ("observed", "previous_year", "expected"):
            value = getattr(row, column)
            if value != "<5":
                assert not 0 < float(value) < 5, (row.code, column, value)
    assert small > 10
    surge = cell_codes(*cell_index(np.array([SURGE_AT[0]]), np.array([SURGE_AT[1]]), cell=500), cell=500)[0]
    # The surge square: 70-odd incidents against an expected count below 5 (not assessable at 500 m, reason
    # given); its count is shown, its small expected count and what would give it away are not.
    row = written.set_index("code").loc[surge]
    assert int(row["observed"]) >= SURGE and row["expected"] == "<5" and row["bound"] == "" and row["reason"]
    trend.write(shown, tmp_path / "shown")
    assert "<5" not in (tmp_path / "shown" / "trend.csv").read_text(encoding="utf-8")


def test_incidents_summed_to_police_units(export, tmp_path):
    """--level basisteam with a composition: the incidents are counted in the member gemeenten and summed."""
    comp = tmp_path / "basisteams.csv"
    comp.write_text("unit_code,unit_name,level,parent_code,member_code,valid_from,valid_to\n"
                    "BT01,Basisteam Utrecht,basisteam,,GM0344,2023,\nBT01,Basisteam Utrecht,basisteam,,GM0356,2023,\n"
                    "BT02,Basisteam Amsterdam,basisteam,,GM0363,2023,\n", encoding="utf-8")
    units = trend.run(options(export, level="basisteam", composition=str(comp), year=2023,
                              crime_types=("Woninginbraak",)), settings=from_env())
    gemeenten = trend.run(options(export, crime_types=("Woninginbraak",)), settings=from_env())
    by_code = gemeenten.table.set_index("code")
    utrecht = units.table.set_index("code").loc["BT01"]
    assert set(units.table["code"]) == {"BT01", "BT02"} and utrecht["flagged"]
    for column in ("observed", "previous_year"):
        assert utrecht[column] == by_code.loc["GM0344", column] + by_code.loc["GM0356", column]
    assert units.table.set_index("code").loc["BT02", "observed"] == by_code.loc["GM0363", "observed"]


def test_crime_types_pick_among_the_types(export):
    result = trend.run(options(export, crime_types=("Woninginbraak",), types=("woninginbraak", "vernieling")),
                       settings=from_env())
    assert set(result.table["crime"]) == {"Woninginbraak"} and result.crime_types == ["Woninginbraak"]


def test_bad_incident_options_are_one_line(export, tmp_path):
    out = tmp_path / "out"
    common = ("trend", "--incidents", str(export), "--x", COLUMNS["x"], "--y", COLUMNS["y"], "--out", str(out))
    assert_clean_failure(run_cli(*common), out, "--date")
    assert_clean_failure(run_cli(*common, "--date", COLUMNS["date"], "--data", "x.csv"), out, "--incidents")
    assert_clean_failure(run_cli("trend", "--grid", "500", "--out", str(out)), out, "--incidents")
    short = with_surge(tmp_path / "short.csv", years=(2022, 2023))
    line = assert_clean_failure(run_cli("trend", "--incidents", str(short), "--x", COLUMNS["x"], "--y", COLUMNS["y"],
                                        "--date", COLUMNS["date"], "--grid", "1000", "--out", str(out)), out,
                                "short.csv")
    assert "2020" in line  # the first month the warning needs
