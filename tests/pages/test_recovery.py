"""A damaged database file: the app explains, offers the newest backups, and keeps the damaged file aside."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from core.store import Store, Table
from core.store.backups import backup, list_backups


@pytest.mark.parametrize(
    ("damaged", "said"),
    [
        (lambda whole: os.urandom(64 * 1024), "not a valid DuckDB database"),
        (lambda whole: whole[: len(whole) // 2], "is damaged: part of it cannot be read"),  # a copy cut short
    ],
    ids=["random-bytes", "cut-short"],
)
def test_a_damaged_database_starts_in_a_recovery_view_that_restores_a_backup(app, damaged, said):
    at = app()  # seeds the demo
    database = Path(os.environ["KEYSTONE_DB"])
    store = Store(database)
    pid = int(store.partnerships()["id"].iloc[0])
    actors = store.read(pid, Table.ACTORS)
    backup(store)
    store.release()
    damage = damaged(database.read_bytes())
    database.write_bytes(damage)

    at = app()  # a new session on the damaged file (the store is prepared again: a new server would do the same)
    assert not at.exception
    assert any(said in error.value.replace("\\", "") for error in at.error)
    assert [header.value for header in at.subheader] == ["Start again from a backup"]
    assert database.read_bytes() == damage  # looked at, never touched

    next(button for button in at.button if button.label == "Restore this backup").click().run()
    assert not at.exception
    restored = Store(database)
    assert len(restored.read(pid, Table.ACTORS)) == len(actors)
    aside = [path for path in database.parent.glob("*-damaged-*.duckdb")]
    assert len(aside) == 1 and aside[0].read_bytes() == damage
    assert len(list_backups(restored)) == 1  # the backup itself is still there
    assert at.title and "Ocean-bound" in at.title[0].value.replace("\\", "")


def test_without_a_backup_the_view_says_where_it_looked(app):
    app()
    database = Path(os.environ["KEYSTONE_DB"])
    Store(database).release()
    database.write_bytes(b"\x00" * 4096)
    at = app()
    assert not at.exception
    assert any("There is no backup" in info.value for info in at.info)
