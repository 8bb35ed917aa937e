"""The demo partnership: readable files in ``data/demo/`` loaded into a store.

``partnership.json`` names the partnership; ``answers/<topic>.json`` holds
the answers of one questionnaire (governance, funding, ...); each
``<table>.csv`` holds the rows of one record kind (see :mod:`core.tables`).
Files that are missing are simply skipped, so the demo grows as the steps do.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from core.records import validate
from core.store import Store, Table

__all__ = ["DEMO_DIR", "load_demo", "prepare", "seed_demo"]

DEMO_DIR = Path(__file__).resolve().parents[2] / "data" / "demo"


def load_demo(folder: Path = DEMO_DIR) -> tuple[dict[str, object], dict[Table, pd.DataFrame]]:
    """Read the demo files; raise ``ValueError`` naming the file on a bad row."""
    meta = json.loads((folder / "partnership.json").read_text(encoding="utf-8"))
    frames: dict[Table, pd.DataFrame] = {}
    for table in Table:
        path = folder / f"{table.value}.csv"
        if table is Table.ANSWERS or not path.exists():
            continue
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        problems = validate(frame, table)
        if problems:
            details = "; ".join(problem.describe(row_offset=2) for problem in problems[:5])
            raise ValueError(f"{path.name}: {details}")
        frames[table] = frame
    answers = dict(meta.get("answers", {}))
    for path in sorted((folder / "answers").glob("*.json")):
        answers[path.stem] = json.loads(path.read_text(encoding="utf-8"))
    meta["answers"] = answers
    return meta, frames


def seed_demo(store: Store, folder: Path = DEMO_DIR, name: str | None = None) -> int:
    """Create the demo partnership in ``store`` in one transaction; return its id."""
    meta, frames = load_demo(folder)
    return store.create_partnership(
        name or str(meta["name"]),
        str(meta.get("problem", "")),
        str(meta.get("stage", "pilot")),
        records=frames,
        answers=dict(meta.get("answers", {})),
    )


def prepare(store: Store) -> bool:
    """Migrate the file and seed the demo if it holds no partnership yet.

    Returns True when the demo was seeded.
    """
    store.migrate()
    if store.partnerships().empty:
        seed_demo(store)
        return True
    return False
