"""deploy/nginx.conf, the example proxy for team mode, checked and run by a real nginx.

``./keystone test`` installs nginx; these tests fail, not skip, without it.
"""

from __future__ import annotations

import http.client
import json
import re
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.helpers import NGINX_CONF, configured, free_port, listening, nginx


class Echo(BaseHTTPRequestHandler):
    """A stand-in Keystone process: answers with its port and the headers it was sent."""

    def do_GET(self) -> None:
        headers = {name.lower(): value for name, value in self.headers.items()}
        body = json.dumps({"port": self.server.server_port, "headers": headers}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def proxy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """nginx in the foreground with deploy/nginx.conf in front of two stand-ins; yields its port."""
    folder = tmp_path_factory.mktemp("nginx")
    stand_ins = [ThreadingHTTPServer(("127.0.0.1", 0), Echo) for _ in range(2)]
    for server in stand_ins:
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    port = free_port()
    conf = folder / "nginx.conf"
    conf.write_text(configured(port, [server.server_port for server in stand_ins]))
    command = [nginx(), "-p", f"{folder}/", "-c", str(conf), "-e", "stderr", "-g", "daemon off;"]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 10
        while not listening(port):
            assert process.poll() is None, f"nginx stopped: {process.stderr.read()}"
            assert time.monotonic() < deadline, "nginx did not listen within 10 s"
            time.sleep(0.05)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stderr.close()
        for server in stand_ins:
            server.shutdown()
            server.server_close()


def get(port: int, path: str = "/", **headers: str) -> tuple[http.client.HTTPResponse, dict]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers={name.replace("_", "-"): value for name, value in headers.items()})
        response = connection.getresponse()
        return response, json.loads(response.read())
    finally:
        connection.close()


def test_the_example_passes_nginx_own_check(tmp_path: Path):
    check = subprocess.run(
        [nginx(), "-t", "-p", f"{tmp_path}/", "-c", str(NGINX_CONF), "-e", "stderr"], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr
    assert "test is successful" in check.stderr


def test_a_browser_keeps_to_one_process_by_its_cookie(proxy: int):
    first, answer = get(proxy)
    cookie = first.getheader("Set-Cookie")
    assert re.match(r"keystone_replica=[0-9a-f]{32}; Path=/; HttpOnly; SameSite=Lax$", cookie)
    value = cookie.split(";")[0]
    later = [get(proxy, Cookie=value) for _ in range(10)]
    assert {body["port"] for _, body in later} == {answer["port"]}
    assert all(response.getheader("Set-Cookie") is None for response, _ in later)


def test_browsers_are_spread_over_the_processes(proxy: int):
    ports = {get(proxy, Cookie=f"keystone_replica=browser{n}")[1]["port"] for n in range(20)}
    assert len(ports) == 2


def test_a_websocket_request_reaches_keystone_with_its_upgrade_and_host(proxy: int):
    _, answer = get(proxy, "/_stcore/stream", Upgrade="websocket", Connection="Upgrade", Host=f"team.example:{proxy}")
    assert answer["headers"]["upgrade"] == "websocket"
    assert answer["headers"]["connection"] == "upgrade"
    assert answer["headers"]["host"] == f"team.example:{proxy}"


def test_the_sign_in_proxy_user_header_is_passed_on(proxy: int):
    _, answer = get(proxy, X_Forwarded_User="ada@example.org")
    assert answer["headers"]["x-forwarded-user"] == "ada@example.org"
