"""Police units from compositions, regions from a mapping, figures across boundary years, joins by name."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

import geo
from geo import crosswalk, units
from geo.errors import ColumnError, CrosswalkError
from tests.conftest import REPO, assert_clean_failure, run_cli

MAPPING = "mapping/gemeente_2023_provincie_veiligheidsregio_politie-eenheid.csv"
HEADER = "unit_code,unit_name,level,parent_code,member_code,valid_from,valid_to\n"


@pytest.fixture(scope="module")
def gemeenten(gemeenten_rd):
    return geo.load_boundaries(gemeenten_rd).frame


@pytest.fixture(scope="module")
def mapping(testdata):
    return pd.read_csv(testdata / MAPPING, dtype=str)


def test_veiligheidsregios_from_gemeenten_match_the_published_polygons(gemeenten, mapping, testdata):
    comp = units.from_mapping(mapping, member="gemeentecode", unit="veiligheidsregio_code",
                              name="veiligheidsregio_naam", level="veiligheidsregio")
    made = units.build(comp, gemeenten, year=2023)
    built = made.frame
    assert len(built) == 25 and made.coverage_valid == {"veiligheidsregio": True}
    assert shapely.coverage_is_valid(built.geometry.values)
    published = geo.load_boundaries(testdata / "boundaries" / "veiligheidsregio_2023_wgs84.geojson").frame
    published = published.set_index("code")
    for row in built.itertuples():
        overlap = row.geometry.intersection(published.loc[row.code, "geometry"]).area
        published_area = published.loc[row.code, "geometry"].area
        assert overlap / row.geometry.area > 0.95 and overlap / published_area > 0.95, row.code
    # Every gemeente in exactly one region, and the regions cover the same land as the gemeenten.
    assert built["n_members"].sum() == 342
    assert built.area.sum() == pytest.approx(gemeenten.area.sum(), rel=1e-4)


def real_composition(mapping: pd.DataFrame) -> str:
    """Basisteams of gemeenten for eenheid RE01 (Noord-Nederland): one district per province, two basisteams each.

    Not the real police layout (which is not published); a layout of the same shape on real gemeenten.
    """
    rows = []
    members = mapping[mapping["politie_eenheid_code"] == "RE01"].sort_values("gemeentecode")
    for d, (province, group) in enumerate(members.groupby("provincie_code"), start=1):
        codes = group["gemeentecode"].tolist()
        half = len(codes) // 2
        for b, part in enumerate((codes[:half], codes[half:]), start=1):
            for code in part:
                rows.append(f"BT01{d}{b},Basisteam {province}-{b},basisteam,DI01{d},{code},2023,\n")
        rows.append(f"DI01{d},District {province},district,RE01,BT01{d}1,2023,\n")
        rows.append(f"DI01{d},District {province},district,RE01,BT01{d}2,2023,\n")
    rows += [f"RE01,Noord-Nederland,eenheid,,DI01{d},2023,\n" for d in range(1, 4)]
    return HEADER + "".join(rows)


def test_basisteams_of_gemeenten_validate_dissolve_and_sum_exactly(tmp_path, mapping, gemeenten, crimes_csv,
                                                                   gemeenten_rd):
    path = tmp_path / "re01.csv"
    path.write_text(real_composition(mapping), encoding="utf-8")
    comp = units.read_composition(path)
    made = units.build(comp, gemeenten, year=2023)
    built = made.frame
    assert sorted(set(built["level"])) == ["basisteam", "district", "eenheid"]
    assert (built["level"] == "basisteam").sum() == 6 and all(made.coverage_valid.values())

    run = run_cli("hotspots", "--level", "basisteam", "--composition", str(path), "--year", "2023",
                  "--boundaries", str(gemeenten_rd), "--data", str(crimes_csv), "--code-column", "nummer",
                  "--value", "misdaad", "--population", "bevolking", "--weights", "knn:2", "--permutations", "99",
                  "--out", str(tmp_path / "out"))
    assert run.returncode == 0, run.stderr
    results = pd.read_csv(tmp_path / "out" / "results.csv")
    raw = pd.read_csv(crimes_csv, dtype={"nummer": str})
    raw["code"] = "GM" + raw["nummer"].str.zfill(4)
    re01 = raw[raw["code"].isin(mapping.loc[mapping["politie_eenheid_code"] == "RE01", "gemeentecode"])]
    assert len(results) == 6
    assert results["value"].sum() == re01["misdaad"].sum()  # counts preserved exactly
    assert results["population"].sum() == re01["bevolking"].sum()
    np.testing.assert_allclose(results["rate"], results["value"] / results["population"] * 1000)
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["units"]["level"] == "basisteam" and summary["units"]["n_units"] == 6


@pytest.fixture(scope="module")
def demo_wijken(small_region_12, tmp_path_factory):
    """The demo region's wijken (dissolved from its buurten) and its figures per wijk."""
    b = small_region_12.boundaries.dissolve(by="wijkcode", as_index=False)[["wijkcode", "wijknaam", "geometry"]]
    folder = tmp_path_factory.mktemp("wijken")
    b.to_file(folder / "wijken.gpkg", driver="GPKG", engine="pyogrio")
    table = small_region_12.table.assign(wijkcode=small_region_12.boundaries["wijkcode"])
    per_wijk = table.groupby("wijkcode", as_index=False)[["misdrijven", "inwoners"]].sum()
    per_wijk.to_csv(folder / "wijken.csv", index=False)
    return folder, per_wijk


@pytest.fixture(scope="module")
def small_region_12():
    from geo.demo import make_region

    return make_region(seed=3, n=150, wijken=12)


def test_demo_basisteams_of_wijken(demo_wijken, tmp_path):
    folder, per_wijk = demo_wijken
    composition = REPO / "boundaries" / "compositions" / "demo_basisteams.csv"
    out = tmp_path / "units.gpkg"
    run = run_cli("units", "--composition", str(composition), "--year", "2023",
                  "--boundaries", str(folder / "wijken.gpkg"), "--out", str(out))
    assert run.returncode == 0, run.stderr
    built = gpd.read_file(out)
    assert sorted(built["level"].value_counts().items()) == [("basisteam", 4), ("district", 2), ("eenheid", 1)]
    assert "coverage valid" in run.stdout
    eenheid = built[built["level"] == "eenheid"].geometry.iloc[0]
    assert eenheid.area == pytest.approx(built[built["level"] == "basisteam"].area.sum(), rel=1e-9)

    hs = run_cli("hotspots", "--level", "basisteam", "--composition", str(composition), "--year", "2023",
                 "--boundaries", str(folder / "wijken.gpkg"), "--data", str(folder / "wijken.csv"),
                 "--code-column", "wijkcode", "--value", "misdrijven", "--population", "inwoners",
                 "--weights", "knn:1", "--permutations", "9", "--out", str(tmp_path / "out"))
    assert hs.returncode == 0, hs.stderr
    results = pd.read_csv(tmp_path / "out" / "results.csv")
    assert sorted(results["code"]) == ["BT9901", "BT9902", "BT9903", "BT9904"]
    assert results["value"].sum() == per_wijk["misdrijven"].sum()


def demo_gemeente_and_wijken(small_region_12, folder: Path) -> Path:
    """A layer with the demo gemeente and its wijken together, for compositions of mixed levels."""
    b = small_region_12.boundaries
    wijken = b.dissolve(by="wijkcode", as_index=False)[["wijkcode", "geometry"]].rename(columns={"wijkcode": "code"})
    gemeente = gpd.GeoDataFrame({"code": ["GM9901"]}, geometry=[b.union_all()], crs=b.crs)
    path = folder / "mixed.gpkg"
    pd.concat([gemeente, wijken]).to_file(path, driver="GPKG", engine="pyogrio")
    return path


@pytest.mark.parametrize("rows, words", [
    ("BT1,A,basisteam,,GM9999,,\n", ["niet in de grenzen van 2023", "GM9999"]),
    ("BT1,A,basisteam,,WK990101,,\nBT2,B,basisteam,,WK990101,,\n",
     ["twee eenheden van niveau basisteam", "WK990101 in BT1 en BT2"]),
    ("BT1,A,basisteam,DI1,WK990101,,\nBT1,A,basisteam,DI1,WK990102,,\nDI1,D,district,,WK990101,,\n",
     ["BT1 ligt niet binnen zijn ouder DI1", "WK990102"]),
    ("BT1,A,basisteam,,WK990101,2015,2019\n", ["geen enkele rij is geldig in 2023", "2015-2019"]),
    ("BT1,A,basisteam,,GM9901,,\nBT2,B,basisteam,,WK990103,,\n", ["eenheden overlappen", "BT1 and BT2"]),
    ("BT1,A,basisteam,RE1,WK990101,,\nRE1,E,eenheid,,WK990101,,\nRE1,E,eenheid,,WK990102,,\n",
     ["eenheid RE1 heeft gebied(en) in geen enkele eenheid van niveau basisteam", "WK990102"]),
    ("BT1,A,basisteam,,WK990101,twintig,\n", ["rij 2", "valid_from", "twintig"]),
    ("BT1,A,basisteam,XX9,WK990101,,\n", ["noemt ouder XX9"]),
])
def test_bad_compositions_are_refused_with_codes(small_region_12, tmp_path, rows, words):
    layer = demo_gemeente_and_wijken(small_region_12, tmp_path)
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    out = tmp_path / "units.gpkg"
    run = run_cli("units", "--composition", str(path), "--year", "2023", "--boundaries", str(layer),
                  "--out", str(out))
    assert_clean_failure(run, out, *words)


def test_missing_composition_column(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("unit_code,level,member_code\nBT1,basisteam,GM0014\n", encoding="utf-8")
    with pytest.raises(ColumnError, match=r"mist kolom.*unit_name.*parent_code"):
        units.read_composition(path)


def test_mixed_levels_validate(small_region_12, tmp_path):
    """A basisteam of wijken next to one of other wijken, both in an eenheid of the whole gemeente."""
    layer = geo.load_boundaries(demo_gemeente_and_wijken(small_region_12, tmp_path)).frame
    wijken = sorted(c for c in layer["code"] if c.startswith("WK"))
    rows = [f"BT1,A,basisteam,RE1,{w},,\n" for w in wijken[:5]] + [f"BT2,B,basisteam,RE1,{w},,\n" for w in wijken[5:]]
    rows += ["RE1,E,eenheid,,BT1,,\n", "RE1,E,eenheid,,BT2,,\n"]
    path = tmp_path / "ok.csv"
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    built = units.build(units.read_composition(path), layer, year=2023)
    gemeente = layer.set_index("code").loc["GM9901", "geometry"]
    eenheid = built.frame.set_index("code").loc["RE1", "geometry"]
    assert eenheid.symmetric_difference(gemeente).area < 1e-6 * gemeente.area


def split_layer(gemeenten: gpd.GeoDataFrame, code: str, parts: tuple[str, str]) -> gpd.GeoDataFrame:
    """The 2023 gemeenten with ``code`` cut in two along a north-south line: a constructed 'old' year."""
    geom = gemeenten.set_index("code").loc[code, "geometry"]
    minx, miny, maxx, maxy = geom.bounds
    x = geom.centroid.x
    west = geom.intersection(shapely.box(minx - 1, miny - 1, x, maxy + 1))
    east = geom.intersection(shapely.box(x, miny - 1, maxx + 1, maxy + 1))
    rest = gemeenten[gemeenten["code"] != code][["code", "name", "geometry"]]
    pieces = gpd.GeoDataFrame({"code": list(parts), "name": ["West", "Oost"]}, geometry=[west, east],
                              crs=gemeenten.crs)
    return gpd.GeoDataFrame(pd.concat([rest, pieces], ignore_index=True), crs=gemeenten.crs)


def test_pre_merger_codes_land_on_2023_boundaries(gemeenten, crimes_csv, gemeenten_rd, tmp_path):
    # Dijk en Waard (GM1980) was formed in 2022 from Heerhugowaard and Langedijk; here the old
    # layer is constructed by cutting GM1980 in two (the real 2021 borders are not in tests/data).
    old = split_layer(gemeenten, "GM1980", ("GM0398", "GM0416"))
    old_path = tmp_path / "gemeenten_2021.gpkg"
    old.to_file(old_path, driver="GPKG", engine="pyogrio")
    raw = pd.read_csv(crimes_csv, dtype={"nummer": str})
    row = raw[raw["nummer"] == "1980"].iloc[0]
    old_rows = pd.DataFrame({"naam": ["Heerhugowaard", "Langedijk"], "nummer": ["0398", "0416"],
                             "bevolking": [row["bevolking"] - 30000, 30000], "misdaad": [row["misdaad"] - 300, 300]})
    table = pd.concat([raw[raw["nummer"] != "1980"], old_rows], ignore_index=True)
    data = tmp_path / "misdaad_2021codes.csv"
    table.to_csv(data, index=False)

    walk = crosswalk.build(old, gemeenten)
    kinds = walk.set_index("old")["kind"]
    assert kinds["GM0398"] == kinds["GM0416"] == "merged" and kinds["GM0014"] == "same"

    run = run_cli("hotspots", "--boundaries", str(gemeenten_rd), "--year", "2023", "--data", str(data),
                  "--code-column", "nummer", "--value", "misdaad", "--population", "bevolking",
                  "--data-year", "2021", "--data-boundaries", str(old_path), "--permutations", "99",
                  "--out", str(tmp_path / "out"))
    assert run.returncode == 0, run.stderr
    results = pd.read_csv(tmp_path / "out" / "results.csv", dtype={"code": str}).set_index("code")
    assert results.loc["GM1980", "value"] == row["misdaad"] and results.loc["GM1980", "population"] == row["bevolking"]
    assert results["value"].sum() == raw["misdaad"].sum()
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    moved = {(m["old"], m["new"], m["kind"]) for m in summary["crosswalk"]["moved"]}
    assert moved == {("GM0398", "GM1980", "merged"), ("GM0416", "GM1980", "merged")}
    assert summary["crosswalk"]["from_year"] == 2021 and summary["crosswalk"]["to_year"] == 2023
    assert summary["boundary_year"] == 2023


def test_split_needs_a_rule(gemeenten, tmp_path):
    new = split_layer(gemeenten, "GM1980", ("GM8801", "GM8802"))
    walk = crosswalk.build(gemeenten, new)
    table = pd.DataFrame({"code": ["GM1980", "GM0014"], "n": [1000.0, 5.0]})
    with pytest.raises(CrosswalkError, match=r"GM1980 -> GM8801 \(\d+%\), GM8802"):
        crosswalk.apply(table, walk, code_column="code", counts=["n"])
    out = crosswalk.apply(table, walk, code_column="code", counts=["n"], split_rule="area").frame.set_index("code")
    assert out["n"].sum() == pytest.approx(1005.0)
    shares = walk[walk["old"] == "GM1980"].set_index("new")["share_of_old"]
    assert out.loc["GM8801", "n"] == pytest.approx(1000 * shares["GM8801"])
    pop = pd.Series({"GM8801": 1.0, "GM8802": 3.0})
    by_pop = crosswalk.apply(table, walk, code_column="code", counts=["n"], split_rule="population",
                             new_population=pop).frame.set_index("code")
    assert by_pop.loc["GM8801", "n"] + by_pop.loc["GM8802", "n"] == pytest.approx(1000)


def test_join_on_names(tmp_path, testdata, gemeenten_rd, crimes_csv):
    raw = pd.read_csv(crimes_csv, dtype={"nummer": str})
    mapping = pd.read_csv(testdata / MAPPING, dtype=str)
    names = dict(zip("GM" + raw["nummer"].str.zfill(4), raw["naam"]))
    later = dict(zip(mapping["gemeentecode"], mapping["gemeentenaam_2025"]))
    # Names as a 2025 spreadsheet writes them: suffixes added since 2023, and "Den Haag".
    table = pd.DataFrame({"gemeente": [later.get(c, n) for c, n in names.items()],
                          "misdaad": raw["misdaad"], "bevolking": raw["bevolking"]})
    table.loc[table["gemeente"] == "'s-Gravenhage", "gemeente"] = "Den Haag"
    path = tmp_path / "namen.csv"
    table.to_csv(path, index=False)
    run = run_cli("hotspots", "--boundaries", str(gemeenten_rd), "--data", str(path), "--name-join", "gemeente",
                  "--value", "misdaad", "--population", "bevolking", "--permutations", "99",
                  "--out", str(tmp_path / "out"), "-v")
    assert run.returncode == 0, run.stderr
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["n"] == 342 and summary["unmatched"]["data_only"] == []
    assert "Den Haag -> GM0518" in run.stderr and "Hengelo (O.) -> GM0164" in run.stderr

    table.loc[table["gemeente"] == "Bergen (L.)", "gemeente"] = "Bergen"
    table.to_csv(path, index=False)
    bad = run_cli("hotspots", "--boundaries", str(gemeenten_rd), "--data", str(path), "--name-join", "gemeente",
                  "--value", "misdaad", "--out", str(tmp_path / "out2"))
    assert bad.returncode == 1 and "'Bergen' kan GM0373 of GM0893 zijn" in bad.stderr


def test_percentages_to_units_are_weighted_and_indicative():
    frame = pd.DataFrame({"code": ["A", "B", "C"], "pct": [10.0, 30.0, 50.0], "pop": [100.0, 300.0, 0.0]})
    members = {"U1": {"A", "B"}, "U2": {"C"}}
    out = units.weighted_estimate(frame, members, value="pct", weight="pop").set_index("code")
    assert out.loc["U1", "value"] == pytest.approx((10 * 100 + 30 * 300) / 400)
    assert np.isnan(out.loc["U2", "value"])  # no population, no estimate
    assert out["indicative"].all() and out["margin"].isna().all()
    summed = units.aggregate(frame.assign(n=[1.0, 2.0, np.nan]), members, counts=["n"])
    by_code = summed.frame.set_index("code")
    assert by_code.loc["U1", "n"] == 3 and np.isnan(by_code.loc["U2", "n"])
    assert summed.incomplete == {"U2": ["C"]}


def test_members_expand_to_the_next_level_down_only():
    """A gemeente in a composition stands for its wijken or their buurten, never a wijk and its buurten both."""
    from geo.units import expand_members

    buurten = {"BU00010101", "BU00010102", "BU00010201"}
    assert expand_members({"A": {"GM0001"}}, buurten) == {"A": buurten}
    assert expand_members({"A": {"GM0001", "WK000102"}}, buurten | {"WK000101"}) == {
        "A": {"WK000101", "BU00010201"}}
    assert expand_members({"A": {"GM0001"}}, buurten | {"WK000101"}) == {"A": {"WK000101", "BU00010201"}}
    assert expand_members({"A": {"GM0002"}}, buurten) == {"A": {"GM0002"}}  # nothing: reported as missing
