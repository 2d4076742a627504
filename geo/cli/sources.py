"""``vmgeo indicators``, ``vmgeo tables`` and ``vmgeo cache``: what can be fetched, and what was."""

from __future__ import annotations

import argparse
from typing import Any

from .. import fetch
from . import _options


def add_parsers(sub: Any) -> None:
    """Add the ``indicators``, ``tables`` and ``cache`` commands."""
    ind = sub.add_parser("indicators", parents=[_options.common()], help="list the friendly indicator names",
                         description="Indicator names usable as --data or --population, with table, measure, "
                                     "unit and source.")
    ind.set_defaults(func=run_indicators)

    tables = sub.add_parser("tables", parents=[_options.sources()], help="search CBS and police tables",
                            description="Search the CBS and police (dataderden) catalogs by id or title.")
    tables.add_argument("--search", required=True, metavar="TEXT", help="part of a table id or title")
    tables.add_argument("--source", choices=("cbs", "politie"), help="one catalog only")
    tables.set_defaults(func=run_tables)

    cache = sub.add_parser("cache", parents=[_options.common()], help="list or clear the download cache",
                           description="The download cache (VMGEO_CACHE_DIR) with the provenance of each entry.")
    cache.add_argument("action", choices=("list", "clear"))
    cache.set_defaults(func=run_cache)


def run_indicators(args: argparse.Namespace) -> int:
    """Run ``vmgeo indicators``."""
    rows = [(name, f"{i['source']}:{i['table']}/{i['measure']}",
             ";".join(f"{d}={','.join(map(str, k))}" for d, k in i.get("filters", {}).items()) or "-",
             i.get("unit", ""), ",".join(i.get("levels", [])), i.get("confidence", ""), i["title"])
            for name, i in fetch.indicators().items()]
    header = ("indicator", "table/measure", "filters", "unit", "levels", "confidence", "title")
    widths = [max(len(str(r[c])) for r in [*rows, header]) for c in range(6)]
    for row in [header, *rows]:
        print("  ".join(str(v).ljust(w) for v, w in zip(row[:6], widths)) + "  " + row[6])
    return 0


def run_tables(args: argparse.Namespace) -> int:
    """Run ``vmgeo tables --search``."""
    found = fetch.search_tables(args.search, sources=(args.source,) if args.source else ("cbs", "politie"),
                                settings=_options.settings(args), refresh=args.refresh)
    if not found:
        print(f"no table matches {args.search!r}")
        return 0
    for t in found:
        print(f"{t['source']}:{t['id']}  {t['period'] or '':<10}  {t['title']}")
    return 0


def run_cache(args: argparse.Namespace) -> int:
    """Run ``vmgeo cache list|clear``."""
    settings = _options.settings(args)
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
