"""A live server on 127.0.0.1 and a Chromium driven by Playwright (Debian's /usr/bin/chromium).

Playwright's own browser download is not used; every request goes to loopback only.
"""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("COPROD_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class LiveServer:
    def __init__(self, spec: Path) -> None:
        import waitress

        from coprod_slides.web.app import create_app

        self.app = create_app(spec)
        self.state = self.app.extensions["coprod"]
        self.server = waitress.create_server(
            self.app, host="127.0.0.1", port=0, threads=8, connection_limit=64
        )
        self.url = f"http://127.0.0.1:{self.server.effective_port}"
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.task_dispatcher.shutdown(timeout=30)  # let requests in flight finish
        self.server.close()
        self.thread.join(timeout=10)
        self.state.close()


@pytest.fixture(scope="session")
def live_server():
    pytest.importorskip("flask")
    pytest.importorskip("waitress")
    from coprod_slides.build import builtin_spec

    server = LiveServer(builtin_spec())
    yield server
    server.close()


@pytest.fixture(scope="session")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, accept_downloads=True)
    context.set_default_timeout(90_000)
    page = context.new_page()
    page.goto("/")
    yield page
    context.close()
