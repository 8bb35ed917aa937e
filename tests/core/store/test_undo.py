"""Deleting a partnership leaves nothing of it behind, its change log included; an import is undone exactly."""

from __future__ import annotations

import pandas as pd

from core.io_excel import read_table, write_workbook
from core.partners.import_list import import_actors
from core.store import Table


def test_delete_removes_the_partnerships_change_log(demo_store):
    store, pid = demo_store
    store.save_answers(pid, "governance", {"chosen_model": "ngo_led"})
    other = store.create_partnership("Other")
    store.save_answers(other, "governance", {"chosen_model": "ngo_led"})
    logged = store.changes(pid)["id"].tolist()
    assert len(logged) == 1

    store.delete_partnership(pid)

    assert store.changes(pid).empty
    assert store.changes(other)["reason"].tolist() == ["saving the governance answers"]
    assert store.read(pid, Table.ACTORS).empty
    with store.connect() as connection:
        left = connection.rows("SELECT count(*) FROM change_rows WHERE change_id = ?", [logged[0]])
        kept = connection.rows(
            "SELECT count(*) FROM change_rows WHERE change_id IN (SELECT id FROM changes WHERE partnership_id = ?)",
            [other],
        )
    assert left[0][0] == 0
    assert kept[0][0] == 1


def test_an_import_can_be_undone_exactly(demo_store):
    store, pid = demo_store
    before = store.read(pid, Table.ACTORS)
    sheet = write_workbook({"List": pd.DataFrame({"Organisation": ["Harbour Fund", "Meridian Devices"],
                                                  "Type": ["investor", "government"]})})  # fmt: skip
    parsed = read_table(sheet, "list.xlsx", Table.ACTORS)
    outcome = import_actors(store, pid, parsed)
    assert (outcome.added, outcome.updated) == (1, 1)
    logged = store.changes(pid)
    assert logged[["made_by", "reason"]].values.tolist() == [[store.user, "importing a stakeholder list"]]
    # Harbour Fund is added with no scores: its blank numbers must still compare equal to themselves.
    assert store.undo_last(pid) == "importing a stakeholder list"
    pd.testing.assert_frame_equal(store.read(pid, Table.ACTORS), before)
