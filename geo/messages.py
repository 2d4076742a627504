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


def few(items: Iterable[object], n: int = 8) -> str:
    """A list of codes for a one-line message: the first ``n`` and how many more, in the run's language."""
    listed = [str(i) for i in items]
    shown = ", ".join(listed[:n])
    if len(listed) <= n:
        return shown
    return shown + (f" and {len(listed) - n} more" if text.log_lang() == "en" else f" en nog {len(listed) - n}")
