"""Kept map positions (``core.store.layouts``) on both back-ends: kept, first writer wins, outside the records."""

from __future__ import annotations

import threading

from core.store import Table, layouts


def test_positions_are_kept_by_name_key_per_map_and_partnership(demo_store):
    store, pid = demo_store
    other = store.create_partnership("Seafood labour coalition")
    layouts.keep(store, pid, "actors", {"Aurelia  RECYCLING": (10.5, -3.0), "Port authority": (0.0, 7.25)})
    layouts.keep(store, pid, "factors", {"Resin price": (1.0, 2.0)})
    assert layouts.kept(store, pid, "actors") == {"aurelia recycling": (10.5, -3.0), "port authority": (0.0, 7.25)}
    assert layouts.kept(store, pid, "factors") == {"resin price": (1.0, 2.0)}
    assert layouts.kept(store, other, "actors") == {}


def test_a_kept_position_stays_until_rearranged(demo_store):
    store, pid = demo_store
    layouts.keep(store, pid, "actors", {"A": (1.0, 1.0)})
    layouts.keep(store, pid, "actors", {"a": (9.0, 9.0), "B": (2.0, 2.0)})  # A is kept already: the first wins
    assert layouts.kept(store, pid, "actors") == {"a": (1.0, 1.0), "b": (2.0, 2.0)}
    layouts.rearrange(store, pid, "actors", {"A": (5.0, 5.0), "C": (3.0, 3.0)})
    assert layouts.kept(store, pid, "actors") == {"a": (5.0, 5.0), "c": (3.0, 3.0)}


def test_keeping_positions_is_not_a_change_of_the_records(demo_store):
    store, pid = demo_store
    revision, history = store.partnership(pid)["revision"], store.changes(pid)
    records = store.read(pid, Table.ACTORS)
    layouts.keep(store, pid, "actors", {"A": (1.0, 1.0)})
    layouts.rearrange(store, pid, "actors", {"B": (1.0, 1.0)})
    assert store.partnership(pid)["revision"] == revision  # no record cache is thrown away
    assert len(store.changes(pid)) == len(history)  # and nothing to undo
    assert store.read(pid, Table.ACTORS).equals(records)


def test_sessions_keeping_the_same_new_node_at_once_keep_one_position(demo_store):
    store, pid = demo_store
    errors = []

    def keep(number: int) -> None:
        try:
            layouts.keep(store, pid, "actors", {"New actor": (float(number), 0.0)})
        except Exception as error:  # the test reports any failure
            errors.append(error)

    threads = [threading.Thread(target=keep, args=(number,)) for number in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    (position,) = layouts.kept(store, pid, "actors").values()
    assert position[0] in range(8)


def test_deleting_a_partnership_deletes_its_positions_only(demo_store):
    store, pid = demo_store
    other = store.create_partnership("Seafood labour coalition")
    layouts.keep(store, pid, "actors", {"A": (1.0, 1.0)})
    layouts.keep(store, other, "actors", {"A": (2.0, 2.0)})
    store.delete_partnership(pid)
    assert layouts.kept(store, pid, "actors") == {}
    assert layouts.kept(store, other, "actors") == {"a": (2.0, 2.0)}


def test_ten_thousand_positions_go_in_whole_and_a_move_changes_only_the_moved(demo_store):
    store, pid = demo_store
    layouts.keep(store, pid, "actors", {f"Actor {i}": (float(i), -float(i)) for i in range(10_000)})
    layouts.keep(store, pid, "actors", {"actor 7": (0.5, 0.5), "Actor  7": (1.0, 1.0), "New one": (2.0, 3.0)})
    kept = layouts.kept(store, pid, "actors")
    assert len(kept) == 10_001 and kept["actor 7"] == (7.0, -7.0) and kept["new one"] == (2.0, 3.0)
    layouts.move(store, pid, "actors", {"ACTOR 9": (90.0, 90.0), "Fresh": (1.0, 2.0)})
    moved = layouts.kept(store, pid, "actors")
    assert moved["actor 9"] == (90.0, 90.0) and moved["fresh"] == (1.0, 2.0)
    assert {key: spot for key, spot in moved.items() if key not in ("actor 9", "fresh")} == {
        key: spot for key, spot in kept.items() if key != "actor 9"
    }
