"""Cleaning a sheet's rows: merged cells filled, total rows left out, rows naming one organisation combined.

Each fix returns what it did as an :class:`~.cleaning.Applied`, worded with
the spreadsheet's own row numbers; :mod:`.parsing` runs them in order.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import pandas as pd
from openpyxl.utils import get_column_letter

from core.conventions import counted, is_blank, row_keys, text
from core.io_excel.cleaning import Applied, Cleaning, Duplicate, Fix, Keep
from core.io_excel.reading import MergedRange
from core.model import join_list, split_list
from core.tables import Table, spec

__all__ = ["fill_merged", "keep_duplicates", "leave_out_totals"]


# --- merged cells ----------------------------------------------------------------------------------------------


def fill_merged(
    raw: pd.DataFrame, merged: Sequence[MergedRange], header_row: int
) -> tuple[pd.DataFrame, Applied | None]:
    """Fill the blank cells of each merged range below the header with the range's first cell.

    A spreadsheet keeps a merged cell's value in its first cell only; a list
    that merges "Company" over five rows means all five are companies.
    """
    filled, names, count = raw, [], 0
    for (top, left), (bottom, right) in merged:
        if top <= header_row or top >= len(raw) or left >= raw.shape[1]:
            continue
        bottom, right = min(bottom, len(raw) - 1), min(right, raw.shape[1] - 1)
        value = raw.iat[top, left]
        if is_blank(value):
            continue
        cells = [(r, c) for r in range(top, bottom + 1) for c in range(left, right + 1) if is_blank(raw.iat[r, c])]
        if not cells:
            continue
        if filled is raw:
            filled = raw.copy()
        for r, c in cells:
            filled.iat[r, c] = value
        count += len(cells)
        names.append(f"{get_column_letter(left + 1)}{top + 1}:{get_column_letter(right + 1)}{bottom + 1}")
    if not count:
        return raw, None
    shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
    message = f"{counted(count, 'blank cell')} of merged ranges ({shown}) took the value of the range's first cell."
    return filled, Applied(Fix.MERGED_CELLS, count, message)


# --- total and footer rows -------------------------------------------------------------------------------------

_FOOTER = re.compile(
    r"^(grand\s+|sub-?\s*)?(total|totals|sum|average|mean|count)\b"
    r"|^(source|sources|note|notes|prepared by|last updated|updated|generated|compiled by)\s*[:\-–]"
    r"|^©",
    re.IGNORECASE,
)


def leave_out_totals(
    body: pd.DataFrame, excel_rows: list[int], mapping: Mapping[str, str | None], table: Table
) -> tuple[pd.DataFrame, list[int], Applied | None]:
    """Leave out rows that total the list or annotate it rather than name an organisation.

    A row is left out when its name reads "Total", "Sum", "Source: ..." and
    the like while its other required cells are blank (so "Total Recycling
    Ltd", a company, stays), or when it comes after the last named row and
    holds only numbers (a sum row without a label).
    """
    headers = {column: header for header, column in mapping.items() if column is not None}
    key = spec(table).key[0]
    name_header = headers.get(key)
    if name_header is None or body.empty:
        return body, excel_rows, None
    others = [headers[c.name] for c in spec(table).columns if c.required and c.name != key and c.name in headers]
    names = body[name_header].map(text)
    others_blank = body[others].map(is_blank).all(axis=1) if others else pd.Series(True, index=body.index)
    labelled = names.str.match(_FOOTER) & others_blank
    named = names.ne("") & ~labelled
    last_named = named[::-1].idxmax() if named.any() else -1
    trailing = pd.Series(False, index=body.index)  # only the few rows after the last name are looked at cell by cell
    for position in body.index[body.index > last_named]:
        trailing[position] = names[position] == "" and all(is_blank(v) or _is_number(v) for v in body.loc[position])
    drop = labelled | trailing
    if not drop.any():
        return body, excel_rows, None
    left_out = [excel_rows[position] for position in body.index[drop]]
    rows_text = ", ".join(map(str, left_out[:8])) + (f" and {len(left_out) - 8} more" if len(left_out) > 8 else "")
    message = f"{counted(len(left_out), 'row')} that total or annotate the list left out (row {rows_text})."
    keep = ~drop
    kept_rows = [row for row, kept in zip(excel_rows, keep, strict=True) if kept]
    return body[keep].reset_index(drop=True), kept_rows, Applied(Fix.TOTAL_ROWS, len(left_out), message)


def _is_number(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    return bool(re.fullmatch(r"\s*-?[\d.,\s]+%?\s*", str(value)))


# --- duplicates ------------------------------------------------------------------------------------------------


def keep_duplicates(
    frame: pd.DataFrame, excel_rows: list[int], table: Table, cleaning: Cleaning
) -> tuple[pd.DataFrame, list[int], list[Duplicate], Applied | None]:
    """Rows naming the same organisation (ignoring case and spaces), combined or chosen as the user says.

    Combining keeps the first row's values and fills its blanks from the
    later rows; lists are joined. :attr:`Keep.BOTH` keeps both rows, so the
    later one is refused as a duplicate and the message names both rows.
    """
    key_columns = [name for name in spec(table).key if name in frame]
    if not key_columns or frame.empty:
        return frame, excel_rows, [], None
    keys = row_keys(frame, key_columns)
    repeated = keys.duplicated(keep=False) & keys.ne("")
    if not repeated.any():
        return frame, excel_rows, [], None
    lists = {c.name for c in spec(table).columns if c.many}
    rows = frame.copy()
    drop: set[int] = set()
    found: list[Duplicate] = []
    for key, group in keys[repeated].groupby(keys[repeated], sort=False):
        positions = list(group.index)
        kept = cleaning.keep.get(str(key), cleaning.duplicates)
        names = tuple(text(frame.at[p, key_columns[0]]) for p in positions)
        found.append(Duplicate(str(key), names, tuple(excel_rows[p] for p in positions), kept))
        if kept is Keep.BOTH:
            continue
        if kept is Keep.FIRST:
            drop.update(positions[1:])
        elif kept is Keep.LAST:
            drop.update(positions[:-1])
        else:
            rows.loc[positions[0]] = _combined(frame, positions, lists)
            drop.update(positions[1:])
    if not drop:
        return frame, excel_rows, found, None
    keep = [p for p in range(len(frame)) if p not in drop]
    shown = "; ".join(
        f"'{d.names[0]}' in rows {', '.join(map(str, d.rows))}: {d.kept.label.lower()}" for d in found[:3]
    ) + (f"; and {len(found) - 3} more" if len(found) > 3 else "")
    message = f"{counted(len(found), 'organisation')} named on more than one row ({shown})."
    applied = Applied(Fix.DUPLICATES, len(drop), message)
    return rows.iloc[keep].reset_index(drop=True), [excel_rows[p] for p in keep], found, applied


def _combined(frame: pd.DataFrame, positions: list[int], lists: set[str]) -> pd.Series:
    first = frame.iloc[positions[0]].copy()
    for position in positions[1:]:
        other = frame.iloc[position]
        for column in frame.columns:
            if column in lists and not is_blank(other[column]):
                first[column] = join_list(list(dict.fromkeys(split_list(first[column]) + split_list(other[column]))))
            elif is_blank(first[column]) and not is_blank(other[column]):
                first[column] = other[column]
    return first
