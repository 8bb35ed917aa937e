"""The Pilots tab: one card per pilot with what it is missing, then the editable register."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.conventions import escape_markdown, is_blank, text
from core.model import split_list
from core.store import Store, Table
from ui.editor import record_table
from ui.pilots.data import PilotsData

__all__ = ["show"]


def show(store: Store, partnership_id: int, view: PilotsData) -> None:
    register = view.frames[Table.PILOTS]
    if register.empty:
        st.info("No pilots yet. Add one below: name it, the factor of the map it targets, its partners and validator.")
    by_pilot: dict[str, list[str]] = {}
    for finding in view.findings:
        by_pilot.setdefault(finding.pilot, []).append(finding.kind.value)
    columns = st.columns(min(3, max(1, len(register))))
    for index, pilot in enumerate(register.itertuples(index=False)):
        with columns[index % len(columns)].container(border=True):
            _card(pilot, by_pilot.get(str(pilot.name), []))
    st.subheader("Register")
    st.caption(
        "Aim: industry adoption, policy, community or internal. Lists (partners, market leaders, indicators) "
        "are ';'-separated names from the actor list and the shared indicators."
    )
    record_table(store, partnership_id, Table.PILOTS, register)


def _card(pilot: object, problems: list[str]) -> None:
    st.markdown(f"**{escape_markdown(pilot.name)}**")
    aim, status = escape_markdown(text(pilot.aim)), escape_markdown(text(pilot.status))
    dates = f"{_day(pilot.start_date)} to {_day(pilot.end_date)}"
    st.caption(f"{aim or 'aim not set'} · {status or 'status not set'} · {dates}")
    st.markdown(
        f"Targets: {escape_markdown(text(pilot.factor) or '—')} ({escape_markdown(text(pilot.lever) or 'no lever')})"
    )
    leaders = split_list(pilot.market_leaders)
    st.markdown(f"Market leaders: {len(leaders)} · Validator: {escape_markdown(text(pilot.validator) or 'none')}")
    if problems:
        st.markdown(" ".join(f":orange-badge[{escape_markdown(problem)}]" for problem in problems))
    else:
        st.markdown(":green-badge[passes the checks]")


def _day(value: object) -> str:
    return "?" if is_blank(value) else f"{pd.Timestamp(value):%d %b %Y}"
