"""The statistics of the baseline scenarios stay what they were before the pipeline was restructured (issue 19).

The scenarios are the README's ``vmgeo hotspots`` commands that run offline
(against the stand-in servers or on tests/data) and ``vmgeo demo``. Their
``summary.json`` figures (Moran's I and its p, the LISA and Gi* counts per
category, and a digest of every area's category) were recorded from main
before the work began, into tests/baseline_summaries.json (beside this
module, not in tests/data: a recording is not reference data).

The Gi* figures sit in a block of their own (``gi``): issue 16 changes the
Gi* permutation to total randomisation on purpose, which changes Gi*
p-values and bins. Re-record exactly that block with::

    VMGEO_RECORD_BASELINE=gi python -m pytest -q -n 0 tests/test_baseline.py

(``VMGEO_RECORD_BASELINE=all`` records everything; only for a change of
statistics that is meant.)
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import TESTDATA, run_cli
from tests.servers import Content, FakeServer

FIXTURE = Path(__file__).with_name("baseline_summaries.json")
RECORD = os.environ.get("VMGEO_RECORD_BASELINE", "")

B = TESTDATA / "boundaries" / "gemeente_2023_rd.geojson"
CRIMES = TESTDATA / "cbs" / "gemeenten_brengdelicten2023_bevolking2024.csv"
MAPPING = TESTDATA / "mapping" / "gemeente_2023_provincie_veiligheidsregio_politie-eenheid.csv"

#: name -> (arguments after the command, whether the stand-in servers are needed).
SCENARIOS: dict[str, tuple[tuple[str, ...], bool]] = {
    # README, "What vmgeo hotspots does"
    "file": (("hotspots", "--boundaries", str(B), "--data", str(CRIMES), "--code-column", "nummer",
              "--value", "misdaad", "--population", "bevolking"), False),
    # README, "Figures straight from CBS and Politie"
    "politie": (("hotspots", "--level", "gemeente", "--year", "2023", "--data",
                 "politie:47018NED/GeregistreerdeMisdrijven_1", "--filter", "SoortMisdrijf=0.0.0", "--period", "2023",
                 "--population", "cbs:85984NED/AantalInwoners_5"), True),
    "indicator": (("hotspots", "--data", "woninginbraak", "--period", "2023", "--population", "inwoners"), True),
    # README, "Police units": regionale eenheden from a gemeente -> eenheid table
    "eenheden": (("hotspots", "--level", "eenheid", "--mapping", str(MAPPING), "--unit-column",
                  "politie_eenheid_code", "--unit-name-column", "politie_eenheid_naam", "--year", "2023", "--data",
                  "misdrijven", "--population", "inwoners"), True),
    # README, "Over the years"
    "series": (("hotspots", "--data", "misdrijven", "--period", "2012:2023", "--population", "inwoners"), True),
    # README, first lines
    "demo": (("demo",), False),
}


def figures(summary: dict[str, Any], results: Path) -> dict[str, Any]:
    """What is compared: the global test, the counts, and a digest of every area's categories."""
    rows = sorted(csv.DictReader(results.open(encoding="utf-8")), key=lambda r: r["code"])

    def digest(column: str) -> str:
        text = "\n".join(f"{r['code']}={r.get(column, '')}" for r in rows)
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    moran = summary["moran"]
    return {
        "main": {"n": summary["n"], "moran_I": round(moran["I"], 10), "moran_p": round(moran["p"], 10),
                 "moran_z_norm": round(moran["z_norm"], 8), "lisa": summary["lisa"],
                 "lisa_digest": digest("lisa_cluster")},
        "gi": {"gi_star": summary["gi_star"], "gi_digest": digest("gi_category")},
    }


@pytest.fixture(scope="module")
def server(testdata: Path):
    srv = FakeServer(Content(testdata)).start()
    yield srv
    srv.shutdown()
    srv.server_close()


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("baseline-cache")


def _results_csv(out: Path) -> Path:
    found = out / "results.csv"
    assert found.is_file(), sorted(p.name for p in out.iterdir())
    return found


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_baseline_statistics_are_unchanged(name: str, server: FakeServer, cache: Path, tmp_path: Path) -> None:
    args, remote = SCENARIOS[name]
    env = {"VMGEO_CBS_URL": f"{server.url}/cbs", "VMGEO_POLICE_URL": f"{server.url}/politie",
           "VMGEO_PDOK_URL": f"{server.url}/pdok", "VMGEO_CACHE_DIR": str(cache), "VMGEO_OFFLINE": "",
           "VMGEO_TIMEOUT": "10", "VMGEO_RETRIES": "1"} if remote else {}
    out = tmp_path / "out"
    run = run_cli(*args, "--out", str(out), env=env)
    assert run.returncode == 0, run.stderr
    got = figures(json.loads((out / "summary.json").read_text(encoding="utf-8")), _results_csv(out))
    recorded = json.loads(FIXTURE.read_text(encoding="utf-8")) if FIXTURE.exists() else {}
    if RECORD:
        blocks = ("main", "gi") if RECORD == "all" else (RECORD,)
        entry = recorded.setdefault(name, {})
        for block in blocks:
            entry[block] = got[block]
        FIXTURE.parent.mkdir(parents=True, exist_ok=True)
        FIXTURE.write_text(json.dumps(recorded, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        pytest.skip(f"recorded {', '.join(blocks)} of {name}")
    assert name in recorded, f"no baseline for {name}; record it on main with VMGEO_RECORD_BASELINE=all"
    assert got["main"] == recorded[name]["main"]
    assert got["gi"] == recorded[name]["gi"]
