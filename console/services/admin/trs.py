"""The Time Release Study (issue 19 item 2): the WCO method as CBIC's National Time Release
Study applies it, computed from the customs system's own records.

**What is measured.** The release time of a document is the time from the arrival of its
goods to their release: for imports from arrival (the IGM's entry inwards) to Out of
Charge; for exports from arrival at the customs station (the goods registered at the shed)
to the Let Export Order, and on to the carrier's departure (the EGM filed); for courier
exports from filing to the Let Export Order. In between, each stage is the time from the
document's previous milestone to this one:

* imports: arrival → BE filed → assessed → duty paid → goods registered → examined → Out of
  Charge;
* exports: goods registered (arrival) → assessed → examined → LEO → EGM;
* courier: filed → X-ray → LEO.

A milestone is read where the system recorded it, never stored twice: a Bill of Entry's
filing from the audit trail (its ``submit`` record, the one moment no column keeps), every
other from the document's own stamp (``entry_inwards_at``, ``assessed_at``, ``paid_at``,
``registered_at``, ``examined_at``, ``ooc_at``, the goods registration, the examination
report, ``leo_at``, the EGM's ``filed_at``, a CSB's ``filed_at`` and ``xray_at``). An SB's
assessment ends when the AC/DC clears it, where it needed clearance (the later of the two).

**Stages in the document's own order.** Milestones are taken in the order they happened, so
the stages of one document add up to its release time: with compliance verified before
payment (IMP-CCV-1) the duty is paid after examination, and its "duty paid" stage is the
time from examination to payment. A milestone reached before arrival (a BE filed in
advance, an SB assessed before its goods came) counts as 0 hours at arrival and is counted
as ``before_start``. A stage a document did not pass through (no examination on a
facilitated SB, no duty on a warehousing BE) is left out of that stage's figures.

**Which documents.** Those released (Out of Charge, LEO) at the location between the first
and the last day of the period, both included: their timelines are complete. A document
whose arrival was never recorded (an SB given LEO with no goods registration, loaded from
elsewhere) is left out and counted. Ex-bond Bills of Entry are left out: their goods
arrived with the warehousing BE, so their clearance is not a cargo release.

**Figures.** For each stage and for the release time: the number of documents, the
average, the median (the middle value; the mean of the two middle values for an even
count) and the 90th percentile (nearest rank: the value at position ⌈0.9 n⌉ of the sorted
times), in hours rounded to 2 decimals; split by route (the channel RMS gave the document:
facilitated, assessment only, examination; a BE's first check). The share released
within the target counts release times at or under it.

**Targets.** The targets are effective-dated parameters by port category,
``TRS.<flow>.<category>.target_hours`` with the national figure of the latest NTRS
(``TRS.<flow>.<category>.ntrs_pct``) and its source (``fixtures/reference/parameters.csv``),
as in force on the period's last day. The category is the port directory's ``kind`` of the
location (air cargo complex, seaport, ICD, land customs station): the directory already
holds it, so it is not kept twice. Where no target is published for a flow (NTRS 2025
states none for exports or courier) the share is not given.

``time_release_study`` is the one view (``TRS.view``, AC/DC and above, at their own
location); ``study_of`` is the pure computation over timelines, which the tests check by
hand.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from sqlalchemy import func
from sqlmodel import Session, select

import db.tables as t
from console.acts.be import B, BeType
from console.acts.trs import TRS
from console.core import Core
from console.errors import InvalidInput, NotFound
from console.roles import Actor
from console.rules.params import parameter_in_force
from db import refcache

# ---- routes ----

FACILITATED, ASSESSMENT, EXAMINATION, FIRST_CHECK, OTHER = (
    "facilitated", "assessment_only", "examination", "first_check", "other")
ROUTE_LABELS = {FACILITATED: "facilitated", ASSESSMENT: "assessment only",
                EXAMINATION: "examination", FIRST_CHECK: "first check", OTHER: "other"}
ROUTES = tuple(ROUTE_LABELS)
ALL = "all"

# the channel RMS gave (rules/rms.py SB_ROUTES, CSB_ROUTES) read as the study's routes
SB_ROUTE = {"facilitated": FACILITATED, "assessment": ASSESSMENT, "examination": EXAMINATION,
            "assessment_and_examination": EXAMINATION}
CSB_ROUTE = {"facilitated": FACILITATED, "assessment_only": ASSESSMENT,
             "assessment_and_examination": EXAMINATION}

CATEGORY_LABELS = {"air": "air cargo complex", "sea": "seaport",
                   "icd": "inland container depot", "land": "land customs station / ICP",
                   "courier": "courier terminal"}

# release-time distribution: upper bounds in hours, each bin (low, high]; the last is open
BIN_EDGES = (6, 12, 24, 48, 72, 120, 168)
BIN_LABELS = ("up to 6 h", "6–12 h", "12–24 h", "24–48 h", "48–72 h", "3–5 d", "5–7 d", ">7 d")


@dataclass(frozen=True)
class Flow:
    """One of the study's three flows: its milestones in their usual order (the first is
    where the clock starts), the milestone that releases the goods, and the one after it
    where the carrier departs (exports)."""

    key: str
    title: str
    milestones: tuple[tuple[str, str], ...]  # (key, label)
    release: str
    departure: str = ""

    @property
    def start(self) -> str:
        return self.milestones[0][0]

    @cached_property
    def order(self) -> dict[str, int]:
        """Each milestone's place in the usual order (breaks ties between equal times)."""
        return {k: n for n, (k, _) in enumerate(self.milestones)}

    def label(self, key: str) -> str:
        return dict(self.milestones)[key]


IMPORTS = Flow("import", "Imports (Bills of Entry)", (
    ("arrival", "arrival (IGM entry inwards)"), ("filed", "BE filed"), ("assessed", "assessed"),
    ("paid", "duty paid"), ("registered", "goods registered"), ("examined", "examined"),
    ("ooc", "Out of Charge")), release="ooc")
EXPORTS = Flow("export", "Exports (Shipping Bills)", (
    ("arrival", "goods registered (arrival)"), ("assessed", "assessed"),
    ("examined", "examined"), ("leo", "Let Export Order"), ("egm", "EGM (departure)")),
    release="leo", departure="egm")
COURIER = Flow("courier", "Courier exports (CSBs)", (
    ("filed", "CSB filed"), ("xray", "X-ray"), ("leo", "Let Export Order")), release="leo")
FLOWS = (IMPORTS, EXPORTS, COURIER)


# ---- the views ----


@dataclass(frozen=True)
class Timeline:
    """One document's milestones (None: not passed) and its route."""

    ref: str
    route: str
    at: dict[str, datetime | None]


@dataclass(frozen=True)
class Figures:
    """Times in hours: how many, average, median, 90th percentile."""

    n: int
    mean: float | None
    median: float | None
    p90: float | None


@dataclass(frozen=True)
class StageFigures:
    stage: str
    label: str
    figures: Figures
    before_start: int  # reached before arrival: counted as 0 hours


@dataclass(frozen=True)
class Bin:
    label: str
    low: float  # hours, exclusive (0: from 0 inclusive)
    high: float | None  # hours, inclusive; None: open
    count: int


@dataclass(frozen=True)
class RouteStudy:
    route: str  # a route key, or "all"
    label: str
    documents: int
    stages: tuple[StageFigures, ...]
    release: Figures
    departure: Figures | None  # exports: arrival to the EGM
    within_target: int | None
    share: float | None  # per cent of documents released within the target
    distribution: tuple[Bin, ...]


@dataclass(frozen=True)
class Target:
    """The target of a flow at a port category, and the national figure of the NTRS."""

    key: str
    hours: Decimal
    source: str
    national_pct: Decimal | None = None
    national_source: str = ""


@dataclass(frozen=True)
class FlowStudy:
    flow: str
    title: str
    start: str  # label of the milestone the clock starts at
    release: str  # label of the releasing milestone
    target: Target | None
    overall: RouteStudy
    routes: tuple[RouteStudy, ...]  # the routes that had documents, in ROUTES order
    left_out: int = 0  # released in the period but no arrival recorded
    left_out_why: str = ""


@dataclass(frozen=True)
class Study:
    location_code: str
    location_name: str
    category: str  # the port directory's kind: air, sea, icd, land
    category_label: str
    date_from: date
    date_to: date
    computed_at: datetime
    flows: tuple[FlowStudy, ...] = field(default_factory=tuple)

    def flow(self, key: str) -> FlowStudy:
        return next(f for f in self.flows if f.flow == key)


# ---- the pure computation ----


def hours(delta: timedelta) -> float:
    return delta.total_seconds() / 3600


def _h(value: float) -> float:
    """Hours (or a share) to 2 decimals, halves up (25.125 h is 25.13 h)."""
    return float(Decimal(repr(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)) + 0.0


def figures(times: Iterable[float]) -> Figures:
    """Count, average, median and 90th percentile (nearest rank) of ``times`` (hours)."""
    ordered = sorted(times)
    n = len(ordered)
    if not n:
        return Figures(0, None, None, None)
    rank = -(-9 * n // 10)  # ⌈0.9 n⌉ in whole numbers (0.9 * 70 is 63.00000000000001)
    return Figures(n, _h(sum(ordered) / n), _h(statistics.median(ordered)),
                   _h(ordered[rank - 1]))


def stage_times(flow: Flow, line: Timeline) -> dict[str, tuple[float, bool]]:
    """Each milestone the document passed (but its start): the hours since its previous
    milestone in the order they happened, and whether it came before arrival (then 0 at
    arrival)."""
    start = line.at[flow.start]
    order = flow.order
    passed = sorted(((max(at, start), order[k], k, at < start)
                     for k, at in line.at.items() if at is not None and k != flow.start),
                    key=lambda x: (x[0], x[1]))
    out, prev = {}, start
    for at, _, key, early in passed:
        out[key] = (hours(at - prev), early)
        prev = at
    return out


def release_hours(flow: Flow, line: Timeline, milestone: str | None = None) -> float | None:
    at = line.at.get(milestone or flow.release)
    start = line.at[flow.start]
    return None if at is None else hours(max(at, start) - start)


def distribution(times: Sequence[float]) -> tuple[Bin, ...]:
    counts = [0] * len(BIN_LABELS)
    for h in times:
        counts[next((n for n, edge in enumerate(BIN_EDGES) if h <= edge), len(BIN_EDGES))] += 1
    lows = (0, *BIN_EDGES)
    highs = (*BIN_EDGES, None)
    return tuple(Bin(label, low, high, c)
                 for label, low, high, c in zip(BIN_LABELS, lows, highs, counts, strict=True))


@dataclass(frozen=True)
class Measured:
    """One document's times, measured once: its stages, release and departure hours."""

    route: str
    stages: dict[str, tuple[float, bool]]
    release: float
    departure: float | None


def measure(flow: Flow, line: Timeline) -> Measured:
    return Measured(line.route, stage_times(flow, line), release_hours(flow, line),
                    release_hours(flow, line, flow.departure) if flow.departure else None)


def route_study(flow: Flow, docs: Sequence[Measured], route: str,
                target: Target | None) -> RouteStudy:
    per_stage: dict[str, list[float]] = {k: [] for k, _ in flow.milestones[1:]}
    early: dict[str, int] = dict.fromkeys(per_stage, 0)
    for doc in docs:
        for key, (h, before) in doc.stages.items():
            per_stage[key].append(h)
            early[key] += before
    releases = [d.release for d in docs]
    departures = [d.departure for d in docs if d.departure is not None]
    within = None if target is None else sum(h <= target.hours for h in releases)
    share = (None if within is None or not releases
             else _h(100 * within / len(releases)))
    return RouteStudy(
        route, "all routes" if route == ALL else ROUTE_LABELS[route], len(docs),
        tuple(StageFigures(k, flow.label(k), figures(per_stage[k]), early[k])
              for k, _ in flow.milestones[1:]),
        figures(releases), figures(departures) if flow.departure else None,
        within, share, distribution(releases))


def study_of(flow: Flow, lines: Sequence[Timeline], target: Target | None = None, *,
             left_out: int = 0, left_out_why: str = "") -> FlowStudy:
    """The study of one flow over documents' timelines (each with its start and release)."""
    docs = [measure(flow, line) for line in lines]
    routes = tuple(route_study(flow, [d for d in docs if d.route == r], r, target)
                   for r in ROUTES if any(d.route == r for d in docs))
    return FlowStudy(flow.key, flow.title, flow.label(flow.start), flow.label(flow.release),
                     target, route_study(flow, docs, ALL, target), routes, left_out,
                     left_out_why)


# ---- reading the records ----


def _period(date_from: date, date_to: date) -> tuple[datetime, datetime]:
    if date_to < date_from:
        raise InvalidInput("to", f"the period ends ({date_to:%d.%m.%Y}) before it begins "
                           f"({date_from:%d.%m.%Y})")
    return datetime.combine(date_from, time()), datetime.combine(date_to + timedelta(1), time())


def import_timelines(s: Session, location: str, lo: datetime, hi: datetime
                     ) -> tuple[list[Timeline], int]:
    """BEs given Out of Charge in [lo, hi) (ex-bond BEs left out); how many had no arrival."""
    be, line, igm = t.BillOfEntry, t.IgmLine, t.Igm
    rows = s.exec(
        select(be.be_no, be.first_check, igm.entry_inwards_at, be.assessed_at, be.paid_at,
               be.registered_at, be.examined_at, be.ooc_at)
        .join(line, line.id == be.igm_line_id).join(igm, igm.id == line.igm_id)
        .where(be.location_code == location, be.state == B.OUT_OF_CHARGE,
               be.be_type != BeType.EX_BOND, be.ooc_at >= lo, be.ooc_at < hi)).all()
    filed = _filed(s, [str(r[0]) for r in rows])
    out, missing = [], 0
    for no, first, arrival, assessed, paid, registered, examined, ooc in rows:
        if arrival is None:
            missing += 1
            continue
        out.append(Timeline(str(no), FIRST_CHECK if first else EXAMINATION, {
            "arrival": arrival, "filed": filed.get(str(no)), "assessed": assessed,
            "paid": paid, "registered": registered, "examined": examined, "ooc": ooc}))
    return out, missing


def _filed(s: Session, refs: list[str]) -> dict[str, datetime]:
    """When each BE was filed: its submission's record in the audit trail."""
    rec, out = t.AuditRecord, {}
    for i in range(0, len(refs), 500):
        out.update(s.exec(
            select(rec.doc_ref, func.min(rec.at))
            .where(rec.doc_kind == "BE", rec.doc_ref.in_(refs[i:i + 500]),
                   rec.action.in_(("submit", "submit_remote")))
            .group_by(rec.doc_ref)).all())
    return out


def export_timelines(s: Session, location: str, lo: datetime, hi: datetime
                     ) -> tuple[list[Timeline], int]:
    """SBs given LEO in [lo, hi); how many had no goods registration (no arrival)."""
    sb, gr, ex, egm = t.ShippingBill, t.GoodsRegistration, t.Examination, t.Egm
    rows = s.exec(
        select(sb.sb_no, sb.route, gr.registered_at, sb.assessed_at, sb.acdc_cleared_at,
               ex.examined_at, sb.leo_at, egm.filed_at)
        .outerjoin(gr, gr.sb_id == sb.id).outerjoin(ex, ex.sb_id == sb.id)
        .outerjoin(egm, egm.id == sb.egm_id)
        .where(sb.location_code == location, sb.leo_at >= lo, sb.leo_at < hi)).all()
    out, missing = [], 0
    for no, route, arrival, assessed, cleared, examined, leo, departed in rows:
        if arrival is None:
            missing += 1
            continue
        done = max((x for x in (assessed, cleared) if x is not None), default=None)
        out.append(Timeline(str(no), SB_ROUTE.get(route, OTHER), {
            "arrival": arrival, "assessed": done, "examined": examined, "leo": leo,
            "egm": departed}))
    return out, missing


def courier_timelines(s: Session, location: str, lo: datetime, hi: datetime
                      ) -> tuple[list[Timeline], int]:
    """CSBs given LEO in [lo, hi) (filing starts their clock: none is left out)."""
    c = t.CourierShippingBill
    rows = s.exec(select(c.csb_no, c.route, c.filed_at, c.xray_at, c.leo_at)
                  .where(c.location_code == location, c.leo_at >= lo, c.leo_at < hi)).all()
    return [Timeline(str(no), CSB_ROUTE.get(route, OTHER),
                     {"filed": filed, "xray": xray, "leo": leo})
            for no, route, filed, xray, leo in rows], 0


READERS = {"import": import_timelines, "export": export_timelines,
           "courier": courier_timelines}
LEFT_OUT_WHY = {"import": "no entry inwards recorded for the IGM",
                "export": "LEO given with no goods registration recorded",
                "courier": ""}


def target_of(s: Session, flow: str, category: str, on: date, location: str) -> Target | None:
    key = f"TRS.{flow}.{category}"
    row = parameter_in_force(s, f"{key}.target_hours", on, location)
    if row is None:
        return None
    national = parameter_in_force(s, f"{key}.ntrs_pct", on, location)
    return Target(row.key, row.value, row.source,
                  national.value if national else None, national.source if national else "")


def time_release_study(core: Core, actor: Actor, date_from: date, date_to: date, *,
                       location: str | None = None) -> Study:
    """The Time Release Study of the documents released at ``location`` (the officer's own
    by default) from ``date_from`` to ``date_to``, both included (TRS.view)."""
    where = (location or actor.location_code).strip().upper()
    TRS.check(actor, "view", location=where)
    lo, hi = _period(date_from, date_to)
    with core.db.read() as s:
        port = refcache.get(s, t.Port, where)
        if port is None:
            raise NotFound(f"location {where} is not in the port directory")
        flows = []
        for flow in FLOWS:
            lines, missing = READERS[flow.key](s, where, lo, hi)
            flows.append(study_of(flow, lines, target_of(s, flow.key, port.kind, date_to,
                                                         where),
                                  left_out=missing, left_out_why=LEFT_OUT_WHY[flow.key]))
        return Study(where, port.name, port.kind, CATEGORY_LABELS.get(port.kind, port.kind),
                     date_from, date_to, core.now(), tuple(flows))


# ---- flat rows (CSV) ----

CSV_COLUMNS = ("flow", "route", "stage", "documents", "mean_hours", "median_hours",
               "p90_hours", "before_arrival", "within_target", "share_pct", "target_hours")


def rows(study: Study) -> list[dict]:
    """The study as flat rows: per flow and route, each stage, then the release (and the
    departure for exports)."""
    out = []
    for f in study.flows:
        for r in (f.overall, *f.routes):
            def row(stage: str, fig: Figures, before: int | str = "", *, release: bool = False,
                    f=f, r=r) -> dict:
                return {"flow": f.flow, "route": r.route, "stage": stage, "documents": fig.n,
                        "mean_hours": fig.mean, "median_hours": fig.median,
                        "p90_hours": fig.p90, "before_arrival": before,
                        "within_target": r.within_target if release else "",
                        "share_pct": r.share if release else "",
                        "target_hours": f.target.hours if release and f.target else ""}
            out += [row(st.stage, st.figures, st.before_start) for st in r.stages]
            out.append(row("release", r.release, release=True))
            if r.departure is not None:
                out.append(row("departure", r.departure))
    return out
