"""Page speed: every page of the app under AppTest on the demo, cached against uncached.

Run with ``python -m bench pages`` (``./keystone bench pages``). For each page:

- first load: a new session opens the page with Streamlit's caches empty
  (a fresh server's first visit);
- rerun: the same session runs the page again with nothing changed (what
  every click, keystroke or slider nudge costs);
- uncached rerun: the same rerun with ``st.cache_data`` emptied before each
  run, which is what a page costs when it recomputes everything every time
  (the obvious alternative to caching on the partnership's ``updated_at``).

Medians of ``RUNS`` runs. Goals (issue 13): rerun under 0.25 s, first load under 1 s.
Pages whose tabs run only while open (``ui.page.lazy_tabs``, keyed
``<slug>_tab``) are measured with each of their tabs open, as ``page/tab``.
"""

from __future__ import annotations

import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import streamlit as st
from streamlit import logger
from streamlit.testing.v1 import AppTest

from core.across.demo import seed_demo
from core.steps import ACROSS, HOME, STEPS
from core.store import Store

ROOT = Path(__file__).resolve().parents[1]
RUNS = 7
RERUN_GOAL, FIRST_GOAL = 0.25, 1.0


def _timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def _open(page: str, tab: tuple[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page(page)
    if tab:
        at.session_state[tab[0]] = tab[1]
    return at


def _views(slug: str, page: str) -> list[tuple[str, str, tuple[str, str] | None]]:
    """The page as one view, or one view per tab when only its open tab runs."""
    at = _open(page)
    at.run()
    key = f"{slug}_tab"
    if key not in at.session_state:
        return [(slug, page, None)]
    return [(f"{slug}/{tab.label}", page, (key, tab.label)) for tab in at.tabs]


def _first_load(page: str, tab: tuple[str, str] | None = None) -> float:
    st.cache_data.clear()
    at = _open(page, tab)
    seconds = _timed(at.run)
    if at.exception:
        raise SystemExit(f"{page} failed: {at.exception}")
    return seconds


def _reruns(page: str, uncached: bool, tab: tuple[str, str] | None = None) -> float:
    at = _open(page, tab)
    at.run()  # warm the session
    times = []
    for _ in range(RUNS):
        if uncached:
            st.cache_data.clear()
        times.append(_timed(at.run))
    return statistics.median(times)


def main() -> None:
    logger.set_log_level("error")  # clearing caches outside a server logs a warning each time
    with tempfile.TemporaryDirectory() as folder:
        template = Store(Path(folder) / "template.duckdb")
        template.migrate()
        seed_demo(template)
        template.release()  # closed before it is copied
        database = Path(folder) / "bench.duckdb"
        shutil.copyfile(template.path, database)
        os.environ["KEYSTONE_DB"] = str(database)
        os.chdir(ROOT)
        _open(HOME.page).run()  # migrations checked and the store resource made once

        print(f"Pages on the demo partnership, AppTest, median of {RUNS} runs (seconds)")
        print(f"{'page':<36}{'first load':>11}{'rerun':>9}{'uncached rerun':>16}{'ratio':>8}")
        worst_rerun = worst_first = 0.0
        views = [view for place in (HOME, *STEPS, *ACROSS) for view in _views(place.slug, place.page)]
        for name, page, tab in views:
            first = statistics.median(_first_load(page, tab) for _ in range(3))
            rerun = _reruns(page, uncached=False, tab=tab)
            uncached = _reruns(page, uncached=True, tab=tab)
            worst_rerun, worst_first = max(worst_rerun, rerun), max(worst_first, first)
            print(f"{name:<36}{first:11.3f}{rerun:9.3f}{uncached:16.3f}{uncached / rerun:7.1f}x", flush=True)
        verdict = {True: "met", False: "NOT met"}
        print(
            f"slowest rerun {worst_rerun:.3f} s (goal < {RERUN_GOAL} s: {verdict[worst_rerun < RERUN_GOAL]}); "
            f"slowest first load {worst_first:.3f} s (goal < {FIRST_GOAL} s: {verdict[worst_first < FIRST_GOAL]})"
        )


if __name__ == "__main__":
    main()
