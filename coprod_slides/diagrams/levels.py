"""Levels of involvement: a funnel that narrows from everyone to a few.

People start with what matters in their own lives; some go on to their community or
neighbourhood; a few to the organisation's strategy, and each step up needs support. The
levels are drawn left to right as boxes that get shorter (fewer people), with an arrow between
each pair carrying the support needed to step up. Below runs an optional dashed shortcut from
one level to another (by default first to last) through a caveat box: going straight to
strategic needs real resources.

Layout, all derived from ``area``:

- the funnel takes the top of the area, the shortcut band the bottom (when there is one);
- columns of equal width with wider gaps for the step-up arrows and their labels;
- box heights fall linearly from the full funnel height to half of it, centred on one line;
- every level's name sits just above that centre line and its "who" line just below, so the
  texts of all levels align whatever the box heights.
"""

from __future__ import annotations

from typing import Any

from ..layout.drawing import DrawContext, Drawing, Group, Rect, Shape, mirror
from ..layout.fit import Insets
from ..specvalues.fields import INVALID, ListOf, Mapping_, Number, Str
from ._common import (
    ColorRef,
    Nullable,
    escape_markup,
    polyline,
    text_shape,
    tint,
    uniform_labels,
    unique_names,
)

NAME = "levels"
SUMMARY = "Levels of involvement: a funnel from personal to community to strategic"

MIN_LEVELS, MAX_LEVELS = 2, 5
TEXT_INSETS = Insets(3.0, 2.0, 3.0, 2.0)
SMALLEST = 0.5  # the last box's height as a share of the first's
MIN_COLUMN = 92.0  # points: "Community" in bold at 14 pt, with insets


class LevelsData(Mapping_):
    """The data mapping, plus the check that the shortcut names levels that exist."""

    def validate(self, value, path, loc, diag):
        result = super().validate(value, path, loc, diag)
        if result is INVALID or not result.get("shortcut"):
            return result
        count = len(result["levels"])
        shortcut = result["shortcut"]
        where = getattr(value.get("shortcut"), "loc_of", lambda key: loc)
        bad = False
        for key in ("from", "to"):
            number = shortcut.get(key)
            if number is not None and number > count:
                diag.error(
                    where(key),
                    f"{path}.shortcut.{key}: level {number} does not exist; "
                    f"there are {count} levels (number them from 1)",
                )
                bad = True
        start = shortcut.get("from") or 1
        end = shortcut.get("to") or count
        if not bad and start == end:
            diag.error(
                where("to"),
                f"{path}.shortcut: 'from' and 'to' are both level {start}; "
                "a shortcut joins two different levels",
            )
            bad = True
        return INVALID if bad else result


LEVEL = Mapping_(
    {
        "name": Str(required=True, help="the level, e.g. 'Personal'"),
        "who": Nullable(Str(), help="who takes part, e.g. 'Everyone: what matters to me'"),
        "support": Nullable(
            Str(), help="what helps people step up to this level from the one before"
        ),
        "color": ColorRef(help="this level's fill; by default shades of the diagram's colour"),
    },
    what="level key",
)

SHORTCUT = Mapping_(
    {
        "label": Str(required=True, help="e.g. 'Shortcut to strategic'"),
        "from": Number(integer=True, minimum=1, default=1, help="level number it starts from"),
        "to": Number(integer=True, minimum=1, help="level number it jumps to (default: the last)"),
        "color": ColorRef(default="accent6", help="colour of the dashed line and the caveat box"),
    },
    what="shortcut key",
)

DATA = LevelsData(
    {
        "levels": ListOf(
            LEVEL,
            min_items=MIN_LEVELS,
            max_items=MAX_LEVELS,
            required=True,
            help=f"{MIN_LEVELS} to {MAX_LEVELS} levels, widest (everyone) first",
        ),
        "shortcut": Nullable(SHORTCUT, help="a dashed jump past the middle levels; null for none"),
        "caveat": Nullable(Str(), help="the condition for the shortcut; null for none"),
        "color": ColorRef(default="accent1", help="the levels' colour (darker = fewer people)"),
    },
    what="levels key",
)


# ------------------------------------------------------------------------------- drawing


def draw(data: dict, area: Rect, ctx: DrawContext) -> Drawing:
    levels = list(data["levels"])
    n = len(levels)
    shortcut = data.get("shortcut")
    caveat = data.get("caveat")
    has_band = bool(shortcut or caveat)
    has_support = any(level.get("support") for level in levels[1:])

    # --- vertical zones
    band_h = min(max(area.h * 0.22, 60.0), 110.0) if has_band else 0.0
    band_gap = area.h * 0.06 if has_band else 0.0
    funnel_h = area.h - band_h - band_gap
    top = area.y
    cy = top + funnel_h / 2

    # --- columns
    gap_share = (0.13 if n <= 3 else 0.115 if n == 4 else 0.1) if has_support else 0.06
    # keep columns wide enough for a long word at the minimum size; gaps give way first
    gap = max(min(area.w * gap_share, (area.w - n * MIN_COLUMN) / (n - 1)), area.w * 0.05)
    col_w = (area.w - (n - 1) * gap) / n
    xs = [area.x + i * (col_w + gap) for i in range(n)]
    heights = [funnel_h * (1 - (1 - SMALLEST) * i / (n - 1)) for i in range(n)]

    # --- the text zone shared by all levels: inside the smallest box
    pad = max(6.0, funnel_h * SMALLEST * 0.06)
    zone_h = funnel_h * SMALLEST - 2 * pad
    name_h = zone_h * 0.4
    zone_top = cy - zone_h / 2
    inner = max(2.0, col_w * 0.02)

    base = ctx.color(data.get("color") or "accent1")
    fills = []
    for i, level in enumerate(levels):
        if level.get("color"):
            fills.append(ctx.color(level["color"]))
        else:
            fills.append(tint(base, 0.3 + 0.7 * i / (n - 1)))

    boxes = [Rect(xs[i], cy - heights[i] / 2, col_w, heights[i]) for i in range(n)]
    name_rects = [Rect(b.x + inner, zone_top, col_w - 2 * inner, name_h) for b in boxes]
    who_rects = [
        Rect(b.x + inner, zone_top + name_h, col_w - 2 * inner, zone_h - name_h) for b in boxes
    ]
    names = uniform_labels(
        ctx,
        [(lv["name"], r, f) for lv, r, f in zip(levels, name_rects, fills, strict=True)],
        max_size=min(26.0, ctx.max_size + 2),
        bold=True,
        anchor="b",
        insets=TEXT_INSETS,
        what="level name",
    )
    whos = uniform_labels(
        ctx,
        [(lv.get("who") or "", r, f) for lv, r, f in zip(levels, who_rects, fills, strict=True)],
        max_size=min(18.0, names[0].size),
        anchor="t",
        insets=TEXT_INSETS,
        what="level 'who' line",
    )

    children: list[Any] = []
    for i, level in enumerate(levels):
        title = f"Level {i + 1}: {level['name']}"
        if i > 0:
            children.append(_step(ctx, levels[i - 1], level, boxes[i - 1], gap, cy, funnel_h))
        parts: list[Any] = [
            Shape(
                title,
                "roundRect",
                boxes[i],
                fill=fills[i],
                adjust=(min(0.12, 10.0 / min(col_w, heights[i])),),
            )
        ]
        parts.append(text_shape(f"{title} (name)", name_rects[i], names[i]))
        if level.get("who"):
            parts.append(text_shape(f"{title} (who)", who_rects[i], whos[i]))
        children.append(Group(title, tuple(parts)))

    if has_band:
        band = Rect(area.x, area.bottom - band_h, area.w, band_h)
        children.append(_shortcut(ctx, data, levels, boxes, band))

    drawing = Drawing(
        name="Diagram: levels of involvement", alt=alt_text(data), children=tuple(children)
    )
    drawing = unique_names(drawing)
    return mirror(drawing, area) if ctx.rtl else drawing


def _step(
    ctx: DrawContext, lower: dict, upper: dict, box: Rect, gap: float, cy: float, funnel_h: float
) -> Group:
    """The arrow from one level to the next, with the support needed to step up above it."""
    margin = max(4.0, gap * 0.1)
    arrow_h = min(max(gap * 0.3, 18.0), 30.0)
    arrow = Rect(box.right + margin, cy - arrow_h / 2, gap - 2 * margin, arrow_h)
    name = f"Step up: {lower['name']} to {upper['name']}"
    parts: list[Any] = [
        Shape(
            f"Arrow: {lower['name']} to {upper['name']}",
            "rightArrow",
            arrow,
            fill=ctx.color("dk2"),
            adjust=(0.5, 0.5),
        )
    ]
    support = upper.get("support")
    if support:
        text_top = cy - funnel_h / 2
        rect = Rect(box.right + 1, text_top, gap - 2, arrow.y - 4 - text_top)
        label = ctx.label(
            support,
            rect,
            max_size=16.0,
            anchor="b",
            insets=Insets(2.0, 2.0, 2.0, 2.0),
            what="support label",
        )
        parts.append(text_shape(f"Support to reach {upper['name']}", rect, label))
    return Group(name, tuple(parts))


def _shortcut(
    ctx: DrawContext, data: dict, levels: list[dict], boxes: list[Rect], band: Rect
) -> Group:
    """The dashed jump from one level to another, routed below the funnel through the caveat."""
    shortcut = data.get("shortcut")
    caveat = data.get("caveat")
    color = ctx.color((shortcut or {}).get("color") or "accent6")
    paras = ([f"**{escape_markup(shortcut['label'])}**"] if shortcut else []) + (
        [caveat] if caveat else []
    )
    route_y = band.cy
    if not shortcut:
        rect = Rect(band.cx - band.w * 0.3, band.y, band.w * 0.6, band.h)
        return Group("Caveat", (_caveat_box(ctx, rect, paras, color),))

    first = (shortcut.get("from") or 1) - 1
    last = (shortcut.get("to") or len(levels)) - 1
    start, end = boxes[first], boxes[last]
    left_x, right_x = sorted((start.cx, end.cx))
    margin = max(18.0, band.w * 0.03)
    rect = Rect(left_x + margin, band.y, right_x - left_x - 2 * margin, band.h)
    box = _caveat_box(ctx, rect, paras, color)
    going_right = start.cx < end.cx
    near, far = (rect.x, rect.right) if going_right else (rect.right, rect.x)
    name = f"Shortcut: {levels[first]['name']} to {levels[last]['name']}"
    lines = (  # down to the route and along to the caveat; from it along and up, arrowed
        *polyline(
            name,
            [(start.cx, start.bottom), (start.cx, route_y), (near, route_y)],
            ["down", "to the caveat"],
            color,
            width=2.25,
            dash="dash",
        ),
        *polyline(
            name,
            [(far, route_y), (end.cx, route_y), (end.cx, end.bottom)],
            ["from the caveat", "up"],
            color,
            width=2.25,
            dash="dash",
            head=True,
        ),
    )
    if going_right:
        children = (lines[0], lines[1], box, lines[2], lines[3])
    else:
        children = (lines[3], lines[2], box, lines[1], lines[0])
    return Group(name, children)


def _caveat_box(ctx: DrawContext, rect: Rect, paras: list[str], color: str) -> Shape:
    fill = tint(color, 0.12)
    label = ctx.label(
        paras, rect, fill, max_size=18.0, insets=Insets(10.0, 5.0, 10.0, 5.0), what="caveat"
    )
    return Shape(
        "Caveat: " + _plain(paras[-1]),
        "roundRect",
        rect,
        fill=fill,
        line=color,
        line_width=1.5,
        label=label,
        adjust=(0.18,),
    )


def _plain(text: str, limit: int = 60) -> str:
    text = str(text).replace("**", "")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def alt_text(data: dict) -> str:
    levels = list(data["levels"])
    parts = [
        f"Levels of involvement, narrowing from {levels[0]['name']} to "
        f"{levels[-1]['name']}: start with what matters to people."
    ]
    for i, level in enumerate(levels):
        who = f" ({level['who']})" if level.get("who") else ""
        step = ""
        if i > 0 and level.get("support"):
            step = f", reached with {level['support']}"
        parts.append(f"{i + 1}. {level['name']}{who}{step}.")
    shortcut = data.get("shortcut")
    if shortcut:
        start = levels[(shortcut.get("from") or 1) - 1]["name"]
        end = levels[(shortcut.get("to") or len(levels)) - 1]["name"]
        parts.append(f"{shortcut['label']}: a jump from {start} to {end}.")
    if data.get("caveat"):
        parts.append(str(data["caveat"]))
    return " ".join(parts)
