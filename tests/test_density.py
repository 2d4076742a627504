"""Kernel density: ArcGIS's default bandwidth and quartic kernel against hand computations."""

from __future__ import annotations

import math

import numpy as np
import pytest

import geo.density
from geo.density import default_bandwidth, kernel_density, quartic
from geo.errors import DataError
from geo.incidents import Incidents

# Four incidents on the corners of a 200 m square, and one 10 km east of its centre.
SQUARE = [(161_000.0, 383_000.0), (161_200.0, 383_000.0), (161_000.0, 383_200.0), (161_200.0, 383_200.0)]
FAR = (171_100.0, 383_100.0)
# Four incidents on the corners of a 100 m square (the corners of square E1610N3830).
SMALL = [(161_000.0, 383_000.0), (161_100.0, 383_000.0), (161_000.0, 383_100.0), (161_100.0, 383_100.0)]


def points(xy) -> Incidents:
    x, y = (np.array(v, dtype=float) for v in zip(*xy))
    return Incidents(source="test", x=x, y=y, dates=None, types=None, rows=np.arange(2, len(x) + 2), read=len(x))


def test_default_bandwidth_by_hand():
    """ArcGIS: 0.9 * min(SD, sqrt(1/ln 2) * Dm) * n^-0.2, worked out by hand for five points."""
    # Mean centre: x = (4 * 161,100 + 171,100) / 5 = 163,100; y = 383,100.
    # Distances to it: two corners sqrt(2100^2 + 100^2) = 2102.380, two sqrt(1900^2 + 100^2) = 1902.630, the far
    # one 8000. Median Dm = 2102.380.
    # SD = sqrt((2 * 2100^2 + 2 * 1900^2 + 8000^2) / 5 + (4 * 100^2) / 5) = sqrt(16,016,000) = 4001.999.
    # sqrt(1 / ln 2) * Dm = 1.2011224 * 2102.380 = 2525.216 < SD, so the outlier does not widen the radius.
    # h = 0.9 * 2525.216 * 5 ** -0.2 = 0.9 * 2525.216 * 0.7247797 = 1647.20 m.
    x, y = zip(*[*SQUARE, FAR])
    assert default_bandwidth(np.array(x), np.array(y)) == pytest.approx(1647.20, abs=0.01)
    # Without the outlier SD and sqrt(1/ln 2) * Dm are 141.42 and 169.86: SD counts; h = 0.9 * 141.42 * 4 ** -0.2.
    x, y = zip(*SQUARE)
    assert default_bandwidth(np.array(x), np.array(y)) == pytest.approx(0.9 * 141.4214 * 0.7578583, abs=0.001)


def test_density_by_hand():
    """Quartic kernel 3 / (pi h^2) * (1 - (d/h)^2)^2, per km², at square centres, with a bandwidth of 150 m."""
    result = kernel_density(points(SMALL), cell=100, bandwidth=150, min_count=1)
    density = result.frame.set_index("code")["density"]
    one = 3 / (math.pi * 150**2) * (1 - (50**2 + 50**2) / 150**2) ** 2 * 1e6  # an incident 70.7 m away: 25.675
    assert one == pytest.approx(25.675, abs=0.001)
    # E1610N3830 (centre 161,050 383,050) has all four incidents at 70.7 m.
    assert density["E1610N3830"] == pytest.approx(4 * one, rel=1e-12)
    # E1610N3829 (centre 161,050 382,950) has the two southern ones at 70.7 m; the northern two are 158 m away.
    assert density["E1610N3829"] == pytest.approx(2 * one, rel=1e-12)
    # E1609N3829 (centre 160,950 382,950) sees only the south-western one.
    assert density["E1609N3829"] == pytest.approx(one, rel=1e-12)
    assert result.rule == "given" and result.method == "exact" and not result.raised
    # Every square whose centre lies within 150 m of an incident: E1609-E1611 by N3829-N3831 (E1612's centre is
    # 150 m from the nearest incident, where the kernel is zero).
    assert set(density.index) == {f"E{e}N{n}" for e in range(1609, 1612) for n in range(3829, 3832)}
    assert density.sum() == pytest.approx(16 * one)


def test_kernel_holds_one_incident():
    """The surface of one incident has volume one: density summed over 100 m squares times their area is n."""
    rng = np.random.default_rng(1)
    xy = list(zip(rng.uniform(150_000, 152_000, 40), rng.uniform(400_000, 402_000, 40)))
    result = kernel_density(points(xy), cell=100, bandwidth=1500, min_count=1)
    assert result.frame["density"].sum() * 0.01 == pytest.approx(40, rel=0.01)
    assert quartic(np.array([0.0, 1500.0, 2000.0]), 1500).tolist()[1:] == [0.0, 0.0]


def test_masked_where_few_incidents_contribute():
    result = kernel_density(points(SMALL), cell=100, bandwidth=150, min_count=4)
    frame = result.frame.set_index("code")
    assert len(frame) == 9 and frame["masked"].sum() == 8
    assert not frame.loc["E1610N3830", "masked"] and np.isnan(frame.loc["E1610N3829", "density"])
    assert result.report()["masked"] == 8


def test_bandwidth_never_below_the_cell_size():
    with pytest.warns(UserWarning, match=r"\(96 m\).*100 m gebruikt"):
        result = kernel_density(points(SQUARE), cell=100, min_count=1)
    assert result.bandwidth == 100 and result.raised and result.rule == "arcgis"
    with pytest.warns(UserWarning, match="smaller than a square; 500 m used"):
        kernel_density(points(SQUARE), cell=500, bandwidth=120, lang="en")


def test_given_squares_are_all_returned():
    import geopandas as gpd

    cells = gpd.GeoDataFrame({"code": ["E1610N3830", "E2000N4000"]}, geometry=[None, None])
    frame = kernel_density(points(SMALL), cell=100, bandwidth=150, cells=cells, min_count=1).frame
    assert frame["code"].tolist() == ["E1610N3830", "E2000N4000"]
    assert frame["masked"].tolist() == [False, True]


def test_binned_is_close_to_exact(monkeypatch):
    """Large inputs place incidents at their square's centre (FFT); with a wide bandwidth that changes little."""
    rng = np.random.default_rng(2)
    xy = list(zip(rng.normal(161_000, 800, 500), rng.normal(383_000, 800, 500)))
    exact = kernel_density(points(xy), cell=100, bandwidth=1200, min_count=1)
    monkeypatch.setattr(geo.density, "EXACT_PAIRS", 0)
    binned = kernel_density(points(xy), cell=100, bandwidth=1200, min_count=1, cells=exact.frame)
    assert binned.method == "binned" and exact.method == "exact"
    a, b = exact.frame["density"].to_numpy(), binned.frame["density"].to_numpy()
    assert np.nanmax(np.abs(a - b)) < 0.05 * np.nanmax(a)


def test_too_few_incidents():
    with pytest.raises(DataError, match="minstens 2"):
        kernel_density(points(SQUARE[:1]), cell=100)
    with pytest.raises(DataError, match="één plek"):
        kernel_density(points([SQUARE[0], SQUARE[0]]), cell=100)
