"""More of the stand-in police catalog: registrations over the years (47018NED) and by month (47022NED).

What is real and what is not, stated once:

- **Real**: the national totals per offence type and year 2012-2023 (47025NED, NL00 rows), the
  registered *brengdelicten* per gemeente in 2023 (served, as before, as SoortMisdrijf 0.0.0), the
  code lists and table metadata of 47018NED.
- **Synthetic** (marked in the table titles and here): every other gemeente figure. A gemeente's
  count of a type in a year is its real share of the 2023 total times the real national count of
  that type and year, with Poisson noise from a fixed seed; the monthly table spreads those over
  the months with a mild seasonal pattern, at one level for every year (the mean of 2012-2023) so
  that the planted cases are the only departures. 47022NED's structure follows 47018NED's with month keys
  (``2023MM01``), as code that queries the real table shows; its metadata was not seen.

Planted in the monthly table, for the early-warning tests (gemeenten of eenheid RE01 only, to
keep it small):

- ``RISE``: woninginbraak (1.1.1) in GM0014 Groningen rises to three times its usual count in
  September 2023;
- ``SEASONAL``: fietsendiefstal (1.2.3) in GM0080 Leeuwarden is three times its usual count in
  every September (a peak that is expected, so it must not be flagged).
"""

from __future__ import annotations

import random
from collections import defaultdict
from pathlib import Path
from typing import Any

from tests.servers_data import national as national_series
from tests.servers_data import poisson, records

YEARS = list(range(2012, 2024))
TYPES = {"0.0.0 ": "Totaal misdrijven", "1.1.1 ": "1.1.1 Diefstal/inbraak woning",
         "1.2.3 ": "1.2.3 Diefstal van brom-, snor-, fietsen", "1.4.5 ": "1.4.5 Mishandeling",
         "2.2.1 ": "2.2.1 Vernieling cq. zaakbeschadiging"}
#: Planted cases of the monthly table: (gemeente, type, month of the year, factor, years it applies to).
RISE = ("GM0014", "1.1.1 ", 9, 3.0, (2023,))
SEASONAL = ("GM0080", "1.2.3 ", 9, 3.0, tuple(YEARS))
MONTHLY_EENHEID = "RE01"


def national(data: Path) -> dict[tuple[str, int], int]:
    """Real national counts per (type key, year) of :data:`TYPES`, from 47025NED."""
    return national_series(data, "national_crimes", TYPES)


def annual_rows(data: Path, crimes: list[dict[str, str]]) -> list[dict[str, Any]]:
    """47018NED rows for every gemeente, type and year (the 2023 total stays the real brengdelicten)."""
    rng = random.Random(47018)
    totals = national(data)
    real = {f"GM{r['nummer']:0>4}": int(r["misdaad"]) for r in crimes}
    share = {code: n / sum(real.values()) for code, n in real.items()}
    rows = []
    for key in TYPES:
        for year in YEARS:
            if key == "0.0.0 " and year == 2023:
                continue  # the real rows, served by tests/servers.py
            for code, s in share.items():
                count = poisson(rng, s * totals.get((key, year), 0))
                rows.append({"SoortMisdrijf": key, "WijkenEnBuurten": code.ljust(10), "Perioden": f"{year}JJ00",
                             "GeregistreerdeMisdrijven_1": count})
            rows.append({"SoortMisdrijf": key, "WijkenEnBuurten": "NL00      ", "Perioden": f"{year}JJ00",
                         "GeregistreerdeMisdrijven_1": totals.get((key, year))})
    return rows


def monthly_table(data: Path, crimes: list[dict[str, str]], metadata: dict[str, Any]) -> dict[str, Any]:
    """47022NED: the gemeenten of eenheid RE01 by month, 2012-2023, with the planted cases."""
    rng = random.Random(47022)
    totals = national(data)
    real = {f"GM{r['nummer']:0>4}": int(r["misdaad"]) for r in crimes}
    share = {code: n / sum(real.values()) for code, n in real.items()}
    members = [r["gemeentecode"] for r in records(data, "gemeente_units")
               if r["politie_eenheid_code"] == MONTHLY_EENHEID]
    # A mild season: more in autumn and winter, as burglary and bicycle theft are.
    season = [1.05, 0.95, 0.95, 0.9, 0.9, 0.9, 0.95, 1.0, 1.05, 1.1, 1.15, 1.1]
    planted: dict[tuple[str, str, int, int], float] = defaultdict(lambda: 1.0)
    for code, key, month, factor, years in (RISE, SEASONAL):
        for year in years:
            planted[(code, key, year, month)] = factor
    rows = []
    for key in TYPES:
        # One level for every year: the planted cases are the only departures from the usual pattern, so the
        # early-warning tests are not confounded by the national trend (2020-2021 were low years).
        level = sum(totals.get((key, year), 0) for year in YEARS) / len(YEARS)
        for year in YEARS:
            for code in members:
                mean_year = share[code] * level
                for month in range(1, 13):
                    mean = mean_year / 12 * season[month - 1] * planted[(code, key, year, month)]
                    rows.append({"SoortMisdrijf": key, "WijkenEnBuurten": code.ljust(10),
                                 "Perioden": f"{year}MM{month:02d}",
                                 "GeregistreerdeMisdrijven_1": poisson(rng, mean)})
    for i, row in enumerate(rows):
        row["ID"] = i
    info = dict(metadata["TableInfos"][0])
    info.update(Identifier="47022NED", Title="Geregistreerde misdrijven; soort misdrijf, wijk, buurt, maandcijfers "
                                             "(test server: synthetic figures)", Period="2012-2023")
    months = [{"Key": f"{y}MM{m:02d}", "Title": f"{y} maand {m}", "Description": "", "Status": "Definitief"}
              for y in YEARS for m in range(1, 13)]
    return {"TableInfos": [info], "DataProperties": metadata["DataProperties"],
            "SoortMisdrijf": metadata["SoortMisdrijf"], "Perioden": months,
            "WijkenEnBuurten": metadata["WijkenEnBuurten"], "TypedDataSet": rows}
