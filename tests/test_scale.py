"""geo.scale: --scale auto as Optimized Hot Spot Analysis chooses (outliers, cell size, distance band, FDR).

Checked against hand-made point sets whose answer is known (a planted
outlier, lattices of known spacing), against esda's Moran's I (binary
weights, z under randomisation) on libpysal's DistanceBand at every band,
and on the synthetic police export.
"""

from __future__ import annotations

import itertools
import json
import warnings

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from geo import scale, text
from geo.errors import AnalysisError, OptionError
from geo.grid import grid_aggregation
from geo.incidents import MICRO_HOT_SPOTS, Incidents, read_incidents, synthetic_export
from tests.conftest import write_partitions


def incidents(x, y) -> Incidents:
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    return Incidents(source="test", x=x, y=y, dates=None, types=None, rows=np.arange(2, len(x) + 2), read=len(x))


def lattice(spacing: float, n: int = 12, origin: tuple[float, float] = (150_000.0, 400_000.0)) -> Incidents:
    i, j = np.meshgrid(np.arange(n), np.arange(n))
    return incidents(origin[0] + spacing * i.ravel(), origin[1] + spacing * j.ravel())


def squares(nx: int, ny: int, values, size: float = 100.0) -> gpd.GeoDataFrame:
    boxes = [shapely.box(i * size, j * size, (i + 1) * size, (j + 1) * size) for j in range(ny) for i in range(nx)]
    return gpd.GeoDataFrame({"code": [f"S{k}" for k in range(len(boxes))], "value": np.asarray(values, float)},
                            geometry=boxes, crs="EPSG:28992")


def esda_curve(x, y, values, bands):
    from esda.moran import Moran
    from libpysal.weights import DistanceBand

    coords = np.column_stack([x, y])
    out = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for band in bands:
            w = DistanceBand(coords, threshold=band, binary=True, silence_warnings=True)
            m = Moran(np.asarray(values, float), w, transformation="B", permutations=0)
            out.append((m.I, m.z_rand))
    return out


def test_a_planted_outlier_is_dropped_and_counted():
    rng = np.random.default_rng(3)
    x = np.r_[150_000 + rng.uniform(0, 1000, 300), 170_000.0]  # the last one 20 km from the rest
    y = np.r_[400_000 + rng.uniform(0, 1000, 300), 420_000.0]
    choice = scale.auto(incidents(x, y))
    assert choice.outliers == 1 and not choice.keep[-1] and choice.keep[:-1].all()
    step = next(s for s in choice.steps if s["choice"] == "outliers")
    assert step["value"] == 1 and "3 standard deviations" in step["why"]
    kept = choice.kept(incidents(x, y))
    assert len(kept) == 300 and kept.rows[-1] == 301  # row numbers kept as in the file
    # Counted as files count them; none left out is no key at all, as files that exclude no place say (a review).
    assert kept.filtered.get("outlier") == 1
    none = scale.auto(lattice(100.0))
    assert none.outliers == 0 and "outlier" not in none.kept(lattice(100.0)).filtered
    # The limit is the mean nearest-neighbour distance plus three standard deviations, by brute force.
    d = np.hypot(x[:, None] - x[None], y[:, None] - y[None])
    np.fill_diagonal(d, np.inf)
    nearest = d.min(axis=1)
    assert np.array_equal(choice.keep, nearest <= nearest.mean() + 3 * nearest.std())


def test_coincident_incidents_are_one_location():
    # Every address twice: the nearest *non-coincident* neighbour, never 0 m.
    base = lattice(100.0, n=8)
    doubled = incidents(np.r_[base.x, base.x], np.r_[base.y, base.y])
    assert np.allclose(scale.nearest_distances(doubled.x, doubled.y), 100.0)
    assert scale.auto(doubled).cell == 100


@pytest.mark.parametrize("spacing, cell", [(60.0, 100), (100.0, 100), (230.0, 500), (500.0, 500), (700.0, 500),
                                           (720.0, 1000), (1500.0, 1000)])
def test_cell_size_from_nearest_neighbour_distance_snapped_to_cbs_sizes(spacing, cell):
    choice = scale.auto(lattice(spacing))
    assert choice.cell == cell and choice.outliers == 0
    step = next(s for s in choice.steps if s["choice"] == "cell")
    assert step["value"] == cell and f"({spacing:.0f} m)" in step["why"]


def test_given_cell_is_kept_and_fdr_is_on():
    choice = scale.auto(lattice(100.0), cell=1000)
    assert choice.cell == 1000
    assert {"choice": "cell", "value": 1000, "why": "given with --grid"} in choice.steps
    assert any(s["choice"] == "fdr" and s["value"] is True for s in choice.steps)
    json.dumps(choice.report())  # summary.json can hold it
    with pytest.raises(OptionError, match="250"):
        scale.auto(lattice(100.0), cell=250)


def test_only_incidents_in_the_study_area_set_the_scale():
    town = lattice(100.0, n=10)  # 100 incidents 100 m apart
    far = lattice(1500.0, n=10, origin=(200_000.0, 450_000.0))  # 100 incidents 1500 m apart, elsewhere
    both = incidents(np.r_[town.x, far.x], np.r_[town.y, far.y])
    area = gpd.GeoDataFrame(geometry=[shapely.box(149_950, 399_950, 151_050, 401_050)], crs="EPSG:28992")
    choice = scale.auto(both, study_area=area)
    assert choice.cell == 100 and choice.outliers == 0 and choice.keep.all()
    assert choice.steps[0] == {"choice": "study_area", "value": 100,
                               "why": "100 of 200 incidents lie in the study area; only they set the scale (the "
                                      "others are counted as outside it)"}
    assert choice.lines(lang="nl")[0] == ("Studiegebied: 100 van 200 incidenten liggen erin; alleen zij bepalen "
                                          "de schaal")
    # The expected distance by chance is that of 100 incidents in the study area's 1.21 km².
    pattern = next(s for s in choice.steps if s["choice"] == "pattern")
    assert pattern["value"] == pytest.approx(100.0 / (0.5 / np.sqrt(100 / 1.21e6)), rel=1e-3)
    assert scale.auto(both).cell != 100  # without it the far town counts as well


def test_a_study_area_too_big_for_small_squares_gets_larger_ones_and_says_why():
    """Incidents 100 m apart ask for 100 m squares; in a 100 x 100 km study area those would be a million
    (the national 100 m grid was killed at 24 GB): the next CBS size that stays within MAX_SQUARES is taken."""
    town = lattice(100.0, n=10, origin=(150_000.0, 400_000.0))
    small = gpd.GeoDataFrame(geometry=[shapely.box(149_000, 399_000, 152_000, 402_000)], crs="EPSG:28992")
    assert scale.auto(town, study_area=small).cell == 100
    big = gpd.GeoDataFrame(geometry=[shapely.box(100_000, 350_000, 200_000, 450_000)], crs="EPSG:28992")
    choice = scale.auto(town, study_area=big)
    area = 100_000.0 ** 2
    expected = next(c for c in (100, 500, 1000) if area / c ** 2 <= scale.MAX_SQUARES)
    assert choice.cell == expected == 500
    cells = [s for s in choice.steps if s["choice"] == "cell"]
    assert [s["value"] for s in cells] == [100, 500]
    assert any(line.startswith("Celgrootte: 500 m, want het studiegebied is 10.000 km²") for line in choice.lines())
    # A size given with --grid is the user's: kept, however many squares it makes.
    assert scale.auto(town, cell=100, study_area=big).cell == 100


def test_too_few_incidents_is_one_line():
    with pytest.raises(AnalysisError) as info:
        scale.auto(lattice(100.0, n=7))  # 49 incidents
    assert "60" in str(info.value) and "49" in str(info.value) and "\n" not in str(info.value)


def test_lines_follow_the_language():
    choice = scale.auto(lattice(1500.0))
    nl, en = choice.lines(lang="nl"), choice.lines(lang="en")
    assert len(nl) == len(en) == len(choice.steps)
    assert nl[2].startswith("Celgrootte: 1.000 m (gemiddelde afstand tot de dichtstbijzijnde buur 1.500 m")
    assert en[2].startswith("Cell size: 1,000 m (mean nearest-neighbour distance 1,500 m")
    assert all(text.has(key) for key, _ in choice._lines)


def blobs(nx: int = 18, ny: int = 14, sigma: float = 250.0, seed: int = 1) -> gpd.GeoDataFrame:
    frame = squares(nx, ny, np.zeros(nx * ny))
    cx, cy = frame.centroid.x.to_numpy(), frame.centroid.y.to_numpy()
    v = np.random.default_rng(seed).poisson(2, len(frame)).astype(float)
    for px, py in [(450, 450), (1300, 950)]:
        v += 20 * np.exp(-((cx - px) ** 2 + (cy - py) ** 2) / (2 * sigma ** 2))
    frame["value"] = v
    return frame


@pytest.mark.parametrize("jitter", [0.0, 0.01], ids=["lattice", "kd-tree"])
def test_incremental_moran_is_esdas_at_every_band(jitter):
    frame = blobs()
    x = frame.centroid.x.to_numpy() + np.random.default_rng(5).uniform(-jitter, jitter, len(frame))
    y = frame.centroid.y.to_numpy()
    bands = [100.0 * k + 50 * (jitter > 0) for k in range(1, 11 if jitter == 0 else 6)]
    ours = scale.incremental_moran(x, y, frame["value"].to_numpy(), bands)
    ref = esda_curve(x, y, frame["value"], bands)
    assert [p["band"] for p in ours] == bands
    assert np.allclose([p["moran_i"] for p in ours], [r[0] for r in ref])
    assert np.allclose([p["z"] for p in ours], [r[1] for r in ref])


def test_a_lone_square_far_away_does_not_stretch_the_bands():
    frame = blobs()
    lone = gpd.GeoDataFrame({"code": ["far"], "value": [3.0]}, geometry=[shapely.box(20_000, 20_000, 20_100, 20_100)],
                            crs="EPSG:28992")
    both = gpd.GeoDataFrame(pd.concat([frame, lone], ignore_index=True), crs="EPSG:28992")
    choice = scale.distance_band(both)
    bands = [p["band"] for p in choice.profile]
    assert bands == [100.0 * k for k in range(1, 11)] and all(p["islands"] == 1 for p in choice.profile)
    # With the island, the curve is still esda's (an island has no neighbours and adds nothing).
    z = [r[1] for r in esda_curve(both.centroid.x, both.centroid.y, both["value"], bands[:3])]
    assert np.allclose([p["z"] for p in choice.profile[:3]], z)
    if choice.band is not None:
        assert "without a neighbour" in choice.steps[0]["why"]


def test_band_at_the_first_peak_of_a_planted_cluster():
    frame = blobs()
    choice = scale.distance_band(frame)
    bands = [p["band"] for p in choice.profile]
    assert bands == [100.0 * k for k in range(1, 11)]  # every square has a neighbour at one cell; steps of one cell
    z = [r[1] for r in esda_curve(frame.centroid.x, frame.centroid.y, frame["value"], bands)]
    peak = next(i for i in range(1, 9) if z[i] > z[i - 1] and z[i] >= z[i + 1] and z[i] > 1.96)
    assert choice.weights == f"distance:{bands[peak]:.0f}" and choice.band == bands[peak]
    # Wider blobs cluster at a wider band.
    assert scale.distance_band(blobs(sigma=400.0)).band > choice.band
    json.dumps(choice.report())


@pytest.mark.parametrize("pattern", ["gradient", "noise"])
def test_no_peak_falls_back_to_nearest_neighbours(pattern):
    # A gradient clusters ever more strongly as the band widens (its scale lies beyond every band);
    # noise does not cluster at any band. Neither has a significant first peak.
    nx, ny = 20, 20
    values = ([float(i) for j in range(ny) for i in range(nx)] if pattern == "gradient"
              else np.random.default_rng(0).normal(size=nx * ny))
    choice = scale.distance_band(squares(nx, ny, values))
    z = [p["z"] for p in choice.profile]
    assert scale.first_peak(z) is None
    if pattern == "gradient":
        assert all(b > a for a, b in itertools.pairwise(z))
    else:
        assert max(z) < 1.96
    assert choice.weights == "knn:20" and choice.band is None  # 5% of 400 areas
    assert choice.steps[0]["value"] == "knn:20"
    assert choice.lines(lang="en")[0].startswith("No significant peak")
    assert choice.lines(lang="nl")[0].startswith("Geen significante piek")


def test_first_peak_needs_a_rise_a_fall_and_significance():
    assert scale.first_peak([1.0, 3.0, 2.5, 4.0, 1.0]) == 1
    assert scale.first_peak([1.0, 1.5, 1.2, 4.0, 1.0]) == 3  # 1.5 is no significant clustering
    assert scale.first_peak([5.0, 4.0, 3.0]) is None and scale.first_peak([1.0, 3.0, 5.0]) is None


def test_the_choice_does_not_depend_on_row_order():
    frame = blobs()
    shuffled = frame.sample(frac=1.0, random_state=4)
    a, b = scale.distance_band(frame), scale.distance_band(shuffled)
    assert a.weights == b.weights and np.allclose([p["z"] for p in a.profile], [p["z"] for p in b.profile])


def test_synthetic_export_outliers_cell_band_and_the_planted_hot_spot(tmp_path):
    from geo import weights
    from geo.grid import cell_codes
    from geo.stats.hotspots import gi_star

    path = synthetic_export(tmp_path / "export.csv", n=8000)
    found = read_incidents(path, x="X-coordinaat", y="Y-coordinaat", date="Pleegdatum")
    national = scale.auto(found)
    # The 10% spread evenly over the country are the outliers; the town incidents are not.
    assert 0 < national.outliers < 0.1 * len(found)
    again = scale.auto(found)
    assert again.cell == national.cell and np.array_equal(again.keep, national.keep)  # no randomness anywhere
    x0, y0 = MICRO_HOT_SPOTS[0][1:3]  # Stratumseind
    eindhoven = gpd.GeoDataFrame(geometry=[shapely.box(x0 - 3000, y0 - 3000, x0 + 3000, y0 + 3000)],
                                 crs="EPSG:28992")
    choice = scale.auto(found, study_area=eindhoven)
    assert choice.cell in (100, 500) and choice.steps[0]["choice"] == "study_area"
    frame = grid_aggregation(choice.kept(found), cell=choice.cell, study_area=eindhoven).frame
    band = scale.distance_band(frame, column="count")
    assert band.weights == scale.distance_band(frame.iloc[::-1], column="count").weights
    # With the choices of --scale auto (and FDR, and the normal z as ArcGIS bins it) the planted micro hot
    # spot is a hot spot at 99%.
    gi = gi_star(frame, "count", weights=weights.build(frame, kind=band.weights), permutations=0,
                 correction="fdr", inference="normal")
    square = cell_codes(np.array([int(x0 // choice.cell)]), np.array([int(y0 // choice.cell)]), cell=choice.cell)[0]
    assert gi.loc[gi["code"] == square, "gi_bin"].item() == 3


def test_a_missing_column_or_a_constant_value_is_one_line():
    with pytest.raises(Exception, match="'count'"):
        scale.distance_band(squares(5, 5, np.ones(25)), column="count")
    with pytest.raises(AnalysisError, match="dezelfde waarde"):
        scale.distance_band(squares(5, 5, np.ones(25)))


# --- Partitions, workers and hexagons (issue 18: --scale auto everywhere).


def test_the_choices_do_not_depend_on_the_incidents_order():
    """Partitions and workers read the incidents in another order than one file: the mean, the limit and every
    recorded choice must not change in the last bit (a plain mean of the distances in row order did)."""
    rng = np.random.default_rng(11)
    x = np.r_[150_000 + rng.gamma(2.0, 300.0, 5000), 170_000.0, 120_000.0]
    y = np.r_[400_000 + rng.gamma(2.0, 300.0, 5000), 420_000.0, 390_000.0]
    one = scale.auto(incidents(x, y))
    order = rng.permutation(len(x))
    other = scale.auto(incidents(x[order], y[order]))
    assert one.outliers >= 2 and json.dumps(one.report()) == json.dumps(other.report())
    assert np.array_equal(one.keep[order], other.keep) and np.array_equal(one.places, other.places)


def test_files_read_only_their_coordinates_and_leave_out_the_same_outliers(tmp_path):
    from geo.incidents import incident_files, read_coordinates

    path = synthetic_export(tmp_path / "export.csv", n=6000, bad_rows=6)
    columns = dict(x="X-coordinaat", y="Y-coordinaat", date="Pleegdatum")
    found = read_incidents(path, **columns)
    files = incident_files(write_partitions(path, tmp_path / "parts", dealt=True), **columns)
    seen = read_coordinates(files)
    assert seen.read == found.read == 6006 and len(seen) == len(found)
    assert np.array_equal(np.sort(seen.x + 1j * seen.y), np.sort(found.x + 1j * found.y))
    one, parts = scale.auto(found), scale.auto(seen)
    assert one.outliers > 10 and json.dumps(one.report()) == json.dumps(parts.report())
    # Counting the files while leaving the outliers' places out gives the counts of the incidents kept.
    kept = grid_aggregation(one.kept(found), cell=one.cell)
    counted = grid_aggregation(parts.kept_files(files), cell=parts.cell)
    assert counted.counted == kept.counted == len(found) - one.outliers
    assert counted.frame[["code", "count"]].equals(kept.frame[["code", "count"]])
    assert "x" not in repr(seen).lower().replace("coordinates", "")  # no coordinate in its repr


def test_hexagons_get_the_resolution_nearest_the_square_of_the_nearest_neighbour_distance():
    h3 = pytest.importorskip("h3")
    # 87 m between incidents: a square of 7,569 m²; H3 resolution 10 averages 15,047 m², 11 2,150 m².
    assert h3.average_hexagon_area(10, unit="m^2") == pytest.approx(15_047, rel=0.01)
    assert scale.hex_resolution(87.0) == 10 and scale.hex_resolution(200.0) == 9
    town = lattice(100.0, n=10)
    choice = scale.auto(town, hexagons=True)
    assert choice.cell is None and choice.resolution == scale.hex_resolution(100.0) == 10
    assert choice.report()["resolution"] == 10
    assert any(line.startswith("H3-zeshoeken: resolutie 10 (gemiddeld 0,015 km²") for line in choice.lines())
    assert "FDR-correctie aan: elke zeshoek is een eigen toets" in choice.lines()[-1]
    # Incidents 40 m apart would give resolution 11 (2,150 m²): as squares, never finer than a 100 m square.
    assert scale.hex_resolution(40.0) == 11
    close = scale.auto(lattice(40.0, n=12), hexagons=True)
    assert close.resolution == 10 and scale.auto(lattice(40.0, n=12)).cell == 100
    said = next(line for line in close.lines(lang="en") if line.startswith("Hexagons"))
    assert "nearest to a square of 100 m" in said and "40 m, is shorter" in said
    # A study area of 10,000 km² would hold 660,000 of them: coarser until at most MAX_SQUARES.
    big = gpd.GeoDataFrame(geometry=[shapely.box(100_000, 350_000, 200_000, 450_000)], crs="EPSG:28992")
    coarse = scale.auto(town, hexagons=True, study_area=big)
    assert coarse.resolution == 9 and 1e10 / h3.average_hexagon_area(9, unit="m^2") <= scale.MAX_SQUARES
    assert [s["value"] for s in coarse.steps if s["choice"] == "resolution"] == [10, 9]
    # A resolution given is the user's: kept, and only the band is chosen.
    given = scale.auto(town, hexagons=True, resolution=12, study_area=big)
    assert given.resolution == 12 and "given with --hex" in json.dumps(given.report())


@pytest.mark.parametrize("k", [16, 2])
def test_nearest_distances_without_the_outliers_are_those_of_a_new_tree(monkeypatch, k):
    """Without the outliers only the places whose nearest neighbour was one are asked again (10 million places
    took two trees and 117 s); the answer must be that of a tree of the places kept, also when all of a place's
    nearest few were outliers (``REQUERY_K`` 2 forces that path)."""
    from scipy.spatial import cKDTree

    monkeypatch.setattr(scale, "REQUERY_K", k)
    rng = np.random.default_rng(5)
    x = np.r_[rng.uniform(0, 5000, 3000), 20_000 + rng.uniform(0, 50, 40), 20_040.0]
    y = np.r_[rng.uniform(0, 5000, 3000), 20_000 + rng.uniform(0, 50, 40), 20_060.0]
    x, y = np.r_[x, x[:100]], np.r_[y, y[:100]]  # coincident incidents: one place each
    places = scale._Places.of(x, y)
    assert len(places.x) == 3041 and places.counts.sum() == len(x)
    far = np.zeros(len(places.x), dtype=bool)
    far[rng.choice(len(places.x), 300, replace=False)] = True
    far |= places.x >= 20_000  # the far cluster goes, but for one of its places
    far[np.flatnonzero(places.x >= 20_000)[0]] = False
    kept = np.column_stack([places.x[~far], places.y[~far]])
    expected = cKDTree(kept).query(kept, k=2)[0][:, 1]
    assert np.array_equal(places.without(far), expected)
