"""Every fault a server can throw at vmgeo's downloads, from tests/faultserver.py, through the real loading code.

Each test drives ``vmgeo hotspots`` or ``geo.fetch`` against a
:class:`~tests.faultserver.FaultServer` in front of the CBS/PDOK stand-in,
and checks three things: the outcome (a retry that succeeds, or one error
line naming the URL or setting and what to do), that it came within a loose
time budget (a bound on hanging, not a benchmark), and that the cache is
intact (nothing partial, earlier entries unchanged, every checksum valid,
nothing cached for the failed download).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from geo import boundaries, fetch, text
from geo.errors import NotFoundError, RemoteError, SourceError, VmgeoError
from geo.reports import Boundaries, Table
from geo.settings import Settings, SettingsError, from_env
from tests.conftest import REPO, UNEXPECTED, error_line, run_cli
from tests.faultserver import FaultServer, refusing_address, unreachable_address
from tests.servers import ODATA_PAGE, PDOK_PAGE, Content, FakeServer

CRIMES = ("--data", "politie:47018NED/GeregistreerdeMisdrijven_1", "--filter", "SoortMisdrijf=0.0.0",
          "--period", "2023")
#: English runs: the messages checked here are the English ones (Dutch ones: test_dutch_and_english_lines).
HOTSPOTS = ("hotspots", *CRIMES, "--level", "gemeente", "--year", "2023", "--permutations", "99", "--lang", "en")
SPEC = fetch.parse("politie:47018NED/GeregistreerdeMisdrijven_1", filters=["SoortMisdrijf=0.0.0"])
#: The limits of these tests: small, so that every fault ends in seconds.
#: Pages of the police data (343 rows) and of the PDOK gemeenten (342) on the stand-in server.
DATA_PAGES, PDOK_PAGES = -(-343 // ODATA_PAGE), -(-342 // PDOK_PAGE)
LIMITS: dict[str, Any] = {"timeout": 1.0, "retries": 2, "deadline": 10.0, "max_pages": 50,
                          "max_bytes": 4 * 1024**2}


# --- servers, settings, caches ---------------------------------------------------------

@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """The library speaks English in these tests, as a run with --lang en does."""
    with text.speaking("en"):
        yield


@pytest.fixture(scope="module")
def upstream(testdata: Path) -> Iterator[FakeServer]:
    srv = FakeServer(Content(testdata)).start()
    yield srv
    srv.shutdown()
    srv.server_close()


@pytest.fixture(scope="module")
def server(upstream: FakeServer) -> Iterator[FaultServer]:
    with FaultServer(upstream.url) as srv:
        yield srv


@pytest.fixture
def faults(server: FaultServer) -> Iterator[FaultServer]:
    """The fault server with no rules yet; rules and request log are cleared after the test."""
    server.reset()
    yield server
    server.reset()


def settings_for(url: str, cache: Path, **changes: Any) -> Settings:
    return Settings(cache_dir=cache, cbs_url=f"{url}/cbs", police_url=f"{url}/politie", pdok_url=f"{url}/pdok",
                    **{**LIMITS, **changes})


def env_for(url: str, cache: Path, **extra: str) -> dict[str, str]:
    return {"VMGEO_CBS_URL": f"{url}/cbs", "VMGEO_POLICE_URL": f"{url}/politie", "VMGEO_PDOK_URL": f"{url}/pdok",
            "VMGEO_CACHE_DIR": str(cache), "VMGEO_OFFLINE": "", "VMGEO_TIMEOUT": "1", "VMGEO_RETRIES": "2",
            "VMGEO_DEADLINE": "10", "VMGEO_MAX_PAGES": "50", "VMGEO_MAX_BYTES": "4M", **extra}


@pytest.fixture(scope="module")
def warm(server: FaultServer, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache filled through the fault server (no rules): police metadata and data, PDOK gemeenten."""
    server.reset()
    cache = tmp_path_factory.mktemp("warm")
    settings = settings_for(server.url, cache)
    fetch.fetch_table(SPEC, period="2023", level="gemeente", settings=settings)
    boundaries.from_pdok("gemeente", 2023, settings=settings)
    return cache


def records(cache: Path) -> dict[str, dict[str, Any]]:
    return {p.name: json.loads(p.read_text("utf-8")) for p in sorted(cache.glob("*.meta.json"))}


def copy_cache(warm: Path, to: Path, *, without: Callable[[dict[str, Any]], bool]) -> Path:
    """A copy of the warm cache without the entries ``without`` picks (those the test will fetch)."""
    to.mkdir()
    for name, record in records(warm).items():
        if not without(record):
            shutil.copy2(warm / name, to / name)
            shutil.copy2(warm / record["file"], to / record["file"])
    return to


def snapshot(cache: Path) -> dict[str, bytes]:
    if not cache.is_dir():
        return {}
    return {p.name: p.read_bytes() for p in sorted(cache.iterdir()) if p.is_file() and p.suffix != ".lock"}


def assert_cache_intact(cache: Path, before: dict[str, bytes], *,
                        failed: Callable[[dict[str, Any]], bool] | None = None) -> None:
    """Nothing partial, earlier entries unchanged, every checksum valid, nothing cached for the failure."""
    after = snapshot(cache)
    assert not [n for n in after if n.startswith(".vmgeo-")], "a partial file was left in the cache"
    assert {n: after.get(n) for n in before} == before, "an earlier cache entry was changed"
    for name, record in records(cache).items():
        content = (cache / record["file"]).read_bytes()
        assert hashlib.sha256(content).hexdigest() == record["sha256"], f"{name}: checksum does not verify"
    if failed is not None:
        assert not [r for r in records(cache).values() if failed(r)], "the failed download was cached"


def one_line(error: BaseException, *words: str) -> str:
    """The message of a vmgeo error: one line, containing ``words``."""
    assert isinstance(error, VmgeoError), repr(error)
    text = str(error)
    assert "\n" not in text, text
    for word in words:
        assert word in text, (word, text)
    return text


class Budget:
    """Time a block and check it ended within ``seconds`` (generous: a bound on hanging)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.elapsed = 0.0

    def __enter__(self) -> "Budget":
        self._start = time.monotonic()
        return self

    def __exit__(self, *exc: object) -> None:
        self.elapsed = time.monotonic() - self._start
        assert self.elapsed < self.seconds, f"took {self.elapsed:.1f} s, more than {self.seconds} s"


# The four kinds of download, each with the request the fault hits, the shape of its pages,
# the cache entries it writes, and the call that makes it.
def _data(s: Settings) -> Table:
    return fetch.fetch_table(SPEC, period="2023", level="gemeente", settings=s)


def _tables(s: Settings) -> object:
    return fetch.search_tables("misdrijven", sources=("politie",), settings=s)


def _pdok(s: Settings) -> Boundaries:
    return boundaries.from_pdok("gemeente", 2023, settings=s)


TARGETS: dict[str, tuple[str, str, Callable[[dict[str, Any]], bool], Callable[[Settings], object]]] = {
    "data": (r"/47018NED/TypedDataSet", "odata", lambda r: r["kind"] == "odata-data", _data),
    # A code list read by cbsodata (get_meta), which follows its odata.nextLink itself.
    "codelist": (r"/47018NED/DataProperties", "odata",
                 lambda r: r["kind"] == "odata-data" or r.get("name") == "DataProperties", _data),
    "tablelist": (r"/politie/ODataCatalog/Tables", "odata", lambda r: r["kind"] == "odata-catalog", _tables),
    "pdok": (r"/collections/gemeente_gegeneraliseerd/items", "pdok", lambda r: r["kind"] == "pdok", _pdok),
    # Read by cbsodata too: the table information (get_info) and a dimension's code list (get_meta).
    "info": (r"/47018NED/TableInfos", "odata", lambda r: r.get("name") == "TableInfos" or r["kind"] == "odata-data",
             _data),
    "dimension": (r"/47018NED/SoortMisdrijf", "odata",
                  lambda r: r.get("name") == "SoortMisdrijf" or r["kind"] == "odata-data", _data),
}


@pytest.fixture
def prepared(faults: FaultServer, warm: Path, tmp_path: Path) -> Callable[[str], tuple[Path, dict[str, bytes]]]:
    """A cache for a test of ``target``: the warm cache without what the target fetches; and its snapshot."""

    def make(target: str) -> tuple[Path, dict[str, bytes]]:
        cache = copy_cache(warm, tmp_path / "cache", without=TARGETS[target][2])
        return cache, snapshot(cache)

    return make


def run_target(target: str, settings: Settings) -> object:
    return TARGETS[target][3](settings)


# --- connections ---------------------------------------------------------------------------

def test_refused_connection_ends_fast_with_one_line(tmp_path: Path) -> None:
    """Nothing listens: a few quick retries, then one line naming the URL; the cache is untouched."""
    cache = tmp_path / "cache"
    with refusing_address() as dead, Budget(20):
        run = run_cli(*HOTSPOTS, "--out", str(tmp_path / "out"), env=env_for(dead, cache))
    line = error_line(run, "connection refused", dead, "tried 3 times", "check VMGEO_POLICE_URL", "try again later")
    assert "politie:47018NED" in line
    assert_cache_intact(cache, {})
    assert not records(cache)


def test_unreachable_host_costs_short_connect_time_outs(tmp_path: Path) -> None:
    """A host that never accepts: each try costs the connect time-out (at most 5 s, here 0.5), not more."""
    cache = tmp_path / "cache"
    with unreachable_address() as address:
        if address is None:
            pytest.skip("this system refuses instead of dropping connections to a full backlog")
        with Budget(8), pytest.raises(RemoteError) as caught:
            _pdok(settings_for(address, cache, timeout=0.5))
    one_line(caught.value, "no connection within 0.5 s", "tried 3 times", "check VMGEO_PDOK_URL", address)
    assert_cache_intact(cache, {}, failed=lambda r: True)


def test_silent_server_costs_two_time_outs_whatever_the_retries(faults: FaultServer, prepared) -> None:
    """A server that accepts but never answers: the time-out is tried once more, not VMGEO_RETRIES times."""
    cache, before = prepared("codelist")
    faults.add(r"/47018NED/DataProperties", "silent")
    settings = settings_for(faults.url, cache, timeout=0.5, retries=3, deadline=300)
    with Budget(6), pytest.raises(RemoteError) as caught:
        _data(settings)
    one_line(caught.value, "no answer within 0.5 s (VMGEO_TIMEOUT)", "tried 2 times",
             f"{faults.url}/politie/ODataFeed/odata/47018NED/DataProperties")
    assert faults.count("DataProperties") == 2
    assert_cache_intact(cache, before, failed=TARGETS["codelist"][2])


def test_reset_in_the_middle_of_the_body_is_retried(faults: FaultServer, prepared) -> None:
    cache, before = prepared("data")
    faults.add(r"/TypedDataSet", "reset", times=1)
    with Budget(8):
        table = _data(settings_for(faults.url, cache))
    assert len(table.frame) == 342
    assert faults.count("TypedDataSet") == DATA_PAGES + 1
    assert_cache_intact(cache, before)
    assert next(r for r in records(cache).values() if r["kind"] == "odata-data")["rows"] == 343


def test_reset_every_time_ends_in_one_line(faults: FaultServer, prepared) -> None:
    cache, before = prepared("data")
    faults.add(r"/TypedDataSet", "reset")
    with Budget(8), pytest.raises(RemoteError) as caught:
        _data(settings_for(faults.url, cache))
    one_line(caught.value, "broke off", "tried 3 times", "/TypedDataSet", "try again later")
    assert faults.count("TypedDataSet") == 3
    assert_cache_intact(cache, before, failed=TARGETS["data"][2])


def test_dripping_server_is_stopped_by_the_deadline(faults: FaultServer, warm: Path, tmp_path: Path) -> None:
    """One byte every 0.2 s never trips the 1 s time-out; the 2 s deadline for the whole download stops it."""
    cache = copy_cache(warm, tmp_path / "cache", without=TARGETS["data"][2])
    before = snapshot(cache)
    faults.add(r"/TypedDataSet", "drip", interval=0.2)
    with Budget(20):
        run = run_cli(*HOTSPOTS, "--out", str(tmp_path / "out"), env=env_for(faults.url, cache, VMGEO_DEADLINE="2"))
    error_line(run, "did not finish within 2 s (VMGEO_DEADLINE)", "/TypedDataSet", "raise VMGEO_DEADLINE")
    assert faults.count("TypedDataSet") == 1  # the deadline is not retried
    assert_cache_intact(cache, before, failed=TARGETS["data"][2])


def test_dripping_headers_are_stopped_by_the_deadline(faults: FaultServer, prepared) -> None:
    """Even the status line and headers, dripped, cannot outlast the deadline (they are read inside http.client)."""
    cache, before = prepared("pdok")
    faults.add(r"/items", "drip", head=True, interval=0.2)
    with Budget(8), pytest.raises(RemoteError) as caught:
        _pdok(settings_for(faults.url, cache, deadline=2))
    one_line(caught.value, "did not finish within 2 s (VMGEO_DEADLINE)", "/collections/gemeente_gegeneraliseerd/items")
    assert faults.count("/items") == 1
    assert_cache_intact(cache, before, failed=TARGETS["pdok"][2])


# --- busy servers ------------------------------------------------------------------------------

@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_is_honoured(faults: FaultServer, prepared, status: int) -> None:
    cache, before = prepared("data")
    faults.add(r"/TypedDataSet", "status", status=status, retry_after=1, times=2)
    with Budget(10) as budget:
        _data(settings_for(faults.url, cache))
    assert budget.elapsed >= 1.9, "Retry-After: 1 (twice) was not waited for"
    assert faults.count("TypedDataSet") == DATA_PAGES + 2
    assert_cache_intact(cache, before)


def test_retry_after_beyond_the_deadline_ends_at_once(faults: FaultServer, prepared) -> None:
    cache, before = prepared("pdok")
    faults.add(r"/items", "status", status=429, retry_after=3600)
    with Budget(4), pytest.raises(RemoteError) as caught:
        _pdok(settings_for(faults.url, cache))
    one_line(caught.value, "HTTP 429", "asks to wait 3600 s (Retry-After)", "VMGEO_DEADLINE", "try again later",
             "/collections/gemeente_gegeneraliseerd/items")
    assert faults.count("/items") == 1
    assert_cache_intact(cache, before, failed=TARGETS["pdok"][2])


def test_a_burst_of_5xx_then_success(faults: FaultServer, prepared) -> None:
    cache, before = prepared("pdok")
    for status in (500, 502, 503):
        faults.add(r"/items", "status", status=status, times=1)
    with Budget(10):
        boundaries = _pdok(settings_for(faults.url, cache, retries=3))
    assert len(boundaries.frame) == 342
    assert faults.count("/items") == PDOK_PAGES + 3
    assert_cache_intact(cache, before)


def test_a_longer_burst_of_5xx_ends_in_one_line(faults: FaultServer, prepared) -> None:
    cache, before = prepared("codelist")
    faults.add(r"/DataProperties", "status", status=503)
    with Budget(10), pytest.raises(RemoteError) as caught:
        _data(settings_for(faults.url, cache))
    one_line(caught.value, "HTTP 503", "tried 3 times", "/47018NED/DataProperties", "try again later")
    assert_cache_intact(cache, before, failed=TARGETS["codelist"][2])


# --- wrong content ------------------------------------------------------------------------------

def test_html_instead_of_json_cli(faults: FaultServer, tmp_path: Path) -> None:
    """A maintenance page where cbsodata expects JSON: one line quoting what came, from the exact URL."""
    cache = tmp_path / "cache"
    faults.add(r"/TableInfos", "html")
    with Budget(20):
        run = run_cli(*HOTSPOTS, "--out", str(tmp_path / "out"), env=env_for(faults.url, cache))
    error_line(run, "not valid JSON", "<!DOCTYPE html>", f"{faults.url}/politie/ODataFeed/odata/47018NED/TableInfos",
               "maintenance")
    assert faults.count("TableInfos") == 1  # content errors are not retried
    assert_cache_intact(cache, {}, failed=lambda r: True)


@pytest.mark.parametrize("target", ["data", "codelist", "tablelist", "pdok"])
@pytest.mark.parametrize("fault, words", [("html", ["not valid JSON", "Gepland onderhoud"]),
                                          ("empty", ["is empty", "try again later"])])
def test_wrong_content(faults: FaultServer, prepared, target: str, fault: str, words: list[str]) -> None:
    cache, before = prepared(target)
    pattern = TARGETS[target][0]
    faults.add(pattern, fault)
    with Budget(5), pytest.raises(RemoteError) as caught:
        run_target(target, settings_for(faults.url, cache))
    one_line(caught.value, *words, faults.url)
    assert faults.count(pattern) == 1
    assert_cache_intact(cache, before, failed=TARGETS[target][2])


# --- JSON of the wrong shape ---------------------------------------------------------------------

def _member(key: str, value: Any) -> Callable[[Any], Any]:
    return lambda page: {**page, key: value}


def _without(key: str) -> Callable[[Any], Any]:
    return lambda page: {k: v for k, v in page.items() if k != key}


def _each(key: str, change: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda page: {**page, key: [change(item) for item in page[key]]}


#: Every shape a fetcher might be handed where it reads a page, its list of records, or a record.
PAGE_SHAPES: dict[str, Callable[[Any], Any]] = {
    "list-for-page": lambda page: [page],
    "string-page": lambda page: "Gepland onderhoud",
    "null-page": lambda page: None,
    "number-page": lambda page: 404,
}
ODATA_SHAPES: dict[str, Callable[[Any], Any]] = {
    **PAGE_SHAPES,
    "no-value": _without("value"),
    "object-for-value": lambda page: {**page, "value": {"rows": page["value"]}},
    "string-value": _member("value", "rows"),
    "null-value": _member("value", None),
    "number-value": _member("value", 3),
    "list-for-row": _each("value", lambda row: list(row.values())),
    "string-for-row": _each("value", str),
    "null-for-row": _each("value", lambda row: None),
    "row-without-keys": _each("value", lambda row: {"ID": row.get("ID")}),
}
PDOK_SHAPES: dict[str, Callable[[Any], Any]] = {
    **PAGE_SHAPES,
    "no-features": _without("features"),
    "object-for-features": lambda page: {**page, "features": {"features": page["features"]}},
    "string-features": _member("features", "features"),
    "null-features": _member("features", None),
    "list-for-feature": _each("features", lambda f: list(f.values())),
    "null-for-feature": _each("features", lambda f: None),
    "feature-without-properties": _each("features", lambda f: {"type": "Feature", "geometry": f["geometry"]}),
    "list-for-properties": _each("features", lambda f: {**f, "properties": list(f["properties"].values())}),
    "string-for-geometry": _each("features", lambda f: {**f, "geometry": "POLYGON EMPTY"}),
    "object-for-links": _member("links", {"next": "elsewhere"}),
    "number-for-links": _member("links", 1),
}
SHAPE_CASES = [(target, shape) for target in ("data", "tablelist", "info", "codelist", "dimension")
               for shape in ODATA_SHAPES] + [("pdok", shape) for shape in PDOK_SHAPES]


@pytest.mark.parametrize("target, shape", SHAPE_CASES)
def test_json_of_the_wrong_shape_is_one_line(faults: FaultServer, prepared, target: str, shape: str) -> None:
    """A list where an object belongs (and every other wrong shape): one line naming the source, nothing cached.

    OData through cbsodata (table information, properties, a code list), OData paged by vmgeo (data, the
    table list) and PDOK's collection pages.
    """
    pattern, _, failed, _ = TARGETS[target]
    cache, before = prepared(target)
    faults.add(pattern, "shape", mangle=(PDOK_SHAPES if target == "pdok" else ODATA_SHAPES)[shape])
    with Budget(10), pytest.raises(SourceError) as caught:
        run_target(target, settings_for(faults.url, cache))
    source = "gemeente_gegeneraliseerd" if target == "pdok" else (
        "ODataCatalog/Tables" if target == "tablelist" else "47018NED")
    one_line(caught.value, faults.url, source, "try again later")
    assert faults.count(pattern) == 1, "a content error was retried"
    assert_cache_intact(cache, before, failed=failed)


@pytest.mark.parametrize("target, shape", [("pdok", "list-for-page"), ("data", "list-for-row"),
                                           ("info", "list-for-page"), ("codelist", "object-for-value")])
def test_json_of_the_wrong_shape_cli(faults: FaultServer, warm: Path, tmp_path: Path, target: str,
                                     shape: str) -> None:
    """The run the fault battery held back: exit 1 with one line naming the server and the table or collection."""
    pattern, _, failed, _ = TARGETS[target]
    cache = copy_cache(warm, tmp_path / "cache", without=failed)
    before = snapshot(cache)
    faults.add(pattern, "shape", mangle=(PDOK_SHAPES if target == "pdok" else ODATA_SHAPES)[shape])
    with Budget(30):
        run = run_cli(*HOTSPOTS, "--out", str(tmp_path / "out"), env=env_for(faults.url, cache))
    error_line(run, faults.url, "gemeente" if target == "pdok" else "47018NED", "try again later")
    assert not any(u in run.stderr for u in UNEXPECTED)
    assert_cache_intact(cache, before, failed=failed)


# --- paging -------------------------------------------------------------------------------------

@pytest.mark.parametrize("target", ["data", "codelist", "tablelist", "pdok"])
def test_looping_next_link(faults: FaultServer, prepared, target: str) -> None:
    pattern, shape, failed, _ = TARGETS[target]
    cache, before = prepared(target)
    faults.add(pattern, "loop", shape=shape)
    with Budget(5), pytest.raises(RemoteError) as caught:
        run_target(target, settings_for(faults.url, cache))
    one_line(caught.value, "loops back", "page=1", "nothing was cached")
    assert faults.count(pattern) == 2
    assert_cache_intact(cache, before, failed=failed)


@pytest.mark.parametrize("target", ["data", "codelist", "tablelist", "pdok"])
def test_endless_paging_stops_at_the_page_limit(faults: FaultServer, prepared, target: str) -> None:
    pattern, shape, failed, _ = TARGETS[target]
    cache, before = prepared(target)
    faults.add(pattern, "endless", shape=shape)
    with Budget(10), pytest.raises(RemoteError) as caught:
        run_target(target, settings_for(faults.url, cache, max_pages=20))
    one_line(caught.value, "after 20 pages (VMGEO_MAX_PAGES)", "raise VMGEO_MAX_PAGES", "page=20")
    assert faults.count(pattern) == 20
    assert_cache_intact(cache, before, failed=failed)


def test_endless_paging_is_also_stopped_by_the_deadline(faults: FaultServer, prepared) -> None:
    """Slow endless pages under a generous page limit: the deadline ends it."""
    cache, before = prepared("data")
    faults.add(r"/TypedDataSet", "endless", shape="odata")
    settings = settings_for(faults.url, cache, max_pages=100_000, deadline=1.5)
    with Budget(8), pytest.raises(RemoteError) as caught:
        _data(settings)
    one_line(caught.value, "did not finish within 1.5 s (VMGEO_DEADLINE)")
    assert_cache_intact(cache, before, failed=TARGETS["data"][2])


@pytest.mark.parametrize("target", ["data", "pdok"])
def test_count_changing_between_pages(faults: FaultServer, prepared, target: str) -> None:
    """PDOK's numberMatched or OData's odata.count differs between pages: the source changed mid-download."""
    pattern, shape, failed, _ = TARGETS[target]
    cache, before = prepared(target)
    faults.add(pattern, "count", shape=shape)
    with Budget(5), pytest.raises(RemoteError) as caught:
        run_target(target, settings_for(faults.url, cache))
    one_line(caught.value, "changed between pages (10 on the first, 17 on page 2)", "try again in a few minutes")
    assert_cache_intact(cache, before, failed=failed)


# --- size -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("target", ["data", "codelist", "pdok"])
@pytest.mark.parametrize("length", [True, False], ids=["announced", "unannounced"])
def test_body_larger_than_the_cap_is_refused(faults: FaultServer, prepared, target: str, length: bool) -> None:
    pattern, _, failed, _ = TARGETS[target]
    cache, before = prepared(target)
    faults.add(pattern, "big", size=64 * 1024**2, length=length)
    with Budget(10), pytest.raises(RemoteError) as caught:
        run_target(target, settings_for(faults.url, cache))
    one_line(caught.value, "larger than 4M (VMGEO_MAX_BYTES)", "raise VMGEO_MAX_BYTES", faults.url,
             *(["67,108,864 bytes announced"] if length else []))
    assert faults.count(pattern) == 1  # refused, not retried
    assert_cache_intact(cache, before, failed=failed)


MEMORY_SCRIPT = """
import json, resource, sys
from geo import text
from geo.errors import RemoteError
from geo.fetch import _http
from geo.settings import Settings

text.use("en")

def peak_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

url, cap = sys.argv[1], int(sys.argv[2])
settings = Settings(timeout=5, retries=0, deadline=60, max_bytes=cap)
with _http.session() as sess:
    _http.get_body(sess, url + "/warm-up", params=None, download=_http.Download("warm-up", settings=settings))
    base = peak_mib()
    try:
        _, body = _http.get_body(sess, url + "/body", params=None, download=_http.Download("body", settings=settings))
        outcome = len(body)
    except RemoteError as exc:
        outcome = str(exc)
print(json.dumps({"growth_mib": peak_mib() - base, "outcome": outcome}))
"""


@pytest.mark.skipif(sys.platform != "linux", reason="ru_maxrss in KiB is Linux's")
@pytest.mark.parametrize("size_mib, cap_mib, length", [(256, 8, False), (256, 8, True), (48, 64, True)])
def test_memory_never_holds_twice_the_body(faults: FaultServer, size_mib: int, cap_mib: int, length: bool) -> None:
    """Streamed: a refused body costs at most about the cap, an accepted one about itself, not twice."""
    faults.add(r"/warm-up", "big", size=1024**2)
    faults.add(r"/body", "big", size=size_mib * 1024**2, length=length)
    with Budget(30):
        run = subprocess.run([sys.executable, "-c", MEMORY_SCRIPT, faults.url, str(cap_mib * 1024**2)],
                             capture_output=True, text=True, cwd=REPO, timeout=60)
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    if size_mib > cap_mib:
        assert f"larger than {cap_mib}M" in result["outcome"]
        assert result["growth_mib"] < 2 * cap_mib + 16, result
    else:
        assert result["outcome"] == size_mib * 1024**2
        assert result["growth_mib"] < 1.5 * size_mib, result


# --- processes sharing a cache ----------------------------------------------------------------------

CONCURRENT_SCRIPT = """
import hashlib, json, sys, time
from pathlib import Path
from geo.boundaries import from_pdok
from geo.settings import Settings

url, cache, barrier, me = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
settings = Settings(cache_dir=cache, cbs_url=url + "/cbs", police_url=url + "/politie", pdok_url=url + "/pdok",
                    timeout=5, retries=0, deadline=30)
# Both processes start fetching at the same moment, whatever their start-up took.
(barrier / me).touch()
until = time.monotonic() + 30
while len(list(barrier.iterdir())) < 2 and time.monotonic() < until:
    time.sleep(0.01)
loaded = from_pdok("gemeente", 2023, settings=settings)
name = loaded.provenance[0].cache_file
print(json.dumps({"sha": hashlib.sha256((cache / name).read_bytes()).hexdigest(), "file": name,
                  "rows": len(loaded.frame)}))
"""


def test_two_processes_fetching_one_entry(faults: FaultServer, tmp_path: Path) -> None:
    """Two processes want the same boundaries from a slow server: one downloads, the other waits and reads it."""
    cache, barrier = tmp_path / "cache", tmp_path / "barrier"
    barrier.mkdir()
    # Every answer differs (a serial number in each feature), so two writers would leave two versions.
    faults.add(r"/items", "slow", delay=0.5, stamp=True)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    with Budget(40):
        procs = [subprocess.Popen([sys.executable, "-c", CONCURRENT_SCRIPT, faults.url, str(cache), str(barrier),
                                   name], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO,
                                  env=env) for name in ("a", "b")]
        outputs = [p.communicate(timeout=60) for p in procs]
    for proc, (_, err) in zip(procs, outputs):
        assert proc.returncode == 0, err
    results = [json.loads(out) for out, _ in outputs]
    assert results[0] == results[1] and results[0]["rows"] == 342
    assert faults.count("/items") == PDOK_PAGES, "the second process downloaded again instead of waiting"
    [record] = [r for r in records(cache).values() if r["kind"] == "pdok"]
    assert record["sha256"] == results[0]["sha"] and record["file"] == results[0]["file"]
    assert_cache_intact(cache, {})


# --- settings --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, value, words", [
    ("VMGEO_TIMEOUT", "abc", ["not a number of seconds", "VMGEO_TIMEOUT=20"]),
    ("VMGEO_TIMEOUT", "0", ["must be a positive number", "VMGEO_TIMEOUT=20"]),
    ("VMGEO_TIMEOUT", "nan", ["must be a positive number"]),
    ("VMGEO_DEADLINE", "-5", ["must be a positive number", "VMGEO_DEADLINE=300"]),
    ("VMGEO_RETRIES", "abc", ["not a whole number", "VMGEO_RETRIES=3"]),
    ("VMGEO_RETRIES", "-1", ["must be at least 0"]),
    ("VMGEO_RETRIES", "2.5", ["not a whole number"]),
    ("VMGEO_MAX_PAGES", "0", ["must be at least 1", "VMGEO_MAX_PAGES=1000"]),
    ("VMGEO_MAX_BYTES", "lots", ["not a size", "VMGEO_MAX_BYTES=512M"]),
    ("VMGEO_MAX_BYTES", "10", ["not a size of at least 1K"]),
    ("VMGEO_PDOK_URL", "api.pdok.nl", ["not an http(s) address", "VMGEO_PDOK_URL=https://api.pdok.nl"]),
    ("VMGEO_CBS_URL", "ftp://opendata.cbs.nl", ["not an http(s) address"]),
    ("VMGEO_POLICE_URL", "https://dataderden.cbs.nl:port", ["port that is not a number"]),
    ("VMGEO_OFFLINE", "misschien", ["not yes or no"]),
])
def test_bad_settings_are_one_line(monkeypatch: pytest.MonkeyPatch, name: str, value: str, words: list[str]) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as caught:
        from_env()
    one_line(caught.value, f"{name}={value!r}", "unset it for the default", *words)
    assert isinstance(caught.value, ValueError)


def test_good_settings_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {"VMGEO_TIMEOUT": "2,5", "VMGEO_RETRIES": "0", "VMGEO_DEADLINE": "60", "VMGEO_MAX_PAGES": "7",
                        "VMGEO_MAX_BYTES": "512M", "VMGEO_OFFLINE": "ja", "VMGEO_PDOK_URL": "http://proxy:8080/pdok/"
                        }.items():
        monkeypatch.setenv(name, value)
    s = from_env()
    assert (s.timeout, s.retries, s.deadline, s.max_pages, s.max_bytes, s.offline, s.pdok_url) == (
        2.5, 0, 60.0, 7, 512 * 1024**2, True, "http://proxy:8080/pdok")
    with pytest.raises(SettingsError, match="timeout"):
        Settings(timeout=0)


@pytest.mark.parametrize("name, value", [("VMGEO_TIMEOUT", "abc"), ("VMGEO_PDOK_URL", "api.pdok.nl")])
def test_bad_setting_cli(tmp_path: Path, name: str, value: str) -> None:
    with Budget(20):
        run = run_cli(*HOTSPOTS, "--out", str(tmp_path / "out"),
                      env={"VMGEO_CACHE_DIR": str(tmp_path / "cache"), name: value})
    error_line(run, f"{name}={value!r}")


def test_cache_folder_that_is_a_file(faults: FaultServer, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.write_text("not a folder")
    with Budget(20):
        run = run_cli(*HOTSPOTS, "--out", str(tmp_path / "out"), env=env_for(faults.url, cache))
    error_line(run, f"the cache folder {cache} (VMGEO_CACHE_DIR) is a file", "set VMGEO_CACHE_DIR")
    assert faults.count("") == 0, "downloaded although the cache could not take it"
    with pytest.raises(SettingsError, match="is a file"):
        _pdok(settings_for(faults.url, cache, offline=True))
    listed = run_cli("cache", "list", env=env_for(faults.url, cache))
    error_line(listed, str(cache), "(VMGEO_CACHE_DIR)")


def test_cache_folder_that_is_not_writable(faults: FaultServer, warm: Path, tmp_path: Path) -> None:
    """Online, an unwritable cache is named before anything is downloaded; offline it is still read."""
    if os.geteuid() == 0:
        # Permissions do not stop root; sysfs refuses new files to everyone.
        cache = Path("/sys")
        if not cache.is_dir():
            pytest.skip("no read-only folder to test with")
    else:
        cache = copy_cache(warm, tmp_path / "cache", without=lambda r: False)
        cache.chmod(0o555)
    try:
        with pytest.raises(SettingsError) as caught:
            _pdok(settings_for(faults.url, cache / "vmgeo" if cache == Path("/sys") else cache))
        one_line(caught.value, "(VMGEO_CACHE_DIR) is not writable", "set VMGEO_CACHE_DIR")
        assert faults.count("") == 0
        if cache != Path("/sys"):
            table = _data(settings_for(faults.url, cache, offline=True))  # a read-only cache still serves offline
            assert len(table.frame) == 342
    finally:
        if cache != Path("/sys"):
            cache.chmod(0o755)


def test_not_found_is_not_retried(faults: FaultServer, prepared) -> None:
    cache, before = prepared("pdok")
    faults.add(r"/items", "status", status=404)
    with Budget(5), pytest.raises(NotFoundError) as caught:
        _pdok(settings_for(faults.url, cache))
    one_line(caught.value, "HTTP 404", "/collections/gemeente_gegeneraliseerd/items")
    assert faults.count("/items") == 1
    assert_cache_intact(cache, before, failed=TARGETS["pdok"][2])


def test_the_deadline_fits_the_whole_default_arithmetic() -> None:
    """The defaults keep a dead server far under two minutes: documented numbers, checked."""
    from geo.fetch import _http
    from geo.settings import CONNECT_TIMEOUT

    s = Settings()
    backoff = sum(min(_http.MAX_BACKOFF, _http.FIRST_BACKOFF * 2**i) for i in range(s.retries))
    silent = _http.MAX_TIMEOUTS * s.timeout + backoff
    unreachable = (s.retries + 1) * CONNECT_TIMEOUT + backoff
    assert silent <= 45 and unreachable <= 25 and backoff < 2
    assert s.deadline >= 60 and s.max_pages >= 100 and s.max_bytes >= 64 * 1024**2
