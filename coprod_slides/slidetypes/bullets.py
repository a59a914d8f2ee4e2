"""A titled list of bullets (nested lists are sub-bullets)."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Bullet, Slide
from .base import BODY_LIMITS, Canvas, LayoutRole, Partner, SlideContent, SlideType, content_as
from .common import BulletsField, bullet_paras, slide_id_title


@dataclass(frozen=True)
class BulletsContent(SlideContent):
    bullets: tuple[Bullet, ...] = ()


def write(canvas: Canvas, slide: Slide) -> None:
    shape = canvas.text_placeholder(1)
    bullets = content_as(slide, BulletsContent).bullets
    if shape is None:
        shape = canvas.content_box("Content")
    else:
        canvas.use(shape)
    loc = bullets[0].text.loc if bullets else slide.loc
    other = canvas.partner
    partner = None
    if other is not None:
        theirs = content_as(other, BulletsContent).bullets
        partner = Partner(bullet_paras(theirs), [b.text for b in theirs])
    canvas.fit(
        shape,
        bullet_paras(bullets),
        BODY_LIMITS,
        what="bullets",
        loc=loc,
        bullets=True,
        texts=[b.text for b in bullets],
        partner=partner,
    )


SLIDE_TYPE = SlideType(
    name="bullets",
    content=BulletsContent,
    fields={"bullets": BulletsField(required=True)},
    layout=LayoutRole("Title and Content"),
    write=write,
    fallback_title=slide_id_title,
    translatable=("bullets",),
    bilingual="side-by-side",
    summary="a title and bullets",
)
