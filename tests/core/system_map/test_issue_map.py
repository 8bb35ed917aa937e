"""Issue map grid and the systemic test verdicts."""

from __future__ import annotations

import pandas as pd

from core.store import Table
from core.system_map import issue_map as issues_map
from core.system_map import systemic

BARRIERS = pd.DataFrame(
    {
        "name": ["Fees delayed", "Cheap virgin resin", "No ID for pickers", "Price war"],
        "category": ["political", "economic", "social", "economic"],
        "severity": [4, 5, 5, 5],
        "actors": ["Ministry; Union", "Petrochem; Recycler", "Cooperative", "Recycler"],
        "factors": ["EPR enforcement", "Virgin price", "", "Virgin price"],
    }
)


def test_heatmap_counts_and_names_every_category_and_severity():
    counts, names = issues_map.heatmap(BARRIERS)
    assert list(counts.index) == ["political", "economic", "social", "technological", "legal", "environmental"]
    assert list(counts.columns) == [1, 2, 3, 4, 5]
    assert counts.at["economic", 5] == 2
    assert counts.at["political", 4] == 1
    assert counts.to_numpy().sum() == 4
    assert names.at["economic", 5] == "Cheap virgin resin; Price war"


def test_actor_burden_sums_severity_per_actor():
    burden = issues_map.actor_burden(BARRIERS)
    assert burden.index[0] == "Recycler"
    assert (burden.at["Recycler", "barriers"], burden.at["Recycler", "severity"]) == (2, 10)
    unknown = issues_map.unknown_names(BARRIERS, ["Ministry", "Union", "Petrochem", "Recycler"])
    assert unknown["name"].tolist() == ["Cooperative"]


def test_demo_barriers_all_name_known_actors_and_factors(demo_store):
    store, pid = demo_store
    frames = store.read_many(pid, [Table.ACTORS, Table.FACTORS, Table.BARRIERS])
    assert len(frames[Table.BARRIERS]) >= 8
    assert issues_map.unknown_names(frames[Table.BARRIERS], frames[Table.ACTORS]["name"]).empty
    assert issues_map.unknown_names(frames[Table.BARRIERS], frames[Table.FACTORS]["name"], "factors").empty


def test_systemic_verdicts():
    alone = systemic.verdict({"solvable_alone": True, "crosses_value_chain": True})
    assert alone["verdict"] == "simple"
    wicked = systemic.verdict({"solvable_alone": False, "feedback_loops": True})
    assert wicked["verdict"] == "systemic"
    assert any("Feedback loops" in reason for reason in wicked["reasons"])
    no_signs = systemic.verdict({"solvable_alone": False})
    assert no_signs["verdict"] == "simple"


def test_demo_verdict_is_stored_under_the_agreed_topic(demo_store):
    store, pid = demo_store
    assert store.answers(pid, "systemic_test")["verdict"] == "systemic"
