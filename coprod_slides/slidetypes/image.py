"""A picture scaled into the content area, with alt text and an optional caption."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..layout.drawing import Rect
from ..layout.fit import parse_inline
from ..model import Deck, Slide
from ..specvalues.fields import Str
from ..specvalues.yamlload import Text
from .base import (
    NO_INSETS,
    Canvas,
    Gettext,
    LayoutRole,
    SlideContent,
    SlideType,
    TextLimits,
    content_as,
)


@dataclass(frozen=True)
class ImageContent(SlideContent):
    image: Text
    alt: Text
    caption: Text | None = None


def write(canvas: Canvas, slide: Slide) -> None:
    content = content_as(slide, ImageContent)
    ref = content.image
    image = canvas.load_image(ref)
    area = canvas.content_area()
    caption = content.caption
    caption_h = 36.0 if caption else 0.0
    avail = Rect(area.x, area.y, area.w, area.h - caption_h)
    scale = min(avail.w / image.width, avail.h / image.height)
    w, h = image.width * scale, image.height * scale
    x, y = avail.x + (avail.w - w) / 2, avail.y + (avail.h - h) / 2
    canvas.add_picture(
        image, Rect(x, y, w, h), name=f"Picture: {Path(str(ref)).name}", alt=str(content.alt)
    )
    if caption:
        rect = Rect(area.x, y + h + 6, area.w, caption_h - 6)
        box = canvas.content_box("Caption", rect)
        canvas.fit(
            box,
            [parse_inline(str(caption))],
            TextLimits(16, 12),
            what="caption",
            texts=[caption],
            loc=caption.loc,
            align="ctr",
            color=canvas.theme.colors["dk1"],
            insets=NO_INSETS,
        )


def fallback_title(slide: Slide, deck: Deck, _: Gettext) -> str:
    content = slide.content
    return content.get("caption") or content.get("alt") or _("Picture")


SLIDE_TYPE = SlideType(
    name="image",
    content=ImageContent,
    fields={
        "image": Str(required=True, help="a path to a PNG or JPEG, relative to the spec"),
        "alt": Str(
            required=True, max_length=1000, help="describe the picture for people who cannot see it"
        ),
        "caption": Str(max_length=300),
    },
    layout=LayoutRole("Title Only", untitled_blank=True),
    write=write,
    fallback_title=fallback_title,
    translatable=("alt", "caption"),
    summary="a picture with alt text and a caption",
)
