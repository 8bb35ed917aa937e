"""History: the timeline after two people's edits, records as they were at any point, milestones, restore.

Ana and Bob edit the demo partnership in a known sequence; every point of
it is read back and compared with what the store held at that moment.
"""

from __future__ import annotations

import pandas as pd
import pytest

from core.across.history import describe
from core.store import Store, StoreError, Table, history
from core.store import room as live

MERIDIAN = "Meridian Devices"
ZEPHYRA = "Zephyra Mobile"


def _edit(store: Store, pid: int, name: str, **cells: object) -> None:
    loaded = store.read(pid, Table.ACTORS)
    edited = loaded.copy()
    row = edited.index[edited["name"] == name]
    for column, value in cells.items():
        edited.loc[row, column] = value
    store.replace(pid, Table.ACTORS, edited, "saving actors", based_on=loaded)


def _add_actor(store: Store, pid: int, name: str) -> None:
    loaded = store.read(pid, Table.ACTORS)
    added = pd.concat([loaded, pd.DataFrame([{"name": name, "type": "community", "interest": 4}])], ignore_index=True)
    store.replace(pid, Table.ACTORS, added, "saving actors", based_on=loaded)


def _remove_relation(store: Store, pid: int, position: int) -> None:
    loaded = store.read(pid, Table.RELATIONS)
    store.replace(pid, Table.RELATIONS, loaded.drop(index=position), "saving relations", based_on=loaded)


@pytest.fixture
def scripted(people):
    """Ana lowers Meridian's influence, then raises it; Bob adds an actor, drops a relation; Ana shortlists Zephyra.

    Returns the stores, the id, each point (change id) and the whole partnership read at each.
    """
    ana, bob, pid = people
    points, states = [history.latest_change(ana, pid)], [ana.read_many(pid, list(Table))]
    _edit(ana, pid, MERIDIAN, influence=3.0)  # the demo has 5
    _edit(ana, pid, MERIDIAN, influence=4.0)
    points.append(history.latest_change(ana, pid))
    states.append(ana.read_many(pid, list(Table)))
    _add_actor(bob, pid, "Harbour Co-op")
    _remove_relation(bob, pid, 0)
    points.append(history.latest_change(ana, pid))
    states.append(ana.read_many(pid, list(Table)))
    _edit(ana, pid, ZEPHYRA, shortlisted=True)
    points.append(history.latest_change(ana, pid))
    states.append(ana.read_many(pid, list(Table)))
    return ana, bob, pid, points, states


def test_the_timeline_holds_exactly_the_scripted_changes_with_before_and_after(scripted):
    ana, _, pid, points, _ = scripted
    lines = [(entry.made_by, entry.sentence) for entry in describe(history.entries(ana, pid))]
    relation = ana.read(pid, Table.RELATIONS)  # the dropped one was the first of the demo's
    assert lines[0] == ("ana", "ana changed Zephyra Mobile's shortlisted from no to yes.")
    assert lines[1][0] == "bob" and lines[1][1].startswith("bob removed the relation ")
    assert lines[2:] == [
        ("bob", "bob added the actor Harbour Co-op."),
        ("ana", "ana raised Meridian Devices' influence from 3 to 4."),
        ("ana", "ana lowered Meridian Devices' influence from 5 to 3."),
    ]
    assert len(relation) == len(scripted[4][0][Table.RELATIONS]) - 1
    only_bob = describe(history.entries(ana, pid, people=["bob"]))
    assert {entry.made_by for entry in only_bob} == {"bob"} and len(only_bob) == 2
    only_relations = describe(history.entries(ana, pid, tables=[Table.RELATIONS]))
    assert [entry.table for entry in only_relations] == [Table.RELATIONS]
    between = describe(history.entries(ana, pid, after=points[1], up_to=points[2]))
    assert {entry.made_by for entry in between} == {"bob"}


def test_the_records_at_every_point_are_what_the_store_held_then(scripted):
    ana, _, pid, points, states = scripted
    for point, state in zip(points, states, strict=True):
        at = history.records_at(ana, pid, point)
        for table in Table:
            pd.testing.assert_frame_equal(at[table].reset_index(drop=True), state[table], check_dtype=True)


@pytest.mark.parametrize("back_to", [0, 1, 2])
def test_restoring_the_whole_partnership_brings_back_the_exact_old_values_as_a_new_change(scripted, back_to):
    ana, bob, pid, points, states = scripted
    changes_before = len(ana.changes(pid))
    restored = history.restore(bob, pid, points[back_to], "everything as at a point")
    assert restored > 0
    now = ana.read_many(pid, list(Table))
    for table in Table:
        pd.testing.assert_frame_equal(now[table], states[back_to][table])
    log = ana.changes(pid)
    assert len(log) == changes_before + 1  # nothing erased: one more change
    assert log.iloc[0]["made_by"] == "bob" and log.iloc[0]["reason"] == "restore everything as at a point"
    assert bob.undo_last(pid) == "restore everything as at a point"  # and it can be undone
    for table in Table:
        pd.testing.assert_frame_equal(ana.read(pid, table), states[-1][table])


def test_restoring_one_record_or_one_table_leaves_the_rest_as_it_is(scripted):
    ana, _, pid, points, states = scripted
    actors_then = history.records_at(ana, pid, points[0], [Table.ACTORS])[Table.ACTORS]
    meridian = int(actors_then.index[actors_then["name"] == MERIDIAN][0])
    assert history.restore(ana, pid, points[0], "Meridian", [Table.ACTORS], [meridian]) == 1
    actors = ana.read(pid, Table.ACTORS)
    assert actors.loc[actors["name"] == MERIDIAN, "influence"].item() == 5.0
    assert "Harbour Co-op" in set(actors["name"])  # Bob's actor stays
    assert actors.loc[actors["name"] == ZEPHYRA, "shortlisted"].item()
    history.restore(ana, pid, points[0], "the relations", [Table.RELATIONS])
    pd.testing.assert_frame_equal(ana.read(pid, Table.RELATIONS), states[0][Table.RELATIONS])
    assert "Harbour Co-op" in set(ana.read(pid, Table.ACTORS)["name"])
    assert history.restore(ana, pid, points[0], "the relations again", [Table.RELATIONS]) == 0  # nothing differs


def test_a_milestone_names_a_point_and_a_live_session_marks_one_when_it_ends(scripted):
    ana, _, pid, points, _ = scripted
    history.mark(ana, pid, "after workshop 2")
    marked = history.milestones(ana, pid)
    assert marked["name"].tolist() == ["after workshop 2"] and int(marked["change_id"].iloc[0]) == points[-1]
    room = live.start_session(ana, pid, "Workshop 3", "ABC123", anonymous_allowed=False)
    _edit(ana, pid, MERIDIAN, influence=1.0)
    live.end_session(ana, room)
    marked = history.milestones(ana, pid)
    assert marked["name"].tolist() == ["after workshop 2", "end of live session Workshop 3"]
    assert int(marked["change_id"].iloc[1]) == history.latest_change(ana, pid)
    with pytest.raises(StoreError, match="needs a name"):
        history.mark(ana, pid, "   ")


def test_a_moment_finds_the_last_change_made_by_then(scripted):
    ana, _, pid, _, _ = scripted
    log = ana.changes(pid).sort_values("id")
    second = log.iloc[1]
    assert history.change_at(ana, pid, pd.Timestamp(second["made_at"]).to_pydatetime()) >= int(second["id"])
    assert history.change_at(ana, pid, pd.Timestamp("2000-01-01").to_pydatetime()) == 0


def test_deleting_a_partnership_takes_its_milestones_with_it(demo_store):
    store, pid = demo_store
    copy = store.duplicate_partnership(pid, "Copy")
    history.mark(store, copy, "first look")
    store.delete_partnership(copy)
    assert history.milestones(store, pid).empty
    assert history.milestones(store, copy).empty
