"""A facilitator's run sheet: order, slide, start time, duration and a cue from the notes."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass

from .i18n.tool import translator
from .model import Deck, Slide

CUE_LENGTH = 110
LONG_SESSION = 90  # minutes: a session longer than this needs a break


@dataclass(frozen=True)
class Row:
    order: int
    slide_id: str
    title: str
    start_minute: float
    duration: float
    cue: str


def cue_of(slide: Slide, depth: str = "full") -> str:
    """The first sentence of the notes, shortened: what the facilitator does next."""
    if not slide.notes:
        return ""
    text = re.sub(r"[*_`]", "", str(slide.notes.at_depth(depth)))
    text = re.sub(r"\s+", " ", text).strip()
    sentence = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    if len(sentence) > CUE_LENGTH:
        sentence = sentence[: CUE_LENGTH - 1].rsplit(" ", 1)[0] + "…"
    return sentence


def rows(deck: Deck) -> list[Row]:
    depth = deck.notes_depth
    out, minute = [], 0.0
    for order, slide in enumerate(deck.slides, 1):
        duration = float(slide.duration or 0)
        out.append(
            Row(
                order,
                slide.id,
                _title_of(deck, slide),
                minute,
                duration,
                cue_of(slide, depth),
            )
        )
        minute += duration
    return out


def _title_of(deck: Deck, slide: Slide) -> str:
    if slide.title:
        return str(slide.title)
    return str(deck.title) if slide.type == "title" else slide.id


def total_minutes(deck: Deck) -> float:
    return sum(float(s.duration or 0) for s in deck.slides)


def breaks(deck: Deck) -> list[Row]:
    """The rows of the slides tagged ``break``."""
    tagged = {s.id for s in deck.slides if "break" in s.tags}
    return [row for row in rows(deck) if row.slide_id in tagged]


def advice(deck: Deck) -> list[str]:
    """What a facilitator should fix before running the session."""
    notes = []
    if total_minutes(deck) > LONG_SESSION and not breaks(deck):
        notes.append(
            f"over {LONG_SESSION} minutes with no break: add one (a slide tagged 'break'), "
            "e.g. `use: coprod/break`"
        )
    return notes


def _length(minutes: float, _: Callable[..., str]) -> str:
    hours, mins = divmod(int(round(minutes)), 60)
    return _("{hours} h {minutes} min", hours=hours, minutes=mins)


def clock(start: str | None, minute: float) -> str:
    """'09:30' + 75 min → '10:45'; with no start, elapsed time '1:15'."""
    base = 0
    if start:
        start_hours, start_mins = start.split(":")
        base = int(start_hours) * 60 + int(start_mins)
    total = int(round(base + minute))
    hours, mins = divmod(total, 60)
    return f"{hours % 24:02d}:{mins:02d}" if start else f"{hours}:{mins:02d}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(deck: Deck, start: str | None = None) -> str:
    _ = translator(deck.language)  # headings in the deck's language
    audience = deck.audience
    heading = (
        "# " + _("Run sheet: {title}", title=deck.title) + (f" ({audience})" if audience else "")
    )
    total = total_minutes(deck)
    summary = _("Total: {minutes} minutes", minutes=f"{total:g}") + (
        f", {start}–{clock(start, total)}" if start else ""
    )
    details = [_length(total, _)] if total >= 60 else []
    details += [
        _(
            "break at {time} ({minutes} min)",
            time=clock(start, row.start_minute),
            minutes=f"{row.duration:g}",
        )
        for row in breaks(deck)
    ]
    if details:
        summary += "\n\n" + "; ".join(details)
    lines = [heading, "", summary]
    notes = advice(deck)
    if notes:
        lines += ["", *(f"> {line}" for line in notes)]
    lines += [
        "",
        f"| # | {_('Start')} | {_('Min')} | {_('Slide')} | {_('Cue')} |",
        "|---|---|---|---|---|",
    ]
    for row in rows(deck):
        lines.append(
            f"| {row.order} | {clock(start, row.start_minute)} | {row.duration:g} | "
            f"{_cell(row.title)} | {_cell(row.cue)} |"
        )
    return "\n".join(lines) + "\n"


def to_csv(deck: Deck, start: str | None = None) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["order", "slide_id", "title", "start", "duration_min", "cue"])
    for row in rows(deck):
        writer.writerow(
            [
                row.order,
                row.slide_id,
                row.title,
                clock(start, row.start_minute),
                f"{row.duration:g}",
                row.cue,
            ]
        )
    return buffer.getvalue()
