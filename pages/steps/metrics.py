"""Step 5: theory of change, shared indicators, dashboard, partner targets and funding."""

from datetime import date
from functools import partial

from ui import state
from ui.metrics import dashboard, data, funding, indicators, targets, theory_of_change
from ui.page import lazy_tabs, step_header

store = state.store()
pid = state.partnership_id()
step_header("metrics")
metrics = data.load(store, pid)
lazy_tabs(
    "metrics_tab",
    {
        "Theory of change": partial(theory_of_change.show, store, pid, metrics),
        "Indicators": partial(indicators.show, store, pid, metrics),
        "Dashboard": partial(dashboard.show, metrics, date.today()),
        "Partner targets": partial(targets.show, store, pid, metrics),
        "Funding": partial(funding.show, store, pid, metrics),
    },
)
