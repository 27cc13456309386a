"""Browser-test fixtures: Debian's Chromium (installed with apt-get when missing), a real `marsad serve` on a
free port over a seeded store, and Playwright driving Chromium headless through ``executable_path``.

Chromium starts with a fresh profile and without background networking, component updates or first-run
checks: the machine has no internet, and those would hang on Google lookups. Skipped, with the reason, only
when Chromium cannot be installed or the web assets are missing.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.api.seed import copy_store, seed

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-quic", "--disable-dev-shm-usage"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _install_chromium() -> str | None:
    """``apt-get install -y chromium`` (we run as root in CI); the reason it failed, or None."""
    if os.geteuid() != 0:
        return "Chromium is not installed and installing it needs root"
    if shutil.which("apt-get") is None:
        return "Chromium is not installed and there is no apt-get to install it"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    last = None
    for cmd in (["apt-get", "install", "-y", "-q", "chromium"], ["apt-get", "update", "-q"],
                ["apt-get", "install", "-y", "-q", "chromium"]):
        last = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=1200)
        if last.returncode == 0 and cmd[1] == "install":
            return None
    tail = (last.stderr or last.stdout).strip().splitlines()[-1:] if last else []
    return f"apt-get install chromium failed: {tail}"


@pytest.fixture(scope="session")
def chromium() -> str:
    if not Path(CHROMIUM).exists():
        reason = _install_chromium()
        if reason is not None or not Path(CHROMIUM).exists():
            pytest.skip(f"no headless Chromium: {reason}")
    return CHROMIUM


@pytest.fixture(scope="session")
def pipeline():
    from marsad.cli import ensure_gazetteer
    from marsad.pipeline import Pipeline

    ensure_gazetteer()
    return Pipeline()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, db: Path, port: int, proc: subprocess.Popen, log: Path):
        self.db, self.port, self.proc, self.log = db, port, proc, log
        self.url = f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def server(tmp_path_factory, pipeline) -> Iterator[Server]:
    """``marsad serve`` (a real uvicorn) on a free port, over a store seeded for this module."""
    from marsad.api.app import missing_assets

    if missing_assets():
        pytest.skip(f"web assets not installed ({missing_assets()[0]}): run make install")
    base = tmp_path_factory.mktemp("web")
    seeded = base / "seed.db"
    seed(seeded, pipeline)
    db = copy_store(seeded, base / "store.db")
    port = _free_port()
    log = base / "serve.log"
    with log.open("w") as fh:
        proc = subprocess.Popen([sys.executable, "-m", "marsad.cli", "serve", "--db", str(db), "--port", str(port)],
                                stdout=fh, stderr=subprocess.STDOUT)
    srv = Server(db, port, proc, log)
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(srv.url + "/api/health", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"marsad serve did not start: {log.read_text()}")
        time.sleep(0.2)
    try:
        yield srv
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="session")
def pw(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


def _launch(pw, chromium: str, profile: Path, **options):
    """Chromium headless on a fresh profile folder (a new one per context)."""
    return pw.chromium.launch_persistent_context(str(profile), executable_path=chromium, headless=True, args=ARGS,
                                                 viewport={"width": 1366, "height": 820}, locale="en-US", **options)


def _watch(pg):
    """Collect script errors and console errors (failed requests, CSP violations) on ``pg.errors``."""
    pg.errors = []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("console", lambda m: pg.errors.append(f"{m.text} [{m.location.get('url', '')}]") if m.type == "error"
          else None)
    return pg


@pytest.fixture(scope="module")
def browser_context(pw, chromium, tmp_path_factory):
    ctx = _launch(pw, chromium, tmp_path_factory.mktemp("chromium-profile"))
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture
def page(browser_context):
    pg = _watch(browser_context.new_page())
    yield pg
    pg.close()


@pytest.fixture
def page_without_csp(pw, chromium, tmp_path):
    """A page whose browser ignores the server's Content-Security-Policy: what the app itself does with markup,
    without the policy's second line of defence."""
    ctx = _launch(pw, chromium, tmp_path / "chromium-profile", bypass_csp=True)
    try:
        yield _watch(ctx.new_page())
    finally:
        ctx.close()


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory) -> Path:
    """Where the browser tests save their screenshots: a temporary folder, or the README's docs/screenshots/
    when MARSAD_SCREENSHOTS=1 (a test run never rewrites tracked files unasked)."""
    if os.environ.get("MARSAD_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        return SCREENSHOTS
    return tmp_path_factory.mktemp("screenshots")
