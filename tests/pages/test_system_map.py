"""The system map page under AppTest, on the demo partnership.

Longer than most test modules: step 1 has the most tabs and panels (two maps,
paths, what-if, issue map, systemic test, imports), each checked here.
"""

from __future__ import annotations

import json
import math
import os

import pandas as pd
import plotly.io as pio
import pytest

from core.io_excel import write_workbook
from core.room.activities import Activity, link_item
from core.store import Store, Table, room
from core.system_map.direction import Reading
from core.system_map.fcm import FcmRule
from core.system_map.network import Centrality
from tests.helpers import open_tab
from ui import editor
from ui.system_map.room_map import RECORDED, ROOM_MEAN

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _texts(at) -> str:
    return " ".join(str(element.value) for element in at.markdown)


def _open_tab(at, name: str):
    return open_tab(at, "system_map_tab", name)


def test_page_tells_the_demo_story(app):
    at = app("system_map")
    assert not at.exception
    text = _texts(at).replace("\\", "")
    assert "Key brokers: Aurelia Recycling" in text
    assert "bottleneck: Coastal Collectors Cooperative" in text
    assert [tab.label for tab in at.tabs] == ["Systemic test", "Actor map", "Causal loops", "What-if", "Issue map"]
    assert at.get("iframe") == []  # the first tab is open: the maps are not drawn until asked for
    frame = _open_tab(at, "Actor map").get("iframe")[0].proto.srcdoc
    assert "Aurelia Recycling" in frame
    assert "cdnjs" not in frame.split("<body>")[0].replace("bootstrap", "")  # vis inlined
    assert "Traceability coverage" in _open_tab(at, "Causal loops").get("iframe")[0].proto.srcdoc
    assert "20 feedback loops: 10 reinforcing (R), 10 balancing (B)" in _texts(at).replace("\\", "")
    heatmap = next(
        pio.from_json(chart.proto.spec)
        for chart in _open_tab(at, "Issue map").get("plotly_chart")
        if "Barriers by category" in chart.proto.spec
    )
    assert sum(map(sum, heatmap.data[0].z)) == 12


def test_a_filter_is_kept_while_another_tab_is_open(app):
    at = _open_tab(app("system_map"), "Actor map")
    at.selectbox(key="actor_centre").set_value("Coastal Collectors Cooperative").run()
    _open_tab(at, "Causal loops")
    assert at.get("iframe")[0].proto.srcdoc.count('"id": "Meridian Devices"') == 0  # the loop diagram now
    html = _open_tab(at, "Actor map").get("iframe")[0].proto.srcdoc
    assert at.selectbox(key="actor_centre").value == "Coastal Collectors Cooperative"
    assert '"id": "Meridian Devices"' not in html


def test_filters_narrow_the_actor_map(app):
    at = _open_tab(app("system_map"), "Actor map")
    at.selectbox(key="actor_centre").set_value("Coastal Collectors Cooperative").run()
    assert not at.exception
    html = at.get("iframe")[0].proto.srcdoc
    assert "Pulicat Lagoon Pickers Self-Help Group" in html
    assert '"id": "Meridian Devices"' not in html
    at.number_input(key="actor_cap").set_value(20).run()
    at.selectbox(key="actor_centre").set_value("").run()
    assert any("Showing the 20 most central of 46 actors" in w.value for w in at.warning)


def test_what_if_reacts_to_a_push(app):
    at = _open_tab(app("system_map"), "What-if")
    at.multiselect(key="whatif_up").set_value(["Traceability coverage"]).run()
    at.radio(key="whatif_rule").set_value(FcmRule.KOSKO).run()
    assert not at.exception
    chart = next(c for c in at.get("plotly_chart") if "points on a 0-100 scale" in c.proto.spec)
    bars = pio.from_json(chart.proto.spec).data[0]
    change = dict(zip(bars.y, bars.x, strict=True))
    assert change["Consumer trust in claims"] > 0
    assert change["Aggregator margins"] < 0
    (headline,) = [text for text in _texts(at).replace("\\", "").split(" ### ") if "Pushing" in text] or [""]
    assert "Pushing Traceability coverage up:" in headline and "points on a 0-100 scale" in headline, headline
    assert "pp" not in _texts(at).split()


def test_systemic_verdict_is_saved(app):
    at = app("system_map")
    at.radio(key="systemic_solvable_alone").set_value("Yes").run()
    at.button(key="save_systemic").click().run()
    assert not at.exception
    store = Store()
    pid = int(store.partnerships()["id"].iloc[0])
    saved = store.answers(pid, "systemic_test")
    assert saved["verdict"] == "simple"
    assert saved["answers"]["solvable_alone"] is True


def _workbook(actors: pd.DataFrame, relations: pd.DataFrame) -> bytes:
    return write_workbook({"Actors": actors, "Relations": relations})


def _upload(at, data: bytes):
    at.get("file_uploader")[0].set_value(("map.xlsx", data, XLSX)).run()
    return at


def test_actors_and_relations_import_from_a_workbook_with_aliased_headers(app):
    at = _open_tab(app("system_map"), "Actor map")
    actors = pd.DataFrame({"Organisation": ["Harbour Fund", "Reef Council"], "Partner type": ["DFI", "Regulator"]})
    relations = pd.DataFrame({"From": ["Harbour Fund"], "To": ["Reef Council"], "Relationship": ["funds"]})
    _upload(at, _workbook(actors, relations))
    assert not at.exception
    assert (
        "46 actors and candidate partners, 109 relations between actors" in at.button(key="import_actors_replace").label
    )
    at.button(key="import_actors_replace").click().run()
    store = Store()
    pid = int(store.partnerships()["id"].iloc[0])
    stored = store.read(pid, Table.ACTORS)
    assert stored["name"].tolist() == ["Harbour Fund", "Reef Council"]
    assert stored["type"].tolist() == ["investor", "government"]
    assert store.read(pid, Table.RELATIONS)["source"].tolist() == ["Harbour Fund"]


def test_adding_by_name_keeps_the_map_and_updates_only_the_named_actors(app):
    at = _open_tab(app("system_map"), "Actor map")
    store = Store()
    pid = int(store.partnerships()["id"].iloc[0])
    before = store.read(pid, Table.ACTORS)
    known = before["name"].iloc[0]
    actors = pd.DataFrame({"Name": [known.upper(), "Harbour Fund"], "Type": ["ngo", "investor"], "Mood": ["x", "y"]})
    relations = pd.DataFrame({"From": ["Harbour Fund"], "To": [known], "Tie": ["funds"]})
    _upload(at, _workbook(actors, relations))
    warnings = " ".join(warning.value for warning in at.warning).replace("\\", "")
    assert "Columns not recognised, left out: 'Mood' (sheet Actors), 'Tie' (sheet Relations)" in warnings
    at.button(key="import_actors_merge").click().run()
    after = store.read(pid, Table.ACTORS)
    assert len(after) == len(before) + 1
    row = after.set_index("name").loc[known]
    assert row["type"] == "ngo"  # updated, keeping the stored spelling of the name
    assert row["interest"] == before.set_index("name").at[known, "interest"]  # scores kept
    assert len(store.read(pid, Table.RELATIONS)) == 110


def test_a_bad_row_refuses_the_whole_import_and_names_the_row(app):
    at = _open_tab(app("system_map"), "Actor map")
    actors = pd.DataFrame({"name": ["Harbour Fund", "Reef Council"], "type": ["investor", "dragon"]})
    relations = pd.DataFrame({"source": ["Harbour Fund"], "target": ["Reef Council"]})
    _upload(at, _workbook(actors, relations))
    errors = " ".join(error.value for error in at.error)
    assert "Nothing imported" in errors
    assert "sheet 'Actors', row 3, column 'type'" in errors.replace("\\", "")
    assert not [b for b in at.button if b.key in ("import_actors_merge", "import_actors_replace")]
    store = Store()
    pid = int(store.partnerships()["id"].iloc[0])
    assert len(store.read(pid, Table.ACTORS)) == 46  # the demo, unchanged


def _headline_script(path: str) -> None:
    from core.across.demo import seed_demo
    from core.store import Store
    from ui.system_map.headline import headline

    store = Store(path)
    store.migrate()
    headline(store, seed_demo(store))


def test_headline_draws_the_actor_map_with_its_takeaway(tmp_path):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_headline_script, args=(str(tmp_path / "k.duckdb"),), default_timeout=60).run()
    assert not at.exception
    assert "Key brokers: Aurelia Recycling" in at.subheader[0].value.replace("\\", "")
    assert '"id": "Coastal Collectors Cooperative"' in at.get("iframe")[0].proto.srcdoc


def test_presentation_mode_draws_read_only(app):
    at = app("system_map")
    at.session_state["presenting"] = True
    for name in ("Actor map", "Causal loops", "Issue map"):
        _open_tab(at, name)
        assert not at.exception
        assert [b for b in at.button if "Save" in str(b.label)] == []
        assert at.get("file_uploader") == [] and at.get("data_editor") == []
        assert len(at.get("iframe")) == (name != "Issue map")


def _chart_titles(at) -> list[str]:
    return [pio.from_json(chart.proto.spec).layout.title.text or "" for chart in at.get("plotly_chart")]


def test_actor_map_reads_direction_names_communities_and_finds_paths(app):
    at = _open_tab(app("system_map"), "Actor map")
    assert not at.exception
    assert at.radio(key="actor_reading").value is Reading.DIRECTED  # the demo has one-way relations
    text = _texts(at).replace("\\", "")
    assert "Most depended on:" in text and "Spans the most structural holes: Aurelia Recycling" in text
    assert "Depended on (PageRank against the arrows)" in _chart_titles(at)
    assert "Aurelia Recycling group (mostly companies)" in at.multiselect(key="actor_communities").options
    at.radio(key="actor_reading").set_value(Reading.UNDIRECTED).run()
    assert "Key decision-makers:" in _texts(at).replace("\\", "")
    assert "PageRank, ties both ways (influence)" in _chart_titles(at)
    assert not [box for box in at.selectbox if box.key == "actor_path_from"]  # worked out only when opened
    at.session_state["open_actor_paths"] = True
    at.run().selectbox(key="actor_path_from").set_value("Ennore Creek Waste Pickers Group")
    at.selectbox(key="actor_path_to").set_value("Aurelia Recycling").run()
    lines = _texts(at).replace("\\", "")
    assert "1 shortest path from Ennore Creek Waste Pickers Group to Aurelia Recycling, 2 steps each" in lines
    assert "Ennore Creek Waste Pickers Group → Coastal Collectors Cooperative → Aurelia Recycling" in lines


def test_causal_paths_show_effects_up_and_downstream(app):
    at = _open_tab(app("system_map"), "Causal loops")
    at.session_state["open_factor_paths"] = True  # its panel runs only while open
    at.run().selectbox(key="factor_path_from").set_value("Waste-picker income")
    at.selectbox(key="factor_path_to").set_value("Recycled resin supply").run()
    assert not at.exception
    lines = _texts(at).replace("\\", "")
    assert "Waste-picker income → Collection volume → Recycled resin supply (+: more leads to more)" in lines
    at.selectbox(key="factor_near").set_value("Collection volume").run()
    near = next(frame.value for frame in at.dataframe if "effect" in frame.value.columns)
    assert "Waste-picker income" in set(near["factor"])


def test_what_if_offers_the_rescaled_rule_end_states_and_the_strongest_single_push(app):
    at = _open_tab(app("system_map"), "What-if")
    at.multiselect(key="whatif_up").set_value(["Traceability coverage"]).run()
    at.radio(key="whatif_rule").set_value(FcmRule.RESCALED).run()
    assert not at.exception
    assert at.radio(key="whatif_squash").disabled
    notes = " ".join(str(c.value) for c in at.caption) + " ".join(str(w.value) for w in at.warning)
    assert "One end state" in notes or "more than one stable end state" in notes
    at.selectbox(key="whatif_outcome").set_value("Collection volume").run()
    assert not at.exception
    assert "moves Collection volume most" in _texts(at).replace("\\", "")
    assert any("Change of Collection volume when one factor is pushed" in title for title in _chart_titles(at))


def test_takeaway_counts_loops_of_unknown_polarity():
    from core.store import Table
    from ui.system_map.data import takeaway

    frames = {
        Table.RELATIONS: pd.DataFrame({"source": ["a"], "target": ["b"], "weight": [1.0]}),
        Table.ACTORS: pd.DataFrame({"name": ["a", "b"]}),
        Table.CAUSAL_LINKS: pd.DataFrame({"cause": ["x", "y"], "effect": ["y", "x"], "polarity": ["+", "?"]}),
        Table.FACTORS: pd.DataFrame({"name": ["x", "y"]}),
    }
    assert takeaway(frames).endswith("0 reinforcing and 0 balancing loops and 1 of unknown polarity")


def test_the_causal_map_can_show_and_run_on_the_rooms_mean_with_its_disagreements_marked(app):
    at = app("system_map")
    store = Store(os.environ["KEYSTONE_DB"])
    pid = int(store.partnerships()["id"].iloc[0])
    links = store.read(pid, Table.CAUSAL_LINKS)
    disputed_link, agreed_link = links.iloc[0], links.iloc[1]
    session = room.start_session(store, pid, "Harbour *talk*", "K7QM2X", anonymous_allowed=False)
    room.set_question(store, session, Activity.RATE_LINKS.value, is_open=True)
    for number, (far, near) in enumerate([(0.0, 0.25), (0.5, 0.25), (1.0, 0.25)]):
        who = room.join(store, session, f"P{number}", f"token-{number}")
        for link, value in ((disputed_link, far), (agreed_link, near)):
            room.set_answer(
                store, session, who, Activity.RATE_LINKS.value, link_item(link.cause, link.effect), value=value
            )

    _open_tab(at, "Causal loops")
    recorded = at.get("iframe")[0].proto.srcdoc
    links_choice = at.radio(key="system_map_links")
    assert links_choice.value == RECORDED and "the room:" not in recorded
    assert links_choice.options == ["As recorded", "The room's mean from 'Harbour \\*talk\\*' (3 people)"]
    links_choice.set_value(ROOM_MEAN).run()
    drawn = at.get("iframe")[0].proto.srcdoc
    assert "the room: mean 0.50, spread 0.41, from 3 people" in drawn
    assert "the room: mean 0.25, spread 0.00, from 3 people" in drawn
    assert drawn.count("\\u2260") + drawn.count("≠") == 1  # only the link the room disagrees on
    assert "the room disagrees" in " ".join(caption.value for caption in at.caption)

    _open_tab(at, "What-if")  # the same choice holds there: the simulation runs on the room's map
    assert at.radio(key="system_map_links").value == ROOM_MEAN
    assert any("take the room's mean strength" in caption.value for caption in at.caption)


def _positions(at) -> dict[str, tuple[float, float]]:
    """Each drawn node's place, read from the map's HTML (``nodes = new vis.DataSet([...])``)."""
    html = at.get("iframe")[0].proto.srcdoc
    start = html.index("nodes = new vis.DataSet(") + len("nodes = new vis.DataSet(")
    nodes, _ = json.JSONDecoder().raw_decode(html[start:])
    return {node["id"]: (node["x"], node["y"]) for node in nodes}


def test_the_actor_map_keeps_its_layout_across_visits_and_filters_and_places_a_new_actor_beside_its_ties(app):
    at = _open_tab(app("system_map"), "Actor map")
    first = _positions(at)
    assert len(first) == 46
    at.multiselect(key="actor_types").set_value(["ngo"]).run()  # a filter: fewer actors, the same places
    filtered = _positions(at)
    assert 0 < len(filtered) < len(first)
    assert filtered == {name: first[name] for name in filtered}
    again = _open_tab(app("system_map"), "Actor map")  # the next visit (a new session) draws the same map
    assert _positions(again) == first

    store = Store(os.environ["KEYSTONE_DB"])
    pid = int(store.partnerships()["id"].iloc[0])
    relations = store.read(pid, Table.RELATIONS)
    newcomer = {**relations.iloc[0].to_dict(), "source": "Harbourside Makers Lab", "target": "Aurelia Recycling"}
    store.replace(pid, Table.RELATIONS, pd.concat([relations, pd.DataFrame([newcomer])], ignore_index=True))
    grown = _positions(_open_tab(app("system_map"), "Actor map"))
    assert {name: grown[name] for name in first} == first  # nobody moved
    apart = sorted(math.dist(first[a], first[b]) for a in first for b in first if a != b)
    assert math.dist(grown["Harbourside Makers Lab"], first["Aurelia Recycling"]) < apart[len(apart) // 2]


@pytest.mark.parametrize(("tab", "button"), [("Actor map", "actor_rearrange"), ("Causal loops", "loops_rearrange")])
def test_re_arranging_a_map_draws_it_afresh_and_keeps_that(app, tab, button):
    at = _open_tab(app("system_map"), tab)
    first = _positions(at)
    at.button(key=button).click().run()
    assert not at.exception
    second = _positions(at)
    assert set(second) == set(first) and second != first
    assert _positions(_open_tab(app("system_map"), tab)) == second


def test_the_causal_diagram_keeps_its_layout_across_visits_and_highlights(app):
    at = _open_tab(app("system_map"), "Causal loops")
    first = _positions(at)
    at.selectbox(key="loop_highlight").set_value(0).run()
    assert _positions(at) == first
    assert _positions(_open_tab(app("system_map"), "Causal loops")) == first


def test_on_the_wall_the_issue_map_names_the_barriers_in_plain_words_and_points_at_no_editor(app):
    at = app("system_map")
    at.session_state["presenting"] = True
    at = _open_tab(at, "Issue map")
    assert not at.exception
    texts = _texts(at).replace("\\", "")
    assert "The barriers, most severe first" in texts
    store = Store(os.environ["KEYSTONE_DB"])
    barriers = store.read(int(store.partnerships()["id"].iloc[0]), Table.BARRIERS)
    worst = barriers.sort_values("severity", ascending=False, kind="stable").iloc[0]
    assert f"- {worst['name']} ({str(worst['category']).capitalize()}, {worst['severity']}/5)" in texts
    assert len(at.get("arrow_data_editor")) == 0


def test_views_are_saved_at_a_desk_and_stepped_through_on_the_wall_setting_the_filters(app):
    at = _open_tab(app("system_map"), "Actor map")
    assert at.selectbox(key="actor_size_by").value == Centrality.BETWEENNESS
    demo = ["Who brokers", "The collectors' reach", "Rule-makers and campaigners"]
    assert at.selectbox(key="actor_view").options == demo and at.selectbox(key="actor_view").value is None
    # At a desk: narrow the map to the NGOs, caption it and save it as a view after the demo's three.
    at.multiselect(key="actor_types").set_value(["ngo"]).run()
    at.text_input(key="actor_view_name").input("NGOs").run()
    at.text_input(key="actor_view_caption").input("Only the NGOs").run()
    at.button(key="actor_view_save").click().run()
    assert not at.exception
    stored = Store(os.environ["KEYSTONE_DB"]).answers(int(at.session_state["partnership_id"]), "map_views")
    assert [view["name"] for view in stored["views"]] == [*demo, "NGOs"]
    assert stored["views"][-1]["types"] == ["ngo"] and stored["views"][-1]["caption"] == "Only the NGOs"

    # On the wall: no form to save; Next view walks the views, each setting the map's filters and caption.
    at.session_state["presenting"] = True
    at.run()
    assert all(box.key != "actor_view_name" for box in at.text_input)
    at.button(key="actor_view_next").click().run()
    at.button(key="actor_view_next").click().run()
    assert at.selectbox(key="actor_view").value == "The collectors' reach"
    assert at.selectbox(key="actor_centre").value == "Coastal Collectors Cooperative"
    assert at.multiselect(key="actor_types").value == []
    assert "The collection cooperative and everyone one tie away" in _texts(at).replace("\\", "")
    html = at.get("iframe")[0].proto.srcdoc
    assert "Pulicat Lagoon Pickers Self-Help Group" in html and '"id": "Meridian Devices"' not in html
    at.button(key="actor_view_next").click().run()
    at.button(key="actor_view_next").click().run()
    assert at.selectbox(key="actor_view").value == "NGOs"
    assert at.selectbox(key="actor_centre").value == "" and at.multiselect(key="actor_types").value == ["ngo"]
    at.button(key="actor_view_next").click().run()  # round to the first
    assert at.selectbox(key="actor_view").value == "Who brokers"
    # A filter changed by hand leaves the view: its caption goes.
    at.toggle(key="actor_barriers").set_value(False).run()
    assert at.selectbox(key="actor_view").value is None
    assert "Bigger actors connect groups" not in _texts(at)
    assert not at.exception


def _edit_first_weight(at, pid: int, weight: float) -> pd.DataFrame:
    """Type ``weight`` into the relations editor's first row, as the grid sends it; the rows as shown."""
    shown = at.data_editor(key=f"editor_relations_{pid}_0").value
    at.session_state[f"editor_relations_{pid}_0"] = {
        "edited_rows": {0: {"weight": weight}}, "added_rows": [], "deleted_rows": [],
    }  # fmt: skip
    at.run()
    return shown


def _saved_first_weight(pid: int, shown: pd.DataFrame) -> list[float]:
    saved = Store(os.environ["KEYSTONE_DB"]).read(pid, Table.RELATIONS)
    return saved[(saved["source"] == shown.loc[0, "source"]) & (saved["target"] == shown.loc[0, "target"])][
        "weight"
    ].tolist()


def test_a_big_table_opens_for_editing_only_when_asked_and_then_saves(app, monkeypatch):
    monkeypatch.setattr(editor, "ASK_ABOVE", 60)  # the demo's 109 relations count as big, its 46 actors do not
    at = _open_tab(app("system_map"), "Actor map")
    pid = int(at.session_state["partnership_id"])
    assert len(at.data_editor) == 1  # the actors' editor only
    ask = at.toggle(key=f"editor_relations_{pid}_asked")
    assert ask.label == "Edit the 109 relations between actors here" and not ask.value
    assert "109 rows take a few seconds to send" in " ".join(caption.value for caption in at.caption)

    ask.set_value(True).run()
    assert len(at.data_editor) == 2
    _open_tab(_open_tab(at, "Causal loops"), "Actor map")
    assert len(at.data_editor) == 2  # asked once, open for the session
    shown = _edit_first_weight(at, pid, 5.0)
    assert at.toggle(key=f"editor_relations_{pid}_asked").proto.disabled  # not closed over unsaved changes
    at.button(key=f"editor_relations_{pid}_save").click().run()
    assert not at.exception
    assert _saved_first_weight(pid, shown) == [5.0]


def test_an_editor_holding_changes_stays_when_its_table_grows_past_the_asking_size(app, monkeypatch):
    at = _open_tab(app("system_map"), "Actor map")
    pid = int(at.session_state["partnership_id"])
    shown = _edit_first_weight(at, pid, 4.0)
    monkeypatch.setattr(editor, "ASK_ABOVE", 60)  # as when someone's import makes the table big mid-edit
    at.run()
    assert len(at.data_editor) == 2 and at.toggle(key=f"editor_relations_{pid}_asked").proto.disabled
    at.button(key=f"editor_relations_{pid}_save").click().run()
    assert _saved_first_weight(pid, shown) == [4.0]
    assert len(at.data_editor) == 1  # saved, the big table waits to be asked for again
