"""The scan as a workbook and CSVs: every figure, the findings with room for the meeting, the sources.

``scan.xlsx`` has these sheets: the figures table (``cijfers``), the
findings with the empty columns the meeting fills in (``bespreekpunten``:
"herkend (ja/nee/deels)", "toelichting", "actie"), the meeting itself
(``bijeenkomst``: date, participants, the three agreed priorities;
``acties``: action, owner, due; ``straatkennis``: hot groups, places and
facilities), the sources (``bronnen``) and what identifies the scan (``scan``: area, level, year and
the fingerprint of the findings), which :mod:`geo.scan.notes` checks when
the filled-in sheet comes back. Sheet and column names follow ``--lang``;
the identifying fields do not. Every text cell goes through
:func:`geo.outputs.safe_frame`, so a name such as ``=HYPERLINK(...)`` stays
text in a spreadsheet.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .. import text
from .._version import __version__
from ..outputs import safe_frame
from .findings import in_agenda_order, render
from .render import Figs

if TYPE_CHECKING:
    import pandas as pd

    from .model import Scan

SHEETS = {
    "nl": {"figures": "cijfers", "findings": "bespreekpunten", "sources": "bronnen", "scan": "scan",
           "book": "tabellenboek", "meeting": "bijeenkomst", "actions": "acties", "street": "straatkennis"},
    "en": {"figures": "figures", "findings": "findings", "sources": "sources", "scan": "scan", "book": "tables",
           "meeting": "meeting", "actions": "actions", "street": "street knowledge"},
}
#: The meeting sheet's fields (column 1), in order: date, participants, the three agreed priorities.
MEETING_FIELDS = {
    "nl": ["datum", "deelnemers", "prioriteit 1", "prioriteit 2", "prioriteit 3"],
    "en": ["date", "participants", "priority 1", "priority 2", "priority 3"],
}
MEETING_COLUMNS = {"nl": ["veld", "invullen"], "en": ["field", "fill in"]}
ACTION_COLUMNS = {"nl": ["actie", "eigenaar", "gereed"], "en": ["action", "owner", "due"]}
#: Straatkennis: hot groups, hot places and hot facilities the table knows of, one per row.
STREET_COLUMNS = {"nl": ["soort (groep/plek/voorziening)", "wat", "toelichting"],
                  "en": ["kind (group/place/facility)", "what", "explanation"]}
STREET_KINDS = {"nl": ("groep", "plek", "voorziening"), "en": ("group", "place", "facility")}
#: Rows left for the meeting to fill in on the actions and straatkennis sheets of a draft.
BLANK_ROWS = 15
FINDING_COLUMNS = {
    "nl": ["nr", "sleutel", "bevinding", "herkend (ja/nee/deels)", "toelichting", "actie"],
    "en": ["no", "key", "finding", "recognised (yes/no/partly)", "explanation", "action"],
}
#: Column headers of the figures and sources sheets in Dutch (the CSVs keep the stable English names).
HEADERS_NL = {
    "row": "rij", "section": "hoofdstuk", "indicator": "indicator", "title": "titel", "unit": "maat",
    "kind": "soort", "higher_is": "hoger_is", "role": "rol", "area_code": "gebiedscode", "area_name": "gebied",
    "area_level": "niveau", "period": "periode", "period_label": "periode_tekst", "value": "waarde",
    "lower": "ondergrens", "upper": "bovengrens", "digits": "decimalen", "uncertain": "onzeker", "count": "aantal",
    "population": "inwoners", "reference": "referentie", "reference_code": "referentiecode",
    "reference_name": "referentienaam", "reference_value": "referentiewaarde",
    "reference_lower": "referentie_ondergrens", "reference_upper": "referentie_bovengrens",
    "reference_rest": "referentie_zonder_gebied", "reference_rest_lower": "referentie_zonder_gebied_ondergrens",
    "reference_rest_upper": "referentie_zonder_gebied_bovengrens", "verdict": "oordeel",
    "verdict_label": "oordeel_tekst", "test": "toets", "p": "p", "dispersion": "dispersie", "category": "categorie",
    "category_label": "categorie_tekst", "gi_category": "gi_categorie", "rank": "rang", "source_table": "brontabel",
    "source_measure": "onderwerp", "source_filters": "filters", "source_period": "bronperiode",
    "source_status": "status", "source_modified": "gewijzigd", "source_fetched": "opgehaald", "note": "opmerking",
    "owner": "bron", "table": "tabel", "measure": "onderwerp", "filters": "filters", "status": "status",
    "modified": "gewijzigd", "fetched": "opgehaald", "attribution": "naamsvermelding", "boundary_year": "grensjaar",
    "field": "veld", "unit_label": "maat", "respondents": "respondenten",
    "reference_respondents": "referentie_respondenten",
}


def headed(frame: "pd.DataFrame", lang: str) -> "pd.DataFrame":
    """``frame`` with its column headers in the report's language (the workbook's sheets)."""
    return frame.rename(columns=HEADERS_NL) if lang == "nl" else frame


#: What the meeting may write in the recognised column, per language; stored as the Dutch words.
RECOGNISED = {"nl": ("ja", "nee", "deels"), "en": ("yes", "no", "partly")}


def findings_table(scan: "Scan") -> "pd.DataFrame":
    """The findings as the workbook and ``findings.csv`` hold them (the meeting's words where known)."""
    import pandas as pd

    figs = Figs(scan.frame, scan.lang)
    words = dict(zip(RECOGNISED["nl"], RECOGNISED[scan.lang]))
    rows = []
    # In the order and with the numbers of the report: the agenda first, then the appendix.
    for i, finding in in_agenda_order(scan.findings):
        said = scan.meeting.get(finding.key, {})
        rows.append([i, finding.key, render(finding, lang=scan.lang, fig=lambda f: figs.plain(f.row, f.column),
                                            escape=str),
                     words.get(said.get("recognised") or ""), said.get("explanation"), said.get("action")])
    return pd.DataFrame(rows, columns=FINDING_COLUMNS[scan.lang])


def ordered(scan: "Scan") -> "pd.DataFrame":
    """The figures table in the order of the report's sections (:attr:`Scan.sections`), rows in build order."""
    position = {section.key: i for i, section in enumerate(scan.sections)}
    rank = scan.frame["section"].map(position).fillna(len(position))
    return scan.frame.iloc[rank.argsort(kind="stable")]


def identity(scan: "Scan") -> "pd.DataFrame":
    """The ``scan`` sheet: field and value."""
    import pandas as pd

    values = {"area": scan.area.code, "area_name": scan.area.name, "level": scan.area.level, "year": scan.year,
              "fingerprint": scan.fingerprint, "findings": len(scan.findings), "lang": scan.lang,
              "version": "final" if scan.final else "draft", "vmgeo": __version__, "created": scan.created}
    return pd.DataFrame({"field": list(values), "value": [str(v) for v in values.values()]})


def write_xlsx(scan: "Scan", path: Path) -> None:
    """``scan.xlsx``: figures, findings (with a choice list for "recognised"), sources, identity."""
    import pandas as pd
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    names = SHEETS[scan.lang]
    found = findings_table(scan)
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        safe_frame(found).to_excel(writer, sheet_name=names["findings"], index=False)
        safe_frame(headed(ordered(scan), scan.lang)).to_excel(writer, sheet_name=names["figures"], index=False)
        safe_frame(headed(scan.sources, scan.lang)).to_excel(writer, sheet_name=names["sources"], index=False)
        # Headers in the report's language; the fields stay keys (--notes reads them back by name).
        safe_frame(headed(identity(scan), scan.lang)).to_excel(writer, sheet_name=names["scan"], index=False)
        sheet = writer.sheets[names["findings"]]
        for column, width in zip("ABCDEF", (5, 16, 90, 22, 50, 40)):
            sheet.column_dimensions[column].width = width
        sheet.column_dimensions["B"].hidden = True
        for row in sheet.iter_rows(min_row=2, min_col=3, max_col=3):
            for cell in row:
                cell.alignment = cell.alignment.copy(wrap_text=True, vertical="top")
        if len(found):
            choice = DataValidation(type="list", formula1='"' + ",".join(RECOGNISED[scan.lang]) + '"',
                                    allow_blank=True)
            sheet.add_data_validation(choice)
            choice.add(f"D2:D{len(found) + 1}")
        sheet.freeze_panes = "C2"
        _meeting_sheets(scan, writer)
        figures = writer.sheets[names["figures"]]
        figures.freeze_panes = "A2"
        for i, column in enumerate(scan.frame.columns, 1):
            figures.column_dimensions[get_column_letter(i)].width = min(40, max(10, len(str(column)) + 2))


def meeting_tables(scan: "Scan") -> "tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]":
    """The meeting, actions and straatkennis sheets: empty for a draft, as the meeting filled them in a final."""
    import pandas as pd

    lang, record = scan.lang, scan.record
    values: list[str | None] = [None] * len(MEETING_FIELDS[lang])
    actions: list[list[object]] = []
    street: list[list[object]] = []
    if record is not None:
        priorities: list[str | None] = [*record.priorities, None, None, None]
        values = [record.date, record.participants, *priorities[:3]]
        actions = [list(a) for a in record.actions]
        kinds = dict(zip(STREET_KINDS["nl"], STREET_KINDS[lang]))
        street = [[kinds.get(k, k), what, note] for k, what, note in record.street]
    meeting = pd.DataFrame({MEETING_COLUMNS[lang][0]: MEETING_FIELDS[lang], MEETING_COLUMNS[lang][1]: values})
    return (meeting, pd.DataFrame(actions, columns=ACTION_COLUMNS[lang]),
            pd.DataFrame(street, columns=STREET_COLUMNS[lang]))


def _meeting_sheets(scan: "Scan", writer: "pd.ExcelWriter") -> None:
    """Write the meeting's sheets, with a choice list for the kind of straatkennis."""
    from openpyxl.worksheet.datavalidation import DataValidation

    names = SHEETS[scan.lang]
    for key, frame, widths in zip(("meeting", "actions", "street"), meeting_tables(scan),
                                  ((16, 80), (60, 24, 14), (28, 50, 50))):
        safe_frame(frame).to_excel(writer, sheet_name=names[key], index=False)
        sheet = writer.sheets[names[key]]
        for column, width in zip("ABC", widths):
            sheet.column_dimensions[column].width = width
    choice = DataValidation(type="list", formula1='"' + ",".join(STREET_KINDS[scan.lang]) + '"', allow_blank=True)
    writer.sheets[names["street"]].add_data_validation(choice)
    choice.add(f"A2:A{BLANK_ROWS + 1 + len(scan.record.street if scan.record else ())}")


#: The CSVs of a scan: file name to the table it holds.
CSVS = {"figures.csv": "figures", "findings.csv": "findings", "sources.csv": "sources"}


def write_csv(scan: "Scan", key: str, path: Path) -> None:
    """One of the scan's CSVs (``figures``, ``findings`` or ``sources``): UTF-8, text cells made safe."""
    frame = {"figures": scan.frame, "findings": findings_table(scan), "sources": scan.sources}[key]
    safe_frame(frame).to_csv(path, index=False, encoding="utf-8")


def tabellenboek(scans: list["Scan"]) -> "pd.DataFrame":
    """Every unit's key figures side by side: one row per figure, one column per unit (the tabellenboek)."""
    import pandas as pd

    parts = []
    for scan in scans:
        k = scan.frame[scan.frame["section"] == "kerncijfers"]
        part = k[["indicator", "title", "unit", "period_label", "value", "digits"]].copy()
        part["unit_label"] = [text.get(f"scan_unit_{u}", lang=scan.lang) for u in part["unit"]]
        # A survey figure of another area (the eenheid, for a basisteam) is not the unit's own: it gets the
        # column of the area it belongs to, once, however many units lean on it.
        part["column"] = [f"{n} ({c})" for n, c in zip(k["area_name"], k["area_code"])]
        parts.append(part)
    long = pd.concat(parts, ignore_index=True)
    order = list(dict.fromkeys(long["indicator"]))
    index = ["indicator", "title", "unit_label", "period_label", "digits"]
    long["digits"] = long["digits"].fillna(0).astype(int)
    wide = long.pivot_table(index=index, columns="column", values="value", aggfunc="first",
                            sort=False).reset_index()
    wide["_order"] = wide["indicator"].map({k: i for i, k in enumerate(order)})
    wide = wide.sort_values("_order").drop(columns="_order")
    wide.columns.name = None
    # The units in the order of the run, then the areas some of them lean on (the eenheid's survey figures).
    own = [f"{scan.area.name} ({scan.area.code})" for scan in scans]
    units = [c for c in own if c in wide.columns]
    others = [c for c in wide.columns if c not in index and c not in units]
    return wide[[*index, *units, *others]]


def write_tabellenboek(book: "pd.DataFrame", path: Path, *, lang: str) -> None:
    """The tabellenboek as XLSX (one sheet) with its creation date."""
    import pandas as pd

    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        # Headers in the report's language (tabellenboek.csv keeps the stable English ones, for scripts).
        safe_frame(headed(book, lang)).to_excel(writer, sheet_name=SHEETS[lang]["book"], index=False)
        sheet = writer.sheets[SHEETS[lang]["book"]]
        sheet.freeze_panes = "F2"
        # Figures keep their full value; each row shows as many decimals as the report does.
        first = list(book.columns).index("digits") + 2
        for r, digits in enumerate(book["digits"], start=2):
            fmt = "#,##0" + ("." + "0" * int(digits) if int(digits) > 0 else "")
            for c in range(first, len(book.columns) + 1):
                sheet.cell(row=r, column=c).number_format = fmt
        sheet.cell(row=len(book) + 3, column=1,
                   value=f"vmgeo {__version__}, {datetime.now(UTC).isoformat(timespec='seconds')}")
