"""National running-number series (EXP-FIL-3, IMP-BE-3, BND-4).

One row per series; ``UPDATE ... RETURNING`` takes the row lock and hands out
the number in the caller's transaction, so two terminals never get the same
number and a rolled-back filing gives its number back.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlmodel import Session

# First number of each series. Bonds: one serial for all types from 100001 (BND-4).
SERIES_START: dict[str, int] = {
    "JOB": 1,
    "SB": 1000001,
    "CSB": 2000001,
    "BE": 3000001,
    "EGM": 10001,
    "IGM": 20001,
    "CHALLAN": 500001,
    "TRA": 1001,
    "BOND": 100001,
    "MEMO": 1,
    "SCROLL": 1,
    "CERT": 700001,
    "LICREG": 1,  # licences registered at the port (EXP-REG-9)
}


def ensure_series(session: Session) -> None:
    """Create missing series rows (idempotent); never resets an existing one."""
    for name, start in SERIES_START.items():
        session.execute(
            text(
                "INSERT INTO numberseries (name, next_value) VALUES (:n, :v) "
                "ON CONFLICT (name) DO NOTHING"
            ),
            {"n": name, "v": start},
        )


_NEXT = text("UPDATE numberseries SET next_value = next_value + 1 WHERE name = :n "
             "RETURNING next_value - 1")


def next_number(session: Session, series: str) -> int:
    """Allocate the next number of ``series`` inside the caller's transaction (on its
    connection: the statement touches no row the session holds, so nothing is flushed)."""
    row = session.connection().execute(_NEXT, {"n": series}).first()
    if row is None:
        raise KeyError(f"number series {series!r} does not exist (run 'ices init')")
    return int(row[0])
