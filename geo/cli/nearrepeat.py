"""``vmgeo nearrepeat``: the Knox test of near repeat on a police export (burglaries, typically)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from .. import messages, readers, text
from ..errors import OptionError
from ..outputs import check_out_dir, write_json, write_together
from ..settings import DEFAULT_ALPHA, DEFAULT_PERMUTATIONS, DEFAULT_SEED
from . import _options

# geo.incidents and geo.nearrepeat import numpy when they load; `vmgeo --help` builds this parser, so they are
# imported in the function that runs the command.


def add_parser(sub: Any) -> None:
    """Add the ``nearrepeat`` command."""
    nr = sub.add_parser("nearrepeat", parents=[_options.common()],
                        help="near repeat: do incidents follow each other close by and soon after (Knox test)",
                        description="Count the pairs of incidents at most --distance metres and --days days apart "
                                    "and compare them with chance (the Knox test, as pointpats computes it; p from "
                                    "permuting the dates over the places, one-sided). Prints the result; with --out "
                                    "also nearrepeat.json (counts only, never a coordinate or a date).")
    nr.add_argument("--incidents", required=True, metavar="FILE",
                    help="police export: CSV, Excel, GeoPackage/GeoJSON points or Parquet")
    nr.add_argument("--x", metavar="COL", help="column of the x coordinate (RD New, or longitude with --crs)")
    nr.add_argument("--y", metavar="COL", help="column of the y coordinate")
    nr.add_argument("--crs", default="EPSG:28992", metavar="CRS",
                    help="CRS of the coordinates (default EPSG:28992, RD New; EPSG:4326 for lon/lat)")
    nr.add_argument("--date", required=True, metavar="COL", help="column of the date of the incident")
    nr.add_argument("--type", metavar="COL", help="column of the crime type")
    nr.add_argument("--types", metavar="T1,T2",
                    help="only these crime types, comma-separated (with --type), as for hotspots --incidents")
    nr.add_argument("--period", metavar="P", help="only this period, e.g. 2023 or 2022:2023")
    nr.add_argument("--distance", required=True, type=float, metavar="M", help="close in space: at most M metres")
    nr.add_argument("--days", required=True, type=int, metavar="N", help="close in time: at most N days")
    nr.add_argument("--permutations", type=int, default=DEFAULT_PERMUTATIONS, metavar="N",
                    help=f"permutations for the p-value (default {DEFAULT_PERMUTATIONS})")
    nr.add_argument("--seed", type=int, default=DEFAULT_SEED, metavar="S",
                    help=f"seed of the permutations (default {DEFAULT_SEED})")
    nr.add_argument("--out", metavar="DIR", help="also write nearrepeat.json in this folder")
    nr.add_argument("--force", action="store_true", help="write into a folder that holds other files")
    nr.add_argument("--lang", choices=("nl", "en"), default="nl", help="language of the result (default nl)")
    nr.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run ``vmgeo nearrepeat``: read, test, print, and write nearrepeat.json with --out."""
    from ..incidents import read_incidents
    from ..nearrepeat import knox

    if args.types and not args.type:
        raise OptionError(messages.line("nr_types_need_type", types=args.types))
    if args.out:
        check_out_dir(args.out, inputs=[args.incidents], force=args.force, names=["nearrepeat.json"])
    incidents = read_incidents(args.incidents, x=args.x, y=args.y, date=args.date, type=args.type, crs=args.crs,
                               types=readers.split_types(args.types), period=args.period)
    result = knox(incidents, distance=args.distance, days=args.days, permutations=args.permutations,
                  seed=args.seed)
    for line in result.lines(lang=args.lang, alpha=DEFAULT_ALPHA):
        print(line)
    if args.out:
        content = {"knox": result.report(), "incidents": incidents.report()}
        written = write_together(Path(args.out), {"nearrepeat.json": lambda path: write_json(path, content)},
                                 force=args.force)
        print(text.get("written", lang=args.lang) + ", ".join(str(p) for p in written))
    return 0
