"""Common page furniture: the step header."""

from __future__ import annotations

import streamlit as st

from core.steps import step as step_named


def step_header(slug: str) -> None:
    """Title, step number and the question the page answers."""
    step = step_named(slug)
    st.html(f'<div class="ks-step">Step {step.number} of 6</div>')
    st.title(step.title)
    st.html(f'<p class="ks-question">{step.question}</p>')
