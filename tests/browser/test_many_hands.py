"""Many hands on one partnership: several browser sessions on one real app at once.

Each test starts its own ``streamlit run`` on its own fresh copy of the demo
(DuckDB, or a PostgreSQL database for team mode) and opens several browser
contexts on it: one context is one person with their own Streamlit session.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from core.model import PartnerType
from core.store import Store, Table
from tests.browser.conftest import Page, serve
from tests.conftest import server_store

SESSIONS = 10
WHO = 1  # the action plan's "Who" column, counted from 0 after "Commitment"
MORE_COMMITMENTS = pd.DataFrame(  # the demo has 8 commitments; ten people need ten rows
    {
        "commitment": ["Train moulders on recycled resin", "Agree a shared label for recycled content"],
        "who": ["Precision Moulding Works", "BrightMart Electronics Retail"],
        "due_date": pd.to_datetime(["2027-09-30", "2027-11-30"]),
        "tracking": ["Training days, quarterly", "Label agreed by the steering council"],
        "status": ["open", "open"],
    }
)


@pytest.fixture
def demo_db(tmp_path: Path, templates: dict[str, Path]) -> Path:
    """A fresh copy of the demo database for this test's app."""
    return Path(shutil.copyfile(templates["demo"], tmp_path / "k.duckdb"))


def _demo_id(store: Store) -> int:
    return int(store.partnerships()["id"].iloc[0])


@contextlib.contextmanager
def _people(browser, url: str, count: int) -> Iterator[list[Page]]:
    """``count`` browser contexts on the app: one Streamlit session each."""
    tabs = [Page(browser, url) for _ in range(count)]
    try:
        yield tabs
    finally:
        for tab in tabs:
            tab.close()


def _clean(tab: Page) -> None:
    """No exception, no traceback and no request away from this machine on the tab."""
    assert tab.exceptions() == []
    assert "Traceback" not in tab.page.locator("body").inner_text()
    assert tab.outside_requests == []


def _finished(tab: Page) -> None:
    """Once a run's outcome is on the page: wait for the run to end and the page to be drawn.

    :meth:`Page.settle` first gives a run up to 3 s to start; here the outcome
    shows it started, and ten tabs would wait those seconds one after another.
    """
    tab.page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60_000)
    tab.page.wait_for_function("() => !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=60_000)


def _open_all(tabs: list[Page], path: str, heading: str) -> None:
    """Open ``path`` in every tab at once (the app runs the pages side by side), then wait for each."""
    for tab in tabs:
        tab.page.goto(f"{tab.url}/{path}")
    for tab in tabs:
        expect(tab.page.locator("h1").first).to_have_text(heading, timeout=60_000)
        _finished(tab)
        assert not tab.page.get_by_role("dialog").filter(has_text="Page not found").count()


def _name(tab: Page, name: str) -> None:
    """Choose who this session's changes are recorded as (the sidebar's "Your name")."""
    field = tab.page.locator('[data-testid="stSidebar"]').get_by_role("textbox", name="Your name")
    field.fill(name)
    field.press("Enter")
    tab.settle()
    assert field.input_value() == name


def _who(database: str | Path) -> dict[str, str]:
    """The stored "Who" of every commitment, by commitment."""
    store = Store(database)
    commitments = store.read(_demo_id(store), Table.COMMITMENTS)
    store.release()  # let the app have the file again
    return dict(zip(commitments["commitment"], commitments["who"], strict=True))


def _captured(tab: Page, shot_name: str) -> None:
    """Wait until the capture form is drawn afresh, empty (saved); if it never is, fail with what the tab showed.

    The browser tests share two processors with the other test worker's browser: a run can take minutes.
    """
    try:
        tab.wait_for_one_empty_field("Actor", timeout=240_000)
    except PlaywrightTimeout:
        shot = tab.screenshot(shot_name)
        said = tab.page.locator('[data-testid="stAlert"], [data-testid="stToast"]').all_inner_texts()
        pytest.fail(f"the capture form never came back empty; the tab said {said} ({shot.name})")


@pytest.mark.timeout(600)
def test_ten_sessions_capture_actors_at_once(browser, demo_db: Path, tmp_path: Path):
    store = Store(demo_db)
    pid = _demo_id(store)
    before = store.read(pid, Table.ACTORS)
    store.release()
    names = [f"Harbour Co-op {number}" for number in range(1, SESSIONS + 1)]
    kinds = [list(PartnerType)[number % len(PartnerType)] for number in range(SESSIONS)]
    with serve(demo_db, tmp_path / "streamlit.log") as url, _people(browser, url, SESSIONS) as tabs:
        tabs[0].open("")  # a fresh server's first request must be the main page
        _open_all(tabs, "workshop", "System map")
        for tab, name, kind in zip(tabs, names, kinds, strict=True):
            page = tab.page
            page.get_by_text("Quick capture").click()
            page.get_by_label("Actor").fill(name)
            tab.choose(kind.label)
        buttons = [tab.page.get_by_role("button", name="Add actor") for tab in tabs]
        for button in buttons:
            expect(button).to_be_enabled()
        for button in buttons:  # as close together as we can: a click event each, no waiting in between
            button.dispatch_event("click")
        for number, tab in enumerate(tabs, start=1):
            # Saved: the form is drawn afresh, empty. Ten runs share two processors (with the other test worker's
            # browser on them too): allow time, and if it never comes, keep what the tab showed.
            _captured(tab, f"many-hands-capture-not-saved-{number}")
            _finished(tab)
            assert tab.page.get_by_text("Not added yet").count() == 0
            _clean(tab)

    store = Store(demo_db)
    after = store.read(pid, Table.ACTORS)
    added = after[~after["name"].isin(before["name"])]
    assert len(after) == len(before) + SESSIONS
    assert sorted(added["name"]) == sorted(names)  # each name once
    assert dict(zip(added["name"], added["type"], strict=True)) == {
        name: kind.value for name, kind in zip(names, kinds, strict=True)
    }


@pytest.mark.timeout(900)
def test_ten_sessions_edit_one_table_and_save_in_turn(browser, demo_db: Path, tmp_path: Path):
    store = Store(demo_db)
    pid = _demo_id(store)
    store.upsert(pid, Table.COMMITMENTS, MORE_COMMITMENTS)
    assert len(store.read(pid, Table.COMMITMENTS)) == SESSIONS
    last_change = int(store.changes(pid)["id"].max())
    store.release()
    people = [f"Person {number}" for number in range(1, SESSIONS + 1)]
    edits: dict[str, str] = {}
    with serve(demo_db, tmp_path / "streamlit.log") as url, _people(browser, url, SESSIONS) as tabs:
        tabs[0].open("")
        _open_all(tabs, "action_plan", "Action plan")
        for row, (tab, person) in enumerate(zip(tabs, people, strict=True)):
            _name(tab, person)
            value = f"{person}'s team"
            commitment, old = tab.edit_cell(row, WHO, value)
            assert old != value
            edits[commitment] = value
            expect(tab.page.get_by_text("Unsaved changes")).to_be_visible(timeout=60_000)  # once the edit's run ends
        assert len(edits) == SESSIONS  # ten different rows

        for tab in tabs:  # one after another, each after the previous one's rerun
            tab.page.get_by_role("button", name="Save changes").click()
            tab.settle()
            expect(tab.page.get_by_text("Unsaved changes")).to_have_count(0)
            assert tab.page.get_by_text("Not saved").count() == 0
            _clean(tab)

    assert _who(demo_db) == edits  # every edit kept, no row lost or added
    store = Store(demo_db)
    changes = store.changes(pid)
    made = changes[changes["id"] > last_change]
    assert sorted(made["made_by"]) == sorted(people)  # one change per session
    assert set(made["reason"]) == {"saving action plan"}


@pytest.mark.timeout(600)
def test_same_cell_conflict_is_named_and_resolved_by_choice(browser, demo_db: Path, tmp_path: Path):
    store = Store(demo_db)
    pid = _demo_id(store)
    assert store.changes(pid).empty  # the demo starts with no logged change
    store.release()
    with serve(demo_db, tmp_path / "streamlit.log") as url, _people(browser, url, 2) as (ana, ben):
        ana.open("")
        for tab, name in ((ana, "Ana"), (ben, "Ben")):
            tab.open("action_plan")
            _name(tab, name)
        commitment, old = ana.edit_cell(0, WHO, "Crew of Ana")
        assert ben.edit_cell(0, WHO, "Crew of Ben") == (commitment, old)

        ana.page.get_by_role("button", name="Save changes").click()
        ana.settle()
        expect(ana.page.get_by_text("Unsaved changes")).to_have_count(0)
        assert ana.page.get_by_text("Not saved").count() == 0
        _clean(ana)
        assert _who(demo_db)[commitment] == "Crew of Ana"

        ben.page.get_by_role("button", name="Save changes").click()
        ben.settle()
        warning = ben.page.locator('[data-testid="stAlert"]').filter(has_text="Not saved")
        expect(warning).to_be_visible()
        _clean(ben)
        said = warning.inner_text()
        assert f"Ana changed “{commitment}”’s who to “Crew of Ana”" in said
        assert "(yours: “Crew of Ben”)" in said
        assert "Your edits are still in the table above." in said
        expect(ben.cell(0, WHO)).to_have_text("Crew of Ben")  # his edit is still in the editor
        assert ben.page.get_by_role("button", name="Save mine over theirs").is_visible()
        assert ben.page.get_by_role("button", name="Discard mine, show theirs").is_visible()
        warning.scroll_into_view_if_needed()
        ben.screenshot("many_hands_conflict")
        assert _who(demo_db)[commitment] == "Crew of Ana"  # nothing of Ben's is stored yet
        store = Store(demo_db)
        assert "Ben" not in set(store.changes(pid)["made_by"])
        store.release()

        ben.page.get_by_role("button", name="Save mine over theirs").click()
        ben.settle()
        expect(warning).to_have_count(0)
        expect(ben.page.get_by_text("Unsaved changes")).to_have_count(0)  # a fresh editor on the stored rows
        expect(ben.cell(0, WHO)).to_have_text("Crew of Ben")
        _clean(ben)

    assert _who(demo_db)[commitment] == "Crew of Ben"
    store = Store(demo_db)
    changes = store.changes(pid)
    assert list(changes["made_by"]) == ["Ben", "Ana"]  # newest first


@pytest.mark.timeout(600)
def test_the_app_runs_on_postgresql(browser, postgres, tmp_path: Path):
    database = server_store(postgres, "demo")
    pid = _demo_id(database)
    name = str(database.partnership(pid)["name"])
    before = database.read(pid, Table.ACTORS)
    with serve(database.location, tmp_path / "streamlit.log") as url, _people(browser, url, 1) as (tab,):
        tab.open("")
        assert tab.heading() == name
        _clean(tab)
        for path, heading in (("system_map", "System map"), ("action_plan", "Action plan")):
            tab.open(path)
            assert tab.heading() == heading
            _clean(tab)
            picker = tab.page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"] input')
            assert picker.input_value() == name

        tab.open("workshop")
        _name(tab, "Chandra")
        tab.page.get_by_text("Quick capture").click()
        tab.page.get_by_label("Actor").fill("Harbour Co-op on the server")
        tab.choose(PartnerType.COMMUNITY.label)
        tab.page.get_by_role("button", name="Add actor").click()
        _captured(tab, "postgres-capture-not-saved")
        _clean(tab)

    store = Store(database.location)
    actors = store.read(pid, Table.ACTORS)
    assert len(actors) == len(before) + 1
    assert actors.set_index("name").loc["Harbour Co-op on the server", "type"] == "community"
    newest = store.changes(pid).iloc[0]
    assert newest["made_by"] == "Chandra"
    assert "actors" in newest["reason"]
