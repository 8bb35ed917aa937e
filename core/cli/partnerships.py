"""Finding a partnership by the name an analyst types, for every command that takes ``--partnership``."""

from __future__ import annotations

from core.cli.errors import InputError
from core.store import Store

__all__ = ["named", "no_such_partnership"]


def named(store: Store, name: str) -> int | None:
    """The id of the partnership called ``name``, ignoring case and surrounding space; None if there is none."""
    partnerships = store.partnerships()
    match = partnerships[partnerships["name"].str.casefold() == name.strip().casefold()]
    return None if match.empty else int(match.iloc[0]["id"])


def no_such_partnership(store: Store, name: str, hint: str = "") -> InputError:
    """The error for a name that matches no partnership: it lists the names there are, and ``hint``."""
    names = ", ".join(f"'{found}'" for found in store.partnerships()["name"]) or "none yet"
    return InputError(f"There is no partnership called '{name}' in {store.path} (there are: {names}).{hint}")
