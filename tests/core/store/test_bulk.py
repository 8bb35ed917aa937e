"""Imports a column at a time (core.store.bulk) agree with pairing rows one by one.

The reference below is the plain reading of an upsert: pair each file row with
the first stored row of its key, the first file row of a key wins, only the
columns the file has change, and with Blanks.KEEP a blank cell changes nothing.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from core.store.bulk import blanked, json_texts, upserts
from core.store.rows import Blanks, plain_columns, plain_rows, rows_of
from core.tables import Table, spec

STORED = pd.DataFrame(
    {
        "name": ["River NGO", "Plant Co", "City Council", "river  ngo"],  # the last repeats the first key
        "type": ["ngo", "company", "government", "ngo"],
        "interest": [5.0, 2.0, None, 1.0],
        "notes": ["market leader", None, "élus", "a repeat"],
        "market_leader": [True, False, None, False],
    }
)
INCOMING = pd.DataFrame(
    {
        "name": ["RIVER NGO ", "New Bank", "plant co", "City Council", "New Bank"],
        "type": ["ngo", "finance", "company", "government", "ngo"],
        "interest": [None, 3.0, 4.0, None, 1.0],
        "notes": [None, "first", None, "élus", "second"],
    }
)


def _reference(stored: list[dict], incoming: list[dict], given: list[str], blanks: Blanks):
    """(updated ids, rows after, rows added), pairing one row at a time."""
    key = spec(Table.ACTORS).key[0]
    first: dict[str, int] = {}
    for position, row in enumerate(stored):
        first.setdefault(" ".join(str(row[key]).split()).casefold(), position)
    updated, added, seen = [], [], set()
    for row in incoming:
        wanted = " ".join(str(row[key]).split()).casefold()
        if wanted in seen:
            continue
        seen.add(wanted)
        if wanted not in first:
            added.append(row)
            continue
        before = stored[first[wanted]]
        after = {**before, **{n: row[n] for n in given if not (blanks is Blanks.KEEP and row[n] is None)}}
        if after != before:
            updated.append((first[wanted], after))
    return updated, added


@pytest.mark.parametrize("blanks", [Blanks.KEEP, Blanks.CLEAR])
def test_an_upsert_by_columns_is_the_upsert_row_by_row(blanks):
    stored_rows = plain_rows(STORED, Table.ACTORS)
    ids = [10, 11, 12, 13]
    planned = upserts(ids, plain_columns(STORED, Table.ACTORS), INCOMING, Table.ACTORS, blanks)

    given = ["type", "interest", "notes"]
    updated, added = _reference(stored_rows, plain_rows(INCOMING, Table.ACTORS), given, blanks)
    assert planned.ids == [ids[position] for position, _ in updated]
    assert rows_of(planned.before) == [stored_rows[position] for position, _ in updated]
    assert rows_of(planned.after) == [after for _, after in updated]
    assert rows_of(planned.added) == added
    assert [row["notes"] for row in rows_of(planned.added)] == ["first"]  # the first "New Bank" wins


def test_blank_cells_keep_or_clear_the_stored_values():
    kept = upserts([1, 2, 3, 4], plain_columns(STORED, Table.ACTORS), INCOMING, Table.ACTORS, Blanks.KEEP)
    cleared = upserts([1, 2, 3, 4], plain_columns(STORED, Table.ACTORS), INCOMING, Table.ACTORS, Blanks.CLEAR)
    # River NGO: nothing but blanks and the same type, so kept means unchanged; "plant co" gives interest 4
    assert kept.ids == [2]
    assert rows_of(kept.after)[0]["interest"] == 4.0
    by_id = dict(zip(cleared.ids, rows_of(cleared.after), strict=True))
    assert by_id[1]["interest"] is None and by_id[1]["notes"] is None
    assert by_id[1]["market_leader"] is True  # a column the file lacks is never touched
    assert 3 not in by_id  # City Council: the same values, no change logged


def test_the_preview_names_each_stored_value_a_blank_would_clear():
    cleared = blanked(plain_columns(STORED, Table.ACTORS), INCOMING, Table.ACTORS)
    assert cleared == [("River NGO", "interest"), ("River NGO", "notes")]


def test_change_log_text_is_exactly_what_json_dumps_writes():
    rows = plain_rows(
        pd.DataFrame(
            {
                "name": ['Quote " and \\ back', "Ünïcode ✓", "plain"],
                "type": ["ngo", "company", "funder"],
                "interest": [4.5, None, 1.0],
                "influence": [1e-7, 5.0, None],
                "market_leader": [True, None, False],
                "levers": ["funding; data", None, ""],
            }
        ),
        Table.ACTORS,
    )
    columns = {name: np.asarray([row[name] for row in rows], dtype=object) for name in spec(Table.ACTORS).names}
    assert json_texts(columns, Table.ACTORS).tolist() == [json.dumps(row) for row in rows]


def test_a_long_import_tells_its_progress_from_start_to_end(store):
    pid = store.create_partnership("Progress")
    store.upsert(pid, Table.ACTORS, STORED.iloc[:3])
    told: list[tuple[float, str]] = []
    added, updated = store.upsert(
        pid, Table.ACTORS, INCOMING, blanks=Blanks.KEEP, progress=lambda fraction, words: told.append((fraction, words))
    )
    assert (added, updated) == (1, 1)
    fractions = [fraction for fraction, _ in told]
    assert fractions == sorted(fractions) and fractions[0] == 0 and fractions[-1] == 1
    assert "comparing with the 3 stored rows" in [words for _, words in told]


def test_a_save_plans_the_same_from_the_rows_it_names_as_from_the_whole_table(demo_store):
    """A save reads only the stored rows whose keys its changes name; the plan must not change."""
    from core.store.rows import Edit, RowChanges, _key, plan

    store, pid = demo_store
    for table in (Table.ACTORS, Table.RELATIONS, Table.OBSERVATIONS):
        stored = list(enumerate(plain_rows(store.read(pid, table), table), start=1000))
        first, second, third = (row for _, row in stored[:3])
        name = spec(table).key[0]
        twin = {**second, "notes": "added again"} if "notes" in second else dict(second)
        batches = [
            RowChanges(table, edited=(Edit(first, {**first, name: f"{first[name]} (renamed)"}),)),
            RowChanges(table, edited=(Edit(first, {**first, name: second[name]}),)),  # onto another's key
            RowChanges(table, deleted=(third,), added=(twin, {**third, name: "Quite new"})),
            RowChanges(table, edited=(Edit({**first, name: "Gone since"}, first),)),
        ]
        for changes in batches:
            named = [(row_id, row) for row_id, row in stored if _key(row, table) in changes.named_keys()]
            assert len(named) < len(stored)
            for check in (True, False):
                assert plan(named, changes, check=check) == plan(stored, changes, check=check), (table, changes)
