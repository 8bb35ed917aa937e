"""The deck's file writers, read back with python-pptx and pypdf."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.util import Inches, Pt
from pypdf import PdfReader

from core.across.deck import TABLE_ROWS, Slide, SlideTable, png_size, to_pdf, to_pptx

HOSTILE = '<b>&amp;</b> =HYPERLINK("http://x") **bold** {{name}}'
UNICODE = "Société Générale − ≠ ‖ → Ørsted"


def _png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (30, 90, 160)).save(buffer, format="PNG")
    return buffer.getvalue()


def _table(rows: int) -> SlideTable:
    return SlideTable(("Partner", "Sector", "Why"), tuple((f"Partner {n}", "NGO", f"reason {n}") for n in range(rows)))


def _open(slides) -> Presentation:
    return Presentation(io.BytesIO(to_pptx(slides)))


def _texts(page) -> list[str]:
    return [shape.text_frame.text for shape in page.shapes if shape.has_text_frame]


def _pictures(page):
    return [shape for shape in page.shapes if shape.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE


def test_png_size_reads_the_header_and_refuses_other_images():
    assert png_size(_png(3000, 1200)) == (3000, 1200)
    with pytest.raises(ValueError, match="PNG"):
        png_size(b"\xff\xd8\xff\xe0 a JPEG")


def test_a_deck_holds_each_slide_with_its_title_takeaway_and_notes_on_a_16_9_page():
    slides = [
        Slide("Ocean-bound plastic coalition", "Plastic leaks where collection is informal", "From the home page."),
        Slide("Who holds the system together", "Two brokers carry most ties", "Step 1, actor map.", _png(3000, 1500)),
        Slide("Why each partner", "Three partners bring what we lack", "Step 3, short list.", bullets=("A", "B")),
    ]
    deck = _open(slides)
    assert (deck.slide_width, deck.slide_height) == (Inches(13.333), Inches(7.5))
    assert len(deck.slides) == 3
    assert [page.shapes.title.text_frame.text for page in deck.slides] == [slide.title for slide in slides]
    for page, slide in zip(deck.slides, slides, strict=True):
        assert slide.takeaway in _texts(page)
        assert page.notes_slide.notes_text_frame.text == slide.notes
    assert deck.core_properties.title == "Ocean-bound plastic coalition"
    assert "• A\n• B" in _texts(deck.slides[2])


@pytest.mark.parametrize(("width", "height"), [(3000, 1500), (3000, 3000), (1200, 3000)])
@pytest.mark.parametrize("bullets", [(), ("Brokers: Sea Cycle, PortLink",)])
def test_a_picture_keeps_its_aspect_ratio_and_lies_inside_the_slide(width, height, bullets):
    deck = _open([Slide("Title", "Problem", ""), Slide("Map", "Takeaway", "n", _png(width, height), bullets)])
    (picture,) = _pictures(deck.slides[1])
    assert picture.width / picture.height == pytest.approx(width / height, rel=0.002)
    assert picture.left >= 0 and picture.top >= Inches(2.5)
    assert picture.left + picture.width <= deck.slide_width and picture.top + picture.height <= deck.slide_height
    boxes = [shape for shape in deck.slides[1].shapes if shape.has_text_frame and shape.text_frame.text.startswith("•")]
    if bullets:  # the picture on the left, the points to its right
        (box,) = boxes
        assert picture.left + picture.width <= box.left and box.left + box.width <= deck.slide_width
    else:
        assert boxes == []


def test_a_30_row_table_continues_on_two_more_slides_with_every_row_in_order():
    deck = _open([Slide("Title", "Problem", ""), Slide("Short list", "Why each partner", "Step 3.", table=_table(30))])
    assert len(deck.slides) == 4
    pages = list(deck.slides)[1:]
    assert [page.shapes.title.text_frame.text for page in pages] == [
        "Short list",
        "Short list (continued)",
        "Short list (continued)",
    ]
    rows = []
    for page in pages:
        (frame,) = [shape for shape in page.shapes if shape.has_table]
        cells = [[cell.text_frame.text for cell in row.cells] for row in frame.table.rows]
        assert cells[0] == ["Partner", "Sector", "Why"]
        assert len(cells) - 1 <= TABLE_ROWS
        header = frame.table.cell(0, 0).text_frame.paragraphs[0].runs[0].font
        body = frame.table.cell(1, 0).text_frame.paragraphs[0].runs[0].font
        assert header.bold and not body.bold and body.size >= Pt(14)
        assert frame.top + frame.height <= deck.slide_height
        rows += cells[1:]
        assert page.notes_slide.notes_text_frame.text == "Step 3."
    assert rows == [[f"Partner {n}", "NGO", f"reason {n}"] for n in range(30)]


def test_a_table_row_of_the_wrong_length_is_refused_not_cut():
    with pytest.raises(ValueError, match="row 2"):
        SlideTable(("a", "b"), (("1", "2"), ("3",)))


def test_hostile_and_unicode_text_comes_back_literally():
    text = f"{HOSTILE} {UNICODE}"
    deck = _open([Slide(text, text, text, bullets=(text,), table=SlideTable((text,), ((text,),)))])
    page = deck.slides[0]
    assert page.shapes.title.text_frame.text == text
    assert text in _texts(page) and f"• {text}" in _texts(page)
    (frame,) = [shape for shape in page.shapes if shape.has_table]
    assert [frame.table.cell(row, 0).text_frame.text for row in (0, 1)] == [text, text]
    assert page.notes_slide.notes_text_frame.text == text


@pytest.mark.parametrize("length", [20, 100, 200, 300])
def test_a_long_takeaway_is_set_large_and_wraps_and_shrinks_inside_the_slide(length):
    takeaway = ("Two brokers carry most of the ties between recyclers and brands " * 6)[:length]
    deck = _open([Slide("Title", "Problem", ""), Slide("Map", takeaway, "", _png(300, 200))])
    (box,) = [shape for shape in deck.slides[1].shapes if shape.has_text_frame and shape.text_frame.text == takeaway]
    size = box.text_frame.paragraphs[0].runs[0].font.size
    assert size >= (Pt(24) if length <= 200 else Pt(20))
    assert box.text_frame.word_wrap and box.text_frame.auto_size == MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
    assert box.left + box.width <= deck.slide_width and box.top + box.height <= Inches(2.75)
    # roughly 0.55 em a character and 1.2 lines: the text needs no more than its box
    lines = -(-length * size.pt * 0.55 // (box.width / 12700))
    assert lines * size.pt * 1.2 <= box.height / 12700 or length > 200


def test_a_slide_with_only_words_and_an_empty_deck_still_open():
    deck = _open([Slide("Title", "Problem", "")])
    assert len(deck.slides) == 1 and _pictures(deck.slides[0]) == []
    assert len(_open([]).slides) == 0
    assert len(PdfReader(io.BytesIO(to_pdf([]))).pages) == 1


def test_the_handout_has_a_page_per_slide_with_notes_and_unicode_text_intact():
    slides = [
        Slide(f"Coalition with {UNICODE}", "The problem in one line", "From the home page."),
        Slide("Map", "Two brokers", f"Step 1: {HOSTILE}", _png(3000, 1500), bullets=("Sea Cycle → PortLink",)),
        Slide("Verdict", "Systemic", "Step 2.", _png(1200, 3000)),
    ]
    reader = PdfReader(io.BytesIO(to_pdf(slides)))
    assert len(reader.pages) == 3
    texts = [" ".join(page.extract_text().split()) for page in reader.pages]
    assert "Société Générale − ≠ ‖ → Ørsted" in texts[0]
    assert "Notes:" in texts[1] and HOSTILE in texts[1] and "Sea Cycle → PortLink" in texts[1]
    assert all(page.mediabox.width > page.mediabox.height for page in reader.pages)  # landscape
    fonts = {
        str(font.get_object()["/BaseFont"]) for page in reader.pages for font in page["/Resources"]["/Font"].values()
    }
    assert fonts and all("DejaVu" in font for font in fonts)  # the bundled font, embedded; no system font


def test_a_long_table_runs_on_in_the_handout_with_every_row():
    reader = PdfReader(io.BytesIO(to_pdf([Slide("Short list", "Why each", "Step 3.", table=_table(60))])))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages) + " "
    assert len(reader.pages) >= 2
    positions = [text.index(f"Partner {n} ") for n in range(60)]
    assert positions == sorted(positions)


def test_in_the_handout_every_point_beside_a_picture_stays_beside_it():
    """The points are written in a column right of the picture, every line of each, not only the first."""
    points = tuple(f"Point {n}: " + "a finding worth a line or two on paper, " * 3 for n in range(4))
    slide = Slide("Who holds the system together", "Two brokers", "Step 1.", _png(3000, 2000), bullets=points)
    page = PdfReader(io.BytesIO(to_pdf([slide]))).pages[0]
    runs: list[tuple[float, str]] = []
    page.extract_text(visitor_text=lambda text, cm, tm, font, size: runs.append((cm[4] + tm[4], text)))
    written = [(x, text) for x, text in runs if "Point" in text or "finding" in text]
    assert sum("Point" in text for _, text in written) == 4
    picture_right = float(page.mediabox.width) * 0.62  # the picture takes 62% of the width, from the left margin
    assert all(x > picture_right for x, _ in written), written
