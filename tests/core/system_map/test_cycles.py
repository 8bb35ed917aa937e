"""Loop counting: known totals, shortest first, a budget that holds, and what lies past the bound."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import networkx as nx
import pandas as pd
import pytest

from core.system_map import causal, cycles
from core.system_map.causal import Beyond, LoopKind
from core.system_map.cycles import Sign, count_cycles
from tests.helpers import ROOT


def _diagram(links: list[tuple[str, str, object]]) -> nx.DiGraph:
    return causal.build_diagram(pd.DataFrame(links, columns=["cause", "effect", "polarity"]))


def _complete(n: int, polarity: str = "+") -> nx.DiGraph:
    return _diagram([(f"f{a}", f"f{b}", polarity) for a in range(n) for b in range(n) if a != b])


def _layered(layers: int = 9, width: int = 8) -> nx.DiGraph:
    """Each factor feeds every factor of the next layer; the last layer feeds the first."""
    return _diagram(
        [
            (f"L{layer}-{a}", f"L{(layer + 1) % layers}-{b}", "+")
            for layer in range(layers)
            for a in range(width)
            for b in range(width)
        ]
    )


def _ring(size: int) -> nx.DiGraph:
    return _diagram([(f"f{i}", f"f{(i + 1) % size}", "+") for i in range(size)])


@pytest.mark.parametrize(("n", "loops"), [(2, 1), (3, 5), (4, 20), (5, 84), (6, 409), (7, 2365)])
def test_complete_digraphs_have_the_known_number_of_loops(n, loops):
    # OEIS A006231: simple cycles of the complete digraph on n nodes
    report = causal.find_loops(_complete(n), limit=10)
    assert report.complete and report.total == loops
    assert report.by_length == {k: math.perm(n, k) // k for k in range(2, n + 1)}
    assert report.beyond is Beyond.NONE


def test_all_negative_complete_digraph_of_seven_gives_1071_reinforcing_and_1294_balancing():
    report = causal.find_loops(_complete(7, "-"), limit=10)
    assert report.counts() == {LoopKind.REINFORCING: 1071, LoopKind.BALANCING: 1294, LoopKind.UNKNOWN: 0}


def test_totals_and_leverage_cover_every_loop_counted_not_only_the_listed():
    diagram = _complete(7, "-")
    report = causal.find_loops(diagram, limit=5)
    assert len(report.loops) == 5 and report.not_listed == 2365 - 5
    ranking = causal.leverage(diagram, report)
    # by symmetry every factor lies on the same share of loops: sum over lengths of loops * length / 7
    through = sum(math.perm(7, k) // k * k for k in range(2, 8)) // 7
    assert (ranking["loops"] == through).all()
    assert (ranking["reinforcing"] + ranking["balancing"] == through).all()


def test_the_shortest_loops_are_listed_first_in_a_fixed_order():
    report = causal.find_loops(_complete(7), limit=30)
    lengths = [loop.length for loop in report.loops]
    assert lengths == [2] * 21 + [3] * 9  # every one of the 21 two-factor loops, then three-factor ones
    assert [loop.factors for loop in report.loops[:3]] == [("f0", "f1"), ("f0", "f2"), ("f0", "f3")]
    assert report.loops[21].factors == ("f0", "f1", "f2")
    keys = [(loop.length, loop.factors) for loop in report.loops]
    assert keys == sorted(keys)


def test_a_ring_longer_than_the_bound_is_reported_not_dropped():
    report = causal.find_loops(_ring(9), length_bound=8)
    assert report.total == 0 and report.complete
    assert report.beyond is Beyond.CERTAIN
    assert "exist and were not searched" in " ".join(report.notes())
    assert causal.find_loops(_ring(9), length_bound=9).total == 1


def test_a_big_strongly_connected_map_may_hold_longer_loops():
    # a ring of 9 with a chord: loops of 5 and 9 links, bound 6
    diagram = _diagram([*[(f"f{i}", f"f{(i + 1) % 9}", "+") for i in range(9)], ("f4", "f0", "-")])
    report = causal.find_loops(diagram, length_bound=6)
    assert report.total == 1 and report.loops[0].kind is LoopKind.BALANCING
    assert report.beyond is Beyond.POSSIBLE
    assert "may exist" in " ".join(report.notes())


def test_the_layered_map_has_no_loop_within_the_bound_and_says_longer_ones_exist():
    report = causal.find_loops(_layered(), length_bound=8, time_budget=5.0)
    assert report.complete and report.total == 0
    assert report.beyond is Beyond.CERTAIN


def _ticking_clock(monkeypatch, tick: float = 0.001) -> None:
    """Advance the budget's clock ``tick`` seconds per reading: a budget stops at the same point on any machine."""
    readings = iter(range(10**9))
    monkeypatch.setattr(cycles, "now", lambda: next(readings) * tick)


def test_the_budget_holds_when_counting_cannot_finish(monkeypatch):
    # 8**9 (about 1.3e8) loops of 9 links: far more than any budget can count
    _ticking_clock(monkeypatch)
    report = causal.find_loops(_layered(), length_bound=9, limit=50, time_budget=1.0)  # 1,000 clock readings
    assert not report.complete
    assert report.complete_up_to == 8  # nothing shorter exists, so lengths 1 to 8 were searched in full
    assert 0 < report.total < 8**9 and report.not_listed == report.total - len(report.loops)
    assert "lower bound" in " ".join(report.notes())
    assert report.headline().startswith("At least")


def test_a_real_budget_stops_the_search_and_says_what_was_counted():
    report = causal.find_loops(_layered(), length_bound=9, limit=50, time_budget=0.05)
    assert not report.complete and report.complete_up_to <= 8
    assert "lower bound" in " ".join(report.notes())


def test_the_budget_is_charged_for_the_arcs_a_hub_scans(monkeypatch):
    # two hubs linked both ways to 300 factors: each step onto the second hub scans its 300 links and closes
    # 299 loops of 4, so 300 such steps (89,700 loops) must read the clock about once per CHECK_EVERY links
    hubs = [(hub, f"f{i:03}", "+") for hub in ("a", "b") for i in range(300)]
    diagram = _diagram(hubs + [(effect, cause, "+") for cause, effect, _ in hubs])
    readings = []
    monkeypatch.setattr(cycles, "now", lambda: readings.append(1) or 0.0)
    report = causal.find_loops(diagram, length_bound=4, limit=0, time_budget=1.0)
    assert report.complete and report.by_length == {2: 600, 4: 300 * 299}
    per_start = 4 * 302  # one reading before each start at each length
    assert len(readings) >= per_start + 300 * 300 // cycles.CHECK_EVERY


def test_leverage_on_a_stopped_count_does_not_depend_on_names(monkeypatch):
    # every factor of the complete digraph is alike, so each must get the same leverage however far counting got
    diagram = _complete(12)
    _ticking_clock(monkeypatch)
    report = causal.find_loops(diagram, time_budget=0.3)
    assert not report.complete and 2 <= report.complete_up_to < 8
    ranking = causal.leverage(diagram, report)
    through = sum(math.perm(12, k) // k * k for k in range(2, report.complete_up_to + 1)) // 12
    assert (ranking["loops"] == through).all()
    assert f"up to {report.complete_up_to} links only" in report.leverage_scope()


def test_the_length_bound_is_capped_in_plain_words():
    with pytest.raises(ValueError, match="from 1 to 50 links, not 1100"):
        causal.find_loops(_ring(1100), length_bound=1100)
    assert causal.find_loops(_ring(50), length_bound=50).total == 1


def test_a_zero_budget_still_returns_and_says_nothing_was_counted_in_full():
    report = causal.find_loops(_complete(12), time_budget=0.0)
    assert not report.complete and report.complete_up_to == 0
    assert "not even the shortest" in report.notes()[0]


def test_links_of_unknown_polarity_are_kept_and_their_loops_listed_as_such():
    diagram = _diagram(
        [("a", "b", "+"), ("b", "a", "?"), ("b", "c", "-"), ("c", "b", "+"), ("c", "d", 0), ("d", "c", None)]
    )
    assert diagram.edges["c", "d"] == {"polarity": 0, "weight": 0.0, "delay": False}
    report = causal.find_loops(diagram)
    assert [(loop.factors, loop.kind.value, loop.unknown) for loop in report.loops] == [
        (("a", "b"), "?", 1),
        (("b", "c"), "B", 0),
        (("c", "d"), "?", 2),
    ]
    assert report.counts()[LoopKind.UNKNOWN] == 2
    assert causal.leverage(diagram, report).at["c", "unknown"] == 1


def test_count_cycles_agrees_with_networkx_on_random_signed_maps():
    import random

    rng = random.Random(18)
    for _ in range(60):
        n, p, bound = rng.randint(1, 7), rng.random(), rng.randint(1, 7)
        graph = nx.gnp_random_graph(n, p, seed=rng.randint(0, 10**6), directed=True)
        graph.add_edges_from((u, u) for u in range(n) if rng.random() < 0.2)
        signs = {edge: Sign(rng.randint(0, 2)) for edge in graph.edges}
        counted = count_cycles([[(v, signs[u, v]) for v in graph.successors(u)] for u in range(n)], bound, 1000, 60)
        expected = sorted(
            (len(c), tuple(c[c.index(min(c)) :] + c[: c.index(min(c))]))
            for c in nx.simple_cycles(graph, length_bound=bound)
        )
        assert counted.listed == [cycle for _, cycle in expected]
        assert counted.complete


_LIST_LOOPS = """
import json, sys
import pandas as pd
from core.system_map import causal, cycles
diagram = causal.build_diagram(pd.read_csv(sys.argv[1]))
report = causal.find_loops(diagram, limit=40)
ranking = causal.leverage(diagram, report)
print(json.dumps([[list(loop.factors) for loop in report.loops], ranking.index.tolist()]))
"""


def test_loop_order_does_not_depend_on_the_hash_seed(tmp_path):
    links = tmp_path / "links.csv"
    pd.DataFrame(
        [(f"factor {a}", f"factor {b}", "+-"[(a * b) % 2]) for a in range(7) for b in range(7) if a != b],
        columns=["cause", "effect", "polarity"],
    ).to_csv(links, index=False)
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", _LIST_LOOPS, str(links)],
            cwd=ROOT,
            env={"PYTHONHASHSEED": seed},
            stdout=subprocess.PIPE,
            text=True,
        )
        for seed in ("1", "2")
    ]
    (first_loops, first_ranking), (second_loops, second_ranking) = (
        json.loads(run.communicate(timeout=120)[0]) for run in runs
    )
    assert first_loops == second_loops and first_ranking == second_ranking
    assert [len(loop) for loop in first_loops] == [2] * 21 + [3] * 19
