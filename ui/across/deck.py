"""The steering-committee deck: one slide per thing the committee decides on, drawn from the partnership's records.

The slides are built in the order the steps run by :mod:`ui.across.deck_slides`,
with the same loaders and figures as each step's page, so the deck says what
the app says. The files are written by :mod:`core.across.deck`; this module
offers them for download, built on click and kept while the records stand.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from core.across.deck import Slide, to_pdf, to_pptx
from core.across.readiness import answers_by_topic
from core.conventions import file_stem
from core.governance.questionnaire import TOPIC as GOVERNANCE
from core.model import Topic
from core.store import Store, Table
from ui import images, state
from ui.across import deck_slides
from ui.system_map import data as system_map

__all__ = ["downloads", "slides"]

PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def slides(store: Store, partnership_id: int, today: date | None = None) -> list[Slide]:
    """Every slide of the deck, in the order the steps run, pictures rendered (about 0.25 s each)."""
    today = today or date.today()
    partnership = store.partnership(partnership_id)
    frames = system_map.load(store, partnership_id)
    answers = answers_by_topic(frames[Table.ANSWERS])
    return [
        deck_slides.title(partnership, today),
        *deck_slides.since_milestone(store, partnership_id, today),
        deck_slides.systemic(answers.get(Topic.SYSTEMIC_TEST, {})),
        *deck_slides.system_map(store, partnership_id, frames, str(partnership["name"])),
        deck_slides.problem(store, partnership_id),
        deck_slides.short_list(store, partnership_id),
        deck_slides.governance(answers.get(GOVERNANCE, {})),
        *deck_slides.metrics(store, partnership_id, today),
        *deck_slides.pilots(store, partnership_id),
        deck_slides.readiness(store, partnership_id),
    ]


def downloads(store: Store, partnership: dict[str, object], *, on_wall: bool = False) -> None:
    """The deck and its handout, each built when clicked (about 10 s the first time, then kept).

    At a desk only, unless ``on_wall`` (the workshop's wrap-up, where the room leaves with the handout).
    """
    if state.presenting() and not on_wall:
        return
    st.caption(
        "For the steering committee: every step on a slide in plain words, the maps and charts as drawn here, "
        "and speaker notes saying where each figure comes from."
    )
    if not images.available():
        st.caption("The deck's pictures are drawn by Chromium, which is not installed here: `./keystone setup`.")
        return
    key = (store.location, int(partnership["id"]), int(partnership["revision"]), date.today())
    stem = file_stem(partnership["name"])
    row = st.container(horizontal=True)
    row.download_button(
        "Steering-committee deck (.pptx)", lambda: to_pptx(_kept(*key)), file_name=f"{stem}-deck.pptx", mime=PPTX,
        on_click="ignore", icon=":material/slideshow:", key="deck_pptx",
    )  # fmt: skip
    row.download_button(
        "Handout of the deck (.pdf)", lambda: to_pdf(_kept(*key)), file_name=f"{stem}-handout.pdf",
        mime="application/pdf", on_click="ignore", icon=":material/picture_as_pdf:", key="deck_pdf",
    )  # fmt: skip


@st.cache_data(max_entries=4, ttl=120, show_spinner=False)
def _kept(location: str, partnership_id: int, revision: int, today: date) -> list[Slide]:
    """The slides, kept for two minutes unless the records change: the deck and its handout share one build.

    Not longer: a map's layout (a dragged node) moves no revision, and the deck draws the kept layout.
    """
    del revision  # part of the key only
    return slides(Store(location), partnership_id, today)
