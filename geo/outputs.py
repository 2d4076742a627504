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
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import InputFileError
from .reports import RunReport

if TYPE_CHECKING:
    import geopandas as gpd

    from .analysis import HotspotResult
    from .maps import MapOptions

log = logging.getLogger("geo")

#: Columns of results.csv / results.gpkg, in this order (those present).
RESULT_COLUMNS = [
    "code", "name", "value", "lower", "upper", "uncertain", "population", "rate", "analysed", "island",
    "lisa_I", "lisa_p", "lisa_quadrant", "lisa_cluster",
    "gi_z", "gi_p", "gi_p_sim", "gi_bin", "gi_category",
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

    Returns
    -------
    list of pathlib.Path
        The files written.
    """
    from . import maps
    from .summary import build

    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputFileError(f"{out_dir}: cannot create the output folder ({exc.strerror})") from exc
    summary = build(result, run, stamp=True)
    frame = result_table(result.frame)

    staging = Path(tempfile.mkdtemp(prefix=".vmgeo-", dir=out_dir))
    try:
        (staging / "summary.json").write_text(
            json.dumps(summary, indent=2, ensure_ascii=False, allow_nan=False, default=_json_default) + "\n",
            encoding="utf-8",
        )
        frame.drop(columns="geometry").to_csv(staging / "results.csv", index=False, encoding="utf-8")
        frame.to_file(staging / "results.gpkg", layer=GPKG_LAYER, driver="GPKG", engine="pyogrio")
        page = maps.hotspot_map(result.frame, column=result.column, title=title, lang=lang,
                                permutations=result.options.permutations, summary=summary, options=map_options)
        page.save(str(staging / "map.html"))
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
