"""Classes of the value layer (quantiles here, other schemes by mapclassify) and of the significance layer."""

from __future__ import annotations

import itertools
import warnings
from typing import TYPE_CHECKING, Any

from .. import messages, text
from ..errors import OptionError
from ..stats._inference import min_pseudo_p

if TYPE_CHECKING:
    import numpy as np

#: ColorBrewer YlOrRd, light to dark, for 2 to 7 classes.
SEQUENTIAL = {
    2: ["#fecc5c", "#e31a1c"],
    3: ["#ffeda0", "#feb24c", "#f03b20"],
    4: ["#ffffb2", "#fecc5c", "#fd8d3c", "#e31a1c"],
    5: ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"],
    6: ["#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026"],
    7: ["#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#b10026"],
}
#: ColorBrewer BuPu, light to dark, for 2 to 7 classes: the kernel density layer, apart from the
#: YlOrRd of the value layer and the reds and blues of hot and cold spots.
DENSITY_COLOURS = {
    2: ["#9ebcda", "#8856a7"],
    3: ["#e0ecf4", "#9ebcda", "#8856a7"],
    4: ["#edf8fb", "#b3cde3", "#8c96c6", "#88419d"],
    5: ["#edf8fb", "#b3cde3", "#8c96c6", "#8856a7", "#810f7c"],
    6: ["#edf8fb", "#bfd3e6", "#9ebcda", "#8c96c6", "#8856a7", "#810f7c"],
    7: ["#edf8fb", "#bfd3e6", "#9ebcda", "#8c96c6", "#8c6bb1", "#88419d", "#6e016b"],
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


def palette(n_classes: int) -> list[str]:
    """The sequential colours for ``n_classes`` classes."""
    return SEQUENTIAL.get(n_classes, SEQUENTIAL[5])[: max(n_classes, 1)]


#: Classes of the value layer unless ``--classes`` says otherwise.
DEFAULT_CLASSES = 5


def classify(values: "Any", *, scheme: str = "quantiles", k: int | None = None,
             bins: list[float] | None = None) -> tuple[list[float], "np.ndarray"]:
    """Class upper bounds and the class index of every value (NaN gets -1).

    Classes are closed on the right, as mapclassify's: class ``i`` holds the
    values above bound ``i - 1`` up to and including bound ``i``. Values that
    are all zero or more and include zeros (counts of registrations on a fine
    grid, mostly none) get ``0`` as a class of its own, and the other classes
    are made from the values above zero: quantiles of mostly zeros would
    otherwise collapse into "at most 0" and one class for everything else.

    Parameters
    ----------
    values
        Numbers to class; NaN is left unclassed.
    scheme
        One of :data:`SCHEMES`; ignored when ``bins`` are given. Quantiles
        (the default) are computed here, with mapclassify's breaks, without
        importing mapclassify (which compiles numba code when numba is
        installed, seconds on every run); the other schemes use mapclassify.
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
    import numpy as np

    values = np.asarray(values, dtype=float)
    finite = np.isfinite(values)
    distinct = np.unique(values[finite])
    index = np.full(len(values), -1, dtype=int)
    if bins is not None:
        upper = _checked_bins(bins, distinct)
    else:
        _check_scheme(scheme, k, len(distinct))
        k = min(k or DEFAULT_CLASSES, len(distinct), max(SEQUENTIAL))
        if k < 2:
            index[finite] = 0
            return [float(distinct.max())] if len(distinct) else [], index
        upper = _breaks(values[finite], distinct, scheme, k)
    if finite.any():  # a map without any value has nothing to class
        index[finite] = np.searchsorted(np.asarray(upper), values[finite], side="left")
    return upper, index


def _checked_bins(bins: list[float], distinct: "np.ndarray") -> list[float]:
    bins = sorted(float(b) for b in bins)
    if len(bins) > max(SEQUENTIAL):
        raise OptionError(messages.line("maps_classify_bins_gives_classes", n=len(bins),
                                        max_sequential=max(SEQUENTIAL)))
    if len(distinct) and distinct.max() > bins[-1]:
        # messages.seconds writes a number without needless digits, with the run's decimal sign.
        lang = text.log_lang()
        raise OptionError(messages.line("maps_classify_bins_do_cover",
                                        largest=messages.seconds(float(distinct.max()), lang=lang),
                                        last=messages.seconds(float(bins[-1]), lang=lang)))
    return bins


def _check_scheme(scheme: str, k: int | None, n_distinct: int) -> None:
    if scheme not in SCHEMES:
        raise OptionError(messages.line("maps_classify_unknown_classification_scheme", scheme=scheme,
                                        schemes=', '.join(SCHEMES)))
    if k is not None and k > n_distinct:
        raise OptionError(messages.line("maps_classify_classes_more_than", k=k, n_distinct=n_distinct))
    if k is not None and not 2 <= k <= max(SEQUENTIAL):
        raise OptionError(messages.line("maps_classify_classes_must_between", max_sequential=max(SEQUENTIAL)))


def _breaks(y: "np.ndarray", distinct: "np.ndarray", scheme: str, k: int) -> list[float]:
    """Strictly rising upper bounds of ``k`` classes (or fewer) of the finite values ``y``."""
    import numpy as np

    if scheme == "box_map":
        return _box_breaks(y)
    if distinct[0] == 0 and len(distinct) > 2:
        # Zero as a class of its own; the others from the values above it.
        return [0.0, *_breaks(y[y > 0], distinct[1:], scheme, k - 1)]
    if k >= len(distinct):
        # One class per distinct value: mapclassify returns these bins out of order (Fisher-Jenks).
        return [float(v) for v in distinct]
    try:
        upper = quantile_breaks(y, k) if scheme == "quantiles" else _mapclassify_breaks(y, scheme, k)
    except ValueError:
        upper = []  # natural breaks on values with a huge outlier can find no breaks; fall back below
    if len(upper) < 2 or any(b >= c for b, c in itertools.pairwise(upper)):
        # A scheme that found no strictly rising breaks: quantiles of the distinct values instead.
        upper = sorted({float(v) for v in np.quantile(distinct, np.linspace(0, 1, k + 1)[1:], method="higher")})
    return upper


def quantile_breaks(y: "Any", k: int) -> list[float]:
    """The upper bounds of ``k`` quantile classes, exactly as ``mapclassify.Quantiles(y, k).bins``.

    mapclassify takes SciPy's ``scoreatpercentile`` (linear interpolation
    between the two nearest ranks) at ``100/k, 200/k, ..., 100`` and drops
    repeated bounds; the same arithmetic, in the same order, here.
    """
    import numpy as np

    ordered = np.sort(np.asarray(y, dtype=float))
    w = 100.0 / k
    percents = np.arange(w, 100 + w, w)
    if percents[-1] > 100.0:
        percents[-1] = 100.0
    scores = []
    for per in percents:
        idx = per / 100.0 * (len(ordered) - 1)
        i = int(idx)
        if i == idx:
            scores.append(float(ordered[i]))
        else:
            weights = np.array([(i + 1) - idx, idx - i], float)
            scores.append(float(np.add.reduce(ordered[i:i + 2] * weights) / weights.sum()))
    return [float(q) for q in np.unique(scores)]


def _mapclassify_breaks(y: "np.ndarray", scheme: str, k: int) -> list[float]:
    import mapclassify

    with warnings.catch_warnings():
        # mapclassify warns that numba is missing for Fisher-Jenks; the pure-Python path is exact, just slower.
        warnings.simplefilter("ignore", UserWarning)
        classifier = getattr(mapclassify, SCHEMES[scheme])(y, k=k)
    return [float(b) for b in classifier.bins]


def _box_breaks(y: "np.ndarray") -> list[float]:
    """mapclassify's box map bounds, keeping those of classes that hold values.

    Its first and last bounds can lie beyond the data; classes are closed on
    the right, so dropping an empty class leaves every value in its class.
    """
    import mapclassify

    classifier = mapclassify.BoxPlot(y)
    upper = [float(b) for b in classifier.bins]
    return [upper[u] for u in sorted(set(int(c) for c in classifier.yb))]


def significance_classes(p: "Any", *, permutations: int) -> tuple[list[tuple[float, str]], "np.ndarray"]:
    """The significance classes attainable with ``permutations`` and each area's class.

    Classes finer than the smallest attainable two-sided pseudo p-value,
    2/(P+1), are dropped. The last class (index ``len(classes)``) is "not
    significant"; -1 is "no value".
    """
    import numpy as np

    floor = min_pseudo_p(permutations) if permutations else 0.0
    classes = [(level, colour) for level, colour in SIGNIFICANCE if level >= floor]
    p = np.asarray(p, dtype=float)
    index = np.full(len(p), len(classes), dtype=int)
    for i, (level, _) in reversed(list(enumerate(classes))):
        index[np.isfinite(p) & (p <= level)] = i
    index[~np.isfinite(p)] = -1
    return classes, index


