"""Who may see what in a live room: join codes, participant tokens, the facilitator's key, and text limits.

A join code is short enough to read off a wall and type on a phone; it opens
only the participant view of one open session. A participant's token (in
their address, so a reload or a dropped Wi-Fi keeps who they are) and the
facilitator's key are long random strings, compared in constant time.
"""

from __future__ import annotations

import hmac
import secrets

__all__ = [
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "NAME_LIMIT",
    "TEXT_LIMIT",
    "RoomInputError",
    "clean_name",
    "clean_text",
    "new_join_code",
    "new_secret",
    "normal_code",
    "same_secret",
]

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: read off a wall, typed on a phone
CODE_LENGTH = 6  # 32**6, about a billion codes; a guesser is also limited by the server's rate
NAME_LIMIT = 40
TEXT_LIMIT = 200


class RoomInputError(ValueError):
    """What a participant typed cannot be taken; the message says why, in plain words."""


def new_join_code() -> str:
    """A random join code such as ``'K7QM2X'``."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normal_code(typed: object) -> str:
    """A typed code as stored: upper case, no spaces or dashes (``'k7q m2-x'`` -> ``'K7QM2X'``).

    >>> normal_code(" k7q-m2x ")
    'K7QM2X'
    """
    return "".join(char for char in str(typed or "").upper() if char.isalnum())


def new_secret() -> str:
    """A participant token or facilitator key: 256 random bits, safe in an address."""
    return secrets.token_urlsafe(32)


def same_secret(given: object, expected: str | None) -> bool:
    """Whether ``given`` is ``expected``, compared in constant time; never true without an expected value."""
    if not expected or not isinstance(given, str):
        return False
    return hmac.compare_digest(given.encode(), expected.encode())


def clean_text(text: object, limit: int, what: str) -> str:
    """Text a participant typed, on one line and trimmed, or :class:`RoomInputError` saying what is wrong.

    Text is only ever stored and shown escaped; this keeps it readable on a
    wall and in a record.

    >>> clean_text("  Plastic   leaks\\n at ports ", 40, "A barrier")
    'Plastic leaks at ports'
    """
    visible = "".join(char for char in str(text or "") if char.isprintable() or char.isspace())
    cleaned = " ".join(visible.split())  # after dropping what cannot be seen: no stray spaces left behind
    if not cleaned:
        raise RoomInputError(f"{what} is empty: type a few words.")
    if len(cleaned) > limit:
        raise RoomInputError(f"{what} is {len(cleaned)} characters long; keep it to {limit}.")
    return cleaned


def clean_name(text: object) -> str:
    """A participant's name as :func:`clean_text` makes it, without ``;`` (the records' list separator).

    A name holding ``;`` would read as two people where records list owners.
    """
    name = clean_text(text, NAME_LIMIT, "Your name")
    if ";" in name:
        raise RoomInputError("A name cannot hold ';': records use it to separate people. Use a comma instead.")
    return name
