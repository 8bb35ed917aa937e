"""Helpers the tests share (imported from here, never from another test file)."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook

from core.steps import ACROSS, HOME, STEPS

ROOT = Path(__file__).resolve().parents[1]

PAGES: dict[str, str] = {place.slug: place.page for place in (HOME, *STEPS, *ACROSS)}
"""Every page script by its slug, from the one registry."""


def page_path(page: str) -> str:
    """A page's script from its slug; a path is returned as it is."""
    return PAGES.get(page, page)


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
