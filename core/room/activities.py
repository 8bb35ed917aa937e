"""What the room can be asked, and how each answer becomes one of the partnership's records."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

import pandas as pd

from core.conventions import flags
from core.governance.questionnaire import QUESTIONS, Criterion
from core.model import BarrierCategory, EvidenceKind, PartnerType
from core.partners.scoring import score
from core.pilots.pathways import PATHWAYS, Pathway
from core.problem.perspectives import divergence
from core.problem.statement import causes_for_builder
from core.system_map.network import RelationKind
from core.tables import Table

__all__ = [
    "DOTS",
    "LINK_STRENGTHS",
    "RATING_SCALE",
    "SCORE_CRITERIA",
    "VOTE_ITEM",
    "Activity",
    "ProposalKind",
    "VoteQuestion",
    "candidates",
    "causes_to_rate",
    "commitment_row",
    "link_item",
    "link_of",
    "proposal_row",
    "proposal_text",
    "score_item",
    "score_of",
    "vote_questions",
]

RATING_SCALE = (1, 2, 3, 4, 5)
"""How strongly a cause drives the problem, as step 2's ratings hold it."""

DOTS = 3
"""Dots each participant places in a dot vote (at most one per candidate)."""

SCORE_CRITERIA = {
    "interest": "Interest in solving the problem",
    "influence": "Influence over the system",
    "assets": "Assets they would bring",
}
"""What the room scores each candidate partner on (1-5), as step 3's lenses."""

LINK_STRENGTHS = {0.0: "no real effect", 0.25: "weak", 0.5: "moderate", 0.75: "strong", 1.0: "very strong"}
"""How strongly a cause moves its effect, as step 1's causal links hold it (the sign stays the map's)."""


class Activity(StrEnum):
    """A question the facilitator opens to the room (the value is stored)."""

    RATE_CAUSES = "rate_causes"  # step 2: each participant rates each root cause 1-5
    RATE_LINKS = "rate_links"  # step 1: each participant gives the strength of each causal link
    PROPOSE = "propose"  # steps 1-2: actors, relations, barriers, factors, evidence, outcomes, moderated
    SCORE_PARTNERS = "score_partners"  # step 3: interest, influence and assets of each candidate, 1-5
    DOT_VOTE = "dot_vote"  # step 3: three dots for the candidates each participant wants on the short list
    COMMIT = "commit"  # action plan: "I will ... by ..."
    VOTE_GOVERNANCE = "vote_governance"  # step 4: the governance recommender's questions
    VOTE_PATHWAY = "vote_pathway"  # step 6: which scaling pathway

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def short(self) -> str:
        """A word or two for a narrow place (a metric's label on the wall)."""
        return _SHORT[self]

    @property
    def prompt(self) -> str:
        """The question as a participant's phone asks it."""
        return _PROMPTS[self]

    @property
    def is_vote(self) -> bool:
        return self in (Activity.VOTE_GOVERNANCE, Activity.VOTE_PATHWAY)


_LABELS = {
    Activity.RATE_CAUSES: "Rate the root causes",
    Activity.RATE_LINKS: "Rate the causal links",
    Activity.PROPOSE: "Propose what is missing from the map",
    Activity.SCORE_PARTNERS: "Score the candidate partners",
    Activity.DOT_VOTE: "Dot-vote the short list",
    Activity.COMMIT: "Commit to actions",
    Activity.VOTE_GOVERNANCE: "Vote on the governance questions",
    Activity.VOTE_PATHWAY: "Vote on the scaling pathway",
}
_SHORT = {
    Activity.RATE_CAUSES: "Causes rated",
    Activity.RATE_LINKS: "Links rated",
    Activity.PROPOSE: "Proposed",
    Activity.SCORE_PARTNERS: "Partners scored",
    Activity.DOT_VOTE: "Dots placed",
    Activity.COMMIT: "Committed",
    Activity.VOTE_GOVERNANCE: "Governance votes",
    Activity.VOTE_PATHWAY: "Pathway votes",
}
_PROMPTS = {
    Activity.RATE_CAUSES: "How strongly does this cause drive the problem?",
    Activity.RATE_LINKS: "How strongly does the first move the second?",
    Activity.PROPOSE: "What is missing from our map?",
    Activity.SCORE_PARTNERS: "How do you see this candidate partner?",
    Activity.DOT_VOTE: f"Which candidates belong on the short list? You have {DOTS} dots.",
    Activity.COMMIT: "What will you do, and by when?",
    Activity.VOTE_GOVERNANCE: "How should this partnership be governed?",
    Activity.VOTE_PATHWAY: "Which pathway should carry the pilot to scale?",
}


def link_item(cause: str, effect: str) -> str:
    """How a causal link is named among a session's answers (names may hold any character).

    >>> link_of(link_item("Deposit scheme", "Collection rate"))
    ('Deposit scheme', 'Collection rate')
    """
    return json.dumps([str(cause), str(effect)], ensure_ascii=False)


def link_of(item: str) -> tuple[str, str]:
    """The cause and effect of a link named by :func:`link_item`."""
    cause, effect = json.loads(item)
    return str(cause), str(effect)


def score_item(partner: str, criterion: str) -> str:
    """How one candidate's score on one criterion is named among a session's answers."""
    return json.dumps([str(partner), str(criterion)], ensure_ascii=False)


def score_of(item: str) -> tuple[str, str]:
    """The partner and criterion of a score named by :func:`score_item`."""
    partner, criterion = json.loads(item)
    return str(partner), str(criterion)


def causes_to_rate(factors: pd.DataFrame, ratings: pd.DataFrame) -> list[str]:
    """The causes put to the room: those step 2 has ratings for (most disputed first), then the map's other factors."""
    return causes_for_builder(factors["name"].dropna(), divergence(ratings))


def candidates(actors: pd.DataFrame, most: int = 15) -> list[str]:
    """The candidate partners put to the room: the short list, then the best scored, ``most`` in all.

    A phone shows one per screen or one button each, so the room sees a
    short list it can get through, in step 3's order.
    """
    ranked = score(actors.dropna(subset=["name"]))
    if ranked.empty:
        return []
    listed = flags(ranked["shortlisted"], default=False)
    order = pd.concat([ranked[listed], ranked[~listed]])
    return order["name"].astype(str).head(max(most, int(listed.sum()))).tolist()


VOTE_ITEM = "vote"
"""The item a one-question vote is recorded under: one vote per participant."""

_HORIZONS = {"3": "Up to 3 years", "5": "About 5 years", "10": "About 10 years", "15": "15 years or more"}


@dataclass(frozen=True)
class VoteQuestion:
    """One question of a vote: its words, a short name, and each option's stored value and label."""

    text: str
    short: str
    options: dict[str, str]


def vote_questions(activity: Activity) -> dict[str, VoteQuestion]:
    """The questions of a vote, by the item their answers are recorded under.

    The governance vote asks the recommender's own questions (step 4), so the
    room's spread sits beside the team's answers; the pathway vote asks one.
    """
    if activity is Activity.VOTE_GOVERNANCE:
        return {
            criterion.value: VoteQuestion(
                question.text,
                question.short,
                _HORIZONS if criterion is Criterion.HORIZON else {str(k): v for k, v in question.options.items()},
            )
            for criterion, question in QUESTIONS.items()
        }
    if activity is Activity.VOTE_PATHWAY:
        labels = {profile.pathway: profile.label for profile in PATHWAYS}
        options = {pathway.value: labels[pathway] for pathway in Pathway}
        return {VOTE_ITEM: VoteQuestion(activity.prompt, "Scaling pathway", options)}
    raise ValueError(f"{activity.value} is not a vote")


@dataclass(frozen=True)
class _Kind:
    table: Table
    name_column: str  # what the participant's text names
    choice_column: str | None  # the required choice that goes with it
    choices: type[StrEnum] | None
    note_column: str | None  # where a merge adds the proposer's detail


class ProposalKind(StrEnum):
    """What a participant can propose; each becomes a record of one table once accepted."""

    ACTOR = "actor"
    BARRIER = "barrier"
    FACTOR = "factor"
    EVIDENCE = "evidence"
    OUTCOME = "outcome"
    RELATION = "relation"  # its text is a link_item(source, target) of two recorded actors

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def table(self) -> Table:
        return _KINDS[self].table

    @property
    def name_column(self) -> str:
        return _KINDS[self].name_column

    @property
    def note_column(self) -> str | None:
        return _KINDS[self].note_column

    @property
    def choices(self) -> dict[str, str]:
        """The values and labels of the choice a proposal of this kind needs (empty when none)."""
        enum = _KINDS[self].choices
        return {member.value: getattr(member, "label", member.value.capitalize()) for member in enum} if enum else {}

    @property
    def choice_column(self) -> str | None:
        return _KINDS[self].choice_column


_KINDS = {
    ProposalKind.ACTOR: _Kind(Table.ACTORS, "name", "type", PartnerType, "notes"),
    ProposalKind.BARRIER: _Kind(Table.BARRIERS, "name", "category", BarrierCategory, "notes"),
    ProposalKind.FACTOR: _Kind(Table.FACTORS, "name", None, None, "description"),
    ProposalKind.EVIDENCE: _Kind(Table.EVIDENCE, "statement", "kind", EvidenceKind, "source"),
    ProposalKind.OUTCOME: _Kind(Table.OUTCOMES, "metric", None, None, None),
    ProposalKind.RELATION: _Kind(Table.RELATIONS, "source", "kind", RelationKind, "notes"),
}


def proposal_text(kind: ProposalKind, text: str) -> str:
    """A proposal as people read it: its name, or a relation's two actors.

    >>> proposal_text(ProposalKind.RELATION, link_item("Port authority", "Aurelia Recycling"))
    'Port authority → Aurelia Recycling'
    """
    if ProposalKind(kind) is ProposalKind.RELATION:
        return " → ".join(link_of(text))
    return text


def proposal_row(kind: ProposalKind, text: str, choice: str | None, detail: str, proposer: str, session: str) -> dict:
    """The record an accepted proposal becomes: its name, its choice, and who proposed it where.

    >>> proposal_row(ProposalKind.BARRIER, "No deposit scheme", "legal", "", "Ana", "Workshop 2")
    {'name': 'No deposit scheme', 'category': 'legal', 'notes': "Proposed by Ana in live session 'Workshop 2'"}
    """
    kind = ProposalKind(kind)
    row: dict[str, object] = {kind.name_column: text}
    if kind is ProposalKind.RELATION:
        row["source"], row["target"] = link_of(text)
    if kind.choice_column:
        row[kind.choice_column] = choice
    if kind.note_column:
        said = f"Proposed by {proposer} in live session '{session}'"
        row[kind.note_column] = f"{said}: {detail}" if detail else said
    return row


def commitment_row(text: str, due: date | None, owner: str, session: str) -> dict:
    """An action-plan row for "I will ... by ...", owned by the participant who made it."""
    return {
        "commitment": text,
        "who": owner,
        "due_date": due,
        "tracking": f"committed in live session '{session}'",
        "status": "open",
    }
