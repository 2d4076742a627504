"""The permutation chunks of the engine on a local 2-worker Dask cluster give byte for byte the in-process result."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from libpysal.weights import lat2W

from geo.errors import OptionError
from geo.stats import engine

distributed = pytest.importorskip("distributed", reason="dask[distributed] is not installed")

PERMUTATIONS = 99


@pytest.fixture(scope="module")
def cluster():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                      dashboard_address=None) as local, distributed.Client(local) as client:
            yield local, client


@pytest.fixture(scope="module")
def problem():
    """A 30 x 30 lattice (900 areas, 3 cardinalities, about 15 chunks) with a planted hot block and noise."""
    rng = np.random.default_rng(3)
    y = rng.poisson(4.0, 900).astype(float)
    y[np.add.outer(np.arange(10, 14) * 30, np.arange(5, 9)).ravel()] += 12
    x = y + rng.normal(0, 2, 900)
    return lat2W(30, 30, rook=False), y, x


def _arrays(result):
    if isinstance(result, engine.GlobalResult):
        return [np.float64(result.statistic).tobytes(), np.float64(result.p).tobytes(),
                np.float64(result.sim_mean).tobytes(), np.float64(result.sim_std).tobytes()]
    return [getattr(result, name).tobytes() for name in ("p", "greater", "lesser", "sim_mean", "sim_std", "z")]


def _run(stat, w, y, x, **options):
    if stat == "local_moran_bv":
        return engine.local_moran_bv(x, y, engine.weights_matrix(w, stat), permutations=PERMUTATIONS, seed=7,
                                     **options)
    return getattr(engine, stat)(y, engine.weights_matrix(w, stat), permutations=PERMUTATIONS, seed=7, **options)


@pytest.mark.parametrize("stat", ["local_moran", "gi_star", "local_geary", "local_moran_bv", "global_moran"])
def test_cluster_equals_in_process_bytewise(cluster, problem, stat):
    _, client = cluster
    w, y, x = problem
    in_process = _run(stat, w, y, x, n_jobs=1)
    on_cluster = _run(stat, w, y, x, scheduler=client)
    assert _arrays(on_cluster) == _arrays(in_process)
    if stat in ("local_moran", "gi_star"):
        # Not a vacuous comparison: the planted block is found, and p-values differ between areas.
        assert np.nanmin(on_cluster.p) == pytest.approx(2 / (PERMUTATIONS + 1))
        assert len(np.unique(on_cluster.p[np.isfinite(on_cluster.p)])) > 5


def test_distributed_block_by_address_reaches_calls_without_scheduler(cluster, problem):
    """``engine.distributed(address)`` runs every call in the block on the cluster (as analyse would be wrapped)."""
    local, client = cluster
    w, y, x = problem
    expected = [_run(stat, w, y, x, n_jobs=2) for stat in ("local_moran", "gi_star")]
    before = sum(client.run(lambda dask_worker: len(dask_worker.data) + dask_worker.state.executed_count).values())
    with engine.distributed(local.scheduler_address) as inside:
        assert inside is not None and inside is not client
        got = [_run(stat, w, y, x) for stat in ("local_moran", "gi_star")]
    after = sum(client.run(lambda dask_worker: len(dask_worker.data) + dask_worker.state.executed_count).values())
    assert after > before, "the block ran nothing on the cluster"
    assert [_arrays(r) for r in got] == [_arrays(r) for r in expected]
    assert inside.status == "closed"


def test_no_scheduler_stays_in_process(problem):
    w, y, x = problem
    with engine.distributed(None) as inside:
        assert inside is None
        got = _run("gi_star", w, y, x, n_jobs=1)
    assert _arrays(got) == _arrays(_run("gi_star", w, y, x, n_jobs=2))


def test_unreachable_scheduler_is_one_option_error(problem):
    import dask

    w, y, x = problem
    with (dask.config.set({"distributed.comm.timeouts.connect": "1s"}),
          pytest.raises(OptionError, match=r"127\.0\.0\.1:9")):
        _run("local_moran", w, y, x, scheduler="tcp://127.0.0.1:9")


def test_analyse_inside_a_distributed_block_gives_the_same_results_csv(cluster, testdata, tmp_path):
    """The wiring the CLI's --scheduler uses: geo.analyse inside engine.distributed(address), results bytewise equal.

    Moran's I, LISA and Gi* reach the engine through geo.stats, which passes no scheduler on: the block does.
    """
    import geopandas as gpd

    import geo

    local, client = cluster
    frame = gpd.read_file(testdata / "boundaries" / "gemeente_2023_rd.geojson")[["statcode", "geometry"]]
    rng = np.random.default_rng(11)
    centre = frame.geometry.centroid
    # Values that rise towards the south-east, with noise: a pattern for Moran's I, LISA and Gi* to find.
    trend = (centre.x - centre.x.min()) / 1e4 - (centre.y - centre.y.min()) / 1e4
    frame = frame.rename(columns={"statcode": "code"}).assign(value=(trend + rng.normal(0, 3, len(frame))).round(2),
                                                               analysed=True)

    def results(**block):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with engine.distributed(block.get("scheduler")):
                result = geo.analyse(frame, weights="queen", permutations=PERMUTATIONS, seed=3)
        return result, result.frame.drop(columns="geometry").to_csv(index=False).encode()

    before = sum(client.run(lambda dask_worker: dask_worker.state.executed_count).values())
    on_cluster, on_cluster_csv = results(scheduler=local.scheduler_address)
    after = sum(client.run(lambda dask_worker: dask_worker.state.executed_count).values())
    in_process, in_process_csv = results()
    assert after > before, "nothing ran on the cluster"
    assert on_cluster_csv == in_process_csv
    assert on_cluster.moran.p == in_process.moran.p == 2 / (PERMUTATIONS + 1)
    assert (on_cluster.frame["gi_bin"] != 0).sum() > 10 and (on_cluster.frame["lisa_cluster"] == "HH").sum() > 5
