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
from core.model import join_list, split_list
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
        return (
            f"{counted(len(rows), 'rating')} from {counted(people, 'participant')} saved to step 2 "
            f"({added} new, {updated} changed)."
        )
    if activity is Activity.COMMIT:
        if answers.empty:
            return "No commitments were made."
        rows = _commitments(answers, store.read(session.partnership_id, Table.COMMITMENTS), session.name)
        added, updated = store.upsert(
            session.partnership_id, Table.COMMITMENTS, rows, reason=reason, blanks=Blanks.KEEP
        )
        people = answers["participant"].nunique()
        return (
            f"{counted(len(answers), 'commitment')} from {counted(people, 'participant')} saved to the action plan "
            f"({added} new, {updated} gained an owner)."
        )
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


def _commitments(answers: pd.DataFrame, recorded: pd.DataFrame, session: str) -> pd.DataFrame:
    """The action-plan rows for the room's commitments.

    People who commit to the same action (case and spacing aside) share it: its
    owners are all of them, its date the earliest given. An action already in
    the plan (from an earlier close, or typed there) only gains the owners it
    lacks: its status, date and tracking stay as the plan has them.
    """
    owners_now = dict(zip(recorded["commitment"].map(name_key), recorded["who"], strict=True))
    rows = []
    for key, same in answers.groupby(answers["text"].map(name_key), sort=False):
        owners = list(dict.fromkeys(owner for name in same["participant"] for owner in split_list(name)))
        dates = pd.to_datetime(same["due_date"], errors="coerce").dropna()
        due = dates.min().date() if len(dates) else None
        if key in owners_now:
            had = split_list(owners_now[key])
            missing = [owner for owner in owners if name_key(owner) not in {name_key(h) for h in had}]
            if missing:
                rows.append({"commitment": same["text"].iloc[0], "who": join_list([*had, *missing])})
        else:
            rows.append(commitment_row(same["text"].iloc[0], due, join_list(owners), session))
    return pd.DataFrame(rows, columns=["commitment", "who", "due_date", "tracking", "status"])


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
    answer_id = int(proposal["id"])
    shown = proposal_text(kind, proposal["text"])
    if decision is Decision.REJECTED:
        _claim(store, session, answer_id, decision)
        return f"Rejected '{shown}'."
    existing = store.read(session.partnership_id, kind.table)
    if decision is Decision.ACCEPTED:
        row = proposal_row(
            kind, proposal["text"], _blank_none(proposal["choice"]), text(proposal["detail"]), proposal["participant"],
            session.name,
        )  # fmt: skip
        frame, blanks, target, said = pd.DataFrame([row]), Blanks.CLEAR, None, f"Added {kind.value} '{shown}'."
        key = list(spec(kind.table).key)
        if row_keys(frame, key).iloc[0] in set(row_keys(existing, key)):
            raise StoreError(f"'{shown}' is already recorded as a {kind.value}: merge it instead.")
        problems = validate(frame, kind.table)
        if problems:
            raise StoreError("; ".join(problem.message for problem in problems))
    else:
        frame, target = _merged(kind, existing, proposal, session, merge_into)
        blanks, said = Blanks.KEEP, f"Merged '{shown}' into '{target}'."
        if frame is None:
            said += f" ({kind.label}s hold no note, so the proposer's words stay with the session.)"
    _claim(store, session, answer_id, decision, target)  # before the write: a second click finds it decided
    try:
        if frame is not None:
            reason = f"Live session '{session.name}': proposal {decision.value}"
            store.upsert(session.partnership_id, kind.table, frame, reason=reason, blanks=blanks)
    except BaseException:
        room.decide(store, session, answer_id, Decision.PENDING.value, was=decision.value)
        raise
    return said


def _claim(store: Store, session: room.Session, answer_id: int, decision: Decision, into: str | None = None) -> None:
    """Mark the proposal decided, or say who decided it first (nothing else is then written)."""
    earlier = room.decide(store, session, answer_id, decision.value, into)
    if earlier is not None:
        status, who = earlier
        raise StoreError(f"This proposal was already {status}" + (f" by {who}." if who else "."))


def _merged(
    kind: ProposalKind, existing: pd.DataFrame, proposal: pd.Series, session: room.Session, merge_into: str | None
) -> tuple[pd.DataFrame | None, str]:
    """The existing record a proposal merges into, with the proposer's words added to its note (if it has one)."""
    if kind is ProposalKind.RELATION:
        raise StoreError("A proposed relation cannot be merged: accept it or reject it.")
    names = {name_key(name): str(name) for name in existing[kind.name_column].dropna()}
    target = names.get(name_key(merge_into))
    if target is None:
        raise StoreError(f"There is no {kind.value} called '{merge_into}' to merge into.")
    if not kind.note_column:
        return None, target
    note = existing.loc[existing[kind.name_column] == target, kind.note_column].iloc[0]
    said = f"{proposal['participant']} (live session '{session.name}'): {proposal['text']}"
    detail = text(proposal["detail"])
    merged = "; ".join(part for part in (text(note), said + (f" - {detail}" if detail else "")) if part)
    return pd.DataFrame([{kind.name_column: target, kind.note_column: merged}]), target


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
