"""Drawing the readiness scorecard and impact stories (Home, portfolio, workshop)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.across.readiness import ReadinessLine, score
from core.conventions import escape_markdown


def headline(lines: list[ReadinessLine]) -> str:
    """The answer first: how many checks pass and what to fix."""
    passed, total = score(lines)
    failing = [line.title.lower() for line in lines if not line.passed]
    if not failing:
        return f"Ready on all {total} checks."
    return f"Ready on {passed} of {total} checks. Still to fix: {', '.join(failing)}."


def scorecard(lines: list[ReadinessLine], links: bool = True) -> None:
    """One bordered row per check: pass or fail, the reason, the evidence, the fixing page."""
    st.markdown(f"**{escape_markdown(headline(lines))}**")
    for line in lines:
        with st.container(border=True):
            icon = ":material/check_circle:" if line.passed else ":material/cancel:"
            colour = "green" if line.passed else "red"
            st.markdown(f":{colour}[{icon} **{line.title}**] · {escape_markdown(line.reason)}")
            st.caption(f"Alliance research: {line.figure}")
            if links:
                st.page_link(
                    line.page,
                    label=f"{'Review' if line.passed else 'Fix'} in step {line.step}",
                    icon=":material/arrow_forward:",
                )


def stories(frame: pd.DataFrame, limit: int = 3) -> None:
    """The newest impact stories: title, where, who, when, and the indicator they explain.

    With the columns of :func:`core.across.portfolio.stories_beside_numbers`, the
    indicator's latest figure is shown beside the story.
    """
    ordered = frame.sort_values("date", ascending=False, na_position="last").head(limit)
    if ordered.empty:
        st.caption("No impact stories yet. Add them in the action plan.")
        return
    for story in ordered.itertuples(index=False):
        with st.container(border=True):
            st.markdown(f"**{escape_markdown(story.title)}**")
            if isinstance(story.narrative, str):
                st.markdown(escape_markdown(story.narrative))
            when = f"{story.date:%d %b %Y}" if pd.notna(story.date) else "undated"
            details = [part for part in (story.place, story.who) if isinstance(part, str)]
            st.caption(escape_markdown(" · ".join([*details, when])))
            if isinstance(story.indicator, str):
                st.caption(escape_markdown(f"Explains the indicator: {story.indicator}{_number(story)}"))


def _number(story: object) -> str:
    latest = getattr(story, "latest", None)
    if latest is None or pd.isna(latest):
        return ""
    unit = f" {story.unit}" if isinstance(getattr(story, "unit", None), str) else ""
    target = f" (target {story.target:g}{unit})" if pd.notna(getattr(story, "target", None)) else ""
    behind = getattr(story, "behind", None)
    flag = " · behind plan" if pd.notna(behind) and bool(behind) else " · on track"
    return f" — latest {latest:g}{unit} on {story.latest_date:%d %b %Y}{target}{flag}"
