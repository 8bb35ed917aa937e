"""AppTest of the live room through ``app.py``: who gets which page, joining from a phone, the wall.

A ``?join=`` address opens one session's participant page and nothing else;
on a room server (``KEYSTONE_ROOM_KEY`` set) an address without the
facilitator's key opens only a box for the join code, whatever page it names.

Longer than most test modules: every kind of question a phone answers is
checked here, through the one entry that decides who sees what.
"""

from __future__ import annotations

import os

import pytest
from streamlit.testing.v1 import AppTest

from core.conventions import escape_markdown
from core.room.activities import VOTE_ITEM, Activity
from core.store import Store, Table, room
from tests.helpers import ROOT
from ui.room import answering, participant

CODE = "K7QM2X"
ROOM_KEY = "facilitator-key-0123456789-abcdefghijklmnop"
HOSTILE = ("<script>alert(1)</script>", "[x](javascript:alert(1))", "=1+1")
_TEXT_ELEMENTS = ("title", "header", "subheader", "caption", "markdown", "error", "warning", "info", "success", "toast")


@pytest.fixture
def app_store(app) -> Store:
    """The store of the app's database (a fresh copy of the demo; the ``app`` fixture points the app at it)."""
    return Store(os.environ["KEYSTONE_DB"])


@pytest.fixture
def demo(app_store) -> dict[str, object]:
    """What only someone let into the app should ever see: the demo's name and a few of its records."""
    pid = int(app_store.partnerships()["id"].iloc[0])
    secrets = [
        app_store.partnership(pid)["name"],
        *app_store.read(pid, Table.ACTORS)["name"].head(3),
        *app_store.read(pid, Table.FACTORS)["name"].head(3),
    ]
    return {"id": pid, "secrets": [str(secret) for secret in secrets]}


@pytest.fixture
def session(app_store, demo) -> room.Session:
    """An open live session on the demo partnership."""
    return room.start_session(app_store.as_user("fran"), demo["id"], "Workshop 2", CODE, anonymous_allowed=False)


@pytest.fixture(autouse=True)
def _fresh_limits():
    """Each test starts with no submissions or wrong codes counted (the limits are kept per process)."""
    answering.answer_rate.clear()
    participant._wrong_codes.clear()
    yield
    answering.answer_rate.clear()
    participant._wrong_codes.clear()


def _open(**params: str) -> AppTest:
    """A new browser session opening the app at an address with ``params``."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def _everything(at: AppTest) -> str:
    """Every element the run drew, main area and sidebar, as its protobuf text (labels, options, bodies)."""
    found: list[str] = []

    def walk(node: object) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            found.append(str(proto))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return "\n".join(found)


def _bodies(at: AppTest) -> list[str]:
    """The text of every element that renders Markdown, and every button's label."""
    bodies = [str(element.value) for kind in _TEXT_ELEMENTS for element in getattr(at, kind)]
    return bodies + [button.label for button in at.button]


def _pages(at: AppTest) -> list[str]:
    """The pages this session's navigation offers (by title or address)."""
    return [str(info.get("page_name") or info.get("url_pathname")) for info in at._registered_pages.values()]


def _shows_nothing_of_the_demo(at: AppTest, demo: dict[str, object]) -> None:
    drawn = _everything(at)
    assert drawn, "nothing was drawn: the check below would prove nothing"
    for secret in demo["secrets"]:
        assert secret not in drawn and escape_markdown(secret) not in drawn, secret
    assert not at.sidebar.children
    assert at.session_state["partnership_id"] is None  # the partnership picker never ran


def _assert_only_the_door(at: AppTest, demo: dict[str, object]) -> None:
    assert not at.exception, at.exception
    assert [title.value for title in at.title] == ["Keystone live"]
    assert [box.label for box in at.text_input] == ["Join code"]
    assert _pages(at) == ["Keystone live"]
    _shows_nothing_of_the_demo(at, demo)


def _button(at: AppTest, label: str):
    return next(button for button in at.button if button.label == label)


# -- a participant's phone -------------------------------------------------------


def test_a_join_address_runs_only_the_participant_page(session, demo):
    at = _open(join="k7q-m2x")  # as typed: any case, with a dash
    assert not at.exception, at.exception
    assert [title.value for title in at.title] == ["Join the live session"]
    assert "**Workshop 2**" in [markdown.value for markdown in at.markdown]
    assert [box.label for box in at.text_input] == ["Your name, as the room knows you"]
    assert _pages(at) == ["Keystone live"]  # no navigation to anything else
    _shows_nothing_of_the_demo(at, demo)


def test_joining_adds_the_participant_and_keeps_them_in_the_address(app_store, session):
    at = _open(join=CODE)
    at.text_input[0].set_value("  Ana   Reyes ")
    _button(at, "Join").click().run()
    assert not at.exception, at.exception
    people = room.participants(app_store, session)
    assert people["name"].tolist() == ["Ana Reyes"]
    token = at.query_params["me"]
    assert room.participant(app_store, session, token).name == "Ana Reyes"
    assert at.query_params["join"] == CODE
    assert [subheader.value for subheader in at.subheader] == ["Waiting for the facilitator to open a question"]

    reloaded = _open(join=CODE, me=token)  # a reload, or the phone back on the Wi-Fi
    assert any("you are **Ana Reyes**" in caption.value for caption in reloaded.caption)
    assert not reloaded.text_input  # not asked to join again
    assert len(room.participants(app_store, session)) == 1


def test_where_the_session_allows_it_a_participant_joins_without_a_name(app_store, demo):
    session = room.start_session(app_store, demo["id"], "Open floor", CODE, anonymous_allowed=True)
    at = _open(join=CODE)
    next(box for box in at.checkbox if box.label == "Take part without my name").check()
    _button(at, "Join").click().run()
    assert not at.exception, at.exception
    (name,) = room.participants(app_store, session)["name"]
    assert name.startswith("Anonymous ") and len(name) == len("Anonymous ") + 4
    assert room.participant(app_store, session, at.query_params["me"]).name == name


def test_without_that_leave_there_is_no_anonymous_choice(session):
    assert not _open(join=CODE).checkbox


def test_a_name_taken_in_the_session_is_refused_on_the_phone(app_store, session):
    room.join(app_store, session, "Ana", "token-ana")
    at = _open(join=CODE)
    at.text_input[0].set_value("ANA")
    _button(at, "Join").click().run()
    assert not at.exception
    assert any("already goes by" in error.value for error in at.error)
    assert "me" not in at.query_params
    assert room.participants(app_store, session)["name"].tolist() == ["Ana"]


def test_an_empty_name_is_refused_on_the_phone(app_store, session):
    at = _open(join=CODE)
    at.text_input[0].set_value("   ")
    _button(at, "Join").click().run()
    assert any("Your name is empty" in error.value for error in at.error)
    assert room.participants(app_store, session).empty


def test_a_token_of_another_session_gets_the_answer_a_wrong_code_gets(app_store, session, demo):
    other = room.start_session(
        app_store, app_store.create_partnership("Seafood labour coalition"), "Kick-off", "ABCDEF", False
    )
    ana = room.join(app_store, other, "Ana", "token-ana-elsewhere")
    at = _open(join=CODE, me=ana.token)
    assert [error.value for error in at.error] == [
        "This join code is not open: the session has ended, or the code is mistyped."
    ]  # trying tokens against a code tells nothing
    _assert_only_the_door(at, demo)
    assert "Workshop 2" not in _everything(at) and "Ana" not in _everything(at)


@pytest.mark.parametrize("case", ["unknown", "ended"])
def test_a_code_that_is_not_open_opens_nothing(app_store, session, demo, case):
    if case == "ended":
        room.end_session(app_store, session)
        code = CODE
    else:
        code = "ZZZZZZ"
    at = _open(join=code)
    assert [error.value for error in at.error] == [
        "This join code is not open: the session has ended, or the code is mistyped."
    ]
    _assert_only_the_door(at, demo)
    assert "Workshop 2" not in _everything(at)


def test_a_participant_votes_from_the_phone(app_store, session):
    pathway = Activity.VOTE_PATHWAY
    room.set_question(app_store, session, pathway.value, is_open=True)
    ana = room.join(app_store, session, "Ana", "token-ana")
    at = _open(join=CODE, me=ana.token)
    assert not at.exception, at.exception
    assert [subheader.value for subheader in at.subheader] == [pathway.prompt]
    _button(at, "Collaborative R&D").click().run()
    assert not at.exception, at.exception
    answers = room.answers(app_store, session, pathway.value)
    assert answers[["participant", "item", "choice"]].values.tolist() == [["Ana", VOTE_ITEM, "collaborative_rd"]]
    _button(at, "Public policy").click().run()  # a change of mind is one vote
    answers = room.answers(app_store, session, pathway.value)
    assert answers[["participant", "item", "choice"]].values.tolist() == [["Ana", VOTE_ITEM, "public_policy"]]


def test_a_participant_proposes_from_the_phone_and_sees_it_escaped(app_store, session):
    room.set_question(app_store, session, Activity.PROPOSE.value, is_open=True)
    ana = room.join(app_store, session, HOSTILE[0], "token-ana")
    at = _open(join=CODE, me=ana.token)
    next(box for box in at.text_input if box.label.startswith("The barrier")).set_value(HOSTILE[1])
    next(box for box in at.selectbox if box.label == "Category").set_value("legal")
    _button(at, "Send to the facilitator").click().run()
    assert not at.exception, at.exception
    sent = room.answers(app_store, session, Activity.PROPOSE.value)
    assert sent[["participant", "kind", "text", "choice", "status"]].values.tolist() == [
        [HOSTILE[0], "barrier", HOSTILE[1], "legal", "pending"]
    ]
    bodies = _bodies(at)
    assert any(escape_markdown(f"Barrier: {HOSTILE[1]}") in body for body in bodies)
    assert any(f"you are **{escape_markdown(HOSTILE[0])}**" in body for body in bodies)
    for raw in HOSTILE[:2]:
        assert not [body for body in bodies if raw in body]


def test_a_removed_participant_is_told_so_and_shown_nothing_else(app_store, session):
    ana = room.join(app_store, session, "Ana", "token-ana")
    room.set_question(app_store, session, Activity.VOTE_PATHWAY.value, is_open=True)
    room.remove_participant(app_store, session, ana.id)
    at = _open(join=CODE, me=ana.token)
    assert not at.exception
    assert [error.value for error in at.error] == ["The facilitator has removed you from this session."]
    assert not at.title and not at.button and not at.text_input  # no vote, and no way back in under this link
    assert not any("you are" in caption.value for caption in at.caption)


def test_mistyped_codes_are_limited_for_the_whole_server(session, demo):
    at = _open(join="ZZZZZZ")
    assert "not open" in at.error[0].value
    for _ in range(29):
        at.run()
    at.query_params["join"] = "ZZZZZY"
    at.run()  # the 31st wrong code within the minute
    assert [error.value for error in at.error] == [
        "Too many mistyped join codes on this server just now. Wait a minute, then try again."
    ]
    assert not at.text_input  # not even the box to try another
    right = _open(join=CODE)  # nor is anyone's code looked up meanwhile: guessing gets nowhere
    assert "Too many mistyped join codes" in right.error[0].value
    assert not right.title
    _shows_nothing_of_the_demo(right, demo)


def test_a_made_up_token_tells_nothing_about_the_code(session, demo):
    """With a token in the address the right code and a wrong one get the same answer, so trying tokens is no use."""
    guesses = [_open(join=CODE, me="made-up-token"), _open(join="ZZZZZZ", me="made-up-token")]
    for guess in guesses:
        assert [error.value for error in guess.error] == [
            "This join code is not open: the session has ended, or the code is mistyped."
        ]
        assert [title.value for title in guess.title] == ["Keystone live"]  # the door: not the join form
        assert not guess.caption  # nor the session's name
        _shows_nothing_of_the_demo(guess, demo)
    shown = [[(e.type, getattr(e, "value", None)) for e in guess.main] for guess in guesses]
    assert shown[0] == shown[1]


def test_strangers_mistyping_codes_do_not_stop_the_room_answering(app_store, session):
    ana = room.join(app_store, session, "Ana", "token-ana")
    room.set_question(app_store, session, Activity.VOTE_PATHWAY.value, is_open=True)
    stranger = _open(join="ZZZZZZ")
    for _ in range(30):
        stranger.run()
    assert "Too many mistyped join codes" in stranger.error[0].value
    phone = _open(join=CODE, me=ana.token)
    assert not phone.error, [error.value for error in phone.error]
    assert [subheader.value for subheader in phone.subheader] == [Activity.VOTE_PATHWAY.prompt]


# -- a room server: the door and the facilitator's key --------------------------------


@pytest.fixture
def room_server(app, monkeypatch):
    """The app as ``./keystone room`` serves it: the facilitator's key in the environment."""
    monkeypatch.setenv("KEYSTONE_ROOM_KEY", ROOM_KEY)


def _at_page(page_hash: str, **params: str) -> AppTest:
    """A new browser session opening the page with ``page_hash`` (its own address, typed or bookmarked)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at._page_hash = page_hash  # what a browser asks for when its address names that page
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def test_on_a_room_server_every_page_without_the_key_is_only_the_door(room_server, demo):
    facilitator = _open(key=ROOM_KEY)
    drawn = _everything(facilitator)
    assert any(secret in drawn or escape_markdown(secret) in drawn for secret in demo["secrets"])  # the probe works
    pages = {str(info["script_path"]): page_hash for page_hash, info in facilitator._registered_pages.items()}
    assert len(pages) > 10
    room_page = pages[str(ROOT / "pages/across/room.py")]
    assert [title.value for title in _at_page(room_page, key=ROOM_KEY).title] == ["Live room"]  # the way in works
    for script, page_hash in pages.items():
        stranger = _at_page(page_hash)
        assert not stranger.exception, (script, stranger.exception)
        _assert_only_the_door(stranger, demo)


def test_the_door_takes_a_join_code_to_the_participant_page(room_server, session, demo):
    at = _open()
    _assert_only_the_door(at, demo)
    at.text_input[0].set_value(" k7q m2x ")
    _button(at, "Join").click().run()
    assert not at.exception, at.exception
    assert dict(at.query_params) == {"join": CODE}
    assert [title.value for title in at.title] == ["Join the live session"]
    _shows_nothing_of_the_demo(at, demo)


def test_with_the_key_the_facilitator_pages_run_and_the_key_stays_in_the_address(room_server, demo):
    at = _open(key=ROOM_KEY)
    assert not at.exception, at.exception
    assert escape_markdown(demo["secrets"][0]) in at.title[0].value
    assert at.sidebar.selectbox[0].label == "Partnership"
    for page in ("pages/across/room.py", "pages/steps/governance.py", "pages/across/action_plan.py"):
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
        assert at.query_params["key"] == ROOM_KEY, page
    at.switch_page("pages/across/room.py").run()
    assert [title.value for title in at.title] == ["Live room"]
    del at.query_params["key"]  # a page link drops it: the session is still the facilitator's
    at.run()
    assert [title.value for title in at.title] == ["Live room"]
    assert at.query_params["key"] == ROOM_KEY  # and it is put back for a reload or a copied link


@pytest.mark.parametrize(
    "key",
    ["", "wrong", ROOM_KEY[:-1], ROOM_KEY + "x", ROOM_KEY.upper(), f" {ROOM_KEY}"],
    ids=["empty", "wrong", "short", "long", "upper", "spaced"],
)
def test_a_wrong_key_is_refused(room_server, demo, key):
    at = _open(key=key)
    _assert_only_the_door(at, demo)
    at.run()  # and the next run does not let it in either
    _assert_only_the_door(at, demo)


def test_on_a_laptop_no_key_is_needed(demo):
    at = _open()
    assert not at.exception
    assert escape_markdown(demo["secrets"][0]) in at.title[0].value
    assert "key" not in at.query_params


# -- the wall ---------------------------------------------------------------------


def test_hostile_names_and_proposals_are_shown_escaped_on_the_wall(app_store, session, demo):
    room.set_question(app_store, session, Activity.PROPOSE.value, is_open=True)
    for number, hostile in enumerate(HOSTILE):
        who = room.join(app_store, session, hostile, f"token-{number}")
        room.add_answer(
            app_store, session, who, Activity.PROPOSE.value, f"s{number}", text=hostile, kind="barrier", choice="legal",
            detail=hostile, status="pending",
        )  # fmt: skip
    at = _open()
    at.switch_page("pages/across/room.py").run()
    assert not at.exception, at.exception
    assert [title.value for title in at.title] == ["Live room"]
    bodies = _bodies(at)
    wall = "\n".join(bodies)
    for hostile in HOSTILE:
        shown = escape_markdown(hostile)
        assert f"**Barrier:** {shown}" in wall, hostile  # the proposal
        assert f"proposed by {shown}" in wall, hostile  # its proposer
        assert shown in [caption.value for caption in at.caption], hostile  # its detail
    for raw in HOSTILE[:2]:  # the Markdown and HTML ones: never as typed in anything rendered
        assert not [body for body in bodies if raw in body], raw
        assert not [element.value for element in at.get("html") if raw in str(element.value)], raw
    assert "=1+1" not in wall  # the + is escaped too: the text shows as typed
