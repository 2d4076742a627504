"""Reading police exports: formats, bad rows named by row number, refusal, filters, the synthetic export."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd
import pytest
from pyproj import Transformer

from geo import text
from geo.errors import ColumnError, DataError, InputFileError, OptionError
from geo.incidents import (
    MICRO_HOT_SPOTS,
    SYNTHETIC_COLUMNS,
    incident_files,
    numbers,
    read_incidents,
    synthetic_export,
)

BVH = dict(x="X-coordinaat", y="Y-coordinaat", date="Pleegdatum", type="Maatschappelijke klasse")


@pytest.fixture(scope="module")
def bvh(testdata):
    return testdata / "incidents" / "bvh_export_cp1252.csv"


def test_bvh_export_rows_named_by_reason(bvh):
    """cp1252, ';', 'X-coördinaat' found as 'X-coordinaat', decimal commas; every bad row named by its row number."""
    inc = read_incidents(bvh, **BVH)
    assert inc.read == 12
    # Header is row 1: PL004 (no coordinates) is row 5, PL008 ('onbekend') row 9; PL006 (Belgium) row 7;
    # PL005 (31-02-2022) row 6 and PL010 (no date) row 11.
    assert inc.dropped["no_coordinates"].tolist() == [5, 9]
    assert inc.dropped["outside_netherlands"].tolist() == [7]
    assert inc.dropped["bad_date"].tolist() == [6, 11]
    assert inc.rows.tolist() == [2, 3, 4, 8, 10, 12, 13]
    assert len(inc) == 7
    # Decimal comma, and the Dutch thousands point of PL009 (161.999,5).
    assert inc.x.tolist()[:2] == [161578.3, 161590.1]
    assert inc.x[inc.rows == 10][0] == 161999.5 and inc.y[inc.rows == 10][0] == 383777.5
    # Day first, with a time, ISO, and slashes alike.
    days = inc.dates.astype("datetime64[D]").astype(str).tolist()
    assert days == ["2022-03-12", "2022-03-13", "2022-04-01", "2023-06-15", "2023-07-01", "2021-12-24", "2023-12-31"]
    assert inc.types[0] == "Geweldsmisdrijven"


def test_repr_and_report_show_no_coordinate(bvh):
    inc = read_incidents(bvh, **BVH)
    shown = repr(inc) + str(inc.report())
    assert "161578" not in shown and "383238" not in shown
    assert inc.report()["dropped"] == {"no_coordinates": 2, "outside_netherlands": 1, "bad_date": 2}


def test_filters_by_type_and_period(bvh):
    inc = read_incidents(bvh, **BVH, types=["geweldsmisdrijven"], period="2022")
    assert inc.rows.tolist() == [2, 3]
    assert inc.filtered == {"type": 4, "period": 1}
    months = read_incidents(bvh, **BVH, period="2023MM06:2023MM07")
    assert months.rows.tolist() == [8, 10]
    days = read_incidents(bvh, **BVH, period=("2021-12-24", "2022-03-12"))
    assert days.rows.tolist() == [2, 12]


def test_unknown_type_is_refused_with_the_types_there(bvh):
    with pytest.raises(OptionError, match=r"Woninginbrak.*bedoelt u 'Woninginbraak'"):
        read_incidents(bvh, **BVH, types=["Woninginbrak"])


def test_period_needs_a_date_column(bvh):
    with pytest.raises(OptionError, match="--date"):
        read_incidents(bvh, x="X-coordinaat", y="Y-coordinaat", period="2023")


def test_mostly_bad_file_is_refused_in_one_line(testdata):
    path = testdata / "incidents" / "mostly_bad.csv"
    with pytest.raises(DataError) as info:
        read_incidents(path, x="x", y="y", date="datum")
    message = str(info.value)
    assert "\n" not in message
    assert str(path) in message and "7 van 10 rijen (70%)" in message
    assert "geen (leesbare) coördinaten" in message and "rijen 2, 3, 4, 5, 6, 7, 8" in message


def test_a_refused_file_says_the_same_in_dutch_and_in_english(testdata):
    """The refusal of a mostly bad export names the same file, counts, share, rows and options in either language."""
    path = testdata / "incidents" / "mostly_bad.csv"
    lines = {}
    for lang in ("nl", "en"):
        with text.speaking(lang), pytest.raises(DataError) as info:
            read_incidents(path, x="x", y="y", date="datum")
        lines[lang] = str(info.value)
    assert "7 van 10 rijen (70%)" in lines["nl"] and "geweigerd" in lines["nl"] and "refused" not in lines["nl"]
    assert "7 of 10 rows (70%)" in lines["en"] and "refused" in lines["en"] and "geweigerd" not in lines["en"]
    names = [set(re.findall(r"'[^']*'|--[a-z][\w-]*|/\S+\.\w+|\b\d[\d.,]*\b", line)) for line in lines.values()]
    assert names[0] == names[1], lines


def test_degrees_given_as_rd_are_refused_with_a_hint(testdata):
    with pytest.raises(DataError, match=r"buiten Nederland.*--crs EPSG:4326"):
        read_incidents(testdata / "incidents" / "lonlat.csv", x="lon", y="lat")


def test_lonlat_with_crs(testdata):
    inc = read_incidents(testdata / "incidents" / "lonlat.csv", x="lon", y="lat", date="datum", type="soort",
                         crs="EPSG:4326")
    expected = Transformer.from_crs(4326, 28992, always_xy=True).transform(5.4818, 51.4382)
    assert inc.x[0] == pytest.approx(expected[0], abs=0.01) and inc.y[0] == pytest.approx(expected[1], abs=0.01)
    assert inc.dropped["outside_netherlands"].tolist() == [6]  # Paris


def test_point_geojson(testdata):
    inc = read_incidents(testdata / "incidents" / "points_wgs84.geojson", date="Pleegdatum", type="Soort")
    assert len(inc) == 4 and inc.dropped["no_coordinates"].tolist() == [5]
    assert 161_000 < inc.x[0] < 162_000 and 383_000 < inc.y[0] < 384_000


def test_xlsx_parquet_and_gpkg_read_alike(bvh, tmp_path):
    pytest.importorskip("pyarrow")
    import geopandas as gpd

    ref = read_incidents(bvh, **BVH)
    frame = pd.read_csv(bvh, sep=";", encoding="cp1252", dtype=str, keep_default_na=False)
    frame.to_excel(tmp_path / "export.xlsx", index=False)
    frame.to_parquet(tmp_path / "export.parquet")
    # Excel rows count as in the spreadsheet (header row 1); Parquet records from 1.
    for name, shift in (("export.xlsx", 0), ("export.parquet", 1)):
        inc = read_incidents(tmp_path / name, **BVH)
        assert inc.x.tolist() == ref.x.tolist() and inc.dates.tolist() == ref.dates.tolist(), name
        assert {k: (v + shift).tolist() for k, v in inc.dropped.items()} == {k: v.tolist() for k, v in
                                                                              ref.dropped.items()}, name
    points = gpd.GeoDataFrame({"datum": ref.dates}, geometry=gpd.points_from_xy(ref.x, ref.y), crs=28992)
    points.to_file(tmp_path / "points.gpkg")
    inc = read_incidents(tmp_path / "points.gpkg", date="datum")
    assert np.allclose(inc.x, ref.x) and inc.rows.tolist() == list(range(1, 8))


def test_excel_dates_arrive_as_dates(tmp_path):
    frame = pd.DataFrame({"x": [161578.0, 161590.0], "y": [383238.0, 383251.0],
                          "datum": [dt.datetime(2022, 3, 12), dt.datetime(2023, 1, 2, 10, 30)]})
    frame.to_excel(tmp_path / "e.xlsx", index=False)
    inc = read_incidents(tmp_path / "e.xlsx", x="x", y="y", date="datum")
    assert inc.dates.astype("datetime64[D]").astype(str).tolist() == ["2022-03-12", "2023-01-02"]


def test_missing_column_names_the_columns(bvh):
    with pytest.raises(ColumnError, match=r"geen x-coördinaatkolom 'Xcoord'.*X-coördinaat"):
        read_incidents(bvh, x="Xcoord", y="Y-coordinaat")


def test_missing_file_and_unknown_format(tmp_path):
    with pytest.raises(InputFileError, match="bestand niet gevonden"):
        read_incidents(tmp_path / "nope.csv", x="x", y="y")
    (tmp_path / "a.dbf").write_bytes(b"x")
    with pytest.raises(InputFileError, match=r"kan bestanden '\.dbf' niet"):
        read_incidents(tmp_path / "a.dbf", x="x", y="y")


def test_numbers_reads_every_notation():
    values = pd.Series(["161234", "161234.5", "161234,5", "161.234,5", "161,234.5", "", None, "x", " 12 "])
    got = numbers(values)
    assert got[:5].tolist() == [161234, 161234.5, 161234.5, 161234.5, 161234.5]
    assert np.isnan(got[5:8]).all() and got[8] == 12


def test_synthetic_export_format_and_planted_spots(tmp_path):
    path = synthetic_export(tmp_path / "export.csv", n=20_000, seed=7, bad_rows=3)
    raw = path.read_bytes()
    assert raw.startswith(";".join(SYNTHETIC_COLUMNS).encode("cp1252"))
    assert "ö".encode("cp1252") in raw.splitlines()[0]
    inc = read_incidents(path, x="X-coördinaat", y="Y-coördinaat", date="Pleegdatum", type="Maatschappelijke klasse")
    assert len(inc) == 20_000 and inc.read == 20_003
    assert inc.dropped_counts == {"no_coordinates": 1, "outside_netherlands": 1, "bad_date": 1}
    years = inc.dates.astype("datetime64[Y]").astype(int) + 1970
    assert years.min() == 2021 and years.max() == 2023
    for _, sx, sy, share, kind in MICRO_HOT_SPOTS:
        near = np.hypot(inc.x - sx, inc.y - sy) < 75
        # The planted share (0.4%), within a few standard errors, of the planted type mostly.
        assert abs(near.sum() - share * 20_000) < 5 * np.sqrt(share * 20_000) + 5
        assert (inc.types[near] == kind).mean() > 0.9
    # The same seed writes the same file.
    again = synthetic_export(tmp_path / "again.csv", n=20_000, seed=7, bad_rows=3)
    assert again.read_bytes() == raw


def test_chunks_give_the_same_incidents(tmp_path):
    path = synthetic_export(tmp_path / "export.csv", n=5_000, seed=3, bad_rows=6)
    whole = read_incidents(path, x="X-coördinaat", y="Y-coördinaat", date="Pleegdatum")
    files = incident_files(path, x="X-coördinaat", y="Y-coördinaat", date="Pleegdatum", chunk_rows=777)
    from geo.incidents import _FileState, clean_chunk, raw_chunks

    state = _FileState(path)
    chunks = [clean_chunk(raw, files.options, state) for raw in raw_chunks(path, files.options)]
    assert len(chunks) == 7  # 5,006 rows in pieces of 777
    assert np.concatenate([c.x for c in chunks]).tolist() == whole.x.tolist()
    assert np.concatenate([c.rows for c in chunks]).tolist() == whole.rows.tolist()
    assert np.concatenate([c.dropped["bad_date"] for c in chunks]).tolist() == whole.dropped["bad_date"].tolist()


def test_text_after_plain_numbers_falls_back_mid_file(tmp_path):
    """Plain numbers are parsed by pandas' C parser; a value it cannot read later on (row 3,002) does not lose or
    double a row: the rest of the file is read as text, and the row is named."""
    from geo.grid import count_cells

    lines = ["x;y"] + [f"161{i % 1000:03d},5;383{i % 1000:03d},5" for i in range(3000)] + ["onbekend;383000,0",
                                                                                         "161000,5;383000,5"]
    path = tmp_path / "late.csv"
    path.write_text("\n".join(lines) + "\n", encoding="cp1252")
    counts = count_cells(incident_files(path, x="x", y="y", chunk_rows=700), cell=1000)
    assert counts.read == 3002 and counts.total == 3001 and counts.dropped["no_coordinates"] == 1
    inc = read_incidents(path, x="x", y="y")
    assert inc.dropped["no_coordinates"].tolist() == [3002] and len(inc) == 3001
    assert inc.x[:2].tolist() == [161000.5, 161001.5] and inc.rows[-1] == 3003


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_excel_day_numbers_are_read_as_dates(tmp_path, suffix, caplog):
    """An export saved without date formatting holds 44609 for 17 February 2022; a trial found it refused."""
    days = [44609, 44610.75, 45291, 44562]  # 17-02-2022, 18-02-2022 18:00, 31-12-2023, 01-01-2022
    frame = pd.DataFrame({"X": [161_500.0, 161_600.0, 161_700.0, 161_800.0], "Y": [383_200.0] * 4,
                          "Pleegdatum": days})
    path = tmp_path / f"export{suffix}"
    if suffix == ".csv":
        frame.to_csv(path, sep=";", index=False)
    else:
        frame.to_excel(path, index=False)
    with caplog.at_level("INFO", logger="geo"):
        got = read_incidents(path, x="X", y="Y", date="Pleegdatum")
    expected = np.array(["2022-02-17", "2022-02-18", "2023-12-31", "2022-01-01"], dtype="datetime64[D]")
    assert len(got) == 4 and (got.dates.astype("datetime64[D]") == expected).all()
    assert any("Excel" in r.getMessage() and "2022-02-17" in r.getMessage() for r in caplog.records)
    # A broken value among them is named by its row, and a Dutch decimal comma is a time of day (a review).
    mixed = tmp_path / "mixed.csv"
    many = pd.concat([frame] * 5, ignore_index=True)
    many["Pleegdatum"] = [str(d) for d in days] * 4 + ["44609", "44610.75", "kapot", "44562,5"]
    many.to_csv(mixed, sep=";", index=False)
    some = read_incidents(mixed, x="X", y="Y", date="Pleegdatum")
    assert len(some) == 19 and some.dropped["bad_date"].tolist() == [20]  # header is row 1
    assert (some.dates.astype("datetime64[D]")[-3:] == expected[[0, 1, 3]]).all()
    # A year of 8 digits is a date, not a day number: 20220217 stays the compact format.
    compact = tmp_path / "compact.csv"
    frame.assign(Pleegdatum=[20220217, 20220218, 20231231, 20220101]).to_csv(compact, sep=";", index=False)
    assert (read_incidents(compact, x="X", y="Y", date="Pleegdatum").dates.astype("datetime64[D]")
            == expected).all()


def test_rd_metres_with_a_thousands_dot_are_refused_naming_the_dot(tmp_path):
    """203.835 is 203835 m to a Dutch reader and 203.835 to a parser: refused, and the line says why (a trial)."""
    path = tmp_path / "punt.csv"
    pd.DataFrame({"X": ["161.500", "161.600", "161.700"], "Y": ["383.200"] * 3,
                  "Pleegdatum": ["01-02-2023"] * 3}).to_csv(path, sep=";", index=False)
    with text.speaking("en"), pytest.raises(DataError) as caught:
        read_incidents(path, x="X", y="Y", date="Pleegdatum")
    assert "outside the Netherlands" in str(caught.value) and "203835, not 203.835" in str(caught.value)


@pytest.mark.parametrize("extra", [1, 2])
def test_unquoted_decimal_commas_in_a_comma_separated_file_are_named_by_row(tmp_path, extra):
    """A trial's comma-separated export with unquoted decimal commas leaked pandas' "zip() argument 2 is shorter";
    with one comma per row pandas took the first field as an index and read x = 5 (refused as outside the
    Netherlands, for the wrong reason). The first megabyte is checked: the row and the field counts. (A ragged row
    beyond it is read by position: its shifted fields put it outside the Netherlands or give it no date, and it is
    dropped and named by row with the other bad rows.)"""
    good = "".join(f"{i},161500,383000,01-03-2023,Geweld\n" for i in range(1, 3))
    bad = "9," + ",".join(["161500", "5"] + (["383000", "5"] if extra == 2 else ["383000"])) + ",02-03-2023,Geweld\n"
    path = tmp_path / "komma.csv"
    path.write_text("Nr,X-coordinaat,Y-coordinaat,Pleegdatum,Type\n" + good + bad + good, encoding="utf-8")
    for lang, words in (("nl", f"rij 4: {5 + extra} velden, maar de kop heeft er 5"),
                        ("en", f"row 4: {5 + extra} fields, but the header has 5")):
        with text.speaking(lang), pytest.raises(InputFileError) as caught:
            read_incidents(path, x="X-coordinaat", y="Y-coordinaat", date="Pleegdatum")
        assert str(caught.value).startswith(str(path)) and words in str(caught.value), str(caught.value)
        assert "zip()" not in str(caught.value)


@pytest.mark.parametrize("content", [b"a;b\n1;2\n", "x;\u00f6\n1;2\n".encode(), "\ufeffx;\u00f6\n".encode(),
                                     "x;\u00f6\n1;2\n".encode("cp1252"), b"a;b\n\x00\n", b"\x81\xff\xfe",
                                     b"\xef\xbb\xbfx;\xf6\n", b"",
                                     # UTF-8 for 40 bytes, then one cp1252 byte: found in a later block.
                                     b"X;Y\n" + b"1;2\n" * 9 + "\u00f6".encode("cp1252"),
                                     # A two-byte UTF-8 character cut by the end of a block.
                                     b"ab" + "\u00f6".encode() + b";c\n"])
def test_the_encoding_is_found_block_by_block_as_encoding_of_finds_it(tmp_path, monkeypatch, content):
    """An export's encoding was found by reading and decoding the whole file, twice for cp1252: 2 s per million
    rows and the file held whole. Read block by block, the answer must stay ``encoding_of``'s."""
    from geo import incidents as module
    from geo.errors import InputFileError
    from geo.tables import encoding_of

    monkeypatch.setattr(module, "ENCODING_BLOCK", 3)
    path = tmp_path / "export.csv"
    path.write_bytes(content)

    def answer(find):
        try:
            return find(path)
        except InputFileError:
            return "refused"

    assert answer(module.text_encoding) == answer(encoding_of)
