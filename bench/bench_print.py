"""Bench: printing. One 5-item SB's full set of copies (4 named copies in one PDF) and one
checklist, ms per document (target < 50 ms per set).

On a demo database copy, a 5-item SB is filed and taken to Let Export through the
services. ``print_set``: ``printing.render`` of the SB copies' ``PrintJob`` (the job is
built once by ``prints.print_document``, which logs the copies and may print them only
once, EXP-PRT-4), timed over n renders. ``checklist``: ``print_document`` (a new checklist
round of a draft, EXP-FIL-2: a write transaction) plus ``render``, timed over n prints.

    python bench/bench_print.py [--quick]     # n = 50 (quick 20)
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import DEMO_PASSWORD, demo_copy, emit, median, open_core, percentile  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    n = 20 if parser.parse_args().quick else 50

    import printing
    from console.demo.exports import IEC_MARINE, declaration
    from console.services import prints
    from console.services.admin.officers import login
    from console.services.exports import filing, leo
    from tests.sb_support import assessed, examined, registered

    with tempfile.TemporaryDirectory() as tmp:
        core = open_core(demo_copy(Path(tmp) / "print.db"))
        a = {u: login(core, u, DEMO_PASSWORD, "bench")
             for u in ("opr1", "apr1", "acdc1", "cus1", "exm1", "exm2")}
        data = declaration(core, IEC_MARINE, "09", avoid="03", items=5)
        sb = filing.create_draft(core, a["opr1"], data)
        filing.print_checklist(core, a["opr1"], sb.job_no)
        sb = registered(core, a, assessed(core, a, filing.submit_sb(core, a["opr1"],
                                                                    sb.job_no)))
        if sb.state == "under_examination":
            sb = examined(core, a, sb)
        leo.give_let_export_order(core, a["apr1"], sb.sb_no)
        job = prints.print_document(core, a["apr1"], "sb", sb.sb_no)
        assert len(job.view.items) == 5 and len(job.copies) == 4
        printing.render(job)  # warm-up: fonts, modules
        times = []
        for _ in range(n):
            start = time.perf_counter()
            pdf = printing.render(job)
            times.append((time.perf_counter() - start) * 1000)
        emit("print_sb_set_ms", round(median(times), 1), "ms", n,
             p99=round(percentile(times, 99), 1), bytes=len(pdf))
        draft = filing.create_draft(core, a["opr1"], data)
        times = []
        for _ in range(n):
            start = time.perf_counter()
            printing.render(prints.print_document(core, a["opr1"], "checklist",
                                                     f"J{draft.job_no}"))
            times.append((time.perf_counter() - start) * 1000)
        emit("print_checklist_ms", round(median(times), 1), "ms", n,
             p99=round(percentile(times, 99), 1))
        core.db.dispose()


if __name__ == "__main__":
    main()
