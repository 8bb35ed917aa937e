"""How ready a partnership is: a scorecard computed from its stored data.

Each line is one finding of the alliance research (``core.steps.EVIDENCE_FIGURES``)
turned into a check over the partnership's tables and questionnaire answers.
A line passes or fails with a reason in plain words and names the step whose
page fixes it.

The rules (documented here because the numbers are our choice):

* **Problem clearly defined**: a saved problem-statement version with text,
  and at least one outcome with a baseline, a target and a due date.
* **Fact base shared**: at least one evidence row, and more than half of the
  rows marked ``shared``.
* **Broad value-chain participation**: the decision-making body (shortlisted
  actors plus every member named in a sector chamber) covers at least
  :data:`MIN_VALUE_CHAIN_POSITIONS` distinct value-chain positions and includes
  a community organisation (partner type ``community``).
* **Secretariat for multi-year work**: governance answers with
  ``horizon_years``; a horizon of :data:`MULTI_YEAR` years or more needs
  ``chosen_model == "neutral_backbone"`` or ``secretariat_funded``.
* **Market leaders in pilots**: some pilot whose aim is industry adoption names
  at least two market leaders.
* **Complete theory of change**: every activity reaches an outcome and every
  outcome reaches a system shift through the links, and every system shift is
  measured by an indicator.
* **Funding fit for the stage**: the funding model chosen in the funding answers
  suits the stage (domain.md's stage column, :data:`FUNDING_STAGES`).

The module runs past 300 lines on purpose: it is one scorecard, and each of
its seven checks sits beside the others so every rule listed above can be
read against its code in one place.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

import networkx as nx
import pandas as pd

from core.model import AnswerKey, PartnerType, Stage, ToCLevel, Topic, split_list
from core.records import empty
from core.steps import EVIDENCE_FIGURES, STEPS
from core.store import Store
from core.tables import Table

__all__ = [
    "FUNDING_STAGES",
    "MIN_VALUE_CHAIN_POSITIONS",
    "MULTI_YEAR",
    "Check",
    "ReadinessLine",
    "answers_by_topic",
    "decision_body",
    "readiness",
    "readiness_of",
    "score",
    "toc_gaps",
]

MIN_VALUE_CHAIN_POSITIONS = 4
"""Distinct value-chain positions the decision-making body must cover."""

MULTI_YEAR = 3
"""A horizon of this many years or more counts as multi-year work."""

FUNDING_STAGES: dict[str, frozenset[str]] = {
    "grant": frozenset({Stage.PILOT}),
    "corporate_balance_sheet": frozenset({Stage.PILOT, Stage.GROWTH}),
    "pooled_fund": frozenset({Stage.GROWTH, Stage.SCALE}),
    "blended": frozenset({Stage.SCALE}),
}
"""The stages each funding model fits (domain.md, step 5)."""


class Check(StrEnum):
    """The lines of the scorecard, in the order of the six steps."""

    PROBLEM = "problem"
    FACT_BASE = "data_sharing"
    VALUE_CHAIN = "value_chain"
    SECRETARIAT = "secretariat"
    MARKET_LEADERS = "market_leaders"
    THEORY_OF_CHANGE = "theory_of_change"
    FUNDING_FIT = "funding_fit"


@dataclass(frozen=True)
class ReadinessLine:
    """One line of the scorecard."""

    check: Check
    title: str
    passed: bool
    reason: str
    figure: str
    step: int

    @property
    def page(self) -> str:
        """The page that fixes this line."""
        return STEPS[self.step - 1].page


_TITLES = {
    Check.PROBLEM: "Problem clearly defined",
    Check.FACT_BASE: "Fact base shared with members",
    Check.VALUE_CHAIN: "Broad value-chain participation in decisions",
    Check.SECRETARIAT: "Secretariat for multi-year work",
    Check.MARKET_LEADERS: "At least two market leaders in pilots",
    Check.THEORY_OF_CHANGE: "Complete theory of change",
    Check.FUNDING_FIT: "Funding fit for the stage",
}
_STEPS = {
    Check.PROBLEM: 2,
    Check.FACT_BASE: 2,
    Check.VALUE_CHAIN: 3,
    Check.SECRETARIAT: 4,
    Check.MARKET_LEADERS: 6,
    Check.THEORY_OF_CHANGE: 5,
    Check.FUNDING_FIT: 5,
}
_FUNDING_FIGURE = "Funding shapes power: who pays tends to steer. Each funding model suits a stage (framework, step 5)."


def _frame(frames: Mapping[Table, pd.DataFrame], table: Table) -> pd.DataFrame:
    frame = frames.get(table)
    return empty(table) if frame is None else frame


def _text(values: pd.Series) -> pd.Series:
    return values.astype("string").fillna("").str.strip()


def _problem(frames: Mapping[Table, pd.DataFrame]) -> tuple[bool, str]:
    statements = _frame(frames, Table.STATEMENTS)
    outcomes = _frame(frames, Table.OUTCOMES)
    has_statement = bool((_text(statements["text"]) != "").any())
    measurable = outcomes[["baseline", "target", "due_date"]].notna().all(axis=1) & (_text(outcomes["metric"]) != "")
    count = int(measurable.sum())
    if not has_statement and not count:
        return False, "No saved problem statement and no measurable outcome yet."
    if not has_statement:
        return False, f"{count} measurable outcomes, but no problem statement has been saved."
    if not count:
        return False, "A problem statement is saved, but no outcome has a baseline, a target and a date."
    return True, f"Problem statement saved; {count} outcomes with baseline, target and date."


def _fact_base(frames: Mapping[Table, pd.DataFrame]) -> tuple[bool, str]:
    evidence = _frame(frames, Table.EVIDENCE)
    total = len(evidence)
    if not total:
        return False, "The fact base is empty."
    shared = int(evidence["shared"].fillna(False).astype(bool).sum())
    if shared * 2 > total:
        return True, f"{shared} of {total} evidence rows are shared with members."
    return False, f"Only {shared} of {total} evidence rows are shared with members; share most of them."


def decision_body(frames: Mapping[Table, pd.DataFrame]) -> pd.DataFrame:
    """The actors in the decision-making body: shortlisted or in a chamber.

    Returns the matching rows of the actors table. Chamber members that are
    not in the actors table are ignored (their position is unknown).
    """
    actors = _frame(frames, Table.ACTORS)
    chambers = _frame(frames, Table.CHAMBERS)
    members = {name.casefold() for cell in chambers["members"] for name in split_list(cell)}
    in_chamber = _text(actors["name"]).str.casefold().isin(members)
    shortlisted = actors["shortlisted"].fillna(False).astype(bool)
    return actors[in_chamber | shortlisted]


def _value_chain(frames: Mapping[Table, pd.DataFrame]) -> tuple[bool, str]:
    body = decision_body(frames)
    positions = sorted(set(_text(body["value_chain"]).str.lower()) - {""})
    community = int((body["type"] == PartnerType.COMMUNITY).sum())
    if body.empty:
        return False, "No decision-making body yet: shortlist partners or fill the sector chambers."
    missing = []
    if len(positions) < MIN_VALUE_CHAIN_POSITIONS:
        missing.append(f"covers {len(positions)} value-chain positions (needs at least {MIN_VALUE_CHAIN_POSITIONS})")
    if not community:
        missing.append("has no community organisation as a decision-maker")
    if missing:
        return False, "The decision-making body " + " and ".join(missing) + "."
    return True, (
        f"{len(body)} decision-makers across {len(positions)} value-chain positions, "
        f"{community} of them community organisations."
    )


def _secretariat(answers: Mapping[str, Mapping[str, object]]) -> tuple[bool, str]:
    governance = answers.get(Topic.GOVERNANCE) or {}
    if not governance:
        return False, "The governance questionnaire is not answered yet."
    horizon = governance.get(AnswerKey.HORIZON_YEARS)
    try:
        years = float(horizon)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        years = math.nan
    if not math.isfinite(years):
        return False, "The governance answers give no time horizon."
    model = governance.get(AnswerKey.CHOSEN_MODEL)
    funded = bool(governance.get("secretariat_funded"))
    if years < MULTI_YEAR:
        return True, f"A {years:g}-year horizon does not need a dedicated secretariat."
    if model == "neutral_backbone":
        return True, f"A {years:g}-year horizon led by a neutral backbone secretariat."
    if funded:
        return True, f"A {years:g}-year horizon with a funded secretariat."
    return False, f"A {years:g}-year horizon without a neutral backbone or a funded secretariat."


def _market_leaders(frames: Mapping[Table, pd.DataFrame]) -> tuple[bool, str]:
    pilots = _frame(frames, Table.PILOTS)
    adoption = pilots[_text(pilots["aim"]).str.lower().str.contains("industry", regex=False)]
    if adoption.empty:
        return False, "No pilot aims at industry adoption yet."
    counts = adoption["market_leaders"].map(lambda cell: len(split_list(cell)))
    best = int(counts.max())
    if best >= 2:
        names = adoption.loc[counts.idxmax(), "name"]
        return True, f"Pilot '{names}' has {best} market leaders."
    return False, f"Industry-adoption pilots have at most {best} market leader; bring in a second."


def toc_gaps(items: pd.DataFrame, links: pd.DataFrame, indicators: pd.DataFrame) -> dict[str, list[str]]:
    """What keeps a theory of change from being complete.

    Parameters
    ----------
    items, links, indicators
        The ``toc_items``, ``toc_links`` and ``indicators`` tables.

    Returns
    -------
    dict
        ``activities`` that reach no outcome, ``outcomes`` that reach no system
        shift, ``shifts`` with no indicator, and ``missing`` levels (activity,
        outcome, system shift) that have no item at all; each a sorted list.
    """
    graph = nx.DiGraph()
    names = _text(items["name"])
    graph.add_nodes_from(names)
    graph.add_edges_from(zip(_text(links["source"]), _text(links["target"]), strict=True))
    level = dict(zip(names, items["level"].astype("string"), strict=True))

    def reaching(target_level: str, start_level: str) -> list[str]:
        goals = {name for name, value in level.items() if value == target_level}
        return sorted(
            name for name, value in level.items() if value == start_level and not (nx.descendants(graph, name) & goals)
        )

    measured = set(_text(indicators["toc_item"]).str.casefold())
    shifts = sorted(name for name, value in level.items() if value == ToCLevel.SYSTEM_SHIFT)
    present = set(level.values())
    wanted = (ToCLevel.ACTIVITY, ToCLevel.OUTCOME, ToCLevel.SYSTEM_SHIFT)
    return {
        "activities": reaching(ToCLevel.OUTCOME, ToCLevel.ACTIVITY),
        "outcomes": reaching(ToCLevel.SYSTEM_SHIFT, ToCLevel.OUTCOME),
        "shifts": [name for name in shifts if name.casefold() not in measured],
        "missing": [str(value) for value in wanted if value not in present],
    }


def _theory_of_change(frames: Mapping[Table, pd.DataFrame]) -> tuple[bool, str]:
    gaps = toc_gaps(_frame(frames, Table.TOC_ITEMS), _frame(frames, Table.TOC_LINKS), _frame(frames, Table.INDICATORS))
    if gaps["missing"]:
        return False, "The theory of change has no " + ", no ".join(gaps["missing"]) + " yet."
    problems = []
    if gaps["activities"]:
        problems.append(f"{len(gaps['activities'])} activities reach no outcome (e.g. '{gaps['activities'][0]}')")
    if gaps["outcomes"]:
        problems.append(f"{len(gaps['outcomes'])} outcomes reach no system shift (e.g. '{gaps['outcomes'][0]}')")
    if gaps["shifts"]:
        problems.append(f"{len(gaps['shifts'])} system shifts have no indicator (e.g. '{gaps['shifts'][0]}')")
    if problems:
        return False, "; ".join(problems) + "."
    return True, "Every activity leads to an outcome, every outcome to a measured system shift."


def _funding_fit(answers: Mapping[str, Mapping[str, object]], stage: str | None) -> tuple[bool, str]:
    funding = answers.get(Topic.FUNDING) or {}
    model = str(funding.get(AnswerKey.CHOSEN_MODEL) or "")
    stage_value = str(funding.get("stage") or stage or "").strip().lower()
    if not model:
        return False, "No funding model chosen yet."
    if model not in FUNDING_STAGES:
        return False, f"Unknown funding model '{model}'."
    if stage_value not in {member.value for member in Stage}:
        return False, "The partnership's stage is not set."
    fits = FUNDING_STAGES[model]
    label = model.replace("_", " ")
    if stage_value in fits:
        return True, f"A {label} model suits the {stage_value} stage."
    return False, f"A {label} model suits the {' or '.join(sorted(fits))} stage, not {stage_value}."


def readiness(
    frames: Mapping[Table, pd.DataFrame],
    answers: Mapping[str, Mapping[str, object]],
    stage: str | None = None,
) -> list[ReadinessLine]:
    """The scorecard of one partnership.

    Parameters
    ----------
    frames
        The partnership's tables (missing ones count as empty).
    answers
        Questionnaire answers by topic (``governance`` and ``funding`` are read).
    stage
        The partnership's stage, used when the funding answers name none.

    Returns
    -------
    list of ReadinessLine
        One line per :class:`Check`, in order.
    """
    results = {
        Check.PROBLEM: _problem(frames),
        Check.FACT_BASE: _fact_base(frames),
        Check.VALUE_CHAIN: _value_chain(frames),
        Check.SECRETARIAT: _secretariat(answers),
        Check.MARKET_LEADERS: _market_leaders(frames),
        Check.THEORY_OF_CHANGE: _theory_of_change(frames),
        Check.FUNDING_FIT: _funding_fit(answers, stage),
    }
    return [
        ReadinessLine(
            check,
            _TITLES[check],
            passed,
            reason,
            EVIDENCE_FIGURES.get(check.value, _FUNDING_FIGURE),
            _STEPS[check],
        )
        for check, (passed, reason) in results.items()
    ]


def readiness_of(store: Store, partnership_id: int) -> list[ReadinessLine]:
    """Read a partnership from ``store`` and return its scorecard."""
    frames = store.read_many(partnership_id, list(Table))
    answers = answers_by_topic(frames[Table.ANSWERS])
    stage = store.partnership(partnership_id).get("stage")
    return readiness(frames, answers, str(stage) if stage else None)


def answers_by_topic(frame: pd.DataFrame) -> dict[str, dict[str, object]]:
    """The ``answers`` table as ``{topic: payload}`` (payloads are JSON)."""
    return {str(topic): json.loads(payload) for topic, payload in zip(frame["topic"], frame["payload"], strict=True)}


def score(lines: list[ReadinessLine]) -> tuple[int, int]:
    """``(passed, total)`` of a scorecard."""
    return sum(line.passed for line in lines), len(lines)
