"""Bulk loader for the national-scale bench (issue 21): N Shipping Bills and M Bills of
Entry on SQLite (``executemany``) or PostgreSQL (``COPY``), cached between runs.

What is loaded, over the demo database (its officers, directories and documents):

- **IECs**: one per 2,000 SBs (at least 500), ``ZZBCH0001B``...
- **Shipping Bills**: numbered in time order over ten years to the bench clock (2 Nov
  2026), over every demo custom house (INVTZ4 70 %, INIXZ1 30 %); 60 % ``exported``, the
  rest even over the other 19 states (the shape of ``bench_worklist.py``); 1 SB in 100
  has 5 items. An SB with LEO (``let_export``/``exported``) carries its route (30 %
  facilitated, 40 % assessment only, 30 % examination: ``bench_trs.py``), assessment, LEO
  and BRC due date; every second one is a drawback SB and has its ``brcwatch`` row
  (pending as ``bench_brc.py``: 2 % of those due over a year ago, 20 % of those due in
  the last year, 90 % of those not yet due). An exported SB names the EGM of its port
  and LEO day (one EGM per port and day, filed the next morning). SBs given LEO since
  ``TRS_FROM`` (the Time Release Study's months) also have their goods registration and,
  on the examination route, the examination report; older ones do not (the TRS reads
  only a month, and ten years of those rows would only add build time).
- **Bills of Entry**: numbered in time order over the same ten years and ports; H (90 %)
  and W; each on its own IGM line (one IGM per port and arrival day, entry inwards at
  08:00). A BE older than 60 days is out of charge (a few in 2,000 had their Out of
  Charge cancelled); the newer ones are in flight, spread over the other states, so
  about 1 % of all BEs wait somewhere: a port's live work, not ten years of it. 1 in
  100 has 5 items. BEs given Out of Charge since ``TRS_FROM`` have their submission's
  audit record (the TRS reads the filing time from the audit trail); those records are
  not chained (the bench database is not audited; ``ices audit verify`` would say so).

The build is keyed by a hash of ``SHAPE`` (bumped when the rows change) and the sizes: a
table, column or index added to the code since is added to a cached database when it is
opened (``complete_schema``), as its migration would.
SQLite: ``bench/.cache/scale-<sbs>-<bes>-<hash>.db``.
PostgreSQL: the database ``ices_scale_<sbs>_<bes>`` on the server, with a table
``bench_scale_build`` holding the hash; a database whose hash differs is dropped and
rebuilt. Secondary indexes of the loaded tables are dropped before the load and built
after it.

    python bench/scale_loader.py --quick                     # 50,000 SBs, 10,000 BEs, SQLite
    python bench/scale_loader.py --sbs 10000000 --bes 2000000 --postgres URL
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sqlite3
import sys
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import CACHE, T0, demo_template  # noqa: E402

QUICK = (50_000, 10_000)
FULL = (10_000_000, 2_000_000)
PORTS = (("INVTZ4", 0.7), ("INIXZ1", 0.3))
YEARS = 10
ITEM_EVERY = 100
BASE_NO = 50_000_000  # bulk SB/BE and job numbers start above anything the demo issued
IGM_BASE = 80_000_000
EGM_BASE = 90_000_000
TRS_FROM = datetime(2026, 8, 1)  # goods registrations, examinations, BE audit from here
IN_FLIGHT_DAYS = 60
BATCH = 50_000
FIFTEEN_FROM = date(2025, 11, 13)  # EXP-BRC-2: 15 months for exports from this day
ROUTES = (("facilitated", 0.3), ("assessment", 0.4), ("assessment_and_examination", 0.3))
# the BE states of a BE still in flight (newer than IN_FLIGHT_DAYS), by weight: a query
# raised waits for the AC/DC a day at most, so few are ever there
BE_IN_FLIGHT = (("draft", 8), ("checklist_printed", 6), ("second_check", 14),
                ("first_check", 6), ("query_raised", 1), ("query_pending", 6),
                ("assessed", 14), ("paid", 12), ("registered", 12), ("examined", 12),
                ("out_of_charge", 40))
LOADED = ("iec", "egm", "igm", "igmline", "shippingbill", "sbitem", "brcwatch",
          "goodsregistration", "examination", "billofentry", "beitem", "auditrecord")
H = timedelta(hours=1)
SHAPE = 2  # bump when the rows generated change (it keys the cache, with the columns)


@dataclass
class Built:
    """Where the scale database is, and what building it took (0 when cached)."""

    url: str
    sbs: int
    bes: int
    seconds: float
    cached: bool
    counts: dict
    size_bytes: int
    phases: dict


def _metadata():
    from sqlmodel import SQLModel

    import db.tables

    load_all = getattr(db.tables, "load_all", None)
    if load_all is not None:  # tables registered on first use: register them all
        load_all()
    else:
        import importlib

        for m in ("core", "registries", "reference", "exports", "imports", "brc"):
            importlib.import_module(f"db.tables.{m}")
    return SQLModel.metadata


def _tables():
    tables = _metadata().tables
    return {name: tables[name] for name in LOADED}


def build_hash(sbs: int, bes: int) -> str:
    """The cache key: the rows' shape and the sizes. Not the columns or indexes: those a
    cached database is brought up to when opened (``complete_schema``), as a migration
    would, so that another session's new column does not cost a ten-million-row rebuild."""
    return hashlib.sha256(f"shape {SHAPE}; {sbs}:{bes}".encode()).hexdigest()[:12]


def _dt(value: datetime) -> str:
    return value.isoformat(sep=" ", timespec="microseconds")


def _model_defaults(table) -> dict:
    """The defaults the table's SQLModel class gives its fields (a ``Decimal(0)`` kept in a
    DecimalText column has no column default)."""
    from decimal import Decimal

    from sqlmodel import SQLModel

    for m in SQLModel._sa_registry.mappers:
        if m.local_table is table:
            out = {}
            for name, f in m.class_.model_fields.items():
                d = f.default
                if isinstance(d, (str, int, bool, Decimal)) and d is not None:
                    out[name] = str(d) if isinstance(d, Decimal) else d
            return out
    return {}


def _template(table, **fixed) -> tuple[list, dict[str, int]]:
    """A row of ``table``'s scalar defaults (None where none) and each column's position."""
    row, pos = [], {}
    model = _model_defaults(table)
    for i, c in enumerate(table.columns):
        d = c.default
        row.append(d.arg if d is not None and d.is_scalar else model.get(c.name))
        pos[c.name] = i
    for k, v in fixed.items():
        row[pos[k]] = v
    return row, pos


def _fix(row: list) -> list:
    """Booleans as 0/1 (SQLite's and COPY's text form alike)."""
    return [int(v) if isinstance(v, bool) else v for v in row]


def _pick(rnd: random.Random, table: tuple) -> str:
    total = sum(w for _, w in table)
    x, acc = rnd.random() * total, 0.0
    for value, w in table:
        acc += w
        if x < acc:
            return value
    return table[-1][0]


def _port(i: int) -> str:
    # deterministic 70/30 interleave (7 of every 10 rows at the first port)
    return PORTS[0][0] if i % 10 < 7 else PORTS[1][0]


class Rows:
    """The rows to load, generated batch by batch (the same on both stores)."""

    def __init__(self, sbs: int, bes: int, ids: dict[str, int], lookups: dict) -> None:
        from console.services.exports.sb_common import S

        self.sbs, self.bes, self.ids = sbs, bes, ids
        self.tables = _tables()
        self.tariff = lookups["tariff"]
        self.n_iec = max(500, sbs // 2000)
        self.iecs = [f"ZZBCH{i + 1:04d}B" if i < 9999 else f"ZZB{i + 1:06d}B"
                     for i in range(self.n_iec)]
        self.sb_others = [s.value for s in S if s.value != "exported"]
        self.start = T0 - timedelta(days=365 * YEARS)
        self.span = (T0 - self.start).total_seconds()
        self.day0 = self.start.date() - timedelta(days=2)  # an IGM the day before the first
        self.days = (T0.date() - self.day0).days + 3
        self.audit_seq = lookups["audit_seq"]

    # -- small tables --
    def iec_rows(self) -> list[tuple]:
        tpl, p = _template(self.tables["iec"])
        at = _dt(self.start - timedelta(days=30))
        out = []
        for i, code in enumerate(self.iecs):
            r = list(tpl)
            r[p["code"]], r[p["name"]], r[p["address"]] = code, f"Bench Exporter {i}", ""
            r[p["active"]], r[p["registered_at"]] = True, at
            out.append(tuple(_fix(r)))
        return out

    def egm_id(self, port_ix: int, day: date) -> int:
        return self.ids["egm"] + port_ix * self.days + (day - self.day0).days

    def egm_rows(self) -> list[tuple]:
        tpl, p = _template(self.tables["egm"])
        out = []
        for port_ix, (port, _) in enumerate(PORTS):
            for k in range(self.days):
                day = self.day0 + timedelta(days=k)
                sailed = day + timedelta(days=1)
                r = list(tpl)
                r[p["id"]] = self.egm_id(port_ix, day)
                r[p["egm_no"]] = EGM_BASE + r[p["id"]]
                r[p["egm_date"]] = r[p["sailed_on"]] = sailed.isoformat()
                r[p["location_code"]], r[p["carrier_code"]] = port, "AI"
                r[p["voyage"]], r[p["filed_by"]] = "AI-BENCH", "car1"
                r[p["filed_at"]] = _dt(datetime.combine(sailed, datetime.min.time()) + 9 * H)
                out.append(tuple(_fix(r)))
        return out

    def igm_id(self, port_ix: int, day: date) -> int:
        return self.ids["igm"] + port_ix * self.days + (day - self.day0).days

    def igm_rows(self) -> list[tuple]:
        tpl, p = _template(self.tables["igm"])
        out = []
        for port_ix, (port, _) in enumerate(PORTS):
            for k in range(self.days):
                day = self.day0 + timedelta(days=k)
                r = list(tpl)
                r[p["id"]] = self.igm_id(port_ix, day)
                r[p["igm_no"]] = IGM_BASE + r[p["id"]]
                r[p["igm_date"]] = r[p["arrival_date"]] = day.isoformat()
                r[p["location_code"]], r[p["carrier_code"]] = port, "AI"
                r[p["voyage"]], r[p["state"]] = "AI-BENCH", "entry_inwards"
                r[p["entry_inwards_at"]] = _dt(datetime.combine(day, datetime.min.time()) + 8 * H)
                r[p["entry_inwards_by"]] = r[p["filed_by"]] = "cus1"
                r[p["filed_at"]] = _dt(datetime.combine(day, datetime.min.time()))
                out.append(tuple(_fix(r)))
        return out

    # -- Shipping Bills --
    def sb_batches(self):
        """Batches of Shipping Bills and what hangs off them ({table: [row tuples]}).

        The hot loop of a ten-million-row build: column positions are locals, timestamps
        are seconds from ``start`` turned into text once each, due dates are cached per
        LEO day."""
        from console.clock import add_months

        T = self.tables
        sb, ps = _template(T["shippingbill"], country_of_destination="US",
                           gross_weight_kg="120", net_weight_kg="100", packages=5,
                           package_kind="BOX", created_by="opr1", route="assessment")
        it, pi = _template(T["sbitem"], description="bench goods", quantity="10",
                           unit_price_fc="12", value_fc="120", scheme_code="00",
                           end_use="GNX100")
        bw, pb = _template(T["brcwatch"], recovery_started_by="", ad_code="")
        gr, pg = _template(T["goodsregistration"], packages_received=5, registered_by="exm1")
        ex, pe = _template(T["examination"], examiner="exm1", report="as declared")
        sb, it, bw, gr, ex = (_fix(x) for x in (sb, it, bw, gr, ex))
        (S_ID, S_JOB, S_LOC, S_POL, S_STATE, S_IEC, S_FOB, S_CREATED, S_NO, S_DATE, S_SUB,
         S_ROUTE, S_ADM_AT, S_ADM_BY, S_MARKED, S_ASS_AT, S_ASS_BY, S_LEO_AT, S_LEO_BY,
         S_DUE, S_DBK, S_CAT, S_EGM) = (ps[c] for c in (
            "id", "job_no", "location_code", "port_of_loading", "state", "iec",
            "fob_inr_paise", "created_at", "sb_no", "sb_date", "submitted_at", "route",
            "admitted_at", "admitted_by", "marked_to", "assessed_at", "assessed_by", "leo_at",
            "leo_by", "brc_due_date", "drawback_paise", "category", "egm_id"))
        rnd = random.Random(20261102)
        random_, randrange, choice, uniform = rnd.random, rnd.randrange, rnd.choice, rnd.uniform
        today = T0.date()
        start = self.start
        trs_from = (TRS_FROM - start).total_seconds()
        first, item_id = self.ids["shippingbill"], self.ids["sbitem"]
        watch_id = self.ids["brcwatch"]
        gr_id, ex_id = self.ids["goodsregistration"], self.ids["examination"]
        step = self.span / max(1, self.sbs)
        others, iecs, n_iec = self.sb_others, self.iecs, self.n_iec
        admitted = {"goods_registered", "under_examination", "examined", "assessed",
                    "facilitated"}
        ports = [p for p, _ in PORTS]
        dues: dict[date, tuple[str, str, bool]] = {}
        day0 = self.day0

        def text(secs: float) -> str:
            return (start + timedelta(seconds=secs)).isoformat(sep=" ", timespec="microseconds")

        for lo in range(0, self.sbs, BATCH):
            sbs, items, watches, goods, exams = [], [], [], [], []
            for i in range(lo, min(self.sbs, lo + BATCH)):
                state = "exported" if random_() < 0.6 else choice(others)
                at = (i + random_()) * step
                port_ix = 0 if i % 10 < 7 else 1
                port = ports[port_ix]
                fob = randrange(1_00_000, 5_00_00_000) * 100
                sb_id = first + i
                no = BASE_NO + i
                at_text = text(at)
                r = sb.copy()
                r[S_ID], r[S_JOB], r[S_LOC], r[S_POL] = sb_id, no, port, port
                r[S_STATE], r[S_IEC], r[S_FOB] = state, iecs[i % n_iec], fob
                r[S_CREATED] = text(at - 7200)
                if state != "draft" and state != "checklist_printed":
                    r[S_NO], r[S_DATE], r[S_SUB] = no, at_text[:10], at_text
                if state in admitted:
                    r[S_ADM_AT], r[S_ADM_BY] = text(at + 7200), "cus1"
                    if state == "under_examination":
                        r[S_MARKED] = ("exm1", "exm2", "")[i % 3]
                elif state == "exported" or state == "let_export":
                    x = random_()
                    route = ("facilitated" if x < 0.3 else "assessment" if x < 0.7
                             else "assessment_and_examination")
                    assessed = None if route == "facilitated" else at + uniform(1800, 21600)
                    arrival = at + uniform(7200, 108000)
                    examined = (arrival + uniform(3600, 43200)
                                if route == "assessment_and_examination" else None)
                    last = arrival
                    if assessed is not None and assessed > last:
                        last = assessed
                    if examined is not None and examined > last:
                        last = examined
                    leo = last + uniform(1800, 86400)
                    leo_text = text(leo)
                    leo_on = leo_text[:10]
                    due = dues.get(leo_on)
                    if due is None:
                        d = date.fromisoformat(leo_on)
                        due_d = add_months(d, 15 if d >= FIFTEEN_FROM else 9)
                        due = dues[leo_on] = (due_d.isoformat(), due_d >= today,
                                              (today - due_d).days > 365)
                    r[S_ROUTE] = route
                    if assessed is not None:
                        r[S_ASS_AT], r[S_ASS_BY] = text(assessed), "apr1"
                    r[S_LEO_AT], r[S_LEO_BY], r[S_DUE] = leo_text, "apr2", due[0]
                    if sb_id % 2 == 0:  # a drawback SB, watched for its BRC
                        r[S_DBK], r[S_CAT] = fob * 15 // 1000, "drawback"
                        pending = random_() < (0.9 if due[1] else 0.02 if due[2] else 0.2)
                        w = bw.copy()
                        w[pb["id"]], w[pb["sb_id"]], w[pb["sb_no"]] = watch_id, sb_id, no
                        watch_id += 1
                        w[pb["sb_date"]], w[pb["location_code"]] = at_text[:10], port
                        w[pb["iec"]], w[pb["leo_on"]], w[pb["due_on"]] = r[S_IEC], leo_on, due[0]
                        w[pb["pending"]] = int(pending)
                        if not pending:
                            w[pb["cleared_how"]], w[pb["cleared_by"]] = "brc", "dbk1"
                            w[pb["cleared_at"]] = leo_text
                        watches.append(tuple(w))
                    if state == "exported":
                        r[S_EGM] = self.ids["egm"] + port_ix * self.days + \
                            (date.fromisoformat(leo_on) - day0).days
                    if leo >= trs_from:
                        g = gr.copy()
                        g[pg["id"]], g[pg["sb_id"]] = gr_id, sb_id
                        gr_id += 1
                        g[pg["registered_at"]] = text(arrival)
                        g[pg["examiner"]] = "exm1" if examined else ""
                        goods.append(tuple(g))
                        if examined is not None:
                            e = ex.copy()
                            e[pe["id"]], e[pe["sb_id"]] = ex_id, sb_id
                            ex_id += 1
                            e[pe["examined_at"]] = text(examined)
                            exams.append(tuple(e))
                sbs.append(tuple(r))
                if i % ITEM_EVERY == 0:
                    for sl in range(1, 6):
                        item, uqc = self.tariff[(i + sl) % len(self.tariff)]
                        x = it.copy()
                        x[pi["id"]], x[pi["sb_id"]], x[pi["sl"]] = item_id, sb_id, sl
                        item_id += 1
                        x[pi["tariff_item"]], x[pi["uqc"]] = item, uqc
                        x[pi["fob_inr_paise"]] = fob // 5
                        items.append(tuple(x))
            yield {"shippingbill": sbs, "sbitem": items, "brcwatch": watches,
                   "goodsregistration": goods, "examination": exams}

    # -- Bills of Entry --
    def be_batches(self):
        T = self.tables
        be, pb = _template(T["billofentry"], currency="USD", exchange_rate="83.5",
                           invoice_value_fc="10000", created_by="opr1", terms_of_invoice="CIF",
                           nature_of_transaction="S", keyed="")
        ln, pl = _template(T["igmline"], importer_name="Bench Importer", packages=10,
                           package_kind="BOX", gross_weight_kg="500", description="bench cargo")
        it, pi = _template(T["beitem"], description="bench goods", quantity="10",
                           value_fc="2000", bcd_rate="10", igst_rate="18")
        au, pa = _template(T["auditrecord"], officer="opr1", role="OPR", terminal="bench",
                           doc_kind="BE", action="submit", from_state="checklist_printed",
                           to_state="second_check", prev_hash="0" * 64, hash="0" * 64)
        be, ln, it, au = (_fix(x) for x in (be, ln, it, au))
        rnd = random.Random(20261103)
        first, line_id, item_id = self.ids["billofentry"], self.ids["igmline"], self.ids["beitem"]
        audit_id, seq = self.ids["auditrecord"], self.audit_seq
        lines_of: dict[int, int] = {}
        step = self.span / max(1, self.bes)
        flight_from = T0 - timedelta(days=IN_FLIGHT_DAYS)
        for lo in range(0, self.bes, BATCH):
            out = {"igmline": [], "billofentry": [], "beitem": [], "auditrecord": []}
            for i in range(lo, min(self.bes, lo + BATCH)):
                at = self.start + timedelta(seconds=(i + rnd.random()) * step)
                port_ix = 0 if i % 10 < 7 else 1
                port = PORTS[port_ix][0]
                if at >= flight_from:
                    state = _pick(rnd, BE_IN_FLIGHT)
                else:
                    state = "ooc_cancelled" if rnd.random() < 0.0005 else "out_of_charge"
                arrival_day = (at - 12 * H).date()
                igm_id = self.igm_id(port_ix, arrival_day)
                lines_of[igm_id] = lines_of.get(igm_id, 0) + 1
                x = list(ln)
                x[pl["id"]], x[pl["igm_id"]], x[pl["line_no"]] = line_id, igm_id, lines_of[igm_id]
                x[pl["bl_no"]] = f"BL{BASE_NO + i}"
                out["igmline"].append(tuple(x))
                be_id = first + i
                r = list(be)
                r[pb["id"]], r[pb["job_no"]], r[pb["igm_line_id"]] = be_id, BASE_NO + i, line_id
                line_id += 1
                r[pb["location_code"]], r[pb["state"]] = port, state
                r[pb["be_type"]] = "W" if i % 10 == 3 else "H"
                r[pb["iec"]] = self.iecs[(i * 7) % self.n_iec]
                r[pb["created_at"]] = _dt(at - H)
                first_check = state == "first_check" or (rnd.random() < 0.1)
                r[pb["first_check"]] = int(first_check)
                drafted = state in ("draft", "checklist_printed")
                if not drafted:
                    r[pb["be_no"]], r[pb["be_date"]] = BASE_NO + i, at.date().isoformat()
                assessable = rnd.randrange(1_00_000, 2_00_00_000) * 100
                order = ("assessed", "paid", "registered", "examined", "out_of_charge",
                         "ooc_cancelled")
                reached = order.index(state) if state in order else -1
                t = at
                if reached >= 0:
                    t += rnd.uniform(1, 24) * H
                    r[pb["assessed_at"]], r[pb["assessed_by"]] = _dt(t), "apr1"
                    r[pb["assessable_paise"]] = assessable
                    r[pb["bcd_paise"]] = assessable // 10
                    r[pb["sws_paise"]] = assessable // 100
                    r[pb["igst_paise"]] = assessable * 2 // 10
                    duty = r[pb["bcd_paise"]] + r[pb["sws_paise"]] + r[pb["igst_paise"]]
                    r[pb["duty_paise"]] = duty
                if reached >= 1 and r[pb["be_type"]] == "H":
                    t += rnd.uniform(1, 48) * H
                    r[pb["paid_at"]], r[pb["payment_mode"]] = _dt(t), "online"
                    r[pb["duty_paid_paise"]] = r[pb["duty_paise"]]
                if reached >= 2:
                    t += rnd.uniform(1, 24) * H
                    r[pb["registered_at"]], r[pb["registered_by"]] = _dt(t), "exm1"
                if reached >= 3:
                    t += rnd.uniform(1, 12) * H
                    r[pb["examined_at"]], r[pb["examined_by"]] = _dt(t), "exm1"
                    r[pb["exam_report"]] = "as declared"
                if reached >= 4:
                    t += rnd.uniform(0.5, 12) * H
                    r[pb["ooc_at"]], r[pb["ooc_by"]] = _dt(t), "apr2"
                    if t >= TRS_FROM and state == "out_of_charge":
                        a = list(au)
                        a[pa["id"]], a[pa["seq"]] = audit_id, seq
                        audit_id += 1
                        seq += 1
                        a[pa["at"]], a[pa["doc_ref"]] = _dt(at), str(BASE_NO + i)
                        out["auditrecord"].append(tuple(a))
                out["billofentry"].append(tuple(r))
                if i % ITEM_EVERY == 0:
                    for sl in range(1, 6):
                        item, uqc = self.tariff[(i + sl) % len(self.tariff)]
                        y = list(it)
                        y[pi["id"]], y[pi["be_id"]], y[pi["sl"]] = item_id, be_id, sl
                        item_id += 1
                        y[pi["tariff_item"]], y[pi["uqc"]] = item, uqc
                        y[pi["assessable_paise"]] = assessable // 5
                        out["beitem"].append(tuple(y))
            yield out


# ---- the two stores ----

def _secondary_indexes(table) -> list:
    """The table's declared indexes that are not unique (rebuilt after the load)."""
    return [ix for ix in table.indexes if not ix.unique]


def sqlite_path(sbs: int, bes: int) -> Path:
    return CACHE / f"scale-{sbs}-{bes}-{build_hash(sbs, bes)}.db"


def complete_schema(engine, *, indexes: bool = True) -> list[str]:
    """Bring a cached database up to the tables as declared now: any table, column or
    (unless ``indexes`` is false) index it lacks is added (a column with its default);
    what was added."""
    from sqlalchemy import inspect, literal
    from sqlalchemy.schema import CreateIndex

    made = []
    meta = _metadata()
    insp = inspect(engine)
    have_tables = set(insp.get_table_names())
    with engine.begin() as conn:
        for table in meta.sorted_tables:
            if table.name not in have_tables:
                table.create(conn)
                made.append(table.name)
                continue
            cols = {c["name"] for c in insp.get_columns(table.name)}
            for c in table.columns:
                if c.name in cols:
                    continue
                ddl = c.type.compile(dialect=engine.dialect)
                d = c.default.arg if c.default is not None and c.default.is_scalar else None
                if d is not None:
                    d = literal(d).compile(dialect=engine.dialect,
                                           compile_kwargs={"literal_binds": True})
                    ddl += f" DEFAULT {d}"
                elif not c.nullable and c.server_default is None:
                    ddl += " DEFAULT ''"
                conn.exec_driver_sql(f"ALTER TABLE {table.name} ADD COLUMN {c.name} {ddl}")
                made.append(f"{table.name}.{c.name}")
            have = {ix["name"] for ix in insp.get_indexes(table.name)}
            for ix in table.indexes if indexes else ():
                if ix.name not in have:
                    conn.exec_driver_sql(str(CreateIndex(ix).compile(dialect=engine.dialect)))
                    made.append(ix.name)
                    # the planner's figures for it (SQLite guesses an index without them is
                    # very selective, and may prefer it to the ones it has figures for)
                    conn.exec_driver_sql(f'ANALYZE "{ix.name}"' if engine.dialect.name ==
                                         "sqlite" else f'ANALYZE "{table.name}"')
    return made


def build_sqlite(sbs: int, bes: int, *, force: bool = False, log=print,
                 new_indexes: bool = True) -> Built:
    from sqlalchemy import create_engine

    path = sqlite_path(sbs, bes)
    if path.exists() and not force:
        eng = create_engine(f"sqlite:///{path}")
        made = complete_schema(eng, indexes=new_indexes)
        eng.dispose()
        if made:
            log(f"created on the cached file: {', '.join(made)}")
        meta = json.loads(Path(f"{path}.json").read_text()) if Path(f"{path}.json").exists() \
            else {}
        return Built(f"sqlite:///{path}", sbs, bes, meta.get("seconds", 0.0), True,
                     meta.get("counts", {}), path.stat().st_size, meta.get("phases", {}))
    _metadata()  # every table registered before the demo template is made
    start = time.perf_counter()
    tmp = path.with_suffix(".building")
    tmp.unlink(missing_ok=True)
    tmp.write_bytes(_demo_file().read_bytes())
    con = sqlite3.connect(tmp, isolation_level=None)
    con.execute("PRAGMA journal_mode=OFF")
    con.execute("PRAGMA synchronous=OFF")
    con.execute("PRAGMA cache_size=-1000000")  # 1 GB while loading
    con.execute("PRAGMA temp_store=MEMORY")
    tables = _tables()
    dropped = []
    for table in tables.values():
        for ix in _secondary_indexes(table):
            con.execute(f"DROP INDEX IF EXISTS {ix.name}")
            dropped.append(ix)
    ids = {name: con.execute(f"SELECT coalesce(max(id), 0) FROM {name}").fetchone()[0] + 1
           for name in LOADED if "id" in tables[name].columns}
    lookups = {
        "tariff": con.execute("SELECT item, uqc FROM tariffitem WHERE uqc IN "
                              "(SELECT code FROM uqc) ORDER BY item LIMIT 50").fetchall(),
        "audit_seq": con.execute("SELECT coalesce(max(seq), 0) FROM auditrecord")
        .fetchone()[0] + 1,
    }
    rows = Rows(sbs, bes, ids, lookups)
    counts: dict[str, int] = {}

    def put(name: str, batch: list[tuple]) -> None:
        if not batch:
            return
        cols = [c.name for c in tables[name].columns]
        con.executemany(f"INSERT INTO {name} ({', '.join(cols)}) VALUES "
                        f"({', '.join('?' * len(cols))})", batch)
        counts[name] = counts.get(name, 0) + len(batch)

    phases = {}
    t0 = time.perf_counter()
    con.execute("BEGIN")
    put("iec", rows.iec_rows())
    put("egm", rows.egm_rows())
    put("igm", rows.igm_rows())
    con.execute("COMMIT")
    for k, batch in enumerate(rows.sb_batches()):
        con.execute("BEGIN")
        for name, b in batch.items():
            put(name, b)
        con.execute("COMMIT")
        if k % 20 == 19:
            log(f"  {counts['shippingbill']:,} SBs, {time.perf_counter() - t0:.0f}s")
    phases["sbs_s"] = round(time.perf_counter() - t0, 1)
    t0 = time.perf_counter()
    for batch in rows.be_batches():
        con.execute("BEGIN")
        for name, b in batch.items():
            put(name, b)
        con.execute("COMMIT")
    phases["bes_s"] = round(time.perf_counter() - t0, 1)
    t0 = time.perf_counter()
    from sqlalchemy.dialects import sqlite as sqlite_dialect
    from sqlalchemy.schema import CreateIndex

    for table in tables.values():  # every declared index, the dropped ones and any new
        for ix in table.indexes:
            sql = str(CreateIndex(ix, if_not_exists=True).compile(
                dialect=sqlite_dialect.dialect()))
            con.execute(sql)
    phases["indexes_s"] = round(time.perf_counter() - t0, 1)
    t0 = time.perf_counter()
    con.execute("ANALYZE")
    phases["analyze_s"] = round(time.perf_counter() - t0, 1)
    con.execute("PRAGMA journal_mode=DELETE")
    con.close()
    del dropped
    tmp.replace(path)
    took = time.perf_counter() - start
    Path(f"{path}.json").write_text(json.dumps({"seconds": round(took, 1), "counts": counts,
                                                "phases": phases}))
    return Built(f"sqlite:///{path}", sbs, bes, took, False, counts, path.stat().st_size,
                 phases)


def pg_database_name(sbs: int, bes: int) -> str:
    return f"ices_scale_{sbs}_{bes}"


def _pg_url(server_url: str, dbname: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(server_url).set(database=dbname).render_as_string(hide_password=False)


def _psycopg_dsn(url: str) -> str:
    from sqlalchemy.engine import make_url

    u = make_url(url)
    parts = {"host": u.host, "port": u.port, "user": u.username, "password": u.password,
             "dbname": u.database}
    return " ".join(f"{k}={v}" for k, v in parts.items() if v)


def pg_size(url: str) -> int:
    import psycopg

    with psycopg.connect(_psycopg_dsn(url)) as conn:
        return conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]


def _demo_file() -> Path:
    """The demo database file: ``common.demo_template()``, or when it cannot be built now
    (another session's half-made edit to the reference data) the newest one cached."""
    try:
        return demo_template()
    except (Exception, SystemExit) as e:
        cached = sorted(CACHE.glob("demo-*.db"), key=lambda p: p.stat().st_mtime)
        if not cached:
            raise
        print(f"demo template not built ({e}); using {cached[-1].name}", file=sys.stderr)
        return cached[-1]


def copy_demo(url: str) -> None:
    """The demo database (``ices demo`` data, built through the services on SQLite once
    and cached) copied into the empty PostgreSQL database at ``url``: the schema by
    ``create_all``, every table's rows by ``COPY`` (the columns both have)."""
    import psycopg
    from sqlalchemy import create_engine

    meta = _metadata()
    engine = create_engine(url)
    meta.create_all(engine)
    engine.dispose()
    src = sqlite3.connect(_demo_file())
    with psycopg.connect(_psycopg_dsn(url), autocommit=True) as conn:
        conn.execute("SET session_replication_role = replica")
        cur = conn.cursor()
        for table in meta.sorted_tables:
            have = {r[1] for r in src.execute(f"PRAGMA table_info({table.name})")}
            cols = [c.name for c in table.columns if c.name in have]
            if not cols:
                continue
            quoted = ", ".join(f'"{c}"' for c in cols)
            rows = src.execute(f'SELECT {quoted} FROM "{table.name}"').fetchall()
            if not rows:
                continue
            with cur.copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as cp:
                for r in rows:
                    cp.write_row(r)
            if "id" in cols and table.columns["id"].autoincrement is not False:
                conn.execute(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                             f"(SELECT coalesce(max(id), 1) FROM {table.name}))")
    src.close()


def build_postgres(server_url: str, sbs: int, bes: int, *, force: bool = False,
                   log=print, new_indexes: bool = True) -> Built:
    """The scale database on the PostgreSQL server at ``server_url`` (any database on it:
    the scale one is created beside it)."""
    import psycopg
    from sqlalchemy import create_engine

    want = build_hash(sbs, bes)
    name = pg_database_name(sbs, bes)
    url = _pg_url(server_url, name)
    admin = psycopg.connect(_psycopg_dsn(server_url), autocommit=True)
    exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
    if exists and not force:
        with psycopg.connect(_psycopg_dsn(url)) as conn:
            row = conn.execute("SELECT to_regclass('bench_scale_build')").fetchone()
            meta = conn.execute("SELECT hash, info FROM bench_scale_build").fetchone() \
                if row[0] else None
        if meta and meta[0] == want:
            admin.close()
            eng = create_engine(url)
            made = complete_schema(eng, indexes=new_indexes)
            eng.dispose()
            if made:
                log(f"created on the cached database: {', '.join(made)}")
            info = json.loads(meta[1])
            return Built(url, sbs, bes, info["seconds"], True, info["counts"], pg_size(url),
                         info.get("phases", {}))
    if exists:
        admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    admin.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    start = time.perf_counter()
    phases = {}
    copy_demo(url)
    phases["demo_s"] = round(time.perf_counter() - start, 1)
    tables = _tables()
    conn = psycopg.connect(_psycopg_dsn(url), autocommit=True)
    conn.execute("SET maintenance_work_mem = '1GB'")
    conn.execute("SET session_replication_role = replica")  # no FK triggers while loading
    for table in tables.values():
        for ix in _secondary_indexes(table):
            conn.execute(f'DROP INDEX IF EXISTS "{ix.name}"')
    ids = {n: conn.execute(f"SELECT coalesce(max(id), 0) FROM {n}").fetchone()[0] + 1
           for n in LOADED if "id" in tables[n].columns}
    lookups = {
        "tariff": conn.execute("SELECT item, uqc FROM tariffitem WHERE uqc IN "
                               "(SELECT code FROM uqc) ORDER BY item LIMIT 50").fetchall(),
        "audit_seq": conn.execute("SELECT coalesce(max(seq), 0) FROM auditrecord")
        .fetchone()[0] + 1,
    }
    rows = Rows(sbs, bes, ids, lookups)
    counts: dict[str, int] = {}
    cur = conn.cursor()

    def put(name: str, batch: list[tuple]) -> None:
        if not batch:
            return
        cols = ", ".join(c.name for c in tables[name].columns)
        with cur.copy(f"COPY {name} ({cols}) FROM STDIN") as cp:
            for r in batch:
                cp.write_row(r)
        counts[name] = counts.get(name, 0) + len(batch)

    t0 = time.perf_counter()
    put("iec", rows.iec_rows())
    put("egm", rows.egm_rows())
    put("igm", rows.igm_rows())
    for k, batch in enumerate(rows.sb_batches()):
        for name, b in batch.items():
            put(name, b)
        if k % 20 == 19:
            log(f"  {counts['shippingbill']:,} SBs, {time.perf_counter() - t0:.0f}s")
    phases["sbs_s"] = round(time.perf_counter() - t0, 1)
    t0 = time.perf_counter()
    for batch in rows.be_batches():
        for name, b in batch.items():
            put(name, b)
    phases["bes_s"] = round(time.perf_counter() - t0, 1)
    t0 = time.perf_counter()
    from sqlalchemy.dialects import postgresql as pg_dialect
    from sqlalchemy.schema import CreateIndex

    for table in tables.values():
        for ix in table.indexes:
            conn.execute(str(CreateIndex(ix, if_not_exists=True).compile(
                dialect=pg_dialect.dialect())))
    phases["indexes_s"] = round(time.perf_counter() - t0, 1)
    for n in LOADED:
        if "id" in tables[n].columns:
            conn.execute(f"SELECT setval(pg_get_serial_sequence('{n}', 'id'), "
                         f"(SELECT max(id) FROM {n}))")
    t0 = time.perf_counter()
    conn.execute("VACUUM ANALYZE")
    phases["vacuum_analyze_s"] = round(time.perf_counter() - t0, 1)
    took = time.perf_counter() - start
    info = json.dumps({"seconds": round(took, 1), "counts": counts, "phases": phases})
    conn.execute("CREATE TABLE bench_scale_build (hash text, info text)")
    conn.execute("INSERT INTO bench_scale_build VALUES (%s, %s)", (want, info))
    conn.close()
    return Built(url, sbs, bes, took, False, counts, pg_size(url), phases)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=f"{QUICK[0]:,} SBs, {QUICK[1]:,} BEs")
    parser.add_argument("--sbs", type=int)
    parser.add_argument("--bes", type=int)
    parser.add_argument("--postgres", metavar="URL", help="build on this PostgreSQL server")
    parser.add_argument("--sqlite", action="store_true", help="build the SQLite file (default "
                        "when --postgres is not given)")
    parser.add_argument("--force", action="store_true", help="rebuild even when cached")
    args = parser.parse_args()
    sbs, bes = QUICK if args.quick else FULL
    sbs, bes = args.sbs or sbs, args.bes if args.bes is not None else bes

    def log(msg):
        print(msg, file=sys.stderr, flush=True)

    results = []
    if args.sqlite or not args.postgres:
        results.append(build_sqlite(sbs, bes, force=args.force, log=log))
    if args.postgres:
        results.append(build_postgres(args.postgres, sbs, bes, force=args.force, log=log))
    for b in results:
        print(json.dumps({"url": b.url.split("@")[-1], "sbs": b.sbs, "bes": b.bes,
                          "seconds": round(b.seconds, 1), "cached": b.cached,
                          "size_bytes": b.size_bytes, "counts": b.counts,
                          "phases": b.phases}), flush=True)


if __name__ == "__main__":
    main()
