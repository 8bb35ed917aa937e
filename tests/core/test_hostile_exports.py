"""Every export of a partnership full of hostile text: no formula cell, no live HTML or link, no failure.

The partnership is the demo with :data:`tests.helpers.HOSTILE` (a formula, HTML,
a script, Markdown images and links, a ``javascript:`` link) in the first row's
every free-text cell of every table, saved through the store. Each export is
built by the same core function the download buttons and the command line
call, then read back the way its reader would: workbooks by openpyxl and as
raw XML, CSV by the csv module, Markdown as text, Word as its XML.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import date

import pytest
from openpyxl import load_workbook

from core.across.readiness import answers_by_topic
from core.across.workbook import export_workbook
from core.governance import charter
from core.governance.questionnaire import TOPIC
from core.governance.rights import body
from core.io_excel import write_workbook
from core.metrics.indicators import dictionary_workbook
from core.partners import scored_list
from core.problem import brief
from core.steps import step
from core.store import SPECS, Table
from tests.helpers import HOSTILE, HOSTILE_NAME, make_hostile

_LIVE_MARKDOWN = re.compile(r"(?<!\\)<[a-zA-Z/!]|\]\(|\]\[|(?<!\\)!\[")
"""Markup a Markdown viewer acts on: an HTML tag, an inline or reference link, an image."""


@pytest.fixture
def hostile(demo_store):
    store, pid = demo_store
    make_hostile(store, pid)
    frames = store.read_many(pid, list(SPECS))
    return store, pid, frames


def _facts(frames) -> brief.ProblemFacts:
    tables = (Table.EVIDENCE, Table.RATINGS, Table.STATEMENTS, Table.OUTCOMES)
    return brief.ProblemFacts(HOSTILE_NAME, *(frames[table] for table in tables))


def _charter(store, pid, frames) -> charter.Charter:
    """The charter as step 4 builds it (ui/governance/data.py): the questionnaire's answers and the body."""
    answers = answers_by_topic(frames[Table.ANSWERS]).get(TOPIC, {})
    partners = body(frames[Table.ACTORS], frames[Table.CHAMBERS])
    return charter.build(store.partnership(pid), frames, answers, partners, today=date(2026, 1, 2))


def _workbooks(store, pid, frames) -> dict[str, bytes]:
    """Every workbook a download button or the command line writes, by what it is called in the app."""
    scored = scored_list.scored_list(frames[Table.ACTORS])
    facts = _facts(frames)
    governance = (Table.RACI, Table.DECISIONS, Table.CHAMBERS, Table.VALUE_PROPS)
    return {
        "Export this partnership": export_workbook(store, pid),
        "Scored list and short list": scored_list.export_workbook(scored),
        "System map as Excel": write_workbook({SPECS[t].title[:31]: frames[t] for t in step("system_map").tables}),
        "Fact base, statement and outcomes": write_workbook(brief.export_sheets(facts)),
        "Governance tables": write_workbook({SPECS[t].title: frames[t] for t in governance}),
        "Data dictionary": dictionary_workbook(frames[Table.INDICATORS], frames[Table.PARTNER_TARGETS]),
        "Pilot's observations": write_workbook({"Observations": frames[Table.OBSERVATIONS]}),
    }


def test_no_workbook_export_holds_a_formula_and_each_holds_the_hostile_text_as_text(hostile):
    for name, data in _workbooks(*hostile).items():
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            sheets = [archive.read(part) for part in archive.namelist() if part.startswith("xl/worksheets/")]
        assert not [xml for xml in sheets if re.search(rb"<(\w+:)?f[ >]", xml)], f"{name}: a formula element"
        book = load_workbook(io.BytesIO(data))
        cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
        assert [c.coordinate for c in cells if c.data_type == "f"] == [], name
        shown = [c for c in cells if isinstance(c.value, str) and c.value.startswith('=HYPERLINK("http://127.0.0.2')]
        assert shown, f"{name}: the hostile text did not reach the export, so this test proves nothing"
        assert {c.data_type for c in shown} == {"s"}, name


def test_csv_exports_defuse_every_formula(hostile):
    _, _, frames = hostile
    scored = scored_list.scored_list(frames[Table.ACTORS])
    for only_shortlist in (False, True):
        text = scored_list.export_csv(scored, only_shortlist=only_shortlist).decode("utf-8-sig")
        fields = [field for row in csv.reader(io.StringIO(text)) for field in row]
        assert not [field for field in fields if field[:1] in ("=", "+", "-", "@")]
        if not only_shortlist:
            assert "'" + HOSTILE in fields


def test_the_brief_and_the_charter_in_markdown_show_the_hostile_text_inert(hostile):
    store, pid, frames = hostile
    for name, text in (
        ("brief", brief.markdown_brief(_facts(frames))),
        ("charter", charter.to_markdown(_charter(store, pid, frames))),
    ):
        assert "<img src=x onerror=alert(1)>" in text.replace("\\", ""), f"{name}: the hostile text is not in it"
        assert _LIVE_MARKDOWN.findall(text) == [], f"{name}: live markup"


def test_the_word_charter_holds_the_hostile_text_as_plain_runs(hostile):
    data = charter.to_docx(_charter(*hostile))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
        relations = "".join(archive.read(part).decode() for part in archive.namelist() if part.endswith(".rels"))
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in xml  # the text, as text
    assert not re.search(r"<w:(hyperlink|fldSimple|instrText)\b", xml)  # no link, no field (HYPERLINK, ...)
    assert "127.0.0.2" not in relations and "javascript:" not in relations
