"""A local HTTP server that answers as PDOK's OGC API Features for the CBS vierkantstatistieken.

Its content is the extracts in tests/data/squares (see tests/data/README.md):
2023 the synthetic one (CBS's columns, synthetic figures, near Eindhoven),
2024 the real one (CBS's figures verbatim, Rotterdam-Zuid). As PDOK's OGC API
of the sister data set (CBS postcode4: one collection for all years, ``jaarcode``
as a filter and as a property, properties named as in CBS's GeoPackages; see
geo/fetch/_squares.py for the evidence), every year is one collection: the 100 m
squares at ``/pdok/cbs/vierkantstatistieken100m/ogc/v1/collections/vierkant_100m/items``
and the 500 m squares at the 500 m counterpart, as vmgeo's
:data:`geo.fetch._squares.SERVICE` names them, each feature with its
``jaarcode``; ``jaarcode=YEAR`` selects a year, no ``jaarcode`` gives all years.
It answers as PDOK's OGC API does (and as tests/servers.py answers for
boundaries): GeoJSON pages in CRS84 (``type``, ``timeStamp``, ``links`` with
``self`` and ``next``, ``numberReturned``, ``numberMatched``, ``features`` with
``id``, ``geometry`` and ``properties``), ``limit`` and a ``cursor`` in the next
link, ``bbox`` with ``bbox-crs`` (RD New or CRS84) selecting the squares that meet
the box. An unknown path gives HTTP 404, as PDOK does. Every request is recorded
(``requests``).

Variants: ``camel=True`` names the properties as PDOK's 2024 WFS does
(``aantalInwoners``); ``strings=True`` sends numbers as text, as PDOK's postcode
API sometimes does; ``ignore_year=True`` ignores ``jaarcode`` (a server that
does would mix the years).
"""

from __future__ import annotations

import csv
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

#: Features per page at most, whatever ``limit`` asks (small, so that tests cross pages).
PAGE = 50
#: The extract of each year: the synthetic 2023 one and the real 2024 one.
EXTRACTS = {2023: "cbs_vk{cell}_2023_extract.csv", 2024: "cbs_vk{cell}_2024_rotterdam.csv"}
RD = "http://www.opengis.net/def/crs/EPSG/0/28992"


def _typed(value: str) -> Any:
    return int(value) if re.fullmatch(r"-?\d+", value) else value


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


def load(testdata: Path, cell: int, *, camel: bool = False, strings: bool = False) -> list[dict[str, Any]]:
    """The features of the extracts of ``cell`` m, every year: CRS84 squares, the file's columns and ``jaarcode``.

    ``camel`` names the properties as PDOK's 2024 WFS does (``aantalInwoners``), the code column excepted;
    ``strings`` sends the numbers as text.
    """
    from pyproj import Transformer

    to_wgs = Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True)
    features = []
    for year, name in EXTRACTS.items():
        with (testdata / "squares" / name.format(cell=cell)).open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        for row in rows:
            code = row[f"crs28992res{cell}m"]
            x0, y0 = int(code[1:5]) * 100, int(code[6:10]) * 100
            corners = [(x0, y0), (x0 + cell, y0), (x0 + cell, y0 + cell), (x0, y0 + cell), (x0, y0)]
            ring = [list(to_wgs.transform(x, y)) for x, y in corners]
            properties: dict[str, Any] = {"jaarcode": str(year) if strings else year}
            properties.update({(_camel(k) if camel and not k.startswith("crs") else k): (v if strings else _typed(v))
                               for k, v in row.items()})
            features.append({"type": "Feature", "id": len(features) + 1,
                             "geometry": {"type": "Polygon", "coordinates": [ring]},
                             "properties": properties, "_box": (x0, y0, x0 + cell, y0 + cell)})
    return features


class Handler(BaseHTTPRequestHandler):
    server: "SquareServer"

    def log_message(self, fmt: str, *args: Any) -> None:  # keep test output clean
        pass

    def send_json(self, payload: Any, *, status: int = 200) -> None:
        body = json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/geo+json" if status == 200 else "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        self.server.record(self.path)
        match = re.fullmatch(r"/pdok/cbs/vierkantstatistieken(\d+)m/ogc/v1/collections/vierkant_(\d+)m/items",
                             parts.path)
        if not match or match[1] != match[2] or int(match[1]) not in self.server.features:
            self.send_json({"code": "NotFound", "description": "collection not found"}, status=404)
            return
        try:
            selected = self.select(int(match[1]), query)
        except ValueError as exc:
            self.send_json({"code": "InvalidParameterValue", "description": str(exc)}, status=400)
            return
        limit = min(int(query.get("limit", 10)), PAGE)
        cursor = int(query.get("cursor", 0))
        page = [{k: v for k, v in f.items() if k != "_box"} for f in selected[cursor: cursor + limit]]
        base = f"http://{self.server.server_address[0]}:{self.server.server_address[1]}{parts.path}"
        links = [{"rel": "self", "type": "application/geo+json", "href": f"{base}?{urlencode(query)}"}]
        if cursor + limit < len(selected):
            links.append({"rel": "next", "type": "application/geo+json",
                          "href": f"{base}?{urlencode({**query, 'cursor': str(cursor + limit)})}"})
        self.send_json({"type": "FeatureCollection", "timeStamp": "2026-11-28T00:00:00Z", "links": links,
                        "numberReturned": len(page), "numberMatched": len(selected), "features": page})

    def select(self, cell: int, query: dict[str, str]) -> list[dict[str, Any]]:
        features = self.server.features[cell]
        if "jaarcode" in query and not self.server.ignore_year:
            if not re.fullmatch(r"\d{4}", query["jaarcode"]):
                raise ValueError("jaarcode must be a year")
            features = [f for f in features if int(f["properties"]["jaarcode"]) == int(query["jaarcode"])]
        if "bbox" not in query:
            return features
        box = [float(v) for v in query["bbox"].split(",")]
        if len(box) != 4:
            raise ValueError("bbox needs four numbers")
        if query.get("bbox-crs", "") != RD:
            from pyproj import Transformer

            to_rd = Transformer.from_crs("EPSG:4326", "EPSG:28992", always_xy=True)
            (x0, x1), (y0, y1) = to_rd.transform([box[0], box[2]], [box[1], box[3]])
            box = [x0, y0, x1, y1]
        # OGC API bbox: features whose geometry meets the box (a shared edge included).
        return [f for f in features if f["_box"][0] <= box[2] and f["_box"][2] >= box[0]
                and f["_box"][1] <= box[3] and f["_box"][3] >= box[1]]


class SquareServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, testdata: Path, *, camel: bool = False, strings: bool = False,
                 ignore_year: bool = False) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.features = {cell: load(testdata, cell, camel=camel, strings=strings) for cell in (100, 500)}
        self.ignore_year = ignore_year
        self.requests: list[str] = []
        self._lock = threading.Lock()

    def record(self, path: str) -> None:
        with self._lock:
            self.requests.append(path)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def start(self) -> "SquareServer":
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self
