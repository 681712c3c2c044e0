"""Short-shipment, shut-out, cancellation and back-to-town certificates (EXP-CAN-1).

Input: ``console.services.cancellations.CertificateView``. Output: PDF bytes. Uses the
common frame of ``printing.base`` when that module offers one (``document_frame``),
else draws its own header and page number (documents.md).
"""

from __future__ import annotations

from io import BytesIO

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from console.money import fmt_inr, to_paise
from console.services.cancellations import CertificateView

BODY = {
    "cancellation": "The above Shipping Bill stands CANCELLED in the system on the "
                    "exporter's application.",
    "shut_out": "The goods covered by the above Shipping Bill were SHUT OUT and not "
                "shipped.",
    "back_to_town": "The goods covered by the above Shipping Bill were permitted to be "
                    "taken BACK TO TOWN.",
    "short_shipment": "The goods covered by the above Shipping Bill were SHORT SHIPPED; the "
                      "Shipping Bill has been modified in the system to the goods shipped.",
}


def _lines(c: CertificateView) -> list[tuple[str, str]]:
    return [
        ("Certificate no.", str(c.certificate_no)),
        ("Issued", f"{c.issued_at:%d.%m.%Y %H:%M}" if c.issued_at else ""),
        ("Location", f"{c.location_code} {c.location_name}"),
        ("Shipping Bill", f"{c.sb_no} of {c.sb_date:%d.%m.%Y}" if c.sb_date else str(c.sb_no)),
        ("Exporter (IEC)", f"{c.iec} {c.exporter_name}"),
        ("Customs broker", c.broker_code or "-"),
        ("Packages", f"{c.packages} {c.package_kind}"),
        ("FOB value", f"Rs {fmt_inr(to_paise(c.fob_inr))}"),
        ("Exporter's application", c.reason),
        ("Status of goods as checked", c.status_check),
        ("Permitted by", f"{c.permitted_by_name or c.permitted_by} (AC/DC)"),
    ]


def certificate_pdf(c: CertificateView) -> bytes:
    """The certificate as a one-page PDF."""
    try:  # the printing helper's common frame, if it is there
        from printing import base  # type: ignore[attr-defined]

        frame = getattr(base, "document_frame", None)
    except ImportError:
        frame = None
    buf = BytesIO()
    pdf = Canvas(buf, pagesize=A4, invariant=1)
    pdf.setTitle(f"{c.title} {c.certificate_no}")
    width, height = A4
    y = height - 20 * mm
    if frame is not None:
        try:
            y = frame(pdf, title=c.title, number=str(c.certificate_no), location=c.location_code)
        except TypeError:
            frame = None
    if frame is None:
        pdf.setFont("Helvetica-Bold", 14)
        pdf.drawCentredString(width / 2, y, "INDIAN CUSTOMS — ICES 1.5")
        y -= 8 * mm
        pdf.drawCentredString(width / 2, y, c.title)
        y -= 12 * mm
    pdf.setFont("Helvetica", 10)
    for label, value in _lines(c):
        pdf.drawString(20 * mm, y, f"{label}:")
        text = pdf.beginText(70 * mm, y)
        for n, chunk in enumerate(_wrap(value, 70)):
            text.textLine(chunk)
            if n:
                y -= 5 * mm
        pdf.drawText(text)
        y -= 7 * mm
    y -= 5 * mm
    for chunk in _wrap(BODY[c.kind], 95):
        pdf.drawString(20 * mm, y, chunk)
        y -= 5 * mm
    y -= 20 * mm
    pdf.drawString(width - 80 * mm, y, "Assistant / Deputy Commissioner of Customs")
    pdf.drawString(width - 80 * mm, y - 5 * mm, c.permitted_by_name or c.permitted_by)
    pdf.setFont("Helvetica", 8)
    pdf.drawCentredString(width / 2, 12 * mm, "page 1 of 1")
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


def _wrap(value: str, width: int) -> list[str]:
    words, out, line = str(value or "").split(), [], ""
    for w in words:
        if line and len(line) + 1 + len(w) > width:
            out.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    return out + [line] if line or not out else out
