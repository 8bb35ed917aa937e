"""Spreadsheets in and out: forgiving reads, row-by-row reports, safe writes.

Reading uses python-calamine (about 6x faster than openpyxl on large files,
and it returns the cached value of formula cells); writing uses openpyxl.
Every read is refused in plain words when the file is not a spreadsheet,
is password-protected, is empty or is too large. Problems are reported with
the sheet, the row number a spreadsheet shows, the column and the value.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from python_calamine import CalamineError, CalamineWorkbook, PasswordError

from core import model
from core.model import split_list
from core.records import FORMULA_PREFIXES, Problem, validate
from core.tables import Column, Table, spec

__all__ = [
    "ALIASES",
    "MAX_BYTES",
    "MAX_ROWS",
    "ImportRefused",
    "ParsedSheet",
    "best_sheet",
    "find_header_row",
    "parse_sheet",
    "read_raw",
    "read_table",
    "sheet_names",
    "suggest_mapping",
    "to_csv_bytes",
    "write_workbook",
]

MAX_BYTES = 25 * 1024 * 1024  # compressed size of an upload
MAX_UNZIPPED_BYTES = 250 * 1024 * 1024  # guards against zip bombs
MAX_ROWS = 200_000
_HEADER_SCAN_ROWS = 20
_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE container: .xls, or an encrypted .xlsx
_ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


class ImportRefused(Exception):
    """The whole file was refused; the message says why in plain words."""


# Header names people use, per canonical column (compared after normalising:
# lower case, punctuation and bracketed hints such as "(1-5)" removed).
ALIASES: dict[Table, dict[str, tuple[str, ...]]] = {
    Table.ACTORS: {
        "name": ("organisation", "organization", "stakeholder", "actor", "partner", "org", "organisation name"),
        "type": ("category", "partner type", "stakeholder type", "actor type", "kind"),
        "sector": ("industry",),
        "value_chain": ("value chain position", "value chain", "position", "supply chain position", "stage"),
        "place": ("location", "country", "city", "region"),
        "levers": ("lever", "levers controlled"),
        "influence": ("power influence", "influence score", "influence level"),
        "interest": ("interest score", "interest level"),
        "assets": ("asset", "resources", "contribution", "brings"),
        "asset_tags": ("asset tags", "tags"),
        "market_leader": ("market leader", "leader"),
        "power": ("power score",),
        "legitimacy": ("legitimacy score",),
        "urgency": ("urgency score",),
        "notes": ("note", "comments", "comment", "remarks"),
    },
    Table.RELATIONS: {
        "source": ("from", "source actor", "actor 1", "from actor"),
        "target": ("to", "target actor", "actor 2", "to actor"),
        "kind": ("type", "relation", "relationship", "relation type", "type of relation", "kind of relation"),
        "weight": ("strength", "intensity"),
        "directed": ("direction", "is directed"),
    },
    Table.FACTORS: {"name": ("factor", "variable", "concept"), "description": ("definition", "notes")},
    Table.CAUSAL_LINKS: {
        "cause": ("from", "source", "driver"),
        "effect": ("to", "target", "outcome"),
        "polarity": ("sign", "direction", "link polarity"),
        "strength": ("weight",),
    },
    Table.OBSERVATIONS: {"date": ("reported", "period", "as of"), "value": ("observed", "actual", "result")},
}


_SHARED_MEANINGS: dict[Table, dict[str, str]] = {Table.ACTORS: {"power": "influence"}}

# 1-5 score columns that stakeholder lists also fill with yes/no (salience
# attributes): yes counts as 5, no as 1.
_YES_NO_SCORES: dict[Table, frozenset[str]] = {Table.ACTORS: frozenset({"power", "legitimacy", "urgency"})}
_YES_NO = {"yes": 5, "y": 5, "true": 5, "no": 1, "n": 1, "false": 1}


def _normalise_header(text: object) -> str:
    value = re.sub(r"\(.*?\)|\[.*?\]", " ", str(text or "")).lower()
    value = re.sub(r"[^a-z0-9]+", " ", value)
    return " ".join(value.split())


def _header_lookup(table: Table) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for column in spec(table).columns:
        for alias in (column.name, column.name.replace("_", " "), *ALIASES.get(table, {}).get(column.name, ())):
            lookup.setdefault(_normalise_header(alias), column.name)
    return lookup


# -- reading ---------------------------------------------------------------


def _kind(data: bytes, filename: str) -> str:
    """'csv' or 'workbook', after refusing what we cannot or will not read."""
    if not data or not data.strip():
        raise ImportRefused(f"'{filename}' is empty.")
    if len(data) > MAX_BYTES:
        raise ImportRefused(
            f"'{filename}' is {len(data) / 1e6:.0f} MB; Keystone reads files up to {MAX_BYTES / 1e6:.0f} MB. "
            "Split it or remove unused sheets."
        )
    if data.startswith(_CFB_MAGIC):
        if _ENCRYPTED_PACKAGE in data:
            raise ImportRefused(f"'{filename}' is password-protected. Save a copy without a password and try again.")
        return "workbook"  # legacy .xls
    if data.startswith(_ZIP_MAGIC):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                unzipped = sum(info.file_size for info in archive.infolist())
        except zipfile.BadZipFile as error:
            raise ImportRefused(f"'{filename}' is damaged and cannot be opened as a spreadsheet.") from error
        if unzipped > MAX_UNZIPPED_BYTES:
            raise ImportRefused(f"'{filename}' expands to {unzipped / 1e6:.0f} MB, which is too large to import.")
        return "workbook"
    if filename.lower().endswith((".xlsx", ".xlsm", ".xls", ".ods")):
        raise ImportRefused(f"'{filename}' is named like a spreadsheet but is not one.")
    if b"\x00" in data[:4096]:
        raise ImportRefused(f"'{filename}' is not a spreadsheet or CSV file.")
    return "csv"


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _csv_rows(data: bytes, filename: str) -> list[list[object]]:
    text = _decode(data)
    try:
        dialect = csv.Sniffer().sniff(text[:20_000], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    if len(rows) > MAX_ROWS + _HEADER_SCAN_ROWS:
        raise ImportRefused(f"'{filename}' has {len(rows):,} rows; Keystone imports up to {MAX_ROWS:,}.")
    return rows


def _open_workbook(data: bytes, filename: str) -> CalamineWorkbook:
    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(data))
    except PasswordError as error:
        raise ImportRefused(f"'{filename}' is password-protected. Save a copy without a password.") from error
    except (CalamineError, ValueError, OSError) as error:
        raise ImportRefused(f"'{filename}' could not be read as a spreadsheet ({error}).") from error


def sheet_names(data: bytes, filename: str) -> list[str]:
    """The sheets of a workbook (a CSV file has one, named after the file)."""
    if _kind(data, filename) == "csv":
        return [_csv_sheet_name(filename)]
    return list(_open_workbook(data, filename).sheet_names)


def _csv_sheet_name(filename: str) -> str:
    return re.sub(r"\.[^.]+$", "", filename.rsplit("/", 1)[-1]) or "CSV"


def read_raw(data: bytes, filename: str, sheet: str | None = None) -> tuple[str, pd.DataFrame]:
    """One sheet's cells as they are (no header), and the sheet's name.

    Formula cells give their last computed value. Raises :class:`ImportRefused`.
    """
    if _kind(data, filename) == "csv":
        rows = _csv_rows(data, filename)
        name = _csv_sheet_name(filename)
    else:
        workbook = _open_workbook(data, filename)
        names = list(workbook.sheet_names)
        if not names:
            raise ImportRefused(f"'{filename}' has no sheets.")
        name = sheet if sheet is not None else names[0]
        if name not in names:
            raise ImportRefused(f"'{filename}' has no sheet called '{name}'. Its sheets: {', '.join(names)}.")
        try:
            rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False, nrows=MAX_ROWS + 1000)
        except CalamineError as error:
            raise ImportRefused(f"Sheet '{name}' of '{filename}' could not be read ({error}).") from error
        if len(rows) > MAX_ROWS + _HEADER_SCAN_ROWS:
            raise ImportRefused(f"Sheet '{name}' has more than {MAX_ROWS:,} rows; Keystone imports up to {MAX_ROWS:,}.")
    frame = pd.DataFrame(rows, dtype=object) if rows else pd.DataFrame()
    frame = frame.map(lambda v: None if v is None or (isinstance(v, str) and not v.strip()) else v)
    if frame.dropna(how="all").empty:
        raise ImportRefused(f"Sheet '{name}' of '{filename}' is empty.")
    return name, frame


def find_header_row(raw: pd.DataFrame, table: Table) -> int:
    """The row (0-based) among the first 20 whose cells best match known headers."""
    return _best_header(raw, table)[0]


def _best_header(raw: pd.DataFrame, table: Table) -> tuple[int, int]:
    """The best header row and how many of the table's columns it names."""
    lookup = _header_lookup(table)
    best_row, best_hits = 0, 0
    for row in range(min(_HEADER_SCAN_ROWS, len(raw))):
        hits = len({lookup[key] for key in map(_normalise_header, raw.iloc[row].dropna()) if key in lookup})
        if hits > best_hits:
            best_row, best_hits = row, hits
    return best_row, best_hits


def best_sheet(data: bytes, filename: str, table: Table) -> str:
    """The sheet whose headers name most of the table's columns (the first on a tie).

    A workbook often opens with a "Read me" or cover sheet; this skips it.
    """
    names = sheet_names(data, filename)
    best, best_hits = names[0], -1
    for name in names:
        try:
            _, raw = read_raw(data, filename, name)
        except ImportRefused:  # an empty sheet names nothing
            continue
        hits = _best_header(raw, table)[1]
        if hits > best_hits:
            best, best_hits = name, hits
    return best


def suggest_mapping(headers: list[object], table: Table) -> dict[str, str | None]:
    """Each header -> the canonical column it names, or None when unknown.

    A canonical column is used once: the first header that names it wins.
    """
    lookup = _header_lookup(table)
    used: set[str] = set()
    mapping: dict[str, str | None] = {}
    for header in headers:
        column = lookup.get(_normalise_header(header))
        if column is not None and column in used:
            column = None
        if column is not None:
            used.add(column)
        mapping[str(header)] = column
    # "Power" usually means influence in a stakeholder list (power-interest
    # grid); it means salience power only when influence has its own column.
    for source, target in _SHARED_MEANINGS.get(table, {}).items():
        if target not in used:
            for header, column in mapping.items():
                if column == source:
                    mapping[header] = target
    return mapping


@dataclass
class ParsedSheet:
    """A sheet read into a table's canonical columns, with its problems.

    ``frame`` holds the non-empty data rows; ``excel_rows[i]`` is the row
    number a spreadsheet shows for ``frame.iloc[i]``.
    """

    table: Table
    sheet: str
    header_row: int
    mapping: dict[str, str | None]
    frame: pd.DataFrame
    excel_rows: list[int]
    problems: list[Problem] = field(default_factory=list)

    @property
    def unmapped(self) -> list[str]:
        return [header for header, column in self.mapping.items() if column is None]

    @property
    def bad_rows(self) -> set[int]:
        """Positions in ``frame`` with at least one problem."""
        return {problem.row for problem in self.problems if problem.row is not None}

    @property
    def refused(self) -> bool:
        """A problem with the sheet as a whole (such as a missing required column)."""
        return any(problem.row is None for problem in self.problems)

    def valid(self) -> pd.DataFrame:
        """The rows without problems (empty when the sheet as a whole is refused)."""
        if self.refused:
            return self.frame.iloc[0:0]
        keep = [position for position in range(len(self.frame)) if position not in self.bad_rows]
        return self.frame.iloc[keep].reset_index(drop=True)

    def describe(self, problem: Problem) -> str:
        where = [f"sheet '{self.sheet}'"]
        if problem.row is not None:
            where.append(f"row {self.excel_rows[problem.row]}")
        if problem.column:
            header = next((h for h, c in self.mapping.items() if c == problem.column), problem.column)
            where.append(f"column '{header}'")
        return f"{', '.join(where)}: {problem.message}"

    def describe_all(self) -> list[str]:
        return [self.describe(problem) for problem in self.problems]

    def report(self) -> pd.DataFrame:
        """Problems as a table: sheet, row, column, value, problem."""
        rows = [
            {
                "sheet": self.sheet,
                "row": self.excel_rows[p.row] if p.row is not None else None,
                "column": next((h for h, c in self.mapping.items() if c == p.column), p.column),
                "value": None if p.value is None else str(p.value),
                "problem": p.message,
            }
            for p in self.problems
        ]
        return pd.DataFrame(rows, columns=["sheet", "row", "column", "value", "problem"])


def parse_sheet(
    raw: pd.DataFrame,
    table: Table,
    sheet: str,
    header_row: int | None = None,
    mapping: dict[str, str | None] | None = None,
) -> ParsedSheet:
    """Read ``raw`` cells into ``table``'s columns and validate every row.

    Labels and common aliases of choices (partner types, levers, ...) are
    turned into canonical values; what cannot be understood is kept as
    typed so the report can quote it.
    """
    header_row = find_header_row(raw, table) if header_row is None else header_row
    if header_row >= len(raw):
        raise ImportRefused(f"Sheet '{sheet}' has {len(raw)} rows, so row {header_row + 1} cannot hold the headers.")
    headers = [_header_text(value, position) for position, value in enumerate(raw.iloc[header_row])]
    mapping = suggest_mapping(headers, table) if mapping is None else {str(k): v for k, v in mapping.items()}
    body = raw.iloc[header_row + 1 :].reset_index(drop=True)
    body.columns = headers
    keep = body.notna().any(axis=1)
    excel_rows = [header_row + 2 + position for position in body.index[keep]]
    body = body[keep].reset_index(drop=True)
    frame = pd.DataFrame(index=body.index)
    for header, column_name in mapping.items():
        if column_name is None or header not in body:
            continue
        column = spec(table).column(column_name)
        frame[column_name] = _clean_column(body[header], column)
        if column_name in _YES_NO_SCORES.get(table, ()):
            frame[column_name] = frame[column_name].map(
                lambda v: _YES_NO.get(v.strip().lower(), v) if isinstance(v, str) else v
            )
    problems = validate(frame, table)
    return ParsedSheet(table, sheet, header_row, mapping, frame, excel_rows, problems)


def read_table(
    data: bytes,
    filename: str,
    table: Table,
    sheet: str | None = None,
    header_row: int | None = None,
    mapping: dict[str, str | None] | None = None,
) -> ParsedSheet:
    """Read one sheet of an uploaded file into ``table`` (see :func:`parse_sheet`)."""
    name, raw = read_raw(data, filename, sheet)
    return parse_sheet(raw, table, name, header_row, mapping)


def _header_text(value: object, position: int) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return f"(column {get_column_letter(position + 1)})"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


_ENUMS = [
    model.PartnerType,
    model.Lever,
    model.EvidenceKind,
    model.ToCLevel,
    model.IndicatorLevel,
    model.RaciRole,
    model.BarrierCategory,
    model.PilotStatus,
    model.Stage,
]


def _clean_column(values: pd.Series, column: Column) -> pd.Series:
    """:func:`_clean_cell` over a column, each distinct cell cleaned once.

    Stakeholder lists repeat a few types, levers and scores thousands of
    times; keys include the type so that 1, 1.0 and True stay apart.
    """
    cache: dict[tuple[type, object], object] = {}
    cleaned = []
    for value in values.tolist():
        key = (type(value), value)
        try:
            result = cache[key]
        except KeyError:
            result = cache[key] = _clean_cell(value, column)
        except TypeError:  # unhashable: clean it directly
            result = _clean_cell(value, column)
        cleaned.append(result)
    return pd.Series(cleaned, index=values.index, dtype=object)


def _clean_cell(value: object, column: Column) -> object:
    """One cell made ready for validation: trimmed, choices made canonical."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None  # pandas may hold an empty cell as NaN; it must not become the text "nan"
    if column.kind in ("text", "json"):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, datetime | date):
            value = value.isoformat()[:10]
        text = str(value).strip()
        if text[:1] == "'" and text[1:].startswith(FORMULA_PREFIXES):
            text = text[1:]  # our own formula guard (see to_csv_bytes) comes off on the way back in
        if column.choices:
            parts = split_list(text) if column.many else [text]
            cleaned = [_canonical_choice(part, column.choices) for part in parts]
            return "; ".join(cleaned) if column.many else cleaned[0]
        return text
    if column.kind == "integer" and column.name == "polarity" and isinstance(value, str):
        return {"+": 1, "positive": 1, "pos": 1, "-": -1, "negative": -1, "neg": -1}.get(value.strip().lower(), value)
    return value


def _canonical_choice(text: str, choices: tuple[str, ...]) -> str:
    for enum in _ENUMS:
        if set(choices) == {member.value for member in enum}:
            member = enum.parse(text)
            return member.value if member is not None else text
    lowered = text.lower()
    return next((choice for choice in choices if choice.lower() == lowered), text)


# -- writing ---------------------------------------------------------------


def _sheet_title(name: str, taken: set[str]) -> str:
    title = re.sub(r"[\[\]:*?/\\]", " ", name).strip()[:31] or "Sheet"
    base, counter = title, 2
    while title.lower() in taken:
        suffix = f" {counter}"
        title, counter = base[: 31 - len(suffix)] + suffix, counter + 1
    taken.add(title.lower())
    return title


def _cell_value(value: object) -> object:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and pd.isna(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def write_workbook(sheets: dict[str, pd.DataFrame]) -> bytes:
    """An .xlsx with one sheet per frame: bold header, frozen top row.

    Text is always stored as text, so a cell such as ``=HYPERLINK(...)``
    typed by a user is shown, never run as a formula.
    """
    workbook = Workbook()
    workbook.remove(workbook.active)
    taken: set[str] = set()
    for name, frame in sheets.items():
        sheet = workbook.create_sheet(_sheet_title(name, taken))
        sheet.append([str(column) for column in frame.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.data_type = "s"  # a header such as "=total" stays text too
        for row in frame.itertuples(index=False):
            sheet.append([_cell_value(value) for value in row])
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text, even when it starts with "="
                elif isinstance(cell.value, datetime):
                    cell.number_format = (
                        "yyyy-mm-dd" if cell.value.time() == datetime.min.time() else "yyyy-mm-dd hh:mm"
                    )
        sheet.freeze_panes = "A2"
        for index, column in enumerate(frame.columns, start=1):
            width = max([len(str(column))] + [len(str(v)) for v in frame[column].head(200) if v is not None])
            sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), 60)
    if not sheets:
        workbook.create_sheet("Empty")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV (UTF-8 with BOM, for Excel) where text that a spreadsheet would
    run as a formula is prefixed with an apostrophe."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or isinstance(safe[column].dtype, pd.StringDtype):
            safe[column] = safe[column].map(
                lambda v: "'" + v if isinstance(v, str) and v.startswith(FORMULA_PREFIXES) else v
            )
    return safe.to_csv(index=False).encode("utf-8-sig")
