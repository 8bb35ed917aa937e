"""Step 1 drawing helpers: the systemic test, actor map, causal loops, what-if and issue map.

Heavy results (metrics, layouts, loops, HTML views) are cached with
``st.cache_data`` on the input frames, so reruns after a widget change are fast.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core import io_excel
from core.conventions import escape_markdown
from core.model import PartnerType
from core.store import SPECS, Store, Table
from core.system_map import causal, network, systemic
from core.system_map import issue_map as issues_map
from ui import state
from ui.editor import record_table
from ui.system_map import charts as system_charts
from ui.system_map import network_view

__all__ = [
    "actor_map",
    "causal_loops",
    "export_button",
    "headline",
    "import_panel",
    "issue_map",
    "load",
    "systemic_test",
    "takeaway",
    "what_if",
]

TABLES = [Table.ACTORS, Table.RELATIONS, Table.FACTORS, Table.CAUSAL_LINKS, Table.BARRIERS]


# -- cached core calls ---------------------------------------------------------------------------------------


@st.cache_data(show_spinner="Analysing the actor map…", max_entries=16)
def _actors(relations: pd.DataFrame, actors: pd.DataFrame) -> tuple[network.ActorNetwork, network.NetworkMetrics]:
    graph = network.build_network(relations, actors)
    return graph, network.analyse(graph)


@st.cache_data(show_spinner=False, max_entries=16)
def _layout(relations: pd.DataFrame, actors: pd.DataFrame) -> dict[str, tuple[float, float]]:
    graph, _ = _actors(relations, actors)
    return network_view.layout(graph.ties)


@st.cache_data(show_spinner=False, max_entries=32)
def _actor_view(
    relations: pd.DataFrame,
    actors: pd.DataFrame,
    barriers: pd.DataFrame | None,
    size_by: network.Centrality,
    names: tuple[str, ...] | None = None,
    cap: int = network_view.DISPLAY_CAP,
    height: int = 720,
) -> network_view.NetworkView:
    """The actor map's HTML (about 0.1-0.3 s to build), kept per filter setting."""
    graph, metrics = _actors(relations, actors)
    burden = issues_map.actor_burden(barriers) if barriers is not None else None
    large = len(graph.ties) if names is None else len(names)
    positions = _layout(relations, actors) if large > network_view.PHYSICS_LIMIT else None
    return network_view.actor_view(graph, metrics, size_by, names, cap, burden, positions, height)


@st.cache_data(show_spinner=False, max_entries=32)
def _diagram_view(links: pd.DataFrame, factors: pd.DataFrame, bound: int, loop: int) -> network_view.NetworkView:
    """The causal loop diagram's HTML with loop number ``loop`` highlighted (-1: none)."""
    diagram, report, _ = _loops(links, factors, bound)
    return network_view.diagram_view(diagram, report.loops[loop] if loop >= 0 else None)


@st.cache_data(show_spinner="Finding feedback loops…", max_entries=16)
def _loops(links: pd.DataFrame, factors: pd.DataFrame, bound: int) -> tuple[object, causal.LoopReport, pd.DataFrame]:
    diagram = causal.build_diagram(links, factors)
    report = causal.find_loops(diagram, length_bound=bound)
    return diagram, report, causal.leverage(diagram, report)


def load(store: Store, partnership_id: int) -> dict[Table, pd.DataFrame]:
    """The five record kinds of step 1, read in one go."""
    return store.read_many(partnership_id, TABLES)


def takeaway(frames: dict[Table, pd.DataFrame]) -> str:
    """One line with the answer first: brokers, bottlenecks, loops, worst barrier."""
    if frames[Table.RELATIONS].empty:
        return "No relations yet: add actors and their ties to see who holds the system together."
    _, metrics = _actors(frames[Table.RELATIONS], frames[Table.ACTORS])
    parts = [f"Key brokers: {', '.join(metrics.brokers[:2]) or 'none'}"]
    if metrics.bottlenecks:
        parts.append(f"bottleneck: {', '.join(metrics.bottlenecks[:2])}")
    if not frames[Table.CAUSAL_LINKS].empty:
        _, report, _ = _loops(frames[Table.CAUSAL_LINKS], frames[Table.FACTORS], 8)
        counts = report.counts()
        parts.append(
            f"{counts[causal.LoopKind.REINFORCING]} reinforcing and {counts[causal.LoopKind.BALANCING]} balancing loops"
        )
    return " · ".join(parts)


# -- headline for the workshop flow ----------------------------------------------------------------------------


def headline(store: Store, partnership_id: int) -> None:
    """The step's single most telling view: the actor map, sized by brokerage, plus the takeaway."""
    frames = load(store, partnership_id)
    st.subheader(escape_markdown(takeaway(frames)))
    if frames[Table.RELATIONS].empty:
        return
    view = _actor_view(
        frames[Table.RELATIONS],
        frames[Table.ACTORS],
        frames[Table.BARRIERS],
        network.Centrality.BETWEENNESS,
        height=640,
    )
    st.iframe(view.html, height=660)
    _type_legend()
    st.caption("Size: betweenness (brokers). Diamonds: cut points. Thick black rings: actors named in barriers.")


# -- systemic test -------------------------------------------------------------------------------------------


def systemic_test(store: Store, partnership_id: int, frames: dict[Table, pd.DataFrame]) -> None:
    stored = store.answers(partnership_id, systemic.TOPIC)
    loop_count = 0
    if not frames[Table.CAUSAL_LINKS].empty:
        loop_count = len(_loops(frames[Table.CAUSAL_LINKS], frames[Table.FACTORS], 8)[1].loops)
    evidence = systemic.map_evidence(frames[Table.ACTORS], frames[Table.RELATIONS], loop_count)
    if stored.get("verdict"):
        _verdict_box(stored)
    if state.presenting():
        if not stored.get("verdict"):
            st.info("The systemic test has not been answered yet.")
        return
    st.markdown("**Answer four questions.** The map's own evidence is shown under each one.")
    previous = stored.get("answers", {}) if isinstance(stored.get("answers"), dict) else {}
    answers = {}
    for question, wording in systemic.QUESTIONS.items():
        suggested, why = evidence[question]
        default = bool(previous.get(question.value, suggested))
        choice = st.radio(
            wording.ask, ["Yes", "No"], index=0 if default else 1, horizontal=True, key=f"systemic_{question.value}"
        )
        st.caption(f"From the map: {escape_markdown(why)}")
        answers[question.value] = choice == "Yes"
    result = systemic.verdict(answers)
    if st.button("Save verdict", type="primary", key="save_systemic"):
        store.save_answers(partnership_id, systemic.TOPIC, result)
        state.flash(f"Saved: the problem is {result['verdict']}")
        st.rerun()
    if result != {k: stored.get(k) for k in result}:
        st.caption("Preview (not saved yet):")
        _verdict_box(result)


def _verdict_box(result: dict[str, object]) -> None:
    reasons = "\n".join(f"- {escape_markdown(reason)}" for reason in result.get("reasons", []))
    if result.get("verdict") == systemic.Verdict.SYSTEMIC.value:
        st.success(f"### Systemic: a coalition is needed\n{reasons}")
    else:
        st.warning(f"### Simple: no coalition needed\n{reasons}")


# -- actor map -----------------------------------------------------------------------------------------------


def actor_map(store: Store, partnership_id: int, frames: dict[Table, pd.DataFrame]) -> None:
    relations, actors = frames[Table.RELATIONS], frames[Table.ACTORS]
    if relations.empty:
        st.info("No relations yet. Add actors and relations below, or load the demo partnership.")
    else:
        graph, metrics = _actors(relations, actors)
        _network_panel(frames, graph, metrics)
        for line in network.summarise(metrics, graph):
            st.markdown(f"- {escape_markdown(line)}")
        st.caption(f"Method: {metrics.method}.")
        left, right = st.columns(2)
        left.plotly_chart(system_charts.centrality_bars(metrics.table, network.Centrality.BETWEENNESS), width="stretch")
        right.plotly_chart(system_charts.centrality_bars(metrics.table, network.Centrality.PAGERANK), width="stretch")
        with st.expander("All metrics per actor", expanded=False):
            st.dataframe(metrics.table.reset_index(), hide_index=True, width="stretch", placeholder="")
    if not state.presenting():
        import_panel(store, partnership_id, "actors")
        st.subheader("Actors")
        record_table(store, partnership_id, Table.ACTORS, actors)
        st.subheader("Relations")
        st.caption("Kinds: " + ", ".join(kind.value for kind in network.RelationKind) + ".")
        record_table(store, partnership_id, Table.RELATIONS, relations)


def _network_panel(frames: dict[Table, pd.DataFrame], graph: network.ActorNetwork, metrics) -> None:
    table = metrics.table
    types = [kind.value for kind in PartnerType if kind.value in set(table["type"].dropna())]
    a, b, c, d = st.columns([2, 2, 3, 2])
    size_by = a.selectbox(
        "Size by", list(network.Centrality), format_func=lambda c: c.label, index=1, key="actor_size_by"
    )
    chosen_types = b.multiselect("Partner types", types, format_func=lambda v: PartnerType(v).label, key="actor_types")
    chosen_communities = b.multiselect(
        "Communities", list(range(1, len(metrics.communities) + 1)), key="actor_communities"
    )
    centre = c.selectbox("Neighbourhood of", ["", *sorted(table.index)], key="actor_centre",
                         format_func=lambda name: name or "everyone")  # fmt: skip
    steps = c.slider("Steps out", 1, 4, 1, key="actor_steps", disabled=not centre)
    cap = d.number_input("Display cap", 20, 5000, network_view.DISPLAY_CAP, step=20, key="actor_cap")
    show_barriers = d.toggle("Show barriers", value=True, key="actor_barriers")
    names = network.select_nodes(metrics, graph, chosen_types, chosen_communities, centre or None, steps)
    barriers = frames[Table.BARRIERS] if show_barriers else None
    view = _actor_view(frames[Table.RELATIONS], frames[Table.ACTORS], barriers, size_by, tuple(names), int(cap))
    if view.capped:
        st.warning(f"Showing the {view.shown} most central of {view.total} actors (by {size_by.label.lower()}).")
    st.iframe(view.html, height=740)
    _type_legend()
    st.caption(
        "Colour = partner type; diamond = cut point; thick black ring = named in a barrier; dashed tie = conflict. "
        + ("Layout computed once, physics off." if not view.physics else "Drag actors to rearrange.")
    )


def _type_legend() -> None:
    """Which colour is which partner type, under the map where the room can see it."""
    keys = [
        f'<span style="color:{colour};font-size:1.4em">●</span> {PartnerType(kind).label}'
        for kind, colour in network_view.TYPE_COLOURS.items()
    ]
    keys.append(f'<span style="color:{network_view.OTHER_COLOUR};font-size:1.4em">●</span> Type not set')
    st.html(f'<div class="ks-legend">{" &nbsp; ".join(keys)}</div>')  # our own labels, no user text


# -- causal loops --------------------------------------------------------------------------------------------


def causal_loops(store: Store, partnership_id: int, frames: dict[Table, pd.DataFrame]) -> None:
    links, factors = frames[Table.CAUSAL_LINKS], frames[Table.FACTORS]
    if links.empty:
        st.info("No causal links yet. Add factors and links below.")
    else:
        bound = st.session_state.get("loop_bound", 8)
        _, report, ranking = _loops(links, factors, bound)
        counts = report.counts()
        st.markdown(
            f"### {len(report.loops)} feedback loops: {counts[causal.LoopKind.REINFORCING]} reinforcing (R), "
            f"{counts[causal.LoopKind.BALANCING]} balancing (B)"
        )
        if report.truncated:
            more = f"{'at least ' if not report.count_complete else ''}{report.not_listed}"
            st.warning(f"{more} more loops were found and not listed. Lower the bound to focus on short loops.")
        top = ranking[ranking["loops"] > 0].index[:3].tolist()
        if top:
            st.markdown(f"**Leverage points:** {escape_markdown(', '.join(top))} (most loops pass through them).")
        loop_rows = pd.DataFrame(
            {
                "type": [loop.kind.value for loop in report.loops],
                "length": [loop.length for loop in report.loops],
                "loop": [loop.describe() for loop in report.loops],
            }
        )
        left, right = st.columns([3, 2])
        with left:
            choice = st.selectbox(
                "Highlight a loop",
                [-1, *range(len(report.loops))],
                format_func=lambda i: (
                    "none" if i < 0 else f"{report.loops[i].kind.value}{i + 1}: {report.loops[i].describe()}"
                ),
                key="loop_highlight",
            )
            st.iframe(_diagram_view(links, factors, bound, choice).html, height=660)
            st.caption("Blue + : more leads to more. Red − : more leads to less. Dashed ‖ : with delay.")
        with right:
            st.plotly_chart(system_charts.leverage_bars(ranking), width="stretch")
        st.dataframe(loop_rows, hide_index=True, width="stretch", placeholder="")
        st.slider("Longest loop searched (links)", 2, 12, 8, key="loop_bound")
    if not state.presenting():
        import_panel(store, partnership_id, "causal")
        st.subheader("Factors")
        record_table(store, partnership_id, Table.FACTORS, factors)
        st.subheader("Causal links")
        record_table(store, partnership_id, Table.CAUSAL_LINKS, links)


# -- what-if -------------------------------------------------------------------------------------------------


def what_if(frames: dict[Table, pd.DataFrame]) -> None:
    links, factors = frames[Table.CAUSAL_LINKS], frames[Table.FACTORS]
    if links.empty:
        st.info("Add causal links first: the simulation runs on the causal loop diagram.")
        return
    diagram, _, ranking = _loops(links, factors, 8)
    names = sorted(diagram.nodes)
    default_up = [name for name in ranking.index[:1] if name in names]
    a, b, c = st.columns([3, 3, 2])
    up = a.multiselect("Push up", names, default=default_up, key="whatif_up")
    down = b.multiselect("Push down", [n for n in names if n not in up], key="whatif_down")
    rule = c.radio("Rule", list(causal.FcmRule), format_func=lambda r: r.label, key="whatif_rule")
    squash = c.radio(
        "Squashing",
        list(causal.Squash),
        index=1,
        key="whatif_squash",
        format_func=lambda s: "tanh (−1…1)" if s is causal.Squash.TANH else "sigmoid, λ = 1 (0…1)",
    )
    if not up and not down:
        st.info("Choose at least one factor to push up or down.")
        return
    pushes = {**dict.fromkeys(up, "up"), **dict.fromkeys(down, "down")}
    table, baseline, scenario = causal.what_if(diagram, causal.clamp_values(pushes, squash), rule, squash)
    moved = table[~table["clamped"]]
    if len(moved):
        best, worst = moved["change_pp"].idxmax(), moved["change_pp"].idxmin()
        st.markdown(
            f"### Pushing {escape_markdown(', '.join(pushes))}: {escape_markdown(best)} rises most "
            f"({moved.at[best, 'change_pp']:+.1f} pp); {escape_markdown(worst)} falls most "
            f"({moved.at[worst, 'change_pp']:+.1f} pp)"
        )
    for label, run in (("Baseline", baseline), ("Scenario", scenario)):
        if not run.converged:
            st.warning(
                f"{label} did not settle within {causal.MAX_STEPS} steps (it oscillates): read changes as a trend."
            )
    st.plotly_chart(system_charts.what_if_bars(table), width="stretch")
    st.caption(
        f"Fuzzy cognitive map, {rule.label.lower()}; settled after {baseline.steps} (baseline) and {scenario.steps} "
        "(scenario) steps. A pp is one hundredth of the activation range. Links without a strength count as 0.5."
    )
    with st.expander("Values per factor"):
        st.dataframe(table.reset_index().round(4), hide_index=True, width="stretch", placeholder="")


# -- issue map -----------------------------------------------------------------------------------------------


def issue_map(store: Store, partnership_id: int, frames: dict[Table, pd.DataFrame]) -> None:
    barriers = frames[Table.BARRIERS]
    if barriers.empty:
        st.info("No barriers yet. Add them below.")
    else:
        counts, names = issues_map.heatmap(barriers)
        worst = barriers.sort_values("severity", ascending=False).iloc[0]
        st.markdown(f"### Most severe: {escape_markdown(worst['name'])} ({worst['category']}, {worst['severity']}/5)")
        left, right = st.columns([3, 2])
        left.plotly_chart(system_charts.heatmap_figure(counts, names), width="stretch")
        burden = issues_map.actor_burden(barriers)
        right.markdown("**Actors carrying the most barriers**")
        right.dataframe(
            burden.head(8)
            .reset_index()[["name", "barriers", "severity"]]
            .rename(columns={"name": "actor", "severity": "total severity"}),
            hide_index=True,
            width="stretch",
            placeholder="",
        )
        unknown = pd.concat(
            [
                issues_map.unknown_names(barriers, frames[Table.ACTORS]["name"], "actors"),
                issues_map.unknown_names(barriers, frames[Table.FACTORS]["name"], "factors"),
            ]
        )
        if len(unknown):
            st.warning("Barriers name actors or factors that are not on the maps (check spelling):")
            st.dataframe(unknown, hide_index=True, width="stretch", placeholder="")
        st.caption("The actor map rings every actor named in a barrier in thick black (Actor map tab).")
    if not state.presenting():
        st.subheader("Barriers")
        record_table(store, partnership_id, Table.BARRIERS, barriers)


# -- import and export ---------------------------------------------------------------------------------------

IMPORTS = {
    "actors": ((Table.ACTORS, "actor"), (Table.RELATIONS, "relation")),
    "causal": ((Table.FACTORS, "factor"), (Table.CAUSAL_LINKS, "link")),
}


def import_panel(store: Store, partnership_id: int, kind: str) -> None:
    """Upload an Excel workbook (one sheet per table) or a CSV (one table); all rows land or none."""
    if state.presenting():
        return
    pairs = IMPORTS[kind]
    titles = " and ".join(SPECS[table].title.lower() for table, _ in pairs)
    with st.expander(f"Import {titles} from Excel or CSV"):
        upload = st.file_uploader(
            "Workbook (one sheet each) or CSV (one table)", type=["xlsx", "xlsm", "xls", "csv"], key=f"import_{kind}"
        )
        if upload is None:
            st.caption("Headers are matched case-insensitively, with common aliases such as from / to.")
            return
        data = upload.getvalue()
        try:
            parsed = []
            if upload.name.lower().endswith(".csv"):
                fills = st.radio(
                    "This CSV holds",
                    [table for table, _ in pairs],
                    format_func=lambda table: SPECS[table].title,
                    horizontal=True,
                    key=f"import_{kind}_csv_{upload.file_id}",
                )
                parsed.append(io_excel.read_table(data, upload.name, fills))
            else:
                sheets = io_excel.sheet_names(data, upload.name)
                for table, hint in pairs:
                    guess = next((name for name in sheets if hint in name.lower()), None)
                    options = ["(none)", *sheets]
                    sheet = st.selectbox(
                        f"Sheet with {SPECS[table].title.lower()}",
                        options,
                        index=options.index(guess) if guess else 0,
                        key=f"import_{kind}_{table.value}_{upload.file_id}",  # a new file guesses afresh
                    )
                    if sheet != "(none)":
                        parsed.append(io_excel.read_table(data, upload.name, table, sheet=sheet))
        except io_excel.ImportRefused as refusal:
            st.error(f"Not imported: {escape_markdown(str(refusal))}")
            return
        problems = [line for sheet in parsed for line in sheet.describe_all()]
        if problems:
            st.error(
                f"Nothing imported: {len(problems)} problem{'s' if len(problems) != 1 else ''} to fix first.\n\n"
                + "\n".join(f"- {escape_markdown(line)}" for line in problems[:20])
                + (f"\n- … and {len(problems) - 20} more" if len(problems) > 20 else "")
            )
            return
        if not parsed:
            st.info("Choose at least one sheet.")
            return
        st.write(", ".join(f"{len(sheet.frame)} {SPECS[sheet.table].title.lower()}" for sheet in parsed) + " ready.")
        unused = [f"'{header}' (sheet {sheet.sheet})" for sheet in parsed for header in sheet.unmapped]
        if unused:
            st.warning(escape_markdown("Columns not recognised, left out: " + ", ".join(unused)))
        _import_buttons(store, partnership_id, kind, {sheet.table: sheet.frame for sheet in parsed})


def _import_buttons(store: Store, partnership_id: int, kind: str, frames: dict[Table, pd.DataFrame]) -> None:
    """Add and update by name (keeps everything else), or replace the tables outright."""
    current = store.read_many(partnership_id, list(frames))
    replaced = ", ".join(f"{len(current[table])} {SPECS[table].title.lower()}" for table in frames)
    titles = " and ".join(SPECS[table].title.lower() for table in frames)
    merge, replace = st.columns(2)
    if merge.button("Add and update by name", type="primary", key=f"import_{kind}_merge"):
        counts = store.upsert_many(partnership_id, frames, reason=f"before importing {titles}")
        added, updated = (sum(count[i] for count in counts.values()) for i in (0, 1))
        state.flash(f"Imported: {added} added, {updated} updated; everything else kept")
        st.rerun()
    if replace.button(f"Replace all {replaced}", key=f"import_{kind}_replace"):
        store.replace_many(partnership_id, frames, reason=f"before replacing {titles} by an import")
        state.flash(f"Replaced with {sum(len(frame) for frame in frames.values())} imported rows (Undo on Backups)")
        st.rerun()
    st.caption(
        "Adding keeps every row not in the file, with its scores and short-list marks; "
        "replacing drops them (Undo on the Backups page brings them back)."
    )


def export_button(frames: dict[Table, pd.DataFrame]) -> None:
    """The step's five tables as one workbook (formula-safe)."""
    if state.presenting():
        return
    st.download_button(
        "Download the system map as Excel",
        lambda: io_excel.write_workbook({SPECS[table].title[:31]: frames[table] for table in TABLES}),  # on click
        file_name="system_map.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="export_step1",
    )
