"""A grid of many villages: the separate parts of the neighbour graph stay a readable line and a small summary.

A national grid of squares has tens of thousands of separate parts; the terminal printed every one of them (a line
of 3 MB at 400,000 squares that stalled a pipe) and summary.json held them all (9 MB).
"""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.analysis import PARTS_IN_NOTE
from geo.summary import SUMMARY_PARTS
from tests.conftest import run_cli


def test_many_separate_parts_are_cut_to_the_first_ones(tmp_path):
    rng = np.random.default_rng(3)
    x0, y0 = 100_000, 400_000  # in the Netherlands (RD New)
    boxes, codes = [], []
    villages = SUMMARY_PARTS + 30
    for v in range(villages):  # pairs of squares far apart: each pair is a separate part
        for s in range(2):
            boxes.append(shapely.box(x0 + v * 1000 + s * 100, y0, x0 + v * 1000 + s * 100 + 100, y0 + 100))
            codes.append(f"V{v:03d}S{s}")
    for i in range(8):  # the main part: a town of 64 squares
        for j in range(8):
            boxes.append(shapely.box(x0 + i * 100, y0 + 5000 + j * 100, x0 + i * 100 + 100, y0 + 5100 + j * 100))
            codes.append(f"T{i}{j}")
    gpd.GeoDataFrame({"code": codes, "name": codes}, geometry=boxes, crs="EPSG:28992").to_file(
        tmp_path / "dorpen.gpkg", engine="pyogrio")
    pd.DataFrame({"code": codes, "aantal": rng.poisson(5, len(codes))}).to_csv(tmp_path / "aantal.csv", index=False)
    done = run_cli("hotspots", "--boundaries", str(tmp_path / "dorpen.gpkg"), "--data", str(tmp_path / "aantal.csv"),
                   "--code-column", "code", "--value", "aantal", "--permutations", "99", "--layers", "value",
                   "--out", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["components"] == villages + 1 and summary["separate_parts_total"] == villages
    assert len(summary["separate_parts"]) == SUMMARY_PARTS
    line = next(x for x in done.stdout.splitlines() if "losse delen" in x)
    assert line.count("V0") == 2 * PARTS_IN_NOTE  # two squares named per part shown
    assert line.endswith(f"en nog {villages - PARTS_IN_NOTE} delen") and f"V{villages - 1:03d}" not in line
