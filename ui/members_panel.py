"""Who belongs to this partnership (team mode): everyone sees the members; owners add, change and remove them."""

from __future__ import annotations

import streamlit as st

from core.access import Role
from core.conventions import escape_markdown
from core.store import Store
from core.store.members import members, refusals, remove_member, set_member
from ui import state

__all__ = ["show"]


def show(store: Store, partnership_id: int, owner: bool) -> None:
    found = members(store, partnership_id)
    for person, role in zip(found["person"], found["role"], strict=True):
        st.markdown(f"- {escape_markdown(person)}: {role}")
    if not owner:
        st.caption("Only an owner chooses the members.")
        return
    with st.form("member", clear_on_submit=True, border=False):
        person = st.text_input("Person (as they sign in)", max_chars=80)
        role = st.selectbox("Role", list(Role), index=1, format_func=lambda role: f"{role.value}: {role.may}")
        if st.form_submit_button("Add or change"):
            state.act(lambda: set_member(store, partnership_id, person, role), f"{person.strip()} is now {role.value}")
    others = [person for person in found["person"] if person.lower() != store.user.lower()]
    if others:
        leaving = st.selectbox("Remove a member", others, index=None, placeholder="choose a person")
        if leaving and st.button(f"Remove {leaving}", key="remove_member"):
            state.act(lambda: remove_member(store, partnership_id, leaving), f"Removed {leaving}")
    refused = refusals(store, partnership_id)
    if len(refused):
        with st.popover(f"Refused attempts ({len(refused)})"):
            st.dataframe(refused[["refused_at", "person", "action"]], hide_index=True, placeholder="")
