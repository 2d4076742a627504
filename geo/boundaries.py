"""Loading boundary files: gemeenten, wijken, buurten and police units.

A boundary file is read with pyogrio, checked for a CRS, projected to RD New
(EPSG:28992) for analysis, repaired where its geometry is invalid, and its
code and name columns are found: the name the user gave, or one of the
fields CBS and PDOK use.
"""

from __future__ import annotations

import logging
import math
import re
import warnings
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import fetch, messages, text
from .errors import CodeMismatchError, ColumnError, CRSError, DataError, InputFileError, OptionError, few
from .levels import LEVELS
from .reports import Boundaries
from .settings import ANALYSIS_CRS, Settings

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
    option: str = "--boundaries",
    crs_option: str = "--crs",
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
    option
        The option that named the file, for messages (``--context`` for outlines).
    crs_option
        The option that gives ``crs``, for messages (``--boundary-crs`` with ``--incidents``, where ``--crs`` is
        the CRS of the incidents' coordinates).

    Returns
    -------
    Boundaries
        ``frame``: all columns of the file plus ``code`` and ``name`` (text),
        in EPSG:28992, with repaired geometry; ``repaired``: the codes whose
        geometry was repaired; ``source``, ``code_column``, ``name_column``.
    """
    import shapely

    path = Path(path)
    name = label or str(path)
    gdf = _read(path, name, layer=layer, option=option)
    _check_polygons(gdf, name)
    try:
        gdf = _to_analysis_crs(gdf, name, crs)
    except CRSError as exc:
        if crs_option == "--crs":
            raise
        # The advice names the option that gives this file's CRS in this run, not the incidents' --crs.
        raise CRSError(re.sub(r"--crs\b", crs_option, str(exc))) from exc.__cause__

    code_col = _pick_column(gdf, code_column, CODE_FIELDS, path=name, what="code", option="--boundary-code-column")
    if code_col is None:
        raise ColumnError(
            messages.line("boundaries_name_no_code_column", name=name, join_code_fields_6=', '.join(CODE_FIELDS[:6]),
                          columns_gdf=_columns(gdf))
        )
    name_col = _pick_column(gdf, name_column, NAME_FIELDS, path=name, what="name", option="--name-column")

    out = gdf.copy()
    out["code"] = out[code_col].map(_code_text)
    out["name"] = out[name_col].astype("string").str.strip() if name_col else out["code"]
    out["name"] = out["name"].fillna(out["code"])
    if out["code"].isna().any():
        rows = [int(i) + 1 for i in out.index[out["code"].isna()][:5]]
        raise CodeMismatchError(messages.line("boundaries_name_column_code_col", name=name, code_col=code_col,
                                              rows=rows))
    dupes = out["code"][out["code"].duplicated()].unique().tolist()
    if dupes:
        raise CodeMismatchError(
            messages.line("boundaries_name_column_code_col2", name=name, code_col=code_col, few_dupes=few(dupes))
        )

    invalid = ~out.geometry.is_valid
    repaired: list[str] = []
    if invalid.any():
        repaired = out.loc[invalid, "code"].tolist()
        out.loc[invalid, "geometry"] = shapely.make_valid(out.loc[invalid, "geometry"].values, method="structure")
        log.warning(text.Say("w_repaired_geometry", name=name, n=len(repaired), codes=few(repaired)))
    out = out[~out.geometry.is_empty].copy()

    return Boundaries(frame=out, source=name, code_column=code_col, name_column=name_col, repaired=tuple(repaired))


def _read(path: Path, name: str, *, layer: str | None, option: str) -> "gpd.GeoDataFrame":
    """The features of a boundary file that have a geometry; one clear line for what cannot be read."""
    import geopandas as gpd
    import pyogrio

    if not path.exists():
        raise InputFileError(messages.line("boundaries_path_boundary_file_found", path=path, option=option))
    if path.suffix.lower() not in READABLE_SUFFIXES and not path.is_dir():
        raise InputFileError(
            messages.line("boundaries_name_cannot_read_path", name=name, path_suffix=path.suffix)
        )
    try:
        if path.is_file():
            layers = [str(row[0]) for row in pyogrio.list_layers(path)]
            if layer is None and len(layers) > 1:
                raise InputFileError(messages.line("boundaries_name_holds_len_layers", name=name,
                                                   len_layers=len(layers), few_layers_6=few(layers, 6),
                                                   layers_0=layers[0]))
            if layer is not None and layer not in layers:
                raise InputFileError(messages.line("boundaries_name_no_layer_layer", name=name, layer=layer,
                                                   few_layers_6=few(layers, 6)))
        gdf = gpd.read_file(path, layer=layer, engine="pyogrio")
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, ValueError, OSError) as exc:
        if isinstance(exc, InputFileError):
            raise
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputFileError(messages.line("boundaries_name_cannot_read_as", name=name, first=first)) from exc
    if gdf.empty:
        raise DataError(messages.line("boundaries_name_boundary_file_no", name=name))
    empty = gdf.geometry.isna() | gdf.geometry.is_empty
    if empty.all():
        raise DataError(messages.line("boundaries_name_none_its_len", name=name, len_gdf=len(gdf)))
    if empty.any():
        log.warning(text.Say("w_no_geometry", name=name, n=int(empty.sum())))
        gdf = gdf[~empty].copy()
    return gdf


def areas(
    source: "str | Path | Sequence[str | Path]",
    *,
    year: int | None = None,
    code_column: str | None = None,
    data_code_column: str | None = None,
    name_column: str | None = None,
    crs: str | None = None,
    layer: str | None = None,
    settings: Settings | None = None,
    refresh: bool = False,
    crs_option: str = "--crs",
) -> Boundaries:
    """The areas of a run: boundary files, or PDOK levels of a year, as one :class:`~geo.reports.Boundaries`.

    The one way every command loads its areas (``hotspots``, ``change``,
    ``units``; ``trend`` and ``scan`` next).

    Parameters
    ----------
    source
        A boundary file, a level name (``gemeente``, ``wijk``, ``buurt``,
        ``provincie``, ...: fetched from PDOK for ``year``), or a list of
        them (members of several levels). A :class:`~pathlib.Path` is always
        a file; a text that names a level and no existing file is a level.
    year
        The boundary year of PDOK levels (not needed for files).
    code_column
        Code column of the files (``--boundary-code-column``); by default
        ``data_code_column`` when a file has that field, else a CBS field.
    data_code_column
        The data's code column (``--code-column``), tried as the files' code column.
    name_column, crs, layer, crs_option
        As for :func:`load_boundaries`.
    settings, refresh
        For PDOK downloads (:func:`from_pdok`).

    Returns
    -------
    Boundaries
        One frame with ``code``, ``name`` and geometry in RD New (only those
        columns when several sources are combined), the repaired codes, and
        the PDOK provenance of every downloaded level.

    Raises
    ------
    OptionError
        A PDOK level without ``year``.
    CodeMismatchError
        The same code in two sources.
    """
    items = [source] if isinstance(source, (str, Path)) else list(source)
    if not items:
        raise OptionError(messages.line("boundaries_no_boundaries_give_boundaries"))
    loaded: list[Boundaries] = []
    for item in items:
        if isinstance(item, str) and item in LEVELS and not Path(item).exists():
            if year is None:
                raise OptionError(messages.line("boundaries_pdok_item_boundaries_need", item=item))
            loaded.append(from_pdok(item, year, settings=settings, refresh=refresh))
        else:
            code = code_column or _field_if_present(item, data_code_column, layer)
            loaded.append(load_boundaries(item, code_column=code, name_column=name_column, crs=crs, layer=layer,
                                          crs_option=crs_option))
    return combine(loaded)


def from_pdok(level: str, year: int, *, settings: Settings | None = None, refresh: bool = False) -> Boundaries:
    """Boundaries of ``level`` in ``year`` from PDOK (or the cache), loaded as a user's file is.

    Parameters
    ----------
    level
        A level of the boundary catalogue (``gemeente``, ``wijk``, ``buurt``, ``provincie``, ...).
    year
        The boundary year.
    settings
        Endpoints, cache folder, offline mode; from the environment by default.
    refresh
        Download again even when cached.

    Raises
    ------
    geo.fetch.NotPublishedError
        PDOK publishes no boundaries of ``level`` for ``year`` (a :class:`~geo.errors.NotFoundError`).
    """
    found = fetch.boundary_file(level, year, settings=settings, refresh=refresh)
    loaded = load_boundaries(found.path, code_column=found.code_column, name_column=found.name_column,
                             label=found.label)
    return replace(loaded, provenance=(found.provenance,))


def combine(parts: "Sequence[Boundaries]") -> Boundaries:
    """Boundaries of several files or levels as one, refusing a code that comes twice."""
    if len(parts) == 1:
        return parts[0]
    import geopandas as gpd
    import pandas as pd

    frame = gpd.GeoDataFrame(pd.concat([b.frame[["code", "name", "geometry"]] for b in parts], ignore_index=True),
                             crs=parts[0].frame.crs)
    doubles = sorted(set(frame["code"][frame["code"].duplicated()]))
    if doubles:
        raise CodeMismatchError(messages.line("boundaries_len_doubles_code_s", len_doubles=len(doubles),
                                              few_doubles=few(doubles)))
    return Boundaries(frame=frame, source=", ".join(b.source for b in parts),
                      repaired=tuple(c for b in parts for c in b.repaired),
                      provenance=tuple(p for b in parts for p in b.provenance))


def _field_if_present(path: "str | Path", field: str | None, layer: str | None) -> str | None:
    """``field`` when the file has a field of that name (the data's code column), else ``None``."""
    if not field:
        return None
    import pyogrio

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "more than one layer": load_boundaries names them
            fields = set(pyogrio.read_info(path, layer=layer)["fields"])
    except Exception:  # unreadable files are reported by load_boundaries, with the file's name
        return None
    return field if field in fields else None


#: Where RD New coordinates of the Netherlands (and its coastal waters) lie, in metres, with room to spare.
RD_EXTENT = (-60_000.0, 250_000.0, 350_000.0, 700_000.0)


def _check_polygons(gdf: "gpd.GeoDataFrame", name: str) -> None:
    """Boundaries are areas: points, lines or mixed collections are refused, naming what was found."""
    kinds = gdf.geometry.geom_type
    bad = kinds[~kinds.isin(["Polygon", "MultiPolygon"])]
    if len(bad):
        found = ", ".join(f"{n} {k}" for k, n in bad.value_counts().items())
        raise DataError(messages.line("boundaries_name_boundaries_must_polygons", name=name, len_bad=len(bad),
                                      len_gdf=len(gdf), found=found))


def _to_analysis_crs(gdf: "gpd.GeoDataFrame", name: str, crs: str | None) -> "gpd.GeoDataFrame":
    """Project to RD New, after checking that the coordinates fit the CRS the file declares.

    A GeoJSON file has no CRS of its own: GDAL reads it as lon/lat. RD New
    metres in such a file (a common export mistake) would land far outside
    the world; they are recognised, and ``--crs EPSG:28992`` says what they are.
    """
    from pyproj.exceptions import CRSError as ProjCRSError
    from pyproj.exceptions import ProjError

    minx, miny, maxx, maxy = gdf.total_bounds
    if gdf.crs is not None and gdf.crs.is_geographic and (abs(minx) > 180 or abs(maxx) > 180 or abs(maxy) > 90):
        looks_rd = RD_EXTENT[0] <= minx and maxx <= RD_EXTENT[2] and RD_EXTENT[1] <= miny and maxy <= RD_EXTENT[3]
        if crs is None:
            guess = messages.line("guess_rd" if looks_rd else "guess_crs")
            raise CRSError(messages.line("boundaries_name_coordinates_minx_f", name=name, minx=minx, miny=miny,
                                         maxx=maxx, maxy=maxy, guess=guess))
        try:
            gdf = gdf.set_crs(crs, allow_override=True)
        except (ProjCRSError, ValueError) as exc:
            raise CRSError(messages.line("boundaries_name_crs_crs_r", name=name, crs=crs)) from exc
    elif gdf.crs is not None and crs is not None and not _same_crs(gdf.crs, crs):
        # The file's own CRS wins (it is what its coordinates are in); an option that changes nothing says so.
        log.warning(text.Say("w_crs_not_used", name=name, crs=crs, own=gdf.crs.name))
    elif gdf.crs is None:
        if crs is None:
            raise CRSError(
                messages.line("boundaries_name_boundary_file_no2", name=name)
            )
        try:
            gdf = gdf.set_crs(crs)
        except (ProjCRSError, ValueError) as exc:
            raise CRSError(messages.line("boundaries_name_crs_crs_r", name=name, crs=crs)) from exc
    try:
        out = gdf.to_crs(ANALYSIS_CRS)
    except (ProjCRSError, ProjError, ValueError) as exc:
        raise CRSError(messages.line("boundaries_name_its_crs_gdf", name=name,
                                     gdf_crs_name_if_gdf_=gdf.crs.name if gdf.crs else '?')) from exc
    _check_projected(out, gdf, name)
    return out


def _check_projected(out: "gpd.GeoDataFrame", gdf: "gpd.GeoDataFrame", name: str) -> None:
    """Refuse areas that did not land in the Netherlands once projected to RD New: their CRS is wrong."""
    minx, miny, maxx, maxy = out.total_bounds
    if not all(math.isfinite(v) for v in (minx, miny, maxx, maxy)):
        # Degrees read as metres (or the reverse) project to infinity: there is no extent to show.
        raise CRSError(messages.line("boundaries_name_areas_not_projected", name=name,
                                     own=gdf.crs.name if gdf.crs else "?"))
    inside = RD_EXTENT[0] <= minx and maxx <= RD_EXTENT[2] and RD_EXTENT[1] <= miny and maxy <= RD_EXTENT[3]
    if not inside:
        raise CRSError(messages.line("boundaries_name_areas_lie_outside", name=name, minx=minx, miny=miny, maxx=maxx,
                                     maxy=maxy, gdf_crs_name_if_gdf_=gdf.crs.name if gdf.crs else '?'))


def _same_crs(own: Any, given: str) -> bool:
    """Whether ``given`` names the CRS a file declares (EPSG:28992 and the file's RD New alike)."""
    from pyproj import CRS
    from pyproj.exceptions import CRSError as ProjCRSError

    try:
        return bool(CRS.from_user_input(given).equals(own, ignore_axis_order=True))
    except ProjCRSError:
        return False


def overlapping(gdf: "gpd.GeoDataFrame") -> list[tuple[str, str]]:
    """Pairs of areas of which one lies (partly) inside the other: the same area twice, or two levels mixed.

    Each area's point on its surface must lie in no other area. This finds
    duplicates and nested levels (a wijk inside its gemeente) in a fraction of
    a second where a full coverage check of many-vertex buurten takes
    seconds; it does not flag the square metres by which generalised
    neighbours overlap at their borders.
    """
    import shapely

    geoms = gdf.geometry.values
    points = shapely.point_on_surface(geoms)
    tree = shapely.STRtree(geoms)
    inside, container = tree.query(points, predicate="within")
    codes = gdf["code"].astype(str).to_numpy()
    return sorted({(codes[i], codes[j]) for i, j in zip(inside, container) if i != j})


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
        raise ColumnError(messages.line("boundaries_path_no_what_column", path=path, what=messages.term(what),
                                        given=given,
                                        option=option, columns_gdf=_columns(gdf)))
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

