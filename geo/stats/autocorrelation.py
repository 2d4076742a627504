"""Global spatial autocorrelation: Moran's I with permutation inference."""

from __future__ import annotations

import logging
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .. import messages
from ..errors import AnalysisError
from ..settings import DEFAULT_PERMUTATIONS, DEFAULT_SEED
from ._inference import DictView, min_pseudo_p

if TYPE_CHECKING:
    import geopandas as gpd

    from ..weights import SpatialWeights

log = logging.getLogger("geo")


@dataclass(frozen=True)
class MoranTest(DictView):
    """Global Moran's I and its tests.

    Reads as the dict of earlier versions (``result["p"]``); :meth:`as_dict`
    gives exactly its keys: ``I``, ``expected``, ``z_norm``, ``p_norm``,
    ``n``, ``permutations``, ``z``, ``p`` and, with permutations, ``p_min``.

    Attributes
    ----------
    statistic
        Moran's I (``I``).
    expected
        Its expectation under the null, ``-1 / (n - 1)``.
    z, p
        z-score against the permutation distribution and the two-sided pseudo
        p-value; without permutations the normal approximation's.
    z_norm, p_norm
        Normal approximation (randomisation assumption), two-sided.
    n
        Areas analysed.
    permutations, seed
        Random permutations of all values (0: none) and their seed.
    p_min
        The smallest attainable p, ``2/(P+1)``; ``None`` without permutations.
    """

    statistic: float
    expected: float
    z: float
    p: float
    z_norm: float
    p_norm: float
    n: int
    permutations: int
    seed: int
    p_min: float | None = None

    def as_dict(self) -> dict[str, Any]:
        """The ``moran`` part of ``summary.json`` (and more), keys as they always were."""
        out: dict[str, Any] = {"I": self.statistic, "expected": self.expected, "z_norm": self.z_norm,
                               "p_norm": self.p_norm, "n": self.n, "permutations": self.permutations,
                               "z": self.z, "p": self.p}
        if self.permutations:
            out["p_min"] = self.p_min
        return out


def global_moran(
    gdf: "gpd.GeoDataFrame",
    column: str,
    *,
    weights: "SpatialWeights",
    permutations: int = DEFAULT_PERMUTATIONS,
    seed: int = DEFAULT_SEED,
) -> MoranTest:
    """Global Moran's I of ``column`` with row-standardised weights.

    Parameters
    ----------
    gdf
        The frame the weights were built for.
    column
        Numeric column without missing values on the analysed rows.
    weights
        From :func:`geo.weights.build`.
    permutations
        Number of random permutations for the pseudo p-value.
    seed
        Seed of the permutations, so that a run can be repeated exactly.

    Returns
    -------
    MoranTest
        I, its expectation, the permutation test (vmgeo's engine) and the
        normal approximation (esda's).
    """
    from . import engine

    y = _values(gdf, column, weights)
    # The statistic and its normal approximation as esda's Moran(transformation="r", two_tailed=True)
    # computes them, from the sparse matrix (esda's moments walk libpysal's W in Python: tens of seconds
    # at 400,000 squares); vmgeo's engine does the permutation test, seeded, in plain NumPy.
    matrix = engine.weights_matrix(weights.w, "global_moran")
    moments = _MOMENTS.get(weights.w)
    if moments is None:  # the weights' own: a series computes them once for all its periods
        moments = _MOMENTS[weights.w] = _moments(matrix)
    statistic, expected, z_norm, p_norm = _moran_normal(y, matrix, moments=moments)
    if not permutations:
        return MoranTest(statistic=statistic, expected=expected, z=z_norm, p=p_norm, z_norm=z_norm,
                         p_norm=p_norm, n=len(y), permutations=0, seed=int(seed))
    tested = engine.global_moran(y, matrix, permutations=permutations, seed=seed)
    return MoranTest(statistic=statistic, expected=expected, z=float(tested.z), p=float(tested.p),
                     z_norm=z_norm, p_norm=p_norm, n=len(y), permutations=int(permutations), seed=int(seed),
                     p_min=min_pseudo_p(permutations))


#: ``s0``, ``s1`` and ``s2`` of the row-standardised matrix of a ``W`` (held weakly, as the engine holds
#: its matrices): the same for every period of a series.
_MOMENTS: "weakref.WeakKeyDictionary[Any, tuple[float, float, float]]" = weakref.WeakKeyDictionary()


def _moments(matrix: "Any") -> tuple[float, float, float]:
    """libpysal's ``s0``, ``s1`` and ``s2`` of a CSR weights matrix."""
    import numpy as np

    s0 = float(matrix.sum())
    both = matrix + matrix.T
    s1 = float(both.multiply(both).sum()) / 2.0
    s2 = float(((np.asarray(matrix.sum(axis=1)).ravel() + np.asarray(matrix.sum(axis=0)).ravel()) ** 2).sum())
    return s0, s1, s2


def _moran_normal(y: "Any", matrix: "Any", *, moments: tuple[float, float, float] | None = None
                  ) -> tuple[float, float, float, float]:
    """Moran's I, its expectation, and its two-sided test under the normality assumption, as esda's ``Moran``.

    ``matrix`` is the (row-standardised) CSR weights matrix; ``s0``, ``s1`` and ``s2`` are
    libpysal's (``moments``, when known: :func:`_moments`), ``VI_norm`` esda's (Cliff and Ord):
    ``z_norm = (I - EI) / sqrt(VI_norm)``.
    """
    import numpy as np
    from scipy.stats import norm

    n = len(y)
    z = y - y.mean()
    s0, s1, s2 = moments if moments is not None else _moments(matrix)
    statistic = float(n / s0 * float(z @ (matrix @ z)) / float(z @ z))
    expected = -1.0 / (n - 1)
    variance = (n * n * s1 - n * s2 + 3 * s0 * s0) / ((n - 1) * (n + 1) * s0 * s0) - (1.0 / (n - 1)) ** 2
    with np.errstate(divide="ignore", invalid="ignore"):  # no variance (a tiny graph): inf or NaN, as esda's
        z_norm = np.float64(statistic - expected) / np.sqrt(np.float64(variance))
    return statistic, expected, float(z_norm), float(2 * norm.sf(abs(z_norm)))


def _values(gdf: "gpd.GeoDataFrame", column: str, weights: "SpatialWeights") -> "Any":
    import numpy as np

    if len(gdf) != len(weights.analysed):
        raise AnalysisError(messages.line("autocorr_weights_were_built_another"))
    y = gdf[column].to_numpy(dtype=float)[weights.analysed]
    if not np.isfinite(y).all():
        raise AnalysisError(messages.line("autocorr_column_column_r_missing", column=column))
    if np.nanstd(y) == 0:
        raise AnalysisError(
            messages.line("autocorr_all_values_column_r", column=column, y_0=y[0])
        )
    return y
