"""Drill: the process saving 20,000 rows is killed with SIGKILL. The save lands whole or not at all.

A child process replaces a partnership's 20,000 stakeholders with 20,000 new
ones through the store, and dies by ``SIGKILL`` at one of three points: a
second into the transaction (killed by this process), a megabyte into the
commit's write-ahead log, and while that log is written into the database (a
checkpoint: the commit's own once its log passes DuckDB's 16 MB, as these
20,000 rows' does, else closing the file's); the child's own watcher thread
sends the signal for the last two, polling the files every half millisecond (a
watcher that never fires, so that the file was closed before the kill, fails
the test). Where the
kill lands depends on the machine; what is asserted does not: afterwards the
file opens, holds wholly the old rows or wholly the new ones (and a change-log
entry exactly when the new ones landed), the new ones whenever the save had
returned, and the next save works.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest

from core.store import Store, Table
from tests.helpers import ROOT

ROWS = 20_000
OLD = [f"Old org {i:05d}" for i in range(ROWS)]
NEW = [f"New org {i:05d}" for i in range(ROWS)]

_SAVE = textwrap.dedent(
    f"""
    import os, signal, sys, threading, time
    from pathlib import Path
    import pandas as pd
    from core.store import Store, Table
    database, point = Path(sys.argv[1]), sys.argv[2]
    wal = database.with_name(database.name + ".wal")

    def wal_size():
        try:
            return wal.stat().st_size
        except FileNotFoundError:
            return 0

    def kill_when(ready):
        while not ready():
            time.sleep(0.0005)
        os.kill(os.getpid(), signal.SIGKILL)

    def watch(ready):
        threading.Thread(target=kill_when, args=(ready,), daemon=True).start()

    store = Store(database, user="drill")
    pid = int(store.partnerships()["id"].iloc[0])
    new = pd.DataFrame({{"name": [f"New org {{i:05d}}" for i in range({ROWS})], "type": "company", "notes": "new"}})
    if point == "wal-1mb":
        watch(lambda: wal_size() > 1 << 20)
    if point == "checkpoint":  # the log written into the file: by the commit once it passes 16 MB, else on closing
        written = database.stat().st_mtime_ns
        watch(lambda: database.stat().st_mtime_ns != written)
    print("saving", flush=True)
    store.replace(pid, Table.ACTORS, new, reason="the drill")
    print("saved", flush=True)
    store.release()  # closing the file writes any log left into it
    print("closed", flush=True)
    time.sleep(120)  # the parent kills
    """
)


@pytest.fixture(scope="module")
def old_database(tmp_path_factory: pytest.TempPathFactory, templates: dict[str, Path]) -> Path:
    """A database holding one partnership of 20,000 stakeholders, closed."""
    path = shutil.copyfile(templates["empty"], tmp_path_factory.mktemp("kill") / "old.duckdb")
    store = Store(path)
    store.create_partnership("Drill", records={Table.ACTORS: pd.DataFrame({"name": OLD, "type": "ngo"})})
    store.release()
    return Path(path)


@pytest.mark.parametrize("point", ["mid-transaction", "wal-1mb", "checkpoint"])
def test_a_save_killed_mid_way_lands_whole_or_not_at_all(old_database, tmp_path, point):
    database = Path(shutil.copyfile(old_database, tmp_path / "keystone.duckdb"))
    child = subprocess.Popen(
        [sys.executable, "-c", _SAVE, str(database), point],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    seen = []
    try:
        for line in child.stdout:
            seen.append(line.strip())
            if line.strip() == "saving" and point == "mid-transaction":
                time.sleep(1.0)  # the save takes about 3 s here: most likely still inside the transaction
                child.send_signal(signal.SIGKILL)
            if line.strip() == "closed":  # a watcher that never fired: end the child (the test fails below)
                child.send_signal(signal.SIGKILL)
        child.wait(timeout=300)
    finally:
        child.kill()
        child.wait()
    assert child.returncode == -signal.SIGKILL, (seen, child.stderr.read()[-3000:])
    assert "saving" in seen, child.stderr.read()[-3000:]
    if point != "mid-transaction":  # killed after closing, the drill would have tested nothing mid-commit
        assert "closed" not in seen, f"the {point} watcher never fired: the kill landed after the file was closed"

    store = Store(database, user="after")
    pid = int(store.partnerships()["id"].iloc[0])
    actors = store.read(pid, Table.ACTORS)
    names = actors["name"].tolist()
    assert names in (OLD, NEW), f"killed at {point} after {seen}: {len(names)} rows, a mixture"
    landed = names == NEW
    assert landed or "saved" not in seen, "a save that had returned was lost"  # told it was saved: it stays
    assert set(actors["type"]) == ({"company"} if landed else {"ngo"})
    assert store.changes(pid)["reason"].tolist() == (["the drill"] if landed else [])

    store.save_answers(pid, "funding", {"stage": "after the kill"})  # the next save works, and stays
    store.release()
    reopened = Store(database)
    assert reopened.answers(pid, "funding") == {"stage": "after the kill"}
    assert reopened.read(pid, Table.ACTORS)["name"].tolist() == names
    reopened.release()
