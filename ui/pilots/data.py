"""What step 6 reads and derives: records, saved answers, register checks and drift.

The register checks and the drift run are cached on the records they read,
so a widget rerun does not recompute them. The dependency reading is quick
and not cached; the actors' centrality it may ask for is step 1's own cached
analysis, so the two steps share one computation, and it is run only when a
government actor is on board (the one dependency that reads it).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from core.across.readiness import answers_by_topic
from core.model import Topic
from core.pilots import drift
from core.pilots import register as pilots
from core.pilots.dependencies import DependencyStatus, actor_centrality, read_dependencies
from core.pilots.pathways import Dependency
from core.store import Store, Table
from ui import state
from ui.system_map.data import actor_analysis

__all__ = ["TABLES", "PilotsData", "dependencies", "load", "units"]

_OTHER_TOPICS = (Topic.FUNDING, Topic.GOVERNANCE)  # read by the scaling comparison

TABLES = (
    Table.PILOTS,
    Table.OBSERVATIONS,
    Table.INDICATORS,
    Table.FACTORS,
    Table.ACTORS,
    Table.RELATIONS,
    Table.EVIDENCE,
    Table.FUNDING_SHARES,
    Table.ANSWERS,
)


@dataclass(frozen=True)
class PilotsData:
    """Everything the page shows, computed once per change."""

    frames: dict[Table, pd.DataFrame]
    findings: list[pilots.PilotFinding]
    tracked: pd.DataFrame
    alerts: list[drift.DriftAlert]
    k: float
    h: float
    answers: dict[str, dict]  # scaling, funding and governance answers


def load(store: Store, partnership_id: int) -> PilotsData:
    """The partnership's records, the register checks and drift under the saved k and h."""
    frames = state.records(store, partnership_id, TABLES)
    saved = answers_by_topic(frames[Table.ANSWERS])
    settings = saved.get(Topic.TRACKING, {})
    k = float(settings.get("k", drift.DEFAULT_K))
    h = float(settings.get("h", drift.DEFAULT_H))
    findings = _register_checks(frames[Table.PILOTS], frames[Table.FACTORS], frames[Table.ACTORS])
    tracked, found = _drift(frames[Table.PILOTS], frames[Table.INDICATORS], frames[Table.OBSERVATIONS], k, h)
    answers = {topic: dict(saved.get(topic, {})) for topic in (Topic.SCALING, *_OTHER_TOPICS)}
    return PilotsData(frames, findings, tracked, found, k, h, answers)


def units(view: PilotsData) -> dict[str, str]:
    """Each indicator's unit by name ('' when none)."""
    indicators = view.frames[Table.INDICATORS]
    return dict(zip(indicators["name"], indicators["unit"].fillna(""), strict=True))


def dependencies(
    view: PilotsData, funding: Mapping[str, object], asked: Mapping[str, object]
) -> dict[Dependency, DependencyStatus]:
    """How far each scaling dependency is met, from the records and the answers.

    Not cached: reading them takes about 10 ms even at 10,000 actors, and the
    actor analysis it may ask for must be waited for outside any cache, or the
    cache would keep its progress bar and redraw it on every rerun.
    """

    def centrality() -> pd.DataFrame:  # asked for only when a government actor is on board
        _, metrics = actor_analysis(view.frames[Table.RELATIONS], view.frames[Table.ACTORS])
        return actor_centrality(metrics.table)

    return read_dependencies(view.frames, funding, asked, centrality)


@state.cached(max_entries=16, show_spinner=False)
def _register_checks(register: pd.DataFrame, factors: pd.DataFrame, actors: pd.DataFrame) -> list:
    return pilots.check_register(register, factors, actors)


@state.cached(max_entries=16, show_spinner=False)
def _drift(
    register: pd.DataFrame, indicators: pd.DataFrame, observations: pd.DataFrame, k: float, h: float
) -> tuple[pd.DataFrame, list[drift.DriftAlert]]:
    tracked = drift.track(register, indicators, observations, k, h)
    return tracked, drift.alerts(tracked, register, indicators, h)
