"""The tracking chart as a browser draws it: planned line, observations, drift marks."""

from __future__ import annotations

from tests.browser.conftest import Page


def _open_tracking(tab: Page) -> None:
    tab.open("pilots")
    tab.open_tab("Tracking")
    tab.page.wait_for_selector(".js-plotly-plot .scatterlayer", timeout=30_000)
    tab.page.wait_for_timeout(500)


def test_tracking_chart_draws_plan_observations_and_where_drift_began(tab: Page):
    _open_tracking(tab)
    page = tab.page
    assert tab.heading() == "Pilots & scaling"
    # Alerts are listed above the tabs.
    alert_box = page.locator('[data-testid="stAlertContentError"]').first.bounding_box()
    tabs_box = page.get_by_role("tab", name="Tracking").bounding_box()
    assert alert_box["y"] < tabs_box["y"]

    chart = page.locator('[data-testid="stTabPanel"]:visible .js-plotly-plot').first
    chart.scroll_into_view_if_needed()
    legend = chart.locator(".legend").text_content()
    for name in ("Planned", "Observed", "Drift alarm"):
        assert name in legend
    assert "drift began 01 Sep 2025" in chart.locator(".annotation").all_text_contents()[0]
    assert "Ocean-bound plastic collected" in chart.locator(".gtitle").text_content()
    # 14 observations drawn as markers on the observed line.
    observed = chart.locator(".scatterlayer .trace").nth(1).locator(".point")
    assert observed.count() == 14
    # The drift period is shaded (one rectangle shape) on the chart.
    assert chart.locator(".shapelayer path").count() >= 1
    assert tab.exceptions() == []
    assert tab.outside_requests == []
    tab.screenshot("pilots-tracking")


def test_switching_pilot_redraws_an_on_track_chart_without_alarm(tab: Page):
    _open_tracking(tab)
    page = tab.page
    panel = page.locator('[data-testid="stTabPanel"]:visible')
    panel.locator('[data-testid="stSelectbox"]').first.click()
    page.get_by_role("option", name="Penang recycled casing line").click()
    tab.settle()
    page.wait_for_function(
        "() => [...document.querySelectorAll('.js-plotly-plot .gtitle')]"
        ".some(t => t.textContent.includes('Recycled content share'))",
        timeout=30_000,
    )
    chart = page.locator('[data-testid="stTabPanel"]:visible .js-plotly-plot').first
    assert "Recycled content share in casings" in chart.locator(".gtitle").text_content()
    assert "Drift alarm" not in chart.locator(".legend").text_content()
    assert tab.exceptions() == []
    tab.screenshot("pilots-tracking-on-track")
