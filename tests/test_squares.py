"""Inhabitants per CBS square (geo.squares): PDOK through the stand-in, the cache, local files, rates."""

from __future__ import annotations

import csv
import math
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from geo.errors import CodeMismatchError, ColumnError, DataError, NotFoundError, OfflineError, OptionError
from geo.grid import cell_codes
from geo.settings import RATE_PER, from_env
from geo.squares import SECRET, square_population, square_rates
from tests.servers_squares import SquareServer


def _extract(testdata: Path, cell: int) -> dict[str, int]:
    """The fixture's inhabitants by code, read with the csv module (independently of vmgeo's reader)."""
    with (testdata / "squares" / f"cbs_vk{cell}_2023_extract.csv").open(encoding="utf-8", newline="") as fh:
        return {row[f"crs28992res{cell}m"]: int(row["aantal_inwoners"]) for row in csv.DictReader(fh)}


def _block(x0: int, y0: int, n: int, cell: int) -> list[str]:
    """Codes of the ``n`` x ``n`` squares of ``cell`` m from the corner (x0, y0)."""
    ix, iy = np.meshgrid(np.arange(n) + x0 // cell, np.arange(n) + y0 // cell, indexing="ij")
    return list(cell_codes(ix.ravel(), iy.ravel(), cell=cell))


@pytest.fixture(scope="module")
def server(testdata: Path) -> Iterator[SquareServer]:
    srv = SquareServer(testdata).start()
    yield srv
    srv.shutdown()
    srv.server_close()


@pytest.fixture
def pdok(server: SquareServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SquareServer:
    monkeypatch.setenv("VMGEO_PDOK_URL", f"{server.url}/pdok")
    monkeypatch.setenv("VMGEO_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("VMGEO_OFFLINE", raising=False)
    return server


def test_inhabitants_of_100m_squares_come_from_pdok_as_the_extract_has_them(pdok, testdata):
    codes = _block(162200, 382800, 12, 100)  # 144 squares east of the synthetic town centre
    before = len(pdok.requests)
    got = square_population(codes, cell=100, year=2023, settings=from_env())
    published = _extract(testdata, 100)
    expected = [published.get(c) for c in codes]
    frame = got.frame
    assert list(frame["code"]) == codes and got.year == 2023 and got.cell == 100
    for (_, row), value in zip(frame.iterrows(), expected, strict=True):
        if value is None:  # not published: not known, and never zero at 100 m
            assert math.isnan(row["population"]) and row["absent"] and not row["suppressed"]
        elif value == SECRET:
            assert math.isnan(row["population"]) and row["suppressed"] and not row["absent"]
        else:
            assert row["population"] == value and not row["suppressed"] and not row["absent"]
    assert got.suppressed == sum(v == SECRET for v in expected) > 0
    assert got.missing == sum(v is None for v in expected) > 0
    # The download crossed pages (the stand-in serves 50 features a page) and asked only for the box.
    asked = pdok.requests[before:]
    assert len(asked) >= 2 and "bbox=162200%2C382800%2C163400%2C384000" in asked[0]


def test_a_download_records_its_provenance_and_is_read_offline_from_the_cache(pdok, monkeypatch):
    codes = _block(162000, 384000, 5, 100)
    first = square_population(codes, cell=100, year=2023, settings=from_env())
    p = first.provenance
    assert p is not None and p.source == "pdok" and p.table == "vierkantstatistieken100m" and p.period == "2023"
    assert p.measure == "aantal_inwoners" and p.fetched_at and p.rows_fetched and p.rows_fetched >= 1
    cache = Path(from_env().cache_dir)
    assert (cache / p.cache_file).is_file() and p.cache_file in first.source
    assert "CC BY 4.0" in p.notes[0] and first.report()["provenance"]["table"] == "vierkantstatistieken100m"
    asked = len(pdok.requests)
    monkeypatch.setenv("VMGEO_OFFLINE", "1")
    again = square_population(codes, cell=100, year=2023, settings=from_env())
    assert len(pdok.requests) == asked  # nothing asked of the server
    pd.testing.assert_frame_equal(again.frame, first.frame)
    assert again.provenance == first.provenance
    with pytest.raises(OfflineError):  # another box is another request: not in the cache
        square_population(_block(160500, 382500, 3, 100), cell=100, year=2023, settings=from_env())


def test_500m_squares_absent_from_the_statistics_are_uninhabited_and_secret_ones_unknown(pdok, testdata):
    codes = ["E1605N3850", "E1630N3825", "E1615N3835", "E1800N3900"]
    got = square_population(codes, cell=500, year=2023, settings=from_env()).frame.set_index("code")
    published = _extract(testdata, 500)
    assert published["E1605N3850"] == SECRET and got.loc["E1605N3850", "suppressed"]
    assert math.isnan(got.loc["E1605N3850", "population"])
    assert got.loc["E1630N3825", "population"] == published["E1630N3825"] == 0  # published zero
    assert got.loc["E1615N3835", "population"] == published["E1615N3835"] > 0
    # Outside CBS's land squares: no inhabitants (the 500 m statistics cover every land square).
    assert got.loc["E1800N3900", "population"] == 0 and got.loc["E1800N3900", "absent"]


def test_the_2024_property_names_are_read_too(testdata, tmp_path, monkeypatch):
    srv = SquareServer(testdata, camel=True).start()
    try:
        monkeypatch.setenv("VMGEO_PDOK_URL", f"{srv.url}/pdok")
        monkeypatch.setenv("VMGEO_CACHE_DIR", str(tmp_path / "cache"))
        got = square_population(["E1615N3835", "E1631N3835"], cell=100, year=2023, settings=from_env())
    finally:
        srv.shutdown()
        srv.server_close()
    published = _extract(testdata, 100)
    assert got.frame["population"].iloc[0] == published["E1615N3835"] and got.frame["suppressed"].iloc[1]
    assert got.provenance is not None and got.provenance.measure == "aantalInwoners"


def test_1000m_squares_are_sums_of_their_four_500m_squares(testdata):
    source = testdata / "squares" / "cbs_vk500_2023_extract.csv"
    codes = ["E1610N3830", "E1620N3840", "E1610N3840", "E1600N3850"]
    got = square_population(codes, cell=1000, source=str(source))
    published = _extract(testdata, 500)
    for code, population in zip(got.frame["code"][:3], got.frame["population"][:3], strict=True):
        e, n = int(code[1:5]), int(code[6:10])
        members = [f"E{e + de:04d}N{n + dn:04d}" for de in (0, 5) for dn in (0, 5)]
        assert all(published[m] >= 0 for m in members)
        assert population == sum(published[m] for m in members)
    last = got.frame.iloc[3]  # one of its four 500 m squares is secret
    assert last["suppressed"] and math.isnan(last["population"]) and got.suppressed == 1
    assert got.year == 2023 and got.provenance is None and got.source == str(source)


def test_a_cbs_geopackage_reads_as_the_download_does(pdok, testdata, tmp_path):
    import geopandas as gpd

    from geo.grid import parse_codes

    table = pd.read_csv(testdata / "squares" / "cbs_vk100_2023_extract.csv", dtype={"crs28992res100m": str})
    ix, iy = parse_codes(table["crs28992res100m"], cell=100)
    from geo.grid import cell_boxes

    gpkg = tmp_path / "cbs_vk100_2023.gpkg"
    gpd.GeoDataFrame(table, geometry=cell_boxes(ix, iy, cell=100), crs="EPSG:28992").to_file(
        gpkg, layer="cbs_vk100_2023", driver="GPKG", engine="pyogrio")
    codes = _block(161500, 383500, 10, 100)
    from_file = square_population(codes, cell=100, source=str(gpkg))
    fetched = square_population(codes, cell=100, year=2023, settings=from_env())
    pd.testing.assert_frame_equal(from_file.frame, fetched.frame)
    assert from_file.year == 2023


@pytest.mark.parametrize(("content", "column", "what"), [
    ("crs28992res100m,aantal_inwoners\nE1615N3835,25\nE1615N3836,twaalf\n", "aantal_inwoners", "twaalf"),
    ("crs28992res100m,aantal_inwoners\nE1615N3835,25\nE1615N3836,-3\n", "aantal_inwoners", "rij 3"),
    ("crs28992res100m,aantal_inwoners\nE1615N3835,25\nE1615N3836,12.5\n", "aantal_inwoners", "12.5"),
    ("crs28992res100m,aantal_inwoners\nE1615N3835,25\nvierkant 7,10\n", "crs28992res100m", "vierkant 7"),
    ("crs28992res100m,aantal_inwoners\nE1615N3835,25\nE1615N3835,10\n", "crs28992res100m", "E1615N3835"),
    ("crs28992res100m,inwoners\nE1615N3835,25\n", "aantal_inwoners", "inwoners"),
])
def test_a_bad_file_is_one_line_naming_the_file_and_the_column(tmp_path, content, column, what):
    path = tmp_path / "vk100_2023.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises((DataError, ColumnError)) as caught:
        square_population(["E1615N3835"], cell=100, source=str(path))
    line = caught.value.args[0]
    assert "\n" not in line and str(path) in line and column in line and what in line, line


def test_options_that_cannot_work_are_refused(tmp_path, testdata):
    with pytest.raises(OptionError, match="250 m"):
        square_population(["E1615N3835"], cell=250)
    with pytest.raises(CodeMismatchError):
        square_population(["E1615N3836"], cell=500, source=str(testdata / "squares" / "cbs_vk500_2023_extract.csv"))
    nameless = tmp_path / "vierkanten.csv"
    nameless.write_text("crs28992res100m,aantal_inwoners\nE1615N3835,25\n", encoding="utf-8")
    with pytest.raises(OptionError, match="year="):
        square_population(["E1615N3835"], cell=100, source=str(nameless))
    assert square_population(["E1615N3835"], cell=100, source=str(nameless), year=2022).year == 2022
    nothing = square_population([], cell=500)  # no squares: nothing asked of PDOK
    assert nothing.frame.empty and list(nothing.frame.columns) == ["code", "population", "suppressed", "absent",
                                                                   "estimated"]


def test_rates_exist_only_where_inhabitants_are_known_and_eb_is_esdas(testdata):
    from esda.smoothing import Empirical_Bayes

    source = str(testdata / "squares" / "cbs_vk100_2023_extract.csv")
    codes = _block(161000, 383000, 30, 100)
    population = square_population(codes, cell=100, source=source)
    rng = np.random.default_rng(5)
    counts = pd.DataFrame({"code": codes, "count": rng.poisson(3, len(codes))})
    raw = square_rates(counts, population)
    pop = population.frame["population"].to_numpy()
    known = pop > 0
    expected = np.where(known, counts["count"] / np.where(known, pop, 1) * RATE_PER, np.nan)
    np.testing.assert_allclose(raw.frame["rate"], expected, equal_nan=True)
    assert raw.unknown == [c for c, p in zip(codes, pop, strict=True) if np.isnan(p)] and raw.unknown
    assert raw.uninhabited == [c for c, p in zip(codes, pop, strict=True) if p == 0]
    assert raw.frame.loc[raw.frame["suppressed"], "rate"].isna().all() and raw.frame["suppressed"].any()
    eb = square_rates(counts, population, method="eb")
    reference = Empirical_Bayes(counts["count"].to_numpy(float)[known], pop[known]).r.ravel() * RATE_PER
    np.testing.assert_allclose(eb.frame["rate"].to_numpy()[known], reference)
    assert eb.frame["rate"][~known].isna().all() and eb.report()["rated"] == int(known.sum())
    with pytest.raises(OptionError, match="seb"):
        square_rates(counts, population, method="seb")


def test_a_square_set_pdok_does_not_serve_is_one_line_and_refresh_downloads_again(pdok, monkeypatch):
    codes = ["E1615N3835"]
    square_population(codes, cell=100, year=2023, settings=from_env())
    asked = len(pdok.requests)
    square_population(codes, cell=100, year=2023, settings=from_env())
    assert len(pdok.requests) == asked  # from the cache
    square_population(codes, cell=100, year=2023, settings=from_env(), refresh=True)
    assert len(pdok.requests) == asked + 1
    monkeypatch.setenv("VMGEO_PDOK_URL", f"{pdok.url}/elders")  # a path the stand-in (as PDOK) answers with 404
    with pytest.raises(NotFoundError) as caught:
        square_population(codes, cell=100, year=2023, settings=from_env())
    line = caught.value.args[0]
    assert "\n" not in line and "HTTP 404" in line and "100 m" in line and "2023" in line and "source=" in line


def test_as_a_population_table_suppressed_squares_are_left_out_of_the_rates_and_named(testdata):
    import geopandas as gpd

    from geo import rates
    from geo.grid import cell_boxes, parse_codes

    codes = _block(163000, 383400, 3, 100)  # holds the three secret squares of the business estate
    population = square_population(codes, cell=100,
                                   source=str(testdata / "squares" / "cbs_vk100_2023_extract.csv"))
    table = population.as_table()
    ix, iy = parse_codes(codes, cell=100)
    frame = gpd.GeoDataFrame({"code": codes, "count": np.arange(len(codes)) + 1}, geometry=cell_boxes(ix, iy, cell=100),
                             crs="EPSG:28992").merge(table.frame, on="code")
    prepared = rates.prepare(frame, value="count", population="population")
    secret = [c for c, s in zip(population.frame["code"], population.frame["suppressed"], strict=True) if s]
    assert len(secret) == 3 and set(secret) <= set(prepared.report.no_population)
    assert not prepared.frame.set_index("code").loc[secret, "analysed"].any()
    assert prepared.frame.set_index("code").loc[secret, "rate"].isna().all()


def test_1000m_squares_with_a_secret_member_count_it_as_two_when_that_cannot_matter(tmp_path):
    # A secret 500 m square holds 0-4 inhabitants: a town's 1000 m square with one harbour square is known
    # (within 5%), a nearly empty one is not.
    rows = {"E1610N3830": 400, "E1615N3830": -99997, "E1610N3835": 300, "E1615N3835": 250,  # town
            "E1620N3830": 15, "E1625N3830": -99997, "E1620N3835": -99997, "E1625N3835": 5,  # meadow
            "E1630N3830": 35, "E1635N3830": -99997, "E1630N3835": 0, "E1635N3835": 0}  # 2/37 > 5%
    source = tmp_path / "cbs_vk500_2024.csv"
    source.write_text("crs28992res500m,aantal_inwoners\n" + "".join(f"{c},{v}\n" for c, v in rows.items()))
    got = square_population(["E1610N3830", "E1620N3830", "E1630N3830"], cell=1000, source=str(source))
    frame = got.frame.set_index("code")
    assert frame.loc["E1610N3830", "population"] == 400 + 300 + 250 + 2
    assert frame.loc["E1610N3830", "estimated"] and not frame.loc["E1610N3830", "suppressed"]
    for code in ("E1620N3830", "E1630N3830"):
        assert math.isnan(frame.loc[code, "population"]) and frame.loc[code, "suppressed"]
        assert not frame.loc[code, "estimated"]
    assert (got.estimated, got.suppressed) == (1, 2) and got.report()["estimated"] == 1
