"""The hot-spot analysis from joined data to results, summary and files.

This is the pipeline behind ``vmgeo hotspots`` and ``vmgeo demo``:
:func:`prepare` turns a table joined to boundaries into the analysed value
(a rate per 1,000 inhabitants when a population is given), :func:`analyse`
runs the weights and statistics, and :func:`write_outputs` writes
``summary.json``, ``results.gpkg``, ``results.csv`` and ``map.html``
together, so that a failure leaves no half-written set behind.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import categories as cat
from .errors import AnalysisError, DataError, InputFileError, few
from .tables import find_column, to_number

if TYPE_CHECKING:
    import geopandas as gpd

log = logging.getLogger("geo")

RATE_PER = 1000
#: A survey figure whose 95% interval reaches further than this share of the
#: figure itself on either side is flagged as too uncertain to read alone.
UNCERTAIN_HALF_WIDTH = 0.5

#: Columns of results.csv / results.gpkg, in this order (those present).
RESULT_COLUMNS = [
    "code", "name", "value", "lower", "upper", "uncertain", "population", "rate", "analysed", "island",
    "lisa_I", "lisa_p", "lisa_quadrant", "lisa_cluster",
    "gi_z", "gi_p", "gi_p_sim", "gi_bin", "gi_category",
]


@dataclass
class HotspotResult:
    """What :func:`analyse` found: the frame with all results, and its summary."""

    frame: "gpd.GeoDataFrame"
    summary: dict[str, Any]

    @property
    def column(self) -> str:
        """The analysed column: ``rate`` or ``value``."""
        return str(self.summary["value"]["analysed"])


def prepare(
    joined: "gpd.GeoDataFrame",
    *,
    value: str,
    population: str | None = None,
) -> "gpd.GeoDataFrame":
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

    Returns
    -------
    geopandas.GeoDataFrame
        A copy with numeric ``value`` (and ``population`` and ``rate``) and
        ``analysed`` (true where there is a value). ``attrs["missing_value"]``
        lists the codes with a row in the data but no value.

    Raises
    ------
    DataError
        When population is zero or missing where there is a value.
    """
    source = joined.attrs.get("data_source", "the data")
    out = joined.copy()
    value_col = find_column(out, value, what="value", option="--value", source=source)
    out["value"] = to_number(out[value_col], column=value_col, source=source)
    no_row = set(joined.attrs.get("join", {}).get("boundaries_only", []))
    in_data = ~out["code"].isin(no_row)
    missing = out.loc[in_data & out["value"].isna(), "code"].tolist()
    if missing:
        log.warning("%s: %d area(s) without a value in %r left out of the statistics: %s",
                    source, len(missing), value_col, few(missing))
    # A Veiligheidsmonitor figure keeps its 95% interval, for tooltips and tables.
    for bound in ("lower", "upper"):
        if bound in out.columns:
            out[bound] = to_number(out[bound], column=bound, source=source)
    uncertain: list[str] = []
    if "lower" in out.columns and "upper" in out.columns:
        half_width = (out["upper"] - out["lower"]) / 2
        out["uncertain"] = (half_width > UNCERTAIN_HALF_WIDTH * out["value"].abs()).fillna(False).astype(bool)
        uncertain = out.loc[out["uncertain"], "code"].tolist()
        if uncertain:
            log.warning("%d figure(s) with a 95%% interval wider than half the figure on either side: %s",
                        len(uncertain), few(uncertain))
    if population:
        pop_col = find_column(out, population, what="population", option="--population", source=source)
        out["population"] = to_number(out[pop_col], column=pop_col, source=source)
        has_value = out["value"].notna()
        bad = out.loc[has_value & ~(out["population"] > 0), ["code", "population"]]
        if not bad.empty:
            listed = few([f"{c} ({'missing' if p != p else f'{p:g}'})" for c, p in bad.itertuples(index=False)], 6)
            raise DataError(
                f"{source}: column {pop_col!r} is zero or missing for {len(bad)} area(s) with a value: {listed}; "
                "a rate per 1,000 inhabitants needs a population above zero (fix the rows or leave out --population)"
            )
        out["rate"] = out["value"] / out["population"] * RATE_PER
    out["analysed"] = out["value"].notna()
    out.attrs = {**joined.attrs, "missing_value": missing, "uncertain": uncertain, "value_column": value_col,
                 "population_column": population}
    return out


def analyse(
    gdf: "gpd.GeoDataFrame",
    *,
    weights: str = "queen",
    islands: str = "attach",
    permutations: int = 999,
    seed: int = 12345,
    alpha: float = 0.05,
    fdr: bool = False,
) -> HotspotResult:
    """Run weights, global Moran's I, LISA and Gi* on a prepared frame.

    Parameters
    ----------
    gdf
        From :func:`prepare`: ``value`` (and ``rate``) and ``analysed``.
    weights
        ``queen``, ``rook`` or ``knn:K``.
    islands
        ``attach`` or ``exclude`` (see :mod:`geo.weights`).
    permutations
        Permutations for every pseudo p-value.
    seed
        Seed for all permutations.
    alpha
        Significance level of the LISA categories.
    fdr
        Benjamini-Hochberg control of the false discovery rate.

    Returns
    -------
    HotspotResult
    """
    import numpy as np

    from . import stats
    from . import weights as weights_mod

    if permutations < 0:
        raise AnalysisError(f"--permutations must be 0 or more, not {permutations}")
    if not 0 < alpha < 1:
        raise AnalysisError(f"--alpha must be between 0 and 1, not {alpha}")
    column = "rate" if "rate" in gdf.columns else "value"
    analysed = gdf[gdf["analysed"]].copy()
    if len(analysed) < 3:
        raise AnalysisError(
            f"only {len(analysed)} area(s) have a value; hot-spot statistics need at least 3 "
            "(check that the codes of the data match the boundaries)"
        )
    if analysed[column].nunique() < 2:
        raise AnalysisError(
            f"all {len(analysed)} areas have the same {column} ({analysed[column].iloc[0]:g}); "
            "there is no spatial pattern to test"
        )
    sw = weights_mod.build(analysed, kind=weights, islands=islands)
    moran = stats.global_moran(analysed, column, weights=sw, permutations=permutations, seed=seed)
    local = stats.local_moran(analysed, column, weights=sw, permutations=permutations, seed=seed,
                              alpha=alpha, fdr=fdr)
    hot = stats.gi_star(local, column, weights=sw, permutations=permutations, seed=seed, fdr=fdr)

    out = gdf.copy()
    for name in ("lisa_I", "lisa_p", "lisa_quadrant", "lisa_cluster", "gi_z", "gi_p", "gi_p_sim", "gi_bin",
                 "gi_category"):
        out[name] = hot[name].reindex(out.index)
    out["island"] = out["code"].isin(sw.islands)
    out.loc[~out["analysed"], "lisa_cluster"] = cat.NO_DATA
    out.loc[~out["analysed"], "gi_category"] = cat.NO_DATA
    out["gi_bin"] = out["gi_bin"].fillna(0).astype(int)

    notes: list[str] = []
    lisa_note = local.attrs["lisa"].get("note")
    if lisa_note:
        notes.append(lisa_note)
    if sw.islands:
        how = ("attached to their nearest neighbour" if islands == "attach"
               else "left out of the statistics and never labelled hot or cold")
        notes.append(f"{len(sw.islands)} area(s) without neighbours ({few(sw.islands)}) {how}")
    parts: list[list[str]] = []
    if sw.components > 1:
        labels = sw.w.component_labels
        values, counts = np.unique(labels, return_counts=True)
        codes = analysed["code"].to_numpy()[sw.analysed]
        parts = [sorted(codes[labels == v].tolist()) for v in values if v != values[counts.argmax()]]
        notes.append(f"the neighbour graph has {sw.components} separate parts; besides the main part: "
                     f"{'; '.join(few(p, 5) for p in parts)}")
    join_report = gdf.attrs.get("join", {"data_only": [], "boundaries_only": []})
    summary: dict[str, Any] = {
        "n": int(sw.analysed.sum()),
        "n_areas": int(len(gdf)),
        "islands": list(sw.islands),
        "island_policy": islands,
        "attached": dict(sw.attached),
        "weights": sw.kind,
        "components": sw.components,
        "separate_parts": parts,
        "permutations": permutations,
        "seed": seed,
        "alpha": alpha,
        "fdr": fdr,
        "value": {
            "column": gdf.attrs.get("value_column"),
            "population_column": gdf.attrs.get("population_column"),
            "analysed": column,
            "rate_per": RATE_PER if column == "rate" else None,
        },
        "moran": {k: moran[k] for k in ("I", "expected", "z", "p", "z_norm", "p_norm")},
        "lisa": local.attrs["lisa"]["counts"],
        "gi_star": hot.attrs["gi_star"]["counts"],
        "unmatched": {
            "data_only": list(join_report.get("data_only", [])),
            "boundaries_only": list(join_report.get("boundaries_only", [])),
        },
        "missing_value": list(gdf.attrs.get("missing_value", [])),
        "uncertain": list(gdf.attrs.get("uncertain", [])),
        "repaired_geometry": list(gdf.attrs.get("repaired", [])),
        "notes": notes,
    }
    return HotspotResult(frame=out, summary=summary)


def write_outputs(
    result: HotspotResult,
    out_dir: str | Path,
    *,
    title: str,
    lang: str = "nl",
    extra: dict[str, Any] | None = None,
    map_options: "Any | None" = None,
    static: tuple[str, ...] = (),
    attach: dict[str, Path] | None = None,
) -> list[Path]:
    """Write summary.json, results.gpkg, results.csv and map.html into ``out_dir``.

    All four are written in a temporary folder beside ``out_dir`` first and
    moved in only when every one succeeded; earlier files of the same names
    are replaced, other files are left alone.

    Parameters
    ----------
    result
        From :func:`analyse`.
    out_dir
        Folder to write in; created when missing.
    title
        Title of the map.
    lang
        ``nl`` (default) or ``en`` for the map's labels.
    extra
        More keys for summary.json (inputs, provenance, a synthetic flag).
    map_options
        :class:`geo.maps.MapOptions` for the page.
    static
        ``png`` and/or ``svg``: also a static image of the map (``map.png``, ``map.svg``).
    attach
        More files to place in ``out_dir`` together with the results (name to
        source path), such as the generated inputs of the demo.

    Returns
    -------
    list of pathlib.Path
        The files written.
    """
    from . import __version__
    from . import maps

    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputFileError(f"{out_dir}: cannot create the output folder ({exc.strerror})") from exc
    summary = {**result.summary, **(extra or {})}
    summary["vmgeo_version"] = __version__
    summary["created"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
    frame = result_table(result.frame)

    staging = Path(tempfile.mkdtemp(prefix=".vmgeo-", dir=out_dir))
    try:
        (staging / "summary.json").write_text(
            json.dumps(summary, indent=2, ensure_ascii=False, allow_nan=False, default=_json_default) + "\n",
            encoding="utf-8",
        )
        frame.drop(columns="geometry").to_csv(staging / "results.csv", index=False, encoding="utf-8")
        frame.to_file(staging / "results.gpkg", layer="hotspots", driver="GPKG", engine="pyogrio")
        fmap = maps.hotspot_map(result.frame, column=result.column, title=title, lang=lang,
                                permutations=int(summary["permutations"]), summary=summary, options=map_options)
        fmap.save(str(staging / "map.html"))
        names = ["summary.json", "results.csv", "results.gpkg", "map.html"]
        for name, source in (attach or {}).items():
            shutil.copyfile(source, staging / name)
            names.append(name)
        for kind in static:
            maps.static_map(result.frame, [staging / f"map.{kind}"], title=title, lang=lang, column=result.column,
                            summary=summary, options=map_options)
            names.append(f"map.{kind}")
        written = []
        for name in names:
            os.replace(staging / name, out_dir / name)
            written.append(out_dir / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return written


def result_table(frame: "gpd.GeoDataFrame") -> "gpd.GeoDataFrame":
    """The result columns of an analysed frame, in a fixed order, with geometry."""
    columns = [c for c in RESULT_COLUMNS if c in frame.columns] + ["geometry"]
    out = frame[columns].copy()
    for c in ("code", "name", "lisa_quadrant", "lisa_cluster", "gi_category"):
        if c in out.columns:
            out[c] = out[c].astype(object).where(out[c].notna(), None)
    return out


def _json_default(value: Any) -> Any:
    import numpy as np

    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"cannot write {type(value).__name__} to JSON")


def terminal_summary(result: HotspotResult, *, lang: str = "nl") -> str:
    """A few lines for the terminal, in the reader's language."""
    s = result.summary
    m = s["moran"]
    nl = lang == "nl"
    what = ("per 1.000 inwoners" if nl else "per 1,000 inhabitants") if s["value"]["analysed"] == "rate" else ""
    significant = m["p"] <= s["alpha"]
    if nl:
        verdict = ("ruimtelijke clustering: hoge waarden liggen bij hoge, lage bij lage" if significant and m["I"] > 0
                   else "ruimtelijke spreiding: hoge waarden liggen bij lage" if significant
                   else "geen aantoonbare ruimtelijke clustering")
        lines = [
            f"Gebieden geanalyseerd: {s['n']} van {s['n_areas']} (gewichten {s['weights']}, {s['permutations']} permutaties, seed {s['seed']})",
            f"Moran's I = {_nl(m['I'], 3)} (verwacht {_nl(m['expected'], 3)}, z = {_nl(m['z'], 2)}, p = {_nl(m['p'], 3)}): {verdict}",
            "LISA-clusters: " + ", ".join(f"{cat.label(k, lang='nl')} {v}" for k, v in s["lisa"].items() if v),
            "Gi* hot spots: " + ", ".join(f"{cat.label(k, lang='nl')} {v}" for k, v in s["gi_star"].items()
                                          if v and k != cat.NOT_SIGNIFICANT) + (f" (waarde {what})" if what else ""),
        ]
    else:
        verdict = ("spatial clustering: high values near high, low near low" if significant and m["I"] > 0
                   else "spatial dispersion" if significant else "no significant spatial clustering")
        lines = [
            f"Areas analysed: {s['n']} of {s['n_areas']} (weights {s['weights']}, {s['permutations']} permutations, seed {s['seed']})",
            f"Moran's I = {m['I']:.3f} (expected {m['expected']:.3f}, z = {m['z']:.2f}, p = {m['p']:.3f}): {verdict}",
            "LISA clusters: " + ", ".join(f"{cat.label(k, lang='en')} {v}" for k, v in s["lisa"].items() if v),
            "Gi* hot spots: " + ", ".join(f"{cat.label(k, lang='en')} {v}" for k, v in s["gi_star"].items()
                                          if v and k != cat.NOT_SIGNIFICANT) + (f" (value {what})" if what else ""),
        ]
    un = s["unmatched"]
    if un["data_only"]:
        lines.append(("Alleen in de gegevens (geen gebied): " if nl else "Only in the data (no area): ") + few(un["data_only"]))
    if un["boundaries_only"]:
        lines.append(("Alleen in de grenzen (geen gegevens): " if nl else "Only in the boundaries (no data): ")
                     + few(un["boundaries_only"]))
    if s["missing_value"]:
        lines.append(("Zonder waarde, niet meegeteld: " if nl else "Without a value, left out: ") + few(s["missing_value"]))
    if s.get("uncertain"):
        lines.append(("Te onzeker om los te lezen (95%-marge groter dan de helft van het cijfer): " if nl
                      else "Too uncertain to read alone (95% margin larger than half the figure): ")
                     + few(s["uncertain"]))
    if not nl:
        lines += [f"Note: {note}" for note in s["notes"]]
        return "\n".join(lines)
    # The notes in summary.json are English; the terminal says the same in Dutch.
    if s["islands"]:
        how = ("gekoppeld aan het dichtstbijzijnde gebied" if s["island_policy"] == "attach"
               else "buiten de statistiek gelaten en nooit hot of cold genoemd")
        lines.append(f"Let op: {len(s['islands'])} gebied(en) zonder buren ({few(s['islands'])}) {how}")
    if s.get("separate_parts"):
        lines.append(f"Let op: de buurgraaf valt in {s['components']} losse delen uiteen; naast het hoofddeel: "
                     + "; ".join(few(p, 5) for p in s["separate_parts"]))
    if s["fdr"]:
        from .stats._inference import fdr_note

        if fdr_note(s["n"], s["permutations"], s["alpha"]):
            floor = 2 / (s["permutations"] + 1)
            lines.append(f"Let op: met {s['permutations']} permutaties is de kleinste tweezijdige p {_nl(floor, 4)}; "
                         "de FDR-correctie is daardoor moeilijk of niet te halen (verhoog --permutations)")
    return "\n".join(lines)


def _nl(x: float, digits: int) -> str:
    """Format a number the Dutch way: decimal comma."""
    return f"{x:.{digits}f}".replace(".", ",")
