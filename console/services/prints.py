"""The one way to print (documents.md): ``print_document`` checks that a document may be
printed now by this officer, logs every copy and returns the ``PrintJob`` that
``printing.render`` draws. Each chapter prints its own documents; this module only
dispatches by kind.

Kinds: the Shipping Bill's (``exports.documents``: checklist, sb, leo_certificate,
exam_order, test_memo, query, cess_challan, charge_receipt, certificate), the Bill of
Entry's (``imports.be_documents``: be_checklist, be, duty_challan) and the Telegraphic
Release Advice's (``imports.tra_documents``: tra_checklist, tra)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from console.core import Core
from console.errors import InvalidInput
from console.roles import Actor
from console.services.exports import documents as sb_documents
from console.services.imports import be_documents, tra_documents
from console.services.printjobs import PrintJob

KINDS = (*sb_documents.KINDS, *be_documents.KINDS, *tra_documents.KINDS)


def print_document(core: Core, actor: Actor, kind: str, ref: str | int, *,
                   copy: str | None = None, reason: str = "",
                   expected_version: int | None = None) -> PrintJob:
    """Check that ``kind`` may be printed now by ``actor``, log every copy, return the job.

    ``copy``: one named copy (SB and TRA copies, test memo); ``reason``: why a LEO
    certificate is asked for (the loss, EXP-PRT-3); ``expected_version``: the SB draft's
    version the operator saw, for a checklist round (its print is the act). A refusal
    raises and logs nothing.
    """
    if kind in sb_documents.KINDS:
        return sb_documents.print_sb(core, actor, kind, ref, copy=copy, reason=reason,
                                     expected_version=expected_version)
    if kind in be_documents.KINDS:
        return be_documents.print_be(core, actor, kind, ref, copy=copy)
    if kind in tra_documents.KINDS:
        return tra_documents.print_tra(core, actor, kind, ref, copy=copy)
    raise InvalidInput("kind", f"unknown document {kind!r}; one of {', '.join(KINDS)}")


class Delivery:
    """The files a print writes, each first to a temporary name beside it (``write``);
    ``delivering`` renames them once the print is recorded, or removes them."""

    def __init__(self, overwrite: bool) -> None:
        self.overwrite = overwrite
        self.pending: list[tuple[Path, Path]] = []

    def write(self, path: Path, data: bytes, field: str = "out") -> None:
        if not path.parent.is_dir():
            raise InvalidInput(field, f"no folder {path.parent}")
        if path.exists() and not self.overwrite:
            raise InvalidInput(field, f"{path} exists; say to overwrite it (--force)")
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            tmp.write_bytes(data)
        except OSError as err:
            tmp.unlink(missing_ok=True)
            raise InvalidInput(field, f"cannot write {path}: {err.strerror}") from None
        self.pending.append((tmp, path))


@contextmanager
def delivering(core: Core, *, overwrite: bool = False) -> Iterator[Delivery]:
    """A print recorded only with its file (issue 18): inside the block the print acts run
    in one unit of work and the files are written beside their targets; a file that cannot
    be written undoes the record, and the files take their names only once the record is
    committed. The database is held while the document is drawn (a fraction of a second)."""
    delivery = Delivery(overwrite)
    try:
        with core.db.unit():
            yield delivery
    except BaseException:
        for tmp, _ in delivery.pending:
            tmp.unlink(missing_ok=True)
        raise
    for tmp, path in delivery.pending:
        os.replace(tmp, path)
