"""``ices serve``: its arguments, and the console driven in a real browser (Debian's
chromium through Playwright's Python API; skipped with the reason where there is none).

The browser draws the terminal on a canvas (xterm.js), so the page's DOM holds no screen
text: the test keeps what the server sends the page's websocket (the terminal stream) in
``window.__ices_out`` and waits, with Playwright's ``wait_for_function``, for the text a
screen shows to arrive.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from console.commands import serve as serve_commands
from tests.conftest import T0

# ---- arguments ----


class FakeServer:
    """Stands in for textual_serve's Server: records what it was given."""

    made: list[FakeServer] = []

    def __init__(self, command: str, host: str, port: int, title: str, public_url: str):
        self.command, self.host, self.port = command, host, port
        self.title, self.public_url = title, public_url
        self.database = os.environ.get("ICES_DATABASE_URL")
        self.served = False
        FakeServer.made.append(self)

    def serve(self) -> None:
        self.served = True


@pytest.fixture
def fake_server(monkeypatch):
    import textual_serve.server

    FakeServer.made = []
    monkeypatch.setattr(textual_serve.server, "Server", FakeServer)
    monkeypatch.delenv("ICES_DATABASE_URL", raising=False)  # restored after the test
    return FakeServer.made


def invoke(*args: str):
    from console.cli import app

    return CliRunner().invoke(app, list(args), catch_exceptions=True)


def test_serve_defaults_to_this_machine_on_port_8000(templates, tmp_path, fake_server):
    url = f"sqlite:///{tmp_path / 'ices.db'}"
    shutil.copy(templates["demo"], tmp_path / "ices.db")
    result = invoke("--db", url, "serve")
    assert result.exit_code == 0, result.output
    (server,) = fake_server
    assert (server.host, server.port, server.served) == ("127.0.0.1", 8000, True)
    assert server.public_url == "http://127.0.0.1:8000"
    assert server.title == "ICES 1.5"
    # each tab runs this Python's console; the database goes in the environment only
    assert server.command.startswith(f"{sys.executable} -m console run --terminal web@")
    assert server.database == url and url not in server.command


def test_serve_host_port_and_public_url(templates, tmp_path, fake_server):
    url = f"sqlite:///{tmp_path / 'ices.db'}"
    shutil.copy(templates["demo"], tmp_path / "ices.db")
    assert invoke("--db", url, "serve", "--host", "0.0.0.0", "--port", "9000").exit_code == 0
    assert invoke("--db", url, "serve", "--host", "10.1.2.3", "--port", "8443",
                  "--public-url", "https://ices.example/").exit_code == 0
    wild, proxied = fake_server
    assert (wild.host, wild.port) == ("0.0.0.0", 9000)
    assert wild.public_url == f"http://{socket.gethostname()}:9000"  # not http://0.0.0.0
    assert (proxied.host, proxied.port) == ("10.1.2.3", 8443)
    assert proxied.public_url == "https://ices.example"


def test_serve_refuses_a_bad_port_and_a_database_that_is_not_one(tmp_path, fake_server):
    from console.errors import ExitCode

    empty = f"sqlite:///{tmp_path / 'none.db'}"
    assert invoke("--db", empty, "serve", "--port", "0").exit_code == ExitCode.USAGE
    result = invoke("--db", empty, "serve")
    assert result.exit_code != 0 and "not an ICES database" in str(result.exception)
    assert fake_server == []


def test_public_url_brackets_an_ipv6_address():
    assert serve_commands.public_url("::1", 8000, None) == "http://[::1]:8000"


# ---- in a browser ----

CAPTURE = """
window.__ices_out = "";
const NativeWebSocket = window.WebSocket;
window.WebSocket = class extends NativeWebSocket {
  constructor(...args) {
    super(...args);
    const decoder = new TextDecoder();
    this.addEventListener("message", (event) => {
      if (typeof event.data !== "string") {
        window.__ices_out += decoder.decode(event.data, {stream: true});
      }
    });
  }
};
"""
# the stream without its escape sequences (cursor moves, colours)
PLAIN = "window.__ices_out.replace(/\\x1b\\[[0-9;?]*[ -\\/]*[@-~]/g, '')"
SHOWS = f"(text) => {PLAIN}.includes(text)"
SHOWS_SB = f"() => /SB \\d{{7}} of /.test({PLAIN})"
SHOWS_NUMBER = f"() => /\\b1\\d{{6}}\\b/.test({PLAIN})"  # an SB number (a worklist row)
WAIT_MS = 20_000


def chromium() -> str | None:
    return (os.environ.get("ICES_CHROMIUM") or shutil.which("chromium")
            or shutil.which("chromium-browser"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, server: subprocess.Popen, log: Path, timeout: float = 20) -> None:
    """Until the server accepts connections (or has died, or the time is up)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"ices serve exited {server.returncode}: {log.read_text()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    pytest.fail(f"ices serve did not listen on {port} in {timeout} s: {log.read_text()}")


@pytest.fixture
def served(templates, tmp_path):
    """``ices serve`` on a free port over a copy of the demo database: its URL."""
    shutil.copy(templates["demo"], tmp_path / "ices.db")
    port, log = free_port(), tmp_path / "serve.log"
    env = dict(os.environ, ICES_CLOCK=T0.isoformat(timespec="minutes"))
    env.pop("ICES_DATABASE_URL", None)
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "console", "--db", f"sqlite:///{tmp_path / 'ices.db'}",
             "serve", "--port", str(port)], cwd=tmp_path, env=env, stdout=out,
            stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for_port(port, server, log)
        yield f"http://127.0.0.1:{port}/"
    finally:  # the server and the sessions it started (its process group)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


@pytest.fixture
def chromium_path() -> str:
    """Debian's chromium (or $ICES_CHROMIUM); the test skips, saying why, without one."""
    pytest.importorskip("playwright.sync_api")
    path = chromium()
    if path is None:
        pytest.skip("no Chromium found (Debian: apt-get install chromium; or ICES_CHROMIUM)")
    return path


@pytest.fixture
def browser(chromium_path):
    from playwright import sync_api

    with sync_api.sync_playwright() as pw:
        try:
            launched = pw.chromium.launch(executable_path=chromium_path)
        except Exception as err:
            pytest.skip(f"Chromium at {chromium_path} cannot start: {err}")
        try:
            yield launched
        finally:
            launched.close()


def test_console_in_a_browser_appraiser_opens_an_sb(chromium_path, served, browser, tmp_path):
    """Log in as the appraiser in a browser tab, see the worklist, open the first SB on it;
    the screenshot is kept (its path is printed)."""
    page = browser.new_page(viewport={"width": 1100, "height": 640})
    page.route(re.compile(r"^https?://(?!127\.0\.0\.1[:/])"), lambda route: route.abort())
    page.add_init_script(CAPTURE)
    page.goto(served)
    page.wait_for_function(SHOWS, arg="Officer login", timeout=WAIT_MS)
    page.wait_for_function(SHOWS, arg="TRAINING database", timeout=WAIT_MS)  # it is open
    page.locator(".xterm-screen").click()
    page.keyboard.type("apr1")
    page.keyboard.press("Enter")
    page.keyboard.type("ices-demo")
    page.evaluate("window.__ices_out = ''")
    page.keyboard.press("Enter")

    page.wait_for_function(SHOWS, arg="To assess, and to give Let Export", timeout=WAIT_MS)
    page.wait_for_function(SHOWS, arg="welcome, S. Rao", timeout=WAIT_MS)
    page.wait_for_function(SHOWS_NUMBER, timeout=WAIT_MS)
    listed = set(re.findall(r"\b1\d{6}\b", page.evaluate(PLAIN)))
    keep(page, tmp_path / "serve-worklist.png")
    page.evaluate("window.__ices_out = ''")
    page.keyboard.press("Enter")  # the selected SB

    page.wait_for_function(SHOWS_SB, timeout=WAIT_MS)
    sb_no = re.search(r"SB (\d{7}) of ", page.evaluate(PLAIN)).group(1)
    assert sb_no in listed  # the SB opened is one the worklist showed
    page.wait_for_function(SHOWS, arg="Log out", timeout=WAIT_MS)  # its footer drawn

    keep(page, tmp_path / "serve.png")


def keep(page, shot: Path) -> None:
    """A screenshot as the test's artefact (also into $ICES_TEST_ARTEFACTS when set)."""
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    if os.environ.get("ICES_TEST_ARTEFACTS"):
        folder = Path(os.environ["ICES_TEST_ARTEFACTS"])
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, folder / shot.name)
    print(f"screenshot: {shot}")
