"""Every error line of vmgeo, in Dutch and in English: the one home of error messages.

:mod:`geo.text` is the home of reader-facing strings (maps, reports, the
terminal summary, warnings logged with :class:`geo.text.Say`); this module
is the home of error lines, the message of every :class:`geo.errors.VmgeoError`
(and of the few log lines :mod:`geo.fetch` writes while downloading)::

    raise ColumnError(messages.line("no_column", column="inwoners", file=path.name, columns=...))

A line follows the run's language (:func:`geo.text.log_lang`, which the CLI
sets from ``--lang`` with :func:`geo.text.use`; Dutch by default) at the
moment it is made: an error raised during a Dutch run reads Dutch. Names the
user types or sets (options, ``VMGEO_*`` settings, files, columns, codes,
table ids, URLs) are the same in both languages. Numbers follow the reader:
a field formatted with ``,`` or ``.Nf`` in a line (``{n:,}``, ``{x:.1f}``)
is written 28.524 and 7,3 in Dutch (:func:`geo.text.number`).

Floor 0: this module imports only :mod:`geo.text` and the standard library.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable

from . import text

#: key -> (Dutch, English); placeholders are str.format fields.
LINES: dict[str, tuple[str, str]] = {
    # ===== the command line (geo.cli._main): argparse's own messages =====================================
    "see_help": ("; zie '{command} --help'", "; see '{command} --help'"),
    "ap_argument": ("optie {option}: {rest}", "argument {option}: {rest}"),
    "ap_command": ("opdracht: {rest}", "argument COMMAND: {rest}"),
    "ap_invalid_choice": ("ongeldige keuze: {value} (kies uit {choices})",
                          "invalid choice: {value} (choose from {choices})"),
    "ap_unrecognized": ("onbekende argumenten: {args}", "unrecognized arguments: {args}"),
    "ap_expected_one": ("verwacht één waarde", "expected one argument"),
    "ap_expected_at_most_one": ("verwacht hoogstens één waarde", "expected at most one argument"),
    "ap_expected_at_least_one": ("verwacht minstens één waarde", "expected at least one argument"),
    "ap_required": ("de volgende opties zijn verplicht: {args}", "the following arguments are required: {args}"),
    "ap_one_required": ("een van de opties {args} is verplicht", "one of the arguments {args} is required"),
    "ap_invalid_value": ("{value} is geen {type}", "invalid {type} value: {value}"),
    "ap_type_int": ("geheel getal", "int"),
    "ap_type_float": ("getal", "float"),
    "ap_ambiguous": ("dubbelzinnige optie: {option} kan {matches} zijn",
                     "ambiguous option: {option} could match {matches}"),
    "ap_not_allowed_with": ("niet toegestaan samen met {option}", "not allowed with argument {option}"),
    # ===== pieces shared by many lines =====================================================================
    "the_table": ("de tabel", "the table"),
    "given_with": (" (opgegeven met {option})", " (given with {option})"),
    "notation_nl": ("Nederlandse notatie (1.234,5)", "Dutch (1.234,5)"),
    "notation_en": ("Engelse notatie (1,234.5)", "English (1,234.5)"),
    "row_n": ("rij {row}", "row {row}"),
    "rows_n": ("rijen", "rows"),
    "could_be": ("{name!r} kan {codes} zijn", "{name!r} could be {codes}"),
    "or_": (" of ", " or "),
    "span_to": ("{first} tot {last}", "{first} to {last}"),
    "no_period_word": ("geen periode", "no period"),
    "no_year_word": ("geen jaar", "no year"),
    "guess_rd": ("ze lijken op RD New-meters: voeg --crs EPSG:28992 toe",
                 "they look like RD New metres: add --crs EPSG:28992"),
    "guess_crs": ("geef hun CRS op met --crs", "give their CRS with --crs"),
    "term_code": ("code", "code"),
    "term_data": ("gegevens", "data"),
    "term_name": ("naam", "name"),
    "term_period": ("periode", "period"),
    "term_population": ("bevolkings", "population"),
    "term_second_value": ("tweede-waarde", "second value"),
    "term_value": ("waarde", "value"),
    # ===== geo.tables ==========================================================================================
    "tables_path_text_file_give": ("{path}: is geen tekstbestand; geef een CSV-bestand (.csv) of Excel-bestand "
                                   "(.xlsx)",
                                   "{path}: is not a text file; give a CSV (.csv) or Excel (.xlsx) file"),
    "tables_source_no_what_column": ("{source}: geen {what}kolom {name!r}{flag}{hint} De kolommen zijn: "
                                     "{shown}{more}",
                                     "{source}: no {what} column {name!r}{flag}{hint} Columns are: {shown}{more}"),
    "tables_decimal_decimal_r_use": ("--decimal {decimal!r}: gebruik , (Nederlands: 1.234,5) of . (Engels: 1,234.5)",
                                     "--decimal {decimal!r}: use , (Dutch: 1.234,5) or . (English: 1,234.5)"),
    "tables_header_row_header_row": ("--header-row {header_row!r}: geef de rij van het werkblad met de kolomnamen "
                                     "(1 of hoger)",
                                     "--header-row {header_row!r}: give the spreadsheet row of the column names "
                                     "(1 or more)"),
    "tables_path_file_found_check": ("{path}: bestand niet gevonden; controleer het pad bij --data",
                                     "{path}: file not found; check the path given to --data"),
    "tables_path_folder_table_file": ("{path}: is een map, geen tabelbestand",
                                      "{path}: is a folder, not a table file"),
    "tables_path_table_no_rows": ("{path}: de tabel heeft geen rijen",
                                  "{path}: the table has no rows"),
    "tables_path_sheet_empty": ("{path}: het werkblad is leeg",
                                "{path}: the sheet is empty"),
    "tables_path_file_empty": ("{path}: het bestand is leeg",
                               "{path}: the file is empty"),
    "tables_source_row_int_row": ("{source}: rij {int_row_2}, kolom {column!r}: {values_at_row!r} is geschreven "
                                  "in {written}, tegen --decimal {decimal} in; verbeter de cel of geef de andere "
                                  "--decimal",
                                  "{source}: row {int_row_2}, column {column!r}: {values_at_row!r} is written "
                                  "{written}, against --decimal {decimal}; correct the cell or give the other "
                                  "--decimal"),
    "tables_source_column_column_r": ("{source}: kolom {column!r} is niet numeriek ({len_rows} waarde(n) die geen "
                                      "getal zijn, {examples}); verbeter die cellen of kies een andere kolom",
                                      "{source}: column {column!r} is not numeric ({len_rows} value(s) that are "
                                      "not numbers, {examples}); fix those cells or choose another column"),
    "tables_source_column_column_r2": ("{source}: kolom {column!r} mengt Nederlandse en Engelse notatie "
                                       "({row_of_nl}: {series_iloc_nl!r}, {row_of_en}: {series_iloc_en!r}); "
                                       "schrijf de kolom op één manier",
                                       "{source}: column {column!r} mixes Dutch and English notation "
                                       "({row_of_nl}: {series_iloc_nl!r}, {row_of_en}: {series_iloc_en!r}); write "
                                       "the column one way"),
    "tables_source_column_column_r3": ("{source}: van kolom {column!r} is de notatie niet te bepalen "
                                       "({row_of_first}: {series_iloc_first!r} is duizend of meer in het "
                                       "Nederlands, minder in het Engels); geef --decimal , (Nederlands: 1.234,5) "
                                       "of --decimal . (Engels: 1,234.5)",
                                       "{source}: column {column!r} cannot tell its notation ({row_of_first}: "
                                       "{series_iloc_first!r} is a thousand or more in Dutch, less in English); "
                                       "give --decimal , (Dutch: 1.234,5) or --decimal . (English: 1,234.5)"),
    "tables_path_cannot_read_suffix": ("{path}: '{suffix}'-bestanden zijn niet als tabel te lezen; geef een "
                                       "CSV-bestand (.csv) of Excel-bestand (.xlsx)",
                                       "{path}: cannot read '{suffix}' files as a table; give a CSV (.csv) or "
                                       "Excel (.xlsx) file"),
    "tables_header_row_header_row2": ("--header-row {header_row}: {path} heeft maar {len_text_splitlines} regel(s)",
                                      "--header-row {header_row}: {path} has only {len_text_splitlines} line(s)"),
    "tables_path_cannot_read_as": ("{path}: is niet als tabel te lezen ({exc}); sla het op als CSV of .xlsx",
                                   "{path}: cannot be read as a table ({exc}); save it as CSV or .xlsx"),
    "tables_header_row_header_row3": ("--header-row {header_row}: {path} heeft maar {len_rows} rij(en)",
                                      "--header-row {header_row}: {path} has only {len_rows} row(s)"),
    "tables_source_row_r_column": ("{source}: {row_of_r}, kolom {column!r}: {series_iloc_r!r} is in strijd met "
                                   "--decimal {decimal}; verbeter de cel of geef de andere --decimal",
                                   "{source}: {row_of_r}, column {column!r}: {series_iloc_r!r} contradicts "
                                   "--decimal {decimal}; correct the cell or give the other --decimal"),
    # ===== geo.readers =========================================================================================
    "readers_missing_join_m_replace": ("ontbreekt: {join_m_replace___for}",
                                       "missing {join_m_replace___for}"),
    "readers_filter_applies_cbs_politie": ("--filter geldt voor CBS/Politie-tabellen, niet voor een gegevensbestand",
                                           "--filter applies to CBS/Politie tables, not to a data file"),
    "readers_opts_data_data_file": ("{opts_data}: een gegevensbestand vraagt --code-column (of --name-join) en "
                                    "--value (of geef BRON:TABEL/MAAT of de naam van een indicator als --data)",
                                    "{opts_data}: a data file needs --code-column (or --name-join) and --value "
                                    "(or give SOURCE:TABLE/MEASURE or an indicator name as --data)"),
    "readers_header_row_opts_header": ("--header-row {opts_header_row}: rijen worden geteld vanaf 1 (de eerste "
                                       "rij is 1)",
                                       "--header-row {opts_header_row}: rows are counted from 1 (the first row is 1)"),
    "readers_population_opts_population_r": ("--population {opts_population!r}: bij cijfers van CBS/Politie moet "
                                             "de bevolking BRON:TABEL/MAAT zijn of een indicator zoals 'inwoners'",
                                             "--population {opts_population!r}: with figures from CBS/Politie the "
                                             "population must be SOURCE:TABLE/MEASURE or an indicator such as "
                                             "'inwoners'"),
    "readers_source_row_row_column": ("{source}: rij {row_2}, kolom {column!r}: {frame_at_row_column!r} is geen "
                                      "periode; schrijf een jaar (2023) of een CBS-sleutel (2023JJ00, 2023MM01)",
                                      "{source}: row {row_2}, column {column!r}: {frame_at_row_column!r} is not a "
                                      "period; write a year (2023) or a CBS key (2023JJ00, 2023MM01)"),
    "readers_source_column_column_r": ("{source}: kolom {column!r} heeft geen {shown}; de kolom heeft {span} "
                                       "({join_periods_label_k})",
                                       "{source}: column {column!r} has no {shown}; it has {span} "
                                       "({join_periods_label_k})"),
    "readers_value_opts_value_r": ("--value2 {opts_value2!r} is dezelfde indicator als --data; een bivariate "
                                   "analyse vraagt twee verschillende",
                                   "--value2 {opts_value2!r} is the same indicator as --data; a bivariate "
                                   "analysis needs two different ones"),
    "readers_table_source_period_opts": ("{table_source}: --period {opts_period} vraagt een kolom met de "
                                         "perioden; dit bestand heeft geen kolom Perioden/Periode/Jaar; geef de "
                                         "kolom op met --period-column",
                                         "{table_source}: --period {opts_period} needs a column with the periods; "
                                         "this file has none called Perioden/Periode/Jaar; name it with "
                                         "--period-column"),
    "readers_table_source_column_column": ("{table_source}: kolom {column!r} bevat {len_present} perioden "
                                           "({periods_label_presen} tot {periods_label_presen2}); kies er een met "
                                           "--period {periods_label_presen2} of een reeks met --period "
                                           "{periods_year_present}:{periods_year_present2}",
                                           "{table_source}: column {column!r} holds {len_present} periods "
                                           "({periods_label_presen} to {periods_label_presen2}); choose one with "
                                           "--period {periods_label_presen2} or a series with --period "
                                           "{periods_year_present}:{periods_year_present2}"),
    # ===== geo.inputs ==========================================================================================
    "inputs_value_police_units_supported": ("--value2 met politie-eenheden kan niet: het enquêtecijfer van een "
                                            "eenheid is geen gemiddelde van dat van haar leden (gebruik de eigen "
                                            "cijfers van CBS voor de eenheden als --data en --value2 op niveau "
                                            "eenheid)",
                                            "--value2 with police units is not supported: a unit's survey figure "
                                            "is not a mean of its members' (use CBS's own unit figures as --data "
                                            "and --value2 at level eenheid)"),
    "inputs_composition_mapping_opts_composition": ("--composition/--mapping {opts_composition_or_}: geef --year, "
                                                    "het jaar dat het bestand beschrijft (eenheden veranderen "
                                                    "door de jaren)",
                                                    "--composition/--mapping {opts_composition_or_}: give --year, "
                                                    "the year it describes (units change over the years)"),
    "inputs_give_composition_mapping_both": ("geef --composition of --mapping, niet beide",
                                             "give --composition or --mapping, not both"),
    "inputs_mapping_needs_unit_column": ("--mapping vraagt --unit-column (bijv. politie_eenheid_code), en "
                                         "--member-column als de leden niet in 'gemeentecode' staan",
                                         "--mapping needs --unit-column (e.g. politie_eenheid_code), and "
                                         "--member-column when the members are not in 'gemeentecode'"),
    "inputs_give_year_period_boundaries": ("geef --year (of --period) voor de grenzen, of --boundaries BESTAND",
                                           "give --year (or --period) for the boundaries, or --boundaries FILE"),
    "inputs_level_opts_level_no": ("--level {opts_level} heeft geen PDOK-laag; geef de samenstelling met "
                                   "--composition BESTAND (zie boundaries/compositions/README.md) of een tabel "
                                   "lid -> eenheid met --mapping BESTAND",
                                   "--level {opts_level} has no PDOK layer; give its composition with "
                                   "--composition FILE (see boundaries/compositions/README.md) or a member -> "
                                   "unit table with --mapping FILE"),
    "inputs_percentages_cannot_moved_across": ("percentages kunnen niet naar grenzen van een ander jaar worden "
                                               "overgezet (het percentage van een samengevoegd gebied is niet de "
                                               "som van zijn delen); gebruik een tabel op de grenzen van --year",
                                               "percentages cannot be moved across boundary years (a merged "
                                               "area's percentage is not the sum of its parts); use a table on "
                                               "the boundaries of --year"),
    "inputs_percentage_can_only_taken": ("een percentage kan alleen als schatting gewogen naar bevolking naar "
                                         "eenheden worden overgezet; geef --population",
                                         "a percentage can only be taken to units as a population-weighted "
                                         "estimate; give --population"),
    # ===== geo.joins ===========================================================================================
    "joins_source_column_code_col": ("{source}: kolom {code_col!r} heeft dubbele codes: {join_listed}; houd één "
                                     "rij per gebied over (filter eerst op periode of categorie)",
                                     "{source}: column {code_col!r} has duplicate codes: {join_listed}; keep one "
                                     "row per area (filter the period or category first)"),
    "joins_source_no_code_column": ("{source}: geen enkele code in kolom {code_col!r} komt overeen met de grenzen "
                                    "(de gegevens hebben bijv. {few_sorted_map_str_d}; de grenzen bijv. "
                                    "{few_sorted_boundarie}); controleer --code-column en of beide van hetzelfde "
                                    "niveau zijn",
                                    "{source}: no code in column {code_col!r} matches the boundaries (data has "
                                    "e.g. {few_sorted_map_str_d}; boundaries have e.g. {few_sorted_boundarie}); "
                                    "check --code-column and that both are of the same level"),
    "joins_source_ambiguous_name_s": ("{source}: dubbelzinnige naam of namen in {col!r}: {listed}; schrijf de "
                                      "volledige naam (met toevoeging, bijv. 'Bergen (L.)') of gebruik codes",
                                      "{source}: ambiguous name(s) in {col!r}: {listed}; write the full name "
                                      "(with its suffix, e.g. 'Bergen (L.)') or use codes"),
    # ===== geo.rates ===========================================================================================
    "rates_source_column_value_col": ("{source}: kolom {value_col!r} bevat negatieve aantallen voor "
                                      "{len_negative} gebied(en): {listed}; een aantal registraties kan niet "
                                      "onder nul liggen (verbeter de rijen; laat bij een verandering of saldo "
                                      "--population weg)",
                                      "{source}: column {value_col!r} holds negative counts for {len_negative} "
                                      "area(s): {listed}; a count of registrations cannot be below zero (fix the "
                                      "rows; for a change or a balance, leave out --population)"),
    "rates_source_column_pop_col": ("{source}: kolom {pop_col!r} bevat een negatieve bevolking voor {len_below} "
                                    "gebied(en): {listed}; het aantal inwoners kan niet onder nul liggen "
                                    "(verbeter de rijen)",
                                    "{source}: column {pop_col!r} holds a negative population for {len_below} "
                                    "area(s): {listed}; inhabitants cannot be below zero (fix the rows)"),
    "rates_source_column_pop_col2": ("{source}: kolom {pop_col!r} is zo klein voor {len_huge} gebied(en) dat hun "
                                     "cijfer boven 1e15 per 1.000 ligt: {listed}; verbeter de bevolking",
                                     "{source}: column {pop_col!r} is so small for {len_huge} area(s) that their "
                                     "rate is beyond 1e15 per 1,000: {listed}; fix the population"),
    "rates_source_column_original_r": ("{source}: kolom {original!r} bevat {int_bad_sum} waarde(n) die oneindig "
                                       "zijn of boven 1e15 liggen: {listed}; verbeter die cellen",
                                       "{source}: column {original!r} holds {int_bad_sum} value(s) that are "
                                       "infinite or beyond 1e15: {listed}; fix those cells"),
    "rates_value_value_r_same": ("--value2 {value2!r} is dezelfde kolom als --value; een bivariate analyse vraagt "
                                 "twee verschillende indicatoren",
                                 "--value2 {value2!r} is the same column as --value; a bivariate analysis needs "
                                 "two different indicators"),
    "rates_source_column_col_r": ("{source}: kolom {col2!r} (--value2) heeft in elk gebied dezelfde "
                                  "waarde{shown}; een bivariate analyse vraagt een tweede indicator die varieert",
                                  "{source}: column {col2!r} (--value2) has the same value{shown} in every area; "
                                  "a bivariate analysis needs a second indicator that varies"),
    "rates_unknown_rate_method_r": ("onbekende --rate {method!r}; gebruik {join_rate_methods}",
                                    "unknown --rate {method!r}; use {join_rate_methods}"),
    "rates_rate_seb_needs_spatial": ("--rate seb vraagt ruimtelijke gewichten",
                                     "--rate seb needs spatial weights"),
    # ===== geo.boundaries ======================================================================================
    "boundaries_name_no_code_column": ("{name}: geen codekolom gevonden (gezocht naar {join_code_fields_6}, ...); "
                                       "geef de kolom op met --boundary-code-column. De kolommen zijn: "
                                       "{columns_gdf}",
                                       "{name}: no code column found (looked for {join_code_fields_6}, ...); name "
                                       "it with --boundary-code-column. Columns are: {columns_gdf}"),
    "boundaries_name_column_code_col": ("{name}: kolom {code_col!r} is leeg in feature(s) {rows}; elk gebied "
                                        "heeft een code nodig",
                                        "{name}: column {code_col!r} is empty in feature(s) {rows}; every area "
                                        "needs a code"),
    "boundaries_name_column_code_col2": ("{name}: kolom {code_col!r} heeft dubbele codes {few_dupes}; voeg de "
                                         "delen samen tot één feature per gebied of kies een andere codekolom",
                                         "{name}: column {code_col!r} has duplicate codes {few_dupes}; dissolve "
                                         "the parts into one feature per area or choose another code column"),
    "boundaries_path_boundary_file_found": ("{path}: grenzenbestand niet gevonden; controleer het pad bij {option}",
                                            "{path}: boundary file not found; check the path given to {option}"),
    "boundaries_name_cannot_read_path": ("{name}: '{path_suffix}'-bestanden zijn niet als grenzen te lezen; geef "
                                         "een GeoJSON, GeoPackage of Shapefile",
                                         "{name}: cannot read '{path_suffix}' files as boundaries; give a "
                                         "GeoJSON, GeoPackage or Shapefile"),
    "boundaries_name_boundary_file_no": ("{name}: het grenzenbestand heeft geen features",
                                         "{name}: the boundary file has no features"),
    "boundaries_name_none_its_len": ("{name}: geen van de {len_gdf} feature(s) heeft een geometrie; geef een "
                                     "bestand met de polygonen van de gebieden",
                                     "{name}: none of its {len_gdf} feature(s) has a geometry; give a file with "
                                     "the areas' polygons"),
    "boundaries_no_boundaries_give_boundaries": ("geen grenzen: geef --boundaries BESTAND of --level met --year",
                                                 "no boundaries: give --boundaries FILE or --level with --year"),
    "boundaries_len_doubles_code_s": ("{len_doubles} code(s) staan in meer dan één grenzenbestand "
                                      "({few_doubles}): dezelfde grenzen twee keer opgegeven? Geef elk bestand "
                                      "één keer",
                                      "{len_doubles} code(s) come in more than one boundary file ({few_doubles}): "
                                      "the same boundaries given twice? Give each file once"),
    "boundaries_name_boundaries_must_polygons": ("{name}: grenzen moeten polygonen (vlakken) zijn, maar {len_bad} "
                                                 "van de {len_gdf} feature(s) zijn dat niet ({found}); geef een "
                                                 "laag met gebieden, geen punten of lijnen",
                                                 "{name}: boundaries must be polygons (areas), but {len_bad} of "
                                                 "{len_gdf} feature(s) are not ({found}); give a layer of areas, "
                                                 "not points or lines"),
    "boundaries_name_areas_lie_outside": ("{name}: de gebieden liggen buiten Nederland na omzetting naar RD New "
                                          "({minx:.0f}, {miny:.0f} tot {maxx:.0f}, {maxy:.0f}); klopt het CRS "
                                          "({gdf_crs_name_if_gdf_})? Geef het juiste met --crs",
                                          "{name}: the areas lie outside the Netherlands once projected to RD New "
                                          "({minx:.0f}, {miny:.0f} to {maxx:.0f}, {maxy:.0f}); is its CRS "
                                          "({gdf_crs_name_if_gdf_}) right? Give the right one with --crs"),
    "boundaries_path_no_what_column": ("{path}: geen {what}kolom {given!r} ({option}); de kolommen zijn: "
                                       "{columns_gdf}",
                                       "{path}: no {what} column {given!r} ({option}); columns are: {columns_gdf}"),
    "boundaries_name_cannot_read_as": ("{name}: is niet als grenzenbestand te lezen ({first})",
                                       "{name}: cannot be read as a boundary file ({first})"),
    "boundaries_name_coordinates_minx_f": ("{name}: de coördinaten ({minx:.0f}, {miny:.0f} tot {maxx:.0f}, "
                                           "{maxy:.0f}) zijn geen lengte/breedte, zoals het bestand zegt (een "
                                           "GeoJSON zonder 'crs'?); {guess}",
                                           "{name}: the coordinates ({minx:.0f}, {miny:.0f} to {maxx:.0f}, "
                                           "{maxy:.0f}) are not lon/lat, as the file says (a GeoJSON without "
                                           "'crs'?); {guess}"),
    "boundaries_name_its_crs_gdf": ("{name}: het CRS ({gdf_crs_name_if_gdf_}) kan niet naar RD New worden omgezet "
                                    "(een lokaal of onbekend CRS?); sla het bestand op in EPSG:28992 of EPSG:4326",
                                    "{name}: its CRS ({gdf_crs_name_if_gdf_}) cannot be converted to RD New (a "
                                    "local or unknown CRS?); save the file in EPSG:28992 or EPSG:4326"),
    "boundaries_name_holds_len_layers": ("{name}: bevat {len_layers} lagen ({few_layers_6}); kies er een met "
                                         "--layer, bijv. --layer {layers_0}",
                                         "{name}: holds {len_layers} layers ({few_layers_6}); choose one with "
                                         "--layer, e.g. --layer {layers_0}"),
    "boundaries_name_no_layer_layer": ("{name}: heeft geen laag {layer!r} (--layer); de lagen zijn {few_layers_6}",
                                       "{name}: has no layer {layer!r} (--layer); its layers are {few_layers_6}"),
    "boundaries_pdok_item_boundaries_need": ("PDOK-grenzen van {item} vragen een jaar; geef --year (of --period)",
                                             "PDOK {item} boundaries need a year; give --year (or --period)"),
    "boundaries_name_boundary_file_no2": ("{name}: het grenzenbestand heeft geen CRS (een Shapefile zonder "
                                          ".prj?); geef het op met --crs, bijv. --crs EPSG:28992 voor RD New of "
                                          "--crs EPSG:4326 voor lengte/breedte",
                                          "{name}: the boundary file has no CRS (a Shapefile without .prj?); give "
                                          "it with --crs, e.g. --crs EPSG:28992 for RD New or --crs EPSG:4326 for "
                                          "lon/lat"),
    "boundaries_name_crs_crs_r": ("{name}: --crs {crs!r} is geen CRS dat pyproj kent; schrijf bijv. EPSG:28992",
                                  "{name}: --crs {crs!r} is not a CRS pyproj knows; write e.g. EPSG:28992"),
    # ===== geo.units ===========================================================================================
    "units_path_composition_file_found": ("{path}: samenstellingsbestand niet gevonden; controleer --composition",
                                          "{path}: composition file not found; check --composition"),
    "units_path_composition_lacks_column": ("{path}: de samenstelling mist kolom(men) {join_missing}; ze heeft "
                                            "{join_columns} nodig (zie boundaries/compositions/README.md)",
                                            "{path}: the composition lacks column(s) {join_missing}; it needs "
                                            "{join_columns} (see boundaries/compositions/README.md)"),
    "units_path_unit_s_few": ("{path}: eenhe(i)d(en) {few_list_names_index} hebben meer dan één unit_name",
                              "{path}: unit(s) {few_list_names_index} have more than one unit_name"),
    "units_comp_source_no_row": ("{comp_source}: geen enkele rij is geldig in {year} (de rijen beslaan {span}); "
                                 "is dit de samenstelling van {year}?",
                                 "{comp_source}: no row is valid in {year} (its rows cover {span}); is this the "
                                 "composition for {year}?"),
    "units_no_units_estimate": ("geen eenheden om te schatten",
                                "no units to estimate"),
    "units_path_composition_empty_needs": ("{path}: de samenstelling is leeg; ze heeft een kopregel "
                                           "({join_columns}) nodig en één rij per lid (zie "
                                           "boundaries/compositions/README.md)",
                                           "{path}: the composition is empty; it needs a header ({join_columns}) "
                                           "and one row per member (see boundaries/compositions/README.md)"),
    "units_path_cannot_read_as": ("{path}: is niet als samenstellings-CSV te lezen ({exc})",
                                  "{path}: cannot be read as a composition CSV ({exc})"),
    "units_path_column_column_r": ("{path}: kolom {column!r} is leeg in rij(en) {few_i_2_for_i_in_emp}",
                                   "{path}: column {column!r} is empty in row(s) {few_i_2_for_i_in_emp}"),
    "units_path_row_row_column": ("{path}: rij {row_2}, kolom {column!r}: {comp_at_row_column!r} is geen jaar; "
                                  "gebruik een jaar zoals 2023, of laat de cel leeg",
                                  "{path}: row {row_2}, column {column!r}: {comp_at_row_column!r} is not a year; "
                                  "use a year such as 2023, or leave it empty"),
    "units_source_no_column_column": ("{source}: geen kolom {column!r}; de kolommen zijn {join_map_str_table_c}",
                                      "{source}: no column {column!r}; columns are {join_map_str_table_c}"),
    "units_comp_source_units_contain": ("{comp_source}: eenheden bevatten elkaar in een kring: {join_path_code}",
                                        "{comp_source}: units contain each other in a circle: {join_path_code}"),
    "units_comp_source_no_level": ("{comp_source} heeft geen eenheden van niveau {level}; het heeft "
                                   "{join_sorted_set_unit}",
                                   "{comp_source} has no {level} units; it has {join_sorted_set_unit}"),
    # ===== geo.cli._options ====================================================================================
    "options_layers_args_layers_r": ("--layers {args_layers!r} noemt geen laag; kies uit {join_registry}",
                                     "--layers {args_layers!r} names no layer; choose from {join_registry}"),
    "options_unknown_layers_join_unknown": ("onbekende --layers {join_unknown}; kies uit {join_registry}",
                                            "unknown --layers {join_unknown}; choose from {join_registry}"),
    "options_unknown_scheme_args_scheme": ("onbekend --scheme {args_scheme!r}; gebruik een van {join_schemes}",
                                           "unknown --scheme {args_scheme!r}; use one of {join_schemes}"),
    "options_out_out_folder_give": ("--out {out} is een map; geef de naam van het bestand dat geschreven moet "
                                    "worden (bijv. {out_out_name})",
                                    "--out {out} is a folder; give the name of the file to write (e.g. "
                                    "{out_out_name})"),
    "options_bins_args_bins_r": ("--bins {args_bins!r} moeten eindige getallen zijn; schrijf bijv. --bins "
                                 "20,40,60,80",
                                 "--bins {args_bins!r} must be finite numbers; write e.g. --bins 20,40,60,80"),
    "options_out_out_cannot_create": ("--out {out}: de map {out_parent} kan niet worden gemaakt ({exc_strerror}); "
                                      "kies een andere --out",
                                      "--out {out}: cannot create the folder {out_parent} ({exc_strerror}); "
                                      "choose another --out"),
    "options_bins_args_bins_r2": ("--bins {args_bins!r} zijn geen getallen; schrijf bijv. --bins 20,40,60,80",
                                  "--bins {args_bins!r} are not numbers; write e.g. --bins 20,40,60,80"),
    # ===== geo.fetch =====================================================================================
    # --- names and filters (_spec, _filters) ---------------------------------------------------------------
    "filter_syntax": ("--filter {item!r} is geen DIMENSIE=SLEUTEL (bijv. SoortMisdrijf=0.0.0)",
                      "--filter {item!r} is not DIMENSION=KEY (e.g. SoortMisdrijf=0.0.0)"),
    "did_you_mean": ("; bedoelt u {names}?", "; did you mean {names}?"),
    "see_indicators": ("; zie 'vmgeo indicators'", "; see 'vmgeo indicators'"),
    "not_a_spec": ("{text!r} is geen bestand, geen BRON:TABEL/MAAT (bijv. "
                   "politie:47018NED/GeregistreerdeMisdrijven_1) en geen indicator{hint}",
                   "{text!r} is neither a file, nor SOURCE:TABLE/MEASURE (e.g. "
                   "politie:47018NED/GeregistreerdeMisdrijven_1), nor an indicator{hint}"),
    "unknown_source_in": ("onbekende bron {source!r} in {text!r}; gebruik cbs of politie",
                          "unknown source {source!r} in {text!r}; use cbs or politie"),
    "unknown_source": ("onbekende bron {source!r}; gebruik cbs (CBS StatLine) of politie (politietabellen op "
                       "dataderden)",
                       "unknown source {source!r}; use cbs (CBS StatLine) or politie (police tables on dataderden)"),
    "unknown_level": ("onbekend --level {level!r} voor CBS/Politie-tabellen; gebruik een van {levels}",
                      "unknown --level {level!r} for CBS/Politie tables; use one of {levels}"),
    "close_matches": ("; lijkt op: {names}", "; close matches: {names}"),
    "measures_are": ("; de maten zijn: {names}", "; measures are: {names}"),
    "keys_are": ("; sleutels zijn bijv. {names}", "; keys are e.g. {names}"),
    "no_measure": ("{what} heeft geen maat {measure!r}{hint}", "{what} has no measure {measure!r}{hint}"),
    "no_region": ("{what} heeft geen regiodimensie; de tabel is niet op een kaart te zetten",
                  "{what} has no region dimension; it cannot be mapped"),
    "no_dimension": ("{what} heeft geen dimensie {dim!r} (--filter); de dimensies zijn: {dims}{hint}",
                     "{what} has no dimension {dim!r} (--filter); dimensions are: {dims}{hint}"),
    "choose_dimension": ("{what} heeft de dimensie {dim}; kies met --filter {dim}=SLEUTEL, bijv. {examples}",
                         "{what} has dimension {dim}; choose with --filter {dim}=KEY, e.g. {examples}"),
    "total_chosen": ("{dim}: {key} ({title}), het totaal; kies een andere met --filter {dim}=SLEUTEL",
                     "{dim}: {key} ({title}), the total; choose another with --filter {dim}=KEY"),
    "no_period_dim_series": ("{what} heeft geen periodedimensie (de tabel beslaat {covers}); een reeks van perioden "
                             "vraagt een tabel met een periodedimensie",
                             "{what} has no period dimension (it covers {covers}); a series of periods needs a "
                             "table with one"),
    "no_period_dim_other_year": ("{what} heeft geen periodedimensie en beslaat {covers}, niet {year}; laat de periode "
                                 "weg (--period, --population-period of --value2-period), of gebruik een tabel van "
                                 "{year}",
                                 "{what} has no period dimension and covers {covers}, not {year}; leave out its period "
                                 "(--period, --population-period or --value2-period), or use a table of {year}"),
    "no_period_dim_note": ("{what} heeft geen periodedimensie; de tabel beslaat {covers}, --period {period} is niet "
                           "toegepast",
                           "{what} has no period dimension; it covers {covers}, --period {period} was not applied"),
    "not_summable": ("{what} is in {unit!r}; meerdere sleutels van {dims} zouden worden opgeteld, wat alleen bij "
                     "aantallen kan",
                     "{what} is in {unit!r}; several keys for {dims} would be summed, which only makes sense for "
                     "counts"),
    "latest_period": ("{what}: geen --period opgegeven; de laatste wordt gebruikt, {period}",
                      "{what}: no --period given; using the latest, {period}"),
    "no_period": ("{what} heeft geen periode {period!r}; de tabel heeft {first}-{last} (sleutels zoals {examples})",
                  "{what} has no period {period!r}; it has {first}-{last} (keys such as {examples})"),
    "no_key": ("{what}: dimensie {dim} heeft geen sleutel {key!r}{hint}",
               "{what} dimension {dim} has no key {key!r}{hint}"),
    "no_figures": ("{what}/{measure} heeft helemaal geen cijfers voor {chosen}; de tabel laat deze combinatie leeg: "
                   "kies een andere --period of --filter",
                   "{what}/{measure} has no figures at all for {chosen}; the table leaves this combination empty: "
                   "choose another --period or --filter"),
    "other_levels": ("{what} heeft cijfers voor {chosen}, maar alleen op het niveau {held}, niet {level} "
                     "({prefix}...); kies een daarvan met --level",
                     "{what} has figures for {chosen}, but only at the level(s) {held}, not {level} ({prefix}...); "
                     "choose one of those with --level"),
    # --- CBS OData (_odata) -----------------------------------------------------------------------------------
    "what_info": ("{source}:{table} tabelinformatie", "{source}:{table} table information"),
    "what_data": ("{source}:{table} gegevens", "{source}:{table} data"),
    "what_table_list": ("de tabellenlijst van {catalog}", "the {catalog} table list"),
    "not_http": ("{url!r} is geen http(s)-adres; controleer VMGEO_CBS_URL / VMGEO_POLICE_URL",
                 "{url!r} is not an http(s) URL; check VMGEO_CBS_URL / VMGEO_POLICE_URL"),
    "cbsodata_changed": ("{what}: cbsodata {version} doet zijn verzoeken niet meer via cbsodata3.Session, dus vmgeo "
                         "kan ze niet begrenzen; installeer cbsodata 1.3 (pip install 'cbsodata>=1.3,<1.4')",
                         "{what}: cbsodata {version} no longer makes its requests through cbsodata3.Session, so "
                         "vmgeo cannot bound them; install cbsodata 1.3 (pip install 'cbsodata>=1.3,<1.4')"),
    "cbsodata_http": ("{what}: {problem} bij {url}; probeer het later opnieuw",
                      "{what}: {problem} at {url}; try again later"),
    "not_odata_json": ("{what}: het antwoord van {url} is geen CBS OData-JSON ({problem}); probeer het later opnieuw",
                       "{what}: the answer from {url} is not CBS OData JSON ({problem}); try again later"),
    "cbsodata_unbounded": ("{what}: cbsodata deed geen verzoek via de begrensde sessie van vmgeo; de tijd- en "
                           "groottegrenzen zijn mogelijk niet toegepast",
                           "{what}: cbsodata made no request through vmgeo's bounded session; its time and size "
                           "limits may not have applied"),
    "no_table": ("tabel {table} niet gevonden in de catalogus van {catalog} op {base}; zoek met "
                 "'vmgeo tables --search WOORD'{hint}",
                 "table {table} not found in the {catalog} catalog at {base}; search with "
                 "'vmgeo tables --search WORD'{hint}"),
    "no_table_info": ("tabel {table} heeft geen tabelinformatie op {base}",
                      "table {table} has no table information at {base}"),
    # --- the shape of an answer (_paging) ------------------------------------------------------------------
    "wrong_shape": ("{what}: het antwoord van {url} heeft niet de vorm die deze bron publiceert ({problem}); er is "
                    "niets in de cache gezet; probeer het later opnieuw, en meld het als het blijft (controleer "
                    "anders het adres in VMGEO_CBS_URL, VMGEO_POLICE_URL of VMGEO_PDOK_URL)",
                    "{what}: the answer from {url} does not have the shape this source publishes ({problem}); "
                    "nothing was cached; try again later, and report it if it stays (else check the address in "
                    "VMGEO_CBS_URL, VMGEO_POLICE_URL or VMGEO_PDOK_URL)"),
    "expected_object_page": ("een object verwacht, {got} gekregen", "expected an object, got {got}"),
    "no_value_list": ("de lijst 'value' ontbreekt", "no 'value' list"),
    "expected_list": ("'{where}' moet een lijst zijn, maar is {got}", "'{where}' should be a list, but is {got}"),
    "expected_object_item": ("element {i} van '{where}' moet een object zijn, maar is {got}",
                             "item {i} of '{where}' should be an object, but is {got}"),
    "missing_keys": ("element {i} van '{where}' mist {keys}", "item {i} of '{where}' lacks {keys}"),
    "bad_feature_part": ("'{key}' van feature {i} is {got}", "'{key}' of feature {i} is {got}"),
    "not_a_collection": ("geen GeoJSON FeatureCollection ({got})", "not a GeoJSON FeatureCollection ({got})"),
    "json_null": ("null", "null"),
    "json_boolean": ("een waar/onwaar-waarde", "a boolean"),
    "json_number": ("een getal", "a number"),
    "json_string": ("een tekst", "a string"),
    "json_list": ("een lijst", "a list"),
    "json_object": ("een object", "an object"),
    "bad_count": ("{what}: een pagina van {url} heeft een odata.count die geen getal is ({count!r}); probeer het "
                  "later opnieuw",
                  "{what}: a page from {url} has an odata.count that is not a number ({count!r}); try again later"),
    "count_changed": ("{what}: het aantal rijen dat {url} opgeeft veranderde tussen pagina's ({first} op de eerste, "
                      "{now} op pagina {page}): de tabel is tijdens het downloaden bijgewerkt; er is niets in de "
                      "cache gezet; probeer het over een paar minuten opnieuw",
                      "{what}: the row count stated by {url} changed between pages ({first} on the first, {now} on "
                      "page {page}): the table was updated during the download; nothing was cached; try again in a "
                      "few minutes"),
    "bad_next_link": ("{what}: een pagina van {url} heeft een link naar de volgende pagina die geen link is; "
                      "probeer het later opnieuw",
                      "{what}: a page from {url} has a next-page link that is not a link; try again later"),
    "rows_short": ("{what}: {url} gaf {stated} rijen op maar stuurde er {rows}; de download is onvolledig, er is "
                   "niets in de cache gezet; probeer het later opnieuw",
                   "{what}: {url} stated {stated} rows but sent {rows}; the download is incomplete, nothing was "
                   "cached; try again later"),
    "matched_changed": ("{what}: het aantal features dat PDOK voor {url} opgeeft veranderde tussen pagina's "
                        "({first} op de eerste, {now} op pagina {page}): de collectie is tijdens het downloaden "
                        "bijgewerkt; er is niets in de cache gezet; probeer het over een paar minuten opnieuw",
                        "{what}: the number of features PDOK states for {url} changed between pages ({first} on "
                        "the first, {now} on page {page}): the collection was updated during the download; nothing "
                        "was cached; try again in a few minutes"),
    # --- PDOK (_pdok, _boundaries) ---------------------------------------------------------------------------
    "what_boundaries": ("grenzen {level} {year} (PDOK)", "{level} boundaries {year} (PDOK)"),
    "pdok_label": ("PDOK {level} {year} ({file} in de cache)", "PDOK {level} {year} ({file} in the cache)"),
    "no_boundary_level": ("geen grensniveau {level!r} in de catalogus; de niveaus zijn: {levels}",
                          "no boundary level {level!r} in the catalogue; levels are: {levels}"),
    "boundary_years": ("grenzen van {level} staan voor {first}-{last} in de catalogus, niet voor {year}; kies een "
                       "ander --year",
                       "{level} boundaries exist for {first}-{last} in the catalogue, not for {year}; choose another "
                       "--year"),
    "not_published_404": ("{what}: PDOK publiceert geen grenzen van {level} voor {year} (HTTP 404 bij {url}); kies "
                          "een ander --year, of controleer VMGEO_PDOK_URL",
                          "{what}: PDOK does not publish {level} boundaries for {year} (HTTP 404 at {url}); choose "
                          "another --year, or check VMGEO_PDOK_URL"),
    "not_published_empty": ("{what}: PDOK publiceert geen grenzen van {level} voor {year} (geen features van {url}); "
                            "kies een ander --year",
                            "{what}: PDOK does not publish {level} boundaries for {year} (no features from {url}); "
                            "choose another --year"),
    "features_short": ("{what}: PDOK kondigde {matched} features aan maar stuurde er {got}; de download is "
                       "onvolledig, er is niets in de cache gezet; probeer het later opnieuw",
                       "{what}: PDOK announced {matched} features but sent {got}; the download is incomplete, "
                       "nothing was cached; try again later"),
    "no_code_field": ("{what}: {n} feature(s) hebben geen veld {field!r}; de catalogus is mogelijk verouderd",
                      "{what}: {n} feature(s) have no {field!r} field; the catalogue entry may be out of date"),
    # --- HTTP (_http) -------------------------------------------------------------------------------------------
    "too_late": ("{what}: de download van {url} was niet binnen {deadline} s klaar (VMGEO_DEADLINE); de server "
                 "staat stil of is erg traag, er is niets in de cache gezet; probeer het later opnieuw, of verhoog "
                 "VMGEO_DEADLINE op een trage verbinding",
                 "{what}: the download from {url} did not finish within {deadline} s (VMGEO_DEADLINE); the "
                 "server is stalled or very slow, nothing was cached; try again later, or raise VMGEO_DEADLINE on a "
                 "slow connection"),
    "loops_back": ("{what}: de link naar de volgende pagina verwijst terug naar {url}; de download is gestopt, er is "
                   "niets in de cache gezet; probeer het later opnieuw",
                   "{what}: the server's next-page link loops back to {url}; the download was stopped, nothing was "
                   "cached; try again later"),
    "too_many_pages": ("{what}: de server op {url} blijft na {pages} pagina's (VMGEO_MAX_PAGES) links naar een "
                       "volgende pagina sturen; de download is gestopt, er is niets in de cache gezet; zijn de "
                       "gegevens echt zo groot, verhoog dan VMGEO_MAX_PAGES",
                       "{what}: the server at {url} keeps sending next-page links after {pages} pages "
                       "(VMGEO_MAX_PAGES); the download was stopped, nothing was cached; if the data really is that "
                       "large, raise VMGEO_MAX_PAGES"),
    "once": ("1 keer", "once"),
    "n_times": ("{n} keer", "{n} times"),
    "no_such_host": ("geen verbinding (de hostnaam is onbekend)", "cannot connect (the host name cannot be resolved)"),
    "refused": ("geen verbinding (verbinding geweigerd)", "cannot connect (connection refused)"),
    "reset_before": ("de verbinding werd verbroken voordat er antwoord kwam",
                     "the connection was reset before an answer came"),
    "closed_without": ("de server sloot de verbinding zonder te antwoorden",
                       "the server closed the connection without answering"),
    "cannot_connect": ("geen verbinding", "cannot connect"),
    "stalled_body": ("midden in het antwoord {timeout} s geen gegevens (VMGEO_TIMEOUT)",
                     "no data for {timeout} s in the middle of the answer (VMGEO_TIMEOUT)"),
    "broke_off": ("het antwoord brak af voordat het compleet was", "the response broke off before it was complete"),
    "announced": (" ({n} bytes aangekondigd)", " ({n} bytes announced)"),
    "too_big": ("{what}: het antwoord van {url} is groter dan {limit} (VMGEO_MAX_BYTES){size}; het is geweigerd en "
                "er is niets in de cache gezet; is het echt, verhoog dan VMGEO_MAX_BYTES "
                "(bijv. VMGEO_MAX_BYTES={suggested})",
                "{what}: the answer from {url} is larger than {limit} (VMGEO_MAX_BYTES){size}; it was refused and "
                "nothing was cached; if it is genuine, raise VMGEO_MAX_BYTES (e.g. VMGEO_MAX_BYTES={suggested})"),
    "check_or_later": ("controleer {address} of probeer het later opnieuw", "check {address} or try again later"),
    "later": ("probeer het later opnieuw", "try again later"),
    "gave_up": ("{what}: {problem} bij {url} ({tried} geprobeerd); {hint}, of gebruik --offline met een kopie uit de "
                "cache",
                "{what}: {problem} at {url} (tried {tried}); {hint}, or use --offline with a cached copy"),
    "retrying": ("{what}: {problem} bij {url}; nieuwe poging over {delay} s ({attempt}/{retries})",
                 "{what}: {problem} at {url}; trying again in {delay} s ({attempt}/{retries})"),
    "http_404": ("{what}: niet gevonden op {url} (HTTP 404); controleer de tabelcode en de catalogus",
                 "{what}: not found at {url} (HTTP 404); check the table id and the catalog"),
    "refused_status": ("{what}: de server weigerde het verzoek (HTTP {status}) op {url}; controleer {address}, of "
                       "probeer het later opnieuw",
                       "{what}: the server refused the request (HTTP {status}) at {url}; check {address}, or try "
                       "again later"),
    "busy": ("de server is bezet (HTTP 429, te veel verzoeken)", "the server is busy (HTTP 429, too many requests)"),
    "tls": ("{what}: een beveiligde verbinding met {url} mislukte ({kind}); inspecteert uw organisatie HTTPS, laat "
            "REQUESTS_CA_BUNDLE dan naar haar certificaat wijzen",
            "{what}: a secure connection to {url} failed ({kind}); if your organisation inspects HTTPS, point "
            "REQUESTS_CA_BUNDLE at its certificate"),
    "no_connection": ("geen verbinding binnen {seconds} s (de host antwoordt niet)",
                      "no connection within {seconds} s (the host does not answer)"),
    "no_answer": ("geen antwoord binnen {seconds} s (VMGEO_TIMEOUT)",
                  "no answer within {seconds} s (VMGEO_TIMEOUT)"),
    "request_failed": ("{what}: het verzoek aan {url} mislukte ({kind}); controleer {address}",
                       "{what}: the request to {url} failed ({kind}); check {address}"),
    "retry_after_too_long": ("{what}: {problem} bij {url}, en de server vraagt {wait} s te wachten (Retry-After), "
                             "langer dan de {left} s die van de deadline over zijn (VMGEO_DEADLINE); probeer het "
                             "later opnieuw",
                             "{what}: {problem} at {url}, and the server asks to wait {wait} s (Retry-After), "
                             "longer than the {left} s left of the deadline (VMGEO_DEADLINE); try again later"),
    "no_time_left": ("{what}: {problem} bij {url} ({tried} geprobeerd), en er is geen tijd meer voor een nieuwe "
                     "poging binnen {deadline} s (VMGEO_DEADLINE); probeer het later opnieuw",
                     "{what}: {problem} at {url} (tried {tried}), and no time is left to try again within "
                     "{deadline} s (VMGEO_DEADLINE); try again later"),
    "empty_answer": ("{what}: het antwoord van {url} is leeg (HTTP 200 zonder inhoud); de server is mogelijk "
                     "overbelast of verkeerd ingesteld; probeer het later opnieuw",
                     "{what}: the answer from {url} is empty (HTTP 200 without content); the server may be "
                     "overloaded or misconfigured; try again later"),
    "not_json_start": ("{what}: het antwoord van {url} is geen geldige JSON (het begint met {start}); de server is "
                       "mogelijk in onderhoud of zit achter een inlogpagina; probeer het later opnieuw",
                       "{what}: the answer from {url} is not valid JSON (it starts with {start}); the server may be "
                       "down for maintenance or behind a login page; try again later"),
    "not_json": ("{what}: het antwoord van {url} is geen geldige JSON ({problem}); de server is mogelijk uit de lucht "
                 "of zit achter een inlogpagina; probeer het later opnieuw",
                 "{what}: the answer from {url} is not valid JSON ({problem}); the server may be down or behind a "
                 "login page; try again later"),
    # --- the cache (_cache) -----------------------------------------------------------------------------------
    "cache_is_file": ("de cachemap {folder} (VMGEO_CACHE_DIR) is een bestand, geen map; laat VMGEO_CACHE_DIR naar "
                      "een map wijzen, of verplaats het bestand",
                      "the cache folder {folder} (VMGEO_CACHE_DIR) is a file, not a folder; set VMGEO_CACHE_DIR to "
                      "a folder, or move the file away"),
    "cache_not_writable": ("de cachemap {folder} (VMGEO_CACHE_DIR) is niet schrijfbaar ({reason}); laat "
                           "VMGEO_CACHE_DIR naar een map wijzen waarin u kunt schrijven, of herstel de rechten",
                           "the cache folder {folder} (VMGEO_CACHE_DIR) is not writable ({reason}); set "
                           "VMGEO_CACHE_DIR to a folder you can write to, or fix its permissions"),
    "cache_under_file": ("de cachemap {folder} (VMGEO_CACHE_DIR) kan niet worden gemaakt: {path} is een bestand; "
                         "laat VMGEO_CACHE_DIR naar een map wijzen",
                         "the cache folder {folder} (VMGEO_CACHE_DIR) cannot be made: {path} is a file; set "
                         "VMGEO_CACHE_DIR to a folder"),
    "cache_locked": ("een ander vmgeo-proces haalt al meer dan {wait} s {what} op in {folder} (lockbestand {lock}); "
                     "laat het afmaken of stop het, en probeer het dan opnieuw",
                     "another vmgeo process has been fetching {what} into {folder} for more than {wait} s (lock file "
                     "{lock}); let it finish or stop it, then try again"),
    "cache_read_only": ("cachemap {folder} is alleen-lezen; {what} wordt zonder lock gelezen",
                        "cache folder {folder} is read-only; reading {what} without a lock"),
    "cache_unreadable": ("onleesbaar ({problem})", "unreadable ({problem})"),
    "cache_damaged": ("beschadigd (controlesom klopt niet)", "damaged (checksum mismatch)"),
    "cache_bad_offline": ("de kopie van {what} in de cache ({file}) is {problem}; draai een keer zonder --offline om "
                          "haar opnieuw op te halen (of 'vmgeo cache clear')",
                          "the cached copy of {what} in {file} is {problem}; run once without --offline to fetch it "
                          "again (or 'vmgeo cache clear')"),
    "cache_refetch": ("de kopie van {what} in de cache is {problem}; ze wordt opnieuw opgehaald",
                      "cached copy of {what} is {problem}; fetching it again"),
    "cache_write": ("kan {file} niet in de cache schrijven ({problem}); maak schijfruimte vrij of laat "
                    "VMGEO_CACHE_DIR naar een andere map wijzen; er is niets in de cache gezet",
                    "cannot write {file} into the cache ({problem}); free some disk space or set VMGEO_CACHE_DIR to "
                    "another folder; nothing was cached"),
    "offline_miss": ("{what} staat niet in de cache en --offline (of VMGEO_OFFLINE=1) verbiedt het te downloaden; "
                     "draai dezelfde opdracht eerst een keer met netwerktoegang",
                     "{what} is not in the cache and --offline (or VMGEO_OFFLINE=1) forbids downloading it; run the "
                     "same command once with network access first"),
}


_FORMATTER = string.Formatter()
#: A numeric format spec this module writes in the reader's style: ``,``, ``.1f``, ``,.0f``, ``.2%``.
_NUMERIC = re.compile(r"^(?P<group>,)?(?:\.(?P<digits>\d+)(?P<kind>[f%]))?$")

#: Fields that hold seconds: ``2.5`` in English, ``2,5`` in Dutch.
SECONDS = frozenset({"deadline", "timeout", "seconds", "wait", "delay"})


def line(key: str, /, **fields: object) -> str:
    """The line ``key`` in the run's language, with ``fields`` filled in.

    Parameters
    ----------
    key : str
        A key of :data:`LINES`.
    **fields : object
        The values of the line's ``str.format`` fields.

    Returns
    -------
    str
        The line, in the language of :func:`geo.text.log_lang`, numbers written as its readers write them.
    """
    dutch, english = LINES[key]
    lang = text.log_lang()
    for name in SECONDS & fields.keys():
        value = fields[name]
        if isinstance(value, float):
            fields[name] = seconds(value, lang=lang)
    return render(english if lang == "en" else dutch, lang=lang, **fields)


def render(template: str, /, *, lang: str, **fields: object) -> str:
    """``template.format(**fields)``, but numeric fields (``{n:,}``, ``{x:.1f}``) in the style of ``lang``."""
    if lang == "en":
        return template.format(**fields)
    out: list[str] = []
    for literal, name, spec, conversion in _FORMATTER.parse(template):
        out.append(literal)
        if name is None:
            continue
        value = _FORMATTER.get_field(name, (), fields)[0]
        match = _NUMERIC.match(spec or "") if not conversion and spec else None
        if match and isinstance(value, (int, float)) and not isinstance(value, bool):
            digits = int(match["digits"] or 0)
            if match["kind"] == "%":
                out.append(text.number(value * 100, digits, lang=lang, grouping=bool(match["group"])) + "%")
            else:
                out.append(text.number(value, digits, lang=lang, grouping=bool(match["group"])))
            continue
        value = _FORMATTER.convert_field(value, conversion)
        out.append(_FORMATTER.format_field(value, spec or ""))
    return "".join(out)


def seconds(value: float, *, lang: str) -> str:
    """A number of seconds, without needless digits, with the decimal sign of ``lang``."""
    shown = f"{value:g}"
    return shown if lang == "en" else shown.replace(".", ",")


def count(n: int) -> str:
    """A whole number with thousands grouped as the run's readers group them (``67.108.864`` in Dutch)."""
    return text.number(n, 0, lang=text.log_lang())


def term(word: str) -> str:
    """A word that names a role (``"value"``, ``"second value"``) in the run's language; other words as they are."""
    key = "term_" + word.replace(" ", "_")
    return line(key) if key in LINES else word


def few(items: Iterable[object], n: int = 8) -> str:
    """A list of codes for a one-line message: the first ``n`` and how many more, in the run's language."""
    listed = [str(i) for i in items]
    shown = ", ".join(listed[:n])
    if len(listed) <= n:
        return shown
    return shown + (f" and {len(listed) - n} more" if text.log_lang() == "en" else f" en nog {len(listed) - n}")
