"""Images and the deck: one kaleido browser kept for the process (ui.images) against one started per image.

Run: ``python -m bench images``. On the demo partnership, side by side in one
run: the printed actor map and four charts as PNGs, rendered by kaleido's
one-shot call (a new Chromium for each image, plotly's default) and by
Keystone's shared browser; then the whole steering-committee deck (.pptx) and
its handout (.pdf). Results go to ``bench/results_images.txt``.
"""

from __future__ import annotations

import asyncio
import logging
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

import kaleido
import plotly.graph_objects as go

from core.across.deck import to_pdf, to_pptx
from core.across.demo import seed_demo
from core.store import Store, Table
from core.system_map import layout, network
from ui import images
from ui.across import deck
from ui.system_map import print_map

RESULTS = Path(__file__).with_name("results_images.txt")


def _figures(store: Store, partnership_id: int) -> list[go.Figure]:
    frames = store.read_many(partnership_id, [Table.ACTORS, Table.RELATIONS])
    graph = network.build_network(frames[Table.RELATIONS], frames[Table.ACTORS])
    metrics = network.analyse(graph)
    actor_map = print_map.actor_map_figure(graph, metrics, layout.fresh(graph.ties), "Actor map")
    bars = [
        go.Figure(go.Bar(x=metrics.table[column].head(15), y=metrics.table.index[:15], orientation="h"))
        for column in ("betweenness", "pagerank", "closeness", "degree")
    ]
    return [actor_map, *bars]


def _one_shot(figure: go.Figure) -> bytes:
    """Plotly's default: kaleido starts a browser for this image and closes it."""
    # kaleido's own one-shot call (its sync wrapper would use the kept browser once one runs); the same local page,
    # so only the browser's lifetime differs.
    opts = {"format": "png", "width": images.PRINT_WIDTH, "height": 900, "scale": images.PNG_SCALE}
    return asyncio.run(kaleido.calc_fig(figure, opts=opts, kopts={"page_generator": images.OFFLINE_PAGE}))


def main() -> None:
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    lines = [f"bench images, {time.strftime('%Y-%m-%d %H:%M')}, demo partnership"]
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "bench.duckdb")
        store.migrate()
        partnership_id = seed_demo(store)
        figures = _figures(store, partnership_id)
        one_shot, shared = [], []
        for _ in range(3):  # interleaved, so both meet the same machine load
            for figure in figures:
                started = time.perf_counter()
                _one_shot(figure)
                one_shot.append(time.perf_counter() - started)
                started = time.perf_counter()
                images.render(figure, images.ImageFormat.PNG, height=900)
                shared.append(time.perf_counter() - started)
        first, later = statistics.median(one_shot), statistics.median(shared[1:])
        lines.append(
            f"PNG 3000 px, median of {len(one_shot)}: a browser per image {first:.2f} s, "
            f"Keystone's kept browser {later:.2f} s, ratio {first / later:.1f}x"
        )
        started = time.perf_counter()
        slides = deck.slides(store, partnership_id, date.today())
        built = time.perf_counter() - started
        started = time.perf_counter()
        pptx_bytes = to_pptx(slides)
        pptx_time = time.perf_counter() - started
        started = time.perf_counter()
        pdf_bytes = to_pdf(slides)
        pdf_time = time.perf_counter() - started
        pictures = sum(1 for slide in slides if slide.picture)
        lines.append(
            f"deck: {len(slides)} slides, {pictures} pictures, worked out and drawn in {built:.1f} s; "
            f".pptx written in {pptx_time:.2f} s ({len(pptx_bytes) / 1e6:.1f} MB), "
            f".pdf in {pdf_time:.2f} s ({len(pdf_bytes) / 1e6:.1f} MB)"
        )
    print("\n".join(lines))
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
