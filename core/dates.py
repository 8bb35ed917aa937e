"""How dates in imported files are read: one day/month order per column, and why.

"05/06/2025" is 5 June to most of our users and 6 May to others. A column is
read in one order, decided from its dates that can only be read one way; a
column written both ways is reported cell by cell rather than guessed, and
the order used is said to the user (:meth:`DateOrder.describe`). ISO dates,
month names and real date cells are never ambiguous.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["EARLIEST_DATE", "LATEST_DATE", "DateOrder", "DayOrder", "OrderBasis", "read_dates"]


class DayOrder(StrEnum):
    """Which number comes first in a date written with numbers only, such as 05/06/2025."""

    DAY_FIRST = "day first"
    MONTH_FIRST = "month first"


class OrderBasis(StrEnum):
    """Why a column's numeric dates (05/06/2025) were read in the order they were."""

    NONE_NEEDED = "none needed"  # no date whose day and month could be swapped
    ONLY_WAY = "only way"  # some could only be read one way (13/06/2025), none only the other
    USUAL = "usual"  # every one could be read either way: day first, as most users write them
    MIXED = "mixed"  # some only day first, others only month first: not guessed


EARLIEST_DATE = pd.Timestamp("1900-01-01")
"""The first day a stored date may fall on; earlier ones are typing slips (a year of 0115)."""
LATEST_DATE = pd.Timestamp("2199-12-31")
"""The last day a stored date may fall on."""

# Day, month and year as numbers (05/06/2025, 5.6.25, 05-06-2025 14:30); a date that starts with its
# year (2025-06-05) does not match and is never ambiguous. What follows (a time) is kept. RE2 syntax:
# pyarrow reads a whole column at once, ten times faster than Python's re.
_NUMERIC_DATE = (
    r"^\s*(?P<first>\d{1,2})\s*[/.\-\s]\s*(?P<second>\d{1,2})\s*[/.\-\s]\s*(?P<year>\d{4}|\d{2})(?P<rest>\D.*|)$"
)
_CENTURY_PIVOT = 69  # a two-digit year below it is 20xx, else 19xx (as C's strptime reads %y)


@dataclass(frozen=True)
class DateOrder:
    """How one column's dates written with numbers only (05/06/2025) were read.

    ``order`` is None when no such date needed an order, or when the column
    holds both kinds (``basis`` is :attr:`OrderBasis.MIXED`): then the dates
    that could be read either way are left unread. ``day_only``,
    ``month_only`` and ``either`` are the index labels of those cells; each
    ``*_example`` is the first such cell as written.
    """

    order: DayOrder | None = None
    basis: OrderBasis = OrderBasis.NONE_NEEDED
    day_only: tuple[Hashable, ...] = ()
    month_only: tuple[Hashable, ...] = ()
    either: tuple[Hashable, ...] = ()
    day_example: str = ""
    month_example: str = ""
    either_example: str = ""

    def describe(self) -> str:
        """One line for the person importing, or '' when there was nothing to decide.

        >>> DateOrder(DayOrder.DAY_FIRST, OrderBasis.ONLY_WAY, day_only=(1, 4, 7), day_example="13/06/2025").describe()
        'Dates read day first (13/06/2025 and 2 others could only be day first)'
        """
        if self.basis is OrderBasis.ONLY_WAY:
            if self.order is DayOrder.DAY_FIRST:
                example, count = self.day_example, len(self.day_only)
            else:
                example, count = self.month_example, len(self.month_only)
            return f"Dates read {self.order} ({_and_others(example, count)} could only be {self.order})"
        if self.basis is OrderBasis.USUAL:
            return (
                f"Dates read {self.order}, the usual order outside the US "
                f"({_and_others(self.either_example, len(self.either))} could be read either way)"
            )
        if self.basis is OrderBasis.MIXED:
            return (
                f"Dates not read: {_and_others(self.day_example, len(self.day_only))} can only be day first, "
                f"{_and_others(self.month_example, len(self.month_only))} only month first"
            )
        return ""


def _and_others(example: str, count: int) -> str:
    others = count - 1
    if others <= 0:
        return example
    return f"{example} and {others} other{'s' if others > 1 else ''}"


def read_dates(values: pd.Series) -> tuple[pd.Series, DateOrder]:
    """A column of dates as timestamps, and the day/month order its numeric dates were read in.

    One order holds for the whole column: a date whose first number is over
    12 (13/06/2025) can only be day first, one whose second number is over 12
    (06/13/2025) only month first, and the column is read the way its
    unambiguous dates are written. When it holds only dates that could be
    either, they are read day first. When it holds both kinds, nothing is
    guessed: the ambiguous ones are left missing and :class:`DateOrder` says
    which cells disagree. Dates starting with the year (2025-06-05), date
    cells and timestamps are never ambiguous. A bare number is not a date
    (a day count since 1970 or 1900 would be a guess) and is left missing;
    so is anything else that cannot be read.

    >>> dates, order = read_dates(pd.Series(["05/06/2025", "13/06/2025", "2025-07-01"]))
    >>> [f"{day:%Y-%m-%d}" for day in dates], order.order.value
    (['2025-06-05', '2025-06-13', '2025-07-01'], 'day first')
    """
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        return values, DateOrder()
    cells = values.astype(object)
    text, dated = _kinds(cells)
    # Columns repeat their dates: each distinct text is looked at once.
    codes, distinct = pd.factorize(cells[text].to_numpy())
    forms = _Forms.of(distinct)
    texts = cells.index[text]
    order = _decide(cells, texts[forms.day_only[codes]], texts[forms.month_only[codes]], texts[forms.either[codes]])
    read = forms.iso(order.order)
    rebuilt = cells.where(text | dated, None)  # numbers and blanks: missing
    rebuilt[text] = np.where(forms.numeric[codes], read[codes], distinct[codes])
    return _to_timestamps(rebuilt), order


def _kinds(cells: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Which cells hold text that is not blank, and which a date or time; the rest are blanks and numbers.

    Each type is looked at once, not once a cell.
    """
    types = cells.map(type)
    distinct = types.unique()
    texts = [kind for kind in distinct if issubclass(kind, str)]
    numbers = [kind for kind in distinct if issubclass(kind, bool | int | float | np.number)]
    present = ~cells.isna().to_numpy()
    text = types.isin(texts).to_numpy() & present
    text[text] = (cells[text].astype(str).str.strip() != "").to_numpy()
    dated = present & ~types.isin([*texts, *numbers]).to_numpy()
    return text, dated


@dataclass(frozen=True)
class _Forms:
    """Texts that may be numeric dates: masks of how each can be read, and its parts (numbers as ints)."""

    numeric: np.ndarray
    day_only: np.ndarray
    month_only: np.ndarray
    either: np.ndarray  # 05/06: a different date each way
    same: np.ndarray  # 05/05: the same date both ways
    first: np.ndarray
    second: np.ndarray
    year: np.ndarray
    rest: np.ndarray

    @classmethod
    def of(cls, texts: np.ndarray) -> _Forms:
        found = pc.extract_regex(pa.array(texts, type=pa.string()), _NUMERIC_DATE)
        numeric = found.is_valid().to_numpy(zero_copy_only=False)

        def part(name: str, missing: str) -> np.ndarray:
            return np.where(numeric, found.field(name).to_numpy(zero_copy_only=False), missing)

        first, second = part("first", "0").astype(int), part("second", "0").astype(int)
        year = part("year", "0")
        full_year = year.astype(int)
        full_year += np.where(
            np.char.str_len(year.astype(str)) == 2, np.where(full_year < _CENTURY_PIVOT, 2000, 1900), 0
        )
        day_first = numeric & (first >= 1) & (first <= 31) & (second >= 1) & (second <= 12)
        month_first = numeric & (first >= 1) & (first <= 12) & (second >= 1) & (second <= 31)
        return cls(
            numeric=numeric,
            day_only=day_first & ~month_first,
            month_only=month_first & ~day_first,
            either=day_first & month_first & (first != second),
            same=day_first & month_first & (first == second),
            first=first,
            second=second,
            year=full_year,
            rest=part("rest", ""),
        )

    def iso(self, order: DayOrder | None) -> np.ndarray:
        """Each numeric date as ISO text (2025-06-05) read in ``order``, what followed it (a time) kept.

        None where it cannot be read: neither way, or either way when there is no order.
        """
        month_first = self.month_only | (self.either & (order is DayOrder.MONTH_FIRST))
        day_first = self.day_only | self.same | (self.either & (order is DayOrder.DAY_FIRST))
        day = np.where(month_first, self.second, self.first)
        month = np.where(month_first, self.first, self.second)
        read = [
            f"{year:04d}-{month:02d}-{day:02d}{rest}" if ok else None
            for year, month, day, rest, ok in zip(
                self.year, month, day, self.rest, day_first | month_first, strict=True
            )
        ]
        return np.array(read, dtype=object)


def _decide(cells: pd.Series, day_only: pd.Index, month_only: pd.Index, either: pd.Index) -> DateOrder:
    """The order for a column, from the labels of its cells that can be read only one way, or either."""

    def example(labels: pd.Index) -> str:
        return str(cells[labels[0]]).strip() if len(labels) else ""

    found = {
        "day_only": tuple(day_only),
        "month_only": tuple(month_only),
        "either": tuple(either),
        "day_example": example(day_only),
        "month_example": example(month_only),
        "either_example": example(either),
    }
    if len(day_only) and len(month_only):
        return DateOrder(None, OrderBasis.MIXED, **found)
    if len(day_only):
        return DateOrder(DayOrder.DAY_FIRST, OrderBasis.ONLY_WAY, **found)
    if len(month_only):
        return DateOrder(DayOrder.MONTH_FIRST, OrderBasis.ONLY_WAY, **found)
    if len(either):
        return DateOrder(DayOrder.DAY_FIRST, OrderBasis.USUAL, **found)
    return DateOrder(**found)


def _to_timestamps(cells: pd.Series) -> pd.Series:
    try:
        return pd.to_datetime(cells, errors="coerce", format="mixed")
    except ValueError:  # times with and without a zone together: keep each one's clock time
        return pd.to_datetime(cells.map(_clock_time), errors="coerce", format="mixed")


def _clock_time(value: object) -> object:
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        return None
    return stamp.tz_localize(None) if stamp.tzinfo is not None else stamp
