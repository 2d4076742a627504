"""A stand-in server on 127.0.0.1 that misbehaves on purpose: the faults vmgeo's downloads must survive.

:class:`FaultServer` speaks HTTP/1.1 by hand on a raw socket, one request per
connection (``Connection: close``), so that it can do what a well-behaved
server library will not: reset a connection in the middle of a body, drip
bytes, stay silent, or send more than any cap. A request that no rule
matches is forwarded to an upstream server (:class:`tests.servers.FakeServer`,
the stand-in for CBS and PDOK) and the upstream's own address in the answer
(next links, metadata URLs) is rewritten to this server's, so a whole vmgeo
run goes through it and only the chosen requests misbehave.

Rules are added with :meth:`FaultServer.add`, matched in order by a regular
expression on the request target (path and query), each for ``times``
requests or for ever. The faults:

==============  =============================================================
``status``      answer ``status`` (429, 500, 503, ...) with ``retry_after``
``silent``      read the request, never answer (until the client gives up)
``reset``       send the headers and half of the body, then reset (RST)
``drip``        send the body one byte every ``interval`` seconds (with
                ``head``, the status line and headers too)
``html``        a 200 maintenance page in HTML instead of JSON
``empty``       a 200 with no body at all
``big``         a JSON body of ``size`` bytes, with or without Content-Length
``slow``        wait ``delay`` seconds, then answer from upstream; ``stamp``
                marks each answer's features with a serial number
``loop``        pages whose next link returns to page 1 for ever
``endless``     pages whose next link is new every time, for ever
``count``       two pages whose stated count differs (PDOK ``numberMatched``,
                OData ``odata.count``)
``shape``       the upstream's JSON answer passed through ``mangle`` (a
                function of the parsed answer): a list where an object
                belongs, a missing key, ``null``, ...
==============  =============================================================

Paged faults answer in the shape of ``shape="odata"`` or ``shape="pdok"``.
:func:`refusing_address` gives an address where connections are refused, and
:func:`unreachable_address` one where they are never accepted (a time-out).

Every server stops by itself: its request loop ends after ``lifetime``
seconds or ``max_requests`` requests, whichever comes first, and handlers
that wait (silent, drip, slow) end when the client goes away or the server
stops. Tests stop it explicitly as well (:meth:`FaultServer.stop`, or a
``with`` block).
"""

from __future__ import annotations

import contextlib
import http.client
import json
import re
import socket
import socketserver
import struct
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

REASONS = {200: "OK", 404: "Not Found", 429: "Too Many Requests", 500: "Internal Server Error",
           502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout"}
FAULTS = {"status", "silent", "reset", "drip", "html", "empty", "big", "slow", "loop", "endless", "count", "shape"}


@dataclass
class Rule:
    """One fault for the requests whose target matches ``pattern``."""

    pattern: str
    fault: str
    times: int | None = None
    options: dict[str, Any] = field(default_factory=dict)
    hits: int = 0

    def applies(self, target: str) -> bool:
        return (self.times is None or self.hits < self.times) and re.search(self.pattern, target) is not None


@contextlib.contextmanager
def refusing_address() -> Iterator[str]:
    """``http://127.0.0.1:PORT`` where connections are refused: a port bound but not listening.

    Holding the port (rather than closing it) keeps anything else from
    taking it while the test runs.
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind(("127.0.0.1", 0))
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        sock.close()


@contextlib.contextmanager
def unreachable_address() -> Iterator[str | None]:
    """``http://127.0.0.1:PORT`` where a connection is never accepted, or None where that cannot be made.

    A listening socket whose backlog is full and that never accepts: Linux
    then drops new connection requests (unless ``tcp_abort_on_overflow``),
    so connecting times out as with a host that is down or firewalled.
    """
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    fillers: list[socket.socket] = []
    try:
        listener.bind(("127.0.0.1", 0))
        listener.listen(0)
        address = listener.getsockname()
        for _ in range(8):
            filler = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            filler.setblocking(False)
            with contextlib.suppress(BlockingIOError):
                filler.connect(address)
            fillers.append(filler)
        probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        probe.settimeout(0.3)
        try:
            probe.connect(address)
        except TimeoutError:
            yield f"http://127.0.0.1:{address[1]}"
        except OSError:
            yield None
        else:
            yield None
        finally:
            probe.close()
    finally:
        for filler in fillers:
            filler.close()
        listener.close()


class _TCPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    block_on_close = False  # a dripping handler must not hold up stop()
    allow_reuse_address = True
    owner: "FaultServer"


class _Handler(socketserver.BaseRequestHandler):
    server: _TCPServer

    def handle(self) -> None:
        conn: socket.socket = self.request
        conn.settimeout(5)
        try:
            target = _read_request(conn)
        except OSError:
            return
        if target is None:
            return
        owner = self.server.owner
        rule = owner.match(target)
        try:
            if rule is None:
                _send(conn, *owner.forward(target))
            else:
                owner.apply(rule, conn, target)
        except OSError:
            pass  # the client went away (it gave up, or refused a body): that is what some tests want


def _read_request(conn: socket.socket) -> str | None:
    """Read a request's head; its target (path and query), or None when the client sent nothing."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        data += chunk
        if len(data) > 1 << 20:
            return None
    line = data.split(b"\r\n", 1)[0].decode("latin-1")
    parts = line.split(" ")
    return parts[1] if len(parts) >= 2 else None


def _head(status: int, headers: dict[str, str]) -> bytes:
    lines = [f"HTTP/1.1 {status} {REASONS.get(status, 'Status')}", "Connection: close",
             *(f"{k}: {v}" for k, v in headers.items())]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def _send(conn: socket.socket, status: int, content_type: str, body: bytes,
          extra: dict[str, str] | None = None) -> None:
    headers = {"Content-Type": content_type, "Content-Length": str(len(body)), **(extra or {})}
    conn.sendall(_head(status, headers) + body)


class FaultServer:
    """A misbehaving HTTP server on 127.0.0.1 in front of an optional upstream stand-in.

    Parameters
    ----------
    upstream
        Base URL of the server that answers requests no rule matches
        (``FakeServer.url``); without one, such requests get a 404.
    lifetime
        Seconds after which the server stops by itself.
    max_requests
        Requests after which the server stops by itself.
    """

    def __init__(self, upstream: str | None = None, *, lifetime: float = 120.0, max_requests: int = 5000) -> None:
        self.upstream = upstream.rstrip("/") if upstream else None
        self.lifetime = lifetime
        self.max_requests = max_requests
        self.rules: list[Rule] = []
        self.requests: list[str] = []
        self.served = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._tcp = _TCPServer(("127.0.0.1", 0), _Handler)
        self._tcp.owner = self
        self._tcp.timeout = 0.1
        self._thread: threading.Thread | None = None

    # --- set-up -------------------------------------------------------------------
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._tcp.server_address[1]}"

    def add(self, pattern: str, fault: str, *, times: int | None = None, **options: Any) -> Rule:
        """Misbehave with ``fault`` on requests whose target matches ``pattern`` (``times`` of them, or all)."""
        if fault not in FAULTS:
            raise ValueError(f"unknown fault {fault!r}; one of {', '.join(sorted(FAULTS))}")
        rule = Rule(pattern, fault, times, options)
        with self._lock:
            self.rules.append(rule)
        return rule

    def reset(self) -> None:
        """Forget every rule and every request seen."""
        with self._lock:
            self.rules.clear()
            self.requests.clear()

    def count(self, pattern: str) -> int:
        """How many requests seen so far match ``pattern``."""
        with self._lock:
            return sum(1 for t in self.requests if re.search(pattern, t))

    def start(self) -> "FaultServer":
        self._thread = threading.Thread(target=self._serve, name="faultserver", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._tcp.server_close()

    def __enter__(self) -> "FaultServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _serve(self) -> None:
        # A bounded loop: it ends on stop(), after `lifetime` seconds or after `max_requests` requests.
        until = time.monotonic() + self.lifetime
        while not self._stop.is_set() and time.monotonic() < until and self.served < self.max_requests:
            self._tcp.handle_request()
        self._stop.set()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    # --- answering ------------------------------------------------------------------
    def match(self, target: str) -> Rule | None:
        with self._lock:
            self.served += 1
            self.requests.append(target)
            for rule in self.rules:
                if rule.applies(target):
                    rule.hits += 1
                    return rule
        return None

    def forward(self, target: str) -> tuple[int, str, bytes]:
        """The upstream's answer to ``target``, with its address rewritten to ours."""
        if self.upstream is None:
            return 404, "application/json", b'{"error": "no upstream"}'
        parts = urlsplit(self.upstream)
        conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=30)
        try:
            conn.request("GET", target, headers={"Accept": "application/json"})
            response = conn.getresponse()
            body = response.read()
            content_type = response.getheader("Content-Type", "application/json")
            status = response.status
        finally:
            conn.close()
        return status, content_type, body.replace(self.upstream.encode(), self.url.encode())

    def _wait(self, conn: socket.socket, seconds: float) -> bool:
        """Wait up to ``seconds`` while the client stays; False when it left or the server stops."""
        until = time.monotonic() + seconds
        conn.settimeout(0.05)
        while time.monotonic() < until and not self._stop.is_set():
            try:
                if conn.recv(1, socket.MSG_PEEK) == b"":
                    return False
            except TimeoutError:
                continue
            except OSError:
                return False
        return not self._stop.is_set()

    def apply(self, rule: Rule, conn: socket.socket, target: str) -> None:
        o = rule.options
        fault = rule.fault
        if fault == "status":
            extra = {"Retry-After": str(o["retry_after"])} if "retry_after" in o else {}
            status = int(o.get("status", 503))
            _send(conn, status, "application/json", json.dumps({"error": REASONS.get(status, "")}).encode(), extra)
        elif fault == "silent":
            self._wait(conn, self.lifetime)
        elif fault == "html":
            _send(conn, 200, "text/html; charset=utf-8",
                  b"<!DOCTYPE html>\n<html><body><h1>Gepland onderhoud</h1><p>Probeer het later.</p></body></html>")
        elif fault == "empty":
            _send(conn, 200, "application/json", b"")
        elif fault == "reset":
            status, content_type, body = self.forward(target)
            conn.sendall(_head(status, {"Content-Type": content_type, "Content-Length": str(len(body))})
                         + body[: len(body) // 2])
            time.sleep(0.05)  # let the client start reading the body before it breaks off
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            conn.close()
        elif fault == "drip":
            status, content_type, body = self.forward(target)
            head = _head(status, {"Content-Type": content_type, "Content-Length": str(len(body))})
            if o.get("head"):  # drip the status line and headers as well
                body = head + body
            else:
                conn.sendall(head)
            interval = float(o.get("interval", 0.2))
            for i in range(len(body)):
                conn.sendall(body[i:i + 1])
                if not self._wait(conn, interval):
                    return
        elif fault == "shape":
            status, content_type, body = self.forward(target)
            _send(conn, status, content_type, json.dumps(o["mangle"](json.loads(body))).encode("utf-8"))
        elif fault == "big":
            self._big(conn, size=int(o["size"]), length=bool(o.get("length", True)))
        elif fault == "slow":
            if not self._wait(conn, float(o.get("delay", 1.0))):
                return
            status, content_type, body = self.forward(target)
            if o.get("stamp"):
                body = _stamp(body, rule.hits)
            _send(conn, status, content_type, body)
        else:
            _send(conn, 200, "application/json", self._page(fault, target, shape=o.get("shape", "odata")))

    def _big(self, conn: socket.socket, *, size: int, length: bool) -> None:
        """A valid JSON body of ``size`` bytes, sent a MiB at a time until done or the client hangs up."""
        opening, closing = b'{"value": ["', b'"]}'
        filler = size - len(opening) - len(closing)
        headers = {"Content-Type": "application/json"}
        if length:
            headers["Content-Length"] = str(size)
        conn.sendall(_head(200, headers) + opening)
        block = b"x" * (1 << 20)
        while filler > 0 and not self._stop.is_set():
            piece = block[: min(filler, len(block))]
            conn.sendall(piece)
            filler -= len(piece)
        conn.sendall(closing)

    def _page(self, fault: str, target: str, *, shape: str) -> bytes:
        """One page of a paged fault: its rows and the next link that makes it misbehave."""
        parts = urlsplit(target)
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        page = int(query.pop("page", 0))
        nxt: int | None
        if fault == "loop":
            nxt = 1  # page 1 links to itself
        elif fault == "endless":
            nxt = page + 1
        else:  # count: two pages whose stated counts differ
            nxt = 1 if page == 0 else None
        link = f"{self.url}{parts.path}?{urlencode({**query, 'page': str(nxt)})}" if nxt is not None else None
        count = 10 if page == 0 else 17
        if shape == "pdok":
            features = [{"type": "Feature", "id": f"{page}-{i}",
                         "properties": {"statcode": f"GM{page:02d}{i:02d}", "statnaam": f"Gemeente {page}-{i}"},
                         "geometry": {"type": "Point", "coordinates": [5.0 + i / 100, 52.0]}} for i in range(5)]
            payload: dict[str, Any] = {"type": "FeatureCollection", "features": features,
                                       "numberReturned": len(features), "links": []}
            if fault == "count":
                payload["numberMatched"] = count
            if link:
                payload["links"].append({"rel": "next", "type": "application/geo+json", "href": link})
        else:
            # Rows of the columns asked for ($select), as OData answers; else rows that serve as code-list
            # rows (Key) and as table-list rows (Identifier).
            columns = query["$select"].split(",") if query.get("$select") else ["ID", "Key", "Identifier", "Title"]
            rows = [{c: page * 5 + i if c == "ID" else f"{c[:1]}{page}-{i}" for c in columns} for i in range(5)]
            payload = {"odata.metadata": f"{self.url}{parts.path}/$metadata", "value": rows}
            if fault == "count":
                payload["odata.count"] = str(count)
            if link:
                payload["odata.nextLink"] = link
        return json.dumps(payload).encode("utf-8")


def _stamp(body: bytes, serial: int) -> bytes:
    """Mark every feature (or OData row) of a JSON answer with ``serial``: each answer differs from the last."""
    try:
        payload = json.loads(body)
    except ValueError:
        return body
    for item in payload.get("features", []) + payload.get("value", []):
        if isinstance(item, dict):
            (item.setdefault("properties", {}) if "properties" in item else item)["served"] = serial
    return json.dumps(payload).encode("utf-8")
