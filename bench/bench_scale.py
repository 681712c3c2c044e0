"""Bench: national scale (issue 21): every role's worklist, SB and BE lookups, BRC pendency,
the approvals list and the month's Time Release Study over N Shipping Bills and M Bills of
Entry, on SQLite and on PostgreSQL.

The database is built once by ``scale_loader.py`` (``executemany`` on SQLite, ``COPY`` on
PostgreSQL) and cached: ``bench/.cache/scale-N-M-<hash>.db`` and the PostgreSQL database
``ices_scale_N_M``. Officers are the demo's at INVTZ4, their ``Actor`` built directly
(a login writes an audit record into the cached database).

Measured on each store, ``RUNS`` runs after ``WARM`` warm-up runs (or as many as fit in
``BUDGET_S``, at least ``MIN_RUNS``), p50 and p99 (target p99 < 20 ms): the first page of
each home worklist of every role at INVTZ4 (the lists ``screens.home`` shows it: Shipping
Bills, Bills of Entry, drawback claims, bonds), an SB lookup (``enquiry.enquire``, random
SBs with 5 items) and a BE lookup (``be_enquiry.enquire``, random BEs with 5 items), BRC
pendency for a random IEC and for the port (``brc.pendency``), the AC/DC's approvals list
(``supervision.awaiting_approval``); and the Time Release Study of October 2026
(``trs.time_release_study``, 3 warm-up runs, 10 runs; target under 2 s). Every statement
each lookup runs is timed in the driver; the slowest one of each lookup is explained
(``EXPLAIN (ANALYZE, BUFFERS)`` on PostgreSQL, ``EXPLAIN QUERY PLAN`` on SQLite) into
``bench/plans/scale-<store>-<N>.txt`` (full runs; ``--quick`` writes them under
``bench/.cache/plans/``).

Lines: ``scale_<lookup>_p99`` (ms, p50 in ``p50``, ``store``), ``scale_trs_month`` (ms,
median; ``slowest``), ``scale_build`` (s, ``cached``, ``size_bytes``, row counts).

    python bench/bench_scale.py --quick                  # 50,000 SBs, 10,000 BEs, SQLite
    python bench/bench_scale.py                          # 10M SBs, 2M BEs, SQLite
    python bench/bench_scale.py --postgres URL           # ... and PostgreSQL (or set
                                                         # ICES_BENCH_POSTGRES_URL)
    python bench/bench_scale.py --store postgres --postgres URL --sbs 1000000 --bes 200000
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import scale_loader  # noqa: E402
from common import CACHE, HOME, ROOT, emit, open_core, percentile  # noqa: E402

RUNS, WARM = 200, 10
QUICK_RUNS = 20
TRS_RUNS, TRS_WARM = 10, 3
MONTH = (date(2026, 10, 1), date(2026, 10, 31))
TARGET_MS = 20.0
BUDGET_S, MIN_RUNS = 20.0, 10  # a lookup stops after 20 s of runs (at least 10 runs)
TRS_TARGET_MS = 2000.0


class Statements:
    """Every statement the driver runs, timed (installed on an engine)."""

    def __init__(self, engine) -> None:
        from sqlalchemy import event

        self.on = False
        self.slowest: tuple[float, str, object] | None = None

        @event.listens_for(engine, "before_cursor_execute")
        def _before(conn, cursor, statement, parameters, context, executemany):
            conn.info["t0"] = time.perf_counter()

        @event.listens_for(engine, "after_cursor_execute")
        def _after(conn, cursor, statement, parameters, context, executemany):
            if not self.on or executemany:
                return
            took = (time.perf_counter() - conn.info.get("t0", time.perf_counter())) * 1000
            if self.slowest is None or took > self.slowest[0]:
                self.slowest = (took, statement, parameters)

    def start(self) -> None:
        self.on, self.slowest = True, None

    def stop(self):
        self.on = False
        return self.slowest


def explain(engine, statement: str, parameters) -> str:
    """The plan of one statement as the driver ran it."""
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
            return "\n".join(f"{r[0]:>4} {r[1]:>4}  {r[3]}" for r in rows)
        rows = conn.exec_driver_sql(f"EXPLAIN (ANALYZE, BUFFERS) {statement}",
                                    parameters).all()
        conn.rollback()
        return "\n".join(r[0] for r in rows)


def actors(core) -> dict:
    """One demo officer of each role at INVTZ4, as login() would give them."""
    from sqlmodel import select

    import db.tables as t
    from console.roles import Actor, Role

    out = {}
    with core.db.read() as s:
        for o in s.exec(select(t.Officer).where(t.Officer.location_code == HOME)
                        .order_by(t.Officer.username)):
            role = Role(o.role)
            out.setdefault(role, Actor(o.username, o.name, role, HOME, "bench"))
    return out


def home_lists(role) -> list[tuple[str, object]]:
    """The lists the home screen shows ``role`` (as ``screens.home.sources_for``)."""
    from console.services.bonds import worklists as bond_worklists
    from console.services.exports import worklists
    from console.services.imports import be_worklists
    from console.services.schemes import drawback

    sources = (
        ("SB", worklists.for_officer,
         bool(worklists.SB_STATES_FOR.get(role) or worklists.QUERY_STATES_FOR.get(role))),
        ("BE", be_worklists.for_officer, bool(be_worklists.STAGES_FOR.get(role))),
        ("DBK", drawback.worklist, bool(drawback.STAGES_FOR.get(role))),
        ("BOND", bond_worklists.for_officer, bool(bond_worklists.STAGES_FOR.get(role))),
    )
    out = [(kind, fn) for kind, fn, has in sources
           if has or (kind == "SB" and role in worklists.TITLES)]
    return out or [sources[0][:2]]


def measure(store: str, url: str, n: int, bes: int, runs: int, plans: list[str],
            only: str = "") -> None:
    from console.roles import Role
    from console.services.admin import trs
    from console.services.exports import enquiry, supervision
    from console.services.imports import be_enquiry
    from console.services.schemes import brc

    core = open_core(url)
    engine = core.db.engine
    stmts = Statements(engine)
    who = actors(core)
    acdc = who[Role.ACDC]
    base = scale_loader.BASE_NO
    with engine.connect() as conn:
        sb_nos = [r[0] for r in conn.exec_driver_sql(
            f"SELECT sb_no FROM shippingbill WHERE id IN (SELECT sb_id FROM sbitem) "
            f"AND sb_no >= {base}")]
        be_nos = [r[0] for r in conn.exec_driver_sql(
            f"SELECT be_no FROM billofentry WHERE id IN (SELECT be_id FROM beitem) "
            f"AND be_no >= {base}")]
        iecs = [r[0] for r in conn.exec_driver_sql(
            "SELECT code FROM iec WHERE substr(code, 1, 3) = 'ZZB' ORDER BY code")]
    rnd = random.Random(7)

    def run(name: str, fn, count: int = runs, target: float = TARGET_MS,
            warm: int = WARM, **extra) -> list[float]:
        if only and not name.startswith(only):
            return [0.0]
        for _ in range(warm):
            fn()
        samples = []
        stmts.start()
        began = time.perf_counter()
        for _ in range(count):
            t0 = time.perf_counter()
            fn()
            samples.append((time.perf_counter() - t0) * 1000)
            if len(samples) >= MIN_RUNS and time.perf_counter() - began > BUDGET_S:
                break  # a lookup far off its target: its p99 is plain from fewer runs
        slow = stmts.stop()
        p50, p99 = percentile(samples, 50), percentile(samples, 99)
        print(f"{store} {name}: p50 {p50:.1f} ms, p99 {p99:.1f} ms", file=sys.stderr)
        if name != "trs_month":
            emit(f"scale_{name}_p99", round(p99, 2), "ms", n, p50=round(p50, 2), runs=len(samples),
                 store=store, bes=bes, target_ms=target, met=p99 < target, **extra)
        if slow:
            took, statement, params = slow
            try:
                plan = explain(engine, statement, params)
            except Exception as e:  # a plan is a help, never the bench's failure
                plan = f"(not explained: {e!r})"
            plans.append(f"## {name}: p50 {p50:.2f} ms, p99 {p99:.2f} ms; slowest statement "
                         f"{took:.2f} ms\n\n{statement}\n\nparameters: {params!r}\n\n"
                         f"{plan}\n")
        return samples

    # every role's home lists, first page
    for role, actor in sorted(who.items(), key=lambda x: x[0].value):
        for kind, fn in home_lists(role):
            name = f"worklist_{kind.lower()}_{role.value.lower()}"
            if only and not name.startswith(only):
                continue
            page = fn(core, actor)
            run(name, lambda fn=fn, a=actor: fn(core, a),
                total=page.total, capped=getattr(page, "total_capped", False),
                rows=len(page.rows))

    sb_picks = iter([rnd.choice(sb_nos) for _ in range(runs + WARM)])

    def sb_lookup():
        e = enquiry.enquire(core, who[Role.APR], next(sb_picks))
        assert len(e.sb.items) == 5

    run("sb_lookup", sb_lookup)
    be_picks = iter([rnd.choice(be_nos) for _ in range(runs + WARM)])

    def be_lookup():
        e = be_enquiry.enquire(core, who[Role.APR], next(be_picks))
        assert len(e.be.items) == 5, e

    run("be_lookup", be_lookup)
    iec_picks = iter([rnd.choice(iecs) for _ in range(runs + WARM)])
    sizes = []

    def one_iec():
        sizes.append(brc.pendency(core, acdc, next(iec_picks)).total)

    run("brc_pendency_iec", one_iec)
    port = brc.pendency(core, acdc)
    run("brc_pendency_port", lambda: brc.pendency(core, acdc), port_overdue=port.total)
    pending = supervision.awaiting_approval(core, acdc)
    run("approvals_acdc", lambda: supervision.awaiting_approval(core, acdc),
        items=len(pending))
    if only and not "trs_month".startswith(only):
        core.db.dispose()
        return
    study = trs.time_release_study(core, acdc, *MONTH)
    samples = run("trs_month", lambda: trs.time_release_study(core, acdc, *MONTH),
                  count=TRS_RUNS, warm=TRS_WARM)
    exp, imp = study.flow("export").overall, study.flow("import").overall
    emit("scale_trs_month", round(percentile(samples, 50), 1), "ms", n, runs=TRS_RUNS,
         slowest=round(max(samples), 1), store=store, bes=bes, sbs_released=exp.documents,
         bes_released=imp.documents, target_ms=TRS_TARGET_MS,
         met=max(samples) < TRS_TARGET_MS)
    core.db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help=f"{scale_loader.QUICK[0]:,} SBs and {scale_loader.QUICK[1]:,} "
                             "BEs, fewer runs")
    parser.add_argument("--sbs", type=int)
    parser.add_argument("--bes", type=int)
    parser.add_argument("--runs", type=int)
    parser.add_argument("--postgres", metavar="URL",
                        default=os.environ.get("ICES_BENCH_POSTGRES_URL"),
                        help="the PostgreSQL server (default: $ICES_BENCH_POSTGRES_URL)")
    parser.add_argument("--store", choices=("sqlite", "postgres", "both"),
                        help="default: sqlite, and postgres too when a server is given")
    parser.add_argument("--as-built", action="store_true",
                        help="a cached database without the indexes declared since it was "
                             "built (to measure before a migration that adds them)")
    parser.add_argument("--only", default="", metavar="PREFIX",
                        help="only the lookups whose name starts so (worklist_sb, trs, ...)")
    args = parser.parse_args()
    sbs, bes = scale_loader.QUICK if args.quick else scale_loader.FULL
    sbs, bes = args.sbs or sbs, args.bes if args.bes is not None else bes
    runs = args.runs or (QUICK_RUNS if args.quick else RUNS)
    store = args.store or ("both" if args.postgres else "sqlite")
    if store != "sqlite" and not args.postgres:
        parser.error("PostgreSQL needs --postgres URL (or ICES_BENCH_POSTGRES_URL)")

    def log(msg):
        print(msg, file=sys.stderr, flush=True)

    plan_dir = (CACHE / "plans") if args.quick else (ROOT / "bench" / "plans")
    plan_dir.mkdir(parents=True, exist_ok=True)
    for name in (("sqlite", "postgres") if store == "both" else (store,)):
        if name == "sqlite":
            built = scale_loader.build_sqlite(sbs, bes, log=log,
                                              new_indexes=not args.as_built)
        else:
            built = scale_loader.build_postgres(args.postgres, sbs, bes, log=log,
                                                new_indexes=not args.as_built)
        log(f"{name}: {sbs:,} SBs, {bes:,} BEs, {'cached' if built.cached else 'built'} "
            f"({built.seconds:.0f} s to build), {built.size_bytes / 2**30:.2f} GiB")
        emit("scale_build", round(built.seconds, 1), "s", sbs, store=name, bes=bes,
             cached=built.cached, size_bytes=built.size_bytes, counts=built.counts,
             phases=built.phases)
        plans: list[str] = []
        measure(name, built.url, sbs, bes, runs, plans, args.only)
        head = (f"# {name}: {sbs:,} SBs, {bes:,} BEs — the slowest statement of each lookup "
                f"and its plan (bench/bench_scale.py)\n\n")
        if args.only:
            continue  # a partial run keeps no plans
        tag = "-as-built" if args.as_built else ""
        (plan_dir / f"scale-{name}-{sbs}{tag}.txt").write_text(head + "\n".join(plans))


if __name__ == "__main__":
    main()
