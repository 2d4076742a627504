"""Loading boundary files: gemeenten, wijken, buurten and police units.

A boundary file is read with pyogrio, checked for a CRS, projected to RD New
(EPSG:28992) for analysis, repaired where its geometry is invalid, and its
code and name columns are found: the name the user gave, or one of the
fields CBS and PDOK use.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import CodeMismatchError, ColumnError, CRSError, DataError, InputFileError, few
from .reports import Boundaries
from .settings import ANALYSIS_CRS

if TYPE_CHECKING:
    import geopandas as gpd

log = logging.getLogger("geo")

#: Code fields in CBS/PDOK gebiedsindelingen and wijk- en buurtkaart files, most specific first.
CODE_FIELDS = (
    "statcode",
    "buurtcode",
    "wijkcode",
    "gemeentecode",
    "gm_code",
    "wk_code",
    "bu_code",
    "code",
    "regiocode",
    "unit_code",
)
#: Name fields in the same files.
NAME_FIELDS = (
    "statnaam",
    "buurtnaam",
    "wijknaam",
    "gemeentenaam",
    "gm_naam",
    "wk_naam",
    "bu_naam",
    "naam",
    "name",
    "regionaam",
    "unit_name",
)

READABLE_SUFFIXES = {".geojson", ".json", ".gpkg", ".shp", ".zip", ".fgb", ".gml"}


def load_boundaries(
    path: str | Path,
    *,
    code_column: str | None = None,
    name_column: str | None = None,
    crs: str | None = None,
    layer: str | None = None,
    label: str | None = None,
) -> Boundaries:
    """Read a boundary file into a GeoDataFrame in RD New.

    Parameters
    ----------
    path
        GeoJSON, GeoPackage, Shapefile (or zipped Shapefile) or FlatGeobuf.
    code_column
        Column with the area codes. By default the first recognised CBS code
        field (``statcode``, ``gemeentecode``, ``wijkcode``, ``buurtcode``, ...).
    name_column
        Column with the area names. By default a recognised name field
        (``statnaam``, ``naam``, ...); codes are used when there is none.
    crs
        CRS to assume when the file has none (for example a Shapefile
        without ``.prj``); never overrides a CRS the file declares.
    layer
        Layer of a multi-layer file (GeoPackage).
    label
        How to name the file in messages (e.g. "PDOK gemeente 2023" for a cached download).

    Returns
    -------
    Boundaries
        ``frame``: all columns of the file plus ``code`` and ``name`` (text),
        in EPSG:28992, with repaired geometry; ``repaired``: the codes whose
        geometry was repaired; ``source``, ``code_column``, ``name_column``.
    """
    import geopandas as gpd
    import pyogrio
    import shapely

    path = Path(path)
    name = label or str(path)
    if not path.exists():
        raise InputFileError(f"{path}: boundary file not found; check the path given to --boundaries")
    if path.suffix.lower() not in READABLE_SUFFIXES and not path.is_dir():
        raise InputFileError(
            f"{name}: cannot read '{path.suffix}' files as boundaries; "
            "give a GeoJSON, GeoPackage or Shapefile"
        )
    try:
        gdf = gpd.read_file(path, layer=layer, engine="pyogrio")
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, ValueError, OSError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputFileError(f"{name}: cannot be read as a boundary file ({first})") from exc
    if gdf.empty:
        raise DataError(f"{name}: the boundary file has no features")
    if gdf.geometry.isna().any():
        missing = int(gdf.geometry.isna().sum())
        log.warning("%s: %d feature(s) without geometry left out", path, missing)
        gdf = gdf[gdf.geometry.notna()].copy()

    if gdf.crs is None:
        if crs is None:
            raise CRSError(
                f"{name}: the boundary file has no CRS (a Shapefile without .prj?); "
                "give it with --crs, e.g. --crs EPSG:28992 for RD New or --crs EPSG:4326 for lon/lat"
            )
        gdf = gdf.set_crs(crs)
    gdf = gdf.to_crs(ANALYSIS_CRS)

    code_col = _pick_column(gdf, code_column, CODE_FIELDS, path=name, what="code", option="--boundary-code-column")
    if code_col is None:
        raise ColumnError(
            f"{name}: no code column found (looked for {', '.join(CODE_FIELDS[:6])}, ...); "
            f"name it with --boundary-code-column. Columns are: {_columns(gdf)}"
        )
    name_col = _pick_column(gdf, name_column, NAME_FIELDS, path=name, what="name", option="--name-column")

    out = gdf.copy()
    out["code"] = out[code_col].map(_code_text)
    out["name"] = out[name_col].astype("string").str.strip() if name_col else out["code"]
    out["name"] = out["name"].fillna(out["code"])
    if out["code"].isna().any():
        rows = [int(i) + 1 for i in out.index[out["code"].isna()][:5]]
        raise CodeMismatchError(f"{name}: column {code_col!r} is empty in feature(s) {rows}; every area needs a code")
    dupes = out["code"][out["code"].duplicated()].unique().tolist()
    if dupes:
        raise CodeMismatchError(
            f"{name}: column {code_col!r} has duplicate codes {few(dupes)}; "
            "dissolve the parts into one feature per area or choose another code column"
        )

    invalid = ~out.geometry.is_valid
    repaired: list[str] = []
    if invalid.any():
        repaired = out.loc[invalid, "code"].tolist()
        out.loc[invalid, "geometry"] = shapely.make_valid(out.loc[invalid, "geometry"].values, method="structure")
        log.warning("%s: repaired invalid geometry of %d area(s): %s", name, len(repaired), few(repaired))
    out = out[~out.geometry.is_empty].copy()

    return Boundaries(frame=out, source=name, code_column=code_col, name_column=name_col, repaired=tuple(repaired))


def _pick_column(
    gdf: "gpd.GeoDataFrame",
    given: str | None,
    candidates: tuple[str, ...],
    *,
    path: Path | str,
    what: str,
    option: str,
) -> str | None:
    lower = {str(c).lower(): str(c) for c in gdf.columns if c != gdf.geometry.name}
    if given:
        if given in gdf.columns:
            return given
        if given.lower() in lower:
            return lower[given.lower()]
        raise ColumnError(f"{path}: no {what} column {given!r} ({option}); columns are: {_columns(gdf)}")
    for candidate in candidates:
        if candidate in lower:
            return lower[candidate]
    return None


def _columns(gdf: "gpd.GeoDataFrame") -> str:
    cols = [repr(str(c)) for c in gdf.columns if c != gdf.geometry.name]
    return ", ".join(cols[:15]) + (", ..." if len(cols) > 15 else "")


def _code_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float):
        if value != value:  # NaN
            return None
        if value.is_integer():
            value = int(value)
    text = str(value).strip()
    return text or None

