"""Reading tables of figures per area: CSV, StatLine CSV exports and Excel.

Everything is read as text first, so that codes keep their leading zeros.
Columns of numbers written with separators are then parsed once, for the
whole file, because the notation is a property of the file: Dutch Excel
writes ``28.524`` for twenty-eight thousand and ``7,3`` for seven point
three, an English export ``28,524`` and ``7.3``. A StatLine export adds a
``;`` separator, a decimal comma and a ``.`` for a suppressed cell. A
column whose notation cannot be told (``1.234`` and nothing else) stays
text, and :func:`to_number` asks for ``--decimal`` when it is used.

A sheet may carry a title block above its header (a title, a source line,
a blank row): the header is the first row that looks like one and is
followed by rows with codes, unless ``header_row`` says where it is.
"""

from __future__ import annotations

import csv
import difflib
import io
import logging
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import messages, text
from .errors import ColumnError, DataError, InputFileError, OptionError
from .reports import Table

if TYPE_CHECKING:
    import pandas as pd

log = logging.getLogger("geo")

#: Cell contents that mean "no figure" in CBS and police exports.
MISSING_MARKERS = {"", ".", "..", "-", "x", "X", "nan", "NaN", "NA", "n.v.t."}

CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls"}

#: ``decimal`` of :func:`read_table` and :func:`to_number`: detect, Dutch (decimal comma), English (decimal point).
DECIMALS = ("auto", ",", ".")

#: How far down a title block may reach before the header.
HEADER_SEARCH_ROWS = 30

# The shapes a number cell can have, after spaces and a sign are taken off. A shape is evidence for a
# notation ("nl": decimal comma and point between thousands; "en": the other way round), or ambiguous.
_INT = re.compile(r"^\d+$")
_DOT_GROUPS = re.compile(r"^[1-9]\d{0,2}(?:\.\d{3})+$")  # 28.524: Dutch thousands, or 3 English decimals
_COMMA_GROUPS = re.compile(r"^[1-9]\d{0,2}(?:,\d{3})+$")  # 28,524: English thousands, or 3 Dutch decimals
_NL = re.compile(r"^(?:\d+|[1-9]\d{0,2}(?:\.\d{3})+)?,\d+$")  # 7,3   1.234,5   ,5
_EN = re.compile(r"^(?:\d+|[1-9]\d{0,2}(?:,\d{3})+)?\.\d+$")  # 7.3   1,234.5   .5
_EXPONENT = re.compile(r"^\d+(?:\.\d+)?[eE][+-]?\d+$")  # 1e300, 2.5E-3: written by programs, never Dutch
_CODE = re.compile(r"^(?:[A-Z]{2}[0-9A-Z]*\d[0-9A-Z]*|\d+)$")
_SPACES = str.maketrans("", "", " \u00a0\u202f")


def read_table(path: str | Path, *, sheet: str | int | None = None, decimal: str = "auto",
               header_row: int | None = None) -> Table:
    """Read a table of figures per area; codes as text, numbers parsed in the file's notation.

    Parameters
    ----------
    path
        A CSV file (any of ``,``, ``;`` or tab as separator, with or without
        a byte-order mark; UTF-8 or Windows-1252) or an Excel workbook.
    sheet
        Worksheet name or number for Excel files; the first by default.
    decimal
        ``"auto"`` (default) tells the notation of each column from its cells
        and the rest of the file: ``28.524`` in a column of whole counts, or a
        comma decimal anywhere, is Dutch. ``","`` (Dutch: ``1.234,5``) or
        ``"."`` (English: ``1,234.5``) says it; a cell written the other way
        is then an error.
    header_row
        The spreadsheet row (1-based) with the column names. By default the
        first row that looks like a header and is followed by rows with codes,
        so that a title block above the table is skipped.

    Returns
    -------
    Table
        ``frame``: cells as stripped strings, empty cells as ``None``; columns
        of numbers with thousands separators or decimals as floats (``NaN``
        for a suppressed cell); index: the spreadsheet row number minus 2, so
        that messages can name rows. ``source``: the path; ``separator``: the
        one found.

    Raises
    ------
    InputFileError
        The file is missing, a folder, of a format not read, or not readable.
    DataError
        The table has no rows, or a cell contradicts ``decimal``.
    OptionError
        ``decimal`` or ``header_row`` is not valid.
    """
    path = Path(path)
    if decimal not in DECIMALS:
        raise OptionError(messages.line("tables_decimal_decimal_r_use", decimal=decimal))
    if header_row is not None and (isinstance(header_row, bool) or not isinstance(header_row, int)
                                   or header_row < 1):
        raise OptionError(messages.line("tables_header_row_header_row", header_row=header_row))
    if not path.exists():
        raise InputFileError(messages.line("tables_path_file_found_check", path=path))
    if not path.is_file():
        raise InputFileError(messages.line("tables_path_folder_table_file", path=path))
    suffix = path.suffix.lower()
    typed: set[str] = set()
    if suffix in EXCEL_SUFFIXES:
        (df, typed), separator = _read_excel(path, sheet, header_row), None
    elif suffix in CSV_SUFFIXES or suffix == "":
        df, separator = _read_csv(path, header_row)
    else:
        raise InputFileError(
            messages.line("tables_path_cannot_read_suffix", path=path, suffix=suffix)
        )
    if df.empty:
        raise DataError(messages.line("tables_path_table_no_rows", path=path))
    df = _parse_numbers(df, decimal=decimal, source=str(path), typed=typed)
    return Table(frame=df, source=str(path), separator=separator)


def _read_csv(path: Path, header_row: int | None) -> tuple["pd.DataFrame", str]:
    import pandas as pd

    text = _read_text(path)
    separator = _sniff_separator(text, path)
    try:
        if header_row is None:
            head = list(csv.reader(io.StringIO("\n".join(text.splitlines()[:HEADER_SEARCH_ROWS + 10])),
                                   delimiter=separator))
            header_row = find_header_row(head)
        if header_row > len(text.splitlines()):
            raise OptionError(messages.line("tables_header_row_header_row2", header_row=header_row, path=path,
                                            len_text_splitlines=len(text.splitlines())))
        df = pd.read_csv(io.StringIO(text), sep=separator, dtype=str, keep_default_na=False,
                         skipinitialspace=False, skiprows=header_row - 1)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError, csv.Error) as exc:
        raise InputFileError(messages.line("tables_path_cannot_read_as", path=path, exc=exc)) from exc
    if header_row > 1:
        log.info("%s: column names taken from row %d (the rows above are a title block)", path, header_row)
    df.index = df.index + (header_row - 1)
    return _tidy(df), separator


def _excel_grid(path: Path, sheet: str | int | None) -> "pd.DataFrame":
    """The sheet's cells as stored (numbers as numbers), no header taken."""
    import pandas as pd

    try:
        return pd.read_excel(path, sheet_name=sheet if sheet is not None else 0, header=None, dtype=object)
    except (ValueError, OSError, KeyError) as exc:
        raise InputFileError(messages.line("tables_path_cannot_read_as", path=path, exc=exc)) from exc
    except Exception as exc:  # openpyxl/xlrd raise their own types for a file that is not a workbook
        if type(exc).__module__.split(".")[0] in {"openpyxl", "xlrd", "zipfile"}:
            raise InputFileError(messages.line("tables_path_cannot_read_as", path=path, exc=exc)) from exc
        raise


def _column_names(header: list[str]) -> list[str]:
    """Names as pandas gives them: ``Unnamed: i`` for an empty one, ``.1``, ``.2`` for a repeated one."""
    names: list[str] = []
    for i, value in enumerate(header):
        name = value.strip() or f"Unnamed: {i}"
        candidates = (f"{name}.{k}" if k else name for k in range(len(names) + 1))
        names.append(next(c for c in candidates if c not in names))
    return names


def _read_excel(path: Path, sheet: str | int | None, header_row: int | None) -> tuple["pd.DataFrame", set[str]]:
    """The sheet as text, and the columns with a fraction stored as a number (no notation to tell there)."""
    import pandas as pd

    grid = _excel_grid(path, sheet)
    rows = [[_excel_cell(v) for v in row] for row in grid.itertuples(index=False)]
    if not rows:
        raise DataError(messages.line("tables_path_sheet_empty", path=path))
    if header_row is None:
        header_row = find_header_row(rows[:HEADER_SEARCH_ROWS + 10])
    elif header_row > len(rows):
        raise OptionError(messages.line("tables_header_row_header_row3", header_row=header_row, path=path,
                                        len_rows=len(rows)))
    if header_row > 1:
        log.info("%s: column names taken from row %d (the rows above are a title block)", path, header_row)
    header = rows[header_row - 1]
    width = max((i + 1 for i, v in enumerate(header) if v), default=0)
    names = _column_names(header[:width])
    body = [(n, row[:width]) for n, row in enumerate(rows[header_row:], start=header_row + 1)
            if any(row[:width])]
    df = pd.DataFrame([r for _, r in body], columns=names, index=[n - 2 for n, _ in body], dtype=object)
    return _tidy(df), _stored_fractions(grid.iloc[header_row:, :width], names)


def _stored_fractions(grid: "pd.DataFrame", names: list[str]) -> set[str]:
    """Columns with a fraction stored as a number: shown with a point whatever the locale (1.234 is 1.234)."""
    def fraction(v: object) -> bool:
        return isinstance(v, float) and math.isfinite(v) and not v.is_integer()

    return {str(names[i]).strip() for i in range(grid.shape[1]) if grid.iloc[:, i].map(fraction).any()}


def _excel_cell(value: object) -> str:
    """A cell as the text a person sees: whole numbers without ``.0``, other numbers with a decimal point."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return str(value)


def _tidy(df: "pd.DataFrame") -> "pd.DataFrame":
    df.columns = [str(c).strip().lstrip("\ufeff") for c in df.columns]
    # Every cell is text here (CSV read as str, Excel cells made text), so the vectorised strip is safe.
    df = df.apply(lambda col: col.str.strip())
    return df.replace({"": None})


def find_header_row(rows: Sequence[Sequence[str | None]]) -> int:
    """The 1-based row with the column names, below any title block.

    The first row is the header when it is as wide as the table. Otherwise
    it is the first row that fills more than half the table's width with
    names, none of them a number, and is followed by a row with a code or a
    number in it: a title, a source line ("Jaar: 2023") and a blank row above
    it are skipped. The search stops at the first full row of data, and
    falls back to the first row.
    """
    filled = [[str(c).strip() for c in row if c is not None and str(c).strip()] for row in rows]
    width = max((len(f) for f in filled), default=0)
    if not filled or len(filled[0]) >= max(width, 2):
        return 1

    def has_figures(cells: list[str]) -> bool:
        return any(_CODE.match(c.upper()) or _number_kind(c) not in {None, "bad"} for c in cells)

    for i, names in enumerate(filled):
        if len(names) * 2 <= width:
            continue  # a title, a source line or a blank row
        if has_figures(names):
            if len(names) >= width:
                break  # a full row of data before anything that looks like a header
            continue
        if has_figures(next((f for f in filled[i + 1:] if f), [])):
            return i + 1
    return 1


def _read_text(path: Path) -> str:
    return path.read_bytes().decode(encoding_of(path))


def encoding_of(path: Path) -> str:
    """The encoding a CSV of police or CBS figures is in: UTF-8 (with or without BOM), else cp1252.

    Raises
    ------
    InputFileError
        The file is no text (NUL bytes, or neither encoding reads it).
    """
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    for encoding in ("utf-8", "cp1252"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return encoding
    raise InputFileError(messages.line("tables_path_text_file_give", path=path))


def _sniff_separator(text: str, path: Path) -> str:
    lines = [line for line in text.splitlines() if line.strip()][:HEADER_SEARCH_ROWS]
    if not lines:
        raise DataError(messages.line("tables_path_file_empty", path=path))
    try:
        return csv.Sniffer().sniff("\n".join(lines), delimiters=";,\t|").delimiter
    except csv.Error:
        # The separator that splits the most lines into the same number of fields (a title line has none).
        def support(sep: str) -> int:
            counts = Counter(line.count(sep) for line in lines if line.count(sep))
            return counts.most_common(1)[0][1] if counts else 0

        best = max((";", ",", "\t", "|"), key=support)
        return best if support(best) else ","


def find_column(
    df: "pd.DataFrame", name: str, *, what: str, option: str | None = None, source: str | None = None
) -> str:
    """Return the column of ``df`` called ``name``, ignoring case and spaces.

    Raises
    ------
    ColumnError
        Naming the file, the column asked for and the closest columns there are.
    """
    if name in df.columns:
        return name
    wanted = _norm(name)
    for column in df.columns:
        if _norm(column) == wanted:
            return column
    # A role this module cannot name in Dutch comes from a caller whose lines are still English (geo.incidents):
    # the whole line is English then, rather than half Dutch.
    lang = text.log_lang() if messages.has_term(what) else "en"
    source = source or messages.line_in(lang, "the_table")
    close = difflib.get_close_matches(name, [str(c) for c in df.columns], n=3, cutoff=0.5)
    hint = messages.line_in(lang, "did_you_mean", names=", ".join(repr(c) for c in close)) if close else ""
    shown = ", ".join(repr(str(c)) for c in list(df.columns)[:12])
    more = ", ..." if len(df.columns) > 12 else ""
    flag = messages.line_in(lang, "given_with", option=option) if option else ""
    raise ColumnError(messages.line_in(lang, "tables_source_no_what_column", source=source,
                                       what=messages.term(what, lang=lang), name=name, flag=flag, hint=hint,
                                       shown=shown, more=more))


def _norm(name: str) -> str:
    return re.sub(r"[\s_\-]+", "", str(name)).lower()


# --- Numbers ------------------------------------------------------------------------------------


def _number_kind(text: object) -> str | None:
    """What one cell says about the notation: None (missing), int, nl, en, dot3, comma3 (ambiguous) or bad."""
    if not isinstance(text, str) or text in MISSING_MARKERS:
        return None
    body = text.translate(_SPACES).lstrip("+-")
    if _INT.match(body):
        return "int"
    if _DOT_GROUPS.match(body):
        return "nl" if body.count(".") > 1 else "dot3"
    if _COMMA_GROUPS.match(body):
        return "en" if body.count(",") > 1 else "comma3"
    if _NL.match(body):
        return "nl"
    if _EN.match(body):
        return "en"
    if _EXPONENT.match(body):
        return "en" if "." in body else "int"
    if body.lower() in {"inf", "infinity"}:
        return "int"  # not a number anyone means, but one that later checks name as infinite
    return "bad"


def column_notation(kinds: Iterable[str | None]) -> str | None:
    """The notation a column's cells show: ``","``, ``"."``, ``"ambiguous"``, ``"mixed"``, or None.

    None: no cell with a separator (whole numbers or missing: nothing to
    decide), or a cell that is no number in either notation (a text column).
    A column is Dutch when a cell has a comma decimal (``7,3``,
    ``1.234,5``), two point groups (``1.234.567``), or a point followed by
    exactly three digits in a column of whole counts (``28.524`` beside
    ``812``); English the other way round, where ``28,524`` beside ``812``
    stays ambiguous (a Dutch rate with three decimals is common enough).
    """
    seen = Counter(k for k in kinds if k is not None)
    if not seen or seen["bad"]:
        return None
    if seen["nl"] and seen["en"]:
        return "mixed"
    if seen["nl"]:
        return ","
    if seen["en"]:
        return "."
    if seen["dot3"] and seen["comma3"]:
        return "ambiguous"
    if seen["dot3"]:
        return "," if seen["int"] else "ambiguous"
    if seen["comma3"]:
        return "ambiguous"
    return None


def _contradicts(kind: str | None, decimal: str) -> bool:
    return kind == ("en" if decimal == "," else "nl")


def _convert(texts: "pd.Series", decimal: str) -> "pd.Series":
    import pandas as pd

    clean = texts.astype("string").str.translate(_SPACES)
    if decimal == ",":
        clean = clean.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    else:
        clean = clean.str.replace(",", "", regex=False)
    return pd.to_numeric(clean, errors="coerce").astype(float)


def _kinds_of(column: "pd.Series") -> set[str] | None:
    """The kinds of number a text column holds (each distinct cell once), or None for a column of text."""
    seen: set[str] = set()
    for value in column.dropna().unique():
        kind = _number_kind(value)
        if kind == "bad":
            return None  # one cell that is no number makes it text: stop reading
        if kind is not None:
            seen.add(kind)
    return seen


def _parse_numbers(df: "pd.DataFrame", *, decimal: str, source: str, typed: set[str]) -> "pd.DataFrame":
    """Columns with separators as floats, in the notation of ``decimal`` or of the file.

    ``typed``: Excel columns with fractions stored as numbers, which are written with a point.
    """
    found: dict[str, str | None] = {}
    for column in df.columns:
        kinds = _kinds_of(df[column])
        if kinds and column in typed:
            kinds = {"en" if k == "dot3" else k for k in kinds}  # stored numbers are not the user's notation
        found[column] = column_notation(kinds or ())
    chosen = _choose(found, decimal=decimal, typed=typed)
    if decimal != "auto":
        for c, n in found.items():
            if chosen[c] == decimal and n in ("mixed", ".", ","):
                _check_against(df[c], decimal, column=c, source=source)
    out = df.copy()
    for column, notation in chosen.items():
        if notation in (",", "."):
            out[column] = _convert(df[column].where(~df[column].isin(MISSING_MARKERS)), notation)
            log.debug("%s: column %r read with decimal %r", source, column, notation)
    return out


def _choose(found: dict[str, str | None], *, decimal: str, typed: set[str]) -> dict[str, str | None]:
    """The notation to read each column in: ``decimal`` when given, else the column's own or the file's."""
    if decimal != "auto":
        return {c: n if n is None or (c in typed and n == ".") else decimal for c, n in found.items()}
    decided = {n for c, n in found.items() if n in DECIMALS and c not in typed}
    # Dutch Excel writes every column the same way: a column that cannot tell takes the file's notation.
    file_notation = decided.pop() if len(decided) == 1 else None
    return {c: file_notation if n == "ambiguous" and file_notation else n for c, n in found.items()}


def _check_against(values: "pd.Series", decimal: str, *, column: str, source: str) -> None:
    """Raise for the first cell of ``values`` written in the other notation than ``decimal``."""
    wrong = values.map(lambda v: _contradicts(_number_kind(v), decimal)).to_numpy(dtype=bool)
    if wrong.any():
        row = values.index[wrong][0]
        written = messages.line("notation_nl" if decimal == "." else "notation_en")
        raise DataError(messages.line("tables_source_row_int_row", source=source, int_row_2=int(row) + 2,
                                      column=column, values_at_row=values.at[row], written=written, decimal=decimal))


def _cells(series: "pd.Series") -> tuple["pd.Series", "pd.Series", "pd.Series", list[str | None]]:
    """Which cells are numbers already, the stripped text of the others, the kind of each, and the kinds seen.

    Each distinct text is stripped and classified once (a column of counts
    holds a few hundred distinct values among 100,000s of cells); a column
    that is not all text (numbers among the cells, where ``1`` and ``True``
    would share a hash) takes the cell-by-cell path.
    """
    import numpy as np
    import pandas as pd

    if len(series) and pd.api.types.infer_dtype(series, skipna=True) == "string":
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
        stripped = [value.strip() for value in uniques.tolist()]
        seen = [_number_kind(value) for value in stripped]
        present = codes >= 0
        text_values = np.full(len(series), None, dtype=object)
        text_values[present] = np.asarray(stripped, dtype=object)[codes[present]]
        kind_values = np.full(len(series), None, dtype=object)
        kind_values[present] = np.asarray(seen, dtype=object)[codes[present]]
        # A missing cell reads as NaN whichever way it is taken: as no text, not as a number.
        is_number = pd.Series(np.zeros(len(series), dtype=bool), index=series.index)
        text = pd.Series(text_values, index=series.index, dtype=object)
        kinds = pd.Series(kind_values, index=series.index, dtype=object)
        return is_number, text, kinds, seen
    is_number = series.map(lambda v: isinstance(v, (int, float)) and not isinstance(v, bool))
    text = series.where(~is_number).map(lambda v: v.strip() if isinstance(v, str) else None)
    kinds = text.map(_number_kind)
    return is_number, text, kinds, kinds.tolist()


def to_number(series: "pd.Series", *, column: str, source: str, decimal: str = "auto") -> "pd.Series":
    """Parse a column into floats, Dutch and English notation alike.

    Numbers stay numbers (as :func:`read_table` gives columns it could
    parse). Text is read in ``decimal``, or in the notation its cells show
    (see :func:`column_notation`); suppressed cells (``.``, empty, ``x``)
    become NaN.

    Raises
    ------
    DataError
        Naming the file, column, row number (as in a spreadsheet, header is
        row 1) and the first values that are not numbers; or, for a column
        whose notation cannot be told (``1.234`` alone), asking for
        ``--decimal``; or for a column written in both notations.
    """
    import numpy as np
    import pandas as pd

    if decimal not in DECIMALS:
        raise OptionError(messages.line("tables_decimal_decimal_r_use", decimal=decimal))
    if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        return series.astype(float)
    is_number, text, kinds, seen = _cells(series)

    def row_of(position: int) -> str:
        label = series.index[position]
        if isinstance(label, str):  # indexed by area code (joined to boundaries): the file's row is gone
            return messages.line("area_n", code=label)
        row = int(label) + 2 if isinstance(label, (int, np.integer)) else position + 2
        return messages.line("row_n", row=row)

    bad = (kinds == "bad").to_numpy()
    if bad.any():
        rows = np.flatnonzero(bad)
        examples = ", ".join(f"{row_of(r)}: {series.iloc[r]!r}" for r in rows[:3])
        raise DataError(
            messages.line("tables_source_column_column_r", source=source, column=column, len_rows=len(rows),
                          examples=examples)
        )
    notation = column_notation(seen) if decimal == "auto" else decimal
    if notation == "mixed":
        nl = np.flatnonzero((kinds == "nl").to_numpy())[0]
        en = np.flatnonzero((kinds == "en").to_numpy())[0]
        raise DataError(messages.line("tables_source_column_column_r2", source=source, column=column,
                                      row_of_nl=row_of(nl), series_iloc_nl=series.iloc[nl], row_of_en=row_of(en),
                                      series_iloc_en=series.iloc[en]))
    if notation == "ambiguous":
        first = np.flatnonzero(kinds.isin(["dot3", "comma3"]).to_numpy())[0]
        raise DataError(messages.line("tables_source_column_column_r3", source=source, column=column,
                                      row_of_first=row_of(first), series_iloc_first=series.iloc[first]))
    if notation in (",", ".") and decimal != "auto":
        wrong = (kinds == ("en" if decimal == "," else "nl")).to_numpy()  # _contradicts, for the whole column
        if wrong.any():
            r = int(np.flatnonzero(wrong)[0])
            raise DataError(messages.line("tables_source_row_r_column", source=source, row_of_r=row_of(r),
                                          column=column, series_iloc_r=series.iloc[r], decimal=decimal))
    numbers = _convert(text, notation if notation in (",", ".") else ".")
    numbers[is_number.to_numpy()] = series[is_number].astype(float)
    return pd.Series(numbers.to_numpy(dtype=float), index=series.index, name=series.name)
