"""Session state: the keys every page shares, set once by ``app.py``."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import streamlit as st

from core.across.demo import prepare
from core.conventions import escape_markdown
from core.store import Store, Table, default_path

PARTNERSHIP = "partnership_id"
PRESENTING = "presenting"
FLASH = "flash_messages"


@st.cache_resource(show_spinner="Preparing the Keystone database…")
def _store_for(path: str) -> Store:
    store = Store(path)
    prepare(store)
    return store


def store() -> Store:
    """The store for ``$KEYSTONE_DB``, migrated and seeded once per process."""
    return _store_for(str(default_path()))


def records(store: Store, partnership_id: int, tables: Iterable[Table]) -> dict[Table, pd.DataFrame]:
    """The partnership's records of ``tables``, read once per change.

    Every page loads through here. The cache key holds the partnership's
    ``updated_at``, which every write moves, so a widget rerun reads one row
    instead of every table, and a save (here or in another session) is seen
    at once.
    """
    stamp = str(store.partnership(partnership_id)["updated_at"])
    return _records(str(store.path), partnership_id, tuple(tables), stamp)


@st.cache_data(max_entries=64, show_spinner=False)
def _records(path: str, partnership_id: int, tables: tuple[Table, ...], stamp: str) -> dict[Table, pd.DataFrame]:
    del stamp  # part of the cache key only
    return Store(path).read_many(partnership_id, list(tables))


def init() -> None:
    """Set every shared key once; later runs keep what the user chose."""
    st.session_state.setdefault(PARTNERSHIP, None)
    st.session_state.setdefault(PRESENTING, False)
    st.session_state.setdefault(FLASH, [])


def partnership_id() -> int:
    """The partnership the user is working on (the sidebar keeps it valid)."""
    return int(st.session_state[PARTNERSHIP])


def presenting() -> bool:
    return bool(st.session_state.get(PRESENTING, False))


def flash(message: str, icon: str = "✅") -> None:
    """Queue a toast that survives the rerun following a save (shown as plain text)."""
    st.session_state.setdefault(FLASH, []).append((message, icon))


def show_flashes() -> None:
    for message, icon in st.session_state.get(FLASH, []):
        st.toast(escape_markdown(message), icon=icon)  # messages carry user names
    st.session_state[FLASH] = []
