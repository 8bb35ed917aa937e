"""What a live room voted, on the step it belongs to: step 3's dots, step 4's questions, step 6's pathway."""

from __future__ import annotations

import base64
import os

import numpy as np
import plotly.io as pio
import pytest

from core.governance.questionnaire import TOPIC, Purpose
from core.room.activities import VOTE_ITEM, Activity, candidates, vote_questions
from core.store import Store, Table, room
from tests.helpers import each_tab, open_tab


@pytest.fixture
def live(app):
    """The app on the demo, with a live session three people joined: (store, partnership id, session, people)."""
    store = Store(os.environ["KEYSTONE_DB"])
    pid = int(store.partnerships()["id"].iloc[0])
    session = room.start_session(store, pid, "Harbour *workshop*", "K7QM2X", anonymous_allowed=False)
    people = [room.join(store, session, name, f"token-{name}") for name in ("Ana", "Bo", "Chidi")]
    return store, pid, session, people


def _vote(store, session, people, activity: Activity, item: str, choices: list[str]) -> None:
    room.set_question(store, session, activity.value, is_open=True)
    for who, choice in zip(people, choices, strict=False):
        room.set_answer(store, session, who, activity.value, item, choice=choice)


def _said(at) -> list[str]:
    return [str(element.value) for element in at.markdown if "What the room said in" in str(element.value)]


def _numbers(values: object) -> list:
    """A figure's numbers as plotly's JSON carries them: a list, or a typed array in base64 (``bdata``)."""
    if isinstance(values, dict):
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]).tolist()
    return list(values)


def _bars(at, key: str) -> dict[str, int]:
    chart = next(chart for chart in at.get("plotly_chart") if chart.proto.id and key in chart.proto.id)
    bars = pio.from_json(chart.proto.spec).data[0]
    return dict(zip(bars.y, _numbers(bars.x), strict=True))


def test_without_a_room_vote_the_steps_show_none(app):
    for page in ("partners", "governance", "pilots"):
        for name, at in each_tab(app(page), f"{page}_tab"):  # only the open tab runs
            assert not at.exception and _said(at) == [], (page, name)


def test_step_four_shows_the_rooms_spread_and_fills_the_questions_with_its_most_chosen(app, live):
    store, pid, session, people = live
    _vote(store, session, people, Activity.VOTE_GOVERNANCE, "purpose", ["community", "community", "systems_change"])
    _vote(store, session, people, Activity.VOTE_GOVERNANCE, "speed", ["5", "5"])
    _vote(store, session, people, Activity.VOTE_GOVERNANCE, "neutrality", ["2", "4"])  # a tie
    at = app("governance")
    assert not at.exception
    (heading,) = _said(at)
    assert "Harbour \\*workshop\\*" in heading and "3 people" in heading
    texts = " ".join(str(element.value) for element in at.markdown)
    options = vote_questions(Activity.VOTE_GOVERNANCE)["purpose"].options
    assert f"**Purpose:** {options['community']} **2** · {options['systems_change']} **1**" in texts.replace("\\", "")
    before = at.select_slider(key=f"gov_neutrality_{pid}").value
    saved = store.answers(pid, TOPIC)
    at.button(key="gov_take_room").click().run()
    assert not at.exception
    assert at.radio(key=f"gov_purpose_{pid}").value == Purpose.COMMUNITY
    assert at.select_slider(key=f"gov_speed_{pid}").value == 5
    assert at.select_slider(key=f"gov_neutrality_{pid}").value == before  # the tie is left to the partners
    (toast,) = [str(toast.value) for toast in at.toast]
    assert "Filled 2 questions" in toast and "tied on Need for neutrality" in toast
    assert store.answers(pid, TOPIC) == saved  # filled, not saved: the team saves when it agrees


def test_step_six_shows_every_pathway_with_the_rooms_votes(app, live):
    store, _, session, people = live
    pathways = vote_questions(Activity.VOTE_PATHWAY)[VOTE_ITEM].options
    _vote(
        store,
        session,
        people,
        Activity.VOTE_PATHWAY,
        VOTE_ITEM,
        ["public_policy", "public_policy", "industry_standards"],
    )
    at = open_tab(app("pilots"), "pilots_tab", "Scaling pathways")
    assert not at.exception and len(_said(at)) == 1
    bars = _bars(at, "heard_vote_pathway")
    assert len(bars) == len(pathways)  # every option, not only the most chosen
    assert bars[pathways["public_policy"]] == 2 and bars[pathways["industry_standards"]] == 1
    assert sum(bars.values()) == 3


def test_step_three_shows_the_rooms_dots_beside_the_proposed_short_list(app, live):
    store, pid, session, people = live
    named = candidates(store.read(pid, Table.ACTORS))
    room.set_question(store, session, Activity.DOT_VOTE.value, is_open=True)
    for who, dots in zip(people, ({named[0]: 2, named[1]: 1}, {named[0]: 3}, {named[2]: 1}), strict=True):
        for name, count in dots.items():
            room.set_answer(store, session, who, Activity.DOT_VOTE.value, name, value=count)
    at = open_tab(app("partners"), "partners_tab", "Coalition builder")
    assert not at.exception and len(_said(at)) == 1
    bars = _bars(at, "heard_dot_vote")
    assert bars[named[0]] == 5 and bars[named[1]] == 1 and bars[named[2]] == 1
    assert len(bars) == len(named)
