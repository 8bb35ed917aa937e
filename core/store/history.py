"""A partnership's history, read from the change log: entries, milestones, records as they were, restore.

Every write logs each row it touched, before and after (:func:`.changelog.record`),
so history needs no copies: the records at a *point* (the id of the last
change it includes) are today's rows, with every row changed since put back
as it was before the first change after the point. A milestone names a
point. A restore writes the old rows back as a new change, so nothing is
erased from history and the restore itself can be undone.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

import pandas as pd

from core.access import Need
from core.records import coerce
from core.store import changelog, table_rows
from core.store.backend import Connection
from core.store.errors import StoreError
from core.store.store import Store
from core.tables import SPECS, Table, spec

__all__ = [
    "change_at",
    "entries",
    "latest_change",
    "mark",
    "mark_in",
    "milestones",
    "records_at",
    "restore",
]

_ENTRY_COLUMNS = (
    "c.id AS change_id, c.made_at, c.made_by, c.reason, c.undoes, r.table_name, r.row_id, r.before, r.after"
)


def latest_change(store: Store, partnership_id: int) -> int:
    """The id of the partnership's latest change: the point "now" (0 before any change)."""
    store.check(partnership_id, Need.SEE)
    with store.connect() as connection:
        return _latest(connection, partnership_id)


def change_at(store: Store, partnership_id: int, when: datetime) -> int:
    """The point of a moment: the latest change made at or before ``when`` (0 if none was)."""
    store.check(partnership_id, Need.SEE)
    with store.connect() as connection:
        found = connection.rows(
            "SELECT coalesce(max(id), 0) FROM changes WHERE partnership_id = ? AND made_at <= ?",
            [partnership_id, when],
        )
    return int(found[0][0])


def entries(
    store: Store,
    partnership_id: int,
    *,
    people: Collection[str] = (),
    tables: Collection[Table] = (),
    since: datetime | None = None,
    until: datetime | None = None,
    after: int | None = None,
    up_to: int | None = None,
    limit: int | None = 500,
) -> pd.DataFrame:
    """The rows each change touched, newest change first, filtered by who, which tables and when.

    Columns: ``change_id, made_at, made_by, reason, undoes, table_name,
    row_id, before, after`` (the rows as JSON text; None where there was no
    row). ``after`` / ``up_to`` bound the change ids (exclusive / inclusive).
    """
    store.check(partnership_id, Need.SEE)
    where, parameters = ["c.partnership_id = ?"], [partnership_id]
    for clause, value in (
        ("c.made_at >= ?", since),
        ("c.made_at <= ?", until),
        ("c.id > ?", after),
        ("c.id <= ?", up_to),
    ):
        if value is not None:
            where.append(clause)
            parameters.append(value)
    if people:
        where.append("c.made_by = ANY(?)")
        parameters.append(list(people))
    if tables:
        where.append("r.table_name = ANY(?)")
        parameters.append([Table(table).value for table in tables])
    query = (
        f"SELECT {_ENTRY_COLUMNS} FROM changes c JOIN change_rows r ON r.change_id = c.id "
        f"WHERE {' AND '.join(where)} ORDER BY c.id DESC, r.table_name, r.row_id"
    )
    if limit is not None:
        query += f" LIMIT {int(limit)}"
    with store.connect() as connection:
        return connection.frame(query, parameters)


def records_at(
    store: Store, partnership_id: int, point: int, tables: Sequence[Table] = ()
) -> dict[Table, pd.DataFrame]:
    """The partnership's records of ``tables`` (all when empty) as they were at ``point``.

    Each frame is typed as :meth:`Store.read` types it, in stored order,
    indexed by the rows' ids (so two points compare row by row).
    """
    store.check(partnership_id, Need.SEE)
    with store.connect() as connection:
        return {table: _table_at(connection, partnership_id, Table(table), point) for table in (tables or tuple(SPECS))}


def _table_at(connection: Connection, partnership_id: int, table: Table, point: int) -> pd.DataFrame:
    names = spec(table).names
    now = connection.frame(
        f"SELECT row_id, {', '.join(names)} FROM {table.value} WHERE partnership_id = ? ORDER BY row_id",
        [partnership_id],
    )
    then = _first_before(connection, partnership_id, point, [table])
    kept = now[~now["row_id"].isin([row_id for _, row_id in then])]
    back = [(row_id, changelog.from_json(text)) for (_, row_id), text in then.items() if text is not None]
    old = pd.DataFrame(table_rows.as_columns([row for _, row in back], table)).assign(
        row_id=[row_id for row_id, _ in back]
    )
    frame = pd.concat([kept, old[kept.columns]], ignore_index=True) if back else kept
    frame = frame.sort_values("row_id", kind="stable")
    typed = coerce(frame[names].reset_index(drop=True), table)
    typed.index = pd.Index(frame["row_id"].astype("int64").to_numpy(), name="row_id")
    return typed


def _first_before(
    connection: Connection, partnership_id: int, point: int, tables: Sequence[Table], row_ids: Collection[int] = ()
) -> dict[tuple[Table, int], str | None]:
    """Each row changed after ``point``: as it was before the first change after it (JSON text; None: no row)."""
    where, parameters = (
        "c.partnership_id = ? AND c.id > ? AND r.table_name = ANY(?)",
        [
            partnership_id,
            point,
            [table.value for table in tables],
        ],
    )
    if row_ids:
        where += " AND r.row_id = ANY(?)"
        parameters.append([int(row_id) for row_id in row_ids])
    found = connection.rows(
        "SELECT DISTINCT ON (r.table_name, r.row_id) r.table_name, r.row_id, r.before "
        f"FROM change_rows r JOIN changes c ON c.id = r.change_id WHERE {where} "
        "ORDER BY r.table_name, r.row_id, c.id",
        parameters,
    )
    return {(Table(table), int(row_id)): before for table, row_id, before in found}


def restore(
    store: Store,
    partnership_id: int,
    point: int,
    what: str,
    tables: Sequence[Table] = (),
    row_ids: Collection[int] = (),
) -> int:
    """Put ``tables`` (all when empty), or only the rows ``row_ids`` of one table, back as they were at ``point``.

    Written as one new change ("restore ``what``"), so it shows in the
    timeline and can be undone. Returns how many rows it changed.
    """
    chosen = [Table(table) for table in tables] or list(SPECS)
    if row_ids and len(chosen) != 1:
        raise ValueError("rows are restored one table at a time")

    def work(connection: Connection) -> tuple[int, bool]:
        then = _first_before(connection, partnership_id, point, chosen, row_ids)
        logged, count = [], 0
        for table in chosen:
            wanted = {row_id: text for (kind, row_id), text in then.items() if kind is table}
            now = table_rows.stored_texts(connection, partnership_id, table, set(wanted))
            differ = [
                row_id
                for row_id, text in wanted.items()
                if changelog.from_json(now.get(row_id)) != changelog.from_json(text)
            ]
            if not differ:
                continue
            changelog.put_back(connection, partnership_id, table, {row_id: wanted[row_id] for row_id in differ})
            logged.append(
                (table, differ, [now.get(row_id) for row_id in differ], [wanted[row_id] for row_id in differ])
            )
            count += len(differ)
        changelog.record(connection, partnership_id, store.user, f"restore {what}", logged)
        return count, count > 0

    return int(store.write(partnership_id, work))


def milestones(store: Store, partnership_id: int) -> pd.DataFrame:
    """The partnership's milestones, oldest first: ``id, name, change_id, made_by, made_at``."""
    store.check(partnership_id, Need.SEE)
    with store.connect() as connection:
        return connection.frame(
            "SELECT id, name, change_id, made_by, made_at FROM milestones WHERE partnership_id = ? ORDER BY id",
            [partnership_id],
        )


def mark(store: Store, partnership_id: int, name: str) -> int:
    """Name the point "now" (a milestone such as "after workshop 2"); returns the milestone's id."""
    name = " ".join(str(name).split())[:120]
    if not name:
        raise StoreError("A milestone needs a name.")
    return int(
        store.write(
            partnership_id,
            lambda connection: (mark_in(connection, store, partnership_id, name), False),
            Need.FACILITATE,
        )
    )


def mark_in(connection: Connection, store: Store, partnership_id: int, name: str) -> int:
    """:func:`mark` inside a write already under way (a live session ending marks its own milestone)."""
    rows = connection.rows(
        "INSERT INTO milestones (partnership_id, name, change_id, made_by) VALUES (?, ?, ?, ?) RETURNING id",
        [partnership_id, name, _latest(connection, partnership_id), store.user],
    )
    return int(rows[0][0])


def _latest(connection: Connection, partnership_id: int) -> int:
    return int(
        connection.rows("SELECT coalesce(max(id), 0) FROM changes WHERE partnership_id = ?", [partnership_id])[0][0]
    )
