"""Team mode from the command line: members, passwords and refused attempts.

``python -m core members --partnership NAME`` lists the members;
``--add PERSON --role ROLE`` adds one or changes their role, ``--remove
PERSON`` takes one out. Run without ``--user`` on the server, it is the
operator's: it may name the first owner of any partnership. With ``--user``
it acts as that person, and an owner's acts need them to be an owner.

``python -m core password PERSON`` sets the password of Keystone's own
sign-in, read from the terminal (or the first line of standard input), so it
is never in the shell's history. ``python -m core refusals`` lists refused
attempts, newest first.
"""

from __future__ import annotations

import argparse
import getpass
import sys

import pandas as pd

from core.access import Role
from core.cli.errors import InputError
from core.cli.partnerships import migrated, required, store_arguments
from core.store.members import members, refusals, remove_member, set_member, set_password

__all__ = ["COMMANDS"]


def _members_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--partnership", required=True, help="the partnership's name (any case)")
    change = parser.add_mutually_exclusive_group()
    change.add_argument("--add", metavar="PERSON", help="add this person (or change their role)")
    change.add_argument("--remove", metavar="PERSON", help="take this person out of the partnership")
    parser.add_argument("--role", choices=[role.value for role in Role], help="the role given with --add")
    store_arguments(parser)


def run_members(args: argparse.Namespace) -> int:
    store = migrated(args)
    partnership_id = required(store, args.partnership)
    if args.add:
        if not args.role:
            raise InputError("--add needs --role (viewer, editor, facilitator or owner).")
        set_member(store, partnership_id, args.add, Role(args.role))
        print(f"{args.add} is now {args.role} of '{args.partnership}'.")
    elif args.remove:
        remove_member(store, partnership_id, args.remove)
        print(f"{args.remove} is no longer a member of '{args.partnership}'.")
    for person, role in zip(*(members(store, partnership_id)[column] for column in ("person", "role")), strict=True):
        print(f"{role:12} {person}")
    return 0


def _password_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("person", help="the name or e-mail address they sign in with")
    store_arguments(parser)


def run_password(args: argparse.Namespace) -> int:
    store = migrated(args)
    if sys.stdin.isatty():
        password = getpass.getpass(f"New password for {args.person}: ")
        if getpass.getpass("Again: ") != password:
            raise InputError("The two passwords differ; nothing was set.")
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    set_password(store, args.person, password)
    print(f"Set the password of {args.person}.")
    return 0


def _refusals_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--partnership", help="only the refusals about this partnership")
    store_arguments(parser)


def run_refusals(args: argparse.Namespace) -> int:
    store = migrated(args)
    partnership_id = required(store, args.partnership) if args.partnership else None
    for at, person, about, action, reason in refusals(store, partnership_id).itertuples(index=False):
        where = "" if pd.isna(about) else f" (partnership {about})"
        print(f"{at:%Y-%m-%d %H:%M:%S}  {person}: {action}{where}: {reason}")
    return 0


COMMANDS = {
    "members": (_members_arguments, run_members),
    "password": (_password_arguments, run_password),
    "refusals": (_refusals_arguments, run_refusals),
}
"""Each command's arguments and run, for the dispatcher (:mod:`core.cli.main`, which holds their help)."""
