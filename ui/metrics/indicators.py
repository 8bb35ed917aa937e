"""The Indicators tab: the shared data dictionary, its level mix and its warnings."""

from __future__ import annotations

import streamlit as st

from core.metrics import indicators as dictionary
from core.model import IndicatorLevel
from core.store import Store, Table
from ui import state
from ui.editor import record_table
from ui.metrics.data import MetricsData
from ui.problems import bullets
from ui.table import show_table

__all__ = ["show"]

_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def show(store: Store, partnership_id: int, data: MetricsData) -> None:
    frame = data.frames[Table.INDICATORS]
    partner_targets = data.frames[Table.PARTNER_TARGETS]
    counts = dictionary.level_counts(frame)
    mix = ", ".join(f"{counts[level]} {level.label.lower()}" for level in IndicatorLevel)
    st.subheader(f"{len(frame)} shared indicators: {mix}")
    if dictionary.output_heavy(frame):
        st.warning(
            f"Most indicators are outputs ({counts[IndicatorLevel.OUTPUT]} of {len(frame)}). Outputs are easy "
            "to count but say little about change: add outcome and system-shift indicators."
        )
    warnings = dictionary.indicator_warnings(frame, data.frames[Table.TOC_ITEMS])
    if warnings:
        lines = [f"Row {w.row + 1}, column '{w.column}': {w.message}" for w in warnings]
        st.warning(bullets(lines, limit=15))
    st.download_button(
        "Download the data dictionary (Excel)",
        data=lambda: dictionary.dictionary_workbook(frame, partner_targets),  # built on click only
        file_name="data-dictionary.xlsx",
        mime=_XLSX,
        key="step5_dictionary_download",
        icon=":material/download:",
        on_click="ignore",
    )
    if state.presenting():
        show_table(dictionary.data_dictionary(frame))
        return
    st.caption("One dictionary all partners see. Cadence: monthly, quarterly, half-yearly, yearly or 'every N months'.")
    record_table(store, partnership_id, Table.INDICATORS, frame)
