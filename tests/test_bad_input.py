"""Every kind of bad input ends in one clear line, exit status 1, and nothing written."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest

from tests.conftest import assert_clean_failure


def hotspots(cli, boundaries, data, out, *extra, value="misdrijven", population="inwoners"):
    args = ["hotspots", "--boundaries", str(boundaries), "--data", str(data), "--code-column", "buurtcode",
            "--value", value, "--out", str(out)]
    if population:
        args += ["--population", population]
    return cli(*args, *extra)


def test_missing_file(cli, tmp_path, region_files):
    b, d = region_files
    out = tmp_path / "out"
    assert_clean_failure(hotspots(cli, tmp_path / "nope.geojson", d, out), out, "nope.geojson", "not found")
    assert_clean_failure(hotspots(cli, b, tmp_path / "nope.csv", out), out, "nope.csv", "not found")


def test_unreadable_formats(cli, tmp_path, region_files):
    b, d = region_files
    out = tmp_path / "out"
    broken = tmp_path / "broken.geojson"
    broken.write_text("{ this is not json", encoding="utf-8")
    assert_clean_failure(hotspots(cli, broken, d, out), out, "broken.geojson", "cannot be read")
    odd = tmp_path / "data.parquet"
    odd.write_bytes(b"PAR1\x00\x00")
    assert_clean_failure(hotspots(cli, b, odd, out), out, "data.parquet", "CSV")
    binary = tmp_path / "data.xlsx"
    binary.write_bytes(b"\x00\x01 not a workbook")
    assert_clean_failure(hotspots(cli, b, binary, out), out, "data.xlsx")


def test_unknown_column(cli, tmp_path, region_files):
    b, d = region_files
    out = tmp_path / "out"
    line = assert_clean_failure(hotspots(cli, b, d, out, value="misdrijvn"), out, "misdrijvn", "--value")
    assert "misdrijven" in line  # the close match is suggested
    assert_clean_failure(hotspots(cli, b, d, out, "--boundary-code-column", "bu_kode"), out, "bu_kode")


def test_duplicate_codes(cli, tmp_path, region_files):
    b, d = region_files
    table = pd.read_csv(d, dtype=str)
    pd.concat([table, table.iloc[[3]]]).to_csv(d, index=False)
    out = tmp_path / "out"
    assert_clean_failure(hotspots(cli, b, d, out), out, "duplicate", table.iloc[3]["buurtcode"], "row")


def test_value_not_numeric(cli, tmp_path, region_files):
    b, d = region_files
    table = pd.read_csv(d, dtype=str)
    table.loc[5, "misdrijven"] = "veel"
    table.to_csv(d, index=False)
    out = tmp_path / "out"
    assert_clean_failure(hotspots(cli, b, d, out), out, "misdrijven", "not numeric", "row 7", "veel")


@pytest.mark.parametrize("bad", ["0", ""])
def test_zero_or_missing_population(cli, tmp_path, region_files, bad):
    b, d = region_files
    table = pd.read_csv(d, dtype=str)
    table.loc[2, "inwoners"] = bad
    table.to_csv(d, index=False)
    out = tmp_path / "out"
    assert_clean_failure(hotspots(cli, b, d, out), out, "inwoners", "zero or missing", table.loc[2, "buurtcode"])


# Writing the shapefile without a CRS is the point; GDAL's notes on it (no .prj, names cut to 10
# characters) are expected.
@pytest.mark.filterwarnings("ignore:'crs' was not provided", "ignore:Column names longer than 10",
                            "ignore:Normalized/laundered field name")
def test_boundaries_without_crs(cli, tmp_path, region_files, small_region):
    _, d = region_files
    shp = tmp_path / "buurten.shp"
    gpd.GeoDataFrame(small_region.boundaries.drop(columns="geometry"),
                     geometry=list(small_region.boundaries.geometry), crs=None).to_file(shp, engine="pyogrio")
    assert not shp.with_suffix(".prj").exists()
    out = tmp_path / "out"
    assert_clean_failure(hotspots(cli, shp, d, out), out, "buurten.shp", "no CRS", "--crs")
    ok = hotspots(cli, shp, d, out, "--crs", "EPSG:28992", "--permutations", "99")
    assert ok.returncode == 0, ok.stderr


def test_all_values_equal(cli, tmp_path, region_files):
    b, d = region_files
    table = pd.read_csv(d, dtype=str)
    table["gelijk"] = "5"
    table.to_csv(d, index=False)
    out = tmp_path / "out"
    assert_clean_failure(hotspots(cli, b, d, out, value="gelijk", population=None), out, "same", "value")


def test_fewer_than_three_areas(cli, tmp_path, region_files):
    b, d = region_files
    pd.read_csv(d, dtype=str).head(2).to_csv(d, index=False)
    out = tmp_path / "out"
    assert_clean_failure(hotspots(cli, b, d, out), out, "only 2", "at least 3")


def test_no_matching_codes(cli, tmp_path, region_files, gemeenten_rd):
    _, d = region_files
    out = tmp_path / "out"
    assert_clean_failure(hotspots(cli, gemeenten_rd, d, out), out, "no code", "matches")


def test_bad_options(cli, tmp_path, region_files):
    b, d = region_files
    out = tmp_path / "out"
    assert_clean_failure(hotspots(cli, b, d, out, "--weights", "hexagon"), out, "hexagon", "queen")
    assert_clean_failure(hotspots(cli, b, d, out, "--alpha", "1.5"), out, "--alpha")


def test_failed_run_keeps_earlier_outputs(cli, tmp_path, region_files):
    b, d = region_files
    out = tmp_path / "out"
    ok = hotspots(cli, b, d, out, "--permutations", "99")
    assert ok.returncode == 0, ok.stderr
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    table = pd.read_csv(d, dtype=str)
    table.loc[0, "misdrijven"] = "x y"
    table.to_csv(d, index=False)
    run = hotspots(cli, b, d, out)
    assert run.returncode == 1
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
