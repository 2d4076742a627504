"""``--scale auto`` over partitions and on a local 2-worker Dask cluster: the same choices and results, byte for byte.

Issue 18, "Scale" and "Beyond one machine": the nearest-neighbour steps of Optimized Hot Spot Analysis need the
points, which partitions and ``--scheduler`` keep in their files. Only their coordinates are read, file by file
(on the cluster's workers with ``--scheduler``), the locational outliers are found by the same rule, and their
places are left out while the files are counted. The same incidents as (a) one CSV read in process, (b) three
partitions (the rows dealt round-robin: another order) counted in process and (c) those partitions on the cluster
give the same ``results.csv`` byte for byte and the same choices in ``summary.json``.
"""

from __future__ import annotations

import json
import warnings

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from geo.incidents import synthetic_export
from geo.settings import DEFAULT_SEED
from tests.conftest import run_cli, write_partitions

distributed = pytest.importorskip("distributed", reason="dask[distributed] is not installed")

FLAGS = ["--x", "X-coordinaat", "--y", "Y-coordinaat", "--date", "Pleegdatum"]
FAST = ["--permutations", "99", "--layers", "value,gi", "--lang", "en"]


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    path = tmp_path_factory.mktemp("scale_dask") / "export.csv"
    return synthetic_export(path, n=20_000, seed=DEFAULT_SEED, bad_rows=6)


@pytest.fixture(scope="module")
def parts(export, tmp_path_factory):
    # Round-robin: every partition holds rows from all over the file, in another order.
    return write_partitions(export, tmp_path_factory.mktemp("scale_dask_parts") / "parts", dealt=True)


@pytest.fixture(scope="module")
def area(tmp_path_factory):
    path = tmp_path_factory.mktemp("scale_dask_area") / "gebied.geojson"
    gpd.GeoDataFrame({"statcode": ["GB0001"], "statnaam": ["Eindhoven"]},
                     geometry=[box(158_000, 380_000, 166_000, 388_000)], crs="EPSG:28992").to_file(path)
    return path


@pytest.fixture(scope="module")
def cluster():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                      dashboard_address=None) as local:
            yield local


def _work(cluster):
    return {name: sum(prefix.all_durations.values()) for name, prefix in cluster.scheduler.task_prefixes.items()}


def _three_ways(tmp_path, export, parts, cluster, args):
    runs = {}
    for name, source, extra in (("one", export, []), ("parts", parts, []),
                                ("cluster", parts, ["--scheduler", cluster.scheduler_address])):
        before = _work(cluster)
        out = tmp_path / name
        done = run_cli("hotspots", "--incidents", str(source), *FLAGS, *args, *extra, "--out", str(out), *FAST)
        assert done.returncode == 0, done.stderr
        ran = {k for k, v in _work(cluster).items() if v > before.get(k, 0)}
        runs[name] = (done, json.loads((out / "summary.json").read_text(encoding="utf-8")), out, ran)
    return runs


def _same(runs):
    one = runs["one"]
    for name in ("parts", "cluster"):
        assert (runs[name][2] / "results.csv").read_bytes() == (one[2] / "results.csv").read_bytes(), name
        assert runs[name][1]["aggregation"]["scale"] == one[1]["aggregation"]["scale"], name
        for key in ("counted", "outside", "areas", "cell", "resolution"):
            assert runs[name][1]["aggregation"].get(key) == one[1]["aggregation"].get(key), (name, key)
        # The incidents used leave the outliers out however they were read (files count them as filtered).
        assert runs[name][1]["aggregation"]["incidents"]["used"] == one[1]["aggregation"]["incidents"]["used"], name
        outliers = one[1]["aggregation"]["scale"]["choice"]["outliers"]
        assert runs[name][1]["aggregation"]["filtered"] == one[1]["aggregation"]["filtered"], name
        assert one[1]["aggregation"]["filtered"]["outlier"] == outliers, name
        assert f"locational outliers (--scale auto) {outliers}" in runs[name][0].stdout, name
        # The choices are printed the same way wherever the points were read.
        for line in one[1]["aggregation"]["scale"]["lines"]["en"]:
            assert line in runs[name][0].stdout
    # The cluster read the coordinates and counted the files; the runs in process sent it nothing.
    assert not runs["one"][3] and not runs["parts"][3]
    assert {"file_coordinates", "count_file"} <= runs["cluster"][3], runs["cluster"][3]


def test_squares_three_ways_same_choices_and_results(tmp_path, export, parts, cluster, area):
    runs = _three_ways(tmp_path, export, parts, cluster, ["--scale", "auto", "--boundaries", str(area)])
    _same(runs)
    chosen = runs["one"][1]["aggregation"]["scale"]
    # Not vacuous: outliers were found and left out of every way of counting.
    assert chosen["choice"]["outliers"] > 0 and chosen["choice"]["cell"] == 100
    agg = runs["one"][1]["aggregation"]
    assert agg["counted"] + agg["outside"] == 20_000 - chosen["choice"]["outliers"]
    results = pd.read_csv(runs["one"][2] / "results.csv", dtype={"code": str})
    assert (results["gi_bin"] > 0).sum() > 3


def test_hexagons_three_ways_same_choices_and_results(tmp_path, export, parts, cluster, area):
    pytest.importorskip("h3", reason="h3 is not installed")
    runs = _three_ways(tmp_path, export, parts, cluster, ["--scale", "auto", "--hex", "--boundaries", str(area)])
    _same(runs)
    assert runs["cluster"][1]["aggregation"]["resolution"] == 10
