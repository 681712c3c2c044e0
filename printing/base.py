"""The common A4 frame of every printed document (documents.md).

Header on every page: "INDIAN CUSTOMS EDI SYSTEM", the document title, location (port code
and name), document number and date, the parties (IEC and name, customs broker), the copy
name where the document has named copies, REPRINT where a permitted reprint (EXP-PRT-4),
and a banner such as NOT VALID FOR DEPB (EXP-PRT-2). Footer: the document, who printed it
and when, and "page n of m" counted within each copy (each copy is a document of its own).
The story is laid out once; its pages become form XObjects drawn under each copy's frame.

Fonts: the standard PDF fonts (Helvetica), nothing embedded: small, fast files. Helvetica
has no rupee glyph, so money is printed "Rs. 12,34,567.89" (Indian grouping); embedding
DejaVuSans just for "₹" would add ~0.7 MB of font parsing per process and ~40 KB per file.

Flowables are kept cheap (documents print at the counter, a 5-item SB set in well under
50 ms): table cells are plain strings unless a value is long enough to need wrapping,
which then becomes a Paragraph.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
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

from console.money import inr, to_paise

# Binary (Flate-only) streams: ASCII85 wrapping is pure Python here and a third of the
# serialising time; nothing we print needs 7-bit-clean files.
rl_config.useA85 = 0

PAGE_W, PAGE_H = A4
MARGIN = 12 * mm
HEADER_H = 31 * mm  # from the top margin down to the rule under the header
FOOTER_H = 8 * mm
WIDTH = PAGE_W - 2 * MARGIN
FONT, BOLD = "Helvetica", "Helvetica-Bold"
GREY = colors.Color(0.88, 0.88, 0.88)

BODY = ParagraphStyle("body", fontName=FONT, fontSize=8, leading=9.6)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=7.2, leading=8.4)
SMALL_R = ParagraphStyle("small_r", parent=SMALL, alignment=2)
HEAD = ParagraphStyle("head", parent=BODY, fontName=BOLD, fontSize=9, leading=11,
                      spaceBefore=4, spaceAfter=1.5, keepWithNext=1)
BANNER = ParagraphStyle("banner", parent=BODY, fontName=BOLD, fontSize=12, leading=15,
                        alignment=1, borderColor=colors.black, borderWidth=1,
                        borderPadding=3, spaceBefore=2, spaceAfter=6)
TEXT = ParagraphStyle("text", parent=BODY, fontSize=9.5, leading=13, spaceAfter=4)
STRONG = ParagraphStyle("strong", parent=TEXT, fontName=BOLD, fontSize=10.5, spaceBefore=3)


# ---- values ----


def rs(value: Decimal | int | str | None) -> str:
    """``Rs. 12,34,567.89``; a dash for nothing."""
    if value is None:
        return "-"
    return f"Rs. {inr(value)}"


def amount(value: Decimal | int | str | None) -> str:
    """``12,34,567.89`` (Indian grouping, no currency: for columns headed "Rs.")."""
    return "-" if value is None else inr(value)


def fc(value: Decimal | None) -> str:
    """A foreign-currency or quantity figure with thousands separators."""
    if value is None:
        return "-"
    text = f"{value:,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def day(value: date | datetime | None) -> str:
    return f"{value:%d.%m.%Y}" if value else "-"


def stamp(value: datetime | None) -> str:
    return f"{value:%d.%m.%Y %H:%M}" if value else "-"


def yes(flag: bool) -> str:
    return "Yes" if flag else "No"


_WORDS = ("", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten",
          "Eleven", "Twelve", "Thirteen", "Fourteen", "Fifteen", "Sixteen", "Seventeen",
          "Eighteen", "Nineteen")
_TENS = ("", "", "Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety")


def _below_100(n: int) -> str:
    return _WORDS[n] if n < 20 else f"{_TENS[n // 10]} {_WORDS[n % 10]}".strip()


def _below_1000(n: int) -> str:
    h, r = divmod(n, 100)
    return " ".join(x for x in (f"{_WORDS[h]} Hundred" if h else "", _below_100(r)) if x)


def in_words(value: Decimal | int | str) -> str:
    """Rupees in words, Indian style: "Rupees One Lakh Twenty Thousand and Paise Five Only"."""
    paise = to_paise(value)
    rupees_, p = divmod(abs(paise), 100)
    parts = []
    for unit, size in (("Crore", 10**7), ("Lakh", 10**5), ("Thousand", 1000)):
        n, rupees_ = divmod(rupees_, size)
        if n:
            parts.append(f"{in_words(n * 100).removeprefix('Rupees ').removesuffix(' Only')}"
                         f" {unit}" if n >= 1000 else f"{_below_1000(n)} {unit}")
    if rupees_ or not parts:
        parts.append(_below_1000(rupees_) or "Zero")
    text = "Rupees " + " ".join(parts)
    if p:
        text += f" and Paise {_below_100(p)}"
    return text + " Only"


def esc(text: object) -> str:
    return (str(text if text is not None else "").replace("&", "&amp;").replace("<", "&lt;")
            .replace(">", "&gt;"))


def p(text: object, style: ParagraphStyle = BODY) -> Paragraph:
    return Paragraph(esc(text).replace("\n", "<br/>"), style)


def cell(text: object, width: float, size: float = 7.2, style: ParagraphStyle = SMALL):
    """A table cell: the plain string when it fits on one line, else a wrapping Paragraph."""
    s = "-" if text is None else str(text)
    if "\n" not in s and stringWidth(s, FONT, size) <= width - 4.5:
        return s
    return p(s, style)


# ---- the frame ----


@dataclass(frozen=True)
class Header:
    title: str
    location_code: str
    location_name: str
    number: str
    date: date | None
    iec: str
    exporter_name: str
    broker_code: str
    broker_name: str = ""
    banner: str = ""  # on every page, e.g. "NOT VALID FOR DEPB" (EXP-PRT-2)
    reprint: bool = False  # EXP-PRT-4
    printed: str = ""  # "printed 02.11.2026 11:00 by apr1"
    number_label: str = "No."
    parties: tuple[str, ...] = ()  # replaces the exporter/broker lines (e.g. a bank)


def _fit(c: Canvas, text: str, font: str, size: float, width: float) -> str:
    """Shorten ``text`` with an ellipsis to ``width`` points."""
    if c.stringWidth(text, font, size) <= width:
        return text
    while text and c.stringWidth(text + "...", font, size) > width:
        text = text[:-1]
    return text + "..."


def _draw_reprint_mark(c: Canvas) -> None:
    """A faint diagonal REPRINT under the text of the page (EXP-PRT-4)."""
    c.saveState()
    c.setFillColor(colors.Color(0.85, 0.85, 0.85))
    c.translate(PAGE_W / 2, PAGE_H / 2)
    c.rotate(40)
    c.setFont(BOLD, 90)
    c.drawCentredString(0, -30, "REPRINT")
    c.restoreState()


def _draw_frame(c: Canvas, h: Header, copy_name: str, purpose: str, page: int,
                pages: int) -> None:
    top = PAGE_H - MARGIN
    right = PAGE_W - MARGIN
    c.saveState()
    c.setFont(FONT, 7)
    c.drawString(MARGIN, top - 2, "GOVERNMENT OF INDIA - INDIAN CUSTOMS EDI SYSTEM (ICES 1.5)")
    tag = " - ".join(x for x in ("REPRINT" if h.reprint else "", copy_name.upper()) if x)
    if tag:
        c.setFont(BOLD, 10)
        w = c.stringWidth(tag, BOLD, 10)
        c.rect(right - w - 6, top - 5, w + 6, 12, stroke=1, fill=0)
        c.drawRightString(right - 3, top - 2, tag)
    c.setFont(BOLD, 13)
    c.drawString(MARGIN, top - 7 * mm, h.title)
    c.setFont(FONT, 8.5)
    half = WIDTH * 0.6
    left = [f"Location: {h.location_code}  {h.location_name}",
            *(h.parties or (f"Exporter: IEC {h.iec}  {h.exporter_name}",
                            "Customs broker: " + (f"{h.broker_code}  {h.broker_name}".strip()
                                                  or "-")))]
    for n, line in enumerate(left):
        c.drawString(MARGIN, top - (12.5 + 4.2 * n) * mm, _fit(c, line, FONT, 8.5, half))
    c.setFont(BOLD, 10)
    c.drawRightString(right, top - 7 * mm, f"{h.number_label} {h.number}".strip())
    c.setFont(FONT, 8.5)
    c.drawRightString(right, top - 12.5 * mm, f"Date: {day(h.date)}")
    if purpose:
        c.setFont(FONT, 7.5)
        c.drawRightString(right, top - 16.7 * mm, _fit(c, purpose, FONT, 7.5, WIDTH - half))
    if h.banner:
        c.setFont(BOLD, 10.5)
        c.drawRightString(right, top - 20.9 * mm, f"*** {h.banner} ***")
    c.setLineWidth(0.8)
    c.line(MARGIN, top - HEADER_H + 6 * mm, right, top - HEADER_H + 6 * mm)
    # footer
    c.setLineWidth(0.4)
    c.line(MARGIN, MARGIN + FOOTER_H - 3 * mm, right, MARGIN + FOOTER_H - 3 * mm)
    c.setFont(FONT, 7)
    what = " - ".join(x for x in (f"{h.title} {h.number}", copy_name, h.printed) if x)
    c.drawString(MARGIN, MARGIN, _fit(c, what, FONT, 7, WIDTH - 30 * mm))
    c.setFont(BOLD, 8)
    c.drawRightString(right, MARGIN, f"page {page} of {pages}")
    c.restoreState()


def _canvas_maker(header: Header, copies: Sequence[tuple[str, str]]) -> Callable[..., Canvas]:
    class CopiesCanvas(Canvas):
        """Lays the story out once, holding its pages; on save each page becomes a form
        XObject drawn once per copy under that copy's frame, so n copies cost one layout and
        the file holds the body once. The frame says "page n of m" within the copy."""

        def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
            super().__init__(*args, **kwargs)
            self._held: list[list[str]] = []

        def showPage(self) -> None:  # noqa: N802
            self._held.append(self._code)
            self._startPage()

        def save(self) -> None:
            for n, code in enumerate(self._held):
                self.beginForm(f"body{n}")
                self._code.extend(code)
                self.endForm()
            pages = len(self._held)
            for name, purpose in copies:
                for n in range(pages):
                    if header.reprint:
                        _draw_reprint_mark(self)
                    self.doForm(f"body{n}")
                    _draw_frame(self, header, name, purpose, n + 1, pages)
                    Canvas.showPage(self)
            Canvas.save(self)

    return CopiesCanvas


def build(header: Header, story: list[Flowable],
          copies: Sequence[str | tuple[str, str]] = ("",)) -> bytes:
    """One PDF: ``story`` laid out once and printed for each copy (a name, or a name and
    its purpose line), each copy starting on a new page and named in the header."""
    named = [(c, "") if isinstance(c, str) else c for c in copies] or [("", "")]
    buf = BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=MARGIN + HEADER_H - 4 * mm,
                            bottomMargin=MARGIN + FOOTER_H,
                            title=f"{header.title} {header.number}", author="ICES 1.5",
                            subject=", ".join(n for n, _ in named if n), invariant=1)
    doc.build(story, canvasmaker=_canvas_maker(header, named))
    return buf.getvalue()


# ---- building blocks ----


def section(title: str) -> Paragraph:
    return Paragraph(esc(title), HEAD)


def banner(text: str) -> Paragraph:
    return Paragraph(esc(text), BANNER)


def text(body: str) -> Paragraph:
    return p(body, TEXT)


def strong(body: str) -> Paragraph:
    return p(body, STRONG)


_FIELDS = TableStyle([
    ("FONT", (0, 0), (-1, -1), FONT, 8),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.lightgrey),
    ("TOPPADDING", (0, 0), (-1, -1), 1),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ("LEFTPADDING", (0, 0), (-1, -1), 2),
    ("RIGHTPADDING", (0, 0), (-1, -1), 2),
    ("TEXTCOLOR", (0, 0), (0, -1), colors.Color(0.3, 0.3, 0.3)),
    ("TEXTCOLOR", (2, 0), (2, -1), colors.Color(0.3, 0.3, 0.3)),
    ("FONT", (0, 0), (0, -1), FONT, 7),
    ("FONT", (2, 0), (2, -1), FONT, 7),
])


def fields(pairs: Sequence[tuple[str, object]], columns: int = 2,
           label_w: float = 29 * mm) -> Table:
    """Label/value pairs laid out ``columns`` pairs a row."""
    value_w = WIDTH / columns - label_w
    rows = []
    for i in range(0, len(pairs), columns):
        row: list = []
        for label, value in pairs[i:i + columns]:
            row += [label, cell("-" if value in (None, "") else value, value_w, 8, BODY)]
        row += [""] * (2 * columns - len(row))
        rows.append(row)
    t = Table(rows, colWidths=[label_w, value_w] * columns)
    style = _FIELDS
    if columns == 1:
        style = TableStyle([c for c in _FIELDS.getCommands() if c[1][0] != 2])
    t.setStyle(style)
    return t


_GRID = [
    ("FONT", (0, 0), (-1, -1), FONT, 7.2),
    ("FONT", (0, 0), (-1, 0), BOLD, 7),
    ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
    ("BACKGROUND", (0, 0), (-1, 0), GREY),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("TOPPADDING", (0, 0), (-1, -1), 1.2),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 1.8),
    ("LEFTPADDING", (0, 0), (-1, -1), 2),
    ("RIGHTPADDING", (0, 0), (-1, -1), 2),
]


def grid(head: Sequence[str], rows: Sequence[Sequence[object]], widths: Sequence[float],
         numeric: Sequence[int] = (), total: bool = False) -> Table:
    """A ruled table with a header row repeated on each page; long text wraps; ``numeric``
    columns align right; ``total``: the last row is a bold total line."""
    body = [[c if isinstance(c, Flowable) else cell(c, widths[n]) for n, c in enumerate(row)]
            for row in rows]
    head_cells = [cell(h, widths[n], 7, SMALL) for n, h in enumerate(head)]
    t = Table([head_cells, *body], colWidths=list(widths), repeatRows=1)
    style = list(_GRID)
    for col in numeric:
        style.append(("ALIGN", (col, 1), (col, -1), "RIGHT"))
    if total:
        style += [("FONT", (0, -1), (-1, -1), BOLD, 7.2), ("BACKGROUND", (0, -1), (-1, -1),
                                                           colors.Color(0.95, 0.95, 0.95))]
    t.setStyle(TableStyle(style))
    return t


def signatures(labels: Sequence[str], names: Sequence[str] = (), per_row: int = 3
               ) -> KeepTogether:
    """Signature lines side by side (``per_row`` to a row), each with its label and, where
    known, the name printed under the line; kept together on one page."""
    return KeepTogether(signature_rows(labels, names, per_row))


def signature_rows(labels: Sequence[str], names: Sequence[str] = (), per_row: int = 3
                   ) -> list[Flowable]:
    """``signatures`` as flowables, for a block that keeps them with what they sign (a
    KeepTogether inside another one never fits)."""
    per_row = min(per_row, len(labels))
    w = WIDTH / per_row
    rows, style = [], [("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                       ("LEFTPADDING", (0, 0), (-1, -1), 4),
                       ("RIGHTPADDING", (0, 0), (-1, -1), 12),
                       ("FONT", (0, 0), (-1, -1), FONT, 7.2),
                       ("TOPPADDING", (0, 0), (-1, -1), 0.5),
                       ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5)]
    names = list(names) + [""] * (len(labels) - len(names))
    heights = []
    for i in range(0, len(labels), per_row):
        r = len(rows)
        chunk = labels[i:i + per_row]
        rows.append([""] * per_row)
        rows.append([cell(x, w) for x in chunk] + [""] * (per_row - len(chunk)))
        rows.append([cell(x, w) for x in names[i:i + per_row]] + [""] * (per_row - len(chunk)))
        heights += [10 * mm, None, None]
        for col in range(len(chunk)):
            style.append(("LINEBELOW", (col, r), (col, r), 0.6, colors.black))
        style.append(("FONT", (0, r + 1), (-1, r + 1), BOLD, 7.2))
    t = Table(rows, colWidths=[w] * per_row, rowHeights=heights)
    t.setStyle(TableStyle(style))
    return [Spacer(1, 2 * mm), t]


def boxed(lines: Sequence[str], height: float = 18 * mm) -> Table:
    """An empty ruled box with a caption, for hand-written corrections or endorsements."""
    t = Table([[cell(lines[0], WIDTH)], *[[x] for x in lines[1:]], [""]], colWidths=[WIDTH],
              rowHeights=[None] * len(lines) + [height])
    t.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.6, colors.black),
                           ("FONT", (0, 0), (-1, -1), FONT, 7.2),
                           ("FONT", (0, 0), (0, 0), BOLD, 7.5)]))
    return t


def spacer(height: float = 2 * mm) -> Spacer:
    return Spacer(1, height)
