"""Hostile text through every page in a real browser: shown as text, never run, never fetched.

The app runs on its own database: the demo with :data:`tests.helpers.HOSTILE`
(a formula, ``<img onerror>``, ``<script>``, Markdown images and links to
127.0.0.2, a ``javascript:`` link, a bare address) in the first row's every
free-text cell of every table and in the partnership's name and problem,
saved through the store. Every page of the registry is opened in Chromium;
on each, in the page and in every frame inside it (the network views are
iframes): no dialog opened, no request went anywhere but 127.0.0.1, no
element came from the text (no ``img`` with ``src="x"``, no ``onerror``, no
script made of ``alert(``, no link to 127.0.0.2 or ``javascript:``), and no
page failed.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Frame

from core.steps import ACROSS, HOME, STEPS
from core.store import Store
from tests.browser.conftest import Page, serve
from tests.helpers import HOSTILE_NAME, make_hostile

PLACES = [HOME, *STEPS, *ACROSS]

_MARKUP = """() => ({
    images: [...document.querySelectorAll('img')]
        .filter(i => i.getAttribute('src') === 'x' || (i.getAttribute('src') || '').includes('127.0.0.2'))
        .map(i => i.outerHTML),
    handlers: [...document.querySelectorAll('[onerror]')].map(e => e.outerHTML.slice(0, 200)),
    scripts: [...document.querySelectorAll('script')]
        .filter(s => s.textContent.trim().startsWith('alert(')).map(s => s.outerHTML.slice(0, 200)),
    links: [...document.querySelectorAll('a[href]')]
        .filter(a => /^\\s*javascript:/i.test(a.getAttribute('href')) || a.href.includes('127.0.0.2'))
        .map(a => a.outerHTML.slice(0, 200)),
    text: document.body ? document.body.innerText : '',
})"""


@pytest.fixture(scope="module")
def hostile_url(templates: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a copy of the demo full of hostile text."""
    folder = tmp_path_factory.mktemp("hostile")
    store = Store(shutil.copyfile(templates["demo"], folder / "keystone.duckdb"))
    make_hostile(store, int(store.partnerships()["id"].iloc[0]))
    store.release()
    with serve(store.path, folder / "streamlit.log") as url:
        yield url


def _read(frame: Frame) -> dict[str, object] | None:
    """:data:`_MARKUP` of a frame, or None when the frame was detached (closed) before or while it was read.

    A frame still attached is always read: one whose document was replaced while it was read
    (its execution context destroyed) is read again, and any other failure fails the test.
    """
    for attempt in range(2):
        if frame.is_detached():
            return None
        try:
            return frame.evaluate(_MARKUP)
        except PlaywrightError:
            if frame.is_detached():
                return None
            if attempt:
                raise
    return None  # not reached: the second attempt returns or raises


def _allowed(url: str) -> bool:
    if url.startswith(("data:", "blob:", "about:")):
        return True
    return urlparse(url).hostname == "127.0.0.1"


def test_hostile_text_is_shown_as_text_on_every_page_and_never_runs_or_fetches(browser, hostile_url):
    tab = Page(browser, hostile_url)
    dialogs: list[str] = []
    away: list[str] = []
    tab.page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    tab.page.on("request", lambda request: _allowed(request.url) or away.append(request.url))
    found: dict[str, dict[str, list[str]]] = {}
    literal: list[str] = []

    def check(view: str) -> None:
        tab.open_panels(only_lazy=True)  # their content runs only while open; the others' is on the page
        tab.drawn()  # the network views' frames and the charts draw after the run
        assert tab.exceptions() == [], view
        for frame in tab.page.frames:
            markup = _read(frame)
            if markup is None:  # a frame removed while it was read: it shows nothing any more
                continue
            if "<script>alert(2)</script>" in markup.pop("text"):
                literal.append(view)
            if any(markup.values()):
                found[f"{view} {frame.url[:60]}"] = markup
        tab.screenshot(f"hostile-text-{view}")

    try:
        for place in PLACES:
            tab.open("" if place is HOME else place.slug)
            check(place.slug)
            for name in tab.tab_names()[1:]:  # the first is open on arrival; each other is drawn once picked
                tab.open_tab(name)
                check(f"{place.slug}-{name.lower().replace(' ', '-')}")
        tab.open("")
        heading = tab.heading()
    finally:
        tab.close()
    assert found == {}
    assert dialogs == []
    assert away == [] and tab.outside_requests == []
    # The name, character for character, as text (an invisible word joiner keeps "://" from starting a link).
    assert heading.replace("\u2060", "") == HOSTILE_NAME
    assert {"home", "problem", "pilots"} <= set(literal), literal
