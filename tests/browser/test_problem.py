"""Step 2 in a real browser: the participant-by-cause heatmap is drawn."""

from __future__ import annotations

from tests.browser.conftest import Page


def test_perspectives_heatmap_renders_with_disputed_cause_first(tab: Page):
    page = tab.page
    # Home first: on a freshly started server, a first request straight to a page
    # URL runs that page without app.py (Streamlit's old pages/ mode; see report).
    tab.open("")
    tab.open("problem")
    assert tab.heading() == "Problem & fact base"
    tab.open_tab("Perspectives")
    panel = page.locator('[role="tabpanel"]:visible')
    panel.locator(".js-plotly-plot").first.wait_for(timeout=30_000)
    heatmap = panel.locator(".js-plotly-plot .heatmaplayer image")
    heatmap.first.wait_for(state="attached", timeout=30_000)
    box = panel.locator(".js-plotly-plot").first.bounding_box()
    assert box is not None and box["width"] > 400 and box["height"] > 300
    # a row per cause, most disputed on top; cell values are drawn as text
    ticks = panel.locator(".js-plotly-plot .ytick text")
    first_tick = min(ticks.all(), key=lambda tick: tick.bounding_box()["y"]).text_content()  # the top row
    assert first_tick.startswith("Aggregator")
    cell_values = panel.locator(".js-plotly-plot .heatmaplayer text").all_text_contents()
    assert len(cell_values) == 49 and set(cell_values) <= {"1", "2", "3", "4", "5"}
    assert "Most disputed: Aggregator margins" in panel.inner_text()
    assert tab.exceptions() == []
    assert tab.outside_requests == []
    tab.screenshot("problem-perspectives-heatmap")
