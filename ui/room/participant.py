"""The participant's phone view: join under a name, then answer the open question, one thing per screen.

Everything is read and written through :mod:`core.store.room`; the session
and the partnership come from the join code alone, never from the address's
other parts. Text the participant types is stored as typed and shown escaped.
"""

from __future__ import annotations

import uuid

import streamlit as st

from core.conventions import escape_markdown
from core.room.access import NAME_LIMIT, RoomInputError, clean_name, new_secret, normal_code
from core.room.activities import Activity
from core.room.limits import RateLimit
from core.store import Store, StoreError, room
from ui import state
from ui.room import proposals, ratings
from ui.room.gate import JOIN, ME, closed_door

__all__ = ["show"]

_CHOSEN = "room_activity"
_NOT_OPEN = "This join code is not open: the session has ended, or the code is mistyped."
_ANYONE = "wrong codes"  # the one key of the wrong-code limit: nothing about a client is trusted


@st.cache_resource
def _wrong_codes() -> RateLimit:
    """One per process: 30 wrong join codes a minute, from anyone, so guessing a code takes years."""
    return RateLimit(most=30, seconds=60)


def show() -> None:
    store = state.shared_store()
    code, token = normal_code(st.query_params.get(JOIN)), st.query_params.get(ME, "")
    if token:  # someone who joined: a wrong code and a wrong token get the same answer, so trying tells nothing
        session = room.session_for_code(store, code)
        me = room.participant(store, session, token) if session else None
        if me is None:
            removed = session is not None and room.was_removed(store, session, token)
            st.error("The facilitator has removed you from this session." if removed else _NOT_OPEN)
            if not removed:
                closed_door()
            return
    else:  # a code typed or scanned: only here does the server learn whether a code is open, so only here it counts
        if _wrong_codes().wait(_ANYONE) > 0:
            st.error("Too many mistyped join codes on this server just now. Wait a minute, then try again.")
            return
        session, me = room.session_for_code(store, code), None
        if session is None:
            _wrong_codes().allow(_ANYONE)
            st.error(_NOT_OPEN)
            closed_door()
            return
    if me is None:
        _join(store, session)
        return
    st.caption(f"Keystone live · {escape_markdown(session.name)} · you are **{escape_markdown(me.name)}**")
    pulse = room.pulse(store, session, me.token)
    seen = pulse.open_activities if pulse else frozenset()
    _watch(store, session, me, seen)
    open_now = [activity for activity in Activity if activity.value in seen]  # in the facilitator's list's order
    if not open_now:
        st.subheader("Waiting for the facilitator to open a question")
        st.write("This screen changes by itself when one opens.")
        return
    activity = open_now[0]
    if len(open_now) > 1:
        activity = st.segmented_control(
            "Question", open_now, format_func=lambda a: a.label, key=_CHOSEN, default=open_now[0], width="stretch"
        ) or open_now[0]  # fmt: skip
    st.subheader(activity.prompt)
    answer = {
        Activity.RATE_CAUSES: ratings.rate_causes,
        Activity.RATE_LINKS: ratings.rate_links,
        Activity.SCORE_PARTNERS: ratings.score_partners,
        Activity.DOT_VOTE: ratings.dot_vote,
        Activity.PROPOSE: proposals.propose,
        Activity.COMMIT: proposals.commit,
        Activity.VOTE_GOVERNANCE: ratings.vote,
        Activity.VOTE_PATHWAY: ratings.vote,
    }[activity]
    answer(store, session, me, activity)


def _join(store: Store, session: room.Session) -> None:
    st.title("Join the live session")
    st.write(f"**{escape_markdown(session.name)}**")
    with st.form("room_join", border=False):
        name = st.text_input("Your name, as the room knows you", max_chars=NAME_LIMIT)
        anonymous = session.anonymous_allowed and st.checkbox("Take part without my name")
        if not st.form_submit_button("Join", type="primary", width="stretch"):
            return
    try:
        shown = f"Anonymous {uuid.uuid4().hex[:4]}" if anonymous else clean_name(name)
        token = new_secret()
        room.join(store, session, shown, token)
    except (RoomInputError, StoreError) as error:
        st.error(escape_markdown(str(error)))
        return
    st.query_params[ME] = token  # in the address: a reload or a dropped Wi-Fi keeps who you are
    st.rerun()


@st.fragment(run_every=3)
def _watch(store: Store, session: room.Session, me: room.Participant, seen: frozenset[str]) -> None:
    """Every few seconds, one small query: a question opened or closed, the session ended, you were removed?"""
    pulse = room.pulse(store, session, me.token)
    if pulse is None or not pulse.is_open or not pulse.present or pulse.open_activities != seen:
        st.rerun(scope="app")
