"""Loading a Bill of Entry (as ``sb_common`` does for Shipping Bills): through its act
table's loader (``console.acts.be.BE``), holding its row lock unless only read.

Here rather than in ``bills_of_entry`` because that module calls ``bonds`` and
``warehousing``, which load BEs too.
"""

from __future__ import annotations

from sqlmodel import Session

import db.tables as t
from console.acts.be import BE


def load_be(s: Session, be_no: int, *, lock: bool = True) -> t.BillOfEntry:
    return BE.load(s, be_no, lock=lock)  # type: ignore[misc]


def load_job(s: Session, job_no: int, *, lock: bool = True) -> t.BillOfEntry:
    return BE.load(s, job_no, by="job", lock=lock)  # type: ignore[misc]
