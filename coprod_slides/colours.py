"""Colour maths with no python-pptx: the default palette, hex values, WCAG contrast.

Loading and validating a spec needs these (theme contrast checks), and so do slide types and
diagrams; none of them should pull in python-pptx to do arithmetic on six hex digits.
"""

from __future__ import annotations

import re

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
