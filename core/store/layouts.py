"""Where the nodes of a partnership's maps sit, kept so a map looks the same at every visit.

Positions are how a map is drawn, not partnership records: they are kept in
their own table, outside the change log and its undo, and writing them does
not move the partnership's revision (no record cache is thrown away). Nodes
are keyed by :func:`core.conventions.name_key`, so a name written in other
case keeps its place. Writes hold the partnership lock, as every write does.
"""

from __future__ import annotations

from collections.abc import Mapping

from core.conventions import name_key
from core.store.backend import Connection
from core.store.store import Store

__all__ = ["keep", "kept", "move", "rearrange"]


def kept(store: Store, partnership_id: int, map_name: str) -> dict[str, tuple[float, float]]:
    """The kept positions of one map (``"actors"``, ``"factors"``), by name key."""
    with store.connect() as connection:
        rows = connection.rows(
            "SELECT node_key, x, y FROM map_positions WHERE partnership_id = ? AND map = ?", [partnership_id, map_name]
        )
    return {key: (float(x), float(y)) for key, x, y in rows}


def keep(store: Store, partnership_id: int, map_name: str, positions: Mapping[str, tuple[float, float]]) -> None:
    """Keep the positions of nodes that have none yet; a node already kept stays where it is (the first one wins)."""
    rows = [[partnership_id, map_name, name_key(node), float(x), float(y)] for node, (x, y) in positions.items()]
    if not rows:
        return

    def work(connection: Connection) -> tuple[None, bool]:
        for row in rows:
            connection.execute(
                "INSERT INTO map_positions (partnership_id, map, node_key, x, y) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT DO NOTHING",
                row,
            )
        return None, False

    store._write(partnership_id, work)


def rearrange(store: Store, partnership_id: int, map_name: str, positions: Mapping[str, tuple[float, float]]) -> None:
    """Replace every kept position of one map (a layout drawn afresh, by choice)."""

    def work(connection: Connection) -> tuple[None, bool]:
        connection.execute("DELETE FROM map_positions WHERE partnership_id = ? AND map = ?", [partnership_id, map_name])
        for node, (x, y) in positions.items():
            connection.execute(
                "INSERT INTO map_positions (partnership_id, map, node_key, x, y) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT DO NOTHING",
                [partnership_id, map_name, name_key(node), float(x), float(y)],
            )
        return None, False

    store._write(partnership_id, work)


def move(store: Store, partnership_id: int, map_name: str, positions: Mapping[str, tuple[float, float]]) -> None:
    """Set the positions of the given nodes, replacing theirs; every other node stays where it is (an imported map)."""
    rows = [[partnership_id, map_name, name_key(node), float(x), float(y)] for node, (x, y) in positions.items()]
    if not rows:
        return

    def work(connection: Connection) -> tuple[None, bool]:
        for row in rows:
            connection.execute(
                "DELETE FROM map_positions WHERE partnership_id = ? AND map = ? AND node_key = ?", row[:3]
            )
            connection.execute(
                "INSERT INTO map_positions (partnership_id, map, node_key, x, y) VALUES (?, ?, ?, ?, ?)", row
            )
        return None, False

    store._write(partnership_id, work)
