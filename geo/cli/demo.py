"""``vmgeo demo``: the whole pipeline on a built-in synthetic region."""

from __future__ import annotations

import argparse
import logging
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .. import messages, rates, text
from ..boundaries import load_boundaries
from ..demo import make_region, write_incident_inputs
from ..errors import OptionError
from ..joins import join
from ..reports import RunReport
from ..settings import DEMO_REGION_SEED
from ..tables import read_table
from . import _options
from .hotspots import print_done, run_analysis

if TYPE_CHECKING:
    from ..maps import MapOptions

log = logging.getLogger("geo")


def add_parser(sub: Any) -> None:
    """Add the ``demo`` command."""
    demo = sub.add_parser("demo", parents=[_options.common()],
                          help="run the whole pipeline on a built-in synthetic region",
                          description="Generate a synthetic region with planted hot and cold spots and run the "
                                      "hot-spot analysis on it. Writes the same files as 'hotspots', plus the "
                                      "generated inputs (demo_buurten.gpkg, demo_data.csv).")
    demo.add_argument("--out", default="vmgeo-demo", metavar="DIR", help="output folder (default vmgeo-demo)")
    demo.add_argument("--region-seed", type=int, default=DEMO_REGION_SEED, metavar="S",
                      help="seed of the synthetic region")
    demo.add_argument("--incidents", action="store_true",
                      help="instead: a synthetic police export (demo_incidenten.csv, 50,000 incidents in 2021-2023 "
                           "with planted micro hot spots, and 2020 before them for 'vmgeo trend --incidents') "
                           "whose 2021-2023 is counted on the CBS grid of a study area around Eindhoven's centre "
                           "(demo_studiegebied.gpkg), as 'vmgeo hotspots --incidents --period 2021:2023' does")
    demo.add_argument("--grid", type=int, choices=(100, 500), default=100, metavar="METRES",
                      help="with --incidents: squares of 100 (default) or 500 m")
    _options.add_analysis(demo)
    demo.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run ``vmgeo demo``."""
    t0 = time.perf_counter()
    _options.check_out(args)
    if not 0 <= args.region_seed <= 2**32 - 1:
        raise OptionError(messages.line("clidemo_region_seed_args_region", args_region_seed=args.region_seed,
                                        v_2_32_1=2 ** 32 - 1))
    if args.incidents:
        return _run_incidents(args, _options.map_options(args))
    map_options = _options.map_options(args, level="buurt")  # fail before anything is written
    region = make_region(seed=args.region_seed)
    # The generated inputs go through the same readers as user files, and land in
    # --out together with the results, so a failure leaves the folder as it was.
    with tempfile.TemporaryDirectory(prefix="vmgeo-demo-") as tmp:
        inputs = {"demo_buurten.gpkg": Path(tmp) / "demo_buurten.gpkg", "demo_data.csv": Path(tmp) / "demo_data.csv"}
        region.boundaries.to_file(inputs["demo_buurten.gpkg"], layer="buurten", driver="GPKG", engine="pyogrio")
        region.table.to_csv(inputs["demo_data.csv"], index=False)
        boundaries = load_boundaries(inputs["demo_buurten.gpkg"], code_column="buurtcode", name_column="buurtnaam")
        joined = join(boundaries, read_table(inputs["demo_data.csv"]), code_column="buurtcode")
        prepared = rates.prepare(joined, value="misdrijven", population="inwoners")
        out = Path(args.out)
        run_report = RunReport(
            synthetic=True,
            planted={"hot": region.hot, "cold": region.cold},
            inputs={"boundaries": str(out / "demo_buurten.gpkg"), "data": str(out / "demo_data.csv"),
                    "region_seed": args.region_seed},
        )
        code = run_analysis(prepared, args, title=text.get("demo_title", lang=args.lang), run=run_report,
                            map_options=map_options, attach=inputs)
    log.info("demo finished in %.1f s", time.perf_counter() - t0)
    return code


def _demo_period() -> str:
    """The years the demo analyses: those of the planted pattern; the year before is the trend's baseline."""
    from ..demo import INCIDENTS_YEARS

    first, last = INCIDENTS_YEARS
    return f"{first}:{last}"


def _run_incidents(args: argparse.Namespace, map_options: "MapOptions") -> int:
    """``vmgeo demo --incidents``: a synthetic export counted on the grid of a study area, through ``hotspots``."""
    from .. import grid, pipeline
    from ..inputs import Options, assemble

    with tempfile.TemporaryDirectory(prefix="vmgeo-demo-") as tmp:
        made = write_incident_inputs(Path(tmp), seed=args.region_seed)
        columns = made.columns
        options = Options(incidents=str(made.export), boundaries=[str(made.study_area)], grid=args.grid,
                          min_count=args.min_count, x=columns["x"], y=columns["y"], date=columns["date"],
                          type=columns["type"], period=_demo_period())
        assembled = assemble(options, settings=_options.settings(args))
        _, sx, sy = made.planted
        planted = grid.cell_codes(*grid.cell_index(np.array([sx]), np.array([sy]), cell=args.grid), cell=args.grid)
        out = Path(args.out)
        aggregation = assembled.run.aggregation
        if aggregation is not None:  # the files were read from a folder that is gone; name them where they are
            export = str(out / made.export.name)
            aggregation = replace(aggregation, incidents={**aggregation.incidents, "source": export},
                                  study_area={**(aggregation.study_area or {}),
                                              "source": str(out / made.study_area.name)})
        run = replace(assembled.run, synthetic=True, planted={"hot": [str(planted[0])], "cold": []},
                      aggregation=aggregation,
                      inputs={"incidents": str(out / made.export.name), "boundaries": str(out / made.study_area.name),
                              "grid": args.grid, "seed": args.region_seed, **made.columns})
        title = args.title or text.get("demo_incidents_title", lang=args.lang, cell=args.grid)
        output = _options.output(args, map_options, title=title,
                                 attach={made.export.name: made.export, made.study_area.name: made.study_area})
        done = pipeline.analyse_and_write(replace(assembled, run=run), output=output,
                                          analysis_options=_options.analysis(args))
        return print_done(done, args)
