"""HTTP for the fetchers: time-outs, a deadline, retries, paging and size limits, with clear errors.

Every download (one table, code list or boundary collection, all its pages
included) is a :class:`Download` with the limits of the settings (see the
table in :mod:`geo.settings`):

- each request has a short connect time-out and a read time-out, both cut
  to what is left of the download's deadline;
- the body is streamed and read in pieces: the deadline is checked between
  pieces (a server that drips bytes is stopped) and an answer larger than
  ``max_bytes`` is refused as soon as it gets there, so memory never holds
  more than the cap;
- connection errors, resets, time-outs, HTTP 429 and 5xx are retried with
  exponential backoff, honouring ``Retry-After``; a time-out is retried
  once only, as each try costs the whole time-out; 4xx answers are not
  retried;
- "next" links are followed at most ``max_pages`` times, and a link back to
  a page already fetched ends the download.

Every failure is a :class:`~geo.errors.RemoteError` (or
:class:`~geo.errors.NotFoundError` for HTTP 404) whose one-line message names
the URL, the problem and what to do. :class:`BoundedSession` applies the same
limits to requests made inside cbsodata.
"""

from __future__ import annotations

import contextlib
import email.utils
import io
import json
import logging
import math
import socket
import sys
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from .. import messages
from .._version import __version__
from ..errors import NotFoundError, RemoteError
from ..settings import CONNECT_TIMEOUT, Settings

if TYPE_CHECKING:
    import requests

log = logging.getLogger("geo")

#: Bytes asked for per read of a body; a read returns what has arrived, up to this.
CHUNK = 64 * 1024
#: Backoff before retry n (1, 2, ...): FIRST_BACKOFF * 2**(n-1) seconds, at most MAX_BACKOFF.
FIRST_BACKOFF = 0.25
MAX_BACKOFF = 8.0
#: Time-outs after which a request is given up, whatever ``retries`` says:
#: a server that stayed silent for the whole time-out twice will not answer
#: a third time, and every try costs the whole time-out.
MAX_TIMEOUTS = 2
_RETRIED_STATUS = {429, 500, 502, 503, 504}


def _user_agent() -> str:
    return f"vmgeo/{__version__}"


def session() -> "requests.Session":
    """A requests session with vmgeo's headers, whose connections a deadline can cut (:func:`watchdog`)."""
    import requests

    s = requests.Session()
    s.headers["User-Agent"] = _user_agent()
    s.headers["Accept"] = "application/json"
    adapter = _watched_adapter()
    s.mount("http://", adapter)
    s.mount("https://", adapter)
    return s


def _watched_adapter() -> "requests.adapters.HTTPAdapter":
    """A requests adapter that keeps (weakly) the sockets it opens, so that they can be cut.

    Reading an answer's body is bounded between reads (see :func:`_read_body`),
    but while requests waits for the status line and headers it is inside
    http.client, where a server that drips its headers a byte at a time is
    bounded only per read. Shutting the socket down from a timer at the
    deadline ends that wait too.
    """
    from requests.adapters import HTTPAdapter
    from urllib3.connection import HTTPConnection, HTTPSConnection
    from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

    live: weakref.WeakSet[socket.socket] = weakref.WeakSet()
    guard = threading.Lock()  # the timer's thread reads `live` while requests add to it

    def keep(sock: socket.socket | None) -> None:
        if sock is not None:
            with guard:
                live.add(sock)

    class Watched(HTTPConnection):
        def connect(self) -> None:
            super().connect()
            keep(self.sock)

    class WatchedTLS(HTTPSConnection):
        def connect(self) -> None:
            super().connect()
            keep(self.sock)

    class Pool(HTTPConnectionPool):
        ConnectionCls = Watched

    class PoolTLS(HTTPSConnectionPool):
        ConnectionCls = WatchedTLS

    def watch(manager: Any) -> Any:
        # SOCKS proxies have pools of their own; those keep the per-read bound only.
        if type(manager).__name__ != "SOCKSProxyManager":
            manager.pool_classes_by_scheme = {"http": Pool, "https": PoolTLS}
        return manager

    class Adapter(HTTPAdapter):
        def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
            super().init_poolmanager(*args, **kwargs)
            watch(self.poolmanager)

        def proxy_manager_for(self, proxy: str, **kwargs: Any) -> Any:
            return watch(super().proxy_manager_for(proxy, **kwargs))

        def cut(self) -> None:
            """Shut every socket of this adapter down: blocked reads return at once."""
            with guard:
                socks = list(live)
            for sock in socks:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    return Adapter()


@contextlib.contextmanager
def watchdog(sess: "requests.Session", download: "Download") -> Iterator[None]:
    """Cut ``sess``'s connections if the block is still running when ``download``'s deadline passes."""
    cuts = [a.cut for a in {id(a): a for a in sess.adapters.values()}.values() if hasattr(a, "cut")]
    if not cuts:
        yield
        return
    timer = threading.Timer(max(0.0, download.remaining()), lambda: [cut() for cut in cuts])
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()


def size_text(n: int) -> str:
    """``268435456`` as ``256M``: the way VMGEO_MAX_BYTES is written."""
    for unit, factor in (("G", 1024**3), ("M", 1024**2), ("K", 1024)):
        if n >= factor and n % factor == 0:
            return f"{n // factor}{unit}"
    return str(n)


class Download:
    """The limits of one download: its deadline, its pages and the size of each answer.

    Parameters
    ----------
    what
        What is downloaded, for messages (``politie:47018NED data``).
    settings
        ``timeout``, ``retries``, ``deadline``, ``max_pages`` and ``max_bytes``.
    address
        The setting that holds the server's address (``VMGEO_PDOK_URL``), named
        in messages about a server that cannot be reached or refuses.
    """

    def __init__(self, what: str, *, settings: "Settings", address: str | None = None) -> None:
        self.what = what
        self.settings = settings
        self.address = address or "the VMGEO_*_URL settings"
        self.deadline = time.monotonic() + settings.deadline
        self.seen: set[str] = set()
        #: The last URL asked for; messages about content parsed elsewhere (cbsodata) name it.
        self.last_url: str | None = None

    @property
    def requests(self) -> int:
        """How many pages were asked for (retries not counted)."""
        return len(self.seen)

    def remaining(self) -> float:
        """Seconds left before the deadline (negative once past it)."""
        return self.deadline - time.monotonic()

    def too_late(self, url: str) -> RemoteError:
        """The error for a download that ran past its deadline."""
        return RemoteError(messages.line("too_late", what=self.what, url=url, deadline=float(self.settings.deadline)))

    def check_deadline(self, url: str) -> None:
        """Raise :meth:`too_late` when the deadline has passed."""
        if self.remaining() <= 0:
            raise self.too_late(url)

    def count_page(self, url: str) -> None:
        """Count a request for ``url``; refuse a page fetched before, or one past ``max_pages``."""
        if url in self.seen:
            raise RemoteError(messages.line("loops_back", what=self.what, url=url))
        if len(self.seen) >= self.settings.max_pages:
            raise RemoteError(messages.line("too_many_pages", what=self.what, url=url, pages=self.settings.max_pages))
        self.seen.add(url)
        self.last_url = url


class _Status(Exception):  # noqa: N818 - an internal signal, never seen by a user
    """An HTTP error status, with the server's Retry-After if it gave one."""

    def __init__(self, status: int, retry_after: float | None) -> None:
        super().__init__(status)
        self.status = status
        self.retry_after = retry_after


class _Broken(Exception):  # noqa: N818 - an internal signal, never seen by a user
    """The body broke off (reset, short, undecodable); ``timeout`` when a read timed out."""

    def __init__(self, problem: str, *, timeout: bool = False) -> None:
        super().__init__(problem)
        self.problem = problem
        self.timeout = timeout


def retry_after(value: str | None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (seconds or an HTTP date), or ``None``."""
    if not value or not value.strip():
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - datetime.now(UTC)).total_seconds()
    return max(0.0, seconds) if math.isfinite(seconds) else None


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """``exc``, what it wraps (urllib3's ``reason``, exception arguments) and its causes."""
    seen: set[int] = set()
    todo = [exc]
    while todo:
        e = todo.pop()
        if id(e) in seen:
            continue
        seen.add(id(e))
        yield e
        todo.extend(x for x in (e.__cause__, e.__context__, getattr(e, "reason", None), *e.args)
                    if isinstance(x, BaseException))


def _times(n: int) -> str:
    return messages.line("once") if n == 1 else messages.line("n_times", n=n)


def _connect_problem(exc: BaseException) -> tuple[str, bool]:
    """A short description of a failed connection, from the exceptions it wraps; and whether none was made."""
    from urllib3.exceptions import NameResolutionError

    for e in _causes(exc):
        if isinstance(e, NameResolutionError | socket.gaierror):
            return messages.line("no_such_host"), True
        if isinstance(e, ConnectionRefusedError):
            return messages.line("refused"), True
        if isinstance(e, ConnectionResetError):
            return messages.line("reset_before"), False
        if type(e).__name__ == "RemoteDisconnected":
            return messages.line("closed_without"), False
    return messages.line("cannot_connect"), True


def _read_body(response: "requests.Response", *, url: str, download: Download) -> bytearray:
    """The body of a streamed response, read piece by piece within the deadline and the size cap."""
    from urllib3.exceptions import HTTPError as Urllib3Error
    from urllib3.exceptions import ReadTimeoutError

    settings = download.settings
    limit = settings.max_bytes
    declared = response.headers.get("Content-Length", "")
    encoded = response.headers.get("Content-Encoding", "identity").strip().lower() not in ("", "identity")
    if declared.isdigit() and int(declared) > limit and not encoded:
        raise _too_big(url, download, declared=int(declared))
    raw = response.raw
    # read1 returns what has arrived (up to CHUNK) instead of waiting for all of
    # CHUNK, so a dripping server is seen between reads; urllib3 < 2.2 lacks it.
    read1 = getattr(raw, "read1", None)
    connection = getattr(raw, "connection", None)
    sock = getattr(connection, "sock", None)
    body = bytearray()
    while True:
        left = download.remaining()
        if left <= 0:
            raise download.too_late(url)
        if sock is not None:
            # Cut the wait for the next bytes to what is left of the deadline.
            try:
                sock.settimeout(min(settings.timeout, left))
            except OSError:
                sock = None
        try:
            chunk = read1(CHUNK, decode_content=True) if read1 is not None else raw.read(
                CHUNK, decode_content=True)
        except ReadTimeoutError as exc:
            raise _Broken(messages.line("stalled_body", timeout=float(settings.timeout)), timeout=True) from exc
        except (Urllib3Error, OSError) as exc:
            raise _Broken(messages.line("broke_off")) from exc
        if not chunk:
            return body
        if len(body) + len(chunk) > limit:
            raise _too_big(url, download, declared=None)
        body += chunk


def _too_big(url: str, download: Download, *, declared: int | None) -> RemoteError:
    limit = download.settings.max_bytes
    size = messages.line("announced", n=messages.count(declared)) if declared is not None else ""
    return RemoteError(messages.line("too_big", what=download.what, url=url, limit=size_text(limit), size=size,
                                 suggested=size_text(limit * 4)))


def _once(sess: "requests.Session", prepared: "requests.PreparedRequest", *, download: Download,
          send_kwargs: dict[str, Any]) -> tuple["requests.Response", bytearray]:
    """One try: send, check the status, read the body."""
    read = max(0.01, min(download.settings.timeout, download.remaining()))
    response = sess.send(prepared, stream=True, timeout=(min(CONNECT_TIMEOUT, read), read), **send_kwargs)
    try:
        if response.status_code >= 400:
            raise _Status(response.status_code, retry_after(response.headers.get("Retry-After")))
        body = _read_body(response, url=str(prepared.url), download=download)
    finally:
        response.close()
    return response, body


def exchange(sess: "requests.Session", prepared: "requests.PreparedRequest", *, download: Download,
             send_kwargs: dict[str, Any] | None = None) -> tuple["requests.Response", bytearray]:
    """Send ``prepared``, with retries, within ``download``'s limits.

    The caller counts the page (:meth:`Download.count_page`); retries of
    this request are not counted again.

    Parameters
    ----------
    sess
        The session to send with (from :func:`session`, so that the
        deadline can cut its connections).
    prepared
        The request.
    download
        The download it is part of: deadline, time-out, retries, size cap.
    send_kwargs
        More keyword arguments of ``requests.Session.send`` (``proxies``,
        ``verify``, ``cert``); ``stream`` and ``timeout`` are vmgeo's.

    Returns
    -------
    tuple of requests.Response and bytearray
        The response (closed; status, headers and final URL) and its body.

    Raises
    ------
    NotFoundError
        HTTP 404.
    RemoteError
        Any other failure, once retries, time or patience are spent.
    """
    settings = download.settings
    url = str(prepared.url)
    attempts = settings.retries + 1
    timeouts = 0
    attempt = 0
    while True:
        attempt += 1
        download.check_deadline(url)
        try:
            with watchdog(sess, download):
                return _once(sess, prepared, download=download, send_kwargs=dict(send_kwargs or {}))
        except Exception as exc:  # _failure re-raises what is not a failed try
            failed = _failure(exc, url=url, download=download)
        timeouts += failed.timeout
        if attempt >= attempts or timeouts >= MAX_TIMEOUTS:
            hint = messages.line("check_or_later", address=download.address) if failed.unreachable else messages.line(
                "later")
            raise RemoteError(messages.line("gave_up", what=download.what, problem=failed.problem, url=url,
                                        tried=_times(attempt), hint=hint))
        delay = _delay(failed, attempt=attempt, url=url, download=download)
        # A long wait the server asked for is shown: without it, vmgeo would look stuck.
        log.log(logging.WARNING if delay >= 5 else logging.INFO, "%s",
                messages.line("retrying", what=download.what, problem=failed.problem, url=url, delay=round(delay, 2),
                          attempt=attempt, retries=attempts - 1))
        time.sleep(delay)


class _Failed:
    """One failed try that may be tried again: what went wrong, and what the server asked."""

    def __init__(self, problem: str, *, wait: float | None = None, timeout: bool = False,
                 unreachable: bool = False) -> None:
        self.problem = problem
        self.wait = wait
        self.timeout = timeout
        self.unreachable = unreachable


def _failure(exc: Exception, *, url: str, download: Download) -> _Failed:
    """What a try's exception means: a failure to try again, or (raised) the end of the download."""
    import requests

    settings = download.settings
    if isinstance(exc, _Status):
        if exc.status == 404:
            raise NotFoundError(messages.line("http_404", what=download.what, url=url)) from None
        if exc.status not in _RETRIED_STATUS and exc.status < 500:
            raise RemoteError(messages.line("refused_status", what=download.what, status=exc.status, url=url,
                                        address=download.address)) from None
        problem = messages.line("busy") if exc.status == 429 else f"HTTP {exc.status}"
        return _Failed(problem, wait=exc.retry_after)
    cut = download.remaining() <= 0  # the deadline passed (or the watchdog cut the connection)
    if isinstance(exc, requests.exceptions.SSLError):
        if cut:
            raise download.too_late(url) from None
        raise RemoteError(messages.line("tls", what=download.what, url=url, kind=type(exc).__name__)) from exc
    if isinstance(exc, requests.ConnectTimeout | requests.Timeout | _Broken | requests.ConnectionError) and cut:
        raise download.too_late(url) from None
    if isinstance(exc, requests.ConnectTimeout):
        return _Failed(messages.line("no_connection", seconds=float(min(CONNECT_TIMEOUT, settings.timeout))),
                       unreachable=True)
    if isinstance(exc, requests.Timeout):
        return _Failed(messages.line("no_answer", seconds=float(settings.timeout)), timeout=True)
    if isinstance(exc, _Broken):
        return _Failed(exc.problem, timeout=exc.timeout)
    if isinstance(exc, requests.ConnectionError):
        problem, unreachable = _connect_problem(exc)
        return _Failed(problem, unreachable=unreachable)
    if isinstance(exc, requests.RequestException):
        raise RemoteError(messages.line("request_failed", what=download.what, url=url, kind=type(exc).__name__,
                                    address=download.address)) from exc
    raise exc


def _delay(failed: _Failed, *, attempt: int, url: str, download: Download) -> float:
    """Seconds to wait before the next try; the end of the download when the deadline leaves no time."""
    delay = failed.wait if failed.wait is not None else min(MAX_BACKOFF, FIRST_BACKOFF * 2 ** (attempt - 1))
    left = download.remaining()
    if failed.wait is not None and failed.wait >= left:
        raise RemoteError(messages.line("retry_after_too_long", what=download.what, problem=failed.problem, url=url,
                                    wait=float(failed.wait), left=round(max(left, 0))))
    if delay >= left:
        raise RemoteError(messages.line("no_time_left", what=download.what, problem=failed.problem, url=url,
                                    tried=_times(attempt), deadline=float(download.settings.deadline)))
    return delay


def get_body(sess: "requests.Session", url: str, *, params: dict[str, str] | None,
             download: Download) -> tuple[str, bytearray]:
    """GET ``url`` as the next page of ``download``.

    Parameters
    ----------
    sess
        From :func:`session`.
    url, params
        What to get; ``params`` are added as the query.
    download
        The download the page counts against (see :meth:`Download.count_page`).

    Returns
    -------
    tuple of str and bytearray
        The final URL (after redirects) and the body.
    """
    import requests

    prepared = sess.prepare_request(requests.Request("GET", url, params=params))
    download.count_page(str(prepared.url))
    env = sess.merge_environment_settings(str(prepared.url), {}, None, None, None)
    env.pop("stream", None)
    response, body = exchange(sess, prepared, download=download, send_kwargs=env)
    return response.url, body


#: First bytes of a JSON value: an object, a list, a string, a number, true, false or null.
_JSON_START = {bytes([c]) for c in b'{["-0123456789tfn'}


def check_json_start(body: bytes | bytearray, *, url: str, what: str) -> None:
    """Refuse an empty answer or one that is clearly not JSON (an HTML page), naming what it starts with."""
    head = bytes(body[:200]).removeprefix(b"\xef\xbb\xbf").lstrip()
    if not head:
        raise RemoteError(messages.line("empty_answer", what=what, url=url))
    # Any JSON value may start an answer (its shape is checked where it is read); an HTML page may not.
    if head[:1] not in _JSON_START:
        start = " ".join(head[:60].decode("utf-8", "replace").split())
        raise RemoteError(messages.line("not_json_start", what=what, url=url, start=repr(start)))


def get_json(sess: "requests.Session", url: str, *, params: dict[str, str] | None, settings: "Settings",
             what: str, download: Download | None = None) -> Any:
    """GET ``url`` and parse its JSON body, as a page of ``download`` (a download of its own when not given).

    Raises
    ------
    RemoteError
        As :func:`exchange`, and for an empty answer or one that is not JSON.
    """
    download = download if download is not None else Download(what, settings=settings)
    final_url, body = get_body(sess, url, params=params, download=download)
    check_json_start(body, url=final_url, what=what)
    try:
        # json.loads takes the bytes as they are (and a UTF-8 BOM): no decoded copy here.
        return json.loads(body)
    except (UnicodeDecodeError, ValueError) as exc:
        raise RemoteError(messages.line("not_json", what=what, url=final_url, problem=exc)) from exc


def pages(
    sess: "requests.Session",
    url: str,
    *,
    params: dict[str, str] | None,
    next_link: Callable[[Any], str | None],
    settings: "Settings",
    what: str,
    address: str | None = None,
    total: int | None = None,
) -> Iterator[Any]:
    """Yield the JSON pages of a paged resource, following ``next_link``, as one :class:`Download`.

    A "next" link back to a page already fetched, more than ``max_pages``
    pages, or the deadline passing end the download with a
    :class:`~geo.errors.RemoteError` instead of going on forever.

    Parameters
    ----------
    sess
        From :func:`session`.
    url, params
        The first page; ``next_link`` gives the others, whole URLs.
    next_link
        Checks a page and returns the URL of the next one, or ``None``.
    settings
        The limits (see :mod:`geo.settings`).
    what
        What is downloaded, for messages.
    address
        The setting that holds the server's address, for messages.
    total
        Pages expected, for the progress bar.

    Yields
    ------
    Any
        Each page, parsed.
    """
    download = Download(what, settings=settings, address=address)
    current: str | None = url
    current_params = params
    with Progress(what, total=total) as bar:
        while current is not None:
            page = get_json(sess, current, params=current_params, settings=settings, what=what, download=download)
            # The page is checked (its shape, its link) before anyone reads it.
            following = next_link(page)
            yield page
            bar.update(1)
            current, current_params = following, None


class BoundedSession:
    """A stand-in for ``requests.Session`` whose requests keep to one :class:`Download`'s limits.

    cbsodata makes a new ``Session()`` for every page of a metadata list
    and follows ``odata.nextLink`` without any limit; vmgeo hands it this
    class instead (see ``geo.fetch._odata``), so that its requests get the
    same deadline, page limit, loop check, size cap, retries and messages as
    vmgeo's own. It offers what cbsodata uses: :meth:`send` of a prepared
    request (with the keyword arguments of ``requests.Session.send``).
    """

    def __init__(self, download: Download) -> None:
        self.download = download
        self._io = session()

    def send(self, request: "requests.PreparedRequest", **kwargs: Any) -> "requests.Response":
        """Send ``request`` as the next page of the download; the response with its body already read."""
        for name in ("timeout", "stream", "allow_redirects"):  # ours apply
            kwargs.pop(name, None)
        for name, value in self._io.headers.items():
            request.headers.setdefault(name, value)  # cbsodata prepares requests without any headers
        url = str(request.url)
        self.download.count_page(url)
        try:
            response, body = exchange(self._io, request, download=self.download, send_kwargs=kwargs)
        finally:
            self._io.close()
        check_json_start(body, url=response.url or url, what=self.download.what)
        # cbsodata reads .text / .json(); give the response its body back as a plain stream.
        response.raw = io.BytesIO(body)
        return response

    def close(self) -> None:
        self._io.close()

    def __enter__(self) -> "BoundedSession":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Progress:
    """A tqdm progress bar on a terminal, nothing otherwise."""

    def __init__(self, what: str, *, total: int | None = None) -> None:
        self._bar = None
        if sys.stderr.isatty() and logging.getLogger("geo").level <= logging.WARNING:
            from tqdm import tqdm

            self._bar = tqdm(total=total, desc=what[:40], unit="pagina", leave=False, file=sys.stderr)

    def __enter__(self) -> "Progress":
        return self

    def update(self, n: int) -> None:
        if self._bar is not None:
            self._bar.update(n)

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.close()
