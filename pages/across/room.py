"""Live room: the room answers from their phones; the wall shows it as it comes in."""

import streamlit as st

from core.store import room
from ui import state
from ui.room import wall

store = state.store()
partnership_id = state.partnership_id()
session = room.open_session(store, partnership_id)

if not state.presenting():  # on the wall the presenter's bar names the page
    st.title("Live room")
if session is None:
    wall.start(store, partnership_id)
    st.stop()
joining, results = st.columns([1, 2.4], gap="large")
with joining:
    wall.join_panel(session)
with results:
    board, queue = st.container(), st.container()
    with queue:  # drawn first, so the live board above knows which proposals the queue shows
        wall.moderation(store, session)
    with board:
        wall.live(store, session)
if not state.presenting():
    wall.controls(store, session)
