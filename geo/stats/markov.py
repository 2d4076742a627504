"""LISA transitions: how often an area moves between Moran scatterplot quadrants from one period to the next.

The counts and row probabilities are those of PySAL giddy's ``LISA_Markov``
(Rey 2001, "Spatial analysis of regional income inequality"; giddy/markov.py):
every pair of consecutive periods of every area is one transition from its
quadrant in period ``t`` to its quadrant in period ``t + 1``, and the
transition probabilities are the counts divided by their row sums. giddy
itself is not a dependency; the tests reproduce its published example.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .. import categories as cat
from .. import messages
from ..errors import DataError, OptionError

if TYPE_CHECKING:
    import pandas as pd

log = logging.getLogger("geo")

#: The quadrants in esda's and giddy's numbering (1 HH, 2 LH, 3 LL, 4 HL).
QUADRANTS = (cat.HH, cat.LH, cat.LL, cat.HL)


@dataclass(frozen=True)
class LisaTransitions:
    """Transitions between LISA quadrants over consecutive periods.

    ``counts`` and ``probabilities`` are square frames with the quadrant of
    period ``t`` as rows (``from``) and of ``t + 1`` as columns (``to``); a
    row without transitions has NaN probabilities. ``skipped`` counts the
    pairs of consecutive periods left out because one end was not a quadrant
    (no data, an island).
    """

    counts: "pd.DataFrame"
    probabilities: "pd.DataFrame"
    skipped: int

    @property
    def stay(self) -> "pd.Series":
        """Probability of staying in each quadrant (the diagonal), e.g. ``stay["HH"]``."""
        import pandas as pd

        return pd.Series(
            [self.probabilities.loc[q, q] for q in self.probabilities.index], index=self.probabilities.index,
            name="stay",
        )


def lisa_transitions(quadrants: "Any", *, classes: tuple[str, ...] = QUADRANTS) -> LisaTransitions:
    """Count the transitions between LISA quadrants in an ``(areas, periods)`` table.

    Parameters
    ----------
    quadrants
        ``(n, T)`` array or frame of quadrant names (``HH``, ``LH``, ``LL``,
        ``HL``, as :data:`geo.categories.HH` etc.; esda's numeric ``q`` can be
        translated with :func:`geo.categories.from_codes` and
        :data:`geo.categories.ESDA_QUADRANTS`), periods in time order. Other
        values (``None``, NaN, ``island``) mark periods without a quadrant:
        transitions from or to them are skipped and counted in ``skipped``.
    classes
        The states, in the order of the rows and columns.

    Returns
    -------
    LisaTransitions
    """
    import numpy as np
    import pandas as pd

    q = np.asarray(quadrants, dtype=object)
    if q.ndim != 2:
        raise DataError(messages.line("markov_quadrants_must_d_areas", q_ndim=q.ndim))
    if q.shape[1] < 2:
        raise DataError(messages.line("markov_transitions_need_at_least", q_shape_1=q.shape[1]))
    if len(set(classes)) != len(classes) or not classes:
        raise OptionError(messages.line("markov_classes_must_distinct_names", join_quadrants=', '.join(QUADRANTS)))
    code = {c: i for i, c in enumerate(classes)}
    # A dictionary lookup of the whole table at once (a call per cell was 4.8 million calls for 12 periods
    # of 400,000 squares); anything that is not one of the names (None, NaN, "island") is -1.
    looked_up = pd.Series(q.ravel(), dtype=object).map(code)
    states = looked_up.fillna(-1).to_numpy(dtype=int).reshape(q.shape)
    origin, dest = states[:, :-1].ravel(), states[:, 1:].ravel()
    valid = (origin >= 0) & (dest >= 0)
    k = len(classes)
    counts = np.zeros((k, k))
    np.add.at(counts, (origin[valid], dest[valid]), 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        probabilities = counts / counts.sum(axis=1, keepdims=True)
    skipped = int((~valid).sum())
    if skipped:
        log.info("LISA transitions: %d pair(s) of periods without a quadrant at one end were skipped", skipped)
    index = pd.Index(list(classes), name="from")
    columns = pd.Index(list(classes), name="to")
    return LisaTransitions(
        counts=pd.DataFrame(counts, index=index, columns=columns),
        probabilities=pd.DataFrame(probabilities, index=index, columns=columns),
        skipped=skipped,
    )
