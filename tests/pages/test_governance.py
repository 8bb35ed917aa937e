"""AppTest of the governance page on the demo and on an empty partnership."""

from __future__ import annotations

import os

from core.store import Store, Table
from tests.helpers import each_tab, open_tab
from ui.images import ImageFormat


def _store() -> Store:
    return Store(os.environ["KEYSTONE_DB"])


def _pid(at) -> int:
    return int(at.session_state["partnership_id"])


def _editors(at) -> int:
    return sum(1 for frame in at.dataframe if frame.proto.editing_mode != 0)


def _warnings(at) -> str:
    return "\n".join(str(w.value).replace("\\", "") for w in at.warning)


def _tab(at, name: str):
    return open_tab(at, "governance_tab", name)


def test_demo_page_shows_the_recommendation_checks_and_downloads(app):
    at = app("governance")
    assert not at.exception, at.exception
    assert at.title[0].value == "Governance"
    assert at.subheader[0].value == "Recommended: Neutral backbone"
    assert any("2.5x" in info.value for info in at.info)
    warnings, labels, editors, charts = "", [], 0, 0
    for _, shown in each_tab(at, "governance_tab"):  # only the open tab runs
        assert not shown.exception, shown.exception
        warnings += _warnings(shown)
        labels += [d.label for d in shown.get("download_button")]
        editors += _editors(shown)
        charts += len(shown.get("plotly_chart"))
    assert "Meridian Devices is Accountable for 6 of 13 activities" in warnings
    assert "4x more likely" in warnings
    assert [label for label in labels if label not in {f.label for f in ImageFormat}] == [
        "Download charter (.docx)",
        "Download charter (Markdown)",
        "Download the governance tables (Excel)",
    ]
    assert editors == 4  # RACI grid, decision rights, chambers, value propositions
    assert charts == 2
    assert [labels.count(f.label) for f in ImageFormat] == [2, 2, 2]  # each chart saves as PNG, SVG and PDF


def test_answering_and_saving_stores_the_agreed_keys(app):
    at = app("governance")
    pid = _pid(at)
    at.radio(key=f"gov_purpose_{pid}").set_value(at.radio(key=f"gov_purpose_{pid}").options[1])
    at.radio(key=f"gov_secretariat_funded_{pid}").set_value(False)
    at.number_input(key=f"gov_horizon_years_{pid}").set_value(2)
    at.run()
    assert at.subheader[0].value == "Recommended: NGO-led"
    assert not any("2.5x" in info.value for info in at.info)  # short, community work: no secretariat advice
    at.selectbox(key=f"gov_choice_{pid}").select_index(1)
    at.button(key="gov_save_answers").click().run()
    assert not at.exception
    stored = _store().answers(pid, "governance")
    assert stored["chosen_model"] == "ngo_led" and stored["recommended_model"] == "ngo_led"
    assert stored["horizon_years"] == 2 and stored["secretariat_funded"] is False
    assert stored["purpose"] == "community" and stored["review_cadence"] == "quarterly"


def test_answers_not_yet_saved_outlive_a_look_at_another_tab(app):
    at = app("governance")
    pid = _pid(at)
    at.radio(key=f"gov_purpose_{pid}").set_value(at.radio(key=f"gov_purpose_{pid}").options[1])
    at.radio(key=f"gov_secretariat_funded_{pid}").set_value(False)
    at.number_input(key=f"gov_horizon_years_{pid}").set_value(2).run()
    assert at.subheader[0].value == "Recommended: NGO-led"
    at = _tab(_tab(at, "Charter"), "Model")  # only the open tab runs: the questions are not drawn meanwhile
    assert not at.exception
    assert at.subheader[0].value == "Recommended: NGO-led"
    assert at.number_input(key=f"gov_horizon_years_{pid}").value == 2
    assert _store().answers(pid, "governance").get("horizon_years") != 2  # kept in the session, not saved


def test_two_accountables_and_a_decision_without_decider_are_warned(app):
    at = app("governance")
    store, pid = _store(), _pid(at)
    raci = store.read(pid, Table.RACI)
    raci.loc[(raci["activity"] == "Data sharing protocol") & (raci["partner"] == "Meridian Devices"), "role"] = "A"
    decisions = store.read(pid, Table.DECISIONS)
    decisions.loc[0, "decider"] = None
    store.replace_many(pid, {Table.RACI: raci, Table.DECISIONS: decisions})
    warnings = _warnings(_tab(at, "Roles (RACI)")) + _warnings(_tab(at, "Decision rights"))
    assert not at.exception
    assert (
        "'Data sharing protocol' has 2 Accountable partners (Meridian Devices, "
        "Northbridge University Centre for Circular Materials): keep exactly one." in warnings
    )
    assert "Nobody decides 'Admit a new partner': name the decider." in warnings


def test_removing_a_partner_on_the_page_updates_every_table(app):
    at = _tab(app("governance"), "Roles (RACI)")
    store, pid = _store(), _pid(at)
    at.selectbox(key=f"gov_remove_{pid}").set_value("Tidewater Impact Capital").run()
    assert "Removed 6 RACI roles." in _warnings(at)
    at.button(key="gov_remove_confirm").click().run()
    assert not at.exception
    frames = store.read_many(pid, [Table.RACI, Table.CHAMBERS, Table.VALUE_PROPS, Table.ACTORS])
    assert "Tidewater Impact Capital" not in set(frames[Table.RACI]["partner"])
    assert "Tidewater Impact Capital" not in set(frames[Table.VALUE_PROPS]["partner"])
    finance = frames[Table.CHAMBERS].set_index("chamber").loc["Finance", "members"]
    assert finance == "Asia Circular Infrastructure Fund"
    actors = frames[Table.ACTORS].set_index("name")
    assert not actors.loc["Tidewater Impact Capital", "shortlisted"]
    assert "Tidewater Impact Capital" not in _warnings(at)  # nothing points at it any more


def test_presentation_mode_is_read_only(app):
    at = app("governance")
    at.session_state["presenting"] = True
    assert at.run().subheader[0].value == "Recommended: Neutral backbone"
    for name, shown in each_tab(at, "governance_tab"):  # only the open tab runs
        assert not shown.exception, name
        assert _editors(shown) == 0, name
        assert not [b for b in shown.button if b.label.startswith("Save")], name


def test_an_empty_partnership_starts_from_irma_chambers(app):
    at = app("governance")
    pid = _store().create_partnership("Seafood labour coalition")
    at.session_state["partnership_id"] = pid
    at.run()
    assert not at.exception
    assert any("Choose what the partnership is mainly for" in info.value for info in at.info)
    _tab(at, "Chambers & breadth").button(key="gov_irma").click().run()
    assert not at.exception
    chambers = _store().read(pid, Table.CHAMBERS)
    assert chambers["chamber"].tolist()[:2] == ["Mining companies", "Purchasers"]
    assert chambers["votes"].tolist() == [2] * 6


def test_headline_draws_the_ranking_with_the_choice(demo_store, monkeypatch):
    from streamlit.testing.v1 import AppTest

    store, pid = demo_store
    monkeypatch.setenv("KEYSTONE_DB", str(store.path))

    def script(partnership_id: int) -> None:
        from core.store import Store
        from ui.governance.headline import headline

        headline(Store(), partnership_id)

    at = AppTest.from_function(script, args=(pid,), default_timeout=60).run()
    assert not at.exception
    assert at.subheader[0].value == "Governance: Neutral backbone (as recommended)"
    figure = at.get("plotly_chart")[0].proto.spec
    assert '"Neutral backbone (+6.6)"' in figure and "Need for neutrality" in figure  # each model named with its total
    empty = store.create_partnership("Blank")
    at = AppTest.from_function(script, args=(empty,), default_timeout=60).run()
    assert "not been answered" in at.info[0].value


def test_a_tie_reads_as_a_tie_on_the_page_and_in_the_headline(app):
    at = app("governance")
    store, pid = _store(), _pid(at)
    store.save_answers(pid, "governance", {"purpose": "standards_rd", "horizon_years": 10, "secretariat_funded": True})
    at.session_state["presenting"] = True  # the stored answers, as the room sees them
    at.run()
    assert not at.exception
    assert at.subheader[0].value == "Corporate-led and Neutral backbone tie at 2.5"
    assert "decided the top place" not in " ".join(str(m.value) for m in at.markdown)


def test_on_a_tie_no_model_is_chosen_for_the_partners(app):
    at = app("governance")
    store, pid = _store(), _pid(at)
    store.save_answers(pid, "governance", {"purpose": "standards_rd", "horizon_years": 10, "secretariat_funded": True})
    at = app("governance")  # the questions start from the saved answers
    assert not at.exception
    assert at.subheader[0].value == "Corporate-led and Neutral backbone tie at 2.5"
    assert at.selectbox(key=f"gov_choice_{pid}").value is None
    at.button(key="gov_save_answers").click().run()
    assert not at.exception
    stored = _store().answers(pid, "governance")
    assert "chosen_model" not in stored and stored["purpose"] == "standards_rd"
    store.save_answers(pid, "governance", {**stored, "chosen_model": "neutral_backbone"})
    at = app("governance")  # a choice already saved is shown, tie or not
    assert at.selectbox(key=f"gov_choice_{pid}").value.value == "neutral_backbone"


def test_answers_holding_nan_or_infinity_do_not_break_the_page(app):
    at = app("governance")
    store, pid = _store(), _pid(at)
    nan, inf = float("nan"), float("inf")
    store.save_answers(pid, "governance", {"purpose": "community", "horizon_years": inf, "neutrality": nan})
    for name, shown in each_tab(at.run(), "governance_tab"):  # the charter reads the horizon too
        assert not shown.exception, name  # the questions start from the stored answers: they read as not answered
    at.session_state["presenting"] = True
    at = _tab(at, "Model")
    assert not at.exception
    assert at.subheader[0].value == "Recommended: NGO-led"
    for name, shown in each_tab(at, "governance_tab"):
        assert not shown.exception, name


def test_the_workshop_headline_reads_a_tie_as_a_tie(demo_store, monkeypatch):
    from streamlit.testing.v1 import AppTest

    store, pid = demo_store
    monkeypatch.setenv("KEYSTONE_DB", str(store.path))
    store.save_answers(pid, "governance", {"purpose": "standards_rd", "horizon_years": 10, "secretariat_funded": True})

    def script(partnership_id: int) -> None:
        from core.store import Store
        from ui.governance.headline import headline

        headline(Store(), partnership_id)

    at = AppTest.from_function(script, args=(pid,), default_timeout=60).run()
    assert not at.exception
    assert at.subheader[0].value == "Governance: not chosen yet (Corporate-led and Neutral backbone tie at 2.5)"
    assert "decided" not in at.markdown[0].value
