"""Validation messages name the row, the column and the value."""

from __future__ import annotations

import pandas as pd

from core.model import Lever, PartnerType, RaciRole, split_list
from core.records import coerce, validate
from core.store import Table


def _messages(frame: pd.DataFrame, table: Table) -> list[str]:
    return [problem.describe(row_offset=2, sheet="Actors") for problem in validate(frame, table)]


def test_each_kind_of_bad_cell_is_reported_where_it_is():
    frame = pd.DataFrame(
        {
            "name": ["River NGO", "river ngo", None],
            "type": ["ngo", "charity shop", "company"],
            "interest": [3, 9, "high"],
            "market_leader": ["yes", "maybe", None],
            "levers": ["policy; capital", "policy; money", None],
        }
    )
    messages = _messages(frame, Table.ACTORS)
    assert "sheet 'Actors', row 3, column 'interest': 9 is outside 1-5" in messages
    assert "sheet 'Actors', row 4, column 'interest': 'high' is not a number" in messages
    assert "sheet 'Actors', row 4, column 'name': a value is required" in messages
    assert "sheet 'Actors', row 3, column 'market_leader': 'maybe' is not yes or no" in messages
    assert any(m.startswith("sheet 'Actors', row 3, column 'levers': 'money'") for m in messages)
    assert any(m.startswith("sheet 'Actors', row 3, column 'type': 'charity shop'") for m in messages)
    assert (
        "sheet 'Actors', row 3 (the same as row 2), column 'name': name 'river ngo' appears more than once" in messages
    )
    assert len(messages) == 7


def test_a_clean_table_has_no_problems_and_coerces_to_types():
    frame = pd.DataFrame({"statement": ["Collection pays 2 USD/day"], "kind": ["qualitative"], "date": ["2026-03-01"]})
    assert validate(frame, Table.EVIDENCE) == []
    typed = coerce(frame, Table.EVIDENCE)
    assert str(typed.loc[0, "date"].date()) == "2026-03-01"
    assert typed["value"].isna().all()


def test_dates_in_the_wrong_format_are_named():
    frame = pd.DataFrame({"indicator": ["Tonnes"], "date": ["31/31/2026"], "value": [1]})
    messages = [p.describe() for p in validate(frame, Table.OBSERVATIONS)]
    assert messages == ["row 1, column 'date': '31/31/2026' is not a date (use YYYY-MM-DD)"]


def test_enums_parse_labels_and_spreadsheet_aliases():
    assert PartnerType.parse("Impact investor / DFI") is PartnerType.INVESTOR
    assert PartnerType.parse(" community-based organisation ") is PartnerType.COMMUNITY
    assert PartnerType.parse("Host government") is PartnerType.GOVERNMENT
    assert PartnerType.parse("a bakery") is None
    assert Lever.parse("Market Access") is Lever.MARKET_ACCESS
    assert RaciRole.parse("accountable") is RaciRole.ACCOUNTABLE
    assert split_list(" policy;capital ;; ") == ["policy", "capital"]
    assert split_list(pd.NA) == split_list(None) == split_list(float("nan")) == split_list(pd.NaT) == []
