"""Counting the simple cycles of a signed digraph up to a length, within a time budget.

Nodes are the integers ``0 .. n-1``; each arc carries a :class:`Sign`. A
cycle is written from its lowest node (its canonical rotation), so each is
met exactly once. Cycles are enumerated by increasing length and, within a
length, in lexicographic order of their node tuples: the first ``limit`` met
are therefore the shortest, in a fixed order that depends on nothing but
the graph (no set or hash order, no timing).

For each start node ``s`` the search only walks nodes above ``s`` and only
steps to a node from which ``s`` can still be reached within the length
left (breadth-first distances back to ``s``, extended one hop per length).
That pruning makes a map whose loops are all longer than the bound cost
next to nothing. The clock is read every :data:`CHECK_EVERY` steps and
before each start, so the budget holds on any map, overrun at most by one
pass over the map's links (milliseconds for thousands of links). When the
budget runs out, every cycle shorter than the length being searched has
been counted and the rest is a lower bound.

Cycles longer than the bound are not searched. A strongly connected part
with more nodes than the bound *may* hold one; if the shortest cycle through
its lowest node is already longer than the bound, one certainly exists.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum

import networkx as nx

__all__ = ["CHECK_EVERY", "Beyond", "CycleCount", "Sign", "count_cycles"]

CHECK_EVERY = 1024
"""Search steps between two readings of the clock."""


class Sign(IntEnum):
    """An arc's sign, and also a cycle's kind: even (0), odd (1) or unknown (2) number of negatives."""

    POSITIVE = 0
    NEGATIVE = 1
    UNKNOWN = 2


# _JOIN[path kind][arc sign]: the kind of the path extended by the arc
_JOIN = ((0, 1, 2), (1, 0, 2), (2, 2, 2))


class Beyond(StrEnum):
    """What lies past the length bound (cycles longer than it are never searched)."""

    NONE = "none"  # no strongly connected part has more nodes than the bound: nothing is longer
    POSSIBLE = "possible"  # a strongly connected part is larger than the bound: longer cycles may exist
    CERTAIN = "certain"  # a node's shortest cycle is longer than the bound: longer cycles exist


@dataclass
class CycleCount:
    """What :func:`count_cycles` counted.

    ``listed`` holds the first cycles met (node tuples, lowest node first,
    shortest first) with their kinds in ``listed_kinds``; ``totals[kind]``,
    ``by_length[length]`` and ``through[node][kind]`` count every cycle
    counted, listed or not. ``complete`` is False when the budget ran out;
    then ``complete_up_to`` is the longest length whose cycles were all
    counted (0 when none were).
    """

    bound: int
    listed: list[tuple[int, ...]] = field(default_factory=list)
    listed_kinds: list[Sign] = field(default_factory=list)
    totals: list[int] = field(default_factory=lambda: [0, 0, 0])
    by_length: dict[int, int] = field(default_factory=dict)
    through: list[list[int]] = field(default_factory=list)
    complete: bool = True
    complete_up_to: int = 0
    beyond: Beyond = Beyond.NONE
    seconds: float = 0.0

    @property
    def total(self) -> int:
        return sum(self.totals)


def _components(successors: Sequence[Sequence[tuple[int, Sign]]]) -> list[int]:
    """The strongly connected part each node belongs to (numbered by its lowest node)."""
    graph = nx.DiGraph()
    graph.add_nodes_from(range(len(successors)))
    graph.add_edges_from((u, v) for u, arcs in enumerate(successors) for v, _ in arcs)
    part = [0] * len(successors)
    for members in nx.strongly_connected_components(graph):
        lowest = min(members)
        for node in members:
            part[node] = lowest
    return part


class _Reach:
    """Hops from each node above ``start`` back to ``start``, found breadth first one hop further at a time.

    Searching cycles of ``length`` arcs needs the distances up to ``length - 1`` hops only, so short
    cycles are counted before the far reaches of a large map are explored.
    """

    def __init__(self, start: int) -> None:
        self.start = start
        self.distance = {start: 0}
        self.frontier = [start]
        self.hops = 0

    def within(self, hops: int, into: list[list[tuple[int, Sign]]]) -> dict[int, int]:
        start, distance = self.start, self.distance
        while self.hops < hops and self.frontier:
            self.hops += 1
            following = []
            for node in self.frontier:
                for before, _ in into[node]:
                    if before > start and before not in distance:
                        distance[before] = self.hops
                        following.append(before)
            self.frontier = following
        return distance


def _beyond(successors: list[list[tuple[int, Sign]]], part: list[int], bound: int) -> Beyond:
    """Whether cycles longer than ``bound`` may or must exist."""
    sizes: dict[int, int] = {}
    for lowest in part:
        sizes[lowest] = sizes.get(lowest, 0) + 1
    large = [lowest for lowest, size in sizes.items() if size > bound]
    if not large:
        return Beyond.NONE
    for start in large:  # the shortest cycle through the part's lowest node, by breadth-first search
        distance = {start: 0}
        queue = deque([start])
        girth = None
        while queue and girth is None:
            node = queue.popleft()
            for after, _ in successors[node]:
                if after == start:
                    girth = distance[node] + 1
                    break
                if after not in distance:
                    distance[after] = distance[node] + 1
                    queue.append(after)
        if girth is not None and girth > bound:
            return Beyond.CERTAIN
    return Beyond.POSSIBLE


def count_cycles(successors: Sequence[Sequence[tuple[int, Sign]]], bound: int, limit: int, budget: float) -> CycleCount:
    """Count every simple cycle of at most ``bound`` arcs, listing the first ``limit``.

    Parameters
    ----------
    successors : sequence of sequences of (int, Sign)
        ``successors[u]`` lists the arcs ``u -> v`` with their signs.
    bound : int
        Longest cycle searched, in arcs (a self-loop has 1).
    limit : int
        Cycles listed (the shortest, in a fixed order); the rest are only counted.
    budget : float
        Seconds the search may take; past it, counting stops and the result
        says so.

    Returns
    -------
    CycleCount
    """
    if bound < 1 or limit < 0:
        raise ValueError("the bound must be at least 1 and the limit at least 0")
    started = time.monotonic()
    deadline = started + budget
    n = len(successors)
    part = _components(successors)
    arcs = [sorted((v, Sign(sign)) for v, sign in successors[u] if part[v] == part[u]) for u in range(n)]
    into: list[list[tuple[int, Sign]]] = [[] for _ in range(n)]
    for u in range(n):
        for v, sign in arcs[u]:
            into[v].append((u, sign))
    result = CycleCount(bound, through=[[0, 0, 0] for _ in range(n)], beyond=_beyond(arcs, part, bound))
    through, listed, listed_kinds, totals = result.through, result.listed, result.listed_kinds, result.totals
    starts = [u for u in range(n) if arcs[u]]
    reach: dict[int, _Reach] = {}
    on_path = [False] * n
    path: list[int] = []
    countdown, stopped = CHECK_EVERY, False
    start, length, distance, closing = 0, 0, {}, {}

    def close(last: int, kind: int) -> None:
        """Count the cycle ``path`` + ``last`` (``last`` = -1: ``path`` alone) of kind ``kind``."""
        totals[kind] += 1
        if last >= 0:
            through[last][kind] += 1
        if len(listed) < limit:
            listed.append((*path, last) if last >= 0 else tuple(path))
            listed_kinds.append(Sign(kind))

    def walk(node: int, depth: int, kind: int) -> tuple[int, int, int]:
        """Count the cycles of ``length`` arcs that go on from ``path`` (ending at ``node``) back to ``start``."""
        nonlocal countdown, stopped
        countdown -= 1
        if not countdown:
            countdown = CHECK_EVERY
            stopped = time.monotonic() > deadline
        if stopped:
            return (0, 0, 0)
        before = totals[0], totals[1], totals[2]
        if depth == length - 2:  # the next node closes the cycle
            for after, sign in arcs[node]:
                back = closing.get(after)
                if back is not None and after > start and not on_path[after]:
                    close(after, _JOIN[_JOIN[kind][sign]][back])
        else:
            step = depth + 1
            for after, sign in arcs[node]:
                hops = distance.get(after)
                if hops is None or step + hops > length or after == start or on_path[after]:
                    continue
                on_path[after] = True
                path.append(after)
                r, b, q = walk(after, step, _JOIN[kind][sign])
                path.pop()
                on_path[after] = False
                mine = through[after]
                mine[0] += r
                mine[1] += b
                mine[2] += q
                if stopped:
                    break
        return totals[0] - before[0], totals[1] - before[1], totals[2] - before[2]

    for length in range(1, bound + 1):
        searched = False
        for start in starts:
            if stopped or time.monotonic() > deadline:
                stopped = True
                break
            if start not in reach:
                reach[start] = _Reach(start)
            distance = reach[start].within(length - 1, into)
            if len(distance) < length:
                continue  # fewer nodes than the length reach the start at all: no cycle this long through it
            searched = True
            closing = {u: sign for u, sign in into[start]}
            counted = totals[:]
            path.append(start)
            on_path[start] = True
            if length == 1:
                if start in closing:
                    close(-1, closing[start])
            else:
                walk(start, 0, 0)
            on_path[start] = False
            path.pop()
            found = [totals[i] - counted[i] for i in (0, 1, 2)]
            for index in (0, 1, 2):
                through[start][index] += found[index]
            if sum(found):
                result.by_length[length] = result.by_length.get(length, 0) + sum(found)
        if stopped:
            result.complete = False
            result.complete_up_to = length - 1
            break
        result.complete_up_to = length
        if not searched:
            result.complete_up_to = bound  # no start has enough nodes near it for a longer cycle
            break
    result.seconds = time.monotonic() - started
    return result
