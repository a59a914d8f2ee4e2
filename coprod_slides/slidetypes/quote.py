"""A quotation in large italics, with a large opening mark and an attribution."""

from __future__ import annotations

from dataclasses import dataclass

from ..layout.drawing import Rect
from ..layout.fit import Para, Run, parse_inline
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
class QuoteContent(SlideContent):
    quote: Text
    attribution: Text | None = None


def write(canvas: Canvas, slide: Slide) -> None:
    area = canvas.content_area()
    colors = canvas.theme.colors
    mark = [Para((Run("\u201c", bold=True),))]
    canvas.write_text(
        Rect(area.x, area.y, 72, 90), "Quotation mark", mark, 96, color=colors["accent1"]
    )
    quote_rect = Rect(area.x + 80, area.y + 10, area.w - 120, area.h * 0.72)
    box = canvas.content_box("Quote", quote_rect)
    content = content_as(slide, QuoteContent)
    text = content.quote
    para = parse_inline(str(text))
    para = Para(tuple(Run(r.text, r.bold, True) for r in para.runs))
    canvas.fit(
        box,
        [para],
        TextLimits(36, 18),
        what="quote",
        loc=text.loc,
        texts=[text],
        color=colors["dk2"],
        anchor="ctr",
        insets=NO_INSETS,
    )
    who = content.attribution
    if who:
        rect = Rect(
            quote_rect.x, quote_rect.bottom + 12, quote_rect.w, area.bottom - quote_rect.bottom - 12
        )
        box = canvas.content_box("Attribution", rect)
        canvas.fit(
            box,
            [parse_inline(f"\u2014 {who}")],
            TextLimits(22, 14),
            texts=[who],
            what="attribution",
            loc=who.loc,
            color=colors["dk1"],
            align="r",
            insets=NO_INSETS,
        )


def fallback_title(slide: Slide, deck: Deck, _: Gettext) -> str:
    who = slide.content.get("attribution")
    return _("Quote from {who}", who=who) if who else _("Quote")


SLIDE_TYPE = SlideType(
    name="quote",
    content=QuoteContent,
    fields={"quote": Str(required=True, max_length=1000), "attribution": Str(max_length=300)},
    layout=LayoutRole("Title Only", untitled_blank=True),
    write=write,
    fallback_title=fallback_title,
    translatable=("quote", "attribution"),
    summary="a quotation and its attribution",
)
