"""Team mode in the app: the sign-in door, what each role is offered, and links to someone else's partnership."""

from __future__ import annotations

import os

import pytest
from streamlit.testing.v1 import AppTest

from core.access import Role
from core.store import RowChanges, Store, Table
from core.store.members import members, refusals, set_member, set_password
from tests.helpers import ROOT, each_tab, open_tab, page_path

SECRET = "Harbourside Secret Alliance"
SECRET_ACTOR = "Quillmere Holdings"


@pytest.fixture
def team(app, monkeypatch):
    """Password sign-in; Ana is a viewer of the demo, Owen its owner; a second partnership Ana is not in."""
    monkeypatch.setenv("KEYSTONE_SIGN_IN", "password")
    store = Store(os.environ["KEYSTONE_DB"])
    demo = int(store.partnerships()["id"].iloc[0])
    secret = store.create_partnership(SECRET)
    store.save(secret, _actor(SECRET_ACTOR), "adding")
    set_member(store, demo, "owen@x.org", Role.OWNER)
    set_member(store, demo, "ana@x.org", Role.VIEWER)
    set_member(store, secret, "owen@x.org", Role.OWNER)
    set_password(store, "ana@x.org", "ana's long password")
    return store, demo, secret


def _actor(name: str) -> RowChanges:
    return RowChanges(Table.ACTORS, added=({"name": name, "type": "company"},))


def _signed_in(person: str, page: str | None = None, **query: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["signed_in_person"] = person
    for name, value in query.items():
        at.query_params[name] = value
    if page is not None:  # opened as a deep link: the page is the first thing this session runs
        at.switch_page(page_path(page))
    return at.run()


def _everything_shown(at: AppTest) -> str:
    parts: list[str] = []
    for kind in ("title", "markdown", "caption", "info", "warning", "error", "success", "subheader", "header", "text"):
        parts += [str(element.value) for element in getattr(at, kind)]
    parts += [str(option) for box in at.selectbox for option in box.options]
    parts += [frame.value.to_string() for frame in at.dataframe]
    return "\n".join(parts)


def test_nobody_sees_a_page_or_a_name_before_signing_in_and_a_wrong_password_is_logged(team):
    store, _, _ = team
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    shown = _everything_shown(at)
    assert "Ocean-bound" not in shown and SECRET not in shown and not at.sidebar.selectbox
    boxes = {box.label: box for box in at.text_input}
    boxes["Name or e-mail"].input("ana@x.org")
    boxes["Password"].input("not her password")
    at.button[0].click().run()
    assert "That name and password do not match" in at.error[0].value
    assert refusals(store)["person"].tolist() == ["ana@x.org"]
    boxes = {box.label: box for box in at.text_input}
    boxes["Name or e-mail"].input("ANA@x.org")
    boxes["Password"].input("ana's long password")
    at.button[0].click().run()
    assert not at.exception and at.session_state["signed_in_person"] == "ana@x.org"
    assert at.sidebar.selectbox[0].options == [str(store.partnership(team[1])["name"])]


def test_a_viewer_is_shown_records_without_editors_and_only_their_partnership(team):
    store, demo, _ = team
    at = _signed_in("ana@x.org", "action_plan")
    assert not at.exception
    assert at.sidebar.selectbox[0].options == [str(store.partnership(demo)["name"])]
    for name, tab in each_tab(at, "action_plan_tab"):  # only the open tab runs
        shown = _everything_shown(tab)
        assert "viewer here" in shown and SECRET not in shown, name
        assert "changing them needs an editor's role" in shown, name
        assert not tab.get("arrow_data_editor") and not tab.get("data_editor"), name
    assert not [action for action in at.sidebar.radio if "Delete" in action.options]


def test_a_link_to_someone_elses_partnership_is_refused_said_and_logged(team):
    store, demo, secret = team
    for page in ("system_map", "partners", "history", "portfolio", None):
        at = _signed_in("ana@x.org", page, partnership=str(secret))
        shown = _everything_shown(at)
        assert SECRET not in shown and SECRET_ACTOR not in shown, page
        assert f"You are not a member of partnership {secret}" in shown, page
        assert at.session_state["partnership_id"] == demo
    assert len(refusals(store)) == 5  # one per link followed


def test_an_owner_chooses_the_members_in_the_sidebar(team):
    store, _, secret = team
    at = _signed_in("owen@x.org")
    assert len(at.sidebar.selectbox[0].options) == 2  # Owen owns both
    next(radio for radio in at.sidebar.radio if radio.label == "Action").set_value("Members").run()
    boxes = {box.label: box for box in at.sidebar.text_input}
    boxes["Person (as they sign in)"].input("bea@x.org")
    next(box for box in at.sidebar.selectbox if box.label == "Role").set_value(Role.FACILITATOR)
    next(button for button in at.sidebar.button if button.label == "Add or change").click().run()
    assert not at.exception
    assert at.session_state["partnership_id"] == secret  # the first by name: Harbourside before Ocean-bound
    roles = dict(zip(*(members(store, secret)[column] for column in ("person", "role")), strict=True))
    assert roles["bea@x.org"] == "facilitator"


def test_a_hostile_name_from_the_sign_in_is_shown_as_text(team):
    store, demo, _ = team
    hostile = "<img src=x onerror=alert(1)> **bold** [link](http://127.0.0.2)"
    set_member(store, demo, hostile, Role.EDITOR)
    at = open_tab(_signed_in(hostile, "history"), "history_tab", "Timeline")  # its milestones panel
    assert not at.exception
    said = next(caption.value for caption in at.sidebar.caption if "Signed in as" in caption.value)
    assert "\\<img" in said and "\\*\\*bold\\*\\*" in said and "\\]\\(" in said  # each mark escaped
    assert "Facilitators and owners mark milestones." in [caption.value for caption in at.caption]
