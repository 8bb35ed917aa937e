"""Step 3 speed: reading stakeholder workbooks and scoring large lists.

Run with ``python -m bench import``. One run, timings in seconds, and the
ratio against the obvious alternative measured side by side:

- reading: ``core.io_excel.read_table`` (calamine, header matching, cleaning
  and row-by-row validation) against ``pandas.read_excel(engine="openpyxl")``
  (a bare read with no validation) on the same generated file;
- scoring: ``core.partners.scoring.score`` over 100,000 rows against a plain Python
  loop computing the same score row by row;
- the analyst's whole round at 50,000 rows on a DuckDB file, each step beside
  reading the same file with pandas+calamine (the floor, nothing checked, nothing
  stored): import into a new partnership, re-import the list with every interest
  changed (50,000 updates), export the scored list and the whole partnership as
  .xlsx. The import's progress callback is counted, as the page's bar moves with it;
- the same in the real Partners page (``python -m ui.launch``, as ``./keystone run`` starts it; Debian's Chromium):
  from choosing the file until the preview offers Import, from the click until the
  page has run again with every row, and each text the progress bar showed.

Written to ``bench/results_import.txt``.
"""

from __future__ import annotations

import io
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook

from core.across.workbook import export_workbook as export_partnership
from core.io_excel import read_raw, read_table
from core.model import Lever, PartnerType
from core.partners.import_list import import_actors
from core.partners.scored_list import export_workbook as export_scored
from core.partners.scored_list import scored_list
from core.partners.scoring import FACET_WEIGHTS, TAG_CAP, score
from core.records import coerce
from core.store import Store
from core.tables import Table

SIZES = (1_000, 10_000, 50_000)
SCORE_ROWS = 100_000
ROUND_ROWS = 50_000
RESULTS = Path(__file__).with_name("results_import.txt")
_POSITIONS = ["brand", "collection", "sorting", "recycling", "compounding", "moulding", "assembly", "retail",
              "policy", "finance", "research", "community"]  # fmt: skip


def actors(n: int, seed: int = 3) -> pd.DataFrame:
    """A realistic stakeholder list of ``n`` rows (repeating vocabularies, unique names)."""
    rng = np.random.default_rng(seed)
    levers = [lever.value for lever in Lever]
    tags = [f"asset {i}" for i in range(400)]
    return pd.DataFrame(
        {
            "Organisation": [f"Organisation {i:06d}" for i in range(n)],
            "Category": rng.choice([t.value for t in PartnerType], n),
            "Sector": rng.choice(["plastics", "retail", "finance", "policy", "research"], n),
            "Value chain position": rng.choice(_POSITIONS, n),
            "Levers": ["; ".join(rng.choice(levers, rng.integers(1, 3), replace=False)) for _ in range(n)],
            "Interest": rng.integers(1, 6, n),
            "Influence": rng.integers(1, 6, n),
            "Asset tags": ["; ".join(rng.choice(tags, 2, replace=False)) for _ in range(n)],
            "Market leader": rng.choice(["yes", "no"], n, p=[0.1, 0.9]),
            "Notes": "generated",
        }
    )


def workbook(frame: pd.DataFrame) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Stakeholders")
    sheet.append(["Stakeholder list (generated)"])
    sheet.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        sheet.append([value.item() if hasattr(value, "item") else value for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _time(function, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - start, result


def naive_score(frame: pd.DataFrame) -> list[float]:
    """The same score, one row at a time in plain Python (group: nobody)."""
    out = []
    for row in frame.itertuples(index=False):
        levers = {p.strip().casefold() for p in str(row.levers or "").split(";") if p.strip()}
        tags = {p.strip().casefold() for p in str(row.asset_tags or "").split(";") if p.strip()}
        comp = (
            FACET_WEIGHTS["levers"] * len(levers) / 5
            + FACET_WEIGHTS["value_chain"] * (1.0 if row.value_chain else 0.0)
            + FACET_WEIGHTS["asset_tags"] * min(len(tags), TAG_CAP) / TAG_CAP
        )
        interest = (float(row.interest) - 1) / 4
        influence = (float(row.influence) - 1) / 4
        out.append(round(100 * (interest + influence + comp) / 3, 1))
    return out


def main() -> None:
    print(f"{'rows':>7} {'MB':>5} {'read_table':>10} {'read_raw':>9} {'pd+openpyxl':>11} {'pd+calamine':>11} "
          f"{'ratio':>6} {'problems':>8}")  # fmt: skip
    for n in SIZES:
        data = workbook(actors(n))
        ours, parsed = _time(read_table, data, "list.xlsx", Table.ACTORS)
        raw, _ = _time(read_raw, data, "list.xlsx")
        slow, frame = _time(pd.read_excel, io.BytesIO(data), engine="openpyxl", header=1)
        calamine, _ = _time(pd.read_excel, io.BytesIO(data), engine="calamine", header=1)
        assert len(parsed.frame) == len(frame) == n
        print(
            f"{n:>7,} {len(data) / 1e6:>5.1f} {ours:>10.3f} {raw:>9.3f} {slow:>11.3f} {calamine:>11.3f} "
            f"{slow / ours:>5.1f}x {len(parsed.problems):>8}"
        )

    frame = actors(SCORE_ROWS).rename(
        columns={"Organisation": "name", "Category": "type", "Value chain position": "value_chain",
                 "Levers": "levers", "Interest": "interest", "Influence": "influence", "Asset tags": "asset_tags"}
    )  # fmt: skip
    typed = coerce(frame, Table.ACTORS)
    typed["shortlisted"] = False
    vectorised, scored = _time(score, typed)
    loop, expected = _time(naive_score, typed)
    by_name = scored.set_index("name")["score"]
    assert np.allclose(by_name.loc[typed["name"]].to_numpy(), expected)
    print(
        f"score {SCORE_ROWS:,} rows: vectorised {vectorised:.3f} s, Python loop {loop:.3f} s, "
        f"ratio {loop / vectorised:.1f}x (target: under 0.5 s)"
    )
    lines = analyst_round() + page_round()
    print("\n".join(lines))
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    RESULTS.write_text(f"The analyst's round, {stamp} (seconds; goal: each under 10 s)\n" + "\n".join(lines) + "\n")


def analyst_round(rows: int = ROUND_ROWS) -> list[str]:
    """Import, update-import and export ``rows`` actors on a DuckDB file, each beside the calamine floor."""
    frame = actors(rows)
    first = workbook(frame)
    frame["Interest"] = frame["Interest"] % 5 + 1  # every row changes
    update = workbook(frame)
    floor, _ = _time(pd.read_excel, io.BytesIO(first), engine="calamine", header=1)
    lines = [f"{rows:,} rows, {len(first) / 1e6:.1f} MB; floor = pandas+calamine read of the same file {floor:.2f} s"]

    def step(what: str, seconds: float, result: object) -> None:
        lines.append(f"  {what:<44} {seconds:6.2f} s   {seconds / floor:5.1f}x the floor   {result}")

    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "bench.duckdb")
        store.migrate()
        partnership_id = store.create_partnership("Bench")
        told: list[float] = []

        def imported(data: bytes) -> object:
            return import_actors(
                store, partnership_id, read_table(data, "list.xlsx", Table.ACTORS), progress=lambda f, _: told.append(f)
            ).summary

        seconds, summary = _time(imported, first)
        step("read, check and import (new rows)", seconds, f"{summary}; progress told {len(told)} times")
        told.clear()
        seconds, summary = _time(imported, update)
        step("read, check and import (every row updated)", seconds, f"{summary}; progress told {len(told)} times")
        seconds, data = _time(lambda: export_scored(scored_list(store.read(partnership_id, Table.ACTORS))))
        step("score and export the scored list (.xlsx)", seconds, f"{len(data) / 1e6:.1f} MB")
        seconds, data = _time(export_partnership, store, partnership_id)
        step("export the whole partnership (.xlsx)", seconds, f"{len(data) / 1e6:.1f} MB")
        store.release()
    return lines


_RUNNING = '[data-testid="stApp"][data-test-script-state="running"]'
_IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def page_round(rows: int = ROUND_ROWS) -> list[str]:
    """Import a list of ``rows``, then the same list as updates, through the real Partners page."""
    from playwright.sync_api import sync_playwright

    from bench.app_server import CHROMIUM, serve

    frame = actors(rows)
    lines = [f"{rows:,} rows in the Partners page (Chromium, 1280x800)"]
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        files = Path(folder) / f"list-{rows}.xlsx", Path(folder) / f"update-{rows}.xlsx"
        files[0].write_bytes(workbook(frame))
        frame["Interest"] = frame["Interest"] % 5 + 1
        files[1].write_bytes(workbook(frame))
        database = Path(folder) / "page.duckdb"
        store = Store(database)
        store.migrate()
        store.create_partnership("Bench import")
        store.release()
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-background-networking"]
        )
        with serve(database, Path(folder) / "server.log") as (url, _):
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.goto(url)
            page.wait_for_selector('[data-testid="stSidebarNav"]', timeout=120_000)
            page.goto(f"{url}/partners")
            page.get_by_role("tab", name="Import").click(timeout=120_000)
            for what, path in zip(("new rows", "every row updated"), files, strict=True):
                lines += _import_in_page(page, path, what)
        browser.close()
    return lines


def _import_in_page(page, path: Path, what: str) -> list[str]:
    """Choose ``path``, wait for the preview, click Import; the seconds of each and the bar's texts."""
    start = time.perf_counter()
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(path))
    page.wait_for_selector(_RUNNING, timeout=30_000)  # the file's run, read and checked before Import is offered
    page.wait_for_selector(_IDLE, timeout=300_000)
    button = page.get_by_role("button", name="Import", exact=True)
    preview = time.perf_counter() - start
    button.click()
    clicked, texts = time.perf_counter(), []
    page.wait_for_selector(_RUNNING, timeout=30_000)
    while page.locator(_RUNNING).count():
        bar = page.locator('[data-testid="stProgress"]')
        if bar.count():
            text = bar.first.inner_text(timeout=1_000).strip()
            if text and (not texts or texts[-1] != text):
                texts.append(text)
        time.sleep(0.05)
    page.get_by_text("Imported:").first.wait_for(timeout=300_000)
    page.wait_for_selector(_IDLE, timeout=300_000)
    done = time.perf_counter() - clicked
    return [
        f"  {what}: file chosen to preview {preview:5.1f} s; Import clicked to page run again {done:5.1f} s",
        f"    the bar said: {' | '.join(texts) or '(nothing: the write ended before a sample)'}",
    ]


if __name__ == "__main__":
    main()
