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

from . import text

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

# --- Bivariate LISA: the area's own value against its neighbours' other value ---------------
BV_HH, BV_LL, BV_HL, BV_LH = "bv_HH", "bv_LL", "bv_HL", "bv_LH"
BV_CATEGORIES = (BV_HH, BV_LL, BV_HL, BV_LH, NOT_SIGNIFICANT, ISLAND)
#: Purple for "high here, high around", green for "low, low", and lighter tints for the mixed
#: quadrants (ColorBrewer PRGn), so a bivariate map is never mistaken for a univariate LISA map.
BV_COLOURS = {
    BV_HH: "#762a83",
    BV_LL: "#1b7837",
    BV_HL: "#c2a5cf",
    BV_LH: "#a6dba0",
    NOT_SIGNIFICANT: "#eeeeee",
    ISLAND: "#636363",
    NO_DATA: "#ffffff",
}
#: Quadrant of the bivariate LISA to its category.
BV_OF_QUADRANT = {HH: BV_HH, LL: BV_LL, HL: BV_HL, LH: BV_LH}

# --- Change between two periods ------------------------------------------------------------
RISE, FALL, NO_CHANGE, TOO_FEW, NOT_TESTABLE = "rise", "fall", "none", "too_few", "not_testable"
CHANGE_CATEGORIES = (RISE, FALL, NO_CHANGE, TOO_FEW, NOT_TESTABLE)
#: Orange up, teal down (ColorBrewer BrBG ends): not the red and blue of hot and cold spots.
CHANGE_COLOURS = {
    RISE: "#d95f02",
    FALL: "#1b9e77",
    NO_CHANGE: "#eeeeee",
    TOO_FEW: "#d9d9d9",
    NOT_TESTABLE: "#bdbdbd",
    NO_DATA: "#ffffff",
}

# --- Emerging hot spots (ArcGIS Pro's categories) ----------------------------------------------
EMERGING_HOT = ("new_hot", "consecutive_hot", "intensifying_hot", "persistent_hot", "diminishing_hot",
                "sporadic_hot", "oscillating_hot", "historical_hot")
EMERGING_COLD = tuple(c.replace("_hot", "_cold") for c in EMERGING_HOT)
NO_PATTERN = "no_pattern"
EMERGING_CATEGORIES = (*EMERGING_HOT, *EMERGING_COLD, NO_PATTERN, ISLAND)
#: Reds for hot, blues for cold, darkest where the pattern is strongest and lasting.
EMERGING_COLOURS = {
    "new_hot": "#fcbba1", "consecutive_hot": "#fc9272", "intensifying_hot": "#a50f15", "persistent_hot": "#de2d26",
    "diminishing_hot": "#fb6a4a", "sporadic_hot": "#fdd0a2", "oscillating_hot": "#fdae6b",
    "historical_hot": "#bdbdbd",
    "new_cold": "#c6dbef", "consecutive_cold": "#9ecae1", "intensifying_cold": "#08519c",
    "persistent_cold": "#3182bd", "diminishing_cold": "#6baed6", "sporadic_cold": "#deebf7",
    "oscillating_cold": "#c7e9c0", "historical_cold": "#d9d9d9",
    NO_PATTERN: "#f7f7f7", ISLAND: "#636363", NO_DATA: "#ffffff",
}

# --- Early warning by month -------------------------------------------------------------------
FLAGGED, NOT_FLAGGED, NOT_ASSESSABLE = "flagged", "not_flagged", "not_assessable"
WARNING_CATEGORIES = (FLAGGED, NOT_FLAGGED, NOT_ASSESSABLE)
WARNING_COLOURS = {FLAGGED: "#e6550d", NOT_FLAGGED: "#eeeeee", NOT_ASSESSABLE: "#bdbdbd", NO_DATA: "#ffffff"}


def label(category: str, *, lang: str = "nl") -> str:
    """Return the reader-facing label of a category name (from :mod:`geo.text`)."""
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
