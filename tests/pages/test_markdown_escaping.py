"""User text shows as typed: names with markdown never become links, images or bold."""

from __future__ import annotations

import os
import re

import pytest

from core.conventions import escape_markdown, unlinked
from core.store import Store, Table
from tests.helpers import each_tab

HOSTILE = "**Loud** [click](http://evil.example) ![pixel](http://evil.example/p.png)"
_TEXT_ELEMENTS = ("title", "header", "subheader", "caption", "markdown", "error", "warning", "info", "success", "toast")


def _bodies(at) -> list[str]:
    bodies = [str(element.value) for kind in _TEXT_ELEMENTS for element in getattr(at, kind)]
    return bodies + [button.label for button in at.button]


def test_escape_markdown_leaves_no_live_syntax():
    escaped = escape_markdown(HOSTILE)
    assert "](" not in escaped.replace("\\]\\(", "")
    assert "**" not in escaped.replace("\\*\\*", "")


# Streamlit's own autolink patterns, without their look-behind (any preceding character counts here).
_EMAIL = re.compile(r"[-.\w+]+@[-\w]+(?:\.[-\w]+)+")
_URL = re.compile(r"https?://|www(?=\.)", re.IGNORECASE)


@pytest.mark.parametrize(
    "text",
    [
        "https://evil.org",
        "HTTP://evil.org",
        "www.evil.org",
        "_www.evil.org",
        "(WWW.evil.org)",
        "ana@evil.org",
        "x-@evil.org",
        "x.@evil.org",
        "a+@evil.org",
        "_a@evil.org",
        "mail me:a@b.evil.org",
    ],
)
def test_unlinked_leaves_no_address_streamlit_would_link(text):
    for shown in (unlinked(text), escape_markdown(text).replace("\\", "")):
        assert not _EMAIL.search(shown) and not _URL.search(shown), shown
        assert shown.replace("\u2060", "").replace("\\", "") == text.replace("\\", "")


@pytest.fixture
def hostile_app(app):
    at = app()  # seeds the demo into the test's database file
    store = Store(os.environ["KEYSTONE_DB"])
    pid = int(store.partnerships()["id"].iloc[0])
    store.rename_partnership(pid, HOSTILE)
    for table in (Table.ACTORS, Table.INDICATORS, Table.PILOTS):
        frame = store.read(pid, table)
        frame.loc[frame.index[0], "name"] = HOSTILE
        if table is Table.PILOTS:  # free text shown in the pilot's card (issue 21: its image was fetched)
            frame.loc[frame.index[0], ["aim", "status"]] = HOSTILE
        store.replace(pid, table, frame)
    return app, at


@pytest.mark.parametrize(
    "page",
    [None, "partners", "governance", "metrics", "pilots", "portfolio", "backups"],
)
def test_names_with_markdown_are_never_rendered_as_markdown(hostile_app, page):
    app, _ = hostile_app
    bodies = []
    for name, shown in each_tab(app(page), f"{page}_tab"):  # only the open tab runs
        assert not shown.exception, (name, shown.exception)
        bodies += _bodies(shown)
    assert not [body for body in bodies if "](http://evil.example" in body.replace("\\]\\(", "")]


def test_the_hostile_name_is_shown_escaped_where_it_appears(hostile_app):
    app, _ = hostile_app
    assert app().title[0].value == escape_markdown(HOSTILE)
    backups = _bodies(app("backups"))
    assert any(f"of your changes to {escape_markdown(HOSTILE)} can be undone" in body for body in backups)
