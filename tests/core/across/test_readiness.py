"""Readiness scorecard: every line turns on and off with the data behind it."""

from __future__ import annotations

import pandas as pd
import pytest

from core.across.readiness import Check, answers_by_topic, readiness, readiness_of, score, toc_gaps
from core.store import Table


@pytest.fixture
def demo(demo_store):
    store, pid = demo_store
    frames = store.read_many(pid, list(Table))
    return frames, answers_by_topic(frames[Table.ANSWERS])


def _line(frames, answers, check, stage="pilot"):
    return next(line for line in readiness(frames, answers, stage) if line.check is check)


def _with(frames, table, frame):
    return {**frames, table: frame}


STATEMENT = pd.DataFrame({"version": [1], "text": ["Ocean-bound plastic leaks because collection does not pay."]})


def test_demo_scorecard_matches_the_demo_story(demo_store):
    store, pid = demo_store
    lines = readiness_of(store, pid)
    assert [line.check for line in lines] == list(Check)
    by_check = {line.check: line for line in lines}
    assert by_check[Check.FACT_BASE].reason == "20 of 23 evidence rows are shared with members."
    assert by_check[Check.VALUE_CHAIN].passed
    assert "2 market leaders" in by_check[Check.MARKET_LEADERS].reason
    assert by_check[Check.THEORY_OF_CHANGE].passed
    assert all(line.figure for line in lines)
    assert by_check[Check.FACT_BASE].figure.startswith("Alliances that share data")
    assert by_check[Check.SECRETARIAT].page == "pages/steps/governance.py"


def test_problem_needs_a_statement_and_a_measurable_outcome(demo):
    frames, answers = demo
    no_statement = _with(frames, Table.STATEMENTS, frames[Table.STATEMENTS].iloc[0:0])
    line = _line(no_statement, answers, Check.PROBLEM)
    assert not line.passed and line.reason == "4 measurable outcomes, but no problem statement has been saved."
    with_statement = _with(frames, Table.STATEMENTS, STATEMENT)
    assert _line(with_statement, answers, Check.PROBLEM).passed
    outcomes = frames[Table.OUTCOMES].copy()
    outcomes["target"] = pd.NA
    line = _line(_with(with_statement, Table.OUTCOMES, outcomes), answers, Check.PROBLEM)
    assert not line.passed and "baseline, a target and a date" in line.reason


def test_fact_base_passes_only_when_most_rows_are_shared(demo):
    frames, answers = demo
    evidence = frames[Table.EVIDENCE].copy()
    assert _line(frames, answers, Check.FACT_BASE).passed
    evidence["shared"] = False
    evidence.loc[: len(evidence) // 2 - 1, "shared"] = True  # 11 of 23: not most
    line = _line(_with(frames, Table.EVIDENCE, evidence), answers, Check.FACT_BASE)
    assert not line.passed and line.reason.startswith("Only 11 of 23")
    evidence.loc[len(evidence) // 2, "shared"] = True  # 12 of 23
    assert _line(_with(frames, Table.EVIDENCE, evidence), answers, Check.FACT_BASE).passed
    assert not _line(_with(frames, Table.EVIDENCE, evidence.iloc[0:0]), answers, Check.FACT_BASE).passed


def test_value_chain_needs_positions_and_a_community_voice(demo):
    frames, answers = demo
    actors = frames[Table.ACTORS].copy()
    assert _line(frames, answers, Check.VALUE_CHAIN).passed
    # No chambers, and only the two brands and the recycler shortlisted: 2 positions, no community.
    actors["shortlisted"] = actors["name"].isin(["Meridian Devices", "Novaline Electronics", "Aurelia Recycling"])
    narrow = {**frames, Table.ACTORS: actors, Table.CHAMBERS: frames[Table.CHAMBERS].iloc[0:0]}
    line = _line(narrow, answers, Check.VALUE_CHAIN)
    assert not line.passed
    assert "covers 2 value-chain positions" in line.reason and "no community organisation" in line.reason
    # Adding a waste-picker cooperative and two more positions through a chamber fixes it.
    chamber = pd.DataFrame(
        {"chamber": ["Field"], "members": ["Coastal Collectors Cooperative; Tidewater Impact Capital"], "votes": [1]}
    )
    assert _line({**narrow, Table.CHAMBERS: chamber}, answers, Check.VALUE_CHAIN).passed


def test_secretariat_is_needed_only_for_multi_year_work(demo):
    frames, _ = demo
    assert not _line(frames, {}, Check.SECRETARIAT).passed
    long_corporate = {"governance": {"chosen_model": "corporate_led", "horizon_years": 5, "secretariat_funded": False}}
    assert not _line(frames, long_corporate, Check.SECRETARIAT).passed
    funded = {"governance": {**long_corporate["governance"], "secretariat_funded": True}}
    assert _line(frames, funded, Check.SECRETARIAT).passed
    backbone = {"governance": {"chosen_model": "neutral_backbone", "horizon_years": 10}}
    assert _line(frames, backbone, Check.SECRETARIAT).passed
    short = {"governance": {"chosen_model": "corporate_led", "horizon_years": 2}}
    assert _line(frames, short, Check.SECRETARIAT).passed


def test_market_leaders_count_in_industry_adoption_pilots_only(demo):
    frames, answers = demo
    pilots = frames[Table.PILOTS].copy()
    assert _line(frames, answers, Check.MARKET_LEADERS).passed
    pilots.loc[pilots["aim"] == "industry adoption", "market_leaders"] = "Meridian Devices"
    line = _line(_with(frames, Table.PILOTS, pilots), answers, Check.MARKET_LEADERS)
    assert not line.passed and "at most 1 market leader" in line.reason
    # Two leaders in a community pilot do not count.
    pilots.loc[pilots["aim"] == "community", "market_leaders"] = "Meridian Devices; Novaline Electronics"
    assert not _line(_with(frames, Table.PILOTS, pilots), answers, Check.MARKET_LEADERS).passed


def test_theory_of_change_gaps_fail_the_line(demo):
    frames, answers = demo
    assert _line(frames, answers, Check.THEORY_OF_CHANGE).passed
    links = frames[Table.TOC_LINKS]
    cut = links[links["source"] != "Convene EPR policy dialogue"]  # the activity now reaches nothing
    line = _line(_with(frames, Table.TOC_LINKS, cut), answers, Check.THEORY_OF_CHANGE)
    assert not line.passed and "'Convene EPR policy dialogue'" in line.reason
    indicators = frames[Table.INDICATORS]
    unmeasured = indicators[indicators["toc_item"] != "Policy adoption: modulated EPR fees"]
    gaps = toc_gaps(frames[Table.TOC_ITEMS], links, unmeasured)
    assert gaps == {"activities": [], "outcomes": [], "shifts": ["Policy adoption: modulated EPR fees"], "missing": []}
    assert not _line(_with(frames, Table.INDICATORS, unmeasured), answers, Check.THEORY_OF_CHANGE).passed


def test_theory_of_change_by_hand():
    items = pd.DataFrame({"name": ["a", "o", "s"], "level": ["activity", "outcome", "system shift"]})
    links = pd.DataFrame({"source": ["a"], "target": ["o"]})
    indicators = pd.DataFrame({"toc_item": ["s"]})
    assert toc_gaps(items, links, indicators)["outcomes"] == ["o"]
    links = pd.DataFrame({"source": ["a", "o"], "target": ["o", "s"]})
    assert toc_gaps(items, links, indicators) == {"activities": [], "outcomes": [], "shifts": [], "missing": []}


@pytest.mark.parametrize(
    ("model", "stage", "fits"),
    [
        ("grant", "pilot", True),
        ("grant", "growth", False),
        ("corporate_balance_sheet", "growth", True),
        ("corporate_balance_sheet", "scale", False),
        ("pooled_fund", "pilot", False),
        ("pooled_fund", "scale", True),
        ("blended", "scale", True),
        ("blended", "pilot", False),
    ],
)
def test_funding_fit_follows_the_stage_column(demo, model, stage, fits):
    frames, _ = demo
    assert _line(frames, {"funding": {"chosen_model": model, "stage": stage}}, Check.FUNDING_FIT).passed is fits


def test_funding_fit_falls_back_to_the_partnership_stage(demo):
    frames, _ = demo
    answers = {"funding": {"chosen_model": "blended"}}
    assert not _line(frames, {}, Check.FUNDING_FIT).passed
    assert not _line(frames, answers, Check.FUNDING_FIT, stage="pilot").passed
    assert _line(frames, answers, Check.FUNDING_FIT, stage="scale").passed


def test_score_counts_passing_lines(demo_store):
    store, pid = demo_store
    store.save_answers(
        pid, "governance", {"chosen_model": "corporate_led", "horizon_years": 8, "secretariat_funded": False}
    )
    before = score(readiness_of(store, pid))
    store.save_answers(pid, "governance", {"chosen_model": "neutral_backbone", "horizon_years": 8})
    after = score(readiness_of(store, pid))
    assert after == (before[0] + 1, 7)
