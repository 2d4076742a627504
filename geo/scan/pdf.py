"""``scan.pdf``: the scan's HTML page, printed by WeasyPrint.

WeasyPrint lays out the very page ``scan.html`` is, with its print styles:
the interactive map (an iframe, and WeasyPrint runs no JavaScript) gives way
to numbered SVG maps of its LISA and Gi* layers with their key. It needs the system's Pango
(``libpango-1.0-0``, ``libpangoft2-1.0-0``) and a font; ``.ci/run`` installs
them.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from .. import messages
from ..errors import OptionError

#: The iframe of the interactive map: hidden in print, so left out of the PDF's input (it is large).
_IFRAME = re.compile(r'<iframe class="map screen-only"[^>]*></iframe>', re.S)


def write_pdf(page: str, path: Path) -> None:
    """Write the HTML ``page`` as a PDF at ``path``.

    Raises
    ------
    OptionError
        When WeasyPrint or the system libraries it needs are missing, saying what to install.
    """
    try:
        import weasyprint
    except (ImportError, OSError) as exc:
        raise OptionError(messages.line("scan_pdf_scan_pdf_needs", kind=type(exc).__name__, exc=exc)) from exc
    # Its own warnings (CSS it ignores, such as the screen-only rules) are not the user's concern.
    quiet = logging.getLogger("weasyprint")
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        weasyprint.HTML(string=_IFRAME.sub("", page)).write_pdf(str(path))
    finally:
        quiet.setLevel(level)
