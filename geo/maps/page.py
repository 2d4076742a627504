"""The self-contained Leaflet page of a map.

Leaflet's script and stylesheet are inlined (``django-js-lib-leaflet``
ships Leaflet 1.9.4 under a BSD licence), nothing else is loaded, and
without a basemap the page makes no network request at all. The geometry is
stored once (:mod:`geo.maps.geometry`); every layer of the registry
(:mod:`geo.maps.layers`) adds only a class index per area, its colours and
its legend, and one Leaflet layer is restyled when the reader switches.
"""

from __future__ import annotations

import html
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from .. import messages, periods, text
from .._files import atomic_path
from ..errors import OptionError, few
from ..settings import ANALYSIS_CRS, BIG_MAP_CELLS, DEFAULT_PERMUTATIONS, FEW_AREAS
from ..stats._inference import correction_note, min_pseudo_p, permutations_needed
from . import big, geometry, layers, raster
from ._assets import LEAFLET_CDN, leaflet_assets
from ._mapjs import CSS, SCRIPT
from .layers import Layer

if TYPE_CHECKING:
    import folium
    import geopandas as gpd
    from branca.element import Figure

BASEMAPS = {
    "pdok": {"url": "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png",
             "attribution": "Kaartgegevens &copy; Kadaster (BRT-Achtergrondkaart, CC BY 4.0)"},
    "osm": {"url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
            "attribution": "&copy; OpenStreetMap-bijdragers (ODbL)"},
}


@dataclass
class MapOptions:
    """How to draw a map; every field has a default that suits a first look."""

    scheme: str = "quantiles"
    classes: int | None = None
    bins: list[float] | None = None
    layers: tuple[str, ...] = layers.DEFAULT_LAYERS
    active: str = "lisa"
    basemap: str = "none"
    cdn: bool = False
    focus: str | None = None
    embed: bool = False
    level: str | None = None
    context: "gpd.GeoDataFrame | None" = None
    extra_attribution: list[str] = field(default_factory=list)
    #: Layers of this run only (the periods of a series, its change), looked up before the registry.
    extra: tuple[Layer, ...] = ()
    #: The period the registry's layers show (a series' last), said in their names; its own layers name theirs.
    period: str | None = None
    #: Above this many areas (or density squares) every layer is drawn as an image, with tooltips only
    #: for significant areas (:mod:`geo.maps.raster`).
    big_map_cells: int = BIG_MAP_CELLS

    @property
    def shown(self) -> str:
        """The layer the page opens on, and the one a static image draws."""
        return self.active if self.active in self.layers else self.layers[0]


def context_for(options: MapOptions, *, column: str, lang: str, permutations: int,
                summary: dict[str, Any] | None = None, frame: "gpd.GeoDataFrame | None" = None) -> layers.Context:
    """The layer context of a map: the analysed column, language, permutations, classes, Gi* inference, few areas."""
    bivariate = (summary or {}).get("bivariate") or {}
    n = analysed_areas(frame, summary) if frame is not None else None
    few = (summary or {}).get("few_areas")
    return layers.Context(column=column, lang=text.lang_of(lang), permutations=permutations, scheme=options.scheme,
                          classes=options.classes, bins=options.bins,
                          gi_inference=str((summary or {}).get("gi_inference", "normal")),
                          x_name=str(bivariate.get("x_name", "")), y_name=str(bivariate.get("y_name", "")),
                          few_areas=few if isinstance(few, bool) else n is not None and n < FEW_AREAS,
                          n_analysed=n)


def analysed_areas(frame: "gpd.GeoDataFrame", summary: dict[str, Any] | None = None) -> int:
    """How many areas the local statistics were computed on.

    The summary's ``n`` when it has one, else the frame's ``analysed``
    column (areas without a value are not), else every row.
    """
    n = (summary or {}).get("n")
    if isinstance(n, int) and not isinstance(n, bool):
        return n
    if "analysed" in frame.columns:
        return int(frame["analysed"].fillna(False).astype(bool).sum())
    return len(frame)


def check_layers(gdf: "gpd.GeoDataFrame", options: MapOptions, ctx: layers.Context, *,
                 density: "gpd.GeoDataFrame | None" = None) -> None:
    """Fail on unknown layers, layers whose columns the frame lacks, or a density frame without its columns."""
    own = {layer.name for layer in options.extra}
    if density is not None:
        big.check_density(density)
        own.add(big.DENSITY)
    unknown = [name for name in options.layers if name not in layers.REGISTRY and name not in own]
    if unknown:
        raise OptionError(messages.line("maps_page_unknown_map_layer", unknown=', '.join(unknown),
                                        layers=', '.join(layers.LAYERS)))
    missing = [name for name in options.layers
               if name != big.DENSITY and not layers.lookup(name, options.extra).available(gdf, ctx)]
    if missing:
        present = [n for n in layers.LAYERS if layers.REGISTRY[n].available(gdf, ctx)]
        raise OptionError(messages.line("maps_page_analysis_did_produce", missing=', '.join(missing),
                                        present=', '.join(present)))


def _round(values: Any, digits: int) -> list[float | None]:
    return [None if v is None or (isinstance(v, float) and not math.isfinite(v)) else round(float(v), digits)
            for v in values]


def hotspot_map(
    gdf: "gpd.GeoDataFrame",
    *,
    column: str,
    title: str,
    lang: str = "nl",
    permutations: int = DEFAULT_PERMUTATIONS,
    summary: dict[str, Any] | None = None,
    options: MapOptions | None = None,
    density: "gpd.GeoDataFrame | None" = None,
) -> "folium.Map":
    """Build the map page of an analysed frame.

    Above :attr:`MapOptions.big_map_cells` areas (or density squares) each
    layer is drawn as an image (:mod:`geo.maps.big`), with the same colours
    and legend, and only significant areas have a tooltip.

    Parameters
    ----------
    gdf
        Result frame of :func:`geo.analyse` (any CRS): ``code``, ``name``,
        ``value`` and the columns of the chosen layers; ``rate``, ``lower``
        and ``upper`` when present.
    column
        The analysed column, ``rate`` or ``value``; the value layer shows it.
    title
        Shown at the top of the map.
    lang
        ``nl`` or ``en``.
    permutations
        Sets the finest significance class and the digits of p in tooltips.
    summary
        The run's summary: sources for the attribution line, whether the
        data are synthetic, and ``few_areas`` (below
        :data:`geo.settings.FEW_AREAS` analysed areas the local layers colour
        no cluster as a finding; counted from the frame when the key is absent).
    options
        Scheme, classes, layers, basemap, focus, embedding; see :class:`MapOptions`.
    density
        A kernel density layer: :attr:`geo.density.Density.frame` (``code``,
        ``density`` in incidents per km² and NaN where masked, ``masked``,
        ``geometry``). Classed, in incidents per km², masked squares
        transparent; added to the layers unless they name it (``density``).

    Returns
    -------
    folium.Map
    """
    options = options or MapOptions()
    lang = text.lang_of(lang)
    ctx = context_for(options, column=column, lang=lang, permutations=permutations, summary=summary, frame=gdf)
    check_layers(gdf, options, ctx, density=density)
    if options.basemap not in ("none", *BASEMAPS):
        raise OptionError(messages.line("maps_page_unknown_basemap_use", options_basemap=options.basemap))
    if options.focus is not None and options.focus not in set(gdf["code"]):
        raise OptionError(messages.line("maps_page_focus_area_map", options_focus=options.focus,
                                        codes=few(sorted(gdf['code'])[:4], 4)))
    data = _payload(gdf, ctx, options, summary, density)
    fmap = _page(data, options, title=title, panel=_title_panel(title, ctx, summary))
    return fmap


def _payload(gdf: "gpd.GeoDataFrame", ctx: layers.Context, options: MapOptions,
             summary: dict[str, Any] | None, density: "gpd.GeoDataFrame | None" = None) -> dict[str, Any]:
    """Everything the page's script reads: geometry once, a class index per layer, tooltips, texts.

    On a big map (:func:`geo.maps.big.is_big`) the layers are images and
    the geometry, class indices and tooltips are those of the significant
    areas only.
    """
    lang = ctx.lang
    chosen = [name for name in options.layers if name != big.DENSITY]
    drawn_big = big.is_big(gdf, density, limit=options.big_map_cells)
    drawn = gdf if drawn_big else geometry.web_geometry(gdf, level=options.level)
    # Styles of the chosen layers, and of every layer a tooltip row reads.
    candidates = [*layers.LAYERS, *(layer.name for layer in options.extra)]
    tip_layers = [n for n in candidates
                  if layers.lookup(n, options.extra).tooltip and layers.lookup(n, options.extra).available(drawn, ctx)]
    styles = {name: layers.style(name, drawn, ctx, extra=options.extra) for name in dict.fromkeys(chosen + tip_layers)}
    keep = big.significant(styles, chosen + tip_layers, lang=lang, extra=options.extra) if drawn_big else None
    web = drawn if keep is None else big.web_cells(gdf, keep, level=options.level)
    data: dict[str, Any] = {
        "locale": "nl-NL" if lang == "nl" else "en-GB",
        **_area_columns(web, summary),
        "styles": {name: {"idx": (s.index if keep is None else s.index[keep]).tolist(), "colours": s.colours,
                          "labels": s.labels, "hatch": s.hatched} for name, s in styles.items()},
        "tips": _tip_rows(web, tip_layers, ctx, options.extra),
        "layers": list(options.layers),
        "active": options.shown,
        "layerNames": {name: _layer_name(name, options, ctx) for name in chosen},
        "legends": {name: _legend(styles[name]) for name in chosen},
        "hatch": {"line": layers.NO_FIGURE_LINE, "fill": layers.NO_FIGURE_FILL},
        "text": {k: text.get(k, lang=lang) for k in ("name", "code", "value", "rate", "no_data", "uncertain",
                                                      "context", "population")},
        "basemap": BASEMAPS.get(options.basemap),
        "embed": options.embed,
        "cellSize": geometry.typical_size(web),
        "outlineMinPx": OUTLINE_MIN_PX,
        "images": {}, "imageNote": None, "opacity": big.OPACITY,
        "context": None,
        "focus": None,
    }
    canvas = None
    if drawn_big:
        canvas = raster.canvas(gdf.to_crs(ANALYSIS_CRS))
        data.update(images=big.images(canvas, styles, chosen), cellSize=big.typical_side(gdf),
                    imageNote=text.get("map_image_note", lang=lang, n=text.number(len(gdf), 0, lang=lang)))
    if density is not None:
        big.add_density(data, density, lang=lang, big=drawn_big, min_count=_density_min_count(summary),
                        areas=(gdf["code"].to_numpy(), canvas) if canvas is not None else None,
                        report=_density_report(summary))
    data["context"] = _context(options, web, big_map=drawn_big)
    if options.focus is not None:
        data["focus"] = geometry.focus(gdf, options.focus)
    return data


def _legend(style: layers.Style) -> dict[str, Any]:
    """A layer's legend for the page: its items, its note, and which item is the hatch (or ``None``)."""
    hatch = None
    if style.hatched is not None:
        entry = (style.colours[style.hatched], style.labels[style.hatched])
        hatch = next((i for i, item in enumerate(style.legend) if tuple(item) == entry), None)
    return {"items": style.legend, "note": style.note, "hatch": hatch}


def _context(options: MapOptions, web: "gpd.GeoDataFrame", *, big_map: bool) -> list[Any] | None:
    """Outlines around the areas: the given context, else the gemeenten of wijken or buurten (not on a big map,
    whose polygons on the page are only its significant areas)."""
    if options.context is not None:
        context = geometry.web_geometry(options.context, level="gemeente")
    else:
        context = None if big_map else geometry.parent_outlines(web)
    return geometry.encode_all(context.geometry.values) if context is not None and len(context) else None


def _area_columns(web: "gpd.GeoDataFrame", summary: dict[str, Any] | None) -> dict[str, Any]:
    """The areas' geometry (encoded), codes, names and the numbers their tooltips show."""

    def column(name: str, digits: int) -> list[float | None] | None:
        return _round(web[name].to_numpy(dtype=float), digits) if name in web else None

    def flags(name: str) -> list[bool] | None:
        return web[name].fillna(False).astype(bool).tolist() if name in web else None

    return {
        "geom": geometry.encode_all(web.geometry.values),
        "codes": web["code"].astype(str).tolist(),
        "names": web["name"].astype(str).tolist(),
        "value": column("value", 4) or [None] * len(web),
        "rate": column("rate", 2), "lower": column("lower", 4), "upper": column("upper", 4),
        "uncertain": flags("uncertain"), "suppressed": flags("suppressed"),
        "population": column("population", 0),
        "minCount": int((summary or {}).get("suppressed", {}).get("min_count", 0) or 0),
    }


def _density_report(summary: dict[str, Any] | None) -> dict[str, Any] | None:
    """The density layer as the run's summary records it (``aggregation.density``), if it does."""
    report = ((summary or {}).get("aggregation") or {}).get("density")
    return report if isinstance(report, dict) else None


def _density_min_count(summary: dict[str, Any] | None) -> int | None:
    """The density layer's ``min_count`` as the run's summary records it (``aggregation.density.min_count``)."""
    report = _density_report(summary)
    value = report.get("min_count") if report is not None else None
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


#: Below this many screen pixels across a typical area the page draws no outlines: on a grid of
#: 100,000 cells the outlines alone would turn the country grey.
OUTLINE_MIN_PX = 6


def _layer_name(name: str, options: MapOptions, ctx: layers.Context) -> str:
    """A layer's name in the control; of a series the period the registry's layers show (a trial read LISA and
    Gi* of the last quarter as the whole series, its title spanning every quarter)."""
    title = layers.lookup(name, options.extra).title_for(ctx)
    if options.period and not any(layer.name == name for layer in options.extra):
        return f"{title} \u2013 {options.period}"
    return title


def _title_panel(title: str, ctx: layers.Context, summary: dict[str, Any] | None) -> str:
    """The box at the top left: title, synthetic-data warning, cautions, and the sources (CC BY)."""
    lang = ctx.lang
    source = attribution((summary or {}).get("sources"), lang=lang, summary=summary)
    synthetic = bool(summary and summary.get("synthetic"))
    cautions = []
    if summary and summary.get("caution"):
        cautions.append(text.get("caution_global", lang=lang, p=text.p_value(summary["moran"]["p"], lang=lang)))
    if ctx.few_areas:
        cautions.append(text.get("map_few_areas", lang=lang, n=ctx.n_analysed, threshold=FEW_AREAS))
    cautions.append(_correction_line(summary, lang))
    caution = " ".join(c for c in cautions if c)
    return (f'<div class="vmgeo-title" id="vmgeo-title"><div class="name"><b>{html.escape(title)}</b></div>'
            + (f'<div class="synthetic">{html.escape(text.get("synthetic", lang=lang))}</div>' if synthetic else "")
            + (f'<div class="caution">{html.escape(caution)}</div>' if caution else "")
            + f'<div class="source" id="vmgeo-source" tabindex="0">{html.escape(source)}</div></div>')


def _page(data: dict[str, Any], options: MapOptions, *, title: str, panel: str) -> "folium.Map":
    """The folium page: Leaflet (inlined or from the CDN), vmgeo's style and script, the data as JSON."""
    import folium
    from branca.element import MacroElement, Template

    # Leaflet's own scale control also shows miles; the page adds a metric-only one.
    fmap = folium.Map(tiles=None, control_scale=False, zoom_snap=0.25)
    fmap.vmgeo_title = title  # type: ignore[attr-defined]
    root = cast("Figure", fmap.get_root())
    if options.cdn:
        fmap.default_js = [("leaflet", LEAFLET_CDN[0])]
        fmap.default_css = [("leaflet_css", LEAFLET_CDN[1])]
    else:
        fmap.default_js = []
        fmap.default_css = []
        js, css = leaflet_assets()
        root.header.add_child(_raw(f"<style>{css}</style>"), name="leaflet_css_inline")
        root.header.add_child(_raw(f"<script>{js}</script>"), name="leaflet_inline")
    root.header.add_child(_raw(f"<style>{CSS}</style>"), name="vmgeo_css")
    root.header.add_child(_raw('<meta name="viewport" content="width=device-width, initial-scale=1">'),
                          name="viewport")
    root.html.add_child(_raw(panel), name="vmgeo_title")
    if options.embed:
        root.html.add_child(_raw("<script>document.body.classList.add('vmgeo-embed');</script>"),
                            name="vmgeo_embed")
    # The data goes in a JSON script element, never through a template; "<" is
    # escaped so that no value can end the element.
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    root.html.add_child(_raw(f'<script type="application/json" id="vmgeo-data">{payload}</script>'),
                        name="vmgeo_data")
    script = MacroElement()
    script._template = Template(
        "{% macro script(this, kwargs) %}"
        + SCRIPT.replace("%(map)s", "{{ this._parent.get_name() }}")
        .replace("%(data)s", "JSON.parse(document.getElementById('vmgeo-data').textContent)")
        + "{% endmacro %}")
    fmap.add_child(script)
    return fmap


def _correction_line(summary: dict[str, Any] | None, lang: str) -> str:
    """The line that says a correction cannot be passed with these permutations, and how many it needs."""
    if not summary or summary.get("correction", "none") == "none" or not summary.get("permutations"):
        return ""
    n, permutations, alpha = int(summary["n"]), int(summary["permutations"]), float(summary["alpha"])
    correction = str(summary["correction"])
    note = correction_note(n, permutations, alpha, correction=correction)
    if not note or "never" not in note:
        return ""
    return text.get("t_correction_impossible", lang=lang, permutations=permutations,
                    floor=text.p_value(min_pseudo_p(permutations), lang=lang),
                    correction="FDR" if correction == "fdr" else "Bonferroni", n=n,
                    needed=permutations_needed(n, alpha, correction=correction))


def _tip_rows(web: "gpd.GeoDataFrame", tip_layers: list[str], ctx: layers.Context,
              extra: tuple[layers.Layer, ...] = ()) -> list[dict[str, Any]]:
    """Tooltip rows the layers add: a category label (by layer), a number (with its format), a line chart."""
    import numpy as np

    rows: list[dict[str, Any]] = []
    for name in tip_layers:
        for row in layers.lookup(name, extra).tooltip:
            if row.column is not None and row.column not in web.columns:
                continue  # results of an earlier version, without this column
            label = text.get(row.label, lang=ctx.lang)
            if row.kind == "category":
                rows.append({"label": label, "kind": "category", "layer": name})
            elif row.kind == "spark":
                matrix = np.column_stack([web[c].to_numpy(dtype=float) for c in row.columns])
                rows.append({"label": label, "kind": "spark",
                             "values": [_round(r, 2) for r in matrix.tolist()]})
            else:
                digits = layers.p_digits(ctx.permutations) if row.kind == "p" else 2
                rows.append({"label": label, "kind": row.kind, "digits": digits,
                             "floor": _p_floor(str(row.column), ctx) if row.kind == "p" else None,
                             "values": _round(web[str(row.column)].to_numpy(dtype=float), digits)})
    return rows


#: Columns of two-sided pseudo p-values, whose smallest possible value is 2/(P+1).
PSEUDO_P_COLUMNS = ("lisa_p", "bv_p", "gi_p_sim")


def _p_floor(column: str, ctx: layers.Context) -> float | None:
    """The smallest p a tooltip row's column can hold: shown as ``< 0,00002``, never as ``0``."""
    pseudo = column in PSEUDO_P_COLUMNS or (column == "gi_p_bin" and ctx.gi_inference == "permutation")
    return min_pseudo_p(ctx.permutations) if pseudo and ctx.permutations else None


def _raw(markup: str) -> Any:
    """An element whose text goes into the page as it is, never through a template.

    branca renders every element as a Jinja template, and Leaflet's code or
    encoded polylines contain "{%" and "{#" often enough to break it.
    """
    from branca.element import Element

    class Raw(Element):
        def __init__(self, markup: str) -> None:
            super().__init__("")
            self._markup = markup

        def render(self, **kwargs: Any) -> str:
            return self._markup

    return Raw(markup)


def attribution(sources: list[dict[str, Any]] | None, *, lang: str = "nl",
                summary: dict[str, Any] | None = None) -> str:
    """The source line of a map: every table and boundary set the run used.

    Synthetic demo data say so; a user's own files are named (not CBS or
    Politie, which they may not come from).
    """
    if summary and summary.get("synthetic"):
        return text.get("synthetic_source", lang=lang)
    inputs = (summary or {}).get("inputs") or {}
    squares = _squares_credit(inputs, lang=lang)
    if not sources:
        named = [inputs.get("data") or inputs.get("incidents"), *list(_as_list(inputs.get("boundaries")))]
        files = [Path(str(f)).name for f in named if f and not str(f).startswith("PDOK ")]
        if files:
            return text.get("own_files", lang=lang, files=", ".join(files)) + squares
        return text.get("default_source", lang=lang) + squares
    parts = []
    for s in sources:
        if s.get("source") == "pdok":
            parts.append(f"{text.get('boundaries_word', lang=lang)} PDOK {s.get('level')} {s.get('year')} "
                         f"({s.get('attribution')}, {s.get('licence')})")
        else:
            owner = "Politie" if s.get("source") == "politie" else "CBS"
            period = f", {periods.label(s['period'], lang=lang)}" if s.get("period") else ""
            status = f" {text.cbs_status(str(s['period_status']), lang=lang)}" if s.get("period_status") else ""
            modified = str(s.get("table_modified") or "")[:10]
            changed = f", {text.get('modified', lang=lang)} {modified}" if modified else ""
            parts.append(f"{owner} {s.get('table')}{period}{status}{changed}")
    # A series names each table once per period; the line says each source once.
    return text.get("sources", lang=lang) + "; ".join(dict.fromkeys(parts)) + ("." if squares else "") + squares


def _squares_credit(inputs: dict[str, Any], *, lang: str) -> str:
    """CBS named for inhabitants per square read from a file (``--population FILE`` with ``--grid``): CC BY 4.0."""
    population = str(inputs.get("population") or "")
    if not population or not inputs.get("grid") or not Path(population).suffix:
        return ""  # none, a CBS table (in the sources), or PDOK's squares (in the sources, with provenance)
    return " " + text.get("squares_file_source", lang=lang, file=Path(population).name)


def page_html(fmap: "folium.Map", *, title: str, lang: str = "nl") -> str:
    """The page as text, with the ``<title>`` and ``lang`` that municipal websites need for accessibility."""
    markup = fmap.get_root().render()
    markup = markup.replace("<html>", f'<html lang="{text.lang_of(lang)}">', 1)
    return markup.replace("<head>", f"<head>\n    <title>{html.escape(title)}</title>", 1)


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value] if value else []


def save(fmap: "folium.Map", path: str | Path, *, title: str | None = None, lang: str = "nl") -> Path:
    """Write the page to a temporary file beside ``path``, then rename it."""
    markup = page_html(fmap, title=str(title or getattr(fmap, "vmgeo_title", "vmgeo")), lang=lang)
    with atomic_path(path) as tmp:
        tmp.write_text(markup, encoding="utf-8")
    return Path(path)


def iframe_snippet(page: str, *, title: str, height: int = 600) -> str:
    """The HTML to embed a map page in a wijkprofiel."""
    return (f'<iframe src="{html.escape(page)}" title="{html.escape(title)}" width="100%" height="{height}" '
            'style="border:0" loading="lazy"></iframe>')
