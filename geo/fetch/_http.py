"""HTTP for the fetchers: time-outs, retries with backoff, paging, clear errors.

Every request has an explicit time-out. Connection errors, time-outs and
5xx answers are retried with exponential backoff; 4xx answers are not. A
response that is not JSON, that breaks off, or whose "next" link points to a
page already seen ends in a :class:`~geo.errors.RemoteError` naming the URL.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from ..errors import NotFoundError, RemoteError

if TYPE_CHECKING:
    import requests

    from ..settings import Settings

log = logging.getLogger("geo")

USER_AGENT = "vmgeo (+https://pypi.org/project/vmgeo/)"
#: Stop following "next" links after this many pages, whatever the server says.
MAX_PAGES = 10_000


def session() -> "requests.Session":
    import requests

    from .. import __version__

    s = requests.Session()
    s.headers["User-Agent"] = f"vmgeo/{__version__}"
    s.headers["Accept"] = "application/json"
    return s


def with_retries(func: Callable[[], Any], *, settings: "Settings", what: str, url: str) -> Any:
    """Call ``func``, retrying connection errors, time-outs and 5xx answers."""
    import requests

    attempts = max(1, settings.retries + 1)
    for attempt in range(1, attempts + 1):
        try:
            return func()
        except requests.HTTPError as exc:
            status = exc.response.status_code if exc.response is not None else None
            if status == 404:
                raise NotFoundError(f"{what}: not found at {url} (HTTP 404); "
                                    "check the table id and the catalog") from exc
            if status is not None and status < 500:
                raise RemoteError(f"{what}: the server refused the request (HTTP {status}) at {url}") from exc
            problem = f"HTTP {status}"
        except requests.Timeout:
            problem = f"no answer within {settings.timeout:g} s"
        except requests.exceptions.ChunkedEncodingError:
            problem = "the response broke off before it was complete"
        except requests.ConnectionError:
            problem = "cannot connect"
        if attempt < attempts:
            delay = min(8.0, 0.25 * 2 ** (attempt - 1))
            log.info("%s: %s; retrying in %.2f s (%d/%d)", what, problem, delay, attempt, attempts - 1)
            time.sleep(delay)
    raise RemoteError(f"{what}: {problem} at {url} (tried {attempts} times); try again later or use --offline "
                      "with a cached copy")


def get_json(sess: "requests.Session", url: str, *, params: dict[str, str] | None, settings: "Settings",
             what: str) -> Any:
    """GET ``url`` and parse its JSON body, with retries."""

    def once() -> Any:
        response = sess.get(url, params=params, timeout=settings.timeout)
        response.raise_for_status()
        # The body is read completely here, so a connection that breaks off
        # surfaces as ChunkedEncodingError inside the retry loop.
        return response.url, response.content

    final_url, body = with_retries(once, settings=settings, what=what, url=url)
    try:
        return json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise RemoteError(f"{what}: the answer from {final_url} is not valid JSON ({exc}); "
                          "the server may be down or behind a login page") from exc


def pages(
    sess: "requests.Session",
    url: str,
    *,
    params: dict[str, str] | None,
    next_link: Callable[[Any], str | None],
    settings: "Settings",
    what: str,
    total: int | None = None,
) -> Iterator[Any]:
    """Yield the JSON pages of a paged resource, following ``next_link``.

    A "next" link that returns to a page already fetched ends the download
    with a :class:`~geo.errors.RemoteError` instead of looping forever.
    """
    seen: set[str] = set()
    current: str | None = url
    current_params = params
    with Progress(what, total=total) as bar:
        while current is not None:
            marker = current + ("?" + json.dumps(current_params, sort_keys=True) if current_params else "")
            if marker in seen or len(seen) >= MAX_PAGES:
                raise RemoteError(f"{what}: the server's next-page link loops back to {current}; "
                                  "the download was stopped, nothing was cached")
            seen.add(marker)
            page = get_json(sess, current, params=current_params, settings=settings, what=what)
            yield page
            bar.update(1)
            current, current_params = next_link(page), None


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
