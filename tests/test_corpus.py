"""The bad-input corpus: every command, every kind of bad input, one clear line and nothing damaged.

Each case runs one ``vmgeo`` command line that must fail on its input and
checks what a failure owes the user:

- exit status 1 and exactly one ``vmgeo: fout:`` line, no traceback (an
  unexpected error, exit 2, is a failure of vmgeo);
- the line contains the words that name the problem: the file, column, row,
  code or option, and what to do;
- the output (a folder holding an earlier result, or an earlier file) is
  byte for byte as it was, with no staging folder left beside it;
- the download cache, filled by good runs against the stand-in server
  (``tests/servers.py``), is byte for byte as it was.

The commands run in this process (``geo.cli.main``, with the environment set
per case), so that some 200 cases cost seconds rather than minutes of
interpreter start-ups; :func:`test_same_line_in_a_child_process` runs a few
of them as a user would, in a child process, and expects the same line.

The table of the corpus is ``docs/bad-inputs.md``; :func:`test_docs_table_lists_the_corpus`
keeps it and :data:`CASES` in step. Regenerate it with
``python -m tests.test_corpus > docs/bad-inputs.md``.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ERROR_PREFIXES, REPO, TESTDATA, UNEXPECTED, error_line, run_cli, run_in_process

DOC = REPO / "docs" / "bad-inputs.md"
MAPPING = TESTDATA / "mapping" / "gemeente_2023_provincie_veiligheidsregio_politie-eenheid.csv"
GEMEENTEN = TESTDATA / "boundaries" / "gemeente_2023_rd.geojson"
CRIMES = TESTDATA / "cbs" / "gemeenten_brengdelicten2023_bevolking2024.csv"
HEADER = "unit_code,unit_name,level,parent_code,member_code,valid_from,valid_to\n"


# --- running vmgeo -------------------------------------------------------------------------------

#: Kept under its old name: the corpus ran in-process before the rest of the suite did.
run_vmgeo = run_in_process


# --- the cases -----------------------------------------------------------------------------------

Setup = Callable[["Ctx"], None]


@dataclass(frozen=True)
class Case:
    """One bad command line.

    ``args`` may hold ``{OUT}`` (the output, holding an earlier result),
    ``{T}`` (the case's own folder, where ``setup`` writes its files),
    ``{B}`` / ``{D}`` (the small region's boundaries and figures) and ``{W}``
    (its wijken with the gemeente, for compositions). ``group`` is the
    command as the docs table names it.
    """

    id: str
    group: str
    what: str
    args: tuple[str, ...]
    words: tuple[str, ...]
    setup: Setup | None = None
    env: dict[str, str] = field(default_factory=dict)
    #: What {OUT} is: a folder with an earlier result ("dir"), an earlier file ("file") or nothing ("none").
    out: str = "dir"
    #: Where {OUT} points instead of the case's own folder (e.g. under /proc), when the place is the point.
    at: str | None = None


@dataclass
class Ctx:
    """Paths a case's setup writes into, and the shared inputs."""

    tmp: Path
    out: Path
    region: Any
    shared: Path

    def table(self) -> Any:
        """The small region's figures as text, to change and write back."""
        return self.region.table.astype(str)


def data(change: Callable[[Any], Any], name: str = "data.csv") -> Setup:
    """A setup writing the small region's figures, changed by ``change``, to ``{T}/<name>``."""
    def setup(ctx: Ctx) -> None:
        change(ctx.table()).to_csv(ctx.tmp / name, index=False)
    return setup


def text(name: str, content: str | bytes) -> Setup:
    def setup(ctx: Ctx) -> None:
        path = ctx.tmp / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return setup


def both(*setups: Setup) -> Setup:
    def setup(ctx: Ctx) -> None:
        for s in setups:
            s(ctx)
    return setup


def _set(frame: Any, row: int, column: str, value: str) -> Any:
    frame.loc[row, column] = value
    return frame


def hs(*extra: str, b: str = "{B}", d: str = "{D}", value: str = "misdrijven", population: str | None = "inwoners",
       code: str = "buurtcode") -> tuple[str, ...]:
    """``vmgeo hotspots`` on files (the small region unless told otherwise)."""
    args = ["hotspots", "--boundaries", b, "--data", d, "--code-column", code, "--value", value,
            "--permutations", "9", "--out", "{OUT}"]
    if population:
        args += ["--population", population]
    return (*args, *extra)


CRIME_SOURCE = "politie:47018NED/GeregistreerdeMisdrijven_1"
POPULATION_SOURCE = "cbs:85984NED/AantalInwoners_5"


def src(*extra: str, command: str = "hotspots", data: str = CRIME_SOURCE,
        filters: tuple[str, ...] = ("SoortMisdrijf=0.0.0",), period: str | None = "2023",
        population: str | None = POPULATION_SOURCE) -> tuple[str, ...]:
    """``vmgeo hotspots`` (or ``change``) on figures from the stand-in CBS/Politie server and PDOK boundaries."""
    args = [command, "--level", "gemeente", "--year", "2023", "--data", data, "--permutations", "9", "--out", "{OUT}"]
    for f in filters:
        args += ["--filter", f]
    if period:
        args += ["--period", period]
    if population:
        args += ["--population", population]
    return (*args, *extra)


def demo(*extra: str) -> tuple[str, ...]:
    return ("demo", "--permutations", "9", "--out", "{OUT}", *extra)


def trend(*extra: str) -> tuple[str, ...]:
    return ("trend", "--crime-types", "0.0.0", "--out", "{OUT}", *extra)


def units(rows: str | None = None, *extra: str, boundaries: str = "{W}") -> tuple[str, ...]:
    comp = ("--composition", "{T}/comp.csv") if rows is not None else ()
    return ("units", *comp, "--year", "2023", "--boundaries", boundaries, "--out", "{OUT}", *extra)


def comp(rows: str, header: str = HEADER) -> Setup:
    return text("comp.csv", header + rows)


# Files with something wrong in them.

def geometry_file(kind: str) -> Setup:
    """Boundaries that are not areas: points, lines, or polygons mixed with points."""
    def setup(ctx: Ctx) -> None:
        import geopandas as gpd

        b = ctx.region.boundaries
        if kind == "points":
            geoms = b.geometry.centroid
        elif kind == "lines":
            geoms = b.geometry.boundary
        else:
            geoms = b.geometry.where(b.index % 2 == 0, b.geometry.centroid)
        gpd.GeoDataFrame(b.drop(columns="geometry"), geometry=list(geoms), crs=b.crs).to_file(
            ctx.tmp / f"{kind}.gpkg", driver="GPKG", engine="pyogrio")
    return setup


def rd_geojson_without_crs(ctx: Ctx) -> None:
    content = json.loads(ctx.region.boundaries.to_json())
    content.pop("crs", None)
    (ctx.tmp / "rd.geojson").write_text(json.dumps(content), encoding="utf-8")


def shapefile_without_prj(ctx: Ctx) -> None:
    import geopandas as gpd

    b = ctx.region.boundaries
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "'crs' was not provided": that is the point
        gpd.GeoDataFrame(b[["buurtcode", "buurtnaam"]], geometry=list(b.geometry), crs=None).to_file(
            ctx.tmp / "buurten.shp", engine="pyogrio")


def local_crs(ctx: Ctx) -> None:
    """A Shapefile whose .prj is a local engineering CRS (a site grid): no way to RD New."""
    shapefile_without_prj(ctx)
    (ctx.tmp / "buurten.prj").write_text(
        'LOCAL_CS["site grid",LOCAL_DATUM["site",0],UNIT["metre",1],AXIS["X",EAST],AXIS["Y",NORTH]]',
        encoding="utf-8")


def wrong_crs(ctx: Ctx) -> None:
    """RD New coordinates saved as if they were UTM 31N: the areas land outside the Netherlands."""
    b = ctx.region.boundaries
    b.set_crs("EPSG:32631", allow_override=True).to_file(ctx.tmp / "utm.gpkg", driver="GPKG", engine="pyogrio")


def two_layers(ctx: Ctx) -> None:
    b = ctx.region.boundaries
    b.to_file(ctx.tmp / "two.gpkg", layer="buurten", driver="GPKG", engine="pyogrio")
    b.dissolve(by="wijkcode", as_index=False).to_file(ctx.tmp / "two.gpkg", layer="wijken", driver="GPKG",
                                                        engine="pyogrio")


def no_features(ctx: Ctx) -> None:
    (ctx.tmp / "none.geojson").write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")


def duplicate_boundary_codes(ctx: Ctx) -> None:
    import pandas as pd

    b = ctx.region.boundaries
    pd.concat([b, b.iloc[[4]]]).to_file(ctx.tmp / "dupes.gpkg", driver="GPKG", engine="pyogrio")


def wijken_with_gemeente(ctx: Ctx) -> None:
    """The region's wijken and its gemeente in one layer, with figures for all five."""
    import pandas as pd

    shutil.copy(ctx.shared / "mixed.gpkg", ctx.tmp / "mixed.gpkg")
    codes = ["GM9901", *sorted(set(ctx.region.boundaries["wijkcode"]))]
    pd.DataFrame({"code": codes, "misdrijven": [400, 90, 120, 80, 110][: len(codes)],
                  "inwoners": [9000, 2000, 2500, 2100, 2400][: len(codes)]}).to_csv(ctx.tmp / "mixed.csv", index=False)


def gemeente_file_and_wijk_file(ctx: Ctx) -> None:
    import geopandas as gpd

    wijken_with_gemeente(ctx)
    layer = gpd.read_file(ctx.tmp / "mixed.gpkg", engine="pyogrio")
    layer[layer["code"] == "GM9901"].to_file(ctx.tmp / "gemeente.gpkg", driver="GPKG", engine="pyogrio")
    layer[layer["code"] != "GM9901"].to_file(ctx.tmp / "wijken.gpkg", driver="GPKG", engine="pyogrio")


def years_table(years: tuple[int, ...], column: str = "Jaar") -> Setup:
    """The region's figures once per year, in a period column."""
    def setup(ctx: Ctx) -> None:
        import pandas as pd

        table = ctx.table()
        pd.concat([table.assign(**{column: str(y)}) for y in years]).to_csv(ctx.tmp / "years.csv", index=False)
    return setup


def excel(ctx: Ctx) -> None:
    ctx.table().to_excel(ctx.tmp / "data.xlsx", index=False, sheet_name="cijfers")


def data_folder(ctx: Ctx) -> None:
    """The figures in a folder of their own, which is given as --out."""
    (ctx.tmp / "in").mkdir()
    ctx.table().to_csv(ctx.tmp / "in" / "data.csv", index=False)


def out_is_file(ctx: Ctx) -> None:
    shutil.rmtree(ctx.out)
    ctx.out.write_text("an earlier report, not a folder\n", encoding="utf-8")


def out_with_foreign_file(ctx: Ctx) -> None:
    (ctx.out / "notities.docx").write_bytes(b"PK\x03\x04 the analyst's own notes")


def results_damaged(name: str, content: bytes) -> Setup:
    def setup(ctx: Ctx) -> None:
        (ctx.out / name).write_bytes(content)
    return setup


def results_without(name: str) -> Setup:
    def setup(ctx: Ctx) -> None:
        (ctx.out / name).unlink()
    return setup


def results_gpkg_of_other_layer(ctx: Ctx) -> None:
    """results.gpkg replaced by the boundaries the run was made from (layer 'buurten', not 'hotspots')."""
    shutil.copy(ctx.shared / "buurten.gpkg", ctx.out / "results.gpkg")


def cache_dir_is_file(ctx: Ctx) -> None:
    (ctx.tmp / "cachefile").write_text("not a folder\n", encoding="utf-8")


def empty_folder(name: str) -> Setup:
    def setup(ctx: Ctx) -> None:
        (ctx.tmp / name).mkdir()
    return setup


BU = "BU99010301"  # a buurt of the small region (row 0 of its table)

CASES: list[Case] = [
    # --- the command line itself -------------------------------------------------------------------
    Case("cli-unknown-command", "cli", "a command that does not exist",
         ("frobnicate", "--out", "{OUT}"), ("ongeldige keuze", "frobnicate", "vmgeo --help"), out="dir"),
    Case("cli-unknown-option", "cli", "an option no command has",
         (*demo(), "--frobnicate"), ("onbekende argumenten", "--frobnicate")),

    # --- demo: statistics options ------------------------------------------------------------------
    Case("demo-islands-bogus", "demo", "--islands with a value that is not a choice",
         demo("--islands", "bogus"), ("--islands", "bogus", "attach", "exclude")),
    Case("demo-seed-not-a-number", "demo", "--seed abc",
         demo("--seed", "abc"), ("--seed", "abc")),
    Case("demo-seed-negative", "demo", "a negative seed",
         demo("--seed", "-1"), ("--seed -1", "0", "4294967295")),
    Case("demo-seed-above-2**32-1", "demo", "a seed above 2^32-1",
         demo("--seed", "4294967296"), ("--seed 4294967296", "4294967295")),
    Case("demo-permutations-negative", "demo", "--permutations below 0",
         demo("--permutations", "-5"), ("--permutations -5", "0 to")),
    Case("demo-permutations-too-many", "demo", "--permutations above the maximum",
         demo("--permutations", "1000000"), ("--permutations 1000000", "999.999")),
    Case("demo-permutations-not-a-number", "demo", "--permutations with a fraction",
         demo("--permutations", "99.5"), ("--permutations", "99.5")),
    Case("demo-alpha-2", "demo", "--alpha outside (0, 1)",
         demo("--alpha", "2"), ("--alpha 2", "tussen 0 en 1")),
    Case("demo-alpha-0", "demo", "--alpha 0",
         demo("--alpha", "0"), ("--alpha 0", "tussen 0 en 1")),
    Case("demo-alpha-nan", "demo", "--alpha nan",
         demo("--alpha", "nan"), ("--alpha", "tussen 0 en 1")),
    Case("demo-weights-unknown", "demo", "--weights hexagon",
         demo("--weights", "hexagon"), ("hexagon", "queen", "knn:K")),
    Case("demo-weights-knn-too-large", "demo", "--weights knn:K with K above the number of areas",
         demo("--weights", "knn:5000"), ("knn:5000", "300")),
    Case("demo-weights-knn-zero", "demo", "--weights knn:0",
         demo("--weights", "knn:0"), ("knn:0",)),
    Case("demo-correction-bogus", "demo", "--correction with a value that is not a choice",
         demo("--correction", "holm"), ("--correction", "holm", "fdr")),
    Case("demo-rate-bogus", "demo", "--rate with a value that is not a choice",
         demo("--rate", "smooth"), ("--rate", "smooth", "eb")),
    Case("demo-lang-de", "demo", "--lang de",
         demo("--lang", "de"), ("--lang", "'de'", "nl")),
    Case("demo-min-count-negative", "demo", "--min-count below 0",
         demo("--min-count", "-1"), ("--min-count -1", "0")),
    # --- demo: map options
    Case("demo-scheme-unknown", "demo", "--scheme not a classification",
         demo("--scheme", "kwantielen"), ("--scheme", "kwantielen", "quantiles")),
    Case("demo-classes-99", "demo", "--classes above what can be told apart",
         demo("--classes", "99"), ("--classes", "tussen 2 en 7")),
    Case("demo-classes-1", "demo", "--classes 1",
         demo("--classes", "1"), ("--classes", "tussen 2 en 7")),
    Case("demo-bins-not-numbers", "demo", "--bins that are not numbers",
         demo("--bins", "laag,hoog"), ("--bins", "laag,hoog", "geen getallen", "--bins 20,40,60,80")),
    Case("demo-bins-do-not-cover", "demo", "--bins below the largest value",
         demo("--bins", "1,2"), ("--bins", "dekken de waarden niet", "voeg een hogere grens toe")),
    Case("demo-bins-too-many", "demo", "more --bins than colours",
         demo("--bins", ",".join(str(i) for i in range(10, 1000, 10))), ("--bins", "hoogstens 7")),
    Case("demo-focus-unknown", "demo", "--focus on a code that is not an area",
         demo("--focus", "BU00000000"), ("--focus", "BU00000000")),
    Case("demo-layers-unknown", "demo", "--layers naming a layer that does not exist",
         demo("--layers", "lisa,heatmap"), ("--layers", "heatmap", "value, lisa")),
    Case("demo-layers-empty", "demo", "--layers without a layer",
         demo("--layers", ","), ("--layers",)),
    Case("demo-basemap-bogus", "demo", "--basemap that is not a choice",
         demo("--basemap", "google"), ("--basemap", "google", "pdok")),
    Case("demo-context-missing", "demo", "--context file that does not exist",
         demo("--context", "{T}/eenheden.gpkg"), ("eenheden.gpkg", "niet gevonden", "--context")),
    # --- demo: the output folder
    Case("demo-out-is-a-file", "demo", "--out is a file",
         demo(), ("--out", "is een bestand", "geef een map"), setup=out_is_file),
    Case("demo-out-holds-foreign-files", "demo", "--out holds a file vmgeo did not write",
         demo(), ("--out", "notities.docx", "--force"), setup=out_with_foreign_file),
    Case("demo-out-in-proc", "demo", "--out under /proc, where no folder can be made",
         demo(), ("/proc/vmgeo-corpus/out", "kies een andere --out"), out="none", at="/proc/vmgeo-corpus/out"),

    # --- hotspots on files: the files -------------------------------------------------------------
    Case("hs-boundaries-missing", "hotspots", "--boundaries file does not exist",
         hs(b="{T}/nope.geojson"), ("nope.geojson", "niet gevonden", "--boundaries")),
    Case("hs-data-missing", "hotspots", "--data file does not exist",
         hs(d="{T}/nope.csv"), ("nope.csv", "niet gevonden", "--data")),
    Case("hs-data-empty-file", "hotspots", "--data file of 0 bytes",
         hs(d="{T}/empty.csv"), ("empty.csv", "empty"), setup=text("empty.csv", "")),
    Case("hs-data-header-only", "hotspots", "--data file with a header and no rows",
         hs(d="{T}/header.csv"), ("header.csv", "geen rijen"),
         setup=text("header.csv", "buurtcode,misdrijven,inwoners\n")),
    Case("hs-data-unreadable", "hotspots", "--data file of binary bytes (not text)",
         hs(d="{T}/binary.csv"), ("binary.csv", "geen tekstbestand", "CSV"),
         setup=text("binary.csv", bytes(range(256)) * 8)),
    Case("hs-data-is-a-folder", "hotspots", "--data names a folder",
         hs(d="{T}/folder.csv"), ("folder.csv", "folder"), setup=empty_folder("folder.csv")),
    Case("hs-data-parquet", "hotspots", "--data in a format vmgeo does not read",
         hs(d="{T}/data.parquet"), ("data.parquet", "'.parquet'", "CSV"), setup=text("data.parquet", b"PAR1\0\0")),
    Case("hs-data-broken-xlsx", "hotspots", "--data .xlsx that is not a workbook",
         hs(d="{T}/data.xlsx"), ("data.xlsx", "niet als tabel te lezen", ".xlsx"),
         setup=text("data.xlsx", b"\x00\x01 not a workbook")),
    Case("hs-data-xlsx-unknown-sheet", "hotspots", "--sheet that the workbook does not have",
         hs("--sheet", "Blad9", d="{T}/data.xlsx"), ("data.xlsx", "Blad9"), setup=excel),
    Case("hs-header-row-zero", "hotspots", "--header-row 0 (rows count from 1)",
         hs("--header-row", "0"), ("--header-row 0", "vanaf 1")),
    Case("hs-decimal-unknown", "hotspots", "--decimal that is neither ',' nor '.'",
         hs("--decimal", ";"), ("--decimal", "ongeldige keuze")),
    Case("hs-data-csv-ragged", "hotspots", "--data CSV with a row of too many fields",
         hs(d="{T}/ragged.csv"), ("ragged.csv", "niet als tabel te lezen"),
         setup=text("ragged.csv", "buurtcode,misdrijven,inwoners\nBU99010301,3,900\nBU99010201,4,800,12,x\n")),
    Case("hs-boundaries-broken-json", "hotspots", "--boundaries GeoJSON that is not JSON",
         hs(b="{T}/broken.geojson"), ("broken.geojson", "niet als grenzenbestand te lezen"),
         setup=text("broken.geojson", "{ this is not json")),
    Case("hs-boundaries-empty-file", "hotspots", "--boundaries GeoJSON of 0 bytes",
         hs(b="{T}/empty.geojson"), ("empty.geojson", "niet als grenzenbestand"), setup=text("empty.geojson", "")),
    Case("hs-boundaries-no-features", "hotspots", "--boundaries without any feature",
         hs(b="{T}/none.geojson"), ("none.geojson", "geen features"), setup=no_features),
    Case("hs-boundaries-csv", "hotspots", "--boundaries is a table, not a boundary file",
         hs(b="{D}"), ("data.csv", "'.csv'", "GeoJSON")),
    Case("hs-boundaries-points", "hotspots", "boundaries of points",
         hs(b="{T}/points.gpkg"), ("points.gpkg", "polygonen", "Point"), setup=geometry_file("points")),
    Case("hs-boundaries-lines", "hotspots", "boundaries of lines",
         hs(b="{T}/lines.gpkg"), ("lines.gpkg", "polygonen", "LineString"), setup=geometry_file("lines")),
    Case("hs-boundaries-mixed-geometry", "hotspots", "boundaries of polygons and points mixed",
         hs(b="{T}/mixed.gpkg"), ("mixed.gpkg", "polygonen", "30 van de 60", "Point"), setup=geometry_file("mixed")),
    Case("hs-geojson-rd-without-crs", "hotspots", "RD New coordinates in a GeoJSON without a CRS",
         hs(b="{T}/rd.geojson"), ("rd.geojson", "geen lengte", "--crs EPSG:28992"), setup=rd_geojson_without_crs),
    Case("hs-shapefile-without-prj", "hotspots", "a Shapefile without .prj (no CRS)",
         hs(b="{T}/buurten.shp"), ("buurten.shp", "geen CRS", "--crs"), setup=shapefile_without_prj),
    Case("hs-crs-option-unknown", "hotspots", "--crs that is not a CRS",
         hs("--crs", "EPSG:99999999", b="{T}/buurten.shp"), ("buurten.shp", "EPSG:99999999", "EPSG:28992"),
         setup=shapefile_without_prj),
    Case("hs-local-crs", "hotspots", "boundaries in a local (engineering) CRS",
         hs(b="{T}/buurten.shp"), ("buurten.shp", "RD New", "EPSG:28992"), setup=local_crs),
    Case("hs-crs-wrong", "hotspots", "boundaries whose declared CRS puts them outside the Netherlands",
         hs(b="{T}/utm.gpkg"), ("utm.gpkg", "buiten Nederland", "--crs"), setup=wrong_crs),
    Case("hs-gpkg-two-layers", "hotspots", "a GeoPackage with two layers and no --layer",
         hs(b="{T}/two.gpkg"), ("two.gpkg", "2 lagen", "buurten", "wijken", "--layer"), setup=two_layers),
    Case("hs-layer-unknown", "hotspots", "--layer that the GeoPackage does not have",
         hs("--layer", "gemeenten", b="{T}/two.gpkg"), ("two.gpkg", "gemeenten", "buurten", "wijken", "--layer"),
         setup=two_layers),
    Case("hs-boundaries-given-twice", "hotspots", "the same boundaries given twice",
         hs("--boundaries", "{B}"), ("meer dan één grenzenbestand", "BU99010101", "twee keer opgegeven")),
    Case("hs-wijken-with-their-gemeente", "hotspots", "a wijk layer mixed with its gemeente (one file)",
         hs(b="{T}/mixed.gpkg", d="{T}/mixed.csv", code="code"), ("GM9901", "binnen een ander gebied"),
         setup=wijken_with_gemeente),
    Case("hs-wijk-file-and-gemeente-file", "hotspots", "a wijk file and its gemeente file given together",
         hs("--boundaries", "{T}/gemeente.gpkg", b="{T}/wijken.gpkg", d="{T}/mixed.csv", code="code"),
         ("GM9901", "binnen een ander gebied"), setup=gemeente_file_and_wijk_file),
    Case("hs-boundaries-duplicate-codes", "hotspots", "the same code twice in the boundaries",
         hs(b="{T}/dupes.gpkg"), ("dupes.gpkg", "dubbele codes", "BU99010101", "één feature per gebied"),
         setup=duplicate_boundary_codes),
    # --- hotspots on files: the columns
    Case("hs-value-column-unknown", "hotspots", "--value names no column (a typo)",
         hs(value="misdrijvn"), ("data.csv", "misdrijvn", "--value", "bedoelt u 'misdrijven'")),
    Case("hs-code-column-unknown", "hotspots", "--code-column names no column",
         hs(code="bu_code"), ("data.csv", "bu_code", "--code-column", "buurtcode")),
    Case("hs-population-column-unknown", "hotspots", "--population names no column",
         hs(population="inwoners_2023"), ("inwoners_2023", "--population", "inwoners")),
    Case("hs-boundary-code-column-unknown", "hotspots", "--boundary-code-column names no column",
         hs("--boundary-code-column", "bu_kode"), ("buurten.gpkg", "bu_kode", "--boundary-code-column",
                                                    "buurtcode")),
    Case("hs-name-column-unknown", "hotspots", "--name-column names no column",
         hs("--name-column", "naam_kort"), ("naam_kort", "--name-column", "buurtnaam")),
    Case("hs-period-column-unknown", "hotspots", "--period-column names no column",
         hs("--period", "2023", "--period-column", "Jaartal", d="{T}/years.csv"),
         ("years.csv", "Jaartal", "--period-column", "Jaar"), setup=years_table((2022, 2023))),
    Case("hs-value2-column-unknown", "hotspots", "--value2 names no column",
         hs("--value2", "onveilg_pct"), ("onveilg_pct", "--value2", "onveilig_pct")),
    Case("hs-data-file-without-code-column", "hotspots", "a data file without --code-column",
         ("hotspots", "--boundaries", "{B}", "--data", "{D}", "--value", "misdrijven", "--out", "{OUT}"),
         ("data.csv", "--code-column", "--value")),
    Case("hs-filter-on-a-file", "hotspots", "--filter with a data file",
         hs("--filter", "SoortMisdrijf=0.0.0"), ("--filter", "CBS/Politie", "niet voor een gegevensbestand")),
    # --- hotspots on files: the content
    Case("hs-duplicate-codes", "hotspots", "the same code on two rows of the data",
         hs(d="{T}/data.csv"), ("data.csv", "dubbele codes", "BU99010101", "rijen 6, 62", "één rij per gebied"),
         setup=data(lambda t: __import__("pandas").concat([t, t.iloc[[4]]], ignore_index=True))),
    Case("hs-codes-match-nothing", "hotspots", "data codes that match no boundary (other level)",
         hs(b=str(GEMEENTEN)), ("geen enkele code", "buurtcode", "komt overeen", "hetzelfde niveau")),
    Case("hs-value-not-numeric", "hotspots", "text in the value column",
         hs(d="{T}/data.csv"), ("misdrijven", "niet numeriek", "gebied BU99010303", "veel"),
         setup=data(lambda t: _set(t, 5, "misdrijven", "veel"))),
    Case("hs-value-constant", "hotspots", "a constant variable",
         hs(d="{T}/data.csv", value="gelijk", population=None), ("dezelfde", "value"),
         setup=data(lambda t: t.assign(gelijk="5"))),
    Case("hs-rate-constant", "hotspots", "a rate that is the same everywhere",
         hs(d="{T}/data.csv"), ("dezelfde",),
         setup=data(lambda t: t.assign(misdrijven="10", inwoners="1000"))),
    Case("hs-negative-count", "hotspots", "a negative count with --population",
         hs(d="{T}/data.csv"), ("misdrijven", "negative", BU, "-4", "onder nul"),
         setup=data(lambda t: _set(t, 0, "misdrijven", "-4"))),
    Case("hs-value-1e300", "hotspots", "a value of 1e300",
         hs(d="{T}/data.csv"), ("misdrijven", BU, "1e+300", "boven 1e15"),
         setup=data(lambda t: _set(t, 0, "misdrijven", "1e300"))),
    Case("hs-value-infinite", "hotspots", "a value 'inf'",
         hs(d="{T}/data.csv", population=None), ("misdrijven", BU, "oneindig"),
         setup=data(lambda t: _set(t, 0, "misdrijven", "inf"))),
    Case("hs-population-1e-300", "hotspots", "a population of 1e-300 (a rate of 1e304)",
         hs(d="{T}/data.csv"), ("inwoners", BU, "1e-300"),
         setup=data(lambda t: _set(t, 0, "inwoners", "1e-300"))),
    # A population of 0 or an empty cell in some areas is not refused: those areas are left out of the rates
    # and named (tests/test_bad_input.py); only when too few areas are left is it an error.
    Case("hs-population-all-zero", "hotspots", "a population of 0 in every area but two",
         hs(d="{T}/data.csv"), ("2 gebied(en)", "inwoners", "--population"),
         setup=data(lambda t: t.assign(inwoners=["1000", "2000"] + ["0"] * (len(t) - 2)))),
    Case("hs-population-negative", "hotspots", "a negative population",
         hs(d="{T}/data.csv"), ("inwoners", BU, "-900", "negatieve bevolking"),
         setup=data(lambda t: _set(t, 0, "inwoners", "-900"))),
    Case("hs-rate-eb-without-population", "hotspots", "--rate eb without --population",
         hs("--rate", "eb", population=None), ("--rate eb", "--population")),
    Case("hs-rate-seb-without-population", "hotspots", "--rate seb without --population",
         hs("--rate", "seb", population=None), ("--rate seb", "--population")),
    Case("hs-value2-equals-value", "hotspots", "--value2 the same column as --value",
         hs("--value2", "misdrijven"), ("--value2", "misdrijven", "dezelfde kolom", "--value")),
    # Two indicators on partly different areas are analysed where both exist; too few such areas is an error.
    Case("hs-value2-too-few-in-common", "hotspots", "two indicators with only two areas in common",
         hs("--value2", "onveilig_pct", d="{T}/data.csv"), ("verschillende gebieden", "maar 2 gebied(en)",
                                                        "minstens 3"),
         setup=data(lambda t: t.assign(onveilig_pct=["10.0", "20.0"] + [""] * (len(t) - 2)))),
    Case("hs-value2-constant", "hotspots", "a constant second indicator",
         hs("--value2", "gelijk", d="{T}/data.csv"), ("gelijk", "7"),
         setup=data(lambda t: t.assign(gelijk="7"))),
    Case("hs-too-few-areas", "hotspots", "figures for two areas only",
         hs(d="{T}/data.csv"), ("maar 2", "minstens 3"), setup=data(lambda t: t.head(2))),
    Case("hs-name-join-ambiguous", "hotspots", "--name-join with a name two gemeenten share",
         ("hotspots", "--boundaries", str(GEMEENTEN), "--data", "{T}/namen.csv", "--name-join", "gemeente",
          "--value", "misdrijven", "--permutations", "9", "--out", "{OUT}"),
         ("dubbelzinnige naam", "Bergen", "GM0373", "GM0893", "Bergen (L.)"),
         setup=text("namen.csv", "gemeente,misdrijven\nBergen,10\nAmsterdam,900\nUtrecht,400\nZwolle,100\n")),
    # --- hotspots on files: periods, series, change
    Case("hs-period-without-period-column", "hotspots", "--period on a file without a period column",
         hs("--period", "2023"), ("data.csv", "--period 2023", "--period-column")),
    Case("hs-period-not-in-file", "hotspots", "--period that the file does not have",
         hs("--period", "2030", d="{T}/years.csv"), ("years.csv", "'Jaar'", "2030", "2022 tot 2023"),
         setup=years_table((2022, 2023))),
    Case("hs-several-periods-none-chosen", "hotspots", "a file of two years without --period",
         hs(d="{T}/years.csv"), ("years.csv", "2 perioden", "--period 2023", "--period 2022:2023"),
         setup=years_table((2022, 2023))),
    Case("hs-series-missing-period", "hotspots", "a series with a period missing in the file",
         hs("--period", "2021:2023", d="{T}/years.csv"), ("years.csv", "geen 2022", "2021 tot 2023"),
         setup=years_table((2021, 2023))),
    Case("hs-period-column-not-periods", "hotspots", "a period column holding text",
         hs(d="{T}/years.csv"), ("years.csv", "rij 2", "'Jaar'", "twintig", "geen periode"),
         setup=data(lambda t: t.assign(Jaar="twintig"), name="years.csv")),
    Case("hs-period-not-a-period", "hotspots", "--period twintig",
         hs("--period", "twintig", d="{T}/years.csv"), ("--period", "twintig", "2023"),
         setup=years_table((2022, 2023))),
    Case("hs-period-backwards", "hotspots", "--period range running backwards",
         hs("--period", "2023:2021", d="{T}/years.csv"), ("--period", "2023:2021", "achteruit"),
         setup=years_table((2021, 2022, 2023))),
    Case("hs-period-twice", "hotspots", "--period naming a year twice",
         hs("--period", "2022,2022", d="{T}/years.csv"), ("--period", "2022", "twee keer"),
         setup=years_table((2021, 2022, 2023))),
    Case("hs-change-not-from-to", "hotspots", "--change that is not FROM:TO",
         hs("--period", "2021:2023", "--change", "2021", d="{T}/years.csv"),
         ("--change", "'2021'", "VAN:TOT", "--change 2019:2023"), setup=years_table((2021, 2022, 2023))),
    Case("hs-change-outside-series", "hotspots", "--change naming a period outside the series",
         hs("--period", "2021:2023", "--change", "2019:2023", d="{T}/years.csv"),
         ("--change", "2019", "niet in deze reeks", "2021, 2022, 2023"),
         setup=years_table((2021, 2022, 2023))),
    Case("hs-change-not-a-period", "hotspots", "--change with text",
         hs("--period", "2021:2023", "--change", "vorig:nu", d="{T}/years.csv"), ("--change", "vorig"),
         setup=years_table((2021, 2022, 2023))),
    # --- hotspots on files: units, compositions, years
    Case("hs-mapping-without-unit-column", "hotspots", "--mapping without --unit-column",
         ("hotspots", "--level", "eenheid", "--mapping", str(MAPPING), "--boundaries", str(GEMEENTEN), "--year",
          "2023", "--data", str(CRIMES), "--code-column", "nummer", "--value", "misdaad", "--out", "{OUT}"),
         ("--mapping vraagt --unit-column", "politie_eenheid_code")),
    Case("hs-mapping-unknown-member-column", "hotspots", "--member-column that the mapping lacks",
         ("hotspots", "--level", "eenheid", "--mapping", str(MAPPING), "--unit-column", "politie_eenheid_code",
          "--member-column", "gm_code", "--boundaries", str(GEMEENTEN), "--year", "2023", "--data", str(CRIMES),
          "--code-column", "nummer", "--value", "misdaad", "--out", "{OUT}"),
         ("gm_code", "gemeentecode")),
    Case("hs-composition-and-mapping", "hotspots", "--composition and --mapping together",
         ("hotspots", "--level", "eenheid", "--mapping", str(MAPPING), "--composition", "{T}/comp.csv",
          "--unit-column", "politie_eenheid_code", "--boundaries", str(GEMEENTEN), "--year", "2023",
          "--data", str(CRIMES), "--code-column", "nummer", "--value", "misdaad", "--out", "{OUT}"),
         ("--composition", "--mapping", "niet beide"), setup=comp("RE1,E,eenheid,,GM0014,,\n")),
    Case("hs-police-level-without-composition", "hotspots", "--level basisteam without a composition",
         ("hotspots", "--level", "basisteam", "--year", "2023", "--data", "misdrijven", "--out", "{OUT}"),
         ("--level basisteam", "--composition BESTAND", "--mapping BESTAND")),
    Case("hs-composition-without-year", "hotspots", "--composition without --year or --period",
         ("hotspots", "--level", "basisteam", "--composition", "{T}/comp.csv", "--boundaries", "{W}",
          "--data", "{D}", "--code-column", "buurtcode", "--value", "misdrijven", "--out", "{OUT}"),
         ("comp.csv", "--year"), setup=comp("BT1,A,basisteam,,WK990101,,\n")),
    Case("hs-composition-missing", "hotspots", "--composition file that does not exist",
         ("hotspots", "--level", "basisteam", "--composition", "{T}/nope.csv", "--year", "2023",
          "--boundaries", "{W}", "--data", "{D}", "--code-column", "buurtcode", "--value", "misdrijven",
          "--out", "{OUT}"), ("nope.csv", "niet gevonden", "--composition")),
    Case("hs-composition-member-unknown", "hotspots", "a composition member not in the boundaries",
         ("hotspots", "--level", "basisteam", "--composition", "{T}/comp.csv", "--year", "2023",
          "--boundaries", "{B}", "--data", "{D}", "--code-column", "buurtcode", "--value", "misdrijven",
          "--out", "{OUT}"), ("comp.csv", "niet in de grenzen van 2023", "BU99999999"),
         setup=comp(f"BT1,A,basisteam,,{BU},,\nBT2,B,basisteam,,BU99999999,,\n")),
    Case("hs-value2-with-units", "hotspots", "--value2 with police units",
         ("hotspots", "--level", "basisteam", "--composition", "{T}/comp.csv", "--year", "2023",
          "--boundaries", "{B}", "--data", "{D}", "--code-column", "buurtcode", "--value", "misdrijven",
          "--value2", "onveilig_pct", "--out", "{OUT}"), ("--value2", "politie-eenheden", "kan niet"),
         setup=comp(f"BT1,A,basisteam,,{BU},,\n")),
    Case("hs-data-year-percentage", "hotspots", "--data-year (crosswalk) with --aggregate weighted percentages",
         hs("--data-year", "2021", "--year", "2023", "--data-boundaries", "{B}", "--aggregate", "weighted",
            value="onveilig_pct", population=None), ("percentages", "grenzen van een ander jaar", "--year")),
    Case("hs-split-rule-bogus", "hotspots", "--split-rule that is not a choice",
         hs("--split-rule", "evenly"), ("--split-rule", "evenly", "area", "population")),
    Case("hs-year-not-a-number", "hotspots", "--year 2023a",
         hs("--year", "2023a"), ("--year", "2023a")),
    # --- hotspots on files: the output
    Case("hs-out-is-a-file", "hotspots", "--out is a file",
         hs(), ("--out", "is een bestand", "geef een map"), setup=out_is_file),
    Case("hs-out-holds-foreign-files", "hotspots", "--out holds a file vmgeo did not write",
         hs(), ("--out", "notities.docx", "kies een lege of nieuwe map", "--force"), setup=out_with_foreign_file),
    Case("hs-out-is-the-data-folder", "hotspots", "--out is the folder of the data file",
         hs(d="{T}/in/data.csv"), ("--out", "data.csv", "kies een andere --out"), setup=data_folder, out="none",
         at="{T}/in"),
    Case("hs-out-parent-read-only", "hotspots", "--out in a read-only place (/sys)",
         hs(), ("/sys/vmgeo-corpus", "kies een andere --out"), out="none", at="/sys/vmgeo-corpus/out"),

    # --- hotspots on figures from CBS/Politie and boundaries from PDOK ------------------------------
    Case("src-unknown-table", "hotspots (sources)", "a table that does not exist",
         src(data="politie:47018NEX/GeregistreerdeMisdrijven_1"), ("47018NEX", "niet gevonden", "47018NED")),
    Case("src-unknown-measure", "hotspots (sources)", "a measure the table does not have",
         src(data="politie:47018NED/GeregistreerdeMisdrijven"), ("geen maat", "GeregistreerdeMisdrijven_1")),
    Case("src-unknown-filter-key", "hotspots (sources)", "a filter key the dimension does not have",
         src(filters=("SoortMisdrijf=9.9.9",)), ("SoortMisdrijf", "9.9.9")),
    Case("src-unknown-dimension", "hotspots (sources)", "a filter on a dimension the table does not have",
         src(filters=("Misdrijf=0.0.0",)), ("geen dimensie 'Misdrijf'", "SoortMisdrijf")),
    Case("src-filter-not-dim-key", "hotspots (sources)", "--filter without '='",
         src(filters=("SoortMisdrijf",)), ("--filter", "'SoortMisdrijf'", "DIMENSIE=SLEUTEL")),
    Case("src-period-missing", "hotspots (sources)", "--period the table does not have",
         src(period="2030"), ("geen periode '2030'", "2012-2023")),
    Case("src-series-missing-period", "hotspots (sources)", "a series reaching before the table",
         src(period="2010:2013"), ("2010", "2012-2023")),
    Case("src-month-in-a-yearly-table", "hotspots (sources)", "--period a month in a table of years",
         src(period="2023MM01"), ("2023MM01", "2012-2023")),
    Case("src-unknown-indicator", "hotspots (sources)", "an indicator name with a typo",
         src(data="misdrijvn", filters=()), ("misdrijvn", "bedoelt u misdrijven")),
    Case("src-unknown-source", "hotspots (sources)", "a source other than cbs or politie",
         src(data="eurostat:47018NED/GeregistreerdeMisdrijven_1"), ("eurostat", "cbs", "politie")),
    Case("src-level-unknown", "hotspots (sources)", "--level that does not exist",
         src("--level", "stad"), ("--level", "stad", "gemeente")),
    Case("src-level-not-in-table", "hotspots (sources)", "a level the table has no figures for",
         src("--level", "provincie"), ("provincie", "gemeente", "--level")),
    Case("src-population-is-a-column-name", "hotspots (sources)", "--population a column name with figures "
         "from CBS", src(population="bevolking"), ("--population", "bevolking", "inwoners")),
    Case("src-population-unknown-indicator", "hotspots (sources)", "--population an unknown indicator",
         src(population="inwonrs"), ("inwonrs",)),
    Case("src-value2-same-indicator", "hotspots (sources)", "--value2 the same indicator as --data",
         src("--value2", "misdrijven", data="misdrijven", filters=()),
         ("--value2", "dezelfde indicator als --data", "twee verschillende")),
    Case("src-percentages-summed", "hotspots (sources)", "several filter keys summed for a percentage",
         src("--level", "provincie", data="cbs:81877NED/VoeltZichWeleensOnveiligInBuurt_2",
             filters=("Perioden=2013,2014",), period=None, population=None),
         ("81877NED", "%", "alleen bij aantallen")),
    Case("src-percentages-across-years", "hotspots (sources)", "percentages moved across boundary years",
         src("--level", "provincie", "--data-year", "2021", data="cbs:81877NED/VoeltZichWeleensOnveiligInBuurt_2",
             filters=(), period="2015", population=None), ("percentages", "grenzen van een ander jaar")),
    Case("src-offline-empty-cache", "hotspots (sources)", "--offline with an empty cache",
         src("--offline"), ("niet in de cache", "offline"), env={"VMGEO_CACHE_DIR": "{T}/empty-cache"}),
    Case("src-offline-setting-empty-cache", "hotspots (sources)", "VMGEO_OFFLINE=1 with an empty cache",
         src(), ("niet in de cache", "offline"),
         env={"VMGEO_CACHE_DIR": "{T}/empty-cache", "VMGEO_OFFLINE": "1"}),
    Case("src-boundary-year-missing", "hotspots (sources)", "PDOK boundaries of a year PDOK does not have",
         src("--year", "1990"), ("1990", "gemeente")),

    # --- change ------------------------------------------------------------------------------------
    Case("change-from-equals-to", "change", "--from and --to the same period",
         ("change", "--from", "2023", "--to", "2023", "--data", "misdrijven", "--out", "{OUT}"),
         ("--from en --to", "2023", "twee perioden")),
    Case("change-with-period", "change", "--period given to change",
         ("change", "--from", "2022", "--to", "2023", "--period", "2023", "--data", "misdrijven", "--out", "{OUT}"),
         ("--from en --to", "--period")),
    Case("change-from-not-a-period", "change", "--from twintig",
         ("change", "--from", "twintig", "--to", "2023", "--data", "misdrijven", "--out", "{OUT}"),
         ("--from", "twintig", "2023")),
    Case("change-from-missing", "change", "no --from",
         ("change", "--to", "2023", "--data", "misdrijven", "--out", "{OUT}"), ("--from", "verplicht")),
    Case("change-from-not-in-table", "change", "--from a period the table does not have",
         src("--from", "2030", "--to", "2023", command="change", period=None, population=None),
         ("2030", "2012-2023")),
    Case("change-from-not-in-file", "change", "--from a period the data file does not have",
         ("change", "--from", "2019", "--to", "2023", "--boundaries", "{B}", "--data", "{T}/years.csv",
          "--code-column", "buurtcode", "--value", "misdrijven", "--permutations", "9", "--out", "{OUT}"),
         ("years.csv", "geen 2019", "2022 tot 2023"), setup=years_table((2022, 2023))),
    Case("change-out-holds-foreign-files", "change", "--out holds a file vmgeo did not write",
         ("change", "--from", "2022", "--to", "2023", "--boundaries", "{B}", "--data", "{T}/years.csv",
          "--code-column", "buurtcode", "--value", "misdrijven", "--permutations", "9", "--out", "{OUT}"),
         ("notities.docx", "--force"), setup=both(years_table((2022, 2023)), out_with_foreign_file)),

    # --- trend -------------------------------------------------------------------------------------
    Case("trend-yearly-table", "trend", "a table of years, not months",
         trend("--data", CRIME_SOURCE), ("47018NED", "geen maandperioden", "47022NED")),
    Case("trend-month-out-of-range", "trend", "--period a month after the table's last",
         trend("--period", "2030MM01"), ("47022NED", "mist", "2030", "2012", "2023")),
    Case("trend-month-before-the-table", "trend", "--period a month without three years before it",
         trend("--period", "2013MM06"), ("47022NED", "mist", "2010")),
    Case("trend-month-13", "trend", "--period 2023MM13",
         trend("--period", "2023MM13"), ("2023MM13",)),
    Case("trend-period-a-year", "trend", "--period a year instead of a month",
         trend("--period", "2023"), ("--period", "2023", "geen maand", "2024MM03")),
    Case("trend-months-2", "trend", "--months 2",
         trend("--months", "2"), ("--months", "2", "1, 3")),
    Case("trend-crime-types-empty", "trend", "--crime-types without a key",
         ("trend", "--crime-types", ",", "--out", "{OUT}"), ("--crime-types", "leeg", "0.0.0")),
    Case("trend-crime-type-unknown", "trend", "a crime type the table does not have",
         ("trend", "--crime-types", "9.9.9", "--period", "2023MM09", "--out", "{OUT}"), ("SoortMisdrijf", "9.9.9")),
    Case("trend-police-level-without-composition", "trend", "--level basisteam without --composition",
         trend("--level", "basisteam"), ("--level basisteam", "--composition BESTAND")),
    Case("trend-level-unknown", "trend", "--level that does not exist",
         trend("--level", "stad"), ("stad", "gemeente")),
    Case("trend-min-expected-negative", "trend", "--min-expected below 0",
         trend("--period", "2023MM09", "--min-expected", "-1"), ("--min-expected",)),
    Case("trend-out-holds-foreign-files", "trend", "--out holds a file vmgeo did not write",
         trend("--period", "2023MM09"), ("notities.docx", "--force"), setup=out_with_foreign_file),

    # --- units -------------------------------------------------------------------------------------
    Case("units-out-wrong-suffix", "units", "--out with a suffix other than .gpkg/.geojson",
         ("units", "--composition", "{T}/comp.csv", "--year", "2023", "--boundaries", "{W}", "--out",
          "{T}/units.shp"), ("units.shp", ".gpkg", ".geojson"), setup=comp("BT1,A,basisteam,,WK990101,,\n"),
         out="none"),
    Case("units-neither-composition-nor-mapping", "units", "neither --composition nor --mapping",
         units(), ("--composition", "--mapping"), out="file"),
    Case("units-mapping-without-unit-column", "units", "--mapping without --unit-column",
         ("units", "--mapping", str(MAPPING), "--year", "2023", "--boundaries", str(GEMEENTEN), "--out", "{OUT}"),
         ("--mapping vraagt --unit-column", "politie_eenheid_code"), out="file"),
    Case("units-mapping-unknown-unit-column", "units", "--unit-column that the mapping lacks",
         ("units", "--mapping", str(MAPPING), "--unit-column", "eenheid", "--year", "2023", "--boundaries",
          str(GEMEENTEN), "--out", "{OUT}"), ("eenheid", "politie_eenheid_code"), out="file"),
    Case("units-composition-missing", "units", "--composition file that does not exist",
         ("units", "--composition", "{T}/nope.csv", "--year", "2023", "--boundaries", "{W}", "--out", "{OUT}"),
         ("nope.csv", "niet gevonden", "--composition"), out="file"),
    Case("units-composition-empty", "units", "a composition with a header and no rows",
         units(""), ("comp.csv", "geen enkele rij"), setup=comp(""), out="file"),
    Case("units-composition-empty-file", "units", "a composition file of 0 bytes",
         units(""), ("comp.csv",), setup=comp("", header=""), out="file"),
    Case("units-composition-lacks-columns", "units", "a composition without unit_name and parent_code",
         units(""), ("comp.csv", "mist kolom", "unit_name", "parent_code"),
         setup=comp("BT1,basisteam,WK990101\n", header="unit_code,level,member_code\n"), out="file"),
    Case("units-composition-circle", "units", "units that contain each other",
         units(""), ("comp.csv", "kring", "BT1", "BT2"),
         setup=comp("BT1,A,basisteam,,BT2,,\nBT2,B,basisteam,,BT1,,\n"), out="file"),
    Case("units-composition-overlap", "units", "overlapping units (a gemeente and one of its wijken)",
         units(""), ("eenheden overlappen", "BT1 and BT2"),
         setup=comp("BT1,A,basisteam,,GM9901,,\nBT2,B,basisteam,,WK990103,,\n"), out="file"),
    Case("units-composition-member-unknown", "units", "a member that is not in the boundaries",
         units(""), ("niet in de grenzen van 2023", "GM9999"), setup=comp("BT1,A,basisteam,,GM9999,,\n"), out="file"),
    Case("units-composition-member-twice", "units", "an area in two units of one level",
         units(""), ("twee eenheden van niveau basisteam", "WK990101 in BT1 en BT2"),
         setup=comp("BT1,A,basisteam,,WK990101,,\nBT2,B,basisteam,,WK990101,,\n"), out="file"),
    Case("units-composition-bad-year", "units", "valid_from that is not a year",
         units(""), ("comp.csv", "rij 2", "valid_from", "twintig"),
         setup=comp("BT1,A,basisteam,,WK990101,twintig,\n"), out="file"),
    Case("units-composition-not-valid-in-year", "units", "no row valid in --year",
         units(""), ("geen enkele rij is geldig in 2023", "2015-2019"),
         setup=comp("BT1,A,basisteam,,WK990101,2015,2019\n"), out="file"),
    Case("units-composition-empty-member", "units", "a row without member_code",
         units(""), ("comp.csv", "member_code", "leeg", "rij"), setup=comp("BT1,A,basisteam,,,,\n"), out="file"),
    Case("units-composition-two-names", "units", "one unit with two names",
         units(""), ("comp.csv", "BT1", "meer dan één unit_name"),
         setup=comp("BT1,A,basisteam,,WK990101,,\nBT1,B,basisteam,,WK990102,,\n"), out="file"),
    Case("units-composition-unknown-parent", "units", "a parent that is not a unit",
         units(""), ("noemt ouder XX9",), setup=comp("BT1,A,basisteam,XX9,WK990101,,\n"), out="file"),
    Case("units-composition-child-outside-parent", "units", "a basisteam outside its district",
         units(""), ("BT1 ligt niet binnen zijn ouder DI1", "WK990102"),
         setup=comp("BT1,A,basisteam,DI1,WK990101,,\nBT1,A,basisteam,DI1,WK990102,,\nDI1,D,district,,WK990101,,\n"),
         out="file"),
    Case("units-level-not-in-composition", "units", "--level the composition has no units of",
         units("", "--level", "district"), ("comp.csv", "geen eenheden van niveau district", "basisteam"),
         setup=comp("BT1,A,basisteam,,WK990101,,\n"), out="file"),
    Case("units-year-missing", "units", "no --year",
         ("units", "--composition", "{T}/comp.csv", "--boundaries", "{W}", "--out", "{OUT}"),
         ("--year", "verplicht"), setup=comp("BT1,A,basisteam,,WK990101,,\n"), out="file"),
    Case("units-boundaries-points", "units", "member boundaries of points",
         units("", boundaries="{T}/points.gpkg"), ("points.gpkg", "polygonen"),
         setup=both(comp(f"BT1,A,basisteam,,{BU},,\n"), geometry_file("points")), out="file"),

    # --- map ---------------------------------------------------------------------------------------
    Case("map-results-not-a-run", "map", "--results a folder without results",
         ("map", "--results", "{OUT}"), ("results.gpkg", "niet gevonden", "--results"), setup=empty_folder("empty"),
         out="none", at="{T}/empty"),
    Case("map-results-missing", "map", "--results a folder that does not exist",
         ("map", "--results", "{T}/nope"), ("nope", "niet gevonden", "--results"), out="none"),
    Case("map-results-without-summary", "map", "--results without summary.json",
         ("map", "--results", "{OUT}"), ("summary.json", "niet gevonden", "--results"),
         setup=results_without("summary.json")),
    Case("map-summary-damaged", "map", "summary.json that is not JSON",
         ("map", "--results", "{OUT}"), ("summary.json",), setup=results_damaged("summary.json", b'{"n": 300, "mo')),
    Case("map-summary-not-an-object", "map", "summary.json holding a list",
         ("map", "--results", "{OUT}"), ("summary.json",), setup=results_damaged("summary.json", b"[1, 2, 3]\n")),
    Case("map-results-gpkg-damaged", "map", "results.gpkg that is not a GeoPackage",
         ("map", "--results", "{OUT}"), ("results.gpkg",),
         setup=results_damaged("results.gpkg", b"SQLite format 3\x00" + b"\x00" * 200)),
    Case("map-results-gpkg-other-layer", "map", "results.gpkg without the hotspots layer",
         ("map", "--results", "{OUT}"), ("results.gpkg", "hotspots"), setup=results_gpkg_of_other_layer),
    Case("map-scheme-unknown", "map", "--scheme not a classification",
         ("map", "--results", "{OUT}", "--scheme", "kwantielen"), ("--scheme", "kwantielen", "quantiles")),
    Case("map-classes-1", "map", "--classes 1",
         ("map", "--results", "{OUT}", "--classes", "1"), ("--classes", "tussen 2 en 7")),
    Case("map-bins-do-not-cover", "map", "--bins below the largest value",
         ("map", "--results", "{OUT}", "--bins", "1,2"), ("--bins", "dekken de waarden niet")),
    Case("map-focus-unknown", "map", "--focus on a code that is not an area",
         ("map", "--results", "{OUT}", "--focus", "GM0363"), ("--focus", "GM0363")),
    Case("map-layers-unknown", "map", "--layers naming a layer that does not exist",
         ("map", "--results", "{OUT}", "--layers", "value,heatmap"), ("--layers", "heatmap")),
    Case("map-layer-not-in-results", "map", "--layers a layer the run did not produce",
         ("map", "--results", "{OUT}", "--layers", "bivariate"), ("bivariate",)),
    Case("map-out-is-a-folder", "map", "--out is an existing folder",
         ("map", "--results", "{OUT}", "--out", "{T}/kaart"), ("kaart",), setup=empty_folder("kaart")),
    Case("map-out-in-proc", "map", "--out under /proc",
         ("map", "--results", "{OUT}", "--out", "/proc/vmgeo-corpus/map.html"), ("/proc/vmgeo-corpus",)),

    # --- indicators, tables, cache -------------------------------------------------------------------
    Case("tables-search-missing", "tables", "tables without --search",
         ("tables",), ("--search", "verplicht"), out="none"),
    Case("tables-source-bogus", "tables", "--source that is not a catalog",
         ("tables", "--search", "misdrijven", "--source", "eurostat"), ("--source", "eurostat", "cbs"), out="none"),
    Case("tables-offline-empty-cache", "tables", "tables --offline with an empty cache",
         ("tables", "--search", "misdrijven", "--offline"), ("niet in de cache", "offline"),
         env={"VMGEO_CACHE_DIR": "{T}/empty-cache"}, out="none"),
    Case("cache-action-bogus", "cache", "cache with an action other than list or clear",
         ("cache", "purge"), ("purge", "list", "clear"), out="none"),
    Case("cache-dir-is-a-file-list", "cache", "cache list with VMGEO_CACHE_DIR a file",
         ("cache", "list"), ("VMGEO_CACHE_DIR", "cachefile", "cachemap"), setup=cache_dir_is_file,
         env={"VMGEO_CACHE_DIR": "{T}/cachefile"}, out="none"),
    Case("cache-dir-is-a-file-clear", "cache", "cache clear with VMGEO_CACHE_DIR a file",
         ("cache", "clear"), ("VMGEO_CACHE_DIR", "cachefile", "cachemap"), setup=cache_dir_is_file,
         env={"VMGEO_CACHE_DIR": "{T}/cachefile"}, out="none"),
    Case("indicators-extra-argument", "indicators", "indicators with an argument",
         ("indicators", "misdrijven"), ("onbekende argumenten", "misdrijven"), out="none"),

    # --- VMGEO_* settings --------------------------------------------------------------------------
    Case("env-timeout-abc", "settings", "VMGEO_TIMEOUT=abc",
         src(), ("VMGEO_TIMEOUT='abc'", "seconds", "unset it"), env={"VMGEO_TIMEOUT": "abc"}),
    Case("env-timeout-zero", "settings", "VMGEO_TIMEOUT=0",
         src(), ("VMGEO_TIMEOUT='0'", "positive"), env={"VMGEO_TIMEOUT": "0"}),
    Case("env-retries-abc", "settings", "VMGEO_RETRIES=abc",
         src(), ("VMGEO_RETRIES='abc'", "whole number"), env={"VMGEO_RETRIES": "abc"}),
    Case("env-retries-negative", "settings", "VMGEO_RETRIES=-1",
         src(), ("VMGEO_RETRIES='-1'", "at least 0"), env={"VMGEO_RETRIES": "-1"}),
    Case("env-pdok-url-without-scheme", "settings", "VMGEO_PDOK_URL without a scheme",
         src(), ("VMGEO_PDOK_URL='api.pdok.nl'", "http(s)", "https://api.pdok.nl"),
         env={"VMGEO_PDOK_URL": "api.pdok.nl"}),
    Case("env-cbs-url-with-query", "settings", "VMGEO_CBS_URL with a query",
         src(), ("VMGEO_CBS_URL", "without a query"), env={"VMGEO_CBS_URL": "https://opendata.cbs.nl/?x=1"}),
    Case("env-police-url-bad-port", "settings", "VMGEO_POLICE_URL with a port that is not a number",
         src(), ("VMGEO_POLICE_URL", "port"), env={"VMGEO_POLICE_URL": "https://dataderden.cbs.nl:http"}),
    Case("env-offline-maybe", "settings", "VMGEO_OFFLINE=misschien",
         src(), ("VMGEO_OFFLINE='misschien'", "yes or no"), env={"VMGEO_OFFLINE": "misschien"}),
    Case("env-deadline-negative", "settings", "VMGEO_DEADLINE=-5",
         src(), ("VMGEO_DEADLINE='-5'", "positive"), env={"VMGEO_DEADLINE": "-5"}),
    Case("env-max-pages-zero", "settings", "VMGEO_MAX_PAGES=0",
         src(), ("VMGEO_MAX_PAGES='0'", "at least 1"), env={"VMGEO_MAX_PAGES": "0"}),
    Case("env-max-bytes-bogus", "settings", "VMGEO_MAX_BYTES=veel",
         src(), ("VMGEO_MAX_BYTES='veel'", "512M"), env={"VMGEO_MAX_BYTES": "veel"}),
    Case("env-cache-dir-is-a-file", "settings", "VMGEO_CACHE_DIR is a file",
         src(), ("VMGEO_CACHE_DIR", "cachefile", "cachemap"), setup=cache_dir_is_file,
         env={"VMGEO_CACHE_DIR": "{T}/cachefile"}),
    Case("env-timeout-abc-tables", "settings", "VMGEO_TIMEOUT=abc with vmgeo tables",
         ("tables", "--search", "misdrijven"), ("VMGEO_TIMEOUT='abc'",), env={"VMGEO_TIMEOUT": "abc"}, out="none"),
    Case("env-timeout-abc-trend", "settings", "VMGEO_TIMEOUT=abc with vmgeo trend",
         trend(), ("VMGEO_TIMEOUT='abc'",), env={"VMGEO_TIMEOUT": "abc"}),
    Case("env-retries-abc-units", "settings", "VMGEO_RETRIES=abc with vmgeo units from PDOK",
         ("units", "--mapping", str(MAPPING), "--unit-column", "politie_eenheid_code", "--year", "2023",
          "--out", "{OUT}"), ("VMGEO_RETRIES='abc'",), env={"VMGEO_RETRIES": "abc"}, out="file"),
    # --- more, found while building the corpus ------------------------------------------------------
    Case("demo-region-seed-negative", "demo", "--region-seed -1",
         demo("--region-seed", "-1"), ("--region-seed -1",)),
    Case("demo-bins-nan", "demo", "--bins nan",
         demo("--bins", "nan"), ("--bins", "nan")),
    Case("demo-classes-0", "demo", "--classes 0",
         demo("--classes", "0"), ("--classes", "tussen 2 en 7")),
    Case("hs-boundaries-empty-folder", "hotspots", "--boundaries an empty folder",
         hs(b="{T}/leeg"), ("leeg", "niet als grenzenbestand te lezen"), setup=empty_folder("leeg")),
    Case("hs-boundaries-without-geometry", "hotspots", "boundaries whose features all lack geometry",
         hs(b="{T}/nogeom.geojson"), ("nogeom.geojson", "geometrie"),
         setup=text("nogeom.geojson", '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": '
                    '{"buurtcode": "BU99010301"}, "geometry": null}]}')),
    Case("hs-boundary-code-empty", "hotspots", "boundaries with an empty code",
         hs(b="{T}/nocode.gpkg"), ("nocode.gpkg", "leeg", "buurtcode"),
         setup=lambda ctx: ctx.region.boundaries.assign(
             buurtcode=ctx.region.boundaries["buurtcode"].where(ctx.region.boundaries.index != 3, None)).to_file(
             ctx.tmp / "nocode.gpkg", driver="GPKG", engine="pyogrio")),
    Case("hs-name-join-column-unknown", "hotspots", "--name-join names no column",
         ("hotspots", "--boundaries", "{B}", "--data", "{D}", "--name-join", "buurt", "--value", "misdrijven",
          "--out", "{OUT}"), ("'buurt'", "--name-join")),
    Case("hs-weighted-units-without-population", "hotspots", "--aggregate weighted to units without "
         "--population", ("hotspots", "--level", "basisteam", "--composition", "{T}/comp.csv", "--year", "2023",
                          "--boundaries", "{B}", "--data", "{D}", "--code-column", "buurtcode", "--value",
                          "onveilig_pct", "--aggregate", "weighted", "--out", "{OUT}"), ("--population",),
         setup=comp(f"BT1,A,basisteam,,{BU},,\n")),
    Case("src-population-period-missing", "hotspots (sources)", "--population-period the table does not have",
         src("--population-period", "2030"), ("85984NED", "2030", "--population-period")),
    Case("env-cache-dir-in-proc", "settings", "VMGEO_CACHE_DIR where no folder can be made",
         src(), ("VMGEO_CACHE_DIR", "/proc/vmgeo-cache"), env={"VMGEO_CACHE_DIR": "/proc/vmgeo-cache"}),
    Case("units-out-in-proc", "units", "units --out under /proc",
         units(""), ("/proc/vmgeo-corpus/units.gpkg", "--out"), setup=comp("BT1,A,basisteam,,WK990101,,\n"),
         out="none", at="/proc/vmgeo-corpus/units.gpkg"),
    Case("units-out-is-a-folder", "units", "units --out an existing folder named .gpkg",
         units(""), ("units.gpkg", "map", "--out"), setup=both(comp("BT1,A,basisteam,,WK990101,,\n"),
                                                         empty_folder("units.gpkg")), out="none",
         at="{T}/units.gpkg"),
    Case("trend-out-in-proc", "trend", "trend --out under /proc",
         trend("--period", "2023MM09"), ("/proc/vmgeo-corpus/trend", "kies een andere --out"), out="none",
         at="/proc/vmgeo-corpus/trend"),
]

IDS = [c.id for c in CASES]


# --- fixtures: one server, one good run of each kind, per module ---------------------------------------

@pytest.fixture(scope="module")
def server(testdata: Path) -> Iterator[Any]:
    from tests.servers import Content, FakeServer

    srv = FakeServer(Content(testdata)).start()
    yield srv
    srv.shutdown()
    srv.server_close()


def endpoints(server: Any, cache: Path) -> dict[str, str | None]:
    return {"VMGEO_CBS_URL": f"{server.url}/cbs", "VMGEO_POLICE_URL": f"{server.url}/politie",
            "VMGEO_PDOK_URL": f"{server.url}/pdok", "VMGEO_CACHE_DIR": str(cache), "VMGEO_OFFLINE": None,
            "VMGEO_TIMEOUT": "5", "VMGEO_RETRIES": "1", "VMGEO_DEADLINE": None, "VMGEO_MAX_PAGES": None,
            "VMGEO_MAX_BYTES": None}


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory, small_region: Any, server: Any) -> dict[str, Path]:
    """The inputs every case may use, an earlier result, and a cache filled by good runs."""
    import geopandas as gpd
    import pandas as pd

    folder = tmp_path_factory.mktemp("corpus")
    inputs = folder / "inputs"
    inputs.mkdir()
    small_region.boundaries.to_file(inputs / "buurten.gpkg", layer="buurten", driver="GPKG", engine="pyogrio")
    small_region.table.to_csv(inputs / "data.csv", index=False)
    b = small_region.boundaries
    wijken = b.dissolve(by="wijkcode", as_index=False)[["wijkcode", "geometry"]].rename(columns={"wijkcode": "code"})
    gemeente = gpd.GeoDataFrame({"code": ["GM9901"]}, geometry=[b.union_all()], crs=b.crs)
    gpd.GeoDataFrame(pd.concat([gemeente, wijken], ignore_index=True), crs=b.crs).to_file(
        inputs / "mixed.gpkg", driver="GPKG", engine="pyogrio")

    cache = folder / "cache"
    env = endpoints(server, cache)
    previous = folder / "previous"
    for args in (("hotspots", "--boundaries", str(inputs / "buurten.gpkg"), "--data", str(inputs / "data.csv"),
                  "--code-column", "buurtcode", "--value", "misdrijven", "--population", "inwoners",
                  "--permutations", "9", "--out", str(previous)),
                 ("hotspots", "--level", "gemeente", "--year", "2023", "--data", CRIME_SOURCE, "--filter",
                  "SoortMisdrijf=0.0.0", "--period", "2023", "--population", POPULATION_SOURCE, "--permutations",
                  "9", "--out", str(folder / "good-hotspots")),
                 ("hotspots", "--level", "provincie", "--year", "2023", "--data",
                  "cbs:81877NED/VoeltZichWeleensOnveiligInBuurt_2", "--period", "2015", "--weights", "knn:3",
                  "--permutations", "9", "--out", str(folder / "good-survey")),
                 ("trend", "--crime-types", "0.0.0", "--period", "2023MM09", "--out", str(folder / "good-trend")),
                 ("tables", "--search", "misdrijven")):
        good = run_vmgeo(*args, env=env)
        assert good.returncode == 0, (args, good.stderr)
    return {"inputs": inputs, "cache": cache, "previous": previous, "folder": folder}


# --- what is compared -----------------------------------------------------------------------------

def state(path: Path) -> Any:
    """A folder's files (names and bytes, hidden ones too), a file's bytes, or None when missing."""
    if path.is_dir():
        return {str(p.relative_to(path)): p.read_bytes() if p.is_file() else "<dir>"
                for p in sorted(path.rglob("*"))}
    if path.exists():
        return path.read_bytes()
    return None


def cache_state(cache: Path) -> dict[str, bytes]:
    """Every file of the cache but the (empty) lock files, by name."""
    if not cache.is_dir():
        return {}
    return {p.name: p.read_bytes() for p in sorted(cache.iterdir()) if p.is_file() and p.suffix != ".lock"}


def leftovers(*folders: Path) -> list[str]:
    """Staging files and folders of vmgeo's writers (``.out.vmgeo-new-*``, ``.vmgeo-map.html.*``)."""
    return sorted({p.name for folder in folders for p in folder.glob(".*") if ".vmgeo-" in p.name})


def fill(value: str, paths: dict[str, str]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: paths.get(m.group(1), m.group(0)), value)


def prepare(case: Case, tmp: Path, shared: dict[str, Path], small_region: Any, server: Any
            ) -> tuple[list[str], dict[str, str | None], Path, Path]:
    """The case's folder, output and files; its command line, environment, the output and the cache to watch."""
    paths = {"T": str(tmp), "B": str(shared["inputs"] / "buurten.gpkg"), "D": str(shared["inputs"] / "data.csv"),
             "W": str(shared["inputs"] / "mixed.gpkg")}
    out = Path(fill(case.at, paths)) if case.at else tmp / ("units.gpkg" if case.out == "file" else "out")
    if case.out == "dir":
        shutil.copytree(shared["previous"], out)
    elif case.out == "file":
        shutil.copy(shared["previous"] / "results.gpkg", out)
    paths["OUT"] = str(out)
    if case.setup is not None:
        case.setup(Ctx(tmp=tmp, out=out, region=small_region, shared=shared["inputs"]))
    args = [fill(a, paths) for a in case.args]
    env = {**endpoints(server, shared["cache"]), **{k: fill(v, paths) for k, v in case.env.items()}}
    return args, env, out, Path(env["VMGEO_CACHE_DIR"] or shared["cache"])


# --- the tests ------------------------------------------------------------------------------------

def problems_of(case: Case, run: subprocess.CompletedProcess[str]) -> list[str]:
    """Everything a failed run owes the user and did not deliver (empty when all is well)."""
    found = []
    if any(u in run.stderr for u in UNEXPECTED):
        found.append(f"an unexpected error (exit {run.returncode}) instead of a clear one")
    elif run.returncode != 1:
        found.append(f"exit status {run.returncode}, not 1")
    lines = [line for line in run.stderr.splitlines() if line.startswith(ERROR_PREFIXES)]
    if len(lines) != 1:
        found.append(f"{len(lines)} 'vmgeo: error:' lines, not one")
    if "Traceback" in run.stderr:
        found.append("a traceback")
    stray = [line for line in run.stderr.splitlines() if line.strip() and not line.startswith("vmgeo: ")]
    if stray:
        found.append(f"other output on stderr besides vmgeo's lines: {stray[:2]}")
    missing = [w for w in case.words if not any(w in line for line in lines)]
    if lines and missing:
        found.append(f"the line lacks {missing}")
    return found


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_bad_input(case: Case, tmp_path: Path, shared: dict[str, Path], small_region: Any, server: Any) -> None:
    args, env, watched, cache = prepare(case, tmp_path, shared, small_region, server)
    before_out, before_cache = state(watched), cache_state(cache)
    run = run_vmgeo(*args, env=env)
    found = problems_of(case, run)
    if state(watched) != before_out:
        found.append(f"{watched} was changed")
    if leftovers(watched.parent, tmp_path):
        found.append(f"staging files left behind: {leftovers(watched.parent, tmp_path)}")
    after_cache = cache_state(cache)
    if after_cache != before_cache:
        changed = sorted(n for n in set(after_cache) | set(before_cache) if after_cache.get(n) != before_cache.get(n))
        found.append(f"the cache was changed: {changed[:6]}")
    assert not found, "; ".join(found) + f"\n$ vmgeo {' '.join(args)}\nexit {run.returncode}\n{run.stderr.strip()}"


#: Cases also run as a user would, in a child process: the same one line, the same exit status.
IN_A_CHILD = ["cli-unknown-command", "demo-seed-not-a-number", "hs-boundaries-missing", "src-unknown-filter-key",
              "env-timeout-abc", "map-results-not-a-run"]


@pytest.mark.parametrize("case_id", IN_A_CHILD)
def test_same_line_in_a_child_process(case_id: str, tmp_path: Path, shared: dict[str, Path], small_region: Any,
                                      server: Any) -> None:
    case = next(c for c in CASES if c.id == case_id)
    args, env, _, _ = prepare(case, tmp_path, shared, small_region, server)
    inside = run_vmgeo(*args, env=env)
    child = run_cli(*args, env=env, process=True)
    assert child.returncode == inside.returncode == 1
    assert error_line(child, *case.words) == error_line(inside, *case.words)


def markdown() -> str:
    """``docs/bad-inputs.md``: the table of the corpus."""
    def cell(value: str) -> str:
        return value.replace("|", "\\|")

    lines = [
        "# Bad inputs: the corpus",
        "",
        "Every row is one case of `tests/test_corpus.py`: a `vmgeo` command line that must fail on",
        "its input with exit status 1 and exactly one line `vmgeo: fout: ...` (no traceback), containing",
        "the words in the last column, while the output folder (holding an earlier result) and the",
        "download cache stay byte for byte as they were. `tests/test_corpus.py` checks that this table",
        "lists exactly its cases; regenerate it with `python -m tests.test_corpus > docs/bad-inputs.md`.",
        "",
        f"{len(CASES)} cases.",
        "",
        "| id | command | what is wrong | the message must say |",
        "|---|---|---|---|",
    ]
    for c in CASES:
        words = ", ".join(f"`{w}`" if "`" not in w else w for w in c.words)
        lines.append(f"| `{c.id}` | {cell(c.group)} | {cell(c.what)} | {cell(words)} |")
    return "\n".join(lines) + "\n"


def test_docs_table_lists_the_corpus() -> None:
    rows = [line for line in DOC.read_text(encoding="utf-8").splitlines() if line.startswith("| `")]
    documented = [line.split("`")[1] for line in rows]
    assert len(set(IDS)) == len(IDS), "two cases share an id"
    assert sorted(documented) == sorted(IDS), (
        f"docs/bad-inputs.md and the corpus differ: only in the docs {sorted(set(documented) - set(IDS))}, "
        f"only in the corpus {sorted(set(IDS) - set(documented))}; regenerate with "
        "python -m tests.test_corpus > docs/bad-inputs.md")


def test_corpus_covers_every_command() -> None:
    groups = {c.group for c in CASES}
    assert {"demo", "hotspots", "hotspots (sources)", "change", "trend", "units", "map", "tables", "cache",
            "indicators", "settings"} <= groups
    assert len(CASES) >= 60


if __name__ == "__main__":
    sys.stdout.write(markdown())
