"""One problem statement, kept in dated versions, and a few measurable outcomes.

The guided builder asks who is affected, what happens, where, which root
causes and why now, and composes one readable statement the facilitator
then edits. Every saved version is kept (table ``statements``: version,
text, saved_at, parts as JSON); :func:`diff_words` shows what changed.

Outcome checks (:func:`check_outcomes`) warn in plain words about an
outcome with no baseline, no target, no date or no owner, a metric that
counts activities (an output) rather than a change, and a list longer
than :data:`MAX_OUTCOMES`.

The output rule
---------------
An outcome is flagged as an output when its metric or unit names an
activity or a deliverable as a whole word, case-insensitively: a word in
:data:`OUTPUT_NOUNS` (workshops, trainings, meetings, reports, ...) or in
:data:`OUTPUT_VERBS` (held, trained, delivered, signed, ...). Outcomes
describe a change in the system (tonnes collected, income earned, share of
recycled content), outputs describe work done; "number of" alone is not
enough, since "number of pickers earning a living wage" is an outcome.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from enum import StrEnum

import pandas as pd

from core.conventions import text
from core.records import Problem

__all__ = [
    "MAX_OUTCOMES",
    "OUTPUT_NOUNS",
    "OUTPUT_VERBS",
    "DiffOp",
    "OutcomeCheck",
    "OutcomeWarning",
    "StatementParts",
    "add_version",
    "causes_for_builder",
    "check_outcomes",
    "compose",
    "diff_words",
    "is_output_metric",
    "latest",
    "parts_from_json",
]

MAX_OUTCOMES = 7
"""More outcomes than this and the list stops being a shared focus."""

OUTPUT_NOUNS: frozenset[str] = frozenset(
    {
        "workshop", "workshops", "training", "trainings", "session", "sessions", "meeting", "meetings",
        "event", "events", "webinar", "webinars", "report", "reports", "campaign", "campaigns",
        "leaflet", "leaflets", "brochure", "brochures", "post", "posts", "visit", "visits",
        "activity", "activities", "attendee", "attendees",
        "mou", "mous", "toolkit", "toolkits", "course", "courses", "study", "studies",
    }
)  # fmt: skip
"""Words that name an activity or a deliverable (plural and singular)."""

OUTPUT_VERBS: frozenset[str] = frozenset(
    {
        "held", "trained", "organised", "organized", "delivered", "distributed", "launched", "signed",
        "published", "hosted", "attended", "produced", "built", "installed", "opened", "recruited",
    }
)  # fmt: skip
"""Past participles that describe work done rather than a change achieved."""

_WORD = re.compile(r"[a-z]+")


@dataclass
class StatementParts:
    """The builder's answers. ``root_causes`` are names from the map or the ratings."""

    affected: str = ""
    what: str = ""
    where: str = ""
    root_causes: list[str] = field(default_factory=list)
    why_now: str = ""

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)


def parts_from_json(text: object) -> StatementParts:
    """Parts stored as JSON; missing, blank or unreadable text gives empty parts."""
    if text is None or text is pd.NA or (isinstance(text, float) and text != text) or not str(text).strip():
        return StatementParts()
    try:
        data = json.loads(str(text))
    except json.JSONDecodeError:
        return StatementParts()
    if not isinstance(data, dict):
        return StatementParts()
    causes = data.get("root_causes") or []
    return StatementParts(
        affected=str(data.get("affected") or ""),
        what=str(data.get("what") or ""),
        where=str(data.get("where") or ""),
        root_causes=[str(cause) for cause in causes] if isinstance(causes, list) else [],
        why_now=str(data.get("why_now") or ""),
    )


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


def _and_list(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def compose(parts: StatementParts) -> str:
    """One readable statement from the builder's answers (empty parts are left out).

    >>> compose(StatementParts("waste pickers", "earn too little to keep collecting", "Chennai",
    ...                        ["aggregator margins"], "a new EPR rule starts in 2027"))
    'Waste pickers earn too little to keep collecting in Chennai. The root cause we will work on is \
aggregator margins. This matters now because a new EPR rule starts in 2027.'
    """
    affected, what, where = (" ".join(part.split()) for part in (parts.affected, parts.what, parts.where))
    first = " ".join(piece for piece in (affected, what) if piece)
    if where:
        first = f"{first} in {where}" if first else f"In {where}"
    sentences = [_sentence(first)]
    causes = [" ".join(cause.split()) for cause in parts.root_causes if cause and cause.strip()]
    if causes:
        noun = "root causes we will work on are" if len(causes) > 1 else "root cause we will work on is"
        sentences.append(f"The {noun} {_and_list(causes)}.")
    why = " ".join(parts.why_now.split()).rstrip(".")
    if why:
        sentences.append(_sentence(f"this matters now because {why}"))
    return " ".join(sentence for sentence in sentences if sentence)


def latest(statements: pd.DataFrame) -> pd.Series | None:
    """The newest version (highest number), or None when there is none."""
    if statements.empty:
        return None
    versions = pd.to_numeric(statements["version"], errors="coerce")
    return statements.loc[versions.idxmax()]


def add_version(
    statements: pd.DataFrame, text: str, parts: StatementParts, saved_at: datetime
) -> tuple[pd.DataFrame, list[Problem]]:
    """The statement table with one more version, or the problems that stop it.

    An empty text is refused, and so is a text identical to the latest
    version (nothing would change). Returns the new row only (to upsert)
    and an empty problem list, or an empty frame and the problems.
    """
    cleaned = text.strip()
    empty = statements.iloc[0:0]
    if not cleaned:
        return empty, [Problem(None, "text", text, "the statement is empty: write or compose it first")]
    newest = latest(statements)
    if newest is not None and str(newest["text"]).strip() == cleaned:
        return empty, [Problem(None, "text", text, f"this is the same text as version {int(newest['version'])}")]
    number = 1 if newest is None else int(newest["version"]) + 1
    row = pd.DataFrame(
        {"version": [number], "text": [cleaned], "saved_at": [pd.Timestamp(saved_at)], "parts": [parts.to_json()]}
    )
    return row, []


class DiffOp(StrEnum):
    EQUAL = "equal"
    INSERT = "insert"
    DELETE = "delete"


def diff_words(old: str, new: str) -> list[tuple[DiffOp, str]]:
    """What changed from ``old`` to ``new``, word by word (difflib).

    Returns runs of ``(op, text)`` in reading order; a replaced run is a
    deletion followed by an insertion. Joining the EQUAL and INSERT texts
    with spaces gives ``new`` (whitespace normalised); EQUAL and DELETE give ``old``.
    """
    old_words, new_words = old.split(), new.split()
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    runs: list[tuple[DiffOp, str]] = []
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal":
            runs.append((DiffOp.EQUAL, " ".join(old_words[a0:a1])))
            continue
        if a1 > a0:
            runs.append((DiffOp.DELETE, " ".join(old_words[a0:a1])))
        if b1 > b0:
            runs.append((DiffOp.INSERT, " ".join(new_words[b0:b1])))
    return runs


class OutcomeCheck(StrEnum):
    NO_BASELINE = "no_baseline"
    NO_TARGET = "no_target"
    NO_DATE = "no_date"
    NO_OWNER = "no_owner"
    OUTPUT_NOT_OUTCOME = "output_not_outcome"
    TOO_MANY = "too_many"


@dataclass(frozen=True)
class OutcomeWarning:
    """One plain warning about one outcome (``row`` 0-based) or the whole list (``row`` None)."""

    check: OutcomeCheck
    row: int | None
    metric: str
    message: str


def is_output_metric(metric: object, unit: object = "") -> bool:
    """True when metric or unit names an activity or deliverable (see the module's output rule)."""
    words = set(_WORD.findall(f"{text(metric)} {text(unit)}".casefold()))
    return bool(words & (OUTPUT_NOUNS | OUTPUT_VERBS))


def check_outcomes(outcomes: pd.DataFrame) -> list[OutcomeWarning]:
    """Plain warnings about a list of outcomes, in row order, the list-wide one last."""
    warnings: list[OutcomeWarning] = []
    frame = outcomes.reset_index(drop=True)
    missing = {
        OutcomeCheck.NO_BASELINE: ("baseline", "no baseline: without a starting value, progress cannot be shown"),
        OutcomeCheck.NO_TARGET: ("target", "no target: say how far the coalition means to move it"),
        OutcomeCheck.NO_DATE: ("due_date", "no date: say by when the target should be reached"),
        OutcomeCheck.NO_OWNER: ("owner", "no owner: name who reports on it"),
    }
    for row, outcome in frame.iterrows():
        metric = text(outcome.get("metric")).strip() or f"row {row + 1}"
        if is_output_metric(outcome.get("metric"), outcome.get("unit")):
            warnings.append(
                OutcomeWarning(
                    OutcomeCheck.OUTPUT_NOT_OUTCOME,
                    int(row),
                    metric,
                    f"'{metric}' counts activities (an output), not a change in the system (an outcome)",
                )
            )
        for check, (column, message) in missing.items():
            if column in frame and not text(outcome.get(column)).strip():
                warnings.append(OutcomeWarning(check, int(row), metric, f"'{metric}' has {message}"))
    if len(frame) > MAX_OUTCOMES:
        warnings.append(
            OutcomeWarning(
                OutcomeCheck.TOO_MANY,
                None,
                "",
                f"{len(frame)} outcomes: keep about {MAX_OUTCOMES} or fewer so the coalition stays focused",
            )
        )
    return warnings


def causes_for_builder(factors: Iterable[str], divergence: pd.DataFrame) -> list[str]:
    """Candidate root causes: rated causes (most disputed first), then other map factors."""
    rated = [str(cause) for cause in divergence.get("cause", [])]
    seen = {cause.casefold() for cause in rated}
    rest = [str(name) for name in factors if str(name).casefold() not in seen]
    return rated + rest
