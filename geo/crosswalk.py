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
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .errors import CrosswalkError, OptionError, few

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

log = logging.getLogger("geo")

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
        raise OptionError(f"unknown --split-rule {split_rule!r}; use area or population")
    data = table[[code_column, *counts]].rename(columns={code_column: "old"})
    links = crosswalk[crosswalk["old"].isin(data["old"])].copy()
    split = sorted(links.loc[links["kind"] == "split", "old"].unique())
    if split and split_rule is None:
        detail = "; ".join(
            f"{o} -> " + ", ".join(f"{r.new} ({r.share_of_old:.0%})" for r in links[links["old"] == o].itertuples())
            for o in split[:4])
        raise CrosswalkError(f"{len(split)} area(s) were split between the boundary years: {detail}; choose how to "
                             "divide their counts with --split-rule area or --split-rule population")
    if split_rule == "population":
        if new_population is None:
            raise OptionError("--split-rule population needs a population of the new areas (--population)")
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
        log.warning("codes not in the old boundaries, left out: %s", few(unmatched))
    return Moved(frame=out, moved=moved.to_dict("records"), unmatched=unmatched)
