"""Deleting a partnership leaves nothing of it behind, its undo snapshots included."""

from __future__ import annotations

from core.store import Table
from core.store.snapshots import list_snapshots, take_snapshot


def test_delete_removes_the_partnerships_snapshots(demo_store):
    store, pid = demo_store
    take_snapshot(store, pid, "before a bulk edit")
    other = store.create_partnership("Other")
    take_snapshot(store, other, "kept")
    store.delete_partnership(pid)
    assert list_snapshots(store, pid).empty
    assert len(list_snapshots(store, other)) == 1
    assert store.read(pid, Table.ACTORS).empty
