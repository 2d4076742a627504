"""Counts hidden below --min-count on the value layer: a class of their own, whole class bounds (a trial's map)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from geo.maps import layers
from geo.outputs import suppress_small


def _frame(counts: list[int]) -> pd.DataFrame:
    frame = pd.DataFrame({"code": [f"E{1600 + i:04d}N3800" for i in range(len(counts))],
                          "value": np.asarray(counts, dtype=float)})
    shown, _ = suppress_small(frame, min_count=5, label=True, lang="nl")
    return shown


@pytest.mark.parametrize("lang, words", [("nl", "<5 (verborgen)"), ("en", "<5 (hidden)")])
def test_hidden_counts_are_a_class_of_their_own_not_no_data(lang, words):
    # Mostly zeros and hidden counts, as on a 100 m grid: the busy squares were "no data" on a trial's map.
    counts = [0] * 40 + [1, 2, 3, 4] * 10 + [5] * 12 + [6] * 6 + [7, 9, 12, 30, 146]
    shown = _frame(counts)
    style = layers.style("value", shown, layers.Context(column="value", lang=lang))
    hidden = shown["suppressed"].to_numpy(dtype=bool)
    assert hidden.sum() == 40
    assert {style.labels[i] for i in style.index[hidden]} == {words}
    assert (words not in [style.labels[i] for i in style.index[~hidden]])
    assert (layers.HIDDEN_COLOUR, words) in style.legend
    assert text_no_data(lang) not in [label for _, label in style.legend]  # nothing is missing here
    # Whole bounds, and the first class above zero starts at the smallest count shown, not at 1.
    labels = [label for _, label in style.legend]
    assert not any("," in label or "." in label for label in labels[:-1])
    assert labels[1].startswith("5") and not any(label.startswith("1 ") for label in labels)


def text_no_data(lang: str) -> str:
    from geo import text

    return text.get("no_data", lang=lang)


def test_given_bins_keep_their_labels_below_the_smallest_count_shown():
    """A review: with --bins 0,4,10 the class holding only hidden counts was labelled "4", and "5 - 10" after it."""
    shown = _frame([0] * 10 + [1, 2, 3, 4] * 5 + [5, 6, 8, 10])
    style = layers.style("value", shown, layers.Context(column="value", lang="en", bins=[0, 4, 10]))
    assert style.labels[:3] == ["0", "1 – 4", "5 – 10"]
