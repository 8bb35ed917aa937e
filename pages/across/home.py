"""Home: the partnership at a glance and the way through the six steps."""

import streamlit as st

from core.across.portfolio import stories_beside_numbers
from core.across.progress import step_progress
from core.across.readiness import answers_by_topic, readiness
from core.conventions import escape_markdown
from core.steps import EVIDENCE_FIGURES, STEPS
from core.store import Table
from ui import state
from ui.across import deck, scorecard

store = state.store()
partnership_id = state.partnership_id()
partnership = store.partnership(partnership_id)
frames = state.records(store, partnership_id, list(Table))

st.html('<div class="ks-step">Keystone</div>')
st.title(escape_markdown(str(partnership["name"])))
if partnership.get("problem"):
    st.markdown(f"**Problem area:** {escape_markdown(str(partnership['problem']))}")
stage = escape_markdown(partnership.get("stage") or "not set")
st.caption(f"Stage: {stage} · last change {partnership['updated_at']:%d %b %Y %H:%M}")

deck.downloads(store, partnership)  # the steering committee's deck, at a desk

lines = readiness(frames, answers_by_topic(frames[Table.ANSWERS]), partnership.get("stage"))
card, field = st.columns([3, 2], gap="large")
with card:
    st.subheader("Readiness")
    scorecard.scorecard(lines)
with field:
    st.subheader("Stories from the field")
    st.caption("What the numbers mean for the people in the system.")
    scorecard.stories(
        stories_beside_numbers(frames[Table.STORIES], frames[Table.INDICATORS], frames[Table.OBSERVATIONS])
    )

st.subheader("Progress through the six steps")
columns = st.columns(3)
for index, progress in enumerate(step_progress(frames)):
    with columns[index % 3].container(border=True):
        st.markdown(f"**{progress.number}. {progress.title}**")
        st.progress(progress.share, text=f"{progress.filled} of {len(progress.counts)} record kinds started")
        st.caption(" · ".join(f"{title}: {count}" for title, count in progress.counts.items()))
        st.page_link(
            STEPS[progress.number - 1].page, label=f"Open step {progress.number}", icon=":material/arrow_forward:"
        )

st.caption(f"Alliance research: {EVIDENCE_FIGURES['root_causes']} {EVIDENCE_FIGURES['duration']}")
st.caption(f"{len(STEPS)} steps · run them again for every partnership: it is a discipline, not a project.")
