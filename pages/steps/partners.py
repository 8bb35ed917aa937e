"""Step 3: Partners. Score the long list, see the grid, build a complementary short list."""

from functools import partial

from ui import state
from ui.page import lazy_tabs, step_header
from ui.partners import coalition, data, export, grid, imports, long_list, summary, types_levers, weights

store = state.store()
pid = state.partnership_id()
step_header("partners")

partners = data.load(store, pid, weights.weights_control())
summary.top_line(partners)

sections = {
    "Long list": partial(long_list.show, store, pid, partners),
    "Grid & salience": partial(grid.show, partners),
    "Types & levers": partial(types_levers.show, partners),
    "Coalition builder": partial(coalition.show, store, pid, partners),
    "Import": partial(imports.show, store, pid),
    "Export": partial(export.show, partners),
}
if state.presenting():
    del sections["Import"]
lazy_tabs("partners_tab", sections)  # only the open tab runs: at 10,000 candidates each tab costs seconds
