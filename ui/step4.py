"""Step 4 drawing: the governance recommender, RACI grid, chambers and charter.

Reads and writes go through the store; every rule and check lives in
``core.governance.recommender``, ``core.governance.raci``, ``core.governance.rights`` and ``core.governance.charter``.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from core.conventions import escape_markdown
from core.governance import charter as charter_doc
from core.governance.raci import ACTIVITY, accountable_load, check, from_grid, grid_problems, to_grid
from core.governance.recommender import (
    FIT,
    MODELS,
    QUESTIONS,
    TOPIC,
    WEIGHTS,
    Answers,
    Criterion,
    GovernanceModel,
    Purpose,
    Recommendation,
    recommend,
)
from core.governance.rights import (
    IRMA_CHAMBERS,
    body,
    breadth,
    check_chambers,
    check_decisions,
    check_value_props,
    remove_partner,
)
from core.io_excel import write_workbook
from core.model import RaciRole
from core.records import validate
from core.store import SPECS, Store, Table
from ui import state
from ui.editor import record_table

__all__ = [
    "GovernanceData",
    "chambers_tab",
    "charter_tab",
    "headline",
    "load",
    "model_tab",
    "rights_tab",
    "roles_tab",
    "score_chart",
]

_TABLES = list(charter_doc.TABLES)  # the page shows what the charter is built from
_COLOURS = {
    Criterion.PURPOSE: "#1f4e79",
    Criterion.POWER: "#c55a11",
    Criterion.NEUTRALITY: "#2e75b6",
    Criterion.SPEED: "#bf9000",
    Criterion.HORIZON: "#548235",
    Criterion.STAFFING: "#7030a0",
}


@dataclass(frozen=True)
class GovernanceData:
    frames: dict[Table, pd.DataFrame]
    answers: dict[str, object]
    partners: list[str]  # the decision-making body


def load(store: Store, partnership_id: int) -> GovernanceData:
    """Everything step 4 shows, read over one connection plus the answers."""
    frames = store.read_many(partnership_id, _TABLES)
    return GovernanceData(
        frames, store.answers(partnership_id, TOPIC), body(frames[Table.ACTORS], frames[Table.CHAMBERS])
    )


def _warn_all(messages: list[str], ok: str, empty: str | None = None) -> None:
    """Each problem as a bullet; ``ok`` when there are none (``empty`` when there is nothing to check)."""
    if empty:
        st.info(empty)
        return
    if not messages:
        st.success(ok)
        return
    st.warning("\n".join(f"- {escape_markdown(message)}" for message in messages))


# -- model -------------------------------------------------------------------


def score_chart(recommendation: Recommendation, large: bool = False) -> go.Figure:
    """Stacked bars of each model's points per criterion, best model on top."""
    order = list(reversed(recommendation.ranking))
    labels = [model.label for model in order]
    scores = recommendation.scores.loc[[model.value for model in order]]
    figure = go.Figure()
    for criterion in Criterion:
        figure.add_bar(
            y=labels,
            x=scores[criterion.value],
            name=criterion.label,
            orientation="h",
            marker_color=_COLOURS[criterion],
            hovertemplate=f"{criterion.label}: %{{x:.2f}} points<extra></extra>",
        )
    figure.add_scatter(
        y=labels,
        x=scores["total"],
        mode="markers+text",
        text=[f"{value:.1f}" for value in scores["total"]],
        textposition="middle right",
        marker={"symbol": "diamond", "size": 16 if large else 12, "color": "black"},
        name="Total",
        cliponaxis=False,  # the total's label must not be cut at the plot edge
    )
    size = 22 if large else 16
    figure.update_layout(
        barmode="relative",
        height=460 if large else 360,
        margin={"l": 10, "r": 70, "t": 10, "b": 10},
        font={"size": size},
        legend={"orientation": "h", "y": -0.2},
        xaxis_title="points",
    )
    return figure


def _init(key: str, value: object) -> None:
    st.session_state.setdefault(key, value)


def _questions(partnership_id: int, stored: Answers) -> Answers:
    def key(criterion: Criterion) -> str:
        return f"gov_{criterion.value}_{partnership_id}"

    left, right = st.columns(2)
    with left:
        _init(key(Criterion.PURPOSE), stored.purpose)
        purpose = st.radio(
            QUESTIONS[Criterion.PURPOSE].text,
            list(Purpose),
            format_func=lambda p: p.label,
            key=key(Criterion.PURPOSE),
        )
        _init(key(Criterion.HORIZON), min(50, max(1, stored.horizon_years or 5)))
        horizon = st.number_input(
            QUESTIONS[Criterion.HORIZON].text, min_value=1, max_value=50, step=1, key=key(Criterion.HORIZON)
        )
        _init(key(Criterion.STAFFING), stored.secretariat_funded)
        funded = st.radio(
            QUESTIONS[Criterion.STAFFING].text,
            [True, False, None],
            format_func={True: "Yes", False: "No", None: "Not sure"}.__getitem__,
            horizontal=True,
            key=key(Criterion.STAFFING),
        )
    scales = {}
    with right:
        for criterion, default in ((Criterion.POWER, 3), (Criterion.NEUTRALITY, 3), (Criterion.SPEED, 3)):
            question = QUESTIONS[criterion]
            _init(key(criterion), getattr(stored, criterion.value) or default)
            scales[criterion] = st.select_slider(
                question.text, list(question.options), format_func=question.options.__getitem__, key=key(criterion)
            )
    return Answers(
        purpose=purpose,
        power_balance=scales[Criterion.POWER],
        neutrality=scales[Criterion.NEUTRALITY],
        speed=scales[Criterion.SPEED],
        horizon_years=int(horizon),
        secretariat_funded=funded,
    )


def _no_raci(raci: pd.DataFrame) -> str | None:
    return "No activities in the RACI grid yet." if raci.empty else None


def _score_frame(recommendation: Recommendation) -> pd.DataFrame:
    frame = recommendation.scores.loc[[model.value for model in recommendation.ranking]].copy()
    frame.index = [model.label for model in recommendation.ranking]
    frame.columns = [Criterion(c).label if c != "total" else "Total" for c in frame.columns]
    frame.index.name = "Model"
    return frame.round(2)


def _show_recommendation(recommendation: Recommendation, chosen: str | None, large: bool = False) -> None:
    top = recommendation.top
    if (recommendation.scores["total"] == 0).all():
        st.subheader("No recommendation yet")
        st.info("Every model scores 0 so far: answer the questions to rank them.")
        return
    st.subheader(f"Recommended: {top.label}")
    if chosen and chosen != top.value and chosen in {m.value for m in GovernanceModel}:
        st.caption(f"The partners chose {GovernanceModel(chosen).label}.")
    row = MODELS[top]
    st.markdown(
        f"Decisions by **{row.decision_making}**, perceived neutrality **{row.neutrality}**, "
        f"resourcing needs **{row.resourcing}**; best for: {row.best_for.label.lower()}."
    )
    for advice in recommendation.advice:
        st.info(advice, icon=":material/groups:")
    left, right = st.columns([3, 2])
    with left:
        st.plotly_chart(score_chart(recommendation, large), key="governance_scores")
    with right:
        st.markdown("**Answers that moved the ranking most**")
        if recommendation.drivers:
            st.markdown("\n".join(f"{n}. {d.sentence}" for n, d in enumerate(recommendation.drivers[:3], 1)))
        else:
            st.caption("Answer the questions to see what drives the ranking.")
    st.dataframe(_score_frame(recommendation), width="stretch", placeholder="")


def _rules_expander() -> None:
    with st.expander("How the scores are made (the table the rules come from)"):
        st.markdown(
            "Each answer becomes a level from -1 to +1 (the middle answer is 0). Each model's fit to a "
            "high answer is read off its row below. Points = weight x level x fit; the purpose gives its "
            f"weight ({WEIGHTS[Criterion.PURPOSE]:g} points) to the model whose 'best for' matches."
        )
        table = pd.DataFrame(
            [
                {
                    "Model": row.label,
                    "Decision-making": row.decision_making,
                    "Perceived neutrality": row.neutrality,
                    "Resourcing needs": row.resourcing,
                    "Best for": row.best_for.label,
                }
                for row in MODELS.values()
            ]
        )
        st.dataframe(table, hide_index=True, width="stretch", placeholder="")
        fits = pd.DataFrame({c.label: {m.label: v for m, v in fit.items()} for c, fit in FIT.items()})
        fits.loc["Weight"] = [WEIGHTS[c] for c in FIT]
        st.dataframe(fits, width="stretch", placeholder="")


def model_tab(store: Store, partnership_id: int, data: GovernanceData) -> None:
    """Questions in plain words, the ranking with its reasons, and the choice."""
    stored = Answers.from_dict(data.answers)
    chosen = data.answers.get("chosen_model")
    if state.presenting():
        if stored.purpose is None:
            st.info("The governance questions have not been answered yet.")
            return
        _show_recommendation(recommend(stored), chosen if isinstance(chosen, str) else None, large=True)
        return
    answer_first = st.container()  # the result is drawn above the questions that make it
    with st.expander("The questions", expanded=True):
        answers = _questions(partnership_id, stored)
    recommendation = recommend(answers)
    with answer_first:
        if answers.purpose is None:
            st.info("Choose what the partnership is mainly for: it weighs most.")
        _show_recommendation(recommendation, chosen if isinstance(chosen, str) else None)
    _rules_expander()
    st.markdown("**Your choice**")
    models = list(GovernanceModel)
    default = chosen if chosen in {m.value for m in models} else recommendation.top.value
    left, middle, right = st.columns(3)
    pick = left.selectbox(
        "Governance model the partners choose",
        models,
        index=[m.value for m in models].index(default),
        format_func=lambda m: m.label,
        key=f"gov_choice_{partnership_id}",
    )
    cadences = list(charter_doc.CADENCES)
    cadence = data.answers.get("review_cadence")
    review = middle.selectbox(
        "Review cadence",
        cadences,
        index=cadences.index(cadence) if cadence in cadences else 1,
        key=f"gov_review_{partnership_id}",
    )
    currency = right.text_input(
        "Currency of funding pledges",
        value=str(data.answers.get("currency") or "USD"),
        max_chars=8,
        key=f"gov_currency_{partnership_id}",
    )
    if st.button("Save answers and choice", type="primary", key="gov_save_answers"):
        payload = {
            **data.answers,
            **answers.to_dict(),
            "recommended_model": recommendation.top.value,
            "chosen_model": pick.value,
            "review_cadence": review,
            "currency": currency.strip() or "USD",
        }
        store.save_answers(partnership_id, TOPIC, payload)
        state.flash(f"Saved: governed as {pick.label}")
        st.rerun()


# -- roles ---------------------------------------------------------------------


def roles_tab(store: Store, partnership_id: int, data: GovernanceData) -> None:
    """The RACI grid, its checks, and removing a partner consistently."""
    raci = data.frames[Table.RACI]
    grid = to_grid(raci, data.partners)
    st.caption(
        "One row per activity, one column per partner. R = Responsible (does the work), A = Accountable "
        "(owns the result, exactly one), C = Consulted, I = Informed."
    )
    if state.presenting():
        st.dataframe(grid, hide_index=True, width="stretch", placeholder="")
        issues = [i.message for i in check(raci, data.partners)]
        _warn_all(issues, "Every activity has one Accountable.", _no_raci(raci))
        return
    generation_key = "raci_generation"
    generation = st.session_state.setdefault(generation_key, 0)
    roles = [role.value for role in RaciRole]
    config: dict[str, object] = {ACTIVITY: st.column_config.TextColumn("Activity", required=True, pinned=True)}
    for partner in grid.columns.drop(ACTIVITY):
        config[partner] = st.column_config.SelectboxColumn(partner, options=roles, width="small", help=partner)
    edited = st.data_editor(
        grid,
        num_rows="dynamic",
        height=min(38 + 35 * (len(grid) + 1), 640),
        hide_index=True,
        column_config=config,
        key=f"raci_grid_{partnership_id}_{generation}",
        width="stretch",
        placeholder="",
    )
    problems = grid_problems(edited)
    rows = from_grid(edited)
    changed = not rows.reset_index(drop=True).equals(from_grid(grid).reset_index(drop=True))
    left, right = st.columns([1, 4], vertical_alignment="center")
    if left.button("Save RACI", type="primary", disabled=not changed, key="raci_save"):
        problems += [problem.describe() for problem in validate(rows, Table.RACI)]
        if problems:
            right.error("Not saved. Fix these first:\n\n" + "\n".join(f"- {escape_markdown(p)}" for p in problems))
        else:
            store.replace(partnership_id, Table.RACI, rows, reason="before saving the RACI grid")
            st.session_state[generation_key] = generation + 1
            state.flash(f"Saved {len(rows)} RACI roles over {rows['activity'].nunique()} activities")
            st.rerun()
    elif changed:
        right.caption("Unsaved changes (the checks below already include them)")
    st.markdown("**Checks**")
    _warn_all(
        [i.message for i in check(rows, data.partners)],
        "Every activity has exactly one Accountable and a Responsible; every partner has a role.",
        _no_raci(rows),
    )
    load_a = accountable_load(rows)
    if len(load_a):
        st.caption(
            "Accountable for: " + escape_markdown(", ".join(f"{name} {count}" for name, count in load_a.items()))
        )
    _removal(store, partnership_id, data)


def _fresh_editors(*generation_keys: str) -> None:
    """Give editors new keys so no half-made edit is laid over changed data."""
    for key in generation_keys:
        st.session_state[key] = st.session_state.get(key, 0) + 1


def _removal(store: Store, partnership_id: int, data: GovernanceData) -> None:
    with st.expander("Remove a partner from the partnership"):
        if not data.partners:
            st.caption("No partners yet: shortlist them in step 3 or seat them in a chamber.")
            return
        name = st.selectbox("Partner to remove", data.partners, index=None, key=f"gov_remove_{partnership_id}")
        if name is None:
            return
        removal = remove_partner(data.frames, name)
        st.warning(
            "Removing takes the partner off the short list and out of every governance table at once:\n\n"
            + "\n".join(f"- {escape_markdown(change)}" for change in removal.changes or ["It holds no roles."])
        )
        if st.button(f"Remove {escape_markdown(name)}", key="gov_remove_confirm"):
            store.replace_many(partnership_id, removal.frames, reason=f"before removing {name}")
            _fresh_editors("raci_generation", *(f"editor_generation_{table.value}" for table in removal.frames))
            state.flash(f"Removed {name} from the partnership", icon="🗑️")
            st.rerun()


# -- decision rights -----------------------------------------------------------------


def rights_tab(store: Store, partnership_id: int, data: GovernanceData) -> None:
    st.caption(
        "Who decides what, by which rule (consensus, majority, equal sector chambers, lead partner), "
        "and where a disagreement goes next."
    )
    record_table(store, partnership_id, Table.DECISIONS, data.frames[Table.DECISIONS])
    _warn_all(
        check_decisions(data.frames[Table.DECISIONS], data.partners, data.frames[Table.CHAMBERS]),
        "Every decision has a decider, a rule and an escalation path.",
        "No decisions recorded yet." if data.frames[Table.DECISIONS].empty else None,
    )


# -- chambers and breadth --------------------------------------------------------------


def _sector_chart(votes: pd.Series, large: bool = False) -> go.Figure:
    total = float(votes.sum())
    figure = go.Figure(
        go.Bar(
            x=votes.to_numpy(),
            y=[html.escape(str(name)) for name in votes.index],
            orientation="h",
            marker_color=["#c00000" if value > total / 2 else "#2e75b6" for value in votes],
            hovertemplate="%{y}: %{x} votes<extra></extra>",
        )
    )
    figure.add_vline(x=total / 2, line_dash="dash", annotation_text="half of all votes")
    figure.update_layout(
        height=80 + 45 * len(votes),
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        font={"size": 20 if large else 14},
        xaxis_title="votes",
        yaxis={"autorange": "reversed"},
    )
    return figure


def chambers_tab(store: Store, partnership_id: int, data: GovernanceData) -> None:
    frames = data.frames
    st.subheader("Sector chambers")
    st.caption(
        "For an equitable model: each sector votes as a chamber with equal votes, so no single sector can "
        "outvote the rest (IRMA's 2022 board uses six equal chambers)."
    )
    irma = frames[Table.CHAMBERS].empty and not state.presenting()
    if irma and st.button("Start from IRMA's six chambers", key="gov_irma"):
        store.replace(partnership_id, Table.CHAMBERS, IRMA_CHAMBERS)
        _fresh_editors(f"editor_generation_{Table.CHAMBERS.value}")
        state.flash("Added IRMA's six chambers: put your partners in them")
        st.rerun()
    record_table(store, partnership_id, Table.CHAMBERS, frames[Table.CHAMBERS])
    report = check_chambers(frames[Table.CHAMBERS], frames[Table.ACTORS])
    _warn_all(
        report.issues,
        "Chambers have equal votes and no single sector can outvote the others.",
        "No chambers yet." if frames[Table.CHAMBERS].empty else None,
    )
    if len(report.by_sector):
        st.markdown("**Votes each sector controls across chambers**")
        st.plotly_chart(_sector_chart(report.by_sector, state.presenting()), key="gov_sectors")

    st.subheader("Breadth of the decision-making body")
    reach = breadth(frames[Table.ACTORS], data.partners, frames[Table.CHAMBERS], frames[Table.RACI])
    total_positions = len(reach.positions) + len(reach.missing_positions)
    a, b, c = st.columns(3)
    a.metric("Value-chain positions", f"{len(reach.positions)} of {total_positions}")
    b.metric("Partner types", f"{len(reach.types)} of 6")
    c.metric("Community organisations deciding", len(reach.community_deciders))
    st.caption(
        "The body is the short list of step 3 plus chamber members: "
        + escape_markdown(", ".join(data.partners) or "nobody yet")
    )
    _warn_all(reach.issues, "The body spans the value chain and community organisations decide.")

    st.subheader("Value propositions")
    st.caption("What each partner gives and what it gains, in plain words.")
    record_table(store, partnership_id, Table.VALUE_PROPS, frames[Table.VALUE_PROPS])
    _warn_all(
        check_value_props(frames[Table.VALUE_PROPS], data.partners),
        "Every partner has a value proposition.",
        "No partners on the short list yet (step 3)." if not data.partners else None,
    )


# -- charter -----------------------------------------------------------------------------


def charter_tab(store: Store, partnership_id: int, data: GovernanceData) -> None:
    partnership = store.partnership(partnership_id)
    document = charter_doc.build(partnership, data.frames, data.answers, data.partners)
    markdown = charter_doc.to_markdown(document)
    st.markdown(
        "A draft charter (MOU) written from what is stored: purpose and problem, partners and contributions, "
        "the governance model, decision rights, roles, escalation path, resources and review."
    )
    slug = "".join(ch if ch.isalnum() else "-" for ch in str(partnership["name"]).lower())
    slug = "-".join(part for part in slug.split("-") if part)[:60] or "partnership"
    left, right = st.columns(2)
    left.download_button(
        "Download charter (.docx)",
        lambda: charter_doc.to_docx(document),  # built on click, not on every rerun
        file_name=f"charter-{slug}.docx",
        mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        on_click="ignore",
        type="primary",
        key="gov_charter_docx",
    )
    right.download_button(
        "Download charter (Markdown)",
        markdown,
        file_name=f"charter-{slug}.md",
        mime="text/markdown",
        on_click="ignore",
        key="gov_charter_md",
    )
    tables = (Table.RACI, Table.DECISIONS, Table.CHAMBERS, Table.VALUE_PROPS)
    st.download_button(
        "Download the governance tables (Excel)",
        lambda: write_workbook({SPECS[table].title: data.frames[table] for table in tables}),
        file_name=f"governance-{slug}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
        key="gov_tables_xlsx",
    )
    with st.expander("Preview (Markdown)", expanded=False):
        st.code(markdown, language="markdown", wrap_lines=True)


# -- headline --------------------------------------------------------------------------------


def headline(store: Store, partnership_id: int) -> None:
    """The step's most telling view: the model ranking with the choice made."""
    answers = store.answers(partnership_id, TOPIC)
    stored = Answers.from_dict(answers)
    if stored.purpose is None:
        st.info("Governance: the questions have not been answered yet.")
        return
    recommendation = recommend(stored)
    chosen = answers.get("chosen_model")
    chosen_label = GovernanceModel(chosen).label if chosen in {m.value for m in GovernanceModel} else "not chosen yet"
    st.subheader(f"Governance: {chosen_label} (recommended: {recommendation.top.label})")
    st.plotly_chart(score_chart(recommendation, large=True), key="governance_headline")
    if recommendation.drivers:
        st.markdown(recommendation.drivers[0].sentence)
