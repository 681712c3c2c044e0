"""What every Shipping Bill service shares: loading with a lock and the read model
(``SbView``) that screens and printing use. The states and the acts are in
``console.acts.sb``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Row, Select, bindparam, exists, func
from sqlmodel import Session, select

import db.tables as t
from console import audit
from console.acts.query import OPEN as OPEN_QUERY_STATES
from console.acts.sb import BEFORE_REGISTRATION, SB, STATE_LABELS, S, SbState  # noqa: F401
from console.money import from_paise
from db import refcache
from db.tables.exports import SbContainer  # not (yet) re-exported by db.tables

EXAM_ROUTES = ("examination", "assessment_and_examination")
ASSESSMENT_ROUTES = ("assessment", "assessment_and_examination")

# Who the SB waits for, by state (enquiry counter, EXP-ASM-5).
WAITING_WITH: dict[str, str] = {
    S.DRAFT: "service centre (OPR): data entry",
    S.CHECKLIST_PRINTED: "exporter/broker: to confirm the checklist; then the service centre",
    S.AWAITING_ASSESSMENT: "Appraiser (APR): assessment",
    S.AWAITING_ACDC: "AC/DC: clearance before the goods may be registered",
    S.FACILITATED: "exporter: to bring the goods to the shed",
    S.ASSESSED: "exporter: to bring the goods to the shed",
    S.QUERY_PENDING: "exporter: reply to the query at the service centre",
    S.GOODS_REGISTERED: "shed Appraiser (APR): Let Export",
    S.UNDER_EXAMINATION: "examining officer (EXM): examination report",
    S.EXAMINED: "shed Appraiser (APR): Let Export",
    S.REFERRED_ACDC: "AC/DC: decision on the variation",
    S.LET_EXPORT: "carrier: EGM",
}


def label(state: str) -> str:
    return STATE_LABELS.get(state, state.replace("_", " "))


def ref_of(sb: t.ShippingBill) -> str:
    """The audit reference: the SB number, or ``J<job>`` before submission."""
    return str(sb.sb_no) if sb.sb_no else f"J{sb.job_no}"


def load_sb(session: Session, sb_no: int, lock: bool = True) -> t.ShippingBill:
    """The SB by number (holding its row lock unless ``lock`` is false)."""
    return SB.load(session, sb_no, lock=lock)


def load_draft(session: Session, job_no: int, lock: bool = True) -> t.ShippingBill:
    """The SB by job number (a draft, or the SB it became)."""
    return SB.load(session, job_no, by="job", lock=lock)


def needs_examination(sb: t.ShippingBill) -> bool:
    """Route requires examination, an EOU seal check, or the assessing officer ordered it."""
    return (sb.route in EXAM_ROUTES or sb.category == "eou" or bool(sb.exam_instructions)
            or bool(sb.samples_ordered))


# ---- the read model ----


@dataclass(frozen=True)
class SbInvoiceView:
    sl: int
    invoice_no: str
    invoice_date: date
    currency: str
    exchange_rate: Decimal
    rate_units: int
    rate_source: str
    invoice_value_fc: Decimal
    freight_fc: Decimal
    insurance_fc: Decimal
    commission_fc: Decimal
    discount_fc: Decimal
    fob_inr: Decimal


@dataclass(frozen=True)
class SbItemView:
    sl: int
    invoice_sl: int
    tariff_item: str
    description: str
    quantity: Decimal
    uqc: str
    unit_price_fc: Decimal
    value_fc: Decimal
    fob_inr: Decimal
    scheme_code: str
    scheme_description: str
    dbk_serial: str
    drawback: Decimal
    cess: Decimal
    rosl: Decimal
    end_use: str
    depb_group: str
    depb_item: str
    depb_rate: Decimal | None
    depb_value_for_credit: Decimal | None
    licence_no: str
    licence_item_sl: str
    licence_inputs: str
    # what the CACHE01 message carries (issue 16): origin (GST state code, district code)
    # and IGST (LUT or P paid, with the taxable value and IGST in rupees)
    state_of_origin: str = ""
    district_of_origin: str = ""
    igst_status: str = ""
    taxable_value: Decimal | None = None
    igst_amount: Decimal | None = None


@dataclass(frozen=True)
class SbContainerView:
    """A container declared on the SB with its seal (CACHE01 CONTAINER)."""

    container_no: str
    seal_no: str
    seal_type: str
    size: str


@dataclass(frozen=True)
class CcrView:
    code: str
    description: str
    status: str  # pending complied not_applicable
    comment: str
    decided_by: str
    decided_at: datetime | None


@dataclass(frozen=True)
class QueryView:
    sl: int
    points: tuple[str, ...]
    state: str  # raised approved replied closed withdrawn
    return_state: str
    raised_by: str
    raised_at: datetime
    approved_by: str
    approved_at: datetime | None
    reply: str
    replied_by: str
    replied_at: datetime | None
    closed_by: str
    closed_at: datetime | None

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_QUERY_STATES




@dataclass(frozen=True)
class GoodsView:
    packages_received: int
    vehicle_no: str
    shed: str
    registered_by: str
    registered_at: datetime
    examiner: str
    examiner_name: str
    packages_to_examine: tuple[int, ...]
    instructions: str


@dataclass(frozen=True)
class ExaminationView:
    examiner: str
    examiner_name: str
    examined_at: datetime
    packages_examined: str
    report: str
    variation: bool
    variation_note: str
    seal_intact: bool | None
    representative: str
    acdc_view: str
    variation_outcome: str


@dataclass(frozen=True)
class SampleView:
    memo_no: int
    description: str
    agency: str
    purpose: str
    drawn_by: str
    drawn_at: datetime


@dataclass(frozen=True)
class StuffingView:
    container_no: str
    seal_no: str
    stuffed_at: datetime
    entered_by: str


@dataclass(frozen=True)
class EgmView:
    egm_no: int
    egm_date: date
    location_code: str
    carrier_code: str
    carrier_name: str
    voyage: str
    sailed_on: date
    filed_by: str
    filed_at: datetime
    charge: Decimal
    sb_nos: tuple[int, ...]  # the SBs it closed (on an SB's own view: none, see sb_count)
    sb_count: int = 0  # how many SBs it closed


@dataclass(frozen=True)
class SbView:
    """Everything a screen or a printed SB shows. Money is ``Decimal`` rupees."""

    sb_no: int | None
    sb_date: date | None
    job_no: int
    version: int
    state: str
    state_label: str
    waiting_with: str
    location_code: str
    location_name: str
    # parties
    iec: str
    exporter_name: str
    exporter_address: str
    branch_sl: int
    broker_code: str
    broker_name: str
    # movement
    port_of_loading: str
    country_of_destination: str
    country_name: str
    port_of_destination: str
    nature_of_contract: str
    category: str
    nfei: bool
    free_trade_sample: bool
    # banking and GST (EXP-REG-4/5/8, EXP-FIL-8)
    ad_code: str
    ad_bank: str
    bank_ifsc: str
    bank_account: str
    gstin: str
    gst_invoice_type: str
    recipient_name: str
    recipient_address: str
    place_of_delivery: str
    third_party_remittance: bool
    incoterms_place: str
    # packages and declarations
    packages: int
    package_kind: str
    marks: str
    gross_weight_kg: Decimal
    net_weight_kg: Decimal
    sdf_declared: bool
    rosl_declared: bool
    # totals
    fob_inr: Decimal
    drawback: Decimal
    cess: Decimal
    rosl: Decimal
    service_charge: Decimal
    # routing and assessment
    route: str
    rms_rule_id: int | None
    rms_note: str
    acdc_rule: str
    acdc_cleared_by: str
    acdc_cleared_at: datetime | None
    assessed_by: str
    assessed_at: datetime | None
    provisional: bool
    exam_instructions: str
    samples_ordered: str
    needs_examination: bool
    # life cycle
    checklist_round: int
    created_by: str
    created_at: datetime
    submitted_at: datetime | None
    admitted_by: str
    admitted_at: datetime | None
    leo_by: str
    leo_by_name: str
    leo_at: datetime | None
    brc_due_date: date | None
    mot_due: bool
    cess_challan_no: int | None
    cess_paid_at: datetime | None
    # parts
    invoices: tuple[SbInvoiceView, ...]
    items: tuple[SbItemView, ...]
    ccrs: tuple[CcrView, ...]
    queries: tuple[QueryView, ...]
    goods: GoodsView | None
    examination: ExaminationView | None
    samples: tuple[SampleView, ...]
    stuffing: StuffingView | None
    egm: EgmView | None
    warnings: tuple[str, ...] = ()
    # what the CACHE01 message carries (issue 16): the GSTIN's type (GSN PAN OTH), the GST
    # state of origin, the containers declared; the ICEGATE filer of a remote filing
    gstin_type: str = ""
    state_of_origin: str = ""
    containers: tuple[SbContainerView, ...] = ()
    edi_sender: str = ""

    @property
    def ref(self) -> str:
        return str(self.sb_no) if self.sb_no else f"job {self.job_no}"

    @property
    def open_query(self) -> QueryView | None:
        return next((q for q in self.queries if q.is_open), None)

    @property
    def is_depb(self) -> bool:
        return self.category == "depb"


def _fc(value: Decimal | None) -> Decimal:
    return Decimal(0) if value is None else value


def _names(session: Session, usernames: set[str]) -> dict[str, str]:
    usernames = {u for u in usernames if u}
    if not usernames:
        return {}
    rows = session.exec(select(t.Officer.username, t.Officer.name)
                        .where(t.Officer.username.in_(usernames)))
    return dict(rows.all())


def query_view(q: t.SbQuery) -> QueryView:
    return QueryView(q.sl, tuple(p for p in q.points.splitlines() if p.strip()), q.state,
                     q.return_state, q.raised_by, q.raised_at, q.approved_by, q.approved_at,
                     q.reply, q.replied_by, q.replied_at, q.closed_by, q.closed_at)


def egm_view(session: Session, egm: t.Egm, *, numbers: bool = True) -> EgmView:
    """An EGM; with ``numbers`` the numbers of the SBs it closed, else only their count (an
    SB's own view: a ship's EGM closes a thousand SBs and more, issue 21)."""
    carrier = session.get(t.Carrier, egm.carrier_code)
    sb = t.ShippingBill
    if numbers:
        sb_nos = tuple(session.exec(select(sb.sb_no).where(sb.egm_id == egm.id)
                                    .order_by(sb.sb_no)).all())
        count = len(sb_nos)
    else:
        sb_nos, count = (), session.exec(select(func.count()).where(sb.egm_id == egm.id)).one()
    return EgmView(egm.egm_no, egm.egm_date, egm.location_code, egm.carrier_code,
                   carrier.name if carrier else "", egm.voyage, egm.sailed_on, egm.filed_by,
                   egm.filed_at, from_paise(egm.charge_paise), sb_nos, count)


_CHILD_QUERIES: dict[tuple[type, str], Select] = {}


def child_rows(session: Session, model: type, sb_id: int, order: str = "id") -> list[Row]:
    """An SB's rows of one child table as plain rows (read-only: no ORM objects to build),
    by a statement built once per table."""
    key = (model, order)
    stmt = _CHILD_QUERIES.get(key)
    if stmt is None:
        table = model.__table__
        stmt = _CHILD_QUERIES[key] = (select(table).where(table.c.sb_id == bindparam("sid"))
                                      .order_by(table.c[order]))
    rows = session.connection().execute(stmt, {"sid": sb_id}).all()
    audit.note_read(session, model.__table__, "sb_id", sb_id, rows)  # hashed as read
    return rows


_PART_TABLES = (t.SbCcr, t.SbQuery, t.GoodsRegistration, t.Examination, t.Sample, t.Stuffing,
                SbContainer)
_SID = bindparam("sid")
# Which of an SB's parts have rows at all: one statement, then only those are read (a
# Shipping Bill just filed has none of most).
_PARTS_PRESENT = select(*(exists().where(m.__table__.c.sb_id == _SID) for m in _PART_TABLES))
_IEC, _BROKER, _ACCOUNT = t.Iec.__table__, t.Broker.__table__, t.BankAccount.__table__
_EXPORTER = select(_IEC.c.name, _IEC.c.address).where(_IEC.c.code == bindparam("code"))
_BROKER_NAME = select(_BROKER.c.name).where(_BROKER.c.code == bindparam("code"))
_ACCOUNT_OF = select(_ACCOUNT.c.ifsc, _ACCOUNT.c.account_no).where(
    _ACCOUNT.c.id == bindparam("id"))


@dataclass(frozen=True)
class Exporter:
    """The exporter as an SB shows it (the filing reads it with the registrations)."""

    name: str
    address: str


def sb_view(session: Session, sb: t.ShippingBill, warnings: tuple[str, ...] = (), *,
            invoices: Sequence[Row] | None = None, items: Sequence[Row] | None = None,
            containers: Sequence[Row] | None = None, exporter: Exporter | None = None
            ) -> SbView:
    """The full read model of one SB, from the caller's session. ``invoices``, ``items``,
    ``containers``, ``exporter``: as the caller read or wrote them in this transaction,
    unchanged since."""
    session.flush()
    sid = sb.id
    if invoices is None:
        invoices = child_rows(session, t.SbInvoice, sid, "sl")
    if items is None:
        items = child_rows(session, t.SbItem, sid, "sl")
    ccrs, queries, samples, goods, exam, stuffing = [], [], [], None, None, None
    if sb.sb_no is None:  # a draft has no route, queries, goods or examination yet
        has = (False,) * 6 + (containers is None,)
    else:
        has = session.execute(_PARTS_PRESENT, {"sid": sid}).one()
    if containers is None:
        containers = ()
    if has[0]:
        ccrs = child_rows(session, t.SbCcr, sid)
    if has[1]:
        queries = child_rows(session, t.SbQuery, sid, "sl")
    if has[2]:
        goods = next(iter(child_rows(session, t.GoodsRegistration, sid)), None)
    if has[3]:
        exam = next(iter(child_rows(session, t.Examination, sid)), None)
    if has[4]:
        samples = child_rows(session, t.Sample, sid)
    if has[5]:
        stuffing = next(iter(child_rows(session, t.Stuffing, sid)), None)
    if has[6]:
        containers = child_rows(session, SbContainer, sid, "sl")
    egm = session.get(t.Egm, sb.egm_id) if sb.egm_id else None
    if exporter is None:
        exporter = session.execute(_EXPORTER, {"code": sb.iec}).first()
    broker = (session.execute(_BROKER_NAME, {"code": sb.broker_code}).scalar()
              if sb.broker_code else None)
    port = refcache.get(session, t.Port, sb.location_code)
    country = refcache.get(session, t.Country, sb.country_of_destination)
    ad = refcache.get(session, t.AdCode, sb.ad_code) if sb.ad_code else None
    account = (session.execute(_ACCOUNT_OF, {"id": sb.bank_account_id}).first()
               if sb.bank_account_id else None)
    schemes = refcache.cached(session, "scheme_descriptions", (), lambda: {
        c.code: c.description for c in session.exec(select(t.SchemeCode))})
    names = _names(session, {sb.leo_by, goods.examiner if goods else "",
                             exam.examiner if exam else ""})

    fob_by_invoice: dict[int, int] = {}
    for i in items:
        fob_by_invoice[i.invoice_sl] = fob_by_invoice.get(i.invoice_sl, 0) + i.fob_inr_paise
    return SbView(
        sb_no=sb.sb_no, sb_date=sb.sb_date, job_no=sb.job_no, version=sb.version,
        state=sb.state, state_label=label(sb.state), waiting_with=WAITING_WITH.get(sb.state, ""),
        location_code=sb.location_code, location_name=port.name if port else "",
        iec=sb.iec, exporter_name=exporter.name if exporter else "",
        exporter_address=exporter.address if exporter else "", branch_sl=sb.branch_sl,
        broker_code=sb.broker_code or "", broker_name=broker or "",
        port_of_loading=sb.port_of_loading, country_of_destination=sb.country_of_destination,
        country_name=country.name if country else "", port_of_destination=sb.port_of_destination,
        nature_of_contract=sb.nature_of_contract, category=sb.category, nfei=sb.nfei,
        free_trade_sample=sb.free_trade_sample, ad_code=sb.ad_code or "",
        ad_bank=f"{ad.bank}, {ad.branch}".strip(", ") if ad else "",
        bank_ifsc=account.ifsc if account else "",
        bank_account=f"…{account.account_no[-4:]}" if account else "",
        gstin=sb.gstin or "", gst_invoice_type=sb.gst_invoice_type,
        recipient_name=sb.recipient_name, recipient_address=sb.recipient_address,
        place_of_delivery=sb.place_of_delivery, third_party_remittance=sb.third_party_remittance,
        incoterms_place=sb.incoterms_place, packages=sb.packages, package_kind=sb.package_kind,
        marks=sb.marks, gross_weight_kg=_fc(sb.gross_weight_kg),
        net_weight_kg=_fc(sb.net_weight_kg), sdf_declared=sb.sdf_declared,
        rosl_declared=sb.rosl_declared, fob_inr=from_paise(sb.fob_inr_paise),
        drawback=from_paise(sb.drawback_paise), cess=from_paise(sb.cess_paise),
        rosl=from_paise(sb.rosl_paise), service_charge=from_paise(sb.service_charge_paise),
        route=sb.route, rms_rule_id=sb.rms_rule_id, rms_note=sb.rms_note,
        acdc_rule=sb.acdc_rule, acdc_cleared_by=sb.acdc_cleared_by,
        acdc_cleared_at=sb.acdc_cleared_at, assessed_by=sb.assessed_by,
        assessed_at=sb.assessed_at, provisional=sb.provisional,
        exam_instructions=sb.exam_instructions, samples_ordered=sb.samples_ordered,
        needs_examination=needs_examination(sb), checklist_round=sb.checklist_round,
        created_by=sb.created_by, created_at=sb.created_at, submitted_at=sb.submitted_at,
        admitted_by=sb.admitted_by, admitted_at=sb.admitted_at, leo_by=sb.leo_by,
        leo_by_name=names.get(sb.leo_by, ""), leo_at=sb.leo_at, brc_due_date=sb.brc_due_date,
        mot_due=sb.mot_due, cess_challan_no=sb.cess_challan_no, cess_paid_at=sb.cess_paid_at,
        invoices=tuple(SbInvoiceView(
            v.sl, v.invoice_no, v.invoice_date, v.currency, v.exchange_rate, v.rate_units,
            v.rate_source, v.invoice_value_fc, _fc(v.freight_fc), _fc(v.insurance_fc),
            _fc(v.commission_fc), _fc(v.discount_fc), from_paise(fob_by_invoice.get(v.sl, 0)))
            for v in invoices),
        items=tuple(SbItemView(
            i.sl, i.invoice_sl, i.tariff_item, i.description, i.quantity, i.uqc,
            i.unit_price_fc, i.value_fc, from_paise(i.fob_inr_paise), i.scheme_code,
            schemes.get(i.scheme_code, ""), i.dbk_serial, from_paise(i.dbk_paise),
            from_paise(i.cess_paise), from_paise(i.rosl_paise), i.end_use, i.depb_group,
            i.depb_item, i.depb_rate,
            None if i.depb_value_for_credit_paise is None
            else from_paise(i.depb_value_for_credit_paise),
            i.licence_no, i.licence_item_sl, i.licence_inputs, i.state_of_origin,
            i.district_of_origin, i.igst_status, i.taxable_value, i.igst_amount)
            for i in items),
        ccrs=tuple(CcrView(c.code, c.description, c.status, c.comment, c.decided_by,
                           c.decided_at) for c in ccrs),
        queries=tuple(query_view(q) for q in queries),
        goods=GoodsView(
            goods.packages_received, goods.vehicle_no, goods.shed, goods.registered_by,
            goods.registered_at, goods.examiner, names.get(goods.examiner, ""),
            tuple(int(p) for p in goods.packages_to_examine.split(",") if p.strip()),
            goods.instructions) if goods else None,
        examination=ExaminationView(
            exam.examiner, names.get(exam.examiner, ""), exam.examined_at,
            exam.packages_examined, exam.report, exam.variation, exam.variation_note,
            exam.seal_intact, exam.representative, exam.acdc_view,
            exam.variation_outcome) if exam else None,
        samples=tuple(SampleView(x.memo_no, x.description, x.agency, x.purpose, x.drawn_by,
                                 x.drawn_at) for x in samples),
        stuffing=StuffingView(stuffing.container_no, stuffing.seal_no, stuffing.stuffed_at,
                              stuffing.entered_by) if stuffing else None,
        egm=egm_view(session, egm, numbers=False) if egm else None,
        warnings=warnings,
        gstin_type=sb.gstin_type, state_of_origin=sb.state_of_origin,
        containers=tuple(SbContainerView(c.container_no, c.seal_no, c.seal_type, c.size)
                         for c in containers),
        edi_sender=sb.edi_sender,
    )


def get_sb(core, sb_no: int) -> SbView:
    """Read one SB by number (no lock)."""
    with core.db.read() as s:
        return sb_view(s, load_sb(s, sb_no, lock=False))


def get_draft(core, job_no: int) -> SbView:
    with core.db.read() as s:
        return sb_view(s, load_draft(s, job_no, lock=False))
