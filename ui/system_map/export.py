"""The system map's download: the step's five tables as one workbook, built on click."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core import io_excel
from core.store import SPECS, Table
from ui import state
from ui.system_map.data import MAP_TABLES

__all__ = ["export_button"]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export_button(frames: dict[Table, pd.DataFrame]) -> None:
    """The step's five tables as one workbook (formula-safe); hidden while presenting."""
    if state.presenting():
        return
    st.download_button(
        "Download the system map as Excel",
        lambda: io_excel.write_workbook({SPECS[table].title[:31]: frames[table] for table in MAP_TABLES}),
        file_name="system_map.xlsx",
        mime=XLSX,
        key="export_step1",
        on_click="ignore",
    )
