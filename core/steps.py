"""The registry of places in the app: the six steps and the pages across them.

Each step has one name, its ``slug``, used everywhere: its folder in ``core/``
and ``ui/``, its page script ``pages/steps/<slug>.py``, its URL and its tests.
``app.py`` builds the navigation from this module, readiness links failing
checks to ``Step.page``, and the tests open pages by it.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.tables import Table

__all__ = ["ACROSS", "EVIDENCE_FIGURES", "HOME", "STEPS", "Place", "Step", "step"]


@dataclass(frozen=True)
class Place:
    """A page that is not a step: home and the tools across partnerships."""

    slug: str
    title: str
    icon: str  # a Material Symbols name, as Streamlit's navigation draws it

    @property
    def page(self) -> str:
        return f"pages/across/{self.slug}.py"


@dataclass(frozen=True)
class Step:
    """One step of the framework and the page that walks a team through it."""

    number: int
    slug: str
    title: str
    icon: str
    question: str  # what the page answers, in our words
    produces: str
    tables: tuple[Table, ...]

    @property
    def page(self) -> str:
        """The page script; its URL is the slug (Streamlit's default for a file)."""
        return f"pages/steps/{self.slug}.py"

    @property
    def label(self) -> str:
        """The title with its number, as the navigation shows it."""
        return f"{self.number} {self.title}"


STEPS: tuple[Step, ...] = (
    Step(
        1,
        "system_map",
        "System map",
        ":material/hub:",
        "Who shapes the problem, who holds power, and which loops keep the system stuck?",
        "an actor map, feedback loops and the barriers in the way",
        (Table.ACTORS, Table.RELATIONS, Table.FACTORS, Table.CAUSAL_LINKS, Table.BARRIERS),
    ),
    Step(
        2,
        "problem",
        "Problem & fact base",
        ":material/fact_check:",
        "What do we know, where do we disagree, and what exactly are we solving?",
        "one shared evidence base, one problem statement and a few measurable outcomes",
        (Table.EVIDENCE, Table.RATINGS, Table.STATEMENTS, Table.OUTCOMES),
    ),
    Step(
        3,
        "partners",
        "Partners",
        ":material/groups:",
        "Who can move policy, capital, supply chains and communities, together?",
        "a scored long list and a complementary short list",
        (Table.ACTORS,),
    ),
    Step(
        4,
        "governance",
        "Governance",
        ":material/gavel:",
        "Who decides, who pays, who is accountable?",
        "a governance model, decision rights, roles and a charter",
        (Table.RACI, Table.DECISIONS, Table.CHAMBERS, Table.VALUE_PROPS),
    ),
    Step(
        5,
        "metrics",
        "Metrics & funding",
        ":material/query_stats:",
        "How will we know it works, and who funds it over time?",
        "a theory of change, shared indicators, partner targets and a funding model",
        (Table.TOC_ITEMS, Table.TOC_LINKS, Table.INDICATORS, Table.PARTNER_TARGETS, Table.FUNDING_SHARES),
    ),
    Step(
        6,
        "pilots",
        "Pilots & scaling",
        ":material/rocket_launch:",
        "Does it work in the field, and where can it scale?",
        "pilots tied to the business, tracked indicators and a scaling pathway",
        (Table.PILOTS, Table.OBSERVATIONS),
    ),
)

HOME = Place("home", "Home", ":material/home:")

ACROSS: tuple[Place, ...] = (
    Place("portfolio", "Portfolio", ":material/dashboard:"),
    Place("workshop", "Workshop", ":material/co_present:"),
    Place("room", "Live room", ":material/cast_for_education:"),
    Place("action_plan", "Action plan", ":material/task_alt:"),
    Place("cases", "Case library", ":material/menu_book:"),
    Place("history", "History", ":material/history:"),
    Place("backups", "Backups", ":material/backup:"),
)
"""The pages across steps and partnerships, in the order the navigation lists them."""


def step(slug: str) -> Step:
    """The step named ``slug``.

    >>> step("governance").number, step("governance").page
    (4, 'pages/steps/governance.py')
    """
    for candidate in STEPS:
        if candidate.slug == slug:
            return candidate
    raise KeyError(f"no step is called {slug!r}; the steps are {', '.join(s.slug for s in STEPS)}")


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
