"""Drill: the disk fills up under the database. Saves and backups fail in plain words, nothing is lost.

The database sits on a 16 MB tmpfs the test mounts itself, filled to its last
256 KB with a filler file; a save of 20,000 rows and a backup then find no
room. Where mounting is not permitted (a CI runner without root), the same
drill runs in a child process whose files may not grow past 64 KB
(``RLIMIT_FSIZE``, with ``SIGXFSZ`` ignored so a write fails with ``EFBIG``
instead of killing the process): a full disk as one program sees it.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from core.store import Store, Table
from core.store.backend_duckdb import DuckDBBackend
from core.store.backups import backup, backup_folder, list_backups
from tests.helpers import ROOT

_SIZE = 16 << 20
_LEFT = 256 << 10
_FILE_LIMIT = 64 << 10
_NEW = 20_000


class SmallDisk:
    """A folder on a small tmpfs that can be filled up, or, without one, a per-file size limit."""

    def __init__(self, folder: Path, mounted: bool) -> None:
        self.folder = folder
        self.mounted = mounted
        self._filler = folder / "filler"

    @property
    def file_limit(self) -> int:
        """The size limit for a child's files (0 on tmpfs: the filled disk is the limit)."""
        return 0 if self.mounted else _FILE_LIMIT

    def limit_child(self) -> None:
        """``preexec_fn`` for a child process: on the fallback, its files stop at :data:`_FILE_LIMIT`."""
        if not self.mounted:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # ignored signals stay ignored across exec
            resource.setrlimit(resource.RLIMIT_FSIZE, (_FILE_LIMIT, _FILE_LIMIT))

    def fill(self) -> None:
        if self.mounted:
            free = shutil.disk_usage(self.folder).free
            with open(self._filler, "wb") as filler:
                filler.truncate(0)
                filler.write(b"\0" * (free - _LEFT))  # written, not sparse: tmpfs counts the pages

    def free(self) -> None:
        self._filler.unlink(missing_ok=True)


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[SmallDisk]:
    folder = tmp_path / "disk"
    folder.mkdir()
    try:  # needs root (CAP_SYS_ADMIN); otherwise the drill runs on the per-file limit
        mount = ["mount", "-t", "tmpfs", "-o", f"size={_SIZE}", "tmpfs", str(folder)]
        mounted = subprocess.run(mount, capture_output=True).returncode == 0
    except OSError:  # no mount program
        mounted = False
    try:
        yield SmallDisk(folder, mounted)
    finally:
        if mounted and subprocess.run(["umount", str(folder)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(folder)], check=True)  # a file still open: detach now, free later


_SCENARIO = textwrap.dedent(
    """
    import json, resource, signal, sys
    from pathlib import Path
    import pandas as pd
    from core.store import Store, StoreError, Table
    from core.store.backups import backup
    database, limit, rows = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    if limit:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    store = Store(database, user="drill")
    pid = int(store.partnerships()["id"].iloc[0])
    new = pd.DataFrame({"name": [f"New org {i:05d}" for i in range(rows)], "type": "company", "notes": "n" * 40})
    outcome = {}
    for name, act in (("save", lambda: store.replace(pid, Table.ACTORS, new)), ("backup", lambda: backup(store))):
        try:
            act()
            outcome[name] = "done"
        except StoreError as error:
            outcome[name] = str(error)
    print(json.dumps(outcome))
    """
)


def _names(store: Store) -> list[str]:
    pid = int(store.partnerships()["id"].iloc[0])
    return store.read(pid, Table.ACTORS)["name"].tolist()


def test_a_full_disk_fails_a_save_a_backup_and_the_command_line_plainly_and_loses_nothing(disk, templates, tmp_path):
    store = Store(shutil.copyfile(templates["empty"], disk.folder / "keystone.duckdb"), user="drill")
    old = [f"Old org {i:05d}" for i in range(2_000)]
    pid = store.create_partnership("Drill", records={Table.ACTORS: pd.DataFrame({"name": old, "type": "ngo"})})
    store.release()
    disk.fill()

    done = subprocess.run(
        [sys.executable, "-c", _SCENARIO, str(store.path), str(disk.file_limit), str(_NEW)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]  # a StoreError each, no other exception
    outcome = json.loads(done.stdout)
    assert outcome["save"].startswith("There is no room on the disk holding the Keystone database"), outcome
    assert "free some disk space" in outcome["save"]
    assert "free some disk space" in outcome["backup"], outcome
    assert list_backups(store) == []
    assert not list(backup_folder(store).glob("*.partial"))

    # The command line says the same in one line, with no traceback.
    listing = tmp_path / "list.csv"
    listing.write_text("Organisation,Type\n" + "".join(f"Imported org {i},ngo\n" for i in range(_NEW)))
    done = subprocess.run(
        [sys.executable, "-m", "core", "import", str(listing), "--partnership", "Drill", "--db", str(store.path)],
        cwd=ROOT, capture_output=True, text=True, timeout=300, preexec_fn=disk.limit_child,
    )  # fmt: skip
    assert done.returncode == 1, (done.stdout, done.stderr[-3000:])
    assert done.stderr.startswith("error: There is no room on the disk") and "free some disk space" in done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1

    # The disk is still full: the file opens, with the old data whole.
    assert _names(store) == old
    assert store.changes(pid).empty
    store.release()

    # Room again: the next save and backup work.
    disk.free()
    store.replace(pid, Table.ACTORS, pd.DataFrame({"name": ["After the drill"], "type": ["ngo"]}))
    assert _names(store) == ["After the drill"]
    copy = backup(store)
    store.release()
    assert _names(Store(copy)) == ["After the drill"]
    Store(copy).release()
    assert os.path.exists(copy)


@pytest.mark.parametrize(
    "error",
    [
        duckdb.ConstraintException('Constraint Error: Duplicate key "name: No space left on device" violates it'),
        duckdb.ConversionException("Conversion Error: Could not convert string 'Disk quota exceeded' to INT32"),
        duckdb.TransactionException(
            "TransactionContext Error: Failed to commit: PRIMARY KEY or UNIQUE constraint violation: duplicate key "
            '"Could not write file "x": File too large"'
        ),
    ],
    ids=["constraint", "conversion", "commit-constraint"],
)
def test_a_users_value_that_reads_like_a_full_disk_is_not_taken_for_one(error, tmp_path):
    backend = DuckDBBackend(tmp_path / "keystone.duckdb")
    assert "no room on the disk" not in str(backend.translate(error))
    full = duckdb.TransactionException(
        f'TransactionContext Error: Failed to commit: Could not write file "{tmp_path}/k.wal": No space left on device'
    )
    assert "no room on the disk" in str(backend.translate(full))
    assert not backend.retryable(full)
