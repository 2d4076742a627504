"""The ``vmgeo`` command line: a thin layer over the pipeline stages.

Heavy libraries are imported inside the command functions, so that
``vmgeo --help`` answers at once. Every :class:`geo.errors.VmgeoError`
ends in one line on standard error and exit status 1.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path
from typing import Sequence

from . import __version__
from .errors import VmgeoError
from .settings import DEFAULT_ALPHA, DEFAULT_PERMUTATIONS, DEFAULT_SEED

log = logging.getLogger("geo")


def _add_analysis_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("statistics")
    g.add_argument("--weights", default="queen", metavar="KIND",
                   help="queen (default), rook or knn:K")
    g.add_argument("--islands", choices=("attach", "exclude"), default="attach",
                   help="areas without neighbours: attach each to its nearest area (default) or exclude it")
    g.add_argument("--permutations", type=int, default=DEFAULT_PERMUTATIONS, metavar="N",
                   help=f"permutations for pseudo p-values (default {DEFAULT_PERMUTATIONS})")
    g.add_argument("--seed", type=int, default=DEFAULT_SEED, metavar="S",
                   help=f"seed of the permutations (default {DEFAULT_SEED})")
    g.add_argument("--alpha", type=float, default=DEFAULT_ALPHA, metavar="A",
                   help=f"significance level (default {DEFAULT_ALPHA})")
    g.add_argument("--fdr", action="store_true", help="control the false discovery rate (Benjamini-Hochberg)")
    o = p.add_argument_group("output")
    o.add_argument("--lang", choices=("nl", "en"), default="nl", help="language of map and summary (default nl)")
    o.add_argument("--title", help="title of the map")
    _add_map_options(p)


def _add_map_options(p: argparse.ArgumentParser) -> None:
    m = p.add_argument_group("map")
    m.add_argument("--scheme", default="quantiles",
                   help="classes of the value layer: quantiles (default), natural_breaks, equal_interval, "
                        "fisher_jenks, box_map")
    m.add_argument("--classes", type=int, metavar="K", help="number of classes (default 5)")
    m.add_argument("--bins", metavar="B1,B2,...", help="explicit upper bounds of the classes (same bins across years)")
    m.add_argument("--layers", default="value,lisa,significance,gi", metavar="L1,L2",
                   help="map layers: value, lisa, significance, gi (default all)")
    m.add_argument("--basemap", choices=("none", "pdok", "osm"), default="none",
                   help="background tiles: none (default: outlines only, works offline), pdok "
                        "(BRT-Achtergrondkaart) or osm")
    m.add_argument("--cdn", action="store_true", help="load Leaflet from a CDN instead of inlining it (smaller page)")
    m.add_argument("--focus", metavar="CODE", help="open the map on this area, its neighbours in context")
    m.add_argument("--context", metavar="PATH",
                   help="boundaries to draw as outlines around the areas (e.g. eenheden around gemeenten); "
                        "by default wijken and buurten get their gemeente outlines")
    m.add_argument("--embed", action="store_true", help="a page for an iframe in a wijkprofiel; prints the snippet")
    m.add_argument("--png", action="store_true", help="also map.png (static, same colours and legend)")
    m.add_argument("--svg", action="store_true", help="also map.svg")


def _map_options(args: argparse.Namespace, *, level: str | None = None) -> "object":
    from .errors import OptionError
    from .maps import LAYERS, SCHEMES, MapOptions

    layers = tuple(x.strip() for x in args.layers.split(",") if x.strip())
    unknown = [x for x in layers if x not in LAYERS]
    if unknown:
        raise OptionError(f"unknown --layers {', '.join(unknown)}; choose from {', '.join(LAYERS)}")
    if args.scheme not in SCHEMES:
        raise OptionError(f"unknown --scheme {args.scheme!r}; use one of {', '.join(SCHEMES)}")
    bins = None
    if args.bins:
        try:
            bins = [float(b.replace(",", ".")) for b in args.bins.split(";" if ";" in args.bins else ",")]
        except ValueError as exc:
            raise OptionError(f"--bins {args.bins!r} are not numbers; write e.g. --bins 20,40,60,80") from exc
    context = None
    if args.context:
        from .boundaries import load_boundaries

        context = load_boundaries(args.context)
    return MapOptions(scheme=args.scheme, classes=args.classes, bins=bins, layers=layers, basemap=args.basemap,
                      cdn=args.cdn, focus=args.focus, embed=args.embed, level=level, context=context)


def _common_options() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    # SUPPRESS keeps a -v given before the command when none follows it.
    parent.add_argument("-v", "--verbose", action="count", default=argparse.SUPPRESS,
                        help="more log output (-vv for debug)")
    return parent


def _source_options() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False, parents=[_common_options()])
    g = parent.add_argument_group("downloads")
    g.add_argument("--offline", action="store_true",
                   help="never use the network; fail if something is not cached (also VMGEO_OFFLINE=1)")
    g.add_argument("--refresh", action="store_true", help="download again even what is cached")
    return parent


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``vmgeo``."""
    sources = _source_options()
    parser = argparse.ArgumentParser(
        prog="vmgeo",
        description="Hot-spot maps and statistics from Veiligheidsmonitor results and police registrations.",
    )
    parser.add_argument("--version", action="version", version=f"vmgeo {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log output (-vv for debug)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    common = _common_options()
    demo = sub.add_parser("demo", parents=[common], help="run the whole pipeline on a built-in synthetic region",
                          description="Generate a synthetic region with planted hot and cold spots and run the "
                                      "hot-spot analysis on it. Writes the same files as 'hotspots', plus the "
                                      "generated inputs (demo_buurten.gpkg, demo_data.csv).")
    demo.add_argument("--out", default="vmgeo-demo", metavar="DIR", help="output folder (default vmgeo-demo)")
    demo.add_argument("--region-seed", type=int, default=2024, metavar="S", help="seed of the synthetic region")
    _add_analysis_options(demo)
    demo.set_defaults(func=cmd_demo)

    hs = sub.add_parser("hotspots", parents=[sources], help="hot spots from boundaries and figures per area",
                        description="Join figures per area to boundaries and compute global Moran's I, "
                                    "local Moran (LISA) and Getis-Ord Gi*. Figures come from a file or straight "
                                    "from CBS / Politie (SOURCE:TABLE/MEASURE or an indicator name), boundaries "
                                    "from a file or from PDOK (--level, --year). Writes summary.json, "
                                    "results.csv, results.gpkg and map.html in --out.")
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
    i.add_argument("--period", metavar="PERIOD", help="period of a CBS/Politie table: 2023 or a key such as 2023MM01")
    i.add_argument("--code-column", metavar="COL", help="area code column of a data file")
    i.add_argument("--name-join", metavar="COL",
                   help="join a data file on area names in COL instead of codes (reports what matched how)")
    i.add_argument("--value", metavar="COL", help="value column of a data file")
    i.add_argument("--population", metavar="COL|SOURCE",
                   help="population: a column of the data file, or SOURCE:TABLE/MEASURE / 'inwoners'; "
                        "the analysed value is then a rate per 1,000 inhabitants")
    i.add_argument("--population-filter", action="append", default=[], metavar="DIM=KEY",
                   help="--filter for a population table")
    i.add_argument("--population-period", metavar="PERIOD", help="--period for a population table")
    i.add_argument("--boundary-code-column", metavar="COL",
                   help="code column of the boundaries (default: --code-column if present, else statcode, ...)")
    i.add_argument("--name-column", metavar="COL", help="name column of the boundaries (default statnaam, naam, ...)")
    i.add_argument("--crs", metavar="CRS", help="CRS of a boundary file that declares none, e.g. EPSG:28992")
    i.add_argument("--sheet", metavar="NAME", help="worksheet of an Excel file")
    y = hs.add_argument_group("years and units")
    y.add_argument("--data-year", type=int, metavar="YEAR",
                   help="boundary year the data's codes follow, when it differs from --year (mergers are applied)")
    y.add_argument("--data-boundaries", metavar="PATH",
                   help="boundaries of --data-year (default: PDOK)")
    y.add_argument("--split-rule", choices=("area", "population"),
                   help="how to divide the counts of an area that was split between the years")
    y.add_argument("--aggregate", choices=("sum", "weighted"), default="sum",
                   help="to units: sum counts (default) or a population-weighted mean of percentages (indicative)")
    hs.add_argument("--out", default="vmgeo-out", metavar="DIR", help="output folder (default vmgeo-out)")
    _add_analysis_options(hs)
    hs.set_defaults(func=cmd_hotspots)

    un = sub.add_parser("units", parents=[sources], help="build police unit polygons from a composition",
                        description="Validate a composition against the boundaries of a year and dissolve the "
                                    "member areas into unit polygons (GeoPackage or GeoJSON).")
    un.add_argument("--composition", metavar="FILE", help="composition CSV (see boundaries/compositions/README.md)")
    un.add_argument("--mapping", metavar="FILE",
                    help="instead of a composition: a table of members and units, e.g. gemeente -> eenheid")
    un.add_argument("--member-column", default="gemeentecode", metavar="COL", help="with --mapping")
    un.add_argument("--unit-column", metavar="COL", help="with --mapping, e.g. politie_eenheid_code")
    un.add_argument("--unit-name-column", metavar="COL", help="with --mapping, e.g. politie_eenheid_naam")
    un.add_argument("--unit-level", default="eenheid", metavar="LEVEL", help="with --mapping (default eenheid)")
    un.add_argument("--year", type=int, required=True, metavar="YEAR", help="year of the boundaries")
    un.add_argument("--boundaries", action="append", default=[], metavar="PATH",
                    help="member boundaries (default: PDOK for the members' levels); repeatable")
    un.add_argument("--level", metavar="LEVEL", help="only the units of this level")
    un.add_argument("--out", required=True, metavar="PATH", help="output file (.gpkg or .geojson)")
    un.set_defaults(func=cmd_units)

    mp = sub.add_parser("map", parents=[common], help="draw the map of earlier results again, with other options",
                        description="Read results.gpkg and summary.json of a hotspots or demo run and write a map "
                                    "page (and PNG/SVG) with other classes, layers, focus or embedding.")
    mp.add_argument("--results", required=True, metavar="DIR", help="folder of an earlier run")
    mp.add_argument("--out", metavar="FILE", help="page to write (default DIR/map.html)")
    mp.add_argument("--lang", choices=("nl", "en"), default="nl")
    mp.add_argument("--title", help="title of the map")
    _add_map_options(mp)
    mp.set_defaults(func=cmd_map)

    ind = sub.add_parser("indicators", parents=[common], help="list the friendly indicator names",
                         description="Indicator names usable as --data or --population, with table, measure, "
                                     "unit and source.")
    ind.set_defaults(func=cmd_indicators)

    tables = sub.add_parser("tables", parents=[sources], help="search CBS and police tables",
                            description="Search the CBS and police (dataderden) catalogs by id or title.")
    tables.add_argument("--search", required=True, metavar="TEXT", help="part of a table id or title")
    tables.add_argument("--source", choices=("cbs", "politie"), help="one catalog only")
    tables.set_defaults(func=cmd_tables)

    cache = sub.add_parser("cache", parents=[common], help="list or clear the download cache",
                           description="The download cache (VMGEO_CACHE_DIR) with the provenance of each entry.")
    cache.add_argument("action", choices=("list", "clear"))
    cache.set_defaults(func=cmd_cache)
    return parser


def _configure_logging(verbose: int) -> None:
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("vmgeo: %(levelname)s: %(message)s"))
    log.handlers[:] = [handler]
    log.setLevel(level)
    log.propagate = False


def _run_analysis(prepared: "object", args: argparse.Namespace, *, title: str, extra: dict,
                  map_options: "object", attach: dict[str, Path] | None = None) -> int:
    from . import analysis

    steps = _Steps(2)
    result = analysis.analyse(prepared, weights=args.weights, islands=args.islands,  # type: ignore[arg-type]
                              permutations=args.permutations, seed=args.seed, alpha=args.alpha, fdr=args.fdr)
    steps.next("statistiek berekend")
    static = tuple(k for k in ("png", "svg") if getattr(args, k))
    written = analysis.write_outputs(result, args.out, title=args.title or title, lang=args.lang, extra=extra,
                                     map_options=map_options, static=static, attach=attach)
    steps.next("bestanden geschreven")
    steps.close()
    print(analysis.terminal_summary(result, lang=args.lang))
    print(("Geschreven: " if args.lang == "nl" else "Written: ") + ", ".join(str(p) for p in written))
    if args.embed:
        from .maps import iframe_snippet

        print(iframe_snippet("map.html", title=args.title or title))
    return 0


def _settings(args: argparse.Namespace):
    from .settings import from_env

    settings = from_env()
    return settings.with_changes(offline=True) if getattr(args, "offline", False) else settings


def cmd_hotspots(args: argparse.Namespace) -> int:
    """``vmgeo hotspots``."""
    from .inputs import Options, assemble

    opts = Options(
        data=args.data, level=args.level, year=args.year, boundaries=args.boundaries, filters=args.filter,
        period=args.period, code_column=args.code_column, name_join=args.name_join, value=args.value,
        population=args.population, population_filters=args.population_filter,
        population_period=args.population_period, boundary_code_column=args.boundary_code_column,
        name_column=args.name_column, crs=args.crs, sheet=args.sheet, composition=args.composition,
        data_year=args.data_year, data_boundaries=args.data_boundaries, split_rule=args.split_rule,
        aggregate=args.aggregate, refresh=args.refresh,
    )
    # A wrong map option fails before any download or computation.
    map_options = _map_options(args, level=None if args.composition else args.level)
    made = assemble(opts, settings=_settings(args))
    per = (" per 1.000 inwoners" if args.lang == "nl" else " per 1,000 inhabitants") \
        if "rate" in made.prepared.columns else ""
    extra = {"inputs": {"boundaries": args.boundaries or f"PDOK {args.level}", "data": str(args.data),
                        "code_column": args.code_column, "level": args.level, "year": args.year},
             "sources": made.sources, **made.report}
    return _run_analysis(made.prepared, args, title=f"Hot spots: {made.title}{per}", extra=extra,
                         map_options=map_options)


def cmd_units(args: argparse.Namespace) -> int:
    """``vmgeo units``."""
    import geopandas as gpd
    import pandas as pd

    from . import fetch, units
    from .boundaries import load_boundaries
    from .errors import OptionError
    from .inputs import PREFIX_LEVELS
    from .tables import read_table

    if bool(args.composition) == bool(args.mapping):
        raise OptionError("give either --composition FILE or --mapping FILE (with --unit-column)")
    if args.mapping:
        if not args.unit_column:
            raise OptionError("--mapping needs --unit-column (e.g. politie_eenheid_code)")
        comp = units.from_mapping(read_table(args.mapping), member=args.member_column, unit=args.unit_column,
                                  name=args.unit_name_column, level=args.unit_level)
    else:
        comp = units.read_composition(args.composition)
    out = Path(args.out)
    driver = {".gpkg": "GPKG", ".geojson": "GeoJSON", ".json": "GeoJSON"}.get(out.suffix.lower())
    if driver is None:
        raise OptionError(f"{out}: write units as .gpkg or .geojson")
    if args.boundaries:
        frames = [load_boundaries(p) for p in args.boundaries]
    else:
        resolved = units.resolve(units.for_year(comp, args.year))
        prefixes = sorted({a[:2] for s in resolved.values() for a in s})
        frames = [fetch.fetch_boundaries(PREFIX_LEVELS.get(p, p), args.year, settings=_settings(args),
                                         refresh=args.refresh) for p in prefixes]
    areas = frames[0] if len(frames) == 1 else gpd.GeoDataFrame(
        pd.concat([f[["code", "name", "geometry"]] for f in frames], ignore_index=True), crs=frames[0].crs)
    built = units.build(comp, areas, year=args.year, level=args.level)
    _atomic_write_frame(built, out, driver=driver, layer="units")
    levels = ", ".join(f"{lv} {int((built['level'] == lv).sum())}" for lv in sorted(set(built["level"])))
    valid = all(built.attrs["coverage_valid"].values())
    print(f"{len(built)} units ({levels}) written to {out}; coverage {'valid' if valid else 'NOT valid'}")
    return 0


def _atomic_write_frame(frame: "object", out: Path, *, driver: str, layer: str) -> None:
    """Write a GeoDataFrame to a temporary file beside ``out``, then rename it."""
    from ._files import atomic_path

    with atomic_path(out) as tmp:
        frame.to_file(tmp, driver=driver, layer=layer if driver == "GPKG" else None,  # type: ignore[attr-defined]
                      engine="pyogrio")


def cmd_map(args: argparse.Namespace) -> int:
    """``vmgeo map``."""
    import json

    from . import maps
    from .errors import InputFileError

    folder = Path(args.results)
    gpkg, summary_path = folder / "results.gpkg", folder / "summary.json"
    for path in (gpkg, summary_path):
        if not path.exists():
            raise InputFileError(f"{path}: not found; --results must be the folder of a 'vmgeo hotspots' run")
    options = _map_options(args)
    import geopandas as gpd

    frame = gpd.read_file(gpkg, layer="hotspots", engine="pyogrio")
    summary = json.loads(summary_path.read_text(encoding="utf-8"))
    column = summary.get("value", {}).get("analysed") or "value"
    title = args.title or ("Hot spots" if not summary.get("synthetic") else "Demogemeente (synthetisch)")
    fmap = maps.hotspot_map(frame, column=column, title=title, lang=args.lang,
                            permutations=int(summary.get("permutations", 999)), summary=summary, options=options)
    out = Path(args.out) if args.out else folder / "map.html"
    written = [maps.save(fmap, out)]
    for kind in ("png", "svg"):
        if getattr(args, kind):
            written += maps.static_map(frame, [out.with_suffix(f".{kind}")], title=title, lang=args.lang,
                                       column=column, summary=summary, options=options)
    print(("Geschreven: " if args.lang == "nl" else "Written: ") + ", ".join(str(p) for p in written))
    if args.embed:
        print(maps.iframe_snippet(out.name, title=title))
    return 0


def cmd_indicators(args: argparse.Namespace) -> int:
    """``vmgeo indicators``."""
    from . import fetch

    rows = [(name, f"{i['source']}:{i['table']}/{i['measure']}",
             ";".join(f"{d}={','.join(map(str, k))}" for d, k in i.get("filters", {}).items()) or "-",
             i.get("unit", ""), ",".join(i.get("levels", [])), i.get("confidence", ""), i["title"])
            for name, i in fetch.indicators().items()]
    header = ("indicator", "table/measure", "filters", "unit", "levels", "confidence", "title")
    widths = [max(len(str(r[c])) for r in rows + [header]) for c in range(6)]
    for row in [header, *rows]:
        print("  ".join(str(v).ljust(w) for v, w in zip(row[:6], widths)) + "  " + row[6])
    return 0


def cmd_tables(args: argparse.Namespace) -> int:
    """``vmgeo tables --search``."""
    from . import fetch

    found = fetch.search_tables(args.search, sources=(args.source,) if args.source else ("cbs", "politie"),
                                settings=_settings(args), refresh=args.refresh)
    if not found:
        print(f"no table matches {args.search!r}")
        return 0
    for t in found:
        print(f"{t['source']}:{t['id']}  {t['period'] or '':<10}  {t['title']}")
    return 0


def cmd_cache(args: argparse.Namespace) -> int:
    """``vmgeo cache list|clear``."""
    from . import fetch

    settings = _settings(args)
    if args.action == "clear":
        print(f"removed {fetch.clear_cache(settings)} entries from {settings.cache_dir}")
        return 0
    entries = fetch.cache_entries(settings)
    print(f"cache: {settings.cache_dir} ({len(entries)} entries)")
    for e in entries:
        what = e.get("table") or f"{e.get('level', '')} {e.get('year', '')}".strip() or e.get("kind", "?")
        name = e.get("name") or e.get("kind", "")
        print(f"{e.get('fetched_at', '?'):<26} {e.get('source', '?'):<8} {what:<16} {name:<16} "
              f"{e.get('rows', '?'):>7} rows  {e.get('bytes', 0):>10} B  {e.get('file', '')}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """``vmgeo demo``."""
    import tempfile

    from . import analysis
    from .boundaries import load_boundaries
    from .demo import DEMO_NAME, make_region
    from .joins import join
    from .tables import read_table

    t0 = time.perf_counter()
    map_options = _map_options(args, level="buurt")  # fail before anything is written
    region = make_region(seed=args.region_seed)
    # The generated inputs go through the same readers as user files, and land in
    # --out together with the results, so a failure leaves the folder as it was.
    with tempfile.TemporaryDirectory(prefix="vmgeo-demo-") as tmp:
        inputs = {"demo_buurten.gpkg": Path(tmp) / "demo_buurten.gpkg", "demo_data.csv": Path(tmp) / "demo_data.csv"}
        region.boundaries.to_file(inputs["demo_buurten.gpkg"], layer="buurten", driver="GPKG", engine="pyogrio")
        region.table.to_csv(inputs["demo_data.csv"], index=False)
        boundaries = load_boundaries(inputs["demo_buurten.gpkg"], code_column="buurtcode", name_column="buurtnaam")
        joined = join(boundaries, read_table(inputs["demo_data.csv"]), code_column="buurtcode")
        prepared = analysis.prepare(joined, value="misdrijven", population="inwoners")
        out = Path(args.out)
        extra = {
            "synthetic": True,
            "planted": {"hot": region.hot, "cold": region.cold},
            "inputs": {"boundaries": str(out / "demo_buurten.gpkg"), "data": str(out / "demo_data.csv"),
                       "region_seed": args.region_seed},
        }
        title = (f"{DEMO_NAME}: geregistreerde misdrijven per 1.000 inwoners" if args.lang == "nl"
                 else "Synthetic demo region: registered crimes per 1,000 inhabitants")
        code = _run_analysis(prepared, args, title=title, extra=extra, map_options=map_options, attach=inputs)
    log.info("demo finished in %.1f s", time.perf_counter() - t0)
    return code


class _Steps:
    """A progress bar over pipeline steps, shown only on a terminal."""

    def __init__(self, total: int) -> None:
        self._bar = None
        if sys.stderr.isatty():
            from tqdm import tqdm

            self._bar = tqdm(total=total, unit="stap", leave=False, file=sys.stderr)

    def next(self, what: str) -> None:
        if self._bar is not None:
            self._bar.set_description(what)
            self._bar.update(1)
        log.debug("step done: %s", what)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``vmgeo`` command."""
    parser = build_parser()
    args = parser.parse_args(argv)
    _configure_logging(args.verbose)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        return int(args.func(args))
    except VmgeoError as exc:
        print(f"vmgeo: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("vmgeo: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
