"""Which keys of each dimension a table request asks for: the measure, the region, the period, the filters.

Every dimension of a CBS or police table must be pinned to one or more keys:
the time dimension to the period(s) asked for (the latest year when none
was), a dimension named in ``--filter`` to its keys (by key or by title), the
Veiligheidsmonitor's ``Marges`` to its three margin keys, and any other
dimension to its total, when it has one. The region dimension is left open
(every area of the level comes back), unless a filter names regions.
"""

from __future__ import annotations

import difflib
import logging
from dataclasses import dataclass, field
from typing import Any

from .. import messages
from ..errors import NotFoundError, OptionError

log = logging.getLogger("geo")

#: Veiligheidsmonitor margin keys: value, lower and upper bound of the 95% interval.
MARGINS = {"MW00000": "value", "MOG0095": "lower", "MBG0095": "upper"}
DIMENSION_TYPES = {"Dimension", "GeoDimension", "GeoDetail", "TimeDimension"}
#: Units of measures whose figures may be summed over several keys.
COUNT_UNITS = ("aantal", "", "x 1 000", "absoluut")


@dataclass
class Layout:
    """The dimensions and measures a table declares (its ``DataProperties``), checked against a spec."""

    dims: dict[str, dict[str, Any]]
    topic: dict[str, Any]
    region: str


@dataclass
class Selection:
    """The keys chosen per dimension, and what the choice means for the rows that come back."""

    chosen: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    period_key: str | None = None
    period_status: str | None = None
    time_dim: str | None = None


def layout(props: list[dict[str, Any]], *, measure: str, filters: dict[str, list[str]], what: str) -> Layout:
    """The table's dimensions, the measure's topic and the region dimension; unknown names refused."""
    dims = {p["Key"]: p for p in props if p.get("Type") in DIMENSION_TYPES}
    topics = {p["Key"]: p for p in props if p.get("Type") == "Topic"}
    if measure not in topics:
        close = difflib.get_close_matches(measure, list(topics), n=4, cutoff=0.4)
        hint = (messages.line("close_matches", names=", ".join(close)) if close
                else messages.line("measures_are", names=", ".join(list(topics)[:10])))
        raise NotFoundError(messages.line("no_measure", what=what, measure=measure, hint=hint))
    region = next((k for k, p in dims.items() if p["Type"] in ("GeoDimension", "GeoDetail")), None)
    if region is None:
        raise NotFoundError(messages.line("no_region", what=what))
    for dim in filters:
        if dim not in dims:
            close = difflib.get_close_matches(dim, list(dims), n=3, cutoff=0.4)
            hint = messages.line("did_you_mean", names=close[0]) if close else ""
            raise NotFoundError(messages.line("no_dimension", what=what, dim=dim, dims=", ".join(dims), hint=hint))
    return Layout(dims=dims, topic=topics[measure], region=region)


def choose(dim: str, prop: dict[str, Any], codes: list[dict[str, Any]], *, filters: dict[str, list[str]],
           period: str | None, periods: list[str] | None, what: str, into: Selection) -> None:
    """Pin ``dim`` (with code list ``codes``) to its keys in ``into``."""
    by_key = {str(c["Key"]).strip(): c for c in codes}
    if prop["Type"] == "TimeDimension":
        into.time_dim = dim
        # Several periods through --filter are summed (counts only, checked later); a series is not.
        wanted = periods if periods else filters.get(dim, [period])
        records = [pick_period(by_key, p, what) for p in wanted]
        into.period_key = ",".join(str(r["Key"]).strip() for r in records)
        into.period_status = ",".join(sorted({str(r.get("Status")) for r in records if r.get("Status")})) or None
        into.chosen[dim] = [str(r["Key"]) for r in records]
    elif dim in filters:
        into.chosen[dim] = [pick_key(by_key, k, dim, what) for k in filters[dim]]
    elif dim == "Marges":
        into.chosen[dim] = [str(by_key[k]["Key"]) for k in MARGINS if k in by_key]
    else:
        total = [c for c in by_key.values() if str(c.get("Title", "")).lower().startswith("totaal")]
        if len(by_key) != 1 and not total:
            examples = ", ".join(f"{k} ({c.get('Title')})" for k, c in list(by_key.items())[:3])
            raise OptionError(messages.line("choose_dimension", what=what, dim=dim, examples=examples))
        record = total[0] if total else next(iter(by_key.values()))
        into.chosen[dim] = [str(record["Key"])]
        into.notes.append(messages.line("total_chosen", dim=dim, key=str(record["Key"]).strip(),
                                    title=record.get("Title")))


def check_period(selection: Selection, info: dict[str, Any], *, period: str | None, periods: list[str] | None,
                 what: str) -> None:
    """A period asked of a table without a period dimension: refused when it cannot hold, else noted."""
    if (period is None and not periods) or selection.period_key is not None:
        return
    if periods and len(periods) > 1:
        raise NotFoundError(messages.line("no_period_dim_series", what=what, covers=info.get("Period")))
    covers = str(info.get("Period") or "")
    asked = str(period or (periods or [""])[0])
    if covers[:4].isdigit() and asked[:4].isdigit() and covers[:4] != asked[:4] and "-" not in covers:
        raise NotFoundError(messages.line("no_period_dim_other_year", what=what, covers=covers, year=asked[:4]))
    selection.notes.append(messages.line("no_period_dim_note", what=what, covers=covers, period=period))


def summed(selection: Selection, layout: Layout, *, series: bool, what: str) -> list[str]:
    """The dimensions whose several keys will be summed; refused unless the measure is a count."""
    dims = [d for d, keys in selection.chosen.items()
            if len(keys) > 1 and d not in ("Marges", layout.region) and not (series and d == selection.time_dim)]
    unit = layout.topic.get("Unit")
    if dims and str(unit or "").lower() not in COUNT_UNITS:
        raise OptionError(messages.line("not_summable", what=what, unit=unit, dims=", ".join(dims)))
    return dims


def pick_period(by_key: dict[str, dict[str, Any]], period: str | None, what: str) -> dict[str, Any]:
    """The code of ``period`` (``2023``, ``2023JJ00``, ``2023MM01``), or the latest year when it is ``None``."""
    keys = list(by_key)
    if period is None:
        annual = [k for k in keys if k.endswith("JJ00")] or keys
        latest = sorted(annual)[-1]
        log.info("%s", messages.line("latest_period", what=what, period=latest))
        return by_key[latest]
    wanted = period.strip().upper()
    for candidate in (wanted, f"{wanted}JJ00"):
        if candidate in by_key:
            return by_key[candidate]
    years = sorted({k[:4] for k in keys})
    raise NotFoundError(messages.line("no_period", what=what, period=period, first=years[0], last=years[-1],
                                  examples=", ".join(sorted(keys)[-3:])))


def pick_key(by_key: dict[str, dict[str, Any]], wanted: str, dim: str, what: str) -> str:
    """The key of ``dim`` that ``wanted`` names, by key or by (the end of) its title."""
    text = wanted.strip()
    if text in by_key:
        return str(by_key[text]["Key"])
    for record in by_key.values():
        title = str(record.get("Title", "")).strip().lower()
        if title == text.lower() or title.endswith(" " + text.lower()):
            return str(record["Key"])
    choices = list(by_key) + [str(r.get("Title", "")) for r in by_key.values()]
    close = difflib.get_close_matches(text, choices, n=3, cutoff=0.5)
    hint = (messages.line("close_matches", names=", ".join(close)) if close
            else messages.line("keys_are", names=", ".join(list(by_key)[:5])))
    raise NotFoundError(messages.line("no_key", what=what, dim=dim, key=wanted, hint=hint))
