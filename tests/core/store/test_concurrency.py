"""Many people writing at once: every write lands, none is lost, each is logged as its author's.

Threads share one process (as sessions of one app do); the last test adds two
more processes (as a second app process or ``python -m core`` would). Every
writer waits at a barrier so they really start together.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import threading
from collections import Counter
from collections.abc import Callable

import pandas as pd

from core.store import ConflictError, Store, Table
from tests.helpers import ROOT

THREADS = 10


def _run_together(work: Callable[[int, threading.Barrier], None], count: int = THREADS) -> list[BaseException]:
    """Run ``work(i, barrier)`` in ``count`` threads; return what any of them raised."""
    barrier = threading.Barrier(count, timeout=30)
    errors: list[BaseException] = []

    def run(number: int) -> None:
        try:
            work(number, barrier)
        except BaseException as error:  # every failure is reported by the test
            errors.append(error)
            barrier.abort()  # the others stop waiting rather than hang

    threads = [threading.Thread(target=run, args=(number,)) for number in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a writer is still running after two minutes"
    return errors


def _actor(name: str) -> pd.DataFrame:
    return pd.DataFrame({"name": [name], "type": ["ngo"]})


def _logged_rows(store: Store, pid: int) -> list[tuple[str, dict | None, dict | None]]:
    """Each logged row change of the partnership: (who made it, the row before, the row after)."""
    with store.connect() as connection:
        found = connection.rows(
            "SELECT c.made_by, r.before, r.after FROM change_rows r JOIN changes c ON c.id = r.change_id "
            "WHERE c.partnership_id = ? ORDER BY c.id",
            [pid],
        )
    return [(by, before and json.loads(before), after and json.loads(after)) for by, before, after in found]


def test_ten_people_adding_actors_at_once_all_land(demo_store):
    store, pid = demo_store
    start = len(store.read(pid, Table.ACTORS))
    per_person = 5

    def add(number: int, barrier: threading.Barrier) -> None:
        mine = store.as_user(f"user{number}")
        barrier.wait()
        for k in range(per_person):
            assert mine.upsert(pid, Table.ACTORS, _actor(f"Actor {number}-{k}")) == (1, 0)

    assert _run_together(add) == []

    names = store.read(pid, Table.ACTORS)["name"].tolist()
    assert len(names) == start + THREADS * per_person
    assert len(set(names)) == len(names)
    changes = store.changes(pid)
    assert len(changes) == THREADS * per_person
    assert Counter(changes["made_by"]) == {f"user{number}": per_person for number in range(THREADS)}
    logged = _logged_rows(store, pid)
    assert len(logged) == THREADS * per_person  # one row per change: an add touches nothing else
    for by, before, after in logged:
        assert before is None
        assert after["name"].startswith(f"Actor {by.removeprefix('user')}-"), (by, after["name"])


def test_ten_people_editing_different_actors_from_the_same_frame_all_land(demo_store):
    store, pid = demo_store
    loaded = store.read(pid, Table.ACTORS)
    names = loaded["name"].tolist()[:THREADS]

    def edit(number: int, barrier: threading.Barrier) -> None:
        mine = store.as_user(f"user{number}")
        seen = mine.read(pid, Table.ACTORS)  # everyone loads before anyone saves
        barrier.wait()
        edited = seen.copy()
        edited.loc[edited["name"] == names[number], "notes"] = f"note by user{number}"
        mine.replace(pid, Table.ACTORS, edited, based_on=seen)

    assert _run_together(edit) == []

    stored = store.read(pid, Table.ACTORS)
    expected = loaded.copy()
    for number, name in enumerate(names):
        expected.loc[expected["name"] == name, "notes"] = f"note by user{number}"
    pd.testing.assert_frame_equal(stored, expected)  # every note landed, nothing else moved
    assert Counter(store.changes(pid)["made_by"]) == {f"user{number}": 1 for number in range(THREADS)}


def test_ten_people_changing_the_same_cell_at_once_one_lands_and_nine_are_told(demo_store):
    store, pid = demo_store
    loaded = store.read(pid, Table.ACTORS)
    meridian = loaded.index[loaded["name"] == "Meridian Devices"]
    landed: list[int] = []
    refused: list[ConflictError] = []

    def edit(number: int, barrier: threading.Barrier) -> None:
        edited = loaded.copy()
        edited.loc[meridian, "notes"] = f"note by user{number}"
        barrier.wait()
        try:
            store.as_user(f"user{number}").replace(pid, Table.ACTORS, edited, based_on=loaded)
            landed.append(number)
        except ConflictError as error:
            refused.append(error)

    assert _run_together(edit) == []

    assert len(landed) == 1, "two saves over the same cell both landed: one was lost"
    assert len(refused) == THREADS - 1
    [winner] = landed
    stored = store.read(pid, Table.ACTORS)
    assert stored.loc[stored["name"] == "Meridian Devices", "notes"].item() == f"note by user{winner}"
    assert all(f"user{winner}" in str(error) for error in refused)
    assert store.changes(pid)["made_by"].tolist() == [f"user{winner}"]


_ADDER = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {root!r})
    import pandas as pd
    from core.store import Store, Table
    store = Store({location!r}, user={who!r})
    print("ready", flush=True)
    sys.stdin.readline()  # the go signal
    for k in range({count}):
        store.upsert({pid}, Table.ACTORS, pd.DataFrame({{"name": [f"{who} {{k}}"], "type": ["ngo"]}}))
    print("done", flush=True)
    """
)


def test_two_processes_and_this_one_adding_at_once_all_land(demo_store):
    # On a DuckDB file only one process holds the file at a time; the others wait
    # for it (the store retries the lock), and every write must still land.
    store, pid = demo_store
    start = len(store.read(pid, Table.ACTORS))
    store.release()  # a DuckDB file is held by one process at a time: let the others in
    count = 20
    people = ["process one", "process two"]
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                _ADDER.format(root=str(ROOT), location=store.location, who=who, count=count, pid=pid),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for who in people
    ]
    try:
        for process in processes:
            assert process.stdout.readline().strip() == "ready", process.stderr.read()
        for process in processes:
            process.stdin.write("go\n")
            process.stdin.flush()
        mine = store.as_user("this process")
        for k in range(count):
            mine.upsert(pid, Table.ACTORS, _actor(f"this process {k}"))
        mine.release()
        outcomes = [process.communicate(timeout=120) for process in processes]
    finally:
        for process in processes:
            process.kill()
            process.wait()
    for process, (out, err) in zip(processes, outcomes, strict=True):
        assert process.returncode == 0, err
        assert out.strip() == "done"

    names = store.read(pid, Table.ACTORS)["name"].tolist()
    assert len(names) == start + 3 * count
    assert Counter(store.changes(pid)["made_by"]) == {who: count for who in [*people, "this process"]}
