"""The benchmarks measure their children with one runner (bench_national's was a near-copy of bench_end_to_end's)."""

from __future__ import annotations

from pathlib import Path


def test_the_runner_reports_wall_time_peak_memory_and_cpu_time(tmp_path):
    from benchmarks import bench_end_to_end

    script = tmp_path / "busy.py"
    # About 100 MB held and a little arithmetic: the peak and the CPU time must both show it.
    script.write_text("import numpy as np\nx = np.ones(13_000_000)\nprint(float(x.sum()))\n"
                      "print('x' * 200_000, file=__import__('sys').stderr)\n", encoding="utf-8")
    wall, peak, cpu = bench_end_to_end.measure([str(script)])
    assert wall > 0 and cpu > 0 and peak > 100
    assert bench_end_to_end.run([str(script)])[1] > 100


def test_a_failing_child_stops_the_benchmark_with_its_last_words(tmp_path):
    import pytest

    from benchmarks import bench_end_to_end

    script = tmp_path / "fails.py"
    script.write_text("raise ValueError('kapot')\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="kapot"):
        bench_end_to_end.measure([str(script)])


def test_the_national_benchmark_uses_the_shared_runner():
    from benchmarks import bench_end_to_end, bench_national

    assert bench_national.measure is bench_end_to_end.measure
    own = Path(bench_national.__file__).read_text(encoding="utf-8")
    assert "def measure" not in own and "def run(" not in own and "getrusage" not in own
