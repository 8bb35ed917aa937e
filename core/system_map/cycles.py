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
next to nothing.

The budget is charged for work done, not for calls: each search step costs
one plus the arcs it scans (a hub's whole out-list counts in full), each
breadth-first hop the arcs it scans, and the clock (:func:`now`) is read
whenever :data:`CHECK_EVERY` such units have been spent, before each start,
and between the setup phases (strongly connected parts, the test for longer
cycles, the arc lists). The budget may therefore be overrun by at most
about :data:`CHECK_EVERY` units of work plus one setup phase that was
already under way (each linear in the map's links: milliseconds for tens of
thousands of links). When the budget runs out, every cycle shorter than the
length being searched has been counted and the rest is a lower bound; the
per-node counts of the lengths counted in full are kept apart
(``through_complete``), so that a ranking does not favour the nodes searched
first.

Cycles longer than the bound are not searched. A strongly connected part
with more nodes than the bound *may* hold one; if the shortest cycle through
its lowest node is already longer than the bound, one certainly exists. The
search recurses once per arc of a cycle, so the bound is capped at
:data:`MAX_BOUND`.

The module runs a little past 300 lines because the search, its pruning and
the budget that charges both share one set of state and read best together.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum

import numpy as np
from scipy.sparse import csr_array
from scipy.sparse.csgraph import connected_components

__all__ = ["CHECK_EVERY", "MAX_BOUND", "Beyond", "CycleCount", "Sign", "count_cycles", "now"]

CHECK_EVERY = 1024
"""Units of work (a search step plus the arcs it scans) between two readings of the clock."""

MAX_BOUND = 50
"""Longest cycle searched: the search recurses once per arc, and no map is read through longer loops."""


def now() -> float:
    """The clock the budget is measured on (seconds); tests replace it to make budgets deterministic."""
    return time.monotonic()


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
    counted (0 when none were), and ``through_complete`` counts, per node,
    only the cycles of up to ``complete_up_to`` arcs (exact, whereas
    ``through`` then leans towards the nodes searched first). When
    ``complete`` is True both are the same.
    """

    bound: int
    listed: list[tuple[int, ...]] = field(default_factory=list)
    listed_kinds: list[Sign] = field(default_factory=list)
    totals: list[int] = field(default_factory=lambda: [0, 0, 0])
    by_length: dict[int, int] = field(default_factory=dict)
    through: list[list[int]] = field(default_factory=list)
    through_complete: list[list[int]] = field(default_factory=list)
    complete: bool = True
    complete_up_to: int = 0
    beyond: Beyond = Beyond.NONE
    seconds: float = 0.0

    @property
    def total(self) -> int:
        return sum(self.totals)


def _components(successors: Sequence[Sequence[tuple[int, Sign]]]) -> list[int]:
    """The strongly connected part each node belongs to (numbered by its lowest node)."""
    n = len(successors)
    if not n:
        return []
    rows = np.fromiter((u for u, arcs in enumerate(successors) for _ in arcs), dtype=np.int64)
    cols = np.fromiter((v for arcs in successors for v, _ in arcs), dtype=np.int64)
    matrix = csr_array((np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=(n, n))
    _, labels = connected_components(matrix, directed=True, connection="strong")
    lowest = np.full(labels.max() + 1, n, dtype=np.int64)
    np.minimum.at(lowest, labels, np.arange(n))
    return lowest[labels].tolist()


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

    def within(self, hops: int, into: list[list[tuple[int, Sign]]]) -> tuple[dict[int, int], int]:
        """The distances up to ``hops``, and the arcs scanned to extend them (the work done)."""
        start, distance, scanned = self.start, self.distance, 0
        while self.hops < hops and self.frontier:
            self.hops += 1
            following = []
            for node in self.frontier:
                scanned += len(into[node])
                for before, _ in into[node]:
                    if before > start and before not in distance:
                        distance[before] = self.hops
                        following.append(before)
            self.frontier = following
        return distance, scanned


def _beyond(successors: list[list[tuple[int, Sign]]], part: list[int], bound: int, deadline: float) -> Beyond:
    """Whether cycles longer than ``bound`` may or must exist (POSSIBLE if the deadline passes first)."""
    sizes: dict[int, int] = {}
    for lowest in part:
        sizes[lowest] = sizes.get(lowest, 0) + 1
    large = [lowest for lowest, size in sizes.items() if size > bound]
    if not large:
        return Beyond.NONE
    for start in large:  # the shortest cycle through the part's lowest node, by breadth-first search
        if now() > deadline:
            break
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


def count_cycles(
    successors: Sequence[Sequence[tuple[int, Sign]]],
    bound: int,
    limit: int,
    budget: float,
    started: float | None = None,
) -> CycleCount:
    """Count every simple cycle of at most ``bound`` arcs, listing the first ``limit``.

    Parameters
    ----------
    successors : sequence of sequences of (int, Sign)
        ``successors[u]`` lists the arcs ``u -> v`` with their signs.
    bound : int
        Longest cycle searched, in arcs (a self-loop has 1), at most :data:`MAX_BOUND`.
    limit : int
        Cycles listed (the shortest, in a fixed order); the rest are only counted.
    budget : float
        Seconds the search may take; past it, counting stops and the result
        says so.
    started : float, optional
        When the budget began, on :func:`now` (default: at this call), so a
        caller's own preparation is charged to it too.

    Returns
    -------
    CycleCount
    """
    if not 1 <= bound <= MAX_BOUND or limit < 0:
        raise ValueError(f"the bound must be from 1 to {MAX_BOUND} and the limit at least 0")
    started = now() if started is None else started
    deadline = started + budget
    n = len(successors)
    result = CycleCount(bound, through=[[0, 0, 0] for _ in range(n)])
    result.through_complete = [[0, 0, 0] for _ in range(n)]
    stopped = now() > deadline
    part = [] if stopped else _components(successors)
    stopped = stopped or now() > deadline
    arcs: list[list[tuple[int, Sign]]] = (
        [[] for _ in range(n)]
        if stopped
        else [sorted((v, Sign(sign)) for v, sign in successors[u] if part[v] == part[u]) for u in range(n)]
    )
    stopped = stopped or now() > deadline
    result.beyond = Beyond.POSSIBLE if stopped else _beyond(arcs, part, bound, deadline)
    stopped = stopped or now() > deadline
    if stopped:
        result.complete, result.seconds = False, now() - started
        return result
    into: list[list[tuple[int, Sign]]] = [[] for _ in range(n)]
    for u in range(n):
        for v, sign in arcs[u]:
            into[v].append((u, sign))
    through, listed, listed_kinds, totals = result.through, result.listed, result.listed_kinds, result.totals
    starts = [u for u in range(n) if arcs[u]]
    reach: dict[int, _Reach] = {}
    on_path = [False] * n
    path: list[int] = []
    countdown = CHECK_EVERY
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
        countdown -= 1 + len(arcs[node])  # charged for the arcs scanned, not only for the call
        if countdown <= 0:
            countdown = CHECK_EVERY
            stopped = now() > deadline
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
            if stopped or now() > deadline:
                stopped = True
                break
            if start not in reach:
                reach[start] = _Reach(start)
            distance, scanned = reach[start].within(length - 1, into)
            countdown -= scanned
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
        result.through_complete = [row[:] for row in through]  # the counts of every length counted in full
        if not searched:
            result.complete_up_to = bound  # no start has enough nodes near it for a longer cycle
            break
    if result.complete:
        result.through_complete = through
    result.seconds = now() - started
    return result
