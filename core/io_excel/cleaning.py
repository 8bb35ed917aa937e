"""A messy list cleaned instead of refused: each fix said, and each one undoable.

An analyst's stakeholder list rarely arrives as the template asks. Rather
than refuse it and send the analyst back to Excel, the import fixes what
has one clear reading and says so (:class:`Applied`); the preview lets the
user undo any fix (:attr:`Cleaning.off`). The fixes, in the order they run:

- merged cells in the data filled from their first cell (:attr:`Fix.MERGED_CELLS`);
- total and footer rows left out (:attr:`Fix.TOTAL_ROWS`);
- scores written as words ("High", "4 - high") or with a decimal comma ("3,5")
  read as numbers, and "n/a" or "?" read as blank (:attr:`Fix.SCORE_WORDS`);
- lists separated by commas, slashes or line breaks read as lists (:attr:`Fix.LIST_SEPARATORS`);
- columns with no home kept in the notes as "Header: value" (:attr:`Fix.EXTRA_COLUMNS`);
- rows naming the same organisation (ignoring case and spaces) merged,
  or the one the user chose kept (:attr:`Fix.DUPLICATES`).

Two fixes need the user's word, because a guess could be wrong: scores on
another scale are rescaled to 1-5 only for the columns in
:attr:`Cleaning.scales` (the scale found is offered in
:attr:`Cleaned.proposals`), and a required column missing from the file is
filled with one value for every row only when :attr:`Cleaning.fill` gives it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

import pandas as pd
from openpyxl.utils import get_column_letter

from core.conventions import is_blank, name_keys, text
from core.io_excel.reading import MergedRange
from core.model import join_list, split_list
from core.tables import Column, ColumnKind, Table, spec

__all__ = [
    "Applied",
    "Cleaned",
    "Cleaning",
    "Duplicate",
    "Fix",
    "Keep",
    "Scale",
    "fill_merged",
    "is_score",
    "keep_duplicates",
    "keep_extra_columns",
    "leave_out_totals",
    "list_separators",
    "rescale",
    "score_words",
]


class Fix(StrEnum):
    """The kinds of cleaning an import does on its own, each of which the user may undo."""

    MERGED_CELLS = "merged-cells"
    TOTAL_ROWS = "total-rows"
    SCORE_WORDS = "score-words"
    LIST_SEPARATORS = "list-separators"
    EXTRA_COLUMNS = "extra-columns"
    DUPLICATES = "duplicates"
    SCALES = "scales"
    FILLED_COLUMNS = "filled-columns"

    @property
    def label(self) -> str:
        return _FIX_LABELS[self]


_FIX_LABELS = {
    Fix.MERGED_CELLS: "Merged cells filled",
    Fix.TOTAL_ROWS: "Total and footer rows left out",
    Fix.SCORE_WORDS: "Scores in words read as numbers",
    Fix.LIST_SEPARATORS: "Lists split at commas, slashes and line breaks",
    Fix.EXTRA_COLUMNS: "Other columns kept in the notes",
    Fix.DUPLICATES: "Rows naming the same organisation combined",
    Fix.SCALES: "Scores rescaled to 1-5",
    Fix.FILLED_COLUMNS: "Missing column filled",
}


class Scale(StrEnum):
    """Score scales a list may use instead of 1-5."""

    ONE_TO_TEN = "1-10"
    ZERO_TO_TEN = "0-10"
    PERCENT = "0-100"

    @property
    def bounds(self) -> tuple[float, float]:
        low, high = self.value.split("-")
        return float(low), float(high)

    def to_five(self, value: float) -> float:
        """``value`` on this scale as a 1-5 score (outside the scale: unchanged, so validation refuses it)."""
        low, high = self.bounds
        if not low <= value <= high:
            return value
        return round(1 + 4 * (value - low) / (high - low), 2)


class Keep(StrEnum):
    """What to do with rows that name the same organisation."""

    MERGE = "merge"  # the first row, its blanks filled from the others (lists joined)
    FIRST = "first"
    LAST = "last"
    BOTH = "both"  # keep both: the later row is refused as a duplicate

    @property
    def label(self) -> str:
        return {
            Keep.MERGE: "Combine them",
            Keep.FIRST: "Keep the first",
            Keep.LAST: "Keep the last",
            Keep.BOTH: "Keep both (refused)",
        }[self]


@dataclass(frozen=True)
class Cleaning:
    """What the user chose about cleaning a file; the default cleans everything it safely can.

    Parameters
    ----------
    off : frozenset of Fix
        Fixes the user undid.
    scales : mapping of column -> Scale
        Score columns the user confirmed are on another scale, to rescale to 1-5.
    fill : mapping of column -> value
        Required columns missing from the file, with the value every row takes.
    ignored : frozenset of str
        Headers with no home that are left out rather than kept in the notes.
    duplicates : Keep
        What to do with rows naming the same organisation.
    keep : mapping of name key -> Keep
        The user's choice for one organisation, over ``duplicates``.
    """

    off: frozenset[Fix] = frozenset()
    scales: Mapping[str, Scale] = field(default_factory=dict)
    fill: Mapping[str, str] = field(default_factory=dict)
    ignored: frozenset[str] = frozenset()
    duplicates: Keep = Keep.MERGE
    keep: Mapping[str, Keep] = field(default_factory=dict)

    def on(self, fix: Fix) -> bool:
        return fix not in self.off


@dataclass(frozen=True)
class Applied:
    """One fix made to a file, in plain words that say where."""

    fix: Fix
    count: int
    message: str


@dataclass(frozen=True)
class Duplicate:
    """Rows of a file that name the same organisation, and what was done with them."""

    key: str
    names: tuple[str, ...]
    rows: tuple[int, ...]  # as the spreadsheet numbers them
    kept: Keep


@dataclass
class Cleaned:
    """What cleaning did to a sheet, beside the rows it gives."""

    applied: list[Applied] = field(default_factory=list)
    proposals: dict[str, Scale] = field(default_factory=dict)
    duplicates: list[Duplicate] = field(default_factory=list)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _examples(pairs: Sequence[tuple[int, str]], limit: int = 3) -> str:
    shown = ", ".join(f"row {row} {quoted}" for row, quoted in pairs[:limit])
    return shown + (f" and {len(pairs) - limit} more" if len(pairs) > limit else "")


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
    message = f"{_plural(count, 'blank cell')} of merged ranges ({shown}) took the value of the range's first cell."
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
    message = f"{_plural(len(left_out), 'row')} that total or annotate the list left out (row {rows_text})."
    keep = ~drop
    kept_rows = [row for row, kept in zip(excel_rows, keep, strict=True) if kept]
    return body[keep].reset_index(drop=True), kept_rows, Applied(Fix.TOTAL_ROWS, len(left_out), message)


def _is_number(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    return bool(re.fullmatch(r"\s*-?[\d.,\s]+%?\s*", str(value)))


# --- scores ----------------------------------------------------------------------------------------------------

_FIVE_WORDS = {"very low": 1, "low": 2, "medium": 3, "high": 4, "very high": 5}
_THREE_WORDS = {"low": 1, "medium": 3, "high": 5}
_WORD_FORMS = {"med": "medium", "mid": "medium", "moderate": "medium", "average": "medium", "lo": "low", "hi": "high"}
_UNKNOWN = {"n/a", "na", "n.a.", "?", "-", "–", "—", "unknown", "tbc", "tbd", "not known", "none given"}
_LEADING_NUMBER = re.compile(r"^(\d+(?:[.,]\d+)?)\s*(%)?\s*(?:$|[-–—:(/]|[a-z])", re.IGNORECASE)


def is_score(column: Column) -> bool:
    """A 1-5 score column (interest, influence, salience attributes)."""
    return column.kind is ColumnKind.NUMBER and column.low == 1 and column.high == 5


def _word(value: str) -> str:
    key = " ".join(value.lower().replace("-", " ").split())
    for short, long in _WORD_FORMS.items():
        key = re.sub(rf"\b{short}\b", long, key)
    return key


def score_words(
    values: pd.Series, header: str, excel_rows: list[int], scale: Scale | None = None
) -> tuple[pd.Series, Applied | None, Scale | None]:
    """Scores written as words or with a decimal comma read as numbers, and the scale they seem to use.

    "Low/Medium/High" alone read as 1, 3 and 5; with "very low" or "very
    high" in the same column, the five words read as 1-5. "4 - high" and
    "4 (high)" read as 4, "3,5" as 3.5, "80%" as 80; "n/a", "?" and the
    like read as blank. Other text is kept as typed for validation to quote.
    With a confirmed ``scale``, numbers written in text are on that scale
    (and rescaled); words are always read on 1-5.

    Returns the values, what was done, and the scale the numbers seem to
    use when it is not 1-5 and none was confirmed (None otherwise).
    """
    words = {_word(v) for v in values if isinstance(v, str)}
    table = _FIVE_WORDS if words & {"very low", "very high"} else _THREE_WORDS
    read: dict[str, object] = {}
    percent = False
    for value in set(v for v in values if isinstance(v, str)):
        stripped, key = value.strip(), _word(value)
        if key in table:
            read[value] = float(table[key])
        elif key in _UNKNOWN:
            read[value] = None
        elif match := _LEADING_NUMBER.match(stripped):
            number = float(match.group(1).replace(",", "."))
            read[value] = scale.to_five(number) if scale else number
            percent = percent or bool(match.group(2))
    changed = [(row, f"'{v}' as {_shown(read[v])}") for row, v in zip(excel_rows, values, strict=True) if v in read]
    cleaned = values.map(lambda v: read.get(v, v) if isinstance(v, str) else v) if read else values
    applied = None
    if changed:
        legend = ", ".join(f"{word} = {score}" for word, score in table.items() if word in words)
        legend = f" ({legend})" if legend else ""
        applied = Applied(
            Fix.SCORE_WORDS,
            len(changed),
            f"Column '{header}': {_plural(len(changed), 'score')} written in words or with a comma read as "
            f"numbers{legend}: {_examples(changed)}.",
        )
    return cleaned, applied, (_scale_of(cleaned, percent) if scale is None else None)


def _shown(value: object) -> str:
    if value is None:
        return "blank"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _scale_of(values: pd.Series, percent: bool) -> Scale | None:
    numbers = pd.to_numeric(values.map(lambda v: v if isinstance(v, int | float) and not isinstance(v, bool) else None),
                            errors="coerce").dropna()  # fmt: skip
    if numbers.empty:
        return None
    top = numbers.max()
    if percent or 10 < top <= 100:
        return Scale.PERCENT
    if 5 < top <= 10:
        return Scale.ONE_TO_TEN if numbers.min() >= 1 else Scale.ZERO_TO_TEN
    return None


def rescale(values: pd.Series, scale: Scale, header: str) -> tuple[pd.Series, Applied]:
    """A score column the user confirmed is on ``scale``, as 1-5 scores (numbers only: text is :func:`score_words`')."""
    count = 0

    def convert(value: object) -> object:
        nonlocal count
        if isinstance(value, int | float) and not isinstance(value, bool) and not pd.isna(value):
            count += 1
            return scale.to_five(float(value))
        return value

    converted = values.map(convert)
    low, high = scale.bounds
    message = (
        f"Column '{header}': {_plural(count, 'score')} read on a {scale.value} scale and rescaled to 1-5 "
        f"({low:g} → 1, {high:g} → 5)."
    )
    return converted, Applied(Fix.SCALES, count, message)


# --- lists -----------------------------------------------------------------------------------------------------

_OTHER_SEPARATORS = re.compile(r"\s*(?:,|/|\||\r?\n)\s*")


def list_separators(values: pd.Series, header: str, excel_rows: list[int]) -> tuple[pd.Series, Applied | None]:
    """Lists separated by commas, slashes, bars or line breaks, written with ``;`` as Keystone keeps them.

    A cell that already uses ``;`` is left as it is: its commas belong to its items.
    """
    changed: list[tuple[int, str]] = []

    def split(value: object, row: int) -> object:
        if not isinstance(value, str) or ";" in value or not _OTHER_SEPARATORS.search(value):
            return value
        joined = join_list([part for part in _OTHER_SEPARATORS.split(value) if part.strip()])
        changed.append((row, f"'{value.strip()}'"))
        return joined

    split_values = [split(value, row) for value, row in zip(values, excel_rows, strict=True)]
    if not changed:
        return values, None
    cleaned = pd.Series(split_values, index=values.index, dtype=object)
    lists = _plural(len(changed), "list")
    message = f"Column '{header}': {lists} split at commas, slashes or line breaks: {_examples(changed)}."
    return cleaned, Applied(Fix.LIST_SEPARATORS, len(changed), message)


# --- columns with no home --------------------------------------------------------------------------------------


def keep_extra_columns(
    frame: pd.DataFrame, body: pd.DataFrame, headers: Sequence[str], notes: str = "notes"
) -> tuple[pd.DataFrame, Applied | None]:
    """Columns the table has no place for, written into each row's notes as "Header: value"."""
    kept = [header for header in headers if body[header].map(lambda v: not is_blank(v)).any()]
    if not kept:
        return frame, None
    existing = frame[notes] if notes in frame else pd.Series([None] * len(frame), index=frame.index)
    lines = [existing.map(text)] + [body[h].map(lambda v, h=h: f"{h}: {_cell_text(v)}" if not is_blank(v) else "")
                                    for h in kept]  # fmt: skip
    joined = ["; ".join(part for part in parts if part) or None for parts in zip(*lines, strict=True)]
    result = frame.copy()
    result[notes] = pd.Series(joined, index=frame.index, dtype=object)
    names = ", ".join(f"'{h}'" for h in kept)
    message = f"{_plural(len(kept), 'column')} with no place of its own ({names}) kept in each row's notes."
    return result, Applied(Fix.EXTRA_COLUMNS, len(kept), message)


def _cell_text(value: object) -> str:
    if isinstance(value, datetime | date | pd.Timestamp):
        return value.isoformat()[:10] if not getattr(value, "hour", 0) else str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


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
    keys = name_keys(frame[key_columns[0]]) if len(key_columns) == 1 else _joined_keys(frame, key_columns)
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
    message = f"{_plural(len(found), 'organisation')} named on more than one row ({shown})."
    applied = Applied(Fix.DUPLICATES, len(drop), message)
    return rows.iloc[keep].reset_index(drop=True), [excel_rows[p] for p in keep], found, applied


def _joined_keys(frame: pd.DataFrame, columns: list[str]) -> pd.Series:
    parts = frame[columns].apply(name_keys)
    return parts.agg("\x1f".join, axis=1)


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
