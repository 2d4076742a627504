"""Near repeat: do incidents follow each other close by and soon after more often than chance? (Knox test)

A burglary raises the risk for the houses around it for a few weeks
(Johnson and Bowers; the near-repeat calculator). The Knox test counts the
pairs of incidents that are close in space (at most ``distance`` metres
apart) *and* in time (at most ``days`` days apart) and compares that count
with what the pairs close in space and the pairs close in time give by
chance: ``expected = NS x NT / pairs``. Its p-value comes from permuting the
dates over the places (one-sided: near repeat is an excess of close pairs),
``(exceedances + 1) / (permutations + 1)``, so it is never below
``1 / (permutations + 1)``.

The statistic is pointpats' (:class:`pointpats.spacetime.Knox`, the PySAL
implementation; tests/test_nearrepeat.py checks the table, the expectation
and the permutation p-value against it, with the same draws). pointpats
builds a Python set of every temporal neighbour of every incident (for
20,000 burglaries over three years, 14 days: about ten million entries) and
walks them in Python for every permutation; vmgeo counts the same pairs with
numpy: the pairs close in space once (a KD-tree), the pairs close in time by
sorting, and each permutation as one vectorised comparison over the spatial
pairs. The draws are those of ``numpy.random.RandomState(seed)``, one
permutation after another as pointpats draws them, in one process: the
result does not depend on the number of workers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from . import messages, text
from .errors import AnalysisError, OptionError
from .incidents import Incidents
from .settings import DEFAULT_ALPHA, DEFAULT_PERMUTATIONS, DEFAULT_SEED

if TYPE_CHECKING:
    from numpy.typing import NDArray

#: Comparisons per permutation block (pairs x permutations), to keep memory flat.
BLOCK = 4_000_000


@dataclass(frozen=True)
class KnoxResult:
    """The Knox test of near repeat.

    ``observed`` pairs are close in space and time; ``expected`` is what the
    pairs close in space (``close_in_space``) and close in time
    (``close_in_time``) give among all ``pairs`` by chance; ``ratio`` their
    quotient (above 1: near repeat). ``p_sim`` is the one-sided permutation
    p-value, ``p_poisson`` the one-sided Poisson p ``P(X >= observed)``.
    """

    n: int
    distance: float
    days: int
    pairs: int
    close_in_space: int
    close_in_time: int
    observed: int
    expected: float
    p_sim: float
    p_poisson: float
    permutations: int
    seed: int
    exceedances: int

    @property
    def ratio(self) -> float:
        """Observed over expected close pairs (NaN when none are expected)."""
        return self.observed / self.expected if self.expected > 0 else math.nan

    @property
    def p_min(self) -> float:
        """The smallest p-value the permutations can give (one-sided)."""
        return 1.0 / (self.permutations + 1)

    def table(self) -> list[list[float]]:
        """The observed two-by-two table: close in space and time, in space only; in time only, neither."""
        s, t, st = self.close_in_space, self.close_in_time, self.observed
        return [[st, s - st], [t - st, self.pairs - s - t + st]]

    def report(self) -> dict[str, Any]:
        """The test for ``nearrepeat.json``: counts and p-values, never a coordinate or a date."""
        return {"test": "knox", "n": self.n, "distance_m": self.distance, "days": self.days, "pairs": self.pairs,
                "close_in_space": self.close_in_space, "close_in_time": self.close_in_time,
                "observed": self.observed, "expected": self.expected, "ratio": self.ratio, "p_sim": self.p_sim,
                "p_poisson": self.p_poisson, "p_min": self.p_min, "permutations": self.permutations,
                "seed": self.seed, "one_sided": True, "table": self.table()}

    def lines(self, *, lang: str = "nl", alpha: float = DEFAULT_ALPHA) -> list[str]:
        """A few lines for the terminal, in ``lang``."""
        num = text.number
        return [
            text.get("nr_counts", lang=lang, n=num(self.n, 0, lang=lang),
                     space=num(self.close_in_space, 0, lang=lang), time=num(self.close_in_time, 0, lang=lang)),
            text.get("nr_result", lang=lang, observed=num(self.observed, 0, lang=lang),
                     distance=num(self.distance, 0, lang=lang), days=num(self.days, 0, lang=lang),
                     expected=num(self.expected, 1, lang=lang), ratio=num(self.ratio, 2, lang=lang),
                     p=text.p_is(self.p_sim, lang=lang, floor=self.p_min),
                     permutations=num(self.permutations, 0, lang=lang)),
            text.get("nr_yes" if self.p_sim <= alpha and self.ratio > 1 else "nr_no", lang=lang),
        ]


def knox(incidents: Incidents, *, distance: float, days: int, permutations: int = DEFAULT_PERMUTATIONS,
         seed: int = DEFAULT_SEED) -> KnoxResult:
    """The Knox test of near repeat on ``incidents``.

    Parameters
    ----------
    incidents
        Incidents with dates (:func:`geo.incidents.read_incidents` with ``date=``).
    distance
        Pairs at most this many metres apart are close in space.
    days
        Pairs at most this many days apart are close in time.
    permutations
        Permutations of the dates over the places for the p-value.
    seed
        Seed of the permutations.

    Returns
    -------
    KnoxResult
    """
    if incidents.dates is None:
        raise OptionError(messages.line("nr_needs_dates", source=incidents.source))
    if not (math.isfinite(distance) and distance > 0):
        raise OptionError(messages.line("nr_bad_distance", distance=distance))
    if int(days) != days or days < 1:
        raise OptionError(messages.line("nr_bad_days", days=days))
    if int(permutations) != permutations or permutations < 1:
        raise OptionError(messages.line("nr_bad_permutations", permutations=permutations))
    n = len(incidents)
    if n < 2:
        raise AnalysisError(messages.line("nr_too_few", source=incidents.source, n=n))
    from scipy.spatial import cKDTree
    from scipy.stats import poisson

    t = incidents.dates.astype("datetime64[D]").astype(np.int64).astype(float)
    xy = np.column_stack([incidents.x, incidents.y])
    pairs = cKDTree(xy).query_pairs(r=float(distance), output_type="ndarray")
    i, j = pairs[:, 0], pairs[:, 1]
    close_in_time = _close_in_time(t, float(days))
    observed = int(np.count_nonzero(np.abs(t[i] - t[j]) <= days))
    all_pairs = n * (n - 1) // 2
    expected = len(pairs) * close_in_time / all_pairs
    p_poisson = float(poisson.sf(observed - 1, expected)) if expected > 0 else (1.0 if observed == 0 else 0.0)
    exceed = _exceedances(t, i, j, float(days), observed, permutations=int(permutations), seed=int(seed))
    return KnoxResult(n=n, distance=float(distance), days=int(days), pairs=all_pairs, close_in_space=len(pairs),
                      close_in_time=close_in_time, observed=observed, expected=float(expected),
                      p_sim=(exceed + 1) / (permutations + 1), p_poisson=p_poisson, permutations=int(permutations),
                      seed=int(seed), exceedances=exceed)


def _close_in_time(t: "NDArray[np.float64]", days: float) -> int:
    """Unordered pairs at most ``days`` apart: by sorting, never pair by pair."""
    s = np.sort(t)
    within = np.searchsorted(s, s + days, side="right") - np.searchsorted(s, s - days, side="left") - 1
    return int(within.sum() // 2)


def _exceedances(t: "NDArray[np.float64]", i: "NDArray[np.intp]", j: "NDArray[np.intp]", days: float,
                 observed: int, *, permutations: int, seed: int) -> int:
    """Permutations of the dates over the places with at least ``observed`` pairs close in space and time.

    The permutations are ``RandomState(seed).permutation(n)``, drawn one after
    another, exactly as pointpats draws them after ``numpy.random.seed(seed)``.
    """
    rng = np.random.RandomState(seed)
    n = len(t)
    block = max(1, BLOCK // max(len(i), 1))
    exceed = 0
    done = 0
    while done < permutations:
        size = min(block, permutations - done)
        draws = np.stack([t[rng.permutation(n)] for _ in range(size)])  # size x n
        close = np.abs(draws[:, i] - draws[:, j]) <= days
        exceed += int(np.count_nonzero(close.sum(axis=1) >= observed))
        done += size
    return exceed


__all__ = ["KnoxResult", "knox"]
