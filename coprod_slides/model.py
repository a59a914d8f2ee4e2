"""The validated model of a deck: plain data, no python-pptx.

Text values are :class:`~coprod_slides.specvalues.textvalues.Text` (a ``str`` with a
source location) so fit warnings and translation references can name the
spec line the text came from; a translated deck holds ``Translated`` texts (the same, with
their language and whether they fell back to the source).
"""

from __future__ import annotations

from collections.abc import Mapping
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
class TemplateChoice:
    """What the spec says about an organisation template (``--template`` overrides ``file``)."""

    file: Text | None = None  # the spec's ``template:``, relative to the spec
    layouts: Mapping[str, Text] = field(default_factory=dict)  # ``layouts:``: type → layout
    # the colour slots and font roles the spec's ``theme:`` sets itself; on an organisation
    # template the others keep the template's
    own_colors: frozenset[str] = frozenset()
    own_fonts: frozenset[str] = frozenset()


@dataclass
class Coverage:
    """How much of a deck a catalogue translated."""

    translated: int = 0
    total: int = 0
    fuzzy: int = 0
    missing: int = 0

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0

    def __str__(self) -> str:
        return f"{self.translated}/{self.total} translated ({self.percent:.0f}%)"


@dataclass(frozen=True)
class Localisation:
    """How a deck was translated from its spec (see ``i18n.translate.localise``)."""

    source_language: str  # the spec's language (texts that fell back to it are tagged so)
    rtl: bool = False  # the deck's language is written right to left
    coverage: Coverage | None = None  # None: the spec is already in this language
    catalogue: Path | None = None  # the .po file used


@dataclass(frozen=True)
class Bilingual:
    """One deck in two languages (see ``bilingual.combine``); the first is read first."""

    first: str  # language tags
    second: str
    # side by side: a first-language slide's id → the same slide in the second language
    partners: Mapping[str, Slide] = field(default_factory=dict)
    # alternating: a second-language slide's id → its first-language twin's id
    twins: Mapping[str, str] = field(default_factory=dict)
    footers: Mapping[str, Text | None] = field(default_factory=dict)  # language → footer


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
    audience: str | None = None  # the audience this variant is for (None: the spec as written)
    audiences: Mapping[str, str] = field(default_factory=dict)  # the spec's: name → description
    notes_depth: str = "full"  # "full" or "brief" speaker notes (set per audience)
    vars: Mapping[str, str] = field(default_factory=dict)  # values of ``{name}`` placeholders
    translations: Text | None = None  # the spec's folder of <lang>.po catalogues
    template: TemplateChoice = field(default_factory=TemplateChoice)
    localisation: Localisation | None = None  # set when built in a language (--lang)
    bilingual: Bilingual | None = None  # set on a combined two-language deck

    @property
    def base_dir(self) -> Path:
        return self.source.parent
