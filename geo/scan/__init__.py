"""The gebiedsscan: the figures of one area for the expert meeting that asks of each whether it is recognised.

``vmgeo scan --area GM0518 --year 2023 --out scan`` writes ``scan.html``
(self-contained and printable), ``scan.pdf`` (the same page, printed by
WeasyPrint), ``scan.xlsx`` and ``figures.csv``, ``findings.csv`` and
``sources.csv``. Every number the report shows is a row of one figures
table (:mod:`.figures`), rendered by its row id, so the HTML, the PDF and
the workbook cannot disagree with the CSV::

    from geo.scan import ScanOptions, make, write
    scans = make(ScanOptions(area="GM0518", year=2023, mapping="gemeente_eenheid.csv"), settings=settings)
    scans[0].frame          # the figures table
    scans[0].findings       # the bespreekpunten
    write(scans, "scan", opts=...)

=====================  ================================================================
module                 what
=====================  ================================================================
:mod:`.model`          what a scan is: ``ScanOptions``, ``Scan``, ``Section`` (imported by the others)
:mod:`.sections`       the sections, declared once: key, builder of its figures, renderer of its HTML
:mod:`.catalogue`      the indicators of the scan, which way is better, the dark-number kinds
:mod:`.data`           fetching (measure keys matched by name stem), what a table lacks
:mod:`.areas`          the area, its references (country, eenheid, gemeente) and peers
:mod:`.compare`        better / worse / no demonstrable difference, by vmgeo's own tests
:mod:`.figures`        the one figures table
:mod:`.objective`      registered crime against feeling unsafe: quadrant, bivariate LISA (by ``geo.analyse``)
:mod:`.darknumber`     what never reaches the police, with its range
:mod:`.inside`         the hot spots of the wijken (or members) inside the area
:mod:`.findings`       the bespreekpunten and their fingerprint
:mod:`.notes`          the meeting's filled-in sheet, checked and folded back
:mod:`.charts`         small SVG charts and maps from the table
:mod:`.render`         the HTML page, the index of a ``--within`` run, the wijk fragments
:mod:`.pdf`            the PDF of the page
:mod:`.workbook`       XLSX and CSVs, the tabellenboek
:mod:`.run`            the order of the work, and writing every file at once
=====================  ================================================================
"""

from __future__ import annotations

from .model import Scan, ScanOptions
from .run import make, write

__all__ = ["Scan", "ScanOptions", "make", "write"]
