"""Every kind of bad input ends in one clear line, exit status 1, and nothing written."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from geo import categories as cat
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
    assert_clean_failure(hotspots(cli, tmp_path / "nope.geojson", d, out), out, "nope.geojson", "niet gevonden")
    assert_clean_failure(hotspots(cli, b, tmp_path / "nope.csv", out), out, "nope.csv", "niet gevonden")


def test_unreadable_formats(cli, tmp_path, region_files):
    b, d = region_files
    out = tmp_path / "out"
    broken = tmp_path / "broken.geojson"
    broken.write_text("{ this is not json", encoding="utf-8")
    assert_clean_failure(hotspots(cli, broken, d, out), out, "broken.geojson", "niet als grenzenbestand te lezen")
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
    assert_clean_failure(hotspots(cli, b, d, out), out, "dubbele", table.iloc[3]["buurtcode"], "rij")


def test_value_not_numeric(cli, tmp_path, region_files):
    b, d = region_files
    table = pd.read_csv(d, dtype=str)
    table.loc[5, "misdrijven"] = "veel"
    table.to_csv(d, index=False)
    out = tmp_path / "out"
    # Read after the join, the cell is named by its area (the file's row is not the joined frame's).
    area = f"gebied {table.loc[5, 'buurtcode']}"
    assert_clean_failure(hotspots(cli, b, d, out), out, "misdrijven", "niet numeriek", area, "veel")


# --- Inputs analysts actually have: left out and named, not refused (issue 16) ---------------------


@pytest.mark.parametrize("bad", ["0", ""])
def test_areas_without_inhabitants_are_left_out_of_rates_and_named(cli, tmp_path, region_files, bad):
    """CBS publishes wijken without inhabitants that still have registrations: such a row cannot be fixed."""
    b, d = region_files
    table = pd.read_csv(d, dtype=str)
    table.loc[2, "inwoners"] = bad
    table.to_csv(d, index=False)
    code = table.loc[2, "buurtcode"]
    out = tmp_path / "out"
    run = hotspots(cli, b, d, out, "--permutations", "99")
    assert run.returncode == 0, run.stderr
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["no_population"] == [code]
    assert summary["n"] == len(table) - 1
    assert any(code in note and "inhabitants" in note for note in summary["notes"])
    assert f"Zonder inwoners, buiten de cijfers per 1.000 gelaten: {code}" in run.stdout
    assert "WAARSCHUWING" in run.stderr and code in run.stderr
    results = pd.read_csv(out / "results.csv", dtype={"code": str}).set_index("code")
    assert results.loc[code, "lisa_cluster"] == cat.NO_DATA and pd.isna(results.loc[code, "rate"])


def test_negative_population_is_still_refused(cli, tmp_path, region_files):
    b, d = region_files
    table = pd.read_csv(d, dtype=str)
    table.loc[2, "inwoners"] = "-900"
    table.to_csv(d, index=False)
    out = tmp_path / "out"
    assert_clean_failure(hotspots(cli, b, d, out), out, "inwoners", "negatieve bevolking", table.loc[2, "buurtcode"])


def test_log_lines_follow_lang(cli, tmp_path, region_files):
    """Warnings are in the run's language, level name included: one mechanism (text.Say, set by --lang)."""
    b, d = region_files
    table = pd.read_csv(d, dtype=str)
    table.loc[2, "inwoners"] = "0"
    table.loc[3, "inwoners"] = ""
    table.to_csv(d, index=False)
    nl = hotspots(cli, b, d, tmp_path / "nl", "--permutations", "9")
    en = hotspots(cli, b, d, tmp_path / "en", "--permutations", "9", "--lang", "en")
    assert nl.returncode == en.returncode == 0, (nl.stderr, en.stderr)
    assert "vmgeo: WAARSCHUWING:" in nl.stderr and "zonder inwoners" in nl.stderr and "WARNING" not in nl.stderr
    assert "vmgeo: WARNING:" in en.stderr and "without inhabitants" in en.stderr
    # An unknown population is named in the line's language too (it said "(missing)" in a Dutch line).
    assert f"{table.loc[3, 'buurtcode']} (onbekend)" in nl.stderr and "missing" not in nl.stderr
    assert f"{table.loc[3, 'buurtcode']} (unknown)" in en.stderr


def test_bivariate_runs_on_the_areas_both_indicators_cover(cli, tmp_path, region_files, small_region):
    """The Veiligheidsmonitor has no figure for small gemeenten: analyse the others, name those left out."""
    import esda
    import libpysal

    b, d = region_files
    table = pd.read_csv(d, dtype=str)
    table.loc[:4, "onveilig_pct"] = None
    table.to_csv(d, index=False)
    left_out = sorted(table.loc[:4, "buurtcode"])
    out = tmp_path / "out"
    run = hotspots(cli, b, d, out, "--value2", "onveilig_pct", "--permutations", "99")
    assert run.returncode == 0, run.stderr
    bv = json.loads((out / "summary.json").read_text(encoding="utf-8"))["bivariate"]
    assert bv["left_out"] == left_out and bv["n"] == len(table) - 5 and sum(bv["counts"].values()) == bv["n"]
    assert "Bivariaat: 5 gebied(en)" in run.stdout
    # The global bivariate I is esda's on the 55 areas with both figures, with their own queen weights.
    region = small_region.boundaries.merge(small_region.table, on="buurtcode")
    both = region[~region["buurtcode"].isin(left_out)].reset_index(drop=True)
    w = libpysal.weights.Queen.from_dataframe(both, use_index=False, silence_warnings=True)
    rate = both["misdrijven"] / both["inwoners"] * 1000
    assert abs(bv["I"] - esda.Moran_BV(rate.to_numpy(), both["onveilig_pct"].to_numpy(float), w,
                                       transformation="r", permutations=0).I) < 1e-9
    results = pd.read_csv(out / "results.csv", dtype={"code": str}).set_index("code")
    assert (results.loc[left_out, "bv_cluster"] == cat.NO_DATA).all()


def test_bivariate_is_reachable_through_analyse(small_region):
    """``geo.analyse(..., value2=COLUMN)``: the scan's bivariate LISA goes through the front door."""
    import esda
    import libpysal

    import geo

    region = small_region.boundaries.merge(small_region.table, on="buurtcode").rename(columns={"buurtcode": "code"})
    prepared = geo.prepare(region, value="misdrijven", population="inwoners")
    result = geo.analyse(prepared, value2="onveilig_pct", permutations=99)
    w = libpysal.weights.Queen.from_dataframe(region, use_index=False, silence_warnings=True)
    expected = esda.Moran_BV(prepared.frame["rate"].to_numpy(), region["onveilig_pct"].to_numpy(float), w,
                             transformation="r", permutations=0).I
    assert result.bivariate is not None and abs(result.bivariate["I"] - expected) < 1e-9
    assert result.bivariate["left_out"] == [] and set(result.frame["bv_cluster"]) <= set(cat.BV_CATEGORIES)


@pytest.mark.parametrize("n", [12, 60])
def test_few_areas_are_called_descriptive(cli, tmp_path, region_files, n):
    """Below settings.FEW_AREAS analysed areas, terminal and summary say local statistics are descriptive."""
    from geo.settings import FEW_AREAS

    b, d = region_files
    table = pd.read_csv(d, dtype=str)
    table.loc[n:, "misdrijven"] = None
    table.to_csv(d, index=False)
    out = tmp_path / "out"
    run = hotspots(cli, b, d, out, "--permutations", "99")
    assert run.returncode == 0, run.stderr
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    few = summary["n"] < FEW_AREAS
    assert summary["few_areas"] is few and few == (n < FEW_AREAS)
    assert ("hooguit beschrijvend" in run.stdout) is few
    assert any("descriptive at best" in note for note in summary["notes"]) is few


def test_decimal_and_header_row_reach_read_table(cli, tmp_path, region_files, monkeypatch):
    """--decimal and --header-row go to geo.tables.read_table."""
    from geo import readers, tables

    seen: list[dict] = []

    def spy(path, **kwargs):
        seen.append(kwargs)
        return tables.read_table(path, **kwargs)

    monkeypatch.setattr(readers, "read_table", spy)
    b, d = region_files
    assert hotspots(cli, b, d, tmp_path / "a", "--permutations", "9").returncode == 0
    assert hotspots(cli, b, d, tmp_path / "b", "--permutations", "9", "--decimal", ".", "--header-row",
                    "1").returncode == 0
    assert seen == [{"sheet": None, "decimal": "auto", "header_row": None},
                    {"sheet": None, "decimal": ".", "header_row": 1}]
    out = tmp_path / "c"
    assert_clean_failure(hotspots(cli, b, d, out, "--header-row", "0"), out, "--header-row 0", "vanaf 1")


def test_all_values_equal(cli, tmp_path, region_files):
    b, d = region_files
    table = pd.read_csv(d, dtype=str)
    table["gelijk"] = "5"
    table.to_csv(d, index=False)
    out = tmp_path / "out"
    assert_clean_failure(hotspots(cli, b, d, out, value="gelijk", population=None), out, "dezelfde", "value")


def test_fewer_than_three_areas(cli, tmp_path, region_files):
    b, d = region_files
    pd.read_csv(d, dtype=str).head(2).to_csv(d, index=False)
    out = tmp_path / "out"
    assert_clean_failure(hotspots(cli, b, d, out), out, "maar 2", "minstens 3")


def test_no_matching_codes(cli, tmp_path, region_files, gemeenten_rd):
    _, d = region_files
    out = tmp_path / "out"
    assert_clean_failure(hotspots(cli, gemeenten_rd, d, out), out, "geen enkele code", "komt overeen")


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
