"""Every reader-facing string, in Dutch and English, and the Dutch number format.

Maps, the terminal summary and the gebiedsscan are read by Dutch police
analysts and gemeente advisors, so Dutch is the default and English an
option. Strings live here and nowhere else; code asks for them by key::

    text.get("lisa", lang="nl")                    # "LISA-clusters"
    text.get("n_of", lang="en", n=3, total=5)      # placeholders are str.format fields
    text.number(1234.5, 1, lang="nl")              # "1.234,5"

Numbers follow the reader's language everywhere (legends, tooltips,
terminal): a decimal comma and a point between thousands in Dutch.
Warnings are here too (:class:`Say`). Error lines are not: their home is
:mod:`geo.messages` (Dutch and English as well, in the run's language).
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterable, Iterator
from contextvars import ContextVar, Token
from decimal import Decimal

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
        "hidden_count": "{shown} (verborgen)",
        "hidden_small_count": "Klein aantal (verborgen)",
        "map_no_inhabitants": "Geen inwoners bekend (geen cijfer)",
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
        "squares_file_source": "Inwoners per vierkant: CBS vierkantstatistieken ({file}), CC BY 4.0.",
        "synthetic": "SYNTHETISCHE DEMODATA \u2013 geen echte gebieden of cijfers",
        "p_floor": "Met {permutations} permutaties is p nooit kleiner dan {floor}; fijnere klassen vervallen.",
        "kde_bandwidth_raised": "De bandbreedte van de dichtheidskaart ({bandwidth} m) is kleiner dan een vierkant; "
                                "{cell} m gebruikt.",
        # --scale auto (geo.scale) and vmgeo nearrepeat (geo.nearrepeat): one line per choice.
        "scale_study_area": "Studiegebied: {n} van {total} incidenten liggen erin; alleen zij bepalen de schaal",
        "scale_outliers": "Locatie-uitschieters: {n} incident(en) verder dan {limit} m van hun dichtstbijzijnde buur "
                          "(gemiddeld {mean} m + 3 x standaardafwijking {sd} m) weggelaten",
        "scale_pattern": "Spreiding: gemiddelde afstand tot de dichtstbijzijnde buur {observed} m, bij toeval "
                         "{expected} m (ratio {ratio}; onder 1 liggen de incidenten geclusterd)",
        "scale_cell": "Celgrootte: {cell} m (gemiddelde afstand tot de dichtstbijzijnde buur {mean} m, afgerond op "
                      "een CBS-vierkant van 100, 500 of 1000 m)",
        "scale_cell_given": "Celgrootte: {cell} m (opgegeven met --grid)",
        "scale_cell_larger": "Celgrootte: {cell} m, want het studiegebied is {km2} km² en kleinere vierkanten "
                             "zouden er meer dan {maximum} zijn (kies een kleiner gebied met --within, of geef "
                             "--grid)",
        "scale_hex": "H3-zeshoeken: resolutie {resolution} (gemiddeld {area} km², het dichtst bij een vierkant met als "
                     "zijde de gemiddelde afstand tot de dichtstbijzijnde buur, {mean} m)",
        "scale_hex_floor": "H3-zeshoeken: resolutie {resolution} (gemiddeld {area} km², het dichtst bij een vierkant "
                           "van {side} m: de gemiddelde afstand tot de dichtstbijzijnde buur, {mean} m, is kleiner, "
                           "maar zeshoeken worden niet fijner dan het kleinste CBS-vierkant, zoals vierkanten)",
        "scale_hex_given": "H3-zeshoeken: resolutie {resolution} (opgegeven met --hex)",
        "scale_hex_larger": "H3-zeshoeken: resolutie {resolution}, want het studiegebied is {km2} km² en kleinere "
                            "zeshoeken zouden er meer dan {maximum} zijn (kies een kleiner gebied met --within, of "
                            "geef --hex RES)",
        "scale_fdr": "FDR-correctie aan: elk vierkant is een eigen toets (zoals Optimized Hot Spot Analysis)",
        "scale_fdr_hex": "FDR-correctie aan: elke zeshoek is een eigen toets (zoals Optimized Hot Spot Analysis)",
        "scale_band": "Afstandsband: {band} m, de eerste piek van ruimtelijke autocorrelatie (Moran's I z = {z}) "
                      "over {bands} banden van {start} tot {end} m",
        "scale_knn": "Geen significante piek van ruimtelijke autocorrelatie over {bands} banden van {start} tot "
                     "{end} m: {k} dichtstbijzijnde buren (5% van {areas} gebieden, minstens 3, hoogstens 30)",
        "nr_result": "Near-repeat (Knox): {observed} paren binnen {distance} m en {days} dagen, {expected} verwacht "
                     "bij toeval (ratio {ratio}, {p}, {permutations} permutaties, eenzijdig)",
        "nr_yes": "Incidenten volgen elkaar vaker op dichtbij en kort na elkaar dan toeval verklaart.",
        "nr_no": "Geen aantoonbaar near-repeatpatroon bij deze afstand en termijn.",
        "nr_counts": "{n} incidenten; {space} paren dichtbij, {time} paren kort na elkaar",
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
        "incidents_word": "Incidenten",
        "per_square": "per vierkant van {cell} m",
        "per_hexagon": "per H3-zeshoek (resolutie {resolution})",
        "t_incidents_read": "Incidenten: {read} rijen gelezen, {used} gebruikt",
        "t_incidents_dropped": "Weggelaten: {reasons}",
        "t_incidents_filtered": "Gefilterd: {filters}",
        "t_incidents_counted": "Geteld in {areas} {target}: {counted}; daarbuiten: {outside}",
        "t_target_grid": "vierkanten van {cell} m",
        "t_target_hex": "H3-zeshoeken",
        "t_target_polygons": "gebieden",
        "t_density": "Dichtheidskaart: bandbreedte {bandwidth} m, {masked} van {squares} vierkanten gemaskeerd "
                     "(minder dan {min_count} incidenten)",
        "t_density_unmasked": "Dichtheidskaart: bandbreedte {bandwidth} m, {squares} vierkanten",
        "t_density_periods": "Dichtheidskaart per periode ({periods} perioden, één bandbreedte); de kaart en de "
                             "maskering hierboven gelden voor {period}, results.gpkg heeft elke periode",
        "t_no_density": "Geen dichtheidskaart: minder dan twee incidenten in het gebied, alle op één plek, of (bij "
                        "aantallen per vierkant uit een map met delen of --scheduler) een bandbreedte korter dan drie "
                        "getelde vierkanten",
        "period_span": "{first} t/m {last}",
        "reason_no_coordinates": "geen coördinaten",
        "reason_outside_netherlands": "buiten Nederland",
        "reason_bad_date": "onleesbare datum",
        "filter_type": "type",
        "filter_period": "periode",
        "filter_outlier": "locatie-uitschieters (--scale auto)",
        "hotspots_title": "Hot spots: {what}",
        "demo_title": "Demogemeente (synthetisch): geregistreerde misdrijven per 1.000 inwoners",
        "demo_incidents_title": "Demo (synthetisch): incidenten per vierkant van {cell} m rond Eindhoven-centrum",
        "redrawn_title": "Hot spots",
        # Terminal summary.
        "t_analysed": "Gebieden geanalyseerd: {n} van {total} (gewichten {weights}, {permutations} permutaties, "
                      "seed {seed})",
        "t_moran": "Moran's I = {I} (verwacht {expected}, z = {z}, {p}): {verdict}",
        # Which p a line prints: a rank among permutations, or the normal tail of a z (they differ when the
        # permutations' distribution is skewed, as it is for counts dominated by a few big areas).
        "t_pseudo_p": "pseudo-{p} uit {permutations} permutaties; normale benadering: z = {z_norm}, {p_norm}",
        "t_pseudo_p_only": "pseudo-{p} uit {permutations} permutaties",
        "t_normal_p": "{p}, normale benadering",
        "t_gi_by": "Gi* hot spots ({how}): ",
        "t_gi_by_permutation": "pseudo-p uit {permutations} permutaties",
        "t_gi_by_normal": "p van de normale benadering van z",
        "t_caution_global": "Let op: het patroon als geheel is niet significant (Moran's I, {p}); lees de lokale "
                            "clusters met voorzichtigheid.",
        "t_clustered": "ruimtelijke clustering: hoge waarden liggen bij hoge, lage bij lage",
        "t_dispersed": "ruimtelijke spreiding: hoge waarden liggen bij lage",
        "t_no_pattern": "geen aantoonbare ruimtelijke clustering",
        "p_fetch": "gegevens ophalen",
        "p_weights": "buren bepalen",
        "p_scale": "schaal kiezen (zoals Optimized Hot Spot Analysis)",
        "p_moran": "Moran's I ({permutations} permutaties)",
        "p_lisa": "LISA ({permutations} permutaties per gebied)",
        "p_gi": "Gi* ({permutations} permutaties per gebied)",
        "p_map": "kaart maken",
        "p_scan": "gebiedsscan samenstellen",
        "p_bivariate": "bivariate LISA ({permutations} permutaties per gebied)",
        "p_write": "bestanden schrijven",
        "t_lisa": "LISA-clusters: ",
        "t_none": "geen",
        "t_gi": "Gi* hot spots: ",
        "t_value_what": " (waarde {what})",
        "t_data_only": "Alleen in de gegevens (geen gebied): ",
        "t_boundaries_only": "Alleen in de grenzen (geen gegevens): ",
        "join_other_year": "{source}: {n} code(s) alleen in de gegevens horen bij gemeenten van een ander jaar "
                           "({codes}); de gegevens lijken ingedeeld naar de gemeenten van {years}: geef "
                           "--data-year {year} om de cijfers naar deze grenzen over te zetten",
        "year_or_earlier": "{year} of eerder",
        "year_or_later": "{year} of later",
        "years_range": "{first}\u2013{last}",
        "t_missing": "Zonder waarde, niet meegeteld: ",
        "t_uncertain": "Te onzeker om los te lezen (95%-marge groter dan de helft van het cijfer): ",
        "t_islands_attach": "Let op: {n} gebied(en) zonder buren ({codes}) gekoppeld aan het dichtstbijzijnde gebied",
        "t_islands_exclude": "Let op: {n} gebied(en) zonder buren ({codes}) buiten de statistiek gelaten en nooit "
                             "hot of cold genoemd",
        "t_parts": "Let op: de buurgraaf valt in {n} losse delen uiteen; naast het hoofddeel: {parts}",
        "t_parts_more": "; en nog {n} delen",
        "t_fdr_floor": "Let op: met {permutations} permutaties is de kleinste tweezijdige p {floor}; de FDR-correctie "
                       "is daardoor moeilijk of niet te halen (verhoog --permutations)",
        "and_more": "en nog {n}",
        # Gebiedsscan (vmgeo scan): headings, tables, findings, notes.
        "scan_title": "Gebiedsscan {name}",
        "scan_made": "gemaakt op {date} met vmgeo {version}",
        "scan_status_draft": "Conceptversie voor de expertbijeenkomst",
        "scan_status_final": "Definitieve versie, met de uitkomsten van de expertbijeenkomst",
        "scan_intro": "Deze scan zet de cijfers over veiligheid in het gebied bij elkaar. Vraag bij elk cijfer: "
                      "herkennen we dit? De cijfers zijn een middel om het gesprek te voeren, geen doel op zich.",
        "scan_footer": "vmgeo {version}. Vingerafdruk van de bespreekpunten: {fingerprint}.",
        "scan_done": "Gebiedsscan {name} ({code}), {year}: {n} bespreekpunten. {version}.",
        "scan_level_gemeente": "Gemeente",
        "scan_level_wijk": "Wijk",
        "scan_level_basisteam": "Basisteam",
        "scan_level_district": "District",
        "scan_level_eenheid": "Regionale eenheid",
        "scan_section_samenvatting": "Samenvatting",
        "scan_section_kerncijfers": "Kerncijfers",
        "scan_section_vergelijking": "Vergelijking",
        "scan_section_ontwikkeling": "Ontwikkeling",
        "scan_section_objectief": "Objectief en subjectief",
        "scan_section_dark_number": "Dark number",
        "scan_section_hotspots": "Hot spots binnen het gebied",
        "scan_section_bespreekpunten": "Bespreekpunten",
        "scan_section_bronnen": "Bronnen en kanttekeningen",
        "scan_inhabitants": "Inwoners",
        "scan_h_survey": "Veiligheidsmonitor {period}: {area}",
        "scan_h_registered": "Geregistreerde criminaliteit en overlast {period}",
        "scan_group_feeling": "Onveiligheidsgevoel",
        "scan_group_nuisance": "Overlast",
        "scan_group_victims": "Slachtofferschap (afgelopen 12 maanden)",
        "scan_group_reporting": "Aangiftebereidheid (deel van de slachtoffers)",
        "scan_group_judgement": "Oordeel over gemeente en politie",
        "scan_group_places": "Plekken en wijken",
        "scan_group_registered": "Geregistreerd",
        "scan_col_indicator": "Indicator",
        "scan_col_value": "Waarde",
        "scan_col_margin": "95%-marge",
        "scan_col_kind": "Soort",
        "scan_col_count": "Aantal",
        "scan_col_rate": "Per 1.000 inwoners",
        "scan_col_victims": "Geschat aantal slachtoffers",
        "scan_col_unreported": "Waarvan zonder aangifte",
        "scan_col_reports": "Verwachte aangiften",
        "scan_col_registered": "Geregistreerd",
        "scan_col_nr": "Nr.",
        "scan_col_finding": "Bespreekpunt",
        "scan_col_trend": "Trend (laatste jaar)",
        "scan_summary_intro": "{area} in één tabel: per thema de beleving (Veiligheidsmonitor) en de registraties "
                              "naast elkaar, met het oordeel tegenover elke vergelijking en de verandering ten "
                              "opzichte van het jaar ervoor. De cijfers en toetsen staan in de hoofdstukken hierna.",
        "scan_summary_method": "Beter of slechter alleen bij een significant en relevant verschil (zie "
                               "Vergelijking); \u25b2 gestegen, \u25bc gedaald, de kleur zegt of dat beter of "
                               "slechter is.",
        "scan_col_theme": "Thema",
        "scan_col_recognised": "Herkend",
        "scan_col_explanation": "Toelichting",
        "scan_col_action": "Actie",
        "scan_col_source": "Bron",
        "scan_col_table": "Tabel",
        "scan_col_title": "Titel",
        "scan_col_measure": "Onderwerp",
        "scan_col_period": "Periode",
        "scan_col_status": "Status",
        "scan_col_fetched": "Opgehaald",
        "scan_col_modified": "Gewijzigd",
        "scan_col_area": "Gebied",
        "scan_ind_inwoners": "Inwoners",
        "scan_ind_onveilig": "Voelt zich weleens onveilig",
        "scan_ind_onveilig_buurt": "Voelt zich weleens onveilig in de eigen buurt",
        "scan_ind_rapportcijfer_veiligheid_buurt": "Rapportcijfer veiligheid in de buurt",
        "scan_ind_overlast_buurt": "Ervaart overlast in de buurt",
        "scan_ind_slachtoffer_inbraak": "Slachtoffer van inbraak",
        "scan_ind_slachtoffer_fietsdiefstal": "Slachtoffer van fietsdiefstal",
        "scan_ind_slachtoffer_mishandeling": "Slachtoffer van mishandeling",
        "scan_ind_slachtoffer_vernieling": "Slachtoffer van vernieling",
        "scan_ind_aangifte_inbraak": "Aangifte na inbraak",
        "scan_ind_aangifte_fietsdiefstal": "Aangifte na fietsdiefstal",
        "scan_ind_aangifte_mishandeling": "Aangifte na mishandeling",
        "scan_ind_aangifte_vernieling": "Aangifte na vernieling",
        "scan_ind_oordeel_gemeente": "Tevreden over de gemeente",
        "scan_ind_oordeel_politie_buurt": "Tevreden over de politie in de buurt",
        "scan_ind_misdrijven": "Geregistreerde misdrijven, totaal",
        "scan_ind_woninginbraak": "Woninginbraak",
        "scan_ind_fietsendiefstal": "Fietsendiefstal",
        "scan_ind_geweld": "Geweld",
        "scan_ind_vernieling": "Vernieling",
        "scan_ind_overlast_jeugd": "Overlast jeugd",
        "scan_ind_overlast_verward": "Overlast verward persoon",
        "scan_ind_mishandeling": "Mishandeling",
        "scan_ind_quadrant": "Kwadrant objectief/subjectief",
        "scan_ind_bivariate": "Bivariate LISA",
        "scan_ind_bivariate_global": "Bivariate Moran's I van de wijken",
        "scan_ind_dark_victims_inbraak": "Geschatte slachtoffers van inbraak",
        "scan_ind_dark_victims_fietsdiefstal": "Geschatte slachtoffers van fietsdiefstal",
        "scan_ind_dark_victims_mishandeling": "Geschatte slachtoffers van mishandeling",
        "scan_ind_dark_victims_vernieling": "Geschatte slachtoffers van vernieling",
        "scan_ind_dark_unreported_inbraak": "Inbraak zonder aangifte (schatting)",
        "scan_ind_dark_unreported_fietsdiefstal": "Fietsdiefstal zonder aangifte (schatting)",
        "scan_ind_dark_unreported_mishandeling": "Mishandeling zonder aangifte (schatting)",
        "scan_ind_dark_unreported_vernieling": "Vernieling zonder aangifte (schatting)",
        "scan_ind_dark_reports_inbraak": "Verwachte aangiften van inbraak (schatting)",
        "scan_ind_dark_reports_fietsdiefstal": "Verwachte aangiften van fietsdiefstal (schatting)",
        "scan_ind_dark_reports_mishandeling": "Verwachte aangiften van mishandeling (schatting)",
        "scan_ind_dark_reports_vernieling": "Verwachte aangiften van vernieling (schatting)",
        "scan_ind_dark_registered_inbraak": "Geregistreerde woninginbraken",
        "scan_ind_dark_registered_fietsdiefstal": "Geregistreerde fietsendiefstallen",
        "scan_ind_dark_registered_mishandeling": "Geregistreerde mishandelingen",
        "scan_ind_dark_registered_vernieling": "Geregistreerde vernielingen",
        "scan_unit_percent": "%",
        "scan_unit_mark": "rapportcijfer",
        "scan_unit_per_1000": "per 1.000 inwoners",
        "scan_unit_count": "aantal",
        "scan_unit_persons": "personen (schatting)",
        "scan_unit_households": "huishoudens (schatting)",
        "scan_suffix_percent": "%",
        "scan_suffix_per_1000": " per 1.000 inwoners",
        "scan_per_1000_short": "per 1.000",
        "scan_registrations": "registraties in {year}",
        "scan_verdict_worse": "Slechter",
        "scan_verdict_better": "Beter",
        "scan_verdict_no_difference": "Geen aantoonbaar verschil",
        "scan_verdict_not_testable": "Niet te toetsen",
        "scan_verdict_too_few": "Te weinig om te toetsen",
        "scan_verdict_no_relevant_difference": "Geen relevant verschil",
        "scan_verdict_small_change": "Geen relevante verandering",
        "scan_verdict_rise": "Gestegen",
        "scan_verdict_fall": "Gedaald",
        "scan_verdict_none": "Geen aantoonbare verandering",
        "scan_change_worse": "Significante verandering, slechter",
        "scan_change_better": "Significante verandering, beter",
        "scan_change_shapes": "\u25b2 gestegen, \u25bc gedaald",
        "scan_no_survey": "De Veiligheidsmonitor heeft geen cijfers voor {area} en ook niet voor een gebied eromheen "
                          "(geen eigen steekproef). Hieronder staat wat er wel is.",
        "scan_survey_fallback": "De Veiligheidsmonitor heeft geen eigen cijfers voor {area} (geen eigen "
                                "steekproef). De cijfers hieronder zijn die van {other}; ze gelden niet "
                                "rechtstreeks voor {area}.",
        "scan_survey_derived": "De Veiligheidsmonitor heeft geen eigen cijfers voor {area}. De cijfers hieronder "
                               "zijn afgeleid (niet door het CBS gepubliceerd) uit de gemeenten van het gebied met "
                               "eigen cijfers: {own}.",
        "scan_survey_derived_rest": "Voor {rest} (geen eigen cijfers) telt samen het cijfer van {eenheid}.",
        "scan_survey_derived_rule": "Rekenregel: het gemiddelde van de delen, gewogen naar hun inwoners van 15 jaar "
                                    "en ouder (w); de marge is 1,96 × √(Σ w² × se²), "
                                    "met se de halve 95%-marge van een deel gedeeld door 1,96, alsof de delen "
                                    "onafhankelijke steekproeven zijn.",
        "scan_derived": "afgeleid",
        "scan_respondents": "Aantal respondenten (ongewogen) van de Veiligheidsmonitor {period}, zoals het CBS "
                            "het geeft; aangifte is gevraagd aan de slachtoffers onder hen:",
        "scan_respondents_unknown": "onbekend",
        "scan_no_counts": "Er zijn geen geregistreerde cijfers voor dit gebied opgehaald.",
        "scan_method_registered": "Geregistreerd: door de politie vastgelegde misdrijven en meldingen van "
                                  "overlast in het scanjaar, per 1.000 inwoners (inwoners op 1 januari {population}).",
        "scan_ref_peers_gemeente": "vergelijkbare gemeenten",
        "scan_ref_peers_wijk": "vergelijkbare wijken",
        "scan_ref_peers_basisteam": "de andere basisteams",
        "scan_ref_peers_district": "de andere districten",
        "scan_ref_peers_eenheid": "de andere eenheden",
        "scan_ref_eenheid_short": "eenheid {name}",
        "scan_country": "Nederland",
        "scan_ref_without": "{ref} zonder {area}",
        "scan_or_more": "{n} of meer",
        "scan_peers_auto": "Vergelijkbare gemeenten: dezelfde mate van stedelijkheid (klasse {urbanity}) en "
                           "grootteklasse ({size} inwoners): {names}.",
        "scan_peers_units": "Vergelijkbaar: {peers} in de samenstelling: {names}.",
        "scan_peers_compare": "Vergelijkingsgroep (gekozen door de opsteller van de scan): {names}.",
        "scan_compare_wijk": "{area} wordt vergeleken met {gemeente} als geheel en met de rest van {gemeente} "
                             "(de gemeente zonder {area}); beter of slechter is getoetst tegen die rest.",
        "scan_h_compare_survey": "Veiligheidsmonitor {period}",
        "scan_h_compare_registered": "Geregistreerd {period}, per 1.000 inwoners",
        "scan_no_survey_comparison": "Geen vergelijking van de Veiligheidsmonitor: {area} heeft geen eigen "
                                     "cijfers.",
        "scan_no_comparison": "Er is niets om te vergelijken: er zijn geen cijfers van het gebied.",
        "scan_method_compare": "Beter of slechter staat er alleen waar het verschil significant is (95%): voor de "
                               "Veiligheidsmonitor volgens de regel van het CBS (standaardfouten uit de marges), "
                               "voor registraties met een exacte toets op de aantallen, met de inwoners als "
                               "blootstelling. Het gebied zelf is uit een referentie waar het in ligt weggelaten. "
                               "Anders: geen aantoonbaar verschil. De vergelijkbare gebieden zijn samen genomen, "
                               "gewogen naar inwoners van 15 jaar en ouder.",
        "scan_method_relevant": "Een significant verschil heet pas beter of slechter als het ook relevant is: ten "
                                "minste {rate}% van de referentie bij cijfers per 1.000 inwoners, {percent} "
                                "procentpunt bij een percentage en {mark} bij een rapportcijfer; anders: geen "
                                "relevant verschil. Registraties schommelen van jaar tot jaar meer dan toeval bij "
                                "vaste kansen verklaart; die extra spreiding (uit de eigen reeks) is in de toets en "
                                "de marges meegenomen.",
        "scan_h_development_survey": "Veiligheidsmonitor: {area}",
        "scan_h_development_registered": "Geregistreerd: {area} (aantallen per jaar)",
        "scan_no_development": "Er is maar één jaar met cijfers: geen ontwikkeling te tonen.",
        "scan_method_development": "Een gekleurde stip is een significante stijging of daling ten opzichte van "
                                   "het jaar (of de editie) ervoor: Veiligheidsmonitor met de marges, registraties "
                                   "met een exacte toets op de aantallen. Grijze strepen: 95%-marges.",
        "scan_axis_x": "Geregistreerde misdrijven per 1.000 inwoners",
        "scan_axis_y": "Voelt zich weleens onveilig in de buurt (%)",
        "scan_median": "mediaan",
        "scan_quadrant_high_high": "Veel criminaliteit, veel onveiligheidsgevoel",
        "scan_quadrant_high_low": "Veel criminaliteit, weinig onveiligheidsgevoel",
        "scan_quadrant_low_high": "Weinig criminaliteit, veel onveiligheidsgevoel",
        "scan_quadrant_low_low": "Weinig criminaliteit, weinig onveiligheidsgevoel",
        "scan_quadrant_undecided": "Niet duidelijk boven of onder de mediaan",
        "scan_quadrant_text_high_high": "In {area} wordt meer criminaliteit geregistreerd dan bij de helft van de "
                                        "andere gebieden, en voelen ook meer mensen zich weleens onveilig "
                                        "in de buurt: gevoel en registratie wijzen dezelfde kant op.",
        "scan_quadrant_text_high_low": "In {area} wordt meer criminaliteit geregistreerd dan bij de helft van de "
                                       "andere gebieden, maar voelen minder mensen zich onveilig in de "
                                       "buurt: herkennen bewoners wat de politie registreert?",
        "scan_quadrant_text_low_high": "In {area} wordt minder criminaliteit geregistreerd dan bij de helft van de "
                                       "andere gebieden, maar voelen meer mensen zich onveilig in de buurt: "
                                       "waar komt dat gevoel vandaan?",
        "scan_quadrant_text_low_low": "In {area} wordt minder criminaliteit geregistreerd dan bij de helft van de "
                                      "andere gebieden, en voelen ook minder mensen zich onveilig in de "
                                      "buurt.",
        "scan_quadrant_text_undecided": "De marge van {area} reikt over een van de medianen heen: of er meer of "
                                        "minder criminaliteit of onveiligheidsgevoel is dan bij de helft van de "
                                        "andere gebieden, is met deze cijfers niet te zeggen.",
        "scan_scatter_peers": "vergeleken met de vergelijkbare gebieden",
        "scan_scatter_all": "vergeleken met alle gemeenten met eigen cijfers van de Veiligheidsmonitor",
        "scan_scatter_wijken": "vergeleken met de andere wijken van de gemeente",
        "scan_no_quadrant": "Voor {area} zijn niet beide cijfers er (geregistreerde criminaliteit en het "
                            "onveiligheidsgevoel uit de Veiligheidsmonitor): geen spreidingsdiagram.",
        "scan_no_quadrant_unit": "Geen spreidingsdiagram voor {area}: dat zet gemeenten of wijken naast elkaar. "
                                 "Hoofdstuk 7 toont de gemeenten binnen het gebied.",
        "scan_method_quadrant": "De stippellijnen zijn de medianen van de andere gebieden; boven de mediaan "
                                "betekent: meer dan de helft van hen.",
        "scan_h_bivariate": "Wijken: criminaliteit in de wijk en onveiligheidsgevoel eromheen (bivariate LISA)",
        "scan_bivariate_none": "Geen wijk met een significant verband.",
        "scan_bivariate_global": "Over alle wijken samen (bivariate Moran's I, permutatietoets):",
        "scan_method_bivariate": "Bivariate LISA: de geregistreerde criminaliteit per 1.000 inwoners van een wijk "
                                 "tegen het onveiligheidsgevoel in de wijken eromheen (buren die een grens of "
                                 "hoek delen), met permutatietoetsen (95%).",
        "scan_dark_what": "Het dark number schat hoeveel incidenten de politie nooit bereiken: het aandeel "
                          "slachtoffers uit de Veiligheidsmonitor maal het aantal inwoners van 15 jaar en ouder, "
                          "maal het deel van de slachtoffers dat geen aangifte deed, naast het aantal dat de "
                          "politie registreerde.",
        "scan_dark_limits": "Het blijft een ruwe schatting: mensen vergeten voorvallen of plaatsen ze verkeerd in "
                            "de tijd, de enquête telt een slachtoffer één keer hoe vaak het ook gebeurde, en de "
                            "enquête telt inwoners terwijl de politie incidenten registreert waar ze gebeuren, "
                            "met eigen definities.",
        "scan_dark_range": "Tussen haakjes: de bandbreedte uit de 95%-marges van het aandeel slachtoffers en van "
                           "het aandeel dat aangifte deed. Afgerond op tientallen.",
        "scan_dark_per_household": "per huishouden",
        "scan_dark_households_published": "Inbraak telt per huishouden (de enquête vraagt naar inbraak bij het "
                                          "huishouden): {n} huishoudens volgens de Kerncijfers wijken en buurten "
                                          "van het CBS.",
        "scan_dark_households_ratio": "Inbraak telt per huishouden (de enquête vraagt naar inbraak bij het "
                                      "huishouden): {n} huishoudens, geschat als de inwoners gedeeld door {ratio} "
                                      "inwoners per huishouden, het landelijke cijfer op 1 januari 2024 (CBS); het "
                                      "CBS publiceert de huishoudens van dit gebied niet.",
        "scan_dark_fallback": "Berekend met de percentages van {other}: het gebied heeft geen eigen cijfers van de "
                              "Veiligheidsmonitor.",
        "scan_no_dark": "Geen schatting voor {area}: daarvoor zijn cijfers over slachtofferschap en aangifte uit de "
                        "Veiligheidsmonitor nodig.",
        "scan_dark_kind_inbraak": "Inbraak",
        "scan_dark_kind_fietsdiefstal": "Fietsdiefstal",
        "scan_dark_kind_mishandeling": "Mishandeling",
        "scan_dark_kind_vernieling": "Vernieling",
        "scan_dark_gap_fewer": "Minder geregistreerd dan verwacht",
        "scan_dark_gap_more": "Meer geregistreerd dan verwacht",
        "scan_inside_wijk": "wijken",
        "scan_inside_gemeente": "gemeenten",
        "scan_inside_intro": "De {n} {level} binnen het gebied. De kaart toont {what} per 1.000 inwoners, de "
                             "LISA-clusters en de Gi* hot spots; de tabel de andere soorten.",
        "scan_inside_intro_wijk": "{area} tussen de {n} wijken van de gemeente: hot spots zijn een kwestie van "
                                  "buren, dus de wijk staat op de kaart van alle wijken. De kaart toont {what} per "
                                  "1.000 inwoners, de LISA-clusters en de Gi* hot spots; "
                                  "de tabel de andere soorten. Bespreekpunten gaan alleen over {area} zelf.",
        "scan_map_title": "Kaart van de hot spots in {area}",
        "scan_map_choose": "Kies de laag rechtsboven op de kaart.",
        "scan_map_lisa": "LISA-clusters",
        "scan_map_gi": "Gi* hot en cold spots",
        "scan_map_no_figure": "Geen inwoners / geen cijfer",
        "scan_map_key": "Nummers op de kaarten ({level})",
        "scan_map_heading": "{area}: {what} per 1.000 inwoners, {year}",
        "scan_h_top": "Meeste registraties per soort: de {level} met de hoogste aantallen",
        "scan_inside_skipped": "Niet geanalyseerd (te weinig gebieden of geen cijfers): {kinds}.",
        "scan_method_hotspots": "LISA: een gebied met een hoog cijfer tussen buren met hoge cijfers (Hoog-Hoog) is "
                                "een hot spot; Gi*: een concentratie van hoge cijfers, met betrouwbaarheid. Beide "
                                "met permutatietoetsen, op empirisch-Bayesschattingen zodat een klein gebied geen hot "
                                "spot wordt door een handvol gevallen; bij weinig gebieden is een deel toeval.",
        "scan_no_inside": "Geen kaart van de gebieden binnen {area}: er zijn geen grenzen of cijfers van wijken "
                          "(of leden) om te analyseren.",
        "scan_no_inside_unpublished": "Geen hot spots binnen {area}: PDOK publiceert (nog) geen wijkgrenzen voor "
                                      "{year}, dus de wijken kunnen niet op de kaart en niet worden geanalyseerd. "
                                      "De rest van de scan gebruikt de cijfers van de gemeente.",
        "scan_findings_intro": "Wat opvalt in de cijfers: significante verschillen, stijgingen en dalingen, en hot "
                               "spots. Het werkblad 'bespreekpunten' in scan.xlsx heeft voor elk punt de kolommen "
                               "herkend, toelichting en actie.",
        "scan_findings_intro_final": "De agenda van de bijeenkomst (hoogstens {n} punten, per thema) met wat de "
                                     "tafel erover zei; de overige bevindingen staan in de tabel daaronder.",
        "scan_meeting_heading": "Afspraken van de bijeenkomst",
        "scan_meeting_date": "Datum",
        "scan_meeting_participants": "Deelnemers",
        "scan_meeting_priorities": "Prioriteiten",
        "scan_meeting_actions": "Acties",
        "scan_meeting_street": "Straatkennis",
        "scan_col_owner": "Eigenaar",
        "scan_col_due": "Gereed",
        "scan_col_street_kind": "Soort",
        "scan_col_what": "Wat",
        "scan_street_groep": "Groep (hot group)",
        "scan_street_plek": "Plek (hot spot)",
        "scan_street_voorziening": "Voorziening (hot facility)",
        "scan_findings_rule": "Volgorde: elk punt weegt met de grootte van het verschil (ten opzichte van de "
                              "vergelijking, het vorige jaar of de mediaan van de deelgebieden) maal de zekerheid "
                              "(1 min de p-waarde; 0,95 voor een hot spot of kwadrant). De {n} zwaarste punten "
                              "staan op de agenda, gegroepeerd per thema; de rest staat in de bijlage hieronder.",
        "scan_h_findings_appendix": "Bijlage: overige bevindingen",
        "scan_q_compare": "Herkent u dit, en wat verklaart het verschil?",
        "scan_q_change": "Herkent u deze ontwikkeling, en wat zit erachter?",
        "scan_q_hotspot": "Herkent u deze plekken, en wat speelt daar?",
        "scan_q_quadrant": "Past dit bij wat u op straat ziet en hoort?",
        "scan_q_bivariate": "Wat speelt er in en rond deze wijken?",
        "scan_q_break": "Veranderde er dat jaar iets in de registratie, de werkwijze of in het gebied zelf?",
        "scan_q_dark_fewer": "Waar blijven die aangiften: worden ze als iets anders of elders geregistreerd, of "
                             "niet opgenomen?",
        "scan_q_dark_more": "Waar komen de extra registraties vandaan: bedrijven, bezoekers, pogingen?",
        "scan_no_findings": "Geen van de cijfers wijkt significant af en er zijn geen hot spots: er vallen geen "
                            "punten uit de cijfers op. Ook dat is iets om te bespreken.",
        "scan_and": " en ",
        "scan_higher": "hoger",
        "scan_lower": "lager",
        "scan_rise_verb": "steeg",
        "scan_fall_verb": "daalde",
        "scan_high_word": "meer",
        "scan_low_word": "minder",
        "scan_f_compare": "{title} ({value}) ligt {clauses}.",
        "scan_f_compare_clause": "significant {direction} dan in {refs} ({verdict})",
        "scan_f_change": "{title} {direction} van {before} in {from} naar {after} in {to} (significant).",
        "scan_f_break": "{title} ging van {before} in {from} naar {after} in {to}: meer dan {share}% in één jaar, "
                        "een trendbreuk?",
        "scan_f_dark_fewer": "{kind}: de Veiligheidsmonitor laat ongeveer {expected} aangiften verwachten "
                             "({low}\u2013{high}), de politie registreerde er {registered}.",
        "scan_f_dark_more": "{kind}: de politie registreerde {registered}, meer dan de ongeveer {expected} "
                            "aangiften ({low}\u2013{high}) die de Veiligheidsmonitor laat verwachten.",
        "scan_f_hotspot": "{title}: hot spots in {places}.",
        "scan_f_quadrant": "{area} heeft {x_word} geregistreerde criminaliteit ({x} per 1.000 inwoners) en {y_word} "
                           "inwoners die zich weleens onveilig voelen in de buurt ({y}%) dan de helft van de "
                           "gebieden, {set}.",
        "scan_f_bv_HH": "Veel geregistreerde criminaliteit gaat samen met veel onveiligheidsgevoel in de omgeving "
                        "in {places}.",
        "scan_f_bv_LH": "Weinig geregistreerde criminaliteit, maar veel onveiligheidsgevoel in de omgeving, in "
                        "{places}.",
        "scan_recognised_ja": "Ja",
        "scan_recognised_nee": "Nee",
        "scan_recognised_deels": "Deels",
        "scan_h_uncertain": "Te onzeker om los te lezen",
        "scan_uncertain_intro": "Bij deze cijfers reikt de 95%-marge verder dan de helft van het cijfer zelf; lees "
                                "ze alleen samen met andere cijfers:",
        "scan_none_uncertain": "Geen van de kerncijfers is te onzeker om los te lezen.",
        "scan_h_caveats": "Kanttekeningen",
        "scan_caveat_peers": "De vergelijkbare gemeenten volgen de mate van stedelijkheid en de "
                                       "grootteklasse volgens de Kerncijfers wijken en buurten; een andere keuze "
                                       "kan een ander beeld geven.",
        "scan_caveat_population": "Aantallen per 1.000 inwoners gebruiken de inwoners op 1 januari {population} "
                                  "({table}) voor elk jaar.",
        "scan_caveat_corona": "De Veiligheidsmonitor 2021 en de registraties van 2020 en 2021 vallen in de "
                              "coronajaren (lockdowns, avondklok, minder uitgaan en reizen): lees veranderingen over "
                              "die jaren met zorg.",
        "scan_caveat_method": "Voor de vergelijking met een gebied waar {area} in ligt, is {area} eerst uit dat "
                              "cijfer gehaald; de Veiligheidsmonitor-cijfers van vergelijkbare gebieden zijn samen "
                              "genomen naar hun inwoners van 15 jaar en ouder. Beide lezen de cijfers als "
                              "onafhankelijke steekproeven per gebied, een benadering van de weging van het CBS.",
        "scan_caveat_tests": "Er zijn veel toetsen gedaan; een enkel significant verschil kan toeval zijn. Lees de "
                             "bespreekpunten in samenhang.",
        "scan_caveat_registration": "Registraties zeggen ook iets over aangiftebereidheid en politie-inzet, niet "
                                    "alleen over wat er gebeurt.",
        "scan_caveat_boundaries": "Grenzen van {boundary} (CBS/Kadaster via PDOK); cijfers van {year}.",
        "scan_means_not_target": "Cijfers zijn een middel om het gesprek te voeren, geen doel: het gaat om wat de "
                                 "deelnemers herkennen en wat zij samen belangrijk vinden.",
        "scan_note_no_measure": "{indicator}: niet gevonden in tabel {table} (deze editie heeft het onderwerp niet).",
        "scan_note_no_survey_year": "De Veiligheidsmonitor ({table}) heeft geen editie tot en met {year}.",
        "scan_note_survey_edition": "De Veiligheidsmonitor van {edition} is de laatste editie tot en met {year}; "
                                    "de registraties zijn van {year}.",
        "scan_note_no_counts": "{indicator}: geen cijfers in tabel {table}.",
        "scan_note_fallback": "{area} heeft geen eigen cijfers van de Veiligheidsmonitor; getoond zijn die van "
                              "{other}.",
        "scan_note_no_quadrant": "Geen spreidingsdiagram voor {area}: daarvoor zijn eigen cijfers van de "
                                 "Veiligheidsmonitor nodig.",
        "scan_note_no_bivariate": "Geen bivariate LISA van de wijken: geregistreerde criminaliteit of "
                                  "onveiligheidsgevoel is in alle wijken gelijk.",
        "scan_note_bivariate_few": "Geen bivariate LISA van de wijken: {n} wijken hebben zowel geregistreerde "
                                   "misdrijven als cijfers over onveiligheidsgevoel, en er zijn er minstens {min} "
                                   "nodig.",
        "scan_note_rest": "getoetst tegen de referentie zonder het gebied zelf",
        "scan_note_derived": "afgeleid uit de gemeenten van het gebied (zie Kerncijfers)",
        "scan_note_pooled": "vergelijkbare gebieden samen, gewogen naar inwoners van 15+",
        "scan_note_pooled_derived": "de andere gebieden samen, gewogen naar inwoners van 15+; hun cijfers afgeleid "
                                    "uit hun gemeenten (zie Kerncijfers)",
        "scan_note_no_peer_survey": "geen van de vergelijkbare gebieden heeft eigen cijfers",
        "scan_note_no_reference": "geen cijfer van de referentie",
        "scan_note_dark_fallback": "met de percentages van een groter gebied",
        "scan_note_dark_households_published": "per huishouden (huishoudens van het CBS)",
        "scan_note_dark_households_ratio": "per huishouden (huishoudens geschat uit de inwoners)",
        "scan_note_unpopulated": "Zonder inwoners, dus zonder cijfer per 1.000 inwoners en buiten de hot-spotanalyse: "
                                 "{places}.",
        "scan_boundaries_of": "Grenzen {level} {year}",
        "scan_source": "Bron:",
        "scan_index_title": "Gebiedsscans {name}, {year}",
        "scan_index_intro": "Een gebiedsscan per {unit} binnen {name}; het tabellenboek zet de kerncijfers naast "
                            "elkaar.",
        "scan_caveat_peers_units": "De vergelijking met {peers} zet het gebied naast de andere op hetzelfde "
                                   "niveau; een andere keuze kan een ander beeld geven.",
        "scan_caveat_peers_wijk": "De vergelijkbare wijken hebben dezelfde mate van stedelijkheid volgens de "
                                  "Kerncijfers wijken en buurten; een andere keuze kan een ander beeld geven.",
        "scan_caveat_gemeente_wijk": "Een wijk is vergeleken met haar gemeente, zonder de wijk zelf; de "
                                     "gemeente als geheel staat ernaast zoals het CBS haar publiceert.",
        "scan_caveat_peers_compare": "De vergelijkingsgroep is door de opsteller van de scan gekozen: {names}.",
        "scan_tabellenboek": "Tabellenboek (XLSX)",
        "scan_embed_title": "Veiligheid in {name}, {year}",
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
        "t_change_untested": "als verschil gegeven, zonder toets: de cijfers zijn percentages of cijfers per "
                             "inwoner zonder 95%-marges (geef kolommen lower en upper om te toetsen)",
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
        "warning": "Vroegsignalering {months}",
        "trend_all_incidents": "alle incidenten",
        "i_trend_incidents": "{used} incidenten geteld in {areas} gebieden over {months} maanden",
        "observed": "Geregistreerd",
        "expected": "Verwacht",
        "t_warning": "{title}: {flagged} van {n} combinaties van gebied en soort gemarkeerd",
        "t_warning_row": "  {name} ({code}), {crime}: {observed} tegen verwacht {expected}",
        "warning_chance": "Alleen door toeval zijn ongeveer {k} markeringen te verwachten bij {n} beoordeelde "
                          "combinaties (grens {level}%, spreiding geschat uit de jaren ervoor)",
        "warning_chance_map": "Alleen door toeval zijn ongeveer {k} markeringen te verwachten bij {n} beoordeelde "
                              "gebieden",
        # Caution.
        "caution_global": "Let op: het patroon als geheel is niet significant (Moran's I, p = {p}); lees de "
                          "lokale clusters met voorzichtigheid.",
        "map_few_areas": "Let op: {n} gebieden is te weinig voor lokale statistiek (minder dan {threshold}); "
                         "LISA-clusters en Gi*-hot spots zijn hier hoogstens beschrijvend en zijn niet als "
                         "bevinding gekleurd.",
        "map_descriptive": "Beschrijvend, geen bevinding",
        "map_descriptive_note": "{n} gebieden: te weinig voor lokale statistiek (minder dan {threshold}); grijs is "
                                "hoogstens beschrijvend, geen bevinding.",
        "map_descriptive_label": "{label} (beschrijvend)",
        # Maps of big grids (issue 18): the areas as an image, and the density layer.
        "map_image_note": "{n} gebieden, getekend als afbeelding; alleen significante gebieden tonen een tooltip.",
        "density": "Dichtheid (incidenten per km\u00b2)",
        "density_row": "Dichtheid",
        "density_unit": "{x} per km\u00b2",
        "density_note": "Niet getoond: vierkanten waar minder dan {min_count} incidenten bijdragen (privacy).",
        "density_note_any": "Niet getoond: vierkanten waar te weinig incidenten bijdragen (privacy).",
        "density_squares": "Berekend op vierkanten van {cell} m, bandbreedte {bandwidth} m.",
        "density_squares_only": "Berekend op vierkanten van {cell} m.",
        "density_squares_counts": "Berekend op vierkanten van {cell} m, bandbreedte {bandwidth} m, uit de aantallen "
                                  "per vierkant (elk incident in het midden van zijn vierkant).",
        "density_of": "Dichtheid {period} (incidenten per km\u00b2)",
        "density_row_of": "Dichtheid {period}",
        "density_period_note": "{period}: de periode van de hotspots op de kaart; results.gpkg heeft elke periode "
                               "(kolommen {first} tot en met {last}, incidenten per km\u00b2, leeg waar gemaskeerd), "
                               "alle met dezelfde bandbreedte.",
        "t_series": "Reeks van {n} perioden, {first} tot en met {last}",
        "t_stay": "Van de Hoog-Hoog-gebieden bleef {share}% in de volgende periode Hoog-Hoog",
        "t_no_emerging": "Opkomende hot spots vragen minstens {needed} perioden (zoals in ArcGIS Pro); deze reeks "
                         "heeft er {n}: zie de hot spots per periode en de verandering",
        "t_correction_impossible": "Let op: met {permutations} permutaties is de kleinste tweezijdige p {floor}; de "
                                   "{correction}-correctie over {n} gebieden is daardoor niet te halen: verhoog "
                                   "--permutations tot minstens {needed}",
        "t_small_population": "Kleine bevolking (minder dan {threshold} inwoners), cijfer rust op weinig gevallen: "
                              "{codes}",
        "t_few_areas": "Let op: maar {n} gebieden (minder dan {minimum}); LISA- en Gi*-uitkomsten op zo weinig "
                       "eenheden zijn hooguit beschrijvend, geen bevindingen",
        "t_no_population": "Zonder inwoners, buiten de cijfers per 1.000 gelaten: {codes}",
        "t_bivariate_left_out": "Bivariaat: {n} gebied(en) met maar een van de twee indicatoren buiten de analyse "
                                "gelaten ({codes})",
        # Log lines (warnings on the terminal), in the run's language (see Say).
        "log_WARNING": "WAARSCHUWING",
        "log_ERROR": "FOUT",
        "log_INFO": "INFO",
        "log_DEBUG": "DEBUG",
        "w_repaired_geometry": "{name}: ongeldige geometrie hersteld van {n} gebied(en): {codes}",
        "w_partition_empty": "{path}: geen rijen onder de kop; als een deel zonder incidenten (een stille maand) "
                             "geteld",
        "w_crs_not_used": "{name} heeft een eigen CRS ({own}) en wordt daarin gelezen; {crs} is niet gebruikt (dat is "
                          "voor een bestand zonder CRS)",
        "w_correction_never": "{statistic}: met {permutations} permutaties is de kleinste tweezijdige p {floor}; de "
                              "{correction}-correctie over {n} gebieden is daardoor niet te halen: verhoog "
                              "--permutations tot minstens {needed}",
        "w_correction_hard": "{statistic}: met {permutations} permutaties is de kleinste tweezijdige p {floor}; de "
                             "FDR-correctie over {n} gebieden laat pas iets door als minstens {k} gebieden die "
                             "halen; met {needed} permutaties kan één gebied het al",
        "w_no_code_rows": "{source}: {n} rij(en) zonder code in {column!r} weggelaten (rijen {rows})",
        "w_data_only": "{source}: {n} code(s) alleen in de gegevens, niet in de grenzen: {codes}",
        "w_scan_no_wijken": "PDOK heeft geen wijkgrenzen van {year}: de scan laat de hot spots binnen het gebied weg",
        "w_scan_ambiguous_measure": "{table} heeft {n} maten zoals {measure}; de scan laat die weg",
        "w_incident_rows_left_out": "{path}: {n} rij(en) weggelaten omdat {reason}: rijen {rows}",
        "w_incident_type_absent": "{path}: geen incident van het type {types}",
        "w_grid_outside_area": "{n} incident(en) liggen buiten het studiegebied en worden niet geteld",
        "w_grid_outside_polygons": "{n} incident(en) liggen in geen van de polygonen en worden niet geteld",
        "i_incidents_read": "{path}: {used} van {read} incidenten gebruikt",
        "i_excel_days": "{path}: de datums zijn getallen, gelezen als Excel-dagnummers ({example} = {date})",
        "w_scan_no_mapping": "geen --mapping (gemeente -> eenheid) gegeven: de scan laat de vergelijking met de "
                             "eigen eenheid weg",
        "w_population_year": "cijfers van {a} ({table_a}) gedeeld door de bevolking van {b} ({table_b}); geef "
                             "--population-period {a} als de bevolkingstabel dat jaar heeft",
        "w_crosswalk_unmatched": "codes die niet in de oude grenzen voorkomen, weggelaten: {codes}",
        "w_incomplete_months": "eenheden zonder volledige som (leden zonder aantal in een maand): {units}",
        "w_unmapped_counts": "{n} code(s) van de maandcijfers horen bij geen gebied van de grenzen en staan niet op "
                             "de kaart (wel in trend.csv): {codes}",
        "w_no_geometry": "{name}: {n} object(en) zonder geometrie weggelaten",
        "w_missing_value": "{source}: {n} gebied(en) zonder waarde in {column!r} buiten de statistiek gelaten: {codes}",
        "w_uncertain": "{n} cijfer(s) met een 95%-interval breder dan de helft van het cijfer: {codes}",
        "w_no_population": "{source}: {n} gebied(en) zonder inwoners in {column!r} buiten de cijfers per 1.000 "
                           "gelaten: {codes}",
        "population_unknown": "onbekend",
        "w_squares_no_rate": "{n} vierkant(en) zonder cijfer per 1.000 inwoners: {unknown} met geheime of onbekende "
                             "inwoners, {uninhabited} zonder inwoners: {codes}",
        "i_squares_unknown": "inwoners van {n} vierkanten van {cell} m: {suppressed} geheim (CBS), {missing} niet in "
                             "de vierkantstatistieken",
        "i_squares_empty_left_out": "{n} vierkanten zonder inwoners en zonder incidenten weggelaten; {kept} over",
        "t_squares_empty_left_out": "Weggelaten: {n} vierkanten zonder inwoners en zonder incidenten",
        "i_squares_estimated": "{n} vierkanten van 1000 m met geheime vierkanten van 500 m (minder dan 5 inwoners): "
                               "die tellen als 2 inwoners, de som wijkt daardoor hooguit {share} af",
        "w_few_incidents": "maar {n} incidenten geteld in {areas} gebieden: te weinig voor hot spots die iets zeggen "
                           "(Optimized Hot Spot Analysis vraagt er minstens {minimum}); één incident met zijn buren "
                           "kan al een 'hot spot' zijn",
        "w_bivariate_left_out": "{n} gebied(en) met maar een van de twee indicatoren buiten de bivariate analyse "
                                "gelaten ({codes}); die gebruikt de {both} gebieden met beide",
        "w_bivariate_graph": "de bivariate analyse heeft op de {n} gebieden met beide indicatoren eigen buren: "
                             "{islands} gebied(en) zonder buren ({policy}) en {parts} losse delen; lees de "
                             "clusters met dat in gedachten",
        "islands_attach": "aan de dichtstbijzijnde gekoppeld",
        "islands_exclude": "buiten de statistiek gelaten",
        "w_few_areas": "maar {n} gebieden (minder dan {minimum}): LISA en Gi* zijn hooguit beschrijvend",
        "w_incomplete_units": "eenheden zonder volledige som (leden zonder waarde): {codes}",
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
        "hidden_count": "{shown} (hidden)",
        "hidden_small_count": "Small count (hidden)",
        "map_no_inhabitants": "No known inhabitants (no rate)",
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
        "squares_file_source": "Inhabitants per square: CBS vierkantstatistieken ({file}), CC BY 4.0.",
        "synthetic": "SYNTHETIC DEMO DATA \u2013 not real areas or figures",
        "p_floor": "With {permutations} permutations p is never below {floor}; finer classes are left out.",
        "kde_bandwidth_raised": "The density bandwidth ({bandwidth} m) is smaller than a square; {cell} m used.",
        "scale_study_area": "Study area: {n} of {total} incidents lie in it; only they set the scale",
        "scale_outliers": "Locational outliers: {n} incident(s) farther than {limit} m from their nearest neighbour "
                          "(mean {mean} m + 3 x standard deviation {sd} m) left out",
        "scale_pattern": "Pattern: mean nearest-neighbour distance {observed} m, {expected} m by chance (ratio "
                         "{ratio}; below 1 the incidents cluster)",
        "scale_cell": "Cell size: {cell} m (mean nearest-neighbour distance {mean} m, snapped to a CBS square of "
                      "100, 500 or 1000 m)",
        "scale_cell_given": "Cell size: {cell} m (given with --grid)",
        "scale_cell_larger": "Cell size: {cell} m, as the study area is {km2} km² and smaller squares would be "
                             "more than {maximum} (choose a smaller area with --within, or give --grid)",
        "scale_hex": "Hexagons: H3 resolution {resolution} (mean {area} km², nearest to a square whose side is the "
                     "mean nearest-neighbour distance, {mean} m)",
        "scale_hex_floor": "Hexagons: H3 resolution {resolution} (mean {area} km², nearest to a square of {side} m: "
                           "the mean nearest-neighbour distance, {mean} m, is shorter, but hexagons are never finer "
                           "than the smallest CBS square, as squares are not)",
        "scale_hex_given": "Hexagons: H3 resolution {resolution} (given with --hex)",
        "scale_hex_larger": "Hexagons: H3 resolution {resolution}, as the study area is {km2} km² and smaller "
                            "hexagons would be more than {maximum} (choose a smaller area with --within, or give "
                            "--hex RES)",
        "scale_fdr": "FDR correction on: every square is a test of its own (as Optimized Hot Spot Analysis)",
        "scale_fdr_hex": "FDR correction on: every hexagon is a test of its own (as Optimized Hot Spot Analysis)",
        "scale_band": "Distance band: {band} m, the first peak of spatial autocorrelation (Moran's I z = {z}) over "
                      "{bands} bands from {start} to {end} m",
        "scale_knn": "No significant peak of spatial autocorrelation over {bands} bands from {start} to {end} m: "
                     "{k} nearest neighbours (5% of {areas} areas, at least 3, at most 30)",
        "nr_result": "Near repeat (Knox): {observed} pairs within {distance} m and {days} days, {expected} expected "
                     "by chance (ratio {ratio}, {p}, {permutations} permutations, one-sided)",
        "nr_yes": "Incidents follow each other close by and soon after more often than chance explains.",
        "nr_no": "No demonstrable near-repeat pattern at this distance and time.",
        "nr_counts": "{n} incidents; {space} pairs close by, {time} pairs soon after each other",
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
        "incidents_word": "Incidents",
        "per_square": "per {cell} m square",
        "per_hexagon": "per H3 hexagon (resolution {resolution})",
        "t_incidents_read": "Incidents: {read} rows read, {used} used",
        "t_incidents_dropped": "Left out: {reasons}",
        "t_incidents_filtered": "Filtered: {filters}",
        "t_incidents_counted": "Counted in {areas} {target}: {counted}; outside them: {outside}",
        "t_target_grid": "{cell} m squares",
        "t_target_hex": "H3 hexagons",
        "t_target_polygons": "areas",
        "t_density": "Density layer: bandwidth {bandwidth} m, {masked} of {squares} squares masked "
                     "(fewer than {min_count} incidents)",
        "t_density_unmasked": "Density layer: bandwidth {bandwidth} m, {squares} squares",
        "t_density_periods": "Density layer per period ({periods} periods, one bandwidth); the map and the masking "
                             "above are of {period}, results.gpkg holds every period",
        "t_no_density": "No density layer: fewer than two incidents in the area, all at one place, or (with counts "
                        "per square from a folder of partitions or --scheduler) a bandwidth shorter than three "
                        "counted squares",
        "period_span": "{first} to {last}",
        "reason_no_coordinates": "no coordinates",
        "reason_outside_netherlands": "outside the Netherlands",
        "reason_bad_date": "unreadable date",
        "filter_type": "type",
        "filter_period": "period",
        "filter_outlier": "locational outliers (--scale auto)",
        "hotspots_title": "Hot spots: {what}",
        "demo_title": "Synthetic demo region: registered crimes per 1,000 inhabitants",
        "demo_incidents_title": "Demo (synthetic): incidents per {cell} m square around Eindhoven's centre",
        "redrawn_title": "Hot spots",
        "t_analysed": "Areas analysed: {n} of {total} (weights {weights}, {permutations} permutations, seed {seed})",
        "t_moran": "Moran's I = {I} (expected {expected}, z = {z}, {p}): {verdict}",
        "t_pseudo_p": "pseudo-{p} from {permutations} permutations; normal approximation: z = {z_norm}, {p_norm}",
        "t_pseudo_p_only": "pseudo-{p} from {permutations} permutations",
        "t_normal_p": "{p}, normal approximation",
        "t_gi_by": "Gi* hot spots ({how}): ",
        "t_gi_by_permutation": "pseudo-p from {permutations} permutations",
        "t_gi_by_normal": "p of the normal approximation of z",
        "t_caution_global": "Note: the pattern as a whole is not significant (Moran's I, {p}); read the local "
                            "clusters with care.",
        "t_clustered": "spatial clustering: high values near high, low near low",
        "t_dispersed": "spatial dispersion",
        "t_no_pattern": "no significant spatial clustering",
        "p_fetch": "fetching figures",
        "p_weights": "finding neighbours",
        "p_scale": "choosing the scale (as Optimized Hot Spot Analysis)",
        "p_moran": "Moran's I ({permutations} permutations)",
        "p_lisa": "LISA ({permutations} permutations per area)",
        "p_gi": "Gi* ({permutations} permutations per area)",
        "p_map": "drawing the map",
        "p_scan": "assembling the area scan",
        "p_bivariate": "bivariate LISA ({permutations} permutations per area)",
        "p_write": "writing files",
        "t_lisa": "LISA clusters: ",
        "t_none": "none",
        "t_gi": "Gi* hot spots: ",
        "t_value_what": " (value {what})",
        "t_data_only": "Only in the data (no area): ",
        "t_boundaries_only": "Only in the boundaries (no data): ",
        "join_other_year": "{source}: {n} code(s) only in the data belong to gemeenten of another year ({codes}); "
                           "the data seems coded on the gemeenten of {years}: give --data-year {year} to move "
                           "the figures onto these boundaries",
        "year_or_earlier": "{year} or earlier",
        "year_or_later": "{year} or later",
        "years_range": "{first}\u2013{last}",
        "t_missing": "Without a value, left out: ",
        "t_uncertain": "Too uncertain to read alone (95% margin larger than half the figure): ",
        "t_islands_attach": "Note: {n} area(s) without neighbours ({codes}) attached to their nearest neighbour",
        "t_islands_exclude": "Note: {n} area(s) without neighbours ({codes}) left out of the statistics and never "
                             "labelled hot or cold",
        "t_parts": "Note: the neighbour graph has {n} separate parts; besides the main part: {parts}",
        "t_parts_more": "; and {n} more parts",
        "t_fdr_floor": "Note: with {permutations} permutations the smallest two-sided p is {floor}; the FDR "
                       "correction is hard or impossible to pass (raise --permutations)",
        "and_more": "and {n} more",
        # Gebiedsscan (vmgeo scan): headings, tables, findings, notes.
        "scan_title": "Area scan {name}",
        "scan_made": "made on {date} with vmgeo {version}",
        "scan_status_draft": "Draft for the expert meeting",
        "scan_status_final": "Final version, with the outcome of the expert meeting",
        "scan_intro": "This scan brings together the figures on safety in the area. Ask of every figure: do we "
                      "recognise this? Figures are a means to discuss, not a target.",
        "scan_footer": "vmgeo {version}. Fingerprint of the findings: {fingerprint}.",
        "scan_done": "Area scan {name} ({code}), {year}: {n} findings. {version}.",
        "scan_level_gemeente": "Municipality",
        "scan_level_wijk": "District",
        "scan_level_basisteam": "Basic police team",
        "scan_level_district": "Police district",
        "scan_level_eenheid": "Police region",
        "scan_section_samenvatting": "Summary",
        "scan_section_kerncijfers": "Key figures",
        "scan_section_vergelijking": "Comparison",
        "scan_section_ontwikkeling": "Development",
        "scan_section_objectief": "Objective and subjective",
        "scan_section_dark_number": "Dark number",
        "scan_section_hotspots": "Hot spots inside the area",
        "scan_section_bespreekpunten": "Points for discussion",
        "scan_section_bronnen": "Sources and caveats",
        "scan_inhabitants": "Inhabitants",
        "scan_h_survey": "Safety Monitor {period}: {area}",
        "scan_h_registered": "Registered crime and nuisance {period}",
        "scan_group_feeling": "Feeling unsafe",
        "scan_group_nuisance": "Nuisance",
        "scan_group_victims": "Victims (past 12 months)",
        "scan_group_reporting": "Reporting rate (share of victims)",
        "scan_group_judgement": "Judgement of municipality and police",
        "scan_group_places": "Places and districts",
        "scan_group_registered": "Registered",
        "scan_col_indicator": "Indicator",
        "scan_col_value": "Value",
        "scan_col_margin": "95% margin",
        "scan_col_kind": "Kind",
        "scan_col_count": "Count",
        "scan_col_rate": "Per 1,000 inhabitants",
        "scan_col_victims": "Estimated victims",
        "scan_col_unreported": "Of whom not reported",
        "scan_col_reports": "Expected reports",
        "scan_col_registered": "Registered",
        "scan_col_nr": "No.",
        "scan_col_finding": "Point for discussion",
        "scan_col_trend": "Trend (latest year)",
        "scan_summary_intro": "{area} in one table: per theme how people experience it (Safety Monitor) beside "
                              "what is registered, with the verdict against each comparison and the change from "
                              "the year before. The figures and tests are in the chapters that follow.",
        "scan_summary_method": "Better or worse only for a significant and relevant difference (see Comparison); "
                               "\u25b2 rose, \u25bc fell, the colour says whether that is better or worse.",
        "scan_col_theme": "Theme",
        "scan_col_recognised": "Recognised",
        "scan_col_explanation": "Explanation",
        "scan_col_action": "Action",
        "scan_col_source": "Source",
        "scan_col_table": "Table",
        "scan_col_title": "Title",
        "scan_col_measure": "Measure",
        "scan_col_period": "Period",
        "scan_col_status": "Status",
        "scan_col_fetched": "Fetched",
        "scan_col_modified": "Modified",
        "scan_col_area": "Area",
        "scan_ind_inwoners": "Inhabitants",
        "scan_ind_onveilig": "Sometimes feels unsafe",
        "scan_ind_onveilig_buurt": "Sometimes feels unsafe in the own neighbourhood",
        "scan_ind_rapportcijfer_veiligheid_buurt": "Mark for safety in the neighbourhood",
        "scan_ind_overlast_buurt": "Experiences nuisance in the neighbourhood",
        "scan_ind_slachtoffer_inbraak": "Victim of burglary",
        "scan_ind_slachtoffer_fietsdiefstal": "Victim of bicycle theft",
        "scan_ind_slachtoffer_mishandeling": "Victim of assault",
        "scan_ind_slachtoffer_vernieling": "Victim of vandalism",
        "scan_ind_aangifte_inbraak": "Reported burglary",
        "scan_ind_aangifte_fietsdiefstal": "Reported bicycle theft",
        "scan_ind_aangifte_mishandeling": "Reported assault",
        "scan_ind_aangifte_vernieling": "Reported vandalism",
        "scan_ind_oordeel_gemeente": "Satisfied with the municipality",
        "scan_ind_oordeel_politie_buurt": "Satisfied with the police in the neighbourhood",
        "scan_ind_misdrijven": "Registered crimes, total",
        "scan_ind_woninginbraak": "Residential burglary",
        "scan_ind_fietsendiefstal": "Bicycle theft",
        "scan_ind_geweld": "Violence",
        "scan_ind_vernieling": "Vandalism",
        "scan_ind_overlast_jeugd": "Youth nuisance",
        "scan_ind_overlast_verward": "Nuisance by confused persons",
        "scan_ind_mishandeling": "Assault",
        "scan_ind_quadrant": "Quadrant objective/subjective",
        "scan_ind_bivariate": "Bivariate LISA",
        "scan_ind_bivariate_global": "Bivariate Moran's I of the districts",
        "scan_ind_dark_victims_inbraak": "Estimated victims of burglary",
        "scan_ind_dark_victims_fietsdiefstal": "Estimated victims of bicycle theft",
        "scan_ind_dark_victims_mishandeling": "Estimated victims of assault",
        "scan_ind_dark_victims_vernieling": "Estimated victims of vandalism",
        "scan_ind_dark_unreported_inbraak": "Burglary not reported (estimate)",
        "scan_ind_dark_unreported_fietsdiefstal": "Bicycle theft not reported (estimate)",
        "scan_ind_dark_unreported_mishandeling": "Assault not reported (estimate)",
        "scan_ind_dark_unreported_vernieling": "Vandalism not reported (estimate)",
        "scan_ind_dark_reports_inbraak": "Expected reports of burglary (estimate)",
        "scan_ind_dark_reports_fietsdiefstal": "Expected reports of bicycle theft (estimate)",
        "scan_ind_dark_reports_mishandeling": "Expected reports of assault (estimate)",
        "scan_ind_dark_reports_vernieling": "Expected reports of vandalism (estimate)",
        "scan_ind_dark_registered_inbraak": "Registered burglaries",
        "scan_ind_dark_registered_fietsdiefstal": "Registered bicycle thefts",
        "scan_ind_dark_registered_mishandeling": "Registered assaults",
        "scan_ind_dark_registered_vernieling": "Registered vandalism",
        "scan_unit_percent": "%",
        "scan_unit_mark": "mark",
        "scan_unit_per_1000": "per 1,000 inhabitants",
        "scan_unit_count": "count",
        "scan_unit_persons": "persons (estimate)",
        "scan_unit_households": "households (estimate)",
        "scan_suffix_percent": "%",
        "scan_suffix_per_1000": " per 1,000 inhabitants",
        "scan_per_1000_short": "per 1,000",
        "scan_registrations": "registrations in {year}",
        "scan_verdict_worse": "Worse",
        "scan_verdict_better": "Better",
        "scan_verdict_no_difference": "No demonstrable difference",
        "scan_verdict_not_testable": "Cannot be tested",
        "scan_verdict_too_few": "Too few to test",
        "scan_verdict_no_relevant_difference": "No relevant difference",
        "scan_verdict_small_change": "No relevant change",
        "scan_verdict_rise": "Rose",
        "scan_verdict_fall": "Fell",
        "scan_verdict_none": "No demonstrable change",
        "scan_change_worse": "Significant change, worse",
        "scan_change_better": "Significant change, better",
        "scan_change_shapes": "\u25b2 rose, \u25bc fell",
        "scan_no_survey": "The Safety Monitor has no figures for {area}, nor for an area around it (no own "
                          "sample). Below is what does exist.",
        "scan_survey_fallback": "The Safety Monitor has no figures of its own for {area} (no own sample). The "
                                "figures below are those of {other}; they do not apply to {area} directly.",
        "scan_survey_derived": "The Safety Monitor has no figures of its own for {area}. The figures below are "
                               "derived (not published by CBS) from the area's municipalities with figures of "
                               "their own: {own}.",
        "scan_survey_derived_rest": "For {rest} (no figures of their own) the figure of {eenheid} counts, together.",
        "scan_survey_derived_rule": "Rule: the mean of the parts, weighted by their inhabitants aged 15 and over (w); "
                                    "the margin is 1.96 × √(Σ w² × se²), with se half "
                                    "a part's 95% margin divided by 1.96, as if the parts were independent samples.",
        "scan_derived": "derived",
        "scan_respondents": "Number of respondents (unweighted) of the Safety Monitor {period}, as CBS gives it; "
                            "reporting was asked of the victims among them:",
        "scan_respondents_unknown": "unknown",
        "scan_no_counts": "No registered figures were fetched for this area.",
        "scan_method_registered": "Registered: crimes and nuisance reports recorded by the police in the scan "
                                  "year, per 1,000 inhabitants (inhabitants on 1 January {population}).",
        "scan_ref_peers_gemeente": "comparable municipalities",
        "scan_ref_peers_wijk": "comparable districts",
        "scan_ref_peers_basisteam": "the other basic police teams",
        "scan_ref_peers_district": "the other police districts",
        "scan_ref_peers_eenheid": "the other police regions",
        "scan_ref_eenheid_short": "police region {name}",
        "scan_country": "the Netherlands",
        "scan_ref_without": "{ref} without {area}",
        "scan_or_more": "{n} or more",
        "scan_peers_auto": "Comparable municipalities: the same degree of urbanisation (class {urbanity}) and size "
                           "class ({size} inhabitants): {names}.",
        "scan_peers_units": "Comparable: {peers} in the composition: {names}.",
        "scan_peers_compare": "Comparison group (chosen by the author of the scan): {names}.",
        "scan_compare_wijk": "{area} is compared with {gemeente} as a whole and with the rest of {gemeente} "
                             "(the municipality without {area}); better or worse is tested against that rest.",
        "scan_h_compare_survey": "Safety Monitor {period}",
        "scan_h_compare_registered": "Registered {period}, per 1,000 inhabitants",
        "scan_no_survey_comparison": "No comparison of Safety Monitor figures: {area} has no figures of its own.",
        "scan_no_comparison": "There is nothing to compare: the area has no figures.",
        "scan_method_compare": "Better or worse is said only where the difference is significant (95%): for the "
                               "Safety Monitor by CBS's rule (standard errors from the margins), for registrations "
                               "by an exact test on the counts, with the inhabitants as exposure. The area is left "
                               "out of a reference that contains it. Otherwise: no demonstrable difference. The "
                               "comparable areas are taken together, weighted by inhabitants aged 15 and over.",
        "scan_method_relevant": "A significant difference is called better or worse only when it is also relevant: "
                                "at least {rate}% of the reference for figures per 1,000 inhabitants, {percent} "
                                "percentage points for a percentage and {mark} for a rating; otherwise: no relevant "
                                "difference. Registrations vary more from year to year than chance at fixed rates "
                                "explains; that extra variation (from the area's own series) is taken into the test "
                                "and the margins.",
        "scan_h_development_survey": "Safety Monitor: {area}",
        "scan_h_development_registered": "Registered: {area} (counts per year)",
        "scan_no_development": "There is only one year of figures: no development to show.",
        "scan_method_development": "A coloured dot is a significant rise or fall against the year (or edition) "
                                   "before: Safety Monitor by its margins, registrations by an exact test on the "
                                   "counts. Grey bars: 95% margins.",
        "scan_axis_x": "Registered crimes per 1,000 inhabitants",
        "scan_axis_y": "Sometimes feels unsafe in the neighbourhood (%)",
        "scan_median": "median",
        "scan_quadrant_high_high": "Much crime, much feeling unsafe",
        "scan_quadrant_high_low": "Much crime, little feeling unsafe",
        "scan_quadrant_low_high": "Little crime, much feeling unsafe",
        "scan_quadrant_low_low": "Little crime, little feeling unsafe",
        "scan_quadrant_undecided": "Not clearly above or below the median",
        "scan_quadrant_text_high_high": "{area} registers more crime than half of the other areas, and more "
                                        "people sometimes feel unsafe in their neighbourhood: feeling and "
                                        "registration point the same way.",
        "scan_quadrant_text_high_low": "{area} registers more crime than half of the other areas, but fewer "
                                       "people feel unsafe in their neighbourhood: do residents recognise what the "
                                       "police register?",
        "scan_quadrant_text_low_high": "{area} registers less crime than half of the other areas, but more "
                                       "people feel unsafe in their neighbourhood: where does that feeling come "
                                       "from?",
        "scan_quadrant_text_low_low": "{area} registers less crime than half of the other areas, and fewer "
                                      "people feel unsafe in their neighbourhood.",
        "scan_quadrant_text_undecided": "The margin of {area} reaches across one of the medians: whether it has "
                                        "more or less crime or feeling unsafe than half of the other areas cannot "
                                        "be told from these figures.",
        "scan_scatter_peers": "compared with the comparable areas",
        "scan_scatter_all": "compared with all municipalities with their own Safety Monitor figures",
        "scan_scatter_wijken": "compared with the other districts of the municipality",
        "scan_no_quadrant": "{area} lacks one of the two figures (registered crime, and feeling unsafe from the "
                            "Safety Monitor): no scatter.",
        "scan_no_quadrant_unit": "No scatter for {area}: it sets municipalities or districts side by side. "
                                 "Section 7 shows the municipalities inside the area.",
        "scan_method_quadrant": "The dashed lines are the medians of the other areas; above the median means: more "
                                "than half of them.",
        "scan_h_bivariate": "Districts: crime in the district and feeling unsafe around it (bivariate LISA)",
        "scan_bivariate_none": "No district with a significant association.",
        "scan_bivariate_global": "Over all districts together (bivariate Moran's I, permutation test):",
        "scan_method_bivariate": "Bivariate LISA: a district's registered crime per 1,000 inhabitants against the "
                                 "feeling unsafe in the districts around it (neighbours sharing a border or corner), "
                                 "with permutation tests (95%).",
        "scan_dark_what": "The dark number estimates how many incidents never reach the police: the share of "
                          "victims in the Safety Monitor times the inhabitants aged 15 and over, times the share of "
                          "victims who did not report, beside the count the police registered.",
        "scan_dark_limits": "It remains a rough estimate: people forget incidents or misplace them in time, the "
                            "survey counts a victim once however often it happened, and the survey counts residents "
                            "while the police register incidents where they happen, by their own definitions.",
        "scan_dark_range": "In brackets: the range from the 95% margins of the share of victims and of the share "
                           "who reported. Rounded to tens.",
        "scan_dark_per_household": "per household",
        "scan_dark_households_published": "Burglary counts per household (the survey asks about burglary in the "
                                          "household): {n} households by CBS's key figures of districts and "
                                          "neighbourhoods.",
        "scan_dark_households_ratio": "Burglary counts per household (the survey asks about burglary in the "
                                      "household): {n} households, estimated as the inhabitants divided by {ratio} "
                                      "inhabitants per household, the national figure on 1 January 2024 (CBS); CBS "
                                      "does not publish the households of this area.",
        "scan_dark_fallback": "Computed with the percentages of {other}: the area has no Safety Monitor figures of "
                              "its own.",
        "scan_no_dark": "No estimate for {area}: it needs the Safety Monitor's figures on victims and reporting.",
        "scan_dark_kind_inbraak": "Burglary",
        "scan_dark_kind_fietsdiefstal": "Bicycle theft",
        "scan_dark_kind_mishandeling": "Assault",
        "scan_dark_kind_vernieling": "Vandalism",
        "scan_dark_gap_fewer": "Fewer registered than expected",
        "scan_dark_gap_more": "More registered than expected",
        "scan_inside_wijk": "districts",
        "scan_inside_gemeente": "municipalities",
        "scan_inside_intro": "The {n} {level} inside the area. The map shows {what} per 1,000 inhabitants, the LISA "
                             "clusters and the Gi* hot spots; the table the other kinds.",
        "scan_inside_intro_wijk": "{area} among the {n} districts of the municipality: hot spots are a matter of "
                                  "neighbours, so the district is shown on the map of all districts. The map shows "
                                  "{what} per 1,000 inhabitants, the LISA clusters and the Gi* hot spots; "
                                  "the table the other kinds. Findings are about {area} "
                                  "itself only.",
        "scan_map_title": "Map of the hot spots in {area}",
        "scan_map_choose": "Choose the layer at the top right of the map.",
        "scan_map_lisa": "LISA clusters",
        "scan_map_gi": "Gi* hot and cold spots",
        "scan_map_no_figure": "No inhabitants / no figure",
        "scan_map_key": "Numbers on the maps ({level})",
        "scan_map_heading": "{area}: {what} per 1,000 inhabitants, {year}",
        "scan_h_top": "Most registrations per kind: the {level} with the highest counts",
        "scan_inside_skipped": "Not analysed (too few areas or no figures): {kinds}.",
        "scan_method_hotspots": "LISA: an area with a high figure among neighbours with high figures (High-High) is "
                                "a hot spot; Gi*: a concentration of high figures, with confidence. Both with "
                                "permutation tests, on empirical-Bayes estimates so that a small area is not a "
                                "hot spot by a handful of cases; with few areas some of it is chance.",
        "scan_no_inside": "No map of the areas inside {area}: there are no boundaries or figures of districts (or "
                          "members) to analyse.",
        "scan_no_inside_unpublished": "No hot spots inside {area}: PDOK does not (yet) publish district "
                                      "boundaries for {year}, so the districts can be neither mapped nor analysed. "
                                      "The rest of the scan uses the figures of the municipality.",
        "scan_findings_intro": "What stands out in the figures: significant differences, rises and falls, and hot "
                               "spots. The sheet 'findings' in scan.xlsx has the columns recognised, explanation "
                               "and action for each point.",
        "scan_findings_intro_final": "The meeting's agenda (at most {n} points, by theme) with what the table said "
                                     "about it; the other findings are in the table below.",
        "scan_meeting_heading": "What the meeting agreed",
        "scan_meeting_date": "Date",
        "scan_meeting_participants": "Participants",
        "scan_meeting_priorities": "Priorities",
        "scan_meeting_actions": "Actions",
        "scan_meeting_street": "Street knowledge",
        "scan_col_owner": "Owner",
        "scan_col_due": "Due",
        "scan_col_street_kind": "Kind",
        "scan_col_what": "What",
        "scan_street_groep": "Hot group",
        "scan_street_plek": "Hot place",
        "scan_street_voorziening": "Hot facility",
        "scan_findings_rule": "Order: each point weighs the size of the difference (relative to the comparison, "
                              "the year before or the median of the areas inside) times its certainty (1 minus the "
                              "p-value; 0.95 for a hot spot or quadrant). The {n} heaviest points are on the "
                              "agenda, grouped by theme; the rest is in the appendix below.",
        "scan_h_findings_appendix": "Appendix: other findings",
        "scan_q_compare": "Do you recognise this, and what explains the difference?",
        "scan_q_change": "Do you recognise this development, and what lies behind it?",
        "scan_q_hotspot": "Do you recognise these places, and what goes on there?",
        "scan_q_quadrant": "Does this match what you see and hear on the street?",
        "scan_q_bivariate": "What goes on in and around these districts?",
        "scan_q_break": "Did something change that year in the registration, the way of working or the area itself?",
        "scan_q_dark_fewer": "Where do those reports go: are they registered as something else or elsewhere, or "
                             "not taken?",
        "scan_q_dark_more": "Where do the extra registrations come from: businesses, visitors, attempts?",
        "scan_no_findings": "None of the figures differs significantly and there are no hot spots: nothing stands "
                            "out in the figures. That too is something to discuss.",
        "scan_and": " and ",
        "scan_higher": "higher",
        "scan_lower": "lower",
        "scan_rise_verb": "rose",
        "scan_fall_verb": "fell",
        "scan_high_word": "more",
        "scan_low_word": "less",
        "scan_f_compare": "{title} ({value}) is {clauses}.",
        "scan_f_compare_clause": "significantly {direction} than in {refs} ({verdict})",
        "scan_f_change": "{title} {direction} from {before} in {from} to {after} in {to} (significant).",
        "scan_f_break": "{title} went from {before} in {from} to {after} in {to}: more than {share}% in one year, "
                        "a break in the series?",
        "scan_f_dark_fewer": "{kind}: the Safety Monitor leads one to expect about {expected} reports "
                             "({low}\u2013{high}); the police registered {registered}.",
        "scan_f_dark_more": "{kind}: the police registered {registered}, more than the about {expected} reports "
                            "({low}\u2013{high}) the Safety Monitor leads one to expect.",
        "scan_f_hotspot": "{title}: hot spots in {places}.",
        "scan_f_quadrant": "{area} has {x_word} registered crime ({x} per 1,000 inhabitants) and {y_word} "
                           "inhabitants who sometimes feel unsafe in the neighbourhood ({y}%) than half of the "
                           "areas, {set}.",
        "scan_f_bv_HH": "Much registered crime goes together with much feeling unsafe around it in {places}.",
        "scan_f_bv_LH": "Little registered crime, but much feeling unsafe around it, in {places}.",
        "scan_recognised_ja": "Yes",
        "scan_recognised_nee": "No",
        "scan_recognised_deels": "Partly",
        "scan_h_uncertain": "Too uncertain to read alone",
        "scan_uncertain_intro": "For these figures the 95% margin reaches further than half the figure itself; read "
                                "them only together with other figures:",
        "scan_none_uncertain": "None of the key figures is too uncertain to read alone.",
        "scan_h_caveats": "Caveats",
        "scan_caveat_peers": "The comparable municipalities follow the degree of urbanisation and the "
                                       "size class of the Key figures of districts and neighbourhoods; another "
                                       "choice may give another picture.",
        "scan_caveat_population": "Counts per 1,000 inhabitants use the inhabitants on 1 January {population} "
                                  "({table}) for every year.",
        "scan_caveat_corona": "The Safety Monitor 2021 and the registrations of 2020 and 2021 fall in the corona "
                              "years (lockdowns, curfew, less going out and travel): read changes across those years "
                              "with care.",
        "scan_caveat_method": "To compare with an area {area} lies in, {area} was first taken out of that figure; "
                              "the Safety Monitor figures of comparable areas were pooled by their inhabitants aged "
                              "15 and over. Both read the figures as independent samples per area, an approximation "
                              "of CBS's weighting.",
        "scan_caveat_tests": "Many tests were done; a single significant difference may be chance. Read the points "
                             "for discussion together.",
        "scan_caveat_registration": "Registrations also reflect the willingness to report and police effort, not "
                                    "only what happens.",
        "scan_caveat_boundaries": "Boundaries of {boundary} (CBS/Kadaster via PDOK); figures of {year}.",
        "scan_means_not_target": "Figures are a means to discuss, not a target: what matters is what the "
                                 "participants recognise and what they find important together.",
        "scan_note_no_measure": "{indicator}: not found in table {table} (this edition lacks it).",
        "scan_note_no_survey_year": "The Safety Monitor ({table}) has no edition up to {year}.",
        "scan_note_survey_edition": "The Safety Monitor of {edition} is the latest edition up to {year}; the "
                                    "registrations are of {year}.",
        "scan_note_no_counts": "{indicator}: no figures in table {table}.",
        "scan_note_fallback": "{area} has no Safety Monitor figures of its own; those of {other} are shown.",
        "scan_note_no_quadrant": "No scatter for {area}: it needs Safety Monitor figures of its own.",
        "scan_note_no_bivariate": "No bivariate LISA of the wijken: registered crime or feeling unsafe is the "
                                  "same in every wijk.",
        "scan_note_bivariate_few": "No bivariate LISA of the wijken: {n} wijken have both registered crime and "
                                   "figures on feeling unsafe, and it needs at least {min}.",
        "scan_note_rest": "tested against the reference without the area itself",
        "scan_note_derived": "derived from the area's municipalities (see Key figures)",
        "scan_note_pooled": "comparable areas together, weighted by inhabitants aged 15+",
        "scan_note_pooled_derived": "the other areas together, weighted by inhabitants aged 15+; their figures "
                                    "derived from their municipalities (see Key figures)",
        "scan_note_no_peer_survey": "none of the comparable areas has figures of its own",
        "scan_note_no_reference": "no figure of the reference",
        "scan_note_dark_fallback": "with the percentages of a larger area",
        "scan_note_dark_households_published": "per household (households counted by CBS)",
        "scan_note_dark_households_ratio": "per household (households estimated from the inhabitants)",
        "scan_note_unpopulated": "Without inhabitants, so without a figure per 1,000 inhabitants and outside the "
                                 "hot-spot analysis: {places}.",
        "scan_boundaries_of": "Boundaries {level} {year}",
        "scan_source": "Source:",
        "scan_index_title": "Area scans {name}, {year}",
        "scan_index_intro": "An area scan per {unit} within {name}; the tables put the key figures side by side.",
        "scan_caveat_peers_units": "The comparison with {peers} sets the area beside the others of the same "
                                   "level; another choice may give another picture.",
        "scan_caveat_peers_wijk": "The comparable districts have the same degree of urbanisation in the Key "
                                  "figures of districts and neighbourhoods; another choice may give another picture.",
        "scan_caveat_gemeente_wijk": "A district is compared with its municipality without the district itself; "
                                     "the municipality as a whole is shown beside it as CBS publishes it.",
        "scan_caveat_peers_compare": "The peer group was chosen by the author of the scan: {names}.",
        "scan_tabellenboek": "Tables (XLSX)",
        "scan_embed_title": "Safety in {name}, {year}",
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
        "t_change_untested": "given as a difference without a test: the figures are percentages or rates "
                             "without 95% margins (give columns lower and upper to test them)",
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
        "trend_all_incidents": "all incidents",
        "i_trend_incidents": "{used} incidents counted in {areas} areas over {months} months",
        "observed": "Registered",
        "expected": "Expected",
        "t_warning": "{title}: {flagged} of {n} unit and crime type combinations flagged",
        "t_warning_row": "  {name} ({code}), {crime}: {observed} against {expected} expected",
        "warning_chance": "Chance alone would give about {k} flags among {n} assessed combinations ({level}% "
                          "bound, spread estimated from the years before)",
        "warning_chance_map": "Chance alone would give about {k} flags among {n} assessed areas",
        "caution_global": "Note: the pattern as a whole is not significant (Moran's I, p = {p}); read the local "
                          "clusters with care.",
        "map_few_areas": "Note: {n} areas are too few for local statistics (fewer than {threshold}); LISA clusters "
                         "and Gi* hot spots are descriptive at best here and are not coloured as findings.",
        "map_descriptive": "Descriptive, not a finding",
        "map_descriptive_note": "{n} areas: too few for local statistics (fewer than {threshold}); grey is "
                                "descriptive at best, not a finding.",
        "map_descriptive_label": "{label} (descriptive)",
        # Maps of big grids (issue 18): the areas as an image, and the density layer.
        "map_image_note": "{n} areas, drawn as an image; only significant areas show a tooltip.",
        "density": "Density (incidents per km\u00b2)",
        "density_row": "Density",
        "density_unit": "{x} per km\u00b2",
        "density_note": "Not shown: squares to which fewer than {min_count} incidents contribute (privacy).",
        "density_note_any": "Not shown: squares to which too few incidents contribute (privacy).",
        "density_squares": "Computed on squares of {cell} m, bandwidth {bandwidth} m.",
        "density_squares_only": "Computed on squares of {cell} m.",
        "density_squares_counts": "Computed on squares of {cell} m, bandwidth {bandwidth} m, from the counts per "
                                  "square (each incident at the centre of its square).",
        "density_of": "Density {period} (incidents per km\u00b2)",
        "density_row_of": "Density {period}",
        "density_period_note": "{period}: the period of the map's hot spots; results.gpkg holds every period "
                               "(columns {first} to {last}, incidents per km\u00b2, empty where masked), all with the "
                               "same bandwidth.",
        "t_series": "Series of {n} periods, {first} to {last}",
        "t_stay": "Of the High-High areas, {share}% stayed High-High in the next period",
        "t_no_emerging": "Emerging hot spots need at least {needed} periods (as in ArcGIS Pro); this series has {n}: "
                         "see the hot spots per period and the change",
        "t_correction_impossible": "Note: with {permutations} permutations the smallest two-sided p is {floor}; the "
                                   "{correction} correction over {n} areas cannot be passed: raise --permutations to "
                                   "at least {needed}",
        "t_small_population": "Small population (fewer than {threshold} inhabitants), figure rests on few cases: "
                              "{codes}",
        "t_few_areas": "Note: only {n} areas (fewer than {minimum}); LISA and Gi* results on so few units are "
                       "descriptive at best, not findings",
        "t_no_population": "Without inhabitants, left out of the rates per 1,000: {codes}",
        "t_bivariate_left_out": "Bivariate: {n} area(s) with only one of the two indicators left out ({codes})",
        "log_WARNING": "WARNING",
        "log_ERROR": "ERROR",
        "log_INFO": "INFO",
        "log_DEBUG": "DEBUG",
        "w_repaired_geometry": "{name}: repaired invalid geometry of {n} area(s): {codes}",
        "w_partition_empty": "{path}: no rows under the header; counted as a part without incidents (a quiet month)",
        "w_crs_not_used": "{name} has a CRS of its own ({own}) and is read in it; {crs} was not used (it is for a file "
                          "without one)",
        "w_correction_never": "{statistic}: with {permutations} permutations the smallest two-sided p is {floor}; "
                              "the {correction} correction over {n} areas cannot be passed: raise --permutations "
                              "to at least {needed}",
        "w_correction_hard": "{statistic}: with {permutations} permutations the smallest two-sided p is {floor}; "
                             "the FDR correction over {n} areas passes only when at least {k} areas reach it; with "
                             "{needed} permutations a single area can",
        "w_no_code_rows": "{source}: {n} row(s) without a code in {column!r} left out (rows {rows})",
        "w_data_only": "{source}: {n} code(s) only in the data, not in the boundaries: {codes}",
        "w_scan_no_wijken": "PDOK has no wijk boundaries of {year}: the scan leaves out the hot spots inside",
        "w_scan_ambiguous_measure": "{table} has {n} measures like {measure}; the scan leaves it out",
        "w_incident_rows_left_out": "{path}: {n} row(s) left out because {reason}: rows {rows}",
        "w_incident_type_absent": "{path}: no incident of type {types}",
        "w_grid_outside_area": "{n} incident(s) lie outside the study area and are not counted",
        "w_grid_outside_polygons": "{n} incident(s) lie in none of the polygons and are not counted",
        "i_incidents_read": "{path}: {used} of {read} incidents used",
        "i_excel_days": "{path}: the dates are numbers, read as Excel day numbers ({example} = {date})",
        "w_scan_no_mapping": "no --mapping (gemeente -> eenheid) given: the scan leaves out the comparison with "
                             "the own eenheid",
        "w_population_year": "figures of {a} ({table_a}) are divided by the population of {b} ({table_b}); give "
                             "--population-period {a} when the population table has that year",
        "w_crosswalk_unmatched": "codes not in the old boundaries, left out: {codes}",
        "w_incomplete_months": "units without a complete sum (members without a count in some month): {units}",
        "w_unmapped_counts": "{n} code(s) of the monthly counts match no area of the boundaries and are left off "
                             "the map (they are in trend.csv): {codes}",
        "w_no_geometry": "{name}: {n} feature(s) without geometry left out",
        "w_missing_value": "{source}: {n} area(s) without a value in {column!r} left out of the statistics: {codes}",
        "w_uncertain": "{n} figure(s) with a 95% interval wider than half the figure on either side: {codes}",
        "w_no_population": "{source}: {n} area(s) without inhabitants in {column!r} left out of the rates per "
                           "1,000: {codes}",
        "population_unknown": "unknown",
        "w_squares_no_rate": "{n} square(s) without a rate per 1,000 inhabitants: {unknown} with secret or unknown "
                             "inhabitants, {uninhabited} without inhabitants: {codes}",
        "i_squares_unknown": "inhabitants of {n} squares of {cell} m: {suppressed} secret (CBS), {missing} not in the "
                             "square statistics",
        "i_squares_empty_left_out": "{n} squares without inhabitants and without incidents left out; {kept} remain",
        "t_squares_empty_left_out": "Left out: {n} squares without inhabitants and without incidents",
        "i_squares_estimated": "{n} squares of 1000 m with secret 500 m squares (fewer than 5 inhabitants): these "
                               "count as 2 inhabitants, which moves the sum by at most {share}",
        "w_few_incidents": "only {n} incidents counted in {areas} areas: too few for hot spots that mean anything "
                           "(Optimized Hot Spot Analysis asks for at least {minimum}); one incident with its "
                           "neighbours can be a 'hot spot'",
        "w_bivariate_left_out": "{n} area(s) with only one of the two indicators left out of the bivariate "
                                "analysis ({codes}); it uses the {both} areas that have both",
        "w_bivariate_graph": "the bivariate analysis has neighbours of its own on the {n} areas with both "
                             "indicators: {islands} area(s) without neighbours ({policy}) and {parts} separate "
                             "parts; read its clusters with that in mind",
        "islands_attach": "attached to the nearest",
        "islands_exclude": "left out of the statistics",
        "w_few_areas": "only {n} areas (fewer than {minimum}): LISA and Gi* are descriptive at best",
        "w_incomplete_units": "units without a complete sum (members without a value): {codes}",
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


#: The language of log lines (warnings on the terminal) in this run: the CLI sets it from ``--lang``
#: (:func:`use`), a notebook may too; Dutch by default, as everything else a reader sees.
_LOG_LANG: ContextVar[str] = ContextVar("vmgeo_log_lang", default="nl")


def use(lang: str | None) -> Token[str]:
    """Make ``lang`` the language of log lines from here on (returns a token for ``_LOG_LANG.reset``)."""
    return _LOG_LANG.set(lang_of(lang))


def log_lang() -> str:
    """The language log lines are written in now (see :func:`use`)."""
    return _LOG_LANG.get()


@contextlib.contextmanager
def speaking(lang: str | None) -> Iterator[None]:
    """Log and error lines in ``lang`` inside the block, and the language before it afterwards.

    What ``--lang`` does for one run of the command; a notebook or a test uses it the same way.
    """
    token = use(lang)
    try:
        yield
    finally:
        _LOG_LANG.reset(token)


class Say:
    """A log line by key, rendered in the run's language when logging formats it.

    ``log.warning(text.Say("w_no_geometry", name=name, n=3))``: logging calls
    ``str()`` on the message only when a handler emits it, so the language is
    the one :func:`use` set for the run, whichever module logs.
    """

    def __init__(self, key: str, **fields: object) -> None:
        self.key, self.fields = key, fields

    def __str__(self) -> str:
        return get(self.key, lang=log_lang(), **self.fields)

    def __repr__(self) -> str:
        return f"Say({self.key!r})"


class Count:
    """A count in a :class:`Say` line, written as the run's language writes numbers (``47.015`` in Dutch).

    Not every whole number in a line is a count (years, codes), so a count says so.
    """

    def __init__(self, n: int) -> None:
        self.n = int(n)

    def __format__(self, spec: str) -> str:
        return number(self.n, 0, lang=log_lang())

    def __repr__(self) -> str:
        return f"Count({self.n})"


#: CBS's status of a period (``Definitief``, ``Voorlopig``, ``Nader voorlopig``) in each language.
CBS_STATUS = {
    "nl": {"definitief": "definitief", "voorlopig": "voorlopig", "nader voorlopig": "nader voorlopig"},
    "en": {"definitief": "final", "voorlopig": "provisional", "nader voorlopig": "revised provisional"},
}


def cbs_status(status: str | None, *, lang: str = "nl") -> str:
    """CBS's period status as a reader of ``lang`` says it (several, comma-separated, each in turn)."""
    if not status:
        return ""
    words = CBS_STATUS[lang_of(lang)]
    return ", ".join(words.get(part.strip().lower(), part.strip()) for part in str(status).split(","))


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


def p_value(p: float | None, *, lang: str = "nl", floor: float | None = None) -> str:
    """A p-value or significance level: at most four significant digits, never in e-notation.

    ``0,05``, ``0,0001``, ``0,00002``. With ``floor``, the smallest p the test
    can give (a pseudo p-value's ``2/(P+1)``), a p at the floor is written
    ``< 0,00002``: no permutation was as extreme, so the p is at most that and
    "0,000" would claim more than the test can tell. ``None`` and NaN become
    an en dash.
    """
    if p is None or not math.isfinite(p):
        return "\u2013"
    if floor is not None and floor > 0 and p <= floor * (1 + 1e-9):
        return "< " + p_value(floor, lang=lang)
    text = format(Decimal(f"{p:.4g}"), "f")
    return text.replace(".", ",") if lang_of(lang) == "nl" else text


def p_is(p: float | None, *, lang: str = "nl", floor: float | None = None) -> str:
    """``p = 0,044``, or ``p < 0,00002`` at the floor (see :func:`p_value`)."""
    shown = p_value(p, lang=lang, floor=floor)
    return f"p {shown}" if shown.startswith("<") else f"p = {shown}"


def few(items: Iterable[object], n: int = 8, *, lang: str | None = None) -> str:
    """The first ``n`` items and how many more, for one line of text (in the run's language by default)."""
    items = list(items)
    shown = ", ".join(str(i) for i in items[:n])
    if len(items) > n:
        shown += " " + get("and_more", lang=lang or log_lang(), n=len(items) - n)
    return shown
