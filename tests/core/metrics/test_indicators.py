"""Indicators: cadence parsing, warnings, the output-heavy check and the dashboard's rhythm."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from core.across.demo import load_demo
from core.metrics.indicators import data_dictionary, indicator_warnings, output_heavy
from core.metrics.reporting import ReportStatus, dashboard, parse_cadence
from core.records import coerce
from core.store import Table


def _indicators(rows: list[dict]) -> pd.DataFrame:
    return coerce(pd.DataFrame(rows), Table.INDICATORS)


def _observations(rows: list[tuple]) -> pd.DataFrame:
    return coerce(pd.DataFrame(rows, columns=["pilot", "indicator", "date", "value"]), Table.OBSERVATIONS)


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("monthly", 1),
        ("Quarterly", 3),
        ("half-yearly", 6),
        ("semi-annually", 6),
        ("Annual", 12),
        ("every 2 months", 2),
        ("every 2 years", 24),
        ("when needed", None),
        ("asap", None),
        ("every 0 months", None),
        ("", None),
        (None, None),
    ],
)
def test_cadence_is_a_period_in_months_or_none(text, months):
    assert parse_cadence(text) == months


def test_warnings_name_bad_cadence_and_baseline_equal_to_target():
    frame = _indicators(
        [
            {"name": "Hubs", "level": "output", "cadence": "monthly", "baseline": 6, "target": 18},
            {"name": "Income", "level": "outcome", "cadence": "whenever we can", "baseline": 95, "target": 160},
            {"name": "Policy", "level": "system shift", "cadence": "yearly", "baseline": 40, "target": 40},
        ]
    )
    warnings = indicator_warnings(frame)
    assert [(w.row, w.indicator, w.column) for w in warnings] == [(1, "Income", "cadence"), (2, "Policy", "target")]
    assert "'whenever we can' is not a period" in warnings[0].message
    assert "baseline equals the target (40)" in warnings[1].message


def test_an_indicator_must_measure_an_item_of_the_theory_of_change():
    frame = _indicators(
        [
            {
                "name": "Hubs",
                "level": "output",
                "cadence": "monthly",
                "baseline": 1,
                "target": 2,
                "toc_item": "hubs open",
            },
            {"name": "Policy", "level": "output", "cadence": "monthly", "baseline": 1, "target": 2, "toc_item": "Law"},
        ]
    )
    items = pd.DataFrame({"name": ["Hubs open"], "level": ["output"]})
    warnings = indicator_warnings(frame, items)
    assert [(w.indicator, w.column) for w in warnings] == [("Policy", "toc_item")]
    assert warnings[0].message == "'Policy' measures 'Law', which is not in the theory of change."


def test_output_heavy_means_more_than_half_outputs():
    two_of_four = _indicators([{"name": f"i{n}", "level": lv} for n, lv in enumerate(["output"] * 2 + ["outcome"] * 2)])
    three_of_five = _indicators(
        [{"name": f"i{n}", "level": lv} for n, lv in enumerate(["output"] * 3 + ["system shift"] * 2)]
    )
    assert not output_heavy(two_of_four)
    assert output_heavy(three_of_five)


def test_dashboard_latest_value_progress_and_overdue_first():
    indicators = _indicators(
        [
            {"name": "Tonnes", "level": "outcome", "cadence": "monthly", "baseline": 100, "target": 300},
            {"name": "Income", "level": "outcome", "cadence": "quarterly", "baseline": 90, "target": 150},
            {"name": "Policy", "level": "system shift", "cadence": "yearly", "baseline": 0, "target": 50},
            {"name": "Hubs", "level": "output", "cadence": "ad hoc", "baseline": 2, "target": 10},
        ]
    )
    observations = _observations(
        [
            ("North", "Tonnes", "2026-03-01", 150),
            ("South", "tonnes", "2026-05-01", 200),  # the latest, whichever pilot reported it
            ("North", "Tonnes", "2026-04-01", 180),
            ("", "Income", "2026-01-15", 120),
        ]
    )
    board = dashboard(indicators, observations, date(2026, 7, 1))
    # Income is 77 days overdue, Tonnes 30: the longest overdue leads.
    assert list(board["indicator"]) == ["Income", "Tonnes", "Policy", "Hubs"]
    income, tonnes, policy, hubs = (board.iloc[i] for i in range(4))
    assert tonnes["latest"] == 200 and tonnes["progress"] == pytest.approx(0.5) and tonnes["reports"] == 3
    assert tonnes["next_due"] == pd.Timestamp("2026-06-01") and tonnes["days_overdue"] == 30
    assert tonnes["status"] == ReportStatus.OVERDUE
    assert income["next_due"] == pd.Timestamp("2026-04-15") and income["days_overdue"] == 77
    assert income["progress"] == pytest.approx(0.5)
    assert policy["status"] == ReportStatus.NEVER and pd.isna(policy["latest"])
    assert hubs["status"] == ReportStatus.NO_CADENCE


def test_longest_overdue_comes_first_and_future_reports_last():
    indicators = _indicators(
        [
            {"name": "A", "level": "outcome", "cadence": "yearly", "baseline": 0, "target": 1},
            {"name": "B", "level": "outcome", "cadence": "monthly", "baseline": 0, "target": 1},
            {"name": "C", "level": "outcome", "cadence": "monthly", "baseline": 0, "target": 1},
        ]
    )
    observations = _observations(
        [("", "A", "2026-01-01", 0.5), ("", "B", "2026-01-01", 0.5), ("", "C", "2026-05-01", 1)]
    )
    board = dashboard(indicators, observations, date(2026, 5, 10))
    assert list(board["indicator"]) == ["B", "C", "A"]
    assert list(board["status"]) == [ReportStatus.OVERDUE, ReportStatus.DUE_SOON, ReportStatus.SCHEDULED]


def test_demo_dictionary_has_all_levels_and_is_not_output_heavy():
    _, frames = load_demo()
    indicators = coerce(frames[Table.INDICATORS], Table.INDICATORS)
    assert set(indicators["level"]) == {"output", "outcome", "system shift"}
    assert not output_heavy(indicators)
    assert indicator_warnings(indicators, frames[Table.TOC_ITEMS]) == []
    dictionary = data_dictionary(indicators)
    assert list(dictionary.columns[:4]) == ["Indicator", "Level", "Definition", "Unit"]
    assert "System shift" in set(dictionary["Level"])


def test_dictionary_workbook_round_trips_through_the_importer():
    from core.io_excel import read_table, sheet_names
    from core.metrics.indicators import DICTIONARY_HEADERS, dictionary_workbook

    _, frames = load_demo()
    indicators = coerce(frames[Table.INDICATORS], Table.INDICATORS)
    indicators.loc[0, "definition"] = '=HYPERLINK("http://example.invalid","click")'
    targets = coerce(frames[Table.PARTNER_TARGETS], Table.PARTNER_TARGETS)
    data = dictionary_workbook(indicators, targets)
    assert sheet_names(data, "dictionary.xlsx") == ["Data dictionary", "Partner targets"]
    parsed = read_table(data, "dictionary.xlsx", Table.INDICATORS, sheet="Data dictionary", mapping=DICTIONARY_HEADERS)
    assert parsed.problems == []
    back = coerce(parsed.frame, Table.INDICATORS)
    pd.testing.assert_frame_equal(back, indicators, check_dtype=False)
