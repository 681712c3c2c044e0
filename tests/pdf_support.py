"""Reading what a printed document says (PDF streams are compressed: read, don't grep)."""

from __future__ import annotations

from io import BytesIO

from pypdf import PdfReader


def pages(pdf: bytes) -> list[str]:
    """The text of each page of a PDF."""
    assert pdf.startswith(b"%PDF")
    return [page.extract_text() for page in PdfReader(BytesIO(pdf)).pages]
