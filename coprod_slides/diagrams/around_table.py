"""Around the table: who must be present for it to be co-production.

A contrast pair of panels with the same table: on the left only people who provide services
(from several organisations: collaboration); on the right providers *and* people who use
services (co-production). Seats are coloured by group, with a legend; a verdict under each
table says what the picture is. Seats sit in a row above and a row below the table, so they
stay on a grid whatever their number (3 to 10 a table).
"""

from __future__ import annotations

import math
from typing import Any

from ..layout.drawing import DrawContext, Drawing, Element, Group, Rect, Shape, mirror
from ..layout.fit import Insets
from ..layout.fonts import font_paths, unit_width
from ..specvalues.fields import (
    INVALID,
    Bool,
    Choice,
    Field,
    ListOf,
    Mapping_,
    Str,
    did_you_mean,
    join_path,
    type_name,
)
from ..specvalues.yamlload import YMap
from ._common import ColorRef, Nullable, line_h, text_shape, uniform_size

NAME = "around-the-table"
SUMMARY = (
    "Around the table: providers only is collaboration; providers and people who use "
    "services together is co-production"
)

MIN_SEATS, MAX_SEATS = 3, 10


class _Groups(Field):
    """A mapping of group id → {label, color}; ids are what seats name in ``group``."""

    expected = "a mapping of group ids to {label, color}"

    def __init__(self, item: Field, *, max_items: int = 4, **kw: Any):
        super().__init__(**kw)
        self.item, self.max_items = item, max_items

    def validate(self, value, path, loc, diag):
        if not isinstance(value, dict):
            return self.wrong_type(value, path, loc, diag)
        if not 1 <= len(value) <= self.max_items:
            diag.error(loc, f"{path}: needs 1 to {self.max_items} groups, got {len(value)}")
            return INVALID
        out = {}
        for key, item in value.items():
            item_loc = value.loc_of(key) if isinstance(value, YMap) else loc
            if not isinstance(key, str):
                diag.error(item_loc, f"{path}: group ids are text, got {type_name(key)}")
                out[key] = INVALID
                continue
            out[str(key)] = self.item.validate(item, join_path(path, key), item_loc, diag)
        if any(v is INVALID for v in out.values()):
            return INVALID
        return out


class _TableData(Mapping_):
    """The data mapping, plus the check that every seat names a declared group."""

    def validate(self, value, path, loc, diag):
        result = super().validate(value, path, loc, diag)
        if result is INVALID:
            return INVALID
        ok = True
        groups = tuple(result["groups"])
        for pi, panel in enumerate(result["panels"]):
            for si, seat in enumerate(panel["seats"]):
                if seat["group"] not in groups:
                    where = join_path(
                        join_path(join_path(join_path(path, "panels"), pi), "seats"), si
                    )
                    diag.error(
                        getattr(seat["group"], "loc", None) or loc,
                        f"{where}.group: unknown group '{seat['group']}'"
                        f"{did_you_mean(seat['group'], groups)}; declared under "
                        f"'groups': {', '.join(groups)}",
                    )
                    ok = False
        return result if ok else INVALID


SEAT = Mapping_(
    {
        "label": Str(required=True, max_length=60, help="who sits here, short: 'Council', 'Carer'"),
        "group": Str(required=True, help="a group id declared under 'groups'"),
    }
)
PANEL = Mapping_(
    {
        "title": Str(required=True, max_length=80),
        "caption": Nullable(Str(max_length=160), help="the verdict under the table"),
        "seats": ListOf(SEAT, min_items=MIN_SEATS, max_items=MAX_SEATS, required=True),
        "highlight": Bool(default=False, help="true for the panel the slide argues for"),
    }
)
SEAT_SHAPES = ("box", "pill", "hexagon", "octagon")
GROUP = Mapping_(
    {
        "label": Str(required=True, max_length=80, help="the legend text"),
        "color": ColorRef(required=True),
        "shape": Choice(
            SEAT_SHAPES,
            what="seat shape",
            help="the seats' shape, so groups differ by more than colour "
            "(default: box, pill, hexagon, octagon in order)",
        ),
    }
)
# geometry, adjustment, outlined: each group differs in shape and outline, not colour alone
SHAPE_STYLE: dict[str, tuple[str, tuple[float, ...], bool]] = {
    "box": ("roundRect", (0.12,), False),
    "pill": ("roundRect", (0.5,), True),
    "hexagon": ("hexagon", (), True),
    "octagon": ("octagon", (), False),
}

DATA = _TableData(
    {
        "groups": _Groups(GROUP, required=True, help="group id → {label, color}, for the legend"),
        "panels": ListOf(
            PANEL,
            min_items=1,
            max_items=3,
            required=True,
            help="the tables, side by side (two make the contrast pair)",
        ),
        "accent": ColorRef(default="accent3", help="colour of the highlighted panel and verdict"),
    }
)


# --------------------------------------------------------------------------- geometry

TITLE_MAX_PT = 24.0
SEAT_MAX_PT = 18.0
CAPTION_MAX_PT = 20.0
LEGEND_MAX_PT = 16.0
PANEL_GAP = 24.0
PAD = 12.0
SEAT_GAP = 10.0
TABLE_GAP = 6.0
TABLE_FILL = "FFFFFF"
TABLE_ROUNDING = 0.5  # the table is a stadium (rounded ends)
SEAT_INSETS = Insets(3.0, 2.0, 3.0, 2.0)
TABLE_LINE = "9AA5B1"
FRAME_LINE = "C9D0D8"


def _rows(count: int) -> tuple[int, int]:
    """Seats above and below the table."""
    top = math.ceil(count / 2)
    return top, count - top


def draw(data: dict, area: Rect, ctx: DrawContext) -> Drawing:
    panels = data["panels"]
    groups = data["groups"]
    accent = ctx.color(data.get("accent") or "accent3")
    dk2 = ctx.color("dk2")
    lt2 = ctx.color("lt2")

    # --- vertical budget: panels (seats, table, seats, verdict), then the legend
    legend_h = max(min(30.0, area.h * 0.09), line_h(ctx, ctx.min_size) + 2.0)
    legend_gap = 12.0
    panel_h = area.h - legend_h - legend_gap
    caption_h = max(min(46.0, panel_h * 0.15), line_h(ctx, ctx.min_size) + 8.0)
    block_h = panel_h - 2 * PAD - caption_h - 12.0  # seats + table + seats
    seat_h = max(30.0, min(max(56.0, 2 * line_h(ctx, ctx.min_size) + 6.0), block_h * 0.27))
    table_h = max(30.0, min(100.0, block_h - 2 * seat_h - 2 * TABLE_GAP))
    block_h_used = 2 * seat_h + 2 * TABLE_GAP + table_h

    # --- horizontal: panels side by side; every table has the same size and seat size.
    # Crowded tables (many seats, narrow areas) get tighter margins before seats get narrow.
    n_panels = len(panels)
    columns = max(_rows(len(p["seats"]))[0] for p in panels)
    roomy = (area.w - (n_panels - 1) * PANEL_GAP) / n_panels - 2 * PAD - 8.0
    tight = (roomy - (columns - 1) * SEAT_GAP) / columns < 80.0
    panel_gap, pad = (16.0, 8.0) if tight else (PANEL_GAP, PAD)
    panel_w = (area.w - (n_panels - 1) * panel_gap) / n_panels
    inner_w = panel_w - 2 * pad
    table_w = inner_w - (0.0 if tight else 8.0)
    seat_gap = 4.0 if tight else SEAT_GAP
    seat_w = min(120.0, (table_w - (columns - 1) * seat_gap) / columns)

    frames, tables, table_texts, captions = [], [], [], []
    seat_rects: list[list[Rect]] = []
    for pi, panel in enumerate(panels):
        frame = Rect(area.x + pi * (panel_w + panel_gap), area.y, panel_w, panel_h)
        frames.append(frame)
        block_top = frame.y + PAD + (block_h - block_h_used) / 2
        table = Rect(frame.cx - table_w / 2, block_top + seat_h + TABLE_GAP, table_w, table_h)
        tables.append(table)
        corner = TABLE_ROUNDING * table_h * 0.29289  # keep the title clear of the corners
        table_texts.append(table.inset(corner + 2.0, 4.0))
        captions.append(Rect(frame.x + pad, frame.bottom - PAD - caption_h, inner_w, caption_h))
        top, bottom = _rows(len(panel["seats"]))
        rects = []
        for count, y in ((top, block_top), (bottom, table.bottom + TABLE_GAP)):
            for j in range(count):  # spread evenly along the table's length
                cx = table.x + table_w * (j + 0.5) / count
                rects.append(Rect(cx - seat_w / 2, y, seat_w, seat_h))
        seat_rects.append(rects)

    def seat_fill(seat: dict) -> str:
        return ctx.color(groups[seat["group"]]["color"])

    shapes = _shapes(groups)
    styles = {gid: SHAPE_STYLE[shape] for gid, shape in shapes.items()}

    def seat_text(seat: dict, rect: Rect) -> Rect:
        return _text_rect(shapes[seat["group"]], rect)

    seat_size = uniform_size(
        ctx,
        [
            (str(seat["label"]), seat_text(seat, rect), seat_fill(seat))
            for panel, rects in zip(panels, seat_rects, strict=True)
            for seat, rect in zip(panel["seats"], rects, strict=True)
        ],
        SEAT_MAX_PT,
        insets=SEAT_INSETS,
    )
    title_size = uniform_size(
        ctx,
        [(str(p["title"]), r, TABLE_FILL) for p, r in zip(panels, table_texts, strict=True)],
        TITLE_MAX_PT,
        bold=True,
    )
    captioned = [
        (str(p["caption"]), r, accent if p["highlight"] else lt2)
        for p, r in zip(panels, captions, strict=True)
        if p.get("caption")
    ]
    caption_size = (
        uniform_size(ctx, captioned, CAPTION_MAX_PT, bold=True) if captioned else CAPTION_MAX_PT
    )

    children: list[Element] = []
    for pi, panel in enumerate(panels):
        lit = bool(panel["highlight"])
        title = str(panel["title"])
        seats: list[Element] = []
        for si, (seat, rect) in enumerate(zip(panel["seats"], seat_rects[pi], strict=True)):
            fill = seat_fill(seat)
            geom, adjust, outlined = styles[seat["group"]]
            text_rect = seat_text(seat, rect)
            seats.append(
                Shape(
                    f"Panel {pi + 1} seat {si + 1}: {seat['label']} "
                    f"({groups[seat['group']]['label']})",
                    geom,
                    rect,
                    fill=fill,
                    line=dk2 if outlined else None,
                    line_width=2.25 if outlined else 1.0,
                    adjust=adjust,
                    text_rect=text_rect if text_rect != rect else None,
                    label=ctx.label(
                        seat["label"],
                        text_rect,
                        fill,
                        max_size=seat_size,
                        insets=SEAT_INSETS,
                        what="seat",
                    ),
                )
            )
        top, _ = _rows(len(seat_rects[pi]))
        parts: list[Element] = [
            # the panel's background: a deliberate container under its table and seats
            Shape(
                f"Panel {pi + 1} background: {title}",
                "roundRect",
                frames[pi],
                fill=lt2 if lit else None,
                line=accent if lit else FRAME_LINE,
                line_width=3.0 if lit else 1.25,
                adjust=(0.05,),
            ),
            *seats[:top],
            Shape(
                f"Panel {pi + 1} table: {title}",
                "roundRect",
                tables[pi],
                fill=TABLE_FILL,
                line=TABLE_LINE,
                line_width=1.5,
                adjust=(TABLE_ROUNDING,),
                text_rect=table_texts[pi],
                label=ctx.label(
                    panel["title"],
                    table_texts[pi],
                    TABLE_FILL,
                    max_size=title_size,
                    bold=True,
                    color=dk2,
                    what="table title",
                ),
            ),
            *seats[top:],
        ]
        if panel.get("caption"):
            fill = accent if lit else lt2
            parts.append(
                Shape(
                    f"Panel {pi + 1} verdict: {panel['caption']}",
                    "roundRect",
                    captions[pi],
                    fill=fill,
                    label=ctx.label(
                        panel["caption"],
                        captions[pi],
                        fill,
                        max_size=caption_size,
                        bold=True,
                        what="verdict",
                    ),
                )
            )
        children.append(Group(f"Panel {pi + 1}: {title}", tuple(parts)))

    children.append(_legend(groups, Rect(area.x, area.bottom - legend_h, area.w, legend_h), ctx))
    drawing = Drawing("Diagram: around the table", alt_text(data), tuple(children))
    return mirror(drawing, area) if ctx.rtl else drawing


def _shapes(groups: dict) -> dict[str, str]:
    """Each group's seat shape (its own, or the next unused default in order)."""
    return {
        gid: group.get("shape") or SEAT_SHAPES[index % len(SEAT_SHAPES)]
        for index, (gid, group) in enumerate(groups.items())
    }


def _text_rect(shape: str, rect: Rect) -> Rect:
    """Where a seat's label goes: clear of a pill's round ends or a hexagon's points."""
    if shape == "hexagon":
        cut = min(rect.w * 0.25, rect.h * 0.25 * 1.1547)
        return Rect(rect.x + cut * 0.7, rect.y, rect.w - cut * 1.4, rect.h)
    if shape == "pill" and rect.w > rect.h:
        return Rect(rect.x + rect.h * 0.06, rect.y, rect.w - rect.h * 0.12, rect.h)
    return rect


def _legend(groups: dict, row: Rect, ctx: DrawContext) -> Group:
    """One swatch and label per group, centred in ``row``.

    Each label's box is as wide as its text, and the text is centred in it, so it sits by its
    swatch whichever way the paragraph's alignment is read (right-to-left decks mirror this).
    """
    swatch = min(18.0, row.h * 0.6)
    swatch_w = swatch * 1.6  # wide enough to show the seat's shape
    font = font_paths(ctx.font)[0]
    gap_inner, gap_outer = 4.0, 28.0
    naturals = [
        unit_width(font, str(g["label"])) * LEGEND_MAX_PT * 1.08 + 6.0 for g in groups.values()
    ]
    total = sum(swatch_w + gap_inner + w for w in naturals) + gap_outer * (len(naturals) - 1)
    scale = min(1.0, row.w / total) if total else 1.0
    widths = [w * scale for w in naturals]
    total = sum(swatch_w + gap_inner + w for w in widths) + gap_outer * (len(widths) - 1)
    x = row.x + (row.w - total) / 2
    items = []
    shapes = _shapes(groups)
    for index, ((gid, group), width) in enumerate(zip(groups.items(), widths, strict=True)):
        label = str(group["label"])
        color = ctx.color(group["color"])
        geom, adjust, outlined = SHAPE_STYLE[shapes[gid]]
        box = Rect(x + swatch_w + gap_inner, row.y, width, row.h)
        items.append(
            Group(
                f"Legend {index + 1}: {label}",
                (
                    Shape(
                        f"Legend swatch: {gid}",
                        geom,
                        Rect(x, row.cy - swatch / 2, swatch_w, swatch),
                        fill=color,
                        line=ctx.color("dk2") if outlined else None,
                        line_width=1.75 if outlined else 1.0,
                        adjust=adjust,
                    ),
                    text_shape(
                        f"Legend label {index + 1}: {label}",
                        box,
                        label=ctx.label(
                            group["label"],
                            box,
                            None,
                            max_size=LEGEND_MAX_PT,
                            insets=Insets(0, 0, 0, 0),
                            what="legend label",
                        ),
                    ),
                ),
            )
        )
        x = box.right + gap_outer
    return Group("Legend", tuple(items))


def alt_text(data: dict) -> str:
    groups = data["groups"]
    parts = []
    for panel in data["panels"]:
        by_group: dict[str, list[str]] = {}
        for seat in panel["seats"]:
            by_group.setdefault(seat["group"], []).append(str(seat["label"]))
        who = "; ".join(
            f"{groups[g]['label']}: {', '.join(names)}" for g, names in by_group.items()
        )
        text = f"{panel['title']}. Around the table: {who}."
        if panel.get("caption"):
            text += f" {str(panel['caption']).rstrip('.')}."
        parts.append(text)
    return " ".join(parts)
