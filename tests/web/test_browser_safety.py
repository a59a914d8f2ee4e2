"""The page under hostile uploads, many sessions and many requests; keyboard and axe-core."""

from __future__ import annotations

import http.cookiejar
import struct
import threading
import urllib.request
import zlib
from pathlib import Path

import pytest

from coprod_slides.build import builtin_spec
from coprod_slides.web.tailoring import load_base

from .conftest import LiveServer
from .test_browser import checked_ids, download, move_before

pytestmark = pytest.mark.render

AXE = Path(__file__).parent / "vendor" / "axe-4.10.3.min.js"


def huge_png(width: int = 30_000, height: int = 30_000) -> bytes:
    """A small file that claims 30,000 × 30,000 pixels (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\0" * (width + 1) * 64, 9)  # the first rows; the rest never read
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


def upload(page, kind: str, name: str, data: bytes, mime: str) -> None:
    page.set_input_files(f"#{kind}-file", files=[{"name": name, "mimeType": mime, "buffer": data}])
    with page.expect_response(f"**/upload/{kind}"):
        page.click(f"#{kind}-submit")


def test_bad_uploads_are_messages_and_the_server_keeps_serving(page):
    upload(page, "template", "brand.pptx", b"PK\x03\x04 this is not a template", "application/zip")
    status = page.locator("#status")
    status.get_by_text("Template not used").wait_for()
    assert "brand.pptx" in status.inner_text()
    assert "Traceback" not in page.content()

    upload(page, "logo", "huge.png", huge_png(), "image/png")
    status.get_by_text("Logo not used").wait_for()
    text = status.inner_text()
    assert "decompression bomb" in text or "pixels" in text, text

    page.goto("/")  # still serving, and the deck unchanged
    page.wait_for_selector("#preview-status:has-text('Preview updated')")
    assert page.locator("#preview .problems").count() == 0


def test_two_browser_contexts_are_isolated(browser, live_server, tmp_path):
    first = browser.new_context(base_url=live_server.url)
    second = browser.new_context(base_url=live_server.url)
    try:
        a, b = first.new_page(), second.new_page()
        a.goto("/")
        b.goto("/")
        a.fill("#var-org", "Only In A")
        with a.expect_response("**/tailor"):
            a.press("#var-org", "Tab")
        with a.expect_response("**/tailor"):
            a.uncheck("#slide-agenda")
        b.reload()
        assert b.input_value("#var-org") == "Your organisation"
        assert b.is_checked("#slide-agenda")
        spec_b = download(b, "dl-spec", tmp_path)
        assert "Only In A" not in spec_b.read_text()
        count = len(checked_ids(a))
        a.wait_for_selector(f"#preview-status:has-text('{count} slides')")  # A's own deck
        a.wait_for_selector("#preview img")
        picture = a.locator("#preview img").first.get_attribute("src")
        assert a.request.get(picture).status == 200
        assert b.request.get(picture).status == 404  # another session's picture
    finally:
        first.close()
        second.close()


class MaxInFlight:
    """A semaphore that records how many holders it had at once."""

    def __init__(self, inner) -> None:
        self.inner, self.now, self.peak = inner, 0, 0
        self.lock = threading.Lock()

    def __enter__(self):
        self.inner.acquire()
        with self.lock:
            self.now += 1
            self.peak = max(self.peak, self.now)

    def __exit__(self, *exc):
        with self.lock:
            self.now -= 1
        self.inner.release()


def test_twenty_concurrent_previews_queue_and_leave_no_files():
    from coprod_slides.build import builtin_spec

    server = LiveServer(builtin_spec())
    slots = MaxInFlight(server.state.workshop.slots)
    server.state.workshop.slots = slots
    root = server.state.sessions.root
    results: list[int] = []

    def one_session() -> None:
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        opener.open(server.url + "/", timeout=300).read()
        with opener.open(server.url + "/preview", timeout=600) as response:
            body = response.read()
            results.append(response.status if b"/picture/" in body else -1)

    try:
        threads = [threading.Thread(target=one_session) for _ in range(20)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert results == [200] * 20
        assert slots.peak <= 2  # the rest waited their turn
        assert len(server.state.sessions) == 20
        assert sum(1 for _ in root.glob("s-*")) == 20
        office = [p for p in (server.state.workshop._office, server.state.workshop._worker) if p]
    finally:
        server.close()
    assert not root.exists()
    assert all(process.poll() is not None for process in office)  # LibreOffice stopped too


def test_the_whole_flow_by_keyboard(page, tmp_path):
    def tab_to(element_id: str) -> None:
        for _ in range(300):
            page.keyboard.press("Tab")
            focused = page.evaluate("document.activeElement.id")
            if focused == element_id:
                outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
                assert outline != "none", f"no visible focus on #{element_id}"
                return
        raise AssertionError(f"#{element_id} cannot be reached with Tab")

    tab_to("audience")
    with page.expect_response("**/tailor"):
        page.keyboard.press("ArrowDown")  # the next audience: citizens
    page.wait_for_selector("#audience-description:has-text('People who use services')")
    tab_to("slide-agenda")
    with page.expect_response("**/tailor"):
        page.keyboard.press("Space")
    tab_to("up-levels")

    def press_enter_keeping_focus() -> None:
        page.keyboard.press("Enter")

    move_before(page, "levels", "when-to-coproduce", press_enter_keeping_focus)
    assert page.evaluate("document.activeElement.id") == "up-levels"  # focus stays
    tab_to("dl-pptx")
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    target = tmp_path / "deck.pptx"
    info.value.save_as(target)
    from pptx import Presentation

    titles = [s.shapes.title.text_frame.text for s in Presentation(str(target)).slides]
    base = load_base(builtin_spec())
    seen_by_citizens = base.slides_for("citizens")
    assert titles == [seen_by_citizens[sid].title for sid in checked_ids(page)]
    assert base.all_slides["agenda"].title not in titles


def _axe_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
            .filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => v.id + ': ' + v.help + ' ' + v.nodes.map(n => n.target).join(' '))"""
    )
    return found


@pytest.mark.parametrize("ui_lang", ["en", "cy"])
def test_axe_finds_no_serious_problems(browser, live_server, ui_lang):
    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    try:
        page = context.new_page()
        page.goto("/")
        if ui_lang == "cy":
            page.click("button[value=cy]")
        page.wait_for_selector(
            "#preview-status:has-text('Preview updated'), #preview-status:has-text('Rhagolwg')"
        )
        page.wait_for_selector("#preview img")
        assert page.evaluate("document.documentElement.lang") == ui_lang
        assert _axe_violations(page) == []
    finally:
        context.close()


def test_the_page_language_is_remembered(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    try:
        page = context.new_page()
        page.goto("/")
        page.click("button[value=cy]")
        page.locator("h1").get_by_text("Teilwra'r gweithdy").wait_for()
        other = context.new_page()
        other.goto("/")
        assert other.evaluate("document.documentElement.lang") == "cy"
        assert other.locator("label[for=audience]").inner_text() == "Cynulleidfa"
    finally:
        context.close()
