"""How, not extra: co-production is not another job on top; it is how the work is done.

Two panels side by side. "Not this": a stack of everyday work blocks with co-production as a
separate, dashed block piled on top and crossed out. "But this": the same blocks with a band
of colour running down through every one of them, labelled at its top. Both stacks share one
grid (the extra block and the band's label sit at the same height; the blocks line up), so the
eye compares like with like.
"""

from __future__ import annotations

from typing import Any

from ..layout.drawing import DrawContext, Drawing, Group, Rect, Shape, mirror
from ..layout.fit import Insets
from ..specvalues.fields import ListOf, Mapping_, Str
from ._common import ColorRef, Nullable, text_shape, tint, uniform_labels, unique_names

NAME = "how-not-extra"
SUMMARY = "How, not extra: co-production runs through the work, not piled on top"

MIN_BLOCKS, MAX_BLOCKS = 2, 6
MUTED_TEXT = "59636E"  # grey text for the crossed-out block (6:1 on white)
BLOCK_INSETS = Insets(6.0, 1.0, 6.0, 1.0)


def _blocks(**kw: Any) -> ListOf:
    return ListOf(Str(), min_items=MIN_BLOCKS, max_items=MAX_BLOCKS, **kw)


DATA = Mapping_(
    {
        "not_this": Mapping_(
            {
                "title": Str(required=True, help="e.g. 'Not this'"),
                "blocks": _blocks(
                    required=True, help="the everyday work, e.g. [Assessments, Meetings]"
                ),
                "extra": Str(required=True, help="the block piled on top, e.g. 'Co-production'"),
                "caption": Nullable(Str(), help="e.g. 'Another job piled on top'"),
                "color": ColorRef(default="accent6", help="the cross and the dashed outline"),
            },
            what="not_this key",
            required=True,
        ),
        "but_this": Mapping_(
            {
                "title": Str(required=True, help="e.g. 'But this'"),
                "blocks": Nullable(
                    _blocks(), help="the same work; leave out to repeat not_this.blocks"
                ),
                "through": Str(
                    required=True, help="the band running through, e.g. 'Co-production'"
                ),
                "on_each": Nullable(
                    Str(), help="the band's words beside every block, e.g. 'with people'"
                ),
                "caption": Nullable(
                    Str(), help="e.g. 'How we do what we do, and it makes it better'"
                ),
                "color": ColorRef(default="accent3", help="the band's colour"),
            },
            what="but_this key",
            required=True,
        ),
    },
    what="how-not-extra key",
)


# ------------------------------------------------------------------------------- drawing


def draw(data: dict, area: Rect, ctx: DrawContext) -> Drawing:
    left, right = data["not_this"], data["but_this"]
    left_blocks = list(left["blocks"])
    right_blocks = list(right.get("blocks") or left_blocks)
    n = max(len(left_blocks), len(right_blocks))

    gutter = area.w * 0.06
    panel_w = (area.w - gutter) / 2
    panels = [
        Rect(area.x, area.y, panel_w, area.h),
        Rect(area.x + panel_w + gutter, area.y, panel_w, area.h),
    ]
    pad = max(10.0, panel_w * 0.05)
    title_h = min(max(area.h * 0.13, 34.0), 56.0)
    rule_h = 4.0
    caption_h = (
        min(max(area.h * 0.17, 42.0), 76.0)
        if (left.get("caption") or right.get("caption"))
        else 0.0
    )

    # one grid for both stacks: a top slot (the extra block / the band's label), then blocks
    stack_top = area.y + pad + title_h + rule_h + area.h * 0.05
    stack_bottom = area.bottom - pad - caption_h - (area.h * 0.03 if caption_h else 0.0)
    small_gap = max(3.0, area.h * (0.015 if n <= 4 else 0.01))
    big_gap = max(8.0, area.h * (0.05 if n <= 4 else 0.03))
    block_h = min(60.0, (stack_bottom - stack_top - big_gap - (n - 1) * small_gap) / (n + 1))
    used = (n + 1) * block_h + big_gap + (n - 1) * small_gap
    stack_top += (stack_bottom - stack_top - used) / 2
    stack_w = panel_w - 2 * pad
    first_y = stack_top + block_h + big_gap

    def block_rects(panel: Rect, count: int) -> list[Rect]:
        return [
            Rect(panel.x + pad, first_y + i * (block_h + small_gap), stack_w, block_h)
            for i in range(count)
        ]

    work_fill = tint(ctx.color("dk2"), 0.16)
    band_w = stack_w * 0.42
    band_x = panels[1].x + pad + stack_w - band_w
    left_rects = block_rects(panels[0], len(left_blocks))
    right_rects = block_rects(panels[1], len(right_blocks))
    right_rects = [Rect(r.x, r.y, band_x - r.x, r.h) for r in right_rects]
    text_in = 8.0
    left_text = [r.inset(text_in, 0) for r in left_rects]
    right_text = [r.inset(text_in, 0) for r in right_rects]
    block_labels = uniform_labels(
        ctx,
        [
            (t, r, work_fill)
            for t, r in zip(left_blocks + right_blocks, left_text + right_text, strict=True)
        ],
        max_size=20.0,
        align="l",
        insets=BLOCK_INSETS,
        what="work block",
    )

    panel_fill = ctx.color("lt2")
    titles = uniform_labels(
        ctx,
        [
            (p["title"], Rect(panel.x + pad, panel.y + pad, stack_w, title_h), panel_fill)
            for p, panel in ((left, panels[0]), (right, panels[1]))
        ],
        max_size=max(26.0, ctx.max_size + 2),
        bold=True,
        what="panel title",
    )
    caption_rects = [
        Rect(panel.x + pad, panel.bottom - pad - caption_h, stack_w, caption_h) for panel in panels
    ]
    captions = uniform_labels(
        ctx,
        [
            (p.get("caption") or "", r, panel_fill)
            for p, r in zip((left, right), caption_rects, strict=True)
        ],
        max_size=18.0,
        what="panel caption",
    )

    def panel_group(index: int, data_part: dict, middle: list[Any]) -> Group:
        panel = panels[index]
        color = ctx.color(data_part.get("color") or ("accent6", "accent3")[index])
        title_rect = Rect(panel.x + pad, panel.y + pad, stack_w, title_h)
        rule_w = min(stack_w * 0.3, 64.0)
        parts: list[Any] = [
            Shape(
                f"Panel: {data_part['title']}",
                "roundRect",
                panel,
                fill=panel_fill,
                adjust=(min(0.06, 12.0 / min(panel.w, panel.h)),),
            ),
            text_shape(f"Title: {data_part['title']}", title_rect, label=titles[index]),
            Shape(
                f"Title rule: {data_part['title']}",
                "rect",
                Rect(title_rect.cx - rule_w / 2, title_rect.bottom, rule_w, rule_h),
                fill=color,
            ),
            *middle,
        ]
        if data_part.get("caption"):
            parts.append(
                text_shape(
                    f"Caption: {data_part['caption']}",
                    caption_rects[index],
                    label=captions[index],
                )
            )
        return Group(
            f"{'Not this' if index == 0 else 'But this'}: {data_part['title']}", tuple(parts)
        )

    # --- not this: the extra block piled on top, dashed and crossed out
    not_color = ctx.color(left.get("color") or "accent6")
    cross = min(block_h * 0.95, stack_w * 0.16)
    extra = Rect(
        panels[0].x + pad + stack_w * 0.05, stack_top, stack_w * 0.95 - cross - 10, block_h
    )
    extra_label = ctx.label(
        left["extra"],
        extra.inset(text_in, 0),
        "FFFFFF",
        max_size=20.0,
        color=MUTED_TEXT,
        insets=BLOCK_INSETS,
        what="extra block",
    )
    piled = Group(
        f"Piled on top: {left['extra']}",
        (
            Shape(
                f"Extra block: {left['extra']}",
                "rect",
                extra,
                fill="FFFFFF",
                line=not_color,
                line_width=2.0,
                dash="dash",
                label=extra_label,
                text_rect=extra.inset(text_in, 0),
            ),
            Shape(
                "Cross: not this way",
                "mathMultiply",
                Rect(panels[0].x + pad + stack_w - cross, extra.cy - cross / 2, cross, cross),
                fill=not_color,
                adjust=(0.2,),
            ),
        ),
    )
    stack = Group(
        "Work blocks",
        tuple(
            Shape(
                f"Work block {i + 1}: {text}",
                "rect",
                rect,
                fill=work_fill,
                label=label,
                text_rect=rect.inset(text_in, 0),
            )
            for i, (text, rect, label) in enumerate(
                zip(left_blocks, left_rects, block_labels[: len(left_blocks)], strict=True)
            )
        ),
    )
    left_group = panel_group(0, left, [piled, stack])

    # --- but this: a band running down beside every block, labelled at its top
    but_color = ctx.color(right.get("color") or "accent3")
    band = Rect(band_x, stack_top, band_w, right_rects[-1].bottom - stack_top)
    cap = Rect(band_x, stack_top, band_w, block_h)
    band_label = ctx.label(
        right["through"],
        cap,
        but_color,
        max_size=20.0,
        bold=True,
        insets=BLOCK_INSETS,
        what="band label",
    )
    row_rects = [Rect(band_x, r.y, band_w, r.h) for r in right_rects]
    each = right.get("on_each")
    row_labels = (
        uniform_labels(
            ctx,
            [(each, r, but_color) for r in row_rects],
            max_size=block_labels[0].size,
            insets=BLOCK_INSETS,
            what="band text",
        )
        if each
        else []
    )
    rows: list[Any] = []
    for i, (text, rect, trect, label) in enumerate(
        zip(right_blocks, right_rects, right_text, block_labels[len(left_blocks) :], strict=True)
    ):
        rows.append(
            Shape(
                f"Work block {i + 1}: {text} ({right['through']})",
                "rect",
                rect,
                fill=work_fill,
                label=label,
                text_rect=trect,
            )
        )
        if each:
            rows.append(
                text_shape(f"Band at block {i + 1}: {each}", row_rects[i], label=row_labels[i])
            )
    through = Group(
        f"Running through: {right['through']}",
        (
            Shape(f"Band: {right['through']}", "rect", band, fill=but_color),
            text_shape(f"Band label: {right['through']}", cap, label=band_label),
            Group("Work blocks", tuple(rows)),
        ),
    )
    right_group = panel_group(1, right, [through])

    drawing = Drawing(
        name="Diagram: how, not extra", alt=alt_text(data), children=(left_group, right_group)
    )
    drawing = unique_names(drawing)
    return mirror(drawing, area) if ctx.rtl else drawing


def alt_text(data: dict) -> str:
    left, right = data["not_this"], data["but_this"]
    blocks = ", ".join(str(b) for b in (right.get("blocks") or left["blocks"]))
    parts = [
        f"{right['through']} is not extra work on top; it runs through the work.",
        f"{left['title']}: {left['extra']} piled on top of {', '.join(map(str, left['blocks']))}"
        " as one more job, crossed out.",
        f"{right['title']}: {right['through']} runs through every part of the work ({blocks}).",
    ]
    if right.get("caption"):
        parts.append(str(right["caption"]).rstrip(".") + ".")
    return " ".join(parts)
