"""The steering-committee deck says what the app's pages say, and what is missing where a step is not done."""

from __future__ import annotations

import io
import struct
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pptx
import pytest

from core.across.deck import to_pptx
from core.across.readiness import readiness_of
from core.governance.model_table import GovernanceModel
from core.store import Store, Table, history, layouts
from core.system_map import causal, network
from core.system_map.layout import MapKind
from tests.helpers import ROOT
from ui import images
from ui.across import deck
from ui.system_map import print_map

TITLES = [
    "Is this a systems problem?",
    "Who holds the system together",
    "The loops that keep it stuck",
    "What we are solving",
    "Who is on the short list, and why",
    "How we govern",
    "How change happens",
    "Are we on track",
    "Pilots: what is drifting",
    "How we scale",
    "Are we ready",
]


@pytest.fixture(scope="module")
def demo_slides(tmp_path_factory, templates):
    path = tmp_path_factory.mktemp("deck") / "keystone.duckdb"
    path.write_bytes(Path(templates["demo"]).read_bytes())
    store = Store(path)
    partnership_id = int(store.partnerships()["id"].iloc[0])
    return store, partnership_id, deck.slides(store, partnership_id)


def _width(png: bytes) -> int:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">I", png[16:20])[0]


def test_the_demo_deck_runs_through_the_steps_each_slide_with_a_takeaway_and_notes(demo_slides):
    store, partnership_id, slides = demo_slides
    assert slides[0].title == store.partnership(partnership_id)["name"]
    assert [slide.title for slide in slides[1:]] == TITLES
    assert all(slide.takeaway and slide.notes for slide in slides)
    pictured = [slide.title for slide in slides if slide.picture]
    assert pictured == [TITLES[i] for i in (1, 2, 5, 6, 7, 8, 9)]
    assert all(_width(slide.picture) == 3000 for slide in slides if slide.picture)


def test_the_figures_on_the_slides_are_the_pages_figures(demo_slides):
    store, partnership_id, slides = demo_slides
    by_title = {slide.title: slide for slide in slides}
    frames = store.read_many(partnership_id, [Table.CAUSAL_LINKS, Table.FACTORS, Table.ACTORS])
    report = causal.find_loops(causal.build_diagram(frames[Table.CAUSAL_LINKS], frames[Table.FACTORS]), length_bound=8)
    assert by_title["The loops that keep it stuck"].takeaway == report.headline()
    chosen = GovernanceModel.NEUTRAL_BACKBONE.label
    assert by_title["How we govern"].takeaway == f"We chose {chosen}; it fits our answers best."
    short = by_title["Who is on the short list, and why"].table
    stored = frames[Table.ACTORS]
    assert {row[0] for row in short.rows} == set(stored.loc[stored["shortlisted"].astype(bool), "name"])
    assert all(row[3] for row in short.rows)  # every partner has a reason
    lines = readiness_of(store, partnership_id)
    ready = by_title["Are we ready"].table.rows
    assert [(row[0] == "yes", row[1]) for row in ready] == [(line.passed, line.title) for line in lines]


def test_a_partnership_with_nothing_recorded_gets_every_slide_saying_what_is_missing(store):
    partnership_id = store.create_partnership("Blank <b>slate</b>", problem="")
    slides = deck.slides(store, partnership_id)
    assert [slide.title for slide in slides[1:]] == TITLES
    assert slides[0].title == "Blank <b>slate</b>"
    # Only the scaling comparison draws from nothing recorded: the pathways ranked on the framework's table alone.
    assert [slide.title for slide in slides if slide.picture] == ["How we scale"]
    takeaways = {slide.title: slide.takeaway for slide in slides}
    assert takeaways["How we govern"] == "The governance questions have not been answered yet."
    assert takeaways["Who is on the short list, and why"] == "No short list saved yet."
    assert takeaways["How we scale"] == "No scaling pathway chosen yet."


def _deck(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "core", "deck", *arguments], cwd=ROOT, capture_output=True, text=True, timeout=300
    )


def test_the_deck_command_writes_the_pptx_and_the_handout(demo_store, tmp_path):
    store, partnership_id = demo_store
    name = str(store.partnership(partnership_id)["name"])
    store.release()
    done = _deck("--partnership", name.upper(), "-o", str(tmp_path / "deck.pptx"), "--db", str(store.location))
    assert done.returncode == 0, done.stderr
    presentation = pptx.Presentation(io.BytesIO((tmp_path / "deck.pptx").read_bytes()))
    titles = [slide.shapes.title.text for slide in presentation.slides if slide.shapes.title is not None]
    assert titles == [name, *TITLES]
    done = _deck("--partnership", name, "-o", str(tmp_path / "handout.pdf"), "--db", str(store.location))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "handout.pdf").read_bytes().startswith(b"%PDF-")


def test_the_deck_command_refuses_an_unknown_partnership_or_file_kind_naming_it(demo_store, tmp_path):
    store, _ = demo_store
    store.release()
    done = _deck("--partnership", "Nobody", "-o", str(tmp_path / "deck.pptx"), "--db", str(store.location))
    assert done.returncode == 2
    assert "no partnership called 'Nobody'" in done.stderr and "Ocean-bound" in done.stderr
    done = _deck("--partnership", "Nobody", "-o", str(tmp_path / "deck.key"), "--db", str(store.location))
    assert done.returncode == 2 and "deck.key" in done.stderr and ".pptx" in done.stderr
    assert not (tmp_path / "deck.pptx").exists()


def test_the_deck_draws_the_maps_in_the_layout_kept_with_the_partnership(demo_store):
    store, partnership_id = demo_store
    frames = store.read_many(partnership_id, [Table.ACTORS, Table.RELATIONS])
    graph = network.build_network(frames[Table.RELATIONS], frames[Table.ACTORS])
    kept = {name: (float(i % 7) * 150, float(i // 7) * 120) for i, name in enumerate(sorted(graph.ties.nodes))}
    layouts.rearrange(store, partnership_id, MapKind.ACTORS.value, kept)  # a layout unlike any fresh one
    slide = next(s for s in deck.slides(store, partnership_id) if s.title == "Who holds the system together")
    name = store.partnership(partnership_id)["name"]
    as_kept = print_map.actor_map_figure(graph, network.analyse(graph), kept, f"Actor map: {name}")
    assert slide.picture == images.render(as_kept, images.ImageFormat.PNG, height=as_kept.layout.height)


def test_hostile_names_reach_the_deck_as_text(store):
    name = '<script>alert(1)</script> & =HYPERLINK("http://x")'
    partnership_id = store.create_partnership(name)
    hostile = ["=SUM(A1:A9)", "<b>Bold</b> & Co", "**Starred** [link](http://x)"]
    actors = pd.DataFrame({"name": hostile, "type": ["ngo", "company", "investor"], "shortlisted": [True] * 3})
    store.upsert(partnership_id, Table.ACTORS, actors)
    presentation = pptx.Presentation(io.BytesIO(to_pptx(deck.slides(store, partnership_id))))
    assert presentation.slides[0].shapes.title.text == name
    cells = {
        cell.text for slide in presentation.slides for shape in slide.shapes if shape.has_table
        for row in shape.table.rows for cell in row.cells
    }  # fmt: skip
    assert set(hostile) <= cells


def test_after_a_milestone_the_deck_opens_with_what_changed_since(tmp_path, templates):
    path = tmp_path / "keystone.duckdb"
    path.write_bytes(Path(templates["demo"]).read_bytes())
    store = Store(path)
    pid = int(store.partnerships()["id"].iloc[0])
    history.mark(store, pid, "workshop 2")
    loaded = store.read(pid, Table.ACTORS)
    edited = loaded.copy()
    edited.loc[edited["name"] == "Zephyra Mobile", "shortlisted"] = True
    store.replace(pid, Table.ACTORS, edited, "saving actors", based_on=loaded)
    slides = deck.slides(store, pid)
    since = slides[1]
    assert since.title == "Since workshop 2" and since.takeaway.startswith("1 change to the records since workshop 2")
    assert since.bullets[0] == "Joined the short list: Zephyra Mobile"
    assert [slide.title for slide in slides[2:]] == TITLES
