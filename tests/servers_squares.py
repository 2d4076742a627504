"""A local HTTP server that answers as PDOK's OGC API Features for the CBS vierkantstatistieken.

Its content is the synthetic extract in tests/data/squares (the real columns,
synthetic figures; see tests/data/README.md): the 100 m squares at
``/pdok/cbs/vierkantstatistieken100m/ogc/v1/collections/vierkant_100m/items``
and the 500 m squares at the 500 m counterpart, as vmgeo's
:data:`geo.fetch._squares.SERVICE` names them. It answers as PDOK's OGC API
does (and as tests/servers.py answers for boundaries): GeoJSON pages in CRS84
(``type``, ``timeStamp``, ``links`` with ``self`` and ``next``,
``numberReturned``, ``numberMatched``, ``features`` with ``id``, ``geometry`` and
``properties``), ``limit`` and a ``cursor`` in the next link, ``bbox`` with
``bbox-crs`` (RD New or CRS84) selecting the squares that meet the box.
``jaarcode`` other than 2023 gives an empty collection; an unknown path
gives HTTP 404, as PDOK does. Every request is recorded (``requests``).
``SquareServer(..., camel=True)`` names the properties as PDOK's 2024 WFS
does (``aantalInwoners``) instead of as CBS's GeoPackages (``aantal_inwoners``).
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
YEAR = "2023"
RD = "http://www.opengis.net/def/crs/EPSG/0/28992"


def _typed(value: str) -> Any:
    return int(value) if re.fullmatch(r"-?\d+", value) else value


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


def load(testdata: Path, cell: int, *, camel: bool = False) -> list[dict[str, Any]]:
    """The features of the extract of ``cell`` m: CRS84 squares and the file's columns as properties.

    ``camel`` names the properties as PDOK's 2024 WFS does (``aantalInwoners``), the code column excepted.
    """
    from pyproj import Transformer

    to_wgs = Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True)
    path = testdata / "squares" / f"cbs_vk{cell}_2023_extract.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    features = []
    for n, row in enumerate(rows, 1):
        code = row[f"crs28992res{cell}m"]
        x0, y0 = int(code[1:5]) * 100, int(code[6:10]) * 100
        corners = [(x0, y0), (x0 + cell, y0), (x0 + cell, y0 + cell), (x0, y0 + cell), (x0, y0)]
        ring = [list(to_wgs.transform(x, y)) for x, y in corners]
        features.append({"type": "Feature", "id": n, "geometry": {"type": "Polygon", "coordinates": [ring]},
                         "properties": {(_camel(k) if camel and not k.startswith("crs") else k): _typed(v)
                                        for k, v in row.items()}, "_box": (x0, y0, x0 + cell, y0 + cell)})
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
        features = self.server.features[cell] if query.get("jaarcode", YEAR) == YEAR else []
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

    def __init__(self, testdata: Path, *, camel: bool = False) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.features = {cell: load(testdata, cell, camel=camel) for cell in (100, 500)}
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
