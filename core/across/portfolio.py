"""Every partnership in one table, and the drift rule behind its alerts.

Drift rule (simple and stated): an indicator series (one indicator in one
pilot, or partnership-wide) is *behind* when its latest observation has
covered a smaller share of the way from baseline to target than the time
elapsed, by more than :data:`DRIFT_TOLERANCE` of the way. The straight line
runs from the baseline (the indicator's, else the first observation) on the
pilot's start date (as on step 6; else the date of the first observation) to
the target on the target date. Indicator and pilot names match ignoring case.
Falling targets (lower is better) work the same way. Step 6 watches the same
line with a CUSUM, which also catches a small lag that persists.
"""

from __future__ import annotations

import pandas as pd

from core.across.readiness import answers_by_topic, readiness, score
from core.store import Store
from core.tables import Table

__all__ = ["DRIFT_TOLERANCE", "drift", "portfolio", "stories_beside_numbers"]

DRIFT_TOLERANCE = 0.10
"""How far (as a share of baseline-to-target) a series may lag the line."""


def drift(
    indicators: pd.DataFrame,
    observations: pd.DataFrame,
    tolerance: float = DRIFT_TOLERANCE,
    pilots: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Where each tracked series stands against its straight-line trajectory.

    Parameters
    ----------
    indicators, observations
        The ``indicators`` and ``observations`` tables of one partnership.
    pilots
        The ``pilots`` table: a pilot's series starts on its start date.
    tolerance
        Allowed lag, as a share of the baseline-to-target distance.

    Returns
    -------
    DataFrame
        One row per (pilot, indicator) series with a target: ``pilot``,
        ``indicator``, ``latest_date``, ``latest``, ``expected`` (the value on
        the line at the latest date), ``progress`` and ``elapsed`` (shares of
        the way and of the time) and ``behind`` (bool).
    """
    columns = ["pilot", "indicator", "latest_date", "latest", "expected", "progress", "elapsed", "behind"]
    if observations.empty or indicators.empty:
        return pd.DataFrame(columns=columns)
    obs = observations.dropna(subset=["indicator", "date", "value"]).copy()
    obs["pilot"] = obs["pilot"].astype("string").fillna("")
    obs = obs.sort_values("date", kind="stable")
    grouped = obs.groupby(["pilot", "indicator"], sort=True)
    series = grouped.agg(
        start=("date", "first"),
        first=("value", "first"),
        latest_date=("date", "last"),
        latest=("value", "last"),
    ).reset_index()
    if pilots is not None and len(pilots):
        starts = dict(zip(pilots["name"].astype("string").str.casefold(), pilots["start_date"], strict=True))
        pilot_start = pd.to_datetime(series["pilot"].str.casefold().map(starts))
        series["start"] = pilot_start.where(pilot_start < series["start"], series["start"])
    meta = indicators[["name", "baseline", "target", "target_date"]].assign(key=indicators["name"].str.casefold())
    series = series.assign(key=series["indicator"].str.casefold()).drop(columns="indicator")
    series = series.merge(meta.rename(columns={"name": "indicator"}), on="key", how="inner")
    series = series.dropna(subset=["target", "target_date"])
    series = series[series["target_date"] > series["start"]]
    if series.empty:
        return pd.DataFrame(columns=columns)
    baseline = series["baseline"].astype("Float64").fillna(series["first"].astype("Float64"))
    span = (series["target"] - baseline).astype("Float64")
    duration = (series["target_date"] - series["start"]).dt.days
    elapsed = ((series["latest_date"] - series["start"]).dt.days / duration).clip(0, 1)
    progress = ((series["latest"] - baseline) / span.where(span != 0)).astype("Float64")
    series["expected"] = baseline + span * elapsed
    series["elapsed"] = elapsed.astype(float)
    series["progress"] = progress.fillna(1.0)  # a target equal to the baseline is met
    series["behind"] = (series["progress"] < series["elapsed"] - tolerance).astype(bool)
    return series[columns].reset_index(drop=True)


def stories_beside_numbers(stories: pd.DataFrame, indicators: pd.DataFrame, observations: pd.DataFrame) -> pd.DataFrame:
    """Each impact story with the latest figure of the indicator it explains.

    Returns
    -------
    DataFrame
        The stories (newest first) plus ``latest``, ``latest_date``, ``target``,
        ``unit`` and ``behind`` of their indicator (missing when the indicator
        is not tracked; with several series, the one furthest behind).
    """
    status = drift(indicators, observations)  # no pilot start dates here: stories span pilots
    status = status.assign(gap=status["elapsed"] - status["progress"]) if len(status) else status
    worst = (
        status.sort_values("gap", ascending=False).drop_duplicates("indicator")
        if len(status)
        else pd.DataFrame(columns=["indicator", "latest", "latest_date", "behind"])
    )
    meta = indicators[["name", "target", "unit"]].rename(columns={"name": "indicator"})
    numbers = meta.merge(worst[["indicator", "latest", "latest_date", "behind"]], on="indicator", how="left")
    ordered = stories.sort_values("date", ascending=False, na_position="last")
    return ordered.merge(numbers, on="indicator", how="left").reset_index(drop=True)


def portfolio(store: Store) -> pd.DataFrame:
    """One row per partnership in ``store``.

    Returns
    -------
    DataFrame
        ``id``, ``name``, ``stage``, ``readiness`` (checks passed), ``checks``
        (their number), ``partners`` (shortlisted actors), ``indicators``
        (series tracked), ``on_track``, ``behind``, ``drift_alerts`` (the series behind,
        as "indicator (pilot)" text), ``stories`` (count), ``latest_story``
        and ``updated_at``.
    """
    rows = []
    for record in store.partnerships().to_dict("records"):
        pid = int(record["id"])
        frames = store.read_many(pid, list(Table))
        lines = readiness(frames, answers_by_topic(frames[Table.ANSWERS]), record.get("stage"))
        passed, total = score(lines)
        status = drift(frames[Table.INDICATORS], frames[Table.OBSERVATIONS], pilots=frames[Table.PILOTS])
        behind = status[status["behind"]]
        alerts = [
            f"{row.indicator} ({row.pilot})" if row.pilot else str(row.indicator)
            for row in behind.itertuples(index=False)
        ]
        stories = frames[Table.STORIES].sort_values("date", ascending=False, na_position="last")
        rows.append(
            {
                "id": pid,
                "name": record["name"],
                "stage": record.get("stage") or "",
                "readiness": passed,
                "checks": total,
                "partners": int(frames[Table.ACTORS]["shortlisted"].fillna(False).astype(bool).sum()),
                "indicators": len(status),
                "on_track": int(len(status) - len(behind)),
                "behind": len(behind),
                "drift_alerts": "; ".join(alerts),
                "stories": len(stories),
                "latest_story": str(stories["title"].iloc[0]) if len(stories) else "",
                "updated_at": record["updated_at"],
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "id",
            "name",
            "stage",
            "readiness",
            "checks",
            "partners",
            "indicators",
            "on_track",
            "behind",
            "drift_alerts",
            "stories",
            "latest_story",
            "updated_at",
        ],
    )
