"""A map file, read by :func:`core.system_map.map_files.read_map`, stored in a partnership.

The import merges by name, as the stakeholder importer does: a node or link
whose name (or ends, and kind) is stored updates that row with the values the
file gives, and keeps every value it does not give (:attr:`core.store.Blanks.KEEP`);
the rest are added. Notes are merged, never overwritten: what the file's notes
(or a factor's description) hold that the stored ones do not is added to them.
A node new to the partnership needs what the table requires (an actor's type);
a new causal link with no polarity gets 0, "not known", and the report says so.
Nodes and links are written in one transaction, checked by the tables' own
rules first (:func:`core.records.validate`): an import lands whole or not at all.
The file's positions are then kept for its nodes (:func:`core.store.layouts.move`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from core.conventions import counted, is_blank, name_key, row_keys
from core.io_excel import ImportRefused
from core.records import validate
from core.store import Blanks, Store
from core.store.layouts import move
from core.system_map.layout import MapKind
from core.system_map.map_files import SHAPES, MapRead, stored_may_give
from core.tables import Table, spec

__all__ = ["MapImport", "import_map"]


@dataclass(frozen=True)
class MapImport:
    """What an import did: nodes and links added and updated, positions kept, and the read's report."""

    kind: MapKind
    nodes_added: int
    nodes_updated: int
    links_added: int
    links_updated: int
    positions: int
    notes: tuple[str, ...]

    @property
    def summary(self) -> str:
        nodes, links = ("actor", "relation") if self.kind is MapKind.ACTORS else ("factor", "causal link")
        return (
            f"{counted(self.nodes_added, nodes)} added, {self.nodes_updated:,} updated; "
            f"{counted(self.links_added, links)} added, {self.links_updated:,} updated; "
            f"{counted(self.positions, 'position')} kept"
        )


def _merged_notes(frame: pd.DataFrame, stored: pd.DataFrame, table: Table, column: str | None) -> pd.DataFrame:
    """``frame`` whose notes add to the stored notes of the same row instead of replacing them."""
    if column is None or column not in frame or frame.empty or stored.empty:
        return frame
    key = list(spec(table).key)
    before = dict(zip(row_keys(stored, key), stored[column], strict=True))
    out = frame.copy()
    merged = []
    for row_key, text in zip(
        row_keys(out.assign(**{c: "" for c in key if c not in out}), key), out[column], strict=True
    ):
        old = before.get(row_key)
        if is_blank(old) or is_blank(text):
            merged.append(old if is_blank(text) else text)
            continue
        extra = [part for part in str(text).split("; ") if part.strip() and part.strip() not in str(old)]
        merged.append("; ".join([str(old), *extra]))
    out[column] = pd.Series(merged, index=out.index, dtype=object)
    return out


def _refuse(problems: list[str]) -> None:
    if problems:
        shown = "\n".join(f"- {line}" for line in problems[:10])
        more = f"\n- … and {len(problems) - 10} more" if len(problems) > 10 else ""
        raise ImportRefused(f"Nothing was imported: {counted(len(problems), 'problem')}.\n{shown}{more}")


def import_map(store: Store, partnership_id: int, kind: MapKind, read: MapRead) -> MapImport:
    """Store a map read from a file in a partnership, whole or not at all, and keep its positions.

    Raises
    ------
    ImportRefused
        A node new to the partnership lacks a required value (an actor's
        type), or a value breaks the tables' rules; the message names the
        node or link and the attribute, and nothing is stored.
    """
    shape = SHAPES[MapKind(kind)]
    stored = store.read_many(partnership_id, [shape.nodes, shape.links])
    notes = list(read.notes)
    nodes = _merged_notes(read.nodes, stored[shape.nodes], shape.nodes, shape.node_notes)
    links = _merged_notes(read.links, stored[shape.links], shape.links, shape.link_notes)
    known = set(stored[shape.nodes]["name"].map(name_key))
    problems = []
    for column in spec(shape.nodes).columns:
        if not column.required or column.name == "name":
            continue
        values = nodes[column.name] if column.name in nodes else pd.Series([None] * len(nodes), index=nodes.index)
        for name, value in zip(nodes["name"], values, strict=True):
            if is_blank(value) and name_key(name) not in known:
                problems.append(
                    f"node '{name}', attribute '{column.name}': '{name}' is new to this partnership and has no "
                    f"{column.name}" + (f" (one of: {', '.join(column.choices)})" if column.choices else "")
                )
    _refuse(problems)
    if shape.links is Table.CAUSAL_LINKS and not links.empty:
        stored_links = set(row_keys(stored[shape.links], list(shape.ends))) if not stored[shape.links].empty else set()
        new = ~row_keys(links, list(shape.ends)).isin(stored_links)
        blank = links["polarity"].map(is_blank) if "polarity" in links else pd.Series(True, index=links.index)
        if (new & blank).any():
            links = links.assign(polarity=links.get("polarity", pd.Series(None, index=links.index)).astype(object))
            links.loc[new & blank, "polarity"] = 0
            notes.append(f"{counted(int((new & blank).sum()), 'link')} had no polarity: set to 0 (not known)")
    for table, frame, what in ((shape.nodes, nodes, "node"), (shape.links, links, "link")):
        _refuse([f"{what} {_where(frame, table, p.row)}: {p.describe(row_offset=1).split(': ', 1)[-1]}"
                 + (f" (attribute '{p.column}')" if p.column else "") for p in validate(frame, table)
                 if not stored_may_give(p, table)])  # fmt: skip
    added = store.upsert_many(
        partnership_id,
        {shape.nodes: nodes, shape.links: links},
        reason=f"importing the {MapKind(kind).value} map from a file",
        blanks=Blanks.KEEP,
    )
    move(store, partnership_id, MapKind(kind).value, read.positions)
    return MapImport(MapKind(kind), *added[shape.nodes], *added[shape.links], len(read.positions), tuple(notes))


def _where(frame: pd.DataFrame, table: Table, row: int | None) -> str:
    if row is None:
        return "(the file as a whole)"
    key = [column for column in spec(table).key if column in frame]
    return " -> ".join(f"'{frame.iloc[row][column]}'" for column in key if not is_blank(frame.iloc[row][column]))
