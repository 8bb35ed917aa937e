"""Phone questions answered in words: proposals for the map and commitments for the action plan.

A double tap sends a form twice; it is stored once (:func:`_submission`).
What the participant sent is listed below the form with the facilitator's
decision on it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pandas as pd
import streamlit as st

from core.conventions import escape_markdown, text
from core.room.access import TEXT_LIMIT, clean_text
from core.room.activities import Activity, ProposalKind, link_item, proposal_text
from core.store import Store, Table, room
from ui import state
from ui.room.answering import my_answers, send

__all__ = ["commit", "propose"]

_SUBMISSION = "room_submission"


def _submission() -> str:
    """The id of the form on screen: a double tap sends it twice, and it is stored once."""
    return st.session_state.setdefault(_SUBMISSION, uuid.uuid4().hex)


def _add(
    store: Store, session: room.Session, me: room.Participant, activity: Activity, text: tuple[str, str],
    **values: object,
) -> None:  # fmt: skip
    """Store the form on screen once; ``text`` is what was typed and what to call it if it cannot be taken."""
    typed, what = text
    room.add_answer(
        store, session, me, activity.value, _submission(), text=clean_text(typed, TEXT_LIMIT, what), **values
    )


def _sent() -> None:
    st.session_state.pop(_SUBMISSION, None)


def propose(store: Store, session: room.Session, me: room.Participant, activity: Activity) -> None:
    kind = st.segmented_control(
        "What are you proposing?", list(ProposalKind), format_func=lambda k: k.label, key="room_kind",
        default=ProposalKind.BARRIER, width="stretch",
    ) or ProposalKind.BARRIER  # fmt: skip
    with st.form("room_propose", clear_on_submit=True, border=False):
        if kind is ProposalKind.RELATION:
            name = _two_actors(store, session.partnership_id)
        else:
            name = st.text_input(f"The {kind.value}, in a few words", max_chars=TEXT_LIMIT)
        choices = kind.choices
        choice = (
            st.selectbox(_CHOICE_LABELS.get(kind, "Kind"), list(choices), format_func=choices.get) if choices else None
        )
        detail = st.text_area("Why, or what you know (optional)", max_chars=TEXT_LIMIT, height=90)
        if st.form_submit_button("Send to the facilitator", type="primary", width="stretch") and send(
            me, _add, store, session, me, activity, text=(name, f"The {kind.value}"), kind=kind.value,
            choice=choice, detail=" ".join(detail.split()) or None, status="pending",
        ):  # fmt: skip
            _sent()
            st.toast("Sent: the facilitator will add it, merge it or set it aside.", icon="✅")
    _my_list(
        store, session, me, activity, lambda row: f"{ProposalKind(row.kind).label}: {proposal_text(row.kind, row.text)}"
    )


_CHOICE_LABELS = {
    ProposalKind.ACTOR: "Type",
    ProposalKind.BARRIER: "Category",
    ProposalKind.EVIDENCE: "Kind",
    ProposalKind.RELATION: "How the first acts on the second",
}


def _two_actors(store: Store, partnership_id: int) -> str:
    """A relation's two ends, picked from the recorded actors; '' when they are the same one."""
    actors = state.records(store, partnership_id, (Table.ACTORS,))[Table.ACTORS]["name"].dropna().astype(str)
    names = sorted(actors, key=str.casefold)
    source = st.selectbox("From", names, index=None, placeholder="Pick an actor")
    target = st.selectbox("To", names, index=None, placeholder="Pick another actor")
    return link_item(source, target) if source and target and source != target else ""


def commit(store: Store, session: room.Session, me: room.Participant, activity: Activity) -> None:
    with st.form("room_commit", clear_on_submit=True, border=False):
        will = st.text_input("I will…", max_chars=TEXT_LIMIT)
        due = st.date_input("by", value=None, format="YYYY-MM-DD")
        committed = st.form_submit_button("Commit", type="primary", width="stretch")
        if committed and send(me, _add, store, session, me, activity, text=(will, "Your commitment"), due_date=due):
            _sent()
            st.toast("Committed: it goes into the action plan with you as owner.", icon="✅")
    _my_list(
        store, session, me, activity, lambda row: row.text + (f" (by {row.due_date:%d %b %Y})" if _dated(row) else "")
    )


def _dated(row: object) -> bool:
    return row.due_date is not None and not pd.isna(row.due_date)


def _my_list(
    store: Store, session: room.Session, me: room.Participant, activity: Activity, describe: Callable[[object], str]
) -> None:
    mine = my_answers(store, session, me, activity)
    if mine.empty:
        return
    st.markdown("**What you sent**")
    for row in mine.itertuples():
        status = text(row.status)
        st.markdown(f"- {escape_markdown(describe(row))}" + (f" · _{escape_markdown(status)}_" if status else ""))
