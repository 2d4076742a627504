"""results.csv and series.csv are written column by column, byte for byte as pandas' ``to_csv`` wrote them."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from geo import outputs


def pandas_bytes(frame: pd.DataFrame, tmp_path) -> bytes:
    path = tmp_path / "pandas.csv"
    frame.to_csv(path, index=False, encoding="utf-8")
    return path.read_bytes()


def our_bytes(frame: pd.DataFrame, tmp_path) -> bytes:
    path = tmp_path / "ours.csv"
    outputs.write_csv(frame, path)
    return path.read_bytes()


def awkward_floats() -> np.ndarray:
    """Floats of every magnitude, whole numbers and the edges where repr turns to an exponent."""
    rng = np.random.default_rng(7)
    normal = rng.normal(size=20_000)
    scaled = np.concatenate([normal * 10.0**e for e in range(-9, 19, 3)])
    bits = rng.integers(0, 2**63 - 1, size=20_000, dtype=np.int64).view(np.float64)  # any double at all
    edges = [0.0, -0.0, 1.0, -1.0, 2.0, 0.5, 1e-4, -1e-4, np.nextafter(1e-4, 0), np.nextafter(1e-4, 1),
             1e16, np.nextafter(1e16, 0), 9999999999999998.0, 1e15, 123456789012345.0, 5e-324, 1.7976931348623157e308,
             np.inf, -np.inf, np.nan, 0.1, 0.2 + 0.1, 1 / 3, 2 / 1000, 1e22, 1e21, 12345678901234567890.0]
    return np.concatenate([scaled, bits, np.array(edges), np.round(normal * 100), np.round(normal, 3)])


def test_floats_are_written_as_numpy_formats_them():
    values = awkward_floats()
    cells = outputs._float_cells(values).to_pylist()
    expected = np.where(np.isnan(values), "", values.astype(str)).tolist()
    assert cells == expected


def test_a_frame_of_every_kind_of_column_is_written_as_pandas_writes_it(tmp_path):
    floats = awkward_floats()
    n = len(floats)
    rng = np.random.default_rng(3)
    names = np.array(["Centrum", 'De "Hoek"', "Oost, Noord", "regel\neen", "cr\rlf", "", "Ĳsselmonde", " spatie",
                      "'=1+1", None], dtype=object)
    frame = pd.DataFrame({
        "code": [f"E{i:04d}N{i % 977:04d}" for i in range(n)],  # pandas' own text type ("str")
        "name": names[rng.integers(0, len(names), n)],  # object text with None
        "value": floats,
        "count": rng.integers(-5, 10**12, n),
        "analysed": rng.random(n) < 0.5,
        "category": pd.Series(np.array(["hot", "cold", None], dtype=object)[rng.integers(0, 3, n)], dtype="str"),
        "empty": pd.Series([None] * n, dtype=object),
    })
    assert our_bytes(frame, tmp_path) == pandas_bytes(frame, tmp_path)


@pytest.mark.parametrize("frame", [
    pd.DataFrame({"only": [1.5, 2.0]}),  # one column: left to pandas (an empty row would be quoted)
    pd.DataFrame({"a": pd.Series([], dtype=float), "b": pd.Series([], dtype=object)}),
    pd.DataFrame({"when": pd.to_datetime(["2024-01-01", "2024-02-01"]), "n": [1, 2]}),
    pd.DataFrame({"n": pd.array([1, None], dtype="Int64"), "m": [0.5, 1.0]}),
    pd.DataFrame({"x": pd.Categorical(["a", "b"]), "y": [1.0, np.nan]}),
    pd.DataFrame({"mixed": [1, "a"], "y": [True, False]}),
    pd.DataFrame({"a,b": [1.0, 2.0], 'c"d': ["x", "y"]}),  # column names that need quotes
], ids=["one-column", "empty", "dates", "nullable-int", "category", "mixed-object", "quoted-header"])
def test_what_the_column_path_does_not_know_comes_out_as_pandas_writes_it(frame, tmp_path):
    assert our_bytes(frame, tmp_path) == pandas_bytes(frame, tmp_path)


def test_long_frames_are_written_in_pieces_that_join_up(tmp_path, monkeypatch):
    monkeypatch.setattr(outputs, "CSV_ROWS", 7)
    frame = pd.DataFrame({"code": [f"c{i}" for i in range(50)], "value": np.arange(50) / 7.0,
                          "gi_bin": np.arange(50) % 7 - 3})
    assert our_bytes(frame, tmp_path) == pandas_bytes(frame, tmp_path)
