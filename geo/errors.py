"""Errors raised by vmgeo.

Every error a user can cause derives from :class:`VmgeoError`, and also from
the builtin that describes it best, so ``except ValueError`` keeps working::

    VmgeoError
    ├── InputFileError (OSError)        a file is missing, unreadable or of an unknown format
    ├── OutputError (OSError)           the output folder cannot be written, or writing would destroy files
    ├── ColumnError (KeyError)          a named column does not exist
    ├── DataError (ValueError)          the content cannot be analysed
    │   ├── CodeMismatchError           codes are duplicated or do not match
    │   ├── CRSError                    a boundary file has no usable CRS
    │   ├── CompositionError            a police unit composition does not fit its boundaries
    │   ├── CrosswalkError              codes of two years cannot be matched without a choice
    │   └── AnalysisError               too few areas, a constant value, ...
    ├── OptionError (ValueError)        an option has a value vmgeo cannot use
    │   └── SettingsError               a VMGEO_* setting (or the cache folder) cannot be used
    └── SourceError                     a download from CBS, Politie or PDOK failed
        ├── NotFoundError (LookupError) unknown table, measure, filter key, period or level
        ├── RemoteError (ConnectionError)  HTTP error, time-out, broken or looping response
        ├── OfflineError                not cached, and downloading is not allowed
        └── CacheError                  a cached copy is damaged offline, cannot be written, or stays locked too long

The CLI catches :class:`VmgeoError`, prints its message on one line and
exits with status 1.
"""

from __future__ import annotations

from collections.abc import Iterable

from . import text


class VmgeoError(Exception):
    """Base class of every error vmgeo raises on purpose."""


class InputFileError(VmgeoError, OSError):
    """A file is missing, unreadable, or of a format vmgeo does not read."""


class OutputError(VmgeoError, OSError):
    """The output folder cannot be written, or writing there would destroy files vmgeo did not make."""


class ColumnError(VmgeoError, KeyError):
    """A column named by the user is not in the file."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class DataError(VmgeoError, ValueError):
    """The content of a file cannot be analysed as it is."""


class CodeMismatchError(DataError):
    """Area codes are duplicated, or do not match between data and boundaries."""


class CRSError(DataError):
    """A boundary file has no coordinate reference system, or an unusable one."""


class CompositionError(DataError):
    """A composition of police units is inconsistent or does not fit the boundaries of its year."""


class CrosswalkError(DataError):
    """Area codes of two years cannot be matched (a split without a rule, an ambiguous name)."""


class AnalysisError(DataError):
    """The statistics cannot be computed on this data (too few areas, constant value)."""


class OptionError(VmgeoError, ValueError):
    """An option has a value that vmgeo cannot use."""


class SettingsError(OptionError):
    """A ``VMGEO_*`` setting has a value vmgeo cannot use, or the cache folder cannot be used."""


class SourceError(VmgeoError):
    """A download from CBS StatLine, the police catalog or PDOK failed."""


class NotFoundError(SourceError, LookupError):
    """A table, measure, filter key, period or level does not exist at the source."""


class RemoteError(SourceError, ConnectionError):
    """The server answered with an error, too late, or with content vmgeo cannot use."""


class OfflineError(SourceError):
    """Something is not in the cache and vmgeo may not download it."""


class CacheError(SourceError):
    """A cached copy is damaged while vmgeo may not fetch it again."""


def few(items: "Iterable[object]", n: int = 8) -> str:
    """Format a list of codes for a one-line message: the first ``n`` and a count, in the run's language."""
    return text.few(items, n)


__all__ = [
    "AnalysisError",
    "CRSError",
    "CacheError",
    "CodeMismatchError",
    "ColumnError",
    "CompositionError",
    "CrosswalkError",
    "DataError",
    "InputFileError",
    "NotFoundError",
    "OfflineError",
    "OptionError",
    "OutputError",
    "RemoteError",
    "SettingsError",
    "SourceError",
    "VmgeoError",
]
