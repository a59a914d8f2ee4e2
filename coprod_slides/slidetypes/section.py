"""A section divider: a large title and an optional subtitle."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Slide
from ..specvalues.fields import Str
from ..specvalues.yamlload import Text
from .base import Canvas, LayoutRole, SlideContent, SlideType, TextLimits
from .common import optional_text, slide_id_title


@dataclass(frozen=True)
class SectionContent(SlideContent):
    subtitle: Text | None = None


def write(canvas: Canvas, slide: Slide) -> None:
    other = canvas.partner
    optional_text(
        canvas,
        1,
        slide.content.get("subtitle"),
        TextLimits(28, 16),
        "subtitle",
        other.content.get("subtitle") if other else None,
    )


SLIDE_TYPE = SlideType(
    name="section",
    content=SectionContent,
    fields={"subtitle": Str(max_length=500)},
    layout=LayoutRole("Section Header"),
    write=write,
    fallback_title=slide_id_title,
    translatable=("subtitle",),
    bilingual="side-by-side",
    cover=True,
    summary="a section divider: title and subtitle",
)
