"""The OData request for a table's rows: its URL, ``$filter`` and ``$select``, and the cache key that names it."""

from __future__ import annotations

from dataclasses import dataclass

from ._cache import request_key


@dataclass(frozen=True)
class DataRequest:
    """One ``TypedDataSet`` request: where, which rows (``filters``), which columns (``select``)."""

    url: str
    params: dict[str, str]
    select: tuple[str, ...]

    @property
    def key(self) -> str:
        """The cache key: the same request always hits the same entry."""
        return request_key("odata-data", url=self.url, params=self.params)


def odata_filter(filters: dict[str, list[str]]) -> str:
    """``$filter`` for ``filters`` (dimension -> padded keys): ANDed groups of ORed ``Dim eq 'key'``."""
    return " and ".join(
        "(" + " or ".join(f"({dim} eq '{key}')" for key in keys) + ")" for dim, keys in sorted(filters.items())
    )


def data_request(base: str, table: str, *, filters: dict[str, list[str]], select: list[str]) -> DataRequest:
    """The request for the rows of ``table`` at ``base`` that match ``filters``, with only the ``select`` columns."""
    params = {"$format": "json", "$select": ",".join(select)}
    expression = odata_filter(filters)
    if expression:
        params["$filter"] = expression
    return DataRequest(url=f"{base}/ODataFeed/odata/{table}/TypedDataSet", params=params, select=tuple(select))


def select_columns(region: str, measure: str, chosen: dict[str, list[str]], *, series: bool,
                   time_dim: str | None) -> list[str]:
    """The columns a table request needs: the row ID, the region, the measure, and every dimension with several keys."""
    return ["ID", region, measure] + [d for d, keys in chosen.items()
                                      if d != region and (len(keys) > 1 or (series and d == time_dim))]
