"""Reading tables of figures: CSV, StatLine exports and Excel, and parsing their numbers (geo/tables.py)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import geo
from geo import tables
from geo.errors import DataError, OptionError
from geo.tables import _number_kind, column_notation, find_header_row, read_table, to_number
from tests.conftest import assert_clean_failure, run_cli


def test_statline_export_with_bom_semicolons_and_decimal_comma(testdata):
    path = testdata / "cbs" / "VM_81877NED_statline-export_NL-provincie_2013-2017.csv"
    read = read_table(path)
    assert read.separator == ";" and read.source == str(path)
    table = read.frame
    assert table.columns[0] == "Marges"  # the byte-order mark is gone
    column = next(c for c in table.columns if "onveilig in buurt" in c)
    values = to_number(table[column], column=column, source=str(path))
    first = table.index[(table["Perioden"] == "2013") & (table["Regio's"] == "Nederland")][0]
    assert values[first] == pytest.approx(18.8)
    assert values.notna().all()


def test_numbers_in_dutch_and_english_notation():
    s = pd.Series(["12,5", ".", "", "1.234,5", None, "  7 "])
    out = to_number(s, column="x", source="t.csv")
    assert out.iloc[0] == 12.5 and out.iloc[3] == 1234.5 and out.iloc[5] == 7
    assert out.iloc[[1, 2, 4]].isna().all()
    assert to_number(pd.Series(["1,234.5", "3.25"]), column="x", source="t.csv").tolist() == [1234.5, 3.25]
    with pytest.raises(DataError, match=r"t.csv: kolom 'x' is niet numeriek .*rij 3: 'abc'"):
        to_number(pd.Series(["1", "abc"]), column="x", source="t.csv")


def test_cp1252_csv(tmp_path):
    path = tmp_path / "namen.csv"
    path.write_bytes("code,naam,waarde\nGM1900,Súdwest-Fryslân,3\n".encode("cp1252"))
    assert read_table(path).frame.loc[0, "naam"] == "Súdwest-Fryslân"


# --- The notation of numbers: Dutch Excel, English exports, and the columns that cannot tell ------------------

def _csv(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_dutch_excel_csv_gives_the_same_statistics_as_the_clean_csv(tmp_path, testdata, gemeenten_rd, crimes_csv):
    # The 2023 figures as Dutch Excel saves them: ';', cp1252, '566.175' inhabitants, '0,47', codes without zeros.
    dutch = testdata / "cbs" / "gemeenten_brengdelicten2023_bevolking2024_excel-nl.csv"
    assert b";566.175;28.524;" in dutch.read_bytes()
    summaries = []
    for name, data in (("clean", crimes_csv), ("dutch", dutch)):
        run = run_cli("hotspots", "--boundaries", str(gemeenten_rd), "--data", str(data), "--code-column", "nummer",
                      "--value", "misdaad", "--population", "bevolking", "--permutations", "99",
                      "--out", str(tmp_path / name))
        assert run.returncode == 0, run.stderr
        summaries.append(json.loads((tmp_path / name / "summary.json").read_text(encoding="utf-8")))
    clean, excel = summaries
    assert excel["n"] == clean["n"] == 342
    for key in ("moran", "lisa", "gi_star", "small_population", "missing_value", "unmatched"):
        assert excel[key] == clean[key], key
    assert clean["moran"]["I"] > 0.05  # the clustering a misread (I = -0.013) would hide
    rates = [pd.read_csv(tmp_path / n / "results.csv").set_index("code")["rate"] for n in ("clean", "dutch")]
    assert rates[1]["GM0037"] == pytest.approx(rates[0]["GM0037"])  # Stadskanaal, not 23,380 per 1,000
    assert rates[0]["GM0037"] < 100


@pytest.mark.parametrize(("cells", "notation"), [
    (["28.524", "812", "566.175"], ","),           # a point and three digits among whole counts: Dutch thousands
    (["1.234.567", "12"], ","),                    # two point groups are never English
    (["7,3", "12", "0,47"], ","),                  # a comma decimal
    (["1.234,5", "7"], ","),
    (["7.3", "12", "1.234"], "."),                 # a point decimal: '1.234' is then 1.234
    (["1,234.5", "3.25"], "."),
    (["1,234,567", "5"], "."),
    (["1.234"], "ambiguous"),                      # nothing else to tell
    (["1.234", "12.345"], "ambiguous"),            # all with three decimals, or all thousands?
    (["1,234", "5"], "ambiguous"),                 # English thousands, or a Dutch rate with three decimals
    (["7,3", "7.3"], "mixed"),
    (["12", "812"], None),                         # whole numbers: nothing to decide
    (["GM0518", "GM0014"], None),                  # not numbers
    ([".", "x", ""], None),                        # suppressed only
])
def test_the_notation_rule(cells, notation):
    assert column_notation(_number_kind(c) for c in cells) == notation


def test_counts_with_dot_thousands_are_read_as_thousands(tmp_path):
    path = _csv(tmp_path, "misdaad.csv",
                "code;misdrijven;inwoners\n518;28.524;566.175\n37;737;31.524\n14;12.700;243.790\n", "cp1252")
    frame = read_table(path).frame
    assert frame["misdrijven"].tolist() == [28524, 737, 12700]
    assert frame["inwoners"].tolist() == [566175, 31524, 243790]
    assert frame["code"].tolist() == ["518", "37", "14"]  # codes stay text


def test_an_ambiguous_column_takes_the_notation_of_the_rest_of_the_file(tmp_path):
    # 'inwoners' alone cannot tell ('1.234' could be 1.234); 'per_1000' has a comma decimal, so the file is Dutch.
    path = _csv(tmp_path, "gemengd.csv", "code;inwoners;per_1000\nGM0001;1.234;7,3\nGM0002;12.345;12,25\n")
    frame = read_table(path).frame
    assert frame["inwoners"].tolist() == [1234, 12345]
    assert frame["per_1000"].tolist() == [7.3, 12.25]
    english = _csv(tmp_path, "english.csv", "code,rate,people\nGM0001,7.35,\"1,234\"\nGM0002,1.5,\"2,000\"\n")
    assert read_table(english).frame["people"].tolist() == [1234, 2000]


def test_an_ambiguous_column_asks_for_decimal_in_one_line(tmp_path, gemeenten_rd):
    path = _csv(tmp_path, "dubbelzinnig.csv", "code;misdrijven\n518;1.234\n14;12.345\n363;52.100\n")
    table = read_table(path)  # a column that is not used must not stop the run
    with pytest.raises(DataError, match=r"dubbelzinnig.csv: van kolom 'misdrijven' is de notatie niet te bepalen "
                                        r"\(rij 2: '1.234'.*--decimal , .*--decimal \."):
        to_number(table.frame["misdrijven"], column="misdrijven", source=table.source)
    run = run_cli("hotspots", "--boundaries", str(gemeenten_rd), "--data", str(path), "--code-column", "code",
                  "--value", "misdrijven", "--permutations", "99", "--out", str(tmp_path / "out"))
    assert_clean_failure(run, tmp_path / "out", "dubbelzinnig.csv", "'misdrijven'", "--decimal")


def test_decimal_given_overrides_detection(tmp_path):
    path = _csv(tmp_path, "t.csv", "code;v\nGM0001;1.234\nGM0002;12.345\n")
    assert read_table(path, decimal=",").frame["v"].tolist() == [1234, 12345]
    assert read_table(path, decimal=".").frame["v"].tolist() == [1.234, 12.345]
    assert to_number(pd.Series(["1.234", "2,5"]), column="v", source="t.csv", decimal=",").tolist() == [1234, 2.5]


def test_a_cell_against_the_decimal_given_is_one_error_naming_row_and_column(tmp_path):
    path = _csv(tmp_path, "t.csv", "code;inwoners;per_1000\nGM0001;1.234;7,3\nGM0002;2.345;1.5\n")
    with pytest.raises(DataError, match=r"t.csv: rij 3, kolom 'per_1000': '1.5' is geschreven in Engelse.*decimal ,"):
        read_table(path, decimal=",")
    english = _csv(tmp_path, "e.csv", "code,v\nGM0001,1.5\nGM0002,\"7,25\"\n")
    with pytest.raises(DataError, match=r"e.csv: rij 3, kolom 'v': '7,25' is geschreven in Nederlandse"):
        read_table(english, decimal=".")
    with pytest.raises(OptionError, match="--decimal"):
        read_table(path, decimal=";")


def test_a_column_in_both_notations_is_refused_when_used(tmp_path):
    path = _csv(tmp_path, "t.csv", "code;v\nGM0001;7,3\nGM0002;7.3\n")
    table = read_table(path)
    with pytest.raises(DataError, match=r"t.csv: kolom 'v' mengt Nederlandse en Engelse notatie \(rij 2: '7,3', "
                                        r"rij 3: '7.3'\)"):
        to_number(table.frame["v"], column="v", source=table.source)


# --- A title block above the header ------------------------------------------------------------------------------

def _titled_workbook(path, crimes_csv, *, bad_cell=None):
    """The 2023 figures in a sheet as analysts make one: a merged title, a source line, a blank row, then the table."""
    from openpyxl import Workbook

    raw = pd.read_csv(crimes_csv, dtype={"nummer": str})
    book = Workbook()
    sheet = book.active
    sheet.title = "Misdrijven 2023"
    sheet["A1"] = "Geregistreerde brengdelicten per gemeente, 2023"
    sheet.merge_cells("A1:D1")
    sheet["A2"] = "Bron: Politie, CBS (bewerking)"
    for column, name in enumerate(["Gemeente", "Gemeentecode", "Misdrijven", "Inwoners"], start=1):
        sheet.cell(row=4, column=column, value=name)  # row 3 stays blank
    for row in raw.itertuples():
        sheet.append([row.naam, f"GM{row.nummer}", int(row.misdaad), int(row.bevolking)])
    if bad_cell:
        sheet[bad_cell] = "onbekend"
    book.save(path)
    return path


def test_excel_title_block_is_skipped_and_rows_keep_their_numbers(tmp_path, crimes_csv, gemeenten_rd):
    path = _titled_workbook(tmp_path / "misdrijven.xlsx", crimes_csv, bad_cell="C7")
    table = read_table(path)
    frame = table.frame
    assert list(frame.columns) == ["Gemeente", "Gemeentecode", "Misdrijven", "Inwoners"]
    assert len(frame) == 342 and frame.iloc[0]["Gemeentecode"] == "GM0518"
    # Row 7 of the sheet is named as row 7, as the analyst sees it in Excel.
    with pytest.raises(DataError, match=r"misdrijven.xlsx: kolom 'Misdrijven' is niet numeriek .*rij 7: 'onbekend'"):
        to_number(frame["Misdrijven"], column="Misdrijven", source=table.source)
    assert read_table(path, header_row=4).frame.equals(frame)
    assert read_table(path, header_row=2).frame.columns[0] == "Bron: Politie, CBS (bewerking)"
    joined = geo.join(geo.load_boundaries(gemeenten_rd), table, code_column="Gemeentecode")
    assert joined.report.matched == 342


def test_excel_title_block_end_to_end(tmp_path, crimes_csv, gemeenten_rd):
    path = _titled_workbook(tmp_path / "misdrijven.xlsx", crimes_csv)
    runs = {}
    for name, args in (("clean", (str(crimes_csv), "nummer", "misdaad", "bevolking")),
                       ("titled", (str(path), "Gemeentecode", "Misdrijven", "Inwoners"))):
        data, code, value, population = args
        run = run_cli("hotspots", "--boundaries", str(gemeenten_rd), "--data", data, "--code-column", code,
                      "--value", value, "--population", population, "--permutations", "99",
                      "--out", str(tmp_path / name))
        assert run.returncode == 0, run.stderr
        runs[name] = json.loads((tmp_path / name / "summary.json").read_text(encoding="utf-8"))
    assert runs["titled"]["n"] == 342
    assert runs["titled"]["moran"] == runs["clean"]["moran"]


def test_csv_title_block_and_header_row(tmp_path):
    # As Dutch Excel saves a sheet with a title: the title row padded with separators, then a blank row.
    text = "Misdrijven per gemeente, 2023;;\r\n;;\r\ncode;naam;misdrijven\r\nGM0518;'s-Gravenhage;28.524\r\n" \
           "GM0014;Groningen;12.700\r\nGM0037;Stadskanaal;737\r\n"
    path = _csv(tmp_path, "titel.csv", text, "cp1252")
    frame = read_table(path).frame
    assert list(frame.columns) == ["code", "naam", "misdrijven"]
    assert frame["misdrijven"].tolist() == [28524, 12700, 737]
    assert frame.index[0] + 2 == 4  # the first figure is in row 4 of the file
    assert list(read_table(path, header_row=3).frame.columns) == ["code", "naam", "misdrijven"]
    with pytest.raises(OptionError, match="--header-row"):
        read_table(path, header_row=0)


@pytest.mark.parametrize(("rows", "header"), [
    ([["code", "naam", "waarde"], ["GM0518", "x", "1"]], 1),
    ([["Regio's", "2019", "2020"], ["Nederland", "18,8", "17,9"]], 1),  # years as column names: row 1 is full
    ([["Titel", None, None], [None, None, None], ["code", "naam", "waarde"], ["GM0518", "x", "1"]], 3),
    ([["Titel"], ["Bron: CBS", "2024"], ["code", "naam", "waarde"], ["518", "x", "1"]], 3),
    ([["Alleen tekst", None], ["a", "b"], ["c", "d"]], 1),  # nothing that looks like a table: the first row
    ([["Titel"], ["Jaar", "2023", None, None], ["code", "naam", "v", "w"], ["GM0518", "x", "1", "2"]], 3),
    ([["Bron", "CBS", None, None], ["Jaar", "2023"], ["code", "naam", "v", "w"], ["518", "x", "1", "2"]], 3),
    # A header with a year and an empty name, then data with suppressed cells: never a data row as header.
    ([["Regio", "2019", None], ["Nederland", "18,8", "x"], ["Groningen", ".", "x"], ["Drenthe", "1", "2"]], 1),
])
def test_find_header_row(rows, header):
    assert find_header_row(rows) == header


def test_excel_numbers_stored_as_numbers_keep_their_point(tmp_path):
    # 1.234 stored as a number beside whole numbers is 1.234 in any locale; '28.524' typed as text is Dutch.
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in (["code", "per_1000", "misdrijven"], ["GM0518", 1.234, "28.524"], ["GM0014", 5, "737"]):
        sheet.append(row)
    book.save(tmp_path / "t.xlsx")
    for decimal in ("auto", ","):
        frame = read_table(tmp_path / "t.xlsx", decimal=decimal).frame
        assert frame["per_1000"].tolist() == [1.234, 5] and frame["misdrijven"].tolist() == [28524, 737]


def test_a_bad_number_after_the_join_is_named_by_its_area_not_a_wrong_row(tmp_path, gemeenten_rd, crimes_csv):
    """The value column is read after the join, in the boundaries' order: its error named "row 2" for a
    cell on line 110 of the file. It names the area now (issue 16 verification)."""
    import pandas as pd

    from tests.conftest import assert_clean_failure, run_cli

    table = pd.read_csv(crimes_csv, dtype=str)
    table.loc[table["nummer"] == "0037", "misdaad"] = "12 gevallen"  # Stadskanaal
    data = tmp_path / "data.csv"
    table.to_csv(data, index=False)
    out = tmp_path / "out"
    run = run_cli("hotspots", "--boundaries", str(gemeenten_rd), "--data", str(data), "--code-column", "nummer",
                  "--value", "misdaad", "--population", "bevolking", "--out", str(out))
    line = assert_clean_failure(run, out, "misdaad", "12 gevallen")
    assert "gebied GM0037" in line and "rij 2" not in line


# --- The vectorised cell reading against the cell-by-cell one it replaces (issue 18) ----------------------------

def _scalar_cells(series):
    """tables._cells as it was in to_number: three Python calls per cell (the reference)."""
    is_number = series.map(lambda v: isinstance(v, (int, float)) and not isinstance(v, bool))
    text = series.where(~is_number).map(lambda v: v.strip() if isinstance(v, str) else None)
    kinds = text.map(tables._number_kind)
    return is_number, text, kinds, kinds.tolist()


_CELLS = ["28.524", "7,3", "812", " 812 ", "1.234.567", "1,234,567", "1.234,5", "1,234.5", "28,524", "0", "-3",
          "+4,5", "1e3", "2.5E-2", "inf", ".", "x", "", "  ", "-", "?", "12 345", "12\u00a0345", "1.5", "abc", "7,3 ",
          "\t9\n", None, float("nan")]


def _outcome(series, decimal):
    try:
        return "ok", tables.to_number(series, column="aantal", source="t.csv", decimal=decimal).tolist()
    except geo.errors.VmgeoError as error:
        return type(error).__name__, str(error)


@pytest.mark.parametrize("decimal", ["auto", ",", "."])
@pytest.mark.parametrize("dtype", [object, "str"])
def test_to_number_reads_each_distinct_cell_once_as_it_read_every_cell(monkeypatch, decimal, dtype):
    import random

    rng = random.Random(18)
    samples = [[c] for c in _CELLS] + [[rng.choice(_CELLS) for _ in range(n)] for n in (2, 5, 40) for _ in range(30)]
    samples += [["28.524", "812", None], ["7,3", "812", "1.234"], ["1.234", "1.234"], ["812", "x"]]
    for sample in samples:
        for index in (range(len(sample)), [f"GM{i:04d}" for i in range(len(sample))]):
            series = pd.Series(sample, dtype=dtype, index=index, name="aantal")
            ours = _outcome(series, decimal)
            with monkeypatch.context() as m:
                m.setattr(tables, "_cells", _scalar_cells)
                theirs = _outcome(series, decimal)
            assert str(ours) == str(theirs), sample  # str: NaN equals NaN
