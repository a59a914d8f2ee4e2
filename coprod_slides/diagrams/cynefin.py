"""When to co-produce: the Cynefin frame's four domains, with co-production in the complex one.

The four domains sit in their usual places (Complex top left, Complicated top right, Chaotic
bottom left, Clear bottom right); the positions are part of the framework, so the data names
each domain's position and must use all four exactly once, while every text comes from the
data. Confusion is a small shape at the centre, overlapping the four corners on purpose.

The layout is a convention of the framework, not a reading order, so right-to-left decks keep
it as it is; the text is centred in each domain and reads the same either way.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..layout.drawing import (
    LABEL_INSETS,
    DrawContext,
    Drawing,
    Element,
    Group,
    Rect,
    Shape,
)
from ..layout.fit import Insets, Para, Run, layout_height, parse_inline
from ..layout.fonts import font_paths, unit_width
from ..specvalues.fields import (
    INVALID,
    Bool,
    Choice,
    ListOf,
    Mapping_,
    Str,
    join_path,
)
from ._common import ColorRef, Nullable, line_h, text_shape

NAME = "cynefin"
SUMMARY = "When to co-produce: the Cynefin frame's four domains, co-production in the complex one"

POSITIONS = ("top-left", "top-right", "bottom-left", "bottom-right")


class _CynefinData(Mapping_):
    """The data mapping, plus the check that the four domains fill the four places."""

    def validate(self, value, path, loc, diag):
        result = super().validate(value, path, loc, diag)
        if result is INVALID:
            return INVALID
        seen: dict[str, int] = {}
        ok = True
        domains_loc = value.loc_of("domains") if hasattr(value, "loc_of") else loc
        for index, domain in enumerate(result["domains"]):
            where = join_path(join_path(join_path(path, "domains"), index), "position")
            position = domain["position"]
            if position in seen:
                diag.error(
                    getattr(position, "loc", None) or domains_loc,
                    f"{where}: '{position}' is already taken by domains[{seen[position]}]"
                    f"; each of {', '.join(POSITIONS)} holds one domain",
                )
                ok = False
            seen[position] = index
        return result if ok else INVALID


DOMAIN = Mapping_(
    {
        "name": Str(required=True, max_length=40),
        "position": Choice(POSITIONS, required=True, what="position"),
        "practice": Nullable(
            Str(max_length=120), help="how to act there, e.g. 'probe – sense – respond'"
        ),
        "verdict": Nullable(Str(max_length=120), help="does co-production fit here?"),
        "highlight": Bool(default=False, help="true where co-production fits"),
        "excluded": Bool(default=False, help="true where it is not the time (drawn dashed)"),
    }
)

DATA = _CynefinData(
    {
        "domains": ListOf(
            DOMAIN,
            min_items=4,
            max_items=4,
            required=True,
            help="exactly four domains, one per position",
        ),
        "centre": Nullable(Str(max_length=40), help="the label at the centre, e.g. 'Confusion'"),
        "credit": Nullable(Str(max_length=200), help="a small credit line at the bottom"),
        "key": Nullable(
            Str(max_length=120),
            help="what the dashed border means, shown by a dashed swatch at the bottom left",
        ),
        "accent": ColorRef(default="accent3", help="fill of the highlighted domain"),
    }
)


# --------------------------------------------------------------------------- geometry

NAME_MAX_PT = 26.0
LINE_MAX_PT = 20.0
CENTRE_MAX_PT = 18.0
GAP = 8.0  # between the domains: the frame's white cross
PAD_X = 16.0
PAD_OUT = 10.0  # padding on a domain's outer side
STACK_GAP = 4.0
SAFETY = 0.06  # the fitter's width margin (layout.fit.fit_text's default)
# Renderers may set a line shorter than measured: keep any slack outside the name-practice-
# verdict cluster, so the three stay together.
ANCHORS = {"name": "b", "practice": "ctr", "verdict": "t"}
KEY_NAMES = {"name": "Domain name", "practice": "Practice", "verdict": "Verdict"}
EXCLUDED_LINE = "7B8794"
CENTRE_LINE_WIDTH = 2.0
KEY_SWATCH_W = 30.0


def draw(data: dict, area: Rect, ctx: DrawContext) -> Drawing:
    accent = ctx.color(data.get("accent") or "accent3")
    lt1, lt2, dk2 = ctx.color("lt1"), ctx.color("lt2"), ctx.color("dk2")
    by_position = {str(d["position"]): d for d in data["domains"]}
    credit = data.get("credit")
    key = data.get("key") if any(d["excluded"] for d in data["domains"]) else None
    footer = credit or key

    credit_h = line_h(ctx, ctx.min_size) + 2.0 if footer else 0.0
    if key:
        credit_h = max(credit_h, 20.0)
    # the key and the credit share a row when both fit side by side, else the key goes above
    font = font_paths(ctx.font)[0]
    key_w = KEY_SWATCH_W + 8.0 + unit_width(font, str(key)) * ctx.min_size * 1.1 + 4.0
    credit_w = unit_width(font, str(credit)) * ctx.min_size * 1.1 + 4.0 if credit else 0.0
    two_rows = bool(key and credit and key_w + 16.0 + credit_w > area.w)
    footer_h = credit_h * (2 if two_rows else 1) + (4.0 if two_rows else 0.0)
    grid = Rect(area.x, area.y, area.w, area.h - (footer_h + 8.0 if footer else 0.0))
    quad_w, quad_h = (grid.w - GAP) / 2, (grid.h - GAP) / 2
    centre_w = min(200.0, grid.w * 0.24)
    centre_h = max(min(64.0, quad_h * 0.36), (line_h(ctx, ctx.min_size) + 4.0) / 0.7)
    centre = Rect(grid.cx - centre_w / 2, grid.cy - centre_h / 2, centre_w, centre_h)
    # text stays clear of the centre shape: on the side facing it, leave its half height
    clear_in = centre_h / 2 - GAP / 2 + 4.0

    quads: dict[str, Rect] = {}
    bands: dict[str, Rect] = {}  # where a domain's texts go
    for position in POSITIONS:
        top = position.startswith("top")
        left = position.endswith("left")
        quad = Rect(
            grid.x if left else grid.cx + GAP / 2,
            grid.y if top else grid.cy + GAP / 2,
            quad_w,
            quad_h,
        )
        quads[position] = quad
        bands[position] = Rect(
            quad.x + PAD_X,
            quad.y + (PAD_OUT if top else clear_in),
            quad.w - 2 * PAD_X,
            quad.h - PAD_OUT - clear_in,
        )

    def fill_of(domain: dict) -> str:
        if domain["highlight"]:
            return accent
        return lt1 if domain["excluded"] else lt2

    def texts_of(domain: dict, name_pt: float, line_pt: float) -> list[_Text]:
        return [
            _Text(key, domain[key], size, bold)
            for key, size, bold in (
                ("name", name_pt, True),
                ("practice", line_pt, False),
                ("verdict", line_pt, True),
            )
            if domain.get(key)
        ]

    name_pt, line_pt = _sizes(ctx, [(texts_of, by_position[p], bands[p]) for p in POSITIONS])

    rects: dict[str, list[Rect]] = {}
    for row in (POSITIONS[:2], POSITIONS[2:]):
        stacked = _stacks(
            ctx, [(texts_of(by_position[p], name_pt, line_pt), bands[p]) for p in row]
        )
        rects.update(zip(row, stacked, strict=True))

    children: list[Element] = []
    for position in POSITIONS:
        domain = by_position[position]
        name = str(domain["name"])
        where = position.replace("-", " ")
        fill = fill_of(domain)
        texts = texts_of(domain, name_pt, line_pt)
        parts: list[Element] = [
            # the domain's background: a deliberate container under its texts
            Shape(
                f"Domain background ({where}): {name}",
                "rect",
                quads[position],
                fill=fill,
                line=EXCLUDED_LINE if domain["excluded"] else None,
                line_width=2.0 if domain["excluded"] else 1.0,
                dash="dash" if domain["excluded"] else None,
            ),
        ]
        for text, rect in zip(texts, rects[position], strict=True):
            parts.append(
                text_shape(
                    f"{KEY_NAMES[text.key]} ({where}): {name}",
                    rect,
                    label=ctx.label(
                        text.text,
                        rect,
                        fill,
                        max_size=text.size,
                        bold=text.bold,
                        anchor=ANCHORS[text.key],
                        what=f"domain {text.key}",
                    ),
                )
            )
        children.append(Group(f"Domain ({where}): {name}", tuple(parts)))

    if data.get("centre"):
        centre_text = Rect(
            centre.x + centre.w * 0.15, centre.y + centre.h * 0.15, centre.w * 0.7, centre.h * 0.7
        )  # inside the ellipse
        children.append(
            Group(
                f"Centre: {data['centre']}",
                (
                    # deliberately overlaps the inner corners of the four domains
                    Shape(
                        f"Centre ellipse: {data['centre']}",
                        "ellipse",
                        centre,
                        fill=lt1,
                        line=dk2,
                        line_width=CENTRE_LINE_WIDTH,
                        text_rect=centre_text,
                        label=ctx.label(
                            data["centre"],
                            centre_text,
                            lt1,
                            max_size=CENTRE_MAX_PT,
                            bold=True,
                            color=dk2,
                            insets=Insets(1, 1, 1, 1),
                            what="centre label",
                        ),
                    ),
                ),
            )
        )
    if key:
        key_y = area.bottom - footer_h
        key_right = area.right if two_rows or not credit else area.right - credit_w - 16.0
        children.append(_key(key, Rect(area.x, key_y, key_right - area.x, credit_h), ctx))
    if credit:
        credit_x = area.x if two_rows or not key else area.right - credit_w
        rect = Rect(credit_x, area.bottom - credit_h, area.right - credit_x, credit_h)
        children.append(
            text_shape(
                "Credit",
                rect,
                label=ctx.label(
                    credit,
                    rect,
                    None,
                    max_size=ctx.min_size,
                    align="r",
                    insets=Insets(0, 0, 0, 0),
                    what="credit",
                ),
            )
        )
    return Drawing("Diagram: Cynefin domains", alt_text(data), tuple(children))


def _key(text: str, row: Rect, ctx: DrawContext) -> Group:
    """A dashed swatch and the words for what a dashed border means."""
    swatch = Rect(row.x + 1.0, row.cy - 7.0, KEY_SWATCH_W, 14.0)
    box = Rect(swatch.right + 8.0, row.y, row.right - swatch.right - 8.0, row.h)
    return Group(
        "Key: dashed border",
        (
            Shape(
                "Key swatch: dashed border",
                "rect",
                swatch,
                fill=ctx.color("lt1"),
                line=EXCLUDED_LINE,
                line_width=2.0,
                dash="dash",
            ),
            text_shape(
                "Key label: dashed border",
                box,
                label=ctx.label(
                    text,
                    box,
                    None,
                    max_size=ctx.min_size,
                    align="l",
                    insets=Insets(0, 0, 0, 0),
                    what="key",
                ),
            ),
        ),
    )


@dataclass(frozen=True)
class _Text:
    key: str  # name, practice, verdict
    text: str
    size: float
    bold: bool


def _needed(ctx: DrawContext, text: _Text, width: float) -> float | None:
    """Height ``text`` needs at its size in a box ``width`` wide; None if a word is too wide."""
    para = parse_inline(text.text)
    if text.bold:
        para = Para(tuple(Run(r.text, True, r.italic) for r in para.runs))
    inner = width - LABEL_INSETS.left - LABEL_INSETS.right
    height, _, ok = layout_height([para], inner, text.size, ctx.font, safety=SAFETY)
    return height + LABEL_INSETS.top + LABEL_INSETS.bottom + 0.5 if ok else None


def _fits(ctx: DrawContext, texts: list[_Text], band: Rect) -> bool:
    heights = [_needed(ctx, t, band.w) for t in texts]
    known = [h for h in heights if h is not None]
    if len(known) < len(heights):
        return False
    return sum(known) + STACK_GAP * (len(heights) - 1) <= band.h


def _sizes(ctx: DrawContext, domains: list) -> tuple[float, float]:
    """The largest (name, line) sizes at which every domain's texts stack inside its band.

    One pair for all four domains, so the frame reads as one piece. Lines shrink first (the
    names stay a step bigger), then the names; at the minimum the fitter warns.
    """
    low = ctx.min_size
    tries = []
    line = LINE_MAX_PT
    while line >= low:
        tries.append((min(NAME_MAX_PT, line + 6.0), line))
        line -= 0.5
    name = min(NAME_MAX_PT, low + 6.0) - 0.5
    while name >= low:
        tries.append((name, low))
        name -= 0.5
    for name_pt, line_pt in tries:
        if all(
            _fits(ctx, texts_of(domain, name_pt, line_pt), band)
            for texts_of, domain, band in domains
        ):
            return name_pt, line_pt
    return low, low


def _stacks(ctx: DrawContext, stacks: list[tuple[list[_Text], Rect]]) -> list[list[Rect]]:
    """Rects for the texts of domains side by side, each as tall as it needs.

    The stacks of one row start at the same height (their names line up), with the tallest
    centred in its band. Texts that do not fit even at the minimum size get equal shares of
    their band, and the fitter's warning names them.
    """
    measured: list[tuple[list[float], float]] = []
    for texts, band in stacks:
        needed = [_needed(ctx, t, band.w) for t in texts]
        heights = [h for h in needed if h is not None]
        total = sum(heights) + STACK_GAP * (len(needed) - 1)
        if len(heights) < len(needed) or total > band.h:
            share = (band.h - STACK_GAP * (len(texts) - 1)) / len(texts)
            heights, total = [share] * len(texts), band.h
        measured.append((heights, total))
    tallest = max(total for _, total in measured)
    out = []
    for (heights, _), (_, band) in zip(measured, stacks, strict=True):
        y = band.y + max(0.0, (band.h - tallest) / 2)
        rects = []
        for height in heights:
            rects.append(Rect(band.x, y, band.w, height))
            y += height + STACK_GAP
        out.append(rects)
    return out


def alt_text(data: dict) -> str:
    by_position = {str(d["position"]): d for d in data["domains"]}
    parts = []
    for position in POSITIONS:
        domain = by_position.get(position)
        if domain is None:
            continue
        bits = [str(domain["name"]) + (" (highlighted)" if domain.get("highlight") else "")]
        for key in ("practice", "verdict"):
            if domain.get(key):
                bits.append(str(domain[key]).rstrip("."))
        parts.append(
            f"{position.replace('-', ' ')}, "
            + ": ".join(bits[:1])
            + ". "
            + ". ".join(bits[1:])
            + "."
        )
    highlighted = [str(d["name"]) for d in data["domains"] if d.get("highlight")]
    lead = "Four kinds of problem, after the Cynefin framework"
    if highlighted:
        lead += f"; co-production fits the {' and '.join(highlighted)} one"
    text = lead + ". " + " ".join(parts)
    if data.get("centre"):
        text += f" At the centre: {data['centre']}."
    excluded = [str(d["name"]) for d in data["domains"] if d.get("excluded")]
    if excluded and data.get("key"):
        meaning = str(data["key"]).split(":", 1)[-1].strip().rstrip(".")
        text += f" The {' and '.join(excluded)} domain has a dashed border: {meaning}."
    if data.get("credit"):
        text += f" {str(data['credit']).rstrip('.')}."
    return text
