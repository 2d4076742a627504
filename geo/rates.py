"""From joined figures to the analysed value: counts, rates per 1,000 inhabitants, margins.

:func:`prepare` parses the value (and population) of a joined frame, keeps
a Veiligheidsmonitor figure's 95% interval, flags figures too uncertain to
read alone, and computes the rate when a population is given. Areas without
a value are left out of the statistics, never filled in.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from . import messages, text
from .errors import DataError, OptionError, few
from .reports import Joined, JoinReport, Prepared, PrepareReport
from .settings import RATE_PER, UNCERTAIN_HALF_WIDTH
from .tables import find_column, to_number

if TYPE_CHECKING:
    import geopandas as gpd
    import numpy as np
    from libpysal.weights import W

log = logging.getLogger("geo")


def _numbers(frame: "gpd.GeoDataFrame", column: str, source: str) -> "np.ndarray":
    """``column`` of a frame joined to boundaries as numbers; a bad cell is named by its area's code
    (the joined frame is in the boundaries' order, so a row number would point at the wrong line)."""
    return to_number(frame[column].set_axis(frame["code"].astype(str)), column=column, source=source).to_numpy()


def prepare(
    joined: "Joined | gpd.GeoDataFrame",
    *,
    value: str,
    population: str | None = None,
    value2: str | None = None,
    population_source: str | None = None,
) -> Prepared:
    """Parse the value (and population) of a joined frame and compute the rate.

    Parameters
    ----------
    joined
        Boundaries with the table's columns, from :func:`geo.join`.
    value
        Column with the figure per area (a count, or a percentage).
    population
        Column with inhabitants; the analysed value is then a rate per
        1,000 inhabitants.
    value2
        Column with a second indicator for the bivariate LISA (e.g. the share
        feeling unsafe beside a registered crime rate); parsed into ``value2``.
    population_source
        Where ``population`` came from when it is a table joined to the data
        (inhabitants per CBS square, a CBS table): the warning about areas
        without inhabitants names it instead of the data's source.

    Returns
    -------
    Prepared
        ``frame``: a copy with numeric ``value`` (and ``population`` and
        ``rate``), ``lower``/``upper``/``uncertain`` when the table has a 95%
        interval, and ``analysed`` (true where there is a value, and with a
        population, inhabitants); ``report``: the columns used, the codes
        with a row in the data but no value (``missing_value``), those with
        a value but no inhabitants (``no_population``: left out of the
        rates and named, never an error) and the too uncertain figures.

    Raises
    ------
    DataError
        When a count is negative, or a population so small that the rate is absurd.
    """
    if isinstance(joined, Joined):
        frame, join_report, repaired = joined.frame, joined.report, joined.repaired
    else:
        frame, join_report, repaired = joined, JoinReport(len(joined), [], [], source="the data"), ()
    source = join_report.source
    out = frame.copy()
    value_col = find_column(out, value, what="value", option="--value", source=source)
    out["value"] = _numbers(out, value_col, source)
    _check_finite(out, "value", value_col, source)
    no_row = set(join_report.boundaries_only)
    in_data = ~out["code"].isin(no_row)
    missing = out.loc[in_data & out["value"].isna(), "code"].tolist()
    if missing:
        log.warning(text.Say("w_missing_value", source=source, n=len(missing), column=value_col, codes=few(missing)))
    # A Veiligheidsmonitor figure keeps its 95% interval, for tooltips and tables.
    for bound in ("lower", "upper"):
        if bound in out.columns:
            out[bound] = _numbers(out, bound, source)
    uncertain: list[str] = []
    if "lower" in out.columns and "upper" in out.columns:
        half_width = (out["upper"] - out["lower"]) / 2
        out["uncertain"] = (half_width > UNCERTAIN_HALF_WIDTH * out["value"].abs()).fillna(False).astype(bool)
        uncertain = out.loc[out["uncertain"], "code"].tolist()
        if uncertain:
            log.warning(text.Say("w_uncertain", n=len(uncertain), codes=few(uncertain)))
    no_population = _population(out, population, value_col, source, population_source) if population else []
    if value2:
        col2 = find_column(out, value2, what="second value", option="--value2", source=source)
        if col2 == value_col:
            raise OptionError(messages.line("rates_value_value_r_same", value2=value2))
        out["value2"] = _numbers(out, col2, source)
        _check_finite(out, "value2", col2, source)
        if out["value2"].dropna().nunique() < 2:
            same = out["value2"].dropna()
            shown = f" ({same.iloc[0]:g})" if len(same) else ""
            raise DataError(messages.line("rates_source_column_col_r", source=source, col2=col2, shown=shown))
    out["analysed"] = out["value"].notna() & ~out["code"].isin(no_population)
    report = PrepareReport(source=source, value_column=value_col, population_column=population,
                           analysed="rate" if population else "value", missing_value=missing, uncertain=uncertain,
                           no_population=no_population)
    return Prepared(frame=out, report=report, join=join_report, repaired=repaired)


def _population(out: "gpd.GeoDataFrame", population: str, value_col: str, source: str,
                population_source: str | None = None) -> list[str]:
    """Parse the population into ``population`` and compute ``rate``; return the codes without inhabitants."""
    pop_col = find_column(out, population, what="population", option="--population", source=source)
    out["population"] = _numbers(out, pop_col, source)
    _check_finite(out, "population", pop_col, source)
    negative = out.loc[out["value"] < 0, ["code", "value"]]
    if not negative.empty:
        listed = few([f"{c} ({v:g})" for c, v in negative.itertuples(index=False)], 6)
        raise DataError(messages.line("rates_source_column_value_col", source=source, value_col=value_col,
                                      len_negative=len(negative), listed=listed))
    below = out.loc[out["population"] < 0, ["code", "population"]]
    if not below.empty:
        listed = few([f"{c} ({v:g})" for c, v in below.itertuples(index=False)], 6)
        raise DataError(messages.line("rates_source_column_pop_col", source=source, pop_col=pop_col,
                                      len_below=len(below), listed=listed))
    no_population = _without_population(out, population_source or source, pop_col)
    populated = out["population"] > 0
    out["rate"] = (out["value"] / out["population"]).where(populated) * RATE_PER
    huge = out.loc[out["rate"].abs() >= 1e15, ["code", "population"]]
    if not huge.empty:
        listed = few([f"{c} ({p:g})" for c, p in huge.itertuples(index=False)], 6)
        raise DataError(messages.line("rates_source_column_pop_col2", source=source, pop_col=pop_col,
                                      len_huge=len(huge), listed=listed))
    return no_population


def _without_population(frame: "gpd.GeoDataFrame", source: str, column: str) -> list[str]:
    """Codes with a value but no inhabitants (zero or missing), which get no rate; named in a warning.

    CBS publishes wijken and buurten without inhabitants (an industrial estate,
    a new polder) that still have registrations; such a row cannot be fixed,
    so it is left out of the rates, as the scan does, and named.
    """
    has_value = frame["value"].notna()
    bad = frame.loc[has_value & ~(frame["population"] > 0), ["code", "population"]]
    if bad.empty:
        return []
    codes = [str(c) for c in bad["code"]]
    unknown = text.get("population_unknown", lang=text.log_lang())
    listed = few([f"{c} ({unknown if p != p else f'{p:g}'})" for c, p in bad.itertuples(index=False)], 6)
    log.warning(text.Say("w_no_population", source=source, n=len(codes), column=column, codes=listed))
    return codes


def _check_finite(frame: "gpd.GeoDataFrame", column: str, original: str, source: str) -> None:
    """Infinite or absurdly large values (1e300) would poison every statistic: name them."""
    import numpy as np

    values = frame[column].to_numpy(dtype=float)
    bad = ~np.isnan(values) & ~(np.abs(values) < 1e15)
    if bad.any():
        listed = few([f"{c} ({v:g})" for c, v in zip(frame.loc[bad, "code"], values[bad])], 6)
        raise DataError(messages.line("rates_source_column_original_r", source=source, original=original,
                                      int_bad_sum=int(bad.sum()), listed=listed))


#: How a rate can be estimated: the raw ratio, global or spatial empirical Bayes.
RATE_METHODS = ("raw", "eb", "seb")


def smoothed(counts: "np.ndarray", population: "np.ndarray", *, method: str, w: "W | None" = None) -> "np.ndarray":
    """Rates per 1,000 inhabitants, raw or shrunk by empirical Bayes.

    Parameters
    ----------
    counts
        Events per area (registered crimes).
    population
        Inhabitants per area, all above zero.
    method
        ``raw``: counts / population. ``eb``: global empirical Bayes (Marshall,
        1991): each rate is pulled towards the overall rate, the more so the
        smaller the population. ``seb``: spatial empirical Bayes: pulled towards
        the rate of the area and its neighbours (needs ``w``).
    w
        Spatial weights for ``seb`` (libpysal ``W`` over the same areas).

    Returns
    -------
    numpy.ndarray
        The rate per :data:`~geo.settings.RATE_PER` inhabitants.
    """
    import numpy as np
    from esda.smoothing import Empirical_Bayes, Spatial_Empirical_Bayes

    e = np.asarray(counts, dtype=float)
    b = np.asarray(population, dtype=float)
    if method == "raw":
        r = e / b
    elif method == "eb":
        r = Empirical_Bayes(e, b).r
    elif method == "seb":
        if w is None:
            raise OptionError(messages.line("rates_rate_seb_needs_spatial"))
        r = Spatial_Empirical_Bayes(e, b, w).r
    else:
        raise OptionError(messages.line("rates_unknown_rate_method_r", method=method,
                                        join_rate_methods=', '.join(RATE_METHODS)))
    return np.asarray(r, dtype=float).reshape(-1) * RATE_PER


def eb_standardised(counts: "np.ndarray", population: "np.ndarray") -> "np.ndarray":
    """Assunção and Reis (1999) empirical-Bayes standardised rates, for Moran's I of rates.

    A raw rate of a small area varies far more than one of a large area; its
    Moran's I then reflects population size as much as geography. Each rate
    is standardised by the mean and variance of its empirical-Bayes estimate
    instead (esda's ``assuncao_rate``, behind ``Moran_Rate`` and
    ``Moran_Local_Rate``).
    """
    import numpy as np
    from esda.smoothing import assuncao_rate

    return np.asarray(assuncao_rate(np.asarray(counts, dtype=float), np.asarray(population, dtype=float)),
                      dtype=float).reshape(-1)
