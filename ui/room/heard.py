"""What a live room voted, shown on the step it belongs to, beside the team's own answers.

The newest session that answered a vote gives the spread (every option, not
only the most chosen), so a step 3, 4 or 6 page shows what the room said
without anyone copying it over.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from core.conventions import counted, escape_markdown
from core.room import results
from core.room.activities import Activity, candidates, vote_questions
from core.store import Store, Table, room
from ui import chart
from ui.room.charts import vote_figure

__all__ = ["vote_lines", "vote_panel", "vote_spread_figure"]


def vote_lines(answers: pd.DataFrame, activity: Activity) -> list[str]:
    """A vote of several questions: each question's spread on one line, most chosen first."""
    lines = []
    for item, question in vote_questions(activity).items():
        spread = results.vote_spread(answers, activity, item)
        chosen = " · ".join(f"{escape_markdown(row.label)} **{row.votes}**" for row in spread.itertuples() if row.votes)
        lines.append(f"**{question.short}:** {chosen or 'no votes yet'}")
    return lines


def vote_spread_figure(
    store: Store, partnership_id: int, answers: pd.DataFrame, activity: Activity, large: bool, most: int | None = None
) -> go.Figure:
    """A one-question vote (the pathway, the dots) as bars of every option's votes (the ``most`` voted, if given)."""
    if activity is Activity.DOT_VOTE:
        spread = results.dot_spread(answers, candidates(store.read(partnership_id, Table.ACTORS)))
    else:
        spread = results.vote_spread(answers, activity, next(iter(vote_questions(activity))))
    return vote_figure(spread.head(most) if most else spread, large)


def vote_panel(store: Store, partnership_id: int, activity: Activity, large: bool) -> pd.DataFrame | None:
    """The newest session's answers to ``activity`` under a heading naming it; None (and nothing drawn) if none."""
    heard = room.latest_answers(store, partnership_id, activity.value)
    if heard is None:
        return None
    session, answers = heard
    people = answers["participant_id"].nunique()
    st.markdown(
        f"**What the room said in '{escape_markdown(session.name)}'** "
        f"({counted(people, 'person', 'people')}, {session.started_at:%d %b %Y})"
    )
    if activity is Activity.VOTE_GOVERNANCE:
        st.markdown("  \n".join(vote_lines(answers, activity)))
    else:
        figure = vote_spread_figure(store, partnership_id, answers, activity, large)
        chart.show(figure, name=f"room_{activity.value}", key=f"heard_{activity.value}")
    return answers
