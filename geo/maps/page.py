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

from .. import periods, text
from ..errors import OptionError, few
from . import geometry, layers
from ._assets import LEAFLET_CDN, leaflet_assets
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

    @property
    def shown(self) -> str:
        """The layer the page opens on, and the one a static image draws."""
        return self.active if self.active in self.layers else self.layers[0]


def context_for(options: MapOptions, *, column: str, lang: str, permutations: int,
                summary: dict[str, Any] | None = None) -> layers.Context:
    """The layer context of a map: the analysed column, language, permutations, classes, Gi* inference."""
    bivariate = (summary or {}).get("bivariate") or {}
    return layers.Context(column=column, lang=text.lang_of(lang), permutations=permutations, scheme=options.scheme,
                          classes=options.classes, bins=options.bins,
                          gi_inference=str((summary or {}).get("gi_inference", "normal")),
                          x_name=str(bivariate.get("x_name", "")), y_name=str(bivariate.get("y_name", "")))


def check_layers(gdf: "gpd.GeoDataFrame", options: MapOptions, ctx: layers.Context) -> None:
    """Fail on unknown layers, or layers whose columns the frame lacks."""
    own = {layer.name for layer in options.extra}
    unknown = [name for name in options.layers if name not in layers.REGISTRY and name not in own]
    if unknown:
        raise OptionError(f"unknown map layer(s) {', '.join(unknown)}; choose from {', '.join(layers.LAYERS)}")
    missing = [name for name in options.layers if not layers.lookup(name, options.extra).available(gdf, ctx)]
    if missing:
        present = [n for n in layers.LAYERS if layers.REGISTRY[n].available(gdf, ctx)]
        raise OptionError(f"the analysis did not produce the layer(s) {', '.join(missing)}; "
                          f"available: {', '.join(present)}")


def _round(values: Any, digits: int) -> list[float | None]:
    return [None if v is None or (isinstance(v, float) and not math.isfinite(v)) else round(float(v), digits)
            for v in values]


def hotspot_map(
    gdf: "gpd.GeoDataFrame",
    *,
    column: str,
    title: str,
    lang: str = "nl",
    permutations: int = 999,
    summary: dict[str, Any] | None = None,
    options: MapOptions | None = None,
) -> "folium.Map":
    """Build the map page of an analysed frame.

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
        The run's summary: sources for the attribution line, and whether the
        data are synthetic.
    options
        Scheme, classes, layers, basemap, focus, embedding; see :class:`MapOptions`.

    Returns
    -------
    folium.Map
    """
    import folium
    from branca.element import MacroElement, Template

    options = options or MapOptions()
    lang = text.lang_of(lang)
    ctx = context_for(options, column=column, lang=lang, permutations=permutations, summary=summary)
    check_layers(gdf, options, ctx)
    if options.basemap not in ("none", *BASEMAPS):
        raise OptionError(f"unknown --basemap {options.basemap!r}; use none, pdok or osm")
    if options.focus is not None and options.focus not in set(gdf["code"]):
        raise OptionError(f"--focus {options.focus!r} is not an area of this map; codes are e.g. "
                          f"{few(sorted(gdf['code'])[:4], 4)}")
    chosen = list(options.layers)

    web = geometry.web_geometry(gdf, level=options.level)
    # Styles of the chosen layers, and of every layer a tooltip row reads.
    candidates = [*layers.LAYERS, *(layer.name for layer in options.extra)]
    tip_layers = [n for n in candidates
                  if layers.lookup(n, options.extra).tooltip and layers.lookup(n, options.extra).available(web, ctx)]
    styles = {name: layers.style(name, web, ctx, extra=options.extra) for name in dict.fromkeys(chosen + tip_layers)}
    data: dict[str, Any] = {
        "locale": "nl-NL" if lang == "nl" else "en-GB",
        "geom": geometry.encode_all(web.geometry.values),
        "codes": web["code"].astype(str).tolist(),
        "names": web["name"].astype(str).tolist(),
        "value": _round(web["value"].to_numpy(dtype=float), 4) if "value" in web else [None] * len(web),
        "rate": _round(web["rate"].to_numpy(dtype=float), 2) if "rate" in web else None,
        "lower": _round(web["lower"].to_numpy(dtype=float), 4) if "lower" in web else None,
        "upper": _round(web["upper"].to_numpy(dtype=float), 4) if "upper" in web else None,
        "uncertain": web["uncertain"].fillna(False).astype(bool).tolist() if "uncertain" in web else None,
        "suppressed": web["suppressed"].fillna(False).astype(bool).tolist() if "suppressed" in web else None,
        "minCount": int((summary or {}).get("suppressed", {}).get("min_count", 0) or 0),
        "styles": {name: {"idx": s.index.tolist(), "colours": s.colours, "labels": s.labels}
                   for name, s in styles.items()},
        "tips": _tip_rows(web, tip_layers, ctx, options.extra),
        "layers": chosen,
        "active": options.shown,
        "layerNames": {name: layers.lookup(name, options.extra).title_for(ctx) for name in chosen},
        "legends": {name: {"items": styles[name].legend, "note": styles[name].note} for name in chosen},
        "population": _round(web["population"].to_numpy(dtype=float), 0) if "population" in web else None,
        "text": {k: text.get(k, lang=lang) for k in ("name", "code", "value", "rate", "no_data", "uncertain",
                                                      "context", "population")},
        "basemap": BASEMAPS.get(options.basemap),
        "context": None,
        "focus": None,
    }
    context = (geometry.web_geometry(options.context, level="gemeente") if options.context is not None
               else geometry.parent_outlines(web))
    if context is not None and len(context):
        data["context"] = geometry.encode_all(context.geometry.values)
    if options.focus is not None:
        data["focus"] = geometry.focus(gdf, options.focus)

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
    from ._mapjs import CSS, SCRIPT

    root.header.add_child(_raw(f"<style>{CSS}</style>"), name="vmgeo_css")
    root.header.add_child(_raw('<meta name="viewport" content="width=device-width, initial-scale=1">'),
                          name="viewport")
    source = attribution((summary or {}).get("sources"), lang=lang, summary=summary)
    synthetic = bool(summary and summary.get("synthetic"))
    caution = (text.get("caution_global", lang=lang, p=text.p_value(summary["moran"]["p"], lang=lang))
               if summary and summary.get("caution") else "")
    impossible = _correction_line(summary, lang)
    if impossible:
        caution = f"{caution} {impossible}".strip()
    panel = (f'<div class="vmgeo-title" id="vmgeo-title"><div><b>{html.escape(title)}</b></div>'
             + (f'<div class="synthetic">{html.escape(text.get("synthetic", lang=lang))}</div>' if synthetic else "")
             + (f'<div class="caution">{html.escape(caution)}</div>' if caution else "")
             + f'<div class="source">{html.escape(source)}</div></div>')
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
    from ..stats._inference import correction_note, min_pseudo_p, permutations_needed

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
                rows.append({"label": label, "kind": row.kind,
                             "values": _round(web[str(row.column)].to_numpy(dtype=float), digits)})
    return rows


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
    if not sources:
        inputs = (summary or {}).get("inputs") or {}
        files = [Path(str(f)).name for f in ([inputs.get("data"), *list(_as_list(inputs.get("boundaries")))]) if f]
        if files:
            return text.get("own_files", lang=lang, files=", ".join(files))
        return text.get("default_source", lang=lang)
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
    return text.get("sources", lang=lang) + "; ".join(parts)


def page_html(fmap: "folium.Map", *, title: str, lang: str = "nl") -> str:
    """The page as text, with the ``<title>`` and ``lang`` that municipal websites need for accessibility."""
    markup = fmap.get_root().render()
    markup = markup.replace("<html>", f'<html lang="{text.lang_of(lang)}">', 1)
    return markup.replace("<head>", f"<head>\n    <title>{html.escape(title)}</title>", 1)


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value] if value else []


def save(fmap: "folium.Map", path: str | Path, *, title: str | None = None, lang: str = "nl") -> Path:
    """Write the page to a temporary file beside ``path``, then rename it."""
    from .._files import atomic_path

    markup = page_html(fmap, title=str(title or getattr(fmap, "vmgeo_title", "vmgeo")), lang=lang)
    with atomic_path(path) as tmp:
        tmp.write_text(markup, encoding="utf-8")
    return Path(path)


def iframe_snippet(page: str, *, title: str, height: int = 600) -> str:
    """The HTML to embed a map page in a wijkprofiel."""
    return (f'<iframe src="{html.escape(page)}" title="{html.escape(title)}" width="100%" height="{height}" '
            'style="border:0" loading="lazy"></iframe>')
