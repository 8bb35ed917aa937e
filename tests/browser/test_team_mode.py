"""Team mode for real: two app processes on one PostgreSQL database, one behind deploy/nginx.conf, and the CLI."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.store import Table
from tests.browser.conftest import Page, serve
from tests.conftest import server_store
from tests.helpers import ROOT, configured, free_port, listening, nginx, xlsx

CLI_ACTORS = [f"Coastal Supplier {number:02d}" for number in range(20)]


@contextlib.contextmanager
def _nginx(folder: Path, app_ports: list[int]) -> Iterator[str]:
    """deploy/nginx.conf in the foreground in front of the app processes; yields its URL."""
    port = free_port()
    conf = folder / "nginx.conf"
    conf.write_text(configured(port, app_ports))
    process = subprocess.Popen(
        [nginx(), "-p", f"{folder}/", "-c", str(conf), "-e", "stderr", "-g", "daemon off;"], stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 10
        while not listening(port):
            assert process.poll() is None and time.monotonic() < deadline, "nginx did not start"
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def _fill_capture(tab: Page, name: str) -> None:
    page = tab.page
    tab.open("")  # a fresh server's first request must be the main page
    tab.open("workshop")
    page.get_by_text("Quick capture").click()
    page.get_by_label("Actor").fill(name)
    tab.choose("Community organisation")


@pytest.mark.timeout(600)
def test_two_app_processes_and_the_cli_share_one_database_server(browser, postgres, tmp_path):
    store = server_store(postgres, "demo")
    pid = int(store.partnerships()["id"].iloc[0])
    name = str(store.partnership(pid)["name"])
    before = len(store.read(pid, Table.ACTORS))
    sheet = tmp_path / "suppliers.xlsx"
    sheet.write_bytes(xlsx({"List": [["Organisation", "Category"], *[[actor, "company"] for actor in CLI_ACTORS]]}))

    with (
        serve(store.location, tmp_path / "first.log") as first,
        serve(store.location, tmp_path / "second.log") as second,
        _nginx(tmp_path, [int(first.rsplit(":", 1)[1]), int(second.rsplit(":", 1)[1])]) as proxy,
    ):
        # Two people on each process directly, one through the proxy (websockets and all).
        urls = {"Team Org A1": first, "Team Org A2": first, "Team Org B1": second, "Team Org B2": second}
        urls["Team Org P1"] = proxy
        tabs = {actor: Page(browser, url, 1280, 720) for actor, url in urls.items()}
        try:
            for actor, tab in tabs.items():
                _fill_capture(tab, actor)
            command = [sys.executable, "-m", "core", "import", str(sheet), "--partnership", name]
            cli = subprocess.Popen(
                [*command, "--db", store.location],
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            for tab in tabs.values():
                tab.page.get_by_role("button", name="Add actor").click()
            for tab in tabs.values():  # saved: the capture form is drawn afresh, empty (five runs on two cores)
                tab.wait_for_one_empty_field("Actor")
                tab.settle()
            output, _ = cli.communicate(timeout=120)
            assert cli.returncode == 0, output
            for actor, tab in tabs.items():
                assert tab.exceptions() == [], actor
                assert "Traceback" not in tab.page.content(), actor
            tabs["Team Org P1"].screenshot("team-mode-through-nginx")
        finally:
            for tab in tabs.values():
                tab.close()

    stored = store.read(pid, Table.ACTORS)["name"].tolist()
    assert len(stored) == before + len(urls) + len(CLI_ACTORS)
    assert set(urls) | set(CLI_ACTORS) <= set(stored)
    changes = store.changes(pid)
    assert len(changes) == len(urls) + 1  # one change per capture, one for the whole import
    store.release()
