"""Loading a Bill of Entry for an act, locked (as ``sb_common`` does for Shipping Bills).

Here rather than in ``bills_of_entry`` because that module calls ``bonds`` and
``warehousing``, which load BEs too.
"""

from __future__ import annotations

from sqlmodel import Session, select

import db.tables as t
from console.errors import NotFound


def load_be(s: Session, be_no: int) -> t.BillOfEntry:
    be = s.exec(select(t.BillOfEntry).where(t.BillOfEntry.be_no == be_no)
                .with_for_update()).first()
    if be is None:
        raise NotFound(f"BE {be_no} not found")
    return be


def load_job(s: Session, job_no: int) -> t.BillOfEntry:
    be = s.exec(select(t.BillOfEntry).where(t.BillOfEntry.job_no == job_no)
                .with_for_update()).first()
    if be is None:
        raise NotFound(f"BE job {job_no} not found")
    return be
