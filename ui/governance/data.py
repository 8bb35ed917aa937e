"""Step 4's records: what the charter is built from, the governance answers and the decision-making body."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from core.across.readiness import answers_by_topic
from core.governance import charter
from core.governance.questionnaire import TOPIC
from core.governance.rights import body
from core.store import Store, Table
from ui import state

__all__ = ["GovernanceData", "load"]

_TABLES = (*charter.TABLES, Table.ANSWERS)  # the page shows what the charter is built from


@dataclass(frozen=True)
class GovernanceData:
    partnership: dict[str, object]  # name, problem and updated_at, read before the records
    frames: dict[Table, pd.DataFrame]
    answers: dict[str, object]  # the governance questionnaire
    partners: list[str]  # the decision-making body


def load(store: Store, partnership_id: int) -> GovernanceData:
    """Everything step 4 shows, read once per change of the partnership."""
    # Read before the records: a write in between then makes the stamp older
    # than the records, never newer, so nothing cached on it goes stale.
    partnership = store.partnership(partnership_id)
    frames = state.records(store, partnership_id, _TABLES)
    answers = answers_by_topic(frames[Table.ANSWERS]).get(TOPIC, {})
    return GovernanceData(partnership, frames, answers, body(frames[Table.ACTORS], frames[Table.CHAMBERS]))
