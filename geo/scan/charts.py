"""Small static SVG charts and maps of the scan, drawn from the figures table.

Inline SVG prints, needs no script and renders in the PDF too. Every
number a chart shows is a figure of the table, written by the same
formatter as the report's text (``fig``), so a chart never shows a number
the CSV lacks; the scales carry no tick numbers of their own. Colours come
from :mod:`geo.categories`: a significant rise or fall is marked in the
colours of the change maps.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .. import categories as cat
from ..settings import ANALYSIS_CRS

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

#: A function that renders one figure of the table: (row id, column) -> markup.
FigFn = Callable[[str, str], str]
LINE = "#555555"
BAND = "#bdbdbd"
AREA = cat.LISA_COLOURS[cat.HH]
OTHERS = "#8c8c8c"
FONT = "font-family:sans-serif"


#: Colours of a significant change by what it means for the area (the shape says up or down).
CHANGE_COLOURS = {"better": "#2c7bb6", "worse": "#d7191c"}


def change_meaning(direction: str, higher_is: str) -> str:
    """``better`` or ``worse``: what a ``rise`` or ``fall`` means for an indicator whose higher is ``higher_is``."""
    return "worse" if (direction == cat.RISE) == (higher_is == "worse") else "better"


def line_chart(rows: "pd.DataFrame", *, fig: FigFn, title: str, width: int = 250, height: int = 100) -> str:
    """A line of one indicator over its periods, intervals as bars, significant changes as coloured points.

    ``rows`` are the indicator's ``ontwikkeling`` rows, in time order. The
    title is the chart's accessible name; the page shows it as a caption,
    where it can wrap.
    """
    left, right, top, bottom = 10, 44, 14, 24
    values = rows["value"].to_numpy(dtype=float)
    low = rows["lower"].to_numpy(dtype=float)
    high = rows["upper"].to_numpy(dtype=float)
    span = [v for v in (*values, *low, *high) if math.isfinite(v)]
    lo, hi = min(span), max(span)
    if hi == lo:
        lo, hi = lo - 1, hi + 1
    pad = (hi - lo) * 0.08
    lo, hi = lo - pad, hi + pad
    n = len(rows)

    def x(i: int) -> float:
        return left + (width - left - right) * (i / (n - 1) if n > 1 else 0.5)

    def y(v: float) -> float:
        return top + (height - top - bottom) * (1 - (v - lo) / (hi - lo))

    parts = [f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="{html.escape(title)}">',
             f'<title>{html.escape(title)}</title>']
    for i in range(n):
        if math.isfinite(low[i]) and math.isfinite(high[i]):
            parts.append(f'<line x1="{x(i):.1f}" x2="{x(i):.1f}" y1="{y(low[i]):.1f}" y2="{y(high[i]):.1f}" '
                         f'stroke="{BAND}" stroke-width="3"/>')
    points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values) if math.isfinite(v))
    parts.append(f'<polyline points="{points}" fill="none" stroke="{LINE}" stroke-width="1.5"/>')
    for i, r in enumerate(rows.itertuples()):
        if not math.isfinite(values[i]):
            continue
        if r.verdict in (cat.RISE, cat.FALL):
            # The colour says better or worse (a rising rapportcijfer is good news), the triangle up or down.
            colour = CHANGE_COLOURS[change_meaning(str(r.verdict), str(getattr(r, "higher_is", "worse")))]
            tip = -1 if r.verdict == cat.RISE else 1
            cx, cy = x(i), y(values[i])
            parts.append(f'<path d="M{cx - 4.5:.1f},{cy - 2.5 * tip:.1f} L{cx + 4.5:.1f},{cy - 2.5 * tip:.1f} '
                         f'L{cx:.1f},{cy + 5 * tip:.1f} Z" fill="{colour}" stroke="#ffffff" stroke-width="0.6"/>')
            continue
        parts.append(f'<circle cx="{x(i):.1f}" cy="{y(values[i]):.1f}" r="2.5" fill="{LINE}" '
                     f'stroke="#ffffff" stroke-width="0.8"/>')
    first, last = rows.iloc[0], rows.iloc[-1]
    parts.append(f'<text x="{left}" y="{height - 6}" style="{FONT};font-size:10px">'
                 f'{html.escape(str(first["period_label"]))}</text>')
    parts.append(f'<text x="{width - right}" y="{height - 6}" text-anchor="end" style="{FONT};font-size:10px">'
                 f'{html.escape(str(last["period_label"]))}</text>')
    parts.append(f'<text x="{width - right + 4}" y="{y(values[-1]) + 4:.1f}" style="{FONT};font-size:10px">'
                 f'{fig(str(last["row"]), "value")}</text>')
    parts.append(f'<text x="{x(0) + 4:.1f}" y="{y(values[0]) - 6:.1f}" style="{FONT};font-size:10px">'
                 f'{fig(str(first["row"]), "value")}</text>')
    parts.append("</svg>")
    return "".join(parts)


def ticks(low: float, high: float, *, n: int = 5) -> list[float]:
    """Round values between ``low`` and ``high`` for an axis: steps of 1, 2 or 5 times a power of ten."""
    span = high - low
    if not (math.isfinite(span) and span > 0):
        return []
    raw = span / n
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.ceil(low / step) * step
    return [round(first + i * step, 10) for i in range(math.floor((high - first) / step + 1e-9) + 1)]


def scatter(points: "pd.DataFrame", *, area_code: str, fig: FigFn, x_label: str, y_label: str,
            median_label: str, width: int = 440, height: int = 320, number: Callable[[float], str] = str,
            x_margin: tuple[float, float] | None = None, y_margin: tuple[float, float] | None = None,
            label_others: bool = False) -> str:
    """Registered crime (x) against feeling unsafe (y): the others grey, the area in red, the medians dashed.

    ``points`` has one row per area: ``code``, ``name``, ``x``, ``y`` and the
    figures-table rows ``x_row`` and ``y_row``; the medians are the rows of code ``median``.
    Axes carry ticks written by ``number``; ``x_margin`` and ``y_margin`` draw
    the area's 95% intervals as error bars; ``label_others`` names every point
    (the peers), not only the area.
    """
    left, right, top, bottom = 46, 16, 14, 40
    data = points[points["code"] != "median"]
    median = points[points["code"] == "median"].iloc[0]
    xs, ys = data["x"].to_numpy(dtype=float), data["y"].to_numpy(dtype=float)
    extra_x = [v for v in (x_margin or ()) if math.isfinite(v)]
    extra_y = [v for v in (y_margin or ()) if math.isfinite(v)]
    x0, x1 = float(min(xs.min(), median["x"], *extra_x)), float(max(xs.max(), median["x"], *extra_x))
    y0, y1 = float(min(ys.min(), median["y"], *extra_y)), float(max(ys.max(), median["y"], *extra_y))
    px, py = (x1 - x0) * 0.08 or 1, (y1 - y0) * 0.08 or 1
    x0, x1, y0, y1 = x0 - px, x1 + px, y0 - py, y1 + py

    def sx(v: float) -> float:
        return left + (width - left - right) * (v - x0) / (x1 - x0)

    def sy(v: float) -> float:
        return top + (height - top - bottom) * (1 - (v - y0) / (y1 - y0))

    parts = [f'<svg class="chart scatter" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="{html.escape(x_label)} / {html.escape(y_label)}">',
             f'<rect x="{left}" y="{top}" width="{width - left - right}" height="{height - top - bottom}" '
             'fill="#fafafa" stroke="#cccccc"/>',
             f'<line x1="{sx(median["x"]):.1f}" x2="{sx(median["x"]):.1f}" y1="{top}" y2="{height - bottom}" '
             'stroke="#777777" stroke-dasharray="4 3"/>',
             f'<line x1="{left}" x2="{width - right}" y1="{sy(median["y"]):.1f}" y2="{sy(median["y"]):.1f}" '
             'stroke="#777777" stroke-dasharray="4 3"/>',
             f'<text x="{sx(median["x"]) + 3:.1f}" y="{top + 10}" style="{FONT};font-size:9px;fill:#555555">'
             f'{html.escape(median_label)} {fig(str(median["x_row"]), "value")}</text>',
             f'<text x="{width - right - 3}" y="{sy(median["y"]) - 3:.1f}" text-anchor="end" '
             f'style="{FONT};font-size:9px;fill:#555555">{html.escape(median_label)} '
             f'{fig(str(median["y_row"]), "value")}</text>']
    for v in ticks(x0, x1):
        parts.append(f'<line x1="{sx(v):.1f}" x2="{sx(v):.1f}" y1="{height - bottom}" y2="{height - bottom + 4}" '
                     f'stroke="#777777"/><text x="{sx(v):.1f}" y="{height - bottom + 13}" text-anchor="middle" '
                     f'style="{FONT};font-size:9px">{html.escape(number(v))}</text>')
    for v in ticks(y0, y1):
        parts.append(f'<line x1="{left - 4}" x2="{left}" y1="{sy(v):.1f}" y2="{sy(v):.1f}" stroke="#777777"/>'
                     f'<text x="{left - 6}" y="{sy(v) + 3:.1f}" text-anchor="end" style="{FONT};font-size:9px">'
                     f'{html.escape(number(v))}</text>')
    own = data[data["code"] == area_code]
    if not own.empty:
        ox, oy = float(own.iloc[0]["x"]), float(own.iloc[0]["y"])
        for margin, horizontal in ((x_margin, True), (y_margin, False)):
            if margin is None or not (math.isfinite(margin[0]) and math.isfinite(margin[1])):
                continue
            a, b_ = margin
            if horizontal:
                parts.append(f'<line x1="{sx(a):.1f}" x2="{sx(b_):.1f}" y1="{sy(oy):.1f}" y2="{sy(oy):.1f}" '
                             f'stroke="{AREA}" stroke-width="1.5"/>')
            else:
                parts.append(f'<line x1="{sx(ox):.1f}" x2="{sx(ox):.1f}" y1="{sy(a):.1f}" y2="{sy(b_):.1f}" '
                             f'stroke="{AREA}" stroke-width="1.5"/>')
    for i, r in enumerate(data.sort_values("code", key=lambda s: s == area_code).itertuples()):
        mine = r.code == area_code
        if label_others and not mine:
            # Alternate above and below the point, so that neighbouring names overlap less.
            dy = -6 if i % 2 else 12
            parts.append(f'<text x="{sx(r.x) + 5:.1f}" y="{sy(r.y) + dy:.1f}" style="{FONT};font-size:8.5px;'
                         f'fill:#444444">{html.escape(str(r.name))}</text>')
        parts.append(f'<circle cx="{sx(r.x):.1f}" cy="{sy(r.y):.1f}" r="{6 if mine else 3.5}" '
                     f'fill="{AREA if mine else OTHERS}" fill-opacity="{1 if mine else 0.7}" stroke="#ffffff">'
                     f'<title>{html.escape(str(r.name))}</title></circle>')
        if mine:
            parts.append(f'<text x="{sx(r.x) + 8:.1f}" y="{sy(r.y) + 4:.1f}" style="{FONT};font-size:11px;'
                         f'font-weight:bold">{html.escape(str(r.name))}</text>')
    parts.append(f'<text x="{(left + width - right) / 2:.1f}" y="{height - 8}" text-anchor="middle" '
                 f'style="{FONT};font-size:11px">{html.escape(x_label)} \u2192</text>')
    parts.append(f'<text transform="translate(14 {(top + height - bottom) / 2:.1f}) rotate(-90)" '
                 f'text-anchor="middle" style="{FONT};font-size:11px">{html.escape(y_label)} \u2192</text>')
    parts.append("</svg>")
    return "".join(parts)


#: The neutral hatch of an area without inhabitants or without a figure: grey lines on white, unlike any class.
NO_FIGURE_LINE = "#8c8c8c"


def _hatch(ident: str) -> str:
    """An SVG pattern of grey diagonal lines on white, ``url(#ident)``."""
    return (f'<pattern id="{ident}" width="4" height="4" patternUnits="userSpaceOnUse" '
            'patternTransform="rotate(45)"><rect width="4" height="4" fill="#ffffff"/>'
            f'<line x1="1" y1="0" x2="1" y2="4" stroke="{NO_FIGURE_LINE}" stroke-width="1.3"/></pattern>')


def no_figure_swatch(ident: str) -> str:
    """The legend swatch of "no inhabitants / no figure": the map's hatch in a small square."""
    return (f'<svg class="swatch-svg" xmlns="http://www.w3.org/2000/svg" width="12" height="12" viewBox="0 0 12 12">'
            f'<defs>{_hatch(ident)}</defs><rect x="0.5" y="0.5" width="11" height="11" fill="url(#{ident})" '
            'stroke="#777777"/></svg>')


def map_numbers(frame: "pd.DataFrame") -> dict[str, tuple[int, str]]:
    """A number and a short name per area, for the numbers on a map and its key.

    Wijken keep CBS's own wijk number (the last two digits of ``WK051828``,
    which their names repeat: "Wijk 28 Centrum" is 28, "Centrum" in the key);
    other areas are numbered 1, 2, ... in the order of their names.
    """
    import re

    codes = [str(c) for c in frame["code"]]
    names = [str(n) for n in frame["name"]]
    own = [int(c[-2:]) if re.fullmatch(r"WK\d{6}", c) else None for c in codes]
    if all(n is not None for n in own) and len(set(own)) == len(own):
        out = {}
        for code, name, n in zip(codes, names, own):
            short = re.sub(rf"^(?:wijk\s+)?0*{n}\b\s*", "", name, flags=re.I).strip() if n else name
            out[code] = (int(n or 0), short or name)
        return out
    ordered = sorted(zip(names, codes), key=lambda t: (t[0].lower(), t[1]))
    return {code: (i, name) for i, (name, code) in enumerate(ordered, 1)}


def map_key(numbers: dict[str, tuple[int, str]], *, title: str) -> str:
    """The numbered key of a map: number and name per area, in number order, in columns (fits A4)."""
    items = "".join(f'<li><b>{n}</b> {html.escape(name)}</li>' for n, name in sorted(numbers.values()))
    return f'<div class="map-key"><p class="map-key-title">{html.escape(title)}</p><ul>{items}</ul></div>'


def _label_point(geom: Any) -> tuple[float, float]:
    """Where an area's number goes: the pole of inaccessibility of its largest part (always inside it)."""
    import shapely

    parts = list(shapely.get_parts(geom))
    largest = max(parts, key=lambda g: g.area) if parts else geom
    try:
        point = shapely.polylabel(largest, tolerance=max(largest.length / 200, 1.0))
    except Exception:  # a degenerate ring: any point inside will do
        point = largest.representative_point()
    return float(point.x), float(point.y)


def area_map(frame: "gpd.GeoDataFrame", *, colours: list[str], highlight: str | None, legend: list[tuple[str, str]],
             title: str, width: int = 320, numbers: dict[str, tuple[int, str]] | None = None,
             missing: list[bool] | None = None, missing_label: str | None = None, ident: str = "map") -> str:
    """A small static map: the areas in the given colours, one outlined, and a legend.

    ``numbers`` (:func:`map_numbers`) puts each area's number on it, for the
    key beside the map (:func:`map_key`). Areas flagged in ``missing`` (no
    inhabitants, or no figure) are hatched in a neutral grey and get the
    legend entry ``missing_label``; ``ident`` keeps the hatch's id unique when
    a page holds several maps.
    """
    import shapely

    rd = frame.to_crs(ANALYSIS_CRS)
    minx, miny, maxx, maxy = rd.total_bounds
    scale = (width - 8) / max(maxx - minx, maxy - miny, 1.0)
    height = int((maxy - miny) * scale) + 8
    tolerance = 1.0 / scale
    hatch = f"nofig-{ident}"
    missing = list(missing) if missing is not None else [False] * len(rd)

    def xy(x: float, y: float) -> tuple[float, float]:
        return (x - minx) * scale + 4, (maxy - y) * scale + 4

    def path(geom: Any) -> str:
        out = []
        for poly in shapely.get_parts(shapely.simplify(geom, tolerance)):
            for ring in (poly.exterior, *poly.interiors):
                pts = " ".join("{:.1f},{:.1f}".format(*xy(x, y)) for x, y in ring.coords)
                out.append(f"M{pts}Z")
        return " ".join(out)

    parts = [f'<svg class="minimap" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="{html.escape(title)}">',
             f"<title>{html.escape(title)}</title>"]
    if any(missing):
        parts.append(f"<defs>{_hatch(hatch)}</defs>")
    ordered = sorted(zip(rd["code"], rd["name"], rd.geometry, colours, missing), key=lambda t: t[0] == highlight)
    for code, name, geom, colour, empty in ordered:
        mine = code == highlight
        fill = f"url(#{hatch})" if empty else colour
        parts.append(f'<path d="{path(geom)}" fill="{fill}" stroke="{"#000000" if mine else "#666666"}" '
                     f'stroke-width="{2.5 if mine else 0.6}"><title>{html.escape(str(name))}</title></path>')
    for code, geom in zip(rd["code"], rd.geometry):
        if numbers is None or str(code) not in numbers or geom is None or geom.is_empty:
            continue
        x, y = xy(*_label_point(geom))
        label = str(numbers[str(code)][0])
        # On a white disc: the number stays readable on dark red and dark blue alike (and is drawn once).
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{3 + 1.6 * len(label):.1f}" fill="#ffffff" '
                     f'fill-opacity="0.85" stroke="none"/><text x="{x:.1f}" y="{y + 2.4:.1f}" text-anchor="middle" '
                     f'style="{FONT};font-size:7px">{label}</text>')
    parts.append("</svg>")
    items = "".join(f'<li><span class="swatch" style="background:{c}"></span>{html.escape(t)}</li>' for c, t in legend)
    if any(missing) and missing_label:
        items += f"<li>{no_figure_swatch(hatch + '-key')}{html.escape(missing_label)}</li>"
    return "".join(parts) + f'<ul class="legend">{items}</ul>'
