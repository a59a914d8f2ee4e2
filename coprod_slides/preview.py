"""Previews and PDFs: the built deck through LibreOffice (to PDF) and poppler (to PNGs).

- :func:`preview` writes ``slide-01.png`` … and ``contact-sheet.png`` (every slide in a grid,
  numbered) into a folder, to check a deck without opening PowerPoint.
- :func:`write_pdfs` writes the slides as a PDF and a handout PDF: A4 portrait pages with each
  slide's picture on top and its speaker notes below (continued on further pages when long),
  drawn with Pillow in the bundled fonts.

LibreOffice runs headless with a throwaway profile (so it neither touches nor waits for the
user's own), with a time limit; the whole process group is stopped if it hangs.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from PIL import Image, ImageDraw, ImageFont

from . import atomic
from .build import BuildResult, build, write_output
from .epoch import source_date_epoch
from .errors import SpecError
from .i18n.tool import translator
from .layout.fonts import FONTS_DIR, font_file
from .render.deck import notes_paras

INSTALL_HINT = (
    "{what} needs LibreOffice: apt-get install libreoffice-impress poppler-utils "
    "(Debian/Ubuntu) or install LibreOffice from libreoffice.org"
)
CONVERT_TIMEOUT = 240  # seconds for LibreOffice to convert one deck
PREVIEW_DPI = 96
SHEET_COLUMNS = 4
SHEET_THUMB_W = 400
PAGE_DPI = 150
A4_PX = (1240, 1754)  # 210 × 297 mm at 150 dpi


def _pt(points: float) -> int:
    """Points to pixels on a 150 dpi handout page."""
    return round(points * PAGE_DPI / 72)


# ---------------------------------------------------------------- external tools


def find_tools(what: str = "preview") -> tuple[str, str]:
    """The soffice and pdftoppm executables; a clear SpecError when either is missing."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    pdftoppm = shutil.which("pdftoppm")
    if not soffice or not pdftoppm:
        raise SpecError(INSTALL_HINT.format(what=what))
    return soffice, pdftoppm


def fontconfig_env(workdir: Path) -> dict[str, str]:
    """The environment for LibreOffice with the bundled fonts (Noto Sans Arabic, Carlito, …)
    added to the system's, through a fontconfig file in ``workdir``: without it LibreOffice
    cannot see them and draws Arabic in whatever font the machine has."""
    conf = Path(workdir) / "fonts.conf"
    if not conf.exists():
        cache = (Path(workdir) / "fontconfig-cache").resolve()
        conf.write_text(
            '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
            '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
            f"  <dir>{escape(str(Path(FONTS_DIR).resolve()))}</dir>\n"
            f"  <cachedir>{escape(str(cache))}</cachedir>\n</fontconfig>\n",
            encoding="utf-8",
        )
    return {**os.environ, "FONTCONFIG_FILE": str(conf.resolve())}


def _run(
    cmd: list[str], timeout: float, what: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """Run ``cmd`` in its own process group; kill the group on timeout."""
    with subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True, env=env
    ) as proc:
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                proc.kill()
            proc.communicate()
            raise SpecError(
                f"{what} did not finish within {timeout:g} s; try again, or "
                "close other LibreOffice windows"
            ) from None
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def pptx_to_pdf(
    data: bytes, stem: str, workdir: Path, soffice: str, timeout: float = CONVERT_TIMEOUT
) -> Path:
    """Convert .pptx bytes to a PDF in ``workdir`` with LibreOffice; returns the PDF's path."""
    return pptxs_to_pdfs({stem: data}, workdir, soffice, timeout)[stem]


def pptxs_to_pdfs(
    files: dict[str, bytes], workdir: Path, soffice: str, timeout: float = CONVERT_TIMEOUT
) -> dict[str, Path]:
    """Convert several .pptx (stem -> bytes) to PDFs in ``workdir`` with one LibreOffice run
    (starting LibreOffice costs more than converting a page); returns stem -> PDF path."""
    decks = []
    for stem, data in files.items():
        decks.append(workdir / f"{stem}.pptx")
        decks[-1].write_bytes(data)
    profile = workdir / "lo-profile"
    result = _run(
        [
            soffice,
            f"-env:UserInstallation={profile.resolve().as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(workdir),
            *map(str, decks),
        ],
        timeout * max(1, len(decks) // 4),
        "LibreOffice",
        env=fontconfig_env(workdir),
    )
    pdfs = {stem: workdir / f"{stem}.pdf" for stem in files}
    missing = [stem for stem, pdf in pdfs.items() if not pdf.exists() or not pdf.stat().st_size]
    if missing:
        detail = (result.stderr or b"").decode("utf-8", "replace").strip().splitlines()
        raise SpecError(
            f"LibreOffice could not convert {missing[0]}.pptx to PDF"
            + (f" ({detail[-1]})" if detail else "")
        )
    return pdfs


def pdf_to_pngs(
    pdf: Path,
    outdir: Path,
    pdftoppm: str,
    prefix: str = "page",
    *,
    dpi: int | None = None,
    width: int | None = None,
) -> list[Path]:
    """One PNG per PDF page (``<prefix>-01.png`` …), at ``dpi`` or scaled to ``width`` px."""
    args = [pdftoppm, "-png"]
    args += (
        ["-scale-to-x", str(width), "-scale-to-y", "-1"]
        if width
        else ["-r", str(dpi or PREVIEW_DPI)]
    )
    result = _run(args + [str(pdf), str(outdir / prefix)], CONVERT_TIMEOUT, "pdftoppm")
    pages = sorted(outdir.glob(f"{prefix}-*.png"), key=_page_number)
    if result.returncode or not pages:
        raise SpecError("pdftoppm could not turn the PDF into pictures")
    return pages


def _page_number(path: Path) -> int:
    match = re.search(r"-(\d+)\.png$", path.name)
    return int(match.group(1)) if match else 0


# ---------------------------------------------------------------- building


def build_pdf(spec: Path, options, what: str = "preview"):
    """Build the deck in memory and convert it; returns (BuildResult, pdf path, tmp dir, tools).

    The caller removes the temporary folder.
    """
    tools = find_tools(what)
    result = build(spec, options)
    workdir = Path(tempfile.mkdtemp(prefix="coprod-slides-"))
    try:
        pdf = pptx_to_pdf(result.data, "deck", workdir, tools[0])
    except BaseException:
        shutil.rmtree(workdir, ignore_errors=True)
        raise
    return result, pdf, workdir, tools


@dataclass
class PreviewResult:
    slides: list[Path]
    sheet: Path
    build: BuildResult


def preview(spec: Path, options, out_dir: Path) -> PreviewResult:
    """Write ``slide-NN.png`` for every slide and ``contact-sheet.png`` into ``out_dir``."""
    if out_dir.exists() and not out_dir.is_dir():
        raise SpecError(f"{out_dir}: is a file; give a folder for the preview")
    result, pdf, workdir, (_, pdftoppm) = build_pdf(spec, options)
    try:
        pages = pdf_to_pngs(pdf, workdir, pdftoppm, dpi=PREVIEW_DPI)
        out_dir.mkdir(parents=True, exist_ok=True)
        for stale in out_dir.glob("slide-*.png"):
            if re.fullmatch(r"slide-\d+\.png", stale.name):
                stale.unlink()
        digits = max(2, len(str(len(pages))))
        slides = []
        for number, page in enumerate(pages, 1):
            target = out_dir / f"slide-{number:0{digits}d}.png"
            atomic.atomic_write_bytes(page.read_bytes(), target)
            slides.append(target)
        images = [Image.open(p) for p in pages]
        try:
            sheet = out_dir / "contact-sheet.png"
            atomic.atomic_write_bytes(_png_bytes(contact_sheet(images)), sheet)
        finally:
            for image in images:
                image.close()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return PreviewResult(slides, sheet, result)


def _png_bytes(image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _font(
    size_px: int, bold: bool = False, italic: bool = False, family: str = "Arial"
) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(
        str(font_file(family, bold, italic)), size_px, layout_engine=ImageFont.Layout.BASIC
    )


def contact_sheet(images, columns: int = SHEET_COLUMNS, thumb_w: int = SHEET_THUMB_W):
    """Every slide in a grid, numbered under each picture."""
    columns = max(1, min(columns, len(images)))
    first = images[0]
    thumb_h = round(thumb_w * first.height / first.width)
    gap, label_h = 24, 30
    rows = -(-len(images) // columns)
    sheet = Image.new(
        "RGB", (gap + columns * (thumb_w + gap), gap + rows * (thumb_h + label_h + gap)), "#E9ECEF"
    )
    draw = ImageDraw.Draw(sheet)
    font = _font(18, bold=True)
    for index, image in enumerate(images):
        row, col = divmod(index, columns)
        x = gap + col * (thumb_w + gap)
        y = gap + row * (thumb_h + label_h + gap)
        thumb = image.convert("RGB").resize((thumb_w, thumb_h), Image.Resampling.LANCZOS)
        sheet.paste(thumb, (x, y))
        draw.rectangle((x - 1, y - 1, x + thumb_w, y + thumb_h), outline="#ADB5BD")
        label = str(index + 1)
        draw.text(
            (x + (thumb_w - draw.textlength(label, font=font)) / 2, y + thumb_h + 5),
            label,
            font=font,
            fill="#1F2933",
        )
    return sheet


# ---------------------------------------------------------------- PDF and handout


def write_pdfs(spec: Path, options, out: Path, handout: bool = True):
    """Write the slides PDF to ``out`` and the handout to ``<out stem>-handout.pdf``."""
    result, pdf, workdir, (_, pdftoppm) = build_pdf(spec, options, what="pdf")
    try:
        written = [out]
        handout_bytes = None
        if handout:
            width = A4_PX[0] - 2 * _pt(42)
            pages = pdf_to_pngs(pdf, workdir, pdftoppm, width=width)
            handout_bytes = handout_pdf(result.deck, pages)
        write_output(pdf.read_bytes(), out)
        if handout_bytes is not None:
            handout_path = out.with_name(f"{out.stem}-handout.pdf")
            write_output(handout_bytes, handout_path)
            written.append(handout_path)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return result, written


@dataclass
class _Style:
    regular: ImageFont.FreeTypeFont
    bold: ImageFont.FreeTypeFont
    italic: ImageFont.FreeTypeFont
    bolditalic: ImageFont.FreeTypeFont

    def get(self, bold: bool, italic: bool) -> ImageFont.FreeTypeFont:
        if bold and italic:
            return self.bolditalic
        return self.bold if bold else self.italic if italic else self.regular


def _styles(family: str, size_px: int) -> _Style:
    return _Style(
        *(
            _font(size_px, b, i, family)
            for b, i in ((False, False), (True, False), (False, True), (True, True))
        )
    )


def _wrap_para(
    para, styles: _Style, width: float
) -> list[list[tuple[str, ImageFont.FreeTypeFont]]]:
    """Greedy word wrap of a paragraph's runs into lines of (text, font) pieces."""
    lines: list[list[tuple[str, ImageFont.FreeTypeFont]]] = [[]]
    x = 0.0
    for run in para.runs:
        font = styles.get(run.bold, run.italic)
        for piece in re.split(r"(\s+)", run.text.replace("\n", " ")):
            if not piece:
                continue
            if piece.isspace():
                if lines[-1]:
                    lines[-1].append((" ", font))
                    x += font.getlength(" ")
                continue
            length = font.getlength(piece)
            if x + length > width and lines[-1]:
                while lines[-1] and lines[-1][-1][0] == " ":
                    lines[-1].pop()
                lines.append([])
                x = 0.0
            while length > width and len(piece) > 1:  # a very long word (a web address)
                cut = len(piece)
                while cut > 1 and font.getlength(piece[:cut]) > width:
                    cut -= 1
                lines[-1].append((piece[:cut], font))
                lines.append([])
                x = 0.0
                piece = piece[cut:]
                length = font.getlength(piece)
            lines[-1].append((piece, font))
            x += length
    return lines


def handout_pdf(deck, slide_pngs: list[Path]) -> bytes:
    """A4 pages: each slide's picture with its speaker notes under it (bundled fonts)."""
    family = deck.theme.body_font
    styles = _styles(family, _pt(11))
    small = _font(_pt(8.5), family=family)
    margin = _pt(42)
    width = A4_PX[0] - 2 * margin
    line_h = round(_pt(11) * 1.38)
    bottom = A4_PX[1] - margin - _pt(14)
    depth = deck.notes_depth
    total = len(slide_pngs)
    _ = translator(deck.language)  # the tool's own words in the deck's language
    pages = []

    def new_page(number: int, continued: bool):
        page = Image.new("RGB", A4_PX, "white")
        draw = ImageDraw.Draw(page)
        message = "Slide {number} of {total}" + (" (continued)" if continued else "")
        head = _(message, number=number, total=total)
        draw.text(
            (margin, margin - _pt(20)),
            _clip(str(deck.title), small, width * 0.7),
            font=small,
            fill="#52606D",
        )
        draw.text(
            (A4_PX[0] - margin - draw.textlength(head, font=small), margin - _pt(20)),
            head,
            font=small,
            fill="#52606D",
        )
        pages.append(page)
        return page, draw

    for number, png in enumerate(slide_pngs, 1):
        page, draw = new_page(number, False)
        with Image.open(png) as picture:
            picture = picture.convert("RGB")
            if picture.width != width:
                picture = picture.resize(
                    (width, round(width * picture.height / picture.width)), Image.Resampling.LANCZOS
                )
            page.paste(picture, (margin, margin))
            draw.rectangle(
                (margin - 1, margin - 1, margin + width, margin + picture.height), outline="#9AA5B1"
            )
            y = margin + picture.height + _pt(18)
        slide = deck.slides[number - 1] if number - 1 < len(deck.slides) else None
        text = str(slide.notes.at_depth(depth)) if slide is not None and slide.notes else ""
        paras = notes_paras(text) if text.strip() else []
        if not paras:
            draw.text((margin, y), _("(no speaker notes)"), font=styles.italic, fill="#7B8794")
            continue
        draw.text((margin, y), _("Speaker notes"), font=styles.bold, fill="#12355B")
        y += line_h + _pt(4)
        for para in paras:
            indent = _pt(14) * (para.level + 1) if para.bullet else 0
            y += round(_pt(11) * para.space_before) if para.space_before else 0
            lines = _wrap_para(para, styles, width - indent)
            for index, line in enumerate(lines):
                if y + line_h > bottom:
                    page, draw = new_page(number, True)
                    y = margin
                if para.bullet and index == 0:
                    draw.text(
                        (margin + indent - _pt(11), y),
                        "\u2022",
                        font=styles.regular,
                        fill="#1F2933",
                    )
                x: float = margin + indent
                for piece, font in line:
                    draw.text((x, y), piece, font=font, fill="#1F2933")
                    x += font.getlength(piece)
                y += line_h
    for index, page in enumerate(pages, 1):
        draw = ImageDraw.Draw(page)
        label = f"{index} / {len(pages)}"
        draw.text(
            ((A4_PX[0] - draw.textlength(label, font=small)) / 2, A4_PX[1] - margin + _pt(6)),
            label,
            font=small,
            fill="#7B8794",
        )
    stamp = time.gmtime(source_date_epoch().timestamp())
    out = io.BytesIO()
    pages[0].save(
        out,
        "PDF",
        save_all=True,
        append_images=pages[1:],
        resolution=PAGE_DPI,
        quality=88,
        title=f"{deck.title} (handout)",
        author=str(deck.author or ""),
        producer="coprod-slides",
        creator="coprod-slides",
        creationDate=stamp,
        modDate=stamp,
    )
    return out.getvalue()


def _clip(text: str, font, width: float) -> str:
    if font.getlength(text) <= width:
        return text
    while text and font.getlength(text + "\u2026") > width:
        text = text[:-1]
    return text + "\u2026"
