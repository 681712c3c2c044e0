"""``ices edi``: remote filing through ICEGATE (edi.md, EDI-1..7): the mailbox, the message
log, any SB or BE written out as its message, and the registry of ICEGATE filers."""

from __future__ import annotations

from pathlib import Path

import typer

from console.commands import common
from console.commands.common import JsonOpt, UserOpt, act_command, emit, table
from console.services.edi import export, filers, mailbox

app = typer.Typer(no_args_is_help=True)
filer_app = typer.Typer(help="The registry of ICEGATE filers (EDI-2).", no_args_is_help=True)
app.add_typer(filer_app, name="filer")

InboxArg = typer.Argument(..., help="Directory the gateway leaves messages in.")
OutboxArg = typer.Argument(..., help="Directory the replies and notices are written to.")


def _summary_text(s: mailbox.Summary) -> str:
    lines = [f"{m['file']}: {m['result']} -> {m['reply']}"
             + (f" ({m['doc_kind']} {m['doc_no']})" if m["doc_no"] else "")
             + (f" [{', '.join(m['errors'])}]" if m["errors"] else "")
             for m in s.messages]
    lines += [f"failed (left in the inbox): {f}" for f in s.failed]
    lines += [f"notice: {n}" for n in s.notices]
    lines.append(f"{s.received} received: {s.filed} filed, {s.refused} refused, "
                 f"{s.repeated} repeated; {len(s.notices)} notice(s) written")
    return "\n".join(lines)


@app.command("process")
def process(inbox: Path = InboxArg, outbox: Path = OutboxArg, as_json: bool = JsonOpt) -> None:
    """Take every message in INBOX once: file it or refuse it whole (EDI-1), its .ack or
    .nak written to OUTBOX, the message moved to INBOX/done or INBOX/rejected; then write the
    notices (.qry, .chl, LEO, EGM, OOC) of what happened since. The same message twice is
    answered twice and processed once (EDI-4). Exits 1 when a message could not be taken
    (left in the inbox)."""
    summary = mailbox.process(common.core(), inbox, outbox)
    emit(as_json, summary, _summary_text(summary))
    if summary.failed:
        raise typer.Exit(1)


@app.command("watch")
def watch(inbox: Path = InboxArg, outbox: Path = OutboxArg,
          interval: float = typer.Option(5.0, "--interval", min=0.0,
                                         help="Seconds between runs."),
          rounds: int = typer.Option(0, "--rounds", min=0,
                                     help="Stop after this many runs (0: until interrupted)."),
          as_json: bool = JsonOpt) -> None:
    """Keep processing INBOX every --interval seconds (Ctrl+C stops)."""
    def report(s: mailbox.Summary) -> None:
        if s.received or s.notices or s.failed:
            emit(as_json, s, _summary_text(s))

    try:
        mailbox.watch(common.core(), inbox, outbox, interval=interval,
                      rounds=rounds or None, report=report)
    except KeyboardInterrupt:
        typer.echo("stopped", err=True)


@app.command("export")
def export_cmd(kind: str = typer.Argument(..., help="sb or be"),
               number: int = typer.Argument(..., help="The SB or BE number."),
               out: Path = typer.Option(None, "--out", help="Write the message to this file "
                                        "(default: its own name, here)."),
               as_json: bool = JsonOpt) -> None:
    """Write an SB or BE out in its message format, CACHE01 or CACHI01 (EDI-7): reading the
    file back gives the same declaration."""
    done = export.export_document(common.core(), kind, number)
    path = out or Path(done.file_name)
    path.write_bytes(done.data)
    emit(as_json, {"kind": done.kind, "number": done.number, "file": str(path),
                   "bytes": len(done.data)}, f"{done.kind} {done.number} written to {path}")


@app.command("log")
def log(limit: int = typer.Option(50, "--limit", min=1, help="How many, newest first."),
        sender: str = typer.Option("", "--sender", help="Only this ICEGATE id's."),
        result: str = typer.Option("", "--result", help="ok, nak or dup."),
        as_json: bool = JsonOpt) -> None:
    """The messages received: when, from whom, what, the result, the reply and the
    document it made."""
    rows = mailbox.message_log(common.core(), limit=limit, sender=sender, result=result)
    plain = [{**common.plain(r), "document": r.document, "errors": ",".join(r.errors)}
             for r in rows]
    emit(as_json, rows, table(plain, ["id", "received_at", "sender", "message", "kind",
                                      "filing_type", "result", "reply_name", "document",
                                      "errors"]))


@act_command(app, "resend", "EDI.resend")
def resend(message_id: int, user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Send a message's reply again, for a filer that lost it (written at the next run)."""
    name = mailbox.resend(common.core(), common.actor(user), message_id)
    emit(as_json, {"message_id": message_id, "reply": name},
         f"{name} queued for the outbox")


@act_command(filer_app, "add", "FILER.add")
def filer_add(icegate_id: str, kind: str = typer.Argument(..., help="broker, trader or "
                                                          "carrier"),
              code: str = typer.Argument(..., help="Broker licence code, IEC or carrier "
                                         "code."),
              name: str = typer.Option("", help="Name (default: the registry's)."),
              user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Register an ICEGATE id tied to a broker, an importer or exporter, or a carrier."""
    view = filers.add_filer(common.core(), common.actor(user), icegate_id, kind, code, name)
    emit(as_json, view, f"{view.icegate_id} registered: {view.kind} {view.code} ({view.name})")


@filer_app.command("list")
def filer_list(kind: str = typer.Option("", help="broker, trader or carrier."),
               active: bool = typer.Option(False, "--active", help="Only active ones."),
               as_json: bool = JsonOpt) -> None:
    """The registered ICEGATE filers."""
    rows = filers.list_filers(common.core(), kind=kind, active_only=active)
    emit(as_json, rows, table([common.plain(r) for r in rows],
                              ["icegate_id", "kind", "code", "name", "state"]))


@act_command(filer_app, "disable", "FILER.disable")
def filer_disable(icegate_id: str, reason: str = typer.Option(..., help="Why."),
                  user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Disable a filer: its messages are refused from now on."""
    view = filers.disable_filer(common.core(), common.actor(user), icegate_id, reason)
    emit(as_json, view, f"{view.icegate_id} disabled")
