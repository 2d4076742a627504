"""What a series does once for all its periods, not once per period (issue 18: 12 periods of the national grid)."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
from shapely.geometry import box

from geo import analysis
from geo.errors import AnalysisError
from geo.reports import JoinReport, Prepared, PrepareReport
from geo.series import analyse_series


def _series(periods: int, *, side: int = 8, nested_in: int | None = None) -> dict[str, Prepared]:
    """Periods on the same square objects; from period ``nested_in`` on, one square is replaced by a box
    lying inside its neighbour (the same codes, other shapes)."""
    rng = np.random.default_rng(5)
    codes = [f"A{i:03d}" for i in range(side * side)]
    squares = [box(c * 100, r * 100, (c + 1) * 100, (r + 1) * 100) for r in range(side) for c in range(side)]
    nested = [*squares[:-1], box(10, 10, 20, 20)]  # the last code's shape now lies inside the first square

    def period(t: int) -> Prepared:
        shapes = nested if nested_in is not None and t >= nested_in else squares
        frame = gpd.GeoDataFrame({"code": codes, "name": codes, "value": rng.poisson(20, side * side).astype(float),
                                  "analysed": True}, geometry=shapes, crs="EPSG:28992")
        return Prepared(frame=frame, report=PrepareReport(source="test", value_column="value",
                                                          population_column=None, analysed="value"),
                        join=JoinReport(len(codes), [], [], source="test"))

    return {f"{2020 + t}JJ00": period(t) for t in range(periods)}


def test_a_series_checks_its_areas_for_overlaps_once(monkeypatch):
    """Every period checked the same squares again for overlaps (4.6 s of 106 s on 100,000 squares x 12)."""
    calls = []
    real = analysis.overlapping
    monkeypatch.setattr(analysis, "overlapping", lambda gdf: calls.append(len(gdf)) or real(gdf))
    analyse_series(_series(5), permutations=19, weights="queen")
    assert calls == [64]


def test_a_period_with_other_shapes_that_overlap_is_still_refused():
    series = _series(4, nested_in=2)
    with pytest.raises(AnalysisError, match="A063"):
        analyse_series(series, permutations=19, weights="queen")


def test_emerging_categories_are_named_once_per_pattern_as_area_by_area(monkeypatch):
    """400,000 squares were named one by one (seconds of Python); the same pattern gets the same name."""
    from geo.stats import emerging

    rng = np.random.default_rng(11)
    n, periods = 3000, 12
    significant = rng.random((n, periods)) < 0.3
    z = rng.normal(size=(n, periods))
    hot, cold = significant & (z > 0), significant & (z < 0)
    hot[:200] = True  # persistent, intensifying and diminishing ones
    cold[:200] = False
    signs = rng.integers(-1, 2, n)
    empty = rng.random(n) < 0.05
    expected = [emerging.NO_NEIGHBOURS if empty[i] else emerging._category(hot[i], cold[i], int(signs[i]))
                for i in range(n)]
    calls = []
    real = emerging._category
    monkeypatch.setattr(emerging, "_category", lambda *a: calls.append(1) or real(*a))
    got = emerging._categories(hot, cold, signs, empty)
    assert got.tolist() == expected
    assert len(calls) < n and len(set(expected)) > 5
    assert emerging._categories(hot[:0], cold[:0], signs[:0], empty[:0]).tolist() == []


def test_lisa_transitions_read_every_kind_of_cell_as_before():
    """The table is looked up at once now (a call per cell was 4.8 million calls); what is not a quadrant
    name (None, NaN, pd.NA, "island", a number) still counts as no quadrant."""
    import pandas as pd

    from geo.stats.markov import lisa_transitions

    q = np.array([["HH", None, "LL", np.nan, "LL"], ["island", "HH", pd.NA, "LH", "LH"],
                  [np.str_("HL"), "HH", "HH", 3, "HL"]], dtype=object)
    found = lisa_transitions(q)
    assert found.counts.loc["HL", "HH"] == 1 and found.counts.loc["HH", "HH"] == 1
    assert found.counts.loc["LH", "LH"] == 1 and found.counts.loc["LL", "LL"] == 0
    assert found.counts.to_numpy().sum() == 3 and found.skipped == 9


def test_joins_to_the_same_boundaries_work_out_their_codes_once(monkeypatch):
    """Every period worked the boundaries' codes out again (style, canonical spelling: ~0.5 s a period at
    400,000 squares); a frame whose codes changed since is worked out again."""
    import pandas as pd

    from geo import joins

    squares = [box(c * 100, 0, (c + 1) * 100, 100) for c in range(4)]
    boundaries = gpd.GeoDataFrame({"code": ["GM0001", "GM0002", "GM0003", "GM0004"]}, geometry=squares)
    calls = []
    real = joins.code_style
    monkeypatch.setattr(joins, "code_style", lambda codes: calls.append(1) or real(codes))
    for year in range(3):
        table = pd.DataFrame({"code": ["1", "2", "GM0003", "gm0004"], "aantal": [year, 1, 2, 3]})
        joined = joins.join(boundaries, table, code_column="code")
        assert joined.frame["aantal"].tolist() == [year, 1, 2, 3] and joined.report.matched == 4
    assert len(calls) == 1
    boundaries.loc[3, "code"] = "GM0009"  # the same frame, other codes: no stale keys
    joined = joins.join(boundaries, pd.DataFrame({"code": ["1", "9"], "aantal": [5, 6]}), code_column="code")
    assert joined.frame["aantal"].tolist()[0] == 5 and joined.frame["aantal"].tolist()[3] == 6
    assert joined.report.boundaries_only == ["GM0002", "GM0003"] and len(calls) == 2
    other = boundaries.copy()
    joins.join(other, pd.DataFrame({"code": ["1"], "aantal": [1]}), code_column="code")
    assert len(calls) == 3
