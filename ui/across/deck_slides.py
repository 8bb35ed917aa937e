"""The deck's slides, one builder per step, each drawn by the same loaders and figures as the step's page.

Each builder returns its slide (or slides) with a one-line takeaway in plain
words and speaker notes saying where the figure comes from; a step not done
yet still gets its slide, saying so. :mod:`ui.across.deck` puts them in order.
The ten builders share the rules for how much a slide shows, so they stay in
one module, a little over 300 lines.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go

from core.across.comparison import compare, moved
from core.across.deck import Slide, SlideTable
from core.across.readiness import readiness_of, score
from core.conventions import counted
from core.governance.model_table import GovernanceModel
from core.governance.questionnaire import Answers
from core.governance.recommender import recommend
from core.metrics import reporting
from core.metrics import theory_of_change as toc
from core.model import AnswerKey, PartnerType, Topic
from core.partners import coalition
from core.pilots import pathways
from core.pilots.pathways import Pathway
from core.store import Store, Table, history
from core.system_map import network
from core.system_map.systemic import Verdict
from ui import images
from ui.across.scorecard import headline as readiness_headline
from ui.governance.charts import score_chart
from ui.metrics import theory_of_change
from ui.metrics.charts import progress_figure
from ui.metrics.data import load as load_metrics
from ui.partners.data import load as load_partners
from ui.pilots.charts import scaling_figure, tracking_figure
from ui.pilots.data import load as load_pilots
from ui.pilots.data import units
from ui.pilots.scaling import saved_ranking
from ui.system_map import data as map_data
from ui.system_map import print_map
from ui.system_map.data import MapKind

__all__ = [
    "governance",
    "metrics",
    "pilots",
    "problem",
    "readiness",
    "short_list",
    "since_milestone",
    "system_map",
    "systemic",
    "title",
]

_SHOWN = 12
"""Rows of a table or lines of a list before "and N more": a slide is read from the back of a room."""


def _png(figure: go.Figure, height: int | None = None) -> bytes:
    return images.render(figure, images.ImageFormat.PNG, height=height)


def _more(lines: list[str], limit: int = _SHOWN) -> tuple[str, ...]:
    """At most ``limit`` lines; the last says how many more there are."""
    if len(lines) <= limit:
        return tuple(lines)
    return (*lines[: limit - 1], f"… and {len(lines) - limit + 1} more")


def _first_sentence(text: str, limit: int = 150) -> str:
    """A finding's first sentence, for a slide (the page gives the rest)."""
    first = text.split(". ", 1)[0].rstrip(".") + "."
    return first if len(first) <= limit else first[: limit - 1].rsplit(" ", 1)[0] + "…"


def title(partnership: dict[str, object], today: date) -> Slide:
    problem = str(partnership.get("problem") or "").strip() or "No problem statement yet."
    return Slide(
        title=str(partnership["name"]),
        takeaway=problem,
        notes=f"Made by Keystone from this partnership's records on {today:%d %B %Y}. Stage: {partnership['stage']}.",
    )


def since_milestone(store: Store, partnership_id: int, today: date) -> list[Slide]:
    """What moved since the last milestone, when there is one: the committee starts from what changed."""
    marked = history.milestones(store, partnership_id)
    if marked.empty:
        return []
    last = marked.iloc[-1]
    now = history.latest_change(store, partnership_id)
    then = history.records_at(store, partnership_id, int(last["change_id"]))
    result = compare(then, history.records_at(store, partnership_id, now), today)
    lines = [f"{what}: {'; '.join(names)}" for what, names in moved(result) if names]
    lines += [f"{row.partner}: score {row.then:g} → {row.now:g}" for row in result.scores.dropna().itertuples()]
    counts = {table: changes.count for table, changes in result.records.items()}
    takeaway = (
        f"{counted(sum(counts.values()), 'change')} to the records since {last['name']}"
        f" ({pd.Timestamp(last['made_at']):%d %B %Y})."
        if counts
        else f"Nothing has changed since {last['name']} ({pd.Timestamp(last['made_at']):%d %B %Y})."
    )
    notes = "History page, Since a milestone: the records at the milestone beside today's, from the change log."
    return [Slide(f"Since {last['name']}", takeaway, notes, bullets=_more(lines))]


def systemic(saved: dict[str, object]) -> Slide:
    verdict = saved.get("verdict")
    reasons = [str(reason) for reason in saved.get("reasons", [])]
    if verdict == Verdict.SYSTEMIC:
        takeaway = "A systems problem: no one organisation can fix it, so we work on it together."
    elif verdict == Verdict.SIMPLE:
        takeaway = "Not a systems problem: one organisation, or a contract, may solve it faster than a partnership."
    else:
        takeaway = "The systemic test has not been answered yet."
    notes = "Step 1, Systemic test: the team's answers to four questions, read against the maps."
    return Slide("Is this a systems problem?", takeaway, notes, bullets=tuple(reasons))


def system_map(store: Store, partnership_id: int, frames: dict[Table, pd.DataFrame], name: str) -> list[Slide]:
    relations, links = frames[Table.RELATIONS], frames[Table.CAUSAL_LINKS]
    actor_slide = Slide(
        "Who holds the system together",
        map_data.takeaway(frames),
        "Step 1, Actor map: no relations recorded yet.",
    )
    if not relations.empty:
        graph, metrics = map_data.actor_analysis(relations, frames[Table.ACTORS])
        positions = map_data.kept_positions(store, partnership_id, MapKind.ACTORS, graph.ties)
        figure = print_map.actor_map_figure(graph, metrics, positions, f"Actor map: {name}")
        actor_slide = Slide(
            actor_slide.title,
            actor_slide.takeaway,
            f"Step 1, Actor map: {len(graph.ties)} actors and {len(relations)} relations. Size is betweenness "
            f"(how often an actor lies on the shortest path between two others: a broker), worked out with "
            f"{metrics.method}. Diamonds mark cut points: remove one and the map falls apart. Positions are the "
            "ones kept with the partnership, as on the page.",
            picture=_png(figure, figure.layout.height),
            bullets=tuple(_first_sentence(line) for line in network.summarise(metrics, graph)[:4]),
        )
    loops_slide = Slide(
        "The loops that keep it stuck",
        "No causal links recorded yet.",
        "Step 1, Causal loops: no causal links recorded yet.",
    )
    if not links.empty:
        diagram, report, ranking = map_data.feedback_loops(links, frames[Table.FACTORS], map_data.LOOP_BOUND)
        positions = map_data.kept_positions(store, partnership_id, MapKind.FACTORS, diagram.to_undirected())
        figure = print_map.diagram_figure(diagram, positions, f"Causal loop diagram: {name}")
        levers = ranking[ranking["loops"] > 0].index[:3].tolist()
        lines = [f"Leverage points: {', '.join(levers)} (most loops pass through them)."] if levers else []
        lines += [f"{loop.kind.value}: {loop.describe()}" for loop in report.loops[:4]]
        loops_slide = Slide(
            loops_slide.title,
            report.headline(),
            f"Step 1, Causal loops: {diagram.number_of_nodes()} factors and {diagram.number_of_edges()} links. A loop "
            "is R (reinforcing) when it has an even number of negative links, B (balancing) when odd. Loops up to "
            f"{map_data.LOOP_BOUND} links are counted. " + " ".join(report.notes()),
            picture=_png(figure, figure.layout.height),
            bullets=tuple(lines),
        )
    return [actor_slide, loops_slide]


def problem(store: Store, partnership_id: int) -> Slide:
    frames = store.read_many(partnership_id, [Table.STATEMENTS, Table.OUTCOMES])
    statements, outcomes = frames[Table.STATEMENTS], frames[Table.OUTCOMES]
    latest = statements.sort_values("version").iloc[-1] if len(statements) else None
    takeaway = str(latest["text"]) if latest is not None else "No problem statement agreed yet."
    lines = [_outcome(row) for row in outcomes.itertuples(index=False)]
    version = f"version {int(latest['version'])}" if latest is not None else "none saved"
    notes = f"Step 2, Problem statement ({version}) and its measurable outcomes ({len(outcomes)})."
    return Slide("What we are solving", takeaway, notes, bullets=_more(lines))


def _outcome(row: object) -> str:
    unit = f" {row.unit}" if isinstance(row.unit, str) and row.unit else ""
    span = (
        f": from {row.baseline:g} to {row.target:g}{unit}"
        if pd.notna(row.baseline) and pd.notna(row.target)
        else (f": to {row.target:g}{unit}" if pd.notna(row.target) else "")
    )
    due = f" by {row.due_date:%b %Y}" if pd.notna(row.due_date) else ""
    owner = f" ({row.owner})" if isinstance(row.owner, str) and row.owner else ""
    return f"{row.metric}{span}{due}{owner}"


def short_list(store: Store, partnership_id: int) -> Slide:
    data = load_partners(store, partnership_id)
    chosen = data.chosen
    notes = (
        "Step 3, Partners: the short list as saved, scored on interest, influence and assets (0-100, equal weights). "
        "'Why' is what each partner adds that those above it lack: levers, value-chain positions, a new sector."
    )
    if chosen.empty:
        return Slide("Who is on the short list, and why", "No short list saved yet.", notes)
    names = chosen["name"].tolist()
    proposal = coalition.build(data.actors, size=len(names), pins=names, weights=data.weights)
    why = {pick.name.casefold(): pick.contribution for pick in proposal.picks}
    rows = tuple(
        (
            str(row.name),
            PartnerType(row.type).label if row.type in {t.value for t in PartnerType} else "not set",
            f"{row.score:.0f}",
            why.get(str(row.name).casefold(), ""),
        )
        for row in chosen.itertuples(index=False)
    )
    missing = f" Still missing: lever {', '.join(proposal.missing_levers)}." if proposal.missing_levers else ""
    takeaway = f"{len(chosen)} partners chosen from {len(data.scored)} candidates.{missing}"
    return Slide(
        "Who is on the short list, and why",
        takeaway,
        notes,
        table=SlideTable(("Partner", "Type", "Score", "Why"), rows),
    )


def governance(answers: dict[str, object]) -> Slide:
    notes = (
        "Step 4, Governance: each model's fit to the team's answers (purpose, power balance, neutrality, speed, "
        "horizon, funded secretariat), after the framework's model table."
    )
    stored = Answers.from_dict(answers)
    if stored.purpose is None:
        return Slide("How we govern", "The governance questions have not been answered yet.", notes)
    recommendation = recommend(stored)
    chosen = answers.get(AnswerKey.CHOSEN_MODEL)
    if chosen in {model.value for model in GovernanceModel}:
        takeaway = f"We chose {GovernanceModel(chosen).label}"
        takeaway += "; it fits our answers best." if chosen == recommendation.top.value else "."
    else:
        takeaway = f"No model chosen yet. {recommendation.verdict()}"
    return Slide(
        "How we govern",
        takeaway,
        notes,
        picture=_png(score_chart(recommendation, large=False), 600),
        bullets=tuple(driver.sentence for driver in recommendation.drivers[:3]),
    )


def metrics(store: Store, partnership_id: int, today: date) -> list[Slide]:
    frames = load_metrics(store, partnership_id).frames
    items, links = frames[Table.TOC_ITEMS], frames[Table.TOC_LINKS]
    found = toc.completeness(items, links, frames[Table.INDICATORS])
    change = Slide(
        "How change happens",
        theory_of_change.takeaway(items, links, found),
        f"Step 5, Theory of change: {len(items)} items and {len(links)} links, from activities to system shifts.",
        picture=_png(toc.sankey_figure(items, links, font_size=16), 800) if not links.empty else None,
        bullets=_more([gap.message for gap in found], 5),
    )
    board = reporting.dashboard(frames[Table.INDICATORS], frames[Table.OBSERVATIONS], today)
    overdue = board[board["status"] == reporting.ReportStatus.OVERDUE.value]
    if board.empty:
        takeaway = "No shared indicators yet."
    elif len(overdue):
        takeaway = f"{len(overdue)} of {len(board)} shared indicators are overdue for a report."
    else:
        takeaway = f"All {len(board)} shared indicators are reported on time."
    progress = board["progress"].notna().any() if len(board) else False
    dashboard = Slide(
        "Are we on track",
        takeaway,
        f"Step 5, Dashboard as of {today:%d %b %Y}: progress is the latest value's share of the way from baseline "
        "to target; a report is overdue one cadence period after the latest observation.",
        picture=_png(progress_figure(board, False)) if progress else None,
        bullets=_more([f"Overdue: {name}" for name in overdue["indicator"]], 6),
    )
    return [change, dashboard]


def pilots(store: Store, partnership_id: int) -> list[Slide]:
    view = load_pilots(store, partnership_id)
    active = [alert for alert in view.alerts if alert.active]
    pilots = len(view.frames[Table.PILOTS])
    drift = Slide(
        "Pilots: what is drifting",
        "No pilot observations yet." if view.tracked.empty else f"All {pilots} pilots on track.",
        f"Step 6, Tracking: CUSUM over each pilot's indicators (k = {view.k:g}, h = {view.h:g}); an alert starts "
        "where the shortfall began to build up, not where it was noticed.",
    )
    if active:
        alert = active[0]
        rows = view.tracked[(view.tracked["pilot"] == alert.pilot) & (view.tracked["indicator"] == alert.indicator)]
        figure = tracking_figure(rows, alert.indicator, str(units(view).get(alert.indicator, "")), large=False)
        drift = Slide(
            drift.title,
            f"{len(active)} drifting; first: {alert.pilot}, since {alert.began:%d %b %Y}.",
            drift.notes,
            picture=_png(figure, 600),
            bullets=_more([a.describe() for a in active], 5),
        )
    chosen = view.answers[Topic.SCALING].get(AnswerKey.CHOSEN_PATHWAY)
    label = pathways.profile(chosen).label if chosen in {p.value for p in Pathway} else None
    ranked = saved_ranking(view)
    scale = Slide(
        "How we scale",
        f"We chose to scale by {label.lower()}." if label else "No scaling pathway chosen yet.",
        "Step 6, Scaling: each pathway scored on systems change, fit to the years available and the dependencies "
        "the records show are met, with the weights saved on the page.",
    )
    if ranked is not None:
        ranking, weights = ranked
        scale = Slide(
            scale.title,
            scale.takeaway,
            scale.notes,
            picture=_png(scaling_figure(ranking, weights, large=False), 600),
            bullets=(str(ranking.iloc[0]["explanation"]),),
        )
    return [drift, scale]


def readiness(store: Store, partnership_id: int) -> Slide:
    lines = readiness_of(store, partnership_id)
    passed, total = score(lines)
    rows = tuple(("yes" if line.passed else "NO", line.title, line.reason) for line in lines)
    return Slide(
        "Are we ready",
        readiness_headline(lines),
        f"The readiness scorecard ({passed} of {total} checks pass), as on the Home page: each check is a finding "
        "of research on alliances, and the page gives its figure.",
        table=SlideTable(("Passed", "Check", "Why"), rows),
    )
