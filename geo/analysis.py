"""The hot-spot analysis: from a prepared frame to weights, Moran's I, LISA and Gi*.

:func:`analyse` is the statistics stage of ``vmgeo hotspots`` and ``vmgeo
demo`` (and of the scan's hot spots inside and bivariate LISA). It takes
what :func:`geo.prepare` made, builds the weights (finding islands first),
runs the statistics of :mod:`geo.stats`, and returns a
:class:`HotspotResult`: the frame with one row per area, and typed records
of what was found. The summary (:mod:`geo.summary`) and the files
(:mod:`geo.outputs`) are built from it; :mod:`geo.summary` never imports
this module (it reads the result through :class:`geo.reports.Statistics`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from . import categories as cat
from . import messages, rates, stats, summary, text
from . import weights as weights_mod
from ._progress import stage
from .boundaries import overlapping
from .errors import AnalysisError, DataError, OptionError, few
from .levels import small_population_of
from .reports import JoinReport, Prepared, PrepareReport
from .settings import (
    DEFAULT_ALPHA,
    DEFAULT_ISLANDS,
    DEFAULT_PERMUTATIONS,
    DEFAULT_SEED,
    DEFAULT_WEIGHTS,
    EMERGING_TIME_STEP,
    EMERGING_WINDOW,
    FEW_AREAS,
)
from .stats import engine
from .stats._inference import check_correction, correction_note
from .stats.engine import GI_PERMUTATION

if TYPE_CHECKING:
    import geopandas as gpd

    from .stats.autocorrelation import MoranTest
    from .weights import SpatialWeights

log = logging.getLogger("geo")

#: Separate parts of the neighbour graph named in the notes; the rest are counted.
PARTS_IN_NOTE = 8
#: The columns :func:`analyse` adds to the frame.
RESULT_STAT_COLUMNS = ("lisa_I", "lisa_p", "lisa_quadrant", "lisa_cluster", "gi_z", "gi_p", "gi_p_sim", "gi_bin",
                       "gi_category")
#: Columns that come with ``rate="eb"``/``"seb"`` and with a second indicator.
EXTRA_COLUMNS = ("rate_eb", "rate_seb", "rate_eb_z", "bv_I", "bv_p", "bv_quadrant", "bv_cluster")
#: Fewer areas than this with a value (or, for the bivariate LISA, with both values) cannot be analysed at all.
MIN_AREAS = 3

# Kept importable from here, where they were first defined.
rate_per = summary.rate_per
__all__ = ["MIN_AREAS", "AnalysisOptions", "HotspotResult", "analyse", "check_run_options", "rate_per",
           "small_population_of"]


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
    #: A series' emerging hot spots: the global window (``step`` or ``cube``) and the neighbourhood time step
    #: (:func:`geo.series.analyse_series`; a single period does not use them).
    window: str = EMERGING_WINDOW
    time_step: int = EMERGING_TIME_STEP

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
    #: With ``left_out``: the codes with only one of the two indicators, not in the bivariate analysis.
    bivariate: dict[str, Any] | None = None

    @property
    def column(self) -> str:
        """The column the value layer shows (the analysed rate or value)."""
        return self.shown or self.prepared.analysed

    @property
    def n(self) -> int:
        """How many areas the statistics used."""
        return int(self.weights.analysed.sum())

    @property
    def few_areas(self) -> bool:
        """Fewer analysed areas than :data:`geo.settings.FEW_AREAS`: local statistics are descriptive at best.

        The maps do not colour clusters as findings then; the terminal and
        ``summary.json`` (``few_areas``) say so.
        """
        return self.n < FEW_AREAS

    @property
    def summary(self) -> dict[str, Any]:
        """The statistics part of ``summary.json`` (see :mod:`geo.summary`)."""
        return summary.build(self)


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
    value2: str | None = None,
    weights_cache: "dict[tuple[Any, ...], Any] | None" = None,
) -> HotspotResult:
    """Run weights, global Moran's I, LISA and Gi* (and a bivariate LISA) on a prepared frame.

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
    value2
        Column of a second indicator for the bivariate LISA of the analysed
        value (x, the area's own) against it (y, its neighbours'): ``bv_*``
        columns and ``bivariate``. By default the frame's ``value2`` column
        when it has one (``--value2``). Areas with only one of the two
        indicators are left out of the bivariate analysis (named in the
        notes and in ``bivariate["left_out"]``); fewer than 3 with both is
        an error.
    weights_cache
        Weights built before, by analysed codes, ``weights`` and ``islands``, and overlap
        checks passed (a series passes one dict to every period: its areas are the same).

    Returns
    -------
    HotspotResult
    """
    gdf, report, join_report, repaired = _inputs_of(prepared)
    check_run_options(permutations=permutations, seed=seed, alpha=alpha)
    correction = check_correction("fdr" if fdr else correction)
    _check_rate(rate, gdf)
    second = _second_column(gdf, value2)
    column = report.analysed
    analysed = _analysed_rows(gdf, column, report, weights_cache)
    sw = _weights(analysed, weights, islands, weights_cache)
    # Moran's I and LISA read `tested`; Gi* reads `gi_column`; the map shows `shown`.
    tested, gi_column, shown = _smoothed(analysed, sw, rate, column)
    with stage("p_moran", permutations=permutations):
        moran = stats.global_moran(analysed, tested, weights=sw, permutations=permutations, seed=seed)
    with stage("p_lisa", permutations=permutations):
        local = stats.local_moran(analysed, tested, weights=sw, permutations=permutations, seed=seed,
                                  alpha=alpha, correction=correction)
    with stage("p_gi", permutations=permutations):
        hot = stats.gi_star(local, gi_column, weights=sw, permutations=permutations, seed=seed,
                            correction=correction, inference=gi_inference)
    bivariate = None
    if second is not None:
        hot, bivariate = _bivariate(gdf, hot, sw, x=column, y=second, islands=islands, permutations=permutations,
                                    seed=seed, alpha=alpha, correction=correction)
    caution = bool(np.isfinite(moran.p) and moran.p > alpha)
    small = _small_population(gdf)
    notes = _notes(gdf, sw, report, moran, small, bivariate, islands=sw.island_policy, permutations=permutations,
                   alpha=alpha, correction=correction, rate=rate, caution=caution)
    options = AnalysisOptions(weights=sw.kind, islands=sw.island_policy, permutations=permutations, seed=seed,
                              alpha=alpha, correction=correction,
                              gi_inference=gi_inference if permutations else "normal", rate=rate)
    in_stats = hot["gi_category"] != cat.ISLAND
    return HotspotResult(
        frame=_result_frame(gdf, hot, sw), options=options, prepared=report, join=join_report,
        repaired=tuple(repaired), weights=sw, moran=moran,
        lisa={c: int((hot["lisa_cluster"] == c).sum()) for c in cat.LISA_CATEGORIES},
        gi_star={cat.GI_BIN_NAMES[b]: int(((hot["gi_bin"] == b) & in_stats).sum()) for b in cat.GI_BINS},
        notes=notes, shown=shown, small_population=small, caution=caution, bivariate=bivariate)


@contextmanager
def drawn_once(periods: "Sequence[Prepared | gpd.GeoDataFrame]", *, weights: str = DEFAULT_WEIGHTS,
               islands: str = DEFAULT_ISLANDS, permutations: int = DEFAULT_PERMUTATIONS, seed: int = DEFAULT_SEED,
               weights_cache: "dict[tuple[Any, ...], Any] | None" = None,
               gi_inference: str = "permutation", rate: str = "raw") -> Iterator[None]:
    """Inside the block, :func:`analyse` of these periods reuses permutations drawn once for all of them.

    The draws of the permutation engine depend on the weights, the seed and the areas, never on the
    values: the periods of a series drew the same neighbours once per period. Here Moran's I, LISA
    and Gi* of every period are computed together (``geo.stats.engine.*_periods``: one draw, each
    period's values gathered at once), and each :func:`analyse` in the block finds its results
    (the same p-values as alone). Periods on other areas, another ``rate`` than ``raw``, or values
    the statistics refuse are left to :func:`analyse` as before (which then says what is wrong).

    Parameters
    ----------
    periods
        The prepared frames of the periods, as :func:`analyse` takes them.
    weights, islands, permutations, seed, weights_cache, gi_inference, rate
        As the block's :func:`analyse` calls will get them.

    Yields
    ------
    None
    """
    with engine.remembered():
        if permutations and rate == "raw" and len(periods) > 1:
            _draw_periods(periods, weights=weights, islands=islands, permutations=permutations, seed=seed,
                          weights_cache=weights_cache, gi=gi_inference == "permutation")
        yield


def _draw_periods(periods: "Sequence[Prepared | gpd.GeoDataFrame]", *, weights: str, islands: str,
                  permutations: int, seed: int, weights_cache: "dict[tuple[Any, ...], Any] | None",
                  gi: bool) -> None:
    """Compute every period's Moran's I, LISA and Gi* permutations at once, for :func:`drawn_once`."""
    from .stats.autocorrelation import _values

    groups: dict[int, tuple[SpatialWeights, list[np.ndarray]]] = {}
    for prepared in periods:
        gdf, report, _, _ = _inputs_of(prepared)
        analysed = gdf[gdf["analysed"]]
        if len(analysed) < MIN_AREAS:
            return
        sw = _weights(analysed, weights, islands, weights_cache)
        try:
            y = _values(analysed, report.analysed, sw)
        except AnalysisError:
            return  # analyse() refuses this period, in its own words
        groups.setdefault(id(sw), (sw, []))[1].append(y)
    for sw, ys in groups.values():
        if len(ys) < 2:
            continue
        row = engine.weights_matrix(sw.w, "local_moran")
        try:
            with stage("p_moran", permutations=permutations):
                engine.global_moran_periods(ys, row, permutations=permutations, seed=seed)
            with stage("p_lisa", permutations=permutations):
                engine.local_moran_periods(ys, row, permutations=permutations, seed=seed)
            if gi:
                with stage("p_gi", permutations=permutations):
                    engine.gi_star_periods(ys, engine.weights_matrix(sw.w, "gi_star"), permutations=permutations,
                                           seed=seed, scheme=GI_PERMUTATION)
        except (AnalysisError, OptionError):
            continue  # analyse() meets the same refusal, period by period, and says it


def _inputs_of(prepared: "Prepared | gpd.GeoDataFrame"
               ) -> tuple["gpd.GeoDataFrame", PrepareReport, JoinReport, tuple[str, ...]]:
    """The frame and records of a :class:`Prepared`, or plain records for a bare frame."""
    if isinstance(prepared, Prepared):
        return prepared.frame, prepared.report, prepared.join, tuple(prepared.repaired)
    gdf = prepared
    report = PrepareReport(source="the data", value_column="value",
                           population_column="population" if "population" in gdf.columns else None,
                           analysed="rate" if "rate" in gdf.columns else "value")
    return gdf, report, JoinReport(len(gdf), [], [], source="the data"), ()


def _check_rate(rate: str, gdf: "gpd.GeoDataFrame") -> None:
    if rate not in rates.RATE_METHODS:
        raise OptionError(messages.line("analysis_unknown_rate_rate_r", rate=rate,
                                        join_rates_rate_meth=', '.join(rates.RATE_METHODS)))
    if rate != "raw" and "population" not in gdf.columns:
        raise OptionError(messages.line("analysis_rate_rate_smooths_rate", rate=rate))


def _analysed_rows(gdf: "gpd.GeoDataFrame", column: str, report: PrepareReport,
                   cache: "dict[tuple[Any, ...], Any] | None" = None) -> "gpd.GeoDataFrame":
    """The rows the statistics use, refused when they cannot carry a spatial pattern.

    With ``cache`` (a series), the same areas with the very same shapes are checked for overlaps once.
    """
    analysed = gdf[gdf["analysed"]].copy()
    if len(analysed) < MIN_AREAS and report.no_population:
        raise AnalysisError(
            messages.line("analysis_only_len_analysed_area", len_analysed=len(analysed),
                          len_report_no_popula=len(report.no_population),
                          few_report_no_popula=few(report.no_population, 5), MIN_AREAS=MIN_AREAS)
        )
    if len(analysed) < MIN_AREAS:
        raise AnalysisError(
            messages.line("analysis_only_len_analysed_area2", len_analysed=len(analysed), MIN_AREAS=MIN_AREAS)
        )
    if analysed[column].nunique() < 2:
        raise AnalysisError(
            messages.line("analysis_all_len_analysed_areas", len_analysed=len(analysed), column=column,
                          analysed_column_iloc=analysed[column].iloc[0])
        )
    # A check keyed by the codes and every shape's bounds and area: a period on other boundaries (a nested
    # level, a shape that moved) is checked again; one on the same shapes is not.
    checked = _shapes_key(analysed) if cache is not None else None
    doubles = overlapping(analysed) if cache is None or checked not in cache else []
    if cache is not None and checked is not None and not doubles:
        cache[checked] = True
    if doubles:
        listed = few([f"{a} in {b}" for a, b in doubles], 5)
        raise AnalysisError(messages.line("analysis_len_doubles_area_s", len_doubles=len(doubles), listed=listed))
    return analysed


def _shapes_key(analysed: "gpd.GeoDataFrame") -> tuple[Any, ...]:
    """A key of the areas' codes and shapes (bounds and area of each, hashed), for a check done once per shapes."""
    import hashlib

    import shapely

    geoms = analysed.geometry.array
    digest = hashlib.blake2b(np.ascontiguousarray(shapely.bounds(geoms)).tobytes(), digest_size=16)
    digest.update(np.ascontiguousarray(shapely.area(geoms), dtype=np.float64).tobytes())
    return ("no overlaps", tuple(analysed["code"].astype(str).tolist()), digest.hexdigest())


def _second_column(gdf: "gpd.GeoDataFrame", value2: str | None) -> str | None:
    """The column of the bivariate LISA's second indicator: ``value2``, else a ``value2`` column if there is one."""
    second = value2 or ("value2" if "value2" in gdf.columns else None)
    if second is not None and second not in gdf.columns:
        raise OptionError(messages.line("analysis_value_second_r_column", second=second,
                                        few_list_gdf_columns=few(list(gdf.columns))))
    return second


def _weights(analysed: "gpd.GeoDataFrame", kind: str, islands: str,
             cache: "dict[tuple[Any, ...], Any] | None") -> "SpatialWeights":
    """The weights of the analysed areas: from ``cache`` when the same areas were analysed before, else built."""
    key = (tuple(analysed["code"].astype(str).tolist()), kind, islands)  # (tolist: Arrow text iterates slowly)
    sw = cache.get(key) if cache is not None else None
    if sw is None:
        with stage("p_weights"):
            sw = weights_mod.build(analysed, kind=kind, islands=islands)
        if cache is not None:
            cache[key] = sw
    return sw


def _smoothed(analysed: "gpd.GeoDataFrame", sw: "SpatialWeights", rate: str, column: str) -> tuple[str, str, str]:
    """Add the empirical-Bayes columns ``rate`` asks for; return what Moran/LISA test, Gi* reads, the map shows."""
    if rate == "raw":
        return column, column, column
    rows = analysed.index[sw.analysed]
    counts, pop = analysed.loc[rows, "value"].to_numpy(float), analysed.loc[rows, "population"].to_numpy(float)
    for name, method in (("rate_eb", "eb"), ("rate_seb", "seb")):
        if method == "eb" or rate == "seb":
            analysed.loc[rows, name] = rates.smoothed(counts, pop, method=method, w=sw.w)
    analysed.loc[rows, "rate_eb_z"] = rates.eb_standardised(counts, pop)
    return "rate_eb_z", "rate_eb", f"rate_{rate}"


def _bivariate(gdf: "gpd.GeoDataFrame", hot: "gpd.GeoDataFrame", sw: "SpatialWeights", *, x: str, y: str,
               islands: str, permutations: int, seed: int, alpha: float, correction: str
               ) -> tuple["gpd.GeoDataFrame", dict[str, Any]]:
    """The bivariate LISA of ``x`` against ``y`` on the areas that have both.

    When every analysed area has ``y`` (and no other area has it), the
    weights of the main analysis are used as they are. Otherwise the areas
    with both get weights of their own, and the others are named in
    ``left_out`` (the Veiligheidsmonitor has no figure for small gemeenten).
    """
    has_y = hot[y].notna()
    only_x = sorted(hot.loc[~has_y, "code"].astype(str))
    only_y = sorted(gdf.loc[~gdf["analysed"] & gdf[y].notna(), "code"].astype(str))
    both = hot[has_y]
    if len(both) < MIN_AREAS:
        raise DataError(messages.line("analysis_two_indicators_cover_different", len_both=len(both),
                                      left_out_detail_only=_left_out_detail(only_x, only_y), MIN_AREAS=MIN_AREAS))
    bw = sw
    if only_x:
        with stage("p_weights"):
            bw = weights_mod.build(both, kind=sw.kind, islands=islands)
    with stage("p_bivariate", permutations=permutations):
        found, bv_global = stats.bivariate_moran(both, x, y, weights=bw,
                                                 permutations=permutations, seed=seed, alpha=alpha,
                                                 correction=correction)
    out = hot.copy()
    for name in ("bv_I", "bv_p", "bv_quadrant", "bv_cluster"):
        out[name] = found[name].reindex(out.index)
    out.loc[~has_y, "bv_cluster"] = cat.NO_DATA
    counts = {c: int((found["bv_cluster"] == c).sum()) for c in cat.BV_CATEGORIES}
    left_out = only_x + only_y
    if left_out:
        log.warning(text.Say("w_bivariate_left_out", n=len(left_out), codes=few(left_out), both=len(both)))
    graph: dict[str, Any] = {}
    if bw is not sw:
        # The areas with both figures are a thinner map: its own neighbours, with islands and separate
        # parts of its own (55 of 342 gemeenten: 20 islands, 27 parts), which the reader must know.
        graph = {"own_weights": True, "islands": list(bw.islands), "attached": dict(bw.attached),
                 "components": int(bw.components)}
        if bw.islands or bw.components > 1:
            log.warning(text.Say("w_bivariate_graph", n=len(both), islands=len(bw.islands),
                                 parts=int(bw.components), policy=text.get(f"islands_{bw.island_policy}",
                                                                           lang=text.log_lang())))
    return out, {**bv_global.as_dict(), "counts": counts, "n": len(both), "left_out": left_out, **graph}


def _left_out_detail(only_x: list[str], only_y: list[str]) -> str:
    parts = [messages.line("only_first", n=len(only_x), codes=few(only_x, 5)) if only_x else "",
             messages.line("only_second", n=len(only_y), codes=few(only_y, 5)) if only_y else ""]
    return "; ".join(p for p in parts if p)


def _result_frame(gdf: "gpd.GeoDataFrame", hot: "gpd.GeoDataFrame", sw: "SpatialWeights") -> "gpd.GeoDataFrame":
    """Every area of ``gdf`` with the statistics' columns; areas without a value are "no data"."""
    out = gdf.copy()
    extra = [c for c in EXTRA_COLUMNS if c in hot.columns]
    for name in (*extra, *RESULT_STAT_COLUMNS, "gi_p_bin"):
        out[name] = hot[name].reindex(out.index)
    out["island"] = out["code"].isin(sw.islands)
    out.loc[~out["analysed"], "lisa_cluster"] = cat.NO_DATA
    out.loc[~out["analysed"], "gi_category"] = cat.NO_DATA
    if "bv_cluster" in out.columns:
        out.loc[~out["analysed"], "bv_cluster"] = cat.NO_DATA
    out["gi_bin"] = out["gi_bin"].fillna(0).astype(int)
    return out


def _small_population(gdf: "gpd.GeoDataFrame") -> list[str]:
    threshold = small_population_of(gdf)
    if "population" not in gdf.columns or threshold is None:
        return []
    return sorted(gdf.loc[gdf["analysed"] & (gdf["population"] < threshold), "code"].astype(str))


def _notes(gdf: "gpd.GeoDataFrame", sw: "SpatialWeights", report: PrepareReport, moran: "MoranTest",
           small: list[str], bivariate: dict[str, Any] | None, *, islands: str, permutations: int, alpha: float,
           correction: str, rate: str, caution: bool) -> list[str]:
    """The notes of ``summary.json``: what a reader must know to read the local statistics."""
    notes: list[str] = []
    n = int(sw.analysed.sum())
    lisa_note = correction_note(n, permutations, alpha, correction=correction)
    if lisa_note:
        notes.append(lisa_note)
    if n < FEW_AREAS:
        log.warning(text.Say("w_few_areas", n=n, minimum=FEW_AREAS))
        notes.append(f"only {n} areas (fewer than {FEW_AREAS}): local statistics (LISA, Gi*) on so few units are "
                     "descriptive at best; clusters are not findings")
    if caution:
        notes.append(f"the global Moran's I is not significant (p = {moran.p:.3g} > {alpha}): read the local "
                     "clusters with care, some will be chance")
    if report.no_population:
        notes.append(f"{len(report.no_population)} area(s) without inhabitants left out of the rates: "
                     f"{few(report.no_population)}")
    if small:
        notes.append(f"{len(small)} area(s) with fewer than {small_population_of(gdf):,} inhabitants, whose "
                     f"raw rate rests on few cases: {few(small)}" + ("" if rate != "raw" else "; consider --rate eb"))
    elif rate == "raw" and "population" in gdf.columns and small_population_of(gdf) is None:
        inhabited = gdf.loc[gdf["analysed"], "population"]
        if len(inhabited):
            notes.append(f"raw rates per CBS square rest on few inhabitants (median {inhabited.median():,.0f} per "
                         "analysed square); consider --rate eb")
    if sw.islands:
        how = ("attached to their nearest neighbour" if islands == "attach"
               else "left out of the statistics and never labelled hot or cold")
        notes.append(f"{len(sw.islands)} area(s) without neighbours ({few(sw.islands)}) {how}")
    if sw.components > 1:
        # The first parts only: a national grid of squares has tens of thousands of them.
        shown = sw.separate_parts[:PARTS_IN_NOTE]
        more = len(sw.separate_parts) - len(shown)
        notes.append(f"the neighbour graph has {sw.components} separate parts; besides the main part: "
                     f"{'; '.join(few(p, 5) for p in shown)}" + (f"; and {more:,} more" if more else ""))
    if bivariate is not None and bivariate["left_out"]:
        notes.append(f"bivariate LISA on the {bivariate['n']} areas with both indicators; "
                     f"{len(bivariate['left_out'])} with only one left out: {few(bivariate['left_out'])}")
    return notes


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
    if not 0 <= permutations <= MAX_PERMUTATIONS:
        raise OptionError(messages.line("analysis_permutations_permutations_out_range", permutations=permutations,
                                        MAX_PERMUTATIONS=MAX_PERMUTATIONS))
    if not 0 <= seed <= MAX_SEED:
        raise OptionError(messages.line("analysis_seed_seed_out_range", seed=seed, MAX_SEED=MAX_SEED))
    if not 0 < alpha < 1:
        raise OptionError(messages.line("analysis_alpha_alpha_must_lie", alpha=alpha))
