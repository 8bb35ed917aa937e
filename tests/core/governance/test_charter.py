"""The charter is written from stored data and opens as a Word document."""

from __future__ import annotations

import io
from datetime import date

import docx
import pandas as pd

from core.governance.charter import TABLES, build, to_docx, to_markdown
from core.governance.rights import body
from core.store import Table


def _charter(store, pid):
    frames = store.read_many(pid, list(TABLES))
    partners = body(frames[Table.ACTORS], frames[Table.CHAMBERS])
    document = build(store.partnership(pid), frames, store.answers(pid, "governance"), partners, date(2026, 1, 2))
    return document, frames, partners


def _docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_docx_opens_and_names_every_partner(demo_store):
    store, pid = demo_store
    document, frames, partners = _charter(store, pid)
    data = to_docx(document)
    assert data[:2] == b"PK"  # a zip container, as Word expects
    text = _docx_text(data)
    assert len(partners) == 12
    for partner in partners:
        assert partner in text
    for decision in frames[Table.DECISIONS]["decision"]:
        assert decision in text
    assert "Neutral backbone" in text  # the chosen model of the demo answers
    assert "4,000,000 USD in total" in text  # 1.8m + 0.6m + 0.6m + 0.48m + 0.32m + 0.2m
    assert docx.Document(io.BytesIO(data)).core_properties.title.startswith("Partnership charter: Ocean-bound")


def test_docx_sections_and_raci_summary(demo_store):
    store, pid = demo_store
    document, _, _ = _charter(store, pid)
    word = docx.Document(io.BytesIO(to_docx(document)))
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert headings == [
        "1. Purpose and problem statement",
        "2. Partners and their contributions",
        "3. Governance model",
        "4. Decision rights",
        "5. Roles and accountability (RACI)",
        "6. Escalation path",
        "7. Resource commitments",
        "8. Review",
        "9. Signatures",
    ]
    raci = next(t for t in word.tables if t.rows[0].cells[0].text == "Activity")
    funding = next(row for row in raci.rows if row.cells[0].text == "Funding round")
    assert [cell.text for cell in funding.cells] == [
        "Funding round",
        "Meridian Devices",
        "Asia Circular Infrastructure Fund, Tidewater Impact Capital",
        "Novaline Electronics, Aurelia Recycling",
        "Clean Tides Alliance",
    ]
    assert len(raci.rows) == 1 + 13


def test_markdown_keeps_user_text_inert(store):
    pid = store.create_partnership("Pipes | and <b>tags</b>", problem="Fix <script>alert(1)</script> now")
    actors = pd.DataFrame({"name": ["A|B Co", "**Loud** [x](http://e.example)"], "shortlisted": [True, True]})
    store.replace(pid, Table.ACTORS, actors.assign(type="company"))
    store.replace(pid, Table.VALUE_PROPS, pd.DataFrame({"partner": ["A|B Co"], "gives": ["Cash\x07 and time"]}))
    document, _, partners = _charter(store, pid)
    assert partners == ["A|B Co", "**Loud** [x](http://e.example)"]
    markdown = to_markdown(document)
    # Backslash escapes: a Markdown viewer shows these characters instead of acting on them.
    assert "<script>" not in markdown and "\\<script\\>" in markdown
    assert "[x](" not in markdown and "**Loud**" not in markdown and "\\*\\*Loud\\*\\*" in markdown
    assert "| A\\|B Co | Company / value chain | Cash and time |  |" in markdown
    assert "The governance model is still to be chosen." in markdown
    assert "A|B Co" in _docx_text(to_docx(document))  # the bell character did not break the file


def test_the_partners_section_counts_in_plain_words(store):
    pid = store.create_partnership("New coalition")
    assert "No partners are on the short list yet" in to_markdown(_charter(store, pid)[0])
    store.replace(
        pid, Table.ACTORS, pd.DataFrame({"name": ["Harbour Co-op"], "type": ["community"], "shortlisted": [True]})
    )
    assert "The partner below signs this charter." in to_markdown(_charter(store, pid)[0])
    more = pd.DataFrame(
        {"name": ["Harbour Co-op", "Reef Trust"], "type": ["community", "ngo"], "shortlisted": [True] * 2}
    )
    store.replace(pid, Table.ACTORS, more)
    assert "The 2 partners below sign this charter." in to_markdown(_charter(store, pid)[0])
