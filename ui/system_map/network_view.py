"""Interactive network views as self-contained HTML (pyvis, JavaScript in line).

The HTML works offline: vis-network is inlined (``cdn_resources="in_line"``)
and pyvis's bootstrap links to a CDN are cut out, so no request leaves the machine.
Labels are drawn on a canvas and tooltips are set as text, so a name such as
``<img src=x onerror=alert(1)>`` shows as those characters and never runs.
Node and edge data reach the page through Jinja's ``tojson``, which escapes
``<``, ``>`` and ``&``. pyvis switches to an ``innerHTML`` tooltip when any
tooltip contains "href"; we break that word with a zero-width space so that
path is never taken.

Small maps use physics for a lively layout; above ``PHYSICS_LIMIT`` actors
positions are computed once in Python and physics is off; above the display
cap only the most central actors are drawn and the result says so.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import networkx as nx
import pandas as pd
from pyvis.network import Network

from core.model import PartnerType
from core.system_map.causal import Loop
from core.system_map.network import ActorNetwork, Centrality, NetworkMetrics, RelationKind

try:
    import rustworkx as rx
except ImportError:  # pragma: no cover
    rx = None

__all__ = ["DISPLAY_CAP", "PHYSICS_LIMIT", "TYPE_COLOURS", "NetworkView", "actor_view", "diagram_view", "layout"]

DISPLAY_CAP = 400
PHYSICS_LIMIT = 150
TYPE_COLOURS = {
    PartnerType.COMPANY.value: "#1f77b4",
    PartnerType.NGO.value: "#2ca02c",
    PartnerType.GOVERNMENT.value: "#9467bd",
    PartnerType.INVESTOR.value: "#ff7f0e",
    PartnerType.UNIVERSITY.value: "#17becf",
    PartnerType.COMMUNITY.value: "#d62728",
}
OTHER_COLOUR = "#7f7f7f"
KIND_COLOURS = {
    RelationKind.FUNDS.value: "#ff7f0e",
    RelationKind.REGULATES.value: "#9467bd",
    RelationKind.SUPPLIES.value: "#1f77b4",
    RelationKind.INFLUENCES.value: "#8c8c8c",
    RelationKind.PARTNERS.value: "#2ca02c",
    RelationKind.CONFLICTS.value: "#d62728",
}
_ZERO_WIDTH = "\u200b"


@dataclass
class NetworkView:
    """The HTML and what it shows: ``shown`` of ``total`` actors (``capped`` if fewer)."""

    html: str
    shown: int
    total: int
    physics: bool

    @property
    def capped(self) -> bool:
        return self.shown < self.total


def _text(value: object) -> str:
    """Plain text for vis (canvas labels, text tooltips), with "href" defused."""
    text = "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)
    return text.replace("href", "hr" + _ZERO_WIDTH + "ef").replace("HREF", "HR" + _ZERO_WIDTH + "EF")


def layout(graph: nx.Graph, seed: int = 7, scale: float = 1000.0) -> dict[str, tuple[float, float]]:
    """Positions for every node, computed once (rustworkx spring layout when available)."""
    nodes = list(graph.nodes)
    if not nodes:
        return {}
    if rx is not None and len(nodes) > 300:
        index = {name: i for i, name in enumerate(nodes)}
        rgraph = rx.PyGraph(multigraph=False)
        rgraph.add_nodes_from(nodes)
        rgraph.add_edges_from_no_data([(index[a], index[b]) for a, b in graph.edges])
        positions = rx.spring_layout(rgraph, seed=seed, num_iter=50)
        raw = {nodes[i]: positions[i] for i in range(len(nodes))}
    else:
        raw = nx.spring_layout(graph, seed=seed, iterations=60)
    xs = [p[0] for p in raw.values()]
    ys = [p[1] for p in raw.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
    spread = scale * max(1.0, math.sqrt(len(nodes)) / 6)
    return {
        name: ((x - min(xs)) / span * spread - spread / 2, (y - min(ys)) / span * spread - spread / 2)
        for name, (x, y) in raw.items()
    }


def _network(height: str, directed: bool, physics: bool) -> Network:
    net = Network(height=height, width="100%", directed=directed, cdn_resources="in_line", bgcolor="#ffffff")
    net.set_options(
        """{
        "physics": {"enabled": %s, "solver": "forceAtlas2Based",
                    "forceAtlas2Based": {"gravitationalConstant": -80, "springLength": 140},
                    "stabilization": {"iterations": 250, "fit": true}},
        "interaction": {"hover": true, "tooltipDelay": 120, "navigationButtons": true},
        "edges": {"smooth": {"type": "continuous"}},
        "nodes": {"font": {"size": 22, "face": "arial", "strokeWidth": 4, "strokeColor": "#ffffff"}}
        }"""
        % ("true" if physics else "false")
    )
    return net


_CDN_TAGS = re.compile(
    r"<link[^>]*bootstrap[^>]*/>|<script[^>]*bootstrap[^>]*>\s*</script>|<center>\s*<h1>\s*</h1>\s*</center>"
)


# Fit the drawing when the frame gets its real size (a hidden Streamlit tab starts at 0 x 0) and after
# physics settles; the card border pyvis draws is dropped.
_FIT = """<style>.card{border:none!important} #mynetwork{border:none!important}</style>
<script>
(function () {
  if (typeof network === "undefined") { return; }
  var box = document.getElementById("mynetwork");
  network.once("stabilizationIterationsDone", function () { network.fit(); });
  new ResizeObserver(function () { network.redraw(); network.fit(); }).observe(box);
})();
</script>
</body>"""


def _render(net: Network) -> str:
    """The page without pyvis's bootstrap links (a CDN) and its empty heading, fitted to its frame."""
    html = _CDN_TAGS.sub("", net.generate_html(notebook=False))
    head, _, tail = html.rpartition("</body>")
    return head + _FIT + tail


def actor_view(
    network: ActorNetwork,
    metrics: NetworkMetrics,
    size_by: Centrality = Centrality.BETWEENNESS,
    nodes: Iterable[str] | None = None,
    cap: int = DISPLAY_CAP,
    barriers: pd.DataFrame | None = None,
    positions: Mapping[str, tuple[float, float]] | None = None,
    height: int = 720,
) -> NetworkView:
    """The actor map: colour by partner type, size by ``size_by``, cut points ringed.

    Parameters
    ----------
    nodes : names to draw (after filters); all actors when None.
    cap : at most this many actors are drawn, the most central by ``size_by``.
    barriers : from :func:`core.system_map.issue_map.actor_burden`; actors named in
        barriers get a thick orange border and the barriers in their tooltip.
    positions : precomputed layout (used when physics is off).
    """
    table = metrics.table
    chosen = table.index if nodes is None else pd.Index([name for name in nodes if name in table.index])
    total = len(chosen)
    ascending = size_by is Centrality.CONSTRAINT  # low constraint = more brokerage
    ranked = table.loc[chosen, size_by.value].sort_values(ascending=ascending, kind="stable")
    shown = ranked.index[:cap]
    physics = len(shown) <= PHYSICS_LIMIT
    if positions is None and not physics:
        positions = layout(network.ties.subgraph(shown))
    values = table.loc[shown, size_by.value].astype(float).fillna(0.0)
    if ascending:
        values = values.max() - values
    low, high = float(values.min()) if len(values) else 0.0, float(values.max()) if len(values) else 1.0
    sizes = 14 + 36 * (values - low) / (high - low if high > low else 1.0)

    burden = barriers if barriers is not None else pd.DataFrame(columns=["barriers", "names", "worst"])
    net = _network(f"{height}px", directed=True, physics=physics)
    node_list = []
    for name in shown:
        row = table.loc[name]
        attrs = network.ties.nodes[name]
        lines = [
            name,
            f"Type: {row['type'] if pd.notna(row['type']) else 'not set'}",
            f"Sector: {attrs.get('sector') or '–'}",
            f"Ties: {row['degree']}  ·  betweenness {row['betweenness']:.2f}  ·  PageRank {row['pagerank']:.3f}",
            f"Community {row['community']}" + ("  ·  CUT POINT" if row["cut_point"] else ""),
        ]
        node = {
            "id": _text(name),
            "label": _text(name),
            "title": "",
            "shape": "dot",
            "size": round(float(sizes[name]), 1),
            "color": TYPE_COLOURS.get(str(row["type"]), OTHER_COLOUR),
            "borderWidth": 2,
        }
        if row["cut_point"]:
            node.update(shape="diamond", borderWidth=5, color={"background": node["color"], "border": "#000000"})
        if name in burden.index:
            lines.append(f"Barriers ({burden.at[name, 'barriers']}): {burden.at[name, 'names']}")
            colour = node["color"] if isinstance(node["color"], str) else node["color"]["background"]
            node.update(borderWidth=5, color={"background": colour, "border": "#111111"}, shapeProperties={})
        node["title"] = _text("\n".join(lines))
        if positions is not None and name in positions:
            node["x"], node["y"] = positions[name]
        node_list.append(node)
    edges = []
    keep = set(shown)
    for a, b, data in network.ties.edges(data=True):
        if a in keep and b in keep:
            kinds = data.get("kinds") or []
            arrow = network.arcs.has_edge(a, b), network.arcs.has_edge(b, a)
            source, target = (b, a) if arrow == (False, True) else (a, b)
            edges.append(
                {
                    "from": _text(source),
                    "to": _text(target),
                    "title": _text(f"{source} – {target}: {', '.join(kinds) or 'tie'} (weight {data['weight']:g})"),
                    "width": 1 + min(float(data["weight"]), 6),
                    "color": KIND_COLOURS.get(kinds[0], "#999999") if len(kinds) == 1 else "#999999",
                    "dashes": "conflicts" in kinds,
                    "arrows": "to" if arrow in ((True, False), (False, True)) else "",
                }
            )
    net.nodes, net.edges = node_list, edges
    return NetworkView(_render(net), len(shown), total, physics)


def diagram_view(diagram: nx.DiGraph, highlight: Loop | None = None, height: int = 640) -> NetworkView:
    """The causal loop diagram: + links blue, - links red and dashed when delayed.

    ``highlight`` draws one loop thick and the rest faded.
    """
    in_loop = set(highlight.factors) if highlight else set()
    loop_edges = (
        set(zip(highlight.factors, highlight.factors[1:] + highlight.factors[:1], strict=True)) if highlight else set()
    )
    net = _network(f"{height}px", directed=True, physics=True)
    positions = layout(diagram.to_undirected(), seed=3)
    net.nodes = [
        {
            "id": _text(name),
            "label": _text(name),
            "title": _text(name),
            "shape": "box",
            "x": positions[name][0],
            "y": positions[name][1],
            "margin": 10,
            "color": "#fff3c4" if name in in_loop else "#e8eef7",
            "borderWidth": 3 if name in in_loop else 1,
            "font": {"size": 20, "color": "#000000" if not highlight or name in in_loop else "#9a9a9a"},
        }
        for name in diagram.nodes
    ]
    edges = []
    for cause, effect, data in diagram.edges(data=True):
        positive = data["polarity"] > 0
        focus = (cause, effect) in loop_edges
        faded = bool(highlight) and not focus
        edges.append(
            {
                "from": _text(cause),
                "to": _text(effect),
                "label": ("+" if positive else "−") + (" ‖" if data.get("delay") else ""),
                "title": _text(
                    f"{cause} → {effect}: {'more leads to more' if positive else 'more leads to less'}, "
                    f"strength {data['weight']:+.2f}" + (", with delay" if data.get("delay") else "")
                ),
                "arrows": "to",
                "width": 6 if focus else 2,
                "dashes": bool(data.get("delay")),
                "color": ("#c8c8c8" if faded else "#1f5fbf" if positive else "#c0392b"),
                "font": {"size": 22, "color": "#c8c8c8" if faded else "#000000", "strokeWidth": 3},
            }
        )
    net.edges = edges
    return NetworkView(_render(net), diagram.number_of_nodes(), diagram.number_of_nodes(), True)
