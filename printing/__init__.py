"""Printed documents: one module per document; input = what a service returns.

``render(job)`` draws the PDF of a ``PrintJob`` from
``console.services.prints.print_document`` (the one way to print: it checks and logs)
and returns its bytes. ``render(kind, job)`` is accepted too.
"""

from __future__ import annotations

from importlib import import_module

MODULES = {
    "checklist": "printing.sb_checklist",
    "sb": "printing.shipping_bill",
    "leo_certificate": "printing.leo_certificate",
    "exam_order": "printing.exam_order",
    "test_memo": "printing.test_memo",
    "query": "printing.query",
    "cess_challan": "printing.cess_challan",
    "charge_receipt": "printing.charge_receipt",
    "certificate": "printing.certificates",
    "be_checklist": "printing.be_checklist",
    "be": "printing.bill_of_entry",
    "duty_challan": "printing.duty_challan",
    "tra_checklist": "printing.tra",
    "tra": "printing.tra",
}


def render(job, view=None) -> bytes:  # noqa: ANN001 - a PrintJob (or kind, PrintJob)
    """The PDF of ``job``, dispatched on ``job.kind``."""
    if view is not None:
        job = view
    try:
        module = MODULES[job.kind]
    except KeyError:
        raise ValueError(f"no printed document of kind {job.kind!r}") from None
    return import_module(module).render(job)
