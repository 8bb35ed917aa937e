"""A throwaway PostgreSQL server for tests.

``PostgresServer.start(folder)`` runs ``initdb`` into a fresh folder, starts the
server on a free port of 127.0.0.1 with durability switched off, and hands out
``postgresql://`` URLs of databases it creates. ``stop()`` shuts it down.

PostgreSQL refuses to run as root. When the tests run as root (as in CI), the
server runs as Debian's ``postgres`` user, in a folder under the system's
temporary folder: pytest's own folders are private to root and ``postgres``
could not reach them. ``stop()`` removes that folder again.

Should the test process die without calling ``stop()``, a small watchdog
process notices within a second and stops the server.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import tempfile
from pathlib import Path

import psycopg
from psycopg import sql

from tests.helpers import free_port

__all__ = ["PostgresServer", "binaries"]

NAME = re.compile(r"^[a-z_][a-z0-9_]*$")
SETTINGS = (  # for tests only: a crash may lose or corrupt data
    "listen_addresses=127.0.0.1",
    "fsync=off",
    "synchronous_commit=off",
    "full_page_writes=off",
    "max_connections=200",
)
AS_ROOT = os.geteuid() == 0


def binaries() -> Path:
    """The folder holding ``initdb``, ``pg_ctl`` and ``postgres``.

    Returns
    -------
    Path
        The folder of ``initdb`` on PATH (symlinks resolved), else the newest
        ``/usr/lib/postgresql/<version>/bin``.

    Raises
    ------
    FileNotFoundError
        When PostgreSQL is not installed (``./keystone test`` installs it).
    """
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    folders = [path.parent for path in Path("/usr/lib/postgresql").glob("*/bin/initdb")]
    if not folders:
        raise FileNotFoundError("PostgreSQL's initdb is not installed; ./keystone test installs it")
    return max(folders, key=lambda folder: [int(part) for part in folder.parent.name.split(".") if part.isdigit()])


def _checked(name: str) -> str:
    if not NAME.fullmatch(name):
        raise ValueError(f"not a database name we make: {name!r}")
    return name


def _as_owner(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if AS_ROOT else command


class PostgresServer:
    """A running PostgreSQL server that trusts user ``postgres`` on 127.0.0.1.

    Make one with `start`; a ``with`` block stops it at its end.
    """

    def __init__(self, folder: Path, port: int, bin_folder: Path) -> None:
        self.folder = folder
        self.port = port
        self._stop_command = _stop_command(bin_folder, folder)
        self._watchdog = _watchdog(self._stop_command, folder)
        self._running = True

    @classmethod
    def start(cls, folder: Path) -> PostgresServer:
        """Create a database cluster in a fresh folder under `folder` and start its server.

        Parameters
        ----------
        folder : Path
            Where the cluster's folder is made (unless running as root, see the module's docstring).

        Returns
        -------
        PostgresServer
            The running server.

        Raises
        ------
        RuntimeError
            When ``initdb`` or ``pg_ctl start`` fails; the message ends with the log's tail.
        """
        bin_folder = binaries()
        home = Path(tempfile.mkdtemp(prefix="keystone-postgres-", dir=None if AS_ROOT else folder))
        data, sockets, log = home / "data", home / "run", home / "server.log"
        sockets.mkdir()
        log.touch()
        if AS_ROOT:
            for path in (home, sockets, log):
                shutil.chown(path, "postgres", "postgres")

        def run(*command: str | Path) -> None:
            with log.open("a") as output:
                done = subprocess.run(
                    _as_owner([str(part) for part in command]), cwd=home, stdout=output, stderr=output
                )
            if done.returncode:
                tail = "\n".join(log.read_text(errors="replace").splitlines()[-20:])
                if AS_ROOT:
                    shutil.rmtree(home, ignore_errors=True)
                raise RuntimeError(f"{Path(command[0]).name} failed; the end of its log:\n{tail}")

        run(bin_folder / "initdb", "-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C")
        port = free_port()
        options = f"-p {port} -k {shlex.quote(str(sockets))} " + " ".join(f"-c {s}" for s in SETTINGS)
        run(bin_folder / "pg_ctl", "start", "-w", "-D", data, "-l", log, "-o", options)
        return cls(home, port, bin_folder)

    def url(self, database: str) -> str:
        """The ``postgresql://`` URL of `database` on this server."""
        return f"postgresql://postgres@127.0.0.1:{self.port}/{_checked(database)}"

    def create_database(self, name: str, template: str | None = None) -> str:
        """Create database `name`, empty or as a copy of `template`, and return its URL.

        Nobody may be connected to `template` meanwhile (PostgreSQL refuses the copy).
        """
        statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(_checked(name)))
        if template is not None:
            statement += sql.SQL(" TEMPLATE {}").format(sql.Identifier(_checked(template)))
        self._execute(statement)
        return self.url(name)

    def drop_database(self, name: str) -> None:
        """Drop database `name` if it exists, closing any connection to it."""
        self._execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(_checked(name))))

    def stop(self) -> None:
        """Stop the server at once (its data is thrown away); calling it again does nothing."""
        if not self._running:
            return
        self._running = False
        self._watchdog.kill()
        self._watchdog.wait()
        subprocess.run(self._stop_command, cwd=self.folder, capture_output=True)
        if AS_ROOT:
            shutil.rmtree(self.folder, ignore_errors=True)

    def _execute(self, statement: sql.Composable) -> None:
        with psycopg.connect(self.url("postgres"), autocommit=True) as connection:
            connection.execute(statement)

    def __enter__(self) -> PostgresServer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def _stop_command(bin_folder: Path, home: Path) -> list[str]:
    return _as_owner([str(bin_folder / "pg_ctl"), "stop", "-D", str(home / "data"), "-m", "immediate"])


def _watchdog(stop_command: list[str], home: Path) -> subprocess.Popen:
    """A process of its own session that stops the server once this process is gone."""
    stop = shlex.join(stop_command)
    cleanup = f"; rm -rf {shlex.quote(str(home))}" if AS_ROOT else ""
    script = f"while kill -0 {os.getpid()} 2>/dev/null; do sleep 1; done; cd /; {stop}{cleanup}"
    return subprocess.Popen(
        ["sh", "-c", script], start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
