"""Organisation templates: open them safely, inherit their theme, choose their layouts.

A template is any ``.pptx`` or ``.potx``; it is opened and checked by
:func:`coprod_slides.inputs.open_template` (the one place files from outside are opened).

Layouts are chosen by role and geometry across every master (see ``layout/regions.py``): a
layout with the built-in default name is used when its placeholders suit the slide type, else
the layout whose placeholders and free area suit it best, whatever its name or language; the
spec can name any layout (``layouts: {bullets: "Title and Content"}``, ``"Master / Layout"``
where names repeat).
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml import parse_xml
from pptx.oxml.ns import qn
from pptx.util import Emu

from .. import slidetypes
from ..deckspec.schema import check_theme_contrast
from ..errors import Diagnostics, Loc
from ..inputs import XML_PARSER, open_template, resolve_template  # noqa: F401 - re-exported
from ..layout import regions
from ..layout.drawing import Rect
from ..layout.palette import (
    MIN_DELTA_E_BACKGROUND,
    MIN_LINE_CONTRAST,
    contrast,
    delta_e,
    visible_palette,
)
from ..specvalues.fields import did_you_mean
from .background import backdrop
from .theme import COLOR_KEYS, DEFAULT_COLORS, NS_A, apply_theme

_XML_PARSER = XML_PARSER


# ---------------------------------------------------------------- theme


@dataclass(frozen=True)
class TemplateTheme:
    colors: dict[str, str]
    heading_font: str | None
    body_font: str | None


_SYSTEM_COLORS = {"windowText": "000000", "window": "FFFFFF"}


def read_theme(prs) -> TemplateTheme:
    """The colour scheme and major/minor latin fonts of the first slide master's theme."""
    part = prs.slide_master.part.part_related_by(RT.THEME)
    element = getattr(part, "_element", None)
    root = element if element is not None else etree.fromstring(part.blob, _XML_PARSER)
    a = f"{{{NS_A}}}"
    colors = dict(DEFAULT_COLORS)
    scheme = root.find(f"{a}themeElements/{a}clrScheme")
    if scheme is not None:
        for key in COLOR_KEYS:
            slot = scheme.find(a + key)
            value = _slot_color(slot, a) if slot is not None else None
            if value:
                colors[key] = value
    fonts = {}
    for tag in ("majorFont", "minorFont"):
        latin = root.find(f"{a}themeElements/{a}fontScheme/{a}{tag}/{a}latin")
        typeface = (latin.get("typeface") or "").strip() if latin is not None else ""
        fonts[tag] = typeface if typeface and not typeface.startswith("+") else None
    return TemplateTheme(colors, fonts["majorFont"], fonts["minorFont"])


def _slot_color(slot, a: str) -> str | None:
    srgb = slot.find(a + "srgbClr")
    if srgb is not None and re.fullmatch(r"[0-9A-Fa-f]{6}", srgb.get("val") or ""):
        return srgb.get("val").upper()
    system = slot.find(a + "sysClr")
    if system is not None:
        last = system.get("lastClr") or ""
        if re.fullmatch(r"[0-9A-Fa-f]{6}", last):
            return last.upper()
        return _SYSTEM_COLORS.get(system.get("val") or "")
    return None


# ---------------------------------------------------------------- placeholders and layouts

TITLE_TYPES = ("title", "ctrTitle")
FOOTER_TYPES = ("dt", "ftr", "sldNum", "hdr")
BODY_TYPES = ("body", "obj", "tx")


def ph_type(shape) -> str:
    """The placeholder's ``type`` attribute as written (``obj`` when absent, as the spec says)."""
    ph = shape._element.ph
    return (ph.get("type") if ph is not None else None) or "obj"


def rect_of(shape) -> Rect:
    return Rect(Emu(shape.left).pt, Emu(shape.top).pt, Emu(shape.width).pt, Emu(shape.height).pt)


def _position(shape) -> tuple[float, float]:
    return (round(Emu(shape.top or 0).pt / 12), Emu(shape.left or 0).pt)


def body_placeholders(shapes) -> list:
    """Body/content placeholders (not title, subtitle or footers), in reading order."""
    bodies = [s for s in shapes.placeholders if ph_type(s) in BODY_TYPES]
    return sorted(bodies, key=_position)


def subtitle_placeholder(shapes):
    for shape in shapes.placeholders:
        if ph_type(shape) == "subTitle":
            return shape
    return None


def has_title(shapes) -> bool:
    return any(ph_type(s) in TITLE_TYPES for s in shapes.placeholders)


def _area(shape) -> float:
    return float(shape.width or 0) * float(shape.height or 0)


def _side_by_side(bodies) -> bool:
    if len(bodies) < 2:
        return False
    a, b = sorted(sorted(bodies, key=_area, reverse=True)[:2], key=lambda s: s.left)
    top = max(a.top, b.top)
    bottom = min(a.top + a.height, b.top + b.height)
    return bottom - top > 0.5 * min(a.height, b.height) and a.left + a.width <= b.left + 1


# ---------------------------------------------------------------- layouts by role and geometry

COVER_TYPES = ("title", "section")


def all_layouts(prs) -> list:
    """Every layout of every master (the first master's first)."""
    return [layout for master in prs.slide_masters for layout in master.slide_layouts]


def master_label(prs, master) -> str:
    masters = list(prs.slide_masters)
    index = next((i for i, m in enumerate(masters) if m is master), 0)
    return (master.name or "").strip() or f"Master {index + 1}"


def layout_label(prs, layout) -> str:
    """The layout's name, as ``Master / Layout`` when another master has a layout so named."""
    same = [other for other in all_layouts(prs) if _norm(other.name) == _norm(layout.name)]
    if len(same) > 1 and len(prs.slide_masters) > 1:
        return f"{master_label(prs, layout.slide_master)} / {layout.name}"
    return layout.name


def is_vertical_text(shape) -> bool:
    """Text set top-to-bottom (``bodyPr vert``), on the shape or inherited from its layout's
    and master's placeholder."""
    seen = 0
    while shape is not None and seen < 3:
        body = shape._element.find(f".//{{{NS_A}}}bodyPr")
        value = body.get("vert") if body is not None else None
        if value is not None:
            return value not in ("horz", "")
        try:
            shape = shape._base_placeholder if shape.is_placeholder else None
        except (AttributeError, KeyError, ValueError):
            return False
        seen += 1
    return False


def _art_rects(layout) -> list[Rect]:
    shapes = list(layout.shapes)
    if layout._element.get("showMasterSp") != "0":
        shapes += list(layout.slide_master.shapes)
    rects = []
    for shape in shapes:
        if shape.is_placeholder:
            continue
        try:
            rect = rect_of(shape)
        except (AttributeError, KeyError, TypeError, ValueError):
            continue
        if rect.w > 0 or rect.h > 0:
            rects.append(rect)
    return rects


_XFRM = f"{{{NS_A}}}xfrm"
_BODY_PR = f"{{{NS_A}}}bodyPr"
_P_NS = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
_GENERIC = {"obj": "body", "tx": "body", "ctrTitle": "title", "subTitle": "body"}


_SP_PR = f"{_P_NS}spPr"
_TX_BODY = f"{_P_NS}txBody"
_OFF = f"{{{NS_A}}}off"
_EXT = f"{{{NS_A}}}ext"


def _child(element, tag: str, grandchild: str | None = None):
    """``element.find(tag)`` (or ``find(tag/grandchild)``) for plain tags, without lxml's path
    parser."""
    for child in element.iterchildren(tag):
        if grandchild is None:
            return child
        for found in child.iterchildren(grandchild):
            return found
    return None


def _own_geometry(element) -> tuple[Rect | None, str | None]:
    """A placeholder element's own rectangle and ``bodyPr/@vert`` (None where it inherits)."""
    rect = None
    xfrm = _child(element, _SP_PR, _XFRM)
    if xfrm is not None:
        off, ext = _child(xfrm, _OFF), _child(xfrm, _EXT)
        if off is not None and ext is not None:
            try:
                rect = Rect(
                    int(off.get("x")) / 12700,
                    int(off.get("y")) / 12700,
                    int(ext.get("cx")) / 12700,
                    int(ext.get("cy")) / 12700,
                )
            except (TypeError, ValueError):
                rect = None
    body = _child(element, _TX_BODY, _BODY_PR)
    return rect, body.get("vert") if body is not None else None


def _master_geometry(master) -> dict:
    """(type, idx) and type → (rect, vert) of the master's placeholders, read once."""
    found: dict = {}
    for shape in master.placeholders:
        rect, vert = _own_geometry(shape._element)
        kind = ph_type(shape)
        idx = shape.placeholder_format.idx
        found.setdefault(("idx", idx), (rect, vert))
        found.setdefault(kind, (rect, vert))
        found.setdefault(_GENERIC.get(kind, kind), (rect, vert))
    return found


def layout_shape(prs, layout, index: int = 0, masters: dict | None = None) -> regions.LayoutShape:
    """A layout's geometry for the classifier, read from the XML (a placeholder without its own
    position takes its master's, by type; one with neither is skipped)."""
    masters = {} if masters is None else masters
    key = id(layout.slide_master._element)
    if key not in masters:
        masters[key] = _master_geometry(layout.slide_master)
    inherited = masters[key]
    placeholders = []
    for shape in layout.placeholders:
        kind = ph_type(shape)
        rect, vert = _own_geometry(shape._element)
        base = inherited.get(kind) or inherited.get(_GENERIC.get(kind, kind)) or (None, None)
        rect = rect or base[0]
        vert = vert if vert is not None else base[1]
        if rect is None:
            continue
        placeholders.append(regions.Placeholder(kind, rect, (vert or "horz") != "horz"))
    return regions.LayoutShape(
        name=layout.name,
        master=master_label(prs, layout.slide_master),
        width=Emu(prs.slide_width).pt,
        height=Emu(prs.slide_height).pt,
        placeholders=tuple(placeholders),
        art=tuple(_art_rects(layout)),
        declared=layout._element.get("type"),
        index=index,
    )


class TemplateLayouts:
    """A template's layouts (all masters) with their geometry, computed once per build."""

    def __init__(self, prs) -> None:
        self.prs = prs
        self.layouts = all_layouts(prs)
        self._shapes: dict[int, regions.LayoutShape] = {}
        self._masters: dict = {}
        self._free: dict[tuple[int, bool], Rect] = {}

    def shape(self, layout) -> regions.LayoutShape:
        key = id(layout._element)
        if key not in self._shapes:
            index = next(
                (i for i, other in enumerate(self.layouts) if other._element is layout._element),
                len(self.layouts),
            )
            self._shapes[key] = layout_shape(self.prs, layout, index, self._masters)
        return self._shapes[key]

    def find(self, name: str):
        """A layout by name (exact, else ignoring case and spacing) or ``Master / Layout``."""
        found = find_layout(self.layouts, name)
        if found is not None or "/" not in name:
            return found
        master_name, _, layout_name = (part.strip() for part in name.rpartition("/"))
        for master in self.prs.slide_masters:
            if _norm(master_label(self.prs, master)) == _norm(master_name):
                return find_layout(list(master.slide_layouts), layout_name)
        return None

    def names(self) -> list[str]:
        return [layout_label(self.prs, layout) for layout in self.layouts]

    def best(self, slide_type: str):
        chosen = regions.choose([self.shape(layout) for layout in self.layouts], slide_type)
        if chosen is None:
            return None
        return self.layouts[chosen.index]

    def suits(self, layout, slide_type: str) -> bool:
        return regions.suits(self.shape(layout), slide_type)

    def free(self, layout, cover: bool = False) -> Rect:
        key = (id(layout._element), cover)
        if key not in self._free:
            self._free[key] = regions.free_rect(self.shape(layout), cover=cover)
        return self._free[key]


def template_layouts(prs, cache: dict | None = None) -> TemplateLayouts:
    if cache is None:
        return TemplateLayouts(prs)
    if "template_layouts" not in cache:
        cache["template_layouts"] = TemplateLayouts(prs)
    return cache["template_layouts"]


def _norm(name: str) -> str:
    return " ".join(str(name).lower().split())


def find_layout(layouts, name: str):
    """A layout by name: exact, else ignoring case and spacing."""
    for layout in layouts:
        if layout.name == name:
            return layout
    for layout in layouts:
        if _norm(layout.name) == _norm(name):
            return layout
    return None


def fallback_layout(layouts, slide_type: str):
    """The layout a slide type uses when the default name is missing (by role and geometry)."""
    layouts = list(layouts)
    if not layouts:
        return None
    prs_like = _PrsOf(layouts)
    shapes = [layout_shape(prs_like, layout, i) for i, layout in enumerate(layouts)]
    chosen = regions.choose(shapes, slide_type)
    if chosen is None and slide_type == "two-column":
        chosen = regions.choose(shapes, "bullets")
    if chosen is None:
        chosen = regions.choose(shapes, "diagram")
    return layouts[chosen.index] if chosen is not None else layouts[0]


class _PrsOf:
    """What layout_shape needs of a presentation, from its layouts."""

    def __init__(self, layouts) -> None:
        package = layouts[0].part.package
        self.slide_width = package.presentation_part.presentation.slide_width
        self.slide_height = package.presentation_part.presentation.slide_height
        masters: list[Any] = []
        for layout in layouts:
            if all(m is not layout.slide_master for m in masters):
                masters.append(layout.slide_master)
        self.slide_masters = masters


def blank_layout(layouts):
    found = find_layout(layouts, "Blank")
    if found is not None and not body_placeholders(found) and not has_title(found):
        return found
    for layout in layouts:
        if layout._element.get("type") == "blank" and _is_blank(layout):
            return layout
    for layout in layouts:
        if _is_blank(layout):
            return layout
    return None


def _is_blank(layout) -> bool:
    return (
        not has_title(layout)
        and not body_placeholders(layout)
        and subtitle_placeholder(layout) is None
    )


def choose_layouts(
    prs,
    defaults: dict[str, str],
    overrides,
    used_types,
    diag: Diagnostics,
    loc: Loc | None,
    cache: dict | None = None,
) -> dict[str, object]:
    """Slide type → layout for the types the deck uses, across every master.

    ``overrides`` is the spec's ``layouts:`` mapping (a name per slide type, ``Master /
    Layout`` where names repeat; an unknown name is an error listing the template's layouts).
    Otherwise the ``defaults`` name when the template has it and its geometry suits the slide
    type, else the layout whose placeholders and free area suit it best, whatever its name or
    language. A warning only when the template has nothing that suits.
    """
    known = template_layouts(prs, cache)
    names = known.names()
    chosen: dict[str, object] = {}
    makeshifts: dict[str, list[str]] = {}
    overrides = overrides or {}
    for slide_type in used_types:
        wanted = overrides.get(slide_type)
        if slide_type == "two-column" and not wanted:
            wanted = overrides.get("comparison")
        if wanted:
            found = known.find(str(wanted))
            if found is None:
                where = getattr(wanted, "loc", None) or loc
                diag.error(
                    where,
                    f"layouts.{slide_type}: the template has no layout "
                    f"'{wanted}'{did_you_mean(str(wanted), names)}; its layouts: "
                    + ", ".join(f"'{n}'" for n in names),
                )
                continue
            chosen[slide_type] = found
            continue
        found = find_layout(known.layouts, defaults[slide_type])
        if found is None or not known.suits(found, slide_type):
            found = known.best(slide_type)
        if found is None:
            found = _makeshift(known, slide_type)
            makeshifts.setdefault(layout_label(prs, found), []).append(slide_type)
        chosen[slide_type] = found
    diag.raise_if_errors()
    for name, types in makeshifts.items():
        kinds = "; ".join(f"{t} slides ({_NEEDS.get(t, 'room below a title')})" for t in types)
        diag.warn(
            loc,
            f"template has no suitable layout for {kinds}: they use '{name}', with text boxes "
            "where placeholders are missing (choose others with layouts: {TYPE: NAME}; see "
            "'coprod-slides template inspect')",
        )
    return chosen


_STAND_IN = {"two-column": "bullets", "bullets": "diagram", "closing": "diagram"}
_NEEDS = {
    "quote": "room below a title",
    "image": "room below a title",
    "diagram": "room below a title",
    "activity": "room below a title",
    "two-column": "two side-by-side bodies",
    "bullets": "a body under a title",
    "closing": "room for closing text",
    "title": "a title and subtitle",
    "section": "a section header",
}


def _makeshift(known: TemplateLayouts, slide_type: str):
    """A layout for a slide type the template has no suitable layout for."""
    stand_in = _STAND_IN.get(slide_type, "diagram")
    return known.best(stand_in) or known.best("bullets") or known.layouts[0]


MIN_CONTENT_SHARE = regions.READABLE  # of the slide's width and height


def content_rect(prs, layout, diag: Diagnostics | None = None) -> Rect:
    """The template's grid for content: the layout's largest body placeholder when it is big
    enough for a diagram, else the layout's free area (see :func:`free_area`)."""
    known = TemplateLayouts(prs)
    if layout is None:
        width, height = Emu(prs.slide_width).pt, Emu(prs.slide_height).pt
        return Rect(width * 0.05, height * 0.22, width * 0.9, height * 0.68)
    shape = known.shape(layout)
    body = regions.largest_body(shape)
    if body is not None and regions.readable(body.rect, shape):
        return body.rect
    return known.free(layout)


def free_area(prs, layout, grid: Rect | None, cache: dict | None = None, cover: bool = False):
    """Where diagrams, pictures and added boxes go on a slide of ``layout``: the largest
    rectangle free of its title, footer band and art; the template's content grid (``grid``,
    the bullets layout's body) when that lies inside it, so diagrams line up with text."""
    known = template_layouts(prs, cache)
    if grid is not None and regions.clear(known.shape(layout), grid, cover=cover):
        return grid
    return known.free(layout, cover)


def readable_area(prs, rect: Rect) -> bool:
    width, height = Emu(prs.slide_width).pt, Emu(prs.slide_height).pt
    return rect.w >= MIN_CONTENT_SHARE[0] * width and rect.h >= MIN_CONTENT_SHARE[1] * height


def prepare_slide(pptx_slide, slide_type: str, cache: dict | None = None, prs=None) -> None:
    """Fit a slide to its layout before anything is written on it: on a content slide, a title
    placeholder the layout puts mid-slide or low (a cover layout used for want of another) moves
    to the top band; on any slide but a cover or section, a subtitle placeholder is dropped
    (body text never goes into a subtitle)."""
    if slide_type in COVER_TYPES:
        if prs is not None:
            _grow_cover_texts(
                pptx_slide, template_layouts(prs, cache).shape(pptx_slide.slide_layout)
            )
        return
    layout = pptx_slide.slide_layout
    for shape in list(pptx_slide.placeholders):
        if ph_type(shape) == "subTitle":
            shape._element.getparent().remove(shape._element)
    if prs is None or slide_type == "closing":  # a closing slide keeps a cover's mid title
        return
    shape = template_layouts(prs, cache).shape(layout)
    rect = regions.title_rect_for(shape, cover=False)
    title = shape.title
    if rect is None or title is None or rect == title.rect:
        return
    for placeholder in pptx_slide.placeholders:
        if ph_type(placeholder) in TITLE_TYPES:
            placeholder.left, placeholder.top = (
                Emu(round(rect.x * 12700)),
                Emu(round(rect.y * 12700)),
            )
            placeholder.width = Emu(round(rect.w * 12700))
            placeholder.height = Emu(round(rect.h * 12700))
            break


ONE_LINE_SHARE = 0.1  # a subtitle box under this share of the slide's height holds one line


def _grow_cover_texts(pptx_slide, shape: regions.LayoutShape) -> None:
    """A cover's subtitle placeholder drawn one line high (some templates do) grows down into
    the free space below it, so a two-line subtitle fits instead of spilling out."""
    for placeholder in pptx_slide.placeholders:
        if ph_type(placeholder) != "subTitle":
            continue
        try:
            rect = rect_of(placeholder)
        except (AttributeError, KeyError, TypeError, ValueError):
            continue
        room = regions.room_below(shape, rect)
        if rect.h < ONE_LINE_SHARE * shape.height and room > rect.h + 1:
            placeholder.left, placeholder.top = (
                Emu(round(rect.x * 12700)),
                Emu(round(rect.y * 12700)),
            )
            placeholder.width = Emu(round(rect.w * 12700))
            placeholder.height = Emu(round(room * 12700))


# ---------------------------------------------------------------- inspect

ROLE_NAMES = {
    "title": "title slide",
    "section": "section header",
    "title+body": "title and body",
    "two-bodies": "two bodies",
    "title-only": "title only",
    "picture": "picture",
    "vertical": "vertical text",
    "blank": "blank",
    "other": "other",
}


def describe(prs) -> list[str]:
    """Lines for ``coprod-slides template inspect``: slide size, theme, every master with all
    its layouts (the role found for each, and placeholders), and the slide type → layout
    mapping a build would use."""
    width, height = Emu(prs.slide_width).pt, Emu(prs.slide_height).pt
    theme = read_theme(prs)
    known = TemplateLayouts(prs)
    masters = list(prs.slide_masters)
    lines = [
        f"slide size: {width:g} × {height:g} pt ({_ratio(width, height)})",
        f"theme fonts: heading {theme.heading_font or '(none)'}, body "
        f"{theme.body_font or '(none)'}",
        "theme colours: " + ", ".join(f"{k} #{theme.colors[k]}" for k in COLOR_KEYS),
        f"masters: {len(masters)}, layouts: {len(known.layouts)}",
    ]
    for master in masters:
        layouts = list(master.slide_layouts)
        lines.append(f"master '{master_label(prs, master)}' ({len(layouts)} layouts):")
        for layout in layouts:
            kind = layout._element.get("type")
            role = ROLE_NAMES[regions.role_of(known.shape(layout))]
            lines.append(f"  '{layout.name}' — {role}" + (f" [{kind}]" if kind else ""))
            for shape in layout.placeholders:
                try:
                    r = rect_of(shape)
                except (AttributeError, KeyError, TypeError, ValueError):
                    continue
                lines.append(
                    f"      idx {shape.placeholder_format.idx:<3} {ph_type(shape):<8} "
                    f"{shape.name!r:<28} at {r.x:.0f},{r.y:.0f} pt, {r.w:.0f} × {r.h:.0f} pt"
                )
    lines.append("slide type → layout (by role and geometry; override with layouts:):")
    for slide_type, name in slidetypes.layout_names().items():
        found = find_layout(known.layouts, name)
        if found is None or not known.suits(found, slide_type):
            found = known.best(slide_type)
        if found is None:
            lines.append(
                f"  {slide_type}: (no suitable layout: a makeshift is used, with a warning)"
            )
            continue
        lines.append(f"  {slide_type}: '{layout_label(prs, found)}'")
    return lines


def _ratio(width: float, height: float) -> str:
    ratio = width / height
    for label, value in (("16:9", 16 / 9), ("4:3", 4 / 3), ("16:10", 16 / 10)):
        if abs(ratio - value) < 0.02:
            return label
    return f"{ratio:.2f}:1"


# ---------------------------------------------------------------- the deck's presentation


def remove_existing_slides(prs) -> None:
    """Drop a template's own slides, with their parts (no orphans left behind).

    Custom shows and sections list slides too: they go first (a section naming a slide that is
    gone makes PowerPoint repair the file). Unreferenced parts are not written on save.
    """
    pres = prs.part._element
    for show_list in pres.findall(qn("p:custShowLst")):
        pres.remove(show_list)
    for ext in pres.findall(f"{qn('p:extLst')}/{qn('p:ext')}"):
        if ext.get("uri") == "{521415D9-36F7-43E2-AB2F-B90AF26B5E84}":  # p14:sectionLst
            ext.getparent().remove(ext)
    sld_id_lst = prs.slides._sldIdLst
    for sld_id in list(sld_id_lst):
        rid = sld_id.rId
        sld_id_lst.remove(sld_id)
        if rid in prs.part.rels:
            prs.part.rels.pop(rid)


def prepare_presentation(deck, options, diag: Diagnostics, base_path: Path):
    """Open the deck's template (``--template``, else the spec's ``template:``, else the built-in
    one), drop its slides and apply the theme; returns ``(prs, deck)``.

    With an organisation template, the colour slots and fonts the spec's ``theme:`` does not set
    keep the template's, and the returned deck's Theme carries them (so diagrams and contrast
    checks follow the brand).
    """
    ref, loc, display = options.template, None, None
    spec_ref = deck.template.file
    if ref is None and spec_ref:
        loc = getattr(spec_ref, "loc", None)
        ref = resolve_template(
            str(spec_ref), deck.base_dir, loc, allow_outside=options.allow_outside_assets
        )
        display = str(spec_ref)
    theme = deck.theme
    if ref is None:
        prs = Presentation(str(base_path))
        remove_existing_slides(prs)
        apply_theme(prs, theme.colors, theme.heading_font, theme.body_font)
        return prs, deck
    prs = open_template(Path(ref), loc, display or Path(ref).name)
    remove_existing_slides(prs)
    _replace_app_properties(prs)
    tidy_template(prs)
    chosen = deck.template
    own = {key: theme.colors[key] for key in chosen.own_colors if key in theme.colors}
    heading = theme.heading_font if "heading" in chosen.own_fonts else None
    body = theme.body_font if "body" in chosen.own_fonts else None
    if own or heading or body:
        apply_theme(prs, own, heading, body, name=None)
    brand = read_theme(prs)
    inherited = replace(
        theme,
        colors={**brand.colors, **own},
        heading_font=heading or brand.heading_font or "Arial",
        body_font=body or brand.body_font or brand.heading_font or "Arial",
    )
    contrast = Diagnostics()
    check_theme_contrast(inherited, None, loc or Loc(str(deck.loc.path)), contrast)
    for warning in contrast.warnings:  # the brand's colours, as the deck now uses them
        diag.warn(warning.loc, f"template {Path(ref).name}: {warning.message}")
    return prs, replace(deck, theme=inherited)


_APP_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<TotalTime>0</TotalTime><Application>coprod-slides</Application></Properties>"
)


def _replace_app_properties(prs) -> None:
    """The template's app.xml counts and names its own slides; write a neutral one."""
    for rel in prs.part.package._rels.values():
        if rel.reltype == RT.EXTENDED_PROPERTIES and not rel.is_external:
            part = rel.target_part
            if getattr(part, "_element", None) is not None:
                part._element = parse_xml(_APP_XML.encode("utf-8"))
            else:
                part.blob = _APP_XML.encode("utf-8")
            return


def columns_of(bodies) -> list:
    """The two largest body placeholders when they sit side by side (left first), else []."""
    if not _side_by_side(bodies):
        return []
    return sorted(sorted(bodies, key=_area, reverse=True)[:2], key=lambda s: s.left)


def pin_placeholders(pptx_slide, layout) -> None:
    """Give the slide's placeholders their layout placeholder's geometry explicitly when the
    layout repeats an idx (LibreOffice writes idx 0 for title, subtitle and bodies alike):
    inheritance goes by idx, so they would all take the first one's position."""
    sources = list(layout.iter_cloneable_placeholders())
    indexes = [s.placeholder_format.idx for s in sources]
    if len(set(indexes)) == len(indexes):
        return
    targets = [shape for shape in pptx_slide.shapes if shape.is_placeholder]
    for target, source in zip(targets, sources, strict=False):
        left, top, width, height = source.left, source.top, source.width, source.height
        if None in (left, top, width, height):
            continue
        target.left, target.top, target.width, target.height = left, top, width, height


def tidy_template(prs) -> None:
    """Repair what other tools write and strict readers reject, in masters and layouts:

    - bullet sizes as integers (``buSzPct val="40000"``, LibreOffice) become percentages
      (``40%``), which PowerPoint and LibreOffice both read;
    - shape ids used twice in one part get fresh ids.
    """
    parts = []
    for master in prs.slide_masters:
        parts.append(master._element)
        parts.extend(layout._element for layout in master.slide_layouts)
    a_ns = f"{{{NS_A}}}"
    p_cnvpr = "{http://schemas.openxmlformats.org/presentationml/2006/main}cNvPr"
    for root in parts:
        for size in root.iter(a_ns + "buSzPct"):
            value = size.get("val") or ""
            if value.isdigit():
                percent = min(400, max(25, round(int(value) / 1000)))
                size.set("val", f"{percent}%")
        seen: set[str] = set()
        ids = [e for e in root.iter(p_cnvpr)]
        top = max((int(e.get("id")) for e in ids if (e.get("id") or "").isdigit()), default=0)
        for element in ids:
            shape_id = element.get("id") or ""
            if shape_id in seen or not shape_id.isdigit():
                top += 1
                element.set("id", str(top))
            seen.add(element.get("id"))


# ---------------------------------------------------------------- colours that stay visible

GROUP_SLOTS = ("accent1", "accent2", "accent3", "accent4", "accent5", "accent6")
FILL_SLOTS = GROUP_SLOTS + ("dk2", "lt2")


class UsedColors(dict):
    """A theme's colours that remember which slots a drawing asked for, in order."""

    def __init__(self, colors: dict[str, str]) -> None:
        super().__init__(colors)
        self.used: list[str] = []

    def _note(self, key) -> None:
        if key in self and key not in self.used:
            self.used.append(key)

    def get(self, key, default=None):
        self._note(key)
        return super().get(key, default)

    def __getitem__(self, key):
        self._note(key)
        return super().__getitem__(key)


def background_under(prs, layout, rect: Rect, cache: dict | None = None) -> str:
    """The colour behind ``rect`` on a slide of ``layout`` (solid, gradient, picture, or the
    layout's large art), as hex."""
    store = cache.setdefault("backdrops", {}) if cache is not None else {}
    key = id(layout._element)
    if key not in store:
        store[key] = backdrop(layout, Emu(prs.slide_width).pt, Emu(prs.slide_height).pt)
    return store[key].color_under(rect)


def visible_colors(
    colors: dict[str, str], used: list[str], background: str, earlier: dict | None = None
) -> tuple[dict[str, str], dict[str, str]]:
    """``colors`` with each fill slot a drawing used made visible on ``background`` (and the
    accents it used distinct from each other); returns ``(colors, {slot: old colour})``.
    ``earlier`` (slot → colour chosen on an earlier slide) is tried first, so a replaced
    colour stays the same across the deck."""
    replaced_text: dict[str, str] = {}
    dark, light = colors.get("dk1"), colors.get("lt1")
    if dark and light and contrast(dark, background) < 4.5 < contrast(light, background):
        # a dark background (as a master's colour map would have it): text that stands on the
        # slide itself is set in the light colour; text on fills still takes the better one
        colors = {**colors, "dk1": light, "lt1": dark}
        replaced_text["dk1"] = dark
    slots = {slot: colors[slot] for slot in used if slot in FILL_SLOTS and slot in colors}
    if not slots:
        return colors, replaced_text
    order = (
        [k for k in GROUP_SLOTS if k not in used] + ["dk2"] + [k for k in GROUP_SLOTS if k in used]
    )
    candidates = [colors[k] for k in order if k in colors]
    candidates = list((earlier or {}).values()) + candidates
    text = tuple(colors[k] for k in ("dk1", "lt1") if k in colors)
    fixed, replaced = visible_palette(
        slots,
        background,
        candidates,
        grouped=GROUP_SLOTS,
        faint=("lt2",),
        lines=("dk2",),
        text_colors=text,
    )
    if not replaced and not replaced_text:
        return colors, {}
    return {**colors, **fixed}, {**replaced_text, **replaced}


def colour_warning(slot: str, old: str, new: str, background: str) -> str:
    if slot == "dk1":
        return (
            f"the slide background under diagrams is dark (#{background}): text on it uses "
            f"the theme's light colour #{new} instead of dk1 #{old}"
        )

    if delta_e(old, background) < MIN_DELTA_E_BACKGROUND:
        why = f"does not show on the slide background #{background}"
    elif slot == "dk2" and contrast(old, background) < MIN_LINE_CONTRAST:
        why = (
            f"has {contrast(old, background):.1f}:1 contrast with the slide background "
            f"#{background} (lines and labels need {MIN_LINE_CONTRAST:g}:1)"
        )
    else:
        why = "is too close to another colour the diagram uses to tell groups apart"
    return (
        f"template colour {slot} #{old} {why}: replaced by #{new} (derived from the theme) "
        f"in diagrams; set theme.colors.{slot} to choose another"
    )


def plain_paragraphs(shape) -> None:
    """Paragraphs written without bullets say so, so a template body placeholder's own bullets
    and hanging indents (from its master) do not appear on closing or subtitle text."""
    for p in shape.text_frame._txBody.iterfind(qn("a:p")):
        ppr = p.find(qn("a:pPr"))
        if ppr is None:
            ppr = etree.SubElement(p, qn("a:pPr"))
            p.remove(ppr)
            p.insert(0, ppr)
        if any(etree.QName(c).localname.startswith("bu") for c in ppr):
            continue
        ppr.set("marL", "0")
        ppr.set("indent", "0")
        bu_none = etree.SubElement(ppr, qn("a:buNone"))
        # schema order: lnSpc, spcBef, spcAft, buClr…, buNone…, tabLst, defRPr, extLst
        for later in ("tabLst", "defRPr", "extLst"):
            node = ppr.find(qn(f"a:{later}"))
            if node is not None:
                node.addprevious(bu_none)
                break


def footer_would_cover_text(pptx_slide, footer) -> bool:
    """A layout footer placeholder lying over text on the slide (a cover layout used for a
    section slide often puts its footers under the subtitle): it is left off."""
    master, layout_rects = _layout_rects(pptx_slide.slide_layout)
    rect, _ = _own_geometry(footer._element)
    rect = rect or (master.get(ph_type(footer)) or (None, None))[0]
    if rect is None:
        return False
    for element in pptx_slide.shapes._spTree.iterchildren(_P_SP):
        if not any((t.text or "").strip() for t in element.iter(_A_T)):
            continue
        other, _ = _own_geometry(element)
        ph = element.find(_SP_PH)
        if other is None and ph is not None:
            other = layout_rects.get(("idx", int(ph.get("idx") or 0))) or layout_rects.get(
                ph.get("type") or "obj"
            )
        if other is None:
            continue
        smaller = max(min(rect.w * rect.h, other.w * other.h), 1.0)
        if regions.intersection(rect, other) > 0.05 * smaller:
            return True
    return False


_P_SP = f"{_P_NS}sp"
_A_T = f"{{{NS_A}}}t"
_SP_PH = f"{_P_NS}nvSpPr/{_P_NS}nvPr/{_P_NS}ph"

# layout part -> (its master's geometry, its placeholders' rectangles over the master's)
_LAYOUT_RECTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _layout_rects(layout) -> tuple[dict, dict]:
    """The master's placeholder geometry and the rectangles a layout gives its placeholders
    (by type and by ("idx", n), its own over its master's), read once per layout."""
    found = _LAYOUT_RECTS.get(layout.part)
    if found is None:
        master = _master_geometry(layout.slide_master)
        rects = {key: value[0] for key, value in master.items() if value[0] is not None}
        for shape in layout.placeholders:
            own, _ = _own_geometry(shape._element)
            if own is not None:
                rects[ph_type(shape)] = own
                rects[("idx", shape.placeholder_format.idx)] = own
        found = _LAYOUT_RECTS[layout.part] = (master, rects)
    return found
