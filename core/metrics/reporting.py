"""The shared dashboard: each indicator's latest value, and when its next report is due.

The dashboard sets each indicator's latest observation (from the
``observations`` table, any pilot or partnership-wide) against its baseline
and target, and keeps the reporting rhythm: the next report is due one
cadence period after the last observation. An indicator never reported is
due now. Overdue reports come first.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum

import pandas as pd

__all__ = ["Cadence", "ReportStatus", "dashboard", "parse_cadence"]

_COLUMNS = [
    "indicator",
    "level",
    "unit",
    "baseline",
    "latest",
    "target",
    "progress",
    "last_report",
    "reports",
    "cadence",
    "next_due",
    "days_overdue",
    "status",
]


class Cadence(StrEnum):
    """Reporting periods the dashboard understands; ``months`` is the period length."""

    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    HALF_YEARLY = "half-yearly"
    YEARLY = "yearly"

    @property
    def months(self) -> int:
        return {"monthly": 1, "quarterly": 3, "half-yearly": 6, "yearly": 12}[self.value]


_CADENCE_WORDS = {
    "month": 1,
    "monthly": 1,
    "every month": 1,
    "quarter": 3,
    "quarterly": 3,
    "every quarter": 3,
    "half-yearly": 6,
    "half yearly": 6,
    "half-year": 6,
    "semi-annual": 6,
    "semi-annually": 6,
    "semiannual": 6,
    "six-monthly": 6,
    "every six months": 6,
    "twice a year": 6,
    "yearly": 12,
    "annual": 12,
    "annually": 12,
    "year": 12,
    "every year": 12,
    "once a year": 12,
}
_EVERY_N = re.compile(r"^every\s+(\d{1,2})\s+(month|months|year|years)$")


def parse_cadence(text: object) -> int | None:
    """Months between reports for a cadence written in words, else None.

    Accepts the :class:`Cadence` values, common synonyms ("annual",
    "semi-annually", "every quarter") and "every N months/years".

    >>> parse_cadence("Quarterly"), parse_cadence("every 2 months"), parse_cadence("when needed")
    (3, 2, None)
    """
    if text is None or (isinstance(text, float) and text != text) or pd.isna(text):
        return None
    key = " ".join(str(text).strip().lower().split())
    if key in _CADENCE_WORDS:
        return _CADENCE_WORDS[key]
    match = _EVERY_N.match(key)
    if match:
        count = int(match.group(1))
        months = count * (12 if match.group(2).startswith("year") else 1)
        return months if months > 0 else None
    return None


class ReportStatus(StrEnum):
    OVERDUE = "overdue"
    NEVER = "no report yet"
    DUE_SOON = "due within 30 days"
    SCHEDULED = "scheduled"
    NO_CADENCE = "no valid cadence"


def _latest(observations: pd.DataFrame) -> pd.DataFrame:
    """Last observation per indicator (name matched ignoring case); later rows win ties."""
    frame = observations.dropna(subset=["indicator", "date", "value"]).copy()
    frame["key"] = frame["indicator"].astype(str).str.strip().str.casefold()
    frame["order"] = range(len(frame))
    frame = frame.sort_values(["key", "date", "order"])
    counts = frame.groupby("key").size().rename("reports")
    last = frame.groupby("key").tail(1).set_index("key")[["date", "value", "pilot"]]
    return last.join(counts)


def dashboard(indicators: pd.DataFrame, observations: pd.DataFrame, today: date) -> pd.DataFrame:
    """Each indicator's latest value against baseline and target, and when it is next due.

    ``progress`` is the share of the planned change achieved,
    ``(latest - baseline) / (target - baseline)`` (empty when baseline equals
    target or a number is missing). ``next_due`` is the last observation
    date plus the cadence; an indicator without observations is due
    ``today``. Rows are ordered overdue first (longest overdue on top), then
    never reported, then by next due date.

    Returns
    -------
    DataFrame
        indicator, level, unit, baseline, latest, target, progress, last_report,
        reports, cadence, next_due, days_overdue, status
    """
    today_ts = pd.Timestamp(today)
    out = _beside_plan(indicators, _latest(observations))
    planned = out["target"] - out["baseline"]
    out["progress"] = ((out["latest"] - out["baseline"]) / planned.where(planned != 0)).astype("Float64")
    months = pd.Series([parse_cadence(value) for value in out["cadence"]], dtype="Int64")
    out["next_due"] = _next_due(out["last_report"], months)
    never = out["last_report"].isna() & months.notna()
    out.loc[never, "next_due"] = today_ts
    out["days_overdue"] = (today_ts - out["next_due"]).dt.days.astype("Int64")
    out["status"] = _status(out["days_overdue"], never, months)
    return _overdue_first(out)[_COLUMNS].reset_index(drop=True)


def _beside_plan(indicators: pd.DataFrame, latest: pd.DataFrame) -> pd.DataFrame:
    """One row per indicator: its plan (baseline, target, cadence) and its latest report."""
    keys = indicators["name"].astype(str).str.strip().str.casefold()
    joined = latest.reindex(keys.to_numpy())
    return pd.DataFrame(
        {
            "indicator": indicators["name"].to_numpy(),
            "level": indicators["level"].to_numpy(),
            "unit": indicators["unit"].to_numpy(),
            "baseline": indicators["baseline"].astype("Float64").to_numpy(),
            "latest": joined["value"].astype("Float64").to_numpy(),
            "target": indicators["target"].astype("Float64").to_numpy(),
            "last_report": pd.to_datetime(joined["date"]).to_numpy(),
            "reports": joined["reports"].fillna(0).astype(int).to_numpy(),
            "cadence": indicators["cadence"].to_numpy(),
        }
    )


def _next_due(last_report: pd.Series, months: pd.Series) -> pd.Series:
    """The last report plus the cadence (empty without a report or a cadence)."""
    next_due = [
        (last + pd.DateOffset(months=int(step))) if pd.notna(last) and pd.notna(step) else pd.NaT
        for last, step in zip(last_report, months, strict=True)
    ]
    return pd.to_datetime(pd.Series(next_due, dtype="datetime64[ns]"))


def _status(days_overdue: pd.Series, never: pd.Series, months: pd.Series) -> pd.Series:
    """The :class:`ReportStatus` value of each row."""
    status = pd.Series(ReportStatus.SCHEDULED.value, index=days_overdue.index)
    status[days_overdue > -30] = ReportStatus.DUE_SOON.value
    status[days_overdue > 0] = ReportStatus.OVERDUE.value
    status[never] = ReportStatus.NEVER.value
    status[months.isna()] = ReportStatus.NO_CADENCE.value
    return status


_STATUS_ORDER = {
    ReportStatus.OVERDUE.value: 0,
    ReportStatus.NEVER.value: 1,
    ReportStatus.DUE_SOON.value: 2,
    ReportStatus.SCHEDULED.value: 3,
    ReportStatus.NO_CADENCE.value: 4,
}


def _overdue_first(out: pd.DataFrame) -> pd.DataFrame:
    """Overdue first (longest overdue on top), then never reported, due soon, scheduled; then by next due date."""
    ranked = out.assign(_rank=out["status"].map(_STATUS_ORDER), _overdue=-out["days_overdue"].fillna(0))
    return ranked.sort_values(["_rank", "_overdue", "next_due"], kind="stable").drop(columns=["_rank", "_overdue"])
