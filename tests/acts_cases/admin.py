"""The admin acts (roles.md; exports.md EXP-REG-1..8): officer accounts, a directory
imported, and an exporter's registrations."""

from __future__ import annotations

import tempfile
from itertools import count
from pathlib import Path

from sqlmodel import select

import db.tables as t
from console.formats import gstin_check_character
from console.services.admin import officers, registries
from tests.acts_cases.base import Subject

SUBJECT = "subject1"  # the officer acted on (no test actor has this name)
IEC = "AAPCA1234F"  # a demo exporter
_n = count(1)
_dir = Path(tempfile.mkdtemp(prefix="acts_admin_"))


def _ad_code(core) -> str:
    with core.db.read() as s:
        return s.exec(select(t.AdCode.code).order_by(t.AdCode.code.desc())).first()


def _gstin() -> str:
    first14 = f"37{IEC}{next(_n) % 9 + 1}Z"
    return first14 + gstin_check_character(first14)


def _brokers() -> Path:
    path = _dir / f"brokers{next(_n)}.csv"
    path.write_text("code,name,verified\nAAECV1122HCH002,Good Broker,Y\n", encoding="utf-8")
    return path


def subjects(core, a) -> list[Subject]:
    """An examiner posted at the home location, and a demo exporter's IEC."""
    officers.add_officer(core, a["sys1"], SUBJECT, "Subject Officer", "EXM", "INVTZ4",
                         "password123")
    return [Subject("OFFICER", SUBJECT), Subject("EXPORTER", IEC)]


CALLS = {
    "OFFICER.add": lambda core, actor, ref: officers.add_officer(
        core, actor, f"new{next(_n)}", "New Officer", "APR", actor.location_code,
        "password123"),
    "OFFICER.disable": lambda core, actor, ref: officers.disable_officer(core, actor, ref,
                                                                         "transferred"),
    "OFFICER.duty": lambda core, actor, ref: officers.set_on_duty(core, actor, ref, False),
    "OFFICER.password": lambda core, actor, ref: officers.change_password(core, actor, ref,
                                                                          "new-password-1"),
    "OFFICER.reset_password": lambda core, actor, ref: officers.reset_password(
        core, actor, ref, "new-password-1"),
    "DIRECTORY.import": lambda core, actor, ref: registries.import_directory(
        core, actor, "brokers", _brokers()),
    "EXPORTER.register_ad": lambda core, actor, ref: registries.register_ad(
        core, actor, ref, _ad_code(core), actor.location_code),
    "EXPORTER.register_bank_account": lambda core, actor, ref: registries.register_bank_account(
        core, actor, ref, "HDFC0001234", "50100012345678"),
    "EXPORTER.register_gstin": lambda core, actor, ref: registries.register_gstin(
        core, actor, ref, _gstin()),
}
