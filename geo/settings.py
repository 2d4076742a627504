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
``VMGEO_TIMEOUT``           ``timeout`` (seconds)               30
``VMGEO_RETRIES``           ``retries``                         3
==========================  ==================================  =========================
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

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
#: Spatial weights.
DEFAULT_WEIGHTS = "queen"
#: What to do with areas without neighbours.
DEFAULT_ISLANDS = "attach"
#: Rates are per this many inhabitants.
RATE_PER = 1000
#: A survey figure whose 95% interval reaches further than this share of the
#: figure itself on either side is flagged as too uncertain to read alone.
UNCERTAIN_HALF_WIDTH = 0.5


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "ja"}


def _default_cache_dir() -> Path:
    configured = os.environ.get("VMGEO_CACHE_DIR")
    if configured:
        return Path(configured).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("vmgeo"))


@dataclass(frozen=True)
class Settings:
    """Configuration of one vmgeo run; build with :func:`from_env`."""

    cache_dir: Path = field(default_factory=_default_cache_dir)
    offline: bool = False
    cbs_url: str = "https://opendata.cbs.nl"
    police_url: str = "https://dataderden.cbs.nl"
    pdok_url: str = "https://api.pdok.nl"
    timeout: float = 30.0
    retries: int = 3

    def with_changes(self, **changes: object) -> "Settings":
        """Return a copy with some settings changed."""
        return replace(self, **changes)  # type: ignore[arg-type]


def from_env() -> Settings:
    """Read the settings from the ``VMGEO_*`` environment variables."""
    env = os.environ
    return Settings(
        cache_dir=_default_cache_dir(),
        offline=_env_bool("VMGEO_OFFLINE"),
        cbs_url=env.get("VMGEO_CBS_URL", Settings.cbs_url).rstrip("/"),
        police_url=env.get("VMGEO_POLICE_URL", Settings.police_url).rstrip("/"),
        pdok_url=env.get("VMGEO_PDOK_URL", Settings.pdok_url).rstrip("/"),
        timeout=float(env.get("VMGEO_TIMEOUT", Settings.timeout)),
        retries=int(env.get("VMGEO_RETRIES", Settings.retries)),
    )
