"""``coprod-slides preview`` and ``pdf``: pictures, contact sheet, slides PDF and handout.

The LibreOffice conversions run once per module; without LibreOffice those tests skip and say
so. The handout and contact sheet are also tested on their own with made-up slide pictures.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest
from click.testing import CliRunner
from PIL import Image

from coprod_slides import preview as pv
from coprod_slides.build import load
from coprod_slides.cli import main
from coprod_slides.errors import Diagnostics

from .conftest import pdf_pages, soffice

SPEC = """\
title: "Preview test"
author: "Example Council"
slides:
  - type: title
  - type: bullets
    title: "Agenda"
    bullets: ["Who is round the table", "When it fits"]
    notes: |
      Welcome everyone. This is **important**.

      - first point
      - second point
  - type: diagram
    diagram: around-the-table
    notes: "{long}"
"""
LONG_NOTES = " ".join(["Ask the room what co-production means to them, and listen."] * 90)


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    folder = tmp_path_factory.mktemp("preview")
    spec = folder / "deck.yaml"
    spec.write_text(SPEC.format(long=LONG_NOTES), encoding="utf-8")
    return spec


def needs_libreoffice():
    if not soffice() or not shutil.which("pdftoppm"):
        pytest.skip(
            "LibreOffice (soffice) and poppler (pdftoppm) are needed to convert decks; "
            "CI installs them via .ci/run"
        )


# ---------------------------------------------------------------- without LibreOffice


@pytest.mark.parametrize("command", ["preview", "pdf"])
def test_missing_libreoffice_says_how_to_install_it(command, project, monkeypatch, tmp_path):
    monkeypatch.setattr(pv.shutil, "which", lambda name: None)
    out = tmp_path / ("out" if command == "preview" else "out.pdf")
    result = CliRunner().invoke(main, [command, str(project), "-o", str(out)])
    assert result.exit_code == 1
    assert (
        f"{command} needs LibreOffice: apt-get install libreoffice-impress poppler-utils "
        "(Debian/Ubuntu) or install LibreOffice from libreoffice.org"
    ) in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_contact_sheet_is_a_numbered_grid():
    slides = [
        Image.new("RGB", (320, 180), color)
        for color in ("#12355B", "#0072B2", "#E69F00", "#007F5C", "#CC79A7")
    ]
    sheet = pv.contact_sheet(slides, columns=4, thumb_w=200)
    assert sheet.size == (24 + 4 * 224, 24 + 2 * (round(200 * 180 / 320) + 30 + 24))
    assert sheet.getpixel((24 + 100, 24 + 50)) == (0x12, 0x35, 0x5B)
    assert sheet.getpixel((24 + 224 + 100, 24 + 50)) == (0x00, 0x72, 0xB2)
    label = sheet.crop((24, 24 + 113, 224, 24 + 113 + 30)).convert("L")
    assert label.getextrema()[0] < 100  # the number is drawn under the slide


def _pictures(tmp_path, count: int):
    paths = []
    for number in range(1, count + 1):
        path = tmp_path / f"page-{number}.png"
        Image.new("RGB", (1040, 585), "#12355B").save(path)
        paths.append(path)
    return paths


def test_handout_puts_notes_under_each_slide_and_continues_long_ones(project, tmp_path):
    deck = load(project, Diagnostics())
    data = pv.handout_pdf(deck, _pictures(tmp_path, 3))
    assert data.startswith(b"%PDF")
    assert data == pv.handout_pdf(deck, _pictures(tmp_path, 3))  # reproducible
    path = tmp_path / "handout.pdf"
    path.write_bytes(data)
    assert pdf_pages(path) > 3  # the long notes of slide 3 run onto another page
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
        assert "(A4)" in info


def test_handout_pages_are_a4_with_the_picture_on_top(project, tmp_path):
    deck = load(project, Diagnostics())
    pictures = _pictures(tmp_path, 3)
    pages = []
    real_save = Image.Image.save

    def capture(self, fp, format=None, **params):
        pages.extend([self, *params.get("append_images", [])])
        return real_save(self, fp, format, **params)

    import unittest.mock

    with unittest.mock.patch.object(Image.Image, "save", capture):
        pv.handout_pdf(deck, pictures)
    assert all(page.size == pv.A4_PX for page in pages)
    second = pages[1]  # the agenda slide, which has notes
    margin = pv._pt(42)
    assert second.getpixel((margin + 20, margin + 20)) == (0x12, 0x35, 0x5B)  # the slide
    notes = second.crop((margin, margin + 600, pv.A4_PX[0] - margin, margin + 760)).convert("L")
    assert notes.getextrema()[0] < 100  # text under the picture


# ---------------------------------------------------------------- with LibreOffice


@pytest.fixture(scope="module")
def previewed(project):
    needs_libreoffice()
    out = project.parent / "deck-preview"
    out.mkdir()
    (out / "slide-09.png").write_bytes(b"stale")  # from an earlier, longer deck
    result = CliRunner().invoke(main, ["preview", str(project), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out, result.output


def test_preview_writes_a_picture_per_slide_and_a_contact_sheet(previewed):
    out, output = previewed
    slides = sorted(p.name for p in out.glob("slide-*.png"))
    assert slides == ["slide-01.png", "slide-02.png", "slide-03.png"]
    with Image.open(out / "slide-01.png") as first:
        assert first.width > first.height
        r, g, b = first.convert("RGB").getpixel((first.width // 4, first.height // 2))
        assert (r, g, b) != (255, 255, 255)  # the dark cover
    with Image.open(out / "contact-sheet.png") as sheet:
        assert sheet.width == 24 + 3 * (pv.SHEET_THUMB_W + 24)
    assert "wrote 3 slide pictures" in output


@pytest.fixture(scope="module")
def pdfs(project):
    needs_libreoffice()
    out = project.parent / "deck.pdf"
    result = CliRunner().invoke(main, ["pdf", str(project), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out, project.parent / "deck-handout.pdf"


def test_pdf_writes_slides_and_handout(pdfs):
    slides, handout = pdfs
    assert slides.read_bytes().startswith(b"%PDF") and handout.read_bytes().startswith(b"%PDF")
    assert pdf_pages(slides) == 3
    assert pdf_pages(handout) >= 4  # three slides, the third with notes over two pages
    with _first_page(handout) as page:
        assert page.height > page.width  # portrait


def _first_page(pdf):
    out = pdf.parent / "handout-pages"
    out.mkdir(exist_ok=True)
    return Image.open(pv.pdf_to_pngs(pdf, out, shutil.which("pdftoppm"), dpi=20)[0])
