"""Salience (Mitchell, Agle & Wood 1997) and the power-interest grid."""

from __future__ import annotations

import pandas as pd
import pytest

from core.partners.grid import Quadrant, quadrant_of, quadrants
from core.partners.salience import THRESHOLD, SalienceClass, classify, salience

CASES = [
    # power, legitimacy, urgency -> class (the paper's typology)
    ((0, 0, 0), SalienceClass.NON_STAKEHOLDER, "none"),
    ((1, 0, 0), SalienceClass.DORMANT, "latent"),
    ((0, 1, 0), SalienceClass.DISCRETIONARY, "latent"),
    ((0, 0, 1), SalienceClass.DEMANDING, "latent"),
    ((1, 1, 0), SalienceClass.DOMINANT, "expectant"),
    ((1, 0, 1), SalienceClass.DANGEROUS, "expectant"),
    ((0, 1, 1), SalienceClass.DEPENDENT, "expectant"),
    ((1, 1, 1), SalienceClass.DEFINITIVE, "definitive"),
]


@pytest.mark.parametrize(("flags", "expected", "group"), CASES)
def test_all_eight_cases(flags, expected, group):
    assert classify(*flags) is expected
    # Through the vectorised path with 1-5 scores: 5 has it, 2 does not.
    frame = pd.DataFrame(
        [{name: 5 if flag else 2 for name, flag in zip(["power", "legitimacy", "urgency"], flags, strict=True)}]
    )
    row = salience(frame).iloc[0]
    assert row["salience"] == expected.value
    assert row["salience_group"] == group
    assert row["attributes"] == sum(flags)


def test_threshold_is_three_and_yes_no_is_understood():
    assert THRESHOLD == 3
    frame = pd.DataFrame(
        {
            "power": [3, 2.9, "yes", None],
            "legitimacy": ["no", 4, "5", "x"],
            "urgency": [None, "Yes", 1, 5],
        }
    )
    assert salience(frame)["salience"].tolist() == ["dormant", "dependent", "dominant", "demanding"]
    assert salience(frame, threshold=5)["salience"].tolist() == [
        "non-stakeholder",
        "demanding",
        "dominant",
        "demanding",
    ]


def test_demo_story_classes():
    frame = pd.read_csv("data/demo/actors.csv", dtype=str, keep_default_na=False).set_index("name")
    classes = salience(frame)["salience"]
    # The demo notes call the ministry definitive and the resin supplier dominant.
    assert classes["Ministry of Environment, Republic of Kelora"] == "definitive"
    assert classes["Kelvara Petrochemicals"] == "dominant"
    assert classes["Selun Bay Waste Pickers Association"] == "dependent"


@pytest.mark.parametrize(
    ("interest", "influence", "expected"),
    [
        (5, 5, Quadrant.MANAGE_CLOSELY),
        (4, 4, Quadrant.MANAGE_CLOSELY),
        (3, 5, Quadrant.KEEP_SATISFIED),
        (5, 3, Quadrant.KEEP_INFORMED),
        (3, 3, Quadrant.MONITOR),
        (1, 1, Quadrant.MONITOR),
        (None, 5, Quadrant.KEEP_SATISFIED),
    ],
)
def test_quadrants(interest, influence, expected):
    assert quadrant_of(interest, influence) is expected
    frame = pd.DataFrame({"interest": [interest], "influence": [influence]})
    assert quadrants(frame).iloc[0] == expected.value


def test_demo_quadrants():
    frame = pd.read_csv("data/demo/actors.csv", dtype=str, keep_default_na=False).set_index("name")
    grid = quadrants(frame)
    assert grid["Meridian Devices"] == "manage closely"
    assert grid["Kelvara Petrochemicals"] == "keep satisfied"
    assert grid["Coastal Collectors Cooperative"] == "keep informed"
    assert grid["Harbourline Logistics"] == "monitor"
