"""Loops on the classic system archetypes, leverage, and the FCM against a hand calculation."""

from __future__ import annotations

import math

import networkx as nx
import pandas as pd
import pytest

from core.system_map import causal, fcm
from core.system_map.causal import LoopKind
from core.system_map.fcm import FcmRule, Squash


def _diagram(*links: tuple[str, str, str]) -> nx.DiGraph:
    return causal.build_diagram(pd.DataFrame(links, columns=["cause", "effect", "polarity"]))


def _kinds(diagram: nx.DiGraph) -> list[str]:
    return sorted(loop.kind.value for loop in causal.find_loops(diagram).loops)


ARCHETYPES = {
    # problem symptom eased by a quick fix (B), whose side effect worsens the problem later (R)
    "fixes that fail": (
        [
            ("problem", "fix", "+"),
            ("fix", "problem", "-"),
            ("fix", "side effect", "+"),
            ("side effect", "problem", "+"),
        ],
        ["B", "R"],
    ),
    # symptomatic fix (B), fundamental fix (B), and the fix's side effect eroding the fundamental one (R)
    "shifting the burden": (
        [
            ("symptom", "quick fix", "+"),
            ("quick fix", "symptom", "-"),
            ("symptom", "fundamental fix", "+"),
            ("fundamental fix", "symptom", "-"),
            ("quick fix", "side effect", "+"),
            ("side effect", "fundamental fix", "-"),
        ],
        ["B", "B", "R"],
    ),
    # growth engine (R) meets a limiting constraint (B)
    "limits to growth": (
        [
            ("effort", "performance", "+"),
            ("performance", "effort", "+"),
            ("performance", "constraint", "+"),
            ("constraint", "performance", "-"),
        ],
        ["B", "R"],
    ),
    # each side answers the other's lead (two B loops through "relative position"); their figure-eight
    # escalates, but it passes "relative" twice, so it is not a simple cycle and is not listed
    "escalation": (
        [
            ("a's results", "relative", "+"),
            ("relative", "b's activity", "+"),
            ("b's activity", "b's results", "+"),
            ("b's results", "relative", "-"),
            ("relative", "a's activity", "-"),
            ("a's activity", "a's results", "+"),
        ],
        ["B", "B"],
    ),
    # two users each grow by using a common resource (R, R) and both deplete it (B, B)
    "tragedy of the commons": (
        [
            ("a's activity", "a's gain", "+"),
            ("a's gain", "a's activity", "+"),
            ("b's activity", "b's gain", "+"),
            ("b's gain", "b's activity", "+"),
            ("a's activity", "total activity", "+"),
            ("b's activity", "total activity", "+"),
            ("total activity", "resource", "-"),
            ("resource", "a's gain", "+"),
            ("resource", "b's gain", "+"),
        ],
        ["B", "B", "R", "R"],
    ),
}


@pytest.mark.parametrize("name", list(ARCHETYPES))
def test_system_archetypes_give_the_right_loops(name):
    links, expected = ARCHETYPES[name]
    assert _kinds(_diagram(*links)) == expected


def test_escalation_loops_each_hold_one_negative_link_and_share_the_relative_position():
    links, _ = ARCHETYPES["escalation"]
    report = causal.find_loops(_diagram(*links))
    assert [loop.negatives for loop in report.loops] == [1, 1]
    assert all("relative" in loop.factors and loop.length == 3 for loop in report.loops)


def test_polarity_words_and_loop_order():
    diagram = _diagram(("b", "c", "negative"), ("c", "a", "-1"), ("a", "b", "positive"))
    (loop,) = causal.find_loops(diagram).loops
    assert loop.factors == ("a", "b", "c")
    assert loop.kind is LoopKind.REINFORCING
    assert causal.parse_polarity("maybe") is None


def test_factor_names_match_ignoring_case_and_spaces_spelled_as_first_met():
    factors = pd.DataFrame({"name": ["Sales", " sales "]})
    links = pd.DataFrame({"cause": ["SALES", "cash  flow"], "effect": ["Cash Flow", "sales"], "polarity": ["+", "-"]})
    diagram = causal.build_diagram(links, factors)
    assert list(diagram.nodes) == ["Sales", "Cash Flow"]  # the factors first, then the links row by row
    report = causal.find_loops(diagram)
    assert [(loop.factors, loop.kind) for loop in report.loops] == [(("Cash Flow", "Sales"), LoopKind.BALANCING)]


def test_dense_map_is_bounded_and_counts_what_was_not_listed():
    complete = nx.complete_graph(9, create_using=nx.DiGraph)
    links = [(str(a), str(b), "+") for a, b in complete.edges]
    report = causal.find_loops(_diagram(*links), length_bound=4, limit=50)
    expected = sum(math.perm(9, k) // k for k in (2, 3, 4))  # directed cycles of K9 up to length 4
    assert len(report.loops) == 50
    assert report.truncated
    assert report.complete
    assert len(report.loops) + report.not_listed == expected


def test_leverage_ranks_factors_by_loops_through_them():
    links, _ = ARCHETYPES["shifting the burden"]
    diagram = _diagram(*links)
    ranking = causal.leverage(diagram, causal.find_loops(diagram))
    assert ranking.index[0] in {"symptom", "quick fix", "fundamental fix"}
    assert ranking.index[0] == "symptom"
    assert ranking.at["symptom", "loops"] == 3
    assert ranking.at["quick fix", "loops"] == 2
    assert ranking.at["side effect", "reinforcing"] == 1


SMALL = pd.DataFrame(
    {"cause": ["a", "b", "c"], "effect": ["b", "c", "a"], "polarity": [1, -1, 1], "strength": [0.5, -0.4, 0.8]}
)


def test_kosko_sigmoid_matches_a_hand_calculation():
    # Hand calculation, A(0) = (a, b, c) = (1, 0, 0) with a clamped at 1:
    # b1 = s(0.5*a0) = s(0.5) = 0.622459;  c1 = s(-0.4*b0) = s(0) = 0.5
    # b2 = s(0.5) = 0.622459;  c2 = s(-0.4*0.622459) = s(-0.248984) = 0.438074
    diagram = causal.build_diagram(SMALL)
    run = fcm.simulate(diagram, {"a": 1.0}, FcmRule.KOSKO, Squash.SIGMOID, initial={"a": 1, "b": 0, "c": 0})
    assert run.states.loc[1].to_dict() == pytest.approx({"a": 1.0, "b": 0.622459, "c": 0.5}, abs=1e-6)
    assert run.states.loc[2].to_dict() == pytest.approx({"a": 1.0, "b": 0.622459, "c": 0.438074}, abs=1e-6)
    assert run.converged
    assert run.steps == 3  # step 3 changes nothing


def test_modified_kosko_tanh_matches_a_hand_calculation():
    # A(t+1) = tanh(A(t) + W^T A(t)), from (a, b, c) = (0.5, 0.5, 0.5), nothing clamped:
    # a1 = tanh(0.5 + 0.8*0.5) = tanh(0.9) = 0.716298
    # b1 = tanh(0.5 + 0.5*0.5) = tanh(0.75) = 0.635149
    # c1 = tanh(0.5 - 0.4*0.5) = tanh(0.3) = 0.291313
    diagram = causal.build_diagram(SMALL)
    run = fcm.simulate(diagram, None, FcmRule.MODIFIED_KOSKO, Squash.TANH, initial=0.5)
    assert run.states.loc[1].to_dict() == pytest.approx({"a": 0.716298, "b": 0.635149, "c": 0.291313}, abs=1e-6)


def test_results_are_keyed_by_name_not_position():
    shuffled = SMALL.iloc[[2, 0, 1]]
    factors = pd.DataFrame({"name": ["c", "b", "a"]})
    first = fcm.simulate(causal.build_diagram(SMALL), {"a": 1.0}, FcmRule.KOSKO)
    second = fcm.simulate(causal.build_diagram(shuffled, factors), {"a": 1.0}, FcmRule.KOSKO)
    assert second.final.to_dict() == pytest.approx(first.final.to_dict())
    with pytest.raises(KeyError, match="zz"):
        fcm.simulate(causal.build_diagram(SMALL), {"zz": 1.0})


def test_oscillating_map_reports_no_convergence():
    flip = pd.DataFrame({"cause": ["a"], "effect": ["a"], "polarity": [-1], "strength": [-1.0]})
    run = fcm.simulate(causal.build_diagram(flip), None, FcmRule.KOSKO, Squash.TANH, initial=1.0)
    # a(t+1) = tanh(-a(t)) shrinks towards 0 slowly but alternates sign; with strength -1 it converges
    # only very slowly: after 100 steps it is still changing by more than 0.001.
    assert not run.converged
    assert run.steps == 100


def test_what_if_change_in_points_on_a_0_to_100_scale():
    diagram = causal.build_diagram(SMALL)
    table, baseline, scenario = fcm.what_if(diagram, {"a": 1.0}, FcmRule.KOSKO, Squash.SIGMOID)
    assert table.at["b", "change_points"] == pytest.approx((scenario.final["b"] - baseline.final["b"]) * 100)
    assert table.at["b", "change_points"] > 0  # a up, a -> b positive
    assert bool(table.at["a", "clamped"])
    assert table.at["b", "to_points"] - table.at["b", "from_points"] == pytest.approx(table.at["b", "change_points"])


def test_on_tanh_the_0_to_100_scale_runs_from_minus_one_to_one():
    assert [Squash.TANH.points(value) for value in (-1.0, 0.0, 0.5, 1.0)] == [0.0, 50.0, 75.0, 100.0]
    assert [Squash.SIGMOID.points(value) for value in (0.0, 0.62, 1.0)] == pytest.approx([0.0, 62.0, 100.0])
    diagram = causal.build_diagram(SMALL)
    table, baseline, scenario = fcm.what_if(diagram, {"a": 1.0}, FcmRule.KOSKO, Squash.TANH)
    change = table.at["b", "change_points"]
    assert change == pytest.approx((scenario.final["b"] - baseline.final["b"]) * 50)  # a range of 2, not 1
    assert -100 <= change <= 100


def test_the_what_if_headline_says_what_was_pushed_and_moves_in_points():
    table = pd.DataFrame(
        {"from_points": [62.0, 41.0, 50.0, 10.0], "to_points": [35.0, 68.0, 50.2, 100.0],
         "change_points": [-27.0, 27.0, 0.2, 90.0], "clamped": [False, False, False, True]},
        index=["Aggregator margins", "Consumer trust", "Port fees", "Traceability"],
    )  # fmt: skip
    assert fcm.what_if_headline(table, {"Traceability": "up", "Oil price": "down"}) == (
        "Pushing Traceability up and Oil price down: Consumer trust rises most, from 41 to 68 "
        "(27 points on a 0-100 scale); Aggregator margins falls most, from 62 to 35 (27 points)"
    )
    rising = table.drop(index="Aggregator margins")
    assert fcm.what_if_headline(rising, {"Traceability": "up"}) == (
        "Pushing Traceability up: Consumer trust rises most, from 41 to 68 (27 points on a 0-100 scale)"
    )
    still = table.loc[["Port fees", "Traceability"]]  # 0.2 points: nothing worth a headline
    assert fcm.what_if_headline(still, {"Traceability": "up"}) == (
        "Pushing Traceability up moves no other factor by as much as half a point on a 0-100 scale"
    )


def test_demo_has_both_loop_types(demo_store):
    from core.store import Table

    store, pid = demo_store
    frames = store.read_many(pid, [Table.FACTORS, Table.CAUSAL_LINKS])
    diagram = causal.build_diagram(frames[Table.CAUSAL_LINKS], frames[Table.FACTORS])
    counts = causal.find_loops(diagram).counts()
    assert counts[LoopKind.REINFORCING] >= 1 and counts[LoopKind.BALANCING] >= 1
    assert diagram.number_of_nodes() >= 12
