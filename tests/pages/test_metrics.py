"""AppTest of step 5: every tab leads with its answer, and the funding answers save."""

from __future__ import annotations

import json
import os
import re
from collections import defaultdict

import pandas as pd

from core.store import Store, Table
from tests.helpers import each_tab, open_tab, page_path


def _plain(elements) -> list[str]:
    """Element texts without the backslashes that escape user text for markdown."""
    return [str(element.value).replace("\\", "") for element in elements]


def _subheaders(at) -> list[str]:
    return [element.value for element in at.subheader]


def _every_tab(at) -> dict[str, list]:
    """What each tab shows, tab after tab (only the open one runs), and that none of them raised."""
    seen = defaultdict(list)
    for _, shown in each_tab(at, "metrics_tab"):
        assert not shown.exception, shown.exception
        seen["heads"] += _subheaders(shown)
        seen["warnings"] += _plain(shown.warning)
        seen["infos"] += _plain(shown.info)
        seen["notes as written"] += [note.value for note in [*shown.warning, *shown.info]]
        seen["markdown"] += _plain(shown.markdown)
        seen["charts"] += [chart.proto.spec for chart in shown.get("plotly_chart")]
        seen["editors"] += shown.get("arrow_data_editor") + shown.get("data_editor")
        seen["choices"] += list(shown.segmented_control)
    return seen


def test_page_shows_each_tabs_answer_on_the_demo(app):
    at = app("metrics")
    assert not at.exception, at.exception
    assert [tab.label for tab in at.tabs] == [
        "Theory of change",
        "Indicators",
        "Dashboard",
        "Partner targets",
        "Funding",
    ]
    seen = _every_tab(at)
    heads = seen["heads"]
    assert heads[0] == "Theory of change complete: 25 items, 32 links"
    assert heads[1] == "13 shared indicators: 4 output, 5 outcome, 4 system shift"
    assert any(head.startswith("7 of 14 partner targets disagree with the shared target") for head in heads)
    assert "Best fit: Corporate balance sheet (+5 points, from 7 of 7 answers)" in heads
    assert "Who pays: 6 funders, 4,000,000 in total" in heads
    # The sankey is a real plotly figure of the demo chain.
    sankey = json.loads(seen["charts"][0])["data"][0]
    assert sankey["type"] == "sankey" and len(sankey["node"]["label"]) == 25 and len(sankey["link"]["source"]) == 32
    # Meridian pays 45%: a note, not a warning.
    assert any("Meridian Devices pays 45% of the budget, a third or more" in text for text in seen["infos"])
    assert any("tonnes/year instead of tonnes/month" in warning for warning in seen["warnings"])


def test_gaps_are_listed_after_a_link_is_removed(app):
    at = app("metrics")
    store = Store(os.environ["KEYSTONE_DB"])
    pid = int(at.session_state["partnership_id"])
    links = store.read(pid, Table.TOC_LINKS)
    store.replace(pid, Table.TOC_LINKS, links[links["source"] != "Waste pickers enrolled in health cover"])
    at.run()
    assert _subheaders(at)[0] == "Theory of change: 1 gap to close before it holds."
    gap = "The activity 'Provide health and safety support' does not lead to any outcome."
    assert any(gap in text for text in _plain(at.warning))


def test_funding_answers_change_the_ranking_and_save(app):
    at = open_tab(app("metrics"), "metrics_tab", "Funding")
    pid = int(at.session_state["partnership_id"])
    at.segmented_control(key=f"step5_funding_stage_{pid}").set_value("scale").run()
    at.segmented_control(key=f"step5_funding_job_{pid}").set_value("scale a proven model").run()
    at.segmented_control(key=f"step5_funding_regulatory_alignment_{pid}").set_value("high").run()
    at.segmented_control(key=f"step5_funding_capital_needed_{pid}").set_value("large").run()
    assert not at.exception, at.exception
    assert any(head.startswith("Best fit: Blended / market-based") for head in _subheaders(at))
    at.selectbox(key=f"step5_chosen_model_{pid}").select_index(3).run()  # blended
    at.button(key="step5_save_funding").click().run()
    assert not at.exception, at.exception
    saved = Store(os.environ["KEYSTONE_DB"]).answers(pid, "funding")
    assert saved["stage"] == "scale" and saved["chosen_model"] == "blended"
    assert saved["recommended"] == ["blended"] and saved["regulatory_alignment"] == "high"


def test_a_dominant_funder_and_output_heavy_indicators_are_warned(app):
    at = app("metrics")
    store = Store(os.environ["KEYSTONE_DB"])
    pid = int(at.session_state["partnership_id"])
    shares = pd.DataFrame({"partner": ["Meridian Devices", "Clean Tides Alliance"], "amount": [3_000_000, 1_000_000]})
    indicators = store.read(pid, Table.INDICATORS)
    indicators.loc[indicators.index[:9], "level"] = "output"
    indicators.loc[0, "cadence"] = "when the budget allows"
    store.replace_many(pid, {Table.FUNDING_SHARES: shares, Table.INDICATORS: indicators})
    warnings = _every_tab(at)["warnings"]
    assert any("Meridian Devices pays 75% of the budget, more than half" in w for w in warnings)
    assert any("Most indicators are outputs (9 of 13)" in w for w in warnings)
    assert any("'when the budget allows' is not a period" in w for w in warnings)


def test_presentation_mode_draws_read_only(app):
    at = app("metrics")
    at.session_state["presenting"] = True
    seen = _every_tab(at.run())
    assert seen["editors"] == [] and seen["choices"] == []
    said = " ".join(seen["markdown"])
    assert "Stage: pilot" in said and "ip_sensitivity" not in said and "ip sensitivity" not in said
    assert len(seen["charts"]) >= 4


def test_headline_draws_the_sankey_and_the_takeaway(app):
    from streamlit.testing.v1 import AppTest

    app()  # seeds the demo into the test's database
    script = (
        "import os\n"
        "from core.store import Store\n"
        "from ui.metrics.headline import headline\n"
        "store = Store(os.environ['KEYSTONE_DB'])\n"
        "headline(store, int(store.partnerships()['id'].iloc[0]))\n"
    )
    headline = AppTest.from_string(script, default_timeout=60).run()
    assert not headline.exception, headline.exception
    assert headline.subheader[0].value.startswith("Theory of change complete")
    assert json.loads(headline.get("plotly_chart")[0].proto.spec)["data"][0]["type"] == "sankey"


def test_step_2_outcomes_join_the_chain_and_show_as_gaps_until_linked(app):
    at = app("metrics")
    assert any("Outcomes from step 2 not yet in the chain" in text for text in _plain(at.info))
    at.button(key="step5_add_outcomes").click().run()
    assert not at.exception, at.exception
    store = Store(os.environ["KEYSTONE_DB"])
    items = store.read(int(at.session_state["partnership_id"]), Table.TOC_ITEMS)
    assert len(items) == 29 and (items["level"] == "outcome").sum() == 9
    assert _subheaders(at)[0] == "Theory of change: 4 gaps to close before it holds."
    assert not any("Outcomes from step 2 not yet in the chain" in text for text in _plain(at.info))


def test_an_empty_partnership_gets_guidance_not_errors(app):
    at = app()
    store = Store(os.environ["KEYSTONE_DB"])
    at.session_state["partnership_id"] = store.create_partnership("Seafood labour coalition")
    at.switch_page(page_path("metrics")).run()
    assert not at.exception, at.exception
    heads = _every_tab(at)["heads"]
    assert heads[0].startswith("No theory of change yet")
    assert "No shared indicators yet: define them on the Indicators tab." in heads
    assert any(head.startswith("No partner targets yet") for head in heads)
    assert any(head.startswith("Best fit: Philanthropic / grant and Corporate balance sheet") for head in heads)


def test_user_text_is_inert_in_charts_and_headings(app):
    at = app("metrics")
    store = Store(os.environ["KEYSTONE_DB"])
    pid = int(at.session_state["partnership_id"])
    evil = '<img src=x onerror="alert(1)">'
    targets = store.read(pid, Table.PARTNER_TARGETS)
    targets.loc[0, "partner"] = evil
    shares = store.read(pid, Table.FUNDING_SHARES)
    shares.loc[0, "partner"] = evil
    store.replace_many(pid, {Table.PARTNER_TARGETS: targets, Table.FUNDING_SHARES: shares})
    seen = _every_tab(at)
    specs = " ".join(seen["charts"])
    assert "&lt;img src=x" in specs and "<img" not in specs
    # Markdown shows "\<" as a plain "<": escaped, the tag is text.
    texts = seen["notes as written"]
    assert any("\\<img" in text for text in texts)
    assert not any(re.search(r"(?<!\\)<img", text) for text in texts)


def test_funding_answers_in_another_spelling_are_read_and_unknown_ones_warned(app):
    at = app("metrics")
    pid = int(at.session_state["partnership_id"])
    Store(os.environ["KEYSTONE_DB"]).save_answers(
        pid, "funding", {"stage": "Scale", "regulatory_alignment": "HIGH", "trust": "hgh"}
    )
    at.session_state["presenting"] = True  # the saved answers as the room sees them
    seen = _every_tab(at.run())
    assert any("Stage: scale · Regulation's support for a business: high" in text for text in seen["markdown"])
    assert any("The answer 'hgh' to" in text and "counts as unanswered" in text for text in seen["warnings"])
    # stage scale: blended +2, pooled +2; regulation high: blended +2 (the unread trust answer scores nothing)
    assert any(head.startswith("Best fit: Blended / market-based (+4 points, from 2 of 7") for head in seen["heads"])
