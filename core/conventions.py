"""The house conventions every step shares: what a blank is, what "yes" means,
how names are compared, and how user text is made inert in Markdown. (How dates are read: :mod:`core.dates`.)

Written once here so that an importer, the store, a recommender and a page
never disagree about them.
"""

from __future__ import annotations

import hashlib
import io
import pickle
import re

import pandas as pd

__all__ = [
    "FALSE_WORDS",
    "TRUE_WORDS",
    "counted",
    "digest",
    "escape_markdown",
    "file_stem",
    "flags",
    "is_blank",
    "name_key",
    "name_keys",
    "row_keys",
    "text",
    "to_bool",
    "unlinked",
]

TRUE_WORDS = frozenset({"yes", "y", "true", "1", "x", "✓"})
FALSE_WORDS = frozenset({"no", "n", "false", "0"})

# Streamlit acts on more than a Markdown file's viewer does: ``$`` (LaTeX), ``:`` (emoji and
# colour codes) and bare URLs (``.``, ``:``), so text on screen escapes more than text in a file.
_SCREEN_SPECIALS = str.maketrans({char: "\\" + char for char in "\\`*_{}[]()#+-.!|<>~$:"})
_FILE_SPECIALS = str.maketrans({char: "\\" + char for char in "\\`*_{}[]<>()#|!~"})
# Streamlit's Markdown links bare addresses found in the text after escapes are undone ("http\\://x"
# is still a link), after any space, punctuation or symbol ("_www.x", "x-@y.org", "a+@y.org"), so a
# word joiner (invisible, no line break) goes where a link would start: in "://", in every "www." and
# after every "@" (its emails need a word character straight after the "@").
_LINK_STARTS = re.compile(r"(?<=:)(?=//)|(?<=www)(?=\.)|(?<=@)", re.IGNORECASE)


def is_blank(value: object) -> bool:
    """True for None, NaN/NA/NaT and text that is only spaces.

    >>> [is_blank(v) for v in (None, float("nan"), pd.NA, "  ", 0, "x")]
    [True, True, True, True, False, False]
    """
    if value is None:
        return True
    try:
        if pd.isna(value):
            return True
    except (TypeError, ValueError):  # list-like cells
        return False
    return isinstance(value, str) and not value.strip()


def text(value: object) -> str:
    """A cell as text: blanks become '', everything else ``str`` stripped.

    >>> text(None), text(" Alpha "), text(3)
    ('', 'Alpha', '3')
    """
    return "" if is_blank(value) else str(value).strip()


def to_bool(value: object) -> object:
    """True or False from a bool or a word (yes/no, true/false, 1/0, x); ``pd.NA`` otherwise.

    >>> to_bool("Yes"), to_bool("n"), to_bool(""), to_bool("maybe")
    (True, False, <NA>, <NA>)
    """
    if is_blank(value):
        return pd.NA
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return pd.NA


def flags(values: pd.Series, default: bool) -> pd.Series:
    """Yes/no words over a whole column, vectorised: blanks take ``default``, other words are False.

    >>> flags(pd.Series(["yes", None, "no", "X"]), default=False).tolist()
    [True, False, False, True]
    """
    if pd.api.types.is_bool_dtype(values):
        return values.astype("boolean").fillna(default).astype(bool)
    words = values.astype("string").str.strip().str.lower()
    return words.isin(TRUE_WORDS).where(words.fillna("") != "", default).astype(bool)


def name_key(value: object) -> str:
    """How two names are compared: case, outer and repeated inner spaces ignored.

    >>> name_key("  Alpha   Corp ") == name_key("alpha corp")
    True
    """
    return " ".join(text(value).split()).casefold()


def name_keys(values: pd.Series) -> pd.Series:
    """:func:`name_key` over a whole column, vectorised (blanks become '')."""
    words = values.astype("string").fillna("").str.replace(r"\s+", " ", regex=True)
    return words.str.strip().str.casefold()


def row_keys(frame: pd.DataFrame, columns: list[str]) -> pd.Series:
    """One comparable key per row from several name columns (joined by a unit separator)."""
    if frame.empty:
        return pd.Series([], dtype="string", index=frame.index)
    keys = name_keys(frame[columns[0]])
    for column in columns[1:]:  # column by column: joining row by row took seconds at 50,000 rows
        keys = keys + "\x1f" + name_keys(frame[column])
    return keys


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """A count in plain words, never "partner(s)".

    >>> counted(1, "market leader"), counted(0, "market leader"), counted(3, "party", "parties")
    ('1 market leader', '0 market leaders', '3 parties')
    >>> counted(50000, "row")
    '50,000 rows'
    """
    return f"{number:,} {noun if number == 1 else plural or noun + 's'}"


def escape_markdown(value: object, *, for_file: bool = False) -> str:
    """User text made inert in Markdown (no links, images, emphasis or HTML); blanks become ''.

    ``for_file=True`` is for a Markdown document (a brief, a charter): the text is put on
    one line (a table cell or a heading) and only what a viewer acts on is escaped, so
    dates and sentences stay readable as plain text.

    >>> print(escape_markdown("[x](y) <b>"))
    \\[x\\]\\(y\\) \\<b\\>
    >>> print(escape_markdown("2026-01-02: a | b", for_file=True))
    2026-01-02: a \\| b

    On screen, bare addresses do not become links either (see :func:`unlinked`).
    """
    if is_blank(value):
        return ""
    if for_file:
        return " ".join(str(value).split()).translate(_FILE_SPECIALS)
    return unlinked(str(value)).translate(_SCREEN_SPECIALS)


def unlinked(text: str) -> str:
    """``text`` with a word joiner (an invisible character) where Markdown on screen would start a link by itself.

    For Markdown made for a file (a brief) and shown on screen too; the text looks the same.

    >>> print(unlinked("see https://example.org, _www.example.org or a+@example.org").replace("\\u2060", "^"))
    see https:^//example.org, _www^.example.org or a+@^example.org
    """
    return _LINK_STARTS.sub("\u2060", text)


def file_stem(name: object, limit: int = 60) -> str:
    """A name made safe as a file name: lower case, runs of anything but letters and digits as one '-'.

    >>> file_stem("Ocean-bound plastic in electronics (demo)")
    'ocean-bound-plastic-in-electronics-demo'
    """
    stem = "".join(ch if ch.isalnum() else "-" for ch in str(name).lower())
    return "-".join(part for part in stem.split("-") if part)[:limit] or "partnership"


def digest(*values: object) -> bytes:
    """A short digest of plain values (lists, tuples, strings, numbers): a cache key for them.

    Pickled without the memo, so equal values give equal digests whichever
    of their objects happen to be one shared object.

    >>> digest(["a", "b"], [("a", "b")]) == digest(["a", "b"], [("a", "b")])
    True
    >>> digest(["a", "b"]) == digest(["b", "a"])
    False
    """
    sink = io.BytesIO()
    pickler = pickle.Pickler(sink, protocol=5)
    pickler.fast = True
    pickler.dump(values)
    return hashlib.blake2b(sink.getbuffer(), digest_size=16).digest()
