"""The facilitator's side of a live session: start it, show how to join, open questions, moderate, end.

The live part (who has answered, the results, the moderation queue) is a
fragment that redraws itself every two seconds, so the wall fills in as the
room answers without the rest of the page running again.

About 300 lines, kept whole: the controls and the live fragment act on the one session.
"""

from __future__ import annotations

import functools
import html
import io
from dataclasses import dataclass
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import segno
import streamlit as st

from core.conventions import counted, escape_markdown, text
from core.problem import perspectives
from core.room import landing, results
from core.room.access import new_join_code
from core.room.activities import Activity, ProposalKind, causes_to_rate, proposal_text
from core.store import Store, StoreError, Table, room
from ui import state
from ui.room import heard
from ui.room.charts import link_figure, partner_scores_figure, rating_counts_figure
from ui.room.gate import join_address
from ui.table import show_table

__all__ = ["controls", "join_panel", "live", "moderation", "start"]

REFRESH_SECONDS = 2
WALL_CAUSES = 8  # on the wall, the most disputed causes: more would not read from the back row
_MODERATED = "room_moderated"  # the pending proposals the moderation queue last drew


def start(store: Store, partnership_id: int) -> None:
    """The form that opens a live session for this partnership."""
    st.write(
        "Open a live session and the room answers from their own phones: they join with a code shown here, "
        "and what they say lands in this partnership's records with their name."
    )
    with st.form("room_start"):
        name = st.text_input("Session name", value=f"Workshop {date.today():%d %b %Y}", max_chars=80)
        anonymous = st.checkbox("Let people take part without giving their name")
        if st.form_submit_button("Start the live session", type="primary", icon=":material/play_arrow:"):
            with state.saving():
                room.start_session(
                    store, partnership_id, " ".join(name.split()) or "Workshop", new_join_code(), anonymous
                )
                st.rerun()


@st.cache_data(show_spinner=False, max_entries=8)
def _qr_png(address: str) -> bytes:
    """The join address as a QR code (segno writes PNG itself: no imaging library, no network)."""
    sink = io.BytesIO()
    segno.make(address, error="m").save(sink, kind="png", scale=10, border=2)
    return sink.getvalue()


def join_panel(session: room.Session) -> None:
    """The join code first, then its QR code and the address: a narrow column beside the results."""
    address = join_address(session.join_code)
    site, _, rest = address.partition("/?")
    # The code is drawn from our own alphabet (core.room.access.CODE_ALPHABET); the address is the server's
    # own (escaped all the same). It breaks before "/?", never inside the port.
    st.html(
        f'<div class="ks-join-label">Join code</div><div class="ks-join-code">{session.join_code}</div>'
        f'<div class="ks-join-address">{html.escape(site)}<br>/?{html.escape(rest)}</div>'
    )
    st.image(_qr_png(address), width=180, caption="Scan to join")
    st.caption(escape_markdown(session.name))


@dataclass(frozen=True)
class _Panel:
    """One question's results as the wall draws them: words, then a chart or a table."""

    activity: Activity
    is_open: bool
    answered: int
    words: tuple[str, ...] = ()
    figure: go.Figure | None = None
    table: pd.DataFrame | None = None


@dataclass(frozen=True)
class _Board:
    joined: int
    panels: tuple[_Panel, ...]
    pending: frozenset[int]  # proposals waiting for the facilitator


@st.fragment(run_every=REFRESH_SECONDS)
def live(store: Store, session: room.Session) -> None:
    """Who has joined and answered, and the results of each open question (the last closed one if none is open).

    Every run asks only the session's pulse; the board is worked out again
    only when the pulse has moved (someone answered or joined, or the records
    it names changed: a cause renamed shows under its new name).
    """
    pulse = room.pulse(store, session)
    if pulse is None:
        return
    revisions = (pulse.revision, pulse.records)
    board = _board(store, session, store.location, session.id, revisions, state.presenting())
    if board.pending != st.session_state.get(_MODERATED, frozenset()):
        st.rerun(scope="app")  # a proposal came or went: the moderation queue below draws itself again
    cells = st.columns([1, 3] if len(board.panels) == 1 else [1] * (1 + len(board.panels)))
    cells[0].metric("Joined", board.joined)
    for cell, panel in zip(cells[1:], board.panels, strict=True):
        # One question: its full name heads the results, so the room reads it first and nothing stands between.
        label = panel.activity.label if len(board.panels) == 1 else panel.activity.short
        closed = "" if panel.is_open else " (closed, results frozen)"
        cell.metric(label + closed, f"{panel.answered} of {board.joined}", help=panel.activity.label)
    for panel in board.panels:
        if len(board.panels) > 1:
            state_words = "open" if panel.is_open else "closed, results frozen"
            st.markdown(f"#### {panel.activity.label} ({state_words})")
        for words in panel.words:
            st.markdown(words)
        if panel.figure is not None:
            st.plotly_chart(panel.figure, key=f"room_{panel.activity.value}", config={"displaylogo": False})
        if panel.table is not None:
            show_table(panel.table)


@st.cache_resource(show_spinner=False, max_entries=32)
def _board(
    _store: Store, _session: room.Session, location: str, session_id: int, revisions: tuple[int, int], large: bool
) -> _Board:
    """The wall's board at one revision of the session and of its records (kept, not copied: the wall only reads it)."""
    people = room.participants(_store, _session)
    joined = int(people["removed_at"].isna().sum())
    answers = room.answers(_store, _session)
    questions = room.questions(_store, _session)
    shown = [Activity(a) for a, q in questions.items() if q.is_open]
    if not shown and questions:
        last = max(questions.values(), key=lambda q: q.closed_at or q.opened_at)
        shown = [Activity(last.activity)]
    proposals = answers[answers["activity"] == Activity.PROPOSE.value]
    pending = frozenset(proposals.loc[proposals["status"] == landing.Decision.PENDING.value, "id"].astype(int))
    panels = tuple(
        _panel(_store, _session, activity, questions[activity.value].is_open, answers, large) for activity in shown
    )
    return _Board(joined, panels, pending)


def _panel(
    store: Store, session: room.Session, activity: Activity, is_open: bool, answers: pd.DataFrame, large: bool
) -> _Panel:
    answered = results.answered(answers, activity)
    panel = functools.partial(_Panel, activity, is_open, answered)
    if activity is Activity.RATE_CAUSES:
        ratings = results.ratings(answers)
        spread = perspectives.divergence(ratings)
        words = [escape_markdown(perspectives.takeaway(spread))]
        # Before the first rating, the causes put to the room, at nought: the chart (and plotly.js) is up
        # before anyone answers, so the first answers show as fast as the rest.
        causes = spread["cause"].tolist()
        if not causes:
            frames = store.read_many(session.partnership_id, [Table.FACTORS, Table.RATINGS])
            causes = causes_to_rate(frames[Table.FACTORS], frames[Table.RATINGS])
        if not causes:
            return panel(tuple(words))
        shown = causes[:WALL_CAUSES] if large else causes
        if len(shown) < len(causes):
            words.append(f"The {len(shown)} most disputed of {len(causes)} causes rated.")
        return panel(tuple(words), rating_counts_figure(results.rating_counts(ratings, shown), large))
    if activity is Activity.RATE_LINKS:
        strengths = results.link_strengths(answers)
        if strengths.empty:
            return panel(("No link rated yet.",))
        shown = strengths.head(WALL_CAUSES) if large else strengths
        return panel(("The links the room disagrees on most come first.",), link_figure(shown, large))
    if activity is Activity.SCORE_PARTNERS:
        scores = results.partner_scores(answers)
        if scores.empty:
            return panel(("No partner scored yet.",))
        return panel(figure=partner_scores_figure(scores.head(WALL_CAUSES) if large else scores, large))
    if activity is Activity.DOT_VOTE or activity is Activity.VOTE_PATHWAY:
        most = WALL_CAUSES if large else None
        return panel(figure=heard.vote_spread_figure(store, session.partnership_id, answers, activity, large, most))
    if activity.is_vote:
        return panel(tuple(heard.vote_lines(answers, activity)))
    if activity is Activity.COMMIT:
        made = answers[answers["activity"] == activity.value]
        return panel(table=pd.DataFrame({"Who": made["participant"], "Will": made["text"], "By": made["due_date"]}))
    return panel(("The proposals are below, to accept, merge or reject.",))


@st.fragment
def moderation(store: Store, session: room.Session) -> None:
    """Each pending proposal with Accept, Merge into… and Reject; decided ones below.

    Not on the live part's timer: a click here never meets a redraw. The
    live part runs the page again when a proposal comes or goes.
    """
    proposals = room.answers(store, session, Activity.PROPOSE.value)
    pending = proposals[proposals["status"] == landing.Decision.PENDING.value]
    st.session_state[_MODERATED] = frozenset(pending["id"].astype(int))
    if proposals.empty and not room.pulse(store, session).open_activities & {Activity.PROPOSE.value}:
        return
    st.markdown("#### Proposals")
    st.markdown(f"**{counted(len(pending), 'proposal')} waiting**" if len(pending) else "Nothing waiting.")
    # Keyed on the pending set: when a proposal is decided the list is drawn afresh. Patched in place, the
    # card that moved up kept the decided card's row of buttons beside its own (seen once in CI).
    waiting = st.container(key="pending_" + "_".join(str(number) for number in sorted(pending["id"].astype(int))))
    for proposal in pending.itertuples():
        kind = ProposalKind(proposal.kind)
        with waiting.container(border=True, key=f"proposal_{proposal.id}"):
            chosen = text(proposal.choice)  # blank (NaN) when the kind has no choice
            choice = f" ({escape_markdown(kind.choices.get(chosen, chosen))})" if chosen else ""
            st.markdown(
                f"**{kind.label}:** {escape_markdown(proposal_text(kind, proposal.text))}{choice}  \n"
                f"proposed by {escape_markdown(proposal.participant)}"
            )
            if text(proposal.detail):
                st.caption(escape_markdown(proposal.detail))
            accept, merge, reject = st.columns(3)
            if accept.button("Accept", key=f"accept_{proposal.id}", icon=":material/check:", width="stretch"):
                _decide(store, session, proposal, landing.Decision.ACCEPTED)
            with merge.popover("Merge into…", width="stretch", disabled=kind is ProposalKind.RELATION):
                names = store.read(session.partnership_id, kind.table)[kind.name_column].dropna().tolist()
                into = st.selectbox(f"Existing {kind.value}", names, key=f"into_{proposal.id}")
                if st.button("Merge", key=f"merge_{proposal.id}", disabled=not names):
                    _decide(store, session, proposal, landing.Decision.MERGED, into)
            if reject.button("Reject", key=f"reject_{proposal.id}", icon=":material/close:", width="stretch"):
                _decide(store, session, proposal, landing.Decision.REJECTED)
    decided = proposals[proposals["status"] != landing.Decision.PENDING.value]
    if not decided.empty:
        said = [proposal_text(kind, words) for kind, words in zip(decided["kind"], decided["text"], strict=True)]
        with st.expander(f"Decided ({len(decided)})"):
            show_table(
                pd.DataFrame({
                    "Proposal": said, "By": decided["participant"], "Decision": decided["status"],
                    "Merged into": decided["merged_into"], "Decided by": decided["decided_by"],
                })
            )  # fmt: skip


def _decide(
    store: Store, session: room.Session, proposal: object, decision: landing.Decision, into: str | None = None
) -> None:
    row = pd.Series(proposal._asdict())
    try:
        said = landing.moderate(store, session, row, decision, into)
    except StoreError as error:
        st.error(escape_markdown(str(error)), icon=":material/error:")
        return
    st.toast(escape_markdown(said), icon="✅")
    st.rerun(scope="fragment")


def controls(store: Store, session: room.Session) -> None:
    """Open, close and re-open each question; remove a participant; end the session."""
    questions = room.questions(store, session)
    st.markdown("#### Questions")
    for activity in Activity:
        question = questions.get(activity.value)
        words, button = st.columns([4, 1], vertical_alignment="center")
        status = "open now" if question and question.is_open else "closed" if question else "not opened yet"
        words.markdown(f"**{activity.label}** · {status}")
        if question and question.is_open:
            button.button("Close", key=f"close_{activity.value}", on_click=_close, args=(store, session, activity),
                          width="stretch")  # fmt: skip
        else:
            label = "Re-open" if question else "Open"
            button.button(label, key=f"open_{activity.value}", on_click=_open, args=(store, session, activity),
                          type="primary", width="stretch")  # fmt: skip
    people = room.participants(store, session)
    here = people[people["removed_at"].isna()]
    with st.expander(f"Participants ({len(here)})"):
        if not here.empty:
            names = dict(zip(here["id"].astype(int), here["name"], strict=True))
            who = st.selectbox("Participant", list(names), format_func=names.get, key="room_remove_who")
            st.button("Remove from the session", on_click=_remove, args=(store, session, who, names.get(who)))
    st.button("End the session", icon=":material/stop:", on_click=_end, args=(store, session), type="primary")
    st.caption("Ending closes every open question (its answers land in the records) and the join code stops working.")


def _open(store: Store, session: room.Session, activity: Activity) -> None:
    with state.saving():
        room.set_question(store, session, activity.value, is_open=True)


def _close(store: Store, session: room.Session, activity: Activity) -> None:
    with state.saving():
        state.flash(landing.close_question(store, session, activity))


def _remove(store: Store, session: room.Session, participant_id: int, name: str) -> None:
    with state.saving():
        room.remove_participant(store, session, participant_id)
        state.flash(f"Removed {name}: their link no longer works; what they sent is kept.")


def _end(store: Store, session: room.Session) -> None:
    with state.saving():
        for said in landing.end(store, session):
            state.flash(said)
        state.flash(f"Ended '{session.name}': the join code no longer works.")
