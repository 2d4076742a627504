"""Permutation p-values and corrections for multiple testing, shared by the statistics.

Every local statistic tests each area: with 342 gemeenten at alpha 0.05,
about 17 would look significant on pure noise. ``--correction`` chooses
what to do about it:

==============  ==============================================================
``none``        each area at ``alpha`` (GeoDa's and ArcGIS's default)
``bonferroni``  each area at ``alpha / n``: the chance of any false positive
                stays below ``alpha``
``fdr``         Benjamini-Hochberg: the expected share of false positives
                among the areas called significant stays below ``alpha``
==============  ==============================================================

A pseudo p-value cannot be smaller than ``2/(P+1)`` (two-sided), so a
correction may be impossible to pass with the permutations given;
:func:`correction_note` says so and how many permutations it needs.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from .. import messages, text
from ..errors import OptionError

if TYPE_CHECKING:
    import numpy as np


class DictView(Mapping[str, Any]):
    """A typed result that reads as the dict it replaced: ``result["p"]``, ``{**result}``, ``dict(result)``.

    Subclasses are frozen dataclasses and say in :meth:`as_dict` exactly which
    keys (in which order) ``summary.json`` has always had, so the file stays
    the same while the code reads attributes.
    """

    __slots__ = ()

    def as_dict(self) -> dict[str, Any]:
        """The keys and values as ``summary.json`` writes them."""
        raise NotImplementedError

    def __getitem__(self, key: str) -> Any:
        return self.as_dict()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.as_dict())

    def __len__(self) -> int:
        return len(self.as_dict())


def two_sided_p(greater: "np.ndarray | int", lesser: "np.ndarray | int", permutations: int) -> "np.ndarray | float":
    """Two-sided pseudo p-value from the tail counts of a permutation test: the one definition in vmgeo.

    ``min(1, 2 * (min(G, L) + 1) / (P + 1))``, where ``G`` and ``L`` count the
    simulated values at least and at most the observed one (values equal up to
    rounding count in both) and ``P`` is the number of permutations. This is
    esda's one-sided ``calculate_significance`` (``alternative='greater'`` and
    ``'lesser'``) made two-sided by doubling the smaller tail; its smallest
    value is 2/(P+1).

    esda 2.9's own ``alternative='two-sided'`` locates the observed value by
    percentiles, which counts the most extreme simulations themselves (its
    smallest p-value is 3/(P+1)) and can exceed 1 when the reference
    distribution is constant (pysal/esda#514); the doubled tail has neither
    problem.

    Parameters
    ----------
    greater, lesser
        ``G`` and ``L``, per test (arrays) or for one test (whole numbers).
    permutations
        ``P``, at least 1.

    Returns
    -------
    numpy.ndarray or float
        A float for whole-number counts, an array otherwise.
    """
    import numpy as np

    p = np.minimum(1.0, 2.0 * (np.minimum(greater, lesser) + 1) / (permutations + 1))
    return float(p) if np.ndim(p) == 0 else p


def min_pseudo_p(permutations: int) -> float:
    """The smallest two-sided pseudo p-value ``P`` permutations can give: ``2/(P+1)``.

    A one-sided (or esda "directed") pseudo p-value can reach ``1/(P+1)``;
    the two-sided one used throughout vmgeo is twice a tail.
    """
    return 2.0 / (permutations + 1)


def fdr_significant(p: "np.ndarray", alpha: float) -> "np.ndarray":
    """Benjamini-Hochberg step-up: which p-values are significant at FDR ``alpha``.

    Uses SciPy's ``false_discovery_control`` (adjusted p-values, step-up) and
    keeps those at or below ``alpha``. NaN p-values are never significant
    and do not count towards the number of tests.
    """
    import numpy as np
    from scipy.stats import false_discovery_control

    p = np.asarray(p, dtype=float)
    out = np.zeros(p.shape, dtype=bool)
    finite = np.isfinite(p)
    if finite.any():
        adjusted = false_discovery_control(np.clip(p[finite], 0.0, 1.0), method="bh")
        out[finite] = adjusted <= alpha
    return out


CORRECTIONS = ("none", "bonferroni", "fdr")


def check_correction(correction: str) -> str:
    """``correction`` when it is one vmgeo knows."""
    if correction not in CORRECTIONS:
        raise OptionError(messages.line("inference_unknown_correction_correction_r", correction=correction,
                                        join_corrections=', '.join(CORRECTIONS)))
    return correction


def significant(p: "np.ndarray", alpha: float, *, correction: str = "none") -> "np.ndarray":
    """Which p-values are significant at ``alpha`` after ``correction``; NaN never is.

    Parameters
    ----------
    p
        Two-sided p-values (NaN for areas not tested).
    alpha
        The level: per test (``none``), family-wise (``bonferroni``) or the
        false discovery rate (``fdr``).
    correction
        One of :data:`CORRECTIONS`.
    """
    import numpy as np

    check_correction(correction)
    p = np.asarray(p, dtype=float)
    if correction == "fdr":
        return fdr_significant(p, alpha)
    finite = np.isfinite(p)
    level = alpha / max(int(finite.sum()), 1) if correction == "bonferroni" else alpha
    return finite & (np.nan_to_num(p, nan=1.0) <= level)


def permutations_needed(n_tests: int, alpha: float, *, correction: str = "none") -> int:
    """The fewest permutations with which the smallest two-sided pseudo p can pass ``correction`` at ``alpha``.

    The smallest attainable p is 2/(P+1); under Bonferroni (and for the
    first rejection under Benjamini-Hochberg) it must be at most alpha/n.
    """
    level = alpha / max(n_tests, 1) if correction in ("bonferroni", "fdr") else alpha
    return max(1, math.ceil(2.0 / level - 1.0 - 1e-9))


def correction_note(n_tests: int, permutations: int, alpha: float, *, correction: str) -> str | None:
    """A note when ``correction`` is hard or impossible to pass with ``permutations``; ``None`` otherwise."""
    if correction == "fdr":
        return fdr_note(n_tests, permutations, alpha)
    if correction != "bonferroni" or n_tests <= 0 or not permutations:
        return None
    p_min = min_pseudo_p(permutations)
    if p_min <= alpha / n_tests:
        return None
    return (f"with {permutations} permutations the smallest two-sided pseudo p-value is 2/(P+1) = {p_min:.4g}; "
            f"the Bonferroni correction over {n_tests} areas at {alpha} needs p <= {alpha / n_tests:.3g} and can "
            f"never be passed: raise --permutations to at least "
            f"{permutations_needed(n_tests, alpha, correction='bonferroni')}")


def correction_warning(n_tests: int, permutations: int, alpha: float, *, correction: str,
                       statistic: str) -> "text.Say | None":
    """The log line, in the run's language, when ``correction`` is hard or impossible to pass."""
    if correction not in ("fdr", "bonferroni") or n_tests <= 0 or not permutations:
        return None
    p_min = min_pseudo_p(permutations)
    needed = permutations_needed(n_tests, alpha, correction=correction)
    fields = {"statistic": statistic, "permutations": permutations, "n": n_tests, "needed": needed,
              "floor": text.p_value(p_min, lang=text.log_lang())}
    if correction == "bonferroni":
        if p_min <= alpha / n_tests:
            return None
        return text.Say("w_correction_never", correction="Bonferroni", **fields)
    k = math.ceil(n_tests * p_min / alpha - 1e-12)
    if k <= 1:
        return None
    if k > n_tests:
        return text.Say("w_correction_never", correction="FDR", **fields)
    return text.Say("w_correction_hard", k=k, **fields)


def fdr_note(n_tests: int, permutations: int, alpha: float) -> str | None:
    """Explain when a BH correction is hard or impossible to pass with ``permutations``.

    With ``n`` tests, the k-th smallest p-value passes only if it is at most
    ``k * alpha / n``. No one-sided pseudo p-value is below ``1/(P+1)`` and no
    two-sided one below ``2/(P+1)``, so at least ``ceil(n * p_min / alpha)``
    units must reach that minimum before any can pass; if that is more than
    ``n``, none ever can.
    """
    if n_tests <= 0:
        return None
    p_min = min_pseudo_p(permutations)
    needed = math.ceil(n_tests * p_min / alpha - 1e-12)
    if needed <= 1:
        return None
    if needed > n_tests:
        return (
            f"with {permutations} permutations the smallest two-sided pseudo p-value is 2/(P+1) = {p_min:.4g}; "
            f"the FDR correction over {n_tests} areas at {alpha} can never be passed: raise --permutations "
            f"to at least {permutations_needed(n_tests, alpha, correction='fdr')}"
        )
    return (
        f"with {permutations} permutations the smallest two-sided pseudo p-value is 2/(P+1) = {p_min:.4g}; "
        f"the FDR correction over {n_tests} areas at {alpha} passes only when at least {needed} areas reach it; "
        f"with {permutations_needed(n_tests, alpha, correction='fdr')} permutations a single area can"
    )
