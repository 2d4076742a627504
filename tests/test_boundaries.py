"""geo/boundaries.py: reading boundary files, and ``areas``, the one way every command loads its areas."""

from __future__ import annotations

import logging
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely

import geo
from geo import boundaries, text
from geo.errors import CodeMismatchError, CRSError, OptionError
from tests.conftest import assert_clean_failure
from tests.servers import Content, FakeServer


def hotspots(cli, b, d, out, *extra):
    return cli("hotspots", "--boundaries", str(b), "--data", str(d), "--code-column", "buurtcode", "--value",
               "misdrijven", "--population", "inwoners", "--out", str(out), *extra)


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
    assert_clean_failure(hotspots(cli, shp, d, out), out, "buurten.shp", "geen CRS", "--crs")
    ok = hotspots(cli, shp, d, out, "--crs", "EPSG:28992", "--permutations", "99")
    assert ok.returncode == 0, ok.stderr


def _bowtie_file(tmp_path: Path, small_region) -> tuple[Path, str]:
    """The small region with one buurt's polygon replaced by a self-crossing one (a 'bowtie')."""
    frame = small_region.boundaries.copy()
    x0, y0, x1, y1 = frame.geometry.iloc[0].bounds
    frame.loc[frame.index[0], "geometry"] = shapely.Polygon([(x0, y0), (x1, y1), (x1, y0), (x0, y1)])
    assert not frame.geometry.iloc[0].is_valid
    path = tmp_path / "bowtie.gpkg"
    frame.to_file(path, driver="GPKG", engine="pyogrio")
    return path, str(frame["buurtcode"].iloc[0])


@pytest.mark.parametrize("lang, words", [("nl", "ongeldige geometrie hersteld"),
                                         ("en", "repaired invalid geometry")])
def test_invalid_geometry_is_repaired_and_said_in_the_runs_language(tmp_path, small_region, caplog, lang, words):
    path, code = _bowtie_file(tmp_path, small_region)
    with text.speaking(lang), caplog.at_level(logging.WARNING, logger="geo"):
        loaded = geo.load_boundaries(path, code_column="buurtcode")
        said = [r.getMessage() for r in caplog.records]
    assert loaded.repaired == (code,)
    assert loaded.frame.geometry.is_valid.all()
    assert any(words in line and code in line for line in said), said


def test_areas_of_several_files_are_one_frame(tmp_path, small_region):
    frame = small_region.boundaries
    a, b = tmp_path / "a.gpkg", tmp_path / "b.gpkg"
    frame.iloc[:30].to_file(a, driver="GPKG", engine="pyogrio")
    frame.iloc[30:].to_file(b, driver="GPKG", engine="pyogrio")
    both = boundaries.areas([a, b], code_column="buurtcode")
    assert sorted(both.frame["code"]) == sorted(frame["buurtcode"])
    assert list(both.frame.columns) == ["code", "name", "geometry"] and both.frame.crs.to_epsg() == 28992
    with pytest.raises(CodeMismatchError, match="meer dan één grenzenbestand"):
        boundaries.areas([a, a], code_column="buurtcode")


def test_areas_take_the_datas_code_column_when_the_file_has_it(tmp_path, small_region):
    """``--code-column wijkcode`` on a file with both fields: the file's wijkcode, not its first CBS field."""
    path = tmp_path / "wijken.gpkg"
    wijken = small_region.boundaries.dissolve(by="wijkcode", as_index=False)
    wijken.assign(statcode=wijken["wijkcode"].str.replace("WK", "XX"))[["statcode", "wijkcode", "geometry"]].to_file(
        path, driver="GPKG", engine="pyogrio")
    assert set(boundaries.areas(path).frame["code"]) == {c.replace("WK", "XX") for c in wijken["wijkcode"]}
    assert set(boundaries.areas(path, data_code_column="wijkcode").frame["code"]) == set(wijken["wijkcode"])
    assert set(boundaries.areas(path, data_code_column="nummer").frame["code"]) == {
        c.replace("WK", "XX") for c in wijken["wijkcode"]}


def test_areas_of_a_level_come_from_pdok_with_provenance(testdata, tmp_path, monkeypatch):
    srv = FakeServer(Content(testdata)).start()
    try:
        monkeypatch.setenv("VMGEO_PDOK_URL", f"{srv.url}/pdok")
        monkeypatch.setenv("VMGEO_CACHE_DIR", str(tmp_path / "cache"))
        monkeypatch.delenv("VMGEO_OFFLINE", raising=False)
        from geo.settings import from_env

        loaded = boundaries.areas("gemeente", year=2023, settings=from_env())
    finally:
        srv.shutdown()
        srv.server_close()
    reference = geo.load_boundaries(testdata / "boundaries" / "gemeente_2023_rd.geojson").frame
    assert sorted(loaded.frame["code"]) == sorted(reference["code"])
    assert [(p.level, p.year) for p in loaded.provenance] == [("gemeente", 2023)]
    with pytest.raises(OptionError, match="vragen een jaar"):
        boundaries.areas("gemeente")


def test_a_file_named_like_a_level_is_a_file(tmp_path, small_region, monkeypatch):
    monkeypatch.chdir(tmp_path)
    small_region.boundaries.to_file(tmp_path / "gemeente", driver="GeoJSON", engine="pyogrio")
    with pytest.raises(Exception, match="niet als grenzen te lezen"):
        boundaries.areas("gemeente", year=2023)  # read as the file it is, not fetched


def test_rd_metres_in_a_geojson_without_crs_are_recognised(tmp_path, small_region):
    path = tmp_path / "rd.geojson"
    path.write_text(small_region.boundaries.to_json().replace('"crs"', '"x_crs"'), encoding="utf-8")
    with pytest.raises(CRSError, match="EPSG:28992"):
        geo.load_boundaries(path, code_column="buurtcode")
    loaded = geo.load_boundaries(path, code_column="buurtcode", crs="EPSG:28992")
    assert loaded.frame.geometry.area.sum() == pytest.approx(small_region.boundaries.area.sum(), rel=1e-9)
    # A review: a CRS pyproj does not know, given for such a file, ended in a traceback.
    for wrong in ("foo", "EPSG:99999"):
        with pytest.raises(CRSError, match=f"'{wrong}'"):
            geo.load_boundaries(path, code_column="buurtcode", crs=wrong)


def test_rd_metres_given_as_degrees_say_the_coordinates_are_infinite(tmp_path, small_region):
    """A trial: ``--boundary-crs EPSG:4326`` on an RD shapefile without .prj printed an extent of dashes."""
    shp = tmp_path / "gebied.shp"
    small_region.boundaries.set_crs(None, allow_override=True).to_file(shp, engine="pyogrio")
    with text.speaking("en"), pytest.raises(CRSError) as caught:
        geo.load_boundaries(shp, code_column="buurtcode", crs="EPSG:4326")
    said = str(caught.value)
    assert said.startswith(str(shp)) and "infinite" in said and "WGS 84" in said and "\u2013" not in said


def test_a_crs_option_a_file_with_its_own_crs_does_not_need_is_said_to_be_unused(tmp_path, small_region, caplog):
    """A trial: ``--boundary-crs EPSG:4326`` on an RD GeoJSON changed nothing, without a word."""
    path = tmp_path / "rd.gpkg"
    small_region.boundaries.to_file(path, engine="pyogrio")
    plain = geo.load_boundaries(path, code_column="buurtcode")
    with caplog.at_level(logging.WARNING, logger="geo"), text.speaking("en"):
        given = geo.load_boundaries(path, code_column="buurtcode", crs="EPSG:4326")
        same = geo.load_boundaries(path, code_column="buurtcode", crs="epsg:28992")
        warned = [r.getMessage() for r in caplog.records if "was not used" in r.getMessage()]
    assert len(warned) == 1 and "EPSG:4326" in warned[0] and "Amersfoort / RD New" in warned[0]
    assert given.frame.geometry.equals(plain.frame.geometry) and same.frame.geometry.equals(plain.frame.geometry)


def test_overlapping_finds_a_wijk_inside_its_gemeente_and_nothing_between_neighbours(small_region):
    frame = small_region.boundaries.rename(columns={"buurtcode": "code"})
    assert boundaries.overlapping(frame) == []
    gemeente = gpd.GeoDataFrame({"code": ["GM9901"]}, geometry=[frame.union_all()], crs=frame.crs)
    mixed = gpd.GeoDataFrame(pd.concat([frame[["code", "geometry"]], gemeente], ignore_index=True), crs=frame.crs)
    found = boundaries.overlapping(mixed)
    # Every buurt lies inside the gemeente (and the gemeente's own point on its surface in one buurt).
    assert {a for a, b in found if b == "GM9901"} == set(frame["code"])
    assert len(found) == len(frame) + 1
