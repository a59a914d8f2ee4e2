"""A group activity: what groups do (numbered steps), for how long, in what groups, with what.

The time groups get is the first thing a room looks for, so it sits in a large badge (a native
rounded rectangle in the theme's first accent) beside the steps; the group size goes under it,
then the materials. The questions groups work on sit in a highlighted box under the steps.
The facilitator's instructions are the slide's notes; the slide's ``duration`` (run sheet)
defaults to its ``minutes``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..colours import text_color_on
from ..layout.drawing import Rect
from ..layout.fit import Insets, Para, Run, parse_inline
from ..model import Deck, Slide
from ..specvalues.fields import ListOf, Number, OneOf, Str
from ..specvalues.yamlload import Text
from .base import (
    BODY_INSETS,
    Canvas,
    Gettext,
    LayoutRole,
    SlideContent,
    SlideType,
    TextLimits,
    content_as,
)

#: Words the slide itself adds, by language (other languages get English).
LABELS = {
    "en": {
        "minutes": "min",
        "groups_of": "groups of {n}",
        "materials": "Materials",
    },
    "cy": {
        "minutes": "munud",
        "groups_of": "grwpiau o {n}",
        "materials": "Deunyddiau",
    },
}
GAP = 18.0  # points between the steps column and the side panel, and between boxes
BOX_INSETS = Insets(14.0, 10.0, 14.0, 10.0)
STEP_LIMITS = TextLimits(28, 14)
NUMBER_INDENT = 64.0  # the hanging indent is 0.6 of it: room for "10." at 28 pt
QUESTION_LIMITS = TextLimits(24, 14)


@dataclass(frozen=True)
class ActivityContent(SlideContent):
    minutes: float
    steps: tuple[Text, ...]
    group_size: Text | int | None = None
    questions: tuple[Text, ...] | None = None
    materials: tuple[Text, ...] | None = None


def labels(language: str) -> dict[str, str]:
    return LABELS.get(language.split("-")[0].lower(), LABELS["en"])


def minutes_text(minutes: float) -> str:
    return f"{minutes:g}"


def group_text(group_size: Text | int, language: str) -> str:
    """A whole number reads "groups of N"; text is shown as written."""
    if isinstance(group_size, int):
        return labels(language)["groups_of"].format(n=group_size)
    return str(group_size)


def item_paras(items: tuple[Text, ...], space_before: float, bullet: bool = False) -> list[Para]:
    """One paragraph per item (steps: numbered natively by the canvas, with a hanging
    indent), ``space_before`` lines above each but the first."""
    return [
        Para(parse_inline(str(item)).runs, bullet=bullet, space_before=space_before if i else 0)
        for i, item in enumerate(items)
    ]


def write(canvas: Canvas, slide: Slide) -> None:
    content = content_as(slide, ActivityContent)
    colors = canvas.theme.colors
    words = labels(canvas.language)
    area = canvas.content_area()
    panel_w = max(170.0, min(260.0, area.w * 0.28))
    main_w = area.w - panel_w - GAP
    main_x, panel_x = area.x, area.x + main_w + GAP
    if canvas.rtl:  # the panel reads last: on the left in a right-to-left deck
        main_x, panel_x = area.x + panel_w + GAP, area.x

    # the time badge
    badge_h = min(130.0, area.h * 0.42)
    fill = colors["accent1"]
    ink = text_color_on(fill, dark=colors["dk1"], light=colors["lt1"])
    badge = canvas.add_shape(
        "roundRect", Rect(panel_x, area.y, panel_w, badge_h), name="Time", fill=fill
    )
    time_paras = [
        Para((Run(minutes_text(content.minutes), bold=True),)),
        Para((Run(words["minutes"], bold=True),), scale=0.4),
    ]
    canvas.fit(
        badge,
        time_paras,
        TextLimits(66, 24),
        what="time",
        loc=slide.loc,
        color=ink,
        align="ctr",
        anchor="ctr",
        insets=Insets(6.0, 4.0, 6.0, 4.0),
    )

    # group size and materials under the badge
    y = area.y + badge_h + GAP * 0.75
    side: list[Para] = []
    side_texts: list[Text | None] = []
    if content.group_size is not None:
        side.append(Para((Run(group_text(content.group_size, canvas.language), bold=True),)))
        side_texts.append(content.group_size if isinstance(content.group_size, Text) else None)
    if content.materials:
        heading = Para((Run(words["materials"], bold=True),), space_before=0.9 if side else 0)
        side.append(heading)
        side_texts.append(None)
        for item in content.materials:
            side.append(parse_inline(str(item), bullet=True))
            side_texts.append(item)
    if side and area.bottom - y > 24:
        box = canvas.content_box(
            "Group size and materials", Rect(panel_x, y, panel_w, area.bottom - y)
        )
        canvas.fit(
            box,
            side,
            TextLimits(20, 12),
            what="group size and materials",
            loc=slide.loc,
            texts=side_texts,
            color=colors["dk1"],
            bullets=True,
            anchor="t",
            insets=Insets(4.0, 0, 4.0, 0),
        )

    # the questions, highlighted, under the steps
    steps_h = area.h
    if content.questions:
        question_h = min(area.h * 0.42, max(area.h * 0.26, 44.0 + 34.0 * len(content.questions)))
        steps_h = area.h - question_h - GAP
        box = canvas.add_shape(
            "roundRect",
            Rect(main_x, area.y + steps_h + GAP, main_w, question_h),
            name="Questions",
            fill=colors["lt2"],
            line=colors["accent1"],
        )
        canvas.fit(
            box,
            item_paras(content.questions, 0.4),
            QUESTION_LIMITS,
            what="questions",
            loc=content.questions[0].loc,
            texts=list(content.questions),
            color=colors["dk1"],
            bold=True,
            anchor="ctr",
            insets=BOX_INSETS,
        )

    steps = canvas.content_box("Steps", Rect(main_x, area.y, main_w, steps_h))
    canvas.fit(
        steps,
        item_paras(content.steps, 0.5, bullet=True),
        STEP_LIMITS,
        what="steps",
        loc=content.steps[0].loc,
        texts=list(content.steps),
        color=colors["dk1"],
        bullets=True,
        anchor="t",
        insets=BODY_INSETS,
        indent_pt=NUMBER_INDENT,
    )
    canvas.number_list(steps)


def fallback_title(slide: Slide, deck: Deck, _: Gettext) -> str:
    return _("Group activity")


SLIDE_TYPE = SlideType(
    name="activity",
    content=ActivityContent,
    fields={
        "minutes": Number(
            required=True, minimum=1, maximum=600, help="the time groups get, in minutes"
        ),
        "group_size": OneOf(
            (str, Str(max_length=80)),
            (int, Number(integer=True, minimum=1, maximum=100)),
            help="e.g. 'tables of 4–6', or a number (shown as 'groups of N')",
        ),
        "steps": ListOf(Str(max_length=300), required=True, min_items=1, max_items=12),
        "questions": ListOf(Str(max_length=300), max_items=6),
        "materials": ListOf(Str(max_length=120), max_items=12),
    },
    layout=LayoutRole("Title Only"),
    write=write,
    fallback_title=fallback_title,
    translatable=("group_size", "steps", "questions", "materials"),
    default_duration=lambda content: float(content.minutes),
    summary="a group exercise: steps, time, group size, questions, materials",
)
