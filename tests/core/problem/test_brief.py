"""The one-page brief and the Excel export of step 2, read back."""

from __future__ import annotations

import io
from datetime import date

import pandas as pd
from openpyxl import load_workbook

from core.conventions import escape_markdown
from core.io_excel import write_workbook
from core.problem.brief import ProblemFacts, export_sheets, markdown_brief
from core.problem.factbase import factor_centrality, gaps
from core.store import Table


def _facts(demo_store) -> ProblemFacts:
    store, pid = demo_store
    frames = store.read_many(pid, [Table.EVIDENCE, Table.RATINGS, Table.STATEMENTS, Table.OUTCOMES])
    return ProblemFacts(
        "Ocean-bound plastic",
        frames[Table.EVIDENCE],
        frames[Table.RATINGS],
        frames[Table.STATEMENTS],
        frames[Table.OUTCOMES],
    )


def test_brief_puts_the_latest_statement_first_then_outcomes_and_disputes(demo_store):
    text = markdown_brief(_facts(demo_store), today=date(2026, 4, 1))
    lines = text.splitlines()
    assert lines[0] == "# Problem brief: Ocean-bound plastic"
    assert lines.index("## Problem statement") < lines.index("## Outcomes") < lines.index("## Where we disagree")
    assert "Version 2, saved 2026-03-17." in lines
    assert (
        "| Ocean-bound plastic collected through coalition hubs | tonnes/year | 1,440 | 6,000 | 2027-12-31 "
        "| Aurelia Recycling |" in lines
    )
    assert "7 participants rated 8 candidate root causes from 1 to 5; most disputed first." in lines
    assert "23 evidence items: 6 internal, 11 external, 6 qualitative." in lines
    assert len(lines) < 60  # one page


def test_brief_lists_gaps_and_outcome_checks(demo_store):
    facts = _facts(demo_store)
    facts.evidence = facts.evidence[facts.evidence["kind"] != "qualitative"]
    store, pid = demo_store
    links = store.read(pid, Table.CAUSAL_LINKS)
    facts.gaps = gaps(facts.evidence, factor_centrality(links, store.read(pid, Table.FACTORS)["name"]))
    facts.outcomes = pd.concat(
        [facts.outcomes, pd.DataFrame({"metric": ["Trainings delivered"], "target": [10.0]})], ignore_index=True
    )
    text = markdown_brief(facts)
    assert "- No qualitative or community evidence" in text
    assert "- Central factor of the causal map with no evidence behind it: Waste-picker income." in text
    assert "- 'Trainings delivered' counts activities \\(an output\\)" in text


def test_user_text_cannot_become_links_or_html():
    assert (
        escape_markdown("[click](http://x) <b>hi</b> | pipe", for_file=True)
        == r"\[click\]\(http://x\) \<b\>hi\</b\> \| pipe"
    )
    assert escape_markdown("two\nlines", for_file=True) == "two lines"


def test_workbook_round_trips_fact_base_statement_and_outcomes(demo_store):
    facts = _facts(demo_store)
    facts.evidence.loc[0, "statement"] = '=HYPERLINK("http://x")'
    workbook = load_workbook(io.BytesIO(write_workbook(export_sheets(facts))))
    assert workbook.sheetnames == [
        "Evidence",
        "Ratings",
        "Agreement",
        "Statement versions",
        "Outcomes",
        "Outcome checks",
    ]
    evidence = list(workbook["Evidence"].values)
    assert len(evidence) == 24 and evidence[0][0] == "statement"
    assert evidence[1][0] == '=HYPERLINK("http://x")' and workbook["Evidence"]["A2"].data_type == "s"
    versions = list(workbook["Statement versions"].values)
    assert [row[0] for row in versions[1:]] == [2, 1]
    agreement = list(workbook["Agreement"].values)
    assert agreement[1][0] == "Aggregator margins" and round(agreement[1][3], 5) == 1.67498
    outcomes = list(workbook["Outcomes"].values)
    assert outcomes[1][:4] == ("Ocean-bound plastic collected through coalition hubs", "tonnes/year", 1440, 6000)
