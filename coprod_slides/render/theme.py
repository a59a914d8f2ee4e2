"""Theme colours and fonts: the default palette, WCAG contrast, and writing a theme part.

A deck's look comes from the slide master's theme part (``ppt/theme/theme1.xml``): the base
template draws every decorative shape with scheme colours (``a:schemeClr val="accent1"``) and
every text style with the theme fonts (``+mj-lt``/``+mn-lt``), so rewriting the colour and font
schemes here recolours and re-fonts the whole design without touching a shape.
"""

from __future__ import annotations

import re

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"

#: The order of the colour slots inside ``a:clrScheme`` (the schema requires exactly this order).
COLOR_KEYS: tuple[str, ...] = (
    "dk1",
    "lt1",
    "dk2",
    "lt2",
    "accent1",
    "accent2",
    "accent3",
    "accent4",
    "accent5",
    "accent6",
    "hlink",
    "folHlink",
)

#: The built-in ``coprod`` palette, based on Okabe & Ito's colour-blind-safe set. Two accents are
#: darkened from the published values (bluish green 009E73 -> 007F5C, vermillion D55E00 ->
#: BD5200) because at their original lightness neither dark nor white text reaches WCAG AA
#: (4.5:1) on them; the hues, which are what keeps the set distinguishable, are unchanged.
#: With these values ``text_color_on(accent)`` reaches at least 4.6:1 for every accent.
DEFAULT_COLORS: dict[str, str] = {
    "dk1": "1F2933",  # near-black text
    "lt1": "FFFFFF",  # white
    "dk2": "12355B",  # deep navy: title text, cover and closing backgrounds
    "lt2": "F2F4F7",  # light grey panels
    "accent1": "0072B2",  # blue (white text 5.2:1)
    "accent2": "E69F00",  # orange (dark text 6.6:1)
    "accent3": "007F5C",  # bluish green, darkened (white text 5.0:1)
    "accent4": "CC79A7",  # reddish purple (dark text 4.8:1)
    "accent5": "56B4E9",  # sky blue (dark text 6.4:1)
    "accent6": "BD5200",  # vermillion, darkened (white text 4.8:1)
    "hlink": "005A9C",  # link blue, 7.1:1 on white
    "folHlink": "8E3F7E",  # visited-link purple, 6.6:1 on white
}

_HEX = re.compile(r"#?([0-9A-Fa-f]{6})")


def normalize_hex(color: str) -> str:
    """``"#0072b2"`` or ``"0072B2"`` -> ``"0072B2"``; anything else raises ValueError."""
    match = _HEX.fullmatch(str(color).strip())
    if not match:
        raise ValueError(f"colour {color!r} is not a hex RGB value such as '0072B2' or '#0072B2'")
    return match.group(1).upper()


def relative_luminance(color: str) -> float:
    """WCAG 2.x relative luminance of an sRGB colour, 0 (black) to 1 (white)."""
    value = normalize_hex(color)

    def channel(hex2: str) -> float:
        c = int(hex2, 16) / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(value[i : i + 2]) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(fg: str, bg: str) -> float:
    """WCAG 2.x contrast ratio of two colours, from 1.0 (same) to 21.0 (black on white)."""
    lighter, darker = sorted((relative_luminance(fg), relative_luminance(bg)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_color_on(fill: str, dark: str = "1F2933", light: str = "FFFFFF") -> str:
    """The text colour (``dark`` or ``light``, returned as given) with more contrast on ``fill``.

    Ties go to ``dark``.
    """
    if contrast_ratio(light, fill) > contrast_ratio(dark, fill):
        return light
    return dark


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
