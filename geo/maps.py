"""Leaflet maps of the results that open anywhere, and static images of them.

A map page is self-contained by default: Leaflet's script and stylesheet are
inlined from an installed package (``django-js-lib-leaflet`` ships Leaflet
1.9.4 under a BSD licence), nothing else is loaded, and without a basemap the
page makes no network request at all. Polygons are simplified as a coverage
(``shapely.coverage_simplify``, so neighbours stay gap-free), rounded to about
a metre and stored once as encoded polylines; one Leaflet layer draws them and
the layer control restyles it. Category colours come from
:mod:`geo.categories`, the same on every map and in the static PNG/SVG.
"""

from __future__ import annotations

import html
import json
import logging
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import categories as cat
from .errors import OptionError, few

if TYPE_CHECKING:
    import folium
    import geopandas as gpd
    import numpy as np

log = logging.getLogger("geo")

#: ColorBrewer YlOrRd, light to dark, for 2 to 7 classes.
SEQUENTIAL = {
    2: ["#fecc5c", "#e31a1c"],
    3: ["#ffeda0", "#feb24c", "#f03b20"],
    4: ["#ffffb2", "#fecc5c", "#fd8d3c", "#e31a1c"],
    5: ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"],
    6: ["#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026"],
    7: ["#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#b10026"],
}
#: mapclassify classifiers by scheme name.
SCHEMES = {
    "quantiles": "Quantiles",
    "natural_breaks": "NaturalBreaks",
    "equal_interval": "EqualInterval",
    "fisher_jenks": "FisherJenks",
    "box_map": "BoxPlot",
}
#: Significance map classes (two-sided pseudo p) and their colours (ColorBrewer Greens).
SIGNIFICANCE = ((0.0001, "#006d2c"), (0.001, "#31a354"), (0.01, "#74c476"), (0.05, "#bae4b3"))
LAYERS = ("value", "lisa", "significance", "gi")
#: Coverage simplification tolerance in metres per level: a few pixels at the zoom a level is read at.
TOLERANCE = {"provincie": 200.0, "veiligheidsregio": 200.0, "eenheid": 200.0, "gemeente": 50.0,
             "district": 50.0, "basisteam": 30.0, "wijk": 20.0, "buurt": 8.0}
BASEMAPS = {
    "pdok": {"url": "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png",
             "attribution": "Kaartgegevens &copy; Kadaster (BRT-Achtergrondkaart, CC BY 4.0)"},
    "osm": {"url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
            "attribution": "&copy; OpenStreetMap-bijdragers (ODbL)"},
}
LEAFLET_CDN = ("https://cdn.jsdelivr.net/npm/leaflet@1.9.4/dist/leaflet.js",
               "https://cdn.jsdelivr.net/npm/leaflet@1.9.4/dist/leaflet.css")

TEXT = {
    "nl": {
        "value": "Waarde", "rate": "Per 1.000 inwoners", "lisa": "LISA-clusters", "gi": "Gi* hot spots",
        "significance": "Significantie (LISA)", "context": "Omliggende grenzen", "name": "Naam", "code": "Code",
        "lisa_p": "LISA p", "gi_z": "Gi* z", "no_data": "Geen gegevens", "not_significant": "Niet significant",
        "source": "Grenzen: CBS/PDOK (CC BY 4.0). Cijfers: CBS, Politie.",
        "synthetic": "SYNTHETISCHE DEMODATA \u2013 geen echte gebieden of cijfers",
        "p_floor": "Met {p} permutaties is p nooit kleiner dan {m}; fijnere klassen vervallen.",
        "margin": "Tussen haakjes: 95%-marge.",
        "uncertain": "te onzeker om los te lezen",
    },
    "en": {
        "value": "Value", "rate": "Per 1,000 inhabitants", "lisa": "LISA clusters", "gi": "Gi* hot spots",
        "significance": "Significance (LISA)", "context": "Surrounding boundaries", "name": "Name", "code": "Code",
        "lisa_p": "LISA p", "gi_z": "Gi* z", "no_data": "No data", "not_significant": "Not significant",
        "source": "Boundaries: CBS/PDOK (CC BY 4.0). Figures: CBS, Politie.",
        "synthetic": "SYNTHETIC DEMO DATA \u2013 not real areas or figures",
        "p_floor": "With {p} permutations p is never below {m}; finer classes are left out.",
        "margin": "In brackets: 95% margin.",
        "uncertain": "too uncertain to read alone",
    },
}


@dataclass
class MapOptions:
    """How to draw a map; every field has a default that suits a first look."""

    scheme: str = "quantiles"
    classes: int | None = None
    bins: list[float] | None = None
    layers: tuple[str, ...] = LAYERS
    active: str = "lisa"
    basemap: str = "none"
    cdn: bool = False
    focus: str | None = None
    embed: bool = False
    level: str | None = None
    context: "gpd.GeoDataFrame | None" = None
    extra_attribution: list[str] = field(default_factory=list)


def classify(values: "Any", *, scheme: str = "quantiles", k: int | None = None,
             bins: list[float] | None = None) -> tuple[list[float], "np.ndarray"]:
    """Class upper bounds and the class index of every value (NaN gets -1).

    Parameters
    ----------
    values
        Numbers to class; NaN is left unclassed.
    scheme
        One of :data:`SCHEMES`; ignored when ``bins`` are given.
    k
        Number of classes (default 5, fewer when there are fewer distinct
        values). Asking for more classes than distinct values is an error.
    bins
        Explicit upper bounds, e.g. to use the same classes for several years;
        they must cover every value.

    Raises
    ------
    OptionError
        For an unknown scheme, too many classes or bins that do not cover the values.
    """
    import mapclassify
    import numpy as np

    values = np.asarray(values, dtype=float)
    finite = np.isfinite(values)
    distinct = np.unique(values[finite])
    index = np.full(len(values), -1, dtype=int)
    if bins is not None:
        bins = sorted(float(b) for b in bins)
        if len(bins) > max(SEQUENTIAL):
            raise OptionError(f"--bins gives {len(bins)} classes; at most {max(SEQUENTIAL)} can be told apart")
        if len(distinct) and distinct.max() > bins[-1]:
            raise OptionError(f"--bins do not cover the values: the largest value {distinct.max():g} is above the "
                              f"last bin {bins[-1]:g}; add a higher bin")
        index[finite] = mapclassify.UserDefined(values[finite], bins=bins).yb
        return bins, index
    if scheme not in SCHEMES:
        raise OptionError(f"unknown classification scheme {scheme!r}; use one of {', '.join(SCHEMES)}")
    if k is not None and k > len(distinct):
        raise OptionError(f"--classes {k} is more than the {len(distinct)} distinct value(s); use at most "
                          f"{len(distinct)}")
    if k is not None and not 2 <= k <= max(SEQUENTIAL):
        raise OptionError(f"--classes must be between 2 and {max(SEQUENTIAL)}")
    k = min(k or 5, len(distinct), max(SEQUENTIAL))
    if k < 2:
        index[finite] = 0
        return [float(distinct.max())] if len(distinct) else [], index
    if scheme == "box_map":
        classifier = mapclassify.BoxPlot(values[finite])
        upper = [float(b) for b in classifier.bins]
        yb = classifier.yb
        # BoxPlot's first and last bounds can lie beyond the data; keep the classes that occur.
        used = sorted(set(int(y) for y in yb))
        remap = {old: new for new, old in enumerate(used)}
        index[finite] = [remap[int(y)] for y in yb]
        return [upper[u] for u in used], index
    classifier = getattr(mapclassify, SCHEMES[scheme])(values[finite], k=k)
    index[finite] = classifier.yb
    return [float(b) for b in classifier.bins], index


def significance_classes(p: "Any", *, permutations: int) -> tuple[list[tuple[float, str]], "np.ndarray"]:
    """The significance classes attainable with ``permutations`` and each area's class.

    Classes finer than the smallest attainable two-sided pseudo p-value,
    2/(P+1), are dropped. The last class (index ``len(classes)``) is "not
    significant"; -1 is "no value".
    """
    import numpy as np

    floor = 2.0 / (permutations + 1) if permutations else 0.0
    classes = [(level, colour) for level, colour in SIGNIFICANCE if level >= floor]
    p = np.asarray(p, dtype=float)
    index = np.full(len(p), len(classes), dtype=int)
    for i, (level, _) in reversed(list(enumerate(classes))):
        index[np.isfinite(p) & (p <= level)] = i
    index[~np.isfinite(p)] = -1
    return classes, index


def web_geometry(gdf: "gpd.GeoDataFrame", *, level: str | None = None) -> "gpd.GeoDataFrame":
    """Simplify as a coverage, in RD New, and return the frame in EPSG:4326.

    The tolerance depends on the level (:data:`TOLERANCE`), or on the typical
    area size when the level is unknown. A frame that is not a valid coverage
    is cleaned first, so that simplification cannot open gaps between
    neighbours.
    """
    import numpy as np
    import shapely

    rd = gdf.to_crs("EPSG:28992")
    geoms = rd.geometry.values
    if level is None and "code" in rd:
        prefixes = set(rd["code"].astype(str).str[:2])
        level = {"GM": "gemeente", "WK": "wijk", "BU": "buurt"}.get(prefixes.pop()) if len(prefixes) == 1 else None
    if level in TOLERANCE:
        tolerance = TOLERANCE[level]
    else:
        tolerance = float(np.clip(np.sqrt(np.median(shapely.area(geoms))) / 60, 1.0, 200.0))
    if not shapely.coverage_is_valid(geoms):
        geoms = shapely.coverage_clean(geoms)
    simplified = shapely.coverage_simplify(geoms, tolerance, simplify_boundary=True)
    out = rd.set_geometry(simplified).to_crs("EPSG:4326")
    out.attrs = dict(gdf.attrs, tolerance=tolerance)
    return out


def _encode(geom: Any) -> list[list[str]]:
    """Polygon or MultiPolygon as lists of encoded rings (lat/lon, precision 5)."""
    import polyline
    import shapely

    polys = shapely.get_parts(geom) if geom.geom_type == "MultiPolygon" else [geom]
    out = []
    for poly in polys:
        if poly.is_empty:
            continue
        rings = [poly.exterior, *poly.interiors]
        out.append([polyline.encode([(y, x) for x, y in ring.coords], 5) for ring in rings])
    return out


def _round(values: "Any", digits: int) -> list[float | None]:
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
    """Build the map of an analysed frame.

    Parameters
    ----------
    gdf
        Result frame of :func:`geo.analyse` (any CRS): ``code``, ``name``,
        ``value`` and the LISA and Gi* columns; ``rate``, ``lower`` and
        ``upper`` when present.
    column
        The analysed column, ``rate`` or ``value``; the value layer shows it.
    title
        Shown at the top of the map.
    lang
        ``nl`` or ``en``.
    permutations
        Sets the finest significance class.
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
    import numpy as np
    from branca.element import MacroElement, Template

    options = options or MapOptions()
    text = TEXT.get(lang, TEXT["nl"])
    unknown = [layer for layer in options.layers if layer not in LAYERS]
    if unknown:
        raise OptionError(f"unknown map layer(s) {', '.join(unknown)}; choose from {', '.join(LAYERS)}")
    needs = {"lisa": "lisa_cluster", "significance": "lisa_p", "gi": "gi_bin", "value": column}
    missing = [layer for layer in options.layers if needs[layer] not in gdf.columns]
    if missing:
        raise OptionError(f"the analysis did not produce the layer(s) {', '.join(missing)}; "
                          f"available: {', '.join(l for l in LAYERS if needs[l] in gdf.columns)}")
    if options.basemap not in ("none", *BASEMAPS):
        raise OptionError(f"unknown --basemap {options.basemap!r}; use none, pdok or osm")
    if options.focus is not None and options.focus not in set(gdf["code"]):
        raise OptionError(f"--focus {options.focus!r} is not an area of this map; codes are e.g. "
                          f"{few(sorted(gdf['code'])[:4], 4)}")
    layers = list(options.layers)
    active = options.active if options.active in layers else layers[0]

    web = web_geometry(gdf, level=options.level)
    bins, klass = classify(web[column].to_numpy(dtype=float), scheme=options.scheme, k=options.classes,
                           bins=options.bins)
    palette = SEQUENTIAL.get(len(bins), SEQUENTIAL[5])[: max(len(bins), 1)]
    sig_classes, sig = significance_classes(web["lisa_p"] if "lisa_p" in web else np.full(len(web), np.nan),
                                            permutations=permutations)
    lisa_order = [*cat.LISA_CATEGORIES, cat.NO_DATA]
    gi_order = list(cat.GI_BINS) + [cat.ISLAND, cat.NO_DATA]
    lisa_idx = [lisa_order.index(c) if c in lisa_order else lisa_order.index(cat.NO_DATA)
                for c in web.get("lisa_cluster", [cat.NO_DATA] * len(web))]
    gi_idx = []
    for b, c in zip(web.get("gi_bin", [0] * len(web)), web.get("gi_category", [None] * len(web))):
        gi_idx.append(gi_order.index(c) if c in (cat.ISLAND, cat.NO_DATA) else gi_order.index(int(b)))

    fmt = (lambda x: f"{x:,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".")) if lang == "nl" \
        else (lambda x: f"{x:,.1f}")
    value_label = text["rate"] if column == "rate" else text["value"]
    legends: dict[str, Any] = {
        "value": {"items": [(palette[i], (f"\u2264 {fmt(bins[i])}" if i == 0 else
                                          f"{fmt(bins[i - 1])} \u2013 {fmt(bins[i])}")) for i in range(len(bins))]
                  + ([(cat.LISA_COLOURS[cat.NO_DATA], text["no_data"])] if (klass < 0).any() else []),
                  "note": text["margin"] if "lower" in web else None},
        "lisa": {"items": [(cat.LISA_COLOURS[c], cat.label(c, lang=lang)) for c in cat.LISA_CATEGORIES]},
        "significance": {"items": [(colour, f"p \u2264 {level:g}") for level, colour in sig_classes]
                         + [(cat.LISA_COLOURS[cat.NOT_SIGNIFICANT], text["not_significant"])]
                         + ([(cat.LISA_COLOURS[cat.ISLAND], cat.label(cat.ISLAND, lang=lang))]
                            if "lisa_cluster" in web and (web["lisa_cluster"] == cat.ISLAND).any() else []),
                         "note": text["p_floor"].format(p=permutations, m=f"{2 / (permutations + 1):.4g}")
                         if permutations and len(sig_classes) < len(SIGNIFICANCE) else None},
        "gi": {"items": [(cat.GI_COLOURS[b], cat.label(cat.GI_BIN_NAMES[b], lang=lang)) for b in cat.GI_BINS]
               + [(cat.LISA_COLOURS[cat.ISLAND], cat.label(cat.ISLAND, lang=lang))]},
    }
    data: dict[str, Any] = {
        "locale": "nl-NL" if lang == "nl" else "en-GB",
        "geom": [_encode(g) for g in web.geometry.values],
        "codes": web["code"].astype(str).tolist(),
        "names": web["name"].astype(str).tolist(),
        "value": _round(web["value"].to_numpy(dtype=float), 4) if "value" in web else [None] * len(web),
        "rate": _round(web["rate"].to_numpy(dtype=float), 2) if "rate" in web else None,
        "lower": _round(web["lower"].to_numpy(dtype=float), 4) if "lower" in web else None,
        "upper": _round(web["upper"].to_numpy(dtype=float), 4) if "upper" in web else None,
        "uncertain": web["uncertain"].fillna(False).astype(bool).tolist() if "uncertain" in web else None,
        # A pseudo p-value is a multiple of 1/(P+1): more digits than that carry nothing.
        "lisa_p": _round(web["lisa_p"].to_numpy(dtype=float), max(2, math.ceil(math.log10(permutations + 1))))
        if "lisa_p" in web else [None] * len(web),
        "gi_z": _round(web["gi_z"].to_numpy(dtype=float), 2) if "gi_z" in web else [None] * len(web),
        "cls": klass.tolist(), "palette": palette, "nodata": cat.LISA_COLOURS[cat.NO_DATA],
        "lisa": lisa_idx, "lisaColours": [cat.LISA_COLOURS[c] for c in lisa_order],
        "lisaLabels": [cat.label(c, lang=lang) for c in lisa_order],
        "gi": gi_idx, "giColours": [cat.GI_COLOURS[b] for b in cat.GI_BINS]
        + [cat.LISA_COLOURS[cat.ISLAND], cat.LISA_COLOURS[cat.NO_DATA]],
        "giLabels": [cat.label(cat.GI_BIN_NAMES[b], lang=lang) for b in cat.GI_BINS]
        + [cat.label(cat.ISLAND, lang=lang), cat.label(cat.NO_DATA, lang=lang)],
        # Beyond the classes: not significant, no data, and no neighbours (never "significant").
        "sig": [len(sig_classes) + 2 if c == cat.ISLAND else (int(s) if s >= 0 else len(sig_classes) + 1)
                for s, c in zip(sig, web.get("lisa_cluster", [None] * len(web)))],
        "sigColours": [c for _, c in sig_classes] + [cat.LISA_COLOURS[cat.NOT_SIGNIFICANT],
                                                     cat.LISA_COLOURS[cat.NO_DATA], cat.LISA_COLOURS[cat.ISLAND]],
        "layers": layers, "active": active,
        "layerNames": {"value": value_label, "lisa": text["lisa"], "significance": text["significance"],
                       "gi": text["gi"]},
        "legends": {k: v for k, v in legends.items() if k in layers},
        "text": text,
        "basemap": BASEMAPS.get(options.basemap),
        "context": None, "focus": None,
    }
    context = web_geometry(options.context, level="gemeente") if options.context is not None else _parent_outlines(web)
    if context is not None and len(context):
        data["context"] = [_encode(g) for g in context.geometry.values]
    if options.focus is not None:
        data["focus"] = _focus(gdf, options.focus)

    fmap = folium.Map(tiles=None, control_scale=True, zoom_snap=0.25)
    root = fmap.get_root()
    if options.cdn:
        fmap.default_js = [("leaflet", LEAFLET_CDN[0])]
        fmap.default_css = [("leaflet_css", LEAFLET_CDN[1])]
    else:
        fmap.default_js = []
        fmap.default_css = []
        js, css = _leaflet_assets()
        root.header.add_child(_Raw(f"<style>{css}</style>"), name="leaflet_css_inline")
        root.header.add_child(_Raw(f"<script>{js}</script>"), name="leaflet_inline")
    from ._mapjs import CSS, SCRIPT

    root.header.add_child(_Raw(f"<style>{CSS}</style>"), name="vmgeo_css")
    root.header.add_child(_Raw('<meta name="viewport" content="width=device-width, initial-scale=1">'),
                          name="viewport")
    source = attribution((summary or {}).get("sources"), lang=lang)
    synthetic = bool(summary and summary.get("synthetic"))
    panel = (f'<div class="vmgeo-title" id="vmgeo-title"><div><b>{html.escape(title)}</b></div>'
             + (f'<div class="synthetic">{html.escape(text["synthetic"])}</div>' if synthetic else "")
             + f'<div class="source">{html.escape(source)}</div></div>')
    root.html.add_child(_Raw(panel), name="vmgeo_title")
    if options.embed:
        root.html.add_child(_Raw("<script>document.body.classList.add('vmgeo-embed');</script>"),
                            name="vmgeo_embed")
    # The data goes in a JSON script element, never through a template; "<" is
    # escaped so that no value can end the element.
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    root.html.add_child(_Raw(f'<script type="application/json" id="vmgeo-data">{payload}</script>'),
                        name="vmgeo_data")
    script = MacroElement()
    script._template = Template("{% macro script(this, kwargs) %}" + SCRIPT.replace("%(map)s", "{{ this._parent.get_name() }}")
                                .replace("%(data)s", "JSON.parse(document.getElementById('vmgeo-data').textContent)")
                                + "{% endmacro %}")
    fmap.add_child(script)
    fmap.vmgeo_sizes = {"features": len(web), "tolerance_m": web.attrs.get("tolerance")}  # type: ignore[attr-defined]
    return fmap


def _raw_element_class() -> type:
    from branca.element import Element

    class Raw(Element):
        """Text that goes into the page as it is, never through a template.

        branca renders every element as a Jinja template, and Leaflet's code or
        encoded polylines contain "{%" and "{#" often enough to break it.
        """

        def __init__(self, text: str) -> None:
            super().__init__("")
            self._text = text

        def render(self, **kwargs: Any) -> str:
            return self._text

    return Raw


def _Raw(text: str) -> Any:  # noqa: N802 - reads as the element it makes
    return _raw_element_class()(text)


def _parent_outlines(web: "gpd.GeoDataFrame") -> "gpd.GeoDataFrame | None":
    """Outlines of the gemeenten that wijken or buurten belong to, from their codes.

    Built from the already simplified polygons: they form a valid coverage,
    so ``coverage_union_all`` joins each gemeente's parts exactly and fast.
    """
    import geopandas as gpd
    import shapely

    codes = web["code"].astype(str)
    if not codes.str.match(r"^(WK|BU)\d{4}").all():
        return None
    parent = ("GM" + codes.str[2:6]).to_numpy()
    names, geoms = [], []
    for code in sorted(set(parent)):
        parts = web.geometry.values[parent == code]
        names.append(code)
        geoms.append(shapely.coverage_union_all(parts) if shapely.coverage_is_valid(parts)
                     else shapely.union_all(parts))
    outlines = gpd.GeoDataFrame({"code": names}, geometry=geoms, crs=web.crs)
    # Context lines need no more detail than a gemeente map.
    return web_geometry(outlines, level="gemeente")


def _focus(gdf: "gpd.GeoDataFrame", code: str) -> dict[str, Any]:
    web = gdf.to_crs("EPSG:4326")
    target = web.loc[web["code"] == code, "geometry"].iloc[0]
    near = web[web.geometry.intersects(target.buffer(1e-6))]
    minx, miny, maxx, maxy = near.total_bounds
    return {"code": code, "bounds": [[miny, minx], [maxy, maxx]], "geom": _encode(target)}


def _leaflet_assets() -> tuple[str, str]:
    """Leaflet 1.9.4 from the installed ``django-js-lib-leaflet`` package, its images inlined."""
    import base64
    import re
    from importlib import resources

    try:
        folder = resources.files("js_lib_leaflet").joinpath("static", "js_lib_leaflet")
        js = folder.joinpath("leaflet.js").read_text(encoding="utf-8")
        css = folder.joinpath("leaflet.css").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError) as exc:
        raise OptionError("the Leaflet files for self-contained maps are missing: pip install django-js-lib-leaflet, "
                          "or use --cdn") from exc

    def inline(match: "re.Match[str]") -> str:
        path = folder.joinpath(match.group(1))
        try:
            data = base64.b64encode(path.read_bytes()).decode("ascii")
        except FileNotFoundError:
            return match.group(0)
        return f"url(data:image/png;base64,{data})"

    css = re.sub(r"url\((images/[\w.-]+\.png)\)", inline, css)
    return js.replace("</script", "<\\/script"), css


def attribution(sources: list[dict[str, Any]] | None, *, lang: str = "nl") -> str:
    """The source line of a map: every table and boundary set the run used."""
    text = TEXT.get(lang, TEXT["nl"])
    if not sources:
        return text["source"]
    parts = []
    for s in sources:
        if s.get("source") == "pdok":
            parts.append(f"{'grenzen' if lang == 'nl' else 'boundaries'} PDOK {s.get('level')} {s.get('year')} "
                         f"({s.get('attribution')}, {s.get('licence')})")
        else:
            owner = "Politie" if s.get("source") == "politie" else "CBS"
            period = f", {s['period']}" if s.get("period") else ""
            status = f" {str(s['period_status']).lower()}" if s.get("period_status") else ""
            modified = str(s.get("table_modified") or "")[:10]
            changed = f", {'gewijzigd' if lang == 'nl' else 'modified'} {modified}" if modified else ""
            parts.append(f"{owner} {s.get('table')}{period}{status}{changed}")
    return ("Bronnen: " if lang == "nl" else "Sources: ") + "; ".join(parts)


def save(fmap: "folium.Map", path: str | Path) -> Path:
    """Write the page to a temporary file beside ``path``, then rename it."""
    from ._files import atomic_path

    with atomic_path(path) as tmp:
        fmap.save(str(tmp))
    return Path(path)


def iframe_snippet(page: str, *, title: str, height: int = 600) -> str:
    """The HTML to embed a map page in a wijkprofiel."""
    return (f'<iframe src="{html.escape(page)}" title="{html.escape(title)}" width="100%" height="{height}" '
            'style="border:0" loading="lazy"></iframe>')


def static_map(gdf: "gpd.GeoDataFrame", paths: list[Path], *, layer: str = "lisa", title: str, lang: str = "nl",
               column: str = "value", summary: dict[str, Any] | None = None,
               options: MapOptions | None = None) -> list[Path]:
    """A PNG and/or SVG of one layer, with the same colours and legend as the page."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    options = options or MapOptions()
    text = TEXT.get(lang, TEXT["nl"])
    rd = gdf.to_crs("EPSG:28992")
    if layer == "lisa":
        colours = [cat.LISA_COLOURS.get(c, cat.LISA_COLOURS[cat.NO_DATA]) for c in rd["lisa_cluster"]]
        items = [(cat.LISA_COLOURS[c], cat.label(c, lang=lang)) for c in cat.LISA_CATEGORIES]
        name = text["lisa"]
    elif layer == "gi":
        colours = [cat.LISA_COLOURS[c] if c in (cat.ISLAND, cat.NO_DATA) else cat.GI_COLOURS[int(b)]
                   for b, c in zip(rd["gi_bin"], rd["gi_category"])]
        items = [(cat.GI_COLOURS[b], cat.label(cat.GI_BIN_NAMES[b], lang=lang)) for b in cat.GI_BINS]
        name = text["gi"]
    elif layer == "value":
        bins, klass = classify(rd[column].to_numpy(dtype=float), scheme=options.scheme, k=options.classes,
                               bins=options.bins)
        palette = SEQUENTIAL.get(len(bins), SEQUENTIAL[5])[: max(len(bins), 1)]
        colours = [palette[k] if k >= 0 else cat.LISA_COLOURS[cat.NO_DATA] for k in klass]
        items = [(palette[i], f"\u2264 {bins[i]:.1f}") for i in range(len(bins))]
        name = text["rate"] if column == "rate" else text["value"]
    else:
        raise OptionError(f"no static image for layer {layer!r}; use lisa, gi or value")
    fig, ax = plt.subplots(figsize=(8, 8), dpi=150)
    rd.plot(ax=ax, color=colours, edgecolor="#555555", linewidth=0.2)
    ax.set_axis_off()
    ax.set_title(title, fontsize=11)
    ax.legend(handles=[Patch(facecolor=c, edgecolor="#777777", label=t) for c, t in items], title=name,
              loc="lower right", fontsize=7, title_fontsize=8, frameon=True)
    fig.text(0.01, 0.01, attribution((summary or {}).get("sources"), lang=lang), fontsize=6, color="#444444")
    from ._files import atomic_path

    written = []
    for path in map(Path, paths):
        with atomic_path(path) as tmp:
            fig.savefig(tmp, format=path.suffix.lstrip(".").lower(), bbox_inches="tight")
        written.append(path)
    plt.close(fig)
    return written
