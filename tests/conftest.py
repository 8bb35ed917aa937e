"""Shared fixtures: a real DuckDB file per test, and the app under AppTest."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core.across.demo import seed_demo
from core.store import Store

ROOT = Path(__file__).resolve().parents[1]

PAGES = {
    "home": "pages/home.py",
    "system_map": "pages/system_map.py",
    "problem": "pages/problem.py",
    "partners": "pages/partners.py",
    "governance": "pages/governance.py",
    "metrics_funding": "pages/metrics_funding.py",
    "pilots_scaling": "pages/pilots_scaling.py",
}


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """An empty, migrated store in a fresh file."""
    store = Store(tmp_path / "keystone.duckdb")
    store.migrate()
    return store


@pytest.fixture
def demo_store(store: Store) -> tuple[Store, int]:
    """A store holding the demo partnership; returns (store, its id)."""
    return store, seed_demo(store)


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A factory for AppTest runs of the real app on a fresh database file."""
    monkeypatch.setenv("KEYSTONE_DB", str(tmp_path / "app.duckdb"))
    monkeypatch.chdir(ROOT)

    def start(page: str | None = None) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.run()
        if page is not None:
            at.switch_page(PAGES.get(page, page)).run()
        return at

    return start
