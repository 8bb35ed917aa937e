"""Home: the partnership at a glance and the way through the six steps."""

import streamlit as st

from core.progress import step_progress
from core.steps import EVIDENCE_FIGURES, STEPS
from core.store import Table
from ui import state
from ui.page import escape_markdown

store = state.store()
partnership_id = state.partnership_id()
partnership = store.partnership(partnership_id)
frames = store.read_many(partnership_id, list(Table))

st.html('<div class="ks-step">Keystone</div>')
st.title(str(partnership["name"]))
if partnership.get("problem"):
    st.markdown(f"**Problem area:** {escape_markdown(str(partnership['problem']))}")
st.caption(f"Stage: {partnership.get('stage') or 'not set'} · last change {partnership['updated_at']:%d %b %Y %H:%M}")

st.subheader("Progress through the six steps")
pages = {
    1: "pages/system_map.py",
    2: "pages/problem.py",
    3: "pages/partners.py",
    4: "pages/governance.py",
    5: "pages/metrics_funding.py",
    6: "pages/pilots_scaling.py",
}
columns = st.columns(3)
for index, progress in enumerate(step_progress(frames)):
    with columns[index % 3].container(border=True):
        st.markdown(f"**{progress.number}. {progress.title}**")
        st.progress(progress.share, text=f"{progress.filled} of {len(progress.counts)} record kinds started")
        st.caption(" · ".join(f"{title}: {count}" for title, count in progress.counts.items()))
        st.page_link(pages[progress.number], label=f"Open step {progress.number}", icon=":material/arrow_forward:")

st.subheader("What the evidence says")
st.caption("Figures from alliance research, usable as a readiness checklist.")
for figure in EVIDENCE_FIGURES.values():
    st.markdown(f"- {figure}")
st.caption(f"{len(STEPS)} steps · run them again for every partnership: it is a discipline, not a project.")
