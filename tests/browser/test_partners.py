"""Step 3 in a real browser: upload an .xlsx, map an unknown column by hand, import."""

from __future__ import annotations

import re
from pathlib import Path

from tests.browser.conftest import Page
from tests.helpers import xlsx


def _choose(tab: Page, label: str, option: str) -> None:
    """Pick an option of a selectbox, retrying while a rerun redraws it."""
    for _ in range(5):
        tab.settle()
        box = tab.page.get_by_role("combobox", name=label, exact=True)
        box.click()
        choice = tab.page.get_by_role("option", name=option, exact=True)
        try:
            choice.wait_for(timeout=5_000)
            choice.click()
            return
        except Exception:  # the list closed under a rerun: open it again
            tab.page.keyboard.press("Escape")
    raise AssertionError(f"could not choose {option!r} in {label!r}")


def _short_list(page) -> tuple[int, int]:
    """(short-listed, candidates) from the line above the tabs."""
    line = page.get_by_text(re.compile(r"Short list: \d+ of \d+\.")).first.inner_text()
    chosen, candidates = re.search(r"Short list: (\d+) of (\d+)\.", line).groups()
    return int(chosen), int(candidates)


def test_upload_map_and_import_a_workbook(tab: Page, tmp_path: Path):
    source = tmp_path / "stakeholders.xlsx"
    rows = [
        ["Coastal plastics stakeholders"],
        ["Organisation", "Category", "Keenness", "Power"],
        ["Browser Test Pickers Union", "CBO", 5, 2],
        ["Browser Test Recyclers", "Peer company", 3, 4],
    ]
    source.write_bytes(xlsx({"Read me": [["see next sheet"]], "Stakeholders": rows}))
    page = tab.page
    tab.open("")  # the app registers its pages on the first run
    tab.open("partners")
    before = _short_list(page)  # other browser tests may have changed the shared app's list
    tab.open_tab("Import")
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(source))
    page.get_by_role("combobox", name="Sheet", exact=True).wait_for(timeout=60_000)
    tab.settle()

    # Two sheets: choose the one with the list.
    _choose(tab, "Sheet", "Stakeholders")
    tab.settle()
    tab.screenshot("partners-import-sheet")
    page.get_by_text("Column 'Keenness'").wait_for(timeout=60_000)

    # "Keenness" is not a known header: say it holds interest.
    _choose(tab, "Column 'Keenness'", "interest")
    page.get_by_text("2 rows read from sheet 'Stakeholders', 0 with problems").wait_for(timeout=60_000)
    tab.settle()
    tab.screenshot("partners-import-mapped")

    page.get_by_role("button", name="Import", exact=True).click()
    # The toast and the message under the import panel both say it.
    page.get_by_text("Imported: 2 added, 0 updated, 0 skipped").first.wait_for(timeout=60_000)
    tab.settle()
    tab.screenshot("partners-imported")
    chosen, candidates = before
    assert page.get_by_text(f"Short list: {chosen} of {candidates + 2}.").count() == 1
    assert tab.exceptions() == []
    assert tab.outside_requests == []


def test_a_messy_list_is_cleaned_before_the_eyes_and_a_fix_is_undone_with_a_click(tab: Page, tmp_path: Path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Survey"
    for row in [
        ["Organisation", "Category", "Interest", "Levers", "Last contact"],
        ["Browser Messy Pickers", "CBO", "High", "policy, capital", "May 2026"],
        ["Browser Messy Recyclers", None, "medium", "implementation / market access", None],
        ["browser messy  pickers", "CBO", "low", "legitimacy", None],
        ["Total", None, None, None, None],
    ]:
        sheet.append(row)
    sheet.merge_cells("B2:B3")  # both are community organisations
    source = tmp_path / "messy.xlsx"
    book.save(source)
    page = tab.page
    tab.open("")
    tab.open("partners")
    chosen, candidates = _short_list(page)
    tab.open_tab("Import")
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(source))
    page.get_by_text("Cleaned for you").wait_for(timeout=60_000)
    page.get_by_text("2 rows read from sheet 'Survey', 0 with problems").wait_for(timeout=60_000)
    for said in ("Merged cells filled", "Total and footer rows left out", "Scores in words read as numbers",
                 "Lists split at commas, slashes and line breaks", "Other columns kept in the notes",
                 "Rows naming the same organisation combined"):  # fmt: skip
        assert page.get_by_text(said, exact=True).count() == 1, said
    tab.settle()
    page.get_by_text("Cleaned for you").scroll_into_view_if_needed()
    tab.screenshot("partners-import-cleaned")

    page.get_by_text("Rows naming the same organisation combined", exact=True).click()  # undo that fix
    page.get_by_text("3 rows read from sheet 'Survey', 1 with problems").wait_for(timeout=60_000)
    page.get_by_text("Rows naming the same organisation combined", exact=True).click()  # and back
    page.get_by_text("2 rows read from sheet 'Survey', 0 with problems").wait_for(timeout=60_000)
    tab.settle()
    page.get_by_role("button", name="Import", exact=True).click()
    page.get_by_text("Imported: 2 added, 0 updated, 0 skipped").first.wait_for(timeout=60_000)
    tab.settle()
    assert page.get_by_text(f"Short list: {chosen} of {candidates + 2}.").count() == 1
    assert tab.exceptions() == []
    assert tab.outside_requests == []
