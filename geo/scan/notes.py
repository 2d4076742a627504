"""The meeting's notes: reading the filled-in ``scan.xlsx`` back, and refusing one of another scan.

``vmgeo scan --notes FILE.xlsx ...`` reads the ``bespreekpunten`` sheet
("herkend (ja/nee/deels)", "toelichting", "actie" per finding), the
meeting's sheets (``bijeenkomst``: date, participants, three priorities;
``acties``: every action with its owner; ``straatkennis``: hot groups,
places and facilities) and the ``scan`` sheet that identifies the scan it was written for. A sheet of
another area, level or year is refused before anything is fetched
(:func:`check_identity`); one whose findings differ (the fingerprint, or a
finding key the scan does not have) once the findings are known
(:func:`check_findings`). Either way one line says what differs, and
nothing is written.

Text the meeting typed is kept as typed, including what a spreadsheet
would take for a formula (``=HYPERLINK(...)``): the report shows it as
text, and the workbook writes it as text again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import messages
from ..errors import DataError, InputFileError
from ..outputs import FORMULA_STARTS
from .model import Meeting
from .workbook import ACTION_COLUMNS, FINDING_COLUMNS, MEETING_FIELDS, RECOGNISED, SHEETS, STREET_KINDS

#: Accepted spellings of "recognised", by what they mean (stored as ja/nee/deels).
_WORDS = {"ja": "ja", "j": "ja", "yes": "ja", "y": "ja", "nee": "nee", "n": "nee", "no": "nee",
          "deels": "deels", "gedeeltelijk": "deels", "partly": "deels", "partially": "deels"}


@dataclass(frozen=True)
class MeetingNotes:
    """What a filled-in scan workbook says, and which scan it belongs to."""

    path: str
    area: str
    level: str
    year: int
    fingerprint: str
    #: Finding key to ``recognised`` (ja/nee/deels or ``None``), ``explanation`` and ``action``.
    said: dict[str, dict[str, Any]] = field(default_factory=dict)
    meeting: Meeting = field(default_factory=Meeting)


def read(path: str | Path) -> MeetingNotes:
    """Read a filled-in ``scan.xlsx``.

    Raises
    ------
    InputFileError
        When the file is missing, not a workbook, or not one a scan wrote.
    DataError
        When a "recognised" cell holds something other than ja, nee or deels.
    """
    path = Path(path)
    where = f"--notes {path}"
    ident, sheet_name, rows, extra = _sheets(path, where)
    header = [str(c).strip().lower() if c is not None else "" for c in rows[0]] if rows else []
    layout = next((cols for cols in FINDING_COLUMNS.values() if header[:len(cols)] == cols), None)
    if layout is None:
        raise InputFileError(messages.line("scan_notes_sheet_does_start", where=where, sheet_name=sheet_name,
                                           columns=', '.join(FINDING_COLUMNS['nl'])))
    said = _said(rows, layout, where=messages.line("scan_notes_where_sheet", where=where, sheet=sheet_name))
    try:
        year = int(str(ident["year"]).strip())
    except ValueError:
        raise InputFileError(messages.line("scan_notes_sheet_scan_year", where=where, year=ident['year'])) from None
    return MeetingNotes(path=str(path), area=str(ident["area"]).strip(), level=str(ident["level"]).strip(),
                        year=year, fingerprint=str(ident["fingerprint"]).strip(), said=said,
                        meeting=_meeting(extra, where=where))


def _meeting(extra: dict[str, list[tuple[Any, ...]]], *, where: str) -> Meeting:
    """The meeting sheets' rows as a :class:`Meeting` (empty for a workbook without them)."""
    fields: dict[int, str | None] = {}
    names = {name: i for lang in MEETING_FIELDS for i, name in enumerate(MEETING_FIELDS[lang])}
    for row in extra.get("meeting", [])[1:]:
        name = (_cell(row, 0) or "").lower()
        if name in names:
            fields[names[name]] = _cell(row, 1)
    actions = []
    sheet = SHEETS["nl"]["actions"]
    for number, row in enumerate(extra.get("actions", [])[1:], start=2):
        action, owner, due = (_cell(row, i) for i in range(3))
        if action and not owner:
            raise DataError(messages.line("scan_notes_action_without_owner", where=where, sheet=sheet, row=number,
                                          action=action, column=ACTION_COLUMNS["nl"][1]))
        if action and owner:
            actions.append((action, owner, due))
    street = []
    kinds = {k: STREET_KINDS["nl"][i] for lang in STREET_KINDS for i, k in enumerate(STREET_KINDS[lang])}
    for number, row in enumerate(extra.get("street", [])[1:], start=2):
        kind, what, note = (_cell(row, i) for i in range(3))
        if not (kind or what):
            continue
        if kind is None or kind.lower() not in kinds or not what:
            raise DataError(messages.line("scan_notes_street_row", where=where, sheet=SHEETS["nl"]["street"],
                                          row=number, kinds=", ".join(STREET_KINDS["nl"]), kind=kind, what=what))
        street.append((kinds[kind.lower()], what, note))
    priorities = tuple(p for p in (fields.get(i) for i in (2, 3, 4)) if p)
    return Meeting(date=fields.get(0), participants=fields.get(1), priorities=priorities, actions=tuple(actions),
                   street=tuple(street))


def _cell(row: tuple[Any, ...], i: int) -> str | None:
    from datetime import datetime

    value = row[i] if len(row) > i else None
    if isinstance(value, datetime):  # a date the spreadsheet recognised
        return value.date().isoformat()
    return _text(value)


def _sheets(path: Path, where: str
            ) -> tuple[dict[str, Any], str, list[tuple[Any, ...]], dict[str, list[tuple[Any, ...]]]]:
    """The ``scan`` sheet's fields, the name of the findings sheet and its rows, and the meeting sheets' rows."""
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    if not path.exists():
        raise InputFileError(messages.line("scan_notes_file_found_give", where=where))
    try:
        # Formulas are read as their text (data_only=False): what the meeting typed, not what Excel computed.
        book = load_workbook(path, read_only=True, data_only=False)
    except (BadZipFile, InvalidFileException, OSError, KeyError, ValueError) as exc:
        raise InputFileError(messages.line("scan_notes_cannot_read_xlsx", where=where,
                                           kind=type(exc).__name__)) from exc
    try:
        if "scan" not in book.sheetnames:
            raise InputFileError(messages.line("scan_notes_sheet_scan_so", where=where))
        ident = {str(r[0]).strip(): r[1] for r in book["scan"].iter_rows(min_row=2, values_only=True) if r and r[0]}
        missing = [k for k in ("area", "level", "year", "fingerprint") if not ident.get(k)]
        if missing:
            raise InputFileError(messages.line("scan_notes_sheet_scan_lacks", where=where,
                                               missing=', '.join(missing)))
        sheet_name = next((SHEETS[lang]["findings"] for lang in SHEETS if SHEETS[lang]["findings"] in book.sheetnames),
                          None)
        if sheet_name is None:
            sheets = messages.line("or_").join(repr(s['findings']) for s in SHEETS.values())
            raise InputFileError(messages.line("scan_notes_sheet_give_scan", where=where,
                                               sheets=sheets))
        rows = list(book[sheet_name].iter_rows(values_only=True))
        # The meeting's own sheets (absent in a workbook of an older vmgeo: then the meeting has no record).
        extra = {key: list(book[name].iter_rows(values_only=True)) for names in SHEETS.values()
                 for key, name in names.items() if key in ("meeting", "actions", "street") and name in book.sheetnames}
    finally:
        book.close()
    return ident, sheet_name, rows, extra


def _said(rows: list[tuple[Any, ...]], layout: list[str], *, where: str) -> dict[str, dict[str, Any]]:
    """What the meeting said per finding key, from the findings sheet's rows."""
    said: dict[str, dict[str, Any]] = {}
    for number, row in enumerate(rows[1:], start=2):
        key = _text(row[1]) if len(row) > 1 else None
        if not key:
            # A row whose key was wiped would lose what the meeting said about it without a word.
            if any(_text(row[i]) for i in (3, 4, 5) if len(row) > i):
                raise DataError(messages.line("scan_notes_row_meeting_words", where=where, number=number,
                                              column=layout[1]))
            continue
        word = _text(row[3]) if len(row) > 3 else None
        recognised = None
        if word:
            recognised = _WORDS.get(word.lower().strip(" ."))
            if recognised is None:
                raise DataError(messages.line("scan_notes_row_column_one", where=where, number=number, word=word,
                                              column=layout[3], words_nl=', '.join(RECOGNISED['nl']),
                                              words_en=', '.join(RECOGNISED['en'])))
        said[key] = {"recognised": recognised, "explanation": _text(row[4]) if len(row) > 4 else None,
                     "action": _text(row[5]) if len(row) > 5 else None}
    return said


def _text(value: Any) -> str | None:
    if value is None:
        return None
    out = str(value).strip()
    # Undo the apostrophe the workbook put before text a spreadsheet would read as a formula.
    if len(out) > 1 and out[0] == "'" and out[1:].startswith(FORMULA_STARTS):
        out = out[1:]
    return out or None


def check_identity(notes: MeetingNotes, *, area: str, level: str, year: int) -> None:
    """Refuse notes written for another area, level or year.

    Raises
    ------
    DataError
        Naming what differs.
    """
    differs = [messages.line("scan_notes_differs", what=messages.line("scan_notes_what_" + what), theirs=theirs,
                             ours=ours) for what, theirs, ours in (
        ("area", notes.area, area), ("level", notes.level, level), ("year", notes.year, year)) if theirs != ours]
    if differs:
        raise DataError(messages.line("scan_notes_notes_belongs_another", notes_path=notes.path,
                                      differs='; '.join(differs), area=area, level=level, year=year))


def check_findings(notes: MeetingNotes, *, fingerprint: str, keys: list[str]) -> None:
    """Refuse notes whose findings are not this scan's (the figures changed since, or the sheet was edited).

    Raises
    ------
    DataError
        Naming the fingerprints, or the first finding this scan does not have.
    """
    if notes.fingerprint != fingerprint:
        # Say which findings differ: a missing --mapping (no eenheid) or another --compare shows in the keys.
        gone = [k for k in notes.said if k not in set(keys)]
        new = [k for k in keys if k not in notes.said]
        diff = "; ".join(part for part in (
            messages.line("scan_notes_gone", n=len(gone), first=gone[0]) if gone else "",
            messages.line("scan_notes_new", n=len(new), first=new[0]) if new else "") if part)
        raise DataError(messages.line("scan_notes_notes_was_written", notes_path=notes.path,
                                      notes_fingerprint=notes.fingerprint, fingerprint=fingerprint,
                                      diff=': ' + diff if diff else ''))
    unknown = [k for k in notes.said if k not in set(keys)]
    if unknown:
        raise DataError(messages.line("scan_notes_notes_finding_finding", notes_path=notes.path, finding=unknown[0]))
