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
from .errors import AnalysisError, few
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
    fdr: bool = False


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
    moran: dict[str, Any]
    lisa: dict[str, int]
    gi_star: dict[str, int]
    notes: list[str] = field(default_factory=list)

    @property
    def column(self) -> str:
        """The analysed column: ``rate`` or ``value``."""
        return self.prepared.analysed

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
    fdr: bool = False,
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
    fdr
        Benjamini-Hochberg control of the false discovery rate.

    Returns
    -------
    HotspotResult
    """
    from . import stats
    from . import weights as weights_mod
    from .stats._inference import fdr_note

    if isinstance(prepared, Prepared):
        gdf, report, join_report, repaired = prepared.frame, prepared.report, prepared.join, prepared.repaired
    else:
        gdf = prepared
        report = PrepareReport(source="the data", value_column="value", population_column=None,
                               analysed="rate" if "rate" in gdf.columns else "value")
        join_report, repaired = JoinReport(len(gdf), [], [], source="the data"), ()
    if permutations < 0:
        raise AnalysisError(f"--permutations must be 0 or more, not {permutations}")
    if not 0 < alpha < 1:
        raise AnalysisError(f"--alpha must be between 0 and 1, not {alpha}")
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
    sw = weights_mod.build(analysed, kind=weights, islands=islands)
    moran = stats.global_moran(analysed, column, weights=sw, permutations=permutations, seed=seed)
    local = stats.local_moran(analysed, column, weights=sw, permutations=permutations, seed=seed,
                              alpha=alpha, fdr=fdr)
    hot = stats.gi_star(local, column, weights=sw, permutations=permutations, seed=seed, fdr=fdr)

    out = gdf.copy()
    for name in RESULT_STAT_COLUMNS:
        out[name] = hot[name].reindex(out.index)
    out["island"] = out["code"].isin(sw.islands)
    out.loc[~out["analysed"], "lisa_cluster"] = cat.NO_DATA
    out.loc[~out["analysed"], "gi_category"] = cat.NO_DATA
    out["gi_bin"] = out["gi_bin"].fillna(0).astype(int)

    lisa_counts = {c: int((hot["lisa_cluster"] == c).sum()) for c in cat.LISA_CATEGORIES}
    in_stats = hot["gi_category"] != cat.ISLAND
    gi_counts = {cat.GI_BIN_NAMES[b]: int(((hot["gi_bin"] == b) & in_stats).sum()) for b in cat.GI_BINS}

    notes: list[str] = []
    lisa_note = fdr_note(int(sw.analysed.sum()), permutations, alpha) if fdr else None
    if lisa_note:
        notes.append(lisa_note)
    if sw.islands:
        how = ("attached to their nearest neighbour" if islands == "attach"
               else "left out of the statistics and never labelled hot or cold")
        notes.append(f"{len(sw.islands)} area(s) without neighbours ({few(sw.islands)}) {how}")
    if sw.components > 1:
        notes.append(f"the neighbour graph has {sw.components} separate parts; besides the main part: "
                     f"{'; '.join(few(p, 5) for p in sw.separate_parts)}")
    options = AnalysisOptions(weights=sw.kind, islands=islands, permutations=permutations, seed=seed, alpha=alpha,
                              fdr=fdr)
    return HotspotResult(frame=out, options=options, prepared=report, join=join_report, repaired=tuple(repaired),
                         weights=sw, moran=moran, lisa=lisa_counts, gi_star=gi_counts, notes=notes)


def rate_per(result: HotspotResult) -> int | None:
    """Inhabitants a rate is per, or ``None`` when the value itself was analysed."""
    return RATE_PER if result.column == "rate" else None
