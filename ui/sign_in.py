"""The door of team mode: nobody sees a page until they have signed in.

Three ways in, as ``$KEYSTONE_SIGN_IN`` says (:class:`core.access.SignIn`):
a company proxy's header (the proxy has signed them in; without its header
nobody gets in), Keystone's own sign-in with a password kept as a hash, or
the company's identity provider through Streamlit's ``st.login``.
"""

from __future__ import annotations

import streamlit as st
from streamlit.errors import StreamlitAuthError

from core.access import SignIn, sign_in
from core.conventions import escape_markdown
from core.store import AccessError, StoreError
from core.store.members import password_is
from ui import state

__all__ = ["admitted", "door", "sign_out"]


def admitted() -> bool:
    """Whether this session may see the app: laptop mode, or someone has signed in."""
    try:
        return not state.team_mode() or bool(state.signed_in())
    except (StoreError, ValueError):  # a sign-in configured wrongly: the door says how
        return False


def door() -> None:
    """The only page before signing in (or the reason nobody can sign in)."""
    st.header("Keystone", anchor=False)
    try:
        mode = sign_in()
        state.signed_in()
    except ValueError as error:
        st.error(escape_markdown(f"Keystone's sign-in is not set up right: {error}"), icon=":material/lock:")
        return
    except StoreError as error:  # a header not configured, or an identity Keystone does not trust
        st.error(escape_markdown(str(error)), icon=":material/lock:")
        if sign_in() is SignIn.OIDC:
            st.button("Sign out", on_click=st.logout)
        return
    if mode is SignIn.HEADER:
        st.error("Sign in through your organisation's portal to use Keystone: no signed-in user was given.")
    elif mode is SignIn.OIDC:
        st.write("Keystone is shared by your partnership office. Sign in with your company account.")
        if st.button("Sign in with your company account", type="primary"):
            try:
                st.login()
            except StreamlitAuthError as error:  # no [auth] section in the secrets: say so, not a traceback
                st.error(escape_markdown(f"The company sign-in is not set up on this server yet: {error}"))
    else:
        _password_form()


def _password_form() -> None:
    st.write("Keystone is shared by your partnership office. Sign in to see your partnerships.")
    with st.form("sign_in"):
        person = st.text_input("Name or e-mail", max_chars=80)
        password = st.text_input("Password", type="password", max_chars=200)
        if not st.form_submit_button("Sign in", type="primary"):
            return
    store = state.shared_store()
    found = password_is(store, person, password) if person.strip() and password else None
    if found is None:
        try:  # the attempt is logged under the name typed, as any refusal is
            store.as_user(person or "(no name)").refuse(None, "sign in", "That name and password do not match.")
        except AccessError as error:
            st.error(escape_markdown(str(error)), icon=":material/lock:")
        return
    st.session_state[state.SIGNED_IN] = found
    st.rerun()


def sign_out() -> None:
    """End this browser's session (Keystone's sign-in), or the identity provider's (a button's callback)."""
    if sign_in() is SignIn.OIDC:
        st.logout()
    for key in list(st.session_state):  # nothing of this person's session is left for the next one at this screen
        del st.session_state[key]
