"""One page layout for every PDF SocialDesk prints (reports, agreement, right of access).

ReportLab does the drawing; this module holds what all documents share, so they look
alike and a fix lands everywhere at once:

- **Fonts**: :func:`register_fonts` registers DejaVu Sans (regular and bold, shipped in
  ``resources/fonts``) as :data:`FONT` / :data:`FONT_BOLD`. They are embedded (subset) in
  every PDF and cover French, German and Romanian (ș ț ă î â) text. ``<b>`` in a paragraph
  maps to the bold face.
- **Styles**: :func:`styles` → a dict of ``ParagraphStyle``: ``body``, ``small``, ``cell``,
  ``cell_head``, ``title``, ``subtitle``, ``h1``, ``h2``, ``flags``, ``right``.
- **Text**: :func:`text` escapes plain text for a ``Paragraph`` (``<``, ``&``, line
  breaks kept); :func:`para` is ``Paragraph(text(value), style)``. Never put user text in
  a paragraph without one of them.
- **Headings**: :class:`Heading` is a paragraph that is also a PDF bookmark.
- **Tables**: :func:`field_table` (label | value rows, empty values dropped) and
  :func:`data_table` (a header row repeated on each page, relative column widths); both
  return ``None`` when there is nothing to show, so the caller prints its own "none".
- **Signature**: :func:`signature_block` (``Fait à …, le …`` then one box per signer).
- **Page furniture**: :class:`PageFurniture` says what each page carries — a header
  (practitioner's identity on the left, e.g. the file number on the right), a footer
  (a text on the left, "Page X / Y" on the right) and a confidentiality mention under
  the footer rule; :func:`practitioner_identity` builds the header text from the profile.
- **Render**: :func:`render_pdf` builds a story into bytes in memory (nothing is written
  to disk) and returns :class:`RenderedPdf` (``pdf``, ``pages``).

Example::

    register_fonts()
    st = styles()
    story = [para("Rapport", st["title"]), Heading("Identité", st["h1"])]
    table = field_table([("Nom", "Ștefan Țurcanu")], st)
    if table is not None:
        story.append(table)
    furniture = PageFurniture(
        page_label=lambda page, pages: f"Page {page} / {pages}",
        header_left=practitioner_identity(profile),
        confidentiality="Document confidentiel — secret professionnel",
    )
    out = render_pdf(story, furniture, title="Rapport", language="fr")
    out.pdf, out.pages

Words of a document come from its own table through
:func:`socialdesk.services.document_language.words_in`; dates and amounts from
:func:`~socialdesk.services.document_language.format_date_long` /
:func:`~socialdesk.services.document_language.format_amount` (babel).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import as_file, files
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from socialdesk.domain.profile import PractitionerProfile

__all__ = [
    "ACCENT",
    "FONT",
    "FONT_BOLD",
    "MARGIN",
    "RULE",
    "SHADE",
    "USABLE_WIDTH",
    "Heading",
    "PageFurniture",
    "RenderedPdf",
    "Signer",
    "data_table",
    "field_table",
    "numbered_canvas",
    "para",
    "practitioner_identity",
    "register_fonts",
    "render_pdf",
    "signature_block",
    "styles",
    "table_style",
    "text",
]

FONT = "SocialDeskSans"
FONT_BOLD = "SocialDeskSans-Bold"
_FONT_FILES = {FONT: "DejaVuSans.ttf", FONT_BOLD: "DejaVuSans-Bold.ttf"}
MARGIN = 18 * mm
USABLE_WIDTH = A4[0] - 2 * MARGIN
ACCENT = colors.HexColor("#1f4e79")
RULE = colors.HexColor("#c9d3de")
SHADE = colors.HexColor("#eef2f6")

_HEADER_SPACE = 12 * mm  # extra top margin when pages carry a header
_FOOTER_SPACE = 20 * mm  # bottom margin with the footer only
_FOOTER_SPACE_MENTION = 24 * mm  # … and with the confidentiality mention


@cache
def register_fonts() -> tuple[str, str]:
    """Register the shipped TrueType fonts with ReportLab once; their names."""
    from reportlab.lib.fonts import addMapping

    folder = files("socialdesk").joinpath("resources", "fonts")
    for name, filename in _FONT_FILES.items():
        with as_file(folder.joinpath(filename)) as path:
            pdfmetrics.registerFont(TTFont(name, str(path)))
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, FONT_BOLD)
    addMapping(FONT, 0, 1, FONT)
    addMapping(FONT, 1, 1, FONT_BOLD)
    return FONT, FONT_BOLD


def styles() -> dict[str, ParagraphStyle]:
    """The paragraph styles shared by every document (a new dict each call); registers
    the fonts first (a paragraph needs them when it is made)."""
    register_fonts()
    base = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=12.5)
    return {
        "body": base,
        "small": ParagraphStyle("small", base, fontSize=8, leading=10, textColor=colors.grey),
        "cell": ParagraphStyle("cell", base, fontSize=8.5, leading=10.5),
        "cell_head": ParagraphStyle("cell_head", base, fontName=FONT_BOLD, fontSize=8.5,
                                    leading=10.5),
        "title": ParagraphStyle("title", base, fontName=FONT_BOLD, fontSize=17, leading=21,
                                textColor=ACCENT, spaceAfter=4),
        "subtitle": ParagraphStyle("subtitle", base, fontName=FONT_BOLD, fontSize=12,
                                   leading=15, spaceAfter=8),
        "h1": ParagraphStyle("h1", base, fontName=FONT_BOLD, fontSize=12.5, leading=16,
                             textColor=ACCENT, spaceBefore=12, spaceAfter=5, keepWithNext=1),
        "h2": ParagraphStyle("h2", base, fontName=FONT_BOLD, fontSize=10, leading=13,
                             spaceBefore=7, spaceAfter=2, keepWithNext=1),
        "flags": ParagraphStyle("flags", base, fontSize=8, leading=10, textColor=colors.grey,
                                keepWithNext=1),
        "right": ParagraphStyle("right", base, alignment=TA_RIGHT),
    }  # fmt: skip


def text(value: Any) -> str:
    """Plain text → ReportLab paragraph markup (escaped, line breaks kept)."""
    if value is None:
        return ""
    return escape(str(value)).replace("\r\n", "\n").replace("\n", "<br/>")


def para(value: Any, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (escaped)."""
    return Paragraph(text(value), style)


class Heading(Paragraph):
    """A heading that is also a PDF bookmark (outline entry) at ``level`` (0 = top)."""

    def __init__(self, title: str, style: ParagraphStyle, level: int = 0) -> None:
        super().__init__(text(title), style)
        self._outline_title = title
        self._level = level

    def draw(self) -> None:
        super().draw()
        key = f"h{id(self)}"
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(self._outline_title, key, level=self._level, closed=False)


# --- tables ----------------------------------------------------------------------------
def table_style(*commands: tuple[Any, ...]) -> TableStyle:
    """A table style on our font (no stray Helvetica reference), plus ``commands``."""
    return TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            *commands,
        ]
    )


def field_table(
    pairs: Sequence[tuple[str, Any]],
    st: dict[str, ParagraphStyle],
    *,
    label_width: float = 48 * mm,
) -> Table | None:
    """``label | value`` rows (plain text both); rows with an empty value are dropped;
    ``None`` when none is left."""
    rows = [
        [para(label, st["cell_head"]), para(value, st["cell"])]
        for label, value in pairs
        if value not in (None, "")
    ]
    if not rows:
        return None
    # splitInRow: a long text (a situation, a note) may continue on the next page.
    table = Table(rows, colWidths=[label_width, None], hAlign="LEFT", splitInRow=1)
    table.setStyle(table_style())
    return table


def data_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    st: dict[str, ParagraphStyle],
    *,
    width: float = USABLE_WIDTH,
    right_columns: Sequence[int] = (),
) -> Table | None:
    """A table with a shaded header row (repeated on each page); ``widths`` are relative;
    cells are plain text (or ready flowables); ``right_columns`` are right-aligned
    (amounts, counts). ``None`` when there is no row."""
    if not rows:
        return None
    right = ParagraphStyle("cell_right", st["cell"], alignment=TA_RIGHT)
    right_head = ParagraphStyle("cell_head_right", st["cell_head"], alignment=TA_RIGHT)

    def cell(value: Any, column: int, head: bool) -> Any:
        if isinstance(value, Flowable):
            return value
        if column in right_columns:
            return para(value, right_head if head else right)
        return para(value, st["cell_head"] if head else st["cell"])

    data = [[cell(h, i, True) for i, h in enumerate(headers)]]
    data += [[cell(v, i, False) for i, v in enumerate(row)] for row in rows]
    total = sum(widths)
    table = Table(data, colWidths=[width * w / total for w in widths], repeatRows=1, splitInRow=1)
    table.setStyle(table_style(("BACKGROUND", (0, 0), (-1, 0), SHADE)))
    return table


# --- signature ---------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Signer:
    """One signature box: the role in bold, the name, an optional hint in small type."""

    role: str
    name: str
    hint: str = ""


def signature_block(
    st: dict[str, ParagraphStyle],
    place_date: str,
    signers: Sequence[Signer],
    *,
    space: float = 28 * mm,
) -> Flowable:
    """ "Fait à Lille, le 3 mars 2026" then one box per signer (side by side), with
    ``space`` left blank to sign; kept on one page."""
    boxes = []
    for signer in signers:
        box: list[Flowable] = [Paragraph(f"<b>{text(signer.role)}</b>", st["body"])]
        if signer.name:
            box.append(para(signer.name, st["body"]))
        if signer.hint:
            box.append(para(signer.hint, st["small"]))
        boxes.append(box)
    count = max(1, len(boxes))
    if count == 1:  # one signer: a box on the right half, as a letter is signed
        boxes = [[], boxes[0]] if boxes else [[], []]
        width = ["50%", "50%"]
        boxed = [1]
    else:
        width = [f"{100 / count:.4f}%"] * count
        boxed = list(range(count))
    table = Table([boxes, [""] * len(boxes)], colWidths=width, rowHeights=[None, space])
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 6),
    ]
    commands += [("BOX", (i, 0), (i, -1), 0.5, RULE) for i in boxed]
    table.setStyle(TableStyle(commands))
    return KeepTogether([para(place_date, st["body"]), Spacer(1, 4 * mm), table])


# --- page furniture ------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class PageFurniture:
    """What every page carries besides the story.

    ``page_label(page, pages)`` → "Page 2 / 5" (the document's words). ``header_left`` /
    ``header_right`` (one line each, small grey type above a rule; no header when both are
    empty); ``footer_left`` beside the page label; ``confidentiality`` on its own line
    under it (e.g. "Document confidentiel — secret professionnel").
    """

    page_label: Callable[[int, int], str]
    footer_left: str = ""
    header_left: str = ""
    header_right: str = ""
    confidentiality: str = ""

    @property
    def has_header(self) -> bool:
        return bool(self.header_left or self.header_right)


def practitioner_identity(profile: PractitionerProfile) -> str:
    """ "Françoise Lefèvre — Assistante sociale — Lille — 06 …" for a page header."""
    name = profile.display_name or profile.legal_name
    town = " ".join(p for p in (profile.postal_code, profile.city) if p)
    parts = (name, profile.profession_title, town, profile.phone, profile.email)
    return " — ".join(p for p in parts if p)


def _fit(canvas: Canvas, value: str, font: str, size: float, width: float) -> str:
    """``value`` shortened with an ellipsis to fit ``width`` points."""
    if pdfmetrics.stringWidth(value, font, size) <= width:
        return value
    while value and pdfmetrics.stringWidth(value + "…", font, size) > width:
        value = value[:-1]
    return value.rstrip() + "…"


def numbered_canvas(furniture: PageFurniture, counter: list[int] | None = None) -> type[Canvas]:
    """A canvas class that draws the furniture once the number of pages is known; the
    count is appended to ``counter`` when the document is saved."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 (ReportLab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            if counter is not None:
                counter.append(total)
            for state in self._pages:
                self.__dict__.update(state)
                self._furniture(total)
                super().showPage()
            super().save()

        def _furniture(self, total: int) -> None:
            width, height = self._pagesize
            usable = width - 2 * MARGIN
            self.saveState()
            self.setStrokeColor(RULE)
            self.setFillColor(colors.grey)
            self.setFont(FONT, 7.5)
            if furniture.has_header:
                top = height - MARGIN + 4 * mm
                right = furniture.header_right
                right_width = pdfmetrics.stringWidth(right, FONT, 7.5) if right else 0
                left = _fit(self, furniture.header_left, FONT, 7.5, usable - right_width - 8)
                self.drawString(MARGIN, top, left)
                if right:
                    self.drawRightString(width - MARGIN, top, right)
                self.line(MARGIN, top - 2 * mm, width - MARGIN, top - 2 * mm)
            base = 13 * mm if furniture.confidentiality else 9 * mm
            rule = base + 4 * mm
            self.line(MARGIN, rule, width - MARGIN, rule)
            label = furniture.page_label(self._pageNumber, total)
            label_width = pdfmetrics.stringWidth(label, FONT, 7.5)
            left = _fit(self, furniture.footer_left, FONT, 7.5, usable - label_width - 8)
            self.drawString(MARGIN, base, left)
            self.drawRightString(width - MARGIN, base, label)
            if furniture.confidentiality:
                self.setFont(FONT_BOLD, 7)
                self.drawCentredString(width / 2, base - 4.5 * mm, furniture.confidentiality)
            self.restoreState()

    return NumberedCanvas


@dataclass(frozen=True, slots=True)
class RenderedPdf:
    pdf: bytes
    pages: int


def render_pdf(
    story: list[Flowable],
    furniture: PageFurniture,
    *,
    title: str,
    language: str,
    author: str = "",
    subject: str = "",
) -> RenderedPdf:
    """Build ``story`` on A4 pages with ``furniture``; the PDF in memory."""
    register_fonts()
    buffer = io.BytesIO()
    top = MARGIN + (_HEADER_SPACE if furniture.has_header else 0)
    bottom = _FOOTER_SPACE_MENTION if furniture.confidentiality else _FOOTER_SPACE
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=top,
        bottomMargin=bottom,
        title=title,
        author=author,
        subject=subject,
        creator="SocialDesk",
        initialFontName=FONT,
        lang=language,
        displayDocTitle=True,
    )
    counter: list[int] = []
    document.build(story, canvasmaker=numbered_canvas(furniture, counter))
    return RenderedPdf(buffer.getvalue(), counter[-1] if counter else 0)
