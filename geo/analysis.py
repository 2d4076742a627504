"""The hot-spot analysis: from a prepared frame to weights, Moran's I, LISA and Gi*.

:func:`analyse` is the statistics stage of ``vmgeo hotspots`` and ``vmgeo
demo``. It takes what :func:`geo.prepare` made, builds the weights (finding
islands first), runs the statistics of :mod:`geo.stats`, and returns a
:class:`HotspotResult`: the frame with one row per area, and typed records
of what was found. The summary (:mod:`geo.summary`) and the files
(:mod:`geo.outputs`) are built from it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import categories as cat
from .errors import AnalysisError, DataError, few
from .reports import JoinReport, Prepared, PrepareReport
from .settings import (
    DEFAULT_ALPHA,
    DEFAULT_ISLANDS,
    DEFAULT_PERMUTATIONS,
    DEFAULT_SEED,
    DEFAULT_WEIGHTS,
    RATE_PER,
)

if TYPE_CHECKING:
    import geopandas as gpd

    from .stats.autocorrelation import MoranTest
    from .weights import SpatialWeights

log = logging.getLogger("geo")

#: The columns :func:`analyse` adds to the frame.
RESULT_STAT_COLUMNS = ("lisa_I", "lisa_p", "lisa_quadrant", "lisa_cluster", "gi_z", "gi_p", "gi_p_sim", "gi_bin",
                       "gi_category")


@dataclass(frozen=True)
class AnalysisOptions:
    """How the statistics were run."""

    weights: str = DEFAULT_WEIGHTS
    islands: str = DEFAULT_ISLANDS
    permutations: int = DEFAULT_PERMUTATIONS
    seed: int = DEFAULT_SEED
    alpha: float = DEFAULT_ALPHA
    correction: str = "none"
    gi_inference: str = "permutation"
    rate: str = "raw"

    @property
    def fdr(self) -> bool:
        """Whether the false discovery rate was controlled (the ``--fdr`` of earlier versions)."""
        return self.correction == "fdr"


@dataclass(frozen=True)
class HotspotResult:
    """What :func:`analyse` found.

    ``frame`` has one row per area with the LISA and Gi* columns; the other
    fields are the records the summary is built from.
    """

    frame: "gpd.GeoDataFrame"
    options: AnalysisOptions
    prepared: PrepareReport
    join: JoinReport
    repaired: tuple[str, ...]
    weights: "SpatialWeights"
    moran: "MoranTest"
    lisa: dict[str, int]
    gi_star: dict[str, int]
    notes: list[str] = field(default_factory=list)
    #: The column the map's value layer shows: ``value``, ``rate``, ``rate_eb`` or ``rate_seb``.
    shown: str = ""
    #: Areas whose population is below their level's ``small_population`` (:mod:`geo.levels`).
    small_population: list[str] = field(default_factory=list)
    #: Whether the global statistic is not significant, so that local clusters need care.
    caution: bool = False
    #: The bivariate analysis (``value2``): global I, z, p and the counts per category; ``None`` without one.
    bivariate: dict[str, Any] | None = None

    @property
    def column(self) -> str:
        """The column the value layer shows (the analysed rate or value)."""
        return self.shown or self.prepared.analysed

    @property
    def summary(self) -> dict[str, Any]:
        """The statistics part of ``summary.json`` (see :mod:`geo.summary`)."""
        from .summary import build

        return build(self)


def analyse(
    prepared: "Prepared | gpd.GeoDataFrame",
    *,
    weights: str = DEFAULT_WEIGHTS,
    islands: str = DEFAULT_ISLANDS,
    permutations: int = DEFAULT_PERMUTATIONS,
    seed: int = DEFAULT_SEED,
    alpha: float = DEFAULT_ALPHA,
    correction: str = "none",
    fdr: bool = False,
    gi_inference: str = "permutation",
    rate: str = "raw",
) -> HotspotResult:
    """Run weights, global Moran's I, LISA and Gi* on a prepared frame.

    Parameters
    ----------
    prepared
        From :func:`geo.prepare`, or a frame with ``code``, ``value`` (and
        ``rate``) and ``analysed`` columns.
    weights
        ``queen``, ``rook`` or ``knn:K``.
    islands
        ``attach`` or ``exclude`` (see :mod:`geo.weights`).
    permutations
        Permutations for every pseudo p-value.
    seed
        Seed for all permutations.
    alpha
        Significance level of the LISA categories.
    correction
        ``none``, ``bonferroni`` or ``fdr`` (Benjamini-Hochberg), for LISA
        and for every Gi* confidence level.
    fdr
        The same as ``correction="fdr"`` (kept for the ``--fdr`` option).
    gi_inference
        ``permutation`` (the Gi* bins from the pseudo p-value) or ``normal``
        (ArcGIS's normal approximation).
    rate
        ``raw``, ``eb`` (global empirical Bayes) or ``seb`` (spatial
        empirical Bayes): the rate the map shows. With ``eb`` and ``seb``,
        Moran's I and LISA use the Assuncao-Reis empirical-Bayes
        standardisation (esda's ``Moran_Rate`` and ``Moran_Local_Rate``) and
        Gi* the global empirical-Bayes rate (a spatially smoothed rate
        borrows from its neighbours, which would manufacture hot spots).
        Needs ``value`` (counts) and ``population``.

    Returns
    -------
    HotspotResult
    """
    import numpy as np

    from . import rates, stats
    from . import weights as weights_mod
    from ._progress import stage
    from .boundaries import overlapping
    from .errors import OptionError
    from .stats._inference import check_correction, correction_note

    if isinstance(prepared, Prepared):
        gdf, report, join_report, repaired = prepared.frame, prepared.report, prepared.join, prepared.repaired
    else:
        gdf = prepared
        report = PrepareReport(source="the data", value_column="value",
                               population_column="population" if "population" in gdf.columns else None,
                               analysed="rate" if "rate" in gdf.columns else "value")
        join_report, repaired = JoinReport(len(gdf), [], [], source="the data"), ()
    check_run_options(permutations=permutations, seed=seed, alpha=alpha)
    correction = check_correction("fdr" if fdr else correction)
    if rate not in rates.RATE_METHODS:
        raise OptionError(f"unknown --rate {rate!r}; use {', '.join(rates.RATE_METHODS)}")
    if rate != "raw" and "population" not in gdf.columns:
        raise OptionError(f"--rate {rate} smooths a rate per inhabitant; give --population")
    column = report.analysed
    analysed = gdf[gdf["analysed"]].copy()
    if len(analysed) < 3:
        raise AnalysisError(
            f"only {len(analysed)} area(s) have a value; hot-spot statistics need at least 3 "
            "(check that the codes of the data match the boundaries)"
        )
    if analysed[column].nunique() < 2:
        raise AnalysisError(
            f"all {len(analysed)} areas have the same {column} ({analysed[column].iloc[0]:g}); "
            "there is no spatial pattern to test"
        )
    doubles = overlapping(analysed)
    if doubles:
        listed = few([f"{a} in {b}" for a, b in doubles], 5)
        raise AnalysisError(f"{len(doubles)} area(s) lie inside another ({listed}): the same boundaries given twice, "
                            "or areas of two levels mixed; give each place once (one --boundaries per level, and "
                            "the level to analyse)")
    with stage("p_weights"):
        sw = weights_mod.build(analysed, kind=weights, islands=islands)
    # Moran's I and LISA read `tested`; Gi* reads `gi_column`; the map shows `shown`.
    tested, gi_column, shown = column, column, column
    if rate != "raw":
        rows = analysed.index[sw.analysed]
        counts, pop = analysed.loc[rows, "value"].to_numpy(float), analysed.loc[rows, "population"].to_numpy(float)
        for name, method in (("rate_eb", "eb"), ("rate_seb", "seb")):
            if method == "eb" or rate == "seb":
                analysed.loc[rows, name] = rates.smoothed(counts, pop, method=method, w=sw.w)
        analysed.loc[rows, "rate_eb_z"] = rates.eb_standardised(counts, pop)
        tested, gi_column, shown = "rate_eb_z", "rate_eb", f"rate_{rate}"
    with stage("p_moran", permutations=permutations):
        moran = stats.global_moran(analysed, tested, weights=sw, permutations=permutations, seed=seed)
    with stage("p_lisa", permutations=permutations):
        local = stats.local_moran(analysed, tested, weights=sw, permutations=permutations, seed=seed,
                                  alpha=alpha, correction=correction)
    with stage("p_gi", permutations=permutations):
        hot = stats.gi_star(local, gi_column, weights=sw, permutations=permutations, seed=seed,
                            correction=correction, inference=gi_inference)

    bivariate = None
    if "value2" in gdf.columns:
        both = analysed["value2"].notna()
        if not both.all() or gdf.loc[~gdf["analysed"], "value2"].notna().any():
            only_x = sorted(analysed.loc[~both, "code"].astype(str))
            only_y = sorted(gdf.loc[~gdf["analysed"] & gdf["value2"].notna(), "code"].astype(str))
            parts = [f"{len(only_x)} with only the first ({few(only_x, 5)})" if only_x else "",
                     f"{len(only_y)} with only the second ({few(only_y, 5)})" if only_y else ""]
            raise DataError("the two indicators cover different areas: "
                            + "; ".join(p for p in parts if p)
                            + "; a bivariate analysis needs both for every area (choose boundaries or a level "
                              "where both exist)")
        with stage("p_bivariate", permutations=permutations):
            hot, bv_global = stats.bivariate_moran(hot, column, "value2", weights=sw, permutations=permutations,
                                                   seed=seed, alpha=alpha, correction=correction)
        bivariate = {**bv_global, "counts": {c: int((hot["bv_cluster"] == c).sum()) for c in cat.BV_CATEGORIES}}

    out = gdf.copy()
    extra = [c for c in ("rate_eb", "rate_seb", "rate_eb_z", "bv_I", "bv_p", "bv_quadrant", "bv_cluster")
             if c in hot.columns]
    for name in (*extra, *RESULT_STAT_COLUMNS, "gi_p_bin"):
        out[name] = hot[name].reindex(out.index)
    out["island"] = out["code"].isin(sw.islands)
    out.loc[~out["analysed"], "lisa_cluster"] = cat.NO_DATA
    out.loc[~out["analysed"], "gi_category"] = cat.NO_DATA
    out["gi_bin"] = out["gi_bin"].fillna(0).astype(int)

    lisa_counts = {c: int((hot["lisa_cluster"] == c).sum()) for c in cat.LISA_CATEGORIES}
    in_stats = hot["gi_category"] != cat.ISLAND
    gi_counts = {cat.GI_BIN_NAMES[b]: int(((hot["gi_bin"] == b) & in_stats).sum()) for b in cat.GI_BINS}

    notes: list[str] = []
    lisa_note = correction_note(int(sw.analysed.sum()), permutations, alpha, correction=correction)
    if lisa_note:
        notes.append(lisa_note)
    caution = bool(np.isfinite(moran["p"]) and moran["p"] > alpha)
    if caution:
        notes.append(f"the global Moran's I is not significant (p = {moran['p']:.3g} > {alpha}): read the local "
                     "clusters with care, some will be chance")
    small: list[str] = []
    if "population" in gdf.columns:
        threshold = small_population_of(gdf)
        small = sorted(gdf.loc[gdf["analysed"] & (gdf["population"] < threshold), "code"].astype(str))
        if small:
            notes.append(f"{len(small)} area(s) with fewer than {threshold:,} inhabitants, whose "
                         f"raw rate rests on few cases: {few(small)}"
                         + ("" if rate != "raw" else "; consider --rate eb"))
    if sw.islands:
        how = ("attached to their nearest neighbour" if islands == "attach"
               else "left out of the statistics and never labelled hot or cold")
        notes.append(f"{len(sw.islands)} area(s) without neighbours ({few(sw.islands)}) {how}")
    if sw.components > 1:
        notes.append(f"the neighbour graph has {sw.components} separate parts; besides the main part: "
                     f"{'; '.join(few(p, 5) for p in sw.separate_parts)}")
    options = AnalysisOptions(weights=sw.kind, islands=islands, permutations=permutations, seed=seed, alpha=alpha,
                              correction=correction, gi_inference=gi_inference if permutations else "normal",
                              rate=rate)
    if bivariate is not None:
        out.loc[~out["analysed"], "bv_cluster"] = cat.NO_DATA
    return HotspotResult(frame=out, options=options, prepared=report, join=join_report, repaired=tuple(repaired),
                         weights=sw, moran=moran, lisa=lisa_counts, gi_star=gi_counts, notes=notes, shown=shown,
                         small_population=small, caution=caution, bivariate=bivariate)


#: More permutations than this gain nothing a report can show (the smallest p is already 2e-6) and take hours.
MAX_PERMUTATIONS = 999_999
#: numpy's seeds are unsigned 32-bit numbers... and so are GeoDa's; one range for every engine.
MAX_SEED = 2**32 - 1


def check_run_options(*, permutations: int, seed: int, alpha: float) -> None:
    """Refuse permutations, seeds and levels that cannot work, before any work starts.

    Raises
    ------
    OptionError
        Naming the option, its value and the range that works.
    """
    from .errors import OptionError

    if not 0 <= permutations <= MAX_PERMUTATIONS:
        raise OptionError(f"--permutations {permutations} is out of range; use 0 to {MAX_PERMUTATIONS:,} (999 is "
                          "the default; 9,999 for a report where p near 0.05 matters)")
    if not 0 <= seed <= MAX_SEED:
        raise OptionError(f"--seed {seed} is out of range; use a whole number from 0 to {MAX_SEED}")
    if not 0 < alpha < 1:
        raise OptionError(f"--alpha {alpha} must lie between 0 and 1, e.g. 0.05")


def small_population_of(frame: "gpd.GeoDataFrame") -> int:
    """The population below which an area's raw rate rests on few cases, by the level of its codes."""
    from . import levels

    level = levels.of_codes(frame["code"].astype(str))
    return level.small_population if level is not None else levels.LEVELS["gemeente"].small_population


def rate_per(result: HotspotResult) -> int | None:
    """Inhabitants a rate is per, or ``None`` when the value itself was analysed."""
    return RATE_PER if result.column.startswith("rate") else None
