"""A local HTTP server that answers as CBS's OData v3 feed and PDOK's OGC API Features.

Its content comes from tests/data: the real TableInfos, DataProperties
and code lists of 47018NED (police catalog) and 85984NED (CBS catalog), the
real buurt populations of 85984NED (summed to wijken and gemeenten as CBS
does), the registrations per gemeente of the reference file, and the 2023
gemeente, provincie and veiligheidsregio boundaries.

A Veiligheidsmonitor table is served as 81877NED on the CBS catalog: its
numbers are the real ones of the StatLine export in tests/data
(Nederland and the twelve provinces, 2013-2017, feeling unsafe in the own
neighbourhood), its structure follows the VM tables as the reference notes
describe them (a ``Marges`` dimension with MW00000, MOG0095 and MBG0095,
RegioS keys padded to six). The export holds only the value ("Waarde"), so
the server has rows for MW00000 only, as CBS has when a margin is not
published.

One liberty, stated here: the reference file has registered *brengdelicten*
per gemeente (a subset of offence types), not the total; the server serves
those numbers as 47018NED's rows for SoortMisdrijf '0.0.0 ' in 2023JJ00 so
that the real code path can be compared with the file path on the same
numbers. Other years and offence types, and the monthly table 47022NED, come
from tests/servers_years.py: real national totals, synthetic gemeenten, marked
as such.

Faults are chosen by a path prefix, ``/fault/<mode>/...``, and hit the data
endpoints (TypedDataSet and collection items) only: ``500``, ``404``,
``slow`` (answers after 2 s), ``badjson``, ``truncated`` (a body shorter
than its Content-Length), ``loop`` (a next link back to the same page) and
``flaky`` (one 503 per URL, then normal answers).
"""

from __future__ import annotations

import csv
import json
import re
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from tests import servers_scan, servers_years
from tests.servers_data import fixture, geojson, records

ODATA_PAGE = 100
PDOK_PAGE = 100


def _csv(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return [{k: _typed(v) for k, v in row.items()} for row in rows]


def _typed(value: str) -> Any:
    if value == "":
        return None
    if re.fullmatch(r"-?\d+", value):
        return int(value)
    if re.fullmatch(r"-?\d+\.\d+", value):
        return float(value)
    return value


class Content:
    """Everything the server can answer, built once from tests/data."""

    def __init__(self, testdata: Path) -> None:
        # The region code list holds NL00, every gemeente, and the wijken and buurten of three
        # gemeenten only (see tests/data/README.md); vmgeo asks for it only with a region filter.
        regions = [{k: row[k] for k in ("Key", "Title", "Description")} for row in records(testdata, "regions")]
        self.tables: dict[tuple[str, str], dict[str, Any]] = {}

        # 47018NED on the police catalog.
        crimes = records(testdata, "crimes")
        rows = []
        for i, row in enumerate(crimes):
            rows.append({"ID": i, "SoortMisdrijf": "0.0.0 ", "WijkenEnBuurten": f"GM{row['nummer']:0>4}".ljust(10),
                         "Perioden": "2023JJ00", "GeregistreerdeMisdrijven_1": int(row["misdaad"])})
        rows.append({"ID": len(rows), "SoortMisdrijf": "0.0.0 ", "WijkenEnBuurten": "NL00      ",
                     "Perioden": "2023JJ00", "GeregistreerdeMisdrijven_1": sum(int(r["misdaad"]) for r in crimes)})
        # Every other year and offence type: real national totals, synthetic gemeenten (tests/servers_years.py).
        for extra in servers_years.annual_rows(testdata, crimes):
            rows.append({"ID": len(rows), **extra})
        self.tables[("politie", "47018NED")] = {
            "TableInfos": _csv(fixture(testdata, "47018NED_TableInfos")),
            "DataProperties": _csv(fixture(testdata, "47018NED_DataProperties")),
            "SoortMisdrijf": _csv(fixture(testdata, "47018NED_SoortMisdrijf")),
            "Perioden": _csv(fixture(testdata, "47018NED_Perioden")),
            "WijkenEnBuurten": regions,
            "TypedDataSet": rows,
        }
        # 47022NED by month: synthetic, with a planted rise and a planted seasonal peak.
        self.tables[("politie", "47022NED")] = servers_years.monthly_table(testdata, crimes,
                                                                          self.tables[("politie", "47018NED")])

        # 85984NED on the CBS catalog: real buurt populations, summed to wijk and gemeente.
        population: dict[str, int] = defaultdict(int)
        for row in records(testdata, "buurt_population"):
            code, n = row["nhood_id"], int(row["population"])
            population[code] += n
            population["WK" + code[2:8]] += n
            population["GM" + code[2:6]] += n
        pop_rows = [{"ID": i, "WijkenEnBuurten": code.ljust(10), "AantalInwoners_5": n}
                    for i, (code, n) in enumerate(sorted(population.items()))]
        self.tables[("cbs", "85984NED")] = {
            "TableInfos": _csv(fixture(testdata, "85984NED_TableInfos")),
            "DataProperties": _csv(fixture(testdata, "85984NED_DataProperties")),
            "WijkenEnBuurten": regions,
            "TypedDataSet": pop_rows,
        }

        # A Veiligheidsmonitor table with a Marges dimension: real values from the StatLine export.
        names = {row["Title"]: row["Key"] for row in records(testdata, "police_regions")}
        names["Friesland (PV)"] = names.get("Fryslân (PV)", "PV21  ")
        vm_rows = []
        with fixture(testdata, "vm_export").open(encoding="utf-8-sig") as fh:
            for row in csv.reader(fh, delimiter=";"):
                if row[0] != "Waarde":
                    continue
                vm_rows.append({"ID": len(vm_rows), "Marges": "MW00000", "RegioS": names.get(row[2], "NL01  "),
                                "Perioden": f"{row[1]}JJ00", "VoeltZichWeleensOnveiligInBuurt_2": float(
                                    row[4].replace(",", "."))})
        self.tables[("cbs", "81877NED")] = {
            "TableInfos": [{"ID": 0, "Identifier": "81877NED", "Title": "Veiligheidsmonitor; regio (test server)",
                            "ShortTitle": "Veiligheidsmonitor regio", "Period": "2013-2017",
                            "Modified": "2018-03-01T02:00:00", "Catalog": "CBS"}],
            "DataProperties": [
                {"ID": 0, "Position": 0, "ParentID": None, "Type": "Dimension", "Key": "Marges", "Title": "Marges"},
                {"ID": 1, "Position": 1, "ParentID": None, "Type": "GeoDimension", "Key": "RegioS",
                 "Title": "Regio's"},
                {"ID": 2, "Position": 2, "ParentID": None, "Type": "TimeDimension", "Key": "Perioden",
                 "Title": "Perioden"},
                {"ID": 3, "Position": 3, "ParentID": None, "Type": "Topic",
                 "Key": "VoeltZichWeleensOnveiligInBuurt_2", "Title": "Voelt zich weleens onveilig in buurt",
                 "Unit": "%", "Datatype": "Double", "Decimals": 1},
            ],
            "Marges": [{"Key": "MW00000", "Title": "Waarde"},
                       {"Key": "MOG0095", "Title": "Ondergrens 95%-interval"},
                       {"Key": "MBG0095", "Title": "Bovengrens 95%-interval"}],
            "RegioS": [{"Key": k, "Title": t} for t, k in names.items()],
            "Perioden": [{"Key": f"{y}JJ00", "Title": str(y), "Status": "Definitief"} for y in range(2013, 2018)],
            "TypedDataSet": vm_rows,
        }

        self.collections = {
            "gemeente_gegeneraliseerd": geojson(testdata, "gemeente_wgs84"),
            "provincie_gegeneraliseerd": geojson(testdata, "provincie_wgs84"),
            "veiligheidsregio_gegeneraliseerd": geojson(testdata, "veiligheidsregio_wgs84"),
        }
        # The tables of the gebiedsscan (Veiligheidsmonitor, overlast, kerncijfers): tests/servers_scan.py.
        servers_scan.add_tables(self, testdata)


def _filter_groups(expression: str) -> list[tuple[str, set[str]]]:
    """The subset of OData $filter that vmgeo sends: ANDed groups of ORed ``Dim eq 'key'``."""
    groups = []
    for group in re.split(r"\)\s+and\s+\(", expression.strip()):
        pairs = re.findall(r"(\w+) eq '([^']*)'", group)
        if not pairs:
            raise ValueError(f"unsupported filter {group!r}")
        dims = {d for d, _ in pairs}
        if len(dims) != 1:
            raise ValueError(f"mixed dimensions in one group: {group!r}")
        groups.append((dims.pop(), {k for _, k in pairs}))
    return groups


def _filter_rows(rows: list[dict[str, Any]], expression: str | None,
                 index: "Callable[[str], dict[Any, list[int]]] | None" = None) -> list[dict[str, Any]]:
    """The rows that pass ``expression``, in table order; ``index(dim)`` (key -> row numbers) makes it fast."""
    if not expression:
        return rows
    groups = _filter_groups(expression)
    if index is None:
        return [r for r in rows if all(r.get(dim) in keys for dim, keys in groups)]
    chosen: set[int] | None = None
    for dim, keys in groups:
        by_key = index(dim)
        hit = {i for k in keys for i in by_key.get(k, ())}
        chosen = hit if chosen is None else chosen & hit
    return [rows[i] for i in sorted(chosen or ())]


class Handler(BaseHTTPRequestHandler):
    server: "FakeServer"

    def log_message(self, fmt: str, *args: Any) -> None:  # keep test output clean
        pass

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        path, query = parts.path, {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        fault = None
        match = re.match(r"^/fault/([a-z0-9]+)(/.*)$", path)
        if match:
            fault, path = match.group(1), match.group(2)
        self.server.record(self.path)
        try:
            self.route(path, query, fault, prefix=f"/fault/{fault}" if fault else "")
        except ValueError as exc:
            self.send_json({"odata.error": {"message": {"value": str(exc)}}}, status=400)

    # --- helpers ----------------------------------------------------------------
    def base(self) -> str:
        return f"http://{self.server.server_address[0]}:{self.server.server_address[1]}"

    def send_json(self, payload: Any, *, status: int = 200, truncate: bool = False) -> None:
        body = json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if truncate:
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        self.wfile.write(body)

    def data_fault(self, fault: str | None) -> bool:
        """Apply a fault to a data request; True when the answer was sent."""
        if fault == "500":
            self.send_json({"error": "internal"}, status=500)
        elif fault == "404":
            self.send_json({"error": "not found"}, status=404)
        elif fault == "slow":
            time.sleep(2.0)
            return False
        elif fault == "badjson":
            body = b"<html><body>Gepland onderhoud</body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif fault == "flaky" and self.server.first_time(self.path):
            self.send_json({"error": "busy"}, status=503)
        else:
            return False
        return True

    # --- routes -----------------------------------------------------------------
    def route(self, path: str, query: dict[str, str], fault: str | None, *, prefix: str) -> None:
        content = self.server.content
        odata = re.match(r"^/(?P<cat>cbs|politie)/ODataFeed/odata/(?P<table>\w+)/(?P<name>\w*)$", path)
        catalog = re.match(r"^/(?P<cat>cbs|politie)/ODataCatalog/Tables$", path)
        pdok = (re.match(r"^/pdok/cbs/gebiedsindelingen/ogc/v1/collections/(?P<coll>\w+)/items$", path)
                or re.match(r"^/pdok/cbs/wijken-en-buurten-(?P<year>\d{4})/ogc/v1/collections/(?P<coll>wijken|buurten)"
                            r"/items$", path))
        if odata:
            table = content.tables.get((odata["cat"], odata["table"]))
            if table is None:
                self.send_json({"odata.error": {"code": "", "message": {"lang": "nl", "value": "Table not found"}}},
                               status=404)
                return
            name = odata["name"]
            base = f"{self.base()}{prefix}/{odata['cat']}/ODataFeed/odata/{odata['table']}"
            if name == "":
                self.send_json({"odata.metadata": f"{base}/$metadata",
                                "value": [{"name": k, "url": f"{base}/{k}"} for k in table]})
                return
            if name not in table:
                self.send_json({"odata.error": {"message": {"value": f"Resource {name} not found"}}}, status=404)
                return
            rows = table[name]
            if name in ("TypedDataSet", "UntypedDataSet"):
                if self.data_fault(fault):
                    return
                rows = self.server.selected(rows, query.get("$filter"), query.get("$select"))
            skip = int(query.get("$skiptoken", 0))
            size = self.server.odata_page
            page = rows[skip: skip + size]
            payload: dict[str, Any] = {"odata.metadata": f"{base}/$metadata#Cbs.OData.WebAPI.{name}", "value": page}
            if skip + size < len(rows):
                nxt = {k: v for k, v in query.items() if k != "$skiptoken"}
                nxt["$skiptoken"] = str(skip if fault == "loop" else skip + size)
                payload["odata.nextLink"] = f"{base}/{name}?{urlencode(nxt)}"
            self.send_json(payload, truncate=(fault == "truncated" and skip > 0))
        elif catalog:
            infos = [t["TableInfos"][0] for (cat, _), t in content.tables.items() if cat == catalog["cat"]]
            self.send_json({"odata.metadata": "", "value": infos})
        elif pdok:
            if self.data_fault(fault):
                return
            source = content.collections.get(pdok["coll"])
            # A wijk- en buurtkaart of a year PDOK does not publish: the whole dataset is not there.
            unpublished = pdok.groupdict().get("year") and int(pdok["year"]) not in self.server.wijk_years
            if source is None or unpublished:
                self.send_json({"code": "NotFound", "description": "collection not found"}, status=404)
                return
            year = query.get("jaarcode")
            features = source["features"] if year in (None, "2023") else []
            limit = min(int(query.get("limit", 10)), PDOK_PAGE)
            cursor = int(query.get("cursor", 0))
            page = features[cursor: cursor + limit]
            self_url = f"{self.base()}{prefix}{path}?{urlencode(query)}"
            links = [{"rel": "self", "type": "application/geo+json", "href": self_url}]
            if cursor + limit < len(features):
                nxt = {**query, "cursor": str(cursor if fault == "loop" else cursor + limit)}
                links.append({"rel": "next", "type": "application/geo+json",
                              "href": f"{self.base()}{prefix}{path}?{urlencode(nxt)}"})
            self.send_json({"type": "FeatureCollection", "timeStamp": "2026-11-28T00:00:00Z",
                            "links": links, "numberReturned": len(page), "features": page},
                           truncate=(fault == "truncated" and cursor > 0))
        else:
            self.send_json({"error": f"no route for {path}"}, status=404)


class FakeServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, content: Content, *, odata_page: int = ODATA_PAGE,
                 wijk_years: tuple[int, ...] = servers_scan.WIJK_YEARS) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.content = content
        #: Years whose wijk- en buurtkaart the server publishes; any other year is an HTTP 404, as at PDOK.
        self.wijk_years = wijk_years
        # Small pages by default so that every test crosses page boundaries;
        # tests that only need the figures ask for larger ones (StatLine serves
        # up to 10,000 rows a page) to spend less time in the stand-in.
        self.odata_page = odata_page
        self.requests: list[str] = []
        self._seen: set[str] = set()
        self._lock = threading.Lock()
        # Filtered rows per query: every page of one query filters the table once, not once a page.
        # (The rows are kept with their subset, so that the id in the key cannot be reused.)
        self._selected: dict[tuple[int, str | None, str | None], tuple[list[dict[str, Any]], list[dict[str, Any]]]] = {}
        self._indexes: dict[tuple[int, str], tuple[list[dict[str, Any]], dict[Any, list[int]]]] = {}

    def selected(self, rows: list[dict[str, Any]], expression: str | None, select: str | None
                 ) -> list[dict[str, Any]]:
        """``rows`` filtered by ``$filter`` and cut to the ``$select`` columns, remembered per query."""
        key = (id(rows), expression, select)
        with self._lock:
            cached = self._selected.get(key)
        if cached is not None and cached[0] is rows:
            return cached[1]
        hit = _filter_rows(rows, expression, index=lambda dim: self._index(rows, dim))
        if select:
            columns = select.split(",")
            hit = [{c: r.get(c) for c in columns} for r in hit]
        with self._lock:
            self._selected[key] = (rows, hit)
        return hit

    def _index(self, rows: list[dict[str, Any]], dim: str) -> dict[Any, list[int]]:
        """Row numbers of ``rows`` by their key of ``dim``, built once per table and dimension."""
        key = (id(rows), dim)
        with self._lock:
            cached = self._indexes.get(key)
        if cached is not None and cached[0] is rows:
            return cached[1]
        by_key: dict[Any, list[int]] = defaultdict(list)
        for i, row in enumerate(rows):
            by_key[row.get(dim)].append(i)
        with self._lock:
            self._indexes[key] = (rows, dict(by_key))
        return dict(by_key)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that hangs up mid-answer (the fault tests' time-outs) is expected; anything else is shown.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)

    def record(self, path: str) -> None:
        with self._lock:
            self.requests.append(path)

    def first_time(self, path: str) -> bool:
        with self._lock:
            if path in self._seen:
                return False
            self._seen.add(path)
            return True

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def start(self) -> "FakeServer":
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self
