"""Render a validated Deck to a python-pptx Presentation.

Each slide type has a small writer. Placeholder bounds come from the layout
(so branded templates work too); text is fitted into them at build time and
written with explicit sizes.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree
from pptx.enum.shapes import MSO_SHAPE
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.util import Emu

from .. import slidetypes
from ..assets import FONTS_DIR, TEMPLATES_DIR
from ..errors import Diagnostics, Loc, Problem, SpecError
from ..i18n.languages import SCRIPT_FONTS, language_info
from ..i18n.tool import translator
from ..layout.drawing import Drawing, Rect
from ..layout.fit import Box, Insets, Para, Run, fit_text, parse_inline
from ..layout.fonts import register_font, text_width_pt
from ..model import Deck, Slide
from ..slidetypes.base import (
    BODY_INSETS,
    COVER_TITLE_LIMITS,
    TITLE_LIMITS,
    Partner,
    TextLimits,
)
from ..specvalues.textvalues import fallback_language, unit_languages
from ..specvalues.yamlload import Text
from ..texts import split_notes
from . import logo as logos
from .base_template import inherited_anchor
from .caps import as_shown
from .direction import fix_direction
from .drawing import add_drawing, drop_style, emu, rgb, set_alt_text
from .images import LoadedImage, load_image, resolve_asset
from .logo import avoid
from .package import set_core_properties
from .parity import SizeBook, SlideSizes, pairs_of
from .pptx_fast import (  # also speeds up python-pptx's placeholder lookups
    add_slide,
    freeze_slide,
    notes_slide,
)
from .template import (
    MIN_CONTENT_SHARE,
    UsedColors,
    all_layouts,
    background_under,
    blank_layout,
    body_placeholders,
    choose_layouts,
    colour_warning,
    columns_of,
    content_rect,
    footer_would_cover_text,
    free_area,
    is_vertical_text,
    pin_placeholders,
    plain_paragraphs,
    prepare_presentation,
    prepare_slide,
    readable_area,
    subtitle_placeholder,
    visible_colors,
)
from .text import Script, set_body, write_paras
from .thumbnail import add_deck_thumbnail

BULLET_INDENT = 36.0  # points per level; the hanging indent is 0.6 of it (as the fitter assumes)
__all__ = ["BODY_INSETS", "Partner", "TextLimits", "render_deck", "write_notes"]


@dataclass
class RenderOptions:
    template: Path | None = None
    allow_outside_assets: bool = False


@dataclass
class DeckContext:
    """What stays the same while a deck's slides are written (one per render pass)."""

    deck: Deck  # with the template's theme filled in (see template.prepare_presentation)
    prs: Any
    diag: Diagnostics
    options: RenderOptions
    script: Script | None = None  # the deck language's direction and complex-script font
    chosen: dict[str, Any] = field(default_factory=dict)  # slide type → layout (_choose_layouts)
    content: Rect | None = None  # the template's body area (content_area)
    cache: dict[str, Any] = field(default_factory=dict)  # per template: geometry, logo image…
    sizes: SizeBook | None = None  # bilingual twins: one size per pair (render/parity.py)

    @property
    def partner_language(self) -> str | None:
        bilingual = self.deck.bilingual
        return bilingual.second if bilingual else None

    @property
    def on_template(self) -> bool:
        """Built on an organisation's template (not the built-in one)."""
        return self.options.template is not None or bool(self.deck.template.file)

    @property
    def rtl(self) -> bool:
        return bool(self.script and self.script.rtl)

    def measuring_font(self, font: str) -> str:
        """Text in another script is measured with the font that has its glyphs."""
        return self.script.cs_font if self.script and self.script.cs_font else font

    def langs(self, texts: Sequence[str]) -> list[str | None]:
        """Per paragraph: the source language for texts that fell back to it, else None."""
        return [fallback_language(t) for t in texts]


@dataclass(frozen=True)
class SlideContext:
    """One slide being written: made afresh for each slide, so nothing of one slide (its
    logo's place, its language, its number) can carry over to the next."""

    deck_ctx: DeckContext
    slide: Slide
    number: int  # counted from 1, as people count (and as warnings say)
    pptx_slide: Any
    logo_rect: Rect | None = None  # where the logo goes on this slide (see _prepare_slide)
    sizes: SlideSizes | None = None  # a bilingual twin's sizes, counted on this slide only

    @property
    def deck(self) -> Deck:
        return self.deck_ctx.deck

    @property
    def language(self) -> str:
        """The language the slide is written in (a bilingual deck mixes two)."""
        return self.slide.language or self.deck.language

    def warn(self, loc: Loc | None, message: str) -> None:
        prefix = f"slide {self.number} '{self.slide.id}': "
        self.deck_ctx.diag.warn(loc or self.slide.loc, prefix + message)


def base_template_path() -> Path:
    path: Path = TEMPLATES_DIR / "coprod-16x9.pptx"
    return path


def render_deck(deck: Deck, diag: Diagnostics, options: RenderOptions | None = None) -> Any:
    """Build the Presentation for ``deck``; problems that do not stop the build are warnings."""
    options = options or RenderOptions()
    twins = deck.bilingual.twins if deck.bilingual else None
    sizes = SizeBook(pairs_of(twins)) if twins else None
    if sizes is not None:  # first pass: record the twins' fitted sizes (see render/parity.py)
        _render_pass(deck, Diagnostics(), options, sizes)
        sizes.second_pass()
    prs, deck = _render_pass(deck, diag, options, sizes)
    set_core_properties(
        prs,
        title=str(deck.title),
        author=str(deck.author or ""),
        subject=str(deck.subtitle or ""),
        language=deck.language,
        keywords="co-production",
    )
    add_deck_thumbnail(prs, deck)
    return prs


def _render_pass(
    deck: Deck, diag: Diagnostics, options: RenderOptions, sizes: SizeBook | None
) -> tuple[Any, Deck]:
    prs, deck = prepare_presentation(deck, options, diag, base_template_path())
    ctx = DeckContext(
        deck,
        prs,
        diag,
        options,
        script=_script_of(deck),
        sizes=sizes,
    )
    _choose_layouts(ctx)
    for number, slide in enumerate(deck.slides, 1):
        _render_slide(ctx, number, slide)
    return prs, deck


LATIN_LANGUAGES = ("en", "cy", "ga", "gd", "fr", "de", "es", "it", "pt", "nl", "pl", "kw")


def script_for(language: str) -> Script | None:
    """Direction and complex-script font for a language (babel's data; Latin fast path)."""
    if language.split("-")[0].lower() in LATIN_LANGUAGES:
        return None

    info = language_info(language)
    family = None
    if info.script in SCRIPT_FONTS:
        family, files = SCRIPT_FONTS[info.script]
        register_font(
            family, FONTS_DIR / files[0], bold=FONTS_DIR / files[1] if len(files) > 1 else None
        )
    if not info.rtl and family is None:
        return None
    return Script(rtl=info.rtl, cs_font=family)


def _script_of(deck: Deck) -> Script | None:
    """The deck language's script; an unknown code is an error at the spec's 'language:'."""
    try:
        return script_for(deck.language)
    except SpecError as exc:
        loc = getattr(deck.language, "loc", None) or Loc(deck.loc.path)
        raise SpecError([Problem(loc, f"language: {p.message}") for p in exc.problems]) from None


def _layout(ctx: DeckContext, slide: Slide) -> Any:
    if not slide.title and slidetypes.get(slide.type).layout.untitled_blank:
        blank = ctx.chosen.get(f"{slide.type}:untitled")
        if blank is not None:
            return blank
    return ctx.chosen[slide.type]


def _choose_layouts(ctx: DeckContext) -> None:
    """Slide type → layout, once per deck: the spec's ``layouts:`` names, else each type's
    default name (its layout role), else fallbacks by placeholder content (with a warning)."""
    overrides = ctx.deck.template.layouts
    used = list(dict.fromkeys(s.type for s in ctx.deck.slides))
    loc = getattr(ctx.deck.template.file, "loc", None)
    defaults = slidetypes.layout_names()
    ctx.chosen = choose_layouts(ctx.prs, defaults, overrides, used, ctx.diag, loc, cache=ctx.cache)
    layouts = all_layouts(ctx.prs)
    for slide_type in slidetypes.all_types():
        if slide_type.layout.untitled_blank and not overrides.get(slide_type.name):
            ctx.chosen[f"{slide_type.name}:untitled"] = blank_layout(layouts)
    content_layout = ctx.chosen.get("bullets") or choose_layouts(
        ctx.prs, defaults, {}, ["bullets"], Diagnostics(), loc, cache=ctx.cache
    ).get("bullets")
    ctx.content = content_rect(ctx.prs, content_layout)


def _prepare_slide(ctx: DeckContext, pptx_slide: Any, slide: Slide) -> Rect | None:
    """Before writing: pin placeholder geometry where the layout's idx values repeat, and make
    room for the logo; returns where the logo goes on this slide (None: no logo)."""
    pin_placeholders(pptx_slide, pptx_slide.slide_layout)
    prepare_slide(pptx_slide, slide.type, ctx.cache, ctx.prs)
    logo = ctx.deck.theme.logo
    if logo is None or not logo.shows_on(slide.type):
        return None
    image = _logo_image(ctx)
    slide_w, slide_h = Emu(ctx.prs.slide_width).pt, Emu(ctx.prs.slide_height).pt
    theme = ctx.deck.theme
    footers = slidetypes.get(slide.type).footer
    blocked = logos.obstacles(
        pptx_slide.slide_layout,
        slide_w,
        slide_h,
        footer=footers and bool(theme.footer),
        numbers=footers and theme.slide_numbers,
    )
    rect = logos.place(
        logo.position,
        logo.width,
        logo.width * image.height / image.width,
        slide_w,
        slide_h,
        blocked,
    )
    logos.clear_text(pptx_slide, rect, slide_w, slide_h)
    return rect


def _logo_image(ctx: DeckContext) -> LoadedImage:
    """The theme's logo, read once per render pass (only called when the theme has one)."""
    if "logo" not in ctx.cache:
        logo = ctx.deck.theme.logo
        assert logo is not None
        loc = getattr(logo.alt, "loc", None)
        path = resolve_asset(
            str(logo.path),
            ctx.deck.base_dir,
            loc,
            allow_outside=ctx.options.allow_outside_assets,
            what="logo",
        )
        ctx.cache["logo"] = load_image(path, loc, str(logo.path))
    image: LoadedImage = ctx.cache["logo"]
    return image


def _render_slide(deck_ctx: DeckContext, number: int, slide: Slide) -> None:
    pptx_slide = add_slide(deck_ctx.prs, _layout(deck_ctx, slide))
    logo_rect = _prepare_slide(deck_ctx, pptx_slide, slide)
    book = deck_ctx.sizes
    sizes = book.for_slide(slide.id) if book is not None else None
    ctx = SlideContext(deck_ctx, slide, number, pptx_slide, logo_rect, sizes)
    used: set[int] = set()
    slidetypes.get(slide.type).write(SlideCanvas(ctx, used), slide)
    _write_title(ctx, used)
    _remove_unused_placeholders(pptx_slide, used)
    _add_footer(ctx)
    _add_logo(ctx)
    if slide.notes:
        write_notes(pptx_slide, slide.notes.at_depth(deck_ctx.deck.notes_depth), deck_ctx)
    tag_language(pptx_slide, ctx.language)
    fix_direction(deck_ctx.prs, [pptx_slide])  # e.g. English on a right-to-left template's master
    freeze_slide(pptx_slide)  # finished: held as bytes, not as a tree (memory of long decks)


# ---------------------------------------------------------------- placeholders


def placeholder(pptx_slide: Any, idx: int) -> Any:
    for shape in pptx_slide.placeholders:
        if shape.placeholder_format.idx == idx:
            return shape
    return None


def text_placeholder(pptx_slide: Any, role: int) -> Any:
    """The placeholder in the role the built-in template gives idx ``role``, found by type and
    position so any template works (LibreOffice gives every placeholder idx 0):

    - 1: the main text: a subtitle placeholder if there is one, else the left one of two
      side-by-side bodies, else the largest body;
    - 2: the right one of two side-by-side bodies;
    - 13: the byline: the body under a subtitle (or the second body when there is none).
    """
    subtitle = subtitle_placeholder(pptx_slide)
    bodies = body_placeholders(pptx_slide)
    columns = columns_of(bodies)
    if role == 1:
        if subtitle is not None:
            return subtitle
        if columns:
            return columns[0]
        return max(bodies, key=lambda s: s.width * s.height) if bodies else None
    if role == 2:
        return columns[1] if columns and subtitle is None else None
    if role == 13:
        rest = bodies if subtitle is not None else bodies[1:]
        return rest[0] if rest else None
    return placeholder(pptx_slide, role)


def title_placeholder(pptx_slide: Any) -> Any:
    for shape in pptx_slide.placeholders:
        if shape.placeholder_format.type in (1, 3):  # TITLE, CENTER_TITLE
            return shape
    return pptx_slide.shapes.title


def rect_of(shape: Any) -> Rect:
    return Rect(Emu(shape.left).pt, Emu(shape.top).pt, Emu(shape.width).pt, Emu(shape.height).pt)


def fit_into(
    ctx: SlideContext,
    shape: Any,
    paras: list[Para],
    limits: TextLimits,
    *,
    what: str,
    loc: Loc | None,
    font: str | None = None,
    color: str | None = None,
    align: str | None = None,
    bullets: bool = False,
    anchor: str | None = None,
    insets: Insets = BODY_INSETS,
    bold: bool | None = None,
    texts: Sequence[str] = (),
    partner: Partner | None = None,
    indent_pt: float = BULLET_INDENT,
) -> float:
    """Fit paragraphs into a shape's box and write them; warn when they cannot fit.

    ``texts`` are the source Texts of the paragraphs (for per-paragraph language tags).
    With a ``partner`` (a bilingual deck's second language) the box is split in two
    halves with a rule between, and both languages are set at the same size.
    """
    if bold:
        paras = _bold(paras)
    anchor = anchor or _anchor_of(shape)
    run = ctx.deck_ctx
    min_pt = max(limits.min_pt, ctx.deck.theme.min_size) if limits.min_pt >= 12 else limits.min_pt
    limits = TextLimits(limits.max_pt, min(min_pt, limits.max_pt))
    family = run.measuring_font(font or ctx.deck.theme.body_font)
    boxes = [(shape, paras, run.langs(texts))]
    if partner is not None:
        twin = _split_for_partner(ctx, shape)
        color = color or _partner_color(ctx, shape)
        boxes.append(
            (
                twin,
                _bold(partner.paras) if bold else partner.paras,
                [run.partner_language] * len(partner.paras),
            )
        )
    results = []
    for target, target_paras, _ in boxes:
        box = rect_of(target)
        if is_vertical_text(target):  # set top-to-bottom: lines run down the box
            box = Rect(box.x, box.y, box.h, box.w)
        result = fit_text(
            as_shown(target, target_paras),
            Box(box.w, box.h),
            family,
            max_pt=limits.max_pt,
            min_pt=limits.min_pt,
            insets=insets,
            indent_pt=indent_pt,
        )
        if not result.fits:
            ctx.warn(loc, f"{what} does not fit ({result.reason}); shorten it")
        results.append(result)
    size = min(r.size_pt for r in results)
    if ctx.sizes is not None:
        size = ctx.sizes.settle(what, size)
    for target, target_paras, langs in boxes:
        set_body(target.text_frame, insets=insets, anchor=anchor)
        write_paras(
            target.text_frame,
            target_paras,
            size,
            color=color,
            font=font,
            align=align,
            bullets=bullets,
            bold=bold,
            indent_pt=indent_pt,
            langs=langs,
            script=run.script,
        )
        if not bullets and run.on_template:
            plain_paragraphs(target)
    return size


def _bold(paras: list[Para]) -> list[Para]:
    return [
        Para(
            tuple(Run(r.text, True, r.italic) for r in p.runs),
            p.level,
            p.bullet,
            p.scale,
            p.space_before,
        )
        for p in paras
    ]


PARTNER_GAP = 14.0  # points between each language and the rule


def _split_for_partner(ctx: SlideContext, shape: Any) -> Any:
    """Narrow ``shape`` to the left half; return a text box for the right half, and a rule."""
    box = rect_of(shape)
    half = (box.w - 2 * PARTNER_GAP) / 2
    shape.left, shape.top = emu(box.x), emu(box.y)
    shape.width, shape.height = emu(half), emu(box.h)
    x = box.x + half + 2 * PARTNER_GAP
    twin = ctx.pptx_slide.shapes.add_textbox(emu(x), emu(box.y), emu(half), emu(box.h))
    twin.name = f"{shape.name} ({ctx.deck_ctx.partner_language})"
    rule_x = box.x + half + PARTNER_GAP
    rule = ctx.pptx_slide.shapes.add_connector(
        1, emu(rule_x), emu(box.y + 4), emu(rule_x), emu(box.bottom - 4)
    )
    rule.name = "Rule between languages"
    rule.line.color.rgb = rgb(_partner_color(ctx, shape))
    rule.line.width = emu(1.0)
    drop_style(rule)
    return twin


def _partner_color(ctx: SlideContext, shape: Any) -> str:
    """Both languages get the same explicit colour: the one the layout gives this box."""
    colors = ctx.deck.theme.colors
    if slidetypes.get(ctx.slide.type).cover:
        return colors["lt1"]
    is_title = shape.is_placeholder and shape.placeholder_format.type in (1, 3)
    return colors["dk2"] if is_title else colors["dk1"]


def partner_of(deck: Deck, slide: Slide) -> Slide | None:
    """The same slide in a bilingual deck's second language, when they share the slide."""
    bilingual = deck.bilingual
    return bilingual.partners.get(slide.id) if bilingual else None


def _anchor_of(shape: Any) -> str:
    return inherited_anchor(shape)


def _write_title(ctx: SlideContext, used: set[int]) -> None:
    """Every slide gets a title (for screen readers and the outline), hidden if asked."""
    slide = ctx.slide
    shape = title_placeholder(ctx.pptx_slide)
    title = slide.title or fallback_title(ctx.deck, slide)
    if shape is None:
        shape = _add_title_placeholder(ctx.deck_ctx, ctx.pptx_slide)
    used.add(shape.shape_id)
    slide_type = slidetypes.get(slide.type)
    limits = COVER_TITLE_LIMITS if slide_type.cover else TITLE_LIMITS
    other = partner_of(ctx.deck, slide)
    partner = None
    if other is not None:
        other_title = other.title or fallback_title(ctx.deck, other)
        partner = Partner([parse_inline(str(other_title))], [other_title])
    fit_into(
        ctx,
        shape,
        [parse_inline(str(title))],
        limits,
        what="title",
        loc=getattr(title, "loc", None),
        font=ctx.deck.theme.heading_font,
        bold=True,
        texts=[title],
        partner=partner,
    )
    if slide.hidden_title or not slide.title and slide_type.layout.untitled_blank:
        shape.top = emu(-rect_of(shape).h - 20)  # off the slide: still read by screen readers
        shape.name = "Title (hidden)"


def _add_title_placeholder(ctx: DeckContext, pptx_slide: Any) -> Any:
    """A real title placeholder (screen readers and the outline use it) on a title-less layout."""
    width = ctx.prs.slide_width
    sp = parse_xml(
        f'<p:sp {nsdecls("a", "p")}><p:nvSpPr><p:cNvPr id="0" name="Title"/><p:cNvSpPr>'
        '<a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph type="title"/></p:nvPr></p:nvSpPr>'
        f'<p:spPr><a:xfrm><a:off x="{emu(48)}" y="{emu(28)}"/><a:ext cx="{width - emu(96)}" '
        f'cy="{emu(70)}"/></a:xfrm></p:spPr><p:txBody><a:bodyPr/><a:lstStyle/><a:p/>'
        "</p:txBody></p:sp>"
    )
    tree = pptx_slide.shapes._spTree
    tree.insert(2, sp)  # after nvGrpSpPr and grpSpPr: first in reading order
    _renumber(pptx_slide, sp)
    return title_placeholder(pptx_slide)


def fallback_title(deck: Deck, slide: Slide) -> str:
    """The title of a slide the spec gives none, in the slide's language."""
    _ = translator(slide.language or deck.language)
    return slidetypes.get(slide.type).fallback_title(slide, deck, _)


def _remove_unused_placeholders(pptx_slide: Any, used: set[int]) -> None:
    """``used`` holds shape ids (a template may give several placeholders the same idx)."""
    for shape in list(pptx_slide.placeholders):
        if shape.shape_id not in used:
            shape._element.getparent().remove(shape._element)


# ---------------------------------------------------------------- the canvas writers draw on


class SlideCanvas:
    """What a slide type's writer may do to its slide (see slidetypes.base.Canvas)."""

    def __init__(self, ctx: SlideContext, used: set[int]) -> None:
        self._ctx = ctx
        self._run = ctx.deck_ctx
        self._pptx_slide = ctx.pptx_slide
        self._used = used
        self.slide = ctx.slide
        self.deck = ctx.deck
        self.theme = ctx.deck.theme
        self.partner = partner_of(ctx.deck, ctx.slide)
        self.language = ctx.language

    @property
    def rtl(self) -> bool:
        return self._run.rtl

    @property
    def diagnostics(self) -> Diagnostics:
        return self._run.diag

    @property
    def slide_number(self) -> int:
        return self._ctx.number

    def text_placeholder(self, role: int) -> Any:
        return text_placeholder(self._pptx_slide, role)

    def use(self, shape: Any) -> Any:
        """Keep a layout placeholder (unused ones are removed after the writer ran)."""
        self._used.add(shape.shape_id)
        return shape

    def content_area(self, grid: bool = True) -> Rect:
        """Where shapes go; ``grid=False``: all the layout's free area, ignoring the
        template's content grid (for a diagram the grid leaves too little room)."""
        return content_area(self._ctx, grid)

    def visible_colors(self, area: Rect, draw: Callable[[Any], object]) -> dict[str, str]:
        return _visible_colors(self._ctx, area, draw)

    def warn_if_cramped(self, area: Rect) -> None:
        _warn_if_cramped(self._ctx, area)

    def content_box(self, name: str, rect: Rect | None = None) -> Any:
        return _content_box(self._ctx, name, rect)

    def rect_of(self, shape: Any) -> Rect:
        return rect_of(shape)

    def fit(self, shape: Any, paras: list[Para], limits: TextLimits, **options: Any) -> float:
        return fit_into(self._ctx, shape, paras, limits, **options)

    def fitted_size(self, shape: Any, paras: list[Para], limits: TextLimits) -> float:
        return _fitted_size(self._run, shape, paras, limits)

    def write_text(
        self, rect: Rect, name: str, paras: list[Para], size: float, *, color: str
    ) -> Any:
        """A text box with ``paras`` at a fixed ``size`` (no fitting, no insets)."""
        shapes = self._pptx_slide.shapes
        box = shapes.add_textbox(emu(rect.x), emu(rect.y), emu(rect.w), emu(rect.h))
        box.name = name
        set_body(box.text_frame, insets=Insets(0, 0, 0, 0), anchor="t")
        write_paras(box.text_frame, paras, size, color=color)
        return box

    def add_shape(
        self, geom: str, rect: Rect, *, name: str, fill: str, line: str | None = None
    ) -> Any:
        """A native preset shape (``roundRect``, ``ellipse``, ``rect``) whose text can be fitted."""
        kinds = {
            "roundRect": MSO_SHAPE.ROUNDED_RECTANGLE,
            "ellipse": MSO_SHAPE.OVAL,
            "rect": MSO_SHAPE.RECTANGLE,
        }
        shapes = self._pptx_slide.shapes
        shape = shapes.add_shape(kinds[geom], emu(rect.x), emu(rect.y), emu(rect.w), emu(rect.h))
        shape.name = name
        shape.fill.solid()
        shape.fill.fore_color.rgb = rgb(fill)
        if line is None:
            shape.line.fill.background()
        else:
            shape.line.color.rgb = rgb(line)
            shape.line.width = emu(1.5)
        drop_style(shape)
        return shape

    def number_list(self, shape: Any) -> None:
        """Turn a fitted bullet list into a native numbered list (1. 2. 3.; renumbers on edit)."""
        for bullet in shape.text_frame._txBody.iter(qn("a:buChar")):
            number = etree.Element(qn("a:buAutoNum"))
            number.set("type", "arabicPeriod")
            bullet.addprevious(number)
            bullet.getparent().remove(bullet)

    def load_image(self, ref: Text) -> LoadedImage:
        path = resolve_asset(
            str(ref),
            self.deck.base_dir,
            ref.loc,
            allow_outside=self._run.options.allow_outside_assets,
        )
        return load_image(path, ref.loc, str(ref))

    def add_picture(self, image: LoadedImage, rect: Rect, *, name: str, alt: str) -> Any:
        picture = self._pptx_slide.shapes.add_picture(
            io.BytesIO(image.data), emu(rect.x), emu(rect.y), emu(rect.w), emu(rect.h)
        )
        picture.name = name
        set_alt_text(picture, alt)
        return picture

    def draw(self, drawing: Drawing) -> None:
        sizes = self._ctx.sizes
        if sizes is not None:  # a bilingual twin: the sizes its pair settled on
            drawing = sizes.settle_drawing(drawing)
        add_drawing(self._pptx_slide, drawing, self.theme.body_font, self._run.script)

    def measuring_font(self, font: str) -> str:
        return self._run.measuring_font(font)

    def warn(self, loc: Loc | None, message: str) -> None:
        self._ctx.warn(loc, message)


def _fitted_size(ctx: DeckContext, shape: Any, paras: list[Para], limits: TextLimits) -> float:
    box = rect_of(shape)
    return fit_text(
        as_shown(shape, paras),
        Box(box.w, box.h),
        ctx.measuring_font(ctx.deck.theme.body_font),
        max_pt=limits.max_pt,
        min_pt=limits.min_pt,
        insets=BODY_INSETS,
        indent_pt=BULLET_INDENT,
    ).size_pt


def content_area(ctx: SlideContext, grid: bool = True) -> Rect:
    """The zone where shapes go on the slide: the free area of its layout (clear of the
    title, footer band and the template's art; the bullets layout's body when that lies
    inside it, so diagrams follow the template's grid), less the logo's corner."""
    run = ctx.deck_ctx
    keeps_title = slidetypes.get(ctx.slide.type).cover
    layout = ctx.pptx_slide.slide_layout
    area = free_area(run.prs, layout, run.content if grid else None, run.cache, cover=keeps_title)
    width, height = Emu(run.prs.slide_width).pt, Emu(run.prs.slide_height).pt
    return avoid(area, ctx.logo_rect, width, height)


def _content_box(ctx: SlideContext, name: str, rect: Rect | None = None) -> Any:
    r = rect or content_area(ctx)
    box = ctx.pptx_slide.shapes.add_textbox(emu(r.x), emu(r.y), emu(r.w), emu(r.h))
    box.name = name
    return box


def _warn_if_cramped(ctx: SlideContext, area: Rect) -> None:
    """One warning when a diagram has less room than it needs to stay readable."""
    prs = ctx.deck_ctx.prs
    if not readable_area(prs, area):
        width, height = Emu(prs.slide_width).pt, Emu(prs.slide_height).pt
        ctx.warn(
            ctx.slide.loc,
            f"the diagram has only {area.w:.0f} × {area.h:.0f} pt free of the template's title, "
            f"footer and art (it needs {MIN_CONTENT_SHARE[0] * width:.0f} × "
            f"{MIN_CONTENT_SHARE[1] * height:.0f} pt to stay readable); choose a roomier layout "
            "with layouts: {diagram: NAME}",
        )


def _visible_colors(ctx: SlideContext, area: Rect, draw: Callable[[Any], object]) -> dict[str, str]:
    """The theme's colours, with any a diagram uses that would vanish into the slide's real
    background (or merge with another group's colour) replaced, warning once per colour."""
    run = ctx.deck_ctx
    colors = ctx.deck.theme.colors
    if not run.on_template:
        return colors  # the built-in template's palette is designed for its backgrounds
    probe = UsedColors(colors)
    draw(probe)
    layout = ctx.pptx_slide.slide_layout
    background = background_under(run.prs, layout, area, run.cache)
    earlier = run.cache.setdefault("colour_choices", {})
    fixed, replaced = visible_colors(colors, probe.used, background, earlier)
    warned = run.cache.setdefault("colour_warnings", set())
    for slot, old in replaced.items():
        earlier[slot] = fixed[slot]
        if (slot, old, fixed[slot]) not in warned:
            warned.add((slot, old, fixed[slot]))
            run.diag.warn(None, colour_warning(slot, old, fixed[slot], background))
    return fixed


# ---------------------------------------------------------------- footer, logo, notes


def _add_footer(ctx: SlideContext) -> None:
    """Copy the layout's footer and slide-number placeholders onto the slide, filled in."""
    theme = ctx.deck.theme
    pptx_slide = ctx.pptx_slide
    if not slidetypes.get(ctx.slide.type).footer:
        return
    layout = pptx_slide.slide_layout
    for shape in layout.placeholders:
        ph_type = shape._element.ph.get("type")
        if ph_type == "ftr" and theme.footer:
            runs = footer_runs(ctx)
        elif ph_type == "sldNum" and theme.slide_numbers:
            runs = None
        else:
            continue
        if footer_would_cover_text(pptx_slide, shape):
            continue
        element = copy.deepcopy(shape._element)
        pptx_slide.shapes._spTree.append(element)
        _renumber(pptx_slide, element)
        tx_body = element.find(qn("p:txBody"))
        for p in tx_body.findall(qn("a:p")):
            tx_body.remove(p)
        p = etree.SubElement(tx_body, qn("a:p"))
        if runs is None:
            fld = etree.SubElement(p, qn("a:fld"))
            fld.set("id", "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}")
            fld.set("type", "slidenum")
            etree.SubElement(fld, qn("a:rPr")).set("sz", "1200")
            etree.SubElement(fld, qn("a:t")).text = str(ctx.number)
            continue
        size = str(_footer_size(ctx, shape, "".join(text for text, _ in runs)))
        for text, lang in runs:
            r = etree.SubElement(p, qn("a:r"))
            rpr = etree.SubElement(r, qn("a:rPr"))
            if lang:
                rpr.set("lang", lang)
            rpr.set("sz", size)
            etree.SubElement(r, qn("a:t")).text = text


FOOTER_SEPARATOR = " | "


def footer_runs(ctx: SlideContext) -> list[tuple[str, str | None]]:
    """The footer as (text, language) runs: in a bilingual deck each slide's own language,
    or both (first language first) on a slide that carries both side by side."""
    bilingual = ctx.deck.bilingual
    if bilingual is None or not bilingual.footers:
        return [(str(ctx.deck.theme.footer), None)]
    footers, first, second = bilingual.footers, bilingual.first, bilingual.second
    if partner_of(ctx.deck, ctx.slide) is not None and footers.get(second):
        if str(footers[second]) == str(footers.get(first)):
            return [(str(footers[first]), None)]
        return [
            (str(footers[first]), first),
            (FOOTER_SEPARATOR, None),
            (str(footers[second]), second),
        ]
    lang = ctx.language
    text = footers.get(lang) or footers.get(first)
    return [(str(text), lang)]


def _footer_size(ctx: SlideContext, shape: Any, text: str) -> int:
    """12 pt, or smaller (down to 8 pt) so the footer stays on one line in its box."""
    room = rect_of(shape).w - 2 * BODY_INSETS.left - 2
    width = text_width_pt(text, 12, ctx.deck_ctx.measuring_font(ctx.deck.theme.body_font))
    size = 12.0 if width <= room else max(8.0, int(24 * room / width) / 2)
    if ctx.sizes is not None:
        size = ctx.sizes.settle("footer", size)
    return round(size * 100)


def _renumber(pptx_slide: Any, element: Any) -> None:
    ids = [
        int(e.get("id"))
        for e in pptx_slide.shapes._spTree.iter(qn("p:cNvPr"))
        if e is not element.find(".//" + qn("p:cNvPr"))
    ]
    element.find(".//" + qn("p:cNvPr")).set("id", str(max(ids + [1]) + 1))


def _add_logo(ctx: SlideContext) -> None:
    """The logo where _prepare_slide placed it (see render/logo.py)."""
    logo, rect = ctx.deck.theme.logo, ctx.logo_rect
    if logo is None or rect is None:
        return
    image = _logo_image(ctx.deck_ctx)
    picture = ctx.pptx_slide.shapes.add_picture(
        io.BytesIO(image.data), emu(rect.x), emu(rect.y), emu(rect.w), emu(rect.h)
    )
    picture.name = "Logo"
    set_alt_text(picture, str(logo.alt))


def notes_paras(text: str) -> list[Para]:
    """Light markdown for notes: blank lines split paragraphs; '- ' or '* ' lines are bullets.

    Uses the same units as translation (texts.split_notes): one per paragraph or bullet.
    """
    paras: list[Para] = []
    for prefix, body in split_notes(text):
        if prefix == "\n":
            continue
        if prefix:
            level = min((len(prefix) - len(prefix.lstrip())) // 2, 3)
            paras.append(parse_inline(body, level=level, bullet=True))
        else:
            space = 0.5 if paras else 0.0
            para = parse_inline(body)
            paras.append(Para(para.runs, space_before=space))
    return paras


def write_notes(pptx_slide: Any, text: str, ctx: DeckContext | None = None) -> None:
    frame = notes_slide(pptx_slide).notes_text_frame
    paras = notes_paras(text)
    langs = unit_languages(text, len(paras)) if ctx is not None else None
    write_paras(
        frame,
        paras,
        12,
        bullets=True,
        indent_pt=18,
        langs=langs,
        script=ctx.script if ctx else None,
    )


# ---------------------------------------------------------------- language


def tag_language(pptx_slide: Any, language: str) -> None:
    """Every run of the slide and its notes carries its language (the slide's, else the
    deck's) for spell-check."""
    parts = [pptx_slide._element]
    if pptx_slide.has_notes_slide:
        parts.append(pptx_slide.notes_slide._element)
    for element in parts:
        for tag in ("a:rPr", "a:endParaRPr"):
            for rpr in element.iter(qn(tag)):
                if rpr.get("lang") is None:
                    rpr.set("lang", language)
