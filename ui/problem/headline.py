"""Step 2 on the workshop screen: the disagreement heatmap, sized for the wall."""

from __future__ import annotations

from core.store import Store
from ui.problem.data import load
from ui.problem.perspectives import show_heatmap

__all__ = ["headline"]


def headline(store: Store, partnership_id: int) -> None:
    """The step's most telling view: who rates which root cause how, most disputed first."""
    show_heatmap(load(store, partnership_id), large=True, key=f"step2_headline_{partnership_id}")
