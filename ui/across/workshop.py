"""Drawing helpers of the workshop flow: one step per screen, quick capture."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import streamlit as st

from core.across.capture import capture, capture_many, captured
from core.conventions import counted, escape_markdown, text
from core.io_excel.writing import to_csv_bytes
from core.model import BarrierCategory, EvidenceKind, PartnerType, join_list
from core.store import SPECS, Store, Table
from core.system_map.network import RelationKind
from ui import state, undo
from ui.across import deck
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
_KINDS = ("Actor", "Relation", "Root cause", "Barrier", "Ratings", "Evidence", "Commitment")
_RATING_ROWS = 6  # empty lines of the ratings grid: several people and causes at once


def quick_capture(store: Store, partnership_id: int) -> None:
    """Add what the room says without leaving the flow: one form per kind of record.

    Each form's first line holds the name and the Add button, so fields below
    that grow (a list of actors, a grid) never move the button under the pointer.
    """
    kind = st.segmented_control("Add", _KINDS, default="Actor", key="capture_kind", label_visibility="collapsed")
    # Forms keep what was typed when it is refused; a saved entry moves to a fresh, empty form.
    fresh = st.session_state.setdefault(CAPTURE_GENERATION, 0)
    records = state.records(store, partnership_id, [Table.ACTORS, Table.FACTORS])
    actors = records[Table.ACTORS]["name"].dropna().tolist()
    factors = records[Table.FACTORS]["name"].dropna().tolist()
    with st.form(f"capture_{kind}_{fresh}", border=False):
        if kind == "Relation":
            first, add = _first_line("From (actor)", "Add relation", actors)
            target = st.selectbox("To (actor)", actors, index=None, placeholder="choose an actor")
            tie = st.radio("Tie", [k.value for k in RelationKind], index=None, horizontal=True)
            values = {"source": first, "target": target, "kind": tie}
        elif kind == "Root cause":
            first, add = _first_line("Root cause", "Add root cause")
            values = {"name": first, "description": st.text_input("What it means here (optional)")}
        elif kind == "Barrier":
            first, add = _first_line("Barrier", "Add barrier")
            category = _pick("Category", BarrierCategory, key=f"capture_barrier_category_{fresh}")
            severity = st.slider("Severity (1-5)", 1, 5, 3)
            involved = st.multiselect("Actors involved", actors)
            values = {"name": first, "category": category, "severity": severity, "actors": join_list(involved)}
        elif kind == "Ratings":
            _, add = _first_line(None, "Add ratings")
            grid = st.data_editor(
                pd.DataFrame({"participant": [None] * _RATING_ROWS, "cause": [None] * _RATING_ROWS,
                              "rating": [None] * _RATING_ROWS}),
                column_config={
                    "participant": st.column_config.TextColumn("Who"),
                    "cause": st.column_config.SelectboxColumn("Cause", options=factors),
                    "rating": st.column_config.NumberColumn("How much it drives the problem (1-5)", min_value=1,
                                                            max_value=5, step=1),
                },
                hide_index=True, width="stretch", key=f"capture_ratings_{fresh}", placeholder="",
            )  # fmt: skip
            values = grid
        elif kind == "Evidence":
            first, add = _first_line("Evidence (what we know)", "Add evidence")
            source = _pick("Kind", EvidenceKind, key=f"capture_evidence_kind_{fresh}")
            values = {"statement": first, "kind": source, "source": st.text_input("Source (optional)")}
        elif kind == "Commitment":
            first, add = _first_line("I will…", "Add commitment")
            left, right = st.columns(2)
            who = left.text_input("Who")
            due = right.date_input("By when", value=None, format="YYYY-MM-DD")
            values = {"commitment": first, "who": who, "due_date": due, "status": "open"}
        else:
            first, add = _first_line("Actor", "Add actor")
            kind_of = _pick("Type", PartnerType, key=f"capture_actor_type_{fresh}")
            position = st.text_input("Value-chain position", placeholder="e.g. collection, brand, policy")
            values = {"name": first, "type": kind_of, "value_chain": position}
    if add:
        _save(store, partnership_id, _TABLES[kind], values)
    undo.undo_button(store, partnership_id, key="capture_undo")  # a slip in the room is taken back on the spot


_TABLES = {
    "Actor": Table.ACTORS, "Relation": Table.RELATIONS, "Root cause": Table.FACTORS, "Barrier": Table.BARRIERS,
    "Ratings": Table.RATINGS, "Evidence": Table.EVIDENCE, "Commitment": Table.COMMITMENTS,
}  # fmt: skip


def _first_line(label: str | None, button: str, choices: list[str] | None = None) -> tuple[object, bool]:
    """The form's first line: its name field (a choice when ``choices`` are given) and its Add button."""
    name, add = st.columns([4, 1], vertical_alignment="bottom")
    value = None
    if label is not None and choices is not None:
        value = name.selectbox(label, choices, index=None, placeholder="choose an actor")
    elif label is not None:
        value = name.text_input(label)
    return value, add.form_submit_button(button, type="primary", width="stretch")


def _pick(label: str, choices: type[BarrierCategory | PartnerType | EvidenceKind], key: str) -> str | None:
    """One of an enum's values, shown by its label, none chosen at first."""
    return st.radio(
        label, [c.value for c in choices], index=None, horizontal=True, format_func=lambda v: choices(v).label, key=key
    )


def _save(store: Store, partnership_id: int, table: Table, values: dict[str, object] | pd.DataFrame) -> None:
    """Add the record (or, for the ratings grid, every filled line at once); say what was added, or why not."""
    if isinstance(values, pd.DataFrame):
        rows = [row for row in values.to_dict("records") if any(text(value) for value in row.values())]
        problems = capture_many(store, partnership_id, table, rows) if rows else []
        said = f"{counted(len(rows), 'rating')}" if rows else ""
        if not rows:
            st.error("Not added yet. Fill in at least one line: who, which cause, and a rating.")
            return
    else:
        problems = capture(store, partnership_id, table, values)
        said = str(next(iter(values.values())))
    if problems:
        lines = [f"{(p.column or '').replace('_', ' ').capitalize()}: {p.message}".lstrip(": ") for p in problems]
        st.error("Not added yet. " + escape_markdown("; ".join(lines)))
        return
    st.session_state[CAPTURE_GENERATION] += 1
    state.flash(f"Added to {SPECS[table].title.lower()}: {said}")
    st.rerun()


def captured_today(store: Store, partnership_id: int) -> None:
    """What quick capture added today, by kind, with who and when, a CSV of it, and the workshop's handout."""
    added = captured(store, partnership_id, datetime.combine(date.today(), datetime.min.time()))
    st.subheader("What we captured today")
    if added.empty:
        st.caption("Nothing yet: what quick capture adds during the workshop is listed here.")
    for kind, items in added.groupby("kind", sort=False):
        lines = [
            f"- {escape_markdown(item)} · {escape_markdown(who)}, {when:%H:%M}"
            for item, who, when in zip(items["item"], items["who"], items["when"], strict=True)
        ]
        st.markdown(f"**{escape_markdown(kind)} ({len(items)})**\n" + "\n".join(lines))
    if not added.empty:
        st.download_button(
            "Download what we captured (CSV)", to_csv_bytes(added), file_name=f"captured-{date.today():%Y-%m-%d}.csv",
            mime="text/csv", icon=":material/download:", key="captured_csv", on_click="ignore",
        )  # fmt: skip
    deck.downloads(store, store.partnership(partnership_id), on_wall=True)  # the whole workshop, as slides or paper
