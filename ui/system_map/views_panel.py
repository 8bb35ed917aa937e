"""The actor map's saved views: stepped through on the wall, saved from the map's filters at a desk."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import streamlit as st

from core.across.readiness import answers_by_topic
from core.conventions import escape_markdown
from core.model import Topic
from core.store import Store
from core.system_map import views as map_views
from core.system_map.views import MapView
from ui import state

__all__ = ["FILTER_KEYS", "VIEW", "leave_view", "picker", "save_form", "stored"]

VIEW = "actor_view"
"""The name of the view on show (None when the filters were set by hand)."""

FILTER_KEYS = {
    "size_by": "actor_size_by",
    "types": "actor_types",
    "communities": "actor_communities",
    "centre": "actor_centre",
    "steps": "actor_steps",
    "barriers": "actor_barriers",
}
"""Each of a view's filters and the widget that holds it on the map."""


def stored(answers: pd.DataFrame) -> tuple[dict[str, object], list[MapView]]:
    """From the step's cached ``answers`` records: the stored payload (a save carries it, to find a
    colleague's newer save) and the views in it."""
    payload = answers_by_topic(answers).get(Topic.MAP_VIEWS, {})
    return payload, map_views.read_views(payload)


def leave_view() -> None:
    """A filter changed by hand: the map no longer shows the view, so its caption goes."""
    st.session_state[VIEW] = None


def _show(view: MapView, options: Mapping[str, Sequence[object]]) -> None:
    """Set the map's filters to ``view``; a type, community or actor no longer on the map is left out."""
    st.session_state[VIEW] = view.name
    st.session_state[FILTER_KEYS["size_by"]] = view.size_by
    st.session_state[FILTER_KEYS["types"]] = [kind for kind in view.types if kind in options["types"]]
    st.session_state[FILTER_KEYS["communities"]] = [n for n in view.communities if n in options["communities"]]
    st.session_state[FILTER_KEYS["centre"]] = view.centre if view.centre in options["centre"] else ""
    st.session_state[FILTER_KEYS["steps"]] = view.steps
    st.session_state[FILTER_KEYS["barriers"]] = view.barriers


def _picked(by_name: Mapping[str, MapView], options: Mapping[str, Sequence[object]]) -> None:
    if st.session_state.get(VIEW) in by_name:
        _show(by_name[st.session_state[VIEW]], options)


def _step(views: Sequence[MapView], by: int, options: Mapping[str, Sequence[object]]) -> None:
    names = [view.name for view in views]
    at = names.index(st.session_state[VIEW]) if st.session_state.get(VIEW) in names else -1
    _show(views[(at + by) % len(views)], options)


def picker(views: Sequence[MapView], options: Mapping[str, Sequence[object]]) -> MapView | None:
    """Previous, the view's name and Next: a row the facilitator clicks through; returns the view on show.

    ``options`` holds what each filter can take now (types, communities, centre), so a view saved
    before the map changed still opens.
    """
    if not views:
        return None
    by_name = {view.name: view for view in views}
    if st.session_state.get(VIEW) not in by_name:
        st.session_state[VIEW] = None
    back, pick, forward = st.columns([1.6, 4, 1.4], vertical_alignment="bottom")  # each button on one line
    back.button("Previous view", icon=":material/arrow_back:", key="actor_view_back", on_click=_step,
                args=(views, -1, options), width="stretch")  # fmt: skip
    pick.selectbox(
        f"Saved views ({len(views)})", list(by_name), key=VIEW, placeholder="the map as filtered",
        label_visibility="collapsed" if state.presenting() else "visible",  # the wall keeps its height for the map
        on_change=_picked, args=(by_name, options),
    )  # fmt: skip
    forward.button("Next view", icon=":material/arrow_forward:", key="actor_view_next", on_click=_step,
                   args=(views, 1, options), width="stretch")  # fmt: skip
    shown = by_name.get(st.session_state.get(VIEW))
    if shown and shown.caption:
        st.markdown(f"### {escape_markdown(shown.caption)}")
    return shown


def save_form(store: Store, partnership_id: int, payload: dict[str, object], views: Sequence[MapView]) -> None:
    """Save the map's filters as a view, or delete one (at a desk; the wall only steps through them)."""
    with st.expander("Save this map as a view for the wall", icon=":material/bookmark_add:"):
        name_box, caption_box = st.columns([1, 2])
        name = name_box.text_input("View name", max_chars=map_views.NAME_LIMIT, key="actor_view_name")
        caption = caption_box.text_input(
            "Caption the room reads above the map", max_chars=map_views.CAPTION_LIMIT, key="actor_view_caption"
        )
        if st.button("Save view", icon=":material/bookmark_add:", key="actor_view_save"):
            _save(store, partnership_id, payload, views, name, caption)
        if views:
            gone = st.selectbox("Delete a view", [view.name for view in views], index=None, key="actor_view_delete")
            if gone and st.button(f"Delete the view '{gone}'", key="actor_view_delete_button"):
                with state.saving():
                    kept = map_views.without_view(views, gone)
                    store.save_answers(partnership_id, Topic.MAP_VIEWS, map_views.to_payload(kept), based_on=payload)
                    state.flash(f"Deleted the view '{gone}'")
                    st.rerun()


def _save(
    store: Store, partnership_id: int, payload: dict[str, object], views: Sequence[MapView], name: str, caption: str
) -> None:
    current = st.session_state
    view = MapView(
        name=name, caption=caption, size_by=current[FILTER_KEYS["size_by"]],
        types=tuple(current[FILTER_KEYS["types"]]), communities=tuple(current[FILTER_KEYS["communities"]]),
        centre=current[FILTER_KEYS["centre"]] or "", steps=int(current[FILTER_KEYS["steps"]]),
        barriers=bool(current[FILTER_KEYS["barriers"]]),
    )  # fmt: skip
    try:
        saved = map_views.with_view(views, view)
    except ValueError as error:
        st.warning(str(error), icon=":material/edit:")
        return
    with state.saving():
        store.save_answers(partnership_id, Topic.MAP_VIEWS, map_views.to_payload(saved), based_on=payload)
        state.flash(f"Saved the view '{' '.join(name.split())}'")
        st.rerun()
