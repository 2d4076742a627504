"""Properties that must hold for every input, checked with hypothesis.

- code normalisation: every spelling of an area code meets the same canonical code, and
  canonicalising twice changes nothing;
- joins: no boundary row is lost or duplicated, every table row is matched or reported;
- dissolves: unit polygons keep the total area, unit sums keep the total count;
- statistics: Moran's I, LISA, Gi* and the bivariate LISA on any graph of 1 to 6 areas (complete ones,
  islands) and on constant, near-constant or extreme values give a result that reads sensibly or one
  clear error line, never a crash; so do compositions of 1 to 4 units through the CLI;
- classification: every finite value lies in exactly one class, NaN in none;
- escaping: hostile names, codes and titles stay text in the map (in headless Chromium: shown
  as text, no dialog, no injected script) and never become formulas in the CSV/XLSX outputs.

The numbers of examples are kept small (``settings(max_examples=...)``) so the file runs in
seconds; the browser draws a handful of hostile names per page load.
"""

from __future__ import annotations

import html
import itertools
import json
import re
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

import geo
from geo import units
from geo.errors import CodeMismatchError, OptionError
from geo.joins import canonical_codes, code_style
from geo.maps import SCHEMES, classify
from geo.outputs import FORMULA_STARTS, safe_cell, safe_frame

#: Deterministic runs (the same examples every time, nothing stored in .hypothesis/): a property that fails
#: on main fails on every run, and one that passes does not turn red by chance in CI.
COMMON = dict(deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow])
FAST = settings(max_examples=60, **COMMON)
SLOW = settings(max_examples=8, **COMMON)

#: CBS code prefixes and the digits after them.
LEVELS = {"GM": 4, "WK": 6, "BU": 8, "PV": 2}


# --- code normalisation ---------------------------------------------------------------------------

def spellings(prefix: str, width: int, number: int) -> list[object]:
    """Ways one area code reaches vmgeo (README: "GM0518, 'GM0518    ', 0518 and 518 all match"): as in
    boundary files, padded by OData, without the prefix, with leading zeros lost in a spreadsheet, lower
    case, with a space, through a float or an integer."""
    code = f"{prefix}{number:0{width}d}"
    return [code, f"{code}    ", f"  {code}", f"{number:0{width}d}", str(number), code.lower(),
            f"{prefix} {number:0{width}d}", float(number), number, f"{number}.0", np.int64(number)]


@FAST
@given(st.sampled_from(sorted(LEVELS)), st.data())
def test_every_spelling_of_a_code_meets_the_same_canonical_code(prefix: str, data: Any) -> None:
    width = LEVELS[prefix]
    number = data.draw(st.integers(min_value=0, max_value=10**width - 1), label="number")
    canonical = f"{prefix}{number:0{width}d}"
    written = spellings(prefix, width, number)
    got = canonical_codes(pd.Series(written, dtype=object), prefix=prefix, width=width).tolist()
    wrong = {repr(w): g for w, g in zip(written, got) if g != canonical}
    assert not wrong, f"not {canonical}: {wrong}"
    # Without a prefix (boundaries with plain numbers) every spelling still meets every other.
    plain = canonical_codes(pd.Series(written, dtype=object), prefix=None, width=width)
    assert plain.nunique() == 1, dict(zip(map(repr, written), plain))


@FAST
@given(st.sampled_from(sorted(LEVELS)), st.data())
def test_prefix_with_leading_zeros_dropped_meets_the_code(prefix: str, data: Any) -> None:
    """A code built in a spreadsheet as ="GM"&A2 from a number that lost its zeros: GM518 is gemeente 0518."""
    width = LEVELS[prefix]
    number = data.draw(st.integers(min_value=0, max_value=10 ** (width - 1) - 1), label="number")
    got = canonical_codes(pd.Series([f"{prefix}{number}"]), prefix=prefix, width=width).iloc[0]
    # Without a prefix in the boundaries vmgeo already treats GM518 as 518; with one it should too.
    assert canonical_codes(pd.Series([f"{prefix}{number}"]), prefix=None, width=width).iloc[0] == str(number)
    assert got == f"{prefix}{number:0{width}d}"


@FAST
@given(st.sampled_from(sorted(LEVELS)), st.lists(st.integers(min_value=0, max_value=9999), min_size=1, max_size=20))
def test_code_style_of_cbs_codes(prefix: str, numbers: list[int]) -> None:
    width = LEVELS[prefix]
    codes = pd.Series([f"{prefix}{n % 10**width:0{width}d}" for n in numbers])
    assert code_style(codes) == (prefix, width)


codes_text = st.one_of(
    st.text(max_size=14),
    st.from_regex(r"\A\s*(?:[A-Za-z]{2})?\s*0*[0-9]{0,9}(?:\.0)?\s*\Z"),
    st.floats(min_value=-1e12, max_value=1e12),
    st.just(float("nan")),
    st.integers(min_value=-10**9, max_value=10**12),
    st.none(),
)


@FAST
@given(st.lists(codes_text, max_size=12), st.sampled_from([None, *sorted(LEVELS)]))
def test_canonicalising_twice_changes_nothing(codes: list[object], prefix: str | None) -> None:
    width = LEVELS.get(prefix or "", 4)
    once = canonical_codes(pd.Series(codes, dtype=object), prefix=prefix, width=width)
    twice = canonical_codes(once, prefix=prefix, width=width)
    assert once.tolist() == twice.tolist()


# --- joins ----------------------------------------------------------------------------------------

def squares(codes: list[str]) -> Any:
    """Boundaries: one unit square per code, in a row (geometry does not matter to a join)."""
    import geopandas as gpd
    import shapely

    return gpd.GeoDataFrame({"code": codes, "name": [f"gebied {c}" for c in codes]},
                            geometry=[shapely.box(i, 0, i + 1, 1) for i in range(len(codes))], crs="EPSG:28992")


@st.composite
def join_case(draw: Any) -> tuple[Any, pd.DataFrame, dict[str, int]]:
    """Boundaries of gemeenten, and a table with some of their codes (in any spelling) and codes of no area."""
    numbers = draw(st.lists(st.integers(min_value=1, max_value=9999), min_size=1, max_size=25, unique=True))
    in_boundaries = numbers[: draw(st.integers(min_value=1, max_value=len(numbers)))]
    plain_boundaries = draw(st.booleans())  # boundary files with plain numbers instead of GM codes
    order = draw(st.permutations(in_boundaries))
    boundaries = squares([f"{n:04d}" if plain_boundaries else f"GM{n:04d}" for n in order])
    in_table = draw(st.lists(st.sampled_from(numbers), unique=True, max_size=len(numbers)))
    assume(any(n in in_boundaries for n in in_table))  # no match at all is an error, tested below
    rows = []
    for i, n in enumerate(in_table):
        # The spellings the README promises to join (GM0518, 'GM0518    ', 0518, 518, ...).
        spelled = draw(st.sampled_from([s for s in spellings("GM", 4, n) if isinstance(s, str)]))
        rows.append({"gemeente": spelled, "waarde": str(i)})
    table = pd.DataFrame(rows)
    expected = {f"GM{n:04d}": i for i, n in enumerate(in_table)}
    return boundaries, table, expected


@FAST
@given(join_case())
def test_join_loses_and_duplicates_no_row(case: tuple[Any, pd.DataFrame, dict[str, int]]) -> None:
    boundaries, table, expected = case
    joined = geo.join(boundaries, table, code_column="gemeente")
    frame, report = joined.frame, joined.report
    # Every boundary exactly once, in its own order, with its own geometry.
    assert frame["code"].tolist() == boundaries["code"].tolist()
    assert frame.geometry.equals(boundaries.geometry)
    # Every table row is matched to its area or listed as only in the data.
    key = {c: "GM" + c[-4:] for c in boundaries["code"]}
    values = dict(zip(frame["code"].map(key), frame["waarde"]))
    matched = [code for code in expected if code in values]
    for code in matched:
        assert values[code] == str(expected[code]), code
    original = dict(zip(table["waarde"], table["gemeente"]))
    unmatched = sorted(original[str(i)] for code, i in expected.items() if code not in values)
    assert sorted(report.data_only) == unmatched
    assert report.matched == len(matched)
    assert sorted(report.boundaries_only) == sorted(c for c in boundaries["code"] if key[c] not in expected)
    assert frame["waarde"].notna().sum() == len(matched)


@FAST
@given(st.lists(st.integers(min_value=1, max_value=9999), min_size=1, max_size=10, unique=True), st.data())
def test_join_refuses_duplicates_and_no_match_with_the_codes(numbers: list[int], data: Any) -> None:
    boundaries = squares([f"GM{n:04d}" for n in numbers])
    twice = data.draw(st.sampled_from(numbers), label="twice")
    a, b = data.draw(st.lists(st.sampled_from(spellings("GM", 4, twice)[:7]), min_size=2, max_size=2), label="as")
    table = pd.DataFrame({"gemeente": [a, b], "waarde": ["1", "2"]})
    with pytest.raises(CodeMismatchError, match="dubbele codes"):
        geo.join(boundaries, table, code_column="gemeente")
    others = pd.DataFrame({"gemeente": ["WK999999", "GM99999"], "waarde": ["1", "2"]})
    with pytest.raises(CodeMismatchError, match="geen enkele code"):
        geo.join(boundaries, others, code_column="gemeente")


# --- dissolves ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def buurten(small_region: Any) -> Any:
    """The 60 irregular buurten of the small synthetic region, as member areas."""
    return small_region.boundaries.rename(columns={"buurtcode": "code"})[["code", "geometry"]]


@SLOW
@given(st.integers(min_value=1, max_value=8), st.data())
def test_units_keep_the_total_area_and_every_count(buurten: Any, k: int, data: Any) -> None:
    codes = buurten["code"].tolist()
    unit_of = {c: f"BT{data.draw(st.integers(min_value=1, max_value=k), label=c)}" for c in codes}
    mapping = pd.DataFrame({"buurt": codes, "unit": [unit_of[c] for c in codes]})
    comp = units.from_mapping(mapping, member="buurt", unit="unit", level="basisteam")
    built = units.build(comp, buurten, year=2023)
    total = buurten.geometry.area.sum()
    assert built.frame.geometry.area.sum() == pytest.approx(total, rel=1e-6)
    assert built.frame["n_members"].sum() == len(codes)
    assert set(built.frame["code"]) == set(unit_of.values())
    # Sums of counts: every unit's sum is the sum of its members', and nothing is lost.
    counts = data.draw(st.lists(st.integers(min_value=0, max_value=10**6), min_size=len(codes),
                                max_size=len(codes)), label="counts")
    frame = pd.DataFrame({"code": codes, "n": counts})
    summed = units.aggregate(frame, built.members, counts=["n"])
    assert summed.incomplete == {}
    assert summed.frame["n"].sum() == sum(counts)
    by_unit = summed.frame.set_index("code")["n"]
    for unit, members in built.members.items():
        assert by_unit[unit] == frame.set_index("code").loc[sorted(members), "n"].sum()


@FAST
@given(st.dictionaries(st.sampled_from([f"BU{n:08d}" for n in range(12)]), st.sampled_from(["A", "B", "C"]),
                       min_size=1), st.data())
def test_a_unit_with_a_member_without_a_value_gets_no_value(assignment: dict[str, str], data: Any) -> None:
    codes = sorted(assignment)
    counts = [data.draw(st.one_of(st.none(), st.integers(min_value=0, max_value=1000)), label=c) for c in codes]
    frame = pd.DataFrame({"code": codes, "n": [np.nan if c is None else float(c) for c in counts]})
    members: dict[str, set[str]] = {}
    for code, unit in assignment.items():
        members.setdefault(unit, set()).add(code)
    summed = units.aggregate(frame, members, counts=["n"]).frame.set_index("code")["n"]
    value = dict(zip(codes, frame["n"]))
    for unit, areas in members.items():
        parts = [value[a] for a in areas]
        if any(np.isnan(parts)):
            assert np.isnan(summed[unit]), unit  # never a partial sum
        else:
            assert summed[unit] == sum(parts)


# --- statistics on small and degenerate graphs --------------------------------------------------------

@st.composite
def small_graph(draw: Any) -> tuple[int, set[tuple[int, int]]]:
    """1 to 6 areas and who borders whom: any graph, complete ones and ones with islands included."""
    n = draw(st.integers(min_value=1, max_value=6), label="n")
    pairs = list(itertools.combinations(range(n), 2))
    shape = draw(st.sampled_from(["any", "complete", "none", "star"]), label="shape")
    if shape == "complete":
        edges = set(pairs)
    elif shape == "none":
        edges = set()
    elif shape == "star":
        edges = {(0, j) for j in range(1, n)}
    else:
        edges = {p for p in pairs if draw(st.booleans(), label=f"edge {p}")}
    return n, edges


@st.composite
def area_values(draw: Any, n: int) -> list[float]:
    """Constant, near-constant, extreme or ordinary values for ``n`` areas."""
    kind = draw(st.sampled_from(["constant", "near", "extreme", "counts", "ordinary"]), label="values")
    if kind == "constant":
        return [draw(st.sampled_from([0.0, 1.0, 35.0, 1e9]), label="c")] * n
    if kind == "near":
        c = draw(st.sampled_from([1.0, 35.0, 1e6]), label="c")
        return [c * (1 + 1e-12 * draw(st.integers(min_value=0, max_value=2), label=f"e{i}")) for i in range(n)]
    if kind == "extreme":
        return [draw(st.sampled_from([0.0, 1e-9, 1e9, 1e12]), label=f"x{i}") for i in range(n)]
    if kind == "counts":
        return [float(draw(st.integers(min_value=0, max_value=3), label=f"k{i}")) for i in range(n)]
    return [draw(st.floats(min_value=0, max_value=200, allow_nan=False, allow_subnormal=False), label=f"v{i}")
            for i in range(n)]


def graph_frame(n: int, values: list[float], second: list[float] | None) -> Any:
    """Areas as separate squares (the graph itself is given to the weights, see below)."""
    import geopandas as gpd
    import shapely

    frame = gpd.GeoDataFrame({"code": [f"GM{i + 1:04d}" for i in range(n)], "name": [f"gebied {i}" for i in range(n)],
                              "value": values, "analysed": True},
                             geometry=[shapely.box(3 * i, 0, 3 * i + 1, 1) for i in range(n)], crs="EPSG:28992")
    if second is not None:
        frame["value2"] = second
    return frame


def assert_clear_result_or_error(frame: Any, edges: set[tuple[int, int]], islands: str, permutations: int) -> None:
    """geo.analyse gives a result every statistic of which reads sensibly, or one VmgeoError line."""
    from unittest import mock

    from geo._contiguity import Contiguity
    from geo.errors import VmgeoError
    from geo.summary import build

    n = len(frame)
    neighbours = {i: sorted({b for a, b in edges if a == i} | {a for a, b in edges if b == i}) for i in range(n)}
    graph = Contiguity(neighbours=neighbours, islands=[i for i in range(n) if not neighbours[i]])
    with mock.patch("geo.weights.contiguity", lambda geoms, criterion="queen": graph):
        try:
            result = geo.analyse(frame, islands=islands, permutations=permutations, seed=1)
        except VmgeoError as error:
            assert "\n" not in str(error) and str(error), repr(error)
            return
    out = result.frame
    json.dumps(build(result), allow_nan=True)  # the summary is built and serialisable
    assert set(out["gi_bin"]) <= {-3, -2, -1, 0, 1, 2, 3}
    assert (out.loc[out["gi_z"].isna(), "gi_bin"] == 0).all(), "a Gi* z of NaN got a bin"
    finite_p = out["lisa_p"].dropna()
    assert ((finite_p >= 2 / (permutations + 1) - 1e-12) & (finite_p <= 1)).all()
    island_rows = out["code"].isin(result.weights.excluded)
    assert (out.loc[island_rows, "gi_bin"] == 0).all() and (out.loc[island_rows, "lisa_cluster"] == "island").all()
    # An area bordering every other analysed area has the whole map as its star: never hot or cold.
    analysed = int(result.weights.analysed.sum())
    w = result.weights.w
    whole = [i for i in range(w.n) if w.cardinalities[i] == analysed - 1]
    codes = np.asarray(out["code"])[result.weights.analysed]
    assert (out.set_index("code").loc[codes[whole], "gi_bin"] == 0).all()
    moran = result.moran
    assert np.isfinite(moran.statistic) and (moran.p is None or 0 < moran.p <= 1 or np.isnan(moran.p)), moran
    if result.bivariate is not None:
        assert result.bivariate["p"] is None or 0 < result.bivariate["p"] <= 1


@settings(max_examples=80, **COMMON)
@given(small_graph(), st.data())
@example(graph=(3, {(0, 1), (0, 2), (1, 2)}), data=None)  # three basisteams that all border each other
def test_every_statistic_gives_a_clear_result_on_small_graphs(graph: tuple[int, set[tuple[int, int]]],
                                                              data: Any) -> None:
    """Moran's I, LISA, Gi* and bivariate LISA on 1 to 6 areas: a result that reads sensibly, or one clear line.

    The neighbour graph is drawn directly (any graph, complete ones and islands included) and handed to
    geo.weights.build in place of the polygon contiguity, so that graphs no set of polygons has are tried too.
    """
    n, edges = graph
    if data is None:  # the explicit example: the values of the crash in issue 16
        values, second, islands = [40.4, 44.2, 37.8], None, "attach"
    else:
        values = data.draw(area_values(n), label="values")
        second = data.draw(st.one_of(st.none(), area_values(n)), label="value2")
        islands = data.draw(st.sampled_from(["attach", "exclude"]), label="islands")
    assert_clear_result_or_error(graph_frame(n, values, second), edges, islands, permutations=19)


COMPOSITION = Path(__file__).parent / "data" / "compositions" / "RE10_demo_basisteams_synthetic.csv"
REMOTE_DATA = ("--data", "politie:47018NED/GeregistreerdeMisdrijven_1", "--filter", "SoortMisdrijf=0.0.0",
               "--period", "2023", "--population", "cbs:85984NED/AantalInwoners_5")


@pytest.fixture(scope="module")
def stand_in(testdata: Path, tmp_path_factory: Any) -> Any:
    from tests.servers import Content, FakeServer
    from tests.test_sources import endpoints

    server = FakeServer(Content(testdata)).start()
    yield endpoints(server, tmp_path_factory.mktemp("cache"))
    server.shutdown()
    server.server_close()


def test_three_basisteams_that_border_each_other(stand_in: Any, tmp_path: Path) -> None:
    """Issue 16: this ended in 'unexpected error: KeyError: -9223372036854775808' (np.sign(NaN) cast to int).

    The issue's command with the stand-in servers' figures. BT1002 (Midden-Limburg) borders both others, so its
    Gi* star is the whole map: its z is NaN (no variance), it is never hot or cold, and its LISA draws the same
    two neighbours every time (p 1). With three units nothing can be significant.
    """
    from tests.conftest import UNEXPECTED, run_cli

    out = tmp_path / "out"
    run = run_cli("hotspots", "--level", "basisteam", "--year", "2023", "--composition", str(COMPOSITION),
                  *REMOTE_DATA, "--out", str(out), env=stand_in)
    assert run.returncode == 0, run.stderr
    assert not any(u in run.stderr for u in UNEXPECTED) and "Traceback" not in run.stderr
    results = pd.read_csv(out / "results.csv").set_index("code")
    assert len(results) == 3 and (results["gi_bin"] == 0).all()
    assert results["gi_z"].isna().tolist() == [False, True, False]
    assert results.loc["BT1002", "gi_p_sim"] == 1 and results.loc["BT1002", "lisa_p"] == 1
    assert (results["lisa_cluster"] == "not_significant").all() and (results["gi_category"] == "not_significant").all()
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["gi_star"]["not_significant"] == 3 and summary["n"] == 3


def composition(units: int, path: Path) -> Path:
    """A composition of 1 to 4 basisteams from RE10's synthetic one (the fourth: BT1003 cut in two)."""
    rows = pd.read_csv(COMPOSITION, dtype=str, keep_default_na=False)
    rows = rows[rows["level"] == "basisteam"].assign(parent_code="")
    if units == 4:
        third = rows.index[rows["unit_code"] == "BT1003"]
        rows.loc[third[: len(third) // 2], ["unit_code", "unit_name"]] = ["BT1004", "Basisteam vier (synthetisch)"]
    keep = ["BT1001", "BT1002", "BT1003", "BT1004"][:units]
    path.write_text(rows[rows["unit_code"].isin(keep)].to_csv(index=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("units", [1, 2, 3, 4])
def test_compositions_of_one_to_four_units(stand_in: Any, tmp_path: Path, units: int) -> None:
    """No crash: fewer than 3 units is one clear line, 3 or 4 give results with no hot spot made of nothing."""
    from tests.conftest import error_line, run_cli

    out = tmp_path / "out"
    run = run_cli("hotspots", "--level", "basisteam", "--year", "2023", "--composition",
                  str(composition(units, tmp_path / "comp.csv")), *REMOTE_DATA, "--out", str(out), env=stand_in)
    if units < 3:
        error_line(run, f"maar {units} gebied(en)", "minstens 3")
        return
    assert run.returncode == 0, run.stderr
    results = pd.read_csv(out / "results.csv")
    assert len(results) == units and set(results["gi_bin"]) <= {-3, -2, -1, 0, 1, 2, 3}
    assert (results.loc[results["gi_z"].isna(), "gi_bin"] == 0).all()


def test_three_basisteams_that_each_border_both_others(stand_in: Any, tmp_path: Path) -> None:
    """Amsterdam, Amstelveen and Ouder-Amstel: each borders both others, so every Gi* star is the whole map
    and Moran's I is exactly its expectation, -1/(n-1). The normal z is then 0/0: summary.json was refused
    ("Out of range float values are not JSON compliant: nan") and the run ended in an unexpected error."""
    from tests.conftest import run_cli

    comp = tmp_path / "tri.csv"
    comp.write_text("unit_code,unit_name,level,parent_code,member_code,valid_from,valid_to\n"
                    "BT0001,Amsterdam,basisteam,,GM0363,2023,\nBT0002,Amstelveen,basisteam,,GM0362,2023,\n"
                    "BT0003,Ouder-Amstel,basisteam,,GM0437,2023,\n", encoding="utf-8")
    out = tmp_path / "out"
    run = run_cli("hotspots", "--level", "basisteam", "--year", "2023", "--composition", str(comp),
                  *REMOTE_DATA, "--out", str(out), env=stand_in)
    assert run.returncode == 0, run.stderr
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["moran"]["I"] == pytest.approx(-0.5) and summary["moran"]["z_norm"] is None
    results = pd.read_csv(out / "results.csv")
    assert (results["gi_bin"] == 0).all() and (results["lisa_cluster"] == "not_significant").all()
    assert summary["few_areas"] is True


# --- classification -------------------------------------------------------------------------------

values_strategy = st.lists(
    st.one_of(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_subnormal=False),
              st.just(float("nan"))),
    min_size=1, max_size=40)


def assert_in_exactly_one_class(values: np.ndarray, bins: list[float], index: np.ndarray) -> None:
    finite = np.isfinite(values)
    assert (index[~finite] == -1).all(), "a missing value was put in a class"
    assert ((index[finite] >= 0) & (index[finite] < len(bins))).all(), (bins, index)
    assert all(a <= b for a, b in itertools.pairwise(bins)), f"bounds not in order: {bins}"
    for v, i in zip(values[finite], index[finite]):
        assert v <= bins[i], f"{v} lies above the upper bound {bins[i]} of its class {i} ({bins})"
        assert i == 0 or v > bins[i - 1], f"{v} lies in class {i} but not above the bound {bins[i - 1]} below it"


@FAST
@given(values_strategy, st.sampled_from(sorted(SCHEMES)), st.one_of(st.none(), st.integers(min_value=2, max_value=7)))
# Found by this property with more examples, kept so that every run tries them: four areas (or five
# basisteams) with as many classes as distinct values, and a range mapclassify's k-means cannot split.
@example(values=[45.123, 45.124, 45.125, 200.0], scheme="fisher_jenks", k=None)
@example(values=[0.0, 1.0, 1e9], scheme="natural_breaks", k=None)
def test_every_value_in_exactly_one_class(values: list[float], scheme: str, k: int | None) -> None:
    array = np.array(values, dtype=float)
    distinct = len(np.unique(array[np.isfinite(array)]))
    if k is not None and k > distinct:
        with pytest.raises(OptionError, match="verschillende"):
            classify(array, scheme=scheme, k=k)
        return
    bins, index = classify(array, scheme=scheme, k=k)
    assert len(index) == len(array)
    assert len(bins) <= (k or 5) or scheme == "box_map"
    assert_in_exactly_one_class(array, bins, index)


@FAST
@given(values_strategy, st.lists(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_subnormal=False),
                                 min_size=1, max_size=6, unique=True))
def test_explicit_bins_covering_the_values(values: list[float], bounds: list[float]) -> None:
    array = np.array(values, dtype=float)
    finite = array[np.isfinite(array)]
    assume(len(finite))  # all missing: test_explicit_bins_without_any_value
    top = max([*bounds, *finite.tolist()])
    bins = sorted({*bounds, top})
    got, index = classify(array, bins=bins)
    assert got == bins
    assert_in_exactly_one_class(array, got, index)


def test_explicit_bins_without_any_value() -> None:
    """A map of areas that all lack a value (a new indicator, a suppressed buurt level) has no classes to fill."""
    bins, index = classify(np.array([np.nan, np.nan]), bins=[10.0, 20.0])
    assert bins == [10.0, 20.0] and index.tolist() == [-1, -1]


# --- escaping: hostile names, codes and titles -------------------------------------------------------

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</script>",
    '=HYPERLINK("http://x")',
    "+1",
    "-1+1",
    "@SUM(1)",
    "=1+1",
    "\t=1+1",
    "<img src=x onerror=\"window.__pwned=(window.__pwned||0)+1\">",
    "<script>window.__pwned=(window.__pwned||0)+1</script>",
    "</script><script>window.__pwned=1</script>",
    "<svg onload=window.__pwned=1>",
    "'-- Den Haag & \"Scheveningen\"",
    "Súdwest-Fryslân – ünïcødé 🚓 ‮reversed",
    "{{ 7*7 }} {% raw %} ${x} `x`",
    "<!-- ]]> -->",
    "\u2028\u2029 line separators",
]
#: Text an area name could hold: no control characters (which no spreadsheet cell may hold either).
name_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=24)
hostile = st.one_of(
    st.sampled_from(HOSTILE),
    st.builds(lambda a, b, c: a + b + c, st.sampled_from(HOSTILE), name_text, st.sampled_from(HOSTILE)),
    st.builds(lambda a, b: a + b, st.sampled_from(list("=+-@")), name_text),
    name_text,
)


def hostile_names(n: int) -> Any:
    return st.lists(hostile, min_size=n, max_size=n, unique=True)


@FAST
@given(st.one_of(hostile, st.text(), st.integers(), st.floats(allow_nan=False), st.none()))
def test_safe_cell_escapes_exactly_the_formula_starts(value: object) -> None:
    out = safe_cell(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        assert out == "'" + value
    else:
        assert out is value or out == value


def assert_text_cells_safe(cells: list[str], originals: list[str]) -> None:
    """No text cell starts a formula unless escaped with an apostrophe, and otherwise it is the original."""
    assert len(cells) == len(originals)
    for cell, original in zip(cells, originals):
        assert not cell.startswith(FORMULA_STARTS), f"a formula in a cell: {cell!r}"
        assert cell == ("'" + original if original.startswith(FORMULA_STARTS) else original), (cell, original)


@FAST
@given(hostile_names(4), st.lists(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), min_size=4, max_size=4))
def test_csv_and_xlsx_of_safe_frame_hold_no_formula(names: list[str], numbers: list[float]) -> None:
    import openpyxl

    frame = pd.DataFrame({"code": [f"=C{i}" if i % 2 else f"GM{i:04d}" for i in range(4)], "name": names,
                          "rate": numbers})
    safe = safe_frame(frame)
    with tempfile.TemporaryDirectory() as tmp:
        csv_path, xlsx_path = Path(tmp) / "t.csv", Path(tmp) / "t.xlsx"
        safe.to_csv(csv_path, index=False, encoding="utf-8")
        safe.to_excel(xlsx_path, index=False)
        back = pd.read_csv(csv_path, dtype=str, keep_default_na=False)
        assert_text_cells_safe(back["name"].tolist(), names)
        assert_text_cells_safe(back["code"].tolist(), frame["code"].tolist())
        assert np.allclose(back["rate"].astype(float), numbers)  # numbers, negative ones too, stay numbers
        sheet = openpyxl.load_workbook(xlsx_path).active
        rows = list(sheet.iter_rows(min_row=2, values_only=False))
        assert not [c.coordinate for row in rows for c in row if c.data_type == "f"], "a formula in the workbook"
        assert_text_cells_safe([str(row[1].value) for row in rows], names)
        assert [row[2].value for row in rows] == pytest.approx(numbers)


@pytest.fixture(scope="module")
def analysed(small_region: Any) -> Any:
    """The small region analysed once (99 permutations), for the writers and the map."""
    b = small_region.boundaries.rename(columns={"buurtcode": "code", "buurtnaam": "name"})
    joined = geo.join(b, small_region.table.astype(str), code_column="buurtcode")
    return geo.analyse(geo.prepare(joined, value="misdrijven", population="inwoners"), permutations=99, seed=1)


def with_names(result: Any, names: list[str], codes: list[str] | None = None) -> Any:
    """The analysed result with its first areas renamed (and recoded) to hostile text."""
    frame = result.frame.copy()
    frame["name"] = frame["name"].astype(object)
    frame.loc[frame.index[: len(names)], "name"] = names
    if codes:
        frame["code"] = frame["code"].astype(object)
        frame.loc[frame.index[: len(codes)], "code"] = codes
    return replace(result, frame=frame)


@settings(max_examples=4, **COMMON)
@given(hostile_names(4), hostile_names(2), hostile)
@example(names=['=HYPERLINK("http://x")', "+1", "-1+1", "@SUM(1)"], codes=["=1+1", "<script>alert(1)</script>"],
         title='"><img src=x onerror=alert(1)>')
def test_results_csv_holds_hostile_names_as_text(analysed: Any, names: list[str], codes: list[str],
                                                 title: str) -> None:
    from geo.outputs import write_outputs

    result = with_names(analysed, names, [f"{c} #{i}" for i, c in enumerate(codes)])
    with tempfile.TemporaryDirectory() as tmp:
        write_outputs(result, Path(tmp) / "out", title=title)
        back = pd.read_csv(Path(tmp) / "out" / "results.csv", dtype=str, keep_default_na=False)
        assert_text_cells_safe(back["name"].tolist(), result.frame["name"].astype(str).tolist())
        assert_text_cells_safe(back["code"].tolist(), result.frame["code"].astype(str).tolist())
        summary = json.loads((Path(tmp) / "out" / "summary.json").read_text(encoding="utf-8"))
        assert summary["title"] == title


def page_of(result: Any, title: str) -> str:
    from geo import maps
    from geo.maps.page import page_html

    return page_html(maps.hotspot_map(result.frame, column="rate", title=title, permutations=99), title=title)


def payload(page: str) -> dict[str, Any]:
    found = re.search(r'<script type="application/json" id="vmgeo-data">(.*?)</script>', page, re.S)
    assert found, "the data element is missing or was ended early"
    return json.loads(found.group(1))


@settings(max_examples=10, **COMMON)
@given(hostile_names(5), hostile_names(2), hostile)
def test_map_page_keeps_hostile_text_inside_its_data(analysed: Any, names: list[str], codes: list[str],
                                                    title: str) -> None:
    harmless = page_of(analysed, "kaart")
    result = with_names(analysed, names, [f"{c} #{i}" for i, c in enumerate(codes)])
    page = page_of(result, title)
    # No element was added: as many scripts and images as the page of harmless names has.
    for tag in ("<script", "<img", "<svg", "<iframe"):
        assert page.lower().count(tag) == harmless.lower().count(tag), tag
    data = payload(page)
    assert data["names"][: len(names)] == names
    assert data["codes"][: len(codes)] == [f"{c} #{i}" for i, c in enumerate(codes)]
    assert f"<title>{html.escape(title)}</title>" in page


@pytest.mark.browser
@settings(max_examples=2, **{**COMMON, "suppress_health_check": [HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture]})
@given(hostile_names(6), hostile)
@example(names=HOSTILE[:3] + HOSTILE[9:12], title="<script>window.__pwned=1</script> & 'Oost'")
def test_hostile_names_show_as_text_in_the_browser(browser: Any, analysed: Any, tmp_path_factory: Any,
                                                   names: list[str], title: str) -> None:
    from geo import maps
    from tests.browser import open_page

    codes = [f"{n[:12]} #{i}" for i, n in enumerate(names)]
    result = with_names(analysed, names, codes)
    path = tmp_path_factory.mktemp("hostile") / "map.html"
    maps.save(maps.hotspot_map(result.frame, column="rate", title=title, permutations=99), path, title=title)
    visit = open_page(browser, path)
    page = visit.page
    # Every tooltip (built by the page's own function, as Leaflet does on hover) shows name and code as text.
    tips = page.evaluate("""(n) => {
        const v = window.vmgeo, tip = v.areas.getTooltip()._content, out = [];
        v.areas.eachLayer(l => {
            const i = l.feature.properties.i;
            if (i < n) { const t = tip(l); document.body.appendChild(t);
                         out[i] = [t.rows[0].cells[1].textContent, t.rows[1].cells[1].textContent,
                                   Array.from(t.querySelectorAll(':not(tr):not(td):not(tbody)')).map(e => e.tagName)];
                         t.remove(); }
        });
        return out; }""", len(names))
    assert [t[0] for t in tips] == names
    assert [t[1] for t in tips] == codes
    assert [t[2] for t in tips] == [[]] * len(names), "a tooltip holds elements made from the data"
    # And one real hover, as a reader would.
    point = page.evaluate("""() => { let layer; window.vmgeo.areas.eachLayer(l => {
        if (l.feature.properties.i === 0) layer = l; });
        const c = window.vmgeo.map.latLngToContainerPoint(layer.getCenter()); return [c.x, c.y]; }""")
    page.mouse.move(point[0], point[1])
    page.wait_for_selector(".leaflet-tooltip td", timeout=10_000)
    assert page.locator(".leaflet-tooltip td").nth(1).text_content() == names[0]
    assert page.title() == title
    assert page.locator("#vmgeo-title b").text_content() == title
    assert page.evaluate("window.__pwned") is None, "an injected script ran"
    assert visit.dialogs == [], f"a dialog opened: {visit.dialogs}"
    assert page.locator("img, iframe, [onload], [onerror]").count() == 0, "an element was made from the data"
    assert visit.errors == [], visit.errors
    page.close()


# --- the early warning's table and workbook (vmgeo trend) ----------------------------------------------

@pytest.fixture(scope="module")
def trend_setup(testdata: Path, tmp_path_factory: Any) -> Any:
    """The stand-in CBS/Politie server, a cache, and the gemeenten of eenheid RE01 (those 47022NED has by month)."""
    import geopandas as gpd

    from tests.servers import Content, FakeServer
    from tests.servers_years import MONTHLY_EENHEID

    mapping = pd.read_csv(testdata / "mapping" / "gemeente_2023_provincie_veiligheidsregio_politie-eenheid.csv",
                          dtype=str)
    members = set(mapping.loc[mapping["politie_eenheid_code"] == MONTHLY_EENHEID, "gemeentecode"])
    gemeenten = gpd.read_file(testdata / "boundaries" / "gemeente_2023_rd.geojson", engine="pyogrio")
    gemeenten = gemeenten[gemeenten["statcode"].isin(members)][["statcode", "statnaam", "geometry"]]
    server = FakeServer(Content(testdata)).start()
    yield {"server": server, "cache": tmp_path_factory.mktemp("trend-cache"),
           "gemeenten": gemeenten.reset_index(drop=True)}
    server.shutdown()
    server.server_close()


@settings(max_examples=1, **{**COMMON, "suppress_health_check": [HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture]})
@given(hostile_names(5))
@example(names=['=HYPERLINK("http://x")', "+1", "-1+1", "@SUM(1)", "\t=1+1"])
def test_trend_csv_and_xlsx_hold_hostile_names_as_text(trend_setup: Any, names: list[str]) -> None:
    import openpyxl

    from tests.test_corpus import endpoints, run_vmgeo

    gemeenten = trend_setup["gemeenten"].copy()
    gemeenten.loc[: len(names) - 1, "statnaam"] = names
    expected = dict(zip(gemeenten["statcode"], gemeenten["statnaam"].str.strip()))  # vmgeo trims names
    with tempfile.TemporaryDirectory() as tmp:
        boundaries = Path(tmp) / "gemeenten.gpkg"
        gemeenten.to_file(boundaries, driver="GPKG", engine="pyogrio")
        out = Path(tmp) / "out"
        run = run_vmgeo("trend", "--boundaries", str(boundaries), "--crime-types", "0.0.0", "--period", "2023MM09",
                        "--out", str(out), env=endpoints(trend_setup["server"], trend_setup["cache"]))
        assert run.returncode == 0, run.stderr
        table = pd.read_csv(out / "trend.csv", dtype=str, keep_default_na=False)
        problems = [f"trend.csv: {cell!r} for {original!r}" for cell, original in
                    zip(table["name"], table["code"].map(expected)) if cell != safe_cell(original)]
        sheet = openpyxl.load_workbook(out / "trend.xlsx").active
        header = [c.value for c in next(sheet.iter_rows(max_row=1))]
        code, name = header.index("code"), header.index("name")
        for row in sheet.iter_rows(min_row=2):
            cell, original = row[name], expected[row[code].value]
            if cell.data_type == "f" or cell.value != safe_cell(original):
                kind = "a formula" if cell.data_type == "f" else "text"
                problems.append(f"trend.xlsx {cell.coordinate}: {cell.value!r} ({kind}) for {original!r}")
        assert not problems, "; ".join(problems[:8])
