"""Run every bench/bench_*.py as a subprocess and print their JSON result lines.

    python bench/run.py            # full sizes
    python bench/run.py --quick    # small sizes (under a minute on 2 cores)
    python bench/run.py --only filing,worklist

Each bench prints one or more JSON lines ``{"bench", "value", "unit", "n",
"baseline", "ratio", ...}`` on stdout (anything else it says goes to stderr,
passed through). Exits 0 when every bench ran, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="pass --quick to every bench")
    parser.add_argument("--only", default="", help="comma-separated bench names (filing,...)")
    args = parser.parse_args()
    wanted = {w.strip() for w in args.only.split(",") if w.strip()}
    scripts = sorted(p for p in HERE.glob("bench_*.py")
                     if not wanted or p.stem.removeprefix("bench_") in wanted)
    failed = []
    start = time.perf_counter()
    for script in scripts:
        t0 = time.perf_counter()
        cmd = [sys.executable, str(script)] + (["--quick"] if args.quick else [])
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True)
        lines = []
        for line in proc.stdout.splitlines():
            try:
                row = json.loads(line)
            except ValueError:
                print(line, file=sys.stderr)
                continue
            if isinstance(row, dict) and "bench" in row:
                lines.append(row)
                print(json.dumps(row), flush=True)
        took = time.perf_counter() - t0
        if proc.returncode != 0 or not lines:
            failed.append(script.name)
            print(f"{script.name}: FAILED (exit {proc.returncode}, {len(lines)} result lines)",
                  file=sys.stderr)
        print(f"{script.name}: {took:.1f}s", file=sys.stderr)
    print(f"total {time.perf_counter() - start:.1f}s; {len(scripts) - len(failed)}/"
          f"{len(scripts)} benches ran", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
