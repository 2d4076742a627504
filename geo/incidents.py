"""Police exports of incidents: one row (or point) per registered incident.

What a police analyst holds is an export from BVH/BVI: one row per incident
with RD New coordinates, a date and a crime type, ``;``-separated, cp1252,
Dutch headers (``X-coördinaat;Y-coördinaat;Pleegdatum;Maatschappelijke klasse``).
:func:`read_incidents` reads such a file (CSV, XLSX, GeoPackage/GeoJSON
points, Parquet) into :class:`Incidents`; :func:`incident_files` names one or
more (partitioned) files to be counted chunk by chunk without holding the
points (:mod:`geo.grid`).

Rows that cannot be used are never dropped silently: each is counted under
its reason (``no_coordinates``, ``outside_netherlands``, ``bad_date``) and
named by its row number (in CSV and Excel as in a spreadsheet, the header
being row 1; in GeoPackage, GeoJSON and Parquet the first record is 1). A
file of which more than half cannot be used is refused with one line naming
the file and the commonest reason.

The coordinates of incidents are the one thing that must never reach an
output: :class:`Incidents` does not show them in its ``repr``, and the
aggregations (:mod:`geo.grid`, :mod:`geo.density`) return counts only.

:func:`synthetic_export` writes a synthetic export (for the demo, the tests
and the benchmarks): incidents around Dutch town centres with four planted
micro hot spots, one of them at Stratumseind in Eindhoven.
"""

from __future__ import annotations

import base64
import datetime as _dt
import functools
import glob
import json
import logging
import re
import unicodedata
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from . import _dask, messages, periods, text
from . import tables as _tables
from ._files import atomic_path
from .errors import ColumnError, DataError, InputFileError, OptionError, few
from .settings import ANALYSIS_CRS, DEFAULT_SEED
from .text import Say

if TYPE_CHECKING:
    import pandas as pd
    from numpy.typing import NDArray

log = logging.getLogger("geo")

#: Where RD New coordinates of the Netherlands lie, in metres, half-open: CBS's vierkantstatistieken
#: give the E coordinate as 0 to 300 km and the N coordinate as 300 to 630 km. Only the frame of
#: :data:`NATIONAL_MASK`: the box also holds Aachen, Antwerp, Emden and much of the North Sea.
RD_EXTENT = (0.0, 300_000.0, 300_000.0, 630_000.0)  # xmin, xmax, ymin, ymax
#: "In the Netherlands": one bit per 1 km CBS square of :data:`RD_EXTENT`, set when the square lies
#: within 1 km of Dutch land, of the waters Dutch land encloses (IJsselmeer, Markermeer, ...) or of
#: the Waddenzee, the Eems-Dollard's Dutch side and the Zeeland delta (the generalised gemeenten
#: leave those waters out, and an incident on a boat or a quay there is Dutch). Derived once from
#: the CBS/PDOK gemeenten of 2023 by docs/make_nl_mask.py, which the file's provenance names.
NATIONAL_MASK = Path(__file__).with_name("data") / "nl_mask_1km.json"
#: The side of a square of :data:`NATIONAL_MASK`, metres.
MASK_CELL = 1_000
#: Why a row cannot be used, in the order they are checked.
REASONS = ("no_coordinates", "outside_netherlands", "bad_date")
#: A file of which more than this share of rows cannot be used is refused.
REFUSE_SHARE = 0.5
#: Rows per chunk when a CSV or Parquet file is read piecewise.
CHUNK_ROWS = 1_000_000
#: Bytes of a row of an export, about (a BVH export's row of number, x, y, date and type is 50 to 60).
BYTES_PER_ROW = 50

TABLE_SUFFIXES = _tables.CSV_SUFFIXES | {".xlsx", ".xlsm"}
VECTOR_SUFFIXES = {".gpkg", ".geojson", ".json", ".shp", ".fgb"}
PARQUET_SUFFIXES = {".parquet", ".pq"}

#: Date formats of police exports, tried in this order (day first: Dutch exports never put the month first).
DATE_FORMATS = ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%Y/%m/%d", "%Y%m%d")
#: Excel's day numbers (1900 system, day 0 = 1899-12-30) of 1990-01-01 and 2099-12-31: a date column holding only
#: numbers in this range is read as such (an export saved without date formatting: 44609 is 17 February 2022).
EXCEL_DAYS = (32_874, 73_050)


#: Row numbers of left-out rows that ``summary.json`` lists per reason (the count is always complete).
REPORTED_ROWS = 50


@dataclass(frozen=True, repr=False)
class Incidents:
    """Incidents read from one export, in RD New metres.

    ``x``, ``y`` (float), ``dates`` (``datetime64[s]``, or ``None`` without
    a date column), ``types`` (text, or ``None``) and ``rows`` (the row
    number of each incident in the file) are parallel arrays. ``dropped``
    maps each reason in :data:`REASONS` to the row numbers left out for it;
    ``filtered`` counts the rows left out on purpose by ``types`` and
    ``period``. ``read`` is the number of rows in the file.
    """

    source: str
    x: "NDArray[np.float64]"
    y: "NDArray[np.float64]"
    dates: "NDArray[np.datetime64] | None"
    types: "NDArray[np.object_] | None"
    rows: "NDArray[np.int64]"
    read: int
    dropped: dict[str, "NDArray[np.int64]"] = field(default_factory=dict)
    filtered: dict[str, int] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.x)

    def __repr__(self) -> str:  # never the coordinates
        return (f"Incidents({self.source!r}: {len(self):,} of {self.read:,} rows used; dropped {self.dropped_counts}, "
                f"filtered {self.filtered})")

    @property
    def dropped_counts(self) -> dict[str, int]:
        """Rows left out per reason."""
        return {reason: len(self.dropped.get(reason, ())) for reason in REASONS}

    def report(self) -> dict[str, Any]:
        """What was read, for ``summary.json``: counts and reasons with the first row numbers, never a coordinate."""
        return {"source": self.source, "read": self.read, "used": len(self), "dropped": self.dropped_counts,
                "dropped_rows": {reason: [int(r) for r in rows[:REPORTED_ROWS]]
                                 for reason, rows in self.dropped.items() if len(rows)},
                "filtered": dict(self.filtered)}


@dataclass(frozen=True)
class ReadOptions:
    """How to read an export: the columns, the CRS of the coordinates and the filters.

    Built by :func:`read_incidents` and :func:`incident_files`; picklable, so a
    Dask worker reads a partition exactly as the main process would.
    """

    x: str | None = None
    y: str | None = None
    date: str | None = None
    type: str | None = None
    crs: str = ANALYSIS_CRS
    types: tuple[str, ...] | None = None
    period: tuple[str, ...] | tuple[_dt.date, _dt.date] | None = None
    chunk_rows: int = CHUNK_ROWS
    #: Places (``x + 1j * y`` in RD New) whose incidents are left out as they are read: the locational outliers
    #: of ``--scale auto`` (:meth:`geo.scale.ScaleChoice.kept_files`), counted in ``filtered["outlier"]``.
    exclude: tuple[complex, ...] | None = None
    #: How many files the export is in (:func:`incident_files`): a quiet month's partition may hold no rows.
    partitions: int = 1


@dataclass(frozen=True)
class IncidentFiles:
    """One or more export files (partitions of one export) to be counted piecewise (:mod:`geo.grid`)."""

    paths: tuple[Path, ...]
    options: ReadOptions

    def estimated_rows(self) -> int:
        """About how many rows the files hold: Parquet's own count, else the size over :data:`BYTES_PER_ROW`.

        A hint for sizing work (a point-in-polygon grid), never a count that is reported.
        """
        total = 0
        for path in self.paths:
            if path.suffix.lower() in PARQUET_SUFFIXES:
                try:
                    import pyarrow.parquet as pq

                    total += int(pq.ParquetFile(path).metadata.num_rows)
                    continue
                except (ImportError, OSError, ValueError):
                    pass  # the reading says what is wrong with it; here a guess from the size does
            total += path.stat().st_size // BYTES_PER_ROW
        return total


@dataclass(frozen=True, repr=False)
class Coordinates:
    """Only the places of the incidents of files (RD New, in file order), for ``--scale auto``'s nearest neighbours.

    The incidents that would be counted (after the checks and filters), without dates, types or row numbers.
    """

    x: "NDArray[np.float64]"
    y: "NDArray[np.float64]"
    read: int = 0

    def __len__(self) -> int:
        return len(self.x)

    def __repr__(self) -> str:  # never the coordinates
        return f"Coordinates({len(self):,} of {self.read:,} rows)"


@dataclass
class Chunk:
    """The usable incidents of one piece of a file, and the rows left out of it."""

    x: "NDArray[np.float64]"
    y: "NDArray[np.float64]"
    dates: "NDArray[np.datetime64] | None"
    types: "NDArray[np.object_] | None"
    rows: "NDArray[np.int64]"
    dropped: dict[str, "NDArray[np.int64]"]
    filtered: dict[str, int]
    read: int


@dataclass
class _Raw:
    """A piece of a file as read: text (or numbers) per column, and the row number of its first row."""

    x: "pd.Series | NDArray[np.float64] | None"
    y: "pd.Series | NDArray[np.float64] | None"
    date: "pd.Series | None"
    type: "pd.Series | None"
    first_row: int
    n: int
    projected: bool = False  # x/y already in RD New (vector files)


@dataclass
class _FileState:
    """What carries over from one chunk of a file to the next."""

    path: Path
    date_format: str | None = None
    types_seen: set[str] = field(default_factory=set)


def read_incidents(
    path: str | Path,
    *,
    x: str | None = None,
    y: str | None = None,
    date: str | None = None,
    type: str | None = None,
    crs: str = ANALYSIS_CRS,
    types: Iterable[str] | None = None,
    period: str | tuple[Any, Any] | None = None,
) -> Incidents:
    """Read a police export of incidents.

    Parameters
    ----------
    path
        CSV (``;``, ``,``, tab or ``|``; UTF-8 or cp1252), Excel (.xlsx),
        points in a GeoPackage, GeoJSON or shapefile, or Parquet (needs
        pyarrow).
    x, y
        Columns of the coordinates (required except for point files, whose
        geometry is used). Case, spaces and accents do not matter
        (``X-coordinaat`` finds ``X-coördinaat``). Dutch decimal commas are read.
    date
        Column of the date of the incident (``Pleegdatum``); day first
        (``31-12-2023``), ISO (``2023-12-31``) and Excel dates are read.
    type
        Column of the crime type (``Maatschappelijke klasse``).
    crs
        CRS of ``x`` and ``y``: RD New by default; ``EPSG:4326`` for
        longitude (``x``) and latitude (``y``). Point files carry their own.
    types
        Keep only incidents of these types (case does not matter).
    period
        Keep only incidents in this period: as ``--period`` is written
        (``2023``, ``2021:2023``, ``2023MM01:2023MM06``), or a pair of dates
        (first and last day, inclusive).

    Returns
    -------
    Incidents

    Raises
    ------
    InputFileError
        The file is missing or of a format that cannot be read.
    ColumnError
        A named column does not exist (naming the columns there are).
    DataError
        More than half of the rows cannot be used (naming the commonest
        reason and its first rows), or no incident is left.
    OptionError
        ``types`` names no type in the file, or ``period`` is not a period.
    """
    options = make_options(x=x, y=y, date=date, type=type, crs=crs, types=types, period=period)
    path = _existing(path)
    state = _FileState(path)
    chunks = [clean_chunk(raw, options, state) for raw in raw_chunks(path, options)]
    incidents = _combine(chunks, path, options)
    check_file(path, incidents.read, incidents.dropped, options, state)
    if not len(incidents):
        raise DataError(messages.line("incidents_incident_left_after", path=path,
                                      filtered=_filter_text(incidents.filtered)))
    return incidents


def incident_files(
    paths: str | Path | Sequence[str | Path],
    *,
    x: str | None = None,
    y: str | None = None,
    date: str | None = None,
    type: str | None = None,
    crs: str = ANALYSIS_CRS,
    types: Iterable[str] | None = None,
    period: str | tuple[Any, Any] | None = None,
    chunk_rows: int = CHUNK_ROWS,
) -> IncidentFiles:
    """Name the files of one export (a file, a folder of partitions, a glob, or a list) for piecewise counting.

    The options are those of :func:`read_incidents`; ``chunk_rows`` rows of
    a CSV or Parquet file are held at a time. Files are taken in sorted
    order, so the same files give the same result wherever they are read.
    """
    options = make_options(x=x, y=y, date=date, type=type, crs=crs, types=types, period=period,
                           chunk_rows=chunk_rows)
    found: list[Path] = []
    items = [paths] if isinstance(paths, (str, Path)) else list(paths)
    for item in items:
        item = Path(item)
        if item.is_dir():
            found += sorted(p for p in item.iterdir() if p.is_file() and p.suffix.lower() in
                            TABLE_SUFFIXES | PARQUET_SUFFIXES | VECTOR_SUFFIXES and not p.name.startswith("."))
        elif any(ch in str(item) for ch in "*?["):
            found += sorted(Path(p) for p in glob.glob(str(item)))
        else:
            found.append(_existing(item))
    if not found:
        raise InputFileError(messages.line("incidents_incident_files_found",
                                           places=', '.join(str(i) for i in items)))
    # One file without rows among many is a quiet month, said and counted as nothing; all of them empty is refused.
    # Absolute: a Dask worker reads them from its own working folder (a relative path was "FileNotFoundError").
    return IncidentFiles(paths=tuple(p.absolute() for p in found), options=replace(options, partitions=len(found)))


def read_coordinates(files: IncidentFiles, *, scheduler: Any = None) -> Coordinates:
    """The coordinates of the incidents of ``files`` that would be counted, file by file (on a cluster).

    Only the coordinates are kept (and read, with the date and type columns
    only where a check or a filter needs them), so 10 million incidents hold
    160 MB. A file is read as :func:`geo.grid.count_files` reads it (the same
    pieces, checks and filters), so these are the same incidents in the same
    order. What a file says about its rows is said once, when it is counted.

    Parameters
    ----------
    files
        Files of one export (:func:`incident_files`).
    scheduler
        A Dask scheduler's address or a ``dask.distributed.Client``: each file
        is then read by a worker, and the coordinates gathered in file order.

    Returns
    -------
    Coordinates
    """
    from dataclasses import replace

    # The type column changes no row's fate unless --types filters on it; the date column does (bad dates).
    options = files.options if files.options.types is not None else replace(files.options, type=None)
    if scheduler is None:
        parts = [_file_coordinates(path, options) for path in files.paths]
    else:
        parts = _coordinates_on_dask(files.paths, options, scheduler)
    check_rows(files, sum(p[2] for p in parts))
    return Coordinates(x=np.concatenate([p[0] for p in parts]), y=np.concatenate([p[1] for p in parts]),
                       read=sum(p[2] for p in parts))


def check_rows(files: IncidentFiles, read: int) -> None:
    """Refuse files that hold no row at all (each empty one alone was only a warning: :func:`check_file`)."""
    if read == 0:
        raise DataError(messages.line("incidents_files_no_rows", n=len(files.paths),
                                      places=few([str(p) for p in files.paths], 3)))


class _Quiet(logging.Filter):
    """Holds back what this thread logs while a file is read for its coordinates (its counting says it)."""

    def __init__(self) -> None:
        super().__init__()
        import threading

        self.thread = threading.get_ident()

    def filter(self, record: logging.LogRecord) -> bool:
        return record.thread != self.thread


def _file_coordinates(path: Path, options: ReadOptions) -> tuple["NDArray[np.float64]", "NDArray[np.float64]", int]:
    """One file's usable coordinates and its number of rows; refused (as when counted) when mostly bad."""
    from dataclasses import replace

    quiet = _Quiet()
    log.addFilter(quiet)
    try:
        state = _FileState(path)
        xs, ys, read = [], [], 0
        dropped: dict[str, list[NDArray[np.int64]]] = {r: [] for r in REASONS}
        for raw in raw_chunks(path, options):
            chunk = clean_chunk(raw, options, state)
            xs.append(chunk.x)
            ys.append(chunk.y)
            read += chunk.read
            for reason in REASONS:
                dropped[reason].append(chunk.dropped[reason])
        rows = {r: np.concatenate(v) if v else np.zeros(0, np.int64) for r, v in dropped.items()}
        check_file(path, read, rows, replace(options, types=None), state)
    finally:
        log.removeFilter(quiet)
    empty = np.zeros(0, dtype=float)
    return (np.concatenate(xs) if xs else empty), (np.concatenate(ys) if ys else empty), read


def _coordinates_on_dask(paths: Sequence[Path], options: ReadOptions, scheduler: Any
                         ) -> list[tuple["NDArray[np.float64]", "NDArray[np.float64]", int]]:
    """:func:`_file_coordinates` of every file on a Dask cluster, gathered in file order."""
    with _dask.client(scheduler) as client:
        # gather keeps the order of the files, and re-raises a worker's VmgeoError as it was.
        return list(client.gather(client.map(_file_coordinates, list(paths), options=options, pure=False)))


def make_options(*, x: str | None = None, y: str | None = None, date: str | None = None, type: str | None = None,
                 crs: str = ANALYSIS_CRS, types: Iterable[str] | None = None,
                 period: str | tuple[Any, Any] | None = None,
                 chunk_rows: int = CHUNK_ROWS) -> ReadOptions:
    """Check the options of :func:`read_incidents` before any file is opened."""
    from pyproj import CRS
    from pyproj.exceptions import CRSError as ProjCRSError

    try:
        CRS.from_user_input(crs)
    except ProjCRSError:
        raise OptionError(messages.line("incidents_crs_coordinate_reference", crs=crs)) from None
    wanted = None
    if types is not None:
        wanted = tuple(str(t).strip() for t in ([types] if isinstance(types, str) else types) if str(t).strip())
        if not wanted:
            raise OptionError(messages.line("incidents_type_names_type"))
    spec: tuple[str, ...] | tuple[_dt.date, _dt.date] | None = None
    if period is not None:
        if date is None:
            raise OptionError(messages.line("incidents_period_needs_column"))
        if isinstance(period, str):
            spec = tuple(periods.expand(period))
        else:
            first, last = (_as_date(p) for p in period)
            if last < first:
                raise OptionError(messages.line("incidents_period_runs_backwards", first=first, last=last))
            spec = (first, last)
    if chunk_rows < 1:
        raise OptionError(messages.line("incidents_chunk_rows_must", chunk_rows=chunk_rows))
    return ReadOptions(x=x, y=y, date=date, type=type, crs=str(crs), types=wanted, period=spec, chunk_rows=chunk_rows)


def _as_date(value: Any) -> _dt.date:
    import pandas as pd

    try:
        return pd.Timestamp(value).date()
    except (ValueError, TypeError):
        raise OptionError(messages.line("incidents_period_date_write", value=value)) from None


def _existing(path: str | Path) -> Path:
    path = Path(path)
    if not path.exists():
        raise InputFileError(messages.line("incidents_file_found_check", path=path))
    if path.is_dir():
        raise InputFileError(messages.line("incidents_folder_give_one", path=path))
    return path


# --- Reading: every format becomes pieces of text columns with row numbers.


def raw_chunks(path: Path, options: ReadOptions) -> Iterator[_Raw]:
    """The pieces of ``path`` as read, before any check."""
    suffix = path.suffix.lower()
    if suffix in _tables.CSV_SUFFIXES or suffix == "":
        yield from _csv_chunks(path, options)
    elif suffix in _tables.EXCEL_SUFFIXES:
        yield _excel(path, options)
    elif suffix in PARQUET_SUFFIXES:
        yield from _parquet_chunks(path, options)
    elif suffix in VECTOR_SUFFIXES:
        yield _vector(path, options)
    else:
        raise InputFileError(messages.line("incidents_cannot_read_files", path=path, suffix=suffix))


def _fold(name: str) -> str:
    plain = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode()
    return re.sub(r"[\s_\-.]+", "", plain).lower()


def _column(columns: Sequence[str], name: str | None, *, what: str, option: str, source: Path) -> str | None:
    """The column called ``name`` (case, spaces and accents ignored), or a ColumnError naming those there are."""
    import pandas as pd

    if name is None:
        return None
    matches = [c for c in columns if _fold(c) == _fold(name)]
    if len(matches) == 1:
        return matches[0]
    return _tables.find_column(pd.DataFrame(columns=list(columns)), name, what=what, option=option,
                               source=str(source))


def _columns(columns: Sequence[str], options: ReadOptions, path: Path, *, need_xy: bool = True
             ) -> dict[str, str | None]:
    if need_xy and (options.x is None or options.y is None):
        raise OptionError(messages.line("incidents_give_columns_coordinates", path=path,
                                        columns=', '.join(repr(str(c)) for c in list(columns)[:12])))
    return {
        "x": _column(columns, options.x, what="x coordinate", option="--x", source=path) if need_xy else None,
        "y": _column(columns, options.y, what="y coordinate", option="--y", source=path) if need_xy else None,
        "date": _column(columns, options.date, what="date", option="--date", source=path),
        "type": _column(columns, options.type, what="crime type", option="--type", source=path),
    }


def _csv_chunks(path: Path, options: ReadOptions) -> Iterator[_Raw]:
    import pandas as pd

    encoding = text_encoding(path)
    head = _head_text(path, encoding)
    separator = _tables._sniff_separator(head, path)
    # More fields than the header, unquoted: pandas takes the extra leading fields as an index and shifts every
    # column (a trial's decimal commas in a comma-separated file were read as x = 5), or fails with its own text.
    _check_fields(head, separator, path)
    common = {"sep": separator, "encoding": encoding, "keep_default_na": False, "skip_blank_lines": False}
    try:
        raw_header = list(pd.read_csv(path, nrows=0, dtype=str, **common).columns)
        header = [str(c).strip().lstrip("\ufeff") for c in raw_header]
        names = _columns(header, options, path)
        wanted = {k: v for k, v in names.items() if v is not None}
        positions = {k: header.index(v) for k, v in wanted.items()}
        usecols = sorted(set(positions.values()))
        xy = [raw_header[positions["x"]], raw_header[positions["y"]]]
        decimal = _sniff_decimal(pd.read_csv(path, usecols=usecols, nrows=2000, dtype=str, **common), xy)
        first = 2  # rows are numbered as in a spreadsheet: the header is row 1
        if decimal is not None:
            # Plain numbers (one decimal mark throughout): pandas' C parser reads them; the first value it cannot
            # read (text, a thousands point) sends the rest of the file down the general path below.
            fast = pd.read_csv(path, usecols=usecols, chunksize=options.chunk_rows, decimal=decimal,
                               dtype={c: (float if c in xy else str) for c in (raw_header[u] for u in usecols)},
                               na_values=dict.fromkeys(xy, sorted(_tables.MISSING_MARKERS)), **common)
            try:
                for frame in fast:
                    yield _raw_frame(frame, wanted, first)
                    first += len(frame)
                return
            except ValueError:
                log.debug("%s: coordinates from row %d on are read as text", path, first)
        skip = range(1, first - 1)  # the data rows already read
        reader = pd.read_csv(path, usecols=usecols, chunksize=options.chunk_rows, dtype=str, skiprows=skip, **common)
        for frame in reader:
            yield _raw_frame(frame, wanted, first)
            first += len(frame)
    except (ColumnError, OptionError):
        raise
    except (UnicodeDecodeError, pd.errors.ParserError, ValueError, OSError) as exc:
        raise InputFileError(messages.line("incidents_cannot_read_table", path=path, exc=exc)
                             ) from exc


def _check_fields(head: str, separator: str, path: Path) -> None:
    """Refuse the first row of ``head`` with more fields than the header, by its row number (the header is row 1)."""
    import csv
    import io

    rows = csv.reader(io.StringIO(head), delimiter=separator)
    header = next(rows, None)
    if not header:
        return
    for row in rows:
        if len(row) > len(header):
            raise InputFileError(messages.line("incidents_row_fields", path=path, row=rows.line_num,
                                               saw=len(row), expected=len(header), sep=separator))


#: Bytes read at a time while checking a CSV's encoding (the file is never held whole).
ENCODING_BLOCK = 1 << 24
#: Bytes cp1252 does not define (looked for one by one: ``in`` on bytes is a memchr, far faster than a regex).
_NOT_CP1252 = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")


def text_encoding(path: Path) -> str:
    """:func:`geo.tables.encoding_of`'s answer (UTF-8 with or without BOM, else cp1252), reading block by block.

    ``encoding_of`` reads the whole file and decodes it (twice for cp1252, the police's encoding): for an export
    of 10 million rows that was 2 s per million rows and the file held twice in memory before the first row was
    read. Here UTF-8 is checked with an incremental decoder and cp1252 by looking for the bytes it does not
    define, one block at a time.

    Raises
    ------
    InputFileError
        The file is no text (NUL bytes, or neither encoding reads it).
    """
    import codecs

    utf8 = codecs.getincrementaldecoder("utf-8")()
    maybe_utf8, maybe_cp1252, first = True, True, True
    bom = False
    with open(path, "rb") as stream:
        while block := stream.read(ENCODING_BLOCK):
            if first:
                bom, first = block.startswith(b"\xef\xbb\xbf"), False
            if b"\x00" in block:
                maybe_utf8 = maybe_cp1252 = False
                break
            if maybe_utf8:
                try:
                    utf8.decode(block)
                except UnicodeDecodeError:
                    maybe_utf8 = False
            if maybe_cp1252 and not bom and any(byte in block for byte in _NOT_CP1252):
                maybe_cp1252 = False
            if not (maybe_utf8 or maybe_cp1252 or bom):
                break
        if maybe_utf8:
            try:
                utf8.decode(b"", final=True)
            except UnicodeDecodeError:
                maybe_utf8 = False
    if bom:
        return "utf-8-sig"
    if maybe_utf8 or maybe_cp1252:
        return "utf-8" if maybe_utf8 else "cp1252"
    raise InputFileError(messages.line("tables_path_text_file_give", path=path))


def _head_text(path: Path, encoding: str) -> str:
    """The first lines of a CSV as text (enough for :func:`geo.tables._sniff_separator`), not the whole file."""
    with open(path, "rb") as stream:
        head = stream.read(1 << 20)
        whole = len(stream.read(1)) == 0
    text = head.decode(encoding, errors="ignore")
    # A line cut off at the end of the sample is left out: it would look like a row with fewer fields.
    return text if whole else text[:text.rfind("\n") + 1] or text


def _sniff_decimal(sample: "pd.DataFrame", xy: list[str]) -> str | None:
    """``.`` or ``,`` when the coordinates of the first rows are plain numbers with that decimal mark, else None."""
    values = pd_concat_text([sample[c] for c in xy])
    values = values[(values != "") & ~values.isin(list(_tables.MISSING_MARKERS))]
    if values.empty or not values.str.fullmatch(r"-?\d+([.,]\d+)?").all():
        return None
    commas, points = values.str.contains(",", regex=False).any(), values.str.contains(".", regex=False).any()
    if commas and points:
        return None
    return "," if commas else "."


def pd_concat_text(columns: list["pd.Series"]) -> "pd.Series":
    """The text of several columns as one stripped column."""
    import pandas as pd

    return pd.concat(columns, ignore_index=True).astype("string").str.strip().fillna("")


def _raw_frame(frame: "pd.DataFrame", wanted: dict[str, str], first: int) -> _Raw:
    frame.columns = [str(c).strip().lstrip("\ufeff") for c in frame.columns]
    return _Raw(x=frame[wanted["x"]], y=frame[wanted["y"]], date=frame[wanted["date"]] if "date" in wanted else None,
                type=frame[wanted["type"]] if "type" in wanted else None, first_row=first, n=len(frame))


def _excel(path: Path, options: ReadOptions) -> _Raw:
    import pandas as pd

    try:
        frame = pd.read_excel(path, sheet_name=0, dtype=object)
    except (ValueError, OSError) as exc:
        raise InputFileError(messages.line("incidents_cannot_read_workbook", path=path, exc=exc)) from exc
    frame.columns = [str(c).strip() for c in frame.columns]
    names = _columns(list(frame.columns), options, path)

    def text(key: str) -> "pd.Series | None":
        column = names[key]
        if column is None:
            return None
        values = frame[column]
        if key == "date":
            return values  # Excel dates arrive as datetimes
        return values.map(lambda v: None if v is None or (isinstance(v, float) and v != v) else str(v))

    return _Raw(x=text("x"), y=text("y"), date=text("date"), type=text("type"), first_row=2, n=len(frame))


def _parquet_chunks(path: Path, options: ReadOptions) -> Iterator[_Raw]:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise InputFileError(messages.line("incidents_reading_parquet_needs", path=path)) from None
    try:
        parquet = pq.ParquetFile(path)
    except (OSError, ValueError) as exc:
        raise InputFileError(messages.line("incidents_cannot_read_parquet", path=path, exc=exc)) from exc
    header = list(parquet.schema_arrow.names)
    names = _columns(header, options, path)
    wanted = {k: v for k, v in names.items() if v is not None}
    first = 1
    for batch in parquet.iter_batches(batch_size=options.chunk_rows, columns=sorted(set(wanted.values()))):
        frame = batch.to_pandas()
        yield _Raw(x=frame[wanted["x"]], y=frame[wanted["y"]],
                   date=frame[wanted["date"]] if "date" in wanted else None,
                   type=frame[wanted["type"]] if "type" in wanted else None, first_row=first, n=len(frame))
        first += len(frame)


def _vector(path: Path, options: ReadOptions) -> _Raw:
    import geopandas as gpd
    import shapely

    try:
        gdf = gpd.read_file(path)
    except Exception as exc:  # pyogrio raises its own DataSourceError and friends
        raise InputFileError(messages.line("incidents_cannot_read_file", path=path, exc=exc)) from exc
    names = _columns([c for c in gdf.columns if c != gdf.geometry.name], options, path, need_xy=False)
    geoms = gdf.geometry.to_numpy()
    kinds = shapely.get_type_id(geoms)
    present = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    if np.any(present & (kinds != 0)):
        found = ", ".join(sorted(set(gdf.geometry[present & (kinds != 0)].geom_type)))
        raise InputFileError(messages.line("incidents_incidents_must_points", path=path, kinds=found))
    if gdf.crs is None:
        gdf = gdf.set_crs(options.crs)
    if not gdf.crs.equals(ANALYSIS_CRS):
        gdf = gdf.to_crs(ANALYSIS_CRS)
    geoms = gdf.geometry.to_numpy()
    xs = np.where(present, shapely.get_x(geoms), np.nan)
    ys = np.where(present, shapely.get_y(geoms), np.nan)

    def column(key: str) -> "pd.Series | None":
        return gdf[names[key]] if names[key] is not None else None

    return _Raw(x=xs, y=ys, date=column("date"), type=column("type"), first_row=1, n=len(gdf), projected=True)


# --- Checking: numbers, extent, dates, filters.


def clean_chunk(raw: _Raw, options: ReadOptions, state: _FileState) -> Chunk:
    """Turn a piece as read into usable incidents, and the rows left out with their reasons."""
    import pandas as pd

    rows = np.arange(raw.first_row, raw.first_row + raw.n, dtype=np.int64)
    if raw.projected:
        x, y = np.asarray(raw.x, dtype=float), np.asarray(raw.y, dtype=float)
    else:
        x, y = numbers(raw.x), numbers(raw.y)
        if not _is_rd(options.crs):
            x, y = _to_rd(x, y, options.crs)
    dropped: dict[str, NDArray[np.int64]] = {}
    missing = ~(np.isfinite(x) & np.isfinite(y))
    outside = ~missing & ~in_netherlands(x, y)
    dropped["no_coordinates"] = rows[missing]
    dropped["outside_netherlands"] = rows[outside]
    keep = ~(missing | outside)
    dates = None
    if raw.date is not None:
        dates = parse_dates(raw.date, state)
        bad_date = keep & np.isnat(dates)
        dropped["bad_date"] = rows[bad_date]
        keep &= ~bad_date
    else:
        dropped["bad_date"] = rows[:0]
    types = None
    if raw.type is not None:
        types = _text(raw.type)
        state.types_seen.update(pd.unique(types[keep & pd.notna(types)]).tolist())
    filtered = {"type": 0, "period": 0}
    if options.types is not None and types is not None:
        wanted = {t.casefold() for t in options.types}
        hit = pd.Series(types, dtype="string").str.casefold().isin(wanted).fillna(False).to_numpy(dtype=bool)
        filtered["type"] = int((keep & ~hit).sum())
        keep &= hit
    if options.period is not None and dates is not None:
        inside = in_period(dates, options.period)
        filtered["period"] = int((keep & ~inside).sum())
        keep &= inside
    if options.exclude:
        far = np.isin(x + 1j * y, np.fromiter(options.exclude, dtype=np.complex128, count=len(options.exclude)))
        filtered["outlier"] = int((keep & far).sum())
        keep &= ~far
    return Chunk(x=x[keep], y=y[keep], dates=None if dates is None else dates[keep],
                 types=None if types is None else types[keep], rows=rows[keep], dropped=dropped, filtered=filtered,
                 read=raw.n)


@functools.cache
def national_mask() -> "NDArray[np.bool_]":
    """:data:`NATIONAL_MASK` as booleans, rows from the south (N 300 km), columns from the west (E 0 km)."""
    try:
        record = json.loads(NATIONAL_MASK.read_text(encoding="utf-8"))
    except FileNotFoundError:  # a wheel built without the package data: refuse rather than fall back to the box
        raise InputFileError(messages.line("incidents_mask_missing", path=NATIONAL_MASK)) from None
    rows, columns = record["shape"]
    bits = np.frombuffer(zlib.decompress(base64.b64decode(record["bits"])), dtype=np.uint8)
    mask = np.unpackbits(bits, count=rows * columns).astype(bool).reshape(rows, columns)
    mask.setflags(write=False)
    return mask


def in_netherlands(x: "NDArray[np.float64]", y: "NDArray[np.float64]") -> "NDArray[np.bool_]":
    """Whether each RD New point lies in the Netherlands, as :data:`NATIONAL_MASK` draws it.

    By arithmetic, no spatial join: the point's 1 km square is looked up
    in the mask (about 0.15 s per 10 million points on one core; the box
    alone took 0.03 s).

    Parameters
    ----------
    x, y
        RD New coordinates in metres; NaN is never inside.

    Returns
    -------
    numpy.ndarray
        One boolean per point.
    """
    mask = national_mask()
    rows, columns = mask.shape
    # Column and row as floats first: the range check on them also catches NaN (it compares False), and
    # truncating a non-negative float is its floor, so no floor_divide (four times slower) is needed.
    fx = (np.asarray(x, dtype=float) - RD_EXTENT[0]) / MASK_CELL
    fy = (np.asarray(y, dtype=float) - RD_EXTENT[2]) / MASK_CELL
    inside = (fx >= 0) & (fx < columns) & (fy >= 0) & (fy < rows)
    with np.errstate(invalid="ignore"):  # NaN and the far away cast to nonsense, replaced by 0 below
        flat = fy.astype(np.intp) * columns + fx.astype(np.intp)
    flat[~inside] = 0
    return inside & mask.ravel()[flat]


def numbers(values: "pd.Series") -> "NDArray[np.float64]":
    """Coordinates from text: ``161234``, ``161234.5`` and the Dutch ``161234,5`` alike; anything else NaN.

    The common case (plain numbers) is one vectorised parse; only the
    values it could not read are looked at again, so a column of decimal
    commas costs one more pass and a clean column none.
    """
    import pandas as pd

    if not isinstance(values, pd.Series):
        values = pd.Series(values)
    if pd.api.types.is_numeric_dtype(values.dtype):
        return values.to_numpy(dtype=float, na_value=np.nan)
    # numpy's string functions run in C: a column of decimal commas costs one replace, not a Python loop.
    plain = np.strings.strip(np.asarray(values.astype(object).where(values.notna(), "").to_numpy(), dtype=str))
    comma_only = (np.strings.find(plain, ",") >= 0) & (np.strings.find(plain, ".") < 0)
    if comma_only.any():
        plain = np.where(comma_only, np.strings.replace(plain, ",", "."), plain)
    out = pd.to_numeric(pd.Series(plain, dtype=object), errors="coerce").to_numpy(dtype=float, na_value=np.nan,
                                                                                 copy=True)
    failed = np.isnan(out) & (plain != "")
    if failed.any():
        text = pd.Series(plain, dtype="string")
        again = text[failed].str.replace("\u00a0", "", regex=False).str.replace(" ", "", regex=False)
        comma_last = again.str.rfind(",") > again.str.rfind(".")
        # 161.234,5 (Dutch) or 161234,5: the comma is the decimal mark; 161,234.5: the point is.
        again = again.where(~comma_last, again.str.replace(".", "", regex=False).str.replace(",", ".", regex=False))
        again = again.where(comma_last, again.str.replace(",", "", regex=False))
        out[failed] = pd.to_numeric(again, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    return out


def parse_dates(values: "pd.Series", state: _FileState) -> "NDArray[np.datetime64]":
    """Dates of incidents as ``datetime64[s]``; NaT where a date is empty or cannot be read.

    The format is found on the first values and kept for the rest of the
    file; a value that does not fit it is tried against the other formats
    of :data:`DATE_FORMATS` (an export edited by hand mixes them).
    """
    import pandas as pd

    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        return values.to_numpy(dtype="datetime64[s]")
    if values.dtype == object and len(values) and values.map(lambda v: isinstance(v, _dt.datetime)).all():
        return pd.to_datetime(values).to_numpy(dtype="datetime64[s]")
    if values.dtype == object:  # a workbook's column may mix dates and text
        values = values.map(lambda v: v.isoformat() if isinstance(v, _dt.date) else v)
    text = values.astype("string").str.strip()
    present = text.notna() & (text != "").fillna(False)
    out = np.full(len(text), np.datetime64("NaT"), dtype="datetime64[s]")
    if not present.any():
        return out
    if state.date_format is None:
        sample = text[present].head(200)
        days = numbers(sample)
        with np.errstate(invalid="ignore"):
            serial = (days >= EXCEL_DAYS[0]) & (days <= EXCEL_DAYS[1])  # NaN compares False
        if serial.mean() >= 0.9:  # a few broken values among them are named by row number, not the format
            state.date_format = "excel"
            first = int(np.flatnonzero(serial)[0])
            date = np.datetime64("1899-12-30") + np.timedelta64(int(days[first]), "D")
            log.info(Say("i_excel_days", path=state.path.name, example=sample.iloc[first], date=str(date)))
        else:
            scores = {f: int(pd.to_datetime(sample, format=f, exact=False, errors="coerce").notna().sum())
                      for f in DATE_FORMATS}
            state.date_format = max(DATE_FORMATS, key=lambda f: scores[f])  # ties: the first, day first
    if state.date_format == "excel":
        days = numbers(text)
        with np.errstate(invalid="ignore"):
            good = present.to_numpy(dtype=bool) & (days >= EXCEL_DAYS[0]) & (days <= EXCEL_DAYS[1])
        whole = np.floor(days[good]).astype(np.int64)  # a fraction is the time of day
        out[good] = (np.datetime64("1899-12-30") + whole.astype("timedelta64[D]")).astype("datetime64[s]")
        return out
    todo = present.to_numpy().copy()
    others = tuple(f for f in DATE_FORMATS if f != state.date_format)
    # Exact matching first (pandas' fast path); then formats anywhere in the text (a date with a time).
    for fmt, exact in ((state.date_format, True), *((f, True) for f in others), (state.date_format, False),
                       *((f, False) for f in others)):
        parsed = pd.to_datetime(text[todo], format=fmt, exact=exact, errors="coerce")
        got = parsed.notna().to_numpy()
        index = np.flatnonzero(todo)
        out[index[got]] = parsed[got].to_numpy(dtype="datetime64[s]")
        todo[index[got]] = False
        if not todo.any():
            break
    return out


def _text(values: "pd.Series") -> "NDArray[np.object_]":
    import pandas as pd

    text = pd.Series(values).astype("string").str.strip()
    text = text.where(text != "", pd.NA)
    return text.astype(object).where(text.notna(), None).to_numpy(dtype=object)


def in_period(dates: "NDArray[np.datetime64]", period: tuple[Any, ...]) -> "NDArray[np.bool_]":
    """Whether each date lies in ``period`` (period keys from :func:`geo.periods.expand`, or first and last day)."""
    days = dates.astype("datetime64[D]")
    if len(period) == 2 and all(isinstance(p, _dt.date) for p in period):
        first, last = (np.datetime64(p, "D") for p in period)
        return (days >= first) & (days <= last)
    years = days.astype("datetime64[Y]").astype(np.int64) + 1970
    months = days.astype("datetime64[M]").astype(np.int64) % 12 + 1
    inside = np.zeros(len(days), dtype=bool)
    for key in period:
        year, kind, number = int(key[:4]), key[4:6], int(key[6:8])
        if kind == "JJ":
            inside |= years == year
        elif kind == "MM":
            inside |= (years == year) & (months == number)
        elif kind == "KW":
            inside |= (years == year) & ((months - 1) // 3 + 1 == number)
        else:
            raise OptionError(messages.line("incidents_period_incidents_can", key=key))
    return inside & ~np.isnat(days)


def _is_rd(crs: str) -> bool:
    from pyproj import CRS

    return bool(CRS.from_user_input(crs).equals(CRS.from_user_input(ANALYSIS_CRS)))


def _to_rd(x: "NDArray[np.float64]", y: "NDArray[np.float64]", crs: str
           ) -> tuple["NDArray[np.float64]", "NDArray[np.float64]"]:
    from pyproj import Transformer

    transformer = Transformer.from_crs(crs, ANALYSIS_CRS, always_xy=True)
    with np.errstate(invalid="ignore"):
        rx, ry = transformer.transform(x, y)
    rx, ry = np.asarray(rx, dtype=float), np.asarray(ry, dtype=float)
    bad = ~(np.isfinite(rx) & np.isfinite(ry))
    rx[bad], ry[bad] = np.nan, np.nan
    return rx, ry


# --- Whole files.


def _combine(chunks: list[Chunk], path: Path, options: ReadOptions) -> Incidents:
    def cat(name: str) -> Any:
        parts = [getattr(c, name) for c in chunks]
        if not parts or parts[0] is None:
            return None
        return np.concatenate(parts)

    dropped = {r: np.concatenate([c.dropped[r] for c in chunks]) if chunks else np.zeros(0, np.int64)
               for r in REASONS}
    filtered = {k: sum(c.filtered[k] for c in chunks) for k in ("type", "period")}
    x = cat("x")
    return Incidents(source=str(path), x=x if x is not None else np.zeros(0), y=cat("y") if x is not None else
                     np.zeros(0), dates=cat("dates"), types=cat("types"),
                     rows=cat("rows") if x is not None else np.zeros(0, np.int64),
                     read=sum(c.read for c in chunks), dropped=dropped, filtered=filtered)


def check_file(path: Path, read: int, dropped: dict[str, "NDArray[np.int64]"], options: ReadOptions,
               state: _FileState, *, sample: tuple["NDArray[np.float64]", "NDArray[np.float64]"] | None = None) -> None:
    """Refuse a file that is mostly bad, and say what was left out of one that is not.

    Raises
    ------
    DataError
        More than :data:`REFUSE_SHARE` of the rows cannot be used: one line
        naming the file, the share, the commonest reason and its first rows.
    OptionError
        ``types`` names no type that occurs in the file.
    """
    if read == 0 and options.partitions > 1:
        log.warning(text.Say("w_partition_empty", path=path))
        return
    if read == 0:
        raise DataError(messages.line("incidents_file_incidents_rows", path=path))
    counts = {r: len(dropped[r]) for r in REASONS}
    bad = sum(counts.values())
    if bad > REFUSE_SHARE * read:
        reason = max(REASONS, key=lambda r: counts[r])
        raise DataError(messages.line("incidents_rows_cannot_used", path=path, bad=bad, read=read, share=bad / read,
                                      most=counts[reason], reason=messages.line("incidents_reason_" + reason),
                                      rows=few(dropped[reason][:8]),
                                      hint=_hint(reason, options)))
    for reason in REASONS:
        if counts[reason]:
            log.warning(text.Say("w_incident_rows_left_out", path=path, n=counts[reason],
                                 reason=messages.line("incidents_reason_" + reason), rows=few(dropped[reason][:8])))
    if options.types is not None and options.type is not None:
        seen = {t.casefold() for t in state.types_seen}
        unknown = [t for t in options.types if t.casefold() not in seen]
        if len(unknown) == len(options.types):
            import difflib

            close = difflib.get_close_matches(unknown[0], sorted(state.types_seen), n=3, cutoff=0.5)
            hint = messages.line("incidents_did_you_mean", close=", ".join(repr(c) for c in close)) if close else ""
            raise OptionError(messages.line("incidents_incident_type_types", path=path,
                                            types=', '.join(repr(t) for t in unknown), hint=hint,
                                            present=few(sorted(state.types_seen), 12)))
        if unknown:
            log.warning(text.Say("w_incident_type_absent", path=path, types=", ".join(repr(t) for t in unknown)))


def _hint(reason: str, options: ReadOptions) -> str:
    if reason == "no_coordinates":
        return messages.line("incidents_hint_x_y", x=options.x, y=options.y)
    if reason == "outside_netherlands":
        if _is_rd(options.crs):
            return messages.line("incidents_hint_degrees")
        return messages.line("incidents_hint_crs", crs=options.crs)
    return messages.line("incidents_hint_date", date=options.date)


def _filter_text(filtered: dict[str, int]) -> str:
    return (", ".join(messages.line("incidents_left_out_by", n=n, filter=k) for k, n in filtered.items() if n)
            or messages.line("incidents_none_read"))


# --- A synthetic export, for the demo, the tests and the benchmarks.

#: Town centres in RD New (metres) and their share of the incidents.
TOWNS = (
    ("Amsterdam", 121_400, 487_300, 0.16), ("Rotterdam", 92_500, 437_400, 0.12), ("Den Haag", 81_100, 455_300, 0.10),
    ("Utrecht", 136_700, 455_900, 0.07), ("Eindhoven", 161_300, 383_350, 0.06), ("Groningen", 233_800, 582_000, 0.05),
    ("Tilburg", 133_200, 397_500, 0.04), ("Breda", 112_500, 400_400, 0.04), ("Nijmegen", 187_400, 428_500, 0.04),
    ("Arnhem", 190_500, 444_100, 0.04), ("Zwolle", 203_000, 502_500, 0.03), ("Maastricht", 176_400, 317_700, 0.03),
    ("'s-Hertogenbosch", 149_500, 411_500, 0.03), ("Leeuwarden", 182_500, 579_200, 0.03),
    ("Enschede", 258_400, 471_700, 0.03), ("Amersfoort", 155_000, 463_100, 0.03), ("Haarlem", 104_000, 488_500, 0.03),
    ("Apeldoorn", 194_400, 469_600, 0.03),
)
#: The planted micro hot spots: name, RD x, RD y, share of the incidents, type.
MICRO_HOT_SPOTS = (
    ("Stratumseind, Eindhoven", 161_578, 383_238, 0.004, "Geweldsmisdrijven"),
    ("Rembrandtplein, Amsterdam", 121_571, 486_604, 0.004, "Geweldsmisdrijven"),
    ("Stadhuisplein, Rotterdam", 92_422, 437_527, 0.004, "Geweldsmisdrijven"),
    ("Grote Markt, Groningen", 233_837, 582_022, 0.004, "Zakkenrollerij"),
)
SYNTHETIC_TYPES = (("Woninginbraak", 0.25), ("Fietsendiefstal", 0.25), ("Zakkenrollerij", 0.15),
                   ("Geweldsmisdrijven", 0.15), ("Vernieling", 0.20))
SYNTHETIC_COLUMNS = ("Registratienummer", "X-coördinaat", "Y-coördinaat", "Pleegdatum", "Maatschappelijke klasse")


def synthetic_export(path: str | Path, *, n: int = 50_000, seed: int = DEFAULT_SEED,
                     years: tuple[int, int] = (2021, 2023), earlier_years: int = 0,
                     bad_rows: int = 0, chunk_rows: int = CHUNK_ROWS) -> Path:
    """Write a synthetic police export of ``n`` incidents (cp1252, ``;``, Dutch headers and decimal commas).

    Incidents lie around the town centres of :data:`TOWNS` (normal with a
    standard deviation of 1.5 km; 10% spread evenly over the Netherlands),
    and :data:`MICRO_HOT_SPOTS` plants four micro hot spots (a standard
    deviation of 25 m). Dates are spread evenly over ``years`` (first and
    last, inclusive), as ``dd-mm-jjjj``. A point drawn outside
    :func:`in_netherlands` (in the sea, in Belgium or Germany) is drawn again
    from a stream of its own, so every row is usable and the other rows stay
    as they were.

    ``earlier_years`` adds that many years before ``years`` at the same rate
    per day, after the ``n`` rows and from streams of their own: the ``n``
    rows are byte for byte those without them (``vmgeo trend --incidents``
    needs 37 months or more, the demo's 2021-2023 has 36). ``bad_rows`` rows
    at the end have, in turn, no coordinates, coordinates in Belgium, and an
    unreadable date. Everything derives from ``seed``.

    Returns
    -------
    Path
        ``path``; the columns are :data:`SYNTHETIC_COLUMNS`.
    """
    path = Path(path)
    if n < 1 or years[1] < years[0]:
        raise OptionError(messages.line("incidents_synthetic_export_needs", n=n, years=years))
    if earlier_years < 0:
        raise OptionError(messages.line("incidents_synthetic_earlier_years", earlier=earlier_years))
    with atomic_path(path) as tmp, open(tmp, "w", encoding="cp1252", newline="") as out:
        out.write(";".join(SYNTHETIC_COLUMNS) + "\r\n")
        first, last = _day(years[0]), _day(years[1] + 1)
        _write_span(out, np.random.default_rng(seed), np.random.default_rng([seed, 1]), start=0, n=n,
                    span=(first, last), chunk_rows=chunk_rows)
        extra = 0
        if earlier_years:
            # The same incidents per day as in ``years``; 2 and 3 keep these streams apart from the main ones.
            before = _day(years[0] - earlier_years)
            extra = round(n * int((first - before).astype(int)) / int((last - first).astype(int)))
            _write_span(out, np.random.default_rng([seed, 2]), np.random.default_rng([seed, 3]), start=n, n=extra,
                        span=(before, first), chunk_rows=chunk_rows)
        for i in range(bad_rows):
            number = n + extra + i + 1
            kind = i % 3
            xy = ";" if kind == 0 else "150000,0;250000,0" if kind == 1 else "161578,0;383238,0"
            day = "31-02-2022" if kind == 2 else "01-06-2022"
            out.write(f"PL{number:09d};{xy};{day};Vernieling\r\n")
    return path


def _day(year: int) -> np.datetime64:
    return np.datetime64(f"{year}-01-01", "D")


def _write_span(out: Any, rng: np.random.Generator, redraw: np.random.Generator, *, start: int, n: int,
                span: tuple[np.datetime64, np.datetime64], chunk_rows: int) -> None:
    """``n`` rows numbered from ``start + 1``, dated in ``span`` (first day, day after the last), in chunks."""
    days = int((span[1] - span[0]).astype(int))
    done = 0
    while done < n:
        size = min(chunk_rows, n - done)
        _write_synthetic(out, rng, redraw, start=start + done, size=size, first_day=span[0], days=days)
        done += size


def _write_synthetic(out: Any, rng: np.random.Generator, redraw: np.random.Generator, *, start: int, size: int,
                     first_day: np.datetime64, days: int) -> None:
    import pandas as pd

    shares = np.array([t[3] for t in TOWNS])
    micro = np.array([m[3] for m in MICRO_HOT_SPOTS])
    spread = 0.10
    town_share = (1 - spread - micro.sum()) * shares / shares.sum()
    choice = rng.choice(len(TOWNS) + len(MICRO_HOT_SPOTS) + 1, size=size, p=[*town_share, *micro, spread])
    x, y = _draw_points(rng, choice, size)
    # Drawn again (from ``redraw``, so the other rows keep the main stream's draws) until in the Netherlands.
    outside = ~in_netherlands(x, y)
    while outside.any():
        x[outside], y[outside] = _draw_points(redraw, choice[outside], int(outside.sum()))
        outside[outside] = ~in_netherlands(x[outside], y[outside])
    names = np.array([t[0] for t in SYNTHETIC_TYPES], dtype=object)
    kinds = names[rng.choice(len(names), size=size, p=[t[1] for t in SYNTHETIC_TYPES])]
    for j, spot in enumerate(MICRO_HOT_SPOTS):
        kinds[choice == len(TOWNS) + j] = spot[4]
    dates = first_day + rng.integers(0, days, size=size).astype("timedelta64[D]")
    frame = pd.DataFrame({
        "nr": [f"PL{i:09d}" for i in range(start + 1, start + size + 1)],
        # One decimal, Dutch decimal comma, as a BVH export writes them.
        "x": pd.Series(np.round(x, 1)).map("{:.1f}".format).str.replace(".", ",", regex=False),
        "y": pd.Series(np.round(y, 1)).map("{:.1f}".format).str.replace(".", ",", regex=False),
        "date": pd.Series(dates).dt.strftime("%d-%m-%Y"),
        "type": kinds,
    })
    frame.to_csv(out, sep=";", header=False, index=False, lineterminator="\r\n")


def _draw_points(rng: np.random.Generator, choice: "NDArray[np.int64]", size: int
                 ) -> tuple["NDArray[np.float64]", "NDArray[np.float64]"]:
    """Points around the centres ``choice`` picks (the last choice: evenly over the extent), in the extent."""
    centres = np.array([(t[1], t[2]) for t in TOWNS] + [(m[1], m[2]) for m in MICRO_HOT_SPOTS] + [(0.0, 0.0)])
    sd = np.array([1500.0] * len(TOWNS) + [25.0] * len(MICRO_HOT_SPOTS) + [0.0])
    x = centres[choice, 0] + rng.normal(size=size) * sd[choice]
    y = centres[choice, 1] + rng.normal(size=size) * sd[choice]
    uniform = choice == len(TOWNS) + len(MICRO_HOT_SPOTS)
    x[uniform] = rng.uniform(10_000, 280_000, uniform.sum())
    y[uniform] = rng.uniform(310_000, 620_000, uniform.sum())
    return np.clip(x, 1, RD_EXTENT[1] - 1), np.clip(y, RD_EXTENT[2] + 1, RD_EXTENT[3] - 1)


__all__ = [
    "DATE_FORMATS",
    "MICRO_HOT_SPOTS",
    "RD_EXTENT",
    "REASONS",
    "REFUSE_SHARE",
    "Coordinates",
    "IncidentFiles",
    "Incidents",
    "ReadOptions",
    "in_netherlands",
    "in_period",
    "incident_files",
    "numbers",
    "read_coordinates",
    "read_incidents",
    "synthetic_export",
]
