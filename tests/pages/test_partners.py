"""AppTest of step 3: the answer first, the grid, the builder, the import flow; its figures."""

from __future__ import annotations

import json
import os
import re

import pandas as pd
import pytest

from core.partners.grid import Quadrant
from core.store import Store, Table
from tests.helpers import BAD_CELLS, open_tab, xlsx
from ui.partners.charts import grid_figure, salience_figure

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _markdown(at) -> str:
    return "\n".join(str(element.value) for element in at.markdown)


def _store() -> Store:
    return Store(os.environ["KEYSTONE_DB"])


def test_page_answers_first_and_draws_the_grid(app):
    at = app("partners")
    assert not at.exception, at.exception
    assert "**Top candidates:** Aurelia Recycling, Meridian Devices" in _markdown(at)
    assert "**Short list:** 12 of 46." in _markdown(at)
    assert [tab.label for tab in at.tabs] == [
        "Long list",
        "Grid & salience",
        "Types & levers",
        "Coalition builder",
        "Import",
        "Export",
    ]
    assert not at.get("plotly_chart")  # only the open tab runs: the long list
    spec = json.loads(open_tab(at, "partners_tab", "Grid & salience").get("plotly_chart")[0].proto.spec)
    annotations = {a["text"] for a in spec["layout"]["annotations"]}
    assert {"<b>Manage closely</b>", "<b>Keep satisfied</b>", "<b>Keep informed</b>", "<b>Monitor</b>"} <= annotations
    names = annotations - {f"<b>{quadrant.label}</b>" for quadrant in Quadrant}
    print("NAMES", len(names), names)
    # The short list is named where each name has room, best score first; the rest are in the hover.
    assert "Meridian Devices" in names and 10 <= len(names) <= 12


def test_coalition_builder_reacts_to_pins_and_saves(app):
    at = open_tab(app("partners"), "partners_tab", "Coalition builder")
    builder = at.multiselect(key="coal_pins")
    assert "Saltmarsh Microfinance" not in _markdown(at)
    builder.set_value(["Saltmarsh Microfinance"]).run()
    assert not at.exception
    assert "**Proposed short list (8):** Saltmarsh Microfinance" in _markdown(at)
    at.slider(key="coal_size").set_value(5).run()
    at.button(key="coal_save").click().run()
    assert not at.exception
    stored = _store().read(int(at.session_state["partnership_id"]), Table.ACTORS)
    chosen = stored[stored["shortlisted"].fillna(False)]["name"].tolist()
    assert len(chosen) == 5 and "Saltmarsh Microfinance" in chosen


def test_import_flow_reports_rows_then_imports_valid_rows_only(app):
    at = open_tab(app("partners"), "partners_tab", "Import")
    pid = int(at.session_state["partnership_id"])
    before = _store().read(pid, Table.ACTORS)
    at.file_uploader(key="imp_file").set_value(("list.xlsx", xlsx({"Stakeholders": BAD_CELLS}), XLSX)).run()
    assert not at.exception, at.exception
    assert "4 with problems" in _markdown(at)  # "high" is read as 5 and "good org" combined with "Good Org"
    report = next(frame.value for frame in at.dataframe if "problem" in frame.value.columns)
    assert report.loc[report["row"] == 7, "problem"].tolist() == ["7 is outside 1-5"]
    assert at.button(key="imp_all").disabled
    assert len(_store().read(pid, Table.ACTORS)) == len(before)
    at.button(key="imp_valid").click().run()
    assert not at.exception
    after = _store().read(pid, Table.ACTORS)
    assert len(after) == len(before) + 2
    said = "Imported: 2 added, 0 updated, 4 skipped. (from list.xlsx, sheet Stakeholders)"
    assert said in [element.value.replace("\\", "") for element in at.success]
    at.file_uploader(key="imp_file").set_value(("next.csv", b"Name,Type\nReef Trust,ngo\n", "text/csv")).run()
    assert said in [element.value.replace("\\", "") for element in at.success]  # still said beside the next file


def test_a_messy_list_is_cleaned_each_fix_can_be_undone_and_a_scale_is_rescaled_when_confirmed(app):
    at = open_tab(app("partners"), "partners_tab", "Import")
    pid = int(at.session_state["partnership_id"])
    rows = [
        ["Organisation", "Category", "Interest", "Levers", "Last contact"],
        ["Harbour Pickers Union", "cbo", 8, "policy, capital", "May 2026"],
        ["harbour  pickers union", "cbo", 10, None, None],
        ["Tidal Schools Trust", "ngo", 4, "legitimacy", None],
        ["Total", None, 22, None, None],
    ]
    at.file_uploader(key="imp_file").set_value(("list.xlsx", xlsx({"S": rows}), XLSX)).run()
    assert not at.exception, at.exception
    boxes = {box.label: box for box in at.checkbox}
    assert {"Total and footer rows left out", "Lists split at commas, slashes and line breaks",
            "Other columns kept in the notes", "Rows naming the same organisation combined"} <= set(boxes)  # fmt: skip
    assert "2 with problems" not in _markdown(at) and "1 with problems" in _markdown(at)  # 8 on 1-5 is refused
    scale = next(box for box in at.selectbox if "looks like scores on a 1-10 scale" in box.label)
    scale.set_value("1-10").run()
    assert "0 with problems" in _markdown(at)
    boxes = {box.label: box for box in at.checkbox}
    boxes["Rows naming the same organisation combined"].uncheck().run()
    assert "1 with problems" in _markdown(at)
    report = next(frame.value for frame in at.dataframe if "problem" in frame.value.columns)
    assert report["problem"].str.contains("appears more than once").tolist() == [True]
    next(box for box in at.checkbox if box.label == "Rows naming the same organisation combined").check().run()
    at.button(key="imp_all").click().run()
    assert not at.exception, at.exception
    stored = _store().read(pid, Table.ACTORS).set_index("name")
    union = stored.loc["Harbour Pickers Union"]
    assert (union["interest"], union["levers"], union["notes"]) == (4.11, "policy; capital", "Last contact: May 2026")
    assert "Total" not in stored.index


def test_unmatched_header_is_mapped_by_hand(app):
    at = open_tab(app("partners"), "partners_tab", "Import")
    rows = [["Org", "Kind", "Keenness"], ["Harbour Pickers Union", "cbo", 5]]
    at.file_uploader(key="imp_file").set_value(("list.xlsx", xlsx({"S": rows}), XLSX)).run()
    assert "Column 'Keenness'" in [box.label for box in at.selectbox]
    box = next(box for box in at.selectbox if box.label == "Column 'Keenness'")
    box.set_value("interest").run()
    assert not at.exception
    at.button(key="imp_all").click().run()
    assert not at.exception, at.exception  # the new row has no levers, sector or salience scores
    pid = int(at.session_state["partnership_id"])
    stored = _store().read(pid, Table.ACTORS).set_index("name")
    assert stored.loc["Harbour Pickers Union", "interest"] == 5
    assert stored.loc["Harbour Pickers Union", "type"] == "community"


def test_presenting_hides_import_and_editors(app):
    at = app("partners")
    at.session_state["presenting"] = True
    at.run()
    assert not at.exception
    assert "Import" not in [tab.label for tab in at.tabs]
    assert len(at.get("arrow_data_editor")) == 0 and len(at.get("data_editor")) == 0
    assert len(at.get("file_uploader")) == 0


def test_headline_draws_the_grid_and_names_who_to_manage_closely(app):
    from streamlit.testing.v1 import AppTest

    at = app()
    script = (
        "import os\nfrom core.store import Store\nfrom ui.partners.headline import headline\n"
        "headline(Store(os.environ['KEYSTONE_DB']), 1)\n"
    )
    view = AppTest.from_string(script, default_timeout=60).run()
    assert not view.exception, view.exception
    text = "\n".join(str(m.value) for m in view.markdown)
    # Interest and influence both 4 or 5 in the demo, best score first.
    assert text == (
        "**Manage closely:** Aurelia Recycling, Meridian Devices, Clean Tides Alliance, Novaline Electronics, "
        "Northbridge University Centre for Circular Materials, Asia Circular Infrastructure Fund. "
        "**Short list:** 12 of 46 candidates."
    )
    assert len(view.get("plotly_chart")) == 1
    assert not at.exception


# What plotly.js (src/constants/string_mappings.js, svg_text_utils.convertEntities) turns back into
# characters when it draws a label, in the app and in its "Download plot as a PNG"; any other
# named entity, such as &quot;, is drawn as it stands.
_PLOTLY_ENTITIES = {
    "mu": "μ",
    "amp": "&",
    "lt": "<",
    "gt": ">",
    "nbsp": "\xa0",
    "times": "×",
    "plusmn": "±",
    "deg": "°",
}


def _as_plotly_draws(label: str) -> str:
    """The text plotly draws for ``label``, which must hold no tag for it to read."""
    assert "<" not in label and ">" not in label, label  # <b>, <a href>, <br> would be markup to plotly

    def character(match: re.Match) -> str:
        code = match.group(1)
        if code.startswith("#"):
            return chr(int(code[2:], 16) if code[1] == "x" else int(code[1:]))
        return _PLOTLY_ENTITIES.get(code, match.group(0))

    return re.sub(r"&(#\d+|#x[\da-fA-F]+|[a-z]+);", character, label)


def test_grid_labels_show_names_exactly_as_typed():
    names = ['Harbour "Blue" Trust', "<b>x</b>", "O'Neill & Sons", "<a href='x'>AT&amp;T</a>"]
    scored = pd.DataFrame(
        {
            "name": names,
            "type": ["company", "ngo", "government", "company"],
            "interest": [5, 4, 2, 1],
            "influence": [5, 2, 4, 1],
            "score": [4.5, 3.1, 2.9, 1.0],
            "levers": ["finance", None, "policy", "x"],
            "shortlisted": [True] * 4,
        }
    )
    figure = grid_figure(scored)
    scatters = [trace for trace in figure.data if trace.type == "scatter"]
    quadrants = {quadrant.label for quadrant in Quadrant}
    labels = [
        note.text
        for note in figure.layout.annotations
        if note.text.removeprefix("<b>").removesuffix("</b>") not in quadrants
    ]
    assert sorted(map(_as_plotly_draws, labels)) == sorted(names)
    hovers = [hover for trace in scatters for hover in trace.hovertext]
    shown = {_as_plotly_draws(hover.removeprefix("<b>").split("</b>", 1)[0]) for hover in hovers}
    assert shown == set(names)


@pytest.mark.parametrize(("counts", "large"), [((19, 3), False), ((9, 0), False), ((1234, 56), True), ((0, 0), False)])
def test_salience_counts_keep_every_digit(counts, large):
    """The count past the longest bar is drawn whole: unclipped, on an axis that runs past it, with room for it."""
    scored = pd.DataFrame({"salience": ["definitive"] * counts[0] + ["dormant"] * counts[1]}, dtype=object)
    figure = salience_figure(scored, large)
    (bar,) = figure.data
    assert bar.cliponaxis is False and bar.textposition == "outside"
    assert sorted(int(text) for text in bar.text if int(text)) == sorted(count for count in counts if count)
    low, high = figure.layout.xaxis.range
    assert low == 0 and high > max(counts)
    assert figure.layout.margin.r >= len(str(max(counts))) * bar.textfont.size * 0.6


def test_on_the_wall_the_ranking_says_what_it_weighs(app):
    at = app("partners")
    at.session_state["presenting"] = True
    at.run()
    assert not at.exception
    assert "Ranked by interest 33%, influence 33%, assets the group lacks 33%." in [c.value for c in at.caption]
    assert len(at.slider) == 0 or all(slider.key != "w_interest" for slider in at.slider)


def test_a_grid_of_thousands_draws_the_best_and_counts_the_rest():
    import numpy as np

    from core.partners.grid import DRAWN_ONE_BY_ONE
    from core.partners.scored_list import scored_list

    rng = np.random.default_rng(5)
    size = 5_000
    actors = pd.DataFrame(
        {
            "name": [f"Candidate {i:05d}" for i in range(size)],
            "type": rng.choice(["ngo", "company", "government"], size),
            "interest": rng.integers(1, 6, size).astype(float),
            "influence": rng.integers(1, 6, size).astype(float),
            "shortlisted": [i < 3 for i in range(size)],
        }
    )
    scored = scored_list(actors)
    figure = grid_figure(scored)
    points = [trace for trace in figure.data if trace.name != "Others, counted"]
    (counted,) = [trace for trace in figure.data if trace.name == "Others, counted"]
    drawn = {hover.removeprefix("<b>").split("</b>", 1)[0] for trace in points for hover in trace.hovertext}
    best = set(scored.nlargest(DRAWN_ONE_BY_ONE, "score", keep="first")["name"])
    assert best | {"Candidate 00000", "Candidate 00001", "Candidate 00002"} == drawn  # the short list always
    assert sum(int(text.replace(",", "")) for text in counted.text) == size - len(drawn)
    assert len(json.dumps(figure.to_plotly_json(), default=str)) < 150_000  # all 5,000 as points: 0.6 MB
