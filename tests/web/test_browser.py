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


def checked_ids(page) -> list[str]:
    return page.locator(".slides li input[type=checkbox]:checked").evaluate_all(
        "els => els.map(e => e.value)"
    )


def move_before(page, slide_id: str, other: str, press) -> None:
    """Press ``slide_id``'s up button (by ``press``) until it comes before ``other``."""
    for _ in range(10):
        order = page.locator(".slides li input[type=checkbox]").evaluate_all(
            "els => els.map(e => e.value)"
        )
        if order.index(slide_id) < order.index(other):
            return
        with page.expect_response("**/tailor"):
            press()
    raise AssertionError(f"{slide_id} did not move before {other}")


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
    assert page.locator("#preview img").count() == len(checked_ids(page))
    deck = download(page, "dl-pptx", tmp_path)
    expected = cli_build(
        tmp_path, "--audience", "citizens", "--lang", "cy", "--var", "org=Cyngor Gwynedd"
    )
    assert deck.read_bytes() == expected


def test_unticked_and_moved_slides_rebuild_from_the_downloaded_spec(page, tmp_path):
    for slide_id in ("agenda", "ladder"):
        with page.expect_response("**/tailor"):
            page.uncheck(f"#slide-{slide_id}")
    page.wait_for_selector(f"#total:has-text('{len(checked_ids(page))} slides')")
    move_before(page, "levels", "when-to-coproduce", lambda: page.click("#up-levels"))
    page.wait_for_selector(f"#preview-status:has-text('{len(checked_ids(page))} slides')")
    deck = download(page, "dl-pptx", tmp_path).read_bytes()
    ids_in_page = checked_ids(page)
    assert "agenda" not in ids_in_page and "ladder" not in ids_in_page
    assert ids_in_page.index("levels") < ids_in_page.index("when-to-coproduce")
    base = load_base(builtin_spec())
    assert slide_titles(deck) == [base.all_slides[sid].title for sid in ids_in_page]
    spec = download(page, "dl-spec", tmp_path)
    assert spec.read_text().startswith("# Made on the coprod-slides page")
    assert cli_build(tmp_path, str(spec), "--audience", "tailored") == deck


def test_slides_and_handout_pdfs(page, tmp_path):
    from ..conftest import pdf_pages

    with page.expect_response("**/tailor"):
        page.select_option("#audience", "board")
    page.wait_for_selector("#audience-description:has-text('Board')")
    slides = len(checked_ids(page))
    pdf = download(page, "dl-pdf", tmp_path)
    assert pdf.name == "workshop-board.pdf" and pdf_pages(pdf) == slides
    handout = download(page, "dl-handout", tmp_path)
    assert handout.name == "workshop-board-handout.pdf" and pdf_pages(handout) >= slides


def test_printable_handouts_download(page, tmp_path):
    import zipfile

    from ..conftest import pdf_pages

    with page.expect_response("**/tailor"):
        page.select_option("#audience", "citizens")
    page.wait_for_selector("#audience-description:has-text('People who use services')")
    assert page.locator("#dl-handouts").is_visible()
    bundle = download(page, "dl-handouts", tmp_path)
    assert bundle.name == "workshop-citizens-handouts.zip"
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(tmp_path / "handouts")
        names = set(archive.namelist())
    for kind in ("summary", "worksheet", "feedback"):
        assert {f"workshop-citizens-{kind}.pptx", f"workshop-citizens-{kind}.pdf"} <= names
        assert pdf_pages(tmp_path / "handouts" / f"workshop-citizens-{kind}.pdf") == 1
    worksheet = Presentation(tmp_path / "handouts" / "workshop-citizens-worksheet.pptx")
    shown = [s.text_frame.text for s in worksheet.slides[0].shapes if s.has_text_frame]
    shown += [
        c.text_frame.text
        for s in worksheet.slides[0].shapes
        if s.shape_type == 6
        for c in s.shapes
        if c.has_text_frame
    ]
    assert "Done TO you" in shown  # the citizens' words
