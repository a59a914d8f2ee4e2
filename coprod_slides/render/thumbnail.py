"""The package thumbnail (``docProps/thumbnail.jpeg``): a small picture of the title slide.

File browsers show it; python-pptx would leave its stock image, and templates carry a picture
of *their* first slide. It is drawn with Pillow, not rendered with LibreOffice, so the build
stays fast and byte-reproducible: the deck's ``dk2`` as background, the title wrapped in the
bundled heading font (white, or dark on a light ``dk2``) and the six accent colours as a stripe
along the bottom. 256 px wide, as tall as the slide's shape (144 px for 16:9), JPEG quality 85.
"""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from pptx.opc.packuri import PackURI

from ..layout.fonts import font_file
from .theme import text_color_on

WIDTH = 256
QUALITY = 85
PARTNAME = "/docProps/thumbnail.jpeg"


def thumbnail_jpeg(title: str, colors: dict[str, str], font: str, aspect: float = 16 / 9) -> bytes:
    """The JPEG bytes of a thumbnail for a deck titled ``title``."""
    height = max(64, min(256, round(WIDTH / aspect)))
    background = "#" + colors["dk2"]
    image = Image.new("RGB", (WIDTH, height), background)
    draw = ImageDraw.Draw(image)
    stripe = max(4, height // 24)
    segment = WIDTH / 6
    for i in range(6):
        draw.rectangle(
            (round(i * segment), height - stripe, round((i + 1) * segment) - 1, height - 1),
            fill="#" + colors[f"accent{i + 1}"],
        )
    ink = "#" + text_color_on(colors["dk2"], dark=colors["dk1"], light="FFFFFF")
    path = str(font_file(font, bold=True))
    margin = 16
    box_w, box_h = WIDTH - 2 * margin, height - stripe - 2 * margin
    for size in range(26, 9, -1):
        face = ImageFont.truetype(path, size, layout_engine=ImageFont.Layout.BASIC)
        lines = _wrap(str(title), face, box_w)
        line_h = round(size * 1.2)
        if len(lines) * line_h <= box_h:
            break
    lines = lines[: max(1, box_h // line_h)]
    top = margin + (box_h - len(lines) * line_h) / 2
    for index, line in enumerate(lines):
        draw.text((margin, round(top + index * line_h)), line, font=face, fill=ink)
    out = io.BytesIO()
    # Named, not given a format: Pillow then loads only its JPEG plugin (a format makes it
    # load the five of Image.preinit(), ~15 ms of a cold build).
    out.name = "thumbnail.jpeg"
    image.save(out, quality=QUALITY, optimize=False, progressive=False, subsampling=2)
    return out.getvalue()


def _wrap(text: str, face, width: float) -> list[str]:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split():
            trial = f"{current} {word}".strip()
            if not current or face.getlength(trial) <= width:
                current = trial
            else:
                lines.append(current)
                current = word
        lines.append(current)
    return [line for line in lines if line] or [""]


def set_thumbnail(prs, jpeg: bytes) -> None:
    """Replace the package's thumbnail part (or add one) with ``jpeg``."""
    package = prs.part.package
    for rel in package._rels.values():
        if rel.reltype == RT.THUMBNAIL and not rel.is_external:
            part = rel.target_part
            if (
                part.partname.ext.lower() in ("jpeg", "jpg")
                and getattr(part, "_element", None) is None
            ):
                part.blob = jpeg
                return
            package._rels.pop(rel.rId)
            break
    part = Part(PackURI(PARTNAME), "image/jpeg", package, jpeg)
    package.relate_to(part, RT.THUMBNAIL)


def add_deck_thumbnail(prs, deck) -> None:
    """The thumbnail of ``deck``'s title slide, from its (possibly template) theme."""
    aspect = prs.slide_width / prs.slide_height
    set_thumbnail(
        prs, thumbnail_jpeg(str(deck.title), deck.theme.colors, deck.theme.heading_font, aspect)
    )
