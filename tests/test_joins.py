"""Joining figures to boundaries by code and by name: codes in their many spellings, the join report (geo/joins.py)."""

from __future__ import annotations

import logging

import pandas as pd
import pytest

import geo
from geo import crosswalk
from geo.errors import CodeMismatchError
from geo.joins import canonical_codes, code_style, other_year_note
from tests.conftest import assert_clean_failure, run_cli


@pytest.mark.parametrize("raw", ["GM0518", "GM0518    ", "0518", "518", " 518 ", "gm0518", 518, 518.0])
def test_gemeente_code_spellings(raw):
    assert canonical_codes(pd.Series([raw], dtype=object), prefix="GM", width=4).iloc[0] == "GM0518"


def test_code_style():
    assert code_style(pd.Series(["GM0014", "GM0363"])) == ("GM", 4)
    assert code_style(pd.Series(["BU05180110", "BU03630000"])) == ("BU", 8)
    assert code_style(pd.Series(["WK0363AA", "WK036301"])) == ("WK", 6)
    assert code_style(pd.Series(["14", "363"]))[0] is None


def test_padded_unprefixed_and_suppressed_rows_join_with_report(tmp_path, gemeenten_rd):
    # As a StatLine CSV export: BOM, ';', decimal comma, padded keys, '.' for a suppressed cell.
    text = (
        "\ufeffRegio;Code;Misdrijven per 1000\n"
        "'s-Gravenhage;GM0518    ;52,3\n"
        "Amsterdam;0363;61,0\n"
        "Groningen;14;44,8\n"
        "Buitenland;GM0998;.\n"
        "Onbekend;GM9999;12,0\n"
        "Utrecht;344;       .\n"
    )
    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8")
    boundaries = geo.load_boundaries(gemeenten_rd)
    joined = geo.join(boundaries, geo.read_table(path), code_column="Code")
    report = joined.report
    assert report.matched == 4
    assert report.data_only == ["GM0998", "GM9999"]
    assert len(report.boundaries_only) == 342 - 4 and "GM0518" not in report.boundaries_only
    prepared = geo.prepare(joined, value="Misdrijven per 1000")
    by_code = prepared.frame.set_index("code")
    assert by_code.loc["GM0518", "value"] == pytest.approx(52.3)
    assert by_code.loc["GM0014", "value"] == pytest.approx(44.8)
    assert prepared.report.missing_value == ["GM0344"]
    assert not by_code.loc["GM0344", "analysed"]  # suppressed in the data
    assert not by_code.loc["GM0034", "analysed"]  # not in the data at all
    assert by_code.loc["GM0014", "analysed"]
    assert "value" not in boundaries.frame.columns and "value" not in joined.frame.columns, \
        "join and prepare must not change their input"


def test_excel_with_numeric_codes(tmp_path, gemeenten_rd, crimes_csv):
    raw = pd.read_csv(crimes_csv, dtype={"nummer": str})
    raw["nummer"] = raw["nummer"].astype(int)  # a spreadsheet drops the leading zeros
    path = tmp_path / "misdaad.xlsx"
    raw.to_excel(path, index=False, sheet_name="gemeenten")
    joined = geo.join(geo.load_boundaries(gemeenten_rd), geo.read_table(path), code_column="nummer")
    assert joined.report.matched == 342


def test_duplicate_codes_after_normalising_are_refused(gemeenten_rd):
    table = pd.DataFrame({"code": ["0518", "GM0518", "GM0014"], "v": ["1", "2", "3"]})
    with pytest.raises(CodeMismatchError, match=r"dubbel.csv: kolom 'code' heeft dubbele codes: GM0518 \(rijen 2, 3\)"):
        geo.join(geo.load_boundaries(gemeenten_rd), table, code_column="code", source="dubbel.csv")


def test_invalid_geometry_is_repaired_and_reported(gemeenten_rd):
    boundaries = geo.load_boundaries(gemeenten_rd)
    assert boundaries.repaired and boundaries.frame.is_valid.all()
    assert boundaries.frame.crs.to_epsg() == 28992


def test_wgs84_file_is_projected_to_rd(testdata):
    b = geo.load_boundaries(testdata / "boundaries" / "gemeente_2023_wgs84.geojson").frame
    assert b.crs.to_epsg() == 28992
    minx, miny, maxx, maxy = b.total_bounds
    assert 0 < minx < maxx < 300_000 and 300_000 < miny < maxy < 625_000
    assert 33_000 < b.area.sum() / 1e6 < 42_000  # km2: land plus part of the inland water


# --- A table coded on the gemeenten of another year ---------------------------------------------------------------

def _coded_2021(crimes_csv, path):
    """The 2023 figures recoded on the 2021 gemeenten: each merger of 2022 and 2023 undone, its counts divided."""
    raw = pd.read_csv(crimes_csv, dtype={"nummer": str})
    raw["code"] = "GM" + raw["nummer"]
    rows = raw.set_index("code")[["naam", "misdaad", "bevolking"]].to_dict("index")
    for year in (2023, 2022):
        for old, new, how in crosswalk.GEMEENTE_CHANGES[year]:
            (code,) = new
            merged = rows.pop(code)
            parts = [*old, code] if how == "joined" else list(old)
            for i, part in enumerate(parts):
                share = [(merged[k] // len(parts)) + (merged[k] % len(parts) if i == 0 else 0)
                         for k in ("misdaad", "bevolking")]
                rows[part] = {"naam": crosswalk.GEMEENTE_NAMES[part], "misdaad": share[0], "bevolking": share[1]}
    table = pd.DataFrame.from_dict(rows, orient="index").rename_axis("gemeentecode").reset_index()
    table.to_csv(path, index=False)
    return table


def test_a_table_on_the_2021_gemeenten_is_named_as_such(tmp_path, crimes_csv, gemeenten_rd, caplog):
    path = tmp_path / "misdrijven_2021.csv"
    table = _coded_2021(crimes_csv, path)
    assert len(table) == 352  # the gemeenten of 2021
    assert table["misdaad"].sum() == pd.read_csv(crimes_csv)["misdaad"].sum()
    run = run_cli("hotspots", "--boundaries", str(gemeenten_rd), "--data", str(path), "--code-column", "gemeentecode",
                  "--value", "misdaad", "--population", "bevolking", "--permutations", "99",
                  "--out", str(tmp_path / "out"))
    assert run.returncode == 0, run.stderr
    line = next(line for line in run.stderr.splitlines() if "--data-year" in line)
    assert "misdrijven_2021.csv: 14 code(s) alleen in de gegevens horen bij gemeenten van een ander jaar" in line
    assert "GM0398 Heerhugowaard \u2192 GM1980 Dijk en Waard" in line and "GM0457 Weesp \u2192 GM0363 Amsterdam" in line
    assert "ingedeeld naar de gemeenten van 2021: geef --data-year 2021" in line
    # The same in English, from the library.
    with caplog.at_level(logging.WARNING, logger="geo"):
        geo.join(geo.load_boundaries(gemeenten_rd), geo.read_table(path), code_column="gemeentecode", lang="en")
    english = [r.getMessage() for r in caplog.records if "--data-year" in r.getMessage()]
    assert len(english) == 1 and "the data seems coded on the gemeenten of 2021: give --data-year 2021" in english[0]


@pytest.mark.parametrize(("codes", "unmatched", "years", "year"), [
    (["GM0788", "GM0014"], ["GM0788"], "2020 of eerder", 2020),          # Haaren: before its split in 2021
    (["GM1979", "GM0398", "GM0014"], ["GM0398"], "2021", 2021),          # Eemsdelta and Heerhugowaard: 2021 only
    (["GM0398", "GM0014"], ["GM0398"], "2021 of eerder", 2021),          # without Eemsdelta: 2021 or before
    (["GM1980", "GM0457"], ["GM0457"], "2022", 2022),                    # Dijk en Waard beside Weesp
    (["GM1992", "GM0014"], ["GM1992"], "2023 of later", 2023),           # newer than the boundaries
    (["WK039801", "BU03980101"], ["WK039801"], "2021 of eerder", 2021),  # wijk codes name their gemeente
])
def test_other_year_note(codes, unmatched, years, year):
    note = other_year_note(codes, unmatched, source="t.csv")
    assert note is not None and f"van {years}: geef --data-year {year} " in note


def test_unknown_codes_give_no_year_note():
    assert other_year_note(["GM0014", "GM9999", "GM0998"], ["GM9999", "GM0998"], source="t.csv") is None


def test_no_other_year_note_for_wijken_redrawn_inside_a_gemeente_the_boundaries_have():
    """A wijk of Eemsdelta (born 2021) missing from 2023 boundaries that have Eemsdelta is a redrawn
    wijk, not a table of 2021: the note used to say "geef --data-year 2023" on 2023 boundaries."""
    codes, unmatched = ["WK197901", "WK001401"], ["WK197901"]
    assert other_year_note(codes, unmatched, source="t", boundary_codes=["WK197902", "WK001401"]) is None
    # Heerhugowaard's wijk on boundaries without Heerhugowaard still tells the year.
    note = other_year_note(["WK039801", "WK001401"], ["WK039801"], source="t", boundary_codes=["WK001401"])
    assert note is not None and "--data-year 2021" in note


def test_data_year_without_a_boundary_year_is_refused_not_ignored(tmp_path, gemeenten_rd):
    """--data-year with a boundary file and no --year was silently ignored (the merged gemeenten blank)."""
    out = tmp_path / "out"
    data = tmp_path / "d.csv"
    data.write_text("gemeentecode,misdaad\nGM0014,5\nGM0034,7\nGM0037,9\n", encoding="utf-8")
    run = run_cli("hotspots", "--boundaries", str(gemeenten_rd), "--data", str(data), "--code-column",
                  "gemeentecode", "--value", "misdaad", "--data-year", "2021", "--out", str(out))
    assert_clean_failure(run, out, "--data-year 2021", "--year")


def test_no_data_year_advice_for_a_table_of_the_boundaries_own_year_with_a_few_stale_codes():
    """2023 boundaries, and a table of 2023 with Dijk en Waard written as Heerhugowaard and Langedijk: it fits
    2023 best, and the note told the 2023 run to "geef --data-year 2023" (found in review)."""
    boundaries = ["GM1980", "GM1982", "GM1991", "GM1992", "GM0014", "GM0363"]
    data = ["GM1982", "GM1991", "GM1992", "GM0014", "GM0363", "GM0398", "GM0416"]
    assert other_year_note(data, ["GM0398", "GM0416"], source="t", boundary_codes=boundaries) is None
    # The same stale codes in a table of 2021 still get the advice.
    old = ["GM0398", "GM0416", "GM0014", "GM0363", "GM0457"]
    note = other_year_note(old, ["GM0398", "GM0416", "GM0457"], source="t", boundary_codes=boundaries)
    assert note is not None and "--data-year 2021" in note


# --- The vectorised code paths against the scalar rules they replace (issue 18) --------------------------------

_REF_PREFIXED = __import__("re").compile(r"^([A-Z]{2})([0-9A-Z]+)$")
_REF_DIGITS = __import__("re").compile(r"^[0-9]+$")


def _scalar_code_style(codes):
    """code_style as it was: one regex per code (the reference for the vectorised version)."""
    from collections import Counter

    from geo import levels

    prefixes, widths = Counter(), Counter()
    for code in codes.dropna().astype(str):
        code = code.strip().upper()
        match = _REF_PREFIXED.match(code)
        if match:
            prefixes[match.group(1)] += 1
            widths[len(match.group(2))] += 1
        elif _REF_DIGITS.match(code):
            widths[len(code)] += 1
    prefix = prefixes.most_common(1)[0][0] if prefixes else None
    width = widths.most_common(1)[0][0] if widths else 4
    return prefix, levels.width(prefix) or width


def _scalar_canonical(codes, *, prefix, width):
    """canonical_codes as it was: the rules applied to every code one by one."""
    import re

    def one(value):
        if value is None or (isinstance(value, float) and value != value):
            return None
        text = re.sub(r"\s+", "", str(value)).upper()
        if text.endswith(".0") and _REF_DIGITS.match(text[:-2]):
            text = text[:-2]
        if not text:
            return None
        if prefix is None:
            digits = _REF_PREFIXED.match(text)
            if digits and _REF_DIGITS.match(digits.group(2)):
                text = digits.group(2)
            return text.lstrip("0") or "0" if _REF_DIGITS.match(text) else text
        if _REF_DIGITS.match(text) and len(text) <= width:
            return prefix + text.zfill(width)
        rest = text[len(prefix):] if text.startswith(prefix) else None
        if rest is not None and _REF_DIGITS.match(rest) and len(rest) < width:
            return prefix + rest.zfill(width)
        return text

    return codes.map(one)


#: Every spelling the joins meet, and the odd ones that must keep taking the scalar rules.
_SPELLINGS = [
    "GM0363", "GM0518    ", "0363", "363", " 363 ", "gm0363", "GM363", "GM 0363", "WK036301", "wk036301",
    "BU03630001", "BU0363000", "BU036300011", "WK0363AA", "E1615N3832", "e1615n3832", "E1234N5678 ", "0", "00",
    "000363", "518.0", "518.5", "GM0363.0", "", "   ", "\t363\n", "363\n", "\v363", "\x1c0363", "\u00a0363",
    "GM0363\u00a0", "Amsterdam", "'s-Gravenhage", "Súdwest-Fryslân", "ß", "ﬁ", "\u0663\u0666\u0663", "١٢",
    "RE09", "GM12345", "GM", "NL01", "PV27", "X", "12AB", "AB12CD", "1.234", "GM0363 ", None, float("nan"),
]


def _samples():
    import random

    rng = random.Random(18)
    for size in (1, 3, 10, 200):
        yield [rng.choice(_SPELLINGS) for _ in range(size)]
    yield ["GM0363", "GM0014"] * 5 + ["WK036301"] * 10  # a tie for the width: the first seen wins
    yield ["WK036301", "GM0363"]  # a tie for the prefix: the first seen wins
    yield [None, float("nan")]
    yield ["GM0363", "GM0518"]
    yield ["E1615N3832", "E1616N3832"]


@pytest.mark.parametrize("dtype", [object, "str"])
def test_vectorised_code_paths_equal_the_scalar_rules(dtype):
    for sample in _samples():
        codes = pd.Series(sample, dtype=dtype, index=range(100, 100 + len(sample)), name="code")
        assert code_style(codes) == _scalar_code_style(codes), sample
        for prefix, width in [("GM", 4), ("WK", 6), ("BU", 8), (None, 4), ("RE", 2), ("E1", 4), ("G.", 4)]:
            ours = canonical_codes(codes, prefix=prefix, width=width)
            pd.testing.assert_series_equal(ours, _scalar_canonical(codes, prefix=prefix, width=width))
    assert code_style(pd.Series([], dtype=object)) == _scalar_code_style(pd.Series([], dtype=object))
    mixed = pd.Series(["GM0363", 363, 518.0, None, "0014"], dtype=object)
    pd.testing.assert_series_equal(canonical_codes(mixed, prefix="GM", width=4),
                                   _scalar_canonical(mixed, prefix="GM", width=4))
    assert code_style(mixed) == _scalar_code_style(mixed)
