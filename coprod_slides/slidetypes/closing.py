"""The last slide: a message, contact lines, and smaller credit lines."""

from __future__ import annotations

from dataclasses import dataclass

from ..layout.fit import Para, parse_inline
from ..model import Slide
from ..specvalues.fields import ListOf, Str
from ..specvalues.yamlload import Text
from .base import Canvas, LayoutRole, Partner, SlideContent, SlideType, TextLimits, content_as


@dataclass(frozen=True)
class ClosingContent(SlideContent):
    message: Text | None = None
    contact: tuple[Text, ...] | None = None
    credits: tuple[Text, ...] | None = None


def closing_paras(content: SlideContent) -> tuple[list[Para], list[Text]]:
    """Message, contact lines, then smaller credit lines."""
    paras: list[Para] = []
    texts = []
    if content.get("message"):
        paras.append(parse_inline(str(content["message"]), scale=1.15))
        texts.append(content["message"])
    for index, line in enumerate(content.get("contact") or ()):
        para = parse_inline(str(line))
        paras.append(Para(para.runs, space_before=0.6 if index == 0 and paras else 0.0))
        texts.append(line)
    for index, line in enumerate(content.get("credits") or ()):
        para = parse_inline(str(line), scale=0.7)
        paras.append(Para(para.runs, scale=0.7, space_before=0.9 if index == 0 and paras else 0.15))
        texts.append(line)
    return paras, texts


def write(canvas: Canvas, slide: Slide) -> None:
    shape = canvas.text_placeholder(1)
    content = content_as(slide, ClosingContent)
    paras, texts = closing_paras(content)
    if not paras:
        return
    if shape is None:
        shape = canvas.content_box("Closing text")
    else:
        canvas.use(shape)
    message = content.message
    loc = message.loc if message is not None else slide.loc
    other = canvas.partner
    partner = Partner(*closing_paras(other.content)) if other is not None else None
    canvas.fit(
        shape,
        paras,
        TextLimits(26, 14),
        what="closing text",
        loc=loc,
        texts=texts,
        partner=partner,
    )


SLIDE_TYPE = SlideType(
    name="closing",
    content=ClosingContent,
    fields={
        "message": Str(max_length=500),
        "contact": ListOf(Str(max_length=200)),
        "credits": ListOf(Str(max_length=400)),
    },
    layout=LayoutRole("Closing"),
    write=write,
    fallback_title=lambda slide, deck, _: _("Thank you"),
    translatable=("message", "contact", "credits"),
    cover=True,
    summary="thanks, contact lines and credits",
)
