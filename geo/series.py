"""Over the years: hot spots per period, change that is real, transitions and emerging hot spots.

:func:`analyse_series` takes one prepared frame per period (from
:func:`geo.inputs.assemble` with ``--period 2012:2023``) and runs

- the hot-spot analysis of every period (:func:`geo.analyse`, with the
  correction of the run applied per period);
- the change between two periods: an exact conditional binomial test for
  counts, CBS's margin rule for Veiligheidsmonitor figures
  (:mod:`geo.stats.change`);
- LISA transitions between consecutive periods, as giddy's ``LISA_Markov``
  counts them (:mod:`geo.stats.markov`);
- emerging hot spot categories as ArcGIS Pro defines them, from space-time
  Gi* and a Mann-Kendall trend, when there are at least 10 periods
  (:mod:`geo.stats.emerging`); by default each period is measured against
  itself (``window="step"``), so a decline the whole country shares does not
  make every area a cold spot (docs/emerging.md).

A series needs every area in every period: an area with a figure in some
periods and none in others (suppressed, or a code that came later) stops
the run with the areas and periods named.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import messages, text
from . import periods as periods_mod
from .analysis import analyse, drawn_once
from .errors import AnalysisError, DataError, few
from .reports import Prepared
from .settings import DEFAULT_ALPHA, DEFAULT_ISLANDS, DEFAULT_PERMUTATIONS, DEFAULT_SEED, DEFAULT_WEIGHTS
from .stats.change import NOT_TESTABLE, count_change, survey_change, tally
from .stats.emerging import (
    DEFAULT_TIME_STEP,
    DEFAULT_WINDOW,
    MIN_PERIODS,
    category_counts,
    check_time_step,
    check_window,
    emerging_hot_spots,
)
from .stats.markov import lisa_transitions

if TYPE_CHECKING:
    import pandas as pd

    from .analysis import HotspotResult
    from .stats.markov import LisaTransitions

log = logging.getLogger("geo")

#: Columns of series.csv, in this order (those present).
SERIES_COLUMNS = ["code", "name", "period", "period_label", "value", "lower", "upper", "population", "rate",
                  "lisa_cluster", "lisa_p", "gi_z", "gi_bin", "gi_category"]


@dataclass(frozen=True)
class SeriesResult:
    """What :func:`analyse_series` found."""

    periods: list[str]
    #: The hot-spot analysis of every period.
    results: dict[str, "HotspotResult"]
    #: One row per area and period (series.csv).
    long: "pd.DataFrame"
    #: One row per area: the change between ``change_periods`` (change.csv), or ``None``.
    change: "pd.DataFrame | None"
    change_periods: tuple[str, str] | None
    #: ``count`` (exact binomial test), ``survey-se`` / ``survey-overlap`` (CBS margins) or ``difference``
    #: (a rate or a percentage without margins: the difference is given, untested; ``notes`` says why).
    change_test: str | None
    transitions: "LisaTransitions | None"
    #: One row per area: the emerging hot spot category (emerging.csv), or ``None`` below 10 periods.
    emerging: "pd.DataFrame | None"
    notes: list[str] = field(default_factory=list)
    #: The global window of the emerging hot spots (``step`` or ``cube``) and the neighbourhood time step.
    window: str = DEFAULT_WINDOW
    time_step: int = DEFAULT_TIME_STEP

    @property
    def latest(self) -> "HotspotResult":
        """The analysis of the last period."""
        return self.results[self.periods[-1]]

    def summary(self) -> dict[str, Any]:
        """The ``series`` part of summary.json."""
        out: dict[str, Any] = {
            "periods": list(self.periods),
            "per_period": {k: {"moran": {m: r.moran[m] for m in ("I", "z", "p")}, "lisa": dict(r.lisa),
                               "gi_star": dict(r.gi_star)} for k, r in self.results.items()},
        }
        if self.change is not None and self.change_periods is not None:
            out["change"] = {"from": self.change_periods[0], "to": self.change_periods[1], "test": self.change_test,
                             "counts": tally(self.change["direction"])}
        if self.transitions is not None:
            t = self.transitions
            out["transitions"] = {"classes": [str(c) for c in t.counts.index],
                                  "counts": t.counts.to_numpy(dtype=int).tolist(),
                                  "stay": {str(c): _finite(float(v)) for c, v in t.stay.items()},
                                  "skipped": int(t.skipped)}
        if self.emerging is not None:
            out["emerging"] = {"window": self.window, "time_step": self.time_step,
                               "counts": category_counts(self.emerging["category"])}
        out["notes"] = list(self.notes)
        return out


def _finite(x: float) -> float | None:
    return None if x != x else float(x)


def check_complete(series: dict[str, Prepared]) -> None:
    """Every area with a figure in one period has one in every period.

    Raises
    ------
    DataError
        Naming the areas and the periods they lack.
    """
    import pandas as pd

    has = pd.DataFrame({k: p.frame.set_index("code")["analysed"] for k, p in series.items()}).fillna(False)
    partial = has[has.any(axis=1) & ~has.all(axis=1)]
    if not partial.empty:
        listed = [f"{code} ({messages.line('none_in')} {', '.join(periods_mod.label(k) for k in row.index[~row])})"
                  for code, row in partial.astype(bool).iterrows()]
        unmatched = {k: p.join.data_only for k, p in series.items() if p.join.data_only}
        if unmatched:
            # Codes that match no area in some periods: those periods follow other boundaries.
            shown = "; ".join(f"{periods_mod.label(k)}: {few(v, 3)}" for k, v in list(unmatched.items())[:3])
            raise DataError(messages.line("series_len_partial_area_s2", len_partial=len(partial),
                                          few_listed_3=few(listed, 3), shown=shown))
        raise DataError(messages.line("series_len_partial_area_s", len_partial=len(partial),
                                      few_listed_5=few(listed, 5)))


def analyse_series(
    series: dict[str, Prepared],
    *,
    kind: str = "count",
    weights: str = DEFAULT_WEIGHTS,
    islands: str = DEFAULT_ISLANDS,
    permutations: int = DEFAULT_PERMUTATIONS,
    seed: int = DEFAULT_SEED,
    alpha: float = DEFAULT_ALPHA,
    correction: str = "none",
    change: tuple[str, str] | None = None,
    survey_rule: str = "se",
    emerging: bool = True,
    window: str = DEFAULT_WINDOW,
    time_step: int = DEFAULT_TIME_STEP,
    **options: Any,
) -> SeriesResult:
    """Analyse a series of periods.

    Parameters
    ----------
    series
        Period key to prepared frame, in time order (:attr:`geo.inputs.Assembled.series`).
    kind
        ``count`` (registrations: changes get the exact count test) or
        ``percentage`` (survey figures: changes by their margins).
    weights, islands, permutations, seed, alpha, correction
        As :func:`geo.analyse`, for every period.
    change
        The two periods to compare (default: the last two).
    survey_rule
        ``se`` (standard errors from the margins) or ``overlap`` (the
        conservative rule: intervals that do not overlap); see
        :func:`geo.stats.change.survey_change`.
    emerging
        Compute the emerging hot spot categories (needs at least 10 periods).
    window
        The global window of the emerging hot spots: ``step`` (default: each
        period's Gi* against that period alone, so a national rise or fall is
        not a local pattern) or ``cube`` (against the whole cube, ArcGIS Pro's
        default); see :func:`geo.stats.emerging.space_time_gi_star`.
    time_step
        The previous periods in a bin's space-time neighbourhood (ArcGIS's
        neighbourhood time step, default 1).
    **options
        Passed to :func:`geo.analyse` (for example the Gi* inference).

    Returns
    -------
    SeriesResult
    """
    import numpy as np

    keys = list(series)
    if len(keys) < 2:
        raise AnalysisError(messages.line("series_series_needs_at_least", len_keys=len(keys)))
    check_complete(series)
    check_window(window)
    if emerging and len(keys) >= MIN_PERIODS:
        # Checked before the slow per-period analyses, as the change below.
        check_time_step(time_step, len(keys))
    # Change between two periods, decided and tested before the slow per-period analyses: a figure
    # that the count test cannot take must not cost a run of every period first.
    before_key, after_key = change or (keys[-2], keys[-1])
    for k in (before_key, after_key):
        if k not in series:
            raise AnalysisError(messages.line("series_period_periods_mod_label",
                                              periods_mod_label_k=periods_mod.label(k),
                                              join_periods_mod_lab=', '.join(periods_mod.label(x) for x in keys)))
    changed = _change(series[before_key], series[after_key], kind=kind, alpha=alpha, rule=survey_rule)
    notes: list[str] = [changed.note] if changed.note else []
    built: dict[tuple[Any, ...], Any] = {}  # the areas are the same every period: their weights are built once
    # And their permutations are drawn once: every period's statistics are evaluated against each draw.
    with drawn_once([series[k] for k in keys], weights=weights, islands=islands, permutations=permutations,
                    seed=seed, weights_cache=built, gi_inference=options.get("gi_inference", "permutation"),
                    rate=options.get("rate", "raw")):
        results = {k: analyse(series[k], weights=weights, islands=islands, permutations=permutations, seed=seed,
                              alpha=alpha, correction=correction, weights_cache=built, **options) for k in keys}

    # LISA transitions between consecutive periods.
    quadrants = np.column_stack([results[k].frame["lisa_quadrant"].to_numpy(dtype=object) for k in keys])
    transitions = lisa_transitions(quadrants)

    # Emerging hot spots: ArcGIS needs at least ten time steps.
    emerging_frame = None
    if emerging and len(keys) >= MIN_PERIODS:
        emerging_frame = _emerging(results, keys, window=window, time_step=time_step)
    elif emerging:
        notes.append(f"emerging hot spot categories need at least {MIN_PERIODS} periods (as in ArcGIS Pro); "
                     f"this series has {len(keys)}: see the per-period hot spots and the change instead")
    return SeriesResult(periods=keys, results=results, long=_long(results), change=changed.frame,
                        change_periods=(before_key, after_key), change_test=changed.test, transitions=transitions,
                        emerging=emerging_frame, notes=notes, window=window, time_step=time_step)


def _emerging(results: dict[str, "HotspotResult"], keys: list[str], *, window: str, time_step: int
              ) -> "pd.DataFrame":
    """The emerging hot spot category of every analysed area with neighbours, from the column each period shows.

    The cube is read from the analysed results, not the prepared frames: with ``--rate eb`` or ``seb`` the
    shown column (``rate_eb``, ``rate_seb``) exists only after the analysis has smoothed the rates.
    """
    import numpy as np

    latest = results[keys[-1]]
    column = latest.column
    sw = latest.weights
    frame = latest.frame[latest.frame["analysed"]]
    rows = frame.index[sw.analysed]
    codes = frame.loc[rows, "code"]
    cube = np.column_stack([results[k].frame.set_index("code")[column].reindex(codes).to_numpy(dtype=float)
                            for k in keys])
    binary = (sw.w.sparse > 0).astype(float)
    found = emerging_hot_spots(cube, weights=binary, window=window, time_step=time_step)
    out = found.areas.assign(code=codes.to_numpy(), name=frame.loc[rows, "name"].to_numpy())
    return out[["code", "name", *found.areas.columns]].reset_index(drop=True)


@dataclass(frozen=True)
class _Change:
    frame: "pd.DataFrame"
    #: ``count``, ``survey-se``, ``survey-overlap`` or ``difference`` (no test).
    test: str
    note: str | None = None


def _change(before: Prepared, after: Prepared, *, kind: str, alpha: float, rule: str) -> _Change:
    """The change of every area between two prepared periods, with the test that fits the figures.

    Figures with 95% margins (lower and upper) are compared by their margins; whole counts by the exact
    count test; anything else (a rate or a percentage without margins, a count that is not whole) is
    reported as a difference without a test, and a note says why.
    """
    a = before.frame.set_index("code")
    b = after.frame.set_index("code").reindex(a.index)
    analysed = a["analysed"] & b["analysed"].fillna(False).astype(bool)
    column = after.report.analysed
    out = a[["name"]].copy()
    out["before"] = a[column].where(analysed)
    out["after"] = b[column].where(analysed)
    out["difference"] = out["after"] - out["before"]
    note = None
    if {"lower", "upper"} <= set(a.columns) and {"lower", "upper"} <= set(b.columns):
        tested = survey_change(a[["value", "lower", "upper"]].where(analysed, axis=0),
                               b[["value", "lower", "upper"]].where(analysed, axis=0), rule=rule, alpha=alpha)
        test = f"survey-{rule}"
        for c in ("p", "significant", "direction"):
            out[c] = tested[c].to_numpy()
    elif kind == "count" and _whole(a["value"].where(analysed)) and _whole(b["value"].where(analysed)):
        exposure = ({"exposure_before": a["population"].where(analysed), "exposure_after": b["population"]
                     .where(analysed)} if "population" in a.columns and "population" in b.columns else {})
        tested = count_change(a["value"].where(analysed), b["value"].where(analysed), alpha=alpha, **exposure)
        test = "count"
        for c in ("rate_ratio", "rr_lower", "rr_upper", "p", "direction"):
            out[c] = tested[c].to_numpy()
    else:
        test = "difference"
        out["direction"] = NOT_TESTABLE
        what = ("counts that are not whole numbers (a rate?)" if kind == "count"
                else "percentages or rates without 95% margins")
        note = (f"the change between the two periods is given as a difference without a test: the figures are "
                f"{what}, so neither the exact count test nor the margin rule applies; give lower and upper "
                "95% bounds (columns lower and upper) to test it")
        log.info("change: %s", note)
    return _Change(out.reset_index(), test, note)


def _whole(values: "pd.Series") -> bool:
    """Whether every present value is a whole, non-negative number (a count the exact test can take)."""
    import numpy as np

    x = values.dropna().to_numpy(dtype=float)
    return bool(((x >= 0) & (x == np.round(x))).all())


def _long(results: dict[str, "HotspotResult"]) -> "pd.DataFrame":
    import pandas as pd

    parts = []
    for key, result in results.items():
        label = periods_mod.label(key, lang=text.log_lang())  # series.csv is read in the run's language
        frame = result.frame.drop(columns="geometry").assign(period=key, period_label=label)
        parts.append(frame[[c for c in SERIES_COLUMNS if c in frame.columns]])
    return pd.concat(parts, ignore_index=True)
