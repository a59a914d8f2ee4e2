"""End-to-end: the tailoring page in Chromium, checked against the CLI's own builds."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from pptx import Presentation

from coprod_slides.build import builtin_spec
from coprod_slides.cli import main
from coprod_slides.web.tailoring import load_base

pytestmark = pytest.mark.render


def cli_build(tmp_path: Path, *args: str) -> bytes:
    out = tmp_path / f"cli-{len(list(tmp_path.iterdir()))}.pptx"
    result = CliRunner().invoke(main, ["build", *args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out.read_bytes()


def download(page, link_id: str, tmp_path: Path) -> Path:
    with page.expect_download() as info:
        page.click(f"#{link_id}")
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    return target


def wait_for_preview(page) -> None:
    page.wait_for_selector("#preview-status:has-text('Preview updated'), #preview .problems")


def slide_titles(data: bytes) -> list[str]:
    prs = Presentation(io.BytesIO(data))
    return [s.shapes.title.text_frame.text if s.shapes.title else "" for s in prs.slides]


def test_citizens_in_welsh_matches_the_cli_build(page, tmp_path):
    with page.expect_response("**/tailor"):
        page.select_option("#audience", "citizens")
    page.wait_for_selector("#audience-description:has-text('People who use services')")
    with page.expect_response("**/tailor"):
        page.select_option("#language", "cy")
    page.fill("#var-org", "Cyngor Gwynedd")
    with page.expect_response("**/tailor"):
        page.press("#var-org", "Tab")
    page.wait_for_selector("#preview h3:has-text('Cydgynhyrchu: beth, pryd a sut')")
    assert page.locator("#preview img").count() == 11
    deck = download(page, "dl-pptx", tmp_path)
    expected = cli_build(
        tmp_path, "--audience", "citizens", "--lang", "cy", "--var", "org=Cyngor Gwynedd"
    )
    assert deck.read_bytes() == expected


def test_unticked_and_moved_slides_rebuild_from_the_downloaded_spec(page, tmp_path):
    for slide_id in ("agenda", "ladder"):
        with page.expect_response("**/tailor"):
            page.uncheck(f"#slide-{slide_id}")
    page.wait_for_selector("#total:has-text('10 slides')")
    for _ in range(2):  # past the unticked ladder, then before when-to-coproduce
        with page.expect_response("**/tailor"):
            page.click("#up-levels")
    page.wait_for_selector("#preview-status:has-text('10 slides')")
    deck = download(page, "dl-pptx", tmp_path).read_bytes()
    ids_in_page = page.locator(".slides li input[type=checkbox]:checked").evaluate_all(
        "els => els.map(e => e.value)"
    )
    assert ids_in_page == [
        "cover", "intro", "around-the-table", "levels", "when-to-coproduce",
        "outputs-outcomes", "how-not-extra", "strategic", "reflect", "credits",
    ]  # fmt: skip
    base = load_base(builtin_spec())
    assert slide_titles(deck) == [base.all_slides[sid].title for sid in ids_in_page]
    spec = download(page, "dl-spec", tmp_path)
    assert spec.read_text().startswith("# Made on the coprod-slides page")
    assert cli_build(tmp_path, str(spec), "--audience", "tailored") == deck
