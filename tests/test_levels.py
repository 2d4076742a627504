"""The level of a set of codes (geo/levels.py): each distinct spelling read once, as reading every code did."""

from __future__ import annotations

import random

import pandas as pd

from geo import levels


def _scalar_of_codes(codes):
    """of_codes as it was: the level of every code (the reference)."""
    found = {levels.of_code(c) for c in codes}
    return found.pop() if len(found) == 1 else None


_CODES = ["GM0363", "gm0363 ", "WK036301", "BU03630001", " BU03630001", "RE09", "PV27", "VR13", "NL01", "LD01",
          "E1615N3832", "363", "0363", "", "Amsterdam", "XX12", "GM", None, float("nan"), 363, 518.0]


def test_of_codes_equals_the_level_of_every_code():
    rng = random.Random(18)
    samples = [[c] for c in _CODES] + [[rng.choice(_CODES) for _ in range(n)] for n in (2, 5, 30) for _ in range(40)]
    samples += [["GM0363"] * 50, ["WK036301", "wk036302", " WK036303 "], ["BU03630001"] * 3 + ["GM0363"], []]
    for sample in samples:
        assert levels.of_codes(sample) is _scalar_of_codes(sample), sample
        series = pd.Series(sample, dtype=object).astype(str)
        assert levels.of_codes(series) is _scalar_of_codes(series), sample
    assert levels.of_codes(pd.Series(["GM0363", "GM0014"])).name == "gemeente"
    assert levels.of_codes(["E1615N3832", "E1616N3832"]) is None
