"""Where the room's answers land: closing a question, moderating a proposal, ending a session.

Ratings and commitments are written to the partnership's records when their
question closes (re-opening and closing again updates them: the same person
and cause, or the same commitment, is one record). A proposal enters the
records only when the facilitator accepts it or merges it into a record that
is already there. Each write is logged as the facilitator's change, and each
record names the participant who gave it.
"""

from __future__ import annotations

import json
from enum import StrEnum

import pandas as pd

from core.conventions import counted, name_key, row_keys, text
from core.records import validate
from core.room.activities import Activity, ProposalKind, commitment_row, proposal_row, proposal_text
from core.room.results import frozen, partner_scores, ratings
from core.store import Blanks, Store, StoreError, Table, room, spec

__all__ = ["Decision", "close_question", "end", "moderate"]


class Decision(StrEnum):
    """What the facilitator does with a proposal (the value is stored as its status)."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    MERGED = "merged"
    REJECTED = "rejected"


def close_question(store: Store, session: room.Session, activity: Activity) -> str:
    """Freeze a question's results and land its answers in the records; return what landed, in words."""
    activity = Activity(activity)
    answers = room.answers(store, session, activity.value)
    landed = _land(store, session, activity, answers)
    room.set_question(store, session, activity.value, is_open=False, results=json.dumps(frozen(answers, activity)))
    return landed


def _land(store: Store, session: room.Session, activity: Activity, answers: pd.DataFrame) -> str:
    reason = f"Live session '{session.name}': {activity.label.lower()}"
    if activity is Activity.RATE_CAUSES:
        rows = ratings(answers)
        if rows.empty:
            return "No ratings were given."
        added, updated = store.upsert(session.partnership_id, Table.RATINGS, rows, reason=reason)
        people = rows["participant"].nunique()
        return f"{len(rows)} ratings from {people} participants saved to step 2 ({added} new, {updated} changed)."
    if activity is Activity.COMMIT:
        rows = pd.DataFrame(
            [
                commitment_row(row.text, _date(row.due_date), row.participant, session.name)
                for row in answers.itertuples()
            ]
        )
        if rows.empty:
            return "No commitments were made."
        added, updated = store.upsert(session.partnership_id, Table.COMMITMENTS, rows, reason=reason)
        return f"{len(rows)} commitments saved to the action plan ({added} new, {updated} changed)."
    if activity.is_vote:
        return "The votes are kept with the session; the choice stays the team's."
    if activity is Activity.SCORE_PARTNERS:
        scores = partner_scores(answers)
        known = set(store.read(session.partnership_id, Table.ACTORS)["name"].dropna().map(name_key))
        scores = scores[scores["partner"].map(name_key).isin(known)]  # not one deleted since it was scored
        if scores.empty:
            return "No partner was scored."
        rows = pd.DataFrame(
            {
                "name": scores["partner"],
                "interest": scores["interest"].round(1).astype("Float64"),
                "influence": scores["influence"].round(1).astype("Float64"),
            }
        )
        store.upsert(session.partnership_id, Table.ACTORS, rows, reason=reason, blanks=Blanks.KEEP)
        return (
            f"The room's mean interest and influence are now recorded for {counted(len(rows), 'partner')} "
            "(Undo on the Backups page takes them back); the assets scores are kept with the session."
        )
    if activity is Activity.DOT_VOTE:
        return "The dots are kept with the session; the short list stays the team's to set."
    if activity is Activity.RATE_LINKS:
        return "The room's mean strengths are kept with the session: step 1's what-if can run on them."
    return "Proposals enter the records as you accept them."


def _date(value: object) -> object:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def moderate(
    store: Store, session: room.Session, proposal: pd.Series, decision: Decision, merge_into: str | None = None
) -> str:
    """Accept a proposal into its table, merge it into a record already there, or reject it; return what happened.

    ``proposal`` is a row of :func:`core.store.room.answers`. Accepting
    refuses a name already recorded (merge instead) and anything the
    records' rules refuse; nothing is written then.
    """
    decision = Decision(decision)
    kind = ProposalKind(proposal["kind"])
    if decision is Decision.REJECTED:
        room.decide(store, session, int(proposal["id"]), decision.value)
        return f"Rejected '{proposal_text(kind, proposal['text'])}'."
    existing = store.read(session.partnership_id, kind.table)
    names = {name_key(name): str(name) for name in existing[kind.name_column].dropna()}
    shown = proposal_text(kind, proposal["text"])
    if decision is Decision.ACCEPTED:
        row = proposal_row(
            kind, proposal["text"], _blank_none(proposal["choice"]), text(proposal["detail"]), proposal["participant"],
            session.name,
        )  # fmt: skip
        frame = pd.DataFrame([row])
        key = list(spec(kind.table).key)
        if row_keys(frame, key).iloc[0] in set(row_keys(existing, key)):
            raise StoreError(f"'{shown}' is already recorded as a {kind.value}: merge it instead.")
        problems = validate(frame, kind.table)
        if problems:
            raise StoreError("; ".join(problem.message for problem in problems))
        store.upsert(session.partnership_id, kind.table, frame, reason=f"Live session '{session.name}': proposal")
        room.decide(store, session, int(proposal["id"]), decision.value)
        return f"Added {kind.value} '{shown}'."
    if kind is ProposalKind.RELATION:
        raise StoreError("A proposed relation cannot be merged: accept it or reject it.")
    target = names.get(name_key(merge_into))
    if target is None:
        raise StoreError(f"There is no {kind.value} called '{merge_into}' to merge into.")
    if kind.note_column:
        note = existing.loc[existing[kind.name_column] == target, kind.note_column].iloc[0]
        said = f"{proposal['participant']} (live session '{session.name}'): {proposal['text']}"
        detail = text(proposal["detail"])
        merged = "; ".join(part for part in (text(note), said + (f" - {detail}" if detail else "")) if part)
        frame = pd.DataFrame([{kind.name_column: target, kind.note_column: merged}])
        store.upsert(
            session.partnership_id, kind.table, frame, reason=f"Live session '{session.name}': merged proposal",
            blanks=Blanks.KEEP,
        )  # fmt: skip
    room.decide(store, session, int(proposal["id"]), decision.value, merged_into=target)
    return f"Merged '{proposal['text']}' into '{target}'."


def _blank_none(value: object) -> str | None:
    return text(value) or None


def end(store: Store, session: room.Session) -> list[str]:
    """Close every open question (landing its answers), then end the session; return what landed."""
    landed = []
    for activity, question in room.questions(store, session).items():
        if question.is_open:
            landed.append(close_question(store, session, Activity(activity)))
    room.end_session(store, session)
    return landed
