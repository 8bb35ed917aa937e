"""The partnership charter (MOU), written from the stored data.

:func:`build` gathers the sections a charter needs (purpose and problem,
partners and contributions, governance model, decision rights, roles,
escalation path, resource commitments, review cadence, signatures) as
plain data; :func:`to_markdown` and :func:`to_docx` write them out. Both
writers treat every value as text: nothing from the partners' records
is interpreted as markup or formula.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from core.conventions import escape_markdown
from core.governance.recommender import MODELS, GovernanceModel
from core.model import PartnerType, RaciRole
from core.tables import Table

__all__ = ["CADENCES", "TABLES", "Charter", "Section", "build", "to_docx", "to_markdown"]

CADENCES = ("monthly", "quarterly", "half-yearly", "yearly")
TABLES = (
    Table.ACTORS,
    Table.RACI,
    Table.DECISIONS,
    Table.CHAMBERS,
    Table.VALUE_PROPS,
    Table.STATEMENTS,
    Table.OUTCOMES,
    Table.FUNDING_SHARES,
)
"""The record kinds :func:`build` reads (``frames`` must hold each)."""

# Characters XML 1.0 (and so Word) cannot hold.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _text(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    return _CONTROL.sub("", str(value)).strip()


@dataclass
class Section:
    """One heading with paragraphs, bullet points and an optional table."""

    title: str
    paragraphs: list[str] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)
    table: pd.DataFrame | None = None


@dataclass
class Charter:
    title: str
    subtitle: str
    sections: list[Section]


def _type_label(kind: object) -> str:
    member = PartnerType.parse(kind)
    return member.label if member else _text(kind)


def _latest_statement(statements: pd.DataFrame | None) -> str:
    if statements is None or statements.empty:
        return ""
    latest = statements.sort_values("version", kind="stable").iloc[-1]
    return _text(latest["text"])


def _raci_summary(raci: pd.DataFrame) -> pd.DataFrame:
    """One row per activity with the partners in each role."""
    columns = {role: role.label for role in (RaciRole.ACCOUNTABLE, RaciRole.RESPONSIBLE, RaciRole.CONSULTED)}
    columns[RaciRole.INFORMED] = RaciRole.INFORMED.label
    rows = []
    for activity, group in raci.dropna(subset=["activity"]).groupby("activity", sort=False):
        row = {"Activity": activity}
        for role, label in columns.items():
            row[label] = ", ".join(group.loc[group["role"] == role.value, "partner"].dropna().astype(str))
        rows.append(row)
    return pd.DataFrame(rows, columns=["Activity", *columns.values()])


def build(
    partnership: dict[str, object],
    frames: dict[Table, pd.DataFrame],
    answers: dict[str, object],
    partners: list[str],
    today: date | None = None,
) -> Charter:
    """Gather the charter's sections from stored records.

    Parameters
    ----------
    partnership
        ``name`` and ``problem`` of the partnership.
    frames
        ``ACTORS``, ``RACI``, ``DECISIONS``, ``CHAMBERS``, ``VALUE_PROPS``;
        optionally ``STATEMENTS``, ``OUTCOMES``, ``FUNDING_SHARES``.
    answers
        The stored governance answers (``chosen_model``, ``horizon_years``,
        ``secretariat_funded``, ``review_cadence``, ``currency``).
    partners
        The decision-making body, in the order to list them.
    """
    name = _text(partnership.get("name")) or "Partnership"
    actors = frames[Table.ACTORS]
    types = dict(zip(actors["name"], actors["type"], strict=True))
    props = frames[Table.VALUE_PROPS].set_index("partner")
    sections: list[Section] = []

    purpose = Section("1. Purpose and problem statement")
    statement = _latest_statement(frames.get(Table.STATEMENTS))
    problem = _text(partnership.get("problem"))
    purpose.paragraphs += [text for text in (statement or problem,) if text]
    outcomes = frames.get(Table.OUTCOMES)
    if outcomes is not None and not outcomes.empty:
        purpose.paragraphs.append("The partners commit to these measurable outcomes:")
        for _, row in outcomes.iterrows():
            unit = f" {_text(row['unit'])}" if _text(row["unit"]) else ""
            due = f" by {_text(row['due_date'])}" if _text(row["due_date"]) else ""
            purpose.bullets.append(
                f"{_text(row['metric'])}: from {_text(row['baseline'])} to {_text(row['target'])}{unit}{due}"
            )
    sections.append(purpose)

    members = Section("2. Partners and their contributions")
    members.paragraphs.append(f"The {len(partners)} partners below sign this charter.")
    members.table = pd.DataFrame(
        [
            {
                "Partner": partner,
                "Type": _type_label(types.get(partner)),
                "Gives": _text(props["gives"].get(partner)) if partner in props.index else "",
                "Gains": _text(props["gains"].get(partner)) if partner in props.index else "",
            }
            for partner in partners
        ],
        columns=["Partner", "Type", "Gives", "Gains"],
    )
    sections.append(members)

    model_section = Section("3. Governance model")
    chosen = answers.get("chosen_model")
    if chosen in {m.value for m in GovernanceModel}:
        row = MODELS[GovernanceModel(chosen)]
        model_section.paragraphs.append(
            f"The partnership is governed as: {row.label}. Decisions follow {row.decision_making}; "
            f"perceived neutrality is {row.neutrality}; resourcing needs are {row.resourcing}."
        )
    else:
        model_section.paragraphs.append("The governance model is still to be chosen.")
    horizon = answers.get("horizon_years")
    if isinstance(horizon, int | float):
        model_section.paragraphs.append(f"The partners plan for a horizon of {int(horizon)} years.")
    funded = answers.get("secretariat_funded")
    if funded is True:
        model_section.paragraphs.append("A professional secretariat with dedicated staff runs the partnership.")
    elif funded is False:
        model_section.paragraphs.append("No dedicated secretariat is funded yet.")
    chambers = frames[Table.CHAMBERS].dropna(subset=["chamber"])
    if not chambers.empty:
        model_section.paragraphs.append("Sector chambers and their votes:")
        model_section.table = chambers.rename(
            columns={"chamber": "Chamber", "members": "Members", "votes": "Votes"}
        ).reset_index(drop=True)
    sections.append(model_section)

    decisions = frames[Table.DECISIONS].dropna(subset=["decision"])
    rights = Section("4. Decision rights")
    rights.table = decisions.rename(
        columns={"decision": "Decision", "decider": "Who decides", "rule": "Rule", "escalation": "Escalation"}
    ).reset_index(drop=True)
    sections.append(rights)

    roles = Section("5. Roles and accountability (RACI)")
    roles.paragraphs.append(
        "Accountable: owns the result (one per activity). Responsible: does the work. "
        "Consulted: asked before decisions. Informed: kept up to date."
    )
    roles.table = _raci_summary(frames[Table.RACI])
    sections.append(roles)

    escalation = Section("6. Escalation path")
    escalation.paragraphs.append(
        "When partners disagree, they first try to settle it where the decision is made, "
        "then follow the escalation path of that decision:"
    )
    escalation.bullets = list(dict.fromkeys(_text(v) for v in decisions["escalation"] if _text(v)))
    sections.append(escalation)

    resources = Section("7. Resource commitments")
    shares = frames.get(Table.FUNDING_SHARES)
    currency = _text(answers.get("currency")) or "USD"
    if shares is not None and not shares.empty:
        total = pd.to_numeric(shares["amount"], errors="coerce").sum()
        resources.paragraphs.append(f"Funding pledged: {total:,.0f} {currency} in total.")
        resources.table = pd.DataFrame(
            {
                "Partner": shares["partner"].map(_text),
                f"Amount ({currency})": pd.to_numeric(shares["amount"], errors="coerce").map(
                    lambda v: "" if pd.isna(v) else f"{v:,.0f}"
                ),
                "Funding model": shares["model"].map(_text),
                "Notes": shares["notes"].map(_text),
            }
        )
    else:
        resources.paragraphs.append("Each partner contributes what its value proposition states (section 2).")
    sections.append(resources)

    cadence = _text(answers.get("review_cadence")) or "quarterly"
    review = Section("8. Review")
    review.paragraphs.append(
        f"The partners review progress {cadence} against the shared indicators, and revisit this charter, "
        "its roles, funding and priorities at least once a year as the partnership matures."
    )
    sections.append(review)

    signatures = Section("9. Signatures")
    signatures.table = pd.DataFrame(
        {"Partner": partners, "Name and title": "", "Signature": "", "Date": ""},
        columns=["Partner", "Name and title", "Signature", "Date"],
    )
    sections.append(signatures)

    when = (today or date.today()).isoformat()
    return Charter(f"Partnership charter: {name}", f"Draft generated by Keystone on {when}", sections)


def _md(value: object) -> str:
    """Text for Markdown, on one line: names never become links, emphasis or HTML."""
    return escape_markdown(_text(value), for_file=True)


_cell = _md  # the file escaper escapes the table separator | too


def to_markdown(charter: Charter) -> str:
    """The charter as Markdown (tables as pipe tables)."""
    lines = [f"# {_md(charter.title)}", "", f"*{_md(charter.subtitle)}*", ""]
    for section in charter.sections:
        lines += [f"## {section.title}", ""]
        for paragraph in section.paragraphs:
            lines += [_md(paragraph), ""]
        if section.bullets:
            lines += [f"- {_md(item)}" for item in section.bullets] + [""]
        if section.table is not None and not section.table.empty:
            header = [_cell(column) for column in section.table.columns]
            lines.append("| " + " | ".join(header) + " |")
            lines.append("|" + "|".join(" --- " for _ in header) + "|")
            for row in section.table.itertuples(index=False):
                lines.append("| " + " | ".join(_cell(value) for value in row) + " |")
            lines.append("")
    return "\n".join(lines)


def to_docx(charter: Charter) -> bytes:
    """The charter as a Word document (.docx), returned as bytes."""
    from docx import Document  # imported here: only the download needs it
    from docx.shared import Pt

    document = Document()
    document.core_properties.title = _text(charter.title)
    document.add_heading(_text(charter.title), level=0)
    document.add_paragraph().add_run(_text(charter.subtitle)).italic = True
    for section in charter.sections:
        document.add_heading(section.title, level=1)
        for paragraph in section.paragraphs:
            document.add_paragraph(_text(paragraph))
        for item in section.bullets:
            document.add_paragraph(_text(item), style="List Bullet")
        if section.table is not None and not section.table.empty:
            frame = section.table
            table = document.add_table(rows=1, cols=len(frame.columns))
            table.style = "Table Grid"
            for cell, column in zip(table.rows[0].cells, frame.columns, strict=True):
                cell.text = _text(column)
                for run in cell.paragraphs[0].runs:
                    run.bold = True
            for row in frame.itertuples(index=False):
                cells = table.add_row().cells
                for cell, value in zip(cells, row, strict=True):
                    cell.text = _text(value)
                    for run in cell.paragraphs[0].runs:
                        run.font.size = Pt(9)
            document.add_paragraph()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
