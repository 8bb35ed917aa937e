"""Formula cells with no saved result, which every reader gives as blank.

Excel and LibreOffice save each formula's last result beside it; files
written by scripts (openpyxl and others) often hold only the formula. Such a
cell reads as blank, so an import would quietly lose its value: the cells
are found in the sheet's XML and named to the user instead.
"""

from __future__ import annotations

import io
import re
import zipfile

from core.io_excel.extent import worksheets

__all__ = ["uncomputed_formulas", "uncomputed_formulas_note"]

_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c\s*>)", re.DOTALL)
_REFERENCE = re.compile(rb"""\br\s*=\s*["']([A-Z]{1,3}[0-9]{1,7})["']""")
_TEXT_RESULT = re.compile(rb"""\bt\s*=\s*["']str["']""")
_FORMULA = re.compile(rb"<(?:\w+:)?f\b")
_VALUE = re.compile(rb"<(?:\w+:)?v\b[^>]*?(/>|>(.*?)</(?:\w+:)?v\s*>)", re.DOTALL)


def uncomputed_formulas(data: bytes, sheet: str) -> list[str]:
    """The cells of ``sheet`` ("B3", …) holding a formula but no saved result; [] for a file that is not .xlsx.

    A computed empty text (``=IF(A1="","",…)``) is saved as an empty value
    marked as text, and is not reported.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            path = dict(worksheets(archive)).get(sheet)
            text = archive.read(path) if path else b""
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError):  # the reader has refused it already
        return []
    if not _FORMULA.search(text):
        return []
    found = []
    for attributes, body in _CELL.findall(text):
        if not body or not _FORMULA.search(body):
            continue
        value = _VALUE.search(body)
        empty = value is None or not (value.group(2) or b"").strip()
        if empty and not (value is not None and _TEXT_RESULT.search(attributes)):
            reference = _REFERENCE.search(attributes)
            found.append(reference.group(1).decode() if reference else "?")
    return found


def uncomputed_formulas_note(data: bytes, sheet: str) -> str | None:
    """What to tell the user about ``sheet``'s formulas with no saved result, or None when there are none."""
    cells = uncomputed_formulas(data, sheet)
    if not cells:
        return None
    shown = ", ".join(cells[:10]) + (f" and {len(cells) - 10} more" if len(cells) > 10 else "")
    many = len(cells) != 1
    return (
        f"Sheet '{sheet}': {len(cells)} cell{'s' if many else ''} ({shown}) "
        f"{'hold formulas' if many else 'holds a formula'} with no saved result, so "
        f"{'they read' if many else 'it reads'} as blank. The file was probably written by a program: "
        "open it in Excel or LibreOffice, save it, and import it again."
    )
