"""Helpers the tests share (imported from here, never from another test file)."""

from __future__ import annotations

import io
import re
import resource
import shutil
import socket
from pathlib import Path

import pandas as pd
from openpyxl import Workbook

from core.steps import ACROSS, HOME, STEPS
from core.store import SPECS, Store, Table, room
from core.tables import ColumnKind

ROOT = Path(__file__).resolve().parents[1]
NGINX_CONF = ROOT / "deploy" / "nginx.conf"
"""The example proxy for team mode."""

PAGES: dict[str, str] = {place.slug: place.page for place in (HOME, *STEPS, *ACROSS)}
"""Every page script by its slug, from the one registry."""


def free_port() -> int:
    """A port of 127.0.0.1 nobody listens on now, for a server a test starts."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def page_path(page: str) -> str:
    """A page's script from its slug; a path is returned as it is."""
    return PAGES.get(page, page)


def open_tab(at, key: str, name: str):
    """Pick a tab of an AppTest page and run it; only the open tab runs (``ui.page.lazy_tabs``)."""
    at.session_state[key] = name
    return at.run()


def each_tab(at, key: str):
    """Open every tab of a page's ``lazy_tabs`` in turn; yield its name and the AppTest showing it.

    A page without tabs is yielded once, as it is, named None.
    """
    names = [tab.label for tab in at.tabs]
    if not names:
        yield None, at
    for name in names:
        yield name, open_tab(at, key, name)


def xlsx(rows_by_sheet: dict[str, list[list[object]]]) -> bytes:
    """A real .xlsx file's bytes: one sheet per name, rows appended as given."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in rows_by_sheet.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# A clean stakeholder list, and one with a problem in every row but the first.
GOOD_ROWS = [
    ["Organisation", "Category", "Interest", "Influence", "Levers", "Value chain position", "Market leader"],
    ["Meridian Devices", "Peer company", 4, 5, "Market access; Capital", "brand", "yes"],
    ["Harbour Pickers Union", "CBO", 5, 2, "legitimacy", "collection", "no"],
]


BAD_CELLS = [
    ["Stakeholder list, coastal plastics"],
    ["Prepared by the partnerships team"],
    [],
    ["Name", "Type", "Interest (1-5)", "Power", "Levers", "Urgency"],
    ["Good Org", "NGO", 4, 3, "policy", "yes"],
    [None, "NGO", 3, 3, "policy", 2],
    ["Too Keen", "NGO", 7, 3, "policy", 2],
    ["Wordy", "NGO", "high", 3, "policy", 2],
    ["Alien Co", "spaceship", 3, 3, "policy", 2],
    ["Magic Co", "company", 3, 3, "magic; capital", 2],
    ["good org", "NGO", 2, 2, "capital", 2],
]


HOSTILE = (
    '=HYPERLINK("http://127.0.0.2/f","go") <img src=x onerror=alert(1)> <script>alert(2)</script> '
    "![p](http://127.0.0.2/p.png) [j](javascript:alert(3)) http://127.0.0.2/bare _www.127.0.0.2 "
    "x-@127.0.0.2 x.@127.0.0.2 a+@127.0.0.2"
)
"""What a hostile user types into every free-text cell: a formula, HTML, a script, Markdown images and
links, a ``javascript:`` link, bare addresses and emails (after punctuation too), all pointing away from
127.0.0.1."""

HOSTILE_NAME = "<img src=x onerror=alert(1)> <script>alert(2)</script> ![p](http://127.0.0.2/p.png)"
"""The same for the partnership's name, which may hold 120 characters."""

_NOT_FREE_TEXT = {"parts", "topic"}  # JSON kept as text, and the questionnaire's key


def stakeholder_book(cells: dict[str, object], title: str = "Stakeholders") -> bytes:
    """A small stakeholder .xlsx (two columns, one organisation) plus ``cells``, e.g. {"XFD1048576": "x"}."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for reference, value in {"A1": "Organisation", "B1": "Type", "A2": "Tidewater Co-op", "B2": "ngo", **cells}.items():
        sheet[reference] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


CHILD_MEMORY = 1 << 30
"""The address space a hostile-file drill's child process gets: a reader that builds a huge grid dies alone."""


def limit_child_memory() -> None:
    """``preexec_fn`` for a drill's child process: cap it at :data:`CHILD_MEMORY`."""
    resource.setrlimit(resource.RLIMIT_AS, (CHILD_MEMORY, CHILD_MEMORY))


def make_hostile(store: Store, partnership_id: int) -> None:
    """Put :data:`HOSTILE` in the first row's every free-text cell of every table, and name the partnership
    :data:`HOSTILE_NAME`, through the store in one save (choices, numbers and dates stay valid)."""
    frames = {}
    for table, table_spec in SPECS.items():
        frame = store.read(partnership_id, table)
        columns = [
            column.name
            for column in table_spec.columns
            if column.kind == ColumnKind.TEXT and not column.choices and column.name not in _NOT_FREE_TEXT
        ]
        if len(frame) and columns:
            frame.loc[frame.index[0], columns] = HOSTILE
            frames[table] = frame
    store.replace_many(partnership_id, frames, reason="a hostile user's edits")
    store.update_partnership(partnership_id, name=HOSTILE_NAME, problem=HOSTILE)


def join_room(store: Store, session: room.Session, name: str) -> room.Participant:
    """``name`` joins the live session, with a token made from the session and the name."""
    return room.join(store, session, name, f"token-{session.id}-{name}")


def all_records(store: Store, partnership_id: int) -> dict[Table, pd.DataFrame]:
    """Every record table of the partnership."""
    return store.read_many(partnership_id, list(SPECS))


def assert_same_records(before: dict[Table, pd.DataFrame], after: dict[Table, pd.DataFrame]) -> None:
    """Each table of ``after`` exactly as in ``before``."""
    for table, frame in before.items():
        pd.testing.assert_frame_equal(after[table], frame, obj=table.value)


def nginx() -> str:
    """The nginx program (Debian puts it in /usr/sbin)."""
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
    assert found, "nginx is not installed; ./keystone test installs it"
    return found


def configured(listen_port: int, upstream_ports: list[int]) -> str:
    """The example with its listen port and its Keystone processes' ports replaced."""
    text, listens = re.subn(r"listen 127\.0\.0\.1:\d+;", f"listen 127.0.0.1:{listen_port};", NGINX_CONF.read_text())
    servers = "".join(f"server 127.0.0.1:{port};\n        " for port in upstream_ports)
    text, upstreams = re.subn(r"(server 127\.0\.0\.1:\d+;.*\n\s*)+", servers, text)
    assert (listens, upstreams) == (1, 1), "the example's listen line or server lines changed shape"
    return text


def listening(port: int) -> bool:
    """Whether something accepts connections on the port of 127.0.0.1."""
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0
