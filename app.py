"""Keystone: the entry point and router.

Run with ``streamlit run app.py``. Sets shared session state once, draws
the sidebar (partnership picker, presentation switch) and routes to the
page of each step.
"""

import streamlit as st

from core.store import StoreError
from ui import sidebar, state, theme
from ui.text import escape_markdown

st.set_page_config(page_title="Keystone", page_icon="assets/icon.png", layout="wide")
state.init()

# Every url_path differs from its file's name: a server's first request runs in
# Streamlit's legacy pages/ mode, where /<file stem> would run that file alone,
# bypassing this router and its session state (Streamlit advises naming the folder
# app_pages/ to avoid that mode; our agreed layout keeps pages/).
PAGES = {
    "": [st.Page("pages/home.py", title="Home", icon=":material/home:", default=True)],
    "The six steps": [
        st.Page("pages/system_map.py", title="1 System map", icon=":material/hub:", url_path="system-map"),
        st.Page(
            "pages/problem.py",
            title="2 Problem & fact base",
            icon=":material/fact_check:",
            url_path="problem-statement",
        ),
        st.Page("pages/partners.py", title="3 Partners", icon=":material/groups:", url_path="partner-selection"),
        st.Page("pages/governance.py", title="4 Governance", icon=":material/gavel:", url_path="governance-roles"),
        st.Page(
            "pages/metrics_funding.py", title="5 Metrics & funding", icon=":material/query_stats:", url_path="metrics"
        ),
        st.Page(
            "pages/pilots_scaling.py", title="6 Pilots & scaling", icon=":material/rocket_launch:", url_path="pilots"
        ),
    ],
    "Across partnerships": [
        st.Page("pages/portfolio.py", title="Portfolio", icon=":material/dashboard:", url_path="all-partnerships"),
        st.Page("pages/workshop.py", title="Workshop", icon=":material/co_present:", url_path="workshop-flow"),
        st.Page("pages/action_plan.py", title="Action plan", icon=":material/task_alt:", url_path="action-plan"),
        st.Page("pages/cases.py", title="Case library", icon=":material/menu_book:", url_path="case-library"),
        st.Page("pages/backups.py", title="Backups", icon=":material/backup:", url_path="backup-restore"),
    ],
}

# Navigation is declared before any widget: widgets drawn earlier get new
# ids on the first rerun and lose their input (seen with sidebar forms).
page = st.navigation(PAGES)

try:
    store = state.store()
    st.logo("assets/logo.svg")
    sidebar.partnership_picker(store)
    sidebar.presentation_switch()
except StoreError as error:  # e.g. the file is held by a batch job
    st.error(escape_markdown(str(error)))
    st.stop()

theme.apply(state.presenting())
state.show_flashes()
try:
    page.run()
except StoreError as error:  # a batch job took the file mid-page: say so, no traceback
    st.error(escape_markdown(str(error)))
