"""Step 5 drawing: theory of change, indicators, dashboard, partner targets, funding.

Every number shown here comes from ``core.metrics.theory_of_change``,
``core.metrics.indicators``, ``core.metrics.targets`` and ``core.metrics.funding``; this module
only lays it out. Each tab leads with its answer in one line.
"""

from __future__ import annotations

import html
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from core.conventions import escape_markdown
from core.metrics import funding, indicators, targets
from core.metrics import theory_of_change as toc
from core.model import IndicatorLevel, Stage
from core.store import Store, Table
from ui import state
from ui.editor import record_table

__all__ = [
    "dashboard_tab",
    "funding_tab",
    "headline",
    "indicators_tab",
    "targets_tab",
    "theory_of_change_tab",
]

_CHART_FONT = {"size": 16}
_CHART_FONT_PRESENTING = {"size": 20}


def _font() -> dict[str, int]:
    return _CHART_FONT_PRESENTING if state.presenting() else _CHART_FONT


def _style(figure: go.Figure, **layout: object) -> go.Figure:
    """Large type everywhere (Streamlit's chart theme shrinks axis labels otherwise)."""
    font = _font()
    figure.update_layout(font=font, legend={"font": font})
    figure.update_layout(**layout)
    figure.update_xaxes(tickfont=font, title_font=font)
    figure.update_yaxes(tickfont=font, title_font=font, automargin=True)
    return figure


def _safe(values: object) -> list[str]:
    """User text for plotly labels, which read a subset of HTML."""
    return [html.escape(str(value)) if pd.notna(value) else "" for value in values]


def _bullets(lines: list[str], limit: int = 15) -> str:
    shown = [f"- {escape_markdown(line)}" for line in lines[:limit]]
    if len(lines) > limit:
        shown.append(f"- … and {len(lines) - limit} more")
    return "\n".join(shown)


# -- theory of change ---------------------------------------------------------


def _toc_takeaway(items: pd.DataFrame, links: pd.DataFrame, gaps: list[toc.Gap]) -> str:
    if items.empty:
        return "No theory of change yet"
    if not gaps:
        return f"Theory of change complete: {len(items)} items, {len(links)} links"
    return f"Theory of change: {len(gaps)} gap{'s' if len(gaps) != 1 else ''} to close before it holds."


def _sankey(items: pd.DataFrame, links: pd.DataFrame, key: str) -> None:
    if links.empty:
        st.info("Link the items (source -> target) to draw the flow.")
        return
    figure = toc.sankey_figure(items, links, font_size=_font()["size"])
    st.plotly_chart(figure, width="stretch", key=key, config={"displaylogo": False})


def headline(store: Store, partnership_id: int) -> None:
    """Step 5's most telling view: the theory of change as a flow, and whether it holds."""
    frames = store.read_many(partnership_id, [Table.TOC_ITEMS, Table.TOC_LINKS, Table.INDICATORS])
    items, links = frames[Table.TOC_ITEMS], frames[Table.TOC_LINKS]
    gaps = toc.completeness(items, links, frames[Table.INDICATORS])
    st.subheader(_toc_takeaway(items, links, gaps))
    _sankey(items, links, key=f"step5_headline_{partnership_id}")


def theory_of_change_tab(store: Store, pid: int, frames: dict[Table, pd.DataFrame]) -> None:
    items, links = frames[Table.TOC_ITEMS], frames[Table.TOC_LINKS]
    gaps = toc.completeness(items, links, frames[Table.INDICATORS])
    st.subheader(_toc_takeaway(items, links, gaps))
    if gaps:
        st.warning(_bullets([gap.message for gap in gaps]))
    elif len(items):
        st.caption(
            "Every activity leads to an outcome, every outcome to a system shift, and every system shift has an "
            "indicator. Alliance research: a full theory of change makes reaching scale about 4x more likely."
        )
    _sankey(items, links, key="step5_sankey")
    if state.presenting():
        return
    counts = toc.level_counts(items)
    for column, (level, count) in zip(st.columns(len(counts)), counts.items(), strict=True):
        column.metric(level.label, count)
    missing = toc.missing_outcomes(items, frames[Table.OUTCOMES])
    if missing:
        st.info("Outcomes from step 2 not yet in the chain:\n\n" + _bullets(missing))
        if st.button("Add them as outcomes", key="step5_add_outcomes"):
            new = pd.DataFrame({"name": missing, "level": "outcome", "description": "From step 2"})
            store.upsert(pid, Table.TOC_ITEMS, new)
            state.flash(f"Added {len(missing)} outcomes from step 2")
            st.rerun()
    st.markdown("**Items**: inputs, activities, outputs, outcomes and system shifts, one a row")
    record_table(store, pid, Table.TOC_ITEMS, items)
    st.markdown("**Links** (each source leads to its target)")
    record_table(store, pid, Table.TOC_LINKS, links)


# -- indicators ------------------------------------------------------------


def indicators_tab(store: Store, pid: int, frames: dict[Table, pd.DataFrame]) -> None:
    frame = frames[Table.INDICATORS]
    counts = indicators.level_counts(frame)
    mix = ", ".join(f"{counts[level]} {level.label.lower()}" for level in IndicatorLevel)
    st.subheader(f"{len(frame)} shared indicators: {mix}")
    if indicators.output_heavy(frame):
        st.warning(
            f"Most indicators are outputs ({counts[IndicatorLevel.OUTPUT]} of {len(frame)}). Outputs are easy "
            "to count but say little about change: add outcome and system-shift indicators."
        )
    warnings = indicators.indicator_warnings(frame, frames[Table.TOC_ITEMS])
    if warnings:
        st.warning(_bullets([f"Row {w.row + 1}, column '{w.column}': {w.message}" for w in warnings]))
    st.download_button(
        "Download the data dictionary (Excel)",
        indicators.dictionary_workbook(frame, frames[Table.PARTNER_TARGETS]),
        file_name="data-dictionary.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="step5_dictionary_download",
        icon=":material/download:",
    )
    if state.presenting():
        st.dataframe(indicators.data_dictionary(frame), hide_index=True, width="stretch", placeholder="")
        return
    st.caption("One dictionary all partners see. Cadence: monthly, quarterly, half-yearly, yearly or 'every N months'.")
    record_table(store, pid, Table.INDICATORS, frame)


# -- dashboard -------------------------------------------------------------


def _progress_figure(board: pd.DataFrame) -> go.Figure:
    shown = board.dropna(subset=["progress"]).iloc[::-1]
    colours = {"overdue": "#D55E00", "no report yet": "#999999", "due within 30 days": "#E69F00"}
    figure = go.Figure(
        go.Bar(
            x=(shown["progress"].astype(float) * 100).round(0),
            y=_safe(shown["indicator"]),
            orientation="h",
            marker_color=[colours.get(status, "#009E73") for status in shown["status"]],
            text=[
                f"{latest:,.4g} of {target:,.4g} {unit}"
                for latest, target, unit in zip(shown["latest"], shown["target"], _safe(shown["unit"]), strict=True)
            ],
            textposition="auto",
            hovertemplate="%{y}: %{x:.0f}% of the planned change<extra></extra>",
        )
    )
    figure.add_vline(x=100, line_dash="dash", line_color="#333333", annotation_text="target")
    return _style(
        figure,
        height=max(300, 60 * len(shown) + 80),
        margin={"l": 10, "r": 10, "t": 30, "b": 40},
        xaxis={"title": "% of the way from baseline to target (orange: report overdue)"},
    )


def dashboard_tab(frames: dict[Table, pd.DataFrame], today: date) -> None:
    board = indicators.dashboard(frames[Table.INDICATORS], frames[Table.OBSERVATIONS], today)
    overdue = board[board["status"] == indicators.ReportStatus.OVERDUE.value]
    never = board[board["status"] == indicators.ReportStatus.NEVER.value]
    if len(overdue):
        names = escape_markdown(", ".join(overdue["indicator"].head(3)))
        names += f" and {len(overdue) - 3} more" if len(overdue) > 3 else ""
        st.subheader(f"{len(overdue)} report{'s' if len(overdue) > 1 else ''} overdue: {names}")
    elif len(board):
        upcoming = board.dropna(subset=["next_due"]).sort_values("next_due")
        if len(upcoming):
            first = upcoming.iloc[0]
            name = escape_markdown(first["indicator"])
            st.subheader(f"No report overdue. Next due: {name} on {first['next_due']:%d %b %Y}")
        else:
            st.subheader("No report overdue.")
    else:
        st.subheader("No shared indicators yet: define them on the Indicators tab.")
        return
    if len(never):
        st.caption(
            f"{len(never)} indicators have never been reported: " + escape_markdown(", ".join(never["indicator"]))
        )
    if board["progress"].notna().any():
        st.plotly_chart(_progress_figure(board), width="stretch", key="step5_progress")
    st.dataframe(
        board,
        hide_index=True,
        width="stretch",
        column_config={
            "indicator": "Indicator",
            "level": "Level",
            "unit": "Unit",
            "baseline": "Baseline",
            "latest": "Latest",
            "target": "Target",
            "progress": st.column_config.ProgressColumn("Progress", format="percent", min_value=0, max_value=1),
            "last_report": st.column_config.DateColumn("Last report", format="YYYY-MM-DD"),
            "reports": "Reports",
            "cadence": "Cadence",
            "next_due": st.column_config.DateColumn("Next due", format="YYYY-MM-DD"),
            "days_overdue": st.column_config.NumberColumn("Days overdue"),
            "status": "Status",
        },
        placeholder="",
    )
    st.caption(
        f"As of {today:%d %b %Y}. The next report is due one cadence period after the latest observation "
        "(from any pilot); an indicator never reported is due now. Observations are recorded in step 6."
    )


# -- partner targets -------------------------------------------------------


def _alignment_figure(compared: pd.DataFrame) -> go.Figure:
    shown = compared.dropna(subset=["reach"]).sort_values(["indicator", "partner"], ascending=False, kind="stable")
    figure = go.Figure()
    for aligned, colour, name in ((True, "#009E73", "agrees"), (False, "#D55E00", "disagrees")):
        part = shown[shown["aligned"] == aligned]
        figure.add_trace(
            go.Scatter(
                x=(part["reach"].astype(float) * 100).round(0),
                y=[_safe(part["indicator"]), _safe(part["partner"])],
                mode="markers",
                name=name,
                marker={"size": 18, "color": colour, "line": {"width": 1, "color": "white"}},
                customdata=list(zip(_safe(part["partner"]), part["comparable"], _safe(part["unit"]), strict=True)),
                hovertemplate="%{customdata[0]}: %{customdata[1]:,.4g} %{customdata[2]}<extra></extra>",
            )
        )
    figure.add_vline(x=100, line_dash="dash", line_color="#333333", annotation_text="shared target")
    figure.add_vline(x=0, line_color="#999999", annotation_text="baseline", annotation_position="top left")
    figure.update_yaxes(categoryorder="array", categoryarray=[_safe(shown["indicator"]), _safe(shown["partner"])])
    return _style(
        figure,
        height=max(320, 42 * len(shown) + 120),
        margin={"l": 10, "r": 10, "t": 50, "b": 40},
        xaxis={"title": "partner target, as % of the shared planned change"},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.04},
    )


def targets_tab(store: Store, pid: int, frames: dict[Table, pd.DataFrame]) -> None:
    compared = targets.compare_targets(frames[Table.PARTNER_TARGETS], frames[Table.INDICATORS])
    between = targets.between_partners(compared)
    off = compared[~compared["aligned"]]
    apart = between[between["disagree"]] if len(between) else between
    if compared.empty:
        st.subheader("No partner targets yet: each partner names its own target for the shared indicators.")
    else:
        st.subheader(
            f"{len(off)} of {len(compared)} partner targets disagree with the shared target; "
            f"partners disagree with each other on {len(apart)} indicators."
        )
    unit_rows = compared[[targets.Misalignment.UNIT in issues for issues in compared["issues"]]]
    if len(unit_rows):
        st.warning(
            "Targets in a different unit than the indicator:\n\n"
            + _bullets(
                [
                    f"{p} on '{i}': {p_u} instead of {u}"
                    for p, i, p_u, u in unit_rows[["partner", "indicator", "partner_unit", "unit"]].itertuples(
                        index=False
                    )
                ]
            )
        )
    if len(compared):
        st.plotly_chart(_alignment_figure(compared), width="stretch", key="step5_alignment")
    if len(off):
        st.markdown("**Where partners pull apart from the shared target**\n\n" + _bullets(list(off["explanation"])))
    if len(apart):
        st.markdown(
            "**Where partners disagree with each other**\n\n"
            + _bullets([f"{i}: {e}" for i, e in apart[["indicator", "explanation"]].itertuples(index=False)])
        )
    if len(compared):
        side = compared.assign(issues=compared["issues"].map(lambda kinds: ", ".join(kinds) or "agrees"))
        st.dataframe(
            side[
                [
                    "partner",
                    "indicator",
                    "partner_target",
                    "partner_unit",
                    "shared_target",
                    "unit",
                    "partner_date",
                    "shared_date",
                    "issues",
                ]
            ],
            hide_index=True,
            width="stretch",
            column_config={
                "partner": "Partner",
                "indicator": "Indicator",
                "partner_target": "Partner target",
                "partner_unit": "Partner unit",
                "shared_target": "Shared target",
                "unit": "Shared unit",
                "partner_date": st.column_config.DateColumn("Partner date", format="YYYY-MM-DD"),
                "shared_date": st.column_config.DateColumn("Shared date", format="YYYY-MM-DD"),
                "issues": "Misalignment",
            },
            placeholder="",
        )
    st.caption(
        f"A partner target agrees when it lies within {targets.SIZE_TOLERANCE:.0%} of the planned change "
        f"(target minus baseline) of the shared target and within {targets.DATE_TOLERANCE_DAYS} days of its date."
    )
    if not state.presenting():
        record_table(store, pid, Table.PARTNER_TARGETS, frames[Table.PARTNER_TARGETS])


# -- funding -----------------------------------------------------------------


def _contribution_figure(ranked: pd.DataFrame) -> go.Figure:
    figure = go.Figure()
    shown = ranked.iloc[::-1]
    labels = [f"{label} ({total:+d})" for label, total in zip(shown["label"], shown["total"], strict=True)]
    palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"]
    for colour, question in zip(palette, funding.QUESTIONS, strict=False):
        name = question.key.replace("_", " ").capitalize().replace("Ip ", "IP ")
        figure.add_trace(
            go.Bar(
                x=shown[f"score_{question.key}"],
                y=labels,
                orientation="h",
                name=name,
                marker_color=colour,
                customdata=shown[f"why_{question.key}"],
                hovertemplate=f"{name}: %{{x:+d}} (%{{customdata}})<extra></extra>",
            )
        )
    return _style(
        figure,
        barmode="relative",
        height=480,
        margin={"l": 10, "r": 10, "t": 30, "b": 160},
        xaxis={"title": "points: each answer adds or takes away (hover for the reason)", "zeroline": True},
        # below the axis title: in large type the legend wraps, and above the plot it covered the top bars
        legend={"orientation": "h", "yanchor": "top", "y": -0.3, "x": 0},
    )


def _questionnaire(pid: int, stored: dict[str, object], default_stage: str | None) -> dict[str, object]:
    answers: dict[str, object] = {}
    columns = st.columns(2)
    for position, question in enumerate(funding.QUESTIONS):
        options = [str(option) for option in question.options]
        current = stored.get(question.key) or (default_stage if question.key == "stage" else None)
        answers[question.key] = columns[position % 2].segmented_control(
            question.text,
            options,
            default=current if current in options else None,
            key=f"step5_funding_{question.key}_{pid}",
        )
    return answers


def _shares_figure(table: pd.DataFrame) -> go.Figure:
    shown = table.iloc[::-1]
    figure = go.Figure(
        go.Bar(
            x=(shown["share"].astype(float) * 100).round(1),
            y=_safe(shown["partner"]),
            orientation="h",
            text=[f"{share:.0%}" for share in shown["share"]],
            textposition="auto",
            marker_color="#0072B2",
            hovertemplate="%{y}: %{x:.1f}%<extra></extra>",
        )
    )
    figure.add_vline(x=50, line_dash="dash", line_color="#D55E00", annotation_text="half")
    figure.add_vline(x=100 / 3, line_dash="dot", line_color="#E69F00", annotation_text="a third")
    return _style(
        figure,
        height=max(260, 55 * len(shown) + 80),
        margin={"l": 10, "r": 10, "t": 30, "b": 40},
        xaxis={"title": "share of the budget (%)", "range": [0, 100]},
    )


def funding_tab(store: Store, pid: int, frames: dict[Table, pd.DataFrame]) -> None:
    stored = store.answers(pid, "funding")
    stage = store.partnership(pid).get("stage")
    default_stage = str(stage) if Stage.parse(stage) else None
    if state.presenting():
        answers = {question.key: stored.get(question.key) for question in funding.QUESTIONS}
        given = [f"{key.replace('_', ' ')}: {value}" for key, value in answers.items() if value]
        st.markdown(escape_markdown(" · ".join(given)) if given else "No funding answers saved yet.")
    else:
        answers = _questionnaire(pid, stored, default_stage)
    ranked = funding.rank_models(answers)
    top = ranked[ranked["rank"] == 1]
    answered = sum(1 for value in answers.values() if value)
    if answered == 0:
        st.subheader("Answer the questions to rank the four funding models.")
    else:
        names = " and ".join(top["label"])
        st.subheader(f"Best fit: {names} ({int(top['total'].iloc[0]):+d} points, from {answered} of 7 answers)")
    st.plotly_chart(_contribution_figure(ranked), width="stretch", key="step5_funding_scores")
    st.dataframe(
        ranked[["rank", "label", "total", "typical_use", "pros", "cons", "stages"]],
        hide_index=True,
        width="stretch",
        column_config={
            "rank": "Rank",
            "label": "Model",
            "total": "Score",
            "typical_use": "Typical use",
            "pros": "Pros",
            "cons": "Cons",
            "stages": "Fits stage",
        },
        placeholder="",
    )
    chosen = funding.FundingModel.parse(stored.get("chosen_model"))
    if chosen:
        st.markdown(f"**Chosen model:** {escape_markdown(chosen.label)}")
    if not state.presenting():
        models = list(funding.FundingModel)
        pick = st.selectbox(
            "The model the partnership chooses",
            models,
            index=models.index(chosen or funding.FundingModel(top["model"].iloc[0])),
            format_func=lambda model: model.label,
            key=f"step5_chosen_model_{pid}",
        )
        if st.button("Save funding answers", key="step5_save_funding", type="primary", disabled=not answers["stage"]):
            payload = {key: value for key, value in answers.items() if value}
            payload.update(
                chosen_model=pick.value,
                recommended=list(top["model"]),
                scores=dict(zip(ranked["model"], ranked["total"].astype(int), strict=True)),
            )
            store.save_answers(pid, "funding", payload)
            state.flash(f"Saved the funding answers: {pick.label}")
            st.rerun()
        if not answers["stage"]:
            st.caption("Choose the stage to save.")
    st.divider()
    _shares_section(store, pid, frames[Table.FUNDING_SHARES])


def _shares_section(store: Store, pid: int, shares: pd.DataFrame) -> None:
    table = funding.funding_shares(shares)
    verdict = funding.share_verdict(shares)
    total = verdict.total
    st.subheader(f"Who pays: {len(table)} funders, {total:,.0f} in total")
    {"warning": st.warning, "note": st.info}.get(verdict.level, st.success)(escape_markdown(verdict.message))
    if total:
        st.plotly_chart(_shares_figure(table), width="stretch", key="step5_shares")
    st.caption(
        "Funding shapes power: who pays tends to steer. A warning shows when one funder pays more than half; "
        "a note when one pays a third or more."
    )
    if not state.presenting():
        record_table(store, pid, Table.FUNDING_SHARES, shares)
