"""Step 6 drawing: alerts, the pilot register, tracking charts and the pathway comparison.

All numbers come from :mod:`core.pilots.register`, :mod:`core.pilots.drift` and
:mod:`core.pilots.scaling`; this module only lays them out and collects input.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from core import io_excel
from core.conventions import escape_markdown
from core.model import split_list
from core.pilots import drift, scaling
from core.pilots import register as pilots
from core.pilots.scaling import Criterion, Dependency, Pathway
from core.store import Store, Table
from ui import state
from ui.editor import record_table

__all__ = [
    "Step6",
    "draw_alerts",
    "headline",
    "load",
    "pilots_tab",
    "scaling_tab",
    "tracking_figure",
    "tracking_tab",
]

TRACKING = "tracking"  # answers topic holding the CUSUM settings
SCALING = "scaling"  # answers topic holding the chosen pathway (agreed key: chosen_pathway)
DEFAULT_HORIZON = 10

_BLUE, _GREY, _RED, _GREEN = "#0b5cad", "#6b6b6b", "#c0392b", "#1e8449"
_FONT = {"size": 18}
_CRITERION_COLOURS = {
    Criterion.SYSTEMS_CHANGE: "#0b5cad",
    Criterion.DEPENDENCIES: "#5fa8d3",
    Criterion.TIME_FIT: "#c9d7e8",
}
_ASKED = {
    Dependency.DIPLOMACY: (
        "Can the company engage government (public affairs, business diplomacy)?",
        ["yes", "partly", "no"],
    ),
    Dependency.TRUST: ("How much do members trust each other with their data?", ["high", "medium", "low"]),
    Dependency.IP: ("How sensitive is the intellectual property involved?", ["low", "medium", "high"]),
    Dependency.CAPITAL: ("Is capital committed for joint work?", ["yes", "partly", "no"]),
}


# The record kinds this step reads (reading all 24 costs about three times as much).
_NEEDED = (
    Table.PILOTS,
    Table.OBSERVATIONS,
    Table.INDICATORS,
    Table.FACTORS,
    Table.ACTORS,
    Table.RELATIONS,
    Table.EVIDENCE,
    Table.FUNDING_SHARES,
)


@dataclass
class Step6:
    """Everything the page shows, computed once per run."""

    frames: dict[Table, pd.DataFrame]
    findings: list[pilots.PilotFinding]
    tracked: pd.DataFrame
    alerts: list[drift.DriftAlert]
    k: float
    h: float
    answers: dict[str, dict]  # scaling, funding and governance answers


def load(store: Store, partnership_id: int) -> Step6:
    """Read the partnership and run the register checks and drift detection.

    Cached on the partnership's last-change time, which every write moves,
    so widget reruns do not re-read and re-compute.
    """
    stamp = str(store.partnership(partnership_id)["updated_at"])
    return _load(str(store.path), partnership_id, stamp)


@st.cache_data(max_entries=16, show_spinner=False)
def _load(path: str, partnership_id: int, stamp: str) -> Step6:  # stamp: part of the cache key
    store = Store(path)
    frames = store.read_many(partnership_id, list(_NEEDED))
    settings = store.answers(partnership_id, TRACKING)
    k = float(settings.get("k", drift.DEFAULT_K))
    h = float(settings.get("h", drift.DEFAULT_H))
    findings = pilots.check_register(frames[Table.PILOTS], frames[Table.FACTORS], frames[Table.ACTORS])
    tracked = drift.track(frames[Table.PILOTS], frames[Table.INDICATORS], frames[Table.OBSERVATIONS], k, h)
    found = drift.alerts(tracked, frames[Table.PILOTS], frames[Table.INDICATORS], h)
    answers = {topic: store.answers(partnership_id, topic) for topic in (SCALING, "funding", "governance")}
    return Step6(frames, findings, tracked, found, k, h, answers)


# -- alerts -------------------------------------------------------------------


def draw_alerts(view: Step6) -> None:
    """Drift alerts first, then what the register is missing."""
    active = [alert for alert in view.alerts if alert.active]
    if active:
        st.subheader(f"⚠ {len(active)} indicator(s) off course")
        for alert in active:
            st.error(escape_markdown(alert.describe()), icon=":material/trending_down:")
    for alert in view.alerts:
        if not alert.active:
            st.info(escape_markdown(alert.describe()), icon=":material/trending_up:")
    for finding in view.findings:
        st.warning(
            f"**{escape_markdown(finding.pilot)}**: {escape_markdown(finding.message)}", icon=":material/checklist:"
        )
    if not view.alerts and not view.findings and not view.frames[Table.PILOTS].empty:  # no pilots: nothing to praise
        st.success("Every pilot is on track and passes the register checks.", icon=":material/check_circle:")


# -- pilots -------------------------------------------------------------------


def pilots_tab(store: Store, partnership_id: int, view: Step6) -> None:
    """The register, one card per pilot with its findings, then the editable table."""
    register = view.frames[Table.PILOTS]
    if register.empty:
        st.info("No pilots yet. Add one below: name it, the factor of the map it targets, its partners and validator.")
    by_pilot: dict[str, list[str]] = {}
    for finding in view.findings:
        by_pilot.setdefault(finding.pilot, []).append(finding.kind.value)
    columns = st.columns(min(3, max(1, len(register))))
    for index, pilot in enumerate(register.itertuples(index=False)):
        with columns[index % len(columns)].container(border=True):
            st.markdown(f"**{escape_markdown(pilot.name)}**")
            st.caption(
                f"{_text(pilot.aim) or 'aim not set'} · {_text(pilot.status) or 'status not set'} · "
                f"{_date(pilot.start_date)} to {_date(pilot.end_date)}"
            )
            st.markdown(
                f"Targets: {escape_markdown(_text(pilot.factor) or '—')} "
                f"({escape_markdown(_text(pilot.lever) or 'no lever')})"
            )
            leaders = split_list(pilot.market_leaders)
            st.markdown(
                f"Market leaders: {len(leaders)} · Validator: {escape_markdown(_text(pilot.validator) or 'none')}"
            )
            problems = by_pilot.get(str(pilot.name), [])
            if problems:
                st.markdown(" ".join(f":orange-badge[{escape_markdown(p)}]" for p in problems))
            else:
                st.markdown(":green-badge[passes the checks]")
    st.subheader("Register")
    st.caption(
        "Aim: industry adoption, policy, community or internal. Lists (partners, market leaders, indicators) "
        "are ';'-separated names from the actor list and the shared indicators."
    )
    record_table(store, partnership_id, Table.PILOTS, register)


def _text(value: object) -> str:
    return "" if value is None or pd.isna(value) else str(value)


def _date(value: object) -> str:
    return "?" if value is None or pd.isna(value) else f"{pd.Timestamp(value):%d %b %Y}"


# -- tracking -----------------------------------------------------------------


def tracking_figure(rows: pd.DataFrame, indicator: str, unit: str, h: float, large: bool = False) -> go.Figure:
    """Observed values against the planned line, with where drift began and the alarm."""
    label = html.escape(indicator)
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=rows["date"],
            y=rows["planned"],
            name="Planned",
            mode="lines",
            line={"color": _GREY, "dash": "dash", "width": 3},
        )
    )
    fig.add_trace(
        go.Scatter(
            x=rows["date"],
            y=rows["observed"],
            name="Observed",
            mode="lines+markers",
            line={"color": _BLUE, "width": 4},
            marker={"size": 9},
        )
    )
    began = rows[rows["drift_began"]]
    alarm = rows[rows["alarm"]]
    if len(alarm):
        start = began["date"].iloc[0] if len(began) else rows["date"].iloc[0]
        fig.add_vrect(x0=start, x1=rows["date"].iloc[-1], fillcolor=_RED, opacity=0.08, line_width=0)
        fig.add_trace(
            go.Scatter(
                x=alarm["date"],
                y=alarm["observed"],
                name="Drift alarm",
                mode="markers+text",
                marker={"color": _RED, "size": 20, "symbol": "x"},
                text=[f"alarm {pd.Timestamp(alarm['date'].iloc[0]):%b %Y}"],
                textposition="bottom right",
                textfont={"color": _RED, "size": 16},
            )
        )
        fig.add_annotation(
            x=start, y=1, yref="paper", text=f"drift began {pd.Timestamp(start):%d %b %Y}", showarrow=False,
            xanchor="left", font={"color": _RED, "size": 16},
        )  # fmt: skip
    fig.update_layout(
        title={"text": f"{label}" + (f" ({html.escape(unit)})" if unit else ""), "font": {"size": 24 if large else 20}},
        font={"size": 20 if large else _FONT["size"]},
        height=520 if large else 420,
        margin={"l": 20, "r": 20, "t": 60, "b": 20},
        legend={"orientation": "h", "y": -0.15, "font": {"size": 18 if large else 16}},
        hovermode="x unified",
    )
    _readable_axes(fig, large)
    return fig


def _readable_axes(fig: go.Figure, large: bool) -> None:
    """Tick labels big enough to read from the back of a room."""
    size = 18 if large else 15
    fig.update_xaxes(tickfont={"size": size})
    fig.update_yaxes(tickfont={"size": size})


def _cusum_figure(rows: pd.DataFrame, h: float) -> go.Figure:
    fig = go.Figure(
        go.Bar(
            x=rows["date"],
            y=rows["cusum"],
            marker_color=[_RED if v > h else _BLUE for v in rows["cusum"]],
            name="CUSUM",
        )
    )
    fig.add_hline(y=h, line={"color": _RED, "dash": "dot"}, annotation_text=f"threshold h = {h:g}")
    fig.update_layout(height=260, font=_FONT, margin={"l": 20, "r": 20, "t": 30, "b": 20}, yaxis_title="CUSUM")
    return fig


def tracking_tab(store: Store, partnership_id: int, view: Step6) -> None:
    """Per pilot: one chart per indicator, drift settings, and ways to add observations."""
    register = view.frames[Table.PILOTS]
    if register.empty:
        st.info("Add a pilot first; its indicators are tracked here.")
        return
    names = register["name"].tolist()
    drifting = [alert.pilot for alert in view.alerts if alert.active]
    default = names.index(drifting[0]) if drifting and drifting[0] in names else 0
    pilot = st.selectbox("Pilot", names, index=default, key=f"step6_pilot_{partnership_id}")
    rows = view.tracked[view.tracked["pilot"] == pilot]
    units = dict(
        zip(view.frames[Table.INDICATORS]["name"], view.frames[Table.INDICATORS]["unit"].fillna(""), strict=True)
    )
    tracked_names = split_list(register.loc[register["name"] == pilot, "indicators"].iloc[0])
    if rows.empty:
        st.info(
            "No observations to draw yet for this pilot. Its indicators need a baseline and a target in the data "
            "dictionary (step 5), and observations on or after the pilot's start."
        )
    for indicator, part in rows.groupby("indicator", sort=False):
        st.plotly_chart(
            tracking_figure(part, str(indicator), str(units.get(indicator, "")), view.h, large=state.presenting()),
            key=f"step6_track_{pilot}_{indicator}",
        )
    with st.expander("How drift is detected (CUSUM settings)"):
        st.markdown(
            "Each observation's **shortfall** is how far it sits behind the planned straight line, as a share of the "
            "whole planned change from baseline to target. A one-sided CUSUM (Page, 1954) adds up the shortfall "
            "beyond a slack **k** per observation and never drops below zero; the alarm sounds when the sum passes "
            "**h**. The drift is dated from the last observation where the sum was still zero."
        )
        if not state.presenting():
            left, right = st.columns(2)
            left.number_input(
                "k, slack per observation (share of the planned change)", 0.0, 0.5, view.k, 0.005, format="%.3f",
                key=f"step6_k_{partnership_id}", on_change=_save_settings, args=(store, partnership_id),
                help="Shortfalls smaller than this are treated as noise. Larger k: fewer, later alarms.",
            )  # fmt: skip
            right.number_input(
                "h, alarm threshold", 0.01, 2.0, view.h, 0.01, format="%.2f",
                key=f"step6_h_{partnership_id}", on_change=_save_settings, args=(store, partnership_id),
                help="The accumulated excess shortfall that raises the alarm. "
                "Smaller h: earlier alarms, more false ones.",
            )  # fmt: skip
        else:
            st.caption(f"k = {view.k:g}, h = {view.h:g}")
        for indicator, part in rows.groupby("indicator", sort=False):
            st.caption(escape_markdown(str(indicator)))
            st.plotly_chart(_cusum_figure(part, view.h), key=f"step6_cusum_{pilot}_{indicator}")
    if state.presenting():
        return
    st.subheader("Observations")
    _add_observation_form(store, partnership_id, pilot, tracked_names)
    _import_observations(store, partnership_id, pilot, view.frames[Table.OBSERVATIONS])
    _observation_editor(store, partnership_id, pilot, view.frames[Table.OBSERVATIONS])


def _save_settings(store: Store, partnership_id: int) -> None:
    k = st.session_state[f"step6_k_{partnership_id}"]
    h = st.session_state[f"step6_h_{partnership_id}"]
    store.save_answers(partnership_id, TRACKING, {"k": float(k), "h": float(h)})
    state.flash(f"Drift settings saved: k = {k:g}, h = {h:g}")


def _add_observation_form(store: Store, partnership_id: int, pilot: str, indicators: list[str]) -> None:
    with st.form(f"step6_add_{partnership_id}", clear_on_submit=False, border=True):
        st.markdown("**Add one observation**")
        left, middle, right = st.columns(3)
        indicator = left.selectbox("Indicator", indicators or ["(the pilot tracks no indicator)"])
        when = middle.date_input("Date", value=None, format="YYYY-MM-DD")
        value = right.text_input("Value", placeholder="a number")
        note = st.text_input("Note (optional)")
        if st.form_submit_button("Add observation", type="primary"):
            incoming = pd.DataFrame(
                [{"pilot": pilot, "indicator": indicator, "date": when, "value": value, "note": note}]
            )
            _record(store, partnership_id, incoming)


def _record(store: Store, partnership_id: int, incoming: pd.DataFrame, row_offset: int = 1, where: str = "") -> None:
    try:
        added, replaced = pilots.record_observations(store, partnership_id, incoming, row_offset)
    except pilots.ObservationsRefused as refused:
        _show_refusal(refused.lines(), where)
        return
    state.flash(f"Saved {added} new observation(s)" + (f", replaced {replaced}" if replaced else ""))
    st.rerun()


def _show_refusal(lines: list[str], where: str = "") -> None:
    shown = lines[:12]
    st.error(
        f"Nothing was saved{where}. Fix these first:\n\n"
        + "\n".join(f"- {escape_markdown(line)}" for line in shown)
        + (f"\n- … and {len(lines) - 12} more" if len(lines) > 12 else "")
    )


def _import_observations(store: Store, partnership_id: int, pilot: str, observations: pd.DataFrame) -> None:
    with st.expander("Import observations from Excel or CSV"):
        st.caption(
            "Columns: indicator, date, value, and optionally note and pilot (rows without a pilot column "
            "belong to the pilot chosen above). A row with the same pilot, indicator and date as a stored "
            "one replaces its value. If any row has a problem, nothing is imported."
        )
        upload = st.file_uploader(
            "Observations file", type=["xlsx", "xlsm", "xls", "csv"], key=f"step6_upload_{partnership_id}"
        )
        mine = observations[observations["pilot"] == pilot]
        st.download_button(
            "Download this pilot's observations (Excel)",
            io_excel.write_workbook({"Observations": mine}),
            file_name="observations.xlsx",
            key=f"step6_download_{partnership_id}",
        )
        if upload is None:
            return
        data = upload.getvalue()
        try:
            names = io_excel.sheet_names(data, upload.name)
        except io_excel.ImportRefused as refused:
            st.error(str(refused))
            return
        sheet = st.selectbox("Sheet", names, key=f"step6_sheet_{partnership_id}") if len(names) > 1 else names[0]
        if st.button("Import", type="primary", key=f"step6_import_{partnership_id}"):
            try:
                added, replaced = pilots.import_observations(store, partnership_id, data, upload.name, pilot, sheet)
            except io_excel.ImportRefused as refused:
                st.error(str(refused))
                return
            except pilots.ObservationsRefused as refused:
                _show_refusal(refused.lines(), f" from {escape_markdown(upload.name)}")
                return
            state.flash(f"Imported {added} new observation(s)" + (f", replaced {replaced}" if replaced else ""))
            st.rerun()


def _observation_editor(store: Store, partnership_id: int, pilot: str, observations: pd.DataFrame) -> None:
    mine = observations[observations["pilot"] == pilot].drop(columns="pilot").reset_index(drop=True)
    generation = st.session_state.setdefault("step6_obs_generation", 0)
    with st.expander(f"All {len(mine)} observations of this pilot (edit or delete)"):
        edited = st.data_editor(
            mine,
            num_rows="dynamic",
            hide_index=True,
            key=f"step6_obs_{partnership_id}_{pilot}_{generation}",
            width="stretch",
            column_config={
                "date": st.column_config.DateColumn("Date", format="YYYY-MM-DD"),
                "value": st.column_config.NumberColumn("Value"),
            },
            placeholder="",
        )
        changed = not edited.reset_index(drop=True).equals(mine)
        if st.button("Save observations", disabled=not changed, key=f"step6_obs_save_{partnership_id}"):
            try:
                pilots.replace_pilot_observations(store, partnership_id, pilot, edited)
            except pilots.ObservationsRefused as refused:
                _show_refusal(refused.lines())
                return
            st.session_state["step6_obs_generation"] = generation + 1
            state.flash(f"Saved {len(edited)} observations of {pilot}")
            st.rerun()


# -- scaling ------------------------------------------------------------------


def _horizon_default(view: Step6) -> tuple[float, str]:
    saved = view.answers[SCALING]
    if saved.get("horizon_years"):
        return float(saved["horizon_years"]), "saved with this comparison"
    governance = view.answers["governance"]
    if governance.get("horizon_years"):
        return float(governance["horizon_years"]), "from the governance answers (step 4)"
    return float(DEFAULT_HORIZON), "a default: set it to the years the partners plan to work together"


def scaling_figure(ranking: pd.DataFrame, weights: dict[Criterion, float], large: bool = False) -> go.Figure:
    """Stacked bars: each pathway's score split into its weighted criteria, best on top."""
    total = sum(weights.values()) or 1.0
    ordered = ranking.iloc[::-1]
    fig = go.Figure()
    for criterion in (Criterion.SYSTEMS_CHANGE, Criterion.DEPENDENCIES, Criterion.TIME_FIT):
        fig.add_trace(
            go.Bar(
                y=ordered["label"],
                x=ordered[criterion.value] * weights[criterion] / total,
                name=criterion.label,
                orientation="h",
                marker_color=_CRITERION_COLOURS[criterion],
            )
        )
    fig.add_trace(
        go.Scatter(
            y=ordered["label"], x=ordered["score"], mode="text", text=[f"  {s:.2f}" for s in ordered["score"]],
            textposition="middle right", textfont={"size": 20}, showlegend=False, hoverinfo="skip",
        )
    )  # fmt: skip
    fig.update_layout(
        barmode="stack",
        font={"size": 20 if large else _FONT["size"]},
        height=480 if large else 400,
        xaxis={"range": [0, 1.12], "title": "score (weighted mean, 0-1)"},
        margin={"l": 20, "r": 20, "t": 20, "b": 20},
        legend={"orientation": "h", "y": -0.2, "font": {"size": 18 if large else 16}},
    )
    _readable_axes(fig, large)
    return fig


def scaling_tab(store: Store, partnership_id: int, view: Step6) -> None:
    """Weights, asked dependencies, the ranked recommendation, risks and the choice."""
    saved = view.answers[SCALING]
    funding = view.answers["funding"]
    presenting = state.presenting()
    horizon, horizon_source = _horizon_default(view)
    saved_weights = saved.get("weights", {})
    saved_asked = dict(saved.get("asked", {}))
    prefix = f"step6_scaling_{partnership_id}"

    if presenting:
        weights = {c: float(saved_weights.get(c.value, 1.0)) for c in Criterion}
        asked = saved_asked
    else:
        with st.container(border=True):
            st.markdown("**What matters most to this partnership?** Equal weights are neutral.")
            columns = st.columns(4)
            horizon = columns[0].number_input(
                "Years available",
                1,
                30,
                int(horizon),
                key=f"{prefix}_horizon",
                help=f"Starting value {horizon_source}.",
            )
            weights = {
                criterion: float(
                    column.slider(
                        criterion.label,
                        0.0,
                        3.0,
                        float(saved_weights.get(criterion.value, 1.0)),
                        0.5,
                        key=f"{prefix}_{criterion.value}",
                    )
                )
                for column, criterion in zip(columns[1:], Criterion, strict=True)
            }
        statuses = scaling.read_dependencies(view.frames, funding, saved_asked)
        to_ask = [d for d in _ASKED if statuses[d].source in ("asked", "unknown")]
        asked = {}
        if to_ask:
            with st.container(border=True):
                st.markdown("**A few things the records cannot tell**")
                columns = st.columns(len(to_ask))
                for column, dependency in zip(columns, to_ask, strict=True):
                    question, options = _ASKED[dependency]
                    previous = saved_asked.get(dependency.value)
                    choice = column.radio(
                        question, options, index=options.index(previous) if previous in options else None,
                        key=f"{prefix}_ask_{dependency.value}",
                    )  # fmt: skip
                    if choice is not None:
                        asked[dependency.value] = choice
    if sum(weights.values()) <= 0:
        st.warning("All weights are zero: give at least one criterion some weight.")
        return
    statuses = scaling.read_dependencies(view.frames, funding, asked)
    ranking = scaling.compare(statuses, float(horizon), weights)
    best = ranking.iloc[0]
    st.subheader(f"Recommended: {best['label']}")
    st.markdown(escape_markdown(str(best["explanation"])))
    st.plotly_chart(scaling_figure(ranking, weights, large=presenting), key=f"{prefix}_chart")
    st.caption(
        "Systems change and time horizon follow the pathway table of the framework; dependencies are read from "
        "this partnership's records where they can be, otherwise from the answers above (unknown counts as half met)."
    )
    for row in ranking.itertuples(index=False):
        with st.expander(f"{row.rank}. {row.label}: score {row.score:.2f}"):
            st.markdown(escape_markdown(str(row.explanation)))
            st.markdown("**Main risks**")
            st.markdown("\n".join(f"- {escape_markdown(risk)}" for risk in row.risks))
    chosen = saved.get("chosen_pathway")
    labels = {p.pathway.value: p.label for p in scaling.PATHWAYS}
    if chosen in labels:
        st.success(f"Chosen pathway: **{labels[chosen]}**")
    if presenting:
        return
    options = [p.value for p in Pathway]
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    pick = left.selectbox(
        "The partnership's chosen pathway", options, format_func=labels.__getitem__,
        index=options.index(chosen) if chosen in options else options.index(str(best["pathway"])),
        key=f"{prefix}_choice",
    )  # fmt: skip
    if right.button("Save choice", type="primary", key=f"{prefix}_save"):
        store.save_answers(
            partnership_id,
            SCALING,
            {
                "chosen_pathway": pick,
                "recommended": str(best["pathway"]),
                "weights": {c.value: w for c, w in weights.items()},
                "horizon_years": int(horizon),
                "asked": asked,
            },
        )
        state.flash(f"Chosen scaling pathway saved: {labels[pick]}")
        st.rerun()


# -- headline -----------------------------------------------------------------


def headline(store: Store, partnership_id: int) -> None:
    """Step 6 in one view: the most urgent pilot's tracking chart and a one-line takeaway."""
    view = load(store, partnership_id)
    active = [alert for alert in view.alerts if alert.active]
    if active:
        alert = active[0]
        st.markdown(f"### Off course: {escape_markdown(alert.pilot)}, since {alert.began:%d %b %Y}")
        rows = view.tracked[(view.tracked["pilot"] == alert.pilot) & (view.tracked["indicator"] == alert.indicator)]
    elif not view.tracked.empty:
        first = view.tracked.iloc[0]
        st.markdown(f"### All {view.frames[Table.PILOTS].shape[0]} pilots on track")
        rows = view.tracked[
            (view.tracked["pilot"] == first["pilot"]) & (view.tracked["indicator"] == first["indicator"])
        ]
    else:
        st.markdown("### No pilot observations yet")
        return
    indicator = str(rows["indicator"].iloc[0])
    units = dict(
        zip(view.frames[Table.INDICATORS]["name"], view.frames[Table.INDICATORS]["unit"].fillna(""), strict=True)
    )
    st.plotly_chart(
        tracking_figure(rows, indicator, str(units.get(indicator, "")), view.h, large=True), key="step6_headline"
    )
    chosen = view.answers[SCALING].get("chosen_pathway")
    if chosen in {p.value for p in Pathway}:
        st.caption(f"Chosen scaling pathway: {scaling.profile(chosen).label}")
