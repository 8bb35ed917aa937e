"""Benchmark: counting feedback loops, Keystone's search against networkx ``simple_cycles``.

Run: ``python -m bench loops`` (or ``python bench/bench_loops.py [--bound 8] [--cap 30]``).

For each map it times ``core.system_map.causal.find_loops`` (every loop up to
the bound counted within its 2 s budget, the 200 shortest listed) and the old
approach: enumerate ``networkx.simple_cycles(length_bound=...)`` and count
what it yields, which is how the loops were found before. The old approach
runs in a child process stopped after ``--cap`` seconds (on the layered map it
took 110 s and found nothing, since all its loops are 9 links long). Both
counts are printed, so they can be checked against each other where both
finish.

Maps: the demo partnership's diagram; complete digraphs (every factor drives
every other); a random dense map; and the layered map of issue 18: 9 layers
of 8 factors, each factor driving every factor of the next layer and the last
layer driving the first (72 factors, 576 links, 8**9 loops of 9 links); and
two hubs each linked both ways to 5,000 factors (20,000 links), where one
search step can close 5,000 loops (the budget must be charged for that work).
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import time
from pathlib import Path

import networkx as nx
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.system_map import causal

DEMO_LINKS = Path(__file__).resolve().parents[1] / "data" / "demo" / "causal_links.csv"


def _frame(links: list[tuple[str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(links, columns=["cause", "effect", "polarity"])


def complete(n: int) -> pd.DataFrame:
    return _frame([(f"f{a}", f"f{b}", "+-"[(a + b) % 2]) for a in range(n) for b in range(n) if a != b])


def layered(layers: int = 9, width: int = 8) -> pd.DataFrame:
    return _frame(
        [
            (f"L{layer}-{a}", f"L{(layer + 1) % layers}-{b}", "+")
            for layer in range(layers)
            for a in range(width)
            for b in range(width)
        ]
    )


def random_dense(n: int = 30, share: float = 0.25, seed: int = 18) -> pd.DataFrame:
    rng = random.Random(seed)
    return _frame(
        [(f"f{a}", f"f{b}", rng.choice("+-")) for a in range(n) for b in range(n) if a != b and rng.random() < share]
    )


def random_large(n: int = 3000, links: int = 60_000, seed: int = 18) -> pd.DataFrame:
    graph = nx.gnm_random_graph(n, links, seed=seed, directed=True)
    return _frame([(f"f{a}", f"f{b}", "+-"[(a + b) % 2]) for a, b in graph.edges])


def two_hubs(n: int = 5000) -> pd.DataFrame:
    """Two hub factors each linked both ways to ``n`` others (4n links): one step can close n loops."""
    hubs = ("A hub", "B hub")  # named first, so the search starts at a hub and each step onto B closes n loops
    spokes = [(hub, f"f{i}", "+") for hub in hubs for i in range(n)]
    return _frame(spokes + [(effect, cause, sign) for cause, effect, sign in spokes])


def demo() -> pd.DataFrame:
    return pd.read_csv(DEMO_LINKS)


MAPS = {
    "demo": demo,
    "complete 7": lambda: complete(7),
    "complete 9": lambda: complete(9),
    "complete 10": lambda: complete(10),
    "complete 12": lambda: complete(12),
    "random 30, 25% dense": random_dense,
    "random 3000, 60k links": random_large,
    "layered 9 x 8": layered,
    "two hubs x 5000": two_hubs,
}
_LINE = "{:<24}{:>7}{:>6}{:>7}{:>15}{:>8}{:>9}{:>8}{:>11}{:>8}"
EXTRA_LINKS = {"layered 9 x 8": 1}  # also searched one link further: there its 8**9 loops are in reach


def old_count(name: str, bound: int) -> str:
    """The old approach: count every cycle networkx's ``simple_cycles`` yields up to ``bound``; "count seconds"."""
    diagram = causal.build_diagram(MAPS[name]())
    started = time.perf_counter()
    count = sum(1 for _ in nx.simple_cycles(diagram, length_bound=bound))
    return f"{count} {time.perf_counter() - started}"


def _old_in_child(name: str, bound: int, cap: float) -> tuple[float | None, int | None]:
    """Seconds and count of the old approach in a child process, (None, None) past ``cap`` seconds."""
    code = f"import bench.bench_loops as b; print(b.old_count({name!r}, {bound}))"
    root = Path(__file__).resolve().parents[1]
    child = subprocess.Popen([sys.executable, "-c", code], cwd=root, stdout=subprocess.PIPE, text=True)
    try:
        out, _ = child.communicate(timeout=cap + 5)  # + the child's imports
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        return None, None
    count, seconds = out.split()
    return float(seconds), int(count)


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark; ``python -m bench loops`` calls this with no arguments (defaults)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bound", type=int, default=causal.DEFAULT_LENGTH_BOUND)
    parser.add_argument("--cap", type=float, default=30.0, help="seconds the old approach may run")
    args = parser.parse_args([] if argv is None else argv)
    causal.find_loops(causal.build_diagram(complete(4)))  # first-call costs, not measured
    budget = causal.DEFAULT_TIME_BUDGET
    print(f"bound {args.bound} links unless noted; budget {budget:g} s; old approach stopped after {args.cap:g} s")
    print("'full to': the longest loops counted in full; '>=': the budget ran out, the count is a lower bound")
    header = ("map", "links", "bound", "new s", "new count", "full to", "beyond", "old s", "old count", "ratio")
    print(_LINE.format(*header))
    rows = [(name, args.bound) for name in MAPS] + [(name, args.bound + extra) for name, extra in EXTRA_LINKS.items()]
    for name, bound in rows:
        diagram = causal.build_diagram(MAPS[name]())
        started = time.perf_counter()
        report = causal.find_loops(diagram, length_bound=bound)
        causal.leverage(diagram, report)
        ours = time.perf_counter() - started
        count = f"{report.total:,}" if report.complete else f">= {report.total:,}"
        old_s, old = _old_in_child(name, bound, args.cap)
        old_text = (f"{old_s:.2f}", f"{old:,}") if old_s is not None else (f"> {args.cap:g}", "-")
        ratio = f"{old_s / ours:.1f}x" if old_s is not None else f"> {args.cap / ours:.0f}x"
        found = (count, report.complete_up_to, report.beyond.value)
        print(_LINE.format(name, diagram.number_of_edges(), bound, f"{ours:.2f}", *found, *old_text, ratio))


if __name__ == "__main__":
    main(sys.argv[1:])
