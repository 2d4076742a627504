"""The map layers: one registry entry per layer, read by the page and the static image alike.

A layer says which columns it reads, its title, and how it colours a frame:
a class index per area, the colours and labels of the classes, the legend
and a note. The HTML page (:mod:`geo.maps.page`) and the PNG/SVG
(:mod:`geo.maps.static`) both draw from :func:`style`, so a new layer is one
:func:`register` call (plus its strings in :mod:`geo.text` and, for new
categories, their colours in :mod:`geo.categories`)::

    register(Layer(name="change", title="change", needs=lambda ctx: ("change_category",),
                   style=_categories("change_category", CHANGE_ORDER, CHANGE_COLOURS)))
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from .. import categories as cat
from .. import periods, text
from ..settings import DEFAULT_PERMUTATIONS, FEW_AREAS
from ..stats._inference import min_pseudo_p
from .classify import SIGNIFICANCE, classify, palette, significance_classes

if TYPE_CHECKING:
    import geopandas as gpd
    import numpy as np
    import pandas as pd

    from ..series import SeriesResult


@dataclass(frozen=True)
class Context:
    """What a layer needs to know besides the frame."""

    #: The analysed column, ``rate`` or ``value``.
    column: str
    lang: str = "nl"
    permutations: int = DEFAULT_PERMUTATIONS
    scheme: str = "quantiles"
    classes: int | None = None
    bins: list[float] | None = None
    #: ``permutation`` or ``normal``: which p the Gi* bins came from, said in the layer's title.
    gi_inference: str = "permutation"
    #: Reader names of the two indicators of a bivariate LISA (the area's own, the neighbours').
    x_name: str = ""
    y_name: str = ""
    #: Fewer analysed areas than :data:`geo.settings.FEW_AREAS`: local statistics are descriptive at
    #: best, and the layers of :data:`LOCAL_LAYERS` colour no cluster as a finding.
    few_areas: bool = False
    #: How many areas were analysed (said in the few-areas note); ``None``: the frame's rows.
    n_analysed: int | None = None


@dataclass(frozen=True)
class Style:
    """How one layer colours the areas of a frame."""

    #: Per area, the index of its class in ``colours`` and ``labels``.
    index: "np.ndarray"
    colours: list[str]
    labels: list[str]
    #: (colour, label) pairs shown in the legend, in order.
    legend: list[tuple[str, str]]
    note: str | None = None
    #: The class drawn hatched (grey lines on its colour, :data:`NO_FIGURE_LINE`) where the page, its images and
    #: the static map can: areas without known inhabitants (:func:`no_figure`). ``None``: no such class.
    hatched: int | None = None


@dataclass(frozen=True)
class TipRow:
    """A tooltip row a layer adds: its category label, a number from a column, or a small line chart."""

    #: A key of :mod:`geo.text` for the row's label (or the label itself, when it is no key).
    label: str
    #: ``category`` (the layer's class label), ``p`` (a pseudo p-value), ``z``, ``number``, or
    #: ``spark`` (an inline SVG line of ``columns``, in order).
    kind: str
    column: str | None = None
    columns: tuple[str, ...] = ()


@dataclass(frozen=True)
class Layer:
    """One map layer."""

    name: str
    #: Title in the layer control and legend: a :mod:`geo.text` key, or a function of the context.
    title: str | Callable[[Context], str]
    #: Columns the layer reads.
    needs: Callable[[Context], tuple[str, ...]]
    style: Callable[["gpd.GeoDataFrame", Context], Style]
    tooltip: tuple[TipRow, ...] = field(default=())
    #: Whether its classes tell findings from the rest (clusters, hot spots, significance levels): on a
    #: map drawn as an image, areas in a finding class of such a layer keep their tooltips. A value
    #: layer colours every area and finds nothing.
    findings: bool = True

    def title_for(self, ctx: Context) -> str:
        """The reader-facing title."""
        return self.title(ctx) if callable(self.title) else text.get(self.title, lang=ctx.lang)

    def available(self, frame: "gpd.GeoDataFrame", ctx: Context) -> bool:
        """Whether the frame has every column the layer reads."""
        return all(c in frame.columns for c in self.needs(ctx))


REGISTRY: dict[str, Layer] = {}


def register(layer: Layer) -> Layer:
    """Add a layer to the registry (a later one of the same name replaces it)."""
    REGISTRY[layer.name] = layer
    return layer


def names() -> tuple[str, ...]:
    """Every registered layer, in registration order."""
    return tuple(REGISTRY)


# --- The layers of a hot-spot run ---------------------------------------------------------


def _value_style(frame: "gpd.GeoDataFrame", ctx: Context) -> Style:
    import numpy as np

    values = frame[ctx.column].to_numpy(dtype=float)
    bins, klass = classify(values, scheme=ctx.scheme, k=ctx.classes, bins=ctx.bins)
    finite = values[np.isfinite(values)]
    if ctx.bins is None and len(finite) and bool(np.all(finite == np.round(finite))):
        # Counts get whole bounds: "5,0 - 5,8" is no class a count can be in.
        whole = sorted({float(np.ceil(b)) for b in bins})
        if whole != [float(b) for b in bins]:
            bins, klass = classify(values, bins=whole)
    colours = palette(len(bins))
    nodata = len(colours)
    hidden = (frame["suppressed"].fillna(False).to_numpy(dtype=bool) if "suppressed" in frame.columns
              else np.zeros(len(frame), dtype=bool))
    # Hidden counts (1 to 4) are in no class: the first class above zero starts at the smallest count shown.
    positive = finite[finite > 0]
    labels = class_labels(bins, values, lang=ctx.lang,
                          floor=float(positive.min()) if hidden.any() and len(positive) else None)
    legend = list(zip(colours, labels))
    hidden_label = _hidden_label(frame, hidden, ctx.lang)
    if (klass[~hidden] < 0).any():
        legend.append((cat.LISA_COLOURS[cat.NO_DATA], text.get("no_data", lang=ctx.lang)))
    if hidden.any():
        # A count below --min-count is hidden, not missing: a class of its own, not "no data" (a trial's busy town
        # centre looked empty).
        legend.append((HIDDEN_COLOUR, hidden_label))
    index = np.where(hidden, nodata + 1, np.where(klass < 0, nodata, klass))
    return Style(index=index, colours=[*colours, cat.LISA_COLOURS[cat.NO_DATA], HIDDEN_COLOUR],
                 labels=[*labels, text.get("no_data", lang=ctx.lang), hidden_label], legend=legend,
                 note=text.get("margin", lang=ctx.lang) if "lower" in frame.columns else None)


#: The fill of an area whose count is hidden below ``--min-count`` ("<5"), on every value layer.
HIDDEN_COLOUR = "#bdbdbd"


def _hidden_label(frame: "gpd.GeoDataFrame", hidden: "np.ndarray", lang: str) -> str:
    """The legend's words for hidden counts: what the table shows for them (``<5``), said to be hidden."""
    shown = frame.loc[hidden, "shown"].dropna().astype(str) if "shown" in frame.columns and hidden.any() else None
    if shown is None or not len(shown):
        return text.get("hidden_small_count", lang=lang)
    return text.get("hidden_count", lang=lang, shown=str(shown.iloc[0]))


def class_labels(bins: list[float], values: "np.ndarray", *, lang: str = "nl", floor: float | None = None
                 ) -> list[str]:
    """The legend labels of classes closed on the right: ``≤ 2,5``, ``2,5 – 7,1``.

    Whole numbers (counts) are written without decimals, a class that holds
    only zero as ``0``, and a class of whole numbers by the values it can
    hold (``4 – 9`` after a class up to 3, ``5`` when it holds only 5).
    ``floor``: no whole class starts below it (the smallest count shown
    when the counts under ``--min-count`` are hidden: ``5 – 6``, not ``1 – 6``).
    """
    import numpy as np

    finite = values[np.isfinite(values)]
    whole = bool(len(finite)) and bool(np.all(finite == np.round(finite))) and all(float(b).is_integer()
                                                                                  for b in bins)
    digits = 0 if whole else 1

    def n(x: float) -> str:
        return text.number(x, digits, lang=lang)

    labels = []
    for i, upper in enumerate(bins):
        if i == 0:
            only_zero = upper == 0 and (not len(finite) or finite.min() >= 0)
            labels.append(n(0) if only_zero else text.get("at_most", lang=lang, x=n(upper)))
        elif whole:
            low = bins[i - 1] + 1
            if floor is not None and bins[i - 1] < floor <= upper:  # the class the hidden counts fall below
                low = max(low, floor)
            labels.append(n(upper) if low >= upper else text.get("range", lang=lang, a=n(low), b=n(upper)))
        else:
            labels.append(text.get("range", lang=lang, a=n(bins[i - 1]), b=n(upper)))
    return labels


def _categories(column: str, order: list[Any], colour: Callable[[Any], str],
                legend: list[Any], *, fallback: Any = cat.NO_DATA) -> Callable[["gpd.GeoDataFrame", Context], Style]:
    """A style for a column of named categories: one colour and label per category."""

    def style(frame: "gpd.GeoDataFrame", ctx: Context) -> Style:

        position = {c: i for i, c in enumerate(order)}
        # By category rather than by area: a national grid has 400,000 areas and a handful of categories.
        values = frame[column].astype(object)
        index = values.map(position).fillna(position[fallback]).to_numpy(dtype=int)
        labels = [cat.label(c if isinstance(c, str) else cat.GI_BIN_NAMES[c], lang=ctx.lang) for c in order]
        return Style(index=index, colours=[colour(c) for c in order], labels=labels,
                     legend=[(colour(c), labels[position[c]]) for c in legend])

    return style


def _gi_categories(frame: "gpd.GeoDataFrame") -> "pd.Series":
    """Gi* bins, with islands and areas without data as their own categories."""
    named = frame["gi_category"].astype(object)
    own = named.isin([cat.ISLAND, cat.NO_DATA])
    bins = frame["gi_bin"].where(~own, 0).astype(float).astype(int).astype(object)
    return named.where(own, bins)


def _gi_style(frame: "gpd.GeoDataFrame", ctx: Context) -> Style:
    order: list[Any] = [*cat.GI_BINS, cat.ISLAND, cat.NO_DATA]
    shown = frame.assign(_gi=_gi_categories(frame))
    return _categories("_gi", order, _gi_colour, [*cat.GI_BINS, cat.ISLAND])(shown, ctx)


def _gi_colour(category: Any) -> str:
    return cat.LISA_COLOURS[category] if isinstance(category, str) else cat.GI_COLOURS[category]


def _significance_style(frame: "gpd.GeoDataFrame", ctx: Context) -> Style:
    import numpy as np

    p = frame["lisa_p"]
    if "analysed" in frame.columns:
        # Analysed without a p: one blanked beside a hidden count ("<5"), whose class bound is written where it
        # was significant; so here it was not (geo.outputs.suppress_small).
        p = p.where(~(p.isna() & frame["analysed"].fillna(False).astype(bool)), 1.0)
    classes, sig = significance_classes(p, permutations=ctx.permutations)
    n = len(classes)
    island = (frame["lisa_cluster"] == cat.ISLAND).to_numpy() if "lisa_cluster" in frame else np.zeros(len(sig), bool)
    # Beyond the classes: not significant, no data, and no neighbours (never "significant").
    index = np.where(island, n + 2, np.where(np.asarray(sig) >= 0, sig, n + 1)).astype(int)
    labels = [text.get("p_at_most", lang=ctx.lang, p=text.p_value(level, lang=ctx.lang)) for level, _ in classes]
    labels += [text.get(k, lang=ctx.lang) for k in (cat.NOT_SIGNIFICANT, cat.NO_DATA, cat.ISLAND)]
    colours = [c for _, c in classes] + [cat.LISA_COLOURS[k] for k in (cat.NOT_SIGNIFICANT, cat.NO_DATA, cat.ISLAND)]
    legend = list(zip(colours[: n + 1], labels[: n + 1]))
    if (index == n + 2).any():
        legend.append((colours[n + 2], labels[n + 2]))
    note = None
    if ctx.permutations and n < len(SIGNIFICANCE):
        note = text.get("p_floor", lang=ctx.lang, permutations=ctx.permutations,
                        floor=text.p_value(min_pseudo_p(ctx.permutations), lang=ctx.lang))
    return Style(index=index, colours=colours, labels=labels, legend=legend, note=note)


#: Grey of a cluster that is not a finding (few areas): neither hot nor cold, darker than "not significant".
DESCRIPTIVE_COLOUR = "#c8c8c8"
#: Colours that mark no finding, kept as they are when a local layer is made descriptive.
NEUTRAL_COLOURS = frozenset({cat.LISA_COLOURS[cat.NOT_SIGNIFICANT], cat.LISA_COLOURS[cat.NO_DATA],
                             cat.LISA_COLOURS[cat.ISLAND], cat.GI_COLOURS[0], cat.BV_COLOURS[cat.NOT_SIGNIFICANT]})


def local_statistic(style: Callable[["gpd.GeoDataFrame", Context], Style]
                    ) -> Callable[["gpd.GeoDataFrame", Context], Style]:
    """A local statistic's style, made descriptive when there are few areas (:attr:`Context.few_areas`).

    With fewer than :data:`geo.settings.FEW_AREAS` areas a LISA "cluster" is
    one or two units: every class that would be a finding (a cluster, a hot
    or cold spot, a significance level) gets one neutral grey, its label says
    "descriptive" (the tooltip still names the category), and the legend and
    its note say why. Classes without a finding (not significant, no data,
    no neighbours) keep their colours.
    """

    def styled(frame: "gpd.GeoDataFrame", ctx: Context) -> Style:
        found = style(frame, ctx)
        if not ctx.few_areas:
            return found
        finding = [c not in NEUTRAL_COLOURS for c in found.colours]
        colours = [DESCRIPTIVE_COLOUR if f else c for c, f in zip(found.colours, finding)]
        labels = [text.get("map_descriptive_label", lang=ctx.lang, label=label) if f else label
                  for label, f in zip(found.labels, finding)]
        legend = [(DESCRIPTIVE_COLOUR, text.get("map_descriptive", lang=ctx.lang))]
        legend += [(c, label) for c, label in found.legend if c in NEUTRAL_COLOURS]
        n = ctx.n_analysed if ctx.n_analysed is not None else len(frame)
        note = text.get("map_descriptive_note", lang=ctx.lang, n=n, threshold=FEW_AREAS)
        return Style(index=found.index, colours=colours, labels=labels, legend=legend, note=note)

    return styled


register(Layer(
    name="value",
    title=lambda ctx: text.get(ctx.column if ctx.column.startswith("rate") else "value", lang=ctx.lang),
    needs=lambda ctx: (ctx.column,),
    style=_value_style,
    findings=False,
))
register(Layer(
    name="lisa",
    title="lisa",
    needs=lambda ctx: ("lisa_cluster",),
    style=local_statistic(_categories("lisa_cluster", [*cat.LISA_CATEGORIES, cat.NO_DATA],
                                      lambda c: cat.LISA_COLOURS[c], list(cat.LISA_CATEGORIES))),
    tooltip=(TipRow("lisa", "category"), TipRow("lisa_p", "p", "lisa_p")),
))
register(Layer(
    name="significance",
    title="significance",
    needs=lambda ctx: ("lisa_p",),
    style=local_statistic(_significance_style),
))
register(Layer(
    name="gi",
    title=lambda ctx: text.get(f"gi_{ctx.gi_inference}", lang=ctx.lang),
    needs=lambda ctx: ("gi_bin", "gi_category"),
    style=local_statistic(_gi_style),
    # The p shown is the one the bin came from, so the tooltip can never contradict the colour.
    tooltip=(TipRow("gi", "category"), TipRow("gi_z", "z", "gi_z"), TipRow("gi_p", "p", "gi_p_bin")),
))


def _bivariate_style(frame: "gpd.GeoDataFrame", ctx: Context) -> Style:
    import numpy as np

    order = [*cat.BV_CATEGORIES, cat.NO_DATA]
    position = {c: i for i, c in enumerate(order)}
    index = np.array([position.get(c, position[cat.NO_DATA]) for c in frame["bv_cluster"].tolist()], dtype=int)
    x = ctx.x_name or text.get("value", lang=ctx.lang).lower()
    y = ctx.y_name or text.get("value", lang=ctx.lang).lower()
    labels = [text.get(c, lang=ctx.lang, x=x, y=y) if c.startswith("bv_") else cat.label(c, lang=ctx.lang)
              for c in order]
    colours = [cat.BV_COLOURS[c] for c in order]
    return Style(index=index, colours=colours, labels=labels,
                 legend=[(colours[i], labels[i]) for i in range(len(cat.BV_CATEGORIES))])


register(Layer(
    name="bivariate",
    title="bivariate",
    needs=lambda ctx: ("bv_cluster",),
    style=local_statistic(_bivariate_style),
    tooltip=(TipRow("bivariate", "category"), TipRow("bv_p", "p", "bv_p")),
))

#: The layers of a hot-spot map, in the order of the layer control.
LAYERS = ("value", "lisa", "significance", "gi", "bivariate")
#: The layers a map shows unless told otherwise (the bivariate one joins when there is a second indicator).
DEFAULT_LAYERS = ("value", "lisa", "significance", "gi")


def style(name: str, frame: "gpd.GeoDataFrame", ctx: Context, *, extra: tuple[Layer, ...] = ()) -> Style:
    """The style of layer ``name`` for ``frame``; areas without known inhabitants hatched (:func:`no_figure`)."""
    return no_figure(lookup(name, extra).style(frame, ctx), without_inhabitants(frame, ctx), lang=ctx.lang)


#: The hatch of an area without known inhabitants on every layer of a rate map: grey lines on white, as the
#: gebiedsscan draws it (``geo.scan.charts``), unlike any class colour.
NO_FIGURE_FILL = "#ffffff"
NO_FIGURE_LINE = "#8c8c8c"


def without_inhabitants(frame: "gpd.GeoDataFrame", ctx: Context) -> "np.ndarray | None":
    """Areas of a rate map whose inhabitants are not known or zero (no rate can exist); ``None`` on other maps.

    On CBS squares these are the squares CBS keeps secret or does not
    publish (:mod:`geo.squares`); on areas, those without inhabitants.
    """
    if not ctx.column.startswith("rate") or "population" not in frame.columns:
        return None
    population = frame["population"].to_numpy(dtype=float)
    return ~(population > 0)  # NaN compares False: unknown is "without"


def no_figure(found: Style, missing: "np.ndarray | None", *, lang: str) -> Style:
    """``found`` with the ``missing`` areas in one class of their own: hatched, with a legend entry of its own.

    Whatever a layer would colour them (no data, not significant), an area
    without known inhabitants has no rate and no statistic: one fixed style
    on every layer says so, in the reader's language.
    """
    import numpy as np

    if missing is None or not np.asarray(missing, dtype=bool).any():
        return found
    k = len(found.colours)
    label = text.get("map_no_inhabitants", lang=lang)
    index = np.where(np.asarray(missing, dtype=bool), k, np.asarray(found.index))
    return replace(found, index=index, colours=[*found.colours, NO_FIGURE_FILL], labels=[*found.labels, label],
                   legend=[*found.legend, (NO_FIGURE_FILL, label)], hatched=k)


def lookup(name: str, extra: tuple[Layer, ...] = ()) -> Layer:
    """Layer ``name``: one of a run's own layers (``extra``), else from the registry."""
    for layer in extra:
        if layer.name == name:
            return layer
    return REGISTRY[name]


def value_layer(name: str, column: str, title: str, *, bins: list[float] | None = None) -> Layer:
    """A value layer of its own column, e.g. one period of a series (``bins`` keep the classes of all periods)."""

    def styled(frame: "gpd.GeoDataFrame", ctx: Context) -> Style:
        return _value_style(frame, replace(ctx, column=column, bins=bins if bins is not None else ctx.bins))

    return Layer(name=name, title=lambda ctx: title, needs=lambda ctx: (column,), style=styled, findings=False)


def category_layer(name: str, column: str, title: str | Callable[[Context], str], order: tuple[str, ...],
                   colours: dict[str, str], *, tooltip: tuple[TipRow, ...] = ()) -> Layer:
    """A layer of named categories in ``column``, each with its colour (:mod:`geo.categories`) and label."""
    full = [*order, cat.NO_DATA] if cat.NO_DATA not in order else list(order)
    return Layer(name=name, title=title, needs=lambda ctx: (column,),
                 style=_categories(column, full, lambda c: colours[c], list(order)), tooltip=tooltip)


# --- Over the years and by month: change, emerging hot spots, early warning ------------------

#: Areas without a figure on the change, emerging hot spot and early-warning maps. Not the white
#: of the other layers: on these maps white-ish means "nothing happened" (no change, no pattern,
#: within the usual ups and downs), and an area the data do not cover must not read as one.
NO_DATA_OVER_TIME = "#c9d6e3"


def time_layer(name: str, column: str, title: str | Callable[[Context], str], order: tuple[str, ...],
               colours: dict[str, str], *, tooltip: tuple[TipRow, ...] = (), note: str | None = None) -> Layer:
    """A layer of the categories of change, emerging hot spots or the early warning in ``column``.

    Areas without data (any value not in ``order``) get :data:`NO_DATA_OVER_TIME` and, when there are
    any, a legend entry of their own. ``note`` is shown under the legend (e.g. the flags expected by
    chance).
    """

    def style(frame: "gpd.GeoDataFrame", ctx: Context) -> Style:
        import numpy as np

        position = {c: i for i, c in enumerate(order)}
        # A list: an Arrow text column iterated cell by cell cost 1.6 s a layer at 400,000 squares.
        index = np.array([position.get(c, len(order)) for c in frame[column].tolist()], dtype=int)
        labels = [cat.label(c, lang=ctx.lang) for c in order] + [text.get(cat.NO_DATA, lang=ctx.lang)]
        shown = [colours[c] for c in order] + [NO_DATA_OVER_TIME]
        legend = list(zip(shown[:len(order)], labels[:len(order)]))
        if (index == len(order)).any():
            legend.append((NO_DATA_OVER_TIME, labels[-1]))
        return Style(index=index, colours=shown, labels=labels, legend=legend, note=note)

    return Layer(name=name, title=title, needs=lambda ctx: (column,), style=style, tooltip=tooltip)


def series_layers(result: "SeriesResult", *, scheme: str = "quantiles", classes: int | None = None,
               lang: str = "nl") -> tuple["pd.DataFrame", tuple[Any, ...]]:
    """The latest period's frame with the series' columns, and the layers that show them.

    One value layer per period, all with the same classes (computed over every
    period) so that a darker area means a higher figure whichever year is
    shown; a change layer (with both values, the change and a small line of
    the whole series in its tooltip); and, with 10 periods or more, the
    emerging hot spot layer.
    """
    import numpy as np

    latest = result.latest
    column = latest.column
    frame = latest.frame.copy()
    columns = []
    for key in result.periods:
        name = f"{column}__{key}"
        frame[name] = result.results[key].frame[column].reindex(frame.index).to_numpy()
        columns.append(name)
    pooled = np.concatenate([frame[c].to_numpy(dtype=float) for c in columns])
    bins, _ = classify(pooled, scheme=scheme, k=classes)
    layers: list[Any] = [value_layer(f"period_{key}", c, periods.label(key, lang=lang), bins=bins)
                         for key, c in zip(result.periods, columns)]
    if result.change is not None and result.change_periods is not None:
        a, b = result.change_periods
        by_code = result.change.set_index("code")
        frame["change_direction"] = frame["code"].map(by_code["direction"]).fillna(cat.NO_DATA).to_numpy()
        for part in ("before", "after", "difference"):
            frame[f"change_{part}"] = frame["code"].map(by_code[part]).to_numpy(dtype=float)
        title = text.get("change", lang=lang, a=periods.label(a, lang=lang), b=periods.label(b, lang=lang))
        tips = (TipRow("change_row", "category"), TipRow(periods.label(a, lang=lang), "number", "change_before"),
                TipRow(periods.label(b, lang=lang), "number", "change_after"),
                TipRow("trend_row", "spark", columns=tuple(columns)))
        layers.append(time_layer("change", "change_direction", title, cat.CHANGE_CATEGORIES, cat.CHANGE_COLOURS,
                                 tooltip=tips))
    if result.emerging is not None:
        by_code = result.emerging.set_index("code")["category"]
        frame["emerging_category"] = frame["code"].map(by_code).fillna(cat.NO_DATA).to_numpy()
        layers.append(time_layer("emerging", "emerging_category", "emerging", cat.EMERGING_CATEGORIES,
                                 cat.EMERGING_COLOURS, tooltip=(TipRow("emerging", "category"),)))
    return frame, tuple(layers)


def p_digits(permutations: int) -> int:
    """A pseudo p-value is a multiple of 1/(P+1): more digits than this carry nothing."""
    return max(2, math.ceil(math.log10(permutations + 1)))
