"""Planned trajectories and early drift detection for pilot indicators.

Each tracked indicator of a pilot has a planned straight line from its
baseline (at the pilot's start) to its target (at the indicator's
``target_date``, else the pilot's end). Drift is detected with a one-sided
CUSUM (Page 1954) on the *shortfall* against that line:

.. math::

    x_t = \\frac{planned_t - observed_t}{target - baseline}, \\qquad
    S_t = \\max(0,\\; S_{t-1} + x_t - k), \\quad S_{-1} = 0

An alarm is raised at the first observation with :math:`S_t > h`. The
shortfall is normalised by the baseline-to-target range, so ``k`` and ``h``
mean the same for tonnes, percentages or dollars, and for indicators that
should fall (target below baseline) a value above the line is the shortfall.

- ``k`` (slack, default 0.02): a shortfall up to 2% of the whole planned
  change per observation is treated as noise and never accumulates.
- ``h`` (threshold, default 0.10): the alarm sounds once the accumulated
  excess shortfall passes 10% of the planned change.

Smaller ``k`` or ``h`` alarm sooner but more often on noise. The drift is
said to have begun at the last date the CUSUM was zero before the alarm
(the pilot's start if it never was). The recursion runs in exact arithmetic
on the given values, so an alarm never sounds (or fails to) by rounding.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from core.model import split_list

__all__ = [
    "DEFAULT_H",
    "DEFAULT_K",
    "Cusum",
    "DriftAlert",
    "alerts",
    "cusum",
    "planned",
    "track",
]

DEFAULT_K = 0.02
DEFAULT_H = 0.10


@dataclass(frozen=True)
class Cusum:
    """The CUSUM path of one series and where it crossed the threshold.

    ``statistic[i]`` is :math:`S_i`; ``alarm`` is the index of the first
    observation with :math:`S_i > h` (None if none); ``began`` is the index of
    the last observation with :math:`S_i = 0` before the alarm, or -1 when
    the statistic was never zero before it (the drift began at the start).
    """

    statistic: np.ndarray
    alarm: int | None
    began: int | None


def _ratio(numerator: int, denominator: int) -> float:
    """``numerator / denominator`` correctly rounded (int / int does), or inf past the largest float."""
    try:
        return numerator / denominator
    except OverflowError:
        return float("inf")


def cusum(shortfall: np.ndarray | pd.Series, k: float = DEFAULT_K, h: float = DEFAULT_H) -> Cusum:
    """One-sided upper CUSUM of a shortfall series (Page 1954), by the tabular recursion, exactly.

    Parameters
    ----------
    shortfall : array of float
        Normalised shortfall against plan, oldest first (positive = behind).
    k : float
        Slack per observation; must be >= 0.
    h : float
        Decision threshold; must be > 0.

    Returns
    -------
    Cusum
        The statistic is exact up to the final rounding of each value to a
        float (inf where the sum passes the largest float); the alarm and
        the start of the drift are decided exactly.
    """
    values = np.asarray(shortfall, dtype=float)
    if not (np.isfinite(k) and np.isfinite(h)) or k < 0 or h <= 0:
        raise ValueError("k must be at least 0 and h above 0, both finite")
    if not np.isfinite(values).all():
        raise ValueError("every shortfall must be a finite number")
    # The tabular recursion S = max(0, S + x - k), in exact arithmetic on the given floats: each is a
    # whole number over a power of two, so over the largest such denominator they are all integers.
    # Floating point would carry rounding from one step to the next and could alarm, or not, on the
    # wrong side of h (0.21 - 0.16 against h = 0.05).
    ratios = [number.as_integer_ratio() for number in (*values.tolist(), float(k), float(h))]
    scale = max(denominator for _, denominator in ratios)
    whole = [numerator * (scale // denominator) for numerator, denominator in ratios]
    slack, threshold = whole[-2], whole[-1]
    sums, alarm, last_zero, running = [], None, -1, 0
    for index, value in enumerate(whole[:-2]):
        running = max(0, running + value - slack)
        sums.append(running)
        if alarm is None:
            if running > threshold:
                alarm = index
            elif running == 0:
                last_zero = index
    statistic = np.array([_ratio(total, scale) for total in sums], dtype=float)
    return Cusum(statistic, alarm, None if alarm is None else last_zero)


def planned(dates: pd.Series, start: pd.Timestamp, end: pd.Timestamp, baseline: float, target: float) -> pd.Series:
    """The straight line from ``baseline`` at ``start`` to ``target`` at ``end``.

    Dates before ``start`` get the baseline, after ``end`` the target.
    """
    span = (end - start) / pd.Timedelta(days=1)
    elapsed = (pd.to_datetime(dates) - start) / pd.Timedelta(days=1)
    share = (elapsed / span).clip(0, 1) if span > 0 else (elapsed >= 0).astype(float)
    return baseline + (target - baseline) * share.astype(float)


@dataclass(frozen=True)
class DriftAlert:
    """A pilot indicator whose CUSUM crossed the threshold."""

    pilot: str
    indicator: str
    began: pd.Timestamp
    alarm: pd.Timestamp
    active: bool  # still above the threshold at the latest observation
    behind_by: float  # how far the latest value trails the plan, in the indicator's unit (< 0: ahead)
    unit: str

    def describe(self) -> str:
        state = "is drifting" if self.active else "drifted, and has since recovered"
        gap = f"{abs(self.behind_by):.3g} {self.unit}".strip()
        behind = "behind" if self.behind_by > 0 else "ahead of"
        return (
            f"{self.pilot}: {self.indicator} {state}. Drift began {self.began:%d %b %Y}, "
            f"alarm on {self.alarm:%d %b %Y}; latest value {gap} {behind} plan."
        )


_TRACK_COLUMNS = [
    "pilot",
    "indicator",
    "date",
    "observed",
    "planned",
    "shortfall",
    "cusum",
    "alarm",
    "drift_began",
]


def track(
    pilots: pd.DataFrame,
    indicators: pd.DataFrame,
    observations: pd.DataFrame,
    k: float = DEFAULT_K,
    h: float = DEFAULT_H,
) -> pd.DataFrame:
    """Observed against planned values, with the CUSUM, per pilot and indicator.

    Only indicators named in a pilot's ``indicators`` cell, with a baseline
    and a target that differ, and observations on or after the pilot's start
    whose value and shortfall are finite numbers (not overflowed near the
    float limit) are tracked. Returns one row per observation with columns ``pilot,
    indicator, date, observed, planned, shortfall, cusum`` and booleans
    ``alarm`` (the first alarm) and ``drift_began`` (where the drift began).
    """
    by_indicator = indicators.set_index(indicators["name"].str.casefold())
    parts = []
    for pilot in pilots.itertuples(index=False):
        if pd.isna(pilot.start_date):
            continue
        for name in split_list(pilot.indicators):
            key = name.casefold()
            if key not in by_indicator.index:
                continue
            spec = by_indicator.loc[key]
            baseline, target = spec["baseline"], spec["target"]
            end = spec["target_date"] if not pd.isna(spec["target_date"]) else pilot.end_date
            if pd.isna(baseline) or pd.isna(target) or baseline == target or pd.isna(end):
                continue
            rows = observations[
                (observations["pilot"].str.casefold() == str(pilot.name).casefold())
                & (observations["indicator"].str.casefold() == key)
                & (observations["date"] >= pilot.start_date)
                & np.isfinite(pd.to_numeric(observations["value"], errors="coerce").astype(float))
            ].sort_values("date")
            if rows.empty:
                continue
            frame = pd.DataFrame(
                {
                    "pilot": pilot.name,
                    "indicator": spec["name"],
                    "date": rows["date"].to_numpy(),
                    "observed": rows["value"].astype(float).to_numpy(),
                }
            )
            frame["planned"] = planned(frame["date"], pilot.start_date, end, float(baseline), float(target))
            frame["shortfall"] = (frame["planned"] - frame["observed"]) / (float(target) - float(baseline))
            # Values near the float limit overflow (to inf, or NaN from inf - inf): such rows are not tracked.
            frame = frame[np.isfinite(frame["shortfall"].to_numpy())].reset_index(drop=True)
            if frame.empty:
                continue
            result = cusum(frame["shortfall"].to_numpy(), k, h)
            frame["cusum"] = result.statistic
            frame["alarm"] = False
            frame["drift_began"] = False
            if result.alarm is not None:
                frame.loc[result.alarm, "alarm"] = True
                if result.began is not None and result.began >= 0:
                    frame.loc[result.began, "drift_began"] = True
            parts.append(frame)
    if not parts:
        return pd.DataFrame(columns=_TRACK_COLUMNS)
    return pd.concat(parts, ignore_index=True)[_TRACK_COLUMNS]


def alerts(
    tracked: pd.DataFrame, pilots: pd.DataFrame, indicators: pd.DataFrame, h: float = DEFAULT_H
) -> list[DriftAlert]:
    """The drift alerts in a :func:`track` result, active ones first."""
    starts = dict(zip(pilots["name"], pilots["start_date"], strict=True))
    units = dict(zip(indicators["name"], indicators["unit"].fillna(""), strict=True))
    # +1 where the plan rises, -1 where it falls: being behind means below the line or above it
    direction = dict(zip(indicators["name"], np.sign(indicators["target"] - indicators["baseline"]), strict=True))
    found = []
    for (pilot, indicator), rows in tracked.groupby(["pilot", "indicator"], sort=False):
        if not rows["alarm"].any():
            continue
        began_rows = rows[rows["drift_began"]]
        began = began_rows["date"].iloc[0] if len(began_rows) else starts[pilot]
        last = rows.iloc[-1]
        found.append(
            DriftAlert(
                pilot=str(pilot),
                indicator=str(indicator),
                began=pd.Timestamp(began),
                alarm=pd.Timestamp(rows.loc[rows["alarm"], "date"].iloc[0]),
                active=bool(last["cusum"] > h),
                behind_by=float(last["planned"] - last["observed"]) * float(direction[indicator]),
                unit=str(units.get(indicator, "")),
            )
        )
    return sorted(found, key=lambda alert: (not alert.active, alert.began))
