"""The Welsh Language Standards check of a bilingual deck, on the built slides.

The standards ask that Welsh is not treated less favourably than English: the same
typeface, size, weight and colour, and Welsh placed to be read first. This check
reads the presentation as written (run sizes, bold, colours, typefaces, language
tags, positions) and reports every place where the first language of a bilingual
deck (Welsh in ``--bilingual cy,en``) is smaller, later, lower, lighter or missing:

- side by side: each text box is compared with its twin box (``"<name> (<lang>)"``);
- alternating slides: each slide is compared with its twin slide, text by text in
  reading order, and must come first;
- every slide: text tagged with the second language in a first-language place is
  a missing translation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pptx.oxml.ns import qn

from ..errors import SpecError
from ..model import Deck
from .languages import language_info


@dataclass(frozen=True)
class TextLook:
    """How one text shape is set: what a reader sees of its prominence."""

    name: str
    text: str
    sizes: tuple[float, ...]  # points, one per run that sets a size
    bold: tuple[bool, ...]
    colors: frozenset[str]
    fonts: frozenset[str]
    langs: frozenset[str]
    x: float
    y: float

    @property
    def size(self) -> float | None:
        return max(self.sizes) if self.sizes else None

    @property
    def smallest(self) -> float | None:
        return min(self.sizes) if self.sizes else None


def _offset(sp: Any) -> tuple[float, float]:
    off = sp.find(f"{qn('p:spPr')}/{qn('a:xfrm')}/{qn('a:off')}")
    if off is None:
        return 0.0, 0.0
    return int(off.get("x", 0)) / 12700, int(off.get("y", 0)) / 12700


def text_looks(slide: Any) -> list[TextLook]:
    """Every shape with text on ``slide`` (groups included), in reading order."""
    looks = []
    for sp in slide._element.iter(qn("p:sp")):
        body = sp.find(qn("p:txBody"))
        if body is None:
            continue
        runs = [r for r in body.iter(qn("a:r")) if (r.findtext(qn("a:t")) or "").strip()]
        if not runs:
            continue
        sizes, bold, colors, fonts, langs = [], [], set(), set(), set()
        for run in runs:
            rpr = run.find(qn("a:rPr"))
            if rpr is None:
                continue
            if rpr.get("sz"):
                sizes.append(int(rpr.get("sz")) / 100)
            bold.append(rpr.get("b") == "1")
            if rpr.get("lang"):
                langs.add(rpr.get("lang"))
            fill = rpr.find(qn("a:solidFill"))
            if fill is not None and len(fill):
                colors.add(fill[0].get("val", ""))
            latin = rpr.find(qn("a:latin"))
            if latin is not None:
                fonts.add(latin.get("typeface", ""))
        name = sp.find(f"{qn('p:nvSpPr')}/{qn('p:cNvPr')}").get("name", "")
        text = " ".join(r.findtext(qn("a:t")) or "" for r in runs)
        looks.append(
            TextLook(
                name,
                text,
                tuple(sizes),
                tuple(bold),
                frozenset(colors),
                frozenset(fonts),
                frozenset(langs),
                *_offset(sp),
            )
        )
    return looks


def _short(text: str, limit: int = 36) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def compare(first: TextLook, second: TextLook, names: tuple[str, str]) -> list[str]:
    """How ``first`` (the first language's text) is less favourable than ``second``."""
    a, b = names
    problems = []
    if first.size is not None and second.size is not None:
        if first.size < second.size - 0.01 or (
            first.smallest is not None
            and second.smallest is not None
            and first.smallest < second.smallest - 0.01
        ):
            problems.append(
                f"{a} is smaller ({first.smallest:g}–{first.size:g} pt against "
                f"{b} {second.smallest:g}–{second.size:g} pt)"
            )
    if sum(first.bold) < sum(second.bold):
        problems.append(f"{a} is lighter (fewer bold runs than {b})")
    if first.colors != second.colors and second.colors:
        problems.append(
            f"{a} has another colour ({', '.join(sorted(first.colors)) or 'inherited'} "
            f"against {', '.join(sorted(second.colors))})"
        )
    if first.fonts != second.fonts and second.fonts:
        problems.append(f"{a} has another typeface than {b}")
    return problems


def _lang_matches(tag: str, lang: str) -> bool:
    return tag.split("-")[0].lower() == lang.split("-")[0].lower()


def check_bilingual(prs: Any, deck: Deck) -> list[str]:
    """Every place the first language of a bilingual deck is less favourable, one line each.

    ``deck`` is the combined deck that was rendered into ``prs`` (slides in the same order).
    """
    bilingual = deck.bilingual
    if bilingual is None:
        return []
    first_lang, second_lang = bilingual.first, bilingual.second
    names = (_lang_name(first_lang), _lang_name(second_lang))
    slides = list(prs.slides)
    index = {s.id: i for i, s in enumerate(deck.slides)}
    found: list[str] = []

    def where(i: int) -> str:
        return f"slide {i + 1} '{deck.slides[i].id}'"

    partners = bilingual.partners
    for i, slide in enumerate(deck.slides):
        looks = text_looks(slides[i])
        own_lang = slide.language or first_lang
        if _lang_matches(own_lang, first_lang):
            for look in looks:
                if look.langs and all(_lang_matches(t, second_lang) for t in look.langs):
                    if look.name.endswith(f"({second_lang})") or look.name == "Footer":
                        continue
                    found.append(
                        f"{where(i)}: '{_short(look.text)}' ({look.name}) is in "
                        f"{names[1]} where {names[0]} belongs: {names[0]} is missing"
                    )
        if slide.id not in partners:
            continue
        by_name = {look.name: look for look in looks}
        for look in looks:
            suffix = f" ({second_lang})"
            if not look.name.endswith(suffix):
                continue
            mine = by_name.get(look.name[: -len(suffix)])
            if mine is None:
                found.append(f"{where(i)}: {look.name} has no {names[0]} text beside it")
                continue
            for problem in compare(mine, look, names):
                found.append(f"{where(i)}: {mine.name} '{_short(mine.text)}': {problem}")
            if mine.x > look.x + 1 or (abs(mine.x - look.x) <= 1 and mine.y > look.y + 1):
                side = "right of" if mine.x > look.x + 1 else "below"
                found.append(
                    f"{where(i)}: {mine.name}: {names[0]} is {side} {names[1]}; "
                    f"{names[0]} comes first (left or top)"
                )
    for second_id, first_id in bilingual.twins.items():
        at_first, at_second = index.get(first_id), index.get(second_id)
        if at_first is None or at_second is None:
            continue
        here, there = where(at_first), where(at_second)
        if at_first > at_second:
            found.append(f"{here}: comes after its {names[1]} twin ({there})")
        ours, theirs = text_looks(slides[at_first]), text_looks(slides[at_second])
        for a, b in zip(ours, theirs, strict=False):
            for problem in compare(a, b, names):
                found.append(f"{here}: {a.name} '{_short(a.text)}' against {there}: {problem}")
        if len(ours) < len(theirs):
            found.append(
                f"{here}: {len(ours)} texts against {len(theirs)} on its {names[1]} twin "
                f"({there}): {names[0]} is missing"
            )
    return found


def _lang_name(tag: str) -> str:
    try:
        return language_info(tag.split("-")[0]).name
    except SpecError:  # an unknown tag still gets named in the report
        return tag
