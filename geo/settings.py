"""Settings of vmgeo, read once from the environment.

Every setting has a default that works for a single analyst; organisations
behind a proxy or with an internal mirror override the endpoints, and the
tests point them at local servers.

==========================  ==================================  =========================
environment variable        setting                             default
==========================  ==================================  =========================
``VMGEO_CACHE_DIR``         ``cache_dir``                       per-user cache folder
``VMGEO_OFFLINE``           ``offline``                         ``False``
``VMGEO_CBS_URL``           ``cbs_url``                         https://opendata.cbs.nl
``VMGEO_POLICE_URL``        ``police_url``                      https://dataderden.cbs.nl
``VMGEO_PDOK_URL``          ``pdok_url``                        https://api.pdok.nl
``VMGEO_TIMEOUT``           ``timeout`` (seconds)               20
``VMGEO_RETRIES``           ``retries``                         3
``VMGEO_DEADLINE``          ``deadline`` (seconds)              300
``VMGEO_MAX_PAGES``         ``max_pages``                       1000
``VMGEO_MAX_BYTES``         ``max_bytes`` (per answer)          256M (268,435,456 bytes)
==========================  ==================================  =========================

How the network limits work together, per download (one table, code list
or boundary collection, with all its pages):

- ``timeout``: the longest wait for any single read from the server (the
  first byte of an answer, or the next bytes of its body). Connecting gets
  at most :data:`CONNECT_TIMEOUT` of it: a host that does not even accept
  the connection is given up on quickly.
- ``retries``: how often a failed request is tried again, with exponential
  backoff, after a connection error, a reset, HTTP 429 or 5xx. A time-out
  is tried again only once, since each try costs the whole time-out. A
  ``Retry-After`` of HTTP 429 and 503 is honoured.
- ``deadline``: the whole download, every page, retry and wait included,
  ends within it, whatever the server does (a server that drips one byte a
  second is stopped too). A ``Retry-After`` that reaches past it ends the
  download at once.
- ``max_pages``: "next" links are followed at most this many times.
- ``max_bytes``: the largest single answer vmgeo reads; a larger one is
  refused without being kept in memory. Write it as bytes or with K, M or G
  (binary: ``256M`` is 256 MiB).

With the defaults, a server that refuses connections costs about 2 s, one
that accepts but never answers about 40 s (two time-outs), and a host that
never accepts about 20 s (four connect time-outs).

A value that cannot be used raises :class:`SettingsError`, one line naming the
variable, its value and what to write instead.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from . import messages
from .errors import SettingsError

# --- Defaults: the one place they are set; the CLI, the Python API and the docs read them here.

#: Rijksdriehoekstelsel (Amersfoort / RD New): distances and areas in metres.
ANALYSIS_CRS = "EPSG:28992"
#: What web maps need.
WEB_CRS = "EPSG:4326"

#: Conditional permutations per pseudo p-value.
DEFAULT_PERMUTATIONS = 999
#: Seed of every permutation: the same seed gives the same result.
DEFAULT_SEED = 12345
#: Significance level of the LISA categories.
DEFAULT_ALPHA = 0.05
#: Seed of the built-in synthetic demo region (its areas and counts), apart from the permutations' seed.
DEMO_REGION_SEED = 2024
#: Significance level of the emerging hot spot bins and trend: ArcGIS Pro calls a bin a hot or cold
#: spot from its 90% confidence bin up (p < 0.10); sfdep uses 0.01.
EMERGING_ALPHA = 0.10
#: Emerging hot spots: the global window each bin's Gi* is measured against (``step``: its own period, so a
#: national rise or fall is not a local pattern; ``cube``: the whole cube, ArcGIS Pro's default), and the
#: neighbourhood time step (the previous periods in a bin's neighbourhood; ArcGIS's default 1).
EMERGING_WINDOW = "step"
EMERGING_TIME_STEP = 1
#: Early warning by month: the one-sided level of the upper bound of the expected count, the
#: smallest expected count that is assessed at all, and the previous years that make it up.
WARNING_LEVEL = 0.975
WARNING_MIN_EXPECTED = 5.0
WARNING_YEARS = 3
#: Early warning: the monthly police table read unless told otherwise, and the crime types assessed
#: by default (SoortMisdrijf keys: the total, woninginbraak, fietsendiefstal, mishandeling, vernieling).
WARNING_SOURCE = "politie:47022NED/GeregistreerdeMisdrijven_1"
WARNING_CRIME_TYPES = ("0.0.0", "1.1.1", "1.2.3", "1.4.5", "2.2.1")
#: Spatial weights.
DEFAULT_WEIGHTS = "queen"
#: What to do with areas without neighbours.
DEFAULT_ISLANDS = "attach"
#: Rates are per this many inhabitants.
RATE_PER = 1000
#: Below this many analysed areas, local statistics (LISA, Gi*) are descriptive at
#: best: with 6 basisteams or 10 eenheden a "cluster" is one or two units, and the
#: permutation distribution has too few distinct neighbour sets to mean much.
#: Terminal, map and summary say so and the map does not colour clusters as findings.
FEW_AREAS = 30
#: A survey figure whose 95% interval reaches further than this share of the
#: figure itself on either side is flagged as too uncertain to read alone.
UNCERTAIN_HALF_WIDTH = 0.5
#: Above this many areas a map page draws each layer as an image (geo/maps/raster.py) with tooltips
#: only for significant areas. Measured with benchmarks/bench_bigmap.py --threshold (headless
#: Chromium, busy 2-core machine): polygons open in 3.0 s at 12,500 squares, 5.9 s at 50,000, 9.8 s
#: at 100,000 and 18.4 s at 200,000, while the images open in about 5 s even at 400,000; and a
#: compact region of 50,000 squares gets 3.4 screen pixels per square, too few to tell one apart.
BIG_MAP_CELLS = 50_000


#: Connecting to a server gets at most this many seconds of ``timeout``:
#: a TCP handshake takes milliseconds, so a host that has not accepted within
#: 5 s is down or unreachable, and waiting the full read time-out for it
#: (four times, with retries) is what made a dead server cost minutes.
CONNECT_TIMEOUT = 5.0

_TRUE = {"1", "true", "yes", "on", "ja"}
_FALSE = {"0", "false", "no", "off", "nee"}
_SIZE_UNITS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}


def _env(name: str) -> str | None:
    """The value of ``name``, or ``None`` when it is unset or blank (blank means "the default")."""
    value = os.environ.get(name)
    return None if value is None or value.strip() == "" else value.strip()


def _bad(name: str, value: str, problem: str, fix: str) -> SettingsError:
    return SettingsError(f"{name}={value!r} {problem}; {fix}, or unset it for the default")


def _env_bool(name: str, default: bool = False) -> bool:
    value = _env(name)
    if value is None:
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise _bad(name, value, "is not yes or no", "write 1 (or true, yes, on) or 0 (or false, no, off)")


def _env_seconds(name: str, default: float) -> float:
    value = _env(name)
    if value is None:
        return default
    try:
        seconds = float(value.replace(",", "."))
    except ValueError:
        raise _bad(name, value, "is not a number of seconds", f"write e.g. {name}={default:g}") from None
    if not math.isfinite(seconds) or seconds <= 0:
        raise _bad(name, value, "must be a positive number of seconds", f"write e.g. {name}={default:g}")
    return seconds


def _env_count(name: str, default: int, *, minimum: int) -> int:
    value = _env(name)
    if value is None:
        return default
    try:
        count = int(value)
    except ValueError:
        raise _bad(name, value, "is not a whole number", f"write e.g. {name}={default}") from None
    if count < minimum:
        raise _bad(name, value, f"must be at least {minimum}", f"write e.g. {name}={default}")
    return count


def _env_bytes(name: str, default: int) -> int:
    value = _env(name)
    if value is None:
        return default
    match = re.fullmatch(r"(\d+)\s*([KMG]?)(?:I?B)?", value.upper())
    if not match or int(match[1]) * _SIZE_UNITS[match[2]] < 1024:
        raise _bad(name, value, "is not a size of at least 1K",
                   f"write a number of bytes or one with K, M or G, e.g. {name}=512M")
    return int(match[1]) * _SIZE_UNITS[match[2]]


def _env_url(name: str, default: str) -> str:
    value = _env(name)
    if value is None:
        return default
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise _bad(name, value, "is not an http(s) address of a server",
                   f"write it with its scheme and without a query, e.g. {name}={default}")
    try:
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError:
        raise _bad(name, value, "has a port that is not a number", f"write e.g. {name}={default}") from None
    return value.rstrip("/")


def _default_cache_dir() -> Path:
    configured = _env("VMGEO_CACHE_DIR")
    if configured:
        return Path(configured).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("vmgeo"))


@dataclass(frozen=True)
class Settings:
    """Configuration of one vmgeo run; build with :func:`from_env`.

    Built directly (from Python), the values are checked as well: a
    non-positive ``timeout``, ``deadline``, ``max_pages`` or ``max_bytes``,
    or negative ``retries``, raise :class:`SettingsError`.
    """

    cache_dir: Path = field(default_factory=_default_cache_dir)
    offline: bool = False
    cbs_url: str = "https://opendata.cbs.nl"
    police_url: str = "https://dataderden.cbs.nl"
    pdok_url: str = "https://api.pdok.nl"
    #: Seconds: the longest wait for any single read (see the module's table).
    timeout: float = 20.0
    retries: int = 3
    #: Seconds for one whole download, all pages, retries and waits included.
    deadline: float = 300.0
    max_pages: int = 1000
    #: Bytes: the largest single answer that is read.
    max_bytes: int = 256 * 1024**2

    def __post_init__(self) -> None:
        for name in ("timeout", "deadline"):
            value = getattr(self, name)
            if not isinstance(value, int | float) or not math.isfinite(value) or value <= 0:
                raise SettingsError(messages.line("settings_settings_name_value_r", name=name, value=value))
        for name, minimum in (("retries", 0), ("max_pages", 1), ("max_bytes", 1)):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
                raise SettingsError(messages.line("settings_settings_name_value_r2", name=name, value=value,
                                                  minimum=minimum))

    def with_changes(self, **changes: object) -> "Settings":
        """Return a copy with some settings changed."""
        return replace(self, **changes)  # type: ignore[arg-type]


def from_env() -> Settings:
    """Read the settings from the ``VMGEO_*`` environment variables.

    Raises
    ------
    SettingsError
        A variable has a value that cannot be used; the message names it,
        its value and what to write instead.
    """
    return Settings(
        cache_dir=_default_cache_dir(),
        offline=_env_bool("VMGEO_OFFLINE"),
        cbs_url=_env_url("VMGEO_CBS_URL", Settings.cbs_url),
        police_url=_env_url("VMGEO_POLICE_URL", Settings.police_url),
        pdok_url=_env_url("VMGEO_PDOK_URL", Settings.pdok_url),
        timeout=_env_seconds("VMGEO_TIMEOUT", Settings.timeout),
        retries=_env_count("VMGEO_RETRIES", Settings.retries, minimum=0),
        deadline=_env_seconds("VMGEO_DEADLINE", Settings.deadline),
        max_pages=_env_count("VMGEO_MAX_PAGES", Settings.max_pages, minimum=1),
        max_bytes=_env_bytes("VMGEO_MAX_BYTES", Settings.max_bytes),
    )
