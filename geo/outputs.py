"""Writing the results of a run: summary.json, results.csv, results.gpkg and map.html together.

Every file is written into a staging folder beside the output folder first
and moved in only when all of them succeeded, so a failure leaves the
earlier results as they were.
"""

from __future__ import annotations

import json
import logging
import math
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import _interrupt, grid, maps, messages, periods
from ._progress import stage
from .errors import OutputError, few
from .reports import RunReport
from .summary import build, finish

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

    from .analysis import HotspotResult
    from .maps import MapOptions
    from .series import SeriesResult

log = logging.getLogger("geo")

#: Columns of results.csv / results.gpkg, in this order (those present).
RESULT_COLUMNS = [
    "code", "name", "value", "suppressed", "shown", "lower", "upper", "uncertain", "population", "rate", "rate_eb",
    "rate_seb", "analysed",
    "island", "lisa_I", "lisa_p", "lisa_quadrant", "lisa_cluster",
    "gi_z", "gi_p", "gi_p_sim", "gi_p_bin", "gi_bin", "gi_category",
    "value2", "bv_I", "bv_p", "bv_quadrant", "bv_cluster",
]
#: The layer name of results.gpkg.
GPKG_LAYER = "hotspots"
#: The layer of the kernel density of incidents in results.gpkg.
DENSITY_LAYER = "density"


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
    force: bool = False,
    min_count: int = 0,
    names: tuple[str, str] | None = None,
    density: "gpd.GeoDataFrame | None" = None,
) -> list[Path]:
    """Write summary.json, results.gpkg, results.csv and map.html into ``out_dir``, as one.

    See :func:`write_together`: nothing is replaced until every file is
    complete, and earlier results are replaced as a whole.

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
    force
        Write into a folder that holds files vmgeo did not write (they are left alone).
    names
        Reader names of the two indicators of a bivariate analysis (the area's own, the neighbours').
    min_count
        Registration counts below this are shown as ``<K`` (maps, tooltips) or left empty with
        ``suppressed`` true (tables), and their rates with them: small numbers of registrations in a
        buurt can point to people. 0 shows every count. Incident counts too, with a ``shown`` column ("<5").
    density
        The density layer of incidents: its own layer of results.gpkg (:data:`DENSITY_LAYER`), and on the map.

    Returns
    -------
    list of pathlib.Path
        The files written.
    """
    label = run is not None and run.aggregation is not None  # incidents: zeros shown, a "shown" column
    small = min_count if result.prepared.population_column or label else 0
    shown, suppressed = suppress_small(result.frame, min_count=small, label=label, lang=lang, weights=result.weights)
    summary = finish(build(result, run, stamp=True), title=title, min_count=min_count, suppressed=suppressed,
                     bivariate_names=(names or ("", "")) if result.bivariate is not None else None,
                     series=series.summary() if series is not None else None,
                     series_notes=list(series.notes) if series is not None else None)
    if result.bivariate is not None:
        options = map_options or maps.MapOptions()
        if "bivariate" not in options.layers:
            map_options = replace(options, layers=(*options.layers, "bivariate"))
    frame = result_table(shown)
    map_frame = shown
    if series is not None:
        options = map_options or maps.MapOptions()
        map_frame, extra = maps.layers.series_layers(series, scheme=options.scheme, classes=options.classes, lang=lang)
        map_frame, _ = suppress_small(map_frame, min_count=small, label=label, lang=lang, weights=result.weights)
        map_options = replace(options, extra=extra, layers=(*options.layers, *(layer.name for layer in extra)),
                              period=periods.label(series.periods[-1], lang=lang))
    with stage("p_map"):
        page = maps.hotspot_map(map_frame, column=result.column, title=title, lang=lang,
                                permutations=result.options.permutations, summary=summary, options=map_options,
                                density=density)

    writers: dict[str, Callable[[Path], object]] = {
        "summary.json": lambda path: write_json(path, summary),
        "results.csv": lambda path: write_csv(safe_frame(frame.drop(columns="geometry")), path),
        "results.gpkg": lambda path: _write_gpkg(path, frame, density),
        "map.html": lambda path: maps.save(page, path, title=title, lang=lang),
    }
    if series is not None:
        writers |= _series_writers(series, min_count=small, label=label, lang=lang, weights=result.weights)
    for name, source in (attach or {}).items():
        writers[name] = _copier(source)
    for kind in static:
        writers[f"map.{kind}"] = _static_writer(map_frame, title=title, lang=lang, column=result.column,
                                                summary=summary, options=map_options)
    with stage("p_write"):
        return write_together(out_dir, writers, force=force)


def _write_gpkg(path: Path, frame: "gpd.GeoDataFrame", density: "gpd.GeoDataFrame | None") -> None:
    """results.gpkg: the results layer, and the density layer of incidents beside it.

    Of a space-time cube the density layer has a column per period (``density_2023MM01``, empty where masked)
    instead of ``density`` and ``masked``, which on the map are the last period's.
    """
    frame.to_file(path, layer=GPKG_LAYER, driver="GPKG", engine="pyogrio")
    if density is not None:
        periods = [str(c) for c in density.columns if str(c).startswith("density_")]
        layer = density[["code", *(periods or ["density", "masked"]), "geometry"]]
        layer.to_file(path, layer=DENSITY_LAYER, driver="GPKG", engine="pyogrio", mode="a")


def _series_writers(series: "SeriesResult", *, min_count: int, label: bool, lang: str, weights: Any = None
                    ) -> dict[str, "Callable[[Path], object]"]:
    """series.csv, change.csv and emerging.csv of a series, with small counts hidden."""
    tables = {"series.csv": suppress_small(series.long, min_count=min_count, label=label, lang=lang,
                                           weights=weights)[0],
              "change.csv": None if series.change is None else _suppress_change(series.change, min_count),
              "emerging.csv": series.emerging}
    return {name: _csv_writer(table) for name, table in tables.items() if table is not None}


#: Columns that hold (or give away) a registration count, hidden together when the count is small.
COUNT_COLUMNS = ("value", "rate", "rate_eb", "rate_seb", "lower", "upper")


#: Local statistics that, beside the neighbours' shown counts, give a hidden count back by algebra (Gi* z is
#: linear in the area's own count): blanked at and next to a hidden count. The categories stay.
REVEALING = ("lisa_I", "gi_z", "gi_p", "gi_p_sim")


def suppress_small(frame: "pd.DataFrame", *, min_count: int, label: bool = False, lang: str = "nl",
                   weights: Any = None) -> tuple["pd.DataFrame", int]:
    """Hide registration counts below ``min_count`` (and the rates made from them); return how many areas.

    The statistics were computed on the real counts; only what is shown and
    written is hidden. A ``suppressed`` column says which areas were; with
    ``label`` a ``shown`` column says what readers see (``"<5"``, ``"0"``,
    ``"1.234"``: :func:`geo.grid.suppress`). With ``weights`` (the
    analysis's :class:`geo.weights.SpatialWeights`) the statistics that
    would give a hidden count back (:data:`REVEALING`) are blanked at every
    hidden area and its neighbours, and LISA's p is written as the bound of
    its significance class on the map (``0.0001`` ... ``0.05``; blank above): a
    square's Gi* z with its neighbours' shown counts gave its "<5" back
    exactly.
    """
    if min_count <= 0 or "value" not in frame.columns:
        return frame, 0
    out = frame.copy()
    small = (out["value"] < min_count).fillna(False).astype(bool)
    if label:
        # Incidents: zero stays 0 (no incident is no one's incident); 1 to min_count - 1 show as "<min_count".
        out["shown"] = grid.suppress(out["value"], min_count=min_count, lang=lang).to_numpy()
        small &= out["value"] > 0
    for column in COUNT_COLUMNS:
        if column in out.columns:
            out[column] = out[column].where(~small)
    for column in [c for c in out.columns if "__" in str(c) or str(c).startswith("change_")]:
        if column != "change_direction":  # per-period values of a series, the change's values
            out[column] = out[column].where(~small)
    out["suppressed"] = small
    if weights is not None and bool(small.any()):
        _hide_near(out, small.to_numpy(dtype=bool), weights)
    return out, int(small.sum())


def _hide_near(out: "pd.DataFrame", small: "Any", weights: Any) -> None:
    """Blank :data:`REVEALING` (and coarsen ``lisa_p``) at hidden areas and their neighbours, per period."""
    import numpy as np

    codes = np.asarray(getattr(weights, "codes", []), dtype=object)
    if not len(codes):
        return
    linked = (weights.w.sparse.tocsr() != 0).astype(float)
    index = {c: i for i, c in enumerate(codes)}
    where = out["code"].astype(str).map(index).to_numpy(dtype=float)
    groups = out.groupby("period").indices if "period" in out.columns else {None: np.arange(len(out))}
    near = np.zeros(len(out), dtype=bool)
    for rows in groups.values():
        rows = np.asarray(rows)
        known = ~np.isnan(where[rows])
        hidden = np.zeros(len(codes))
        hidden[where[rows][known & small[rows]].astype(int)] = 1.0
        touched = linked @ hidden > 0
        mine = np.zeros(len(rows), dtype=bool)
        mine[known] = touched[where[rows][known].astype(int)]
        near[rows] = mine | small[rows]
    for column in REVEALING:
        if column in out.columns:
            out[column] = out[column].where(~near)
    if "lisa_p" in out.columns:
        bounds = np.array([level for level, _ in maps.SIGNIFICANCE])  # the map's classes
        p = out["lisa_p"].to_numpy(dtype=float)
        slot = np.searchsorted(bounds, p, side="left")
        coarse = np.where(slot < len(bounds), bounds[np.minimum(slot, len(bounds) - 1)], np.nan)
        out["lisa_p"] = np.where(near, coarse, p)


def _suppress_change(change: "pd.DataFrame", min_count: int) -> "pd.DataFrame":
    """The change table with both counts hidden where either is below ``min_count``.

    The rate ratio, its interval and the exact test's p go with them: from a ratio of 0 and its upper
    bound the two counts can be worked out again.
    """
    if min_count <= 0:
        return change
    small = ((change["before"] < min_count) | (change["after"] < min_count)).fillna(False)
    out = change.copy()
    for column in ("before", "after", "difference", "rate_ratio", "rr_lower", "rr_upper", "p"):
        if column in out.columns:
            out[column] = out[column].where(~small)
    out["suppressed"] = small
    return out


def _csv_writer(table: "pd.DataFrame") -> "Callable[[Path], object]":
    return lambda path: write_csv(safe_frame(table), path)


def _copier(source: Path) -> "Callable[[Path], object]":
    return lambda path: shutil.copyfile(source, path)


def _static_writer(frame: Any, **kwargs: Any) -> "Callable[[Path], object]":
    return lambda path: maps.static_map(frame, [path], **kwargs)


#: The record of what vmgeo wrote into an output folder: only those files may be replaced without --force.
MANIFEST = ".vmgeo-manifest.json"
#: How long a run waits for another one writing the same output folder.
LOCK_TIMEOUT = 600.0


def check_out_dir(out_dir: str | Path, *, inputs: "tuple[str | Path, ...] | list[str | Path]" = (),
                  force: bool = False, names: "tuple[str, ...] | list[str]" = ()) -> None:
    """Refuse an output folder where writing would destroy something, before any work starts.

    ``names`` are the files about to be written (``map.html``, ``BT01/scan.html``):
    ``force`` leaves files vmgeo did not write alone, so one that sits where
    vmgeo would write (a user's folder named ``map.html``) is refused even then.

    Raises
    ------
    OutputError
        When ``out_dir`` is a file, holds one of ``inputs``, or holds files
        vmgeo did not write (unless ``force``, and then still when they are in
        the place of one of ``names``), naming them and what to do.
    """
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise OutputError(messages.line("outputs_out_file_folder", out=out))
    target = out.resolve()
    for item in inputs:
        path = Path(item)
        if path.exists() and path.resolve().parent == target and not force:
            raise OutputError(messages.line("outputs_out_folder_input", out=out, path=path))
    if not out.is_dir():
        return
    ours = _ours(out)
    if force:
        tops = {str(name).split("/")[0] for name in names}
        taken = sorted(p.name for p in out.iterdir() if p.name in tops and p.name not in ours)
        if taken:
            raise OutputError(messages.line("outputs_out_holds_which", out=out, files=few(taken, 5)))
        return
    foreign = sorted(p.name for p in out.iterdir() if p.name not in ours and not p.name.startswith("."))
    if foreign:
        raise OutputError(messages.line("outputs_out_holds_files", out=out, files=few(foreign, 5)))


def _ours(out: Path) -> set[str]:
    """The entries of ``out`` an earlier run of vmgeo wrote, by its manifest, as it wrote them.

    A name counts as vmgeo's only while it is still what vmgeo made there: a
    file where vmgeo wrote a file, a folder (not a link) holding nothing but
    the files vmgeo wrote into it. A folder a user has put in place of
    ``map.html``, or a note added to ``BT01/``, makes that name foreign, so
    it is refused (or, with ``--force``, left alone) instead of replaced.
    """
    try:
        record = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        files = [str(name) for name in record.get("files", [])]
    except (OSError, ValueError, AttributeError, TypeError):
        return {MANIFEST}
    ours = {MANIFEST}
    for top in {name.split("/")[0] for name in files}:
        path = out / top
        inside = {name for name in files if name.startswith(top + "/")}
        if not inside:
            if (path.is_file() and not path.is_symlink()) or not path.exists():
                ours.add(top)
        elif path.is_dir() and not path.is_symlink() and _holds_only(path, {n[len(top) + 1:] for n in inside}):
            ours.add(top)
    return ours


def _holds_only(folder: Path, names: set[str]) -> bool:
    """Whether every file under ``folder`` is one of ``names`` (paths relative to it, with ``/``)."""
    for path in folder.rglob("*"):
        if path.is_symlink() or (path.is_file() and path.relative_to(folder).as_posix() not in names):
            return False
    return True


def write_together(out_dir: str | Path, writers: dict[str, "Callable[[Path], object]"], *,
                   force: bool = False) -> list[Path]:
    """Write several files into ``out_dir`` as one.

    Every file is written into a staging folder beside ``out_dir``; only when
    all of them are complete are the earlier results replaced, as a whole:
    the old folder is renamed away and the new one renamed in, so a failure
    or an interruption at any moment leaves either the old results or the
    new ones, never a mix, and no staging folder. A file lock keeps two runs
    writing the same folder apart. Files vmgeo did not write are refused
    (:func:`check_out_dir`), or with ``force`` left where they are.

    Parameters
    ----------
    out_dir
        Folder to write in; created when missing.
    writers
        File name (``scan.html``, or with folders: ``BT01/scan.html``) to a function that writes that file
        at the path it is given.
    force
        Write into a folder that holds other files (they stay; only vmgeo's files are replaced).

    Returns
    -------
    list of pathlib.Path
        The files written, in the order of ``writers``.
    """
    from filelock import FileLock, Timeout

    out = Path(out_dir)
    parent = out.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(messages.line("outputs_cannot_create_output", out=out, reason=exc.strerror)) from exc
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(messages.line("outputs_folder_writable_choose", out=out, parent=parent))
    lock = FileLock(str(parent / f".{out.name}.vmgeo.lock"))
    try:
        lock.acquire(timeout=LOCK_TIMEOUT)
    except Timeout as exc:
        raise OutputError(messages.line("outputs_another_vmgeo_run", out=out, seconds=float(LOCK_TIMEOUT))) from exc
    try:
        _recover(out)
        check_out_dir(out, force=force, names=list(writers))
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.vmgeo-new-", dir=parent))
        # mkdtemp makes a private folder; the results folder gets the permissions a new folder would.
        os.chmod(staging, 0o777 & ~_umask())
        backup: Path | None = None
        try:
            for name, write in writers.items():
                try:
                    (staging / name).parent.mkdir(parents=True, exist_ok=True)
                    write(staging / name)
                except OSError as exc:
                    raise OutputError(messages.line("outputs_cannot_write_nothing", out=out, name=name,
                                                    reason=exc.strerror or exc)) from exc
            names = list(writers)
            write_json(staging / MANIFEST, {"vmgeo_version": _version(), "files": names})
            _interrupt.check()  # a run asked to stop publishes nothing
            backup = _swap(out, staging, names)
        finally:
            for leftover in (staging, backup):
                if leftover is not None and leftover.exists():
                    shutil.rmtree(leftover, ignore_errors=True)
    finally:
        lock.release()
    return [out / name for name in writers]


def _swap(out: Path, staging: Path, names: list[str]) -> Path | None:
    """Put the staged files in place; return the folder of the old ones (to be removed)."""
    if not out.exists():
        os.rename(staging, out)
        return None
    backup = Path(tempfile.mkdtemp(prefix=f".{out.name}.vmgeo-old-", dir=out.parent))
    ours = _ours(out)
    foreign = [p for p in out.iterdir() if p.name not in ours and not p.name.startswith(".vmgeo-")]
    if not foreign:
        # Only vmgeo's files: swap the whole folder (two renames).
        os.rmdir(backup)
        os.rename(out, backup)
        try:
            os.rename(staging, out)
        except OSError:
            os.rename(backup, out)
            raise
        return backup
    # --force beside other files: move vmgeo's old files aside, then the new ones in; undo on failure.
    moved: list[str] = []
    try:
        tops = sorted({n.split("/")[0] for n in names})
        for name in sorted(ours | set(tops) | {MANIFEST}):
            if (out / name).exists() and name not in {p.name for p in foreign}:
                os.replace(out / name, backup / name)
                moved.append(name)
        for name in [*tops, MANIFEST]:
            os.replace(staging / name, out / name)
    except OSError:
        for name in moved:
            if (backup / name).exists():
                os.replace(backup / name, out / name)
        raise
    return backup


def _version() -> str:
    """vmgeo's version, for the manifest (read here: the package's face sits above this module)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("vmgeo")
    except PackageNotFoundError:
        return "0+unknown"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _recover(out: Path) -> None:
    """Tidy up after a run that was killed: restore results it had moved aside, remove its staging folders."""
    olds = sorted(out.parent.glob(f".{out.name}.vmgeo-old-*"))
    if not out.exists() and olds:
        os.rename(olds[-1], out)  # killed between the two renames: the old results come back
        olds = olds[:-1]
    for leftover in [*olds, *out.parent.glob(f".{out.name}.vmgeo-new-*")]:
        shutil.rmtree(leftover, ignore_errors=True)


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
            out[column] = safe_cells(out[column])
    out.columns = [safe_cell(str(c)) for c in out.columns]
    return out


def safe_cells(column: "pd.Series") -> "pd.Series":
    """:func:`safe_cell` of every cell of ``column``, as ``column.map(safe_cell)`` gives it.

    A column of text is checked at once (results.csv of a 12-period series on
    100,000 squares has 8 million text cells); a column holding anything else
    besides text keeps the cell-by-cell rule.
    """
    import numpy as np
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    if not column.notna().any() or pd.api.types.infer_dtype(column, skipna=True) != "string":
        return column.map(safe_cell)  # (an empty "str" column says "string" too, and map makes it float)
    arrow = isinstance(column.dtype, pd.StringDtype) and column.dtype.storage == "pyarrow"
    # An Arrow-backed text column is checked where it lies; an object column is converted once.
    texts = pa.array(column.array) if arrow else pa.array(column.to_numpy(dtype=object), type=pa.large_string(),
                                                          from_pandas=True)
    starts = [pc.fill_null(pc.starts_with(texts, pattern=start), False) for start in FORMULA_STARTS]
    formula = np.flatnonzero(np.logical_or.reduce([s.to_numpy(zero_copy_only=False) for s in starts]))
    if arrow and not len(formula):
        return column.copy()  # nothing to guard: map would give the same "str" column
    made = pd.Series(np.array(["a"], dtype=object)).dtype  # the type map gives text ("str" on pandas 3)
    if isinstance(made, pd.StringDtype) and made.storage == "pyarrow":
        # Built in Arrow: converting 4.8 million Python strings back and forth cost seconds a column.
        if len(formula):
            mask = np.zeros(len(texts), dtype=bool)
            mask[formula] = True
            fixed = [safe_cell(v) for v in texts.take(pa.array(formula)).to_pylist()]
            texts = pc.replace_with_mask(texts, pa.array(mask), pa.array(fixed, type=texts.type))
        return pd.Series(pd.array(texts, dtype=made), index=column.index, name=column.name)
    values = column.to_numpy(dtype=object).copy()
    values[formula] = [safe_cell(v) for v in values[formula]]
    # Built as map builds its result, so the column's type comes out as map's would (text: "str").
    return pd.Series(values, index=column.index, name=column.name)


#: Rows of a CSV built at once by :func:`write_csv` (bounds the text held in memory: a few MB a column).
CSV_ROWS = 100_000


def write_csv(frame: "pd.DataFrame", path: Path) -> None:
    """``frame.to_csv(path, index=False, encoding="utf-8")``, byte for byte, built a column at a time.

    pandas formats every float with NumPy's shortest repr, one number at a
    time, and hands rows of Python objects to the csv module: series.csv of a
    12-period series on 400,000 squares (4.8 million rows) cost tens of
    seconds that way. Here every column becomes Arrow text at once
    (:func:`_csv_cells`) and the rows are joined in Arrow. Columns of a type
    that path does not know (categories, dates, nullable numbers), a frame of
    one column or none, and an empty frame are left to pandas.
    """
    import csv
    import io

    import pyarrow.compute as pc

    if len(frame.columns) < 2 or not len(frame) or not frame.columns.is_unique:
        frame.to_csv(path, index=False, encoding="utf-8")
        return
    columns = [frame.iloc[:, i] for i in range(len(frame.columns))]
    if any(_csv_kind(c) is None for c in columns):
        frame.to_csv(path, index=False, encoding="utf-8")
        return
    header = io.StringIO()
    csv.writer(header, lineterminator=os.linesep).writerow([str(c) for c in frame.columns])
    with open(path, "wb") as fh:
        fh.write(header.getvalue().encode("utf-8"))
        for start in range(0, len(frame), CSV_ROWS):
            cells = [_csv_cells(c.iloc[start:start + CSV_ROWS]) for c in columns]
            lines = pc.binary_join_element_wise(pc.binary_join_element_wise(*cells, ","), "", os.linesep)
            fh.write(_text_bytes(lines))


def _csv_kind(column: "pd.Series") -> str | None:
    """How :func:`_csv_cells` writes ``column``: ``float``, ``int``, ``bool``, ``text``; ``None``: pandas does."""
    import numpy as np
    import pandas as pd

    dtype = column.dtype
    if isinstance(dtype, np.dtype):
        if dtype == np.float64:
            return "float"
        if dtype.kind in "iu":
            return "int"
        if dtype == np.bool_:
            return "bool"
        if dtype.kind != "O":
            return None
    elif not (isinstance(dtype, pd.StringDtype) or str(dtype) in ("str", "string")):
        return None
    kind = pd.api.types.infer_dtype(column, skipna=True)
    return "text" if kind in ("string", "empty") else None


def _csv_cells(column: "pd.Series") -> Any:
    """The cells of ``column`` as pandas' ``to_csv`` writes them, as Arrow text without nulls."""
    import numpy as np
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    kind = _csv_kind(column)
    if kind == "float":
        return _float_cells(column.to_numpy())
    if kind == "int":
        return pc.cast(pa.array(column.to_numpy()), pa.string())  # str() of an integer
    if kind == "bool":
        return pa.array(np.where(column.to_numpy(), "True", "False"), type=pa.string())
    arrow = isinstance(column.dtype, pd.StringDtype) and column.dtype.storage == "pyarrow"
    texts = (pa.array(column.array) if arrow
             else pa.array(column.to_numpy(dtype=object), type=pa.string(), from_pandas=True))
    if isinstance(texts, pa.ChunkedArray):
        texts = texts.combine_chunks()
    texts = pc.fill_null(texts.cast(pa.string()), "")  # a missing text is written empty (pandas' na_rep)
    quoted = np.flatnonzero(pc.match_substring_regex(texts, r'[,"\r\n]').to_numpy(zero_copy_only=False))
    if len(quoted):
        # The csv module's own quoting, for the few cells that need it (a name with a comma).
        import csv
        import io

        def quote(value: str) -> str:
            # The line end as pandas gives it: which characters call for quotes depends on it.
            buffer = io.StringIO()
            csv.writer(buffer, lineterminator=os.linesep).writerow([value, ""])
            return buffer.getvalue()[:-1 - len(os.linesep)]

        values = texts.take(pa.array(quoted)).to_pylist()
        mask = np.zeros(len(texts), dtype=bool)
        mask[quoted] = True
        texts = pc.replace_with_mask(texts, pa.array(mask), pa.array([quote(v) for v in values], type=pa.string()))
    return texts


def _float_cells(values: "Any") -> Any:
    """Floats as pandas writes them (NumPy's ``astype(str)``, Python's repr; NaN empty), mostly by Arrow.

    Arrow's shortest digits are the repr's, and where it writes them without an exponent it writes them
    as the repr does, but for the ``.0`` of a whole number. Numbers below 0.0001 or from 10^16 on (the
    repr's exponents), the ones Arrow gives an exponent, zero, inf and NaN are formatted by NumPy itself.
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    values = np.asarray(values, dtype=np.float64)
    magnitude = np.abs(values)
    with np.errstate(invalid="ignore"):
        plain = (magnitude >= 1e-4) & (magnitude < 1e16)
    cells = pc.cast(pa.array(values), pa.string())
    plain &= ~pc.match_substring(cells, "e").to_numpy(zero_copy_only=False)
    whole = np.zeros(len(values), dtype=bool)
    whole[plain] = values[plain] == np.floor(values[plain])
    if whole.any():
        cells = pc.if_else(pa.array(whole), pc.binary_join_element_wise(cells, ".0", ""), cells)
    rest = np.flatnonzero(~plain)
    if len(rest):
        odd = values[rest]
        texts = np.where(np.isnan(odd), "", odd.astype(str))
        mask = np.zeros(len(values), dtype=bool)
        mask[rest] = True
        cells = pc.replace_with_mask(cells, pa.array(mask), pa.array(texts, type=pa.string()))
    return cells


def _text_bytes(lines: Any) -> Any:
    """The bytes of an Arrow text array without nulls, one after the other (its data buffer, sliced)."""
    import numpy as np
    import pyarrow as pa

    if isinstance(lines, pa.ChunkedArray):
        lines = lines.combine_chunks()
    assert lines.null_count == 0
    width = np.int64 if pa.types.is_large_string(lines.type) else np.int32
    offsets = np.frombuffer(lines.buffers()[1], dtype=width)[lines.offset:lines.offset + len(lines) + 1]
    return memoryview(lines.buffers()[2])[int(offsets[0]):int(offsets[-1])]


def write_json(path: Path, content: dict[str, Any]) -> None:
    """A summary as readable JSON: UTF-8, indented, no NaN (a statistic without a value is ``null``)."""
    path.write_text(json.dumps(_finite(content), indent=2, ensure_ascii=False, allow_nan=False,
                               default=_json_default) + "\n", encoding="utf-8")


def _finite(value: Any) -> Any:
    """``value`` with every NaN or infinite number made ``None``: a z of 0/0 (three areas that all border
    each other have Moran's I exactly at its expectation) is no number, and JSON has none for it."""
    import numpy as np

    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    if isinstance(value, float | np.floating) and not math.isfinite(float(value)):
        return None
    return value


def result_table(frame: "gpd.GeoDataFrame") -> "gpd.GeoDataFrame":
    """The result columns of an analysed frame, in a fixed order, with geometry."""
    columns = [c for c in RESULT_COLUMNS if c in frame.columns] + ["geometry"]
    out = frame[columns].copy()
    for c in ("code", "name", "lisa_quadrant", "lisa_cluster", "gi_category", "bv_quadrant", "bv_cluster"):
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
