"""The timeline in plain words: each logged change as sentences a room can read.

"Ana raised Tidewater Impact Capital's influence from 3 to 4." The store
logs each row a change touched, before and after
(:func:`core.store.history.entries`); this module says what happened to it:
added, removed, or which fields moved from what to what.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from core.conventions import is_blank
from core.steps import STEPS, Step
from core.tables import ColumnKind, Table, spec

__all__ = ["THING", "Entry", "describe", "record_name", "same", "sentences", "shown", "step_of"]

THING: dict[Table, str] = {
    Table.ACTORS: "actor",
    Table.RELATIONS: "relation",
    Table.FACTORS: "factor",
    Table.CAUSAL_LINKS: "causal link",
    Table.BARRIERS: "barrier",
    Table.EVIDENCE: "fact",
    Table.RATINGS: "root-cause rating",
    Table.STATEMENTS: "problem statement",
    Table.OUTCOMES: "outcome",
    Table.RACI: "RACI role",
    Table.DECISIONS: "decision right",
    Table.CHAMBERS: "chamber",
    Table.VALUE_PROPS: "value proposition",
    Table.TOC_ITEMS: "theory-of-change item",
    Table.TOC_LINKS: "theory-of-change link",
    Table.INDICATORS: "indicator",
    Table.PARTNER_TARGETS: "partner target",
    Table.FUNDING_SHARES: "funding share",
    Table.PILOTS: "pilot",
    Table.OBSERVATIONS: "observation",
    Table.COMMITMENTS: "commitment",
    Table.OWNERS: "internal owner",
    Table.STORIES: "impact story",
    Table.ANSWERS: "questionnaire",
}
"""What one row of each table is called in a sentence."""

_LONGEST = 60  # characters of a text value quoted in a sentence


@dataclass(frozen=True)
class Entry:
    """One line of the timeline."""

    change_id: int
    made_at: datetime
    made_by: str
    table: Table
    row_id: int
    sentence: str
    reason: str


def step_of(table: Table) -> Step | None:
    """The step whose page edits ``table`` (None for questionnaire answers, which several steps share)."""
    return next((step for step in STEPS if Table(table) in step.tables), None)


def describe(entries: pd.DataFrame) -> list[Entry]:
    """Each row of :func:`core.store.history.entries` as timeline lines (a row with several fields, several)."""
    found = []
    for row in entries.itertuples(index=False):
        table = Table(row.table_name)
        for sentence in sentences(table, _row(row.before), _row(row.after), str(row.made_by)):
            found.append(
                Entry(
                    int(row.change_id),
                    pd.Timestamp(row.made_at).to_pydatetime(),
                    str(row.made_by),
                    table,
                    int(row.row_id),
                    sentence,
                    str(row.reason or ""),
                )
            )
    return found


def sentences(table: Table, before: dict | None, after: dict | None, who: str) -> list[str]:
    """What ``who`` did to one row, in plain words: one sentence, or one per field changed.

    >>> sentences(Table.ACTORS, {"name": "Tidewater", "influence": 3}, {"name": "Tidewater", "influence": 4}, "Ana")
    ["Ana raised Tidewater's influence from 3 to 4."]
    >>> sentences(Table.ACTORS, None, {"name": "Harbour Co-op"}, "Ben")
    ['Ben added the actor Harbour Co-op.']
    """
    thing, name = THING[Table(table)], record_name(table, before or after or {})
    if table is Table.ANSWERS:
        return [f"{who} {'saved' if after else 'cleared'} the {name} answers."]
    if before is None:
        return [f"{who} added the {thing} {name}."]
    if after is None:
        return [f"{who} removed the {thing} {name}."]
    said, whose = [], name + ("'" if name.endswith("s") else "'s")
    for column in spec(table).columns:
        old, new = before.get(column.name), after.get(column.name)
        if same(old, new):
            continue
        field = column.name.replace("_", " ")
        if column.name in spec(table).key:
            said.append(f"{who} renamed the {thing} {shown(old)} to {shown(new)}.")
        elif is_blank(new):
            said.append(f"{who} cleared {whose} {field} (it was {shown(old, column.kind)}).")
        elif is_blank(old):
            said.append(f"{who} set {whose} {field} to {shown(new, column.kind)}.")
        elif column.kind in (ColumnKind.NUMBER, ColumnKind.INTEGER) and _number(new) != _number(old):
            verb = "raised" if _number(new) > _number(old) else "lowered"
            said.append(f"{who} {verb} {whose} {field} from {shown(old, column.kind)} to {shown(new, column.kind)}.")
        else:
            said.append(f"{who} changed {whose} {field} from {shown(old, column.kind)} to {shown(new, column.kind)}.")
    return said or [f"{who} saved the {thing} {name} unchanged."]


def _row(text: object) -> dict | None:
    return None if is_blank(text) else json.loads(str(text))


def record_name(table: Table, row: dict) -> str:
    """How a record is named in a sentence: its key values."""
    if table is Table.ANSWERS:
        return str(row.get("topic", "")).replace("_", " ")
    if table is Table.RELATIONS and not is_blank(row.get("kind")):
        return f"{row.get('source')} → {row.get('target')} ({row.get('kind')})"
    parts = [str(row.get(name)) for name in spec(table).key if not is_blank(row.get(name))]
    return " → ".join(parts) or "(unnamed)"


def same(old: object, new: object) -> bool:
    """Whether two stored values are the same (blanks alike, numbers within rounding)."""
    if is_blank(old) and is_blank(new):
        return True
    if isinstance(old, (int, float)) and isinstance(new, (int, float)):
        return math.isclose(float(old), float(new))
    return old == new


def _number(value: object) -> float:
    return float(value)  # type: ignore[arg-type]


def shown(value: object, kind: ColumnKind = ColumnKind.TEXT) -> str:
    """A value as a sentence quotes it: text in quotes (shortened), numbers bare, yes/no."""
    if kind is ColumnKind.BOOL:
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if kind in (ColumnKind.NUMBER, ColumnKind.INTEGER, ColumnKind.DATE, ColumnKind.TIMESTAMP):
        return str(value)
    text = " ".join(str(value).split())
    return f"“{text if len(text) <= _LONGEST else text[: _LONGEST - 1] + '…'}”"
