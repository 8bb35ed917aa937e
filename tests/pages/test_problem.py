"""AppTest of step 2: the page, editing and saving a statement version, imports, outcome checks."""

from __future__ import annotations

import json
import os

import pandas as pd

from core import io_excel
from core.conventions import escape_markdown
from core.store import Store, Table
from tests.helpers import each_tab, open_tab
from ui.images import ImageFormat


def _store() -> Store:
    return Store(os.environ["KEYSTONE_DB"])


def _pid(at) -> int:
    return int(at.session_state["partnership_id"])


def _by_key(widgets, key: str):
    return next(widget for widget in widgets if widget.key == key)


def _tab(at, name: str):
    return open_tab(at, "problem_tab", name)


def test_page_shows_tabs_coverage_and_the_disputed_cause_first(app):
    at = app("problem")
    assert not at.exception
    assert [tab.label for tab in at.tabs] == ["Fact base", "Perspectives", "Problem statement", "Outcomes", "Export"]
    subheaders, figures = [], []
    for _, shown in each_tab(at, "problem_tab"):  # only the open tab runs
        assert not shown.exception
        subheaders += [element.value for element in shown.subheader]
        figures += [json.loads(chart.proto.spec) for chart in shown.get("plotly_chart")]
    assert "23 evidence items: 6 internal, 11 external, 6 qualitative" in subheaders
    assert any(text.startswith(escape_markdown("Most disputed: Aggregator margins")) for text in subheaders)
    assert "4 outcomes, 0 checks to resolve" in subheaders
    heatmaps = [trace for figure in figures for trace in figure["data"] if trace["type"] == "heatmap"]
    assert len(heatmaps) == 1
    assert heatmaps[0]["y"][0] == "Aggregator margins"  # a row per cause, the most disputed on top
    assert len(heatmaps[0]["x"]) == 7  # a column per participant


def test_editing_and_saving_a_statement_keeps_every_version(app):
    at = _tab(app("problem"), "Problem statement")
    pid = _pid(at)
    draft = _by_key(at.text_area, f"statement_draft_{pid}")
    assert draft.value.startswith("Informal waste pickers around Chennai and Selun Bay earn too little")
    edited = draft.value.replace("earn too little", "earn far too little")
    draft.input(edited).run()
    _by_key(at.button, "sb_save").click().run()
    assert not at.exception
    statements = _store().read(pid, Table.STATEMENTS).sort_values("version")
    assert statements["version"].tolist() == [1, 2, 3]
    assert statements["text"].iloc[-1] == edited
    assert json.loads(statements["parts"].iloc[-1])["root_causes"][0] == "Aggregator margins"
    # the page now shows version 3 and compares it with version 2 by default
    assert any("version 3" in element.value for element in at.markdown)
    assert any(":green[**far**]" in element.value for element in at.markdown)


def test_an_empty_statement_is_refused_and_nothing_changes(app):
    at = _tab(app("problem"), "Problem statement")
    pid = _pid(at)
    _by_key(at.text_area, f"statement_draft_{pid}").input("   ").run()
    _by_key(at.button, "sb_save").click().run()
    assert any("the statement is empty" in element.value for element in at.error)
    assert len(_store().read(pid, Table.STATEMENTS)) == 2


def test_compose_fills_the_draft_from_the_builder_answers(app):
    at = _tab(app("problem"), "Problem statement")
    pid = _pid(at)
    _by_key(at.text_input, "sb_affected").input("Fisherwomen in Kasimedu").run()
    _by_key(at.button, "sb_compose").click().run()
    text = _by_key(at.text_area, f"statement_draft_{pid}").value
    assert text.startswith("Fisherwomen in Kasimedu earn too little from ocean-bound plastic")
    assert "The root causes we will work on are Aggregator margins, Virgin resin price and" in text


def test_outcome_checks_show_for_stored_outcomes(app):
    at = _tab(app("problem"), "Outcomes")
    pid = _pid(at)
    store = _store()
    outcomes = store.read(pid, Table.OUTCOMES)
    extra = pd.DataFrame({"metric": ["Supplier workshops held"], "unit": ["workshops"], "target": [12.0]})
    store.replace(pid, Table.OUTCOMES, pd.concat([outcomes, extra], ignore_index=True))
    at.run()
    warnings = [element.value for element in at.warning]
    assert any("'Supplier workshops held' counts activities" in text for text in warnings)
    assert any("has no baseline" in text for text in warnings)
    assert any("has no date" in text for text in warnings)
    assert any("has no owner" in text for text in warnings)
    assert "5 outcomes, 4 checks to resolve" in [element.value for element in at.subheader]


def _xlsx(rows: list[list[object]]) -> bytes:
    frame = pd.DataFrame(rows[1:], columns=rows[0])
    return io_excel.write_workbook({"Ratings": frame})


def test_wide_ratings_sheet_with_bad_cells_is_refused_whole(app):
    at = _tab(app("problem"), "Perspectives")
    pid = _pid(at)
    before = _store().read(pid, Table.RATINGS)
    data = _xlsx([["Root cause", "Wei Z.", "Asha R."], ["Aggregator margins", 4, 9], ["Moon phase", 3, 2]])
    _by_key(at.file_uploader, "rt_upload").set_value(("room.xlsx", data, "application/octet-stream")).run()
    errors = "\n".join(element.value for element in at.error)
    assert "Nothing was imported" in errors
    assert "sheet 'Ratings', row 2, column 'Asha R.': 9 is outside 1-5" in errors
    assert "sheet 'Ratings', row 3, column 'Root cause': 'Moon phase' is not a cause" in errors
    assert _store().read(pid, Table.RATINGS).equals(before)


def test_wide_ratings_sheet_is_imported(app):
    at = _tab(app("problem"), "Perspectives")
    pid = _pid(at)
    data = _xlsx([["Root cause", "Wei Z. (Harbourline Logistics)"], ["Aggregator margins", 2], ["EPR enforcement", 5]])
    _by_key(at.file_uploader, "rt_upload").set_value(("room.xlsx", data, "application/octet-stream")).run()
    assert not at.error
    _by_key(at.button, "rt_import").click().run()
    ratings = _store().read(pid, Table.RATINGS)
    assert len(ratings) == 51
    wei = ratings[ratings["participant"] == "Wei Z. (Harbourline Logistics)"].set_index("cause")["rating"]
    assert wei.to_dict() == {"Aggregator margins": 2, "EPR enforcement": 5}


def test_evidence_csv_with_a_bad_date_is_refused_with_row_and_column(app):
    at = app("problem")
    pid = _pid(at)
    csv = (
        b"statement,kind,date,factors\n"
        b"Hub scales read 3% low,internal,2026-02-01,Collection volume\n"
        b"Pickers skip the hub on rainy days,qualitative,31/31/2026,Collection volume\n"
    )
    _by_key(at.file_uploader, "ev_upload").set_value(("new.csv", csv, "text/csv")).run()
    errors = "\n".join(element.value for element in at.error)
    assert "Nothing was imported" in errors
    assert "sheet 'new', row 3, column 'date': '31/31/2026' is not a date" in errors
    assert len(_store().read(pid, Table.EVIDENCE)) == 23


def test_export_tab_offers_both_files_and_previews_the_brief(app):
    at = _tab(app("problem"), "Export")
    labels = {button.proto.label for button in at.get("download_button")} - {f.label for f in ImageFormat}
    assert labels == {"Download fact base, statement and outcomes (.xlsx)", "Download the one-page brief (.md)"}
    preview = next(element.value for element in at.markdown if element.value.startswith("# Problem brief"))
    assert "Version 2, saved 2026-03-17." in preview
    assert "| Aggregator margins | 2.8 | 1.67 | 1–5 | disputed |" in preview


def test_presentation_mode_is_read_only_but_keeps_the_heatmap(app):
    at = app("problem")
    at.session_state["presenting"] = True
    figures = []
    for _, shown in each_tab(at.run(), "problem_tab"):
        assert not shown.exception
        assert len(shown.text_area) == 0 and len(shown.get("file_uploader")) == 0
        assert len(shown.get("arrow_data_editor")) == 0 and len(shown.get("data_editor")) == 0
        figures += [json.loads(chart.proto.spec) for chart in shown.get("plotly_chart")]
    assert any(trace["type"] == "heatmap" for figure in figures for trace in figure["data"])


def _headline_script() -> None:
    import os

    from core.store import Store
    from ui.problem.headline import headline

    headline(Store(os.environ["KEYSTONE_DB"]), int(os.environ["KEYSTONE_TEST_PID"]))


def test_headline_draws_the_heatmap_and_names_the_disputed_cause(demo_store, monkeypatch):
    from streamlit.testing.v1 import AppTest

    store, pid = demo_store
    monkeypatch.setenv("KEYSTONE_DB", str(store.path))
    monkeypatch.setenv("KEYSTONE_TEST_PID", str(pid))
    at = AppTest.from_function(_headline_script, default_timeout=60).run()
    assert not at.exception
    assert at.subheader[0].value.startswith(escape_markdown("Most disputed: Aggregator margins (ratings from 1 to 5"))
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert figure["data"][0]["type"] == "heatmap"
    assert figure["layout"]["font"]["size"] >= 20  # sized for the wall


def test_a_draft_typed_and_not_saved_outlives_a_look_at_another_tab(app):
    at = _tab(app("problem"), "Problem statement")
    pid = _pid(at)
    _by_key(at.text_input, "sb_affected").input("Fisherwomen in Kasimedu").run()
    _by_key(at.text_area, f"statement_draft_{pid}").input("A draft nobody saved yet").run()
    at = _tab(_tab(at, "Perspectives"), "Problem statement")  # only the open tab runs: its fields are not drawn
    assert not at.exception
    assert _by_key(at.text_area, f"statement_draft_{pid}").value == "A draft nobody saved yet"
    assert _by_key(at.text_input, "sb_affected").value == "Fisherwomen in Kasimedu"
    assert len(_store().read(pid, Table.STATEMENTS)) == 2  # kept in the session, not saved


def test_ratings_typed_for_a_participant_outlive_another_tab_and_save(app):
    at = _tab(app("problem"), "Perspectives")
    pid = _pid(at)
    name = at.selectbox(key="rate_participant").value
    sheet = f"rate_sheet_{pid}_{name}_0"
    cause = at.data_editor(key=sheet).value.loc[0, "cause"]
    before = _store().read(pid, Table.RATINGS)
    old = before[(before["participant"] == name) & (before["cause"] == cause)]["rating"].tolist()
    typed = 1 if old != [1] else 5
    at.session_state[sheet] = {"edited_rows": {0: {"rating": typed}}, "added_rows": [], "deleted_rows": []}
    at = _tab(_tab(at.run(), "Outcomes"), "Perspectives")  # the tab runs unseen while it holds typed ratings
    assert not at.exception
    _by_key(at.button, "rate_save").click().run()
    assert not at.exception
    after = _store().read(pid, Table.RATINGS)
    assert after[(after["participant"] == name) & (after["cause"] == cause)]["rating"].tolist() == [typed]
    assert len(after) == len(before)
