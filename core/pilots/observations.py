"""Observations of the pilots' indicators: checked, then stored all rows or none.

Observation checks guard the tracking data: every row must name a known
pilot and one of its indicators, fall on or after the pilot's start, carry
a number, and not repeat a date. Problems name the row. A row with the same
pilot, indicator and date as a stored one replaces its value; if any row
has a problem nothing is written and :class:`ObservationsRefused` lists
every problem.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from core.dates import DateOrder, read_dates
from core.io_excel import read_table
from core.model import split_list
from core.records import Problem, validate
from core.store import Store
from core.tables import Table

__all__ = [
    "ObservationsImported",
    "ObservationsRefused",
    "check_observations",
    "import_observations",
    "merge_observations",
    "record_observations",
    "replace_pilot_observations",
]


def check_observations(
    incoming: pd.DataFrame, pilots: pd.DataFrame, indicators: pd.DataFrame, row_offset: int = 1
) -> list[Problem]:
    """Problems with observation rows before they are stored.

    Applies the table rules (required values, numbers, dates, duplicate
    pilot + indicator + date) and then the tracking rules: the pilot exists,
    the indicator is a shared indicator (and one the pilot tracks), and the
    date is not before the pilot's start. Rows without a pilot are
    partnership-wide reports and only need a known indicator.

    ``Problem.row`` is the 0-based position in ``incoming``; describe with
    ``row_offset`` to show the numbering people see.
    """
    source = incoming.reset_index(drop=True)
    problems = list(validate(source, Table.OBSERVATIONS))
    bad_rows = {problem.row for problem in problems}
    starts = {
        str(name).casefold(): (name, start, pilot_indicators)
        for name, start, pilot_indicators in zip(
            pilots["name"], pilots["start_date"], pilots["indicators"], strict=True
        )
    }
    known = {str(name).casefold(): name for name in indicators["name"].dropna()}
    dates = read_dates(source["date"])[0] if "date" in source else None  # the file's own day/month order
    for row in range(len(source)):
        pilot = source.at[row, "pilot"] if "pilot" in source else None
        indicator = source.at[row, "indicator"] if "indicator" in source else None
        pilot_text = "" if pd.isna(pilot) else str(pilot).strip()
        indicator_text = "" if pd.isna(indicator) else str(indicator).strip()
        if indicator_text and indicator_text.casefold() not in known:
            problems.append(
                Problem(row, "indicator", indicator, f"'{indicator_text}' is not one of the shared indicators")
            )
        if not pilot_text:
            continue
        if pilot_text.casefold() not in starts:
            problems.append(Problem(row, "pilot", pilot, f"'{pilot_text}' is not a pilot in the register"))
            continue
        name, start, tracked = starts[pilot_text.casefold()]
        tracked_keys = {item.casefold() for item in split_list(tracked)}
        if indicator_text.casefold() in known and tracked_keys and indicator_text.casefold() not in tracked_keys:
            problems.append(
                Problem(row, "indicator", indicator, f"'{indicator_text}' is not tracked by the pilot '{name}'")
            )
        when = dates[row] if dates is not None else pd.NaT
        if row not in bad_rows and not pd.isna(when) and not pd.isna(start) and when < start:
            problems.append(
                Problem(
                    row,
                    "date",
                    source.at[row, "date"],
                    f"{when:%Y-%m-%d} is before the pilot '{name}' started ({start:%Y-%m-%d})",
                )
            )
    return sorted(problems, key=lambda p: (p.row if p.row is not None else -1, p.column or ""))


def merge_observations(stored: pd.DataFrame, incoming: pd.DataFrame) -> tuple[pd.DataFrame, int, int]:
    """Stored observations with ``incoming`` added; a matching pilot + indicator + date is replaced.

    Returns ``(merged, added, replaced)``. Nothing stored is dropped except
    the values that ``incoming`` replaces on the same key.
    """

    def keys(frame: pd.DataFrame) -> pd.Series:
        parts = frame[["pilot", "indicator"]].astype("string").fillna("").apply(lambda c: c.str.strip().str.casefold())
        day = read_dates(frame["date"])[0].dt.strftime("%Y-%m-%d").fillna("")
        return parts["pilot"] + "\x1f" + parts["indicator"] + "\x1f" + day

    incoming_keys = set(keys(incoming)) if len(incoming) else set()
    stored_keys = keys(stored) if len(stored) else pd.Series([], dtype="string")
    replaced = stored_keys.isin(incoming_keys)
    kept = stored[~replaced.to_numpy()] if len(stored) else stored
    merged = pd.concat([kept, incoming], ignore_index=True) if len(incoming) else kept.reset_index(drop=True)
    return merged, len(incoming) - int(replaced.sum()), int(replaced.sum())


@dataclass(frozen=True)
class ObservationsImported:
    """What an import of observations did, and how it read the file's dates."""

    added: int
    replaced: int
    dates: DateOrder  # ``dates.describe()`` tells the person which day/month order was used

    def summary(self) -> str:
        """'Imported 3 new observation(s), replaced 1' for the page."""
        replaced = f", replaced {self.replaced}" if self.replaced else ""
        return f"Imported {self.added} new observation(s){replaced}"


class ObservationsRefused(ValueError):
    """Observations that cannot be stored; ``lines`` says which rows and why."""

    def __init__(self, lines: list[str]) -> None:
        self._lines = list(lines)
        super().__init__("; ".join(self._lines))

    def lines(self) -> list[str]:
        return list(self._lines)


def record_observations(
    store: Store, partnership_id: int, incoming: pd.DataFrame, row_offset: int = 1
) -> tuple[int, int]:
    """Check ``incoming`` observations and add them to the store in one write.

    A row with the same pilot, indicator and date as a stored one replaces
    its value. If any row has a problem nothing is written and
    :class:`ObservationsRefused` lists every problem. Returns ``(added,
    replaced)``.
    """
    frames = store.read_many(partnership_id, [Table.PILOTS, Table.INDICATORS, Table.OBSERVATIONS])
    problems = check_observations(incoming, frames[Table.PILOTS], frames[Table.INDICATORS])
    if problems:
        raise ObservationsRefused([problem.describe(row_offset) for problem in problems])
    merged, added, replaced = merge_observations(frames[Table.OBSERVATIONS], incoming)
    # Only the rows added or replaced are written: what others saved since the read stays.
    store.replace(partnership_id, Table.OBSERVATIONS, merged, based_on=frames[Table.OBSERVATIONS], overwrite=True)
    return added, replaced


def replace_pilot_observations(
    store: Store,
    partnership_id: int,
    pilot: str,
    edited: pd.DataFrame,
    shown: pd.DataFrame | None = None,
    *,
    overwrite: bool = False,
) -> int:
    """Make ``edited`` the whole set of one pilot's observations, in one write.

    Other pilots' and partnership-wide observations stay as they are. With
    ``shown`` (the rows the person edited), only their changes are saved,
    and a clash with someone else's change since is a
    :class:`~core.store.ConflictError` (unless ``overwrite``). Raises :class:`ObservationsRefused`
    (and writes nothing) if any row has a problem. Returns the number of
    rows stored for the pilot.
    """
    frames = store.read_many(partnership_id, [Table.PILOTS, Table.INDICATORS, Table.OBSERVATIONS])
    incoming = edited.reset_index(drop=True).assign(pilot=pilot)
    problems = check_observations(incoming, frames[Table.PILOTS], frames[Table.INDICATORS])
    if problems:
        raise ObservationsRefused([problem.describe() for problem in problems])
    if shown is not None:  # from the editor, which keeps the labels of the rows it showed
        reason = f"editing {pilot}'s observations"
        edited_rows, shown_rows = edited.assign(pilot=pilot), shown.assign(pilot=pilot)
        store.replace(
            partnership_id, Table.OBSERVATIONS, edited_rows, reason,
            based_on=shown_rows, overwrite=overwrite, same_labels=True,
        )  # fmt: skip
        return len(incoming)
    stored = frames[Table.OBSERVATIONS]
    others = stored[(stored["pilot"].fillna("").str.casefold() != pilot.casefold()).to_numpy()]
    store.replace(partnership_id, Table.OBSERVATIONS, pd.concat([others, incoming], ignore_index=True))
    return len(incoming)


def import_observations(
    store: Store, partnership_id: int, data: bytes, filename: str, pilot: str | None = None, sheet: str | None = None
) -> ObservationsImported:
    """Import observations from an Excel or CSV file, all rows or none.

    Headers are matched forgivingly (see :mod:`core.io_excel`). A file
    without a ``pilot`` column belongs to ``pilot``. Dates written with
    numbers only (05/06/2025) are read in the one day/month order the file's
    own dates show (day first when none can tell); the result says which.
    Problems are reported with the sheet, the row number the spreadsheet
    shows and the column header. Raises :class:`~core.io_excel.ImportRefused`
    for a file that is not a readable spreadsheet and
    :class:`ObservationsRefused` for bad rows (among them dates written both
    day first and month first).
    """
    parsed = read_table(data, filename, Table.OBSERVATIONS, sheet)
    frame = parsed.frame.copy()
    if pilot is not None and "pilot" not in frame:
        frame["pilot"] = pilot
    frames = store.read_many(partnership_id, [Table.PILOTS, Table.INDICATORS, Table.OBSERVATIONS])
    problems = check_observations(frame, frames[Table.PILOTS], frames[Table.INDICATORS])
    if problems:
        raise ObservationsRefused([parsed.describe(problem) for problem in problems])
    if frame.empty:
        raise ObservationsRefused([f"sheet '{parsed.sheet}': no observation rows found under the header"])
    frame["date"], order = read_dates(frame["date"])  # read once, in the file's order, before mixing with stored rows
    merged, added, replaced = merge_observations(frames[Table.OBSERVATIONS], frame)
    stored = frames[Table.OBSERVATIONS]
    store.replace(partnership_id, Table.OBSERVATIONS, merged, "importing observations", based_on=stored, overwrite=True)
    return ObservationsImported(added, replaced, order)
