"""The pipeline API: inputs in, statistics computed, results written, one call.

:func:`run` is what ``vmgeo hotspots`` does (and ``change`` and ``demo``
through :func:`analyse_and_write`); the command line only parses, calls and
prints::

    import geo
    from geo.inputs import Options

    done = geo.run(Options(data="misdrijven", period="2023", population="inwoners"), out="resultaten")
    done.result.moran["I"], done.written

The stages it composes: :func:`geo.inputs.assemble` (readers, boundaries,
years, units), :func:`geo.analyse` (or :func:`geo.series.analyse_series`
for a series), :func:`geo.outputs.write_outputs`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import analysis, fetch, grid, inputs, levels, messages, summary, text
from .analysis import AnalysisOptions, HotspotResult
from .errors import OptionError
from .inputs import Assembled, Options
from .outputs import write_outputs
from .reports import Prepared, RunReport
from .series import SeriesResult, analyse_series
from .settings import Settings, from_env
from .stats import engine

if TYPE_CHECKING:
    from .maps import MapOptions

#: Registration counts below this are hidden at buurt level unless ``min_count`` says otherwise.
BUURT_MIN_COUNT = 5


@dataclass(frozen=True)
class Output:
    """How the results are written: where, in which language, with which map."""

    out: str | Path
    title: str | None = None
    lang: str = "nl"
    map_options: "MapOptions | None" = None
    #: ``png`` and/or ``svg``.
    static: tuple[str, ...] = ()
    force: bool = False
    #: Counts below this show as "<K"; ``None``: 5 for buurten, 0 otherwise.
    min_count: int | None = None
    #: Files placed in ``out`` with the results (name to source path), e.g. the demo's inputs.
    attach: dict[str, Path] | None = None


@dataclass(frozen=True)
class Done:
    """What :func:`run` did: the result (of the last period), the series, the summary and the files."""

    result: HotspotResult
    summary: dict[str, Any]
    written: list[Path]
    title: str
    series: SeriesResult | None = None
    run: RunReport = field(default_factory=RunReport)


def run(
    options: Options,
    *,
    out: str | Path | Output,
    analysis_options: AnalysisOptions | None = None,
    settings: Settings | None = None,
    change: tuple[str, str] | None = None,
    survey_rule: str = "se",
    names: tuple[str, str] | None = None,
) -> Done:
    """Read the inputs, analyse them and write the results: ``vmgeo hotspots`` as a function.

    Parameters
    ----------
    options
        The inputs (:class:`geo.inputs.Options`: ``--data``, ``--level``, ``--population`` and the rest).
    out
        The output folder, or an :class:`Output` with the title, language and map options.
    analysis_options
        Weights, permutations, seed, alpha, correction, Gi* inference, rate
        (:class:`geo.analysis.AnalysisOptions`; defaults from :mod:`geo.settings`).
    settings
        Endpoints, cache and offline mode (default: from the environment).
    change
        For a series: the two periods to compare (default: the last two).
    survey_rule
        For a series of survey figures: ``se`` or ``overlap``.
    names
        Reader names of the two indicators of a bivariate run (default: derived from ``options``).

    Returns
    -------
    Done
    """
    output = out if isinstance(out, Output) else Output(out=out)
    made = inputs.assemble(options, settings=settings or from_env())
    analysis_options = chosen_analysis(made.run, analysis_options)
    lang = output.lang
    per = f" {text.get('per_1000', lang=lang)}" if made.prepared.report.analysed == "rate" else ""
    record = replace(made.run, inputs=_inputs_record(options))
    title = output.title or text.get("hotspots_title", lang=lang, what=f"{made.title}{per}")
    if names is None and options.value2:
        names = bivariate_names(options.value2, kind=made.kind, title=made.title, lang=lang)
    return analyse_and_write(replace(made, run=record), output=replace(output, title=title),
                             analysis_options=analysis_options, change=change, survey_rule=survey_rule, names=names,
                             scheduler=options.scheduler)


def analyse_and_write(made: Assembled | Prepared, *, output: Output, analysis_options: AnalysisOptions | None = None,
                      change: tuple[str, str] | None = None, survey_rule: str = "se",
                      names: tuple[str, str] | None = None, run_report: RunReport | None = None,
                      scheduler: Any = None) -> Done:
    """Analyse prepared inputs (one period, or a series) and write the results.

    ``made`` is what :func:`geo.inputs.assemble` returned, or one
    :class:`~geo.reports.Prepared` frame (with ``run_report`` saying where it
    came from); ``output.title`` is the map's title. With ``scheduler`` (a
    Dask scheduler's address or client) the permutations run on that cluster,
    with the same results as in process (the same seed, the same chunks).
    """
    if isinstance(made, Prepared):
        made = Assembled(prepared=made, title=output.title or "", run=run_report or RunReport())
    opts = analysis_options or AnalysisOptions()
    settings = dict(weights=opts.weights, islands=opts.islands, permutations=opts.permutations, seed=opts.seed,
                    alpha=opts.alpha, correction=opts.correction, gi_inference=opts.gi_inference, rate=opts.rate)
    analysed_series = None
    with engine.distributed(scheduler):
        if made.series:
            analysed_series = analyse_series(made.series, kind=made.kind, change=change, survey_rule=survey_rule,
                                             window=opts.window, time_step=opts.time_step,
                                             **settings)  # type: ignore[arg-type]
            result = analysed_series.latest
        else:
            result = analysis.analyse(made.prepared, **settings)  # type: ignore[arg-type]
    title = output.title or made.title
    min_count = output.min_count if output.min_count is not None else default_min_count(result.frame, run=made.run)
    if min_count < 0:
        raise OptionError(messages.line("pipeline_min_count_min_count", min_count=min_count))
    written = write_outputs(result, output.out, title=title, lang=output.lang, run=made.run,
                            map_options=output.map_options, static=output.static, attach=output.attach,
                            series=analysed_series, force=output.force, min_count=min_count, names=names,
                            density=made.density)
    return Done(result=result, summary=summary.build(result, made.run), written=written, title=title,
                series=analysed_series, run=made.run)


def _inputs_record(options: Options) -> dict[str, Any]:
    """What summary.json's ``inputs`` says the run read (for incidents: the file and the options, no coordinate)."""
    record: dict[str, Any] = {"boundaries": options.boundaries or f"PDOK {options.level}"}
    if options.incidents:
        record |= {"incidents": str(options.incidents), "x": options.x, "y": options.y, "crs": options.crs,
                   "date": options.date, "type": options.type, "types": options.types,
                   "period": options.period, "grid": options.grid, "hex": options.hex, "within": options.within,
                   "interval": options.interval}
    else:
        record |= {"data": str(options.data), "code_column": options.code_column}
    if options.population:
        record["population"] = str(options.population)
    if options.scheduler:
        record["scheduler"] = options.scheduler
    if options.scale:
        record["scale"] = options.scale
    return record | {"level": options.level, "year": options.year}


def chosen_analysis(run: RunReport, given: AnalysisOptions | None) -> AnalysisOptions | None:
    """The statistics ``--scale auto`` chose (weights of its distance band, FDR, Gi* by the normal approximation).

    As Optimized Hot Spot Analysis does: with every square a test of its own,
    FDR is on, and Gi* is read from its normal z (ArcGIS bins Gi* z-scores);
    with the smallest two-sided pseudo-p of 999 permutations, 2/(P+1) =
    0.002, no square of a big grid could pass FDR. The choices replace ``--weights``, ``--correction``
    and ``--gi-inference``, and are printed and recorded (``aggregation.scale``).
    """
    chosen = run.aggregation.scale if run.aggregation is not None else None
    if chosen is None:
        return given
    return replace(given or AnalysisOptions(), weights=chosen.weights, correction="fdr", gi_inference="normal")


def default_min_count(frame: Any, *, run: RunReport | None = None) -> int:
    """The default ``--min-count``: 5 for buurten and for squares of 500 m and smaller (or hexagons as small), else 0.

    Small counts there can point to people: a count of one in a buurt, or in a 100 m square, is a household.
    """
    aggregation = run.aggregation if run is not None else None
    if aggregation is not None and aggregation.target == "grid":
        return grid.default_min_count(aggregation.cell)
    if aggregation is not None and aggregation.target == "hex":
        return grid.MIN_COUNT if _hexagon_area(aggregation.aggregation) <= grid.SMALL_CELL ** 2 else 0
    level = levels.of_codes(frame["code"].astype(str))
    return BUURT_MIN_COUNT if level is not None and level.name == "buurt" else 0


#: Mean area (m²) of an H3 hexagon per resolution (Uber's table): resolution 9 is about a 300 m square.
H3_AREA = {0: 4_357_449_416_078.0, 1: 609_788_441_794.0, 2: 86_801_780_399.0, 3: 12_393_434_655.0,
           4: 1_770_347_654.0, 5: 252_903_858.0, 6: 36_129_062.0, 7: 5_161_293.0, 8: 737_327.0, 9: 105_332.0,
           10: 15_047.0, 11: 2_149.0, 12: 307.0, 13: 44.0, 14: 6.3, 15: 0.9}


def _hexagon_area(report: dict[str, Any]) -> float:
    """The mean area of the hexagons of an aggregation's report (its ``resolution``); 0 when unknown.

    Unknown counts as smallest: a resolution this table lacks must hide small counts, not show them.
    """
    resolution = report.get("resolution")
    return H3_AREA.get(int(resolution), 0.0) if resolution is not None else 0.0


def bivariate_names(value2: str, *, kind: str, title: str, lang: str = "nl") -> tuple[str, str]:
    """Reader names of the two indicators: 'geregistreerde criminaliteit' against 'onveiligheidsgevoel' and the like."""
    x = text.get("bv_x_crime", lang=lang) if kind == "count" else title.lower()
    if "onveilig" in value2.lower():
        y = text.get("bv_y_unsafe", lang=lang)
    elif value2 in fetch.indicators():
        y = str(fetch.indicators()[value2]["title"]).split(" (")[0].lower()
    else:
        y = value2
    return x, y
