"""The one figures table of a scan: every number the report shows, with where it came from.

:func:`build` turns the fetched data (:class:`~geo.scan.data.ScanData`),
the area and its references into one long frame with the columns of
:data:`FIGURE_COLUMNS`, one row per figure. The HTML, the PDF, the CSVs
and the workbook are all rendered from it, each figure by its ``row`` id,
so nothing is typed twice and a test can compare every figure in the HTML
with the CSV.

Sections (``section``): ``kerncijfers`` (the area's figures),
``vergelijking`` (against the country, the eenheid, the gemeente of a wijk
and the peers, with the verdict of the test), ``ontwikkeling`` (every year,
each against the one before), ``objectief`` (the scatter of registered
crime against feeling unsafe, its medians and quadrant, and the bivariate
LISA of the wijken), ``dark_number`` and ``hotspots`` (the areas inside).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .. import levels, text
from .. import periods as periods_mod
from ..errors import AnalysisError
from ..settings import RATE_PER, UNCERTAIN_HALF_WIDTH
from ..stats.change import count_change, survey_change
from . import catalogue, compare
from .darknumber import estimate, gap, households
from .data import Note
from .objective import MIN_AREAS, UNDECIDED, bivariate_lisa, quadrant

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

    from .areas import Area, Peers, Reference
    from .data import ScanData
    from .inside import Inside

log = logging.getLogger("geo")

FIGURE_COLUMNS = [
    "row", "section", "indicator", "title", "unit", "kind", "higher_is", "role", "area_code", "area_name",
    "area_level", "period", "period_label", "value", "lower", "upper", "digits", "uncertain", "count",
    "population", "respondents", "reference", "reference_code", "reference_name", "reference_value",
    "reference_lower", "reference_upper", "reference_respondents", "reference_rest", "reference_rest_lower",
    "reference_rest_upper", "verdict", "verdict_label", "test", "p", "dispersion", "category", "category_label",
    "gi_category", "rank",
    "source_table", "source_measure", "source_filters", "source_period", "source_status", "source_modified",
    "source_fetched", "note",
]
#: Units of the ``unit`` column (labels in :mod:`geo.text` as ``scan_unit_<unit>``).
PERCENT, MARK, PER_1000, COUNT, PERSONS = "percent", "mark", "per_1000", "count", "persons"
HOUSEHOLDS = "households"
#: Digits of estimates of people (the dark number): tens, as the survey carries no more precision.
ESTIMATE_DIGITS = -1


@dataclass
class Figures:
    """The figures table and what the report needs besides it."""

    #: Filled in by :func:`build` once every section has added its rows.
    frame: "pd.DataFrame | None"
    #: The code whose survey figures stand for the area, and whether that is another area.
    survey_code: str | None
    survey_fallback: bool
    #: The wijken of the bivariate LISA, with ``bv_*`` columns (``None`` without wijk survey figures).
    bivariate: "gpd.GeoDataFrame | None" = None
    #: Its global bivariate Moran's I and test (:attr:`geo.HotspotResult.bivariate`).
    bivariate_global: dict[str, Any] | None = None
    #: What the scatter compares with: ``peers`` or ``all``.
    scatter_set: str | None = None
    #: A police unit's survey figures derived from its member gemeenten (:func:`derive_unit_survey`), else ``None``.
    derived: "Derived | None" = None
    notes: list[Any] = field(default_factory=list)


def poisson_interval(count: float) -> tuple[float, float]:
    """The exact (Garwood) 95% interval of a Poisson count."""
    from scipy.stats import chi2

    if not math.isfinite(count):
        return float("nan"), float("nan")
    low = 0.0 if count == 0 else float(chi2.ppf(0.025, 2 * count) / 2)
    return low, float(chi2.ppf(0.975, 2 * count + 2) / 2)


def uncertain(value: float, lower: float, upper: float) -> bool:
    """Whether the interval reaches further than half the figure on either side (``too uncertain to read alone``)."""
    if not all(math.isfinite(x) for x in (value, lower, upper)):
        return False
    limit = UNCERTAIN_HALF_WIDTH * abs(value)
    return (upper - value) > limit or (value - lower) > limit


class _Rows:
    """Collects the rows of the figures table."""

    def __init__(self, data: "ScanData", lang: str) -> None:
        self.data = data
        self.lang = lang
        self.rows: list[dict[str, Any]] = []
        self.ids: set[str] = set()
        self.notes: list[Any] = []

    def add(self, section: str, indicator: str, *, code: str, name: str, level: str, role: str = "area",
            period: str | None = None, **values: Any) -> str:
        row = f"{section}/{indicator}/{code}/{period or '-'}"
        if values.get("reference"):
            row += f"/{values['reference']}"
        if row in self.ids:
            row += f"/{role}"
        self.ids.add(row)
        info = catalogue.by_key().get(indicator)
        prov = self.data.provenance.get(values.pop("source", None) or indicator)
        record: dict[str, Any] = {
            "row": row, "section": section, "indicator": indicator,
            "title": text.get(f"scan_ind_{indicator}", lang=self.lang), "kind": info.kind if info else None,
            "higher_is": info.higher_is if info else None, "role": role, "area_code": code, "area_name": name,
            "area_level": level, "period": period, "period_label": periods_mod.label(period, lang=self.lang),
            "digits": info.digits if info else 0,
        }
        if prov is not None:
            record.update(source_table=f"{prov.source}:{prov.table}", source_measure=prov.measure,
                          source_filters="; ".join(f"{d}={','.join(k)}" for d, k in prov.filters.items()
                                                   if d != "Perioden"),
                          source_period=period or prov.period, source_status=prov.period_status,
                          source_modified=(prov.table_modified or "")[:10] or None,
                          source_fetched=(prov.fetched_at or "")[:19] or None)
        record.update(values)
        if isinstance(record.get("note"), str) and record["note"].startswith("scan_"):
            record["note"] = text.get(record["note"], lang=self.lang)
        if record.get("verdict") is not None and record.get("verdict_label") is None:
            record["verdict_label"] = text.get(f"scan_verdict_{record['verdict']}", lang=self.lang)
        if record.get("category") is not None and record.get("category_label") is None:
            record["category_label"] = text.get(str(record["category"]), lang=self.lang)
        self.rows.append(record)
        return row

    def frame(self) -> "pd.DataFrame":
        import pandas as pd

        out = pd.DataFrame(self.rows)
        for column in FIGURE_COLUMNS:
            if column not in out.columns:
                out[column] = None
        out = out[FIGURE_COLUMNS]
        for column in ("value", "lower", "upper", "count", "population", "respondents", "reference_respondents",
                       "reference_value", "reference_lower",
                       "reference_upper", "reference_rest", "reference_rest_lower", "reference_rest_upper", "p",
                       "dispersion"):
            out[column] = pd.to_numeric(out[column], errors="coerce").astype(float)
        out["uncertain"] = out["uncertain"].fillna(False).astype(bool)
        out["digits"] = out["digits"].fillna(0).astype(int)
        return out


@dataclass(frozen=True)
class Derived:
    """How a police unit's survey figures were derived from its member gemeenten."""

    #: Member gemeenten with figures of their own (in the latest edition), by name.
    own: tuple[str, ...]
    #: Member gemeenten without: together one part, at the eenheid's figure.
    rest: tuple[str, ...]
    #: The eenheid whose figure stands in for ``rest`` (``None`` when every member has its own).
    eenheid: str | None


class _Lookup:
    """Figures of regions from the fetched data."""

    def __init__(self, data: "ScanData") -> None:
        self.data = data
        pop = data.population
        self.pop = pop.set_index("code") if pop is not None else None
        self.survey = {k: f.set_index(["code", "period"]) for k, f in data.survey.items()}
        self.counts = {k: f.set_index("code")["value"] for k, f in data.counts.items()}
        found = data.respondents
        self.n = found.drop_duplicates(["code", "period"]).set_index(["code", "period"])["value"] \
            if found is not None and not found.empty else None
        #: Peer units whose survey figures were derived from their gemeenten (:func:`derive_unit_survey`): members.
        self.derived: dict[str, tuple[str, ...]] = {}

    def survey_figure(self, key: str, code: str | None, period: str | None) -> tuple[float, float, float]:
        frame = self.survey.get(key)
        if frame is None or code is None or period is None or (code, period) not in frame.index:
            return math.nan, math.nan, math.nan
        row = frame.loc[(code, period)]
        return tuple(float(row.get(c, math.nan)) if row.get(c) is not None else math.nan  # type: ignore[return-value]
                     for c in ("value", "lower", "upper"))

    def respondents(self, code: str | None, period: str | None) -> float:
        """The Veiligheidsmonitor's unweighted number of respondents of ``code`` in ``period`` (NaN: not published)."""
        if self.n is None or code is None or period is None or (code, period) not in self.n.index:
            return math.nan
        return float(self.n.loc[(code, period)])

    def has_survey(self, code: str | None, period: str | None) -> bool:
        return code is not None and any(
            math.isfinite(self.survey_figure(k, code, period)[0]) for k in self.survey)

    def population(self, codes: tuple[str, ...] | list[str], column: str = "population") -> float:
        if self.pop is None or not codes:
            return math.nan
        values = [float(self.pop[column].get(c, math.nan)) for c in codes]
        return float(sum(values)) if all(math.isfinite(v) for v in values) else math.nan

    def country_population(self, column: str = "population") -> float:
        if self.pop is None:
            return math.nan
        known = set(self.data.gemeenten["code"]) if self.data.gemeenten is not None else None
        gm = self.pop[self.pop.index.str.startswith("GM")]
        if known is not None:
            gm = gm[gm.index.isin(known)]
        return float(gm[column].sum())

    def count(self, key: str, codes: tuple[str, ...] | list[str]) -> float:
        series = self.counts.get(key)
        if series is None or not codes:
            return math.nan
        values = [float(series.get(c, math.nan)) for c in codes]
        return float(sum(values)) if all(math.isfinite(v) for v in values) else math.nan

    def country_count(self, key: str) -> float:
        series = self.counts.get(key)
        if series is None:
            return math.nan
        nl = [c for c in series.index if str(c).startswith("NL")]
        if nl:
            return float(series[nl[0]])
        return float(series[[c for c in series.index if str(c).startswith("GM")]].sum())


@dataclass
class Build:
    """What every section's builder reads, and the table it adds its rows to."""

    rows: _Rows
    area: "Area"
    refs: "tuple[Reference, ...]"
    peers: "Peers"
    look: _Lookup
    figures: Figures
    names: dict[str, str]
    survey_code: str | None
    fallback: bool
    inside: "Inside | None"
    permutations: int
    seed: int
    #: The smallest relevant difference per unit (:data:`geo.scan.compare.RELEVANT`, with the user's own).
    relevant: dict[str, float] = field(default_factory=lambda: dict(compare.RELEVANT))

    @property
    def data(self) -> "ScanData":
        """The fetched data."""
        return self.look.data

    def dispersion(self, key: str) -> float:
        """The quasi-Poisson dispersion of the area's yearly counts of ``key`` (1 without a series)."""
        series = _area_series(self.look.data, key, self.area.members)
        return compare.dispersion(series[1]) if series is not None else 1.0



#: A section's builder: adds the section's rows (see :data:`geo.scan.sections.SECTIONS`).
Builder = Callable[[Build], None]


def build(area: "Area", refs: "tuple[Reference, ...]", peers: "Peers", data: "ScanData", *, lang: str,
          inside: "Inside | None", names: dict[str, str], permutations: int, seed: int,
          builders: Sequence[Builder], relevant: dict[str, float] | None = None,
          peer_areas: "Sequence[Area]" = ()) -> Figures:
    """The figures table of one scan.

    Parameters
    ----------
    area, refs, peers
        From :mod:`geo.scan.areas`.
    data
        From :mod:`geo.scan.data`.
    lang
        Language of titles and labels in the table.
    inside
        The hot spots inside the area (:func:`geo.scan.inside.analyse_inside`).
    names
        Names of every area code the table may name (gemeenten, wijken, units, eenheden).
    permutations, seed
        Of the bivariate LISA.
    builders
        The sections' builders, in the order of the report (:data:`geo.scan.sections.SECTIONS`).
    relevant
        The smallest relevant difference per unit, where it differs from
        :data:`geo.scan.compare.RELEVANT`.
    peer_areas
        Peers that are police units: their survey figures are derived from
        their gemeenten as the area's are (:func:`derive_unit_survey`).
    """
    look = _Lookup(data)
    rows = _Rows(data, lang)
    derived = derive_unit_survey(area, look, names=names)
    for peer in peer_areas:
        if derive_unit_survey(peer, look, names=names) is not None:
            look.derived[peer.code] = peer.members
    survey_code, fallback = (area.code, False) if derived is not None else _survey_source(area, look,
                                                                                         data.survey_period)
    if fallback and survey_code is not None:
        rows.notes.append(_note("scan_note_fallback", area=area.name, other=names.get(survey_code, survey_code)))
    figures = Figures(frame=None, survey_code=survey_code, survey_fallback=fallback, derived=derived)
    context = Build(rows=rows, area=area, refs=refs, peers=peers, look=look, figures=figures, names=names,
                    survey_code=survey_code, fallback=fallback, inside=inside, permutations=permutations, seed=seed,
                    relevant={**compare.RELEVANT, **(relevant or {})})
    for builder in builders:
        builder(context)
    figures.frame = rows.frame()
    figures.notes = rows.notes
    return figures


def kerncijfers(b: Build) -> None:
    """Section ``kerncijfers``: the area's own figures."""
    _kerncijfers(b, b.rows, b.area, b.look, b.survey_code, b.fallback, b.names)


def vergelijking(b: Build) -> None:
    """Section ``vergelijking``: the area against its references, with the verdict of the test."""
    if not b.fallback and (b.area.survey is not None or b.figures.derived is not None):
        _compare_survey(b)
    _compare_counts(b)


def ontwikkeling(b: Build) -> None:
    """Section ``ontwikkeling``: every year, each against the one before."""
    _survey_development(b)
    _count_development(b)


def objectief(b: Build) -> None:
    """Section ``objectief``: the scatter and quadrant, and the bivariate LISA of the wijken inside."""
    _scatter(b)
    _bivariate(b)


def dark_number(b: Build) -> None:
    """Section ``dark_number``: what never reaches the police."""
    _dark_number(b.rows, b.area, b.look, b.survey_code, b.fallback, b.names)


def hotspots(b: Build) -> None:
    """Section ``hotspots``: the areas inside, their rates, ranks and clusters."""
    _hotspots(b.rows, b.inside)


def derive_unit_survey(area: "Area", look: _Lookup, *, names: dict[str, str]) -> Derived | None:
    """A police unit's survey figures from its member gemeenten, added to ``look`` under the unit's code.

    Per indicator and edition: the mean of the members' own figures,
    weighted by their inhabitants of 15 and over; the members without
    figures of their own count together as one part at the eenheid's figure
    (the eenheid's figure only where members lack one). The margin combines
    the parts' standard errors (the 95% half-width over 1.96) as
    ``sqrt(sum w_i^2 se_i^2)``, as for independent samples. ``None`` for a
    unit with its own figures, of wijken, or of whose members none has
    figures of its own (then the eenheid's figures are shown, as before).
    """
    import pandas as pd

    if area.level not in levels.POLICE_LEVELS or area.survey is not None:
        return None
    if not all(m.startswith("GM") for m in area.members):
        return None
    latest = look.data.survey_period
    own = [g for g in area.members if look.has_survey(g, latest)]
    if not own:
        return None
    rest = [g for g in area.members if g not in own]
    eenheid = area.eenheid if rest else None
    for key, frame in list(look.survey.items()):
        added = []
        for period in look.data.survey_periods:
            value, lower, upper = _derived_figure(look, area, key, period)
            if math.isfinite(value):
                added.append({"code": area.code, "period": period, "value": value, "lower": lower, "upper": upper})
        if added:
            extra = pd.DataFrame(added).set_index(["code", "period"])
            look.survey[key] = pd.concat([frame, extra.reindex(columns=frame.columns)])
    return Derived(own=tuple(names.get(g, g) for g in own), rest=tuple(names.get(g, g) for g in rest),
                   eenheid=eenheid)


def _derived_figure(look: _Lookup, area: "Area", key: str, period: str) -> tuple[float, float, float]:
    """One derived figure of a unit (:func:`derive_unit_survey`): NaN when no member has its own that edition."""
    import pandas as pd

    mine = [g for g in area.members if math.isfinite(look.survey_figure(key, g, period)[0])]
    if not mine:
        return math.nan, math.nan, math.nan
    parts = [(look.survey_figure(key, g, period), look.population((g,), "pop15")) for g in mine]
    lacking = tuple(g for g in area.members if g not in mine)
    if lacking:  # one part: one estimate (the eenheid's) stands for all of them
        parts.append((look.survey_figure(key, area.eenheid, period), look.population(lacking, "pop15")))
    margins = compare.published_margins(pd.DataFrame([f for f, _w in parts], columns=["value", "lower", "upper"]))
    return compare.pooled(margins["value"], margins["lower"], margins["upper"], [w for _f, w in parts])


def _note(key: str, **fields: Any) -> Note:
    return Note(key, fields)


def _survey_source(area: "Area", look: _Lookup, period: str | None) -> tuple[str | None, bool]:
    """The code whose survey figures stand for the area: its own, else its gemeente's or eenheid's."""
    for code in (area.survey, area.gemeente if area.level != "gemeente" else None, area.eenheid):
        if look.has_survey(code, period):
            return code, code != area.survey
    return None, False


def _rate(count: float, pop: float) -> float:
    return count / pop * RATE_PER if math.isfinite(count) and math.isfinite(pop) and pop > 0 else math.nan


def _kerncijfers(b: Build, rows: _Rows, area: "Area", look: _Lookup, survey_code: str | None, fallback: bool,
                 names: dict[str, str]) -> None:
    period = look.data.survey_period
    own = dict(code=area.code, name=area.name, level=area.level)
    pop = look.population(area.members)
    rows.add("kerncijfers", "inwoners", **own, value=pop, unit=COUNT, digits=0, source=catalogue.POPULATION)
    if survey_code is not None:
        where = _survey_where(b, survey_code, fallback)
        for ind in catalogue.SURVEY_INDICATORS:
            v, lo, hi = look.survey_figure(ind.key, survey_code, period)
            if not math.isfinite(v):
                continue
            unit = MARK if ind.key.startswith("rapportcijfer") else PERCENT
            rows.add("kerncijfers", ind.key, **where, period=period, value=v, lower=lo, upper=hi, unit=unit,
                     uncertain=uncertain(v, lo, hi), note=_derived_note(b),
                     respondents=look.respondents(survey_code, period))
    year = f"{look.data.year}JJ00"
    for ind in catalogue.COUNT_INDICATORS:
        count = look.count(ind.key, area.members)
        if not math.isfinite(count):
            continue
        phi = b.dispersion(ind.key)
        # Registrations vary more than a Poisson count: the interval is widened by the series' dispersion.
        low, high = compare.dispersed_interval(count, *poisson_interval(count), phi)
        rows.add("kerncijfers", ind.key, **own, period=year, value=_rate(count, pop), lower=_rate(low, pop),
                 upper=_rate(high, pop), count=count, population=pop, unit=PER_1000, dispersion=phi,
                 uncertain=uncertain(count, low, high))


def _survey_where(b: Build, survey_code: str, fallback: bool) -> dict[str, Any]:
    """Code, name, level and role of the rows of survey figures: the area's own, derived, or another area's."""
    if b.figures.derived is not None and survey_code == b.area.code:
        return dict(code=b.area.code, name=b.area.name, level=b.area.level, role="derived")
    return dict(code=survey_code, name=b.names.get(survey_code, survey_code), level=_level_of(survey_code),
                role="fallback" if fallback else "area")


def _derived_note(b: Build) -> str | None:
    """The note of a survey figure derived from member gemeenten (:func:`derive_unit_survey`)."""
    return text.get("scan_note_derived", lang=b.rows.lang) if b.figures.derived is not None else None


def _level_of(code: str) -> str:
    found = levels.of_code(code)
    return found.name if found else "unit"


def _unit_of(key: str) -> str:
    return MARK if key.startswith("rapportcijfer") else PERCENT


def _survey_reference(b: Build, key: str, ref: "Reference", area_pop15: float
                      ) -> tuple[tuple[float, float, float], float, str | None]:
    """The reference's survey figure (its own, or its members' pooled), the area's share in it, and a note."""
    look, period = b.look, b.data.survey_period
    if ref.survey is not None:
        r = look.survey_figure(key, ref.survey, period)
        ref_pop15 = (look.country_population("pop15") if ref.kind == "country"
                     else look.population(ref.members or (ref.code,), "pop15"))
        share = area_pop15 / ref_pop15 if ref.contains_area and ref_pop15 > 0 else 0.0
        return r, share, "scan_note_rest" if ref.contains_area else None
    members = [c for c in ref.survey_members if math.isfinite(look.survey_figure(key, c, period)[0])]
    figs = [look.survey_figure(key, c, period) for c in members]
    weights = [look.population(look.derived.get(c, (c,)), "pop15") for c in members]
    r = compare.pooled([f[0] for f in figs], [f[1] for f in figs], [f[2] for f in figs], weights)
    if any(c in look.derived for c in members):
        return r, 0.0, "scan_note_pooled_derived"
    return r, 0.0, "scan_note_pooled" if members else "scan_note_no_peer_survey"


def _compare_survey(b: Build) -> None:
    """Survey figures against every reference; only where the area has its own (a fallback would compare a
    region with itself)."""
    import pandas as pd

    area, look, period = b.area, b.look, b.data.survey_period
    own = dict(code=area.code, name=area.name, level=area.level)
    area_pop15 = look.population(area.members, "pop15")
    derived = b.figures.derived is not None
    for ind in catalogue.SURVEY_INDICATORS:
        a = look.survey_figure(ind.key, b.survey_code, period)
        if not math.isfinite(a[0]):
            continue
        for ref in b.refs:
            r, share, note = _survey_reference(b, ind.key, ref, area_pop15)
            common: dict[str, Any] = dict(**own, period=period, value=a[0], lower=a[1], upper=a[2], reference=ref.kind,
                          reference_code=ref.code, reference_name=ref.name, test=compare.SURVEY_TEST,
                          unit=_unit_of(ind.key), role="derived" if derived else "area",
                          respondents=look.respondents(b.survey_code, period),
                          reference_respondents=look.respondents(ref.survey, period))
            if not math.isfinite(r[0]):
                b.rows.add("vergelijking", ind.key, **common, verdict=compare.NOT_TESTABLE,
                           note=note if note == "scan_note_no_peer_survey" else "scan_note_no_reference")
                continue
            tested = compare.survey_verdicts(pd.DataFrame([a], columns=["value", "lower", "upper"]),
                                             pd.DataFrame([r], columns=["value", "lower", "upper"]),
                                             share=[share], higher_is=[ind.higher_is],
                                             relevant=b.relevant[_unit_of(ind.key)])
            t = tested.iloc[0]
            b.rows.add("vergelijking", ind.key, **common, reference_value=r[0], reference_lower=r[1],
                       reference_upper=r[2], reference_rest=t["rest_value"], reference_rest_lower=t["rest_lower"],
                       reference_rest_upper=t["rest_upper"], verdict=t["verdict"], p=t["p"], note=note)


def _compare_counts(b: Build) -> None:
    """Registrations against every reference, the area left out of one that contains it."""
    import numpy as np

    area, look = b.area, b.look
    year = f"{b.data.year}JJ00"
    own = dict(code=area.code, name=area.name, level=area.level)
    area_pop = look.population(area.members)
    for ind in catalogue.COUNT_INDICATORS:
        a_count = look.count(ind.key, area.members)
        if not math.isfinite(a_count):
            continue
        phi = b.dispersion(ind.key)
        for ref in b.refs:
            if ref.kind == "country":
                r_count, r_pop = look.country_count(ind.key), look.country_population()
            elif ref.members:
                r_count, r_pop = look.count(ind.key, ref.members), look.population(ref.members)
            else:
                r_count, r_pop = look.count(ind.key, (ref.code,)), look.population((ref.code,))
            tested = compare.count_verdicts([a_count], [area_pop], [r_count], [r_pop],
                                            contains_area=[ref.contains_area], higher_is=[ind.higher_is],
                                            dispersion=phi, relevant=b.relevant["per_1000"])
            t = tested.iloc[0]
            rest_low, rest_high = poisson_interval(float(t["rest_count"]))
            b.rows.add("vergelijking", ind.key, **own, period=year, value=_rate(a_count, area_pop), count=a_count,
                       population=area_pop, reference=ref.kind, reference_code=ref.code, reference_name=ref.name,
                       reference_value=_rate(r_count, r_pop), reference_rest=float(t["rest_rate"]),
                       reference_rest_lower=_rate(rest_low, float(t["rest_pop"])),
                       reference_rest_upper=_rate(rest_high, float(t["rest_pop"])),
                       verdict=t["verdict"], test=t["test"], dispersion=phi,
                       p=float(t["p"]) if np.isfinite(t["p"]) else None,
                       unit=PER_1000, note="scan_note_rest" if ref.contains_area else None)


def _area_series(data: "ScanData", key: str, members: tuple[str, ...]) -> "tuple[list[str], Any] | None":
    """The periods and yearly totals of ``key`` over ``members`` (``None`` without a complete series)."""
    import numpy as np

    frame = data.count_series.get(key)
    if frame is None or frame.empty:
        return None
    part = frame[frame["code"].isin(members)]
    if set(part["code"]) != set(members):
        return None
    wide = part.pivot_table(index="period", columns="code", values="value", aggfunc="first")
    totals = wide.sum(axis=1, min_count=len(members)).reindex(data.count_periods)
    keys = [k for k in data.count_periods if np.isfinite(totals.get(k, np.nan))]
    if len(keys) < 2:
        return None
    return keys, totals[keys].to_numpy(dtype=float)


def _survey_development(b: Build) -> None:
    """Every edition of the survey figures, each against the one before (a change only when relevant)."""
    import pandas as pd

    data, rows, look, survey_code = b.data, b.rows, b.look, b.survey_code
    if survey_code is None:
        return
    where = _survey_where(b, survey_code, b.fallback)
    for ind in catalogue.SURVEY_INDICATORS:
        series = [(p, look.survey_figure(ind.key, survey_code, p)) for p in data.survey_periods]
        series = [(p, f) for p, f in series if math.isfinite(f[0])]
        if len(series) < 2:
            continue
        frame = compare.published_margins(pd.DataFrame([f for _, f in series], columns=["value", "lower", "upper"]))
        tested = survey_change(frame.iloc[:-1].reset_index(drop=True), frame.iloc[1:].reset_index(drop=True))
        unit = _unit_of(ind.key)
        for i, (p, (v, lo, hi)) in enumerate(series):
            change: dict[str, Any] = {}
            if i:
                t = tested.iloc[i - 1]
                before = series[i - 1][1]
                change = dict(reference="previous", reference_code=series[i - 1][0],
                              reference_name=periods_mod.label(series[i - 1][0], lang=rows.lang),
                              reference_value=before[0], reference_lower=before[1], reference_upper=before[2],
                              verdict=_relevant_change(t["direction"], v, before[0], unit, b.relevant),
                              test=compare.SURVEY_TEST, p=t["p"])
            rows.add("ontwikkeling", ind.key, **where, period=p, value=v, lower=lo, upper=hi, unit=unit,
                     uncertain=uncertain(v, lo, hi), note=_derived_note(b), **change)


def _relevant_change(direction: str, value: float, before: float, unit: str, relevant: dict[str, float]) -> str:
    """A significant rise or fall smaller than the relevant difference is :data:`compare.SMALL_CHANGE`."""
    if direction in ("rise", "fall") and not compare.is_relevant(value, before, unit, relevant=relevant):
        return compare.SMALL_CHANGE
    return direction


def _count_development(b: Build) -> None:
    """Every year of registrations, each against the one before, allowing for the series' dispersion."""
    import numpy as np

    area, rows = b.area, b.rows
    own = dict(code=area.code, name=area.name, level=area.level)
    for ind in catalogue.COUNT_INDICATORS:
        series = _area_series(b.data, ind.key, area.members)
        if series is None:
            continue
        keys, values = series
        phi = compare.dispersion(values)
        tested = count_change(values[:-1], values[1:])
        p, directions, test = tested["p"].to_numpy(dtype=float), tested["direction"].to_numpy(dtype=object), \
            compare.COUNT_TEST
        if phi > 1:
            ones = np.ones(len(values) - 1)
            p, directions = compare.quasi_test(values[:-1], values[1:], ones, ones, np.full(len(ones), phi))
            test = compare.COUNT_QUASI_TEST
        for i, k in enumerate(keys):
            change = {}
            if i:
                change = dict(reference="previous", reference_code=keys[i - 1],
                              reference_name=periods_mod.label(keys[i - 1], lang=rows.lang),
                              reference_value=values[i - 1], test=test, p=p[i - 1], dispersion=phi,
                              verdict=_relevant_change(directions[i - 1], values[i], values[i - 1], COUNT,
                                                       b.relevant))
            rows.add("ontwikkeling", ind.key, **own, period=k, value=values[i], count=values[i], unit=COUNT,
                     digits=0, **change)


def _point(b: Build, code: str, members: tuple[str, ...]) -> tuple[float, float]:
    """Registered crime per 1,000 of ``members`` and feeling unsafe of ``code``."""
    x = _rate(b.look.count(catalogue.OBJECTIVE, members), b.look.population(members))
    return x, b.look.survey_figure(catalogue.SUBJECTIVE, code, b.data.survey_period)[0]


def _scatter(b: Build) -> None:
    """The area among comparable areas: registered crime against feeling unsafe, and its quadrant.

    The comparison set is the peers with both figures when there are enough,
    else every gemeente with both (a wijk: every other wijk of its gemeente with both).
    """
    area, rows, data, figures = b.area, b.rows, b.data, b.figures
    if area.level not in ("gemeente", "wijk"):  # said in the section itself (render.objectief)
        return
    period, year = data.survey_period, f"{data.year}JJ00"
    x_key, y_key = catalogue.OBJECTIVE, catalogue.SUBJECTIVE
    figures.scatter_set, with_both = _scatter_set(b)
    ax, ay = _point(b, area.survey or area.code, area.members)
    if not math.isfinite(ay):
        rows.notes.append(_note("scan_note_no_quadrant", area=area.name))
    if not (with_both and math.isfinite(ax) and math.isfinite(ay)):
        return
    for code, (x, y) in sorted(with_both.items()):
        common = dict(code=code, name=b.names.get(code, code), level=area.level, role="peer")
        rows.add("objectief", x_key, **common, period=year, value=x, unit=PER_1000)
        rows.add("objectief", y_key, **common, period=period, value=y, unit=PERCENT, source=y_key)
    own = dict(code=area.code, name=area.name, level=area.level)
    rows.add("objectief", x_key, **own, period=year, value=ax, unit=PER_1000)
    rows.add("objectief", y_key, **own, period=period, value=ay, unit=PERCENT)
    which, mx, my = quadrant(ax, ay, [p[0] for p in with_both.values()], [p[1] for p in with_both.values()])
    if which is not None and not _wholly_on_one_side(b, mx, my):
        which = UNDECIDED
    median = dict(code="median", name=text.get("scan_median", lang=rows.lang), level=area.level, role="median")
    rows.add("objectief", x_key, **median, period=year, value=mx, unit=PER_1000)
    rows.add("objectief", y_key, **median, period=period, value=my, unit=PERCENT)
    rows.add("objectief", "quadrant", **own, period=period, category=which,
             category_label=text.get(f"scan_quadrant_{which}", lang=rows.lang), source=y_key,
             reference=figures.scatter_set)


def _scatter_set(b: Build) -> tuple[str, dict[str, tuple[float, float]]]:
    """What the scatter compares with, and their points: the peers with both figures when there are enough, else
    every gemeente with both (a gemeente) or every other wijk of the gemeente with both (a wijk)."""
    area, data = b.area, b.data

    def points(codes: Any) -> dict[str, tuple[float, float]]:
        found = {c: _point(b, c, (c,)) for c in codes if c != area.code}
        return {c: p for c, p in found.items() if all(math.isfinite(v) for v in p)}

    with_both = points(b.peers.codes)
    if len(with_both) < 4 and area.level == "gemeente" and data.gemeenten is not None:
        return "all", points(data.gemeenten["code"])
    if len(with_both) < 4 and area.level == "wijk":
        return "wijken", points(area.inside)
    return "peers", with_both


def _wholly_on_one_side(b: Build, mx: float, my: float) -> bool:
    """Whether the area's 95% margins lie wholly above or below both medians (registrations: dispersed)."""
    area, look = b.area, b.look
    _v, low_y, high_y = look.survey_figure(catalogue.SUBJECTIVE, area.survey or area.code, b.data.survey_period)
    count, pop = look.count(catalogue.OBJECTIVE, area.members), look.population(area.members)
    low_c, high_c = compare.dispersed_interval(count, *poisson_interval(count), b.dispersion(catalogue.OBJECTIVE))
    low_x, high_x = _rate(low_c, pop), _rate(high_c, pop)
    if not all(math.isfinite(v) for v in (low_y, high_y, low_x, high_x)):
        return False
    return not (low_y <= my <= high_y) and not (low_x <= mx <= high_x)


def _bivariate(b: Build) -> None:
    """The bivariate LISA of the wijken inside, where they have survey figures, and its global test."""
    area, rows, data = b.area, b.rows, b.data
    period = data.survey_period
    if area.inside_level != "wijk" or data.wijken is None or period is None:
        return
    wijken = data.wijken[data.wijken["code"].isin(area.inside)].copy()
    points = [_point(b, c, (c,)) for c in wijken["code"]]
    wijken["x"] = [p[0] for p in points]
    wijken["y"] = [p[1] for p in points]
    both = int((wijken["x"].notna() & wijken["y"].notna()).sum())
    if both < MIN_AREAS:
        rows.notes.append(_note("scan_note_bivariate_few", n=both, min=MIN_AREAS))
        return
    try:
        bv, found = bivariate_lisa(wijken.reset_index(drop=True), "x", "y", permutations=b.permutations,
                                   seed=b.seed)
    except AnalysisError:  # a figure equal in every wijk: no relation to measure, the rest of the scan stands
        rows.notes.append(_note("scan_note_no_bivariate"))
        return
    b.figures.bivariate, b.figures.bivariate_global = bv, found
    x_name, y_name = text.get("bv_x_crime", lang=rows.lang), text.get("bv_y_unsafe", lang=rows.lang)
    for r in bv.itertuples():
        if r.bv_cluster == "no_data":
            continue
        rows.add("objectief", "bivariate", code=r.code, name=r.name, level="wijk", role="inside",
                 period=period, value=r.bv_I, p=r.bv_p, category=r.bv_cluster, digits=2,
                 category_label=text.get(r.bv_cluster, lang=rows.lang, x=x_name, y=y_name), source=catalogue.SUBJECTIVE)
    rows.add("objectief", "bivariate_global", code=area.code, name=area.name, level=area.level, role="area",
             period=period, value=found.get("I"), p=found.get("p"), digits=3, test="permutation",
             source=catalogue.SUBJECTIVE)


def _dark_base(look: _Lookup, area: "Area", per: str) -> tuple[float, str, str | None]:
    """What a kind's share of victims multiplies: (number, unit, how households were found or None)."""
    if per != catalogue.HOUSEHOLD:
        return look.population(area.members, "pop15"), PERSONS, None
    published = look.population(area.members, "households") if look.pop is not None and "households" in \
        look.pop.columns else math.nan
    number, how = households(look.population(area.members), published)
    return number, HOUSEHOLDS, how


def _dark_number(rows: _Rows, area: "Area", look: _Lookup, survey_code: str | None, fallback: bool,
                 names: dict[str, str]) -> None:
    period = look.data.survey_period
    if survey_code is None:
        return
    own = dict(code=area.code, name=area.name, level=area.level)
    year = f"{look.data.year}JJ00"
    for kind in catalogue.DARK_KINDS:
        victims = look.survey_figure(kind.victims, survey_code, period)
        reported = look.survey_figure(kind.reported, survey_code, period)
        base, unit, how = _dark_base(look, area, kind.per)
        if not (all(math.isfinite(x) for x in victims + reported) and math.isfinite(base)):
            continue
        dark = estimate(victims, reported, base)
        registered = look.count(kind.registered, area.members)
        found = gap(dark, registered)
        note = "scan_note_dark_fallback" if fallback else None
        if how is not None:  # said at the figure: households counted by CBS, or estimated from inhabitants
            note = f"scan_note_dark_households_{how}"
        rows.add("dark_number", f"dark_victims_{kind.key}", **own, period=period, value=dark.victims,
                 lower=dark.victims_low, upper=dark.victims_high, population=base, unit=unit,
                 digits=ESTIMATE_DIGITS, source=kind.victims, note=note)
        rows.add("dark_number", f"dark_unreported_{kind.key}", **own, period=period, value=dark.unreported,
                 lower=dark.unreported_low, upper=dark.unreported_high, population=base, unit=unit,
                 digits=ESTIMATE_DIGITS, source=kind.reported, note=note)
        rows.add("dark_number", f"dark_reports_{kind.key}", **own, period=period, value=dark.reports,
                 lower=dark.reports_low, upper=dark.reports_high, population=base, unit=unit,
                 digits=ESTIMATE_DIGITS, source=kind.reported, category=found, note=note,
                 category_label=text.get(f"scan_dark_gap_{found}", lang=rows.lang) if found else None)
        rows.add("dark_number", f"dark_registered_{kind.key}", **own, period=year, value=registered,
                 count=registered, unit=COUNT, digits=0, source=kind.registered)


def _hotspots(rows: _Rows, inside: "Inside | None") -> None:
    if inside is None:
        return
    frame = inside.frame
    year = f"{rows.data.year}JJ00"
    for key in catalogue.INSIDE_TYPES:
        if key not in inside.results:
            continue
        ranked = frame.sort_values([f"count_{key}", "code"], ascending=[False, True])
        rank = {code: i + 1 for i, code in enumerate(ranked["code"])}
        info = catalogue.by_key()[key]
        for r in frame.itertuples():
            count = getattr(r, f"count_{key}")
            rows.add("hotspots", key, code=r.code, name=r.name, level=inside.level, role="inside", period=year,
                     value=getattr(r, f"rate_{key}"), count=count, population=r.population, unit=PER_1000,
                     digits=info.digits, category=getattr(r, f"lisa_{key}"),
                     gi_category=getattr(r, f"gi_{key}"), rank=rank[r.code])
