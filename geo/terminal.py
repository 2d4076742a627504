"""What a run prints on the terminal: a few lines in the reader's language.

The lines are made from the summary (the same dictionary that becomes
``summary.json``), with every string and number from :mod:`geo.text`.
"""

from __future__ import annotations

from typing import Any

from . import categories as cat
from . import periods, text
from .analysis import PARTS_IN_NOTE
from .settings import FEW_AREAS
from .stats._inference import correction_note, min_pseudo_p, permutations_needed
from .stats.emerging import MIN_PERIODS

#: A p of the normal approximation below this is printed as "< 0,0001": its digits would claim a precision
#: the approximation does not have (p_norm of z = 25 is about 1e-138).
NORMAL_P_FLOOR = 0.0001


def _moran_p(p: float | None, permutations: int, lang: str) -> str:
    """``p = 0,044``, or ``p < 0,00002`` when no permutation was as extreme (never "p = 0,000")."""
    if p is None or not permutations:
        return text.p_is(p, lang=lang)
    return text.p_is(round(p, 3) if p >= 0.001 else p, lang=lang, floor=min_pseudo_p(permutations))


def _normal_p(p: float, lang: str) -> str:
    """``p = 0,095`` or ``p < 0,0001``: the normal approximation's p, to three decimals as the pseudo-p."""
    return text.p_is(round(p, 3) if p >= 0.001 else p, lang=lang, floor=NORMAL_P_FLOOR)


def _moran_test(m: dict[str, Any], permutations: int, lang: str) -> tuple[str, str]:
    """The z and the p Moran's line prints, each saying which test it is.

    With permutations the z is the permutations' (``(I - mean) / sd`` of the
    permuted I) and the p their rank, a pseudo-p; the normal approximation's
    z and p follow, named so. A z of -1,90 beside a pseudo-p at its floor is
    no contradiction when the permuted I are skewed, and a reader must be
    able to see which number is which.
    """
    def num(x: float) -> str:
        return text.number(x, 2, lang=lang, grouping=False)

    if not permutations:  # the summary's z and p are then the normal approximation's
        return num(m["z"]), text.get("t_normal_p", lang=lang, p=_normal_p(m["p"], lang))
    pseudo = _moran_p(m["p"], permutations, lang)
    if m.get("z_norm") is None or m.get("p_norm") is None:
        return num(m["z"]), text.get("t_pseudo_p_only", lang=lang, p=pseudo, permutations=permutations)
    return num(m["z"]), text.get("t_pseudo_p", lang=lang, p=pseudo, permutations=permutations,
                                 z_norm=num(m["z_norm"]),
                                 p_norm=_normal_p(m["p_norm"], lang))


def _gi_inference(s: dict[str, Any]) -> str:
    """How the Gi* categories were decided: ``permutation`` (pseudo-p) or ``normal`` (the p of z)."""
    return "permutation" if s.get("permutations") and s.get("gi_inference", "permutation") == "permutation" \
        else "normal"


def summary_lines(summary: dict[str, Any], *, lang: str = "nl") -> str:
    """The terminal summary of a hot-spot run.

    Parameters
    ----------
    summary
        The content of summary.json (:func:`geo.summary.build`).
    lang
        ``nl`` or ``en``.
    """
    lines = _incidents(summary, lang) + _statistics(summary, lang) + _areas(summary, lang)
    correction = _correction(summary, lang)
    if correction:
        lines.append(correction)
    return "\n".join(lines + _cautions(summary, lang))


def _incidents(s: dict[str, Any], lang: str) -> list[str]:
    """What was read of an export of incidents, left out (by reason), filtered, counted and outside the study area."""
    agg = s.get("aggregation")
    if not agg:
        return []

    def n(value: int) -> str:
        return text.number(value, 0, lang=lang)

    read = agg["incidents"]
    lines = [text.get("t_incidents_read", lang=lang, read=n(read["read"]), used=n(read["used"]))]
    dropped = {k: v for k, v in read["dropped"].items() if v}
    if dropped:
        lines.append(text.get("t_incidents_dropped", lang=lang, reasons=", ".join(
            f"{text.get('reason_' + k, lang=lang)} {n(v)}" for k, v in dropped.items())))
    filtered = {k: v for k, v in read["filtered"].items() if v}
    if filtered:
        lines.append(text.get("t_incidents_filtered", lang=lang, filters=", ".join(
            f"{text.get('filter_' + k, lang=lang)} {n(v)}" for k, v in filtered.items())))
    target = text.get("t_target_" + agg["target"], lang=lang, cell=agg.get("cell"))
    lines.append(text.get("t_incidents_counted", lang=lang, areas=n(agg["areas"]), target=target,
                          counted=n(agg["counted"]), outside=n(agg["outside"])))
    if agg.get("empty_left_out"):
        lines.append(text.get("t_squares_empty_left_out", lang=lang, n=n(agg["empty_left_out"])))
    chosen = agg.get("scale")
    if chosen:
        lines += list(chosen["lines"][lang])
    layer = agg.get("density")
    if not layer:
        lines.append(text.get("t_no_density", lang=lang))
    if layer:
        # Below one contributing incident there is nothing to mask: "fewer than 1 incidents" said nothing.
        key = "t_density" if layer["min_count"] > 1 else "t_density_unmasked"
        lines.append(text.get(key, lang=lang, bandwidth=n(layer["bandwidth"]), masked=n(layer["masked"]),
                              squares=n(layer["squares"]), min_count=layer["min_count"]))
        if layer.get("periods"):
            lines.append(text.get("t_density_periods", lang=lang, periods=n(layer["periods"]),
                                  period=periods.label(str(layer["period"]), lang=lang)))
    return lines


def _statistics(s: dict[str, Any], lang: str) -> list[str]:
    """How many areas, Moran's I and its verdict, the LISA and Gi* counts."""
    m = s["moran"]

    def num(x: float, digits: int) -> str:
        return text.number(x, digits, lang=lang, grouping=False)

    def counts(found: dict[str, int]) -> str:
        shown = ", ".join(f"{cat.label(k, lang=lang)} {v}" for k, v in found.items() if v and k != cat.NOT_SIGNIFICANT)
        return shown or text.get("t_none", lang=lang)

    what = text.get("per_1000", lang=lang) if s["value"]["analysed"] == "rate" else ""
    significant = m["p"] <= s["alpha"]
    verdict = text.get("t_clustered" if significant and m["I"] > m["expected"] else "t_dispersed" if significant
                       else "t_no_pattern", lang=lang)
    lisa = ", ".join(f"{cat.label(k, lang=lang)} {v}" for k, v in s["lisa"].items() if v)
    z, p = _moran_test(m, s["permutations"], lang)
    how = text.get("t_gi_by_" + _gi_inference(s), lang=lang, permutations=s["permutations"])
    return [
        text.get("t_analysed", lang=lang, n=text.number(s["n"], 0, lang=lang),
                 total=text.number(s["n_areas"], 0, lang=lang), weights=s["weights"],
                 permutations=s["permutations"], seed=s["seed"]),
        text.get("t_moran", lang=lang, I=num(m["I"], 3), expected=num(m["expected"], 3), z=z, p=p, verdict=verdict),
        text.get("t_lisa", lang=lang) + (lisa or text.get("t_none", lang=lang)),
        text.get("t_gi_by", lang=lang, how=how) + counts(s["gi_star"])
        + (text.get("t_value_what", lang=lang, what=what) if what else ""),
    ]


def _areas(s: dict[str, Any], lang: str) -> list[str]:
    """Areas that did not match, had no value, no inhabitants, one indicator only, or no neighbours."""
    def few(items: list[Any], n: int = 8) -> str:
        return text.few(items, n, lang=lang)

    un = s["unmatched"]
    left_out = (s.get("bivariate") or {}).get("left_out")
    lines = [text.get(key, lang=lang) + few(codes) for key, codes in (
        ("t_data_only", un["data_only"]), ("t_boundaries_only", un["boundaries_only"]),
        ("t_missing", s["missing_value"]), ("t_uncertain", s.get("uncertain"))) if codes]
    if s["islands"]:
        key = "t_islands_attach" if s["island_policy"] == "attach" else "t_islands_exclude"
        lines.append(text.get(key, lang=lang, n=len(s["islands"]), codes=few(s["islands"])))
    if s.get("separate_parts"):
        # The first parts only: a national grid of squares has tens of thousands (a line of megabytes).
        shown = s["separate_parts"][:PARTS_IN_NOTE]
        more = int(s.get("separate_parts_total", len(s["separate_parts"]))) - len(shown)
        lines.append(text.get("t_parts", lang=lang, n=text.number(s["components"], 0, lang=lang),
                              parts="; ".join(few(p, 5) for p in shown))
                     + (text.get("t_parts_more", lang=lang, n=text.number(more, 0, lang=lang)) if more > 0 else ""))
    if s.get("no_population"):
        lines.append(text.get("t_no_population", lang=lang, codes=few(s["no_population"])))
    if left_out:
        lines.append(text.get("t_bivariate_left_out", lang=lang, n=len(left_out), codes=few(left_out)))
    if s.get("small_population"):
        lines.append(text.get("t_small_population", lang=lang,
                              threshold=text.number(s.get("small_population_threshold", 2000), 0, lang=lang),
                              codes=few(s["small_population"])))
    return lines


def _correction(s: dict[str, Any], lang: str) -> str | None:
    """What a multiple-testing correction can and cannot reach with these permutations."""
    correction = s.get("correction", "fdr" if s["fdr"] else "none")
    if correction == "none" or not s["permutations"]:
        return None
    note = correction_note(s["n"], s["permutations"], s["alpha"], correction=correction)
    floor = text.p_value(min_pseudo_p(s["permutations"]), lang=lang)
    if note and "never" in note:
        return text.get("t_correction_impossible", lang=lang, permutations=s["permutations"], floor=floor,
                        correction="FDR" if correction == "fdr" else "Bonferroni", n=s["n"],
                        needed=permutations_needed(s["n"], s["alpha"], correction=correction))
    if note:
        return text.get("t_fdr_floor", lang=lang, permutations=s["permutations"], floor=floor)
    return None


def _cautions(s: dict[str, Any], lang: str) -> list[str]:
    """How much the local statistics can say: the global test, and the number of areas."""
    lines = []
    if s.get("caution"):
        m = s["moran"]
        p = ("pseudo-" + _moran_p(m["p"], s["permutations"], lang) if s["permutations"]
             else text.get("t_normal_p", lang=lang, p=_normal_p(m["p"], lang)))
        lines.append(text.get("t_caution_global", lang=lang, p=p))
    if s.get("few_areas"):
        lines.append(text.get("t_few_areas", lang=lang, n=s["n"], minimum=FEW_AREAS))
    return lines


def series_lines(series: dict[str, Any], *, lang: str = "nl") -> str:
    """The terminal lines of a series: the periods, the change, the transitions, the emerging hot spots."""
    keys = series["periods"]
    lines = [text.get("t_series", lang=lang, n=len(keys), first=periods.label(keys[0], lang=lang),
                      last=periods.label(keys[-1], lang=lang))]
    change = series.get("change")
    if change:
        counts = ", ".join(f"{cat.label(k, lang=lang)} {v}" for k, v in change["counts"].items() if v)
        if change.get("test") == "difference":  # untested: "not testable 342" would read as a finding
            counts = text.get("t_change_untested", lang=lang)
        lines.append(text.get("change", lang=lang, a=periods.label(change["from"], lang=lang),
                              b=periods.label(change["to"], lang=lang)) + ": " + counts)
    stay = (series.get("transitions") or {}).get("stay") or {}
    if stay.get("HH") is not None:
        lines.append(text.get("t_stay", lang=lang, share=text.number(100 * stay["HH"], 0, lang=lang)))
    emerging = series.get("emerging")
    if emerging:
        lines.append(text.get("emerging", lang=lang) + ": " + ", ".join(
            f"{cat.label(k, lang=lang)} {v}" for k, v in emerging["counts"].items() if v and k != cat.NO_PATTERN))
    else:
        lines.append(text.get("t_no_emerging", lang=lang, n=len(keys), needed=MIN_PERIODS))
    return "\n".join(lines)
