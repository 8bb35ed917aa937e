"""Opening the store and finding a partnership by the name an analyst types, for every command that takes one."""

from __future__ import annotations

import argparse

from core.cli.errors import InputError
from core.store import Store

__all__ = ["migrated", "named", "no_such_partnership", "opened", "required", "store_arguments"]


def store_arguments(parser: argparse.ArgumentParser) -> None:
    """``--db`` and ``--user``, the same on every command that opens the database."""
    parser.add_argument("--db", help="the database file or postgresql:// address (default: as the app, $KEYSTONE_DB)")
    parser.add_argument(
        "--user",
        help="act as this person, as in team mode: only the partnerships they belong to, as their role allows",
    )


def opened(args: argparse.Namespace) -> Store:
    """The store ``--db`` names (default: as the app), as ``--user`` sees it when one is given."""
    store = Store(args.db) if args.db else Store()
    return store.as_member(args.user) if getattr(args, "user", None) else store


def migrated(args: argparse.Namespace) -> Store:
    """:func:`opened`, brought to the current schema first (a command may be the first to touch a new database)."""
    store = opened(args)
    store.migrate()
    return store


def named(store: Store, name: str) -> int | None:
    """The id of the partnership called ``name``, ignoring case and surrounding space; None if there is none."""
    partnerships = store.partnerships()
    match = partnerships[partnerships["name"].str.casefold() == name.strip().casefold()]
    return None if match.empty else int(match.iloc[0]["id"])


def required(store: Store, name: str) -> int:
    """The id of the partnership called ``name``; :func:`no_such_partnership` when there is none."""
    partnership_id = named(store, name)
    if partnership_id is None:
        raise no_such_partnership(store, name)
    return partnership_id


def no_such_partnership(store: Store, name: str, hint: str = "") -> InputError:
    """The error for a name that matches no partnership: it lists the names there are, and ``hint``.

    For a ``--user``, only the partnerships they belong to are listed, and the
    attempt is logged as a refusal (it may name one they are not in).
    """
    names = ", ".join(f"'{found}'" for found in store.partnerships()["name"]) or "none yet"
    where = "the server" if store.on_server else str(store.path)
    if store.member_only:
        store.log_refusal(None, f"open '{name}' from the command line", "no partnership of that name to see")
        return InputError(f"{store.user} belongs to no partnership called '{name}' (theirs: {names}).{hint}")
    return InputError(f"There is no partnership called '{name}' in {where} (there are: {names}).{hint}")
