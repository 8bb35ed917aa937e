"""Step 5 at portfolio size: the shared dashboard against a per-indicator loop.

``python -m bench metrics``. A team running many partnerships may keep
thousands of indicators and tens of thousands of observations; the
dashboard groups once instead of filtering the observations per indicator.
Both are run side by side on the same data and must agree.
"""

from __future__ import annotations

import time
from datetime import date

import numpy as np
import pandas as pd

from core.metrics.reporting import dashboard, parse_cadence
from core.records import coerce
from core.store import Table


def _data(indicators: int, per_indicator: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(7)
    names = [f"Indicator {i}" for i in range(indicators)]
    frame = coerce(
        pd.DataFrame(
            {
                "name": names,
                "level": rng.choice(["output", "outcome", "system shift"], indicators),
                "cadence": rng.choice(["monthly", "quarterly", "yearly"], indicators),
                "baseline": rng.uniform(0, 50, indicators).round(1),
                "target": rng.uniform(60, 100, indicators).round(1),
            }
        ),
        Table.INDICATORS,
    )
    days = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 900, indicators * per_indicator), unit="D")
    observations = coerce(
        pd.DataFrame(
            {
                "pilot": "",
                "indicator": np.repeat(names, per_indicator),
                "date": days,
                "value": rng.uniform(0, 100, indicators * per_indicator).round(1),
            }
        ),
        Table.OBSERVATIONS,
    )
    return frame, observations


def _naive(indicators: pd.DataFrame, observations: pd.DataFrame) -> dict[str, tuple[float, pd.Timestamp]]:
    """The obvious alternative: for each indicator, filter and take the last."""
    out = {}
    for record in indicators.itertuples(index=False):
        mine = observations[observations["indicator"].str.casefold() == record.name.casefold()]
        last = mine.sort_values("date", kind="stable").iloc[-1]  # later rows win ties
        out[record.name] = (last["value"], last["date"] + pd.DateOffset(months=parse_cadence(record.cadence)))
    return out


def _time(function, *args) -> tuple[float, object]:
    start = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - start, result


def main() -> None:
    for indicators, per in [(100, 24), (500, 24)]:  # the loop grows with indicators x observations
        frame, observations = _data(indicators, per)
        fast, board = _time(dashboard, frame, observations, date(2026, 11, 24))
        slow, naive = _time(_naive, frame, observations)
        by_name = board.set_index("indicator")
        assert all(
            by_name.loc[name, "latest"] == value and by_name.loc[name, "next_due"] == due
            for name, (value, due) in naive.items()
        )
        print(
            f"{indicators:>6} indicators x {per} observations: dashboard {fast:.3f} s, "
            f"per-indicator loop {slow:.3f} s, ratio {slow / fast:.1f}x"
        )


if __name__ == "__main__":
    main()
