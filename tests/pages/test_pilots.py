"""AppTest of the step 6 page on the demo: alerts first, tracking, observations, pathways."""

from __future__ import annotations

import datetime as dt
import os

from core.store import Store, Table
from tests.helpers import each_tab, open_tab, page_path

PAGE = "pilots"


def _tab(at, name: str):
    return open_tab(at, "pilots_tab", name)


def _store() -> Store:
    return Store(os.environ["KEYSTONE_DB"])


def _pid(at) -> int:
    return int(at.session_state["partnership_id"])


def _walk(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _walk(child)


def _order(at) -> list[str]:
    return [getattr(node, "type", "") for node in _walk(at.main)]


def test_drift_alerts_come_first_and_name_the_date_drift_began(app):
    at = app(PAGE)
    assert not at.exception
    errors = [e.value for e in at.error]
    assert len(errors) == 2
    assert all("Chennai fair" in e and "Drift began 01 Sep 2025, alarm on 01 Dec 2025" in e for e in errors)
    warnings = [w.value for w in at.warning]
    assert any("Kelora modulated EPR fees" in w and "independent validator" in w for w in warnings)
    # Right after the step header: the alerts, then the tabs.
    order = [kind for kind in _order(at) if kind not in ("main", "html", "title")]
    assert order[:5] == ["subheader", "error", "error", "warning", "tab_container"]
    assert [tab.label for tab in at.tabs] == ["Pilots", "Tracking", "Scaling pathways"]


def test_tracking_shows_the_drifting_pilot_against_its_planned_line(app):
    at = _tab(app(PAGE), "Tracking")
    assert at.selectbox(key=f"step6_pilot_{_pid(at)}").value == "Chennai fair-price collection hubs"
    charts = [c.proto.spec for c in at.get("plotly_chart")]
    tracking = [spec for spec in charts if '"Planned"' in spec and '"Observed"' in spec]
    assert len(tracking) == 2
    assert "drift began 01 Sep 2025" in tracking[0]


def test_loosening_k_clears_the_drift_alerts_and_is_remembered(app):
    at = _tab(app(PAGE), "Tracking")
    pid = _pid(at)
    at.number_input(key=f"step6_k_{pid}").set_value(0.3)
    at.button(key=f"step6_settings_save_{pid}").click().run()
    assert not at.exception
    assert len(at.error) == 0
    assert _store().answers(pid, "tracking")["k"] == 0.3


def test_a_typed_observation_with_a_bad_value_is_refused_and_a_good_one_saved(app):
    at = _tab(app(PAGE), "Tracking")
    pid = _pid(at)
    before = _store().read(pid, Table.OBSERVATIONS)
    at.date_input[0].set_value(dt.date(2026, 7, 1))
    value = next(w for w in at.text_input if w.label == "Value")
    value.set_value("about 200")
    at.button[[b.label for b in at.button].index("Add observation")].click().run()
    assert not at.exception
    assert any("row 1, column 'value': 'about 200' is not a number" in e.value.replace("\\", "") for e in at.error)
    assert len(_store().read(pid, Table.OBSERVATIONS)) == len(before)

    value = next(w for w in at.text_input if w.label == "Value")
    value.set_value("197.5")
    at.button[[b.label for b in at.button].index("Add observation")].click().run()
    assert not at.exception
    after = _store().read(pid, Table.OBSERVATIONS)
    assert len(after) == len(before) + 1
    assert after.iloc[-1]["value"] == 197.5


def test_an_observation_before_the_pilot_started_is_refused(app):
    at = _tab(app(PAGE), "Tracking")
    pid = _pid(at)
    before = _store().read(pid, Table.OBSERVATIONS)
    at.date_input[0].set_value(dt.date(2025, 1, 1))
    next(w for w in at.text_input if w.label == "Value").set_value("150")
    at.button[[b.label for b in at.button].index("Add observation")].click().run()
    assert any("is before the pilot" in e.value.replace("\\", "") for e in at.error)
    assert len(_store().read(pid, Table.OBSERVATIONS)) == len(before)


def test_scaling_recommends_and_the_weights_move_it(app):
    at = _tab(app(PAGE), "Scaling pathways")
    pid = _pid(at)
    assert "Recommended: Industry standards" in [s.value for s in at.subheader]
    prefix = f"step6_scaling_{pid}"
    at.slider(key=f"{prefix}_time_fit").set_value(0.0)
    at.slider(key=f"{prefix}_dependencies").set_value(0.0).run()
    assert not at.exception
    assert "Recommended: Public policy" in [s.value for s in at.subheader]


def test_the_chosen_pathway_is_saved_under_the_agreed_key(app):
    at = _tab(app(PAGE), "Scaling pathways")
    pid = _pid(at)
    prefix = f"step6_scaling_{pid}"
    at.selectbox(key=f"{prefix}_choice").set_value("public_policy")
    at.button(key=f"{prefix}_save").click().run()
    assert not at.exception
    saved = _store().answers(pid, "scaling")
    assert saved["chosen_pathway"] == "public_policy"
    assert saved["weights"] == {"time_fit": 1.0, "systems_change": 1.0, "dependencies": 1.0}


def test_presentation_mode_is_read_only(app):
    at = app(PAGE)
    at.session_state["presenting"] = True
    for name, shown in each_tab(at.run(), "pilots_tab"):  # only the open tab runs
        assert not shown.exception, name
        assert len(shown.get("arrow_data_editor")) == 0 and len(shown.get("data_editor")) == 0, name
        assert not [b for b in shown.button if b.label in ("Add observation", "Save choice")], name
        assert len(shown.error) == 2, name  # the drift alerts, above every tab


def test_an_uploaded_csv_with_a_bad_row_is_refused_by_row_then_a_good_one_imported(app):
    at = _tab(app(PAGE), "Tracking")
    pid = _pid(at)
    before = _store().read(pid, Table.OBSERVATIONS)
    uploader = at.get("file_uploader")[0]
    bad = (
        b"indicator,date,value\n"
        b"Ocean-bound plastic collected,2026-07-01,198\n"
        b"Ocean-bound plastic collected,2026-08-01,lots\n"
    )
    uploader.set_value(("hubs.csv", bad, "text/csv")).run()
    at.button(key=f"step6_import_{pid}").click().run()
    assert not at.exception
    message = " ".join(e.value.replace("\\", "") for e in at.error)
    assert "Nothing was saved from hubs.csv" in message
    assert "sheet 'hubs', row 3, column 'value': 'lots' is not a number" in message
    assert len(_store().read(pid, Table.OBSERVATIONS)) == len(before)

    good = b"indicator,date,value\nOcean-bound plastic collected,2026-07-01,198\n"
    at.get("file_uploader")[0].set_value(("hubs.csv", good, "text/csv")).run()
    at.button(key=f"step6_import_{pid}").click().run()
    assert not at.exception
    assert len(_store().read(pid, Table.OBSERVATIONS)) == len(before) + 1


def _headline_script():
    import os

    from core.store import Store
    from ui.pilots.headline import headline

    store = Store(os.environ["KEYSTONE_DB"])
    headline(store, int(store.partnerships()["id"].iloc[0]))


def test_headline_shows_the_drifting_pilot_and_the_chosen_pathway(demo_store, monkeypatch):
    from streamlit.testing.v1 import AppTest

    store, _ = demo_store
    monkeypatch.setenv("KEYSTONE_DB", str(store.path))
    at = AppTest.from_function(_headline_script, default_timeout=60).run()
    assert not at.exception
    assert at.markdown[0].value == "### Off course: Chennai fair\\-price collection hubs, since 01 Sep 2025"
    assert len(at.get("plotly_chart")) == 1
    assert at.caption[0].value == "Chosen scaling pathway: Industry standards"


def test_an_empty_partnership_gets_guidance_not_errors(app):
    at = app()
    second = _store().create_partnership("Seafood labour coalition")
    at.session_state["partnership_id"] = second
    at.switch_page(page_path("pilots")).run()
    assert not at.exception, at.exception
    assert any("No pilots yet" in i.value for i in at.info)
    at = _tab(at, "Scaling pathways")
    assert not at.exception, at.exception
    assert any(s.value.startswith("Recommended: ") for s in at.subheader)


def test_an_imported_file_says_in_which_order_it_read_its_dates(app):
    at = _tab(app(PAGE), "Tracking")
    pid = _pid(at)
    data = (
        b"indicator,date,value\n"
        b"Ocean-bound plastic collected,05/06/2025,131\n"  # read as 6 May, a spike on the tracking chart
        b"Ocean-bound plastic collected,13/06/2025,133\n"
    )
    at.get("file_uploader")[0].set_value(("hubs.csv", data, "text/csv")).run()
    at.button(key=f"step6_import_{pid}").click().run()
    assert not at.exception
    captions = [caption.value.replace("\\", "") for caption in at.caption]
    assert "hubs.csv: Dates read day first (13/06/2025 could only be day first)." in captions
    stored = _store().read(pid, Table.OBSERVATIONS)
    assert {"2025-06-05", "2025-06-13"} <= {f"{day:%Y-%m-%d}" for day in stored["date"]}
