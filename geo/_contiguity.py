"""Queen and rook contiguity with libpysal's semantics, vectorised.

libpysal's ``Queen.from_dataframe`` and ``Rook.from_dataframe`` walk every
vertex in Python (a tuple per vertex, a dict of sets keyed by vertex or edge).
On many-vertex buurt boundaries that costs most of a ``vmgeo hotspots`` run.
This module computes the same neighbours from the coordinate arrays:

* every coordinate gets a vertex id (exactly equal coordinates, one id);
* queen: two polygons are neighbours when they have a vertex id in common;
* rook: two polygons are neighbours when they have an edge in common, where an
  edge is an unordered pair of vertex ids that follow each other.

Numbering uses pandas' hash table (one pass, no sort of the millions of
coordinates); pairing uses the lowest and highest polygon per id, since on a
coverage nearly every vertex and edge lies on exactly two polygons.

What "the same as libpysal" means here (``libpysal/weights/_contW_lists.py``):

* Coordinates match by exact floating-point equality of ``(x, y)`` tuples, no
  tolerance: ``0.0`` equals ``-0.0``; NaN equals nothing; Z is ignored.
* Every ring counts: exteriors, holes and every part of a MultiPolygon.
* Rook edges are consecutive pairs in the polygon's *concatenated* vertex
  list (rings and parts one after another). That includes a pseudo-edge from
  the closing vertex of one ring to the first vertex of the next, and
  zero-length edges where a vertex repeats. Both are kept on purpose, so that
  results stay identical to libpysal's.

Real CBS wijk/buurt maps are clean coverages whose neighbours share boundary
vertices exactly, which is what these semantics need; a map whose neighbours
only nearly meet gets islands here just as it does in libpysal.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

if TYPE_CHECKING:
    from libpysal.weights import W

__all__ = ["Contiguity", "contiguity"]

Criterion = Literal["queen", "rook"]

#: shapely's type ids for the geometries libpysal's polygon contiguity reads.
_POLYGON, _MULTIPOLYGON = 3, 6


@dataclass(frozen=True)
class Contiguity:
    """Contiguity neighbours of ``n`` polygons, numbered ``0 .. n-1`` in input order.

    Attributes
    ----------
    neighbours
        ``{i: [j, ...]}`` with every ``i`` in ``0 .. n-1`` (in order) and each
        list ascending and without ``i``; an island has an empty list. This is
        the ``neighbors`` argument of ``libpysal.weights.W``.
    islands
        The ``i`` without neighbours, ascending.
    criterion
        ``queen`` or ``rook``.
    """

    neighbours: dict[int, list[int]]
    islands: list[int] = field(default_factory=list)
    criterion: Criterion = "queen"

    @property
    def n(self) -> int:
        """Number of polygons."""
        return len(self.neighbours)

    def to_w(self, **options: Any) -> "W":
        """Return a binary ``libpysal.weights.W`` over ids ``0 .. n-1``.

        Parameters
        ----------
        **options
            Passed on to ``W`` (e.g. ``silence_warnings=True``).

        Returns
        -------
        libpysal.weights.W
            The same weights as ``Queen``/``Rook.from_dataframe(df, use_index=False)``.
        """
        from libpysal.weights import W

        return W(self.neighbours, id_order=list(range(self.n)), **options)


def contiguity(geometries: Iterable[Any], *, criterion: Criterion = "queen") -> Contiguity:
    """Queen or rook neighbours of polygons, identical to libpysal's.

    Parameters
    ----------
    geometries
        shapely Polygons and MultiPolygons: a list, a numpy object array or a
        GeoSeries. Position ``i`` becomes id ``i``.
    criterion
        ``queen``: at least one vertex in common; ``rook``: at least one edge
        (two consecutive vertices) in common.

    Returns
    -------
    Contiguity
        The neighbour lists and islands.

    Raises
    ------
    ValueError
        For an unknown ``criterion``.
    TypeError
        For a missing geometry or one that is not a (Multi)Polygon.
    """
    import shapely

    if criterion not in ("queen", "rook"):
        raise ValueError(f"unknown contiguity criterion {criterion!r}; use 'queen' or 'rook'")
    geoms = _as_geometry_array(geometries)
    n = len(geoms)
    types = shapely.get_type_id(geoms)
    bad = ~np.isin(types, (_POLYGON, _MULTIPOLYGON))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise TypeError(f"contiguity needs Polygons or MultiPolygons; geometry {i} is {geoms[i]!r:.60}")

    # Coordinates of all rings, geometry by geometry, in libpysal's order:
    # for each part its exterior, then its holes.
    coords, owner = shapely.get_coordinates(geoms, return_index=True)
    group = _vertex_ids(coords)
    del coords  # 16 bytes a vertex: 72 MB for 14,000 buurten, not needed for the pairing
    if criterion == "rook":
        group, owner = _edge_ids(group, owner)
    indptr, indices = _neighbour_rows(_sharing_pairs(group, owner.astype(np.int64), n), n)
    flat = indices.tolist()
    bounds = indptr.tolist()
    neighbours = {i: flat[bounds[i]:bounds[i + 1]] for i in range(n)}
    islands = np.flatnonzero(np.diff(indptr) == 0).tolist()
    return Contiguity(neighbours=neighbours, islands=islands, criterion=criterion)


def _as_geometry_array(geometries: Iterable[Any]) -> np.ndarray:
    """Return the geometries as a 1-D numpy object array (no copy of a GeoSeries's shapes)."""
    if hasattr(geometries, "__array__"):  # numpy array, GeoSeries, GeometryArray
        array = np.asarray(geometries, dtype=object)
    else:
        items = list(geometries)
        array = np.empty(len(items), dtype=object)
        array[:] = items
    if array.ndim != 1:
        raise TypeError(f"contiguity needs a flat sequence of geometries, not an array of shape {array.shape}")
    return array


def _vertex_ids(coords: np.ndarray) -> np.ndarray:
    """Number the distinct ``(x, y)`` pairs, equal as Python's tuple equality has it.

    Parameters
    ----------
    coords
        ``(m, 2)`` float64 coordinates, C-contiguous; changed in place (-0.0 becomes 0.0).

    Returns
    -------
    numpy.ndarray
        ``m`` int64 ids in ``0 .. v-1``, equal for equal coordinates.
    """
    import pandas as pd

    # The contiguous (m, 2) array reads as m complex numbers, and pandas' hash
    # table numbers them in one pass; sorting the 128-bit pairs, or a 64-bit
    # hash that then needs checking, measured no faster here and is more code.
    # pandas already hashes -0.0 like 0.0 (== says they are equal); adding 0.0
    # turns -0.0 into 0.0 so that this does not depend on pandas' internals.
    # In place: a copy would add 16 bytes a vertex to the peak.
    xy = np.add(coords, 0.0, out=coords)
    ids, _ = pd.factorize(xy.view(np.complex128).ravel())
    ids = ids.astype(np.int64, copy=False)
    nan = np.isnan(xy).any(axis=1)
    if nan.any():
        # NaN equals nothing in libpysal's dict of tuples, so every NaN vertex
        # stands alone; pandas would call them missing (-1) or lump them together.
        start = int(ids[~nan].max(initial=-1)) + 1
        ids[nan] = np.arange(start, start + int(nan.sum()))
    return ids


def _edge_ids(vertex: np.ndarray, owner: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Number the undirected edges between consecutive vertices of each geometry.

    Consecutive means consecutive in the geometry's concatenated coordinate
    list, across ring and part boundaries, as libpysal's rook does.

    Parameters
    ----------
    vertex
        Vertex id per coordinate, in ``0 .. v-1``.
    owner
        Geometry index per coordinate (non-decreasing).

    Returns
    -------
    ids, edge_owner
        An id per edge, in ``0 .. e-1`` and equal for the same unordered pair
        of vertices, and the geometry each edge belongs to, in coordinate order.
    """
    import pandas as pd

    same = owner[:-1] == owner[1:]
    a, b = vertex[:-1][same], vertex[1:][same]
    # lo * v + hi is unique per unordered pair and fits int64 for any v < 3e9.
    v = int(vertex.max(initial=-1)) + 1
    ids, _ = pd.factorize(np.minimum(a, b) * v + np.maximum(a, b))
    return ids.astype(np.int64, copy=False), owner[:-1][same]


def _sharing_pairs(group: np.ndarray, owner: np.ndarray, n: int) -> np.ndarray:
    """Pair up the geometries that share a group (a vertex or an edge).

    Parameters
    ----------
    group
        Group id (vertex or edge) per occurrence, in ``0 .. g-1``.
    owner
        Geometry index per occurrence, in coordinate order.
    n
        Number of geometries.

    Returns
    -------
    numpy.ndarray
        Sorted unique codes ``i * n + j`` with ``i < j``, one per pair of neighbours.
    """
    g = int(group.max(initial=-1)) + 1
    low = np.full(g, n, dtype=np.int64)
    np.minimum.at(low, group, owner)
    high = np.full(g, -1, dtype=np.int64)
    np.maximum.at(high, group, owner)
    # A group with an owner that is neither its lowest nor its highest has
    # three or more geometries; all others have one or two.
    middle = (owner != low[group]) & (owner != high[group])
    many = np.bincount(group[middle], minlength=g) > 0

    # Nearly every group is a vertex (or edge) on the border of exactly two
    # geometries. In coordinate order a whole shared border gives the same
    # pair over and over, so dropping repeats of the previous pair leaves few
    # codes to sort.
    two = (low != high) & ~many
    code = (low * n + high)[group[two[group]]]
    repeat = np.zeros(len(code), dtype=bool)
    repeat[1:] = code[1:] == code[:-1]
    code = code[~repeat]

    # Groups with three or more geometries (nodes, where borders meet): every
    # pair among their distinct geometries. Few, so sorting them is cheap.
    node = np.unique(group[many[group]] * n + owner[many[group]])
    node_group, node_owner = node // n, node % n
    first = np.ones(len(node), dtype=bool)
    first[1:] = node_group[1:] != node_group[:-1]
    starts = np.flatnonzero(first)
    sizes = np.diff(np.append(starts, len(node)))
    # Each member pairs with the members after it in its group (owners ascend).
    position = np.arange(len(node))
    later = np.repeat(starts + sizes, sizes) - position - 1
    left = np.repeat(position, later)
    offset = np.arange(len(left)) - np.repeat(np.cumsum(later) - later, later)
    node_code = node_owner[left] * n + node_owner[left + 1 + offset]
    return np.unique(np.concatenate((code, node_code)))


def _neighbour_rows(pairs: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Turn pair codes ``i * n + j`` (``i < j``) into symmetric CSR rows.

    Parameters
    ----------
    pairs
        Unique codes, one per pair of neighbours.
    n
        Number of geometries.

    Returns
    -------
    indptr, indices
        The neighbours of ``i`` are ``indices[indptr[i]:indptr[i + 1]]``, ascending.
    """
    i, j = pairs // n, pairs % n
    both = np.sort(np.concatenate((i * n + j, j * n + i)))
    rows, cols = both // n, both % n
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n), out=indptr[1:])
    return indptr, cols
