"""The participant's phone view: join under a name, then answer the open question, one thing per screen.

Everything is read and written through :mod:`core.store.room`; the session
and the partnership come from the join code alone, never from the address's
other parts. Text the participant types is stored as typed and shown escaped.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pandas as pd
import streamlit as st

from core.conventions import escape_markdown, text
from core.room.access import NAME_LIMIT, TEXT_LIMIT, RoomInputError, clean_name, clean_text, new_secret, normal_code
from core.room.activities import (
    DOTS,
    LINK_STRENGTHS,
    RATING_SCALE,
    SCORE_CRITERIA,
    Activity,
    ProposalKind,
    candidates,
    causes_to_rate,
    link_item,
    proposal_text,
    score_item,
    vote_questions,
)
from core.room.limits import RateLimit
from core.store import Store, StoreError, Table, room
from ui import state
from ui.room.gate import JOIN, ME, closed_door

__all__ = ["show"]

_PARTNER = "room_partner_index"
_SUBMISSION = "room_submission"
_CHOSEN = "room_activity"
_NOT_OPEN = "This join code is not open: the session has ended, or the code is mistyped."
_ANYONE = "wrong codes"  # the one key of the wrong-code limit: nothing about a client is trusted
_RATING_WORDS = {1: "barely", 2: "a little", 3: "somewhat", 4: "strongly", 5: "a main driver"}


@st.cache_resource
def _limit() -> RateLimit:
    """One per process: a participant may send at most 30 answers a minute."""
    return RateLimit(most=30, seconds=60)


@st.cache_resource
def _wrong_codes() -> RateLimit:
    """One per process: 30 wrong join codes a minute, from anyone, so guessing a code takes years."""
    return RateLimit(most=30, seconds=60)


def show() -> None:
    store = state.shared_store()
    code, token = normal_code(st.query_params.get(JOIN)), st.query_params.get(ME, "")
    if token:  # someone who joined: a wrong code and a wrong token get the same answer, so trying tells nothing
        session = room.session_for_code(store, code)
        me = room.participant(store, session, token) if session else None
        if me is None:
            removed = session is not None and room.was_removed(store, session, token)
            st.error("The facilitator has removed you from this session." if removed else _NOT_OPEN)
            if not removed:
                closed_door()
            return
    else:  # a code typed or scanned: only here does the server learn whether a code is open, so only here it counts
        if _wrong_codes().wait(_ANYONE) > 0:
            st.error("Too many mistyped join codes on this server just now. Wait a minute, then try again.")
            return
        session, me = room.session_for_code(store, code), None
        if session is None:
            _wrong_codes().allow(_ANYONE)
            st.error(_NOT_OPEN)
            closed_door()
            return
    if me is None:
        _join(store, session)
        return
    st.caption(f"Keystone live · {escape_markdown(session.name)} · you are **{escape_markdown(me.name)}**")
    pulse = room.pulse(store, session, me.token)
    seen = pulse.open_activities if pulse else frozenset()
    _watch(store, session, me, seen)
    open_now = [activity for activity in Activity if activity.value in seen]  # in the facilitator's list's order
    if not open_now:
        st.subheader("Waiting for the facilitator to open a question")
        st.write("This screen changes by itself when one opens.")
        return
    activity = open_now[0]
    if len(open_now) > 1:
        activity = st.segmented_control(
            "Question", open_now, format_func=lambda a: a.label, key=_CHOSEN, default=open_now[0], width="stretch"
        ) or open_now[0]  # fmt: skip
    st.subheader(activity.prompt)
    answer = {
        Activity.RATE_CAUSES: _rate_causes,
        Activity.RATE_LINKS: _rate_links,
        Activity.SCORE_PARTNERS: _score_partners,
        Activity.DOT_VOTE: _dot_vote,
        Activity.PROPOSE: _propose,
        Activity.COMMIT: _commit,
        Activity.VOTE_GOVERNANCE: _vote,
        Activity.VOTE_PATHWAY: _vote,
    }[activity]
    answer(store, session, me, activity)


def _join(store: Store, session: room.Session) -> None:
    st.title("Join the live session")
    st.write(f"**{escape_markdown(session.name)}**")
    with st.form("room_join", border=False):
        name = st.text_input("Your name, as the room knows you", max_chars=NAME_LIMIT)
        anonymous = session.anonymous_allowed and st.checkbox("Take part without my name")
        if not st.form_submit_button("Join", type="primary", width="stretch"):
            return
    try:
        shown = f"Anonymous {uuid.uuid4().hex[:4]}" if anonymous else clean_name(name)
        token = new_secret()
        room.join(store, session, shown, token)
    except (RoomInputError, StoreError) as error:
        st.error(escape_markdown(str(error)))
        return
    st.query_params[ME] = token  # in the address: a reload or a dropped Wi-Fi keeps who you are
    st.rerun()


@st.fragment(run_every=3)
def _watch(store: Store, session: room.Session, me: room.Participant, seen: frozenset[str]) -> None:
    """Every few seconds, one small query: a question opened or closed, the session ended, you were removed?"""
    pulse = room.pulse(store, session, me.token)
    if pulse is None or not pulse.is_open or not pulse.present or pulse.open_activities != seen:
        st.rerun(scope="app")


def _send(me: room.Participant, write: Callable[..., object], *args: object, **values: object) -> bool:
    """Run one submission, ``write(*args, **values)``, within the participant's rate; say why when it cannot land."""
    if not _limit().allow(me.token):
        st.warning(f"You are sending answers very fast. Wait {_limit().wait(me.token):.0f} seconds and try again.")
        return False
    try:
        write(*args, **values)
    except (RoomInputError, StoreError) as error:
        st.error(escape_markdown(str(error)))
        return False
    return True


def _mine(store: Store, session: room.Session, me: room.Participant, activity: Activity) -> pd.DataFrame:
    answers = room.answers(store, session, activity.value)
    return answers[answers["participant_id"] == me.id]


# -- rating causes, one per screen ---------------------------------------------


def _causes(store: Store, partnership_id: int) -> list[str]:
    frames = state.records(store, partnership_id, (Table.FACTORS, Table.RATINGS))
    return causes_to_rate(frames[Table.FACTORS], frames[Table.RATINGS])


def _rate_causes(store: Store, session: room.Session, me: room.Participant, activity: Activity) -> None:
    causes = _causes(store, session.partnership_id)
    if not causes:
        st.info("The map has no causes to rate yet.")
        return
    options = {rating: f"{rating} · {_RATING_WORDS[rating]}" for rating in RATING_SCALE}
    _one_per_screen(
        store, session, me, activity, "cause", [(cause, f"### {escape_markdown(cause)}") for cause in causes], options
    )


def _rate_links(store: Store, session: room.Session, me: room.Participant, activity: Activity) -> None:
    frames = state.records(store, session.partnership_id, (Table.CAUSAL_LINKS,))
    links = frames[Table.CAUSAL_LINKS].dropna(subset=["cause", "effect"]).drop_duplicates(["cause", "effect"])
    if links.empty:
        st.info("The map has no causal links to rate yet.")
        return
    screens = []
    for link in links.itertuples():
        verb = "lowers" if pd.to_numeric(link.polarity, errors="coerce") == -1 else "raises"
        heading = f"### {escape_markdown(link.cause)}\n{verb}\n### {escape_markdown(link.effect)}"
        screens.append((link_item(link.cause, link.effect), heading))
    _one_per_screen(store, session, me, activity, "link", screens, LINK_STRENGTHS)


def _one_per_screen(
    store: Store, session: room.Session, me: room.Participant, activity: Activity, noun: str,
    screens: list[tuple[str, str]], options: dict[float, str],
) -> None:  # fmt: skip
    """Rate one item a screen: ``screens`` are (the item answered, its heading); a tap saves and moves on."""
    mine = _mine(store, session, me, activity).set_index("item")["value"]
    key = f"room_{noun}_index"
    at = min(int(st.session_state.get(key, 0)), len(screens) - 1)
    item, heading = screens[at]
    st.progress((at + 1) / len(screens), text=f"{noun.capitalize()} {at + 1} of {len(screens)} · {len(mine)} rated")
    st.markdown(heading)
    given = mine.get(item)
    picked = _big_choice(options, None if given is None else float(given), key=noun)
    if picked is not None and _send(me, room.set_answer, store, session, me, activity.value, item, value=float(picked)):
        st.session_state[key] = min(at + 1, len(screens) - 1)
        st.rerun()
    _steps(key, at, len(screens), noun)
    if len(mine) >= len(screens):
        st.success(f"You have rated every {noun}. You can change any until the facilitator closes the question.")


def _candidates(store: Store, partnership_id: int) -> list[str]:
    return candidates(state.records(store, partnership_id, (Table.ACTORS,))[Table.ACTORS])


def _score_partners(store: Store, session: room.Session, me: room.Participant, activity: Activity) -> None:
    names = _candidates(store, session.partnership_id)
    if not names:
        st.info("There are no candidate partners to score yet.")
        return
    mine = _mine(store, session, me, activity).set_index("item")["value"]
    at = min(int(st.session_state.get(_PARTNER, 0)), len(names) - 1)
    partner = names[at]
    st.progress((at + 1) / len(names), text=f"Partner {at + 1} of {len(names)}")
    st.markdown(f"### {escape_markdown(partner)}")
    for criterion, label in SCORE_CRITERIA.items():
        item = score_item(partner, criterion)
        given = mine.get(item)
        given = None if given is None or pd.isna(given) else int(given)
        picked = st.segmented_control(
            f"{label} (1 low, 5 high)", list(RATING_SCALE), default=given, key=f"score_{at}_{criterion}",
            width="stretch",
        )  # fmt: skip
        if picked is not None and picked != given:
            _send(me, room.set_answer, store, session, me, activity.value, item, value=float(picked))
    _steps(_PARTNER, at, len(names), "partner")


def _dot_vote(store: Store, session: room.Session, me: room.Participant, activity: Activity) -> None:
    names = _candidates(store, session.partnership_id)
    mine = _mine(store, session, me, activity)
    placed = set(mine.loc[pd.to_numeric(mine["value"], errors="coerce") > 0, "item"])
    left = DOTS - len(placed)
    st.markdown(f"**{left} of {DOTS} dots left.** Tap a candidate to place a dot, tap again to take it back.")
    for at, name in enumerate(names):
        dotted = name in placed
        if st.button(
            name, key=f"dot_{at}", width="stretch", type="primary" if dotted else "secondary",
            icon=":material/radio_button_checked:" if dotted else None,
        ):  # fmt: skip
            if not dotted and left <= 0:
                st.warning(f"You have placed all {DOTS} dots: take one back first.")
            elif _send(me, room.set_answer, store, session, me, activity.value, name, value=0.0 if dotted else 1.0):
                st.rerun()


def _steps(key: str, at: int, count: int, noun: str) -> None:
    """Previous and Next, for a question asked one item per screen."""
    back, forward = st.columns(2)
    if back.button(f"Previous {noun}", icon=":material/arrow_back:", disabled=at == 0, width="stretch"):
        st.session_state[key] = at - 1
        st.rerun()
    if forward.button(f"Next {noun}", icon=":material/arrow_forward:", disabled=at == count - 1, width="stretch"):
        st.session_state[key] = at + 1
        st.rerun()


def _big_choice(options: dict, given: object, key: str) -> object | None:
    """One full-width button per option, the given one marked; return the option tapped, if any."""
    picked = None
    for option, label in options.items():
        chosen = option == given
        if st.button(
            label, key=f"{key}_{option}", width="stretch", type="primary" if chosen else "secondary",
            icon=":material/check:" if chosen else None,
        ):  # fmt: skip
            picked = option
    return picked


# -- proposals and commitments ---------------------------------------------------


def _submission() -> str:
    """The id of the form on screen: a double tap sends it twice, and it is stored once."""
    return st.session_state.setdefault(_SUBMISSION, uuid.uuid4().hex)


def _add(
    store: Store, session: room.Session, me: room.Participant, activity: Activity, text: tuple[str, str],
    **values: object,
) -> None:  # fmt: skip
    """Store the form on screen once; ``text`` is what was typed and what to call it if it cannot be taken."""
    typed, what = text
    room.add_answer(
        store, session, me, activity.value, _submission(), text=clean_text(typed, TEXT_LIMIT, what), **values
    )


def _sent() -> None:
    st.session_state.pop(_SUBMISSION, None)


def _propose(store: Store, session: room.Session, me: room.Participant, activity: Activity) -> None:
    kind = st.segmented_control(
        "What are you proposing?", list(ProposalKind), format_func=lambda k: k.label, key="room_kind",
        default=ProposalKind.BARRIER, width="stretch",
    ) or ProposalKind.BARRIER  # fmt: skip
    with st.form("room_propose", clear_on_submit=True, border=False):
        if kind is ProposalKind.RELATION:
            name = _two_actors(store, session.partnership_id)
        else:
            name = st.text_input(f"The {kind.value}, in a few words", max_chars=TEXT_LIMIT)
        choices = kind.choices
        choice = (
            st.selectbox(_CHOICE_LABELS.get(kind, "Kind"), list(choices), format_func=choices.get) if choices else None
        )
        detail = st.text_area("Why, or what you know (optional)", max_chars=TEXT_LIMIT, height=90)
        if st.form_submit_button("Send to the facilitator", type="primary", width="stretch") and _send(
            me, _add, store, session, me, activity, text=(name, f"The {kind.value}"), kind=kind.value,
            choice=choice, detail=" ".join(detail.split()) or None, status="pending",
        ):  # fmt: skip
            _sent()
            st.toast("Sent: the facilitator will add it, merge it or set it aside.", icon="✅")
    _my_list(
        store, session, me, activity, lambda row: f"{ProposalKind(row.kind).label}: {proposal_text(row.kind, row.text)}"
    )


_CHOICE_LABELS = {
    ProposalKind.ACTOR: "Type",
    ProposalKind.BARRIER: "Category",
    ProposalKind.EVIDENCE: "Kind",
    ProposalKind.RELATION: "How the first acts on the second",
}


def _two_actors(store: Store, partnership_id: int) -> str:
    """A relation's two ends, picked from the recorded actors; '' when they are the same one."""
    actors = state.records(store, partnership_id, (Table.ACTORS,))[Table.ACTORS]["name"].dropna().astype(str)
    names = sorted(actors, key=str.casefold)
    source = st.selectbox("From", names, index=None, placeholder="Pick an actor")
    target = st.selectbox("To", names, index=None, placeholder="Pick another actor")
    return link_item(source, target) if source and target and source != target else ""


def _commit(store: Store, session: room.Session, me: room.Participant, activity: Activity) -> None:
    with st.form("room_commit", clear_on_submit=True, border=False):
        will = st.text_input("I will…", max_chars=TEXT_LIMIT)
        due = st.date_input("by", value=None, format="YYYY-MM-DD")
        committed = st.form_submit_button("Commit", type="primary", width="stretch")
        if committed and _send(me, _add, store, session, me, activity, text=(will, "Your commitment"), due_date=due):
            _sent()
            st.toast("Committed: it goes into the action plan with you as owner.", icon="✅")
    _my_list(
        store, session, me, activity, lambda row: row.text + (f" (by {row.due_date:%d %b %Y})" if _dated(row) else "")
    )


def _dated(row: object) -> bool:
    return row.due_date is not None and not pd.isna(row.due_date)


def _my_list(
    store: Store, session: room.Session, me: room.Participant, activity: Activity, describe: Callable[[object], str]
) -> None:
    mine = _mine(store, session, me, activity)
    if mine.empty:
        return
    st.markdown("**What you sent**")
    for row in mine.itertuples():
        status = text(row.status)
        st.markdown(f"- {escape_markdown(describe(row))}" + (f" · _{escape_markdown(status)}_" if status else ""))


# -- votes -----------------------------------------------------------------------


def _vote(store: Store, session: room.Session, me: room.Participant, activity: Activity) -> None:
    """One question per screen; a vote can be changed until the question closes."""
    questions = vote_questions(activity)
    items = list(questions)
    mine = _mine(store, session, me, activity).set_index("item")["choice"]
    key = f"room_{activity.value}_index"
    at = min(int(st.session_state.get(key, 0)), len(items) - 1)
    item = items[at]
    if len(items) > 1:
        st.progress((at + 1) / len(items), text=f"Question {at + 1} of {len(items)} · {len(mine)} answered")
        st.markdown(f"### {escape_markdown(questions[item].text)}")
    given = mine.get(item)
    picked = _big_choice(questions[item].options, given, key=f"vote_{at}")
    if picked is not None and _send(me, room.set_answer, store, session, me, activity.value, item, choice=picked):
        st.session_state[key] = min(at + 1, len(items) - 1)
        st.rerun()
    if len(items) > 1:
        _steps(key, at, len(items), "question")
    if len(mine) >= len(items):
        st.success("Your vote is in. You can change it until the facilitator closes the question.")
