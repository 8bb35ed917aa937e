"""Decision body, chambers, breadth, decision rights, value propositions, partner removal."""

from __future__ import annotations

import pandas as pd

from core.governance.raci import IssueKind, check
from core.governance.rights import (
    IRMA_CHAMBERS,
    body,
    breadth,
    check_chambers,
    check_decisions,
    check_value_props,
    remove_partner,
)
from core.model import PartnerType
from core.store import Table

GOVERNANCE = [Table.ACTORS, Table.RACI, Table.CHAMBERS, Table.VALUE_PROPS, Table.DECISIONS]
SHORTLIST = [
    "Meridian Devices",
    "Novaline Electronics",
    "Aurelia Recycling",
    "Precision Moulding Works",
    "Coastal Collectors Cooperative",
    "Selun Bay Waste Pickers Association",
    "Clean Tides Alliance",
    "Ministry of Environment, Republic of Kelora",
    "Tidewater Impact Capital",
    "Asia Circular Infrastructure Fund",
    "Port Amara University Polymer Lab",
    "Northbridge University Centre for Circular Materials",
]


def _actors(*rows: tuple[str, str, str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["name", "type", "value_chain"]).assign(shortlisted=True)


def test_the_demo_body_is_the_shortlist_and_its_chambers(demo_store):
    store, pid = demo_store
    frames = store.read_many(pid, GOVERNANCE)
    assert body(frames[Table.ACTORS], frames[Table.CHAMBERS]) == SHORTLIST
    extra = pd.DataFrame({"chamber": ["Observers"], "members": ["Fair Claims Watch; Meridian Devices"], "votes": [0]})
    assert body(frames[Table.ACTORS], extra)[-1] == "Fair Claims Watch"  # chamber members join the body


def test_demo_chambers_are_equal_and_no_sector_can_outvote(demo_store):
    store, pid = demo_store
    frames = store.read_many(pid, GOVERNANCE)
    report = check_chambers(frames[Table.CHAMBERS], frames[Table.ACTORS])
    assert report.ok
    # Six chambers of 2 votes; companies hold the brands chamber and the recyclers chamber: 4 of 12.
    assert report.by_chamber.tolist() == [2.0] * 6
    assert report.by_sector.to_dict() == {
        "Company / value chain": 4.0,
        "Community organisation": 2.0,
        "Investor / DFI": 2.0,
        "University": 2.0,
        "NGO": 1.0,
        "Government": 1.0,
    }


def test_irma_six_equal_chambers_pass_and_a_heavy_chamber_fails():
    assert check_chambers(IRMA_CHAMBERS, _actors()).ok
    heavy = IRMA_CHAMBERS.assign(votes=[11, 2, 2, 2, 2, 2])  # 11 of 21
    issues = check_chambers(heavy, _actors()).issues
    assert issues[0].startswith("Chambers do not have equal votes (Mining companies 11, Purchasers 2")
    assert "The Mining companies chamber holds 11 of 21 votes and can outvote all the others." in issues
    half = IRMA_CHAMBERS.assign(votes=[10, 2, 2, 2, 2, 2])
    assert any("holds half of the votes (10 of 20) and can block" in i for i in check_chambers(half, _actors()).issues)


def test_one_sector_spread_over_equal_chambers_can_still_outvote():
    actors = _actors(("Alpha Co", "company", "brand"), ("Beta Co", "company", "retail"),
                     ("Gamma Co", "company", "recycling"), ("Delta NGO", "ngo", "community"),
                     ("Eta Uni", "university", "research"))  # fmt: skip
    chambers = pd.DataFrame(
        {
            "chamber": ["Brands", "Retail", "Recycling", "Civil society", "Research"],
            "members": ["Alpha Co", "Beta Co", "Gamma Co; Alpha Co", "Delta NGO", "Eta Uni"],
            "votes": [1, 1, 1, 1, 1],
        }
    )
    report = check_chambers(chambers, actors)
    assert report.by_sector["Company / value chain"] == 3.0
    assert "Alpha Co sits in two chambers (Brands and Recycling) and would vote twice." in report.issues
    assert "The Company / value chain sector holds 3 of 5 votes and can outvote all the others." in report.issues


def test_breadth_of_the_demo_body(demo_store):
    store, pid = demo_store
    frames = store.read_many(pid, GOVERNANCE)
    reach = breadth(frames[Table.ACTORS], SHORTLIST, frames[Table.CHAMBERS], frames[Table.RACI])
    assert reach.positions == [
        "brand",
        "recycling",
        "moulding",
        "collection",
        "community",
        "policy",
        "finance",
        "research",
    ]
    assert reach.missing_positions == ["sorting", "compounding", "device assembly", "retail"]
    assert reach.types == list(PartnerType) and reach.missing_types == []
    assert reach.community_deciders == ["Coastal Collectors Cooperative", "Selun Bay Waste Pickers Association"]
    assert len(reach.issues) == 1 and "4x" in reach.issues[0] and "8 of 12" in reach.issues[0]


def test_a_community_that_is_only_consulted_is_a_beneficiary():
    actors = _actors(("Alpha Co", "company", "brand"), ("Shore Pickers", "community", "collection"))
    chambers = pd.DataFrame({"chamber": ["All"], "members": ["Alpha Co"], "votes": [1]})
    raci = pd.DataFrame({"activity": ["Pilot", "Pilot"], "partner": ["Alpha Co", "Shore Pickers"], "role": ["A", "C"]})
    reach = breadth(actors, ["Alpha Co", "Shore Pickers"], chambers, raci)
    assert reach.community_consulted == ["Shore Pickers"] and reach.community_deciders == []
    assert "Shore Pickers is in the body but neither votes nor leads an activity" in reach.issues[-1]
    reach = breadth(actors, ["Alpha Co"], chambers, raci)
    assert reach.issues[-1].startswith("No community organisation sits in the decision-making body")


def test_decisions_without_decider_rule_or_escalation_are_flagged():
    decisions = pd.DataFrame(
        {
            "decision": ["Approve budget", "Admit partner", "Approve claims"],
            "decider": [None, "Council", "Outside Agency"],
            "rule": ["majority", "equal sector chambers", "lead partner"],
            "escalation": ["Chair", None, "Council"],
        }
    )
    warnings = check_decisions(decisions, ["Alpha Co"], pd.DataFrame(columns=["chamber", "members", "votes"]))
    assert warnings == [
        "Nobody decides 'Approve budget': name the decider.",
        "'Admit partner' has no escalation path for when partners disagree.",
        "'Admit partner' is decided by sector chambers, but no chambers are set up.",
        "'Approve claims' is left to a lead partner, but Outside Agency is not a partner.",
    ]


def test_value_propositions_missing_half_written_and_stray():
    props = pd.DataFrame({"partner": ["Alpha Co", "Gone Ltd"], "gives": ["Cash", "Time"], "gains": [None, "Data"]})
    assert check_value_props(props, ["Alpha Co", "Beta Trust"]) == [
        "Alpha Co: say what it gains.",
        "Beta Trust has no value proposition yet: what does it give, what does it gain?",
        "Gone Ltd has a value proposition but is not a partner (any more).",
    ]


def test_removing_a_partner_keeps_every_table_consistent(demo_store):
    store, pid = demo_store
    frames = store.read_many(pid, GOVERNANCE)
    held = frames[Table.RACI][frames[Table.RACI]["partner"] == "Meridian Devices"]
    removal = remove_partner(frames, "meridian devices ")
    assert removal.changes[0] == f"Removed {len(held)} RACI roles."
    assert "'Funding round' loses its Accountable partner: name a new one." in removal.changes
    store.replace_many(pid, removal.frames)

    after = store.read_many(pid, GOVERNANCE)
    partners = body(after[Table.ACTORS], after[Table.CHAMBERS])
    assert "Meridian Devices" not in partners and len(partners) == 11
    assert "Meridian Devices" in set(after[Table.ACTORS]["name"])  # still on the map
    assert not after[Table.RACI]["partner"].eq("Meridian Devices").any()
    assert len(after[Table.RACI]) == 85 - len(held)
    assert after[Table.CHAMBERS]["members"][0] == "Novaline Electronics; Precision Moulding Works"
    assert "Meridian Devices" not in set(after[Table.VALUE_PROPS]["partner"])
    issues = check(after[Table.RACI], partners)
    assert not any(issue.kind is IssueKind.NOT_A_PARTNER for issue in issues)
    assert sum(issue.kind is IssueKind.NO_ACCOUNTABLE for issue in issues) == 6
    warnings = check_decisions(after[Table.DECISIONS], partners, after[Table.CHAMBERS])
    assert warnings == ["Nobody decides 'Approve public claims about recycled content': name the decider."]


def test_a_partner_dropped_elsewhere_is_flagged_while_it_holds_roles(demo_store):
    store, pid = demo_store
    frames = store.read_many(pid, GOVERNANCE)
    actors = frames[Table.ACTORS].copy()
    actors.loc[actors["name"] == "Tidewater Impact Capital", "shortlisted"] = False  # step 3 drops it
    chambers = frames[Table.CHAMBERS].copy()
    chambers.loc[chambers["chamber"] == "Finance", "members"] = "Asia Circular Infrastructure Fund"
    partners = body(actors, chambers)
    issues = check(frames[Table.RACI], partners)
    dropped = [issue for issue in issues if issue.kind is IssueKind.NOT_A_PARTNER]
    assert [issue.partner for issue in dropped] == ["Tidewater Impact Capital"]
    assert "I in 'Charter signing'" in dropped[0].message
