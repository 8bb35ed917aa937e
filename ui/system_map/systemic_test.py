"""The Systemic test tab: four questions, the map's own evidence under each, and the verdict."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.across.readiness import answers_by_topic
from core.conventions import escape_markdown
from core.store import Store, Table
from core.system_map import systemic
from ui import state
from ui.system_map.data import LOOP_BOUND, feedback_loops

__all__ = ["show"]


def show(store: Store, partnership_id: int, frames: dict[Table, pd.DataFrame]) -> None:
    stored = answers_by_topic(frames[Table.ANSWERS]).get(systemic.TOPIC, {})
    loop_count = 0
    if not frames[Table.CAUSAL_LINKS].empty:
        loop_count = len(feedback_loops(frames[Table.CAUSAL_LINKS], frames[Table.FACTORS], LOOP_BOUND)[1].loops)
    evidence = systemic.map_evidence(frames[Table.ACTORS], frames[Table.RELATIONS], loop_count)
    if stored.get("verdict"):
        _verdict_box(stored)
    if state.presenting():
        if not stored.get("verdict"):
            st.info("The systemic test has not been answered yet.")
        return
    st.markdown("**Answer four questions.** The map's own evidence is shown under each one.")
    previous = stored.get("answers", {}) if isinstance(stored.get("answers"), dict) else {}
    answers = {}
    for question, wording in systemic.QUESTIONS.items():
        suggested, why = evidence[question]
        default = bool(previous.get(question.value, suggested))
        choice = st.radio(
            wording.ask,
            ["Yes", "No"],
            index=0 if default else 1,
            horizontal=True,
            key=f"systemic_{question.value}",
            persist_state="page",
        )
        st.caption(f"From the map: {escape_markdown(why)}")
        answers[question.value] = choice == "Yes"
    result = systemic.verdict(answers)
    if st.button("Save verdict", type="primary", key="save_systemic"):
        store.save_answers(partnership_id, systemic.TOPIC, result, based_on=stored)
        state.flash(f"Saved: the problem is {result['verdict']}")
        st.rerun()
    if result != {key: stored.get(key) for key in result}:
        st.caption("Preview (not saved yet):")
        _verdict_box(result)


def _verdict_box(result: dict[str, object]) -> None:
    reasons = "\n".join(f"- {escape_markdown(reason)}" for reason in result.get("reasons", []))
    if result.get("verdict") == systemic.Verdict.SYSTEMIC.value:
        st.success(f"### Systemic: a coalition is needed\n{reasons}")
    else:
        st.warning(f"### Simple: no coalition needed\n{reasons}")
