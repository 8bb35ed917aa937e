"""Partner targets against the shared target: direction, size, date, unit; and between partners."""

from __future__ import annotations

import pandas as pd
import pytest

from core.across.demo import load_demo
from core.metrics.targets import Misalignment, between_partners, compare_targets, unit_factor
from core.records import coerce
from core.store import Table

SHARED = coerce(
    pd.DataFrame(
        [
            {"name": "Recycled share", "unit": "%", "baseline": 4, "target": 30, "target_date": "2026-12-31",
             "level": "outcome"},
            {"name": "Leakage", "unit": "tonnes/year", "baseline": 38000, "target": 30000,
             "target_date": "2028-12-31", "level": "system shift"},
            {"name": "Collected", "unit": "tonnes/month", "baseline": 120, "target": 400,
             "target_date": "2027-03-31", "level": "outcome"},
        ]
    ),
    Table.INDICATORS,
)  # fmt: skip


def _targets(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["partner", "indicator", "target", "unit", "due_date"])
    return coerce(frame, Table.PARTNER_TARGETS)


def _issues(rows: list[tuple]) -> list[list[Misalignment]]:
    return list(compare_targets(_targets(rows), SHARED)["issues"])


@pytest.mark.parametrize(
    ("unit", "shared", "factor"),
    [
        ("%", " % ", 1.0),
        ("tonnes/year", "tonnes/month", 1 / 12),
        ("tonnes per month", "tonnes/year", 12.0),
        ("tonnes/quarter", "tonnes/year", 4.0),
        ("USD/month", "tonnes/month", None),
        ("kg", "tonnes", None),
    ],
)
def test_unit_factor(unit, shared, factor):
    assert unit_factor(unit, shared) == (pytest.approx(factor) if factor else None)


def test_agreeing_target_has_no_issue_and_a_blank_unit_means_the_shared_one():
    assert _issues(
        [("Brand", "Recycled share", 30, "%", "2026-12-31"), ("Moulder", "Recycled share", 30.5, "", "2026-12-31")]
    ) == [[], []]


def test_size_is_measured_against_the_planned_change():
    # Planned change 26 points; 5% tolerance is 1.3 points.
    issues = _issues(
        [
            ("A", "Recycled share", 10, "%", "2026-12-31"),  # 77% short
            ("B", "Recycled share", 32, "%", "2026-12-31"),  # 7.7% beyond
            ("C", "Recycled share", 29, "%", "2026-12-31"),  # 3.8% short: agrees
        ]
    )
    assert issues == [[Misalignment.LESS_AMBITIOUS], [Misalignment.MORE_AMBITIOUS], []]


def test_direction_for_a_falling_indicator():
    # The shared target asks leakage to fall from 38,000 to 30,000 tonnes a year.
    compared = compare_targets(
        _targets(
            [
                ("Ministry", "Leakage", 40000, "tonnes/year", "2028-12-31"),  # rises: the other way
                ("NGO", "Leakage", 25000, "tonnes/year", "2028-12-31"),  # falls further: more ambitious
                ("Recycler", "Leakage", 3000, "tonnes/month", "2028-12-31"),  # 36,000 a year: less ambitious
            ]
        ),
        SHARED,
    )
    assert list(compared["issues"]) == [
        [Misalignment.DIRECTION],
        [Misalignment.MORE_AMBITIOUS],
        [Misalignment.UNIT, Misalignment.LESS_AMBITIOUS],
    ]
    assert compared["comparable"].iloc[2] == 36000
    assert "other side of the baseline 38,000" in compared["explanation"].iloc[0]


def test_dates_units_and_unknown_indicators():
    compared = compare_targets(
        _targets(
            [
                ("Ministry", "Recycled share", 30, "%", "2030-12-31"),
                ("Brand", "Recycled share", 30, "%", "2026-06-30"),
                ("Recycler", "Collected", 4800, "tonnes/year", "2027-03-31"),
                ("Cooperative", "Collected", 400, "kg", "2027-03-31"),
                ("Lab", "Spec pass rate", 95, "%", "2026-12-31"),
            ]
        ),
        SHARED,
    )
    assert list(compared["issues"]) == [
        [Misalignment.LATER],
        [Misalignment.EARLIER],
        [Misalignment.UNIT],  # 4,800 a year is 400 a month: only the unit differs
        [Misalignment.UNIT],  # kg cannot be compared with tonnes/month
        [Misalignment.UNKNOWN_INDICATOR],
    ]
    assert compared["date_gap_days"].iloc[0] == 1461
    assert "cannot be compared" in compared["explanation"].iloc[3]
    assert "not a shared indicator" in compared["explanation"].iloc[4]


def test_between_partners_spread_and_dates():
    compared = compare_targets(
        _targets(
            [
                ("A", "Recycled share", 10, "%", "2026-12-31"),
                ("B", "Recycled share", 30, "%", "2026-12-31"),
                ("C", "Collected", 400, "tonnes/month", "2027-03-31"),
                ("D", "Collected", 4800, "tonnes/year", "2027-03-31"),
            ]
        ),
        SHARED,
    )
    between = between_partners(compared).set_index("indicator")
    assert between.loc["Recycled share", "disagree"]
    assert between.loc["Recycled share", "spread_share"] == pytest.approx(20 / 26)
    assert between.loc["Recycled share", "lowest_partner"] == "A"
    assert not between.loc["Collected", "disagree"]


def test_demo_shows_each_kind_of_misalignment():
    _, frames = load_demo()
    indicators = coerce(frames[Table.INDICATORS], Table.INDICATORS)
    targets = coerce(frames[Table.PARTNER_TARGETS], Table.PARTNER_TARGETS)
    compared = compare_targets(targets, indicators).set_index(["partner", "indicator"])
    assert compared.loc[("Novaline Electronics", "Recycled content share in casings"), "issues"] == [
        Misalignment.LESS_AMBITIOUS
    ]
    assert compared.loc[("Aurelia Recycling", "Ocean-bound plastic collected"), "issues"] == [Misalignment.UNIT]
    ministry = ("Ministry of Environment, Republic of Kelora", "Producers under modulated EPR fees")
    assert compared.loc[ministry, "issues"] == [Misalignment.LATER]
    assert compared.loc[("Meridian Devices", "Recycled content share in casings"), "issues"] == []
