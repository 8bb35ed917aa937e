"""Session state: the keys every page shares, set once by ``app.py``."""

from __future__ import annotations

import streamlit as st

from core.across.demo import prepare
from core.store import Store, default_path
from ui.text import escape_markdown

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
