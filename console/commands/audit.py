"""``ices audit``: check the hash chain and the documents against it, keep its head
outside the database (an anchor), show a document's history."""

from __future__ import annotations

import json
import os
from pathlib import Path

import typer

from console import audit as chain
from console.commands import common
from console.commands.common import JsonOpt, emit, table

app = typer.Typer(no_args_is_help=True)


def read_anchor(path: Path) -> dict:
    """An anchor file's head ({"seq", "hash"}); a bad file is a usage error."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        anchor = {"seq": int(data["seq"]), "hash": str(data["hash"])}
    except FileNotFoundError:
        raise typer.BadParameter(f"{path}: no such file", param_hint="--anchor") from None
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise typer.BadParameter(f"{path}: not an anchor file ({err})",
                                 param_hint="--anchor") from None
    return anchor


def check(anchor: dict | None = None) -> chain.Verification:
    with common.core().db.read() as s:
        return chain.verify(s, anchor)


@app.command("verify")
def audit_verify(anchor: Path = typer.Option(None, "--anchor", help="A head kept outside "
                                             "the database (ices audit anchor): the chain "
                                             "must still hold it."),
                 as_json: bool = JsonOpt) -> None:
    """Check the hash chain and every document row against it; print the head (sequence
    and hash) to keep outside the database. Exit 1 if anything was altered, deleted or
    written outside an act."""
    result = check(read_anchor(anchor) if anchor else None)
    emit(as_json, result.as_dict(), result.summary())
    if not result.ok:
        raise typer.Exit(1)


@app.command("anchor")
def audit_anchor(file: Path = typer.Argument(..., help="Where to keep the head (JSON); "
                                             "keep it off this database's machine."),
                 force: bool = typer.Option(False, "--force", help="Replace an existing "
                                            "file."),
                 as_json: bool = JsonOpt) -> None:
    """Verify the chain, then write its head to FILE, for ``ices audit verify --anchor``.
    Refused while the chain does not verify."""
    result = check()
    if not result.ok:
        emit(as_json, result.as_dict(), result.summary())
        typer.echo("refused: the chain does not verify; no anchor written", err=True)
        raise typer.Exit(1)
    if file.exists() and not force:
        raise typer.BadParameter(f"{file} exists (--force to replace it)", param_hint="FILE")
    data = {"seq": result.head_seq, "hash": result.head_hash,
            "records": result.records, "written_at": common.core().now().isoformat()}
    tmp = file.with_name(f".{file.name}.tmp")
    tmp.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, file)
    emit(as_json, {**data, "file": str(file)},
         f"{file}: head record {result.head_seq} {result.head_hash}")


@app.command("show")
def audit_show(kind: str = typer.Argument(..., help="Document kind: SB, CSB, BE, OFFICER..."),
               ref: str = typer.Argument(..., help="Document number or key."),
               as_json: bool = JsonOpt) -> None:
    """A document's history, oldest first."""
    with common.core().db.read() as s:
        rows = [r.model_dump(exclude={"id", "prev_hash", "hash", "row_hash", "rows"})
                for r in chain.history(s, kind.upper(), ref)]
    emit(as_json, rows, table(rows, ["at", "officer", "role", "action", "from_state",
                                     "to_state", "reason"]))
