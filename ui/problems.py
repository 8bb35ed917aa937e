"""The list of what is wrong: a lead line, each problem as a bullet, the rest counted."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from core.conventions import escape_markdown

__all__ = ["bullets", "show_problems"]

NOT_SAVED = "Not saved. Fix these first:"


def bullets(lines: Sequence[str], limit: int = 12) -> str:
    """Markdown bullets of user-facing lines (escaped), at most ``limit`` and '… and N more'."""
    shown = [f"- {escape_markdown(line)}" for line in lines[:limit]]
    if len(lines) > limit:
        shown.append(f"- … and {len(lines) - limit} more")
    return "\n".join(shown)


def show_problems(lines: Sequence[str], lead: str = NOT_SAVED, limit: int = 12, where=st) -> None:
    """An error box: ``lead`` (our words, Markdown) then the problems; ``where`` is a column or st."""
    where.error(f"{lead}\n\n{bullets(lines, limit)}")
