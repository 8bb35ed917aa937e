"""The Roles (RACI) tab: the grid of who does what, its checks, and removing a partner consistently."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.conventions import escape_markdown
from core.governance.raci import ACTIVITY, accountable_load, check, from_grid, grid_problems, to_grid
from core.governance.rights import remove_partner
from core.model import RaciRole
from core.store import Store, Table
from core.store.rows import diff
from ui import state
from ui.editor import editor_key, has_edits, pinned, save_bar
from ui.governance.checks import warn_all
from ui.governance.data import GovernanceData
from ui.problems import bullets
from ui.table import show_table

__all__ = ["show"]


def show(store: Store, partnership_id: int, data: GovernanceData) -> None:
    raci = data.frames[Table.RACI]
    grid = to_grid(raci, data.partners)
    st.caption(
        "One row per activity, one column per partner. R = Responsible (does the work), A = Accountable "
        "(owns the result, exactly one), C = Consulted, I = Informed."
    )
    if state.presenting():
        show_table(grid)
        issues = [i.message for i in check(raci, data.partners)]
        warn_all(issues, "Every activity has one Accountable.", _no_raci(raci))
        return
    rows = _editable_grid(store, partnership_id, grid)
    st.markdown("**Checks**")
    warn_all(
        [i.message for i in check(rows, data.partners)],
        "Every activity has exactly one Accountable and a Responsible; every partner has a role.",
        _no_raci(rows),
    )
    load = accountable_load(rows)
    if len(load):
        st.caption("Accountable for: " + escape_markdown(", ".join(f"{name} {count}" for name, count in load.items())))
    _removal(store, partnership_id, data)


def _no_raci(raci: pd.DataFrame) -> str | None:
    return "No activities in the RACI grid yet." if raci.empty else None


def _editable_grid(store: Store, partnership_id: int, grid: pd.DataFrame) -> pd.DataFrame:
    """The grid in an editor with its save button; returns the rows as edited (checked before saving)."""
    slot = f"raci_grid_{partnership_id}"
    key = editor_key(slot)
    base = pinned(slot, grid)
    roles = [role.value for role in RaciRole]
    config: dict[str, object] = {ACTIVITY: st.column_config.TextColumn("Activity", required=True, pinned=True)}
    for partner in base.columns.drop(ACTIVITY):
        config[partner] = st.column_config.SelectboxColumn(partner, options=roles, width="small", help=partner)
    edited = st.data_editor(
        base,
        num_rows="dynamic",
        height=min(38 + 35 * (len(base) + 1), 640),
        hide_index=True,
        column_config=config,
        key=key,
        width="stretch",
        placeholder="",
    )
    problems = grid_problems(edited)
    rows = from_grid(edited)

    def save(overwrite: bool) -> None:
        store.replace(
            partnership_id,
            Table.RACI,
            rows,
            reason="saving the RACI grid",
            based_on=from_grid(base),
            overwrite=overwrite,
        )
        state.flash(f"Saved {len(rows)} RACI roles over {rows['activity'].nunique()} activities")

    save_bar(
        rows,
        Table.RACI,
        has_edits(key),
        save,
        slot=slot,
        label="Save RACI",
        unsaved="Unsaved changes (the checks below already include them)",
        problems=problems,
    )
    return rows


def _removal(store: Store, partnership_id: int, data: GovernanceData) -> None:
    with st.expander("Remove a partner from the partnership"):
        if not data.partners:
            st.caption("No partners yet: shortlist them in step 3 or seat them in a chamber.")
            return
        name = st.selectbox("Partner to remove", data.partners, index=None, key=f"gov_remove_{partnership_id}")
        if name is None:
            return
        removal = remove_partner(data.frames, name)
        changes = removal.changes or ["It holds no roles."]
        st.warning(
            "Removing takes the partner off the short list and out of every governance table at once:\n\n"
            + bullets(changes, limit=len(changes))
        )
        if st.button(f"Remove {escape_markdown(name)}", key="gov_remove_confirm"):
            # Only what the removal changes is saved, on top of what others saved since.
            changes = [diff(data.frames[table], frame, table) for table, frame in removal.frames.items()]
            store.save(partnership_id, changes, reason=f"removing {name}", overwrite=True)
            state.flash(f"Removed {name} from the partnership", icon="🗑️")
            st.rerun()
