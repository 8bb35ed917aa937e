"""The DuckDB store against real files: migrations, transactions, locks."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import duckdb
import pandas as pd
import pytest

from core.store import SPECS, Store, StoreBusyError, StoreError, Table
from core.store.migrations import MIGRATIONS


def _content(store: Store) -> dict[str, list[tuple]]:
    """Everything in the file, table by table, for before/after comparisons."""
    with store.connect() as connection:
        names = [row[0] for row in connection.execute("SELECT table_name FROM information_schema.tables").fetchall()]
        return {name: sorted(map(repr, connection.execute(f"SELECT * FROM {name}").fetchall())) for name in names}


def test_migrates_an_empty_file_to_the_declared_schema(tmp_path):
    store = Store(tmp_path / "new" / "k.duckdb")
    assert store.migrate() == [m.version for m in MIGRATIONS]
    assert store.schema_versions() == [m.version for m in MIGRATIONS]
    for table, table_spec in SPECS.items():
        assert store.columns(table) == ["partnership_id", *table_spec.names], table
    assert store.migrate() == []  # a second start applies nothing


def test_partnerships_can_be_created_renamed_duplicated_and_deleted(store):
    first = store.create_partnership("Seafood labour", "forced labour at sea")
    store.replace(first, Table.ACTORS, pd.DataFrame({"name": ["Port authority"], "type": ["government"]}))
    store.rename_partnership(first, "Seafood labour alliance")
    copy = store.duplicate_partnership(first, "Seafood copy")
    assert store.partnership(first)["name"] == "Seafood labour alliance"
    assert store.read(copy, Table.ACTORS)["name"].tolist() == ["Port authority"]
    store.delete_partnership(first)
    assert store.partnerships()["name"].tolist() == ["Seafood copy"]
    assert store.read(first, Table.ACTORS).empty
    assert store.read(copy, Table.ACTORS)["name"].tolist() == ["Port authority"]


def test_names_must_be_unique_and_present(store):
    store.create_partnership("Alpha")
    with pytest.raises(StoreError, match="already exists"):
        store.create_partnership("  alpha ")
    with pytest.raises(StoreError, match="needs a name"):
        store.create_partnership("   ")


def test_records_round_trip_with_their_types(store):
    pid = store.create_partnership("Types")
    frame = pd.DataFrame(
        {
            "name": ["A", "B"],
            "type": ["ngo", "company"],
            "interest": ["4", 2.5],
            "market_leader": ["yes", "no"],
        }
    )
    store.replace(pid, Table.ACTORS, frame)
    stored = store.read(pid, Table.ACTORS)
    assert stored["interest"].tolist() == [4.0, 2.5]
    assert stored["market_leader"].tolist() == [True, False]
    assert stored["sector"].isna().all()


def test_a_failed_write_leaves_the_file_exactly_as_it_was(demo_store):
    store, pid = demo_store
    before = _content(store)
    broken = pd.DataFrame({"name": ["X"], "type": ["ngo"]})
    with pytest.raises(duckdb.Error), store.transaction() as connection:
        connection.execute("DELETE FROM actors WHERE partnership_id = ?", [pid])
        connection.execute("INSERT INTO no_such_table VALUES (1)")
    assert _content(store) == before
    # replace_many: the second table fails to convert, the first must not land
    with pytest.raises(ValueError, match="not a table"):
        store.replace_many(pid, {Table.ACTORS: broken, "not a table": broken})
    assert _content(store) == before


def test_upsert_updates_by_name_and_keeps_other_columns(store):
    pid = store.create_partnership("Upsert")
    store.replace(pid, Table.ACTORS, pd.DataFrame({"name": ["River NGO"], "type": ["ngo"], "market_leader": ["no"]}))
    added, updated = store.upsert(
        pid, Table.ACTORS, pd.DataFrame({"name": ["river ngo ", "Plant"], "type": ["community", "company"]})
    )
    assert (added, updated) == (1, 1)
    stored = store.read(pid, Table.ACTORS).set_index("name")
    assert stored.loc["River NGO", "type"] == "community"
    assert not stored.loc["River NGO", "market_leader"]
    assert list(stored.index) == ["River NGO", "Plant"]


def test_answers_are_stored_per_topic(store):
    pid = store.create_partnership("Answers")
    assert store.answers(pid, "governance") == {}
    store.save_answers(pid, "governance", {"purpose": "standards", "horizon": 10})
    store.save_answers(pid, "governance", {"purpose": "community"})
    assert store.answers(pid, "governance") == {"purpose": "community"}


def test_user_text_is_data_not_sql(store):
    pid = store.create_partnership("Robert'); DROP TABLE actors; --")
    store.replace(pid, Table.ACTORS, pd.DataFrame({"name": ["x'); DELETE FROM partnerships; --"], "type": ["ngo"]}))
    assert store.read(pid, Table.ACTORS)["name"].tolist() == ["x'); DELETE FROM partnerships; --"]
    assert store.partnerships()["name"].tolist() == ["Robert'); DROP TABLE actors; --"]


def test_a_lock_held_by_another_process_is_reported_in_plain_words(store, monkeypatch):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import duckdb, sys, time
                connection = duckdb.connect({str(store.path)!r})
                print("held", flush=True)
                time.sleep(30)
                """
            ),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        monkeypatch.setattr("core.store.store._LOCK_RETRY_SECONDS", 0.3)
        with pytest.raises(StoreBusyError) as caught:
            store.partnerships()
        message = str(caught.value)
        assert str(store.path) in message
        assert f"process {holder.pid}" in message
        assert "Traceback" not in message
    finally:
        holder.kill()
        holder.wait()
    assert store.partnerships().empty  # usable again once the holder is gone


def test_a_lock_released_during_the_retry_window_is_waited_for(store):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, time; c = duckdb.connect({str(store.path)!r}); print('held', flush=True); "
            "time.sleep(0.8); c.close(); time.sleep(5)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        assert store.partnerships().empty
    finally:
        holder.kill()
        holder.wait()
