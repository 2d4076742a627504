"""Inhabitants per CBS square from a real extract (CBS 2024, Rotterdam-Zuid): as a file and through the stand-in.

The expectations are read from the CSV with the csv module, independently of
vmgeo's readers; the stand-in serves the same rows as PDOK's OGC API would
(tests/servers_squares.py), so a file and a download must agree square by square.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from geo.grid import cell_codes
from geo.settings import from_env
from geo.squares import SECRET, field_names, square_population
from tests.servers_squares import SquareServer

#: The box of the real extract (RD New metres): lower-left corners in x 90,500-91,999, y 432,500-433,999.
X0, Y0, SIDE = 90500, 432500, 1500


def _real(testdata: Path, cell: int) -> dict[str, int]:
    """CBS's inhabitants of the real extract by code, as the file has them (-99997 included)."""
    with (testdata / "squares" / f"cbs_vk{cell}_2024_rotterdam.csv").open(encoding="utf-8", newline="") as fh:
        return {row[f"crs28992res{cell}m"]: int(row["aantal_inwoners"]) for row in csv.DictReader(fh)}


def _box(cell: int) -> list[str]:
    """Every code of ``cell`` m in the box, published or not."""
    n = SIDE // cell
    ix, iy = np.meshgrid(np.arange(n) + X0 // cell, np.arange(n) + Y0 // cell, indexing="ij")
    return list(cell_codes(ix.ravel(), iy.ravel(), cell=cell))


def _serve(testdata: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **options: bool) -> SquareServer:
    srv = SquareServer(testdata, **options).start()
    monkeypatch.setenv("VMGEO_PDOK_URL", f"{srv.url}/pdok")
    monkeypatch.setenv("VMGEO_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("VMGEO_OFFLINE", raising=False)
    return srv


@pytest.fixture
def pdok(testdata: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[SquareServer]:
    srv = _serve(testdata, tmp_path, monkeypatch)
    yield srv
    srv.shutdown()
    srv.server_close()


def test_the_real_100m_extract_reads_as_cbs_wrote_it(testdata):
    published = _real(testdata, 100)
    codes = _box(100)
    got = square_population(codes, cell=100, source=str(testdata / "squares" / "cbs_vk100_2024_rotterdam.csv"))
    assert got.year == 2024 and len(got.frame) == len(codes) == 225
    for (_, row), code in zip(got.frame.iterrows(), codes, strict=True):
        value = published.get(code)
        if value is None:  # fewer than 5 inhabitants and 5 dwellings: not published, not known
            assert math.isnan(row["population"]) and row["absent"] and not row["suppressed"]
        elif value == SECRET:  # published for its dwellings, inhabitants hidden
            assert math.isnan(row["population"]) and row["suppressed"] and not row["absent"]
        else:
            assert row["population"] == value and not row["suppressed"] and not row["absent"]
    assert got.suppressed == sum(v == SECRET for v in published.values()) == 5
    assert got.missing == len(codes) - len(published) == 124
    known = got.frame["population"].dropna()
    assert (known >= 5).all() and (known % 5 == 0).all()  # CBS rounds to fives and hides fewer than five


def test_a_download_of_the_real_year_equals_the_file(pdok, testdata):
    codes = _box(100)
    before = len(pdok.requests)
    downloaded = square_population(codes, cell=100, year=2024, settings=from_env())
    from_file = square_population(codes, cell=100, source=str(testdata / "squares" / "cbs_vk100_2024_rotterdam.csv"))
    pd.testing.assert_frame_equal(downloaded.frame, from_file.frame)
    asked = pdok.requests[before:]
    assert asked and all("jaarcode=2024" in a for a in asked[:1])
    assert downloaded.provenance is not None and downloaded.provenance.measure == "aantal_inwoners"
    assert downloaded.provenance.rows_fetched == len(_real(testdata, 100))


def test_real_500m_squares_hidden_by_cbs_are_unknown_and_1000m_sums_only_known_ones(pdok, testdata):
    published = _real(testdata, 500)
    got = square_population(_box(500), cell=500, year=2024, settings=from_env()).frame.set_index("code")
    secret = [c for c, v in published.items() if v == SECRET]
    assert secret == ["E0905N4330", "E0905N4335"]
    assert got.loc[secret, "suppressed"].all() and got.loc[secret, "population"].isna().all()
    assert got.loc["E0915N4335", "population"] == published["E0915N4335"] == 3105
    # 1000 m: E0910N4330 is four published 500 m squares; E0900N4330 holds two hidden ones.
    thousand = square_population(["E0910N4330", "E0900N4330"], cell=1000, year=2024,
                                 settings=from_env()).frame.set_index("code")
    four = sum(published[c] for c in ("E0910N4330", "E0915N4330", "E0910N4335", "E0915N4335"))
    assert thousand.loc["E0910N4330", "population"] == four == 7670
    assert math.isnan(thousand.loc["E0900N4330", "population"]) and thousand.loc["E0900N4330", "suppressed"]


def test_numbers_sent_as_text_read_as_numbers(testdata, tmp_path, monkeypatch):
    srv = _serve(testdata, tmp_path, monkeypatch, strings=True)
    try:
        got = square_population(_box(100), cell=100, year=2024, settings=from_env())
    finally:
        srv.shutdown()
        srv.server_close()
    expected = square_population(_box(100), cell=100,
                                 source=str(testdata / "squares" / "cbs_vk100_2024_rotterdam.csv"))
    pd.testing.assert_frame_equal(got.frame, expected.frame)


def test_a_server_that_ignores_the_year_filter_does_not_mix_years(testdata, tmp_path, monkeypatch):
    # One square of the real 2024 extract (Rotterdam) and one of the synthetic 2023 one (Eindhoven):
    # the box spans both, so a server ignoring jaarcode sends the 2023 square too.
    srv = _serve(testdata, tmp_path, monkeypatch, ignore_year=True)
    try:
        got = square_population(["E0910N4327", "E1615N3835"], cell=100, year=2024,
                                settings=from_env()).frame.set_index("code")
    finally:
        srv.shutdown()
        srv.server_close()
    assert got.loc["E0910N4327", "population"] == _real(testdata, 100)["E0910N4327"] == 30
    assert math.isnan(got.loc["E1615N3835", "population"]) and got.loc["E1615N3835", "absent"]


@pytest.mark.parametrize("year, column", [(2010, "INW2010"), (2011, "INW2011")])
def test_cbs_files_of_2000_2014_read_by_their_own_column_names(tmp_path, year, column):
    # CBS's files of 2000-2014 name the code C28992R100 and the inhabitants INW<year>, one column a year.
    path = tmp_path / "cbs_vk100_2000_2014.csv"
    path.write_text("C28992R100,INW2010,INW2011\nE0910N4327,25,30\nE0910N4328,-99997,20\n", encoding="utf-8")
    got = square_population(["E0910N4327", "E0910N4328"], cell=100, year=year, source=str(path)).frame
    expected = {"INW2010": [25.0, math.nan], "INW2011": [30.0, 20.0]}[column]
    np.testing.assert_array_equal(got["population"].to_numpy(), np.array(expected))
    assert list(got["suppressed"]) == [False, year == 2010]


def test_the_year_decides_which_names_come_first():
    assert field_names(100, 2024) == (("crs28992res100m", "C28992R100"), ("aantal_inwoners", "INW2024"))
    assert field_names(500, 2010) == (("C28992R500", "crs28992res500m"), ("INW2010", "aantal_inwoners"))
    assert field_names(100) == (("crs28992res100m", "C28992R100"), ("aantal_inwoners",))


def test_the_command_takes_the_real_extract_as_its_population(testdata, tmp_path):
    # Incidents at the centres of the published squares of the box (seeded), a study area of exactly the box.
    import geopandas as gpd
    from shapely.geometry import box

    from tests.conftest import run_cli

    source = testdata / "squares" / "cbs_vk100_2024_rotterdam.csv"
    published = _real(testdata, 100)
    rng = np.random.default_rng(12345)
    codes = rng.choice(sorted(published), size=1500)
    x = np.array([int(c[1:5]) * 100 + 50 for c in codes]) + rng.uniform(-40, 40, len(codes))
    y = np.array([int(c[6:10]) * 100 + 50 for c in codes]) + rng.uniform(-40, 40, len(codes))
    incidents = tmp_path / "export.csv"
    pd.DataFrame({"X": x.round(1), "Y": y.round(1), "Pleegdatum": "2024-03-01"}).to_csv(incidents, index=False)
    area = tmp_path / "gebied.geojson"
    gpd.GeoDataFrame({"statcode": ["GB0001"], "statnaam": ["Zuid"]}, geometry=[box(X0, Y0, X0 + SIDE, Y0 + SIDE)],
                     crs="EPSG:28992").to_file(area, driver="GeoJSON")
    out = tmp_path / "out"
    done = run_cli("hotspots", "--incidents", str(incidents), "--x", "X", "--y", "Y", "--date", "Pleegdatum",
                   "--grid", "100", "--boundaries", str(area), "--population", str(source), "--out", str(out),
                   "--lang", "en", "--permutations", "99", "--layers", "value,gi")
    assert done.returncode == 0, done.stderr
    results = pd.read_csv(out / "results.csv", dtype={"code": str}).set_index("code")
    # The squares of the box with inhabitants (CBS's secret few included) or incidents: here the published ones,
    # where every incident lies; the 124 unpublished squares without an incident are left out, and counted.
    assert sorted(results.index) == sorted(published) and len(results) == 101
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["aggregation"]["empty_left_out"] == 225 - 101
    known = pd.Series({c: v for c, v in published.items() if v != SECRET}, dtype=float)
    analysed = results.index[results["analysed"]]
    assert set(analysed) <= set(known.index) and len(analysed) > 50
    shown = results.loc[analysed]
    some = shown.index[shown["shown"] != "<5"]
    assert len(some) > 20
    assert np.allclose(results.loc[some, "rate"], results.loc[some, "value"] / known.loc[some] * 1000)
    secret = [c for c, v in published.items() if v == SECRET]
    assert not set(secret) & set(analysed)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    note = next(n for n in summary["notes"] if n.startswith("inhabitants per square (2024)"))
    assert f"{len(secret)} kept secret by CBS" in note
