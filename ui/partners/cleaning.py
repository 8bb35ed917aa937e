"""The import preview's "Cleaned for you" panel: each fix said, each one undoable.

The user's choices live in widgets drawn under the preview, but the sheet
must be parsed with them before the preview is drawn. So :func:`choices`
reads them from the session first (a widget's value is there from the run
before), and :func:`show` draws the same widgets, with the same keys, once
the parse has said which fixes it made.
"""

from __future__ import annotations

import streamlit as st

from core.conventions import escape_markdown
from core.io_excel import Cleaning, Fix, Keep, ParsedSheet, Scale
from core.model import PartnerType
from core.tables import Table, spec

__all__ = ["choices", "show"]

_FILLABLE = {"type": [member.label for member in PartnerType]}  # one value for every row makes sense only for a choice
_LEAVE = "Leave as it is (values over 5 are refused)"


def _keys(prefix: str) -> dict[str, str]:
    return {"fix": f"{prefix}_fix_", "scale": f"{prefix}_scale_", "fill": f"{prefix}_fill_", "keep": f"{prefix}_keep_"}


def choices(prefix: str, ignored: frozenset[str] = frozenset()) -> Cleaning:
    """The cleaning the user has chosen so far for one file and sheet (everything safe, by default)."""
    keys = _keys(prefix)
    state = st.session_state

    def chosen(kind: str) -> dict[str, object]:
        return {key.removeprefix(keys[kind]): value for key, value in state.items() if key.startswith(keys[kind])}

    off = frozenset(Fix(name) for name, on in chosen("fix").items() if on is False)
    scales = {column: Scale(value) for column, value in chosen("scale").items() if value in set(Scale)}
    fill = {column: str(value) for column, value in chosen("fill").items() if value}
    keep = {name: Keep(value) for name, value in chosen("keep").items() if value in set(Keep)}
    return Cleaning(off=off, scales=scales, fill=fill, ignored=ignored, keep=keep)


def show(parsed: ParsedSheet, prefix: str) -> None:
    """The fixes made, with a box to undo each; scales to confirm; a missing column to fill; duplicates to choose."""
    keys = _keys(prefix)
    made = {applied.fix: applied for applied in parsed.cleaned.applied}
    undone = [fix for fix in Fix if st.session_state.get(keys["fix"] + fix.value) is False]
    scales = {**parsed.cleaned.proposals, **_chosen_scales(parsed, keys["scale"])}
    missing = [column for column in parsed.missing if column in _FILLABLE]
    filled = [fix for fix in (Fix.FILLED_COLUMNS,) if fix in made]
    if not (made or undone or scales or missing or parsed.cleaned.duplicates):
        return
    with st.container(border=True):
        st.markdown("**Cleaned for you.** Untick a fix to undo it; the preview above follows.")
        for fix in Fix:
            if fix in (Fix.SCALES, Fix.FILLED_COLUMNS) or (fix not in made and fix not in undone):
                continue
            st.checkbox(fix.label, value=True, key=keys["fix"] + fix.value)
            if fix in made:
                st.caption(escape_markdown(made[fix].message))
        for column, scale in scales.items():
            _scale_choice(column, scale, keys["scale"], parsed)
        for column in missing + [c for c in _FILLABLE if c not in missing and st.session_state.get(keys["fill"] + c)]:
            st.selectbox(
                f"The file has no {column} column. Set every row to:",
                [None, *_FILLABLE[column]],
                format_func=lambda value: "(choose)" if value is None else value,
                key=keys["fill"] + column,
            )
        for fix in filled:
            st.caption(escape_markdown(made[fix].message))
        if parsed.cleaned.duplicates:
            _duplicates(parsed, keys["keep"])


def _chosen_scales(parsed: ParsedSheet, prefix: str) -> dict[str, Scale]:
    return {
        key.removeprefix(prefix): Scale(value)
        for key, value in st.session_state.items()
        if key.startswith(prefix) and value in set(Scale)
    }


def _scale_choice(column: str, scale: Scale, key_prefix: str, parsed: ParsedSheet) -> None:
    header = next((h for h, c in parsed.mapping.items() if c == column), column)
    options = [_LEAVE, *[s.value for s in Scale]]
    st.selectbox(
        f"'{escape_markdown(header)}' looks like scores on a {scale.value} scale. Rescale them to 1-5?",
        options,
        format_func=lambda value: value if value == _LEAVE else f"Yes: read {value} as 1-5",
        key=key_prefix + column,
    )


_MANY = 12  # organisations asked about one by one; the rest follow the choice for all


def _duplicates(parsed: ParsedSheet, key_prefix: str) -> None:
    found = parsed.cleaned.duplicates
    column = spec(Table.ACTORS).key[0]
    header = next((h for h, c in parsed.mapping.items() if c == column), column)
    st.markdown(f"**{len(found)} organisation{'s' if len(found) != 1 else ''} named on more than one row** "
                f"(column '{escape_markdown(header)}', case and spaces ignored):")  # fmt: skip
    for duplicate in found[:_MANY]:
        rows = ", ".join(f"row {row} '{name}'" for row, name in zip(duplicate.rows, duplicate.names, strict=True))
        st.selectbox(
            escape_markdown(rows),
            [keep.value for keep in Keep],
            format_func=lambda value: Keep(value).label,
            key=key_prefix + duplicate.key,
        )
    if len(found) > _MANY:
        st.caption(f"The other {len(found) - _MANY} are combined: each keeps its first row's values, "
                   "with blanks filled from the later rows.")  # fmt: skip
