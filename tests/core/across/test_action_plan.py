"""Action plan order, owners across business units, stories, cases and quick capture."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd

from core.across.action_plan import action_plan, owners_by_scope, plan_summary, stories_by_indicator
from core.across.capture import capture, capture_many, capture_reason, captured
from core.across.cases import CASES, cases_for_step
from core.store import SPECS, Table

REVIEW = pd.Timestamp("2026-11-24")


def test_overdue_commitments_come_first_then_by_date_and_closed_last(demo_store):
    store, pid = demo_store
    plan = action_plan(store.read(pid, Table.COMMITMENTS), REVIEW)
    assert list(plan["commitment"].iloc[:2]) == [
        "Open two more collection hubs in Ennore and Pulicat",  # due 2026-06-30, open
        "Submit the modulated EPR fee proposal to cabinet",  # due 2026-09-30, open
    ]
    assert list(plan["overdue"]) == [True, True, False, False, False, False, False, False]
    assert plan["days_left"].iloc[0] == -147
    assert list(plan["status"].iloc[-2:]) == ["done", "done"]  # past due but closed: not overdue
    assert plan_summary(plan) == {"open": 3, "in progress": 3, "done": 2, "dropped": 0, "overdue": 2}


def test_a_commitment_becomes_overdue_the_day_after_its_due_date():
    frame = pd.DataFrame(
        {"commitment": ["a"], "due_date": [pd.Timestamp("2026-01-31")], "status": pd.array(["open"], "string")}
    )
    assert not action_plan(frame, pd.Timestamp("2026-01-31"))["overdue"].iloc[0]
    assert action_plan(frame, pd.Timestamp("2026-02-01"))["overdue"].iloc[0]


def test_owners_by_scope_lists_people_and_business_units(demo_store):
    store, pid = demo_store
    table = owners_by_scope(store.read(pid, Table.OWNERS)).set_index("scope")
    assert list(table.index) == ["partnership", "step 1", "step 4", "step 5", "step 6"]
    assert table.loc["partnership", "owner"] == "Helena Voss (Sustainability)"
    assert table.loc["partnership", "sponsor"] == "Sofia Lindqvist (Procurement)"
    assert table.loc["partnership", "units"] == 2
    assert table.loc["step 6", "contributor"] == "Kenji Watanabe (Product design)"


def test_stories_are_found_by_indicator(demo_store):
    store, pid = demo_store
    found = stories_by_indicator(store.read(pid, Table.STORIES))
    assert found["Ocean-bound plastic collected"] == ["A monsoon fortnight at Kasimedu"]
    assert len(found) == 4


def test_every_case_of_the_domain_is_tied_to_a_step():
    assert len(CASES) == 9
    assert {case.step for case in CASES} == {1, 2, 3, 4, 5, 6}
    irma = next(case for case in CASES if "IRMA" in case.name)
    assert irma.step == 4 and "six chambers" in irma.summary
    higg = next(case for case in cases_for_step(5) if "Higg" in case.name)
    assert "21,000" in higg.summary and "119 countries" in higg.summary and "40%" in higg.summary


def test_quick_capture_adds_validated_records_and_can_be_undone(demo_store):
    store, pid = demo_store
    before = store.read(pid, Table.ACTORS)
    problems = capture(store, pid, Table.ACTORS, {"name": "Marina Fishers Guild", "type": "community"})
    assert problems == []
    after = store.read(pid, Table.ACTORS)
    assert len(after) == len(before) + 1 and after["name"].iloc[-1] == "Marina Fishers Guild"
    store.undo_last(pid)
    pd.testing.assert_frame_equal(store.read(pid, Table.ACTORS), before)


def test_quick_capture_refuses_bad_or_duplicate_records_and_stores_nothing(demo_store):
    store, pid = demo_store
    before = {table: store.read(pid, table) for table in (Table.ACTORS, Table.RATINGS, Table.BARRIERS)}
    wrong_type = capture(store, pid, Table.ACTORS, {"name": "X", "type": "pirate"})
    assert wrong_type[0].column == "type" and "'pirate' is not one of" in wrong_type[0].message
    duplicate = capture(store, pid, Table.ACTORS, {"name": " meridian devices ", "type": "company"})
    assert "already recorded" in duplicate[0].message
    out_of_range = capture(store, pid, Table.RATINGS, {"participant": "P", "cause": "Aggregator margins", "rating": 9})
    assert "outside 1-5" in out_of_range[0].message
    unknown = capture(store, pid, Table.RATINGS, {"participant": "P", "cause": "Moon phase", "rating": 3})
    assert "not a factor" in unknown[0].message
    no_category = capture(store, pid, Table.BARRIERS, {"name": "Floods"})
    assert no_category[0].column == "category" and no_category[0].message == "a value is required"
    for table, frame in before.items():
        pd.testing.assert_frame_equal(store.read(pid, table), frame)
    assert capture(store, pid, Table.BARRIERS, {"name": "Floods", "category": "environmental", "severity": 4}) == []
    assert store.read(pid, Table.BARRIERS)["name"].iloc[-1] == "Floods"


def test_quick_capture_adds_every_kind_the_room_names_and_checks_what_they_refer_to(demo_store):
    store, pid = demo_store
    actors = store.read(pid, Table.ACTORS)["name"].tolist()
    assert capture(store, pid, Table.RELATIONS, {"source": actors[0], "target": "Nobody Ltd", "kind": "funds"})[
        0
    ].message == ("'Nobody Ltd' is not an actor")
    added = {
        Table.RELATIONS: {"source": actors[0], "target": actors[1], "kind": "funds"},
        Table.FACTORS: {"name": "Monsoon flooding of hubs"},
        Table.EVIDENCE: {"statement": "Hub volumes fell 30% in the 2026 monsoon", "kind": "internal"},
        Table.COMMITMENTS: {"commitment": "Map the flood-prone hubs", "who": "Ana", "due_date": date(2027, 3, 1)},
    }
    for table, values in added.items():
        assert capture(store, pid, table, values) == [], table
    assert store.read(pid, Table.COMMITMENTS).set_index("commitment").loc["Map the flood-prone hubs", "who"] == "Ana"
    since = datetime.now() - timedelta(hours=1)
    listed = captured(store, pid, since)
    assert listed["kind"].tolist() == [SPECS[table].title for table in added]
    assert listed["item"].iloc[1] == "Monsoon flooding of hubs" and set(listed["who"]) == {store.user}
    store.undo_last(pid)  # the commitment taken back is no longer listed
    assert len(captured(store, pid, since)) == len(added) - 1
    assert captured(store, pid, datetime.now() + timedelta(hours=1)).empty


def test_several_ratings_land_together_or_not_at_all_with_each_problem_by_line(demo_store):
    store, pid = demo_store
    before = store.read(pid, Table.RATINGS)
    lines = [
        {"participant": "Ana", "cause": "Aggregator margins", "rating": 4},
        {"participant": "Bo", "cause": "Moon phase", "rating": 2},
        {"participant": "Ana", "cause": "aggregator  MARGINS", "rating": 5},
    ]
    problems = capture_many(store, pid, Table.RATINGS, lines)
    assert [(problem.row, problem.message) for problem in problems] == [
        (2, "'Ana / aggregator  MARGINS' is given twice"),
        (1, "'Moon phase' is not a factor of the map"),
    ]
    pd.testing.assert_frame_equal(store.read(pid, Table.RATINGS), before)
    assert capture_many(store, pid, Table.RATINGS, [lines[0], {**lines[1], "cause": "Aggregator margins"}]) == []
    assert len(store.read(pid, Table.RATINGS)) == len(before) + 2
    assert (store.changes(pid)["reason"] == capture_reason(Table.RATINGS)).sum() == 1  # one change for the grid
