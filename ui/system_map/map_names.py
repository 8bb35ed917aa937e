"""Which actors an interactive map names: the most central whose names have room.

Pure geometry over the map's own units (no Streamlit, no vis): the view
(:mod:`ui.system_map.network_view`) asks, and draws the rest with their
names on hover.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from ui.labels import Box, text_box

__all__ = ["legible_names"]


def legible_names(
    ranked: Iterable[str],
    positions: Mapping[str, tuple[float, float]] | None,
    sizes: Mapping[str, float],
    font: float,
    limit: int,
) -> set[str]:
    """The actors to name on the map: up to ``limit`` of ``ranked`` (most central first), no name over another.

    The map draws a name centred under its dot (radius ``sizes[name]``), in
    the same units as the positions. A name that would cover a name or a dot
    already chosen (or whose dot one of those names covers) is left to the
    hover, and the next actor is tried: on a dense map a few names that can
    be read beat many that cannot. A less central actor's dot may sit under
    a name: keeping names off every dot would leave the hubs unnamed (tried
    on the demo: its three most central lost their names on the wall).
    Without positions (a small map laying itself out) the first ``limit``
    are named.
    """
    ranked = list(ranked)
    if positions is None:
        return set(ranked[:limit])
    names: dict[str, Box] = {}
    dots: list[Box] = []
    for name in ranked:
        if len(names) == limit:
            break
        x, y = positions.get(name, (math.nan, math.nan))
        if not (math.isfinite(x) and math.isfinite(y)):  # not placed: no telling what its name would cover
            continue
        radius = float(sizes[name])
        box = _name_box(name, (x, y), radius, font)
        dot = Box(x - radius, y - radius, x + radius, y + radius)
        if not any(box.overlaps(other) or dot.overlaps(other) for other in names.values()) and not any(
            box.overlaps(other) for other in dots
        ):
            names[name] = box
            dots.append(dot)
    return set(names)


def _name_box(name: str, at: tuple[float, float], radius: float, font: float) -> Box:
    """Where vis-network 9 draws a dot's name: centred, ``font / 2 + 4`` under the dot, one ``font`` high.

    Measured in Chromium (``labelModule.size``); the width is :func:`ui.labels.text_box`'s, a little wide for
    vis's Arial, so the box errs on the side of room. The map's y grows downwards; Box's (bottom, top) order
    is kept, and overlap is the same.
    """
    x, y = at
    width, _ = text_box(name, font)
    top = y + radius + font / 2 + 4
    return Box(x - width / 2, top, x + width / 2, top + font)
