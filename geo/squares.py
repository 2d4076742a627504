"""Inhabitants per CBS square (vierkantstatistieken), the denominator of rates on the grid.

CBS publishes statistics per 100 m and per 500 m square in RD New (CBS,
*Statistische gegevens per vierkant en postcode 2022-2021-2020-2019*, 2023,
chapters 2 "Technische gegevens" and 3 "Codering vierkant"); PDOK serves them
(see :mod:`geo.fetch._squares` for the service and what was confirmed of it).
A square is coded by its lower-left corner in whole hectometres
(``E1615N3832``) in the column ``crs28992res100m`` (``crs28992res500m``); the
inhabitants are in ``aantal_inwoners`` (``aantalInwoners`` in PDOK's WFS;
``C28992R100`` and ``INW2010`` in CBS's files of 2000-2014: :func:`field_names`
is the one place of that rule).

What a value means, and what vmgeo makes of it (checked against CBS's real
2024 files for the Rijnmond region, 15,290 squares of 100 m and 4,101 of 500 m;
a piece of them is in tests/data/squares):

- A whole number >= 0: inhabitants on 1 January of the year. In the 2024 files
  every published number is a multiple of 5 and at least 5 (men and women are
  rounded apart, so they need not add up to the total); no 0 is published.
- ``-99997``: CBS's code for a secret ("geheim") value, hidden to protect
  privacy. In the 2024 files it is the only special value in the inhabitants:
  112 of the 100 m squares (published for their dwellings) and 2,454 of the
  500 m squares (uninhabited or nearly so: land, water and harbour squares)
  carry it. vmgeo flags it (``suppressed``), never reads it as zero:
  population NaN. Public code also meets ``-99995`` (read there as "no figure
  / not applicable", for columns not yet filled for a year) and ``-99998``
  (read as "no data" in the older files); CBS's meaning of those two was not
  found in what could be searched. Every value at or below -99990 is read as
  such a code (``suppressed``, NaN); other negative numbers, fractions and text
  make the file refused, one line naming the file and the column.
- A square absent from the 100 m statistics: CBS publishes only the 100 m
  squares "waarin minimaal 5 inwoners of 5 woningen gelegen zijn en deze ook
  als niet verhuld, positief getal, worden gepubliceerd", so that squares
  "zonder gegevens of ... waarvan alle gegevens worden verhuld, niet worden
  gepubliceerd" (chapter 2). Absence does not mean uninhabited: such a square
  may hold a few people. vmgeo gives it no population (NaN, ``absent``), not 0.
- A square absent from the 500 m statistics: the 500 m map holds every square
  wholly or partly on land (with the closed sea arms, the Markermeer, the
  Veluwe border lakes and the large rivers, and a strip of squares around
  them; chapter 2). A 500 m square that is not there lies outside that, so
  vmgeo counts it as uninhabited (0, ``absent``). (Inside it, an uninhabited
  500 m square is there, as -99997: see above.)
- 1000 m: CBS publishes no 1000 m squares in RD New; vmgeo's 1000 m square is
  exactly four 500 m squares (:mod:`geo.grid`), and its inhabitants are their
  sum. A secret 500 m square holds fewer than 5 inhabitants: in the 2024 files
  every published number is at least 5 and a multiple of 5, and the secret
  squares are the uninhabited and nearly uninhabited ones. Treating a secret
  member as unknown made 708 of the 929 whole 1000 m squares of Rijnmond
  unknown (76%), towns with one harbour or meadow square among them. So a
  secret member counts as 2 (the middle of 0-4, :data:`SECRET_MAX`), and the
  sum is used when that guess moves it by at most :data:`ESTIMATE_SHARE` of
  itself (``estimated``); otherwise the sum is not known: NaN and
  ``suppressed``. On Rijnmond that estimates 158 squares; the 550 still
  unknown all hold fewer than 100 published inhabitants.

Rates per square (:func:`square_rates`) exist only where the inhabitants are
known and above zero; the others are listed, never filled in. Empirical Bayes
smoothing is :func:`geo.rates.smoothed`, the same as for areas.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from . import messages, text
from .errors import ColumnError, DataError, InputFileError, OptionError, few
from .fetch import SquareFile, square_file
from .grid import Aggregation, cell_codes, parse_codes
from .rates import smoothed
from .reports import Table, TableProvenance
from .settings import RATE_PER, Settings
from .tables import find_column, read_table, to_number

if TYPE_CHECKING:
    import pandas as pd

log = logging.getLogger("geo")

#: The sizes of squares vmgeo has inhabitants for: CBS's 100 and 500 m, and 1000 m as four 500 m squares.
SQUARE_CELLS = (100, 500, 1000)
#: CBS's code for a secret (suppressed) value.
SECRET = -99997
#: The most inhabitants a secret square can hold: CBS publishes no number below 5.
SECRET_MAX = 4
#: A 1000 m square with secret 500 m members: its sum is used when the guess for them (2 each) can be off by at
#: most this share of the sum (2 per secret member against the sum); otherwise it is unknown.
ESTIMATE_SHARE = 0.05
#: Values at or below this are CBS special codes (-99995 ... -99999), never numbers of inhabitants.
SPECIAL_BELOW = -99990
#: The last year of CBS's older files of squares (``C28992R100``, ``INW2000`` ... ``INW2014``).
OLD_SCHEMA_UNTIL = 2014
#: The year fetched from PDOK when none is given: the latest year PDOK announced (June 2025) for the squares.
DEFAULT_YEAR = 2024
#: How a rate per square can be estimated (the methods of :func:`geo.rates.smoothed` that need no weights).
SQUARE_RATE_METHODS = ("raw", "eb")
_GEO_SUFFIXES = (".gpkg", ".geojson", ".json", ".shp", ".fgb")


class _Count(int):
    """A whole number that a log line writes as its reader does (28.524 in Dutch), in the language of the run."""

    def __format__(self, spec: str) -> str:
        return text.number(int(self), 0, lang=text.log_lang())


@dataclass(frozen=True)
class SquarePopulation:
    """Inhabitants per CBS square, one row per square asked for, in the order asked.

    ``frame``: ``code``, ``population`` (float; NaN where suppressed or not
    known), ``suppressed`` (CBS hides the figure), ``absent`` (the square is
    not in CBS's statistics; see the module's notes for what that means per
    size), ``estimated`` (a 1000 m square with secret members whose sum is
    used, see the module's notes). ``suppressed``, ``missing`` and
    ``estimated`` count those squares; ``provenance`` says where a download came from (``None`` for a
    local file, named in ``source``).
    """

    frame: "pd.DataFrame"
    provenance: TableProvenance | None
    year: int
    suppressed: int
    missing: int
    cell: int = 100
    source: str = ""
    estimated: int = 0

    def as_table(self) -> Table:
        """The inhabitants as a population :class:`~geo.reports.Table` (``code``, ``population``).

        This is the shape the hot-spot pipeline joins as its population
        (``inputs``' ``population_table``): suppressed and unknown squares keep
        NaN, so that :func:`geo.rates.prepare` leaves them out of the rates and
        names them, as it does for areas without inhabitants.
        """
        frame = self.frame[["code", "population"]].copy()
        return Table(frame=frame, source=self.source or f"vierkantstatistieken {self.cell} m {self.year}",
                     provenance=self.provenance, code_column="code", value_column="population", kind="count")

    def report(self) -> dict[str, Any]:
        """For ``summary.json``: where from, which year, and how many squares have no known population."""
        known = int(self.frame["population"].notna().sum())
        return {"source": self.source, "cell": self.cell, "year": self.year, "squares": len(self.frame),
                "known": known, "suppressed": self.suppressed, "missing": self.missing, "estimated": self.estimated,
                "provenance": self.provenance.as_dict() if self.provenance is not None else None}


def square_population(codes: Sequence[str], *, cell: int, year: int | None = None, source: str | None = None,
                      settings: Settings | None = None, refresh: bool = False) -> SquarePopulation:
    """Inhabitants of the CBS squares ``codes`` (``E1615N3832``) of ``cell`` m.

    Parameters
    ----------
    codes
        CBS codes of squares of ``cell`` m (as :func:`geo.grid.cell_codes` writes them).
    cell
        100 or 500 (CBS's sizes), or 1000 (each the sum of its four 500 m squares).
    year
        The year of the figures. From PDOK: :data:`DEFAULT_YEAR` when not given.
        From a file: read from its name (``cbs_vk100_2023.gpkg``) when not given.
    source
        A local file of vierkantstatistieken (CBS's GeoPackage, or a CSV or
        Parquet file with the same columns); ``None`` fetches from PDOK
        (cached with provenance; offline from the cache).
    settings
        Endpoints, cache folder, offline mode; from the environment by default.
    refresh
        Download again even when cached.

    Returns
    -------
    SquarePopulation
        One row per code, suppressed squares flagged (never zero).

    Raises
    ------
    OptionError
        ``cell`` is not 100, 500 or 1000; the year of a file cannot be told.
    CodeMismatchError
        A code is not a square of ``cell`` m.
    InputFileError, ColumnError, DataError
        The file cannot be read, lacks the code or inhabitants column, or holds
        values that are not inhabitants: one line naming the file and the column.
    """
    if cell not in SQUARE_CELLS:
        raise OptionError(messages.line("squares_cell", cell=cell))
    base = 500 if cell == 1000 else cell
    ix, iy = parse_codes(list(codes), cell=cell)
    if len(ix) == 0:  # nothing to look up (and nothing to ask PDOK for)
        import pandas as pd

        empty = pd.DataFrame({"code": pd.Series(dtype=object), "population": pd.Series(dtype=float),
                              "suppressed": pd.Series(dtype=bool), "absent": pd.Series(dtype=bool),
                              "estimated": pd.Series(dtype=bool)})
        return SquarePopulation(frame=empty, provenance=None, year=DEFAULT_YEAR if year is None else int(year),
                                suppressed=0, missing=0, cell=cell, source=str(source or ""))
    if cell == 1000:
        # The four 500 m squares of each 1000 m square: columns 2i and 2i+1, rows 2j and 2j+1.
        mix = (ix[:, None] * 2 + np.array([0, 1, 0, 1])).ravel()
        miy = (iy[:, None] * 2 + np.array([0, 0, 1, 1])).ravel()
    else:
        mix, miy = ix, iy
    if source is not None:
        values, used_year, provenance, label = _from_file(Path(source), cell=base, year=year)
    else:
        used_year = DEFAULT_YEAR if year is None else int(year)
        bbox = _bbox(mix, miy, base)
        found = square_file(base, used_year, bbox=bbox, fields=field_names(base, used_year), settings=settings,
                            refresh=refresh)
        values, provenance, label = _from_cache(found), found.provenance, found.label
    raw = values.reindex(cell_codes(mix, miy, cell=base)).to_numpy(dtype=float)
    population, suppressed, absent = _meaning(raw, cell=base)
    estimated = np.zeros(len(population), dtype=bool)
    if cell == 1000:
        population, suppressed, estimated = _thousands(population, suppressed)
        absent = np.asarray(absent.reshape(-1, 4).all(axis=1), dtype=bool)
    import pandas as pd

    frame = pd.DataFrame({"code": cell_codes(ix, iy, cell=cell), "population": population,
                          "suppressed": suppressed, "absent": absent, "estimated": estimated})
    result = SquarePopulation(frame=frame, provenance=provenance, year=used_year, suppressed=int(suppressed.sum()),
                              missing=int(absent.sum()), cell=cell, source=label, estimated=int(estimated.sum()))
    if result.suppressed or result.missing:
        log.info(text.Say("i_squares_unknown", n=_Count(len(frame)), cell=cell, suppressed=_Count(result.suppressed),
                          missing=_Count(result.missing)))
    if result.estimated:
        log.info(text.Say("i_squares_estimated", n=_Count(result.estimated),
                          share=text.number(100 * ESTIMATE_SHARE, 0, lang=text.log_lang()) + "%"))
    return result


def _thousands(population: "np.ndarray", suppressed: "np.ndarray"
               ) -> tuple["np.ndarray", "np.ndarray", "np.ndarray"]:
    """Population, suppressed and estimated of 1000 m squares from their four 500 m squares (in fours).

    A secret member counts as 2 (0-4 inhabitants); the sum stands when that
    guess can be off by at most :data:`ESTIMATE_SHARE` of it.
    """
    members = population.reshape(-1, 4)
    secret = suppressed.reshape(-1, 4).sum(axis=1)
    unknown = np.isnan(members) & ~suppressed.reshape(-1, 4)  # not a secret: not known at all (none at 500 m)
    guess = np.nansum(members, axis=1) + secret * (SECRET_MAX / 2)
    close = (secret * (SECRET_MAX / 2) <= ESTIMATE_SHARE * guess) & ~unknown.any(axis=1)
    estimated = (secret > 0) & close
    total = np.where((secret == 0) | estimated, guess, np.nan)
    total[unknown.any(axis=1)] = np.nan
    return total, (secret > 0) & ~estimated, estimated


def field_names(cell: int, year: int | None = None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Names the code and the inhabitants of squares of ``cell`` m may have, most likely first for ``year``.

    The one place of the year -> schema rule, for downloads and files alike.
    From 2015 on (CBS's GeoPackages, PDOK's OGC API) the code is
    ``crs28992res100m`` and the inhabitants ``aantal_inwoners``; PDOK's WFS
    writes ``aantalInwoners`` (names are compared ignoring case and
    underscores, so that is the same name). CBS's files of 2000-2014 name them
    ``C28992R100`` and ``INW2010`` (one column per year), as public code
    reading them does. Both are tried, the year's own first.
    """
    new = ((f"crs28992res{cell}m",), ("aantal_inwoners",))
    old = ((f"C28992R{cell}",), (f"INW{year}",) if year is not None else ())
    first, second = (old, new) if year is not None and year <= OLD_SCHEMA_UNTIL else (new, old)
    return first[0] + second[0], first[1] + second[1]


def _bbox(ix: "np.ndarray", iy: "np.ndarray", cell: int) -> tuple[int, int, int, int]:
    """The RD New box around the squares: what is asked of PDOK."""
    if len(ix) == 0:
        return (0, 0, 0, 0)
    return (int(ix.min()) * cell, int(iy.min()) * cell, (int(ix.max()) + 1) * cell, (int(iy.max()) + 1) * cell)


def _meaning(raw: "np.ndarray", *, cell: int) -> tuple["np.ndarray", "np.ndarray", "np.ndarray"]:
    """Population, suppressed and absent from CBS's values (NaN: not in the statistics)."""
    absent = np.isnan(raw)
    suppressed = ~absent & (raw <= SPECIAL_BELOW)
    population = np.where(absent | suppressed, np.nan, raw)
    if cell == 500:
        # The 500 m statistics cover every land square: one not there is uninhabited (see the module's notes).
        population = np.where(absent, 0.0, population)
    return population, suppressed, absent


# --- Reading the statistics ------------------------------------------------------------------------


def _from_cache(found: SquareFile) -> "pd.Series":
    """The values of a cached download, by code."""
    import pandas as pd

    data = json.loads(found.path.read_text(encoding="utf-8"))
    frame = pd.DataFrame(data["rows"], columns=data["fields"], dtype=object)
    return _values(frame, code_column=found.code_column, population_column=found.population_column,
                   path=found.label, cell=found.cell)


def _from_file(path: Path, *, cell: int, year: int | None
               ) -> tuple["pd.Series", int, TableProvenance | None, str]:
    """The values of a local file of vierkantstatistieken, by code; its year; no provenance (the file is named)."""
    if year is None:
        match = re.search(r"(?<!\d)(19|20)\d\d(?!\d)", path.name)
        if match is None:
            raise OptionError(messages.line("squares_year_unknown", path=path))
        year = int(match.group(0))
    frame = _read(path)
    codes, populations = field_names(cell, int(year))
    code_column = _column(frame, codes, what="code", path=path)
    population_column = _column(frame, populations, what="population", path=path)
    values = _values(frame, code_column=code_column, population_column=population_column, path=str(path), cell=cell)
    return values, int(year), None, str(path)


def _column(frame: "pd.DataFrame", names: tuple[str, ...], *, what: str, path: Path) -> str:
    """The first of ``names`` the file has; if none, the one line names the most likely one."""
    errors: list[ColumnError] = []
    for name in names:
        try:
            return find_column(frame, name, what=what, source=str(path))
        except ColumnError as exc:
            errors.append(exc)
    raise errors[0]


def _read(path: Path) -> "pd.DataFrame":
    """The attributes of a GeoPackage (or other vector file), a CSV or a Parquet file; no geometry."""
    import pandas as pd

    if not path.is_file():
        raise InputFileError(messages.line("tables_path_file_found_check", path=path))
    suffix = path.suffix.lower()
    try:
        if suffix in _GEO_SUFFIXES:
            import pyogrio

            return pd.DataFrame(pyogrio.read_dataframe(path, read_geometry=False))
        if suffix == ".parquet":
            return pd.read_parquet(path)
    except Exception as exc:  # pyogrio and pyarrow raise their own kinds: one line either way
        raise InputFileError(messages.line("squares_cannot_read", path=path, problem=type(exc).__name__)) from exc
    table = read_table(path)
    frame = table.frame
    # A CSV's rows are named by their spreadsheet row in messages: header = row 1.
    return frame


def _values(frame: "pd.DataFrame", *, code_column: str, population_column: str, path: str,
            cell: int) -> "pd.Series":
    """CBS's raw values by code (special codes kept); a bad code or value is one line naming file and column."""
    import pandas as pd

    codes = frame[code_column].astype("string").str.strip().str.upper()
    valid = codes.str.fullmatch(r"E\d{4}N\d{4}").fillna(False).to_numpy(dtype=bool)
    if valid.all():
        step = cell // 100
        east = codes.str.slice(1, 5).astype(int).to_numpy()
        north = codes.str.slice(6, 10).astype(int).to_numpy()
        valid &= (east % step == 0) & (north % step == 0)
    if not valid.all():
        raise DataError(messages.line("squares_bad_codes", path=path, column=code_column, n=int((~valid).sum()),
                                      cell=cell, examples=_examples(frame, code_column, ~valid)))
    numbers = to_number(frame[population_column].reset_index(drop=True), column=population_column, source=path)
    values = numbers.to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        bad = ~np.isnan(values) & ((values != np.round(values)) | ((values < 0) & (values > SPECIAL_BELOW)))
    if bad.any():
        raise DataError(messages.line("squares_bad_values", path=path, column=population_column, n=int(bad.sum()),
                                      examples=_examples(frame, population_column, bad)))
    series = pd.Series(values, index=pd.Index(codes.to_numpy(dtype=object)))
    duplicated = series.index.duplicated()
    if duplicated.any():
        raise DataError(messages.line("squares_duplicate_codes", path=path, column=code_column,
                                      n=int(duplicated.sum()), codes=few(series.index[duplicated].tolist(), 5)))
    return series


def _examples(frame: "pd.DataFrame", column: str, bad: "np.ndarray") -> str:
    """The first bad values of ``column`` with their row (as in a spreadsheet: header = row 1)."""
    rows = np.flatnonzero(bad)[:3]

    def shown(value: object) -> str:
        # A number read from the file is shown as the file wrote it (12.5, not np.float64(12.5)).
        return f"{value:g}" if isinstance(value, (float, np.floating)) else repr(value)

    return ", ".join(f"{messages.line('row_n', row=int(r) + 2)}: {shown(frame[column].iloc[int(r)])}" for r in rows)


# --- Rates per square --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SquareRates:
    """Counts per square beside their inhabitants, and the rate per :data:`~geo.settings.RATE_PER`.

    ``frame``: the counts' columns (``code``, ``count``, and ``geometry`` when
    they had it) with ``population``, ``suppressed`` and ``rate`` (NaN where the
    inhabitants are not known or zero) and ``analysed`` (a rate exists).
    ``unknown`` lists the squares whose inhabitants are suppressed or not
    known, ``uninhabited`` those with 0 inhabitants; neither gets a rate.
    """

    frame: "pd.DataFrame"
    method: str
    unknown: list[str] = field(default_factory=list)
    uninhabited: list[str] = field(default_factory=list)

    def report(self) -> dict[str, Any]:
        """For ``summary.json``: the method and the squares without a rate (counts and the first codes)."""
        return {"method": self.method, "per": RATE_PER, "rated": int(self.frame["analysed"].sum()),
                "unknown": len(self.unknown), "uninhabited": len(self.uninhabited),
                "unknown_codes": self.unknown[:20], "uninhabited_codes": self.uninhabited[:20]}


def square_rates(counts: "Aggregation | pd.DataFrame", population: SquarePopulation, *,
                 method: str = "raw") -> SquareRates:
    """Rates per :data:`~geo.settings.RATE_PER` inhabitants per square, where the inhabitants are known.

    Parameters
    ----------
    counts
        An :class:`~geo.grid.Aggregation` of the grid, or a frame with ``code`` and ``count``.
    population
        From :func:`square_population`, for the same squares (or more).
    method
        ``raw`` (count / inhabitants) or ``eb``: global empirical Bayes over the
        squares with a rate (:func:`geo.rates.smoothed`, Marshall 1991).

    Returns
    -------
    SquareRates
        The rates; squares without known inhabitants listed and NaN, never filled in.

    Raises
    ------
    OptionError
        ``method`` is not ``raw`` or ``eb``; the counts are of another square size.
    DataError
        The counts lack ``code`` or ``count``.
    """
    if method not in SQUARE_RATE_METHODS:
        raise OptionError(messages.line("squares_rate_method", method=method,
                                        methods=", ".join(SQUARE_RATE_METHODS)))
    if isinstance(counts, Aggregation):
        if counts.cell is not None and counts.cell != population.cell:
            raise OptionError(messages.line("squares_counts_cell", counts_cell=counts.cell, cell=population.cell))
        counts = counts.frame
    if not {"code", "count"} <= set(counts.columns):
        raise DataError(messages.line("squares_counts_columns", columns=", ".join(map(str, counts.columns))))
    known = population.frame.drop_duplicates("code").set_index("code")
    out = counts.copy()
    out["population"] = out["code"].map(known["population"]).astype(float)
    out["suppressed"] = out["code"].map(known["suppressed"]).fillna(False).astype(bool)
    pop = out["population"].to_numpy(dtype=float)
    count = out["count"].to_numpy(dtype=float)
    ok = pop > 0  # NaN compares False: suppressed and unknown squares get no rate
    rate = np.full(len(out), np.nan)
    if ok.any():
        rate[ok] = smoothed(count[ok], pop[ok], method=method)
    out["rate"] = rate
    out["analysed"] = ok
    unknown = [str(c) for c in out.loc[np.isnan(pop), "code"]]
    uninhabited = [str(c) for c in out.loc[pop == 0, "code"]]
    if unknown or uninhabited:
        log.warning(text.Say("w_squares_no_rate", n=_Count(len(unknown) + len(uninhabited)),
                             unknown=_Count(len(unknown)), uninhabited=_Count(len(uninhabited)),
                             codes=few(unknown + uninhabited, 6)))
    return SquareRates(frame=out, method=method, unknown=unknown, uninhabited=uninhabited)
