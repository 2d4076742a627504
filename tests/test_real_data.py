"""The real 2023 gemeenten and registered crimes per gemeente, from tests/data."""

from __future__ import annotations

import json
import warnings

import esda
import numpy as np
import pandas as pd
import pytest
from libpysal.weights import Queen, W

import geo
from geo import categories as cat

WADDEN = {"GM0060": "Ameland", "GM0088": "Schiermonnikoog", "GM0093": "Terschelling",
          "GM0096": "Vlieland", "GM0448": "Texel"}


@pytest.fixture(scope="module")
def prepared(gemeenten_rd, crimes_csv):
    boundaries = geo.load_boundaries(gemeenten_rd)
    table = geo.read_table(crimes_csv)
    joined = geo.join(boundaries, table, code_column="nummer")
    return geo.prepare(joined, value="misdaad", population="bevolking")


def direct_rate(gemeenten_rd, crimes_csv) -> pd.Series:
    """The rate computed without vmgeo: pandas on the raw CSV, codes padded by hand."""
    raw = pd.read_csv(crimes_csv, dtype={"nummer": str})
    raw["code"] = "GM" + raw["nummer"].str.zfill(4)
    return (raw.set_index("code")["misdaad"] / raw.set_index("code")["bevolking"] * 1000)


def test_every_gemeente_matches(prepared):
    report = prepared.join
    assert report.matched == 342
    assert report.data_only == [] and report.boundaries_only == []


def test_wadden_islands_are_found_and_attached(prepared, gemeenten_rd, crimes_csv):
    result = geo.analyse(prepared, weights="queen", islands="attach", permutations=99, seed=1)
    assert set(result.summary["islands"]) == set(WADDEN)
    # Each island hangs on one mainland gemeente, and the link is symmetric.
    attached = result.summary["attached"]
    assert set(attached) == set(WADDEN) and not set(attached.values()) & set(WADDEN)
    assert attached["GM0448"] == "GM0400"  # Texel -> Den Helder

    # Moran's I equals esda on the same graph built independently: libpysal queen plus the same links.
    frame = prepared.frame.reset_index(drop=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        w = Queen.from_dataframe(frame, use_index=False)
        position = {c: i for i, c in enumerate(frame["code"])}
        neighbours = {i: list(w.neighbors[i]) for i in range(len(frame))}
        for island, target in attached.items():
            neighbours[position[island]].append(position[target])
            neighbours[position[target]].append(position[island])
        rate = direct_rate(gemeenten_rd, crimes_csv).reindex(frame["code"]).to_numpy()
        ref = esda.Moran(rate, W(neighbours), permutations=0)
    assert abs(result.summary["moran"]["I"] - ref.I) < 1e-9
    assert result.summary["lisa"]["island"] == 0


def test_wadden_islands_excluded_are_never_hot_or_cold(prepared, gemeenten_rd, crimes_csv):
    result = geo.analyse(prepared, weights="queen", islands="exclude", permutations=99, seed=1)
    assert set(result.summary["islands"]) == set(WADDEN)
    assert result.summary["n"] == 342 - 5
    frame = result.frame.set_index("code")
    assert (frame.loc[list(WADDEN), "lisa_cluster"] == cat.ISLAND).all()
    assert (frame.loc[list(WADDEN), "gi_category"] == cat.ISLAND).all()
    assert frame.loc[list(WADDEN), "lisa_p"].isna().all()
    assert result.summary["lisa"]["island"] == 5
    assert sum(result.summary["gi_star"].values()) == 342 - 5

    mainland = prepared.frame[~prepared.frame["code"].isin(list(WADDEN))].reset_index(drop=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        w = Queen.from_dataframe(mainland, use_index=False)
    rate = direct_rate(gemeenten_rd, crimes_csv).reindex(mainland["code"]).to_numpy()
    assert abs(result.summary["moran"]["I"] - esda.Moran(rate, w, permutations=0).I) < 1e-9


def test_cli_on_real_files(cli, tmp_path, gemeenten_rd, crimes_csv):
    out = tmp_path / "out"
    run = cli("hotspots", "--boundaries", str(gemeenten_rd), "--data", str(crimes_csv), "--code-column", "nummer",
              "--value", "misdaad", "--population", "bevolking", "--permutations", "199", "--out", str(out))
    assert run.returncode == 0, run.stderr
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert set(summary["islands"]) == set(WADDEN)
    assert summary["n"] == 342 and summary["weights"] == "queen" and summary["permutations"] == 199
    assert set(summary["lisa"]) == {"HH", "LL", "LH", "HL", "not_significant", "island"}
    assert sum(summary["lisa"].values()) == 342
    assert set(summary["gi_star"]) == {"hot_99", "hot_95", "hot_90", "cold_90", "cold_95", "cold_99",
                                       "not_significant"}
    assert sum(summary["gi_star"].values()) == 342
    assert summary["unmatched"] == {"data_only": [], "boundaries_only": []}
    assert "Moran's I" in run.stdout and "Traceback" not in run.stderr

    results = pd.read_csv(out / "results.csv", dtype={"code": str})
    assert len(results) == 342
    rate = direct_rate(gemeenten_rd, crimes_csv)
    np.testing.assert_allclose(results.set_index("code")["rate"].reindex(rate.index), rate, rtol=1e-12)
    assert results.loc[results["code"].isin(list(WADDEN)), "island"].all()

    import pyogrio

    info = pyogrio.read_info(out / "results.gpkg", layer="hotspots")
    assert info["features"] == 342 and "EPSG" in info["crs"] and "28992" in info["crs"]
