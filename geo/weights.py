"""Spatial weights: who neighbours whom, and what to do with islands.

Contiguity weights leave units without neighbours (the Wadden islands,
an enclave whose neighbours have no data). esda's conditional permutation
gives such a unit the smallest attainable pseudo p-value, 1/(P+1), which
would make an island look like the most significant hot or cold spot. vmgeo
therefore finds islands first and either attaches each to its nearest
connected unit (``attach``, the default) or leaves it out of the statistics
(``exclude``), where it is labelled "no neighbours", never hot or cold.
"""

from __future__ import annotations

import itertools
import logging
import re
import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import messages
from ._contiguity import contiguity
from .errors import AnalysisError, OptionError, few
from .settings import DEFAULT_ISLANDS, DEFAULT_WEIGHTS

if TYPE_CHECKING:
    import geopandas as gpd
    import numpy as np
    from libpysal.weights import W

log = logging.getLogger("geo")

ISLAND_POLICIES = ("attach", "exclude")


@dataclass
class SpatialWeights:
    """Weights over the analysed rows of a GeoDataFrame.

    ``w`` has the ids ``0 .. m-1`` for the rows where ``analysed`` is true,
    in frame order. ``islands`` lists the codes that had no neighbours under
    ``kind``; ``attached`` says to which code each was joined (``attach``).
    """

    w: "W"
    kind: str
    analysed: "np.ndarray"
    islands: list[str] = field(default_factory=list)
    attached: dict[str, str] = field(default_factory=dict)
    island_policy: str = "attach"
    components: int = 1
    #: Codes of every part of the neighbour graph besides the largest (Zeeuws-Vlaanderen, ...).
    separate_parts: list[list[str]] = field(default_factory=list)
    #: The codes of ``w``'s ids ``0 .. m-1`` (the analysed rows, in frame order).
    codes: list[str] = field(default_factory=list)

    @property
    def excluded(self) -> list[str]:
        """Codes left out of the statistics because they have no neighbours."""
        return list(self.islands) if self.island_policy == "exclude" else []


def parse_kind(kind: str) -> tuple[str, int | None]:
    """Split ``queen``, ``rook``, ``knn:K`` or ``distance:METRES`` into a name and ``K`` (or the metres)."""
    text = kind.strip().lower()
    if text in ("queen", "rook"):
        return text, None
    match = re.fullmatch(r"knn:(\d+)", text)
    if match and int(match.group(1)) >= 1:
        return "knn", int(match.group(1))
    if text.startswith("distance:"):
        # Whole metres only: "1.250" would be 1250 to a Dutch reader and 1.25 to Python; wrong-but-quiet
        # is worse than one line asking for the metres without a separator.
        match = re.fullmatch(r"distance:(\d+)", text)
        if match and int(match.group(1)) >= 1:
            return "distance", int(match.group(1))
        raise OptionError(messages.line("weights_distance_band_metres", kind=kind))
    raise OptionError(messages.line("weights_unknown_weights_kind_r", kind=kind))


def build(
    gdf: "gpd.GeoDataFrame",
    *,
    kind: str = DEFAULT_WEIGHTS,
    islands: str = DEFAULT_ISLANDS,
    code_column: str = "code",
) -> SpatialWeights:
    """Build spatial weights for the polygons of ``gdf``.

    Parameters
    ----------
    gdf
        Polygons in a projected CRS, one row per area.
    kind
        ``queen`` (shared edge or corner), ``rook`` (shared edge),
        ``knn:K`` (the K nearest representative points) or
        ``distance:METRES`` (binary distance band: every area whose centroid
        lies within METRES of the area's centroid).
    islands
        ``attach``: join every unit without neighbours to its nearest
        connected unit by polygon distance; ``exclude``: leave it out.
        Under a distance band an island is always left out (``exclude``):
        joining it to an area beyond the band would contradict the band,
        so it is labelled "no neighbours", never hot or cold.
    code_column
        Column used to name islands in reports.

    Returns
    -------
    SpatialWeights
    """
    import numpy as np
    from libpysal.weights import KNN

    name, k = parse_kind(kind)
    if islands not in ISLAND_POLICIES:
        raise OptionError(messages.line("weights_unknown_islands_islands_r", islands=islands))
    n = len(gdf)
    if n < 3:
        raise AnalysisError(messages.line("weights_only_n_area_s", n=n))
    geoms = gdf.geometry.reset_index(drop=True)
    frame = gdf.reset_index(drop=True)
    codes = frame[code_column].astype(str).tolist()

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if name == "knn":
            if k >= n:  # type: ignore[operator]
                raise OptionError(messages.line("weights_weights_knn_k_needs", k=k, n=n))
            points = frame.set_geometry(geoms.representative_point())
            w = KNN.from_dataframe(points, k=k, use_index=False)
        elif name == "distance":
            w = distance_band(geoms.centroid, float(k))  # type: ignore[arg-type]
            if islands == "attach" and w.islands:
                log.info("distance band %s: areas without a neighbour within the band are left out, not attached",
                         kind)
            islands = "exclude"
        else:
            # libpysal's semantics, vectorised: identical neighbours, 15-25x faster on many-vertex
            # buurten (geo/_contiguity.py, benchmarks/bench_weights.py).
            w = contiguity(geoms, criterion="queen" if name == "queen" else "rook").to_w(silence_warnings=True)

    island_ids = sorted(int(i) for i in w.islands)
    island_codes = [codes[i] for i in island_ids]
    analysed = np.ones(n, dtype=bool)
    attached: dict[str, str] = {}
    if island_ids and len(island_ids) == n:
        raise AnalysisError(messages.line("weights_no_area_neighbour_under", kind=kind))
    if island_ids:
        if islands == "attach":
            w, attached = _attach(w, geoms, island_ids, codes)
        else:
            analysed[island_ids] = False
            w = _without(w, analysed)
            if w.n < 3:
                raise AnalysisError(messages.line("weights_after_excluding_islands_only", w_n=w.n))
            log.info("excluded %d island(s) from the statistics: %s", len(island_codes), few(island_codes))
    components, parts = _components(w, np.asarray(codes, dtype=object)[analysed])
    return SpatialWeights(
        w=w,
        kind=f"{name}:{k}" if name in ("knn", "distance") else name,
        analysed=analysed,
        islands=island_codes,
        attached=attached,
        island_policy=islands,
        components=components,
        separate_parts=parts,
        codes=np.asarray(codes, dtype=object)[analysed].tolist(),
    )


def _components(w: "W", codes: "np.ndarray") -> tuple[int, list[list[str]]]:
    """The number of separate parts of the neighbour graph, and the codes of each part but the largest.

    scipy's connected components on the CSR of the neighbours (libpysal's ``n_components`` builds
    its sparse matrix in Python), and the parts grouped by one sort: comparing every part's label
    with all areas took a minute at 400,000 squares with 60,000 parts.
    """
    import numpy as np
    import scipy.sparse as sp
    from scipy.sparse.csgraph import connected_components

    n = len(codes)
    ids = list(w.id_order)
    sizes = np.fromiter((len(w.neighbors[i]) for i in ids), dtype=np.int64, count=n)
    position = None if ids == list(range(n)) else {id_: k for k, id_ in enumerate(ids)}
    chained = itertools.chain.from_iterable(w.neighbors[i] for i in ids)
    cols = np.fromiter(chained if position is None else (position[j] for j in chained), dtype=np.int64,
                       count=int(sizes.sum()))
    graph = sp.csr_array((np.ones(len(cols)), cols, np.concatenate([[0], np.cumsum(sizes)])), shape=(n, n))
    components, labels = connected_components(graph, directed=False)
    if components <= 1:
        return int(components), []
    values, counts = np.unique(labels, return_counts=True)
    largest = values[counts.argmax()]
    order = np.argsort(labels, kind="stable")
    groups = np.split(codes[order], np.flatnonzero(np.diff(labels[order])) + 1)
    return int(components), [sorted(g.tolist()) for g, v in zip(groups, values) if v != largest]


def distance_band(points: "gpd.GeoSeries", band: float) -> "W":
    """Binary weights: ``i`` and ``j`` are neighbours when their points are at most ``band`` apart.

    The same neighbours as ``libpysal.weights.DistanceBand(coords, band, binary=True)``
    (tests/test_weights.py checks that), built with scipy's KD-tree directly:
    ``cKDTree.query_pairs`` returns every pair at once as an array, where
    DistanceBand builds a full sparse distance matrix first and then walks it in
    Python; on a grid of 100,000 squares that is seconds against minutes. Points
    without a neighbour within the band are islands (``W.islands``).
    """
    import numpy as np
    from libpysal.weights import W
    from scipy.spatial import cKDTree

    xy = np.column_stack([points.x.to_numpy(), points.y.to_numpy()])
    n = len(xy)
    pairs = cKDTree(xy).query_pairs(r=band, output_type="ndarray")
    rows = np.concatenate([pairs[:, 0], pairs[:, 1]])
    cols = np.concatenate([pairs[:, 1], pairs[:, 0]])
    order = np.lexsort((cols, rows))
    rows, cols = rows[order], cols[order]
    starts = np.searchsorted(rows, np.arange(n + 1))
    neighbours = {i: cols[starts[i]:starts[i + 1]].tolist() for i in range(n)}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return W(neighbours, id_order=list(range(n)), silence_warnings=True)


def _attach(w: "W", geoms: "gpd.GeoSeries", island_ids: list[int], codes: list[str]) -> tuple["W", dict[str, str]]:
    """``w`` with every island joined to its nearest connected area (by polygon distance), both ways."""
    import numpy as np
    from libpysal.weights import W

    n = len(codes)
    connected = np.setdiff1d(np.arange(n), island_ids)
    tree_geoms = geoms.iloc[connected].reset_index(drop=True)
    src, dst = tree_geoms.sindex.nearest(geoms.iloc[island_ids].reset_index(drop=True), return_all=False)
    neighbours = {i: list(w.neighbors[i]) for i in range(n)}
    attached: dict[str, str] = {}
    for s, d in zip(src, dst):
        island, target = island_ids[int(s)], int(connected[int(d)])
        neighbours[island] = [target]
        neighbours[target] = neighbours[target] + [island]
        attached[codes[island]] = codes[target]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        joined = W(neighbours, id_order=list(range(n)), silence_warnings=True)
    log.info("attached %d island(s) to their nearest neighbour: %s", len(attached),
             few([f"{a}->{b}" for a, b in attached.items()]))
    return joined, attached


def _without(w: "W", analysed: "np.ndarray") -> "W":
    """``w`` over the analysed areas only, renumbered ``0 .. m-1`` in frame order."""
    import numpy as np
    from libpysal.weights import W

    keep = np.flatnonzero(analysed)
    position = {int(old): new for new, old in enumerate(keep)}
    neighbours = {position[int(i)]: [position[int(j)] for j in w.neighbors[int(i)]] for i in keep}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return W(neighbours, id_order=list(range(len(keep))), silence_warnings=True)
