"""The map of a national 100 m grid: the page of polygons against the page of images, opened in Chromium.

Builds a grid of 100 m CBS squares (400,000 by default) spread over the
Netherlands like towns, with planted clusters of incidents, and made-up
result columns as an analysis would give them (the planted clusters HH and
Gi* hot at 99%, a few LL and cold spots; the rest not significant), plus a
kernel density frame of the same squares with the thinnest part masked.
Writes map.html twice:

- the old way: every square a polygon (``MapOptions(big_map_cells=...)`` at the grid's size);
- the new way: each layer one PNG, tooltips only for significant squares.

and opens each in headless Chromium (Debian's package, through Playwright as
tests/browser.py does) until the page's script has run and two frames are
painted, and separately with the screenshot command
(``chromium --headless --no-sandbox --disable-gpu --virtual-time-budget=... --screenshot``).

    python benchmarks/bench_bigmap.py [--cells 400000] [--repeat 2] [--keep DIR]
    python benchmarks/bench_bigmap.py --threshold 25000 50000 100000 200000

Goal (issue 18): the page opens within 10 s at 400,000 cells and stays under 30 MB.
"""

from __future__ import annotations

import argparse
import math
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

#: Radii (metres) of the planted clusters, one at the centre of each of the first towns.
RADII = (450, 600, 400, 500, 350, 400, 450, 500)


def _towns(seed: int) -> Any:
    import numpy as np

    rng = np.random.default_rng(seed)
    return np.column_stack([rng.uniform(20_000, 270_000, 400), rng.uniform(310_000, 610_000, 400)])


def clusters(seed: int = 18) -> list[tuple[float, float, int]]:
    """Centre (RD New) and radius of each planted cluster."""
    towns = _towns(seed)
    return [(float(towns[i, 0]), float(towns[i, 1]), r) for i, r in enumerate(RADII)]


def grid_frame(cells: int = 400_000, *, seed: int = 18) -> Any:
    """A result frame of ``cells`` 100 m squares with planted clusters and made-up result columns."""
    import geopandas as gpd
    import numpy as np

    from geo import categories as cat
    from geo.grid import cell_boxes, cell_codes

    rng = np.random.default_rng(seed)
    towns = _towns(seed)
    sizes = rng.lognormal(7.0, 0.6, len(towns))
    keys: set[int] = set()
    chosen = []
    while len(keys) < cells:
        town = rng.integers(0, len(towns), 200_000)
        x = towns[town, 0] + rng.normal(0, sizes[town])
        y = towns[town, 1] + rng.normal(0, sizes[town])
        for cx, cy in zip(*(np.floor(np.array([x, y]) / 100).astype(np.int64))):
            key = int(cx) * 10_000 + int(cy)
            if key not in keys:
                keys.add(key)
                chosen.append((cx, cy))
                if len(keys) == cells:
                    break
    ix, iy = (np.array(v, dtype=np.int64) for v in zip(*sorted(chosen)))
    centre_x, centre_y = (ix + 0.5) * 100, (iy + 0.5) * 100
    hot = np.zeros(len(ix), dtype=bool)
    for x0, y0, r in clusters(seed):
        hot |= np.hypot(centre_x - x0, centre_y - y0) < r
    value = rng.poisson(np.where(hot, 12.0, 0.4)).astype(float)
    lisa = np.full(len(ix), cat.NOT_SIGNIFICANT, dtype=object)
    lisa[hot] = cat.HH
    cold = (~hot) & (rng.random(len(ix)) < 0.01)
    lisa[cold] = cat.LL
    lisa[(~hot) & (~cold) & (rng.random(len(ix)) < 0.01)] = cat.HL
    p = np.where(lisa == cat.NOT_SIGNIFICANT, rng.uniform(0.06, 1, len(ix)), rng.uniform(0.001, 0.05, len(ix)))
    gi_bin = np.where(hot, 3, np.where(cold, -2, 0))
    codes = cell_codes(ix, iy, cell=100)
    frame = gpd.GeoDataFrame({"code": codes, "name": codes, "value": value, "lisa_cluster": lisa, "lisa_p": p,
                              "gi_bin": gi_bin, "gi_category": [cat.GI_BIN_NAMES[b] for b in gi_bin],
                              "gi_z": np.where(hot, 4.2, np.where(cold, -2.1, 0.3)),
                              "gi_p_bin": np.where(gi_bin != 0, 0.004, 0.5), "analysed": True},
                             geometry=cell_boxes(ix, iy, cell=100), crs="EPSG:28992")
    return frame


def density_frame(frame: Any) -> Any:
    """A density frame of the same squares: smooth around the clusters, masked where it is thinnest."""
    import numpy as np

    centre = frame.geometry.bounds
    x, y = (centre["minx"].to_numpy() + 50), (centre["miny"].to_numpy() + 50)
    density = np.zeros(len(frame))
    for x0, y0, r in clusters():
        density += 400 * np.exp(-np.hypot(x - x0, y - y0) / (3 * r))
    density += 5 + frame["value"].to_numpy() * 10 + np.random.default_rng(1).gamma(2.0, 3.0, len(frame))
    masked = density < np.quantile(density, 0.3)
    return frame[["code"]].assign(density=np.where(masked, np.nan, density), masked=masked,
                                  geometry=frame.geometry.values).set_geometry("geometry")


def open_time(path: Path, *, repeat: int) -> float:
    """Seconds from ``goto`` until the page's script has run and two frames are painted (best of ``repeat``)."""
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM_ARGS, chromium_path

    best = float("inf")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for _ in range(repeat):
            page = browser.new_page(viewport={"width": 1100, "height": 750})
            t0 = time.perf_counter()
            page.goto(path.resolve().as_uri(), timeout=300_000)
            page.wait_for_function("window.vmgeo !== undefined", timeout=300_000, polling=50)
            page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
            best = min(best, time.perf_counter() - t0)
            page.close()
        browser.close()
    return best


def screenshot_time(path: Path, shot: Path) -> float:
    """Seconds of the screenshot command, the way a person checks a page from the shell."""
    from tests.browser import chromium_path

    t0 = time.perf_counter()
    subprocess.run([str(chromium_path()), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    "--virtual-time-budget=60000", "--window-size=1100,750", f"--screenshot={shot}",
                    path.resolve().as_uri()], check=True, capture_output=True, timeout=600)
    return time.perf_counter() - t0


def write(frame: Any, density: Any, path: Path, *, big_map_cells: int) -> float:
    from geo import maps

    t0 = time.perf_counter()
    options = maps.MapOptions(layers=("value", "lisa", "significance", "gi"), active="gi", big_map_cells=big_map_cells)
    page = maps.hotspot_map(frame, column="value", title="Benchmark: 100 m-raster", permutations=999,
                            options=options, density=density)
    maps.save(page, path)
    return time.perf_counter() - t0


def threshold(sizes: list[int], *, repeat: int) -> None:
    """How the page of polygons grows with the grid: what :data:`geo.settings.BIG_MAP_CELLS` was chosen from.

    Per size: the page's megabytes and seconds to open, and how many screen
    pixels a square gets when a compact region of that many squares fills a
    1100 x 750 window (below about 3 the squares are no longer told apart,
    and hovering one is guesswork).
    """
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            frame = grid_frame(n)
            path = Path(tmp) / f"vector_{n}.html"
            write(frame, None, path, big_map_cells=n)
            opened = open_time(path, repeat=repeat)
            print(f"{n:7,d} squares as polygons: {path.stat().st_size / 1e6:5.1f} MB, opens in {opened:5.1f} s; "
                  f"a compact region of them gets {750 / math.sqrt(n):.1f} px per square")


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cells", type=int, default=400_000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="keep the pages and screenshots in this folder")
    parser.add_argument("--threshold", type=int, nargs="*",
                        help="only time pages of polygons of these sizes (how BIG_MAP_CELLS was chosen)")
    args = parser.parse_args(argv)
    if args.threshold:
        threshold(args.threshold, repeat=args.repeat)
        return {}

    from geo.maps import raster
    from geo.settings import BIG_MAP_CELLS

    t0 = time.perf_counter()
    frame = grid_frame(args.cells)
    density = density_frame(frame)
    print(f"{len(frame):,} squares of 100 m, {int((frame['lisa_cluster'] != 'not_significant').sum()):,} "
          f"significant (LISA), built in {time.perf_counter() - t0:.1f} s")
    out = Path(tempfile.mkdtemp(prefix="bench_bigmap_")) if args.keep is None else args.keep
    out.mkdir(parents=True, exist_ok=True)
    results: dict[str, float] = {}
    try:
        for way, big_map_cells in (("vector", len(frame)), ("image", BIG_MAP_CELLS)):
            path = out / f"{way}.html"
            build = write(frame, density, path, big_map_cells=big_map_cells)
            size = path.stat().st_size
            opened = open_time(path, repeat=args.repeat)
            shot = screenshot_time(path, out / f"{way}.png")
            results |= {f"{way}_mb": size / 1e6, f"{way}_open": opened, f"{way}_shot": shot, f"{way}_build": build}
            print(f"{way:6s}: {size / 1e6:6.1f} MB, written in {build:5.1f} s, opens in {opened:5.1f} s "
                  f"(best of {args.repeat}), screenshot command {shot:5.1f} s")
        print(f"ratio image/vector: size {results['image_mb'] / results['vector_mb']:.3f}, "
              f"open {results['image_open'] / results['vector_open']:.3f}, "
              f"screenshot {results['image_shot'] / results['vector_shot']:.3f}")
        grid = raster.canvas(frame.to_crs("EPSG:28992"))
        error = raster.interpolation_error(grid)
        pixel_m = grid.pixel * math.cos(math.radians(52.2))
        print(f"image {grid.width} x {grid.height} px, pixel {grid.pixel:.1f} Mercator m (about {pixel_m:.0f} m "
              f"on the ground at 52.2 N); border error at most 0.71 px = {0.71 * pixel_m:.0f} m, plus the "
              f"interpolation of pixel centres: {error * 100:.1f} cm")
        met = results["image_mb"] < 30 and results["image_open"] < 10
        print(f"goal: under 30 MB and open within 10 s: {'met' if met else 'NOT met'}")
    finally:
        if args.keep is None:
            shutil.rmtree(out, ignore_errors=True)
    return results


if __name__ == "__main__":
    main()
