"""The change log and per-person undo; and migration 1000, which brings old files to row ids and the log.

Ana and Bob work on the same demo partnership. Each undoes their own latest
change, and only while nobody has changed those rows since.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from core.store import ConflictError, Store, Table
from core.store.migrations import MIGRATIONS

MERIDIAN = "Meridian Devices"
NOVALINE = "Novaline Electronics"


def _change(store: Store, pid: int, name: str, reason: str, **cells: object) -> None:
    """Change some cells of the actor called ``name``, as a person editing the table would."""
    loaded = store.read(pid, Table.ACTORS)
    edited = loaded.copy()
    row = edited.index[edited["name"] == name]
    assert len(row) == 1, name
    for column, value in cells.items():
        edited.loc[row, column] = value
    store.replace(pid, Table.ACTORS, edited, reason, based_on=loaded)


def _cell(store: Store, pid: int, name: str, column: str) -> object:
    actors = store.read(pid, Table.ACTORS)
    return actors.loc[actors["name"] == name, column].item()


def test_each_person_undoes_only_their_own_latest_change(people):
    ana, bob, pid = people
    original = ana.read(pid, Table.ACTORS)
    _change(ana, pid, MERIDIAN, "ana's edit", interest=1.0)
    _change(bob, pid, NOVALINE, "bob's edit", notes="Bob's note")

    assert ana.undo_last(pid) == "ana's edit"
    assert _cell(ana, pid, MERIDIAN, "interest") == 5.0  # Ana's change is gone
    assert _cell(ana, pid, NOVALINE, "notes") == "Bob's note"  # Bob's change stays
    assert ana.undo_last(pid) is None  # Ana has nothing more to undo; Bob's change is not hers

    assert bob.undo_last(pid) == "bob's edit"
    pd.testing.assert_frame_equal(bob.read(pid, Table.ACTORS), original)
    assert bob.undo_last(pid) is None


def test_redo_brings_back_undone_changes_newest_first_until_a_new_change(people):
    ana, bob, pid = people
    _change(ana, pid, MERIDIAN, "first edit", interest=1.0)
    _change(ana, pid, NOVALINE, "second edit", notes="Ana's note")
    assert ana.redo_last(pid) is None  # nothing undone yet
    assert ana.undo_last(pid) == "second edit"
    assert ana.undo_last(pid) == "first edit"
    assert bob.redo_last(pid) is None  # Bob undid nothing

    assert ana.redo_last(pid) == "first edit"
    assert _cell(ana, pid, MERIDIAN, "interest") == 1.0
    assert ana.redo_last(pid) == "second edit"
    assert _cell(ana, pid, NOVALINE, "notes") == "Ana's note"
    assert ana.redo_last(pid) is None  # both are back

    assert ana.undo_last(pid) == "redo second edit"  # a redo is a change like any other, and can be undone
    assert _cell(ana, pid, NOVALINE, "notes") != "Ana's note"
    _change(ana, pid, MERIDIAN, "third edit", interest=2.0)
    assert ana.redo_last(pid) is None  # a new change of her own ends what can be redone


def test_redo_over_someone_elses_later_change_is_refused(people):
    ana, bob, pid = people
    _change(ana, pid, MERIDIAN, "ana's edit", interest=1.0)
    ana.undo_last(pid)
    _change(bob, pid, MERIDIAN, "bob's edit", notes="Bob's note")
    before = ana.read(pid, Table.ACTORS)
    with pytest.raises(ConflictError, match="Nothing was redone"):
        ana.redo_last(pid)
    pd.testing.assert_frame_equal(ana.read(pid, Table.ACTORS), before)


def test_undo_over_someone_elses_later_change_of_the_row_is_refused(people):
    ana, bob, pid = people
    original = ana.read(pid, Table.ACTORS)
    _change(ana, pid, MERIDIAN, "ana's edit", interest=1.0)
    _change(bob, pid, MERIDIAN, "bob's edit", notes="Bob's note")  # the same row, another cell
    before = ana.read(pid, Table.ACTORS)
    logged = ana.changes(pid)

    with pytest.raises(ConflictError, match="bob") as caught:
        ana.undo_last(pid)
    assert MERIDIAN in str(caught.value)
    assert "Nothing was undone" in str(caught.value)
    assert [(c.column, c.what) for c in caught.value.conflicts] == [("notes", "changed")]
    pd.testing.assert_frame_equal(ana.read(pid, Table.ACTORS), before)  # nothing written
    pd.testing.assert_frame_equal(ana.changes(pid), logged)  # not even in the log

    # Once Bob has undone his, Ana's undo goes through and everything is as it was.
    assert bob.undo_last(pid) == "bob's edit"
    assert ana.undo_last(pid) == "ana's edit"
    pd.testing.assert_frame_equal(ana.read(pid, Table.ACTORS), original)


def test_the_change_log_records_who_made_each_change_and_what_undid_what(people):
    ana, bob, pid = people
    assert ana.changes(pid).empty
    _change(ana, pid, MERIDIAN, "ana's edit", interest=1.0)
    _change(bob, pid, NOVALINE, "bob's edit", notes="Bob's note")
    ana.undo_last(pid)

    log = ana.changes(pid)
    assert log["made_by"].tolist() == ["ana", "bob", "ana"]  # newest first
    assert log["reason"].tolist() == ["undo ana's edit", "bob's edit", "ana's edit"]
    undo, bobs, anas = (row for _, row in log.iterrows())
    assert undo["undoes"] == anas["id"]
    assert anas["undone_by"] == undo["id"]
    assert pd.isna(bobs["undoes"]) and pd.isna(bobs["undone_by"])
    assert pd.isna(undo["undone_by"])
    assert log["made_at"].notna().all()
    assert ana.changes(pid, user="bob")["reason"].tolist() == ["bob's edit"]
    assert ana.changes(pid, user="ana")["reason"].tolist() == ["undo ana's edit", "ana's edit"]


def test_an_import_logs_one_change_with_a_row_for_each_row_it_wrote(people):
    ana, _, pid = people
    original = ana.read(pid, Table.ACTORS)
    new = [f"Imported {number}" for number in range(6)]
    sheet = pd.DataFrame({"name": [*new, MERIDIAN], "type": ["ngo"] * len(new) + ["government"]})
    assert ana.upsert(pid, Table.ACTORS, sheet, reason="importing a stakeholder list") == (len(new), 1)

    [change_id] = ana.changes(pid)["id"].tolist()
    with ana.connect() as connection:
        logged = connection.rows(
            "SELECT table_name, before, after FROM change_rows WHERE change_id = ? ORDER BY row_id", [change_id]
        )
    assert len(logged) == len(sheet)
    assert {table for table, _, _ in logged} == {"actors"}
    rows = [(before and json.loads(before), json.loads(after)) for _, before, after in logged]
    assert sorted(after["name"] for before, after in rows if before is None) == new
    [(before, after)] = [(before, after) for before, after in rows if before is not None]
    assert (before["name"], before["type"], after["type"]) == (MERIDIAN, "company", "government")

    assert ana.undo_last(pid) == "importing a stakeholder list"
    pd.testing.assert_frame_equal(ana.read(pid, Table.ACTORS), original)


# -- migration 1000 on a file made before it -------------------------------------


def _old_file(path: Path) -> Store:
    """A DuckDB file at the schema before migration 1000, made the way Store.migrate made it then."""
    old = Store(path)
    with old.transaction() as connection:
        connection.execute(
            "CREATE TABLE schema_version ("
            "version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP DEFAULT current_timestamp)"
        )
        for migration in sorted((m for m in MIGRATIONS if m.version < 1000), key=lambda m: m.version):
            migration.apply(connection)
            connection.execute(
                "INSERT INTO schema_version (version, name) VALUES (?, ?)", [migration.version, migration.name]
            )
    return old


def _add_actor(store: Store, pid: int, name: str) -> None:
    with store.transaction() as connection:
        connection.execute(
            "INSERT INTO actors (partnership_id, name, type, interest) VALUES (?, ?, 'ngo', 3)", [pid, name]
        )


def test_migration_1000_numbers_old_rows_in_their_stored_order(tmp_path):
    path = tmp_path / "old.duckdb"
    old = _old_file(path)
    with old.transaction() as connection:
        pid = connection.rows("INSERT INTO partnerships (name) VALUES ('Old') RETURNING id")[0][0]
        other = connection.rows("INSERT INTO partnerships (name) VALUES ('Other') RETURNING id")[0][0]
    for name in ["Zeta Co", "Alpha Ltd", "Gone Inc"]:
        _add_actor(old, pid, name)
    _add_actor(old, other, "Elsewhere")  # another partnership's row in between
    _add_actor(old, pid, "Mid Org")
    with old.transaction() as connection:
        connection.execute("DELETE FROM actors WHERE name = 'Gone Inc'")
    _add_actor(old, pid, "Beta After")
    with old.connect() as connection:
        rowids = [rowid for (rowid,) in connection.rows("SELECT rowid FROM actors ORDER BY rowid")]
    assert len(rowids) == 5
    assert rowids != list(range(rowids[0], rowids[0] + 5)), "expected a gap where Gone Inc was"
    old.release()

    store = Store(path)
    assert store.migrate() == [1000, 1600, 1610, 1620, 2000]  # and the live room, history and access
    assert store.read(pid, Table.ACTORS)["name"].tolist() == ["Zeta Co", "Alpha Ltd", "Mid Org", "Beta After"]
    assert store.read(other, Table.ACTORS)["name"].tolist() == ["Elsewhere"]
    assert store.read(pid, Table.ACTORS)["interest"].tolist() == [3.0] * 4
    assert store.changes(pid).empty

    with store.connect() as connection:
        row_ids = [row_id for (row_id,) in connection.rows("SELECT row_id FROM actors")]
    assert None not in row_ids
    assert len(set(row_ids)) == len(row_ids) == 5

    store.upsert(pid, Table.ACTORS, pd.DataFrame({"name": ["New After Migration"], "type": ["ngo"]}))
    with store.connect() as connection:
        [(new_id,)] = connection.rows("SELECT row_id FROM actors WHERE name = 'New After Migration'")
    assert new_id > max(row_ids)
    assert store.read(pid, Table.ACTORS)["name"].tolist()[-1] == "New After Migration"

    # The old rows take part in the change log like any other: edit one, undo it.
    _change(store, pid, "Alpha Ltd", "an edit after migrating", notes="edited")
    assert store.undo_last(pid) == "an edit after migrating"
    assert store.read(pid, Table.ACTORS)["notes"].isna().all()
    store.release()
