"""vmgeo's own permutation inference for local and global spatial autocorrelation.

The statistics are esda's (local Moran, Getis-Ord Gi*, local Geary, bivariate
local Moran, global Moran's I); the inference is done here, in plain NumPy,
so that its speed, memory and reproducibility do not depend on what else is
installed (esda compiles numba kernels in every process when numba is there).

Inputs are plain arrays: the values as 1-d float arrays and the weights as a
``scipy.sparse`` CSR matrix, already transformed as the statistic needs.
:func:`weights_matrix` turns a ``libpysal.weights.W`` into exactly that
matrix, so that a caller cannot pass the wrong one:

========================  ===========================================================
statistic                 weights
========================  ===========================================================
``local_moran``           row-standardised (esda's ``transformation="r"``)
``local_geary``           row-standardised
``local_moran_bv``        row-standardised
``global_moran``          row-standardised (any non-negative weights are accepted)
``gi_star``               binary, **the area itself on the diagonal with weight 1**
                          (esda's ``G_Local(y, w, transform="B", star=True)``)
========================  ===========================================================

Conditional and total permutation, per area
--------------------------------------------
For an area ``i`` with ``k`` neighbours (not counting itself), every
conditional permutation draws ``k`` of the other ``n - 1`` values without
replacement and puts them in the neighbours' places; the area's own value
stays (it is conditioned on). That is the null of local Moran, local Geary
and the bivariate local Moran (:data:`LISA_PERMUTATION`), whose statistic is
the area's own value times (or against) its neighbours'.

Gi* sums the area's own value with its neighbours', and its expectation and
variance (Ord and Getis 1995) are those of ``k + 1`` values drawn from all
``n``: **total** permutation (:data:`GI_PERMUTATION`) draws the whole star
neighbourhood, the area's own place included, from all ``n`` values. Holding
the area's own value fixed instead (as esda's and GeoDa's Gi* permutations
do) tests only the neighbours, and then a high-crime area among average
neighbours reads as a *cold* spot, since its neighbours are below what a
draw beside its own high value would give (``docs/gi-star.md``).

Unlike esda, which draws one table of ``P`` index sets and
reuses it for every area, every area gets its **own independent** draws, as
GeoDa's "complete" permutation does. Shared draws make the p-values of all
areas move together from seed to seed; independent draws average out.

A draw is ``k`` integers, each uniform on ``0 .. n-2``
(``Generator.integers``, which is exact), and a draw with a repeated integer
is drawn again as a whole: rejection sampling, also exact, so what is kept is
a uniformly random ordered ``k``-tuple of distinct others, at a cost of
``O(k)`` per draw plus ``k(k-1)/2`` comparisons (``argsort`` of ``n`` keys per
draw would cost ``O(n log n)``). Integer ``d`` stands for the ``d``-th other
area after ``i`` going round (``d + i + 1`` in the values written twice), so
area ``i`` itself is never drawn; a total permutation draws ``k + 1``
integers on ``0 .. n-1`` and uses them as they are. Areas of one cardinality are processed
together, so each step is one vectorised NumPy operation over many areas and
permutations. When ``k`` is so large next to ``n`` that fewer than one draw
in ten would be free of repeats, the ``k`` smallest of ``n - 1`` random
64-bit keys are taken instead (exact up to ties between 64-bit keys).
Above :data:`REJECTION_MAX_K` neighbours (a distance band of a fine grid
reaches a hundred and more) a draw is ``k`` integers of which only the
repeated places are drawn again (:func:`_sample_redraw`), ``O(k log k)``
per draw, while ``k`` is at most an eighth of ``n``; beyond that the keys,
whose ``O(n)`` is then ``O(k)``.

Seeds and workers
-----------------
Areas are sorted by cardinality (then index) and cut into chunks of at most
:data:`CHUNK_AREAS` areas; chunk ``c`` draws from its own generator,
``Generator(SFC64(SeedSequence(seed).spawn(n_chunks)[c]))``. The chunks do not depend on
the number of workers, so ``n_jobs=1`` and ``n_jobs=2`` give identical
results. Large runs (at least :data:`FORK_WORK` drawn values) go to a pool of
forked processes when that is safe (Linux, no other Python thread running),
smaller ones and everything else to threads. NumPy releases the GIL inside
every step of the loop (drawing, gathering, comparing, summing), but the
Python between the steps holds it, about a tenth of a block's time, and the
handovers between two threads cost more: at 14,000 areas two threads ran
1.35 times as fast as one, two forked processes 1.69 times
(``benchmarks/engine_workers.py``). The children inherit the problem through
fork and send back only each chunk's counts.

With ``scheduler=`` (or inside a :func:`distributed` block) the chunks run
on a Dask distributed cluster instead: the problem is sent to every worker
once, the chunks go in runs of consecutive chunks, and the counts are
gathered in chunk order, so the result is byte for byte the in-process one
(``tests/test_engine_dask.py``).

Many periods, one draw
----------------------
The draws depend on the weights, the seed and the chunk, never on the
values. :func:`local_moran_periods`, :func:`gi_star_periods` and
:func:`global_moran_periods` draw once and evaluate every period of a
series against each draw (the values as rows x periods, so one gather
fetches all periods of a drawn area); their counts and p-values are those
of one call per period. Inside :func:`remembered` the one-period functions
hand out those results (``geo.analysis.drawn_once``, used by a series).

Counting instead of keeping
---------------------------
For every area only ``G`` (simulated >= observed), ``L`` (simulated <=
observed) and the sums needed for the mean and standard deviation of the
simulated statistic are kept; the simulated values themselves are never
stored. Memory is the results (a few arrays of length ``n``) plus one block
of at most :data:`BLOCK_DRAWS` drawn values (about 1 MB) per worker,
whatever ``P`` is. The global test keeps its ``P`` simulated values and
permutes the values in chunks of at most a few MB.

The pseudo p-value is esda's made two-sided as elsewhere in vmgeo,
``min(1, 2 * (min(G, L) + 1) / (P + 1))`` (:func:`geo.stats._inference.two_sided_p`,
its one definition). Comparisons are made on the part
of the statistic that the draw changes (e.g. the sum of the drawn neighbour
values for local Moran), which is the same ordering as the statistic itself;
values equal up to rounding (1e-10 of the terms' size) count as ties, in
both ``G`` and ``L``.
"""

from __future__ import annotations

import math
import os
import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import numpy as np
import scipy.sparse as sp

from .. import _dask, messages
from ..errors import AnalysisError, OptionError
from ..settings import DEFAULT_PERMUTATIONS, DEFAULT_SEED
from ._inference import two_sided_p

if TYPE_CHECKING:
    from libpysal.weights import W
    from numpy.typing import NDArray

__all__ = [
    "GI_PERMUTATION",
    "LISA_PERMUTATION",
    "PERMUTATION_SCHEMES",
    "STATISTICS",
    "GlobalResult",
    "LocalResult",
    "distributed",
    "gi_star",
    "global_moran",
    "global_moran_bv",
    "local_geary",
    "local_moran",
    "local_moran_bv",
    "weights_matrix",
]

Statistic = Literal["local_moran", "gi_star", "local_geary", "local_moran_bv", "global_moran"]
STATISTICS: tuple[Statistic, ...] = ("local_moran", "gi_star", "local_geary", "local_moran_bv", "global_moran")

Scheme = Literal["conditional", "total"]
#: How a local statistic's null is drawn: the area's own value kept (``conditional``) or drawn too (``total``).
PERMUTATION_SCHEMES: tuple[Scheme, ...] = ("conditional", "total")
#: Gi* includes the area itself: its whole star neighbourhood is drawn from all values (Ord and Getis 1995).
GI_PERMUTATION: Scheme = "total"
#: Local Moran, local Geary and the bivariate local Moran keep the area's own value (Anselin 1995).
LISA_PERMUTATION: Scheme = "conditional"

#: Largest k drawn by whole-draw rejection (or keys, when k is large next to n): above it, by redrawing repeats.
REJECTION_MAX_K = 64
#: Areas per chunk; each chunk has its own random stream.
CHUNK_AREAS = 64
#: Drawn values (areas x permutations x neighbours) in one vectorised block, per worker.
BLOCK_DRAWS = 1 << 16
#: Relative size below which a simulated and the observed value count as tied.
TIE_TOLERANCE = 1e-10

_T = TypeVar("_T")
_R = TypeVar("_R")


@dataclass(frozen=True, eq=False)
class LocalResult:
    """A local statistic and its permutation inference (conditional or total), one entry per area.

    The arrays are read-only; ``==`` compares identity (arrays have no single truth value).

    Attributes
    ----------
    statistic
        The observed local statistic, as esda computes it.
    p
        Two-sided pseudo p-value ``min(1, 2 * (min(G, L) + 1) / (P + 1))``;
        NaN for an area without neighbours.
    greater, lesser
        ``G`` and ``L``: how many simulated statistics were at least and at
        most the observed one (0 for an area without neighbours).
    sim_mean, sim_std
        Mean and standard deviation (``ddof=0``) of the simulated statistic,
        esda's ``EI_sim`` and ``seI_sim`` (NaN without neighbours).
    z
        ``(statistic - sim_mean) / sim_std``, esda's ``z_sim``; NaN where the
        draws cannot change the statistic (``sim_std`` 0, e.g. ``z_i = 0``).
    neighbours
        Number of neighbours of each area, not counting itself.
    permutations
        Permutations per area, ``P``.
    seed
        The seed the draws derive from.
    scheme
        ``conditional`` (the area's own value kept) or ``total`` (drawn too);
        see :data:`PERMUTATION_SCHEMES`.
    """

    statistic: NDArray[np.float64]
    p: NDArray[np.float64]
    greater: NDArray[np.int64]
    lesser: NDArray[np.int64]
    sim_mean: NDArray[np.float64]
    sim_std: NDArray[np.float64]
    z: NDArray[np.float64]
    neighbours: NDArray[np.int64]
    permutations: int
    seed: int
    scheme: Scheme = LISA_PERMUTATION


@dataclass(frozen=True)
class GlobalResult:
    """Global Moran's I and its permutation test.

    Attributes
    ----------
    statistic
        Moran's I.
    expected
        Its expectation under the null, ``-1 / (n - 1)``.
    p
        Two-sided pseudo p-value ``min(1, 2 * (min(G, L) + 1) / (P + 1))``.
    greater, lesser
        How many of the ``P`` simulated values were at least and at most I.
    sim_mean, sim_std, z
        esda's ``EI_sim``, ``seI_sim`` (``ddof=0``) and ``z_sim``.
    permutations
        Number of random permutations of all values, ``P``.
    seed
        The seed the permutations derive from.
    """

    statistic: float
    expected: float
    p: float
    greater: int
    lesser: int
    sim_mean: float
    sim_std: float
    z: float
    permutations: int
    seed: int


# --------------------------------------------------------------------------------------------
# Weights
# --------------------------------------------------------------------------------------------


def weights_matrix(w: W, statistic: Statistic) -> sp.csr_array:
    """The CSR weights matrix ``statistic`` needs, built from a libpysal ``W``.

    Parameters
    ----------
    w
        libpysal spatial weights; its current transformation is ignored and
        ``w`` is not changed (esda sets ``w.transform`` on the object it is
        given).
    statistic
        One of :data:`STATISTICS`.

    Returns
    -------
    scipy.sparse.csr_array
        Rows and columns in ``w.id_order``. Row-standardised original weights
        for local Moran, local Geary, bivariate local Moran and global Moran
        (esda's ``transformation="r"``); for Gi* binary weights with 1 on the
        diagonal, the area itself counted as its own neighbour (esda's
        ``G_Local(y, w, transform="B", star=True)``).

    Raises
    ------
    OptionError
        For an unknown statistic.
    """
    if statistic not in STATISTICS:
        raise OptionError(messages.line("engine_unknown_statistic_statistic_r", statistic=statistic,
                                        join_statistics=', '.join(STATISTICS)))
    kind = "gi_star" if statistic == "gi_star" else "row"
    known = _MATRICES.get(w)
    if known is not None and kind in known:
        return known[kind].copy()
    out = _transformed(_original_matrix(w), kind)
    _MATRICES.setdefault(w, {})[kind] = out
    return out.copy()


#: The matrices :func:`weights_matrix` built, per ``W`` (held weakly): one analysis asks for the
#: row-standardised one three times (Moran, LISA, Gi*'s moments) and a series once per period.
_MATRICES: weakref.WeakKeyDictionary[Any, dict[str, sp.csr_array]] = weakref.WeakKeyDictionary()


def _transformed(matrix: sp.csr_array, kind: str) -> sp.csr_array:
    """Gi*'s binary matrix with the diagonal (``gi_star``) or the row-standardised one (``row``)."""
    n = matrix.shape[0]
    if kind == "gi_star":
        binary = sp.csr_array((np.ones(matrix.nnz), matrix.indices.copy(), matrix.indptr.copy()), shape=(n, n))
        binary.setdiag(1.0)
        out = sp.csr_array(binary)
    else:
        sums = np.asarray(matrix.sum(axis=1), dtype=float).ravel()
        scale = np.divide(1.0, sums, out=np.zeros(n), where=sums != 0)
        out = sp.csr_array(sp.diags_array(scale) @ matrix)
    out.sort_indices()
    return out


def _original_matrix(w: W) -> sp.csr_array:
    """``w``'s original (untransformed) weights as CSR, rows and columns in ``w.id_order``.

    Read with one pass of C-level iteration (``itertools.chain``, ``np.fromiter``) rather than a
    Python loop per area: at 400,000 squares the loop took seconds, for each of the three statistics.
    """
    import itertools

    ids = list(w.id_order)
    n = len(ids)
    original = w.transformations.get("O", w.weights)
    sizes = np.fromiter((len(w.neighbors[id_]) for id_ in ids), dtype=np.int64, count=n)
    nnz = int(sizes.sum())
    neighbours = itertools.chain.from_iterable(w.neighbors[id_] for id_ in ids)
    if ids == list(range(n)):  # vmgeo's own weights: ids are positions
        cols = np.fromiter(neighbours, dtype=np.int64, count=nnz)
    else:
        position = {id_: i for i, id_ in enumerate(ids)}
        cols = np.fromiter((position[j] for j in neighbours), dtype=np.int64, count=nnz)
    vals = np.fromiter(itertools.chain.from_iterable(original[id_] for id_ in ids), dtype=np.float64, count=nnz)
    rows = np.repeat(np.arange(n, dtype=np.int64), sizes)
    matrix = sp.csr_array((vals, (rows, cols)), shape=(n, n))
    matrix.sum_duplicates()
    matrix.eliminate_zeros()
    return matrix


# --------------------------------------------------------------------------------------------
# Public statistics
# --------------------------------------------------------------------------------------------


def local_moran(
    y: NDArray[np.floating] | Sequence[float],
    w: sp.sparray | sp.spmatrix,
    *,
    permutations: int = DEFAULT_PERMUTATIONS,
    seed: int = DEFAULT_SEED,
    n_jobs: int | None = None,
    scheduler: Any = None,
) -> LocalResult:
    """Local Moran's I (LISA) of ``y`` with per-area conditional permutation inference.

    ``I_i = (n - 1) * z_i * sum_j w_ij z_j / sum_k z_k^2`` with ``z`` the
    values standardised by their mean and (population) standard deviation,
    equal to esda's ``Moran_Local(y, w, transformation="r").Is``.

    Parameters
    ----------
    y
        One value per area, in the order of the rows of ``w``.
    w
        Row-standardised weights (rows sum to 1, or to 0 for an area without
        neighbours), from :func:`weights_matrix` with ``"local_moran"``.
    permutations
        Conditional permutations per area, at least 1.
    seed
        Seed of the draws; the same seed gives the same result.
    n_jobs
        Worker threads; ``None`` uses every core this process may use. The
        result does not depend on it.
    scheduler
        A Dask distributed scheduler (an address such as ``tcp://host:8786``
        or a ``dask.distributed.Client``): the chunks run on its workers and
        are gathered in chunk order. ``None`` runs them in this process (or on
        the scheduler of an enclosing :func:`distributed` block). The result
        does not depend on it.

    Returns
    -------
    LocalResult
        Areas without neighbours get ``p`` NaN (never significant), counts 0
        and NaN simulation moments.

    Raises
    ------
    AnalysisError
        If the values are constant or not finite.
    OptionError
        For a bad option or weights that are not row-standardised.
    """
    values = _values(y, "y")
    matrix = _matrix(w, len(values), "local_moran")
    permutations, seed, jobs = _options(permutations, seed, n_jobs)
    key = _key("local_moran", values, matrix, permutations, seed, LISA_PERMUTATION)
    known = _recalled(key)
    if isinstance(known, LocalResult):
        return known
    z = _standardise(values, "y")
    return _local_moran(z, z, matrix, permutations, seed, jobs, scheduler)


def local_moran_bv(
    x: NDArray[np.floating] | Sequence[float],
    y: NDArray[np.floating] | Sequence[float],
    w: sp.sparray | sp.spmatrix,
    *,
    permutations: int = DEFAULT_PERMUTATIONS,
    seed: int = DEFAULT_SEED,
    n_jobs: int | None = None,
    scheduler: Any = None,
) -> LocalResult:
    """Bivariate local Moran's I: ``x`` at each area against the spatial lag of ``y``.

    ``I_i = (n - 1) * zx_i * sum_j w_ij zy_j / sum_k zx_k^2``, equal to esda's
    ``Moran_Local_BV(x, y, w, transformation="r").Is``. The permutation draws
    the neighbours' ``y`` from the other areas; ``x_i`` stays.

    Parameters
    ----------
    x
        The variable at the area itself.
    y
        The variable whose spatial lag is taken.
    w
        Row-standardised weights, from :func:`weights_matrix` with ``"local_moran_bv"``.
    permutations
        Conditional permutations per area, at least 1.
    seed
        Seed of the draws.
    n_jobs
        Worker threads; ``None`` uses every core. The result does not depend on it.
    scheduler
        A Dask distributed scheduler (an address such as ``tcp://host:8786``
        or a ``dask.distributed.Client``): the chunks run on its workers and
        are gathered in chunk order. ``None`` runs them in this process (or on
        the scheduler of an enclosing :func:`distributed` block). The result
        does not depend on it.

    Returns
    -------
    LocalResult
        Areas without neighbours get ``p`` NaN (never significant).

    Raises
    ------
    AnalysisError
        If either variable is constant or not finite, or their lengths differ.
    OptionError
        For a bad option or weights that are not row-standardised.
    """
    xs = _values(x, "x")
    ys = _values(y, "y")
    if len(xs) != len(ys):
        raise AnalysisError(messages.line("engine_x_len_xs_values", len_xs=len(xs), len_ys=len(ys)))
    matrix = _matrix(w, len(xs), "local_moran_bv")
    permutations, seed, jobs = _options(permutations, seed, n_jobs)
    return _local_moran(_standardise(xs, "x"), _standardise(ys, "y"), matrix, permutations, seed, jobs,
                        scheduler)


def _local_moran(zx: NDArray[np.float64], zy: NDArray[np.float64], matrix: sp.csr_array, permutations: int,
                 seed: int, jobs: int, scheduler: Any) -> LocalResult:
    """Local Moran of standardised ``zx`` against the lag of ``zy`` (univariate: the same array twice)."""
    problem, statistic = _moran_problem(zx, zy, matrix)
    return _local(problem, statistic, permutations, seed, jobs, scheduler=scheduler)


def _moran_problem(zx: NDArray[np.float64], zy: NDArray[np.float64], matrix: sp.csr_array
                   ) -> tuple[_Problem, NDArray[np.float64]]:
    den = float(zx @ zx)
    statistic = (len(zx) - 1) * zx * (matrix @ zy) / den
    scaling = (len(zx) - 1) / den
    return _affine_problem(matrix, zy, slope=scaling * zx, self_factor=scaling * zx * zy), statistic


def gi_star(
    y: NDArray[np.floating] | Sequence[float],
    w: sp.sparray | sp.spmatrix,
    *,
    permutations: int = DEFAULT_PERMUTATIONS,
    seed: int = DEFAULT_SEED,
    n_jobs: int | None = None,
    scheme: Scheme = GI_PERMUTATION,
    scheduler: Any = None,
) -> LocalResult:
    """Getis-Ord Gi* of ``y``: the area and its neighbours, binary weights.

    ``G*_i = sum_j w_ij y_j / sum_k y_k`` where ``j`` runs over the
    neighbours **and the area itself**, equal to esda's
    ``G_Local(y, w, transform="B", star=True).Gs``. By default (``total``)
    each permutation draws the ``k + 1`` values of the star neighbourhood,
    the area's own place included, from all ``n`` values: the null whose
    mean and variance are Ord and Getis's (1995) ``E[G*_i]`` and
    ``Var[G*_i]`` (esda's ``EGs`` and ``VGs``). ``conditional`` keeps
    ``y_i`` and draws the neighbours from the other areas, as esda's and
    GeoDa's Gi* permutations do.

    Parameters
    ----------
    y
        One value per area; their sum must not be 0.
    w
        Binary weights with the self-weight on the diagonal (every diagonal
        entry 1), from :func:`weights_matrix` with ``"gi_star"``.
    permutations
        Conditional permutations per area, at least 1.
    seed
        Seed of the draws.
    n_jobs
        Worker threads; ``None`` uses every core. The result does not depend on it.
    scheme
        ``total`` (default, :data:`GI_PERMUTATION`) or ``conditional``.

    scheduler
        A Dask distributed scheduler (an address such as ``tcp://host:8786``
        or a ``dask.distributed.Client``): the chunks run on its workers and
        are gathered in chunk order. ``None`` runs them in this process (or on
        the scheduler of an enclosing :func:`distributed` block). The result
        does not depend on it.

    Returns
    -------
    LocalResult
        Areas without neighbours (other than themselves) get ``p`` NaN
        (never significant). An area whose star neighbourhood holds every
        area (it borders all others) gets ``p`` 1 under the total scheme:
        every draw is the whole map.

    Raises
    ------
    AnalysisError
        If the values are constant, not finite, or sum to 0.
    OptionError
        For a bad option, weights that are not binary or lack the diagonal.
    """
    values = _values(y, "y")
    matrix = _matrix(w, len(values), "gi_star")
    permutations, seed, jobs = _options(permutations, seed, n_jobs)
    if scheme not in PERMUTATION_SCHEMES:
        raise OptionError(messages.line("engine_unknown_permutation_scheme_scheme", scheme=scheme,
                                        or_join_permutation_=messages.line("or_").join(PERMUTATION_SCHEMES)))
    known = _recalled(_key("gi_star", values, matrix, permutations, seed, scheme))
    if isinstance(known, LocalResult):
        return known
    problem, statistic = _gi_problem(values, matrix, scheme)
    return _local(problem, statistic, permutations, seed, jobs, scheme=scheme, scheduler=scheduler)


def _gi_problem(values: NDArray[np.float64], matrix: sp.csr_array, scheme: Scheme
                ) -> tuple[_Problem, NDArray[np.float64]]:
    _standardise(values, "y")  # rejects a constant
    total = float(values.sum())
    if total == 0 or not math.isfinite(total):
        raise AnalysisError(messages.line("engine_values_sum_beyond_what"))
    statistic = (matrix @ values) / total
    slope = np.full(len(values), 1.0 / total)
    if scheme == "total":
        return _star_problem(matrix, values, slope=slope), statistic
    return _affine_problem(matrix, values, slope=slope, self_factor=values / total), statistic


def local_geary(
    y: NDArray[np.floating] | Sequence[float],
    w: sp.sparray | sp.spmatrix,
    *,
    permutations: int = DEFAULT_PERMUTATIONS,
    seed: int = DEFAULT_SEED,
    n_jobs: int | None = None,
    scheduler: Any = None,
) -> LocalResult:
    """Local Geary's c of ``y`` with per-area conditional permutation inference.

    ``c_i = sum_j w_ij (z_i - z_j)^2`` with ``z`` standardised by mean and
    population standard deviation, equal to esda's
    ``Local_Geary(connectivity=w).fit(y).localG``. Small values mean
    similar neighbours.

    Parameters
    ----------
    y
        One value per area.
    w
        Row-standardised weights, from :func:`weights_matrix` with ``"local_geary"``.
    permutations
        Conditional permutations per area, at least 1.
    seed
        Seed of the draws.
    n_jobs
        Worker threads; ``None`` uses every core. The result does not depend on it.
    scheduler
        A Dask distributed scheduler (an address such as ``tcp://host:8786``
        or a ``dask.distributed.Client``): the chunks run on its workers and
        are gathered in chunk order. ``None`` runs them in this process (or on
        the scheduler of an enclosing :func:`distributed` block). The result
        does not depend on it.

    Returns
    -------
    LocalResult
        Areas without neighbours get ``p`` NaN (never significant).

    Raises
    ------
    AnalysisError
        If the values are constant or not finite.
    OptionError
        For a bad option or weights that are not row-standardised.
    """
    values = _values(y, "y")
    matrix = _matrix(w, len(values), "local_geary")
    permutations, seed, jobs = _options(permutations, seed, n_jobs)
    z = _standardise(values, "y")
    coo = matrix.tocoo()
    terms = coo.data * (z[coo.row] - z[coo.col]) ** 2
    statistic = np.asarray(np.bincount(coo.row, weights=terms, minlength=len(z)), dtype=np.float64)
    problem = _geary_problem(matrix, z)
    return _local(problem, statistic, permutations, seed, jobs, scheduler=scheduler)


def global_moran(
    y: NDArray[np.floating] | Sequence[float],
    w: sp.sparray | sp.spmatrix,
    *,
    permutations: int = DEFAULT_PERMUTATIONS,
    seed: int = DEFAULT_SEED,
    n_jobs: int | None = None,
    scheduler: Any = None,
) -> GlobalResult:
    """Global Moran's I of ``y`` and its two-sided permutation test.

    ``I = n / S0 * z' W z / z' z`` with ``z`` the deviations from the mean,
    equal to esda's ``Moran(y, w, transformation="r").I`` for row-standardised
    weights. Each permutation shuffles all values.

    Parameters
    ----------
    y
        One value per area.
    w
        Weights, normally row-standardised (:func:`weights_matrix` with
        ``"global_moran"``); any non-negative weights are accepted.
    permutations
        Random permutations, at least 1.
    seed
        Seed of the permutations.
    n_jobs
        Worker threads; ``None`` uses every core. The result does not depend on it.
    scheduler
        A Dask distributed scheduler (an address such as ``tcp://host:8786``
        or a ``dask.distributed.Client``): the chunks run on its workers and
        are gathered in chunk order. ``None`` runs them in this process (or on
        the scheduler of an enclosing :func:`distributed` block). The result
        does not depend on it.

    Returns
    -------
    GlobalResult

    Raises
    ------
    AnalysisError
        If the values are constant or not finite, or the weights are all zero.
    OptionError
        For a bad option.
    """
    values = _values(y, "y")
    matrix = _matrix(w, len(values), "global_moran")
    permutations, seed, jobs = _options(permutations, seed, n_jobs)
    known = _recalled(_key("global_moran", values, matrix, permutations, seed, ""))
    if isinstance(known, GlobalResult):
        return known
    z, factor = _global_moran_terms(values, matrix)
    n = len(z)
    return _global(matrix, z, None, factor, expected=-1.0 / (n - 1), permutations=permutations, seed=seed,
                   jobs=jobs, scheduler=scheduler)


def _global_moran_terms(values: NDArray[np.float64], matrix: sp.csr_array) -> tuple[NDArray[np.float64], float]:
    """The deviations ``z`` and the factor ``n / S0 / z'z`` of global Moran's I."""
    _standardise(values, "y")
    z = values - values.mean()
    s0 = float(matrix.sum())
    if s0 == 0:
        raise AnalysisError(messages.line("engine_weights_all_zero_no"))
    return z, len(z) / s0 / float(z @ z)


def global_moran_bv(
    x: NDArray[np.floating] | Sequence[float],
    y: NDArray[np.floating] | Sequence[float],
    w: sp.sparray | sp.spmatrix,
    *,
    permutations: int = DEFAULT_PERMUTATIONS,
    seed: int = DEFAULT_SEED,
    n_jobs: int | None = None,
    scheduler: Any = None,
) -> GlobalResult:
    """Global bivariate Moran's I of ``x`` against the spatial lag of ``y``, and its two-sided permutation test.

    ``I = zx' W zy / (n - 1)`` with ``zx`` and ``zy`` standardised with
    ``ddof=1``, equal to esda's ``Moran_BV(x, y, w, transformation="r").I``.
    Each permutation shuffles ``y`` over the areas and keeps ``x`` (as esda
    does), drawn by the same seeded chunks as :func:`global_moran`.

    Parameters
    ----------
    x
        The variable at the area itself.
    y
        The variable whose spatial lag is taken.
    w
        Row-standardised weights, from :func:`weights_matrix` with ``"global_moran"``.
    permutations
        Random permutations of ``y``, at least 1.
    seed
        Seed of the permutations.
    n_jobs
        Worker threads; ``None`` uses every core. The result does not depend on it.
    scheduler
        A Dask distributed scheduler (an address such as ``tcp://host:8786``
        or a ``dask.distributed.Client``): the chunks run on its workers and
        are gathered in chunk order. ``None`` runs them in this process (or on
        the scheduler of an enclosing :func:`distributed` block). The result
        does not depend on it.

    Returns
    -------
    GlobalResult
        ``expected`` is 0: with ``x`` kept and ``y`` shuffled over all
        places, every lag has expectation 0.

    Raises
    ------
    AnalysisError
        If either variable is constant or not finite, or their lengths differ.
    OptionError
        For a bad option.
    """
    xs = _values(x, "x")
    ys = _values(y, "y")
    if len(xs) != len(ys):
        raise AnalysisError(messages.line("engine_x_len_xs_values", len_xs=len(xs), len_ys=len(ys)))
    matrix = _matrix(w, len(xs), "global_moran")
    permutations, seed, jobs = _options(permutations, seed, n_jobs)
    zx, zy = _standardise(xs, "x"), _standardise(ys, "y")  # ddof=0: zx.zy / n is esda's ddof=1 form / (n - 1)
    return _global(matrix, zy, zx, 1.0 / len(zx), expected=0.0, permutations=permutations, seed=seed, jobs=jobs,
                   scheduler=scheduler)


def _global(matrix: sp.csr_array, z: NDArray[np.float64], fixed: NDArray[np.float64] | None, factor: float, *,
            expected: float, permutations: int, seed: int, jobs: int, scheduler: Any = None) -> GlobalResult:
    """``factor * a' W z`` over random permutations of ``z``; ``a`` is ``fixed``, or ``z`` permuted alike."""
    n = len(z)
    per_chunk = max(1, min(512, (1 << 18) // n))
    counts = [min(per_chunk, permutations - start) for start in range(0, permutations, per_chunk)]
    seeds = np.random.SeedSequence(seed).spawn(len(counts))

    def run(task: tuple[int, np.random.SeedSequence]) -> NDArray[np.float64]:
        return _global_chunk(matrix, z, factor, task[0], task[1], fixed=fixed)

    sims = np.concatenate(_parallel(run, list(zip(counts, seeds)), jobs, work=permutations * matrix.nnz,
                                    scheduler=scheduler))
    return _global_result(matrix, z, fixed, factor, sims, expected=expected, permutations=permutations, seed=seed)


def _global_result(matrix: sp.csr_array, z: NDArray[np.float64], fixed: NDArray[np.float64] | None, factor: float,
                   sims: NDArray[np.float64], *, expected: float, permutations: int, seed: int) -> GlobalResult:
    """The test of the observed ``factor * a' W z`` against its simulated values ``sims``."""
    left = z if fixed is None else fixed
    statistic = float(factor * (left @ (matrix @ z)))
    tol = TIE_TOLERANCE * abs(factor) * float(np.abs(matrix).sum()) * float(np.max(np.abs(left)) * np.max(np.abs(z)))
    greater = int(np.count_nonzero(sims >= statistic - tol))
    lesser = int(np.count_nonzero(sims <= statistic + tol))
    mean = float(sims.mean())
    std = float(sims.std())
    with np.errstate(divide="ignore", invalid="ignore"):
        zscore = float(np.float64(statistic - mean) / np.float64(std))
    return GlobalResult(
        statistic=statistic,
        expected=expected,
        p=float(two_sided_p(greater, lesser, permutations)),
        greater=greater,
        lesser=lesser,
        sim_mean=mean,
        sim_std=std,
        z=zscore,
        permutations=permutations,
        seed=seed,
    )


# --------------------------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------------------------


def _values(y: NDArray[np.floating] | Sequence[float], name: str) -> NDArray[np.float64]:
    try:
        values = np.asarray(y, dtype=np.float64)
    except (TypeError, ValueError):
        raise AnalysisError(messages.line("engine_name_must_numbers", name=name)) from None
    if values.ndim != 1:
        raise AnalysisError(messages.line("engine_name_must_d_array", name=name, values_shape=values.shape))
    if len(values) < 3:
        raise AnalysisError(messages.line("engine_name_len_values_value", name=name, len_values=len(values)))
    if not np.isfinite(values).all():
        raise AnalysisError(messages.line("engine_name_int_np_isfinite", name=name,
                                          int_np_isfinite_valu=int((~np.isfinite(values)).sum())))
    return values


def _standardise(values: NDArray[np.float64], name: str) -> NDArray[np.float64]:
    std = float(values.std())
    if std == 0 or not np.isfinite(std):
        raise AnalysisError(
            messages.line("engine_all_values_name_equal", name=name, values_0=values[0])
        )
    return (values - values.mean()) / std


def _options(permutations: int, seed: int, n_jobs: int | None) -> tuple[int, int, int]:
    if isinstance(permutations, bool) or not isinstance(permutations, (int, np.integer)):
        raise OptionError(messages.line("engine_permutations_must_whole_number", permutations=permutations))
    if permutations < 1:
        raise OptionError(messages.line("engine_permutations_must_at_least", permutations=permutations))
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise OptionError(messages.line("engine_seed_must_whole_number", seed=seed))
    if n_jobs is None or n_jobs == -1:
        jobs = _cores()
    elif isinstance(n_jobs, bool) or not isinstance(n_jobs, (int, np.integer)) or n_jobs < 1:
        raise OptionError(messages.line("engine_n_jobs_must_at", n_jobs=n_jobs))
    else:
        jobs = int(n_jobs)
    return int(permutations), int(seed), jobs


def _cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def _matrix(w: sp.sparray | sp.spmatrix, n: int, statistic: Statistic) -> sp.csr_array:
    if not (sp.issparse(w)):
        raise OptionError(
            messages.line("engine_weights_must_scipy_sparse", statistic=statistic)
        )
    matrix = sp.csr_array(w, dtype=np.float64, copy=True)
    if matrix.shape != (n, n):
        raise OptionError(messages.line("engine_weights_matrix_shape_x", matrix_shape_0=matrix.shape[0],
                                        matrix_shape_1=matrix.shape[1], n=n))
    matrix.sum_duplicates()
    matrix.eliminate_zeros()
    matrix.sort_indices()
    data = matrix.data
    if not np.isfinite(data).all() or (data < 0).any():
        raise OptionError(messages.line("engine_weights_must_finite_negative"))
    hint = messages.line("build_weights", statistic=statistic)
    if statistic == "gi_star":
        if not (data == 1).all():
            raise OptionError(messages.line("engine_gi_needs_binary_weights", hint=hint))
        if not (matrix.diagonal() == 1).all():
            raise OptionError(messages.line("engine_gi_needs_each_area", hint=hint))
    elif statistic != "global_moran":
        sums = np.asarray(matrix.sum(axis=1)).ravel()
        if not (np.isclose(sums, 1.0, rtol=0, atol=1e-9) | (sums == 0)).all():
            raise OptionError(messages.line("engine_statistic_needs_row_standardised", statistic=statistic,
                                            hint=hint))
    return matrix


# --------------------------------------------------------------------------------------------
# The local engine
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Problem:
    """What the draws need: values drawn, per-area constants and the off-diagonal weights.

    The simulated statistic of area ``i`` is ``slope[i] * q + intercept[i]``
    where ``q`` is what one draw gives: the sum of the drawn values (equal
    weights), their weighted sum, or for Geary the (weighted) sum of squared
    differences to ``focal[i]``. ``q_observed`` is ``q`` for the real neighbours.
    """

    doubled: NDArray[np.float64]  # the drawn variable twice: the others of i are doubled[i+1 : i+n]
    focal: NDArray[np.float64] | None  # Geary: z_i; None for the affine statistics
    cardinality: NDArray[np.int64]
    equal: NDArray[np.bool_]  # all off-diagonal weights of the row are equal
    indptr: NDArray[np.int64]  # off-diagonal CSR
    weights: NDArray[np.float64]
    q_observed: NDArray[np.float64]
    slope: NDArray[np.float64]
    intercept: NDArray[np.float64]
    centre: NDArray[np.float64]  # expectation of q under the null: sums are kept around it
    tolerance: NDArray[np.float64]
    total: bool = False  # draw k + 1 values from all n (the area's own place too) instead of k from the others

    def __reduce__(self) -> tuple[Callable[..., _Problem], tuple[object, ...]]:
        # Sent to a Dask worker, an array may arrive at an unaligned address inside a message frame, where
        # NumPy's gather (``take``) runs at half speed: the worker rebuilds the problem from aligned copies.
        return _aligned_problem, tuple(getattr(self, f.name) for f in fields(self))


def _aligned_problem(*values: object) -> _Problem:
    return _Problem(*(np.array(v) if isinstance(v, np.ndarray) and not v.flags.aligned else v
                      for v in values))  # type: ignore[arg-type]


def _off_diagonal(matrix: sp.csr_array) -> tuple[sp.csr_array, NDArray[np.float64]]:
    diagonal = np.asarray(matrix.diagonal(), dtype=np.float64)
    off = sp.csr_array(matrix - sp.diags_array(diagonal)) if (diagonal != 0).any() else matrix.copy()
    off.eliminate_zeros()
    off.sort_indices()
    return off, diagonal


def _row_shape(off: sp.csr_array) -> tuple[NDArray[np.int64], NDArray[np.bool_], NDArray[np.float64],
                                            NDArray[np.float64]]:
    """Cardinality, equal-weights flag, common weight and largest weight of each row."""
    indptr = off.indptr.astype(np.int64)
    cardinality = np.diff(indptr)
    n = len(cardinality)
    has = cardinality > 0
    largest = np.zeros(n)
    smallest = np.zeros(n)
    if off.nnz:
        starts = indptr[:-1][has]
        largest[has] = np.maximum.reduceat(off.data, starts)
        smallest[has] = np.minimum.reduceat(off.data, starts)
    equal = largest == smallest
    return cardinality, equal, largest, smallest


def _affine_problem(matrix: sp.csr_array, v: NDArray[np.float64], *, slope: NDArray[np.float64],
                    self_factor: NDArray[np.float64]) -> _Problem:
    """Statistics ``slope_i * (sum_j w_ij v_j) + self_factor_i * w_ii``: Moran, bivariate Moran, Gi*."""
    off, diagonal = _off_diagonal(matrix)
    cardinality, equal, largest, _ = _row_shape(off)
    binary = sp.csr_array((np.ones(off.nnz), off.indices, off.indptr), shape=off.shape)
    # Equal weights: q is the plain sum of the drawn values and the common weight moves into the slope.
    q_observed = np.where(equal, binary @ v, off @ v)
    weight_sum = np.asarray(off.sum(axis=1)).ravel()
    others_mean = (v.sum() - v) / (len(v) - 1)
    centre = np.where(equal, cardinality, weight_sum) * others_mean
    full_slope = np.where(equal, slope * largest, slope)
    size = np.where(equal, 1.0, largest) * float(np.abs(v).max())
    tolerance = (TIE_TOLERANCE * cardinality * size).astype(np.float64)
    return _Problem(
        doubled=np.concatenate([v, v]),
        focal=None,
        cardinality=cardinality,
        equal=equal,
        indptr=off.indptr.astype(np.int64),
        weights=off.data.astype(np.float64),
        q_observed=q_observed,
        slope=full_slope,
        intercept=self_factor * diagonal,
        centre=centre,
        tolerance=tolerance,
    )


def _star_problem(matrix: sp.csr_array, v: NDArray[np.float64], *, slope: NDArray[np.float64]) -> _Problem:
    """Gi* under total permutation: ``q`` is the sum of the ``k + 1`` star values, drawn from all ``n``."""
    off, _ = _off_diagonal(matrix)
    cardinality = np.diff(off.indptr.astype(np.int64))
    n = len(v)
    size = (cardinality + 1).astype(np.float64)
    return _Problem(
        doubled=np.concatenate([v, v]),
        focal=None,
        cardinality=cardinality,
        equal=np.ones(n, dtype=bool),
        indptr=off.indptr.astype(np.int64),
        weights=off.data.astype(np.float64),
        q_observed=np.asarray(matrix @ v, dtype=np.float64),  # binary with the diagonal: the area and its neighbours
        slope=slope,
        intercept=np.zeros(n),
        centre=size * float(v.mean()),
        tolerance=TIE_TOLERANCE * size * float(np.abs(v).max()),
        total=True,
    )


def _geary_problem(matrix: sp.csr_array, z: NDArray[np.float64]) -> _Problem:
    """Local Geary: ``q = sum_j w_ij (z_i - z_j)^2`` (plain sum for equal weights, slope the weight)."""
    off, _ = _off_diagonal(matrix)
    cardinality, equal, largest, _ = _row_shape(off)
    coo = off.tocoo()
    squares = (z[coo.row] - z[coo.col]) ** 2
    n = len(z)
    plain = np.bincount(coo.row, weights=squares, minlength=n)
    weighted = np.bincount(coo.row, weights=coo.data * squares, minlength=n)
    weight_sum = np.asarray(off.sum(axis=1)).ravel()
    # E[(z_i - Z)^2] over the others: (z_i - mean_o)^2 + var_o
    others_mean = (z.sum() - z) / (n - 1)
    others_var = ((z * z).sum() - z * z) / (n - 1) - others_mean**2
    expected_term = (z - others_mean) ** 2 + others_var
    centre = np.where(equal, cardinality, weight_sum) * expected_term
    size = (np.abs(z) + float(np.abs(z).max())) ** 2
    tolerance = TIE_TOLERANCE * cardinality * np.where(equal, 1.0, largest) * size
    return _Problem(
        doubled=np.concatenate([z, z]),
        focal=z,
        cardinality=cardinality,
        equal=equal,
        indptr=off.indptr.astype(np.int64),
        weights=off.data.astype(np.float64),
        q_observed=np.where(equal, plain, weighted),
        slope=np.where(equal, largest, 1.0),
        intercept=np.zeros(n),
        centre=centre,
        tolerance=tolerance,
    )


@dataclass(frozen=True)
class _Chunk:
    areas: NDArray[np.int64]
    k: int
    equal: bool
    seed: np.random.SeedSequence


def _chunks(problem: _Problem, seed: int) -> list[_Chunk]:
    """Areas with neighbours, sorted by cardinality and weighting, cut into seeded chunks.

    Depends only on the weights and the seed, never on the number of workers.
    """
    card = problem.cardinality
    order = np.lexsort((np.arange(len(card)), ~problem.equal, card))
    order = order[card[order] > 0]
    pieces: list[tuple[NDArray[np.int64], int, bool]] = []
    if len(order):
        keys = card[order] * 2 + (~problem.equal[order]).astype(np.int64)
        bounds = np.flatnonzero(np.diff(keys)) + 1
        for group in np.split(order, bounds):
            k = int(card[group[0]])
            equal = bool(problem.equal[group[0]])
            for start in range(0, len(group), CHUNK_AREAS):
                pieces.append((group[start:start + CHUNK_AREAS].astype(np.int64), k, equal))
    seeds = np.random.SeedSequence(seed).spawn(len(pieces))
    return [_Chunk(areas, k, equal, s) for (areas, k, equal), s in zip(pieces, seeds)]


def _local(problem: _Problem, statistic: NDArray[np.float64], permutations: int, seed: int,
           jobs: int, *, scheme: Scheme = LISA_PERMUTATION, scheduler: Any = None) -> LocalResult:
    n = len(statistic)
    chunks = _chunks(problem, seed)

    def run(chunk: _Chunk) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64], NDArray[np.float64]]:
        return _local_chunk(problem, chunk, permutations)

    above = np.zeros(n, dtype=np.int64)
    below = np.zeros(n, dtype=np.int64)
    total = np.zeros(n)
    squares = np.zeros(n)
    work = permutations * int(problem.cardinality.sum())
    for chunk, (ge, le, s1, s2) in zip(chunks, _parallel(run, chunks, jobs, work, scheduler=scheduler)):
        above[chunk.areas] = ge
        below[chunk.areas] = le
        total[chunk.areas] = s1
        squares[chunk.areas] = s2
    return _result(problem, statistic, (above, below, total, squares), permutations, seed, scheme)


def _result(problem: _Problem, statistic: NDArray[np.float64],
            counts: tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64], NDArray[np.float64]],
            permutations: int, seed: int, scheme: Scheme) -> LocalResult:
    """The :class:`LocalResult` from the counts and sums of the draws (``q`` as :class:`_Problem` defines it)."""
    above, below, total, squares = counts
    has = problem.cardinality > 0
    slope = problem.slope
    greater = np.where(slope > 0, above, below)
    lesser = np.where(slope > 0, below, above)
    flat = slope == 0  # the draw cannot change the statistic: every simulation ties
    greater[flat] = permutations
    lesser[flat] = permutations
    greater[~has] = 0
    lesser[~has] = 0
    p = np.asarray(two_sided_p(greater, lesser, permutations), dtype=np.float64)
    p[~has] = np.nan

    mean_q = total / permutations
    var_q = np.maximum(squares / permutations - mean_q**2, 0.0)
    sim_mean = slope * (problem.centre + mean_q) + problem.intercept
    sim_std = np.abs(slope) * np.sqrt(var_q)
    sim_mean[~has] = np.nan
    sim_std[~has] = np.nan
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(sim_std > 0, (statistic - sim_mean) / sim_std, np.nan)
    return LocalResult(
        statistic=_frozen(statistic),
        p=_frozen(p),
        greater=_frozen(greater),
        lesser=_frozen(lesser),
        sim_mean=_frozen(sim_mean),
        sim_std=_frozen(sim_std),
        z=_frozen(z),
        neighbours=_frozen(problem.cardinality),
        permutations=permutations,
        seed=seed,
        scheme=scheme,
    )


_A = TypeVar("_A", bound=np.generic)


def _frozen(values: NDArray[_A]) -> NDArray[_A]:
    out = np.array(values)
    out.flags.writeable = False
    return out


def _local_chunk(problem: _Problem, chunk: _Chunk, permutations: int) -> tuple[
        NDArray[np.int64], NDArray[np.int64], NDArray[np.float64], NDArray[np.float64]]:
    """``G``, ``L`` and the sums of ``q - centre`` and its square for the areas of one chunk."""
    areas = chunk.areas
    m = len(areas)
    n = len(problem.doubled) // 2
    # A total permutation draws the area's own place with its k neighbours', from all n values.
    k = chunk.k + 1 if problem.total else chunk.k
    rng = np.random.Generator(np.random.SFC64(chunk.seed))
    per_block = max(1, min(permutations, BLOCK_DRAWS // (m * k)))
    offset = None if problem.total else (areas + 1).reshape(1, m, 1)
    # Several periods (local_moran_periods): the values are rows x periods, every array gets a last axis.
    tail: tuple[int, ...] = problem.doubled.shape[1:]
    q_obs = problem.q_observed[areas][:, None]
    low = q_obs - problem.tolerance[areas][:, None]
    high = q_obs + problem.tolerance[areas][:, None]
    centre = problem.centre[areas][:, None]
    weights = None
    if not chunk.equal:
        positions = problem.indptr[areas][None, :] + np.arange(k)[:, None]
        weights = problem.weights[positions].reshape(k, m, 1, *(1 for _ in tail))
    focal = None if problem.focal is None else problem.focal[areas].reshape(1, m, 1)
    sampler = _sampler(k, n if problem.total else n - 1)

    greater = np.zeros((m, *tail), dtype=np.int64)
    lesser = np.zeros((m, *tail), dtype=np.int64)
    total = np.zeros((m, *tail))
    squares = np.zeros((m, *tail))
    done = 0
    while done < permutations:
        b = min(per_block, permutations - done)
        index = sampler(rng, m * b).reshape(k, m, b)
        if offset is not None:
            index += offset
        drawn = problem.doubled.take(index, axis=0) if tail else problem.doubled.take(index)
        if focal is not None:
            np.subtract(drawn, focal, out=drawn)
            np.multiply(drawn, drawn, out=drawn)
        if weights is not None:
            np.multiply(drawn, weights, out=drawn)
        q = drawn.sum(axis=0) if k > 1 else drawn[0]
        greater += (q >= low).sum(axis=1)
        lesser += (q <= high).sum(axis=1)
        q = q - centre
        total += q.sum(axis=1)
        np.multiply(q, q, out=q)
        squares += q.sum(axis=1)
        done += b
    return greater, lesser, total, squares


# --------------------------------------------------------------------------------------------
# Sampling k distinct integers out of s, many times at once
# --------------------------------------------------------------------------------------------

_Sampler = Callable[[np.random.Generator, int], "NDArray[np.int64]"]


def _sampler(k: int, s: int) -> _Sampler:
    """A function drawing ``rows`` ordered ``k``-tuples of distinct integers in ``[0, s)``, shape ``(k, rows)``.

    Up to :data:`REJECTION_MAX_K`: rejection (draw, redraw rows with a
    repeat) when a row is distinct with probability at least 0.1, otherwise
    the ``k`` smallest of ``s`` random keys per row (these draws are what
    every published figure was computed with: they stay as they are).
    Above it: redrawing only the repeated places (:func:`_sample_redraw`)
    while ``8 k <= s``, the keys beyond (measured: at ``s`` about ``5 k``
    the two cost the same).
    """
    if k > s:
        raise AnalysisError(messages.line("engine_area_k_neighbours_but", k=k, s=s))
    if k > REJECTION_MAX_K:
        if 8 * k <= s:
            return lambda rng, rows: _sample_redraw(rng, k, rows, s)
        return lambda rng, rows: _sample_keys(rng, k, rows, s)
    accept = math.prod(1.0 - j / s for j in range(k))
    if accept >= 0.1:
        return lambda rng, rows: _sample_rejection(rng, k, rows, s)
    return lambda rng, rows: _sample_keys(rng, k, rows, s)


def _repeats(index: NDArray[np.int64]) -> NDArray[np.bool_]:
    """Rows (columns of ``index``, shape ``(k, rows)``) in which an integer occurs twice.

    Position ``a`` is compared with all earlier positions in one call: fewer
    calls means less time holding the GIL between NumPy's loops.
    """
    k, rows = index.shape
    bad = np.zeros(rows, dtype=bool)
    for a in range(1, k):
        np.logical_or(bad, (index[:a] == index[a]).any(axis=0), out=bad)
    return bad


def _sample_rejection(rng: np.random.Generator, k: int, rows: int, s: int) -> NDArray[np.int64]:
    index = rng.integers(0, s, size=(k, rows), dtype=np.int64)
    todo = np.flatnonzero(_repeats(index))
    while todo.size:
        fresh = rng.integers(0, s, size=(k, todo.size), dtype=np.int64)
        bad = _repeats(fresh)
        index[:, todo[~bad]] = fresh[:, ~bad]
        todo = todo[bad]
    return index


def _sample_redraw(rng: np.random.Generator, k: int, rows: int, s: int) -> NDArray[np.int64]:
    """``rows`` ordered ``k``-tuples of distinct integers in ``[0, s)``: draw all, redraw only the repeats.

    Every place is drawn uniformly; in each row, every place whose value an
    earlier place already holds is drawn again, and again, until the row is
    distinct. That costs a sort of the row (``O(k log k)``) and a few
    redraws, instead of the ``O(s)`` of the keys or the whole-row rejection
    that almost never succeeds at ``k`` of a hundred and more.

    Why the result is uniform over the ordered ``k``-tuples of distinct
    values: which places are drawn again depends only on which places hold
    equal values (and on which places were drawn before), never on the values
    themselves, and every fresh value is uniform on ``[0, s)``, independent
    of the rest. Relabelling the values by any permutation ``pi`` of
    ``[0, s)`` therefore maps one run of the procedure onto an equally likely
    run, so the output ``t`` and ``pi(t)`` are equally likely. The symmetric
    group acts transitively on the ordered ``k``-tuples of distinct values
    (any one is mapped onto any other by some ``pi``), so all of them are
    equally likely: the distribution is the uniform one, exactly as the
    whole-row rejection's. (``tests/test_engine.py`` checks it by chi-square.)
    """
    index = rng.integers(0, s, size=(rows, k), dtype=np.int64)
    # Sort value and place together (the value in the high bits, the place in the low ones, in 32 bits
    # when they fit: a third faster): equal values end up side by side, the earliest place first.
    bits = (k - 1).bit_length()
    kind: type[np.signedinteger[Any]] = np.int32 if s << bits < 1 << 31 else np.int64
    keys = np.left_shift(index.astype(kind), bits) | np.arange(k, dtype=kind)
    keys.sort(axis=1)
    value = keys >> bits
    row, col = np.nonzero(value[:, 1:] == value[:, :-1])
    place = (keys[:, 1:][row, col] & ((1 << bits) - 1)).astype(np.int64)
    while row.size:
        fresh = rng.integers(0, s, size=row.size, dtype=np.int64)
        index[row, place] = fresh
        # A fresh value that meets any other place of its row (an old one or another fresh one) is drawn again.
        clash = np.count_nonzero(index[row] == fresh[:, None], axis=1) > 1
        row, place = row[clash], place[clash]
    return index.T


def _sample_keys(rng: np.random.Generator, k: int, rows: int, s: int) -> NDArray[np.int64]:
    out = np.empty((k, rows), dtype=np.int64)
    step = max(1, (1 << 17) // s)
    for start in range(0, rows, step):
        r = min(step, rows - start)
        keys = np.asarray(rng.bit_generator.random_raw(r * s), dtype=np.uint64).reshape(r, s)
        smallest = np.argpartition(keys, k - 1, axis=1)[:, :k] if k < s else np.argsort(keys, axis=1)
        order = np.argsort(np.take_along_axis(keys, smallest, axis=1), axis=1)
        out[:, start:start + r] = np.take_along_axis(smallest, order, axis=1).T
    return out


# --------------------------------------------------------------------------------------------
# Global Moran
# --------------------------------------------------------------------------------------------


def _global_chunk(matrix: sp.csr_array, z: NDArray[np.float64], factor: float, count: int,
                  seed: np.random.SeedSequence, *, fixed: NDArray[np.float64] | None = None) -> NDArray[np.float64]:
    rng = np.random.Generator(np.random.SFC64(seed))
    shuffled = np.repeat(z[:, None], count, axis=1)
    rng.permuted(shuffled, axis=0, out=shuffled)
    lag = matrix @ shuffled
    if fixed is None:
        return np.asarray(factor * np.einsum("ij,ij->j", shuffled, lag), dtype=np.float64)
    return np.asarray(factor * (fixed @ lag), dtype=np.float64)


# --------------------------------------------------------------------------------------------
# Many periods at once: one draw for all of them
# --------------------------------------------------------------------------------------------
#
# The draws depend on the weights, the seed and the chunk, never on the values: every period of a
# series on the same areas already drew the same neighbour indices, once per period. The functions
# below draw them once and evaluate every period against each draw (gathering all periods' values
# of a drawn area at once, from one row of a rows x periods array). The counts G and L, and so the
# p-values, are the ones of one call per period, exactly; the simulated mean and standard deviation
# may differ in the last bits (sums in another order).

_MEMORY: ContextVar[dict[tuple[Any, ...], Any] | None] = ContextVar("vmgeo_engine_memory", default=None)


@contextmanager
def remembered() -> Iterator[None]:
    """Inside the block, results of :func:`local_moran_periods`, :func:`gi_star_periods` and
    :func:`global_moran_periods` are kept, and :func:`local_moran`, :func:`gi_star` and
    :func:`global_moran` called with the same values, weights, permutations, seed (and scheme)
    return them instead of drawing again (a series computes all its periods at once, then runs
    its per-period analysis as before).
    """
    token = _MEMORY.set({})
    try:
        yield
    finally:
        _MEMORY.reset(token)


def _key(statistic: str, values: NDArray[np.float64], matrix: sp.csr_array, permutations: int, seed: int,
         scheme: str) -> tuple[Any, ...] | None:
    if _MEMORY.get() is None:
        return None
    import hashlib

    digest = hashlib.blake2b(digest_size=16)
    for part in (values, matrix.indptr, matrix.indices, matrix.data):
        digest.update(np.ascontiguousarray(part).tobytes())
    return (statistic, digest.hexdigest(), permutations, seed, scheme)


def _recalled(key: tuple[Any, ...] | None) -> Any:
    """The result remembered under ``key``, handed out once (and then forgotten: it is the caller's now)."""
    memory = _MEMORY.get()
    return None if memory is None or key is None else memory.pop(key, None)


def _remember(key: tuple[Any, ...] | None, result: Any) -> None:
    memory = _MEMORY.get()
    if memory is not None and key is not None:
        memory[key] = result


def local_moran_periods(
    ys: Sequence[NDArray[np.floating] | Sequence[float]],
    w: sp.sparray | sp.spmatrix,
    *,
    permutations: int = DEFAULT_PERMUTATIONS,
    seed: int = DEFAULT_SEED,
    n_jobs: int | None = None,
    scheduler: Any = None,
) -> list[LocalResult]:
    """:func:`local_moran` of every period in ``ys`` on the same weights, drawing each permutation once.

    Parameters
    ----------
    ys
        One array of values per period, each in the order of the rows of ``w``.
    w
        Row-standardised weights, as for :func:`local_moran`.
    permutations, seed, n_jobs, scheduler
        As for :func:`local_moran`.

    Returns
    -------
    list of LocalResult
        One per period: the counts and p-values of :func:`local_moran` on
        that period alone, exactly (the same draws).

    Raises
    ------
    AnalysisError
        If a period's values are constant or not finite, or the periods differ in length.
    OptionError
        For a bad option or weights that are not row-standardised.
    """
    values = _periods(ys)
    matrix = _matrix(w, len(values[0]), "local_moran")
    permutations, seed, jobs = _options(permutations, seed, n_jobs)
    built = (_moran_problem(z, z, matrix) for z in (_standardise(v, "y") for v in values))
    results = _local_periods(built, permutations, seed, jobs, LISA_PERMUTATION, scheduler)
    for v, result in zip(values, results):
        _remember(_key("local_moran", v, matrix, permutations, seed, LISA_PERMUTATION), result)
    return results


def gi_star_periods(
    ys: Sequence[NDArray[np.floating] | Sequence[float]],
    w: sp.sparray | sp.spmatrix,
    *,
    permutations: int = DEFAULT_PERMUTATIONS,
    seed: int = DEFAULT_SEED,
    n_jobs: int | None = None,
    scheme: Scheme = GI_PERMUTATION,
    scheduler: Any = None,
) -> list[LocalResult]:
    """:func:`gi_star` of every period in ``ys`` on the same weights, drawing each permutation once.

    Parameters
    ----------
    ys
        One array of values per period, each in the order of the rows of ``w``.
    w
        Binary weights with the diagonal, as for :func:`gi_star`.
    permutations, seed, n_jobs, scheme, scheduler
        As for :func:`gi_star`.

    Returns
    -------
    list of LocalResult
        One per period, with the counts and p-values of :func:`gi_star` on that period alone.

    Raises
    ------
    AnalysisError
        If a period's values are constant, not finite or sum to 0, or the periods differ in length.
    OptionError
        For a bad option or weights that are not binary with the diagonal.
    """
    values = _periods(ys)
    matrix = _matrix(w, len(values[0]), "gi_star")
    permutations, seed, jobs = _options(permutations, seed, n_jobs)
    if scheme not in PERMUTATION_SCHEMES:
        raise OptionError(messages.line("engine_unknown_permutation_scheme_scheme", scheme=scheme,
                                        or_join_permutation_=messages.line("or_").join(PERMUTATION_SCHEMES)))
    for v in values:  # every period's refusal (a constant, a sum of 0) before any draw
        _standardise(v, "y")
    results = _local_periods((_gi_problem(v, matrix, scheme) for v in values), permutations, seed, jobs, scheme,
                             scheduler)
    for v, result in zip(values, results):
        _remember(_key("gi_star", v, matrix, permutations, seed, scheme), result)
    return results


def global_moran_periods(
    ys: Sequence[NDArray[np.floating] | Sequence[float]],
    w: sp.sparray | sp.spmatrix,
    *,
    permutations: int = DEFAULT_PERMUTATIONS,
    seed: int = DEFAULT_SEED,
    n_jobs: int | None = None,
    scheduler: Any = None,
) -> list[GlobalResult]:
    """:func:`global_moran` of every period in ``ys`` on the same weights, each permutation drawn once.

    Parameters
    ----------
    ys
        One array of values per period.
    w
        Weights, as for :func:`global_moran`.
    permutations, seed, n_jobs, scheduler
        As for :func:`global_moran`.

    Returns
    -------
    list of GlobalResult
        One per period: the permutations of :func:`global_moran` on that period alone.

    Raises
    ------
    AnalysisError
        If a period's values are constant or not finite, or the periods differ in length.
    OptionError
        For a bad option.
    """
    values = _periods(ys)
    matrix = _matrix(w, len(values[0]), "global_moran")
    permutations, seed, jobs = _options(permutations, seed, n_jobs)
    terms = [_global_moran_terms(v, matrix) for v in values]
    zs = np.column_stack([z for z, _ in terms])
    factors = np.array([f for _, f in terms])
    n = zs.shape[0]
    per_chunk = max(1, min(512, (1 << 18) // n))
    counts = [min(per_chunk, permutations - start) for start in range(0, permutations, per_chunk)]
    seeds = np.random.SeedSequence(seed).spawn(len(counts))

    columns = np.ascontiguousarray(zs.T)  # each period's values side by side, once, not per draw

    def run(task: tuple[int, np.random.SeedSequence]) -> NDArray[np.float64]:
        return _global_chunk_periods(matrix, columns, factors, task[0], task[1])

    sims = np.concatenate(_parallel(run, list(zip(counts, seeds)), jobs, work=permutations * matrix.nnz,
                                    scheduler=scheduler), axis=0)
    results = []
    for t, (v, (z, factor)) in enumerate(zip(values, terms)):
        result = _global_result(matrix, z, None, factor, sims[:, t], expected=-1.0 / (n - 1),
                                permutations=permutations, seed=seed)
        _remember(_key("global_moran", v, matrix, permutations, seed, ""), result)
        results.append(result)
    return results


def _periods(ys: Sequence[NDArray[np.floating] | Sequence[float]]) -> list[NDArray[np.float64]]:
    values = [_values(y, "y") for y in ys]
    if not values:
        raise AnalysisError(messages.line("engine_name_len_values_value", name="ys", len_values=0))
    for v in values[1:]:
        if len(v) != len(values[0]):
            raise AnalysisError(messages.line("engine_x_len_xs_values", len_xs=len(values[0]), len_ys=len(v)))
    return values


def _local_periods(built: Iterable[tuple[_Problem, NDArray[np.float64]]], permutations: int,
                   seed: int, jobs: int, scheme: Scheme, scheduler: Any) -> list[LocalResult]:
    """:func:`_local` of problems that differ only in their values: one draw, every period evaluated.

    ``built`` yields each period's problem and statistic; only the parts that depend on the values
    are kept of each (the weights' parts of 12 problems at 400,000 areas were a few hundred MB).
    """
    first: _Problem | None = None
    parts: dict[str, list[NDArray[Any]]] = {name: [] for name in _PER_PERIOD}
    statistics: list[NDArray[np.float64]] = []
    for problem, statistic in built:
        first = problem if first is None else first
        for name in _PER_PERIOD:
            parts[name].append(getattr(problem, name))
        statistics.append(statistic)
    assert first is not None
    columns: dict[str, Any] = {name: np.column_stack(arrays) for name, arrays in parts.items()}
    stacked = replace(first, **columns)
    del parts
    n, periods = len(statistics[0]), len(statistics)
    chunks = _chunks(first, seed)

    def run(chunk: _Chunk) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64], NDArray[np.float64]]:
        return _local_chunk(stacked, chunk, permutations)

    above = np.zeros((n, periods), dtype=np.int64)
    below = np.zeros((n, periods), dtype=np.int64)
    total = np.zeros((n, periods))
    squares = np.zeros((n, periods))
    work = permutations * int(first.cardinality.sum()) * periods
    for chunk, (ge, le, s1, s2) in zip(chunks, _parallel(run, chunks, jobs, work, scheduler=scheduler)):
        above[chunk.areas] = ge
        below[chunk.areas] = le
        total[chunk.areas] = s1
        squares[chunk.areas] = s2
    return [_result(replace(first, slope=stacked.slope[:, t], centre=stacked.centre[:, t],
                            intercept=stacked.intercept[:, t]),
                    s, (above[:, t], below[:, t], total[:, t], squares[:, t]), permutations, seed, scheme)
            for t, s in enumerate(statistics)]


#: The fields of a :class:`_Problem` that depend on the values (one column per period when stacked).
_PER_PERIOD = ("doubled", "q_observed", "slope", "intercept", "centre", "tolerance")


def _global_chunk_periods(matrix: sp.csr_array, columns: NDArray[np.float64], factors: NDArray[np.float64],
                          count: int, seed: np.random.SeedSequence) -> NDArray[np.float64]:
    """The ``count`` permutations of :func:`_global_chunk` with this seed, for every period: (count, periods).

    ``columns`` holds each period's values in a row of its own (periods x n): a period's values are read
    where they lie together (a column of the rows x periods array, copied out for every draw, was a
    third of the time at 400,000 areas).
    """
    rng = np.random.Generator(np.random.SFC64(seed))
    n = columns.shape[1]
    # The same shuffles as _global_chunk draws: rng.permuted moves places, whatever they hold.
    places = np.repeat(np.arange(n)[:, None], count, axis=1)
    rng.permuted(places, axis=0, out=places)
    out = np.empty((count, columns.shape[0]))
    for t in range(columns.shape[0]):
        shuffled = columns[t][places]
        lag = matrix @ shuffled
        out[:, t] = factors[t] * np.einsum("ij,ij->j", shuffled, lag)
    return out


# --------------------------------------------------------------------------------------------
# Workers
# --------------------------------------------------------------------------------------------


#: Drawn values (permutations x neighbours, summed over areas) from which a fork pool pays off.
FORK_WORK = 20_000_000

_FORKED: tuple[Callable[[object], object], Sequence[object]] | None = None


def _can_fork() -> bool:
    """Fork only where it is safe: Linux, and no other Python thread that could hold a lock in the child."""
    import multiprocessing
    import sys
    import threading

    return (sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()
            and threading.active_count() == 1)


def _quiet_worker() -> None:
    """A forked worker ends on SIGTERM as a plain process does; Ctrl-C is the parent's to handle.

    It inherits the CLI's SIGTERM handler (which unwinds the parent like Ctrl-C); when the
    pool stops its workers, that would print a traceback from each.
    """
    import signal

    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _call_forked(i: int) -> object:
    assert _FORKED is not None
    func, tasks = _FORKED
    return func(tasks[i])


def _parallel(func: Callable[[_T], _R], tasks: list[_T], jobs: int, work: int, *, scheduler: Any = None
              ) -> list[_R]:
    """``[func(t) for t in tasks]`` on ``jobs`` workers, or on a Dask cluster, in order.

    A pool of forked processes for large work (``work`` drawn values, at
    least :data:`FORK_WORK`) when forking is safe, threads otherwise. NumPy
    releases the GIL inside every step of the loop, but the Python between
    the steps holds it, and with two threads the handovers cost: at 14,000
    areas two threads ran 1.35 times as fast as one, two forked processes 1.69
    times (``benchmarks/engine_workers.py``). The children inherit the
    problem through fork and send back only their counts; each task's result
    depends on the task alone, so both ways give identical results, and so
    does a Dask cluster (``scheduler``, or that of an enclosing
    :func:`distributed` block; see :func:`_on_dask`).
    """
    global _FORKED
    scheduler = _SCHEDULER.get() if scheduler is None else scheduler
    if scheduler is not None and tasks:
        return _on_dask(func, tasks, scheduler)
    jobs = min(jobs, len(tasks))
    if jobs <= 1:
        return [func(t) for t in tasks]
    if work >= FORK_WORK and _can_fork():
        import multiprocessing

        _FORKED = (func, tasks)  # type: ignore[assignment]
        try:
            with multiprocessing.get_context("fork").Pool(jobs, initializer=_quiet_worker) as pool:
                return pool.map(_call_forked, range(len(tasks)), chunksize=1)  # type: ignore[arg-type]
        finally:
            _FORKED = None
    with ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="vmgeo-engine") as pool:
        return list(pool.map(func, tasks))


# --------------------------------------------------------------------------------------------
# A Dask cluster
# --------------------------------------------------------------------------------------------

#: Dask tasks per worker. A task runs a run of consecutive chunks: a 400,000-area map has
#: about 6,000 chunks of 64 areas, and as many tasks would cost the scheduler more than they run.
DASK_TASKS_PER_WORKER = 4

_SCHEDULER: ContextVar[Any] = ContextVar("vmgeo_engine_scheduler", default=None)


@contextmanager
def distributed(scheduler: Any) -> Iterator[Any]:
    """Run the permutations of every engine call inside the block on a Dask cluster.

    For callers that reach the engine through functions that do not pass
    ``scheduler=`` on (``geo.analysis.analyse`` through ``geo.stats``)::

        with engine.distributed("tcp://scheduler:8786"):
            result = analyse(prepared, permutations=999)

    The connection is opened once for the block (and closed after it, unless
    a ``Client`` was given). An explicit ``scheduler=`` in a call wins.

    Parameters
    ----------
    scheduler
        The address of a Dask distributed scheduler, a
        ``dask.distributed.Client``, or ``None`` (everything stays in process).

    Yields
    ------
    dask.distributed.Client or None
        The client the block uses.

    Raises
    ------
    OptionError
        Without ``dask[distributed]``, or when the scheduler cannot be reached.
    """
    if scheduler is None:
        yield None
        return
    with _dask.client(scheduler) as client:
        token = _SCHEDULER.set(client)
        try:
            yield client
        finally:
            _SCHEDULER.reset(token)


def _run_batch(func: Callable[[_T], _R], batch: list[_T]) -> list[_R]:
    _keep_freed_memory()
    return [func(task) for task in batch]


_MALLOC_TUNED = False


def _keep_freed_memory() -> None:
    """On a Dask worker, keep freed blocks for the next step instead of handing them back to the system.

    The engine allocates and frees arrays of about 0.5 MB at every step. A Dask task runs in a thread
    other than the main one, where glibc serves them from a per-thread arena that it trims at every
    free, so every block is paid for again in page faults: measured, 0.47 s of system time on top of
    0.85 s of work, which the main thread does not pay (glibc raises its thresholds as it goes). This
    sets once per worker process the values glibc's own adjustment stops at on 64-bit systems (mmap
    threshold 32 MB, trim threshold 64 MB). Elsewhere than glibc it does nothing.
    """
    global _MALLOC_TUNED
    if _MALLOC_TUNED:
        return
    _MALLOC_TUNED = True
    import ctypes
    import sys

    if not sys.platform.startswith("linux"):
        return
    try:
        mallopt = ctypes.CDLL("libc.so.6").mallopt
    except (OSError, AttributeError):  # not glibc (musl, ...)
        return
    m_trim_threshold, m_mmap_threshold = -1, -3
    mallopt(m_trim_threshold, 64 << 20)
    mallopt(m_mmap_threshold, 32 << 20)


def _on_dask(func: Callable[[_T], _R], tasks: list[_T], scheduler: Any) -> list[_R]:
    """``[func(t) for t in tasks]`` on the workers of a Dask cluster, gathered in task order.

    ``func`` (a closure holding the problem: values, weights, per-area
    constants) is sent to every worker once; the tasks (chunks: areas and
    their seed) go in runs of consecutive chunks, :data:`DASK_TASKS_PER_WORKER`
    runs per worker. A chunk's counts depend on the chunk alone (its own
    seeded stream), so the result is the one in process, whatever the
    number of workers or the order in which they finish.
    """
    with _dask.client(scheduler) as client:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        size = -(-len(tasks) // (workers * DASK_TASKS_PER_WORKER))
        batches = [tasks[start:start + size] for start in range(0, len(tasks), size)]
        remote = client.scatter(func, broadcast=True, hash=False)
        futures = [client.submit(_run_batch, remote, batch, pure=False) for batch in batches]
        # gather keeps the order of the futures, and re-raises a worker's error as it was.
        return [result for part in client.gather(futures) for result in part]
