"""``vmgeo demo --incidents`` writes an export ``vmgeo trend --incidents`` can run on (issue 18).

The warning judges the latest month against the same months of the three years before: 37 months, 39 with
``--months 3``. The demo's 2021-2023 held 36 and was refused; the demo now adds 2020, after the rows of
2021-2023 and from random streams of its own, so those rows are byte for byte what they were.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from geo.demo import INCIDENTS_N, INCIDENTS_YEARS, write_incident_inputs
from geo.incidents import read_incidents, synthetic_export
from geo.settings import DEFAULT_SEED
from tests.conftest import run_cli


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo") / "run"
    run = run_cli("demo", "--incidents", "--out", str(out), "--permutations", "99", "--lang", "en")
    assert run.returncode == 0, run.stderr
    return out


def test_the_rows_of_2021_to_2023_are_those_of_the_export_without_2020(tmp_path):
    made = write_incident_inputs(tmp_path, seed=DEFAULT_SEED)
    old = synthetic_export(tmp_path / "old.csv", n=INCIDENTS_N, seed=DEFAULT_SEED, years=INCIDENTS_YEARS)
    new_lines = made.export.read_bytes().split(b"\r\n")
    old_lines = old.read_bytes().split(b"\r\n")
    assert old_lines[-1] == b"" and new_lines[: len(old_lines) - 1] == old_lines[:-1]
    # What follows is 2020, at the rate per day of 2021-2023, and numbered on.
    added = pd.read_csv(made.export, sep=";", encoding="cp1252", dtype=str, skiprows=range(1, INCIDENTS_N + 1))
    assert set(added["Pleegdatum"].str[-4:]) == {"2020"}
    assert len(added) == round(INCIDENTS_N * 366 / (365 * 3))
    assert added["Registratienummer"].iloc[0] == f"PL{INCIDENTS_N + 1:09d}"
    # Every row is usable: a point drawn in the sea or abroad was drawn again.
    incidents = read_incidents(made.export, x=made.columns["x"], y=made.columns["y"], date=made.columns["date"])
    assert len(incidents) == incidents.read == INCIDENTS_N + len(added)


@pytest.mark.parametrize("months", ["1", "3"])
def test_trend_runs_on_the_demo_export(demo, tmp_path, months):
    """Before: 'the export lacks 1 of the 37 months the warning needs (2020-12)'; now a table of warnings."""
    summary = json.loads((demo / "summary.json").read_text(encoding="utf-8"))
    columns = {k: summary["inputs"][k] for k in ("x", "y", "date", "type")}
    out = tmp_path / "trend"
    run = run_cli("trend", "--incidents", str(demo / "demo_incidenten.csv"), "--x", columns["x"], "--y", columns["y"],
                  "--date", columns["date"], "--type", columns["type"], "--grid", "500",
                  "--boundaries", str(demo / "demo_studiegebied.gpkg"), "--months", months, "--out", str(out),
                  "--lang", "en")
    assert run.returncode == 0, run.stderr
    table = pd.read_csv(out / "trend.csv", dtype={"code": str})
    # Every 500 m square of the 6 km study area with incidents, per crime type; the month judged is the last.
    assert len(table) > 100 and table["code"].str.match(r"E\d{4}N\d{4}$").all()
    assert set(table["crime"]) == {"Woninginbraak", "Fietsendiefstal", "Zakkenrollerij", "Geweldsmisdrijven",
                                   "Vernieling"}
    assert set(table["months"]) == ({"2023-12"} if months == "1" else {"2023-10..2023-12"})
    assert table["flagged"].dtype == bool
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["incidents"]["used"] == summary["incidents"]["read"] > 60_000
