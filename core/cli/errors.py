"""The one error every command raises for input it cannot use (kept light: ``--help`` imports it)."""

from __future__ import annotations

__all__ = ["InputError"]


class InputError(Exception):
    """Input the command cannot use; the message says what and where."""
