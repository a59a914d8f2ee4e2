"""Outputs or outcomes: a logic chain, and the cake that shows the difference.

The top row is the chain (Inputs → Activities → Outputs → Outcomes) as nesting chevrons, each
with its question beneath; highlighted steps (outputs and outcomes, by default) get their own
colour. Below, an example row on the same grid: the output (a perfect triple chocolate cake) →
for a particular person → the outcome (a bad one), and a speech-bubble callout: ask the person
what a good outcome is. The example's boxes take the colours of the first and last highlighted
steps, so the example reads as an instance of the chain.
"""

from __future__ import annotations

from typing import Any

from ..layout.drawing import Connector, DrawContext, Drawing, Group, Rect, Shape, mirror
from ..layout.fit import Insets
from ..specvalues.fields import ListOf, Mapping_, Str
from ._common import (
    ColorRef,
    Nullable,
    escape_markup,
    text_shape,
    tint,
    uniform_labels,
    unique_names,
)

NAME = "outputs-outcomes"
SUMMARY = "Outputs vs outcomes: a logic chain and an example (the cake)"

MIN_STEPS, MAX_STEPS = 2, 6
CHEVRON_DEPTH = 0.32  # the chevron's point as a share of its height
DEFAULT_PAIR = ("accent1", "accent2")


STEP = Mapping_(
    {
        "label": Str(required=True, help="the step, e.g. 'Outputs'"),
        "question": Nullable(
            Str(), help="the question it answers, e.g. 'How many? Things we count'"
        ),
        "highlight": Nullable(ColorRef(), help="a colour to pick the step out; null for plain"),
    },
    what="step key",
)

EXAMPLE = Mapping_(
    {
        "title": Nullable(Str(), help="the example row's heading, e.g. 'For example'"),
        "output_label": Nullable(Str(), help="the word over the output, e.g. 'Output'"),
        "output": Str(required=True, help="e.g. 'A perfect triple chocolate cake'"),
        "person": Nullable(
            Str(), help="who it is for, e.g. 'for someone who can't eat gluten or dairy'"
        ),
        "outcome_label": Nullable(Str(), help="the word over the outcome, e.g. 'Outcome'"),
        "outcome": Str(required=True, help="e.g. 'A bad outcome'"),
    },
    what="example key",
)

DATA = Mapping_(
    {
        "steps": ListOf(
            STEP,
            min_items=MIN_STEPS,
            max_items=MAX_STEPS,
            required=True,
            help=f"{MIN_STEPS} to {MAX_STEPS} steps of the chain, first to last",
        ),
        "example": Nullable(EXAMPLE, help="the example row; null for none"),
        "callout": Nullable(Str(), help="the lesson, e.g. 'Ask the person what a good outcome is'"),
        "color": ColorRef(default="accent3", help="the callout's colour"),
    },
    what="outputs-outcomes key",
)


# ------------------------------------------------------------------------------- drawing


def draw(data: dict, area: Rect, ctx: DrawContext) -> Drawing:
    steps = list(data["steps"])
    example = data.get("example")
    callout = data.get("callout")
    h = area.h

    chain_h = min(max(h * 0.2, 48.0), 96.0)
    q_h = min(max(h * 0.155, 42.0), 68.0)
    q_gap = h * 0.025
    top_h = chain_h + q_gap + q_h
    if example:
        lower_gap = h * 0.1
        lower = Rect(
            area.x, area.y + top_h + lower_gap, area.w, area.bottom - (area.y + top_h + lower_gap)
        )
        top_y = area.y
    else:
        callout_h = min(max(h * 0.2, 50.0), 90.0) if callout else 0.0
        block = top_h + (h * 0.1 + callout_h if callout else 0.0)
        top_y = area.y + (h - block) / 2
        lower = Rect(area.x, top_y + top_h + h * 0.1, area.w, callout_h)

    colors = [ctx.color(s["highlight"]) if s.get("highlight") else None for s in steps]
    children: list[Any] = [
        _chain(ctx, steps, colors, Rect(area.x, top_y, area.w, chain_h), q_gap, q_h)
    ]
    marked = [c for c in colors if c]
    pair = (
        marked[0] if marked else ctx.color(DEFAULT_PAIR[0]),
        marked[-1] if len(marked) > 1 else ctx.color(DEFAULT_PAIR[1]),
    )
    if example:
        children.extend(_example_row(ctx, example, callout, pair, data.get("color"), lower))
    elif callout:
        rect = Rect(area.x + area.w * 0.2, lower.y, area.w * 0.6, lower.h)
        children.append(_callout(ctx, callout, data.get("color"), rect, tail=None))
    drawing = Drawing(
        name="Diagram: outputs and outcomes", alt=alt_text(data), children=tuple(children)
    )
    drawing = unique_names(drawing)
    return mirror(drawing, area) if ctx.rtl else drawing


def _chain(
    ctx: DrawContext,
    steps: list[dict],
    colors: list[str | None],
    row: Rect,
    q_gap: float,
    q_h: float,
) -> Group:
    n = len(steps)
    depth = row.h * CHEVRON_DEPTH
    gap = max(4.0, row.w * 0.006)
    width = (row.w + (n - 1) * (depth - gap)) / n
    plain = tint(ctx.color("dk2"), 0.16)
    fills = [c or plain for c in colors]
    rects, text_rects, q_rects = [], [], []
    for i in range(n):
        x = row.x + i * (width - depth + gap)
        rects.append(Rect(x, row.y, width, row.h))
        left = x + (depth if i else 4.0)
        text_rects.append(Rect(left, row.y + 2, x + width - depth - left, row.h - 4))
        q_left = x + (depth / 2 if i else 0.0) + 3
        q_right = x + width - depth / 2 - 3 if i < n - 1 else x + width
        q_rects.append(Rect(q_left, row.bottom + q_gap, q_right - q_left, q_h))
    labels = uniform_labels(
        ctx,
        [(s["label"], r, f) for s, r, f in zip(steps, text_rects, fills, strict=True)],
        max_size=min(24.0, ctx.max_size),
        bold=True,
        insets=Insets(3.0, 2.0, 3.0, 2.0),
        what="step label",
    )
    q_fills = [tint(c, 0.14) if c else None for c in colors]
    questions = uniform_labels(
        ctx,
        [(s.get("question") or "", r, f) for s, r, f in zip(steps, q_rects, q_fills, strict=True)],
        max_size=18.0,
        anchor="t",
        what="step question",
    )
    groups = []
    for i, step in enumerate(steps):
        title = f"Step {i + 1}: {step['label']}"
        parts: list[Any] = [
            Shape(
                title,
                "chevron" if i else "homePlate",
                rects[i],
                fill=fills[i],
                label=labels[i],
                text_rect=text_rects[i],
                adjust=(CHEVRON_DEPTH,),
            )
        ]
        if step.get("question"):
            parts.append(
                Shape(
                    f"{title} (question)",
                    "roundRect" if colors[i] else "rect",
                    q_rects[i],
                    fill=q_fills[i],
                    label=questions[i],
                    adjust=(0.12,) if colors[i] else (),
                )
            )
        groups.append(Group(title, tuple(parts)))
    return Group("Chain: " + " to ".join(str(s["label"]) for s in steps), tuple(groups))


def _example_row(
    ctx: DrawContext,
    example: dict,
    callout: str | None,
    pair: tuple[str, str],
    callout_color: str | None,
    zone: Rect,
) -> list[Any]:
    """Heading, then output → person → outcome, then the callout, on one row."""
    head_h = min(max(zone.h * 0.2, 26.0), 40.0) if example.get("title") else 0.0
    row = Rect(zone.x, zone.y + head_h, zone.w, zone.h - head_h)
    box_h = min(row.h, max(row.h * 0.75, 60.0))
    box_y = row.y + (row.h - box_h) / 2
    shares = (0.24, 0.24, 0.24, 0.04, 0.24) if callout else (0.3, 0.4, 0.3, 0.0, 0.0)
    xs = [zone.x]
    for share in shares:
        xs.append(xs[-1] + zone.w * share)
    out_rect = Rect(xs[0], box_y, xs[1] - xs[0], box_h)
    res_rect = Rect(xs[2], box_y, xs[3] - xs[2], box_h)

    parts: list[Any] = []
    if head_h:
        rect = Rect(zone.x, zone.y, zone.w * 0.5, head_h)
        label = ctx.label(
            example["title"],
            rect,
            max_size=20.0,
            bold=True,
            align="l",
            anchor="b",
            insets=Insets(0.0, 2.0, 4.0, 4.0),
            what="example heading",
        )
        parts.append(text_shape("Example heading", rect, label=label))

    def box(name: str, title: str | None, text: str, rect: Rect, color: str) -> Shape:
        fill = tint(color, 0.16)
        paras = ([f"**{escape_markup(title)}**"] if title else []) + [text]
        label = ctx.label(
            paras,
            rect,
            fill,
            max_size=20.0,
            insets=Insets(8.0, 5.0, 8.0, 5.0),
            what=f"example {name.lower()}",
        )
        return Shape(
            f"Example {name.lower()}: {text}",
            "roundRect",
            rect,
            fill=fill,
            line=color,
            line_width=2.0,
            label=label,
            adjust=(0.12,),
        )

    parts.append(box("Output", example.get("output_label"), example["output"], out_rect, pair[0]))
    margin = max(6.0, zone.w * 0.008)
    link: list[Shape | Connector] = [
        Connector(
            "Arrow: output to outcome",
            (out_rect.right + margin, out_rect.cy),
            (res_rect.x - margin, res_rect.cy),
            ctx.color("dk2"),
            width=2.5,
        )
    ]
    if example.get("person"):
        rect = Rect(
            out_rect.right + 2, row.y, res_rect.x - out_rect.right - 4, out_rect.cy - 5 - row.y
        )
        label = ctx.label(
            example["person"],
            rect,
            max_size=18.0,
            anchor="b",
            insets=Insets(3.0, 2.0, 3.0, 2.0),
            what="example person",
        )
        link.insert(0, text_shape(f"For whom: {example['person']}", rect, label=label))
    parts.append(Group("Example: for whom", tuple(link)))
    parts.append(
        box("Outcome", example.get("outcome_label"), example["outcome"], res_rect, pair[1])
    )
    groups: list[Any] = [Group("Example: " + str(example["output"]), tuple(parts))]
    if callout:
        rect = Rect(xs[4], box_y, xs[5] - xs[4], box_h)
        tail = -0.5 - 0.7 * (xs[4] - xs[3]) / rect.w  # the tip reaches into the gap
        groups.append(_callout(ctx, callout, callout_color, rect, tail=tail))
    return groups


def _callout(
    ctx: DrawContext, text: str, color: str | None, rect: Rect, tail: float | None
) -> Shape:
    """A speech bubble; ``tail`` is its tip's x as a share of the width from the centre."""
    fill = ctx.color(color or "accent3")
    label = ctx.label(
        text,
        rect,
        fill,
        max_size=22.0,
        bold=True,
        insets=Insets(10.0, 6.0, 10.0, 6.0),
        what="callout",
    )
    if tail is None:
        return Shape(f"Callout: {text}", "roundRect", rect, fill=fill, label=label, adjust=(0.16,))
    # mirror() flips positions but not a callout's tail: point it the other way up front
    tip = -tail if ctx.rtl else tail
    return Shape(
        f"Callout: {text}",
        "wedgeRoundRectCallout",
        rect,
        fill=fill,
        label=label,
        adjust=(tip, 0.0, 0.16667),
    )


def alt_text(data: dict) -> str:
    steps = list(data["steps"])
    parts = [
        "Outputs are not outcomes. The chain runs "
        + " → ".join(str(s["label"]) for s in steps)
        + "."
    ]
    for step in steps:
        if step.get("question"):
            parts.append(f"{step['label']}: {step['question']}.")
    example = data.get("example")
    if example:
        person = f" {example['person']}" if example.get("person") else ""
        parts.append(f"Example: {example['output']}{person} → {example['outcome']}.")
    if data.get("callout"):
        parts.append(str(data["callout"]) + ".")
    return " ".join(p.replace("..", ".").replace("?.", "?").replace("!.", "!") for p in parts)
