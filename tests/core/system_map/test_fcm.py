"""The fuzzy cognitive map against FCMpy's published example, limit cycles, several end states and sensitivity."""

from __future__ import annotations

import math

import networkx as nx
import pandas as pd
import pytest

from core.system_map import fcm, fcm_scan
from core.system_map.fcm import FcmRule, Outcome, Squash

# FCMpy's 8-concept example (Mkhitaryan et al. 2020; fcmpy/simulator/simulator.md and unittests/test_simulator.py,
# replicating the R package fcm by Dikopoulou and Papageorgiou): rows are causes, columns effects.
CONCEPTS = [f"C{i}" for i in range(1, 9)]
WEIGHTS = pd.DataFrame(
    [
        [0.0, 0.0, 0.6, 0.9, 0.0, 0.0, 0.0, 0.8],
        [0.1, 0.0, 0.0, 0.0, 0.0, 0.0, 0.2, 0.5],
        [0.0, 0.7, 0.0, 0.0, 0.9, 0.0, 0.4, 0.1],
        [0.4, 0.0, 0.0, 0.0, 0.0, 0.9, 0.0, 0.0],
        [0.0, 0.0, 0.0, 0.0, 0.0, -0.9, 0.0, 0.3],
        [-0.3, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
        [0.0, 0.0, 0.0, 0.0, 0.0, 0.8, 0.4, 0.9],
        [0.1, 0.0, 0.0, 0.0, 0.0, 0.1, 0.6, 0.0],
    ],
    index=CONCEPTS,
    columns=CONCEPTS,
)
START = {"C1": 1, "C2": 1, "C3": 0, "C4": 0, "C5": 0, "C6": 0, "C7": 0, "C8": 0}
# Equilibria published in FCMpy's test (sigmoid, lambda = 1, threshold 0.001).
EQUILIBRIUM = {
    FcmRule.KOSKO: [0.5481291, 0.6004012, 0.5814756, 0.620872, 0.6279569, 0.6653852, 0.7617789, 0.8416584],
    FcmRule.MODIFIED_KOSKO: [0.7258851, 0.7907061, 0.7694508, 0.8124733, 0.8192938, 0.8399006, 0.9099403, 0.9557739],
    FcmRule.RESCALED: [0.4998427, 0.4985174, 0.4989474, 0.4984212, 0.4980938, 0.4885541, 0.4855651, 0.4853266],
}
# The modified Kosko run step by step, as printed in FCMpy's simulator documentation.
MODIFIED_KOSKO_STEPS = [
    [1.000000, 1.000000, 0.000000, 0.000000, 0.000000, 0.000000, 0.000000, 0.000000],
    [0.750260, 0.731059, 0.645656, 0.710950, 0.500000, 0.500000, 0.549834, 0.785835],
    [0.738141, 0.765490, 0.749475, 0.799982, 0.746700, 0.769999, 0.838315, 0.921361],
    [0.730236, 0.784168, 0.767163, 0.812191, 0.805531, 0.829309, 0.898379, 0.950172],
    [0.727059, 0.789378, 0.769467, 0.812967, 0.816974, 0.838759, 0.908173, 0.954927],
    [0.726125, 0.790510, 0.769538, 0.812650, 0.818986, 0.839860, 0.909707, 0.955666],
    [0.725885, 0.790706, 0.769451, 0.812473, 0.819294, 0.839901, 0.909940, 0.955774],
]


def _fcmpy_map() -> nx.DiGraph:
    return nx.from_pandas_adjacency(WEIGHTS, create_using=nx.DiGraph)  # keeps C7's link to itself


def _mutual_inhibition() -> nx.DiGraph:
    """Two factors that each push the other down hard (a classic bistable switch)."""
    diagram = nx.DiGraph()
    diagram.add_edge("a", "b", weight=-2.0)
    diagram.add_edge("b", "a", weight=-2.0)
    return diagram


def _fixed_point(gain: float) -> float:
    """The positive root of x = tanh(gain * x), by iteration."""
    x = 1.0
    for _ in range(200):
        x = math.tanh(gain * x)
    return x


@pytest.mark.parametrize("rule", list(FcmRule))
def test_each_rule_reaches_fcmpys_published_equilibrium(rule):
    run = fcm.simulate(_fcmpy_map(), None, rule, Squash.SIGMOID, initial=START)
    assert run.outcome is Outcome.SETTLED
    assert run.final.tolist() == pytest.approx(EQUILIBRIUM[rule], abs=5e-7)


def test_modified_kosko_matches_fcmpys_printed_steps():
    run = fcm.simulate(_fcmpy_map(), None, FcmRule.MODIFIED_KOSKO, Squash.SIGMOID, initial=START)
    assert run.steps == 6  # FCMpy: "The values converged in the 7 state"
    assert run.states.to_numpy().tolist() == [pytest.approx(row, abs=5e-7) for row in MODIFIED_KOSKO_STEPS]


def test_a_starting_value_for_an_unknown_factor_is_refused_like_a_push():
    with pytest.raises(KeyError, match=r"starting value.*C9"):
        fcm.simulate(_fcmpy_map(), None, initial={**START, "C9": 1.0})
    with pytest.raises(KeyError, match=r"push.*C9"):
        fcm.simulate(_fcmpy_map(), {"C9": 1.0})


def test_the_rescaled_rule_refuses_tanh():
    with pytest.raises(ValueError, match="sigmoid"):
        fcm.simulate(_fcmpy_map(), None, FcmRule.RESCALED, Squash.TANH)


def test_a_limit_cycle_is_named_with_its_period():
    # Kosko with tanh: a(t+1) = tanh(-2 b(t)), b(t+1) = tanh(-2 a(t)). From (1, 0) the two factors take
    # turns: (x, 0) -> (0, -x) -> (x, 0) ..., with x = tanh(2x) = 0.957504.
    run = fcm.simulate(_mutual_inhibition(), None, FcmRule.KOSKO, Squash.TANH, initial={"a": 1.0, "b": 0.0})
    x = _fixed_point(2.0)
    assert x == pytest.approx(0.957504, abs=1e-6)
    assert (run.outcome, run.period) == (Outcome.CYCLE, 2)
    assert not run.converged
    assert run.steps < fcm.MAX_STEPS  # stopped once the cycle showed, not when the steps ran out
    last_two = run.states.iloc[-2:].abs().to_numpy()
    assert sorted(last_two.max(axis=1)) == pytest.approx([x, x], abs=2e-3)
    assert run.end.to_dict() == pytest.approx({"a": x / 2, "b": -x / 2}, abs=2e-3)  # the average over the cycle


def test_a_damped_oscillation_settles_and_is_not_called_a_cycle():
    # Kosko with tanh and a self-loop of -0.9: a(t+1) = tanh(-0.9 a(t)) flips sign each step while shrinking
    # by about 0.9, so it repeats within the tolerance well before it is still; it settles at 0.
    diagram = nx.DiGraph()
    diagram.add_edge("a", "a", weight=-0.9)
    run = fcm.simulate(diagram, None, FcmRule.KOSKO, Squash.TANH, initial={"a": 1.0})
    assert (run.outcome, run.period) == (Outcome.SETTLED, 1)
    assert run.end["a"] == pytest.approx(0.0, abs=1e-3)


def test_a_bistable_map_reports_two_stable_end_states():
    # Modified Kosko with tanh settles at (x, -x) or (-x, x), x = tanh(3x) = 0.994902, depending on the start.
    found = fcm_scan.end_states(_mutual_inhibition(), None, FcmRule.MODIFIED_KOSKO, Squash.TANH)
    x = _fixed_point(3.0)
    assert x == pytest.approx(0.994902, abs=1e-6)
    assert found.several and len(found.states) == 2
    ends = sorted(found.states[["a", "b"]].to_numpy().tolist())
    assert ends == [pytest.approx([-x, x], abs=2e-3), pytest.approx([x, -x], abs=2e-3)]
    assert found.states["runs"].sum() + found.cycling + found.unsettled == found.starts == fcm_scan.STARTS


def test_fcmpys_map_has_one_end_state_and_it_is_the_published_one():
    found = fcm_scan.end_states(_fcmpy_map(), None, FcmRule.MODIFIED_KOSKO, Squash.SIGMOID)
    assert not found.several
    assert found.states[CONCEPTS].iloc[0].tolist() == pytest.approx(EQUILIBRIUM[FcmRule.MODIFIED_KOSKO], abs=2e-3)
    again = fcm_scan.end_states(_fcmpy_map(), None, FcmRule.MODIFIED_KOSKO, Squash.SIGMOID)
    assert again.states.equals(found.states)  # seeded starts


def test_sensitivity_matches_a_hand_calculation_on_a_chain():
    # a -> b (0.5) -> c (-0.8), Kosko, sigmoid, everything starts at 0.5. With no push a has no cause, so
    # a = s(0) = 0.5 and b = s(0.25) = 0.562177; c = s(-0.8 b) = 0.389... With a held at 1, b = s(0.5) = 0.622459;
    # with a held at 0, b = s(0) = 0.5.
    diagram = nx.DiGraph()
    diagram.add_edge("a", "b", weight=0.5)
    diagram.add_edge("b", "c", weight=-0.8)
    table = fcm_scan.sensitivity(diagram, "b", FcmRule.KOSKO, Squash.SIGMOID)
    s = lambda x: 1 / (1 + math.exp(-x))  # noqa: E731
    assert table.loc["a", "up_points"] == pytest.approx((s(0.5) - s(0.25)) * 100, abs=1e-9)  # +6.0282
    assert table.loc["a", "down_points"] == pytest.approx((s(0.0) - s(0.25)) * 100, abs=1e-9)  # -6.2177
    assert table.loc["c", "up_points"] == pytest.approx(0.0, abs=1e-12)  # c is downstream of b: no effect
    assert table.index.tolist() == ["a", "c"]  # the outcome itself is not pushed; largest move first
    assert bool(table["settled"].all())


def test_sensitivity_pushes_only_factors_upstream_of_the_outcome(monkeypatch):
    # a -> b -> c, and d -> e off to the side: only a leads to b, so only a is pushed (no push, a up, a down)
    diagram = nx.DiGraph()
    diagram.add_edge("a", "b", weight=0.5)
    diagram.add_edge("b", "c", weight=-0.8)
    diagram.add_edge("d", "e", weight=0.9)
    alone = nx.DiGraph(list(diagram.edges(data=True))[:2])
    expected = fcm_scan.sensitivity(alone, "b", FcmRule.KOSKO, Squash.SIGMOID)
    runs = []
    real = fcm_scan.iterate
    monkeypatch.setattr(
        fcm_scan, "iterate", lambda weights, start, *rest: runs.append(len(start)) or real(weights, start, *rest)
    )
    table = fcm_scan.sensitivity(diagram, "b", FcmRule.KOSKO, Squash.SIGMOID)
    assert runs == [3]
    moves = ["up_points", "down_points"]
    assert table.loc["a", moves].tolist() == expected.loc["a", moves].tolist()
    assert table.loc[["c", "d", "e"], ["up_points", "down_points", "largest_points"]].eq(0.0).all().all()
    assert table["upstream"].to_dict() == {"a": True, "c": False, "d": False, "e": False}
    assert table.index[0] == "a"


def test_sensitivity_agrees_with_single_what_if_runs():
    diagram = _fcmpy_map()
    table = fcm_scan.sensitivity(diagram, "C6", FcmRule.KOSKO, Squash.SIGMOID)
    assert table.index[0] == "C7"  # pushing C7 down moves C6 most (-14.83 pp)
    for factor in CONCEPTS:
        if factor == "C6":
            continue
        for level, column in ((1.0, "up_points"), (0.0, "down_points")):
            single, _, _ = fcm.what_if(diagram, {factor: level}, FcmRule.KOSKO, Squash.SIGMOID)
            assert table.loc[factor, column] == pytest.approx(single.loc["C6", "change_points"], abs=1e-9)


def test_runs_side_by_side_each_end_as_they_would_alone():
    weights = fcm.weight_matrix(_mutual_inhibition())
    starts = [{"a": 1.0, "b": 0.0}, {"a": 0.5, "b": 0.49}, {"a": 0.3, "b": -0.1}]
    batch = fcm.iterate(
        weights.to_numpy(),
        pd.DataFrame(starts)[list(weights.index)].to_numpy(),
        pd.DataFrame(False, index=range(3), columns=weights.index).to_numpy(),
        FcmRule.KOSKO,
        Squash.TANH,
    )
    assert batch.steps[1] < batch.steps[0]  # one run stops early and waits, frozen, for the others
    for row, start in enumerate(starts):
        alone = fcm.simulate(_mutual_inhibition(), None, FcmRule.KOSKO, Squash.TANH, initial=start)
        assert (batch.outcome[row], batch.period[row], batch.steps[row]) == (alone.outcome, alone.period, alone.steps)
        assert batch.end[row].tolist() == pytest.approx(alone.end[list(weights.index)].tolist(), abs=1e-12)
