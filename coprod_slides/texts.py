"""Every user-visible text of a deck, addressed by a stable field path.

One walker serves variable substitution, translation and extraction: each
text is visited with its path (``bullets[2]``, ``data.groups[0].rungs[1]``,
``notes.full[3]`` — notes are split per paragraph or bullet so a moved or
edited paragraph keeps or re-opens only its own translation).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

from . import slidetypes
from .model import Bullet, Column, Deck, Notes, Slide, SlideContent
from .specvalues.yamlload import Text, YMap

TextFn = Callable[[str, Text], str]

_BLOCK_SPLIT = re.compile(r"\n[ \t]*\n")
_BULLET = re.compile(r"^(\s*)([-*•])\s+")


def split_notes(text: str) -> list[tuple[str, str]]:
    """Split notes into (prefix, body) units: paragraphs and bullet lines.

    ``prefix`` keeps the bullet marker/indent so the notes can be reassembled.
    """
    units: list[tuple[str, str]] = []
    for block in _BLOCK_SPLIT.split(str(text).strip("\n")):
        lines = block.split("\n")
        current: list[str] = []
        for line in lines:
            match = _BULLET.match(line)
            if match:
                if current:
                    units.append(("", " ".join(s.strip() for s in current)))
                    current = []
                units.append((match.group(0), line[match.end() :].strip()))
            elif units and units[-1][0] and not current and line.startswith("  "):
                prefix, body = units.pop()
                units.append((prefix, f"{body} {line.strip()}"))
            elif line.strip():
                current.append(line)
        if current:
            units.append(("", " ".join(s.strip() for s in current)))
        units.append(("\n", ""))  # paragraph break marker
    while units and units[-1] == ("\n", ""):
        units.pop()
    return units


def join_notes(units: list[tuple[str, str]]) -> str:
    out: list[str] = []
    for prefix, body in units:
        if prefix == "\n":
            out.append("")
        else:
            out.append(f"{prefix}{body}")
    return "\n".join(out)


def retext(new: str, old: Text) -> Text:
    """What a mapping gave for ``old``, as a Text: a Text as it is (a translation carries
    its own location and language), plain words with ``old``'s fields."""
    return new if isinstance(new, Text) else old.with_text(new)


def _map_notes(notes: Notes, fn: TextFn) -> Notes:
    """Notes mapped one unit (paragraph or bullet) at a time, each with its own path."""

    def one(text: Text | None, depth: str) -> Text | None:
        if text is None:
            return None
        mapped, index = [], 0
        for prefix, body in split_notes(text):
            if prefix != "\n":
                body = str(fn(f"notes.{depth}[{index}]", Text(body, text.loc)))
                index += 1
            mapped.append((prefix, body))
        return text.with_text(join_notes(mapped))

    return Notes(full=one(notes.full, "full"), brief=one(notes.brief, "brief"))


def _map_value(value: Any, path: str, fn: TextFn) -> Any:
    if isinstance(value, Text):
        return retext(fn(path, value), value)
    if isinstance(value, str):
        return fn(path, Text(value))
    if isinstance(value, Bullet):
        return Bullet(retext(fn(path, value.text), value.text), value.level)
    if isinstance(value, Column):
        heading = _map_value(value.heading, f"{path}.heading", fn) if value.heading else None
        return Column(
            heading,
            tuple(_map_value(b, f"{path}.bullets[{i}]", fn) for i, b in enumerate(value.bullets)),
        )
    if isinstance(value, dict):
        items = {k: _map_value(v, f"{path}.{k}" if path else k, fn) for k, v in value.items()}
        return _copy_ymap(value, items) if isinstance(value, YMap) else items
    if isinstance(value, (list, tuple)):
        return type(value)(_map_value(v, f"{path}[{i}]", fn) for i, v in enumerate(value))
    return value


def _copy_ymap(original: YMap, items: dict) -> YMap:
    result = YMap(items, loc=original.loc)
    result.key_locs, result.val_locs = dict(original.key_locs), dict(original.val_locs)
    return result


# Keys in diagram data that are identifiers or colours, not text a person reads.
NON_TEXT_KEYS = {
    "color",
    "colour",
    "accent",
    "fill",
    "group",
    "position",
    "id",
    "kind",
    "shape",
    "from",
    "to",
    "icon",
    "highlight",
    "excluded",
    "rung_shape",
}


def _map_content(slide: Slide, fn: TextFn) -> SlideContent:
    """The content with the type's translatable fields mapped (paths: ``bullets[2]``,
    ``left.heading``, ``data.groups[0].rungs[1]``); other fields are kept as they are."""

    def guarded(path: str, text: Text) -> str:
        last = re.sub(r"\[\d+\]$", "", path).rsplit(".", 1)[-1]
        if last in NON_TEXT_KEYS:
            return text
        return fn(path, text)

    content = slide.content
    translatable = slidetypes.get(slide.type).translatable
    changes = {
        key: _map_value(value, key, guarded)
        for key, value in content.items()
        if key in translatable
    }
    return replace(content, **changes) if changes else content


def map_slide_texts(slide: Slide, fn: TextFn) -> Slide:
    """A copy of ``slide`` with every user-visible text replaced by ``fn(path, text)``."""
    return replace(
        slide,
        title=retext(fn("title", slide.title), slide.title) if slide.title else None,
        notes=_map_notes(slide.notes, fn) if slide.notes else None,
        content=_map_content(slide, fn),
    )


def map_deck_texts(deck: Deck, fn: Callable[[str, str, Text], str]) -> Deck:
    """Apply ``fn(slide_id, path, text)`` to every text of the deck (deck-level id: 'deck')."""

    def deck_fn(path: str, text: Text) -> str:
        return fn("deck", path, text)

    def opt(value: Text | None, path: str) -> Text | None:
        return retext(deck_fn(path, value), value) if value else None

    theme = deck.theme
    if theme.footer:
        theme = replace(theme, footer=opt(theme.footer, "footer"))
    if theme.logo:
        theme = replace(theme, logo=replace(theme.logo, alt=opt(theme.logo.alt, "logo.alt")))
    return replace(
        deck,
        title=opt(deck.title, "title"),
        subtitle=opt(deck.subtitle, "subtitle"),
        author=opt(deck.author, "author"),
        date=opt(deck.date, "date"),
        theme=theme,
        slides=tuple(map_slide_texts(s, lambda p, t, s=s: fn(s.id, p, t)) for s in deck.slides),
    )


def iter_deck_texts(deck: Deck) -> Iterator[tuple[str, str, Text]]:
    """Every (slide_id, path, text) of the deck, in reading order."""
    found: list[tuple[str, str, Text]] = []

    def collect(slide_id: str, path: str, text: Text) -> str:
        if str(text).strip():
            found.append((slide_id, path, text))
        return text

    map_deck_texts(deck, collect)
    return iter(found)
