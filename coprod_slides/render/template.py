"""Organisation templates: open them safely, inherit their theme, choose their layouts.

A template is any ``.pptx`` or ``.potx``; it is opened and checked by
:func:`coprod_slides.inputs.open_template` (the one place files from outside are opened).

Layouts are found by name, with a mapping the spec can override (``layouts: {bullets: "Title
and Content"}``); a missing name falls back to a layout with the right placeholders (found by
type), with a warning naming the layout used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.util import Emu

from ..errors import Diagnostics, Loc
from ..inputs import XML_PARSER, open_template, resolve_template  # noqa: F401 - re-exported
from ..layout.drawing import Rect
from .theme import COLOR_KEYS, DEFAULT_COLORS, NS_A

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


@dataclass(frozen=True)
class _Want:
    """How to find a layout for a slide type when its name is missing."""

    names: tuple[str, ...]
    types: tuple[str, ...]  # p:sldLayout/@type values
    test: str  # "cover", "bullets", "two", "bare", "blank"


WANTS: dict[str, _Want] = {
    "title": _Want(("Title Slide",), ("title",), "cover"),
    "section": _Want(
        ("Section Header", "Section Title", "Title Slide"), ("secHead", "title"), "cover"
    ),
    "bullets": _Want(("Title and Content", "Title, Content"), ("obj", "tx"), "bullets"),
    "two-column": _Want(
        ("Two Content", "Comparison", "Title, 2 Content"),
        ("twoObj", "twoTxTwoObj", "twoColTx"),
        "two",
    ),
    "quote": _Want(("Title Only",), ("titleOnly",), "bare"),
    "image": _Want(("Title Only",), ("titleOnly",), "bare"),
    "diagram": _Want(("Title Only",), ("titleOnly",), "bare"),
    "closing": _Want(("Title Slide", "Section Header"), ("title", "secHead"), "cover"),
}
_LAST_RESORT = ("Title and Content", "Title, Content", "Blank", "Blank Slide")


def _norm(name: str) -> str:
    return " ".join(str(name).lower().split())


def _passes(layout, test: str) -> bool:
    bodies = body_placeholders(layout)
    titled = has_title(layout)
    if test == "cover":
        return titled and (subtitle_placeholder(layout) is not None or len(bodies) == 1)
    if test == "bullets":
        return titled and len(bodies) == 1
    if test == "two":
        return titled and _side_by_side(bodies)
    if test == "bare":
        return titled and not bodies and subtitle_placeholder(layout) is None
    if test == "blank":
        return not titled and not bodies and subtitle_placeholder(layout) is None
    return False


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
    """The layout a slide type uses when its default name is missing (by name, type, shape)."""
    want = WANTS[slide_type]
    for name in want.names:
        found = find_layout(layouts, name)
        if found is not None:
            return found
    for layout_type in want.types:
        for layout in layouts:
            if layout._element.get("type") == layout_type and _passes(layout, want.test):
                return layout
    for layout in layouts:
        if _passes(layout, want.test):
            return layout
    if want.test == "two":
        return fallback_layout(layouts, "bullets")
    if want.test == "cover":
        return fallback_layout(layouts, "quote")
    for name in _LAST_RESORT:
        found = find_layout(layouts, name)
        if found is not None:
            return found
    return layouts[0]


def blank_layout(layouts):
    found = find_layout(layouts, "Blank")
    if found is not None:
        return found
    for layout in layouts:
        if layout._element.get("type") == "blank" and _passes(layout, "blank"):
            return layout
    for layout in layouts:
        if _passes(layout, "blank"):
            return layout
    return None


def choose_layouts(
    prs, defaults: dict[str, str], overrides, used_types, diag: Diagnostics, loc: Loc | None
) -> dict[str, object]:
    """Slide type → layout for the types the deck uses.

    ``overrides`` is the spec's ``layouts:`` mapping (a name per slide type; an unknown name is
    an error listing the template's layouts); otherwise the ``defaults`` name, else a fallback
    with a warning naming the layout used.
    """
    from ..deckspec.fields import did_you_mean

    layouts = list(prs.slide_layouts)
    names = [layout.name for layout in layouts]
    chosen: dict[str, object] = {}
    overrides = overrides or {}
    for slide_type in used_types:
        wanted = overrides.get(slide_type)
        if slide_type == "two-column" and not wanted:
            wanted = overrides.get("comparison")
        if wanted:
            found = find_layout(layouts, str(wanted))
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
        found = find_layout(layouts, defaults[slide_type])
        if found is None:
            found = fallback_layout(layouts, slide_type)
            diag.warn(
                loc,
                f"template has no '{defaults[slide_type]}' layout; used "
                f"'{found.name}' for {slide_type} slides (choose another with "
                f"layouts: {{{slide_type}: NAME}}; see 'coprod-slides template inspect')",
            )
        chosen[slide_type] = found
    diag.raise_if_errors()
    return chosen


MIN_CONTENT_SHARE = (0.45, 0.4)  # of the slide's width and height


def content_rect(prs, layout, diag: Diagnostics | None = None) -> Rect:
    """Where shapes go under the title: the layout's largest body placeholder, else the space
    between its title and its footers, else a share of the slide (also when the body is too
    small for a diagram: under 45 % of the slide's width or 40 % of its height)."""
    width, height = Emu(prs.slide_width).pt, Emu(prs.slide_height).pt
    fallback = Rect(width * 0.05, height * 0.22, width * 0.9, height * 0.68)
    if layout is not None:
        bodies = body_placeholders(layout)
        if bodies:
            body = rect_of(max(bodies, key=_area))
            if body.w >= MIN_CONTENT_SHARE[0] * width and body.h >= MIN_CONTENT_SHARE[1] * height:
                return body
            if diag is not None:
                diag.warn(
                    None,
                    f"template layout '{layout.name}' has a body of only "
                    f"{body.w:.0f} × {body.h:.0f} pt; diagrams, quotes and pictures use "
                    f"{fallback.w:.0f} × {fallback.h:.0f} pt of the slide instead",
                )
            return fallback
        titles = [s for s in layout.placeholders if ph_type(s) in TITLE_TYPES]
        if titles:
            title = rect_of(titles[0])
            footers = [
                rect_of(s).y
                for s in layout.placeholders
                if ph_type(s) in FOOTER_TYPES and rect_of(s).y > title.bottom
            ]
            bottom = min(footers, default=height * 0.92) - 8
            top = title.bottom + 12
            if bottom - top > height * 0.3:
                return Rect(title.x, top, title.w, bottom - top)
    return fallback


# ---------------------------------------------------------------- inspect


def describe(prs) -> list[str]:
    """Lines for ``coprod-slides template inspect``: slide size, layouts and placeholders."""
    width, height = Emu(prs.slide_width).pt, Emu(prs.slide_height).pt
    theme = read_theme(prs)
    lines = [
        f"slide size: {width:g} × {height:g} pt ({_ratio(width, height)})",
        f"theme fonts: heading {theme.heading_font or '(none)'}, body "
        f"{theme.body_font or '(none)'}",
        "theme colours: " + ", ".join(f"{k} #{theme.colors[k]}" for k in COLOR_KEYS),
        f"layouts ({len(prs.slide_layouts)}):",
    ]
    for layout in prs.slide_layouts:
        kind = layout._element.get("type")
        lines.append(f"  '{layout.name}'" + (f" [{kind}]" if kind else ""))
        for shape in layout.placeholders:
            r = rect_of(shape)
            lines.append(
                f"      idx {shape.placeholder_format.idx:<3} {ph_type(shape):<8} "
                f"{shape.name!r:<28} at {r.x:.0f},{r.y:.0f} pt, {r.w:.0f} × {r.h:.0f} pt"
            )
    lines.append("default mapping (slide type → layout):")
    from .deck import LAYOUT_FOR_TYPE

    layouts = list(prs.slide_layouts)
    for slide_type, name in LAYOUT_FOR_TYPE.items():
        found = find_layout(layouts, name)
        note = "" if found is not None else " (missing: falls back)"
        found = found or fallback_layout(layouts, slide_type)
        lines.append(f"  {slide_type}: '{found.name}'{note}")
    return lines


def _ratio(width: float, height: float) -> str:
    ratio = width / height
    for label, value in (("16:9", 16 / 9), ("4:3", 4 / 3), ("16:10", 16 / 10)):
        if abs(ratio - value) < 0.02:
            return label
    return f"{ratio:.2f}:1"


# ---------------------------------------------------------------- the deck's presentation


def prepare_presentation(deck, options, diag: Diagnostics, base_path: Path):
    """Open the deck's template (``--template``, else the spec's ``template:``, else the built-in
    one), drop its slides and apply the theme; returns ``(prs, deck)``.

    With an organisation template, the colour slots and fonts the spec's ``theme:`` does not set
    keep the template's, and the returned deck's Theme carries them (so diagrams and contrast
    checks follow the brand).
    """
    from dataclasses import replace

    from pptx import Presentation

    from ..deckspec.schema import check_theme_contrast
    from .deck import _remove_existing_slides
    from .theme import apply_theme

    ref, loc, display = options.template, None, None
    spec_ref = deck.extra.get("template")
    if ref is None and spec_ref:
        loc = getattr(spec_ref, "loc", None)
        ref = resolve_template(
            str(spec_ref), deck.base_dir, loc, allow_outside=options.allow_outside_assets
        )
        display = str(spec_ref)
    theme = deck.theme
    if ref is None:
        prs = Presentation(str(base_path))
        _remove_existing_slides(prs)
        apply_theme(prs, theme.colors, theme.heading_font, theme.body_font)
        return prs, deck
    prs = open_template(Path(ref), loc, display or Path(ref).name)
    _remove_existing_slides(prs)
    _replace_app_properties(prs)
    tidy_template(prs)
    explicit = deck.extra.get("theme_explicit") or {"colors": set(), "fonts": set()}
    own = {key: theme.colors[key] for key in explicit["colors"] if key in theme.colors}
    heading = theme.heading_font if "heading" in explicit["fonts"] else None
    body = theme.body_font if "body" in explicit["fonts"] else None
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
    from pptx.oxml import parse_xml

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
