"""Action plan's tabs: the commitments (overdue first), the owners and sponsors, the impact stories."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.across.action_plan import owners_by_scope
from core.across.portfolio import stories_beside_numbers
from core.conventions import escape_markdown
from core.store import SPECS, Store, Table
from ui.across import scorecard
from ui.editor import record_table
from ui.table import show_table

__all__ = ["commitments", "owners", "stories"]


def commitments(store: Store, partnership_id: int, plan: pd.DataFrame) -> None:
    """Who does what by when: overdue ones said first, then the editable plan."""
    overdue = plan[plan["overdue"]]
    if len(overdue):
        st.error(
            "Overdue:\n\n"
            + "\n".join(
                f"- {escape_markdown(row.commitment)} · {escape_markdown(row.who or 'no one named')} · "
                f"due {row.due_date:%d %b %Y} ({-row.days_left} days ago)"
                for row in overdue.itertuples(index=False)
            )
        )
    st.caption("Who does what, by when, and how progress is tracked. Overdue first, then by due date; closed last.")
    record_table(store, partnership_id, Table.COMMITMENTS, plan[SPECS[Table.COMMITMENTS].names])


def owners(store: Store, partnership_id: int, frames: dict[Table, pd.DataFrame]) -> None:
    """The owner and sponsor of the whole and of each step, and how many business units take part."""
    st.caption(
        "The partnership belongs to the company, not to one team: name an owner and a sponsor "
        "for the whole, and owners for each step, from several business units."
    )
    by_scope = owners_by_scope(frames[Table.OWNERS])
    if len(by_scope):
        show_table(
            by_scope,
            {
                "scope": "Scope",
                "owner": "Owner",
                "sponsor": "Sponsor",
                "contributor": "Contributors",
                "units": st.column_config.NumberColumn("Business units"),
            },
        )
    record_table(store, partnership_id, Table.OWNERS, frames[Table.OWNERS])


def stories(store: Store, partnership_id: int, frames: dict[Table, pd.DataFrame]) -> None:
    """Each impact story beside the numbers of the indicator it explains."""
    st.caption("Numbers say what changed; stories say why it mattered. Each story names the indicator it explains.")
    beside = stories_beside_numbers(frames[Table.STORIES], frames[Table.INDICATORS], frames[Table.OBSERVATIONS])
    scorecard.stories(beside, limit=len(beside))
    record_table(store, partnership_id, Table.STORIES, frames[Table.STORIES])
