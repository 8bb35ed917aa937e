"""Shared indicators: the data dictionary and its warnings.

The data dictionary is the one list of indicators all partners see and
export; its warnings catch what would mislead (a cadence that is not a
period, a baseline equal to the target, a missing target, a theory-of-change
item that does not exist). The shared dashboard and the reporting cadences
are in :mod:`core.metrics.reporting`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from core.io_excel import write_workbook
from core.metrics.reporting import parse_cadence
from core.model import IndicatorLevel

__all__ = [
    "DICTIONARY_COLUMNS",
    "DICTIONARY_HEADERS",
    "OUTPUT_SHARE_LIMIT",
    "IndicatorWarning",
    "data_dictionary",
    "dictionary_workbook",
    "indicator_warnings",
    "level_counts",
    "level_shares",
    "output_heavy",
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
