"""The pages of a paged answer: each one checked for the JSON shape vmgeo reads, then the link to the next.

A page whose shape is not what the source publishes (a list where an object
belongs, an object where a list belongs, a string, ``null``, a number, a
missing key) ends the download with one :class:`~geo.errors.RemoteError`
naming the source, the URL and what to do, before anything is cached or read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import messages
from ..errors import RemoteError


def kind(value: Any) -> str:
    """The JSON type of ``value``, as the messages name it (``a list``, ``null``, ...)."""
    if value is None:
        return messages.line("json_null")
    if isinstance(value, bool):
        return messages.line("json_boolean")
    if isinstance(value, int | float):
        return messages.line("json_number")
    if isinstance(value, str):
        return messages.line("json_string")
    if isinstance(value, list):
        return messages.line("json_list")
    return messages.line("json_object")


def shape_error(what: str, url: str, problem: str) -> RemoteError:
    """The error for an answer of the wrong shape: the source, the URL, the problem and what to do."""
    return RemoteError(messages.line("wrong_shape", what=what, url=url, problem=problem))


def check_records(rows: Any, *, what: str, url: str, keys: tuple[str, ...] = (), where: str = "value") -> None:
    """``rows`` must be a list of objects, each with ``keys``."""
    if not isinstance(rows, list):
        raise shape_error(what, url, messages.line("expected_list", where=where, got=kind(rows)))
    for i, row in enumerate(rows):
        if not isinstance(row, dict):
            raise shape_error(what, url, messages.line("expected_object_item", where=where, i=i, got=kind(row)))
        missing = [k for k in keys if k not in row]
        if missing:
            raise shape_error(what, url, messages.line("missing_keys", where=where, i=i,
                                                   keys=", ".join(repr(k) for k in missing)))


def odata(what: str, url: str, *, columns: tuple[str, ...] = ()) -> Callable[[Any], str | None]:
    """The ``next_link`` of OData pages: checks each page's shape, and that a stated ``odata.count`` holds.

    ``columns`` are the keys every row must have (those asked for with ``$select``).
    """
    counts: list[int] = []
    rows = 0

    def next_link(page: Any) -> str | None:
        nonlocal rows
        if not isinstance(page, dict):
            raise shape_error(what, url, messages.line("expected_object_page", got=kind(page)))
        if "value" not in page:
            raise shape_error(what, url, messages.line("no_value_list"))
        check_records(page["value"], what=what, url=url, keys=columns)
        rows += len(page["value"])
        count = page.get("odata.count")
        if count is not None:
            try:
                counts.append(int(count))
            except (TypeError, ValueError):
                raise RemoteError(messages.line("bad_count", what=what, url=url, count=count)) from None
            if counts[-1] != counts[0]:
                raise RemoteError(messages.line("count_changed", what=what, url=url, first=counts[0], now=counts[-1],
                                            page=len(counts)))
        link = page.get("odata.nextLink")
        if link is not None and not isinstance(link, str):
            raise RemoteError(messages.line("bad_next_link", what=what, url=url))
        if not link and counts and rows != counts[0]:
            raise RemoteError(messages.line("rows_short", what=what, url=url, stated=counts[0], rows=rows))
        return link or None

    return next_link


def pdok(what: str, url: str) -> Callable[[Any], str | None]:
    """The ``next_link`` of OGC API Features pages: checks each page's shape, and that ``numberMatched`` holds."""
    matched: list[int] = []

    def next_link(page: Any) -> str | None:
        if not isinstance(page, dict) or page.get("type") != "FeatureCollection":
            got = kind(page) if not isinstance(page, dict) else repr(page.get("type"))
            raise shape_error(what, url, messages.line("not_a_collection", got=got))
        check_records(page.get("features"), what=what, url=url, keys=("properties", "geometry"), where="features")
        for i, feature in enumerate(page["features"]):
            for key, allowed in (("properties", (dict,)), ("geometry", (dict, type(None)))):
                if not isinstance(feature[key], allowed):
                    raise shape_error(what, url, messages.line("bad_feature_part", i=i, key=key,
                                                           got=kind(feature[key])))
        number = page.get("numberMatched")
        if isinstance(number, int) and not isinstance(number, bool):
            matched.append(number)
            if matched[-1] != matched[0]:
                raise RemoteError(messages.line("matched_changed", what=what, url=url, first=matched[0],
                                            now=matched[-1], page=len(matched)))
        links = page.get("links")
        if links is None:
            return None
        if not isinstance(links, list):
            raise shape_error(what, url, messages.line("expected_list", where="links", got=kind(links)))
        for link in links:
            if isinstance(link, dict) and link.get("rel") == "next" and link.get("href"):
                if not isinstance(link["href"], str):
                    raise RemoteError(messages.line("bad_next_link", what=what, url=url))
                return link["href"]
        return None

    return next_link
