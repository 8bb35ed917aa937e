"""Two points in a partnership's history side by side: what the system and the coalition did between them.

Given the records at two points (:func:`core.store.history.records_at`,
frames indexed by row id), :func:`compare` lists every record added, removed
or changed, and what that did to the analyses a room talks about: actors and
ties on the map, feedback loops, brokers and bottlenecks, partner scores and
the short list, indicator values and the series that fell behind plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

import pandas as pd

from core.across.history import THING, record_name, same, shown
from core.across.portfolio import drift
from core.metrics.reporting import dashboard
from core.partners.scoring import score
from core.system_map.causal import build_diagram, find_loops
from core.system_map.network import analyse, build_network
from core.tables import Table, spec

__all__ = ["KEY_BROKERS", "Comparison", "Moved", "RecordChanges", "Status", "compare", "moved", "sheets"]

_SCORE_STEP = 0.05  # scores are shown to one decimal: a smaller move is not a change
KEY_BROKERS = 5  # the brokers a room watches: the most between, as the system map's findings name them


class Status(StrEnum):
    """What happened to a node or tie of the map between the two points."""

    ADDED = "added"
    REMOVED = "removed"
    KEPT = "kept"


@dataclass(frozen=True)
class RecordChanges:
    """One table's differences: records added and removed (by name), and each field changed."""

    table: Table
    added: list[str]
    removed: list[str]
    changed: pd.DataFrame  # record, field, then, now

    @property
    def count(self) -> int:
        return len(self.added) + len(self.removed) + len(self.changed)


@dataclass(frozen=True)
class Moved:
    """A list (brokers, the short list, series behind plan) at both points."""

    then: list[str]
    now: list[str]

    @property
    def joined(self) -> list[str]:
        return [name for name in self.now if name not in self.then]

    @property
    def left(self) -> list[str]:
        return [name for name in self.then if name not in self.now]


@dataclass
class Comparison:
    records: dict[Table, RecordChanges]
    actors: dict[str, Status]
    ties: dict[tuple[str, str], Status]
    loops: Moved
    brokers: Moved
    bottlenecks: Moved
    short_list: Moved
    scores: pd.DataFrame  # partner, then, now, change: partners whose score moved
    indicators: pd.DataFrame  # indicator, then, now: latest values that moved
    behind: Moved  # "pilot: indicator" series behind their plan
    notes: list[str] = field(default_factory=list)

    @property
    def unchanged(self) -> bool:
        return not self.records


def compare(then: dict[Table, pd.DataFrame], now: dict[Table, pd.DataFrame], today: date) -> Comparison:
    """Everything that differs between the records ``then`` and ``now`` (both indexed by row id)."""
    records = {table: _records(table, then[table], now[table]) for table in now if table in then}
    network_then, network_now = _network(then), _network(now)
    scores_then, scores_now = _scores(then[Table.ACTORS]), _scores(now[Table.ACTORS])
    return Comparison(
        records={table: changes for table, changes in records.items() if changes.count},
        actors=_statuses(set(then[Table.ACTORS]["name"].dropna()), set(now[Table.ACTORS]["name"].dropna())),
        ties=_statuses(_ties(then[Table.RELATIONS]), _ties(now[Table.RELATIONS])),
        loops=Moved(_loops(then), _loops(now)),
        brokers=Moved(network_then[0], network_now[0]),
        bottlenecks=Moved(network_then[1], network_now[1]),
        short_list=Moved(_short_list(then[Table.ACTORS]), _short_list(now[Table.ACTORS])),
        scores=_moved_scores(scores_then, scores_now),
        indicators=_moved_values(_latest(then, today), _latest(now, today)),
        behind=Moved(_behind(then), _behind(now)),
    )


def _records(table: Table, then: pd.DataFrame, now: pd.DataFrame) -> RecordChanges:
    added = [record_name(table, _plain(now.loc[row_id])) for row_id in now.index.difference(then.index)]
    removed = [record_name(table, _plain(then.loc[row_id])) for row_id in then.index.difference(now.index)]
    common = now.index.intersection(then.index)
    old, new = then.loc[common], now.loc[common]
    # Rows whose every cell is the same as a whole column comparison; only the others are looked at one by one.
    differ = pd.Series(False, index=common)
    for name in spec(table).names:
        before, after = old[name], new[name]
        differ |= ~((before == after).fillna(False).astype(bool) | (before.isna() & after.isna()))
    changed = []
    for row_id in common[differ.to_numpy()]:
        was, now_row = _plain(old.loc[row_id]), _plain(new.loc[row_id])
        for column in spec(table).columns:
            if not same(was.get(column.name), now_row.get(column.name)):
                values = [
                    "" if value is None else shown(value, column.kind)
                    for value in (was[column.name], now_row[column.name])
                ]
                changed.append((record_name(table, now_row), column.name.replace("_", " "), *values))
    return RecordChanges(table, added, removed, pd.DataFrame(changed, columns=["record", "field", "then", "now"]))


def _plain(row: pd.Series) -> dict[str, object]:
    return {
        name: (None if pd.isna(value) else value) if not isinstance(value, (list, dict)) else value
        for name, value in row.items()
    }


def _statuses(then: set, now: set) -> dict:
    return {
        **{item: Status.KEPT for item in then & now},
        **{item: Status.ADDED for item in now - then},
        **{item: Status.REMOVED for item in then - now},
    }


def _ties(relations: pd.DataFrame) -> set[tuple[str, str]]:
    pairs = relations.dropna(subset=["source", "target"])
    return {
        tuple(sorted((str(source), str(target))))
        for source, target in zip(pairs["source"], pairs["target"], strict=True)
    }


def _network(records: dict[Table, pd.DataFrame]) -> tuple[list[str], list[str]]:
    relations = records[Table.RELATIONS].reset_index(drop=True)
    if relations.dropna(subset=["source", "target"]).empty:
        return [], []
    metrics = analyse(build_network(relations, records[Table.ACTORS].reset_index(drop=True)))
    return list(metrics.brokers[:KEY_BROKERS]), list(metrics.bottlenecks)


def _loops(records: dict[Table, pd.DataFrame]) -> list[str]:
    links = records[Table.CAUSAL_LINKS].reset_index(drop=True)
    if links.empty:
        return []
    report = find_loops(build_diagram(links, records[Table.FACTORS].reset_index(drop=True)))
    return [f"{loop.kind.label}: {loop.describe()}" for loop in report.loops]


def _scores(actors: pd.DataFrame) -> pd.Series:
    if actors.empty:
        return pd.Series(dtype=float)
    scored = score(actors.reset_index(drop=True))
    return scored.set_index("name")["score"].astype(float)


def _moved_scores(then: pd.Series, now: pd.Series) -> pd.DataFrame:
    both = pd.concat([then.rename("then"), now.rename("now")], axis=1)
    both["change"] = both["now"] - both["then"]
    moved = both[both["change"].abs().ge(_SCORE_STEP) | (both["then"].isna() != both["now"].isna())]
    moved = moved.reindex(moved["change"].abs().sort_values(ascending=False, na_position="last").index)
    return moved.rename_axis("partner").reset_index().round(1)


def _short_list(actors: pd.DataFrame) -> list[str]:
    listed = actors[actors["shortlisted"].fillna(False).astype(bool)]
    return sorted(listed["name"].dropna().astype(str))


def _latest(records: dict[Table, pd.DataFrame], today: date) -> pd.Series:
    indicators = records[Table.INDICATORS].reset_index(drop=True)
    if indicators.empty:
        return pd.Series(dtype=float)
    board = dashboard(indicators, records[Table.OBSERVATIONS].reset_index(drop=True), today)
    return board.set_index("indicator")["latest"].astype(float)


def _moved_values(then: pd.Series, now: pd.Series) -> pd.DataFrame:
    both = pd.concat([then.rename("then"), now.rename("now")], axis=1)
    moved = both[~((both["then"] == both["now"]) | (both["then"].isna() & both["now"].isna()))]
    return moved.rename_axis("indicator").reset_index()


def _behind(records: dict[Table, pd.DataFrame]) -> list[str]:
    status = drift(
        records[Table.INDICATORS].reset_index(drop=True),
        records[Table.OBSERVATIONS].reset_index(drop=True),
        pilots=records[Table.PILOTS].reset_index(drop=True),
    )
    behind = status[status["behind"].astype(bool)] if len(status) else status
    return [
        f"{pilot}: {indicator}" if pilot else str(indicator)
        for pilot, indicator in zip(behind["pilot"], behind["indicator"], strict=True)
    ]


def moved(comparison: Comparison) -> list[tuple[str, list[str]]]:
    """What moved between the two points, as (what, names) in the order a room reads it; every entry, even empty."""
    return [
        ("Actors that came", sorted(name for name, status in comparison.actors.items() if status is Status.ADDED)),
        ("Actors that left", sorted(name for name, status in comparison.actors.items() if status is Status.REMOVED)),
        ("Loops that appeared", comparison.loops.joined),
        ("Loops that disappeared", comparison.loops.left),
        ("New key brokers", comparison.brokers.joined),
        ("No longer key brokers", comparison.brokers.left),
        ("New bottlenecks", comparison.bottlenecks.joined),
        ("No longer bottlenecks", comparison.bottlenecks.left),
        ("Joined the short list", comparison.short_list.joined),
        ("Left the short list", comparison.short_list.left),
        ("Fell behind plan", comparison.behind.joined),
        ("Back on plan", comparison.behind.left),
    ]


def sheets(comparison: Comparison, then_label: str, now_label: str) -> dict[str, pd.DataFrame]:
    """The comparison as workbook sheets: a summary, then every record change."""
    summary = [(what, "; ".join(names)) for what, names in moved(comparison)]
    out = {
        "Summary": pd.DataFrame(
            [("From", then_label), ("To", now_label), *summary], columns=["What", "Between the two points"]
        ),
        "Partner scores": comparison.scores.rename(columns=str.capitalize),
        "Indicator values": comparison.indicators.rename(columns=str.capitalize),
    }
    for table, changes in comparison.records.items():
        rows = [(f"{THING[table]} added", name, "", "") for name in changes.added]
        rows += [(f"{THING[table]} removed", name, "", "") for name in changes.removed]
        rows += [(f"{row.field} changed", row.record, row.then, row.now) for row in changes.changed.itertuples()]
        out[spec(table).title] = (
            pd.DataFrame(rows, columns=["What happened", "Record", "Then", "Now"]) if rows else None
        )
    return {name: frame for name, frame in out.items() if frame is not None}
