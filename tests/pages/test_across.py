"""AppTest of the 'Across partnerships' pages and the scorecard on Home, on the demo.

A little over 300 lines: five pages and the scorecard, each checked against the demo's records.
"""

from __future__ import annotations

import os
from datetime import date

import pandas as pd

from core.across.action_plan import action_plan
from core.across.cases import CASES
from core.across.readiness import readiness_of
from core.across.workbook import export_workbook
from core.conventions import escape_markdown
from core.steps import STEPS
from core.store import SPECS, Store, Table
from core.store.backups import list_backups
from tests.helpers import each_tab, page_path
from ui.across.scorecard import headline

PORTFOLIO, WORKSHOP, ACTION_PLAN = "portfolio", "workshop", "action_plan"
CASES_PAGE, BACKUPS = "cases", "backups"


def _store() -> Store:
    return Store(os.environ["KEYSTONE_DB"])


def _markdown(at) -> str:
    return "\n".join(str(element.value) for element in at.markdown)


def _button(at, label):
    return next(button for button in at.button if button.label == label)


def test_home_shows_the_scorecard_with_a_fixing_link_per_line(app):
    at = app()
    assert not at.exception
    store = _store()
    pid = int(store.partnerships()["id"].iloc[0])
    lines = readiness_of(store, pid)
    text = _markdown(at).replace("\\", "")  # user text is shown escaped
    assert f"**{headline(lines)}**" in text
    for line in lines:
        assert line.title in text
    links = {(link.proto.label, link.proto.page) for link in at.get("page_link")}
    urls = {int(label.split()[-1]): page for label, page in links if label.startswith("Open step")}
    for line in lines:
        label = f"{'Review' if line.passed else 'Fix'} in step {line.step}"
        assert (label, urls[line.step]) in links
    assert "A monsoon fortnight at Kasimedu" in text  # a story beside the numbers


def test_portfolio_filters_sorts_and_opens_a_partnership_in_one_click(app):
    at = app()
    store = _store()
    store.create_partnership("Seafood labour coalition", stage="growth")
    at.switch_page(page_path(PORTFOLIO)).run()
    assert not at.exception
    assert at.title[0].value == "Portfolio"
    assert "2 partnerships; 1 with indicators behind plan" in _markdown(at).replace("\\", "")
    assert [b.label for b in at.button if b.label == "Open"] == ["Open", "Open"]
    at.multiselect[0].set_value(["growth"]).run()
    assert len([b for b in at.button if b.label == "Open"]) == 1
    _button(at, "Open").click().run()
    assert not at.exception
    assert at.title[0].value == "Seafood labour coalition"


def test_workshop_steps_through_the_six_steps_and_wraps_up(app):
    at = app(WORKSHOP)
    assert not at.exception
    for step in STEPS:
        assert at.title[0].value == step.title
        assert not at.exception, at.exception
        assert len(at.get("arrow_data_editor")) + len(at.get("data_editor")) == 0  # no editing chrome
        _button(at, "Next").click().run()
    assert at.title[0].value == "Where we stand"
    assert _button(at, "Next").disabled
    _button(at, "Previous").click().run()
    assert at.title[0].value == STEPS[-1].title


def test_workshop_quick_capture_saves_valid_records_and_explains_bad_ones(app):
    at = app(WORKSHOP)
    store = _store()
    pid = int(store.partnerships()["id"].iloc[0])
    before = len(store.read(pid, Table.ACTORS))
    at.text_input[0].set_value("Marina Fishers Guild")
    at.radio(key="capture_actor_type_0").set_value("community")
    at.text_input[1].set_value("collection")
    _button(at, "Add actor").click().run()
    assert not at.exception
    actors = store.read(pid, Table.ACTORS)
    assert len(actors) == before + 1
    assert actors.iloc[-1][["name", "type", "value_chain"]].tolist() == [
        "Marina Fishers Guild",
        "community",
        "collection",
    ]
    assert at.title[0].value == STEPS[0].title  # still in the flow
    assert at.text_input[0].value == ""  # a saved entry leaves an empty form

    at.text_input[0].set_value("Meridian Devices")
    at.radio(key="capture_actor_type_1").set_value("company")
    _button(at, "Add actor").click().run()
    assert "already recorded" in at.error[0].value
    assert len(store.read(pid, Table.ACTORS)) == before + 1

    at.segmented_control[0].set_value("Barrier").run()
    at.text_input[0].set_value("Monsoon floods close hubs")
    _button(at, "Add barrier").click().run()
    assert escape_markdown("Category: a value is required") in at.error[0].value
    assert at.text_input[0].value == "Monsoon floods close hubs"  # a refused entry keeps what was typed


def test_on_the_wall_a_captured_slip_is_undone_beside_quick_capture(app):
    at = app(WORKSHOP)
    at.session_state["presenting"] = True
    store = _store()
    pid = int(store.partnerships()["id"].iloc[0])
    before = store.read(pid, Table.ACTORS)["name"].tolist()
    at.text_input[0].set_value("Marina Fishrs Guild")  # a typo, seen on the wall
    at.radio(key="capture_actor_type_0").set_value("community")
    _button(at, "Add actor").click().run()
    assert "Marina Fishrs Guild" in store.read(pid, Table.ACTORS)["name"].tolist()
    _button(at, "Undo my last change").click().run()
    assert not at.exception
    assert store.read(pid, Table.ACTORS)["name"].tolist() == before
    assert at.title[0].value == STEPS[0].title  # still in the flow, on the wall


def test_action_plan_lists_overdue_commitments_first(app):
    at = app(ACTION_PLAN)
    assert not at.exception
    store = _store()
    pid = int(store.partnerships()["id"].iloc[0])
    plan = action_plan(store.read(pid, Table.COMMITMENTS), pd.Timestamp.today())
    overdue = plan[plan["overdue"]]
    assert f"{len(overdue)} overdue" in at.markdown[0].value
    if len(overdue):
        assert overdue["commitment"].iloc[0].replace(" ", "") in at.error[0].value.replace("\\", "").replace(" ", "")
    editors = {}
    for name, shown in each_tab(at, "action_plan_tab"):  # only the open tab runs
        assert not shown.exception, name
        editors[name] = len(shown.get("arrow_data_editor")) + len(shown.get("data_editor"))
        if name == "Owners and sponsors":
            assert shown.dataframe[0].value["owner"].iloc[0] == "Helena Voss (Sustainability)"
    assert editors == {"Commitments": 1, "Owners and sponsors": 1, "Impact stories": 1}


def test_case_library_shows_every_case_and_filters_by_step(app):
    at = app(CASES_PAGE)
    assert not at.exception
    text = _markdown(at).replace("\\", "")
    for case in CASES:
        assert case.name in text
    at.segmented_control[0].set_value("4 Governance").run()
    text = _markdown(at).replace("\\", "")
    assert "Roundtable on Sustainable Biomaterials" in text and "Higg Index" not in text


def test_backups_page_backs_up_undoes_and_imports(app):
    at = app(BACKUPS)
    assert not at.exception
    store = _store()
    pid = int(store.partnerships()["id"].iloc[0])
    _button(at, "Back up now").click().run()
    assert len(list_backups(store)) == 1

    # Undo takes back this person's own last change, and leaves someone else's alone.
    actors = store.read(pid, Table.ACTORS)
    store.as_user(at.session_state["user_name"]).replace(pid, Table.ACTORS, actors.iloc[:2])
    store.as_user("Bob").save_answers(pid, "funding", {"stage": "pilot"})
    at.run()
    _button(at, "Undo my last change").click().run()
    assert not at.exception
    pd.testing.assert_frame_equal(store.read(pid, Table.ACTORS), actors)
    assert store.answers(pid, "funding") == {"stage": "pilot"}
    next(b for b in at.button if b.label.startswith("Redo: ")).click().run()  # names what it brings back
    assert not at.exception
    assert len(store.read(pid, Table.ACTORS)) == 2
    _button(at, "Undo my last change").click().run()
    pd.testing.assert_frame_equal(store.read(pid, Table.ACTORS), actors)

    data = export_workbook(store, pid)
    at.file_uploader[0].set_value(("copy.xlsx", data, "application/octet-stream"))
    next(box for box in at.text_input if box.label.startswith("Name of the new partnership")).set_value("Imported copy")
    _button(at, "Import").click().run()
    assert not at.exception
    names = list(store.partnerships()["name"])
    assert "Imported copy" in names
    new_pid = int(store.partnerships().set_index("name").loc["Imported copy", "id"])
    pd.testing.assert_frame_equal(store.read(new_pid, Table.ACTORS), actors)


HUBS = "Open two more collection hubs in Ennore and Pulicat"


def _save_typed_due_date(app, typed: str) -> tuple[int, str]:
    """Type ``typed`` into the HUBS commitment's due date as the grid sends it and save.

    Returns the row's position and the errors shown; asserts nothing was stored.
    """
    at = app(ACTION_PLAN)
    pid = int(at.session_state["partnership_id"])
    before = _store().read(pid, Table.COMMITMENTS)
    shown = at.data_editor[0].value
    row = int(shown.index[shown["commitment"] == HUBS][0])
    assert pd.notna(shown.loc[row, "due_date"])
    at.session_state[f"editor_commitments_{pid}_0"] = {
        "edited_rows": {row: {"due_date": typed}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    _button(at, "Save changes").click().run()
    assert not at.exception
    pd.testing.assert_frame_equal(_store().read(pid, Table.COMMITMENTS), before)
    return row, " ".join(error.value.replace("\\", "") for error in at.error)


def test_a_due_date_the_browsers_date_box_mangled_is_refused_naming_its_cell(app):
    # Typed into the grid's calendar box, "2027-01-15" lands in the box's month, day and year parts and the
    # browser sends "0115-02-07" (reproduced in Chromium); it was saved as it came.
    row, errors = _save_typed_due_date(app, "0115-02-07")
    assert f"row {row + 1}, column 'due_date': 0115-02-07 is not between 1900 and 2199: check the year" in errors


def test_a_workbook_import_says_in_which_order_it_read_dates_typed_as_text(app):
    from io import BytesIO

    from openpyxl import load_workbook

    at = app(BACKUPS)
    store = _store()
    pid = int(store.partnerships()["id"].iloc[0])
    book = load_workbook(BytesIO(export_workbook(store, pid)))
    sheet = book["commitments"]
    due = next(cell.column_letter for cell in sheet[1] if cell.value == "due_date")
    sheet[f"{due}2"], sheet[f"{due}3"] = "05/01/2027", "15/01/2027"
    buffer = BytesIO()
    book.save(buffer)
    at.file_uploader[0].set_value(("edited.xlsx", buffer.getvalue(), "application/octet-stream"))
    next(box for box in at.text_input if box.label.startswith("Name of the new partnership")).set_value("Edited")
    _button(at, "Import").click().run()
    assert not at.exception
    captions = [caption.value.replace("\\", "") for caption in at.caption]
    assert (
        "Sheet 'commitments', column 'due_date': Dates read day first (15/01/2027 could only be day first)." in captions
    )
    new_pid = int(store.partnerships().set_index("name").loc["Edited", "id"])
    due_dates = store.read(new_pid, Table.COMMITMENTS)["due_date"]
    assert [f"{day:%Y-%m-%d}" for day in due_dates.iloc[:2]] == ["2027-01-05", "2027-01-15"]


def test_a_date_the_grid_could_not_read_is_refused_not_saved_as_blank(app):
    # Typed into the grid's calendar box, "2027-01-15" is sent as "70115-02-02"; Streamlit hands back a
    # blank cell, and the save used to clear the stored due date without a word.
    row, errors = _save_typed_due_date(app, "70115-02-02")
    assert f"row {row + 1}, column 'due_date': '70115-02-02' is not a date Keystone can read" in errors


def test_workshop_quick_capture_takes_every_kind_and_the_wrap_up_lists_what_was_captured(app):
    at = app(WORKSHOP)
    store = _store()
    pid = int(store.partnerships()["id"].iloc[0])
    actors = store.read(pid, Table.ACTORS)["name"].tolist()
    factors = store.read(pid, Table.FACTORS)["name"].tolist()

    at.segmented_control[0].set_value("Relation").run()
    at.selectbox[0].set_value(actors[0])
    at.selectbox[1].set_value(actors[1])
    _button(at, "Add relation").click().run()
    assert not at.exception and not at.error
    at.segmented_control[0].set_value("Commitment").run()
    at.text_input[0].set_value("Map the flood-prone hubs")
    at.text_input[1].set_value("Ana")
    at.date_input[0].set_value(date(2027, 3, 1))
    _button(at, "Add commitment").click().run()
    assert not at.error
    at.segmented_control[0].set_value("Ratings").run()
    _button(at, "Add ratings").click().run()
    assert "Fill in at least one line" in at.error[0].value  # an empty grid adds nothing and says so
    plan = store.read(pid, Table.COMMITMENTS).set_index("commitment")
    assert plan.loc["Map the flood-prone hubs", "who"] == "Ana"
    assert pd.Timestamp(plan.loc["Map the flood-prone hubs", "due_date"]).date() == date(2027, 3, 1)
    relations = store.read(pid, Table.RELATIONS)
    assert ((relations["source"] == actors[0]) & (relations["target"] == actors[1])).any()
    assert factors  # the grid offers the map's factors as causes

    while at.title[0].value != "Where we stand":
        _button(at, "Next").click().run()
    wrap_up = " ".join(str(element.value) for element in at.markdown).replace("\\", "")
    assert f"{SPECS[Table.RELATIONS].title} (1)" in wrap_up and f"{SPECS[Table.COMMITMENTS].title} (1)" in wrap_up
    assert "- Map the flood-prone hubs · " in wrap_up
    assert [button.label for button in at.get("download_button")] == [
        "Download what we captured (CSV)",
        "Steering-committee deck (.pptx)",  # the whole workshop, to leave the room with
        "Handout of the deck (.pdf)",
    ]
