"""What the stand-in servers are built from, in one place: the fixture files, their readers, the national series.

tests/servers.py, tests/servers_years.py and tests/servers_scan.py read
tests/data only through :data:`FIXTURES` (a name for every file they use,
so that a file moved or replaced is changed here once), :func:`records`
and :func:`national` (the one parser of the national series per offence or
nuisance type and year).
"""

from __future__ import annotations

import csv
import json
import math
import random
from pathlib import Path
from typing import Any

#: Every file of tests/data the stand-in servers read, by the name they use for it.
FIXTURES: dict[str, str] = {
    # Registered brengdelicten and inhabitants per gemeente, 2023 (the reference file).
    "crimes": "cbs/gemeenten_brengdelicten2023_bevolking2024.csv",
    # 47018NED's metadata and code lists (police catalog).
    "47018NED_TableInfos": "cbs/47018NED_TableInfos.csv",
    "47018NED_DataProperties": "cbs/47018NED_DataProperties.csv",
    "47018NED_SoortMisdrijf": "cbs/47018NED_SoortMisdrijf.csv",
    "47018NED_Perioden": "cbs/47018NED_Perioden.csv",
    "regions": "mapping/47018NED_WijkenEnBuurten_indeling2024_trimmed.csv",
    # 85984NED: metadata and the buurt populations.
    "85984NED_TableInfos": "cbs/85984NED_TableInfos.csv",
    "85984NED_DataProperties": "cbs/85984NED_DataProperties.csv",
    "buurt_population": "cbs/85984NED_buurt_AantalInwoners_2024.csv",
    # Regions of the police tables (RegioS), the nuisance code list, the national series.
    "police_regions": "cbs/politie_RegioS_47025NED_47021NED.csv",
    "47021NED_Overlast": "cbs/47021NED_Overlast.csv",
    "national_crimes": "cbs/NL_misdrijven_per_soort_per_jaar_47025NED.csv",
    "national_nuisance": "cbs/NL_overlast_per_soort_per_jaar_47021NED.csv",
    # The Veiligheidsmonitor export (Nederland and provinces, 2013-2017; ';' and decimal commas).
    "vm_export": "cbs/VM_81877NED_statline-export_NL-provincie_2013-2017.csv",
    # gemeente -> provincie, veiligheidsregio, politie-eenheid.
    "gemeente_units": "mapping/gemeente_2023_provincie_veiligheidsregio_politie-eenheid.csv",
    # Boundaries.
    "gemeente_wgs84": "boundaries/gemeente_2023_wgs84.geojson",
    "gemeente_rd": "boundaries/gemeente_2023_rd.geojson",
    "provincie_wgs84": "boundaries/provincie_2023_wgs84_dissolved.geojson",
    "veiligheidsregio_wgs84": "boundaries/veiligheidsregio_2023_wgs84.geojson",
}


def fixture(data: Path, name: str) -> Path:
    """The path of fixture ``name`` (a key of :data:`FIXTURES`) under ``data`` (tests/data)."""
    return data / FIXTURES[name]


def records(data: Path, name: str) -> list[dict[str, str]]:
    """The rows of CSV fixture ``name``, as text (line ends inside a field read as ``\\n``, as they always were)."""
    with fixture(data, name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def geojson(data: Path, name: str) -> dict[str, Any]:
    """GeoJSON fixture ``name``, parsed."""
    return json.loads(fixture(data, name).read_text("utf-8"))


def national(data: Path, name: str, labels: dict[str, str]) -> dict[tuple[str, int], int]:
    """Real national counts per (key, year) from a national series (``national_crimes``, ``national_nuisance``).

    ``labels`` maps each key to the series' ``incident_type_code`` of that type
    (``{"1.1.1 ": "1.1.1 Diefstal/inbraak woning"}``).
    """
    out: dict[tuple[str, int], int] = {}
    for row in records(data, name):
        for key, label in labels.items():
            if row["incident_type_code"].strip() == label:
                out[(key, int(row["year"]))] = int(float(row["incident_count"]))
    return out


def poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw (normal approximation above 50, exact below), reproducible with ``rng``."""
    if mean <= 0:
        return 0
    if mean > 50:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1
