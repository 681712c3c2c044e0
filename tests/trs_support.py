"""Documents with known times for the Time Release Study and the pendency dashboard (issue
19): every act taken through the services, at INVTZ4 (an air cargo complex), the clock set
to each moment in turn (the acts in the order they happened).

Day D is Monday 16 November 2026 (T0, the demo's day, is 2 November: nothing of the demo is
released in the study's period, 15 to 18 November).

Imports (IGM 1: three lines, entry inwards D 08:00; IGM 2: one line, entry inwards D 06:00):

====  ==========  =======  ========  ======  ==========  ========  ========  =========
BE    route       filed    assessed  paid    registered  examined  OOC       release
====  ==========  =======  ========  ======  ==========  ========  ========  =========
BE1   2nd check   D 10:00  D 14:00   16:00   D 18:00     D 20:00   D+1 08:00  24 h
BE2   2nd check   D-1 12   D-1 15    D 09:00 D 12:00     D 15:00   D+2 09:00  51 h
BE3   1st check   D 09:00  D 17:00   19:00   D 11:00     D 13:00   D 21:00    13 h
BE4   2nd (CCV)   D 08:30  D 10:30   20:30   D 11:30     D 12:30   D 20:30    12.5 h
====  ==========  =======  ========  ======  ==========  ========  ========  =========

BE2 is filed and assessed before its goods arrive (IGM 2, D 06:00); BE4's compliance is
verified (D 13:00) before the duty is paid, so Out of Charge follows the payment at once.

Exports (SBs): SB-F facilitated (Sagar Marine, ch. 09): filed D 08:00, goods registered D
09:00, LEO D 13:00, EGM D+1 09:00. SB-A assessment only (marine products, ch. 03): filed
D-1 14:00, assessed D-1 16:00, goods registered D 10:00, LEO D 12:00, no EGM. SB-E
assessment and examination (drug formulations, 3004): filed D 07:00, assessed D 08:00,
goods registered D 10:00, examined D 16:00, LEO D 18:00, EGM D+1 09:00 (with SB-F).

Courier (CSBs, all filed D 10:00): CSB-F facilitated, X-rayed D 12:00, Auto-LEO at once;
CSB-A assessment only, assessed D 11:00, X-rayed D 14:00, Auto-LEO at once (CSB-3); CSB-E
assessment and examination, assessed D 11:00, X-rayed D 13:00, examined D 15:00, LEO by the
officer D 18:00.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from console.demo.exports import (
    IEC_MARINE,
    IEC_PHARMA,
    arrive,
    declaration,
    examine,
    through_assessment,
)
from console.services.courier import clearance
from console.services.courier import filing as csb_filing
from console.services.exports import egm, leo
from console.services.exports.filing import create_draft, print_checklist, submit_sb
from console.services.imports import be_ccv, manifests
from console.services.imports import be_clearance as clr
from console.services.imports import bills_of_entry as bes

D = date(2026, 11, 16)
PERIOD = (date(2026, 11, 15), date(2026, 11, 18))
PAINT = "32089090"


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """D + ``day`` at hour:minute."""
    return datetime.combine(D + timedelta(days=day), datetime.min.time()).replace(
        hour=hour, minute=minute)


def _be_data(igm_no: int, bl: str, **kw) -> dict:
    data = {"be_type": "H", "iec": IEC_PHARMA, "igm_no": igm_no, "bl_no": bl,
            "currency": "USD", "invoice_value": "1000",
            "items": [{"tariff_item": PAINT, "description": "Paint, non-aqueous",
                       "quantity": "500", "uqc": "KGS", "value": "1000"}]}
    data.update(kw)
    return data


def _igm(core, a, name: str, lines: int, voyage: str):
    return manifests.file_igm(core, a["car1"], "AI", D, [
        {"bl_no": f"AWB-{name}-{n}", "importer_name": "Andhra Pharma Exports",
         "packages": 10, "package_kind": "BOX", "gross_weight_kg": "500",
         "description": "paint in drums"} for n in range(1, lines + 1)], voyage=voyage)


def _sb(core, a, data) -> int:
    view = create_draft(core, a["opr1"], data)
    print_checklist(core, a["opr1"], view.job_no)
    return submit_sb(core, a["opr1"], view.job_no).sb_no


def script(core, a, docs: dict) -> list[tuple[datetime, Callable[[], object]]]:
    """The acts with their moments; ``docs`` collects the numbers as they are given."""

    def keep(name: str, value: int) -> int:
        docs[name] = value
        return value

    def be_file(name: str, igm: str, bl: int, **kw):
        def go():
            igm_no = docs[igm]
            view = bes.file_be(core, a["opr1"], _be_data(igm_no, f"AWB-{igm}-{bl}", **kw))
            bes.print_checklist(core, a["opr1"], view.job_no)
            keep(name, bes.submit_be(core, a["opr1"], view.job_no).be_no)
        return go

    def be(name: str, fn, officer: str, *args):
        return lambda: fn(core, a[officer], docs[name], *args)

    def sb_file(name: str, iec: str, prefix: str, **kw):
        return lambda: keep(name, _sb(core, a, declaration(core, iec, prefix, **kw)))

    def sb_assess(name: str):
        return lambda: through_assessment(core, a, _view(core, docs[name]))

    def sb_arrive(name: str):
        return lambda: arrive(core, a, _view(core, docs[name]))

    def sb_examine(name: str):
        return lambda: examine(core, a, _view(core, docs[name]))

    def sb_leo(name: str):
        return lambda: leo.give_let_export_order(core, a["apr1"], docs[name])

    def csb_file(name: str, prefix: str):
        from tests.test_courier import _input

        return lambda: keep(name, csb_filing.file_csb(core, a["opr1"],
                                                      _input(core, prefix)).csb_no)

    def csb(name: str, fn, officer: str, *args, **kw):
        return lambda: fn(core, a[officer], docs[name], *args, **kw)

    return [
        (at(-2, 10), lambda: keep("IGM1", _igm(core, a, "IGM1", 3, "AI-101").igm_no)),
        (at(-2, 10, 5), lambda: keep("IGM2", _igm(core, a, "IGM2", 1, "AI-102").igm_no)),
        (at(-1, 12), be_file("BE2", "IGM2", 1)),
        (at(-1, 14), sb_file("SB-A", IEC_MARINE, "03")),
        (at(-1, 15), be("BE2", clr.assess, "apr1")),
        (at(-1, 16), sb_assess("SB-A")),
        (at(0, 6), lambda: manifests.grant_entry_inwards(core, a["apr1"], docs["IGM2"])),
        (at(0, 7), sb_file("SB-E", IEC_PHARMA, "3004")),
        (at(0, 8), lambda: manifests.grant_entry_inwards(core, a["apr1"], docs["IGM1"])),
        (at(0, 8), sb_file("SB-F", IEC_MARINE, "09", avoid="03")),
        (at(0, 8), sb_assess("SB-E")),
        (at(0, 8, 30), be_file("BE4", "IGM1", 3)),
        (at(0, 9), be_file("BE3", "IGM1", 2, first_check=True)),
        (at(0, 9), be("BE2", clr.pay_duty, "opr1", "online")),
        (at(0, 9), sb_arrive("SB-F")),
        (at(0, 10), be_file("BE1", "IGM1", 1)),
        (at(0, 10), sb_arrive("SB-A")),
        (at(0, 10), sb_arrive("SB-E")),
        (at(0, 10), csb_file("CSB-F", "62")),
        (at(0, 10), csb_file("CSB-A", "8517")),
        (at(0, 10), csb_file("CSB-E", "3004")),
        (at(0, 10, 30), be("BE4", clr.assess, "apr1")),
        (at(0, 11), be("BE3", clr.register_goods, "exm1")),
        (at(0, 11), csb("CSB-A", clearance.assess, "apr1", exam_mandated=False)),
        (at(0, 11), csb("CSB-E", clearance.assess, "apr1", exam_mandated=False)),
        (at(0, 11, 30), be("BE4", clr.register_goods, "exm1")),
        (at(0, 12), be("BE2", clr.register_goods, "exm1")),
        (at(0, 12), sb_leo("SB-A")),
        (at(0, 12), csb("CSB-F", clearance.record_xray, "cus1")),
        (at(0, 12, 30), be("BE4", clr.examine, "exm1", "paint in drums as declared")),
        (at(0, 13), be("BE3", clr.examine, "exm1", "paint in drums as declared")),
        (at(0, 13), be("BE4", be_ccv.verify_compliance, "apr1")),
        (at(0, 13), sb_leo("SB-F")),
        (at(0, 13), csb("CSB-E", clearance.record_xray, "cus1")),
        (at(0, 14), be("BE1", clr.assess, "apr1")),
        (at(0, 14), csb("CSB-A", clearance.record_xray, "cus1")),
        (at(0, 15), be("BE2", clr.examine, "exm1", "paint in drums as declared")),
        (at(0, 15), csb("CSB-E", clearance.record_examination, "exm1", "Opened; as declared")),
        (at(0, 16), be("BE1", clr.pay_duty, "opr1", "online")),
        (at(0, 16), sb_examine("SB-E")),
        (at(0, 17), be("BE3", clr.assess, "apr1")),
        (at(0, 18), be("BE1", clr.register_goods, "exm1")),
        (at(0, 18), sb_leo("SB-E")),
        (at(0, 18), csb("CSB-E", clearance.give_leo, "apr1")),
        (at(0, 19), be("BE3", clr.pay_duty, "opr1", "online")),
        (at(0, 20), be("BE1", clr.examine, "exm1", "paint in drums as declared")),
        (at(0, 20, 30), be("BE4", clr.pay_duty, "opr1", "online")),
        (at(0, 21), be("BE3", clr.give_out_of_charge, "apr1")),
        (at(1, 8), be("BE1", clr.give_out_of_charge, "apr1")),
        (at(1, 9), lambda: egm.file_egm(core, a["car1"], "AI", [docs["SB-F"], docs["SB-E"]],
                                        voyage="AI-9801")),
        (at(2, 9), be("BE2", clr.give_out_of_charge, "apr1")),
    ]


def _view(core, sb_no: int):
    from console.services.exports.sb_common import load_sb, sb_view

    with core.db.read() as s:
        return sb_view(s, load_sb(s, sb_no, lock=False))


def build(core, a, clock, until: datetime | None = None) -> dict:
    """Take the acts of ``script`` in order (up to ``until``); the documents' numbers."""
    docs: dict = {}
    for moment, act in sorted(script(core, a, docs), key=lambda x: x[0]):
        if until is not None and moment > until:
            break
        clock.set(moment)
        act()
    return docs
