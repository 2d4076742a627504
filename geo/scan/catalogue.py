"""What a gebiedsscan shows: its indicators, how each reads, and which belong together.

Every indicator is a name from ``geo/indicators.toml`` (table, measure,
filters); this module adds what the scan needs on top: whether a higher
figure is worse or better (so that a significant difference can be called
"beter" or "slechter"), the digits readers see, and the group it is listed
in. The dark number pairs a kind of crime's victims and reports in the
Veiligheidsmonitor with its registered count.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

#: ``survey``: a Veiligheidsmonitor figure with a 95% margin; ``count``: police registrations.
SURVEY, COUNT = "survey", "count"
WORSE, BETTER = "worse", "better"


@dataclass(frozen=True)
class ScanIndicator:
    """One figure of the scan."""

    #: Name in ``geo/indicators.toml``.
    key: str
    kind: str
    #: What a higher figure means: ``worse`` or ``better``.
    higher_is: str
    #: Digits readers see (of the percentage, mark, or rate per 1,000 inhabitants).
    digits: int
    #: Heading it is listed under (a key of :mod:`geo.text`).
    group: str


SURVEY_INDICATORS: tuple[ScanIndicator, ...] = (
    ScanIndicator("onveilig", SURVEY, WORSE, 1, "scan_group_feeling"),
    ScanIndicator("onveilig_buurt", SURVEY, WORSE, 1, "scan_group_feeling"),
    ScanIndicator("rapportcijfer_veiligheid_buurt", SURVEY, BETTER, 1, "scan_group_feeling"),
    ScanIndicator("overlast_buurt", SURVEY, WORSE, 1, "scan_group_nuisance"),
    ScanIndicator("slachtoffer_inbraak", SURVEY, WORSE, 1, "scan_group_victims"),
    ScanIndicator("slachtoffer_fietsdiefstal", SURVEY, WORSE, 1, "scan_group_victims"),
    ScanIndicator("slachtoffer_mishandeling", SURVEY, WORSE, 1, "scan_group_victims"),
    ScanIndicator("slachtoffer_vernieling", SURVEY, WORSE, 1, "scan_group_victims"),
    # A higher share of victims who report is read as better: more of what happens reaches the police.
    ScanIndicator("aangifte_inbraak", SURVEY, BETTER, 1, "scan_group_reporting"),
    ScanIndicator("aangifte_fietsdiefstal", SURVEY, BETTER, 1, "scan_group_reporting"),
    ScanIndicator("aangifte_mishandeling", SURVEY, BETTER, 1, "scan_group_reporting"),
    ScanIndicator("aangifte_vernieling", SURVEY, BETTER, 1, "scan_group_reporting"),
    ScanIndicator("oordeel_gemeente", SURVEY, BETTER, 1, "scan_group_judgement"),
    ScanIndicator("oordeel_politie_buurt", SURVEY, BETTER, 1, "scan_group_judgement"),
)

COUNT_INDICATORS: tuple[ScanIndicator, ...] = (
    ScanIndicator("misdrijven", COUNT, WORSE, 1, "scan_group_registered"),
    ScanIndicator("woninginbraak", COUNT, WORSE, 2, "scan_group_registered"),
    ScanIndicator("fietsendiefstal", COUNT, WORSE, 2, "scan_group_registered"),
    ScanIndicator("geweld", COUNT, WORSE, 2, "scan_group_registered"),
    ScanIndicator("vernieling", COUNT, WORSE, 2, "scan_group_registered"),
    ScanIndicator("overlast_jeugd", COUNT, WORSE, 2, "scan_group_registered"),
    ScanIndicator("overlast_verward", COUNT, WORSE, 2, "scan_group_registered"),
)

#: Registered counts the scan needs besides the main types: the counterpart of a dark-number kind.
EXTRA_COUNTS: tuple[ScanIndicator, ...] = (
    ScanIndicator("mishandeling", COUNT, WORSE, 2, "scan_group_registered"),
)

#: The main crime types of the hot spots inside the area (registered per wijk or buurt).
INSIDE_TYPES = ("misdrijven", "woninginbraak", "fietsendiefstal", "geweld", "vernieling")


#: What a dark-number kind's share of victims counts: people of 15 and over, or households.
PERSON, HOUSEHOLD = "person", "household"


@dataclass(frozen=True)
class DarkKind:
    """A kind of crime with victims and reports in the survey and a registered count."""

    key: str
    victims: str
    reported: str
    registered: str
    #: :data:`PERSON` or :data:`HOUSEHOLD` (a burglary happens to a household, whoever answers the survey).
    per: str = PERSON


DARK_KINDS: tuple[DarkKind, ...] = (
    DarkKind("inbraak", "slachtoffer_inbraak", "aangifte_inbraak", "woninginbraak", per=HOUSEHOLD),
    DarkKind("fietsdiefstal", "slachtoffer_fietsdiefstal", "aangifte_fietsdiefstal", "fietsendiefstal"),
    DarkKind("mishandeling", "slachtoffer_mishandeling", "aangifte_mishandeling", "mishandeling"),
    DarkKind("vernieling", "slachtoffer_vernieling", "aangifte_vernieling", "vernieling"),
)

#: The axes of the scatter of objective against subjective safety.
OBJECTIVE = "misdrijven"
SUBJECTIVE = "onveilig_buurt"

#: Population, inhabitants under 15 (the survey asks people of 15 and over) and urbanity.
POPULATION = "inwoners"
YOUNG = "inwoners_0_tot_15"
URBANITY = "stedelijkheid"
#: Private households, from the same table as the inhabitants (one download); the dark number of a crime
#: against the household counts households.
HOUSEHOLDS = "cbs:85984NED/HuishoudensTotaal_29"


@lru_cache(maxsize=1)
def by_key() -> dict[str, ScanIndicator]:
    """Every indicator of the scan by its name."""
    return {i.key: i for i in (*SURVEY_INDICATORS, *COUNT_INDICATORS, *EXTRA_COUNTS)}
