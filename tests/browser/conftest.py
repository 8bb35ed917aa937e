"""The real app under ``streamlit run``, driven by Playwright in Debian's Chromium.

Every request that tries to leave 127.0.0.1 is recorded, and tests assert the
list is empty. Chromium cannot reach another host anyway: its resolver is
told that no other name exists and it uses no proxy (:data:`NO_OTHER_HOSTS`,
``--no-proxy-server``). The requests are watched,
not intercepted: Playwright's ``route`` turns the browser's cache off, and
every page then fetched Streamlit's ~130 files anew, which made each page
open twice as slow (1.8 s against 0.9 s, median of 21 opens, same run).

A little over 300 lines: the app server, the browser and :class:`Page`, which
every browser test drives, are kept in the one place pytest looks for them.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from tests.helpers import free_port
from ui.page import LAZY_EXPANDER

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
NO_OTHER_HOSTS = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost"
"""Chromium resolves no name but this machine's, so nothing a page asks for can leave it."""
HEADER_HEIGHT = ROW_HEIGHT = 35  # pixels, Streamlit's data editor
SMALLEST = 18  # px: the least a projected word may be at 1280x720 (the wall's type)
FIRST_COLUMN_X = 60  # inside the first data column; the row markers (checkboxes) are left of it


@pytest.fixture(scope="session")
def app_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The database file the browser tests' app uses."""
    return tmp_path_factory.mktemp("browser") / "keystone.duckdb"


@contextlib.contextmanager
def serve(
    database: Path, log_path: Path, env: Mapping[str, str | None] | None = None, port: int | None = None
) -> Iterator[str]:
    """Run the app as ``./keystone run`` does (``python -m ui.launch``) on ``port`` with ``database``; yield its URL.

    ``port`` defaults to a free one. ``env`` adds variables to the server's environment (``KEYSTONE_ROOM_KEY`` for a
    room server); a variable given as None is taken out of it.
    """
    port = port or free_port()
    merged = {**os.environ, "KEYSTONE_DB": str(database), **(env or {})}
    environment = {name: value for name, value in merged.items() if value is not None}
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [
                sys.executable, "-m", "ui.launch",
                "--server.headless", "true", "--server.address", "127.0.0.1", "--server.port", str(port),
                "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
            ],
            cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            url = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                        if response.status == 200:
                            break
                except OSError:
                    time.sleep(0.3)
            else:
                pytest.fail("streamlit did not start within 60 s")
            yield url
        finally:
            process.terminate()
            process.wait(timeout=10)


@pytest.fixture(scope="session")
def app_url(app_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a free port with a fresh database, for the whole session."""
    with serve(app_db, tmp_path_factory.mktemp("log") / "streamlit.log") as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-component-update",
                NO_OTHER_HOSTS, "--no-proxy-server",
            ],
        )  # fmt: skip
        yield browser
        browser.close()


# Counts the app's script runs in the page, so a test can wait for the run its
# click started even when that run ended before the test began to wait.
COUNT_RUNS = """
window.keystoneDocument = Math.random();
window.keystoneRuns = 0;
// A run is a change of the script state to "running" from anything else. Records come in batches, so the
// value after each change is the next record's old value for that element (the live one after the last).
new MutationObserver(changes => {
  const after = new Map();
  for (let i = changes.length - 1; i >= 0; i -= 1) {
    const change = changes[i];
    const value = after.has(change.target)
      ? after.get(change.target)
      : change.target.getAttribute("data-test-script-state");
    if (value === "running" && change.oldValue !== "running") window.keystoneRuns += 1;
    after.set(change.target, change.oldValue);
  }
}).observe(document, {
  attributes: true, attributeOldValue: true, subtree: true, attributeFilter: ["data-test-script-state"],
});
"""


CHARTS_DRAWN = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
    .every(chart => chart.querySelector('.main-svg'))"""
"""Plotly draws a chart's SVG after the run that sent it."""


class Page:
    """A browser tab on the app, with the requests it tried to send away."""

    def __init__(self, browser, app_url: str, width: int = 1280, height: int = 800, **options: object) -> None:
        """``options`` go to ``browser.new_context`` (a phone: ``is_mobile=True, has_touch=True``)."""
        self.context = browser.new_context(
            viewport={"width": width, "height": height}, accept_downloads=True, **options
        )
        self.page = self.context.new_page()
        self.url = app_url
        self.outside_requests: list[str] = []
        self.context.on("request", self._watch)
        self.context.add_init_script(COUNT_RUNS)
        self._runs_seen = (0, 0)  # (document, runs) at the end of the last settle

    def _watch(self, request) -> None:
        """Record a request for anywhere but this machine (it fails: :data:`NO_OTHER_HOSTS`)."""
        host = urlparse(request.url).hostname or ""
        if host not in LOCAL_HOSTS and not request.url.startswith(("data:", "blob:", "about:")):
            self.outside_requests.append(request.url)

    def open(self, path: str = "") -> None:
        """Go to ``path`` and wait for its page; the link opens it with no "Page not found" notice (ui/launch.py)."""
        self.page.goto(f"{self.url}/{path}")
        self.settle()
        assert not self.page.get_by_role("dialog").filter(has_text="Page not found").count(), path

    def settle(self, timeout: float = 60_000) -> None:
        """Wait until the script has finished running and the page is drawn."""
        page = self.page
        # A click's rerun may not have started yet: wait for a run we have not
        # seen (counted in the page, so a run that already ended counts too),
        # so we do not mistake the state before the click for the result.
        with contextlib.suppress(PlaywrightTimeout):  # nothing reran
            page.wait_for_function(
                "([doc, runs]) => window.keystoneRuns > (window.keystoneDocument === doc ? runs : 0)",
                arg=self._runs_seen,
                timeout=3_000,
            )
        page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout)
        page.wait_for_function(
            "() => document.querySelector('h1') !== null && !document.querySelector('[data-testid=\"stSkeleton\"]')",
            timeout=timeout,
        )
        self._runs_seen = tuple(page.evaluate("() => [window.keystoneDocument, window.keystoneRuns]"))
        page.wait_for_timeout(150)  # the browser paints what the run sent

    def drawn(self, timeout: float = 30_000) -> None:
        """Wait for what draws after the run has ended: every frame loaded and every chart drawn."""
        for frame in self.page.frames:
            if not frame.is_detached():
                with contextlib.suppress(PlaywrightError):  # a frame removed meanwhile draws nothing
                    frame.wait_for_load_state("load", timeout=timeout)
        self.page.wait_for_function(CHARTS_DRAWN, timeout=timeout)
        self.page.wait_for_timeout(150)  # the browser paints what was drawn

    def choose(self, label: str) -> None:
        """Pick the radio option ``label`` and see it picked, clicking again if a click was lost.

        A click on a form just opened (its expander still settling, or the
        machine loaded by other sessions) can land before the option is in place.
        """
        option = self.page.get_by_role("radio", name=label, exact=True)
        for _ in range(3):
            self.page.get_by_text(label, exact=True).click()
            try:
                expect(option).to_be_checked(timeout=10_000)
                return
            except AssertionError:
                continue
        expect(option).to_be_checked()

    def tab_names(self) -> list[str]:
        """The labels of the page's tabs, in order."""
        return self.page.get_by_role("tab").all_inner_texts()

    def open_tab(self, name: str) -> None:
        """Pick a tab and wait for the run that draws it (only the open tab runs: ``ui.page.lazy_tabs``).

        The tab already open is not clicked: picking it again runs nothing, and
        :meth:`settle` would wait its 3 s for a run that never comes.
        """
        tab = self.page.get_by_role("tab", name=name, exact=True)
        if tab.get_attribute("aria-selected") != "true":
            tab.click()
            self.settle()

    def open_panels(self, only_lazy: bool = False) -> None:
        """Open every closed expander in view, waiting for the run of one whose content runs only while open.

        Those are keyed with ``ui.page.LAZY_EXPANDER`` (Streamlit marks a keyed
        element with the class ``st-key-<key>``); opening any other reruns nothing,
        and its content is on the page already (``only_lazy`` leaves them closed).
        """
        within = f'[class*="st-key-{LAZY_EXPANDER}"] ' if only_lazy else ""
        closed = self.page.locator(f'{within}[data-testid="stExpander"] details:not([open]) > summary:visible')
        for _ in range(30):
            if not closed.count():
                return
            lazy = (
                only_lazy
                or closed.first.locator(f'xpath=ancestor::*[contains(@class, "st-key-{LAZY_EXPANDER}")]').count()
            )
            closed.first.click()
            if lazy:
                self.settle()

    def grid(self, index: int | str = 0):
        """A data editor (or table) on the page: counted from the top, or the one whose widget key starts so."""
        if isinstance(index, str):  # Streamlit marks a keyed element's container with class "st-key-<key>"
            return self.page.locator(f'[class*="st-key-{index}"] [data-testid="stDataFrame"]').first
        return self.page.locator('[data-testid="stDataFrame"]').nth(index)

    def cell(self, row: int, column: int, grid: int | str = 0):
        """A cell of a grid, in its accessible table (which holds the rows in view); columns count from 0."""
        return self.grid(grid).locator(f"#glide-cell-{column + 1}-{row}")

    def edit_cell(self, row: int, column: int, value: str, grid: int | str = 0) -> tuple[str, str]:
        """Type ``value`` into a text cell of an editor; return the row's first cell and the old value.

        The grid is a canvas: click the first cell, walk to the cell with the arrow
        keys (the grid scrolls along), open its editor with Enter, replace the text,
        and press Enter, which hands the edit to the app (a rerun). A rerun that
        starts late can take the grid's focus mid-walk: then walk again.
        """
        page, target = self.page, self.cell(row, column, grid)
        for attempt in range(4):
            self.grid(grid).locator(".dvn-scroller").click(
                position={"x": FIRST_COLUMN_X, "y": HEADER_HEIGHT + ROW_HEIGHT // 2}
            )
            # The click lands on the top row in view, which is not row 0 once the grid has scrolled:
            # walk from the cell it selected.
            at_column, at_row = self._selected(grid)
            for key, steps in (("ArrowDown", row - at_row), ("ArrowUp", at_row - row),
                               ("ArrowRight", column - at_column), ("ArrowLeft", at_column - column)):  # fmt: skip
                for _ in range(max(steps, 0)):
                    page.keyboard.press(key)
            try:
                expect(target).to_have_attribute("aria-selected", "true", timeout=15_000)
                break
            except AssertionError:
                if attempt == 3:
                    raise
                self.settle()
        first = self.cell(row, 0, grid).inner_text()
        page.keyboard.press("Enter")
        box = page.locator("#portal textarea.gdg-input")
        box.wait_for()
        old = box.input_value()
        box.fill(value)
        page.keyboard.press("Enter")
        self.settle()
        expect(target).to_have_text(value)
        return first, old

    def _selected(self, grid: int | str) -> tuple[int, int]:
        """The (column, row) of the grid's selected cell, columns counted from 0; (0, 0) when none shows."""
        selected = self.grid(grid).locator('td[aria-selected="true"][id^="glide-cell-"]')
        try:
            expect(selected).to_have_count(1, timeout=5_000)
        except AssertionError:
            return 0, 0
        column, row = (int(part) for part in selected.get_attribute("id").removeprefix("glide-cell-").split("-"))
        return column - 1, row

    def wait_for_one_empty_field(self, label: str, timeout: float = 90_000) -> None:
        """Wait until the page holds exactly one text field labelled ``label`` and it is empty.

        A form drawn afresh after a save (the workshop's quick capture) shows
        beside the old one until the run ends, so "the field is empty" alone
        can meet either of them.
        """
        self.page.wait_for_function(
            "(label) => { const fields = [...document.querySelectorAll(`input[aria-label='${label}']`)]"
            ".filter((field) => !field.closest('[data-stale=\"true\"]'));"  # the old form, kept until a run ends
            " return fields.length === 1 && fields[0].value === ''; }",
            arg=label,
            timeout=timeout,
        )

    def exceptions(self) -> list[str]:
        return self.page.locator('[data-testid="stException"]').all_inner_texts()

    def heading(self) -> str:
        return self.page.locator("h1").first.inner_text().strip()

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=False)
        return path

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def tab(browser, app_url) -> Iterator[Page]:
    page = Page(browser, app_url)
    yield page
    page.close()
