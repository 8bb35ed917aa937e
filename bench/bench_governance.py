"""Governance speed: RACI checks and the recommender, each beside the obvious alternative.

Run with ``python -m bench governance``. Prints seconds and the ratio
(alternative / ours); results depend on the machine, ratios less so.
"""

from __future__ import annotations

import itertools
import time

import numpy as np
import pandas as pd

from core.governance.questionnaire import Answers, Purpose
from core.governance.raci import check
from core.governance.recommender import points, score_table
from core.model import RaciRole

ACTIVITIES, PARTNERS = 2000, 20


def _matrix() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    activities = np.repeat([f"Activity {n}" for n in range(ACTIVITIES)], PARTNERS)
    partners = np.tile([f"Partner {n}" for n in range(PARTNERS)], ACTIVITIES)
    return pd.DataFrame({"activity": activities, "partner": partners, "role": rng.choice(list("RACI"), len(partners))})


def _loop_check(raci: pd.DataFrame) -> int:
    """The obvious way: look at each activity's rows in turn."""
    problems = 0
    for _, group in raci.groupby("activity", sort=False):
        accountable = (group["role"].map(RaciRole.parse) == RaciRole.ACCOUNTABLE).sum()
        problems += accountable != 1
        problems += not (group["role"].map(RaciRole.parse) == RaciRole.RESPONSIBLE).any()
    return int(problems)


def _timed(function, *args) -> tuple[float, object]:
    start = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - start, result


def main() -> None:
    raci = _matrix()
    ours, issues = _timed(check, raci)
    naive, problems = _timed(_loop_check, raci)
    assert len(issues) == problems  # same findings
    print(f"RACI check, {ACTIVITIES} activities x {PARTNERS} partners ({len(raci):,} rows):")
    print(f"  check (grouped counts) {ours:7.3f} s")
    print(f"  per-activity loop     {naive:7.3f} s   ratio {naive / ours:5.1f}x")

    grid = [
        Answers(purpose, power, neutrality, speed, horizon, funded)
        for purpose, power, neutrality, speed, horizon, funded in itertools.product(
            [*Purpose, None], range(1, 6), range(1, 6), range(1, 6), [1, 5, 12], [True, False, None]
        )
    ]
    ours, fast = _timed(lambda: [max(points(a).items(), key=lambda kv: sum(kv[1].values()))[0].value for a in grid])
    naive, slow = _timed(lambda: [score_table(a)["total"].idxmax() for a in grid])
    assert fast == slow  # same top model every time
    print(f"Recommender, top model for {len(grid):,} answer sets:")
    print(f"  points (floats)       {ours:7.3f} s")
    print(f"  DataFrame per answer  {naive:7.3f} s   ratio {naive / ours:5.1f}x")


if __name__ == "__main__":
    main()
