"""The stand-in server's tables for the gebiedsscan: Veiligheidsmonitor, overlast, kerncijfers, wijken.

What is real and what is not, stated once (the table titles say it too):

- **85146NED** (Veiligheidsmonitor, kerncijfers per regio; CBS catalog). Its structure follows
  what public code shows of the real table (``Marges`` with MW00000/MOG0095/MBG0095, ``RegioS``,
  ``Perioden``, topics in topic groups). **Real**: the figures of Nederland and the twelve
  provinces for 2013-2017 of the four measures in the StatLine export of 81877NED
  (tests/data/cbs/VM_81877NED_...csv): feeling unsafe in general and in the own neighbourhood,
  "thinks there is much crime in the neighbourhood" and the report mark for safety. The export
  has no margins, so those rows are MW00000 only, as CBS serves a figure whose margin it does
  not publish. The real 85146NED starts with the 2021 edition; the older real figures are served
  in it so that a series shows real values where there are any. **Synthetic**: every 2021 and
  2023 figure, for Nederland, the provinces, the ten eenheden (RE01-RE10), the gemeenten of
  70,000 inhabitants or more (real 2024 populations) and, as if 's-Gravenhage had bought an
  extra sample, its wijken. They follow a latent score from each region's (partly synthetic)
  registered crime rate, with noise from a fixed seed; the margins are those of a simple random
  sample of a plausible size (victims only, for the share of victims who reported; larger for large
  gemeenten). That size is published as ``OngewogenAantalRespondenten_2`` ("Ongewogen aantal
  respondenten", value row only) for every region of the 2021 and 2023 editions but the wijken, so
  that a scan meets regions with and without a sample size; the real table's name for it (if any) was
  not seen. Measure keys
  carry the suffixes of another edition than geo/indicators.toml names for two measures
  (``VoeltZichWeleensOnveilig_47``, ``ErvaartEenOfMeerVormenVanOverlast_22``), so that the scan
  must match keys by their name stem, as it must against the real table.
- **47021NED** (registered nuisance; police catalog). **Real**: the code lists (Overlast, RegioS)
  and the national totals per type and year 2012-2023 (NL01 rows, from
  tests/data/cbs/NL_overlast_per_soort_per_jaar_47021NED.csv). **Synthetic**: every gemeente row
  (the gemeente's real share of the 2023 brengdelicten times the real national count, Poisson
  noise) and the eenheid rows (sums of their gemeenten by the derived gemeente -> eenheid table).
  The structure (Overlast, RegioS, Perioden, GeregistreerdeOverlast_1) is the one seen in public
  code; the metadata of the real table was not seen.
- **47018NED** gains rows: violent offence types 1.4.3, 1.4.4, 1.4.6 and 1.4.7 (real national
  totals from 47025NED, synthetic gemeenten, as tests/servers_years.py does for the other types)
  and, synthetic, every offence type the scan asks for and every year for the wijken of
  's-Gravenhage (GM0518) and Roermond (GM0957): each gemeente count split over its wijken by their
  real 2024 population, with planted hot spots (the wijk called Centrum and its neighbours at three
  times the rate). Not the total (0.0.0): other tests count its rows, and a table without a wijk
  total is a case the scan must handle anyway.
- **85984NED** gains two topics on every row, both **synthetic**: ``k_0Tot15Jaar_8`` (12-19 % of
  the real inhabitants) and ``MateVanStedelijkheid_117``, a class from inhabitants per km2 of the
  generalised gemeente polygon (or of the synthetic wijk polygon) with CBS's class bounds; CBS
  uses addresses per km2 instead, which are not in tests/data.
- **PDOK wijken** (``wijken-en-buurten-{year}/.../collections/wijken``): **synthetic** polygons
  for the wijken of GM0518 and GM0957, Voronoi cells of seeds in the real generalised gemeente
  polygon, clipped to it, carrying the real wijk codes and names of the trimmed 47018NED region
  list (tests/data/mapping). They are not the real wijk borders. Served for the years in
  :data:`WIJK_YEARS` (``FakeServer(wijk_years=...)`` changes them); another year is an HTTP 404,
  as PDOK answers for a wijk- en buurtkaart it does not publish.

Everything is computed once per server (about a second) and served from memory.
"""

from __future__ import annotations

import csv
import math
import random
from collections import defaultdict
from pathlib import Path
from typing import Any

from tests.servers_data import fixture, geojson, national, poisson, records

VM_TABLE = "85146NED"
#: Years of real national and provincial figures (81877NED export) and of the synthetic editions.
VM_REAL_YEARS = (2013, 2014, 2015, 2016, 2017)
VM_YEARS = (2021, 2023)
#: Gemeenten with their own Veiligheidsmonitor sample: this many inhabitants or more (2024).
VM_MIN_INHABITANTS = 70_000
#: Gemeenten whose wijken the server has (synthetic polygons and figures); VM_WIJKEN also has wijk VM figures.
WIJK_GEMEENTEN = ("GM0518", "GM0957")
#: Years of the wijk- en buurtkaart the server publishes (its wijk polygons); other years answer HTTP 404.
WIJK_YEARS = (2023,)
VM_WIJKEN = "GM0518"
#: Wijk names (from the region list) whose wijk and Voronoi neighbours get three times the crime rate.
PLANTED_HOT = {"GM0518": "Wijk 28 Centrum", "GM0957": "Wijk 00 Centrum"}
YEARS = list(range(2012, 2024))
VIOLENCE = {"1.4.3 ": "1.4.3 Openlijk geweld (persoon)", "1.4.4 ": "1.4.4 Bedreiging",
            "1.4.6 ": "1.4.6 Straatroof", "1.4.7 ": "1.4.7 Overval"}
#: Offence types served for wijken: every one the scan asks for except the total, whose 2023 rows other
#: tests count (343: the gemeenten and the country), so that the scan shows what it does without it.
WIJK_TYPES = ("1.1.1 ", "1.2.3 ", "1.4.3 ", "1.4.4 ", "1.4.5 ", "1.4.6 ", "1.4.7 ", "2.2.1 ")
NUISANCE = {"0.0.0 ": "Totaal registraties overlast", "E33   ": "Overlast door verward persoon",
            "E35   ": "Melding overlast jeugd"}

# One Veiligheidsmonitor measure: key (this edition), topic group, title, unit, synthetic national
# level in 2023 and 2021, change per unit of the latent crime score, and its sample: "all"
# respondents or the victims of a kind (the key of that kind's victim measure).
VM_GROUPS = {
    "beleving": "Veiligheidsbeleving", "overlast": "Overlast in de buurt", "inbraak": "Inbraak in woning",
    "fiets": "Fietsdiefstal", "vernieling": "Vernieling", "mishandeling": "Mishandeling",
    "oordeel": "Oordeel gemeente en politie",
    "steekproef": "Steekproef",
}
#: The synthetic sample size, published for some regions (see the module's docstring).
VM_RESPONDENTS = ("OngewogenAantalRespondenten_2", "Ongewogen aantal respondenten")
VM_MEASURES: list[tuple[str, str, str, str, float, float, float, str]] = [
    ("VoeltZichWeleensOnveilig_47", "beleving", "Voelt zich weleens onveilig", "%", 32.0, 33.5, 4.0, "all"),
    ("VoeltZichWeleensOnveiligInBuurt_50", "beleving", "Voelt zich weleens onveilig in buurt", "%", 17.5, 18.2,
     5.0, "all"),
    ("DenktDatErVeelCriminaliteitInBuurt_57", "beleving", "Denkt dat er veel criminaliteit in buurt", "%", 8.5,
     9.0, 4.0, "all"),
    ("RapportcijferVeiligheidInBuurt_60", "beleving", "Rapportcijfer veiligheid in buurt", "rapportcijfer", 7.3,
     7.3, -0.3, "mark"),
    ("ErvaartEenOfMeerVormenVanOverlast_22", "overlast", "Ervaart een of meer vormen van overlast", "%", 61.0,
     62.0, 6.0, "all"),
    ("Slachtoffers_72", "inbraak", "Slachtoffers", "%", 1.6, 1.8, 0.5, "all"),
    ("MeldingBijPolitie_75", "inbraak", "Melding bij politie", "%", 86.0, 85.0, -2.0, "Slachtoffers_72"),
    ("AangifteBijPolitie_76", "inbraak", "Aangifte bij politie", "%", 74.0, 72.0, -3.0, "Slachtoffers_72"),
    ("Slachtoffers_87", "fiets", "Slachtoffers", "%", 4.6, 4.9, 1.5, "all"),
    ("AangifteBijPolitie_91", "fiets", "Aangifte bij politie", "%", 26.0, 27.0, -2.0, "Slachtoffers_87"),
    ("Slachtoffers_100", "vernieling", "Slachtoffers", "%", 4.1, 4.3, 1.0, "all"),
    ("AangifteBijPolitie_103", "vernieling", "Aangifte bij politie", "%", 22.0, 23.0, -2.0, "Slachtoffers_100"),
    ("Slachtoffers_104", "mishandeling", "Slachtoffers", "%", 1.3, 1.4, 0.5, "all"),
    ("AangifteBijPolitie_107", "mishandeling", "Aangifte bij politie", "%", 31.0, 30.0, -2.0, "Slachtoffers_104"),
    ("OordeelFunctionerenGemeenteAlgemeen_19", "oordeel", "Oordeel functioneren gemeente", "%", 59.0, 61.0, -3.0,
     "all"),
    ("TevredenheidFunctionerenInBuurt_199", "oordeel", "Tevreden over functioneren politie in buurt", "%", 41.0,
     43.0, -2.0, "all"),
]
#: Columns of the 81877NED export (by position) that hold the real values of four measures.
VM_EXPORT_COLUMNS = {3: "VoeltZichWeleensOnveilig_47", 4: "VoeltZichWeleensOnveiligInBuurt_50",
                     5: "DenktDatErVeelCriminaliteitInBuurt_57", 9: "RapportcijferVeiligheidInBuurt_60"}
#: Respondents of a synthetic edition, by region kind (gemeenten: this plus one per 200 inhabitants).
SAMPLE = {"NL": 180_000, "PV": 15_000, "RE": 18_000, "GM": 1_000, "WK": 180}
Z95 = 1.959964


def add_tables(content: Any, testdata: Path) -> None:
    """Add the scan's tables to ``content.tables`` (and boundary collections to ``content.collections``)."""
    built = _Built(content, testdata)
    content.tables[("cbs", VM_TABLE)] = built.vm_table()
    content.tables[("politie", "47021NED")] = built.nuisance_table()
    built.extend_crimes()
    built.extend_population()
    content.collections["wijken"] = built.wijk_collection
    #: For tests: the synthetic inputs the server drew (per wijk: planted multiplier; per region: 0-15 share).
    content.scan = built


class _Built:
    """Everything the scan's tables are made of, computed once."""

    def __init__(self, content: Any, data: Path) -> None:
        self.content = content
        self.data = data
        self.crimes = records(data, "crimes")
        self.inhabitants = {f"GM{r['nummer']:0>4}": int(r["bevolking"]) for r in self.crimes}
        brengdelicten = {f"GM{r['nummer']:0>4}": int(r["misdaad"]) for r in self.crimes}
        self.share = {c: n / sum(brengdelicten.values()) for c, n in brengdelicten.items()}
        self.mapping = records(data, "gemeente_units")
        self.regions = {row["Key"].strip(): row["Title"] for row in records(data, "police_regions")}
        self.wijk_names = {r["Key"].strip(): r["Title"] for r in records(data, "regions")
                           if r["Key"].startswith("WK") and r["Key"][2:6] in {g[2:] for g in WIJK_GEMEENTEN}}
        # Population of every wijk (real: the server sums 85984NED's buurten).
        self.wijk_population: dict[str, int] = defaultdict(int)
        for row in records(data, "buurt_population"):
            self.wijk_population["WK" + row["nhood_id"][2:8]] += int(row["population"])
        # Registered crime rate per 1,000 (real 2023 brengdelicten) as the latent score of a gemeente.
        rates = {c: brengdelicten[c] / self.inhabitants[c] * 1000 for c in brengdelicten if self.inhabitants[c]}
        national = sum(brengdelicten.values()) / sum(self.inhabitants.values()) * 1000
        spread = (sum((r - national) ** 2 for r in rates.values()) / len(rates)) ** 0.5
        self.score = {c: max(-2.0, min(3.0, (r - national) / spread)) for c, r in rates.items()}
        self._wijken()
        self._areas()

    # --- wijken: synthetic polygons, planted multipliers ------------------------------------
    def _wijken(self) -> None:
        import numpy as np
        import shapely
        from pyproj import Transformer
        from shapely.geometry import MultiPoint, mapping, shape

        project = Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True).transform

        def to_wgs(geom: Any) -> Any:
            return shapely.transform(geom, lambda xy: np.column_stack(project(xy[:, 0], xy[:, 1])))

        rd = geojson(self.data, "gemeente_rd")
        polygons = {f["properties"]["statcode"]: shape(f["geometry"]) for f in rd["features"]}
        self.gemeente_km2 = {code: poly.area / 1e6 for code, poly in polygons.items()}
        self.wijk_km2: dict[str, float] = {}
        self.multiplier: dict[str, float] = {}
        features = []
        rng = random.Random(11)
        for gemeente in WIJK_GEMEENTEN:
            polygon = shapely.make_valid(polygons[gemeente])
            codes = sorted(c for c in self.wijk_names if c[2:6] == gemeente[2:])
            minx, miny, maxx, maxy = polygon.bounds
            seeds: list[tuple[float, float]] = []
            inner = polygon.buffer(-150)
            while len(seeds) < len(codes):
                x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
                if inner.contains(shapely.Point(x, y)):
                    seeds.append((x, y))
            cells = shapely.get_parts(shapely.voronoi_polygons(
                MultiPoint(seeds), extend_to=polygon.envelope.buffer(1000), ordered=True))
            geoms = {}
            for i, code in enumerate(codes):
                clipped = cells[i].intersection(polygon)
                parts = [g for g in shapely.get_parts(clipped) if g.geom_type == "Polygon" and g.area > 0]
                geoms[code] = shapely.union_all(parts) if len(parts) > 1 else parts[0]
                self.wijk_km2[code] = geoms[code].area / 1e6
            hot = next(c for c in codes if self.wijk_names[c] == PLANTED_HOT[gemeente])
            hot_area = geoms[hot].buffer(1)
            for code in codes:
                self.multiplier[code] = 3.0 if code == hot or geoms[code].intersects(hot_area) else 1.0
            for code in codes:
                features.append({"type": "Feature", "geometry": mapping(to_wgs(geoms[code])),
                                 "properties": {"wijkcode": code, "wijknaam": self.wijk_names[code],
                                                "gemeentecode": gemeente, "jaarcode": 2023,
                                                "note": "synthetic wijk polygon (test server)"}})
        self.wijk_collection = {"type": "FeatureCollection", "features": features}

    def _areas(self) -> None:
        """Population, 0-15 share, urbanity and latent score of every region the VM table holds."""
        rng = random.Random(85984)
        self.young: dict[str, float] = {}
        for code in sorted(set(self.inhabitants) | set(self.wijk_population)):
            self.young[code] = round(rng.uniform(0.12, 0.19), 4)
        members: dict[str, list[str]] = defaultdict(list)
        provinces: dict[str, list[str]] = defaultdict(list)
        for row in self.mapping:
            members[row["politie_eenheid_code"]].append(row["gemeentecode"])
            provinces[row["provincie_code"]].append(row["gemeentecode"])
        self.eenheid_members = dict(members)

        def pooled(codes: list[str]) -> float:
            pop = sum(self.inhabitants.get(c, 0) for c in codes)
            return sum(self.score.get(c, 0.0) * self.inhabitants.get(c, 0) for c in codes) / pop

        self.vm_regions: dict[str, float] = {"NL01": 0.0}
        self.vm_regions.update({p: pooled(c) for p, c in sorted(provinces.items())})
        self.vm_regions.update({e: pooled(c) for e, c in sorted(members.items())})
        self.vm_regions.update({c: self.score[c] for c, n in sorted(self.inhabitants.items())
                                if n >= VM_MIN_INHABITANTS})
        for code, mult in sorted(self.multiplier.items()):
            if code[2:6] == VM_WIJKEN[2:]:
                self.vm_regions[code] = self.score[VM_WIJKEN] + (1.5 if mult > 1 else -0.3) + 0.0

    # --- 85146NED --------------------------------------------------------------------------
    def vm_table(self) -> dict[str, Any]:
        rng = random.Random(85146)
        props: list[dict[str, Any]] = [
            {"ID": 0, "Position": 0, "ParentID": None, "Type": "Dimension", "Key": "Marges", "Title": "Marges"},
            {"ID": 1, "Position": 1, "ParentID": None, "Type": "GeoDimension", "Key": "RegioS", "Title": "Regio's"},
            {"ID": 2, "Position": 2, "ParentID": None, "Type": "TimeDimension", "Key": "Perioden",
             "Title": "Perioden"},
        ]
        group_ids = {}
        for name, title in VM_GROUPS.items():
            group_ids[name] = len(props)
            props.append({"ID": len(props), "Position": None, "ParentID": None, "Type": "TopicGroup", "Key": "",
                          "Title": title})
        for i, (key, group, title, unit, *_rest) in enumerate(VM_MEASURES):
            props.append({"ID": len(props), "Position": 3 + i, "ParentID": group_ids[group], "Type": "Topic",
                          "Key": key, "Title": title, "Unit": unit, "Datatype": "Double", "Decimals": 1})
        props.append({"ID": len(props), "Position": 3 + len(VM_MEASURES), "ParentID": group_ids["steekproef"],
                      "Type": "Topic", "Key": VM_RESPONDENTS[0], "Title": VM_RESPONDENTS[1], "Unit": "aantal",
                      "Datatype": "Long", "Decimals": 0})
        regions = {"NL01": "Nederland"}
        for code in self.vm_regions:
            regions[code] = self.wijk_names.get(code) or self.regions.get(code, code)
        rows: list[dict[str, Any]] = []

        def add(margin: str, code: str, year: int, values: dict[str, float | None]) -> None:
            rows.append({"ID": len(rows), "Marges": margin, "RegioS": code.ljust(6), "Perioden": f"{year}JJ00",
                         **{m[0]: values.get(m[0]) for m in VM_MEASURES}, VM_RESPONDENTS[0]: values.get("n")})

        # Real: Nederland and the provinces, 2013-2017, value only.
        names = {title: key for key, title in self.regions.items()}
        names["Friesland (PV)"] = names.get("Fryslân (PV)", "PV21")
        with fixture(self.data, "vm_export").open(
                encoding="utf-8-sig") as fh:
            for row in csv.reader(fh, delimiter=";"):
                if row[0] != "Waarde":
                    continue
                code = "NL01" if row[2] == "Nederland" else names[row[2]].strip()
                add("MW00000", code, int(row[1]), {m: float(row[i].replace(",", ".")) for i, m in
                                                    VM_EXPORT_COLUMNS.items() if row[i].strip() not in ("", ".")})
        # Synthetic: the 2021 and 2023 editions, with margins.
        self.vm_values: dict[tuple[str, int], dict[str, tuple[float, float, float]]] = {}
        #: The published sample size per (region, year): none for the wijken.
        self.vm_n: dict[tuple[str, int], int] = {}
        for code, score in self.vm_regions.items():
            # Large gemeenten draw larger samples (a city's own extra sample), as they do in the real survey.
            n = SAMPLE[code[:2]] + (self.inhabitants.get(code, 0) // 200 if code.startswith("GM") else 0)
            noise = {m[0]: rng.gauss(0, 1) for m in VM_MEASURES}
            for year in VM_YEARS:
                figures: dict[str, tuple[float, float, float]] = {}
                for key, _group, _title, unit, level23, level21, slope, sample in VM_MEASURES:
                    level = level23 if year == 2023 else level21
                    value = level + slope * score + noise[key] * abs(slope) * 0.4 + rng.gauss(0, abs(slope) * 0.15)
                    if unit == "rapportcijfer":
                        value = round(min(9.5, max(4.0, value)), 1)
                        se = 1.4 / math.sqrt(n)
                    else:
                        value = round(min(98.0, max(0.3, value)), 1)
                        size = n if sample == "all" else max(4.0, n * figures[sample][0] / 100)
                        se = math.sqrt(value * (100 - value) / size)
                    # A mark's bounds get two decimals: rounded to one, a large sample's margin would vanish.
                    digits = 2 if unit == "rapportcijfer" else 1
                    low = round(max(0.0, value - Z95 * se), digits)
                    high = round(min(100.0, value + Z95 * se), digits)
                    figures[key] = (value, low, high)
                self.vm_values[(code, year)] = figures
                published: dict[str, float | None] = {}
                if not code.startswith("WK"):
                    self.vm_n[(code, year)] = published["n"] = n
                for margin, position in (("MW00000", 0), ("MOG0095", 1), ("MBG0095", 2)):
                    add(margin, code, year, {**{k: v[position] for k, v in figures.items()},
                                             **(published if margin == "MW00000" else {})})
        years = sorted({int(r["Perioden"][:4]) for r in rows})
        return {
            "TableInfos": [{"ID": 0, "Identifier": VM_TABLE, "Title": "Veiligheidsmonitor; kerncijfers per regio "
                            "(test server: Nederland and provinces 2013-2017 real from 81877NED, every other figure "
                            "synthetic)", "ShortTitle": "Veiligheidsmonitor kerncijfers regio (test)",
                            "Period": "2013-2023", "Modified": "2024-03-14T02:00:00", "Catalog": "CBS"}],
            "DataProperties": props,
            "Marges": [{"Key": "MW00000", "Title": "Waarde"}, {"Key": "MOG0095", "Title": "Ondergrens 95%-interval"},
                       {"Key": "MBG0095", "Title": "Bovengrens 95%-interval"}],
            "RegioS": [{"Key": k.ljust(6), "Title": t} for k, t in regions.items()],
            "Perioden": [{"Key": f"{y}JJ00", "Title": str(y), "Status": "Definitief"} for y in years],
            "TypedDataSet": rows,
        }

    # --- 47021NED --------------------------------------------------------------------------
    def nuisance_table(self) -> dict[str, Any]:
        rng = random.Random(47021)
        totals = national(self.data, "national_nuisance", NUISANCE)
        rows: list[dict[str, Any]] = []
        self.nuisance: dict[tuple[str, str, int], int] = {}
        for key in NUISANCE:
            for year in YEARS:
                per_eenheid: dict[str, int] = defaultdict(int)
                for row in self.mapping:
                    code = row["gemeentecode"]
                    count = poisson(rng, self.share.get(code, 0.0) * totals[(key, year)])
                    self.nuisance[(key.strip(), code, year)] = count
                    per_eenheid[row["politie_eenheid_code"]] += count
                    rows.append({"Overlast": key, "RegioS": code, "Perioden": f"{year}JJ00",
                                 "GeregistreerdeOverlast_1": count})
                for eenheid, count in sorted(per_eenheid.items()):
                    rows.append({"Overlast": key, "RegioS": eenheid.ljust(6), "Perioden": f"{year}JJ00",
                                 "GeregistreerdeOverlast_1": count})
                rows.append({"Overlast": key, "RegioS": "NL01  ", "Perioden": f"{year}JJ00",
                             "GeregistreerdeOverlast_1": totals[(key, year)]})
        for i, row in enumerate(rows):
            row["ID"] = i
        codes = records(self.data, "47021NED_Overlast")
        return {
            "TableInfos": [{"ID": 0, "Identifier": "47021NED", "Title": "Geregistreerde overlast; soort overlast, "
                            "regio (test server: national totals real, gemeenten and eenheden synthetic)",
                            "ShortTitle": "Overlast regio (test)", "Period": "2012-2023",
                            "Modified": "2024-03-01T02:00:00", "Catalog": "Politie"}],
            "DataProperties": [
                {"ID": 0, "Position": 0, "ParentID": None, "Type": "Dimension", "Key": "Overlast",
                 "Title": "Overlast"},
                {"ID": 1, "Position": 1, "ParentID": None, "Type": "GeoDimension", "Key": "RegioS",
                 "Title": "Regio's"},
                {"ID": 2, "Position": 2, "ParentID": None, "Type": "TimeDimension", "Key": "Perioden",
                 "Title": "Perioden"},
                {"ID": 3, "Position": 3, "ParentID": None, "Type": "Topic", "Key": "GeregistreerdeOverlast_1",
                 "Title": "Geregistreerde overlast", "Unit": "aantal", "Datatype": "Long", "Decimals": 0},
            ],
            "Overlast": [{"Key": r["Key"], "Title": r["Title"], "Description": r["Description"]} for r in codes],
            "RegioS": [{"Key": k.ljust(6), "Title": t} for k, t in self.regions.items()],
            "Perioden": [{"Key": f"{y}JJ00", "Title": str(y), "Status": "Definitief"} for y in YEARS],
            "TypedDataSet": rows,
        }

    # --- 47018NED: violent offence types, wijken ------------------------------------------------
    def extend_crimes(self) -> None:
        rng = random.Random(4701801)
        table = self.content.tables[("politie", "47018NED")]
        rows = table["TypedDataSet"]
        totals = national(self.data, "national_crimes", VIOLENCE)
        for key in VIOLENCE:
            for year in YEARS:
                for code, share in self.share.items():
                    rows.append({"ID": len(rows), "SoortMisdrijf": key, "WijkenEnBuurten": code.ljust(10),
                                 "Perioden": f"{year}JJ00",
                                 "GeregistreerdeMisdrijven_1": poisson(rng, share * totals[(key, year)])})
                rows.append({"ID": len(rows), "SoortMisdrijf": key, "WijkenEnBuurten": "NL00      ",
                             "Perioden": f"{year}JJ00", "GeregistreerdeMisdrijven_1": totals[(key, year)]})
        gemeente = {(r["SoortMisdrijf"], r["WijkenEnBuurten"].strip(), r["Perioden"]): r["GeregistreerdeMisdrijven_1"]
                    for r in rows if r["WijkenEnBuurten"].strip() in WIJK_GEMEENTEN}
        self.wijk_counts: dict[tuple[str, str, int], int] = {}
        for code in WIJK_GEMEENTEN:
            wijken = sorted(c for c in self.multiplier if c[2:6] == code[2:])
            weight = {w: self.wijk_population[w] * self.multiplier[w] for w in wijken}
            total = sum(weight.values())
            for key in WIJK_TYPES:
                for year in YEARS:
                    count = gemeente.get((key, code, f"{year}JJ00")) or 0
                    for w in wijken:
                        n = poisson(rng, count * weight[w] / total)
                        self.wijk_counts[(key.strip(), w, year)] = n
                        rows.append({"ID": len(rows), "SoortMisdrijf": key, "WijkenEnBuurten": w.ljust(10),
                                     "Perioden": f"{year}JJ00", "GeregistreerdeMisdrijven_1": n})

    # --- 85984NED: 0-15 and urbanity ---------------------------------------------------------
    def extend_population(self) -> None:
        table = self.content.tables[("cbs", "85984NED")]
        self.urbanity: dict[str, int] = {}
        for row in table["TypedDataSet"]:
            code = row["WijkenEnBuurten"].strip()
            n = row["AantalInwoners_5"]
            share = self.young.get(code)
            row["k_0Tot15Jaar_8"] = round(n * share) if share is not None else None
            km2 = self.gemeente_km2.get(code) or self.wijk_km2.get(code)
            row["MateVanStedelijkheid_117"] = self.urbanity[code] = _urbanity(n / km2) if km2 else None


def _urbanity(density: float) -> int:
    """CBS's classes of address density (1 very strongly urban .. 5 not urban), here on inhabitants per km2."""
    for cls, bound in ((1, 2500), (2, 1500), (3, 1000), (4, 500)):
        if density >= bound:
            return cls
    return 5
