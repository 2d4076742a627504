"""LISA transitions against giddy's published LISA_Markov example."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from geo import categories as cat
from geo.errors import DataError
from geo.stats.markov import lisa_transitions


# --- LISA transitions ------------------------------------------------------------------------------
def test_lisa_transitions_reproduce_giddy_published_counts():
    """giddy's LISA_Markov docstring: US per-capita income 1929-2009 (usjoin.csv), states48.gal weights."""
    import esda
    import libpysal
    from libpysal import examples

    f = libpysal.io.open(examples.get_path("usjoin.csv"))
    pci = np.array([f.by_col[str(y)] for y in range(1929, 2010)]).T
    w = libpysal.io.open(examples.get_path("states48.gal")).read()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        q = np.array([esda.Moran_Local(pci[:, t], w, permutations=0).q for t in range(pci.shape[1])]).T
    names = cat.from_codes(q, cat.ESDA_QUADRANTS).reshape(q.shape)
    result = lisa_transitions(names)
    published = [  # lm.transitions, rows and columns HH, LH, LL, HL
        [1087, 44, 4, 34],
        [41, 470, 36, 1],
        [5, 34, 1422, 39],
        [30, 1, 40, 552],
    ]
    assert list(result.counts.index) == [cat.HH, cat.LH, cat.LL, cat.HL]
    np.testing.assert_array_equal(result.counts.to_numpy(), published)
    published_p = [  # lm.p
        [0.92985458, 0.03763901, 0.00342173, 0.02908469],
        [0.07481752, 0.85766423, 0.06569343, 0.00182482],
        [0.00333333, 0.02266667, 0.948, 0.026],
        [0.04815409, 0.00160514, 0.06420546, 0.88603531],
    ]
    np.testing.assert_allclose(result.probabilities.to_numpy(), published_p, atol=5e-9)
    assert result.stay[cat.HH] == pytest.approx(1087 / (1087 + 44 + 4 + 34))
    assert result.skipped == 0


def test_lisa_transitions_skip_periods_without_a_quadrant():
    q = np.array([[cat.HH, cat.HH, cat.LH], [cat.LL, None, cat.LL], [cat.ISLAND, cat.HL, cat.HL]], dtype=object)
    result = lisa_transitions(q)
    assert result.counts.loc[cat.HH, cat.HH] == 1 and result.counts.loc[cat.HH, cat.LH] == 1
    assert result.counts.loc[cat.HL, cat.HL] == 1
    assert result.counts.to_numpy().sum() == 3 and result.skipped == 3
    assert np.isnan(result.probabilities.loc[cat.LL]).all()
    with pytest.raises(DataError, match="2 periods"):
        lisa_transitions(q[:, :1])
