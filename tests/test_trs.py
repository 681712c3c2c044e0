"""The Time Release Study (issue 19 item 2) and the pendency dashboard's service (item 3):
figures checked by hand on documents with known times (``tests/trs_support.py``), the
targets as effective-dated parameters, who may read them, and ``ices trs`` / ``ices
pendency`` (json, csv, pdf)."""

from __future__ import annotations

import csv
import io
import json
import shutil
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import delete
from sqlmodel import select
from typer.testing import CliRunner

from console.clock import FixedClock
from console.core import Core
from console.errors import InvalidInput, NotFound, NotPermitted
from console.roles import Actor, Role
from console.services.admin import pendency as pend
from console.services.admin import trs
from db.engine import Database
from tests import trs_support as ts
from tests.conftest import T0
from tests.pdf_support import pages


def officers() -> dict[str, Actor]:
    """The demo officers, without a login each (the services check the actor's role)."""
    from console.demo.base import OFFICERS

    return {u: Actor(u, n, Role(r), loc, "test") for u, n, r, loc in OFFICERS}


def _template(templates, tmp_path_factory, name: str, until: datetime | None):
    path = tmp_path_factory.mktemp(name) / f"{name}.db"
    shutil.copy(templates["demo"], path)
    clock = FixedClock(T0)
    core = Core(Database(f"sqlite:///{path}"), clock)
    docs = ts.build(core, officers(), clock, until=until)
    core.db.dispose()
    return path, docs


@pytest.fixture(scope="session")
def trs_template(templates, tmp_path_factory):
    """The demo database with every act of ``trs_support.script`` taken."""
    return _template(templates, tmp_path_factory, "trs", None)


@pytest.fixture(scope="session")
def pending_template(templates, tmp_path_factory):
    """The same, stopped after the acts of D 12:00 (documents left waiting)."""
    return _template(templates, tmp_path_factory, "pending", ts.at(0, 12))


def copy_core(template, tmp_path, at: datetime) -> tuple[Core, dict]:
    path, docs = template
    shutil.copy(path, tmp_path / "ices.db")
    return Core(Database(f"sqlite:///{tmp_path / 'ices.db'}"), FixedClock(at)), dict(docs)


@pytest.fixture
def study_core(trs_template, tmp_path):
    core, docs = copy_core(trs_template, tmp_path, ts.at(4, 10))
    yield core, docs
    core.db.dispose()


def _stage(flow: trs.FlowStudy, key: str, route: str = trs.ALL) -> tuple:
    r = flow.overall if route == trs.ALL else next(x for x in flow.routes if x.route == route)
    st = next(s for s in r.stages if s.stage == key)
    f = st.figures
    return f.n, f.mean, f.median, f.p90, st.before_start


def _fig(f: trs.Figures) -> tuple:
    return f.n, f.mean, f.median, f.p90


# ---- the study ----


def test_trs_imports_every_figure_by_hand(study_core):
    """Issue 19 item 2, imports at INVTZ4 (air cargo complex), released 15-18.11.2026 (the
    four BEs of trs_support; stages in the order each BE's milestones happened):

    BE1 arrival D 08:00: filed +2 (10:00), assessed +4 (14:00), paid +2, registered +2,
      examined +2 (20:00), OOC +12 (D+1 08:00): 24 h.
    BE2 arrival D 06:00, filed D-1 12:00 and assessed D-1 15:00 before it (0 h each, before
      arrival), paid +3 (09:00), registered +3, examined +3 (15:00), OOC +42 (D+2 09:00): 51 h.
    BE3 (first check) arrival D 08:00: filed +1, registered +2 (11:00), examined +2 (13:00),
      assessed +4 (17:00), paid +2 (19:00), OOC +2 (21:00): 13 h.
    BE4 (CCV) arrival D 08:00: filed +0.5, assessed +2 (10:30), registered +1, examined +1
      (12:30), paid +8 (20:30), OOC +0 (at the payment): 12.5 h.

    Per stage (n, average, median, 90th percentile at rank ceil(0.9 x 4) = 4, before
    arrival): filed [0, 0.5, 1, 2]: 3.5/4 = 0.875 -> 0.88, median (0.5+1)/2 = 0.75, p90 2,
    1 before; assessed [0, 2, 4, 4]: 2.5, 3, 4, 1 before; paid [2, 2, 3, 8]: 3.75, 2.5, 8;
    registered and examined [1, 2, 2, 3]: 2, 2, 3; OOC [0, 2, 12, 42]: 14, 7, 42.
    Release [12.5, 13, 24, 51]: 100.5/4 = 25.125 -> 25.13, median (13+24)/2 = 18.5, p90 51;
    within the 24-hour target (24 h counts): 3 of 4 = 75.00 %; national 55.03 %.
    Examination route (BE1, BE2, BE4): [12.5, 24, 51] 87.5/3 = 29.17, 24, p90 rank 3 = 51,
    2 of 3 = 66.67 %; first check (BE3): 13, 13, 13, 1 of 1 = 100 %.
    Distribution: 12-24 h: 3 (12.5, 13, 24), 48-72 h: 1 (51)."""
    core, _docs = study_core
    study = trs.time_release_study(core, officers()["acdc1"], *ts.PERIOD)
    assert (study.location_code, study.category, study.category_label) == (
        "INVTZ4", "air", "air cargo complex")
    imp = study.flow("import")
    assert imp.overall.documents == 4 and imp.left_out == 0
    assert _stage(imp, "filed") == (4, 0.88, 0.75, 2.0, 1)
    assert _stage(imp, "assessed") == (4, 2.5, 3.0, 4.0, 1)
    assert _stage(imp, "paid") == (4, 3.75, 2.5, 8.0, 0)
    assert _stage(imp, "registered") == (4, 2.0, 2.0, 3.0, 0)
    assert _stage(imp, "examined") == (4, 2.0, 2.0, 3.0, 0)
    assert _stage(imp, "ooc") == (4, 14.0, 7.0, 42.0, 0)
    assert _fig(imp.overall.release) == (4, 25.13, 18.5, 51.0)
    assert (imp.overall.within_target, imp.overall.share) == (3, 75.0)
    assert imp.target.hours == 24 and "National Time Release Study 2025" in imp.target.source
    assert float(imp.target.national_pct) == 55.03
    exam, first = imp.routes
    assert (exam.route, exam.documents, _fig(exam.release), exam.within_target, exam.share) == (
        trs.EXAMINATION, 3, (3, 29.17, 24.0, 51.0), 2, 66.67)
    assert (first.route, _fig(first.release), first.within_target, first.share) == (
        trs.FIRST_CHECK, (1, 13.0, 13.0, 13.0), 1, 100.0)
    assert _stage(imp, "assessed", trs.FIRST_CHECK) == (1, 4.0, 4.0, 4.0, 0)
    assert [b.count for b in imp.overall.distribution] == [0, 0, 3, 0, 1, 0, 0, 0]


def test_trs_exports_and_courier_every_figure_by_hand(study_core):
    """Issue 19 item 2, exports (arrival = goods registered) and courier (from filing):

    SB-F facilitated: registered D 09:00, LEO +4 (13:00), EGM +20 (D+1 09:00): release 4 h,
      departure 24 h. SB-A assessment only: assessed D-1 16:00 (before arrival, 0 h),
      registered D 10:00, LEO +2: 2 h, no EGM. SB-E assessment and examination: assessed
      D 08:00 (before arrival), registered 10:00, examined +6 (16:00), LEO +2 (18:00): 8 h;
      EGM +15 (D+1 09:00): departure 23 h.
    Stages: assessed [0, 0]: 0, 0, 0, 2 before; examined [6]; LEO [2, 2, 4]: 8/3 = 2.67,
    median 2, p90 (rank 3) 4; EGM [15, 20]: 17.5, 17.5, p90 (rank 2) 20. Release [2, 4, 8]:
    14/3 = 4.67, 4, 8; departure [23, 24]: 23.5, 23.5, 24. No export target is published:
    no share.
    Courier: CSB-F filed 10:00, X-ray +2, Auto-LEO +0: 2 h; CSB-A X-ray +4 (14:00), Auto-LEO
    +0: 4 h; CSB-E X-ray +3 (13:00), examined 15:00 (no milestone of the courier study), LEO
    +5 (18:00): 8 h. X-ray [2, 3, 4]: 3, 3, 4; LEO [0, 0, 5]: 5/3 = 1.67, 0, 5; release
    [2, 4, 8]: 4.67, 4, 8. Distribution: up to 6 h: 2, 6-12 h: 1."""
    core, _docs = study_core
    study = trs.time_release_study(core, officers()["com1"], *ts.PERIOD)
    exp = study.flow("export")
    assert exp.overall.documents == 3 and exp.target is None
    assert _stage(exp, "assessed") == (2, 0.0, 0.0, 0.0, 2)
    assert _stage(exp, "examined") == (1, 6.0, 6.0, 6.0, 0)
    assert _stage(exp, "leo") == (3, 2.67, 2.0, 4.0, 0)
    assert _stage(exp, "egm") == (2, 17.5, 17.5, 20.0, 0)
    assert _fig(exp.overall.release) == (3, 4.67, 4.0, 8.0)
    assert _fig(exp.overall.departure) == (2, 23.5, 23.5, 24.0)
    assert (exp.overall.within_target, exp.overall.share) == (None, None)
    assert [(r.route, _fig(r.release)) for r in exp.routes] == [
        (trs.FACILITATED, (1, 4.0, 4.0, 4.0)), (trs.ASSESSMENT, (1, 2.0, 2.0, 2.0)),
        (trs.EXAMINATION, (1, 8.0, 8.0, 8.0))]
    cou = study.flow("courier")
    assert _stage(cou, "xray") == (3, 3.0, 3.0, 4.0, 0)
    assert _stage(cou, "leo") == (3, 1.67, 0.0, 5.0, 0)
    assert _fig(cou.overall.release) == (3, 4.67, 4.0, 8.0)
    assert [b.count for b in cou.overall.distribution][:2] == [2, 1]


def test_trs_each_documents_stages_add_up_to_its_release_time():
    """Stages are taken in the order they happened from arrival, clamped at arrival: a BE
    filed 2 h before arrival, paid after examination (CCV), Out of Charge at the payment:
    filed 0 (before), assessed 1, registered 1, examined 1, paid 5, OOC 0 = 8 h release."""
    d = datetime(2026, 11, 16, 8)
    line = trs.Timeline("1", trs.EXAMINATION, {
        "arrival": d, "filed": d - timedelta(hours=2), "assessed": d + timedelta(hours=1),
        "registered": d + timedelta(hours=2), "examined": d + timedelta(hours=3),
        "paid": d + timedelta(hours=8), "ooc": d + timedelta(hours=8)})
    got = trs.stage_times(trs.IMPORTS, line)
    assert got == {"filed": (0.0, True), "assessed": (1.0, False), "registered": (1.0, False),
                   "examined": (1.0, False), "paid": (5.0, False), "ooc": (0.0, False)}
    assert sum(h for h, _ in got.values()) == trs.release_hours(trs.IMPORTS, line) == 8.0
    assert trs.figures([]) == trs.Figures(0, None, None, None)
    assert trs.figures([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) == trs.Figures(10, 5.5, 5.5, 9.0)
    assert trs.figures(range(1, 71)).p90 == 63.0  # rank 63 of 70, not 64


def test_trs_targets_are_the_parameters_in_force_with_their_source(study_core):
    """The target of the port category (the port directory's kind) in force on the period's
    last day: none before the NTRS 2025 report of 20.06.2025; a seaport's is 48 hours."""
    core, _docs = study_core
    with core.db.read() as s:
        sea = trs.target_of(s, "import", "sea", date(2026, 11, 18), "INIXZ1")
        assert (sea.hours, float(sea.national_pct)) == (48, 51.76)
        assert "seaports" in sea.source and "51.76%" in sea.national_source
        assert trs.target_of(s, "import", "air", date(2025, 6, 19), "INVTZ4") is None
        assert trs.target_of(s, "export", "air", date(2026, 11, 18), "INVTZ4") is None
    early = trs.time_release_study(core, officers()["acdc1"], date(2025, 6, 1),
                                   date(2025, 6, 19))
    assert early.flow("import").target is None


def test_trs_for_the_acdc_and_above_at_their_own_location(study_core):
    """TRS.view: the AC/DC, the Additional Commissioner and the Commissioner; at the location
    they are posted at (acdc9 at Port Blair reads Port Blair's); a period ending before it
    begins, and a location not in the directory, are refused."""
    core, _docs = study_core
    a = officers()
    for who in ("apr1", "exm1", "opr1", "sys1"):
        with pytest.raises(NotPermitted) as err:
            trs.time_release_study(core, a[who], *ts.PERIOD)
        assert err.value.check == "role"
    with pytest.raises(NotPermitted) as err:
        trs.time_release_study(core, a["acdc9"], *ts.PERIOD, location="INVTZ4")
    assert err.value.check == "location"
    blair = trs.time_release_study(core, a["acdc9"], *ts.PERIOD)
    assert (blair.location_code, blair.category) == ("INIXZ1", "sea")
    assert blair.flow("import").target.hours == 48
    with pytest.raises(InvalidInput):
        trs.time_release_study(core, a["adc1"], date(2026, 11, 18), date(2026, 11, 15))
    bogus = Actor("acdcx", "x", Role.ACDC, "INXXX1", "test")
    with pytest.raises(NotFound):
        trs.time_release_study(core, bogus, *ts.PERIOD)


def test_trs_an_sb_with_leo_but_no_arrival_is_left_out_and_counted(study_core):
    """An SB given LEO in the period with no goods registration recorded (loaded from
    elsewhere) has no arrival: it is left out of the figures and counted."""
    import db.tables as t

    core, docs = study_core
    with core.db.write() as s:  # as a bulk load leaves it: no registration row
        sb_id = s.exec(select(t.ShippingBill.id).where(
            t.ShippingBill.sb_no == docs["SB-A"])).one()
        s.execute(delete(t.GoodsRegistration).where(t.GoodsRegistration.sb_id == sb_id))
    exp = trs.time_release_study(core, officers()["acdc1"], *ts.PERIOD).flow("export")
    assert (exp.overall.documents, exp.left_out) == (2, 1)
    assert "no goods registration" in exp.left_out_why


# ---- the CLI ----


@pytest.fixture
def trs_cli(trs_template, tmp_path, monkeypatch):
    """``ices ... --json`` (or as given) on a copy of the study's database."""
    from console.cli import app

    path = tmp_path / "cli.db"
    shutil.copy(trs_template[0], path)
    for k, v in {"ICES_DATABASE_URL": f"sqlite:///{path}", "ICES_PASSWORD": "ices-demo",
                 "ICES_CLOCK": "2026-11-20T10:00"}.items():
        monkeypatch.setenv(k, v)
    runner = CliRunner()

    def ices(*args: str):
        return runner.invoke(app, list(map(str, args)))

    ices.tmp = tmp_path
    ices.docs = trs_template[1]
    return ices


PERIOD_ARGS = ("--from", "2026-11-15", "--to", "2026-11-18")


def test_trs_cli_json_csv_and_text(trs_cli):
    """``ices trs --json`` carries the figures of the study; ``--csv`` one row per flow,
    route and stage with the release rows holding the share; the text says the target."""
    out = trs_cli("trs", *PERIOD_ARGS, "--user", "acdc1", "--json")
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    imp = next(f for f in data["flows"] if f["flow"] == "import")
    assert imp["overall"]["release"] == {"n": 4, "mean": 25.13, "median": 18.5, "p90": 51.0}
    assert (imp["overall"]["within_target"], imp["overall"]["share"]) == (3, 75.0)
    assert imp["target"]["hours"] == "24"
    out = trs_cli("trs", *PERIOD_ARGS, "--user", "acdc1", "--csv")
    assert out.exit_code == 0, out.output
    rows = list(csv.DictReader(io.StringIO(out.output)))
    assert list(rows[0]) == list(trs.CSV_COLUMNS)
    release = next(r for r in rows if (r["flow"], r["route"], r["stage"]) == (
        "import", "all", "release"))
    assert (release["documents"], release["mean_hours"], release["share_pct"],
            release["target_hours"]) == ("4", "25.13", "75.0", "24")
    ooc = next(r for r in rows if (r["flow"], r["route"], r["stage"]) == (
        "import", "first_check", "ooc"))
    assert (ooc["documents"], ooc["median_hours"]) == ("1", "2.0")
    departure = next(r for r in rows if (r["flow"], r["route"], r["stage"]) == (
        "export", "all", "departure"))
    assert departure["p90_hours"] == "24.0"
    text = trs_cli("trs", *PERIOD_ARGS, "--user", "acdc1").output
    assert "target 24 h: 3 of 4 (75.00%); national (NTRS) 55.03%" in text
    assert "no target published for this flow" in text


def test_trs_cli_pdf_with_charts_and_tables(trs_cli):
    """``--pdf FILE``: the report, its headline per flow, the stage and distribution tables
    beside their charts, the sources; an existing file is kept unless --force."""
    pdf = trs_cli.tmp / "trs.pdf"
    out = trs_cli("trs", *PERIOD_ARGS, "--pdf", pdf, "--user", "acdc1")
    assert out.exit_code == 0, out.output
    text = "\n".join(pages(pdf.read_bytes()))
    assert "TIME RELEASE STUDY" in text and "Period 15.11.2026 to 18.11.2026" in text
    assert "3 of 4 (75.00%) released within the 24-hour target (national, NTRS: 55.03%)" \
        in " ".join(text.split())
    for said in ("Before", "Cumulative", "first check", "average", "90th percentile",
                 "EGM (departure)", "X-ray", "NTFAP 3.0 target"):
        assert said in text, said
    again = trs_cli("trs", *PERIOD_ARGS, "--pdf", pdf, "--user", "acdc1")
    assert isinstance(again.exception, InvalidInput) and "exists" in str(again.exception)
    assert trs_cli("trs", *PERIOD_ARGS, "--pdf", pdf, "--force", "--user", "acdc1"
                   ).exit_code == 0


def test_trs_cli_refusals(trs_cli):
    """Two outputs at once is a usage error (2); the help says who may read the study."""
    both = trs_cli("trs", *PERIOD_ARGS, "--json", "--csv", "--user", "acdc1")
    assert both.exit_code == 2
    helped = trs_cli("trs", "--help")
    assert "Read the Time Release Study (roles.md): ACDC or higher" in " ".join(
        helped.output.split())


def test_trs_cli_exit_codes_through_main(trs_template, tmp_path):
    """Through the console script: refused for an appraiser (5), a bad date (4)."""
    import os
    import subprocess
    import sys

    path = tmp_path / "cli.db"
    shutil.copy(trs_template[0], path)
    env = {**os.environ, "ICES_DATABASE_URL": f"sqlite:///{path}", "ICES_PASSWORD": "ices-demo"}
    run = [sys.executable, "-c", "from console.cli import main; main()"]
    apr = subprocess.run([*run, "trs", *PERIOD_ARGS, "--user", "apr1", "--json"], env=env,
                         capture_output=True, text=True)
    assert apr.returncode == 5 and json.loads(apr.stdout)["kind"] == (
        "not_found_or_not_permitted")
    bad = subprocess.run([*run, "trs", "--from", "15.11.2026", "--to", "2026-11-18",
                          "--user", "acdc1"], env=env, capture_output=True, text=True)
    assert bad.returncode == 4 and "YYYY-MM-DD" in bad.stderr


# ---- pendency ----


@pytest.fixture
def pending_core(pending_template, tmp_path):
    core, docs = copy_core(pending_template, tmp_path, ts.at(1, 11))
    yield core, docs
    core.db.dispose()


def _kind(name: str) -> str:
    return next(k for k in ("CSB", "SB", "BE", "IGM") if name.startswith(k))


def _mine(p: pend.Pendency, docs: dict) -> dict:
    """Our documents among those waiting, by (kind, number)."""
    numbers = {(_kind(k), v) for k, v in docs.items()}
    return {(w.kind, w.number): w for w in p.documents if (w.kind, w.number) in numbers}


def test_pendency_stages_officers_and_ageing_by_hand(pending_core):
    """Issue 19 item 3: the acts of trs_support up to D 12:00, the dashboard read at D+1
    11:00. What waits, since when (its last move into its present state), and its age:

    BE1 with the appraiser since D 10:00: 25 h = 1.04 d -> 1-3 days; BE2 registered, to
    examine, since D 12:00: 23 h -> under a day; BE3 registered since D 11:00: 24 h = 1.00 d
    -> 1-3 days (the bound belongs to the higher bucket); BE4 registered since D 11:30: 23.5
    h -> under a day; SB-A LEO given, the carrier's EGM awaited, since D 12:00 -> under a
    day; SB-E under examination since D 10:00 -> 1-3 days, marked to its examiner; SB-F
    registered, awaiting LEO, since D 09:00: 26 h -> 1-3 days; CSB-A awaiting X-ray since its
    assessment D 11:00 -> 1-3 days; CSB-E awaiting examination since D 11:00 -> 1-3 days.
    CSB-F had its Auto-LEO at D 12:00: nothing waits. The demo's documents (moved on 2 Nov
    or before) are all over 7 days. Read again at D+7 11:00, BE3 is 7.00 days: over 7."""
    core, docs = pending_core
    p = pend.pendency(core, officers()["acdc1"])
    mine = _mine(p, docs)
    got = {key: (w.stage, w.bucket, w.age_days) for key, w in mine.items()}
    n = docs
    assert got == {
        ("BE", n["BE1"]): ("BE.second_check", 1, 1.04),
        ("BE", n["BE2"]): ("BE.registered", 0, 0.96),
        ("BE", n["BE3"]): ("BE.registered", 1, 1.0),
        ("BE", n["BE4"]): ("BE.registered", 0, 0.98),
        ("SB", n["SB-A"]): ("SB.let_export", 0, 0.96),
        ("SB", n["SB-E"]): ("SB.under_examination", 1, 1.04),
        ("SB", n["SB-F"]): ("SB.goods_registered", 1, 1.08),
        ("CSB", n["CSB-A"]): ("CSB.awaiting_xray", 1, 1.0),
        ("CSB", n["CSB-E"]): ("CSB.for_examination", 1, 1.0),
    }
    assert mine[("BE", n["BE1"])].since == ts.at(0, 10)
    assert mine[("SB", n["SB-A"])].officer == "carrier"
    examiner = mine[("SB", n["SB-E"])].officer
    assert examiner in ("exm1", "exm2")
    assert mine[("BE", n["BE2"])].officer == "EXM (any)"
    demo = [w for w in p.documents if (w.kind, w.number) not in mine]
    assert demo and all(w.bucket == 3 for w in demo)
    # the rows: the demo's documents all in the last bucket, ours as above
    registered = next(r for r in p.by_stage if r.key == "BE.registered")
    demo_registered = sum(w.stage == "BE.registered" for w in demo)
    assert registered.counts == (2, 1, 0, demo_registered)
    assert registered.waits_for == "EXM: enter the examination report"
    assert p.totals == (3, 6, 0, len(demo)) and p.total == 9 + len(demo)
    by_examiner = next(r for r in p.by_officer if r.key == examiner)
    assert by_examiner.counts[:3] == (0, 1, 0)
    assert [w.number for w in p.behind("stage", "BE.registered", 0)] == [n["BE4"], n["BE2"]]
    assert [w.number for w in p.behind("officer", "carrier", 0)] == [n["SB-A"]]
    week = pend.pendency(Core(core.db, FixedClock(ts.at(7, 11))), officers()["acdc1"])
    be3 = _mine(week, docs)[("BE", n["BE3"])]
    assert (be3.age_days, be3.bucket) == (7.0, 3)


def test_pendency_for_the_acdc_and_above_at_their_own_location(pending_core):
    """PENDENCY.view: AC/DC and above, at their own posting; Port Blair's has none of ours."""
    core, _docs = pending_core
    a = officers()
    with pytest.raises(NotPermitted):
        pend.pendency(core, a["apr1"])
    with pytest.raises(NotPermitted):
        pend.pendency(core, a["acdc9"], location="INVTZ4")
    blair = pend.pendency(core, a["acdc9"])
    assert blair.location_code == "INIXZ1" and all(
        w.since < ts.at(0, 0) for w in blair.documents)


def test_pendency_cli_rows_and_the_list_behind_a_cell(pending_template, tmp_path, monkeypatch):
    """``ices pendency``: the rows by stage (or ``--by officer``); ``--list KEY --bucket N``
    the documents behind one cell."""
    from console.cli import app

    path = tmp_path / "cli.db"
    shutil.copy(pending_template[0], path)
    for k, v in {"ICES_DATABASE_URL": f"sqlite:///{path}", "ICES_PASSWORD": "ices-demo",
                 "ICES_CLOCK": "2026-11-17T11:00"}.items():
        monkeypatch.setenv(k, v)
    runner = CliRunner()
    docs = pending_template[1]
    out = runner.invoke(app, ["pendency", "--user", "acdc1"])
    assert out.exit_code == 0, out.output
    assert "BE registered, to examine" in out.output and "OVER 7 DAYS" in out.output
    out = runner.invoke(app, ["pendency", "--by", "officer", "--user", "acdc1"])
    assert "carrier" in out.output and "EXM (any)" in out.output
    out = runner.invoke(app, ["pendency", "--list", "BE.registered", "--bucket", "0",
                              "--user", "acdc1", "--json"])
    assert out.exit_code == 0, out.output
    assert [d["number"] for d in json.loads(out.output)] == [docs["BE4"], docs["BE2"]]
