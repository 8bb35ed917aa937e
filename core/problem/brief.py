"""Step 2 on paper: a one-page Markdown brief and the sheets of the Excel export.

The brief answers first (the current problem statement), then the
outcomes, what the room disagrees on, the evidence in numbers and its
gaps. User text is escaped so a brief opened in any Markdown viewer shows
it as written: no links, images or HTML come out of cell text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from core.conventions import escape_markdown
from core.problem.factbase import Gap, coverage_by_kind
from core.problem.perspectives import divergence as divergence_of
from core.problem.statement import OutcomeWarning, check_outcomes, latest

__all__ = ["ProblemFacts", "export_sheets", "markdown_brief"]


def _md(value: object) -> str:
    return escape_markdown(value, for_file=True)


@dataclass
class ProblemFacts:
    """Everything step 2 knows about one partnership, as read from the store."""

    name: str
    evidence: pd.DataFrame
    ratings: pd.DataFrame
    statements: pd.DataFrame
    outcomes: pd.DataFrame
    gaps: list[Gap] = field(default_factory=list)


def _number(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return "–"
    return f"{float(value):,.10g}"


def _date(value: object) -> str:
    if value is None or value is pd.NA or pd.isna(value):
        return "–"
    return pd.Timestamp(value).strftime("%Y-%m-%d")


def markdown_brief(facts: ProblemFacts, today: date | None = None) -> str:
    """A one-page brief: statement, outcomes, disagreements, evidence and its gaps."""
    today = today or date.today()
    lines = [f"# Problem brief: {_md(facts.name)}", "", f"*Prepared {today:%d %B %Y} with Keystone.*", ""]
    newest = latest(facts.statements)
    lines += ["## Problem statement", ""]
    if newest is None:
        lines += ["No problem statement has been saved yet.", ""]
    else:
        lines += [
            f"> {_md(newest['text'])}",
            "",
            f"Version {int(newest['version'])}, saved {_date(newest['saved_at'])}.",
            "",
        ]

    lines += ["## Outcomes", ""]
    if facts.outcomes.empty:
        lines += ["No outcomes yet.", ""]
    else:
        lines += ["| Outcome | Unit | Baseline | Target | By | Owner |", "|---|---|---:|---:|---|---|"]
        for _, row in facts.outcomes.iterrows():
            lines.append(
                f"| {_md(row['metric'])} | {_md(row['unit'])} | {_number(row['baseline'])} | "
                f"{_number(row['target'])} | {_date(row['due_date'])} | {_md(row['owner'])} |"
            )
        lines.append("")
        warnings: list[OutcomeWarning] = check_outcomes(facts.outcomes)
        if warnings:
            lines += ["Checks to resolve:", ""] + [f"- {_md(w.message)}" for w in warnings] + [""]

    spread = divergence_of(facts.ratings)
    lines += ["## Where we disagree", ""]
    if spread.empty:
        lines += ["No root-cause ratings yet.", ""]
    else:
        participants = facts.ratings["participant"].nunique()
        lines += [
            f"{participants} participants rated {len(spread)} candidate root causes from 1 to 5; most disputed first.",
            "",
            "| Root cause | Mean | Spread (std) | Lowest–highest | Agreement |",
            "|---|---:|---:|---|---|",
        ]
        for _, row in spread.head(5).iterrows():
            lines.append(
                f"| {_md(row['cause'])} | {row['mean']:.1f} | {row['std']:.2f} | "
                f"{row['low']:g}–{row['high']:g} | {row['agreement']} |"
            )
        lines.append("")

    kinds = coverage_by_kind(facts.evidence)
    lines += ["## Fact base", ""]
    lines.append(
        f"{len(facts.evidence)} evidence items: "
        + ", ".join(f"{row['items']} {row['kind']}" for _, row in kinds.iterrows())
        + "."
    )
    lines.append("")
    if facts.gaps:
        lines += ["Gaps:", ""] + [f"- {_md(gap.message)}" for gap in facts.gaps] + [""]
    else:
        lines += ["No gaps found: all three kinds of evidence are present and every central factor has evidence.", ""]
    lines.append(
        "*About 75% of cross-sector partnerships miss partner expectations when the problem is not "
        "clearly defined (alliance research).*"
    )
    return "\n".join(lines) + "\n"


def export_sheets(facts: ProblemFacts) -> dict[str, pd.DataFrame]:
    """The workbook's sheets: evidence, ratings, divergence, statement versions, outcomes and checks."""
    checks = check_outcomes(facts.outcomes)
    outcome_checks = pd.DataFrame(
        {
            "row": [None if w.row is None else w.row + 1 for w in checks],
            "metric": [w.metric for w in checks],
            "check": [w.check.value for w in checks],
            "message": [w.message for w in checks],
        }
    )
    statements = facts.statements.sort_values("version", ascending=False, kind="stable")
    return {
        "Evidence": facts.evidence.reset_index(drop=True),
        "Ratings": facts.ratings.reset_index(drop=True),
        "Agreement": divergence_of(facts.ratings),
        "Statement versions": statements[["version", "saved_at", "text"]].reset_index(drop=True),
        "Outcomes": facts.outcomes.reset_index(drop=True),
        "Outcome checks": outcome_checks,
    }
