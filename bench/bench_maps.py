"""Big maps: a partnership of 200, 2,000 and 10,000 actors in the real page, and the parts that changed, side by side.

Run with ``python -m bench maps`` (``./keystone bench maps``); writes ``bench/results_maps.txt``.
Each size is a generated partnership (Barabási-Albert ties, about 3 per actor, every
actor column filled, names and places invented), written with the store.

1. The parts issue 22 changed, each beside what it replaced, in this process:

   - laying out the whole map: rustworkx's spring layout (what maps over 300
     actors used) against :func:`core.system_map.layout.fresh` (igraph's grid
     Fruchterman-Reingold above 1,000 actors);
   - keeping every position: one ``INSERT`` per node (as before) against
     :func:`core.store.layouts.keep` (one bulk insert);
   - Leiden communities: refining until a pass adds nothing, against
     :func:`core.system_map.communities.detect` (above 2,000 actors, until a
     pass adds less than ``LARGE_TOLERANCE`` modularity), with both modularities;
   - the analysis's three parts of :mod:`core.system_map.measures`, one after
     another in this process, against side by side in the page's worker
     processes (:mod:`ui.worker`, started beforehand as on a server in use);
   - an edit of each kind (a partner type, a tie's strength, a relation made
     one-way, a new tie): the whole analysis again, in place, against the page's
     own (:func:`ui.system_map.data.actor_analysis`), which reruns only the
     parts of :mod:`core.system_map.measures` whose inputs changed, the others
     kept by their digest, in worker processes on a big map (the same table, checked).

2. The real page: ``python -m ui.launch`` (as ``./keystone run``) on the generated file and Debian's
   Chromium (headless), 1280x800. Seconds from the click until the actor map's
   vis-network holds its nodes: the first visit after a server start, then a
   second visit (Home, then back), and on that visit a filter change (sized by
   degree) until the map is drawn again. Then the Partners page until its short-list
   line shows. The longest main-thread task of all this (PerformanceObserver
   "longtask", in the page and the map's frame) is how long the browser froze.
   Last, on a fresh server each time, step 1 is left for Home 1, 2, 3 and 4 s
   into its first visit, while the map is read and analysed: seconds until
   Home is drawn, median and worst, with the analysis in the script's thread
   (``KEYSTONE_WORKERS=0``, as before) and in worker processes (:mod:`ui.worker`);
   then 2 s into drawing the Actor map tab; beside Home opened from a page at
   rest (Home's own drawing, the floor under them all).
"""

from __future__ import annotations

import dataclasses
import logging
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import rustworkx as rx

from bench.app_server import CHROMIUM, serve
from core.model import Lever, PartnerType
from core.store import Store, Table, layouts
from core.system_map import communities, layout, measures, network

RESULTS = Path(__file__).with_name("results_maps.txt")
SIZES = (200, 2_000, 10_000)
PAGE_TIMEOUT_MS = 300_000


def generated(size: int, seed: int = 1) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Actors (every column filled) and their relations, about 3 ties each, a few hubs."""
    rng = np.random.default_rng(seed)
    graph = nx.barabasi_albert_graph(size, 3, seed=seed)
    levers = [lever.value for lever in Lever]
    actors = pd.DataFrame(
        {
            "name": [f"Organisation {i:05d}" for i in graph],
            "type": rng.choice([t.value for t in PartnerType], size),
            "sector": rng.choice(["plastics", "retail", "finance", "policy"], size),
            "value_chain": rng.choice(["collection", "sorting", "recycling", "brand"], size),
            "place": rng.choice(["Port City", "Harbour district", "Inland"], size),
            "levers": ["; ".join(rng.choice(levers, 2, replace=False)) for _ in range(size)],
            "interest": rng.integers(1, 6, size).astype(float),
            "influence": rng.integers(1, 6, size).astype(float),
            "assets": "two wash lines",
            "asset_tags": [f"tag {i % 50}; tag {(i * 7) % 50}" for i in range(size)],
            "market_leader": rng.random(size) < 0.05,
            "power": rng.integers(1, 6, size).astype(float),
            "legitimacy": rng.integers(1, 6, size).astype(float),
            "urgency": rng.integers(1, 6, size).astype(float),
            "shortlisted": rng.random(size) < 0.002,
            "notes": "generated",
        }
    )
    kinds = ["funds", "regulates", "supplies", "influences", "partners"]
    relations = pd.DataFrame(
        [
            {"source": f"Organisation {a:05d}", "target": f"Organisation {b:05d}", "kind": kinds[(a + b) % 5],
             "weight": float(1 + (a + b) % 4), "directed": bool((a + b) % 2), "notes": ""}
            for a, b in graph.edges
        ]
    )  # fmt: skip
    return actors, relations


def _timed(function, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - start, result


def _spring(graph: nx.Graph) -> dict:
    """What maps over 300 actors used before: rustworkx's spring layout of every node."""
    nodes = list(graph)
    index = {name: i for i, name in enumerate(nodes)}
    tied = rx.PyGraph(multigraph=False)
    tied.add_nodes_from(nodes)
    tied.add_edges_from_no_data([(index[a], index[b]) for a, b in graph.edges])
    return rx.spring_layout(tied, seed=7, num_iter=50)


def _keep_one_by_one(store: Store, partnership_id: int, positions: dict) -> None:
    """What keeping positions did before: one INSERT per node, in one write."""

    def work(connection):
        for node, (x, y) in positions.items():
            connection.execute(
                "INSERT INTO map_positions (partnership_id, map, node_key, x, y) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT DO NOTHING",
                [partnership_id, "before", node.casefold(), float(x), float(y)],
            )
        return None, False

    store.write(partnership_id, work)


def _leiden_to_the_end(ties: nx.Graph) -> communities.Partition:
    kept, communities.LARGE = communities.LARGE, 10**12  # every map refined until a pass adds nothing
    try:
        return communities.detect(ties)
    finally:
        communities.LARGE = kept


def _parts(size: int, store: Store, partnership_id: int, lines: list[str]) -> None:
    relations, actors = store.read(partnership_id, Table.RELATIONS), store.read(partnership_id, Table.ACTORS)
    graph = network.build_network(relations, actors)
    before, _ = _timed(_spring, graph.ties)
    after, positions = _timed(layout.fresh, graph.ties)
    lines.append(f"{size:>7}  layout       rustworkx spring {before:7.2f} s   Keystone {after:6.2f} s   "
                 f"{before / after:6.1f}x")  # fmt: skip
    before, _ = _timed(_keep_one_by_one, store, partnership_id, positions)
    after, _ = _timed(layouts.keep, store, partnership_id, "bench", positions)
    lines.append(f"{size:>7}  keep places  one INSERT each  {before:7.2f} s   Keystone {after:6.2f} s   "
                 f"{before / after:6.1f}x")  # fmt: skip
    before, whole = _timed(_leiden_to_the_end, graph.ties)
    after, found = _timed(communities.detect, graph.ties)
    lines.append(f"{size:>7}  Leiden       to the end       {before:7.2f} s   Keystone {after:6.2f} s   "
                 f"{before / after:6.1f}x   modularity {whole.modularity:.4f} / {found.modularity:.4f}")  # fmt: skip
    _in_workers(size, graph, lines)
    _edits(size, relations, actors, lines)


def _in_workers(size: int, graph: network.ActorNetwork, lines: list[str]) -> None:
    """The three parts one after another in this process, against side by side in the page's worker processes."""
    from ui import worker
    from ui.system_map import data

    # Outside a Streamlit session the progress bar is drawn nowhere, and Streamlit says so on every redraw.
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(logging.ERROR)

    def jobs(where: str) -> list[worker.Job]:  # keyed apart, so neither finds the other's results
        return [dataclasses.replace(job, key=(where, size, job.key)) for job in data.analysis_jobs(graph)]

    worker.results([worker.Job(("started", size), len, ((),))], "")  # the processes up, as on a server in use
    before, here = _timed(worker.results, jobs("here"), "", True)
    after, there = _timed(worker.results, jobs("workers"), "", False)
    assert here[1].grouping == there[1].grouping and here[2].one_way == there[2].one_way
    lines.append(f"{size:>7}  analysis     parts one by one {before:7.2f} s   Keystone {after:6.2f} s   "
                 f"{before / after:6.1f}x   side by side in worker processes")  # fmt: skip


def _edited(relations: pd.DataFrame, actors: pd.DataFrame) -> dict[str, tuple[pd.DataFrame, pd.DataFrame]]:
    """One edit of each kind the cache tells apart, on the generated partnership."""
    first, last = actors["name"].iloc[0], actors["name"].iloc[-1]
    other = "investor" if actors["type"].iloc[0] != "investor" else "ngo"
    new_tie = pd.DataFrame([{"source": first, "target": last, "kind": "funds", "weight": 1.0, "directed": True}])
    flipped = relations["directed"].copy()
    flipped.iloc[1] = not flipped.iloc[1]
    stronger = relations["weight"].copy()
    stronger.iloc[0] += 3
    return {
        "a note": (relations, actors.assign(notes=actors["notes"].where(actors["name"] != first, "met in May"))),
        "a partner type": (relations, actors.assign(type=actors["type"].where(actors["name"] != first, other))),
        "a tie's strength": (relations.assign(weight=stronger), actors),
        "made one-way": (relations.assign(directed=flipped), actors),
        "a new tie": (pd.concat([relations, new_tie], ignore_index=True), actors),
    }


def _edits(size: int, relations: pd.DataFrame, actors: pd.DataFrame, lines: list[str]) -> None:
    """Each edit analysed in full, in place (before), against the page's own analysis (Keystone).

    That is :func:`ui.system_map.data.actor_analysis`: it reruns only the parts
    whose inputs changed, the others kept by their inputs' digest, and on a big
    map runs them side by side in worker processes.
    """
    from ui.system_map import data

    graph = network.build_network(relations, actors)
    kept = set(measures.inputs(graph.ties, graph.arcs).items())
    data.actor_analysis(relations, actors)  # the map before the edit, analysed as the page had it
    for kind, (edited_relations, edited_actors) in _edited(relations, actors).items():
        before, full = _timed(_analysed_in_full, edited_relations, edited_actors)
        after, (edited, metrics) = _timed(data.actor_analysis, edited_relations, edited_actors)
        rerun = [
            part.value for part, key in measures.inputs(edited.ties, edited.arcs).items() if (part, key) not in kept
        ]
        pd.testing.assert_frame_equal(metrics.table, full.table)  # the same answer, only cheaper
        lines.append(f"{size:>7}  edit         {kind:<16} full {before:6.2f} s   Keystone {after:6.2f} s   "
                     f"{before / after:6.1f}x   parts rerun: {', '.join(rerun) or 'none'}")  # fmt: skip


def _analysed_in_full(relations: pd.DataFrame, actors: pd.DataFrame) -> network.NetworkMetrics:
    return network.analyse(network.build_network(relations, actors))


_NODES_DRAWN = """() => { for (const frame of document.querySelectorAll('iframe')) { try {
  const w = frame.contentWindow;
  if (w.network && !w.keystoneSeen && Object.keys(w.network.body.nodes).length > 0) return true;
} catch (e) {} } return false; }"""
_LONG_TASKS = """window.keystoneLongest = 0;
new PerformanceObserver(list => { for (const task of list.getEntries())
  window.keystoneLongest = Math.max(window.keystoneLongest, task.duration); })
  .observe({type: "longtask", buffered: true});"""
"""Every document (the page and the map's frame) keeps its longest main-thread task: how long the browser froze."""
_LONGEST = """() => Math.max(window.keystoneLongest || 0, ...[...document.querySelectorAll('iframe')].map(frame => {
  try { return frame.contentWindow.keystoneLongest || 0; } catch (e) { return 0; } }))"""
_SEEN = """() => { for (const frame of document.querySelectorAll('iframe')) {
  try { frame.contentWindow.keystoneSeen = true; } catch (e) {} } }"""  # a redrawn map is a new window


def _chromium(playwright):
    return playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-background-networking"]
    )


LEAVE_AFTER = (1.0, 2.0, 3.0, 4.0)
"""Seconds into step 1's first visit at which it is left: the analysis is under way at each, at some point of it."""
IN_PLACE = {"KEYSTONE_WORKERS": "0"}
"""The server setting that runs the analysis in the script's own thread, as before :mod:`ui.worker`."""


def _leaving(size: int, database: Path, folder: Path, after: float, drawing: bool, settings: dict | None) -> float:
    """On a fresh server, leave step 1 for Home ``after`` seconds into its work: seconds until Home is drawn.

    ``drawing``: into drawing the Actor map tab (its analysis done); else into
    opening the page, while the map is read and analysed.
    """
    from playwright.sync_api import sync_playwright

    log = folder / f"leaving-{size}-{drawing}-{after}.log"
    with serve(database, log, settings) as (url, _), sync_playwright() as playwright:
        browser = _chromium(playwright)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.goto(url)
            page.get_by_role("link", name="1 System map").click(timeout=PAGE_TIMEOUT_MS)
            if drawing:
                page.get_by_role("tab", name="Actor map").click(timeout=PAGE_TIMEOUT_MS)
            page.wait_for_timeout(after * 1000)
            start = time.perf_counter()
            page.get_by_role("link", name="Home").click()
            page.get_by_role("heading", name=f"Generated map of {size:,} actors").wait_for(timeout=PAGE_TIMEOUT_MS)
            page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
            return time.perf_counter() - start
        finally:
            browser.close()


def _left(size: int, database: Path, folder: Path, settings: dict | None) -> str:
    """Leaving mid-analysis at each of :data:`LEAVE_AFTER`: the median and the worst, in words."""
    times = [_leaving(size, database, folder, after, False, settings) for after in LEAVE_AFTER]
    return f"median {statistics.median(times):4.1f} s (worst {max(times):4.1f})"


def _page(size: int, database: Path, folder: Path, lines: list[str]) -> None:
    from playwright.sync_api import sync_playwright

    with serve(database, folder / f"streamlit-{size}.log") as (url, _), sync_playwright() as playwright:
        browser = _chromium(playwright)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.add_init_script(_LONG_TASKS)  # in every frame, the map's srcdoc frame too
            page.goto(url)
            page.get_by_role("link", name="1 System map").wait_for(timeout=PAGE_TIMEOUT_MS)
            visits, frozen = [], 0.0
            for _ in range(2):
                start = time.perf_counter()
                page.get_by_role("link", name="1 System map").click()
                page.get_by_role("tab", name="Actor map").click(timeout=PAGE_TIMEOUT_MS)
                page.wait_for_function(_NODES_DRAWN, timeout=PAGE_TIMEOUT_MS, polling=100)
                visits.append(time.perf_counter() - start)
                frozen = max(frozen, page.evaluate(_LONGEST) / 1000)
                if len(visits) == 2:  # a filter change on a map already open: sized by degree
                    page.evaluate(_SEEN)
                    start = time.perf_counter()
                    page.get_by_role("combobox", name="Size by").click()
                    page.get_by_role("option", name="Degree (number of ties)").click()
                    page.wait_for_function(_NODES_DRAWN, timeout=PAGE_TIMEOUT_MS, polling=100)
                    filtered = time.perf_counter() - start
                page.get_by_role("link", name="Home").click()
                page.wait_for_timeout(1500)
            start = time.perf_counter()
            page.get_by_role("link", name="3 Partners").click()
            page.get_by_text("Short list:").first.wait_for(timeout=PAGE_TIMEOUT_MS)
            partners = time.perf_counter() - start
            page.wait_for_timeout(1000)  # the page's last tasks, then its longest so far
            frozen = max(frozen, page.evaluate(_LONGEST) / 1000)
            start = time.perf_counter()  # Home from a page at rest: the floor under leaving step 1 for Home
            page.get_by_role("link", name="Home").click()
            page.get_by_role("heading", name=f"Generated map of {size:,} actors").wait_for(timeout=PAGE_TIMEOUT_MS)
            page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
            home = time.perf_counter() - start
        finally:
            browser.close()
    lines.append(f"{size:>7}  page         actor map first {visits[0]:6.1f} s   second {visits[1]:5.1f} s   "
                 f"a filter {filtered:5.1f} s   Partners {partners:5.1f} s   froze {frozen:4.1f} s")  # fmt: skip
    before, after = _left(size, database, folder, IN_PLACE), _left(size, database, folder, None)
    drawing = _leaving(size, database, folder, 2.0, True, None)
    lines.append(f"{size:>7}  left mid-analysis  in place {before}   Keystone {after}   "
                 f"mid-drawing {drawing:4.1f} s   (Home from a page at rest {home:4.1f} s)")  # fmt: skip


def main() -> None:
    lines = [f"Big maps, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC (seconds; ratio = before / Keystone)"]
    with tempfile.TemporaryDirectory() as folder:
        for size in SIZES:
            database = Path(folder) / f"maps-{size}.duckdb"
            store = Store(database)
            store.migrate()
            actors, relations = generated(size)
            partnership_id = store.create_partnership(
                f"Generated map of {size:,} actors", records={Table.ACTORS: actors, Table.RELATIONS: relations}
            )
            _parts(size, store, partnership_id, lines)
            store.release()
            print("\n".join(lines[-8:]), flush=True)
            _page(size, database, Path(folder), lines)
            print("\n".join(lines[-2:]), flush=True)
    RESULTS.write_text("\n".join(lines) + "\n")
    print(f"Written to {RESULTS}")


if __name__ == "__main__":
    main()
