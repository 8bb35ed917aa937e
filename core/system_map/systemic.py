"""The systemic test: does this problem need a coalition at all?

A problem one organisation can solve alone is simple: no coalition is
needed. Otherwise it is systemic when it also shows at least one sign of a
system: it crosses the value chain, it has feedback loops, or many actors
with conflicting interests shape it. The verdict is stored under the
answers topic ``systemic_test`` as ``{"verdict": "systemic" | "simple",
"answers": {...}, "reasons": [...]}``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

import pandas as pd

from core.model import Topic

__all__ = ["QUESTIONS", "TOPIC", "Question", "Verdict", "map_evidence", "verdict"]

TOPIC = Topic.SYSTEMIC_TEST


class Question(StrEnum):
    ALONE = "solvable_alone"
    VALUE_CHAIN = "crosses_value_chain"
    LOOPS = "feedback_loops"
    CONFLICT = "conflicting_actors"


class Verdict(StrEnum):
    SYSTEMIC = "systemic"
    SIMPLE = "simple"


@dataclass(frozen=True)
class _Wording:
    ask: str
    yes: str
    no: str


QUESTIONS: dict[Question, _Wording] = {
    Question.ALONE: _Wording(
        "Could one organisation, ours or another, solve this problem on its own?",
        "One organisation could solve it alone, so it is a simple problem: act directly, no coalition needed.",
        "No single organisation can solve it alone.",
    ),
    Question.VALUE_CHAIN: _Wording(
        "Does the problem cross the value chain (from raw material or collection to brand and buyer)?",
        "It crosses the value chain: the fix needs links that no one company controls.",
        "It stays within one part of the value chain.",
    ),
    Question.LOOPS: _Wording(
        "Are there feedback loops that keep the problem in place (causes that feed themselves)?",
        "Feedback loops hold the system where it is: pushing one lever alone tends to bounce back.",
        "No feedback loops are known yet.",
    ),
    Question.CONFLICT: _Wording(
        "Do many actors with conflicting interests shape the outcome?",
        "Many actors with conflicting interests shape it: the answer must be negotiated, not decided.",
        "Few actors shape it, and their interests mostly agree.",
    ),
}


def verdict(answers: Mapping[str, bool]) -> dict[str, object]:
    """The verdict and its reasons for the given yes/no answers.

    Unanswered questions count as "no". Returns the payload to store.
    """
    said = {question: bool(answers.get(question.value, False)) for question in Question}
    reasons = [QUESTIONS[question].yes if said[question] else QUESTIONS[question].no for question in Question]
    signs = [question for question in (Question.VALUE_CHAIN, Question.LOOPS, Question.CONFLICT) if said[question]]
    if said[Question.ALONE]:
        result = Verdict.SIMPLE
    elif signs:
        result = Verdict.SYSTEMIC
    else:
        result = Verdict.SIMPLE
        reasons.append("No sign of a system yet: check the map again before building a coalition.")
    return {"verdict": result.value, "answers": {q.value: said[q] for q in Question}, "reasons": reasons}


def map_evidence(actors: pd.DataFrame, relations: pd.DataFrame, loop_count: int) -> dict[Question, tuple[bool, str]]:
    """What the maps on this page suggest for each question, with the evidence in words."""
    positions = sorted({str(v) for v in actors.get("value_chain", pd.Series(dtype=str)).dropna() if str(v).strip()})
    kinds = relations.get("kind", pd.Series(dtype=str)).astype("string").str.strip().str.lower()
    conflicts = int((kinds == "conflicts").sum())
    sectors = actors.get("type", pd.Series(dtype=str)).dropna().nunique()
    return {
        Question.ALONE: (False, f"{len(actors)} actors of {sectors} partner types are on the map."),
        Question.VALUE_CHAIN: (
            len(positions) >= 3,
            f"{len(positions)} value-chain positions on the actor map"
            + (f": {', '.join(positions[:6])}" if positions else "")
            + ".",
        ),
        Question.LOOPS: (loop_count > 0, f"{loop_count} feedback loops on the causal loop diagram."),
        Question.CONFLICT: (
            conflicts > 0 and len(actors) >= 10,
            f"{conflicts} conflict relations among {len(actors)} actors.",
        ),
    }
