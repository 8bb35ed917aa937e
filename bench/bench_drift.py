"""CUSUM: Keystone's exact tabular recursion (core.pilots.drift) against the same recursion in floats.

Run: ``python -m bench drift``. Prints microseconds per call and the ratio,
and on 20,000 random series (two-decimal values, where rounding bites) how
often each disagrees with the recursion in exact arithmetic
(``fractions.Fraction``) about when the alarm sounds.
"""

from __future__ import annotations

import random
import timeit
from fractions import Fraction

import numpy as np

from core.pilots.drift import cusum


def _recursion(shortfall: np.ndarray, k: float) -> np.ndarray:
    out = np.zeros(len(shortfall))
    running = 0.0
    for index, value in enumerate(shortfall):
        running = max(0.0, running + value - k)
        out[index] = running
    return out


def _first_alarm(values: list, k: object, h: object, zero: object) -> int | None:
    running = zero
    for index, value in enumerate(values):
        running = max(zero, running + value - k)
        if running > h:
            return index
    return None


def disagreements(series: int = 20_000, seed: int = 1954) -> tuple[int, int]:
    """How often floats, and Keystone, put the first alarm elsewhere than exact arithmetic does."""
    rng = random.Random(seed)
    floats = ours = 0
    for _ in range(series):
        values = [round(rng.uniform(-0.4, 0.4), 2) for _ in range(rng.randint(1, 30))]
        k, h = round(rng.uniform(0, 0.2), 2), round(rng.uniform(0.01, 0.3), 2)
        exact = _first_alarm([Fraction(v) for v in values], Fraction(k), Fraction(h), Fraction(0))
        floats += _first_alarm(values, k, h, 0.0) != exact
        ours += cusum(values, k, h).alarm != exact
    return floats, ours


def main() -> None:
    rng = np.random.default_rng(1954)
    for size in (24, 1_000, 100_000):
        series = rng.normal(0.01, 0.03, size)
        assert np.allclose(cusum(series, 0.02, 0.1).statistic, _recursion(series, 0.02))
        number = max(1, 200_000 // size)
        exact = min(timeit.repeat(lambda s=series: cusum(s, 0.02, 0.1), number=number, repeat=3)) / number
        floats = min(timeit.repeat(lambda s=series: _recursion(s, 0.02), number=number, repeat=3)) / number
        print(
            f"{size:>7} obs: exact {exact * 1e6:9.1f} us, floats {floats * 1e6:9.1f} us, ratio {floats / exact:5.2f}x"
        )
    floats, ours = disagreements()
    print(f"20,000 random series: alarms placed elsewhere than by exact arithmetic: floats {floats}, Keystone {ours}")


if __name__ == "__main__":
    main()
