"""What a template's layouts are for, and where there is room on them (pure geometry).

A layout is described by its placeholders (type and rectangle) and its art (the master's and
the layout's own pictures and shapes): :class:`LayoutShape`. From that alone — never from the
layout's name, which may be in any language or say nothing — :func:`role_of` finds its role
(a cover, a section header, a title with a body, two bodies side by side, a title only, a
blank, a picture layout …), :func:`choose` ranks the layouts for each slide type, and
:func:`free_rect` finds the largest rectangle free of the title, the footer band and the art,
where diagrams, pictures and added text boxes may go.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .drawing import Rect

TITLE_KINDS = ("title", "ctrTitle")
BODY_KINDS = ("body", "obj", "tx")
FOOTER_KINDS = ("dt", "ftr", "sldNum", "hdr")
MARGIN_SHARE = 0.04  # of the slide's shorter side: space kept from the slide's edges
GAP = 10.0  # points between the free area and the title or art
MAX_ART_SHARE = 0.6  # art larger than this share of the slide is a background, not an obstacle
TOP_TITLE = 0.3  # a title whose middle is above this share of the height is a top title
READABLE = (0.45, 0.4)  # a diagram area under these shares of width and height is too small


@dataclass(frozen=True)
class Placeholder:
    kind: str  # the placeholder type as written: title, ctrTitle, subTitle, body, obj, pic …
    rect: Rect
    vertical: bool = False  # text set top-to-bottom (East Asian vertical text layouts)


@dataclass(frozen=True)
class LayoutShape:
    """One layout's geometry, as the pptx side reads it."""

    name: str
    master: str
    width: float
    height: float
    placeholders: tuple[Placeholder, ...]
    art: tuple[Rect, ...] = ()
    declared: str | None = None  # p:sldLayout/@type, when the file says it
    index: int = 0  # order across all masters (the first master's first)
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def of(self, *kinds: str) -> list[Placeholder]:
        return [p for p in self.placeholders if p.kind in kinds]

    @property
    def title(self) -> Placeholder | None:
        titles = self.of(*TITLE_KINDS)
        return max(titles, key=lambda p: area(p.rect)) if titles else None

    @property
    def bodies(self) -> list[Placeholder]:
        """Text bodies big enough to hold text (not one-line labels), horizontal text only."""
        return [
            p
            for p in self.of(*BODY_KINDS)
            if not p.vertical and p.rect.h >= 0.12 * self.height and p.rect.w >= 0.2 * self.width
        ]

    @property
    def slide_area(self) -> float:
        return self.width * self.height


def area(rect: Rect) -> float:
    return max(rect.w, 0.0) * max(rect.h, 0.0)


def intersection(a: Rect, b: Rect) -> float:
    w = min(a.right, b.right) - max(a.x, b.x)
    h = min(a.bottom, b.bottom) - max(a.y, b.y)
    return w * h if w > 0 and h > 0 else 0.0


def is_top_title(layout: LayoutShape, rect: Rect | None = None) -> bool:
    rect = rect or (layout.title.rect if layout.title else None)
    return rect is not None and rect.cy < TOP_TITLE * layout.height and rect.w > rect.h


def _side_title(layout: LayoutShape) -> bool:
    """A title set as a tall strip down one side (some templates do)."""
    title = layout.title
    return (
        title is not None and title.rect.h > 2 * title.rect.w and title.rect.h > 0.5 * layout.height
    )


def side_by_side(layout: LayoutShape) -> tuple[Placeholder, Placeholder] | None:
    bodies = sorted(layout.bodies, key=lambda p: area(p.rect), reverse=True)[:2]
    if len(bodies) < 2:
        return None
    a, b = sorted(bodies, key=lambda p: p.rect.x)
    top, bottom = max(a.rect.y, b.rect.y), min(a.rect.bottom, b.rect.bottom)
    if bottom - top > 0.5 * min(a.rect.h, b.rect.h) and a.rect.right <= b.rect.x + 1:
        if min(area(a.rect), area(b.rect)) >= 0.5 * max(area(a.rect), area(b.rect)):
            return a, b
    return None


def role_of(layout: LayoutShape) -> str:
    """``title``, ``section``, ``two-bodies``, ``title+body``, ``title-only``, ``picture``,
    ``vertical``, ``blank`` or ``other``, from placeholders and geometry."""
    title = layout.title
    subtitles = layout.of("subTitle")
    bodies = layout.bodies
    pictures = [p for p in layout.of("pic") if area(p.rect) > 0.15 * layout.slide_area]
    if layout.of("ctrTitle") or (title is not None and subtitles):
        return "title"
    if title is None:
        if not layout.of(*BODY_KINDS) and not pictures:
            return "blank"
        return "other"
    if any(p.vertical for p in layout.of(*BODY_KINDS)):
        return "vertical"
    if pictures:
        return "picture"
    top = is_top_title(layout) or _side_title(layout)
    if top and side_by_side(layout):
        return "two-bodies"
    big = [b for b in bodies if area(b.rect) >= 0.2 * layout.slide_area]
    if top and big:
        return "title+body"
    if not top and not big:
        return "section"
    if top and not bodies:
        return "title-only"
    return "other"


def largest_body(layout: LayoutShape) -> Placeholder | None:
    title = layout.title
    bodies = [
        b
        for b in layout.bodies
        if title is None or intersection(b.rect, title.rect) < 0.1 * area(b.rect)
    ]
    return max(bodies, key=lambda p: area(p.rect)) if bodies else None


# ---------------------------------------------------------------- free areas


def title_rect_for(layout: LayoutShape, cover: bool) -> Rect | None:
    """Where the title goes on a slide of this layout: its own place, or — for a content slide
    on a layout whose title sits mid-slide or low (a cover or section layout used because the
    template has nothing else) — a band at the top of the slide."""
    title = layout.title
    if title is None:
        return added_title_rect(layout.width)
    if cover or is_top_title(layout) or _side_title(layout):
        return title.rect
    margin = MARGIN_SHARE * min(layout.width, layout.height) * 1.5
    height = min(max(title.rect.h, 0.12 * layout.height), 0.16 * layout.height)
    return Rect(title.rect.x, margin, title.rect.w, height)


def added_title_rect(width: float) -> Rect:
    """Where the renderer adds a title placeholder on a layout that has none."""
    return Rect(48, 28, width - 96, 70)


def obstacles(layout: LayoutShape, title: Rect | None) -> list[Rect]:
    found = [a for a in layout.art if area(a) < MAX_ART_SHARE * layout.slide_area]
    if title is not None:
        found.append(title)
    found += [p.rect for p in layout.of(*FOOTER_KINDS)]
    return found


def free_rect(layout: LayoutShape, *, cover: bool = False) -> Rect:
    """The largest rectangle of the slide free of the title, footers and art (with margins)."""
    margin = MARGIN_SHARE * min(layout.width, layout.height)
    frame = Rect(margin, margin, layout.width - 2 * margin, layout.height - 2 * margin)
    title = title_rect_for(layout, cover)
    # the footer band: nothing goes below the highest footer in the lower part of the slide
    footers = [p.rect.y for p in layout.of(*FOOTER_KINDS) if p.rect.y > 0.7 * layout.height]
    bottom = min(footers + [frame.bottom + GAP]) - GAP
    frame = Rect(frame.x, frame.y, frame.w, bottom - frame.y)
    return largest_free(frame, obstacles(layout, title))


def room_below(layout: LayoutShape, rect: Rect, cap_share: float = 0.3) -> float:
    """How tall ``rect`` may grow downwards before it meets another placeholder, art, the footer
    band or the slide's margin (at most ``cap_share`` of the slide's height)."""
    margin = MARGIN_SHARE * min(layout.width, layout.height)
    bottom = layout.height - margin
    others = [p.rect for p in layout.placeholders if p.rect != rect] + list(layout.art)
    for other in others:
        if area(other) >= MAX_ART_SHARE * layout.slide_area:
            continue
        across = min(other.right, rect.right) - max(other.x, rect.x)
        if across > 0 and other.y >= rect.bottom - 0.5:
            bottom = min(bottom, other.y - GAP / 2)
    return min(max(bottom - rect.y, rect.h), cap_share * layout.height)


def clear(layout: LayoutShape, rect: Rect, *, cover: bool = False) -> bool:
    """Whether ``rect`` lies on the slide above the footer band, touching no title, footer or
    art (the template's own body placeholders are placed like this)."""
    if rect.x < 0 or rect.y < 0 or rect.right > layout.width or rect.bottom > layout.height:
        return False
    blocked = obstacles(layout, title_rect_for(layout, cover))
    return all(intersection(rect, block) <= 0 for block in blocked)


def largest_free(frame: Rect, blocked: list[Rect]) -> Rect:
    """The largest rectangle inside ``frame`` that keeps GAP clear of every ``blocked`` one
    (maximal rectangles, one obstacle at a time)."""
    rects = [frame]
    for block in blocked:
        grown = Rect(block.x - GAP, block.y - GAP, block.w + 2 * GAP, block.h + 2 * GAP)
        nxt = []
        for r in rects:
            if intersection(r, grown) <= 0:
                nxt.append(r)
                continue
            pieces = [
                Rect(r.x, r.y, grown.x - r.x, r.h),  # left
                Rect(grown.right, r.y, r.right - grown.right, r.h),  # right
                Rect(r.x, r.y, r.w, grown.y - r.y),  # above
                Rect(r.x, grown.bottom, r.w, r.bottom - grown.bottom),  # below
            ]
            nxt += [p for p in pieces if p.w > 1 and p.h > 1]
        rects = _maximal(nxt) or rects[:0]
        if not rects:
            return Rect(frame.x, frame.y, 0, 0)
    return max(rects, key=_usefulness)


def _usefulness(rect: Rect) -> float:
    """Area, discounting slivers (a diagram needs some height and width)."""
    ratio = min(rect.w / max(rect.h, 1), rect.h / max(rect.w, 1))
    return area(rect) * min(1.0, 2.5 * ratio)


def _maximal(rects: list[Rect]) -> list[Rect]:
    out = []
    for i, r in enumerate(rects):
        if any(
            j != i
            and o.x <= r.x + 0.01
            and o.y <= r.y + 0.01
            and o.right >= r.right - 0.01
            and o.bottom >= r.bottom - 0.01
            and (o != r or j < i)
            for j, o in enumerate(rects)
        ):
            continue
        out.append(r)
    return out


def readable(rect: Rect, layout: LayoutShape) -> bool:
    return rect.w >= READABLE[0] * layout.width and rect.h >= READABLE[1] * layout.height


# ---------------------------------------------------------------- choosing


COVER_TYPES = ("title", "section")


def _score(layout: LayoutShape, slide_type: str) -> float:
    """How well ``layout`` suits ``slide_type``: 0 = not at all; larger is better."""
    role = role_of(layout)
    size = layout.slide_area
    extra = 0.98 ** len(layout.placeholders)  # fewer unused placeholders, all else equal
    if slide_type == "title":
        base = {"title": 3.0, "section": 1.5, "title-only": 0.5, "title+body": 0.3}.get(role, 0)
        if layout.declared == "title":
            base += 0.5
        return base * extra
    if slide_type == "section":
        base = {"section": 3.0, "title": 2.0, "title-only": 0.5, "title+body": 0.3}.get(role, 0)
        if layout.declared == "secHead":
            base += 0.5
        return base * extra
    if slide_type in ("bullets", "closing"):
        body = largest_body(layout)
        if body is None or role not in ("title+body", "two-bodies", "other", "section"):
            return 0.0
        if slide_type == "closing" and role == "section":
            return 1.2 * area(body.rect) / size * extra  # a section layout with room for text
        weight = {"title+body": 1.0, "two-bodies": 0.4}.get(role, 0.3)
        return weight * area(body.rect) / size * extra
    if slide_type == "two-column":
        pair = side_by_side(layout)
        if pair is None or role != "two-bodies":
            return 0.0
        return min(area(p.rect) for p in pair) / size * extra
    # diagram, quote, image: the largest free area on a content layout
    if role not in ("title-only", "title+body", "two-bodies", "section", "title", "other"):
        return 0.0
    free = free_rect(layout)
    weight = {"title-only": 1.0, "title+body": 0.9, "two-bodies": 0.85}.get(role, 0.5)
    return weight * _usefulness(free) / size * extra


def choose(layouts: list[LayoutShape], slide_type: str) -> LayoutShape | None:
    """The best layout for a slide type (the template's first on ties), or None."""
    best, best_score = None, 0.0
    for layout in sorted(layouts, key=lambda shape: shape.index):
        score = _score(layout, slide_type)
        if score > best_score + 1e-9:
            best, best_score = layout, score
    return best


def suits(layout: LayoutShape, slide_type: str) -> bool:
    """Whether a layout found by name may be used for the slide type (its geometry agrees)."""
    role = role_of(layout)
    if slide_type == "title":
        return role in ("title", "section")
    if slide_type == "section":
        return role in ("section", "title", "title-only")
    if slide_type == "bullets":
        return role in ("title+body", "two-bodies") and largest_body(layout) is not None
    if slide_type == "two-column":
        return role == "two-bodies"
    if slide_type == "closing":
        return layout.title is not None and role != "vertical"
    return role in ("title-only", "title+body", "two-bodies") and readable(
        free_rect(layout), layout
    )
