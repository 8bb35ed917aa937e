"""The store against real databases: migrations, transactions, locks.

Most tests run on both back-ends (the ``store`` and ``demo_store`` fixtures);
the ones about a DuckDB file by nature use ``duckdb_store``.
"""

from __future__ import annotations

import itertools
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from core.store import SPECS, Store, StoreBusyError, StoreError, Table
from core.store.migrations import MIGRATIONS

_BLANK = itertools.count()


@pytest.fixture
def duckdb_store(tmp_path: Path, templates: dict[str, Path]) -> Iterator[Store]:
    """An empty, migrated store in a DuckDB file (for what only a file has: its lock)."""
    store = Store(shutil.copyfile(templates["empty"], tmp_path / "keystone.duckdb"))
    yield store
    store.release()


@pytest.fixture(params=["duckdb", "postgresql"])
def blank_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A store on a database nobody has migrated yet: a missing file, or a new empty server database."""
    if request.param == "postgresql":
        store = Store(request.getfixturevalue("postgres").create_database(f"blank_{next(_BLANK)}"))
    else:
        store = Store(tmp_path / "new" / "k.duckdb")
    yield store
    store.release()


def _content(store: Store) -> dict[str, list[str]]:
    """Every row of every table of the database, for before/after comparisons."""
    with store.connect() as connection:
        names = connection.rows(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name"
        )
        assert names, "no tables found: the comparison would prove nothing"
        return {name: sorted(map(repr, connection.rows(f"SELECT * FROM {name}"))) for (name,) in names}


def _columns(store: Store, table: str) -> list[str]:
    """The columns of a table that is not a record table (``Store.columns`` takes record tables only)."""
    with store.connect() as connection:
        rows = connection.rows(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position", [table]
        )
    return [name for (name,) in rows]


def test_migrates_an_empty_database_to_the_declared_schema(blank_store):
    assert blank_store.migrate() == [m.version for m in MIGRATIONS]
    assert blank_store.schema_versions() == [m.version for m in MIGRATIONS]
    for table, table_spec in SPECS.items():
        # ALTER TABLE ... ADD COLUMN appends, so row_id (migration 1000) comes last.
        assert blank_store.columns(table) == ["partnership_id", *table_spec.names, "row_id"], table
    assert _columns(blank_store, "changes") == [
        "id",
        "partnership_id",
        "made_by",
        "made_at",
        "reason",
        "undoes",
        "undone_by",
    ]
    assert _columns(blank_store, "change_rows") == ["change_id", "table_name", "row_id", "before", "after"]
    assert _columns(blank_store, "snapshots") == []  # gone with migration 1000
    assert blank_store.migrate() == []  # a second start applies nothing


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


def test_a_failed_write_leaves_the_database_exactly_as_it_was(demo_store, monkeypatch):
    store, pid = demo_store
    before = _content(store)
    # A database error inside a transaction comes out in plain words, and nothing of the block lands.
    with pytest.raises(StoreError, match="could not do that"), store.transaction() as connection:
        connection.execute("DELETE FROM actors WHERE partnership_id = ?", [pid])
        connection.execute("INSERT INTO no_such_table VALUES (1)")
    assert _content(store) == before
    # replace_many: the second table is not a table; the first must not land.
    broken = pd.DataFrame({"name": ["X"], "type": ["ngo"]})
    with pytest.raises(ValueError, match="not a table"):
        store.replace_many(pid, {Table.ACTORS: broken, "not a table": broken})
    assert _content(store) == before

    # A failure after the rows were written (while logging the change) takes the rows back too.
    def broken_log(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the change log failed")

    monkeypatch.setattr("core.store.changelog.record", broken_log)
    with pytest.raises(RuntimeError, match="the change log failed"):
        store.replace(pid, Table.ACTORS, broken, reason="a doomed save")
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
    store.save_answers(pid, "funding", {"stage": "pilot"})
    assert store.answers(pid, "governance") == {"purpose": "community"}
    assert store.answers(pid, "funding") == {"stage": "pilot"}


def test_user_text_is_data_not_sql(store):
    pid = store.create_partnership("Robert'); DROP TABLE actors; --")
    store.replace(pid, Table.ACTORS, pd.DataFrame({"name": ["x'); DELETE FROM partnerships; --"], "type": ["ngo"]}))
    assert store.read(pid, Table.ACTORS)["name"].tolist() == ["x'); DELETE FROM partnerships; --"]
    assert store.partnerships()["name"].tolist() == ["Robert'); DROP TABLE actors; --"]


def test_only_a_file_store_has_a_path(store):
    if store.on_server:
        assert store.location.startswith("postgresql://")
        with pytest.raises(StoreError, match="on a server"):
            store.path  # noqa: B018 - the property raises
    else:
        assert store.path == Path(store.location)
        assert store.path.exists()


def test_a_lock_held_by_another_process_is_reported_in_plain_words(duckdb_store, monkeypatch):
    store = duckdb_store
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
        monkeypatch.setattr("core.store.backend_duckdb._LOCK_RETRY_SECONDS", 0.3)
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


def test_a_lock_released_during_the_retry_window_is_waited_for(duckdb_store):
    store = duckdb_store
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
