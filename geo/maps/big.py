"""What a map page adds for a big grid (layers as images) and for a kernel density layer.

Above :attr:`MapOptions.big_map_cells <geo.maps.page.MapOptions>` areas
(:data:`geo.settings.BIG_MAP_CELLS` unless told otherwise) every layer is
one PNG (:mod:`geo.maps.raster`) with the colours and legend it has as
polygons, and only the areas in a finding class of some layer (a cluster, a
hot or cold spot, a significance level) are drawn as vectors, invisible
until hovered, to carry the tooltips. The density layer
(:class:`geo.density.Density`'s frame) is drawn on its own squares: as
polygons on a small map, as an image on a big one; masked squares are
transparent either way. Of a space-time cube (a column per period: one
surface per period) the map draws the last period, the one whose hot spots
it shows (a series map shows its latest period), and says so in the layer's
name, tooltip and legend.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np

from .. import categories as cat
from .. import density, messages, periods, text
from ..errors import OptionError
from ..settings import ANALYSIS_CRS, WEB_CRS
from . import geometry, layers, raster
from .classify import DENSITY_COLOURS, classify

if TYPE_CHECKING:
    import geopandas as gpd
    from numpy.typing import NDArray

#: The name of the density layer in the layer control and in :attr:`MapOptions.layers`.
DENSITY = "density"
#: Columns of :attr:`geo.density.Density.frame` the layer reads.
DENSITY_COLUMNS = ("code", "density", "masked", "geometry")
#: Categories that are no finding: an area only in these on every layer gets no tooltip on a big map.
QUIET = (cat.NOT_SIGNIFICANT, cat.NO_DATA, cat.ISLAND, cat.NO_PATTERN, cat.NO_CHANGE, cat.TOO_FEW,
         cat.NOT_TESTABLE, cat.NOT_FLAGGED, cat.NOT_ASSESSABLE)
#: Opacity of an image layer, as the polygons' fill.
OPACITY = 0.85


def is_big(gdf: "gpd.GeoDataFrame", density: "gpd.GeoDataFrame | None", *, limit: int) -> bool:
    """Whether the page draws its layers as images: more than ``limit`` areas or density squares."""
    return len(gdf) > limit or (density is not None and len(density) > limit)


def shown_surface(frame: "gpd.GeoDataFrame") -> tuple["gpd.GeoDataFrame", str | None]:
    """The surface the map draws, and its period: of a cube the last period (``None`` for one surface).

    A cube's density frame (:attr:`geo.density.Density.periods`) has a
    column per period (``density_2023MM01``, in order) and its ``density``
    and ``masked`` are the last period's: the map draws those, without the
    period columns (a tooltip reads one value; the page need not carry 144).
    """
    columns = density.period_columns(frame)
    if not columns:
        return frame, None
    return frame.drop(columns=columns), columns[-1][len(density.PERIOD_PREFIX):]


def check_density(frame: "gpd.GeoDataFrame") -> None:
    """Fail on a density frame without the columns of :attr:`geo.density.Density.frame`."""
    missing = [c for c in DENSITY_COLUMNS if c not in frame.columns]
    if missing:
        raise OptionError(messages.line("maps_page_density_columns", missing=", ".join(missing)))


def significant(styles: dict[str, layers.Style], names: list[str], *, lang: str,
                extra: tuple[layers.Layer, ...] = ()) -> "NDArray[np.bool_]":
    """Areas in a finding class of at least one of the layers ``names`` (those with :attr:`Layer.findings`).

    A class is a finding unless its label is that of a quiet category
    (:data:`QUIET`: not significant, no data, no neighbours, no pattern, ...).
    """
    # An area without known inhabitants (hatched) has no statistic: no finding either.
    quiet = {text.get(c, lang=lang) for c in QUIET} | {text.get("map_no_inhabitants", lang=lang)}
    keep: NDArray[np.bool_] | None = None
    for name in dict.fromkeys(names):
        if name not in styles or not layers.lookup(name, extra).findings:
            continue
        style = styles[name]
        finding = np.array([label not in quiet for label in style.labels], dtype=bool)
        found = finding[np.asarray(style.index, dtype=np.int64)]
        keep = found if keep is None else keep | found
    if keep is None:
        first = next(iter(styles.values()), None)
        return np.zeros(len(first.index) if first is not None else 0, dtype=bool)
    return keep


def web_cells(gdf: "gpd.GeoDataFrame", keep: "NDArray[np.bool_]", *, level: str | None) -> "gpd.GeoDataFrame":
    """The kept areas in EPSG:4326: squares as they are, other polygons simplified as on a small map."""
    sub = gdf[np.asarray(keep, dtype=bool)]
    if not len(sub):
        return sub.to_crs(WEB_CRS)
    rd = sub.to_crs(ANALYSIS_CRS)
    if raster.square_lattice(rd.geometry.values) is not None:
        return rd.to_crs(WEB_CRS)
    return geometry.web_geometry(sub, level=level)


def typical_side(gdf: "gpd.GeoDataFrame") -> float | None:
    """The side (metres) of a square as large as the median area, measured in RD New."""
    import shapely

    if not len(gdf):
        return None
    area = float(np.median(shapely.area(gdf.to_crs(ANALYSIS_CRS).geometry.values)))
    return round(float(np.sqrt(area)), 1) if area > 0 else None


def images(canvas: raster.Canvas, styles: dict[str, layers.Style], names: list[str]) -> dict[str, dict[str, Any]]:
    """One PNG per layer of ``names`` (``data:`` URIs) on the areas' pixel grid, with its Leaflet bounds."""
    bounds = canvas.bounds()
    return {name: {"url": canvas.data_uri(styles[name].index, styles[name].colours, hatched=styles[name].hatched,
                                          line=layers.NO_FIGURE_LINE),
                   "bounds": bounds, "pixel": canvas.pixel} for name in names}


def density_style(frame: "gpd.GeoDataFrame", *, lang: str, min_count: int | None = None,
                  report: dict[str, Any] | None = None) -> layers.Style:
    """Classes of the density (incidents per km²), quantiles of the shown squares; masked ones in none.

    The note says what is not shown and the squares' size (from ``report``,
    :meth:`geo.density.Density.report`, else measured on the frame), with the
    bandwidth when the report gives it: the surface's squares need not be the
    areas of the map (hexagons, buurten).
    """
    values = frame["density"].to_numpy(dtype=float)
    shown = ~frame["masked"].fillna(True).astype(bool).to_numpy() & np.isfinite(values)
    bins, klass = classify(np.where(shown, values, np.nan))
    colours = DENSITY_COLOURS[len(bins)] if len(bins) in DENSITY_COLOURS else DENSITY_COLOURS[2][1:][:len(bins)]
    labels = layers.class_labels(bins, values[shown], lang=lang)
    index = np.where(shown & (klass >= 0), klass, len(colours))
    note = (text.get("density_note", lang=lang, min_count=min_count) if min_count
            else text.get("density_note_any", lang=lang))
    squares = _squares_note(frame, report or {}, lang=lang)
    note = f"{squares} {note}" if squares else note
    return layers.Style(index=index, colours=[*colours, cat.LISA_COLOURS[cat.NO_DATA]],
                        labels=[*labels, text.get("no_data", lang=lang)], legend=list(zip(colours, labels)),
                        note=note)


def _squares_note(frame: "gpd.GeoDataFrame", report: dict[str, Any], *, lang: str) -> str | None:
    """"Computed on squares of 100 m, bandwidth 337 m." (the size measured on the frame when no report says it)."""
    cell = report.get("cell") or (typical_side(frame) if len(frame) else None)
    if not cell:
        return None
    bandwidth = report.get("bandwidth")
    if bandwidth is None:
        return text.get("density_squares_only", lang=lang, cell=text.number(float(cell), 0, lang=lang))
    key = "density_squares_counts" if report.get("source") == "counts" else "density_squares"
    return text.get(key, lang=lang, cell=text.number(float(cell), 0, lang=lang),
                    bandwidth=text.number(float(bandwidth), 0, lang=lang))


def add_density(data: dict[str, Any], frame: "gpd.GeoDataFrame", *, lang: str, big: bool,
                min_count: int | None = None, areas: "tuple[Any, raster.Canvas] | None" = None,
                report: dict[str, Any] | None = None) -> None:
    """Put the density layer into the page's data: an image when ``big``, else its shown squares as polygons.

    ``areas`` (the areas' codes and pixel grid) is reused when the density
    has exactly the areas' squares, in any order: one grid less to compute.
    ``report`` (:meth:`geo.density.Density.report`, as ``summary.json``
    records it) gives the legend the squares' size and the bandwidth. Of a
    cube the last period is drawn (:func:`shown_surface`), named as such.
    """
    columns = density.period_columns(frame)
    frame, period = shown_surface(frame)
    style = density_style(frame, lang=lang, min_count=min_count, report=report)
    name, row = text.get("density", lang=lang), text.get("density_row", lang=lang)
    if period is not None:
        label = periods.label(period, lang=lang)
        name, row = text.get("density_of", lang=lang, period=label), text.get("density_row_of", lang=lang, period=label)
        note = text.get("density_period_note", lang=lang, period=label, first=columns[0], last=columns[-1])
        style = replace(style, note=f"{note} {style.note}")
    index = np.asarray(style.index)
    shown = index < len(style.colours) - 1
    if big:
        canvas, order = _density_canvas(frame, areas)
        data["images"][DENSITY] = {"url": canvas.data_uri(index[order], style.colours, hidden=~shown[order]),
                                   "bounds": canvas.bounds(), "pixel": canvas.pixel}
    else:
        web = frame[shown].to_crs(WEB_CRS)
        values = web["density"].to_numpy(dtype=float)
        data["density"] = {"geom": geometry.encode_all(web.geometry.values), "idx": index[shown].tolist(),
                           "colours": style.colours, "codes": web["code"].astype(str).tolist(),
                           "values": [round(float(v), 1) for v in values]}
    if DENSITY not in data["layers"]:
        data["layers"].append(DENSITY)
    data["layerNames"][DENSITY] = name
    data["legends"][DENSITY] = {"items": style.legend, "note": style.note}
    data["text"].update({"density_row": row, "density_unit": text.get("density_unit", lang=lang)})


def _density_canvas(frame: "gpd.GeoDataFrame", areas: "tuple[Any, raster.Canvas] | None"
                    ) -> tuple[raster.Canvas, "NDArray[np.int64]"]:
    """The pixel grid of the density squares, and for each of its rows the density row it shows."""
    import pandas as pd

    if areas is not None:
        codes, canvas = areas
        position = pd.Index(frame["code"].astype(str)).get_indexer(pd.Index(codes).astype(str))
        if len(codes) == len(frame) and (position >= 0).all() and frame["code"].is_unique:
            return canvas, position
    return raster.canvas(frame.to_crs(ANALYSIS_CRS)), np.arange(len(frame))
