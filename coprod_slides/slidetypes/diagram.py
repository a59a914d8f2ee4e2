"""One of the diagram kinds (``coprod_slides/diagrams/``), drawn as native shapes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from .. import diagrams
from ..errors import Diagnostics
from ..layout.drawing import DrawContext, Drawing, Rect
from ..model import Deck, Slide
from ..specvalues.fields import INVALID, AnyMapping, Str, did_you_mean, join_path
from ..specvalues.merge import deep_merge
from ..specvalues.yamlload import Text, YMap
from .base import Canvas, Gettext, LayoutRole, SlideContent, SlideType, content_as


@dataclass(frozen=True)
class DiagramContent(SlideContent):
    diagram: Text
    data: Mapping[str, Any]
    alt: Text | None = None
    takeaway: Text | None = None  # its one-line message, printed under it on the handouts


def finish(
    values: dict[str, Any], ymap: YMap, path: str, diag: Diagnostics
) -> dict[str, Any] | None:
    """The kind must exist; its data is its defaults merged with the spec's, then validated."""
    kind = values["diagram"]
    if kind not in diagrams.kind_names():
        diag.error(
            ymap.loc_of("diagram"),
            f"{join_path(path, 'diagram')}: unknown diagram kind "
            f"'{kind}'{did_you_mean(kind, diagrams.kind_names())}; known: "
            f"{', '.join(diagrams.kind_names())}",
        )
        return None
    module = diagrams.get_kind(kind)
    data = deep_merge(diagrams.default_data(kind), values["data"] or YMap())
    data_loc = ymap.loc_of("data") if "data" in ymap else ymap.loc
    checked = module.DATA.validate(data, join_path(path, "data"), data_loc, diag)
    if checked is INVALID:
        return None
    return {**values, "data": checked}


def write(canvas: Canvas, slide: Slide) -> None:
    content = content_as(slide, DiagramContent)
    kind = diagrams.get_kind(content.diagram)
    area = canvas.content_area()
    theme = canvas.theme

    def draw(colors: dict[str, str], area: Rect = area) -> tuple[Drawing, DrawContext]:
        draw_ctx = DrawContext(
            colors=colors,
            font=canvas.measuring_font(theme.body_font),
            min_size=max(14.0, theme.min_size),
            rtl=canvas.rtl,
            slide_id=slide.id,
            loc=slide.loc,
            diagnostics=Diagnostics(),
        )
        return kind.draw(content.data, area, draw_ctx), draw_ctx  # mirrors itself when rtl

    colors = canvas.visible_colors(area, draw)
    drawing, draw_ctx = draw(colors)
    roomier = canvas.content_area(grid=False)
    if draw_ctx.diagnostics.warnings and roomier != area:  # the template's grid is too tight
        wider, wider_ctx = draw(colors, roomier)
        if len(wider_ctx.diagnostics.warnings) < len(draw_ctx.diagnostics.warnings):
            drawing, draw_ctx, area = wider, wider_ctx, roomier
    canvas.warn_if_cramped(area)
    alt = content.alt or kind.alt_text(content.data)
    canvas.draw(replace(drawing, alt=str(alt)))
    for warning in draw_ctx.diagnostics.warnings:
        canvas.diagnostics.warn(warning.loc, f"slide {canvas.slide_number} {warning.message}")


def fallback_title(slide: Slide, deck: Deck, _: Gettext) -> str:
    """The kind's name (the start of its summary, e.g. 'Levels of involvement')."""
    return _(diagrams.get_kind(content_as(slide, DiagramContent).diagram).SUMMARY.split(":")[0])


SLIDE_TYPE = SlideType(
    name="diagram",
    content=DiagramContent,
    fields={
        "diagram": Str(required=True, help="run 'coprod-slides diagrams' for the kinds"),
        "data": AnyMapping(),
        "alt": Str(max_length=1000),
        "takeaway": Str(
            max_length=160, help="the diagram's one-line message, for the printed handouts"
        ),
    },
    finish=finish,
    layout=LayoutRole("Title Only"),
    write=write,
    fallback_title=fallback_title,
    translatable=("data", "alt", "takeaway"),
    summary="a co-production diagram drawn as editable shapes",
)
