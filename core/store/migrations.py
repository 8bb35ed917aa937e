"""Versioned schema migrations.

Each migration runs once, in version order, inside one transaction, and is
recorded in ``schema_version``. Never edit a migration that has shipped:
add a new one. Version ranges keep parallel work apart: step N's issue
adds migrations numbered N*100 and up.

Why this module is longer than most: it is the schema's whole history, SQL
that has shipped and is never edited, read top to bottom in the order it
runs; split up, a reader would lose that order.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from core.store.backend import Connection

__all__ = ["MIGRATIONS", "Migration"]


@dataclass(frozen=True)
class Migration:
    """One schema change: SQL in DuckDB's dialect (spelt for PostgreSQL by the back-end), or a function."""

    version: int
    name: str
    change: str | Callable[[Connection], None]

    def apply(self, connection: Connection) -> None:
        if callable(self.change):
            self.change(connection)
        else:
            connection.script(self.change)


_INITIAL = """
    CREATE SEQUENCE partnership_ids START 1;
    CREATE TABLE partnerships (
        id INTEGER PRIMARY KEY DEFAULT nextval('partnership_ids'),
        name VARCHAR NOT NULL UNIQUE,
        problem VARCHAR,
        stage VARCHAR,
        created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
        updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp
    );
    CREATE TABLE actors (
        partnership_id INTEGER NOT NULL,
        name VARCHAR,
        type VARCHAR,
        sector VARCHAR,
        value_chain VARCHAR,
        place VARCHAR,
        levers VARCHAR,
        interest DOUBLE,
        influence DOUBLE,
        assets VARCHAR,
        asset_tags VARCHAR,
        market_leader BOOLEAN,
        power DOUBLE,
        legitimacy DOUBLE,
        urgency DOUBLE,
        shortlisted BOOLEAN,
        notes VARCHAR
    );
    CREATE TABLE relations (
        partnership_id INTEGER NOT NULL,
        source VARCHAR,
        target VARCHAR,
        kind VARCHAR,
        weight DOUBLE,
        directed BOOLEAN,
        notes VARCHAR
    );
    CREATE TABLE factors (
        partnership_id INTEGER NOT NULL,
        name VARCHAR,
        description VARCHAR
    );
    CREATE TABLE causal_links (
        partnership_id INTEGER NOT NULL,
        cause VARCHAR,
        effect VARCHAR,
        polarity INTEGER,
        strength DOUBLE,
        delay BOOLEAN
    );
    CREATE TABLE barriers (
        partnership_id INTEGER NOT NULL,
        name VARCHAR,
        category VARCHAR,
        severity INTEGER,
        actors VARCHAR,
        factors VARCHAR,
        notes VARCHAR
    );
    CREATE TABLE evidence (
        partnership_id INTEGER NOT NULL,
        statement VARCHAR,
        value DOUBLE,
        unit VARCHAR,
        kind VARCHAR,
        source VARCHAR,
        date DATE,
        confidence VARCHAR,
        shared BOOLEAN,
        actors VARCHAR,
        factors VARCHAR
    );
    CREATE TABLE ratings (
        partnership_id INTEGER NOT NULL,
        participant VARCHAR,
        cause VARCHAR,
        rating DOUBLE
    );
    CREATE TABLE statements (
        partnership_id INTEGER NOT NULL,
        version INTEGER,
        text VARCHAR,
        saved_at TIMESTAMP,
        parts VARCHAR
    );
    CREATE TABLE outcomes (
        partnership_id INTEGER NOT NULL,
        metric VARCHAR,
        unit VARCHAR,
        baseline DOUBLE,
        target DOUBLE,
        due_date DATE,
        owner VARCHAR
    );
    CREATE TABLE raci (
        partnership_id INTEGER NOT NULL,
        activity VARCHAR,
        partner VARCHAR,
        role VARCHAR
    );
    CREATE TABLE decisions (
        partnership_id INTEGER NOT NULL,
        decision VARCHAR,
        decider VARCHAR,
        rule VARCHAR,
        escalation VARCHAR
    );
    CREATE TABLE chambers (
        partnership_id INTEGER NOT NULL,
        chamber VARCHAR,
        members VARCHAR,
        votes INTEGER
    );
    CREATE TABLE value_props (
        partnership_id INTEGER NOT NULL,
        partner VARCHAR,
        gives VARCHAR,
        gains VARCHAR
    );
    CREATE TABLE toc_items (
        partnership_id INTEGER NOT NULL,
        name VARCHAR,
        level VARCHAR,
        description VARCHAR
    );
    CREATE TABLE toc_links (
        partnership_id INTEGER NOT NULL,
        source VARCHAR,
        target VARCHAR
    );
    CREATE TABLE indicators (
        partnership_id INTEGER NOT NULL,
        name VARCHAR,
        definition VARCHAR,
        unit VARCHAR,
        method VARCHAR,
        data_source VARCHAR,
        owner VARCHAR,
        cadence VARCHAR,
        baseline DOUBLE,
        target DOUBLE,
        target_date DATE,
        level VARCHAR,
        toc_item VARCHAR
    );
    CREATE TABLE partner_targets (
        partnership_id INTEGER NOT NULL,
        partner VARCHAR,
        indicator VARCHAR,
        target DOUBLE,
        unit VARCHAR,
        due_date DATE
    );
    CREATE TABLE funding_shares (
        partnership_id INTEGER NOT NULL,
        partner VARCHAR,
        amount DOUBLE,
        model VARCHAR,
        notes VARCHAR
    );
    CREATE TABLE pilots (
        partnership_id INTEGER NOT NULL,
        name VARCHAR,
        aim VARCHAR,
        lever VARCHAR,
        factor VARCHAR,
        value_chain VARCHAR,
        partners VARCHAR,
        market_leaders VARCHAR,
        validator VARCHAR,
        start_date DATE,
        end_date DATE,
        status VARCHAR,
        indicators VARCHAR
    );
    CREATE TABLE observations (
        partnership_id INTEGER NOT NULL,
        pilot VARCHAR,
        indicator VARCHAR,
        date DATE,
        value DOUBLE,
        note VARCHAR
    );
    CREATE TABLE commitments (
        partnership_id INTEGER NOT NULL,
        commitment VARCHAR,
        who VARCHAR,
        due_date DATE,
        tracking VARCHAR,
        status VARCHAR
    );
    CREATE TABLE owners (
        partnership_id INTEGER NOT NULL,
        person VARCHAR,
        business_unit VARCHAR,
        role VARCHAR,
        scope VARCHAR
    );
    CREATE TABLE stories (
        partnership_id INTEGER NOT NULL,
        title VARCHAR,
        narrative VARCHAR,
        place VARCHAR,
        who VARCHAR,
        date DATE,
        indicator VARCHAR
    );
    CREATE TABLE answers (
        partnership_id INTEGER NOT NULL,
        topic VARCHAR,
        payload VARCHAR
    );
"""

# Issue 9: snapshots of one partnership's records, taken before an import or
# a bulk edit so it can be undone. ``payload`` is JSON: {table: {columns, rows}}.
_SNAPSHOTS = """
    CREATE SEQUENCE snapshot_ids START 1;
    CREATE TABLE snapshots (
        id INTEGER PRIMARY KEY DEFAULT nextval('snapshot_ids'),
        partnership_id INTEGER NOT NULL,
        taken_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
        reason VARCHAR,
        payload VARCHAR NOT NULL
    );
"""

# Issue 14: every stored row gets a stable id, so a save changes only the rows
# it touched and two people editing different rows both land; every change is
# logged (who, when, each row before and after), so undo is per person and
# stores only what changed. The whole-partnership snapshots go.
_RECORD_TABLES = tuple(re.findall(r"CREATE TABLE (\w+) \(\s+partnership_id", _INITIAL))

_CHANGE_LOG = """
    CREATE SEQUENCE change_ids START 1;
    CREATE TABLE changes (
        id BIGINT PRIMARY KEY DEFAULT nextval('change_ids'),
        partnership_id INTEGER NOT NULL,
        made_by VARCHAR NOT NULL,
        made_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
        reason VARCHAR,
        undoes BIGINT,
        undone_by BIGINT
    );
    CREATE TABLE change_rows (
        change_id BIGINT NOT NULL,
        table_name VARCHAR NOT NULL,
        row_id BIGINT NOT NULL,
        before VARCHAR,
        after VARCHAR
    );
    CREATE INDEX changes_partnership ON changes (partnership_id, made_by);
    CREATE INDEX change_rows_change ON change_rows (change_id);
    CREATE INDEX change_rows_row ON change_rows (table_name, row_id);
    DROP TABLE snapshots;
    DROP SEQUENCE snapshot_ids;
"""


def _row_ids_and_change_log(connection: Connection) -> None:
    # A counter every write moves: caches and editors key on it (timestamps can tie or step back).
    connection.execute("ALTER TABLE partnerships ADD COLUMN revision BIGINT NOT NULL DEFAULT 0")
    highest = 0
    for table in _RECORD_TABLES:
        connection.execute(f"ALTER TABLE {table} ADD COLUMN row_id BIGINT")
        if connection.dialect == "duckdb":
            # Only a DuckDB file can hold rows from before this migration (a server starts
            # at this schema); its rows are numbered in their stored order.
            connection.execute(
                f"UPDATE {table} SET row_id = numbered.n FROM "
                f"(SELECT rowid AS r, row_number() OVER (ORDER BY rowid) AS n FROM {table}) AS numbered "
                f"WHERE {table}.rowid = numbered.r"
            )
            highest = max(highest, connection.rows(f"SELECT coalesce(max(row_id), 0) FROM {table}")[0][0])
        else:
            connection.execute(f"CREATE INDEX {table}_rows ON {table} (partnership_id, row_id)")
    connection.execute(f"CREATE SEQUENCE row_ids START {int(highest) + 1}")
    connection.script(_CHANGE_LOG)


# The live room (core/store/room/). ``room_answers.item`` is what was rated or voted on
# (one answer per participant and item, changed in place), or a submission's id
# (a proposal or commitment, stored once however often it is sent); ``kind`` is what a proposal proposes.
_LIVE_ROOM = """
    CREATE SEQUENCE room_ids START 1;
    CREATE TABLE room_sessions (
        id INTEGER PRIMARY KEY DEFAULT nextval('room_ids'),
        partnership_id INTEGER NOT NULL,
        name VARCHAR NOT NULL,
        join_code VARCHAR NOT NULL UNIQUE,
        anonymous_allowed BOOLEAN NOT NULL DEFAULT FALSE,
        started_by VARCHAR,
        started_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
        ended_at TIMESTAMP
    );
    CREATE TABLE room_participants (
        id INTEGER PRIMARY KEY DEFAULT nextval('room_ids'),
        session_id INTEGER NOT NULL,
        token VARCHAR NOT NULL UNIQUE,
        name VARCHAR NOT NULL,
        joined_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
        removed_at TIMESTAMP
    );
    CREATE TABLE room_questions (
        session_id INTEGER NOT NULL,
        activity VARCHAR NOT NULL,
        opened_at TIMESTAMP,
        closed_at TIMESTAMP,
        results VARCHAR,
        PRIMARY KEY (session_id, activity)
    );
    CREATE TABLE room_answers (
        id INTEGER PRIMARY KEY DEFAULT nextval('room_ids'),
        session_id INTEGER NOT NULL,
        participant_id INTEGER NOT NULL,
        activity VARCHAR NOT NULL,
        item VARCHAR NOT NULL,
        kind VARCHAR,
        value DOUBLE,
        choice VARCHAR,
        text VARCHAR,
        detail VARCHAR,
        due_date DATE,
        answered_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
        status VARCHAR,
        decided_by VARCHAR,
        merged_into VARCHAR,
        UNIQUE (session_id, participant_id, activity, item)
    );
"""

# A session's revision moves with every room write (an answer, a join, a question opened),
# so a wall or a phone asks one small question to learn whether anything changed.
_ROOM_REVISION = "ALTER TABLE room_sessions ADD COLUMN revision BIGINT DEFAULT 0;"

# Where each node of a map sits (core/store/layouts.py): how a map is drawn, not a record.
_MAP_POSITIONS = """
    CREATE TABLE map_positions (
        partnership_id INTEGER NOT NULL,
        map VARCHAR NOT NULL,
        node_key VARCHAR NOT NULL,
        x DOUBLE NOT NULL,
        y DOUBLE NOT NULL,
        PRIMARY KEY (partnership_id, map, node_key)
    );
"""

# Issue 20. History: a milestone names a point in the change log (the last change it
# includes). Access (team mode): each partnership's members and their roles, every
# refused attempt, and the built-in sign-in's password hashes.
_HISTORY_AND_ACCESS = """
    CREATE SEQUENCE milestone_ids START 1;
    CREATE TABLE milestones (
        id INTEGER PRIMARY KEY DEFAULT nextval('milestone_ids'),
        partnership_id INTEGER NOT NULL,
        name VARCHAR NOT NULL,
        change_id BIGINT NOT NULL,
        made_by VARCHAR NOT NULL,
        made_at TIMESTAMP NOT NULL DEFAULT current_timestamp
    );
    CREATE TABLE members (
        partnership_id INTEGER NOT NULL,
        person VARCHAR NOT NULL,
        role VARCHAR NOT NULL,
        added_by VARCHAR,
        added_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
        PRIMARY KEY (partnership_id, person)
    );
    CREATE SEQUENCE refusal_ids START 1;
    CREATE TABLE refusals (
        id BIGINT PRIMARY KEY DEFAULT nextval('refusal_ids'),
        refused_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
        person VARCHAR NOT NULL,
        partnership_id INTEGER,
        action VARCHAR NOT NULL,
        reason VARCHAR NOT NULL
    );
    CREATE TABLE accounts (
        person VARCHAR PRIMARY KEY,
        password_hash VARCHAR NOT NULL,
        set_at TIMESTAMP NOT NULL DEFAULT current_timestamp
    );
    CREATE INDEX changes_made_at ON changes (partnership_id, id);
"""

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial schema", _INITIAL),
    Migration(900, "snapshots for undo", _SNAPSHOTS),
    Migration(1000, "row ids and the change log", _row_ids_and_change_log),
    Migration(1600, "the live room", _LIVE_ROOM),
    Migration(1610, "a revision per live session", _ROOM_REVISION),
    Migration(1620, "kept map positions", _MAP_POSITIONS),
    Migration(2000, "milestones, members, refusals and accounts", _HISTORY_AND_ACCESS),
)
