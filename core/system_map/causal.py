"""Causal loop diagrams: feedback loops, leverage and what-if simulation.

Factors are nodes; a causal link ``cause -> effect`` has a polarity (+1:
more cause, more effect; -1: more cause, less effect; 0: not known yet), an
optional signed strength in [-1, 1] and an optional delay flag.

A loop is reinforcing (R) when it has an even number of negative links,
balancing (B) when the number is odd, and of unknown kind (?) when one of
its links has no known polarity (such links are kept and listed, never
dropped). Loops are counted up to a length bound within a time budget by
:func:`core.system_map.cycles.count_cycles`: shortest first, in a fixed
order, every loop up to the bound counted (the first ``limit`` listed), and
the report says plainly what was not counted (the budget ran out) and what
was not searched (loops longer than the bound).

This module runs past 300 lines because the loop report's plain-language
wording (headline and notes) belongs with the report it describes, and the
link parsing with the diagram it builds.

The what-if simulation (a fuzzy cognitive map over the diagram) is in
:mod:`core.system_map.fcm`; a link of unknown polarity has weight 0 there.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import networkx as nx
import numpy as np
import pandas as pd

from core.conventions import flags, name_keys
from core.system_map import cycles
from core.system_map.cycles import MAX_BOUND, Beyond, Sign, count_cycles

__all__ = [
    "DEFAULT_LENGTH_BOUND",
    "DEFAULT_LIMIT",
    "DEFAULT_STRENGTH",
    "DEFAULT_TIME_BUDGET",
    "MAX_LENGTH_BOUND",
    "Beyond",
    "Loop",
    "LoopKind",
    "LoopReport",
    "build_diagram",
    "find_loops",
    "leverage",
    "parse_polarity",
]

DEFAULT_STRENGTH = 0.5  # weight magnitude of a link whose strength is not given
DEFAULT_LENGTH_BOUND = 8  # longest loop searched, in links
DEFAULT_LIMIT = 200  # loops listed; the rest are counted
DEFAULT_TIME_BUDGET = 2.0  # seconds the loop search may take
MAX_LENGTH_BOUND = MAX_BOUND  # longest loop that may be searched, in links


class LoopKind(StrEnum):
    REINFORCING = "R"
    BALANCING = "B"
    UNKNOWN = "?"

    @property
    def label(self) -> str:
        return {"R": "Reinforcing", "B": "Balancing", "?": "Unknown polarity"}[self.value]

    @property
    def column(self) -> str:
        """The column of :func:`leverage` counting loops of this kind."""
        return {"R": "reinforcing", "B": "balancing", "?": "unknown"}[self.value]


_KIND_OF_SIGN = {Sign.POSITIVE: LoopKind.REINFORCING, Sign.NEGATIVE: LoopKind.BALANCING, Sign.UNKNOWN: LoopKind.UNKNOWN}


@dataclass(frozen=True)
class Loop:
    """One feedback loop: factors in causal order (the last feeds the first).

    ``negatives`` counts its negative links and ``unknown`` its links of
    unknown polarity.
    """

    factors: tuple[str, ...]
    kind: LoopKind
    negatives: int
    unknown: int = 0

    @property
    def length(self) -> int:
        return len(self.factors)

    def describe(self) -> str:
        return " → ".join((*self.factors, self.factors[0]))


def _links(count: int) -> str:
    return f"{count} link{'s' if count != 1 else ''}"


@dataclass
class LoopReport:
    """Every loop up to ``length_bound`` links counted (unless the budget ran out), the shortest listed.

    ``loops`` are the listed loops, shortest first, then by name, each
    starting at its alphabetically first factor. ``totals`` and
    ``by_length`` count every loop counted, listed or not; ``through`` has
    one row per factor and one column per kind (``reinforcing``,
    ``balancing``, ``unknown``). ``complete`` is False when the time budget
    ran out: then every loop of up to ``complete_up_to`` links was counted
    and the totals are a lower bound. ``beyond`` says whether loops longer
    than the bound (never searched) may or must exist.
    """

    loops: list[Loop]
    length_bound: int
    totals: dict[LoopKind, int]
    by_length: dict[int, int]
    through: pd.DataFrame
    complete: bool
    complete_up_to: int
    beyond: Beyond
    time_budget: float
    seconds: float

    @property
    def total(self) -> int:
        return sum(self.totals.values())

    @property
    def not_listed(self) -> int:
        return self.total - len(self.loops)

    @property
    def truncated(self) -> bool:
        return self.not_listed > 0 or not self.complete

    def counts(self) -> dict[LoopKind, int]:
        """Loops of each kind among all counted (not only the listed)."""
        return dict(self.totals)

    def headline(self) -> str:
        """The count in one line, with "at least" when counting stopped early."""
        counts = self.counts()
        if not self.total:
            return f"No feedback loops of up to {_links(self.length_bound)}" + ("" if self.complete else " found yet")
        kinds = [f"{counts[LoopKind.REINFORCING]} reinforcing (R)", f"{counts[LoopKind.BALANCING]} balancing (B)"]
        if counts[LoopKind.UNKNOWN]:
            kinds.append(f"{counts[LoopKind.UNKNOWN]} of unknown polarity (?)")
        least = "" if self.complete else "At least "
        loops = "feedback loop" if self.total == 1 else "feedback loops"
        return f"{least}{self.total} {loops}: {', '.join(kinds)}; loops of up to {_links(self.length_bound)} searched"

    def leverage_scope(self) -> str:
        """Which loops the leverage ranking counts, in plain words."""
        if self.complete:
            return f"Leverage counts every loop of up to {_links(self.length_bound)}."
        if not self.complete_up_to:
            return "Leverage could not be ranked on loops: not even the shortest were all counted."
        return (
            f"Leverage counts the loops of up to {_links(self.complete_up_to)} only (all of them were counted), "
            "so that no factor is favoured by the order of the search."
        )

    def notes(self) -> list[str]:
        """What was not listed, not counted or not searched, in plain words (empty when nothing)."""
        notes = []
        if not self.complete:
            counted, fix = "not even the shortest loops were all counted", "Lower the bound"
            if self.complete_up_to:
                counted = f"every loop of up to {_links(self.complete_up_to)} was counted, longer ones only in part"
                fix = f"Lower the bound to {self.complete_up_to}"
            notes.append(
                f"Counting stopped at its time limit of {self.time_budget:g} s: {counted}, so the totals are "
                f"a lower bound. {fix} to count every loop."
            )
        if self.not_listed > 0:
            notes.append(f"The {len(self.loops)} shortest loops are listed; {self.not_listed} more were counted.")
        if self.beyond is Beyond.CERTAIN:
            notes.append(
                f"Loops longer than {_links(self.length_bound)} exist and were not searched: raise the bound to "
                "see them."
            )
        elif self.beyond is Beyond.POSSIBLE:
            notes.append(
                f"Loops longer than {_links(self.length_bound)} may exist (more than {self.length_bound} "
                "factors all reach one another) and were not searched."
            )
        if self.totals.get(LoopKind.UNKNOWN):
            notes.append("Loops marked ? run through a link whose polarity is not known: give it + or − to type them.")
        return notes


_POLARITY_WORDS = {"+": 1, "-": -1, "positive": 1, "negative": -1, "pos": 1, "neg": -1, "s": 1, "o": -1}
_UNKNOWN_WORDS = {"", "?", "unknown", "0", "none", "n/a", "na"}


def parse_polarity(value: object) -> int | None:
    """+1/-1 from ``+``, ``-``, ``positive``, ``negative``, ``1``, ``-1``; 0 for not known; None if unreadable.

    Not known: a blank, ``?``, ``unknown`` or ``0``.
    """
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return 0
    text = str(value).strip().lower().replace("−", "-")
    if text in _POLARITY_WORDS:
        return _POLARITY_WORDS[text]
    if text in _UNKNOWN_WORDS:
        return 0
    try:
        number = float(text)
    except ValueError:
        return None
    if np.isnan(number):
        return 0
    return 1 if number > 0 else -1 if number < 0 else 0


def _spelled(names: pd.Series) -> pd.Series:
    """Each name as first spelled among names with its key (:func:`core.conventions.name_key`); blanks NA."""
    names = names.astype("string").str.strip().reset_index(drop=True)
    keys = name_keys(names)  # once over every name: 100,000 link ends in well under a second
    first = ~keys.duplicated() & (keys != "")
    return keys.map(pd.Series(names[first].to_numpy(), index=keys[first].to_numpy()))


def _weights(links: pd.DataFrame) -> pd.DataFrame:
    """Clean link rows: cause, effect, polarity (+1/-1), weight (signed)."""
    frame = pd.DataFrame(
        {
            "cause": links["cause"].astype("string").str.strip(),
            "effect": links["effect"].astype("string").str.strip(),
            "polarity": links["polarity"].map(parse_polarity).fillna(0).astype(int),
        }
    )
    strength = links["strength"] if "strength" in links else links.get("weight", None)
    magnitude = (
        pd.to_numeric(pd.Series(strength, index=links.index), errors="coerce").abs()
        if strength is not None
        else pd.Series(np.nan, index=links.index)
    )
    frame["weight"] = frame["polarity"] * magnitude.fillna(DEFAULT_STRENGTH).astype(float)
    frame["delay"] = flags(links["delay"], default=False) if "delay" in links else False
    frame = frame.dropna(subset=["cause", "effect"])
    return frame[(frame.cause != "") & (frame.effect != "")].drop_duplicates(["cause", "effect"], keep="last")


def build_diagram(links: pd.DataFrame, factors: pd.DataFrame | None = None) -> nx.DiGraph:
    """The causal loop diagram as a DiGraph with ``polarity``, ``weight``, ``delay`` on edges.

    Polarity may be written ``+``/``-``, ``positive``/``negative`` or ``1``/``-1``;
    a link whose polarity is blank, ``0``, ``?`` or cannot be read is kept
    with polarity 0 (not known) and weight 0.

    Names match as everywhere in Keystone (:func:`core.conventions.name_key`:
    case and repeated spaces ignored); each factor is shown as first spelled,
    in ``factors`` and then in the links.
    """
    graph = nx.DiGraph()
    known = factors["name"] if factors is not None and len(factors) else pd.Series([], dtype="string")
    ends = pd.Series(links[["cause", "effect"]].to_numpy(dtype=object).ravel())  # row by row
    spelled = _spelled(pd.concat([known, ends], ignore_index=True)).to_numpy(dtype=object)
    graph.add_nodes_from(pd.Series(spelled[: len(known)]).dropna())
    frame = _weights(links.assign(cause=spelled[len(known) :: 2], effect=spelled[len(known) + 1 :: 2]))
    graph.add_edges_from(
        (row.cause, row.effect, {"polarity": int(row.polarity), "weight": float(row.weight), "delay": bool(row.delay)})
        for row in frame.itertuples()
    )
    return graph


def _sign(polarity: object) -> Sign:
    return Sign.POSITIVE if polarity == 1 else Sign.NEGATIVE if polarity == -1 else Sign.UNKNOWN


def find_loops(
    diagram: nx.DiGraph,
    length_bound: int = DEFAULT_LENGTH_BOUND,
    limit: int = DEFAULT_LIMIT,
    time_budget: float = DEFAULT_TIME_BUDGET,
) -> LoopReport:
    """Every feedback loop of at most ``length_bound`` links: R, B or ? (a link of unknown polarity).

    Parameters
    ----------
    diagram : DiGraph
        From :func:`build_diagram`.
    length_bound : int
        Longest loop searched, in links.
    limit : int
        Loops listed (the shortest); every further loop is counted.
    time_budget : float
        Seconds the search may take, from the start of this call; past it
        counting stops and the report says the totals are a lower bound.

    Raises
    ------
    ValueError
        ``length_bound`` is not from 1 to :data:`MAX_LENGTH_BOUND`.

    Loops are listed shortest first, then by name; each starts at its
    alphabetically first factor. The result is the same on every run and
    machine whenever counting completes.
    """
    started = cycles.now()
    if not 1 <= length_bound <= MAX_LENGTH_BOUND:
        raise ValueError(f"the longest loop searched must be from 1 to {MAX_LENGTH_BOUND} links, not {length_bound}")
    names = sorted(diagram.nodes, key=str)
    index = {name: position for position, name in enumerate(names)}
    successors = [
        [(index[effect], _sign(data.get("polarity"))) for effect, data in diagram.adj[name].items()] for name in names
    ]
    counted = count_cycles(successors, length_bound, limit, time_budget, started=started)
    loops = []
    for cycle, kind in zip(counted.listed, counted.listed_kinds, strict=True):
        factors = tuple(names[position] for position in cycle)
        signs = [
            _sign(diagram.edges[a, b].get("polarity")) for a, b in zip(factors, factors[1:] + factors[:1], strict=True)
        ]
        loops.append(Loop(factors, _KIND_OF_SIGN[kind], signs.count(Sign.NEGATIVE), signs.count(Sign.UNKNOWN)))
    through = pd.DataFrame(
        counted.through_complete or None,
        index=pd.Index(names, name="factor"),
        columns=[_KIND_OF_SIGN[sign].column for sign in Sign],
        dtype=int,
    )
    return LoopReport(
        loops=loops,
        length_bound=length_bound,
        totals={_KIND_OF_SIGN[sign]: counted.totals[sign] for sign in Sign},
        by_length=dict(sorted(counted.by_length.items())),
        through=through,
        complete=counted.complete,
        complete_up_to=counted.complete_up_to,
        beyond=counted.beyond,
        time_budget=time_budget,
        seconds=cycles.now() - started,
    )


def leverage(diagram: nx.DiGraph, report: LoopReport) -> pd.DataFrame:
    """Factors ranked by the loops through them, then by weighted out-influence.

    Columns: ``loops``, ``reinforcing``, ``balancing``, ``unknown`` (loops
    through the factor among all counted, listed or not; when counting was
    incomplete, among the loops of up to ``report.complete_up_to`` links,
    all of which were counted), ``influence``
    (sum of |weight| of its outgoing links) and ``influenced`` (sum of
    |weight| of incoming links); index: factor name.
    """
    names = list(diagram.nodes)
    kinds = [kind.column for kind in LoopKind]
    table = report.through.reindex(names, fill_value=0)[kinds].astype(int)
    table.index.name = "factor"
    table["loops"] = table[kinds].sum(axis=1)
    out, into = dict.fromkeys(names, 0.0), dict.fromkeys(names, 0.0)
    for cause, effect, weight in diagram.edges(data="weight", default=0.0):
        out[cause] += abs(weight)
        into[effect] += abs(weight)
    table["influence"] = pd.Series(out).round(6)
    table["influenced"] = pd.Series(into).round(6)
    table = table[["loops", *kinds, "influence", "influenced"]]
    return table.sort_values(["loops", "influence"], ascending=False, kind="stable")
