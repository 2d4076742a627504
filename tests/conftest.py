"""Shared fixtures: paths to the reference data and a runner for the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
#: Real reference data lives beside the repository, never inside it (see its SOURCES.md).
SHARED = Path(os.environ.get("VMGEO_SHARED_DATA", REPO.parent / "shared" / "data"))


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "SOURCES.md").exists():
        pytest.fail(f"reference data not found at {SHARED}; set VMGEO_SHARED_DATA to the shared/data folder")
    return SHARED


@pytest.fixture(scope="session")
def gemeenten_rd(shared: Path) -> Path:
    return shared / "boundaries" / "gemeente_2023_rd.geojson"


@pytest.fixture(scope="session")
def crimes_csv(shared: Path) -> Path:
    return shared / "cbs" / "gemeenten_brengdelicten2023_bevolking2024.csv"


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None
            ) -> subprocess.CompletedProcess[str]:
    """Run ``vmgeo`` in a child process, as a user would."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "geo.cli", *args],
        capture_output=True, text=True, cwd=cwd, env=env, timeout=600,
    )


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
