"""``ices bond`` and ``ices warehouse``: the bond section, deposits, certificates, the
warehouse ledger and ex-bond clearance (bonds-warehousing.md). Thin: one service call each.
Ex-bond BEs are keyed with ``ices be new`` (``"be_type": "X"``, ``wh_be_no``,
``wh_be_date``, ``items``: ``[{"wh_sl": 1, "quantity": "200"}]``)."""

from __future__ import annotations

from datetime import date

import typer

from console.commands import common
from console.commands.common import JsonOpt, UserOpt, act_command, emit, table
from console.errors import InvalidInput
from console.services.bonds import bonds as svc
from console.services.bonds import warehousing as wh

app = typer.Typer(no_args_is_help=True)
warehouse_app = typer.Typer(no_args_is_help=True)


def _day(value: str | None, field: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(field, f"{value!r}: expected YYYY-MM-DD") from None


def _bond(as_json: bool, v: svc.BondView) -> None:
    emit(as_json, v, f"bond {v.bond_no or 'request R' + str(v.id)} ({v.bond_type} {v.kind}, "
         f"IEC {v.iec}) {v.state}; amount Rs {v.amount}, balance Rs {v.balance}, BG balance "
         f"Rs {v.bg_balance}; valid to {v.valid_to:%d.%m.%Y}")


def _be_bond(as_json: bool, v: svc.BeBondView) -> None:
    bond = (f"{v.bond_type} bond {v.bond_no or ('request R' + str(v.bond_request))}, debit Rs "
            f"{v.debit}, BG Rs {v.bg_debit}" if v.bond_type else "no bond specified")
    emit(as_json, v, f"BE {v.be_no}: {bond}" + (f"; debited {v.debited_on:%d.%m.%Y}"
                                                 if v.debited_on else "")
         + "".join(f"\n  outstanding: {x}" for x in v.outstanding))


@act_command(app, "request", "BOND.request")
def request(iec: str = typer.Option(..., help="Importer's IEC."),
            bond_type: str = typer.Option(..., "--type", help="EU UT RE PD EO WH."),
            amount: str = typer.Option(..., help="Bond value, rupees."),
            valid_to: str = typer.Option(..., help="Validity, YYYY-MM-DD."),
            bg: str = typer.Option("0", help="Bank guarantee, rupees."),
            bg_ref: str = typer.Option("", help="Bank and BG number."),
            surety: str = typer.Option("", help="Surety."),
            user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Appraiser: ask for a continuity bond (BND-2)."""
    _bond(as_json, svc.request_bond(common.core(), common.actor(user), iec, bond_type, amount,
                                    _day(valid_to, "valid_to"), bg_amount=bg, bg_ref=bg_ref,
                                    surety=surety))


@act_command(app, "specify", "BE.bond_specify")
def specify(be_no: int, bond_type: str = typer.Option(..., "--type", help="EU UT RE PD EO WH."),
            amount: str = typer.Option("", help="Bond value to debit (default: the duty)."),
            bg: str = typer.Option("0", help="BG to debit, rupees."),
            bond_no: int = typer.Option(None, "--bond", help="Continuity bond number "
                                        "(default: the one declared)."),
            valid_to: str = typer.Option(None, help="A specific bond's validity."),
            bg_ref: str = typer.Option("", help="Bank and BG number (specific bond)."),
            cash_deposit: str = typer.Option("0", help="Cash deposit, rupees (BND-13)."),
            user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Appraiser: the BE needs a bond (BND-2, BND-6, BND-12, BND-13)."""
    _be_bond(as_json, svc.specify_bond(common.core(), common.actor(user), be_no, bond_type,
                                       amount=amount or None, bg_amount=bg, bond_no=bond_no,
                                       valid_to=_day(valid_to, "valid_to"), bg_ref=bg_ref,
                                       cash_deposit=cash_deposit))


@act_command(app, "approve-be", "BE.bond_approve")
def approve_be(be_no: int, user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """AC/DC: approve the bond specified on a BE (BND-2)."""
    _be_bond(as_json, svc.approve_specification(common.core(), common.actor(user), be_no))


@act_command(app, "approve", "BOND.approve")
def approve(request_id: int, user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """AC/DC: approve a continuity bond request (BND-2)."""
    _bond(as_json, svc.approve_bond(common.core(), common.actor(user), request_id))


@act_command(app, "cancel", "BOND.cancel")
def cancel(request_id: int, reason: str = typer.Option(..., help="Why."),
           user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """AC/DC: cancel a bond asked for but not registered."""
    _bond(as_json, svc.cancel_bond(common.core(), common.actor(user), request_id, reason))


@act_command(app, "register", "BOND.register")
def register(request_id: int, storage: str = typer.Option(..., help="Where the documents are "
                                                          "kept."),
             user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Bond clerk: register an approved bond; the registration number (BND-3, BND-4)."""
    _bond(as_json, svc.register_bond(common.core(), common.actor(user), request_id, storage))


@act_command(app, "debit", "BOND.debit")
def debit(bond_no: int, be_no: int, user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Bond section: debit the bond specified on an EDI BE (BND-7, BND-8, BND-10)."""
    _bond(as_json, svc.debit_bond(common.core(), common.actor(user), bond_no, be_no))


@act_command(app, "debit-manual", "BOND.debit_manual")
def debit_manual(bond_no: int, be_no: int = typer.Option(..., "--be", help="Manual BE number."),
                 be_date: str = typer.Option(..., "--be-date", help="YYYY-MM-DD."),
                 amount: str = typer.Option(..., help="Bond value, rupees."),
                 bg: str = typer.Option("0", help="BG, rupees."),
                 user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Bond section: debit for a manual BE (BND-8)."""
    _bond(as_json, svc.debit_manual_be(common.core(), common.actor(user), bond_no, be_no,
                                       _day(be_date, "be_date"), amount, bg))


@act_command(app, "credit", "BOND.credit")
def credit(bond_no: int, be_no: int = typer.Option(..., "--be", help="BE number."),
           be_date: str = typer.Option(..., "--be-date", help="YYYY-MM-DD."),
           amount: str = typer.Option(..., help="Bond value, rupees."),
           reason: str = typer.Option(..., help="a..f (BND-9)."),
           bg: str = typer.Option("0", help="BG, rupees."),
           text: str = typer.Option("", help="The reason, for (f)."),
           user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Bond section: credit with its reason (BND-9)."""
    _bond(as_json, svc.credit_bond(common.core(), common.actor(user), bond_no, be_no,
                                   _day(be_date, "be_date"), amount, reason, bg_amount=bg,
                                   text=text))


@act_command(app, "enhance", "BOND.enhance")
def enhance(bond_no: int, amount: str = typer.Option("0", help="Add to the bond, rupees."),
            bg: str = typer.Option("0", help="Add to the BG, rupees."),
            valid_to: str = typer.Option(None, help="New validity, YYYY-MM-DD."),
            reason: str = typer.Option(..., help="Why."),
            user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """AC/DC: enhance a registered bond (BND-1)."""
    _bond(as_json, svc.enhance_bond(common.core(), common.actor(user), bond_no, amount, reason,
                                    add_bg=bg, valid_to=_day(valid_to, "valid_to")))


@act_command(app, "close", "BOND.close")
def close(bond_no: int, file_ref: str = typer.Option(..., "--file", help="Bond file."),
          obligation: str = typer.Option("", help="How the export obligation was verified."),
          user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Bond section: close a bond whose debits are all credited (BND-10)."""
    _bond(as_json, svc.close_bond(common.core(), common.actor(user), bond_no, file_ref,
                                  obligation=obligation))


@app.command("show")
def show(number: int, request_id: bool = typer.Option(False, "--request",
                                                      help="NUMBER is a request id."),
         as_json: bool = JsonOpt) -> None:
    """One bond with its ledger (BND-8)."""
    core = common.core()
    v = svc.get_request(core, number) if request_id else svc.get_bond(core, number)
    if as_json:
        emit(True, v)
        return
    _bond(False, v)
    rows = [common.plain(x) for x in v.lines]
    typer.echo(table(rows, ["be_no", "be_date", "doc_type", "debit", "bg_debit", "credit",
                            "bg_credit", "on", "credit_reason", "officer"]))


@app.command("be")
def be_bond(be_no: int, as_json: bool = JsonOpt) -> None:
    """A BE's bond, certificate and deposits, and what still holds it back (BND-7)."""
    _be_bond(as_json, svc.get_be_bond(common.core(), be_no))


@act_command(app, "list", "BOND.mis")
def register_list(iec: str = typer.Option("", help="One importer."),
                  as_of: str = typer.Option(None, "--as-of", help="YYYY-MM-DD."),
                  all_states: bool = typer.Option(False, "--all", help="Every state, not only "
                                                  "registered bonds."),
                  user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """The bond register with reminders and recovery flags (BND-1)."""
    states = svc.BOND_STATES if all_states else (svc.BondState.REGISTERED,)
    rows = svc.bond_register(common.core(), common.actor(user), as_of=_day(as_of, "as_of"),
                             iec=iec, states=states)
    emit(as_json, rows, table([common.plain(r) for r in rows], [
        "bond_no", "iec", "bond_type", "kind", "amount", "balance", "bg_balance", "valid_to",
        "state", "open_debits", "remark"]))


@act_command(app, "certificate", "CERT.register")
def certificate(iec: str = typer.Option(..., help="Importer's IEC."),
                issuer: str = typer.Option(..., help="Issuing authority."),
                ref: str = typer.Option(..., help="Certificate number."),
                on: str = typer.Option(..., "--date", help="YYYY-MM-DD."),
                user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Bond section: register a Central Excise / GST certificate (BND-11)."""
    v = svc.register_certificate(common.core(), common.actor(user), iec, issuer, ref,
                                 _day(on, "date"))
    emit(as_json, v, f"certificate {v.reg_no} registered ({v.issuer} {v.cert_ref})")


@act_command(app, "certificate-attach", "CERT.attach")
def certificate_attach(reg_no: int, be_no: int, user: str = UserOpt,
                       as_json: bool = JsonOpt) -> None:
    """Bond section: the certificate serves this BE, and no other (BND-11)."""
    v = svc.attach_certificate(common.core(), common.actor(user), reg_no, be_no)
    emit(as_json, v, f"certificate {v.reg_no} serves BE {v.be_no}")


@act_command(app, "svb-challan", "BE.svb_deposit")
def svb_challan(be_no: int, pct: str = typer.Option(..., help="1 or 5 (% of AV)."),
                user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Appraiser: the SVB provisional deposit challan (BND-14)."""
    _be_bond(as_json, svc.svb_deposit_challan(common.core(), common.actor(user), be_no, pct))


@act_command(app, "pay-deposit", "BE.deposit_paid")
def pay_deposit(be_no: int, kind: str = typer.Option(..., help="cash (BND-13) or svb "
                                                     "(BND-14)."),
                user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Operator: record a deposit paid on its challan."""
    _be_bond(as_json, svc.pay_deposit(common.core(), common.actor(user), be_no, kind))


# ---- ices warehouse ----


def _ex_bond(as_json: bool, v: wh.ExBondView) -> None:
    emit(as_json, v, f"ex-bond BE {v.be_no} against W BE {v.wh_be_no} of "
         f"{v.wh_be_date:%d.%m.%Y} ({v.warehouse_code}): {v.state.replace('_', ' ')}; duty Rs "
         f"{v.duty}; interest Rs {v.interest} ({v.interest_days} days at {v.interest_rate}%), "
         f"paid Rs {v.interest_paid}" + (f"; checked by {v.checked_by}" if v.checked_by else ""))


@warehouse_app.command("ledger")
def ledger(be_no: int, as_json: bool = JsonOpt) -> None:
    """A W BE's quantity ledger (WH-2) and warehousing period (WH-5)."""
    v = wh.get_warehouse(common.core(), be_no)
    if as_json:
        emit(True, v)
        return
    head = (f"W BE {v.be_no} in {v.warehouse_code}; ordered "
            + (f"{v.ordered_on:%d.%m.%Y}, period to {v.period_to:%d.%m.%Y}" if v.ordered_on
               else "- (not out of charge)"))
    typer.echo(head)
    typer.echo(table([common.plain(x) for x in v.lines],
                     ["item_sl", "tariff_item", "description", "uqc", "quantity", "balance"]))


@warehouse_app.command("show")
def ex_bond_show(be_no: int, as_json: bool = JsonOpt) -> None:
    """An ex-bond BE with the interest shown on it (WH-3, WH-5)."""
    _ex_bond(as_json, wh.get_ex_bond(common.core(), be_no))


@act_command(warehouse_app, "check", "BE.ex_bond_check")
def check(be_no: int, charges: str = typer.Option(..., help="Warehouse keeper's receipt for "
                                                  "the charges, or nil."),
          user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Superintendent: the checks before Out of Charge of an ex-bond BE (WH-4)."""
    _ex_bond(as_json, wh.check_ex_bond(common.core(), common.actor(user), be_no, charges))


@act_command(warehouse_app, "pay-interest", "BE.interest_paid")
def pay_interest(be_no: int, user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Operator: the interest on an ex-bond BE (s.61), on its own challan (WH-5)."""
    _ex_bond(as_json, wh.pay_interest(common.core(), common.actor(user), be_no))


@act_command(warehouse_app, "extend", "BE.extend_warehousing")
def extend(be_no: int, until: str = typer.Option(..., help="New last day, YYYY-MM-DD."),
           reason: str = typer.Option(..., help="The cause shown."),
           user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Commissioner: extend a W BE's warehousing period (WH-5)."""
    v = wh.extend_period(common.core(), common.actor(user), be_no, _day(until, "until"), reason)
    emit(as_json, v, f"W BE {v.be_no}: period to {v.period_to:%d.%m.%Y}")
