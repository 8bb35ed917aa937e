"""Keystone: the entry point and router.

Run with ``./keystone run`` (``python -m ui.launch``, see :mod:`ui.launch`). Sets shared session state once, draws
the sidebar (partnership picker, presentation switch) and routes to the
page of each step. The pages come from the one registry, ``core.steps``;
they live in sub-folders of ``pages/`` so that Streamlit's legacy pages
mode (which runs any ``pages/*.py`` alone) finds nothing to run.
"""

import streamlit as st

from core.conventions import escape_markdown
from core.steps import ACROSS, HOME, STEPS
from core.store import StoreError
from ui import presenter, recovery, sidebar, sign_in, state, theme
from ui.room import gate, participant

st.set_page_config(page_title="Keystone", page_icon="assets/icon.png", layout="wide")
state.init()

# A live room's participant, or a stranger on a room server, gets one page and nothing else:
# no sidebar, no other page, no other partnership (ui/room/gate.py says who is who).
visitor = gate.visitor()
if visitor is not gate.Visitor.FACILITATOR:
    only = (
        st.Page(participant.show, title="Keystone live", default=True)
        if visitor is gate.Visitor.PARTICIPANT
        else st.Page(gate.closed_door, title="Keystone live", default=True)
    )
    door = st.navigation([only], position="hidden")
    theme.apply_phone()
    try:
        door.run()
    except StoreError as error:
        st.error(escape_markdown(str(error)))
    st.stop()

# Team mode: nobody sees a page, a partnership's name or its data before signing in
# (a live room's participants, above, come in by the session's join code instead).
if not sign_in.admitted():
    st.navigation([st.Page(sign_in.door, title="Sign in", default=True)], position="hidden").run()
    st.stop()

# Navigation is declared before any widget: widgets drawn earlier get new
# ids on the first rerun and lose their input (seen with sidebar forms).
page = st.navigation(
    {
        "": [st.Page(HOME.page, title=HOME.title, icon=HOME.icon, default=True)],
        "The six steps": [st.Page(step.page, title=step.label, icon=step.icon) for step in STEPS],
        "Across partnerships": [st.Page(place.page, title=place.title, icon=place.icon) for place in ACROSS],
    }
)

try:
    store = state.store()
    st.logo("assets/logo.svg")
    sidebar.partnership_picker(store)
    sidebar.presentation_switch()
except StoreError as error:  # the file is held by a batch job, or damaged: say so, offer a backup
    recovery.offer(error)
    st.stop()

theme.apply(state.presenting())
if state.presenting():
    presenter.bar(page.url_path)
state.show_flashes()
try:
    page.run()
except StoreError as error:  # a batch job took the file mid-page: say so, no traceback
    st.error(escape_markdown(str(error)))
