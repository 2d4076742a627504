"""Incidents counted file by file, in process and on a local 2-worker Dask cluster: polygons, hexagons, a cube.

Issue 18, "Beyond one machine": ``--scheduler`` and a folder of partitions count squares, H3 hexagons and
polygons, also per period (``--interval``, ``--period A,B``), each file on a worker and summed in process. The
same incidents give byte for byte the same ``results.csv`` (and ``series.csv``) as (a) one CSV read in process,
(b) the same rows split in three partitions counted in process, and (c) those partitions on the cluster the tests
start; the cluster is checked to have run the counting (``count_file``) and the permutations (``run_batch``).
"""

from __future__ import annotations

import json
import logging
import warnings

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from geo import grid, readers
from geo.errors import DataError
from geo.grid import Slots, count_files, grid_aggregation, polygon_aggregation
from geo.incidents import SYNTHETIC_COLUMNS, in_period, incident_files, read_incidents, synthetic_export
from geo.settings import DEFAULT_SEED, from_env
from tests.conftest import error_line, run_cli, write_partitions

distributed = pytest.importorskip("distributed", reason="dask[distributed] is not installed")

COLUMNS = dict(x="X-coördinaat", y="Y-coördinaat", date="Pleegdatum", type="Maatschappelijke klasse")
FLAGS = ["--x", "X-coordinaat", "--y", "Y-coordinaat", "--date", "Pleegdatum"]
FAST = ["--permutations", "99", "--layers", "value,gi", "--lang", "en"]
PARTS = 3


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    path = tmp_path_factory.mktemp("dask_incidents") / "export.csv"
    # Bad rows at the end (no coordinates, in Belgium, an impossible date): they land in the last partition.
    return synthetic_export(path, n=20_000, seed=DEFAULT_SEED, bad_rows=6)


@pytest.fixture(scope="module")
def parts(export, tmp_path_factory):
    return write_partitions(export, tmp_path_factory.mktemp("dask_parts") / "parts", PARTS)


@pytest.fixture(scope="module")
def cluster():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                      dashboard_address=None) as local:
            yield local


@pytest.fixture(scope="module")
def gemeenten(gemeenten_rd):
    return gpd.read_file(gemeenten_rd)


def _work(cluster):
    """Seconds of work the cluster has done per task prefix (``count_file``, ``run_batch``) so far."""
    return {name: sum(prefix.all_durations.values()) for name, prefix in cluster.scheduler.task_prefixes.items()}


def _three_ways(tmp_path, export, parts, cluster, args):
    """Run ``args`` on (a) the one CSV, (b) the partitions in process, (c) the partitions on the cluster.

    Returns each run's outcome, its folder and the task prefixes that did work on the cluster during it.
    """
    runs = {}
    for name, source, extra in (("one", export, []), ("parts", parts, []),
                                ("cluster", parts, ["--scheduler", cluster.scheduler_address])):
        before = _work(cluster)
        done = run_cli(args[0], "--incidents", str(source), *FLAGS, *args[1:], *extra, "--out", str(tmp_path / name),
                       *FAST)
        assert done.returncode == 0, done.stderr
        ran = {k for k, v in _work(cluster).items() if v > before.get(k, 0)}
        runs[name] = (done, tmp_path / name, ran)
    return runs


def _same_bytes(runs, *names):
    for name in names:
        one = (runs["one"][1] / name).read_bytes()
        assert (runs["parts"][1] / name).read_bytes() == one, name
        assert (runs["cluster"][1] / name).read_bytes() == one, name


def _cluster_ran(runs, *prefixes):
    """Run (c) counted the files and ran the permutations on the cluster; runs (a) and (b) ran nothing there."""
    assert not runs["one"][2] and not runs["parts"][2]
    assert set(prefixes) <= runs["cluster"][2], runs["cluster"][2]


# --- Through the command: byte for byte the same results.


def test_polygons_three_ways_byte_identical(tmp_path, export, parts, cluster, gemeenten_rd):
    runs = _three_ways(tmp_path, export, parts, cluster, ["hotspots", "--boundaries", str(gemeenten_rd)])
    _same_bytes(runs, "results.csv")
    _cluster_ran(runs, "count_file", "run_batch")
    results = pd.read_csv(runs["one"][1] / "results.csv", dtype={"code": str})
    summaries = {k: json.loads((v[1] / "summary.json").read_text()) for k, v in runs.items()}
    assert summaries["cluster"]["aggregation"]["target"] == "polygons"
    # Not a vacuous comparison: most incidents are counted, in many gemeenten, and Gi* finds hot ones.
    agg = summaries["one"]["aggregation"]
    assert agg["counted"] > 15_000 and (results["value"] > 0).sum() > 100
    assert (results["gi_bin"] > 0).sum() > 3
    for name in ("parts", "cluster"):
        got = summaries[name]["aggregation"]
        assert {k: got[k] for k in ("counted", "outside", "areas")} == {k: agg[k] for k in ("counted", "outside",
                                                                                           "areas")}
        assert got["incidents"]["read"] == 20_006 and got["incidents"]["dropped"] == agg["incidents"]["dropped"]
    # The one file's points make a density surface on squares; areas counted file by file make it from the
    # incidents counted per 100 m square in the same pass (it once fed the gemeenten to the squares' kernel).
    assert agg["density"] is not None and agg["density"]["source"] == "points"
    _same_density(runs)


def _same_density(runs):
    """The density layer from files: identical in process and on the cluster, and close to the one file's points.

    The bounds of tests/test_density_targets.py for counts against points: the bandwidth within 1%, the surface
    within 10% of its peak in every square both show.
    """
    summaries = {k: json.loads((v[1] / "summary.json").read_text())["aggregation"]["density"] for k, v in runs.items()}
    layers = {k: gpd.read_file(v[1] / "results.gpkg", layer="density") for k, v in runs.items()}
    assert summaries["parts"]["source"] == "counts" and summaries["parts"] == summaries["cluster"]
    pd.testing.assert_frame_equal(layers["parts"], layers["cluster"], check_exact=True)
    points, counts = layers["one"], layers["parts"]
    assert points["code"].tolist() == counts["code"].tolist()
    assert summaries["parts"]["bandwidth"] == pytest.approx(summaries["one"]["bandwidth"], rel=0.01)
    a, b = points["density"].to_numpy(dtype=float), counts["density"].to_numpy(dtype=float)
    both = np.isfinite(a) & np.isfinite(b)
    assert both.sum() > 1000 and np.max(np.abs(a[both] - b[both])) < 0.10 * np.nanmax(a)
    for name in ("parts", "cluster"):
        assert "No density layer" not in runs[name][0].stdout


def test_hexagons_three_ways_byte_identical(tmp_path, export, parts, cluster, gemeenten_rd):
    pytest.importorskip("h3", reason="h3 is not installed")
    runs = _three_ways(tmp_path, export, parts, cluster,
                       ["hotspots", "--hex", "8", "--boundaries", str(gemeenten_rd), "--within", "GM0772"])
    _same_bytes(runs, "results.csv")
    _cluster_ran(runs, "count_file", "run_batch")
    results = pd.read_csv(runs["cluster"][1] / "results.csv", dtype={"code": str})
    assert len(results) > 50 and (results["value"] == 0).sum() > 5  # zeros kept inside the study area
    summary = json.loads((runs["cluster"][1] / "summary.json").read_text())
    assert summary["aggregation"]["target"] == "hex" and summary["aggregation"]["outside"] > 10_000
    _same_density(runs)


def test_cube_of_squares_three_ways_byte_identical(tmp_path, export, parts, cluster, gemeenten_rd):
    runs = _three_ways(tmp_path, export, parts, cluster,
                       ["hotspots", "--grid", "1000", "--boundaries", str(gemeenten_rd), "--within", "GM0772",
                        "--interval", "quarter"])
    _same_bytes(runs, "results.csv", "series.csv", "emerging.csv")
    _cluster_ran(runs, "count_file", "run_batch")
    summary = json.loads((runs["cluster"][1] / "summary.json").read_text())
    keys = [f"{y}KW{q:02d}" for y in (2021, 2022, 2023) for q in (1, 2, 3, 4)]
    assert summary["series"]["periods"] == keys == summary["aggregation"]["periods"]
    series = pd.read_csv(runs["cluster"][1] / "series.csv", dtype={"code": str})
    assert set(series["period"]) == set(keys) and (series["value"] > 0).sum() > 100


def test_change_of_polygons_between_two_years_three_ways(tmp_path, export, parts, cluster, gemeenten_rd):
    """A list of periods (``vmgeo change --from --to``: ``--period 2022,2023``) on polygons."""
    runs = _three_ways(tmp_path, export, parts, cluster,
                       ["change", "--boundaries", str(gemeenten_rd), "--from", "2022", "--to", "2023"])
    _same_bytes(runs, "change.csv")
    _cluster_ran(runs, "count_file")
    change = pd.read_csv(runs["one"][1] / "change.csv", dtype={"code": str})
    assert (change["before"] > 0).sum() > 50 and (change["after"] > 0).sum() > 50


# --- The library: every target and slot rule, partitions against the whole file.


@pytest.fixture(scope="module")
def incidents(export):
    return read_incidents(export, **COLUMNS)


@pytest.fixture(scope="module")
def files(parts):
    return incident_files(parts, **COLUMNS, chunk_rows=2_500)


def _in_process_cube(incidents, slots, count):
    """Counts per period the slow way: the points of each period counted on their own."""
    from dataclasses import replace

    if slots.per is not None:
        # Months since January 1970 by the calendar (numpy's datetime64[M]), every step from the first to the last.
        month = incidents.dates.astype("datetime64[M]").astype(np.int64)
        index = month // slots.per - (month // slots.per).min()
        _, keys = slots.labels(month // slots.per)
        masks = [index == i for i in range(len(keys))]
    else:
        keys = list(slots.keys)
        masks = [in_period(incidents.dates, (k,)) for k in keys]
    out = []
    for key, keep in zip(keys, masks, strict=True):
        sub = replace(incidents, x=incidents.x[keep], y=incidents.y[keep], rows=incidents.rows[keep],
                      dates=incidents.dates[keep], types=None)
        out.append(count(sub).assign(period=key))
    return pd.concat(out, ignore_index=True), tuple(keys)


@pytest.mark.parametrize("slots", [Slots.interval("month"), Slots.interval("year"),
                                   Slots(keys=("2022JJ00", "2022MM03", "2023KW04"))], ids=["month", "year", "list"])
def test_cube_of_polygons_equals_counting_each_period(incidents, files, gemeenten, slots):
    """Per period the counts of that period's points; an incident in two listed keys counts in both."""
    agg = polygon_aggregation(files, gemeenten, code_column="statcode", slots=slots)
    whole = polygon_aggregation(incidents, gemeenten, code_column="statcode")
    assert agg.frame["count"].tolist() == whole.frame["count"].tolist() and agg.outside == whole.outside

    def count(sub):
        return polygon_aggregation(sub, gemeenten, code_column="statcode").frame[["code", "count"]]

    expected, keys = _in_process_cube(incidents, slots, count)
    assert agg.periods == keys
    pd.testing.assert_frame_equal(agg.cube, expected.astype({"period": object}), check_dtype=False)
    assert agg.cube["count"].sum() > 0 and (agg.cube.groupby("period")["count"].sum() > 0).all()


def test_cube_of_squares_and_hexagons_from_points_and_files_agree(incidents, files, gemeenten):
    eindhoven = gemeenten[gemeenten["statcode"] == "GM0772"]
    slots = Slots.interval("quarter")
    from_files = grid_aggregation(files, cell=500, study_area=eindhoven, slots=slots)
    from_points = grid_aggregation(incidents, cell=500, study_area=eindhoven, slots=slots)
    pd.testing.assert_frame_equal(from_files.cube, from_points.cube)
    per_quarter = from_files.cube.groupby("code", sort=False)["count"].sum()
    assert per_quarter.tolist() == from_files.frame["count"].tolist()  # each incident in exactly one quarter
    hexes = pytest.importorskip("geo.hexes")
    pytest.importorskip("h3")
    hex_files = hexes.hex_aggregation(files, resolution=8, study_area=eindhoven, slots=slots)
    hex_points = hexes.hex_aggregation(incidents, resolution=8, study_area=eindhoven)
    assert hex_files.frame["code"].tolist() == hex_points.frame["code"].tolist()
    assert hex_files.frame["count"].tolist() == hex_points.frame["count"].tolist()
    assert hex_files.cube.groupby("code", sort=False)["count"].sum().tolist() == hex_points.frame["count"].tolist()
    assert hex_files.counted > 1000 and hex_files.outside == hex_points.outside


def test_dropped_rows_are_each_files_own_rows(files, parts, caplog):
    """Rows left out are named by their row in their own file, in the log and in each file's record."""
    with caplog.at_level(logging.WARNING, logger="geo"):
        tally = count_files(files, grid._Squares(1000))
    assert [f["source"] for f in tally.files] == [str(parts / f"part-{i}.csv") for i in range(PARTS)]
    last = tally.files[-1]
    # The last partition holds the six bad rows at its end: its own rows, not the export's 20,002 to 20,007.
    rows = pd.read_csv(parts / f"part-{PARTS - 1}.csv", sep=";", encoding="cp1252", dtype=str)
    end = len(rows) + 1  # the header is row 1
    assert last["dropped_rows"] == {"no_coordinates": [end - 5, end - 2], "outside_netherlands": [end - 4, end - 1],
                                    "bad_date": [end - 3, end]}
    assert all(not f["dropped_rows"] for f in tally.files[:-1])
    said = [r.getMessage() for r in caplog.records if "part-2.csv" in r.getMessage()]
    assert len(said) == 3, said
    for line, (a, b) in zip(said, ((end - 5, end - 2), (end - 4, end - 1), (end - 3, end)), strict=True):
        assert line.endswith(f"{a}, {b}"), line
    assert tally.read == 20_006 and sum(tally.dropped.values()) == 6


def test_on_the_cluster_the_lines_come_back_and_a_bad_partition_is_one_line(files, parts, cluster, tmp_path,
                                                                            caplog, gemeenten_rd):
    with caplog.at_level(logging.WARNING, logger="geo"):
        tally = count_files(files, grid._Squares(500), scheduler=cluster.scheduler_address)
    said = [r.getMessage() for r in caplog.records if "part-2.csv" in r.getMessage()]
    # Said here, by the caller, though the file was read on a worker.
    end = len(pd.read_csv(parts / f"part-{PARTS - 1}.csv", sep=";", encoding="cp1252", dtype=str)) + 1
    assert len(said) == 3 and said[0].endswith(f"{end - 5}, {end - 2}"), said
    assert tally.files == count_files(files, grid._Squares(500)).files
    # A mostly bad partition refused on a worker: the run's one line, in the run's language, naming the file.
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "part-0.csv").write_bytes((parts / "part-0.csv").read_bytes())
    good = "PL1;161578,0;383238,0;01-06-2022;Vernieling\r\n"
    empty = "PL2;;;01-06-2022;Vernieling\r\n"
    (bad / "part-1.csv").write_text(";".join(SYNTHETIC_COLUMNS) + "\r\n" + good * 3 + empty * 7, encoding="cp1252")
    done = run_cli("hotspots", "--incidents", str(bad), *FLAGS, "--boundaries", str(gemeenten_rd),
                   "--scheduler", cluster.scheduler_address, "--out", str(tmp_path / "out"), *FAST)
    error_line(done, "part-1.csv", "7 of 10 rows")
    assert not (tmp_path / "out").exists()


def test_a_partition_without_rows_is_a_quiet_month_and_all_of_them_empty_is_one_line(tmp_path, parts, cluster,
                                                                                      gemeenten_rd):
    """A trial: one header-only month file refused the whole folder. It is said and counted as nothing, on the
    cluster too, with --scale auto reading the coordinates; a folder of only such files is one line."""
    quiet = tmp_path / "quiet"
    quiet.mkdir()
    for part in parts.iterdir():
        (quiet / part.name).write_bytes(part.read_bytes())
    header = ";".join(SYNTHETIC_COLUMNS) + "\r\n"
    (quiet / "part-9.csv").write_text(header, encoding="cp1252")
    runs = {}
    for name, source, extra in (("parts", parts, []), ("quiet", quiet, []),
                                ("cluster", quiet, ["--scheduler", cluster.scheduler_address])):
        out = tmp_path / f"out-{name}"
        done = run_cli("hotspots", "--incidents", str(source), *FLAGS, "--grid", "500", "--scale", "auto",
                       "--boundaries", str(gemeenten_rd), "--within", "GM0772", *extra, "--out", str(out), *FAST)
        assert done.returncode == 0, done.stderr
        runs[name] = out
        assert ("part-9.csv: no rows under the header" in done.stderr) == (name != "parts"), done.stderr
    for name in ("quiet", "cluster"):
        assert (runs[name] / "results.csv").read_bytes() == (runs["parts"] / "results.csv").read_bytes(), name
    empty = tmp_path / "empty"
    empty.mkdir()
    for i in range(2):
        (empty / f"part-{i}.csv").write_text(header, encoding="cp1252")
    done = run_cli("hotspots", "--incidents", str(empty), *FLAGS, "--grid", "500", "--boundaries", str(gemeenten_rd),
                   "--within", "GM0772", "--out", str(tmp_path / "none"), *FAST)
    error_line(done, "none of the 2 files holds incidents", "part-0.csv")
    assert not (tmp_path / "none").exists()


def test_a_relative_folder_is_found_by_the_workers_too(tmp_path, parts, cluster, gemeenten_rd, monkeypatch):
    """A review: ``--incidents parts`` relative to the analyst's folder failed on the workers (their own folder)."""
    whole = run_cli("hotspots", "--incidents", str(parts), *FLAGS, "--grid", "500", "--boundaries",
                    str(gemeenten_rd), "--within", "GM0772", "--out", str(tmp_path / "whole"), *FAST)
    monkeypatch.chdir(parts.parent)
    done = run_cli("hotspots", "--incidents", parts.name, *FLAGS, "--grid", "500", "--boundaries", str(gemeenten_rd),
                   "--within", "GM0772", "--scheduler", cluster.scheduler_address, "--out", str(tmp_path / "rel"),
                   *FAST)
    assert whole.returncode == 0 and done.returncode == 0, done.stderr
    assert (tmp_path / "rel" / "results.csv").read_bytes() == (tmp_path / "whole" / "results.csv").read_bytes()


def test_a_cube_with_nothing_left_is_one_line(files, gemeenten):
    from dataclasses import replace

    empty = replace(files, options=replace(files.options, period=(np.datetime64("1999-01-01").item(),
                                                                  np.datetime64("1999-12-31").item())))
    with pytest.raises(DataError, match=r"no incident is left|geen incident"):
        polygon_aggregation(empty, gemeenten, code_column="statcode", slots=Slots.interval("month"))


def test_partitions_through_readers_give_the_table_of_the_whole_file(export, parts, gemeenten_rd):
    settings = from_env()
    tables = []
    for source in (export, parts):
        opts = readers.Options(incidents=str(source), x="X-coordinaat", y="Y-coordinaat", date="Pleegdatum",
                               boundaries=[str(gemeenten_rd)], interval="year")
        tables.append(readers.figures(opts, levels=["gemeente"], settings=settings))
    one, split = tables
    pd.testing.assert_frame_equal(one.frame, split.frame)
    assert one.periods == split.periods == ("2021JJ00", "2022JJ00", "2023JJ00")
    assert split.aggregation is not None and len(split.aggregation.incidents["files"]) == PARTS


def test_types_are_asked_of_the_export_not_of_each_partition(export, tmp_path, gemeenten):
    """A partition without the rare type asked for is no reason to refuse the export (each file was asked before)."""
    from geo.errors import OptionError

    raw = pd.read_csv(export, sep=";", encoding="cp1252", dtype=str, keep_default_na=False)
    rare = raw["Maatschappelijke klasse"] == "Zakkenrollerij"
    folder = tmp_path / "by_type"
    folder.mkdir()
    raw[~rare].to_csv(folder / "part-0.csv", sep=";", index=False, encoding="cp1252")
    raw[rare].to_csv(folder / "part-1.csv", sep=";", index=False, encoding="cp1252")
    files = incident_files(folder, **COLUMNS, types=["zakkenrollerij"])
    whole = read_incidents(export, **COLUMNS, types=["Zakkenrollerij"])
    split = polygon_aggregation(files, gemeenten, code_column="statcode")
    assert split.frame["count"].tolist() == polygon_aggregation(whole, gemeenten, code_column="statcode"
                                                                ).frame["count"].tolist()
    assert split.filtered["type"] == whole.filtered["type"] > 10_000 and split.counted + split.outside == len(whole)
    # A type that no file holds is still one line, naming the types there are.
    with pytest.raises(OptionError, match="Zakkenrollerij"):
        grid_aggregation(incident_files(folder, **COLUMNS, types=["Zakenrollerij"]), cell=1000)
