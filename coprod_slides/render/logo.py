"""Where a theme's logo goes on a slide, without covering the design or the text.

The logo goes in the corner the spec chooses (``theme.logo.position``, default top right),
18 pt from the edges. The layout's decorations (its own shapes, the master's when the layout
shows them, and the footer and slide number when they are shown) are obstacles: when the logo
would cover one — the table graphic on the cover of the built-in template, the rule under the
titles — it is scaled down (to 70 % at the least) to clear it, else moved to the next free
corner (same edge first). Then the slide's title and text placeholders that would run under it
are narrowed (or shortened), before any text is fitted, so text never sits under the logo.
"""

from __future__ import annotations

from pptx.util import Emu

from ..layout.drawing import Rect
from .template import FOOTER_TYPES, ph_type, rect_of

MARGIN = 18.0
GAP = 6.0  # clearance from decorations
TEXT_GAP = 10.0  # clearance between the logo and text boxes
MIN_SCALE = 0.7
MAX_OBSTACLE_SHARE = 0.4  # larger shapes are backgrounds, not obstacles


def _intersects(a: Rect, b: Rect, pad: float = 0.0) -> bool:
    return (
        a.x - pad < b.x + b.w
        and b.x < a.x + a.w + pad
        and a.y - pad < b.y + b.h
        and b.y < a.y + a.h + pad
    )


def _corner(position: str, w: float, h: float, slide_w: float, slide_h: float) -> Rect:
    x = MARGIN if "left" in position else slide_w - MARGIN - w
    y = MARGIN if "top" in position else slide_h - MARGIN - h
    return Rect(x, y, w, h)


def _alternatives(position: str) -> list[str]:
    vertical, horizontal = position.split("-")
    other_v = "bottom" if vertical == "top" else "top"
    other_h = "left" if horizontal == "right" else "right"
    return [f"{vertical}-{other_h}", f"{other_v}-{horizontal}", f"{other_v}-{other_h}"]


def obstacles(layout, slide_w: float, slide_h: float, *, footer: bool, numbers: bool) -> list[Rect]:
    """Rectangles of the layout's design a logo should not cover."""
    limit = MAX_OBSTACLE_SHARE * slide_w * slide_h
    shapes = list(layout.shapes)
    if layout._element.get("showMasterSp") != "0":
        shapes += list(layout.slide_master.shapes)
    found = []
    for shape in shapes:
        try:
            if shape.is_placeholder:
                kind = ph_type(shape)
                if not (kind == "ftr" and footer or kind == "sldNum" and numbers):
                    continue
            rect = rect_of(shape)
        except (AttributeError, KeyError, TypeError, ValueError):
            continue
        if rect.w * rect.h <= limit:
            found.append(rect)
    return found


def place(
    position: str, w: float, h: float, slide_w: float, slide_h: float, blocked: list[Rect]
) -> Rect:
    """The logo's rectangle: the chosen corner, scaled down or moved to clear ``blocked``."""

    def free(rect: Rect) -> bool:
        return not any(_intersects(rect, b, GAP) for b in blocked)

    rect = _corner(position, w, h, slide_w, slide_h)
    if free(rect):
        return rect
    scale = 0.95
    while scale >= MIN_SCALE - 1e-9:
        smaller = _corner(position, w * scale, h * scale, slide_w, slide_h)
        if free(smaller):
            return smaller
        scale -= 0.05
    for other in _alternatives(position):
        moved = _corner(other, w, h, slide_w, slide_h)
        if free(moved):
            return moved
    return rect


def clear_text(pptx_slide, logo: Rect, slide_w: float, slide_h: float) -> None:
    """Narrow (or shorten) the slide's text placeholders that the logo would cover."""
    on_right = logo.x + logo.w / 2 > slide_w / 2
    at_top = logo.y + logo.h / 2 < slide_h / 2
    for shape in pptx_slide.placeholders:
        if ph_type(shape) in FOOTER_TYPES:
            continue
        r = rect_of(shape)
        if not _intersects(r, logo, TEXT_GAP):
            continue
        if on_right:
            across = Rect(r.x, r.y, logo.x - TEXT_GAP - r.x, r.h)
        else:
            start = logo.x + logo.w + TEXT_GAP
            across = Rect(start, r.y, r.x + r.w - start, r.h)
        if at_top:
            start = logo.y + logo.h + TEXT_GAP
            down = Rect(r.x, start, r.w, r.y + r.h - start)
        else:
            down = Rect(r.x, r.y, r.w, logo.y - TEXT_GAP - r.y)
        options = [c for c in (across, down) if c.w >= 0.5 * r.w and c.h >= 0.5 * r.h]
        if not options:
            continue
        best = max(options, key=lambda c: c.w * c.h)
        shape.left, shape.top = Emu(round(best.x * 12700)), Emu(round(best.y * 12700))
        shape.width, shape.height = Emu(round(best.w * 12700)), Emu(round(best.h * 12700))


def avoid(area: Rect, logo: Rect | None, slide_w: float, slide_h: float) -> Rect:
    """``area`` less the logo's corner (for diagrams, quotes and pictures)."""
    if logo is None or not _intersects(area, logo, TEXT_GAP):
        return area
    on_right = logo.x + logo.w / 2 > slide_w / 2
    at_top = logo.y + logo.h / 2 < slide_h / 2
    if on_right:
        across = Rect(area.x, area.y, logo.x - TEXT_GAP - area.x, area.h)
    else:
        start = logo.x + logo.w + TEXT_GAP
        across = Rect(start, area.y, area.x + area.w - start, area.h)
    if at_top:
        start = logo.y + logo.h + TEXT_GAP
        down = Rect(area.x, start, area.w, area.y + area.h - start)
    else:
        down = Rect(area.x, area.y, area.w, logo.y - TEXT_GAP - area.y)
    options = [c for c in (across, down) if c.w > 0 and c.h > 0]
    return max(options, key=lambda c: c.w * c.h) if options else area
