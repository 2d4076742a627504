"""Size of a self-contained vmgeo map page against a plain folium page of the same data.

Generates buurt-like polygons with many-vertex borders (benchmarks/synthetic.py),
runs the hot-spot analysis on a planted pattern, and writes

- the vmgeo page: self-contained (Leaflet inlined), coverage-simplified,
  geometry stored once as encoded polylines;
- the peer: folium.GeoJson of the same frame with a tooltip, as folium writes it
  (Leaflet and friends from CDNs, full geometry, once per layer you would add).

    python benchmarks/bench_map_size.py [--n 14000] [--permutations 99]

Goal (issue 5): at most 5 MB for about 14,000 buurten, with a valid coverage.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=14_000)
    parser.add_argument("--permutations", type=int, default=99)
    args = parser.parse_args(argv)

    import folium
    import numpy as np
    import shapely

    import geo
    from benchmarks.synthetic import buurt_like
    from geo import maps

    t0 = time.perf_counter()
    gdf = buurt_like(args.n)
    rng = np.random.default_rng(2)
    centre = gdf.geometry.centroid
    cx, cy = centre.x.to_numpy(), centre.y.to_numpy()
    hot = np.hypot(cx - np.quantile(cx, 0.3), cy - np.quantile(cy, 0.6)) < (cx.max() - cx.min()) / 8
    population = rng.integers(200, 3000, len(gdf))
    gdf["population"] = population.astype(float)
    gdf["value"] = rng.poisson(population / 1000 * np.where(hot, 120, 40)).astype(float)
    gdf["rate"] = gdf["value"] / gdf["population"] * 1000
    gdf["analysed"] = True
    t_gen = time.perf_counter() - t0

    t0 = time.perf_counter()
    result = geo.analyse(gdf, permutations=args.permutations, seed=1)
    t_stats = time.perf_counter() - t0

    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        page = maps.hotspot_map(result.frame, column="rate", title="Benchmark", permutations=args.permutations,
                                options=maps.MapOptions(level="buurt"))
        ours = maps.save(page, Path(tmp) / "vmgeo.html").stat().st_size
        t_ours = time.perf_counter() - t0
        web = maps.web_geometry(result.frame, level="buurt")
        valid = bool(shapely.coverage_is_valid(web.geometry.values))

        t0 = time.perf_counter()
        plain = folium.Map(tiles=None)
        frame = result.frame.to_crs("EPSG:4326")[["code", "name", "value", "rate", "lisa_cluster", "gi_bin",
                                                 "geometry"]]
        folium.GeoJson(frame, tooltip=folium.GeoJsonTooltip(["name", "code", "value", "rate", "lisa_cluster",
                                                             "gi_bin"])).add_to(plain)
        plain.save(str(Path(tmp) / "folium.html"))
        peer = (Path(tmp) / "folium.html").stat().st_size
        t_peer = time.perf_counter() - t0

    vertices_in = int(shapely.get_num_coordinates(gdf.geometry.values).sum())
    vertices_out = int(shapely.get_num_coordinates(web.geometry.values).sum())
    print(f"polygons: {args.n}, vertices: {vertices_in} in, {vertices_out} on the map "
          f"(tolerance {maps.geometry.tolerance(web, level='buurt')} m); generated in {t_gen:.1f} s, "
          f"statistics {t_stats:.1f} s")
    print(f"vmgeo self-contained page: {ours / 1e6:8.2f} MB  ({t_ours:.1f} s)  coverage valid: {valid}")
    print(f"plain folium page:         {peer / 1e6:8.2f} MB  ({t_peer:.1f} s)  (CDN assets not counted)")
    print(f"ratio vmgeo/folium:        {ours / peer:8.3f}")
    return {"ours": ours, "peer": peer, "valid": valid}


if __name__ == "__main__":
    main()
