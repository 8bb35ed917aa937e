"""Phone questions answered by a tap: causes and links rated, partners scored, dots placed, votes cast.

Each asks one item a screen; a tap saves and moves on, and any answer can be
changed until the facilitator closes the question.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.conventions import escape_markdown
from core.room.activities import (
    DOTS,
    LINK_STRENGTHS,
    RATING_SCALE,
    SCORE_CRITERIA,
    Activity,
    candidates,
    causes_to_rate,
    link_item,
    score_item,
    vote_questions,
)
from core.store import Store, Table, room
from ui import state
from ui.room.answering import big_choice, my_answers, send, steps

__all__ = ["dot_vote", "rate_causes", "rate_links", "score_partners", "vote"]

_PARTNER = "room_partner_index"
_RATING_WORDS = {1: "barely", 2: "a little", 3: "somewhat", 4: "strongly", 5: "a main driver"}


def _causes(store: Store, partnership_id: int) -> list[str]:
    frames = state.records(store, partnership_id, (Table.FACTORS, Table.RATINGS))
    return causes_to_rate(frames[Table.FACTORS], frames[Table.RATINGS])


def rate_causes(store: Store, session: room.Session, me: room.Participant, activity: Activity) -> None:
    causes = _causes(store, session.partnership_id)
    if not causes:
        st.info("The map has no causes to rate yet.")
        return
    options = {rating: f"{rating} · {_RATING_WORDS[rating]}" for rating in RATING_SCALE}
    _one_per_screen(
        store, session, me, activity, "cause", [(cause, f"### {escape_markdown(cause)}") for cause in causes], options
    )


def rate_links(store: Store, session: room.Session, me: room.Participant, activity: Activity) -> None:
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
    mine = my_answers(store, session, me, activity).set_index("item")["value"]
    key = f"room_{noun}_index"
    at = min(int(st.session_state.get(key, 0)), len(screens) - 1)
    item, heading = screens[at]
    st.progress((at + 1) / len(screens), text=f"{noun.capitalize()} {at + 1} of {len(screens)} · {len(mine)} rated")
    st.markdown(heading)
    given = mine.get(item)
    picked = big_choice(options, None if given is None else float(given), key=noun)
    if picked is not None and send(me, room.set_answer, store, session, me, activity.value, item, value=float(picked)):
        st.session_state[key] = min(at + 1, len(screens) - 1)
        st.rerun()
    steps(key, at, len(screens), noun)
    if len(mine) >= len(screens):
        st.success(f"You have rated every {noun}. You can change any until the facilitator closes the question.")


def _candidates(store: Store, partnership_id: int) -> list[str]:
    return candidates(state.records(store, partnership_id, (Table.ACTORS,))[Table.ACTORS])


def score_partners(store: Store, session: room.Session, me: room.Participant, activity: Activity) -> None:
    names = _candidates(store, session.partnership_id)
    if not names:
        st.info("There are no candidate partners to score yet.")
        return
    mine = my_answers(store, session, me, activity).set_index("item")["value"]
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
            send(me, room.set_answer, store, session, me, activity.value, item, value=float(picked))
    steps(_PARTNER, at, len(names), "partner")


def dot_vote(store: Store, session: room.Session, me: room.Participant, activity: Activity) -> None:
    names = _candidates(store, session.partnership_id)
    mine = my_answers(store, session, me, activity)
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
            elif send(me, room.set_answer, store, session, me, activity.value, name, value=0.0 if dotted else 1.0):
                st.rerun()


def vote(store: Store, session: room.Session, me: room.Participant, activity: Activity) -> None:
    """One question per screen; a vote can be changed until the question closes."""
    questions = vote_questions(activity)
    items = list(questions)
    mine = my_answers(store, session, me, activity).set_index("item")["choice"]
    key = f"room_{activity.value}_index"
    at = min(int(st.session_state.get(key, 0)), len(items) - 1)
    item = items[at]
    if len(items) > 1:
        st.progress((at + 1) / len(items), text=f"Question {at + 1} of {len(items)} · {len(mine)} answered")
        st.markdown(f"### {escape_markdown(questions[item].text)}")
    given = mine.get(item)
    picked = big_choice(questions[item].options, given, key=f"vote_{at}")
    if picked is not None and send(me, room.set_answer, store, session, me, activity.value, item, choice=picked):
        st.session_state[key] = min(at + 1, len(items) - 1)
        st.rerun()
    if len(items) > 1:
        steps(key, at, len(items), "question")
    if len(mine) >= len(items):
        st.success("Your vote is in. You can change it until the facilitator closes the question.")
