"""Who is asking: a participant with a join code, the facilitator, or a stranger.

On a laptop (``./keystone run``, listening on 127.0.0.1 only) everyone who
reaches the app is the laptop's user, as before. A room server
(``./keystone room``) listens on the room's network, so it admits only

- a participant: an address holding an open session's join code, which opens
  that session's participant view and nothing else;
- the facilitator: an address holding the facilitator's key, a long random
  token the server prints at start (as Jupyter does). Once checked, the key is
  kept in this session and put back in the address on every page.

Nothing else is trusted: not the client's IP address, not any header.
"""

from __future__ import annotations

import os
from enum import StrEnum
from urllib.parse import urlencode, urlsplit

import streamlit as st

from core.room.access import normal_code, same_secret

__all__ = ["JOIN", "KEY", "ME", "Visitor", "closed_door", "join_address", "visitor"]

ROOM_KEY_VARIABLE = "KEYSTONE_ROOM_KEY"
"""Set by ``./keystone room``: the facilitator's key. Unset on a laptop."""
ROOM_ADDRESS_VARIABLE = "KEYSTONE_ROOM_ADDRESS"
"""Set by ``./keystone room``: how phones reach this server (``http://192.168.1.20:8501``)."""

JOIN = "join"  # in the address: the session's join code
ME = "me"  # in the address: the participant's token, so a reload keeps who they are
KEY = "key"  # in the address: the facilitator's key (room server only)
_ADMITTED = "room_facilitator_admitted"


class Visitor(StrEnum):
    PARTICIPANT = "participant"
    FACILITATOR = "facilitator"
    STRANGER = "stranger"


def visitor() -> Visitor:
    """Who this session is, from its address (and, for the facilitator, a key checked once)."""
    if JOIN in st.query_params:
        return Visitor.PARTICIPANT
    key = os.environ.get(ROOM_KEY_VARIABLE)
    if not key:
        return Visitor.FACILITATOR  # a laptop: only its own user reaches 127.0.0.1
    if st.session_state.get(_ADMITTED) or same_secret(st.query_params.get(KEY), key):
        st.session_state[_ADMITTED] = True
        if st.query_params.get(KEY) != key:  # page links drop it; a reload or a copied link needs it
            st.query_params[KEY] = key
        return Visitor.FACILITATOR
    return Visitor.STRANGER


def join_address(code: str) -> str:
    """The address a participant opens to join with ``code``."""
    base = os.environ.get(ROOM_ADDRESS_VARIABLE)
    if not base:
        seen = urlsplit(st.context.url or "http://127.0.0.1:8501/")
        base = f"{seen.scheme}://{seen.netloc}"
    return f"{base.rstrip('/')}/?{urlencode({JOIN: code})}"


def closed_door() -> None:
    """What a stranger sees on a room server: a box for the join code, and nothing of anyone's data."""
    st.title("Keystone live")
    st.write("Type the join code shown on the wall.")
    with st.form("door", border=False):
        code = st.text_input("Join code", max_chars=12, placeholder="K7QM2X")
        if st.form_submit_button("Join", type="primary", width="stretch"):
            st.query_params.clear()
            st.query_params[JOIN] = normal_code(code)
            st.rerun()
