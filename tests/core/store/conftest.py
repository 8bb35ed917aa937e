"""Every store test runs on both back-ends: a DuckDB file and a PostgreSQL database."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.store import Store, room
from tests.conftest import server_store

BACKENDS = ["duckdb", "postgresql"]


def _store(request: pytest.FixtureRequest, tmp_path: Path, templates: dict[str, Path], template: str) -> Store:
    if request.param == "postgresql":
        return server_store(request.getfixturevalue("postgres"), template)
    return Store(shutil.copyfile(templates[template], tmp_path / "keystone.duckdb"))


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path, templates) -> Iterator[Store]:
    """An empty, migrated store, on each back-end in turn."""
    store = _store(request, tmp_path, templates, "empty")
    yield store
    store.release()


@pytest.fixture(params=BACKENDS)
def demo_store(request, tmp_path, templates) -> Iterator[tuple[Store, int]]:
    """A store holding the demo partnership, on each back-end in turn; returns (store, its id)."""
    store = _store(request, tmp_path, templates, "demo")
    yield store, int(store.partnerships()["id"].iloc[0])
    store.release()


@pytest.fixture
def people(demo_store) -> tuple[Store, Store, int]:
    """Ana and Bob on the demo partnership: (ana's store, bob's store, the demo's id)."""
    store, pid = demo_store
    return store.as_user("ana"), store.as_user("bob"), pid


@pytest.fixture
def live(demo_store) -> tuple[Store, room.Session]:
    """A live session on the demo partnership, started by the facilitator 'fran', on each back-end in turn."""
    store, pid = demo_store
    facilitator = store.as_user("fran")
    return facilitator, room.start_session(facilitator, pid, "Workshop 2", "K7QM2X", anonymous_allowed=False)
