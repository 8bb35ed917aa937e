"""Drawing helpers of the workshop flow: one step per screen, quick capture."""

from __future__ import annotations

import streamlit as st

from core.across.capture import capture
from core.conventions import escape_markdown
from core.model import BarrierCategory, PartnerType, join_list
from core.store import SPECS, Store, Table
from ui import state
from ui.governance.headline import headline as governance_headline
from ui.metrics.headline import headline as metrics_headline
from ui.partners.headline import headline as partners_headline
from ui.pilots.headline import headline as pilots_headline
from ui.problem.headline import headline as problem_headline
from ui.system_map.headline import headline as system_map_headline

HEADLINES = {
    "system_map": system_map_headline,
    "problem": problem_headline,
    "partners": partners_headline,
    "governance": governance_headline,
    "metrics": metrics_headline,
    "pilots": pilots_headline,
}
"""Each step's headline view, by its slug."""


def show_headline(store: Store, partnership_id: int, slug: str) -> None:
    """The step's most telling view, as its page draws it for the wall."""
    HEADLINES[slug](store, partnership_id)


CAPTURE_GENERATION = "capture_generation"


def quick_capture(store: Store, partnership_id: int) -> None:
    """Add an actor, a root-cause rating or a barrier without leaving the flow."""
    kind = st.segmented_control(
        "Add", ["Actor", "Rating", "Barrier"], default="Actor", key="capture_kind", label_visibility="collapsed"
    )
    # Forms keep what was typed when it is refused; a saved entry moves to a fresh, empty form.
    fresh = st.session_state.setdefault(CAPTURE_GENERATION, 0)
    if kind == "Rating":
        factors = state.records(store, partnership_id, [Table.FACTORS])[Table.FACTORS]["name"].dropna().tolist()
        with st.form(f"capture_rating_{fresh}", border=False):
            participant = st.text_input("Participant")
            cause = st.selectbox("Cause", factors, index=None, placeholder="choose a factor of the map")
            rating = st.slider("How much does it drive the problem? (1-5)", 1, 5, 3)
            if st.form_submit_button("Add rating", type="primary"):
                _save(
                    store, partnership_id, Table.RATINGS, {"participant": participant, "cause": cause, "rating": rating}
                )
    elif kind == "Barrier":
        actors = state.records(store, partnership_id, [Table.ACTORS])[Table.ACTORS]["name"].dropna().tolist()
        with st.form(f"capture_barrier_{fresh}", border=False):
            name = st.text_input("Barrier")
            category = _pick("Category", BarrierCategory, key=f"capture_barrier_category_{fresh}")
            severity = st.slider("Severity (1-5)", 1, 5, 3)
            involved = st.multiselect("Actors involved", actors)
            if st.form_submit_button("Add barrier", type="primary"):
                values = {"name": name, "category": category, "severity": severity, "actors": join_list(involved)}
                _save(store, partnership_id, Table.BARRIERS, values)
    else:
        with st.form(f"capture_actor_{fresh}", border=False):
            name = st.text_input("Actor")
            kind_of = _pick("Type", PartnerType, key=f"capture_actor_type_{fresh}")
            position = st.text_input("Value-chain position", placeholder="e.g. collection, brand, policy")
            if st.form_submit_button("Add actor", type="primary"):
                _save(store, partnership_id, Table.ACTORS, {"name": name, "type": kind_of, "value_chain": position})


def _pick(label: str, choices: type[BarrierCategory | PartnerType], key: str) -> str | None:
    """One of an enum's values, shown by its label, none chosen at first."""
    return st.radio(
        label, [c.value for c in choices], index=None, horizontal=True, format_func=lambda v: choices(v).label, key=key
    )


def _save(store: Store, partnership_id: int, table: Table, values: dict[str, object]) -> None:
    problems = capture(store, partnership_id, table, values)
    if problems:
        said = [f"{(p.column or '').replace('_', ' ').capitalize()}: {p.message}".lstrip(": ") for p in problems]
        st.error("Not added yet. " + escape_markdown("; ".join(said)))
        return
    st.session_state[CAPTURE_GENERATION] += 1
    first = next(iter(values.values()))
    state.flash(f"Added to {SPECS[table].title.lower()}: {first}")
    st.rerun()
