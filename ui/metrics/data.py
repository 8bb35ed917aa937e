"""What step 5 reads: its records, the saved funding answers and the partnership's stage."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from core.across.readiness import answers_by_topic
from core.model import Topic
from core.store import Store, Table
from ui import state

__all__ = ["TABLES", "MetricsData", "load"]


TABLES = (
    Table.TOC_ITEMS,
    Table.TOC_LINKS,
    Table.INDICATORS,
    Table.OBSERVATIONS,
    Table.OUTCOMES,
    Table.PARTNER_TARGETS,
    Table.FUNDING_SHARES,
    Table.ANSWERS,
)


@dataclass(frozen=True)
class MetricsData:
    """Everything the step's tabs draw from, read once per change."""

    frames: dict[Table, pd.DataFrame]
    funding_answers: dict[str, object]
    stage: object


def load(store: Store, partnership_id: int) -> MetricsData:
    frames = state.records(store, partnership_id, TABLES)
    answers = answers_by_topic(frames[Table.ANSWERS]).get(Topic.FUNDING, {})
    return MetricsData(frames, answers, store.partnership(partnership_id).get("stage"))
