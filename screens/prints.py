"""Printing from a screen: the core checks and logs the print (``prints.print_document``),
ReportLab draws it, the PDF is written under ``prints/``; run in a thread worker."""

from __future__ import annotations

from pathlib import Path

from console.core import Core
from console.roles import Actor
from console.services import prints
from console.services.printjobs import PrintJob

PRINTS = Path("prints")


def print_job(core: Core, actor: Actor, kind: str, ref: int | str, folder: Path | None = None,
              **kw: object) -> tuple[Path, PrintJob]:
    """Print ``kind`` of ``ref``: the PDF's path and the print job (the document as printed);
    under ``folder``, by default ``PRINTS``."""
    import printing

    folder = folder or PRINTS
    folder.mkdir(exist_ok=True)
    with prints.delivering(core, overwrite=True) as files:  # logged only with its file
        job = prints.print_document(core, actor, kind, ref, **kw)  # type: ignore[arg-type]
        path = folder / f"{kind}-{job.ref.replace('/', '-')}.pdf"
        files.write(path, printing.render(job))
    return path, job


def print_to_file(core: Core, actor: Actor, kind: str, ref: int | str,
                  folder: Path | None = None, **kw: object) -> Path:
    return print_job(core, actor, kind, ref, folder, **kw)[0]
