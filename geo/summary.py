"""The ``summary.json`` schema: built here, and only here, from the typed results.

``schema_version`` says which shape a file has; it changes when a key is
renamed or removed (adding a key does not). The keys, in order:

``schema_version``, ``n``, ``n_areas``, ``islands``, ``island_policy``,
``attached``, ``weights``, ``components``, ``separate_parts`` (the first
:data:`SUMMARY_PARTS`), ``separate_parts_total``,
``permutations``, ``seed``, ``alpha``, ``fdr``, ``correction`` (``none``,
``bonferroni``, ``fdr``), ``gi_inference`` (``permutation``, ``normal``),
``value`` {``column``, ``population_column``, ``analysed`` (the column the
map shows: ``value``, ``rate``, ``rate_eb``, ``rate_seb``), ``rate_per``,
``rate_method``}, ``moran`` {``I``,
``expected``, ``z``, ``p``, ``z_norm``, ``p_norm``}, ``lisa`` {``HH``,
``LL``, ``LH``, ``HL``, ``not_significant``, ``island``}, ``gi_star``
{``hot_99`` .. ``cold_99``, ``not_significant``}, ``unmatched``
{``data_only``, ``boundaries_only``}, ``missing_value``, ``uncertain``,
``repaired_geometry``, ``small_population`` (areas below
``small_population_threshold`` inhabitants, by level: :mod:`geo.levels`), ``no_population``
(areas with a value but no inhabitants, left out of the rates), ``bivariate`` (with a second
indicator: ``I``, ``z``, ``p``, ``counts``, ``n`` and the codes ``left_out`` for lack of one of
the two), ``caution`` (the global statistic is not significant: read local clusters with care),
``few_areas`` (fewer analysed areas than ``settings.FEW_AREAS``: local statistics are descriptive
at best, and maps do not colour clusters as findings), ``notes``; then what the run adds (see
:class:`geo.reports.RunReport`): ``synthetic`` and ``planted`` (demo),
``inputs``, ``sources``, ``boundary_year``, ``crosswalk``,
``population_join``, ``incomplete_units``, ``indicative``, ``units``, ``aggregation``
(incidents counted per area: ``target``, ``cell``, ``areas``, ``counted``, ``outside``,
``study_area``, ``incidents`` {``read``, ``used``, ``dropped``, ``filtered``}, ``density``,
and with ``--interval`` the ``interval`` and ``periods``; counts only, never a coordinate); and
``vmgeo_version`` and ``created``. What the written outputs add
(:func:`finish`): ``title``, ``suppressed`` {``min_count``, ``areas`` (how many)}, the
names of the two indicators in ``bivariate`` (``x_name``, ``y_name``), and for
a series ``series`` and its notes.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from ._version import __version__
from .levels import small_population_of
from .reports import RunReport, Statistics
from .settings import RATE_PER
from .stats.engine import GI_PERMUTATION, LISA_PERMUTATION

SCHEMA_VERSION = 1
#: The separate parts of the neighbour graph written out (``separate_parts_total`` counts them all).
SUMMARY_PARTS = 50


def rate_per(result: Statistics) -> int | None:
    """Inhabitants a rate is per, or ``None`` when the value itself was analysed."""
    return RATE_PER if result.column.startswith("rate") else None


def build(result: Statistics, run: RunReport | None = None, *, stamp: bool = False) -> dict[str, Any]:
    """The content of ``summary.json``.

    Parameters
    ----------
    result
        From :func:`geo.analyse` (a :class:`geo.analysis.HotspotResult`).
    run
        What the command adds: inputs, sources, years, units.
    stamp
        Add ``vmgeo_version`` and ``created`` (the time of writing).
    """
    sw, opts, prep = result.weights, result.options, result.prepared
    summary: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "n": int(sw.analysed.sum()),
        "n_areas": len(result.frame),
        "islands": list(sw.islands),
        "island_policy": opts.islands,
        "attached": dict(sw.attached),
        "weights": sw.kind,
        "components": sw.components,
        # The first parts only (a national grid has tens of thousands); the total beside them.
        "separate_parts": [list(p) for p in sw.separate_parts[:SUMMARY_PARTS]],
        "separate_parts_total": len(sw.separate_parts),
        "permutations": opts.permutations,
        "seed": opts.seed,
        "alpha": opts.alpha,
        "fdr": opts.fdr,
        "correction": opts.correction,
        "gi_inference": opts.gi_inference,
        "value": {
            "column": prep.value_column,
            "population_column": prep.population_column,
            "analysed": result.column,
            "rate_per": rate_per(result),
            "rate_method": opts.rate if prep.population_column else None,
        },
        "moran": {k: result.moran[k] for k in ("I", "expected", "z", "p", "z_norm", "p_norm")},
        # Which permutation each local statistic used: LISA holds the area's own value fixed
        # (conditional), Gi* draws it with its neighbours' (total), as its star sum includes it.
        "permutation": {"lisa": LISA_PERMUTATION, "gi_star": GI_PERMUTATION},
        "lisa": dict(result.lisa),
        "gi_star": dict(result.gi_star),
        "unmatched": result.join.unmatched(),
        "missing_value": list(prep.missing_value),
        "uncertain": list(prep.uncertain),
        "repaired_geometry": list(result.repaired),
        "small_population": list(result.small_population),
        "small_population_threshold": small_population_of(result.frame),
        "no_population": list(prep.no_population),
        **({"bivariate": result.bivariate} if result.bivariate is not None else {}),
        "caution": result.caution,
        "few_areas": result.few_areas,
        "notes": list(result.notes),
    }
    if run is not None:
        summary["notes"] += list(run.notes)
        summary.update(_run_part(run))
    if stamp:
        summary["vmgeo_version"] = __version__
        summary["created"] = datetime.now(UTC).isoformat(timespec="seconds")
    return summary


def _run_part(run: RunReport) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if run.synthetic:
        out["synthetic"] = True
    if run.planted is not None:
        out["planted"] = run.planted
    if run.inputs is not None:
        out["inputs"] = run.inputs
    if run.sources is not None:
        out["sources"] = [s.as_dict() for s in run.sources]
    if run.has_boundary_year or run.boundary_year is not None:
        out["boundary_year"] = run.boundary_year
    if run.crosswalk is not None:
        out["crosswalk"] = run.crosswalk.as_dict()
    if run.population_join is not None:
        out["population_join"] = run.population_join
    if run.incomplete_units is not None:
        out["incomplete_units"] = run.incomplete_units
    if run.indicative is not None:
        out["indicative"] = run.indicative
    if run.units is not None:
        out["units"] = run.units.as_dict()
    if run.aggregation is not None:
        out["aggregation"] = run.aggregation.as_dict()
    return out


def finish(summary: dict[str, Any], *, title: str, min_count: int, suppressed: int,
           bivariate_names: tuple[str, str] | None = None, series: dict[str, Any] | None = None,
           series_notes: list[str] | None = None) -> dict[str, Any]:
    """Add to ``summary`` what the written outputs know: the title, the suppressed areas, names, the series.

    Parameters
    ----------
    summary
        From :func:`build`; changed in place and returned.
    title
        The map's title.
    min_count, suppressed
        The ``--min-count`` and how many areas show "<min_count" instead of their count.
    bivariate_names
        The names of the two indicators of a bivariate run.
    series, series_notes
        The series' own summary and notes, for a run over several periods.

    Returns
    -------
    dict
        ``summary``.
    """
    summary["title"] = title
    summary["suppressed"] = {"min_count": min_count, "areas": suppressed}
    if bivariate_names is not None:
        summary["bivariate"] = {**summary["bivariate"], "x_name": bivariate_names[0], "y_name": bivariate_names[1]}
    if series is not None:
        summary["series"] = series
        summary["notes"] += list(series_notes or [])
    return summary
