"""The on-disk download cache: one entry per logical request, with provenance.

An entry is two files in the cache folder, named by a hash of the request:
``<key>.<ext>`` with the content and ``<key>.meta.json`` with where it came
from (URL, catalog, table, table modified date, period status, fetched-at
time, row count) and the SHA-256 of the content. Both are written to a
temporary file and renamed, content first, so an interrupted download never
leaves an entry that looks complete; a content file whose checksum does not
match its record is treated as absent (online) or reported (offline).

Several vmgeo processes may share one cache folder. Each entry has a lock
file, ``<key>.lock`` (an OS file lock through ``filelock``, released by
the OS when a process dies): it is held while the entry is looked up,
downloaded and written, so a second process that wants the same entry
waits and then reads what the first one wrote, instead of downloading it
again, writing over it, or reading it half-written. A read-only cache folder
(a colleague's cache on a read-only share) can still be read offline,
without locks, since nobody writes to it through vmgeo.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .. import messages
from .._files import write_bytes
from ..errors import CacheError, OfflineError, SettingsError
from ..settings import Settings, from_env

log = logging.getLogger("geo")

#: Seconds a process waits for another one that is fetching the same entry,
#: on top of that download's own deadline (VMGEO_DEADLINE): time to parse and write it.
LOCK_MARGIN = 60.0


def request_key(kind: str, **parts: Any) -> str:
    """A stable key for a request: the hash of its kind and sorted parts."""
    text = json.dumps({"kind": kind, **parts}, sort_keys=True, ensure_ascii=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Entry:
    """A cache entry found on disk."""

    path: Path
    meta: dict[str, Any]

    def read_bytes(self) -> bytes:
        return self.path.read_bytes()


class Cache:
    """The cache folder of one vmgeo run."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def _paths(self, key: str, ext: str) -> tuple[Path, Path]:
        return self.folder / f"{key}.{ext}", self.folder / f"{key}.meta.json"

    def _lock_path(self, key: str) -> Path:
        return self.folder / f"{key}.lock"

    # --- the folder -------------------------------------------------------------
    def _not_a_folder(self) -> SettingsError:
        return SettingsError(messages.line("cache_is_file", folder=self.folder))

    def _not_writable(self, exc: OSError) -> SettingsError:
        reason = exc.strerror or type(exc).__name__
        return SettingsError(messages.line("cache_not_writable", folder=self.folder, reason=reason))

    def check_folder(self) -> None:
        """Raise :class:`~geo.settings.SettingsError` when the cache folder is a file (or under one)."""
        for path in (self.folder, *self.folder.parents):
            if path.exists():
                if not path.is_dir():
                    raise self._not_a_folder() if path == self.folder else SettingsError(
                        messages.line("cache_under_file", folder=self.folder, path=path))
                return

    def _make_folder(self) -> None:
        self.check_folder()
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise self._not_writable(exc) from exc

    # --- locks ------------------------------------------------------------------
    @contextlib.contextmanager
    def lock(self, key: str, *, what: str, wait: float) -> Iterator[None]:
        """Hold the lock of entry ``key``, waiting up to ``wait`` seconds for another process.

        Raises :class:`~geo.settings.SettingsError` when the folder cannot be
        written (the lock file cannot be made) and
        :class:`~geo.errors.CacheError` when another process holds the lock
        for longer than ``wait``.
        """
        import filelock

        self._make_folder()
        path = self._lock_path(key)
        try:
            # Made here, not by filelock: filelock takes a permission error for
            # a lock held by someone else and would wait for the whole time-out.
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o666))
        except OSError as exc:
            raise self._not_writable(exc) from exc
        lock = filelock.FileLock(str(path), timeout=wait)
        try:
            lock.acquire()
        except filelock.Timeout:
            raise CacheError(messages.line("cache_locked", what=what, folder=self.folder, wait=round(wait),
                                       lock=path.name)) from None
        try:
            yield
        finally:
            lock.release()

    @contextlib.contextmanager
    def _read_lock(self, key: str, *, what: str, wait: float) -> Iterator[None]:
        """The entry's lock when the folder can be written; none in a read-only folder (nobody writes there)."""
        self.check_folder()
        if not self.folder.is_dir():
            yield
            return
        try:
            os.close(os.open(self._lock_path(key), os.O_WRONLY | os.O_CREAT, 0o666))
        except OSError:
            log.debug("%s", messages.line("cache_read_only", folder=self.folder, what=what))
            yield
            return
        with self.lock(key, what=what, wait=wait):
            yield

    # --- entries ----------------------------------------------------------------
    def get(self, key: str, ext: str, *, offline: bool, what: str) -> Entry | None:
        """Return the entry for ``key`` if it is there and intact (without taking its lock).

        A damaged entry (missing content, checksum mismatch, unreadable
        record) is ``None`` online, so that it is fetched again, and an
        :class:`~geo.errors.CacheError` offline.
        """
        content, meta_path = self._paths(key, ext)
        if not meta_path.exists():
            return None
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            data = content.read_bytes()
        except (OSError, ValueError) as exc:
            problem = messages.line("cache_unreadable", problem=exc)
        else:
            if isinstance(meta, dict) and sha256_bytes(data) == meta.get("sha256"):
                return Entry(content, meta)
            problem = messages.line("cache_damaged")
        if offline:
            raise CacheError(messages.line("cache_bad_offline", what=what, file=content, problem=problem))
        log.warning("%s", messages.line("cache_refetch", what=what, problem=problem))
        return None

    def put(self, key: str, ext: str, data: bytes, meta: dict[str, Any]) -> Entry:
        """Store ``data`` with its provenance, atomically (hold :meth:`lock` around it)."""
        self._make_folder()
        content, meta_path = self._paths(key, ext)
        record = {
            **meta,
            "fetched_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "sha256": sha256_bytes(data),
            "bytes": len(data),
            "file": content.name,
        }
        try:
            # The old record goes first: an interruption then leaves no entry,
            # rather than a record that describes other content.
            meta_path.unlink(missing_ok=True)
            write_bytes(content, data)
            write_bytes(meta_path, (json.dumps(record, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
        except PermissionError as exc:
            raise self._not_writable(exc) from exc
        except OSError as exc:
            raise CacheError(messages.line("cache_write", file=content, problem=exc.strerror or exc)) from exc
        return Entry(content, record)

    def fetch(self, key: str, ext: str, *, what: str, offline: bool, refresh: bool, wait: float,
              download: Callable[[], tuple[bytes, dict[str, Any]]]) -> Entry:
        """The entry ``key``: from the cache, or downloaded and stored, one process at a time.

        Parameters
        ----------
        key, ext
            The entry (:func:`request_key`) and the extension of its content.
        what
            What it is, for messages.
        offline
            Never download; a missing entry is an :class:`~geo.errors.OfflineError`.
        refresh
            Download even when the entry is there.
        wait
            Seconds to wait for another process that holds the entry's lock.
        download
            Returns the content and its provenance; called with the lock held.
        """
        if offline:
            with self._read_lock(key, what=what, wait=wait):
                entry = self.get(key, ext, offline=True, what=what)
            if entry is None:
                raise offline_miss(what)
            return entry
        with self.lock(key, what=what, wait=wait):
            if not refresh:
                entry = self.get(key, ext, offline=False, what=what)
                if entry is not None:
                    return entry
            data, meta = download()
            return self.put(key, ext, data, meta)

    def entries(self) -> list[dict[str, Any]]:
        """The provenance records of every entry, oldest first."""
        out: list[dict[str, Any]] = []
        self.check_folder()
        if not self.folder.is_dir():
            return out
        for meta_path in sorted(self.folder.glob("*.meta.json")):
            try:
                out.append(json.loads(meta_path.read_text(encoding="utf-8")))
            except (OSError, ValueError):
                out.append({"file": meta_path.name, "error": "unreadable record"})
        return sorted(out, key=lambda m: m.get("fetched_at", ""))

    def clear(self) -> int:
        """Delete every entry; return how many there were.

        Lock files go too, except those another process holds right now.
        """
        import filelock

        self.check_folder()
        if not self.folder.is_dir():
            return 0
        count = 0
        for path in self.folder.iterdir():
            if not path.is_file():
                continue
            if path.suffix == ".lock":
                lock = filelock.FileLock(str(path), timeout=0)
                try:
                    with lock:
                        path.unlink()
                except (filelock.Timeout, OSError):
                    pass  # in use by a running vmgeo
            elif path.name.endswith(".meta.json") or ".vmgeo-" in path.name or path.suffix in (".json", ".geojson"):
                if path.name.endswith(".meta.json"):
                    count += 1
                path.unlink()
        return count


def offline_miss(what: str) -> OfflineError:
    """The error for something that is not cached while offline."""
    return OfflineError(messages.line("offline_miss", what=what))


def open_cache(settings: Settings | None) -> tuple[Settings, Cache]:
    """``settings`` (from the environment when ``None``) and the cache of their folder."""
    settings = settings if settings is not None else from_env()
    return settings, Cache(settings.cache_dir)


def cache_entries(settings: Settings | None = None) -> list[dict[str, Any]]:
    """The provenance records in the cache."""
    return open_cache(settings)[1].entries()


def clear_cache(settings: Settings | None = None) -> int:
    """Empty the cache; return the number of entries removed."""
    return open_cache(settings)[1].clear()
