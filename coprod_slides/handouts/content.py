"""What the printed handouts say, taken from a deck variant (audience, language) as it is built.

The words are the deck's own, so audiences and translations apply unchanged:

- the summary shows every diagram slide with its title and its ``takeaway:`` (the one-line
  message, written in the library's YAML and overridden per audience like any field);
- the "Over to you" worksheet takes its title and questions from the slide tagged
  ``worksheet`` (the group work) and the three points of its to–for–with line from the
  ladder's groups;
- the feedback form takes its questions from the slide tagged ``feedback`` (the evaluation
  slide: the feedback column, then the one-action column).

Texts stay :class:`Text` values (typed ``str`` here), so a translation that fell back to
the source language keeps its language tag. Only the form's own chrome ("Name:",
"Service:", …) comes from the tool's catalogue (``i18n/tool``), like the run sheet's headings.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ..errors import Diagnostics
from ..model import Deck, Slide
from ..slidetypes.base import content_as
from ..slidetypes.diagram import DiagramContent

WORKSHEET_TAG = "worksheet"
FEEDBACK_TAG = "feedback"


@dataclass(frozen=True)
class Picture:
    """One diagram of the summary page."""

    slide: Slide
    number: int
    title: str
    takeaway: str | None


@dataclass(frozen=True)
class LinePoint:
    label: str
    color: str  # a theme colour slot or hex


@dataclass(frozen=True)
class Worksheet:
    title: str
    questions: tuple[str, ...]
    line: tuple[LinePoint, ...]


@dataclass(frozen=True)
class Prompt:
    text: str
    scale: bool = False  # "from 1 to 5": boxes to tick instead of lines


@dataclass(frozen=True)
class FormSection:
    heading: str
    prompts: tuple[Prompt, ...]
    action: bool = False  # the person's one action: the form's most important box


@dataclass(frozen=True)
class FeedbackForm:
    title: str
    sections: tuple[FormSection, ...]


@dataclass(frozen=True)
class HandoutContent:
    deck: Deck
    pictures: tuple[Picture, ...]
    worksheet: Worksheet
    feedback: FeedbackForm


def handout_content(deck: Deck, diag: Diagnostics, _: Callable[..., str]) -> HandoutContent:
    """The three handouts' words for ``deck``; ``_`` translates the tool's own words."""
    return HandoutContent(
        deck,
        pictures(deck, diag),
        worksheet(deck, _),
        feedback_form(deck, _),
    )


def pictures(deck: Deck, diag: Diagnostics) -> tuple[Picture, ...]:
    found: list[Picture] = []
    for number, slide in enumerate(deck.slides, 1):
        if slide.type != "diagram":
            continue
        content = content_as(slide, DiagramContent)
        takeaway = content.get("takeaway")
        if takeaway is None:
            diag.warn(
                slide.loc,
                f"slide {number} '{slide.id}': no takeaway for the handout's summary of the "
                'pictures; add takeaway: "its message in one line"',
            )
        title = slide.title or content.diagram
        found.append(Picture(slide, len(found) + 1, title, takeaway))
    return tuple(found)


def _tagged(deck: Deck, tag: str) -> Slide | None:
    tagged = [slide for slide in deck.slides if tag in slide.tags]
    return tagged[-1] if tagged else None


def worksheet(deck: Deck, _: Callable[..., str]) -> Worksheet:
    slide = _tagged(deck, WORKSHEET_TAG)
    title = slide.title if slide is not None and slide.title else _("Over to you")
    questions = tuple(slide.content.get("questions") or ()) if slide else ()
    return Worksheet(title, questions, _line_points(deck, _))


def _line_points(deck: Deck, _: Callable[..., str]) -> tuple[LinePoint, ...]:
    """The ladder's three groups as the deck words them (citizens: "Done TO you" …)."""
    for slide in deck.slides:
        if slide.type != "diagram":
            continue
        content = content_as(slide, DiagramContent)
        if content.diagram == "ladder":
            groups = content.data.get("groups") or ()
            if len(groups) == 3:
                return tuple(LinePoint(g["label"], str(g["color"])) for g in groups)
    return (
        LinePoint(_("Done TO people"), "accent4"),
        LinePoint(_("Done FOR people"), "accent1"),
        LinePoint(_("Done WITH people"), "accent5"),
    )


def feedback_form(deck: Deck, _: Callable[..., str]) -> FeedbackForm:
    slide = _tagged(deck, FEEDBACK_TAG)
    if slide is None or slide.type != "two-column":
        return FeedbackForm(
            _("Your feedback"),
            (
                FormSection(
                    _("Your feedback"),
                    (Prompt(_("What was most useful today?")), Prompt(_("What would you change?"))),
                ),
                FormSection(
                    _("Your one action"),
                    (Prompt(_("One thing you will do differently, with whom, and when")),),
                    action=True,
                ),
            ),
        )
    sections = []
    columns = [slide.content.get("left"), slide.content.get("right")]
    for index, column in enumerate(c for c in columns if c is not None):
        prompts = tuple(Prompt(b.text, scale=_is_scale(str(b.text))) for b in column.bullets)
        heading = column.heading or ""
        sections.append(FormSection(heading, prompts, action=index == len(columns) - 1))
    title = slide.title or _("Your feedback")
    return FeedbackForm(title, tuple(sections))


def _is_scale(text: str) -> bool:
    """A question answered on a scale of 1 to 5 ("from 1 to 5", "o 1 i 5")."""
    return re.search(r"\b1\b\D{1,12}\b5\b", text) is not None
