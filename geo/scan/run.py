"""A whole scan: from options to the figures table, the findings and the files.

:func:`make` does the work in the order that lets bad input fail before
anything slow happens: the options, the meeting's notes (their area, level
and year), the scan year, the boundaries and the area (an unknown code with
close matches), the peers (an empty group), then the downloads, the
statistics and the findings (the notes' findings). :func:`write` writes
every file of every scan into a staging folder and moves them in together
(:func:`geo.outputs.write_together`): all or nothing.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import levels, messages, periods, text, units
from ..errors import OptionError
from ..outputs import safe_frame, write_together
from ..reports import BoundaryProvenance
from . import areas as areas_mod
from . import data as data_mod
from . import figures as figures_mod
from . import findings as findings_mod
from . import notes as notes_mod
from . import pdf, render, workbook
from .data import Note
from .inside import analyse_inside, page_and_image
from .model import Scan, ScanOptions
from .sections import SECTIONS, builders

if TYPE_CHECKING:
    import pandas as pd

    from ..settings import Settings
    from ..units import Composition
    from .areas import Area, Peers
    from .data import ScanData
    from .notes import MeetingNotes

log = logging.getLogger("geo")


def check_options(opts: ScanOptions) -> None:
    """Fail on options that do not fit together, before anything is read or fetched."""
    if opts.level not in areas_mod.SCAN_LEVELS:
        raise OptionError(messages.line("scan_run_unknown_level_use", opts_level=opts.level,
                                        levels=', '.join(areas_mod.SCAN_LEVELS)))
    if bool(opts.area) == bool(opts.within):
        raise OptionError(messages.line("scan_run_give_either_area"))
    if opts.level in levels.POLICE_LEVELS and not opts.composition:
        raise OptionError(messages.line("scan_run_level_made_gemeenten", opts_level=opts.level))
    if opts.within and opts.notes:
        raise OptionError(messages.line("scan_run_notes_belongs_one"))
    if opts.within and opts.level not in levels.POLICE_LEVELS and not (opts.mapping or opts.composition):
        raise OptionError(messages.line("scan_run_within_level_needs", opts_within=opts.within, opts_level=opts.level))
    if opts.lang not in text.LANGS:
        raise OptionError(messages.line("scan_run_unknown_lang_use", opts_lang=opts.lang))
    if opts.permutations < 99:
        raise OptionError(messages.line("scan_run_permutations_too_few", opts_permutations=opts.permutations))
    if opts.area and opts.level in ("gemeente", "wijk"):
        prefix = levels.get(opts.level).prefix or ""
        if not opts.area.upper().startswith(prefix):
            found = levels.of_code(opts.area)
            hint = messages.line("scan_run_looks_like", level=found.name) if found else ""
            raise OptionError(messages.line("scan_run_area_code", opts_area=opts.area, opts_level=opts.level,
                                            prefix=prefix, hint=hint))


def make(opts: ScanOptions, *, settings: "Settings") -> list[Scan]:
    """Every scan the options ask for: one for ``--area``, one per unit for ``--within``."""
    check_options(opts)
    area_code = opts.area.strip().upper() if opts.area else None
    if opts.area and opts.level in levels.POLICE_LEVELS:
        area_code = opts.area.strip()
    meeting: MeetingNotes | None = None
    if opts.notes:
        meeting = notes_mod.read(opts.notes)
        notes_mod.check_identity(meeting, area=str(area_code), level=opts.level, year=opts.year)
    count_periods = data_mod.year_periods(year=opts.year, settings=settings, refresh=opts.refresh)
    comp = units.read_composition(opts.composition) if opts.composition else None
    eenheden = _eenheden(opts, comp)
    wijk_members = comp is not None and any(str(m).startswith("WK") for m in comp.frame["member_code"])
    wijken = opts.level in ("gemeente", "wijk") or wijk_members
    data = data_mod.start(year=opts.year, count_periods=count_periods, wijken=wijken, settings=settings,
                                    refresh=opts.refresh, wijken_needed=opts.level == "wijk")
    names = _names(data, comp, eenheden)
    unit_codes: tuple[str, ...] = ()
    if comp is not None and opts.level in levels.POLICE_LEVELS:
        unit_codes = _validated_units(comp, data, opts)
    targets = _targets(opts, area_code, data, comp, eenheden, unit_codes, names)
    data_mod.load_population(data, settings=settings, refresh=opts.refresh)
    # Peer units: the other units of the level in the composition; other eenheden also from the mapping.
    peer_units = unit_codes
    if opts.level == "eenheid":
        peer_units = tuple(sorted(set(unit_codes) | {e for e, _n in eenheden.values()}))
    plans = [(area, _peers(opts, area, data, peer_units, names)) for area in targets]
    if not opts.within and eenheden == {} and opts.level != "eenheid":
        log.warning(text.Say("w_scan_no_mapping"))
    series = sorted({m for area, _ in plans for m in area.members})
    data_mod.load_figures(data, series_codes=series, settings=settings, refresh=opts.refresh)
    data_mod.load_respondents(data, settings=settings, refresh=opts.refresh)
    if data.region_names:
        names.update({k: v for k, v in data.region_names.items() if k not in names})
    scans = [_scan(area, peers, data, opts, names, eenheden, comp) for area, peers in plans]
    if meeting is not None:
        scan = scans[0]
        notes_mod.check_findings(meeting, fingerprint=scan.fingerprint, keys=[f.key for f in scan.findings])
        scan.final = True
        scan.meeting = meeting.said
        scan.record = meeting.meeting
    return scans


def _eenheden(opts: ScanOptions, comp: "Composition | None") -> dict[str, tuple[str, str]]:
    """Gemeente code to (eenheid code, eenheid name): from ``--mapping``, else from the composition."""
    if opts.mapping:
        return areas_mod.read_mapping(opts.mapping)
    if comp is not None:
        return areas_mod.eenheden_of_composition(comp, opts.year)
    return {}


def _names(data: "ScanData", comp: "Composition | None", eenheden: dict[str, tuple[str, str]]) -> dict[str, str]:
    names: dict[str, str] = {"NL01": "Nederland", "NL00": "Nederland", "NL": "Nederland"}
    for frame in (data.gemeenten, data.wijken):
        if frame is not None:
            names.update(zip(frame["code"].astype(str), frame["name"].astype(str)))
    names.update({e: n for e, n in eenheden.values()})
    if comp is not None:
        names.update(dict(zip(comp.frame["unit_code"], comp.frame["unit_name"].replace("", None)
                              .fillna(comp.frame["unit_code"]))))
    return names


def _validated_units(comp: "Composition", data: "ScanData", opts: ScanOptions) -> tuple[str, ...]:
    """Check the composition against the boundaries of the year; the units of the scan's level."""
    import geopandas as gpd
    import pandas as pd

    frames = [f[["code", "name", "geometry"]] for f in (data.gemeenten, data.wijken) if f is not None]
    member_areas = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=frames[0].crs)
    built = units.build(comp, member_areas, year=opts.year)
    return tuple(sorted(built.frame.loc[built.frame["level"] == opts.level, "code"]))


def _targets(opts: ScanOptions, code: str | None, data: "ScanData", comp: "Composition | None",
             eenheden: dict[str, tuple[str, str]], unit_codes: tuple[str, ...], names: dict[str, str]
             ) -> list["Area"]:
    import pandas as pd

    def one(c: str) -> "Area":
        if opts.level == "gemeente":
            return areas_mod.gemeente_area(c, data, eenheden=eenheden)
        if opts.level == "wijk":
            return areas_mod.wijk_area(c, data, eenheden=eenheden)
        assert comp is not None
        return areas_mod.unit_area(c, opts.level, comp, data, eenheden=eenheden)

    if code is not None:
        return [one(code)]
    within = str(opts.within).strip()
    if opts.level in levels.POLICE_LEVELS:
        assert comp is not None
        comp_y = units.for_year(comp, opts.year)
        resolved = units.resolve(comp_y)
        known = set(comp_y.frame["unit_code"])
        if within not in known:
            frame = pd.DataFrame({"code": sorted(known), "name": [names.get(c, c) for c in sorted(known)]})
            raise areas_mod.unknown_code(within, frame, what=f"--within (in {comp.source})", level=opts.level)
        inside = [u for u in unit_codes if u != within and resolved[u] <= resolved[within]]
    else:
        inside = sorted(g for g, (e, _n) in eenheden.items() if e == within)
        if not inside:
            named = dict(sorted(eenheden.values()))  # eenheid code -> its name
            frame = pd.DataFrame({"code": list(named), "name": list(named.values())})
            raise areas_mod.unknown_code(within, frame, what="--within", level="eenheid")
    if not inside:
        raise OptionError(messages.line("scan_run_within_holds_choose", within=within, opts_level=opts.level))
    return [one(c) for c in inside]


def _peers(opts: ScanOptions, area: "Area", data: "ScanData", unit_codes: tuple[str, ...],
           names: dict[str, str]) -> "Peers":
    import pandas as pd

    if opts.compare and opts.compare.strip().lower() != "auto":
        if opts.level in levels.POLICE_LEVELS:
            known = pd.DataFrame({"code": list(unit_codes), "name": [names.get(c, c) for c in unit_codes]})
        else:
            frame = data.gemeenten if opts.level == "gemeente" else data.wijken
            assert frame is not None
            known = frame[["code", "name"]]
        return areas_mod.compare_peers(opts.compare, area, known, level=opts.level)
    return areas_mod.auto_peers(area, data, unit_codes=unit_codes)


def _scan(area: "Area", peers: "Peers", data: "ScanData", opts: ScanOptions, names: dict[str, str],
          eenheden: dict[str, tuple[str, str]], comp: "Composition | None") -> Scan:
    if opts.level in levels.POLICE_LEVELS and comp is not None:
        resolved = dict(units.resolve(units.for_year(comp, opts.year)))
        for e in {e for e, _n in eenheden.values()} - set(resolved):
            resolved[e] = {g for g, (x, _n) in eenheden.items() if x == e}
        peer_members = tuple(sorted({m for p in peers.codes for m in resolved.get(p, {p})}))
        # Survey figures of a peer: an eenheid's own row, or the one gemeente a unit consists of.
        peer_survey = tuple(sorted({p if levels.of_code(p) is not None else next(iter(resolved[p]))
                                    for p in peers.codes if levels.of_code(p) is not None
                                    or (p in resolved and len(resolved[p]) == 1
                                        and next(iter(resolved[p])).startswith("GM"))}))
        # Peer units without figures of their own get them from their gemeenten too, as the area does.
        peer_areas = _peer_units(peers, opts, comp, data, eenheden)
        peer_survey = tuple(sorted({*peer_survey, *(a.code for a in peer_areas)}))
    else:
        peer_members = peers.codes
        peer_survey = peers.codes
        peer_areas = ()
    refs = areas_mod.references(area, data, eenheden=eenheden, peers=peers, peer_names=names,
                                peer_members=peer_members, peer_survey=peer_survey)
    # The country as a reader of the report's language names it ("the Netherlands", not "Nederland").
    refs = tuple(replace(r, name=text.get("scan_country", lang=opts.lang)) if r.kind == "country" else r
                 for r in refs)
    inside = analyse_inside(area, data, permutations=opts.permutations, seed=opts.seed)
    figures = figures_mod.build(area, refs, peers, data, lang=opts.lang, inside=inside, names=names,
                                permutations=opts.permutations, seed=opts.seed, builders=builders(SECTIONS),
                                relevant=opts.relevant, peer_areas=peer_areas)
    assert figures.frame is not None
    found = findings_mod.findings(figures.frame, area_name=area.name, lang=opts.lang)
    scan = Scan(area=area, year=opts.year, lang=opts.lang, figures=figures, findings=found,
                fingerprint=findings_mod.fingerprint(found), sources=sources_table(data, opts.lang),
                peers=peers, references=refs, names=names, data=data, inside=inside,
                created=datetime.now(UTC).isoformat(timespec="seconds"),
                notes=[*data.notes, *figures.notes], sections=SECTIONS, relevant=dict(opts.relevant),
                inside_missing=data.unpublished.get("wijk") if area.level == "gemeente" else None)
    if inside is not None:
        if inside.unpopulated:
            scan.notes.append(Note("scan_note_unpopulated", {"places": ", ".join(inside.unpopulated)}))
        _map(scan)
    return scan


def _peer_units(peers: "Peers", opts: ScanOptions, comp: "Composition", data: "ScanData",
                eenheden: dict[str, tuple[str, str]]) -> tuple["Area", ...]:
    """The peers that are units of the scan's level in the composition (others, such as eenheden, are left out)."""
    out = []
    for code in peers.codes:
        try:
            out.append(areas_mod.unit_area(code, opts.level, comp, data, eenheden=eenheden))
        except OptionError:  # not a unit of this level: its published figures serve, if any
            continue
    return tuple(out)


def _map(scan: Scan) -> None:
    """The interactive map of the areas inside, and its layers for print; the registered bivariate layer with it."""
    assert scan.inside is not None
    lang = scan.lang
    what = text.get(f"scan_ind_{scan.inside.shown}", lang=lang)
    made = page_and_image(scan.inside, title=text.get("scan_map_heading", lang=lang, year=scan.year,
                                                      area=scan.area.name, what=what),
                          lang=lang, sources=render.map_sources(scan), focus=scan.area.focus,
                          bivariate=scan.figures.bivariate, bivariate_global=scan.figures.bivariate_global)
    if made is not None:
        scan.map_html, scan.print_maps = made


def sources_table(data: "ScanData", lang: str) -> "pd.DataFrame":
    """Every table and boundary set the scan used: id, period, status, modification and fetch dates."""
    import pandas as pd

    rows = []
    for prov in data.sources:
        if isinstance(prov, BoundaryProvenance):
            rows.append({"owner": "PDOK", "table": f"{prov.level} {prov.year}",
                         "title": text.get("scan_boundaries_of", lang=lang, level=prov.level, year=prov.year),
                         "measure": None, "filters": None, "period": None, "period_label": str(prov.year),
                         "status": prov.licence, "modified": None, "fetched": (prov.fetched_at or "")[:19] or None,
                         "attribution": prov.attribution, "boundary_year": prov.year})
            continue
        rows.append({"owner": "Politie" if prov.source == "politie" else "CBS", "table": prov.table,
                     "title": prov.title, "measure": prov.measure,
                     "filters": "; ".join(f"{d}={','.join(k)}" for d, k in prov.filters.items() if d != "Perioden"),
                     "period": prov.period, "period_label": periods.label(prov.period, lang=lang),
                     "status": prov.period_status, "modified": (prov.table_modified or "")[:10] or None,
                     "fetched": (prov.fetched_at or "")[:19] or None, "attribution": None, "boundary_year": None})
    return pd.DataFrame(rows, columns=["owner", "table", "title", "measure", "filters", "period", "period_label",
                                       "status", "modified", "fetched", "attribution", "boundary_year"])


def files(scan: Scan, *, prefix: str = "", embed: bool = False) -> dict[str, Any]:
    """The files of one scan (name to writer), under ``prefix`` (a unit's folder in a ``--within`` run)."""
    page = render.report(scan)
    out: dict[str, Any] = {
        f"{prefix}scan.html": lambda p: p.write_text(page, encoding="utf-8"),
        f"{prefix}scan.pdf": lambda p: pdf.write_pdf(page, p),
        f"{prefix}scan.xlsx": lambda p: workbook.write_xlsx(scan, p),
    }
    for name, key in workbook.CSVS.items():
        out[f"{prefix}{name}"] = (lambda k: lambda p: workbook.write_csv(scan, k, p))(key)
    if embed and scan.inside is not None:
        for code in scan.inside.frame["code"]:
            if scan.area.level == "wijk" and code != scan.area.code:
                continue
            fragment = render.embed(scan, str(code))
            out[f"{prefix}embed/{code}.html"] = (lambda text_: lambda p: p.write_text(text_, encoding="utf-8"))(
                fragment)
    return out


def write(scans: list[Scan], out: str | Path, *, opts: ScanOptions, force: bool = False) -> list[Path]:
    """Write every file of the scans into ``out``, all at once (nothing when one fails)."""
    writers: dict[str, Any] = {}
    if opts.within:
        for scan in scans:
            writers.update(files(scan, prefix=f"{scan.area.code}/", embed=opts.embed))
        within_name = scans[0].names.get(str(opts.within), str(opts.within))
        page = render.index(scans, within=str(opts.within), within_name=within_name, year=opts.year, lang=opts.lang)
        book = workbook.tabellenboek(scans)
        writers["index.html"] = lambda p: p.write_text(page, encoding="utf-8")
        writers["tabellenboek.xlsx"] = lambda p: workbook.write_tabellenboek(book, p, lang=opts.lang)
        writers["tabellenboek.csv"] = lambda p: _safe_csv(book, p)
    else:
        writers.update(files(scans[0], embed=opts.embed))
    return write_together(out, writers, force=force)


def _safe_csv(frame: "pd.DataFrame", path: Path) -> None:
    safe_frame(frame).to_csv(path, index=False, encoding="utf-8")
