"""Who may see and change a partnership in team mode: roles, sign-in and passwords.

Laptop mode has no sign-in and no roles: one person owns the file. Team mode
starts when a way of signing in is configured (:class:`SignIn`, from
``$KEYSTONE_SIGN_IN``); then each partnership has members, each with one
:class:`Role`, and a person sees only the partnerships they belong to. The
store enforces it (:meth:`core.store.Store.as_member`), so pages, downloads
and the command line cannot get round it.

Passwords of the built-in sign-in are kept as scrypt hashes (Python's
``hashlib``, no extra library), each with its own random salt.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from enum import Enum, StrEnum

__all__ = [
    "SIGN_IN_VARIABLE",
    "USER_HEADER_VARIABLE",
    "Need",
    "Role",
    "SignIn",
    "hash_password",
    "password_matches",
    "sign_in",
]

SIGN_IN_VARIABLE = "KEYSTONE_SIGN_IN"
USER_HEADER_VARIABLE = "KEYSTONE_USER_HEADER"  # the header a company's sign-in proxy names its user in


class Role(StrEnum):
    """A member's role in one partnership; each can do what the ones before it can."""

    VIEWER = "viewer"
    EDITOR = "editor"
    FACILITATOR = "facilitator"
    OWNER = "owner"

    @property
    def rank(self) -> int:
        return list(Role).index(self)

    @property
    def may(self) -> str:
        return _MAY[self]


_MAY = {
    Role.VIEWER: "see every page and download",
    Role.EDITOR: "also change records, undo, redo and restore",
    Role.FACILITATOR: "also run live sessions and mark milestones",
    Role.OWNER: "also rename or delete the partnership and choose its members",
}


class Need(Enum):
    """What an action needs, with the words a refusal uses."""

    SEE = (Role.VIEWER, "see this partnership")
    CHANGE = (Role.EDITOR, "change its records")
    FACILITATE = (Role.FACILITATOR, "run live sessions or mark milestones")
    OWN = (Role.OWNER, "rename or delete it, or choose its members")

    @property
    def role(self) -> Role:
        return self.value[0]

    @property
    def words(self) -> str:
        return self.value[1]


class SignIn(StrEnum):
    """How people sign in; anything but ``NONE`` is team mode."""

    NONE = "none"  # laptop mode: one person, no roles
    HEADER = "header"  # a company proxy signs people in and names them in a header
    PASSWORD = "password"  # Keystone's own sign-in, passwords kept as scrypt hashes
    OIDC = "oidc"  # Streamlit's sign-in with the company's identity provider (.streamlit/secrets.toml [auth])


def sign_in(environ: dict[str, str] | None = None) -> SignIn:
    """The configured sign-in: ``$KEYSTONE_SIGN_IN``, or the header one when only ``$KEYSTONE_USER_HEADER`` is set.

    An unknown value is refused rather than read as "no sign-in": a typo must
    not open a shared server to everyone.
    """
    environ = dict(os.environ if environ is None else environ)
    text = environ.get(SIGN_IN_VARIABLE, "").strip().lower()
    if not text:
        return SignIn.HEADER if environ.get(USER_HEADER_VARIABLE) else SignIn.NONE
    try:
        return SignIn(text)
    except ValueError:
        choices = ", ".join(mode.value for mode in SignIn)
        raise ValueError(f"${SIGN_IN_VARIABLE} is '{text}'; it must be one of: {choices}.") from None


# scrypt's parameters as OWASP recommends for interactive sign-in (2**17 x 8 x 1: 128 MiB, about 0.3 s).
_N, _R, _P = 2**17, 8, 1


def hash_password(password: str) -> str:
    """``scrypt$N$r$p$salt$hash`` (base64), for :func:`password_matches`."""
    if len(password) < 10:
        raise ValueError("A password needs at least 10 characters.")
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P, maxmem=2**28)
    return "$".join(["scrypt", str(_N), str(_R), str(_P), _b64(salt), _b64(digest)])


def password_matches(password: str, stored: str | None) -> bool:
    """Whether ``password`` is the one ``stored`` was made from (in constant time)."""
    try:
        kind, n, r, p, salt, digest = (stored or "").split("$")
        if kind != "scrypt":
            return False
        tried = hashlib.scrypt(
            password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p), maxmem=2**28
        )
    except ValueError:  # a damaged hash, or parameters scrypt refuses
        return False
    return hmac.compare_digest(tried, base64.b64decode(digest))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()
