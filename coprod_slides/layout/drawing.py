"""The drawing model: positioned native shapes, independent of python-pptx.

Diagrams return a :class:`Drawing`; ``render.drawing`` turns it into grouped,
named, editable PowerPoint shapes. Keeping geometry as plain data makes it
testable (overlaps, alignment, fit) and lets right-to-left decks mirror any
drawing with :func:`mirror`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from ..colours import text_color_on
from ..errors import Diagnostics, Loc
from ..specvalues.textvalues import Text, fallback_language
from .fit import Box, FitResult, Insets, Para, fit_text, parse_inline

# Preset geometries (DrawingML names) whose meaning has a direction; mirrored for RTL.
LABEL_INSETS = Insets(5.0, 3.0, 5.0, 3.0)
DIRECTIONAL = {"chevron", "homePlate", "rightArrow", "leftArrow", "notchedRightArrow"}


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2

    def inset(self, dx: float, dy: float | None = None) -> Rect:
        dy = dx if dy is None else dy
        return Rect(self.x + dx, self.y + dy, self.w - 2 * dx, self.h - 2 * dy)

    def overlaps(self, other: Rect, tolerance: float = 0.5) -> bool:
        return (
            self.x < other.right - tolerance
            and other.x < self.right - tolerance
            and self.y < other.bottom - tolerance
            and other.y < self.bottom - tolerance
        )

    def contains(self, other: Rect, tolerance: float = 0.5) -> bool:
        return (
            other.x >= self.x - tolerance
            and other.y >= self.y - tolerance
            and other.right <= self.right + tolerance
            and other.bottom <= self.bottom + tolerance
        )


@dataclass(frozen=True)
class Label:
    """Fitted text inside a shape. ``size`` is the computed point size."""

    paras: tuple[Para, ...]
    size: float
    color: str  # hex RRGGBB
    bold: bool = False
    align: str = "ctr"  # l, ctr, r
    anchor: str = "ctr"  # t, ctr, b
    insets: Insets = Insets()
    font: str | None = None  # None = theme body font
    fits: bool = True
    lang: str | None = None  # set when the text fell back to the source language


@dataclass(frozen=True)
class Shape:
    name: str
    geom: str  # DrawingML preset: rect, roundRect, ellipse, chevron, homePlate, ...
    rect: Rect
    fill: str | None = None  # hex RRGGBB, None = no fill
    line: str | None = None
    line_width: float = 1.0
    dash: str | None = None  # e.g. "dash", "sysDot"
    label: Label | None = None
    flip_h: bool = False
    adjust: tuple[float, ...] = ()  # preset adjustment values (fractions, e.g. 0.25)
    text_rect: Rect | None = None  # where the text really goes, if not the bounding box


@dataclass(frozen=True)
class Connector:
    name: str
    start: tuple[float, float]
    end: tuple[float, float]
    color: str
    width: float = 2.0
    head: bool = True  # arrowhead at the end
    tail: bool = False  # arrowhead at the start
    dash: str | None = None


@dataclass(frozen=True)
class Group:
    name: str
    children: tuple[Element, ...]


Element = Shape | Connector | Group


@dataclass(frozen=True)
class Drawing:
    """A whole diagram: its grouped elements (in reading order) and alt text."""

    name: str
    alt: str
    children: tuple[Element, ...]


@dataclass
class DrawContext:
    """What a diagram needs to know to draw: theme, fonts, where to report fit problems."""

    colors: dict[str, str]
    font: str = "Arial"
    min_size: float = 14.0
    max_size: float = 24.0
    rtl: bool = False
    slide_id: str = ""
    loc: Loc | None = None
    diagnostics: Diagnostics = field(default_factory=Diagnostics)

    def color(self, key: str) -> str:
        return self.colors.get(key, key)

    def text_on(self, fill: str) -> str:
        return text_color_on(
            fill, dark=self.colors.get("dk1", "1F2933"), light=self.colors.get("lt1", "FFFFFF")
        )

    def label(
        self,
        text: str | list[str] | tuple[str, ...],
        box: Rect,
        fill: str | None = None,
        *,
        max_size: float | None = None,
        min_size: float | None = None,
        bold: bool = False,
        align: str = "ctr",
        anchor: str = "ctr",
        insets: Insets = LABEL_INSETS,
        color: str | None = None,
        what: str = "label",
    ) -> Label:
        """Fit ``text`` (one paragraph per list item, inline markup allowed) into ``box``.

        Text that cannot fit at the minimum size is reported as a warning naming
        the slide and the spec line of the text.
        """
        lines = [text] if isinstance(text, str) else list(text)
        paras = tuple(parse_inline(line) for line in lines)
        if bold:
            paras = tuple(
                Para(
                    tuple(replace(r, bold=True) for r in p.runs),
                    p.level,
                    p.bullet,
                    p.scale,
                    p.space_before,
                )
                for p in paras
            )
        result: FitResult = fit_text(
            paras,
            Box(box.w, box.h),
            self.font,
            max_pt=max_size or self.max_size,
            min_pt=min(min_size or self.min_size, max_size or self.max_size),
            insets=insets,
        )
        if not result.fits:
            where = lines[0].loc if lines and isinstance(lines[0], Text) else None
            self.diagnostics.warn(
                where or self.loc,
                f"slide '{self.slide_id}': {what} '{_short(' '.join(lines))}' does not fit "
                f"({result.reason}); shorten it",
            )
        ink = color or (self.text_on(fill) if fill else self.colors.get("dk1", "1F2933"))
        lang = next(filter(None, map(fallback_language, lines)), None)
        return Label(
            paras, result.size_pt, ink, bold, align, anchor, insets, None, result.fits, lang
        )


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def iter_shapes(elements: tuple[Element, ...]) -> Iterator[Shape | Connector]:
    """Every Shape and Connector in a drawing, depth first."""
    for element in elements:
        if isinstance(element, Group):
            yield from iter_shapes(element.children)
        else:
            yield element


def mirror(drawing: Drawing, area: Rect) -> Drawing:
    """Mirror a drawing left-to-right inside ``area`` (for right-to-left languages)."""

    def flip_x(x: float) -> float:
        return 2 * area.x + area.w - x

    def flip_rect(r: Rect) -> Rect:
        return Rect(flip_x(r.right), r.y, r.w, r.h)

    def flip(element: Element) -> Element:
        if isinstance(element, Group):
            return Group(element.name, tuple(flip(c) for c in element.children))
        if isinstance(element, Connector):
            return replace(
                element,
                start=(flip_x(element.start[0]), element.start[1]),
                end=(flip_x(element.end[0]), element.end[1]),
            )
        label = element.label
        if label and label.align in ("l", "r"):
            label = replace(label, align="r" if label.align == "l" else "l")
        return replace(
            element,
            rect=flip_rect(element.rect),
            text_rect=flip_rect(element.text_rect) if element.text_rect else None,
            flip_h=element.flip_h != (element.geom in DIRECTIONAL),
            label=label,
        )

    return replace(drawing, children=tuple(flip(c) for c in drawing.children))
