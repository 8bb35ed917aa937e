"""What every answer screen on a phone uses: sending within the rate, the participant's own answers, big buttons.

A phone is tapped with a thumb while the room talks, so every choice is a
full-width button and a question asked item by item has Previous and Next.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from core.conventions import escape_markdown
from core.room.access import RoomInputError
from core.room.activities import Activity
from core.room.limits import RateLimit
from core.store import Store, StoreError, room

__all__ = ["answer_rate", "big_choice", "my_answers", "send", "steps"]


@st.cache_resource
def answer_rate() -> RateLimit:
    """One per process: a participant may send at most 30 answers a minute."""
    return RateLimit(most=30, seconds=60)


def send(me: room.Participant, write: Callable[..., object], *args: object, **values: object) -> bool:
    """Run one submission, ``write(*args, **values)``, within the participant's rate; say why when it cannot land."""
    if not answer_rate().allow(me.token):
        st.warning(f"You are sending answers very fast. Wait {answer_rate().wait(me.token):.0f} seconds and try again.")
        return False
    try:
        write(*args, **values)
    except (RoomInputError, StoreError) as error:
        st.error(escape_markdown(str(error)))
        return False
    return True


def my_answers(store: Store, session: room.Session, me: room.Participant, activity: Activity) -> pd.DataFrame:
    """What this participant has answered to ``activity`` in the session, oldest first."""
    answers = room.answers(store, session, activity.value)
    return answers[answers["participant_id"] == me.id]


def steps(key: str, at: int, count: int, noun: str) -> None:
    """Previous and Next, for a question asked one item per screen."""
    back, forward = st.columns(2)
    if back.button(f"Previous {noun}", icon=":material/arrow_back:", disabled=at == 0, width="stretch"):
        st.session_state[key] = at - 1
        st.rerun()
    if forward.button(f"Next {noun}", icon=":material/arrow_forward:", disabled=at == count - 1, width="stretch"):
        st.session_state[key] = at + 1
        st.rerun()


def big_choice(options: dict, given: object, key: str) -> object | None:
    """One full-width button per option, the given one marked; return the option tapped, if any."""
    picked = None
    for option, label in options.items():
        chosen = option == given
        if st.button(
            label, key=f"{key}_{option}", width="stretch", type="primary" if chosen else "secondary",
            icon=":material/check:" if chosen else None,
        ):  # fmt: skip
            picked = option
    return picked
