"""Pieces the diagram kinds share: data fields, colour mixing, label sizing and element names."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from ..colours import COLOR_KEYS
from ..errors import Diagnostics
from ..layout.drawing import (
    Connector,
    DrawContext,
    Drawing,
    Element,
    Group,
    Label,
    Rect,
    Shape,
)
from ..layout.fonts import line_height_pt
from ..specvalues.fields import INVALID, Color, Field, did_you_mean

THEME_KEYS = COLOR_KEYS[:10]  # the fillable slots, without the link colours


# ------------------------------------------------------------------------------- data fields


class ColorRef(Field):
    """A theme colour slot (``accent3``) or a hex colour (``#009E73``)."""

    expected = (
        "a theme colour (accent1 … accent6, dk1, dk2, lt1, lt2) or a hex colour like '#0072B2'"
    )

    def validate(self, value, path, loc, diag):
        if not isinstance(value, str):
            return self.wrong_type(value, path, loc, diag)
        text = value.strip()
        if text in THEME_KEYS:
            return text
        match = Color.pattern.fullmatch(text)
        if match:
            return match.group(1).upper()
        diag.error(loc, f"{path}: '{value}' is not {self.expected}{did_you_mean(text, THEME_KEYS)}")
        return INVALID


class Nullable(Field):
    """``inner``, or null to leave the item out (e.g. to turn off a default credit line)."""

    def __init__(self, inner: Field, **kw: Any):
        super().__init__(**kw)
        self.inner = inner
        self.expected = f"{inner.expected}, or null to leave it out"

    def validate(self, value, path, loc, diag):
        return None if value is None else self.inner.validate(value, path, loc, diag)


# ------------------------------------------------------------------------------- colours, text


def tint(hex_color: str, share: float) -> str:
    """``hex_color`` mixed with white: ``share`` 1 = the colour itself, 0 = white."""
    rgb = [int(hex_color[i : i + 2], 16) for i in (0, 2, 4)]
    return "".join(f"{round(255 - (255 - c) * share):02X}" for c in rgb)


def escape_markup(text: Any) -> str:
    """``text`` with the inline markup characters escaped, to put it inside ``**…**``."""
    return str(text).replace("\\", "\\\\").replace("*", "\\*")


def line_h(ctx: DrawContext, size: float) -> float:
    """One line's height at ``size`` in the drawing's font (tall for e.g. Arabic fonts)."""
    return line_height_pt(size, ctx.font)


# ------------------------------------------------------------------------------- label sizing


def probe(ctx: DrawContext) -> DrawContext:
    """A copy of ``ctx`` whose fit warnings go nowhere (for trying layouts)."""
    return replace(ctx, diagnostics=Diagnostics())


def uniform_size(ctx: DrawContext, items: list[tuple], max_pt: float, **kw: Any) -> float:
    """The largest size at which every label of a set fits (one size reads as one set).

    ``items`` are (text, rect, fill) or (text, rect, fill, bold) for one bold member.
    """
    trial = probe(ctx)
    sizes = []
    for text, rect, fill, *bold in items:
        options = {**kw, "bold": bold[0]} if bold else kw
        sizes.append(trial.label(text, rect, fill, max_size=max_pt, **options).size)
    return min(sizes)


def uniform_labels(
    ctx: DrawContext, items: list[tuple[Any, Rect, str | None]], **kw: Any
) -> list[Label]:
    """Fit several labels of one role, then refit all at the smallest size so they match."""
    labels = [ctx.label(text, rect, fill, **kw) for text, rect, fill in items]
    if not labels or not all(label.fits for label in labels):
        return labels
    kw["max_size"] = min(label.size for label in labels)
    return [ctx.label(text, rect, fill, **kw) for text, rect, fill in items]


# ------------------------------------------------------------------------------- shapes


def text_shape(name: str, rect: Rect, label: Label) -> Shape:
    """A frameless text shape (its rect is exactly where the text was fitted)."""
    return Shape(name=name, geom="rect", rect=rect, label=label)


# ------------------------------------------------------------------------------- lines


def polyline(
    name: str,
    points: Sequence[tuple[float, float]],
    parts: Sequence[str],
    color: str,
    *,
    width: float,
    dash: str | None = None,
    head: bool = False,
) -> tuple[Connector, ...]:
    """Straight connectors from each point to the next (a bracket, a route round a box),
    the i-th named "name (parts[i])" (plain ``name`` for an empty part); with ``head``, an
    arrowhead on the last one only."""
    last = len(points) - 2
    return tuple(
        Connector(
            f"{name} ({part})" if part else name,
            start,
            end,
            color,
            width=width,
            head=head and i == last,
            dash=dash,
        )
        for i, (start, end, part) in enumerate(zip(points[:-1], points[1:], parts, strict=True))
    )


# ------------------------------------------------------------------------------- names


def unique_names(drawing: Drawing) -> Drawing:
    """Number repeated element names ("Work block: Planning (2)") so every name is unique."""
    seen: dict[str, int] = {}

    def fix(element: Element) -> Element:
        count = seen.get(element.name, 0) + 1
        seen[element.name] = count
        name = element.name if count == 1 else f"{element.name} ({count})"
        if isinstance(element, Group):
            return Group(name, tuple(fix(child) for child in element.children))
        return replace(element, name=name)

    return replace(drawing, children=tuple(fix(child) for child in drawing.children))
