"""Derive geo/data/nl_mask_1km.json, the national mask that decides "outside the Netherlands".

    python docs/make_nl_mask.py GEMEENTEN_RD.geojson [--preview mask.png]

Input: the 342 generalised gemeenten of 2023 in RD New (CBS / Kadaster via PDOK,
``gemeente_gegeneraliseerd``, CC BY 4.0; the copy in tests/data/boundaries/gemeente_2023_rd.geojson).
Output: one bit per CBS square of 1 km over :data:`geo.incidents.RD_EXTENT` (300 columns of
E 0-300 km, 330 rows of N 300-630 km; a square named by its lower-left corner as
:mod:`geo.grid` codes it), set when the square lies within :data:`BUFFER` metres of Dutch
territory, where territory is:

1. the union of the gemeenten. These generalised polygons are land: they leave out the big
   waters (IJsselmeer, Markermeer, Waddenzee, Oosterschelde, Eems-Dollard are open; the
   Westerschelde and the rivers are mostly inside);
2. with every hole of that union filled: water enclosed by Dutch land on all sides
   (IJsselmeer, Markermeer, Veluwemeer, Grevelingen, Haringvliet, ...);
3. and, only inside :data:`COASTAL_WATERS` (the Wadden with the Eems-Dollard, and the Zeeland
   delta), the morphological closing of that land by :data:`CLOSING` metres, its holes filled
   again: the water between the islands and the mainland, the zeegaten and the estuaries, so
   that an incident on a boat or a harbour quay there is not dropped. The closing is not
   applied along the land borders (Belgium, Germany), where it would swallow foreign towns in
   the border's bays.

The buffer is then applied to all of it. A point is in the Netherlands when its square's bit
is set: ``mask[floor(y / 1000) - 300, floor(x / 1000)]``; nothing is joined at read time.
The file records the source, the licence, the SHA-256 of the input, the buffer, the closing
and the coastal boxes. Re-running this script on the same input gives the same file.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import sys
import zlib
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "geo" / "data" / "nl_mask_1km.json"
#: Metres of margin around Dutch territory: a square is in when it comes within this of it.
BUFFER = 1_000.0
#: Metres of the closing that fills coastal waters between islands and the mainland.
CLOSING = 8_000.0
#: Where the closing applies (RD New metres: xmin, ymin, xmax, ymax), and why.
COASTAL_WATERS = {
    "Waddenzee and Eems-Dollard": (100_000.0, 540_000.0, 272_000.0, 630_000.0),
    "Zeeland delta (Westerschelde, Oosterschelde, Veerse Meer)": (0.0, 360_000.0, 80_000.0, 440_000.0),
}
CELL = 1_000
EXTENT = (0, 300_000, 300_000, 630_000)  # xmin, xmax, ymin, ymax: geo.incidents.RD_EXTENT
SOURCE = ("CBS / Kadaster via PDOK, gebiedsindeling gemeente_gegeneraliseerd 2023 (342 gemeenten), "
          "as tests/data/boundaries/gemeente_2023_rd.geojson (tests/data/README.md gives its provenance)")
LICENCE = "CC BY 4.0 (CBS / Kadaster, via PDOK)"


def territory(path: Path) -> "object":
    """Dutch territory as this mask understands it (steps 1-3 of the module docstring), unbuffered."""
    import geopandas as gpd
    import shapely

    gemeenten = gpd.read_file(path)
    if len(gemeenten) != 342:
        sys.exit(f"{path}: expected the 342 gemeenten of 2023, found {len(gemeenten)}")
    land = shapely.union_all(shapely.make_valid(gemeenten.geometry.to_numpy()))
    filled = _without_holes(land)
    closed = filled.buffer(CLOSING, quad_segs=8).buffer(-CLOSING, quad_segs=8)
    coastal = shapely.union_all([shapely.box(*box) for box in COASTAL_WATERS.values()])
    # Filled again: the closing shuts the zeegaten, which turns the western Waddenzee into a hole.
    return _without_holes(shapely.union_all([filled, closed.intersection(coastal)]))


def _without_holes(area: "object") -> "object":
    import shapely

    return shapely.union_all([shapely.Polygon(part.exterior) for part in shapely.get_parts(area)])


def rasterise(area: "object") -> "np.ndarray":
    """One bool per 1 km square (rows north, columns east): does the square come within BUFFER of ``area``?"""
    import shapely

    xmin, xmax, ymin, ymax = EXTENT
    ix, iy = np.meshgrid(np.arange(xmin // CELL, xmax // CELL), np.arange(ymin // CELL, ymax // CELL))
    boxes = shapely.box(ix * CELL, iy * CELL, (ix + 1) * CELL, (iy + 1) * CELL)
    grown = area.buffer(BUFFER, quad_segs=8)
    shapely.prepare(grown)
    return np.asarray(shapely.intersects(grown, boxes), dtype=bool)


def write(mask: "np.ndarray", source: Path, out: Path) -> None:
    """The mask as packed bits (zlib, base64) with its provenance."""
    sha = hashlib.sha256(source.read_bytes()).hexdigest()
    payload = base64.b64encode(zlib.compress(np.packbits(mask, axis=None).tobytes(), 9)).decode("ascii")
    record = {
        "what": "1 km CBS squares (RD New) within the buffer of Dutch territory: land, enclosed waters, coastal "
                "waters; one bit per square, rows from the south (N 300 km) up, columns from the west (E 0 km)",
        "source": SOURCE, "licence": LICENCE, "input": source.name, "input_sha256": sha,
        "buffer_m": BUFFER, "closing_m": CLOSING, "coastal_waters": COASTAL_WATERS,
        "cell_m": CELL, "extent_m": list(EXTENT), "shape": list(mask.shape), "squares": int(mask.sum()),
        "made_by": "docs/make_nl_mask.py", "encoding": "numpy.packbits (row-major, big bit order), zlib, base64",
        "bits": payload,
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gemeenten", type=Path, help="the 342 generalised gemeenten of 2023 in RD New (GeoJSON)")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--preview", type=Path, help="also write a PNG of the mask (needs matplotlib)")
    args = parser.parse_args(argv)
    mask = rasterise(territory(args.gemeenten))
    write(mask, args.gemeenten, args.out)
    print(f"{args.out}: {int(mask.sum()):,} of {mask.size:,} squares, {args.out.stat().st_size:,} bytes")
    if args.preview:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        plt.figure(figsize=(6, 6.6))
        plt.imshow(mask, origin="lower", cmap="Greys", extent=(0, 300, 300, 630))
        plt.savefig(args.preview, dpi=110)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
