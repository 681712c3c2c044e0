"""The one way to print (documents.md): ``print_document`` checks that a document may be
printed now by this officer, logs every copy and returns the ``PrintJob`` that
``printing.render`` draws. Each chapter prints its own documents; this module only
dispatches by kind.

Kinds: the Shipping Bill's (``exports.documents``: checklist, sb, leo_certificate,
exam_order, test_memo, query, cess_challan, charge_receipt, certificate), the Bill of
Entry's (``imports.be_documents``: be_checklist, be, duty_challan) and the Telegraphic
Release Advice's (``imports.tra_documents``: tra_checklist, tra)."""

from __future__ import annotations

from console.core import Core
from console.errors import InvalidInput
from console.roles import Actor
from console.services.exports import documents as sb_documents
from console.services.imports import be_documents, tra_documents
from console.services.printjobs import PrintJob

KINDS = (*sb_documents.KINDS, *be_documents.KINDS, *tra_documents.KINDS)


def print_document(core: Core, actor: Actor, kind: str, ref: str | int, *,
                   copy: str | None = None, reason: str = "") -> PrintJob:
    """Check that ``kind`` may be printed now by ``actor``, log every copy, return the job.

    ``copy``: one named copy (SB and TRA copies, test memo); ``reason``: why a LEO
    certificate is asked for (the loss, EXP-PRT-3). A refusal raises and logs nothing.
    """
    if kind in sb_documents.KINDS:
        return sb_documents.print_sb(core, actor, kind, ref, copy=copy, reason=reason)
    if kind in be_documents.KINDS:
        return be_documents.print_be(core, actor, kind, ref, copy=copy)
    if kind in tra_documents.KINDS:
        return tra_documents.print_tra(core, actor, kind, ref, copy=copy)
    raise InvalidInput("kind", f"unknown document {kind!r}; one of {', '.join(KINDS)}")
