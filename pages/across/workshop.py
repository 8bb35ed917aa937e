"""Workshop: the partnership one step per screen, for a facilitated session."""

import streamlit as st

from core.across.readiness import readiness_of
from core.steps import STEPS
from ui import state
from ui.across import scorecard, workshop
from ui.page import step_header

SCREEN = "workshop_screen"
LAST = len(STEPS) + 1  # the six steps, then where the partnership stands

store = state.store()
partnership_id = state.partnership_id()
screen = min(max(int(st.session_state.get(SCREEN, 1)), 1), LAST)


def go(to: int) -> None:
    st.session_state[SCREEN] = to


# wide enough for the labels at 1280 px in large type
back, middle, forward = st.columns([2, 5, 2], vertical_alignment="center")
back.button(
    "Previous", icon=":material/arrow_back:", disabled=screen == 1, on_click=go, args=(screen - 1,), key="ws_prev"
)
middle.progress(screen / LAST, text=f"Screen {screen} of {LAST}")
forward.button(
    "Next", icon=":material/arrow_forward:", disabled=screen == LAST, on_click=go, args=(screen + 1,), key="ws_next"
)

if screen <= len(STEPS):
    slug = STEPS[screen - 1].slug
    step_header(slug)
    workshop.show_headline(store, partnership_id, slug)
else:
    st.html('<div class="ks-step">Workshop wrap-up</div>')
    st.title("Where we stand")
    scorecard.scorecard(readiness_of(store, partnership_id), links=False)
    workshop.captured_today(store, partnership_id)

with st.expander(
    "Quick capture: add what the room says (actors, ties, causes, barriers, ratings, evidence, commitments)"
):
    workshop.quick_capture(store, partnership_id)
