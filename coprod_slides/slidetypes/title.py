"""The cover: the deck's title, a subtitle and a byline (author · date by default)."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Deck, Slide
from ..specvalues.fields import Str
from ..specvalues.textvalues import Text, loc_of
from .base import Canvas, LayoutRole, SlideContent, SlideType, TextLimits
from .common import optional_text


@dataclass(frozen=True)
class TitleContent(SlideContent):
    subtitle: Text | None = None
    byline: Text | None = None


def default_byline(deck: Deck) -> str | None:
    parts = [str(p) for p in (deck.author, deck.date) if p]
    return " · ".join(parts) or None


def write(canvas: Canvas, slide: Slide) -> None:
    other = canvas.partner
    subtitle = slide.content.get("subtitle") or canvas.deck.subtitle
    byline = slide.content.get("byline") or default_byline(canvas.deck)
    if byline and subtitle and canvas.text_placeholder(13) is None:
        # a template without a byline box: the byline goes under the subtitle
        subtitle = Text(f"{subtitle}\n{byline}", loc_of(subtitle))
        byline = None
    optional_text(
        canvas,
        1,
        subtitle,
        TextLimits(28, 16),
        "subtitle",
        other.content.get("subtitle") if other else None,
    )
    optional_text(
        canvas,
        13,
        byline,
        TextLimits(20, 12),
        "byline",
        other.content.get("byline") if other else None,
    )


SLIDE_TYPE = SlideType(
    name="title",
    content=TitleContent,
    fields={"subtitle": Str(max_length=500), "byline": Str(max_length=300)},
    layout=LayoutRole("Title Slide"),
    write=write,
    fallback_title=lambda slide, deck, _: deck.title,
    translatable=("subtitle", "byline"),
    bilingual="side-by-side",
    cover=True,
    footer=False,
    summary="the cover: title, subtitle, byline",
)
