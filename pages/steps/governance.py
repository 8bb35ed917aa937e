"""Step 4: governance model, roles, decision rights, chambers and the charter."""

from functools import partial

from ui import state
from ui.governance import chambers, charter, data, model, rights, roles
from ui.page import lazy_tabs, step_header

store = state.store()
pid = state.partnership_id()
step_header("governance")
governance = data.load(store, pid)
lazy_tabs(
    "governance_tab",
    {
        "Model": partial(model.show, store, pid, governance),
        "Roles (RACI)": partial(roles.show, store, pid, governance),
        "Decision rights": partial(rights.show, store, pid, governance),
        "Chambers & breadth": partial(chambers.show, store, pid, governance),
        "Charter": partial(charter.show, store, pid, governance),
    },
)
