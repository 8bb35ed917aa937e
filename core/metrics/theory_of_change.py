"""Theory of change: the chain from inputs to system shifts, its gaps, its flow chart.

A theory of change is a set of items, each at one :class:`~core.model.ToCLevel`
(input -> activity -> output -> outcome -> system shift), and links between
them. "Leads to" means a directed path along the links, so an activity
reaches an outcome through its outputs.

Item names are the keys; they are matched ignoring case and surrounding
space, as people type them.
"""

from __future__ import annotations

import html
import textwrap
from dataclasses import dataclass
from enum import StrEnum

import networkx as nx
import pandas as pd
import plotly.graph_objects as go

from core.model import ToCLevel

__all__ = [
    "LEVEL_COLOURS",
    "LEVEL_ORDER",
    "Gap",
    "GapKind",
    "chain_graph",
    "completeness",
    "level_counts",
    "missing_outcomes",
    "sankey_figure",
]

LEVEL_ORDER: tuple[ToCLevel, ...] = tuple(ToCLevel)

# Colour-blind safe (Okabe-Ito), dark enough for white-on-wall projection.
LEVEL_COLOURS: dict[ToCLevel, str] = {
    ToCLevel.INPUT: "#7f7f7f",
    ToCLevel.ACTIVITY: "#0072B2",
    ToCLevel.OUTPUT: "#56B4E9",
    ToCLevel.OUTCOME: "#009E73",
    ToCLevel.SYSTEM_SHIFT: "#D55E00",
}


class GapKind(StrEnum):
    """What a completeness check found missing."""

    ACTIVITY_WITHOUT_OUTCOME = "activity without outcome"
    OUTCOME_WITHOUT_SHIFT = "outcome without system shift"
    SHIFT_WITHOUT_INDICATOR = "system shift without indicator"
    MISSING_LEVEL = "missing level"
    UNKNOWN_ITEM = "link to unknown item"
    BACKWARD_LINK = "backward link"


@dataclass(frozen=True)
class Gap:
    """One gap in the chain, worded for the room."""

    kind: GapKind
    item: str
    message: str


def _key(text: object) -> str:
    return " ".join(str(text).split()).casefold()


def chain_graph(items: pd.DataFrame, links: pd.DataFrame) -> nx.DiGraph:
    """The directed graph of items (node attribute ``level``) and known links.

    Links naming an item that does not exist are left out (see
    :func:`completeness`, which reports them).
    """
    graph = nx.DiGraph()
    for name, level in zip(items["name"], items["level"], strict=True):
        if pd.isna(name) or not str(name).strip():
            continue
        graph.add_node(_key(name), name=str(name).strip(), level=ToCLevel(level) if pd.notna(level) else None)
    for source, target in zip(links["source"], links["target"], strict=True):
        if _key(source) in graph and _key(target) in graph:
            graph.add_edge(_key(source), _key(target))
    return graph


def level_counts(items: pd.DataFrame) -> dict[ToCLevel, int]:
    """Number of items at each level, in chain order."""
    counts = items["level"].value_counts()
    return {level: int(counts.get(level.value, 0)) for level in LEVEL_ORDER}


def _reaches(graph: nx.DiGraph, node: str, level: ToCLevel) -> bool:
    return any(graph.nodes[other]["level"] == level for other in nx.descendants(graph, node))


def completeness(items: pd.DataFrame, links: pd.DataFrame, indicators: pd.DataFrame | None = None) -> list[Gap]:
    """Every gap in the chain, in plain words; an empty list means complete.

    Checks, in this order: each level has at least one item; each link names
    known items and runs forward (towards system shifts); every activity
    leads to an outcome; every outcome leads to a system shift; every system
    shift is measured by an indicator (``indicators.toc_item``).

    Parameters
    ----------
    items : DataFrame
        Columns ``name`` and ``level`` (:class:`~core.model.ToCLevel` values).
    links : DataFrame
        Columns ``source`` and ``target`` (item names).
    indicators : DataFrame, optional
        Columns ``name`` and ``toc_item``; without it the indicator check is skipped.

    Returns
    -------
    list of Gap
    """
    graph = chain_graph(items, links)
    counts = level_counts(items)
    gaps = [
        Gap(GapKind.MISSING_LEVEL, level.label, f"There is no {level.label.lower()} yet.")
        for level in LEVEL_ORDER
        if counts[level] == 0
    ]
    gaps += _link_gaps(graph, links)
    gaps += [
        Gap(GapKind.ACTIVITY_WITHOUT_OUTCOME, name, f"The activity '{name}' does not lead to any outcome.")
        for name in _not_reaching(graph, ToCLevel.ACTIVITY, ToCLevel.OUTCOME)
    ]
    gaps += [
        Gap(GapKind.OUTCOME_WITHOUT_SHIFT, name, f"The outcome '{name}' does not lead to any system shift.")
        for name in _not_reaching(graph, ToCLevel.OUTCOME, ToCLevel.SYSTEM_SHIFT)
    ]
    if indicators is not None:
        measured = {_key(name) for name in indicators["toc_item"].dropna()}
        gaps += [
            Gap(
                GapKind.SHIFT_WITHOUT_INDICATOR,
                data["name"],
                f"The system shift '{data['name']}' has no indicator measuring it.",
            )
            for node, data in graph.nodes(data=True)
            if data["level"] is ToCLevel.SYSTEM_SHIFT and node not in measured
        ]
    return gaps


def _link_gaps(graph: nx.DiGraph, links: pd.DataFrame) -> list[Gap]:
    """Links naming an item that does not exist, and links that do not run forward, in link order."""
    rank = {level: position for position, level in enumerate(LEVEL_ORDER)}
    gaps = []
    for source, target in zip(links["source"], links["target"], strict=True):
        unknown = [str(name) for name in (source, target) if _key(name) not in graph]
        if unknown:
            gaps.append(
                Gap(
                    GapKind.UNKNOWN_ITEM,
                    str(source),
                    f"The link '{source}' -> '{target}' names {', '.join(repr(n) for n in unknown)}, "
                    "which is not an item of the theory of change.",
                )
            )
            continue
        source_level = graph.nodes[_key(source)]["level"]
        target_level = graph.nodes[_key(target)]["level"]
        if source_level and target_level and rank[target_level] <= rank[source_level]:
            gaps.append(
                Gap(
                    GapKind.BACKWARD_LINK,
                    str(source),
                    f"The link '{source}' ({source_level.label.lower()}) -> '{target}' "
                    f"({target_level.label.lower()}) does not move forward along the chain.",
                )
            )
    return gaps


def _not_reaching(graph: nx.DiGraph, level: ToCLevel, goal: ToCLevel) -> list[str]:
    """Names of the items at ``level`` with no path to an item at ``goal``, in item order."""
    return [
        data["name"]
        for node, data in graph.nodes(data=True)
        if data["level"] is level and not _reaches(graph, node, goal)
    ]


def missing_outcomes(items: pd.DataFrame, outcomes: pd.DataFrame) -> list[str]:
    """Step 2's measurable outcomes (``outcomes.metric``) not yet items of the chain."""
    known = {_key(name) for name in items["name"].dropna()}
    return [str(metric) for metric in outcomes["metric"].dropna() if _key(metric) not in known]


def _label(name: str, width: int) -> str:
    # Plotly reads a small HTML subset in labels: escape user text, then wrap.
    return "<br>".join(
        html.escape(line, quote=False) for line in textwrap.wrap(name, width) or [""]
    )  # plotly shows &quot; as typed


def sankey_figure(
    items: pd.DataFrame, links: pd.DataFrame, *, font_size: int = 16, height: int | None = None, wrap: int | None = None
) -> go.Figure:
    """The chain as a left-to-right flow, one column per level.

    Each link carries one unit of flow, so an item's bar is as tall as the
    links through it. Items are placed in their level's column (fixed ``x``)
    and spread evenly down it, in the order given. Labels are escaped and
    wrapped at ``wrap`` characters (by default narrower as the font grows, so
    two labels fit side by side before the last column on a 1280 px screen).
    """
    wrap = wrap or max(10, round(288 / font_size))
    graph = chain_graph(items, links)
    nodes = list(graph.nodes)
    index = {node: position for position, node in enumerate(nodes)}
    levels = [graph.nodes[node]["level"] for node in nodes]
    columns = {level: [n for n, lv in zip(nodes, levels, strict=True) if lv == level] for level in LEVEL_ORDER}
    used = [level for level in LEVEL_ORDER if columns[level]]
    x_of = _column_positions(used)
    xs, ys = [], []
    for node, level in zip(nodes, levels, strict=True):
        column = columns.get(level, [node])
        position = column.index(node) if node in column else 0
        xs.append(x_of.get(level, 0.5))
        ys.append(0.001 + 0.998 * (position + 0.5) / len(column))
    colours = [LEVEL_COLOURS.get(level, "#999999") for level in levels]
    sources = [index[source] for source, _ in graph.edges]
    targets = [index[target] for _, target in graph.edges]
    figure = go.Figure(
        go.Sankey(
            arrangement="snap",
            node={
                "label": [_label(graph.nodes[node]["name"], wrap) for node in nodes],
                "color": colours,
                "x": xs,
                "y": ys,
                "pad": 12,
                "thickness": 18,
                "line": {"width": 0},
                "hovertemplate": "%{label}<extra></extra>",
            },
            link={
                "source": sources,
                "target": targets,
                "value": [1] * len(sources),
                "color": [_fade(colours[s]) for s in sources],
            },
            textfont={"size": font_size, "color": "#111111"},
        )
    )
    for level in used:
        figure.add_annotation(
            x=x_of[level],
            xanchor="left" if x_of[level] < 0.01 else "right" if x_of[level] > 0.99 else "center",
            y=1.06,
            xref="paper",
            yref="paper",
            text=f"<b>{level.label}</b>",
            showarrow=False,
            font={"size": font_size + 2, "color": LEVEL_COLOURS[level]},
        )
    tallest = max((len(column) for column in columns.values()), default=1)
    figure.update_layout(
        height=height or max(420, 6 * font_size * tallest),
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        font={"size": font_size},
    )
    return figure


def _column_positions(used: list[ToCLevel]) -> dict[ToCLevel, float]:
    """x of each level's column.

    Plotly writes labels to the right of a node, except in the last column
    where they go to the left; the gap before the last column holds two
    labels, so it gets twice the room of the others.
    """
    if len(used) == 1:
        return {used[0]: 0.5}
    step = 1 / len(used)  # len(used) - 2 single gaps and one double gap
    positions = {level: min(i * step, 1.0) for i, level in enumerate(used)}
    positions[used[-1]] = 1.0
    return {level: min(max(x, 0.001), 0.999) for level, x in positions.items()}


def _fade(hex_colour: str, alpha: float = 0.35) -> str:
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"
