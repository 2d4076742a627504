"""Every benchmark runs once at a small size, so that it keeps working; none asserts a time."""

from __future__ import annotations


def test_end_to_end_benchmark_runs_small(capsys):
    from benchmarks import bench_end_to_end

    result = bench_end_to_end.main(["--n", "300", "--permutations", "19"])
    printed = capsys.readouterr().out
    assert "ratio vmgeo/peer time" in printed and "vmgeo hotspots (whole process)" in printed
    assert result["ours"] > 0 and result["ours_mb"] > 0 and result["peer_mb"] > 0


def test_incidents_benchmark_runs_small(capsys):
    from benchmarks import bench_incidents

    result = bench_incidents.main(["--n", "20000", "--polygons", "300"])
    out = capsys.readouterr().out
    assert "0 areas differ" in out and result["ours_grid"] > 0
