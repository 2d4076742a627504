"""Joining a table of figures to boundaries by area code, with a report.

CBS codes come in several spellings: ``GM0518`` in boundary files,
``'GM0518    '`` padded in OData, ``0518`` in many exports and ``518`` after
a spreadsheet dropped the leading zero. Codes are brought to one canonical
form before matching; the join keeps every boundary and reports exactly
which codes are only in the data and which only in the boundaries.
"""

from __future__ import annotations

import logging
import re
import weakref
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from . import crosswalk, levels, messages, text
from .errors import CodeMismatchError, few
from .reports import Boundaries, Joined, JoinReport, Table
from .tables import find_column

if TYPE_CHECKING:
    import geopandas as gpd
    import numpy as np
    import pandas as pd
    import pyarrow as pa

log = logging.getLogger("geo")

_PREFIXED = re.compile(r"^([A-Z]{2})([0-9A-Z]+)$")
_DIGITS = re.compile(r"^[0-9]+$")


def code_style(codes: "pd.Series") -> tuple[str | None, int]:
    """Return the dominant prefix and digit width of a set of area codes.

    ``('GM', 4)`` for gemeente codes, ``('BU', 8)`` for buurten, and
    ``(None, width)`` when the codes are plain numbers.
    """
    prefixes: Counter[str] = Counter()
    widths: Counter[int] = Counter()
    for prefix, digits in _styles(codes.dropna()):
        if prefix is not None:
            prefixes[prefix] += 1
        if digits is not None:
            widths[digits] += 1
    prefix = prefixes.most_common(1)[0][0] if prefixes else None
    width = widths.most_common(1)[0][0] if widths else 4
    return prefix, levels.width(prefix) or width


def _style_of(code: str) -> tuple[str | None, int | None]:
    """The prefix (or None) and the digit width (or None) one code shows."""
    code = code.strip().upper()
    match = _PREFIXED.match(code)
    if match:
        return match.group(1), len(match.group(2))
    if _DIGITS.match(code):
        return None, len(code)
    return None, None


def _styles(codes: "pd.Series") -> "Iterable[tuple[str | None, int | None]]":
    """:func:`_style_of` of every (non-missing) code, in order; vectorised for codes in plain ASCII.

    The order matters: a tie between two prefixes goes to the first seen, as
    ``Counter.most_common`` keeps it.
    """
    import numpy as np

    texts = _ascii_texts(codes)
    if texts is None:
        return (_style_of(str(code)) for code in codes)
    import pyarrow.compute as pc

    stripped = pc.ascii_upper(pc.utf8_trim(texts, characters=_ASCII_SPACE))
    prefixed = _fullmatch(stripped, "[A-Z]{2}[0-9A-Z]+")
    digits = _fullmatch(stripped, "[0-9]+") & ~prefixed
    length = pc.utf8_length(stripped).to_numpy(zero_copy_only=False)
    heads = pc.utf8_slice_codeunits(stripped, 0, 2).to_pylist()
    plain = _ascii_mask(texts)
    styles: list[tuple[str | None, int | None]] = [
        (head, size - 2) if p else (None, size if d else None)
        for head, size, p, d in zip(heads, length.tolist(), prefixed.tolist(), digits.tolist())]
    for i in np.flatnonzero(~plain):
        styles[i] = _style_of(str(codes.iloc[i]))
    return styles


#: Whitespace ``str.strip`` and the regex ``\s`` know among ASCII characters (RE2's ``\s`` lacks ``\v`` and
#: the separators 0x1C-0x1F, so the vectorised paths spell them out; other codes take the scalar path).
_ASCII_SPACE = " \t\n\v\f\r\x1c\x1d\x1e\x1f"


def _ascii_texts(codes: "pd.Series") -> "pa.Array | None":
    """``codes`` as an Arrow string array when every non-missing one is text, else None (the scalar path)."""
    import pandas as pd
    import pyarrow as pa

    if len(codes) == 0 or pd.api.types.infer_dtype(codes, skipna=True) != "string":
        return None
    return pa.array(codes.to_numpy(dtype=object, na_value=None), type=pa.large_string(), from_pandas=True)


def _ascii_mask(texts: "pa.Array") -> "np.ndarray":
    """Which cells are present and pure ASCII: where the vectorised rules equal the scalar ones."""
    import pyarrow.compute as pc

    return pc.fill_null(pc.string_is_ascii(texts), False).to_numpy(zero_copy_only=False)


def _fullmatch(texts: "pa.Array", pattern: str) -> "np.ndarray":
    import pyarrow.compute as pc

    return pc.fill_null(pc.match_substring_regex(texts, f"^(?:{pattern})$"), False).to_numpy(zero_copy_only=False)


def canonical_codes(codes: "pd.Series", *, prefix: str | None, width: int) -> "pd.Series":
    """Bring codes to the spelling of ``prefix`` and ``width``.

    Padding and inner spaces are stripped, letters upper-cased, and a plain
    number gets the prefix and its leading zeros back (``518`` and ``0518``
    become ``GM0518`` for ``prefix='GM'``). With ``prefix=None`` codes are
    reduced to their digits without leading zeros, so that ``GM0518`` and
    ``518`` still meet.
    """

    def one(value: object) -> str | None:
        if value is None or (isinstance(value, float) and value != value):
            return None
        text = re.sub(r"\s+", "", str(value)).upper()
        if text.endswith(".0") and _DIGITS.match(text[:-2]):
            text = text[:-2]  # a number that passed through a float
        if not text:
            return None
        if prefix is None:
            digits = _PREFIXED.match(text)
            if digits and _DIGITS.match(digits.group(2)):
                text = digits.group(2)
            return text.lstrip("0") or "0" if _DIGITS.match(text) else text
        if _DIGITS.match(text) and len(text) <= width:
            return prefix + text.zfill(width)
        rest = text[len(prefix):] if text.startswith(prefix) else None
        if rest is not None and _DIGITS.match(rest) and len(rest) < width:
            return prefix + rest.zfill(width)  # GM518, made by ="GM"&A2 from a number that lost its zeros
        return text

    import numpy as np
    import pandas as pd

    keep = _already_canonical(codes, prefix=prefix, width=width)
    if keep is None:
        return codes.map(one)
    values = codes.to_numpy(dtype=object, na_value=None).copy()
    # Codes already in the canonical spelling (nearly all, in a boundary file or a clean table) stay as they
    # are; only the rest go through the rules one by one.
    rest = np.flatnonzero(~keep)
    values[rest] = [one(v) for v in values[rest]]
    return pd.Series(values, index=codes.index, name=codes.name)


def _already_canonical(codes: "pd.Series", *, prefix: str | None, width: int) -> "np.ndarray | None":
    """Which codes :func:`canonical_codes` returns unchanged, found vectorised; None for codes that are not text.

    Only ASCII codes in a shape that no rule changes count: ``GM0518`` for
    ``prefix='GM'`` and ``width=4``; with ``prefix=None`` a number without
    leading zeros, or letters and digits that are no prefixed number
    (``E1615N3832``). Everything else (padding, lower case, ``518``, a float's
    ``.0``) takes the scalar rules.
    """
    texts = _ascii_texts(codes)
    if texts is None:
        return None
    plain = _ascii_mask(texts)
    if prefix is not None:
        if not re.fullmatch(r"[A-Z]{2}", prefix):
            return None
        return plain & _fullmatch(texts, f"{prefix}[0-9]{{{int(width)}}}")
    number = _fullmatch(texts, "[1-9][0-9]*|0")
    word = _fullmatch(texts, "[0-9A-Z]+") & ~_fullmatch(texts, "[0-9]+|[A-Z]{2}[0-9]+")
    return plain & (number | word)


def _frames(boundaries: "Boundaries | gpd.GeoDataFrame", table: "Table | pd.DataFrame", source: str | None
            ) -> tuple["gpd.GeoDataFrame", "pd.DataFrame", str, tuple[str, ...]]:
    b = boundaries.frame if isinstance(boundaries, Boundaries) else boundaries
    repaired = boundaries.repaired if isinstance(boundaries, Boundaries) else ()
    if isinstance(table, Table):
        return b, table.frame, source or table.source, repaired
    return b, table, source or messages.line("the_table"), repaired


def _one_row_per_code(data: "pd.DataFrame", key_d: "pd.Series", code_col: str, source: str
                      ) -> tuple["pd.DataFrame", "pd.Series"]:
    """Rows without a code left out (with a warning); a code twice is refused, naming its rows."""
    empty = key_d.isna()
    if empty.any():
        rows = [int(i) + 2 for i in data.index[empty][:5]]
        log.warning(text.Say("w_no_code_rows", source=source, n=int(empty.sum()), column=code_col, rows=rows))
        data, key_d = data[~empty], key_d[~empty]
    dupes = key_d[key_d.duplicated(keep=False)]
    if not dupes.empty:
        rows_word = messages.line("rows_n")
        listed = [f"{code} ({rows_word} {', '.join(str(int(i) + 2) for i in dupes.index[dupes == code][:4])})"
                  for code in dupes.unique()[:5]]
        raise CodeMismatchError(
            messages.line("joins_source_column_code_col", source=source, code_col=code_col,
                          join_listed='; '.join(listed))
        )
    return data, key_d


#: The boundary side of the last :func:`join` (a weak reference to the frame, its codes as Arrow text, their
#: style and canonical keys): every period of a series joins its table to the same boundaries. Arrow, not
#: lists of Python strings: what stays in memory after the run's last join is a few MB.
_LAST: list[tuple["weakref.ref[gpd.GeoDataFrame]", Any, str | None, int, "pd.Series"]] = []


def _boundary_keys(boundaries: "gpd.GeoDataFrame") -> tuple[list[Any], str | None, int, "pd.Series",
                                                             list[Any], set[Any]]:
    """The boundaries' codes (as a list), their style, canonical keys (as a Series, a list and a set).

    The style and keys are remembered for the frame of the last call, and used again only while that
    frame's codes are still the same (compared in Arrow: a fraction of what working them out costs).
    """
    import pyarrow as pa

    codes = boundaries["code"]
    try:
        texts: Any = pa.array(codes.to_numpy(dtype=object, na_value=None), type=pa.large_string(), from_pandas=True)
    except (pa.ArrowException, TypeError, ValueError):
        texts = None  # codes that are not all text: worked out every time
    known = _LAST[0] if _LAST else None
    if known is not None and texts is not None and known[0]() is boundaries and known[1].equals(texts):
        prefix, width, key_b = known[2], known[3], known[4]
    else:
        prefix, width = code_style(codes)
        key_b = canonical_codes(codes, prefix=prefix, width=width)
        _LAST[:] = [(weakref.ref(boundaries), texts, prefix, width, key_b)] if texts is not None else []
    b_list = key_b.tolist()
    return codes.tolist(), prefix, width, key_b, b_list, set(b_list)


def join(
    boundaries: "Boundaries | gpd.GeoDataFrame",
    table: "Table | pd.DataFrame",
    *,
    code_column: str,
    columns: list[str] | None = None,
    source: str | None = None,
    lang: str | None = None,
) -> Joined:
    """Join a table to boundaries by area code.

    Parameters
    ----------
    boundaries
        Boundaries with a text ``code`` column, from :func:`geo.load_boundaries`.
    table
        Figures per area, one row per code, from :func:`geo.read_table` (or a frame).
    code_column
        Column of ``table`` with the area codes.
    columns
        Columns of ``table`` to bring over; all by default.
    source
        How to name the table in messages (default: its file).
    lang
        Language of the warning when the data seems coded on the gemeenten
        of another year (``nl`` or ``en``; by default the run's, see
        :func:`geo.text.use`).

    Returns
    -------
    Joined
        ``frame``: every boundary with the table's columns added (empty where
        the data has no row for it); ``report``: ``matched`` (count),
        ``data_only`` and ``boundaries_only`` (lists of codes).

    Raises
    ------
    CodeMismatchError
        When a code appears twice in the table, or no code matches at all.
    """
    boundaries, table, source, repaired = _frames(boundaries, table, source)
    code_col = find_column(table, code_column, what="code", option="--code-column", source=source)
    wanted = [code_col] + [
        find_column(table, c, what="data", source=source)
        for c in (columns or [c for c in table.columns if c != code_col])
    ]
    data = table[list(dict.fromkeys(wanted))].copy()

    codes_b, prefix, width, key_b, b_list, b_keys = _boundary_keys(boundaries)
    key_d = canonical_codes(data[code_col], prefix=prefix, width=width)

    data, key_d = _one_row_per_code(data, key_d, code_col, source)

    # Lists, not iteration: iterating an Arrow-backed column makes one Python call per code (12 periods of
    # 100,000 squares spent ~5 s there), and isin on it makes an Arrow scalar of every value (~10 s).
    d_list = key_d.tolist()
    d_keys = set(d_list)
    matched = b_keys & d_keys
    original = dict(zip(d_list, data[code_col].tolist()))
    data_only = sorted(str(original[k]) for k in d_keys - b_keys)
    in_data = [k in d_keys for k in b_list]
    boundaries_only = sorted(c for c, found in zip(codes_b, in_data) if not found)
    if not matched:
        raise CodeMismatchError(
            messages.line("joins_source_no_code_column", source=source, code_col=code_col,
                          few_sorted_map_str_d=few(sorted(map(str, data[code_col]))[:3], 3),
                          few_sorted_boundarie=few(sorted(boundaries['code'])[:3], 3))
        )

    data = data.drop(columns=[code_col]) if code_col in boundaries.columns else data
    data = data.rename(columns={c: f"{c}_data" for c in data.columns if c in boundaries.columns and c != code_col})
    data.index = key_d.to_numpy()
    out = boundaries.copy()
    joined = data.reindex(key_b.to_numpy())
    for column in joined.columns:
        out[column] = joined[column].to_numpy()
    report = JoinReport(matched=len(matched), data_only=data_only, boundaries_only=boundaries_only, source=source)
    if data_only:
        log.warning(text.Say("w_data_only", source=source, n=len(data_only), codes=few(data_only)))
        note = other_year_note(d_list, [k for k in d_keys - b_keys], source=source,
                               lang=lang or text.log_lang(), boundary_codes=b_keys)
        if note:
            log.warning("%s", note)
    if boundaries_only:
        log.info("%d area(s) only in the boundaries: %s", len(boundaries_only), few(boundaries_only))
    return Joined(frame=out, report=report, repaired=repaired)


def other_year_note(codes: list[str], unmatched: list[str], *, source: str, lang: str = "nl",
                    boundary_codes: "Iterable[str] | None" = None) -> str | None:
    """One line for the reader when a table's unmatched codes are gemeenten of another boundary year.

    Gemeenten merge nearly every year: a table coded on the 2021 gemeenten
    leaves Dijk en Waard blank on the 2023 map and Amsterdam without Weesp,
    which a bare count of unmatched codes does not tell. The line names the
    year the table seems coded on and the ``--data-year`` that moves it.

    Parameters
    ----------
    codes
        Every code of the table, canonical (``GM0398``).
    unmatched
        The canonical codes that matched no boundary.
    source
        The table's name in the line.
    lang
        ``nl`` (default) or ``en``.
    boundary_codes
        The codes of the boundaries: an unmatched code whose gemeente they
        have is a redrawn wijk or buurt, not a sign of another year.
    """
    if boundary_codes is not None:
        # Wijken and buurten are redrawn inside a gemeente nearly every year: an unmatched wijk of a
        # gemeente the boundaries have (Eemsdelta's new wijken on 2023 boundaries) says nothing of
        # another year. Only codes whose gemeente the boundaries lack can.
        present = {crosswalk.gemeente_of(code) for code in boundary_codes}
        unmatched = [code for code in unmatched if crosswalk.gemeente_of(code) not in present]
    found = crosswalk.coded_year(codes, unmatched=unmatched)
    if found is None:
        return None
    if boundary_codes is not None:
        # A table that fits the boundaries' own year best (a few stale codes among current ones) is not
        # coded on another year: "geef --data-year 2023" on 2023 boundaries would send the user in a circle.
        life = crosswalk.gemeente_lifetimes()
        own = [g for g in present if g in life]
        fitting = {y for y in crosswalk.KNOWN_YEARS if all(life[g][0] <= y <= life[g][1] for g in own)}
        if own and fitting & set(range(found.first, found.last + 1)):
            return None
    first, last = crosswalk.KNOWN_YEARS[0], crosswalk.KNOWN_YEARS[-1]
    if found.first == first and found.last < last:
        years, year = text.get("year_or_earlier", lang=lang, year=found.last), found.last
    elif found.last == last and found.first > first:
        years, year = text.get("year_or_later", lang=lang, year=found.first), found.first
    elif found.first == found.last:
        years, year = str(found.last), found.last
    else:
        years, year = text.get("years_range", lang=lang, first=found.first, last=found.last), found.last

    def named(code: str) -> str:
        return f"{code} {crosswalk.GEMEENTE_NAMES.get(crosswalk.gemeente_of(code) or '', '')}".strip()

    shown = [f"{named(old)} \u2192 {named(new)}" if new else named(old) for old, new in sorted(found.changed)]
    return text.get("join_other_year", lang=lang, source=source, n=len(found.changed),
                    codes=text.few(shown, 4, lang=lang), years=years, year=year)


#: Names that differ from the official spelling in everyday use (normalised: no accents, case, hyphens).
#: Frisian gemeenten and the province carry Frisian names officially; Dutch spellings are common in tables.
NAME_ALIASES = {
    "den haag": "s gravenhage",
    "the hague": "s gravenhage",
    "den bosch": "s hertogenbosch",
    "friesland": "fryslan",
    "noordoost friesland": "noardeast fryslan",
    "zuidwest friesland": "sudwest fryslan",
    "dantumadeel": "dantumadiel",
    "tietjerksteradeel": "tytsjerksteradiel",
    "de friese meren": "de fryske marren",
}
_SUFFIX = re.compile(r"\s*\(([a-z. ]+)\)\s*$")


def normalise_name(name: str, *, keep_suffix: bool = True) -> str:
    """A spelling-insensitive form of an area name.

    Accents, case, apostrophes, hyphens and a leading "gemeente" are dropped,
    and everyday names are mapped to the official one (Den Haag ->
    's-Gravenhage). A province suffix such as "(L.)" or "(NH.)" is kept as a
    word unless ``keep_suffix`` is false.
    """
    import unicodedata

    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode().lower().strip()
    text = re.sub(r"^gemeente\s+", "", text)
    suffix = ""
    match = _SUFFIX.search(text)
    if match:
        suffix = re.sub(r"[^a-z]", "", match.group(1))
        text = text[: match.start()]
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    text = NAME_ALIASES.get(text, text)
    return f"{text} {suffix}".strip() if keep_suffix and suffix else text


def match_names(names: "pd.Series", boundaries: "gpd.GeoDataFrame") -> tuple[dict[str, str], dict[str, list]]:
    """Match area names to boundary codes.

    A name matches when its normalised form equals that of exactly one
    boundary name; failing that, when its form without a province suffix
    matches exactly one boundary name without suffix (a suffix added in a
    later year, "Hengelo" and "Hengelo (O.)"). Two candidates make it
    ambiguous ("Bergen" could be Bergen (L.) or Bergen (NH.)).

    Returns
    -------
    tuple
        Name to code, and a report: ``exact``, ``normalised`` (name, code,
        boundary name), ``ambiguous`` (name, candidate codes), ``unmatched``.
    """
    full: dict[str, list[tuple[str, str]]] = {}
    base: dict[str, list[tuple[str, str]]] = {}
    for code, name in zip(boundaries["code"], boundaries["name"]):
        full.setdefault(normalise_name(name), []).append((code, name))
        base.setdefault(normalise_name(name, keep_suffix=False), []).append((code, name))
    mapping: dict[str, str] = {}
    report: dict[str, list] = {"exact": [], "normalised": [], "ambiguous": [], "unmatched": []}
    exact = dict(zip(boundaries["name"], boundaries["code"]))
    for name in names.dropna().astype(str).unique():
        if name in exact:
            mapping[name] = exact[name]
            report["exact"].append(name)
            continue
        candidates = full.get(normalise_name(name)) or []
        if not candidates:
            # A suffix on one side only ("Hengelo" / "Hengelo (O.)") still matches; two
            # different suffixes ("Bergen (L.)" / "Bergen (NH.)") never do.
            has_suffix = bool(_SUFFIX.search(name.lower()))
            candidates = [(c, n) for c, n in base.get(normalise_name(name, keep_suffix=False), [])
                          if not (has_suffix and _SUFFIX.search(n.lower()))]
        if len(candidates) == 1:
            mapping[name] = candidates[0][0]
            report["normalised"].append((name, candidates[0][0], candidates[0][1]))
        elif candidates:
            report["ambiguous"].append((name, sorted(c for c, _ in candidates)))
        else:
            report["unmatched"].append(name)
    return mapping, report


def join_by_name(
    boundaries: "Boundaries | gpd.GeoDataFrame",
    table: "Table | pd.DataFrame",
    *,
    name_column: str,
    columns: list[str] | None = None,
    source: str | None = None,
    lang: str | None = None,
) -> Joined:
    """Join a table without codes to boundaries by area name.

    Like :func:`join`, with ``report.by_name`` listing what was matched
    exactly, what after normalising, and what stayed unmatched.

    Raises
    ------
    CodeMismatchError
        When a name fits several areas; the message names the candidates.
    """
    boundaries_in = boundaries
    boundaries, table, source, _ = _frames(boundaries, table, source)
    col = find_column(table, name_column, what="name", option="--name-join", source=source)
    mapping, report = match_names(table[col], boundaries)
    if report["ambiguous"]:
        listed = "; ".join(messages.line("could_be", name=n, codes=messages.line("or_").join(c))
                           for n, c in report["ambiguous"][:4])
        raise CodeMismatchError(messages.line("joins_source_ambiguous_name_s", source=source, col=col, listed=listed))
    coded = table.copy()
    coded["_code"] = coded[col].map(mapping)
    wanted = [c for c in (columns or list(table.columns)) if c != col]
    unmatched = coded[coded["_code"].isna() & coded[col].notna()]
    matched = coded[coded["_code"].notna()]
    joined = join(boundaries_in, matched, code_column="_code", columns=wanted, source=source, lang=lang)
    if report["normalised"]:
        log.info("matched %d name(s) after normalising: %s", len(report["normalised"]),
                 few([f"{n} -> {c}" for n, c, _ in report["normalised"]], 6))
    by_name = replace(joined.report, data_only=sorted(map(str, unmatched[col])),
                      by_name={k: v for k, v in report.items() if k != "ambiguous"})
    return replace(joined, report=by_name)
