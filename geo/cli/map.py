"""``vmgeo map``: the map of an earlier run again, with other options."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from . import _options


def add_parser(sub: Any) -> None:
    """Add the ``map`` command."""
    mp = sub.add_parser("map", parents=[_options.common()],
                        help="draw the map of earlier results again, with other options",
                        description="Read results.gpkg and summary.json of a hotspots or demo run and write a map "
                                    "page (and PNG/SVG) with other classes, layers, focus or embedding.")
    mp.add_argument("--results", required=True, metavar="DIR", help="folder of an earlier run")
    mp.add_argument("--out", metavar="FILE", help="page to write (default DIR/map.html)")
    mp.add_argument("--lang", choices=("nl", "en"), default="nl")
    mp.add_argument("--title", help="title of the map")
    _options.add_map(mp)
    mp.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run ``vmgeo map``."""
    import json
    import warnings

    from .. import maps, text
    from ..errors import InputFileError
    from ..outputs import GPKG_LAYER

    folder = Path(args.results)
    gpkg, summary_path = folder / "results.gpkg", folder / "summary.json"
    for path in (gpkg, summary_path):
        if not path.exists():
            raise InputFileError(f"{path}: not found; --results must be the folder of a 'vmgeo hotspots' run")
    options = _options.map_options(args)
    import geopandas as gpd
    import pyogrio

    try:
        summary = json.loads(summary_path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputFileError(f"{summary_path}: is damaged ({exc.__class__.__name__}); run the analysis again") from exc
    if not isinstance(summary, dict):
        raise InputFileError(f"{summary_path}: is not a vmgeo summary (no object of keys); run the analysis again")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pyogrio warns before it fails on a damaged file
            frame = gpd.read_file(gpkg, layer=GPKG_LAYER, engine="pyogrio")
    except pyogrio.errors.DataLayerError as exc:
        raise InputFileError(f"{gpkg}: has no layer {GPKG_LAYER!r}; it is not the results of a vmgeo run") from exc
    except (pyogrio.errors.DataSourceError, OSError) as exc:
        raise InputFileError(f"{gpkg}: is damaged (not a GeoPackage vmgeo can read); run the analysis again") from exc
    column = summary.get("value", {}).get("analysed") or "value"
    title = args.title or summary.get("title") or text.get("redrawn_title", lang=args.lang)
    fmap = maps.hotspot_map(frame, column=column, title=title, lang=args.lang,
                            permutations=int(summary.get("permutations", 999)), summary=summary, options=options)
    out = Path(args.out) if args.out else folder / "map.html"
    _options.check_out_file(out)
    written = [maps.save(fmap, out)]
    for kind in ("png", "svg"):
        if getattr(args, kind):
            written += maps.static_map(frame, [out.with_suffix(f".{kind}")], title=title, lang=args.lang,
                                       column=column, summary=summary, options=options)
    print(text.get("written", lang=args.lang) + ", ".join(str(p) for p in written))
    if args.embed:
        print(maps.iframe_snippet(out.name, title=title))
    return 0
