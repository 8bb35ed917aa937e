"""RACI grid conversion and checks, on hand-made matrices and the demo."""

from __future__ import annotations

import pandas as pd

from core.across.demo import load_demo
from core.governance.raci import ACTIVITY, IssueKind, accountable_load, check, from_grid, grid_problems, to_grid
from core.store import Table


def _raci(*rows: tuple[str, str, str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["activity", "partner", "role"])


def _kinds(issues) -> list[tuple[str, str | None]]:
    return [(issue.kind.value, issue.activity or issue.partner) for issue in issues]


def test_two_accountables_no_responsible_and_no_accountable_are_named():
    raci = _raci(
        ("Pilot", "Alpha Co", "A"),
        ("Pilot", "Beta Trust", "A"),
        ("Pilot", "Gamma Lab", "C"),
        ("Report", "Alpha Co", "R"),
        ("Report", "Beta Trust", "I"),
    )
    issues = check(raci)
    assert _kinds(issues) == [
        ("many_accountable", "Pilot"),
        ("no_responsible", "Pilot"),
        ("no_accountable", "Report"),
    ]
    assert "Alpha Co, Beta Trust" in issues[0].message


def test_partners_without_roles_and_roles_held_by_outsiders():
    raci = _raci(("Pilot", "Alpha Co", "A"), ("Pilot", "Gone Ltd", "R"))
    issues = check(raci, partners=["Alpha Co", "Delta Union"])
    assert _kinds(issues) == [("no_role", "Delta Union"), ("not_a_partner", "Gone Ltd")]
    assert "R in 'Pilot'" in issues[1].message


def test_overload_is_more_than_a_third_of_activities_and_at_least_two():
    six = [f"Activity {n}" for n in range(6)]
    responsible = [(a, "Gamma Lab", "R") for a in six]
    three = [(a, "Alpha Co" if n < 3 else "Beta Trust", "A") for n, a in enumerate(six)]
    issues = check(_raci(*three, *responsible))
    assert _kinds(issues) == [("overloaded", "Alpha Co"), ("overloaded", "Beta Trust")]
    two = [(a, ["Alpha Co", "Beta Trust", "Delta Union"][n % 3], "A") for n, a in enumerate(six)]
    assert check(_raci(*two, *responsible)) == []  # 2 each: not more than max(2, 6/3)


def test_role_words_and_letters_are_the_same_role():
    raci = _raci(("Pilot", "Alpha Co", "accountable"), ("Pilot", "Beta Trust", " r "))
    assert check(raci) == []
    assert accountable_load(raci).to_dict() == {"Alpha Co": 1}


def test_the_demo_matrix_is_sound_but_leans_on_the_lead_company():
    _, frames = load_demo()
    raci = frames[Table.RACI]
    assert len(raci) == 85 and raci["activity"].nunique() == 13
    partners = list(dict.fromkeys(raci["partner"]))
    issues = check(raci, partners)
    # Every activity has one A and an R; Meridian holds 6 of the 13 A's (limit 13/3).
    assert [(i.kind, i.partner) for i in issues] == [(IssueKind.OVERLOADED, "Meridian Devices")]
    assert "6 of 13" in issues[0].message
    assert accountable_load(raci).iloc[:2].to_dict() == {
        "Meridian Devices": 6,
        "Northbridge University Centre for Circular Materials": 3,
    }


def test_grid_round_trip_keeps_every_role():
    _, frames = load_demo()
    raci = frames[Table.RACI]
    partners = ["Selun Bay Waste Pickers Association", "Meridian Devices"]
    grid = to_grid(raci, partners)
    assert grid.shape == (13, 1 + 12)
    assert list(grid.columns[:3]) == [ACTIVITY, *partners]
    assert grid.loc[grid[ACTIVITY] == "Funding round", "Meridian Devices"].item() == "A"
    assert pd.isna(grid.loc[grid[ACTIVITY] == "Funding round", "Selun Bay Waste Pickers Association"].item())
    back = from_grid(grid)
    key = ["activity", "partner", "role"]
    assert sorted(map(tuple, back[key].to_numpy())) == sorted(map(tuple, raci[key].to_numpy()))
    assert list(dict.fromkeys(back["activity"])) == list(dict.fromkeys(raci["activity"]))


def test_grid_with_an_extra_partner_and_an_empty_matrix():
    grid = to_grid(_raci(), ["Alpha Co"])
    assert list(grid.columns) == [ACTIVITY, "Alpha Co"] and grid.empty
    assert from_grid(grid).empty


def test_grid_problems_are_reported_by_row():
    grid = pd.DataFrame(
        {ACTIVITY: ["Pilot", None, "pilot ", "Report"], "Alpha Co": ["A", "R", "A", "X"], "Beta Trust": [None] * 4}
    )
    assert grid_problems(grid) == [
        "row 2: roles are set but the activity has no name",
        "row 3: the activity 'pilot' appears more than once",
        "row 4, partner 'Alpha Co': 'X' is not one of R, A, C, I",
    ]
