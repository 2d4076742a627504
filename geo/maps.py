"""Interactive Leaflet maps of the results, through folium.

One map has three base layers, of which one shows at a time: the value
(classed with mapclassify), the LISA clusters and the Gi* confidence bins.
Category colours come from :mod:`geo.categories`, so a hot spot has the
same red on every map vmgeo draws. Every text shown in a tooltip is
HTML-escaped before it reaches the page.
"""

from __future__ import annotations

import html
import json
import logging
from typing import TYPE_CHECKING, Any

from . import categories as cat
from .errors import OptionError

if TYPE_CHECKING:
    import folium
    import geopandas as gpd

log = logging.getLogger("geo")

#: ColorBrewer YlOrRd, light to dark, for up to 7 classes.
SEQUENTIAL = {
    2: ["#fecc5c", "#e31a1c"],
    3: ["#ffeda0", "#feb24c", "#f03b20"],
    4: ["#ffffb2", "#fecc5c", "#fd8d3c", "#e31a1c"],
    5: ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"],
    6: ["#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026"],
    7: ["#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#b10026"],
}

SCHEMES = {
    "quantiles": "Quantiles",
    "natural_breaks": "NaturalBreaks",
    "equal_interval": "EqualInterval",
    "fisher_jenks": "FisherJenks",
}

TEXT = {
    "nl": {
        "value": "Waarde", "rate": "Per 1.000 inwoners", "lisa": "LISA-clusters", "gi": "Gi* hot spots",
        "name": "Naam", "code": "Code", "population": "Inwoners", "lisa_p": "LISA p", "gi_z": "Gi* z",
        "source": "Grenzen: CBS/PDOK (CC BY 4.0). Cijfers: CBS, Politie.",
        "no_data": "Geen gegevens",
    },
    "en": {
        "value": "Value", "rate": "Per 1,000 inhabitants", "lisa": "LISA clusters", "gi": "Gi* hot spots",
        "name": "Name", "code": "Code", "population": "Inhabitants", "lisa_p": "LISA p", "gi_z": "Gi* z",
        "source": "Boundaries: CBS/PDOK (CC BY 4.0). Figures: CBS, Politie.",
        "no_data": "No data",
    },
}


def classify(values: "Any", *, scheme: str = "quantiles", k: int = 5) -> tuple[list[float], "Any"]:
    """Class breaks and class index of every value (NaN gets -1).

    Parameters
    ----------
    values
        Numbers to class; NaN is left unclassed.
    scheme
        One of :data:`SCHEMES`.
    k
        Number of classes; fewer when there are fewer distinct values.

    Returns
    -------
    tuple
        Upper bounds of the classes, and an integer array of class indices.
    """
    import mapclassify
    import numpy as np

    if scheme not in SCHEMES:
        raise OptionError(f"unknown classification scheme {scheme!r}; use one of {', '.join(SCHEMES)}")
    values = np.asarray(values, dtype=float)
    finite = np.isfinite(values)
    distinct = np.unique(values[finite])
    k = max(1, min(k, len(distinct), max(SEQUENTIAL)))
    index = np.full(len(values), -1, dtype=int)
    if k == 1:
        index[finite] = 0
        return [float(distinct.max())] if len(distinct) else [], index
    classifier = getattr(mapclassify, SCHEMES[scheme])(values[finite], k=k)
    index[finite] = classifier.yb
    return [float(b) for b in classifier.bins], index


def hotspot_map(
    gdf: "gpd.GeoDataFrame",
    *,
    column: str,
    title: str,
    lang: str = "nl",
    permutations: int = 999,
    summary: dict[str, Any] | None = None,
    scheme: str = "quantiles",
    k: int = 5,
) -> "folium.Map":
    """Build the hot-spot map of an analysed frame.

    Parameters
    ----------
    gdf
        Result frame of :func:`geo.analysis.analyse` (any CRS).
    column
        The analysed column, ``rate`` or ``value``.
    title
        Shown at the top of the map.
    lang
        ``nl`` or ``en``.
    permutations
        Shown with the p-values.
    summary
        The run's summary; when it says ``synthetic``, the map says so too.
    scheme, k
        Classification of the value layer.

    Returns
    -------
    folium.Map
    """
    import folium
    import numpy as np
    import shapely

    text = TEXT.get(lang, TEXT["nl"])
    web = gdf.to_crs("EPSG:4326")
    # About 0.1 m at Dutch latitudes: plenty for a web map, and much smaller.
    web = web.set_geometry(shapely.set_precision(web.geometry.values, 1e-6))

    bins, klass = classify(web[column].to_numpy(dtype=float), scheme=scheme, k=k)
    palette = SEQUENTIAL.get(len(bins), SEQUENTIAL[5])[: max(len(bins), 1)]
    value_colours = [palette[i] if i >= 0 else cat.LISA_COLOURS[cat.NO_DATA] for i in klass]

    def fmt(x: Any, digits: int = 1) -> str:
        if x is None or (isinstance(x, float) and not np.isfinite(x)):
            return text["no_data"]
        s = f"{x:,.{digits}f}"
        return s.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".") if lang == "nl" else s

    features = []
    for (_, row), colour in zip(web.iterrows(), value_colours):
        lisa = row.get("lisa_cluster") or cat.NO_DATA
        gi_name = row.get("gi_category") or cat.NO_DATA
        gi_bin = int(row.get("gi_bin") or 0)
        props = {
            "name": html.escape(str(row["name"])),
            "code": html.escape(str(row["code"])),
            "value": fmt(row.get("value"), 0 if column == "rate" else 1),
            "lisa": html.escape(cat.label(lisa, lang=lang)),
            "gi": html.escape(cat.label(gi_name, lang=lang)),
            "lisa_p": fmt(row.get("lisa_p"), 3),
            "gi_z": fmt(row.get("gi_z"), 2),
            "c_value": colour,
            "c_lisa": cat.LISA_COLOURS.get(lisa, cat.LISA_COLOURS[cat.NO_DATA]),
            "c_gi": (cat.LISA_COLOURS[lisa] if lisa in (cat.ISLAND, cat.NO_DATA) else cat.GI_COLOURS[gi_bin]),
        }
        if column == "rate":
            props["rate"] = fmt(row.get("rate"), 1)
        features.append({"type": "Feature", "properties": props,
                         "geometry": shapely.geometry.mapping(row.geometry)})
    collection = {"type": "FeatureCollection", "features": features}

    minx, miny, maxx, maxy = web.total_bounds
    fmap = folium.Map(tiles=None, control_scale=True, prefer_canvas=False)
    fmap.fit_bounds([[miny, minx], [maxy, maxx]])

    value_label = text["rate"] if column == "rate" else text["value"]
    fields = ["name", "code", "value"] + (["rate"] if column == "rate" else []) + ["lisa", "lisa_p", "gi", "gi_z"]
    aliases = [text["name"], text["code"], text["value"]] + ([text["rate"]] if column == "rate" else []) + [
        text["lisa"], f"{text['lisa_p']} ({permutations} perm.)", text["gi"], text["gi_z"]]
    layers = [("c_value", value_label), ("c_lisa", text["lisa"]), ("c_gi", text["gi"])]
    for i, (key, name) in enumerate(layers):
        group = folium.FeatureGroup(name=name, overlay=False, show=(key == "c_lisa"))
        folium.GeoJson(
            collection,
            name=name,
            style_function=lambda f, key=key: {
                "fillColor": f["properties"][key], "color": "#555555", "weight": 0.6, "fillOpacity": 0.85,
            },
            highlight_function=lambda f: {"weight": 2.5, "color": "#000000"},
            tooltip=folium.GeoJsonTooltip(fields=fields, aliases=aliases, sticky=True, localize=False),
            zoom_on_click=False,
        ).add_to(group)
        group.add_to(fmap)
    folium.LayerControl(collapsed=False, position="topright").add_to(fmap)

    legends = {
        value_label: [(palette[i], _range_label(bins, i, fmt)) for i in range(len(bins))]
        + ([(cat.LISA_COLOURS[cat.NO_DATA], text["no_data"])] if (klass < 0).any() else []),
        text["lisa"]: [(cat.LISA_COLOURS[c], cat.label(c, lang=lang)) for c in cat.LISA_CATEGORIES],
        text["gi"]: [(cat.GI_COLOURS[b], cat.label(cat.GI_BIN_NAMES[b], lang=lang)) for b in cat.GI_BINS]
        + [(cat.LISA_COLOURS[cat.ISLAND], cat.label(cat.ISLAND, lang=lang))],
    }
    synthetic = bool(summary and summary.get("synthetic"))
    _add_panel(fmap, title=title, legends=legends, active=text["lisa"],
               source=attribution((summary or {}).get("sources"), lang=lang),
               synthetic=synthetic, lang=lang)
    return fmap


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


def _range_label(bins: list[float], i: int, fmt: Any) -> str:
    low = None if i == 0 else bins[i - 1]
    return f"\u2264 {fmt(bins[i])}" if low is None else f"{fmt(low)} \u2013 {fmt(bins[i])}"


_PANEL = """
{% macro header(this, kwargs) %}
<style>
 .vmgeo-title { position:absolute; top:10px; left:50px; z-index:1000; background:rgba(255,255,255,.92);
   padding:6px 10px; border-radius:4px; font:14px/1.3 sans-serif; box-shadow:0 1px 4px rgba(0,0,0,.3); max-width:60%; }
 .vmgeo-title .synthetic { color:#b10026; font-weight:bold; }
 .vmgeo-title .source { font-size:11px; color:#555; }
 .vmgeo-legend { background:rgba(255,255,255,.92); padding:6px 10px; border-radius:4px;
   font:12px/1.4 sans-serif; box-shadow:0 1px 4px rgba(0,0,0,.3); }
 .vmgeo-legend .swatch { display:inline-block; width:14px; height:14px; margin-right:6px;
   vertical-align:middle; border:1px solid #777; }
 .vmgeo-legend .item { white-space:nowrap; }
</style>
{% endmacro %}
{% macro html(this, kwargs) %}
<div class="vmgeo-title" id="vmgeo-title">
 <div><b>{{ this.title }}</b></div>
 {% if this.synthetic %}<div class="synthetic">{{ this.synthetic_text }}</div>{% endif %}
 <div class="source">{{ this.source }}</div>
</div>
{% endmacro %}
{% macro script(this, kwargs) %}
(function() {
  var map = {{ this._parent.get_name() }};
  var legends = {{ this.legends_json }};
  var control = L.control({position: 'bottomright'});
  control.onAdd = function() {
    var div = L.DomUtil.create('div', 'vmgeo-legend');
    div.id = 'vmgeo-legend';
    return div;
  };
  control.addTo(map);
  function show(name) {
    var div = document.getElementById('vmgeo-legend');
    var items = legends[name] || [];
    div.textContent = '';
    var head = document.createElement('div');
    var b = document.createElement('b'); b.textContent = name; head.appendChild(b);
    div.appendChild(head);
    items.forEach(function(item) {
      var row = document.createElement('div'); row.className = 'item';
      var sw = document.createElement('span'); sw.className = 'swatch'; sw.style.background = item[0];
      row.appendChild(sw); row.appendChild(document.createTextNode(item[1]));
      div.appendChild(row);
    });
    div.setAttribute('data-layer', name);
  }
  map.on('baselayerchange', function(e) { show(e.name); });
  show({{ this.active_json }});
})();
{% endmacro %}
"""


def _add_panel(fmap: "folium.Map", *, title: str, legends: dict[str, list[tuple[str, str]]], active: str,
               source: str, synthetic: bool, lang: str) -> None:
    from branca.element import MacroElement, Template

    panel = MacroElement()
    panel._template = Template(_PANEL)
    panel.title = html.escape(title)
    panel.source = html.escape(source)
    panel.synthetic = synthetic
    panel.synthetic_text = ("SYNTHETISCHE DEMODATA \u2013 geen echte gebieden of cijfers" if lang == "nl"
                            else "SYNTHETIC DEMO DATA \u2013 not real areas or figures")
    # json.dumps escapes nothing HTML-special by default; < and > are escaped so
    # that a name can never close the script element.
    panel.legends_json = json.dumps(legends).replace("<", "\\u003c").replace(">", "\\u003e")
    panel.active_json = json.dumps(active).replace("<", "\\u003c").replace(">", "\\u003e")
    fmap.add_child(panel)
