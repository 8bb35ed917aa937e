"""A sheet read into a table's canonical columns, every row validated.

:func:`parse_sheet` finds the header row, maps headers to columns, cleans
the cells (:mod:`core.io_excel.cells`) and validates every row with the
same rules as the store (:func:`core.records.validate`). The result,
:class:`ParsedSheet`, reports each problem with the sheet, the row number a
spreadsheet shows, the column header as typed and the value.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd
from openpyxl.utils import get_column_letter

from core.conventions import is_blank
from core.io_excel.cells import YES_NO_SCORES, clean_column, yes_no_scores
from core.io_excel.cleaning import Applied, Cleaned, Cleaning, Fix
from core.io_excel.cleaning_cells import is_score, keep_extra_columns, list_separators, rescale, score_words
from core.io_excel.cleaning_rows import fill_merged, keep_duplicates, leave_out_totals
from core.io_excel.headers import find_header_row, suggest_mapping
from core.io_excel.reading import ImportRefused, MergedRange, read_sheet
from core.records import Problem, validate
from core.tables import Column, Table, spec

__all__ = ["ParsedSheet", "header_mapping", "parse_sheet", "read_table"]


@dataclass
class ParsedSheet:
    """A sheet read into a table's canonical columns, with its problems.

    ``frame`` holds the non-empty data rows; ``excel_rows[i]`` is the row
    number a spreadsheet shows for ``frame.iloc[i]``.
    """

    table: Table
    sheet: str
    header_row: int
    mapping: dict[str, str | None]
    frame: pd.DataFrame
    excel_rows: list[int]
    problems: list[Problem] = field(default_factory=list)
    cleaned: Cleaned = field(default_factory=Cleaned)
    """What cleaning did (fixes applied, scales to confirm, duplicate names); empty without cleaning."""

    @property
    def unmapped(self) -> list[str]:
        return [header for header, column in self.mapping.items() if column is None]

    @property
    def missing(self) -> list[str]:
        """Required columns the file does not give (which :class:`Cleaning`'s ``fill`` can fill)."""
        return [c.name for c in spec(self.table).columns if c.required and c.name not in self.frame]

    @property
    def bad_rows(self) -> set[int]:
        """Positions in ``frame`` with at least one problem."""
        return {problem.row for problem in self.problems if problem.row is not None}

    @property
    def refused(self) -> bool:
        """A problem with the sheet as a whole (such as a missing required column)."""
        return any(problem.row is None for problem in self.problems)

    def valid(self) -> pd.DataFrame:
        """The rows without problems (empty when the sheet as a whole is refused)."""
        if self.refused:
            return self.frame.iloc[0:0]
        keep = [position for position in range(len(self.frame)) if position not in self.bad_rows]
        return self.frame.iloc[keep].reset_index(drop=True)

    def describe(self, problem: Problem) -> str:
        where = [f"sheet '{self.sheet}'"]
        if problem.row is not None:
            where.append(f"row {self.excel_rows[problem.row]}")
            if problem.other_row is not None:
                where[-1] += f" (the same as row {self.excel_rows[problem.other_row]})"
        if problem.column:
            header = next((h for h, c in self.mapping.items() if c == problem.column), problem.column)
            where.append(f"column '{header}'")
        return f"{', '.join(where)}: {problem.message}"

    def describe_all(self) -> list[str]:
        return [self.describe(problem) for problem in self.problems]

    def report(self) -> pd.DataFrame:
        """Problems as a table: sheet, row, column, value, problem."""
        rows = [
            {
                "sheet": self.sheet,
                "row": self.excel_rows[p.row] if p.row is not None else None,
                "column": next((h for h, c in self.mapping.items() if c == p.column), p.column),
                "value": None if p.value is None else str(p.value),
                "problem": p.message,
            }
            for p in self.problems
        ]
        return pd.DataFrame(rows, columns=["sheet", "row", "column", "value", "problem"])


def parse_sheet(
    raw: pd.DataFrame,
    table: Table,
    sheet: str,
    header_row: int | None = None,
    mapping: dict[str, str | None] | None = None,
    cleaning: Cleaning | None = None,
    merged: Sequence[MergedRange] = (),
) -> ParsedSheet:
    """Read ``raw`` cells into ``table``'s columns and validate every row.

    Labels and common aliases of choices (partner types, levers, ...) are
    turned into canonical values; what cannot be understood is kept as
    typed so the report can quote it. With ``cleaning``, a messy list is
    cleaned as :mod:`core.io_excel.cleaning` describes (``merged`` gives the
    sheet's merged ranges); without it, the sheet is read as it is.
    """
    header_row = find_header_row(raw, table) if header_row is None else header_row
    if header_row >= len(raw):
        raise ImportRefused(f"Sheet '{sheet}' has {len(raw)} rows, so row {header_row + 1} cannot hold the headers.")
    cleaned = Cleaned()
    if cleaning is not None and cleaning.on(Fix.MERGED_CELLS) and merged:
        raw, fix = fill_merged(raw, merged, header_row)
        cleaned.applied += [fix] if fix else []
    headers = _headers(raw, header_row)
    mapping = suggest_mapping(headers, table) if mapping is None else {str(k): v for k, v in mapping.items()}
    body = raw.iloc[header_row + 1 :].reset_index(drop=True)
    body.columns = headers
    keep = body.notna().any(axis=1)
    excel_rows = [header_row + 2 + position for position in body.index[keep]]
    body = body[keep].reset_index(drop=True)
    if cleaning is not None and cleaning.on(Fix.TOTAL_ROWS):
        body, excel_rows, fix = leave_out_totals(body, excel_rows, mapping, table)
        cleaned.applied += [fix] if fix else []
    frame = pd.DataFrame(index=body.index)
    for header, column_name in mapping.items():
        if column_name is None or header not in body:
            continue
        column = spec(table).column(column_name)
        values = body[header]
        if cleaning is not None:
            values = _cleaned_values(values, column, header, excel_rows, cleaning, cleaned)
        frame[column_name] = clean_column(values, column)
        if column_name in YES_NO_SCORES.get(table, ()):
            frame[column_name] = yes_no_scores(frame[column_name])
    if cleaning is not None:
        frame, excel_rows = _cleaned_rows(frame, body, excel_rows, mapping, table, cleaning, cleaned)
    problems = validate(frame, table)
    return ParsedSheet(table, sheet, header_row, mapping, frame, excel_rows, problems, cleaned)


def _cleaned_values(
    values: pd.Series, column: Column, header: str, excel_rows: list[int], cleaning: Cleaning, cleaned: Cleaned
) -> pd.Series:
    """One column's cells after the fixes that read cells: scores in words, other scales, other list separators."""
    fixes: list[Applied | None] = []
    confirmed = cleaning.scales.get(column.name) if is_score(column) else None
    if confirmed is not None:
        values, fix = rescale(values, confirmed, header)
        fixes.append(fix)
    if is_score(column) and cleaning.on(Fix.SCORE_WORDS):
        values, fix, found = score_words(values, header, excel_rows, confirmed)
        fixes.append(fix)
        if found is not None:
            cleaned.proposals[column.name] = found
    if column.many and cleaning.on(Fix.LIST_SEPARATORS):
        values, fix = list_separators(values, header, excel_rows)
        fixes.append(fix)
    cleaned.applied += [fix for fix in fixes if fix]
    return values


def _cleaned_rows(
    frame: pd.DataFrame,
    body: pd.DataFrame,
    excel_rows: list[int],
    mapping: dict[str, str | None],
    table: Table,
    cleaning: Cleaning,
    cleaned: Cleaned,
) -> tuple[pd.DataFrame, list[int]]:
    """The fixes over whole rows: columns with no home, missing columns filled, duplicates."""
    extra = [h for h, c in mapping.items() if c is None and h in body and h not in cleaning.ignored]
    notes = next((c.name for c in spec(table).columns if c.name == "notes"), None)
    if extra and notes and cleaning.on(Fix.EXTRA_COLUMNS):
        frame, fix = keep_extra_columns(frame, body, extra, notes)
        cleaned.applied += [fix] if fix else []
    for column_name, value in cleaning.fill.items():
        if column_name not in frame and not is_blank(value):
            filled = pd.Series([value] * len(frame), index=frame.index, dtype=object)
            frame[column_name] = clean_column(filled, spec(table).column(column_name))
            named = column_name.replace("_", " ")
            message = f"The file has no {named} column: all {len(frame)} rows set to '{value}', as you chose."
            cleaned.applied.append(Applied(Fix.FILLED_COLUMNS, len(frame), message))
    if cleaning.on(Fix.DUPLICATES):
        frame, excel_rows, cleaned.duplicates, fix = keep_duplicates(frame, excel_rows, table, cleaning)
        cleaned.applied += [fix] if fix else []
    return frame, excel_rows


def read_table(
    data: bytes,
    filename: str,
    table: Table,
    sheet: str | None = None,
    header_row: int | None = None,
    mapping: dict[str, str | None] | None = None,
    cleaning: Cleaning | None = None,
) -> ParsedSheet:
    """Read one sheet of an uploaded file into ``table`` (see :func:`parse_sheet`)."""
    raw = read_sheet(data, filename, sheet)
    return parse_sheet(raw.cells, table, raw.name, header_row, mapping, cleaning, raw.merged)


def header_mapping(raw: pd.DataFrame, table: Table, header_row: int) -> dict[str, str | None]:
    """The headers in ``header_row`` as :func:`parse_sheet` names them, each with the column it suggests."""
    return suggest_mapping(_headers(raw, header_row), table)


def _headers(raw: pd.DataFrame, header_row: int) -> list[str]:
    return [_header_text(value, position) for position, value in enumerate(raw.iloc[header_row])]


def _header_text(value: object, position: int) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return f"(column {get_column_letter(position + 1)})"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
