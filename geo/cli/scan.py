"""``vmgeo scan``: the gebiedsscan of one area, or of every unit within one, as HTML, PDF, XLSX and CSV."""

from __future__ import annotations

import argparse
from typing import Any

from .. import text
from .._progress import stage
from ..settings import DEFAULT_PERMUTATIONS, DEFAULT_SEED
from . import _options


def add_parser(sub: Any) -> None:
    """Add the ``scan`` command."""
    sc = sub.add_parser(
        "scan", parents=[_options.sources()], help="area scan (gebiedsscan): the figures of one area for the "
        "expert meeting",
        description="Write the gebiedsscan of one area: Veiligheidsmonitor figures with their margins, registered "
                    "crime and nuisance, the comparison with the country, the own eenheid and comparable areas "
                    "(only significant differences are called better or worse), the development over the years, "
                    "objective against subjective safety, the dark number, the hot spots inside the area and the "
                    "findings to discuss. Writes scan.html, scan.pdf, scan.xlsx and figures.csv, findings.csv and "
                    "sources.csv in --out. With --notes, the meeting's filled-in scan.xlsx is folded into a final "
                    "version; with --within, one scan per unit and an index with a tabellenboek.")
    g = sc.add_argument_group("area")
    g.add_argument("--area", metavar="CODE", help="the area: a gemeente (GM0518), wijk (WK051828) or police unit code")
    g.add_argument("--within", metavar="CODE",
                   help="instead of --area: a scan of every unit of --level within this one (e.g. RE10)")
    g.add_argument("--year", type=int, required=True, metavar="YEAR",
                   help="the scan year: registrations of that year, the latest Veiligheidsmonitor edition up to it, "
                        "boundaries of that year")
    g.add_argument("--level", metavar="LEVEL",
                   help="gemeente, wijk, or basisteam, district, eenheid with --composition (default: wijk for a "
                        "WK code in --area, else gemeente)")
    g.add_argument("--composition", metavar="FILE",
                   help="police unit composition (CSV, see boundaries/compositions/README.md)")
    g.add_argument("--mapping", metavar="FILE",
                   help="gemeente -> eenheid table (gemeentecode, politie_eenheid_code, politie_eenheid_naam), "
                        "for the comparison with the own eenheid")
    g.add_argument("--compare", default="auto", metavar="auto|CODE,CODE",
                   help="peers: auto (same urbanity and size class; the other units of a composition) or a list of "
                        "codes")
    o = sc.add_argument_group("output")
    o.add_argument("--lang", choices=("nl", "en"), default="nl", help="language of the report (default nl)")
    o.add_argument("--notes", metavar="FILE.xlsx",
                   help="the scan.xlsx the meeting filled in: write the final version with its words")
    o.add_argument("--embed", action="store_true",
                   help="also embed/<wijk>.html: a small page per wijk for a wijkprofiel (map and key figures)")
    o.add_argument("--out", required=True, metavar="DIR", help="output folder")
    o.add_argument("--force", action="store_true",
                   help="write into a folder that holds other files (they are left alone)")
    s = sc.add_argument_group("statistics")
    s.add_argument("--permutations", type=int, default=DEFAULT_PERMUTATIONS, metavar="N",
                   help=f"permutations of the hot spots inside the area (default {DEFAULT_PERMUTATIONS})")
    s.add_argument("--relevant", metavar="rate=10%,percent=2,mark=0.2",
                   help="the smallest difference called better or worse (when also significant): relative for "
                        "rates per 1,000 (a percent: rate=10 is 10%%), points for survey percentages and the "
                        "rapportcijfer (default rate=10%%,percent=2,mark=0.2)")
    s.add_argument("--seed", type=int, default=DEFAULT_SEED, metavar="S",
                   help=f"seed of the permutations (default {DEFAULT_SEED})")
    sc.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run ``vmgeo scan``."""
    # The scan imports maps, statistics and WeasyPrint glue: only when it runs, so that --help stays fast.
    from ..scan.compare import parse_relevant
    from ..scan.run import ScanOptions, make, write

    _options.check_out(args, args.composition, args.mapping, args.notes)

    # A wijk code says its level; anything else is a gemeente unless --level says otherwise.
    level = args.level or ("wijk" if str(args.area or "").strip().upper().startswith("WK") else "gemeente")
    opts = ScanOptions(area=args.area, year=args.year, level=level, composition=args.composition,
                       mapping=args.mapping, compare=args.compare, lang=args.lang, notes=args.notes,
                       within=args.within, embed=args.embed, permutations=args.permutations, seed=args.seed,
                       refresh=args.refresh, relevant=parse_relevant(args.relevant))
    with stage("p_scan"):
        scans = make(opts, settings=_options.settings(args))
    with stage("p_write"):
        written = write(scans, args.out, opts=opts, force=args.force)
    for scan in scans:
        print(text.get("scan_done", lang=args.lang, name=scan.area.name, code=scan.area.code, year=scan.year,
                       n=len(scan.findings), version=text.get("scan_status_final" if scan.final
                                                             else "scan_status_draft", lang=args.lang)))
    shown = [p for p in written if p.name in ("scan.html", "index.html", "tabellenboek.xlsx")] or written
    print(text.get("written", lang=args.lang) + ", ".join(str(p) for p in shown)
          + (f" (+{len(written) - len(shown)})" if len(written) > len(shown) else ""))
    return 0
