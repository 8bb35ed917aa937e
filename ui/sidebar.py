"""Sidebar: choose and manage partnerships, switch presentation mode."""

from __future__ import annotations

import streamlit as st

from core.access import Need, Role, SignIn
from core.conventions import escape_markdown
from core.store import AccessError, Store, default_user
from ui import members_panel, sign_in, state

_CHOICE = "partnership_choice"
_NAME = "user_name_input"
_ANYONE = {"Create", "Duplicate"}  # renaming and deleting are an owner's


def partnership_picker(store: Store) -> None:
    """Keep ``state.PARTNERSHIP`` pointing at an existing partnership."""
    partnerships = store.partnerships()
    if partnerships.empty and state.team_mode():  # nobody has added them to a partnership yet
        _no_partnership_yet(store)
    if partnerships.empty:  # everything deleted: start again from a blank one
        st.session_state[state.PARTNERSHIP] = store.create_partnership("New partnership")
        partnerships = store.partnerships()
    ids = [int(value) for value in partnerships["id"]]
    names = dict(zip(ids, partnerships["name"], strict=True))
    if st.session_state.get(state.PARTNERSHIP) not in ids:  # a new session: a reload or a shared link
        st.session_state[state.PARTNERSHIP] = _from_address(store, ids) or ids[0]
    # The address names the partnership, so a reload or a copied link opens the same one.
    if st.query_params.get(state.PARTNERSHIP_PARAMETER) != str(st.session_state[state.PARTNERSHIP]):
        st.query_params[state.PARTNERSHIP_PARAMETER] = str(st.session_state[state.PARTNERSHIP])

    # The partnership id is the source of truth; the widget mirrors it so a
    # partnership created or copied elsewhere shows up as chosen.
    st.session_state[_CHOICE] = st.session_state[state.PARTNERSHIP]
    st.sidebar.selectbox("Partnership", ids, format_func=names.__getitem__, key=_CHOICE, on_change=_choose)
    if state.team_mode():
        _signed_in_as(store)
    if not state.presenting():
        if state.user_is_chosen_here():
            st.session_state[_NAME] = st.session_state[state.USER]
            st.sidebar.text_input(
                "Your name",
                key=_NAME,
                on_change=_name,
                max_chars=80,
                help="Your changes are recorded under this name, and Undo takes back only yours.",
            )
        with st.sidebar.expander("Manage partnerships"):
            _manage(store, state.partnership_id(), names[state.partnership_id()])


def _from_address(store: Store, ids: list[int], instead: str = " Your own partnership opened instead.") -> int | None:
    """The partnership a link names, if the person may see it; a refused link is logged and said."""
    text = st.query_params.get(state.PARTNERSHIP_PARAMETER, "")
    if not text.isdigit():
        return None
    if int(text) not in ids:
        try:
            store.check(int(text), Need.SEE)  # a deleted one, or (team mode) one the person is not in
        except AccessError as error:
            st.warning(escape_markdown(str(error)) + instead, icon=":material/lock:")
        return None
    return int(text)


def _no_partnership_yet(store: Store) -> None:
    _from_address(store, [], instead="")  # a link to someone else's partnership is refused, logged and said first
    st.info(
        "You are not a member of any partnership yet. Ask a partnership's owner to add you, "
        "or create one below: you will be its owner.",
        icon=":material/group_add:",
    )
    with st.form("first_partnership", border=False):
        name = st.text_input("Name of the new partnership")
        if st.form_submit_button("Create"):
            state.act(lambda: _select(store.create_partnership(name)), f"Created “{name.strip()}”")
    st.stop()


def _signed_in_as(store: Store) -> None:
    role = store.role(state.partnership_id()) if st.session_state.get(state.PARTNERSHIP) else None
    said = f"Signed in as **{escape_markdown(store.user)}**" + (f", {role.value} here" if role else "")
    st.sidebar.caption(said, help=role.may.capitalize() + "." if role else None)
    if not state.presenting() and sign_in.sign_in() is not SignIn.HEADER:  # behind a proxy, the portal signs out
        st.sidebar.button("Sign out", on_click=sign_in.sign_out, key="sign_out")


def _choose() -> None:
    st.session_state[state.PARTNERSHIP] = st.session_state[_CHOICE]


def _name() -> None:
    st.session_state[state.USER] = " ".join(st.session_state[_NAME].split()) or default_user()


def _manage(store: Store, partnership_id: int, name: str) -> None:
    owner = store.role(partnership_id) is Role.OWNER
    actions = [action for action in ("Create", "Rename", "Duplicate", "Delete") if owner or action in _ANYONE]
    actions += ["Members"] if state.team_mode() else []
    action = st.radio("Action", actions, horizontal=True, label_visibility="collapsed")
    if action == "Members":
        members_panel.show(store, partnership_id, owner)
        return
    if action == "Create":
        with st.form("create_partnership", clear_on_submit=True, border=False):
            new_name = st.text_input("Name of the new partnership")
            problem = st.text_input("Problem area (optional)")
            if st.form_submit_button("Create"):
                state.act(lambda: _select(store.create_partnership(new_name, problem)), f"Created “{new_name.strip()}”")
    elif action == "Rename":
        with st.form("rename_partnership", border=False):
            new_name = st.text_input("New name", value=name)
            if st.form_submit_button("Rename"):
                state.act(
                    lambda: store.rename_partnership(partnership_id, new_name), f"Renamed to “{new_name.strip()}”"
                )
    elif action == "Duplicate":
        with st.form("duplicate_partnership", border=False):
            new_name = st.text_input("Name of the copy", value=f"{name} (copy)")
            if st.form_submit_button("Duplicate"):
                state.act(
                    lambda: _select(store.duplicate_partnership(partnership_id, new_name)),
                    f"Copied to “{new_name.strip()}”",
                )
    elif st.button("Delete this partnership…", type="secondary"):
        _confirm_delete(store, partnership_id, name)


def _select(partnership_id: int) -> None:
    st.session_state[state.PARTNERSHIP] = partnership_id


@st.dialog("Delete partnership")
def _confirm_delete(store: Store, partnership_id: int, name: str) -> None:
    st.write(f"Delete **{escape_markdown(name)}** and every record in it? This cannot be undone.")
    typed = st.text_input("Type the partnership's name to confirm")
    if st.button("Delete for good", type="primary", disabled=typed.strip() != name):
        store.delete_partnership(partnership_id)
        st.session_state[state.PARTNERSHIP] = None
        state.flash(f"Deleted “{name}”", icon="🗑️")
        st.rerun()


def presentation_switch() -> None:
    st.sidebar.toggle(
        "Presentation mode",
        key=state.PRESENTING,
        help="Large type and high contrast for a projector; editing controls and this sidebar are hidden.",
    )
    if state.presenting():  # in the address too, so a reload keeps the wall's view
        st.query_params[state.PRESENT_PARAMETER] = "1"
    elif state.PRESENT_PARAMETER in st.query_params:
        del st.query_params[state.PRESENT_PARAMETER]
