"""Shared fixtures: a real DuckDB file per test, a real PostgreSQL server, and the app under AppTest.

Migrating and seeding the demo takes about a second; it is done once per
test session into template files (and template databases on the server), and
each test gets its own copy.
"""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core.across.demo import seed_demo
from core.store import Store
from tests.helpers import ROOT, page_path
from tests.postgres import PostgresServer


@pytest.fixture(scope="session")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """An empty migrated database and one holding the demo, made once per session."""
    folder = tmp_path_factory.mktemp("templates")
    empty = Store(folder / "empty.duckdb")
    empty.migrate()
    demo = Store(folder / "demo.duckdb")
    demo.migrate()
    seed_demo(demo)
    empty.release()  # closed, so the copies hold every committed row, not half of it in the WAL
    demo.release()
    return {"empty": empty.path, "demo": demo.path}


@pytest.fixture(scope="session")
def postgres(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PostgresServer]:
    """A PostgreSQL server for the session, with migrated ``empty`` and ``demo`` template databases."""
    with PostgresServer.start(tmp_path_factory.mktemp("postgres")) as server:
        for name, seed in (("empty", False), ("demo", True)):
            template = Store(server.create_database(f"template_{name}"))
            template.migrate()
            if seed:
                seed_demo(template)
            template.release()  # a template database must have no connections when it is copied
        yield server


_DATABASES = itertools.count()


def server_store(server: PostgresServer, template: str) -> Store:
    """A fresh database on the test server, copied from a template (``empty`` or ``demo``)."""
    return Store(server.create_database(f"test_{next(_DATABASES)}", template=f"template_{template}"))


@pytest.fixture
def store(tmp_path: Path, templates: dict[str, Path]) -> Store:
    """An empty, migrated store in a fresh file."""
    return Store(shutil.copyfile(templates["empty"], tmp_path / "keystone.duckdb"))


@pytest.fixture
def demo_store(tmp_path: Path, templates: dict[str, Path]) -> tuple[Store, int]:
    """A store holding the demo partnership; returns (store, its id)."""
    store = Store(shutil.copyfile(templates["demo"], tmp_path / "keystone.duckdb"))
    return store, int(store.partnerships()["id"].iloc[0])


@pytest.fixture
def app(tmp_path: Path, templates: dict[str, Path], monkeypatch: pytest.MonkeyPatch):
    """A factory for AppTest runs of the real app on a fresh copy of the demo database.

    ``start(page)`` opens the app, then the page named by its slug (``"governance"``,
    ``"portfolio"``) or its script path.
    """
    database = Path(shutil.copyfile(templates["demo"], tmp_path / "app.duckdb"))
    monkeypatch.setenv("KEYSTONE_DB", str(database))
    monkeypatch.chdir(ROOT)

    def start(page: str | None = None) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.run()
        if page is not None:
            at.switch_page(page_path(page)).run()
        return at

    return start
