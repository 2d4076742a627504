"""Bespreekpunten: the findings that stand out, one numbered sentence each, and their fingerprint.

A finding is made from rows of the figures table only: a significant
difference with a reference, a significant change in the latest year, a
registered count outside the range of reports the dark number expects, hot
spots inside the area, the area's quadrant of objective against subjective
safety, and wijken where the bivariate LISA finds crime and feeling unsafe
together. Its sentence refers to figures by their row (:class:`Fig`), so
the HTML shows the same figure as the table and the workbook the same text.

Every finding has a key that does not depend on the language (``compare:
woninginbraak:worse:country,peers``); the fingerprint of a scan is the hash
of its keys, written into the workbook so that the notes of the meeting
(:mod:`geo.scan.notes`) can only be folded into the scan they were made for.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .. import categories as cat
from .. import levels, text
from . import catalogue, compare

if TYPE_CHECKING:
    import pandas as pd

#: Places named in one sentence at most (the rest as "and N more").
MAX_PLACES = 5
#: Bespreekpunten on the meeting's agenda at most; the others go to the appendix table.
AGENDA_MAX = 8
#: The theme of findings about places (hot spots, the quadrant, the bivariate LISA).
PLACES_THEME = "scan_group_places"
#: The certainty of a finding whose test gives no single p (a LISA or Gi* category at the 95% level).
CATEGORY_CERTAINTY = 0.95
#: Gi* categories that count as a hot spot in a finding (next to LISA High-High).
HOT_GI = ("hot_99", "hot_95")


@dataclass(frozen=True)
class Fig:
    """A figure in a sentence: the ``column`` of figures-table row ``row``."""

    row: str
    column: str = "value"


@dataclass(frozen=True)
class Join:
    """Parts joined as a reader lists them: ``a, b en c`` (or ``a, b, c en nog 2`` with ``more``)."""

    parts: tuple[Any, ...]
    more: int = 0


@dataclass(frozen=True)
class Clause:
    """A part of a sentence that is a sentence template of its own."""

    template: str
    fields: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Finding:
    """One bespreekpunt."""

    key: str
    section: str
    #: A :mod:`geo.text` key; its fields are text, :class:`Fig` or :class:`Join`.
    template: str
    fields: dict[str, Any] = field(default_factory=dict)
    #: The theme it is discussed under (a :mod:`geo.text` key: the indicator's group, or places).
    theme: str = PLACES_THEME
    #: Its weight on the agenda: relative size of the difference times certainty (see :func:`agenda`).
    score: float = 0.0
    #: The question to the table that follows the sentence (a :mod:`geo.text` key).
    question: str = "scan_q_compare"


def findings(frame: "pd.DataFrame", *, area_name: str, lang: str) -> list[Finding]:
    """The findings of a figures table, in the order of the report's sections."""
    out: list[Finding] = []
    out += _comparisons(frame, lang)
    out += _changes(frame, lang)
    out += _breaks(frame, lang)
    out += _dark_gaps(frame, lang)
    out += _objective(frame, area_name, lang)
    out += _hot_spots(frame, lang, only=_own_wijk(frame))
    return out


def _own_wijk(frame: "pd.DataFrame") -> str | None:
    """The code of a wijk scan's own wijk (its hot-spot map shows all wijken of the gemeente), else None."""
    own = frame[(frame["section"] == "kerncijfers") & (frame["role"] == "area") & (frame["area_level"] == "wijk")]
    return None if own.empty else str(own.iloc[0]["area_code"])


def agenda(found: Sequence[Finding], *, limit: int = AGENDA_MAX
           ) -> tuple[list[tuple[str, list[tuple[int, Finding]]]], list[tuple[int, Finding]]]:
    """The meeting's agenda: at most ``limit`` findings, ranked, grouped by theme; and the rest, numbered on.

    The rank is the score (:attr:`Finding.score`: the size of the difference
    relative to what it is compared with, times the certainty ``1 - p``),
    highest first, ties by key. The agenda's themes follow their best
    finding; within a theme the rank holds. Numbers run through the agenda
    and go on in the appendix.
    """
    ranked = sorted(found, key=lambda f: (-f.score, f.key))
    top, rest = ranked[:limit], ranked[limit:]
    themes: dict[str, list[Finding]] = {}
    for finding in top:
        themes.setdefault(finding.theme, []).append(finding)
    grouped, number = [], 0
    for theme, items in themes.items():
        numbered = []
        for finding in items:
            number += 1
            numbered.append((number, finding))
        grouped.append((theme, numbered))
    return grouped, [(number + i, f) for i, f in enumerate(rest, 1)]


def in_agenda_order(found: Sequence[Finding]) -> list[tuple[int, Finding]]:
    """Every finding with its number, in the order of the agenda and then the appendix."""
    grouped, rest = agenda(found)
    return [item for _theme, items in grouped for item in items] + rest


def fingerprint(found: Sequence[Finding]) -> str:
    """A short hash of the findings' keys: equal for the same findings in any language."""
    return hashlib.sha256("\n".join(f.key for f in found).encode("utf-8")).hexdigest()[:16]


def render(finding: Finding, *, lang: str, fig: Callable[[Fig], str], escape: Callable[[str], str]) -> str:
    """The sentence, with figures by ``fig`` and text by ``escape`` (identity for plain text)."""
    def part(value: Any) -> str:
        if isinstance(value, Fig):
            return fig(value)
        if isinstance(value, Clause):
            return escape(text.get(value.template, lang=lang)).format(
                **{k: part(v) for k, v in value.fields.items()})
        if isinstance(value, Join):
            items = [part(p) for p in value.parts]
            if value.more:
                items.append(escape(text.get("and_more", lang=lang, n=value.more)))
            if len(items) <= 1:
                return "".join(items)
            return ", ".join(items[:-1]) + escape(text.get("scan_and", lang=lang)) + items[-1]
        if isinstance(value, tuple):
            return "".join(part(p) for p in value)
        return escape(str(value))

    return part(Clause(finding.template, finding.fields))


def as_question(finding: Finding, *, lang: str, fig: Callable[[Fig], str], escape: Callable[[str], str]) -> str:
    """The sentence and its question to the table (ending in ``?``)."""
    return f"{render(finding, lang=lang, fig=fig, escape=escape)} {escape(text.get(finding.question, lang=lang))}"


def _relative(value: Any, reference: Any) -> float:
    """``|value - reference| / |reference|``; 0 where either is missing or the reference is 0."""
    import math

    try:
        v, r = float(value), float(reference)
    except (TypeError, ValueError):
        return 0.0
    if not (math.isfinite(v) and math.isfinite(r)) or r == 0:
        return 0.0
    return abs(v - r) / abs(r)


def _certainty(p: Any) -> float:
    import math

    try:
        value = float(p)
    except (TypeError, ValueError):
        return CATEGORY_CERTAINTY
    return 1.0 - value if math.isfinite(value) else CATEGORY_CERTAINTY


def _places(rows: "pd.DataFrame", unit: str) -> Join:
    shown = tuple((str(r.area_name), " (", Fig(str(r.row)), unit, ")") for r in rows.head(MAX_PLACES).itertuples())
    return Join(shown, more=max(0, len(rows) - MAX_PLACES))


def reference_name(kind: str, name: str, level: str, lang: str) -> str:
    """How a sentence names a reference: ``Nederland``, ``eenheid Den Haag``, ``vergelijkbare gemeenten``."""
    if kind == "peers":
        return text.get(f"scan_ref_peers_{level}", lang=lang)
    if kind == "eenheid":
        return text.get("scan_ref_eenheid_short", lang=lang, name=name)
    return name


def _tested_name(r: Any, lang: str) -> str:
    """The reference of a comparison row as tested: ``eenheid Den Haag zonder 's-Gravenhage``."""
    named = reference_name(str(r.reference), str(r.reference_name), str(r.area_level), lang)
    if isinstance(r.note, str) and r.note == text.get("scan_note_rest", lang=lang):
        return text.get("scan_ref_without", lang=lang, ref=named, area=str(r.area_name))
    return named


def _comparisons(frame: "pd.DataFrame", lang: str) -> list[Finding]:
    """One finding per indicator that differs significantly from at least one reference."""
    rows = frame[(frame["section"] == "vergelijking") & frame["verdict"].isin([compare.WORSE, compare.BETTER])]
    out = []
    order = [i.key for i in (*catalogue.SURVEY_INDICATORS, *catalogue.COUNT_INDICATORS)]
    for key in order:
        part = rows[rows["indicator"] == key]
        if part.empty:
            continue
        first = part.iloc[0]
        unit = _unit_suffix(str(first["unit"]), lang)
        clauses, keys = [], []
        for verdict in (compare.WORSE, compare.BETTER):
            sel = part[part["verdict"] == verdict]
            if sel.empty:
                continue
            higher = (verdict == compare.WORSE) == (first["higher_is"] == catalogue.WORSE)
            short = unit if first["unit"] == "percent" else ""
            # The value the area was tested against: the reference without the area where it lies in it.
            refs = Join(tuple((_tested_name(r, lang), " (", Fig(str(r.row), "reference_rest"), short, ")")
                              for r in sel.itertuples()))
            clauses.append(Clause("scan_f_compare_clause", {
                "direction": text.get("scan_higher" if higher else "scan_lower", lang=lang), "refs": refs,
                "verdict": text.get(f"scan_verdict_{verdict}", lang=lang).lower()}))
            keys.append(f"{verdict}={','.join(sel['reference'].astype(str))}")
        score = max(_relative(r.value, r.reference_rest if r.reference_rest == r.reference_rest
                              else r.reference_value) * _certainty(r.p) for r in part.itertuples())
        out.append(Finding(key=f"compare:{key}:{';'.join(keys)}", section="vergelijking", template="scan_f_compare",
                           fields={"title": first["title"], "value": (Fig(str(first["row"])), unit),
                                   "clauses": Join(tuple(clauses))},
                           theme=catalogue.by_key()[key].group, score=score, question="scan_q_compare"))
    return out


def _changes(frame: "pd.DataFrame", lang: str) -> list[Finding]:
    # A change of the area around it (the eenheid's survey figures for a basisteam) is not the area's own.
    rows = frame[(frame["section"] == "ontwikkeling") & (frame["role"] != "fallback")]
    out = []
    for key, part in rows.groupby("indicator", sort=False):
        last = part.sort_values("period").iloc[-1]
        if last["verdict"] not in (cat.RISE, cat.FALL):
            continue
        unit = _unit_suffix(str(last["unit"]), lang)
        out.append(Finding(
            key=f"change:{key}:{last['verdict']}:{last['period']}", section="ontwikkeling", template="scan_f_change",
            fields={"title": last["title"], "direction": text.get(f"scan_{last['verdict']}_verb", lang=lang),
                    "before": (Fig(str(last["row"]), "reference_value"), unit), "from": last["reference_name"],
                    "after": (Fig(str(last["row"])), unit), "to": last["period_label"]},
            theme=catalogue.by_key()[str(key)].group if str(key) in catalogue.by_key() else PLACES_THEME,
            score=_relative(last["value"], last["reference_value"]) * _certainty(last["p"]), question="scan_q_change"))
    return out


#: A jump of registrations larger than this share in one year is asked about as a possible series break.
BREAK = 0.20


def _breaks(frame: "pd.DataFrame", lang: str) -> list[Finding]:
    """The latest jump of more than :data:`BREAK` in one year of a registered series: "trendbreuk?"."""
    rows = frame[(frame["section"] == "ontwikkeling") & (frame["unit"] == "count") & (frame["role"] != "fallback")]
    out = []
    for key, part in rows.groupby("indicator", sort=False):
        jumps = [r for r in part.sort_values("period").itertuples()
                 if _relative(r.value, r.reference_value) > BREAK]
        if not jumps:
            continue
        last = jumps[-1]
        out.append(Finding(
            key=f"break:{key}:{last.period}", section="ontwikkeling", template="scan_f_break",
            fields={"title": last.title, "before": Fig(str(last.row), "reference_value"), "from": last.reference_name,
                    "after": Fig(str(last.row)), "to": last.period_label,
                    "share": text.number(BREAK * 100, 0, lang=lang)},
            theme=catalogue.by_key()[str(key)].group if str(key) in catalogue.by_key() else PLACES_THEME,
            score=_relative(last.value, last.reference_value) * CATEGORY_CERTAINTY, question="scan_q_break"))
    return out


def _dark_gaps(frame: "pd.DataFrame", lang: str) -> list[Finding]:
    """A kind whose registered count lies outside the range of reports the survey leads one to expect."""
    rows = frame[frame["section"] == "dark_number"]
    out = []
    for kind in catalogue.DARK_KINDS:
        reports = rows[rows["indicator"] == f"dark_reports_{kind.key}"]
        registered = rows[rows["indicator"] == f"dark_registered_{kind.key}"]
        if reports.empty or registered.empty or reports.iloc[0]["category"] not in ("fewer", "more"):
            continue
        r, g = reports.iloc[0], registered.iloc[0]
        row = str(r["row"])
        out.append(Finding(
            key=f"dark:{kind.key}:{r['category']}", section="dark_number", template=f"scan_f_dark_{r['category']}",
            fields={"kind": text.get(f"scan_dark_kind_{kind.key}", lang=lang), "expected": Fig(row),
                    "low": Fig(row, "lower"), "high": Fig(row, "upper"), "registered": Fig(str(g["row"]))},
            theme=catalogue.by_key()[kind.victims].group,
            score=_relative(g["value"], r["value"]) * CATEGORY_CERTAINTY, question=f"scan_q_dark_{r['category']}"))
    return out


def _objective(frame: "pd.DataFrame", area_name: str, lang: str) -> list[Finding]:
    out = []
    quad = frame[(frame["section"] == "objectief") & (frame["indicator"] == "quadrant")]
    if not quad.empty:
        q = quad.iloc[0]
        code = str(q["category"])
        if code not in ("low_low", "undecided") and _beyond_the_margin(frame, str(q["area_code"]), str(q["period"])):
            pts = frame[(frame["section"] == "objectief") & (frame["area_code"] == q["area_code"])
                        & (frame["indicator"].isin([catalogue.OBJECTIVE, catalogue.SUBJECTIVE]))].set_index("indicator")
            x_word, y_word = code.split("_")
            out.append(Finding(
                key=f"quadrant:{code}", section="objectief", template="scan_f_quadrant",
                fields={"area": area_name, "x_word": text.get(f"scan_{x_word}_word", lang=lang),
                        "y_word": text.get(f"scan_{y_word}_word", lang=lang),
                        "x": Fig(str(pts.at[catalogue.OBJECTIVE, "row"])),
                        "y": Fig(str(pts.at[catalogue.SUBJECTIVE, "row"])),
                        "set": text.get(f"scan_scatter_{q['reference']}", lang=lang)},
                score=_quadrant_effect(frame, pts) * CATEGORY_CERTAINTY, question="scan_q_quadrant"))
    bv = frame[(frame["section"] == "objectief") & (frame["indicator"] == "bivariate")]
    for category in (cat.BV_HH, cat.BV_LH):
        sel = bv[bv["category"] == category].sort_values("area_code")
        if sel.empty:
            continue
        places = Join(tuple((str(r.area_name),) for r in sel.head(MAX_PLACES).itertuples()),
                      more=max(0, len(sel) - MAX_PLACES))
        out.append(Finding(key=f"bivariate:{category}:{','.join(sel['area_code'].astype(str))}",
                           section="objectief", template=f"scan_f_{category}", fields={"places": places},
                           score=float(sel["value"].abs().mean()) * _certainty(sel["p"].min()),
                           question="scan_q_bivariate"))
    return out


def _hot_spots(frame: "pd.DataFrame", lang: str, *, only: str | None = None) -> list[Finding]:
    rows = frame[frame["section"] == "hotspots"]
    out = []
    for key in catalogue.INSIDE_TYPES:
        part = rows[rows["indicator"] == key]
        # A Gi* hot spot is a concentration around an area; named here only where the area itself is high
        # too (not "low among high" by its LISA), and never an area so small that a handful of cases makes
        # its rate (the level's small-population threshold, as for the rates).
        above = part["value"] > part["value"].median()
        gi_hot = part["gi_category"].isin(HOT_GI) & above & (part["category"] != cat.LH)
        hot = part[((part["category"] == cat.HH) | gi_hot) & ~_small(part)].sort_values(
            ["value", "area_code"], ascending=[False, True])
        if only is not None:  # a wijk scan: findings about the wijk itself, not the other wijken on its map
            hot = hot[hot["area_code"].astype(str) == only]
        if hot.empty:
            continue
        unit = _unit_suffix("per_1000", lang)
        out.append(Finding(key=f"hotspot:{key}:{','.join(sorted(hot['area_code'].astype(str)))}",
                           section="hotspots", template="scan_f_hotspot",
                           fields={"title": str(hot.iloc[0]["title"]), "places": _places(hot, unit)},
                           score=_relative(hot["value"].max(), part["value"].median()) * CATEGORY_CERTAINTY,
                           question="scan_q_hotspot"))
    return out


def _quadrant_effect(frame: "pd.DataFrame", points: "pd.DataFrame") -> float:
    """How far the area's feeling unsafe lies from the others' median, relative to the median."""
    median = frame[(frame["section"] == "objectief") & (frame["role"] == "median")
                   & (frame["indicator"] == catalogue.SUBJECTIVE)]
    if median.empty:
        return 0.0
    return _relative(points.at[catalogue.SUBJECTIVE, "value"], median.iloc[0]["value"])


def _beyond_the_margin(frame: "pd.DataFrame", code: str, period: str) -> bool:
    """Whether the median of feeling unsafe among the others lies outside the area's own 95% interval.

    The quadrant is a split at the others' median; the area's survey figure
    is an estimate, so being above or below the median stands out only when
    its margin says so. Without a margin it does not.
    """
    import math

    def one(role_code: str, section: str) -> "pd.Series | None":
        sel = frame[(frame["section"] == section) & (frame["indicator"] == catalogue.SUBJECTIVE)
                    & (frame["area_code"].astype(str) == role_code) & (frame["period"].astype(str) == period)]
        return None if sel.empty else sel.iloc[0]

    own, median = one(code, "kerncijfers"), one("median", "objectief")
    if own is None or median is None:
        return False
    low, high, mid = (float(own["lower"]), float(own["upper"]), float(median["value"]))
    if not all(math.isfinite(v) for v in (low, high, mid)):
        return False
    return mid < low or mid > high


def _small(rows: "pd.DataFrame") -> "pd.Series":
    """Rows whose population is below their level's small-population threshold (:mod:`geo.levels`)."""
    limits = rows["area_level"].map(lambda name: levels.get(str(name)).small_population
                                    if name in levels.LEVELS else 0)
    return rows["population"].astype(float) < limits.astype(float)


def _unit_suffix(unit: str, lang: str) -> str:
    """What follows a figure in a sentence: ``%``, `` per 1.000 inwoners``, nothing for a mark or count."""
    return text.get(f"scan_suffix_{unit}", lang=lang) if text.has(f"scan_suffix_{unit}") else ""
