"""Shared indicators: the data dictionary, its warnings and the shared dashboard.

The dashboard sets each indicator's latest observation (from the
``observations`` table, any pilot or partnership-wide) against its baseline
and target, and keeps the reporting rhythm: the next report is due one
cadence period after the last observation. An indicator never reported is
due now. Overdue reports come first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

import pandas as pd

from core.io_excel import write_workbook
from core.model import IndicatorLevel

__all__ = [
    "DICTIONARY_COLUMNS",
    "DICTIONARY_HEADERS",
    "OUTPUT_SHARE_LIMIT",
    "Cadence",
    "IndicatorWarning",
    "ReportStatus",
    "dashboard",
    "data_dictionary",
    "dictionary_workbook",
    "indicator_warnings",
    "level_counts",
    "level_shares",
    "output_heavy",
    "parse_cadence",
]

# "Most" indicators are outputs when outputs are more than half of them.
OUTPUT_SHARE_LIMIT = 0.5

DICTIONARY_COLUMNS = {
    "name": "Indicator",
    "level": "Level",
    "definition": "Definition",
    "unit": "Unit",
    "method": "Formula or method",
    "data_source": "Data source",
    "owner": "Owner",
    "cadence": "Reporting cadence",
    "baseline": "Baseline",
    "target": "Target",
    "target_date": "Target date",
    "toc_item": "Theory-of-change item",
}

# The workbook's headers back to columns: pass as ``mapping`` to
# ``core.io_excel.read_table`` to read an exported dictionary in again.
DICTIONARY_HEADERS = {label: column for column, label in DICTIONARY_COLUMNS.items()}


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


@dataclass(frozen=True)
class IndicatorWarning:
    """Something in the data dictionary that will mislead; ``row`` is 0-based."""

    row: int
    indicator: str
    column: str
    message: str


def indicator_warnings(indicators: pd.DataFrame, toc_items: pd.DataFrame | None = None) -> list[IndicatorWarning]:
    """Cadences that are not a period, baselines equal to targets, missing targets.

    With ``toc_items`` (the theory of change), also an indicator naming an
    item that the theory of change does not have.
    """
    warnings: list[IndicatorWarning] = []
    known = None if toc_items is None else {" ".join(str(n).split()).casefold() for n in toc_items["name"].dropna()}
    for row, record in enumerate(indicators.itertuples(index=False)):
        name = str(record.name)
        item = record.toc_item
        stated = pd.notna(item) and bool(str(item).strip())
        if known is not None and stated and " ".join(str(item).split()).casefold() not in known:
            warnings.append(
                IndicatorWarning(
                    row, name, "toc_item", f"'{name}' measures '{item}', which is not in the theory of change."
                )
            )
        cadence = record.cadence
        if pd.isna(cadence) or not str(cadence).strip():
            warnings.append(
                IndicatorWarning(row, name, "cadence", f"'{name}' has no reporting cadence, so no report falls due.")
            )
        elif parse_cadence(cadence) is None:
            warnings.append(
                IndicatorWarning(
                    row,
                    name,
                    "cadence",
                    f"'{name}': the cadence '{cadence}' is not a period. "
                    "Use monthly, quarterly, half-yearly, yearly or 'every N months'.",
                )
            )
        if pd.notna(record.baseline) and pd.notna(record.target) and record.baseline == record.target:
            warnings.append(
                IndicatorWarning(
                    row,
                    name,
                    "target",
                    f"'{name}': the baseline equals the target ({record.target:g}), so no change is asked for "
                    "and progress cannot be measured.",
                )
            )
        if pd.isna(record.target):
            warnings.append(IndicatorWarning(row, name, "target", f"'{name}' has no target."))
    return warnings


def level_counts(indicators: pd.DataFrame) -> dict[IndicatorLevel, int]:
    """Number of indicators at each level."""
    counts = indicators["level"].value_counts()
    return {level: int(counts.get(level.value, 0)) for level in IndicatorLevel}


def level_shares(indicators: pd.DataFrame) -> dict[IndicatorLevel, float]:
    """Share of indicators at each level (0 for all when there are none)."""
    total = len(indicators)
    counts = indicators["level"].value_counts()
    return {level: (int(counts.get(level.value, 0)) / total if total else 0.0) for level in IndicatorLevel}


def output_heavy(indicators: pd.DataFrame, limit: float = OUTPUT_SHARE_LIMIT) -> bool:
    """True when outputs are more than ``limit`` (default: half) of the indicators."""
    return level_shares(indicators)[IndicatorLevel.OUTPUT] > limit


def data_dictionary(indicators: pd.DataFrame) -> pd.DataFrame:
    """The indicators as the one dictionary all partners see, with readable headers."""
    frame = indicators[list(DICTIONARY_COLUMNS)].copy()
    frame["level"] = frame["level"].map(lambda value: IndicatorLevel(value).label if pd.notna(value) else value)
    return frame.rename(columns=DICTIONARY_COLUMNS)


def dictionary_workbook(indicators: pd.DataFrame, partner_targets: pd.DataFrame | None = None) -> bytes:
    """The data dictionary as an Excel workbook, with partner targets on a second sheet.

    Written by :func:`core.io_excel.write_workbook`, so text that looks like a
    formula stays text.
    """
    sheets = {"Data dictionary": data_dictionary(indicators)}
    if partner_targets is not None:
        sheets["Partner targets"] = partner_targets[["partner", "indicator", "target", "unit", "due_date"]].rename(
            columns={"partner": "Partner", "indicator": "Indicator", "target": "Target", "unit": "Unit",
                     "due_date": "Due date"}
        )  # fmt: skip
    return write_workbook(sheets)


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
    latest = _latest(observations)
    keys = indicators["name"].astype(str).str.strip().str.casefold()
    joined = latest.reindex(keys.to_numpy())
    out = pd.DataFrame(
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
    planned = out["target"] - out["baseline"]
    out["progress"] = ((out["latest"] - out["baseline"]) / planned.where(planned != 0)).astype("Float64")
    months = pd.Series([parse_cadence(value) for value in out["cadence"]], dtype="Int64")
    next_due = [
        (last + pd.DateOffset(months=int(step))) if pd.notna(last) and pd.notna(step) else pd.NaT
        for last, step in zip(out["last_report"], months, strict=True)
    ]
    out["next_due"] = pd.to_datetime(pd.Series(next_due, dtype="datetime64[ns]"))
    never = out["last_report"].isna() & months.notna()
    out.loc[never, "next_due"] = today_ts
    out["days_overdue"] = (today_ts - out["next_due"]).dt.days.astype("Int64")
    status = pd.Series(ReportStatus.SCHEDULED.value, index=out.index)
    status[out["days_overdue"] > -30] = ReportStatus.DUE_SOON.value
    status[out["days_overdue"] > 0] = ReportStatus.OVERDUE.value
    status[never] = ReportStatus.NEVER.value
    status[months.isna()] = ReportStatus.NO_CADENCE.value
    out["status"] = status
    rank = status.map(
        {
            ReportStatus.OVERDUE.value: 0,
            ReportStatus.NEVER.value: 1,
            ReportStatus.DUE_SOON.value: 2,
            ReportStatus.SCHEDULED.value: 3,
            ReportStatus.NO_CADENCE.value: 4,
        }
    )
    out = out.assign(_rank=rank, _overdue=-out["days_overdue"].fillna(0))
    out = out.sort_values(["_rank", "_overdue", "next_due"], kind="stable").drop(columns=["_rank", "_overdue"])
    columns = [
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
    return out[columns].reset_index(drop=True)
