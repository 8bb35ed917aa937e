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

This module holds what the user chooses and what cleaning reports; the fixes
themselves are in :mod:`.cleaning_rows` (merged cells, totals, duplicates)
and :mod:`.cleaning_cells` (scores, lists, columns with no home).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

__all__ = ["Applied", "Cleaned", "Cleaning", "Duplicate", "Fix", "Keep", "Scale", "examples"]


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


def examples(pairs: Sequence[tuple[int, str]], limit: int = 3) -> str:
    """The first few ``(row, what)`` pairs of a fix, for its message: "row 4 'High' as 4, … and 2 more"."""
    shown = ", ".join(f"row {row} {quoted}" for row, quoted in pairs[:limit])
    return shown + (f" and {len(pairs) - limit:,} more" if len(pairs) > limit else "")
