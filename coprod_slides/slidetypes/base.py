"""What a slide-type module declares, and the canvas its writer draws on."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, Protocol, TypeVar

__all__ = [
    "SlideContent",
    "SlideType",
    "Canvas",
    "LayoutRole",
    "TextLimits",
    "Partner",
    "content_as",
]

from ..layout.fit import Insets, Para
from ..model import SlideContent

if TYPE_CHECKING:
    from ..errors import Diagnostics, Loc
    from ..layout.drawing import Drawing, Rect
    from ..model import Deck, Slide, Theme
    from ..specvalues.fields import Field


C = TypeVar("C", bound=SlideContent)


def content_as(slide: Slide, kind: type[C]) -> C:
    """The slide's content as its type's own dataclass (a writer only gets its own type's
    slides; anything else is a bug, said as such)."""
    content = slide.content
    if not isinstance(content, kind):
        raise TypeError(f"slide {slide.id!r}: {type(content).__name__} is not {kind.__name__}")
    return content


@dataclass(frozen=True)
class TextLimits:
    """The largest and smallest point size a box's text may be set at."""

    max_pt: float
    min_pt: float


TITLE_LIMITS = TextLimits(36, 20)
COVER_TITLE_LIMITS = TextLimits(44, 28)
BODY_LIMITS = TextLimits(28, 14)
BODY_INSETS = Insets(7.2, 3.6, 7.2, 3.6)
NO_INSETS = Insets(0, 0, 0, 0)


@dataclass(frozen=True)
class LayoutRole:
    """The layout a type asks a template for by name (render/template.py finds one by role
    and geometry when a template lacks it). ``untitled_blank``: without a title the slide
    uses the Blank layout (the title is still written, off the slide, for screen readers)."""

    name: str
    untitled_blank: bool = False


Bilingual = Literal["side-by-side", "alternate"]
#: ``_(message, **values)``: the tool's own words (e.g. a fallback title) in the slide's
#: language, from the tool's catalogue (``i18n/tool/<lang>.po``; English if missing)
Gettext = Callable[..., str]


@dataclass(frozen=True)
class SlideType:
    name: str
    content: type[SlideContent]
    fields: Mapping[str, Field]
    layout: LayoutRole
    write: Callable[[Canvas, Slide], None]
    fallback_title: Callable[[Slide, Deck, Gettext], str]
    translatable: tuple[str, ...]
    bilingual: Bilingual = "alternate"
    aliases: tuple[str, ...] = ()
    required: tuple[str, ...] = ()  # keys required though their field alone is optional
    cover: bool = False  # a cover-style slide: large title, no footer on 'title'
    footer: bool = True
    #: after field validation: check across fields / fill defaults; None drops the slide
    finish: Callable[[dict[str, Any], Any, str, Diagnostics], dict[str, Any] | None] | None = None
    #: minutes the slide takes when the spec gives no ``duration:``
    default_duration: Callable[[Any], float | None] | None = None
    summary: str = ""

    def build_content(self, values: Mapping[str, Any]) -> SlideContent:
        return self.content(**{key: values.get(key) for key in self.fields})


class Canvas(Protocol):
    """What a slide-type writer may do to its slide (implemented by render.deck).

    Shapes are opaque handles; positions and sizes are in points.
    """

    slide: Slide
    deck: Deck
    theme: Theme
    partner: Slide | None  # the same slide in a bilingual deck's second language
    language: str  # the language the slide is written in

    def text_placeholder(self, role: int) -> Any: ...
    def use(self, shape: Any) -> Any: ...
    def content_area(self, grid: bool = True) -> Rect: ...
    def visible_colors(
        self, area: Rect, draw: Callable[[dict[str, str]], Any]
    ) -> dict[str, str]: ...
    def warn_if_cramped(self, area: Rect) -> None: ...
    def content_box(self, name: str, rect: Rect | None = None) -> Any: ...
    def rect_of(self, shape: Any) -> Rect: ...
    def fit(
        self,
        shape: Any,
        paras: list[Para],
        limits: TextLimits,
        *,
        what: str,
        loc: Loc | None,
        texts: Sequence[Any] = (),
        partner: Partner | None = None,
        font: str | None = None,
        color: str | None = None,
        align: str | None = None,
        bullets: bool = False,
        anchor: str | None = None,
        insets: Insets = BODY_INSETS,
        bold: bool | None = None,
        indent_pt: float = ...,
    ) -> float: ...
    def fitted_size(self, shape: Any, paras: list[Para], limits: TextLimits) -> float: ...
    def write_text(
        self, rect: Rect, name: str, paras: list[Para], size: float, *, color: str
    ) -> Any: ...
    def add_shape(
        self, geom: str, rect: Rect, *, name: str, fill: str, line: str | None = None
    ) -> Any: ...
    def number_list(self, shape: Any) -> None: ...
    def add_picture(self, ref: Any, rect: Rect, *, name: str, alt: str) -> Any: ...
    def load_image(self, ref: Any) -> Any: ...
    def draw(self, drawing: Drawing) -> None: ...
    def measuring_font(self, font: str) -> str: ...
    def warn(self, loc: Loc | None, message: str) -> None: ...
    @property
    def rtl(self) -> bool: ...
    @property
    def diagnostics(self) -> Diagnostics: ...
    @property
    def slide_number(self) -> int: ...


@dataclass(frozen=True)
class Partner:
    """The second language's paragraphs for a box (bilingual side-by-side slides)."""

    paras: list[Para]
    texts: list[Any]
