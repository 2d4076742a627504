"""What to fetch: ``source:TABLE/MEASURE`` or an indicator name, with ``DIM=KEY`` filters, as a :class:`DataSpec`."""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from .. import levels, messages
from ..errors import OptionError
from ._odata import CATALOGS

#: Levels whose rows CBS and police tables hold (those with a code prefix).
TABLE_LEVELS = tuple(name for name, lv in levels.LEVELS.items() if lv.prefix)
_SPEC = re.compile(r"^(?P<source>[a-z]+):(?P<table>[0-9A-Za-z]+)/(?P<measure>[\w]+)$")


@dataclass(frozen=True)
class DataSpec:
    """What to fetch: a table and measure, with the filters that pick the rows."""

    source: str
    table: str
    measure: str
    filters: dict[str, list[str]] = field(default_factory=dict)
    indicator: str | None = None
    unit: str | None = None

    def label(self) -> str:
        return self.indicator or f"{self.source}:{self.table}/{self.measure}"


@lru_cache(maxsize=1)
def indicators() -> dict[str, dict[str, Any]]:
    """The catalogue of friendly indicator names (``geo/indicators.toml``)."""
    text = resources.files("geo").joinpath("indicators.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def looks_remote(text: str) -> bool:
    """Whether ``text`` names a source table or an indicator rather than a file."""
    return bool(_SPEC.match(text)) or text in indicators()


def parse(text: str, *, filters: list[str] | None = None) -> DataSpec:
    """Turn ``source:TABLE/MEASURE`` or an indicator name, plus ``DIM=KEY`` filters, into a spec."""
    extra: dict[str, list[str]] = {}
    for item in filters or []:
        if "=" not in item:
            raise OptionError(messages.line("filter_syntax", item=item))
        dim, keys = item.split("=", 1)
        extra.setdefault(dim.strip(), []).extend(k.strip() for k in keys.split(",") if k.strip())
    if text in indicators():
        ind = indicators()[text]
        base = {k: [str(v) for v in vs] for k, vs in ind.get("filters", {}).items()}
        return DataSpec(ind["source"], ind["table"], ind["measure"], {**base, **extra}, indicator=text,
                        unit=ind.get("unit"))
    match = _SPEC.match(text)
    if not match:
        close = difflib.get_close_matches(text, list(indicators()), n=3, cutoff=0.6)
        hint = messages.line("did_you_mean", names=", ".join(close)) if close else messages.line("see_indicators")
        raise OptionError(messages.line("not_a_spec", text=text, hint=hint))
    source = match["source"]
    if source not in CATALOGS:
        raise OptionError(messages.line("unknown_source_in", source=source, text=text))
    return DataSpec(source, match["table"].upper(), match["measure"], extra)
