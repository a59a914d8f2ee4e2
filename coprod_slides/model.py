"""The validated model of a deck: plain data, no python-pptx.

Text values are :class:`~coprod_slides.specvalues.yamlload.Text` (a ``str`` with a
source location) so fit warnings and translation references can name the
spec line the text came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from .errors import Loc
from .specvalues.yamlload import Text


@dataclass(frozen=True)
class Bullet:
    text: Text
    level: int = 0


@dataclass(frozen=True)
class Notes:
    """Speaker notes; ``brief`` is the short version some audiences get."""

    full: Text
    brief: Text | None = None

    def at_depth(self, depth: str) -> Text:
        return self.brief if depth == "brief" and self.brief else self.full


@dataclass(frozen=True)
class Column:
    heading: Text | None
    bullets: tuple[Bullet, ...]


@dataclass(frozen=True)
class Logo:
    path: Path
    alt: Text
    position: str = "top-right"  # top-left, top-right, bottom-left, bottom-right
    width: float = 96.0  # points
    on: tuple[str, ...] | None = None  # slide types that show it; None: every type

    def shows_on(self, slide_type: str) -> bool:
        return self.on is None or slide_type in self.on


@dataclass(frozen=True)
class Theme:
    colors: dict[str, str]
    heading_font: str = "Arial"
    body_font: str = "Arial"
    footer: Text | None = None
    slide_numbers: bool = True
    logo: Logo | None = None
    min_size: float = 12.0  # smallest text on slides, in points


@dataclass(frozen=True)
class SlideContent:
    """Base of each slide type's content dataclass (see ``coprod_slides/slidetypes/``).

    Read access by key (``content["bullets"]``, ``content.get("subtitle")``) serves code
    that walks content generically (the text walker, tests); type code uses attributes.
    """

    def get(self, key: str, default: Any = None) -> Any:
        value = getattr(self, key, None)
        return default if value is None else value

    def __getitem__(self, key: str) -> Any:
        if key not in self.keys():
            raise KeyError(key)
        return getattr(self, key)

    def __contains__(self, key: object) -> bool:
        return key in self.keys()

    def keys(self) -> tuple[str, ...]:
        return tuple(f.name for f in fields(self))

    def items(self) -> list[tuple[str, Any]]:
        return [(key, getattr(self, key)) for key in self.keys()]


@dataclass(frozen=True)
class Slide:
    """One slide. ``content`` holds the type-specific, validated fields (a frozen dataclass
    declared by the slide type's module)."""

    type: str
    id: str
    loc: Loc
    title: Text | None = None
    notes: Notes | None = None
    tags: tuple[str, ...] = ()
    audiences: tuple[str, ...] | None = None
    duration: float | None = None
    content: SlideContent = field(default_factory=SlideContent)
    hidden_title: bool = False
    language: str | None = None  # set when one deck mixes languages (bilingual decks)

    def with_content(self, **changes: Any) -> Slide:
        return replace(self, content=replace(self.content, **changes))


@dataclass(frozen=True)
class Deck:
    title: Text
    slides: tuple[Slide, ...]
    theme: Theme
    source: Path  # the spec file (for relative asset paths)
    loc: Loc
    subtitle: Text | None = None
    author: Text | None = None
    date: Text | None = None
    language: str = "en-GB"
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def base_dir(self) -> Path:
        return self.source.parent
