"""Writing the results of a run: summary.json, results.csv, results.gpkg and map.html together.

Every file is written into a staging folder beside the output folder first
and moved in only when all of them succeeded, so a failure leaves the
earlier results as they were.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import InputFileError
from .reports import RunReport

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

    from .analysis import HotspotResult
    from .maps import MapOptions
    from .series import SeriesResult

log = logging.getLogger("geo")

#: Columns of results.csv / results.gpkg, in this order (those present).
RESULT_COLUMNS = [
    "code", "name", "value", "lower", "upper", "uncertain", "population", "rate", "rate_eb", "rate_seb", "analysed",
    "island", "lisa_I", "lisa_p", "lisa_quadrant", "lisa_cluster",
    "gi_z", "gi_p", "gi_p_sim", "gi_p_bin", "gi_bin", "gi_category",
]
#: The layer name of results.gpkg.
GPKG_LAYER = "hotspots"


def write_outputs(
    result: "HotspotResult",
    out_dir: str | Path,
    *,
    title: str,
    lang: str = "nl",
    run: RunReport | None = None,
    map_options: "MapOptions | None" = None,
    static: tuple[str, ...] = (),
    attach: dict[str, Path] | None = None,
    series: "SeriesResult | None" = None,
) -> list[Path]:
    """Write summary.json, results.gpkg, results.csv and map.html into ``out_dir``.

    All files are written in a temporary folder first and moved in only
    when every one succeeded; earlier files of the same names are replaced,
    other files are left alone.

    Parameters
    ----------
    result
        From :func:`geo.analyse`.
    out_dir
        Folder to write in; created when missing.
    title
        Title of the map.
    lang
        ``nl`` (default) or ``en`` for the map's labels.
    run
        What the command adds to the summary (inputs, provenance, a synthetic flag).
    map_options
        :class:`geo.maps.MapOptions` for the page.
    static
        ``png`` and/or ``svg``: also a static image of the map (``map.png``, ``map.svg``).
    attach
        More files to place in ``out_dir`` together with the results (name to
        source path), such as the generated inputs of the demo.
    series
        A series analysis (``result`` is then its last period): adds
        ``series.csv``, ``change.csv`` and ``emerging.csv``, the ``series``
        part of the summary, and a layer per period, the change and the
        emerging hot spots to the map.

    Returns
    -------
    list of pathlib.Path
        The files written.
    """
    from dataclasses import replace

    from . import maps
    from .summary import build

    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputFileError(f"{out_dir}: cannot create the output folder ({exc.strerror})") from exc
    summary = build(result, run, stamp=True)
    frame = result_table(result.frame)
    map_frame = result.frame
    if series is not None:
        from .series import map_layers

        summary["series"] = series.summary()
        summary["notes"] += list(series.notes)
        options = map_options or maps.MapOptions()
        map_frame, extra = map_layers(series, scheme=options.scheme, classes=options.classes, lang=lang)
        map_options = replace(options, extra=extra, layers=(*options.layers, *(layer.name for layer in extra)))

    staging = Path(tempfile.mkdtemp(prefix=".vmgeo-", dir=out_dir))
    try:
        (staging / "summary.json").write_text(
            json.dumps(summary, indent=2, ensure_ascii=False, allow_nan=False, default=_json_default) + "\n",
            encoding="utf-8",
        )
        frame.drop(columns="geometry").to_csv(staging / "results.csv", index=False, encoding="utf-8")
        frame.to_file(staging / "results.gpkg", layer=GPKG_LAYER, driver="GPKG", engine="pyogrio")
        page = maps.hotspot_map(map_frame, column=result.column, title=title, lang=lang,
                                permutations=result.options.permutations, summary=summary, options=map_options)
        page.save(str(staging / "map.html"))
        names = ["summary.json", "results.csv", "results.gpkg", "map.html"]
        if series is not None:
            series.long.to_csv(staging / "series.csv", index=False, encoding="utf-8")
            names.append("series.csv")
            if series.change is not None:
                series.change.to_csv(staging / "change.csv", index=False, encoding="utf-8")
                names.append("change.csv")
            if series.emerging is not None:
                series.emerging.to_csv(staging / "emerging.csv", index=False, encoding="utf-8")
                names.append("emerging.csv")
        for name, source in (attach or {}).items():
            shutil.copyfile(source, staging / name)
            names.append(name)
        for kind in static:
            maps.static_map(map_frame, [staging / f"map.{kind}"], title=title, lang=lang, column=result.column,
                            summary=summary, options=map_options)
            names.append(f"map.{kind}")
        written = []
        for name in names:
            os.replace(staging / name, out_dir / name)
            written.append(out_dir / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return written


def write_together(out_dir: str | Path, writers: dict[str, "Callable[[Path], object]"]) -> list[Path]:
    """Write several files into ``out_dir`` as one: all in a staging folder first, then moved in.

    Parameters
    ----------
    out_dir
        Folder to write in; created when missing.
    writers
        File name to a function that writes that file at the path it is given.

    Returns
    -------
    list of pathlib.Path
        The files written, in the order of ``writers``.
    """
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputFileError(f"{out_dir}: cannot create the output folder ({exc.strerror})") from exc
    staging = Path(tempfile.mkdtemp(prefix=".vmgeo-", dir=out_dir))
    try:
        for name, write in writers.items():
            write(staging / name)
        written = []
        for name in writers:
            os.replace(staging / name, out_dir / name)
            written.append(out_dir / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return written


def write_tree(out_dir: str | Path, writers: dict[str, "Callable[[Path], object]"]) -> list[Path]:
    """:func:`write_together` for names with folders (``BT01/scan.html``): all files, or none.

    Every file is written in one staging folder first (its subfolders made as
    needed); only when all succeeded are they moved in, file by file, into
    the same subfolders of ``out_dir``.
    """
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputFileError(f"{out_dir}: cannot create the output folder ({exc.strerror})") from exc
    staging = Path(tempfile.mkdtemp(prefix=".vmgeo-", dir=out_dir))
    try:
        for name, write in writers.items():
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            write(staging / name)
        written = []
        for name in writers:
            (out_dir / name).parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / name, out_dir / name)
            written.append(out_dir / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return written


#: A cell starting with one of these is a formula to Excel and LibreOffice (CSV/XLSX "formula injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """A text cell a spreadsheet shows as text: a leading ``'`` when it would start a formula.

    Numbers (including negative ones) are left alone; only text such as an
    area name ``=HYPERLINK(...)`` or ``-1+1`` gets the apostrophe.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_frame(frame: "pd.DataFrame") -> "pd.DataFrame":
    """A copy of ``frame`` whose text cells (and column names) are all :func:`safe_cell`."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or str(out[column].dtype).startswith(("string", "str")):
            out[column] = out[column].map(safe_cell)
    out.columns = [safe_cell(str(c)) for c in out.columns]
    return out


def write_json(path: Path, content: dict[str, Any]) -> None:
    """A summary as readable JSON: UTF-8, indented, no NaN."""
    path.write_text(json.dumps(content, indent=2, ensure_ascii=False, allow_nan=False, default=_json_default) + "\n",
                    encoding="utf-8")


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
