"""Every reader-facing string, in Dutch and English, and the Dutch number format.

Maps, the terminal summary and the gebiedsscan are read by Dutch police
analysts and gemeente advisors, so Dutch is the default and English an
option. Strings live here and nowhere else; code asks for them by key::

    text.get("lisa", lang="nl")                    # "LISA-clusters"
    text.get("n_of", lang="en", n=3, total=5)      # placeholders are str.format fields
    text.number(1234.5, 1, lang="nl")              # "1.234,5"

Numbers follow the reader's language everywhere (legends, tooltips,
terminal): a decimal comma and a point between thousands in Dutch.
Error messages are not here: they are for whoever runs the command and
name options, files and codes.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

LANGS = ("nl", "en")

STRINGS: dict[str, dict[str, str]] = {
    "nl": {
        # Categories (keys are the names in geo.categories).
        "HH": "Hoog-Hoog (hot spot)",
        "LL": "Laag-Laag (cold spot)",
        "LH": "Laag tussen hoog",
        "HL": "Hoog tussen laag",
        "not_significant": "Niet significant",
        "island": "Geen buren (eiland)",
        "no_data": "Geen gegevens",
        "hot_99": "Hot spot, 99% betrouwbaar",
        "hot_95": "Hot spot, 95% betrouwbaar",
        "hot_90": "Hot spot, 90% betrouwbaar",
        "cold_90": "Cold spot, 90% betrouwbaar",
        "cold_95": "Cold spot, 95% betrouwbaar",
        "cold_99": "Cold spot, 99% betrouwbaar",
        # Map layers, tooltips and legends.
        "value": "Waarde",
        "rate": "Per 1.000 inwoners",
        "lisa": "LISA-clusters",
        "gi": "Gi* hot spots",
        "significance": "Significantie (LISA)",
        "context": "Omliggende grenzen",
        "name": "Naam",
        "code": "Code",
        "lisa_p": "LISA p",
        "gi_z": "Gi* z",
        "default_source": "Grenzen: CBS/PDOK (CC BY 4.0). Cijfers: CBS, Politie.",
        "synthetic_source": "Synthetische demogegevens: geen bron, geen echte gebieden.",
        "own_files": "Gegevens en grenzen: {files} (eigen bestanden).",
        "synthetic": "SYNTHETISCHE DEMODATA \u2013 geen echte gebieden of cijfers",
        "p_floor": "Met {permutations} permutaties is p nooit kleiner dan {floor}; fijnere klassen vervallen.",
        "margin": "Tussen haakjes: 95%-marge.",
        "uncertain": "te onzeker om los te lezen",
        "p_at_most": "p \u2264 {p}",
        "at_most": "\u2264 {x}",
        "range": "{a} \u2013 {b}",
        "sources": "Bronnen: ",
        "boundaries_word": "grenzen",
        "modified": "gewijzigd",
        "written": "Geschreven: ",
        "per_1000": "per 1.000 inwoners",
        "hotspots_title": "Hot spots: {what}",
        "demo_title": "Demogemeente (synthetisch): geregistreerde misdrijven per 1.000 inwoners",
        "redrawn_title": "Hot spots",
        # Terminal summary.
        "t_analysed": "Gebieden geanalyseerd: {n} van {total} (gewichten {weights}, {permutations} permutaties, "
                      "seed {seed})",
        "t_moran": "Moran's I = {I} (verwacht {expected}, z = {z}, p = {p}): {verdict}",
        "t_clustered": "ruimtelijke clustering: hoge waarden liggen bij hoge, lage bij lage",
        "t_dispersed": "ruimtelijke spreiding: hoge waarden liggen bij lage",
        "t_no_pattern": "geen aantoonbare ruimtelijke clustering",
        "p_fetch": "gegevens ophalen",
        "p_weights": "buren bepalen",
        "p_moran": "Moran's I ({permutations} permutaties)",
        "p_lisa": "LISA ({permutations} permutaties per gebied)",
        "p_gi": "Gi* ({permutations} permutaties per gebied)",
        "p_map": "kaart maken",
        "p_bivariate": "bivariate LISA ({permutations} permutaties per gebied)",
        "p_write": "bestanden schrijven",
        "p_period": "periode {period}",
        "t_lisa": "LISA-clusters: ",
        "t_none": "geen",
        "t_gi": "Gi* hot spots: ",
        "t_value_what": " (waarde {what})",
        "t_data_only": "Alleen in de gegevens (geen gebied): ",
        "t_boundaries_only": "Alleen in de grenzen (geen gegevens): ",
        "t_missing": "Zonder waarde, niet meegeteld: ",
        "t_uncertain": "Te onzeker om los te lezen (95%-marge groter dan de helft van het cijfer): ",
        "t_islands_attach": "Let op: {n} gebied(en) zonder buren ({codes}) gekoppeld aan het dichtstbijzijnde gebied",
        "t_islands_exclude": "Let op: {n} gebied(en) zonder buren ({codes}) buiten de statistiek gelaten en nooit "
                             "hot of cold genoemd",
        "t_parts": "Let op: de buurgraaf valt in {n} losse delen uiteen; naast het hoofddeel: {parts}",
        "t_fdr_floor": "Let op: met {permutations} permutaties is de kleinste tweezijdige p {floor}; de FDR-correctie "
                       "is daardoor moeilijk of niet te halen (verhoog --permutations)",
        "and_more": "en nog {n}",
        # Bivariate LISA ({x}: the area's own indicator, {y}: its neighbours' other indicator).
        "bv_HH": "Veel {x}, omgeving: veel {y}",
        "bv_LL": "Weinig {x}, omgeving: weinig {y}",
        "bv_HL": "Veel {x}, omgeving: weinig {y}",
        "bv_LH": "Weinig {x}, omgeving: toch veel {y}",
        "bivariate": "Bivariate LISA",
        "bv_p": "Bivariate p",
        "bv_x_crime": "geregistreerde criminaliteit",
        "bv_y_unsafe": "onveiligheidsgevoel",
        # Change between two periods.
        "rise": "Significante stijging",
        "fall": "Significante daling",
        "none": "Geen significante verandering",
        "too_few": "Te weinig om te toetsen",
        "not_testable": "Niet te toetsen",
        "change": "Verandering {a} \u2013 {b}",
        "change_row": "Verandering",
        "trend_row": "Verloop",
        # Emerging hot spots.
        "emerging": "Opkomende hot spots",
        "new_hot": "Nieuwe hot spot",
        "consecutive_hot": "Aaneengesloten hot spot",
        "intensifying_hot": "Toenemende hot spot",
        "persistent_hot": "Blijvende hot spot",
        "diminishing_hot": "Afnemende hot spot",
        "sporadic_hot": "Sporadische hot spot",
        "oscillating_hot": "Wisselende hot spot",
        "historical_hot": "Historische hot spot",
        "new_cold": "Nieuwe cold spot",
        "consecutive_cold": "Aaneengesloten cold spot",
        "intensifying_cold": "Toenemende cold spot",
        "persistent_cold": "Blijvende cold spot",
        "diminishing_cold": "Afnemende cold spot",
        "sporadic_cold": "Sporadische cold spot",
        "oscillating_cold": "Wisselende cold spot",
        "historical_cold": "Historische cold spot",
        "no_pattern": "Geen patroon",
        # Early warning.
        "flagged": "Stijging buiten de normale schommeling",
        "not_flagged": "Binnen de normale schommeling",
        "not_assessable": "Te weinig incidenten om te beoordelen",
        "warning": "Early warning {months}",
        "observed": "Geregistreerd",
        "expected": "Verwacht",
        # Caution.
        "caution_global": "Let op: het patroon als geheel is niet significant (Moran's I, p = {p}); lees de "
                          "lokale clusters met voorzichtigheid.",
        "t_series": "Reeks van {n} perioden, {first} tot en met {last}",
        "t_stay": "Van de Hoog-Hoog-gebieden bleef {share}% in de volgende periode Hoog-Hoog",
        "t_no_emerging": "Opkomende hot spots vragen minstens {needed} perioden (zoals in ArcGIS Pro); deze reeks "
                         "heeft er {n}: zie de hot spots per periode en de verandering",
        "t_correction_impossible": "Let op: met {permutations} permutaties is de kleinste tweezijdige p {floor}; de "
                                   "{correction}-correctie over {n} gebieden is daardoor niet te halen: verhoog "
                                   "--permutations tot minstens {needed}",
        "t_small_population": "Kleine bevolking (minder dan {threshold} inwoners), cijfer rust op weinig gevallen: "
                              "{codes}",
        "gi_permutation": "Gi* hot spots (permutatie)",
        "gi_normal": "Gi* hot spots (normale benadering)",
        "gi_p": "Gi* p",
        "population": "Inwoners",
        "rate_eb": "Per 1.000 inwoners (empirisch Bayes)",
        "rate_seb": "Per 1.000 inwoners (ruimtelijk empirisch Bayes)",
    },
    "en": {
        "HH": "High-High (hot spot)",
        "LL": "Low-Low (cold spot)",
        "LH": "Low among high",
        "HL": "High among low",
        "not_significant": "Not significant",
        "island": "No neighbours (island)",
        "no_data": "No data",
        "hot_99": "Hot spot, 99% confidence",
        "hot_95": "Hot spot, 95% confidence",
        "hot_90": "Hot spot, 90% confidence",
        "cold_90": "Cold spot, 90% confidence",
        "cold_95": "Cold spot, 95% confidence",
        "cold_99": "Cold spot, 99% confidence",
        "value": "Value",
        "rate": "Per 1,000 inhabitants",
        "lisa": "LISA clusters",
        "gi": "Gi* hot spots",
        "significance": "Significance (LISA)",
        "context": "Surrounding boundaries",
        "name": "Name",
        "code": "Code",
        "lisa_p": "LISA p",
        "gi_z": "Gi* z",
        "default_source": "Boundaries: CBS/PDOK (CC BY 4.0). Figures: CBS, Politie.",
        "synthetic_source": "Synthetic demo data: no source, no real areas.",
        "own_files": "Figures and boundaries: {files} (own files).",
        "synthetic": "SYNTHETIC DEMO DATA \u2013 not real areas or figures",
        "p_floor": "With {permutations} permutations p is never below {floor}; finer classes are left out.",
        "margin": "In brackets: 95% margin.",
        "uncertain": "too uncertain to read alone",
        "p_at_most": "p \u2264 {p}",
        "at_most": "\u2264 {x}",
        "range": "{a} \u2013 {b}",
        "sources": "Sources: ",
        "boundaries_word": "boundaries",
        "modified": "modified",
        "written": "Written: ",
        "per_1000": "per 1,000 inhabitants",
        "hotspots_title": "Hot spots: {what}",
        "demo_title": "Synthetic demo region: registered crimes per 1,000 inhabitants",
        "redrawn_title": "Hot spots",
        "t_analysed": "Areas analysed: {n} of {total} (weights {weights}, {permutations} permutations, seed {seed})",
        "t_moran": "Moran's I = {I} (expected {expected}, z = {z}, p = {p}): {verdict}",
        "t_clustered": "spatial clustering: high values near high, low near low",
        "t_dispersed": "spatial dispersion",
        "t_no_pattern": "no significant spatial clustering",
        "p_fetch": "fetching figures",
        "p_weights": "finding neighbours",
        "p_moran": "Moran's I ({permutations} permutations)",
        "p_lisa": "LISA ({permutations} permutations per area)",
        "p_gi": "Gi* ({permutations} permutations per area)",
        "p_map": "drawing the map",
        "p_bivariate": "bivariate LISA ({permutations} permutations per area)",
        "p_write": "writing files",
        "p_period": "period {period}",
        "t_lisa": "LISA clusters: ",
        "t_none": "none",
        "t_gi": "Gi* hot spots: ",
        "t_value_what": " (value {what})",
        "t_data_only": "Only in the data (no area): ",
        "t_boundaries_only": "Only in the boundaries (no data): ",
        "t_missing": "Without a value, left out: ",
        "t_uncertain": "Too uncertain to read alone (95% margin larger than half the figure): ",
        "t_islands_attach": "Note: {n} area(s) without neighbours ({codes}) attached to their nearest neighbour",
        "t_islands_exclude": "Note: {n} area(s) without neighbours ({codes}) left out of the statistics and never "
                             "labelled hot or cold",
        "t_parts": "Note: the neighbour graph has {n} separate parts; besides the main part: {parts}",
        "t_fdr_floor": "Note: with {permutations} permutations the smallest two-sided p is {floor}; the FDR "
                       "correction is hard or impossible to pass (raise --permutations)",
        "and_more": "and {n} more",
        "bv_HH": "High {x}, surroundings: high {y}",
        "bv_LL": "Low {x}, surroundings: low {y}",
        "bv_HL": "High {x}, surroundings: low {y}",
        "bv_LH": "Low {x}, surroundings: still high {y}",
        "bivariate": "Bivariate LISA",
        "bv_p": "Bivariate p",
        "bv_x_crime": "registered crime",
        "bv_y_unsafe": "feeling unsafe",
        "rise": "Significant rise",
        "fall": "Significant fall",
        "none": "No significant change",
        "too_few": "Too few to test",
        "not_testable": "Cannot be tested",
        "change": "Change {a} \u2013 {b}",
        "change_row": "Change",
        "trend_row": "Trend",
        "emerging": "Emerging hot spots",
        "new_hot": "New hot spot",
        "consecutive_hot": "Consecutive hot spot",
        "intensifying_hot": "Intensifying hot spot",
        "persistent_hot": "Persistent hot spot",
        "diminishing_hot": "Diminishing hot spot",
        "sporadic_hot": "Sporadic hot spot",
        "oscillating_hot": "Oscillating hot spot",
        "historical_hot": "Historical hot spot",
        "new_cold": "New cold spot",
        "consecutive_cold": "Consecutive cold spot",
        "intensifying_cold": "Intensifying cold spot",
        "persistent_cold": "Persistent cold spot",
        "diminishing_cold": "Diminishing cold spot",
        "sporadic_cold": "Sporadic cold spot",
        "oscillating_cold": "Oscillating cold spot",
        "historical_cold": "Historical cold spot",
        "no_pattern": "No pattern",
        "flagged": "Rise beyond the usual ups and downs",
        "not_flagged": "Within the usual ups and downs",
        "not_assessable": "Too few incidents to judge",
        "warning": "Early warning {months}",
        "observed": "Registered",
        "expected": "Expected",
        "caution_global": "Note: the pattern as a whole is not significant (Moran's I, p = {p}); read the local "
                          "clusters with care.",
        "t_series": "Series of {n} periods, {first} to {last}",
        "t_stay": "Of the High-High areas, {share}% stayed High-High in the next period",
        "t_no_emerging": "Emerging hot spots need at least {needed} periods (as in ArcGIS Pro); this series has {n}: "
                         "see the hot spots per period and the change",
        "t_correction_impossible": "Note: with {permutations} permutations the smallest two-sided p is {floor}; the "
                                   "{correction} correction over {n} areas cannot be passed: raise --permutations to "
                                   "at least {needed}",
        "t_small_population": "Small population (fewer than {threshold} inhabitants), figure rests on few cases: "
                              "{codes}",
        "gi_permutation": "Gi* hot spots (permutation)",
        "gi_normal": "Gi* hot spots (normal approximation)",
        "gi_p": "Gi* p",
        "population": "Inhabitants",
        "rate_eb": "Per 1,000 inhabitants (empirical Bayes)",
        "rate_seb": "Per 1,000 inhabitants (spatial empirical Bayes)",
    },
}


def lang_of(lang: str | None) -> str:
    """``lang`` when vmgeo speaks it, else Dutch."""
    return lang if lang in LANGS else "nl"


def get(key: str, *, lang: str = "nl", **fields: object) -> str:
    """The string ``key`` in ``lang``, with ``fields`` filled in.

    Unknown keys come back as the key itself, so a category name without a
    label still shows up as something readable.
    """
    template = STRINGS[lang_of(lang)].get(key, STRINGS["nl"].get(key, key))
    return template.format(**fields) if fields else template


def has(key: str) -> bool:
    """Whether ``key`` has a string."""
    return key in STRINGS["nl"]


def number(x: float | None, digits: int = 1, *, lang: str = "nl", grouping: bool = True) -> str:
    """Format a number for readers: ``1.234,5`` in Dutch, ``1,234.5`` in English.

    ``None`` and NaN become an en dash, so a table never shows "nan".
    """
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "\u2013"
    text = f"{x:,.{digits}f}" if grouping else f"{x:.{digits}f}"
    if lang_of(lang) == "nl":
        text = text.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")
    return text


def p_value(p: float, *, lang: str = "nl") -> str:
    """A p-value or significance level with at most four significant digits (``0,05``, ``0,0001``)."""
    text = f"{p:.4g}"
    return text.replace(".", ",") if lang_of(lang) == "nl" else text


def few(items: Iterable[object], n: int = 8, *, lang: str = "en") -> str:
    """The first ``n`` items and how many more, for one line of text."""
    items = list(items)
    shown = ", ".join(str(i) for i in items[:n])
    if len(items) > n:
        shown += " " + get("and_more", lang=lang, n=len(items) - n)
    return shown
