"""Portfolio: every partnership in the file, how ready it is and where it drifts."""

import pandas as pd
import streamlit as st

from core.across.portfolio import DRIFT_TOLERANCE, portfolio
from core.conventions import escape_markdown
from core.model import Stage
from core.steps import HOME
from ui import state
from ui.table import show_table


@state.cached(show_spinner=False, max_entries=4)
def _rows(path: str, member: str | None, stamps: tuple[tuple[int, object], ...]) -> pd.DataFrame:
    """Every partnership's row (in team mode, the member's): all their tables are read, so only when one changed."""
    return portfolio(state.reopened(path, member))


store = state.store()
stamps = tuple(store.partnerships()[["id", "revision"]].itertuples(index=False, name=None))
rows = _rows(store.location, state.member(), stamps)  # every write moves its partnership's revision

st.html('<div class="ks-step">Across partnerships</div>')
st.title("Portfolio")
drifting = rows[rows["drift_alerts"] != ""]
best = rows.sort_values("readiness", ascending=False).iloc[0] if len(rows) else None
answer = f"{len(rows)} partnership{'s' if len(rows) != 1 else ''}; {len(drifting)} with indicators behind plan."
if best is not None:
    answer += f" Most ready: {best['name']} ({best['readiness']} of {best['checks']} checks)."
st.markdown(f"**{escape_markdown(answer)}**")

filters = st.columns([2, 2, 1.2, 1.4], vertical_alignment="bottom")  # room for "Drifting only" in wall type
search = filters[0].text_input("Find by name", placeholder="part of a name")
stages = filters[1].multiselect("Stage", [stage.value for stage in Stage], placeholder="all stages")
sort_by = filters[2].selectbox("Sort by", ["readiness", "name", "partners", "drift", "updated"])
only_drift = filters[3].toggle("Drifting only", help="only partnerships with drift alerts")

shown = rows
if search.strip():
    shown = shown[shown["name"].str.contains(search.strip(), case=False, regex=False)]
if stages:
    shown = shown[shown["stage"].isin(stages)]
if only_drift:
    shown = shown[shown["drift_alerts"] != ""]
order = {"readiness": ("readiness", False), "name": ("name", True), "partners": ("partners", False)}
order |= {"drift": ("behind", False), "updated": ("updated_at", False)}
column, ascending = order[sort_by]
shown = shown.sort_values(column, ascending=ascending, kind="stable")

columns = [
    "name",
    "stage",
    "readiness",
    "partners",
    "indicator_status",
    "drift_alerts",
    "stories",
    "latest_story",
    "updated_at",
]
show_table(
    shown.assign(
        indicator_status=shown["on_track"].astype(str) + " of " + shown["indicators"].astype(str) + " on track"
    )[columns],
    {
        "name": st.column_config.TextColumn("Partnership", width="medium"),
        "stage": "Stage",
        "readiness": st.column_config.ProgressColumn(
            "Readiness", min_value=0, max_value=int(rows["checks"].max()) if len(rows) else 7, format="%d checks"
        ),
        "partners": st.column_config.NumberColumn("Partners", help="shortlisted actors"),
        "indicator_status": "Key indicators",
        "drift_alerts": st.column_config.TextColumn("Drift alerts", width="large"),
        "stories": st.column_config.NumberColumn("Stories"),
        "latest_story": "Latest impact story",
        "updated_at": st.column_config.DatetimeColumn("Last change", format="D MMM YYYY, HH:mm"),
    },
    wall=columns[:6],
)
st.caption(
    "Drift alert: an indicator whose latest value has covered less of the way from baseline to target "
    f"than the time elapsed, by more than {DRIFT_TOLERANCE:.0%} of the way (straight line to the target date)."
)

st.subheader("Open a partnership")
if shown.empty:
    st.info("No partnership matches these filters.")
for row in shown.itertuples(index=False):
    with st.container(border=True):
        left, right = st.columns([5, 1], vertical_alignment="center")
        left.markdown(
            f"**{escape_markdown(row.name)}** · {escape_markdown(row.stage or 'no stage')} · "
            f"{row.readiness} of {row.checks} checks · {row.partners} partners"
        )
        if row.drift_alerts:
            left.caption(f"Behind plan: {escape_markdown(row.drift_alerts)}")
        if row.latest_story:
            left.caption(f"Latest story: {escape_markdown(row.latest_story)}")
        if right.button("Open", key=f"open_{row.id}", icon=":material/open_in_new:"):
            st.session_state[state.PARTNERSHIP] = int(row.id)
            st.switch_page(HOME.page)
