"""Reading tables of figures per area: CSV, StatLine CSV exports and Excel.

Everything is read as text first, so that codes keep their leading zeros,
and then numbers are parsed per column with the Dutch conventions of a
StatLine export in mind (``;`` separator, decimal comma, a right-aligned
``.`` for a suppressed cell).
"""

from __future__ import annotations

import csv
import difflib
import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ColumnError, DataError, InputFileError
from .reports import Table

if TYPE_CHECKING:
    import pandas as pd

log = logging.getLogger("geo")

#: Cell contents that mean "no figure" in CBS and police exports.
MISSING_MARKERS = {"", ".", "..", "-", "x", "X", "nan", "NaN", "NA", "n.v.t."}

CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls"}


def read_table(path: str | Path, *, sheet: str | int | None = None) -> Table:
    """Read a table of figures per area, every cell as text.

    Parameters
    ----------
    path
        A CSV file (any of ``,``, ``;`` or tab as separator, with or without
        a byte-order mark) or an Excel workbook.
    sheet
        Worksheet name or number for Excel files; the first by default.

    Returns
    -------
    Table
        ``frame``: cells as stripped strings, empty cells as ``None``;
        ``source``: the path, for messages; ``separator``: the one found.
    """
    import pandas as pd

    path = Path(path)
    if not path.exists():
        raise InputFileError(f"{path}: file not found; check the path given to --data")
    if not path.is_file():
        raise InputFileError(f"{path}: is a folder, not a table file")
    suffix = path.suffix.lower()
    try:
        if suffix in EXCEL_SUFFIXES:
            df = pd.read_excel(path, sheet_name=sheet if sheet is not None else 0, dtype=str)
            separator = None
        elif suffix in CSV_SUFFIXES or suffix == "":
            text = _read_text(path)
            separator = _sniff_separator(text, path)
            df = pd.read_csv(
                path,
                sep=separator,
                dtype=str,
                keep_default_na=False,
                encoding="utf-8-sig" if text.startswith("\ufeff") else _encoding(path),
                skipinitialspace=False,
            )
        else:
            raise InputFileError(
                f"{path}: cannot read '{suffix}' files as a table; give a CSV (.csv) or Excel (.xlsx) file"
            )
    except InputFileError:
        raise
    except (UnicodeDecodeError, pd.errors.ParserError, ValueError, OSError) as exc:
        raise InputFileError(f"{path}: cannot be read as a table ({exc}); save it as CSV or .xlsx") from exc
    if df.empty:
        raise DataError(f"{path}: the table has no rows")
    df.columns = [str(c).strip().lstrip("\ufeff") for c in df.columns]
    df = df.apply(lambda col: col.map(lambda v: v.strip() if isinstance(v, str) else v))
    df = df.replace({"": None})
    return Table(frame=df, source=str(path), separator=separator)


def _encoding(path: Path) -> str:
    raw = path.read_bytes()[:65536]
    try:
        raw.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        # Excel on Windows saves CSV as cp1252 by default.
        return "cp1252"


def _read_text(path: Path) -> str:
    raw = path.read_bytes()[:65536]
    for encoding in ("utf-8", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputFileError(f"{path}: is not a text file; give a CSV (.csv) or Excel (.xlsx) file")


def _sniff_separator(text: str, path: Path) -> str:
    lines = [line for line in text.splitlines() if line.strip()][:20]
    if not lines:
        raise DataError(f"{path}: the file is empty")
    try:
        return csv.Sniffer().sniff("\n".join(lines), delimiters=";,\t|").delimiter
    except csv.Error:
        header = lines[0]
        counts = {sep: header.count(sep) for sep in (";", ",", "\t", "|")}
        best = max(counts, key=counts.get)  # type: ignore[arg-type]
        return best if counts[best] else ","


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
    source = source or "the table"
    close = difflib.get_close_matches(name, [str(c) for c in df.columns], n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    shown = ", ".join(repr(str(c)) for c in list(df.columns)[:12])
    more = ", ..." if len(df.columns) > 12 else ""
    flag = f" (given with {option})" if option else ""
    raise ColumnError(f"{source}: no {what} column {name!r}{flag}{hint} Columns are: {shown}{more}")


def _norm(name: str) -> str:
    return re.sub(r"[\s_\-]+", "", str(name)).lower()


def to_number(series: "pd.Series", *, column: str, source: str) -> "pd.Series":
    """Parse a text column into floats, Dutch and English notation alike.

    Suppressed cells (``.``, empty, ``x``) become NaN. The column decides the
    notation: a comma is the decimal mark when some value has one and no value
    has only a point, so ``1.234,5`` is 1234.5 and ``1,234.5`` is 1234.5 too.

    Raises
    ------
    DataError
        Naming the file, column, row number (as in a spreadsheet, header is
        row 1) and the first values that are not numbers.
    """
    import numpy as np
    import pandas as pd

    text = series.astype("string").str.strip()
    text = text.where(~text.isin(MISSING_MARKERS), other=pd.NA)
    text = text.str.replace("\u00a0", "", regex=False).str.replace(" ", "", regex=False)
    has_comma = text.str.contains(",", regex=False).fillna(False)
    has_point = text.str.contains(".", regex=False).fillna(False)
    decimal_comma = bool(has_comma.any()) and not bool((has_point & ~has_comma).any())
    if decimal_comma:
        text = text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    else:
        text = text.str.replace(",", "", regex=False)
    numbers = pd.to_numeric(text, errors="coerce")
    bad = numbers.isna() & text.notna()
    if bad.any():
        rows = np.flatnonzero(bad.to_numpy())
        examples = ", ".join(
            f"row {r + 2}: {series.iloc[r]!r}" for r in rows[:3]
        )
        raise DataError(
            f"{source}: column {column!r} is not numeric ({len(rows)} value(s) that are not numbers, "
            f"{examples}); fix those cells or choose another column"
        )
    return numbers.astype(float)
