"""Bench: Shipping Bills filed through ICEGATE, through the mailbox (issue 16, EDI-1..4).

N CACHE01 files of 5 items each (the declarations of ``bench_filing.py``, from the demo
broker filer VCBPL0001 for Andhra Pharma) are written into an inbox, then ``mailbox.process``
takes them all: decode, checks, the draft keyed and submitted at once (EDI-3) in one unit
of work with the log entry and the .ack, the .ack written to the outbox, the file moved to
``done/``. Against it: the same declarations filed through the service functions directly,
as the same filer, with no message at all: ``filing.create_draft`` then the remote
submission, in one unit of work each. The two alternate, ``--chunk`` files (100) through
the mailbox then as many directly, so both see the same load on the machine. ratio =
mailbox time / direct time (target <= 1.5); messages per second (target >= 200). Both on
copies of the demo database in a temp dir with a FixedClock at 2 Nov 2026 11:00; 5 untimed
warm-up SBs each.

    python bench/bench_edi.py            # n = 10,000
    python bench/bench_edi.py --quick    # n = 200
    python bench/bench_edi.py --profile  # also print the top of cProfile to stderr
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_filing import WARMUP, declaration, tariff_items  # noqa: E402
from common import CACHE, HOME, T0, demo_copy, emit, open_core  # noqa: E402

FILER = "VCBPL0001"  # the demo's broker filer (console/demo/edi.py)
IEC = "AAPCA1234F"  # Andhra Pharma Exports: AD code registered at INVTZ4 (as bench_filing)
AVOID = ("3004", "03", "72")


def declarations(core, n: int) -> list[dict]:
    from sqlmodel import select

    import db.tables as t

    with core.db.read() as s:
        ad = s.exec(select(t.AdRegistration.ad_code).where(
            t.AdRegistration.iec == IEC, t.AdRegistration.port_code == HOME)).first()
    items = [(i, d[:120], u) for i, d, u in tariff_items(core)]
    out = []
    for i in range(n):
        data = declaration(core, items, i, ad)
        data["iec"] = IEC
        out.append(data)
    return out


def write_inbox(inbox: Path, datas: list[dict], first_job: int) -> None:
    from console.edi import codec, messages

    inbox.mkdir(parents=True, exist_ok=True)
    for k, data in enumerate(datas):
        job = first_job + k
        msg = messages.sb_message(data, sender=FILER, receiver=HOME, custom_house=HOME,
                                  job_no=job, job_date=T0.date(), control_no=str(job), at=T0)
        (inbox / f"{job}{T0.year}.sb").write_bytes(codec.encode(msg))


def run(edi_db: Path, direct_db: Path, tmp: Path, datas: list[dict], chunk: int,
        profile: bool) -> tuple[float, float, int]:
    """Seconds through the mailbox and seconds directly, for the same declarations, taken in
    alternating chunks so that both see the same load on the machine."""
    from console.acts.sb import SB
    from console.services.edi import filers, mailbox
    from console.services.edi.inbound import submit_sb_remote
    from console.services.exports import filing

    edi, direct = open_core(edi_db), open_core(direct_db)
    actor = filers.edi_actor(filers.get_filer(direct, FILER), HOME)

    def file_directly(data: dict) -> None:
        with direct.db.unit() as s:
            draft = filing.create_draft(direct, actor, data)
            SB.load(s, draft.job_no, by="job").edi_sender = FILER
            submit_sb_remote(s, direct, actor, draft.job_no, "bench")

    outbox = tmp / "outbox"
    write_inbox(tmp / "warm", datas[:WARMUP], 1)
    mailbox.process(edi, tmp / "warm", outbox)
    for data in datas[:WARMUP]:
        file_directly(data)
    timed = datas[WARMUP:]
    boxes = []
    for k in range(0, len(timed), chunk):
        box = tmp / f"inbox{k // chunk:04d}"
        write_inbox(box, timed[k:k + chunk], 1 + WARMUP + k)
        boxes.append(box)
    prof = _start(profile)
    t_box = t_direct = 0.0
    filed = 0
    for n, box in enumerate(boxes):
        t0 = time.perf_counter()
        summary = mailbox.process(edi, box, outbox)
        t_box += time.perf_counter() - t0
        assert not summary.failed and summary.filed == summary.received, summary.messages[:3]
        filed += summary.filed
        t1 = time.perf_counter()
        for data in timed[n * chunk:(n + 1) * chunk]:
            file_directly(data)
        t2 = time.perf_counter()
        t_direct += t2 - t1
        if n % 10 == 0 or n == len(boxes) - 1:
            print(f"chunk {n + 1}/{len(boxes)}: mailbox {1000 * (t1 - t0) / summary.filed:.1f} "
                  f"ms, direct {1000 * (t2 - t1) / summary.filed:.1f} ms per SB",
                  file=sys.stderr, flush=True)
    _stop(prof)
    edi.db.dispose()
    direct.db.dispose()
    assert filed == len(timed), filed
    return t_box, t_direct, filed


def _start(profile: bool):  # noqa: ANN202
    if not profile:
        return None
    import cProfile

    prof = cProfile.Profile()
    prof.enable()
    return prof


def _stop(prof) -> None:  # noqa: ANN001
    if prof is None:
        return
    import pstats

    prof.disable()
    pstats.Stats(prof, stream=sys.stderr).sort_stats("cumulative").print_stats(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="200 SBs instead of 10,000")
    parser.add_argument("--n", type=int, help="number of SB files (overrides --quick)")
    parser.add_argument("--chunk", type=int, default=100, help="files per mailbox run, "
                        "alternating with as many filed directly (default 100)")
    parser.add_argument("--profile", action="store_true", help="cProfile the timed runs")
    args = parser.parse_args()
    n = args.n or (200 if args.quick else 10_000)
    with tempfile.TemporaryDirectory(dir=CACHE) as tmp:
        tmp = Path(tmp)
        edi_db = demo_copy(tmp / "edi.db")
        core = open_core(edi_db)
        datas = declarations(core, n + WARMUP)
        core.db.dispose()
        took, direct, filed = run(edi_db, demo_copy(tmp / "direct.db"), tmp, datas,
                                  args.chunk, args.profile)
    rate, ratio = n / took, took / direct
    print(f"mailbox {rate:,.1f} SB files/s ({1000 / rate:.1f} ms each); services directly "
          f"{n / direct:,.1f} SBs/s ({1000 * direct / n:.1f} ms each); ratio {ratio:.2f}",
          file=sys.stderr)
    emit("edi_mailbox_sb", round(rate, 1), "messages/s", n, baseline=round(n / direct, 1),
         ratio=round(ratio, 2), target="≥ 200 messages/s, ratio ≤ 1.5",
         ms_per_message=round(1000 / rate, 2), ms_per_direct=round(1000 * direct / n, 2))


if __name__ == "__main__":
    main()
