"""History, second tab: every change in plain words, filtered by step, person and date; milestones."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pandas as pd
import streamlit as st

from core.access import Need
from core.across.history import describe, step_of
from core.conventions import escape_markdown
from core.steps import STEPS
from core.store import Store, Table
from core.store import history as log
from ui import state
from ui.table import show_table

__all__ = ["show"]

SHOWN = 300  # timeline lines on screen; the filters narrow it down
_QUESTIONNAIRES = "Questionnaires"


def show(store: Store, partnership_id: int) -> None:
    """The tab: the changes, then the milestones."""
    _changes(store, partnership_id)
    st.subheader("Milestones")
    _milestones(store, partnership_id)


def _changes(store: Store, partnership_id: int) -> None:
    people = sorted(store.changes(partnership_id)["made_by"].dropna().unique().tolist())
    steps = [step.label for step in STEPS] + [_QUESTIONNAIRES]
    chosen_steps, chosen_people, days = _filters(steps, people)
    tables = [table for label in chosen_steps for table in _tables_of(label)]
    since, until = _bounds(days)
    entries = log.entries(
        store, partnership_id, people=chosen_people, tables=tables, since=since, until=until, limit=SHOWN
    )
    lines = describe(entries)
    if not lines:
        st.info("No change matches these filters." if chosen_steps or chosen_people else "Nothing has changed yet.")
        return
    frame = pd.DataFrame(
        {
            "When": [f"{line.made_at:%d %b %Y %H:%M}" for line in lines],
            "Who": [line.made_by for line in lines],
            "Step": [(step.label if (step := step_of(line.table)) else _QUESTIONNAIRES) for line in lines],
            "What happened": [line.sentence for line in lines],
        }
    )
    shown = f"the latest {len(lines)}" if len(entries) >= SHOWN else f"{len(lines)}"
    st.caption(f"Newest first: {shown} lines. Each change someone saved is one or more lines, one per field.")
    show_table(frame, wall=["When", "Who", "What happened"])


def _filters(steps: list[str], people: list[str]) -> tuple[list[str], list[str], tuple[date, ...]]:
    if state.presenting():  # the wall reads the latest changes; filters are a desk's work
        return [], [], ()
    columns = st.columns([2, 2, 2])
    chosen_steps = columns[0].multiselect(
        "Step", steps, placeholder="every step", key="history_steps", persist_state="page"
    )
    chosen_people = columns[1].multiselect(
        "Person", people, placeholder="everyone", key="history_people", persist_state="page"
    )
    days = columns[2].date_input("Dates", value=(), key="history_dates", format="DD/MM/YYYY", persist_state="page")
    return chosen_steps, chosen_people, tuple(days) if isinstance(days, (tuple, list)) else (days,)


def _tables_of(label: str) -> list[Table]:
    if label == _QUESTIONNAIRES:
        return [Table.ANSWERS]
    return list(next(step for step in STEPS if step.label == label).tables)


def _bounds(days: tuple[date, ...]) -> tuple[datetime | None, datetime | None]:
    if not days:
        return None, None
    first, last = days[0], days[-1]
    return datetime.combine(first, time.min), datetime.combine(last + timedelta(days=1), time.min)


def _milestones(store: Store, partnership_id: int) -> None:
    """The milestones, and (at a desk) a form to mark this moment as one."""
    marked = log.milestones(store, partnership_id)
    if len(marked):
        listed = marked.iloc[::-1]
        st.markdown(
            "\n".join(
                f"- **{escape_markdown(name)}**, {pd.Timestamp(at):%d %b %Y %H:%M} ({escape_markdown(by)})"
                for name, at, by in zip(listed["name"], listed["made_at"], listed["made_by"], strict=True)
            )
        )
    else:
        st.caption("No milestones yet. A live session marks one when it ends.")
    if state.presenting():
        return
    role = store.role(partnership_id)
    if role is None or role.rank < Need.FACILITATE.role.rank:
        st.caption("Facilitators and owners mark milestones.")
        return
    with st.form("milestone", clear_on_submit=True, border=False):
        name = st.text_input("Name this moment", placeholder="after workshop 2", max_chars=120)
        if st.form_submit_button("Mark a milestone", icon=":material/flag:"):
            state.act(lambda: log.mark(store, partnership_id, name or ""), f"Marked “{' '.join(name.split())}”")
