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


def test_density_cube_benchmark_runs_small(capsys):
    from benchmarks import bench_density_cube

    found = bench_density_cube.main(["--incidents", "5000", "--side", "4", "--peer-months", "2"])
    out = capsys.readouterr().out
    assert "ratio of time" in out and found["ours"]["periods"] == 144 and found["peer"]["periods"] == 2
    assert 0 < found["ours"]["values"] <= found["ours"]["rows"] * 144 and found["ours"]["gpkg_mb"] > 0
