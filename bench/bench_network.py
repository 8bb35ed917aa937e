"""Benchmark: step 1 metrics and network view on generated actor maps.

Run: ``python bench/bench_network.py [--sizes 200 2000 10000] [--baseline-limit 2000]``.

For each size (about 3 relations per actor, Barabasi-Albert so a few hubs
emerge as in real actor maps) it times Keystone's full metric set
(``core.system_map.network.analyse``) and building the network view, and the same
metric set with plain networkx defaults (exact betweenness, closeness,
pagerank, Louvain, articulation points, bridges, constraint) side by side,
and prints the ratio. Exact networkx betweenness and closeness take minutes
above ``--baseline-limit`` actors (toolchain.md: 164 s for betweenness alone
at 10,000), so there the baseline uses networkx's own sampled betweenness
(k=500, as Keystone samples there) and leaves closeness out, and says so.
It also reports how many of the top-10 brokers Keystone's sampled
betweenness shares with exact betweenness, on 2,000 and 10,000 actors.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import networkx as nx
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.system_map import network
from ui.system_map import network_view


def generated(size: int, seed: int = 1) -> tuple[pd.DataFrame, pd.DataFrame]:
    graph = nx.barabasi_albert_graph(size, 3, seed=seed)
    types = ["company", "ngo", "government", "investor", "university", "community"]
    actors = pd.DataFrame({"name": [f"actor {i}" for i in graph], "type": [types[i % 6] for i in graph]})
    relations = pd.DataFrame(
        [(f"actor {a}", f"actor {b}", 1 + (a + b) % 4) for a, b in graph.edges], columns=["source", "target", "weight"]
    )
    return actors, relations


def timed(function, *args, **kwargs):
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - started


def plain_networkx(graph: nx.Graph, large: bool) -> tuple[float, str]:
    """The same metric set with networkx defaults; returns seconds and what differed on large maps."""
    parts = {
        "degree": lambda: dict(graph.degree()),
        "pagerank": lambda: nx.pagerank(graph),
        "louvain": lambda: nx.community.louvain_communities(graph, seed=42),
        "articulation": lambda: list(nx.articulation_points(graph)),
        "bridges": lambda: list(nx.bridges(graph)),
        "constraint": lambda: nx.constraint(graph),
        "betweenness": lambda: nx.betweenness_centrality(graph, k=network.SAMPLES if large else None, seed=1),
        "closeness": lambda: nx.closeness_centrality(graph),
    }
    if large:
        del parts["closeness"]
    total = sum(timed(part)[1] for part in parts.values())
    return total, f"baseline: sampled betweenness (k={network.SAMPLES}), NO closeness (minutes)" if large else ""


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark; ``python -m bench network`` calls this with no arguments (defaults)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 2000, 10000])
    parser.add_argument("--baseline-limit", type=int, default=2000)
    args = parser.parse_args([] if argv is None else argv)
    warm_actors, warm_relations = generated(100)  # imports and first-call costs, not measured
    warm = network.build_network(warm_relations, warm_actors)
    network_view.actor_view(warm, network.analyse(warm))
    plain_networkx(warm.ties, large=False)
    print(f"{'actors':>7} {'metrics s':>10} {'view s':>8} {'plain nx s':>11} {'ratio':>7}  notes")
    for size in args.sizes:
        actors, relations = generated(size)
        built, build_s = timed(network.build_network, relations, actors)
        metrics, metric_s = timed(network.analyse, built)
        view, view_s = timed(network_view.actor_view, built, metrics)
        baseline_s, baseline_note = plain_networkx(built.ties, large=size > args.baseline_limit)
        ours = build_s + metric_s
        note = f"{metrics.method}; view shows {view.shown}/{view.total}, physics {'on' if view.physics else 'off'}"
        if baseline_note:
            note += f"; {baseline_note}"
        print(f"{size:>7} {ours:>10.2f} {view_s:>8.2f} {baseline_s:>11.2f} {baseline_s / ours:>6.1f}x  {note}")

    for size in (2000, 10000):
        actors, relations = generated(size)
        built = network.build_network(relations, actors)
        exact = network.analyse(built, network.BetweennessMethod.EXACT)
        sampled = network.analyse(built, network.BetweennessMethod.SAMPLED)
        agree = len(set(exact.brokers[:10]) & set(sampled.brokers[:10]))
        print(f"top-10 brokers, sampled (k={network.SAMPLES}) vs exact betweenness, {size:,} actors: {agree}/10 agree")


if __name__ == "__main__":
    main(sys.argv[1:])
