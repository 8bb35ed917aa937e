"""Above the tabs: drift alerts first, then what the pilot register is missing."""

from __future__ import annotations

import streamlit as st

from core.conventions import escape_markdown
from core.store import Table
from ui.pilots.data import PilotsData

__all__ = ["show"]


def show(view: PilotsData) -> None:
    active = [alert for alert in view.alerts if alert.active]
    if active:
        st.subheader(f"⚠ {len(active)} indicator(s) off course")
        for alert in active:
            st.error(escape_markdown(alert.describe()), icon=":material/trending_down:")
    for alert in view.alerts:
        if not alert.active:
            st.info(escape_markdown(alert.describe()), icon=":material/trending_up:")
    for finding in view.findings:
        st.warning(
            f"**{escape_markdown(finding.pilot)}**: {escape_markdown(finding.message)}", icon=":material/checklist:"
        )
    if not view.alerts and not view.findings and not view.frames[Table.PILOTS].empty:  # no pilots: nothing to praise
        st.success("Every pilot is on track and passes the register checks.", icon=":material/check_circle:")
