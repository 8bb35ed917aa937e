"""Step 6: pilots in the field, drift alerts first, and where to scale."""

from functools import partial

from ui import state
from ui.page import lazy_tabs, step_header
from ui.pilots import alerts, data, register, scaling, tracking

store = state.store()
partnership_id = state.partnership_id()
step_header("pilots")
view = data.load(store, partnership_id)
alerts.show(view)
lazy_tabs(
    "pilots_tab",
    {
        "Pilots": partial(register.show, store, partnership_id, view),
        "Tracking": partial(tracking.show, store, partnership_id, view),
        "Scaling pathways": partial(scaling.show, store, partnership_id, view),
    },
)
