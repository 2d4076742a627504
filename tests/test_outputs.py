"""Outputs never destroy anything: earlier results are replaced as a whole, never mixed, never left half."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from geo import outputs
from geo.errors import OutputError
from tests.conftest import run_cli


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def write(folder: Path, version: str) -> list[Path]:
    return outputs.write_together(folder, {"a.txt": lambda p: p.write_text(version), "b.txt": lambda p: p.write_text(
        version * 2)})


def test_results_are_replaced_as_a_whole(tmp_path):
    out = tmp_path / "out"
    write(out, "one")
    before = snapshot(out)
    assert set(before) == {"a.txt", "b.txt", outputs.MANIFEST}

    def broken(path: Path) -> None:
        raise OSError(28, "No space left on device")

    with pytest.raises(OutputError,
                       match=r"b.txt kan niet geschreven worden \(No space left on device\); er is niets veranderd"):
        outputs.write_together(out, {"a.txt": lambda p: p.write_text("two"), "b.txt": broken})
    assert snapshot(out) == before
    assert not list(tmp_path.glob(".out.vmgeo-*")), "a staging folder was left behind"
    write(out, "three")
    assert (out / "a.txt").read_text() == "three" and (out / "b.txt").read_text() == "threethree"


def test_a_run_that_writes_fewer_files_leaves_none_of_the_old_ones(tmp_path):
    out = tmp_path / "out"
    outputs.write_together(out, {"a.txt": lambda p: p.write_text("1"), "old.csv": lambda p: p.write_text("1")})
    outputs.write_together(out, {"a.txt": lambda p: p.write_text("2")})
    assert set(snapshot(out)) == {"a.txt", outputs.MANIFEST}


def test_foreign_files_are_refused_or_left_alone(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "notities.docx").write_text("mine")
    with pytest.raises(OutputError, match=r"bevat bestanden die vmgeo niet schreef \(notities.docx\).*--force"):
        write(out, "one")
    outputs.write_together(out, {"a.txt": lambda p: p.write_text("x")}, force=True)
    outputs.write_together(out, {"a.txt": lambda p: p.write_text("y")}, force=True)
    assert (out / "notities.docx").read_text() == "mine" and (out / "a.txt").read_text() == "y"


@pytest.mark.parametrize("name", ["map.html", "results.csv", "results.gpkg", "summary.json"])
def test_a_users_folder_in_place_of_an_output_is_refused_even_with_force(tmp_path, name):
    """A folder the user made where vmgeo wrote a file (its name in the manifest) is theirs: never replaced."""
    out = tmp_path / "out"
    writers = {n: (lambda p: p.write_text("old")) for n in ("map.html", "results.csv", "results.gpkg",
                                                             "summary.json")}
    outputs.write_together(out, writers)
    (out / name).unlink()
    (out / name).mkdir()
    (out / name / "mijn notities.txt").write_text("mine")
    before = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    with pytest.raises(OutputError, match=rf"bevat bestanden die vmgeo niet schreef \({name}\).*--force"):
        outputs.write_together(out, writers)
    with pytest.raises(OutputError, match=rf"bevat {name}, niet door vmgeo geschreven.*verplaats of hernoem"):
        outputs.write_together(out, writers, force=True)
    after = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before and not list(tmp_path.glob(".out.vmgeo-*"))


def test_a_users_file_inside_a_folder_vmgeo_wrote_makes_it_theirs(tmp_path):
    out = tmp_path / "out"
    writers = {"BT01/scan.html": lambda p: p.write_text("old"), "index.html": lambda p: p.write_text("old")}
    outputs.write_together(out, writers)
    (out / "BT01" / "opmerkingen.docx").write_text("mine")
    with pytest.raises(OutputError, match=r"bevat bestanden die vmgeo niet schreef \(BT01\)"):
        outputs.write_together(out, writers)
    with pytest.raises(OutputError, match=r"bevat BT01, niet door vmgeo geschreven"):
        outputs.write_together(out, writers, force=True)
    assert (out / "BT01" / "opmerkingen.docx").read_text() == "mine"
    # Without the user's file the folder is vmgeo's again, and replaced as a whole.
    (out / "BT01" / "opmerkingen.docx").unlink()
    outputs.write_together(out, {"BT01/scan.html": lambda p: p.write_text("new")})
    assert (out / "BT01" / "scan.html").read_text() == "new" and not (out / "index.html").exists()


def test_demo_refuses_a_folder_named_map_html_and_keeps_its_file(tmp_path):
    from tests.conftest import error_line

    out = tmp_path / "run"
    assert run_cli("demo", "--out", str(out), "--permutations", "9").returncode == 0
    (out / "map.html").unlink()
    (out / "map.html").mkdir()
    (out / "map.html" / "notes.txt").write_text("mine")
    before = sorted(p.relative_to(out).as_posix() for p in out.rglob("*"))
    for extra in ((), ("--force",)):
        run = run_cli("demo", "--out", str(out), "--permutations", "9", *extra)
        error_line(run, "map.html", "--out")
        assert (out / "map.html" / "notes.txt").read_text() == "mine"
        assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == before
        assert not list(tmp_path.glob(".run.vmgeo-*"))


def test_an_input_folder_is_refused(tmp_path):
    data = tmp_path / "data.csv"
    data.write_text("x")
    with pytest.raises(OutputError, match="is de map van de invoer"):
        outputs.check_out_dir(tmp_path, inputs=[data])


def test_killed_between_the_two_renames_the_old_results_come_back(tmp_path):
    out = tmp_path / "out"
    write(out, "old")
    before = snapshot(out)
    # What a run killed between "old folder aside" and "new folder in" leaves behind.
    aside = tmp_path / ".out.vmgeo-old-abc"
    os.rename(out, aside)
    (tmp_path / ".out.vmgeo-new-def").mkdir()
    outputs._recover(out)
    assert snapshot(out) == before and not list(tmp_path.glob(".out.vmgeo-*"))


def test_two_runs_on_one_folder_never_mix(tmp_path):
    """Two demo runs with different regions write the same --out at once: the result is one run's, whole."""
    out = tmp_path / "out"
    # --min-count 0: every count written as it is, so that each file can be traced to its region.
    commands = [[sys.executable, "-m", "geo.cli", "demo", "--out", str(out), "--permutations", "99", "--min-count",
                 "0", "--region-seed", str(seed)] for seed in (1, 2)]
    processes = [subprocess.Popen(c, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for c in commands]
    results = [p.communicate(timeout=300) for p in processes]
    assert all(p.returncode == 0 for p in processes), results
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    seed = summary["inputs"]["region_seed"]
    from geo.demo import make_region

    # Every file in the folder belongs to the run the summary describes.
    expected = make_region(seed=seed).table
    written = pd.read_csv(out / "demo_data.csv")
    assert written["misdrijven"].tolist() == expected["misdrijven"].tolist()
    results_csv = pd.read_csv(out / "results.csv")
    assert results_csv["value"].tolist() == expected["misdrijven"].astype(float).tolist()
    assert not list(tmp_path.glob(".out.vmgeo-*"))


def wait_for_sigterm_handler(pid: int, timeout: float = 60.0) -> None:
    """Wait until process ``pid`` catches SIGTERM (Linux: the SigCgt mask in /proc/PID/status)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = Path(f"/proc/{pid}/status").read_text()
        caught = int(next(line.split()[1] for line in status.splitlines() if line.startswith("SigCgt:")), 16)
        if caught & (1 << (signal.SIGTERM - 1)):
            return
        time.sleep(0.05)
    raise AssertionError(f"process {pid} did not install its SIGTERM handler within {timeout:g} s")


def test_sigterm_leaves_the_earlier_results_and_no_staging(tmp_path):
    out = tmp_path / "out"
    assert run_cli("demo", "--out", str(out), "--permutations", "9").returncode == 0
    before = snapshot(out)
    process = subprocess.Popen([sys.executable, "-m", "geo.cli", "demo", "--out", str(out), "--permutations",
                                "999999", "--region-seed", "5"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    # Signal once vmgeo handles SIGTERM (before that, on a busy machine, the signal would find a
    # process still importing, which ends as any process does), and a moment into its work.
    wait_for_sigterm_handler(process.pid)
    time.sleep(1)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130 and "onderbroken; er is niets geschreven" in err and "Traceback" not in err
    assert snapshot(out) == before
    assert not list(tmp_path.glob(".out.vmgeo-*"))


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_stop_request_python_dropped_still_publishes_nothing(tmp_path):
    """SIGTERM's exception can land in a callback, where Python prints and drops it; the run must not publish."""
    from geo import _interrupt
    from geo._files import atomic_path
    from geo.outputs import write_together

    class Callback:
        def __del__(self) -> None:
            _interrupt.request()

    Callback()  # dropped: "Exception ignored in ... Callback.__del__", and the code here goes on
    try:
        out = tmp_path / "out"
        with pytest.raises(_interrupt.Interrupted):
            write_together(out, {"a.csv": lambda p: p.write_text("a\n1\n", encoding="utf-8")})
        with pytest.raises(_interrupt.Interrupted), atomic_path(tmp_path / "map.html") as tmp:
            tmp.write_text("<html></html>", encoding="utf-8")
        assert {p.name for p in tmp_path.iterdir()} <= {".out.vmgeo.lock"}
    finally:
        _interrupt.reset()


def test_a_stopped_run_leaves_no_stop_request_behind(tmp_path, monkeypatch):
    """After a run that was asked to stop, the next run in the same process publishes as usual."""
    import signal

    from geo import _interrupt
    from geo.cli import demo

    before = signal.getsignal(signal.SIGTERM)
    real = demo.run

    def stopped(args):
        _interrupt.request()  # what the SIGTERM handler does

    monkeypatch.setattr(demo, "run", stopped)
    first = run_cli("demo", "--out", str(tmp_path / "a"), "--permutations", "9")
    assert first.returncode == 130 and "onderbroken" in first.stderr
    assert signal.getsignal(signal.SIGTERM) is before and not _interrupt._requested
    monkeypatch.setattr(demo, "run", real)
    second = run_cli("demo", "--out", str(tmp_path / "b"), "--permutations", "9")
    assert second.returncode == 0, second.stderr
    assert (tmp_path / "b" / "summary.json").is_file()


# --- The vectorised formula guard against the cell-by-cell one it replaces (issue 18) ---------------------------

def _scalar_safe_cell(value):
    """safe_cell's rule, the reference: text starting with = + - @ tab or CR gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(("=", "+", "-", "@", "\t", "\r")):
        return "'" + value
    return value


_TEXTS = ["Amsterdam", "=HYPERLINK(\"http://x\")", "+31 20", "-1+1", "@SUM(A1)", "\tx", "\rx", "'=a", " =a", "",
          "a=b", "Hot spot (99%)", "\u00e9=", "=", "-", "Súdwest-Fryslân", "\n=x", "\u200b=x", None, float("nan"),
          pd.NA]


@pytest.mark.parametrize("dtype", [object, "str"])
def test_safe_cells_equal_the_cell_by_cell_rule(dtype):
    import random

    from geo.outputs import FORMULA_STARTS, safe_cells

    assert FORMULA_STARTS == ("=", "+", "-", "@", "\t", "\r")  # the rule the reference spells out
    rng = random.Random(18)
    samples = [[t] for t in _TEXTS] + [[rng.choice(_TEXTS) for _ in range(n)] for n in (2, 7, 50) for _ in range(20)]
    samples += [[None, None], ["a", 1, "=b", 2.5, None], [1, 2], [-1.0, "-1"]]
    for sample in samples:
        try:
            column = pd.Series(sample, dtype=dtype, index=range(5, 5 + len(sample)), name="name")
        except (TypeError, ValueError):
            continue  # numbers cannot be a "str" column
        pd.testing.assert_series_equal(safe_cells(column), column.map(_scalar_safe_cell))
    assert safe_cells(pd.Series([], dtype=object)).tolist() == []
