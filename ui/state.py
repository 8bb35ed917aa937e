"""Session state: the keys every page shares, set once by ``app.py``."""

from __future__ import annotations

import hashlib
import os
import pickle
import secrets
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

import pandas as pd
import pyarrow as pa
import streamlit as st
from pandas.api.types import is_object_dtype

from core.access import USER_HEADER_VARIABLE, Need, SignIn, sign_in
from core.across.demo import prepare
from core.conventions import digest, escape_markdown
from core.store import Store, StoreError, Table, default_location, default_user

PARTNERSHIP = "partnership_id"
PRESENTING = "presenting"
PRESENT_PARAMETER = "present"  # in the address: "1" while presenting, so a reload keeps the wall's view
PARTNERSHIP_PARAMETER = "partnership"  # in the address: the chosen partnership's id
FLASH = "flash_messages"
USER = "user_name"
SIGNED_IN = "signed_in_person"  # set by Keystone's own sign-in form (ui/sign_in.py)
USER_HEADER = USER_HEADER_VARIABLE
"""Names the header a company's sign-in proxy sets to the signed-in person (team mode behind a proxy)."""


def _frame_key(frame: pd.DataFrame | pd.Series) -> bytes:
    """A frame's cache key: a digest of its contents in Arrow's stream format.

    As exact as Streamlit's own frame hash (which samples frames of 50,000 rows
    or more) and about 7 times cheaper on our frames: a step page hashes about
    a hundred frames on every rerun, and that had cost more than drawing it.
    Plain pickled bytes would be cheaper still but are no key: they change when
    pandas caches something on a column, and across a trip through the cache.

    Frames with a column or index of Python objects are keyed by the pickle
    of a deep copy instead, as are frames Arrow cannot convert (an int of
    2**63 or more): Arrow would give None and NaN, NaT and NaN, 1 and 1.0, or
    a list and a tuple the same bytes there. The copy drops pandas' caches,
    and the pickle is made without its memo, which records which objects are
    the same object and so differs after a trip through the cache.
    """
    frame = frame.to_frame() if isinstance(frame, pd.Series) else frame
    if _holds_objects(frame):
        return _pickle_key(frame)
    try:
        table = pa.Table.from_pandas(frame, preserve_index=True).combine_chunks()
    except (pa.ArrowException, TypeError, ValueError, OverflowError):  # what Arrow cannot convert: by its pickle
        return _pickle_key(frame)
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as stream:
        stream.write_table(table)
    return hashlib.blake2b(sink.getvalue(), digest_size=16).digest()


def _holds_objects(frame: pd.DataFrame) -> bool:
    """Whether a column, or the index, holds Python objects (dtype ``object``)."""
    index = frame.index
    levels = index.levels if isinstance(index, pd.MultiIndex) else [index]
    return any(map(is_object_dtype, frame.dtypes)) or any(is_object_dtype(level.dtype) for level in levels)


def _pickle_key(frame: pd.DataFrame) -> bytes:
    """A digest of the pickle of a deep copy, written without the memo (values only, not which are shared)."""
    copy = frame.copy(deep=True)
    try:
        return digest(copy)
    except ValueError:  # an object that holds itself needs the memo: a key that may miss, never collide
        return hashlib.blake2b(pickle.dumps(copy, protocol=5), digest_size=16).digest()


FRAME_KEYS = {pd.DataFrame: _frame_key, pd.Series: _frame_key}
"""``hash_funcs`` for every cache in ``ui``: frames are keyed by :func:`_frame_key`."""


def cached(**options: object):
    """``st.cache_data`` keyed cheaply on frames: the decorator for every derived result in ``ui``."""
    return st.cache_data(hash_funcs=FRAME_KEYS, **options)


@st.cache_resource(show_spinner="Preparing the Keystone database…")
def _store_for(location: str) -> Store:
    store = Store(location)
    prepare(store)
    return store


def store() -> Store:
    """The store for ``$KEYSTONE_DB`` (migrated and seeded once per process), as this session's user sees it.

    In team mode (a sign-in is configured) that is only the partnerships the
    person belongs to, as their roles allow; the store enforces it.
    """
    shared = _store_for(default_location())
    return shared.as_member(user()) if team_mode() else shared.as_user(user())


def reopened(location: str, member: str | None) -> Store:
    """:func:`store` again inside a cached function, from its arguments (``member``: see :func:`member`)."""
    return Store(location).as_member(member) if member else Store(location)


def member() -> str | None:
    """The signed-in person in team mode (a cache key part: each sees their own partnerships); else None."""
    return user() if team_mode() else None


def may_change(store: Store, partnership_id: int) -> bool:
    """Whether this person's role lets them change the partnership's records (always, in laptop mode)."""
    role = store.role(partnership_id)
    return role is not None and role.rank >= Need.CHANGE.role.rank


def team_mode() -> bool:
    """Whether people sign in and see only their own partnerships (``$KEYSTONE_SIGN_IN``)."""
    return sign_in() is not SignIn.NONE


def signed_in() -> str | None:
    """Who signed in, by the configured sign-in; None when nobody has (or no sign-in is configured)."""
    mode = sign_in()
    if mode is SignIn.HEADER:
        header = os.environ.get(USER_HEADER)
        if not header:  # trusted only when configured explicitly: a default name could be forged by anyone
            raise StoreError(f"Keystone signs people in by a proxy's header, but ${USER_HEADER} names no header.")
        return " ".join((st.context.headers.get(header) or "").split()) or None
    if mode is SignIn.PASSWORD:
        return st.session_state.get(SIGNED_IN)
    if mode is SignIn.OIDC:
        if not st.user.is_logged_in:
            return None
        # The e-mail names the member; a display name is the person's own to edit, so it never does,
        # and an address the provider says it has not verified is not trusted either.
        if st.user.get("email_verified") is False:
            raise StoreError("Your company account's e-mail address is not verified: verify it, then sign in again.")
        return " ".join(str(st.user.get("email") or "").split()) or None
    return None


def shared_store() -> Store:
    """The store for ``$KEYSTONE_DB`` with no session user: a live room's participant is named in the room's tables."""
    return _store_for(default_location())


def user() -> str:
    """Who this session's changes are recorded as.

    With a sign-in configured (team mode) the person who signed in, and
    nothing else is trusted: a proxy's header, Keystone's own sign-in or the
    company's identity provider. Otherwise the name the person chose in the
    sidebar, first the computer's login name.
    """
    if team_mode():
        person = signed_in()
        if not person:
            raise StoreError("Sign in through your organisation's portal to use Keystone: no signed-in user was given.")
        return person
    return str(st.session_state.get(USER) or default_user())


def _first_name() -> str:
    """A session's name until the person gives theirs: the login name on a laptop, a guest name on a server.

    On a shared server every session would otherwise carry the server's login
    name, and "undo my last change" would undo anyone's.
    """
    if Store(default_location()).on_server:
        return f"Guest {secrets.token_hex(2)}"
    return default_user()


def user_is_chosen_here() -> bool:
    """Whether the person names themselves in the sidebar (not when they sign in)."""
    return not team_mode()


def records(store: Store, partnership_id: int, tables: Iterable[Table]) -> dict[Table, pd.DataFrame]:
    """The partnership's records of ``tables``, read once per change.

    Every page loads through here. The cache key holds the partnership's
    ``revision``, which every write moves, so a widget rerun reads one row
    instead of every table, and a save (here, in another session or in
    another app process) is seen at once.
    """
    revision = int(store.partnership(partnership_id)["revision"])
    return _records(store.location, partnership_id, tuple(tables), revision)


@st.cache_data(max_entries=64, show_spinner=False)
def _records(location: str, partnership_id: int, tables: tuple[Table, ...], revision: int) -> dict[Table, pd.DataFrame]:
    del revision  # part of the cache key only
    return Store(location).read_many(partnership_id, list(tables))


def init() -> None:
    """Set every shared key once; later runs keep what the user chose."""
    st.session_state.setdefault(PARTNERSHIP, None)
    st.session_state.setdefault(PRESENTING, st.query_params.get(PRESENT_PARAMETER) == "1")
    st.session_state.setdefault(FLASH, [])
    if USER not in st.session_state:  # not on every rerun: a guest name is drawn once per session
        st.session_state[USER] = _first_name()


def partnership_id() -> int:
    """The partnership the user is working on (the sidebar keeps it valid)."""
    return int(st.session_state[PARTNERSHIP])


def presenting() -> bool:
    return bool(st.session_state.get(PRESENTING, False))


def flash(message: str, icon: str = "✅") -> None:
    """Queue a toast that survives the rerun following a save (shown as plain text)."""
    st.session_state.setdefault(FLASH, []).append((message, icon))


def act(action: Callable[[], object], message: str) -> None:
    """Run a button's store action: on success a toast after the rerun, on a store error the plain message here."""
    try:
        action()
    except StoreError as error:
        st.error(escape_markdown(str(error)))
        return
    flash(message)
    st.rerun()


def show_flashes() -> None:
    for message, icon in st.session_state.get(FLASH, []):
        st.toast(escape_markdown(message), icon=icon)  # messages carry user names
    st.session_state[FLASH] = []


@contextmanager
def saving() -> Iterator[None]:
    """Show a store error from the block as a plain message where it happened.

    Fragments rerun alone, outside the guard in ``app.py``, so their saves use this.
    """
    try:
        yield
    except StoreError as error:
        st.error(escape_markdown(str(error)), icon=":material/error:")
