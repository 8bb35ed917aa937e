"""Case library: real partnerships, each tied to the step it illustrates."""

import streamlit as st

from core.across.cases import CASES, cases_for_step
from core.conventions import escape_markdown
from core.steps import STEPS

st.html('<div class="ks-step">Across partnerships</div>')
st.title("Case library")
st.markdown(f"**{len(CASES)} real partnerships, one or more for each of the six steps.**")
st.caption("Summaries in our own words; names, years and figures as published.")

choice = st.segmented_control(
    "Step", ["All", *[f"{step.number} {step.title}" for step in STEPS]], default="All", key="case_step"
)
numbers = [step.number for step in STEPS] if choice in (None, "All") else [int(str(choice).split()[0])]
for number in numbers:
    step = STEPS[number - 1]
    st.subheader(f"Step {step.number}: {step.title}")
    for case in cases_for_step(number):
        with st.container(border=True):
            st.markdown(f"**{case.name}** · {case.when}")
            st.caption(f"Shows: {case.practice}")
            st.markdown(escape_markdown(case.summary))
            st.markdown(f"*For your partnership:* {escape_markdown(case.lesson)}")
    st.page_link(STEPS[number - 1].page, label=f"Go to step {number}", icon=":material/arrow_forward:")
