"""Presentation mode's controls: a bar that stays on screen, and the keys a clicker sends.

The sidebar is hidden on the wall, so the bar carries everything a
facilitator needs: Previous and Next through the app's pages in the
registry's order, a page picker, and the way out. A clicker sends
PageDown/PageUp (or the arrow keys, or Space), which press Next and
Previous; on the workshop page they step through its screens first.
"""

from __future__ import annotations

import streamlit as st

from core.steps import ACROSS, HOME, STEPS, Place, Step
from ui import state

__all__ = ["bar"]

ORDER: tuple[Place | Step, ...] = (HOME, *STEPS, *ACROSS)

# Our own script, no user text in it. Keys typed into a field, a grid or a menu are left alone.
_KEYS = """<script>
if (!window.parent.keystoneClicker) {
  window.parent.keystoneClicker = true;
  const doc = window.parent.document;
  const forward = new Set(["ArrowRight", "PageDown", " "]);
  const backward = new Set(["ArrowLeft", "PageUp"]);
  doc.addEventListener("keydown", (event) => {
    const going = forward.has(event.key) ? "next" : backward.has(event.key) ? "prev" : null;
    if (!going || event.altKey || event.ctrlKey || event.metaKey) return;
    if (!doc.querySelector(".st-key-presenter_bar")) return;  // presentation mode has ended
    if (event.target.closest("input, textarea, select, [contenteditable], [role=grid], [role=listbox]")) return;
    const control = doc.querySelector(`.st-key-ws_${going} button:not(:disabled)`)
      || doc.querySelector(`.st-key-present_${going} a`);
    if (!control) return;
    event.preventDefault();
    control.click();
  });
}
</script>"""


def bar(url_path: str) -> None:
    """The presenter's bar for the page at ``url_path`` (Streamlit's, '' for home)."""
    here = next((at for at, place in enumerate(ORDER) if place.slug == (url_path or HOME.slug)), 0)
    with st.container(key="presenter_bar", horizontal=True, vertical_alignment="center"):
        with st.container(key="present_prev", width="content"):
            if here > 0:
                _link(ORDER[here - 1], "Previous", ":material/arrow_back:")
        with st.popover(_title(ORDER[here]), icon=":material/menu:"):
            for place in ORDER:
                _link(place, _title(place), place.icon)
        with st.container(key="present_next", width="content"):
            if here < len(ORDER) - 1:
                _link(ORDER[here + 1], "Next", ":material/arrow_forward:")
        st.button("Exit presentation", icon=":material/close:", on_click=_leave, key="present_exit")
    st.html(_KEYS, unsafe_allow_javascript=True)


def _link(place: Place | Step, label: str, icon: str) -> None:
    # The address carries the mode and the partnership, so a link opened in a new tab shows the same.
    where = {state.PRESENT_PARAMETER: "1", state.PARTNERSHIP_PARAMETER: str(state.partnership_id())}
    st.page_link(place.page, label=label, icon=icon, query_params=where)


def _title(place: Place | Step) -> str:
    return place.label if isinstance(place, Step) else place.title


def _leave() -> None:
    st.session_state[state.PRESENTING] = False
