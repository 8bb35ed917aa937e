"""How far a partnership has got through the six steps."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from core.steps import STEPS
from core.tables import SPECS, Table

__all__ = ["StepProgress", "step_progress"]


@dataclass(frozen=True)
class StepProgress:
    number: int
    title: str
    counts: dict[str, int]  # records per kind, by the kind's title

    @property
    def filled(self) -> int:
        """How many of the step's record kinds hold at least one row."""
        return sum(1 for count in self.counts.values() if count)

    @property
    def share(self) -> float:
        return self.filled / len(self.counts) if self.counts else 0.0


def step_progress(frames: Mapping[Table, pd.DataFrame]) -> list[StepProgress]:
    """Records per step from a partnership's tables (missing tables count 0)."""
    return [
        StepProgress(
            step.number,
            step.title,
            {SPECS[table].title: len(frames.get(table, ())) for table in step.tables},
        )
        for step in STEPS
    ]
