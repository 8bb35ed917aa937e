"""Team mode in Chromium: for each role, every page, every download and links to another partnership show none of it.

The app runs behind a (simulated) sign-in proxy: each browser sends the
header that names its person, as the proxy would. The demo has one member of
each role; a second partnership, the secret one, has only its own owner.
Each role opens every page of the registry, first by a link naming the
secret partnership (refused, said, logged), and no page's text holds the
secret's name or its actor. The viewer also downloads everything the pages
offer, and no file holds them either. A second server uses Keystone's own
sign-in with a password.
"""

from __future__ import annotations

import io
import re
import secrets
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.access import Role
from core.steps import ACROSS, HOME, STEPS
from core.store import RowChanges, Store, Table
from core.store.members import refusals, set_member, set_password
from tests.browser.conftest import ARTIFACTS, Page, serve
from tests.helpers import free_port
from tests.oidc_provider import provider

SECRET = "Harbourside Secret Alliance"
SECRET_ACTOR = "Quillmere Holdings"
HEADER = "X-Forwarded-User"
PLACES = [HOME, *STEPS, *ACROSS]


@pytest.fixture(scope="module")
def team(templates: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Store, int]]:
    """The app behind a sign-in header, with the demo's members and the secret partnership."""
    folder = tmp_path_factory.mktemp("access")
    store = Store(shutil.copyfile(templates["demo"], folder / "keystone.duckdb"))
    demo = int(store.partnerships()["id"].iloc[0])
    secret = store.create_partnership(SECRET, "A problem nobody else may read about")
    store.save(secret, RowChanges(Table.ACTORS, added=({"name": SECRET_ACTOR, "type": "company"},)), "adding")
    set_member(store, secret, "sam@x.org", Role.OWNER)
    for role in Role:
        set_member(store, demo, f"{role.value}@x.org", role)
    set_password(store, "viewer@x.org", "the viewer's password")
    store.release()
    with serve(store.path, folder / "streamlit.log", {"KEYSTONE_USER_HEADER": HEADER}) as url:
        yield url, store, secret


def _text(tab: Page) -> str:
    """The page's text, without the word joiner that keeps an e-mail address from becoming a link."""
    return tab.page.locator("body").inner_text().replace("\u2060", "")


def _leaks(text: str) -> list[str]:
    return [secret for secret in (SECRET, SECRET_ACTOR) if secret in text]


@pytest.mark.timeout(900)
@pytest.mark.parametrize("role", list(Role))
def test_no_page_shows_another_partnership_to_any_role_even_by_its_link(browser, team, role):
    url, store, secret = team
    person = f"{role.value}@x.org"
    tab = Page(browser, url, extra_http_headers={HEADER: person})
    before = len(refusals(store))
    tab.open("")
    for place in PLACES:
        slug = "" if place is HOME else place.slug
        tab.open(f"{slug}?partnership={secret}")  # a fresh session each time: the link is what it opens first
        text = _text(tab)
        assert not _leaks(text), (role, place.slug)
        assert f"You are not a member of partnership {secret}" in text, (role, place.slug)
        assert f"Signed in as {person}, {role.value} here" in text  # their own partnership opened instead
    tab.page.screenshot(path=str(ARTIFACTS / f"access-{role.value}-last-page.png"))
    assert len(refusals(store)) - before == len(PLACES)  # every refused link logged
    assert tab.outside_requests == []
    tab.context.close()


@pytest.mark.timeout(900)
def test_nothing_a_viewer_downloads_holds_another_partnership(browser, team):
    url, _, secret = team
    tab = Page(browser, url, extra_http_headers={HEADER: "viewer@x.org"})
    tab.open("")
    fetched = []
    for place in PLACES:
        tab.open(f"{'' if place is HOME else place.slug}?partnership={secret}")  # the link asks for the secret one
        for name in tab.tab_names() or [None]:  # every tab of the page, then every panel in it
            if name:
                tab.open_tab(name)
            tab.open_panels()
            buttons = tab.page.locator('[data-testid="stDownloadButton"] button:visible')
            for index in range(buttons.count()):
                with tab.page.expect_download(timeout=120_000) as download:
                    buttons.nth(index).click()
                data = Path(download.value.path()).read_bytes()
                name = download.value.suggested_filename
                assert not _leaks(_readable(data)), (place.slug, name)
                fetched.append(name)
    # the deck, map and step workbooks, scored lists, the charter, a comparison, the whole partnership
    assert len(fetched) >= 15, fetched
    tab.context.close()


def _readable(data: bytes) -> str:
    """A file's text: every part of a zip (xlsx, pptx), or the bytes as they are."""
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    return data.decode("utf-8", "replace")


def test_without_the_proxys_header_nobody_gets_in(browser, team):
    url, _, _ = team
    tab = Page(browser, url)
    tab.page.goto(f"{url}/partners")
    tab.page.get_by_text("Sign in through your organisation's portal").wait_for()
    text = tab.page.locator("body").inner_text()
    assert not _leaks(text) and "Ocean-bound" not in text and "Partnership" not in text
    tab.context.close()


@pytest.fixture(scope="module")
def password_url(team, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The same database behind Keystone's own sign-in."""
    _, store, _ = team
    with serve(
        store.path, tmp_path_factory.mktemp("password") / "streamlit.log", {"KEYSTONE_SIGN_IN": "password"}
    ) as url:
        yield url


def test_keystones_own_sign_in_lets_in_the_right_password_only(browser, password_url):
    tab = Page(browser, password_url)
    page = tab.page
    page.goto(f"{password_url}/")
    page.get_by_label("Name or e-mail").fill("viewer@x.org")
    page.get_by_role("textbox", name="Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("That name and password do not match").wait_for()
    page.get_by_role("textbox", name="Password").fill("the viewer's password")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text(re.compile("Signed in as viewer@\u2060?x.org, viewer here")).wait_for(timeout=60_000)
    assert not _leaks(page.locator("body").inner_text())
    page.get_by_role("button", name="Sign out").click()
    page.get_by_label("Name or e-mail").wait_for()
    assert "Ocean-bound" not in page.locator("body").inner_text()
    tab.context.close()


def test_a_company_sign_in_through_its_identity_provider_lets_its_people_in(browser, team, tmp_path):
    """st.login against a real OpenID Connect flow (tests/oidc_provider.py): discovery, code, token, signed ID token."""
    _, store, _ = team
    port = free_port()
    with provider() as company:
        company.person = "facilitator@x.org"
        secrets_file = tmp_path / "secrets.toml"
        secrets_file.write_text(
            "[auth]\n"
            f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
            f'cookie_secret = "{secrets.token_urlsafe(32)}"\n'
            f'client_id = "{company.client_id}"\n'
            f'client_secret = "{company.client_secret}"\n'
            f'server_metadata_url = "{company.metadata_url}"\n'
        )
        env = {
            "KEYSTONE_SIGN_IN": "oidc",
            "STREAMLIT_SECRETS_FILES": str(secrets_file),
            "AUTHLIB_INSECURE_TRANSPORT": "1",  # the test's provider speaks plain HTTP on 127.0.0.1
        }
        with serve(store.path, tmp_path / "streamlit.log", env, port=port) as url:
            tab = Page(browser, url)
            page = tab.page
            page.goto(f"{url}/")
            assert "Ocean-bound" not in page.locator("body").inner_text()
            page.get_by_role("button", name="Sign in with your company account").click()
            page.get_by_text(re.compile("Signed in as facilitator@\u2060?x.org, facilitator here")).wait_for(
                timeout=60_000
            )
            assert not _leaks(_text(tab))
            tab.context.close()
