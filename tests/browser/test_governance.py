"""Browser: the governance page draws offline and the charter downloads as a Word file."""

from __future__ import annotations

import io

import docx

from core.across.demo import load_demo
from core.store import Table
from tests.browser.conftest import Page


def _open_governance(tab: Page) -> None:
    # Enter from the home page: a fresh server asked first for /governance runs
    # pages/governance.py alone (Streamlit's pages/ folder rule), before app.py
    # has set the session keys. Reported to the lead; the shell test enters at / too.
    tab.open("")
    tab.page.get_by_role("link", name="4 Governance").click()
    tab.settle()
    tab.page.get_by_text("Recommended: Neutral backbone").wait_for()


def test_charter_downloads_as_docx_naming_every_partner(tab: Page, tmp_path):
    _open_governance(tab)
    assert tab.heading() == "Governance"
    page = tab.page
    tab.screenshot("governance-model")
    tab.open_tab("Charter")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download charter (.docx)").click()
    download = download_info.value
    assert download.suggested_filename == "charter-ocean-bound-plastic-in-electronics-demo.docx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    document = docx.Document(io.BytesIO(path.read_bytes()))
    text = "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    actors = load_demo()[1][Table.ACTORS]
    for name in actors.loc[actors["shortlisted"] == "yes", "name"]:
        assert name in text
    assert tab.exceptions() == []
    assert tab.outside_requests == []


def test_roles_tab_shows_the_grid_and_its_checks(tab: Page):
    _open_governance(tab)
    page = tab.page
    tab.open_tab("Roles (RACI)")
    page.get_by_text("Meridian Devices is Accountable for 6 of 13 activities").wait_for()
    assert page.locator('[data-testid="stDataFrame"], [data-testid="stDataEditor"]').count() >= 1
    tab.screenshot("governance-raci")
    assert tab.exceptions() == []


def test_on_the_wall_the_raci_grid_fills_the_screen_with_both_its_parts_and_comes_back(browser, app_url):
    tab = Page(browser, app_url, width=1280, height=720)
    try:
        tab.open("?present=1")
        tab.open("governance?present=1")
        page = tab.page
        tab.open_tab("Roles (RACI)")
        button = page.get_by_role("button", name="Full screen").first
        button.scroll_into_view_if_needed()
        button.click()
        page.wait_for_function("() => document.fullscreenElement !== null")
        full = page.evaluate(
            "() => [document.fullscreenElement.querySelectorAll('table').length,"
            " document.fullscreenElement.innerText.includes('Meridian Devices')]"
        )
        assert full == [2, True]  # RACI's twelve partners, in its two parts, and nothing else of the page
        tab.screenshot("governance-raci-full-screen-1280")
        button.click()  # a second press leaves full screen
        page.wait_for_function("() => document.fullscreenElement === null")
        assert tab.exceptions() == [] and tab.outside_requests == []
    finally:
        tab.close()
