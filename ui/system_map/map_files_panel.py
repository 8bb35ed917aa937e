"""Step 1's maps to and from Gephi, yEd and Kumu: save a map as GEXF, GraphML or Kumu JSON, or import one.

The files are written and read by :mod:`core.system_map.map_files`; an
import is stored by :func:`core.system_map.map_import.import_map`, whole or
not at all, after the page shows what the file holds and what its report says.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from core.conventions import counted, escape_markdown
from core.io_excel import ImportRefused
from core.store import Store, StoreError
from core.system_map.layout import MapKind, Position
from core.system_map.map_files import SHAPES, MapFormat, read_map
from core.system_map.map_import import import_map
from core.system_map.map_writers import write_map
from ui import state
from ui.problems import bullets

__all__ = ["import_panel", "save_buttons"]

_WHAT = {MapKind.ACTORS: "actor map", MapKind.FACTORS: "causal loop diagram"}


def save_buttons(
    kind: MapKind,
    nodes: pd.DataFrame,
    links: pd.DataFrame,
    positions: Mapping[str, Position],
    stem: str,
    target: object = st,
) -> None:
    """At a desk, "Save map file": the whole map in each format, in its kept layout, written when clicked."""
    if state.presenting():
        return
    menu = target.popover("Save map file", icon=":material/share:", key=f"map_files_{kind.value}")
    menu.caption("Every record and its place on the map, for Gephi, yEd or Kumu.")
    for fmt in MapFormat:
        menu.download_button(
            fmt.label,
            lambda fmt=fmt: write_map(kind, nodes, links, positions, fmt),
            file_name=f"{stem}{fmt.suffix}",
            mime=fmt.mime,
            key=f"map_file_{kind.value}_{fmt.value}",
            on_click="ignore",
        )


def import_panel(store: Store, partnership_id: int, kind: MapKind) -> None:
    """Upload a GEXF, GraphML or Kumu JSON file, see what it holds and its report, then add it to the map."""
    if state.presenting():
        return
    what = _WHAT[kind]
    with st.expander(f"Import the {what} from Gephi, yEd or Kumu (GEXF, GraphML, JSON)"):
        upload = st.file_uploader(
            "Map file", type=["gexf", "graphml", "xml", "json"], key=f"map_import_{kind.value}"
        )  # fmt: skip
        if upload is None:
            st.caption(
                "Names are matched ignoring case: a node already on the map is updated with the values the file "
                "gives and keeps the rest. Attributes Keystone has no column for are kept in the notes."
            )
            return
        try:
            read = read_map(upload.getvalue(), upload.name, kind)
        except ImportRefused as refusal:
            st.error(f"Not imported: {escape_markdown(str(refusal))}")
            return
        shape = SHAPES[kind]
        st.write(
            f"{escape_markdown(upload.name)}: {counted(len(read.nodes), shape.noun)}, "
            f"{counted(len(read.links), 'link')}, {counted(len(read.positions), 'position')}."
        )
        if read.notes:
            st.info(bullets(list(read.notes), limit=10))  # bullets escapes each note
        if st.button(f"Add to the {what}", type="primary", key=f"map_import_{kind.value}_go"):
            _store(store, partnership_id, kind, read)


def _store(store: Store, partnership_id: int, kind: MapKind, read) -> None:
    try:
        done = import_map(store, partnership_id, kind, read)
    except ImportRefused as refusal:
        st.error(escape_markdown(str(refusal)))
        return
    except StoreError as error:
        st.error(f"Not imported: {escape_markdown(str(error))}")
        return
    state.flash(f"Imported: {done.summary}")
    st.rerun()
