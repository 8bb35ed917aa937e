"""Step 1's maps printed: the same actors in their kept places, names that never overlap, real image files."""

from __future__ import annotations

import itertools
import random
import re
import struct
from concurrent.futures import ThreadPoolExecutor

import networkx as nx
import plotly.graph_objects as go
import pytest

from core.across.demo import load_demo
from core.store import Table
from core.system_map import causal, layout, network
from ui import images
from ui.labels import Box, spread_boxes, text_box
from ui.system_map import print_map
from ui.system_map.network_view import POLARITY_LOOK


@pytest.fixture(scope="module")
def demo_maps():
    _, frames = load_demo()
    actors = network.build_network(frames[Table.RELATIONS], frames[Table.ACTORS])
    diagram = causal.build_diagram(frames[Table.CAUSAL_LINKS], frames[Table.FACTORS])
    return actors, network.analyse(actors), diagram


def _points(figure) -> dict[str, tuple[float, float]]:
    """Each actor's marker position, by its name."""
    return {
        text: (x, y)
        for trace in figure.data
        if trace.mode == "markers" and trace.hovertext is not None
        for text, x, y in zip(trace.hovertext, trace.x, trace.y, strict=True)
    }


def _name_boxes(figure) -> list[tuple[str, Box]]:
    boxes = []
    for note in figure.layout.annotations:
        if note.showarrow or not note.text:
            continue
        width, height = text_box(note.text, print_map.FONT)
        left = {"left": 0.0, "center": -width / 2, "right": -width}[note.xanchor] + note.x + note.xshift
        bottom = {"bottom": 0.0, "middle": -height / 2, "top": -height}[note.yanchor] + note.y + note.yshift
        boxes.append((note.text, Box(left, bottom, left + width, bottom + height)))
    return boxes


def test_the_printed_actor_map_draws_each_actor_where_the_layout_keeps_it(demo_maps):
    graph, metrics, _ = demo_maps
    positions = layout.fresh(graph.ties)
    figure = print_map.actor_map_figure(graph, metrics, positions, "Actor map")
    drawn = _points(figure)
    assert set(drawn) == set(graph.ties.nodes)
    # One scale both ways, y turned up: every pair of actors is as far apart, in proportion, as in the layout.
    a, b = "Aurelia Recycling", "Coastal Collectors Cooperative"
    scale = (drawn[b][0] - drawn[a][0]) / (positions[b][0] - positions[a][0])
    for name in drawn:
        assert drawn[name][0] - drawn[a][0] == pytest.approx(scale * (positions[name][0] - positions[a][0]), abs=1e-6)
        assert drawn[name][1] - drawn[a][1] == pytest.approx(-scale * (positions[name][1] - positions[a][1]), abs=1e-6)


def test_the_printed_actor_map_names_the_most_central_without_overlap_and_says_what_it_left_out(demo_maps):
    graph, metrics, _ = demo_maps
    positions = layout.fresh(graph.ties)
    figure = print_map.actor_map_figure(graph, metrics, positions, "Actor map", cap=12)
    assert len(_points(figure)) == 12
    assert "the 12 most central of 46 drawn" in figure.layout.title.text
    boxes = _name_boxes(figure)
    assert "Aurelia Recycling" in {text for text, _ in boxes}  # the top broker is named
    for (one, first), (other, second) in itertools.combinations(boxes, 2):
        assert not first.overlaps(second), (one, other)
    cut = next(trace for trace in figure.data if trace.name == "Cut point")
    assert len([x for x in cut.x if x is not None]) == int(metrics.table.loc[list(_points(figure))]["cut_point"].sum())


def test_user_text_in_a_printed_title_or_name_is_shown_as_typed():
    diagram = nx.DiGraph()
    diagram.add_edge("<i>Trust</i>", "Volume", polarity=1, weight=0.5)
    figure = print_map.diagram_figure(diagram, layout.fresh(diagram.to_undirected()), "<b>Ours</b> & co")
    assert "&lt;b&gt;Ours&lt;/b&gt; &amp; co" in figure.layout.title.text
    assert "&lt;i&gt;Trust&lt;/i&gt;" in {note.text for note in figure.layout.annotations}


def test_the_printed_diagram_draws_every_link_coloured_by_its_sign_and_no_two_factors_overlap(demo_maps):
    _, _, diagram = demo_maps
    figure = print_map.diagram_figure(diagram, layout.fresh(diagram.to_undirected(), seed=3), "Loops")
    arrows = [note for note in figure.layout.annotations if note.showarrow]
    assert len(arrows) == diagram.number_of_edges() == 30
    colours = sorted(POLARITY_LOOK[data["polarity"]][2] for *_, data in diagram.edges(data=True))
    assert sorted(note.arrowcolor for note in arrows) == colours
    factors = [(text, box) for text, box in _boxes_of_factors(figure)]
    assert {text for text, _ in factors} == set(diagram.nodes)
    for (one, first), (other, second) in itertools.combinations(factors, 2):
        assert not first.overlaps(second), (one, other)


def _boxes_of_factors(figure):
    for note in figure.layout.annotations:
        if note.bordercolor and not note.showarrow:
            width, height = text_box(note.text, print_map.FONT)
            width, height = width + 14, height + 14
            yield note.text, Box(note.x - width / 2, note.y - height / 2, note.x + width / 2, note.y + height / 2)


def test_spread_boxes_parts_overlapping_boxes_and_leaves_apart_ones_where_they_are():
    rng = random.Random(5)
    centres = {f"n{i}": (rng.uniform(0, 300), rng.uniform(0, 200)) for i in range(25)}
    sizes = {name: (rng.uniform(40, 160), 30.0) for name in centres}
    spread = spread_boxes(centres, sizes)
    boxes = {n: Box(x - sizes[n][0] / 2, y - 15, x + sizes[n][0] / 2, y + 15) for n, (x, y) in spread.items()}
    for first, second in itertools.combinations(boxes.values(), 2):
        assert not first.overlaps(second)
    apart = {"a": (0.0, 0.0), "b": (500.0, 0.0)}
    assert spread_boxes(apart, {"a": (100.0, 30.0), "b": (100.0, 30.0)}) == apart


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_a_map_renders_offline_as_a_3000_px_png_an_svg_and_a_pdf(demo_maps):
    graph, metrics, _ = demo_maps
    figure = print_map.actor_map_figure(graph, metrics, layout.fresh(graph.ties), "Actor map")
    width, height = _png_size(images.render(figure, images.ImageFormat.PNG))
    assert (width, height) == (3000, 2 * figure.layout.height)
    svg = images.render(figure, images.ImageFormat.SVG).decode()
    assert svg.startswith("<svg") and "Aurelia Recycling" in svg
    assert images.render(figure, images.ImageFormat.PDF).startswith(b"%PDF-")


def test_without_chromium_an_image_is_refused_with_how_to_install_it(monkeypatch, demo_maps):
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    assert not images.available()
    with pytest.raises(images.ImagesUnavailable, match="keystone setup"):
        images.render(print_map.diagram_figure(demo_maps[2], {}, "Loops"), images.ImageFormat.PNG)


def test_renders_from_several_sessions_at_once_each_get_their_own_image():
    """Kaleido's shared browser hands results back in turn: without taking turns, two callers could swap them."""
    figures = {width: go.Figure(go.Bar(x=["a"], y=[width])) for width in (400, 500, 600, 700)}

    def size(width: int) -> tuple[int, int]:
        return _png_size(images.render(figures[width], images.ImageFormat.PNG, width, 300))

    with ThreadPoolExecutor(max_workers=4) as pool:
        sizes = dict(zip(figures, pool.map(size, figures), strict=True))
    assert sizes == {width: (2 * width, 600) for width in figures}


def test_images_are_drawn_from_files_on_this_machine_with_no_address_on_the_network():
    """kaleido would load MathJax from a CDN by default: the page it draws in names only local files."""
    sources = re.findall(r'<script src="([^"]+)"', images.OFFLINE_PAGE.generate_index())
    assert sources and all(source.startswith("file:///") for source in sources)
    assert any(source.endswith("plotly.min.js") for source in sources)
