"""``ices igm`` and ``ices be``: manifests and Bills of Entry (imports.md). Thin: one service
call each. Declarations are JSON files (``fixtures/examples/be.json``)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from console.commands import common
from console.commands.common import JsonOpt, UserOpt, act_command, emit

if TYPE_CHECKING:  # the services are imported when a command runs
    from console.services.imports import be_amendments as amd
    from console.services.imports import bills_of_entry as bes

igm_app = typer.Typer(no_args_is_help=True)
be_app = typer.Typer(no_args_is_help=True)
VersionOpt = typer.Option(None, "--version", help="The version you saw (refused if changed).")


def _be(as_json: bool, v: bes.BeView) -> None:
    emit(as_json, v, f"BE {v.be_no or '-'} (job {v.job_no}) {v.state.replace('_', ' ')}; "
         f"duty Rs {v.duty}" + (f"; late charge Rs {v.late_charge}" if v.late_charge else ""))


@act_command(igm_app, "file", "IGM.file")
def igm_file(carrier: str = typer.Option(..., help="Registered carrier code."),
             arrival: str = typer.Option(..., help="Arrival date, YYYY-MM-DD."),
             lines: Path = typer.Option(..., help="JSON list of lines: bl_no, importer_name, "
                                        "packages, package_kind, gross_weight_kg, "
                                        "description."),
             voyage: str = typer.Option("", help="Voyage or flight."),
             user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """File an IGM (IMP-IGM-1)."""
    from console.services.imports import manifests

    v = manifests.file_igm(common.core(), common.actor(user), carrier,
                           date.fromisoformat(arrival), json.loads(lines.read_text()),
                           voyage=voyage)
    emit(as_json, v, f"IGM {v.igm_no}: {len(v.lines)} lines")


@act_command(igm_app, "entry-inwards", "IGM.entry_inwards")
def igm_entry(igm_no: int, user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Grant entry inwards (IMP-IGM-2)."""
    from console.services.imports import manifests

    v = manifests.grant_entry_inwards(common.core(), common.actor(user), igm_no)
    emit(as_json, v, f"IGM {v.igm_no}: entry inwards granted")


@act_command(igm_app, "amend", "IGM.amend_line")
def igm_amend(igm_no: int, line: int = typer.Option(..., help="Line number."),
              changes: str = typer.Option(..., help='JSON, e.g. {"packages": 12}.'),
              reason: str = typer.Option(..., help="Why."),
              user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Amend an IGM line (after entry inwards: AC (Import) only, IMP-IGM-2)."""
    from console.services.imports import manifests

    v = manifests.amend_line(common.core(), common.actor(user), igm_no, line,
                             json.loads(changes), reason)
    emit(as_json, v, f"IGM {v.igm_no} line {line} amended")


@act_command(be_app, "new", "BE.key")
def be_new(path: Path = typer.Argument(..., help="Annexure C as JSON."),
           user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Key a BE against an IGM line (IMP-BE-1): a draft with a job number."""
    from console.services.imports import bills_of_entry as bes

    _be(as_json, bes.file_be(common.core(), common.actor(user), json.loads(path.read_text())))


@act_command(be_app, "correct", "BE.correct")
def be_correct(job: int, path: Path = typer.Argument(..., help="Annexure C as JSON, re-keyed."),
               endorsement: str = typer.Option(
                   "", help="After a checklist: the corrections marked and signed on it."),
               user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Correct a draft (IMP-BE-2); after a checklist, back to draft for a new round."""
    from console.services.imports import bills_of_entry as bes

    _be(as_json, bes.correct_be(common.core(), common.actor(user), job,
                                json.loads(path.read_text()), endorsement=endorsement))


@be_app.command("keyed")
def be_keyed(job: int, as_json: bool = JsonOpt) -> None:
    """A draft's Annexure C as keyed (always JSON), to edit and pass to 'correct'."""
    from console.services.imports import bills_of_entry as bes

    typer.echo(json.dumps(bes.keyed_declaration(common.core(), job), indent=2,
                          ensure_ascii=False))


@act_command(be_app, "checklist", "BE.checklist")
def be_checklist(job: int, user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Record a checklist round (IMP-BE-2)."""
    from console.services.imports import bills_of_entry as bes

    _be(as_json, bes.print_checklist(common.core(), common.actor(user), job))


@act_command(be_app, "submit", "BE.submit")
def be_submit(job: int, waive: str = typer.Option("", help="Waive the late charge: why."),
              user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """BE number, duty, self-assessment (IMP-BE-3/4, IMP-DUT-1)."""
    from console.services.imports import bills_of_entry as bes

    _be(as_json, bes.submit_be(common.core(), common.actor(user), job,
                               waive_late_charge=waive))


@be_app.command("show")
def be_show(be_no: int, as_json: bool = JsonOpt) -> None:
    """One BE with its items and duty."""
    from console.services.imports import bills_of_entry as bes

    _be(as_json, bes.get_be(common.core(), be_no))


@act_command(be_app, "assess", "BE.assess")
def be_assess(be_no: int, version: int = VersionOpt, user: str = UserOpt,
              as_json: bool = JsonOpt) -> None:
    """Accept the self-assessment (IMP-APR-1/2)."""
    from console.services.imports import be_clearance as clr

    _be(as_json, clr.assess(common.core(), common.actor(user), be_no,
                            expected_version=version))


@act_command(be_app, "query", "BE.query")
def be_query(be_no: int, text: str = typer.Option(..., "--text", help="The query: every "
                                                  "point of it."),
             user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Raise a query instead of accepting the self-assessment (IMP-APR-1)."""
    from console.services.imports import be_clearance as clr

    _be(as_json, clr.raise_query(common.core(), common.actor(user), be_no, text))


@act_command(be_app, "query-approve", "BE.query_approve")
def be_query_approve(be_no: int, user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """The group AC/DC approves the query: it takes effect (IMP-APR-1)."""
    from console.services.imports import be_clearance as clr

    _be(as_json, clr.approve_query(common.core(), common.actor(user), be_no))


@act_command(be_app, "query-decline", "BE.query_decline")
def be_query_decline(be_no: int, reason: str = typer.Option(..., help="Why."),
                     user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """The group AC/DC declines the query: back to the appraiser (IMP-APR-1)."""
    from console.services.imports import be_clearance as clr

    _be(as_json, clr.decline_query(common.core(), common.actor(user), be_no, reason))


@act_command(be_app, "query-reply", "BE.query_reply")
def be_query_reply(be_no: int, text: str = typer.Option(..., "--text", help="The reply."),
                   user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Key the importer's reply to the query in force (IMP-APR-1)."""
    from console.services.imports import be_clearance as clr

    _be(as_json, clr.reply_query(common.core(), common.actor(user), be_no, text))


@act_command(be_app, "pay", "BE.pay")
def be_pay(be_no: int, mode: str = typer.Option("online", help="online or cash."),
           user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Record the duty payment (IMP-PAY-1)."""
    from console.services.imports import be_clearance as clr

    _be(as_json, clr.pay_duty(common.core(), common.actor(user), be_no, mode))


@act_command(be_app, "register-goods", "BE.register_goods")
def be_register(be_no: int, user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Register the goods for examination (IMP-EXM-1)."""
    from console.services.imports import be_clearance as clr

    _be(as_json, clr.register_goods(common.core(), common.actor(user), be_no))


@act_command(be_app, "examine", "BE.examine")
def be_examine(be_no: int, report: str = typer.Option(..., help="Examination report."),
               user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Enter the examination report."""
    from console.services.imports import be_clearance as clr

    _be(as_json, clr.examine(common.core(), common.actor(user), be_no, report))


@act_command(be_app, "ooc", "BE.ooc")
def be_ooc(be_no: int, bank_certificate: str = typer.Option(
        "", help="The bank's rate certificate produced (un-notified currency, IMP-REG-3)."),
           user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Give Out of Charge (IMP-OOC-1)."""
    from console.services.imports import be_clearance as clr

    _be(as_json, clr.give_out_of_charge(common.core(), common.actor(user), be_no,
                                        bank_certificate=bank_certificate))


@act_command(be_app, "ccv", "BE.ccv")
def be_ccv(be_no: int, bank_certificate: str = typer.Option(
        "", help="The bank's rate certificate produced (IMP-REG-3)."),
           user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Verify compliance before payment: Out of Charge follows the payment (IMP-CCV-1)."""
    from console.services.imports import be_ccv as ccv

    _be(as_json, ccv.verify_compliance(common.core(), common.actor(user), be_no,
                                       bank_certificate=bank_certificate))


@act_command(be_app, "hss-charges", "BE.hss_charges")
def be_hss(be_no: int, rate: str = typer.Option("", help="Charges, % of CIF."),
           value: str = typer.Option("", help="Charges, in the invoice currency."),
           reason: str = typer.Option(..., help="Why."),
           user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Appraiser: change the high-sea-sale charges; duty re-computed (IMP-DUT-6)."""
    from console.services.imports import high_sea_sales as hss

    _be(as_json, hss.change_charges(common.core(), common.actor(user), be_no,
                                    charge_rate=rate or None, charge_value=value or None,
                                    reason=reason))


def _request(as_json: bool, v: amd.BeAmendmentView) -> None:
    emit(as_json, v, f"request {v.id} ({v.kind.replace('_', ' ')}) on BE {v.be_no}: {v.state}")


@act_command(be_app, "amend", "BE.request_amendment")
def be_amend(be_no: int, changes: str = typer.Option(
        ..., help='JSON, e.g. {"invoice_value": "1100", "items": {"1": {"value": "1100"}}}.'),
             reason: str = typer.Option(..., help="Why."),
             user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Key an amendment before examination; the group AC/DC approves (IMP-AMD-1)."""
    from console.services.imports import be_amendments as amd

    _request(as_json, amd.request_amendment(common.core(), common.actor(user), be_no,
                                            json.loads(changes), reason))


@act_command(be_app, "amend-approve", "BEAMD.approve")
def be_amend_approve(request: int, user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Group AC/DC: approve an amendment (IMP-AMD-1)."""
    from console.services.imports import be_amendments as amd

    _request(as_json, amd.approve_amendment(common.core(), common.actor(user), request))


@act_command(be_app, "amend-accept", "BEAMD.accept")
def be_amend_accept(request: int, user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Group appraiser: accept an approved amendment (IMP-AMD-1)."""
    from console.services.imports import be_amendments as amd

    _request(as_json, amd.accept_amendment(common.core(), common.actor(user), request))


@act_command(be_app, "amend-incorporate", "BEAMD.incorporate")
def be_amend_incorporate(request: int, user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """AC/DC: accept and incorporate; the BE is re-assessed (IMP-AMD-1)."""
    from console.services.imports import be_amendments as amd

    _be(as_json, amd.incorporate_amendment(common.core(), common.actor(user), request))


@act_command(be_app, "request-reject", "BEAMD.reject", "BEOOC.reject")
def be_request_reject(request: int, reason: str = typer.Option(..., help="Why."),
                      user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Turn down an amendment or OOC-cancellation request."""
    from console.services.imports import be_amendments as amd

    _request(as_json, amd.reject_request(common.core(), common.actor(user), request, reason))


@be_app.command("requests")
def be_requests(be_no: int, as_json: bool = JsonOpt) -> None:
    """Amendment and OOC-cancellation requests of a BE."""
    from console.services.imports import be_amendments as amd

    rows = amd.list_requests(common.core(), be_no)
    emit(as_json, rows, "\n".join(f"{v.id:>4} {v.kind:<17} {v.state:<12} {v.requested_by} "
                                  f"{v.reason}" for v in rows) or "no requests")


@act_command(be_app, "deliver", "BE.deliver")
def be_deliver(be_no: int, user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Custodian: deliver the goods against the Out of Charge (IMP-AMD-2)."""
    from console.services.imports import be_amendments as amd

    _be(as_json, amd.record_delivery(common.core(), common.actor(user), be_no))


@act_command(be_app, "ooc-cancel-request", "BE.request_ooc_cancellation")
def be_ooc_cancel_request(be_no: int, reason: str = typer.Option(
        ..., help="The amendment that is warranted."),
                          user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Ask for the Out of Charge to be cancelled before delivery (IMP-AMD-2)."""
    from console.services.imports import be_amendments as amd

    _request(as_json, amd.request_ooc_cancellation(common.core(), common.actor(user), be_no,
                                                   reason))


@act_command(be_app, "ooc-cancel-approve", "BEOOC.approve")
def be_ooc_cancel_approve(request: int, user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """AC/DC: approve cancelling the Out of Charge (IMP-AMD-2)."""
    from console.services.imports import be_amendments as amd

    _request(as_json, amd.approve_ooc_cancellation(common.core(), common.actor(user), request))


@act_command(be_app, "ooc-cancel", "BEOOC.cancel")
def be_ooc_cancel(request: int, user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """System Manager: cancel the Out of Charge on the approval in force (IMP-AMD-2)."""
    from console.services.imports import be_amendments as amd

    _be(as_json, amd.cancel_out_of_charge(common.core(), common.actor(user), request))
