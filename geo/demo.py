"""A synthetic demo region with planted hot and cold spots.

The region is generated, never downloaded: a gemeente-like area of a few
hundred buurt-like Voronoi polygons in RD New coordinates, grouped into
wijken, with CBS-style codes under the non-existent gemeente number 9901.
Population, registered crimes (with two planted hot clusters and one cold
cluster) and a Veiligheidsmonitor-like percentage with a 95% margin are
drawn from a seeded generator, so the same seed gives the same region.
Every name says that it is synthetic.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .incidents import MICRO_HOT_SPOTS, SYNTHETIC_COLUMNS, TOWNS
from .settings import ANALYSIS_CRS, DEFAULT_SEED, DEMO_REGION_SEED

if TYPE_CHECKING:
    from pathlib import Path

    import geopandas as gpd
    import numpy as np
    import pandas as pd

DEMO_GEMEENTE = "GM9901"
DEMO_NAME = "Demogemeente (synthetisch)"
#: Centre of the region in RD New: open water in the North Sea, far from any real gemeente.
CENTRE = (40_000.0, 560_000.0)
BASE_RATE = 40.0  # registered crimes per 1,000 inhabitants
#: Planted clusters: (x offset, y offset in metres from the centre, radius, rate multiplier).
PLANTED = (
    (-4_000.0, 3_000.0, 2_300.0, 3.0),
    (4_500.0, -3_500.0, 2_000.0, 2.6),
    (3_500.0, 4_000.0, 2_300.0, 0.25),
)


#: ``vmgeo demo --incidents``: the study area is a square of this size (metres) around Eindhoven's centre,
#: where ``synthetic_export`` plants the Stratumseind micro hot spot; the export has this many incidents
#: in :data:`INCIDENTS_YEARS`, and the same per day in the :data:`INCIDENTS_EARLIER_YEARS` years before
#: (written after them, from streams of their own: the rows of 2021-2023 are those of an export without them).
INCIDENTS_AREA = 6_000.0
INCIDENTS_N = 50_000
INCIDENTS_YEARS = (2021, 2023)
#: ``vmgeo trend --incidents`` judges the latest month against the same months of the three years before:
#: 37 months (39 with ``--months 3``), one more than 2021-2023 holds. A whole year keeps the quarters and
#: years of ``--interval`` whole.
INCIDENTS_EARLIER_YEARS = 1
#: The code and name of the demo's study area (no real area has them).
INCIDENTS_AREA_CODE = "SG9901"
INCIDENTS_AREA_NAME = "Studiegebied Eindhoven-centrum (synthetisch)"


@dataclass(frozen=True)
class DemoIncidents:
    """The inputs of ``vmgeo demo --incidents``: where the export and study area are, and the planted spot."""

    export: "Path"
    study_area: "Path"
    #: The columns to give to ``--x``, ``--y``, ``--date`` and ``--type``.
    columns: dict[str, str]
    #: The planted micro hot spot inside the study area: its name and RD New point.
    planted: tuple[str, float, float]


def incidents_study_area() -> "gpd.GeoDataFrame":
    """A square of :data:`INCIDENTS_AREA` metres around Eindhoven's centre (RD New), the demo's study area.

    Drawn here, not downloaded (the demo works offline); it holds the planted
    Stratumseind spot of :func:`geo.incidents.synthetic_export` and the
    Eindhoven town centre around it.
    """
    import geopandas as gpd
    import shapely

    _, cx, cy, _ = next(t for t in TOWNS if t[0] == "Eindhoven")
    half = INCIDENTS_AREA / 2
    return gpd.GeoDataFrame({"code": [INCIDENTS_AREA_CODE], "name": [INCIDENTS_AREA_NAME]},
                            geometry=[shapely.box(cx - half, cy - half, cx + half, cy + half)], crs=ANALYSIS_CRS)


def write_incident_inputs(folder: "Path", *, n: int = INCIDENTS_N, seed: int = DEFAULT_SEED) -> DemoIncidents:
    """Write a synthetic police export (``demo_incidenten.csv``) and the study area (``demo_studiegebied.gpkg``).

    The export reaches from 2020 to 2023 (:data:`INCIDENTS_EARLIER_YEARS`),
    long enough for ``vmgeo trend --incidents``. ``vmgeo demo --incidents``
    gives its ``--region-seed`` as ``seed``.
    """
    from .incidents import synthetic_export

    export = synthetic_export(folder / "demo_incidenten.csv", n=n, seed=seed, years=INCIDENTS_YEARS,
                              earlier_years=INCIDENTS_EARLIER_YEARS)
    area = folder / "demo_studiegebied.gpkg"
    incidents_study_area().to_file(area, layer="studiegebied", driver="GPKG", engine="pyogrio")
    name, sx, sy, _, _ = MICRO_HOT_SPOTS[0]
    x, y, date, kind = SYNTHETIC_COLUMNS[1:]
    return DemoIncidents(export=export, study_area=area, columns={"x": x, "y": y, "date": date, "type": kind},
                         planted=(name, float(sx), float(sy)))


@dataclass(frozen=True)
class DemoRegion:
    """The generated boundaries and table, and where the clusters were planted."""

    boundaries: "gpd.GeoDataFrame"
    table: "pd.DataFrame"
    hot: list[str]
    cold: list[str]


def make_region(*, seed: int = DEMO_REGION_SEED, n: int = 300, wijken: int = 12) -> DemoRegion:
    """Generate the synthetic region.

    Parameters
    ----------
    seed
        Seed of every random draw.
    n
        Number of buurt-like polygons.
    wijken
        Number of wijk-like groups.

    Returns
    -------
    DemoRegion
        ``boundaries`` (EPSG:28992, columns ``buurtcode``, ``buurtnaam``,
        ``wijkcode``, ``wijknaam``, ``gemeentecode``) and ``table``
        (``buurtcode``, ``inwoners``, ``misdrijven``, ``onveilig_pct``,
        ``onveilig_marge``, ``respondenten``), with the codes of the buurten
        inside the planted hot and cold clusters.
    """
    import geopandas as gpd
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    cx, cy = CENTRE
    pts, geoms = _cells(rng, n)
    buurt_codes, buurt_names, wijk_codes, wijk_names = _names(pts, wijken=wijken, seed=seed)

    population = np.round(rng.lognormal(mean=np.log(1_400), sigma=0.5, size=n)).astype(int) + 50
    multiplier = np.ones(n)
    hot: list[str] = []
    cold: list[str] = []
    for dx, dy, r, m in PLANTED:
        inside = np.hypot(pts[:, 0] - (cx + dx), pts[:, 1] - (cy + dy)) <= r
        multiplier[inside] = m
        (hot if m > 1 else cold).extend(np.array(buurt_codes)[inside].tolist())
    expected = population / 1000 * BASE_RATE * multiplier * rng.lognormal(0, 0.15, size=n)
    crimes = rng.poisson(expected)

    # CBS aims for about 300 responses per gemeente; buurt samples of 150-600 keep most figures readable.
    respondents = rng.integers(150, 600, size=n)
    share = np.clip(0.12 + 0.06 * np.log(multiplier) + rng.normal(0, 0.02, size=n), 0.02, 0.9)
    observed = rng.binomial(respondents, share) / respondents
    margin = 1.96 * np.sqrt(np.maximum(observed * (1 - observed), 0.01) / respondents)

    boundaries = gpd.GeoDataFrame(
        {
            "buurtcode": buurt_codes,
            "buurtnaam": buurt_names,
            "wijkcode": wijk_codes,
            "wijknaam": wijk_names,
            "gemeentecode": DEMO_GEMEENTE,
            "gemeentenaam": DEMO_NAME,
        },
        geometry=geoms,
        crs="EPSG:28992",
    )
    table = pd.DataFrame(
        {
            "buurtcode": buurt_codes,
            "inwoners": population,
            "misdrijven": crimes,
            "onveilig_pct": np.round(100 * observed, 1),
            "onveilig_marge": np.round(100 * margin, 1),
            "respondenten": respondents,
        }
    )
    return DemoRegion(boundaries=boundaries, table=table, hot=sorted(hot), cold=sorted(cold))


def _cells(rng: "np.random.Generator", n: int) -> tuple["np.ndarray", list[object]]:
    """``n`` seed points in a slightly irregular outline, and their Voronoi cells (in the points' order)."""
    import numpy as np
    import shapely

    cx, cy = CENTRE
    radius = 10_000.0
    # A slightly irregular outline, so the region does not look like a disc.
    angles = np.linspace(0, 2 * np.pi, 72, endpoint=False)
    wobble = 1 + 0.08 * np.sin(3 * angles + rng.uniform(0, 6)) + 0.05 * np.cos(5 * angles)
    outline = shapely.Polygon(np.c_[cx + radius * wobble * np.cos(angles), cy + radius * wobble * np.sin(angles)])

    points: list[tuple[float, float]] = []
    while len(points) < n:
        x, y = rng.uniform(cx - 1.2 * radius, cx + 1.2 * radius), rng.uniform(cy - 1.2 * radius, cy + 1.2 * radius)
        if outline.contains(shapely.Point(x, y)):
            points.append((x, y))
    pts = np.array(points)
    cells = shapely.voronoi_polygons(shapely.MultiPoint(pts), extend_to=outline.buffer(2 * radius))
    cells = [c.intersection(outline) for c in shapely.get_parts(cells)]
    # voronoi_polygons returns cells in arbitrary order: pair each with the seed point it holds.
    tree = shapely.STRtree([shapely.Point(p) for p in pts])
    geoms: list[object] = [None] * n
    for cell in cells:
        geoms[int(tree.query(cell, predicate="contains_properly")[0])] = cell
    return pts, geoms


def _names(pts: "np.ndarray", *, wijken: int, seed: int) -> tuple[list[str], list[str], list[str], list[str]]:
    """Buurt and wijk codes and names: wijken are k-means groups of the points, numbered from the north-west."""
    import numpy as np
    from scipy.cluster.vq import kmeans2

    _, wijk_of = kmeans2(pts, wijken, seed=seed, minit="++")
    wijk_rank = {w: r for r, w in enumerate(sorted(set(wijk_of), key=lambda w: (pts[wijk_of == w, 1].mean() * -1,
                                                                             pts[wijk_of == w, 0].mean())))}
    gm = DEMO_GEMEENTE[2:]
    wijk_nr = np.array([wijk_rank[w] + 1 for w in wijk_of])
    buurt_codes, buurt_names, wijk_codes, wijk_names = [], [], [], []
    counter: dict[int, int] = {}
    for i in range(len(pts)):
        wk = int(wijk_nr[i])
        counter[wk] = counter.get(wk, 0) + 1
        buurt_codes.append(f"BU{gm}{wk:02d}{counter[wk]:02d}")
        buurt_names.append(f"Synthetische buurt {wk:02d}-{counter[wk]:02d}")
        wijk_codes.append(f"WK{gm}{wk:02d}")
        wijk_names.append(f"Synthetische wijk {wk:02d}")
    return buurt_codes, buurt_names, wijk_codes, wijk_names
