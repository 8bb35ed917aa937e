"""Run every benchmark, or those named: ``python -m bench [topic ...]``."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path


def main(names: list[str]) -> None:
    modules = sorted(path.stem for path in Path(__file__).parent.glob("bench_*.py"))
    chosen = [m for m in modules if not names or m.removeprefix("bench_") in names or m in names]
    if not chosen:
        raise SystemExit(f"No benchmark called {', '.join(names)}. Available: {', '.join(modules)}")
    for name in chosen:
        print(f"== {name}", flush=True)
        importlib.import_module(f"bench.{name}").main()


if __name__ == "__main__":
    main(sys.argv[1:])
