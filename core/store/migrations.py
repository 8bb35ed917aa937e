"""Versioned schema migrations.

Each migration runs once, in version order, inside one transaction, and is
recorded in ``schema_version``. Never edit a migration that has shipped:
add a new one. Version ranges keep parallel work apart: step N's issue
adds migrations numbered N*100 and up.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["MIGRATIONS", "Migration"]


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


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

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial schema", _INITIAL),
    Migration(900, "snapshots for undo", _SNAPSHOTS),
)
