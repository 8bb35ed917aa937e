"""Action plan: commitments, internal owners and impact stories of a partnership."""

import pandas as pd
import streamlit as st

from core.across.action_plan import action_plan, owners_by_scope, plan_summary
from core.across.portfolio import stories_beside_numbers
from core.conventions import escape_markdown
from core.store import SPECS, Table
from ui import state
from ui.across import scorecard
from ui.editor import record_table
from ui.table import show_table

store = state.store()
partnership_id = state.partnership_id()
frames = state.records(
    store, partnership_id, [Table.COMMITMENTS, Table.OWNERS, Table.STORIES, Table.INDICATORS, Table.OBSERVATIONS]
)
today = pd.Timestamp.today().normalize()
plan = action_plan(frames[Table.COMMITMENTS], today)
counts = plan_summary(plan)

st.html('<div class="ks-step">Across partnerships</div>')
st.title("Action plan")
st.markdown(
    f"**{len(plan)} commitments: {counts['overdue']} overdue, {counts['open']} open, "
    f"{counts['in progress']} in progress, {counts['done']} done.**"
)

commitments, owners, stories = st.tabs(["Commitments", "Owners and sponsors", "Impact stories"])
with commitments:
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

with owners:
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

with stories:
    st.caption("Numbers say what changed; stories say why it mattered. Each story names the indicator it explains.")
    beside = stories_beside_numbers(frames[Table.STORIES], frames[Table.INDICATORS], frames[Table.OBSERVATIONS])
    scorecard.stories(beside, limit=len(beside))
    record_table(store, partnership_id, Table.STORIES, frames[Table.STORIES])
