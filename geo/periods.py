"""Periods: what ``--period`` accepts, CBS period keys, and how readers see them.

CBS and the police key periods as ``2023JJ00`` (a year), ``2023KW03`` (a
quarter) and ``2023MM01`` (a month). On the command line a user writes
``2023``, ``2012:2023`` (every year from 2012 to 2023), ``2021,2022,2023``,
``2023MM01`` or ``2022MM01:2023MM12``. Maps and reports show ``2023`` and
``januari 2023``, never a raw key.
"""

from __future__ import annotations

import re

from . import messages
from .errors import OptionError

_YEAR = re.compile(r"^(\d{4})$")
_KEY = re.compile(r"^(\d{4})(JJ|KW|MM|X\d)(\d{2})$")

MONTHS = {
    "nl": ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
}


def key(text: str, *, option: str = "--period") -> str:
    """The CBS key of one period as a user writes it: ``2023`` -> ``2023JJ00``; keys stay as they are.

    Raises
    ------
    OptionError
        Naming ``option`` and the value, for text that is no period (``2023MM13`` included).
    """
    value = str(text).strip().upper()
    if _YEAR.match(value):
        return f"{value}JJ00"
    match = _KEY.match(value)
    if match:
        kind, number = match.group(2), int(match.group(3))
        limits = {"JJ": (0, 0), "MM": (1, 12), "KW": (1, 4)}.get(kind, (0, 99))
        if limits[0] <= number <= limits[1]:
            return value
        raise OptionError(messages.line("periods_option_text_r_period2", option=option, text=text, kind=kind,
                                        number=number))
    raise OptionError(messages.line("periods_option_text_r_period", option=option, text=text))


def expand(spec: str) -> list[str]:
    """The period keys a ``--period`` value names, in order.

    ``2023`` gives one key; ``2012:2023`` every year between (inclusive);
    ``2022MM11:2023MM02`` every month between; ``2021,2023`` exactly those.

    Raises
    ------
    OptionError
        For text that is not a period, a range that runs backwards, or mixes years and months.
    """
    parts = [p.strip() for p in str(spec).split(",") if p.strip()]
    if not parts:
        raise OptionError(messages.line("periods_period_empty_write_year"))
    out: list[str] = []
    for part in parts:
        if ":" in part:
            first, last = (key(x) for x in part.split(":", 1))
            out.extend(_range(first, last, spec))
        else:
            out.append(key(part))
    seen: set[str] = set()
    doubles = [k for k in out if k in seen or seen.add(k)]  # type: ignore[func-returns-value]
    if doubles:
        raise OptionError(messages.line("periods_period_spec_r_names", spec=spec, join_doubles=', '.join(doubles)))
    return out


def _range(first: str, last: str, spec: str) -> list[str]:
    a, b = _KEY.match(first), _KEY.match(last)
    assert a and b  # key() checked both
    if a.group(2) != b.group(2):
        raise OptionError(messages.line("periods_period_spec_r_mixes", spec=spec, first=first, last=last))
    kind = a.group(2)
    if kind == "JJ":
        years = range(int(a.group(1)), int(b.group(1)) + 1)
        out = [f"{y}JJ00" for y in years]
    elif kind in ("MM", "KW"):
        per_year = 12 if kind == "MM" else 4
        start = int(a.group(1)) * per_year + int(a.group(3)) - 1
        stop = int(b.group(1)) * per_year + int(b.group(3)) - 1
        out = [f"{i // per_year}{kind}{i % per_year + 1:02d}" for i in range(start, stop + 1)]
    else:
        raise OptionError(messages.line("periods_period_spec_r_ranges", spec=spec, kind=kind))
    if not out:
        raise OptionError(messages.line("periods_period_spec_r_runs", spec=spec))
    return out


def year(period_key: str) -> int:
    """The year of a period key (``2023MM04`` -> 2023)."""
    return int(str(period_key).strip()[:4])


def label(period_key: str | None, *, lang: str = "nl") -> str:
    """How readers see a period: ``2023``, ``januari 2023``, ``2023 kwartaal 3``; unknown keys as they are.

    A comma-separated list of keys (periods summed into one figure, or the months a download
    covered) becomes ``2021-2023`` when they are consecutive years, ``september 2020 - september
    2023`` when they are consecutive months, and the labels joined otherwise.
    """
    if period_key is None:
        return ""
    text = str(period_key).strip()
    if "," in text:
        return _label_list([k.strip() for k in text.split(",")], lang=lang)
    match = _KEY.match(text.upper())
    if not match:
        return text
    y, kind, n = match.group(1), match.group(2), int(match.group(3))
    if kind == "JJ":
        return y
    if kind == "MM" and 1 <= n <= 12:
        return f"{MONTHS['en' if lang == 'en' else 'nl'][n - 1]} {y}"
    if kind == "KW":
        return f"{y} {'quarter' if lang == 'en' else 'kwartaal'} {n}"
    return text


def _label_list(keys: list[str], *, lang: str) -> str:
    """A list of period keys as readers see it: a range when the periods follow each other, else each label."""
    if all(k.upper().endswith("JJ00") for k in keys):
        ys = sorted(year(k) for k in keys)
        if ys == list(range(ys[0], ys[-1] + 1)):
            return f"{ys[0]}\u2013{ys[-1]}"
    months = [_KEY.match(k.upper()) for k in keys]
    if len(keys) > 2 and all(m and m.group(2) == "MM" for m in months):
        index = sorted(int(m.group(1)) * 12 + int(m.group(3)) - 1 for m in months if m)
        if index == list(range(index[0], index[-1] + 1)):
            first, last = (f"{i // 12}MM{i % 12 + 1:02d}" for i in (index[0], index[-1]))
            return f"{label(first, lang=lang)} \u2013 {label(last, lang=lang)}"
    return ", ".join(label(k, lang=lang) for k in keys)


#: Month names and their usual abbreviations, Dutch and English, to the month's number.
_MONTH_WORDS = {
    **{name.lower(): i + 1 for names in MONTHS.values() for i, name in enumerate(names)},
    **{name.lower()[:3]: i + 1 for names in MONTHS.values() for i, name in enumerate(names)},
    "mrt": 3, "sept": 9, "okt": 10,
}
_ISO_MONTH = re.compile(r"^(\d{4})[-/.](\d{1,2})(?:[-/.]\d{1,2})?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
_MONTH_SLASH_YEAR = re.compile(r"^(\d{1,2})[-/.](\d{4})$")
_MONTH_YEAR = re.compile(r"^([a-z]+)\.?[\s\-]+(\d{4})$")
_YEAR_MONTH_WORD = re.compile(r"^(\d{4})[\s\-]+([a-z]+)\.?$")


def month_key(text: object) -> str | None:
    """The CBS key of a month as analysts write it, or ``None`` when the text is no month.

    Accepts ``2023MM09``, ``2023-09`` (also ``2023/09``, ``2023-09-01`` and Excel's
    ``2023-09-01 00:00:00``), ``09-2023`` and ``9/2023``, and a month name with its year in Dutch or English, whole or
    abbreviated: ``sep 2023``, ``sept. 2023``, ``september 2023``, ``okt 2023``, ``2023 mei``.
    """
    value = str(text).strip()
    upper = value.upper()
    match = _KEY.match(upper)
    if match:
        number = int(match.group(3))
        return upper if match.group(2) == "MM" and 1 <= number <= 12 else None
    lower = re.sub(r"\s+", " ", value.lower())
    found = _ISO_MONTH.match(lower)
    numeric = _MONTH_SLASH_YEAR.match(lower)
    if found:
        y, m = int(found.group(1)), int(found.group(2))
    elif numeric:
        y, m = int(numeric.group(2)), int(numeric.group(1))
    elif (words := _MONTH_YEAR.match(lower) or _YEAR_MONTH_WORD.match(lower)) is not None:
        first, second = words.group(1), words.group(2)
        name, digits = (first, second) if first.isalpha() else (second, first)
        if name not in _MONTH_WORDS:
            return None
        y, m = int(digits), _MONTH_WORDS[name]
    else:
        return None
    return f"{y}MM{m:02d}" if 1 <= m <= 12 else None
