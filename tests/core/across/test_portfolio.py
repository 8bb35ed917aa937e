"""Portfolio rows and the straight-line drift rule, checked by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from core.across.portfolio import drift, portfolio
from core.store import Table


def _indicator(baseline, target, target_date="2026-01-01"):
    return pd.DataFrame(
        {"name": ["x"], "baseline": [baseline], "target": [target], "target_date": [pd.Timestamp(target_date)]}
    )


def _observations(values, dates):
    return pd.DataFrame(
        {"pilot": ["p"] * len(values), "indicator": ["x"] * len(values), "date": pd.to_datetime(dates), "value": values}
    )


def test_a_pilot_series_starts_on_the_pilots_start_date_as_on_step_6():
    # 0 -> 100 from the pilot's start (1 Jan 2025) to 1 Jan 2026: 20 by 7 Aug (218 of 365 days gone) is far
    # behind, though it keeps pace with a line drawn from the first observation (10 on 20 Jul).
    indicators = _indicator(0.0, 100.0).assign(name=["X"])  # names match ignoring case
    observations = _observations([10.0, 20.0], ["2025-07-20", "2025-08-07"])
    pilots = pd.DataFrame({"name": ["P"], "start_date": [pd.Timestamp("2025-01-01")]})
    assert not drift(indicators, observations)["behind"].iloc[0]  # without the start date
    status = drift(indicators, observations, pilots=pilots)
    assert status["elapsed"].iloc[0] == pytest.approx(218 / 365)
    assert status["behind"].iloc[0]
    assert status["indicator"].iloc[0] == "X"


def test_series_exactly_on_the_line_is_not_behind():
    # 0 -> 100 over 2025: at 1 July (181 of 365 days) the line is at 49.59.
    status = drift(_indicator(0.0, 100.0), _observations([0.0, 49.59], ["2025-01-01", "2025-07-01"]))
    row = status.iloc[0]
    assert row["expected"] == pytest.approx(100 * 181 / 365)
    assert row["elapsed"] == pytest.approx(181 / 365)
    assert not row["behind"]


def test_series_more_than_ten_points_behind_is_flagged_and_falling_targets_work():
    dates = ["2025-01-01", "2025-07-01"]
    assert drift(_indicator(0.0, 100.0), _observations([0.0, 38.0], dates))["behind"].iloc[0]  # 38% vs 49.6%
    assert not drift(_indicator(0.0, 100.0), _observations([0.0, 40.0], dates))["behind"].iloc[0]  # 40% vs 49.6%
    # Lower is better: 100 -> 0; falling to 60 is 40% of the way.
    assert not drift(_indicator(100.0, 0.0), _observations([100.0, 60.0], dates))["behind"].iloc[0]
    assert drift(_indicator(100.0, 0.0), _observations([100.0, 70.0], dates))["behind"].iloc[0]


def test_demo_flags_the_chennai_pilot_only(demo_store):
    store, pid = demo_store
    frames = store.read_many(pid, [Table.INDICATORS, Table.OBSERVATIONS])
    status = drift(frames[Table.INDICATORS], frames[Table.OBSERVATIONS])
    behind = status[status["behind"]]
    assert set(behind["pilot"]) == {"Chennai fair-price collection hubs"}
    assert set(behind["indicator"]) == {"Ocean-bound plastic collected", "Waste-picker monthly earnings"}
    assert len(status) == 7


def test_portfolio_lists_every_partnership(demo_store):
    store, _ = demo_store
    store.create_partnership("Seafood labour coalition", stage="growth")
    rows = portfolio(store).set_index("name")
    demo = rows.loc["Ocean-bound plastic in electronics (demo)"]
    assert demo["partners"] == 12
    assert (demo["indicators"], demo["on_track"]) == (7, 5)
    assert "Ocean-bound plastic collected (Chennai fair-price collection hubs)" in demo["drift_alerts"]
    assert demo["stories"] == 4 and demo["latest_story"] == "Health cards in Selun Bay"
    empty = rows.loc["Seafood labour coalition"]
    assert (empty["stage"], empty["readiness"], empty["partners"], empty["drift_alerts"]) == ("growth", 0, 0, "")
