"""The scan as one self-contained, printable HTML page, the index of a ``--within`` run and the wijk fragments.

Every figure on the page is a ``<span class="fig" data-row=".." data-col="..">``
filled from the figures table by :class:`Figs`; text comes from
:mod:`geo.text` and every name is escaped, so an area called ``<script>``
shows as text. The interactive map is the self-contained Leaflet page of
:mod:`geo.maps`, in an ``<iframe srcdoc>`` (so that the scan stays one
file); for print and for the PDF, which runs no JavaScript, SVG maps of its
LISA and Gi* layers take its place (``@media print``), a number on every
area and a key of the numbers beside them (:func:`print_maps`). The PDF is made
from this very page (:mod:`geo.scan.pdf`).
"""

from __future__ import annotations

import html
import math
import re
from typing import TYPE_CHECKING, Any

from .. import categories as cat
from .. import periods as periods_mod
from .. import text
from .._version import __version__
from ..maps import attribution
from . import catalogue, charts, compare
from .areas import size_label
from .darknumber import INHABITANTS_PER_HOUSEHOLD
from .findings import AGENDA_MAX, Fig, agenda, as_question, reference_name, render
from .inside import TOP

if TYPE_CHECKING:
    import pandas as pd

    from .model import Scan

CSS = """
:root { --ink:#1a1a1a; --muted:#555; --line:#d0d0d0; --worse:#d7191c; --better:#2c7bb6; }
html { font: 14px/1.45 "DejaVu Sans", Arial, sans-serif; color: var(--ink); }
body { max-width: 1000px; margin: 0 auto; padding: 16px 20px 40px; }
header h1 { font-size: 1.7rem; margin: 0 0 4px; }
header .sub { color: var(--muted); }
header .status { display:inline-block; margin-top:6px; padding:2px 8px; border-radius:3px; background:#fff3cd; }
header .status.final { background:#d4edda; }
section { margin-top: 26px; }
h2 { font-size: 1.3rem; border-bottom: 2px solid var(--ink); padding-bottom: 3px; }
h3 { font-size: 1.05rem; margin: 18px 0 6px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 10px; font-size: 0.93rem; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #f2f2f2; font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; }
.margin { color: var(--muted); font-size: 0.85rem; white-space: nowrap; }
.verdict { display:inline-block; font-size:0.78rem; padding:0 5px; border-radius:3px; margin-left:4px;
  white-space:nowrap; }
.verdict.worse { background:#fbd5d5; color:#8b0000; }
.verdict.better { background:#d6e9f8; color:#0b4f8a; }
.verdict.no_difference, .verdict.none, .verdict.no_relevant_difference, .verdict.small_change {
  background:#eeeeee; color:#444; }
.verdict.not_testable, .verdict.too_few { background:#f7f7f7; color:#777; }
.verdict.rise { background:#fde0c5; color:#8a3b00; }
.verdict.fall { background:#c9ede2; color:#0b5e48; }
.uncertain { color:#8a6d00; font-size:0.8rem; }
.derived { color:#5a3d8a; font-size:0.8rem; }
.note, .method { color: var(--muted); font-size: 0.88rem; }
.source { color: var(--muted); font-size: 0.8rem; margin: 2px 0 8px; }
.notice { background:#fff8e1; border-left:4px solid #f0ad4e; padding:6px 10px; margin:8px 0; }
.charts { display:flex; flex-wrap:wrap; gap:10px; }
.charts figure { margin:0; border:1px solid var(--line); padding:4px; width:250px; }
.charts figcaption { font-size:0.8rem; font-weight:600; min-height:2.4em; }
iframe.map { width:100%; height:520px; border:1px solid var(--line); }
img.map { width:100%; max-width:680px; }
.print-only { display:none; }
ol.findings li { margin-bottom:6px; }
.legend { list-style:none; padding:0; margin:4px 0; font-size:0.85rem; }
.legend li { display:inline-block; margin-right:12px; }
.swatch { display:inline-block; width:12px; height:12px; border:1px solid #777; margin-right:4px;
  vertical-align:middle; }
.swatch-svg { margin-right:4px; vertical-align:middle; }
footer { margin-top:30px; color:var(--muted); font-size:0.85rem; }
@page { size: A4; margin: 15mm 13mm 16mm;
  @bottom-right { content: counter(page) " / " counter(pages); font-size: 9pt; color: #555; } }
@media print {
  /* A4 portrait: every table fits the width (fixed layout, cells wrap), rows and figures never split,
     headings stay with what follows them; sections follow each other without a page of white between. */
  html { font-size: 8.6pt; }
  body { max-width: none; padding: 0; }
  p { margin: 4px 0; }
  .screen-only { display:none !important; }
  .print-only { display:block !important; }
  section { margin-top: 14px; }
  h2 { font-size: 1.25rem; margin: 10px 0 6px; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  tr, li, figure, svg, img, p, .notice { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  table { table-layout: fixed; width: 100%; font-size: 0.9rem; }
  th, td { overflow-wrap: anywhere; word-break: break-word; padding: 2px 4px; }
  th:first-child { width: 24%; }
  table.sources th:nth-child(1) { width: 7%; } table.sources th:nth-child(2) { width: 9%; }
  table.sources th:nth-child(3) { width: 17%; } table.sources th:nth-child(4) { width: 29%; }
  table.sources th:nth-child(5), table.sources th:nth-child(6) { width: 8%; }
  table.sources th:nth-child(7), table.sources th:nth-child(8) { width: 11%; }
  table.top th:first-child { width: 14%; }
  table.summary th:first-child { width: 26%; }
  table.summary tr.theme th { background: #e8e8e8; }
  table.findings th:first-child { width: 5%; }
  table.findings.themed th:nth-child(2) { width: 14%; }
  /* With the meeting's words: the finding keeps half the width, the meeting's short answers share the rest. */
  table.findings.said th:nth-child(2) { width: 50%; } table.findings.said th:nth-child(3) { width: 11%; }
  table.findings.said.themed th:nth-child(2) { width: 12%; } table.findings.said.themed th:nth-child(3) { width: 40%; }
  table.findings.said.themed th:nth-child(4) { width: 9%; }
  td.num, th.num, .verdict, .margin { white-space: normal; }
  .verdict { display: inline; margin-left: 2px; padding: 0 2px; font-size: 0.72rem; }
  .charts { gap: 6px; }
  .charts figure { width: 23.4%; padding: 2px; }
  .charts figcaption { font-size: 0.72rem; min-height: 2.2em; }
  .charts svg.chart { width: 100%; height: auto; }
  svg.scatter { width: 70%; height: auto; }
  div.maps { break-inside: avoid; page-break-inside: avoid; }
  figure.map-print { display: inline-block; width: 49%; margin: 0; vertical-align: top; }
  figure.map-print figcaption { font-size: 0.8rem; font-weight: 600; }
  figure.map-print svg.minimap { width: 100%; height: auto; }
  figure.map-print .legend { font-size: 0.72rem; margin: 2px 0; }
  figure.map-print .legend li { margin-right: 6px; }
  .map-key { font-size: 0.72rem; }
  .map-key-title { font-weight: 600; margin: 2px 0; }
  .map-key ul { list-style: none; padding: 0; margin: 0; column-count: 4; column-gap: 10px; }
  .map-key li { break-inside: avoid; }
}
"""


#: Columns of whole numbers whatever the row's digits (counts of registrations and people, ranks).
WHOLE_COLUMNS = ("count", "population", "rank", "respondents", "reference_respondents")
#: The bounds of a 95% interval, by either bound's column.
MARGIN_COLUMNS = {"lower": ("lower", "upper"), "upper": ("lower", "upper"),
                  "reference_lower": ("reference_lower", "reference_upper"),
                  "reference_upper": ("reference_lower", "reference_upper"),
                  "reference_rest_lower": ("reference_rest_lower", "reference_rest_upper"),
                  "reference_rest_upper": ("reference_rest_lower", "reference_rest_upper")}


def fmt(value: Any, digits: int, lang: str) -> str:
    """A figure for readers: the language's decimal mark; negative ``digits`` round to tens, hundreds, ..."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return text.number(None, lang=lang)
    x = float(value)
    if digits < 0:
        return text.number(round(x, digits), 0, lang=lang)
    return text.number(x, digits, lang=lang)


class Figs:
    """The figures of one table, as markup (:meth:`span`) or plain text (:meth:`plain`)."""

    def __init__(self, frame: "pd.DataFrame", lang: str) -> None:
        self.by_row = frame.set_index("row")
        self.lang = lang

    def plain(self, row: str, column: str = "value") -> str:
        record = self.by_row.loc[row]
        digits = 0 if column in WHOLE_COLUMNS else int(record["digits"])
        bounds = MARGIN_COLUMNS.get(column)
        if bounds is not None and digits >= 0:
            # A margin narrower than the figure's last digit ("7,3 - 7,3") would read as no margin at all:
            # its bounds get one digit more.
            low, high = (fmt(record[b], digits, self.lang) for b in bounds)
            if low == high and low != fmt(None, 0, self.lang):
                digits += 1
        return fmt(record[column], digits, self.lang)

    def span(self, row: str, column: str = "value") -> str:
        return (f'<span class="fig" data-row="{html.escape(row)}" data-col="{column}">'
                f"{html.escape(self.plain(row, column))}</span>")

    def tspan(self, row: str, column: str = "value") -> str:
        """:meth:`span` inside SVG text, where an HTML element would end the SVG."""
        return (f'<tspan class="fig" data-row="{html.escape(row)}" data-col="{column}">'
                f"{html.escape(self.plain(row, column))}</tspan>")

    def fig(self, f: Fig) -> str:
        return self.span(f.row, f.column)


def _t(key: str, lang: str, **fields: Any) -> str:
    return html.escape(text.get(key, lang=lang, **fields))


def _unit(unit: Any, lang: str) -> str:
    key = f"scan_suffix_{unit}"
    return html.escape(text.get(key, lang=lang)) if text.has(key) else ""


def _short_unit(unit: Any, lang: str) -> str:
    """In a table whose heading names the unit, only ``%`` follows a figure."""
    return _unit(unit, lang) if unit == "percent" else ""


def map_sources(scan: "Scan") -> list[dict[str, Any]]:
    """The sources of the map of the areas inside: registered crime, inhabitants and those boundaries."""
    wanted = {scan.inside.shown if scan.inside is not None else None, catalogue.POPULATION}
    out = [p.as_dict() for k, p in scan.data.provenance.items() if k in wanted]
    level = scan.inside.level if scan.inside is not None else None
    return out + [b.as_dict() for b in scan.data.boundaries if b.level == level]


def _verdict(verdict: Any, lang: str) -> str:
    if verdict is None or (isinstance(verdict, float) and verdict != verdict):
        return ""
    label = text.get(f"scan_verdict_{verdict}", lang=lang) if text.has(f"scan_verdict_{verdict}") \
        else text.get(str(verdict), lang=lang)
    return f'<span class="verdict {html.escape(str(verdict))}">{html.escape(label)}</span>'


def _rows(frame: "pd.DataFrame", section: str, **equal: Any) -> "pd.DataFrame":
    out = frame[frame["section"] == section]
    for column, value in equal.items():
        out = out[out[column] == value]
    return out


def report(scan: "Scan") -> str:
    """The whole scan as one HTML document."""
    lang = scan.lang
    frame = scan.frame
    figs = Figs(frame, lang)
    area = scan.area
    title = text.get("scan_title", lang=lang, name=area.name)
    status = (_t("scan_status_final", lang) if scan.final else _t("scan_status_draft", lang))
    level = text.get(f"scan_level_{area.level}", lang=lang)
    made = _t("scan_made", lang, date=date_label(scan.created, lang), version=__version__)
    parts = [
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)} {scan.year}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        f'<header><h1>{html.escape(title)}</h1><div class="sub">{html.escape(_level_and_name(level, area.name))} '
        f'&middot; {scan.year} &middot; {made}</div>'
        f'<div class="status{" final" if scan.final else ""}">{status}</div>'
        f'<p>{_t("scan_intro", lang)}</p></header>\n',
        meeting(scan),
        *(_section(section.key, section.anchor, number, lang, section.renderer(scan, figs))
          for number, section in enumerate(scan.sections, 1)),
        f'<footer>{_t("scan_footer", lang, version=__version__, fingerprint=scan.fingerprint)}</footer>\n',
        "<script>window.vmgeo = window.vmgeo || {scan: true};</script>\n</body>\n</html>\n",
    ]
    return "".join(parts)


def _level_and_name(level: str, name: str) -> str:
    """``Gemeente Utrecht``, but ``Basisteam Zuid-Limburg`` once when the name starts with the level's word."""
    return name if name.lower().startswith(level.lower()) else f"{level} {name}"


def meeting(scan: "Scan") -> str:
    """The final version opens with the meeting: date, participants, priorities, actions and straatkennis."""
    record, lang = scan.record, scan.lang
    if not (scan.final and record):
        return ""
    out = [f'<section id="bijeenkomst"><h2>{_t("scan_meeting_heading", lang)}</h2>']
    facts = [(key, value) for key, value in (("scan_meeting_date", date_label(record.date, lang) or record.date),
                                             ("scan_meeting_participants", record.participants)) if value]
    if facts:
        out.append("<p>" + "<br>".join(f"<b>{_t(k, lang)}:</b> {html.escape(str(v))}" for k, v in facts) + "</p>")
    if record.priorities:
        out.append(f'<h3>{_t("scan_meeting_priorities", lang)}</h3><ol>'
                   + "".join(f"<li>{html.escape(p)}</li>" for p in record.priorities) + "</ol>")
    actions = [(a, owner, date_label(due, lang) or due) for a, owner, due in record.actions]
    for key, rows, columns in (("scan_meeting_actions", actions, ("scan_col_action", "scan_col_owner",
                                                                  "scan_col_due")),
                               ("scan_meeting_street", [(text.get(f"scan_street_{k}", lang=lang), w, n)
                                                        for k, w, n in record.street],
                                ("scan_col_street_kind", "scan_col_what", "scan_col_explanation"))):
        if not rows:
            continue
        head = "".join(f"<th>{_t(c, lang)}</th>" for c in columns)
        body = "".join("<tr>" + "".join(f"<td>{html.escape(c or '')}</td>" for c in r) + "</tr>" for r in rows)
        out.append(f'<h3>{_t(key, lang)}</h3><table class="meeting"><thead><tr>{head}</tr></thead>'
                   f"<tbody>{body}</tbody></table>")
    return "\n".join(out) + "</section>\n"


#: The samenvatting: per theme, subjective (survey) and objective (registered) indicators side by side.
SUMMARY_THEMES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("scan_group_feeling", ("onveilig_buurt", "rapportcijfer_veiligheid_buurt", "misdrijven")),
    ("scan_group_nuisance", ("overlast_buurt", "overlast_jeugd", "overlast_verward")),
    ("scan_group_victims", ("slachtoffer_inbraak", "aangifte_inbraak", "woninginbraak")),
    ("scan_group_registered", ("geweld", "fietsendiefstal", "vernieling")),
    ("scan_group_judgement", ("oordeel_politie_buurt", "oordeel_gemeente")),
)
#: A change over time in one sign: up, down, or no demonstrable change.
TREND_SIGNS = {cat.RISE: "\u25b2", cat.FALL: "\u25bc"}


def samenvatting(scan: "Scan", figs: Figs) -> str:
    """The body of section ``samenvatting``: one table, per theme its figures against each reference and trend."""
    lang, frame = scan.lang, scan.frame
    compared = _rows(frame, "vergelijking")
    own = _rows(frame, "kerncijfers")
    development = _rows(frame, "ontwikkeling")
    refs = list(dict.fromkeys(zip(compared["reference"], compared["reference_name"])))
    inside = {r.kind for r in scan.references if r.contains_area}
    head = "".join(f'<th>{_reference_header(k, n, scan.area.level, lang, without=w)}</th>'
                   for k, n in refs for w in [scan.area.name if k in inside else None])
    body = []
    for theme, keys in SUMMARY_THEMES:
        lines = []
        for key in keys:
            mine = own[own["indicator"] == key]
            if mine.empty:
                continue
            r = mine.iloc[0]
            cells = [f'<td>{html.escape(str(r["title"]))}{_derived_mark(r["role"], lang)}</td>',
                     f'<td class="num">{figs.span(r["row"])}{_short_unit(r["unit"], lang)}'
                     f'{_margin(figs, r["row"], "lower", "upper")}</td>']
            for k, _n in refs:
                match = compared[(compared["indicator"] == key) & (compared["reference"] == k)]
                cells.append(f"<td>{_verdict(match.iloc[0]['verdict'], lang) if not match.empty else '&ndash;'}</td>")
            cells.append(f"<td>{_trend(development[development['indicator'] == key], lang)}</td>")
            lines.append("".join(cells))
        if lines:
            body.append(f'<tr class="theme"><th colspan="{len(refs) + 3}">{_t(theme, lang)}</th></tr>')
            body += [f"<tr>{line}</tr>" for line in lines]
    if not body:
        return _notice("scan_no_comparison", lang)
    return (f'<p>{_t("scan_summary_intro", lang, area=scan.area.name)}</p>'
            f'<table class="summary"><thead><tr><th>{_t("scan_col_indicator", lang)}</th>'
            f'<th class="num">{html.escape(scan.area.name)}</th>{head}<th>{_t("scan_col_trend", lang)}</th></tr>'
            f'</thead><tbody>{"".join(body)}</tbody></table>'
            + source_line(scan, own[own["indicator"].isin([k for _t_, ks in SUMMARY_THEMES for k in ks])])
            + respondents_line(scan, figs)
            + f'<p class="method">{_t("scan_summary_method", lang)}</p>')


#: References that are one published Veiligheidsmonitor row, whose sample size the source may give.
PUBLISHED_REFERENCES = ("country", "eenheid", "gemeente")


def respondents_line(scan: "Scan", figs: Figs) -> str:
    """The sample sizes beside the survey figures: the area's and its published references', "onbekend" where the
    source gives none; nothing when the table publishes no sample sizes at all."""
    lang, frame = scan.lang, scan.frame
    survey = _rows(frame, "kerncijfers", kind=catalogue.SURVEY)
    if scan.data.respondents is None or survey.empty:
        return ""
    unknown = _t("scan_respondents_unknown", lang)

    def shown(row: str, column: str) -> str:
        return figs.span(row, column) if math.isfinite(float(figs.by_row.at[row, column])) else unknown

    first = survey.iloc[0]
    items = [f'{html.escape(str(first["area_name"]))} {shown(first["row"], "respondents")}']
    compared = _rows(frame, "vergelijking", kind=catalogue.SURVEY)
    for kind in PUBLISHED_REFERENCES:
        part = compared[compared["reference"] == kind]
        if not part.empty:
            r = part.iloc[0]
            name = reference_name(kind, str(r["reference_name"]), scan.area.level, lang)
            items.append(f'{html.escape(name[:1].upper() + name[1:])} {shown(r["row"], "reference_respondents")}')
    return (f'<p class="method">{_t("scan_respondents", lang, period=first["period_label"])} '
            + "; ".join(items) + ".</p>")


def _trend(rows: "pd.DataFrame", lang: str) -> str:
    """The latest change of an indicator: a triangle coloured by what it means, with its verdict, or a dash."""
    if rows.empty:
        return "&ndash;"
    last = rows.sort_values("period").iloc[-1]
    verdict = str(last["verdict"])
    if verdict not in TREND_SIGNS:
        return html.escape(text.get(f"scan_verdict_{verdict}", lang=lang)) if text.has(f"scan_verdict_{verdict}") \
            else "&ndash;"
    meaning = charts.change_meaning(verdict, str(last["higher_is"]))
    return (f'<span style="color:{charts.CHANGE_COLOURS[meaning]}">{TREND_SIGNS[verdict]}</span> '
            f'{_verdict(meaning, lang)}')


def date_label(value: Any, lang: str) -> str:
    """An ISO date (or date and time) as readers write it: ``6 december 2026`` (``6 December 2026`` in English)."""
    found = re.match(r"(\d{4})-(\d{2})-(\d{2})", str(value or ""))
    if not found:
        return ""
    y, m, d = (int(g) for g in found.groups())
    month = periods_mod.MONTHS["en" if lang == "en" else "nl"][m - 1]
    return f"{d} {month.capitalize() if lang == 'en' else month} {y}"


def source_line(scan: "Scan", rows: "pd.DataFrame", *, boundaries: str | None = None) -> str:
    """``Bron:`` under a table or chart: every table its ``rows`` came from, with its title, period and status.

    ``boundaries`` adds PDOK's boundaries of that level (a map).
    """
    lang = scan.lang
    titles = {f"{str(o).lower()}:{t}": str(title) for o, t, title in
              zip(scan.sources["owner"], scan.sources["table"], scan.sources["title"])}
    parts = []
    for table, group in rows[rows["source_table"].notna()].groupby("source_table", sort=False):
        owner, _, ident = str(table).partition(":")
        owner_name = "CBS" if owner == "cbs" else owner.capitalize()
        periods = list(dict.fromkeys(periods_mod.label(str(k), lang=lang) for k in group["source_period"].dropna()))
        status = ", ".join(dict.fromkeys(text.cbs_status(str(x), lang=lang) for x in group["source_status"].dropna()
                                         if str(x)))
        what = ", ".join(x for x in (", ".join(periods), status) if x)
        parts.append(f"{owner_name}, {titles.get(str(table), ident)} ({ident})" + (f", {what}" if what else ""))
    if boundaries is not None:
        for b in scan.data.boundaries:
            if b.level == boundaries:
                level = text.get(f"scan_level_{b.level}", lang=lang).lower()
                parts.append(text.get("scan_boundaries_of", lang=lang, level=level, year=b.year)
                             + f" (PDOK, {b.licence})")
    if not parts:
        return ""
    return f'<p class="source">{_t("scan_source", lang)} {html.escape("; ".join(parts))}.</p>'


def _with_population(kerncijfers: "pd.DataFrame", rows: "pd.DataFrame") -> "pd.DataFrame":
    """``rows`` and the row of the inhabitants (rates per 1,000 rest on them)."""
    import pandas as pd

    return pd.concat([rows, kerncijfers[kerncijfers["indicator"] == catalogue.POPULATION]])


def _section(key: str, anchor: str, number: int, lang: str, body: str) -> str:
    return (f'<section id="{anchor}"><h2>{number}. {_t(f"scan_section_{key}", lang)}</h2>\n{body}</section>\n')


def _notice(key: str, lang: str, **fields: Any) -> str:
    return f'<p class="notice">{_t(key, lang, **fields)}</p>'


def kerncijfers(scan: "Scan", figs: Figs) -> str:
    """The body of section ``kerncijfers``."""
    lang, frame = scan.lang, scan.frame
    rows = _rows(frame, "kerncijfers")
    out = []
    pop = rows[rows["indicator"] == "inwoners"]
    if not pop.empty:
        out.append(f'<p>{_t("scan_inhabitants", lang)}: {figs.span(pop.iloc[0]["row"])}</p>')
    survey = rows[rows["kind"] == catalogue.SURVEY]
    if survey.empty:
        out.append(_notice("scan_no_survey", lang, area=scan.area.name))
    else:
        first = survey.iloc[0]
        if scan.figures.survey_fallback:
            out.append(_notice("scan_survey_fallback", lang, area=scan.area.name, other=str(first["area_name"])))
        out.append(_derived_notice(scan))
        out.append(f'<h3>{_t("scan_h_survey", lang, period=first["period_label"], area=first["area_name"])}</h3>')
        body = []
        for group in dict.fromkeys(i.group for i in catalogue.SURVEY_INDICATORS):
            part = survey[survey["indicator"].isin([i.key for i in catalogue.SURVEY_INDICATORS if i.group == group])]
            if part.empty:
                continue
            body.append(f'<tr><th colspan="3">{_t(group, lang)}</th></tr>')
            for r in part.itertuples():
                mark = f' <span class="uncertain">({_t("uncertain", lang)})</span>' if r.uncertain else ""
                mark += _derived_mark(r.role, lang)
                body.append(f"<tr><td>{html.escape(str(r.title))}{mark}</td>"
                            f'<td class="num">{figs.span(r.row)}{_unit(r.unit, lang)}</td>'
                            f'<td class="margin">{figs.span(r.row, "lower")} \u2013 {figs.span(r.row, "upper")}</td>'
                            "</tr>")
        out.append(f'<table class="survey"><thead><tr><th>{_t("scan_col_indicator", lang)}</th>'
                   f'<th class="num">{_t("scan_col_value", lang)}</th><th>{_t("scan_col_margin", lang)}</th>'
                   f'</tr></thead><tbody>{"".join(body)}</tbody></table>')
        out.append(source_line(scan, survey))
        out.append(respondents_line(scan, figs))
    counts = rows[rows["kind"] == catalogue.COUNT]
    if counts.empty:
        out.append(_notice("scan_no_counts", lang))
    else:
        out.append(f'<h3>{_t("scan_h_registered", lang, period=counts.iloc[0]["period_label"])}</h3>')
        body = [f"<tr><td>{html.escape(str(r.title))}</td><td class=\"num\">{figs.span(r.row, 'count')}</td>"
                f'<td class="num">{figs.span(r.row)}</td></tr>' for r in counts.itertuples()]
        out.append(f'<table class="registered"><thead><tr><th>{_t("scan_col_kind", lang)}</th>'
                   f'<th class="num">{_t("scan_col_count", lang)}</th><th class="num">{_t("scan_col_rate", lang)}</th>'
                   f'</tr></thead><tbody>{"".join(body)}</tbody></table>')
        out.append(source_line(scan, _with_population(rows, counts)))
        out.append(f'<p class="method">{_t("scan_method_registered", lang, population=_population_year(scan))}</p>')
    return "\n".join(out)


def _derived_mark(role: Any, lang: str) -> str:
    """`` (afgeleid)`` after a survey figure derived from member gemeenten."""
    return f' <span class="derived">({_t("scan_derived", lang)})</span>' if role == "derived" else ""


def _listed(items: tuple[str, ...], lang: str) -> str:
    """``a, b en c``."""
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + text.get("scan_and", lang=lang) + items[-1]


def _derived_notice(scan: "Scan") -> str:
    """What a police unit's derived survey figures are made of, and the rule (:func:`figures.derive_unit_survey`)."""
    derived, lang = scan.figures.derived, scan.lang
    if derived is None:
        return ""
    parts = [_t("scan_survey_derived", lang, area=scan.area.name, own=_listed(derived.own, lang))]
    if derived.rest and derived.eenheid is not None:
        parts.append(_t("scan_survey_derived_rest", lang, rest=_listed(derived.rest, lang),
                        eenheid=scan.names.get(derived.eenheid, derived.eenheid)))
    parts.append(_t("scan_survey_derived_rule", lang))
    return f'<p class="notice">{" ".join(parts)}</p>'


def _reference_header(kind: str, name: str, level: str, lang: str, *, without: str | None = None) -> str:
    """A reference as the comparison names it; ``without`` the area when the area was taken out of it."""
    named = reference_name(kind, name, level, lang)
    if without is not None:
        named = text.get("scan_ref_without", lang=lang, ref=named, area=without)
    return html.escape(named[:1].upper() + named[1:])


def _margin(figs: Figs, row: str, low: str, high: str) -> str:
    """`` (a – b)`` of a row's interval, or nothing when it has none."""
    record = figs.by_row.loc[row]
    if not (math.isfinite(float(record[low])) and math.isfinite(float(record[high]))):
        return ""
    return f' <span class="margin">({figs.span(row, low)}\u2013{figs.span(row, high)})</span>'


def _tested_cell(figs: Figs, r: Any, lang: str) -> str:
    """The value the area was tested against (the reference without the area where it lies in it), with its
    margin and the verdict."""
    column = "reference_rest" if math.isfinite(float(r["reference_rest"])) else "reference_value"
    low, high = (f"{column}_lower", f"{column}_upper") if column == "reference_rest" else (
        "reference_lower", "reference_upper")
    unit = _short_unit(r["unit"], lang) if math.isfinite(float(r[column])) else ""
    return (f'<td class="num">{figs.span(r["row"], column)}{unit}'
            f'{_margin(figs, r["row"], low, high)}{_verdict(r["verdict"], lang)}</td>')


def _compare_columns(scan: "Scan", refs: list[tuple[str, str]]) -> list[tuple[str, str, bool]]:
    """The reference columns of the comparison: (kind, name, whole). A wijk's gemeente is shown twice: whole,
    as published, and without the wijk, the rest of the gemeente it was tested against."""
    out = []
    for kind, name in refs:
        if kind == "gemeente" and scan.area.level == "wijk":
            out.append((kind, name, True))
        out.append((kind, name, False))
    return out


def _whole_cell(figs: Figs, r: Any, lang: str) -> str:
    """The reference as published, the area included, with its margin and without a verdict."""
    return (f'<td class="num">{figs.span(r["row"], "reference_value")}{_short_unit(r["unit"], lang)}'
            f'{_margin(figs, r["row"], "reference_lower", "reference_upper")}</td>')


def vergelijking(scan: "Scan", figs: Figs) -> str:
    """The body of section ``vergelijking``."""
    lang, frame = scan.lang, scan.frame
    rows = _rows(frame, "vergelijking")
    out = []
    if scan.peers.codes:
        names = ", ".join(scan.names.get(c, c) for c in scan.peers.codes)
        if scan.peers.rule == "auto" and scan.peers.size_class is not None:
            size = size_label(scan.peers.size_class, lang=lang)
            out.append(f'<p>{_t("scan_peers_auto", lang, urbanity=scan.peers.urbanity, size=size, names=names)}</p>')
        else:
            peers = text.get(f"scan_ref_peers_{scan.area.level}", lang=lang)
            out.append(f'<p>{_t(f"scan_peers_{scan.peers.rule}", lang, names=names, peers=peers)}</p>')
    gemeente = next((r.name for r in scan.references if r.kind == "gemeente"), None)
    if scan.area.level == "wijk" and gemeente is not None:
        out.append(f'<p>{_t("scan_compare_wijk", lang, area=scan.area.name, gemeente=gemeente)}</p>')
    if scan.figures.survey_fallback or _rows(frame, "kerncijfers", kind=catalogue.SURVEY).empty:
        out.append(_notice("scan_no_survey_comparison", lang, area=scan.area.name))
    if rows.empty:
        out.append(_notice("scan_no_comparison", lang))
        return "\n".join(out)
    inside = {r.kind for r in scan.references if r.contains_area}
    columns = _compare_columns(scan, list(dict.fromkeys(zip(rows["reference"], rows["reference_name"]))))
    head = "".join(f'<th class="num">{_reference_header(k, n, scan.area.level, lang, without=without)}</th>'
                   for k, n, whole in columns
                   for without in [scan.area.name if k in inside and not whole else None])
    for kind, key in ((catalogue.SURVEY, "scan_h_compare_survey"), (catalogue.COUNT, "scan_h_compare_registered")):
        part = rows[rows["kind"] == kind]
        if part.empty:
            continue
        body = []
        for _indicator, group in part.groupby("indicator", sort=False):
            first = group.iloc[0]
            cells = []
            for k, _n, whole in columns:
                match = group[group["reference"] == k]
                if match.empty:
                    cells.append('<td class="num">\u2013</td>')
                    continue
                cell = _whole_cell if whole else _tested_cell
                cells.append(cell(figs, match.iloc[0], lang))
            own_margin = _margin(figs, first["row"], "lower", "upper")
            body.append(f'<tr><td>{html.escape(str(first["title"]))}</td>'
                        f'<td class="num">{figs.span(first["row"])}{_short_unit(first["unit"], lang)}{own_margin}</td>'
                        f'{"".join(cells)}</tr>')
        out.append(f'<h3>{_t(key, lang, period=part.iloc[0]["period_label"])}</h3>')
        out.append(f'<table class="compare"><thead><tr><th>{_t("scan_col_indicator", lang)}</th>'
                   f'<th class="num">{html.escape(scan.area.name)}</th>{head}</tr></thead>'
                   f'<tbody>{"".join(body)}</tbody></table>')
        out.append(source_line(scan, _with_population(_rows(frame, "kerncijfers"), part) if kind == catalogue.COUNT
                               else part))
    out.append(f'<p class="method">{_t("scan_method_compare", lang)} {_relevant_text(scan)}</p>')
    return "\n".join(out)


def _relevant_text(scan: "Scan") -> str:
    """The relevant differences the verdicts used, in words."""
    limits = {**compare.RELEVANT, **scan.relevant}
    lang = scan.lang
    return _t("scan_method_relevant", lang, rate=text.number(limits["per_1000"] * 100, 0, lang=lang),
              percent=text.number(limits["percent"], 1 if limits["percent"] % 1 else 0, lang=lang),
              mark=text.number(limits["mark"], 1, lang=lang))


def ontwikkeling(scan: "Scan", figs: Figs) -> str:
    """The body of section ``ontwikkeling``."""
    lang, frame = scan.lang, scan.frame
    rows = _rows(frame, "ontwikkeling")
    if rows.empty:
        return _notice("scan_no_development", lang)
    out = []
    for kind, key in ((catalogue.SURVEY, "scan_h_development_survey"),
                      (catalogue.COUNT, "scan_h_development_registered")):
        part = rows[rows["kind"] == kind]
        if part.empty:
            continue
        out.append(f"<h3>{_t(key, lang, area=part.iloc[0]['area_name'])}</h3><div class=\"charts\">")
        for _indicator, group in part.groupby("indicator", sort=False):
            group = group.sort_values("period")
            title = str(group.iloc[0]["title"])
            out.append(f"<figure><figcaption>{html.escape(title)}</figcaption>"
                       + charts.line_chart(group, fig=figs.tspan, title=title) + "</figure>")
        out.append("</div>")
        out.append(source_line(scan, part))
    legend = "".join(f'<li><span class="swatch" style="background:{charts.CHANGE_COLOURS[c]}"></span>'
                     f"{_t(f'scan_change_{c}', lang)}</li>" for c in ("worse", "better"))
    legend += f'<li>{_t("scan_change_shapes", lang)}</li>'
    out.append(f'<ul class="legend">{legend}</ul><p class="method">{_t("scan_method_development", lang)}</p>')
    return "\n".join(out)


def objectief(scan: "Scan", figs: Figs) -> str:
    """The body of section ``objectief``."""
    import pandas as pd

    lang, frame = scan.lang, scan.frame
    rows = _rows(frame, "objectief")
    out = []
    quad = rows[rows["indicator"] == "quadrant"]
    points = rows[rows["indicator"].isin([catalogue.OBJECTIVE, catalogue.SUBJECTIVE])]
    if (quad.empty or points.empty) and scan.area.level not in ("gemeente", "wijk"):
        # The scatter sets gemeenten (or wijken) side by side; a police unit is no point among them.
        out.append(_notice("scan_no_quadrant_unit", lang, area=scan.area.name))
    elif quad.empty or points.empty:
        out.append(_notice("scan_no_quadrant", lang, area=scan.area.name))
    else:
        q = quad.iloc[0]
        wide = points.pivot_table(index=["area_code", "area_name"], columns="indicator", values=["value"],
                                  aggfunc="first")
        ids = points.pivot_table(index="area_code", columns="indicator", values="row", aggfunc="first")
        table = pd.DataFrame({"code": [c for c, _ in wide.index], "name": [n for _, n in wide.index],
                              "x": wide[("value", catalogue.OBJECTIVE)].to_numpy(),
                              "y": wide[("value", catalogue.SUBJECTIVE)].to_numpy()})
        table["x_row"] = table["code"].map(ids[catalogue.OBJECTIVE])
        table["y_row"] = table["code"].map(ids[catalogue.SUBJECTIVE])
        margins = _area_margins(scan)
        svg = charts.scatter(table, area_code=scan.area.code, fig=figs.tspan,
                             x_label=text.get("scan_axis_x", lang=lang), y_label=text.get("scan_axis_y", lang=lang),
                             median_label=text.get("scan_median", lang=lang),
                             number=lambda v: text.number(v, 0 if abs(v) >= 10 else 1, lang=lang),
                             x_margin=margins.get(catalogue.OBJECTIVE), y_margin=margins.get(catalogue.SUBJECTIVE),
                             label_others=q["reference"] == "peers")
        own = table[table["code"] == scan.area.code].iloc[0]
        out.append(f"<figure>{svg}</figure>")
        out.append(source_line(scan, _with_population(_rows(frame, "kerncijfers"), points)))
        explained = _t(f"scan_quadrant_text_{q['category']}", lang, area=scan.area.name)
        compared = _t(f"scan_scatter_{q['reference']}", lang)
        out.append(f'<p><b>{html.escape(str(q["category_label"]))}.</b> {explained} '
                   f'({_t("scan_axis_x", lang)}: {figs.span(own["x_row"])}; {_t("scan_ind_onveilig_buurt", lang)}: '
                   f'{figs.span(own["y_row"])}%; {compared})</p>')
        out.append(f'<p class="method">{_t("scan_method_quadrant", lang)}</p>')
    bv = rows[rows["indicator"] == "bivariate"]
    if not bv.empty:
        out.append(f'<h3>{_t("scan_h_bivariate", lang)}</h3>')
        body = []
        for category in (cat.BV_HH, cat.BV_LH, cat.BV_HL, cat.BV_LL):
            sel = bv[bv["category"] == category]
            if sel.empty:
                continue
            label = text.get(category, lang=lang, x=text.get("bv_x_crime", lang=lang),
                             y=text.get("bv_y_unsafe", lang=lang))
            places = html.escape(", ".join(sel["area_name"].astype(str)))
            body.append(f'<tr><td><span class="swatch" style="background:{cat.BV_COLOURS[category]}"></span>'
                        f"{html.escape(label)}</td><td>{places}</td></tr>")
        if body:
            out.append(f'<table><tbody>{"".join(body)}</tbody></table>')
            out.append(source_line(scan, _with_population(_rows(frame, "kerncijfers"),
                                                          rows[rows["indicator"] == catalogue.OBJECTIVE])))
        else:
            out.append(f'<p>{_t("scan_bivariate_none", lang)}</p>')
        glob = rows[rows["indicator"] == "bivariate_global"]
        if not glob.empty:
            g = glob.iloc[0]["row"]
            out.append(f'<p>{_t("scan_bivariate_global", lang)} I = {figs.span(g)}, p = {figs.span(g, "p")}.</p>')
        out.append(f'<p class="method">{_t("scan_method_bivariate", lang)}</p>')
    return "\n".join(out)


def _area_margins(scan: "Scan") -> dict[str, tuple[float, float]]:
    """The area's 95% intervals of the scatter's two figures (from its key figures), by indicator."""
    own = _rows(scan.frame, "kerncijfers", area_code=scan.area.code)
    out = {}
    for key in (catalogue.OBJECTIVE, catalogue.SUBJECTIVE):
        sel = own[own["indicator"] == key]
        if not sel.empty:
            out[key] = (float(sel.iloc[0]["lower"]), float(sel.iloc[0]["upper"]))
    return out


def dark_number(scan: "Scan", figs: Figs) -> str:
    """The body of section ``dark_number``."""
    lang, frame = scan.lang, scan.frame
    rows = _rows(frame, "dark_number")
    out = [f'<p>{_t("scan_dark_what", lang)} {_t("scan_dark_limits", lang)}</p>']
    if rows.empty:
        out.append(_notice("scan_no_dark", lang, area=scan.area.name))
        return "\n".join(out)
    if scan.figures.survey_fallback:
        out.append(_notice("scan_dark_fallback", lang, other=scan.names.get(str(scan.figures.survey_code), "")))
    body = []
    parts = ("victims", "unreported", "reports", "registered")
    for kind in catalogue.DARK_KINDS:
        ids = {p: rows[rows["indicator"] == f"dark_{p}_{kind.key}"] for p in parts}
        if any(v.empty for v in ids.values()):
            continue
        v, u, e, r = (ids[p].iloc[0]["row"] for p in parts)
        per = f' <span class="margin">({_t("scan_dark_per_household", lang)})</span>' \
            if kind.per == catalogue.HOUSEHOLD else ""
        body.append(f"<tr><td>{_t(f'scan_dark_kind_{kind.key}', lang)}{per}</td>"
                    + "".join(f'<td class="num">{figs.span(x)} <span class="margin">({figs.span(x, "lower")} '
                              f'\u2013 {figs.span(x, "upper")})</span></td>' for x in (v, u, e))
                    + f'<td class="num">{figs.span(r)}</td></tr>')
    out.append(f'<table class="dark"><thead><tr><th>{_t("scan_col_kind", lang)}</th>'
               f'<th class="num">{_t("scan_col_victims", lang)}</th><th class="num">{_t("scan_col_unreported", lang)}'
               f'</th><th class="num">{_t("scan_col_reports", lang)}</th>'
               f'<th class="num">{_t("scan_col_registered", lang)}</th></tr></thead>'
               f'<tbody>{"".join(body)}</tbody></table>')
    out.append(source_line(scan, _with_population(_rows(frame, "kerncijfers"), rows)))
    out.append(f'<p class="method">{_t("scan_dark_range", lang)} {_dark_households(scan, figs)}</p>')
    return "\n".join(out)


def _dark_households(scan: "Scan", figs: Figs) -> str:
    """How the households of a crime against the household were counted: by CBS, or from the inhabitants."""
    lang = scan.lang
    rows = _rows(scan.frame, "dark_number", unit="households")
    if rows.empty:
        return ""
    r = rows.iloc[0]
    how = "published" if r["note"] == text.get("scan_note_dark_households_published", lang=lang) else "ratio"
    said = _t(f"scan_dark_households_{how}", lang, ratio=text.number(INHABITANTS_PER_HOUSEHOLD, 2, lang=lang),
              n="{n}")
    return said.replace("{n}", figs.span(str(r["row"]), "population"))


def hotspots(scan: "Scan", figs: Figs) -> str:
    """The body of section ``hotspots``."""
    lang, frame = scan.lang, scan.frame
    rows = _rows(frame, "hotspots")
    out = []
    if rows.empty and scan.inside_missing is not None:
        out.append(_notice("scan_no_inside_unpublished", lang, area=scan.area.name, year=scan.boundary_year))
        return "\n".join(out)
    if rows.empty:
        out.append(_notice("scan_no_inside", lang, area=scan.area.name))
        return "\n".join(out)
    level = text.get(f"scan_inside_{scan.inside.level}" if scan.inside else "scan_inside_wijk", lang=lang)
    what = text.get(f"scan_ind_{scan.inside.shown}", lang=lang).lower() if scan.inside else ""
    n = rows["area_code"].nunique()
    if scan.area.level == "wijk":  # the wijk among its gemeente's wijken, not wijken "inside" it
        out.append(f'<p>{_t("scan_inside_intro_wijk", lang, area=scan.area.name, n=n, what=what)}</p>')
    else:
        out.append(f'<p>{_t("scan_inside_intro", lang, n=n, level=level, what=what)}</p>')
    if scan.map_html:
        out.append(f'<p class="screen-only">{_t("scan_map_choose", lang)}</p>')
        out.append(f'<iframe class="map screen-only" title="{_t("scan_map_title", lang, area=scan.area.name)}" '
                   f'srcdoc="{html.escape(scan.map_html, quote=True)}"></iframe>')
    if scan.print_maps:
        # Side by side on paper: the LISA clusters and the Gi* spots of the same figures, numbered, with one key.
        out.append(print_maps(scan))
        out.append(source_line(scan, _with_population(_rows(frame, "kerncijfers"), rows[rows["indicator"] == (
            scan.inside.shown if scan.inside else None)]), boundaries=scan.inside.level if scan.inside else None))
    body = []
    for key in catalogue.INSIDE_TYPES:
        part = rows[rows["indicator"] == key].sort_values("rank")
        if part.empty:
            continue
        top = part.head(TOP)
        cells = "".join(
            f"<td>{html.escape(str(r.area_name))}<br>{figs.span(r.row, 'count')} &middot; {figs.span(r.row)} "
            f"{_t('scan_per_1000_short', lang)}"
            + (f'<br><span class="verdict worse">{html.escape(text.get(str(r.category), lang=lang))}</span>'
               if r.category in (cat.HH, cat.HL) else "")
            + "</td>" for r in top.itertuples())
        cells += "<td></td>" * (TOP - len(top))
        body.append(f"<tr><td>{html.escape(str(part.iloc[0]['title']))}</td>{cells}</tr>")
    out.append(f'<h3>{_t("scan_h_top", lang, level=level)}</h3>')
    ranks = "".join(f"<th>{i}</th>" for i in range(1, TOP + 1))
    out.append(f'<table class="top"><thead><tr><th>{_t("scan_col_kind", lang)}</th>{ranks}'
               f'</tr></thead><tbody>{"".join(body)}</tbody></table>')
    out.append(source_line(scan, _with_population(_rows(frame, "kerncijfers"), rows)))
    skipped = [text.get(f"scan_ind_{k}", lang=lang) for k in (scan.inside.skipped if scan.inside else {})]
    if skipped:
        out.append(f'<p class="note">{_t("scan_inside_skipped", lang, kinds=", ".join(skipped))}</p>')
    out.append(f'<p class="method">{_t("scan_method_hotspots", lang)}</p>')
    return "\n".join(out)


def print_maps(scan: "Scan") -> str:
    """The map of the areas inside for paper: one numbered SVG map per layer and the key of the numbers."""
    lang = scan.lang
    maps = list(scan.print_maps.items())
    numbers = charts.map_numbers(maps[0][1].frame)
    level = text.get(f"scan_inside_{scan.inside.level}" if scan.inside else "scan_inside_wijk", lang=lang)
    figures = []
    for layer, drawn in maps:
        title = (f'{text.get(f"scan_map_{layer}", lang=lang)}: '
                 f'{text.get("scan_map_title", lang=lang, area=scan.area.name)}')
        svg = charts.area_map(drawn.frame, colours=drawn.colours, highlight=scan.area.focus, legend=drawn.legend,
                              title=title, width=360, numbers=numbers, missing=drawn.missing,
                              missing_label=text.get("scan_map_no_figure", lang=lang), ident=layer)
        figures.append(f'<figure class="map-print"><figcaption>{html.escape(drawn.title)}</figcaption>{svg}'
                       "</figure>")
    key = charts.map_key(numbers, title=text.get("scan_map_key", lang=lang, level=level))
    # What the layers say of themselves (few areas: descriptive at best), once.
    notes = "".join(f'<p class="note">{html.escape(n)}</p>' for n in dict.fromkeys(d.note for _l, d in maps if d.note))
    return f'<div class="maps print-only">{"".join(figures)}{key}{notes}</div>'


def bespreekpunten(scan: "Scan", figs: Figs) -> str:
    """The body of section ``bespreekpunten``: the agenda (questions by theme), the ranking rule, the appendix."""
    lang = scan.lang
    if not scan.findings:
        return f'<p>{_t("scan_no_findings", lang)}</p>'
    grouped, rest = agenda(scan.findings)
    # The final version is the meeting's record: no instructions for filling in the workbook.
    out = [f'<p>{_t("scan_findings_intro_final" if scan.final else "scan_findings_intro", lang, n=AGENDA_MAX)}</p>']
    for theme, items in grouped:
        out.append(f"<h3>{_t(theme, lang)}</h3>")
        if not scan.final:
            # WeasyPrint ignores start=: the counter keeps the PDF's numbers those of the workbook.
            out.append(f'<ol class="findings" start="{items[0][0]}" style="counter-reset: list-item '
                       f'{items[0][0] - 1}">' + "".join(
                f"<li>{as_question(f, lang=lang, fig=figs.fig, escape=html.escape)}</li>" for _n, f in items)
                + "</ol>")
        else:
            out.append(_findings_table(scan, figs, items, question=True))
    out.append(f'<p class="method">{_t("scan_findings_rule", lang, n=AGENDA_MAX)}</p>')
    if rest:
        out.append(f'<h3>{_t("scan_h_findings_appendix", lang)}</h3>')
        out.append(_findings_table(scan, figs, rest, question=False))
    return "\n".join(out)


def _findings_table(scan: "Scan", figs: Figs, items: list[tuple[int, Any]], *, question: bool) -> str:
    """Numbered findings as a table: with the theme (appendix), with the meeting's words (final version)."""
    lang = scan.lang
    head = [_t("scan_col_nr", lang), _t("scan_col_finding", lang)]
    if not question:
        head.insert(1, _t("scan_col_theme", lang))
    # The meeting's columns only where it said something: an appendix nobody spoke of stays compact on paper.
    said_any = scan.final and any(v for _n, f in items for v in scan.meeting.get(f.key, {}).values())
    if said_any:
        head += [_t("scan_col_recognised", lang), _t("scan_col_explanation", lang), _t("scan_col_action", lang)]
    body = []
    for number, finding in items:
        say = as_question if question else render
        cells = [str(number), say(finding, lang=lang, fig=figs.fig, escape=html.escape)]
        if not question:
            cells.insert(1, _t(finding.theme, lang))
        if said_any:
            said = scan.meeting.get(finding.key, {})
            recognised = said.get("recognised")
            label = text.get(f"scan_recognised_{recognised}", lang=lang) if recognised else "\u2013"
            cells += [html.escape(label), html.escape(said.get("explanation") or ""),
                      html.escape(said.get("action") or "")]
        body.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    kind = f'findings{" said" if said_any else ""}{"" if question else " themed"}'
    return (f'<table class="{kind}"><thead><tr>{"".join(f"<th>{h}</th>" for h in head)}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>')


def _cell(value: Any) -> str:
    """A text cell: empty for a missing value (never "nan")."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return html.escape(str(value))


def bronnen(scan: "Scan", figs: Figs) -> str:
    """The body of section ``bronnen``."""
    lang = scan.lang
    out = []
    body = []
    # One line per table: the measures (or, for one measure, the keys picked) of that table together.
    frame = scan.sources.fillna("")
    # What each table gave, in the report's words (the measure keys are in the workbook's sheet of sources).
    # The dark number's estimates are the scan's own arithmetic on the survey's shares, which are listed already.
    figures = scan.frame[scan.frame["source_table"].notna() & (scan.frame["section"] != "dark_number")]
    topics = {str(t): list(dict.fromkeys(str(x) for x in g["title"])) for t, g in figures.groupby("source_table")}
    for (owner, table, title, period, status), group in frame.groupby(
            ["owner", "table", "title", "period_label", "status"], sort=False):
        what = topics.get(f"{str(owner).lower()}:{table}", [])
        modified = sorted({str(m) for m in group["modified"] if m})
        fetched = sorted({str(f) for f in group["fetched"] if f})
        body.append(f"<tr><td>{_cell(owner)}</td><td>{_cell(table)}</td><td>{_cell(title)}</td>"
                    f"<td>{_cell(', '.join(what))}</td><td>{_cell(period)}</td>"
                    f"<td>{_cell(text.cbs_status(str(status), lang=lang))}</td>"
                    f"<td>{_cell(', '.join(date_label(m, lang) for m in modified))}</td>"
                    f"<td>{_cell(date_label(fetched[-1], lang) if fetched else '')}</td></tr>")
    out.append(f'<table class="sources"><thead><tr><th>{_t("scan_col_source", lang)}</th>'
               f'<th>{_t("scan_col_table", lang)}</th><th>{_t("scan_col_title", lang)}</th>'
               f'<th>{_t("scan_col_measure", lang)}</th><th>{_t("scan_col_period", lang)}</th>'
               f'<th>{_t("scan_col_status", lang)}</th><th>{_t("scan_col_modified", lang)}</th>'
               f'<th>{_t("scan_col_fetched", lang)}</th></tr></thead><tbody>{"".join(body)}</tbody></table>')
    unsure = scan.frame[scan.frame["uncertain"] & scan.frame["section"].isin(["kerncijfers"])]
    out.append(f'<h3>{_t("scan_h_uncertain", lang)}</h3>')
    if unsure.empty:
        out.append(f'<p>{_t("scan_none_uncertain", lang)}</p>')
    else:
        items = "".join(f"<li>{html.escape(str(r.title))} ({html.escape(str(r.area_name))}, "
                        f"{html.escape(str(r.period_label))})</li>" for r in unsure.itertuples())
        out.append(f'<p>{_t("scan_uncertain_intro", lang)}</p><ul>{items}</ul>')
    out.append(f'<h3>{_t("scan_h_caveats", lang)}</h3><ul>')
    for note in scan.notes:
        out.append(f"<li>{_t(note.key, lang, **_note_fields(note.fields, lang))}</li>")
    # The corona years changed both what happened and how it was registered and surveyed.
    corona = any(periods_mod.year(k) in (2020, 2021) for k in (*scan.data.survey_periods, *scan.data.count_periods))
    for key in ("scan_caveat_method", _peers_caveat(scan), "scan_caveat_population", "scan_caveat_tests",
                "scan_caveat_registration", "scan_caveat_boundaries", *(("scan_caveat_corona",) if corona else ())):
        fields = dict(year=scan.year, boundary=scan.boundary_year, area=scan.area.name,
                      population=_population_year(scan), table=_population_table(scan),
                      peers=_t(f"scan_ref_peers_{scan.area.level}", lang),
                      names=", ".join(scan.names.get(c, c) for c in scan.peers.codes))
        out.append(f"<li>{_t(key, lang, **fields)}</li>")
    out.append("</ul>")
    out.append(f'<p class="notice"><b>{_t("scan_means_not_target", lang)}</b></p>')
    return "\n".join(out)


def _population_year(scan: "Scan") -> str:
    """The year of the inhabitants (85984NED covers one year: its period)."""
    prov = scan.data.provenance.get(catalogue.POPULATION)
    return str(prov.period) if prov is not None and prov.period else "?"


def _population_table(scan: "Scan") -> str:
    prov = scan.data.provenance.get(catalogue.POPULATION)
    return f"{prov.source.upper() if prov.source == 'cbs' else prov.source} {prov.table}" if prov else ""


def _note_fields(fields: dict[str, Any], lang: str) -> dict[str, Any]:
    out = dict(fields)
    if "indicator" in out:
        out["indicator"] = text.get(f"scan_ind_{out['indicator']}", lang=lang)
    return out


# --- index page and wijk fragments -------------------------------------------------------------


def _unit_word(scans: list["Scan"], lang: str) -> str:
    """``basisteam`` (``basic police team``): the level of the units of a ``--within`` run, in a sentence."""
    level = scans[0].area.level if scans else "gemeente"
    word = text.get(f"scan_level_{level}", lang=lang)
    # "Regionale eenheid" and "Basisteam" start a label; in a sentence they are lower case.
    return word[0].lower() + word[1:]


def _peers_caveat(scan: "Scan") -> str:
    """The caveat that says how the peers were chosen: by urbanity and size, as units of a level, or by hand."""
    if scan.peers.rule == "compare":
        return "scan_caveat_peers_compare"
    if scan.peers.rule == "units":
        return "scan_caveat_peers_units"
    if scan.area.level == "wijk":
        return "scan_caveat_peers_wijk" if scan.peers.codes else "scan_caveat_gemeente_wijk"
    return "scan_caveat_peers"


def index(scans: list["Scan"], *, within: str, within_name: str, year: int, lang: str) -> str:
    """The index of a ``--within`` run: every unit with three key figures and links to its scan."""
    title = text.get("scan_index_title", lang=lang, name=within_name, year=year)
    body = []
    for scan in scans:
        figs = Figs(scan.frame, lang)
        k = _rows(scan.frame, "kerncijfers")
        cells = []
        for key in ("inwoners", "misdrijven", "woninginbraak"):
            sel = k[k["indicator"] == key]
            shown = figs.span(sel.iloc[0]["row"]) if not sel.empty else text.number(None, lang=lang)
            cells.append(f'<td class="num">{shown}</td>')
        code = html.escape(scan.area.code)
        body.append(f'<tr><td><a href="{code}/scan.html">{html.escape(scan.area.name)}</a></td>'
                    f'{"".join(cells)}<td><a href="{code}/scan.pdf">PDF</a> &middot; '
                    f'<a href="{code}/scan.xlsx">XLSX</a></td></tr>')
    per = text.get("scan_unit_per_1000", lang=lang)
    head = (f'<th class="num">{_t("scan_inhabitants", lang)}</th>'
            + "".join(f'<th class="num">{_t(k, lang)}, {html.escape(per)}</th>'
                      for k in ("scan_ind_misdrijven", "scan_ind_woninginbraak")))
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f"<style>{CSS}</style></head>\n<body><header><h1>{html.escape(title)}</h1>"
            f'<p>{_t("scan_index_intro", lang, name=within_name, unit=_unit_word(scans, lang))}</p></header>'
            f'<table><thead><tr><th>{_t("scan_col_area", lang)}</th>{head}<th></th></tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table><p><a href="tabellenboek.xlsx">{_t("scan_tabellenboek", lang)}'
            f'</a></p><footer>{_t("scan_means_not_target", lang)}</footer></body></html>\n')


def embed(scan: "Scan", code: str) -> str:
    """A small page for a wijkprofiel: the wijk on a static map with three key figures and the sources."""
    lang = scan.lang
    assert scan.inside is not None
    frame = scan.frame
    figs = Figs(frame, lang)
    inside = scan.inside.frame
    name = str(inside.set_index("code").at[code, "name"])
    title = text.get("scan_embed_title", lang=lang, name=name, year=scan.year)
    colours, legend, missing = _lisa_colours(scan, inside, lang)
    svg = charts.area_map(inside, colours=colours, highlight=code, legend=legend, title=title, missing=missing,
                          missing_label=text.get("scan_map_no_figure", lang=lang))
    items = []
    hot = _rows(frame, "hotspots", area_code=code)
    shown = [k for k in catalogue.INSIDE_TYPES if not hot[hot["indicator"] == k].empty][:3]
    for key in shown:
        r = hot[hot["indicator"] == key].iloc[0]
        items.append(f"<dt>{html.escape(str(r['title']))}</dt><dd>{figs.span(r['row'])} "
                     f"{_t('scan_per_1000_short', lang)} ({figs.span(r['row'], 'count')} "
                     f"{_t('scan_registrations', lang, year=scan.year)})</dd>")
    source = attribution(map_sources(scan), lang=lang)
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            '<style>body{font:13px/1.4 "DejaVu Sans",Arial,sans-serif;margin:8px;max-width:360px}'
            "h1{font-size:15px;margin:0 0 6px}dl{margin:6px 0}dt{font-weight:bold}dd{margin:0 0 4px}"
            ".legend{list-style:none;padding:0;margin:4px 0;font-size:11px}.legend li{display:inline-block;"
            "margin-right:8px}.swatch{display:inline-block;width:10px;height:10px;border:1px solid #777;"
            "margin-right:3px}.source{font-size:11px;color:#444}</style></head>\n<body>"
            f"<h1>{html.escape(title)}</h1><figure style=\"margin:0\">{svg}</figure><dl>{''.join(items)}</dl>"
            f'<p class="source">{html.escape(source)}</p></body></html>\n')


def _lisa_colours(scan: "Scan", inside: "pd.DataFrame", lang: str
                  ) -> tuple[list[str], list[tuple[str, str]], list[bool]]:
    """Colours and legend of the LISA clusters inside, and which areas have no figure (hatched)."""
    column = f"lisa_{scan.inside.shown}" if scan.inside is not None else ""
    values = [str(v) for v in (inside[column] if column in inside.columns else [cat.NO_DATA] * len(inside))]
    missing = [v == cat.NO_DATA or not (float(p) > 0) for v, p in zip(values, inside["population"])]
    colours = [cat.LISA_COLOURS.get(v, cat.LISA_COLOURS[cat.NO_DATA]) for v in values]
    present = [c for c in cat.LISA_CATEGORIES if c in set(values)]
    legend = [(cat.LISA_COLOURS[c], text.get("lisa", lang=lang) + ": " + text.get(c, lang=lang)) for c in present]
    return colours, legend, missing


__all__ = ["CSS", "Figs", "embed", "fmt", "index", "map_sources", "report"]
