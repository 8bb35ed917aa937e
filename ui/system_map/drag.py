"""A node dragged on a map keeps its new place: the map's page says where it was left, and it is kept.

The maps are pyvis pages in frames, which cannot call the app. After a drag
the page posts the dragged nodes' positions to the app page
(:mod:`ui.system_map.vis`); this module's component (Streamlit's
``components.v2``, no view of its own) listens there, takes only messages
from a frame on the page, and hands them to Python as a one-time trigger.
What arrives is checked (:func:`core.system_map.layout.dragged`) and kept with
the partnership (:func:`core.store.layouts.move`).
"""

from __future__ import annotations

import streamlit as st

from core.conventions import escape_markdown
from core.store import Store, StoreError, layouts
from core.system_map.layout import MapKind, dragged
from ui.system_map.vis import plain_text

__all__ = ["keep_dragged"]

_JS = """
export default function ({ data, setTriggerValue }) {
  const listen = (event) => {
    const message = event.data;
    if (!message || message.keystone !== "map-moved" || message.map !== data.map) { return; }
    const frames = Array.from(document.querySelectorAll("iframe"));
    if (!frames.some((frame) => frame.contentWindow === event.source)) { return; }  // a map on this page only
    setTriggerValue("moved", message.positions);
  };
  window.addEventListener("message", listen);
  return () => window.removeEventListener("message", listen);
}
"""

_LISTENER = st.components.v2.component("keystone_map_drag", js=_JS)


def _registered() -> None:
    """The trigger's callback: nothing to do before the run, which reads the result."""


def keep_dragged(store: Store, partnership_id: int, kind: MapKind, names: list[str]) -> None:
    """Listen for nodes dragged on this map; keep where they were left, before the map is drawn again.

    Call it before the map's positions are read, so the map drawn in the same run shows the new place.
    """
    # Streamlit hands a trigger to Python only when it has a callback; the value is read from the result.
    result = _LISTENER(key=f"map_drag_{kind.value}", data={"map": kind.value}, height=0, on_moved_change=_registered)
    moved = dragged(result.moved, {plain_text(name): name for name in names})
    if not moved:
        return
    try:
        layouts.move(store, partnership_id, kind.value, moved)
    except StoreError as error:
        st.toast(f"The new place could not be kept just now: {escape_markdown(str(error))}", icon=":material/warning:")
        return
    names_moved = ", ".join(sorted(moved))
    st.toast(f"Kept the new place of {escape_markdown(names_moved[:120])}", icon=":material/push_pin:")
