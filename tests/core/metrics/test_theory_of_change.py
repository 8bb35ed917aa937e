"""Completeness of a theory of change, checked on small hand-made chains and the demo."""

from __future__ import annotations

import json

import pandas as pd

from core.across.demo import load_demo
from core.metrics.theory_of_change import GapKind, completeness, level_counts, sankey_figure
from core.store import Table


def _items(*rows: tuple[str, str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["name", "level"])


def _links(*rows: tuple[str, str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["source", "target"])


FULL_ITEMS = _items(
    ("Money", "input"),
    ("Train farmers", "activity"),
    ("Farmers trained", "output"),
    ("Higher yields", "outcome"),
    ("Buyers change sourcing", "system shift"),
)
FULL_LINKS = _links(
    ("Money", "Train farmers"),
    ("Train farmers", "Farmers trained"),
    ("Farmers trained", "Higher yields"),
    ("Higher yields", "Buyers change sourcing"),
)
INDICATORS = pd.DataFrame({"name": ["Share of buyers"], "toc_item": ["buyers change SOURCING "]})


def test_a_full_chain_with_an_indicator_has_no_gaps():
    assert completeness(FULL_ITEMS, FULL_LINKS, INDICATORS) == []


def test_activity_reaching_only_an_output_is_a_gap_named_in_plain_words():
    items = pd.concat([FULL_ITEMS, _items(("Run webinars", "activity"), ("Webinars held", "output"))])
    links = pd.concat([FULL_LINKS, _links(("Run webinars", "Webinars held"))])
    gaps = completeness(items, links, INDICATORS)
    assert [(gap.kind, gap.item) for gap in gaps] == [(GapKind.ACTIVITY_WITHOUT_OUTCOME, "Run webinars")]
    assert gaps[0].message == "The activity 'Run webinars' does not lead to any outcome."


def test_outcome_without_system_shift_and_shift_without_indicator():
    items = pd.concat([FULL_ITEMS, _items(("Lower costs", "outcome"), ("Policy adopted", "system shift"))])
    links = pd.concat([FULL_LINKS, _links(("Farmers trained", "Lower costs"))])
    gaps = {(gap.kind, gap.item) for gap in completeness(items, links, INDICATORS)}
    assert gaps == {
        (GapKind.OUTCOME_WITHOUT_SHIFT, "Lower costs"),
        (GapKind.SHIFT_WITHOUT_INDICATOR, "Policy adopted"),
    }


def test_unknown_items_backward_links_and_missing_levels_are_reported():
    items = _items(("Train farmers", "activity"), ("Higher yields", "outcome"))
    links = _links(("Train farmers", "Higher yields"), ("Higher yields", "Train farmers"), ("Ghost", "Higher yields"))
    kinds = [gap.kind for gap in completeness(items, links)]
    assert kinds.count(GapKind.MISSING_LEVEL) == 3  # input, output, system shift
    assert GapKind.BACKWARD_LINK in kinds and GapKind.UNKNOWN_ITEM in kinds
    assert GapKind.OUTCOME_WITHOUT_SHIFT in kinds
    assert GapKind.ACTIVITY_WITHOUT_OUTCOME not in kinds


def test_the_demo_theory_of_change_is_complete_and_breaks_when_a_link_goes():
    _, frames = load_demo()
    items, links, indicators = frames[Table.TOC_ITEMS], frames[Table.TOC_LINKS], frames[Table.INDICATORS]
    assert list(level_counts(items).values()) == [4, 6, 6, 5, 4]  # input .. system shift
    assert completeness(items, links, indicators) == []
    cut = links[links["source"] != "EPR obligations enforced"]
    gaps = completeness(items, cut, indicators)
    assert [(gap.kind, gap.item) for gap in gaps] == [(GapKind.OUTCOME_WITHOUT_SHIFT, "EPR obligations enforced")]


def test_sankey_has_one_node_per_item_one_link_per_link_and_escaped_labels():
    items = pd.concat([FULL_ITEMS, _items(("<b>Loud</b> activity", "activity"))])
    links = pd.concat([FULL_LINKS, _links(("<b>Loud</b> activity", "Farmers trained"))])
    spec = json.loads(sankey_figure(items, links).to_json())
    sankey = spec["data"][0]
    assert sankey["type"] == "sankey"
    assert len(sankey["node"]["label"]) == 6
    assert len(sankey["link"]["source"]) == 5
    assert "&lt;b&gt;Loud&lt;/b&gt;" in " ".join(sankey["node"]["label"])
    # Inputs sit in the left column, system shifts in the right one.
    names = [label.replace("<br>", " ") for label in sankey["node"]["label"]]
    xs = dict(zip(names, sankey["node"]["x"], strict=True))
    assert xs["Money"] < xs["Train farmers"] < xs["Farmers trained"] < xs["Higher yields"]
    assert xs["Buyers change sourcing"] > 0.99
