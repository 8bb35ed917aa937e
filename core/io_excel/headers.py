"""Which header names which column: aliases, the header row and the best sheet.

Headers are compared after normalising (lower case, punctuation and
bracketed hints such as "(1-5)" removed), against each column's name and
the aliases people use for it (:data:`ALIASES`).
"""

from __future__ import annotations

import re

import pandas as pd

from core.io_excel.reading import HEADER_SCAN_ROWS, ImportRefused, read_raw, sheet_names
from core.tables import Table, spec

__all__ = ["ALIASES", "best_sheet", "find_header_row", "suggest_mapping"]

# Header names people use, per canonical column (compared after normalising:
# lower case, punctuation and bracketed hints such as "(1-5)" removed).
ALIASES: dict[Table, dict[str, tuple[str, ...]]] = {
    Table.ACTORS: {
        "name": ("organisation", "organization", "stakeholder", "actor", "partner", "org", "organisation name"),
        "type": ("category", "partner type", "stakeholder type", "actor type", "kind"),
        "sector": ("industry",),
        "value_chain": ("value chain position", "value chain", "position", "supply chain position", "stage"),
        "place": ("location", "country", "city", "region"),
        "levers": ("lever", "levers controlled"),
        "influence": ("power influence", "influence score", "influence level"),
        "interest": ("interest score", "interest level"),
        "assets": ("asset", "resources", "contribution", "brings"),
        "asset_tags": ("asset tags", "tags"),
        "market_leader": ("market leader", "leader"),
        "power": ("power score",),
        "legitimacy": ("legitimacy score",),
        "urgency": ("urgency score",),
        "notes": ("note", "comments", "comment", "remarks"),
    },
    Table.RELATIONS: {
        "source": ("from", "source actor", "actor 1", "from actor"),
        "target": ("to", "target actor", "actor 2", "to actor"),
        "kind": ("type", "relation", "relationship", "relation type", "type of relation", "kind of relation"),
        "weight": ("strength", "intensity"),
        "directed": ("direction", "is directed"),
    },
    Table.FACTORS: {"name": ("factor", "variable", "concept"), "description": ("definition", "notes")},
    Table.CAUSAL_LINKS: {
        "cause": ("from", "source", "driver"),
        "effect": ("to", "target", "outcome"),
        "polarity": ("sign", "direction", "link polarity"),
        "strength": ("weight",),
    },
    Table.OBSERVATIONS: {"date": ("reported", "period", "as of"), "value": ("observed", "actual", "result")},
}


_SHARED_MEANINGS: dict[Table, dict[str, str]] = {Table.ACTORS: {"power": "influence"}}


def _normalise_header(text: object) -> str:
    value = re.sub(r"\(.*?\)|\[.*?\]", " ", str(text or "")).lower()
    value = re.sub(r"[^a-z0-9]+", " ", value)
    return " ".join(value.split())


def _header_lookup(table: Table) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for column in spec(table).columns:
        for alias in (column.name, column.name.replace("_", " "), *ALIASES.get(table, {}).get(column.name, ())):
            lookup.setdefault(_normalise_header(alias), column.name)
    return lookup


def find_header_row(raw: pd.DataFrame, table: Table) -> int:
    """The row (0-based) among the first 20 whose cells best match known headers."""
    return _best_header(raw, table)[0]


def _best_header(raw: pd.DataFrame, table: Table) -> tuple[int, int]:
    """The best header row and how many of the table's columns it names."""
    lookup = _header_lookup(table)
    best_row, best_hits = 0, 0
    for row in range(min(HEADER_SCAN_ROWS, len(raw))):
        hits = len({lookup[key] for key in map(_normalise_header, raw.iloc[row].dropna()) if key in lookup})
        if hits > best_hits:
            best_row, best_hits = row, hits
    return best_row, best_hits


def best_sheet(data: bytes, filename: str, table: Table) -> str:
    """The sheet whose headers name most of the table's columns (the first on a tie).

    A workbook often opens with a "Read me" or cover sheet; this skips it.
    """
    names = sheet_names(data, filename)
    best, best_hits = names[0], -1
    for name in names:
        try:
            _, raw = read_raw(data, filename, name)
        except ImportRefused:  # an empty sheet names nothing
            continue
        hits = _best_header(raw, table)[1]
        if hits > best_hits:
            best, best_hits = name, hits
    return best


def suggest_mapping(headers: list[object], table: Table) -> dict[str, str | None]:
    """Each header -> the canonical column it names, or None when unknown.

    A canonical column is used once: the first header that names it wins.
    """
    lookup = _header_lookup(table)
    used: set[str] = set()
    mapping: dict[str, str | None] = {}
    for header in headers:
        column = lookup.get(_normalise_header(header))
        if column is not None and column in used:
            column = None
        if column is not None:
            used.add(column)
        mapping[str(header)] = column
    # "Power" usually means influence in a stakeholder list (power-interest
    # grid); it means salience power only when influence has its own column.
    for source, target in _SHARED_MEANINGS.get(table, {}).items():
        if target not in used:
            for header, column in mapping.items():
                if column == source:
                    mapping[header] = target
    return mapping
