"""The stand-in server's tables for the gebiedsscan: Veiligheidsmonitor, overlast, kerncijfers.

Filled in with the scan (issue 11); until then it adds nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def add_tables(content: Any, testdata: Path) -> None:
    """Add the scan's tables to ``content.tables`` (and boundary collections to ``content.collections``)."""
