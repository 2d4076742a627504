"""``vmgeo trend``: the early warning by month, per unit and crime type."""

from __future__ import annotations

import argparse
from typing import Any

from . import _options


def add_parser(sub: Any) -> None:
    """Add the ``trend`` command."""
    from ..trend import DEFAULT_CRIME_TYPES

    tr = sub.add_parser("trend", parents=[_options.sources()], help="early warning: which units see a rise this month",
                        description="For every unit and crime type, the latest month (or three) against the same "
                                    "months of the three years before. A unit is flagged only when its count lies "
                                    "above the Poisson bound of the expected count, and never on an expected count "
                                    "below --min-expected. Writes trend.csv, trend.xlsx, map.html and summary.json.")
    tr.add_argument("--data", default="politie:47022NED/GeregistreerdeMisdrijven_1", metavar="SOURCE",
                    help="a monthly police table (default politie:47022NED/GeregistreerdeMisdrijven_1)")
    tr.add_argument("--level", default="gemeente", metavar="LEVEL",
                    help="gemeente (default), wijk, buurt, or basisteam/district/eenheid with --composition")
    tr.add_argument("--composition", metavar="FILE", help="police unit composition (boundaries/compositions/README.md)")
    tr.add_argument("--period", metavar="MONTH", help="the latest month, e.g. 2024MM03 (default: the table's latest)")
    tr.add_argument("--months", type=int, choices=(1, 3), default=1,
                    help="the latest month alone (1, default) or the latest three together (3)")
    tr.add_argument("--crime-types", default=",".join(DEFAULT_CRIME_TYPES), metavar="K1,K2",
                    help=f"SoortMisdrijf keys, each assessed on its own (default {','.join(DEFAULT_CRIME_TYPES)})")
    tr.add_argument("--filter", action="append", default=[], metavar="DIM=KEY", help="other filters of the table")
    tr.add_argument("--min-expected", type=float, default=None, metavar="N",
                    help="smallest expected count at which a unit is assessed (default 5)")
    tr.add_argument("--year", type=int, metavar="YEAR", help="year of the boundaries (default: the year of the month)")
    tr.add_argument("--boundaries", action="append", default=[], metavar="PATH",
                    help="boundaries instead of PDOK (repeatable)")
    tr.add_argument("--lang", choices=("nl", "en"), default="nl", help="language of map and table (default nl)")
    tr.add_argument("--out", default="vmgeo-trend", metavar="DIR", help="output folder (default vmgeo-trend)")
    tr.add_argument("--force", action="store_true", help="write into a folder that holds other files")
    tr.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run ``vmgeo trend``."""
    from dataclasses import replace

    import pandas as pd

    from .. import categories as cat
    from .. import levels, periods, text, trend, units
    from ..boundaries import load_boundaries
    from ..errors import OptionError
    from ..inputs import member_levels
    from ..maps import MapOptions, hotspot_map, save
    from ..maps.layers import TipRow, category_layer
    from ..outputs import safe_frame, write_json, write_together
    from ..stats.change import WARNING_LEVEL, WARNING_MIN_EXPECTED

    _options.check_out(args, args.composition, *args.boundaries)
    if args.min_expected is not None and args.min_expected < 0:
        raise OptionError(f"--min-expected {args.min_expected:g} must be 0 or more (5 is the default)")
    if args.period:
        key = periods.key(args.period)
        if "MM" not in key:
            raise OptionError(f"--period {args.period!r} is not a month; give the latest month as 2024MM03")
    level = levels.get(args.level)
    crime_types = [k.strip() for k in args.crime_types.split(",") if k.strip()]
    if not crime_types:
        raise OptionError("--crime-types is empty; give SoortMisdrijf keys such as 0.0.0,1.1.1")
    settings = _options.settings(args)
    comp = None
    member = [level.name]
    if level.police:
        if not args.composition:
            raise OptionError(f"--level {level.name} is made of gemeenten, wijken or buurten; give its composition "
                              "with --composition FILE (see boundaries/compositions/README.md)")
        comp = units.read_composition(args.composition)
    months = None
    for name in member if comp is None else []:
        months = trend.assemble_months(args.data, level=name, latest=args.period, window=args.months,
                                       crime_types=crime_types, filters=args.filter, settings=settings,
                                       refresh=args.refresh)
    year = args.year
    if comp is not None:
        latest_year = periods.year(args.period) if args.period else None
        member = member_levels(comp, args.year or latest_year or 9999)
        parts = [trend.assemble_months(args.data, level=name, latest=args.period, window=args.months,
                                       crime_types=crime_types, filters=args.filter, settings=settings,
                                       refresh=args.refresh) for name in member]
        months = replace(parts[0], frame=pd.concat([p.frame for p in parts], ignore_index=True),
                         sources=[s for p in parts for s in p.sources])
    assert months is not None
    year = year or periods.year(months.latest)
    if args.boundaries:
        frames = [load_boundaries(p).frame for p in args.boundaries]
    else:
        from .. import fetch

        frames = []
        for name in member:
            loaded = fetch.fetch_boundaries(name, year, settings=settings, refresh=args.refresh)
            months.sources.extend(loaded.provenance)
            frames.append(loaded.frame)
    import geopandas as gpd

    areas = frames[0] if len(frames) == 1 else gpd.GeoDataFrame(
        pd.concat([f[["code", "name", "geometry"]] for f in frames], ignore_index=True), crs=frames[0].crs)
    if comp is not None:
        built = units.build(comp, areas, year=year, level=level.name)
        areas = built.frame
        months = replace(months, frame=trend.to_units(months.frame, {u: built.members[u] for u in areas["code"]}))
    names = dict(zip(areas["code"].astype(str), areas["name"].astype(str)))
    table = trend.early_warning(months, window=args.months, names=names, min_expected=args.min_expected)

    # The map: one layer per crime type, flagged / within the usual / not assessable.
    frame = areas[["code", "name", "geometry"]].copy()
    extra = []
    for key in crime_types:
        rows = table[table["crime"] == key].set_index("code")
        state = rows["flagged"].map({True: cat.FLAGGED, False: cat.NOT_FLAGGED})
        state[rows["reason"].astype(str).str.len() > 0] = cat.NOT_ASSESSABLE
        frame[f"warn_{key}"] = frame["code"].map(state).fillna(cat.NO_DATA).to_numpy()
        frame[f"observed_{key}"] = frame["code"].map(rows["observed"]).to_numpy(dtype=float)
        frame[f"expected_{key}"] = frame["code"].map(rows["expected"]).to_numpy(dtype=float)
        tips = (TipRow(months.titles[key], "category"), TipRow("observed", "number", f"observed_{key}"),
                TipRow("expected", "number", f"expected_{key}"))
        extra.append(category_layer(f"warn_{key}", f"warn_{key}", months.titles[key], cat.WARNING_CATEGORIES,
                                    cat.WARNING_COLOURS, tooltip=tips))
    frame["value"] = frame[f"observed_{crime_types[0]}"]
    assessed = trend.month_span(months.latest, window=args.months, years=0)
    label = periods.label(assessed[-1], lang=args.lang) if len(assessed) == 1 else text.get(
        "range", lang=args.lang, a=periods.label(assessed[0], lang=args.lang),
        b=periods.label(assessed[-1], lang=args.lang))
    title = text.get("warning", lang=args.lang, months=label)
    summary = {
        "kind": "early_warning",
        "level": level.name,
        "latest": months.latest,
        "window": args.months,
        "level_poisson": WARNING_LEVEL,
        "min_expected": args.min_expected if args.min_expected is not None else WARNING_MIN_EXPECTED,
        "crime_types": {k: months.titles[k] for k in crime_types},
        "flagged": {k: int(table[(table["crime"] == k) & table["flagged"]].shape[0]) for k in crime_types},
        "not_assessable": {k: int(((table["crime"] == k) & (table["reason"].astype(str).str.len() > 0)).sum())
                           for k in crime_types},
        "sources": [s.as_dict() for s in months.sources],
    }
    options = MapOptions(layers=tuple(layer.name for layer in extra), active=extra[0].name, extra=tuple(extra),
                         level=None if level.police else level.name)
    page = hotspot_map(frame, column="value", title=title, lang=args.lang, summary=summary, options=options)
    written = write_together(args.out, force=args.force, writers={
        "trend.csv": lambda p: safe_frame(table).to_csv(p, index=False, encoding="utf-8"),
        "trend.xlsx": lambda p: safe_frame(table).to_excel(p, index=False, sheet_name="early warning"),
        "map.html": lambda p: save(page, p, title=title, lang=args.lang),
        "summary.json": lambda p: write_json(p, summary),
    })
    flagged = table[table["flagged"]]
    print(f"{title}: {len(flagged)} van {len(table)} combinaties van gebied en soort gemarkeerd" if args.lang == "nl"
          else f"{title}: {len(flagged)} of {len(table)} unit and crime type combinations flagged")
    for row in flagged.head(10).itertuples():
        print(f"  {row.name} ({row.code}), {row.crime_title}: {row.observed} tegen verwacht "
              f"{text.number(row.expected, 1, lang=args.lang)}")
    print(text.get("written", lang=args.lang) + ", ".join(str(p) for p in written))
    return 0
