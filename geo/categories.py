"""Named cluster categories, their labels and their one fixed colour.

esda, GeoDa and libgeoda number the LISA quadrants differently; vmgeo maps
each of them to a named category here, once, and every table, summary and
map uses the names and colours below; their labels live in :mod:`geo.text`. The colours come from ColorBrewer's
RdYlBu scheme, which stays distinguishable for the common forms of colour
blindness; "no neighbours" is a neutral dark grey so that an island never
looks like a hot or cold spot.
"""

from __future__ import annotations

import numpy as np

# --- LISA ---------------------------------------------------------------
HH, LL, LH, HL = "HH", "LL", "LH", "HL"
NOT_SIGNIFICANT = "not_significant"
ISLAND = "island"
NO_DATA = "no_data"

LISA_CATEGORIES = (HH, LL, LH, HL, NOT_SIGNIFICANT, ISLAND)

LISA_COLOURS = {
    HH: "#d7191c",
    LL: "#2c7bb6",
    LH: "#abd9e9",
    HL: "#fdae61",
    NOT_SIGNIFICANT: "#eeeeee",
    ISLAND: "#636363",
    NO_DATA: "#ffffff",
}

#: esda's ``Moran_Local.q`` (default, ``geoda_quads=False``).
ESDA_QUADRANTS = {1: HH, 2: LH, 3: LL, 4: HL}
#: esda's ``Moran_Local.q`` with ``geoda_quads=True``.
ESDA_GEODA_QUADRANTS = {1: HH, 2: LL, 3: LH, 4: HL}
#: GeoDa / libgeoda / pygeoda ``lisa_clusters()``.
GEODA_CLUSTERS = {0: NOT_SIGNIFICANT, 1: HH, 2: LL, 3: LH, 4: HL, 5: NOT_SIGNIFICANT, 6: ISLAND}

# --- Getis-Ord Gi* confidence bins, as ArcGIS's Gi_Bin ---------------------
GI_BINS = (3, 2, 1, 0, -1, -2, -3)
GI_BIN_NAMES = {
    3: "hot_99",
    2: "hot_95",
    1: "hot_90",
    0: NOT_SIGNIFICANT,
    -1: "cold_90",
    -2: "cold_95",
    -3: "cold_99",
}
GI_COLOURS = {
    3: "#d7191c",
    2: "#fc8d59",
    1: "#fee090",
    0: "#eeeeee",
    -1: "#e0f3f8",
    -2: "#91bfdb",
    -3: "#4575b4",
}
#: Two-sided significance levels of the bins 1, 2 and 3.
GI_LEVELS = {1: 0.10, 2: 0.05, 3: 0.01}

def label(category: str, *, lang: str = "nl") -> str:
    """Return the reader-facing label of a category name (from :mod:`geo.text`)."""
    from . import text

    return text.get(category, lang=lang)


def from_codes(codes: np.ndarray | list[int], mapping: dict[int, str]) -> np.ndarray:
    """Translate numeric cluster codes of one library into category names.

    Parameters
    ----------
    codes
        Cluster or quadrant codes as the library returned them.
    mapping
        One of :data:`ESDA_QUADRANTS`, :data:`ESDA_GEODA_QUADRANTS` or
        :data:`GEODA_CLUSTERS`.
    """
    return np.array([mapping[int(c)] for c in np.asarray(codes).ravel()], dtype=object)
