"""Hot spots inside the area: the wijken (or member gemeenten) of the area, analysed as ``vmgeo hotspots`` does.

For every main crime type the registered count of the scan year per area
inside, as a rate per 1,000 inhabitants, goes through the existing
pipeline (:func:`geo.prepare`, :func:`geo.analyse`: LISA and Gi*). The
total registered crime is drawn as the self-contained Leaflet map
(:func:`geo.maps.hotspot_map`) and, for the PDF, which runs no JavaScript,
as numbered SVG maps of the same layers (:class:`PrintMap`, coloured by the
registry of :mod:`geo.maps.layers`, drawn by :func:`geo.scan.charts.area_map`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from .. import categories as cat
from .. import text
from ..analysis import HotspotResult, analyse
from ..errors import AnalysisError
from ..maps import MapOptions, hotspot_map
from ..maps.layers import lookup
from ..maps.layers import style as layer_style
from ..maps.page import context_for
from ..rates import prepare
from ..reports import RunReport
from ..settings import DEFAULT_PERMUTATIONS, DEFAULT_SEED
from ..summary import build
from . import catalogue
from .objective import BV_COLUMNS

if TYPE_CHECKING:
    import geopandas as gpd

    from .areas import Area
    from .data import ScanData

log = logging.getLogger("geo")

#: The areas of the top list per crime type.
TOP = 3
#: The layers the PDF's static maps draw (the page opens on the first).
STATIC_LAYERS = ("lisa", "gi")


@dataclass(frozen=True)
class PrintMap:
    """One layer of the map of the areas inside, for paper: the areas, their colours and the legend."""

    #: ``code``, ``name`` and ``geometry`` of every area on the map (those without inhabitants too).
    frame: "gpd.GeoDataFrame"
    #: Per area of ``frame``, its colour in the layer.
    colours: list[str]
    #: Per area, whether it has no figure (no inhabitants, or no count): hatched, with a legend entry of its own.
    missing: list[bool]
    #: (colour, label) of the classes, as the layer registry gives them (without its "no data" entry).
    legend: list[tuple[str, str]]
    #: The layer's title (as the registry names it) and its note (few areas), if any.
    title: str
    note: str | None = None


@dataclass
class Inside:
    """The analysed areas inside the scan's area."""

    #: ``code``, ``name``, ``geometry``, ``population`` and per crime type ``count_<t>``, ``rate_<t>``,
    #: ``lisa_<t>``, ``gi_<t>``.
    frame: "gpd.GeoDataFrame"
    level: str
    #: The analysis per crime type (missing where it could not run).
    results: dict[str, "HotspotResult"] = field(default_factory=dict)
    #: Why a crime type has no analysis, by type.
    skipped: dict[str, str] = field(default_factory=dict)
    #: Areas without inhabitants: on the map, but without a rate and outside the statistics.
    unpopulated: list[str] = field(default_factory=list)

    @property
    def shown(self) -> str | None:
        """The crime type of the map: the total where there are wijk totals, else the first type analysed."""
        return next((k for k in catalogue.INSIDE_TYPES if k in self.results), None)


def analyse_inside(area: "Area", data: "ScanData", *, permutations: int = DEFAULT_PERMUTATIONS,
                   seed: int = DEFAULT_SEED) -> Inside | None:
    """Analyse the areas inside ``area``; ``None`` when it has none (or no boundaries for them)."""
    import geopandas as gpd

    if not area.inside or area.inside_level is None:
        return None
    source = data.wijken if area.inside_level == "wijk" else data.gemeenten
    if source is None:
        return None
    frame = source[source["code"].isin(area.inside)].copy()
    if frame.empty:
        return None
    pop = data.population.set_index("code")["population"] if data.population is not None else None
    frame["population"] = frame["code"].map(pop) if pop is not None else float("nan")
    out = gpd.GeoDataFrame(frame[["code", "name", "population", "geometry"]].reset_index(drop=True),
                           crs=frame.crs)
    inside = Inside(frame=out, level=area.inside_level)
    has_pop = (out["population"] > 0).to_numpy()
    inside.unpopulated = sorted(out.loc[~has_pop, "name"].astype(str))
    for key in catalogue.INSIDE_TYPES:
        counts = data.counts.get(key)
        if counts is None:
            inside.skipped[key] = "no_counts"
            continue
        by_code = counts.set_index("code")["value"]
        out[f"count_{key}"] = out["code"].map(by_code).astype(float)
        rows = out.loc[has_pop, ["code", "name", "geometry", "population"]].copy()
        rows["value"] = out.loc[has_pop, f"count_{key}"]
        rows = gpd.GeoDataFrame(rows.reset_index(drop=True), crs=out.crs)
        if int(rows["value"].notna().sum()) < 3:
            inside.skipped[key] = "too_few_areas"
            continue
        try:
            # Empirical Bayes: a wijk of a few hundred inhabitants must not be a hot spot by a handful of cases.
            result = analyse(prepare(rows, value="value", population="population"), permutations=permutations,
                             seed=seed, rate="eb")
        except AnalysisError as exc:
            log.info("hot spots inside %s, %s: %s", area.code, key, exc)
            inside.skipped[key] = "analysis"
            continue
        if not has_pop.all():
            result = _with_unpopulated(result, out.loc[~has_pop, ["code", "name", "geometry", "population"]])
        inside.results[key] = result
        res = result.frame.set_index("code")
        out[f"rate_{key}"] = out["code"].map(res["rate"]).astype(float)
        out[f"lisa_{key}"] = out["code"].map(res["lisa_cluster"])
        out[f"gi_{key}"] = out["code"].map(res["gi_category"])
    return inside


def _with_unpopulated(result: "HotspotResult", rows: "gpd.GeoDataFrame") -> "HotspotResult":
    """The result with the areas without inhabitants added back: drawn on the map, as "no data"."""
    import geopandas as gpd
    import pandas as pd

    extra = rows.assign(value=float("nan"), analysed=False, lisa_cluster=cat.NO_DATA, gi_category=cat.NO_DATA,
                        gi_bin=0, island=False)
    frame = gpd.GeoDataFrame(pd.concat([result.frame, extra.to_crs(result.frame.crs)], ignore_index=True),
                             crs=result.frame.crs)
    return replace(result, frame=frame)


def page_and_image(inside: Inside, *, title: str, lang: str, sources: list[dict[str, Any]], focus: str | None,
                   bivariate: "gpd.GeoDataFrame | None" = None, bivariate_global: dict[str, Any] | None = None
                   ) -> tuple[str, dict[str, PrintMap]] | None:
    """The self-contained map page (HTML text) of registered crime inside (:attr:`Inside.shown`), and its
    layers for paper (:data:`STATIC_LAYERS`).

    With a ``bivariate`` LISA of the same areas (``code`` and the ``bv_*``
    columns of :func:`geo.analyse`) the map has the registered ``bivariate``
    layer too (:mod:`geo.maps.layers`), named by ``bivariate_global`` and
    the scan's indicators. ``None`` when the total could not be analysed.
    """
    key = inside.shown
    if key is None:
        return None
    result = inside.results[key]
    frame = result.frame
    summary = build(result, RunReport())
    summary["sources"] = sources
    layers: tuple[str, ...] = ("value", "lisa", "gi")
    if bivariate is not None:
        by_code = bivariate.set_index("code")
        frame = frame.copy()
        for column in BV_COLUMNS:
            frame[column] = frame["code"].map(by_code[column])
        summary["bivariate"] = {**(bivariate_global or {}), "x_name": text.get("bv_x_crime", lang=lang),
                                "y_name": text.get("bv_y_unsafe", lang=lang)}
        layers = (*layers, "bivariate")
    options = MapOptions(layers=layers, active="lisa", level=inside.level, focus=focus)
    page = hotspot_map(frame, column=result.column, title=title, lang=lang, permutations=result.options.permutations,
                       summary=summary, options=options)
    html_text = page.get_root().render()
    # Paper has no layer control: both the LISA clusters and the Gi* spots are printed, coloured as on screen.
    ctx = context_for(options, column=result.column, lang=lang, permutations=result.options.permutations,
                      summary=summary, frame=frame)
    missing = (~(frame["population"] > 0) | frame[result.column].isna()).tolist()
    no_data = text.get("no_data", lang=lang)
    maps = {}
    for layer in STATIC_LAYERS:
        drawn = layer_style(layer, frame, ctx)
        maps[layer] = PrintMap(frame=frame[["code", "name", "geometry"]], missing=missing,
                               colours=[drawn.colours[i] for i in drawn.index],
                               legend=[(c, label) for c, label in drawn.legend if label != no_data],
                               title=lookup(layer).title_for(ctx), note=drawn.note)
    return html_text, maps

