"""``vmgeo units``: police unit polygons from a composition or a member -> unit table."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from .. import boundaries, messages, units
from .._files import atomic_path
from ..errors import OptionError
from ..inputs import member_levels
from ..tables import read_table
from . import _options


def add_parser(sub: Any) -> None:
    """Add the ``units`` command."""
    un = sub.add_parser("units", parents=[_options.sources()], help="build police unit polygons from a composition",
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
    un.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run ``vmgeo units``."""
    if bool(args.composition) == bool(args.mapping):
        raise OptionError(messages.line("cliunits_give_either_composition_file"))
    if args.mapping:
        if not args.unit_column:
            raise OptionError(messages.line("cliunits_mapping_needs_unit_column"))
        comp = units.from_mapping(read_table(args.mapping), member=args.member_column, unit=args.unit_column,
                                  name=args.unit_name_column, level=args.unit_level)
    else:
        comp = units.read_composition(args.composition)
    out = Path(args.out)
    _options.check_out_file(out, run_language=True)
    driver = {".gpkg": "GPKG", ".geojson": "GeoJSON", ".json": "GeoJSON"}.get(out.suffix.lower())
    if driver is None:
        raise OptionError(messages.line("cliunits_out_write_units_as", out=out))
    areas = boundaries.areas(args.boundaries or member_levels(comp, args.year), year=args.year,
                             settings=_options.settings(args), refresh=args.refresh).frame
    built = units.build(comp, areas, year=args.year, level=args.level)
    with atomic_path(out) as tmp:
        built.frame.to_file(tmp, driver=driver, layer="units" if driver == "GPKG" else None, engine="pyogrio")
    counts = built.frame["level"].value_counts()
    levels = ", ".join(f"{lv} {int(counts[lv])}" for lv in sorted(counts.index))
    valid = all(built.coverage_valid.values())
    print(f"{len(built.frame)} units ({levels}) written to {out}; coverage {'valid' if valid else 'NOT valid'}")
    return 0
