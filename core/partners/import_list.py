"""Bring a stakeholder list into a partnership, and the template to fill.

Reading, header matching and the row-by-row report are the shared engine's
(:mod:`core.io_excel`); this module decides what to write. An import is
refused whole when a row has a problem, unless the user asks for the valid
rows only; existing actors with the same name (ignoring case) are updated,
new ones added, in one transaction through :meth:`core.store.Store.upsert`.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pandas as pd
from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from core.io_excel import ImportRefused, ParsedSheet, write_workbook
from core.model import Lever, PartnerType
from core.store import Blanks, Progress, Store
from core.store.bulk import blanked
from core.store.rows import plain_columns
from core.tables import ColumnKind, Table, spec

__all__ = [
    "TEMPLATE_COLUMNS",
    "ImportOutcome",
    "RowsRefused",
    "accepted_rows",
    "blank_cells_over_stored",
    "import_actors",
    "template_workbook",
]

TEMPLATE_COLUMNS = [name for name in spec(Table.ACTORS).names if name != "shortlisted"]
_TEMPLATE_ROWS = 1000  # rows that carry the drop-downs


class RowsRefused(ImportRefused):
    """Some rows have problems and the user did not ask for the valid rows only."""

    def __init__(self, parsed: ParsedSheet) -> None:
        self.parsed = parsed
        lines = parsed.describe_all()
        rows = len(parsed.bad_rows)
        shown = "\n".join(f"- {line}" for line in lines[:10])
        more = f"\n- … and {len(lines) - 10} more" if len(lines) > 10 else ""
        super().__init__(
            f"Nothing was imported: {rows} row{'s' if rows != 1 else ''} of sheet '{parsed.sheet}' "
            f"{'have' if rows != 1 else 'has'} problems. Fix them and try again, or import the valid rows only.\n"
            f"{shown}{more}"
        )


@dataclass(frozen=True)
class ImportOutcome:
    added: int
    updated: int
    skipped: int

    @property
    def summary(self) -> str:
        return f"{self.added:,} added, {self.updated:,} updated, {self.skipped:,} skipped"


def accepted_rows(parsed: ParsedSheet, valid_only: bool = False) -> pd.DataFrame:
    """The rows of a parsed stakeholder list that may be written; raises if none may.

    Raises
    ------
    ImportRefused
        The sheet as a whole cannot be used (a required column is missing).
    RowsRefused
        Rows have problems and ``valid_only`` is False.
    """
    if parsed.table is not Table.ACTORS:
        raise ValueError("a stakeholder list is a sheet parsed for Table.ACTORS")
    if parsed.refused:
        whole = [parsed.describe(problem) for problem in parsed.problems if problem.row is None]
        raise ImportRefused("Nothing was imported. " + " ".join(whole))
    if parsed.problems and not valid_only:
        raise RowsRefused(parsed)
    return parsed.valid()


def blank_cells_over_stored(store: Store, partnership_id: int, parsed: ParsedSheet) -> list[tuple[str, str]]:
    """The stored values that the file's blank cells would clear: (actor, column) pairs.

    What the preview tells the user before they choose :class:`core.store.Blanks`.
    """
    if parsed.refused:
        return []
    stored = plain_columns(store.read(partnership_id, Table.ACTORS), Table.ACTORS)
    return blanked(stored, parsed.valid(), Table.ACTORS)


def import_actors(
    store: Store,
    partnership_id: int,
    parsed: ParsedSheet,
    valid_only: bool = False,
    blanks: Blanks = Blanks.KEEP,
    progress: Progress | None = None,
) -> ImportOutcome:
    """Write a parsed stakeholder list into a partnership, all or nothing.

    Parameters
    ----------
    store : Store
    partnership_id : int
    parsed : ParsedSheet
        From :func:`core.io_excel.read_table` with ``Table.ACTORS``.
    valid_only : bool
        Import the rows without problems and skip the others; otherwise any
        problem refuses the whole file.
    blanks : Blanks
        Whether a blank cell in a row that updates a stored actor keeps the
        stored value (the default: an update file rarely repeats every
        column) or clears it.
    progress : callable, optional
        Told how far the write is, a fraction and a few words (a page's progress bar).

    Raises
    ------
    ImportRefused
        The sheet as a whole cannot be used (a required column is missing).
    RowsRefused
        Rows have problems and ``valid_only`` is False. Nothing is written.
    """
    rows = accepted_rows(parsed, valid_only)
    skipped = len(parsed.frame) - len(rows)
    if rows.empty:
        return ImportOutcome(0, 0, skipped)
    added, updated = store.upsert(
        partnership_id, Table.ACTORS, rows, reason="importing a stakeholder list", blanks=blanks, progress=progress
    )
    return ImportOutcome(added, updated, skipped)


_EXAMPLES = [
    {
        "name": "Example Recyclers Ltd",
        "type": PartnerType.COMPANY.value,
        "sector": "Plastics recycling",
        "value_chain": "recycling",
        "place": "Port City",
        "levers": "implementation; market access",
        "interest": 4,
        "influence": 3,
        "assets": "Two wash-and-flake lines; buys from collectors",
        "asset_tags": "recycling capacity; supplier network",
        "market_leader": "no",
        "power": 3,
        "legitimacy": 4,
        "urgency": 4,
        "notes": "Replace these example rows with your own.",
    },
    {
        "name": "Example Waste Pickers Association",
        "type": PartnerType.COMMUNITY.value,
        "sector": "Informal waste collection",
        "value_chain": "collection",
        "place": "Harbour district",
        "levers": "legitimacy; implementation",
        "interest": 5,
        "influence": 2,
        "assets": "Elected committee; 2,000 members",
        "asset_tags": "collection network; lived experience",
        "market_leader": "no",
        "power": "no",
        "legitimacy": "yes",
        "urgency": 5,
        "notes": "Power, legitimacy and urgency take 1-5 or yes/no.",
    },
]


def template_workbook() -> bytes:
    """An .xlsx to fill in: the expected columns, drop-downs and two example rows.

    Type and market leader only accept listed values; levers offer a
    drop-down but also accept several levers separated by ``;``; the scores
    accept numbers from 1 to 5 (salience attributes also yes/no).
    """
    examples = pd.DataFrame(_EXAMPLES, columns=TEMPLATE_COLUMNS)
    help_rows = [{"column": column.name, "what to write": _help(column.name)} for column in spec(Table.ACTORS).columns]
    data = write_workbook({"Stakeholders": examples, "How to fill": pd.DataFrame(help_rows)})
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook["Stakeholders"]
    last = _TEMPLATE_ROWS + 1

    def column_range(name: str) -> str:
        letter = get_column_letter(TEMPLATE_COLUMNS.index(name) + 1)
        return f"{letter}2:{letter}{last}"

    kinds = DataValidation(
        type="list",
        formula1='"' + ",".join(member.value for member in PartnerType) + '"',
        allow_blank=False,
        showErrorMessage=True,
        errorTitle="Partner type",
        error="Choose one of the listed partner types.",
    )
    kinds.add(column_range("type"))
    levers = DataValidation(
        type="list",
        formula1='"' + ",".join(lever.value for lever in Lever) + '"',
        allow_blank=True,
        showErrorMessage=False,  # several levers separated by ";" are allowed
        promptTitle="Levers",
        prompt="Pick one, or type several separated by ';'.",
        showInputMessage=True,
    )
    levers.add(column_range("levers"))
    yes_no = DataValidation(type="list", formula1='"yes,no"', allow_blank=True, showErrorMessage=True)
    yes_no.add(column_range("market_leader"))
    scores = DataValidation(
        type="decimal",
        operator="between",
        formula1="1",
        formula2="5",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Score",
        error="A score from 1 to 5.",
    )
    for name in ("interest", "influence"):
        scores.add(column_range(name))
    for validation in (kinds, levers, yes_no, scores):
        sheet.add_data_validation(validation)
    sheet["A1"].comment = Comment("Required. Rows with the same name update each other.", "Keystone")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _help(name: str) -> str:
    column = spec(Table.ACTORS).column(name)
    if name == "type":
        return "Required. One of: " + ", ".join(member.value for member in PartnerType)
    if name == "levers":
        return "Any of: " + ", ".join(lever.value for lever in Lever) + " (separate several with ;)"
    if name in ("power", "legitimacy", "urgency"):
        return "1-5, or yes/no (yes counts as 5, no as 1); 3 or more means the party has the attribute"
    if name in ("interest", "influence"):
        return "1 (low) to 5 (high)"
    if column.kind is ColumnKind.BOOL:
        return "yes or no"
    if name == "asset_tags":
        return "Short words for what it brings, separated by ; (used to find complementary partners)"
    if name == "shortlisted":
        return "yes or no (usually set in the app's coalition builder)"
    return "Required." if column.required else (column.help or "Free text")
