"""Start the app's server: ``python -m ui.launch [streamlit options]``, as ``./keystone run`` does.

Streamlit takes an app with a ``pages/`` folder beside its entry file for a
legacy multipage app until the entry file's first ``st.navigation`` has run.
So on a server just started, the first visitor who came by a link to a page
(``/governance``, shared in a meeting) saw a "Page not found" notice over the
right page. Keystone's pages come only from ``st.navigation`` (the registry,
:mod:`core.steps`), so the server is told so before any session starts.
``tests/browser/test_shell.py`` checks that a first link on a fresh server
opens its page with no notice; every browser test's page opens check it too.
"""

from __future__ import annotations

import sys
from pathlib import Path

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

__all__ = ["ENTRY", "main"]

ENTRY = Path(__file__).resolve().parents[1] / "app.py"


def main(options: list[str]) -> None:
    """``streamlit run app.py`` with ``options`` (``--server.port 8502`` ...), pages from the registry only."""
    # Read once, when the first session starts; an internal of Streamlit's, pinned in
    # requirements.txt and checked by the browser tests.
    PagesManager.uses_pages_directory = False
    cli.main(["run", str(ENTRY), *options], prog_name="streamlit")


if __name__ == "__main__":
    main(sys.argv[1:])
