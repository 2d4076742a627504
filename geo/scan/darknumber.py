"""The dark number: how many incidents of a kind never reach the police.

The Veiligheidsmonitor asks people of 15 and over whether they were the
victim of a kind of crime in the past twelve months and, if so, whether
they reported it. For an area::

    victims     = share of victims  x  inhabitants of 15 and over
    unreported  = victims  x  (1 - share of victims who reported)

beside the count the police registered. The range comes from the 95%
margins of both shares (the lowest share of victims with the highest share
reporting, and the other way round). Its limits, which the report states:
people forget or misplace incidents in time; the survey counts a victim
once however often it happened; the survey counts residents and the police
register incidents wherever they happen, by their own definitions (a
household's burglary is one registration, whoever answers).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DarkNumber:
    """One kind's estimate: victims and the unreported part, each with its range."""

    victims: float
    victims_low: float
    victims_high: float
    unreported: float
    unreported_low: float
    unreported_high: float


def estimate(victims: tuple[float, float, float], reported: tuple[float, float, float],
             pop15: float) -> DarkNumber:
    """The dark number of one kind of crime in one area.

    Parameters
    ----------
    victims
        Percentage of victims (value, lower, upper bound of its 95% interval).
    reported
        Percentage of the victims who reported to the police (value, lower, upper).
    pop15
        Inhabitants of 15 and over.

    Returns
    -------
    DarkNumber
        NaN where a share or the population is missing.
    """
    v, v_low, v_high = (x / 100 for x in victims)
    r, r_low, r_high = (x / 100 for x in reported)
    return DarkNumber(
        victims=v * pop15, victims_low=v_low * pop15, victims_high=v_high * pop15,
        unreported=v * pop15 * (1 - r),
        unreported_low=v_low * pop15 * (1 - r_high),
        unreported_high=v_high * pop15 * (1 - r_low),
    )
