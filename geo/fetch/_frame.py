"""The rows of a table request as vmgeo's frame: one row per area (and period), never a silent mix of levels."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import levels, messages
from ..errors import NotFoundError
from ._filters import MARGINS, Layout, Selection

if TYPE_CHECKING:
    import pandas as pd


def shape(rows: list[dict[str, Any]], *, select: list[str], layout: Layout, selection: Selection, measure: str,
          level: str, series: bool, summed: list[str], what: str) -> "pd.DataFrame":
    """``code``, ``value`` (and ``lower``/``upper`` with margins, ``period`` for a series) of ``level``'s areas."""
    import pandas as pd

    frame = pd.DataFrame(rows, columns=select)
    frame["code"] = frame[layout.region].astype(str).str.strip()
    prefix = str(levels.get(level).prefix)
    at_level = frame[frame["code"].str.startswith(prefix)]
    if at_level.empty:
        raise _not_at_level(frame, selection, level=level, prefix=prefix, what=what, measure=measure)
    at_level = at_level.assign(value=pd.to_numeric(at_level[measure], errors="coerce"))
    keys = ["code"]
    if series:
        at_level = at_level.assign(period=at_level[str(selection.time_dim)].astype(str).str.strip())
        keys = ["code", "period"]
    if "Marges" in selection.chosen:
        at_level = at_level.assign(margin=at_level["Marges"].astype(str).str.strip().map(MARGINS))
        out = at_level.pivot_table(index=keys, columns="margin", values="value", aggfunc="first", dropna=False)
        # Keep every margin the table defines, also when no area has it published.
        out = out.reindex(columns=[MARGINS[k.strip()] for k in selection.chosen["Marges"]]).reset_index()
        out.columns.name = None
    elif summed:
        out = at_level.groupby(keys, as_index=False)["value"].sum(min_count=1)
    else:
        out = at_level[[*keys, "value"]].reset_index(drop=True)
    if series:
        out = out.sort_values(keys).reset_index(drop=True)
    return out


def _not_at_level(frame: "pd.DataFrame", selection: Selection, *, level: str, prefix: str, what: str,
                  measure: str) -> NotFoundError:
    chosen = "; ".join(f"{d}={','.join(k.strip() for k in keys)}" for d, keys in selection.chosen.items()
                       if d != "Marges")
    if frame.empty:
        return NotFoundError(messages.line("no_figures", what=what, measure=measure, chosen=chosen))
    held = sorted({lv.name if (lv := levels.by_prefix(c[:2])) else c[:2] for c in frame["code"]})
    return NotFoundError(messages.line("other_levels", what=what, chosen=chosen, held=", ".join(held), level=level,
                                   prefix=prefix))
