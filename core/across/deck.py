"""The steering-committee deck as files: slides in, a .pptx or a PDF handout out (issue 19).

The UI decides what each slide says and draws its picture; this module only lays
slides out, so the same content becomes a 16:9 PowerPoint deck to project and an A4
handout to read. User text is data: python-pptx and fpdf2 write it literally (no
markup is interpreted), and the handout carries its own font (DejaVu Sans, in
``assets/fonts/``), so names like "Société Générale" and signs like − ≠ → print the
same on every machine.

About 300 lines, kept whole: the deck and the handout lay out the same slides and must stay alike.

>>> deck = to_pptx([Slide("Ocean-bound plastic", "Who acts, and how", "Entered on the home page.")])
>>> deck[:2], to_pdf([])[:5]
(b'PK', b'%PDF-')
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from fpdf import FPDF, FontFace
from fpdf.enums import MethodReturnValue
from pptx import Presentation
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Emu, Inches, Pt

__all__ = ["TABLE_ROWS", "Slide", "SlideTable", "png_size", "to_pdf", "to_pptx"]

TABLE_ROWS = 12
"""Table rows on one projected slide at 14 pt; more continue on slides titled "… (continued)"."""

FONTS = Path(__file__).resolve().parents[2] / "assets" / "fonts"

_WIDTH, _HEIGHT, _MARGIN = Inches(13.333), Inches(7.5), Inches(0.5)
_BODY_TOP, _BODY_BOTTOM, _GAP = Inches(2.75), Inches(7.2), Inches(0.25)
# (most characters, points): a size is picked by length, so text wraps inside its box and never
# runs off the slide; PowerPoint's shrink-on-overflow is set as well, for text edited later.
_TITLE_PT = ((40, 36), (80, 28)), 24
_TAKEAWAY_PT = ((60, 32), (110, 28), (220, 24)), 20
_BULLET_PT = ((250, 24),), 20


@dataclass(frozen=True)
class SlideTable:
    """A table already formatted as text.

    Attributes
    ----------
    columns : tuple of str
        The header row.
    rows : tuple of tuple of str
        One tuple per row, each as long as ``columns``.
    """

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def __post_init__(self) -> None:
        if not self.columns:
            raise ValueError("a slide table needs at least one column")
        for number, row in enumerate(self.rows, start=1):
            if len(row) != len(self.columns):
                raise ValueError(f"row {number} of the table has {len(row)} cells, not {len(self.columns)}")


@dataclass(frozen=True)
class Slide:
    """One slide's content.

    Attributes
    ----------
    title : str
        The heading, e.g. "Who holds the system together".
    takeaway : str
        One line in plain words, shown large under the title (keep it under ~200 characters).
    notes : str
        Speaker notes: where the figure comes from.
    picture : bytes or None
        A PNG, scaled to fit without cropping or stretching.
    bullets : tuple of str
        Points beside the picture, or under the takeaway when there is none.
    table : SlideTable or None
        A table; rows beyond :data:`TABLE_ROWS` continue on further slides of the deck.
    """

    title: str
    takeaway: str
    notes: str
    picture: bytes | None = None
    bullets: tuple[str, ...] = ()
    table: SlideTable | None = None


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height in pixels, from a PNG's IHDR header.

    >>> png_size(b"\\x89PNG\\r\\n\\x1a\\n" + bytes(4) + b"IHDR" + (3000).to_bytes(4, "big") + (1500).to_bytes(4, "big"))
    (3000, 1500)
    """
    if png[:8] != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR" or len(png) < 24:
        raise ValueError("a slide's picture must be a PNG")
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    if not width or not height:
        raise ValueError("a slide's picture has no pixels")
    return width, height


def _points(text: str, steps: tuple[tuple[tuple[int, int], ...], int]) -> int:
    limits, floor = steps
    return next((size for most, size in limits if len(text) <= most), floor)


def _fit(size: tuple[int, int], box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """The largest rectangle of the picture's aspect ratio inside the box, centred."""
    (pixels_wide, pixels_high), (left, top, width, height) = size, box
    scale = min(width / pixels_wide, height / pixels_high)
    wide, high = pixels_wide * scale, pixels_high * scale
    return left + (width - wide) / 2, top + (height - high) / 2, wide, high


def _continued(slides: Sequence[Slide]) -> Iterator[Slide]:
    """Each slide, with a long table split over slides of :data:`TABLE_ROWS` rows."""
    for slide in slides:
        rows = slide.table.rows if slide.table else ()
        if len(rows) <= TABLE_ROWS:
            yield slide
            continue
        for start in range(0, len(rows), TABLE_ROWS):
            part = replace(slide.table, rows=rows[start : start + TABLE_ROWS])
            if start == 0:
                yield replace(slide, table=part)
            else:
                yield Slide(f"{slide.title} (continued)", slide.takeaway, slide.notes, table=part)


def _write(frame, texts: Sequence[str], points: int, *, bold: bool = False, bullet: bool = False) -> None:
    """Put each text in its own paragraph of the frame, wrapping, at the given size."""
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
    for number, text in enumerate(texts):
        paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
        paragraph.text = f"• {text}" if bullet else text
        if bullet:
            paragraph.space_after = Pt(points // 2)
        for run in paragraph.runs:
            run.font.size, run.font.bold = Pt(points), bold


def _text_box(slide, box, texts: Sequence[str], points: int, **style) -> None:
    left, top, width, height = (Emu(int(value)) for value in box)
    _write(slide.shapes.add_textbox(left, top, width, height).text_frame, texts, points, **style)


def _weights(table: SlideTable) -> list[int]:
    """Column shares by their longest text, so names get room and numbers stay narrow."""
    return [
        min(max(4, len(column), *(len(row[index]) for row in table.rows)), 40)
        for index, column in enumerate(table.columns)
    ]


def _pptx_table(slide, table: SlideTable, box) -> None:
    left, top, width, height = (int(value) for value in box)
    count = len(table.rows) + 1
    row_height = min(Inches(0.45), height // count)
    shape = slide.shapes.add_table(count, len(table.columns), Emu(left), Emu(top), Emu(width), Emu(row_height * count))
    weights = _weights(table)
    for index, weight in enumerate(weights):
        shape.table.columns[index].width = Emu(width * weight // sum(weights))
    for row_number, row in enumerate((table.columns, *table.rows)):
        shape.table.rows[row_number].height = Emu(row_height)
        for column, text in enumerate(row):
            _write(shape.table.cell(row_number, column).text_frame, [text], 14, bold=row_number == 0)


def _pptx_slide(deck, slide: Slide, *, opening: bool) -> None:
    page = deck.slides.add_slide(deck.slide_layouts[5])  # "Title Only": the title stays a real title
    page.notes_slide.notes_text_frame.text = slide.notes
    title, wide = page.shapes.title, _WIDTH - 2 * _MARGIN
    bare = slide.picture is None and not slide.bullets and slide.table is None
    centred = opening and bare
    title.left, title.width = _MARGIN, wide
    title.top, title.height = (Inches(1.6), Inches(1.8)) if centred else (Inches(0.3), Inches(1.05))
    _write(title.text_frame, [slide.title], _points(slide.title, _TITLE_PT) + (8 if centred else 0), bold=True)
    title.text_frame.vertical_anchor = MSO_ANCHOR.BOTTOM if centred else MSO_ANCHOR.MIDDLE
    for paragraph in title.text_frame.paragraphs:
        paragraph.alignment = PP_ALIGN.CENTER if centred else PP_ALIGN.LEFT
    takeaway_box = (_MARGIN, Inches(3.6) if centred else Inches(1.4), wide, Inches(2.2) if centred else Inches(1.3))
    _text_box(page, takeaway_box, [slide.takeaway], _points(slide.takeaway, _TAKEAWAY_PT))
    if centred:
        page.shapes[-1].text_frame.paragraphs[0].alignment = PP_ALIGN.CENTER
    if bare:
        return
    top, height = _BODY_TOP, _BODY_BOTTOM - _BODY_TOP
    beside = slide.bullets or slide.table is not None
    left_width = int(wide * 0.62) if slide.picture is not None and beside else wide
    if slide.picture is not None:
        box = _fit(png_size(slide.picture), (_MARGIN, top, left_width, height))
        left, picture_top, width, picture_height = (Emu(int(value)) for value in box)
        page.shapes.add_picture(io.BytesIO(slide.picture), left, picture_top, width, picture_height)
    if not beside:
        return
    right = _MARGIN + (left_width + _GAP if slide.picture is not None else 0)
    width = _MARGIN + wide - right
    if slide.bullets:
        share = height if slide.table is None else height * 2 // 5
        points = _points(" ".join(slide.bullets), _BULLET_PT) if len(slide.bullets) <= 5 else 20
        _text_box(page, (right, top, width, share), slide.bullets, points, bullet=True)
        top, height = top + share + _GAP, height - share - _GAP
    if slide.table is not None:
        _pptx_table(page, slide.table, (right, top, width, height))


def to_pptx(slides: Sequence[Slide]) -> bytes:
    """A 16:9 PowerPoint deck; the first slide is the title slide.

    Parameters
    ----------
    slides : sequence of Slide
        In order. A table longer than :data:`TABLE_ROWS` rows continues on extra slides
        titled "… (continued)", so the deck may hold more slides than given.

    Returns
    -------
    bytes
        The .pptx file. No slides gives an empty deck that still opens.
    """
    deck = Presentation()
    deck.slide_width, deck.slide_height = _WIDTH, _HEIGHT
    if slides:
        deck.core_properties.title = slides[0].title
    for number, slide in enumerate(_continued(slides)):
        _pptx_slide(deck, slide, opening=number == 0)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def _lines_high(pdf: FPDF, width: float, text: str, line: float) -> float:
    return line * len(pdf.multi_cell(width, line, text, dry_run=True, output=MethodReturnValue.LINES, align="L"))


def _pdf_page(pdf: FPDF, slide: Slide) -> None:
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 20)
    pdf.multi_cell(0, 9, slide.title, new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.set_font("DejaVu", "", 14)
    pdf.multi_cell(0, 7, slide.takeaway, new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.ln(4)
    pdf.set_font("DejaVu", "", 9)
    notes_height = _lines_high(pdf, pdf.epw, slide.notes, 4.5) + 10 if slide.notes else 0  # as drawn below
    pdf.set_font("DejaVu", "", 12)
    top, side = pdf.get_y(), slide.picture is not None and bool(slide.bullets)
    if slide.picture is not None:
        width = pdf.epw * 0.62 if side else pdf.epw
        height = pdf.h - pdf.b_margin - notes_height - top - 6  # 4 mm under the picture, 2 to spare
        if slide.table is not None:
            height /= 2
        if not side and slide.bullets:
            height -= sum(_lines_high(pdf, pdf.epw, f"• {text}", 6) + 1.5 for text in slide.bullets)
        left, image_top, wide, high = _fit(png_size(slide.picture), (pdf.l_margin, top, width, max(height, 40)))
        pdf.image(io.BytesIO(slide.picture), x=left, y=image_top, w=wide, h=high)
        below = image_top + high + 4
        pdf.set_xy(pdf.l_margin + width + 6 if side else pdf.l_margin, top if side else below)
    else:
        below = top
    column = pdf.get_x()  # beside the picture, or the left margin
    for text in slide.bullets:
        pdf.set_x(column)  # ln() below goes back to the margin
        pdf.multi_cell(pdf.epw - column + pdf.l_margin, 6, f"• {text}", new_x="LEFT", new_y="NEXT", align="L")
        pdf.ln(1.5)
    pdf.set_xy(pdf.l_margin, max(pdf.get_y(), below))
    if slide.table is not None:
        pdf.set_font("DejaVu", "", 10)
        heading = FontFace(emphasis="BOLD", fill_color=(230, 230, 230))
        with pdf.table(col_widths=_weights(slide.table), headings_style=heading, line_height=5.5) as grid:
            for row in (slide.table.columns, *slide.table.rows):
                cells = grid.row()
                for text in row:
                    cells.cell(text)
    if slide.notes:
        pdf.ln(5)
        pdf.set_font("DejaVu", "B", 9)
        pdf.cell(0, 5, "Notes:", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 9)
        pdf.multi_cell(0, 4.5, slide.notes, new_x="LMARGIN", new_y="NEXT", align="L")


def to_pdf(slides: Sequence[Slide]) -> bytes:
    """A handout: one landscape A4 page per slide, its speaker notes under it.

    Parameters
    ----------
    slides : sequence of Slide
        In order. A long table runs on over further pages, its header repeated.

    Returns
    -------
    bytes
        The PDF, in the bundled DejaVu Sans (no system font is used). No slides gives one blank page.
    """
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_margins(15, 12, 15)
    pdf.set_auto_page_break(True, margin=12)
    pdf.add_font("DejaVu", "", FONTS / "DejaVuSans.ttf")
    pdf.add_font("DejaVu", "B", FONTS / "DejaVuSans-Bold.ttf")
    if slides:
        pdf.set_title(slides[0].title)
    for slide in slides:
        _pdf_page(pdf, slide)
    return bytes(pdf.output())
