"""Common page furniture: the step header, and tabs and expanders that run only while open."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from core.steps import step as step_named
from ui import state
from ui.editor import unsaved_editors

LAZY_EXPANDER = "open_"
"""The prefix of a lazy expander's key (a browser test knows by it that opening one reruns the page)."""


def step_header(slug: str) -> None:
    """Title, step number and the question the page answers."""
    step = step_named(slug)
    if not state.presenting():  # on the wall the presenter's bar says "1 System map": the title follows at once
        st.html(f'<div class="ks-step">Step {step.number} of 6</div>')
    st.title(step.title)
    st.html(f'<p class="ks-question">{step.question}</p>')


def lazy_tabs(key: str, sections: dict[str, Callable[[], None]]) -> None:
    """Tabs of which only the open one runs.

    Picking a tab reruns the page, so every later click pays for the tab in
    view rather than for all of them. ``key`` keeps the pick across reruns.
    Streamlit forgets the edits of an editor that is not drawn, so a tab left
    with unsaved edits keeps running, unseen, until they are saved.
    """
    tabs = st.tabs(list(sections), key=key, on_change="rerun")
    held = _holding_edits(key)
    for (name, show), tab in zip(sections.items(), tabs, strict=True):
        if not (tab.open or name in held):
            continue
        with tab:
            if tab.open and held - {name}:
                st.caption(f":material/edit_note: Your unsaved changes in {', '.join(sorted(held - {name}))} are kept.")
            show()
        if tab.open:
            st.session_state[f"{key}_shown"] = name


def lazy_expander(label: str, key: str, show: Callable[[], None]) -> None:
    """An expander whose content runs only while it is open; opening it reruns the page.

    For content that costs time or bytes on every run even when closed: a table
    of every actor, paths worked out between two of thousands.
    """
    box = st.expander(label, key=LAZY_EXPANDER + key, on_change="rerun")
    if box.open:
        with box:
            show()


def _holding_edits(key: str) -> set[str]:
    """The tabs to keep running: those shown while this session had edits it has not saved."""
    if not unsaved_editors():
        held: set[str] = set()
    else:
        held = st.session_state.get(f"{key}_held", set()) | {st.session_state.get(f"{key}_shown")} - {None}
    st.session_state[f"{key}_held"] = held
    return held
