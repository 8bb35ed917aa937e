"""Team mode in the store: each role can do what it may and no more; a non-member learns nothing; refusals are logged.

Every check runs on both back-ends. The operator's store (not ``as_member``)
names the first owner, as ``python -m core members`` does on the server.
"""

from __future__ import annotations

import pandas as pd
import pytest

from core.access import Role
from core.store import AccessError, Store, StoreError, Table, history, layouts
from core.store import room as live
from core.store.backups import backup, restore_backup
from core.store.members import members, password_is, refusals, remove_member, set_member, set_password

HOSTILE = "<img src=x onerror=alert(1)>'; DROP TABLE members; --"


@pytest.fixture
def team(demo_store):
    """The demo with one person of each role, and an outsider; returns (operator store, id, stores by role)."""
    store, pid = demo_store
    for role in Role:
        set_member(store, pid, f"{role.value}@example.org", role)
    stores = {role: store.as_member(f"{role.value}@example.org") for role in Role}
    return store, pid, stores, store.as_member("outsider@example.org")


def _add_actor(store: Store, pid: int, name: str) -> None:
    loaded = store.read(pid, Table.ACTORS)
    added = pd.concat([loaded, pd.DataFrame([{"name": name, "type": "community"}])], ignore_index=True)
    store.replace(pid, Table.ACTORS, added, "saving actors", based_on=loaded)


def test_a_non_member_sees_no_partnership_and_no_name_in_any_refusal(team):
    store, pid, _, outsider = team
    name = str(store.partnership(pid)["name"])
    assert outsider.partnerships().empty
    attempts = [
        lambda: outsider.partnership(pid),
        lambda: outsider.read(pid, Table.ACTORS),
        lambda: outsider.read_many(pid, list(Table)),
        lambda: outsider.answers(pid, "funding"),
        lambda: outsider.changes(pid),
        lambda: history.entries(outsider, pid),
        lambda: history.records_at(outsider, pid, 0),
        lambda: history.milestones(outsider, pid),
        lambda: layouts.kept(outsider, pid, "actors"),
        lambda: members(outsider, pid),
        lambda: outsider.duplicate_partnership(pid, "My copy"),
        lambda: _add_actor(outsider, pid, "Sneaky Org"),
    ]
    for attempt in attempts:
        with pytest.raises(AccessError) as refused:
            attempt()
        assert name not in str(refused.value) and "not a member" in str(refused.value)
    logged = refusals(store, pid)
    assert len(logged) == len(attempts) and set(logged["person"]) == {"outsider@example.org"}
    assert "Sneaky Org" not in set(store.read(pid, Table.ACTORS)["name"])


def test_a_viewer_sees_everything_and_changes_nothing(team):
    store, pid, stores, _ = team
    viewer = stores[Role.VIEWER]
    assert viewer.partnerships()["id"].tolist() == [pid]
    before = store.read(pid, Table.ACTORS)
    pd.testing.assert_frame_equal(viewer.read(pid, Table.ACTORS), before)
    for attempt in (
        lambda: _add_actor(viewer, pid, "Viewer Org"),
        lambda: viewer.update_partnership(pid, stage="scale"),
        lambda: history.restore(viewer, pid, 0, "everything"),
        lambda: history.mark(viewer, pid, "my milestone"),
    ):
        with pytest.raises(AccessError, match="You are a viewer of"):
            attempt()
    pd.testing.assert_frame_equal(store.read(pid, Table.ACTORS), before)
    layouts.keep(viewer, pid, "actors", {"Somewhere": (1.0, 2.0)})  # drawing a map keeps its layout for anyone


def test_each_role_can_do_its_own_acts_and_not_the_next_ones(team):
    _, pid, stores, _ = team
    editor, facilitator, owner = stores[Role.EDITOR], stores[Role.FACILITATOR], stores[Role.OWNER]
    _add_actor(editor, pid, "Editor Org")
    assert editor.undo_last(pid) == "saving actors"
    with pytest.raises(AccessError, match="to run live sessions or mark milestones you need to be a facilitator"):
        live.start_session(editor, pid, "Workshop", "EDIT01", anonymous_allowed=False)
    with pytest.raises(AccessError):
        history.mark(editor, pid, "after workshop 1")
    room = live.start_session(facilitator, pid, "Workshop", "FACIL1", anonymous_allowed=False)
    live.end_session(facilitator, room)
    history.mark(facilitator, pid, "after workshop 1")
    for attempt in (
        lambda: facilitator.rename_partnership(pid, "Renamed"),
        lambda: facilitator.delete_partnership(pid),
        lambda: set_member(facilitator, pid, "friend@example.org", Role.OWNER),
    ):
        with pytest.raises(AccessError, match="you need to be an owner\\."):
            attempt()
    owner.rename_partnership(pid, "Renamed by its owner")
    set_member(owner, pid, "friend@example.org", Role.EDITOR)
    assert "friend@example.org" in set(members(owner, pid)["person"])
    remove_member(owner, pid, "friend@example.org")
    assert len(refusals(owner, pid)) == 5
    with pytest.raises(AccessError):
        refusals(facilitator, pid)


def test_a_partnership_always_keeps_an_owner(team):
    _, pid, stores, _ = team
    owner = stores[Role.OWNER]
    with pytest.raises(StoreError, match="at least one owner"):
        remove_member(owner, pid, "owner@example.org")
    with pytest.raises(StoreError, match="at least one owner"):
        set_member(owner, pid, "owner@example.org", Role.VIEWER)
    assert members(owner, pid).iloc[0].tolist()[:2] == ["owner@example.org", "owner"]


def test_whoever_creates_or_copies_a_partnership_owns_it_and_others_do_not_see_it(team):
    _, pid, stores, outsider = team
    created = outsider.create_partnership("Outsider's own")
    copied = stores[Role.VIEWER].duplicate_partnership(pid, "Viewer's copy")
    assert outsider.role(created) is Role.OWNER and stores[Role.VIEWER].role(copied) is Role.OWNER
    assert outsider.partnerships()["name"].tolist() == ["Outsider's own"]
    assert created not in stores[Role.OWNER].partnerships()["id"].tolist()


def test_hostile_names_are_stored_as_text_and_match_only_themselves(team):
    store, pid, _, _ = team
    set_member(store, pid, HOSTILE, Role.EDITOR)
    hostile = store.as_member(HOSTILE)
    assert hostile.role(pid) is Role.EDITOR
    assert HOSTILE in set(members(store, pid)["person"])
    assert store.as_member("%").partnerships().empty  # no pattern matching on names
    with pytest.raises(AccessError):
        store.as_member("<img src=x onerror=alert(1)>").read(pid, Table.ACTORS)


def test_a_password_is_kept_as_a_salted_hash_and_checked(store):
    set_password(store, "Ana@Example.org", "correct horse battery")
    assert password_is(store, "ana@example.org", "correct horse battery") == "Ana@Example.org"
    assert password_is(store, "ana@example.org", "wrong horse battery") is None
    assert password_is(store, "nobody@example.org", "correct horse battery") is None
    with pytest.raises(StoreError, match="at least 10 characters"):
        set_password(store, "ana@example.org", "short")
    with pytest.raises(AccessError, match="only your own password"):
        set_password(store.as_member("bob@example.org"), "ana@example.org", "bob's takeover attempt")
    set_password(store.as_member("ana@example.org"), "ana@example.org", "a new long password")
    assert password_is(store, "ana@example.org", "a new long password") == "Ana@Example.org"


def test_even_an_owner_cannot_back_up_or_replace_the_whole_database(team, tmp_path):
    _, _, stores, _ = team
    with pytest.raises(AccessError, match="other people's partnerships"):
        backup(stores[Role.OWNER], tmp_path)
    with pytest.raises(AccessError, match="other people's partnerships"):
        restore_backup(stores[Role.OWNER], tmp_path / "any.duckdb", tmp_path)
