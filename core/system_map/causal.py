"""Causal loop diagrams: feedback loops, leverage and what-if simulation.

Factors are nodes; a causal link ``cause -> effect`` has a polarity (+1:
more cause, more effect; -1: more cause, less effect), an optional signed
strength in [-1, 1] and an optional delay flag.

A loop is reinforcing (R) when it has an even number of negative links and
balancing (B) when the number is odd. Loops are found with networkx
``simple_cycles`` up to a length bound; on dense maps the listing stops at
a limit and the rest are counted (up to a ceiling and a time budget) so the
page never hangs.

The what-if simulation (a fuzzy cognitive map over the diagram) is in
:mod:`core.system_map.fcm`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from enum import StrEnum

import networkx as nx
import numpy as np
import pandas as pd

__all__ = [
    "DEFAULT_STRENGTH",
    "Loop",
    "LoopKind",
    "LoopReport",
    "build_diagram",
    "find_loops",
    "leverage",
    "parse_polarity",
]

DEFAULT_STRENGTH = 0.5  # weight magnitude of a link whose strength is not given


class LoopKind(StrEnum):
    REINFORCING = "R"
    BALANCING = "B"

    @property
    def label(self) -> str:
        return "Reinforcing" if self is LoopKind.REINFORCING else "Balancing"


@dataclass(frozen=True)
class Loop:
    """One feedback loop: factors in causal order (the last feeds the first)."""

    factors: tuple[str, ...]
    kind: LoopKind
    negatives: int

    @property
    def length(self) -> int:
        return len(self.factors)

    def describe(self) -> str:
        return " → ".join((*self.factors, self.factors[0]))


@dataclass
class LoopReport:
    """Loops found up to ``length_bound``, at most ``limit`` of them listed.

    ``not_listed`` counts loops found beyond the limit; when
    ``count_complete`` is False the count stopped at its ceiling or time
    budget and the true number is at least that.
    """

    loops: list[Loop]
    length_bound: int
    not_listed: int
    count_complete: bool

    @property
    def truncated(self) -> bool:
        return self.not_listed > 0 or not self.count_complete

    def counts(self) -> dict[LoopKind, int]:
        return {kind: sum(loop.kind is kind for loop in self.loops) for kind in LoopKind}


_POLARITY_WORDS = {"+": 1, "-": -1, "positive": 1, "negative": -1, "pos": 1, "neg": -1, "s": 1, "o": -1}


def parse_polarity(value: object) -> int | None:
    """+1/-1 from ``+``, ``-``, ``positive``, ``negative``, ``1``, ``-1`` (None if unreadable)."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    text = str(value).strip().lower().replace("−", "-")
    if text in _POLARITY_WORDS:
        return _POLARITY_WORDS[text]
    try:
        number = float(text)
    except ValueError:
        return None
    return 1 if number > 0 else -1 if number < 0 else None


_TRUE = {"yes", "y", "true", "1", "x"}


def _flags(values: pd.Series, default: bool) -> pd.Series:
    """Booleans from bools or words (yes/no, true/false, 1/0); blanks take ``default``."""
    if pd.api.types.is_bool_dtype(values):
        return values.astype("boolean").fillna(default).astype(bool)
    text = values.astype("string").str.strip().str.lower()
    return text.isin(_TRUE).where(text.fillna("") != "", default).astype(bool)


def _weights(links: pd.DataFrame) -> pd.DataFrame:
    """Clean link rows: cause, effect, polarity (+1/-1), weight (signed)."""
    frame = pd.DataFrame(
        {
            "cause": links["cause"].astype("string").str.strip(),
            "effect": links["effect"].astype("string").str.strip(),
            "polarity": links["polarity"].map(parse_polarity),
        }
    )
    strength = links["strength"] if "strength" in links else links.get("weight", None)
    magnitude = (
        pd.to_numeric(pd.Series(strength, index=links.index), errors="coerce").abs()
        if strength is not None
        else pd.Series(np.nan, index=links.index)
    )
    frame["weight"] = frame["polarity"] * magnitude.fillna(DEFAULT_STRENGTH).astype(float)
    frame["delay"] = _flags(links["delay"], default=False) if "delay" in links else False
    frame = frame.dropna(subset=["cause", "effect", "polarity"])
    return frame[(frame.cause != "") & (frame.effect != "")].drop_duplicates(["cause", "effect"], keep="last")


def build_diagram(links: pd.DataFrame, factors: pd.DataFrame | None = None) -> nx.DiGraph:
    """The causal loop diagram as a DiGraph with ``polarity``, ``weight``, ``delay`` on edges.

    Polarity may be written ``+``/``-``, ``positive``/``negative`` or ``1``/``-1``;
    rows whose polarity cannot be read are left out.
    """
    graph = nx.DiGraph()
    if factors is not None and len(factors):
        graph.add_nodes_from(factors["name"].astype("string").str.strip().dropna())
    frame = _weights(links)
    graph.add_edges_from(
        (row.cause, row.effect, {"polarity": int(row.polarity), "weight": float(row.weight), "delay": bool(row.delay)})
        for row in frame.itertuples()
    )
    return graph


def _canonical(cycle: list[str]) -> tuple[str, ...]:
    start = cycle.index(min(cycle))
    return tuple(cycle[start:] + cycle[:start])


def find_loops(
    diagram: nx.DiGraph,
    length_bound: int = 8,
    limit: int = 200,
    count_ceiling: int = 100_000,
    time_budget: float = 2.0,
) -> LoopReport:
    """Every feedback loop of at most ``length_bound`` links, R or B.

    Parameters
    ----------
    diagram : DiGraph
        From :func:`build_diagram`.
    length_bound : int
        Longest loop searched (networkx ``simple_cycles(length_bound=...)``).
    limit : int
        Loops listed; further loops are only counted.
    count_ceiling, time_budget : int, float
        Counting stops at this many loops or seconds (then the report says
        the count is a lower bound).

    Loops are listed shortest first, then by name; each starts at its
    alphabetically first factor.
    """
    found: list[Loop] = []
    extra = 0
    complete = True
    started = time.monotonic()
    for count, cycle in enumerate(nx.simple_cycles(diagram, length_bound=length_bound)):
        if count < limit:
            factors = _canonical(cycle)
            pairs = zip(factors, factors[1:] + factors[:1], strict=True)
            negatives = sum(diagram.edges[a, b]["polarity"] < 0 for a, b in pairs)
            kind = LoopKind.REINFORCING if negatives % 2 == 0 else LoopKind.BALANCING
            found.append(Loop(factors, kind, negatives))
        else:
            extra += 1
            if count + 1 >= count_ceiling or (extra % 1000 == 0 and time.monotonic() - started > time_budget):
                complete = False
                break
    found.sort(key=lambda loop: (loop.length, loop.factors))
    return LoopReport(found, length_bound, extra, complete)


def leverage(diagram: nx.DiGraph, report: LoopReport) -> pd.DataFrame:
    """Factors ranked by the loops through them, then by weighted out-influence.

    Columns: ``loops``, ``reinforcing``, ``balancing`` (listed loops through
    the factor), ``influence`` (sum of |weight| of its outgoing links) and
    ``influenced`` (sum of |weight| of incoming links); index: factor name.
    """
    names = list(diagram.nodes)
    rows = [(name, loop.kind) for loop in report.loops for name in loop.factors]
    through = pd.DataFrame(rows, columns=["factor", "kind"])
    counts = (
        pd.crosstab(through["factor"], through["kind"]) if rows else pd.DataFrame(index=pd.Index([], name="factor"))
    )
    table = pd.DataFrame(index=pd.Index(names, name="factor"))
    table["reinforcing"] = counts.get(LoopKind.REINFORCING, pd.Series(dtype=int)).reindex(names).fillna(0).astype(int)
    table["balancing"] = counts.get(LoopKind.BALANCING, pd.Series(dtype=int)).reindex(names).fillna(0).astype(int)
    table["loops"] = table["reinforcing"] + table["balancing"]
    weights = nx.to_pandas_adjacency(diagram, nodelist=names, weight="weight").abs()
    table["influence"] = weights.sum(axis=1).round(6)
    table["influenced"] = weights.sum(axis=0).round(6)
    table = table[["loops", "reinforcing", "balancing", "influence", "influenced"]]
    return table.sort_values(["loops", "influence"], ascending=False, kind="stable")
