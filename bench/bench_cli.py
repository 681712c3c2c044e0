"""Bench: the CPU an ``ices`` command costs, against ``python -c "import sqlmodel"``.

Each sample is one whole process, as a script runs the installed tool: ``python -m
console ARGS`` (what ``ices ARGS`` runs) on a copy of the demo database, its CPU time
(user + system, from ``resource.getrusage(RUSAGE_CHILDREN)`` before and after) counted;
the baseline is a process that only imports SQLModel. Byte-code is compiled first and
every command runs once untimed; then the baseline and the commands take turns, so all
of them see the same load. Per command: the median CPU, the baseline's median, and the
median of the per-round ratios (command / baseline). Targets (issue 20): ``--help`` within
1.3, a read command within 1.8. The demo officers' passwords are hashed with Argon2's
cheapest profile (``bench/common.py``), so a login costs less here than on a real database.

    python bench/bench_cli.py [--quick] [--samples N]   # 7 rounds (quick 3)
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, T0, demo_copy, emit, median  # noqa: E402

SAMPLES = 7
BASELINE = [sys.executable, "-c", "import sqlmodel"]
# name -> arguments of ``ices``, and the ratio issue 20 asks for
COMMANDS: dict[str, tuple[list[str], float]] = {
    "cli_help": (["--help"], 1.3),
    "cli_sb_show": (["sb", "show", "1000001", "--json"], 1.8),
    "cli_sb_worklist": (["sb", "worklist", "--user", "apr1"], 1.8),
    "cli_be_show": (["be", "show", "3000001"], 1.8),
}


def cpu(argv: list[str], env: dict[str, str]) -> float:
    """CPU seconds (user + system) of one run of ``argv`` to its exit."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({done.returncode}): {done.stderr[-500:]}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 rounds instead of 7")
    parser.add_argument("--samples", type=int, default=None, help="rounds")
    args = parser.parse_args()
    rounds = args.samples or (3 if args.quick else SAMPLES)
    for package in ("console", "db", "printing"):  # as an installed tool runs: .pyc written
        compileall.compile_dir(ROOT / package, quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        db = demo_copy(Path(tmp) / "ices.db")
        env = {**os.environ, "ICES_DATABASE_URL": f"sqlite:///{db}",
               "ICES_PASSWORD": "ices-demo", "ICES_CLOCK": T0.isoformat(timespec="minutes"),
               "COLUMNS": "100"}
        runs = {name: [sys.executable, "-m", "console", *argv]
                for name, (argv, _) in COMMANDS.items()}
        cpu(BASELINE, env)
        for argv in runs.values():  # untimed: disk caches, the database's first open
            cpu(argv, env)
        base: list[float] = []
        ours: dict[str, list[float]] = {name: [] for name in runs}
        ratios: dict[str, list[float]] = {name: [] for name in runs}
        for _ in range(rounds):
            for name, argv in runs.items():
                b = cpu(BASELINE, env)
                o = cpu(argv, env)
                base.append(b)
                ours[name].append(o)
                ratios[name].append(o / b)
    print(f"import sqlmodel {[round(x * 1000) for x in base]} ms; "
          + "; ".join(f"{n} {[round(x * 1000) for x in v]} ms" for n, v in ours.items()),
          file=sys.stderr)
    for name, (argv, target) in COMMANDS.items():
        emit(name, round(median(ours[name]) * 1000, 1), "ms cpu", rounds,
             round(median(base) * 1000, 1), round(median(ratios[name]), 2),
             target=target, command="ices " + " ".join(argv))


if __name__ == "__main__":
    main()
