"""Names on a scatter: each placed where it covers no other name, point or title, or left to the hover."""

from __future__ import annotations

import random

from ui.labels import Box, place_labels, text_box

AREA = Box(0, 0, 800, 500)
FONT, MARKER = 16, 16


def _boxes(points, labels, placements):
    return [
        at.box(x, y, text_box(label, FONT))
        for (x, y), label, at in zip(points, labels, placements, strict=True)
        if at is not None
    ]


def test_a_lone_name_sits_right_of_its_point():
    (at,) = place_labels([(100, 100)], ["Aurelia Recycling"], AREA, font=FONT, marker=MARKER)
    assert (at.xanchor, at.yanchor, at.far) == ("left", "middle", False)
    assert at.xshift > MARKER / 2


def test_a_name_at_the_right_edge_goes_left_and_one_at_the_top_stays_inside():
    points = [(790, 250), (400, 495)]
    labels = ["Meridian Devices", "Clean Tides Alliance"]
    placed = place_labels(points, labels, AREA, font=FONT, marker=MARKER)
    assert placed[0].xanchor == "right"
    assert all(box.inside(AREA) for box in _boxes(points, labels, placed))


def test_two_points_side_by_side_get_names_that_do_not_overlap():
    points = [(400, 250), (420, 250)]
    labels = ["Novaline Electronics", "Precision Moulding Works"]
    first, second = _boxes(points, labels, place_labels(points, labels, AREA, font=FONT, marker=MARKER))
    assert not first.overlaps(second)


def test_a_title_in_the_corner_keeps_names_off_it():
    title = Box(600, 460, 800, 500)
    (at,) = place_labels([(700, 470)], ["Manage closely too"], AREA, font=FONT, marker=MARKER, obstacles=[title])
    assert at is not None and not at.box(700, 470, text_box("Manage closely too", FONT)).overlaps(title)


def test_a_name_with_no_free_place_is_left_out_and_an_unnamed_point_gets_none():
    tiny = Box(0, 0, 60, 30)
    assert place_labels([(30, 15), (10, 10)], ["A name far too long", ""], tiny, font=FONT, marker=MARKER) == [
        None,
        None,
    ]


def test_a_crowd_of_points_never_gets_two_names_on_each_other():
    generator = random.Random(7)
    points = [(generator.uniform(0, 800), generator.uniform(0, 500)) for _ in range(60)]
    labels = [f"Partner number {index}" if index % 2 == 0 else "" for index in range(60)]
    placed = place_labels(points, labels, AREA, font=FONT, marker=MARKER)
    boxes = _boxes(points, labels, placed)
    assert len(boxes) >= 20  # most of the 30 names find a place
    assert all(box.inside(AREA) for box in boxes)
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    half = MARKER / 2 + 1
    dots = [Box(x - half, y - half, x + half, y + half) for x, y in points]
    named = [dot for dot, label in zip(dots, labels, strict=True) if label]
    for (x, y), label, at, own in zip(points, labels, placed, dots, strict=True):
        if at is not None:  # a name may cover an unnamed point when nothing else is free, never a named one
            box = at.box(x, y, text_box(label, FONT))
            assert not any(box.overlaps(dot) for dot in named if dot is not own)
