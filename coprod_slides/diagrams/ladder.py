"""The ladder of participation on its side: rungs left to right, grouped doing to / for / with.

The ladder (Arnstein 1969; the UK "ladder of co-production" of Think Local Act Personal and
the National Co-production Advisory Group) is drawn as a row of chevrons, not a ladder: a
ladder says "climb to the top", a row says "people move along it, both ways". Groups (doing
TO, FOR, WITH) get a bracket and a label above their rungs, and one colour each; a
two-headed arrow underneath carries the message.

When the chevrons get too narrow for their labels (many rungs, long translated words) the rungs
become rounded boxes joined by arrows, which wastes less width on the chevron points.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..layout.drawing import (
    Connector,
    DrawContext,
    Drawing,
    Element,
    Group,
    Label,
    Rect,
    Shape,
    mirror,
)
from ..layout.fit import Insets, min_box_width, parse_inline
from ..layout.fonts import font_paths, unit_width
from ..specvalues.fields import (
    INVALID,
    Choice,
    ListOf,
    Mapping_,
    Number,
    OneOf,
    Str,
    did_you_mean,
    join_path,
)
from ._common import ColorRef, Nullable, line_h, polyline, probe, text_shape, tint, uniform_size

NAME = "ladder"
SUMMARY = (
    "Ladder of participation on its side: rungs left to right, grouped doing to / for / "
    "with, arrows both ways"
)

MIN_RUNGS, MAX_RUNGS = 3, 9


class _LadderData(Mapping_):
    """The data mapping, plus the checks that span keys (rung count, the highlighted rung)."""

    def validate(self, value, path, loc, diag):
        result = super().validate(value, path, loc, diag)
        if result is INVALID:
            return INVALID
        labels = [str(r) for g in result["groups"] for r in g["rungs"]]
        groups_path = join_path(path, "groups")
        groups_loc = value.loc_of("groups") if hasattr(value, "loc_of") else loc
        if not MIN_RUNGS <= len(labels) <= MAX_RUNGS:
            diag.error(
                groups_loc,
                f"{groups_path}: the ladder lays out {MIN_RUNGS} to "
                f"{MAX_RUNGS} rungs in all; these groups have {len(labels)}",
            )
            return INVALID
        highlight = result["highlight"]
        if highlight is not None:
            where = join_path(path, "highlight")
            hl_loc = value.loc_of("highlight") if hasattr(value, "loc_of") else loc
            if isinstance(highlight, str):
                if highlight not in labels:
                    diag.error(
                        hl_loc,
                        f"{where}: no rung is called '{highlight}'"
                        f"{did_you_mean(highlight, labels)}; give a rung's label or "
                        f"its number (1 to {len(labels)})",
                    )
                    return INVALID
                # Stored as the rung's number: translation changes labels, not numbers.
                result["highlight"] = labels.index(highlight) + 1
            elif highlight > len(labels):
                diag.error(hl_loc, f"{where}: there are {len(labels)} rungs; got rung {highlight}")
                return INVALID
        return result


GROUP = Mapping_(
    {
        "label": Str(required=True, help="the group's name, e.g. 'Doing WITH'"),
        "color": ColorRef(required=True, help="a theme colour such as accent3"),
        "rungs": ListOf(
            Str(max_length=80),
            min_items=1,
            max_items=MAX_RUNGS,
            required=True,
            help="the group's rungs, low to high",
        ),
    }
)

DATA = _LadderData(
    {
        "groups": ListOf(
            GROUP,
            min_items=1,
            max_items=4,
            required=True,
            help="1 to 4 groups of rungs, left (low) to right (high)",
        ),
        "arrow_label": Nullable(Str(max_length=200), help="the message under the two-headed arrow"),
        "message": Nullable(
            Str(max_length=200), help="the slide's core message, in bold under the arrow label"
        ),
        "rung_shape": Choice(
            ("chevrons", "boxes"),
            default="chevrons",
            what="rung shape",
            help="chevrons (pointing on) or boxes joined by two-headed arrows (no direction)",
        ),
        "highlight": Nullable(
            OneOf((int, Number(integer=True, minimum=1)), (str, Str())),
            help="a rung's label or number (1 = first) to pick out",
        ),
        "credit": Nullable(Str(max_length=300), help="a small credit line at the bottom"),
    }
)


# --------------------------------------------------------------------------- geometry

RUNG_MAX_PT = 20.0
GROUP_MAX_PT = 18.0
ARROW_MAX_PT = 20.0
TEXT_INSETS = Insets(2.0, 2.0, 2.0, 2.0)  # the text rect already sits inside the shape
CHEVRON_GAP = 5.0  # visual gap between nested chevrons
BOX_GAP = 10.0  # room for the short arrow connector between boxes
BOTH_WAYS_GAP = 22.0  # room for a two-headed arrow between boxes
MESSAGE_MAX_PT = 20.0
BOX_TEXT_INSET = 1.0  # a box's text rect inside its sides


@dataclass(frozen=True)
class _Rung:
    label: str
    group: int
    shape: Rect  # the shape's bounding box
    text: Rect  # where its label goes
    geom: str
    adjust: float  # the chevron's point depth as the preset's adjustment (0: preset default)


Row = list[tuple[Rect, Rect, str, float]]  # per rung: shape, text rect, preset, adjustment


def _spread(total: float, least: list[float]) -> list[float] | None:
    """Widths summing to ``total``, each at least its ``least``, the rest shared evenly.

    None when the minimums alone need more than ``total``.
    """
    if sum(least) > total + 1e-6:
        return None
    fixed: dict[int, float] = {}
    while True:
        free = [i for i in range(len(least)) if i not in fixed]
        if not free:
            return list(least)
        share = (total - sum(fixed.values())) / len(free)
        grown = [i for i in free if least[i] > share]
        if not grown:
            return [fixed.get(i, share) for i in range(len(least))]
        fixed.update((i, least[i]) for i in grown)


def _chevron_row(row: Rect, n: int, text_needs: list[float] | None = None) -> Row | None:
    """Nested chevrons filling ``row``: the first flat-backed (homePlate), the rest notched.

    Evenly spaced, or (given ``text_needs``, each label's least text width) as even as the
    labels allow; None when the labels cannot all have their width.
    """
    depth = 20.0
    for _ in range(3):  # the depth depends on the width and the width on the depth
        pitch = (row.w - depth + CHEVRON_GAP) / n
        width = pitch + depth - CHEVRON_GAP
        depth = max(8.0, min(24.0, 0.13 * width, 0.22 * row.h))
    text_h = min(row.h * 0.74, 3 * RUNG_MAX_PT * 1.2 + 6.0)  # three lines; less height, more width
    point = depth * text_h / row.h  # how far the point cuts into the text at its top
    total = row.w - depth + CHEVRON_GAP
    pitches = [total / n] * n
    if text_needs is not None:
        lost = [CHEVRON_GAP + point + (4.0 - depth if i == 0 else 0.0) for i in range(n)]
        spread = _spread(
            total, [need + extra for need, extra in zip(text_needs, lost, strict=True)]
        )
        if spread is None:
            return None
        pitches = spread
    out = []
    for i, (x, pitch) in enumerate(zip(_starts(row.x, pitches), pitches, strict=True)):
        width = pitch + depth - CHEVRON_GAP
        shape = Rect(x, row.y, width, row.h)
        left = x + (4.0 if i == 0 else depth)  # clear of the notch
        right = x + width - point  # clear of the point at the text's top
        out.append(
            (
                shape,
                Rect(left, row.cy - text_h / 2, right - left, text_h),
                "homePlate" if i == 0 else "chevron",
                depth / min(width, row.h),
            )
        )
    return out


def _box_row(
    row: Rect, n: int, gap: float = BOX_GAP, text_needs: list[float] | None = None
) -> Row | None:
    """Rounded boxes ``gap`` apart, evenly wide or (given ``text_needs``) as the labels need."""
    total = row.w - (n - 1) * gap
    widths = [total / n] * n
    if text_needs is not None:
        spread = _spread(total, [need + 2 * BOX_TEXT_INSET for need in text_needs])
        if spread is None:
            return None
        widths = spread
    out = []
    for x, width in zip(_starts(row.x, [w + gap for w in widths]), widths, strict=True):
        shape = Rect(x, row.y, width, row.h)
        out.append((shape, shape.inset(BOX_TEXT_INSET, 4.0), "roundRect", 0.0))
    return out


def _starts(x0: float, steps: list[float]) -> list[float]:
    """Where each of a row of items starts, given each one's step to the next."""
    if len(set(steps)) == 1:  # even: computed as before, so decks stay byte-identical
        return [x0 + i * steps[0] for i in range(len(steps))]
    return [x0 + sum(steps[:i]) for i in range(len(steps))]


def _rung_row(rungs: list[tuple[str, int]], row: Rect, ctx: DrawContext, both_ways: bool) -> Row:
    """The rungs' row: the first of these in which every label fits at the deck's minimum size
    or more (else the one in which most fit, and the fitting warns about the rest).

    The chosen shape evenly spaced; the same with widths that follow the labels (a long word
    gets the width it needs, the rest share what is left); then boxes with short arrows, even
    and following the labels.
    """
    n = len(rungs)
    trial = probe(ctx)

    def fit_count(candidate: Row) -> int:
        return sum(
            trial.label(label, item[1], None, max_size=RUNG_MAX_PT, insets=TEXT_INSETS).fits
            for (label, _), item in zip(rungs, candidate, strict=True)
        )

    def chosen(needs: list[float] | None) -> Row | None:
        return _box_row(row, n, BOTH_WAYS_GAP, needs) if both_ways else _chevron_row(row, n, needs)

    def short_arrows(needs: list[float] | None) -> Row | None:
        return _box_row(row, n, BOX_GAP, needs)

    best: Row | None = None
    best_fits = -1
    for build in (chosen, short_arrows):
        for candidate in (build(None), _following_labels(build, rungs, ctx)):
            if candidate is None:
                continue
            fits = fit_count(candidate)
            if fits == n:
                return candidate
            if fits > best_fits:
                best, best_fits = candidate, fits
    assert best is not None  # an even row is always built
    return best


def _following_labels(
    build: Callable[[list[float] | None], Row | None],
    rungs: list[tuple[str, int]],
    ctx: DrawContext,
) -> Row | None:
    """The row with widths that follow the labels, at the largest size whose longest words
    all get their width (None if they do not even at the deck's minimum size)."""
    paras = [(parse_inline(label),) for label, _ in rungs]
    size = RUNG_MAX_PT
    floor = min(ctx.min_size, RUNG_MAX_PT)
    while size >= floor:
        needs = [min_box_width(p, size, ctx.font, TEXT_INSETS) + 0.01 for p in paras]
        candidate = build(needs)
        if candidate is not None:
            return candidate
        size -= 0.5
    return None


def _pill_text(pill: Rect) -> Rect:
    """The text area of a pill (a roundRect with fully rounded ends): clear of the ends."""
    end = pill.h * 0.5 * 0.29289  # how far the round end cuts into a full-height text box
    return Rect(pill.x + end, pill.y, pill.w - 2 * end, pill.h)


def _rungs(data: dict) -> list[tuple[str, int]]:
    return [(str(label), gi) for gi, group in enumerate(data["groups"]) for label in group["rungs"]]


def _highlight_index(data: dict, rungs: list[tuple[str, int]]) -> int | None:
    value = data.get("highlight")
    if value is None:
        return None
    if isinstance(value, str):
        labels = [label for label, _ in rungs]
        return labels.index(value) if value in labels else None
    return value - 1 if 1 <= value <= len(rungs) else None


def draw(data: dict, area: Rect, ctx: DrawContext) -> Drawing:
    rungs = _rungs(data)
    groups = data["groups"]
    n = len(rungs)
    highlight = _highlight_index(data, rungs)
    credit = data.get("credit")
    message = data.get("message")
    both_ways = data.get("rung_shape") == "boxes"

    # --- vertical budget: group labels, brackets, rungs, arrow, arrow label, message, credit
    pill_h = min(max(40.0, line_h(ctx, ctx.min_size) + 8.0), area.h * 0.14)
    top_block = pill_h + 12.0
    arrow_gap, label_gap = 16.0, 6.0
    label_h = max(min(46.0, area.h * 0.13), line_h(ctx, ctx.min_size) + 8.0)
    credit_h = line_h(ctx, ctx.min_size) + 2.0 if credit else 0.0
    message_h = max(min(40.0, area.h * 0.11), line_h(ctx, ctx.min_size) + 8.0) if message else 0.0
    bottom_block = arrow_gap + label_gap + label_h + message_h + (credit_h + 4.0 if credit else 0.0)
    row_h = max(40.0, min(120.0, area.h - top_block - bottom_block))
    total = top_block + row_h + bottom_block
    y0 = area.y + max(0.0, (area.h - total) / 2)
    row = Rect(area.x, y0 + top_block, area.w, row_h)

    layout = _rung_row(rungs, row, ctx, both_ways)
    placed = [_Rung(label, gi, *item) for (label, gi), item in zip(rungs, layout, strict=True)]
    boxed = layout[0][2] == "roundRect"

    colors = [ctx.color(g["color"]) for g in groups]

    def fill_of(index: int, rung: _Rung) -> str:
        base = colors[rung.group]
        return base if highlight is None or index == highlight else tint(base, 0.45)

    size = uniform_size(
        ctx,
        [(r.label, r.text, fill_of(i, r)) for i, r in enumerate(placed)],
        RUNG_MAX_PT,
        insets=TEXT_INSETS,
    )

    # --- groups: bracket + label above their rungs
    line_y = y0 + pill_h / 2
    tick_bottom = row.y - 4.0
    ranges: list[tuple[int, int]] = []
    start = 0
    for group in groups:
        ranges.append((start, start + len(group["rungs"]) - 1))
        start += len(group["rungs"])

    def bracket_span(first: int, last: int) -> tuple[float, float]:
        left = placed[first].shape.x
        right = placed[last].shape.right
        if not boxed:  # nested chevrons: split the overlap between neighbouring groups
            if first > 0:
                left = (placed[first - 1].shape.right + placed[first].shape.x) / 2 + 5.0
            if last < n - 1:
                right = (placed[last].shape.right + placed[last + 1].shape.x) / 2 - 5.0
        return left, right

    group_sizes = []
    spans = [bracket_span(a, b) for a, b in ranges]
    pills: list[Rect] = []
    pill_texts: list[Rect] = []
    bold_font = font_paths(ctx.font)[1]
    for gi, (left, right) in enumerate(spans):
        natural = unit_width(bold_font, str(groups[gi]["label"])) * GROUP_MAX_PT * 1.08 + 32.0
        span = right - left
        width = max(min(span - 24.0, natural), min(span - 8.0, 0.45 * span))
        pill = Rect((left + right) / 2 - width / 2, y0, width, pill_h)
        pills.append(pill)
        pill_texts.append(_pill_text(pill))
        group_sizes.append((str(groups[gi]["label"]), pill_texts[-1], colors[gi]))
    pill_size = uniform_size(ctx, group_sizes, GROUP_MAX_PT, bold=True)

    children: list[Element] = []
    for gi, ((first, last), (left, right)) in enumerate(zip(ranges, spans, strict=True)):
        group_label = str(groups[gi]["label"])
        color = colors[gi]
        parts: list[Element] = [
            *polyline(
                f"Bracket {gi + 1}: {group_label}",
                [(left, tick_bottom), (left, line_y), (right, line_y), (right, tick_bottom)],
                ["left end", "", "right end"],
                color,
                width=2.5,
            ),
            Shape(
                f"Group label {gi + 1}: {group_label}",
                "roundRect",
                pills[gi],
                fill=color,
                label=ctx.label(
                    groups[gi]["label"],
                    pill_texts[gi],
                    color,
                    max_size=pill_size,
                    bold=True,
                    what="group label",
                ),
                adjust=(0.5,),
                text_rect=pill_texts[gi],
            ),
        ]
        for index in range(first, last + 1):
            rung = placed[index]
            fill = fill_of(index, rung)
            lit = index == highlight
            label: Label = ctx.label(
                _text_of(data, index),
                rung.text,
                fill,
                max_size=size,
                insets=TEXT_INSETS,
                what="rung",
            )
            parts.append(
                Shape(
                    f"Rung {index + 1}: {rung.label}",
                    rung.geom,
                    rung.shape,
                    fill=fill,
                    line=ctx.color("dk2") if lit else None,
                    line_width=3.0 if lit else 1.0,
                    label=label,
                    adjust=(rung.adjust,) if rung.adjust else (),
                    text_rect=rung.text if rung.geom != "roundRect" else None,
                )
            )
            if boxed and index < n - 1:
                nxt = placed[index + 1].shape
                parts.append(
                    Connector(
                        f"Step {index + 1}: {rung.label} to {placed[index + 1].label}",
                        (rung.shape.right + 1.0, rung.shape.cy),
                        (nxt.x - 1.0, nxt.cy),
                        ctx.color("dk2"),
                        width=2.0,
                        tail=both_ways,
                    )
                )
        children.append(Group(f"Group {gi + 1}: {group_label}", tuple(parts)))

    # --- the two-headed arrow and its message
    arrow_y = row.bottom + arrow_gap
    arrow_parts: list[Element] = [
        Connector(
            "Arrow: people move both ways",
            (row.x + 4.0, arrow_y),
            (row.right - 4.0, arrow_y),
            ctx.color("dk2"),
            width=2.5,
            head=True,
            tail=True,
        )
    ]
    if data.get("arrow_label"):
        label_rect = Rect(row.x + row.w * 0.1, arrow_y + label_gap, row.w * 0.8, label_h)
        arrow_parts.append(
            text_shape(
                "Arrow label",
                label_rect,
                label=ctx.label(
                    data["arrow_label"],
                    label_rect,
                    None,
                    max_size=ARROW_MAX_PT,
                    anchor="t",
                    what="arrow label",
                ),
            )
        )
    children.append(Group("Arrow: both ways", tuple(arrow_parts)))

    if message:
        message_rect = Rect(
            row.x + row.w * 0.05, arrow_y + label_gap + label_h, row.w * 0.9, message_h
        )
        children.append(
            text_shape(
                "Core message",
                message_rect,
                label=ctx.label(
                    message,
                    message_rect,
                    None,
                    max_size=MESSAGE_MAX_PT,
                    bold=True,
                    color=ctx.color("dk2"),
                    what="core message",
                ),
            )
        )
    if credit:
        credit_y = arrow_y + label_gap + label_h + message_h + 4.0
        credit_rect = Rect(area.x, credit_y, area.w, credit_h)
        children.append(
            text_shape(
                "Credit",
                credit_rect,
                label=ctx.label(
                    credit,
                    credit_rect,
                    None,
                    max_size=ctx.min_size,
                    insets=Insets(0, 0, 0, 0),
                    what="credit",
                ),
            )
        )

    drawing = Drawing(
        "Diagram: ladder of participation", alt_text(data), (Group("Ladder", tuple(children)),)
    )
    return mirror(drawing, area) if ctx.rtl else drawing


def _text_of(data: dict, index: int) -> str:
    """The rung's label as written (a ``Text`` keeps its spec location for warnings)."""
    flat = [label for group in data["groups"] for label in group["rungs"]]
    return flat[index]


def alt_text(data: dict) -> str:
    parts = []
    for group in data["groups"]:
        parts.append(f"{group['label']}: {', '.join(str(r) for r in group['rungs'])}")
    text = (
        "The ladder of participation laid on its side, from left to right. "
        + "; ".join(parts)
        + "."
    )
    if data.get("arrow_label"):
        text += f" A two-headed arrow underneath: {data['arrow_label']}."
    if data.get("message"):
        text += f" {str(data['message']).rstrip('.')}."
    rungs = _rungs(data)
    highlight = _highlight_index(data, rungs)
    if highlight is not None:
        text += f" Highlighted: {rungs[highlight][0]}."
    if data.get("credit"):
        text += f" {str(data['credit']).rstrip('.')}."
    return text
