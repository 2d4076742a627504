"""Incidents in H3 hexagons (geo.hexes): counts as a spatial join finds them, zeros in the study area."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import h3
import numpy as np
import pytest
import shapely

from geo.errors import OptionError
from geo.hexes import hex_aggregation, hexes_in
from geo.incidents import Incidents, read_incidents


def _incidents(n: int, seed: int, centre: tuple[float, float], spread: float) -> Incidents:
    rng = np.random.default_rng(seed)
    x = rng.normal(centre[0], spread, n)
    y = rng.normal(centre[1], spread, n)
    return Incidents(source="synthetic", x=x, y=y, dates=None, types=None, rows=np.arange(2, n + 2), read=n)


@pytest.fixture(scope="module")
def eindhoven(testdata: Path) -> gpd.GeoDataFrame:
    frame = gpd.read_file(testdata / "boundaries" / "gemeente_2023_rd.geojson", engine="pyogrio")
    code = next(c for c in frame.columns if frame[c].astype(str).eq("GM0772").any())
    return frame[frame[code] == "GM0772"]


def _joined(incidents: Incidents, frame: gpd.GeoDataFrame) -> "np.ndarray":
    """Counts per hexagon of a geopandas sjoin of the points into the hexagon polygons (in frame order)."""
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(incidents.x, incidents.y), crs="EPSG:28992")
    joined = gpd.sjoin(points, frame[["code", "geometry"]], predicate="within")
    return joined.groupby("code").size().reindex(frame["code"]).fillna(0).to_numpy(dtype=int)


@pytest.mark.parametrize("resolution", [8, 9])
def test_counts_equal_a_spatial_join_of_the_points_into_the_hexagons(resolution):
    incidents = _incidents(4000, resolution, (161_800.0, 383_800.0), 1500.0)
    agg = hex_aggregation(incidents, resolution=resolution)
    frame = agg.frame
    assert list(frame.columns) == ["code", "count", "geometry"] and frame.crs.to_epsg() == 28992
    assert list(frame["code"]) == sorted(frame["code"]) and (frame["count"] > 0).all()
    assert all(h3.get_resolution(c) == resolution for c in frame["code"])
    np.testing.assert_array_equal(frame["count"].to_numpy(), _joined(incidents, frame))
    assert agg.counted == len(incidents) and agg.outside == 0 and agg.target == "hex" and agg.cell is None
    # The polygons are H3's hexagons: their area is H3's within half a percent (H3 measures on a sphere,
    # RD New on the Bessel ellipsoid; at 51.5° N their area elements differ by about 0.35%).
    areas = frame.geometry.area.to_numpy()
    exact = np.array([h3.cell_area(c, unit="m^2") for c in frame["code"]])
    np.testing.assert_allclose(areas, exact, rtol=5e-3)


def test_every_hexagon_meeting_the_study_area_is_there_zeros_included(eindhoven):
    incidents = _incidents(3000, 3, (161_500.0, 384_500.0), 2500.0)
    agg = hex_aggregation(incidents, resolution=9, study_area=eindhoven)
    frame = agg.frame
    area = eindhoven.geometry.union_all()
    # H3's own fill with partial overlap (an independent route) finds the same hexagons, apart from any
    # that only touch the boundary (their interiors do not meet the area; vmgeo leaves them out).
    ring = [[(lat, lon) for lon, lat in part.exterior.coords] for part in
            shapely.get_parts(eindhoven.to_crs("EPSG:4326").geometry.union_all())]
    theirs = set()
    for outer in ring:
        theirs |= set(h3.h3shape_to_cells_experimental(h3.LatLngPoly(outer), 9, contain="overlap"))
    ours = set(frame["code"])
    assert ours <= theirs
    for extra in theirs - ours:
        hexagon = gpd.GeoSeries.from_wkt([shapely.to_wkt(shapely.Polygon(
            [(lon, lat) for lat, lon in h3.cell_to_boundary(extra)]))], crs="EPSG:4326").to_crs("EPSG:28992")[0]
        assert hexagon.intersection(area).area < 1.0, extra
    assert (frame["count"] == 0).sum() > 100  # zeros are present
    np.testing.assert_array_equal(frame["count"].to_numpy(), _joined(incidents, frame))
    # Every incident inside the study area is counted; those outside every hexagon are `outside`.
    points = shapely.points(incidents.x, incidents.y)
    inside_area = int(shapely.contains(area, points).sum())
    assert agg.counted >= inside_area and agg.counted + agg.outside == len(incidents)
    assert agg.outside == int((~shapely.contains(frame.geometry.union_all(), points)).sum())
    assert list(hexes_in(eindhoven, resolution=9)) == list(frame["code"])


def test_a_study_area_smaller_than_a_hexagon_keeps_the_hexagons_it_meets():
    corner = shapely.Point(161_800.0, 383_800.0).buffer(20.0)
    found = hexes_in([corner], resolution=8)
    assert 1 <= len(found) <= 3
    assert h3.latlng_to_cell(*_latlon(161_800.0, 383_800.0), 8) in set(found)


def _latlon(x: float, y: float) -> tuple[float, float]:
    from pyproj import Transformer

    lon, lat = Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True).transform(x, y)
    return lat, lon


@pytest.mark.parametrize("resolution", [16, -1, 9.5, True, "9"])
def test_a_resolution_that_is_not_h3s_is_one_line(resolution):
    with pytest.raises(OptionError) as caught:
        hex_aggregation(_incidents(10, 1, (161_800.0, 383_800.0), 100.0), resolution=resolution)
    line = caught.value.args[0]
    assert "\n" not in line and "--hex" in line and repr(resolution) in line and "15" in line


def test_the_report_records_what_was_read_and_counted(testdata):
    incidents = read_incidents(testdata / "incidents" / "bvh_export_cp1252.csv", x="X-coördinaat",
                               y="Y-coördinaat", date="Pleegdatum")
    agg = hex_aggregation(incidents, resolution=7)
    report = agg.report()
    assert report["target"] == "hex" and report["cell"] is None and report["resolution"] == 7
    assert report["read"] == 12 and report["counted"] == len(incidents) == 7 and report["outside"] == 0
    assert report["areas"] == len(agg.frame) and sum(report["dropped"].values()) == 5


@pytest.mark.parametrize("hex_args", [["--hex", "9"], ["--hex", "--scale", "auto"]])
def test_without_h3_hex_is_one_line_before_the_export_is_read(monkeypatch, tmp_path, testdata, hex_args):
    """A review: without h3 the refusal came only after the whole export (or every coordinate) was read."""
    import sys

    from geo import readers
    from tests.conftest import error_line, run_cli

    def never(*args, **kwargs):
        raise AssertionError("the export was read")

    monkeypatch.setitem(sys.modules, "h3", None)  # import h3 raises ImportError
    monkeypatch.setattr(readers, "_read_points", never)
    done = run_cli("hotspots", "--incidents", str(tmp_path / "export.csv"), "--x", "x", "--y", "y", *hex_args,
                   "--boundaries", str(testdata / "boundaries" / "gemeente_2023_rd.geojson"),
                   "--out", str(tmp_path / "out"), "--lang", "en")
    error_line(done, "--hex", "h3")
