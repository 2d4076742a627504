"""The early warning by month: which units see a rise beyond the usual ups and downs.

The police's own Early Warning shows, every month, per eenheid, district,
basisteam and gemeente, which crimes rise. :func:`assemble_months` fetches
(or reads) the monthly registrations of every crime type for the latest
month(s) and the three years before, sums them to police units when a
composition is given, and :func:`early_warning` compares each unit's latest
month(s) with the same months of earlier years (:func:`geo.stats.change.early_warning`:
a unit is flagged only above the Poisson bound of its expected count, and
never on an expected count below 5).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import periods
from .errors import OptionError
from .reports import Provenance

if TYPE_CHECKING:
    import pandas as pd

    from .settings import Settings

log = logging.getLogger("geo")

#: Crime types assessed by default: the total and the main types gemeenten discuss most
#: (47018NED/47022NED SoortMisdrijf keys: woninginbraak, fietsendiefstal, mishandeling, vernieling).
DEFAULT_CRIME_TYPES = ("0.0.0", "1.1.1", "1.2.3", "1.4.5", "2.2.1")

#: The dimension of the police tables that holds the crime type.
CRIME_DIMENSION = "SoortMisdrijf"

#: Columns of trend.csv, in this order.
TREND_COLUMNS = ["code", "name", "crime", "crime_title", "months", "observed", "expected", "bound", "ratio",
                 "excess", "p_exceed", "previous_year", "change_vs_previous_year", "flagged", "reason"]


@dataclass(frozen=True)
class Months:
    """Monthly counts per unit and crime type: the input of the early warning."""

    #: One row per ``code``, ``crime`` and ``month`` (a CBS key such as 2024MM03), with ``count``.
    frame: "pd.DataFrame"
    #: Crime type key to its title.
    titles: dict[str, str]
    latest: str
    sources: list[Provenance] = field(default_factory=list)


def month_span(latest: str, *, window: int, years: int) -> list[str]:
    """The months the warning needs: the ``window`` latest ones and the ``years`` years before them."""
    key = periods.key(latest)
    if "MM" not in key:
        raise OptionError(f"--period {latest!r} is not a month; give the latest month as 2024MM03")
    year, month = periods.year(key), int(key[-2:])
    index = year * 12 + month - 1
    first = index - 12 * years - (window - 1)
    return [f"{i // 12}MM{i % 12 + 1:02d}" for i in range(first, index + 1)]


def assemble_months(data: str, *, level: str, latest: str | None, window: int, crime_types: list[str],
                    filters: list[str], settings: "Settings", refresh: bool = False,
                    years: int = 3) -> Months:
    """Fetch the monthly counts of every crime type for the months the warning needs.

    Parameters
    ----------
    data
        ``politie:TABLE/MEASURE`` of a monthly table (47022NED) or an indicator name.
    level
        ``gemeente``, ``wijk`` or ``buurt`` (units are summed from these by the caller).
    latest
        The latest month (``2024MM03``); the table's latest month when ``None``.
    window
        1 (the latest month) or 3 (the latest three months together).
    crime_types
        SoortMisdrijf keys, each assessed on its own.
    filters
        Other ``DIM=KEY`` filters of the table.
    """
    import pandas as pd

    from . import fetch

    spec = fetch.parse(data, filters=filters)
    available = [k for k in fetch.periods_of(spec, settings=settings, refresh=refresh) if "MM" in k]
    if not available:
        raise OptionError(f"{spec.label()} has no monthly periods; the early warning needs a monthly table such as "
                          "politie:47022NED/GeregistreerdeMisdrijven_1")
    last = periods.key(latest) if latest else sorted(available)[-1]
    wanted = month_span(last, window=window, years=years)
    missing = [k for k in wanted if k not in available]
    if missing:
        shown = ", ".join(periods.label(k) for k in missing[:6]) + (" ..." if len(missing) > 6 else "")
        raise OptionError(f"{spec.label()} lacks {len(missing)} of the {len(wanted)} months the warning needs "
                          f"({periods.label(wanted[0])} to {periods.label(wanted[-1])}): {shown}; it has "
                          f"{periods.label(sorted(available)[0])} to {periods.label(sorted(available)[-1])}")
    dim = CRIME_DIMENSION
    parts = []
    sources: list[Provenance] = []
    titles: dict[str, str] = {}
    for key in crime_types:
        one = fetch.parse(data, filters=[*filters, f"{dim}={key}"])
        table = fetch.fetch_table(one, periods=wanted, level=level, settings=settings, refresh=refresh)
        assert table.provenance is not None
        sources.append(table.provenance)
        titles[key] = _crime_title(spec, dim, key, settings=settings)
        parts.append(table.frame.assign(crime=key).rename(columns={"period": "month", "value": "count"}))
    frame = pd.concat(parts, ignore_index=True)[["code", "crime", "month", "count"]]
    return Months(frame=frame, titles=titles, latest=last, sources=sources)


def _crime_title(spec: Any, dim: str, key: str, *, settings: "Settings") -> str:
    from . import fetch

    codes = fetch.dimension_codes(spec, dim, settings=settings)
    for record in codes:
        if str(record.get("Key", "")).strip() == key:
            return str(record.get("Title") or key).strip()
    return key


def to_units(months: "pd.DataFrame", members: dict[str, set[str]]) -> "pd.DataFrame":
    """Monthly counts of member areas summed to police units; a unit with a missing member month stays missing."""
    import pandas as pd

    from .units import aggregate

    parts = []
    for (crime, month), group in months.groupby(["crime", "month"], sort=False):
        summed = aggregate(group, members, counts=["count"]).frame
        parts.append(summed.assign(crime=crime, month=month))
    return pd.concat(parts, ignore_index=True)[["code", "crime", "month", "count"]]


def early_warning(months: Months, *, window: int = 1, names: dict[str, str] | None = None,
                  min_expected: float | None = None) -> "pd.DataFrame":
    """The ranked early warning: one row per unit and crime type, flagged rows first.

    Parameters
    ----------
    months
        From :func:`assemble_months` (or :func:`to_units` on its frame).
    window
        1 or 3 latest months.
    names
        Unit code to name, for the table.
    min_expected
        Smallest expected count at which a unit is assessed (default
        :data:`geo.stats.change.WARNING_MIN_EXPECTED`).
    """
    from .stats import change

    frame = months.frame.dropna(subset=["count"])
    out = change.early_warning(frame, unit="code", crime="crime", month="month", count="count", window=window,
                               min_expected=change.WARNING_MIN_EXPECTED if min_expected is None else min_expected)
    out["crime_title"] = out["crime"].map(months.titles).fillna(out["crime"])
    out["name"] = out["code"].map(names or {}).fillna(out["code"])
    return out[[c for c in TREND_COLUMNS if c in out.columns]]
