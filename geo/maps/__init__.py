"""Maps of the results that open anywhere, and static images of them.

=====================  ==========================================================
module                 what
=====================  ==========================================================
:mod:`.layers`         the layer registry: what each layer reads and how it colours
:mod:`.page`           the self-contained Leaflet page (:func:`hotspot_map`)
:mod:`.static`         PNG/SVG of a layer (:func:`static_map`)
:mod:`.geometry`       coverage simplification, encoded polylines, outlines
:mod:`.big`            big grids drawn as images; the kernel density layer
:mod:`.raster`         a layer as a PNG in Web Mercator pixel space (RD squares by arithmetic)
:mod:`.classify`       classes of the value and significance layers
=====================  ==========================================================

Category colours come from :mod:`geo.categories`, the same on every map and
in the static images; labels from :mod:`geo.text`.
"""

from __future__ import annotations

from .classify import SCHEMES, SEQUENTIAL, SIGNIFICANCE, classify, quantile_breaks, significance_classes
from .geometry import web_geometry
from .layers import LAYERS, REGISTRY, Layer, Style, register
from .page import BASEMAPS, MapOptions, attribution, hotspot_map, iframe_snippet, save
from .static import static_map

__all__ = [
    "BASEMAPS",
    "LAYERS",
    "REGISTRY",
    "SCHEMES",
    "SEQUENTIAL",
    "SIGNIFICANCE",
    "Layer",
    "MapOptions",
    "Style",
    "attribution",
    "classify",
    "hotspot_map",
    "iframe_snippet",
    "quantile_breaks",
    "register",
    "save",
    "significance_classes",
    "static_map",
    "web_geometry",
]
