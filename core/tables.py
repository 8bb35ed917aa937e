"""What each record kind holds: the one place columns are declared.

Every table also carries ``partnership_id`` (added by the store, never
shown). Lists inside a cell are ``;``-separated names. Names are the
natural keys that tie records together within a partnership (an actor's
name in relations, RACI and pilots; a factor's name in causal links,
barriers and evidence).

The migrations in :mod:`core.store.migrations` create exactly these
columns; a test checks that the two agree.

This module is long on purpose: it is the one place the schema is declared,
every table's columns and rules in one list. Splitting it would scatter the
schema over files that must agree with each other and with the migrations.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from core.model import (
    BarrierCategory,
    EvidenceKind,
    IndicatorLevel,
    Lever,
    PartnerType,
    PilotStatus,
    RaciRole,
    ToCLevel,
)

__all__ = ["SPECS", "Column", "ColumnKind", "Table", "TableSpec", "spec"]


class ColumnKind(StrEnum):
    """What a column holds, and so how it is typed, checked, stored and edited."""

    TEXT = "text"
    NUMBER = "number"
    INTEGER = "integer"
    BOOL = "bool"
    DATE = "date"
    TIMESTAMP = "timestamp"
    JSON = "json"  # text holding a JSON object

    @property
    def sql_type(self) -> str:
        return _SQL_TYPES[self]


_SQL_TYPES = {
    ColumnKind.TEXT: "VARCHAR",
    ColumnKind.NUMBER: "DOUBLE",
    ColumnKind.INTEGER: "INTEGER",
    ColumnKind.BOOL: "BOOLEAN",
    ColumnKind.DATE: "DATE",
    ColumnKind.TIMESTAMP: "TIMESTAMP",
    ColumnKind.JSON: "VARCHAR",
}


@dataclass(frozen=True)
class Column:
    """One column: its name, kind and the rules a value must meet.

    ``choices`` restricts text to canonical values; ``many`` means the cell
    is a ``;``-separated list (of choices, when there are choices).
    """

    name: str
    kind: ColumnKind = ColumnKind.TEXT
    required: bool = False
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] | None = None
    many: bool = False
    help: str = ""

    @property
    def sql_type(self) -> str:
        return self.kind.sql_type


def _values(enum: type[StrEnum]) -> tuple[str, ...]:
    return tuple(member.value for member in enum)


class Table(StrEnum):
    """Record kinds stored per partnership (the value is the SQL table name)."""

    ACTORS = "actors"
    RELATIONS = "relations"
    FACTORS = "factors"
    CAUSAL_LINKS = "causal_links"
    BARRIERS = "barriers"
    EVIDENCE = "evidence"
    RATINGS = "ratings"
    STATEMENTS = "statements"
    OUTCOMES = "outcomes"
    RACI = "raci"
    DECISIONS = "decisions"
    CHAMBERS = "chambers"
    VALUE_PROPS = "value_props"
    TOC_ITEMS = "toc_items"
    TOC_LINKS = "toc_links"
    INDICATORS = "indicators"
    PARTNER_TARGETS = "partner_targets"
    FUNDING_SHARES = "funding_shares"
    PILOTS = "pilots"
    OBSERVATIONS = "observations"
    COMMITMENTS = "commitments"
    OWNERS = "owners"
    STORIES = "stories"
    ANSWERS = "answers"


@dataclass(frozen=True)
class TableSpec:
    table: Table
    title: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]  # natural key within a partnership: no two rows share it

    @property
    def names(self) -> list[str]:
        return [column.name for column in self.columns]

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)


_SCORE = {"kind": ColumnKind.NUMBER, "low": 1, "high": 5}

SPECS: dict[Table, TableSpec] = {
    spec.table: spec
    for spec in [
        TableSpec(
            Table.ACTORS,
            "Actors and candidate partners",
            (
                Column("name", required=True),
                Column("type", required=True, choices=_values(PartnerType)),
                Column("sector"),
                Column("value_chain", help="value-chain position"),
                Column("place"),
                Column("levers", choices=_values(Lever), many=True),
                Column("interest", **_SCORE),
                Column("influence", **_SCORE),
                Column("assets"),
                Column("asset_tags", many=True, help="short words for what it brings, separated by ;"),
                Column("market_leader", ColumnKind.BOOL),
                Column("power", **_SCORE),
                Column("legitimacy", **_SCORE),
                Column("urgency", **_SCORE),
                Column("shortlisted", ColumnKind.BOOL),
                Column("notes"),
            ),
            ("name",),
        ),
        TableSpec(
            Table.RELATIONS,
            "Relations between actors",
            (
                Column("source", required=True),
                Column("target", required=True),
                Column("kind", help="funds, regulates, supplies, influences, partners, conflicts"),
                Column("weight", ColumnKind.NUMBER, low=0),
                Column("directed", ColumnKind.BOOL),
                Column("notes"),
            ),
            ("source", "target", "kind"),
        ),
        TableSpec(
            Table.FACTORS,
            "Causal factors",
            (Column("name", required=True), Column("description")),
            ("name",),
        ),
        TableSpec(
            Table.CAUSAL_LINKS,
            "Causal links",
            (
                Column("cause", required=True),
                Column("effect", required=True),
                Column("polarity", ColumnKind.INTEGER, required=True, low=-1, high=1, help="+1 or -1; 0 if not known"),
                Column("strength", ColumnKind.NUMBER, low=-1, high=1),
                Column("delay", ColumnKind.BOOL),
            ),
            ("cause", "effect"),
        ),
        TableSpec(
            Table.BARRIERS,
            "Barriers (issue map)",
            (
                Column("name", required=True),
                Column("category", required=True, choices=_values(BarrierCategory)),
                Column("severity", ColumnKind.INTEGER, low=1, high=5),
                Column("actors"),
                Column("factors"),
                Column("notes"),
            ),
            ("name",),
        ),
        TableSpec(
            Table.EVIDENCE,
            "Fact base",
            (
                Column("statement", required=True),
                Column("value", ColumnKind.NUMBER),
                Column("unit"),
                Column("kind", required=True, choices=_values(EvidenceKind)),
                Column("source"),
                Column("date", ColumnKind.DATE),
                Column("confidence", choices=("low", "medium", "high")),
                Column("shared", ColumnKind.BOOL, help="shared with members and outside stakeholders"),
                Column("actors"),
                Column("factors"),
            ),
            ("statement",),
        ),
        TableSpec(
            Table.RATINGS,
            "Root-cause ratings",
            (
                Column("participant", required=True),
                Column("cause", required=True),
                Column("rating", ColumnKind.NUMBER, required=True, low=1, high=5),
            ),
            ("participant", "cause"),
        ),
        TableSpec(
            Table.STATEMENTS,
            "Problem statement versions",
            (
                Column("version", ColumnKind.INTEGER, required=True, low=1),
                Column("text", required=True),
                Column("saved_at", ColumnKind.TIMESTAMP),
                Column("parts", help="the builder's answers, as JSON"),
            ),
            ("version",),
        ),
        TableSpec(
            Table.OUTCOMES,
            "Measurable outcomes",
            (
                Column("metric", required=True),
                Column("unit"),
                Column("baseline", ColumnKind.NUMBER),
                Column("target", ColumnKind.NUMBER),
                Column("due_date", ColumnKind.DATE),
                Column("owner"),
            ),
            ("metric",),
        ),
        TableSpec(
            Table.RACI,
            "RACI",
            (
                Column("activity", required=True),
                Column("partner", required=True),
                Column("role", required=True, choices=_values(RaciRole)),
            ),
            ("activity", "partner"),
        ),
        TableSpec(
            Table.DECISIONS,
            "Decision rights",
            (
                Column("decision", required=True),
                Column("decider"),
                Column("rule", choices=("consensus", "majority", "equal sector chambers", "lead partner")),
                Column("escalation"),
            ),
            ("decision",),
        ),
        TableSpec(
            Table.CHAMBERS,
            "Sector chambers",
            (
                Column("chamber", required=True),
                Column("members"),
                Column("votes", ColumnKind.INTEGER, low=0),
            ),
            ("chamber",),
        ),
        TableSpec(
            Table.VALUE_PROPS,
            "Value propositions",
            (Column("partner", required=True), Column("gives"), Column("gains")),
            ("partner",),
        ),
        TableSpec(
            Table.TOC_ITEMS,
            "Theory of change",
            (
                Column("name", required=True),
                Column("level", required=True, choices=_values(ToCLevel)),
                Column("description"),
            ),
            ("name",),
        ),
        TableSpec(
            Table.TOC_LINKS,
            "Theory of change links",
            (Column("source", required=True), Column("target", required=True)),
            ("source", "target"),
        ),
        TableSpec(
            Table.INDICATORS,
            "Shared indicators (data dictionary)",
            (
                Column("name", required=True),
                Column("definition"),
                Column("unit"),
                Column("method"),
                Column("data_source"),
                Column("owner"),
                Column("cadence", help="monthly, quarterly, half-yearly, yearly"),
                Column("baseline", ColumnKind.NUMBER),
                Column("target", ColumnKind.NUMBER),
                Column("target_date", ColumnKind.DATE),
                Column("level", required=True, choices=_values(IndicatorLevel)),
                Column("toc_item", help="the theory-of-change item it measures"),
            ),
            ("name",),
        ),
        TableSpec(
            Table.PARTNER_TARGETS,
            "Partner targets",
            (
                Column("partner", required=True),
                Column("indicator", required=True),
                Column("target", ColumnKind.NUMBER, required=True),
                Column("unit"),
                Column("due_date", ColumnKind.DATE),
            ),
            ("partner", "indicator"),
        ),
        TableSpec(
            Table.FUNDING_SHARES,
            "Funding shares",
            (
                Column("partner", required=True),
                Column("amount", ColumnKind.NUMBER, required=True, low=0),
                Column("model"),
                Column("notes"),
            ),
            ("partner",),
        ),
        TableSpec(
            Table.PILOTS,
            "Pilots",
            (
                Column("name", required=True),
                Column("aim", help="industry adoption, policy, community, internal"),
                Column("lever", choices=_values(Lever)),
                Column("factor"),
                Column("value_chain"),
                Column("partners"),
                Column("market_leaders"),
                Column("validator"),
                Column("start_date", ColumnKind.DATE),
                Column("end_date", ColumnKind.DATE),
                Column("status", choices=_values(PilotStatus)),
                Column("indicators", help="indicators tracked by this pilot"),
            ),
            ("name",),
        ),
        TableSpec(
            Table.OBSERVATIONS,
            "Indicator observations",
            (
                Column("pilot", help="empty for partnership-wide reports"),
                Column("indicator", required=True),
                Column("date", ColumnKind.DATE, required=True),
                Column("value", ColumnKind.NUMBER, required=True),
                Column("note"),
            ),
            ("pilot", "indicator", "date"),
        ),
        TableSpec(
            Table.COMMITMENTS,
            "Action plan",
            (
                Column("commitment", required=True),
                Column("who"),
                Column("due_date", ColumnKind.DATE),
                Column("tracking"),
                Column("status", choices=("open", "in progress", "done", "dropped")),
            ),
            ("commitment",),
        ),
        TableSpec(
            Table.OWNERS,
            "Internal owners and sponsors",
            (
                Column("person", required=True),
                Column("business_unit"),
                Column("role", choices=("owner", "sponsor", "contributor")),
                Column("scope", help="the partnership, or a step such as 'step 1'"),
            ),
            ("person", "scope"),
        ),
        TableSpec(
            Table.STORIES,
            "Impact stories",
            (
                Column("title", required=True),
                Column("narrative"),
                Column("place"),
                Column("who"),
                Column("date", ColumnKind.DATE),
                Column("indicator"),
            ),
            ("title",),
        ),
        TableSpec(
            Table.ANSWERS,
            "Questionnaire answers",
            (
                Column("topic", required=True, help="systemic_test, governance, funding, scaling, ..."),
                Column("payload", ColumnKind.JSON, required=True, help="the answers, as a JSON object"),
            ),
            ("topic",),
        ),
    ]
}


def spec(table: Table) -> TableSpec:
    """Return the spec of ``table``."""
    return SPECS[Table(table)]
