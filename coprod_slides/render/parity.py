"""One size for both languages of a bilingual pair, by construction.

A bilingual deck shows the same slide twice: side by side on one slide (where
``fit_into`` already fits both halves and sets the smaller size), or as a slide and
its twin (alternate mode, and diagram/picture slides in side-by-side mode). A twin
is a separate slide, so its sizes cannot be known while the first is written: the
deck is rendered twice. The first pass records every fitted size under a key that
both twins share — (pair, what, n-th such text on the slide) — and the second pass
sets each text at the smallest size recorded for its key. Shrinking text never
makes it overflow its box, so every pair comes out at the size that fits both.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from ..layout.drawing import Drawing, Element, Group, Shape

Key = tuple[str, str, int]


@dataclass
class SizeBook:
    """Fitted sizes of a bilingual deck's twins, keyed by pair and slot (one per deck)."""

    pair_of: dict[str, str]  # slide id -> pair id (both twins map to the same pair)
    recorded: dict[Key, float] = field(default_factory=dict)
    caps: dict[Key, float] = field(default_factory=dict)

    def for_slide(self, slide_id: str) -> SlideSizes:
        """The book as one slide uses it: a fresh count of each kind of text on the slide."""
        return SlideSizes(self, self.pair_of.get(slide_id))

    def second_pass(self) -> None:
        """From now on, every recorded slot is capped at the smallest size seen for it."""
        self.caps = dict(self.recorded)


@dataclass
class SlideSizes:
    """One slide's texts, each settled at its slot's size (made afresh for every slide)."""

    book: SizeBook
    pair: str | None  # None: the slide has no twin
    seen: Counter[str] = field(default_factory=Counter)

    def settle(self, what: str, size: float) -> float:
        """The size to use for the next text of kind ``what`` on this slide."""
        if self.pair is None:
            return size
        index = self.seen[what]
        self.seen[what] += 1
        key = (self.pair, what, index)
        book = self.book
        book.recorded[key] = min(size, book.recorded.get(key, size))
        return min(size, book.caps.get(key, size))

    def settle_drawing(self, drawing: Drawing) -> Drawing:
        """A diagram with each label settled (labels are matched by their order)."""
        if self.pair is None:
            return drawing

        def settle(element: Element) -> Element:
            if isinstance(element, Group):
                return replace(element, children=tuple(settle(c) for c in element.children))
            if isinstance(element, Shape) and element.label is not None:
                size = self.settle("diagram label", element.label.size)
                return replace(element, label=replace(element.label, size=size))
            return element

        return replace(drawing, children=tuple(settle(c) for c in drawing.children))


def pairs_of(twins: Mapping[str, str]) -> dict[str, str]:
    """slide id -> pair id, from a bilingual deck's ``twins`` (second id -> first id)."""
    pair_of: dict[str, str] = {}
    for second, first in twins.items():
        pair_of[first] = first
        pair_of[second] = first
    return pair_of
