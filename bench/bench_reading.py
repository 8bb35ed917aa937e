"""Reading hostile files: peak memory and time, Keystone's read beside a plain read of the same file.

Run with ``python -m bench reading`` (``./keystone bench reading``). Every file
is made here, in a temporary folder, then read twice, each time in a child
process run under ``/usr/bin/time -v`` (its "Maximum resident set size" is the
peak memory) and capped at :data:`CAP_GB` GB of address space so that a read
that would take the machine down dies alone:

- Keystone: ``core.io_excel.read_raw``, what the import pages and
  ``python -m core`` call (the guards, then calamine, then a frame);
- plain: python-calamine's whole-sheet read of the first sheet
  (``to_python(skip_empty_area=False)``, what Keystone did before the guards),
  or ``pandas.read_csv`` for the CSV file.

Seconds are the read alone, timed in the child (not the interpreter's start);
"peak MB" includes the interpreter and its imports (the baseline row).
"""

from __future__ import annotations

import io
import re
import struct
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from itertools import chain, repeat
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from bench.bench_import import actors, workbook
from core.io_excel.extent import MAX_CELLS, MAX_COLUMNS, MAX_ROW_NUMBER
from core.io_excel.reading import MAX_BYTES, MAX_ROWS, MAX_UNZIPPED_BYTES

CAP_GB = 4
ROOT = Path(__file__).resolve().parents[1]
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns"

_CHILD = """
import io, resource, sys, time
path, how = sys.argv[1], sys.argv[2]
data = open(path, "rb").read()
if how in ("keystone", "imports"):
    from core.io_excel import ImportRefused, read_raw
elif how == "plain" and path.endswith(".csv"):
    import pandas as pd
elif how == "plain":
    from python_calamine import CalamineWorkbook
start = time.perf_counter()
try:
    if how == "keystone":
        try:
            name, frame = read_raw(data, path.rsplit("/", 1)[-1])
            outcome = f"read {frame.shape[0]:,} x {frame.shape[1]:,}"
        except ImportRefused as refused:
            said = str(refused).replace("'" + path.rsplit("/", 1)[-1] + "'", "the file")
            outcome = "refused: " + said.removeprefix("the file cannot be read: ")
    elif how == "plain" and path.endswith(".csv"):
        frame = pd.read_csv(io.BytesIO(data))
        outcome = f"read {frame.shape[0]:,} x {frame.shape[1]:,}"
    elif how == "plain":
        rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python(skip_empty_area=False)
        outcome = f"read {len(rows):,} x {max(map(len, rows), default=0):,}"
    else:
        outcome = "started"
except Exception as error:
    outcome = f"error: {type(error).__name__}: {error}"
print(f"{time.perf_counter() - start:.2f}|{outcome}")
"""


def _zip(parts: dict[str, bytes | Iterable[bytes]]) -> bytes:
    """A zip archive; a part given as chunks is streamed in (a 300 MB part never sits in memory)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, part in parts.items():
            with archive.open(name, "w") as stream:
                for chunk in [part] if isinstance(part, bytes) else part:
                    stream.write(chunk)
    return buffer.getvalue()


def _xlsx(rows: Iterable[bytes], head: bytes = b"") -> bytes:
    """A minimal .xlsx written by hand around one sheet's rows."""
    relations = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package = "http://schemas.openxmlformats.org/package/2006/relationships"
    return _zip(
        {
            "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package'
            b'/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override '
            b'PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml'
            b'.sheet.main+xml"/></Types>',
            "_rels/.rels": f'<Relationships xmlns="{package}"><Relationship Id="rId1" Type="{relations}/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>'.encode(),
            "xl/workbook.xml": f'<workbook xmlns="{_MAIN}" xmlns:r="{relations}"><sheets><sheet name="List" '
            'sheetId="1" r:id="rId1"/></sheets></workbook>'.encode(),
            "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{package}"><Relationship Id="rId1" '
            f'Type="{relations}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'.encode(),
            "xl/worksheets/sheet1.xml": chain(
                [head + f'<worksheet xmlns="{_MAIN}"><sheetData>'.encode()], rows, [b"</sheetData></worksheet>"]
            ),
        }
    )


def _openpyxl(cells: dict[str, object]) -> bytes:
    book = Workbook()
    for reference, value in {"A1": "Organisation", "B1": "Type", "A2": "Tidewater Co-op", "B2": "ngo", **cells}.items():
        book.active[reference] = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def wide_header() -> bytes:
    header = "".join(
        f'<c r="{get_column_letter(n)}1" t="inlineStr"><is><t>Column {n}</t></is></c>' for n in range(1, 16_385)
    )
    return _xlsx([f'<row r="1">{header}</row><row r="2"><c r="A2"><v>1</v></c></row>'.encode()])


def zip_bomb(false_sizes: bool) -> bytes:
    """300 MB of XML (spaces between two rows) in a 300 KB file; with ``false_sizes`` the archive says 1 KB."""
    first = b'<row r="1"><c r="A1" t="inlineStr"><is><t>Organisation</t></is></c></row>'
    data = bytearray(_xlsx(chain([first], repeat(b" " * (1 << 20), 300))))
    name = b"xl/worksheets/sheet1.xml"
    for signature, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)) if false_sizes else ():
        at = data.find(signature)  # the sizes in the local header and the central directory, as a hostile tool writes
        while at >= 0:
            if data[at + name_at : at + name_at + len(name)] == name:
                data[at + size_at : at + size_at + 4] = struct.pack("<I", 1024)
            at = data.find(signature, at + 4)
    return bytes(data)


def billion_laughs() -> bytes:
    entities = '<!ENTITY lol0 "lol">' + "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
    head = f'<?xml version="1.0"?><!DOCTYPE worksheet [{entities}]>'.encode()
    return _xlsx([b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'], head)


def million_rows() -> bytes:
    return _xlsx(
        "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(start, start + 65_536)).encode()
        for start in range(1, 1_048_577, 65_536)
    )


def dense_ceiling() -> bytes:
    """200,000 rows of 50 numbers: the most cells Keystone reads, 146 MB of XML without cell references."""
    row = b"<row>" + b"<c><v>7</v></c>" * 50 + b"</row>"
    return _xlsx(repeat(row * 10_000, 20))


def big_csv() -> bytes:
    line = "Organisation {},ngo,plastics,collection,Jakarta,policy,4,3,{}\n"
    return "".join(line.format(n, "x" * 40) for n in range(1_200_000)).encode()[: 100 << 20]


def _ods(rows: Iterable[bytes]) -> bytes:
    head = (
        f'<?xml version="1.0"?><office:document-content xmlns:office="{_OFFICE}:office:1.0" xmlns:table='
        f'"{_OFFICE}:table:1.0" xmlns:text="{_OFFICE}:text:1.0"><office:body><office:spreadsheet>'
        '<table:table table:name="List">'
    )
    manifest = (
        f'<manifest:manifest xmlns:manifest="{_OFFICE}:manifest:1.0"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
        'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    tail = b"</table:table></office:spreadsheet></office:body></office:document-content>"
    return _zip(
        {
            "mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
            "META-INF/manifest.xml": manifest.encode(),
            "content.xml": chain([head.encode()], rows, [tail]),
        }
    )


def _cell(text: str, repeat: int = 1) -> str:
    times = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    return f'<table:table-cell{times} office:value-type="string"><text:p>{text}</text:p></table:table-cell>'


def ods_repeats(rows: int, columns: int) -> bytes:
    row = f'<table:table-row table:number-rows-repeated="{rows}">{_cell("x", columns)}</table:table-row>'
    return _ods([f"<table:table-row>{_cell('Organisation')}</table:table-row>{row}".encode()])


def normal_ods(n: int = 50_000) -> bytes:
    """A stakeholder list as LibreOffice writes it: empty cells and rows repeated out to the sheet's end."""
    frame = actors(n)
    empty = '<table:table-cell table:number-columns-repeated="1014"/>'
    rows = (f"<table:table-row>{''.join(_cell(str(v)) for v in row)}{empty}</table:table-row>".encode()
            for row in [list(frame.columns), *frame.itertuples(index=False)])  # fmt: skip
    end = f'<table:table-row table:number-rows-repeated="1048525">{empty}</table:table-row>'.encode()
    return _ods(chain(rows, [end]))


def html_named_xlsx() -> bytes:
    return b"<html><body><table><tr><td>Organisation</td></tr>" + b"<tr><td>x</td></tr>" * 10_000 + b"</table></html>"


CASES: list[tuple[str, str, Callable[[], bytes]]] = [
    ("far cell (XFD1048576)", "far.xlsx", lambda: _openpyxl({"XFD1048576": "x"})),
    ("wide header (16,384 columns)", "wide.xlsx", wide_header),
    ("wide and long (ALL1, A150000)", "area.xlsx", lambda: _openpyxl({"ALL1": "x", "A150000": "y"})),
    ("zip bomb, true sizes (300 MB)", "bomb.xlsx", lambda: zip_bomb(False)),
    ("zip bomb, false sizes", "bomb-lying.xlsx", lambda: zip_bomb(True)),
    ("billion laughs", "laughs.xlsx", billion_laughs),
    ("1,048,576 rows", "rows.xlsx", million_rows),
    ("100 MB CSV", "big.csv", big_csv),
    (".ods repeats (20,000 rows x 1,000)", "repeats.ods", lambda: ods_repeats(20_000, 1_000)),
    (".ods repeats (1,048,000 rows x 100)", "more-repeats.ods", lambda: ods_repeats(1_048_000, 100)),
    ("HTML named .xlsx", "page.xlsx", html_named_xlsx),
    ("normal: 50,000 rows (.xlsx)", "normal.xlsx", lambda: workbook(actors(50_000))),
    ("normal: 50,000 rows (.ods)", "normal.ods", normal_ods),
    ("at the ceiling: 200,000 x 50, dense", "ceiling.xlsx", dense_ceiling),
    ("at the ceiling: 200,000 x 50, 2 cells", "sparse.xlsx", lambda: _openpyxl({"AX1": "x", "A200000": "y"})),
]


def _limit() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (CAP_GB << 30, CAP_GB << 30))


def measure(path: Path, how: str) -> tuple[str, float | None, float | None]:
    """(outcome, peak MB, seconds) of one read in a child under ``/usr/bin/time -v``."""
    try:
        done = subprocess.run(
            ["/usr/bin/time", "-v", sys.executable, "-c", _CHILD, str(path), how],
            cwd=ROOT, capture_output=True, text=True, timeout=600, preexec_fn=_limit,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        return "stopped after 600 s", None, None
    found = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    peak = int(found.group(1)) / 1024 if found else None
    line = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    if "|" not in line:
        signal = re.search(r"Command terminated by signal (\d+)", done.stderr)
        died = f"died (signal {signal.group(1)})" if signal else f"died (exit {done.returncode})"
        return died + (": out of memory" if "memory allocation" in done.stderr else ""), peak, None
    seconds, outcome = line.split("|", 1)
    return outcome, peak, float(seconds)


def _cell_text(outcome: str, peak: float | None, seconds: float | None, width: int) -> str:
    numbers = f"{peak or 0:>7,.0f} {'' if seconds is None else f'{seconds:.2f}':>6}"
    return f"{numbers}  {outcome[:width]:<{width}}"


def main() -> None:
    if not Path("/usr/bin/time").exists():
        raise SystemExit("This benchmark needs /usr/bin/time (Debian: apt-get install time).")
    print(
        f"Limits (core/io_excel): files up to {MAX_BYTES >> 20} MB, {MAX_UNZIPPED_BYTES >> 20} MB unzipped; "
        f"{MAX_ROWS:,} rows read, cells up to row {MAX_ROW_NUMBER:,} and column {MAX_COLUMNS:,}; at most "
        f"{MAX_CELLS:,} cells in a sheet's grid. Each read in a child capped at {CAP_GB} GB of address space."
    )
    with tempfile.TemporaryDirectory() as folder:
        baseline = Path(folder) / "empty.csv"
        baseline.write_text("x\n1\n")
        _, peak, _ = measure(baseline, "imports")
        print(f"baseline (interpreter and imports, no read): {peak:,.0f} MB peak\n")
        print(f"{'file':<38} {'size':>8} | {'Keystone: peak MB, s, outcome':<58} | plain read: peak MB, s, outcome")
        for label, name, make in CASES:
            path = Path(folder) / name
            path.write_bytes(make())
            size = path.stat().st_size
            ours = _cell_text(*measure(path, "keystone"), 42)
            plain = _cell_text(*measure(path, "plain"), 60)
            shown = f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{size / 1e3:.0f} KB"
            print(f"{label:<38} {shown:>8} | {ours} | {plain}", flush=True)
            path.unlink()


if __name__ == "__main__":
    main()
