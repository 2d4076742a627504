"""Big maps as images: each layer one PNG in Web Mercator pixel space, for a Leaflet ImageOverlay.

Above :data:`geo.settings.BIG_MAP_CELLS` areas a page of polygons stops
being readable (a national 100 m grid is 400,000 squares, less than a pixel
each) and takes long to open. The page then shows each layer as an image.

Leaflet places an ImageOverlay linearly between the Web Mercator
(EPSG:3857) projections of its corners, and the RD New grid is not
axis-aligned there (the meridian convergence turns it by up to 1.5 degrees
across the Netherlands, and the scale changes with latitude). So the image
is made in Web Mercator pixel space: every pixel's centre is projected back
to RD New and looked up in its square. Squares (CBS squares, or any grid
of equal axis-aligned squares on a lattice in RD New) are found by
arithmetic, as :mod:`geo.grid` finds them; other polygons (hexagons,
buurten) are rasterised with PIL after projecting them to the pixel grid.

Errors: a pixel shows the square its centre falls in, so a border is drawn
at most half a pixel diagonal (0.71 pixel) from where it is: on the
national 100 m grid (2 pixels a square, 50 m on the ground each) up to
35 m; a small grid gets :data:`MAX_PIXELS_PER_CELL` pixels a square and
looks exact. Squares get a whole number of pixels where the budget is
tight; the scale of Web Mercator changes by 3% across the Netherlands, so
now and then a square is a pixel wider or narrower. The pixel centres are
projected exactly at every :data:`STEP`-th pixel and interpolated
bilinearly between (the projection is smooth at that scale);
:func:`interpolation_error` measures what that adds: under 3 cm on the
national 100 m grid, 13 cm with pixels of 142 m. Polygons drawn with PIL
include their edge pixels, so their borders may shift by one pixel. The
image's own position is exact: its bounds are the inverse Mercator of its
corners, as Leaflet computes them.

Nothing but the areas' own geometry goes into an image, one colour per
class of the layer (the colours of :mod:`geo.categories`).
"""

from __future__ import annotations

import base64
import functools
import io
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ..settings import ANALYSIS_CRS, DEFAULT_SEED

if TYPE_CHECKING:
    import geopandas as gpd
    from numpy.typing import NDArray

#: Leaflet's map projection.
MERCATOR = "EPSG:3857"
#: The sphere of Web Mercator (Leaflet's ``L.Projection.SphericalMercator.R``).
EARTH_RADIUS = 6_378_137.0
#: Pixels of one image at most: a national 100 m grid gets 2 pixels across a square (38 million pixels,
#: most of them transparent; about 1.5 MB of PNG per layer).
IMAGE_PIXELS = 48_000_000
#: Pixels across a square at most: a small grid gets crisp squares, more would only add bytes.
MAX_PIXELS_PER_CELL = 8
#: Pixel centres are projected exactly on a lattice of every STEP-th pixel and interpolated between.
STEP = 16
#: Rows of pixels looked up at once (memory of the coordinate arrays).
STRIP = 256
#: A hatched class (areas without known inhabitants) gets a line pixel on every HATCH-th diagonal.
HATCH = 4


@dataclass(frozen=True)
class Canvas:
    """The pixel grid of a map's images and, per pixel, the row of the area it shows.

    ``west`` and ``north`` are the Web Mercator coordinates (metres) of the
    image's top-left corner, ``pixel`` the side of a pixel in Web Mercator
    metres; ``owner[i, j]`` is the row (0-based) in the frame of the area
    the centre of pixel row ``i``, column ``j`` falls in, or -1.
    """

    west: float
    north: float
    pixel: float
    owner: "NDArray[np.int32]"

    @property
    def height(self) -> int:
        return int(self.owner.shape[0])

    @property
    def width(self) -> int:
        return int(self.owner.shape[1])

    @property
    def east(self) -> float:
        return self.west + self.width * self.pixel

    @property
    def south(self) -> float:
        return self.north - self.height * self.pixel

    @functools.cached_property
    def _owned(self) -> tuple["NDArray[np.int64]", "NDArray[np.int32]"]:
        """Flat indices of the pixels that show an area, and its row: a big grid leaves most pixels empty."""
        flat = self.owner.ravel()
        pixels = np.flatnonzero(flat >= 0)
        return pixels, flat[pixels]

    def bounds(self) -> list[list[float]]:
        """The image's corners as Leaflet wants them: ``[[south, west], [north, east]]`` in degrees."""
        (w, s), (e, n) = latlon(self.west, self.south), latlon(self.east, self.north)
        return [[s, w], [n, e]]

    def pixel_of(self, x: "NDArray[np.float64]", y: "NDArray[np.float64]") -> tuple["NDArray[np.int64]",
                                                                                    "NDArray[np.int64]"]:
        """Row and column of the pixels holding Web Mercator points ``x``, ``y``."""
        col = np.floor((np.asarray(x, dtype=float) - self.west) / self.pixel).astype(np.int64)
        row = np.floor((self.north - np.asarray(y, dtype=float)) / self.pixel).astype(np.int64)
        return row, col

    def png(self, index: "NDArray[Any]", colours: list[str], *, hidden: "NDArray[np.bool_] | None" = None,
            hatched: int | None = None, line: str = "#8c8c8c") -> bytes:
        """A palette PNG: pixel of area ``r`` in ``colours[index[r]]``; no area, or ``hidden``, transparent.

        Pixels of class ``hatched`` on every :data:`HATCH`-th diagonal are
        drawn in ``line``: the hatch of areas without known inhabitants.
        """
        from PIL import Image

        lut = np.asarray(index, dtype=np.int64).astype(np.uint8) + 1
        if hidden is not None:
            lut[np.asarray(hidden, dtype=bool)] = 0
        pixels, rows = self._owned
        flat = np.zeros(self.height * self.width, dtype=np.uint8)
        flat[pixels] = lut[rows]
        palette = [0, 0, 0]
        for colour in colours:
            palette += list(rgb(colour))
        if hatched is not None:
            row, col = np.divmod(pixels, self.width)
            on_line = (flat[pixels] == hatched + 1) & ((row + col) % HATCH == 0)
            flat[pixels[on_line]] = len(colours) + 1
            palette += list(rgb(line))
        image = Image.fromarray(flat.reshape(self.height, self.width))
        image.putpalette(palette)
        out = io.BytesIO()
        bits = next(b for b in (1, 2, 4, 8) if len(palette) // 3 <= 2 ** b)
        image.save(out, format="PNG", transparency=0, bits=bits, compress_level=6)
        return out.getvalue()

    def data_uri(self, index: "NDArray[Any]", colours: list[str], *,
                 hidden: "NDArray[np.bool_] | None" = None, hatched: int | None = None, line: str = "#8c8c8c") -> str:
        """:meth:`png` as a ``data:`` URI, so that the page opens offline."""
        png = self.png(index, colours, hidden=hidden, hatched=hatched, line=line)
        return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def rgb(colour: str) -> tuple[int, int, int]:
    """``#rrggbb`` as a triple of 0-255."""
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def latlon(x: float, y: float) -> tuple[float, float]:
    """Longitude and latitude (degrees) of a Web Mercator point, as Leaflet's SphericalMercator unprojects it."""
    lon = math.degrees(x / EARTH_RADIUS)
    lat = math.degrees(2 * math.atan(math.exp(y / EARTH_RADIUS)) - math.pi / 2)
    return lon, lat


def _transformer() -> Any:
    from pyproj import Transformer

    return Transformer.from_crs(ANALYSIS_CRS, MERCATOR, always_xy=True)


def square_lattice(geoms: Any) -> tuple[float, "NDArray[np.int64]", "NDArray[np.int64]"] | None:
    """Side and lattice position of every area when all are equal axis-aligned squares on one lattice.

    ``geoms`` in RD New. CBS squares are (their lower-left corners are
    multiples of their side); so is any grid of equal squares whose corners
    lie on one lattice with the RD origin. Returns ``(side, ix, iy)`` with
    ``ix = floor(x / side)`` of each square's lower-left corner, or ``None``.
    """
    import shapely

    if not len(geoms):
        return None
    bounds = shapely.bounds(np.asarray(geoms, dtype=object))
    width, height = bounds[:, 2] - bounds[:, 0], bounds[:, 3] - bounds[:, 1]
    side = float(np.median(width))
    if not side > 0 or np.abs(width - side).max() > 1e-6 * side or np.abs(height - side).max() > 1e-6 * side:
        return None
    if np.abs(shapely.area(geoms) - side * side).max() > 1e-6 * side * side:
        return None  # not boxes (a diamond has a square bounding box too)
    ix, iy = np.rint(bounds[:, 0] / side), np.rint(bounds[:, 1] / side)
    if np.abs(ix * side - bounds[:, 0]).max() > 1e-3 or np.abs(iy * side - bounds[:, 1]).max() > 1e-3:
        return None
    ix, iy = ix.astype(np.int64), iy.astype(np.int64)
    if len(np.unique((ix - ix.min()) * (iy.max() - iy.min() + 1) + (iy - iy.min()))) < len(ix):
        return None  # overlapping squares: not one grid
    return side, ix, iy


def canvas(rd: "gpd.GeoDataFrame", *, max_pixels: int = IMAGE_PIXELS) -> Canvas:
    """The pixel grid for the areas of ``rd`` (RD New), and which area each pixel shows.

    The pixel is as small as :data:`MAX_PIXELS_PER_CELL` across a typical
    area allows, and no smaller than keeps the image within ``max_pixels``.
    """
    import shapely

    geoms = np.asarray(rd.geometry.values, dtype=object)
    lattice = square_lattice(geoms)
    west, south, east, north = _mercator_bounds(rd.total_bounds)
    merc_area = (east - west) * (north - south)
    rd_box = rd.total_bounds
    scale = math.sqrt(merc_area / max((rd_box[2] - rd_box[0]) * (rd_box[3] - rd_box[1]), 1e-9))
    side = lattice[0] if lattice else math.sqrt(float(np.median(shapely.area(geoms))))
    smallest = math.sqrt(merc_area / max_pixels)
    pixel = side * scale / MAX_PIXELS_PER_CELL
    if pixel < smallest:
        # A whole number of pixels across a square, so that zoomed in the squares look equal (1.5 would
        # make them one or two pixels wide); one pixel a square would drop or double squares.
        whole = math.floor(side * scale / smallest)
        pixel = side * scale / whole if whole >= 2 else smallest
    width, height = max(1, math.ceil((east - west) / pixel)), max(1, math.ceil((north - south) / pixel))
    if lattice:
        owner = _owner_of_squares(lattice, west=west, north=north, pixel=pixel, shape=(height, width))
    else:
        owner = _owner_of_polygons(rd, west=west, north=north, pixel=pixel, shape=(height, width))
    return Canvas(west=west, north=north, pixel=pixel, owner=owner)


def _mercator_bounds(box: Any) -> tuple[float, float, float, float]:
    """Web Mercator bounds of an RD New box, edges densified (the box turns and bends in Mercator)."""
    x0, y0, x1, y1 = (float(v) for v in box)
    t = np.linspace(0.0, 1.0, 65)
    xs = np.concatenate([x0 + (x1 - x0) * t, np.full_like(t, x1), x1 - (x1 - x0) * t, np.full_like(t, x0)])
    ys = np.concatenate([np.full_like(t, y0), y0 + (y1 - y0) * t, np.full_like(t, y1), y1 - (y1 - y0) * t])
    mx, my = _transformer().transform(xs, ys)
    # A hair of margin, so that no corner of an area falls just outside the image.
    pad = 1e-6 * max(float(np.ptp(mx)), float(np.ptp(my)), 1.0)
    return float(mx.min()) - pad, float(my.min()) - pad, float(mx.max()) + pad, float(my.max()) + pad


def rd_of_pixels(rows: "NDArray[np.int64]", *, width: int, west: float, north: float, pixel: float,
                 nodes: tuple["NDArray[np.float64]", "NDArray[np.float64]"] | None = None,
                 cols: "NDArray[np.int64] | None" = None) -> tuple["NDArray[np.float64]", "NDArray[np.float64]"]:
    """RD New coordinates of the centres of the pixels in ``rows`` and ``cols`` (every column without it),
    shape ``(len(rows), len(cols))``.

    Exact on the lattice of every :data:`STEP`-th pixel (``nodes``, from
    :func:`_nodes`), bilinear in between.
    """
    nx_, ny_ = nodes if nodes is not None else _nodes(int(rows[-1]) + 1, width, west=west, north=north, pixel=pixel)
    r0 = rows // STEP
    t = ((rows % STEP) / STEP)[:, None]
    cols = np.arange(width) if cols is None else cols
    c0 = cols // STEP
    s = (cols % STEP) / STEP
    out = []
    for grid in (nx_, ny_):
        along = grid[r0] * (1 - t) + grid[r0 + 1] * t
        out.append(along[:, c0] * (1 - s) + along[:, c0 + 1] * s)
    return out[0], out[1]


def _nodes(height: int, width: int, *, west: float, north: float, pixel: float
           ) -> tuple["NDArray[np.float64]", "NDArray[np.float64]"]:
    """RD New of the pixel centres ``(k * STEP, l * STEP)``, one row and column beyond the image."""
    rows = np.arange(height // STEP + 2) * STEP
    cols = np.arange(width // STEP + 2) * STEP
    mx = west + (cols + 0.5) * pixel
    my = north - (rows + 0.5) * pixel
    gx, gy = np.meshgrid(mx, my)
    x, y = _transformer().transform(gx.ravel(), gy.ravel(), direction="INVERSE")
    return np.asarray(x).reshape(gx.shape), np.asarray(y).reshape(gx.shape)


def _owner_of_squares(lattice: tuple[float, "NDArray[np.int64]", "NDArray[np.int64]"], *, west: float,
                      north: float, pixel: float, shape: tuple[int, int]) -> "NDArray[np.int32]":
    """Per pixel, the row of the square its centre falls in (by arithmetic on RD New), or -1.

    Only blocks of STEP x STEP pixels whose RD New extent holds a square are
    looked at: a national grid leaves most of its bounding box empty.
    """
    side, ix, iy = lattice
    ix0, iy0 = int(ix.min()), int(iy.min())
    nx, ny = int(ix.max()) - ix0 + 1, int(iy.max()) - iy0 + 1
    table = np.full(nx * ny, -1, dtype=np.int32)
    table[(ix - ix0) * ny + (iy - iy0)] = np.arange(len(ix), dtype=np.int32)
    height, width = shape
    nodes = _nodes(height, width, west=west, north=north, pixel=pixel)
    busy = _busy_blocks(table.reshape(nx, ny) >= 0, nodes, side=side, origin=(ix0, iy0))
    owner = np.full(shape, -1, dtype=np.int32)
    for block_row in np.flatnonzero(busy.any(axis=1)).tolist():
        rows = np.arange(block_row * STEP, min((block_row + 1) * STEP, height))
        cols = (np.flatnonzero(busy[block_row])[:, None] * STEP + np.arange(STEP)).ravel()
        cols = cols[cols < width]
        x, y = rd_of_pixels(rows, width=width, west=west, north=north, pixel=pixel, nodes=nodes, cols=cols)
        cx = np.floor(x / side).astype(np.int64) - ix0
        cy = np.floor(y / side).astype(np.int64) - iy0
        inside = (cx >= 0) & (cx < nx) & (cy >= 0) & (cy < ny)
        found = np.full(cx.shape, -1, dtype=np.int32)
        found[inside] = table[cx[inside] * ny + cy[inside]]
        owner[rows[0]:rows[-1] + 1, cols] = found
    return owner


def _busy_blocks(occupied: "NDArray[np.bool_]", nodes: tuple["NDArray[np.float64]", "NDArray[np.float64]"], *,
                 side: float, origin: tuple[int, int]) -> "NDArray[np.bool_]":
    """Which blocks of STEP x STEP pixels may hold a square: a count over the block's RD New box (+1 square).

    The box spans the block's four lattice nodes (the projection is smooth
    at that scale), widened by a square on every side; the count comes from
    a summed-area table of the occupied lattice.
    """
    nx_, ny_ = nodes
    corners_x = np.stack([nx_[:-1, :-1], nx_[:-1, 1:], nx_[1:, :-1], nx_[1:, 1:]])
    corners_y = np.stack([ny_[:-1, :-1], ny_[:-1, 1:], ny_[1:, :-1], ny_[1:, 1:]])
    n, m = occupied.shape
    x0 = np.clip(np.floor(corners_x.min(axis=0) / side).astype(np.int64) - origin[0] - 1, 0, n)
    x1 = np.clip(np.floor(corners_x.max(axis=0) / side).astype(np.int64) - origin[0] + 2, 0, n)
    y0 = np.clip(np.floor(corners_y.min(axis=0) / side).astype(np.int64) - origin[1] - 1, 0, m)
    y1 = np.clip(np.floor(corners_y.max(axis=0) / side).astype(np.int64) - origin[1] + 2, 0, m)
    table = np.zeros((n + 1, m + 1), dtype=np.int64)
    table[1:, 1:] = occupied.astype(np.int64).cumsum(axis=0).cumsum(axis=1)
    return (table[x1, y1] - table[x0, y1] - table[x1, y0] + table[x0, y0]) > 0


def _owner_of_polygons(rd: "gpd.GeoDataFrame", *, west: float, north: float, pixel: float,
                       shape: tuple[int, int]) -> "NDArray[np.int32]":
    """Per pixel, the row of the polygon drawn there (PIL, in Web Mercator pixel space), or -1.

    Larger polygons first, each with its holes cleared, so that an enclave
    drawn later stays visible in the hole of the polygon around it.
    """
    import shapely
    from PIL import Image, ImageDraw

    height, width = shape
    merc = rd.to_crs(MERCATOR).geometry.values
    image = Image.new("I", (width, height), 0)
    draw = ImageDraw.Draw(image)

    def points(ring: Any) -> list[tuple[float, float]]:
        xy = shapely.get_coordinates(ring)
        return list(zip(((xy[:, 0] - west) / pixel - 0.5).tolist(), ((north - xy[:, 1]) / pixel - 0.5).tolist()))

    for row in np.argsort(-shapely.area(merc), kind="stable").tolist():
        for part in shapely.get_parts(merc[row]):
            if part.is_empty:
                continue
            draw.polygon(points(part.exterior), fill=row + 1)
            for hole in part.interiors:
                draw.polygon(points(hole), fill=0)
    return (np.asarray(image, dtype=np.int32) - 1).astype(np.int32)


def interpolation_error(canvas_: Canvas, *, samples: int = 2000) -> float:
    """The largest distance (metres, RD New) between interpolated and exactly projected pixel centres.

    Measured at ``samples`` random pixels of the canvas; what
    :data:`STEP` adds to the half-pixel error of the drawing.
    """
    rng = np.random.default_rng(DEFAULT_SEED)
    rows = rng.integers(0, canvas_.height, samples)
    cols = rng.integers(0, canvas_.width, samples)
    nodes = _nodes(canvas_.height, canvas_.width, west=canvas_.west, north=canvas_.north, pixel=canvas_.pixel)
    exact = _transformer()
    worst = 0.0
    for r, c in zip(rows.tolist(), cols.tolist()):
        x, y = rd_of_pixels(np.array([r]), width=canvas_.width, west=canvas_.west, north=canvas_.north,
                            pixel=canvas_.pixel, nodes=nodes)
        ex, ey = exact.transform(canvas_.west + (c + 0.5) * canvas_.pixel,
                                   canvas_.north - (r + 0.5) * canvas_.pixel, direction="INVERSE")
        worst = max(worst, math.hypot(float(x[0, c]) - ex, float(y[0, c]) - ey))
    return worst
