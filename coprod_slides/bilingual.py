"""Bilingual decks (e.g. Welsh and English): one deck with both languages.

Welsh Government guidance: Welsh must not be treated less favourably (same
typeface, size, colour and prominence) and is placed to be read first; each
language sits in its own language-tagged text box, never mixed in a paragraph.

- ``side-by-side``: text slides carry both languages, the first on the left, the
  second on the right, split by a rule, at one shared size. Slides whose content
  is a picture or diagram cannot be split without harming it, so they alternate.
- ``alternate``: every slide in the first language, followed by the same slide in
  the second.
"""

from __future__ import annotations

from dataclasses import replace

from . import slidetypes
from .model import Bilingual, Deck, Notes, Slide
from .slidetypes.base import content_as
from .slidetypes.title import TitleContent
from .specvalues.textvalues import Text, Translated, unit_languages
from .texts import split_notes

MODES = ("side-by-side", "alternate")


def combine(first: Deck, second: Deck, mode: str = "side-by-side") -> Deck:
    """One deck from two translations of the same spec (their slides match by id)."""
    partners = {slide.id: slide for slide in second.slides}
    slides: list[Slide] = []
    pairs: dict[str, Slide] = {}
    twins: dict[str, str] = {}  # the second language's slide id -> the first's
    for slide in first.slides:
        other = partners.get(slide.id)
        slide = _with_cover_texts(replace(slide, language=first.language), first)
        if other is None:
            slides.append(slide)
            continue
        other = _with_cover_texts(other, second)
        other = replace(
            other, language=second.language, id=f"{other.id}-{_short(second)}", duration=None
        )  # the same minutes, presented in the other language
        if mode == "side-by-side" and slidetypes.get(slide.type).bilingual == "side-by-side":
            notes = both_notes(slide.notes, other.notes, first.language, second.language)
            slides.append(replace(slide, notes=notes))
            pairs[slide.id] = other
        else:
            slides.extend([slide, other])
            twins[other.id] = slide.id
    both = Bilingual(
        first=first.language,
        second=second.language,
        partners=pairs,
        twins=twins,
        footers={first.language: first.theme.footer, second.language: second.theme.footer},
    )
    title = Text(f"{first.title} / {second.title}", first.title.loc)
    return replace(first, title=title, slides=tuple(slides), bilingual=both)


def _with_cover_texts(slide: Slide, deck: Deck) -> Slide:
    """A title slide's title and subtitle default to its own deck's (per language)."""
    if slide.type != "title":
        return slide
    content = content_as(slide, TitleContent)
    if not content.subtitle and deck.subtitle:
        content = replace(content, subtitle=deck.subtitle)
    return replace(slide, title=slide.title or deck.title, content=content)


def both_notes(
    first: Notes | None, second: Notes | None, first_lang: str, second_lang: str
) -> Notes | None:
    """Notes in both languages: the first language's, then the second's, each paragraph
    tagged with its language (``Translated.unit_languages``)."""
    if first is None or second is None:
        return first or second
    brief = None
    if first.brief and second.brief:
        brief = _joined(first.brief, second.brief, first_lang, second_lang)
    return Notes(full=_joined(first.full, second.full, first_lang, second_lang), brief=brief)


def _joined(first: Text, second: Text, first_lang: str, second_lang: str) -> Translated:
    """``first`` then ``second`` as one notes text: the first's units keep their own tags
    (None, or the language a fallback kept), the second's are ``second_lang`` unless they
    fell back too."""
    first_units = unit_languages(first, _unit_count(first))
    second_units = unit_languages(second, _unit_count(second))
    return Translated(
        f"{first}\n\n{second}",
        first_lang,
        first.loc,
        unit_languages=(*first_units, *(lang or second_lang for lang in second_units)),
    )


def _unit_count(text: str) -> int:
    return sum(1 for prefix, _ in split_notes(text) if prefix != "\n")


def _short(deck: Deck) -> str:
    return deck.language.split("-")[0].lower()
