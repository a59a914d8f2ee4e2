"""A slide's diagram, drawn by its own diagram module, made small enough for a printed page.

The diagram modules lay out for a slide: paddings, gaps and line widths in points. Drawn
straight into a 260 pt wide box they choke (a word wider than its seat). So the diagram is
drawn into a larger, *virtual* box with proportionally larger font limits, then the whole
drawing is scaled down: text that fitted the virtual box fits the printed one at the scaled
size, measured by the same fitter. Several scales are tried, largest first (roomier
paddings), and the first at which every label fits at the handout's smallest size wins.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from .. import diagrams
from ..errors import Diagnostics, Problem
from ..layout.drawing import (
    Connector,
    DrawContext,
    Drawing,
    Element,
    Group,
    Label,
    Rect,
    Shape,
    iter_shapes,
)
from ..layout.fit import Insets
from ..model import Slide
from ..slidetypes.base import content_as
from ..slidetypes.diagram import DiagramContent

#: Scales from slide geometry to the page, tried largest first.
SCALES = (0.6, 0.55, 0.5, 0.45, 0.4, 0.35, 0.3, 0.25, 0.2)


@dataclass
class PrintContext(DrawContext):
    """A DrawContext that never sets text below its ``min_size``.

    Diagrams cap some labels at sizes chosen for a slide (a legend at 16 pt); in the larger
    virtual box of a printed picture such a cap would print at 4 pt. Here a cap below the
    minimum is raised to it: the text is then fitted at the minimum, or reported.
    """

    def label(self, text, box, fill=None, *, max_size=None, min_size=None, **options):  # type: ignore[override]
        floor = self.min_size
        return super().label(
            text,
            box,
            fill,
            max_size=max(max_size or self.max_size, floor),
            min_size=max(min_size or floor, floor),
            **options,
        )


@dataclass(frozen=True)
class FittedPicture:
    drawing: Drawing
    scale: float
    problems: tuple[Problem, ...]  # labels that do not fit even at the best scale
    credit: str | None = None  # the diagram's credit line, for the page to print under it


def fit_picture(
    slide: Slide,
    box: Rect,
    colors: dict[str, str],
    font: str,
    *,
    min_pt: float,
    max_pt: float,
    rtl: bool = False,
) -> FittedPicture:
    """The slide's diagram drawn into ``box`` with text between ``min_pt`` and ``max_pt``."""
    content = content_as(slide, DiagramContent)
    kind = diagrams.get_kind(content.diagram)
    # a credit is one line as wide as the diagram: the page prints it beside the picture
    data = content.data
    credit = data.get("credit")
    if credit:
        data = {**data, "credit": None}
    best: tuple[tuple[int, float, float], float, Drawing, list[Problem]] | None = None
    for scale in SCALES:
        ctx = PrintContext(
            colors=colors,
            font=font,
            min_size=min_pt / scale,
            max_size=max_pt / scale,
            rtl=rtl,
            slide_id=slide.id,
            loc=slide.loc,
            diagnostics=Diagnostics(),
        )
        virtual = Rect(0, 0, box.w / scale, box.h / scale)
        drawing = kind.draw(data, virtual, ctx)
        problems = list(ctx.diagnostics.warnings) + _outside(drawing, virtual, slide)
        # fewest labels that do not fit, then the largest smallest label (some diagrams set
        # legends at their own size, below the minimum), then the roomiest paddings
        rank = (len(problems), -round(_smallest(drawing) * scale, 1), -scale)
        if best is None or rank < best[0]:
            best = (rank, scale, drawing, problems)
    assert best is not None
    _, scale, drawing, problems = best
    alt = content.alt or kind.alt_text(content.data)
    scaled = scale_drawing(replace(drawing, alt=str(alt)), scale, box.x, box.y)
    return FittedPicture(scaled, scale, tuple(problems), credit)


def _outside(drawing: Drawing, box: Rect, slide: Slide) -> list[Problem]:
    """Shapes a diagram drew outside its box (in a box much lower than a slide's, some lay
    out beyond it): as many problems as there are such shapes."""
    return [
        Problem(slide.loc, f"slide '{slide.id}': {shape.name} does not fit (outside its box)")
        for shape in iter_shapes(drawing.children)
        if isinstance(shape, Shape) and not box.contains(shape.rect, tolerance=1.0)
    ]


def _smallest(drawing: Drawing) -> float:
    """The smallest text size in a drawing."""
    sizes = [
        shape.label.size * min((p.scale for p in shape.label.paras), default=1.0)
        for shape in iter_shapes(drawing.children)
        if isinstance(shape, Shape) and shape.label
    ]
    return min(sizes, default=0.0)


def scale_drawing(drawing: Drawing, scale: float, dx: float, dy: float) -> Drawing:
    """``drawing`` scaled by ``scale`` about (0, 0), then moved by (dx, dy)."""

    def point(x: float, y: float) -> tuple[float, float]:
        return dx + x * scale, dy + y * scale

    def rect(r: Rect) -> Rect:
        x, y = point(r.x, r.y)
        return Rect(x, y, r.w * scale, r.h * scale)

    def label(value: Label | None) -> Label | None:
        if value is None:
            return None
        ins = value.insets
        return replace(
            value,
            # half points, rounded down: the writer rounds to half points, never up past the fit
            size=math.floor(value.size * scale * 2) / 2,
            insets=Insets(ins.left * scale, ins.top * scale, ins.right * scale, ins.bottom * scale),
        )

    def one(element: Element) -> Element:
        if isinstance(element, Group):
            return Group(element.name, tuple(one(c) for c in element.children))
        if isinstance(element, Connector):
            return replace(
                element,
                start=point(*element.start),
                end=point(*element.end),
                width=max(0.5, element.width * scale),
            )
        assert isinstance(element, Shape)
        return replace(
            element,
            rect=rect(element.rect),
            text_rect=rect(element.text_rect) if element.text_rect else None,
            line_width=max(0.5, element.line_width * scale),
            label=label(element.label),
        )

    return replace(drawing, children=tuple(one(c) for c in drawing.children))


def problem_message(page: str, title: str, problems: tuple[Problem, ...], min_pt: float) -> str:
    """One warning for a picture whose labels do not fit at the handout's smallest size."""
    first = problems[0].message.split("': ", 1)[-1].split(" does not fit")[0]
    which = f"{first} and {len(problems) - 1} more do" if len(problems) > 1 else f"{first} does"
    return (
        f"{page}: the picture '{title}' is too full to print at {min_pt:g} pt ({which} not "
        "fit); shorten its labels"
    )
