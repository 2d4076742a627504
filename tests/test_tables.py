"""Reading tables of figures: CSV, StatLine exports and Excel, and parsing their numbers (geo/tables.py)."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.errors import DataError
from geo.tables import read_table, to_number


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
    with pytest.raises(DataError, match=r"t.csv: column 'x' is not numeric .*row 3: 'abc'"):
        to_number(pd.Series(["1", "abc"]), column="x", source="t.csv")


def test_cp1252_csv(tmp_path):
    path = tmp_path / "namen.csv"
    path.write_bytes("code,naam,waarde\nGM1900,Súdwest-Fryslân,3\n".encode("cp1252"))
    assert read_table(path).frame.loc[0, "naam"] == "Súdwest-Fryslân"
