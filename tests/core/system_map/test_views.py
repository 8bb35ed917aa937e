"""Saved views of the actor map: kept by name, read forgivingly, stored as plain JSON."""

from __future__ import annotations

import json

import pytest

from core.system_map.network import Centrality
from core.system_map.views import MapView, read_views, to_payload, with_view, without_view


def test_views_go_to_json_and_back_unchanged():
    views = [
        MapView("Collectors", "Their ties", Centrality.DEGREE, ("community",), (2,), "Coastal Collectors", 2, False),
        MapView("Everyone"),
    ]
    assert read_views(json.loads(json.dumps(to_payload(views)))) == views


def test_a_view_saved_under_a_name_in_use_replaces_it_in_place():
    views = with_view([MapView("NGOs"), MapView("Funders")], MapView("  ngos ", caption="Only  the NGOs"))
    assert views == [MapView("ngos", caption="Only the NGOs"), MapView("Funders")]
    assert with_view(views, MapView("Brokers"))[-1].name == "Brokers"
    assert without_view(views, "NGOS") == [MapView("Funders")]


def test_a_view_needs_a_name():
    with pytest.raises(ValueError, match="name"):
        with_view([], MapView("   "))


def test_entries_that_are_not_views_are_skipped_and_odd_values_made_safe():
    payload = {
        "views": [
            "not a view",
            {"caption": "no name"},
            {"name": "Bad measure", "size_by": "charisma"},
            {"name": "Far out", "steps": 40, "caption": "x" * 500},
            {"name": "Fine", "communities": ["3"]},
        ]
    }
    views = read_views(payload)
    assert [view.name for view in views] == ["Far out", "Fine"]
    assert views[0].steps == 1 and len(views[0].caption) == 200
    assert views[1].communities == (3,)
    assert read_views({}) == []
