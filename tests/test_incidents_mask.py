"""'Outside the Netherlands' is the national mask, not the RD New bounding box (issue 18).

The box RD_EXTENT also holds Aachen, Antwerp, Emden and a wide strip of North Sea; the mask
(geo/data/nl_mask_1km.json, made by docs/make_nl_mask.py from the 342 gemeenten of 2023 in
tests/data/boundaries) holds the 1 km squares within 1 km of Dutch land, enclosed waters and the
Wadden and Zeeland waters.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys

import geopandas as gpd
import numpy as np
import pytest
import shapely
from pyproj import Transformer

from geo.incidents import NATIONAL_MASK, RD_EXTENT, in_netherlands, national_mask, read_incidents
from tests.conftest import REPO, TESTDATA

GEMEENTEN = TESTDATA / "boundaries" / "gemeente_2023_rd.geojson"
#: Longitude, latitude (WGS84) of places the box lets through but that are not Dutch.
FOREIGN = {"Aachen": (6.0839, 50.7753), "Antwerpen": (4.4025, 51.2194), "Emden": (7.2060, 53.3594)}
#: Dutch water and harbours the generalised gemeenten leave out or only touch.
WATER_AND_ISLANDS = {
    "IJsselmeer": (5.35, 52.80), "Markermeer": (5.20, 52.52), "Waddenzee, Harlingen-Terschelling": (5.30, 53.25),
    "Waddenzee, south of Ameland": (5.75, 53.38), "Oosterschelde": (3.95, 51.58), "Westerschelde": (3.75, 51.42),
    "Texel": (4.80, 53.05), "Vlieland": (5.07, 53.296), "Terschelling": (5.22, 53.36), "Ameland": (5.77, 53.44),
    "Schiermonnikoog": (6.20, 53.48), "Eemshaven": (6.83, 53.44), "Maasvlakte": (4.03, 51.96),
    "IJmuiden": (4.60, 52.46), "Den Helder": (4.78, 52.96), "Harlingen": (5.41, 53.175),
}
TO_RD = Transformer.from_crs(4326, 28992, always_xy=True)


@pytest.fixture(scope="module")
def gemeenten() -> gpd.GeoDataFrame:
    return gpd.read_file(GEMEENTEN)


def rd(places: dict[str, tuple[float, float]]) -> tuple[np.ndarray, np.ndarray]:
    x, y = TO_RD.transform(*np.array(list(places.values())).T)
    return np.asarray(x), np.asarray(y)


def north_sea() -> tuple[float, float]:
    """A point 30 km west of Zandvoort's coast, in the North Sea but inside RD_EXTENT."""
    x, y = TO_RD.transform(4.53, 52.37)
    return float(x) - 30_000.0, float(y)


def test_foreign_points_and_the_north_sea_are_dropped_by_row_number(tmp_path, gemeenten):
    x, y = rd(FOREIGN)
    sx, sy = north_sea()
    x, y = np.r_[x, sx], np.r_[y, sy]
    # Each of them lies inside the box the reader used to check, and away from Dutch land.
    xmin, xmax, ymin, ymax = RD_EXTENT
    assert ((x >= xmin) & (x < xmax) & (y >= ymin) & (y < ymax)).all()
    land = shapely.union_all(shapely.make_valid(gemeenten.geometry.to_numpy()))
    assert shapely.distance(land, shapely.points(x, y)).min() > 3_000
    # Among Dutch rows (Eindhoven), as an export would have them: rows 3 to 6 of the file.
    dutch = [f"{161_578 + 10 * i},3;383238,1;12-03-2022" for i in range(5)]
    lines = ["x;y;datum", dutch[0]]
    lines += [f"{a:.1f};{b:.1f};12-03-2022".replace(".", ",") for a, b in zip(x, y, strict=True)]
    lines += dutch[1:]
    path = tmp_path / "export.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    inc = read_incidents(path, x="x", y="y", date="datum")
    assert inc.dropped["outside_netherlands"].tolist() == [3, 4, 5, 6]
    assert inc.rows.tolist() == [2, 7, 8, 9, 10] and inc.report()["dropped"]["outside_netherlands"] == 4


def test_a_point_in_every_part_of_every_gemeente_is_kept(gemeenten):
    parts = gemeenten.geometry.apply(shapely.make_valid).explode(index_parts=False)
    parts = parts[parts.geom_type == "Polygon"]
    points = shapely.point_on_surface(parts.to_numpy())
    inside = in_netherlands(shapely.get_x(points), shapely.get_y(points))
    assert gemeenten["statcode"].nunique() == 342 and len(points) >= 342
    assert set(gemeenten.loc[parts.index[~inside], "statcode"]) == set()
    assert inside.all()


def test_water_islands_and_harbours_are_kept_with_lon_lat(tmp_path):
    """Through the reader, with --crs EPSG:4326: a burglary on a boat on the IJsselmeer is Dutch."""
    path = tmp_path / "water.csv"
    rows = [f"{lon};{lat};01-06-2023" for lon, lat in WATER_AND_ISLANDS.values()]
    path.write_text("lon;lat;datum\n" + "\n".join(rows) + "\n", encoding="utf-8")
    inc = read_incidents(path, x="lon", y="lat", date="datum", crs="EPSG:4326")
    assert inc.dropped_counts["outside_netherlands"] == 0 and len(inc) == len(WATER_AND_ISLANDS)


def test_the_mask_is_what_the_script_makes_from_the_recorded_input(tmp_path):
    """Provenance: the input's SHA-256 is recorded, and re-running the script gives the same file."""
    record = json.loads(NATIONAL_MASK.read_text(encoding="utf-8"))
    assert record["input_sha256"] == hashlib.sha256(GEMEENTEN.read_bytes()).hexdigest()
    assert record["buffer_m"] == 1000 and "CC BY 4.0" in record["licence"]
    assert record["squares"] == int(national_mask().sum()) and list(national_mask().shape) == record["shape"]
    out = tmp_path / "mask.json"
    done = subprocess.run([sys.executable, str(REPO / "docs" / "make_nl_mask.py"), str(GEMEENTEN), "--out", str(out)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == NATIONAL_MASK.read_bytes()
    assert NATIONAL_MASK.stat().st_size < 8_000


def test_a_point_is_looked_up_by_its_square():
    """mask[row, column] of the 1 km square, as geo.grid numbers squares; NaN and far away are outside."""
    mask = national_mask()
    rows, columns = np.nonzero(mask)
    x, y = columns * 1000.0 + 999.9, rows * 1000.0 + 300_000.0
    assert in_netherlands(x, y).all()
    rows, columns = np.nonzero(~mask)
    assert not in_netherlands(columns * 1000.0 + 0.1, rows * 1000.0 + 300_999.9).any()
    assert not in_netherlands(np.array([np.nan, 5.48, -1.0, 1e30]), np.array([400_000.0, 51.44, 400_000.0, 1e30])).any()


def test_the_benchmark_runs_small(capsys):
    """benchmarks/bench_national_mask.py keeps working (it asserts no time)."""
    from benchmarks import bench_national_mask

    result = bench_national_mask.main(["--n", "20000", "--peer-n", "20000"])
    assert "ratio peer/vmgeo time" in capsys.readouterr().out
    # The mask and the gemeenten grown by 1 km disagree only at the edges and on the waters: a few percent.
    assert 0 < result["differ"] < 0.08 * 20_000


def test_a_missing_mask_is_one_line_not_a_fallback_to_the_box(monkeypatch, tmp_path):
    from geo import incidents
    from geo.errors import InputFileError

    monkeypatch.setattr(incidents, "NATIONAL_MASK", tmp_path / "nl_mask_1km.json")
    incidents.national_mask.cache_clear()
    try:
        with pytest.raises(InputFileError, match=r"nl_mask_1km\.json (ontbreekt|is missing)") as caught:
            in_netherlands(np.array([161_578.0]), np.array([383_238.0]))
        assert "\n" not in str(caught.value)
    finally:
        incidents.national_mask.cache_clear()


def test_synthetic_export_refuses_negative_earlier_years(tmp_path):
    from geo.errors import OptionError
    from geo.incidents import synthetic_export

    with pytest.raises(OptionError, match="earlier_years"):
        synthetic_export(tmp_path / "x.csv", n=10, earlier_years=-1)
