"""The Dashboard tab: which reports are overdue, and how far each indicator has come."""

from __future__ import annotations

from datetime import date

import streamlit as st

from core.conventions import escape_markdown
from core.metrics import reporting
from core.store import Table
from ui import chart, state
from ui.metrics.charts import progress_figure
from ui.metrics.data import MetricsData
from ui.table import show_table

__all__ = ["show"]

_COLUMNS = {
    "indicator": "Indicator",
    "level": "Level",
    "unit": "Unit",
    "baseline": "Baseline",
    "latest": "Latest",
    "target": "Target",
    "progress": st.column_config.ProgressColumn("Progress", format="percent", min_value=0, max_value=1),
    "last_report": st.column_config.DateColumn("Last report", format="YYYY-MM-DD"),
    "reports": "Reports",
    "cadence": "Cadence",
    "next_due": st.column_config.DateColumn("Next due", format="YYYY-MM-DD"),
    "days_overdue": st.column_config.NumberColumn("Days overdue"),
    "status": "Status",
}


def show(data: MetricsData, today: date) -> None:
    board = reporting.dashboard(data.frames[Table.INDICATORS], data.frames[Table.OBSERVATIONS], today)
    overdue = board[board["status"] == reporting.ReportStatus.OVERDUE.value]
    never = board[board["status"] == reporting.ReportStatus.NEVER.value]
    if len(overdue):
        names = escape_markdown(", ".join(overdue["indicator"].head(3)))
        names += f" and {len(overdue) - 3} more" if len(overdue) > 3 else ""
        st.subheader(f"{len(overdue)} report{'s' if len(overdue) > 1 else ''} overdue: {names}")
    elif len(board):
        upcoming = board.dropna(subset=["next_due"]).sort_values("next_due")
        if len(upcoming):
            first = upcoming.iloc[0]
            name = escape_markdown(first["indicator"])
            st.subheader(f"No report overdue. Next due: {name} on {first['next_due']:%d %b %Y}")
        else:
            st.subheader("No report overdue.")
    else:
        st.subheader("No shared indicators yet: define them on the Indicators tab.")
        return
    if len(never):
        st.caption(
            f"{len(never)} indicators have never been reported: " + escape_markdown(", ".join(never["indicator"]))
        )
    if board["progress"].notna().any():
        chart.show(progress_figure(board, state.presenting()), name="dashboard", key="step5_progress", width="stretch")
    show_table(board, _COLUMNS)
    st.caption(
        f"As of {today:%d %b %Y}. The next report is due one cadence period after the latest observation "
        "(from any pilot); an indicator never reported is due now. Observations are recorded in step 6."
    )
