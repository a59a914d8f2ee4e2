"""Theme colours and fonts: the default palette, WCAG contrast, and writing a theme part.

A deck's look comes from the slide master's theme part (``ppt/theme/theme1.xml``): the base
template draws every decorative shape with scheme colours (``a:schemeClr val="accent1"``) and
every text style with the theme fonts (``+mj-lt``/``+mn-lt``), so rewriting the colour and font
schemes here recolours and re-fonts the whole design without touching a shape.
"""

from __future__ import annotations

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

from ..colours import (  # noqa: F401 (re-exported for existing callers)
    COLOR_KEYS,
    DEFAULT_COLORS,
    contrast_ratio,
    normalize_hex,
    relative_luminance,
    text_color_on,
)

NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"

# ---------------------------------------------------------------- writing the theme part


def apply_theme(
    prs,
    colors: dict[str, str],
    heading_font: str | None,
    body_font: str | None,
    name: str | None = "coprod",
) -> None:
    """Write ``colors`` and the two fonts into the theme of ``prs``'s slide master.

    ``colors`` maps scheme slots (``dk1``, ``accent1``, ...) to hex RGB; slots it does not name
    keep the template's value. The heading font becomes the theme's major (``+mj-lt``) latin
    font and the body font its minor (``+mn-lt``) one; a font given as None, and the scheme
    names when ``name`` is None, keep the template's (an organisation template's brand). The
    notes master's theme, when the template has one, gets the same so speaker-notes pages
    match the slides.
    """
    unknown = sorted(set(colors) - set(COLOR_KEYS))
    if unknown:
        raise ValueError(
            f"unknown theme colour slot(s) {', '.join(unknown)}; "
            f"expected some of {', '.join(COLOR_KEYS)}"
        )
    values = {key: normalize_hex(value) for key, value in colors.items()}
    for label, font in (("heading", heading_font), ("body", body_font)):
        if font is not None and not str(font).strip():
            raise ValueError(f"the {label} font name is empty")

    def edit(theme: etree._Element) -> None:
        _write_theme(
            theme,
            values,
            heading_font and heading_font.strip(),
            body_font and body_font.strip(),
            name,
        )

    for part in _theme_parts(prs):
        _edit_xml_part(part, edit)


def _theme_parts(prs) -> list:
    parts = [prs.slide_master.part.part_related_by(RT.THEME)]
    try:
        notes_master = prs.part.part_related_by(RT.NOTES_MASTER)
    except KeyError:
        return parts
    try:
        notes_theme = notes_master.part_related_by(RT.THEME)
    except KeyError:
        return parts
    if notes_theme is not parts[0]:
        parts.append(notes_theme)
    return parts


def _edit_xml_part(part, edit) -> None:
    """Apply ``edit`` to a part's XML, whether python-pptx loaded it as XML or as a blob."""
    element = getattr(part, "_element", None)
    if element is not None:
        edit(element)
        return
    root = etree.fromstring(part.blob)
    edit(root)
    part.blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _a(tag: str) -> str:
    return f"{{{NS_A}}}{tag}"


def _write_theme(
    theme: etree._Element,
    colors: dict[str, str],
    heading_font: str | None,
    body_font: str | None,
    name: str | None,
) -> None:
    if theme.tag != _a("theme"):
        raise ValueError(f"not a DrawingML theme part (root element {theme.tag})")
    if name:
        theme.set("name", name)
    elements = theme.find(_a("themeElements"))
    if elements is None:
        raise ValueError("the theme part has no a:themeElements")
    scheme = elements.find(_a("clrScheme"))
    if scheme is None:
        raise ValueError("the theme part has no a:clrScheme")
    if name:
        scheme.set("name", name)
    for key in COLOR_KEYS:
        if key not in colors:
            continue
        slot = scheme.find(_a(key))
        if slot is None:  # a malformed theme: add the slot in schema order
            slot = etree.Element(_a(key))
            _insert_in_order(scheme, slot, COLOR_KEYS + ("extLst",))
        for child in list(slot):
            slot.remove(child)
        etree.SubElement(slot, _a("srgbClr")).set("val", colors[key])
    fonts = elements.find(_a("fontScheme"))
    if fonts is None:
        raise ValueError("the theme part has no a:fontScheme")
    if name:
        fonts.set("name", name)
    for tag, typeface in (("majorFont", heading_font), ("minorFont", body_font)):
        if typeface is None:
            continue
        font = fonts.find(_a(tag))
        if font is None:
            raise ValueError(f"the theme's font scheme has no a:{tag}")
        latin = font.find(_a("latin"))
        if latin is None:
            latin = etree.Element(_a("latin"))
            font.insert(0, latin)
        latin.attrib.clear()  # panose/pitchFamily/charset describe the old font
        latin.set("typeface", typeface)


def _insert_in_order(parent: etree._Element, child: etree._Element, order: tuple[str, ...]):
    local = etree.QName(child).localname
    later = set(order[order.index(local) + 1 :])
    for index, sibling in enumerate(parent):
        if etree.QName(sibling).localname in later:
            parent.insert(index, child)
            return
    parent.append(child)
