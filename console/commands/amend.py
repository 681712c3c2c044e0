"""``ices amend ...``, ``ices cancel ...``, ``ices supervise ...``: supervisors' approvals
(EXP-AMD-1..4, EXP-CAN-1, EXP-RMS-3/4). Thin adapters over the services; every acting
command takes ``--user`` (password from ICES_PASSWORD) and ``--json``."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from console.commands import common
from console.commands.common import JsonOpt, UserOpt, act_command, emit, table
from console.errors import InvalidInput
from console.services.exports import amendments as amd
from console.services.exports import cancellations as can
from console.services.exports import supervision

amend_app = typer.Typer(no_args_is_help=True)
cancel_app = typer.Typer(no_args_is_help=True)
supervise_app = typer.Typer(no_args_is_help=True)

VersionOpt = typer.Option(None, "--expected-version",
                          help="Refuse if the request changed since you saw this version.")


def _changes(file: Path | None, changes: str | None) -> dict:
    try:
        if file is not None:
            return json.loads(file.read_text(encoding="utf-8"))
        return json.loads(changes) if changes else {}
    except (OSError, ValueError) as exc:
        raise InvalidInput("changes", f"not JSON: {exc}") from None


def _show(as_json: bool, r: amd.RequestView, done: str = "") -> None:
    lines = [f"{done}{' ' if done else ''}request {r.id}: {r.kind_label} of SB {r.sb_no} — "
             f"{r.state} (needs {r.required_rank}, {r.rule})",
             f"  asked by {r.requested_by} at {r.requested_at:%d.%m.%Y %H:%M}: {r.reason}"]
    lines += [f"  {c.where} {c.field}: {c.before!r} → {c.after!r}" for c in r.changes]
    if r.permission_by:
        lines.append(f"  allowed by {r.permission_by} ({r.permission_role}) at "
                     f"{r.permission_at:%d.%m.%Y %H:%M}: {r.permission_note}")
    if r.approved_in_system_by:
        lines.append(f"  approved in the system by {r.approved_in_system_by}; fee ₹{r.fee}; "
                     f"route {r.route_before} → {r.route_after}; copies cancelled "
                     f"{r.copies_surrendered}")
    if r.certificate_no:
        lines.append(f"  certificate {r.certificate_no}")
    if r.rejected_by:
        lines.append(f"  refused by {r.rejected_by}: {r.reject_reason}")
    emit(as_json, r, "\n".join(lines))


# ---- amend ----


@act_command(amend_app, "request", "SB.request_amendment")
def amend_request(number: int, reason: str = typer.Option(..., help="The exporter's reason."),
                  file: Path = typer.Option(None, "--file", "-f", help="The change as JSON."),
                  changes: str = typer.Option(None, help="The change as inline JSON, e.g. "
                                              "'{\"packages\": 12}'."),
                  freight: bool = typer.Option(False, "--freight", help="A freight/insurance "
                                               "change (EXP-AMD-3)."),
                  job: bool = typer.Option(False, "--job", help="NUMBER is a job number."),
                  user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Key the exporter's application for an amendment (EXP-AMD-1/2/3)."""
    view = amd.request_amendment(common.core(), common.actor(user), number,
                                 _changes(file, changes), reason, job=job,
                                 kind="freight_insurance" if freight else "amendment")
    _show(as_json, view, "requested")


@act_command(amend_app, "permit", "AMD.permit")
def amend_permit(request: int, note: str = typer.Option("", help="Permission note."),
                 expected_version: int = VersionOpt, user: str = UserOpt,
                 as_json: bool = JsonOpt) -> None:
    """Allow an amendment: AC/DC before LEO, Addl/Jt Commissioner after (EXP-AMD-2/3)."""
    view = amd.permit_amendment(common.core(), common.actor(user), request, note,
                                expected_version=expected_version)
    _show(as_json, view, "allowed")


@act_command(amend_app, "approve", "AMD.approve_in_system")
def amend_approve(request: int,
                  copies_surrendered: bool = typer.Option(False, "--copies-surrendered",
                                                          help="Printed SB copies are "
                                                          "surrendered: cancel them."),
                  expected_version: int = VersionOpt, user: str = UserOpt,
                  as_json: bool = JsonOpt) -> None:
    """Approve a permitted amendment in the system (AC Exports; EXP-AMD-2/4)."""
    view = amd.approve_in_system(common.core(), common.actor(user), request,
                                 copies_surrendered=copies_surrendered,
                                 expected_version=expected_version)
    _show(as_json, view, "approved")


@act_command(amend_app, "reject", "AMD.reject", "CAN.reject", "EXAM.reject", "RECALL.reject")
def amend_reject(request: int, reason: str = typer.Option(..., help="Why it is refused."),
                 expected_version: int = VersionOpt, user: str = UserOpt,
                 as_json: bool = JsonOpt) -> None:
    """Refuse any open request (amendment, cancellation, examination, recall)."""
    view = amd.reject(common.core(), common.actor(user), request, reason,
                      expected_version=expected_version)
    _show(as_json, view, "refused")


@amend_app.command("show")
def amend_show(request: int, as_json: bool = JsonOpt) -> None:
    """One request with its change, before and after."""
    _show(as_json, amd.get_request(common.core(), request))


@amend_app.command("list")
def amend_list(sb: int = typer.Option(None, "--sb", help="Only this SB."),
               open_only: bool = typer.Option(False, "--open", help="Only undecided ones."),
               as_json: bool = JsonOpt) -> None:
    """Requests, oldest first."""
    rows = amd.list_requests(common.core(), sb, open_only=open_only)
    emit(as_json, rows, table([{"id": r.id, "sb": r.sb_no, "kind": r.kind, "state": r.state,
                                "rank": r.required_rank, "by": r.requested_by,
                                "reason": r.reason[:40]} for r in rows],
                              ["id", "sb", "kind", "state", "rank", "by", "reason"]))


@amend_app.command("history")
def amend_history(sb: int, as_json: bool = JsonOpt) -> None:
    """Every kept version of an SB, with what changed from the one before."""
    from console.services.exports.sb_versions import sb_versions

    versions = sb_versions(common.core(), sb)
    emit(as_json, versions, "\n".join(
        f"version {v.version_no} ({v.label}) by {v.taken_by} at {v.taken_at:%d.%m.%Y %H:%M}"
        + (f": {', '.join(v.changed)}" if v.changed else "") for v in versions)
        or f"SB {sb} was never amended")


# ---- cancel ----


@act_command(cancel_app, "request", "SB.request_cancellation")
def cancel_request(number: int,
                   kind: str = typer.Option(..., help="cancellation, shut_out, back_to_town "
                                            "or short_shipment."),
                   reason: str = typer.Option(..., help="The exporter's application."),
                   changes: str = typer.Option(None, help="Short shipment: what was shipped, "
                                               "as JSON."),
                   user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Key the exporter's application (EXP-CAN-1)."""
    view = can.request_cancellation(common.core(), common.actor(user), number, kind, reason,
                                    changes=_changes(None, changes) or None)
    _show(as_json, view, "requested")


@act_command(cancel_app, "permit", "CAN.permit")
def cancel_permit(request: int,
                  status_check: str = typer.Option(..., help="The goods' status as checked."),
                  expected_version: int = VersionOpt, user: str = UserOpt,
                  as_json: bool = JsonOpt) -> None:
    """AC/DC: check the goods, cancel or modify the SB, issue the certificate (EXP-CAN-1)."""
    view = can.permit_cancellation(common.core(), common.actor(user), request, status_check,
                                   expected_version=expected_version)
    _show(as_json, view, "permitted")


@act_command(cancel_app, "certificate", "SB.print_certificate")
def cancel_certificate(request: int, as_json: bool = JsonOpt) -> None:
    """The certificate of a permitted request (printing.certificates makes the PDF)."""
    cert = can.certificate(common.core(), request)
    emit(as_json, cert, f"{cert.title} no. {cert.certificate_no}: SB {cert.sb_no}")


# ---- supervise ----


@act_command(supervise_app, "exam-facilitated", "SB.request_exam")
def supervise_exam(number: int, reasons: str = typer.Option(..., help="Why examine it."),
                   user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Ask to examine an RMS-facilitated SB (approved by ADC/COM, EXP-RMS-3)."""
    view = supervision.request_exam_facilitated(common.core(), common.actor(user), number,
                                                reasons)
    _show(as_json, view, "requested")


@act_command(supervise_app, "recall", "SB.request_recall")
def supervise_recall(number: int, reasons: str = typer.Option(..., help="Why recall it."),
                     user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Recommend recalling a facilitated SB for re-assessment (AC/DC approves, EXP-RMS-4)."""
    view = supervision.request_recall(common.core(), common.actor(user), number, reasons)
    _show(as_json, view, "recommended")


@act_command(supervise_app, "approve", "QUERY.approve", "AMD.permit", "AMD.approve_in_system",
             "CAN.permit", "EXAM.approve", "RECALL.approve")
def supervise_approve(key: str = typer.Argument(..., help="REQ:<id> or QUERY:<sb>, as "
                                                "`pending` lists them."),
                      text: str = typer.Option("", "--text", help="Permission note, status "
                                               "check, departmental comment or written "
                                               "approval."),
                      copies_surrendered: bool = typer.Option(False, "--copies-surrendered"),
                      user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Approve an item awaiting you, at its current stage."""
    result = supervision.approve(common.core(), common.actor(user), key, text,
                                 copies_surrendered=copies_surrendered)
    if isinstance(result, amd.RequestView):
        _show(as_json, result, "approved")
    else:
        emit(as_json, result, f"approved {key}")


@act_command(supervise_app, "reject", "QUERY.withdraw", "AMD.reject", "CAN.reject",
             "EXAM.reject", "RECALL.reject")
def supervise_reject(key: str, reason: str = typer.Option(..., help="Why it is refused."),
                     user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Refuse an item awaiting you."""
    result = supervision.reject(common.core(), common.actor(user), key, reason)
    emit(as_json, result, f"refused {key}")


@supervise_app.command("pending")
def supervise_pending(all_ranks: bool = typer.Option(False, "--all", help="Also what a lower "
                                                     "rank may decide."),
                      user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Everything awaiting your approval, oldest first, with its age in days."""
    rows = supervision.awaiting_approval(common.core(), common.actor(user),
                                         include_lower=all_ranks)
    emit(as_json, rows, table([{"key": r.key, "sb": r.sb_no, "what": r.kind_label,
                                "stage": r.stage, "age": r.age_days, "by": r.requested_by,
                                "summary": r.summary[:50]} for r in rows],
                              ["key", "sb", "what", "stage", "age", "by", "summary"]))
