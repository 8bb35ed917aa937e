"""History's cost: storage per 1,000 changes, and the time to open a comparison on a long history.

Run with ``python -m bench history`` (``./keystone bench history``). On a
copy of the demo in a DuckDB file, 10,000 changes are saved one by one, as
people save them (a cell of an actor each; every 20th change adds an actor,
every 20th removes a relation), with a milestone after the first 1,000 and
after 5,000. Measured side by side in the same run:

- storage: the file's growth per 1,000 changes (after a checkpoint), against
  what a whole-partnership snapshot per change would take (the way undo was
  kept before the change log: the partnership's records as JSON, per change);
- opening a comparison (the History page's first tab: the records at the
  milestone and now, and what changed between them, loops, brokers and scores
  included) after 1,000 and after 10,000 changes, against reading the
  partnership's records once (what any page does);
- the timeline's newest 300 lines, in words.

Written to ``bench/results_history.txt``.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

from core.across.comparison import compare
from core.across.demo import seed_demo
from core.across.history import describe
from core.store import RowChanges, Store, Table, history
from core.store.rows import Edit, plain_rows

CHANGES = 10_000
MILESTONES = {1_000: "after 1,000 changes", 5_000: "after 5,000 changes"}
RUNS = 5
RESULTS = Path(__file__).with_name("results_history.txt")


def _change(store: Store, pid: int, number: int, rows: list[dict]) -> None:
    """One saved change: mostly a cell of an actor; every 20th an actor added, every 20th (offset) a relation gone."""
    if number % 20 == 0:
        row = {"name": f"Coastal Newcomer {number:05d}", "type": "community", "interest": 3, "influence": 2}
        store.save(pid, RowChanges(Table.ACTORS, added=(row,)), "saving actors")
        return
    if number % 20 == 10:
        relations = plain_rows(store.read(pid, Table.RELATIONS), Table.RELATIONS)
        if relations:
            store.save(
                pid, RowChanges(Table.RELATIONS, deleted=(relations[number % len(relations)],)), "saving relations"
            )
            return
    position = number % len(rows)
    old = rows[position]
    new = {**old, "influence": float(1 + number % 5), "notes": f"Seen again at workshop {number}"}
    store.save(pid, RowChanges(Table.ACTORS, edited=(Edit(old, new),)), "saving actors", overwrite=True)
    rows[position] = new


def _size(store: Store) -> int:
    store.release()  # closing checkpoints the file: its size is what is stored
    return store.path.stat().st_size


def _median(work, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _open_comparison(store: Store, pid: int, point: int) -> None:
    then = history.records_at(store, pid, point)
    now = history.records_at(store, pid, history.latest_change(store, pid))
    compare(then, now, date.today())


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    store = Store(folder / "keystone.duckdb")
    store.migrate()
    pid = seed_demo(store)
    records = store.read_many(pid, list(Table))
    snapshot = len(json.dumps({t.value: f.to_json(orient="records", date_format="iso") for t, f in records.items()}))
    rows = plain_rows(store.read(pid, Table.ACTORS), Table.ACTORS)
    lines = [f"History bench, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, DuckDB file, demo partnership", ""]
    sizes = {0: _size(store)}
    started = time.perf_counter()
    for number in range(1, CHANGES + 1):
        _change(store, pid, number, rows)
        if number in MILESTONES:
            history.mark(store, pid, MILESTONES[number])
        if number % 1_000 == 0:
            sizes[number] = _size(store)
            print(f"{number} changes, {time.perf_counter() - started:.0f} s", flush=True)
    per_thousand = [(sizes[n] - sizes[n - 1_000]) / 1e6 for n in range(1_000, CHANGES + 1, 1_000)]
    log_mb = (sizes[CHANGES] - sizes[0]) / 1e6 / (CHANGES / 1_000)
    lines += [
        f"Saving {CHANGES:,} changes one by one: {(time.perf_counter() - started) / CHANGES * 1000:.1f} ms a change",
        "",
        "Storage per 1,000 changes (file growth after a checkpoint, MB):",
        f"  change log: {log_mb:.2f} (the file grew {(sizes[CHANGES] - sizes[0]) / 1e6:.1f} MB over {CHANGES:,};"
        f" DuckDB grows in blocks, so single thousands range {min(per_thousand):.2f} to {max(per_thousand):.2f})",
        f"  a whole-partnership snapshot per change (the demo as it started, {snapshot / 1e3:.0f} kB each):"
        f" {snapshot * 1000 / 1e6:.1f}, {snapshot * 1000 / 1e6 / log_mb:.0f}x the log",
        "",
    ]
    marked = history.milestones(store, pid).set_index("name")["change_id"]
    read_all = _median(lambda: store.read_many(pid, list(Table)))
    lines.append(
        f"Opening a comparison (median of {RUNS}), beside one read of the partnership's records ({read_all:.3f} s):"
    )
    for name in MILESTONES.values():
        point = int(marked[name])
        since = history.latest_change(store, pid) - point
        took = _median(lambda point=point: _open_comparison(store, pid, point))
        at = _median(lambda point=point: history.records_at(store, pid, point))
        lines.append(
            f"  {name} ({since:,} changes back): {took:.3f} s ({took / read_all:.1f}x the read);"
            f" the records at that point alone {at:.3f} s ({at / read_all:.1f}x)"
        )
    words = _median(lambda: describe(history.entries(store, pid, limit=300)))
    total = len(store.changes(pid))
    lines += ["", f"Timeline, newest 300 lines in words, of {total:,} changes: {words:.3f} s"]
    lines.append(f"Actors at the end: {len(store.read(pid, Table.ACTORS)):,}")
    text = "\n".join(lines) + "\n"
    RESULTS.write_text(text)
    print(text)
    store.release()


if __name__ == "__main__":
    main()
