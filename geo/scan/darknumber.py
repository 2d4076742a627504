"""The dark number: how many incidents of a kind never reach the police.

The Veiligheidsmonitor asks people of 15 and over whether they were the
victim of a kind of crime in the past twelve months and, if so, whether
they reported it. For an area::

    victims     = share of victims  x  base
    unreported  = victims  x  (1 - share of victims who reported)
    reports     = victims  x  share of victims who reported

beside the count the police registered. The base is the inhabitants of 15
and over for a crime against a person, and the households for a crime
against the household (woninginbraak: the survey asks whether anyone's home
was broken into, so a household of three is one victim, not three). The
households are CBS's count (Kerncijfers wijken en buurten,
``HuishoudensTotaal``) where it is published for every member of the
area, else the inhabitants divided by :data:`INHABITANTS_PER_HOUSEHOLD`
(:func:`households` says which). Expected reports far from the registered
count (outside their range) are a question for the meeting, not an error:
reports may be registered as another kind, in another place, or not at all. The range comes from the 95%
margins of both shares (the lowest share of victims with the highest share
reporting, and the other way round). Its limits, which the report states:
people forget or misplace incidents in time; the survey counts a victim
once however often it happened; the survey counts residents and the police
register incidents wherever they happen, by their own definitions (a
household's burglary is one registration, whoever answers).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

#: Inhabitants per private household in the Netherlands on 1 January 2024: 17,942,942 inhabitants over
#: 8,374,404 private households (CBS StatLine 37975 and 37230), about 2.14. Inhabitants, not only people
#: in private households, so that it turns an area's inhabitants into its households.
INHABITANTS_PER_HOUSEHOLD = 17_942_942 / 8_374_404
#: How the households of an area were found (:func:`households`).
PUBLISHED, RATIO = "published", "ratio"


@dataclass(frozen=True)
class DarkNumber:
    """One kind's estimate: victims, the unreported part and the expected reports, each with its range."""

    victims: float
    victims_low: float
    victims_high: float
    unreported: float
    unreported_low: float
    unreported_high: float
    reports: float = math.nan
    reports_low: float = math.nan
    reports_high: float = math.nan


def households(inhabitants: float, published: float) -> tuple[float, str]:
    """The households of an area: CBS's count, else inhabitants over :data:`INHABITANTS_PER_HOUSEHOLD`.

    Parameters
    ----------
    inhabitants
        The area's inhabitants.
    published
        CBS's count of private households (NaN where it is not published for every part of the area).

    Returns
    -------
    tuple
        The households and how they were found: :data:`PUBLISHED` or :data:`RATIO`.
    """
    if math.isfinite(published) and published > 0:
        return published, PUBLISHED
    return inhabitants / INHABITANTS_PER_HOUSEHOLD, RATIO


def gap(dark: DarkNumber, registered: float) -> str | None:
    """``fewer`` or ``more`` registrations than the range of expected reports, else ``None``."""
    if not all(math.isfinite(x) for x in (registered, dark.reports_low, dark.reports_high)):
        return None
    if registered < dark.reports_low:
        return "fewer"
    if registered > dark.reports_high:
        return "more"
    return None


def estimate(victims: tuple[float, float, float], reported: tuple[float, float, float],
             base: float) -> DarkNumber:
    """The dark number of one kind of crime in one area.

    Parameters
    ----------
    victims
        Percentage of victims (value, lower, upper bound of its 95% interval).
    reported
        Percentage of the victims who reported to the police (value, lower, upper).
    base
        Inhabitants of 15 and over, or households for a crime against the household.

    Returns
    -------
    DarkNumber
        NaN where a share or the population is missing.
    """
    v, v_low, v_high = (x / 100 for x in victims)
    r, r_low, r_high = (x / 100 for x in reported)
    return DarkNumber(
        victims=v * base, victims_low=v_low * base, victims_high=v_high * base,
        unreported=v * base * (1 - r),
        unreported_low=v_low * base * (1 - r_high),
        unreported_high=v_high * base * (1 - r_low),
        reports=v * base * r, reports_low=v_low * base * r_low, reports_high=v_high * base * r_high,
    )
