"""Render page 1 of the 's-Gravenhage scan PDF to docs/scan-page1.png, the picture in README's scan section.

    python docs/make_scan_image.py              # scan GM0518 against the test suite's stand-in servers
    python docs/make_scan_image.py scan.pdf     # or take page 1 of a scan.pdf you already have

Without an argument it runs ``vmgeo scan --area GM0518 --year 2023`` against the
stand-in CBS, Politie and PDOK servers of tests/ (no network; synthetic figures
where tests/servers_scan.py says so, which the page's "Bron:" lines repeat).
The page is drawn by ``pdftoppm`` (Debian's poppler-utils): WeasyPrint writes
PDF only, and no PDF rasteriser is a dependency of vmgeo.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "docs" / "scan-page1.png"
#: Pixels per inch of the picture: A4 at 80 dpi is 661 x 935, readable on a README page and small in git.
DPI = 80


def scan_pdf(folder: Path) -> Path:
    """The scan of 's-Gravenhage made against the stand-in servers, in ``folder``."""
    sys.path.insert(0, str(REPO))
    from tests.conftest import TESTDATA, run_cli
    from tests.servers import Content, FakeServer
    from tests.test_sources import endpoints

    mapping = TESTDATA / "mapping" / "gemeente_2023_provincie_veiligheidsregio_politie-eenheid.csv"
    server = FakeServer(Content(TESTDATA), odata_page=5000).start()
    env: dict[str, str | None] = {**endpoints(server, folder / "cache")}
    try:
        run = run_cli("scan", "--area", "GM0518", "--year", "2023", "--mapping", str(mapping),
                      "--out", str(folder / "scan"), env=env)
    finally:
        server.shutdown()
    if run.returncode != 0:
        raise SystemExit(f"the scan failed:\n{run.stderr}")
    return folder / "scan" / "scan.pdf"


def page_one(pdf: Path, out: Path = OUT) -> Path:
    """Page 1 of ``pdf`` as a PNG at ``out``."""
    tool = shutil.which("pdftoppm")
    if tool is None:
        raise SystemExit("pdftoppm not found: install poppler-utils (apt-get install poppler-utils)")
    subprocess.run([tool, "-png", "-r", str(DPI), "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(out.with_suffix(""))], check=True)
    return out


def main(argv: list[str]) -> int:
    if argv:
        print(page_one(Path(argv[0])))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        print(page_one(scan_pdf(Path(tmp))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
