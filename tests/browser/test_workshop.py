"""Browser walk through the workshop flow at 1280x720, with a screenshot per screen."""

from __future__ import annotations

from playwright.sync_api import expect

from core.steps import STEPS
from core.store import Store, Table
from tests.browser.conftest import Page


def _click_and_wait(tab: Page, button: str, heading: str) -> None:
    """Click a button, then wait until the run it starts has drawn ``heading`` and finished."""
    tab.page.get_by_role("button", name=button).click()
    tab.page.wait_for_function(
        "(h) => document.querySelector('h1') && document.querySelector('h1').innerText.trim() === h", arg=heading
    )
    tab.settle()


def test_workshop_walk_through_every_screen_and_quick_capture(browser, app_url, app_db):
    tab = Page(browser, app_url, 1280, 720)
    page = tab.page
    try:
        tab.open("")  # a fresh server's first request must be the main page (Streamlit's old pages/ mode)
        tab.open("workshop")
        headings = [step.title for step in STEPS] + ["Where we stand"]
        for step, following in zip(STEPS, headings[1:], strict=True):
            assert tab.heading() == step.title
            assert tab.exceptions() == []
            assert page.locator('[data-testid="stDataEditor"]').count() == 0  # no editing chrome
            assert page.get_by_role("button", name="Next").is_visible()
            tab.screenshot(f"workshop-{step.number}")
            _click_and_wait(tab, "Next", following)
        assert tab.heading() == "Where we stand"
        tab.screenshot("workshop-wrap-up")
        assert page.locator("strong", has_text="Ready on").first.is_visible()

        _click_and_wait(tab, "Previous", STEPS[-1].title)
        assert tab.heading() == STEPS[-1].title

        # Quick capture without leaving the flow.
        page.get_by_text("Quick capture").click()
        page.get_by_label("Actor").fill("Marina Fishers Guild")
        tab.choose("Community organisation")
        page.get_by_label("Value-chain position").fill("collection")
        tab.screenshot("workshop-quick-capture")
        page.get_by_role("button", name="Add actor").click()
        tab.settle()
        # The toast is transient; the stored row is the proof.
        store = Store(app_db)
        demo = int(store.partnerships().query("name.str.contains('Ocean-bound')", engine="python")["id"].iloc[0])
        added = store.read(demo, Table.ACTORS).set_index("name")
        assert added.loc["Marina Fishers Guild", "type"] == "community"
        assert added.loc["Marina Fishers Guild", "value_chain"] == "collection"
        assert tab.heading() == STEPS[-1].title

        # A commitment, with its owner: the Add button sits beside its first field.
        page.locator('[data-testid="stButtonGroup"]').get_by_text("Commitment", exact=True).click()
        tab.settle()
        page.get_by_label("I will…").fill("Map the flood-prone hubs")
        page.get_by_label("Who").fill("Ana")
        page.get_by_role("button", name="Add commitment").click()
        tab.wait_for_one_empty_field("I will…")  # saved: the form is drawn afresh, empty
        plan = store.read(demo, Table.COMMITMENTS).set_index("commitment")
        assert plan.loc["Map the flood-prone hubs", "who"] == "Ana"

        # The wrap-up lists what was captured today, with who.
        _click_and_wait(tab, "Next", "Where we stand")
        listed = page.get_by_text("What we captured today")
        listed.scroll_into_view_if_needed()
        for item in ("Marina Fishers Guild", "Map the flood-prone hubs"):
            expect(page.locator('[data-testid="stMarkdownContainer"] li').filter(has_text=item).first).to_be_visible()
        tab.screenshot("workshop-captured-today")
        _click_and_wait(tab, "Previous", STEPS[-1].title)
        assert tab.exceptions() == []
        assert tab.outside_requests == []

        # Presentation mode keeps the flow and enlarges it for the wall.
        page.get_by_text("Presentation mode").click()
        tab.settle()
        assert tab.heading() == STEPS[-1].title
        tab.screenshot("workshop-presentation")
        assert tab.exceptions() == []
    finally:
        tab.close()


def test_new_pages_render_in_the_browser(tab: Page):
    tab.open("")
    for path, heading in [
        ("portfolio", "Portfolio"),
        ("action_plan", "Action plan"),
        ("cases", "Case library"),
        ("backups", "Backups"),
    ]:
        tab.open(path)
        assert tab.heading() == heading
        assert tab.exceptions() == []
        tab.screenshot(f"page-{path}")
    tab.open("")
    assert tab.page.get_by_text("Readiness", exact=True).is_visible()
    tab.screenshot("page-home-scorecard")
    assert tab.outside_requests == []
