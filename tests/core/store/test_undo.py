"""Deleting a partnership leaves nothing of it behind, its undo snapshots included."""

from __future__ import annotations

import pandas as pd

from core.io_excel import read_table, write_workbook
from core.partners.import_list import import_actors
from core.store import Table


def test_delete_removes_the_partnerships_snapshots(demo_store):
    store, pid = demo_store
    store.save_answers(pid, "governance", {"chosen_model": "ngo_led"})
    other = store.create_partnership("Other")
    store.save_answers(other, "governance", {"chosen_model": "ngo_led"})
    store.delete_partnership(pid)
    assert store.snapshots(pid).empty
    assert len(store.snapshots(other)) == 1
    assert store.read(pid, Table.ACTORS).empty


def test_an_import_can_be_undone_exactly(demo_store):
    store, pid = demo_store
    before = store.read(pid, Table.ACTORS)
    sheet = write_workbook({"List": pd.DataFrame({"Organisation": ["Harbour Fund", "Meridian Devices"],
                                                  "Type": ["investor", "government"]})})  # fmt: skip
    parsed = read_table(sheet, "list.xlsx", Table.ACTORS)
    outcome = import_actors(store, pid, parsed)
    assert (outcome.added, outcome.updated) == (1, 1)
    assert store.undo_last(pid) == "before importing a stakeholder list"
    pd.testing.assert_frame_equal(store.read(pid, Table.ACTORS), before)
