"""The interactive actor map names its most central actors where the names have room: none over a named actor."""

from __future__ import annotations

import itertools
import json
import re

import pytest

from core.across.demo import load_demo
from core.store import Table
from core.system_map import layout, network
from ui.labels import Box, text_box
from ui.system_map.map_names import legible_names
from ui.system_map.network_view import LABELLED, NAME_FONT, WALL_LABELLED, WALL_NAME_FONT, actor_view, drawn_actors


@pytest.fixture(scope="module")
def demo_map():
    _, frames = load_demo()
    graph = network.build_network(frames[Table.RELATIONS], frames[Table.ACTORS])
    return graph, network.analyse(graph), layout.fresh(graph.ties, seed=1)


def _name_box(name: str, at: tuple[float, float], radius: float, font: float) -> Box:
    """Where vis-network draws a name, as read in Chromium: centred, ``font / 2 + 4`` under its dot, ``font`` high.

    (y grows downwards; kept in Box's bottom/top order.) The width is our estimate, wider than vis's Arial.
    """
    width, _ = text_box(name, font)
    top = at[1] + radius + font / 2 + 4
    return Box(at[0] - width / 2, top, at[0] + width / 2, top + font)


def _dot(at: tuple[float, float], radius: float) -> Box:
    return Box(at[0] - radius, at[1] - radius, at[0] + radius, at[1] + radius)


def _drawn_names(html: str) -> dict[str, dict]:
    """The named nodes of a view's HTML, by id: what the page hands vis."""
    nodes = json.loads(re.search(r"nodes = new vis\.DataSet\((\[.*?\])\);", html, re.S).group(1))
    return {node["id"]: node for node in nodes if node["label"].strip()}


def test_of_two_actors_in_one_place_only_the_more_central_is_named():
    ranked = ["Hub", "Twin of the hub", "Far away"]
    positions = {"Hub": (0.0, 0.0), "Twin of the hub": (10.0, 5.0), "Far away": (2_000.0, 0.0)}
    sizes = dict.fromkeys(ranked, 20.0)
    assert legible_names(ranked, positions, sizes, font=30, limit=2) == {"Hub", "Far away"}
    # Without places (a small map laying itself out), the first ones are named.
    assert legible_names(ranked, None, sizes, font=30, limit=2) == {"Hub", "Twin of the hub"}


def test_a_name_just_under_another_dot_is_left_to_the_hover():
    """vis draws a name font/2 + 4 under its dot: 30-unit type under a 20-unit dot spans y 39 to 69."""
    sizes = {"Hub": 20.0, "Below": 10.0, "Further below": 10.0}
    assert legible_names(["Hub", "Below"], {"Hub": (0.0, 0.0), "Below": (0.0, 75.0)}, sizes, 30, 5) == {"Hub"}
    assert legible_names(["Hub", "Further below"], {"Hub": (0.0, 0.0), "Further below": (0.0, 80.0)}, sizes, 30, 5) == {
        "Hub",
        "Further below",
    }


def test_an_actor_with_no_place_is_not_named():
    sizes = {"Hub": 20.0, "Lost": 20.0}
    assert legible_names(["Lost", "Hub"], {"Hub": (0.0, 0.0), "Lost": (float("nan"), 0.0)}, sizes, 30, 5) == {"Hub"}


@pytest.mark.parametrize(
    ("large", "limit", "font"), [(False, LABELLED, NAME_FONT), (True, WALL_LABELLED, WALL_NAME_FONT)]
)
def test_the_demo_map_names_no_actor_over_another(demo_map, large, limit, font):
    graph, metrics, positions = demo_map
    view = actor_view(graph, metrics, positions=positions, large=large)
    named = _drawn_names(view.html)
    drawn = drawn_actors(metrics, network.Centrality.BETWEENNESS)
    boxes = {name: _name_box(name, positions[name], drawn.sizes[name], font) for name in drawn.shown}
    dots = {name: _dot(positions[name], drawn.sizes[name]) for name in drawn.shown}

    def clash(a: str, b: str) -> bool:  # a name over the other's name or dot
        return boxes[a].overlaps(boxes[b]) or boxes[a].overlaps(dots[b]) or boxes[b].overlaps(dots[a])

    assert 0 < len(named) <= limit and all(node["font"]["size"] == font for node in named.values())
    assert drawn.shown[0] in named  # the most central actor is always named
    for a, b in itertools.combinations(named, 2):
        assert not clash(a, b), (a, b)
    # Every better-ranked actor left unnamed was left for a reason: its name and a named one would clash.
    last = max(list(drawn.shown).index(name) for name in named)
    for name in drawn.shown[:last]:
        if name not in named:
            assert any(clash(name, other) for other in named), name
