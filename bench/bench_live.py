"""Load drill for the live room: N phones answer at once, the wall shows it; nothing may be lost.

Run with ``python -m bench live`` (``./keystone bench live``); it stops by itself
(about 10 minutes: a size is started only if the ``BUDGET_SECONDS`` left allow it)
and writes ``bench/results_live.txt``.

1. Store write of one rating, side by side, in this process on a fresh copy of
   the demo: the room's own write (:func:`core.store.room.set_answer`) against
   the obvious alternative, writing the rating straight into the partnership's
   records (``Store.upsert(partnership_id, Table.RATINGS, frame)``); one writer
   alone, then ``WRITERS`` threads at once, every write counted afterwards.

2. The drill, on the real app, for N = ``SIZES`` participants in turn, until a
   size no longer holds (a phone not joined, an answer lost or not counted, or
   the 95th percentile from tap to wall above ``P95_GOAL`` seconds), then down
   from 30 if 30 does not hold, as the time budget allows; at the first size
   the app also runs with Streamlit's default of a full garbage collection
   after every script run (Keystone turns it off), side by side (``VARIANTS``):

   - a fresh database with the demo partnership, a live session and its
     "rate the root causes" question opened through :mod:`core.store.room` in
     this process; the file is then released and ``python -m ui.launch`` (as ``./keystone run``)
     starts on a free port of 127.0.0.1 with ``KEYSTONE_DB`` pointing at it;
   - one Chromium (Debian's, headless): the wall (``/room``, 1280x900) and N
     phone-sized tabs, each its own Streamlit session, that join with
     ``/?join=CODE`` under a name (``JOIN_AT_ONCE`` joining at a time); when
     all have joined, ``IDLE_SECONDS`` of nobody tapping (what the phones'
     own refreshes cost the app), then they start
     together and each taps a rating for its first ``CAUSES_EACH`` causes as
     fast as the page allows: tap, wait until the phone shows the answer
     counted ("n rated") and the run has ended, tap the next;
   - nothing leaves 127.0.0.1: Chromium resolves no other host name, and
     every request and web socket of the pages is counted (none may go
     elsewhere);
   - afterwards the app is stopped and the answers are read back from the file
     with :func:`core.store.room.answers`: sent, stored, lost, duplicated.

How submit-to-wall time is measured: the phone's page records ``Date.now()``
when the tap's click event fires (capture phase, before Streamlit sees it). The
wall's page polls its own heatmap every ``WALL_POLL_MS`` ms (the plotly
figure's data: causes by ratings 1-5, each cell the number of people who gave
that rating) and records when each cell's count first reached 1, 2, 3, ...
Both are ``Date.now()`` in one browser on one machine: one clock. The room's
writes land one at a time (the partnership lock), so answer ids rise in the
order they were stored; the answer ranked k-th by id in its cell (cause,
rating) is the one that brought that cell's count to k. Its latency is the
time that count first showed on the wall minus its tap. This includes the
phone's round trip, the write, and the wall's own refresh (a fragment that
redraws every ``ui.room.wall.REFRESH_SECONDS`` s, so about half that on
average is the refresh's own wait). ``answered_at`` (the start of the write's
transaction, stored by the database) splits it into tap -> stored and
stored -> wall.

The drill is one script, longer than most modules: its phases share the
database, the app server, the browser and the budget of time, and it is
read top to bottom as the drill runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import platform
import re
import shutil
import statistics
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd

from bench.app_server import CHROMIUM, serve
from core.across.demo import prepare
from core.problem.perspectives import divergence
from core.problem.statement import causes_for_builder
from core.room.access import new_join_code, new_secret
from core.room.activities import RATING_SCALE, Activity
from core.store import Store, Table, room

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).with_name("results_live.txt")

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-component-update",
    # Every tab is "on screen" in a room: keep Chromium from slowing the timers of the ones it thinks are hidden.
    "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
    "--disable-backgrounding-occluded-windows",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",  # nothing else resolves
]  # fmt: skip
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
WALL_REFRESH = re.search(r"^REFRESH_SECONDS = (\S+)", (ROOT / "ui/room/wall.py").read_text(), re.M).group(1)
"""How often the wall asks for fresh results (``ui.room.wall.REFRESH_SECONDS``, read without importing Streamlit)."""

SIZES = (30, 45, 60, 75, 90)
"""Participants: 30 first, then up while each size holds."""
SMALLER_SIZES = (15, 5)
"""When 30 does not hold: down until a size does (time allowing)."""
CAUSES_EACH = 5  # causes each participant rates (the demo has 17)
AS_SHIPPED = "as shipped"
GC_AFTER_RUNS = "Streamlit's postScriptGC"
VARIANTS = {AS_SHIPPED: {}, GC_AFTER_RUNS: {"STREAMLIT_RUNNER_POST_SCRIPT_GC": "true"}}
"""The app as it is (``.streamlit/config.toml`` turns ``runner.postScriptGC`` off), and with Streamlit's
default, a full garbage collection after every script run (each phone's 3-second refresh is one), side by side."""
P95_GOAL = 5.0  # seconds from tap to wall: a size "holds" below this, with nothing lost or refused
BUDGET_SECONDS = 600.0  # the whole bench; a size whose estimate does not fit is not started
JOIN_AT_ONCE = 10  # phones loading the join page at the same moment (the answering starts together)
JOIN_SECONDS = 100.0  # for every phone to join; a phone not in by then takes no part (and the size does not hold)
ANSWER_SECONDS = 75.0  # for every phone to send its answers; a tap not counted by then is reported
IDLE_SECONDS = 10.0  # after joining, before tapping: what the phones and the wall cost the app doing nothing
DRAIN_SECONDS = 15.0  # after the last tap, how long the wall may take to show everything
WALL_POLL_MS = 50
POLL_MS = 100  # how often a phone's page is checked (not every frame: 60 checks a second in every tab is a load)
WRITERS = 30  # threads writing at once in the side-by-side store bench
WRITES_EACH = 5
ALONE_RUNS = 20
RATING_WORDS = {1: "barely", 2: "a little", 3: "somewhat", 4: "strongly", 5: "a main driver"}
NAME_LABEL = "Your name, as the room knows you"


def _say(lines: list[str], text: str = "") -> None:
    print(text, flush=True)
    lines.append(text)


def _med(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _p95(values: list[float]) -> float:
    return _percentile(values, 0.95)


def _percentile(values: list[float], share: float) -> float:
    """The ``share`` quantile (0-1), interpolated; NaN when there are no values."""
    if not values:
        return float("nan")
    return float(pd.Series(values).quantile(share))


# -- 1. the store write side by side ------------------------------------------------


def _fresh_demo(folder: Path, name: str) -> tuple[Store, int]:
    store = Store(folder / f"{name}.duckdb", user="bench")
    prepare(store)
    return store, int(store.partnerships().iloc[0]["id"])


def _causes(store: Store, partnership_id: int) -> list[str]:
    """The causes a participant's phone offers, in its order (as ``ui.room.participant`` computes them)."""
    frames = store.read_many(partnership_id, [Table.FACTORS, Table.RATINGS])
    return list(causes_for_builder(frames[Table.FACTORS]["name"].dropna(), divergence(frames[Table.RATINGS])))


def _together(writers: int, write) -> tuple[list[float], float, list[BaseException]]:
    """``writers`` threads, started together, each making ``WRITES_EACH`` writes: each write's seconds, the total."""
    barrier = threading.Barrier(writers)
    times: list[float] = []
    failures: list[BaseException] = []
    guard = threading.Lock()

    def work(writer: int) -> None:
        barrier.wait()
        for number in range(WRITES_EACH):
            start = time.perf_counter()
            try:
                write(writer, number)
            except BaseException as error:  # counted and reported: a lost write fails the drill
                with guard:
                    failures.append(error)
                continue
            with guard:
                times.append(time.perf_counter() - start)

    threads = [threading.Thread(target=work, args=(writer,)) for writer in range(writers)]
    begin = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return times, time.perf_counter() - begin, failures


def _store_side_by_side(folder: Path, lines: list[str]) -> None:
    rating = lambda writer, number: float(RATING_SCALE[(writer + number) % len(RATING_SCALE)])  # noqa: E731

    # The room's write: one answer row, checked and inserted under the partnership lock.
    store, pid = _fresh_demo(folder, "room")
    causes = _causes(store, pid)
    session = room.start_session(store, pid, "Bench", new_join_code(), False)
    room.set_question(store, session, Activity.RATE_CAUSES.value, is_open=True)
    people = [room.join(store, session, f"Writer {n}", new_secret()) for n in range(WRITERS + 1)]
    alone_room = []
    for number in range(ALONE_RUNS):
        start = time.perf_counter()
        room.set_answer(store, session, people[WRITERS], Activity.RATE_CAUSES.value, causes[number % len(causes)],
                        value=rating(0, number))  # fmt: skip
        alone_room.append(time.perf_counter() - start)
    room_times, room_seconds, room_failures = _together(
        WRITERS,
        lambda writer, number: room.set_answer(
            store, session, people[writer], Activity.RATE_CAUSES.value, causes[number], value=rating(writer, number)
        ),
    )
    stored = room.answers(store, session, Activity.RATE_CAUSES.value)
    room_rows = int((stored["participant"] != people[WRITERS].name).sum())
    store.release()

    # The obvious alternative: the same rating upserted into the partnership's ratings (read, diff, write, log).
    store, pid = _fresh_demo(folder, "records")
    before = len(store.read(pid, Table.RATINGS))

    def upsert(writer: int, number: int) -> None:
        frame = pd.DataFrame([{"participant": f"Writer {writer}", "cause": causes[number],
                               "rating": rating(writer, number)}])  # fmt: skip
        store.as_user(f"Writer {writer}").upsert(pid, Table.RATINGS, frame)

    alone_records = []
    for number in range(ALONE_RUNS):
        start = time.perf_counter()
        upsert(WRITERS, number % len(causes))
        alone_records.append(time.perf_counter() - start)
    records_times, records_seconds, records_failures = _together(WRITERS, upsert)
    after = store.read(pid, Table.RATINGS)
    writers = {f"Writer {writer}" for writer in range(WRITERS)}
    records_rows = int(after["participant"].isin(writers).sum())
    alone_rows = int((after["participant"] == f"Writer {WRITERS}").sum())
    if len(after) - before != records_rows + alone_rows:
        records_failures.append(RuntimeError(f"{len(after) - before} ratings added, not {records_rows + alone_rows}"))
    store.release()

    expected = WRITERS * WRITES_EACH
    ms = lambda values: 1000 * statistics.median(values)  # noqa: E731
    p95 = lambda values: 1000 * _percentile(values, 0.95)  # noqa: E731
    _say(lines, "1. Store write of one rating (in this process, demo partnership, DuckDB file)")
    _say(lines, f"{'':34}{'room.set_answer':>16}{'Store.upsert':>14}{'ratio':>8}")
    _say(lines, f"{'1 writer alone, median ms':34}{ms(alone_room):16.1f}{ms(alone_records):14.1f}"
                f"{ms(alone_records) / ms(alone_room):8.1f}")  # fmt: skip
    _say(lines, f"{f'{WRITERS} writers at once, median ms':34}{ms(room_times):16.1f}{ms(records_times):14.1f}"
                f"{ms(records_times) / ms(room_times):8.1f}")  # fmt: skip
    _say(lines, f"{f'{WRITERS} writers at once, p95 ms':34}{p95(room_times):16.1f}{p95(records_times):14.1f}"
                f"{p95(records_times) / p95(room_times):8.1f}")  # fmt: skip
    room_rate, records_rate = expected / room_seconds, expected / records_seconds
    _say(lines, f"{f'{WRITERS} writers at once, writes/s':34}{room_rate:16.1f}{records_rate:14.1f}"
                f"{room_rate / records_rate:8.1f}")  # fmt: skip
    _say(lines, f"{f'stored of {expected} sent, failed':34}{f'{room_rows}, {len(room_failures)}':>16}"
                f"{f'{records_rows}, {len(records_failures)}':>14}")  # fmt: skip
    _say(lines, "(ratio: Store.upsert / set_answer for times, set_answer / Store.upsert for writes per second)")
    for failure in (room_failures + records_failures)[:3]:
        _say(lines, f"  failure: {failure!r}")


# -- 2. the drill on the real app -------------------------------------------------------

# In every phone: when each tap happened (the click event, before Streamlit handles it).
TAP_RECORDER = """
window.benchTaps = [];
document.addEventListener("click", (event) => {
  const button = event.target.closest && event.target.closest("button");
  if (button) window.benchTaps.push([Date.now(), button.innerText]);
}, true);
"""

# In the wall: when each heatmap cell's count first reached 1, 2, 3, ...; and how long the wall's runs take.
# A cell is (cause, rating); a cause is keyed without any white space (the wall wraps long names onto lines).
WALL_WATCHER = """
window.benchWall = {first: {}, shown: 0, updates: [], runs: [], metrics: "", metricChanges: [], runAt: []};
const plain = (label) => String(label).replace(/<br>/g, " ").replace(/&lt;/g, "<").replace(/&gt;/g, ">")
  .replace(/&amp;/g, "&").replace(/\\s+/g, "");
const level = (label) => String(label).replace(/<br>/g, " ").trim().split(/\\s+/)[0];
const rows = (z) => {  // plotly 6 sends numbers as base64 typed arrays; plotly.js keeps the decoded rows
  if (Array.isArray(z)) return z;
  if (z && z._inputArray) return z._inputArray;
  return [];
};
setInterval(() => {
  const now = Date.now();
  let shown = 0;
  for (const plot of document.querySelectorAll(".js-plotly-plot")) {
    if (plot.closest('[data-stale="true"]')) continue;  // the chart of the run before, until this run ends
    let inPlot = 0;
    for (const trace of plot._fullData || plot.data || []) {
      if (trace.type !== "heatmap" || !trace.x || !trace.y) continue;
      const z = rows(trace.z);
      trace.y.forEach((cause, row) => {
        trace.x.forEach((rating, column) => {
          const count = Number((z[row] || [])[column]) || 0;
          inPlot += count;
          for (let k = 1; k <= count; k += 1) {
            const key = `${plain(cause)}|${level(rating)}|${k}`;
            if (!(key in window.benchWall.first)) window.benchWall.first[key] = now;
          }
        });
      });
    }
    shown = Math.max(shown, inPlot);
  }
  if (shown !== window.benchWall.shown) window.benchWall.updates.push([now, shown]);
  window.benchWall.shown = shown;
  const metrics = [...document.querySelectorAll('[data-testid="stMetric"]')].map((m) => m.textContent).join(" / ");
  if (metrics !== window.benchWall.metrics) window.benchWall.metricChanges.push([now, metrics]);
  window.benchWall.metrics = metrics;
}, POLL_MS);
let runStart = null;
new MutationObserver(() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const running = app && app.getAttribute("data-test-script-state") === "running";
  if (running && runStart === null) runStart = Date.now();
  if (!running && runStart !== null) {
    window.benchWall.runs.push(Date.now() - runStart);
    window.benchWall.runAt.push([runStart, Date.now()]);
    runStart = null;
  }
}).observe(document, {attributes: true, subtree: true, attributeFilter: ["data-test-script-state"]});
""".replace("POLL_MS", str(WALL_POLL_MS))


# A phone is ready for its next tap: its run has ended and the cause it is on is shown.
READY = """([number, cause]) => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute("data-test-script-state") !== "notRunning") return false;
  const text = (document.querySelector('[data-testid="stMain"]') || document.body).textContent;
  return text.includes(`Cause ${number} of`) && text.includes(cause);
}"""

# The tap counted: "n rated" on the phone (read back from the stored answers), or the reason it was refused.
COUNTED = """(count) => {
  const text = (document.querySelector('[data-testid="stMain"]') || document.body).textContent;
  if (text.includes(`\\u00b7 ${count} rated`)) return "ok";
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute("data-test-script-state") !== "notRunning") return false;
  const alerts = [...document.querySelectorAll('[data-testid="stAlert"], [data-testid="stException"]')]
    .filter((alert) => !alert.closest('[data-stale="true"]')).map((alert) => alert.innerText.trim());
  return alerts.length ? "refused: " + alerts.join(" | ") : false;
}"""


@dataclass
class Phone:
    name: str
    joined: bool = False
    join_seconds: float = float("nan")
    taps: list[tuple[str, float]] = field(default_factory=list)  # (cause, rating) tapped, in order
    counted: int = 0  # taps the phone showed counted
    problem: str = ""
    tap_times: list[float] = field(default_factory=list)  # Date.now() ms of each rating tap, in the page
    tap_to_counted: list[float] = field(default_factory=list)  # seconds, as the bench saw it


class Guard:
    """Counts every request and web socket the pages open, and those not for 127.0.0.1.

    Chromium itself refuses to resolve any host name but localhost (``--host-resolver-rules``), so nothing
    can leave the machine; counting from events keeps each request off a round trip through this process.
    """

    def __init__(self) -> None:
        self.outside: list[str] = []
        self.requests = 0

    def watch(self, context) -> None:
        context.on("request", lambda request: self.seen(request.url))
        context.on("page", lambda page: page.on("websocket", lambda socket: self.seen(socket.url)))

    def seen(self, url: str) -> None:
        self.requests += 1
        host = urlparse(url).hostname or ""
        if host not in LOCAL_HOSTS and not url.startswith(("data:", "blob:", "about:")):
            self.outside.append(url)


def _cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used so far; 0 when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _descendants(root: int) -> list[int]:
    """Every process below ``root`` (children, their children, ...)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            parents.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _prepare_room(folder: Path) -> tuple[Path, room.Session, list[str]]:
    """A fresh database with the demo, a live session and its rating question open; the file released."""
    database = folder / "keystone.duckdb"
    store = Store(database, user="facilitator")
    prepare(store)
    pid = int(store.partnerships().iloc[0]["id"])
    causes = _causes(store, pid)
    session = room.start_session(store, pid, "Load drill", new_join_code(), False)
    room.set_question(store, session, Activity.RATE_CAUSES.value, is_open=True)
    store.release()  # the app's process takes the file from here
    return database, session, causes


def _left_ms(deadline: float) -> float:
    """Milliseconds until ``deadline`` (time.monotonic()), at least 1."""
    return max(1.0, 1000 * (deadline - time.monotonic()))


async def _join(phones_context, url: str, code: str, phone: Phone, gate: asyncio.Semaphore, deadline: float):
    page = await phones_context.new_page()
    async with gate:
        start = time.monotonic()
        page.set_default_timeout(_left_ms(deadline))
        stage = "loading the join page"
        try:
            await page.goto(f"{url}/?join={code}", wait_until="commit")  # then wait for the form itself
            stage = "typing the name"
            await page.get_by_label(NAME_LABEL).fill(phone.name)
            await page.get_by_role("button", name="Join", exact=True).click()
            stage = "waiting for the first cause"
            said = await (await page.wait_for_function(COUNTED, arg=0, polling=POLL_MS)).json_value()
            if said != "ok":
                raise RuntimeError(said)
            phone.joined = True
            phone.join_seconds = time.monotonic() - start
        except Exception as error:  # reported: this phone takes no part
            phone.problem = f"join, {stage}: {type(error).__name__}"
    return page


async def _answer(page, phone: Phone, index: int, causes: list[str], start: asyncio.Event, deadline: list) -> None:
    await start.wait()
    for number in range(CAUSES_EACH):
        cause, rating = causes[number], RATING_SCALE[(index + number) % len(RATING_SCALE)]
        stage = "waiting for its screen"
        try:
            await page.wait_for_function(READY, arg=[number + 1, cause], polling=POLL_MS, timeout=_left_ms(deadline[0]))
            stage = "tapping"
            began = time.monotonic()
            button = page.get_by_role("button", name=f"{rating} · {RATING_WORDS[rating]}", exact=True)
            phone.taps.append((cause, float(rating)))  # sent if the page saw the click (see _drill)
            await button.click(timeout=_left_ms(deadline[0]))
            stage = "waiting to see it counted"
            handle = await page.wait_for_function(
                COUNTED, arg=number + 1, polling=POLL_MS, timeout=_left_ms(deadline[0])
            )
            said = await handle.json_value()
        except Exception as error:  # a tap not counted: reported, and this phone stops
            phone.problem = f"tap {number + 1}, {stage}: {type(error).__name__}"
            return
        if said != "ok":
            phone.problem = f"tap {number + 1}: {said[:200]}"
            return
        phone.counted += 1
        phone.tap_to_counted.append(time.monotonic() - began)


async def _drill(size: int, url: str, code: str, causes: list[str], app_pid: int) -> dict:
    from playwright.async_api import async_playwright

    guard = Guard()
    phones = [Phone(f"P{index + 1:03d}") for index in range(size)]
    report: dict = {"phones": phones, "guard": guard}
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            wall_context = await browser.new_context(viewport={"width": 1280, "height": 900})
            guard.watch(wall_context)
            await wall_context.add_init_script(WALL_WATCHER)
            wall = await wall_context.new_page()
            await wall.goto(f"{url}/room")
            await wall.get_by_text("Load drill").first.wait_for(timeout=60_000)

            # The phones: one tab each, in one phone-sized context. Each tab is its own Streamlit session and
            # its participant is the token in its address; sharing the HTTP cache spares this 2-core machine
            # loading the app's scripts afresh for every phone (a context each joined half as many in the time).
            phones_context = await browser.new_context(
                viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
            )
            guard.watch(phones_context)
            await phones_context.add_init_script(TAP_RECORDER)
            gate = asyncio.Semaphore(JOIN_AT_ONCE)
            began = time.monotonic()
            deadline = began + JOIN_SECONDS
            pages = await asyncio.gather(*(_join(phones_context, url, code, phone, gate, deadline) for phone in phones))
            report["join_seconds"] = time.monotonic() - began

            # What the joined phones and the wall cost while nobody taps: their refreshes alone.
            others = [pid for pid in _descendants(os.getpid()) if pid != app_pid]
            cpu_before, others_before, began = _cpu_seconds(app_pid), sum(map(_cpu_seconds, others)), time.monotonic()
            await asyncio.sleep(IDLE_SECONDS)
            seconds = time.monotonic() - began
            report["idle_app_cpu"] = (_cpu_seconds(app_pid) - cpu_before) / seconds
            report["idle_browser_cpu"] = (sum(map(_cpu_seconds, others)) - others_before) / seconds

            start, deadline = asyncio.Event(), [0.0]
            cpu_before = _cpu_seconds(app_pid)
            others_before = sum(map(_cpu_seconds, others))
            tasks = [
                asyncio.create_task(_answer(page, phone, index, causes, start, deadline))
                for index, (page, phone) in enumerate(zip(pages, phones, strict=True))
                if phone.joined
            ]
            began = time.monotonic()
            report["answer_window"] = [time.time() * 1000, 0.0]  # Date.now() in the pages is this clock
            deadline[0] = began + ANSWER_SECONDS
            start.set()
            await asyncio.gather(*tasks)
            report["answer_seconds"] = time.monotonic() - began
            report["answer_window"][1] = time.time() * 1000
            report["app_cpu"] = (_cpu_seconds(app_pid) - cpu_before) / report["answer_seconds"]
            report["browser_cpu"] = (sum(map(_cpu_seconds, others)) - others_before) / report["answer_seconds"]

            expected = sum(phone.counted for phone in phones)
            deadline = time.monotonic() + DRAIN_SECONDS
            while time.monotonic() < deadline and await wall.evaluate("() => window.benchWall.shown") < expected:
                await asyncio.sleep(0.25)
            await asyncio.sleep(2.5)  # one more refresh of the wall, for answers not counted on their phone
            report["wall"] = await wall.evaluate("() => window.benchWall")
            with contextlib.suppress(Exception):
                report["wall_text"] = " ".join((await wall.locator('[data-testid="stMain"]').inner_text()).split())
            for page, phone in zip(pages, phones, strict=True):
                with contextlib.suppress(Exception):
                    taps = await page.evaluate("() => window.benchTaps || []")
                    phone.tap_times = [at for at, text in taps if text.strip()[:1].isdigit() and " · " in text]
                    # A tap is sent when its click reached the page (a click that timed out may have, or not).
                    phone.taps = phone.taps[: len(phone.tap_times)]
        finally:
            await browser.close()
    return report


def _round(size: int, folder: Path, lines: list[str], variant: str = AS_SHIPPED) -> dict:
    """One size of the drill, from a fresh database to the app stopped and the answers counted."""
    database, session, causes = _prepare_room(folder)
    causes = causes[:CAUSES_EACH]
    load_before = os.getloadavg()
    began = time.monotonic()
    with serve(database, folder / "streamlit.log", VARIANTS[variant]) as (url, process):
        report = asyncio.run(_drill(size, url, session.join_code, causes, process.pid))
    report["seconds"] = time.monotonic() - began
    report["load"] = (load_before, os.getloadavg())
    report["variant"] = variant
    log = (folder / "streamlit.log").read_text(errors="replace")
    report["errors"] = [
        line for line in log.splitlines() if line.startswith(("Exception", "Error")) or "Error:" in line
    ]

    store = Store(database)
    stored = room.answers(store, session, Activity.RATE_CAUSES.value)
    store.release()
    return _count(size, report, stored, causes, lines)


def _count(size: int, report: dict, stored: pd.DataFrame, causes: list[str], lines: list[str]) -> dict:
    phones: list[Phone] = report["phones"]
    sent = {(phone.name, cause): rating for phone in phones for cause, rating in phone.taps}
    counted = {
        (phone.name, cause): rating for phone in phones for cause, rating in phone.taps[: phone.counted]
    }  # fmt: skip
    keys = list(zip(stored["participant"], stored["item"], strict=True))
    values = dict(zip(keys, stored["value"].astype(float), strict=True))
    duplicated = len(keys) - len(set(keys))
    lost = [key for key, rating in counted.items() if values.get(key) != rating]
    unasked = [key for key in set(keys) if key not in sent]
    unconfirmed = sum(1 for key in sent if key not in counted and key in values)

    # Pair each stored answer with the moment its cell's count reached its rank (answers land one at a time).
    first: dict = report["wall"]["first"]
    tapped_at = {
        (phone.name, cause): at for phone in phones for (cause, _), at in zip(phone.taps, phone.tap_times, strict=False)
    }
    ranked = stored.sort_values("id").assign(rank=lambda f: f.groupby(["item", "value"]).cumcount() + 1)
    to_wall, to_store, store_to_wall, unseen, warm = [], [], [], 0, []
    chart_from = min(first.values(), default=float("inf"))  # the wall's first chart (plotly loads then)
    for row in ranked.itertuples():
        key = (row.participant, row.item)
        shown = first.get(f"{''.join(str(row.item).split())}|{int(row.value)}|{row.rank}")
        if key not in tapped_at:
            continue
        if shown is None:
            unseen += 1
            continue
        tap = tapped_at[key]
        stored_at = pd.Timestamp(row.answered_at).tz_localize(UTC).timestamp() * 1000
        to_wall.append((shown - tap) / 1000)
        to_store.append((stored_at - tap) / 1000)
        store_to_wall.append((shown - stored_at) / 1000)
        if stored_at >= chart_from:
            warm.append((shown - tap) / 1000)

    phones_joined = sum(phone.joined for phone in phones)
    problems = Counter(phone.problem for phone in phones if phone.problem)
    taps_seconds = [seconds for phone in phones for seconds in phone.tap_to_counted]
    result = {
        "size": size,
        "variant": report["variant"],
        "seconds": report["seconds"],
        "joined": phones_joined,
        "sent": len(sent),
        "counted": len(counted),
        "stored": len(keys),
        "lost": len(lost),
        "duplicated": duplicated,
        "median": _med(to_wall),
        "p95": _p95(to_wall),
        "idle_app_cpu": report["idle_app_cpu"],
    }
    result["complete"] = (
        phones_joined == size and len(counted) == size * CAUSES_EACH and not lost and not duplicated
        and not unasked and not unseen and not report["guard"].outside
    )  # fmt: skip
    result["holds"] = result["complete"] and result["p95"] <= P95_GOAL
    low, high = report["answer_window"]
    spans = [(start, end) for start, end in report["wall"]["runAt"] if low <= start <= high]
    wall_runs = [(end - start) / 1000 for start, end in spans]
    wall_gaps = [(later[0] - earlier[0]) / 1000 for earlier, later in itertools.pairwise(spans)]
    load = report["load"]
    joins = [phone.join_seconds for phone in phones if phone.joined]
    say = lambda text: _say(lines, text)  # noqa: E731
    say(
        f"\nN = {size}, app {report['variant']}: {CAUSES_EACH} causes each ({size * CAUSES_EACH} answers to send); "
        f"{report['seconds']:.0f} s in all; load average {load[0][0]:.1f} before, {load[1][0]:.1f} after"
    )
    say(
        f"  joined {phones_joined}/{size} in {report['join_seconds']:.1f} s ({_med(joins):.1f} s each, "
        f"{JOIN_AT_ONCE} joining at a time)"
    )
    say(
        f"  idle ({IDLE_SECONDS:.0f} s, all joined, nobody tapping): app process {report['idle_app_cpu']:.2f} cores "
        f"({100 * report['idle_app_cpu'] / max(phones_joined, 1):.1f}% of a core per phone), "
        f"Chromium {report['idle_browser_cpu']:.2f} cores"
    )
    say(
        f"  answers: sent {len(sent)}, counted on the phones {len(counted)}, stored {len(keys)}, lost {len(lost)}, "
        f"duplicated {duplicated}, stored but never sent {len(unasked)}"
        + (f"; sent, not counted on the phone, yet stored {unconfirmed}" if len(sent) > len(counted) else "")
    )
    say(
        f"  answering: {report['answer_seconds']:.1f} s, {len(counted) / report['answer_seconds']:.1f} answers/s; "
        f"tap to 'n rated' on the phone: median {_med(taps_seconds):.2f} s, p95 {_p95(taps_seconds):.2f} s"
    )
    say(
        f"  tap -> wall: median {result['median']:.2f} s, p95 {result['p95']:.2f} s, "
        f"worst {max(to_wall, default=float('nan')):.2f} s ({len(to_wall)} answers timed, {unseen} never on the wall)"
    )
    say(
        f"    tap -> stored: median {_med(to_store):.2f} s, p95 {_p95(to_store):.2f} s; "
        f"stored -> wall: median {_med(store_to_wall):.2f} s, p95 {_p95(store_to_wall):.2f} s"
    )
    say(
        f"    answers stored after the wall's first chart was up ({len(warm)}): tap -> wall median {_med(warm):.2f} s, "
        f"p95 {_p95(warm):.2f} s"
    )
    say(
        f"  wall while answering: {len(wall_runs)} runs of {_med(wall_runs):.2f} s (p95 {_p95(wall_runs):.2f}), "
        f"one every {_med(wall_gaps):.2f} s (longest gap {max(wall_gaps, default=float('nan')):.1f} s; "
        f"it asks every {WALL_REFRESH} s)"
    )
    say(
        f"  CPU while answering: app process {report['app_cpu']:.2f} cores, Chromium and its driver "
        f"{report['browser_cpu']:.2f} cores"
    )
    say(
        f"  requests {report['guard'].requests}, outside 127.0.0.1: {len(report['guard'].outside)}; "
        f"errors in the app's log: {len(report['errors'])}"
        + (f" ({report['errors'][0][:100]})" if report["errors"] else "")
    )
    for problem, phones_with_it in problems.most_common():
        say(f"  ! {phones_with_it} phones stopped at {problem}")
    say(
        f"  complete: {'yes' if result['complete'] else 'NO'} (everyone joined; every answer counted, stored once "
        f"and shown; nothing outside 127.0.0.1); holds: {'yes' if result['holds'] else 'NO'} (and p95 <= {P95_GOAL:g})"
    )
    return result


METHOD = f"""
How it is measured
- Phones: N tabs (390x844, touch) of one context in one headless Chromium, each its own Streamlit
  session and participant (the token in its address), sharing the HTTP cache so the 2 cores are not
  spent loading the app's scripts N times; joining with /?join=CODE ({JOIN_AT_ONCE} loading at a time).
  When all are in (or {JOIN_SECONDS:.0f} s have passed), {IDLE_SECONDS:.0f} s idle, then all start together: each
  taps a rating for its first {CAUSES_EACH} causes, each tap as soon as its screen shows the cause and its
  run has ended, and counts a tap as accepted when the phone shows "n rated" (read back from the store).
- Counting: after the app has stopped, core.store.room.answers() on its file. Sent = taps made; lost = a
  tap counted on its phone whose answer (participant, cause, rating) is not stored; duplicated = more
  than one row for one participant and cause.
- Submit -> wall: the tap's time is Date.now() in the phone's page when the click event fires; the wall
  (/room, not presenting: every cause) is read every {WALL_POLL_MS} ms in its page: the ratings heatmap's
  figure data (causes x ratings 1-5, a count per cell), recording when each cell's count first reached
  1, 2, 3, ... One browser, one clock. The room's writes land one at a time (partnership lock), so
  answer ids rise in storing order: the k-th answer of a cell by id is the one that brought the cell
  to k. Latency = when that count first showed on the wall - the tap. It includes the wall's own
  refresh ({WALL_REFRESH} s fragment). answered_at (the write's transaction start) splits it in two.
- Store write side by side: in this process, a fresh demo file each; 1 writer alone ({ALONE_RUNS} writes),
  then {WRITERS} threads started together, {WRITES_EACH} writes each, every write counted afterwards.
- Variants: "{AS_SHIPPED}" is the app as it is (runner.postScriptGC = false in .streamlit/config.toml);
  "{GC_AFTER_RUNS}" starts it with STREAMLIT_RUNNER_POST_SCRIPT_GC=true, Streamlit's default
  (a full gc.collect() after each script or fragment run),
  side by side at N = {SIZES[0]}; the other sizes run as shipped.
- The phones' browsers run on the same 2 cores as the app: the drill understates what the app alone
  would hold. Everything is on 127.0.0.1: Chromium resolves no host name but localhost, and every
  request and web socket the pages open is counted.
"""


def _next_size(results: list[dict]) -> int | None:
    """Up from 30 while each size holds; down from 30 until one does; None when the ladder is done."""
    shipped = [result for result in results if result["variant"] == AS_SHIPPED]
    if not shipped:
        return SIZES[0]
    sizes = [result["size"] for result in shipped]
    if all(result["holds"] for result in shipped):
        bigger = [size for size in SIZES if size > max(sizes)]
        return bigger[0] if bigger else None
    if any(result["holds"] for result in shipped) or min(sizes) > SIZES[0]:
        return None  # found where it stops holding
    smaller = [size for size in SMALLER_SIZES if size < min(sizes)]
    return smaller[0] if smaller else None


def main() -> None:
    started = time.monotonic()
    lines: list[str] = []
    header = (
        f"# ./keystone bench live (python -m bench live), {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, "
        f"{os.cpu_count()}-core machine, {platform.python_implementation()} {platform.python_version()}, "
        f"Chromium {CHROMIUM}; load average at start: " + ", ".join(f"{value:.2f}" for value in os.getloadavg())
    )
    _say(lines, header)
    _say(lines, "# Noisy shared machine: compare the columns of one run, not runs.")
    folder = Path(tempfile.mkdtemp(prefix="keystone-bench-live-"))
    results: list[dict] = []

    def fits(size: int) -> bool:
        left = BUDGET_SECONDS - (time.monotonic() - started)
        if not results:
            return True
        last = results[-1]
        need = max(60.0, last["seconds"] * size / last["size"])
        if need > left:
            _say(
                lines,
                f"\n(N = {size} not started: about {need:.0f} s needed, {left:.0f} s left of {BUDGET_SECONDS:.0f})",
            )
        return need <= left

    try:
        _store_side_by_side(folder, lines)
        _say(
            lines,
            "\n2. The drill: the real app (ui.launch on 127.0.0.1), one headless Chromium with the wall",
        )
        _say(lines, "   (/room) and N phones answering at once")
        while (size := _next_size(results)) is not None and fits(size):
            results.append(_round(size, folder / f"n{size}", lines))
            if size == SIZES[0] and fits(size):  # Streamlit's default, side by side at the first size
                results.append(_round(size, folder / f"n{size}-gc", lines, GC_AFTER_RUNS))

        _say(lines, "\nSummary (tap -> wall in seconds)")
        _say(lines, f"{'N':>4}  {'app':<24}{'joined':>7}{'sent':>6}{'stored':>8}{'lost':>6}{'dup':>5}"
                    f"{'median':>8}{'p95':>7}{'idle cores':>11}{'complete':>9}{'holds':>7}")  # fmt: skip
        for result in results:
            complete, holds = ("yes" if result[key] else "NO" for key in ("complete", "holds"))
            _say(lines, f"{result['size']:>4}  {result['variant']:<24}{result['joined']:>7}{result['sent']:>6}"
                        f"{result['stored']:>8}{result['lost']:>6}{result['duplicated']:>5}{result['median']:>8.2f}"
                        f"{result['p95']:>7.2f}{result['idle_app_cpu']:>11.2f}{complete:>9}{holds:>7}")  # fmt: skip
        shipped = [result for result in results if result["variant"] == AS_SHIPPED]
        held = [result["size"] for result in shipped if result["holds"]]
        failing = [result["size"] for result in shipped if not result["holds"]]
        complete = [result["size"] for result in shipped if result["complete"]]
        if held and failing:
            verdict = f"As shipped it holds {max(held)} participants answering at once; at {min(failing)} it does not"
        elif held:
            verdict = f"As shipped it holds at least {max(held)} participants answering at once (nothing tried failed)"
        else:
            verdict = (
                f"As shipped it holds none of the sizes tried ({', '.join(map(str, failing))}) to p95 <= {P95_GOAL:g} s"
            )
            if complete:
                verdict += f"; up to {max(complete)} every answer still lands, once, and reaches the wall"
        _say(lines, f"{verdict}. Whole bench: {time.monotonic() - started:.0f} s.")
        lines.extend(METHOD.splitlines())
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
