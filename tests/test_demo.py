"""The built-in demo finds the hot and cold spots it planted."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from geo.demo import make_region


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    from tests.conftest import run_cli

    out = tmp_path_factory.mktemp("demo")
    # The README's first command, in a child process exactly as a user runs it.
    run = run_cli("demo", "--out", str(out), process=True)
    assert run.returncode == 0, run.stderr
    return out, run


def test_demo_writes_all_outputs(demo_run):
    out, run = demo_run
    for name in ("summary.json", "results.csv", "results.gpkg", "map.html", "demo_buurten.gpkg", "demo_data.csv"):
        assert (out / name).stat().st_size > 0, name
    # Staging folders live beside the output folder and are gone; the manifest says what vmgeo wrote.
    assert not list(out.parent.glob(f".{out.name}.vmgeo-new-*")), "staging folder left behind"
    assert not list(out.parent.glob(f".{out.name}.vmgeo-old-*")), "earlier results left behind"
    manifest = json.loads((out / ".vmgeo-manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["files"]) == {p.name for p in out.iterdir()} - {".vmgeo-manifest.json"}
    assert "Moran's I" in run.stdout


def test_demo_finds_planted_clusters(demo_run):
    out, _ = demo_run
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["synthetic"] is True
    hot, cold = set(summary["planted"]["hot"]), set(summary["planted"]["cold"])
    assert len(hot) >= 10 and len(cold) >= 10
    assert summary["moran"]["I"] > 0.3 and summary["moran"]["p"] <= 0.01

    results = pd.read_csv(out / "results.csv", dtype={"code": str}).set_index("code")
    hh = set(results.index[results["lisa_cluster"] == "HH"])
    ll = set(results.index[results["lisa_cluster"] == "LL"])
    # Most of what LISA calls hot lies in the planted hot clusters, and most of those are found.
    assert len(hh & hot) / len(hh) >= 0.7 and len(hh & hot) / len(hot) >= 0.6
    assert len(ll & cold) / len(ll) >= 0.5 and len(ll & cold) / len(cold) >= 0.6
    gi_hot = set(results.index[results["gi_bin"] >= 2])
    gi_cold = set(results.index[results["gi_bin"] <= -2])
    assert len(gi_hot & hot) / len(hot) >= 0.7 and len(gi_cold & cold) / len(cold) >= 0.6
    assert not (gi_hot & cold) and not (gi_cold & hot)


def test_demo_region_is_deterministic_and_labelled_synthetic():
    a, b = make_region(seed=11, n=80), make_region(seed=11, n=80)
    pd.testing.assert_frame_equal(a.table, b.table)
    assert a.boundaries.geometry.equals(b.boundaries.geometry)
    assert not make_region(seed=12, n=80).table.equals(a.table)
    assert a.boundaries["buurtnaam"].str.contains("Synthetische").all()
    assert a.boundaries["buurtcode"].str.match(r"^BU9901\d{4}$").all()
    assert a.boundaries.is_valid.all() and a.boundaries["buurtcode"].is_unique
    # The cells tile the region without overlaps.
    union_area = a.boundaries.union_all().area
    assert np.isclose(a.boundaries.area.sum(), union_area, rtol=1e-9)
