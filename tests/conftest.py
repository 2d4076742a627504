"""Shared fixtures: the reference data in tests/data, a runner for the CLI, headless Chromium."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import traceback
import warnings
from pathlib import Path

import pytest

from tests.browser import CHROMIUM_ARGS, chromium_path

REPO = Path(__file__).resolve().parents[1]
#: Small real extracts carried in the repository, so that a fresh clone runs the suite
#: (sources, derivations and licences in tests/data/README.md).
TESTDATA = REPO / "tests" / "data"
#: The start of vmgeo's one error line, in Dutch (the default) and English (--lang en).
ERROR_PREFIXES = ("vmgeo: fout:", "vmgeo: error:")
#: The start of the last-resort line of an error vmgeo did not foresee (exit 2), in both languages.
UNEXPECTED = ("vmgeo: onverwachte fout", "vmgeo: unexpected error")


@pytest.fixture(scope="session")
def testdata() -> Path:
    return TESTDATA


@pytest.fixture(scope="session")
def gemeenten_rd(testdata: Path) -> Path:
    return testdata / "boundaries" / "gemeente_2023_rd.geojson"


@pytest.fixture(scope="session")
def crimes_csv(testdata: Path) -> Path:
    return testdata / "cbs" / "gemeenten_brengdelicten2023_bevolking2024.csv"


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str | None] | None = None,
            process: bool = False) -> subprocess.CompletedProcess[str]:
    """Run ``vmgeo`` with ``args`` as a user would, and return what the shell would see.

    By default the command runs in this process (:func:`run_in_process`):
    interpreter start-up and the imports of geopandas, libpysal and WeasyPrint
    cost several seconds a run, which across the suite was most of its time.
    ``process=True`` runs it in a child process, for what only a process shows
    (signals, exit paths, two runs at once, start-up itself).
    """
    if not process:
        return run_in_process(*args, cwd=cwd, env=env)
    child_env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    for key, value in (env or {}).items():
        if value is None:
            child_env.pop(key, None)
        else:
            child_env[key] = value
    return subprocess.run(
        [sys.executable, "-m", "geo.cli", *args],
        capture_output=True, text=True, cwd=cwd, env=child_env, timeout=600,
    )


def run_in_process(*args: str, cwd: Path | None = None, env: dict[str, str | None] | None = None
                   ) -> subprocess.CompletedProcess[str]:
    """Run ``vmgeo`` in this process as the console script would, with ``env`` set for the run.

    Warnings behave as they do for a user (shown on stderr, not turned into
    errors by pytest's filters); argparse's exits are caught as the shell sees
    them; an exception that escapes ``main()`` is printed as the interpreter
    would, with exit status 2. The environment, working folder and the "geo"
    logger are restored afterwards.
    """
    import logging

    from geo.cli import main

    out, err = io.StringIO(), io.StringIO()
    saved_env, saved_cwd = dict(os.environ), os.getcwd()
    log = logging.getLogger("geo")
    logging_before = (list(log.handlers), log.level, log.propagate)
    for key, value in (env or {}).items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
    try:
        if cwd is not None:
            os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), warnings.catch_warnings():
            # Python's own defaults for a script: warnings shown once per place, deprecations hidden.
            warnings.simplefilter("default")
            for category in (DeprecationWarning, PendingDeprecationWarning, ImportWarning, ResourceWarning):
                warnings.simplefilter("ignore", category)
            # ... and printed on stderr, as the interpreter does (pytest would otherwise collect them).
            warnings.showwarning = lambda message, category, filename, lineno, file=None, line=None: err.write(
                warnings.formatwarning(message, category, filename, lineno, line))
            try:
                code = main(list(args))
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            except Exception:  # what the interpreter would print for an exception that escaped main()
                traceback.print_exc(file=err)
                code = 2
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
        # main() points the "geo" logger at this run's stderr; later tests in this process expect it as it was.
        log.handlers[:], log.level, log.propagate = logging_before
    return subprocess.CompletedProcess(["vmgeo", *args], code, out.getvalue(), err.getvalue())


def write_partitions(export: Path, folder: Path, parts: int = 3, *, dealt: bool = False) -> Path:
    """The rows of a synthetic export (cp1252, ``;``) as ``parts`` CSV files ``part-0.csv``... in ``folder``.

    Consecutive rows per file, as months arrive; ``dealt``: round-robin, the same incidents in another order.
    """
    import numpy as np
    import pandas as pd

    folder.mkdir(parents=True, exist_ok=True)
    raw = pd.read_csv(export, sep=";", encoding="cp1252", dtype=str, keep_default_na=False)
    pieces = ([np.arange(i, len(raw), parts) for i in range(parts)] if dealt
              else np.array_split(np.arange(len(raw)), parts))
    for i, piece in enumerate(pieces):
        raw.iloc[piece].to_csv(folder / f"part-{i}.csv", sep=";", index=False, encoding="cp1252")
    return folder


def error_line(run: subprocess.CompletedProcess[str], *words: str) -> str:
    """The one ``vmgeo: fout:`` line (``error:`` with --lang en) of a failed run, containing every word.

    Checks what every failure owes the user: exit status 1, exactly one error
    line, and no traceback.
    """
    assert run.returncode == 1, (run.returncode, run.stdout, run.stderr)
    lines = [line for line in run.stderr.splitlines() if line.startswith(ERROR_PREFIXES)]
    assert len(lines) == 1 and "Traceback" not in run.stderr, run.stderr
    for word in words:
        assert word in lines[0], (word, lines[0])
    return lines[0]


def assert_clean_failure(run: subprocess.CompletedProcess[str], out: Path, *words: str) -> str:
    """:func:`error_line`, and nothing written in ``out`` (a folder or a file)."""
    line = error_line(run, *words)
    if out.is_dir():
        assert not any(out.iterdir()), list(out.iterdir())
    else:
        assert not out.exists(), out
    # Staging of a file (.vmgeo-NAME.*) and of a folder (.NAME.vmgeo-new-*, .NAME.vmgeo-old-*).
    left = [*out.parent.glob(".vmgeo-*"), *out.parent.glob(f".{out.name}.vmgeo-new-*"),
            *out.parent.glob(f".{out.name}.vmgeo-old-*")]
    assert not left, f"staging files left behind: {left}"
    return line


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture(scope="session")
def small_region():
    """A small synthetic region (60 buurten) for fast end-to-end and bad-input tests."""
    from geo.demo import make_region

    return make_region(seed=7, n=60, wijken=4)


@pytest.fixture
def region_files(tmp_path: Path, small_region):
    """The small region written as a GeoPackage and a CSV; returns (boundaries, data)."""
    b = tmp_path / "buurten.gpkg"
    d = tmp_path / "data.csv"
    small_region.boundaries.to_file(b, layer="buurten", driver="GPKG", engine="pyogrio")
    small_region.table.to_csv(d, index=False)
    return b, d


#: Why a browser test did not run; one line, so that ``-ra`` shows it in the summary.
NO_CHROMIUM = "Chromium not found: apt-get install chromium"


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium through Playwright, one per test module.

    Without Chromium a developer's run skips the browser tests; CI sets
    VMGEO_REQUIRE_BROWSER=1 so that a missing browser fails instead of passing quietly.
    """
    path = chromium_path()
    if path is None:
        if os.environ.get("VMGEO_REQUIRE_BROWSER") == "1":
            pytest.fail(NO_CHROMIUM, pytrace=False)
        pytest.skip(NO_CHROMIUM)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield b
        b.close()


#: Modules that take longest, run first: pytest-xdist hands out whole modules in collection
#: order, and a long module handed out last keeps one worker busy after the others are done.
SLOW_FIRST = ("test_scan.py", "test_scan_units.py", "test_faults.py", "test_engine.py", "test_years.py", "test_map.py",
              "test_properties.py", "test_corpus.py")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        name = item.path.name
        return SLOW_FIRST.index(name) if name in SLOW_FIRST else len(SLOW_FIRST)

    items.sort(key=rank)  # stable: the order inside a module is kept
