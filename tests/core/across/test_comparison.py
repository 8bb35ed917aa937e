"""Two milestones of the demo compared: the known edits between them, and what they did to the analyses."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from core.across.comparison import Status, compare, sheets
from core.store import Store, Table, history

# Ocean leakage now cuts waste-picker income, which closes two loops (both with two negative links).
NEW_LOOPS = [
    "Reinforcing: Collection volume → Ocean leakage → Waste-picker income → Collection volume",
    "Reinforcing: Collection volume → Ocean leakage → Waste-picker income → Informal-sector health risks"
    " → Collection volume",
]


def _append(store: Store, pid: int, table: Table, row: dict) -> None:
    loaded = store.read(pid, table)
    store.replace(pid, table, pd.concat([loaded, pd.DataFrame([row])], ignore_index=True), "adding", based_on=loaded)


def _drop(store: Store, pid: int, table: Table, **match: str) -> dict:
    loaded = store.read(pid, table)
    hit = pd.Series(True, index=loaded.index)
    for column, value in match.items():
        hit &= loaded[column] == value
    assert hit.sum() == 1
    store.replace(pid, table, loaded[~hit], "dropping", based_on=loaded)
    return loaded[hit].iloc[0].to_dict()


@pytest.fixture
def between_workshops(demo_store):
    """Milestone 1; then known edits; milestone 2. Returns the comparison of the two milestones."""
    store, pid = demo_store
    history.mark(store, pid, "after workshop 1")
    _append(store, pid, Table.ACTORS, {"name": "Harbour Co-op", "type": "community", "interest": 5, "influence": 2})
    _append(store, pid, Table.RELATIONS, {"source": "Harbour Co-op", "target": "Meridian Devices", "kind": "supplies"})
    dropped = _drop(store, pid, Table.RELATIONS, source="Ennore Creek Waste Pickers Group", kind="supplies")
    actors = store.read(pid, Table.ACTORS)
    edited = actors.copy()
    edited.loc[edited["name"] == "Zephyra Mobile", "shortlisted"] = True
    edited.loc[edited["name"] == "Meridian Devices", "influence"] = 2.0
    store.replace(pid, Table.ACTORS, edited, "scoring", based_on=actors)
    link = {"cause": "Ocean leakage", "effect": "Waste-picker income", "polarity": -1, "strength": -0.4}
    _append(store, pid, Table.CAUSAL_LINKS, link)
    observation = {"indicator": "EPR fee collection rate", "date": pd.Timestamp("2026-09-30"), "value": 52.0}
    _append(store, pid, Table.OBSERVATIONS, observation)
    history.mark(store, pid, "after workshop 2")
    first, second = history.milestones(store, pid)["change_id"].tolist()
    then = history.records_at(store, pid, first)
    now = history.records_at(store, pid, second)
    return compare(then, now, date(2026, 12, 1)), dropped


def test_the_comparison_lists_every_known_difference(between_workshops):
    result, dropped = between_workshops
    assert set(result.records) == {Table.ACTORS, Table.RELATIONS, Table.CAUSAL_LINKS, Table.OBSERVATIONS}
    actors = result.records[Table.ACTORS]
    assert actors.added == ["Harbour Co-op"] and actors.removed == []
    assert sorted(map(tuple, actors.changed[["record", "field", "then", "now"]].values.tolist())) == [
        ("Meridian Devices", "influence", "5", "2"),
        ("Zephyra Mobile", "shortlisted", "no", "yes"),
    ]
    relations = result.records[Table.RELATIONS]
    assert relations.added == ["Harbour Co-op → Meridian Devices (supplies)"]
    assert relations.removed == [f"{dropped['source']} → {dropped['target']} ({dropped['kind']})"]


def test_the_map_loops_short_list_scores_and_indicators_move_as_the_edits_say(between_workshops):
    result, dropped = between_workshops
    assert {name for name, status in result.actors.items() if status is not Status.KEPT} == {"Harbour Co-op"}
    assert result.ties[("Harbour Co-op", "Meridian Devices")] is Status.ADDED
    assert result.ties[tuple(sorted((dropped["source"], dropped["target"])))] is Status.REMOVED
    assert result.loops.joined == NEW_LOOPS and result.loops.left == []
    assert result.short_list.joined == ["Zephyra Mobile"] and result.short_list.left == []
    scores = result.scores.set_index("partner")
    assert scores.loc["Meridian Devices", "now"] < scores.loc["Meridian Devices", "then"]  # influence 5 -> 2
    assert pd.isna(scores.loc["Harbour Co-op", "then"])
    indicators = result.indicators.set_index("indicator")
    assert indicators.loc["EPR fee collection rate"].tolist() == [46.0, 52.0]
    assert len(indicators) == 1


def test_the_workbook_carries_the_summary_and_every_record_change(between_workshops):
    result, _ = between_workshops
    out = sheets(result, "after workshop 1", "after workshop 2")
    summary = dict(out["Summary"].values.tolist())
    assert summary["From"] == "after workshop 1" and summary["Actors that came"] == "Harbour Co-op"
    assert summary["Joined the short list"] == "Zephyra Mobile"
    assert summary["Loops that appeared"] == "; ".join(NEW_LOOPS)
    actors = out["Actors and candidate partners"]
    assert (
        actors.values.tolist()
        == [
            ["actor added", "Harbour Co-op", "", ""],
            *sorted(actors.values.tolist()[1:]),
        ]
        and len(actors) == 3
    )


def test_the_same_point_twice_is_no_change(demo_store):
    store, pid = demo_store
    point = history.latest_change(store, pid)
    same = history.records_at(store, pid, point)
    result = compare(same, same, date(2026, 12, 1))
    assert result.unchanged and result.loops.joined == [] and result.scores.empty
