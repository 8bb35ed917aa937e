"""The Export tab: the fact base, statement and outcomes as Excel, and the one-page brief, built on click."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from core import io_excel
from core.conventions import unlinked
from core.problem import brief
from core.problem.factbase import Gap
from core.store import Store, Table
from ui import state
from ui.problem.data import ProblemData

__all__ = ["show"]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@state.cached(show_spinner=False, max_entries=16)
def _brief(name: str, frames: tuple[pd.DataFrame, ...], gaps: list[Gap], today: date) -> str:
    """The brief's text, kept per change (a dataclass key would be deep-copied to be hashed)."""
    return brief.markdown_brief(brief.ProblemFacts(name, *frames, gaps), today)


def show(store: Store, partnership_id: int, data: ProblemData) -> None:
    facts = brief.ProblemFacts(
        name=str(store.partnership(partnership_id)["name"]),
        evidence=data[Table.EVIDENCE],
        ratings=data[Table.RATINGS],
        statements=data[Table.STATEMENTS],
        outcomes=data[Table.OUTCOMES],
        gaps=data.gaps,
    )
    frames = (facts.evidence, facts.ratings, facts.statements, facts.outcomes)
    text = _brief(facts.name, frames, facts.gaps, date.today())  # shown below; the workbook waits for a click
    left, right = st.columns(2)
    left.download_button(
        "Download fact base, statement and outcomes (.xlsx)",
        lambda: io_excel.write_workbook(brief.export_sheets(facts)),
        file_name="problem-fact-base.xlsx",
        mime=XLSX,
        key="dl_xlsx",
        icon=":material/table_view:",
        on_click="ignore",
    )
    right.download_button(
        "Download the one-page brief (.md)",
        lambda: text.encode("utf-8"),
        file_name="problem-brief.md",
        mime="text/markdown",
        key="dl_brief",
        icon=":material/description:",
        on_click="ignore",
    )
    with st.container(border=True):
        st.markdown(unlinked(text))  # user text inside is escaped by core.problem.brief; no address is a link
