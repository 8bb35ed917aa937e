"""Read-only tables: Streamlit's grid at a desk, a table the back row can read on the wall.

The grid draws on a canvas in its own small type and cuts what does not fit;
on the wall the same table is drawn as text in the wall's type, its long
cells wrapping, the columns chosen for the room, and a wide table (RACI) in
parts that each repeat the first column.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import streamlit as st

from core.across.readable import readable_table
from core.conventions import counted, escape_markdown
from ui import state

__all__ = ["show_table"]


def show_table(
    frame: pd.DataFrame,
    column_config: Mapping[str, object] | None = None,
    *,
    wall: Sequence[str] | None = None,
    index: bool = False,
) -> None:
    """Draw ``frame`` read-only, for a desk or, when presenting, for the wall.

    Parameters
    ----------
    frame : DataFrame
        The table.
    column_config : mapping, optional
        Streamlit's column configuration; on the wall its labels become the
        headers and its number formats the numbers' text.
    wall : sequence of str, optional
        The columns the wall shows, in order (default: all).
    index : bool
        Show the frame's index as its first column.
    """
    if index:
        frame = frame.reset_index()
    if not state.presenting():
        st.dataframe(frame, hide_index=True, width="stretch", column_config=column_config, placeholder="")
        return
    hidden = {name for name, config in (column_config or {}).items() if config is None}
    chosen = frame.columns if wall is None else wall
    frame = frame[[column for column in chosen if column in frame and column not in hidden]]
    headers, formats = _wall_words(column_config or {})
    readable = readable_table(frame, headers, formats)
    with st.container():  # the table and its parts, which "Full screen" fills the screen with
        for number, part in enumerate(readable.parts, start=1):
            if len(readable.parts) > 1:
                st.caption(f"Part {number} of {len(readable.parts)}")
            st.table(part.map(escape_markdown).rename(columns=escape_markdown), hide_index=True)
        if readable.rows_left_out:
            st.caption(f"And {counted(readable.rows_left_out, 'more row')}: the whole table is at a desk.")
        st.html(_FULL_SCREEN, unsafe_allow_javascript=True)  # our own markup: no user text in it


# The browser's own full screen for the block holding the table (Esc or a second press leaves it).
# Streamlit strips inline handlers, so a script binds each new button once.
_FULL_SCREEN = """<button class="ks-full-screen" type="button">&#x26F6; Full screen</button>
<script>
document.querySelectorAll("button.ks-full-screen:not([data-ready])").forEach(function (button) {
  button.dataset.ready = "1";
  button.addEventListener("click", function () {
    var block = button.closest('[data-testid="stVerticalBlock"]');
    if (document.fullscreenElement) { document.exitFullscreen(); } else if (block) { block.requestFullscreen(); }
  });
});
</script>"""


def _wall_words(column_config: Mapping[str, object]) -> tuple[dict[str, str], dict[str, str]]:
    """The headers and number formats a column configuration gives the desk's grid."""
    headers: dict[str, str] = {}
    formats: dict[str, str] = {}
    for name, config in column_config.items():
        if isinstance(config, str):
            headers[name] = config
        elif isinstance(config, Mapping):
            if config.get("label"):
                headers[name] = str(config["label"])
            number_format = (config.get("type_config") or {}).get("format")
            if isinstance(number_format, str) and number_format.startswith("%"):
                formats[name] = number_format
    return headers, formats
