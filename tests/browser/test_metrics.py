"""Step 5 in a real browser: the theory-of-change sankey renders, offline and readable."""

from __future__ import annotations

from tests.browser.conftest import Page


def _overlaps(boxes: list[dict]) -> list[tuple[int, int]]:
    pairs = []
    for i, a in enumerate(boxes):
        for j, b in enumerate(boxes[:i]):
            if (
                a["x"] < b["x"] + b["width"] - 1
                and b["x"] < a["x"] + a["width"] - 1
                and a["y"] < b["y"] + b["height"] - 1
                and b["y"] < a["y"] + a["height"] - 1
            ):
                pairs.append((j, i))
    return pairs


def _check_sankey(tab: Page, min_font: float) -> None:
    page = tab.page
    page.wait_for_selector(".js-plotly-plot .sankey-node", timeout=30_000)
    plot = page.locator(".js-plotly-plot").first
    assert plot.locator(".sankey-node").count() == 25
    assert plot.locator(".sankey-link").count() == 32
    labels = plot.locator(".sankey-node .node-label")
    text = "".join(labels.all_text_contents()).replace(" ", "")  # wrapped lines lose their spaces
    assert "Coalitionfunding" in text and "Policyadoption:modulatedEPRfees" in text
    # Readable on a wall: large labels, none drawn over another.
    size = page.evaluate(
        "() => parseFloat(getComputedStyle(document.querySelector('.sankey-node .node-label')).fontSize)"
    )
    assert size >= min_font
    boxes = [box for box in (labels.nth(i).bounding_box() for i in range(labels.count())) if box]
    assert len(boxes) == 25
    assert _overlaps(boxes) == []
    assert tab.exceptions() == []
    assert tab.outside_requests == []


def test_theory_of_change_sankey_renders_with_every_item_and_link(tab: Page):
    tab.open("metrics")
    _check_sankey(tab, min_font=16)
    tab.screenshot("metrics-theory-of-change")


def test_sankey_stays_readable_when_presenting_at_1280x720(browser, app_url):
    tab = Page(browser, app_url, 1280, 720)
    try:
        tab.open("metrics")
        tab.page.get_by_text("Presentation mode").click()
        tab.settle()
        _check_sankey(tab, min_font=20)
        assert tab.page.locator('button:has-text("Save changes")').count() == 0
        tab.screenshot("metrics-theory-of-change-presenting-1280")
    finally:
        tab.close()


def test_every_tab_draws_without_exception(tab: Page):
    tab.open("metrics")
    for name in ["Indicators", "Dashboard", "Partner targets", "Funding"]:
        tab.open_tab(name)
        assert tab.exceptions() == [], name
    assert tab.page.get_by_text("Best fit: Corporate balance sheet").count() == 1
    assert tab.outside_requests == []
    tab.screenshot("metrics-funding")
