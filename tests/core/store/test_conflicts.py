"""Two people editing from the same loaded frame: what merges, what is refused, and what overwrite keeps.

Ana (A) and Bob (B) both load the demo's actors. Whoever saves second with
``based_on`` is told, in words naming the other person and the row, when a
cell they change was changed since; nothing of their save is written.
"""

from __future__ import annotations

import pandas as pd
import pytest

from core.store import ConflictError, Store, StoreError, Table

MERIDIAN = "Meridian Devices"
NOVALINE = "Novaline Electronics"


def _edited(frame: pd.DataFrame, name: str, **cells: object) -> pd.DataFrame:
    """A copy of ``frame`` with some cells of the row called ``name`` changed."""
    out = frame.copy()
    row = out.index[out["name"] == name]
    assert len(row) == 1, name
    for column, value in cells.items():
        out.loc[row, column] = value
    return out


def _cell(store: Store, pid: int, name: str, column: str) -> object:
    actors = store.read(pid, Table.ACTORS)
    return actors.loc[actors["name"] == name, column].item()


def test_the_same_cell_changed_twice_is_refused_until_overwritten(people):
    ana, bob, pid = people
    loaded = ana.read(pid, Table.ACTORS)
    assert _cell(ana, pid, MERIDIAN, "interest") == 5
    ana.replace(pid, Table.ACTORS, _edited(loaded, MERIDIAN, interest=2.0, place="Jakarta"), based_on=loaded)
    after_ana = ana.read(pid, Table.ACTORS)
    logged = len(ana.changes(pid))

    with pytest.raises(ConflictError) as caught:
        bob.replace(pid, Table.ACTORS, _edited(loaded, MERIDIAN, interest=1.0), based_on=loaded)
    message = str(caught.value)
    assert "ana" in message
    assert MERIDIAN in message
    assert "“1”" in message  # Bob's value
    assert "“2”" in message  # Ana's value
    [conflict] = caught.value.conflicts
    assert (conflict.column, conflict.yours, conflict.theirs, conflict.what) == ("interest", 1.0, 2.0, "changed")
    pd.testing.assert_frame_equal(bob.read(pid, Table.ACTORS), after_ana)  # nothing of Bob's save landed
    assert len(bob.changes(pid)) == logged
    assert bob.changes(pid, user="bob").empty

    bob.replace(pid, Table.ACTORS, _edited(loaded, MERIDIAN, interest=1.0), based_on=loaded, overwrite=True)
    assert _cell(bob, pid, MERIDIAN, "interest") == 1.0  # Bob's value won the cell he chose to keep
    assert _cell(bob, pid, MERIDIAN, "place") == "Jakarta"  # Ana's other edit of that row survives
    assert len(bob.read(pid, Table.ACTORS)) == len(loaded)


def test_different_cells_of_one_row_both_land(people):
    ana, bob, pid = people
    loaded = ana.read(pid, Table.ACTORS)
    ana.replace(pid, Table.ACTORS, _edited(loaded, MERIDIAN, notes="Ana's note"), based_on=loaded)
    bob.replace(pid, Table.ACTORS, _edited(loaded, MERIDIAN, sector="Phones"), based_on=loaded)
    assert _cell(ana, pid, MERIDIAN, "notes") == "Ana's note"
    assert _cell(ana, pid, MERIDIAN, "sector") == "Phones"
    expected = _edited(loaded, MERIDIAN, notes="Ana's note", sector="Phones")
    pd.testing.assert_frame_equal(ana.read(pid, Table.ACTORS), expected)


def test_editing_a_row_someone_deleted_is_refused(people):
    ana, bob, pid = people
    loaded = ana.read(pid, Table.ACTORS)
    ana.replace(pid, Table.ACTORS, loaded[loaded["name"] != NOVALINE], based_on=loaded)
    after_ana = ana.read(pid, Table.ACTORS)

    with pytest.raises(ConflictError, match="deleted") as caught:
        bob.replace(pid, Table.ACTORS, _edited(loaded, NOVALINE, interest=1.0), based_on=loaded)
    assert NOVALINE in str(caught.value)
    assert [conflict.what for conflict in caught.value.conflicts] == ["deleted"]
    pd.testing.assert_frame_equal(bob.read(pid, Table.ACTORS), after_ana)  # Novaline does not come back


def test_deleting_a_row_someone_changed_is_refused(people):
    ana, bob, pid = people
    loaded = ana.read(pid, Table.ACTORS)
    ana.replace(pid, Table.ACTORS, _edited(loaded, NOVALINE, interest=1.0), based_on=loaded)

    with pytest.raises(ConflictError) as caught:
        bob.replace(pid, Table.ACTORS, loaded[loaded["name"] != NOVALINE], based_on=loaded)
    message = str(caught.value)
    assert "ana" in message
    assert NOVALINE in message
    assert _cell(bob, pid, NOVALINE, "interest") == 1.0  # still there, with Ana's change


def test_adding_a_row_someone_else_just_added_is_refused(people):
    ana, bob, pid = people
    loaded = ana.read(pid, Table.ACTORS)
    harbour = pd.DataFrame({"name": ["Harbour Fund"], "type": ["investor"]})
    ana.replace(pid, Table.ACTORS, pd.concat([loaded, harbour], ignore_index=True), based_on=loaded)

    bobs = pd.DataFrame({"name": ["harbour fund "], "type": ["ngo"]})  # the same key, other content
    with pytest.raises(ConflictError, match="added") as caught:
        bob.replace(pid, Table.ACTORS, pd.concat([loaded, bobs], ignore_index=True), based_on=loaded)
    assert "ana" in str(caught.value)
    assert [conflict.what for conflict in caught.value.conflicts] == ["added"]
    stored = bob.read(pid, Table.ACTORS)
    assert stored["name"].tolist().count("Harbour Fund") == 1
    assert _cell(bob, pid, "Harbour Fund", "type") == "investor"


def test_answers_saved_over_someone_elses_newer_answers_are_refused(people):
    ana, bob, pid = people
    loaded = ana.answers(pid, "governance")
    assert loaded  # the demo has governance answers
    ana.save_answers(pid, "governance", {**loaded, "chosen_model": "ngo_led"}, based_on=loaded)

    with pytest.raises(ConflictError, match="ana"):
        bob.save_answers(pid, "governance", {**loaded, "chosen_model": "company_led"}, based_on=loaded)
    assert bob.answers(pid, "governance") == {**loaded, "chosen_model": "ngo_led"}

    current = bob.answers(pid, "governance")  # Bob reloads: now he saves over what is stored
    bob.save_answers(pid, "governance", {**current, "chosen_model": "company_led"}, based_on=current)
    assert bob.answers(pid, "governance") == {**loaded, "chosen_model": "company_led"}
    assert bob.changes(pid)["made_by"].tolist() == ["bob", "ana"]


def test_first_answers_saved_by_two_people_are_refused_for_the_second(people):
    ana, bob, pid = people
    assert ana.answers(pid, "new_topic") == {}
    ana.save_answers(pid, "new_topic", {"a": 1}, based_on={})
    with pytest.raises(ConflictError, match="ana added “new_topic” too"):
        bob.save_answers(pid, "new_topic", {"a": 2}, based_on={})
    assert bob.answers(pid, "new_topic") == {"a": 1}


# Found in review: each of these lost or mixed up someone's work before.


def test_a_deleted_row_and_a_new_one_are_never_taken_for_one_row(store):
    ann, bob = store.as_user("ann"), store.as_user("bob")
    pid = ann.create_partnership("Pilots")
    rows = [("2024-01-01", 5.0), ("2024-02-01", 6.0)]
    ann.replace(pid, Table.OBSERVATIONS, pd.DataFrame([{"pilot": "p1", "indicator": "i1", "date": d, "value": v}
                                                       for d, v in rows]))  # fmt: skip
    seen = ann.read(pid, Table.OBSERVATIONS)
    noted = seen.copy()
    noted.loc[1, "note"] = "sensor broken"
    bob.replace(pid, Table.OBSERVATIONS, noted, based_on=seen)
    new_row = pd.DataFrame([{"pilot": "p1", "indicator": "i2", "date": "2024-03-01", "value": 9.0}])
    mine = pd.concat([seen.iloc[[0]], new_row], ignore_index=True)  # delete the second row, add another
    with pytest.raises(ConflictError, match="bob changed"):
        ann.replace(pid, Table.OBSERVATIONS, mine, based_on=seen)
    assert ann.read(pid, Table.OBSERVATIONS)["note"].tolist()[1] == "sensor broken"


def test_renaming_a_row_onto_a_name_someone_just_added_is_refused(store):
    ann, bob = store.as_user("ann"), store.as_user("bob")
    pid = ann.create_partnership("Names")
    ann.replace(pid, Table.ACTORS, pd.DataFrame([{"name": "Alpha", "type": "ngo"}]))
    seen = ann.read(pid, Table.ACTORS)
    bob.upsert(pid, Table.ACTORS, pd.DataFrame([{"name": "Beta", "type": "ngo"}]))
    renamed = seen.copy()
    renamed.loc[0, "name"] = "Beta"
    with pytest.raises(ConflictError, match="added “Beta”"):
        ann.replace(pid, Table.ACTORS, renamed, based_on=seen, same_labels=True)
    assert sorted(ann.read(pid, Table.ACTORS)["name"]) == ["Alpha", "Beta"]


def test_with_twin_keys_a_changed_row_is_not_looked_up_by_key(store):
    ann, bob = store.as_user("ann"), store.as_user("bob")
    pid = ann.create_partnership("Twins")
    twins = pd.DataFrame(
        [{"name": "A", "type": "ngo", "notes": "first"}, {"name": "A", "type": "ngo", "notes": "second"}]
    )
    ann.replace(pid, Table.ACTORS, twins)  # duplicate keys can come from old data
    seen = ann.read(pid, Table.ACTORS)
    bob.replace(pid, Table.ACTORS, seen.assign(notes=["first", "bob's"]), based_on=seen)
    with pytest.raises(ConflictError):  # ann's edit of the second twin clashes with bob's, not silently the first
        ann.replace(pid, Table.ACTORS, seen.assign(notes=["first", "ann's"]), based_on=seen)
    assert ann.read(pid, Table.ACTORS)["notes"].tolist() == ["first", "bob's"]


def test_a_save_to_a_deleted_partnership_is_refused_and_leaves_nothing(store):
    ann = store.as_user("ann")
    pid = ann.create_partnership("Gone")
    ann.delete_partnership(pid)
    with pytest.raises(StoreError, match="deleted"):
        ann.upsert(pid, Table.ACTORS, pd.DataFrame([{"name": "Gamma", "type": "ngo"}]))
    assert ann.read(pid, Table.ACTORS).empty and ann.changes(pid).empty


def test_a_save_that_changes_nothing_leaves_the_revision_alone(people):
    ann, _, pid = people
    revision = ann.partnership(pid)["revision"]
    seen = ann.read(pid, Table.ACTORS)
    ann.replace(pid, Table.ACTORS, seen.copy(), based_on=seen)
    assert ann.partnership(pid)["revision"] == revision
    assert ann.undo_last(pid) is None  # and nothing to undo
