"""Every screen the wall shows, read as the back row would: presentation mode at 1280x720 and 1920x1080.

Each page, each of its tabs and each workshop screen is opened with real clicks
and key presses, and checked in the page as drawn (``wall_check.js``): no text
under 18 px (chart text measured as rendered), none fainter than 85%, none cut
off by its box, no chart label drawn over another, and no sidebar. A screenshot
of each is kept (``wall-<width>-<page>-<tab>.png``) to be looked at.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from core.steps import STEPS
from tests.browser.conftest import SMALLEST, Page

CHECK = (Path(__file__).parent / "wall_check.js").read_text(encoding="utf-8")
PAGES = [step.slug for step in STEPS] + ["action_plan", "portfolio", "cases", "history", ""]
WORKSHOP_SCREENS = len(STEPS) + 1


def _findings(tab: Page) -> list[str]:
    return tab.page.evaluate(CHECK, SMALLEST)


def _name(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "home"


def _check(tab: Page, where: str, width: int, problems: dict[str, list[str]]) -> None:
    tab.drawn()
    found = _findings(tab)
    if found:
        problems[where] = found
    assert tab.exceptions() == [], where
    tab.screenshot(f"wall-{width}-{_name(where)}")


@pytest.mark.timeout(900)
@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1920, 1080)])
def test_every_wall_screen_is_readable_from_the_back_row(browser, app_url, width, height):
    tab = Page(browser, app_url, width, height)
    problems: dict[str, list[str]] = {}
    try:
        tab.open("?present=1")
        for slug in PAGES:
            tab.open(f"{slug}?present=1")
            tabs = tab.tab_names()
            if not tabs:
                _check(tab, slug or "home", width, problems)
            for name in tabs:
                tab.open_tab(name)
                _check(tab, f"{slug} {name}", width, problems)

        tab.open("workshop?present=1")
        for screen in range(1, WORKSHOP_SCREENS + 1):
            assert f"Screen {screen} of {WORKSHOP_SCREENS}" in tab.page.locator("body").inner_text()
            _check(tab, f"workshop screen {screen}", width, problems)
            if screen < WORKSHOP_SCREENS:
                tab.page.keyboard.press("ArrowRight")  # what a clicker sends
                tab.settle()
        assert problems == {}
        assert tab.outside_requests == []
    finally:
        tab.close()
