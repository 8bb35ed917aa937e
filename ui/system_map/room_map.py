"""The causal map as recorded, or with the strengths a live room gave its links: one choice for two tabs."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.conventions import counted, escape_markdown
from core.room import results
from core.room.activities import Activity
from core.store import Store, room

__all__ = ["RECORDED", "ROOM_MEAN", "chosen_links"]

RECORDED, ROOM_MEAN = "recorded", "room mean"  # the choice's values; its words name the session


def chosen_links(store: Store, partnership_id: int, links: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """The links to draw and run, and the room's strengths when the room's mean is chosen (else None).

    The newest session that rated links gives the mean; the choice is one
    widget key, so the causal loops and What-if tabs show the same map.
    """
    rated = room.latest_answers(store, partnership_id, Activity.RATE_LINKS.value)
    if rated is None:
        return links, None
    session, answers = rated
    strengths = results.link_strengths(answers)
    people = answers["participant_id"].nunique()
    words = {
        RECORDED: "As recorded",
        ROOM_MEAN: f"The room's mean from '{escape_markdown(session.name)}' ({counted(people, 'person', 'people')})",
    }
    choice = st.radio(
        "Links", list(words), format_func=words.get, horizontal=True, key="system_map_links", persist_state="page"
    )
    if choice != ROOM_MEAN:
        return links, None
    st.caption(
        f"{counted(len(strengths), 'link')} take the room's mean strength; the others keep the recorded one, "
        "and every link keeps the map's sign."
    )
    return results.mean_map(links, strengths), strengths
