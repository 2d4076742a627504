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
    "cli_error": ("fout", "error"),
    "cli_interrupted": ("onderbroken; er is niets geschreven", "interrupted; nothing was written"),
    "cli_unexpected": ("onverwachte fout: {kind}: {message}{where}; meld dit alstublieft",
                       "unexpected error: {kind}: {message}{where}; please report it"),
    "cli_where": (" (draai opnieuw met -v om te zien waar)", " (run again with -v to see where)"),
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
    "area_n": ("gebied {code}", "area {code}"),
    "rows_n": ("rijen", "rows"),
    "could_be": ("{name!r} kan {codes} zijn", "{name!r} could be {codes}"),
    "or_": (" of ", " or "),
    "none_in": ("geen in", "none in"),
    "build_weights": ("maak ze met engine.weights_matrix(w, {statistic!r})",
                      "build them with engine.weights_matrix(w, {statistic!r})"),
    "only_first": ("{n} met alleen de eerste ({codes})", "{n} with only the first ({codes})"),
    "only_second": ("{n} met alleen de tweede ({codes})", "{n} with only the second ({codes})"),
    "and_no": (" en ", " and no "),
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
    "tables_source_no_what_column": ("{source}: geen {what}kolom {name!r}{flag}; de kolommen zijn: "
                                     "{shown}{more}{hint}",
                                     "{source}: no {what} column {name!r}{flag}; columns are: {shown}{more}{hint}"),
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
    "readers_data_or_incidents": ("geef --data (cijfers per gebied) of --incidents (een export met één rij per "
                                  "incident, met --x en --y)",
                                  "give --data (figures per area) or --incidents (an export with one row per "
                                  "incident, with --x and --y)"),
    "readers_data_and_incidents": ("geef --data of --incidents, niet allebei: --incidents telt de incidenten zelf "
                                   "per vierkant of gebied",
                                   "give --data or --incidents, not both: --incidents counts the incidents itself "
                                   "per square or area"),
    "readers_incidents_no_option": ("{option} hoort bij --data, niet bij --incidents (de incidenten worden per "
                                    "gebied geteld); laat {option} weg",
                                    "{option} goes with --data, not with --incidents (the incidents are counted per "
                                    "area); leave out {option}"),
    "readers_grid_or_hex": ("geef --grid of --hex, niet allebei", "give --grid or --hex, not both"),
    "readers_hex_value": ("--hex {value!r}: geef een H3-resolutie van 0 tot 15 (bijv. --hex 9), of 'auto' met --scale "
                          "auto", "--hex {value!r}: give an H3 resolution from 0 to 15 (e.g. --hex 9), or 'auto' with "
                          "--scale auto"),
    "readers_hex_auto_needs_scale": ("--hex zonder resolutie laat --scale auto de resolutie kiezen; geef --scale auto, "
                                     "of een resolutie (bijv. --hex 9)",
                                     "--hex without a resolution lets --scale auto choose it; give --scale auto, or a "
                                     "resolution (e.g. --hex 9)"),
    "readers_boundary_crs_no_file": ("--boundary-crs {crs} geldt voor een grensbestand zonder eigen CRS (--boundaries "
                                     "FILE of --data-boundaries); PDOK-grenzen hebben er een: laat het weg",
                                     "--boundary-crs {crs} is for a boundary file without a CRS of its own "
                                     "(--boundaries FILE or --data-boundaries); PDOK's boundaries have one: leave it "
                                     "out"),
    "readers_boundary_crs_twice": ("--crs {crs} en --boundary-crs {boundary_crs} noemen elk een ander CRS voor het "
                                   "grensbestand (zonder --incidents zijn ze hetzelfde); geef er één",
                                   "--crs {crs} and --boundary-crs {boundary_crs} name different CRSs for the boundary "
                                   "file (without --incidents they are the same option); give one"),
    "readers_within_needs_grid": ("--within kiest het studiegebied van --grid of --hex; zonder die zijn de gebieden "
                                  "van --boundaries of --level zelf de doelgebieden (laat --within weg, of geef "
                                  "--grid 100|500|1000)",
                                  "--within picks the study area of --grid or --hex; without them the areas of "
                                  "--boundaries or --level are the targets themselves (leave out --within, or give "
                                  "--grid 100|500|1000)"),
    "readers_population_squares": ("--population met --hex kan niet: inwoners zijn er per CBS-vierkant (de "
                                   "vierkantstatistieken); tel op het CBS-grid (--grid 100|500|1000) of laat "
                                   "--population weg (de analyse gebruikt dan de aantallen)",
                                   "--population with --hex is not possible: inhabitants are published per CBS "
                                   "square (the vierkantstatistieken); count on the CBS grid (--grid 100|500|1000) "
                                   "or leave out --population (the analysis then uses the counts)"),
    "readers_population_squares_source": ("--population {population}: met --grid zijn dat de inwoners per vierkant: "
                                          "geef een van {words} (PDOK) of een bestaand bestand met "
                                          "vierkantstatistieken (GeoPackage of CSV van het CBS)",
                                          "--population {population}: with --grid these are the inhabitants per "
                                          "square: give one of {words} (PDOK) or an existing file of "
                                          "vierkantstatistieken (CBS's GeoPackage or CSV)"),
    "readers_interval_one_period": ("{path}: de gebruikte incidenten vallen in één periode van --interval {interval} "
                                    "({period}), en een reeks vraagt er minstens 2; geef een export over een langere "
                                    "tijd, een kortere --interval, of laat --interval weg",
                                    "{path}: the incidents used fall in one period of --interval {interval} "
                                    "({period}), and a series needs at least 2; give an export over a longer time, a "
                                    "shorter --interval, or leave --interval out"),
    "readers_empty_periods": ("{path}: in {n} van de {k} perioden ligt geen geteld incident in het gebied ({periods}), "
                              "en daarin is geen patroon te toetsen; kies een grovere --interval (quarter, year), "
                              "een groter gebied, of met --period alleen perioden met incidenten",
                              "{path}: {n} of the {k} periods hold no counted incident in the area ({periods}), and "
                              "there is no pattern to test in them; choose a coarser --interval (quarter, year), a "
                              "larger area, or with --period only periods with incidents"),
    "readers_interval_needs_date": ("--interval heeft de kolom met de datums nodig; geef --date (bijvoorbeeld --date "
                                    "Pleegdatum)",
                                    "--interval needs the column of the dates; give --date (for example --date "
                                    "Pleegdatum)"),
    "readers_within_unknown": ("--within {within}: geen gebied met die code in {source}; de codes zijn onder meer "
                               "{codes}",
                               "--within {within}: no area with that code in {source}; the codes include {codes}"),
    "readers_within_name": ("--within {within}: geef de code van het gebied, niet de naam: {codes}",
                            "--within {within}: give the area's code, not its name: {codes}"),
    "readers_within_police_unit": ("--within {within}: dat is de code van een politie-eenheid, district of basisteam; "
                                   "geef daarvoor --mapping BESTAND (of --composition) en --year, bijvoorbeeld "
                                   "--within RE09 --mapping indeling.csv --year 2023",
                                   "--within {within}: that is the code of a police unit, district or basisteam; "
                                   "give --mapping FILE (or --composition) and --year with it, for example --within "
                                   "RE09 --mapping indeling.csv --year 2023"),
    "readers_hex_missing": ("--hex: deze versie van vmgeo heeft geen H3-zeshoeken (geo.hexes ontbreekt); gebruik "
                            "--grid 100|500|1000",
                            "--hex: this version of vmgeo has no H3 hexagons (geo.hexes is missing); use "
                            "--grid 100|500|1000"),
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
    "boundaries_name_areas_not_projected": ("{name}: na omzetting naar RD New zijn de coördinaten oneindig: ze passen "
                                            "niet bij het CRS ({own}); geef het juiste met --crs",
                                            "{name}: projected to RD New the coordinates are infinite: they do not "
                                            "fit the CRS ({own}); give the right one with --crs"),
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
    # ===== geo.stats.change ====================================================================================
    "change_before_len_counts_after": ("before heeft {len_a} aantallen en after {len_b}; geef één paar per gebied",
                                       "before has {len_a} counts and after {len_b}; give one pair per area"),
    "change_give_both_exposure_before": ("geef zowel exposure_before als exposure_after, of geen van beide",
                                         "give both exposure_before and exposure_after, or neither"),
    "change_unknown_rule_rule_r": ("onbekende regel {rule!r}; gebruik {or_join_survey_rules}",
                                   "unknown rule {rule!r}; use {or_join_survey_rules}"),
    "change_level_must_lie_between": ("level moet tussen 0 en 1 liggen (nu {level}); de marges van CBS zijn 0.95",
                                      "level must lie between 0 and 1 (got {level}); CBS margins are 0.95"),
    "change_window_must_whole_number": ("window moet een geheel aantal maanden van 1 tot 12 zijn (nu {window!r})",
                                        "window must be a whole number of months from 1 to 12 (got {window!r})"),
    "change_level_must_lie_between2": ("level moet tussen 0.5 en 1 liggen (nu {level}); {WARNING_LEVEL} is de "
                                       "gebruikelijke keuze",
                                       "level must lie between 0.5 and 1 (got {level}); {WARNING_LEVEL} is the "
                                       "usual choice"),
    "change_min_expected_must_negative": ("min_expected mag niet negatief zijn (nu {min_expected})",
                                          "min_expected must not be negative (got {min_expected})"),
    "change_years_must_whole_number": ("years moet een geheel getal van minstens 1 zijn (nu {years!r})",
                                       "years must be a whole number of at least 1 (got {years!r})"),
    "change_unknown_dispersion_dispersion_r": ("onbekende spreiding {dispersion!r}; gebruik {or_join_dispersion_m}",
                                               "unknown dispersion {dispersion!r}; use {or_join_dispersion_m}"),
    "change_table_no_column_join": ("de tabel heeft geen kolom {join_repr_c_for_c_in}; geef de kolommen van "
                                    "eenheid, soort misdrijf, maand en aantal op",
                                    "the table has no column {join_repr_c_for_c_in}; name the unit, crime type, "
                                    "month and count columns"),
    "change_table_no_rows_give": ("de tabel heeft geen rijen; geef één aantal per eenheid, soort misdrijf en maand",
                                  "the table has no rows; give one count per unit, crime type and month"),
    "change_int_dup_sum_duplicate": ("{int_dup_sum} dubbele rij(en), bijv. eenheid {first_unit}, {first_crime}, "
                                     "{first_month}; geef één aantal per eenheid, soort misdrijf en maand",
                                     "{int_dup_sum} duplicate row(s), e.g. unit {first_unit}, {first_crime}, "
                                     "{first_month}; give one count per unit, crime type and month"),
    "change_table_starts_first_month": ("de tabel begint in {first_month}, {have} maand(en) vóór {assessed_0}; "
                                        "het verwachte aantal vraagt {years} voorgaande jaren, vanaf "
                                        "{earliest_needed}",
                                        "the table starts in {first_month}, {have} month(s) before {assessed_0}; "
                                        "the expected count needs {years} previous years, from {earliest_needed}"),
    "change_alpha_must_lie_between": ("alpha moet tussen 0 en 1 liggen (nu {alpha}); {DEFAULT_ALPHA} is de "
                                      "gebruikelijke keuze",
                                      "alpha must lie between 0 and 1 (got {alpha}); {DEFAULT_ALPHA} is the usual "
                                      "choice"),
    "change_name_negative_counts_at": ("{name} heeft negatieve aantallen op positie(s) {few_list_np_flatnonz}",
                                       "{name} has negative counts at position(s) {few_list_np_flatnonz}"),
    "change_name_counts_that_whole": ("{name} heeft aantallen die geen gehele getallen zijn; de exacte toets is "
                                      "voor aantallen, niet voor cijfers per inwoner",
                                      "{name} has counts that are not whole numbers; the exact test is for "
                                      "counts, not rates"),
    "change_name_len_arr_values": ("{name} heeft {len_arr} waarden voor {n} gebieden",
                                   "{name} has {len_arr} values for {n} areas"),
    "change_name_zero_negative_exposures": ("{name} heeft blootstellingen van nul of minder; een blootstelling "
                                            "(bijv. een bevolking) moet positief zijn",
                                            "{name} has zero or negative exposures; an exposure (e.g. a "
                                            "population) must be positive"),
    "change_int_np_isnan_arr": ("{int_np_isnan_arr_sum} aantal(len) zijn leeg of geen getal; geef 0 waar niets is "
                                "geregistreerd",
                                "{int_np_isnan_arr_sum} count(s) are empty or not numbers; give 0 where nothing "
                                "was registered"),
    "change_int_arr_sum_negative": ("{int_arr_0_sum} negatieve aantal(len), bijv. {arr_arr_0_0:g}; aantallen "
                                    "kunnen niet negatief zijn",
                                    "{int_arr_0_sum} negative count(s), e.g. {arr_arr_0_0:g}; counts cannot be "
                                    "negative"),
    "change_counts_must_whole_numbers": ("aantallen moeten gehele aantallen incidenten zijn, geen cijfers per "
                                         "inwoner",
                                         "counts must be whole numbers of incidents, not rates"),
    "change_name_no_column_join": ("{name} heeft geen kolom {join_missing}; geef waarde, onder- en bovengrens per "
                                   "gebied",
                                   "{name} has no column {join_missing}; give value, lower and upper per area"),
    "change_name_interval_does_contain": ("{name}: het interval bevat de {value} niet voor {few_list_index_bad}; "
                                          "controleer of {low!r} en {high!r} de grenzen zijn, en geen marges in "
                                          "procentpunten",
                                          "{name}: the interval does not contain the {value} for "
                                          "{few_list_index_bad}; check that {low!r} and {high!r} are the bounds, "
                                          "not margins in percentage points"),
    "change_name_holds_values_that": ("{name} bevat waarden die geen getal zijn; geef aantallen geregistreerde "
                                      "misdrijven",
                                      "{name} holds values that are not numbers; give counts of registered crimes"),
    "change_month_column_empty_values": ("de maandkolom heeft lege waarden; geef een maand in elke rij",
                                         "the month column has empty values; give a month for every row"),
    "change_month_v_r_neither": ("maand {v!r} is geen pandas Period en geen CBS-maandsleutel zoals 2024MM03",
                                 "month {v!r} is neither a pandas Period nor a CBS month key such as 2024MM03"),
    # ===== geo.stats.engine ====================================================================================
    "engine_unknown_statistic_statistic_r": ("onbekende statistiek {statistic!r}; gebruik een van {join_statistics}",
                                             "unknown statistic {statistic!r}; use one of {join_statistics}"),
    "engine_x_len_xs_values": ("x heeft {len_xs} waarden en y {len_ys}; ze moeten over dezelfde gebieden gaan",
                               "x has {len_xs} values and y {len_ys}; they must be measured on the same areas"),
    "engine_unknown_permutation_scheme_scheme": ("onbekend permutatieschema {scheme!r}; gebruik "
                                                 "{or_join_permutation_}",
                                                 "unknown permutation scheme {scheme!r}; use {or_join_permutation_}"),
    "engine_values_sum_beyond_what": ("de waarden tellen op tot 0 (of tot meer dan een float kan bevatten); Gi* "
                                      "deelt door hun som en is niet gedefinieerd",
                                      "the values sum to 0 (or beyond what a float holds); Gi* divides by their "
                                      "sum and is undefined"),
    "engine_weights_all_zero_no": ("de gewichten zijn allemaal nul; geen enkel gebied heeft een buur",
                                   "the weights are all zero; no area has a neighbour"),
    "engine_name_must_d_array": ("{name} moet een 1-d array zijn met één waarde per gebied, niet met vorm "
                                 "{values_shape}",
                                 "{name} must be a 1-d array of one value per area, not of shape {values_shape}"),
    "engine_name_len_values_value": ("{name} heeft {len_values} waarde(n); toetsen met permutaties vraagt "
                                     "minstens 3 gebieden",
                                     "{name} has {len_values} value(s); permutation inference needs at least 3 areas"),
    "engine_name_int_np_isfinite": ("{name} heeft {int_np_isfinite_valu} ontbrekende of oneindige waarde(n)",
                                    "{name} has {int_np_isfinite_valu} missing or infinite value(s)"),
    "engine_all_values_name_equal": ("alle waarden van {name} zijn gelijk ({values_0:g}); ruimtelijke "
                                     "autocorrelatie is niet gedefinieerd voor een constante",
                                     "all values of {name} are equal ({values_0:g}); spatial autocorrelation is "
                                     "undefined for a constant"),
    "engine_permutations_must_whole_number": ("permutations moet een geheel getal zijn, niet {permutations!r}",
                                              "permutations must be a whole number, not {permutations!r}"),
    "engine_permutations_must_at_least": ("permutations moet minstens 1 zijn, niet {permutations}",
                                          "permutations must be at least 1, not {permutations}"),
    "engine_seed_must_whole_number": ("seed moet een geheel getal van minstens 0 zijn, niet {seed!r}",
                                      "seed must be a whole number of at least 0, not {seed!r}"),
    "engine_weights_must_scipy_sparse": ("de gewichten moeten een scipy.sparse-matrix zijn; maak ze met "
                                         "engine.weights_matrix(w, {statistic!r})",
                                         "the weights must be a scipy.sparse matrix; build them with "
                                         "engine.weights_matrix(w, {statistic!r})"),
    "engine_weights_matrix_shape_x": ("de gewichten zijn {matrix_shape_0} x {matrix_shape_1} maar er zijn {n} "
                                      "waarden",
                                      "the weights are {matrix_shape_0} x {matrix_shape_1} but there are {n} values"),
    "engine_weights_must_finite_negative": ("de gewichten moeten eindig en niet negatief zijn",
                                            "the weights must be finite and not negative"),
    "engine_area_k_neighbours_but": ("een gebied heeft {k} buren maar er zijn maar {s} andere gebieden",
                                     "an area has {k} neighbours but there are only {s} other areas"),
    "engine_name_must_numbers": ("{name} moet uit getallen bestaan",
                                 "{name} must be numbers"),
    "engine_n_jobs_must_at": ("n_jobs moet minstens 1 zijn (of None of -1 voor elke kern), niet {n_jobs!r}",
                              "n_jobs must be at least 1 (or None or -1 for every core), not {n_jobs!r}"),
    "engine_gi_needs_binary_weights": ("Gi* vraagt binaire gewichten (elk gewicht 1); {hint}",
                                       "Gi* needs binary weights (every weight 1); {hint}"),
    "engine_gi_needs_each_area": ("Gi* vraagt elk gebied als zijn eigen buur (1 op de diagonaal); {hint}",
                                  "Gi* needs each area as its own neighbour (1 on the diagonal); {hint}"),
    "engine_statistic_needs_row_standardised": ("{statistic} vraagt rij-gestandaardiseerde gewichten (elke rij "
                                                "telt op tot 1); {hint}",
                                                "{statistic} needs row-standardised weights (each row summing to "
                                                "1); {hint}"),
    # ===== geo.trend ===========================================================================================
    "trend_min_expected_options_min": ("--min-expected {options_min_expected:g} moet 0 of meer zijn "
                                       "({WARNING_MIN_EXPECTED:g} is de standaard)",
                                       "--min-expected {options_min_expected:g} must be 0 or more "
                                       "({WARNING_MIN_EXPECTED:g} is the default)"),
    "trend_period_options_period_r": ("--period {options_period!r} is geen maand; geef de laatste maand als 2024MM03",
                                      "--period {options_period!r} is not a month; give the latest month as 2024MM03"),
    "trend_crime_types_empty_give": ("--crime-types is leeg; geef SoortMisdrijf-sleutels zoals 0.0.0,1.1.1 (of, "
                                     "bij een bestand, de soorten in de soortkolom)",
                                     "--crime-types is empty; give SoortMisdrijf keys such as 0.0.0,1.1.1 (or, "
                                     "with a file, the types in its type column)"),
    "trend_months_options_months_must": ("--months {options_months} moet 1 of 3 zijn",
                                         "--months {options_months} must be 1 or 3"),
    "trend_period_latest_r_month": ("--period {latest!r} is geen maand; geef de laatste maand als 2024MM03",
                                    "--period {latest!r} is not a month; give the latest month as 2024MM03"),
    "trend_spec_label_no_monthly": ("{spec_label} heeft geen maandperioden; de vroegsignalering vraagt een "
                                    "maandtabel zoals politie:47022NED/GeregistreerdeMisdrijven_1",
                                    "{spec_label} has no monthly periods; the early warning needs a monthly table "
                                    "such as politie:47022NED/GeregistreerdeMisdrijven_1"),
    "trend_spec_label_lacks_len": ("{spec_label} mist {len_missing} van de {len_wanted} maanden die de "
                                   "signalering nodig heeft ({periods_label_wanted} tot {periods_label_wanted2}): "
                                   "{shown}; de tabel heeft {periods_label_sorted} tot {periods_label_sorted2}",
                                   "{spec_label} lacks {len_missing} of the {len_wanted} months the warning needs "
                                   "({periods_label_wanted} to {periods_label_wanted2}): {shown}; it has "
                                   "{periods_label_sorted} to {periods_label_sorted2}"),
    "trend_source_column_found_month": ("{source}: kolom {found_month!r} heeft {int_bad_sum} waarde(n) die geen "
                                        "maand zijn, bijv. rij {row_2}: {frame_found_month_il!r}; schrijf maanden "
                                        "als 2023-09, 2023MM09 of sep 2023",
                                        "{source}: column {found_month!r} has {int_bad_sum} value(s) that are no "
                                        "month, e.g. row {row_2}: {frame_found_month_il!r}; write months as "
                                        "2023-09, 2023MM09 or sep 2023"),
    "trend_source_column_found_count": ("{source}: kolom {found_count!r} moet in elke rij een geheel aantal "
                                        "incidenten bevatten, 0 of meer (rij {row_2}: {frame_found_count_il!r}); "
                                        "schrijf 0 waar niets is geregistreerd",
                                        "{source}: column {found_count!r} must hold whole numbers of incidents, 0 "
                                        "or more, in every row (row {row_2}: {frame_found_count_il!r}); write 0 "
                                        "where nothing was registered"),
    "trend_source_no_counts_type": ("{source}: geen aantallen van soort {join_repr_k_for_k_in} in kolom "
                                    "{found_get_type_none!r}; het bestand heeft {few_present_8}",
                                    "{source}: no counts of type {join_repr_k_for_k_in} in column "
                                    "{found_get_type_none!r}; the file has {few_present_8}"),
    "trend_source_no_no_join": ("{source}: geen kolom {and_no_join_lacking} voor de maandaantallen (gezocht naar "
                                "{looked}); het bestand heeft de kolommen code, maand, soort en aantal nodig (of "
                                "month, type, count) en heeft {shown}",
                                "{source}: no {and_no_join_lacking} column for the monthly counts (looked for "
                                "{looked}); the file needs the columns code, month, type and count (or maand, "
                                "soort, aantal) and has {shown}"),
    "trend_source_more_than_one": ("{source}: meer dan één aantal voor {first_code}, {first_crime}, "
                                   "{periods_label_first_}; geef één rij per gebied, soort en maand",
                                   "{source}: more than one count for {first_code}, {first_crime}, "
                                   "{periods_label_first_}; give one row per area, type and month"),
    "trend_source_lacks_len_missing": ("{source}: mist {len_missing} van de {len_needed} maanden die de "
                                       "signalering nodig heeft ({periods_label_needed} tot "
                                       "{periods_label_needed2}): {few_periods_label_k_}",
                                       "{source}: lacks {len_missing} of the {len_needed} months the warning "
                                       "needs ({periods_label_needed} to {periods_label_needed2}): "
                                       "{few_periods_label_k_}"),
    "trend_source_code_crime_counts": ("{source}: {code}, {crime} heeft aantallen voor {n} van de {len_needed} "
                                       "maanden die de signalering nodig heeft (en {len_short_1} andere reeksen "
                                       "zijn ook te kort); schrijf 0 waar niets is geregistreerd",
                                       "{source}: {code}, {crime} has counts for {n} of the {len_needed} months "
                                       "the warning needs (and {len_short_1} other series are short too); write 0 "
                                       "where nothing was registered"),
    "trend_no_unit_count_months": ("geen enkele eenheid heeft een aantal voor de maanden die de signalering nodig "
                                   "heeft: de som van een eenheid vraagt een aantal voor elk lid (zie de "
                                   "waarschuwingen hierboven); geef aantallen voor alle leden, of de eigen "
                                   "aantallen van de eenheden (codes van de eenheden in de samenstelling)",
                                   "no unit has a count for the months the warning needs: a unit's sum needs a "
                                   "count for every member area (see the warnings above); give counts for all "
                                   "members, or the units' own counts (codes of the composition's units)"),
    "trend_level_level_name_made": ("--level {level_name} bestaat uit gemeenten, wijken of buurten; geef de "
                                    "samenstelling met --composition BESTAND (zie "
                                    "boundaries/compositions/README.md)",
                                    "--level {level_name} is made of gemeenten, wijken or buurten; give its "
                                    "composition with --composition FILE (see boundaries/compositions/README.md)"),
    "trend_incidents_or_data": ("geef --data of --incidents, niet beide",
                                "give --data or --incidents, not both"),
    "trend_incidents_no_filter": ("--filter geldt voor politietabellen, niet voor een export van incidenten; kies "
                                  "soorten met --type en --types",
                                  "--filter applies to police tables, not to an export of incidents; choose types "
                                  "with --type and --types"),
    "trend_incidents_need_date": ("--incidents vraagt --date: de kolom met de datum van elk incident (bijv. "
                                  "Pleegdatum); de waarschuwing telt per maand",
                                  "--incidents needs --date: the column of each incident's date (e.g. "
                                  "Pleegdatum); the warning counts per month"),
    "trend_incidents_interval": ("--interval {interval} kan hier niet: de waarschuwing vergelijkt maanden met "
                                 "dezelfde maanden van eerdere jaren (kies uit {intervals})",
                                 "--interval {interval} cannot be used here: the warning compares months with the "
                                 "same months of earlier years (choose from {intervals})"),
    "trend_needs_incidents": ("--grid, --x, --y, --date, --type, --types en --crs horen bij --incidents; geef de "
                              "export met --incidents BESTAND",
                              "--grid, --x, --y, --date, --type, --types and --crs go with --incidents; give the "
                              "export with --incidents FILE"),
    "trend_filter_applies_police_tables": ("--filter geldt voor politietabellen, niet voor een bestand met "
                                           "maandaantallen",
                                           "--filter applies to police tables, not to a file of monthly counts"),
    # ===== geo.stats.emerging ==================================================================================
    "emerging_time_step_must_whole": ("time_step moet een geheel getal van 0 of meer zijn (nu {time_step!r})",
                                      "time_step must be a whole number of 0 or more (got {time_step!r})"),
    "emerging_unknown_window": ("onbekend globaal venster {window!r}; kies uit {windows}",
                                "unknown global window {window!r}; choose from {windows}"),
    "emerging_time_step_time_step": ("time_step {time_step} reikt verder terug dan de {periods} perioden; gebruik "
                                     "hoogstens {periods_1}",
                                     "time_step {time_step} reaches back further than the {periods} periods; use "
                                     "at most {periods_1}"),
    "emerging_all_y_size_values": ("alle {y_size} waarden in de kubus zijn gelijk ({y_flat_0:g}); Gi* is niet "
                                   "gedefinieerd voor een constante",
                                   "all {y_size} values in the cube are equal ({y_flat_0:g}); Gi* is undefined "
                                   "for a constant"),
    "emerging_mann_kendall_takes_series": ("mann_kendall neemt een reeks of een 2-d array van reeksen, geen "
                                           "{x_ndim}-d",
                                           "mann_kendall takes a series or a 2-d array of series, not {x_ndim}-d"),
    "emerging_trend_needs_at_least": ("een trend vraagt minstens 3 perioden; er zijn er {n}",
                                      "a trend needs at least 3 periods; there are {n}"),
    "emerging_z_p_must_areas": ("z en p moeten (gebieden, perioden)-arrays van dezelfde vorm zijn; nu {z_shape} "
                                "en {p_shape}",
                                "z and p must be (areas, periods) arrays of the same shape; got {z_shape} and "
                                "{p_shape}"),
    "emerging_there_periods_periods_emerging": ("er zijn {periods} perioden; de categorieën van opkomende hot "
                                                "spots vragen er minstens {MIN_PERIODS}",
                                                "there are {periods} periods; the emerging hot spot categories "
                                                "need at least {MIN_PERIODS}"),
    "emerging_areas_at_row_s": ("gebieden in rij(en) {few_list_np_flatnonz} missen in sommige perioden z-scores "
                                "of p-waarden; de categorieën vragen een volledige reeks",
                                "areas at row(s) {few_list_np_flatnonz} have missing z-scores or p-values in some "
                                "periods; the categories need a complete series"),
    "emerging_cube_must_d_areas": ("de kubus moet 2-d zijn (gebieden, perioden); nu {y_ndim}-d",
                                   "the cube must be 2-d (areas, periods); got {y_ndim}-d"),
    "emerging_cube_missing_values_area": ("de kubus mist waarden voor de gebieden in rij(en) {few_list_rows}; vul "
                                          "ze aan of laat ze eerst weg (Gi* in ruimte en tijd vraagt elk gebied "
                                          "in elke periode)",
                                          "the cube has missing values for the area(s) at row(s) {few_list_rows}; "
                                          "fill or drop them first (space-time Gi* needs every area in every "
                                          "period)"),
    "emerging_weights_shape_x_shape": ("de gewichten zijn {a_shape_0} x {a_shape_1} maar de kubus heeft {n} "
                                       "gebieden; maak ze voor dezelfde gebieden in dezelfde volgorde",
                                       "weights are {a_shape_0} x {a_shape_1} but the cube has {n} areas; build "
                                       "them for the same areas in the same order"),
    "emerging_weights_must_binary_neighbour": ("de gewichten moeten binair zijn (1 voor een buur); Gi* in ruimte "
                                               "en tijd gebruikt hier binaire gewichten, zoals de space-time "
                                               "neighbourhoods van ArcGIS",
                                               "weights must be binary (1 for a neighbour); space-time Gi* here "
                                               "uses binary weights, as ArcGIS's space-time neighbourhoods do"),
    "emerging_name_must_lie_between": ("{name} moet tussen 0 en 1 liggen (nu {level})",
                                       "{name} must lie between 0 and 1 (got {level})"),
    "emerging_cube_holds_values_that": ("de kubus bevat waarden die geen getal zijn",
                                        "the cube holds values that are not numbers"),
    "emerging_weights_must_scipy_sparse": ("de gewichten moeten een scipy.sparse-matrix van buren zijn (bijv. "
                                           "W.sparse van libpysal)",
                                           "weights must be a scipy.sparse matrix of neighbours (e.g. libpysal's "
                                           "W.sparse)"),
    # ===== geo.analysis ========================================================================================
    "analysis_value_second_r_column": ("value2={second!r} is geen kolom van het frame (kolommen: "
                                       "{few_list_gdf_columns})",
                                       "value2={second!r} is not a column of the frame (columns: "
                                       "{few_list_gdf_columns})"),
    "analysis_unknown_rate_rate_r": ("onbekende --rate {rate!r}; gebruik {join_rates_rate_meth}",
                                     "unknown --rate {rate!r}; use {join_rates_rate_meth}"),
    "analysis_rate_rate_smooths_rate": ("--rate {rate} vlakt een cijfer per inwoner af; geef --population",
                                        "--rate {rate} smooths a rate per inhabitant; give --population"),
    "analysis_only_len_analysed_area": ("maar {len_analysed} gebied(en) hebben zowel een waarde als inwoners "
                                        "({len_report_no_popula} zonder inwoners: {few_report_no_popula}); een "
                                        "cijfer per inwoner vraagt een bevolking boven nul, en hotspotstatistiek "
                                        "minstens {MIN_AREAS} gebieden (controleer --population, of laat het weg)",
                                        "only {len_analysed} area(s) have both a value and inhabitants "
                                        "({len_report_no_popula} without inhabitants: {few_report_no_popula}); a "
                                        "rate needs a population above zero, and hot-spot statistics at least "
                                        "{MIN_AREAS} areas (check --population, or leave it out)"),
    "analysis_only_len_analysed_area2": ("maar {len_analysed} gebied(en) hebben een waarde; hotspotstatistiek "
                                         "vraagt er minstens {MIN_AREAS} (controleer of de codes van de gegevens "
                                         "bij de grenzen passen)",
                                         "only {len_analysed} area(s) have a value; hot-spot statistics need at "
                                         "least {MIN_AREAS} (check that the codes of the data match the "
                                         "boundaries)"),
    "analysis_all_len_analysed_areas": ("alle {len_analysed} gebieden hebben dezelfde {column} "
                                        "({analysed_column_iloc:g}); er is geen ruimtelijk patroon om te toetsen",
                                        "all {len_analysed} areas have the same {column} "
                                        "({analysed_column_iloc:g}); there is no spatial pattern to test"),
    "analysis_len_doubles_area_s": ("{len_doubles} gebied(en) liggen binnen een ander gebied ({listed}): dezelfde "
                                    "grenzen twee keer opgegeven, of gebieden van twee niveaus gemengd; geef elke "
                                    "plaats één keer (één --boundaries per niveau, en het niveau om te "
                                    "analyseren)",
                                    "{len_doubles} area(s) lie inside another ({listed}): the same boundaries "
                                    "given twice, or areas of two levels mixed; give each place once (one "
                                    "--boundaries per level, and the level to analyse)"),
    "analysis_two_indicators_cover_different": ("de twee indicatoren beslaan verschillende gebieden: maar "
                                                "{len_both} gebied(en) hebben beide ({left_out_detail_only}); een "
                                                "bivariate analyse vraagt er minstens {MIN_AREAS} (kies grenzen "
                                                "of een niveau waarop beide bestaan)",
                                                "the two indicators cover different areas: only {len_both} "
                                                "area(s) have both ({left_out_detail_only}); a bivariate analysis "
                                                "needs at least {MIN_AREAS} (choose boundaries or a level where "
                                                "both exist)"),
    "analysis_permutations_permutations_out_range": ("--permutations {permutations} valt buiten het bereik; "
                                                     "gebruik 0 tot {MAX_PERMUTATIONS:,} (999 is de standaard; "
                                                     "9.999 voor een rapport waarin p rond 0,05 ertoe doet)",
                                                     "--permutations {permutations} is out of range; use 0 to "
                                                     "{MAX_PERMUTATIONS:,} (999 is the default; 9,999 for a "
                                                     "report where p near 0.05 matters)"),
    "analysis_seed_seed_out_range": ("--seed {seed} valt buiten het bereik; gebruik een geheel getal van 0 tot "
                                     "{MAX_SEED}",
                                     "--seed {seed} is out of range; use a whole number from 0 to {MAX_SEED}"),
    "analysis_alpha_alpha_must_lie": ("--alpha {alpha} moet tussen 0 en 1 liggen, bijv. 0.05",
                                      "--alpha {alpha} must lie between 0 and 1, e.g. 0.05"),
    # ===== geo.periods =========================================================================================
    "periods_option_text_r_period": ("{option} {text!r} is geen periode; schrijf een jaar (2023), een bereik "
                                     "(2012:2023), een lijst (2021,2022,2023) of een CBS-sleutel zoals 2023MM01",
                                     "{option} {text!r} is not a period; write a year (2023), a range "
                                     "(2012:2023), a list (2021,2022,2023) or a CBS key such as 2023MM01"),
    "periods_option_text_r_period2": ("{option} {text!r} is geen periode: {kind} {number:02d} bestaat niet "
                                      "(maanden lopen van MM01 tot MM12, kwartalen van KW01 tot KW04)",
                                      "{option} {text!r} is not a period: {kind} {number:02d} does not exist "
                                      "(months run from MM01 to MM12, quarters from KW01 to KW04)"),
    "periods_period_empty_write_year": ("--period is leeg; schrijf een jaar (2023), een bereik (2012:2023) of een "
                                        "lijst (2021,2022,2023)",
                                        "--period is empty; write a year (2023), a range (2012:2023) or a list "
                                        "(2021,2022,2023)"),
    "periods_period_spec_r_names": ("--period {spec!r} noemt {join_doubles} twee keer",
                                    "--period {spec!r} names {join_doubles} twice"),
    "periods_period_spec_r_mixes": ("--period {spec!r} mengt {first} en {last}; een bereik loopt over jaren of "
                                    "over maanden",
                                    "--period {spec!r} mixes {first} and {last}; a range runs over years or over "
                                    "months"),
    "periods_period_spec_r_runs": ("--period {spec!r} loopt achteruit; schrijf de eerdere periode eerst",
                                   "--period {spec!r} runs backwards; write the earlier period first"),
    "periods_period_spec_r_ranges": ("--period {spec!r}: bereiken van {kind}perioden kunnen niet; som ze op",
                                     "--period {spec!r}: ranges of {kind} periods are not supported; list them"),
    # ===== geo.weights =========================================================================================
    "weights_unknown_weights_kind_r": ("onbekende gewichten {kind!r}; gebruik queen, rook, knn:K (bijv. knn:6) of "
                                       "distance:METERS (bijv. distance:1000)",
                                       "unknown weights {kind!r}; use queen, rook, knn:K (e.g. knn:6) or "
                                       "distance:METRES (e.g. distance:1000)"),
    "weights_distance_band_metres": ("--weights {kind!r}: geef de afstandsband in hele meters groter dan 0, zonder "
                                     "punt of komma (bijv. distance:1250)",
                                     "--weights {kind!r}: give the distance band in whole metres above 0, without "
                                     "a point or comma (e.g. distance:1250)"),
    "weights_unknown_islands_islands_r": ("onbekende --islands {islands!r}; gebruik attach of exclude",
                                          "unknown --islands {islands!r}; use attach or exclude"),
    "weights_only_n_area_s": ("maar {n} gebied(en) met een waarde; hotspotstatistiek vraagt er minstens 3",
                              "only {n} area(s) with a value; hot-spot statistics need at least 3"),
    "weights_no_area_neighbour_under": ("geen enkel gebied heeft een buur bij --weights {kind}; probeer --weights "
                                        "knn:4",
                                        "no area has a neighbour under --weights {kind}; try --weights knn:4"),
    "weights_weights_knn_k_needs": ("--weights knn:{k} vraagt meer dan {k} gebieden; er zijn er {n}",
                                    "--weights knn:{k} needs more than {k} areas; there are {n}"),
    "weights_after_excluding_islands_only": ("na het weglaten van eilanden blijven maar {w_n} gebied(en) over; "
                                             "gebruik --islands attach",
                                             "after excluding islands only {w_n} area(s) remain; use --islands "
                                             "attach"),
    # ===== geo.scale (--scale auto) and geo.nearrepeat =========================================================
    "scale_too_few_incidents": ("--scale auto vraagt minstens {minimum} incidenten (na het weglaten van "
                                "locatie-uitschieters); er zijn er {n}: kies --grid en --weights zelf",
                                "--scale auto needs at least {minimum} incidents (after leaving out locational "
                                "outliers); there are {n}: choose --grid and --weights yourself"),
    "scale_one_place": ("--scale auto: alle {n} incidenten liggen op één plek; er is geen patroon om een schaal uit "
                        "te kiezen",
                        "--scale auto: all {n} incidents lie at one place; there is no pattern to choose a scale from"),
    "scale_mask_other_incidents": ("deze keuze hoort bij {m} incidenten, niet bij deze {n}; roep scale.auto opnieuw "
                                   "aan",
                                   "this choice belongs to {m} incidents, not to these {n}; call scale.auto again"),
    "scale_no_column": ("--scale auto: geen kolom {column!r}; er zijn: {columns}",
                        "--scale auto: no column {column!r}; there are: {columns}"),
    "scale_band_needs_areas": ("--scale auto: {n} gebieden met een eindige waarde en een eigen plek; de "
                               "afstandsband vraagt er minstens 4",
                               "--scale auto: {n} areas with a finite value and a place of their own; the distance "
                               "band needs at least 4"),
    "scale_constant_value": ("--scale auto: elk gebied heeft dezelfde waarde; er is geen ruimtelijke autocorrelatie "
                             "om een afstandsband uit te kiezen",
                             "--scale auto: every area has the same value; there is no spatial autocorrelation to "
                             "choose a distance band from"),
    "nr_needs_dates": ("{source}: near-repeat vraagt een datum per incident; geef de datumkolom met --date",
                       "{source}: near repeat needs a date per incident; give the date column with --date"),
    "nr_bad_distance": ("--distance {distance}: geef de afstand in meters, groter dan 0 (bijv. --distance 200)",
                        "--distance {distance}: give the distance in metres, above 0 (e.g. --distance 200)"),
    "nr_bad_days": ("--days {days}: geef het aantal dagen, minstens 1 (bijv. --days 14)",
                    "--days {days}: give the number of days, at least 1 (e.g. --days 14)"),
    "nr_too_few": ("{source}: near-repeat vraagt minstens 2 incidenten; er zijn er {n}",
                   "{source}: near repeat needs at least 2 incidents; there are {n}"),
    "nr_types_need_type": ("--types {types} vraagt --type: de kolom met de misdrijfsoort (bijv. --type "
                           "\"Maatschappelijke klasse\")",
                           "--types {types} needs --type: the column of the crime type (e.g. --type "
                           "\"Maatschappelijke klasse\")"),
    "nr_bad_permutations": ("--permutations {permutations}: geef een aantal van minstens 1 (bijv. 999)",
                            "--permutations {permutations}: give a number of at least 1 (e.g. 999)"),
    # ===== geo.series ==========================================================================================
    "series_len_partial_area_s": ("{len_partial} gebied(en) hebben maar in sommige perioden een cijfer: "
                                  "{few_listed_5}; een reeks vraagt elk gebied in elke periode (een onderdrukt "
                                  "aantal, of een gebied dat nog niet bestond): laat die perioden weg, of "
                                  "analyseer de perioden een voor een",
                                  "{len_partial} area(s) have a figure in some periods only: {few_listed_5}; a "
                                  "series needs every area in every period (a suppressed count, or an area that "
                                  "did not exist yet): leave out those periods, or analyse the periods one at a "
                                  "time"),
    "series_series_needs_at_least": ("een reeks vraagt minstens 2 perioden, niet {len_keys}; geef --period "
                                     "2022,2023 of een bereik zoals 2012:2023",
                                     "a series needs at least 2 periods, not {len_keys}; give --period 2022,2023 "
                                     "or a range such as 2012:2023"),
    "series_len_partial_area_s2": ("{len_partial} gebied(en) hebben maar in sommige perioden een cijfer "
                                   "({few_listed_3}), en in sommige perioden passen codes bij geen enkel gebied "
                                   "({shown}): de perioden volgen grenzen van verschillende jaren; geef "
                                   "--data-year en --data-boundaries voor de oudere codes, of analyseer de "
                                   "perioden een voor een op hun eigen grenzen",
                                   "{len_partial} area(s) have a figure in some periods only ({few_listed_3}), "
                                   "and codes match no area in some periods ({shown}): the periods follow "
                                   "different boundary years; give --data-year and --data-boundaries for the "
                                   "older codes, or analyse the periods on their own boundaries one at a time"),
    "series_period_periods_mod_label": ("de periode {periods_mod_label_k} om te vergelijken (--change, of "
                                        "--from/--to) zit niet in deze reeks ({join_periods_mod_lab}); kies er "
                                        "twee daarvan",
                                        "the period {periods_mod_label_k} to compare (--change, or --from/--to) "
                                        "is not in this series ({join_periods_mod_lab}); choose two of those"),
    # ===== geo.cli.units =======================================================================================
    "cliunits_give_either_composition_file": ("geef --composition BESTAND of --mapping BESTAND (met --unit-column)",
                                              "give either --composition FILE or --mapping FILE (with --unit-column)"),
    "cliunits_out_write_units_as": ("{out}: schrijf eenheden als .gpkg of .geojson",
                                    "{out}: write units as .gpkg or .geojson"),
    "cliunits_mapping_needs_unit_column": ("--mapping vraagt --unit-column (bijv. politie_eenheid_code)",
                                           "--mapping needs --unit-column (e.g. politie_eenheid_code)"),
    # ===== geo.crosswalk =======================================================================================
    "crosswalk_unknown_split_rule_split": ("onbekende --split-rule {split_rule!r}; gebruik area of population",
                                           "unknown --split-rule {split_rule!r}; use area or population"),
    "crosswalk_len_split_area_s": ("{len_split} gebied(en) zijn tussen de grensjaren gesplitst: {detail}; kies "
                                   "hoe hun aantallen worden verdeeld met --split-rule area of --split-rule "
                                   "population",
                                   "{len_split} area(s) were split between the boundary years: {detail}; choose "
                                   "how to divide their counts with --split-rule area or --split-rule population"),
    "crosswalk_split_rule_population_needs": ("--split-rule population vraagt een bevolking van de nieuwe "
                                              "gebieden (--population)",
                                              "--split-rule population needs a population of the new areas "
                                              "(--population)"),
    # ===== geo.stats.autocorrelation ===========================================================================
    "autocorr_weights_were_built_another": ("de gewichten zijn voor een ander frame gemaakt; maak ze opnieuw voor "
                                            "dit frame",
                                            "the weights were built for another frame; build them again for this one"),
    "autocorr_column_column_r_missing": ("kolom {column!r} heeft ontbrekende waarden; laat die rijen weg voordat "
                                         "u gewichten maakt",
                                         "column {column!r} has missing values; drop those rows before building "
                                         "weights"),
    "autocorr_all_values_column_r": ("alle waarden van {column!r} zijn gelijk ({y_0:g}); ruimtelijke "
                                     "autocorrelatie is niet gedefinieerd voor een constante",
                                     "all values of {column!r} are equal ({y_0:g}); spatial autocorrelation is "
                                     "undefined for a constant"),
    # ===== geo.stats.markov ====================================================================================
    "markov_quadrants_must_d_areas": ("quadrants moet een 2-d tabel (gebieden, perioden) zijn; nu {q_ndim}-d",
                                      "quadrants must be a 2-d (areas, periods) table; got {q_ndim}-d"),
    "markov_transitions_need_at_least": ("overgangen vragen minstens 2 perioden; er zijn er {q_shape_1}",
                                         "transitions need at least 2 periods; there are {q_shape_1}"),
    "markov_classes_must_distinct_names": ("de klassen moeten verschillende namen zijn, bijv. {join_quadrants}",
                                           "classes must be distinct names, e.g. {join_quadrants}"),
    # ===== geo._files ==========================================================================================
    "files_target_folder_give_name": ("{target} is een map; geef de naam van een bestand om te schrijven (bijv. "
                                      "{target_map_html})",
                                      "{target} is a folder; give the name of a file to write (e.g. "
                                      "{target_map_html})"),
    "files_target_cannot_create_folder": ("{target}: de map {target_parent} kan niet worden gemaakt "
                                          "({exc_strerror}); kies een andere plaats om te schrijven",
                                          "{target}: cannot create the folder {target_parent} ({exc_strerror}); "
                                          "choose another place to write"),
    # ===== geo.cli.change ======================================================================================
    "clichange_vmgeo_change_takes_from": ("vmgeo change neemt --from en --to in plaats van --period",
                                          "vmgeo change takes --from and --to instead of --period"),
    "clichange_from_both_periods_label": ("--from en --to zijn allebei {periods_label_first}; een verandering "
                                          "vraagt twee perioden",
                                          "--from and --to are both {periods_label_first}; a change needs two "
                                          "periods"),
    # ===== geo.settings ========================================================================================
    "settings_settings_name_value_r": ("Settings({name}={value!r}): moet een positief aantal seconden zijn",
                                       "Settings({name}={value!r}): must be a positive number of seconds"),
    "settings_settings_name_value_r2": ("Settings({name}={value!r}): moet een geheel getal van minstens {minimum} "
                                        "zijn",
                                        "Settings({name}={value!r}): must be a whole number of at least {minimum}"),
    # ===== geo.cli.demo ========================================================================================
    "clidemo_region_seed_args_region": ("--region-seed {args_region_seed} valt buiten het bereik; gebruik een "
                                        "geheel getal van 0 tot {v_2_32_1}",
                                        "--region-seed {args_region_seed} is out of range; use a whole number "
                                        "from 0 to {v_2_32_1}"),
    # ===== geo.cli.hotspots ====================================================================================
    "clihs_change_spec_r_from": ("--change {spec!r} is geen VAN:TOT; schrijf bijv. --change 2019:2023",
                                 "--change {spec!r} is not FROM:TO; write e.g. --change 2019:2023"),
    # ===== geo.levels ==========================================================================================
    "levels_unknown_option_name_r": ("onbekend {option} {name!r}; gebruik een van {join_levels}",
                                     "unknown {option} {name!r}; use one of {join_levels}"),
    # ===== geo.pipeline ========================================================================================
    "pipeline_min_count_min_count": ("--min-count {min_count} moet 0 (elk aantal tonen) of meer zijn",
                                     "--min-count {min_count} must be 0 (show every count) or more"),
    # ===== geo.stats._inference ================================================================================
    "inference_unknown_correction_correction_r": ("onbekende --correction {correction!r}; gebruik {join_corrections}",
                                                  "unknown --correction {correction!r}; use {join_corrections}"),
    # ===== geo.stats.hotspots ==================================================================================
    "hs_unknown_gi_inference_inference": ("onbekende --gi-inference {inference!r}; gebruik {or_join_gi_inference}",
                                          "unknown --gi-inference {inference!r}; use {or_join_gi_inference}"),
    # ===== added with the merge of main ==================================================================
    "units_area_in_two": ("{area} in {first} en {second}", "{area} in {first} and {second}"),
    "units_members_in_two": ("lid/leden in twee eenheden van niveau {level}: {listed}",
                             "member(s) in two {level} units: {listed}"),
    "units_parent_unknown": ("{unit} noemt ouder {parent}, maar dat is geen eenheid van de samenstelling",
                             "{unit} names parent {parent}, which is not a unit of the composition"),
    "units_parent_level": ("{unit} ({level}) heeft ouder {parent} van niveau {parent_level}",
                           "{unit} ({level}) has parent {parent} of level {parent_level}"),
    "units_outside_parent": ("{unit} ligt niet binnen zijn ouder {parent}: {listed}",
                             "{unit} is not inside its parent {parent}: {listed}"),
    "units_area_in_no": ("{top_level} {top} heeft gebied(en) in geen enkele eenheid van niveau {level}: {listed}",
                         "{top_level} {top} has area(s) in no {level}: {listed}"),
    "units_members_not_in": ("lid/leden niet in de grenzen van {year}: {listed}",
                             "member(s) not in the {year} boundaries: {listed}"),
    "units_overlap": ("eenheden overlappen: {listed}", "units overlap: {listed}"),
    "units_problems": ("{source} ({year}): {problems}", "{source} ({year}): {problems}"),
    "change_other_gaps": (" (en gaten in {n} andere reeks(en))", " (and gaps in {n} other series)"),
    "change_month_gaps": ("eenheid {unit}, {crime}: geen aantal voor {months}{others}; elke reeks vraagt elke maand "
                          "van {first} tot {last}, met 0 waar niets is geregistreerd",
                          "unit {unit}, {crime}: no count for {months}{others}; every series needs every month from "
                          "{first} to {last}, with 0 where nothing was registered"),
    "inputs_data_year_unknown_boundaries": ("--data-year {data_year}: het jaar van de grenzen is onbekend, dus de "
                                            "gegevens kunnen er niet naar worden overgezet; geef --year JAAR (het "
                                            "jaar van de gebieden in de grenzen)",
                                            "--data-year {data_year}: the year of the boundaries is unknown, so the "
                                            "data cannot be moved to them; give --year YEAR (the year of the "
                                            "boundaries' areas)"),
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
    "what_squares": ("inwoners per vierkant van {cell} m {year} (CBS, PDOK)",
                     "inhabitants per {cell} m square {year} (CBS, PDOK)"),
    "squares_label": ("PDOK vierkantstatistieken {cell} m {year} ({file} in de cache)",
                      "PDOK vierkantstatistieken {cell} m {year} ({file} in the cache)"),
    "squares_not_published": ("{what}: PDOK publiceert geen vierkantstatistieken van {cell} m voor {year} (HTTP 404 "
                              "bij {url}); kies een ander jaar, of geef een bestand van CBS met source=",
                              "{what}: PDOK does not publish {cell} m square statistics for {year} (HTTP 404 at "
                              "{url}); choose another year, or give a CBS file with source="),
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
    # ===== maps, outputs, vmgeo map =======================================================================
    "cli_map_field_value_analysed": ("{summary_path}: veld 'value.analysed' noemt de kolom {column!r}, maar "
                                     "{gpkg_name} heeft die niet; voer de analyse opnieuw uit",
                                     "{summary_path}: field 'value.analysed' names the column {column!r}, which "
                                     "{gpkg_name} does not have; run the analysis again"),
    "cli_map_vmgeo_summary_object": ("{path}: is geen vmgeo-samenvatting (geen object met sleutels); voer de analyse "
                                     "opnieuw uit",
                                     "{path}: is not a vmgeo summary (no object of keys); run the analysis again"),
    "cli_map_field_moran_missing": ("{path}: veld 'moran.p' ontbreekt terwijl 'caution' true is; voer de analyse "
                                    "opnieuw uit",
                                    "{path}: field 'moran.p' is missing while 'caution' is true; run the analysis "
                                    "again"),
    "cli_map_what_count": ("een geheel getal van minstens 0", "a whole number of at least 0"),
    "cli_map_what_fraction": ("een getal tussen 0 en 1", "a number between 0 and 1"),
    "cli_map_what_correction": ("none, fdr of bonferroni", "none, fdr or bonferroni"),
    "cli_map_what_gi_inference": ("permutation of normal", "permutation or normal"),
    "cli_map_what_text": ("tekst", "text"),
    "cli_map_what_object": ("een object", "an object"),
    "cli_map_what_column": ("een kolomnaam", "a column name"),
    "cli_map_what_flag": ("true of false", "true or false"),
    "cli_map_what_objects": ("een lijst van objecten", "a list of objects"),
    "cli_map_found_results_must": ("{path}: niet gevonden; --results moet de map van een run van 'vmgeo hotspots' "
                                   "zijn",
                                   "{path}: not found; --results must be the folder of a 'vmgeo hotspots' run"),
    "cli_map_layer_results_vmgeo": ("{gpkg}: heeft geen laag {gpkg_layer!r}; het zijn niet de resultaten van een "
                                    "vmgeo-run",
                                    "{gpkg}: has no layer {gpkg_layer!r}; it is not the results of a vmgeo run"),
    "cli_map_damaged_geopackage_vmgeo": ("{gpkg}: is beschadigd (geen GeoPackage dat vmgeo kan lezen); voer de "
                                         "analyse opnieuw uit",
                                         "{gpkg}: is damaged (not a GeoPackage vmgeo can read); run the analysis "
                                         "again"),
    "cli_map_damaged_run_analysis": ("{path}: is beschadigd ({kind}); voer de analyse opnieuw uit",
                                     "{path}: is damaged ({kind}); run the analysis again"),
    "cli_map_field_run_analysis": ("{path}: veld {name!r} is {shown}, maar moet {what} zijn; voer de analyse "
                                   "opnieuw uit of verbeter het veld",
                                   "{path}: field {name!r} is {shown}, not {what}; run the analysis again or correct "
                                   "the field"),
    "cli_map_field_missing_must": ("{path}: veld {name!r} ontbreekt; het moet {what} zijn (voer de analyse opnieuw "
                                   "uit)",
                                   "{path}: field {name!r} is missing; it must be {what} (run the analysis again)"),
    "maps__assets_leaflet_files_self": ("de Leaflet-bestanden voor zelfstandige kaarten ontbreken: pip install "
                                        "django-js-lib-leaflet, of gebruik --cdn",
                                        "the Leaflet files for self-contained maps are missing: pip install "
                                        "django-js-lib-leaflet, or use --cdn"),
    "maps_classify_bins_gives_classes": ("--bins geeft {n} klassen; er zijn er hoogstens {max_sequential} uit elkaar "
                                         "te houden",
                                         "--bins gives {n} classes; at most {max_sequential} can be told apart"),
    "maps_classify_bins_do_cover": ("--bins dekken de waarden niet: de grootste waarde {largest} ligt boven de "
                                    "laatste grens {last}; voeg een hogere grens toe",
                                    "--bins do not cover the values: the largest value {largest} is above the last "
                                    "bin {last}; add a higher bin"),
    "maps_classify_unknown_classification_scheme": ("onbekende indeling {scheme!r}; gebruik een van {schemes}",
                                                    "unknown classification scheme {scheme!r}; use one of {schemes}"),
    "maps_classify_classes_more_than": ("--classes {k} is meer dan de {n_distinct} verschillende waarde(n); gebruik "
                                        "hoogstens {n_distinct}",
                                        "--classes {k} is more than the {n_distinct} distinct value(s); use at most "
                                        "{n_distinct}"),
    "maps_classify_classes_must_between": ("--classes moet tussen 2 en {max_sequential} liggen",
                                           "--classes must be between 2 and {max_sequential}"),
    "maps_page_unknown_map_layer": ("onbekende kaartlaag of -lagen {unknown}; kies uit {layers}",
                                    "unknown map layer(s) {unknown}; choose from {layers}"),
    "maps_page_analysis_did_produce": ("de analyse heeft de laag of lagen {missing} niet gemaakt; beschikbaar: "
                                       "{present}",
                                       "the analysis did not produce the layer(s) {missing}; available: {present}"),
    "maps_page_unknown_basemap_use": ("onbekende --basemap {options_basemap!r}; gebruik none, pdok of osm",
                                      "unknown --basemap {options_basemap!r}; use none, pdok or osm"),
    "maps_page_density_columns": ("de dichtheidslaag mist de kolom(men) {missing}; geef het frame van "
                                  "geo.density.Density.frame (code, density, masked, geometry)",
                                  "the density layer lacks the column(s) {missing}; pass the frame of "
                                  "geo.density.Density.frame (code, density, masked, geometry)"),
    "maps_page_focus_area_map": ("--focus {options_focus!r} is geen gebied van deze kaart; codes zijn bijvoorbeeld "
                                 "{codes}",
                                 "--focus {options_focus!r} is not an area of this map; codes are e.g. {codes}"),
    "outputs_out_file_folder": ("--out {out} is een bestand, geen map; geef een map voor de resultaten",
                                "--out {out} is a file, not a folder; give a folder for the results"),
    "outputs_out_holds_files": ("--out {out} bevat bestanden die vmgeo niet schreef ({files}); kies een lege of "
                                "nieuwe map, of voeg --force toe om ernaast te schrijven (ze blijven onaangeroerd)",
                                "--out {out} holds files vmgeo did not write ({files}); choose an empty or new "
                                "folder, or add --force to write beside them (they are left alone)"),
    "outputs_folder_writable_choose": ("{out}: in de map {parent} kan niet geschreven worden; kies een andere --out",
                                       "{out}: the folder {parent} is not writable; choose another --out"),
    "outputs_out_folder_input": ("--out {out} is de map van de invoer {path}; resultaten daar zouden die kunnen "
                                 "vervangen: kies een andere --out (of voeg --force toe om er toch naast te "
                                 "schrijven)",
                                 "--out {out} is the folder of the input {path}; results there could replace it: "
                                 "choose another --out (or add --force to write beside it anyway)"),
    "outputs_out_holds_which": ("--out {out} bevat {files}, niet door vmgeo geschreven, waar vmgeo zijn eigen "
                                "resultaten schrijft; verplaats of hernoem dat (--force laat andere bestanden met "
                                "rust, het vervangt ze nooit)",
                                "--out {out} holds {files}, which vmgeo did not write, where it writes its own "
                                "results; move or rename it (--force leaves other files alone, it never replaces "
                                "them)"),
    "outputs_cannot_create_output": ("{out}: de uitvoermap kan niet gemaakt worden ({reason}); kies een andere --out",
                                     "{out}: cannot create the output folder ({reason}); choose another --out"),
    "outputs_another_vmgeo_run": ("{out}: een andere vmgeo-run schrijft hier al {seconds} s; wacht daarop of "
                                  "kies een andere --out",
                                  "{out}: another vmgeo run has been writing here for {seconds} s; wait for "
                                  "it or choose another --out"),
    "outputs_cannot_write_nothing": ("{out}: {name} kan niet geschreven worden ({reason}); er is niets veranderd "
                                     "(maak schijfruimte vrij, of kies een andere --out)",
                                     "{out}: cannot write {name} ({reason}); nothing was changed (free some disk "
                                     "space, or choose another --out)"),
    # ===== the gebiedsscan ================================================================================
    "scan_notes_where_sheet": ("{where}, blad {sheet!r}", "{where}, sheet {sheet!r}"),
    "scan_notes_action_without_owner": (
        "{where}, blad {sheet!r}, rij {row}: actie {action!r} heeft geen eigenaar; vul kolom {column!r} in "
        "(wie het doet)",
        "{where}, sheet {sheet!r}, row {row}: action {action!r} has no owner; fill in column {column!r} "
        "(who does it)"),
    "scan_notes_street_row": (
        "{where}, blad {sheet!r}, rij {row}: geef een soort ({kinds}) en wat het is; gevonden: {kind!r}, {what!r}",
        "{where}, sheet {sheet!r}, row {row}: give a kind ({kinds}) and what it is; found {kind!r}, {what!r}"),
    "scan_areas_mapping_file_found": ("{path}: bestand met de indeling niet gevonden; controleer --mapping",
                                      "{path}: mapping file not found; check --mapping"),
    "scan_areas_mapping_lacks_column": ("{path}: de indeling mist de kolom(men) {missing}; nodig zijn gemeentecode, "
                                        "politie_eenheid_code en politie_eenheid_naam (zoals in tests/data/mapping)",
                                        "{path}: the mapping lacks column(s) {missing}; it needs gemeentecode, "
                                        "politie_eenheid_code and politie_eenheid_naam (as tests/data/mapping has)"),
    "scan_areas_boundaries_were_loaded": ("er zijn geen grenzen van {level} geladen; --level {level} heeft ze nodig",
                                          "no {level} boundaries were loaded; --level {level} needs them"),
    "scan_areas_urbanity_unknown_ned": ("de stedelijkheid van {area_code} is onbekend "
                                        "(85984NED/MateVanStedelijkheid_117), dus er kan geen vergelijkingsgroep "
                                        "gekozen worden; geef --compare CODE,CODE",
                                        "the urbanity of {area_code} is unknown (85984NED/MateVanStedelijkheid_117), "
                                        "so no peer group can be chosen; give --compare CODE,CODE"),
    "scan_areas_peer_group_empty": ("de vergelijkingsgroep van {area_code} is leeg: geen andere gemeente heeft "
                                    "stedelijkheidsklasse {urbanity} en {size} inwoners; geef --compare CODE,CODE",
                                    "the peer group of {area_code} is empty: no other gemeente has urbanity class "
                                    "{urbanity} and {size} inhabitants; give --compare CODE,CODE"),
    "scan_areas_compare_leaves_empty": ("--compare {spec!r} laat een lege vergelijkingsgroep over (alleen "
                                        "{area_code} zelf); noem andere gebieden, of gebruik --compare auto",
                                        "--compare {spec!r} leaves an empty peer group (only {area_code} itself); "
                                        "name other areas, or use --compare auto"),
    "scan_areas_peer_group_empty2": ("de vergelijkingsgroep van {area_code} is leeg: de samenstelling heeft geen "
                                     "andere {area_level}; geef --compare CODE,CODE",
                                     "the peer group of {area_code} is empty: the composition has no other "
                                     "{area_level}; give --compare CODE,CODE"),
    "scan_areas_unknown_area": ("{what} {code!r} is geen bekend gebied{hint}",
                                "{what} {code!r} is not a known area{hint}"),
    "scan_areas_unknown_code": ("{what} {code!r} is geen {level}{hint}", "{what} {code!r} is not a {level} area{hint}"),
    "scan_areas_close_matches": ("; codes die erop lijken: {matches}", "; close matches: {matches}"),
    "scan_areas_codes_are": ("; codes zijn bijvoorbeeld {codes}", "; codes are e.g. {codes}"),
    "scan_compare_relevant_name_number": ("--relevant {spec!r}: {part!r} is geen NAAM=GETAL; gebruik bijvoorbeeld "
                                          "rate=10%,percent=2,mark=0.2 (rate relatief, percent in procentpunten, "
                                          "mark op de schaal 1-10)",
                                          "--relevant {spec!r}: {part!r} is not NAME=NUMBER; use e.g. "
                                          "rate=10%,percent=2,mark=0.2 (rate relative, percent in points, mark on "
                                          "the 1-10 scale)"),
    "scan_data_region_dimension": ("{spec_source}:{spec_table} heeft geen regio-dimensie",
                                   "{spec_source}:{spec_table} has no region dimension"),
    "scan_data_year_figures_choose": ("--year {year}: {spec_source}:{spec_table} heeft geen cijfers voor {year} (wel "
                                      "voor {span}); kies een ander --year",
                                      "--year {year}: {spec_source}:{spec_table} has no figures for {year} (it has "
                                      "{span}); choose another --year"),
    "scan_data_no_years": ("geen jaren", "no years"),
    "scan_data_inhabitants_per_gemeente": ("er konden geen inwoners per gemeente opgehaald worden "
                                           "(cbs:85984NED/AantalInwoners_5); de scan heeft ze nodig voor elk cijfer "
                                           "per inwoner",
                                           "no inhabitants per gemeente could be fetched "
                                           "(cbs:85984NED/AantalInwoners_5); the scan needs them for every rate"),
    "scan_notes_sheet_does_start": ("{where}: blad {sheet_name!r} begint niet met de kolommen {columns}; laat de "
                                    "kolommen zoals de scan ze schreef",
                                    "{where}: sheet {sheet_name!r} does not start with the columns {columns}; keep "
                                    "the columns as the scan wrote them"),
    "scan_notes_file_found_give": ("{where}: bestand niet gevonden; geef de scan.xlsx die het overleg heeft ingevuld",
                                   "{where}: file not found; give the scan.xlsx the meeting filled in"),
    "scan_notes_notes_belongs_another": ("--notes {notes_path} hoort bij een andere scan ({differs}): geef de "
                                         "scan.xlsx die de scan van {area} ({level}, {year}) schreef",
                                         "--notes {notes_path} belongs to another scan ({differs}): give the "
                                         "scan.xlsx written by the scan of {area} ({level}, {year})"),
    "scan_notes_differs": ("{what} {theirs} in plaats van {ours}", "{what} {theirs} instead of {ours}"),
    "scan_notes_what_area": ("gebied", "area"),
    "scan_notes_what_level": ("niveau", "level"),
    "scan_notes_what_year": ("jaar", "year"),
    "scan_notes_notes_was_written": ("--notes {notes_path} is geschreven voor andere bevindingen (vingerafdruk "
                                     "{notes_fingerprint}, deze scan heeft {fingerprint}{diff}): voer de scan uit "
                                     "met de opties van het concept (--mapping, --compare, --composition, "
                                     "--permutations, --seed); als de cijfers zelf veranderd zijn, voer hem uit "
                                     "zonder --notes en neem de aantekeningen over in de nieuwe scan.xlsx",
                                     "--notes {notes_path} was written for other findings (fingerprint "
                                     "{notes_fingerprint}, this scan has {fingerprint}{diff}): run the scan with the "
                                     "options of the draft (--mapping, --compare, --composition, --permutations, "
                                     "--seed); if the figures themselves changed, run it without --notes and take "
                                     "the notes over into its new scan.xlsx"),
    "scan_notes_gone": ("{n} van de bevindingen daarin staan niet in deze scan (bijvoorbeeld {first!r})",
                        "{n} of its findings are not in this scan (e.g. {first!r})"),
    "scan_notes_new": ("{n} zijn nieuw (bijvoorbeeld {first!r})", "{n} are new (e.g. {first!r})"),
    "scan_notes_notes_finding_finding": ("--notes {notes_path}: bevinding {finding!r} is geen bevinding van deze "
                                         "scan; laat de sleutelkolom ('sleutel', of 'key' in het Engels) zoals de "
                                         "scan die schreef",
                                         "--notes {notes_path}: finding {finding!r} is not a finding of this scan; "
                                         "keep the key column ('sleutel', or 'key' in English) as the scan wrote it"),
    "scan_notes_sheet_scan_year": ("{where}: blad 'scan' heeft jaar {year!r}; geef de scan.xlsx die een vmgeo-scan "
                                   "schreef",
                                   "{where}: sheet 'scan' has year {year!r}; give the scan.xlsx a vmgeo scan wrote"),
    "scan_notes_cannot_read_xlsx": ("{where}: kan niet gelezen worden als XLSX-werkmap ({kind}); geef de scan.xlsx "
                                    "die een vmgeo-scan schreef",
                                    "{where}: cannot be read as an XLSX workbook ({kind}); give the scan.xlsx a "
                                    "vmgeo scan wrote"),
    "scan_notes_sheet_scan_so": ("{where} heeft geen blad 'scan', dus het is niet door vmgeo scan geschreven; geef "
                                 "de scan.xlsx van de scan die het overleg besprak",
                                 "{where} has no sheet 'scan', so it was not written by vmgeo scan; give the "
                                 "scan.xlsx of the scan the meeting discussed"),
    "scan_notes_sheet_scan_lacks": ("{where}: blad 'scan' mist {missing}; geef de scan.xlsx die een vmgeo-scan "
                                    "schreef, met het blad 'scan' onveranderd",
                                    "{where}: sheet 'scan' lacks {missing}; give the scan.xlsx a vmgeo scan wrote, "
                                    "with its sheet 'scan' unchanged"),
    "scan_notes_sheet_give_scan": ("{where} heeft geen blad {sheets}; geef de scan.xlsx van de scan die het overleg "
                                   "besprak, met de bladen zoals ze geschreven zijn",
                                   "{where} has no sheet {sheets}; give the scan.xlsx of the scan the meeting "
                                   "discussed, with its sheets as written"),
    "scan_notes_row_meeting_words": ("{where}, rij {number}: de woorden van het overleg staan er, maar kolom "
                                     "{column!r} is leeg; zet de sleutel die de scan in die rij schreef terug",
                                     "{where}, row {number}: the meeting's words are there but column {column!r} is "
                                     "empty; put back the key the scan wrote in that row"),
    "scan_notes_row_column_one": ("{where}, rij {number}: {word!r} in kolom {column!r} is geen van {words_nl} (of "
                                  "{words_en}); verbeter het en voer de scan opnieuw uit",
                                  "{where}, row {number}: {word!r} in column {column!r} is not one of {words_nl} (or "
                                  "{words_en}); correct it and run again"),
    "scan_objective_bivariate_lisa_needs": ("een bivariate LISA heeft minstens {min_areas} gebieden met beide "
                                            "cijfers nodig, niet {n}",
                                            "a bivariate LISA needs at least {min_areas} areas with both figures, "
                                            "not {n}"),
    "scan_pdf_scan_pdf_needs": ("scan.pdf heeft WeasyPrint en Pango van het systeem nodig ({kind}: {exc}); pip "
                                "install weasyprint, en apt-get install libpango-1.0-0 libpangoft2-1.0-0",
                                "scan.pdf needs WeasyPrint and the system's Pango ({kind}: {exc}); pip install "
                                "weasyprint, and apt-get install libpango-1.0-0 libpangoft2-1.0-0"),
    "scan_run_unknown_level_use": ("onbekend --level {opts_level!r}; gebruik een van {levels}",
                                   "unknown --level {opts_level!r}; use one of {levels}"),
    "scan_run_give_either_area": ("geef --area CODE (één scan) of --within CODE (een scan per eenheid daarbinnen), "
                                  "niet allebei of geen van beide",
                                  "give either --area CODE (one scan) or --within CODE (a scan per unit inside it)"),
    "scan_run_level_made_gemeenten": ("--level {opts_level} bestaat uit gemeenten of wijken die het CBS niet als "
                                      "eenheden publiceert; geef de samenstelling met --composition FILE (zie "
                                      "boundaries/compositions/README.md)",
                                      "--level {opts_level} is made of gemeenten or wijken that CBS does not publish "
                                      "as units; give its composition with --composition FILE (see "
                                      "boundaries/compositions/README.md)"),
    "scan_run_notes_belongs_one": ("--notes hoort bij één scan; gebruik het met --area, niet met --within",
                                   "--notes belongs to one scan; use it with --area, not with --within"),
    "scan_run_within_level_needs": ("--within {opts_within} --level {opts_level} heeft --mapping FILE (gemeente -> "
                                    "eenheid) of --composition FILE nodig om te weten welke gebieden erbinnen liggen",
                                    "--within {opts_within} --level {opts_level} needs --mapping FILE (gemeente -> "
                                    "eenheid) or --composition FILE to know which areas lie within it"),
    "scan_run_unknown_lang_use": ("onbekende --lang {opts_lang!r}; gebruik nl of en",
                                  "unknown --lang {opts_lang!r}; use nl or en"),
    "scan_run_permutations_too_few": ("--permutations {opts_permutations} is te weinig voor hot spots; geef 99 of "
                                      "meer",
                                      "--permutations {opts_permutations} is too few for hot spots; give 99 or more"),
    "scan_run_within_holds_choose": ("--within {within} bevat geen {opts_level}; kies een ander --level",
                                     "--within {within} holds no {opts_level}; choose another --level"),
    "scan_run_area_code": ("--area {opts_area!r} is geen {opts_level}code ({prefix}...){hint}",
                           "--area {opts_area!r} is not a {opts_level} code ({prefix}...){hint}"),
    "scan_run_looks_like": ("; het lijkt een {level}code, geef dan --level {level}",
                            "; it looks like a {level} code, so give --level {level}"),
    # ===== incidents, the CBS grid, density ===============================================================
    "density_kernel_density_needs": ("een kerneldichtheid heeft minstens 2 incidenten nodig; er zijn er {n}",
                                     "a kernel density needs at least 2 incidents; there are {n}"),
    "density_all_incidents_lie": ("alle incidenten liggen op één plek; een kerneldichtheid heeft spreiding nodig "
                                  "(geef een bandbreedte)",
                                  "all incidents lie at one place; a kernel density needs a spread (give a bandwidth)"),
    "density_min_count_must": ("--min-count {min_count} moet minstens 1 zijn",
                               "--min-count {min_count} must be at least 1"),
    "density_bandwidth_must_positive": ("de bandbreedte moet een positief aantal meters zijn, niet {bandwidth!r}",
                                        "the bandwidth must be a positive number of metres, not {bandwidth!r}"),
    "density_counts_too_coarse": ("uit aantallen per vierkant komt geen eerlijke dichtheidskaart: de bandbreedte "
                                  "({bandwidth} m) is korter dan {sides} vierkanten van {cell} m, en incidenten in "
                                  "het midden van hun vierkant zetten verschuift het oppervlak te veel; kies kleinere "
                                  "vierkanten (--grid) of geef de export in één bestand zonder --scheduler",
                                  "counts per square give no honest density layer: the bandwidth ({bandwidth} m) is "
                                  "shorter than {sides} squares of {cell} m, and placing incidents at the centre of "
                                  "their square moves the surface too much; choose smaller squares (--grid) or give "
                                  "the export as one file without --scheduler"),
    "grid_grid_cbs_square": ("--grid {cell} is geen maat van een CBS-vierkant; gebruik {sizes}",
                             "--grid {cell} is not a CBS square size; use {sizes}"),
    "grid_code_cbs_squares": ("{n} code(s) zijn geen CBS-vierkanten van {cell} m ({listed}); codes zien eruit als "
                              "E1615N3832 (linkeronderhoek in hectometers, een veelvoud van {step} voor {cell} m)",
                              "{n} code(s) are not CBS {cell} m squares ({listed}); codes look like E1615N3832 "
                              "(lower-left corner in hectometres, a multiple of {step} for {cell} m)"),
    "grid_count_incidents_read": ("tel incidenten die met read_incidents zijn gelezen, of bestanden genoemd met "
                                  "incident_files",
                                  "count incidents read with read_incidents, or files named with incident_files"),
    "grid_counts_squares_cannot": ("aantallen per vierkant van {counts_cell} m kunnen geen raster van {cell} m maken",
                                   "counts of {counts_cell} m squares cannot make a {cell} m grid"),
    "grid_study_area_must": ("het studiegebied moet bestaan uit polygonen in RD New (EPSG:28992)",
                             "the study area must be polygons in RD New (EPSG:28992)"),
    "grid_polygons_column_columns": ("de polygonen hebben geen kolom {code_column!r}; de kolommen zijn: {columns}",
                                     "the polygons have no column {code_column!r}; columns are: {columns}"),
    "grid_code_occur_more": ("{n} code(s) komen meer dan eens voor in de polygonen ({codes}); geef elk gebied één "
                             "keer",
                             "{n} code(s) occur more than once in the polygons ({codes}); give each area once"),
    "grid_min_count_must": ("--min-count {min_count} moet minstens 1 zijn",
                            "--min-count {min_count} must be at least 1"),
    "grid_dask_scheduler_counts": ("een Dask-scheduler telt bestanden; geef de bestanden met "
                                   "geo.incidents.incident_files",
                                   "a Dask scheduler counts files; give the files with geo.incidents.incident_files"),
    "grid_scheduler_needs_dask": ("--scheduler heeft Dask distributed nodig (pip install 'dask[distributed]')",
                                  "--scheduler needs Dask distributed (pip install 'dask[distributed]')"),
    "grid_scheduler_cannot_reach": ("--scheduler {scheduler!r}: de Dask-scheduler is niet bereikbaar ({exc})",
                                    "--scheduler {scheduler!r}: cannot reach the Dask scheduler ({exc})"),
    "grid_slots_need_dates": ("tellen per periode heeft de datum van elk incident nodig; geef --date (bijvoorbeeld "
                              "--date Pleegdatum)",
                              "counting per period needs the date of every incident; give --date (for example "
                              "--date Pleegdatum)"),
    "grid_no_incident_for_periods": ("er is geen incident over om perioden uit te maken (alle rijen zijn weggelaten of "
                                     "weggefilterd); kijk naar --types en --period",
                                     "no incident is left to make periods of (every row was left out or filtered "
                                     "out); look at --types and --period"),
    "squares_cell": ("inwoners per vierkant van {cell} m bestaan niet; CBS publiceert 100 en 500 m, vmgeo telt 1000 m "
                     "op uit vier vierkanten van 500 m",
                     "there are no inhabitants per {cell} m square; CBS publishes 100 and 500 m, vmgeo adds 1000 m up "
                     "from four 500 m squares"),
    "squares_year_unknown": ("{path}: het jaar van de vierkantstatistieken staat niet in de bestandsnaam; geef year=",
                             "{path}: the year of the square statistics is not in the file name; give year="),
    "squares_cannot_read": ("{path}: niet te lezen als vierkantstatistieken ({problem}); geef een GeoPackage of CSV "
                            "van CBS",
                            "{path}: cannot be read as square statistics ({problem}); give a CBS GeoPackage or CSV"),
    "squares_bad_values": ("{path}: kolom {column!r} heeft {n} waarde(n) die geen aantal inwoners zijn ({examples}); "
                           "CBS schrijft gehele aantallen, en -99997 voor geheim",
                           "{path}: column {column!r} has {n} value(s) that are not numbers of inhabitants "
                           "({examples}); CBS writes whole numbers, and -99997 for secret"),
    "squares_bad_codes": ("{path}: kolom {column!r} heeft {n} waarde(n) die geen CBS-vierkanten van {cell} m zijn "
                          "({examples}); CBS schrijft E1615N3832 (linkeronderhoek in hectometers)",
                          "{path}: column {column!r} has {n} value(s) that are not CBS {cell} m squares ({examples}); "
                          "CBS writes E1615N3832 (lower-left corner in hectometres)"),
    "squares_duplicate_codes": ("{path}: kolom {column!r} noemt {n} vierkant(en) meer dan eens ({codes})",
                                "{path}: column {column!r} names {n} square(s) more than once ({codes})"),
    "squares_counts_columns": ("de aantallen per vierkant moeten de kolommen 'code' en 'count' hebben; er zijn: "
                               "{columns}",
                               "the counts per square must have the columns 'code' and 'count'; there are: {columns}"),
    "squares_counts_cell": ("aantallen per vierkant van {counts_cell} m passen niet bij inwoners per vierkant van "
                            "{cell} m",
                            "counts per {counts_cell} m square do not fit inhabitants per {cell} m square"),
    "squares_rate_method": ("onbekende methode {method!r} voor cijfers per vierkant; gebruik {methods}",
                            "unknown method {method!r} for rates per square; use {methods}"),
    "hex_resolution": ("--hex {resolution!r} is geen H3-resolutie; gebruik een geheel getal van 0 tot en met 15 "
                       "(9: zeshoeken van ongeveer 0,1 km²)",
                       "--hex {resolution!r} is not an H3 resolution; use a whole number from 0 to 15 "
                       "(9: hexagons of about 0.1 km²)"),
    "hex_needs_h3": ("--hex heeft het pakket h3 nodig (pip install 'vmgeo[hex]')",
                     "--hex needs the h3 package (pip install 'vmgeo[hex]')"),
    "incidents_incident_left_after": ("{path}: na de filters blijft geen incident over ({filtered}); controleer "
                                      "--type en --period",
                                      "{path}: no incident is left after the filters ({filtered}); check --type and "
                                      "--period"),
    "incidents_incident_files_found": ("{places}: daar zijn geen bestanden met incidenten gevonden",
                                       "{places}: no incident files found there"),
    "incidents_chunk_rows_must": ("chunk_rows moet minstens 1 zijn, niet {chunk_rows}",
                                  "chunk_rows must be at least 1, not {chunk_rows}"),
    "incidents_file_found_check": ("{path}: bestand niet gevonden; controleer het pad bij --incidents",
                                   "{path}: file not found; check the path given to --incidents"),
    "incidents_folder_give_one": ("{path}: is een map; geef één exportbestand (of gebruik een lijst van partities)",
                                  "{path}: is a folder; give one export file (or use a list of partitions)"),
    "incidents_give_columns_coordinates": ("{path}: geef de kolommen van de coördinaten met --x en --y (de kolommen "
                                           "zijn: {columns})",
                                           "{path}: give the columns of the coordinates with --x and --y (columns "
                                           "are: {columns})"),
    "incidents_incidents_must_points": ("{path}: incidenten moeten punten zijn; dit bestand heeft geometrieën van "
                                        "het type {kinds}",
                                        "{path}: incidents must be points; this file has {kinds} geometries"),
    "incidents_files_no_rows": ("geen van de {n} bestanden heeft incidenten (geen rijen onder de kop): {places}",
                                "none of the {n} files holds incidents (no rows under the header): {places}"),
    "incidents_file_incidents_rows": ("{path}: het bestand heeft geen incidenten (geen rijen onder de kop)",
                                      "{path}: the file has no incidents (no rows below the header)"),
    "incidents_rows_cannot_used": ("{path}: {bad:,} van {read:,} rijen ({share:.0%}) zijn onbruikbaar, de meeste "
                                   "({most:,}) omdat {reason} (rijen {rows}){hint}; het bestand wordt geweigerd",
                                   "{path}: {bad:,} of {read:,} rows ({share:.0%}) cannot be used, most ({most:,}) "
                                   "because {reason} (rows {rows}){hint}; the file is refused"),
    "term_x_coordinate": ("x-coördinaat", "x coordinate"),
    "term_y_coordinate": ("y-coördinaat", "y coordinate"),
    "term_date": ("datum", "date"),
    "term_crime_type": ("delictsoort", "crime type"),
    "incidents_reason_no_coordinates": ("ze geen (leesbare) coördinaten hebben",
                                        "they have no (readable) coordinates"),
    "incidents_reason_outside_netherlands": ("hun coördinaten buiten Nederland liggen (land en water, tot 1 km "
                                             "buiten de grens)",
                                             "their coordinates lie outside the Netherlands (land and water, up to "
                                             "1 km beyond the border)"),
    "incidents_reason_bad_date": ("hun datum leeg of onleesbaar is", "their date is empty or cannot be read"),
    "incidents_hint_x_y": ("; controleer --x {x!r} en --y {y!r}", "; check --x {x!r} and --y {y!r}"),
    "incidents_hint_degrees": ("; controleer --x en --y (verwisseld?) en --crs: coördinaten in graden hebben "
                               "--crs EPSG:4326 nodig, en meters in RD New staan zonder duizendtallenpunt "
                               "(203835, niet 203.835: dat leest als 203,835)",
                               "; check --x and --y (swapped?) and --crs: coordinates in degrees need --crs EPSG:4326, "
                               "and metres in RD New go without a thousands separator (203835, not 203.835: that "
                               "reads as 203.835)"),
    "incidents_hint_crs": ("; controleer --x en --y (lengtegraad in --x) en --crs {crs}",
                           "; check --x and --y (longitude in --x) and --crs {crs}"),
    "incidents_hint_date": ("; controleer --date {date!r} (datums als 31-12-2023 of 2023-12-31)",
                            "; check --date {date!r} (dates as 31-12-2023 or 2023-12-31)"),
    "incidents_left_out_by": ("{n:,} weggelaten door {filter}", "{n:,} left out by {filter}"),
    "incidents_none_read": ("er is er geen gelezen", "none were read"),
    "incidents_synthetic_export_needs": ("synthetic_export heeft n >= 1 en years (eerste, laatste) nodig; gekregen: "
                                         "n={n}, years={years}",
                                         "synthetic_export needs n >= 1 and years (first, last); got n={n}, "
                                         "years={years}"),
    "incidents_synthetic_earlier_years": ("synthetic_export: earlier_years moet 0 of meer zijn; gekregen: {earlier}",
                                          "synthetic_export: earlier_years must be 0 or more; got {earlier}"),
    "incidents_mask_missing": ("{path} ontbreekt: zonder dat landmasker kan vmgeo niet zeggen welke incidenten in "
                               "Nederland liggen; de installatie is onvolledig, installeer vmgeo opnieuw",
                               "{path} is missing: without that national mask vmgeo cannot tell which incidents lie "
                               "in the Netherlands; the installation is incomplete, install vmgeo again"),
    "incidents_crs_coordinate_reference": ("--crs {crs!r} is geen coördinatenstelsel; gebruik EPSG:28992 (RD New) of "
                                           "EPSG:4326 (lengte/breedte)",
                                           "--crs {crs!r} is not a coordinate reference system; use EPSG:28992 (RD "
                                           "New) or EPSG:4326 (longitude/latitude)"),
    "incidents_type_names_type": ("--type noemt geen type; geef een of meer delictsoorten, bijvoorbeeld Woninginbraak",
                                  "--type names no type; give one or more crime types, e.g. Woninginbraak"),
    "incidents_period_needs_column": ("--period heeft de kolom met de datums nodig; geef --date (bijvoorbeeld --date "
                                      "Pleegdatum)",
                                      "--period needs the column of the dates; give --date (e.g. --date Pleegdatum)"),
    "incidents_period_date_write": ("periode: {value!r} is geen datum; schrijf die als 2023-01-31",
                                    "period: {value!r} is not a date; write it as 2023-01-31"),
    "incidents_cannot_read_table": ("{path}: kan niet gelezen worden als tabel met incidenten ({exc}); sla het op "
                                    "als CSV of .xlsx",
                                    "{path}: cannot be read as a table of incidents ({exc}); save it as CSV or .xlsx"),
    "incidents_row_fields": ("{path}, rij {row}: {saw} velden, maar de kop heeft er {expected} (scheidingsteken "
                             "{sep!r}); een waarde met het scheidingsteken erin, zoals een decimale komma in een "
                             "bestand met komma's, moet tussen aanhalingstekens staan: sla het op met ';' als "
                             "scheidingsteken",
                             "{path}, row {row}: {saw} fields, but the header has {expected} (separator {sep!r}); a "
                             "value holding the separator, such as a decimal comma in a comma-separated file, must "
                             "be quoted: save it with ';' as the separator"),
    "incidents_cannot_read_workbook": ("{path}: kan niet gelezen worden als werkmap ({exc}); sla het op als .xlsx of "
                                       "CSV",
                                       "{path}: cannot be read as a workbook ({exc}); save it as .xlsx or CSV"),
    "incidents_reading_parquet_needs": ("{path}: voor het lezen van Parquet is pyarrow nodig (pip install pyarrow); "
                                        "of sla de export op als CSV",
                                        "{path}: reading Parquet needs pyarrow (pip install pyarrow); or save the "
                                        "export as CSV"),
    "incidents_cannot_read_parquet": ("{path}: kan niet gelezen worden als Parquet ({exc})",
                                      "{path}: cannot be read as Parquet ({exc})"),
    "incidents_cannot_read_file": ("{path}: kan niet gelezen worden als bestand met punten ({exc})",
                                   "{path}: cannot be read as a file of points ({exc})"),
    "incidents_incident_type_types": ("{path}: geen incident van het type {types}{hint} De typen daar zijn: {present}",
                                      "{path}: no incident of type {types}{hint} Types there are: {present}"),
    "incidents_did_you_mean": ("; bedoelt u {close}?", "; did you mean {close}?"),
    "incidents_period_runs_backwards": ("periode {first} tot {last} loopt achteruit; geef de eerste dag eerst",
                                        "period {first} to {last} runs backwards; give the first day first"),
    "incidents_cannot_read_files": ("{path}: kan bestanden '{suffix}' niet als incidenten lezen; geef CSV, .xlsx, "
                                    "GeoPackage, GeoJSON of Parquet",
                                    "{path}: cannot read '{suffix}' files as incidents; give CSV, .xlsx, GeoPackage, "
                                    "GeoJSON or Parquet"),
    "incidents_period_incidents_can": ("--period {key}: incidenten kunnen alleen per jaar, kwartaal of maand worden "
                                       "gekozen",
                                       "--period {key}: incidents can be selected by year, quarter or month only"),
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
    return line_in(text.log_lang(), key, **fields)


def line_in(lang: str, key: str, /, **fields: object) -> str:
    """The line ``key`` in ``lang`` (``"nl"`` or ``"en"``), whatever the run's language; see :func:`line`."""
    dutch, english = LINES[key]
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


def term(word: str, *, lang: str | None = None) -> str:
    """A word that names a role (``"value"``, ``"second value"``) in ``lang`` (the run's); other words as they are."""
    key = "term_" + word.replace(" ", "_")
    return line_in(lang or text.log_lang(), key) if key in LINES else word


def has_term(word: str) -> bool:
    """Whether :func:`term` knows ``word`` in Dutch (a caller whose lines are still English passes other words)."""
    return "term_" + word.replace(" ", "_") in LINES


def few(items: Iterable[object], n: int = 8) -> str:
    """A list of codes for a one-line message: the first ``n`` and how many more, in the run's language."""
    return text.few(items, n)
