"""Real cases that illustrate the six steps, told in our own words.

Names, years and figures are the ones listed in the framework's case table
(domain.md); the summaries are ours. Each case is tied to the step whose
practice it shows best.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.steps import STEPS

__all__ = ["CASES", "Case", "cases_for_step"]


@dataclass(frozen=True)
class Case:
    name: str
    when: str
    step: int
    practice: str  # the tool or practice it shows
    summary: str  # what happened, as facts, in our words
    lesson: str  # what a partnership team can take from it

    @property
    def step_title(self) -> str:
        return STEPS[self.step - 1].title


CASES: tuple[Case, ...] = (
    Case(
        "NextWave Plastics",
        "2017, convened by Lonely Whale with Dell",
        1,
        "Actor mapping",
        "Companies convened by Lonely Whale, Dell among them, mapped the supplier networks and the places where "
        "ocean-bound plastic is collected, to find where their purchasing could change what happens on the coast.",
        "Map the supply network before choosing partners: it shows who actually handles the material.",
    ),
    Case(
        "RMI with WRI, NRDC and ClimateWorks",
        "2020",
        1,
        "Causal loop diagram",
        "The partners drew one shared causal loop diagram of India's electric-vehicle market and "
        "kept revising it as COVID-19 changed demand and supply.",
        "A shared loop diagram is a living tool: update it when the system shifts under you.",
    ),
    Case(
        "Thai Union, seafood labour",
        "fact base on labour at sea",
        2,
        "Shared fact base",
        "The fact base brought out three blind spots: crews and managers did not share a language, "
        "no single authority covered vessels at sea, and monitoring on board was weak. "
        "The response included traceability from bait to plate.",
        "Collect the evidence before writing the problem statement: the real problem may not be the one you assumed.",
    ),
    Case(
        "H&M Foundation, Saamuhika Shakti",
        "Bengaluru, 2022",
        3,
        "Community organisations as decision-makers",
        "Informal waste pickers took part as decision-makers in the programme, not as its beneficiaries.",
        "Put the people who live with the problem where decisions are made.",
    ),
    Case(
        "Initiative for Responsible Mining Assurance (IRMA)",
        "2022 board",
        4,
        "Equitable multi-stakeholder governance",
        "The board has six chambers with equal weight: mining companies, purchasers, finance, NGOs, "
        "affected communities and organised labour.",
        "Equal chambers buy broad legitimacy for a global standard, at the price of slower decisions.",
    ),
    Case(
        "Roundtable on Sustainable Biomaterials",
        "secretariat by sector",
        4,
        "Professional secretariat",
        "Secretariat staff are assigned to the sectors the standard serves, such as aviation, energy and textiles.",
        "A dedicated secretariat organised around members' sectors keeps multi-year work moving.",
    ),
    Case(
        "Sustainable Apparel Coalition, Higg Index",
        "shared measurement",
        5,
        "Shared metrics",
        "One measurement suite is used by more than 21,000 organisations in 119 countries, "
        "covering about 40% of the apparel industry.",
        "A common data dictionary lets a whole industry compare progress on the same terms.",
    ),
    Case(
        "Oil and Gas Climate Initiative",
        "pooled climate fund",
        5,
        "Pooled fund",
        "Members pooled a fund of $1 billion, with labs and pilot facilities, that has made 24 investments.",
        "Pooled money shares the risk of hard-to-abate R&D, once members trust each other and IP is protected.",
    ),
    Case(
        "Primark with CottonConnect and Oritain",
        "organic cotton pilot",
        6,
        "Pilot tied to a supply risk",
        "Organic cotton is about 1% of world cotton production, a real supply risk for a large buyer. "
        "Primark ran the pilot with CottonConnect and Oritain, using forensic tracing to confirm "
        "where the cotton came from.",
        "Tie a pilot to a real business risk and let an independent third party verify the claims.",
    ),
)


def cases_for_step(step: int) -> list[Case]:
    """The cases that illustrate ``step`` (1-6)."""
    return [case for case in CASES if case.step == step]
