"""``ices csb``: Courier Shipping Bills (courier.md, CSB-1..6). Thin: every command is one
call to a courier service (``console.services.courier``)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import typer

from console.acts.csb import XrayResult
from console.commands import common
from console.commands.common import JsonOpt, UserOpt, act_command, emit, table
from console.errors import ExitCode
from console.services.courier import clearance, csb_common, filing, registry, worklists

app = typer.Typer(no_args_is_help=True)

ShowCols = ["csb_no", "state", "courier_code", "hawb_no", "form", "value_inr", "route",
            "xray_result", "awaiting"]


def _text(v: csb_common.CsbView) -> str:
    d = common.plain(v)
    lines = [f"CSB {v.csb_no} of {v.csb_date:%d.%m.%Y} at {v.location_code} — {v.state} "
             f"(version {v.version})"]
    for key in ("courier_code", "hawb_no", "form", "consignor_iec", "consignor_name",
                "consignee_name", "consignee_country", "currency", "value_fc", "value_inr",
                "packages", "gross_weight_kg", "description", "tariff_item", "route",
                "rms_note", "assessed_by", "exam_mandated", "xray_result", "xray_at",
                "xray_by", "examined_by", "exam_report", "leo_at", "leo_by", "autoleo_rule",
                "autoleo_circular", "awaiting"):
        if d.get(key) not in ("", None):
            lines.append(f"  {key:<18} {d[key]}")
    return "\n".join(lines)


@act_command(app, "file", "CSB.file")
def file_(courier: str = typer.Option(..., help="Authorised courier code."),
          hawb: str = typer.Option(..., help="House airway bill number."),
          form: str = typer.Option(..., help="III (documents), IV (gifts, samples), "
                                   "V (commercial)."),
          consignee: str = typer.Option(..., help="Consignee name."),
          country: str = typer.Option(..., help="Consignee country (ISO 3166 alpha-2)."),
          value: str = typer.Option(..., help="Declared value in CURRENCY."),
          description: str = typer.Option(..., help="Description of goods."),
          weight: str = typer.Option(..., help="Gross weight, kg."),
          packages: int = typer.Option(1, help="Number of packages."),
          currency: str = typer.Option("INR", help="Invoice currency (ISO 4217)."),
          consignee_address: str = typer.Option("", help="Consignee address."),
          iec: str = typer.Option("", help="Consignor's IEC (required for CSB-V)."),
          consignor: str = typer.Option("", help="Consignor name (without an IEC)."),
          consignor_address: str = typer.Option("", help="Consignor address (without an IEC)."),
          kyc: str = typer.Option("", help="Consignor KYC, e.g. PASSPORT:K1234567."),
          tariff: str = typer.Option("", help="Tariff item, 8 digits (IV and V)."),
          user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """File one CSB; RMS routes it at once (CSB-1)."""
    view = filing.file_csb(common.core(), common.actor(user), filing.CsbInput(
        courier=courier, hawb=hawb, form=form, consignee_name=consignee,
        consignee_country=country, value=value, description=description,
        gross_weight_kg=weight, packages=packages, currency=currency,
        consignee_address=consignee_address, consignor_iec=iec, consignor_name=consignor,
        consignor_address=consignor_address, consignor_kyc=kyc, tariff_item=tariff))
    emit(as_json, view, f"CSB {view.csb_no} filed: {view.route.replace('_', ' ')} "
         f"({view.rms_note})")


@act_command(app, "bulk", "CSB.bulk_file")
def bulk(file: Path = typer.Argument(..., exists=True, dir_okay=False,
                                     help="CSV with columns " + ", ".join(filing.BULK_COLUMNS)),
         user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """File a courier's bulk file: good rows filed, bad rows reported by line (exit 1).
    Sending the fixed file again files only the rows not filed before."""
    from console.progress import progress_bar

    core, actor = common.core(), common.actor(user)
    with progress_bar(f"filing {file.name}", quiet=as_json) as bar:
        report = filing.file_bulk(core, actor, file, progress=bar)
    text = (f"{report.source}: {len(report.filed)} filed, {len(report.already_filed)} "
            f"already filed, {len(report.errors)} rejected"
            + "".join(f"\n  line {line}: {msg}" for line, msg in report.errors))
    emit(as_json, {"source": report.source,
                   "filed": [{"line": ln, "csb_no": n, "hawb": h} for ln, n, h in report.filed],
                   "already_filed": [{"line": ln, "csb_no": n, "hawb": h}
                                     for ln, n, h in report.already_filed],
                   "errors": [{"line": ln, "reason": m} for ln, m in report.errors]}, text)
    if report.errors:
        raise typer.Exit(ExitCode.BAD_INPUT)


@act_command(app, "assess", "CSB.assess")
def assess(csb_no: int, exam: bool = typer.Option(..., "--exam/--no-exam",
                                                  help="Mandate examination?"),
           remarks: str = typer.Option("", help="Assessment remarks."),
           version: int = typer.Option(None, help="The version you saw (refuse if changed)."),
           user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Assess a CSB marked for assessment by RMS (APR); Auto-LEO follows if allowed."""
    view = clearance.assess(common.core(), common.actor(user), csb_no, exam_mandated=exam,
                            remarks=remarks, expected_version=version)
    emit(as_json, view, f"CSB {view.csb_no}: {view.state.replace('_', ' ')}; "
         f"awaiting {view.awaiting}")


@act_command(app, "xray", "CSB.xray")
def xray(code: str = typer.Argument(..., help="CSB number (or the parcel's HAWB)."),
         flag: bool = typer.Option(False, "--flag", help="X-ray flagged (default: cleared)."),
         user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Record a parcel's X-ray result (CUS); Auto-LEO follows if the rule in force allows."""
    view = clearance.record_xray(common.core(), common.actor(user), code,
                                 XrayResult.FLAGGED if flag else XrayResult.CLEARED)
    emit(as_json, view, f"CSB {view.csb_no}: X-ray {view.xray_result}; "
         + (f"Auto-LEO ({view.autoleo_rule}, {view.autoleo_circular})" if view.auto_leo
            else f"awaiting {view.awaiting}"))


@act_command(app, "examine", "CSB.examine")
def examine(csb_no: int, report: str = typer.Option(..., help="Examination report."),
            version: int = typer.Option(None, help="The version you saw."),
            user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Enter the examination report (EXM) for a CSB sent for examination (CSB-4)."""
    view = clearance.record_examination(common.core(), common.actor(user), csb_no, report,
                                        expected_version=version)
    emit(as_json, view, f"CSB {view.csb_no} examined; awaiting {view.awaiting}")


@act_command(app, "leo", "CSB.leo")
def leo(csb_no: int, version: int = typer.Option(None, help="The version you saw."),
        user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Give Let Export Order by the officer (APR) on the officer route (CSB-4)."""
    view = clearance.give_leo(common.core(), common.actor(user), csb_no, expected_version=version)
    emit(as_json, view, f"CSB {view.csb_no}: Let Export Order by {view.leo_by}")


@app.command("show")
def show(ref: str = typer.Argument(..., help="CSB number or HAWB."),
         history: bool = typer.Option(False, "--history", help="Also the audit trail."),
         as_json: bool = JsonOpt) -> None:
    """One CSB (and its history)."""
    view = csb_common.show(common.core(), ref)
    rows = [r.model_dump(include={"at", "officer", "role", "action", "from_state", "to_state",
                                  "reason"}) for r in csb_common.history(common.core(), view.csb_no)
            ] if history else []
    data = {**common.plain(view), "history": common.plain(rows)} if history else view
    emit(as_json, data, _text(view) + ("\n" + table(rows, ["at", "officer", "action",
                                                           "to_state", "reason"])
                                       if history else ""))


@app.command("worklist")
def worklist(queue: str = typer.Option(None, help="xray, assess, examine or leo "
                                       "(default: your role's)."),
             limit: int = typer.Option(50, help="Rows per page."),
             offset: int = typer.Option(0, help="Skip this many."),
             user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """What waits for you at your courier terminal (LEO officer: --queue leo)."""
    page = worklists.worklist(common.core(), common.actor(user), queue, offset=offset, limit=limit)
    emit(as_json, {"queue": page.queue, "title": page.title, "total": page.total,
                   "rows": page.rows},
         f"{page.title}: {page.total}\n" + table([common.plain(r) for r in page.rows], ShowCols))


@app.command("report")
def report(date_from: str = typer.Option(None, "--from", help="YYYY-MM-DD (default: 7 days "
                                         "ago)."),
           date_to: str = typer.Option(None, "--to", help="YYYY-MM-DD (default: today)."),
           user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Auto-LEO against officers' LEOs, per day (CSB-6)."""
    core = common.core()
    to = date.fromisoformat(date_to) if date_to else core.today()
    frm = date.fromisoformat(date_from) if date_from else to - timedelta(days=6)
    days = worklists.leo_report(core, common.actor(user), frm, to)
    rows = [{"day": d.day, "auto_leo": d.auto, "manual_leo": d.manual,
             "by_rule": ", ".join(f"{k}: {v}" for k, v in sorted(d.by_rule.items()))}
            for d in days]
    emit(as_json, rows, table(rows, ["day", "auto_leo", "manual_leo", "by_rule"]))


@act_command(app, "courier", "COURIER.register")
def courier_add(code: str, name: str = typer.Option(..., help="Courier's name."),
                licence: str = typer.Option(..., help="Registration under the Courier "
                                            "Regulations."),
                location: str = typer.Option(None, help="Courier terminal (default: yours)."),
                user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Register an authorised courier at your courier terminal (CLK)."""
    row = registry.register_courier(common.core(), common.actor(user), code, name, licence,
                                    location_code=location)
    emit(as_json, row, f"courier {row.code} registered at {row.location_code}")
