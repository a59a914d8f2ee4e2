"""Two columns of bullets, each with an optional heading, set at one size."""

from __future__ import annotations

from dataclasses import dataclass

from ..layout.drawing import Rect
from ..model import Column, Slide
from .base import BODY_LIMITS, Canvas, LayoutRole, SlideContent, SlideType, TextLimits
from .common import COLUMN, column_paras, slide_id_title

SIDES = ("left", "right")


@dataclass(frozen=True)
class TwoColumnContent(SlideContent):
    left: Column | None = None
    right: Column | None = None


def write(canvas: Canvas, slide: Slide) -> None:
    """Both columns are set at the same size (the smaller of their fitted sizes)."""
    columns = []
    shapes = [canvas.text_placeholder(1), canvas.text_placeholder(2)]
    if None in shapes:  # a layout without two columns: two text boxes over the content area
        area = canvas.content_area()
        half = (area.w - 24) / 2
        shapes = [
            canvas.content_box(
                f"{side.capitalize()} column",
                Rect(area.x + i * (half + 24), area.y, half, area.h),
            )
            for i, side in enumerate(SIDES)
        ]
    if canvas.rtl:  # right to left: the first column is read first, so it goes on the right
        shapes = shapes[::-1]
    for shape, side in zip(shapes, SIDES, strict=True):
        if shape.is_placeholder:
            canvas.use(shape)
        columns.append((shape, side, *column_paras(slide.content[side])))
    limits = BODY_LIMITS
    sizes = [canvas.fitted_size(shape, paras, limits) for shape, _, paras, _ in columns]
    if sizes:
        limits = TextLimits(min(sizes), BODY_LIMITS.min_pt)
    for shape, side, paras, texts in columns:
        column = slide.content[side]
        loc = column.heading.loc if column.heading else slide.loc
        canvas.fit(shape, paras, limits, what=f"{side} column", loc=loc, bullets=True, texts=texts)


SLIDE_TYPE = SlideType(
    name="two-column",
    aliases=("comparison",),
    content=TwoColumnContent,
    fields={"left": COLUMN, "right": COLUMN},
    required=SIDES,
    layout=LayoutRole("Two Content"),
    write=write,
    fallback_title=slide_id_title,
    translatable=SIDES,
    summary="two columns of bullets with headings (alias: comparison)",
)
