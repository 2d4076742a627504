"""What a run prints on the terminal: a few lines in the reader's language.

The lines are made from the summary (the same dictionary that becomes
``summary.json``), with every string and number from :mod:`geo.text`.
"""

from __future__ import annotations

from typing import Any

from . import categories as cat
from . import periods, text
from .settings import FEW_AREAS
from .stats._inference import correction_note, min_pseudo_p, permutations_needed
from .stats.emerging import MIN_PERIODS


def summary_lines(summary: dict[str, Any], *, lang: str = "nl") -> str:
    """The terminal summary of a hot-spot run.

    Parameters
    ----------
    summary
        The content of summary.json (:func:`geo.summary.build`).
    lang
        ``nl`` or ``en``.
    """
    s, m = summary, summary["moran"]

    def num(x: float, digits: int) -> str:
        return text.number(x, digits, lang=lang, grouping=False)

    def few(items: list[Any], n: int = 8) -> str:
        return text.few(items, n, lang=lang)

    what = text.get("per_1000", lang=lang) if s["value"]["analysed"] == "rate" else ""
    significant = m["p"] <= s["alpha"]
    verdict = text.get("t_clustered" if significant and m["I"] > 0 else "t_dispersed" if significant
                       else "t_no_pattern", lang=lang)
    lines = [
        text.get("t_analysed", lang=lang, n=s["n"], total=s["n_areas"], weights=s["weights"],
                 permutations=s["permutations"], seed=s["seed"]),
        text.get("t_moran", lang=lang, I=num(m["I"], 3), expected=num(m["expected"], 3), z=num(m["z"], 2),
                 p=num(m["p"], 3), verdict=verdict),
        text.get("t_lisa", lang=lang) + (", ".join(f"{cat.label(k, lang=lang)} {v}" for k, v in s["lisa"].items()
                                                   if v) or text.get("t_none", lang=lang)),
        text.get("t_gi", lang=lang) + (", ".join(f"{cat.label(k, lang=lang)} {v}" for k, v in s["gi_star"].items()
                                                 if v and k != cat.NOT_SIGNIFICANT) or text.get("t_none", lang=lang))
        + (text.get("t_value_what", lang=lang, what=what) if what else ""),
    ]
    un = s["unmatched"]
    if un["data_only"]:
        lines.append(text.get("t_data_only", lang=lang) + few(un["data_only"]))
    if un["boundaries_only"]:
        lines.append(text.get("t_boundaries_only", lang=lang) + few(un["boundaries_only"]))
    if s["missing_value"]:
        lines.append(text.get("t_missing", lang=lang) + few(s["missing_value"]))
    if s.get("uncertain"):
        lines.append(text.get("t_uncertain", lang=lang) + few(s["uncertain"]))
    if s["islands"]:
        key = "t_islands_attach" if s["island_policy"] == "attach" else "t_islands_exclude"
        lines.append(text.get(key, lang=lang, n=len(s["islands"]), codes=few(s["islands"])))
    if s.get("separate_parts"):
        lines.append(text.get("t_parts", lang=lang, n=s["components"],
                              parts="; ".join(few(p, 5) for p in s["separate_parts"])))
    correction = s.get("correction", "fdr" if s["fdr"] else "none")
    if correction != "none" and s["permutations"]:
        note = correction_note(s["n"], s["permutations"], s["alpha"], correction=correction)
        if note and "never" in note:
            lines.append(text.get("t_correction_impossible", lang=lang, permutations=s["permutations"],
                                  floor=text.p_value(min_pseudo_p(s["permutations"]), lang=lang),
                                  correction="FDR" if correction == "fdr" else "Bonferroni", n=s["n"],
                                  needed=permutations_needed(s["n"], s["alpha"], correction=correction)))
        elif note:
            lines.append(text.get("t_fdr_floor", lang=lang, permutations=s["permutations"],
                                  floor=text.p_value(min_pseudo_p(s["permutations"]), lang=lang)))
    if s.get("no_population"):
        lines.append(text.get("t_no_population", lang=lang, codes=few(s["no_population"])))
    left_out = (s.get("bivariate") or {}).get("left_out")
    if left_out:
        lines.append(text.get("t_bivariate_left_out", lang=lang, n=len(left_out), codes=few(left_out)))
    if s.get("small_population"):
        lines.append(text.get("t_small_population", lang=lang,
                              threshold=text.number(s.get("small_population_threshold", 2000), 0, lang=lang),
                              codes=few(s["small_population"])))
    if s.get("caution"):
        lines.append(text.get("caution_global", lang=lang, p=text.p_value(m["p"], lang=lang)))
    if s.get("few_areas"):
        lines.append(text.get("t_few_areas", lang=lang, n=s["n"], minimum=FEW_AREAS))
    return "\n".join(lines)


def series_lines(series: dict[str, Any], *, lang: str = "nl") -> str:
    """The terminal lines of a series: the periods, the change, the transitions, the emerging hot spots."""
    keys = series["periods"]
    lines = [text.get("t_series", lang=lang, n=len(keys), first=periods.label(keys[0], lang=lang),
                      last=periods.label(keys[-1], lang=lang))]
    change = series.get("change")
    if change:
        counts = ", ".join(f"{cat.label(k, lang=lang)} {v}" for k, v in change["counts"].items() if v)
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
