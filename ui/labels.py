"""Where a scatter's names go so that none covers another name, a named point or a corner's title.

Plotly puts every text label at the one position it is given, so crowded
points wrote names over each other. Here each name tries the places around
its point in turn (right, left, above, below, the diagonals, then the same
further out with a line to its point) and takes the first that is free; a
name with no free place is left to the hover.
Pure geometry in pixels, y upwards; the figure turns a placement into an
annotation.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

__all__ = ["Box", "Placement", "place_labels", "spread_boxes", "text_box"]

CHAR_WIDTH = 0.58
"""A character's width in ems: a little over Source Sans' average, so a name is never placed too narrow."""

LINE_HEIGHT = 1.3
"""A line's height in ems."""


@dataclass(frozen=True)
class Box:
    """A rectangle in pixels: left, bottom, right, top (y upwards)."""

    left: float
    bottom: float
    right: float
    top: float

    def overlaps(self, other: Box) -> bool:
        return (
            self.left < other.right and other.left < self.right and self.bottom < other.top and other.bottom < self.top
        )

    def inside(self, area: Box) -> bool:
        return (
            area.left <= self.left and self.right <= area.right and area.bottom <= self.bottom and self.top <= area.top
        )


@dataclass(frozen=True)
class Placement:
    """Where a name sits: plotly's anchors and a shift in pixels from its point."""

    xanchor: str
    yanchor: str
    xshift: float
    yshift: float
    far: bool = False
    """Placed away from its point: the figure draws a line between the two."""

    def box(self, x: float, y: float, size: tuple[float, float]) -> Box:
        """The rectangle a text of ``size`` (width, height) takes when placed so from the point (x, y)."""
        width, height = size
        left = {"left": 0.0, "center": -width / 2, "right": -width}[self.xanchor] + x + self.xshift
        bottom = {"bottom": 0.0, "middle": -height / 2, "top": -height}[self.yanchor] + y + self.yshift
        return Box(left, bottom, left + width, bottom + height)


def text_box(text: str, font: float) -> tuple[float, float]:
    """The (width, height) a one-line ``text`` takes at ``font`` pixels."""
    return len(text) * font * CHAR_WIDTH, font * LINE_HEIGHT


def _candidates(gap: float) -> list[Placement]:
    """The places around a point, nearest first: beside, above, below and diagonal, then the same further out."""
    return _ring(gap, far=False) + _ring(gap * 3, far=True)


def _ring(gap: float, far: bool) -> list[Placement]:
    diagonal = gap * 0.7
    return [
        Placement("left", "middle", gap, 0, far),
        Placement("right", "middle", -gap, 0, far),
        Placement("center", "bottom", 0, gap, far),
        Placement("center", "top", 0, -gap, far),
        Placement("left", "bottom", diagonal, diagonal, far),
        Placement("left", "top", diagonal, -diagonal, far),
        Placement("right", "bottom", -diagonal, diagonal, far),
        Placement("right", "top", -diagonal, -diagonal, far),
    ]


def place_labels(
    points: Sequence[tuple[float, float]],
    labels: Sequence[str],
    area: Box,
    *,
    font: float,
    marker: float,
    obstacles: Sequence[Box] = (),
) -> list[Placement | None]:
    """A free place for each label, in the order given (put the most important first).

    Parameters
    ----------
    points : sequence of (x, y)
        Every point of the chart in pixels, named or not. A name covers no named point,
        and an unnamed one only when no other place is free.
    labels : sequence of str
        One per point; '' for a point without a name.
    area : Box
        The plot area; a name stays inside it.
    font, marker : float
        The names' font size and the markers' diameter, in pixels.
    obstacles : sequence of Box
        Other text already on the chart (a quadrant's title).

    Returns
    -------
    list of Placement or None
        One per point: where its name goes, or None (no name, or no free place).
    """
    half = marker / 2 + 1
    dots = [Box(x - half, y - half, x + half, y + half) for x, y in points]
    named = [dot for dot, label in zip(dots, labels, strict=True) if label]
    names: list[Box] = []
    placements: list[Placement | None] = []
    for (x, y), label, own in zip(points, labels, dots, strict=True):
        # First a place that covers no point; failing that, one that covers only unnamed points.
        chosen = None
        if label:
            size = text_box(label, font)
            for blocking in (dots, named):
                taken = [*obstacles, *names, *(dot for dot in blocking if dot is not own)]
                chosen = next(
                    (at for at in _candidates(marker / 2 + 3) if _free(at.box(x, y, size), area, taken)), None
                )
                if chosen is not None:
                    names.append(chosen.box(x, y, size))
                    break
        placements.append(chosen)
    return placements


def _free(box: Box, area: Box, taken: Sequence[Box]) -> bool:
    return box.inside(area) and not any(box.overlaps(other) for other in taken)


def spread_boxes(
    centres: Mapping[str, tuple[float, float]], sizes: Mapping[str, tuple[float, float]], gap: float = 6.0
) -> dict[str, tuple[float, float]]:
    """Centres moved just enough that no two boxes overlap, each staying near where it was.

    Each overlapping pair is pushed apart along the axis where they overlap
    least, half each, until none overlaps (or after 200 rounds). A layout
    made for points keeps its shape when its points become named boxes.
    """
    at = {name: [float(x), float(y)] for name, (x, y) in centres.items()}
    names = list(at)
    for _ in range(200):
        moved = False
        for i, a in enumerate(names):
            for b in names[i + 1 :]:
                dx, dy = at[b][0] - at[a][0], at[b][1] - at[a][1]
                need_x = (sizes[a][0] + sizes[b][0]) / 2 + gap - abs(dx)
                need_y = (sizes[a][1] + sizes[b][1]) / 2 + gap - abs(dy)
                if need_x <= 0 or need_y <= 0:
                    continue
                moved = True
                axis, need, delta = (0, need_x, dx) if need_x < need_y else (1, need_y, dy)
                direction = 1.0 if delta > 0 or (delta == 0 and a < b) else -1.0
                at[a][axis] -= direction * need / 2
                at[b][axis] += direction * need / 2
        if not moved:
            break
    return {name: (x, y) for name, (x, y) in at.items()}
