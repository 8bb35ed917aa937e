"""The Charter tab: a draft charter (MOU) from what is stored, downloaded as Word, Markdown or Excel.

Every file is built on click. The charter itself is cached on the
partnership's ``revision`` (every write moves it) and the day it is dated.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from core.conventions import file_stem
from core.governance import charter
from core.io_excel import write_workbook
from core.store import SPECS, Store, Table
from ui import state
from ui.governance.data import GovernanceData

__all__ = ["show"]

_TABLES = (Table.RACI, Table.DECISIONS, Table.CHAMBERS, Table.VALUE_PROPS)


def show(store: Store, partnership_id: int, data: GovernanceData) -> None:
    key = (store.location, partnership_id, int(data.partnership["revision"]), date.today())
    document = _charter(*key, data)
    st.markdown(
        "A draft charter (MOU) written from what is stored: purpose and problem, partners and contributions, "
        "the governance model, decision rights, roles, escalation path, resources and review."
    )
    slug = file_stem(data.partnership["name"])
    left, right = st.columns(2)
    left.download_button(
        "Download charter (.docx)",
        lambda: charter.to_docx(document),
        file_name=f"charter-{slug}.docx",
        mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        on_click="ignore",
        type="primary",
        key="gov_charter_docx",
    )
    right.download_button(
        "Download charter (Markdown)",
        lambda: charter.to_markdown(document),
        file_name=f"charter-{slug}.md",
        mime="text/markdown",
        on_click="ignore",
        key="gov_charter_md",
    )
    frames = data.frames
    st.download_button(
        "Download the governance tables (Excel)",
        lambda: write_workbook({SPECS[table].title: frames[table] for table in _TABLES}),
        file_name=f"governance-{slug}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
        key="gov_tables_xlsx",
    )
    with st.expander("Preview (Markdown)", expanded=False):
        st.code(_preview(*key, data), language="markdown", wrap_lines=True)


@state.cached(max_entries=16, show_spinner=False)
def _charter(path: str, partnership_id: int, stamp: str, today: date, _data: GovernanceData) -> charter.Charter:
    # Keyed on the partnership's stamp, not its tables: hashing every table costs as much as building.
    del path, partnership_id, stamp  # the cache key only
    return charter.build(_data.partnership, _data.frames, _data.answers, _data.partners, today=today)


@state.cached(max_entries=16, show_spinner=False)
def _preview(path: str, partnership_id: int, stamp: str, today: date, _data: GovernanceData) -> str:
    return charter.to_markdown(_charter(path, partnership_id, stamp, today, _data))
