"""benchmarks/bench_dask.py runs small: partitions counted in process and on a local 2-worker cluster, equal."""

from __future__ import annotations

import pytest

pytest.importorskip("distributed", reason="dask[distributed] is not installed")


def test_benchmark_runs_small(capsys):
    from benchmarks import bench_dask

    times = bench_dask.main(["--n", "30000", "--parts", "3", "--polygons", "200", "--repeat", "1"])
    out = capsys.readouterr().out
    assert out.count("same results: yes") == 2 and "NO" not in out.replace("NOT within", "")
    assert set(times) == {"grid_in_process", "grid_cluster", "polygons_in_process", "polygons_cluster"}
    assert all(len(v) == 1 and v[0] > 0 for v in times.values())
