"""The pilot register checks and the guard on observations."""

from __future__ import annotations

import pandas as pd
import pytest

from core.pilots import register as pilots
from core.pilots.observations import ObservationsRefused, import_observations, record_observations
from core.pilots.register import CheckKind
from core.records import coerce
from core.tables import Table


def _register(**overrides) -> pd.DataFrame:
    row = {
        "name": "Casing pilot",
        "aim": "industry adoption",
        "factor": "Resin quality",
        "partners": "Brand A; Brand B; Recycler",
        "market_leaders": "Brand A; Brand B",
        "validator": "Polymer Lab",
        "start_date": "2025-03-01",
        "indicators": "Recycled share",
    }
    row.update(overrides)
    return coerce(pd.DataFrame([row]), Table.PILOTS)


FACTORS = coerce(pd.DataFrame({"name": ["Resin quality", "Collection volume"]}), Table.FACTORS)
ACTORS = coerce(
    pd.DataFrame(
        {
            "name": ["Brand A", "Brand B", "Brand C"],
            "type": "company",
            "market_leader": ["yes", "yes", "no"],
        }
    ),
    Table.ACTORS,
)


def test_a_complete_pilot_passes():
    assert pilots.check_register(_register(), FACTORS, ACTORS) == []


def test_industry_adoption_with_one_market_leader_is_flagged_with_the_research_figure():
    findings = pilots.check_register(_register(market_leaders="Brand A"), FACTORS, ACTORS)
    assert [f.kind for f in findings] == [CheckKind.FEW_MARKET_LEADERS]
    assert "1 market leader (Brand A)" in findings[0].message
    assert "1.7x" in findings[0].message


def test_an_actor_marked_as_not_a_market_leader_does_not_count():
    findings = pilots.check_register(_register(market_leaders="Brand A; Brand C"), FACTORS, ACTORS)
    assert [f.kind for f in findings] == [CheckKind.FEW_MARKET_LEADERS]


def test_other_aims_need_no_market_leaders():
    assert pilots.check_register(_register(aim="community", market_leaders=""), FACTORS, ACTORS) == []


@pytest.mark.parametrize("factor", ["", "Consumer sentiment"])
def test_a_pilot_not_tied_to_a_factor_of_the_map_is_flagged(factor):
    findings = pilots.check_register(_register(factor=factor), FACTORS, ACTORS)
    assert [f.kind for f in findings] == [CheckKind.NO_FACTOR]


@pytest.mark.parametrize("validator", ["", "Recycler"])
def test_a_missing_or_partisan_validator_is_flagged(validator):
    findings = pilots.check_register(_register(validator=validator), FACTORS, ACTORS)
    assert [f.kind for f in findings] == [CheckKind.NO_VALIDATOR]


def test_demo_register_flags_only_the_kelora_pilot_without_validator(demo_store):
    store, pid = demo_store
    frames = store.read_many(pid, [Table.PILOTS, Table.FACTORS, Table.ACTORS])
    findings = pilots.check_register(frames[Table.PILOTS], frames[Table.FACTORS], frames[Table.ACTORS])
    assert [(f.pilot, f.kind) for f in findings] == [("Kelora modulated EPR fees", CheckKind.NO_VALIDATOR)]


PILOT = "Chennai fair-price collection hubs"
INDICATOR = "Ocean-bound plastic collected"


def _incoming(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["pilot", "indicator", "date", "value"])


def test_good_observations_are_added_and_a_same_date_value_is_replaced(demo_store):
    store, pid = demo_store
    before = store.read(pid, Table.OBSERVATIONS)
    added, replaced = record_observations(
        store, pid, _incoming([(PILOT, INDICATOR, "2026-07-01", 197.5), (PILOT, INDICATOR, "2026-06-01", 196)])
    )
    assert (added, replaced) == (1, 1)
    after = store.read(pid, Table.OBSERVATIONS)
    assert len(after) == len(before) + 1
    june = after[(after["pilot"] == PILOT) & (after["indicator"] == INDICATOR) & (after["date"] == "2026-06-01")]
    assert june["value"].tolist() == [196]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([(PILOT, "Plastic tonnes", "2026-07-01", 1)], "row 2, column 'indicator': 'Plastic tonnes' is not one of"),
        (
            [(PILOT, INDICATOR, "2025-04-01", 1)],
            f"row 2, column 'date': 2025-04-01 is before the pilot '{PILOT}' started (2025-05-01)",
        ),
        ([(PILOT, INDICATOR, "2026-07-01", "about 200")], "row 2, column 'value': 'about 200' is not a number"),
        (
            [(PILOT, INDICATOR, "2026-07-01", 1), (PILOT, INDICATOR, "2026-07-01", 2)],
            "row 3 (the same as row 2), column 'pilot': pilot + indicator + date",
        ),
        ([("Lagos hubs", INDICATOR, "2026-07-01", 1)], "row 2, column 'pilot': 'Lagos hubs' is not a pilot"),
        ([(PILOT, "Recycled content share in casings", "2026-07-01", 1)], "is not tracked by the pilot"),
    ],
)
def test_bad_observations_are_refused_with_the_row_and_nothing_is_lost(demo_store, rows, expected):
    store, pid = demo_store
    before = store.read(pid, Table.OBSERVATIONS)
    good = (PILOT, INDICATOR, "2026-08-01", 200)
    with pytest.raises(ObservationsRefused) as refused:
        record_observations(store, pid, _incoming([good, *rows]), row_offset=1)
    assert any(expected in line for line in refused.value.lines()), refused.value.lines()
    pd.testing.assert_frame_equal(store.read(pid, Table.OBSERVATIONS), before)


def test_a_csv_without_pilot_column_is_imported_for_the_chosen_pilot(demo_store):
    store, pid = demo_store
    before = store.read(pid, Table.OBSERVATIONS)
    data = f"Indicator,As of,Actual\n{INDICATOR},2026-07-01,198\n{INDICATOR},2026-08-01,201.5\n".encode()
    imported = import_observations(store, pid, data, "chennai.csv", pilot=PILOT)
    assert (imported.added, imported.replaced, imported.dates.describe()) == (2, 0, "")  # ISO dates: nothing to say
    after = store.read(pid, Table.OBSERVATIONS)
    assert len(after) == len(before) + 2
    assert after.iloc[-1][["pilot", "indicator", "value"]].tolist() == [PILOT, INDICATOR, 201.5]


def test_a_bad_workbook_is_refused_naming_sheet_row_and_column_and_nothing_changes(demo_store):
    from core.io_excel import write_workbook

    store, pid = demo_store
    before = store.read(pid, Table.OBSERVATIONS)
    sheet = pd.DataFrame(
        {
            "Pilot": [PILOT, PILOT, PILOT, PILOT],
            "Indicator": [INDICATOR, "Plastic tonnes", INDICATOR, INDICATOR],
            "Date": ["2026-07-01", "2026-07-01", "2026-08-01", "2026-08-01"],
            "Value": ["198", "3", "n/a", "200"],
        }
    )
    data = write_workbook({"Hub reports": sheet})
    with pytest.raises(ObservationsRefused) as refused:
        import_observations(store, pid, data, "hubs.xlsx")
    lines = refused.value.lines()
    assert (
        "sheet 'Hub reports', row 3, column 'Indicator': 'Plastic tonnes' is not one of the shared indicators" in lines
    )
    assert "sheet 'Hub reports', row 4, column 'Value': 'n/a' is not a number" in lines
    assert any(line.startswith("sheet 'Hub reports', row 5") and "appears more than once" in line for line in lines)
    pd.testing.assert_frame_equal(store.read(pid, Table.OBSERVATIONS), before)


def test_a_file_that_is_not_a_spreadsheet_is_refused_in_plain_words(demo_store):
    from core.io_excel import ImportRefused

    store, pid = demo_store
    with pytest.raises(ImportRefused):
        import_observations(store, pid, b"%PDF-1.7 not a sheet", "report.xlsx")
