"""``vmgeo hotspots``: figures per area joined to boundaries, and their hot spots."""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import _options

if TYPE_CHECKING:
    from ..inputs import Options
    from ..maps import MapOptions
    from ..reports import Prepared, RunReport


def add_parser(sub: Any) -> None:
    """Add the ``hotspots`` command."""
    hs = sub.add_parser("hotspots", parents=[_options.sources()], help="hot spots from boundaries and figures per area",
                        description="Join figures per area to boundaries and compute global Moran's I, "
                                    "local Moran (LISA) and Getis-Ord Gi*. Figures come from a file or straight "
                                    "from CBS / Politie (SOURCE:TABLE/MEASURE or an indicator name), boundaries "
                                    "from a file or from PDOK (--level, --year). Writes summary.json, "
                                    "results.csv, results.gpkg and map.html in --out. With a series "
                                    "(--period 2012:2023) also series.csv, change.csv and emerging.csv.")
    add_inputs(hs)
    s = hs.add_argument_group("over the years")
    s.add_argument("--change", metavar="FROM:TO",
                   help="with a series: the two periods to compare (default: the last two)")
    _options.add_survey_rule(s)
    hs.add_argument("--out", default="vmgeo-out", metavar="DIR", help="output folder (default vmgeo-out)")
    _options.add_analysis(hs)
    hs.set_defaults(func=run)


def add_inputs(hs: argparse.ArgumentParser) -> None:
    """The input options of ``hotspots`` and ``change``: figures, boundaries, population, years, units."""
    i = hs.add_argument_group("input")
    i.add_argument("--data", required=True, metavar="SOURCE",
                   help="a CSV/Excel file, SOURCE:TABLE/MEASURE (e.g. politie:47018NED/GeregistreerdeMisdrijven_1) "
                        "or an indicator name (see 'vmgeo indicators')")
    i.add_argument("--boundaries", action="append", default=[], metavar="PATH",
                   help="GeoJSON, GeoPackage or Shapefile (default: PDOK, by --level and --year); repeat it for "
                        "members of several levels")
    i.add_argument("--level", default="gemeente", metavar="LEVEL",
                   help="gemeente (default), wijk, buurt, provincie, or a police level (basisteam, district, "
                        "eenheid) with --composition")
    i.add_argument("--composition", metavar="FILE",
                   help="police unit composition (CSV, see boundaries/compositions/README.md)")
    i.add_argument("--year", type=int, metavar="YEAR", help="year of the PDOK boundaries (default: year of --period)")
    i.add_argument("--filter", action="append", default=[], metavar="DIM=KEY",
                   help="pick rows of a CBS/Politie table, e.g. SoortMisdrijf=0.0.0 (repeatable; KEY1,KEY2 sums)")
    i.add_argument("--period", metavar="PERIOD",
                   help="period: 2023 or a key such as 2023MM01; a series: 2012:2023 or 2019,2021,2023 "
                        "(for CBS/Politie tables, and data files with a period column)")
    i.add_argument("--period-column", metavar="COL",
                   help="period column of a data file (default: Perioden, Periode, Jaar when present)")
    i.add_argument("--code-column", metavar="COL", help="area code column of a data file")
    i.add_argument("--name-join", metavar="COL",
                   help="join a data file on area names in COL instead of codes (reports what matched how)")
    i.add_argument("--value", metavar="COL", help="value column of a data file")
    i.add_argument("--population", metavar="COL|SOURCE",
                   help="population: a column of the data file, or SOURCE:TABLE/MEASURE / 'inwoners'; "
                        "the analysed value is then a rate per 1,000 inhabitants")
    i.add_argument("--value2", metavar="COL|SOURCE",
                   help="a second indicator for the bivariate LISA: a column of the data file, or SOURCE:TABLE/MEASURE "
                        "/ an indicator (e.g. onveilig_buurt beside registered crime)")
    i.add_argument("--value2-period", metavar="PERIOD", help="--period for a second indicator from CBS")
    i.add_argument("--population-filter", action="append", default=[], metavar="DIM=KEY",
                   help="--filter for a population table")
    i.add_argument("--population-period", metavar="PERIOD", help="--period for a population table")
    i.add_argument("--boundary-code-column", metavar="COL",
                   help="code column of the boundaries (default: --code-column if present, else statcode, ...)")
    i.add_argument("--name-column", metavar="COL", help="name column of the boundaries (default statnaam, naam, ...)")
    i.add_argument("--crs", metavar="CRS", help="CRS of a boundary file that declares none, e.g. EPSG:28992")
    i.add_argument("--layer", metavar="NAME", help="layer of a GeoPackage with several layers")
    i.add_argument("--sheet", metavar="NAME", help="worksheet of an Excel file")
    y = hs.add_argument_group("years and units")
    y.add_argument("--data-year", type=int, metavar="YEAR",
                   help="boundary year the data's codes follow, when it differs from --year (mergers are applied)")
    y.add_argument("--data-boundaries", metavar="PATH",
                   help="boundaries of --data-year (default: PDOK)")
    y.add_argument("--split-rule", choices=("area", "population"),
                   help="how to divide the counts of an area that was split between the years")
    y.add_argument("--mapping", metavar="FILE",
                   help="instead of --composition: a table of members and units, e.g. gemeente -> eenheid "
                        "(with --unit-column; --level names the units' level)")
    y.add_argument("--member-column", default="gemeentecode", metavar="COL",
                   help="with --mapping (default gemeentecode)")
    y.add_argument("--unit-column", metavar="COL", help="with --mapping, e.g. politie_eenheid_code")
    y.add_argument("--unit-name-column", metavar="COL", help="with --mapping, e.g. politie_eenheid_naam")
    y.add_argument("--aggregate", choices=("sum", "weighted"), default="sum",
                   help="to units: sum counts (default) or a population-weighted mean of percentages (indicative)")


def options_from(args: argparse.Namespace) -> "Options":
    """The pipeline's input options from a command line."""
    from ..inputs import Options

    return Options(
        data=args.data, level=args.level, year=args.year, boundaries=args.boundaries, filters=args.filter,
        period=args.period, code_column=args.code_column, name_join=args.name_join, value=args.value,
        population=args.population, population_filters=args.population_filter,
        population_period=args.population_period, boundary_code_column=args.boundary_code_column,
        name_column=args.name_column, crs=args.crs, sheet=args.sheet, composition=args.composition,
        data_year=args.data_year, data_boundaries=args.data_boundaries, split_rule=args.split_rule,
        aggregate=args.aggregate, refresh=args.refresh, period_column=args.period_column, layer=args.layer,
        mapping=args.mapping, member_column=args.member_column, unit_column=args.unit_column,
        unit_name_column=args.unit_name_column, value2=args.value2, value2_period=args.value2_period,
    )


def run(args: argparse.Namespace) -> int:
    """Run ``vmgeo hotspots``."""
    from .. import text
    from .._progress import stage
    from ..inputs import assemble

    opts = options_from(args)
    _options.check_out(args, args.data, *args.boundaries, args.composition, args.data_boundaries, args.mapping)
    # A wrong map option fails before any download or computation.
    map_options = _options.map_options(args, level=None if args.composition or args.mapping else args.level)
    change = _change_periods(getattr(args, "change", None))
    with stage("p_fetch"):
        made = assemble(opts, settings=_options.settings(args))
    per = f" {text.get('per_1000', lang=args.lang)}" if made.prepared.report.analysed == "rate" else ""
    run_report = replace(made.run, inputs={"boundaries": args.boundaries or f"PDOK {args.level}",
                                           "data": str(args.data), "code_column": args.code_column,
                                           "level": args.level, "year": args.year})
    title = text.get("hotspots_title", lang=args.lang, what=f"{made.title}{per}")
    return run_analysis(made.prepared, args, title=title, run=run_report, map_options=map_options,
                        series=made.series, kind=made.kind, change=change,
                        names=_bivariate_names(args, made.kind, made.title) if args.value2 else None)


#: Registration counts below this are hidden at buurt level unless --min-count says otherwise.
BUURT_MIN_COUNT = 5


def _min_count(args: argparse.Namespace, frame: Any) -> int:
    """--min-count, or 5 when the areas are buurten (small counts there can point to people), else 0."""
    from .. import levels
    from ..errors import OptionError

    if args.min_count is not None:
        if args.min_count < 0:
            raise OptionError(f"--min-count {args.min_count} must be 0 (show every count) or more")
        return int(args.min_count)
    level = levels.of_codes(frame["code"].astype(str))
    return BUURT_MIN_COUNT if level is not None and level.name == "buurt" else 0


def _bivariate_names(args: argparse.Namespace, kind: str, title: str) -> tuple[str, str]:
    """Reader names of the two indicators: 'geregistreerde criminaliteit' against 'onveiligheidsgevoel' and the like."""
    from .. import fetch, text

    x = text.get("bv_x_crime", lang=args.lang) if kind == "count" else title.lower()
    second = str(args.value2)
    if "onveilig" in second.lower():
        y = text.get("bv_y_unsafe", lang=args.lang)
    elif second in fetch.indicators():
        y = str(fetch.indicators()[second]["title"]).split(" (")[0].lower()
    else:
        y = second
    return x, y


def _change_periods(spec: str | None) -> tuple[str, str] | None:
    from .. import periods
    from ..errors import OptionError

    if not spec:
        return None
    parts = [p for p in spec.replace(",", ":").split(":") if p.strip()]
    if len(parts) != 2:
        raise OptionError(f"--change {spec!r} is not FROM:TO; write e.g. --change 2019:2023")
    return periods.key(parts[0], option="--change"), periods.key(parts[1], option="--change")


def run_analysis(prepared: "Prepared", args: argparse.Namespace, *, title: str, run: "RunReport",
                 map_options: "MapOptions", attach: dict[str, Path] | None = None,
                 series: "dict[str, Prepared] | None" = None, kind: str = "count",
                 change: tuple[str, str] | None = None, names: tuple[str, str] | None = None) -> int:
    """Analyse, write the outputs and print the summary: the tail of ``hotspots``, ``change`` and ``demo``."""
    from .. import analysis, terminal, text
    from ..maps import iframe_snippet
    from ..outputs import write_outputs
    from ..summary import build

    settings = dict(weights=args.weights, islands=args.islands, permutations=args.permutations, seed=args.seed,
                    alpha=args.alpha, correction=args.correction,
                    gi_inference=args.gi_inference, rate=args.rate)
    analysed_series = None
    if series:
        from ..series import analyse_series

        analysed_series = analyse_series(series, kind=kind, change=change,
                                         survey_rule=getattr(args, "survey_rule", "se"), **settings)
        result = analysed_series.latest
    else:
        result = analysis.analyse(prepared, **settings)
    static = tuple(k for k in ("png", "svg") if getattr(args, k))
    title = args.title or title
    written = write_outputs(result, args.out, title=title, lang=args.lang, run=run, map_options=map_options,
                            static=static, attach=attach, series=analysed_series, force=args.force,
                            min_count=_min_count(args, result.frame), names=names)
    print(terminal.summary_lines(build(result, run), lang=args.lang))
    if analysed_series is not None:
        print(terminal.series_lines(analysed_series.summary(), lang=args.lang))
    print(text.get("written", lang=args.lang) + ", ".join(str(p) for p in written))
    if args.embed:
        print(iframe_snippet("map.html", title=title))
    return 0
