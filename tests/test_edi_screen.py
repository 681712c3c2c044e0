"""Remote filing on screen (edi.md; roles.md): the ICEGATE message log for the service
centre and the system manager (received, sender, type, result, reply, the document it
made), a reply sent again; the registry of ICEGATE filers for the system manager."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from console.acts import acts_of
from console.demo.base import OFFICERS
from console.services.edi import filers, mailbox
from screens.edi import EdiLogScreen, FilersScreen, message_row
from screens.forms import ConfirmScreen
from screens.home import HomeScreen
from screens.registers import registers_for
from tests.app_support import SIZE, errors, log_in, make_app, pilot_test, quiet, settle
from tests.test_admin_screens import open_register, select_row
from tests.test_app_sb import form_fill

SAMPLES = Path(__file__).resolve().parent.parent / "fixtures" / "examples" / "edi"
LOG, FILERS = "ICEGATE messages (remote filing)", "ICEGATE filers"


def _received(core, tmp: Path) -> mailbox.Summary:
    """The sample SB and BE through the mailbox, a damaged file, and the SB again."""
    inbox = tmp / "inbox"
    inbox.mkdir(exist_ok=True)
    for name in ("1012026.sb", "1022026.be"):
        (inbox / name).write_bytes((SAMPLES / name).read_bytes())
    raw = (SAMPLES / "1012026.sb").read_bytes()
    (inbox / "1082026.sb").write_bytes(raw[: len(raw) // 2])
    (inbox / "1092026.sb").write_bytes(raw)
    return mailbox.process(core, inbox, tmp / "outbox")


def test_the_log_says_what_became_of_each_message(demo_core, actors, tmp_path):
    _received(demo_core, tmp_path)
    rows = mailbox.message_log(demo_core, actors["opr1"])
    assert [message_row(v) for v in rows] == [
        ("02.11 11:00", "VCBPL0001", "SB", "copy", "1092026.ack", "SB 1000021"),
        ("02.11 11:00", "VCBPL0001", "CACHE01", "NAK", "1082026.nak", ""),
        ("02.11 11:00", "VSFLLP0001", "BE", "ok", "1022026.ack", "BE 3000013"),
        ("02.11 11:00", "VCBPL0001", "SB", "ok", "1012026.ack", "SB 1000021"),
    ]
    assert rows[1].errors == ("112:TREC",)
    assert all(v.acts == ("EDI.resend",) for v in rows)
    # Port Blair's service centre sees the messages no location took, not Visakhapatnam's
    assert [v.file_name for v in mailbox.message_log(demo_core, actors["opr9"])] == [
        "1082026.sb"]
    assert mailbox.message_log(demo_core, actors["apr1"])[0].acts == ()


@pilot_test
async def test_edi_4_the_service_centre_sends_a_reply_again_from_the_log(demo_core, tmp_path):
    """The operator opens the log from F6 Lists, reads why a message was refused, and sends
    a filer's lost .ack again (EDI-4): written at the next run of the mailbox."""
    _received(demo_core, tmp_path)
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "opr1")
        screen = await open_register(pilot, LOG)
        assert isinstance(screen, EdiLogScreen)
        await settle(pilot)
        assert len(screen.rows) == 4
        nak = screen.rows[1]
        await select_row(pilot, screen, str(nak.id))
        assert "refused: 112:TREC" in str(screen.query_one("#edi-detail").render())
        ok = screen.rows[3]
        await select_row(pilot, screen, str(ok.id))
        assert screen.check_action("resend", ()) is True
        await pilot.press("f7")
        await settle(pilot)
        assert not errors(app), errors(app)
    (tmp_path / "outbox" / "1012026.ack").unlink()
    assert mailbox.flush(demo_core, tmp_path / "outbox") == ["1012026.ack"]
    assert (tmp_path / "outbox" / "1012026.ack").exists()


@pilot_test
async def test_edi_2_the_system_manager_registers_and_disables_a_filer(demo_core):
    """EDI-2: F2 registers an ICEGATE id tied to a carrier of the directory (a code not in
    it is refused with the rule and the form comes back); D disables a filer, asked twice."""
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "sys1")
        screen = await open_register(pilot, FILERS)
        assert isinstance(screen, FilersScreen)
        await settle(pilot)
        assert [v.icegate_id for v in screen.rows] == ["AICARGO01", "VCBPL0001",
                                                       "VSFLLP0001"]
        await pilot.press("f2")
        await form_fill(pilot, icegate_id="indigo01", kind="carrier", code="ZZ")
        assert "EXP-REG-3" in errors(app)[-1]
        await form_fill(pilot, code="6E")
        assert app.screen is screen
        assert screen.selected().icegate_id == "INDIGO01"
        await pilot.press("d")
        await form_fill(pilot, reason="agency ended")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert screen.selected().state == "disabled"
        assert screen.check_action("disable", ()) is False
    assert filers.get_filer(demo_core, "INDIGO01").disabled_reason == "agency ended"


@pilot_test
async def test_the_edi_registers_fit_80_columns_for_who_opens_them(demo_core):
    """The log for the service centre and the system manager, the filers for the system
    manager only; their footers fit 80 columns with F12 Log out shown."""
    from textual.widgets._footer import FooterKey

    app = make_app(demo_core)
    seen: dict[str, set[str]] = {}
    async with app.run_test(size=SIZE) as pilot:
        for username, *_ in OFFICERS:
            await log_in(pilot, username)
            assert isinstance(app.screen, HomeScreen)
            for register in registers_for(acts_of(app.actor)):
                if not register.screen.startswith("screens.edi:"):
                    continue
                module, _, name = register.screen.partition(":")
                await app.push_screen(getattr(import_module(module), name)())
                await settle(pilot)
                keys = list(app.screen.query(FooterKey))
                said = [k.description for k in keys]
                assert max(k.region.right for k in keys) <= SIZE[0], (username, said)
                assert "Log out" in said, (username, said)
                seen.setdefault(register.label, set()).add(username)
                app.pop_screen()
                await settle(pilot)
            await pilot.press("f12")
            await settle(pilot)
    assert seen == {LOG: {"sys1", "opr1", "opr9"}, FILERS: {"sys1"}}


def test_snapshot_edi_log(demo_core, tmp_path, snap_compare):
    """The service centre's log: a filed SB and BE, a damaged file refused, a copy."""
    _received(demo_core, tmp_path)

    async def before(pilot) -> None:
        await log_in(pilot, "opr1")
        screen = await open_register(pilot, LOG)
        await settle(pilot)
        await select_row(pilot, screen, str(screen.rows[1].id))
        await quiet(pilot)

    assert snap_compare(make_app(demo_core), terminal_size=SIZE, run_before=before)
