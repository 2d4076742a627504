"""Static PNG/SVG images of a map layer, with the page's colours and legend.

The image draws the layer the page opens on (:attr:`MapOptions.shown`), from
the same registry entry (:mod:`geo.maps.layers`) as the page.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import text
from .._files import atomic_path
from ..settings import ANALYSIS_CRS, DEFAULT_PERMUTATIONS
from . import layers, raster
from .page import MapOptions, attribution, check_layers, context_for

if TYPE_CHECKING:
    import geopandas as gpd


#: Up to this many areas the static image draws outlines.
STATIC_OUTLINES_UP_TO = 5_000


def static_map(gdf: "gpd.GeoDataFrame", paths: list[Path], *, title: str, lang: str = "nl", column: str = "value",
               summary: dict[str, Any] | None = None, options: MapOptions | None = None,
               layer: str | None = None) -> list[Path]:
    """A PNG and/or SVG of one layer (by default the one the page opens on).

    Parameters
    ----------
    gdf
        Result frame of :func:`geo.analyse`.
    paths
        Files to write; the suffix (``.png``, ``.svg``) picks the format.
    title
        Title above the map.
    lang
        ``nl`` or ``en``.
    column
        The analysed column, ``rate`` or ``value``.
    summary
        The run's summary, for the source line.
    options
        Map options: layers, classes, bins.
    layer
        Draw this layer instead of :attr:`MapOptions.shown`.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib.patches import Patch

    options = options or MapOptions()
    permutations = int((summary or {}).get("permutations", DEFAULT_PERMUTATIONS))
    ctx = context_for(options, column=column, lang=lang, permutations=permutations, summary=summary, frame=gdf)
    check_layers(gdf, options, ctx)
    name = layer or options.shown
    rd = gdf.to_crs(ANALYSIS_CRS)
    drawn = layers.style(name, rd, ctx, extra=options.extra)
    fig, ax = plt.subplots(figsize=(8, 8), dpi=150)
    lattice = raster.square_lattice(rd.geometry.values) if len(rd) > options.big_map_cells else None
    if lattice is not None:
        _squares_image(ax, lattice, drawn)
    else:
        # Outlines on an 8-inch image: worth drawing up to a few thousand areas, grey noise beyond.
        edges = len(rd) <= STATIC_OUTLINES_UP_TO
        rd.plot(ax=ax, color=[drawn.colours[i] for i in drawn.index], edgecolor="#555555" if edges else "face",
                linewidth=0.2 if edges else 0)
        hatched = rd[np.asarray(drawn.index) == drawn.hatched] if drawn.hatched is not None else rd.iloc[:0]
        if len(hatched):
            # Areas without known inhabitants: the page's hatch, grey lines on white.
            hatched.plot(ax=ax, facecolor=layers.NO_FIGURE_FILL, edgecolor=layers.NO_FIGURE_LINE, hatch="////",
                         linewidth=0)
    ax.set_axis_off()
    ax.set_title(title, fontsize=11)
    no_figure = (drawn.colours[drawn.hatched], drawn.labels[drawn.hatched]) if drawn.hatched is not None else None
    ax.legend(handles=[Patch(facecolor=c, edgecolor="#777777", label=t,
                             hatch="////" if (c, t) == no_figure else None) for c, t in drawn.legend],
              title=layers.lookup(name, options.extra).title_for(ctx), loc="lower right", fontsize=7, title_fontsize=8,
              frameon=True)
    fig.text(0.01, 0.01, attribution((summary or {}).get("sources"), lang=text.lang_of(lang), summary=summary),
             fontsize=6,
             color="#444444")
    written = []
    for path in map(Path, paths):
        with atomic_path(path) as tmp:
            fig.savefig(tmp, format=path.suffix.lstrip(".").lower(), bbox_inches="tight")
        written.append(path)
    plt.close(fig)
    return written


def _squares_image(ax: Any, lattice: tuple[float, Any, Any], drawn: layers.Style) -> None:
    """A big grid of squares as one image on RD New axes: exact, since the squares are axis-aligned there.

    Above :attr:`MapOptions.big_map_cells` squares, drawing each as a
    polygon takes minutes and shows grey; one pixel per square does not.
    """
    import numpy as np

    side, ix, iy = lattice
    ix0, iy0 = int(ix.min()), int(iy.min())
    rgba = np.zeros((int(iy.max()) - iy0 + 1, int(ix.max()) - ix0 + 1, 4), dtype=np.uint8)
    colours = np.array([[*raster.rgb(c), 255] for c in drawn.colours], dtype=np.uint8)
    rgba[iy - iy0, ix - ix0] = colours[np.asarray(drawn.index)]
    ax.imshow(rgba, origin="lower", interpolation="nearest",
              extent=(ix0 * side, (ix.max() + 1) * side, iy0 * side, (iy.max() + 1) * side))
