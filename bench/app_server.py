"""The real app for a benchmark, started as ``./keystone run`` does (``python -m ui.launch``), always stopped after."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

__all__ = ["CHROMIUM", "serve"]

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def serve(
    database: Path, log_path: Path, settings: dict[str, str] | None = None
) -> Iterator[tuple[str, subprocess.Popen]]:
    """The app (``python -m ui.launch``) on a free port of 127.0.0.1 with ``database``; yields (url, process).

    Always stopped.

    ``settings``: Streamlit options as environment variables (``STREAMLIT_RUNNER_POST_SCRIPT_GC``...).
    """
    port = _free_port()
    env = {**os.environ, "KEYSTONE_DB": str(database), **(settings or {})}
    env.pop("KEYSTONE_ROOM_KEY", None)  # a laptop: the wall needs no key
    env.pop("KEYSTONE_ROOM_ADDRESS", None)
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [
                sys.executable, "-m", "ui.launch",
                "--server.headless", "true", "--server.address", "127.0.0.1", "--server.port", str(port),
                "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
            ],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        try:
            url = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 60
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"streamlit stopped at start (code {process.returncode}); see {log_path}")
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                        if response.status == 200:
                            break
                except OSError:
                    if time.monotonic() > deadline:
                        raise RuntimeError("streamlit did not start within 60 s") from None
                    time.sleep(0.3)
            yield url, process
        finally:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)  # its own session: only what it started
                    process.wait(timeout=10)
