"""The JavaScript and CSS of vmgeo's map pages (kept apart from the Python that fills them in).

The page holds the geometry once, as Google encoded polylines (precision 5,
about a metre), with the attributes in columns. One Leaflet GeoJSON layer
draws it; the layer control switches its style instead of drawing the
polygons again for every layer. Every layer arrives in the same form
(``D.styles[name]``: a class index per area, the colours and labels of the
classes), so this script knows no layer by name. Tooltips are built from
text nodes, so a name can never become markup.

A big map (``D.images`` not empty) shows each layer as an ImageOverlay in a
pane below the areas, and the areas (only the significant ones) are drawn
invisible, to carry the tooltips and an outline on hover. The density layer
brings its own squares (``D.density``) or its own image.
"""

CSS = r"""
html, body { height: 100%; margin: 0; }
.vmgeo-title { position:absolute; top:10px; left:54px; z-index:1000; background:rgba(255,255,255,.93);
  padding:6px 10px; border-radius:4px; font:14px/1.3 sans-serif; box-shadow:0 1px 4px rgba(0,0,0,.3); max-width:55%; }
.vmgeo-title .synthetic { color:#b10026; font-weight:bold; }
.vmgeo-title .caution { color:#7f2704; font-size:12px; }
.vmgeo-title .source { font-size:11px; color:#444; max-height:3.9em; overflow-y:auto; }
/* A long list of sources (a series of months) scrolls inside three lines instead of covering the map. */
.vmgeo-legend { background:rgba(255,255,255,.93); padding:6px 10px; border-radius:4px; font:12px/1.45 sans-serif;
  box-shadow:0 1px 4px rgba(0,0,0,.3); max-width:260px; }
.vmgeo-legend .swatch { display:inline-block; width:14px; height:14px; margin-right:6px; vertical-align:middle;
  border:1px solid #777; }
.vmgeo-legend .item { white-space:nowrap; }
/* Areas without known inhabitants: the map's hatch (grey lines on white) in the swatch too. */
.vmgeo-legend .swatch.vmgeo-hatch { background:repeating-linear-gradient(45deg, #ffffff 0 2.2px, #8c8c8c 2.2px 3.4px); }
.vmgeo-legend .note { font-size:11px; color:#444; white-space:normal; margin-top:3px; }
.vmgeo-image { image-rendering: auto; }
.vmgeo-image.vmgeo-crisp { image-rendering: pixelated; }
.vmgeo-tip td { padding:0 6px 0 0; font:12px sans-serif; }
.vmgeo-tip td:first-child { color:#555; }
/* Small frames (an iframe in a wijkprofiel, a phone): a smaller title that leaves the collapsed layer
   control its corner, a legend that scrolls instead of reaching the title; CC BY stays visible. */
.vmgeo-embed .vmgeo-title { font-size:12px; padding:4px 6px; max-width:calc(100% - 130px); max-height:32%;
  overflow-y:auto; left:48px; top:8px; }
.vmgeo-embed .vmgeo-title .caution { font-size:11px; }
.vmgeo-embed .vmgeo-title .source { font-size:10px; max-height:2.6em; }
.vmgeo-embed .vmgeo-legend { font-size:11px; line-height:1.3; padding:4px 6px; max-width:200px;
  max-height:calc(100vh - 200px); overflow-y:auto; }
.vmgeo-embed .vmgeo-legend .swatch { width:11px; height:11px; }
.vmgeo-embed .vmgeo-legend .note { font-size:10px; }
@media (max-width: 760px), (max-height: 520px) {
  .vmgeo-title { font-size:12px; padding:4px 6px; max-width:calc(100% - 130px); max-height:32%; overflow-y:auto;
    left:48px; top:8px; }
  .vmgeo-title .caution { font-size:11px; }
  .vmgeo-title .source { font-size:10px; max-height:2.6em; }
  .vmgeo-legend { font-size:11px; line-height:1.3; padding:4px 6px; max-width:200px;
    max-height:calc(100vh - 200px); overflow-y:auto; }
  .vmgeo-legend .swatch { width:11px; height:11px; }
  .vmgeo-legend .note { font-size:10px; }
}
@media print {
  .leaflet-control-zoom, .leaflet-control-layers { display:none !important; }
  .vmgeo-title, .vmgeo-legend { box-shadow:none; border:1px solid #999; }
}
"""

SCRIPT = r"""
(function() {
  var map = %(map)s;
  var D = %(data)s;
  var MANY_LAYERS = 10;  // more entries than this in the layer control: it opens on hover
  var fmt = new Intl.NumberFormat(D.locale, {maximumFractionDigits: 1});
  var fmtZ = new Intl.NumberFormat(D.locale, {minimumFractionDigits: 2, maximumFractionDigits: 2});
  var fmtInt = new Intl.NumberFormat(D.locale, {maximumFractionDigits: 0});
  function decode(str) {
    var i = 0, lat = 0, lng = 0, out = [];
    while (i < str.length) {
      var b, shift = 0, result = 0;
      do { b = str.charCodeAt(i++) - 63; result |= (b & 0x1f) << shift; shift += 5; } while (b >= 0x20);
      lat += (result & 1) ? ~(result >> 1) : (result >> 1);
      shift = 0; result = 0;
      do { b = str.charCodeAt(i++) - 63; result |= (b & 0x1f) << shift; shift += 5; } while (b >= 0x20);
      lng += (result & 1) ? ~(result >> 1) : (result >> 1);
      out.push([lng / 1e5, lat / 1e5]);
    }
    return out;
  }
  function feature(polys, i) {
    var coords = polys.map(function(rings) { return rings.map(decode); });
    return {type: "Feature", properties: {i: i}, geometry: {type: "MultiPolygon", coordinates: coords}};
  }
  var features = D.geom.map(feature);
  var images = D.images || {};
  var imaged = Object.keys(images).length > 0;
  // Areas without known inhabitants are hatched on every layer: an SVG pattern for the SVG renderer, a canvas
  // pattern for the canvas one (Leaflet hands fillColor to either as it is).
  var hatchSvg = null, hatchCanvas = null;
  function hatchFill(canvasRenderer) {
    if (canvasRenderer) {
      if (!hatchCanvas) {
        var c = document.createElement("canvas"); c.width = 6; c.height = 6;
        var g = c.getContext("2d");
        g.fillStyle = D.hatch.fill; g.fillRect(0, 0, 6, 6);
        g.strokeStyle = D.hatch.line; g.lineWidth = 1.3;
        g.beginPath(); g.moveTo(-1, 7); g.lineTo(7, -1); g.moveTo(-1, 1); g.lineTo(1, -1); g.moveTo(5, 7);
        g.lineTo(7, 5); g.stroke();
        hatchCanvas = g.createPattern(c, "repeat");
      }
      return hatchCanvas;
    }
    if (!hatchSvg) {
      var ns = "http://www.w3.org/2000/svg";
      function make(tag, attrs) {
        var el = document.createElementNS(ns, tag);
        Object.keys(attrs).forEach(function(k) { el.setAttribute(k, attrs[k]); });
        return el;
      }
      var svg = make("svg", {width: "0", height: "0", "aria-hidden": "true", style: "position:absolute"});
      var pattern = make("pattern", {id: "vmgeo-hatch", width: "6", height: "6", patternUnits: "userSpaceOnUse",
                                     patternTransform: "rotate(45)"});
      pattern.appendChild(make("rect", {width: "6", height: "6", fill: D.hatch.fill}));
      pattern.appendChild(make("line", {x1: "1", y1: "0", x2: "1", y2: "6", stroke: D.hatch.line,
                                        "stroke-width": "1.3"}));
      var defs = make("defs", {}); defs.appendChild(pattern); svg.appendChild(defs);
      document.body.appendChild(svg);
      hatchSvg = "url(#vmgeo-hatch)";
    }
    return hatchSvg;
  }
  function colourOf(name, i) {
    var s = D.styles[name];
    if (!s) { return "#ffffff"; }
    if (s.hatch !== null && s.hatch !== undefined && s.idx[i] === s.hatch) {
      return hatchFill(renderer instanceof L.Canvas);
    }
    return s.colours[s.idx[i]];
  }
  function labelOf(name, i) { var s = D.styles[name]; return s.labels[s.idx[i]]; }
  var active = D.active;
  // Outlines only while a typical area is at least D.outlineMinPx across on screen: on a fine grid
  // they would otherwise cover the fill.
  var outlined = !imaged;
  function style(f) {
    // On a big map the image shows the colours; the areas only catch the mouse.
    if (imaged) { return {fill: true, fillOpacity: 0, stroke: false, weight: 0, color: "#000"}; }
    return {fillColor: colourOf(active, f.properties.i), fillOpacity: 0.85, color: "#555",
            weight: outlined ? 0.5 : 0, stroke: outlined};
  }
  function cellPixels() {
    if (!D.cellSize) { return Infinity; }
    var lat = map.getCenter().lat * Math.PI / 180;
    var metresPerPixel = 40075016.686 * Math.cos(lat) / Math.pow(2, map.getZoom() + 8);
    return D.cellSize / metresPerPixel;
  }
  function updateOutlines() {
    if (imaged) { return; }
    var want = cellPixels() >= D.outlineMinPx;
    if (want !== outlined) { outlined = want; areas.setStyle(style); }
  }
  // A p at the smallest value the permutations allow is "< 0,00002", never "0".
  function pText(x, r) {
    if (x === null || x === undefined) { return D.text.no_data; }
    var f = new Intl.NumberFormat(D.locale, {maximumFractionDigits: r.digits});
    if (r.floor && x <= r.floor * (1 + 1e-9)) {
      return "< " + new Intl.NumberFormat(D.locale, {maximumSignificantDigits: 4}).format(r.floor);
    }
    var tiny = Math.pow(10, -r.digits);
    if (x < tiny / 2) { return "< " + f.format(tiny); }
    return f.format(x);
  }
  function row(table, label, text) {
    var tr = document.createElement("tr");
    var a = document.createElement("td"); a.textContent = label;
    var b = document.createElement("td"); b.textContent = text;
    tr.appendChild(a); tr.appendChild(b); table.appendChild(tr);
  }
  // A small line of an area's series, drawn with DOM calls (never markup from the data).
  function sparkRow(table, label, values) {
    var tr = document.createElement("tr");
    var a = document.createElement("td"); a.textContent = label;
    var b = document.createElement("td");
    var ns = "http://www.w3.org/2000/svg", w = 120, h = 28;
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("width", w); svg.setAttribute("height", h); svg.setAttribute("class", "vmgeo-spark");
    var finite = values.filter(function(v) { return v !== null; });
    if (finite.length > 1) {
      var lo = Math.min.apply(null, finite), hi = Math.max.apply(null, finite), span = (hi - lo) || 1;
      var pts = [];
      values.forEach(function(v, k) {
        if (v === null) { return; }
        var x = 2 + k * (w - 4) / (values.length - 1), y = h - 3 - (v - lo) / span * (h - 6);
        pts.push(x.toFixed(1) + "," + y.toFixed(1));
      });
      var line = document.createElementNS(ns, "polyline");
      line.setAttribute("points", pts.join(" ")); line.setAttribute("fill", "none");
      line.setAttribute("stroke", "#333"); line.setAttribute("stroke-width", "1.5");
      svg.appendChild(line);
    }
    b.appendChild(svg);
    if (finite.length) {
      var ends = " " + fmt.format(finite[0]) + " \u2192 " + fmt.format(finite[finite.length - 1]);
      b.appendChild(document.createTextNode(ends));
    }
    tr.appendChild(a); tr.appendChild(b); table.appendChild(tr);
  }
  function num(x, f) { return (x === null || x === undefined) ? D.text.no_data : f.format(x); }
  function tip(layer) {
    var i = layer.feature.properties.i;
    var t = document.createElement("table"); t.className = "vmgeo-tip";
    row(t, D.text.name, D.names[i]);
    row(t, D.text.code, D.codes[i]);
    var v = (D.suppressed && D.suppressed[i]) ? "<" + D.minCount : num(D.value[i], fmt);
    if (D.lower && D.lower[i] !== null && D.upper[i] !== null) {
      v += " (" + fmt.format(D.lower[i]) + " \u2013 " + fmt.format(D.upper[i]) + ")";
    }
    if (D.uncertain && D.uncertain[i]) { v += ", " + D.text.uncertain; }
    row(t, D.text.value, v);
    if (D.population) { row(t, D.text.population, num(D.population[i], fmtInt)); }
    if (D.rate) { row(t, D.text.rate, num(D.rate[i], fmt)); }
    D.tips.forEach(function(r) {
      if (r.kind === "category") { row(t, r.label, labelOf(r.layer, i)); }
      else if (r.kind === "spark") { sparkRow(t, r.label, r.values[i]); }
      else if (r.kind === "p") { row(t, r.label, pText(r.values[i], r)); }
      else { row(t, r.label, num(r.values[i], r.kind === "z" ? fmtZ : fmt)); }
    });
    return t;
  }
  var renderer = D.geom.length > 3000 ? L.canvas({padding: 0.5}) : L.svg();
  var areas = L.geoJSON({type: "FeatureCollection", features: features}, {style: style, renderer: renderer})
    .bindTooltip(tip, {sticky: true});
  areas.on("mouseover", function(e) { e.layer.setStyle({weight: 2.5, color: "#000", stroke: true}); });
  areas.on("mouseout", function(e) { areas.resetStyle(e.layer); });
  areas.addTo(map);

  function densityTip(layer) {
    var i = layer.feature.properties.i;
    var t = document.createElement("table"); t.className = "vmgeo-tip";
    row(t, D.text.code, D.density.codes[i]);
    row(t, D.text.density_row, D.text.density_unit.replace("{x}", fmt.format(D.density.values[i])));
    return t;
  }
  var densityLayer = null;
  if (D.density) {
    densityLayer = L.geoJSON({type: "FeatureCollection", features: D.density.geom.map(feature)}, {
      renderer: D.density.geom.length > 3000 ? L.canvas({padding: 0.5}) : L.svg(),
      style: function(f) {
        return {fillColor: D.density.colours[D.density.idx[f.properties.i]], fillOpacity: D.opacity, stroke: false};
      }
    }).bindTooltip(densityTip, {sticky: true});
  }
  // Over gemeenten or hexagons the density's squares hide the areas: their outlines stay on top, else a trial saw
  // two blobs and could not tell where they were. Not when the density has the areas' own squares.
  var outlines = null;
  if (densityLayer && D.geom.length && D.geom.length <= 3000 && D.codes.indexOf(D.density.codes[0]) < 0) {
    outlines = L.geoJSON({type: "FeatureCollection", features: features},
      {style: {fill: false, color: "#333", weight: 1, opacity: 0.8}, interactive: false, renderer: renderer});
  }
  // Images below the areas, so that the outline of a hovered area shows on top of its image.
  map.createPane("vmgeoImages").style.zIndex = 350;
  var overlaysByName = {};
  var bases = {};
  D.layers.forEach(function(name) {
    var group = L.layerGroup();
    if (images[name]) {
      overlaysByName[name] = L.imageOverlay(images[name].url, images[name].bounds,
        {opacity: D.opacity, interactive: false, className: "vmgeo-image", pane: "vmgeoImages"}).addTo(group);
    } else if (name === "density" && densityLayer) {
      densityLayer.addTo(group);
      if (outlines) { outlines.addTo(group); }
    }
    bases[D.layerNames[name]] = group;
  });
  // Pixels stay crisp once an image pixel is larger than a screen pixel; smaller, they are blended
  // so that a single hot square still shows at a whole-country view.
  function updateImages() {
    var perScreenPixel = 40075016.686 / Math.pow(2, map.getZoom() + 8);
    Object.keys(overlaysByName).forEach(function(name) {
      var el = overlaysByName[name].getElement();
      if (el) { L.DomUtil[images[name].pixel >= perScreenPixel ? "addClass" : "removeClass"](el, "vmgeo-crisp"); }
    });
  }
  // The density layer without an image has squares of its own; the areas make way for them.
  function showAreas() {
    if (active === "density" && !images.density) { map.removeLayer(areas); }
    else if (!map.hasLayer(areas)) { areas.addTo(map); }
  }
  var overlays = {};
  if (D.context) {
    var ctx = D.context.map(function(polys, i) { return feature(polys, i); });
    overlays[D.text.context] = L.geoJSON({type: "FeatureCollection", features: ctx},
      {style: {fill: false, color: "#222", weight: 1.6}, interactive: false}).addTo(map);
  }
  if (D.basemap) {
    var tiles = L.tileLayer(D.basemap.url, {attribution: D.basemap.attribution, maxZoom: 19});
    tiles.addTo(map); tiles.bringToBack();
  }
  bases[D.layerNames[active]].addTo(map);
  // Collapsed in a small frame, where the open list would cover the title and half the country, and with many
  // layers (a series: one per period), whose open list covered a third of a 1100 px map and its hot spots.
  var size = map.getSize();
  var entries = Object.keys(bases).length + Object.keys(overlays).length;
  var small = D.embed || size.x < 760 || size.y < 520 || entries > MANY_LAYERS;
  L.control.layers(bases, overlays, {collapsed: small, position: "topright"}).addTo(map);
  L.control.scale({imperial: false, metric: true}).addTo(map);

  var legend = L.control({position: "bottomright"});
  legend.onAdd = function() { var d = L.DomUtil.create("div", "vmgeo-legend"); d.id = "vmgeo-legend"; return d; };
  legend.addTo(map);
  function showLegend(name) {
    var div = document.getElementById("vmgeo-legend");
    div.textContent = "";
    var head = document.createElement("b"); head.textContent = D.layerNames[name]; div.appendChild(head);
    D.legends[name].items.forEach(function(item, k) {
      var r = document.createElement("div"); r.className = "item";
      var s = document.createElement("span"); s.className = "swatch";
      if (D.legends[name].hatch === k) { s.className = "swatch vmgeo-hatch"; } else { s.style.background = item[0]; }
      r.appendChild(s); r.appendChild(document.createTextNode(item[1])); div.appendChild(r);
    });
    if (D.imageNote) {
      var m = document.createElement("div"); m.className = "note"; m.textContent = D.imageNote; div.appendChild(m);
    }
    if (D.legends[name].note) {
      var n = document.createElement("div"); n.className = "note"; n.textContent = D.legends[name].note;
      div.appendChild(n);
    }
    div.setAttribute("data-layer", name);
  }
  var byTitle = {};
  D.layers.forEach(function(name) { byTitle[D.layerNames[name]] = name; });
  map.on("baselayerchange", function(e) {
    active = byTitle[e.name]; showAreas(); areas.setStyle(style); showLegend(active); updateImages();
  });
  showAreas();
  showLegend(active);
  if (D.focus) {
    map.fitBounds(D.focus.bounds);
    L.geoJSON({type: "FeatureCollection", features: [feature(D.focus.geom, -1)]},
      {style: {fill: false, color: "#000", weight: 3}, interactive: false}).addTo(map);
  } else {
    var box = L.latLngBounds([]);
    if (D.geom.length) { box.extend(areas.getBounds()); }
    Object.keys(images).forEach(function(name) { box.extend(images[name].bounds); });
    if (densityLayer && D.density.geom.length) { box.extend(densityLayer.getBounds()); }
    if (box.isValid()) { map.fitBounds(box, {padding: [10, 10]}); } else { map.setView([52.2, 5.3], 7); }
  }
  updateOutlines();
  updateImages();
  map.on("zoomend", updateOutlines);
  map.on("zoomend", updateImages);
  window.vmgeo = {map: map, areas: areas, data: D, images: overlaysByName, density: densityLayer,
                  outlines: outlines};
})();
"""
