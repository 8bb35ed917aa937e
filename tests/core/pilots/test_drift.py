"""Trajectory and CUSUM drift detection, checked against hand-computed series."""

from __future__ import annotations

import random
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

from core.across.demo import load_demo
from core.pilots import drift
from core.records import coerce
from core.tables import Table

START = pd.Timestamp("2025-01-01")


def _frames(observed: list[float], baseline: float = 0.0, target: float = 100.0):
    """A pilot over 100 days, one indicator, an observation every 10 days."""
    pilots = coerce(
        pd.DataFrame(
            [
                {
                    "name": "Hub pilot",
                    "start_date": START,
                    "end_date": START + pd.Timedelta(days=200),
                    "indicators": "Tonnes",
                }
            ]
        ),
        Table.PILOTS,
    )
    indicators = coerce(
        pd.DataFrame(
            [
                {
                    "name": "Tonnes",
                    "unit": "t",
                    "baseline": baseline,
                    "target": target,
                    "target_date": START + pd.Timedelta(days=100),
                    "level": "outcome",
                }
            ]
        ),
        Table.INDICATORS,
    )
    observations = coerce(
        pd.DataFrame(
            {
                "pilot": "Hub pilot",
                "indicator": "Tonnes",
                "date": [START + pd.Timedelta(days=10 * i) for i in range(len(observed))],
                "value": observed,
            }
        ),
        Table.OBSERVATIONS,
    )
    return pilots, indicators, observations


def test_cusum_matches_a_hand_computed_series():
    # k = 0.02, h = 0.10.  S: 0, 0, .03, .01, .03, .07, .11 -> alarm at index 6;
    # the last zero before it is index 1.
    shortfall = [0.0, 0.01, 0.05, 0.0, 0.04, 0.06, 0.06, 0.03]
    result = drift.cusum(shortfall, k=0.02, h=0.10)
    np.testing.assert_allclose(result.statistic, [0, 0, 0.03, 0.01, 0.03, 0.07, 0.11, 0.12], atol=1e-12)
    assert result.alarm == 6
    assert result.began == 1


def test_cusum_without_a_zero_before_the_alarm_began_at_the_start():
    result = drift.cusum([0.2], k=0.02, h=0.1)
    assert result.alarm == 0 and result.began == -1


def test_cusum_rejects_meaningless_parameters():
    with pytest.raises(ValueError):
        drift.cusum([0.1], k=-0.1)
    with pytest.raises(ValueError):
        drift.cusum([0.1], h=0)


def test_planned_line_runs_from_baseline_at_start_to_target_at_target_date():
    dates = pd.Series(
        [START - pd.Timedelta(days=5), START, START + pd.Timedelta(days=25), START + pd.Timedelta(days=300)]
    )
    line = drift.planned(dates, START, START + pd.Timedelta(days=100), 20.0, 120.0)
    assert list(line) == [20.0, 20.0, 45.0, 120.0]


def test_track_raises_the_alarm_on_the_hand_computed_date():
    # Plan: 0, 10, 20, ... (range 100), so observed = plan - 100 x shortfall.
    observed = [0, 9, 15, 30, 36, 44, 54, 67]
    pilots, indicators, observations = _frames(observed)
    tracked = drift.track(pilots, indicators, observations, k=0.02, h=0.10)
    np.testing.assert_allclose(tracked["shortfall"], [0, 0.01, 0.05, 0, 0.04, 0.06, 0.06, 0.03], atol=1e-12)
    found = drift.alerts(tracked, pilots, indicators, h=0.10)
    assert len(found) == 1
    alert = found[0]
    assert alert.alarm == pd.Timestamp("2025-03-02")  # day 60
    assert alert.began == pd.Timestamp("2025-01-11")  # day 10: last zero before the alarm
    assert alert.active
    assert alert.behind_by == pytest.approx(3.0)
    assert "Drift began 11 Jan 2025, alarm on 02 Mar 2025" in alert.describe()
    assert "latest value 3 t behind plan" in alert.describe()


def test_a_falling_indicator_stuck_at_its_baseline_is_behind_plan():
    # Plan falls 100 -> 50 over 100 days; observed stays at 100, so it trails by 50 x day/100.
    pilots, indicators, observations = _frames([100.0] * 8, baseline=100.0, target=50.0)
    tracked = drift.track(pilots, indicators, observations, k=0.02, h=0.10)
    np.testing.assert_allclose(tracked["shortfall"], [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7], atol=1e-12)
    (alert,) = drift.alerts(tracked, pilots, indicators, h=0.10)
    assert alert.behind_by == pytest.approx(35.0)  # planned 65 at day 70, observed 100
    assert "latest value 35 t behind plan" in alert.describe()


def test_an_on_track_series_raises_no_alarm():
    plan = [10.0 * i for i in range(11)]
    wobble = [0, -1, 1.5, -0.5, 1.9, 1.9, -1, 1, 1.8, 0, -2]  # never more than 2% of the range behind
    pilots, indicators, observations = _frames([p - w for p, w in zip(plan, wobble, strict=True)])
    tracked = drift.track(pilots, indicators, observations)
    assert not tracked["alarm"].any()
    assert drift.alerts(tracked, pilots, indicators) == []


def test_a_falling_indicator_drifts_when_it_stays_above_the_line():
    # Baseline 100 falling to 0: values above the plan are the shortfall.
    observed = [100, 91, 85, 70, 64, 56, 46, 33]
    pilots, indicators, observations = _frames(observed, baseline=100.0, target=0.0)
    tracked = drift.track(pilots, indicators, observations, k=0.02, h=0.10)
    assert tracked.loc[tracked["alarm"], "date"].tolist() == [pd.Timestamp("2025-03-02")]


def test_tuning_k_and_h_changes_when_the_alarm_sounds():
    observed = [0, 9, 15, 30, 36, 44, 54, 67]
    pilots, indicators, observations = _frames(observed)
    eager = drift.track(pilots, indicators, observations, k=0.0, h=0.05)
    assert eager.loc[eager["alarm"], "date"].tolist() == [pd.Timestamp("2025-01-21")]  # 0.01 + 0.05 > 0.05
    lax = drift.track(pilots, indicators, observations, k=0.05, h=0.10)
    assert not lax["alarm"].any()


def test_demo_chennai_pilot_drifts_and_the_others_stay_on_track():
    _, raw = load_demo()
    frames = {table: coerce(frame, table) for table, frame in raw.items()}
    pilots, indicators = frames[Table.PILOTS], frames[Table.INDICATORS]
    tracked = drift.track(pilots, indicators, frames[Table.OBSERVATIONS])
    found = drift.alerts(tracked, pilots, indicators)
    assert {alert.pilot for alert in found} == {"Chennai fair-price collection hubs"}
    assert {alert.indicator for alert in found} == {"Ocean-bound plastic collected", "Waste-picker monthly earnings"}
    for alert in found:
        assert alert.began == pd.Timestamp("2025-09-01")
        assert alert.alarm == pd.Timestamp("2025-12-01")
        assert alert.active


def test_cusum_equals_pages_recursion_on_a_long_noisy_series():
    rng = np.random.default_rng(7)
    series = rng.normal(0.0, 0.05, 500)
    expected, running = [], 0.0
    for value in series:
        running = max(0.0, running + value - 0.02)
        expected.append(running)
    result = drift.cusum(series, k=0.02, h=0.3)
    np.testing.assert_allclose(result.statistic, expected, atol=1e-12)
    assert ((result.statistic == 0) == (np.asarray(expected) == 0)).all()


# Montgomery, Introduction to Statistical Quality Control, Example 9.1: 20 observations from N(10, 1),
# then 10 after the mean shifts to 11; tabular CUSUM with mu0 = 10, K = 0.5, H = 5.
MONTGOMERY = [
    *(9.45, 7.99, 9.29, 11.66, 12.16, 10.18, 8.04, 11.46, 9.20, 10.34, 9.03, 11.47, 10.51, 9.40, 10.08),
    *(9.37, 10.62, 10.31, 8.52, 10.84, 10.90, 9.33, 12.29, 11.50, 10.60, 11.08, 10.38, 11.62, 11.31, 10.52),
]
MONTGOMERY_UPPER = [  # C+ as he tabulates it, periods 1 to 30
    *(0.0, 0.0, 0.0, 1.16, 2.82, 2.50, 0.04, 1.00, 0.0, 0.0, 0.0, 0.97, 0.98, 0.0, 0.0),
    *(0.0, 0.12, 0.0, 0.0, 0.34, 0.74, 0.0, 1.79, 2.79, 2.89, 3.47, 3.35, 4.47, 5.28, 5.30),
]


def test_cusum_reproduces_montgomery_example_9_1():
    result = drift.cusum([x - 10 for x in MONTGOMERY], k=0.5, h=5)
    np.testing.assert_allclose(result.statistic, MONTGOMERY_UPPER, atol=5e-3)
    assert result.alarm == 28  # period 29: C+ = 5.28 > 5
    assert result.began == 21  # period 22, the last zero: the shift came after it (he counts N+ = 7)


def test_rounding_does_not_raise_an_alarm_exact_arithmetic_would_not():
    # 0.21 - 0.16 in floats is 0.04999999999999999 and a running sum carries such errors; exactly, the sum
    # never passes h = 0.05, so there is no alarm.
    result = drift.cusum([-0.17, -0.05, -0.33, 0.21], k=0.16, h=0.05)
    assert result.alarm is None and result.began is None
    assert Fraction(0.21) - Fraction(0.16) <= Fraction(0.05)


def _exact_alarm(values: list[float], k: float, h: float) -> tuple[int | None, list[Fraction]]:
    zero, slack, threshold = Fraction(0), Fraction(k), Fraction(h)
    running, path, alarm = zero, [], None
    for index, value in enumerate(values):
        running = max(zero, running + Fraction(value) - slack)
        path.append(running)
        if alarm is None and running > threshold:
            alarm = index
    return alarm, path


def test_cusum_agrees_with_exact_arithmetic_on_random_series():
    # Two-decimal values, k and h put many sums within rounding of h: floats would misplace about 1 alarm in 200.
    rng = random.Random(1954)
    for _ in range(2_000):
        values = [round(rng.uniform(-0.4, 0.4), 2) for _ in range(rng.randint(1, 25))]
        k, h = round(rng.uniform(0, 0.2), 2), round(rng.uniform(0.01, 0.3), 2)
        alarm, path = _exact_alarm(values, k, h)
        result = drift.cusum(values, k, h)
        assert result.alarm == alarm, (values, k, h)
        assert result.statistic.tolist() == [float(total) for total in path]


def test_cusum_refuses_values_that_are_not_finite():
    with pytest.raises(ValueError, match="finite"):
        drift.cusum([0.1, float("nan")])
    with pytest.raises(ValueError, match="finite"):
        drift.cusum([0.1], h=float("inf"))


@pytest.mark.parametrize("target", [100.0, 1.0, 0.01])
def test_values_near_the_float_limit_do_not_break_tracking(target):
    # (plan - 1e308) / 0.01 overflows to inf, and sums of shortfalls near 1e308 pass the largest float.
    observed = [0.0, 1e308, -1e308, -1e308, -1e308, -1.7e308]
    pilots, indicators, observations = _frames(observed, target=target)
    tracked = drift.track(pilots, indicators, observations)
    assert np.isfinite(tracked["shortfall"]).all()
    assert not np.isnan(tracked["cusum"]).any()
    drift.alerts(tracked, pilots, indicators)


def test_a_cusum_past_the_largest_float_is_inf():
    result = drift.cusum([1e308, 1e308], k=0.0, h=1.0)
    assert result.statistic.tolist() == [1e308, float("inf")]
    assert result.alarm == 0
