"""Moving figures between boundary years: municipal mergers, splits and new codes.

Gemeenten merge almost every year, so a table coded on the boundaries of one
year does not fit those of another. A crosswalk is built from the boundary
files of both years by area overlap: every old area is linked to the new
areas it overlaps, with the share of its area in each. Counts then move to
the new codes: a merger adds them up, a code change carries them over, and a
split needs an explicit choice (by area share, or by population share).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import messages, text
from .errors import CrosswalkError, OptionError, few

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

log = logging.getLogger("geo")


# --- Which gemeenten existed in which boundary year ----------------------------------------------------------

#: Gemeenten that ceased or began with the boundaries of a year (CBS "Gemeentelijke indeling op 1 januari"):
#: ``year: [(old codes, new codes, how)]``, where ``how`` is ``new`` (the old ones formed a new gemeente),
#: ``joined`` (they joined an existing one) or ``split`` (one was divided among existing ones). The boundary
#: year is that of the CBS/PDOK files, which show 1 January: Weesp joined Amsterdam on 24 March 2022, so it
#: is on the 2022 map and gone from 2023. A table coded on one year's gemeenten does not fit another's; this
#: list lets a join say which year a table seems coded on (:func:`coded_year`). It covers 2021-2023 (the 2022
#: and 2023 changes checked against the list of the national corona dashboard,
#: minvws/nl-covid19-data-dashboard); extend it with each year's changes.
GEMEENTE_CHANGES: dict[int, list[tuple[tuple[str, ...], tuple[str, ...], str]]] = {
    2021: [(("GM0003", "GM0010", "GM0024"), ("GM1979",), "new"),
           (("GM0788",), ("GM0757", "GM0824", "GM0855", "GM0865"), "split")],
    2022: [(("GM0398", "GM0416"), ("GM1980",), "new"),
           (("GM0756", "GM1684", "GM0786", "GM0815", "GM1702"), ("GM1982",), "new"),
           (("GM1685", "GM0856"), ("GM1991",), "new"),
           (("GM0370",), ("GM0439",), "joined")],
    2023: [(("GM0457",), ("GM0363",), "joined"),
           (("GM0501", "GM0530", "GM0614"), ("GM1992",), "new")],
}
#: Names of the gemeenten in :data:`GEMEENTE_CHANGES`, for messages.
GEMEENTE_NAMES = {
    "GM0003": "Appingedam", "GM0010": "Delfzijl", "GM0024": "Loppersum", "GM1979": "Eemsdelta",
    "GM0788": "Haaren", "GM0757": "Boxtel", "GM0824": "Oisterwijk", "GM0855": "Tilburg", "GM0865": "Vught",
    "GM0398": "Heerhugowaard", "GM0416": "Langedijk", "GM1980": "Dijk en Waard",
    "GM0756": "Boxmeer", "GM1684": "Cuijk", "GM0786": "Grave", "GM0815": "Mill en Sint Hubert",
    "GM1702": "Sint Anthonis", "GM1982": "Land van Cuijk", "GM1685": "Landerd", "GM0856": "Uden",
    "GM1991": "Maashorst", "GM0370": "Beemster", "GM0439": "Purmerend", "GM0457": "Weesp", "GM0363": "Amsterdam",
    "GM0501": "Brielle", "GM0530": "Hellevoetsluis", "GM0614": "Westvoorne", "GM1992": "Voorne aan Zee",
}
#: The boundary years :data:`GEMEENTE_CHANGES` tells apart (before its first change all look alike, and
#: after its last one too).
KNOWN_YEARS = range(min(GEMEENTE_CHANGES) - 1, max(GEMEENTE_CHANGES) + 1)

_AREA_CODE = re.compile(r"^(GM|WK|BU)(\d{4})")


@dataclass(frozen=True)
class CodedYear:
    """The boundary years a table's codes fit best, and the codes that tell."""

    #: The first and last year that fit; :data:`KNOWN_YEARS` at either end means "or earlier" / "or later".
    first: int
    last: int
    #: ``(code in the data, gemeente code it went to)`` for the unmatched codes that fit other years, e.g.
    #: ``("GM0398", "GM1980")``; ``None`` for a split gemeente or a code newer than the boundaries.
    changed: list[tuple[str, str | None]]


def gemeente_of(code: object) -> str | None:
    """The gemeente code in a gemeente, wijk or buurt code (``WK039801`` -> ``GM0398``), or None."""
    match = _AREA_CODE.match(str(code).strip().upper())
    return f"GM{match.group(2)}" if match else None


def gemeente_lifetimes() -> dict[str, tuple[int, int]]:
    """First and last boundary year (within :data:`KNOWN_YEARS`) of each code that began or ceased."""
    life: dict[str, tuple[int, int]] = {}
    for year, changes in sorted(GEMEENTE_CHANGES.items()):
        for old, new, how in changes:
            for code in old:
                life[code] = (life.get(code, (KNOWN_YEARS[0], 0))[0], year - 1)
            if how == "new":
                for code in new:
                    life[code] = (year, life.get(code, (0, KNOWN_YEARS[-1]))[1])
    return life


def successor(code: str) -> str | None:
    """The gemeente a ceased gemeente went to, or None (a split, or a code that did not cease)."""
    for changes in GEMEENTE_CHANGES.values():
        for old, new, how in changes:
            if code in old and how != "split":
                return new[0]
    return None


def coded_year(codes: Iterable[object], *, unmatched: Iterable[object]) -> CodedYear | None:
    """The boundary years whose gemeenten a table of area codes fits, when its unmatched codes tell.

    Parameters
    ----------
    codes
        All area codes of the table, canonical (``GM0398``; for wijk and buurt
        codes the first four digits name the gemeente).
    unmatched
        The codes that matched no boundary.

    Returns
    -------
    CodedYear or None
        None when no unmatched code began or ceased with a change in
        :data:`GEMEENTE_CHANGES`; otherwise the range of years whose gemeenten
        fit the most of ``codes``.
    """
    life = gemeente_lifetimes()
    changed = [(str(code), successor(gm)) for code in unmatched if (gm := gemeente_of(code)) in life]
    if not changed:
        return None
    gemeenten = [g for g in map(gemeente_of, codes) if g in life]
    fits = {year: sum(1 for g in gemeenten if life[g][0] <= year <= life[g][1]) for year in KNOWN_YEARS}
    best = [year for year, n in fits.items() if n == max(fits.values())]
    return CodedYear(first=min(best), last=max(best), changed=changed)


@dataclass(frozen=True)
class Moved:
    """Counts moved to the codes of another boundary year, and what moved."""

    frame: "pd.DataFrame"
    #: One record per old code that changed: ``old``, ``new``, ``kind``.
    moved: list[dict[str, Any]]
    #: Old codes the crosswalk does not know (left out).
    unmatched: list[str]


#: Overlaps smaller than this share of an area are generalisation noise at borders.
MIN_SHARE = 0.02
SPLIT_RULES = ("area", "population")


def build(old: "gpd.GeoDataFrame", new: "gpd.GeoDataFrame", *, min_share: float = MIN_SHARE) -> "pd.DataFrame":
    """Link the areas of an old boundary year to those of a new one by area overlap.

    Parameters
    ----------
    old, new
        Boundaries with a ``code`` column (as :func:`geo.load_boundaries` returns), any CRS.
    min_share
        Pieces smaller than this share of both their old and their new area are ignored.

    Returns
    -------
    pandas.DataFrame
        One row per (``old``, ``new``) link with ``share_of_old`` and
        ``share_of_new`` (area shares) and ``kind`` of the old area:
        ``same``, ``renamed`` (same area, another code), ``merged`` (into a
        new area that has several old ones), ``split`` (over several new areas).
    """
    import geopandas as gpd

    a = old[["code", "geometry"]].rename(columns={"code": "old"}).to_crs("EPSG:28992")
    b = new[["code", "geometry"]].rename(columns={"code": "new"}).to_crs("EPSG:28992")
    a["old_area"] = a.area
    b["new_area"] = b.area
    pieces = gpd.overlay(a, b, how="intersection", keep_geom_type=True)
    pieces["area"] = pieces.area
    links = pieces.groupby(["old", "new"], as_index=False).agg(area=("area", "sum"), old_area=("old_area", "first"),
                                                              new_area=("new_area", "first"))
    links["share_of_old"] = links["area"] / links["old_area"]
    links["share_of_new"] = links["area"] / links["new_area"]
    links = links[(links["share_of_old"] >= min_share) | (links["share_of_new"] >= min_share)].copy()
    # Re-normalise the kept shares of each old area so counts are preserved exactly.
    links["share_of_old"] = links["share_of_old"] / links.groupby("old")["share_of_old"].transform("sum")

    n_new = links.groupby("old")["new"].transform("nunique")
    n_old = links.groupby("new")["old"].transform("nunique")
    kind = []
    for o, nw, k_new, k_old in zip(links["old"], links["new"], n_new, n_old):
        if k_new > 1:
            kind.append("split")
        elif k_old > 1:
            kind.append("merged")
        else:
            kind.append("same" if o == nw else "renamed")
    links["kind"] = kind
    return links[["old", "new", "share_of_old", "share_of_new", "kind"]].sort_values(["old", "new"]).reset_index(
        drop=True)


def apply(
    table: "pd.DataFrame",
    crosswalk: "pd.DataFrame",
    *,
    code_column: str,
    counts: list[str],
    split_rule: str | None = None,
    new_population: "pd.Series | None" = None,
) -> Moved:
    """Move counts of ``table`` from old codes to new codes.

    Parameters
    ----------
    table
        One row per old area with ``code_column`` and numeric ``counts``.
    crosswalk
        From :func:`build`.
    code_column
        Column of old codes (canonical spelling, e.g. ``GM0398``).
    counts
        Columns to move; they are summed on mergers and divided on splits.
    split_rule
        ``area`` (by the old area's area share in each new area) or
        ``population`` (by the population of each new area times its area
        share, ``new_population`` indexed by new code). Required when any
        row of ``table`` was split.
    new_population
        Population per new code, for ``split_rule='population'``.

    Returns
    -------
    Moved
        ``frame``: ``code`` (new) and the moved counts; ``moved``: every old
        code that changed (``old``, ``new``, ``kind``); ``unmatched``: the old
        codes the crosswalk does not know.

    Raises
    ------
    CrosswalkError
        For a split without a rule.
    """

    if split_rule is not None and split_rule not in SPLIT_RULES:
        raise OptionError(messages.line("crosswalk_unknown_split_rule_split", split_rule=split_rule))
    data = table[[code_column, *counts]].rename(columns={code_column: "old"})
    links = crosswalk[crosswalk["old"].isin(data["old"])].copy()
    split = sorted(links.loc[links["kind"] == "split", "old"].unique())
    if split and split_rule is None:
        detail = "; ".join(
            f"{o} -> " + ", ".join(f"{r.new} ({r.share_of_old:.0%})" for r in links[links["old"] == o].itertuples())
            for o in split[:4])
        raise CrosswalkError(messages.line("crosswalk_len_split_area_s", len_split=len(split), detail=detail))
    if split_rule == "population":
        if new_population is None:
            raise OptionError(messages.line("crosswalk_split_rule_population_needs"))
        weight = links["new"].map(new_population).astype(float) * links["share_of_new"]
        links["weight"] = weight / weight.groupby(links["old"]).transform("sum")
    else:
        links["weight"] = links["share_of_old"]
    merged = data.merge(links[["old", "new", "weight", "kind"]], on="old", how="left")
    unmatched = sorted(merged.loc[merged["new"].isna(), "old"].astype(str).unique())
    merged = merged[merged["new"].notna()]
    for column in counts:
        merged[column] = merged[column] * merged["weight"]
    out = merged.groupby("new", as_index=False)[counts].sum(min_count=1).rename(columns={"new": "code"})
    moved = merged.loc[merged["kind"] != "same", ["old", "new", "kind"]].drop_duplicates()
    if len(moved):
        log.info("moved %d row(s) to new codes: %s", moved["old"].nunique(),
                 few([f"{r.old}->{r.new} ({r.kind})" for r in moved.itertuples()], 6))
    if unmatched:
        log.warning(text.Say("w_crosswalk_unmatched", codes=few(unmatched)))
    return Moved(frame=out, moved=moved.to_dict("records"), unmatched=unmatched)
