"""H3 resolutions 13 to 15 hide small counts by default, as every hexagon of a 500 m square or less does (issue 18).

docs/incidents.md said ``pipeline.H3_AREA`` stops at 12, so that 13-15 get a default ``--min-count`` of 0;
the table reaches 15 (0.9 m²), and these runs show what the code does.
"""

from __future__ import annotations

import json

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from geo.grid import MIN_COUNT, SMALL_CELL
from geo.incidents import MICRO_HOT_SPOTS, synthetic_export
from geo.pipeline import H3_AREA, default_min_count
from geo.reports import AggregationReport, RunReport
from geo.settings import ANALYSIS_CRS
from tests.conftest import run_cli

pytest.importorskip("h3")


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    """An export, and a study area of 60 m by 60 m on the planted Stratumseind spot (res 15: some 4,000 hexagons)."""
    folder = tmp_path_factory.mktemp("hex")
    export = synthetic_export(folder / "export.csv", n=20_000)
    _, sx, sy, _, _ = MICRO_HOT_SPOTS[0]
    area = folder / "area.gpkg"
    gpd.GeoDataFrame({"code": ["SG0001"], "name": ["Stratumseind"]},
                     geometry=[shapely.box(sx - 30, sy - 30, sx + 30, sy + 30)], crs=ANALYSIS_CRS).to_file(area)
    return export, area


@pytest.mark.parametrize("resolution", [13, 15])
def test_fine_hexagons_get_the_default_min_count_of_small_squares(inputs, tmp_path, resolution):
    export, area = inputs
    out = tmp_path / "out"
    run = run_cli("hotspots", "--incidents", str(export), "--x", "X-coördinaat", "--y", "Y-coördinaat",
                  "--hex", str(resolution), "--boundaries", str(area), "--permutations", "99", "--out", str(out))
    assert run.returncode == 0, run.stderr
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["aggregation"]["resolution"] == resolution
    assert summary["suppressed"]["min_count"] == MIN_COUNT == 5
    results = pd.read_csv(out / "results.csv", dtype={"code": str, "shown": str}, keep_default_na=False)
    counted = results["value"].replace("", float("nan")).astype(float)
    small = results[results["shown"] == "<5"]
    # Counts of 1 to 4 are written as "<5" with no value; zeros are shown (no incident is no one's).
    assert len(small) > 0 and counted[results["shown"] == "<5"].isna().all()
    assert set(results.loc[results["shown"] != "<5", "shown"].astype(int)) & {1, 2, 3, 4} == set()
    assert summary["suppressed"]["areas"] == len(small)


@pytest.mark.parametrize("resolution", range(9, 16))
def test_every_resolution_from_9_has_a_known_area_no_larger_than_a_small_square(resolution):
    assert 0 < H3_AREA[resolution] <= SMALL_CELL ** 2
    report = AggregationReport(incidents={}, aggregation={"target": "hex", "resolution": resolution})
    assert default_min_count(pd.DataFrame({"code": []}), run=RunReport(aggregation=report)) == MIN_COUNT
