"""Observation files with dates typed as numbers only (05/06/2025): one order per file, and the import says which."""

from __future__ import annotations

import pandas as pd
import pytest

from core.dates import DayOrder
from core.pilots.observations import ObservationsRefused, import_observations
from core.tables import Table
from tests.helpers import xlsx

PILOT = "Chennai fair-price collection hubs"
INDICATOR = "Ocean-bound plastic collected"


def _hub_reports(dates: list[str]) -> bytes:
    """A real .xlsx of the pilot's weekly reports, the dates typed as text (as a CSV export leaves them)."""
    rows = [[INDICATOR, date, 130 + number] for number, date in enumerate(dates)]
    return xlsx({"Hub reports": [["Indicator", "Date", "Value"], *rows]})


def _stored_days(store, pid) -> set[str]:
    observations = store.read(pid, Table.OBSERVATIONS)
    mine = observations[(observations["pilot"] == PILOT) & (observations["indicator"] == INDICATOR)]
    return {f"{day:%Y-%m-%d}" for day in mine["date"]}


def test_an_ambiguous_date_is_read_the_way_the_files_other_dates_are_written(demo_store):
    store, pid = demo_store
    imported = import_observations(store, pid, _hub_reports(["05/06/2025", "13/06/2025"]), "hubs.xlsx", PILOT)
    assert (imported.added, imported.replaced) == (2, 0)
    days = _stored_days(store, pid)
    assert {"2025-06-05", "2025-06-13"} <= days
    assert "2025-05-06" not in days  # the spike on the tracking chart: 6 May, between the May and June reports
    assert imported.dates.order is DayOrder.DAY_FIRST
    assert imported.dates.describe() == "Dates read day first (13/06/2025 could only be day first)"


def test_a_month_first_file_is_read_month_first(demo_store):
    store, pid = demo_store
    imported = import_observations(store, pid, _hub_reports(["06/05/2025", "06/13/2025"]), "hubs.xlsx", PILOT)
    assert {"2025-06-05", "2025-06-13"} <= _stored_days(store, pid)
    assert imported.dates.describe() == "Dates read month first (06/13/2025 could only be month first)"


def test_a_file_of_only_ambiguous_dates_is_read_day_first_and_says_so(demo_store):
    store, pid = demo_store
    imported = import_observations(store, pid, _hub_reports(["05/06/2025", "07/06/2025"]), "hubs.xlsx", PILOT)
    assert {"2025-06-05", "2025-06-07"} <= _stored_days(store, pid)
    assert imported.dates.describe() == (
        "Dates read day first, the usual order outside the US (05/06/2025 and 1 other could be read either way)"
    )


def test_a_file_written_both_ways_is_refused_naming_the_cell_and_nothing_is_stored(demo_store):
    store, pid = demo_store
    before = store.read(pid, Table.OBSERVATIONS)
    data = _hub_reports(["13/06/2025", "05/06/2025", "20/06/2025", "06/27/2025"])
    with pytest.raises(ObservationsRefused) as refused:
        import_observations(store, pid, data, "hubs.xlsx", PILOT)
    assert refused.value.lines() == [
        "sheet 'Hub reports', row 5, column 'Date': '06/27/2025' can only be month first, but other dates in this "
        "column can only be day first (such as '13/06/2025'): write them all one way, or as YYYY-MM-DD"
    ]
    pd.testing.assert_frame_equal(store.read(pid, Table.OBSERVATIONS), before)


def test_iso_dates_are_never_ambiguous_and_need_no_word(demo_store):
    store, pid = demo_store
    imported = import_observations(store, pid, _hub_reports(["2025-06-05", "2025-06-13"]), "hubs.xlsx", PILOT)
    assert {"2025-06-05", "2025-06-13"} <= _stored_days(store, pid)
    assert imported.dates.describe() == ""
