"""The pyvis plumbing both network views share: offline HTML and plain-text labels.

The HTML works offline: vis-network is inlined (``cdn_resources="in_line"``)
and pyvis's bootstrap links to a CDN are cut out, so no request leaves the machine.
Labels are drawn on a canvas and tooltips are set as text, so a name such as
``<img src=x onerror=alert(1)>`` shows as those characters and never runs.
Node and edge data reach the page through Jinja's ``tojson``, which escapes
``<``, ``>`` and ``&``. pyvis switches to an ``innerHTML`` tooltip when any
tooltip contains "href"; :func:`plain_text` breaks that word with a zero-width
space so that path is never taken. A map that keeps its layout tells the app
page where a dragged node was left (``postMessage``; :mod:`ui.system_map.drag`
listens and keeps it).
"""

from __future__ import annotations

import json
import math
import re

from pyvis.network import Network

__all__ = ["new_network", "plain_text", "render"]

_ZERO_WIDTH = "\u200b"


def plain_text(value: object) -> str:
    """Plain text for vis (canvas labels, text tooltips), with "href" defused."""
    text = "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)
    return text.replace("href", "hr" + _ZERO_WIDTH + "ef").replace("HREF", "HR" + _ZERO_WIDTH + "EF")


def new_network(height: str, directed: bool, physics: bool) -> Network:
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


# After a drag, the page tells the app where the nodes were left; only the ids and numbers vis itself holds.
_DRAG = """<script>
(function () {
  if (typeof network === "undefined") { return; }
  network.on("dragEnd", function (params) {
    if (!params.nodes.length) { return; }
    window.parent.postMessage({keystone: "map-moved", map: %s, positions: network.getPositions(params.nodes)}, "*");
  });
})();
</script>
"""


def render(net: Network, map_name: str | None = None) -> str:
    """The page without pyvis's bootstrap links (a CDN) and its empty heading, fitted to its frame.

    With ``map_name`` (a :class:`core.system_map.layout.MapKind` value), dragging a node sends
    its new place to the app page, which keeps it.
    """
    html = _CDN_TAGS.sub("", net.generate_html(notebook=False))
    head, _, tail = html.rpartition("</body>")
    drag = _DRAG % json.dumps(map_name) if map_name else ""
    return head + drag + _FIT + tail
