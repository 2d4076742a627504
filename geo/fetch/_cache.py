"""The on-disk download cache: one entry per logical request, with provenance.

An entry is two files in the cache folder, named by a hash of the request:
``<key>.<ext>`` with the content and ``<key>.meta.json`` with where it came
from (URL, catalog, table, table modified date, period status, fetched-at
time, row count) and the SHA-256 of the content. Both are written to a
temporary file and renamed, content first, so an interrupted download never
leaves an entry that looks complete; a content file whose checksum does not
match its record is treated as absent (online) or reported (offline).
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .._files import write_bytes
from ..errors import CacheError, OfflineError

log = logging.getLogger("geo")


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

    def get(self, key: str, ext: str, *, offline: bool, what: str) -> Entry | None:
        """Return the entry for ``key`` if it is there and intact.

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
            problem = f"unreadable ({exc})"
        else:
            if sha256_bytes(data) == meta.get("sha256"):
                return Entry(content, meta)
            problem = "damaged (checksum mismatch)"
        if offline:
            raise CacheError(
                f"the cached copy of {what} in {content} is {problem}; run once without --offline "
                "to fetch it again (or 'vmgeo cache clear')"
            )
        log.warning("cached copy of %s is %s; fetching it again", what, problem)
        return None

    def put(self, key: str, ext: str, data: bytes, meta: dict[str, Any]) -> Entry:
        """Store ``data`` with its provenance, atomically."""
        self.folder.mkdir(parents=True, exist_ok=True)
        content, meta_path = self._paths(key, ext)
        record = {
            **meta,
            "fetched_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "sha256": sha256_bytes(data),
            "bytes": len(data),
            "file": content.name,
        }
        write_bytes(content, data)
        write_bytes(meta_path, (json.dumps(record, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
        return Entry(content, record)

    def entries(self) -> list[dict[str, Any]]:
        """The provenance records of every entry, oldest first."""
        out: list[dict[str, Any]] = []
        if not self.folder.exists():
            return out
        for meta_path in sorted(self.folder.glob("*.meta.json")):
            try:
                out.append(json.loads(meta_path.read_text(encoding="utf-8")))
            except (OSError, ValueError):
                out.append({"file": meta_path.name, "error": "unreadable record"})
        return sorted(out, key=lambda m: m.get("fetched_at", ""))

    def clear(self) -> int:
        """Delete every entry; return how many there were."""
        if not self.folder.exists():
            return 0
        count = 0
        for path in self.folder.iterdir():
            if path.is_file() and (path.name.endswith(".meta.json") or ".vmgeo-" in path.name
                                   or path.suffix in (".json", ".geojson")):
                if path.name.endswith(".meta.json"):
                    count += 1
                path.unlink()
        return count


def offline_miss(what: str) -> OfflineError:
    """The error for something that is not cached while offline."""
    return OfflineError(
        f"{what} is not in the cache and --offline (or VMGEO_OFFLINE=1) forbids downloading it; "
        "run the same command once with network access first"
    )
