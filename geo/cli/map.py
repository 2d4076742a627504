"""``vmgeo map``: the map of an earlier run again, with other options."""

from __future__ import annotations

import argparse
import json
import math
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import maps, messages, text
from ..errors import InputFileError
from ..outputs import GPKG_LAYER
from ..settings import DEFAULT_PERMUTATIONS
from . import _options

if TYPE_CHECKING:
    import geopandas as gpd

#: The suffix of a map page; ``--out`` gets it when the name lacks it (a browser opens nothing else).
PAGE_SUFFIXES = (".html", ".htm")


def add_parser(sub: Any) -> None:
    """Add the ``map`` command."""
    mp = sub.add_parser("map", parents=[_options.common()],
                        help="draw the map of earlier results again, with other options",
                        description="Read results.gpkg and summary.json of a hotspots or demo run and write a map "
                                    "page (and PNG/SVG) with other classes, layers, focus or embedding.")
    mp.add_argument("--results", required=True, metavar="DIR", help="folder of an earlier run")
    mp.add_argument("--out", metavar="FILE",
                    help="page to write (default DIR/map.html); a name without .html gets it added "
                         "(--out kaart writes kaart.html), and the PNG/SVG take the same name")
    mp.add_argument("--lang", choices=("nl", "en"), default="nl")
    mp.add_argument("--title", help="title of the map")
    _options.add_map(mp)
    mp.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run ``vmgeo map``."""
    folder = Path(args.results)
    gpkg, summary_path = folder / "results.gpkg", folder / "summary.json"
    for path in (gpkg, summary_path):
        if not path.exists():
            raise InputFileError(messages.line("cli_map_found_results_must", path=path))
    options = _options.map_options(args)
    summary = read_summary(summary_path)
    frame = _read_results(gpkg)
    column = summary.get("value", {}).get("analysed") or "value"
    if column not in frame.columns:
        raise InputFileError(messages.line("cli_map_field_value_analysed", summary_path=summary_path, column=column,
                                           gpkg_name=gpkg.name))
    title = args.title or summary.get("title") or text.get("redrawn_title", lang=args.lang)
    fmap = maps.hotspot_map(frame, column=column, title=title, lang=args.lang,
                            permutations=int(summary.get("permutations", DEFAULT_PERMUTATIONS)), summary=summary,
                            options=options)
    given = Path(args.out) if args.out else folder / "map.html"
    # An existing folder is refused as it is named, before a suffix is added.
    _options.check_out_file(given, run_language=True)
    out = page_path(given)
    _options.check_out_file(out, run_language=True)
    written = [maps.save(fmap, out)]
    for kind in ("png", "svg"):
        if getattr(args, kind):
            written += maps.static_map(frame, [out.with_suffix(f".{kind}")], title=title, lang=args.lang,
                                       column=column, summary=summary, options=options)
    print(text.get("written", lang=args.lang) + ", ".join(str(p) for p in written))
    if args.embed:
        print(maps.iframe_snippet(out.name, title=title))
    return 0


def page_path(out: Path) -> Path:
    """``out`` as a page a browser opens: ``.html`` added when the name has another suffix or none.

    ``--out r1emb`` writes ``r1emb.html`` and ``--out kaart.v2`` writes ``kaart.v2.html``: a file
    without the suffix opens as text, or not at all, when a colleague double-clicks it.
    """
    if out.suffix.lower() in PAGE_SUFFIXES or not out.name:
        return out
    return out.with_name(out.name + ".html")


def _read_results(gpkg: Path) -> "gpd.GeoDataFrame":
    import geopandas as gpd
    import pyogrio

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pyogrio warns before it fails on a damaged file
            return gpd.read_file(gpkg, layer=GPKG_LAYER, engine="pyogrio")
    except pyogrio.errors.DataLayerError as exc:
        raise InputFileError(messages.line("cli_map_layer_results_vmgeo", gpkg=gpkg, gpkg_layer=GPKG_LAYER)) from exc
    except (pyogrio.errors.DataSourceError, OSError) as exc:
        raise InputFileError(messages.line("cli_map_damaged_geopackage_vmgeo", gpkg=gpkg)) from exc


# --- summary.json: every field the map reads, checked before it is used -----------------------------


def _count(v: Any) -> bool:
    return (isinstance(v, int) and not isinstance(v, bool) and v >= 0) or (
        isinstance(v, float) and math.isfinite(v) and v.is_integer() and v >= 0)


def _number_in(low: float, high: float, *, open_low: bool = False) -> Callable[[Any], bool]:
    def check(v: Any) -> bool:
        if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
            return False
        return (low < v if open_low else low <= v) and v <= high
    return check


def _one_of(*choices: str) -> Callable[[Any], bool]:
    return lambda v: v in choices


def _text(v: Any) -> bool:
    return isinstance(v, str)


def _flag(v: Any) -> bool:
    return isinstance(v, bool)


def _object(v: Any) -> bool:
    return isinstance(v, dict)


def _objects(v: Any) -> bool:
    return isinstance(v, list) and all(isinstance(item, dict) for item in v)


#: (dotted field, check, what it must be, required). Required are the fields every vmgeo summary has.
SUMMARY_FIELDS: tuple[tuple[str, Callable[[Any], bool], str, bool], ...] = (
    ("permutations", _count, "count", True),
    ("n", _count, "count", True),
    ("alpha", _number_in(0, 1, open_low=True), "fraction", True),
    ("correction", _one_of("none", "fdr", "bonferroni"), "correction", False),
    ("gi_inference", _one_of("permutation", "normal"), "gi_inference", False),
    ("title", _text, "text", False),
    ("value", _object, "object", False),
    ("value.analysed", _text, "column", False),
    ("moran", _object, "object", False),
    ("moran.p", _number_in(0, 1), "fraction", False),
    ("caution", _flag, "flag", False),
    ("synthetic", _flag, "flag", False),
    ("few_areas", _flag, "flag", False),
    ("sources", _objects, "objects", False),
    ("inputs", _object, "object", False),
    ("bivariate", _object, "object", False),
    ("bivariate.x_name", _text, "text", False),
    ("bivariate.y_name", _text, "text", False),
    ("suppressed", _object, "object", False),
    ("suppressed.min_count", _count, "count", False),
)


def read_summary(path: Path) -> dict[str, Any]:
    """summary.json of an earlier run, with every field the map reads checked.

    Raises
    ------
    InputFileError
        One line naming the file and the first field that is missing, of the
        wrong type or out of range (a negative number of permutations, text
        where a number belongs).
    """
    try:
        summary = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputFileError(messages.line("cli_map_damaged_run_analysis", path=path,
                                           kind=exc.__class__.__name__)) from exc
    if not isinstance(summary, dict):
        raise InputFileError(messages.line("cli_map_vmgeo_summary_object", path=path))
    for name, check, what, required in SUMMARY_FIELDS:
        found, value = _field(summary, name)
        if not found:
            if required:
                raise InputFileError(messages.line("cli_map_field_missing_must", path=path, name=name,
                                                   what=messages.line("cli_map_what_" + what)))
            continue
        if not check(value):
            shown = json.dumps(value, ensure_ascii=False)
            shown = shown if len(shown) <= 40 else shown[:37] + "..."
            raise InputFileError(messages.line("cli_map_field_run_analysis", path=path, name=name, shown=shown,
                                               what=messages.line("cli_map_what_" + what)))
    if summary.get("caution") and "p" not in (summary.get("moran") or {}):
        raise InputFileError(messages.line("cli_map_field_moran_missing", path=path))
    return summary


def _field(summary: dict[str, Any], name: str) -> tuple[bool, Any]:
    """Whether the dotted field ``name`` is in ``summary`` (its parents objects), and its value."""
    node: Any = summary
    for part in name.split("."):
        if not isinstance(node, dict) or part not in node:
            return False, None
        node = node[part]
    return True, node
