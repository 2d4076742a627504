"""The benchmarks of wide distance bands and of the national grid run once at a small size; none asserts a time."""

from __future__ import annotations


def test_scale_benchmark_runs_small(capsys):
    from benchmarks import bench_scale

    # 24 x 24 squares of 100 m and a 500 m band: up to 80 neighbours, above the 64 of the old sampler.
    result = bench_scale.main(["--side", "24", "--band", "500", "--permutations", "19"])
    printed = capsys.readouterr().out
    assert "ratio time vmgeo/esda" in printed and "statistics equal to esda's: True" in printed, printed
    assert result["ours"] > 0 and result["peer"] > 0 and result["before"] > 0


def test_national_benchmark_runs_small(capsys):
    from benchmarks import bench_national

    result = bench_national.main(["--squares", "3000", "--permutations", "19"])
    printed = capsys.readouterr().out
    assert "ratio vmgeo/pygeoda time" in printed and "goal applies at 400,000 squares" in printed, printed
    assert result["squares"] == 3000 and result["ours_mb"] > 0 and result["peer_mb"] > 0


def test_national_benchmark_runs_a_small_series(capsys):
    from benchmarks import bench_national

    result = bench_national.main(["--squares", "2000", "--permutations", "19", "--periods", "3", "--no-peer"])
    printed = capsys.readouterr().out
    assert "periods: 3" in printed and result["ours"] > 0, printed


def test_national_squares_are_distinct_and_clustered():
    import numpy as np

    from benchmarks.bench_national import national_squares

    ix, iy, people = national_squares(20_000)
    keys = ix * 10_000 + iy
    assert len(np.unique(keys)) == 20_000 and (people > 0).all()
    # Towns, not a rectangle: the squares fill a small part of their bounding box.
    assert 20_000 / ((np.ptp(ix) + 1) * (np.ptp(iy) + 1)) < 0.01


def test_dask_benchmark_runs_scale_auto_small(capsys):
    import pytest

    pytest.importorskip("distributed", reason="dask[distributed] is not installed")
    from benchmarks import bench_dask

    times = bench_dask.main(["--n", "20000", "--parts", "3", "--polygons", "100", "--repeat", "1",
                             "--targets", "scale"])
    out = capsys.readouterr().out
    # The same choices and counts in process and on the cluster, and each phase printed.
    assert "same results: yes" in out and "coordinates" in out and "outliers" in out, out
    assert set(times) == {"scale_in_process", "scale_cluster"} and all(v[0] > 0 for v in times.values())


def test_h3_benchmark_runs_small(capsys):
    import pytest

    pytest.importorskip("h3", reason="h3 is not installed")
    from benchmarks import bench_h3

    times = bench_h3.main(["--n", "3000", "--resolutions", "8", "--side", "10000"])
    out = capsys.readouterr().out
    # Both sides counted every incident in the same hexagons, and the ratio and peak memory are printed.
    assert "H3 resolution  8" in out and "ratio time" in out and "peak" in out, out
    assert "0 hexagons differ" in out and "vmgeo 3,000, peer 3,000 counted" in out, out
    assert times["ours_8"] > 0 and times["peer_8"] > 0 and times["ours_8_mb"] > 0
