"""One rule for dates typed with numbers only (05/06/2025): each column is read in the order its own dates show."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from core.dates import DateOrder, DayOrder, OrderBasis, read_dates
from core.records import coerce, validate
from core.store import Table


def _days(dates: pd.Series) -> list[str]:
    return [f"{day:%Y-%m-%d}" if pd.notna(day) else "" for day in dates]


def _messages(frame: pd.DataFrame, table: Table = Table.OBSERVATIONS) -> list[str]:
    return [problem.describe(row_offset=2) for problem in validate(frame, table)]


def _observations(dates: list[object]) -> pd.DataFrame:
    return pd.DataFrame({"indicator": ["Tonnes"] * len(dates), "date": dates, "value": range(len(dates))})


def test_a_column_with_a_day_first_date_reads_its_ambiguous_dates_day_first():
    # The file: 05/06/2025 became 6 May while 13/06/2025 became 13 June.
    typed = coerce(_observations(["05/06/2025", "13/06/2025", "2025-07-01"]), Table.OBSERVATIONS)
    assert _days(typed["date"]) == ["2025-06-05", "2025-06-13", "2025-07-01"]
    _, order = read_dates(pd.Series(["05/06/2025", "13/06/2025", "20/06/2025", "27/06/2025"]))
    assert (order.order, order.basis) == (DayOrder.DAY_FIRST, OrderBasis.ONLY_WAY)
    assert order.describe() == "Dates read day first (13/06/2025 and 2 others could only be day first)"


def test_a_column_with_a_month_first_date_reads_its_ambiguous_dates_month_first():
    dates, order = read_dates(pd.Series(["06/05/2025", "06/13/2025", "2025-06-14"]))
    assert _days(dates) == ["2025-06-05", "2025-06-13", "2025-06-14"]
    assert order.describe() == "Dates read month first (06/13/2025 could only be month first)"


def test_each_column_decides_for_itself():
    frame = pd.DataFrame({"name": ["Hubs"], "start_date": ["05/06/2025"], "end_date": ["06/13/2026"]})
    typed = coerce(pd.concat([frame, frame.assign(name="Fees", start_date="13/06/2025")]), Table.PILOTS)
    assert _days(typed["start_date"]) == ["2025-06-05", "2025-06-13"]
    assert _days(typed["end_date"]) == ["2026-06-13", "2026-06-13"]


def test_only_ambiguous_dates_are_read_day_first_and_the_order_is_said():
    dates, order = read_dates(pd.Series(["05/06/2025", "07/06/25", "05/05/2025", None]))
    assert _days(dates) == ["2025-06-05", "2025-06-07", "2025-05-05", ""]
    assert (order.order, order.basis) == (DayOrder.DAY_FIRST, OrderBasis.USUAL)
    assert order.describe() == (
        "Dates read day first, the usual order outside the US (05/06/2025 and 1 other could be read either way)"
    )


def test_iso_dates_date_cells_and_month_names_are_never_ambiguous():
    cells = ["2027-01-15", dt.date(2027, 1, 16), pd.Timestamp("2027-01-17"), "18 Jan 2027", "2027-01-19 14:30"]
    dates, order = read_dates(pd.Series(cells, dtype=object))
    assert _days(dates) == ["2027-01-15", "2027-01-16", "2027-01-17", "2027-01-18", "2027-01-19"]
    assert order == DateOrder() and order.describe() == ""
    # An ISO date does not decide the order of the others either.
    dates, order = read_dates(pd.Series(["2025-06-13", "06/05/2025", "06/13/2025"]))
    assert _days(dates) == ["2025-06-13", "2025-06-05", "2025-06-13"]
    assert order.order is DayOrder.MONTH_FIRST


def test_a_column_written_both_ways_is_refused_naming_the_cells_and_nothing_is_guessed():
    frame = _observations(["13/06/2025", "05/06/2025", "20/06/2025", "06/27/2025", "2025-07-01"])
    assert _messages(frame) == [
        "row 5, column 'date': '06/27/2025' can only be month first, but other dates in this column can only be "
        "day first (such as '13/06/2025'): write them all one way, or as YYYY-MM-DD"
    ]
    typed = coerce(frame, Table.OBSERVATIONS)
    assert _days(typed["date"]) == ["2025-06-13", "", "2025-06-20", "2025-06-27", "2025-07-01"]  # 05/06: not guessed
    _, order = read_dates(frame["date"])
    assert (order.order, order.basis, order.day_only, order.month_only) == (None, OrderBasis.MIXED, (0, 2), (3,))


def test_a_bare_number_is_not_a_date():
    # An Excel date serial in a cell formatted as a number was stored as 1 January 1970, silently.
    frame = _observations([46402, "2027-01-15"])
    assert _messages(frame) == [
        "row 2, column 'date': 46402 is a number, not a date (format the cell as a date, or type YYYY-MM-DD)"
    ]
    assert _days(coerce(frame, Table.OBSERVATIONS)["date"]) == ["", "2027-01-15"]


def test_a_year_the_calendar_box_mangled_is_refused():
    frame = _observations([pd.Timestamp("0115-02-07"), "2027-01-15", "31/12/2199", "01/01/2200"])
    assert _messages(frame) == [
        "row 2, column 'date': 0115-02-07 is not between 1900 and 2199: check the year (type dates as YYYY-MM-DD)",
        "row 5, column 'date': 2200-01-01 is not between 1900 and 2199: check the year (type dates as YYYY-MM-DD)",
    ]


def test_dates_that_are_no_dates_keep_their_message():
    assert _messages(_observations(["31/31/2026", "next week"])) == [
        "row 2, column 'date': '31/31/2026' is not a date (use YYYY-MM-DD)",
        "row 3, column 'date': 'next week' is not a date (use YYYY-MM-DD)",
    ]


def test_times_are_kept_and_two_digit_years_are_this_century_or_the_last():
    dates, _ = read_dates(pd.Series(["13/06/2025 14:30", "05/06/68", "05/06/69"]))
    assert [f"{day:%Y-%m-%d %H:%M}" for day in dates] == ["2025-06-13 14:30", "2068-06-05 00:00", "1969-06-05 00:00"]
