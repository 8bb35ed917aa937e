"""The store on DuckDB and PostgreSQL side by side: reads, captures, editor saves, and many writers at once.

Run with ``python -m bench store`` (``./keystone bench store``). On the demo partnership:

- read: one page's records (the four tables of the system map) in one call;
- capture: quick capture of one actor (a check read, then an upsert);
- editor save: one cell of the actors table changed and saved with what the
  person loaded (the conflict check included);
- simultaneous saves: ``WRITERS`` threads, each a different person, saving
  edits to different rows of one partnership at once, against one thread
  making the same saves alone (saves per second; every save must land);
- page loads under load: ``USERS`` threads each reading a page's records and
  saving one edit every fifth time, for a few seconds: page loads per second
  and the 95th percentile of one page load's store time.

The PostgreSQL server is started here (as the tests do) on 127.0.0.1.
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import threading
import time
from pathlib import Path

from core.across.capture import capture
from core.across.demo import seed_demo
from core.store import Store, Table
from tests.postgres import PostgresServer

RUNS = 25
WRITERS = 10
SAVES_EACH = 10
USERS = (1, 10, 50)
LOAD_SECONDS = 4.0
PAGE = [Table.ACTORS, Table.RELATIONS, Table.FACTORS, Table.CAUSAL_LINKS]


def _median_ms(function, runs: int = RUNS) -> float:
    times = []
    for number in range(runs):
        start = time.perf_counter()
        function(number)
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def _edit_one_cell(store: Store, pid: int, row: int, text: str) -> None:
    loaded = store.read(pid, Table.ACTORS)
    edited = loaded.copy()
    edited.loc[row, "notes"] = text
    store.replace(pid, Table.ACTORS, edited, based_on=loaded)


def _single(store: Store, pid: int) -> dict[str, float]:
    return {
        "read a page": _median_ms(lambda _: store.read_many(pid, PAGE)),
        "capture": _median_ms(lambda n: capture(store, pid, Table.ACTORS, {"name": f"Bench Org {n}", "type": "ngo"})),
        "editor save": _median_ms(lambda n: _edit_one_cell(store, pid, n % 40, f"note {n}")),
    }


def _saves_per_second(store: Store, pid: int, writers: int) -> float:
    total = WRITERS * SAVES_EACH
    per_writer = total // writers
    barrier = threading.Barrier(writers)
    failures: list[BaseException] = []

    def work(writer: int) -> None:
        person = store.as_user(f"writer {writer}")
        barrier.wait()
        try:
            for number in range(per_writer):
                _edit_one_cell(person, pid, writer, f"{writer}-{number}")
        except BaseException as error:  # reported below: a lost save fails the benchmark
            failures.append(error)

    threads = [threading.Thread(target=work, args=(writer,)) for writer in range(writers)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - start
    if failures:
        raise SystemExit(f"{len(failures)} saves failed with {writers} writers: {failures[0]!r}")
    notes = store.read(pid, Table.ACTORS)["notes"].tolist()
    for writer in range(writers):
        if notes[writer] != f"{writer}-{per_writer - 1}":
            raise SystemExit(f"writer {writer}'s last save is not stored ({notes[writer]!r})")
    return total / seconds


def _under_load(store: Store, pid: int, users: int) -> tuple[float, float]:
    """Page loads per second and the 95th percentile of one (ms), with ``users`` at work at once."""
    stop = time.perf_counter() + LOAD_SECONDS
    times: list[float] = []
    lock = threading.Lock()

    def work(user: int) -> None:
        person = store.as_user(f"user {user}")
        number = 0
        while time.perf_counter() < stop:
            start = time.perf_counter()
            person.read_many(pid, PAGE)
            if number % 5 == 4:
                _edit_one_cell(person, pid, user % 40, f"{user}-{number}")
            with lock:
                times.append(time.perf_counter() - start)
            number += 1

    threads = [threading.Thread(target=work, args=(user,)) for user in range(users)]
    begin = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - begin
    return len(times) / seconds, 1000 * statistics.quantiles(times, n=20)[18]


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="keystone-bench-store-"))
    try:
        with PostgresServer.start(folder) as server:
            stores = {"DuckDB": Store(folder / "bench.duckdb"), "PostgreSQL": Store(server.create_database("bench"))}
            ids = {}
            for name, store in stores.items():
                store.migrate()
                ids[name] = seed_demo(store)
            print(f"Median of {RUNS} runs, milliseconds (demo partnership, 46 actors)")
            print(f"{'':24}{'DuckDB':>10}{'PostgreSQL':>12}{'ratio':>8}")
            single = {name: _single(store, ids[name]) for name, store in stores.items()}
            for what in single["DuckDB"]:
                duck, server_ms = single["DuckDB"][what], single["PostgreSQL"][what]
                print(f"{what:24}{duck:>10.1f}{server_ms:>12.1f}{server_ms / duck:>8.2f}")
            print(f"\nSimultaneous saves on one partnership ({WRITERS * SAVES_EACH} editor saves, every one checked)")
            for name, store in stores.items():
                alone = _saves_per_second(store, ids[name], 1)
                together = _saves_per_second(store, ids[name], WRITERS)
                print(
                    f"{name:12} 1 writer {alone:6.1f}/s   {WRITERS} writers {together:6.1f}/s   "
                    f"ratio {together / alone:.2f}"
                )
            print(f"\nUsers at work at once in one process ({LOAD_SECONDS:.0f} s each; a save every fifth page)")
            for name, store in stores.items():
                for users in USERS:
                    rate, p95 = _under_load(store, ids[name], users)
                    print(f"{name:12} {users:3} users: {rate:7.1f} page loads/s, 95th percentile {p95:7.1f} ms")
            for store in stores.values():
                store.release()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
