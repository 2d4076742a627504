"""vmgeo's version, from the installed package's metadata (the one home; ``geo.__version__`` re-exports it)."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("vmgeo")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"
