"""Step 2: a shared fact base, the room's disagreements, one problem statement and its outcomes."""

from functools import partial

from ui import state
from ui.page import lazy_tabs, step_header
from ui.problem import data, export, fact_base, outcomes, perspectives, statement

store = state.store()
pid = state.partnership_id()
step_header("problem")
records = data.load(store, pid)
lazy_tabs(
    "problem_tab",
    {
        "Fact base": partial(fact_base.show, store, pid, records),
        "Perspectives": partial(perspectives.show, store, pid, records),
        "Problem statement": partial(statement.show, store, pid, records),
        "Outcomes": partial(outcomes.show, store, pid, records),
        "Export": partial(export.show, store, pid, records),
    },
)
