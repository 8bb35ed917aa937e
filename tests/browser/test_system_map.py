"""The actor map in a real browser: drawn offline, and names shown as text."""

from __future__ import annotations

import itertools
import struct
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import expect

from core.conventions import name_key
from core.store import Store, Table, layouts
from core.system_map.layout import MapKind
from core.system_map.map_files import MapFormat, read_map
from core.system_map.network import analyse, build_network
from tests.browser.conftest import SMALLEST, Page
from ui.labels import Box
from ui.system_map.network_view import WALL_LABELLED, WALL_NAME_FONT, actor_view

EVIL = "<img src=x onerror=alert(1)>"
PLACE = 4  # the actors editor's "Place" column, counted from 0
KUMU = Path(__file__).parents[1] / "core" / "system_map" / "map_fixtures" / "kumu_export.json"


def _network_frame(page, node: str):
    """The frame whose vis-network holds ``node``."""
    for _ in range(120):
        for frame in page.frames:
            try:
                if frame.evaluate("(id) => typeof network !== 'undefined' && nodes.get(id) !== null", node):
                    return frame
            except Exception:
                pass
        page.wait_for_timeout(250)
    raise AssertionError("no vis-network drawn")


def test_actor_map_draws_offline_with_every_demo_actor(tab: Page, app_db):
    tab.open("")  # seeds the demo on a fresh server
    # Other browser tests share this server and may have imported actors: count what is stored.
    store = Store(app_db)
    demo = int(store.partnerships().query("name.str.contains('Ocean-bound')", engine="python")["id"].iloc[0])
    stored = len(store.read(demo, Table.ACTORS))
    tab.page.get_by_role("link", name="1 System map").click()
    tab.settle()
    tab.page.get_by_role("tab", name="Actor map").click()
    tab.settle()  # only the open tab runs: picking one reruns the page
    frame = _network_frame(tab.page, "Aurelia Recycling")
    frame.wait_for_function("() => Object.keys(network.body.nodes).length > 0")
    assert frame.evaluate("() => nodes.length") == stored >= 46
    assert frame.evaluate("() => nodes.get('Aurelia Recycling').size") == 50.0  # the top broker is drawn largest
    assert frame.evaluate("() => nodes.get('Coastal Collectors Cooperative').shape") == "diamond"  # the cut point
    assert frame.evaluate("() => typeof vis") == "object"  # vis-network came inline, not from a CDN
    assert tab.outside_requests == []
    assert tab.exceptions() == []
    tab.page.locator("iframe").first.scroll_into_view_if_needed()
    tab.page.wait_for_timeout(2500)
    tab.screenshot("system-map-actor-map")


def test_html_in_an_actor_name_shows_as_text(tab: Page):
    relations = pd.DataFrame({"source": [EVIL, EVIL, "Clean Tides"], "target": ["Clean Tides", "Meridian", "Meridian"]})
    actors = pd.DataFrame({"name": [EVIL, "Clean Tides", "Meridian"], "type": ["ngo", "ngo", "company"]})
    graph = build_network(relations, actors)
    view = actor_view(graph, analyse(graph))
    dialogs: list[str] = []
    tab.page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    tab.page.set_content(view.html)
    tab.page.wait_for_function("() => typeof network !== 'undefined' && nodes.length === 3")
    tab.page.wait_for_timeout(1500)
    assert tab.page.evaluate("(id) => nodes.get(id).label", EVIL) == EVIL
    # Hover the node: vis writes the tooltip as text.
    position = tab.page.evaluate(
        "(id) => { const p = network.canvasToDOM(network.getPositions([id])[id]);"
        " const r = document.getElementById('mynetwork').getBoundingClientRect();"
        " return [p.x + r.left, p.y + r.top]; }",
        EVIL,
    )
    tab.page.mouse.move(position[0], position[1])
    tab.page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5000)
    tooltip = tab.page.locator("div.vis-tooltip")
    assert EVIL in tooltip.inner_text()
    assert tab.page.locator("img").count() == 0
    assert dialogs == []
    assert tab.outside_requests == []


def test_every_tab_draws_and_the_loop_diagram_holds_every_factor(tab: Page):
    tab.open("")
    tab.page.get_by_role("link", name="1 System map").click()
    tab.settle()
    for name in ["Causal loops", "What-if", "Issue map", "Systemic test"]:
        tab.open_tab(name)
        tab.drawn()
        if name == "Causal loops":
            frame = _network_frame(tab.page, "Collection volume")
            assert frame.evaluate("() => nodes.length") == 17
            assert frame.evaluate("() => edges.length") == 30
        tab.screenshot(f"system-map-{name.lower().replace(' ', '-')}")
        assert tab.exceptions() == []
    assert tab.outside_requests == []


def test_unsaved_edits_and_filters_survive_a_tab_change(tab: Page, app_db):
    page = tab.page
    tab.open("")
    page.get_by_role("link", name="1 System map").click()
    tab.settle()
    page.get_by_role("tab", name="Actor map").click()
    tab.settle()
    page.get_by_label("Steps out").wait_for()  # the actor map's filters are drawn
    page.get_by_role("combobox", name="Neighbourhood of").click()
    page.get_by_role("option", name="Coastal Collectors Cooperative").click()
    tab.settle()
    page.get_by_role("tab", name="Causal loops").click()
    tab.settle()
    page.get_by_role("tab", name="Actor map").click()
    tab.settle()
    expect(page.get_by_role("combobox", name="Neighbourhood of")).to_have_value("Coastal Collectors Cooperative")

    editor = "editor_actors_"  # the actors editor, by its widget key
    expect(tab.grid(editor)).to_be_visible(timeout=60_000)
    actor, _ = tab.edit_cell(0, PLACE, "Harbour ward", grid=editor)
    expect(page.get_by_text("Unsaved changes").first).to_be_visible()
    page.get_by_role("tab", name="Causal loops").click()
    tab.settle()
    expect(page.get_by_text("Your unsaved changes in Actor map are kept")).to_be_visible()
    page.get_by_role("tab", name="Actor map").click()
    tab.settle()
    expect(tab.cell(0, PLACE, grid=editor)).to_have_text("Harbour ward")  # the edit is still there
    page.get_by_role("button", name="Save changes").first.click()
    tab.settle()
    expect(page.get_by_text("Unsaved changes")).to_have_count(0)
    assert tab.exceptions() == []
    store = Store(app_db)
    demo = int(store.partnerships().query("name.str.contains('Ocean-bound')", engine="python")["id"].iloc[0])
    assert store.read(demo, Table.ACTORS).set_index("name").at[actor, "place"] == "Harbour ward"


def _wall_map(tab: Page, tab_name: str, node: str):
    """Step 1 presenting (a fresh session enters by the main page), on tab ``tab_name``: the frame drawing ``node``."""
    tab.open("?present=1")
    tab.open("system_map?present=1")
    tab.page.get_by_role("tab", name=tab_name).click()
    tab.settle()
    return _network_frame(tab.page, node)


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1920, 1080)])
def test_on_the_wall_the_actor_map_names_its_most_central_actors_in_large_type(browser, app_url, width, height):
    tab = Page(browser, app_url, width=width, height=height)
    try:
        frame = _wall_map(tab, "Actor map", "Aurelia Recycling")
        frame.wait_for_function("() => Object.keys(network.body.nodes).length > 0")
        labels = frame.evaluate("() => nodes.get().map(n => [n.id, n.label, n.font.size])")
        named = [label for _, label, _ in labels if label.strip()]
        assert 8 <= len(named) <= WALL_LABELLED and all(size == WALL_NAME_FONT for *_, size in labels)
        assert next(label for name, label, _ in labels if name == "Aurelia Recycling") == "Aurelia Recycling"
        expect(tab.page.locator('[data-testid="stSidebar"]')).to_be_hidden()
        tab.page.locator("iframe").first.scroll_into_view_if_needed()
        tab.page.wait_for_timeout(1500)  # the map's fit after its frame settles
        tab.screenshot(f"system-map-actor-map-presenting-{width}")
        # As vis drew them: no name over another name or over a named actor's dot.
        drawn = frame.evaluate(
            "() => Object.values(network.body.nodes).filter(n => n.options.label && n.options.label.trim())"
            ".map(n => { const s = n.labelModule.size, r = n.options.size; return [n.id,"
            " [s.left, s.top, s.left + s.width, s.top + s.height], [n.x - r, n.y - r, n.x + r, n.y + r]]; })"
        )
        assert len(drawn) == len(named) and all(box[2] > box[0] and box[3] > box[1] for _, box, _ in drawn)
        for (a, name_a, _), (b, name_b, dot_b) in itertools.permutations(drawn, 2):
            assert not Box(*name_a).overlaps(Box(*name_b)) and not Box(*name_a).overlaps(Box(*dot_b)), (a, b)
        # The names grow and shrink with the map's zoom: fitted to the wall, they are still wall type.
        assert WALL_NAME_FONT * frame.evaluate("() => network.getScale()") >= SMALLEST
        assert tab.exceptions() == [] and tab.outside_requests == []
    finally:
        tab.close()


def test_on_the_wall_the_causal_loop_diagram_takes_the_width_in_wall_type(browser, app_url):
    """At a desk the diagram shares its row with a chart; on a 1280-pixel wall that made its names 7.5 px."""
    tab = Page(browser, app_url, width=1280, height=720)
    try:
        frame = _wall_map(tab, "Causal loops", "Collection volume")
        tab.page.locator("iframe").first.scroll_into_view_if_needed()
        tab.page.wait_for_timeout(1500)  # the diagram's fit after its frame settles
        tab.screenshot("system-map-causal-loops-presenting-1280")
        sizes = frame.evaluate("() => [...nodes.get(), ...edges.get()].map(item => item.font.size)")
        assert set(sizes) == {WALL_NAME_FONT}  # factor names and the links' signs alike
        assert WALL_NAME_FONT * frame.evaluate("() => network.getScale()") >= SMALLEST
        assert tab.exceptions() == [] and tab.outside_requests == []
    finally:
        tab.close()


def _saved_image(tab: Page, popover: int, button: str) -> bytes:
    """Open the ``popover``-th "Save image" on the page, click ``button`` and return the file it downloads."""
    page = tab.page
    page.get_by_role("button", name="Save image").nth(popover).click()
    with page.expect_download(timeout=60_000) as download_info:  # kaleido starts Chromium: a few seconds
        page.get_by_role("button", name=button).click()
    return Path(download_info.value.path()).read_bytes()


def test_the_maps_save_as_print_images_at_a_desk_and_not_on_the_wall(tab: Page, app_url):
    tab.open("")
    tab.page.get_by_role("link", name="1 System map").click()
    tab.settle()
    tab.page.get_by_role("tab", name="Actor map").click()
    tab.settle()
    png = _saved_image(tab, 0, "PNG (3,000 px)")  # the first is the map's, above its charts'
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">I", png[16:20])[0] == 3000
    tab.page.keyboard.press("Escape")
    tab.page.get_by_role("tab", name="Causal loops").click()
    tab.settle()
    svg = _saved_image(tab, 0, "SVG (vector)").decode()
    assert "Causal loop diagram: Ocean-bound plastic in electronics (demo)" in svg
    assert "Collection volume" in svg  # a factor, as text a printer keeps sharp
    assert tab.exceptions() == [] and tab.outside_requests == []

    tab.open("system_map?present=1")
    tab.page.get_by_role("tab", name="Causal loops").click()
    tab.settle()
    expect(tab.page.get_by_role("button", name="Save image")).to_have_count(0)


def test_the_actor_map_saves_as_gexf_and_a_kumu_export_imports_with_its_report(tab: Page, app_db, tmp_path):
    page = tab.page
    tab.open("")
    page.get_by_role("link", name="1 System map").click()
    tab.settle()
    page.get_by_role("tab", name="Actor map").click()
    tab.settle()
    page.get_by_role("button", name="Save map file").click()
    with page.expect_download(timeout=60_000) as download_info:
        page.get_by_role("button", name=MapFormat.GEXF.label).click()
    saved = read_map(Path(download_info.value.path()).read_bytes(), "actor_map.gexf", MapKind.ACTORS)
    store = Store(app_db)
    demo = int(store.partnerships().query("name.str.contains('Ocean-bound')", engine="python")["id"].iloc[0])
    assert set(saved.nodes["name"]) == set(store.read(demo, Table.ACTORS)["name"])
    assert len(saved.positions) >= 46  # every actor on the map, in its kept place
    page.keyboard.press("Escape")

    page.get_by_text("Import the actor map from Gephi, yEd or Kumu").click()
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').last.set_input_files(KUMU)
    expect(page.get_by_text("attribute 'Founded' is not a Keystone column")).to_be_visible(timeout=60_000)
    page.get_by_role("button", name="Add to the actor map").click()
    tab.settle()
    expect(page.get_by_text("Imported: 3 actors added").first).to_be_visible(timeout=60_000)
    actors = store.read(demo, Table.ACTORS).set_index("name")
    assert actors.loc["Tide Fund", "type"] == "investor"
    assert "Founded: 2011" in actors.loc["Tide Fund", "notes"]
    assert tab.exceptions() == [] and tab.outside_requests == []


def test_a_node_dragged_on_the_actor_map_keeps_its_new_place(tab: Page, app_db):
    page = tab.page
    name = "Kelvara Petrochemicals"
    tab.open("")  # seeds the demo on a fresh server
    store = Store(app_db)
    demo = int(store.partnerships().query("name.str.contains('Ocean-bound')", engine="python")["id"].iloc[0])
    page.get_by_role("link", name="1 System map").click()
    tab.settle()
    page.get_by_role("tab", name="Actor map").click()
    tab.settle()
    frame = _network_frame(page, name)
    frame.wait_for_function("() => Object.keys(network.body.nodes).length > 0")
    before = layouts.kept(store, demo, MapKind.ACTORS.value)[name_key(name)]
    frame.frame_element().scroll_into_view_if_needed()
    page.wait_for_timeout(1500)  # the map fits itself to its frame
    frame.evaluate("(id) => network.focus(id, {scale: 1, animation: false})", name)  # in view, under the pointer
    box = frame.frame_element().bounding_box()
    spot = frame.evaluate("(id) => network.canvasToDOM(network.getPositions([id])[id])", name)
    x, y = box["x"] + spot["x"], box["y"] + spot["y"]
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 60, y + 40, steps=8)
    page.mouse.move(x + 120, y + 80, steps=8)
    page.mouse.up()
    expect(page.get_by_text(f"Kept the new place of {name}")).to_be_visible(timeout=60_000)
    after = layouts.kept(store, demo, MapKind.ACTORS.value)[name_key(name)]
    assert after[0] > before[0] + 20 and after[1] > before[1] + 10  # right and down, as dragged (y grows downwards)
    others = {key: at for key, at in layouts.kept(store, demo, MapKind.ACTORS.value).items() if key != name_key(name)}
    tab.open("")  # a later visit draws it where it was left, and every other actor where it was
    page.get_by_role("link", name="1 System map").click()
    tab.settle()
    page.get_by_role("tab", name="Actor map").click()
    tab.settle()
    frame = _network_frame(page, name)
    drawn = frame.evaluate("(id) => [nodes.get(id).x, nodes.get(id).y]", name)
    assert drawn == pytest.approx(list(after))
    kept_now = layouts.kept(store, demo, MapKind.ACTORS.value)
    assert {key: kept_now[key] for key in others} == others
    assert tab.exceptions() == []
    layouts.move(store, demo, MapKind.ACTORS.value, {name: before})  # as it was, for the other tests on this server
