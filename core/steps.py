"""The six steps of the framework, as data the app and reports share."""

from __future__ import annotations

from dataclasses import dataclass

from core.tables import Table

__all__ = ["EVIDENCE_FIGURES", "STEPS", "Step"]


@dataclass(frozen=True)
class Step:
    number: int
    title: str
    question: str  # what the page answers, in our words
    produces: str
    tables: tuple[Table, ...]


STEPS: tuple[Step, ...] = (
    Step(
        1,
        "System map",
        "Who shapes the problem, who holds power, and which loops keep the system stuck?",
        "an actor map, feedback loops and the barriers in the way",
        (Table.ACTORS, Table.RELATIONS, Table.FACTORS, Table.CAUSAL_LINKS, Table.BARRIERS),
    ),
    Step(
        2,
        "Problem & fact base",
        "What do we know, where do we disagree, and what exactly are we solving?",
        "one shared evidence base, one problem statement and a few measurable outcomes",
        (Table.EVIDENCE, Table.RATINGS, Table.STATEMENTS, Table.OUTCOMES),
    ),
    Step(
        3,
        "Partners",
        "Who can move policy, capital, supply chains and communities, together?",
        "a scored long list and a complementary short list",
        (Table.ACTORS,),
    ),
    Step(
        4,
        "Governance",
        "Who decides, who pays, who is accountable?",
        "a governance model, decision rights, roles and a charter",
        (Table.RACI, Table.DECISIONS, Table.CHAMBERS, Table.VALUE_PROPS),
    ),
    Step(
        5,
        "Metrics & funding",
        "How will we know it works, and who funds it over time?",
        "a theory of change, shared indicators, partner targets and a funding model",
        (Table.TOC_ITEMS, Table.TOC_LINKS, Table.INDICATORS, Table.PARTNER_TARGETS, Table.FUNDING_SHARES),
    ),
    Step(
        6,
        "Pilots & scaling",
        "Does it work in the field, and where can it scale?",
        "pilots tied to the business, tracked indicators and a scaling pathway",
        (Table.PILOTS, Table.OBSERVATIONS),
    ),
)

# The alliance-research figures of domain.md, quoted as facts.
EVIDENCE_FIGURES: dict[str, str] = {
    "problem": (
        "About 75% of cross-sector partnerships miss partner expectations when the problem is not clearly defined."
    ),
    "data_sharing": (
        "Alliances that share data with members and outside stakeholders are 3x more likely to reach impact at scale."
    ),
    "value_chain": "Broad value-chain participation in decision-making bodies makes scaling 4x more likely.",
    "secretariat": "Alliances led by a professional secretariat are 2.5x more likely to reach scale.",
    "market_leaders": "Alliances started by market leaders (at least two in the pilot) are 1.7x more likely to scale.",
    "theory_of_change": "A full theory of change makes reaching scale 4x more likely.",
    "root_causes": "Only about 30% of corporate-led alliances reach root causes at scale.",
    "duration": "Half of high-impact alliances last more than 15 years.",
}
