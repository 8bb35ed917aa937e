"""Where the nodes of a partnership's maps sit, kept so a map looks the same at every visit.

Positions are how a map is drawn, not partnership records: they are kept in
their own table, outside the change log and its undo, and writing them does
not move the partnership's revision (no record cache is thrown away). Nodes
are keyed by :func:`core.conventions.name_key`, so a name written in other
case keeps its place. Writes hold the partnership lock, as every write does.
"""

from __future__ import annotations

from collections.abc import Mapping, Set

import pandas as pd

from core.access import Need
from core.conventions import name_key
from core.store.backend import Connection
from core.store.store import Store

__all__ = ["keep", "kept", "move", "rearrange"]


def kept(store: Store, partnership_id: int, map_name: str) -> dict[str, tuple[float, float]]:
    """The kept positions of one map (``"actors"``, ``"factors"``), by name key."""
    store.check(partnership_id, Need.SEE)
    with store.connect() as connection:
        rows = connection.rows(
            "SELECT node_key, x, y FROM map_positions WHERE partnership_id = ? AND map = ?", [partnership_id, map_name]
        )
    return {key: (float(x), float(y)) for key, x, y in rows}


def keep(store: Store, partnership_id: int, map_name: str, positions: Mapping[str, tuple[float, float]]) -> None:
    """Keep the positions of nodes that have none yet; a node already kept stays where it is (the first one wins)."""
    if not positions:
        return

    def work(connection: Connection) -> tuple[None, bool]:
        taken = {key for (key,) in connection.rows(_KEYS, [partnership_id, map_name])}
        connection.insert(_TABLE, _rows(partnership_id, map_name, positions, taken))
        return None, False

    store.write(partnership_id, work, Need.SEE)  # drawing a map keeps its layout, whoever looks at it


def rearrange(store: Store, partnership_id: int, map_name: str, positions: Mapping[str, tuple[float, float]]) -> None:
    """Replace every kept position of one map (a layout drawn afresh, by choice)."""

    def work(connection: Connection) -> tuple[None, bool]:
        connection.execute(_FORGET, [partnership_id, map_name])
        connection.insert(_TABLE, _rows(partnership_id, map_name, positions))
        return None, False

    store.write(partnership_id, work)


def move(store: Store, partnership_id: int, map_name: str, positions: Mapping[str, tuple[float, float]]) -> None:
    """Set the positions of the given nodes, replacing theirs; every other node stays where it is (an imported map)."""
    if not positions:
        return

    def work(connection: Connection) -> tuple[None, bool]:
        rows = _rows(partnership_id, map_name, positions)
        moved = set(rows["node_key"])
        stay = [row for row in connection.rows(_ALL, [partnership_id, map_name]) if row[0] not in moved]
        connection.execute(_FORGET, [partnership_id, map_name])  # one delete and one insert, not one per node
        connection.insert(_TABLE, _rows(partnership_id, map_name, {key: (x, y) for key, x, y in stay}))
        connection.insert(_TABLE, rows)
        return None, False

    store.write(partnership_id, work)


_TABLE = "map_positions"
_KEYS = "SELECT node_key FROM map_positions WHERE partnership_id = ? AND map = ?"
_ALL = "SELECT node_key, x, y FROM map_positions WHERE partnership_id = ? AND map = ?"
_FORGET = "DELETE FROM map_positions WHERE partnership_id = ? AND map = ?"


def _rows(
    partnership_id: int, map_name: str, positions: Mapping[str, tuple[float, float]], taken: Set[str] = frozenset()
) -> pd.DataFrame:
    """One row per node key not in ``taken``, the first node of a key winning (10,000 go in as one insert)."""
    keys = [name_key(node) for node in positions]
    first: dict[str, tuple[float, float]] = {}
    for key, (x, y) in zip(keys, positions.values(), strict=True):
        if key not in taken:
            first.setdefault(key, (float(x), float(y)))
    return pd.DataFrame(
        {
            "partnership_id": [partnership_id] * len(first),
            "map": [map_name] * len(first),
            "node_key": list(first),
            "x": [x for x, _ in first.values()],
            "y": [y for _, y in first.values()],
        }
    )
