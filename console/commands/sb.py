"""``ices sb ...``, ``ices egm ...``, ``ices rms ...``: the Shipping Bill life cycle from a
terminal. Thin adapters over the services; every acting command takes ``--user``
(password from ICES_PASSWORD) and ``--json``."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from console.commands import common
from console.commands.common import JsonOpt, UserOpt, act_command, emit, table
from console.errors import InvalidInput
from console.money import inr

if TYPE_CHECKING:  # the services are imported when a command runs
    from console.services.exports.sb_common import SbView

sb_app = typer.Typer(no_args_is_help=True)
query_app = typer.Typer(help="Queries on a Shipping Bill (EXP-QRY-1/2).", no_args_is_help=True)
egm_app = typer.Typer(no_args_is_help=True)
rms_app = typer.Typer(no_args_is_help=True)
sb_app.add_typer(query_app, name="query")

#: rows in a page of ``sb worklist``: the services' ``worklists.PAGE``, written here so that
#: the command's help does not import the worklists (tests/test_cli_lazy.py checks it)
PAGE = 50
VersionOpt = typer.Option(None, "--expected-version",
                          help="Refuse if the SB changed since you saw this version.")


def _read(file: Path) -> dict:
    try:
        return json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InvalidInput("file", f"{file}: {exc}") from None


def _show(as_json: bool, view: SbView, done: str = "") -> None:
    head = f"SB {view.sb_no} of {view.sb_date:%d.%m.%Y}" if view.sb_no else f"job {view.job_no}"
    lines = [f"{done}{' ' if done else ''}{head}: {view.state_label}",
             f"  {view.iec} {view.exporter_name} · FOB ₹{inr(view.fob_inr)} · drawback "
             f"₹{inr(view.drawback)} · cess ₹{inr(view.cess)}"]
    if view.route:
        lines.append(f"  route {view.route} ({view.rms_note})"
                     + (f"; AC/DC clearance {view.acdc_rule}" if view.acdc_rule else ""))
    if view.goods and view.goods.examiner:
        lines.append(f"  examiner {view.goods.examiner}; packages "
                     f"{', '.join(map(str, view.goods.packages_to_examine))}")
    if view.leo_at:
        lines.append(f"  LEO by {view.leo_by} at {view.leo_at:%d.%m.%Y %H:%M}; BRC due "
                     f"{view.brc_due_date:%d.%m.%Y}" + ("; MOT payable" if view.mot_due else ""))
    lines += [f"  warning: {w}" for w in view.warnings]
    emit(as_json, view, "\n".join(lines))


# ---- filing ----


@act_command(sb_app, "new", "SB.key")
def sb_new(file: Path = typer.Option(..., "--file", "-f", help="Declaration JSON "
                                     "(fixtures/examples/README.md)."),
           user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Key a new declaration as a draft; prints its job number."""
    from console.services.exports import filing

    view = filing.create_draft(common.core(), common.actor(user), _read(file))
    _show(as_json, view, "keyed")


@act_command(sb_app, "edit", "SB.correct")
def sb_edit(job: int, file: Path = typer.Option(..., "--file", "-f"),
            endorsement: str = typer.Option("", help="Corrections marked and signed on the "
                                            "checklist (required after a checklist)."),
            customer_correction: bool = typer.Option(False, help="The exporter's own change "
                                                     "(charged checklist)."),
            expected_version: int = VersionOpt, user: str = UserOpt,
            as_json: bool = JsonOpt) -> None:
    """Re-key a draft (EXP-FIL-2)."""
    from console.services.exports import filing

    view = filing.update_draft(common.core(), common.actor(user), job, _read(file),
                               endorsement=endorsement, customer_correction=customer_correction,
                               expected_version=expected_version)
    _show(as_json, view, "corrected")


@act_command(sb_app, "checklist", "SB.checklist")
def sb_checklist(job: int, expected_version: int = VersionOpt, user: str = UserOpt,
                 as_json: bool = JsonOpt) -> None:
    """Record a checklist round (EXP-FIL-2)."""
    from console.services.exports import filing

    view = filing.print_checklist(common.core(), common.actor(user), job,
                                  expected_version=expected_version)
    _show(as_json, view, f"checklist round {view.checklist_round} for")


@act_command(sb_app, "submit", "SB.submit")
def sb_submit(job: int, expected_version: int = VersionOpt, user: str = UserOpt,
              as_json: bool = JsonOpt) -> None:
    """Submit: SB number, valuation on the SB date, RMS routing (EXP-FIL-3, EXP-RMS-1)."""
    from console.services.exports import filing

    view = filing.submit_sb(common.core(), common.actor(user), job,
                            expected_version=expected_version)
    _show(as_json, view, "submitted")


@sb_app.command("show")
def sb_show(number: int, job: bool = typer.Option(False, "--job", help="NUMBER is a job "
                                                  "number (draft)."),
            as_json: bool = JsonOpt) -> None:
    """Show one SB (or draft)."""
    from console.services.exports.sb_common import get_draft, get_sb

    if job:
        _show(as_json, get_draft(common.core(), number))
        return
    view = get_sb(common.core(), number)
    if as_json:  # with every version kept by amendments (EXP-AMD-2)
        from console.services.exports.sb_versions import sb_versions

        emit(True, {**common.plain(view), "versions": sb_versions(common.core(), number)})
        return
    _show(as_json, view)


@sb_app.command("enquiry")
def sb_enquiry(number: int, user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Where an SB is, what waits, its history and prints."""
    from console.services.exports import enquiry

    result = enquiry.enquire(common.core(), common.actor(user), number)
    rows = [common.plain(h) for h in result.history]
    emit(as_json, result, f"SB {number}: {result.sb.state_label}\n  waiting with: "
         f"{result.waiting_with}\n" + "".join(f"  blocks LEO: {b}\n" for b in result.leo_blockers)
         + table(rows, ["at", "officer", "action", "from_state", "to_state", "reason"]))


@act_command(sb_app, "lapse", "SB.lapse_overdue")
def sb_lapse(user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Lapse SBs whose goods were not registered in time (EXP-FIL-5)."""
    from console.services.exports import filing

    numbers = filing.lapse_overdue(common.core(), common.actor(user))
    emit(as_json, {"lapsed": numbers}, f"{len(numbers)} SB(s) lapsed: "
         + ", ".join(map(str, numbers)))


@sb_app.command("worklist")
def sb_worklist(state: str = typer.Option(None), search: str = typer.Option(""),
                offset: int = 0, limit: int = PAGE, user: str = UserOpt,
                as_json: bool = JsonOpt) -> None:
    """What waits for you."""
    from console.services.exports import worklists

    page = worklists.for_officer(common.core(), common.actor(user), offset, limit, state, search)
    rows = [common.plain(r) for r in page.rows]
    emit(as_json, page, f"{page.title} ({page.total:,}{'+' if page.total_capped else ''})\n"
         + table(rows, ["kind", "ref", "state", "party", "at", "summary"]))


# ---- assessment ----


@act_command(sb_app, "assess", "SB.assess")
def sb_assess(number: int, instructions: str = typer.Option("", help="Special examination "
                                                            "instructions (EXP-ASM-4)."),
              samples: str = typer.Option("", help="Samples to draw (EXP-ASM-4)."),
              provisional: bool = False, expected_version: int = VersionOpt,
              user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Assess (Appraiser)."""
    from console.services.exports import assessment

    view = assessment.assess(common.core(), common.actor(user), number,
                             instructions=instructions, samples=samples, provisional=provisional,
                             expected_version=expected_version)
    _show(as_json, view, "assessed")


@act_command(sb_app, "clear", "SB.acdc_clear")
def sb_clear(number: int, instructions: str = "", samples: str = "",
             provisional: bool = False, expected_version: int = VersionOpt,
             user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """AC/DC clearance (EXP-ASM-1/2/3); --provisional: a DEPB value not accepted
    (EXP-DEPB-4)."""
    from console.services.exports import assessment

    view = assessment.clear_by_acdc(common.core(), common.actor(user), number,
                                    instructions=instructions, samples=samples,
                                    provisional=provisional,
                                    expected_version=expected_version)
    _show(as_json, view, "cleared")


@act_command(sb_app, "instructions", "SB.instructions")
def sb_instructions(number: int, instructions: str = "", samples: str = "",
                    user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Special examination instructions or samples (EXP-ASM-4)."""
    from console.services.exports import assessment

    view = assessment.give_instructions(common.core(), common.actor(user), number,
                                        instructions=instructions, samples=samples)
    _show(as_json, view, "instructions given on")


@act_command(sb_app, "ccr", "SB.ccr")
def sb_ccr(number: int, code: str,
           complied: bool = typer.Option(True, "--complied/--not-applicable"),
           comment: str = typer.Option("", help="Departmental comment (required when not "
                                       "applicable, EXP-RMS-2)."),
           user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Record a CCR as complied or not applicable."""
    from console.services.exports import assessment

    view = assessment.decide_ccr(common.core(), common.actor(user), number, code,
                                 complied=complied, comment=comment)
    _show(as_json, view, f"CCR {code.upper()} decided on")


# ---- queries ----


@act_command(query_app, "raise", "SB.query_raise")
def query_raise(number: int, point: list[str] = typer.Option(..., "--point", "-p",
                                                              help="One point; repeat."),
                user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Raise one query with all its points (Appraiser)."""
    from console.services.exports import queries

    view = queries.raise_query(common.core(), common.actor(user), number, point)
    _show(as_json, view, "query raised on")


@act_command(query_app, "approve", "QUERY.approve")
def query_approve(number: int, user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Approve the raised query (AC/DC): the SB waits for the reply."""
    from console.services.exports import queries

    view = queries.approve_query(common.core(), common.actor(user), number)
    _show(as_json, view, "query approved on")


@act_command(query_app, "withdraw", "QUERY.withdraw")
def query_withdraw(number: int, reason: str = typer.Option(...), user: str = UserOpt,
                   as_json: bool = JsonOpt) -> None:
    """Decline a raised query (AC/DC)."""
    from console.services.exports import queries

    view = queries.withdraw_query(common.core(), common.actor(user), number, reason)
    _show(as_json, view, "query withdrawn on")


@act_command(query_app, "reply", "QUERY.reply")
def query_reply(number: int, text: str = typer.Option(..., "--text"), user: str = UserOpt,
                as_json: bool = JsonOpt) -> None:
    """Key the exporter's reply (service centre)."""
    from console.services.exports import queries

    view = queries.reply_query(common.core(), common.actor(user), number, text)
    _show(as_json, view, "reply keyed on")


@act_command(query_app, "close", "QUERY.close")
def query_close(number: int, satisfied: bool = typer.Option(True, "--satisfied/--not-satisfied"),
                remarks: str = "", user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Accept the reply and close the query (AC/DC), or send it back."""
    from console.services.exports import queries

    view = queries.close_query(common.core(), common.actor(user), number, satisfied=satisfied,
                               remarks=remarks)
    _show(as_json, view, "query closed on" if satisfied else "reply sent back on")


# ---- arrival and examination ----


@act_command(sb_app, "admit", "SB.admit")
def sb_admit(number: int, user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Custodian admits the goods on the checklist with the SB number (EXP-ARR-1)."""
    from console.services.exports import examination

    view = examination.admit_goods(common.core(), common.actor(user), number)
    _show(as_json, view, "goods admitted for")


@act_command(sb_app, "register-goods", "SB.register_goods")
def sb_register_goods(number: int, packages: int = typer.Option(..., help="Packages received."),
                      vehicle: str = "", shed: str = "", expected_version: int = VersionOpt,
                      user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Register arrived goods (Annexure C); names examiner and packages (EXP-ARR-2)."""
    from console.services.exports import examination

    view = examination.register_goods(common.core(), common.actor(user), number, packages,
                                      vehicle_no=vehicle, shed=shed,
                                      expected_version=expected_version)
    _show(as_json, view, "goods registered for")


@act_command(sb_app, "examine", "SB.examination_report")
def sb_examine(number: int, report: str = typer.Option(...),
               packages_examined: str = typer.Option(None, help="Default: those ordered."),
               variation: str = typer.Option("", help="Describe a variation (EXP-LEO-2)."),
               seal_intact: bool = typer.Option(None, "--seal-intact/--seal-broken",
                                                help="EOU seal verification (EXP-EOU-1)."),
               representative: str = "", expected_version: int = VersionOpt,
               user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Enter the examination report (EXP-EXM-1)."""
    from console.services.exports import examination

    view = examination.enter_examination_report(
        common.core(), common.actor(user), number, report, packages_examined=packages_examined,
        variation=bool(variation), variation_note=variation, seal_intact=seal_intact,
        representative=representative, expected_version=expected_version)
    _show(as_json, view, "examination report entered for")


@act_command(sb_app, "samples", "SB.samples")
def sb_samples(number: int, description: str = typer.Option(...),
               agency: str = typer.Option(...), purpose: str = "test", user: str = UserOpt,
               as_json: bool = JsonOpt) -> None:
    """Draw two samples under a test memo (EXP-EXM-2)."""
    from console.services.exports import examination

    view = examination.draw_samples(common.core(), common.actor(user), number, description,
                                    agency, purpose=purpose)
    _show(as_json, view, f"test memo {view.samples[-1].memo_no} for")


@act_command(sb_app, "refer", "SB.refer_variation")
def sb_refer(number: int, note: str = "", user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Mark a variation to the AC/DC (EXP-LEO-2)."""
    from console.services.exports import examination

    view = examination.mark_variation(common.core(), common.actor(user), number, note)
    _show(as_json, view, "referred")


@act_command(sb_app, "variation", "SB.decide_variation")
def sb_variation(number: int, agrees: bool = typer.Option(..., "--agrees/--disputes"),
                 view_text: str = typer.Option(..., "--view"), user: str = UserOpt,
                 as_json: bool = JsonOpt) -> None:
    """AC/DC decision on a variation (EXP-LEO-2)."""
    from console.services.exports import examination

    view = examination.decide_variation(common.core(), common.actor(user), number,
                                        exporter_agrees=agrees, view=view_text)
    _show(as_json, view, "variation decided on")


# ---- LEO and after ----


@act_command(sb_app, "leo", "SB.leo")
def sb_leo(number: int, expected_version: int = VersionOpt, user: str = UserOpt,
           as_json: bool = JsonOpt) -> None:
    """Give the Let Export Order (EXP-LEO-1/3)."""
    from console.services.exports import leo

    view = leo.give_let_export_order(common.core(), common.actor(user), number,
                                     expected_version=expected_version)
    _show(as_json, view, "Let Export given for")


@act_command(sb_app, "pay-cess", "SB.cess_paid")
def sb_pay_cess(number: int, user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Record the cess challan as paid (EXP-CES-1)."""
    from console.services.exports import leo

    view = leo.pay_cess(common.core(), common.actor(user), number)
    _show(as_json, view, f"cess challan {view.cess_challan_no} paid for")


@act_command(sb_app, "stuffing", "SB.stuffing")
def sb_stuffing(number: int, container: str = "", seal: str = "", user: str = UserOpt,
                as_json: bool = JsonOpt) -> None:
    """Enter the stuffing report, the same day (EXP-STF-1)."""
    from console.services.exports import egm

    view = egm.enter_stuffing_report(common.core(), common.actor(user), number,
                                     container_no=container, seal_no=seal)
    _show(as_json, view, "stuffing report entered for")


@act_command(egm_app, "file", "EGM.file")
def egm_file(carrier: str = typer.Option(..., help="Registered carrier code (EXP-REG-3)."),
             sb: list[int] = typer.Option(..., "--sb", help="SB number; repeat."),
             voyage: str = typer.Option("", help="Flight or voyage number."),
             sailed_on: str = typer.Option("", help="YYYY-MM-DD (default today)."),
             user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """File an EGM; the SBs it lists are closed as exported (EXP-EGM-1)."""
    from console.services.exports import egm

    view = egm.file_egm(common.core(), common.actor(user), carrier, sb, voyage=voyage,
                        sailed_on=date.fromisoformat(sailed_on) if sailed_on else None)
    emit(as_json, view, f"EGM {view.egm_no} of {view.egm_date:%d.%m.%Y} by {view.carrier_code}: "
         f"{len(view.sb_nos)} SB(s) exported" + (f"; charge ₹{view.charge}" if view.charge
                                                 else ""))


@egm_app.command("show")
def egm_show(number: int, as_json: bool = JsonOpt) -> None:
    """Show an EGM."""
    from console.services.exports import egm

    emit(as_json, egm.get_egm(common.core(), number))


# ---- RMS rules ----


@rms_app.command("list")
def rms_list(document: str = "SB", as_json: bool = JsonOpt) -> None:
    """List risk rules, by priority."""
    from console.services.exports import routing

    rows = routing.list_rms_rules(common.core(), document.upper())
    emit(as_json, rows, table([common.plain(r) for r in rows],
                              ["id", "priority", "active", "name", "route", "ccrs"]))


@act_command(rms_app, "add", "RMS.add")
def rms_add(name: str = typer.Option(...), route: str = typer.Option(...),
            priority: int = 100, document: str = "SB", iec: str = "", tariff_prefix: str = "",
            country: str = "", scheme_code: str = "", value_from: str = "", value_to: str = "",
            ccrs: str = "", effective_from: str = "", user: str = UserOpt,
            as_json: bool = JsonOpt) -> None:
    """Add a risk rule (AC/DC or higher); empty criteria match anything."""
    from console.services.exports import routing

    fields = dict(name=name, route=route, priority=priority, document=document.upper(), iec=iec,
                  tariff_prefix=tariff_prefix, country=country, scheme_code=scheme_code,
                  value_from=value_from, value_to=value_to, ccrs=ccrs)
    if effective_from:
        fields["effective_from"] = effective_from
    view = routing.add_rms_rule(common.core(), common.actor(user), **fields)
    emit(as_json, view, f"rule {view.id} added: {view.name} → {view.route}")


@act_command(rms_app, "edit", "RMS.edit")
def rms_edit(rule_id: int, set_: list[str] = typer.Option(..., "--set", help="field=value; "
                                                          "repeat."),
             user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Change fields of a rule."""
    from console.services.exports import routing

    changes = {}
    for pair in set_:
        key, _, value = pair.partition("=")
        changes[key.strip()] = int(value) if key.strip() == "priority" else value
    view = routing.edit_rms_rule(common.core(), common.actor(user), rule_id, **changes)
    emit(as_json, view, f"rule {view.id} changed")


@act_command(rms_app, "disable", "RMS.disable")
def rms_disable(rule_id: int, reason: str = typer.Option(...), user: str = UserOpt,
                as_json: bool = JsonOpt) -> None:
    """Disable a rule (kept for the record)."""
    from console.services.exports import routing

    view = routing.deactivate_rms_rule(common.core(), common.actor(user), rule_id, reason)
    emit(as_json, view, f"rule {view.id} disabled")
