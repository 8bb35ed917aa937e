"""Undo restores the exact previous state; backups copy and restore the whole file.

Undo runs on both back-ends; backups are copies of a DuckDB file, so those
tests use ``duckdb_demo_store``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from core.store import SPECS, Store, StoreError, Table
from core.store.backups import backup, list_backups, restore_backup
from tests.helpers import ROOT


@pytest.fixture
def duckdb_demo_store(tmp_path: Path, templates: dict[str, Path]) -> Iterator[tuple[Store, int]]:
    """The demo in a DuckDB file; returns (store, the demo's id)."""
    store = Store(shutil.copyfile(templates["demo"], tmp_path / "keystone.duckdb"))
    yield store, int(store.partnerships()["id"].iloc[0])
    store.release()


def _everything(store: Store, pid: int) -> dict[Table, pd.DataFrame]:
    return store.read_many(pid, list(SPECS))


def _assert_same(left: dict[Table, pd.DataFrame], right: dict[Table, pd.DataFrame]) -> None:
    assert left.keys() == right.keys()
    for table in left:
        pd.testing.assert_frame_equal(left[table], right[table], check_exact=True, obj=table.value)


def test_undo_restores_every_table_exactly(demo_store):
    store, pid = demo_store
    before = _everything(store, pid)
    answers_before = store.answers(pid, "governance")
    assert len(before[Table.ACTORS]) == 46
    assert store.undo_last(pid) is None  # a fresh demo has no change to undo
    # A bulk edit touching several kinds at once.
    store.replace_many(
        pid,
        {
            Table.ACTORS: before[Table.ACTORS].iloc[:3],
            Table.OBSERVATIONS: before[Table.OBSERVATIONS].iloc[0:0],
            Table.STATEMENTS: pd.DataFrame({"version": [1], "text": ["x"], "saved_at": ["2026-01-02 03:04:05.678901"]}),
        },
        reason="a bulk edit",
    )
    assert len(store.read(pid, Table.ACTORS)) == 3
    assert store.undo_last(pid) == "a bulk edit"
    _assert_same(_everything(store, pid), before)
    assert store.answers(pid, "governance") == answers_before
    assert store.undo_last(pid) is None  # the bulk edit is undone; the undo itself is not undone by undo_last


def test_undo_takes_back_only_the_latest_change_whatever_kind_it_was(demo_store):
    # Found in review: Undo restored the last *import* and wiped later edits that took no snapshot.
    store, pid = demo_store
    actors = store.read(pid, Table.ACTORS)
    store.replace(pid, Table.ACTORS, actors.iloc[:5], reason="an import")
    after_import = _everything(store, pid)
    ratings = pd.DataFrame({"participant": ["Ana"], "cause": ["Aggregator margins"], "rating": [4]})
    store.replace(pid, Table.RATINGS, ratings)
    store.save_answers(pid, "governance", {"chosen_model": "ngo_led"})

    assert store.changes(pid)["reason"].tolist() == [
        "saving the governance answers",
        "saving root-cause ratings",
        "an import",
    ]
    assert store.undo_last(pid) == "saving the governance answers"
    assert store.answers(pid, "governance") != {"chosen_model": "ngo_led"}
    assert len(store.read(pid, Table.RATINGS)) == 1  # the ratings typed after the import survive
    assert store.undo_last(pid) == "saving root-cause ratings"
    _assert_same(_everything(store, pid), after_import)


def test_undo_keeps_timestamps_floats_and_missing_values(store):
    pid = store.create_partnership("Precise")
    statements = pd.DataFrame(
        {"version": [1, 2], "text": ["a", "b"], "saved_at": ["2026-01-02 03:04:05.678901", None], "parts": [None, "{}"]}
    )
    outcomes = pd.DataFrame(
        {"metric": ["m", "n"], "baseline": [0.1 + 0.2, None], "target": [None, 7.0], "due_date": ["2027-12-31", None]}
    )
    store.replace_many(pid, {Table.STATEMENTS: statements, Table.OUTCOMES: outcomes})
    before = _everything(store, pid)
    store.replace_many(pid, {Table.STATEMENTS: statements.iloc[:0], Table.OUTCOMES: outcomes.iloc[:0]})
    assert store.read(pid, Table.OUTCOMES).empty
    store.undo_last(pid)
    after = _everything(store, pid)
    _assert_same(after, before)
    assert after[Table.OUTCOMES]["baseline"].iloc[0] == 0.1 + 0.2
    assert after[Table.STATEMENTS]["saved_at"].iloc[0] == pd.Timestamp("2026-01-02 03:04:05.678901")


def test_the_change_log_keeps_every_change_of_each_partnership_apart(demo_store):
    store, pid = demo_store
    other = store.create_partnership("Other")
    store.save_answers(other, "funding", {"stage": "pilot"})
    saves = 12  # more than the 10 snapshots the store used to keep: nothing is pruned now
    for number in range(saves):
        store.save_answers(pid, "funding", {"stage": "pilot", "edit": number})

    listed = store.changes(pid)
    assert len(listed) == saves
    assert set(listed["reason"]) == {"saving the funding answers"}
    assert listed["id"].is_monotonic_decreasing  # newest first
    assert store.changes(other)["reason"].tolist() == ["saving the funding answers"]

    # Undo walks back one of my changes at a time, in this partnership only.
    assert store.undo_last(pid) == "saving the funding answers"
    assert store.answers(pid, "funding") == {"stage": "pilot", "edit": saves - 2}
    assert store.undo_last(pid) == "saving the funding answers"
    assert store.answers(pid, "funding") == {"stage": "pilot", "edit": saves - 3}
    assert store.answers(other, "funding") == {"stage": "pilot"}
    assert store.undo_last(other) == "saving the funding answers"
    assert store.answers(other, "funding") == {}
    assert store.answers(pid, "funding") == {"stage": "pilot", "edit": saves - 3}

    listed = store.changes(pid)
    assert len(listed) == saves + 2  # each undo is itself a change
    assert listed["reason"].tolist()[:2] == ["undo saving the funding answers"] * 2
    assert listed["undoes"].notna().sum() == 2
    assert listed["undone_by"].notna().sum() == 2


def test_backup_and_restore_replace_the_whole_file(duckdb_demo_store, tmp_path):
    store, pid = duckdb_demo_store
    folder = tmp_path / "backups"
    first = backup(store, folder, now=datetime(2026, 11, 1, 9, 30))
    assert first.name == "keystone-2026-11-01_093000_000000.duckdb"
    store.create_partnership("Added after the backup")
    store.replace(pid, Table.ACTORS, store.read(pid, Table.ACTORS).iloc[:1])
    assert len(store.partnerships()) == 2

    safety = restore_backup(store, first, folder)
    assert list(store.partnerships()["name"]) == ["Ocean-bound plastic in electronics (demo)"]
    assert len(store.read(pid, Table.ACTORS)) == 46
    assert store.changes(pid).empty  # the change log is part of the file: restored too
    listed = list_backups(store, folder)
    assert [item.path for item in listed] == [safety, first]  # newest first
    assert listed[1].taken_at == datetime(2026, 11, 1, 9, 30)
    # The safety copy holds the state just before the restore.
    restore_backup(store, safety, folder)
    assert len(store.partnerships()) == 2
    assert len(store.read(pid, Table.ACTORS)) == 1


def test_restore_refuses_a_file_that_is_not_a_keystone_database(duckdb_demo_store, tmp_path):
    store, _ = duckdb_demo_store
    bogus = tmp_path / "keystone-2026-01-01_000000_000000.duckdb"
    bogus.write_bytes(b"not a database")
    with pytest.raises(StoreError, match="not a Keystone database"):
        restore_backup(store, bogus, tmp_path / "backups")
    assert len(store.partnerships()) == 1


def test_restore_refuses_a_database_that_only_looks_like_keystone(duckdb_demo_store, tmp_path):
    # Issue 21: a file with just partnerships(id, name) passed the check, replaced the live file,
    # and every page then failed.
    store, pid = duckdb_demo_store
    foreign = tmp_path / "keystone-2026-01-01_000000_000000.duckdb"
    connection = duckdb.connect(str(foreign))
    connection.execute("CREATE TABLE partnerships (id INTEGER, name VARCHAR)")
    connection.execute("INSERT INTO partnerships VALUES (1, 'Imposter')")
    connection.close()
    before = store.read(pid, Table.ACTORS)
    with pytest.raises(StoreError, match="not a Keystone database"):
        restore_backup(store, foreign, tmp_path / "backups")
    pd.testing.assert_frame_equal(store.read(pid, Table.ACTORS), before)
    assert list_backups(store, tmp_path / "backups") == []  # refused before the safety copy


def test_a_full_disk_leaves_no_half_backup_and_says_so(duckdb_demo_store, tmp_path):
    # A real write failure: the child process may write files of at most 64 KB (the database is larger).
    store, _ = duckdb_demo_store
    folder = tmp_path / "backups"
    script = textwrap.dedent(
        f"""
        import resource, signal
        from core.store import Store, StoreError
        from core.store.backups import backup
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a too-large write fails with an error instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (65536, 65536))
        try:
            backup(Store({str(store.path)!r}), __import__("pathlib").Path({str(folder)!r}))
        except StoreError as error:
            print("REFUSED", error)
        """
    )
    store.release()
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith("REFUSED The backup could not be written"), done.stdout
    assert "free some disk space" in done.stdout
    assert list_backups(store, folder) == [] and not list(folder.glob("*.partial"))
    assert len(store.partnerships()) == 1  # the database itself is untouched


def test_backup_and_restore_while_others_save_lose_nothing_and_raise_nothing(duckdb_demo_store, tmp_path):
    # Issue 21: "Cannot CHECKPOINT: there are other write transactions active" escaped the buttons.
    store, pid = duckdb_demo_store
    folder = tmp_path / "backups"
    stop = threading.Event()
    failures: list[BaseException] = []
    saved: list[str] = []

    def writer(number: int) -> None:
        person = store.as_user(f"writer {number}")
        count = 0
        while not stop.is_set():
            name = f"Writer {number} org {count}"
            try:
                person.upsert(pid, Table.ACTORS, pd.DataFrame({"name": [name], "type": ["ngo"]}))
            except BaseException as error:  # every failure is reported below
                failures.append(error)
                return
            saved.append(name)
            count += 1

    threads = [threading.Thread(target=writer, args=(number,)) for number in range(3)]
    for thread in threads:
        thread.start()
    try:
        copies = [backup(store, folder, now=datetime(2026, 1, 1, 0, 0, second)) for second in range(3)]
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert failures == []
    assert len(saved) > 0
    for copy in copies:  # every copy is a whole database that opens
        assert len(Store(copy).partnerships()) == 1
        Store(copy).release()
    stored = set(store.read(pid, Table.ACTORS)["name"])
    assert set(saved) <= stored  # nothing a writer was told was saved is missing

    # Restore while writers run: they wait, then carry on in the restored file.
    stop.clear()
    saved.clear()
    threads = [threading.Thread(target=writer, args=(number,)) for number in range(3)]
    for thread in threads:
        thread.start()
    try:
        restore_backup(store, copies[0], folder)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert failures == []
    assert len(store.partnerships()) == 1


def test_a_file_cut_short_is_called_damaged_in_plain_words_by_the_command_line(duckdb_demo_store, tmp_path: Path):
    store, _ = duckdb_demo_store
    store.release()
    whole = store.path.read_bytes()
    cut = tmp_path / "cut.duckdb"
    cut.write_bytes(whole[: len(whole) // 2])  # a copy that stopped half way
    listing = tmp_path / "list.csv"
    listing.write_text("name,type\nHarbour Co-op,ngo\n")
    result = subprocess.run(
        [sys.executable, "-m", "core", "import", str(listing), "--partnership", "Cut", "--db", str(cut)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 1
    assert "is damaged" in result.stderr and "Restore the newest backup" in result.stderr
    assert "Traceback" not in result.stderr
    assert cut.read_bytes() == whole[: len(whole) // 2]  # looked at, never written
