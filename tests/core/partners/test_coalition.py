"""The coalition builder: coverage, pins and exclusions, explanations, cautions."""

from __future__ import annotations

import itertools

import pandas as pd
import pytest

from core.across.demo import load_demo
from core.model import Lever
from core.partners.cautions import CautionKind, cautions
from core.partners.coalition import build
from core.records import coerce
from core.tables import Table


def _actors(rows: list[dict]) -> pd.DataFrame:
    return coerce(pd.DataFrame(rows), Table.ACTORS)


def _demo() -> pd.DataFrame:
    _, frames = load_demo()
    return coerce(frames[Table.ACTORS], Table.ACTORS)


# A greedy choice takes the broad, strong "Wide" first and then cannot cover
# both missing levers with one more pick; the pair Left + Right covers all five.
TRAP = [
    {"name": "Wide", "type": "company", "interest": 5, "influence": 5,
     "levers": "policy; capital; implementation"},
    {"name": "Left", "type": "ngo", "interest": 2, "influence": 2,
     "levers": "policy; capital; legitimacy"},
    {"name": "Right", "type": "government", "interest": 2, "influence": 2,
     "levers": "implementation; market access"},
    {"name": "Copy", "type": "company", "interest": 5, "influence": 5,
     "levers": "policy; capital; implementation"},
]  # fmt: skip


def _covers(frame: pd.DataFrame, names: list[str]) -> set[str]:
    chosen = frame[frame["name"].isin(names)]
    return {item.strip() for cell in chosen["levers"].dropna() for item in cell.split(";")}


def test_covers_all_levers_when_a_pair_can():
    frame = _actors(TRAP)
    proposal = build(frame, size=2)
    assert set(proposal.names) == {"Left", "Right"}
    assert proposal.missing_levers == ()
    assert _covers(frame, proposal.names) == {lever.value for lever in Lever}


def test_prefers_complementary_over_look_alikes():
    frame = _actors(TRAP)
    proposal = build(frame, size=3)
    assert not {"Wide", "Copy"} <= set(proposal.names)


def test_demo_short_list_covers_all_levers_at_every_size_from_three():
    frame = _demo()
    for size in range(3, 13):
        proposal = build(frame, size)
        assert len(proposal.picks) == size
        assert proposal.missing_levers == (), size


def test_matches_exhaustive_search_on_demo_slices():
    """Greedy plus single swaps finds the best short list on these slices."""
    from core.partners.coalition import DIVERSITY, _matrices, _objective

    demo = _demo()
    for start in (0, 14, 28):
        frame = demo.iloc[start : start + 16].reset_index(drop=True)
        m = _matrices(frame, None)
        for size in (2, 3, 4):
            best = max(_objective(m, list(c), DIVERSITY) for c in itertools.combinations(range(len(frame)), size))
            assert build(frame, size).objective == pytest.approx(best), (start, size)


def test_explanations_match_the_picks():
    frame = _demo()
    proposal = build(frame, 8)
    seen_levers: set[str] = set()
    seen_positions: set[str] = set()
    seen_types: set[str] = set()
    by_name = frame.set_index("name")
    for pick in proposal.picks:
        row = by_name.loc[pick.name]
        levers = {item.strip() for item in str(row["levers"]).split(";")}
        position = str(row["value_chain"]).strip().casefold()
        assert set(pick.added_levers) == levers - seen_levers
        assert set(pick.added_positions) == ({position} - seen_positions)
        assert pick.new_type == (row["type"] not in seen_types)
        for lever in pick.added_levers:
            assert lever in pick.reason
        seen_levers |= levers
        seen_positions.add(position)
        seen_types.add(row["type"])
    assert set(proposal.covered_levers) == seen_levers


def test_pins_and_exclusions_change_the_proposal():
    frame = _demo()
    free = build(frame, 6)
    top = free.names[0]
    excluded = build(frame, 6, exclusions=[top])
    assert top not in excluded.names
    pinned = build(frame, 6, pins=["Saltmarsh Microfinance", "kelora school of public health"])
    assert pinned.names[:2] == ["Saltmarsh Microfinance", "Kelora School of Public Health"]
    assert pinned.picks[0].pinned and "pinned by you" in pinned.picks[0].reason
    assert len(pinned.names) == 6
    # A pin wins over an exclusion of the same name; unknown names are ignored.
    both = build(frame, 3, pins=["Saltmarsh Microfinance"], exclusions=["Saltmarsh Microfinance", "Nobody"])
    assert "Saltmarsh Microfinance" in both.names


def test_size_larger_than_the_pool_takes_everyone_allowed():
    frame = _actors(TRAP)
    proposal = build(frame, size=10, exclusions=["Copy"])
    assert sorted(proposal.names) == ["Left", "Right", "Wide"]


def test_cautions_from_the_framework():
    frame = _actors(TRAP)
    kinds = {caution.kind for caution in cautions(frame[frame["name"].isin(["Wide", "Copy", "Left"])])}
    assert CautionKind.NO_COMMUNITY in kinds
    assert CautionKind.FEW_MARKET_LEADERS in kinds
    assert CautionKind.SECTOR_DOMINATES in kinds  # 2 of 3 are companies
    uncovered = [
        c for c in cautions(frame[frame["name"] == "Wide"], candidates=frame) if c.kind is CautionKind.LEVER_UNCOVERED
    ]
    assert len(uncovered) == 2
    assert all("Candidates on the long list hold it" in c.message for c in uncovered)
    assert any("legitimacy" in c.message for c in uncovered)


def test_demo_short_list_cautions():
    frame = _demo()
    stored = frame[frame["shortlisted"].fillna(False)]
    kinds = [caution.kind for caution in cautions(stored, industry_adoption=True, candidates=frame)]
    # The demo short list has community groups, two market leaders, all levers.
    assert kinds == []
    without_leaders = stored[~stored["market_leader"].fillna(False)]
    messages = [c.message for c in cautions(without_leaders, industry_adoption=True)]
    assert any("1.7x" in message for message in messages)
    assert not any(c.kind is CautionKind.FEW_MARKET_LEADERS for c in cautions(without_leaders, industry_adoption=False))
