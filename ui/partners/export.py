"""The Export tab: the scored list and the short list as Excel and CSV, built on click."""

from __future__ import annotations

import streamlit as st

from core.partners.scored_list import export_csv, export_workbook
from ui.partners.data import PartnersData

__all__ = ["show"]

_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def show(data: PartnersData) -> None:
    scored = data.scored
    st.markdown(f"{len(scored)} scored candidates; {len(data.chosen)} on the short list.")
    left, middle, right = st.columns(3)
    left.download_button(
        "Scored list and short list (.xlsx)", lambda: export_workbook(scored), file_name="keystone-partners.xlsx",
        mime=_XLSX, icon=":material/table:", on_click="ignore",
    )  # fmt: skip
    middle.download_button(
        "Scored list (.csv)",
        lambda: export_csv(scored),
        file_name="keystone-partners-scored.csv",
        mime="text/csv",
        on_click="ignore",
    )
    right.download_button(
        "Short list (.csv)", lambda: export_csv(scored, only_shortlist=True), file_name="keystone-shortlist.csv",
        mime="text/csv", on_click="ignore",
    )  # fmt: skip
    st.caption("Text that starts with =, +, - or @ is written so that Excel shows it instead of running it.")
