"""CUSUM: numpy (Lindley's identity, as in core.pilots.drift) against the plain Python recursion.

Run: ``python -m bench drift``. Prints seconds per call and the ratio.
"""

from __future__ import annotations

import timeit

import numpy as np

from core.pilots.drift import cusum


def _recursion(shortfall: np.ndarray, k: float) -> np.ndarray:
    out = np.zeros(len(shortfall))
    running = 0.0
    for index, value in enumerate(shortfall):
        running = max(0.0, running + value - k)
        out[index] = running
    return out


def main() -> None:
    rng = np.random.default_rng(1954)
    for size in (24, 1_000, 100_000):
        series = rng.normal(0.01, 0.03, size)
        assert np.allclose(cusum(series, 0.02, 0.1).statistic, _recursion(series, 0.02))
        number = max(1, 200_000 // size)
        fast = min(timeit.repeat(lambda s=series: cusum(s, 0.02, 0.1), number=number, repeat=3)) / number
        slow = min(timeit.repeat(lambda s=series: _recursion(s, 0.02), number=number, repeat=3)) / number
        print(f"{size:>7} obs: numpy {fast * 1e6:8.1f} us, loop {slow * 1e6:8.1f} us, ratio {slow / fast:5.1f}x")


if __name__ == "__main__":
    main()
